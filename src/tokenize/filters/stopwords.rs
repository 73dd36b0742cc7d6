//! Drops stopwords: function words (的, 和, 及, 等…) matched against a token's folded form. The bundled
//! list is `corpus/stopwords.list`, embedded in the binary; `--stopwords FILE` replaces it. Deontic words
//! (应当, 必须, 可以, 不得) are deliberately not stopwords: in a rule text they carry the rule.

use std::borrow::Cow;
use std::path::Path;

use super::TokenFilter;
use crate::error::{Error, Result};
use crate::tokenize::fold::fold;
use crate::tokenize::Context;

/// The bundled stopword list.
pub const STOPWORDS: &str = include_str!("../../../corpus/stopwords.list");

/// Drops the tokens whose folded form is in the list.
///
/// The filter runs on every token, so the list is a small direct-indexed table rather than a general hash
/// set: a token's slot comes from its byte length and last two bytes (no hashing of the whole string),
/// and the slot holds the few words that share it.
#[derive(Clone, Debug)]
pub struct Stopwords {
    /// Which slots hold a word: a 128-byte bitmap that stays in cache, so most tokens (whose slot is
    /// empty) are decided without touching `slots`.
    occupied: [u64; (1 << SLOT_BITS) / 64],
    slots: Box<[Vec<Box<str>>]>,
    count: usize,
    /// The longest word's length in bytes: longer tokens are kept without a lookup.
    longest: usize,
}

const SLOT_BITS: u32 = 10;

/// The slot of `word`: its length and last two bytes, mixed.
#[inline]
fn slot(word: &[u8]) -> usize {
    let n = word.len();
    let tail = match n {
        0 => 0,
        1 => word[0] as u32,
        _ => u16::from_le_bytes([word[n - 2], word[n - 1]]) as u32,
    };
    ((tail ^ ((n as u32) << 16)).wrapping_mul(0x9E37_79B1) >> (32 - SLOT_BITS)) as usize
}

impl Default for Stopwords {
    fn default() -> Self {
        Stopwords {
            occupied: [0; (1 << SLOT_BITS) / 64],
            slots: vec![Vec::new(); 1 << SLOT_BITS].into_boxed_slice(),
            count: 0,
            longest: 0,
        }
    }
}

impl Stopwords {
    /// The bundled `corpus/stopwords.list`.
    pub fn bundled() -> Stopwords {
        Self::parse(STOPWORDS)
    }

    /// A list from text: one word a line, `#` starts a comment; words are folded.
    pub fn parse(text: &str) -> Stopwords {
        let mut s = Stopwords::default();
        for w in text
            .lines()
            .map(|l| l.split('#').next().unwrap_or("").trim())
            .filter(|w| !w.is_empty())
        {
            let w = fold(w);
            if s.contains(&w) {
                continue;
            }
            s.longest = s.longest.max(w.len());
            let i = slot(w.as_bytes());
            s.occupied[i / 64] |= 1 << (i % 64);
            s.slots[i].push(w.into_boxed_str());
            s.count += 1;
        }
        s
    }

    /// Reads a list from a file; an unreadable file is an error naming it.
    pub fn load(path: &Path) -> Result<Stopwords> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Self::parse(&text))
    }

    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        let b = word.as_bytes();
        if b.len() > self.longest {
            return false;
        }
        let i = slot(b);
        self.occupied[i / 64] & (1 << (i % 64)) != 0
            && self.slots[i]
                .iter()
                .any(|w| w.len() == b.len() && w.as_bytes() == b)
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl TokenFilter for Stopwords {
    #[inline]
    fn apply<'a>(&'a self, norm: &mut Cow<'a, str>, _: &Context) -> bool {
        !self.contains(norm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_list_drops_function_words_keeps_deontic_ones() {
        let s = Stopwords::bundled();
        let ctx = Context::default();
        for w in ["的", "和", "及", "等", "或者"] {
            assert!(!s.apply(&mut Cow::Borrowed(w), &ctx), "{w}");
        }
        for w in ["应当", "必须", "可以", "不得", "区长", "会签"] {
            assert!(s.apply(&mut Cow::Borrowed(w), &ctx), "{w}");
        }
    }

    #[test]
    fn parses_comments_and_folds() {
        let s = Stopwords::parse("# list\n的 # particle\n\nＡ\n");
        assert_eq!(s.len(), 2);
        assert!(s.contains("A"));
        assert!(!s.contains("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    }

    #[test]
    fn short_and_long_words_are_found_and_prefixes_are_not() {
        let s = Stopwords::parse("的\n五个字的词\n六个汉字的长词\n");
        for w in ["的", "五个字的词", "六个汉字的长词"] {
            assert!(s.contains(w), "{w}");
        }
        for w in [
            "",
            "的的",
            "五个字的",
            "六个汉字的长",
            "六个汉字的长词语",
            "的\0",
        ] {
            assert!(!s.contains(w), "{w:?}");
        }
        assert_eq!(s.len(), 3);
    }
}
