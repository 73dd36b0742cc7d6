//! Similarity between documents, chapters or articles: the three metrics (TF-IDF cosine, shingle Jaccard,
//! MinHash-estimated Jaccard) over the terms of an [`Analysis`], a dense matrix when the units are few, and
//! otherwise each unit's nearest units from the exact top-k search in `neighbours`, never an N×N matrix.

use std::collections::BTreeMap;

use ndarray::Array2;
use rayon::prelude::*;
use serde::Serialize;

use super::neighbours::{top_k_cosine_in, top_k_jaccard_in, top_k_minhash_in, Neighbour};
use super::Limit;
use crate::features::vectors::{jaccard, shingles, MinHasher, SparseVec};
use crate::features::{Analysis, Features};
use crate::round::round4;
use crate::span::Span;

/// Which units are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitLevel {
    Document,
    Chapter,
    Article,
}

/// How two units are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Cosine of TF-IDF vectors.
    Cosine,
    /// Jaccard of the sets of term shingles.
    Jaccard,
    /// Jaccard estimated from MinHash signatures (candidates from LSH at article level).
    Minhash,
}

/// A unit as it appears in the output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnitRef {
    pub doc: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chapter: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<u32>,
    /// Human-readable: `quzhou-2022`, `quzhou-2022 第八章 完善会议制度`, `quzhou-2022 第四十一条`.
    pub label: String,
    /// The unit in its document, in code points.
    pub span: Span,
}

/// A unit compared: what it is, and the analysis units it is made of, as (document, unit).
struct ComparedUnit {
    unit: UnitRef,
    /// The document's position.
    doc: usize,
    parts: Vec<(usize, usize)>,
}

/// The units of a level. Chapter level: a document without chapters is one unit (chapter absent).
/// Document level: a document without articles is analysed as its whole text.
fn units(analysis: &Analysis, level: UnitLevel) -> Vec<ComparedUnit> {
    let mut out = Vec::new();
    for (d, doc) in analysis.documents.iter().enumerate() {
        let n_units = analysis.similarity_features().units(d).len();
        let whole = || ComparedUnit {
            unit: UnitRef {
                doc: doc.id.clone(),
                chapter: None,
                article: None,
                label: doc.id.clone(),
                span: Span::new(0, doc.char_len),
            },
            doc: d,
            parts: (0..n_units).map(|u| (d, u)).collect(),
        };
        match level {
            UnitLevel::Document => out.push(whole()),
            UnitLevel::Chapter if doc.chapters.is_empty() => out.push(whole()),
            UnitLevel::Chapter => out.extend(doc.chapters.iter().map(|ch| {
                ComparedUnit {
                    unit: UnitRef {
                        doc: doc.id.clone(),
                        chapter: Some(ch.number),
                        article: None,
                        label: format!("{} 第{}章 {}", doc.id, ch.number, ch.title),
                        span: ch.span,
                    },
                    doc: d,
                    parts: doc
                        .articles
                        .iter()
                        .enumerate()
                        .filter(|(_, a)| a.chapter == Some(ch.number))
                        .map(|(a, _)| (d, a))
                        .collect(),
                }
            })),
            UnitLevel::Article => {
                out.extend(
                    doc.articles
                        .iter()
                        .enumerate()
                        .map(|(a, art)| ComparedUnit {
                            unit: UnitRef {
                                doc: doc.id.clone(),
                                chapter: art.chapter,
                                article: Some(art.number),
                                label: format!("{} {}", doc.id, art.label),
                                span: art.span,
                            },
                            doc: d,
                            parts: vec![(d, a)],
                        }),
                )
            }
        }
    }
    out
}

/// Options of a similarity run.
#[derive(Clone, Debug)]
pub struct SimilarityOptions {
    pub level: UnitLevel,
    pub metric: Metric,
    /// Keep the `top` most similar pairs overall (0: all that pass `min_sim`).
    pub top: usize,
    pub min_sim: f64,
    /// Neighbours searched per unit where no matrix is made (articles, or more than `matrix_max` units).
    pub neighbours: usize,
    /// Documents and chapters get a dense matrix up to this many units; beyond, each unit's nearest units.
    pub matrix_max: usize,
    /// Terms per shingle for Jaccard and MinHash.
    pub shingle: usize,
    /// MinHash signature length, and rows per LSH band.
    pub permutations: usize,
    pub band_rows: usize,
    /// Also pair units of the same document (chapter and article levels).
    pub within_documents: bool,
}

impl Default for SimilarityOptions {
    fn default() -> Self {
        SimilarityOptions {
            level: UnitLevel::Document,
            metric: Metric::Cosine,
            top: 20,
            min_sim: 0.0,
            neighbours: 10,
            matrix_max: 200,
            shingle: 2,
            permutations: 128,
            band_rows: 4,
            within_documents: false,
        }
    }
}

