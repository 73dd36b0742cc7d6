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

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::similarity::{article_terms, round4};
use crate::span::Span;
use crate::structure::ParsedDoc;
use crate::topics::{Classification, DocTopics, Taxonomy};
use crate::vectors::{tfidf_vectors, CharNgrams, SparseVec, TermSource};

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
    pub chapter: u32,
    pub title: String,
    pub span: Span,
    /// The theme's score for this chapter (see `method`).
    pub score: f64,
    /// `title` (the words of the title) or `articles` (the topics of its articles).
    pub method: &'static str,
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
    /// Documents with no chapter of this theme.
    pub absent: Vec<String>,
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
    pub role: &'static str,
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
    /// Documents with no article in this group.
    pub absent: Vec<String>,
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
}

impl Alignment {
    /// The aligned article pairs of two documents (positions in their `articles`), with the pair's similarity.
    pub fn pairs(&self, a: &str, b: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for g in &self.groups {
            let pa = g.members.iter().filter(|m| m.doc == a);
            for ma in pa {
                for mb in g.members.iter().filter(|m| m.doc == b) {
                    out.push((ma.position, mb.position));
                }
            }
        }
        out.sort_unstable();
        out
    }
}

/// Similarity between articles, as the alignment sees it.
struct ArticleSpace {
    /// Per document, per article: TF-IDF vector over the main features.
    main: Vec<Vec<SparseVec>>,
    /// Character bigram vectors, when the main features are tokens (averaged with them).
    chars: Option<Vec<Vec<SparseVec>>>,
}

impl ArticleSpace {
    fn new(docs: &[ParsedDoc], source: &dyn TermSource) -> ArticleSpace {
        let build = |src: &dyn TermSource| -> Vec<Vec<SparseVec>> {
            let terms: Vec<Vec<Vec<String>>> = docs
                .par_iter()
                .map(|d| {
                    d.articles
                        .iter()
                        .map(|a| {
                            article_terms(d, a, src)
                                .into_iter()
                                .map(|t| t.norm.into_string())
                                .collect()
                        })
                        .collect()
                })
                .collect();
            let flat: Vec<Vec<String>> = terms.iter().flatten().cloned().collect();
            let (_, vecs) = tfidf_vectors(&flat);
            let mut it = vecs.into_iter();
            terms
                .iter()
                .map(|d| d.iter().map(|_| it.next().unwrap_or_default()).collect())
                .collect()
        };
        let main = build(source);
        let chars = (!source.name().starts_with("char_")).then(|| build(&CharNgrams(2)));
        ArticleSpace { main, chars }
    }

    fn vector(&self, d: usize, a: usize) -> (&SparseVec, Option<&SparseVec>) {
        (&self.main[d][a], self.chars.as_ref().map(|c| &c[d][a]))
    }
}

/// A column of the progressive alignment: members and the centroid they make.
#[derive(Clone, Debug)]
struct Column {
    /// (document index, article position).
    members: Vec<(usize, usize)>,
    centroid: SparseVec,
    char_centroid: Option<SparseVec>,
    /// Topic votes of the members.
    topics: BTreeMap<String, f64>,
    /// Made by merging columns that the order-aware pass left apart (their order differs between documents).
    reordered: bool,
    /// Joined with a column of another chapter group: some document placed the provision under another theme.
    moved: bool,
}

impl Column {
    fn new(space: &ArticleSpace, topics: &[DocTopics], d: usize, a: usize) -> Column {
        let mut c = Column {
            members: vec![],
            centroid: SparseVec::default(),
            char_centroid: None,
            topics: BTreeMap::new(),
            reordered: false,
            moved: false,
        };
        c.add(space, topics, d, a);
        c
    }

