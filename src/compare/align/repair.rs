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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::align::fixtures;
    use crate::features::terms::CharNgrams;
    use crate::features::Analysis;

    const MINUTES: &str = "区政府常务会议的纪要由区政府办公室负责起草，按程序报区长签发后印发。";
    const LEAVE: &str = "副区长因公外出或休假，应当事先向区长请假，并告知区政府办公室。";
    const BUDGET: &str =
        "区财政预算草案由区财政局编制，经区政府常务会议讨论后提请区人大常委会审议。";

    /// Hand-made documents of one chapter each: `docs[d]` lists the bodies of document `d`'s articles.
    fn analysis(docs: &[&[&str]]) -> Analysis {
        let parsed = docs
            .iter()
            .enumerate()
            .map(|(d, bodies)| fixtures::doc(&format!("d{d}"), &[("会议制度", bodies)]))
            .collect();
        fixtures::analysis(parsed, &CharNgrams(2))
    }

    /// Each column's members, sorted, with the columns sorted.
    fn members(columns: &[Column]) -> Vec<Vec<(usize, usize)>> {
        let mut out: Vec<Vec<(usize, usize)>> = columns
            .iter()
            .map(|c| {
                let mut m = c.members.clone();
                m.sort_unstable();
                m
            })
            .collect();
        out.sort();
        out
    }

    /// One column per article, as the order-aware pass leaves articles it could not match.
    fn singletons(space: &ArticleSpace, topics: &[DocTopics], docs: &[&[&str]]) -> Vec<Column> {
        let mut columns = Vec::new();
        for (d, bodies) in docs.iter().enumerate() {
            for a in 0..bodies.len() {
                columns.push(Column::new(space, topics, d, a));
            }
        }
        columns
    }

    #[test]
    fn reordered_provisions_are_merged_and_marked() {
        // Two documents state the same two provisions in opposite orders.
        let docs: &[&[&str]] = &[&[MINUTES, LEAVE], &[LEAVE, MINUTES]];
        let analysis = analysis(docs);
        let space = ArticleSpace::new(&analysis);
        let mut columns = singletons(&space, &analysis.topics, docs);
        merge_reordered(
            &space,
            &analysis.topics,
            &mut columns,
            &AlignOptions::default(),
        );
        assert_eq!(
            members(&columns),
            [vec![(0, 0), (1, 1)], vec![(0, 1), (1, 0)]]
        );
        assert!(columns.iter().all(|c| c.reordered));
    }

    #[test]
    fn columns_of_one_document_or_different_content_are_not_merged() {
        // The same provision twice in one document stays two columns; unrelated provisions stay apart.
        let docs: &[&[&str]] = &[&[MINUTES, MINUTES], &[BUDGET]];
        let analysis = analysis(docs);
        let space = ArticleSpace::new(&analysis);
        let mut columns = singletons(&space, &analysis.topics, docs);
        columns[0].add(&space, &analysis.topics, 0, 1);
        columns.remove(1);
        let before = members(&columns);
        merge_reordered(
            &space,
            &analysis.topics,
            &mut columns,
            &AlignOptions::default(),
        );
        assert_eq!(members(&columns), before);
        assert!(columns.iter().all(|c| !c.reordered));
    }

    #[test]
    fn a_provision_placed_under_another_chapter_is_joined_and_marked_moved() {
        // Documents 0 and 1 put the provision in chapter group 0; document 2 alone puts it in group 1,
        // beside an unrelated provision of its own.
        let docs: &[&[&str]] = &[&[MINUTES], &[MINUTES], &[MINUTES, BUDGET]];
        let analysis = analysis(docs);
        let space = ArticleSpace::new(&analysis);
        let topics = &analysis.topics;
        let mut shared = Column::new(&space, topics, 0, 0);
        shared.add(&space, topics, 1, 0);
        let mut columns = vec![
            (0, shared),
            (1, Column::new(&space, topics, 2, 0)),
            (1, Column::new(&space, topics, 2, 1)),
        ];
        let themes = [Some("会议制度".to_string()), Some("财政".to_string())];
        join_across_chapters(
            &space,
            topics,
            &Taxonomy::builtin(),
            &themes,
            &mut columns,
            &AlignOptions::default(),
        );
        assert_eq!(columns.len(), 2);
        let (group, joined) = &columns[0];
        assert_eq!((*group, joined.docs()), (0, &[0, 1, 2][..]));
        assert!(joined.moved);
        assert_eq!(columns[1].1.members, [(2, 1)]);
        assert!(!columns[1].1.moved);
    }

    #[test]
    fn the_second_half_of_a_split_provision_joins_its_neighbour() {
        // Document 0 writes the minutes rule as two articles; documents 1 and 2 as one. The second half
        // is left alone after the first pass, next to the column of the first half.
        let (first, second) = MINUTES.split_at(MINUTES.find('，').unwrap());
        let docs: &[&[&str]] = &[
            &[first, second, BUDGET],
            &[MINUTES, BUDGET],
            &[MINUTES, BUDGET],
        ];
        let analysis = analysis(docs);
        let space = ArticleSpace::new(&analysis);
        let topics = &analysis.topics;
        let column = |members: &[(usize, usize)]| {
            let mut c = Column::new(&space, topics, members[0].0, members[0].1);
            for &(d, a) in &members[1..] {
                c.add(&space, topics, d, a);
            }
            c
        };
        let mut columns = vec![
            column(&[(0, 0), (1, 0), (2, 0)]),
            column(&[(0, 1)]),
            column(&[(0, 2), (1, 1), (2, 1)]),
        ];
        attach_splits(&space, topics, &mut columns, &AlignOptions::default());
        assert_eq!(
            members(&columns),
            [
                vec![(0, 0), (0, 1), (1, 0), (2, 0)],
                vec![(0, 2), (1, 1), (2, 1)]
            ]
        );
    }

    #[test]
    fn a_lone_article_unlike_its_neighbours_stays_alone() {
        let docs: &[&[&str]] = &[&[MINUTES, LEAVE], &[MINUTES], &[MINUTES]];
        let analysis = analysis(docs);
        let space = ArticleSpace::new(&analysis);
        let topics = &analysis.topics;
        let mut shared = Column::new(&space, topics, 0, 0);
        shared.add(&space, topics, 1, 0);
        shared.add(&space, topics, 2, 0);
        let mut columns = vec![shared, Column::new(&space, topics, 0, 1)];
        attach_splits(&space, topics, &mut columns, &AlignOptions::default());
        assert_eq!(columns.len(), 2);
        assert_eq!(columns[1].members, [(0, 1)]);
    }
}
