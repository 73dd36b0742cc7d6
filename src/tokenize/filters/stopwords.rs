//! Drops stopwords: function words (的, 和, 及, 等…) matched against a token's folded form. The bundled
//! list is `corpus/stopwords.list`, embedded in the binary; `--stopwords FILE` replaces it. Deontic words
//! (应当, 必须, 可以, 不得) are deliberately not stopwords: in a rule text they carry the rule.

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::Path;

use super::{TokenFilter, TokenPrefix};
use crate::error::{Error, Result};
use crate::text::fold::fold;
use crate::tokenize::Context;

/// The bundled stopword list.
pub const STOPWORDS: &str = include_str!("../../../corpus/stopwords.list");

/// Drops the tokens whose folded form is in the list.
///
/// The filter runs on every token, so the list is not a general hash set. A word of up to seven bytes
/// (every bundled word: one or two ideographs) is a `TokenPrefix` key, its bytes and length in one `u64`, kept in
/// a small table of four-key buckets: a lookup is one multiplication and four integer comparisons, with
/// no string comparison. Longer words (and short words past a full bucket of a table at its largest) are
/// a plain set, consulted only for tokens no longer than the longest of them.
#[derive(Clone, Debug)]
pub struct Stopwords {
    /// Buckets of short words' keys; 0 is an empty place (a key's length byte is never 0).
    short: Box<[[u64; BUCKET]]>,
    /// `64 − log2(short.len())`: a key's bucket is the top bits of its multiplicative hash.
    shift: u32,
    long: HashSet<Box<str>>,
    /// The longest word of `long` in bytes: longer tokens are kept without a lookup.
    longest: usize,
    count: usize,
}

const BUCKET: usize = 4;

/// A borrowed view of the short words' keys ([`Stopwords::short_keys`]), held in registers by a loop
/// over many tokens; [`ShortKeys::NONE`] holds no key.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ShortKeys<'a> {
    buckets: &'a [[u64; BUCKET]],
    shift: u32,
}

impl ShortKeys<'static> {
    /// A table that holds nothing (two empty buckets, so a key's top bit picks one).
    pub(crate) const NONE: ShortKeys<'static> = ShortKeys {
        buckets: &[[0; BUCKET]; 2],
        shift: 63,
    };
}

impl ShortKeys<'_> {
    /// Whether some short word has this [`TokenPrefix::key`], without a branch on the answer.
    #[inline(always)]
    pub(crate) fn holds(self, key: u64) -> bool {
        let i = self.bucket(key);
        // `shift` is 64 − log2 of the number of buckets, a power of two (`Stopwords::with_buckets`, `NONE`),
        // so the top `64 − shift` bits of the hash are below it and the index is always in bounds.
        let b = &self.buckets[i];
        (b[0] ^ key)
            .min(b[1] ^ key)
            .min((b[2] ^ key).min(b[3] ^ key))
            == 0
    }

    /// The bucket a key is filed in: the top bits of its multiplicative hash.
    #[inline(always)]
    fn bucket(self, key: u64) -> usize {
        (key.wrapping_mul(HASH) >> self.shift) as usize
    }
}

/// The multiplier of the keys' hash (Fibonacci hashing: a key's bucket is the product's top bits).
const HASH: u64 = 0x9E37_79B9_7F4A_7C15;

/// The most buckets the table grows to (2 MiB): a list whose short words still crowd a bucket past four
/// (each doubling makes that less likely; it takes keys built to collide) keeps the extra ones with the
/// long words.
const MAX_BUCKETS: usize = 1 << 16;

impl Default for Stopwords {
    fn default() -> Self {
        Self::with_buckets(16)
    }
}

impl Stopwords {
    fn with_buckets(n: usize) -> Stopwords {
        // (`ShortKeys::holds` relies on this to index without a bounds check.)
        assert!(n.is_power_of_two() && n >= 2);
        Stopwords {
            short: vec![[0; BUCKET]; n].into_boxed_slice(),
            shift: 64 - n.trailing_zeros(),
            long: HashSet::new(),
            longest: 0,
            count: 0,
        }
    }

    /// The bundled `corpus/stopwords.list`.
    pub fn bundled() -> Stopwords {
        Self::parse(STOPWORDS)
    }

