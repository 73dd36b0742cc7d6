//! The report bundle: everything govrules knows about a set of documents in one versioned, serializable
//! value ([`Report`]), built by running the library's stages in-process ([`build`]) over one
//! [`Analysis`], and rendered as one self-contained HTML page by [`html::render`]. `report.json` is this
//! value; docs/report.md lists its fields.
//!
//! Its sections are the commands' own output types (`envelope`), so `report.json`'s `alignment` is what
//! `govrules align` writes. With many documents, pairwise work is bounded: word diffs for each document's
//! nearest documents, reuse for each document's closest partners, no similarity matrix; `limits` says what
//! was left out.

pub mod envelope;
pub mod html;

use rayon::prelude::*;
use serde::Serialize;

use crate::compare::align::{self, AlignOptions};
use crate::compare::diff::{self, AlignmentIndex, DiffOptions};
use crate::compare::neighbours::top_k_cosine;
use crate::compare::reuse::{self, ReuseOptions};
use crate::compare::revisions::{self, FactChange};
use crate::compare::similarity::{self, SimilarityOptions};
use crate::compare::Limit;
use crate::corpus::Document;
use crate::facts::{self, DocFacts, FactTopic, Vocabulary};
use crate::features::terms::TermSource;
use crate::features::Analysis;
use crate::meta::{DocMeta, MetaTable};
use crate::progress::Progress;
use crate::round::round4;
use crate::span::Span;
use crate::structure::{self, Numbering, ParsedDoc, Warning};
use crate::topics::Taxonomy;
use envelope::{AlignmentSection, FactsSection, SimilaritySection};

/// Everything in `report.json`.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub schema_version: String,
    /// `govrules <version>`.
    pub generator: String,
    /// Identifies the report by its content (a hash of all the rest): `report.json` and `report.html`
    /// written by one run carry the same id (the page in `<meta name="govrules-run-id">`).
    pub run_id: String,
    /// One summary per document, in input order.
    pub documents: Vec<DocumentSummary>,
    /// Each document's metadata (government, level, year, unique label, the `--meta` file's columns), in
    /// input order: what every command's `metadata` holds.
    pub metadata: Vec<DocMeta>,
    /// Inputs that could not be loaded (the message names the file); the other documents were still processed.
    pub input_errors: Vec<String>,
    /// Groups of corresponding articles across documents (the output of `govrules align`), or `null`.
    pub alignment: Option<AlignmentSection>,
    /// Document-level similarity and verbatim reuse (the output of `govrules similarity --reuse`), or `null`.
    pub similarity: Option<SimilaritySection>,
    /// Which pairs of documents were diffed word by word, see [`DiffPairs`].
    pub diff_pairs: DiffPairs,
    /// Word-level diffs of the aligned articles of those pairs, see [`ReportDiff`].
    pub diffs: Vec<ReportDiff>,
    /// Documents that are revisions of one text (the same government and title), each with the next, and
    /// what changed between them fact by fact; their aligned articles are always among the `diffs`.
    pub revisions: Vec<Revision>,
    /// Facts per document: meetings, cadences, signing, deadlines, leave (the output of `govrules compare`), or `null`.
    pub facts: Option<FactsSection>,
    /// Sections that are empty or `null`, and why.
    pub notes: Vec<String>,
    /// Everything bounded in this report (diffs, reuse, similarity), by how much.
    pub limits: Vec<Limit>,
}

/// Which document pairs get word-level diffs of their aligned articles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffPolicy {
    /// Every pair of documents.
    All,
    /// Each document with its `k` most similar documents (document cosine).
    Nearest(usize),
    /// No diffs.
    None,
}

impl DiffPolicy {
    /// `all`, `none` or `nearest:K`.
    pub fn parse(s: &str) -> Option<DiffPolicy> {
        match s {
            "all" => Some(DiffPolicy::All),
            "none" => Some(DiffPolicy::None),
            _ => {
                let k = s.strip_prefix("nearest:")?.parse().ok()?;
                Some(DiffPolicy::Nearest(k))
            }
        }
    }

