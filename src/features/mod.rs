//! The analysis: the middle of the pipeline, built once per run and read by every later stage.
//!
//! An [`Analysis`] holds the parsed documents, the topics of their chapters and articles, and, for each
//! term source the run needs (words, character n-grams), every unit's terms as interned ids with their
//! code-point spans, and the TF-IDF vectors of the articles. A unit is an article's body (after its
//! marker), or a whole document's text when the parser found no articles in it. Alignment, similarity
//! and diffs read terms and vectors from here and never tokenize again; vectors of other groupings
//! (documents, chapters) are summed from the units' ids.
//!
//! Everything is computed in parallel over documents; term ids are given in order of first appearance
//! (documents in input order, units in text order), so they are the same whatever the thread count.

pub mod terms;
pub mod vectors;
pub(crate) mod vocab;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::progress::{Progress, Silent};
use crate::span::{CharIndex, Span};
use crate::structure::ParsedDoc;
use crate::topics::{DocTopics, Taxonomy};
use terms::{TermKind, TermSource};
use vectors::{SparseVec, TfIdf};
use vocab::Vocab;

/// The terms of one unit: interned ids and their spans (code points into the document's text), in order.
/// Spans are kept as 32-bit offsets (a document of 4 billion code points is out of reach anyway), which
/// halves the memory of a corpus' worth of character bigrams.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnitTerms {
    pub ids: Vec<u32>,
    spans: Vec<[u32; 2]>,
}

impl UnitTerms {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The span of term `i`.
    pub fn span(&self, i: usize) -> Span {
        let [start, end] = self.spans[i];
        Span::new(start as usize, end as usize)
    }

    /// Room for about the terms of `text` (a word of about two characters, six bytes; a character of
    /// three), so that a text of many megabytes fills its lists without doubling them, which would hold
    /// them twice over for a moment.
    fn for_text(text: &str, kind: TermKind) -> Self {
        let guess = match kind {
            TermKind::Words => text.len() / 6,
            TermKind::Characters => text.len() / 3,
        } + 1;
        UnitTerms {
            ids: Vec::with_capacity(guess),
            spans: Vec::with_capacity(guess),
        }
    }

    /// Gives back the room the guess left unused.
    fn finish(mut self) -> Self {
        self.ids.shrink_to_fit();
        self.spans.shrink_to_fit();
        self
    }

    fn push(&mut self, id: u32, span: Span) {
        let clamp = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        self.ids.push(id);
        self.spans.push([clamp(span.start), clamp(span.end)]);
    }
}

/// The terms of one term source over the whole corpus.
#[derive(Clone, Debug)]
pub struct Features {
    /// The source's name (`tokens`, `char_2grams`), as the outputs report it.
    pub name: String,
    pub kind: TermKind,
    /// Every distinct compared form (`norm`), by id.
    pub vocab: Vocab,
    /// Per document, per unit.
    units: Vec<Vec<UnitTerms>>,
    /// Per document, per article: L2-normalised TF-IDF vectors, idf over all articles of the corpus.
    article_vectors: Vec<Vec<SparseVec>>,
}

impl Features {
    /// The units of document `d`: its articles in order, or its whole text when it has none.
    pub fn units(&self, d: usize) -> &[UnitTerms] {
        &self.units[d]
    }

    /// The TF-IDF vector of article `a` (its position in `ParsedDoc::articles`) of document `d`.
    pub fn article_vector(&self, d: usize, a: usize) -> &SparseVec {
        &self.article_vectors[d][a]
    }

    /// The articles' vectors of document `d`.
    pub fn article_vectors(&self, d: usize) -> &[SparseVec] {
        &self.article_vectors[d]
    }

    /// TF-IDF vectors of arbitrary groups of units, each a list of (document, unit), with idf over the
    /// groups: documents, chapters. A group's terms are its units' terms in order.
    pub fn group_vectors(&self, groups: &[Vec<(usize, usize)>]) -> Vec<SparseVec> {
        let ids: Vec<Vec<&[u32]>> = groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|(d, u)| self.units[*d][*u].ids.as_slice())
                    .collect()
            })
            .collect();
        tfidf(&ids, self.vocab.len())
    }

    /// The compared forms of a unit's terms, in order.
    pub fn norms(&self, d: usize, u: usize) -> Vec<&str> {
        self.units[d][u]
            .ids
            .iter()
            .map(|id| self.vocab.term(*id))
            .collect()
    }
}

