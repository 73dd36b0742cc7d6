//! The alignment's columns: a set of corresponding articles, one per document (plus `split` ones), with the
//! centroid of their vectors and the votes of their topics. Centroids are kept as running sums, so adding a
//! member costs the column's size, not the sum over all its members.

use std::collections::BTreeMap;

use crate::features::vectors::SparseVec;
use crate::features::{Analysis, Features};
use crate::topics::DocTopics;

/// Similarity between articles, as the alignment sees it: the analysis' article vectors over the main
/// terms and, beside word terms, over character bigrams (the two cosines are averaged), with their norms.
pub(super) struct ArticleSpace<'a> {
    main: &'a Features,
    chars: Option<&'a Features>,
    /// Per document, per article: the norms of the main and the character vectors.
    norms: Vec<Vec<(f64, f64)>>,
}

impl<'a> ArticleSpace<'a> {
    pub fn new(analysis: &'a Analysis) -> ArticleSpace<'a> {
        let main = analysis.similarity_features();
        let chars = analysis.char_features();
        let norms = (0..analysis.documents.len())
            .map(|d| {
                (0..analysis.documents[d].articles.len())
                    .map(|a| {
                        let c = chars.map_or(0.0, |c| c.article_vector(d, a).norm());
                        (main.article_vector(d, a).norm(), c)
                    })
                    .collect()
            })
            .collect();
        ArticleSpace { main, chars, norms }
    }

    /// Article `a` of document `d`: its main vector, and its character vector when there is one.
    pub fn vector(&self, d: usize, a: usize) -> (&SparseVec, Option<&SparseVec>) {
        (
            self.main.article_vector(d, a),
            self.chars.map(|c| c.article_vector(d, a)),
        )
    }

    /// The norm of article `a`'s main vector.
    pub fn norm(&self, d: usize, a: usize) -> f64 {
        self.norms[d][a].0
    }

    pub fn has_chars(&self) -> bool {
        self.chars.is_some()
    }

    /// Term ids of the character vectors start after the main ones in [`ArticleSpace::joint`].
    fn main_terms(&self) -> u32 {
        self.main.vocab.len() as u32
    }

    /// Article `a` of document `d` as one vector of its main and character vectors side by side, each
    /// scaled by 1/√2: the cosine of two such vectors is the mean of the two cosines that the alignment
    /// averages, so the exact top-k search over them ranks by the alignment's own similarity.
    pub fn joint(&self, d: usize, a: usize) -> SparseVec {
        let (v, c) = self.vector(d, a);
        joint(v, c, self.main_terms())
    }
}

/// A main vector and an optional character vector side by side (character ids after `offset`), scaled
/// by 1/√2 when there are two.
fn joint(main: &SparseVec, chars: Option<&SparseVec>, offset: u32) -> SparseVec {
    let Some(chars) = chars else {
        return main.clone();
    };
    let scale = std::f32::consts::FRAC_1_SQRT_2;
    SparseVec {
        indices: main
            .indices
            .iter()
            .copied()
            .chain(chars.indices.iter().map(|i| i + offset))
            .collect(),
        values: main
            .values
            .iter()
            .chain(&chars.values)
            .map(|x| x * scale)
            .collect(),
    }
}

/// The normalised sum of some vectors, kept as running sums so that adding one is cheap. The sums are
/// accumulated in the order the vectors are added, as [`SparseVec::sum_normalized`] accumulates them.
#[derive(Clone, Debug, Default)]
struct Centroid {
    sum: BTreeMap<u32, f64>,
    vector: SparseVec,
    norm: f64,
}

impl Centroid {
    fn add(&mut self, v: &SparseVec) {
        for (i, x) in v.indices.iter().zip(&v.values) {
            *self.sum.entry(*i).or_default() += *x as f64;
        }
        let norm = self.sum.values().map(|x| x * x).sum::<f64>().sqrt();
        let norm = if norm == 0.0 { 1.0 } else { norm };
        self.vector = SparseVec {
            indices: self.sum.keys().copied().collect(),
            values: self.sum.values().map(|x| (x / norm) as f32).collect(),
        };
        self.norm = self.vector.norm();
    }

    fn cosine(&self, v: &SparseVec, v_norm: f64) -> f64 {
        v.cosine_with_norms(v_norm, &self.vector, self.norm)
    }

