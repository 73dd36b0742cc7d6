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
//!   f64, summed as [`SparseVec::dot`] sums (so the scores are those of a brute force, bit for bit),
//!   ties broken by the lower index. Where the cut is within rounding of zero (fewer than `k`
//!   positive scores), every unit that shares a term is scored exactly instead.
//!
//! Which candidates are kept depends on the threads' timing; the result does not.
//!
//! Jaccard uses an inverted index over shingles; MinHash uses locality-sensitive hashing (bands of
//! the signature) for candidates.

use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering::Relaxed};

use rayon::prelude::*;
use serde::Serialize;

use crate::features::vectors::{splitmix64, MinHasher, SparseVec};

/// One neighbour of a unit.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Neighbour {
    pub index: u32,
    pub score: f64,
}

/// Inserts into a best-first list of at most `k`, ties broken by the lower index.
fn push_top(top: &mut Vec<Neighbour>, k: usize, cand: Neighbour) {
    let pos = top
        .iter()
        .position(|n| cand.score > n.score || (cand.score == n.score && cand.index < n.index))
        .unwrap_or(top.len());
    if pos < k {
        top.insert(pos, cand);
        top.truncate(k);
    }
}

/// The `k` most cosine-similar units of every unit (itself excluded), exact, best first; scores below
/// `min_sim` (and zero scores) are left out. Vectors must be L2-normalised (as [`crate::features::vectors::TfIdf`] makes them).
pub fn top_k_cosine(vecs: &[SparseVec], k: usize, min_sim: f64) -> Vec<Vec<Neighbour>> {
    top_k_cosine_in(vecs, None, k, min_sim)
}

/// Whether `d` may be a neighbour of `q`: not itself, and not of the same group (document) when groups
/// are given.
fn eligible(groups: Option<&[u32]>, q: usize, d: usize) -> bool {
    d != q && groups.is_none_or(|g| g[d] != g[q])
}

/// As [`top_k_cosine`], but a unit's neighbours are never of its own group (`groups[i]`: unit `i`'s
/// document), so that the `k` are all from other documents; still exact.
pub fn top_k_cosine_in(
    vecs: &[SparseVec],
    groups: Option<&[u32]>,
    k: usize,
    min_sim: f64,
) -> Vec<Vec<Neighbour>> {
    let dense_df = (vecs.len() / DENSE_SHARE).max(DENSE_MIN_DF);
    top_k_cosine_with(vecs, groups, k, min_sim, dense_df, ROWS)
}

/// Terms in at least one unit in `DENSE_SHARE` (and in at least `DENSE_MIN_DF` units) are scored
/// from dense columns rather than from their postings.
const DENSE_SHARE: usize = 16;
const DENSE_MIN_DF: usize = 32;
/// At most this many bytes of dense columns (the most frequent terms first).
const DENSE_MAX_BYTES: usize = 256 << 20;
/// Scores per tile of the dense accumulation (a tile stays in the L1 cache).
const TILE: usize = 2048;
/// Rows handed out to a worker at a time.
const ROWS: usize = 8;

/// [`top_k_cosine_in`] with the dense/sparse split at `dense_df` and rows handed out `rows` at a
/// time (the tests try several).
fn top_k_cosine_with(
    vecs: &[SparseVec],
    groups: Option<&[u32]>,
    k: usize,
    min_sim: f64,
    dense_df: usize,
    rows: usize,
) -> Vec<Vec<Neighbour>> {
    let n = vecs.len();
    if k == 0 || n == 0 {
        return vec![Vec::new(); n];
    }
    let search = Search::new(vecs, groups, k, min_sim, dense_df);
    let workers = rayon::current_num_threads().max(1);
    let handed = AtomicUsize::new(0);
    let found: Vec<Vec<Found>> = (0..workers)
        .into_par_iter()
        .map(|_| search.worker(&handed, rows.max(1), workers))
        .collect();
    // Every unit's candidates together (a counting sort by unit), then each unit's list.
    let mut starts = vec![0usize; n + 1];
    for f in found.iter().flatten() {
        starts[f.unit as usize + 1] += 1;
    }
    for i in 0..n {
        starts[i + 1] += starts[i];
    }
    let mut fill = starts.clone();
    let none = Found {
        unit: 0,
        other: 0,
        approx: 0.0,
        eps: 0.0,
    };
    let mut all = vec![none; starts[n]];
    for f in found.into_iter().flatten() {
        all[fill[f.unit as usize]] = f;
        fill[f.unit as usize] += 1;
    }
    (0..n)
        .into_par_iter()
        .map_init(
            || vec![0.0f32; search.index.column.len()],
            |dense, q| search.finish(q, &all[starts[q]..starts[q + 1]], dense),
        )
        .collect()
}

