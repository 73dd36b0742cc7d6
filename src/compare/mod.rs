//! Comparing documents, all from one [`Analysis`](crate::features::Analysis): similarity of documents,
//! chapters or articles (`similarity`, over the exact top-k search in `neighbours`), which chapters and
//! articles correspond (`align`), passages shared verbatim (`reuse`), and word-level differences of
//! aligned articles (`diff`), and what changed between revisions of one text, fact by fact (`revisions`).
//!
//! Work that could grow with the square of the corpus is bounded (a unit's nearest units, a document's
//! nearest documents, passages per pair), and whatever is left out is said in the output as a [`Limit`].

pub mod align;
pub mod diff;
pub mod neighbours;
pub mod reuse;
pub mod revisions;
pub mod similarity;

use serde::Serialize;

/// What a [`Limit`] bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bounded {
    /// The similarity matrix (its cells).
    Matrix,
    /// The most similar pairs listed.
    Pairs,
    /// The document pairs given word-level diffs.
    DiffPairs,
    /// The document pairs searched for verbatim reuse.
    ReusePairs,
    /// The shared passages listed per pair.
    ReusePassages,
    /// The candidate columns scored per article by the alignment.
    AlignCandidates,
    /// The candidate columns searched for reordered provisions.
    ReorderCandidates,
}

/// Something an output leaves out, stated in the output: what, by which rule, how many kept of how many.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Limit {
    /// What was bounded: `matrix`, `pairs`, `diff_pairs`, `reuse_pairs`, `reuse_passages`, …
    pub what: Bounded,
    /// The rule, in words: `each document's 3 nearest documents`.
    pub rule: String,
    /// How many were kept, of how many there were (or would have been).
    pub kept: usize,
    pub total: usize,
}

impl Limit {
    pub fn new(what: Bounded, rule: String, kept: usize, total: usize) -> Limit {
        Limit {
            what,
            rule,
            kept,
            total,
        }
    }
}