    fn name(self) -> String {
        match self {
            DiffPolicy::All => "all".into(),
            DiffPolicy::Nearest(k) => format!("nearest:{k}"),
            DiffPolicy::None => "none".into(),
        }
    }
}

/// The pairs of documents whose aligned articles were diffed.
#[derive(Clone, Debug, Serialize)]
pub struct DiffPairs {
    /// `all`, `nearest:K` or `none`.
    pub policy: String,
    /// The pairs, as positions in `documents` (`a < b`), in order.
    pub pairs: Vec<[usize; 2]>,
    /// How many pairs of documents there are in all.
    pub possible: usize,
}

/// Two consecutive revisions of one text and what changed from the earlier to the later, fact by fact.
#[derive(Clone, Debug, Serialize)]
pub struct Revision {
    /// The earlier revision's id.
    pub a: String,
    /// The later revision's id.
    pub b: String,
    /// Document similarity of the two (cosine of their words, as in `similarity`).
    pub similarity: f64,
    pub government: Option<String>,
    /// The later revision's title.
    pub title: Option<String>,
    /// Meetings and signing rules added, dropped or changed (see `govrules diff`'s `fact_changes`).
    pub fact_changes: Vec<FactChange>,
}

/// Options of a report.
pub struct ReportOptions<'a> {
    pub taxonomy: &'a Taxonomy,
    /// The words compared and diffed: the government analyzer with roles folded, or any term source.
    pub analyzer: &'a dyn TermSource,
    /// Which pairs get word diffs; `None`: every pair up to [`SMALL_CORPUS`] documents, else each
    /// document's 3 nearest.
    pub diff_pairs: Option<DiffPolicy>,
    /// How meetings and signing rules are classified.
    pub vocabulary: &'a Vocabulary,
    /// A researcher's metadata file (`--meta`), read and checked.
    pub meta: Option<&'a MetaTable>,
    pub progress: &'a dyn Progress,
    /// Put each document's decoded text in its summary (`text`).
    pub embed_texts: bool,
}

/// Up to this many documents, a report computes every pair (diffs, reuse) and the similarity matrix.
pub const SMALL_CORPUS: usize = 12;
/// Nearest documents listed per document when there is no matrix.
const NEIGHBOURS: usize = 10;

/// The structure of one document, with its articles' text (so the page and notebooks can quote them).
#[derive(Clone, Debug, Serialize)]
pub struct DocumentSummary {
    /// The file stem.
    pub id: String,
    /// The document's unique display label (its metadata's `label`: `杭州市拱墅区`, `衢州市 2022`).
    pub label: String,
    /// The file read, as an absolute path (so a notebook finds it from anywhere).
    pub path: String,
    pub title: Option<String>,
    pub issuer: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    pub doc_number: Option<String>,
    pub numbering: Numbering,
    /// `simplified`, `traditional` or `mixed` (see docs/scripts.md).
    pub script: crate::text::Script,
    /// Length of the decoded text in code points.
    pub char_len: usize,
    pub chapter_count: usize,
    pub article_count: usize,
    pub chapters: Vec<ChapterSummary>,
    pub articles: Vec<ArticleText>,
    pub warnings: Vec<WarningNote>,
    /// The decoded text (what spans index into), with `report --embed-texts`; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A parser warning with the passage it points at.
#[derive(Clone, Debug, Serialize)]
pub struct WarningNote {
    #[serde(flatten)]
    pub warning: Warning,
    /// Up to 60 characters of the text at the warning's span (absent when it has no span).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
}

/// A chapter heading and the articles under it.
#[derive(Clone, Debug, Serialize)]
pub struct ChapterSummary {
    pub number: u32,
    pub title: String,
    pub span: Span,
    /// Number of articles in the chapter.
    pub article_count: usize,
}

/// One article's text and where it is.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleText {
    pub number: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_number: Option<u32>,
    /// The marker as written: `第三十六条`, `四十四、`.
    pub label: String,
    pub chapter: Option<u32>,
    pub span: Span,
    pub text: String,
}

