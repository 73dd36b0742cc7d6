//! The passes after the order-aware one, which join what it had to keep apart: columns whose provisions
//! the documents place in a different order (`reordered`), a document's provision placed under a chapter
//! of another theme (`moved`), and a provision one document wrote as two neighbouring articles (`split`).
//!
//! Candidates for joining come from the exact top-k search over the columns' centroids, so that a chapter
//! group of thousands of columns (the 总则 of every law) is not scored pair by pair.

use rayon::prelude::*;

use super::columns::{ArticleSpace, Column};
use super::AlignOptions;
use crate::compare::neighbours::top_k_cosine_in;
use crate::features::vectors::SparseVec;
use crate::topics::{DocTopics, Taxonomy};

/// Merge candidates searched per column by [`merge_reordered`]: its best partners are among these.
pub(super) const REORDER_CANDIDATES: usize = 50;
/// Columns of other chapter groups considered for each column by [`join_across_chapters`].
const MOVE_CANDIDATES: usize = 20;
/// Below this mean cosine no two columns can reach a merge threshold: rounding room for the search's
/// scores, which the exact scores then replace.
const SEARCH_SLACK: f64 = 1e-3;

/// The pairs (i < j) among the `k` most similar of each vector, with scores at least `min_sim`.
fn candidate_pairs(
    vectors: &[SparseVec],
    groups: Option<&[u32]>,
    k: usize,
    min_sim: f64,
) -> Vec<(usize, usize)> {
    let near = top_k_cosine_in(vectors, groups, k, min_sim.max(0.0));
    let mut pairs: Vec<(usize, usize)> = near
        .iter()
        .enumerate()
        .flat_map(|(i, list)| {
            list.iter()
                .map(move |nb| (i.min(nb.index as usize), i.max(nb.index as usize)))
        })
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Merges columns with no document in common whose contents match (score ≥ `min_score` + 0.1): provisions
/// that the documents place in a different order, which the order-aware pass must keep apart. Best pairs
/// first; the merged column keeps the place of the larger one and is marked `reordered`. Each column's
/// [`REORDER_CANDIDATES`] most similar columns are the candidates: every pair while a chapter group has
/// no more columns than that.
pub(super) fn merge_reordered(
    space: &ArticleSpace,
    topics: &[DocTopics],
    columns: &mut Vec<Column>,
    opts: &AlignOptions,
) {
    let threshold = opts.min_score + 0.1;
    let n = columns.len();
    let joint: Vec<SparseVec> = columns.par_iter().map(|c| c.joint(space)).collect();
    let floor = threshold - opts.topic_bonus - SEARCH_SLACK;
    let pairs = candidate_pairs(&joint, None, REORDER_CANDIDATES, floor);
    let mut cands: Vec<(f64, usize, usize)> = pairs
        .into_par_iter()
        .filter_map(|(i, j)| {
            let s = columns[i].merge_score(&columns[j], opts.topic_bonus)?;
            (s >= threshold).then_some((s, i, j))
        })
        .collect();
    cands.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    // A column merged away is empty; only columns not yet merged away are joined, so that every merge
    // was judged on the columns it joins.
    let mut merged = vec![false; n];
    for (_, i, j) in cands {
        if merged[i] || merged[j] || columns[i].shares_document(&columns[j]) {
            continue;
        }
        let (keep, gone) = if columns[j].members.len() > columns[i].members.len() {
            (j, i)
        } else {
            (i, j)
        };
        for (d, a) in columns[gone].take_members() {
            columns[keep].add(space, topics, d, a);
        }
        columns[keep].reordered = true;
        merged[gone] = true;
    }
    columns.retain(|c| !c.members.is_empty());
}

/// Joins a column that holds the articles of one document only to a column of ANOTHER chapter group that
/// lacks that document, when their contents match (score ≥ `move_score`): a provision that one document
/// placed under a different chapter (前进区 puts 各部门必须坚决贯彻落实 in its own 督查落实 chapter, the
/// others under 决策; 卫东区 has no 附则 and ends its last chapter with 施行 and 适用范围). Best pairs first;
/// the column that keeps its place is the one with more documents, else the one whose chapter theme is
/// the theme of the joined topic, else the earlier; it is marked `moved`.
pub(super) fn join_across_chapters(
    space: &ArticleSpace,
    topics: &[DocTopics],
    taxonomy: &Taxonomy,
    themes: &[Option<String>],
    columns: &mut Vec<(usize, Column)>,
    opts: &AlignOptions,
) {
    let single_doc = |c: &Column| c.docs().len() == 1;
    let n = columns.len();
    // Candidates: each column's nearest columns of other chapter groups by the centroids' cosine.
    let centroids: Vec<SparseVec> = columns.iter().map(|(_, c)| c.centroid().clone()).collect();
    let chapter_of: Vec<u32> = columns.iter().map(|(ci, _)| *ci as u32).collect();
    let pairs = candidate_pairs(&centroids, Some(&chapter_of), MOVE_CANDIDATES, 0.0);
    let mut cands: Vec<(f64, usize, usize)> = pairs
        .into_par_iter()
        .filter_map(|(i, j)| {
            let ((_, a), (_, b)) = (&columns[i], &columns[j]);
            if a.members.is_empty() || b.members.is_empty() {
                return None;
            }
            if !single_doc(a) && !single_doc(b) {
                return None;
            }
            let s = a.merge_score(b, opts.topic_bonus)?;
            (s >= opts.move_score).then_some((s, i, j))
        })
        .collect();
    cands.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let mut gone = vec![false; n];
    for (_, i, j) in cands {
        if gone[i] || gone[j] {
            continue;
        }
        let (a, b) = (&columns[i].1, &columns[j].1);
        if a.shares_document(b) {
            continue;
        }
        let fits = |k: usize| {
            let (ci, c) = &columns[k];
            let theme = c.topic().and_then(|t| taxonomy.theme_of(t));
            theme.is_some() && theme == themes[*ci].as_deref()
        };
        let keep_i = match a.docs().len().cmp(&b.docs().len()) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => fits(i) || !fits(j),
        };
        let (keep, away) = if keep_i { (i, j) } else { (j, i) };
        for (d, a) in columns[away].1.take_members() {
            columns[keep].1.add(space, topics, d, a);
        }
        columns[keep].1.moved = true;
        gone[away] = true;
    }
    columns.retain(|(_, c)| !c.members.is_empty());
}

