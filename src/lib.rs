//! # govrules
//!
//! Compare Chinese government rule texts (政府工作规则 and their kin: 议事规则, 条例, 办法).
//!
//! The pipeline, each stage a plain function over plain data that carries document ids and code-point
//! spans into the decoded source text:
//!
//! ```text
//! files ─▶ corpus::load_paths ─▶ structure::parse ─┬─▶ facts::extract         (govrules compare)
//!                                                  └─▶ features::Analysis      (tokenize, topics, vectors)
//!                                                        ├─▶ compare::align::align
//!                                                        ├─▶ compare::similarity::compare, reuse
//!                                                        └─▶ compare::diff
//! report::build runs every stage over one analysis ─▶ report.json, report.html
//! ```
//!
//! - [`corpus`] reads `.txt`, `.md`, `.html` and `.docx` files into [`Document`]s (decoded text, line
//!   endings normalised);
//! - [`structure::parse()`] builds the [`ParsedDoc`] tree: chapters, articles, paragraphs, items, and regions
//!   that cover every character;
//! - [`facts`] reads meetings, cadences, signing rules, deadlines and leave rules out of the articles;
//! - [`features::Analysis`] tokenizes ([`tokenize::Analyzer`]), classifies by topic ([`topics`]) and
//!   vectorises the documents once for [`compare::align`], [`compare::similarity`] and [`compare::diff`];
//! - [`report`] puts everything into one typed bundle; [`text`] holds the text primitives every stage
//!   shares (folding, numerals, punctuation and sentences, scripts).
//!
//! From files to facts, on the bundled sample corpus:
//!
//! ```
//! use std::path::PathBuf;
//!
//! let corpus = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"));
//! let loaded = govrules::corpus::load_paths(&[corpus]);
//! assert!(loaded.errors.is_empty());
//!
//! let mut meetings = 0;
//! for doc in &loaded.documents {
//!     let parsed = govrules::structure::parse(doc);
//!     govrules::structure::check_coverage(&parsed).expect("the regions cover the text");
//!     let facts = govrules::facts::extract(&parsed);
//!     for meeting in &facts.meetings {
//!         // Each fact quotes its source and points into it (article, code-point span).
//!         println!("{}: {} (article {:?})", parsed.id, meeting.meeting_type, meeting.article);
//!     }
//!     meetings += facts.meetings.len();
//! }
//! assert!(meetings > 0);
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
pub(crate) mod round;
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