/// A reference to one article: (document id, article number).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DocArticle {
    pub doc: String,
    pub article: u32,
}

/// The word-level difference between two aligned articles `a` and `b` (`a` before `b` in input order),
/// as the passages only one side has; everything else in the two articles is shared wording.
#[derive(Clone, Debug, Serialize)]
pub struct ReportDiff {
    /// The alignment group's `id`.
    pub group: String,
    pub a: DocArticle,
    pub b: DocArticle,
    /// Share of words in common, 0–1; null when the pair was too long to diff.
    pub similarity: Option<f64>,
    /// Passages of `a` deleted or replaced in `b`, in text order; spans are into `a`'s document.
    pub only_in_a: Vec<DiffPassage>,
    /// Passages of `b` inserted or replacing, in text order; spans are into `b`'s document.
    pub only_in_b: Vec<DiffPassage>,
}

/// A passage of a document: its span and its text (`text == decoded[span]`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiffPassage {
    pub span: Span,
    pub text: String,
}

/// Builds the report for documents already loaded; `input_errors` are the messages of inputs that failed.
///
/// Runs every stage in-process over one analysis (words with roles folded, character bigrams beside
/// them, the taxonomy's topics): `align`, `similarity --level document --metric cosine --reuse`, word
/// diffs of the aligned articles of the pairs `diff_pairs` selects, and `compare --topic all`.
pub fn build(documents: Vec<Document>, input_errors: Vec<String>, opts: &ReportOptions) -> Report {
    let progress = opts.progress;
    progress.stage("parse", documents.len() as u64);
    let parsed: Vec<ParsedDoc> = documents
        .into_par_iter()
        .map(|d| {
            let p = structure::parse(&d);
            progress.advance(1);
            p
        })
        .collect();
    let (metadata, mut notes) = crate::meta::describe(&parsed, opts.meta);
    let n = parsed.len();
    let small = n <= SMALL_CORPUS;
    let policy = opts.diff_pairs.unwrap_or(if small {
        DiffPolicy::All
    } else {
        DiffPolicy::Nearest(3)
    });
    let mut report = Report {
        schema_version: crate::SCHEMA_VERSION.to_string(),
        generator: format!("govrules {}", env!("CARGO_PKG_VERSION")),
        run_id: String::new(),
        documents: parsed
            .iter()
            .zip(&metadata)
            .map(|(d, m)| DocumentSummary {
                text: opts.embed_texts.then(|| d.text.clone()),
                ..DocumentSummary::of(d, &m.label)
            })
            .collect(),
        metadata,
        input_errors,
        alignment: None,
        similarity: None,
        diff_pairs: DiffPairs {
            policy: policy.name(),
            pairs: Vec::new(),
            possible: n * n.saturating_sub(1) / 2,
        },
        diffs: Vec::new(),
        revisions: Vec::new(),
        facts: None,
        notes: Vec::new(),
        limits: Vec::new(),
    };
    if parsed.is_empty() {
        notes.push("no document could be loaded".to_string());
        report.notes = notes;
        report.run_id = content_id(&report);
        progress.finish();
        return report;
    }
    if parsed.iter().all(|d| d.articles.is_empty()) {
        notes.push("no articles found in any document: nothing to align or diff".to_string());
    } else {
        for d in parsed.iter().filter(|d| d.articles.is_empty()) {
            notes.push(format!(
                "{}: no articles found; nothing of it can align",
                d.id
            ));
        }
    }
    if n < 2 {
        notes.push(
            "one document only: no alignment across documents, no similarity pairs, no diffs"
                .into(),
        );
    }

    progress.stage("tokenize", n as u64);
    let analysis = Analysis::builder(opts.analyzer)
        .taxonomy(opts.taxonomy)
        .char_bigrams(true)
        .progress(progress)
        .build(parsed);

    progress.stage("align", 0);
    let alignment = align::align(&analysis, opts.taxonomy, &AlignOptions::default());
    report.limits.extend(alignment.limits.iter().cloned());

    progress.stage("similarity", 0);
    let similarity = similarity::compare(
        &analysis,
        &SimilarityOptions {
            neighbours: NEIGHBOURS,
            ..SimilarityOptions::default()
        },
    );
    report.limits.extend(similarity.limits.iter().cloned());
    progress.stage("reuse", 0);
    let reuse = reuse::find_reuse(&analysis.documents, &ReuseOptions::for_corpus(n));
    report.limits.extend(reuse.limits.iter().cloned());

    let (revision_pairs, unlike) = revisions_of(&analysis, &report.metadata);
    if unlike > 0 {
        notes.push(format!(
            "{unlike} pair(s) of documents share a government and a title but not their wording (document \
             similarity below {REVISION_MIN_SIMILARITY}): not taken as revisions of one text"
        ));
    }
    let mut pairs = diff_pairs(&analysis, policy);
    if policy != DiffPolicy::None {
        // Revisions are always diffed, whatever the nearest documents.
        pairs.extend(
            revision_pairs
                .iter()
                .map(|&([a, b], _)| [a.min(b), a.max(b)]),
        );
        pairs.sort_unstable();
        pairs.dedup();
    }
    if pairs.len() < report.diff_pairs.possible {
        report.limits.push(Limit::new(
            crate::compare::Bounded::DiffPairs,
            match policy {
                DiffPolicy::Nearest(k) if revision_pairs.is_empty() => {
                    format!("each document with its {k} most similar documents")
                }
                DiffPolicy::Nearest(k) => {
                    format!("each document with its {k} most similar documents, and each revision with the next")
                }
                _ => "none".into(),
            },
            pairs.len(),
            report.diff_pairs.possible,
        ));
    }
    progress.stage("diffs", pairs.len() as u64);
    let index = AlignmentIndex::new(&analysis, &alignment);
    let opts_diff = DiffOptions::default();
    let docs = &analysis.documents;
    report.diffs = pairs
        .par_iter()
        .flat_map_iter(|&[a, b]| {
            let found = diff::diff_articles(&analysis, &index, a, b, &opts_diff);
            progress.advance(1);
            found.into_iter().map(move |p| ReportDiff {
                group: p.group,
                a: DocArticle {
                    doc: docs[a].id.clone(),
                    article: p.a.article,
                },
                b: DocArticle {
                    doc: docs[b].id.clone(),
                    article: p.b.article,
                },
                similarity: p.similarity,
                only_in_a: p.unique_a.into_iter().map(DiffPassage::from).collect(),
                only_in_b: p.unique_b.into_iter().map(DiffPassage::from).collect(),
            })
        })
        .collect();
    report.diff_pairs.pairs = pairs;

    progress.stage("facts", docs.len() as u64);
    let found: Vec<DocFacts> = docs
        .par_iter()
        .map(|d| {
            let f = facts::extract_with(d, &FactTopic::ALL, opts.vocabulary);
            progress.advance(1);
            f
        })
        .collect();
    report.revisions = revision_pairs
        .iter()
        .map(|&([a, b], similarity)| Revision {
            a: docs[a].id.clone(),
            b: docs[b].id.clone(),
            similarity,
            government: report.metadata[b].government.clone(),
            title: docs[b].title.clone(),
            fact_changes: revisions::fact_changes(&found[a], &found[b]),
        })
        .collect();
    report.facts = Some(FactsSection::new(found, &FactTopic::ALL, opts.vocabulary));
    report.alignment = Some(AlignmentSection::new(docs, alignment));
    report.similarity = Some(SimilaritySection {
        report: similarity,
        reuse: Some(reuse),
    });
    report.notes = notes;
    report.run_id = content_id(&report);
    progress.finish();
    report
}

