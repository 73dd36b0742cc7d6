//! Alignment across N documents: which chapters, and which articles, correspond.
//!
//! Chapters align by theme (from the taxonomy; a chapter without a theme by its title). Within each group of
//! aligned chapters, articles align ORDER-AWARE: a progressive alignment against a pivot (the document with
//! the most articles there) where each further document is aligned to the growing profile by
//! Needleman–Wunsch over the similarity matrix (score = TF-IDF cosine against the column's centroid, plus
//! a bonus when the topics agree; a pair below the threshold cannot match, gaps cost nothing). So two
//! documents that treat 全体会议, 常务会议, 专题会议 in the same order align one to one even where a single
//! pair taken alone would prefer another partner. An article left alone whose best column already holds
//! its neighbour from the same document is attached to that column as a `split` member (a provision the
//! document wrote as two articles).
//!
//! Chapters confine the order-aware pass, so a provision that one document put under another chapter would
//! stay apart; a group of one document's articles is therefore joined, on content alone, to a group of
//! another chapter theme that lacks the document (`moved`).
//!
//! The passes live in their own files: `columns` (a column and its centroid), `progressive` (the
//! order-aware pass), `repair` (reordered, moved and split provisions). Everything reads the terms and
//! vectors of one [`Analysis`]; nothing is tokenized here.

mod columns;
#[cfg(test)]
pub(crate) mod fixtures;
mod progressive;
mod repair;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::compare::Limit;
use crate::features::Analysis;
use crate::round::round4;
use crate::span::Span;
use crate::structure::ParsedDoc;
use crate::topics::{Classification, ClassifiedBy, DocTopics, Taxonomy};
use columns::{ArticleSpace, Column};

/// Options of an alignment.
#[derive(Clone, Debug)]
pub struct AlignOptions {
    /// Least score (similarity + topic bonus) for two articles to be aligned.
    pub min_score: f64,
    /// Added to the similarity when an article's topic is the column's topic.
    pub topic_bonus: f64,
    /// Least score for attaching a left-over article to its neighbour's group as a split.
    pub split_score: f64,
    /// Least score for joining the articles of one document to a group of another chapter theme (`moved`).
    pub move_score: f64,
}

impl Default for AlignOptions {
    fn default() -> Self {
        AlignOptions {
            min_score: 0.3,
            topic_bonus: 0.15,
            split_score: 0.35,
            move_score: 0.5,
        }
    }
}

/// A chapter in a chapter group.
#[derive(Clone, Debug, Serialize)]
pub struct ChapterMember {
    pub doc: String,
    /// The document's position in the input.
    #[serde(skip)]
    pub doc_index: usize,
    pub chapter: u32,
    pub title: String,
    pub span: Span,
    /// The theme's score for this chapter (see `method`).
    pub score: f64,
    /// `title` (the words of the title) or `articles` (the topics of its articles).
    pub method: ClassifiedBy,
    /// The title or articles point to more than one theme about equally.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub ambiguous: bool,
}

/// Chapters of several documents that treat one theme.
#[derive(Clone, Debug, Serialize)]
pub struct ChapterGroup {
    /// `c01`, `c02` … in reading order.
    pub id: String,
    /// The theme, or absent when no theme fits (then `key` is the chapter title).
    pub theme: Option<String>,
    /// What the chapters were grouped by: the theme, the title, or `(no chapter)`.
    pub key: String,
    pub members: Vec<ChapterMember>,
    /// How many documents have no chapter of this theme (they are the `documents` not among `members`).
    pub absent_count: usize,
}

/// What an article is to its group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    /// The document's article for the provision (at most one per document).
    Aligned,
    /// A second article of the same document: the provision written as two.
    Split,
}

impl MemberRole {
    /// The name the JSON gives the role.
    pub fn as_str(self) -> &'static str {
        match self {
            MemberRole::Aligned => "aligned",
            MemberRole::Split => "split",
        }
    }
}