/// A candidate neighbour `other` of `unit`: its approximate score, within `eps` of the exact one.
#[derive(Clone, Copy, Debug)]
struct Found {
    unit: u32,
    other: u32,
    approx: f32,
    eps: f32,
}

/// The inverted index of the cosine search: every term's postings (units ascending, with weights),
/// and the frequent terms also as dense columns (one weight per unit, zero where absent).
struct CosineIndex {
    /// Term `t`'s postings are `docs[starts[t]..starts[t + 1]]` and the same range of `weights`.
    starts: Vec<usize>,
    docs: Vec<u32>,
    weights: Vec<f32>,
    /// For unit `d`'s `i`-th term, where that term's postings after `d` begin: `after[first[d] + i]`.
    first: Vec<usize>,
    after: Vec<usize>,
    /// Term → its dense column, `SPARSE` for a term scored from its postings.
    column: Vec<u32>,
    /// Column `c` is `dense[c * n..(c + 1) * n]`.
    dense: Vec<f32>,
}

const SPARSE: u32 = u32::MAX;

impl CosineIndex {
    fn new(vecs: &[SparseVec], dense_df: usize) -> CosineIndex {
        let n = vecs.len();
        let n_terms = vecs
            .iter()
            .filter_map(|v| v.indices.last())
            .max()
            .map_or(0, |m| *m as usize + 1);
        let mut starts = vec![0usize; n_terms + 1];
        for v in vecs {
            for t in &v.indices {
                starts[*t as usize + 1] += 1;
            }
        }
        for t in 0..n_terms {
            starts[t + 1] += starts[t];
        }
        let mut fill = starts.clone();
        let mut docs = vec![0u32; starts[n_terms]];
        let mut weights = vec![0.0f32; starts[n_terms]];
        let mut first = Vec::with_capacity(n + 1);
        let mut after = Vec::with_capacity(starts[n_terms]);
        for (d, v) in vecs.iter().enumerate() {
            first.push(after.len());
            for (t, w) in v.indices.iter().zip(&v.values) {
                let at = &mut fill[*t as usize];
                docs[*at] = d as u32;
                weights[*at] = *w;
                *at += 1;
                after.push(*at);
            }
        }
        first.push(after.len());
        // The most frequent terms first, as many as fit.
        let df = |t: usize| starts[t + 1] - starts[t];
        let mut frequent: Vec<usize> = (0..n_terms).filter(|t| df(*t) >= dense_df.max(1)).collect();
        frequent.sort_by_key(|t| (std::cmp::Reverse(df(*t)), *t));
        frequent.truncate(DENSE_MAX_BYTES / (4 * n));
        frequent.sort_unstable();
        let mut column = vec![SPARSE; n_terms];
        let mut dense = vec![0.0f32; frequent.len() * n];
        for (c, t) in frequent.iter().enumerate() {
            column[*t] = c as u32;
            let col = &mut dense[c * n..(c + 1) * n];
            for i in starts[*t]..starts[t + 1] {
                col[docs[i] as usize] = weights[i];
            }
        }
        CosineIndex {
            starts,
            docs,
            weights,
            first,
            after,
            column,
            dense,
        }
    }
}

/// Every group's units, for masking a unit's own group.
struct GroupMembers {
    /// Unit indices ordered by (group, index).
    order: Vec<u32>,
    /// For each unit, the range of its group in `order`.
    range: Vec<(u32, u32)>,
}

impl GroupMembers {
    fn new(groups: &[u32]) -> GroupMembers {
        let mut order: Vec<u32> = (0..groups.len() as u32).collect();
        order.sort_unstable_by_key(|i| (groups[*i as usize], *i));
        let mut range = vec![(0, 0); groups.len()];
        let mut start = 0;
        while start < order.len() {
            let g = groups[order[start] as usize];
            let end = start + order[start..].partition_point(|i| groups[*i as usize] == g);
            for i in &order[start..end] {
                range[*i as usize] = (start as u32, end as u32);
            }
            start = end;
        }
        GroupMembers { order, range }
    }

