//! Token filters: small values run in order on each token after segmentation. A filter sees the token's
//! folded form (`norm`), may rewrite it, and says whether to keep the token. The source slice and span
//! are never touched. One file per filter, each with its own tests.
//!
//! `norm` starts borrowed from the folded text and becomes owned only when a filter rewrites it, so the
//! common case (a filter that only decides) copies nothing.

pub mod punctuation;
pub mod roles;
pub mod stopwords;
pub mod whitespace;

pub use punctuation::DropPunctuation;
pub use roles::RoleFolding;
pub use stopwords::Stopwords;
pub use whitespace::DropWhitespace;

use std::any::Any;
use std::borrow::Cow;
use std::sync::Arc;

use super::Context;

/// One step of an analyzer's filter chain.
pub trait TokenFilter: Send + Sync + std::fmt::Debug {
    /// Keeps (`true`) or drops (`false`) a token; may rewrite its folded form `norm` (to an owned string,
    /// or to a string the filter itself holds).
    fn apply<'a>(&'a self, norm: &mut Cow<'a, str>, ctx: &Context) -> bool;

    /// Whether this filter folds role words (so callers can tell a folded analyzer).
    fn is_role_folding(&self) -> bool {
        false
    }
}

/// A filter as an analyzer holds it: the bundled filters by value, so that the chain, which runs on every
/// token, calls them directly (and inlines them), and any other filter through its trait object.
#[derive(Clone, Debug)]
pub(crate) enum Step {
    Whitespace(DropWhitespace),
    Punctuation(DropPunctuation),
    Stopwords(Arc<Stopwords>),
    Roles(Arc<RoleFolding>),
    Other(Arc<dyn TokenFilter>),
}

impl Step {
    pub(crate) fn new<F: TokenFilter + 'static>(filter: F) -> Step {
        let any = &filter as &dyn Any;
        if let Some(f) = any.downcast_ref::<DropWhitespace>() {
            Step::Whitespace(*f)
        } else if let Some(f) = any.downcast_ref::<DropPunctuation>() {
            Step::Punctuation(*f)
        } else if let Some(f) = any.downcast_ref::<Stopwords>() {
            Step::Stopwords(Arc::new(f.clone()))
        } else if let Some(f) = any.downcast_ref::<RoleFolding>() {
            Step::Roles(Arc::new(f.clone()))
        } else {
            Step::Other(Arc::new(filter))
        }
    }

    #[inline]
    pub(crate) fn apply<'a>(&'a self, norm: &mut Cow<'a, str>, ctx: &Context) -> bool {
        match self {
            Step::Whitespace(f) => f.apply(norm, ctx),
            Step::Punctuation(f) => f.apply(norm, ctx),
            Step::Stopwords(f) => f.apply(norm, ctx),
            Step::Roles(f) => f.apply(norm, ctx),
            Step::Other(f) => f.apply(norm, ctx),
        }
    }

    pub(crate) fn is_role_folding(&self) -> bool {
        match self {
            Step::Roles(_) => true,
            Step::Other(f) => f.is_role_folding(),
            _ => false,
        }
    }
}

/// A token's first bytes, read once for the filters that decide from them: up to eight bytes
/// (little-endian, zero-padded) and the token's length in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Head {
    pub(crate) bytes: u64,
    pub(crate) len: usize,
}

impl Head {
    /// The head of `s`.
    #[inline]
    pub(crate) fn of(s: &str) -> Head {
        Head::of_bytes(s.as_bytes())
    }

    fn of_bytes(s: &[u8]) -> Head {
        let mut b = [0u8; 8];
        let n = s.len().min(8);
        b[..n].copy_from_slice(&s[..n]);
        Head {
            bytes: u64::from_le_bytes(b),
            len: s.len(),
        }
    }

    /// The head of the token `text[start..end]`: one eight-byte load, masked to the token, where the text
    /// has eight bytes from `start`.
    #[inline(always)]
    pub(crate) fn within(text: &[u8], start: usize, end: usize) -> Head {
        let Some(eight) = text.get(start..start + 8) else {
            return Head::of_bytes(&text[start..end]);
        };
        let len = end - start;
        let bits = len.min(8) as u32 * 8;
        let mask = if bits == 0 {
            0
        } else {
            u64::MAX >> (64 - bits)
        };
        Head {
            bytes: u64::from_le_bytes(eight.try_into().expect("eight bytes")) & mask,
            len,
        }
    }

