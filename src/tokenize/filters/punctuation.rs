//! Drops punctuation and symbol tokens (`，` `。` `“` `（` `〔` `%`…): tokens with no letter, ideograph
//! or digit. Width folding has already unified the CJK and ASCII forms in `norm`, for analyzers that keep
//! punctuation (word diffs) rather than drop it.

use super::TokenFilter;
use crate::tokenize::Context;

/// Drops tokens without any alphanumeric character (CJK ideographs count as alphabetic).
#[derive(Clone, Copy, Debug, Default)]
pub struct DropPunctuation;

impl TokenFilter for DropPunctuation {
    fn apply(&self, norm: &mut String, _: &Context) -> bool {
        norm.chars().any(char::is_alphanumeric)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keeps(s: &str) -> bool {
        DropPunctuation.apply(&mut s.to_string(), &Context::default())
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