    fn add(&mut self, space: &ArticleSpace, topics: &[DocTopics], d: usize, a: usize) {
        self.members.push((d, a));
        self.centroid =
            SparseVec::sum_normalized(self.members.iter().map(|(d, a)| space.vector(*d, *a).0));
        if space.chars.is_some() {
            self.char_centroid = Some(SparseVec::sum_normalized(
                self.members
                    .iter()
                    .filter_map(|(d, a)| space.vector(*d, *a).1),
            ));
        }
        if let Some(best) = topics[d].articles[a].candidates.first() {
            *self.topics.entry(best.topic.clone()).or_default() += 1.0 + best.score / 100.0;
        }
    }

    fn topic(&self) -> Option<&str> {
        self.topics
            .iter()
            .max_by(|x, y| x.1.total_cmp(y.1).then(y.0.cmp(x.0)))
            .map(|(t, _)| t.as_str())
    }

    fn docs(&self) -> Vec<usize> {
        self.members.iter().map(|(d, _)| *d).collect()
    }

    /// The score for putting two columns together: their similarity, plus the topic bonus when they share a
    /// topic; `None` when a document has members in both (a group holds one article per document).
    fn merge_score(&self, other: &Column, topic_bonus: f64) -> Option<f64> {
        let mine = self.docs();
        if other.docs().iter().any(|d| mine.contains(d)) {
            return None;
        }
        let mut s = self.column_similarity(other);
        if self.topic().is_some() && self.topic() == other.topic() {
            s += topic_bonus;
        }
        Some(s)
    }

    /// Similarity of two columns' centroids (main features, averaged with character bigrams).
    fn column_similarity(&self, other: &Column) -> f64 {
        let main = self.centroid.cosine(&other.centroid);
        match (&self.char_centroid, &other.char_centroid) {
            (Some(a), Some(b)) => (main + a.cosine(b)) / 2.0,
            _ => main,
        }
    }

    fn similarity(&self, space: &ArticleSpace, d: usize, a: usize) -> f64 {
        let (v, c) = space.vector(d, a);
        let main = v.cosine(&self.centroid);
        match (c, &self.char_centroid) {
            (Some(c), Some(cc)) => (main + c.cosine(cc)) / 2.0,
            _ => main,
        }
    }
}

/// Aligns the chapters and articles of `docs`.
pub fn align(
    docs: &[ParsedDoc],
    taxonomy: &Taxonomy,
    source: &dyn TermSource,
    opts: &AlignOptions,
) -> Alignment {
    let topics: Vec<DocTopics> = docs.par_iter().map(|d| taxonomy.classify_doc(d)).collect();
    let space = ArticleSpace::new(docs, source);
    let chapter_groups = group_chapters(docs, &topics);

    let mut chapters_out = Vec::new();
    let mut groups = Vec::new();
    // Article columns in reading order, each with the index of its chapter group.
    let mut columns: Vec<(usize, Column)> = Vec::new();
    for (ci, cg) in chapter_groups.iter().enumerate() {
        let cid = format!("c{:02}", ci + 1);
        let mut members = Vec::new();
        for (d, ch) in &cg.chapters {
            let Some(ch) = ch else { continue };
            let chapter = docs[*d].chapter(*ch).expect("chapter exists");
            let class = &topics[*d].chapters[ch];
            members.push(ChapterMember {
                doc: docs[*d].id.clone(),
                chapter: *ch,
                title: chapter.title.clone(),
                span: chapter.span,
                score: class.candidates.first().map_or(0.0, |c| c.score),
                method: class.method,
                ambiguous: class.ambiguous,
            });
        }
        let present: Vec<usize> = cg.chapters.iter().map(|(d, _)| *d).collect();
        chapters_out.push(ChapterGroup {
            id: cid.clone(),
            theme: cg.theme.clone(),
            key: cg.key.clone(),
            members,
            absent: absent_docs(docs, &present),
        });
        // The articles of each document in this chapter group, in order.
        let mut seqs: Vec<(usize, Vec<usize>)> = Vec::new();
        for (d, doc) in docs.iter().enumerate() {
            let chs: Vec<Option<u32>> = cg
                .chapters
                .iter()
                .filter(|(dd, _)| *dd == d)
                .map(|(_, c)| *c)
                .collect();
            if chs.is_empty() {
                continue;
            }
            let arts: Vec<usize> = doc
                .articles
                .iter()
                .enumerate()
                .filter(|(_, a)| chs.contains(&a.chapter))
                .map(|(i, _)| i)
                .collect();
            if !arts.is_empty() {
                seqs.push((d, arts));
            }
        }
        for col in progressive(&space, &topics, &seqs, opts) {
            columns.push((ci, col));
        }
    }
    let themes: Vec<Option<String>> = chapter_groups.iter().map(|g| g.theme.clone()).collect();
    join_across_chapters(&space, &topics, taxonomy, &themes, &mut columns, opts);
    for (ci, col) in columns {
        let cg = &chapter_groups[ci];
        groups.push(make_group(
            docs,
            &space,
            &topics,
            col,
            &format!("c{:02}", ci + 1),
            cg.theme.clone(),
            groups.len() + 1,
        ));
    }
    Alignment {
        documents: docs.iter().map(|d| d.id.clone()).collect(),
        features: source.name(),
        chapters: chapters_out,
        groups,
    }
}