/// A hash of the report's JSON (64-bit FNV-1a, in hex): the same inputs give the same id whatever the
/// thread count, so the output stays deterministic, and a page and a bundle of different runs differ.
fn content_id(report: &Report) -> String {
    let json = serde_json::to_vec(report).expect("the report serializes");
    format!("{:016x}", crate::features::vectors::fnv1a(&json))
}

/// Two documents with the same government and title are revisions of one text only when they are this
/// similar (document cosine): revisions of a text share most of their wording, while texts that merely
/// share a title (parts of one code, a title the parser read short) do not.
pub const REVISION_MIN_SIMILARITY: f64 = 0.5;

/// The pairs of revisions (earlier, later) with their document similarity, and how many candidates
/// (same government and title) were too unlike to be revisions.
fn revisions_of(analysis: &Analysis, metadata: &[DocMeta]) -> (Vec<([usize; 2], f64)>, usize) {
    let candidates = revisions::revision_pairs(&analysis.documents, metadata);
    let mut docs: Vec<usize> = candidates.iter().flatten().copied().collect();
    docs.sort_unstable();
    docs.dedup();
    let features = analysis.similarity_features();
    let groups: Vec<Vec<(usize, usize)>> = docs
        .iter()
        .map(|&d| (0..features.units(d).len()).map(|u| (d, u)).collect())
        .collect();
    let vectors = features.group_vectors(&groups);
    let vector = |d: usize| &vectors[docs.binary_search(&d).expect("a candidate's document")];
    let (kept, unlike): (Vec<_>, Vec<_>) = candidates
        .into_iter()
        .map(|[a, b]| ([a, b], round4(vector(a).cosine(vector(b)))))
        .partition(|(_, s)| *s >= REVISION_MIN_SIMILARITY);
    (kept, unlike.len())
}

