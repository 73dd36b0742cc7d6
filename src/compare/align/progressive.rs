//! The order-aware pass: within one chapter group, the documents' article sequences are aligned one after
//! another against a growing list of columns (progressive alignment from a pivot, the document with the
//! most articles there), each by Needleman–Wunsch over the similarity of its articles to the columns.
//!
//! In a chapter group of many articles (the 总则 of a thousand laws), an article is scored only against
//! the columns that hold one of its nearest articles of other documents there (the exact top-k search
//! over the same similarity); every other column counts as no match. Smaller groups are scored in full.

use std::collections::HashMap;

use rayon::prelude::*;

use super::columns::{ArticleSpace, Column};
use super::AlignOptions;
use crate::compare::neighbours::top_k_cosine_in;
use crate::topics::DocTopics;

/// Chapter groups of more articles than this score each article against candidate columns only.
pub(super) const EXACT_ARTICLES: usize = 300;
/// Nearest articles of other documents whose columns are an article's candidates.
pub(super) const NEAREST_ARTICLES: usize = 20;

/// For each article of a large chapter group, its nearest articles of other documents in the group, and
/// which column holds each article once it is placed.
struct Nearby {
    /// (document, article) → its slot.
    slot: HashMap<(usize, usize), usize>,
    /// Per slot, the slots of its nearest articles.
    near: Vec<Vec<u32>>,
    /// Per slot, the column holding the article (a column's number, not its position, which changes as
    /// columns are inserted); kept up to date as documents are aligned, so that each document costs the
    /// number of columns, not of the articles placed so far.
    column_of: Vec<Option<u32>>,
}

impl Nearby {
    fn new(space: &ArticleSpace, seqs: &[(usize, Vec<usize>)]) -> Nearby {
        let articles: Vec<(usize, usize)> = seqs
            .iter()
            .flat_map(|(d, arts)| arts.iter().map(move |a| (*d, *a)))
            .collect();
        let vectors: Vec<_> = articles
            .par_iter()
            .map(|(d, a)| space.joint(*d, *a))
            .collect();
        let docs: Vec<u32> = articles.iter().map(|(d, _)| *d as u32).collect();
        let near = top_k_cosine_in(&vectors, Some(&docs), NEAREST_ARTICLES, 0.0)
            .into_iter()
            .map(|list| list.into_iter().map(|nb| nb.index).collect())
            .collect();
        let slot: HashMap<(usize, usize), usize> = articles
            .iter()
            .enumerate()
            .map(|(i, da)| (*da, i))
            .collect();
        let column_of = vec![None; articles.len()];
        Nearby {
            slot,
            near,
            column_of,
        }
    }

    /// The columns (positions) holding one of the nearest articles of article `a` of document `d`;
    /// `position[n]` is the position of column number `n`.
    fn candidates(&self, d: usize, a: usize, position: &[u32]) -> Vec<usize> {
        let mut cols: Vec<usize> = self.near[self.slot[&(d, a)]]
            .iter()
            .filter_map(|s| self.column_of[*s as usize].map(|n| position[n as usize] as usize))
            .collect();
        cols.sort_unstable();
        cols.dedup();
        cols
    }

    /// Article `a` of document `d` is now in column number `n`.
    fn place(&mut self, d: usize, a: usize, n: u32) {
        let s = self.slot[&(d, a)];
        self.column_of[s] = Some(n);
    }
}

/// The columns of a chapter group as they grow: each column keeps its number (its place in `arena`);
/// `order` gives the numbers in the columns' order, which insertions change.
struct Placed {
    arena: Vec<Column>,
    order: Vec<u32>,
}

impl Placed {
    /// Adds a column of article `a` of document `d`; returns its number.
    fn new_column(
        &mut self,
        space: &ArticleSpace,
        topics: &[DocTopics],
        d: usize,
        a: usize,
    ) -> u32 {
        self.arena.push(Column::new(space, topics, d, a));
        (self.arena.len() - 1) as u32
    }

    /// The columns in their order.
    fn into_columns(self) -> Vec<Column> {
        let mut slots: Vec<Option<Column>> = self.arena.into_iter().map(Some).collect();
        self.order
            .iter()
            .map(|n| slots[*n as usize].take().expect("each column once"))
            .collect()
    }
}