/// One pair of units and its similarity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pair {
    /// Indices into [`SimilarityReport::units`], `a < b`.
    pub a: usize,
    pub b: usize,
    /// The units' labels, for reading without a lookup.
    pub a_label: String,
    pub b_label: String,
    pub score: f64,
}

/// The result of a similarity run.
#[derive(Clone, Debug, Serialize)]
pub struct SimilarityReport {
    pub level: UnitLevel,
    pub metric: Metric,
    /// The features compared (`tokens`, `char_2grams`).
    pub features: String,
    pub units: Vec<UnitRef>,
    /// Dense similarity matrix (documents and chapters, up to `matrix_max` units): `matrix[i][j]` for
    /// `units[i]`, `units[j]`; serialized as a list of rows; `null` otherwise.
    #[serde(serialize_with = "rows")]
    pub matrix: Option<Array2<f64>>,
    /// Where there is no matrix at document or chapter level: each unit's nearest units (other documents'
    /// unless `within_documents`), best first, as indices into `units` with their scores; `null` otherwise.
    pub neighbours: Option<Vec<Vec<Neighbour>>>,
    /// The most similar pairs, best first (ties: lower indices first).
    pub pairs: Vec<Pair>,
    /// What was left out, and how much (no matrix past `matrix_max` units, pairs past `top`).
    pub limits: Vec<Limit>,
}

/// Serializes a matrix as nested rows (`null` when absent), the shape pandas reads directly.
fn rows<S: serde::Serializer>(m: &Option<Array2<f64>>, s: S) -> Result<S::Ok, S::Error> {
    match m {
        None => s.serialize_none(),
        Some(m) => {
            let rows: Vec<Vec<f64>> = m.rows().into_iter().map(|r| r.to_vec()).collect();
            s.serialize_some(&rows)
        }
    }
}

/// Per-unit representations of one metric.
enum Representations {
    Cosine(Vec<SparseVec>),
    Jaccard(Vec<Vec<u64>>),
    Minhash(Vec<Vec<u64>>),
}

impl Representations {
    fn new(
        features: &Features,
        level: UnitLevel,
        units: &[ComparedUnit],
        opts: &SimilarityOptions,
    ) -> Representations {
        let norms = || -> Vec<Vec<&str>> {
            units
                .par_iter()
                .map(|u| {
                    u.parts
                        .iter()
                        .flat_map(|(d, p)| features.norms(*d, *p))
                        .collect()
                })
                .collect()
        };
        match opts.metric {
            // Articles' vectors are the analysis' own (idf over all articles, as here).
            Metric::Cosine if level == UnitLevel::Article => Representations::Cosine(
                units
                    .iter()
                    .map(|u| {
                        let (d, a) = u.parts[0];
                        features.article_vector(d, a).clone()
                    })
                    .collect(),
            ),
            Metric::Cosine => {
                let groups: Vec<Vec<(usize, usize)>> =
                    units.iter().map(|u| u.parts.clone()).collect();
                Representations::Cosine(features.group_vectors(&groups))
            }
            Metric::Jaccard => Representations::Jaccard(
                norms()
                    .par_iter()
                    .map(|t| shingles(t, opts.shingle))
                    .collect(),
            ),
            Metric::Minhash => {
                let mh = MinHasher::new(opts.permutations);
                Representations::Minhash(
                    norms()
                        .par_iter()
                        .map(|t| mh.signature(&shingles(t, opts.shingle)))
                        .collect(),
                )
            }
        }
    }

    fn pair(&self, i: usize, j: usize) -> f64 {
        match self {
            Representations::Cosine(v) => v[i].cosine(&v[j]),
            Representations::Jaccard(s) => jaccard(&s[i], &s[j]),
            Representations::Minhash(s) => MinHasher::estimate(&s[i], &s[j]),
        }
    }

    fn neighbours(
        &self,
        groups: Option<&[u32]>,
        k: usize,
        min_sim: f64,
        band_rows: usize,
    ) -> Vec<Vec<Neighbour>> {
        match self {
            Representations::Cosine(v) => top_k_cosine_in(v, groups, k, min_sim),
            Representations::Jaccard(s) => top_k_jaccard_in(s, groups, k, min_sim),
            Representations::Minhash(s) => top_k_minhash_in(s, groups, band_rows, k, min_sim),
        }
    }
}