    fn cosine_centroid(&self, other: &Centroid) -> f64 {
        self.vector
            .cosine_with_norms(self.norm, &other.vector, other.norm)
    }
}

/// A column of the progressive alignment: members and the centroid they make.
#[derive(Clone, Debug)]
pub(super) struct Column {
    /// (document index, article position), in the order they joined.
    pub members: Vec<(usize, usize)>,
    /// The members' documents, sorted, without repeats.
    docs: Vec<usize>,
    centroid: Centroid,
    char_centroid: Option<Centroid>,
    /// Topic votes of the members.
    topics: BTreeMap<String, f64>,
    /// Made by merging columns that the order-aware pass left apart (their order differs between documents).
    pub reordered: bool,
    /// Joined with a column of another chapter group: some document placed the provision under another theme.
    pub moved: bool,
}

impl Column {
    pub fn new(space: &ArticleSpace, topics: &[DocTopics], d: usize, a: usize) -> Column {
        let mut c = Column {
            members: vec![],
            docs: vec![],
            centroid: Centroid::default(),
            char_centroid: space.has_chars().then(Centroid::default),
            topics: BTreeMap::new(),
            reordered: false,
            moved: false,
        };
        c.add(space, topics, d, a);
        c
    }

    pub fn add(&mut self, space: &ArticleSpace, topics: &[DocTopics], d: usize, a: usize) {
        self.members.push((d, a));
        if let Err(at) = self.docs.binary_search(&d) {
            self.docs.insert(at, d);
        }
        let (v, c) = space.vector(d, a);
        self.centroid.add(v);
        if let (Some(cc), Some(c)) = (&mut self.char_centroid, c) {
            cc.add(c);
        }
        if let Some(best) = topics[d].articles[a].candidates.first() {
            *self.topics.entry(best.topic.clone()).or_default() += 1.0 + best.score / 100.0;
        }
    }

    /// Empties the column, handing back its members in order (to add to another column).
    pub fn take_members(&mut self) -> Vec<(usize, usize)> {
        self.docs.clear();
        std::mem::take(&mut self.members)
    }

    pub fn topic(&self) -> Option<&str> {
        self.topics
            .iter()
            .max_by(|x, y| x.1.total_cmp(y.1).then(y.0.cmp(x.0)))
            .map(|(t, _)| t.as_str())
    }

    /// The documents with a member here, sorted.
    pub fn docs(&self) -> &[usize] {
        &self.docs
    }

    /// Whether the two columns have a document in common (a group holds one article per document).
    pub fn shares_document(&self, other: &Column) -> bool {
        let (mut i, mut j) = (0, 0);
        while i < self.docs.len() && j < other.docs.len() {
            match self.docs[i].cmp(&other.docs[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }

    /// The score for putting two columns together: their similarity, plus the topic bonus when they share a
    /// topic; `None` when a document has members in both.
    pub fn merge_score(&self, other: &Column, topic_bonus: f64) -> Option<f64> {
        if self.shares_document(other) {
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
        let main = self.centroid.cosine_centroid(&other.centroid);
        match (&self.char_centroid, &other.char_centroid) {
            (Some(a), Some(b)) => (main + a.cosine_centroid(b)) / 2.0,
            _ => main,
        }
    }

    /// Similarity of article `a` of document `d` to this column.
    pub fn similarity(&self, space: &ArticleSpace, d: usize, a: usize) -> f64 {
        let (v, c) = space.vector(d, a);
        let (nv, nc) = space.norms[d][a];
        let main = self.centroid.cosine(v, nv);
        match (c, &self.char_centroid) {
            (Some(c), Some(cc)) => (main + cc.cosine(c, nc)) / 2.0,
            _ => main,
        }
    }

    /// The main centroid.
    pub fn centroid(&self) -> &SparseVec {
        &self.centroid.vector
    }

    /// The main and the character centroids side by side (see [`ArticleSpace::joint`]): what the search
    /// for merge candidates ranks by.
    pub fn joint(&self, space: &ArticleSpace) -> SparseVec {
        joint(
            &self.centroid.vector,
            self.char_centroid.as_ref().map(|c| &c.vector),
            space.main_terms(),
        )
    }
}