/// Progressive order-aware alignment of several article sequences (document, article positions) into
/// columns, in the pivot's order with the others' unmatched articles inserted where they fall. Also says
/// whether the articles were scored against candidate columns only (a group of many articles).
pub(super) fn progressive(
    space: &ArticleSpace,
    topics: &[DocTopics],
    seqs: &[(usize, Vec<usize>)],
    opts: &AlignOptions,
) -> (Vec<Column>, bool) {
    let Some(pivot) = seqs
        .iter()
        .enumerate()
        .max_by(|(i, a), (j, b)| a.1.len().cmp(&b.1.len()).then(j.cmp(i)))
        .map(|(i, _)| i)
    else {
        return (vec![], false);
    };
    let articles: usize = seqs.iter().map(|(_, a)| a.len()).sum();
    let mut nearby = (articles > EXACT_ARTICLES).then(|| Nearby::new(space, seqs));
    let (pd, parts) = &seqs[pivot];
    let mut placed = Placed {
        arena: Vec::with_capacity(parts.len()),
        order: Vec::with_capacity(parts.len()),
    };
    for a in parts {
        let n = placed.new_column(space, topics, *pd, *a);
        placed.order.push(n);
        if let Some(nearby) = &mut nearby {
            nearby.place(*pd, *a, n);
        }
    }
    for (si, (d, arts)) in seqs.iter().enumerate() {
        if si == pivot {
            continue;
        }
        align_one(space, topics, &mut placed, *d, arts, nearby.as_mut(), opts);
    }
    let by_candidates = nearby.is_some();
    (placed.into_columns(), by_candidates)
}

/// The score of placing article `a` of document `d` in `col`: its similarity to the column, plus the
/// topic bonus when its topic is the column's.
pub(super) fn pair_score(
    space: &ArticleSpace,
    topics: &[DocTopics],
    col: &Column,
    d: usize,
    a: usize,
    opts: &AlignOptions,
) -> f64 {
    let mut s = col.similarity(space, d, a);
    if let (Some(t), Some(ct)) = (topics[d].articles[a].topic.as_deref(), col.topic()) {
        if t == ct {
            s += opts.topic_bonus;
        }
    }
    s
}

/// One step of a global alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Op {
    /// Article `i` goes into column `j`.
    Match(usize, usize),
    /// Article `i` starts a column of its own.
    Article(usize),
    /// Column `j` gets no article.
    Column(usize),
}

/// The scored (column, score) pairs of one article, columns ascending and distinct; a column not listed
/// scores nothing and cannot take the article.
pub(super) type ScoredRow = Vec<(usize, f64)>;

/// Needleman–Wunsch of articles against `m` columns: the matches maximise the total of
/// (score − `min_score`) over pairs scoring at least `min_score`; gaps cost nothing. Ties go to a match,
/// then to skipping an article.
///
/// Only the columns that some article scores (`rows`) can take a match, and the optimum over the
/// columns before column `j` changes only at such columns: the table is filled over those columns
/// alone, and the traceback walks all `m` columns reading it, so that it takes the same steps, with
/// the same totals, as the table over every column would (`dense_alignment` in the tests).
pub(super) fn global_alignment(rows: &[ScoredRow], m: usize, min_score: f64) -> Vec<Op> {
    let n = rows.len();
    // The scored columns, and each row's scores over them (NaN: not scored, never a match).
    let mut cols: Vec<usize> = rows.iter().flatten().map(|(j, _)| *j).collect();
    cols.sort_unstable();
    cols.dedup();
    let k = cols.len();
    let mut score = vec![f64::NAN; n * k];
    for (i, row) in rows.iter().enumerate() {
        for (j, s) in row {
            let c = cols.partition_point(|x| x < j);
            score[i * k + c] = *s;
        }
    }
    // dp[i][c]: best total aligning articles[..i] with the columns before scored column c (exclusive),
    // which is the full table's dp[i][j] for every j from cols[c - 1] + 1 to cols[c].
    let w = k + 1;
    let mut dp = vec![0.0f64; (n + 1) * w];
    for i in 1..=n {
        for c in 1..=k {
            let mut best = dp[(i - 1) * w + c].max(dp[i * w + c - 1]);
            let s = score[(i - 1) * k + c - 1];
            if s >= min_score {
                best = best.max(dp[(i - 1) * w + c - 1] + s - min_score + 1e-6);
            }
            dp[i * w + c] = best;
        }
    }
    // Traceback over every column: a match where it made the optimum, else skip an article, else skip
    // a column. `c` counts the scored columns before column `j`.
    let mut ops = Vec::with_capacity(n + m);
    let (mut i, mut j, mut c) = (n, m, k);
    while i > 0 || j > 0 {
        if i > 0 && j > 0 && c > 0 && cols[c - 1] == j - 1 {
            let s = score[(i - 1) * k + c - 1];
            if s >= min_score
                && (dp[i * w + c] - (dp[(i - 1) * w + c - 1] + s - min_score + 1e-6)).abs() < 1e-12
            {
                ops.push(Op::Match(i - 1, j - 1));
                i -= 1;
                j -= 1;
                c -= 1;
                continue;
            }
        }
        if i > 0 && (j == 0 || dp[i * w + c] == dp[(i - 1) * w + c]) {
            ops.push(Op::Article(i - 1));
            i -= 1;
        } else {
            ops.push(Op::Column(j - 1));
            j -= 1;
            if c > 0 && cols[c - 1] == j {
                c -= 1;
            }
        }
    }
    ops.reverse();
    ops
}