/// Attaches a column of one article to a neighbouring column that holds the article's neighbour from the
/// same document, when its similarity to that column is high: the document split the provision in two.
pub(super) fn attach_splits(
    space: &ArticleSpace,
    topics: &[DocTopics],
    columns: &mut Vec<Column>,
    opts: &AlignOptions,
) {
    let mut i = 0;
    while i < columns.len() {
        if columns[i].members.len() != 1 {
            i += 1;
            continue;
        }
        let (d, a) = columns[i].members[0];
        let mut best: Option<(usize, f64)> = None;
        for j in [i.wrapping_sub(1), i + 1] {
            let Some(col) = columns.get(j) else { continue };
            if col.members.len() < 2 {
                continue;
            }
            let neighbour = col
                .members
                .iter()
                .any(|(dd, aa)| *dd == d && (aa + 1 == a || a + 1 == *aa));
            if !neighbour {
                continue;
            }
            // Compare with the other documents' members only.
            let others: Vec<&SparseVec> = col
                .members
                .iter()
                .filter(|(dd, _)| *dd != d)
                .map(|(dd, aa)| space.vector(*dd, *aa).0)
                .collect();
            if others.is_empty() {
                continue;
            }
            let s = space
                .vector(d, a)
                .0
                .cosine(&SparseVec::sum_normalized(others));
            if s >= opts.split_score && best.is_none_or(|(_, b)| s > b) {
                best = Some((j, s));
            }
        }
        if let Some((j, _)) = best {
            let single = columns.remove(i);
            let j = if j > i { j - 1 } else { j };
            let (d, a) = single.members[0];
            columns[j].add(space, topics, d, a);
        } else {
            i += 1;
        }
    }
}
