//! Drops stopwords: function words (的, 和, 及, 等…) matched against a token's folded form. The bundled
//! list is `corpus/stopwords.list`, embedded in the binary; `--stopwords FILE` replaces it. Deontic words
//! (应当, 必须, 可以, 不得) are deliberately not stopwords: in a rule text they carry the rule.

use std::path::Path;

use rustc_hash::FxHashSet;

use super::TokenFilter;
use crate::error::{Error, Result};
use crate::tokenize::fold::fold;
use crate::tokenize::Context;

/// The bundled stopword list.
pub const STOPWORDS: &str = include_str!("../../../corpus/stopwords.list");

/// Drops the tokens whose folded form is in the list.
#[derive(Clone, Debug, Default)]
pub struct Stopwords {
    words: FxHashSet<Box<str>>,
}

impl Stopwords {
    /// The bundled `corpus/stopwords.list`.
    pub fn bundled() -> Stopwords {
        Self::parse(STOPWORDS)
    }

    /// A list from text: one word a line, `#` starts a comment; words are folded.
    pub fn parse(text: &str) -> Stopwords {
        Stopwords {
            words: text
                .lines()
                .map(|l| l.split('#').next().unwrap_or("").trim())
                .filter(|w| !w.is_empty())
                .map(|w| fold(w).into_boxed_str())
                .collect(),
        }
    }

    /// Reads a list from a file; an unreadable file is an error naming it.
    pub fn load(path: &Path) -> Result<Stopwords> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Self::parse(&text))
    }

    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

impl TokenFilter for Stopwords {
    fn apply(&self, norm: &mut String, _: &Context) -> bool {
        !self.words.contains(norm.as_str())
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
            assert!(!s.apply(&mut w.to_string(), &ctx), "{w}");
        }
        for w in ["应当", "必须", "可以", "不得", "区长", "会签"] {
            assert!(s.apply(&mut w.to_string(), &ctx), "{w}");
        }
    }

    #[test]
    fn parses_comments_and_folds() {
        let s = Stopwords::parse("# list\n的 # particle\n\nＡ\n");
        assert_eq!(s.len(), 2);
        assert!(s.contains("A"));
    }
}