    /// The units of `unit`'s group (itself included) from `from` on.
    fn at_or_after(&self, unit: usize, from: usize) -> &[u32] {
        let (a, b) = self.range[unit];
        let all = &self.order[a as usize..b as usize];
        &all[all.partition_point(|d| (*d as usize) < from)..]
    }
}

/// Candidates of one unit: approximate scores that are positive and at least `cut`, where `cut`
/// rises to (the `k`-th best so far − 2·eps) as they come. A unit of the true top `k` scores at
/// least the true `k`-th best − eps, and the `k`-th best approximate score is at most the true
/// `k`-th best + eps, so nothing dropped can be among the top `k`.
#[derive(Default)]
struct TopKCandidates {
    list: Vec<(f32, u32)>,
    cut: f32,
    room: usize,
}

impl TopKCandidates {
    fn reset(&mut self, cut: f32, k: usize) {
        self.list.clear();
        self.cut = cut;
        self.room = (2 * k).max(32);
    }

    #[inline]
    fn push(&mut self, approx: f32, other: u32, k: usize, eps2: f32) {
        self.list.push((approx, other));
        if self.list.len() >= self.room {
            self.tighten(k, eps2);
            self.room = self.room.max(2 * self.list.len());
        }
    }

    /// Raises the cut to the `k`-th best − `eps2` and drops what falls below it; returns the `k`-th
    /// best, if there are `k`.
    fn tighten(&mut self, k: usize, eps2: f32) -> Option<f32> {
        if self.list.len() < k {
            return None;
        }
        self.list
            .select_nth_unstable_by(k - 1, |a, b| b.0.total_cmp(&a.0));
        let kth = self.list[k - 1].0;
        self.cut = self.cut.max(kth - eps2);
        let cut = self.cut;
        self.list.retain(|(a, _)| *a >= cut);
        Some(kth)
    }
}

/// The all-pairs cosine search.
struct Search<'a> {
    vecs: &'a [SparseVec],
    groups: Option<&'a [u32]>,
    members: Option<GroupMembers>,
    k: usize,
    min_sim: f64,
    index: CosineIndex,
    /// Per unit: how far an approximate score computed in its row may be from the exact one.
    eps: Vec<f32>,
    max_eps: f32,
    /// Per unit: a lower bound on its `k`-th best exact score, raised as rows are searched (the
    /// bits of a non-negative f32, whose order is the numbers' order). Only a hint for pruning:
    /// which thread raises it when does not change the result.
    floor: Vec<AtomicU32>,
}