    /// A list from text: one word a line, `#` starts a comment; words are folded.
    pub fn parse(text: &str) -> Stopwords {
        let words: Vec<String> = text
            .lines()
            .map(|l| l.split('#').next().unwrap_or("").trim())
            .filter(|w| !w.is_empty())
            .map(fold)
            .collect();
        Self::build(&words, MAX_BUCKETS)
    }

    /// The table for `words`: it starts at about two short words a bucket and doubles until no bucket
    /// overflows, up to `max_buckets`; at that size a short word whose bucket is full joins the long words.
    fn build(words: &[String], max_buckets: usize) -> Stopwords {
        let mut buckets = (words.len() / 2).next_power_of_two().clamp(16, max_buckets);
        loop {
            let mut s = Stopwords::with_buckets(buckets);
            let last = buckets >= max_buckets;
            if words.iter().all(|w| s.insert(w, last)) {
                return s;
            }
            buckets *= 2;
        }
    }

    /// Adds `word`; `false` when it is short, its bucket is full and `spill` (to the long words) is off.
    fn insert(&mut self, word: &str, spill: bool) -> bool {
        if self.contains(word) {
            return true;
        }
        if word.len() <= 7 {
            let key = TokenPrefix::of(word).key();
            let i = self.short_keys().bucket(key);
            if let Some(place) = self.short[i].iter_mut().find(|k| **k == 0) {
                *place = key;
                self.count += 1;
                return true;
            }
            if !spill {
                return false;
            }
        }
        self.longest = self.longest.max(word.len());
        self.long.insert(word.into());
        self.count += 1;
        true
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
        self.contains_head(TokenPrefix::of(word), word)
    }

    /// [`Self::contains`] for a token whose [`TokenPrefix`] the caller has already read.
    #[inline(always)]
    pub(crate) fn contains_head(&self, head: TokenPrefix, word: &str) -> bool {
        (head.len <= 7 && self.short_keys().holds(head.key()))
            || (head.len <= self.longest && self.long.contains(word))
    }

    /// The short words' table, for a loop that looks up many keys.
    #[inline]
    pub(crate) fn short_keys(&self) -> ShortKeys<'_> {
        ShortKeys {
            buckets: &self.short,
            shift: self.shift,
        }
    }

    /// Whether some word is kept outside the short table (over seven bytes long, or spilled), so that
    /// [`ShortKeys::holds`] does not settle every token.
    pub(crate) fn has_long_words(&self) -> bool {
        !self.long.is_empty()
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

    #[test]
    fn a_table_at_its_largest_spills_short_words_and_still_finds_them() {
        // 2,000 one-ideograph words in a table held to 16 buckets (64 places).
        let words: Vec<String> = (0..2000u32)
            .map(|i| char::from_u32(0x4E00 + 2 * i).unwrap().to_string())
            .collect();
        let s = Stopwords::build(&words, 16);
        assert_eq!(s.short.len(), 16);
        assert_eq!(s.len(), words.len());
        assert!(s.has_long_words());
        for (i, w) in words.iter().enumerate() {
            assert!(s.contains(w), "{w}");
            let absent = char::from_u32(0x4E01 + 2 * i as u32).unwrap().to_string();
            assert!(!s.contains(&absent), "{absent}");
        }
    }

    #[test]
    fn a_long_list_grows_its_table_and_finds_every_word() {
        // 3,000 one- and two-ideograph words: more than the first table's buckets hold.
        let words: Vec<String> = (0..3000u32)
            .map(|i| {
                let c = char::from_u32(0x4E00 + i).unwrap();
                if i % 2 == 0 {
                    c.to_string()
                } else {
                    format!("{c}{c}")
                }
            })
            .collect();
        let s = Stopwords::parse(&words.join("\n"));
        assert_eq!(s.len(), words.len());
        assert!(s.short.len() > 16, "{}", s.short.len());
        for w in &words {
            assert!(s.contains(w), "{w}");
        }
        for i in 0..3000u32 {
            let c = char::from_u32(0x4E00 + i).unwrap();
            let absent = if i % 2 == 0 {
                format!("{c}{c}")
            } else {
                c.to_string()
            };
            assert!(!s.contains(&absent), "{absent}");
        }
    }
}
