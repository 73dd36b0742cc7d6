//! Where terms come from: the tokenizer's words (an [`Analyzer`], role folding included) or character
//! n-grams. A [`TermSource`] hands each term of a text to a callback with its compared form (`norm`) and its
//! code-point span, so that the analysis interns terms without allocating one string per term.

use crate::span::Span;
use crate::tokenize::{Analyzer, Context};

/// One term of a text, owned: its surface form, the form compared, and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// The surface form, for display (inline up to 24 bytes, as [`crate::tokenize::Token`]'s).
    pub text: compact_str::CompactString,
    /// The form compared (role-folded, width-folded).
    pub norm: compact_str::CompactString,
    /// Code points relative to the start of the text that was analysed, plus the offset asked for.
    pub span: Span,
}

/// What a term source's terms are made of: it decides whether the alignment adds character bigrams.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TermKind {
    Words,
    Characters,
}

/// Where terms come from: the tokenizer's analyzer (words, role folding) or character n-grams.
pub trait TermSource: Sync {
    /// A short name for the output (`tokens`, `char_2grams`).
    fn name(&self) -> String;
    /// Whether the terms are words or characters.
    fn kind(&self) -> TermKind;
    /// Hands every term of `text` to `emit(surface, norm, span)` in order; spans are code points into
    /// `text` shifted by `offset`.
    fn each_term(&self, text: &str, offset: usize, emit: &mut dyn FnMut(&str, &str, Span));

    /// The terms of a text, owned, spans relative to `text`.
    fn terms(&self, text: &str) -> Vec<Term> {
        let mut out = Vec::new();
        self.each_term(text, 0, &mut |surface, norm, span| {
            out.push(Term {
                text: surface.into(),
                norm: norm.into(),
                span,
            })
        });
        out
    }
}

/// The tokenizer's words: `norm` is the role-folded, width-folded form; tokens without a letter, digit or
/// ideograph (punctuation) are left out.
impl TermSource for Analyzer {
    fn name(&self) -> String {
        "tokens".into()
    }

    fn kind(&self) -> TermKind {
        TermKind::Words
    }

    fn each_term(&self, text: &str, offset: usize, emit: &mut dyn FnMut(&str, &str, Span)) {
        self.tokenize_with(text, Context::default(), offset, |t| {
            if t.norm.chars().any(is_content_char) {
                emit(t.text, t.norm, t.span);
            }
        });
    }
}

/// Character n-grams of the content characters (n = 1: single characters). The fallback feature, and the
/// unit of diffs when no tokenizer is used. A text with fewer than `n` content characters is one term.
#[derive(Clone, Copy, Debug)]
pub struct CharNgrams(pub usize);

impl TermSource for CharNgrams {
    fn name(&self) -> String {
        format!("char_{}grams", self.0.max(1))
    }

    fn kind(&self) -> TermKind {
        TermKind::Characters
    }

    fn each_term(&self, text: &str, offset: usize, emit: &mut dyn FnMut(&str, &str, Span)) {
        let n = self.0.max(1);
        // (code-point offset, character, folded character) of each content character.
        let chars: Vec<(usize, char, char)> = text
            .chars()
            .enumerate()
            .filter(|(_, c)| is_content_char(*c))
            .map(|(i, c)| (i, c, crate::text::fold::fold_char(c)))
            .collect();
        let n = n.min(chars.len());
        if n == 0 {
            return;
        }
        let mut surface = String::new();
        let mut norm = String::new();
        for w in chars.windows(n) {
            surface.clear();
            norm.clear();
            for (_, c, folded) in w {
                surface.push(*c);
                norm.push(*folded);
            }
            let span = Span::new(offset + w[0].0, offset + w[n - 1].0 + 1);
            emit(&surface, &norm, span);
        }
    }
}

/// Whether a character carries content: letters, digits and CJK ideographs (not punctuation or spaces).
pub fn is_content_char(c: char) -> bool {
    c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(source: &dyn TermSource, text: &str) -> Vec<String> {
        source
            .terms(text)
            .into_iter()
            .map(|t| t.norm.into_string())
            .collect()
    }

    #[test]
    fn char_ngrams_skip_punctuation_and_fold_width() {
        assert_eq!(
            norms(&CharNgrams(2), "区长，签发"),
            ["区长", "长签", "签发"]
        );
        assert_eq!(norms(&CharNgrams(2), "Ａ1"), ["A1"]);
        assert_eq!(norms(&CharNgrams(2), "长"), ["长"]);
        assert!(norms(&CharNgrams(2), "，。").is_empty());
        let t = CharNgrams(2).terms("Ａ 1");
        assert_eq!((t[0].text.as_str(), t[0].span), ("Ａ1", Span::new(0, 3)));
    }

    #[test]
    fn offsets_shift_spans() {
        let mut spans = Vec::new();
        CharNgrams(1).each_term("区长", 10, &mut |_, _, s| spans.push(s));
        assert_eq!(spans, [Span::new(10, 11), Span::new(11, 12)]);
        let mut words = Vec::new();
        Analyzer::government_folded().each_term("区长签发。", 5, &mut |t, n, s| {
            words.push((t.to_string(), n.to_string(), s))
        });
        assert_eq!(words[0], ("区长".into(), "<首长>".into(), Span::new(5, 7)));
    }
}