/// Compares the units of the analysed documents at the chosen level, on the analysis' similarity terms.
pub fn compare(analysis: &Analysis, opts: &SimilarityOptions) -> SimilarityReport {
    let features = analysis.similarity_features();
    let units = units(analysis, opts.level);
    let representations = Representations::new(features, opts.level, &units, opts);
    let n = units.len();
    let keep = |i: usize, j: usize| opts.within_documents || units[i].doc != units[j].doc;
    let mut matrix = None;
    let mut neighbour_lists = None;
    let mut limits = Vec::new();
    let mut pairs: Vec<Pair> = Vec::new();
    if opts.level == UnitLevel::Article || n > opts.matrix_max {
        if opts.level != UnitLevel::Article {
            limits.push(Limit::new(
                crate::compare::Bounded::Matrix,
                format!(
                    "a matrix for at most {} units; each unit's {} nearest instead",
                    opts.matrix_max, opts.neighbours
                ),
                0,
                n * n,
            ));
        }
        let k = opts.neighbours.max(opts.top.min(50)).max(1);
        // Without --within, a unit's neighbours are searched among the other documents' units only, so
        // that its own document's articles (often the most alike) do not crowd them out.
        let doc_index: Vec<u32> = units.iter().map(|u| u.doc as u32).collect();
        let groups = (!opts.within_documents).then_some(doc_index.as_slice());
        let lists = representations.neighbours(groups, k, opts.min_sim, opts.band_rows);
        let mut seen: BTreeMap<(usize, usize), f64> = BTreeMap::new();
        for (i, list) in lists.iter().enumerate() {
            for nb in list {
                let j = nb.index as usize;
                seen.insert((i.min(j), i.max(j)), nb.score);
            }
        }
        pairs = seen
            .into_iter()
            .map(|((a, b), score)| Pair {
                a,
                b,
                a_label: String::new(),
                b_label: String::new(),
                score: round4(score),
            })
            .collect();
        if opts.level != UnitLevel::Article {
            neighbour_lists = Some(
                lists
                    .into_iter()
                    .map(|list| {
                        list.into_iter()
                            .take(opts.neighbours)
                            .map(|nb| Neighbour {
                                index: nb.index,
                                score: round4(nb.score),
                            })
                            .collect()
                    })
                    .collect(),
            );
        }
    } else {
        let rows: Vec<Vec<f64>> = (0..n)
            .into_par_iter()
            .map(|i| {
                (0..n)
                    .map(|j| {
                        if i == j {
                            1.0
                        } else {
                            round4(representations.pair(i, j))
                        }
                    })
                    .collect()
            })
            .collect();
        let mut m = Array2::<f64>::zeros((n, n));
        for (i, row) in rows.iter().enumerate() {
            for (j, x) in row.iter().enumerate() {
                m[[i, j]] = *x;
                if j > i && keep(i, j) && *x >= opts.min_sim && *x > 0.0 {
                    pairs.push(Pair {
                        a: i,
                        b: j,
                        a_label: String::new(),
                        b_label: String::new(),
                        score: *x,
                    });
                }
            }
        }
        matrix = Some(m);
    }
    pairs.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    if opts.top > 0 && pairs.len() > opts.top {
        limits.push(Limit::new(
            crate::compare::Bounded::Pairs,
            format!("the {} most similar pairs", opts.top),
            opts.top,
            pairs.len(),
        ));
        pairs.truncate(opts.top);
    }
    for p in &mut pairs {
        p.a_label = units[p.a].unit.label.clone();
        p.b_label = units[p.b].unit.label.clone();
    }
    SimilarityReport {
        level: opts.level,
        metric: opts.metric,
        features: features.name.clone(),
        units: units.into_iter().map(|u| u.unit).collect(),
        matrix,
        neighbours: neighbour_lists,
        pairs,
        limits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;
    use crate::features::terms::CharNgrams;

    fn analysis(n: usize) -> Analysis {
        let docs: Vec<_> = (0..n)
            .map(|i| {
                let text = format!("第一条 第{i}号文件由区长签发，每月召开一次会议。\n");
                crate::structure::parse(&Document::from_text(&format!("d{i}"), &text))
            })
            .collect();
        Analysis::builder(&CharNgrams(2)).build(docs)
    }

    #[test]
    fn documents_get_a_matrix_up_to_200_and_neighbours_beyond() {
        let opts = SimilarityOptions::default();
        let small = compare(&analysis(200), &opts);
        assert!(small.matrix.is_some() && small.neighbours.is_none());
        let large = compare(&analysis(201), &opts);
        assert!(large.matrix.is_none());
        assert_eq!(large.neighbours.as_ref().map(Vec::len), Some(201));
        assert!(
            large
                .limits
                .iter()
                .any(|l| l.what == crate::compare::Bounded::Matrix),
            "{:?}",
            large.limits
        );
    }
}
