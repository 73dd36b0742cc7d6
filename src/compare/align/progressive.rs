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

/// For each article of a large chapter group, its nearest articles of other documents in the group.
struct Nearby {
    /// (document, article) → its slot.
    slot: HashMap<(usize, usize), usize>,
    /// Per slot, the slots of its nearest articles.
    near: Vec<Vec<u32>>,
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
        let slot = articles
            .iter()
            .enumerate()
            .map(|(i, da)| (*da, i))
            .collect();
        Nearby { slot, near }
    }

    /// The columns (positions) holding one of the nearest articles of article `a` of document `d`.
    fn candidates(&self, d: usize, a: usize, owner: &[Option<u32>]) -> Vec<usize> {
        let mut cols: Vec<usize> = self.near[self.slot[&(d, a)]]
            .iter()
            .filter_map(|s| owner[*s as usize].map(|c| c as usize))
            .collect();
        cols.sort_unstable();
        cols.dedup();
        cols
    }

    /// For each slot, the position of the column holding it, if it is placed yet.
    fn owners(&self, columns: &[Column]) -> Vec<Option<u32>> {
        let mut owner = vec![None; self.near.len()];
        for (c, col) in columns.iter().enumerate() {
            for da in &col.members {
                owner[self.slot[da]] = Some(c as u32);
            }
        }
        owner
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
    let nearby = (articles > EXACT_ARTICLES).then(|| Nearby::new(space, seqs));
    let (pd, parts) = &seqs[pivot];
    let mut columns: Vec<Column> = parts
        .iter()
        .map(|a| Column::new(space, topics, *pd, *a))
        .collect();
    for (si, (d, arts)) in seqs.iter().enumerate() {
        if si == pivot {
            continue;
        }
        columns = align_one(space, topics, columns, *d, arts, nearby.as_ref(), opts);
    }
    (columns, nearby.is_some())
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

/// Needleman–Wunsch over a score matrix (articles × columns): the matches maximise the total of
/// (score − `min_score`) over pairs scoring at least `min_score`; gaps cost nothing. Ties go to a match,
/// then to skipping an article.
pub(super) fn global_alignment(score: &[Vec<f64>], m: usize, min_score: f64) -> Vec<Op> {
    let n = score.len();
    // dp[i][j]: best total aligning articles[..i] with columns[..j].
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
    // Traceback: a match where it made the optimum, else skip an article, else skip a column.
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

/// Aligns one document's articles against the columns (against their candidate columns only, when
/// `nearby` is given: the others score 0, no match); returns the new column list.
fn align_one(
    space: &ArticleSpace,
    topics: &[DocTopics],
    columns: Vec<Column>,
    d: usize,
    arts: &[usize],
    nearby: Option<&Nearby>,
    opts: &AlignOptions,
) -> Vec<Column> {
    let owner = nearby.map(|n| n.owners(&columns));
    let score: Vec<Vec<f64>> = arts
        .par_iter()
        .map(|a| match (nearby, &owner) {
            (Some(nearby), Some(owner)) => {
                let mut row = vec![0.0; columns.len()];
                for c in nearby.candidates(d, *a, owner) {
                    row[c] = pair_score(space, topics, &columns[c], d, *a, opts);
                }
                row
            }
            _ => columns
                .iter()
                .map(|c| pair_score(space, topics, c, d, *a, opts))
                .collect(),
        })
        .collect();
    let ops = global_alignment(&score, columns.len(), opts.min_score);
    let mut old: Vec<Option<Column>> = columns.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(ops.len());
    for op in ops {
        match op {
            Op::Match(i, j) => {
                let mut c = old[j].take().expect("each column once");
                c.add(space, topics, d, arts[i]);
                out.push(c);
            }
            Op::Article(i) => out.push(Column::new(space, topics, d, arts[i])),
            Op::Column(j) => out.push(old[j].take().expect("each column once")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_follow_order_and_skip_what_scores_too_low() {
        // Articles 0 and 2 match columns 0 and 2; article 1 matches nothing; column 1 gets nothing.
        let score = vec![
            vec![0.9, 0.1, 0.0],
            vec![0.1, 0.2, 0.1],
            vec![0.0, 0.1, 0.8],
        ];
        let ops = global_alignment(&score, 3, 0.3);
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
        let ops = global_alignment(&score, 2, 0.3);
        assert_eq!(ops, [Op::Match(0, 0), Op::Match(1, 1)]);
    }

    #[test]
    fn no_article_matches_an_empty_column_list() {
        let score = vec![vec![], vec![]];
        assert_eq!(
            global_alignment(&score, 0, 0.3),
            [Op::Article(0), Op::Article(1)]
        );
    }
}