/// An article in an article group.
#[derive(Clone, Debug, Serialize)]
pub struct Member {
    pub doc: String,
    /// The article number (第三十六条 → 36, 四十四、 → 44).
    pub article: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_number: Option<u32>,
    /// The marker as written.
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chapter: Option<u32>,
    pub span: Span,
    /// Mean similarity to the other members (absent for a group of one).
    pub score: Option<f64>,
    /// The article's own best topic.
    pub topic: Option<String>,
    /// `aligned`, or `split` for a second article of the same document (the provision written as two).
    pub role: MemberRole,
    /// The document's position in the input.
    #[serde(skip)]
    pub doc_index: usize,
    /// Position in `ParsedDoc::articles`.
    #[serde(skip)]
    pub position: usize,
}

/// One provision across documents: at most one `aligned` article per document.
#[derive(Clone, Debug, Serialize)]
pub struct Group {
    /// `g001`, `g002` … in reading order.
    pub id: String,
    /// The members' topic (the most frequent; ties: the highest total score).
    pub topic: Option<String>,
    /// The members' topics disagree.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub topic_mixed: bool,
    /// The chapter group (`c03`) and its theme.
    pub chapter_group: String,
    pub theme: Option<String>,
    pub members: Vec<Member>,
    /// How many documents have no article here (they are the `documents` not among `members`).
    pub absent_count: usize,
    /// Some document wrote this provision as several articles.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub split: bool,
    /// The documents place this provision at different points of the chapter: the group was joined after
    /// the order-aware pass, from content alone.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reordered: bool,
    /// Some document placed this provision under a chapter of another theme than the group's: the group was
    /// joined across chapter groups, from content alone.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub moved: bool,
}

/// The alignment of a set of documents.
#[derive(Clone, Debug, Serialize)]
pub struct Alignment {
    pub documents: Vec<String>,
    /// The features of the similarity (`tokens`, `char_2grams`).
    pub features: String,
    pub chapters: Vec<ChapterGroup>,
    pub groups: Vec<Group>,
    /// Where candidates were bounded (chapter groups of many columns), and by how much.
    pub limits: Vec<Limit>,
}

impl Alignment {
    /// The aligned article pairs of two documents (by position), as positions in their `articles`.
    pub fn pairs(&self, a: usize, b: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for g in &self.groups {
            for ma in g.members.iter().filter(|m| m.doc_index == a) {
                for mb in g.members.iter().filter(|m| m.doc_index == b) {
                    out.push((ma.position, mb.position));
                }
            }
        }
        out.sort_unstable();
        out
    }

    /// For each document (by position), the indices of the groups it has a member in, ascending.
    pub fn groups_by_document(&self) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); self.documents.len()];
        for (gi, g) in self.groups.iter().enumerate() {
            for m in &g.members {
                if out[m.doc_index].last() != Some(&gi) {
                    out[m.doc_index].push(gi);
                }
            }
        }
        out
    }

    /// For each document (by position), the indices of the chapter groups it has a chapter in, ascending.
    pub fn chapter_groups_by_document(&self) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); self.documents.len()];
        for (ci, c) in self.chapters.iter().enumerate() {
            for m in &c.members {
                if out[m.doc_index].last() != Some(&ci) {
                    out[m.doc_index].push(ci);
                }
            }
        }
        out
    }
}

