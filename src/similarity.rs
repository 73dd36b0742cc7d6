//! Similarity between documents, chapters or articles: the units and their terms, the three metrics
//! (TF-IDF cosine, shingle Jaccard, MinHash-estimated Jaccard), dense matrices for documents and chapters,
//! and all-pairs top-k neighbours for articles that never builds an N×N matrix.
//!
//! The all-pairs search for cosine is exact: a sparse inverted index accumulates the part of every dot
//! product that comes from rarer terms; the terms shared by many units only contribute an upper bound
//! (query weight × the term's largest weight anywhere). Candidates are re-scored exactly in order of
//! their partial score until no remaining one can reach the current k-th best; a query whose bound is
//! not beaten falls back to a full accumulation. Jaccard uses an inverted index over shingles; MinHash
//! uses locality-sensitive hashing (bands of the signature) for candidates.

use std::collections::BTreeMap;

use ndarray::Array2;
use rayon::prelude::*;
use serde::Serialize;

use crate::span::Span;
use crate::structure::{Article, ParsedDoc};
use crate::vectors::{jaccard, shingles, tfidf_vectors, MinHasher, SparseVec, Term, TermSource};

/// Which units are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
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

/// A unit and its terms (term spans are absolute: code points into the document's text).
#[derive(Clone, Debug)]
pub struct Unit {
    pub unit: UnitRef,
    pub terms: Vec<Term>,
}

/// The text of an article after its marker, and the code point it starts at.
pub fn article_body(article: &Article) -> (String, usize) {
    let skip = article.body_span.start.saturating_sub(article.span.start);
    (
        article.text.chars().skip(skip).collect(),
        article.span.start + skip,
    )
}

/// The terms of an article's body, with absolute spans.
pub fn article_terms(article: &Article, source: &dyn TermSource) -> Vec<Term> {
    let (body, offset) = article_body(article);
    let mut terms = source.terms(&body);
    for t in &mut terms {
        t.span = Span::new(t.span.start + offset, t.span.end + offset);
    }
    terms
}

/// The units of a level. Chapter level: a document without chapters is one unit (chapter absent).
/// Document level: a document without articles is analysed as its whole text.
pub fn units(docs: &[ParsedDoc], level: Level, source: &dyn TermSource) -> Vec<Unit> {
    docs.par_iter()
        .map(|doc| doc_units(doc, level, source))
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect()
}

fn doc_units(doc: &ParsedDoc, level: Level, source: &dyn TermSource) -> Vec<Unit> {
    let whole = || Unit {
        unit: UnitRef {
            doc: doc.id.clone(),
            chapter: None,
            article: None,
            label: doc.id.clone(),
            span: Span::new(0, doc.char_len),
        },
        terms: if doc.articles.is_empty() {
            source.terms(&doc.text)
        } else {
            doc.articles
                .iter()
                .flat_map(|a| article_terms(a, source))
                .collect()
        },
    };
    match level {
        Level::Document => vec![whole()],
        Level::Chapter if doc.chapters.is_empty() => vec![whole()],
        Level::Chapter => doc
            .chapters
            .iter()
            .map(|ch| Unit {
                unit: UnitRef {
                    doc: doc.id.clone(),
                    chapter: Some(ch.number),
                    article: None,
                    label: format!("{} 第{}章 {}", doc.id, ch.number, ch.title),
                    span: ch.span,
                },
                terms: doc
                    .articles
                    .iter()
                    .filter(|a| a.chapter == Some(ch.number))
                    .flat_map(|a| article_terms(a, source))
                    .collect(),
            })
            .collect(),
        Level::Article => doc
            .articles
            .iter()
            .map(|a| Unit {
                unit: UnitRef {
                    doc: doc.id.clone(),
                    chapter: a.chapter,
                    article: Some(a.number),
                    label: format!("{} {}", doc.id, a.label),
                    span: a.span,
                },
                terms: article_terms(a, source),
            })
            .collect(),
    }
}

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
/// `min_sim` (and zero scores) are left out. Vectors must be L2-normalised (as [`crate::vectors::TfIdf`] makes them).
pub fn top_k_cosine(vecs: &[SparseVec], k: usize, min_sim: f64) -> Vec<Vec<Neighbour>> {
    top_k_cosine_in(vecs, None, k, min_sim)
}

/// Whether `d` may be a neighbour of `q`: not itself, and not of the same group (document) when groups
/// are given.
fn eligible(groups: Option<&[u32]>, q: usize, d: usize) -> bool {
    d != q && groups.map_or(true, |g| g[d] != g[q])
}