/// Aligns one document's articles against the columns (against their candidate columns only, when
/// `nearby` is given: the others score 0, no match); updates the column list.
fn align_one(
    space: &ArticleSpace,
    topics: &[DocTopics],
    placed: &mut Placed,
    d: usize,
    arts: &[usize],
    mut nearby: Option<&mut Nearby>,
    opts: &AlignOptions,
) {
    let position: Option<Vec<u32>> = nearby.as_ref().map(|_| {
        let mut position = vec![0u32; placed.arena.len()];
        for (i, n) in placed.order.iter().enumerate() {
            position[*n as usize] = i as u32;
        }
        position
    });
    let (arena, order) = (&placed.arena, &placed.order);
    // A column that is no candidate scores 0, which can match only under a threshold of 0 or less.
    let by_candidates = nearby.is_some() && 0.0 < opts.min_score;
    let score: Vec<ScoredRow> = arts
        .par_iter()
        .map(|a| match (nearby.as_deref(), &position) {
            (Some(nearby), Some(position)) if by_candidates => nearby
                .candidates(d, *a, position)
                .into_iter()
                .map(|c| {
                    let s = pair_score(space, topics, &arena[order[c] as usize], d, *a, opts);
                    (c, s)
                })
                .collect(),
            (Some(nearby), Some(position)) => {
                let mut row: Vec<(usize, f64)> = (0..order.len()).map(|c| (c, 0.0)).collect();
                for c in nearby.candidates(d, *a, position) {
                    row[c].1 = pair_score(space, topics, &arena[order[c] as usize], d, *a, opts);
                }
                row
            }
            _ => order
                .iter()
                .enumerate()
                .map(|(c, n)| {
                    (
                        c,
                        pair_score(space, topics, &arena[*n as usize], d, *a, opts),
                    )
                })
                .collect(),
        })
        .collect();
    let ops = global_alignment(&score, order.len(), opts.min_score);
    let mut new_order = Vec::with_capacity(ops.len());
    for op in ops {
        let (n, joined) = match op {
            Op::Match(i, j) => {
                let n = placed.order[j];
                placed.arena[n as usize].add(space, topics, d, arts[i]);
                (n, Some(arts[i]))
            }
            Op::Article(i) => (placed.new_column(space, topics, d, arts[i]), Some(arts[i])),
            Op::Column(j) => (placed.order[j], None),
        };
        if let (Some(nearby), Some(a)) = (nearby.as_deref_mut(), joined) {
            nearby.place(d, a, n);
        }
        new_order.push(n);
    }
    placed.order = new_order;
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every column of a score matrix scored.
    fn rows(score: &[Vec<f64>]) -> Vec<ScoredRow> {
        score
            .iter()
            .map(|r| r.iter().copied().enumerate().collect())
            .collect()
    }

    /// Needleman–Wunsch over the full table of articles × columns, unscored pairs at 0: what
    /// [`global_alignment`] must agree with, step for step.
    fn dense_alignment(score: &[Vec<f64>], m: usize, min_score: f64) -> Vec<Op> {
        let n = score.len();
        let mut dp = vec![vec![0.0f64; m + 1]; n + 1];
        for i in 1..=n {
            for j in 1..=m {
                let mut best = dp[i - 1][j].max(dp[i][j - 1]);
                let s = score[i - 1][j - 1];
                if s >= min_score {
                    best = best.max(dp[i - 1][j - 1] + s - min_score + 1e-6);
                }
                dp[i][j] = best;
            }
        }
        let mut ops = Vec::with_capacity(n + m);
        let (mut i, mut j) = (n, m);
        while i > 0 || j > 0 {
            if i > 0 && j > 0 {
                let s = score[i - 1][j - 1];
                if s >= min_score
                    && (dp[i][j] - (dp[i - 1][j - 1] + s - min_score + 1e-6)).abs() < 1e-12
                {
                    ops.push(Op::Match(i - 1, j - 1));
                    i -= 1;
                    j -= 1;
                    continue;
                }
            }
            if i > 0 && (j == 0 || dp[i][j] == dp[i - 1][j]) {
                ops.push(Op::Article(i - 1));
                i -= 1;
            } else {
                ops.push(Op::Column(j - 1));
                j -= 1;
            }
        }
        ops.reverse();
        ops
    }

    #[test]
    fn matches_follow_order_and_skip_what_scores_too_low() {
        // Articles 0 and 2 match columns 0 and 2; article 1 matches nothing; column 1 gets nothing.
        let score = vec![
            vec![0.9, 0.1, 0.0],
            vec![0.1, 0.2, 0.1],
            vec![0.0, 0.1, 0.8],
        ];
        let ops = global_alignment(&rows(&score), 3, 0.3);
        assert!(ops.contains(&Op::Match(0, 0)));
        assert!(ops.contains(&Op::Match(2, 2)));
        assert!(ops.contains(&Op::Article(1)));
        assert!(ops.contains(&Op::Column(1)));
        assert_eq!(ops.len(), 4);
    }

    #[test]
    fn order_wins_over_a_single_better_pair() {
        // Article 0 alone prefers column 1, but then article 1 could match nothing (matches cannot
        // cross): 0→0 and 1→1 (0.3 + 0.3 over the threshold) beat 0→1 alone (0.6 over it).
        let score = vec![vec![0.6, 0.9], vec![0.0, 0.6]];
        let ops = global_alignment(&rows(&score), 2, 0.3);
        assert_eq!(ops, [Op::Match(0, 0), Op::Match(1, 1)]);
    }

    #[test]
    fn no_article_matches_an_empty_column_list() {
        let score = vec![vec![], vec![]];
        assert_eq!(
            global_alignment(&rows(&score), 0, 0.3),
            [Op::Article(0), Op::Article(1)]
        );
    }

    #[test]
    fn unscored_columns_are_walked_past_in_place() {
        // Only columns 1 and 4 of 6 are scored; the others still appear, in order, as gaps (an
        // unmatched article goes after the gaps before the next match: the traceback skips it first).
        let rows = vec![vec![(1, 0.9)], vec![], vec![(4, 0.5)]];
        assert_eq!(
            global_alignment(&rows, 6, 0.3),
            [
                Op::Column(0),
                Op::Match(0, 1),
                Op::Column(2),
                Op::Column(3),
                Op::Article(1),
                Op::Match(2, 4),
                Op::Column(5),
            ]
        );
    }

    /// A score matrix of up to 7 articles × 12 columns, each pair unscored (`None`, 0 in the full
    /// table) or scored from a few values, so that totals tie often.
    fn sparse_scores() -> impl Strategy<Value = (Vec<Vec<Option<f64>>>, usize)> {
        const VALUES: [f64; 8] = [0.0, 0.1, 0.3, 0.35, 0.4, 0.5, 0.6, 0.9];
        (0usize..12).prop_flat_map(|m| {
            let cell = prop_oneof![
                3 => Just(None),
                2 => (0..VALUES.len()).prop_map(|v| Some(VALUES[v])),
            ];
            (
                proptest::collection::vec(proptest::collection::vec(cell, m), 0..7),
                Just(m),
            )
        })
    }

    proptest! {
        #[test]
        fn the_table_over_scored_columns_takes_the_full_tables_steps(
            (cells, m) in sparse_scores(),
            min_score in prop_oneof![Just(0.3), Just(0.05), Just(0.45)],
        ) {
            let full: Vec<Vec<f64>> = cells
                .iter()
                .map(|r| r.iter().map(|c| c.unwrap_or(0.0)).collect())
                .collect();
            let scored: Vec<ScoredRow> = cells
                .iter()
                .map(|r| r.iter().enumerate().filter_map(|(j, c)| c.map(|s| (j, s))).collect())
                .collect();
            prop_assert_eq!(
                global_alignment(&scored, m, min_score),
                dense_alignment(&full, m, min_score)
            );
        }
    }
}