/// Which of the analysis' feature sets plays which part (the similarity terms are always the first).
#[derive(Clone, Copy, Debug)]
struct Roles {
    chars: Option<usize>,
    diff: usize,
}

/// Parsed documents, their topics, and their terms and vectors per term source.
pub struct Analysis {
    pub documents: Vec<ParsedDoc>,
    /// Per document, the topics of its chapters and articles (empty when no taxonomy was given).
    pub topics: Vec<DocTopics>,
    features: Vec<Features>,
    roles: Roles,
}

/// What an [`Analysis`] computes; see [`Analysis::builder`].
pub struct AnalysisBuilder<'a> {
    taxonomy: Option<&'a Taxonomy>,
    similarity: &'a dyn TermSource,
    diff: Option<&'a dyn TermSource>,
    char_bigrams: bool,
    progress: &'a dyn Progress,
}

impl<'a> AnalysisBuilder<'a> {
    /// Classify chapters and articles by topic (the alignment needs it).
    pub fn taxonomy(mut self, taxonomy: &'a Taxonomy) -> Self {
        self.taxonomy = Some(taxonomy);
        self
    }

    /// Terms for word-level diffs, when they are not the similarity terms (single characters beside
    /// character n-grams).
    pub fn diff_terms(mut self, source: &'a dyn TermSource) -> Self {
        self.diff = Some(source);
        self
    }

    /// Add character bigrams beside word terms, which the alignment averages with them; nothing is added
    /// when the similarity terms are characters already.
    pub fn char_bigrams(mut self, on: bool) -> Self {
        self.char_bigrams = on;
        self
    }

    /// Report each document analysed as a step of the current stage.
    pub fn progress(mut self, progress: &'a dyn Progress) -> Self {
        self.progress = progress;
        self
    }

    /// Computes everything, in parallel.
    pub fn build(self, documents: Vec<ParsedDoc>) -> Analysis {
        let bigrams = terms::CharNgrams(2);
        let mut sources: Vec<&dyn TermSource> = vec![self.similarity];
        let diff = match self.diff {
            Some(s) => {
                sources.push(s);
                sources.len() - 1
            }
            None => 0,
        };
        let chars =
            (self.char_bigrams && self.similarity.kind() != TermKind::Characters).then(|| {
                sources.push(&bigrams);
                sources.len() - 1
            });
        let topics = match self.taxonomy {
            Some(t) => documents.par_iter().map(|d| t.classify_doc(d)).collect(),
            None => Vec::new(),
        };
        let features = extract(&documents, &sources, self.progress);
        Analysis {
            documents,
            topics,
            features,
            roles: Roles { chars, diff },
        }
    }
}

impl Analysis {
    /// Starts an analysis whose similarity (and alignment) terms come from `similarity`.
    pub fn builder(similarity: &dyn TermSource) -> AnalysisBuilder<'_> {
        AnalysisBuilder {
            taxonomy: None,
            similarity,
            diff: None,
            char_bigrams: false,
            progress: &Silent,
        }
    }

    /// The terms that similarity and alignment compare.
    pub fn similarity_features(&self) -> &Features {
        &self.features[0]
    }

    /// Character bigrams beside word terms, when asked for.
    pub fn char_features(&self) -> Option<&Features> {
        self.roles.chars.map(|i| &self.features[i])
    }

    /// The terms of word-level diffs.
    pub fn diff_features(&self) -> &Features {
        &self.features[self.roles.diff]
    }

    /// The position of the document with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.documents.iter().position(|d| d.id == id)
    }
}

/// The text of each unit of `doc` as the analysis reads it (a traditional document's simplified form,
/// see [`ParsedDoc::analysis_text`]) and the code point it starts at: article bodies (after their
/// markers), or the whole text.
pub fn unit_texts(doc: &ParsedDoc) -> Vec<(&str, usize)> {
    let text = doc.analysis_text();
    if doc.articles.is_empty() {
        return vec![(text, 0)];
    }
    let index = CharIndex::new(text);
    doc.articles
        .iter()
        .map(|a| {
            let start = a.body_span.start.clamp(a.span.start, a.span.end);
            let body = Span::new(start, a.span.end);
            (&text[index.bytes_of_span(text, body)], start)
        })
        .collect()
}