/// Aligns the chapters and articles of the analysed documents; the analysis must hold their topics
/// (from `taxonomy`).
pub fn align(analysis: &Analysis, taxonomy: &Taxonomy, opts: &AlignOptions) -> Alignment {
    let docs = &analysis.documents;
    let topics = &analysis.topics;
    assert_eq!(
        topics.len(),
        docs.len(),
        "the analysis was built without a taxonomy"
    );
    let space = ArticleSpace::new(analysis);
    let chapter_groups = group_chapters(docs, topics);

    // Each chapter group on its own (in parallel: they share nothing), then in reading order.
    let aligned: Vec<ChapterAlignment> = chapter_groups
        .par_iter()
        .enumerate()
        .map(|(ci, cg)| align_chapter_group(docs, topics, &space, ci, cg, opts))
        .collect();
    let mut chapters_out = Vec::new();
    let mut limits = Vec::new();
    // Article columns in reading order, each with the index of its chapter group.
    let mut columns: Vec<(usize, Column)> = Vec::new();
    // Chapter groups whose search was bounded, and the largest of them.
    let (mut nearest, mut bounded) = ((0, 0), (0, 0));
    for (ci, a) in aligned.into_iter().enumerate() {
        chapters_out.push(a.group);
        if let Some(articles) = a.by_candidates {
            nearest = (nearest.0 + 1, nearest.1.max(articles));
        }
        if let Some(n) = a.reorder_bounded {
            bounded = (bounded.0 + 1, bounded.1.max(n));
        }
        columns.extend(a.columns.into_iter().map(|c| (ci, c)));
    }
    if nearest.0 > 0 {
        limits.push(Limit::new(
            crate::compare::Bounded::AlignCandidates,
            format!(
                "in chapter groups of more than {} articles, an article is scored against the columns of \
                 its {} nearest articles of other documents only ({} chapter groups, up to {} articles)",
                progressive::EXACT_ARTICLES,
                progressive::NEAREST_ARTICLES,
                nearest.0,
                nearest.1
            ),
            progressive::NEAREST_ARTICLES,
            nearest.1,
        ));
    }
    if bounded.0 > 0 {
        limits.push(Limit::new(
            crate::compare::Bounded::ReorderCandidates,
            format!(
                "columns that the documents order differently are joined from each column's {} most \
                 similar columns ({} chapter groups had more columns, up to {})",
                repair::REORDER_CANDIDATES,
                bounded.0,
                bounded.1
            ),
            repair::REORDER_CANDIDATES,
            bounded.1,
        ));
    }
    let themes: Vec<Option<String>> = chapter_groups.iter().map(|g| g.theme.clone()).collect();
    repair::join_across_chapters(&space, topics, taxonomy, &themes, &mut columns, opts);
    let groups: Vec<Group> = columns
        .into_iter()
        .enumerate()
        .map(|(number, (ci, col))| {
            make_group(
                docs,
                &space,
                topics,
                col,
                &format!("c{:02}", ci + 1),
                chapter_groups[ci].theme.clone(),
                number + 1,
            )
        })
        .collect();
    Alignment {
        documents: docs.iter().map(|d| d.id.clone()).collect(),
        features: analysis.similarity_features().name.clone(),
        chapters: chapters_out,
        groups,
        limits,
    }
}

/// One chapter group aligned: its output record, its article columns, and where its search was bounded.
struct ChapterAlignment {
    group: ChapterGroup,
    columns: Vec<Column>,
    /// The group's article count, when its articles were scored against candidate columns only.
    by_candidates: Option<usize>,
    /// Its column count, when the reordered-column merge searched candidates only.
    reorder_bounded: Option<usize>,
}

