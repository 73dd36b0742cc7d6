//! Shared text primitives, one module per idea:
//!
//! - `fold`: width and punctuation folding;
//! - `numerals`: reading Chinese and Arabic numbers;
//! - `punctuation`: the classes of marks that end sentences, clauses and phrases;
//! - `sentences`: splitting a text into sentences, clauses and phrases by those classes;
//! - `script`: which script a text is written in, and the traditional → simplified mapping the analysis
//!   reads traditional text through;
//! - `quote`: giving back the original characters for what was found in the mapped text.

pub mod fold;
pub mod numerals;
pub(crate) mod punctuation;
pub(crate) mod quote;
pub mod script;
pub(crate) mod sentences;

pub use quote::Quoter;
pub use script::Script;
