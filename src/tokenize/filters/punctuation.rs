//! Drops punctuation and symbol tokens (`，` `。` `“` `（` `〔` `%`…): tokens with no letter, ideograph
//! or digit. Width folding has already unified the CJK and ASCII forms in `norm`, for analyzers that keep
//! punctuation (word diffs) rather than drop it.

use std::borrow::Cow;

use super::TokenFilter;
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

/// Whether `s` has a letter, ideograph or digit. Most tokens begin with a CJK ideograph (U+4E00–U+9FFF:
/// lead byte `E5`–`E9`, or `E4` followed by `B8` or more) or an ASCII letter or digit, and are decided
/// from their first bytes.
#[inline(always)]
pub(crate) fn has_word_char(s: &str) -> bool {
    match *s.as_bytes() {
        [0xE5..=0xE9, ..] | [0xE4, 0xB8..=0xBF, ..] => true,
        [b, ..] if b.is_ascii_alphanumeric() => true,
        _ => any_word_char(s),
    }
}

#[inline(never)]
fn any_word_char(s: &str) -> bool {
    s.chars().any(is_word_char)
}

/// `char::is_alphanumeric`, with the common cases (ASCII, the CJK ideograph blocks) decided without the
/// Unicode table lookup, which dominated this filter's cost, and so are the commonest CJK punctuation marks.
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
    fn first_byte_shortcut_agrees_with_every_character() {
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