    /// A key that identifies a token of at most seven bytes: its bytes, with its length plus one in the top
    /// byte (so no key is 0). A longer token's key has a top byte of 9 or more, so it equals no short
    /// token's.
    #[inline(always)]
    pub(crate) fn key(self) -> u64 {
        (self.bytes & 0x00FF_FFFF_FFFF_FFFF) | (self.len.min(254) as u64 + 1) << 56
    }
}

/// An analyzer's filter chain, with its leading run of filters that only decide (whitespace, punctuation,
/// stopwords: none rewrites `norm`, so their order among themselves does not matter) merged into one
/// check, and the rest run in order. Dropping punctuation also drops whitespace (a whitespace token has no
/// letter, ideograph or digit), so when both are on one test decides.
#[derive(Clone, Debug)]
pub(crate) struct Chain {
    drop_whitespace: bool,
    drop_punctuation: bool,
    stopwords: Option<Arc<Stopwords>>,
    rest: Vec<Step>,
    word_chars: &'static [u64; 1024],
}

impl Default for Chain {
    fn default() -> Chain {
        Chain {
            drop_whitespace: false,
            drop_punctuation: false,
            stopwords: None,
            rest: Vec::new(),
            word_chars: punctuation::word_chars(),
        }
    }
}

impl Chain {
    pub(crate) fn new(steps: Vec<Step>) -> Chain {
        let mut chain = Chain::default();
        let mut steps = steps.into_iter().peekable();
        while let Some(step) = steps.peek() {
            match step {
                Step::Whitespace(_) => chain.drop_whitespace = true,
                Step::Punctuation(_) => chain.drop_punctuation = true,
                Step::Stopwords(s) if chain.stopwords.is_none() => {
                    chain.stopwords = Some(s.clone())
                }
                _ => break,
            }
            steps.next();
        }
        chain.rest = steps.collect();
        chain
    }

    /// Runs the chain: whether the token is kept, its `norm` rewritten by the filters that rewrite.
    #[inline(always)]
    pub(crate) fn keeps<'a>(&'a self, norm: &mut Cow<'a, str>, head: Head, ctx: &Context) -> bool {
        if self.drop_punctuation {
            if !punctuation::has_word_char_head(head, norm, self.word_chars) {
                return false;
            }
        } else if self.drop_whitespace && norm.chars().all(whitespace::is_space) {
            return false;
        }
        if let Some(stopwords) = &self.stopwords {
            if stopwords.contains_head(head, norm) {
                return false;
            }
        }
        self.rest.iter().all(|step| step.apply(norm, ctx))
    }

    pub(crate) fn is_role_folding(&self) -> bool {
        self.rest.iter().any(Step::is_role_folding)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_read_within_a_text_equals_the_head_of_the_slice() {
        // Every slice of up to 12 bytes, so the eight-byte load is taken, masked and skipped near the end.
        let text = "第一条　A,1区长。\r\n县（市、区）😀é";
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect();
        for (i, &start) in bounds.iter().enumerate() {
            for &end in bounds[i..].iter().take_while(|&&e| e - start <= 12) {
                let within = Head::within(text.as_bytes(), start, end);
                assert_eq!(
                    within,
                    Head::of(&text[start..end]),
                    "{:?}",
                    &text[start..end]
                );
            }
        }
    }

    #[test]
    fn keys_tell_short_tokens_apart_and_never_match_long_ones() {
        let key = |s: &str| Head::of(s).key();
        assert_ne!(key(""), 0);
        assert_ne!(key("a"), key("a\0"));
        assert_ne!(key("的"), key("的的"));
        // A long token's key differs from that of its first seven bytes.
        assert_ne!(key("abcdefgh"), key("abcdefg"));
        assert_ne!(key("abcdefgh") >> 56, key("abcdefg") >> 56);
    }
}