/// Aligns the articles of one chapter group: the order-aware pass, then reordered columns and splits.
fn align_chapter_group(
    docs: &[ParsedDoc],
    topics: &[DocTopics],
    space: &ArticleSpace,
    ci: usize,
    cg: &ChapterKeyGroup,
    opts: &AlignOptions,
) -> ChapterAlignment {
    let mut members = Vec::new();
    for (d, ch) in &cg.chapters {
        let Some(ch) = ch else { continue };
        let chapter = docs[*d].chapter(*ch).expect("chapter exists");
        let class = &topics[*d].chapters[ch];
        members.push(ChapterMember {
            doc: docs[*d].id.clone(),
            doc_index: *d,
            chapter: *ch,
            title: chapter.title.clone(),
            span: chapter.span,
            score: class.candidates.first().map_or(0.0, |c| c.score),
            method: class.method,
            ambiguous: class.ambiguous,
        });
    }
    let group = ChapterGroup {
        id: format!("c{:02}", ci + 1),
        theme: cg.theme.clone(),
        key: cg.key.clone(),
        absent_count: docs.len() - distinct(cg.chapters.iter().map(|(d, _)| *d)),
        members,
    };
    // The articles of each document in this chapter group, in order (its chapters are listed by
    // document, in input order).
    let mut seqs: Vec<(usize, Vec<usize>)> = Vec::new();
    for by_doc in cg.chapters.chunk_by(|x, y| x.0 == y.0) {
        let d = by_doc[0].0;
        let arts: Vec<usize> = docs[d]
            .articles
            .iter()
            .enumerate()
            .filter(|(_, a)| by_doc.iter().any(|(_, c)| *c == a.chapter))
            .map(|(i, _)| i)
            .collect();
        if !arts.is_empty() {
            seqs.push((d, arts));
        }
    }
    let (mut columns, by_candidates) = progressive::progressive(space, topics, &seqs, opts);
    let articles: usize = seqs.iter().map(|(_, a)| a.len()).sum();
    let reorder_bounded = (columns.len() > repair::REORDER_CANDIDATES + 1).then_some(columns.len());
    repair::merge_reordered(space, topics, &mut columns, opts);
    repair::attach_splits(space, topics, &mut columns, opts);
    ChapterAlignment {
        group,
        columns,
        by_candidates: by_candidates.then_some(articles),
        reorder_bounded,
    }
}

/// How many distinct values a sorted sequence holds.
fn distinct(sorted: impl Iterator<Item = usize>) -> usize {
    let mut last = None;
    let mut n = 0;
    for x in sorted {
        if last != Some(x) {
            n += 1;
            last = Some(x);
        }
    }
    n
}

struct ChapterKeyGroup {
    key: String,
    theme: Option<String>,
    /// (document, chapter number; None for articles outside any chapter), by document in input order.
    chapters: Vec<(usize, Option<u32>)>,
    /// Mean relative position in the documents, for ordering.
    position: f64,
}

/// Groups the chapters of all documents by theme (else title); ordered by mean relative position.
fn group_chapters(docs: &[ParsedDoc], topics: &[DocTopics]) -> Vec<ChapterKeyGroup> {
    let mut by_key: BTreeMap<String, ChapterKeyGroup> = BTreeMap::new();
    let mut positions: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for (d, doc) in docs.iter().enumerate() {
        let n = doc.chapters.len().max(1) as f64;
        for (i, ch) in doc.chapters.iter().enumerate() {
            let theme = topics[d].chapters[&ch.number].topic.clone();
            // (A title as the analysis reads it: a traditional 會議制度 groups with 会议制度.)
            let key = theme.clone().unwrap_or_else(|| {
                doc.analysed(&ch.title)
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect()
            });
            let g = by_key
                .entry(key.clone())
                .or_insert_with(|| ChapterKeyGroup {
                    key: key.clone(),
                    theme,
                    chapters: vec![],
                    position: 0.0,
                });
            g.chapters.push((d, Some(ch.number)));
            positions.entry(key).or_default().push((i as f64 + 0.5) / n);
        }
        if doc.articles.iter().any(|a| a.chapter.is_none()) {
            let key = "(no chapter)".to_string();
            let g = by_key
                .entry(key.clone())
                .or_insert_with(|| ChapterKeyGroup {
                    key: key.clone(),
                    theme: None,
                    chapters: vec![],
                    position: 0.0,
                });
            g.chapters.push((d, None));
            positions.entry(key).or_default().push(0.5);
        }
    }
    let mut groups: Vec<ChapterKeyGroup> = by_key
        .into_values()
        .map(|mut g| {
            let p = &positions[&g.key];
            g.position = p.iter().sum::<f64>() / p.len() as f64;
            g
        })
        .collect();
    groups.sort_by(|a, b| a.position.total_cmp(&b.position).then(a.key.cmp(&b.key)));
    groups
}