struct ChapterKeyGroup {
    key: String,
    theme: Option<String>,
    /// (document, chapter number; None for articles outside any chapter).
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

/// Progressive order-aware alignment of several article sequences into columns.
fn progressive(
    space: &ArticleSpace,
    topics: &[DocTopics],
    seqs: &[(usize, Vec<usize>)],
    opts: &AlignOptions,
) -> Vec<Column> {
    let Some(pivot) = seqs
        .iter()
        .enumerate()
        .max_by(|(i, a), (j, b)| a.1.len().cmp(&b.1.len()).then(j.cmp(i)))
        .map(|(i, _)| i)
    else {
        return vec![];
    };
    let (pd, parts) = &seqs[pivot];
    let mut columns: Vec<Column> = parts
        .iter()
        .map(|a| Column::new(space, topics, *pd, *a))
        .collect();
    for (si, (d, arts)) in seqs.iter().enumerate() {
        if si == pivot {
            continue;
        }
        columns = align_one(space, topics, columns, *d, arts, opts);
    }
    merge_reordered(space, topics, &mut columns, opts);
    attach_splits(space, topics, &mut columns, opts);
    columns
}

/// Columns of other chapter groups considered for each column by [`join_across_chapters`].
const MOVE_CANDIDATES: usize = 20;

/// Joins a column that holds the articles of one document only to a column of ANOTHER chapter group that
/// lacks that document, when their contents match (score ≥ `move_score`): a provision that one document
/// placed under a different chapter (前进区 puts 各部门必须坚决贯彻落实 in its own 督查落实 chapter, the
/// others under 决策; 卫东区 has no 附则 and ends its last chapter with 施行 and 适用范围). Best pairs first;
/// the column that keeps its place is the one with more documents, else the one whose chapter theme is
/// the theme of the joined topic, else the earlier; it is marked `moved`.
fn join_across_chapters(
    space: &ArticleSpace,
    topics: &[DocTopics],
    taxonomy: &Taxonomy,
    themes: &[Option<String>],
    columns: &mut Vec<(usize, Column)>,
    opts: &AlignOptions,
) {
    let single_doc = |c: &Column| c.members.iter().all(|(d, _)| *d == c.members[0].0);
    let n = columns.len();
    // Candidates: each column's nearest columns of other chapter groups by the centroids' cosine, found
    // without comparing every pair (a folder of laws makes tens of thousands of columns).
    let centroids: Vec<SparseVec> = columns.iter().map(|(_, c)| c.centroid.clone()).collect();
    let chapter_of: Vec<u32> = columns.iter().map(|(ci, _)| *ci as u32).collect();
    let near =
        crate::similarity::top_k_cosine_in(&centroids, Some(&chapter_of), MOVE_CANDIDATES, 0.0);
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
        let da = a.docs();
        if b.docs().iter().any(|d| da.contains(d)) {
            continue;
        }
        let count = |c: &Column| {
            let mut d = c.docs();
            d.dedup();
            d.len()
        };
        let fits = |k: usize| {
            let (ci, c) = &columns[k];
            let theme = c.topic().and_then(|t| taxonomy.theme_of(t));
            theme.is_some() && theme == themes[*ci].as_deref()
        };
        let keep_i = match count(a).cmp(&count(b)) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => fits(i) || !fits(j),
        };
        let (keep, away) = if keep_i { (i, j) } else { (j, i) };
        let moved = std::mem::take(&mut columns[away].1.members);
        for (d, a) in moved {
            columns[keep].1.add(space, topics, d, a);
        }
        columns[keep].1.moved = true;
        gone[away] = true;
    }
    columns.retain(|(_, c)| !c.members.is_empty());
}