impl<'a> Search<'a> {
    fn new(
        vecs: &'a [SparseVec],
        groups: Option<&'a [u32]>,
        k: usize,
        min_sim: f64,
        dense_df: usize,
    ) -> Search<'a> {
        // An approximate score sums at most `len` f32 products, in some order: within
        // γ_(len+1)·Σ|q_t·d_t| ≤ (len + 1)·2⁻²⁴·‖q‖·‖d‖ of the exact sum (Cauchy–Schwarz). Twice
        // that also covers the rounding of the comparisons made with it.
        let max_norm = vecs.iter().map(SparseVec::norm).fold(0.0, f64::max);
        let eps: Vec<f32> = vecs
            .iter()
            .map(|v| {
                ((v.indices.len() as f64 + 2.0) * 2f64.powi(-22) * v.norm() * max_norm + 1e-30)
                    as f32
            })
            .collect();
        let max_eps = eps.iter().fold(0.0f32, |a, b| a.max(*b));
        Search {
            vecs,
            groups,
            members: groups.map(GroupMembers::new),
            k,
            min_sim,
            index: CosineIndex::new(vecs, dense_df),
            eps,
            max_eps,
            floor: (0..vecs.len()).map(|_| AtomicU32::new(0)).collect(),
        }
    }

    /// The first cut for candidates of `unit` with approximate scores within `eps`: its floor or
    /// `min_sim`, less `eps`.
    fn first_cut(&self, unit: usize, eps: f32) -> f32 {
        let floor = f32::from_bits(self.floor[unit].load(Relaxed)) as f64;
        (floor.max(self.min_sim) - eps as f64) as f32
    }

    /// Rows (units) handed out `rows` at a time from the last one down, until none is left. Row `q`
    /// is scored against the units after it only: each score is a candidate for the row and one for
    /// the column (the other unit), whose candidates the worker keeps across all its rows.
    fn worker(&self, handed: &AtomicUsize, rows: usize, workers: usize) -> Vec<Found> {
        let (n, k, max_eps) = (self.vecs.len(), self.k, self.max_eps);
        let mut row = vec![0.0f32; n];
        let mut dense_terms = Vec::new();
        let mut mine = TopKCandidates::default();
        let mut cols: Vec<TopKCandidates> = Vec::new();
        let mut col_cut: Vec<f32> = Vec::new();
        let mut found = Vec::new();
        let mut last_hi = n;
        loop {
            let done = handed.fetch_add(rows, Relaxed);
            if done >= n {
                break;
            }
            let (lo, hi) = ((n - done).saturating_sub(rows), n - done);
            if cols.is_empty() {
                cols = (0..n).map(|_| TopKCandidates::default()).collect();
                for (j, c) in cols.iter_mut().enumerate() {
                    c.reset(self.first_cut(j, max_eps), k);
                }
                col_cut = cols.iter().map(|c| c.cut).collect();
            } else {
                // The rows searched since this worker's last chunk have raised their floors.
                for j in hi..(last_hi + 2 * rows * workers).min(n) {
                    cols[j].cut = cols[j].cut.max(self.first_cut(j, max_eps));
                    col_cut[j] = cols[j].cut;
                }
            }
            last_hi = hi;
            for q in (lo..hi).rev() {
                let from = q + 1;
                if from == n {
                    continue;
                }
                self.scores_after(q, &mut dense_terms, &mut row);
                if let Some(m) = &self.members {
                    for d in m.at_or_after(q, from) {
                        row[*d as usize] = f32::NEG_INFINITY;
                    }
                }
                let eps = self.eps[q];
                mine.reset(self.first_cut(q, eps), k);
                gather_candidates(
                    &row[from..],
                    from,
                    q as u32,
                    (&mut mine, 2.0 * eps),
                    (&mut cols[from..], &mut col_cut[from..], 2.0 * max_eps),
                    k,
                );
                if let Some(kth) = mine.tighten(k, 2.0 * eps) {
                    let floor = (kth as f64 - eps as f64) as f32;
                    if floor > 0.0 {
                        self.floor[q].fetch_max(floor.to_bits(), Relaxed);
                    }
                }
                found.extend(mine.list.iter().map(|(a, d)| Found {
                    unit: q as u32,
                    other: *d,
                    approx: *a,
                    eps,
                }));
            }
        }
        for (j, c) in cols.iter_mut().enumerate() {
            c.tighten(k, 2.0 * max_eps);
            let cut = c.cut.max(self.first_cut(j, max_eps));
            found.extend(
                c.list
                    .iter()
                    .filter(|(a, _)| *a >= cut)
                    .map(|(a, q)| Found {
                        unit: j as u32,
                        other: *q,
                        approx: *a,
                        eps: max_eps,
                    }),
            );
        }
        found
    }

    /// Approximate scores of unit `q` with units `q + 1..n`, into `row[q + 1..n]`: the dense columns
    /// of its frequent terms tile by tile, four at a time, then its other terms' postings.
    fn scores_after(&self, q: usize, dense_terms: &mut Vec<(usize, f32)>, row: &mut [f32]) {
        let (idx, n, from) = (&self.index, self.vecs.len(), q + 1);
        let query = &self.vecs[q];
        dense_terms.clear();
        for (t, w) in query.indices.iter().zip(&query.values) {
            let c = idx.column[*t as usize];
            if c != SPARSE {
                dense_terms.push((c as usize * n + from, *w));
            }
        }
        let scores = &mut row[from..n];
        for lo in (0..scores.len()).step_by(TILE) {
            let hi = (lo + TILE).min(scores.len());
            let tile = &mut scores[lo..hi];
            let col = |c: usize| &idx.dense[c + lo..c + hi];
            let Some(((c0, w0), rest)) = dense_terms.split_first() else {
                tile.fill(0.0);
                continue;
            };
            for (a, x) in tile.iter_mut().zip(col(*c0)) {
                *a = w0 * x;
            }
            let mut fours = rest.chunks_exact(4);
            for four in fours.by_ref() {
                let [(c0, w0), (c1, w1), (c2, w2), (c3, w3)] = [four[0], four[1], four[2], four[3]];
                let cols = col(c0).iter().zip(col(c1)).zip(col(c2)).zip(col(c3));
                for (a, (((x0, x1), x2), x3)) in tile.iter_mut().zip(cols) {
                    *a += w0 * x0 + w1 * x1 + w2 * x2 + w3 * x3;
                }
            }
            for (c, w) in fours.remainder() {
                for (a, x) in tile.iter_mut().zip(col(*c)) {
                    *a += w * x;
                }
            }
        }
        let after = &idx.after[idx.first[q]..idx.first[q + 1]];
        for ((t, w), a) in query.indices.iter().zip(&query.values).zip(after) {
            let t = *t as usize;
            if idx.column[t] == SPARSE {
                let end = idx.starts[t + 1];
                for (d, x) in idx.docs[*a..end].iter().zip(&idx.weights[*a..end]) {
                    row[*d as usize] += w * x;
                }
            }
        }
    }

    /// A unit's neighbours from its candidates: the exact score of every candidate that may reach
    /// the `k`-th best, or, when the cut is within rounding of zero, of every unit that shares a
    /// term with it. `dense` is all zeros, one per term, and is left so.
    fn finish(&self, q: usize, found: &[Found], dense: &mut [f32]) -> Vec<Neighbour> {
        let (k, min_sim) = (self.k, self.min_sim);
        let query = &self.vecs[q];
        let mut lows: Vec<f64> = found
            .iter()
            .map(|f| f.approx as f64 - f.eps as f64)
            .collect();
        let kth_low = if lows.len() >= k {
            *lows.select_nth_unstable_by(k - 1, |a, b| b.total_cmp(a)).1
        } else {
            f64::NEG_INFINITY
        };
        let floor = f32::from_bits(self.floor[q].load(Relaxed)) as f64;
        let cut = kth_low.max(floor).max(min_sim);
        let mut keep: Vec<u32> = if cut > self.max_eps as f64 {
            found
                .iter()
                .filter(|f| f.approx as f64 + f.eps as f64 >= cut)
                .map(|f| f.other)
                .collect()
        } else {
            // A neighbour's approximate score may be zero or less (it was not collected).
            let idx = &self.index;
            query
                .indices
                .iter()
                .flat_map(|t| &idx.docs[idx.starts[*t as usize]..idx.starts[*t as usize + 1]])
                .copied()
                .filter(|d| eligible(self.groups, q, *d as usize))
                .collect()
        };
        keep.sort_unstable();
        keep.dedup();
        // The exact score as `SparseVec::dot` sums it: the products of the shared terms (exact in
        // f64) added in the order of the term ids; the other terms add zeros.
        for (t, w) in query.indices.iter().zip(&query.values) {
            dense[*t as usize] = *w;
        }
        let mut top = Vec::with_capacity(k + 1);
        for d in keep {
            let v = &self.vecs[d as usize];
            let score = v.indices.iter().zip(&v.values).fold(0.0f64, |sum, (t, x)| {
                sum + dense[*t as usize] as f64 * *x as f64
            });
            if score >= min_sim && score > 0.0 {
                push_top(&mut top, k, Neighbour { index: d, score });
            }
        }
        for t in &query.indices {
            dense[*t as usize] = 0.0;
        }
        top
    }
}