/// One document's terms for one source, before the vocabularies are merged: local ids in order of
/// first appearance, and the terms they stand for.
struct LocalTerms {
    terms: Vec<compact_str::CompactString>,
    units: Vec<UnitTerms>,
}

/// Every unit's terms for every source, interned, and the articles' TF-IDF vectors.
fn extract(
    documents: &[ParsedDoc],
    sources: &[&dyn TermSource],
    progress: &dyn Progress,
) -> Vec<Features> {
    // Per document (in parallel), per source: terms with document-local ids.
    let local: Vec<Vec<LocalTerms>> = documents
        .par_iter()
        .map(|doc| {
            let texts = unit_texts(doc);
            sources
                .iter()
                .map(|source| {
                    let mut index: FxHashMap<compact_str::CompactString, u32> =
                        FxHashMap::default();
                    let mut terms = Vec::new();
                    let units = texts
                        .iter()
                        .map(|(text, offset)| {
                            let mut unit = UnitTerms::for_text(text, source.kind());
                            source.each_term(text, *offset, &mut |_, norm, span| {
                                let id = match index.get(norm) {
                                    Some(id) => *id,
                                    None => {
                                        let id = terms.len() as u32;
                                        terms.push(compact_str::CompactString::from(norm));
                                        index.insert(norm.into(), id);
                                        id
                                    }
                                };
                                unit.push(id, span);
                            });
                            unit.finish()
                        })
                        .collect();
                    LocalTerms { terms, units }
                })
                .collect::<Vec<_>>()
        })
        .inspect(|_| progress.advance(1))
        .collect();
    let mut per_source: Vec<Vec<LocalTerms>> = (0..sources.len()).map(|_| Vec::new()).collect();
    for doc in local {
        for (s, terms) in doc.into_iter().enumerate() {
            per_source[s].push(terms);
        }
    }
    sources
        .iter()
        .zip(per_source)
        .map(|(source, docs)| features(documents, *source, docs))
        .collect()
}

/// Merges the documents' local vocabularies (in input order, so ids follow first appearance), maps the
/// units' ids, and builds the articles' vectors.
fn features(documents: &[ParsedDoc], source: &dyn TermSource, docs: Vec<LocalTerms>) -> Features {
    let mut vocab = Vocab::new();
    let maps: Vec<Vec<u32>> = docs
        .iter()
        .map(|d| d.terms.iter().map(|t| vocab.intern(t)).collect())
        .collect();
    let units: Vec<Vec<UnitTerms>> = docs
        .into_par_iter()
        .zip(maps.par_iter())
        .map(|(d, map)| {
            d.units
                .into_iter()
                .map(|mut u| {
                    for id in &mut u.ids {
                        *id = map[*id as usize];
                    }
                    u
                })
                .collect()
        })
        .collect();
    // Articles only: a document without articles has none to align.
    let articles: Vec<Vec<&[u32]>> = documents
        .iter()
        .zip(&units)
        .filter(|(doc, _)| !doc.articles.is_empty())
        .flat_map(|(_, us)| us.iter().map(|u| vec![u.ids.as_slice()]))
        .collect();
    let mut flat = tfidf(&articles, vocab.len()).into_iter();
    let article_vectors = documents
        .iter()
        .map(|doc| {
            doc.articles
                .iter()
                .map(|_| flat.next().unwrap_or_default())
                .collect()
        })
        .collect();
    Features {
        name: source.name(),
        kind: source.kind(),
        vocab,
        units,
        article_vectors,
    }
}