/// Merges columns with no document in common whose contents match (score ≥ `min_score` + 0.1): provisions
/// that the documents place in a different order, which the order-aware pass must keep apart. Best pairs
/// first; the merged column keeps the place of the larger one and is marked `reordered`.
fn merge_reordered(
    space: &ArticleSpace,
    topics: &[DocTopics],
    columns: &mut Vec<Column>,
    opts: &AlignOptions,
) {
    let threshold = opts.min_score + 0.1;
    let n = columns.len();
    let mut cands: Vec<(f64, usize, usize)> = (0..n)
        .into_par_iter()
        .flat_map_iter(|i| {
            let columns = &*columns;
            (i + 1..n).filter_map(move |j| {
                let (a, b) = (&columns[i], &columns[j]);
                let s = a.merge_score(b, opts.topic_bonus)?;
                (s >= threshold).then_some((s, i, j))
            })
        })
        .collect();
    cands.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    // Union by "absorbed into": a column merged away points to its keeper.
    let mut keeper: Vec<usize> = (0..n).collect();
    let root = |keeper: &Vec<usize>, mut i: usize| {
        while keeper[i] != i {
            i = keeper[i];
        }
        i
    };
    for (_, i, j) in cands {
        let (ri, rj) = (root(&keeper, i), root(&keeper, j));
        if ri == rj || ri != i || rj != j {
            // Only columns not yet merged, so that every merge was judged on the columns it joins.
            continue;
        }
        let di = columns[ri].docs();
        if columns[rj].docs().iter().any(|d| di.contains(d)) {
            continue;
        }
        let (keep, gone) = if columns[rj].members.len() > columns[ri].members.len() {
            (rj, ri)
        } else {
            (ri, rj)
        };
        let moved = std::mem::take(&mut columns[gone].members);
        for (d, a) in moved {
            columns[keep].add(space, topics, d, a);
        }
        columns[keep].reordered = true;
        keeper[gone] = keep;
    }
    columns.retain(|c| !c.members.is_empty());
}