/// The document pairs (`a < b`, positions) the policy selects, in order.
fn diff_pairs(analysis: &Analysis, policy: DiffPolicy) -> Vec<[usize; 2]> {
    let n = analysis.documents.len();
    let mut pairs: Vec<[usize; 2]> = match policy {
        DiffPolicy::None => Vec::new(),
        DiffPolicy::All => (0..n)
            .flat_map(|a| (a + 1..n).map(move |b| [a, b]))
            .collect(),
        DiffPolicy::Nearest(k) => {
            let features = analysis.similarity_features();
            let groups: Vec<Vec<(usize, usize)>> = (0..n)
                .map(|d| (0..features.units(d).len()).map(|u| (d, u)).collect())
                .collect();
            let vectors = features.group_vectors(&groups);
            top_k_cosine(&vectors, k, 0.0)
                .iter()
                .enumerate()
                .flat_map(|(a, list)| {
                    list.iter().map(move |nb| {
                        let b = nb.index as usize;
                        [a.min(b), a.max(b)]
                    })
                })
                .collect()
        }
    };
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

impl From<diff::UniquePassage> for DiffPassage {
    fn from(p: diff::UniquePassage) -> Self {
        DiffPassage {
            span: p.span,
            text: p.text,
        }
    }
}

impl DocumentSummary {
    /// The summary of one parsed document, under its label.
    pub fn of(doc: &ParsedDoc, label: &str) -> Self {
        DocumentSummary {
            id: doc.id.clone(),
            label: label.to_string(),
            path: absolute_path(&doc.path),
            title: doc.title.clone(),
            issuer: doc.issuer.clone(),
            date: doc.date.clone(),
            doc_number: doc.doc_number.clone(),
            numbering: doc.numbering,
            script: doc.script,
            char_len: doc.char_len,
            chapter_count: doc.chapters.len(),
            article_count: doc.articles.len(),
            chapters: doc
                .chapters
                .iter()
                .map(|c| ChapterSummary {
                    number: c.number,
                    title: c.title.clone(),
                    span: c.span,
                    article_count: doc
                        .articles
                        .iter()
                        .filter(|a| a.chapter == Some(c.number))
                        .count(),
                })
                .collect(),
            articles: doc
                .articles
                .iter()
                .map(|a| ArticleText {
                    number: a.number,
                    sub_number: a.sub_number,
                    label: a.label.clone(),
                    chapter: a.chapter,
                    span: a.span,
                    text: a.text.clone(),
                })
                .collect(),
            warnings: doc
                .warnings
                .iter()
                .map(|w| WarningNote {
                    warning: w.clone(),
                    excerpt: w.span.map(|span| excerpt(&doc.text, span, 60)),
                })
                .collect(),
            text: None,
        }
    }
}

/// `path` made absolute against the working directory (lexically: links are not resolved); as given when
/// that fails.
fn absolute_path(path: &str) -> String {
    std::path::absolute(path)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| path.to_string())
}