/// From a row's scores with units `from..`: the row's candidates (`mine`, with its `2·eps`), and the
/// candidate `q` for each of those units (`cols`, their cuts, their `2·eps`).
#[inline(never)]
fn gather_candidates(
    row: &[f32],
    from: usize,
    q: u32,
    (mine, eps2): (&mut TopKCandidates, f32),
    (cols, col_cut, col_eps2): (&mut [TopKCandidates], &mut [f32], f32),
    k: usize,
) {
    const CHUNK: usize = 16;
    for (ci, (chunk, cuts)) in row.chunks(CHUNK).zip(col_cut.chunks_mut(CHUNK)).enumerate() {
        let cut = mine.cut;
        let any = chunk.iter().zip(cuts.iter()).fold(false, |any, (a, c)| {
            any | (*a > 0.0 && (*a >= cut || *a >= *c))
        });
        if !any {
            continue;
        }
        for (i, (a, c)) in chunk.iter().zip(cuts.iter_mut()).enumerate() {
            if *a > 0.0 {
                let j = ci * CHUNK + i;
                if *a >= mine.cut {
                    mine.push(*a, (from + j) as u32, k, eps2);
                }
                if *a >= *c {
                    let col = &mut cols[j];
                    col.push(*a, q, k, col_eps2);
                    *c = col.cut;
                }
            }
        }
    }
}