/// The score of placing article `a` of document `d` in `col`; `None` when below the threshold.
fn pair_score(
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

/// Needleman–Wunsch of one document's articles against the columns; returns the new column list.
fn align_one(
    space: &ArticleSpace,
    topics: &[DocTopics],
    columns: Vec<Column>,
    d: usize,
    arts: &[usize],
    opts: &AlignOptions,
) -> Vec<Column> {
    let (n, m) = (arts.len(), columns.len());
    let score: Vec<Vec<f64>> = arts
        .par_iter()
        .map(|a| {
            columns
                .iter()
                .map(|c| pair_score(space, topics, c, d, *a, opts))
                .collect()
        })
        .collect();
    // dp[i][j]: best total of (score − threshold) over matches, aligning arts[..i] with columns[..j].
    let mut dp = vec![vec![0.0f64; m + 1]; n + 1];
    for i in 1..=n {
        for j in 1..=m {
            let mut best = dp[i - 1][j].max(dp[i][j - 1]);
            let s = score[i - 1][j - 1];
            if s >= opts.min_score {
                best = best.max(dp[i - 1][j - 1] + s - opts.min_score + 1e-6);
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
            if s >= opts.min_score
                && (dp[i][j] - (dp[i - 1][j - 1] + s - opts.min_score + 1e-6)).abs() < 1e-12
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
    let mut old: Vec<Option<Column>> = columns.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(n + m);
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

enum Op {
    Match(usize, usize),
    Article(usize),
    Column(usize),
}

/// Attaches a column of one article to a neighbouring column that holds the article's neighbour from the
/// same document, when its similarity to that column is high: the document split the provision in two.
fn attach_splits(
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
            if s >= opts.split_score && best.map_or(true, |(_, b)| s > b) {
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

fn make_group(
    docs: &[ParsedDoc],
    space: &ArticleSpace,
    topics: &[DocTopics],
    col: Column,
    chapter_group: &str,
    theme: Option<String>,
    number: usize,
) -> Group {
    let mut members: Vec<Member> = Vec::new();
    let mut seen_docs: Vec<usize> = Vec::new();
    let mut cols = col.members.clone();
    cols.sort_unstable();
    for (d, a) in &cols {
        let art = &docs[*d].articles[*a];
        let others: Vec<&SparseVec> = cols
            .iter()
            .filter(|(dd, _)| dd != d)
            .map(|(dd, aa)| space.vector(*dd, *aa).0)
            .collect();
        let score = (!others.is_empty()).then(|| {
            let v = space.vector(*d, *a).0;
            round4(others.iter().map(|o| v.cosine(o)).sum::<f64>() / others.len() as f64)
        });
        let class: &Classification = &topics[*d].articles[*a];
        members.push(Member {
            doc: docs[*d].id.clone(),
            article: art.number,
            sub_number: art.sub_number,
            label: art.label.clone(),
            chapter: art.chapter,
            span: art.span,
            score,
            topic: class.topic.clone(),
            role: if seen_docs.contains(d) {
                "split"
            } else {
                "aligned"
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
    let present: Vec<usize> = cols.iter().map(|(d, _)| *d).collect();
    Group {
        id: format!("g{number:03}"),
        topic,
        topic_mixed: votes.len() > 1,
        chapter_group: chapter_group.to_string(),
        theme,
        split: members.iter().any(|m| m.role == "split"),
        reordered: col.reordered,
        moved: col.moved,
        members,
        absent: absent_docs(docs, &present),
    }
}

fn absent_docs(docs: &[ParsedDoc], present: &[usize]) -> Vec<String> {
    (0..docs.len())
        .filter(|d| !present.contains(d))
        .map(|d| docs[d].id.clone())
        .collect()
}

/// Hand-built documents for unit tests (independent of the parser).
#[cfg(test)]
pub(crate) mod fixtures {
    use crate::span::Span;
    use crate::structure::{Article, Chapter, Numbering, ParsedDoc};

    /// A document of chapters (title, article bodies), numbered 第N条 across chapters.
    pub fn doc(id: &str, chapters: &[(&str, &[&str])]) -> ParsedDoc {
        let mut text = String::new();
        let mut len = 0usize;
        let mut push = |text: &mut String, s: &str| -> Span {
            let start = len;
            text.push_str(s);
            len += s.chars().count();
            Span::new(start, len)
        };
        let mut chs = Vec::new();
        let mut arts = Vec::new();
        let mut n = 0u32;
        for (ci, (title, bodies)) in chapters.iter().enumerate() {
            let heading_span = push(&mut text, &format!("第{}章 {title}", ci + 1));
            push(&mut text, "\n");
            let mut end = heading_span.end;
            for body in *bodies {
                n += 1;
                let label = format!("第{n}条");
                let span = push(&mut text, &format!("{label} {body}"));
                push(&mut text, "\n");
                let body_span = Span::new(span.start + label.chars().count() + 1, span.end);
                arts.push(Article {
                    number: n,
                    sub_number: None,
                    label,
                    chapter: Some(ci as u32 + 1),
                    section: None,
                    text: text.chars().skip(span.start).take(span.len()).collect(),
                    span,
                    body_span,
                    paragraphs: vec![],
                    items: vec![],
                });
                end = span.end;
            }
            chs.push(Chapter {
                number: ci as u32 + 1,
                title: title.to_string(),
                part: None,
                heading_span,
                span: Span::new(heading_span.start, end),
            });
        }
        ParsedDoc {
            id: id.to_string(),
            path: id.to_string(),
            encoding: "UTF-8".into(),
            script: crate::text::Script::Simplified,
            char_len: len,
            title: None,
            notice_title: None,
            issuer: None,
            date: None,
            doc_number: None,
            numbering: Numbering::Tiao,
            parts: vec![],
            chapters: chs,
            sections: vec![],
            articles: arts,
            regions: vec![],
            warnings: vec![],
            text,
            analysis: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meetings(role: &str, extra: bool) -> Vec<String> {
        let mut v = vec![
            format!("{role}政府实行全体会议、常务会议、专题会议制度。"),
            format!("{role}政府全体会议由{role}长、副{role}长和各部门主要负责人组成，传达贯彻重要决策部署，讨论决定重大事项。"),
            format!("{role}政府常务会议由{role}长、副{role}长组成，一般每月召开一次，讨论政府规章和行政规范性文件。"),
        ];
        if extra {
            v.push(format!(
                "{role}政府学习会由{role}长主持，学习法律法规和业务知识，邀请专家授课。"
            ));
        }
        v.push(format!(
            "{role}政府专题会议由副{role}长召集和主持，研究处理分管范围内需要协调的业务事项。"
        ));
        v.push(format!(
            "{role}政府常务会议的纪要由办公室起草，按程序报{role}长签发。"
        ));
        v
    }

    #[test]
    fn aligns_in_order_and_lists_absent_documents() {
        let a_m = meetings("市", true);
        let b_m = meetings("区", false);
        let a_refs: Vec<&str> = a_m.iter().map(|s| s.as_str()).collect();
        let b_refs: Vec<&str> = b_m.iter().map(|s| s.as_str()).collect();
        let a = fixtures::doc(
            "city",
            &[
                ("总则", &["为了规范市政府工作，制定本规则。"]),
                ("完善会议制度", &a_refs),
            ],
        );
        let b = fixtures::doc(
            "district",
            &[
                ("总  则", &["为了规范区政府工作，根据有关规定制定本规则。"]),
                ("会议制度", &b_refs),
                (
                    "督查落实",
                    &["区政府办公室负责督查督办，定期通报落实情况。"],
                ),
            ],
        );
        let al = align(
            &[a, b],
            &Taxonomy::builtin(),
            &CharNgrams(2),
            &AlignOptions::default(),
        );
        let themes: Vec<Option<&str>> = al.chapters.iter().map(|c| c.theme.as_deref()).collect();
        assert_eq!(themes, [Some("总则"), Some("会议制度"), Some("督查落实")]);
        assert_eq!(al.chapters[2].absent, ["city"]);
        let find = |doc: &str, n: u32| {
            al.groups
                .iter()
                .find(|g| g.members.iter().any(|m| m.doc == doc && m.article == n))
                .unwrap()
        };
        // 常务会议: city article 4, district article 4.
        let g = find("city", 4);
        assert!(
            g.members
                .iter()
                .any(|m| m.doc == "district" && m.article == 4),
            "{g:?}"
        );
        assert_eq!(g.topic.as_deref(), Some("常务会议"));
        // 学习会 (city 5) has no counterpart; the district's 专题会议 (5) aligns with the city's 6.
        assert_eq!(find("city", 5).absent, ["district"]);
        assert!(find("city", 6)
            .members
            .iter()
            .any(|m| m.doc == "district" && m.article == 5));
        assert_eq!(find("district", 7).absent, ["city"]);
        assert!(find("city", 7)
            .members
            .iter()
            .any(|m| m.doc == "district" && m.article == 6));
        assert!(al.pairs("city", "district").contains(&(3, 3)));
    }
}
