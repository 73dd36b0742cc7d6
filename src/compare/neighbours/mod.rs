//! Exact top-k neighbours over many units without an N×N matrix: TF-IDF cosine (an inverted index with
//! dense columns for the frequent terms), shingle Jaccard (an inverted index) and MinHash (LSH bands).
//! Similarity, alignment and the report's nearest documents all search through here.
//!
//! The all-pairs search for cosine is exact. It computes every pair's score once, approximately, then
//! the exact scores of the few that can make a list; it does not prune on bounds: with character
//! bigrams an article's 10th best score is low (median 0.27 on the laws), and bounds on the frequent
//! terms' share of a score (a term's largest weight, norms per band of terms) are too loose to skip
//! much. What makes the whole product cheap:
//!
//! - an inverted index: each term's postings (units ascending, f32 weights); the terms in at least one
//!   unit in 16 also as dense columns, added tile by tile, four columns at a time (vectorised), rather
//!   than by scattered adds;
//! - symmetry: unit `q` is scored only against the units after it (dense tiles from `q + 1`, each
//!   posting list from just after `q`), and each score is a candidate both for `q` and for the other
//!   unit. Rows go to one worker per thread, a few at a time from the last down; a worker keeps the
//!   other units' ("columns'") candidates for all its rows;
//! - scores in f32: an approximate score is within ε_q = (len_q + 2)·2⁻²²·‖q‖·max‖d‖ of the exact
//!   one (twice the worst-case rounding of its sum). A unit's candidates are kept while within 2ε of
//!   its running `k`-th best (and not below `min_sim` − ε); "floors", lower bounds on each unit's
//!   `k`-th best exact score shared between workers, raise the cuts early;
//! - at the end, each unit's candidates that can still reach its `k`-th best are scored exactly in
//!   f64, summed as [`SparseVec::dot`](crate::features::vectors::SparseVec::dot) sums (so the scores are those of a brute force, bit for bit),
//!   ties broken by the lower index. Where the cut is within rounding of zero (fewer than `k`
//!   positive scores), every unit that shares a term is scored exactly instead.
//!
//! Which candidates are kept depends on the threads' timing; the result does not.
//!
//! Jaccard uses an inverted index over shingles; MinHash uses locality-sensitive hashing (bands of
//! the signature) for candidates.

//!
//! `cosine` holds the cosine search, `sets` the Jaccard and MinHash searches.

mod cosine;
mod sets;
#[cfg(test)]
mod tests;

use serde::Serialize;

pub use cosine::{top_k_cosine, top_k_cosine_in};
pub use sets::{top_k_jaccard, top_k_jaccard_in, top_k_minhash, top_k_minhash_in};

/// One neighbour of a unit.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Neighbour {
    pub index: u32,
    pub score: f64,
}

/// Inserts into a best-first list of at most `k`, ties broken by the lower index.
pub(super) fn push_top(top: &mut Vec<Neighbour>, k: usize, cand: Neighbour) {
    let pos = top
        .iter()
        .position(|n| cand.score > n.score || (cand.score == n.score && cand.index < n.index))
        .unwrap_or(top.len());
    if pos < k {
        top.insert(pos, cand);
        top.truncate(k);
    }
}

/// Whether `d` may be a neighbour of `q`: not itself, and not of the same group (document) when groups
/// are given.
pub(super) fn eligible(groups: Option<&[u32]>, q: usize, d: usize) -> bool {
    d != q && groups.is_none_or(|g| g[d] != g[q])
}