/// As [`top_k_cosine`], but a unit's neighbours are never of its own group (`groups[i]`: unit `i`'s
/// document), so that the `k` are all from other documents; still exact.
pub fn top_k_cosine_in(
    vecs: &[SparseVec],
    groups: Option<&[u32]>,
    k: usize,
    min_sim: f64,
) -> Vec<Vec<Neighbour>> {
    let n = vecs.len();
    let n_terms = vecs
        .iter()
        .filter_map(|v| v.indices.last())
        .max()
        .map_or(0, |m| *m as usize + 1);
    let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); n_terms];
    for (d, v) in vecs.iter().enumerate() {
        for (t, w) in v.indices.iter().zip(&v.values) {
            postings[*t as usize].push((d as u32, *w));
        }
    }
    // Terms in more than 1% of the units (and at least 64) only bound the score.
    let frequent_df = (n / 100).max(64);
    let max_weight: Vec<f32> = postings
        .iter()
        .map(|p| {
            if p.len() > frequent_df {
                p.iter().map(|(_, w)| *w).fold(0.0, f32::max)
            } else {
                -1.0
            }
        })
        .collect();
    (0..n)
        .into_par_iter()
        .map_init(
            || (vec![0.0f64; n], Vec::<u32>::new()),
            |(acc, touched), q| {
                let query = &vecs[q];
                let mut bound = 0.0f64;
                for (t, w) in query.indices.iter().zip(&query.values) {
                    let mw = max_weight[*t as usize];
                    if mw >= 0.0 {
                        bound += *w as f64 * mw as f64;
                        continue;
                    }
                    for (d, x) in &postings[*t as usize] {
                        if acc[*d as usize] == 0.0 {
                            touched.push(*d);
                        }
                        acc[*d as usize] += *w as f64 * *x as f64;
                    }
                }
                let mut cands: Vec<(f64, u32)> = touched
                    .iter()
                    .filter(|d| eligible(groups, q, **d as usize))
                    .map(|d| (acc[*d as usize], *d))
                    .collect();
                for d in touched.drain(..) {
                    acc[d as usize] = 0.0;
                }
                cands.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                let mut top: Vec<Neighbour> = Vec::with_capacity(k + 1);
                let kth = |top: &Vec<Neighbour>| {
                    if top.len() < k {
                        min_sim.max(f64::MIN_POSITIVE)
                    } else {
                        top[k - 1].score
                    }
                };
                for (partial, d) in cands {
                    if partial + bound + 1e-9 < kth(&top) {
                        break;
                    }
                    let score = query.dot(&vecs[d as usize]);
                    if score >= min_sim && score > 0.0 {
                        push_top(&mut top, k, Neighbour { index: d, score });
                    }
                }
                if bound > 0.0 && bound + 1e-9 >= kth(&top) {
                    // A unit sharing only frequent terms could still make the list: score them all.
                    for (t, w) in query.indices.iter().zip(&query.values) {
                        for (d, x) in &postings[*t as usize] {
                            if acc[*d as usize] == 0.0 {
                                touched.push(*d);
                            }
                            acc[*d as usize] += *w as f64 * *x as f64;
                        }
                    }
                    top.clear();
                    for d in touched.drain(..) {
                        let score = acc[d as usize];
                        acc[d as usize] = 0.0;
                        if eligible(groups, q, d as usize) && score >= min_sim && score > 0.0 {
                            push_top(&mut top, k, Neighbour { index: d, score });
                        }
                    }
                }
                top
            },
        )
        .collect()
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
            let mut h = crate::vectors::splitmix64(b as u64);
            for x in band {
                h = crate::vectors::splitmix64(h ^ x);
            }
            (h, d as u32)
        })
    }));
    (0..sigs.len())
        .into_par_iter()
        .map(|q| {
            let mut cands: Vec<u32> = Vec::new();
            for (b, band) in sigs[q].chunks(rows).enumerate() {
                let mut h = crate::vectors::splitmix64(b as u64);
                for x in band {
                    h = crate::vectors::splitmix64(h ^ x);
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

/// Options of a similarity run.
#[derive(Clone, Debug)]
pub struct SimilarityOptions {
    pub level: Level,
    pub metric: Metric,
    /// Keep the `top` most similar pairs overall (0: all that pass `min_sim`).
    pub top: usize,
    pub min_sim: f64,
    /// Neighbours kept per unit at article level before the pairs are merged.
    pub neighbours: usize,
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
            level: Level::Document,
            metric: Metric::Cosine,
            top: 20,
            min_sim: 0.0,
            neighbours: 10,
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
    pub level: Level,
    pub metric: Metric,
    /// The features compared (`tokens`, `char_2grams`).
    pub features: String,
    pub units: Vec<UnitRef>,
    /// Dense similarity matrix (documents and chapters only): `matrix[i][j]` for `units[i]`, `units[j]`;
    /// serialized as a list of rows.
    #[serde(serialize_with = "rows")]
    pub matrix: Option<Array2<f64>>,
    /// The most similar pairs, best first (ties: lower indices first).
    pub pairs: Vec<Pair>,
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
enum Prepared {
    Cosine(Vec<SparseVec>),
    Jaccard(Vec<Vec<u64>>),
    Minhash(Vec<Vec<u64>>),
}

impl Prepared {
    fn new(units: &[Unit], opts: &SimilarityOptions) -> Prepared {
        let norms: Vec<Vec<&str>> = units
            .iter()
            .map(|u| u.terms.iter().map(|t| t.norm.as_str()).collect())
            .collect();
        match opts.metric {
            Metric::Cosine => Prepared::Cosine(tfidf_vectors(&norms).1),
            Metric::Jaccard => Prepared::Jaccard(
                norms
                    .par_iter()
                    .map(|t| shingles(t, opts.shingle))
                    .collect(),
            ),
            Metric::Minhash => {
                let mh = MinHasher::new(opts.permutations);
                Prepared::Minhash(
                    norms
                        .par_iter()
                        .map(|t| mh.signature(&shingles(t, opts.shingle)))
                        .collect(),
                )
            }
        }
    }

    fn pair(&self, i: usize, j: usize) -> f64 {
        match self {
            Prepared::Cosine(v) => v[i].cosine(&v[j]),
            Prepared::Jaccard(s) => jaccard(&s[i], &s[j]),
            Prepared::Minhash(s) => MinHasher::estimate(&s[i], &s[j]),
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
            Prepared::Cosine(v) => top_k_cosine_in(v, groups, k, min_sim),
            Prepared::Jaccard(s) => top_k_jaccard_in(s, groups, k, min_sim),
            Prepared::Minhash(s) => top_k_minhash_in(s, groups, band_rows, k, min_sim),
        }
    }
}

/// Rounds a score for output, so that printing is stable and readable.
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Compares the units of `docs` at the chosen level.
pub fn compare(
    docs: &[ParsedDoc],
    source: &dyn TermSource,
    opts: &SimilarityOptions,
) -> SimilarityReport {
    let units = units(docs, opts.level, source);
    let prepared = Prepared::new(&units, opts);
    let n = units.len();
    let keep = |i: usize, j: usize| opts.within_documents || units[i].unit.doc != units[j].unit.doc;
    let mut matrix = None;
    let mut pairs: Vec<Pair> = Vec::new();
    if opts.level == Level::Article {
        let k = opts.neighbours.max(opts.top.min(50)).max(1);
        let mut seen: BTreeMap<(usize, usize), f64> = BTreeMap::new();
        // Without --within, a unit's neighbours are searched among the other documents' units only, so
        // that its own document's articles (often the most alike) do not crowd them out.
        let doc_index: Vec<u32> = {
            let mut ids: BTreeMap<&str, u32> = BTreeMap::new();
            units
                .iter()
                .map(|u| {
                    let next = ids.len() as u32;
                    *ids.entry(u.unit.doc.as_str()).or_insert(next)
                })
                .collect()
        };
        let groups = (!opts.within_documents).then_some(doc_index.as_slice());
        for (i, list) in prepared
            .neighbours(groups, k, opts.min_sim, opts.band_rows)
            .iter()
            .enumerate()
        {
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
    } else {
        let rows: Vec<Vec<f64>> = (0..n)
            .into_par_iter()
            .map(|i| {
                (0..n)
                    .map(|j| {
                        if i == j {
                            1.0
                        } else {
                            round4(prepared.pair(i, j))
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
    if opts.top > 0 {
        pairs.truncate(opts.top);
    }
    for p in &mut pairs {
        p.a_label = units[p.a].unit.label.clone();
        p.b_label = units[p.b].unit.label.clone();
    }
    SimilarityReport {
        level: opts.level,
        metric: opts.metric,
        features: source.name(),
        units: units.into_iter().map(|u| u.unit).collect(),
        matrix,
        pairs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vectors::tfidf_vectors;

    fn brute_force(vecs: &[SparseVec], groups: Option<&[u32]>, k: usize) -> Vec<Vec<Neighbour>> {
        (0..vecs.len())
            .map(|q| {
                let mut top = Vec::new();
                for d in 0..vecs.len() {
                    let s = vecs[q].dot(&vecs[d]);
                    if eligible(groups, q, d) && s > 0.0 {
                        push_top(
                            &mut top,
                            k,
                            Neighbour {
                                index: d as u32,
                                score: s,
                            },
                        );
                    }
                }
                top
            })
            .collect()
    }

    #[test]
    fn pruned_all_pairs_equals_brute_force() {
        // 300 pseudo-random units over a skewed vocabulary, so that some terms are frequent.
        let mut x = 7u64;
        let units: Vec<Vec<String>> = (0..300)
            .map(|_| {
                (0..12)
                    .map(|_| {
                        x = crate::vectors::splitmix64(x);
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
            let slow = brute_force(&vecs, g, 5);
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