/// The output group of a column: its members in document order with their mean similarity to the
/// other documents' members, its topic by vote.
fn make_group(
    docs: &[ParsedDoc],
    space: &ArticleSpace,
    topics: &[DocTopics],
    col: Column,
    chapter_group: &str,
    theme: Option<String>,
    number: usize,
) -> Group {
    let mut cols = col.members.clone();
    cols.sort_unstable();
    // A member's mean cosine to the other documents' members is its vector's dot product with their
    // sum (each divided by its norm), divided by its own norm and their number: one sum per group and
    // one per document, rather than every pair.
    let unit = |d: usize, a: usize| -> (&crate::features::vectors::SparseVec, f64) {
        (space.vector(d, a).0, space.norm(d, a))
    };
    let mut total: BTreeMap<u32, f64> = BTreeMap::new();
    let mut per_doc: BTreeMap<usize, (usize, BTreeMap<u32, f64>)> = BTreeMap::new();
    for (d, a) in &cols {
        let (v, n) = unit(*d, *a);
        let entry = per_doc.entry(*d).or_default();
        entry.0 += 1;
        if n == 0.0 {
            continue;
        }
        for (i, x) in v.indices.iter().zip(&v.values) {
            *total.entry(*i).or_default() += *x as f64 / n;
            *entry.1.entry(*i).or_default() += *x as f64 / n;
        }
    }
    let mut members: Vec<Member> = Vec::new();
    let mut seen_docs: Vec<usize> = Vec::new();
    for (d, a) in &cols {
        let art = &docs[*d].articles[*a];
        let (own_count, own) = &per_doc[d];
        let others = cols.len() - own_count;
        let score = (others > 0).then(|| {
            let (v, n) = unit(*d, *a);
            let dot: f64 = v
                .indices
                .iter()
                .zip(&v.values)
                .map(|(i, x)| {
                    let rest =
                        total.get(i).copied().unwrap_or(0.0) - own.get(i).copied().unwrap_or(0.0);
                    *x as f64 * rest
                })
                .sum();
            let mean = if n == 0.0 {
                0.0
            } else {
                dot / n / others as f64
            };
            round4(mean.clamp(0.0, 1.0))
        });
        let class: &Classification = &topics[*d].articles[*a];
        members.push(Member {
            doc: docs[*d].id.clone(),
            doc_index: *d,
            article: art.number,
            sub_number: art.sub_number,
            label: art.label.clone(),
            chapter: art.chapter,
            span: art.span,
            score,
            topic: class.topic.clone(),
            role: if seen_docs.contains(d) {
                MemberRole::Split
            } else {
                MemberRole::Aligned
            },
            position: *a,
        });
        seen_docs.push(*d);
    }
    let mut votes: BTreeMap<&str, (usize, f64)> = BTreeMap::new();
    for (d, a) in &cols {
        if let Some(best) = topics[*d].articles[*a].candidates.first() {
            let v = votes.entry(best.topic.as_str()).or_default();
            v.0 += 1;
            v.1 += best.score;
        }
    }
    let topic = votes
        .iter()
        .max_by(|x, y| {
            x.1 .0
                .cmp(&y.1 .0)
                .then(x.1 .1.total_cmp(&y.1 .1))
                .then(y.0.cmp(x.0))
        })
        .map(|(t, _)| t.to_string());
    Group {
        id: format!("g{number:03}"),
        topic,
        topic_mixed: votes.len() > 1,
        chapter_group: chapter_group.to_string(),
        theme,
        split: members.iter().any(|m| m.role == MemberRole::Split),
        reordered: col.reordered,
        moved: col.moved,
        absent_count: docs.len() - per_doc.len(),
        members,
    }
}

#[cfg(test)]
mod tests;