/// The `k` most Jaccard-similar units of every unit (exact), from an inverted index over shingles.
pub fn top_k_jaccard(sets: &[Vec<u64>], k: usize, min_sim: f64) -> Vec<Vec<Neighbour>> {
    top_k_jaccard_in(sets, None, k, min_sim)
}

/// As [`top_k_jaccard`], never pairing units of one group (see [`top_k_cosine_in`]).
pub fn top_k_jaccard_in(
    sets: &[Vec<u64>],
    groups: Option<&[u32]>,
    k: usize,
    min_sim: f64,
) -> Vec<Vec<Neighbour>> {
    let index = invert(
        sets.iter()
            .enumerate()
            .flat_map(|(d, s)| s.iter().map(move |h| (*h, d as u32))),
    );
    (0..sets.len())
        .into_par_iter()
        .map_init(
            || (vec![0u32; sets.len()], Vec::<u32>::new()),
            |(inter, touched), q| {
                for h in &sets[q] {
                    for d in index.get(h).into_iter().flatten() {
                        if inter[*d as usize] == 0 {
                            touched.push(*d);
                        }
                        inter[*d as usize] += 1;
                    }
                }
                let mut top = Vec::with_capacity(k + 1);
                for d in touched.drain(..) {
                    let i = inter[d as usize] as f64;
                    inter[d as usize] = 0;
                    if !eligible(groups, q, d as usize) {
                        continue;
                    }
                    let union = (sets[q].len() + sets[d as usize].len()) as f64 - i;
                    let score = i / union.max(1.0);
                    if score >= min_sim && score > 0.0 {
                        push_top(&mut top, k, Neighbour { index: d, score });
                    }
                }
                top
            },
        )
        .collect()
}

/// The `k` most similar units by MinHash estimate; candidates are units sharing a band of `rows`
/// signature rows (LSH), so pairs far below `(1/bands)^(1/rows)` Jaccard are mostly not found.
pub fn top_k_minhash(
    sigs: &[Vec<u64>],
    rows: usize,
    k: usize,
    min_sim: f64,
) -> Vec<Vec<Neighbour>> {
    top_k_minhash_in(sigs, None, rows, k, min_sim)
}

/// As [`top_k_minhash`], never pairing units of one group (see [`top_k_cosine_in`]).
pub fn top_k_minhash_in(
    sigs: &[Vec<u64>],
    groups: Option<&[u32]>,
    rows: usize,
    k: usize,
    min_sim: f64,
) -> Vec<Vec<Neighbour>> {
    let rows = rows.max(1);
    let buckets = invert(sigs.iter().enumerate().flat_map(|(d, sig)| {
        sig.chunks(rows).enumerate().map(move |(b, band)| {
            let mut h = splitmix64(b as u64);
            for x in band {
                h = splitmix64(h ^ x);
            }
            (h, d as u32)
        })
    }));
    (0..sigs.len())
        .into_par_iter()
        .map(|q| {
            let mut cands: Vec<u32> = Vec::new();
            for (b, band) in sigs[q].chunks(rows).enumerate() {
                let mut h = splitmix64(b as u64);
                for x in band {
                    h = splitmix64(h ^ x);
                }
                cands.extend(buckets.get(&h).into_iter().flatten());
            }
            cands.sort_unstable();
            cands.dedup();
            let mut top = Vec::with_capacity(k + 1);
            for d in cands {
                if !eligible(groups, q, d as usize) {
                    continue;
                }
                let score = MinHasher::estimate(&sigs[q], &sigs[d as usize]);
                if score >= min_sim && score > 0.0 {
                    push_top(&mut top, k, Neighbour { index: d, score });
                }
            }
            top
        })
        .collect()
}