/// At most `max` characters of `text` from the start of `span`, with `…` when cut.
fn excerpt(text: &str, span: Span, max: usize) -> String {
    let mut out: String = text
        .chars()
        .skip(span.start)
        .take(span.len().min(max))
        .collect();
    if span.len() > max {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::Analyzer;
    use std::collections::BTreeMap;

    /// A term source that counts what it is asked to cut: (document offset, text length) → calls.
    struct Counting<'a> {
        inner: &'a dyn TermSource,
        calls: std::sync::Mutex<BTreeMap<(usize, usize), usize>>,
    }

    impl TermSource for Counting<'_> {
        fn name(&self) -> String {
            self.inner.name()
        }
        fn kind(&self) -> crate::features::terms::TermKind {
            self.inner.kind()
        }
        fn each_term(&self, text: &str, offset: usize, emit: &mut dyn FnMut(&str, &str, Span)) {
            *self
                .calls
                .lock()
                .unwrap()
                .entry((offset, text.len()))
                .or_default() += 1;
            self.inner.each_term(text, offset, emit)
        }
    }

    #[test]
    fn the_report_cuts_each_unit_once() {
        let loaded =
            crate::corpus::load_paths(&[concat!(env!("CARGO_MANIFEST_DIR"), "/corpus").into()]);
        assert_eq!(loaded.documents.len(), 5);
        let units: usize = loaded
            .documents
            .iter()
            .map(|d| structure::parse(d).articles.len().max(1))
            .sum();
        let (taxonomy, analyzer) = (Taxonomy::builtin(), Analyzer::government_folded());
        let counting = Counting {
            inner: &analyzer,
            calls: Default::default(),
        };
        let opts = ReportOptions {
            taxonomy: &taxonomy,
            analyzer: &counting,
            diff_pairs: None,
            vocabulary: Vocabulary::builtin(),
            meta: None,
            progress: &crate::progress::Silent,
            embed_texts: false,
        };
        let report = build(loaded.documents, vec![], &opts);
        assert!(!report.diffs.is_empty() && report.alignment.is_some());
        let calls = counting.calls.into_inner().unwrap();
        // Every unit (article body, or a whole text without articles) was cut, and none twice.
        assert_eq!(calls.values().sum::<usize>(), units, "{calls:?}");
        assert!(calls.values().all(|n| *n == 1), "{calls:?}");
    }

    #[test]
    fn build_keeps_input_order_and_errors() {
        let docs = [
            Document::from_text("b", "第一条 甲。\n"),
            Document::from_text("a", "第一条 乙。\n"),
        ];
        let (taxonomy, analyzer) = (Taxonomy::builtin(), Analyzer::government_folded());
        let opts = ReportOptions {
            taxonomy: &taxonomy,
            analyzer: &analyzer,
            diff_pairs: None,
            vocabulary: Vocabulary::builtin(),
            meta: None,
            progress: &crate::progress::Silent,
            embed_texts: false,
        };
        let report = build(docs.to_vec(), vec!["bad.txt: empty file".into()], &opts);
        let ids: Vec<&str> = report.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["b", "a"]);
        assert_eq!(report.input_errors, ["bad.txt: empty file"]);
        assert_eq!(report.schema_version, crate::SCHEMA_VERSION);
    }
}
