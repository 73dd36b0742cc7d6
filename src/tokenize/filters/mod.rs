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

/// An analyzer's filter chain, with its leading run of filters that only decide (whitespace, punctuation,
/// stopwords: none rewrites `norm`, so their order among themselves does not matter) merged into one
/// check, and the rest run in order. Dropping punctuation also drops whitespace (a whitespace token has no
/// letter, ideograph or digit), so when both are on one test decides.
#[derive(Clone, Debug, Default)]
pub(crate) struct Chain {
    drop_whitespace: bool,
    drop_punctuation: bool,
    stopwords: Option<Arc<Stopwords>>,
    rest: Vec<Step>,
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
    #[inline]
    pub(crate) fn keeps<'a>(&'a self, norm: &mut Cow<'a, str>, ctx: &Context) -> bool {
        if self.drop_punctuation {
            if !punctuation::has_word_char(norm) {
                return false;
            }
        } else if self.drop_whitespace && norm.chars().all(whitespace::is_space) {
            return false;
        }
        if let Some(stopwords) = &self.stopwords {
            if stopwords.contains(norm) {
                return false;
            }
        }
        self.rest.iter().all(|step| step.apply(norm, ctx))
    }

    pub(crate) fn is_role_folding(&self) -> bool {
        self.rest.iter().any(Step::is_role_folding)
    }
}