/// TF-IDF vectors (raw counts × smooth idf, L2-normalised) of groups of id runs, idf over the groups.
fn tfidf(groups: &[Vec<&[u32]>], n_terms: usize) -> Vec<SparseVec> {
    let distinct: Vec<Vec<u32>> = groups
        .par_iter()
        .map(|g| {
            let mut ids: Vec<u32> = g.iter().flat_map(|run| run.iter().copied()).collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        })
        .collect();
    let mut df = vec![0u32; n_terms];
    for ids in &distinct {
        for id in ids {
            df[*id as usize] += 1;
        }
    }
    let model = TfIdf::from_df(&df, groups.len());
    groups
        .par_iter()
        .map(|g| {
            let ids: Vec<u32> = g.iter().flat_map(|run| run.iter().copied()).collect();
            model.transform(&ids)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;
    use crate::structure;
    use crate::tokenize::Analyzer;
    use terms::CharNgrams;
    use vectors::tfidf_vectors;

    fn docs() -> Vec<ParsedDoc> {
        [
            (
                "a",
                "第一条 区长签发会议纪要。\n第二条 区政府常务会议每月召开一次。\n",
            ),
            ("b", "没有条文的一段文字，区长主持。\n"),
            (
                "c",
                "第一条 市长签发会议纪要。\n第二条 市政府常务会议每两周召开一次。\n",
            ),
        ]
        .iter()
        .map(|(id, text)| structure::parse(&Document::from_text(id, text)))
        .collect()
    }

    #[test]
    fn units_are_articles_or_the_whole_text_and_spans_slice_back() {
        let analyzer = Analyzer::government_folded();
        let a = Analysis::builder(&analyzer)
            .char_bigrams(true)
            .build(docs());
        let words = a.similarity_features();
        assert_eq!(words.units(0).len(), 2);
        assert_eq!(words.units(1).len(), 1);
        assert_eq!(a.char_features().unwrap().name, "char_2grams");
        for (d, doc) in a.documents.iter().enumerate() {
            for u in words.units(d) {
                for (i, id) in u.ids.iter().enumerate() {
                    let surface = crate::span::slice_chars(&doc.text, u.span(i));
                    let norm = words.vocab.term(*id);
                    assert!(norm == surface || norm.starts_with('<'), "{norm} {surface}");
                }
            }
        }
        // Role folding makes 区长 and 市长 one term.
        assert_eq!(words.units(0)[0].ids[0], words.units(2)[0].ids[0]);
    }

    #[test]
    fn article_vectors_equal_a_fresh_tfidf_over_the_articles() {
        let source = CharNgrams(2);
        let a = Analysis::builder(&source).build(docs());
        let norms: Vec<Vec<String>> = a
            .documents
            .iter()
            .enumerate()
            .filter(|(_, d)| !d.articles.is_empty())
            .flat_map(|(d, doc)| {
                (0..doc.articles.len())
                    .map(move |u| (d, u))
                    .collect::<Vec<_>>()
            })
            .map(|(d, u)| {
                source
                    .terms(unit_texts(&a.documents[d])[u].0)
                    .into_iter()
                    .map(|t| t.norm.into_string())
                    .collect()
            })
            .collect();
        let (vocab, want) = tfidf_vectors(&norms);
        let f = a.similarity_features();
        let got: Vec<&SparseVec> = (0..3).flat_map(|d| f.article_vectors(d)).collect();
        assert_eq!(got.len(), want.len());
        // The same weights for the same terms (ids differ: the analysis also interns document b's text).
        let by_term = |v: &SparseVec, term: &dyn Fn(u32) -> String| -> Vec<(String, u32)> {
            let mut out: Vec<(String, u32)> = v
                .indices
                .iter()
                .zip(&v.values)
                .map(|(i, x)| (term(*i), x.to_bits()))
                .collect();
            out.sort();
            out
        };
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(
                by_term(g, &|i| f.vocab.term(i).to_string()),
                by_term(w, &|i| vocab.term(i).to_string())
            );
        }
        assert!(
            a.char_features().is_none(),
            "characters need no second set of bigrams"
        );
    }

    #[test]
    fn term_ids_do_not_depend_on_the_thread_count() {
        let analyzer = Analyzer::government_folded();
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| {
                let a = Analysis::builder(&analyzer)
                    .char_bigrams(true)
                    .build(docs());
                let f = a.similarity_features();
                (0..3).map(|d| f.units(d).to_vec()).collect::<Vec<_>>()
            })
        };
        assert_eq!(run(1), run(3));
    }
}
