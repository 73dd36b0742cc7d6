//! The exact top-k cosine search: an inverted index with dense columns for the frequent terms, scores in
//! f32 with candidates kept within rounding of each unit's running k-th best, then exact f64 scores for the
//! candidates that can still make a list (the parent module says how).

use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering::Relaxed};

use rayon::prelude::*;

use super::{eligible, push_top, Neighbour};
use crate::features::vectors::SparseVec;

/// The `k` most cosine-similar units of every unit (itself excluded), exact, best first; scores below
/// `min_sim` (and zero scores) are left out. Vectors must be L2-normalised (as [`crate::features::vectors::TfIdf`] makes them).
pub fn top_k_cosine(vecs: &[SparseVec], k: usize, min_sim: f64) -> Vec<Vec<Neighbour>> {
    top_k_cosine_in(vecs, None, k, min_sim)
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
pub(super) fn top_k_cosine_with(
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