/// Groups (key, id) pairs into key → ids (ids ascending), deterministically.
fn invert(pairs: impl Iterator<Item = (u64, u32)>) -> std::collections::HashMap<u64, Vec<u32>> {
    let mut all: Vec<(u64, u32)> = pairs.collect();
    all.par_sort_unstable();
    all.dedup();
    let mut map: std::collections::HashMap<u64, Vec<u32>> = std::collections::HashMap::new();
    for (h, d) in all {
        map.entry(h).or_default().push(d);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::vectors::tfidf_vectors;

    /// Every pair's score, sorted: the definition the search must reproduce exactly.
    fn brute_force(
        vecs: &[SparseVec],
        groups: Option<&[u32]>,
        k: usize,
        min_sim: f64,
    ) -> Vec<Vec<Neighbour>> {
        (0..vecs.len())
            .map(|q| {
                let mut all: Vec<Neighbour> = (0..vecs.len())
                    .filter(|d| *d != q && groups.is_none_or(|g| g[*d] != g[q]))
                    .map(|d| Neighbour {
                        index: d as u32,
                        score: vecs[q].dot(&vecs[d]),
                    })
                    .filter(|n| n.score > 0.0 && n.score >= min_sim)
                    .collect();
                all.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
                all.truncate(k);
                all
            })
            .collect()
    }

    /// Pseudo-random L2-normalised sparse vectors with many exact ties: weights from a few levels,
    /// a skewed vocabulary (some terms in most units), exact copies, single-term and empty units.
    fn random_vectors(seed: u64, n: usize) -> Vec<SparseVec> {
        let mut x = seed;
        let mut next = |m: u64| {
            x = splitmix64(x);
            x % m
        };
        let mut vecs: Vec<SparseVec> = Vec::with_capacity(n);
        for i in 0..n {
            let v = match next(10) {
                0 if i > 0 => vecs[next(i as u64) as usize].clone(),
                1 => SparseVec::default(),
                kind => {
                    let len = if kind == 2 { 1 } else { 1 + next(30) as usize };
                    let mut terms: Vec<(u32, f32)> = (0..len)
                        .map(|_| {
                            let r = next(1000) as f64 / 1000.0;
                            ((r * r * r * 200.0) as u32, 1.0 + next(3) as f32)
                        })
                        .collect();
                    terms.sort_by_key(|t| t.0);
                    terms.dedup_by_key(|t| t.0);
                    let norm = terms.iter().map(|t| (t.1 * t.1) as f64).sum::<f64>().sqrt();
                    SparseVec {
                        indices: terms.iter().map(|t| t.0).collect(),
                        values: terms.iter().map(|t| (t.1 as f64 / norm) as f32).collect(),
                    }
                }
            };
            vecs.push(v);
        }
        vecs
    }

    #[test]
    fn all_pairs_cosine_equals_brute_force_on_random_vectors() {
        for seed in 1..=4u64 {
            let n = 120 + 37 * seed as usize;
            let vecs = random_vectors(seed, n);
            // Runs of a few units, as the articles of one document, and a scattered grouping.
            let runs: Vec<u32> = (0..n as u32)
                .map(|i| i / (1 + (seed as u32 % 4) * 3))
                .collect();
            let scattered: Vec<u32> = (0..n as u64)
                .map(|i| (splitmix64(i ^ seed) % 9) as u32)
                .collect();
            for groups in [None, Some(runs.as_slice()), Some(scattered.as_slice())] {
                for (k, min_sim) in [(1, 0.0), (5, 0.0), (10, 0.3), (3, 0.9), (n + 5, 0.0)] {
                    let want = brute_force(&vecs, groups, k, min_sim);
                    // Dense columns for none, all or some terms; rows handed out 1 to 50 at a
                    // time; 1 to 3 threads.
                    let configs = [
                        (usize::MAX, 8, 2),
                        (1, 16, 1),
                        (8, 7, 3),
                        (20, 50, 2),
                        (3, 1, 3),
                    ];
                    for (dense_df, chunk, threads) in configs {
                        let pool = rayon::ThreadPoolBuilder::new()
                            .num_threads(threads)
                            .build()
                            .unwrap();
                        let got = pool.install(|| {
                            top_k_cosine_with(&vecs, groups, k, min_sim, dense_df, chunk)
                        });
                        assert_eq!(
                            got,
                            want,
                            "seed {seed}, groups {}, k {k}, min_sim {min_sim}, dense_df {dense_df}, \
                             chunk {chunk}, threads {threads}",
                            groups.is_some()
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn all_pairs_cosine_equals_brute_force_on_tfidf_vectors() {
        // 300 pseudo-random units over a skewed vocabulary, so that some terms are frequent.
        let mut x = 7u64;
        let units: Vec<Vec<String>> = (0..300)
            .map(|_| {
                (0..12)
                    .map(|_| {
                        x = splitmix64(x);
                        let r = (x % 1000) as f64 / 1000.0;
                        format!("t{}", (r * r * r * 400.0) as u32)
                    })
                    .collect()
            })
            .collect();
        let (_, vecs) = tfidf_vectors(&units);
        // Units in groups of ten consecutive ones, as the articles of one document.
        let groups: Vec<u32> = (0..units.len() as u32).map(|i| i / 10).collect();
        for g in [None, Some(groups.as_slice())] {
            let fast = top_k_cosine_in(&vecs, g, 5, 0.0);
            let slow = brute_force(&vecs, g, 5, 0.0);
            for (q, (f, s)) in fast.iter().zip(&slow).enumerate() {
                let fi: Vec<u32> = f.iter().map(|n| n.index).collect();
                let si: Vec<u32> = s.iter().map(|n| n.index).collect();
                assert_eq!(fi, si, "query {q}, groups {}", g.is_some());
                for (a, b) in f.iter().zip(s) {
                    assert!((a.score - b.score).abs() < 1e-9);
                }
                if g.is_some() {
                    assert!(f.iter().all(|n| groups[n.index as usize] != groups[q]));
                }
            }
        }
    }

    #[test]
    fn a_positive_score_that_rounds_to_zero_in_f32_is_still_found() {
        // q·d = a·c − b·e = 2⁻⁴⁸ > 0 in f64 (where f32 products are exact), but in f32 a·c rounds to
        // b·e and the approximate score is 0: only the exact rescoring of every unit sharing a term
        // finds it.
        let (a, b, e) = (0.5 + 2f32.powi(-24), 0.5 + 2f32.powi(-23), 0.5);
        let vecs = vec![
            SparseVec {
                indices: vec![0, 1],
                values: vec![a, b],
            },
            SparseVec {
                indices: vec![0, 1],
                values: vec![a, -e],
            },
            SparseVec {
                indices: vec![2],
                values: vec![1.0],
            },
        ];
        assert_eq!(a * a - b * e, 0.0);
        assert_eq!(vecs[0].dot(&vecs[1]), 2f64.powi(-48));
        let want = brute_force(&vecs, None, 3, 0.0);
        assert_eq!(want[0].len(), 1);
        for dense_df in [1, usize::MAX] {
            assert_eq!(top_k_cosine_with(&vecs, None, 3, 0.0, dense_df, 1), want);
        }
    }

    #[test]
    fn jaccard_and_minhash_neighbours_find_near_duplicates() {
        let sets: Vec<Vec<u64>> = vec![
            (0..100).collect(),
            (5..105).collect(),
            (1000..1100).collect(),
            (1000..1090).collect(),
        ];
        let j = top_k_jaccard(&sets, 1, 0.1);
        assert_eq!(j[0][0].index, 1);
        assert_eq!(j[2][0].index, 3);
        assert!((j[0][0].score - 95.0 / 105.0).abs() < 1e-9);
        let mh = MinHasher::new(128);
        let sigs: Vec<Vec<u64>> = sets.iter().map(|s| mh.signature(s)).collect();
        let m = top_k_minhash(&sigs, 4, 1, 0.1);
        assert_eq!(m[0][0].index, 1);
        assert_eq!(m[3][0].index, 2);
        assert!(m[0].iter().all(|n| n.index != 2 && n.index != 3));
    }
}
