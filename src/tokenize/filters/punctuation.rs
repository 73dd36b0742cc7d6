//! Drops punctuation and symbol tokens (`，` `。` `“` `（` `〔` `%`…): tokens with no letter, ideograph
//! or digit. Width folding has already unified the CJK and ASCII forms in `norm`, for analyzers that keep
//! punctuation (word diffs) rather than drop it.

use std::borrow::Cow;

use super::{TokenFilter, TokenPrefix};
use crate::tokenize::Context;

/// Drops tokens without any alphanumeric character (CJK ideographs count as alphabetic).
#[derive(Clone, Copy, Debug, Default)]
pub struct DropPunctuation;

impl TokenFilter for DropPunctuation {
    #[inline]
    fn apply<'a>(&'a self, norm: &mut Cow<'a, str>, _: &Context) -> bool {
        has_word_char(norm)
    }
}

/// Whether `s` has a letter, ideograph or digit.
#[inline]
pub(crate) fn has_word_char(s: &str) -> bool {
    has_word_char_head(TokenPrefix::of(s), s, word_chars())
}

/// [`has_word_char`] for a token whose [`TokenPrefix`] is read. Its first character, when it is ASCII or three
/// bytes long (the CJK ideographs and punctuation: nearly every token), is decided by one lookup in
/// [`word_chars`] ([`first_char_is_word`]), without decoding the string; the whole token is looked at
/// only when that does not settle it (rare: jieba cuts punctuation one mark at a time).
#[inline(always)]
pub(crate) fn has_word_char_head(head: TokenPrefix, s: &str, word_chars: &[u64; 1024]) -> bool {
    match first_char_is_word(head, word_chars) {
        (word, 0) => word == 1,
        _ => any_word_char(s),
    }
}

/// The first-character test of [`has_word_char_head`], branch-free for screening many tokens at once:
/// `(word, unsettled)`, 1 or 0 each. `word` says whether the first character is a word character;
/// `unsettled`, whether that does not settle the token: the first character is not a word character and
/// more bytes follow it (except `\r\n`, two non-word characters). A first character of two or four bytes is
/// always unsettled: only ASCII and three-byte characters are looked up, so `word` is 0 and its own
/// continuation bytes follow.
#[inline(always)]
pub(crate) fn first_char_is_word(head: TokenPrefix, word_chars: &[u64; 1024]) -> (u64, u64) {
    let b = head.bytes;
    let lead = LEADS[(b & 0xFF) as usize] as u64;
    let three = (lead & THREE) >> 1;
    // A three-byte character's word of the table is the payload of its first two bytes, and its bit the
    // payload of its third; an ASCII character's answer is in `LEADS`. (Chosen by masks: an `if` may
    // become a branch, and the kinds of token alternate unpredictably.)
    let m3 = three.wrapping_neg();
    let row = (b & 0x0F) << 6 | (b >> 8) & 0x3F;
    let word3 = (word_chars[row as usize] >> ((b >> 16) & 63)) & 1;
    let word = word3 & m3 | lead & ASCII_WORD & !m3;
    let width = 1 + 2 * three;
    let more = (head.len as u64 > width) as u64 & (b != 0x0A0D) as u64;
    (word, more & (word ^ 1))
}

/// The bits of [`LEADS`]: an ASCII letter or digit; the lead byte of a three-byte character.
const ASCII_WORD: u64 = 1;
const THREE: u64 = 2;

/// What a token's first byte says in [`first_char_is_word`], by byte.
static LEADS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() {
            t[b] = ASCII_WORD as u8;
        } else if byte & 0xF0 == 0xE0 {
            t[b] = THREE as u8;
        }
        b += 1;
    }
    t
};

/// Which code points of the Basic Multilingual Plane are [`char::is_alphanumeric`], one bit each
/// (8 KiB, built once per process).
pub(crate) fn word_chars() -> &'static [u64; 1024] {
    static TABLE: std::sync::OnceLock<Box<[u64; 1024]>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Box::new([0u64; 1024]);
        for c in (0..0x1_0000u32).filter_map(char::from_u32) {
            if is_word_char(c) {
                t[(c as u32 >> 6) as usize] |= 1 << (c as u32 & 63);
            }
        }
        t
    })
}

#[inline(never)]
fn any_word_char(s: &str) -> bool {
    s.chars().any(is_word_char)
}

/// `char::is_alphanumeric`, with the common cases (ASCII, the CJK ideograph blocks) decided without the
/// Unicode table lookup, and so are the commonest CJK punctuation marks (for the characters outside
/// [`word_chars`]' plane).
#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match c {
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' => true,
        '，' | '。' | '、' | '；' | '：' | '（' | '）' | '“' | '”' | '《' | '》' | '〔' | '〕'
        | '　' => false,
        _ => c.is_alphanumeric(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keeps(s: &str) -> bool {
        DropPunctuation.apply(&mut Cow::Borrowed(s), &Context::default())
    }

    #[test]
    fn fast_path_agrees_with_the_unicode_tables() {
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn first_character_lookup_agrees_with_every_character() {
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            for s in [c.to_string(), format!("{c}。"), format!("。{c}")] {
                assert_eq!(
                    has_word_char(&s),
                    s.chars().any(char::is_alphanumeric),
                    "{s:?}"
                );
            }
        }
    }

    #[test]
    fn drops_punctuation_and_symbols_keeps_words_and_numbers() {
        for p in ["，", "。", "“", "”", "（", "〔", "%", "-", " ", "《"] {
            assert!(!keeps(p), "{p}");
        }
        for w in ["区长", "2021", "第一条", "A", "12345热线"] {
            assert!(keeps(w), "{w}");
        }
    }
}
