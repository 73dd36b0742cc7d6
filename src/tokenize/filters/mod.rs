//! Token filters: small values run in order on each token after segmentation. A filter sees the token's
//! folded form (`norm`), may rewrite it, and says whether to keep the token. The source slice and span
//! are never touched. One file per filter, each with its own tests.

pub mod punctuation;
pub mod roles;
pub mod stopwords;
pub mod whitespace;

pub use punctuation::DropPunctuation;
pub use roles::RoleFolding;
pub use stopwords::Stopwords;
pub use whitespace::DropWhitespace;

use super::Context;

/// One step of an analyzer's filter chain.
pub trait TokenFilter: Send + Sync + std::fmt::Debug {
    /// Keeps (`true`) or drops (`false`) a token; may rewrite its folded form `norm`.
    fn apply(&self, norm: &mut String, ctx: &Context) -> bool;

    /// Whether this filter folds role words (so callers can tell a folded analyzer).
    fn is_role_folding(&self) -> bool {
        false
    }
}
