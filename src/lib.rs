//! # govrules
//!
//! Compare Chinese government rule texts (政府工作规则 and their kin: 议事规则, 条例, 办法).
//!
//! The pipeline, each stage a plain function over plain data that carries document ids and
//! code-point spans into the decoded source text:
//!
//! ```text
//! files ─▶ load ─▶ parse structure ─▶ tokenize (parallel) ─▶ vectorise ─▶ align ─▶ compare / diff
//!                        └──────────────▶ extract facts ─────────────────────────▶ report
//! ```
//!
//! ```
//! use govrules::{corpus::Document, structure};
//! let doc = Document::from_text("demo", "第一章 总则\n第一条 为了规范工作，制定本规则。\n");
//! let parsed = structure::parse(&doc);
//! assert_eq!(parsed.id, "demo");
//! ```

pub mod compare;
pub mod corpus;
pub mod error;
pub mod facts;
pub mod features;
pub mod kwic;
pub mod meta;
pub mod output;
pub mod progress;
pub mod report;
pub mod round;
pub mod span;
pub mod structure;
pub mod tables;
pub mod text;
pub mod tokenize;
pub mod topics;

pub use corpus::Document;
pub use error::{Error, Result};
pub use span::Span;
pub use structure::ParsedDoc;

/// Version of every JSON document govrules writes. Bumped on any incompatible change; see docs/json-contract.md.
pub const SCHEMA_VERSION: &str = "2.2";
