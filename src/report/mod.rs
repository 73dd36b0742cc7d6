//! The report bundle: everything govrules knows about a set of documents in one versioned, serializable
//! value ([`Report`]), built by running the library's stages in-process ([`build`]), and rendered as one
//! self-contained HTML page by [`html::render`]. `report.json` is this value; docs/report.md lists its fields.
//!
//! The structure summary is typed here. The other sections hold the JSON the corresponding commands write
//! (`align`, `similarity`, `diff`, `compare`), without their `schema_version`, so a notebook reads them
//! the same way whether it ran the command or the report; a section that was not computed is `null`, and
//! `notes` says why.

pub mod html;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::align::{self, AlignOptions, Alignment};
use crate::corpus::Document;
use crate::diff::{self, DiffOptions};
use crate::facts::{self, DocFacts};
use crate::reuse::{self, ReuseOptions};
use crate::similarity::{self, SimilarityOptions};
use crate::span::Span;
use crate::structure::{self, Numbering, ParsedDoc, Warning};
use crate::tokenize::Analyzer;
use crate::topics::Taxonomy;

/// Everything in `report.json`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: String,
    /// `govrules <version>`.
    pub generator: String,
    /// Identifies the report by its content (a hash of all the rest): `report.json` and `report.html`
    /// written by one run carry the same id (the page in `<meta name="govrules-run-id">`).
    #[serde(default)]
    pub run_id: String,
    /// One summary per document, in input order.
    pub documents: Vec<DocumentSummary>,
    /// Inputs that could not be loaded (the message names the file); the other documents were still processed.
    pub input_errors: Vec<String>,
    /// Groups of corresponding articles across documents (the output of `govrules align`), or `null`.
    pub alignment: Value,
    /// Document-level similarity, top pairs and text reuse (the output of `govrules similarity`), or `null`.
    pub similarity: Value,
    /// Word-level diffs of aligned article pairs, see [`ArticleDiff`].
    pub diffs: Vec<ArticleDiff>,
    /// Facts per document: meetings, cadences, signing, deadlines, leave (the output of `govrules compare`), or `null`.
    pub facts: Value,
    /// Sections that are empty or `null`, and why.
    pub notes: Vec<String>,
}

/// The structure of one document, with its articles' text (so the page and notebooks can quote them).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DocumentSummary {
    /// The file stem.
    pub id: String,
    /// A short display name: the issuer without `人民政府` (`杭州市拱墅区`), else the title, else the id.
    pub label: String,
    pub path: String,
    pub title: Option<String>,
    pub issuer: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    pub doc_number: Option<String>,
    pub numbering: Numbering,
    /// Length of the decoded text in code points.
    pub char_len: usize,
    pub chapter_count: usize,
    pub article_count: usize,
    pub chapters: Vec<ChapterSummary>,
    pub articles: Vec<ArticleText>,
    pub warnings: Vec<WarningNote>,
}

/// A parser warning with the passage it points at.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct WarningNote {
    #[serde(flatten)]
    pub warning: Warning,
    /// Up to 60 characters of the text at the warning's span (absent when it has no span).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
}

/// A chapter heading and the articles under it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChapterSummary {
    pub number: u32,
    pub title: String,
    pub span: Span,
    /// Number of articles in the chapter.
    pub article_count: usize,
}

/// One article's text and where it is.
#[derive(Clone, Debug, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ArticleRef {
    pub doc: String,
    pub article: u32,
}

/// The word-level difference between two aligned articles `a` and `b` (`a` before `b` in input order),
/// as the passages only one side has; everything else in the two articles is shared wording.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ArticleDiff {
    /// The alignment group's `id`.
    pub group: String,
    pub a: ArticleRef,
    pub b: ArticleRef,
    /// Share of words in common, 0–1.
    pub similarity: f64,
    /// Passages of `a` deleted or replaced in `b`, in text order; spans are into `a`'s document.
    pub only_in_a: Vec<Passage>,
    /// Passages of `b` inserted or replacing, in text order; spans are into `b`'s document.
    pub only_in_b: Vec<Passage>,
}

/// A passage of a document: its span and its text (`text == decoded[span]`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passage {
    pub span: Span,
    pub text: String,
}

/// Builds the report for documents already loaded; `input_errors` are the messages of inputs that failed.
///
/// Runs every stage in-process with the commands' defaults (token features with roles folded, the bundled
/// taxonomy): `align`, `similarity --level document --metric cosine --reuse`, a word diff of every pair of
/// aligned articles of two different documents, and `compare --topic all`.
pub fn build(documents: &[Document], input_errors: Vec<String>) -> Report {
    let parsed = structure::parse_all(documents);
    let mut notes = Vec::new();
    let mut report = Report {
        schema_version: crate::SCHEMA_VERSION.to_string(),
        generator: format!("govrules {}", env!("CARGO_PKG_VERSION")),
        run_id: String::new(),
        documents: parsed.iter().map(DocumentSummary::of).collect(),
        input_errors,
        alignment: Value::Null,
        similarity: Value::Null,
        diffs: Vec::new(),
        facts: Value::Null,
        notes: Vec::new(),
    };
    if parsed.is_empty() {
        notes.push("no document could be loaded".to_string());
        report.notes = notes;
        report.run_id = content_id(&report);
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
    if parsed.len() < 2 {
        notes.push(
            "one document only: no alignment across documents, no similarity pairs, no diffs"
                .into(),
        );
    }

    let taxonomy = Taxonomy::builtin();
    let source = Analyzer::government_folded();
    let alignment = align::align(&parsed, &taxonomy, &source, &AlignOptions::default());
    report.diffs = diffs(&parsed, &alignment, &source);
    let truncated: Vec<&str> = parsed
        .iter()
        .filter(|d| d.warnings.iter().any(|w| w.kind == "truncated"))
        .map(|d| d.id.as_str())
        .collect();
    report.alignment = json_with(&alignment, "truncated", json!(truncated));

    let similarity = similarity::compare(&parsed, &source, &SimilarityOptions::default());
    let reuse = reuse::find_reuse(&parsed, &ReuseOptions::default());
    report.similarity = json_with(&similarity, "reuse", json!(reuse));

    let found: Vec<DocFacts> = parsed.par_iter().map(facts::extract).collect();
    report.facts = json!({ "documents": found });
    report.notes = notes;
    report.run_id = content_id(&report);
    report
}

/// A hash of the report's JSON (FNV-1a, 64 bits, in hex): the same inputs give the same id whatever the
/// thread count, so the output stays deterministic, and a page and a bundle of different runs differ.
fn content_id(report: &Report) -> String {
    use std::hash::Hasher;
    let mut hasher = fnv::FnvHasher::default();
    hasher.write(&serde_json::to_vec(report).expect("the report serializes"));
    format!("{:016x}", hasher.finish())
}

/// `value` as a JSON object with `key` added.
fn json_with<T: Serialize>(value: &T, key: &str, extra: Value) -> Value {
    let mut v = serde_json::to_value(value).expect("report sections serialize");
    if let Value::Object(map) = &mut v {
        map.insert(key.to_string(), extra);
    }
    v
}

/// Word-level diffs of every pair of aligned articles of two different documents, in input order.
fn diffs(parsed: &[ParsedDoc], alignment: &Alignment, source: &Analyzer) -> Vec<ArticleDiff> {
    let opts = DiffOptions::default();
    let mut out = Vec::new();
    for (i, a) in parsed.iter().enumerate() {
        for b in &parsed[i + 1..] {
            let d = diff::diff_aligned(a, b, alignment, source, &opts);
            out.extend(d.pairs.into_iter().map(|p| ArticleDiff {
                group: p.group,
                a: ArticleRef {
                    doc: a.id.clone(),
                    article: p.a.article,
                },
                b: ArticleRef {
                    doc: b.id.clone(),
                    article: p.b.article,
                },
                similarity: p.similarity,
                only_in_a: p.unique_a.into_iter().map(Passage::from).collect(),
                only_in_b: p.unique_b.into_iter().map(Passage::from).collect(),
            }));
        }
    }
    out
}

impl From<diff::UniquePassage> for Passage {
    fn from(p: diff::UniquePassage) -> Self {
        Passage {
            span: p.span,
            text: p.text,
        }
    }
}

impl DocumentSummary {
    /// The summary of one parsed document.
    pub fn of(doc: &ParsedDoc) -> Self {
        DocumentSummary {
            id: doc.id.clone(),
            label: display_label(doc),
            path: doc.path.clone(),
            title: doc.title.clone(),
            issuer: doc.issuer.clone(),
            date: doc.date.clone(),
            doc_number: doc.doc_number.clone(),
            numbering: doc.numbering,
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
        }
    }
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

/// A short name for tables: the issuer without its `人民政府` (`人民政府办公室`) suffix, else the title without `工作规则`, else the id.
fn display_label(doc: &ParsedDoc) -> String {
    let trimmed = |s: &str, suffixes: &[&str]| {
        let mut s = s.trim();
        for suffix in suffixes {
            if let Some(rest) = s.strip_suffix(suffix) {
                s = rest;
            }
        }
        s.to_string()
    };
    let from_issuer = doc
        .issuer
        .as_deref()
        .map(|s| trimmed(s, &["办公室", "办公厅", "人民政府", "政府"]));
    let from_title = doc
        .title
        .as_deref()
        .map(|s| trimmed(s, &["工作规则", "人民政府", "政府"]));
    from_issuer
        .into_iter()
        .chain(from_title)
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| doc.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(issuer: Option<&str>, title: Option<&str>) -> ParsedDoc {
        let mut doc = structure::parse(&Document::from_text("x-2021", "第一条 内容。\n"));
        doc.issuer = issuer.map(str::to_string);
        doc.title = title.map(str::to_string);
        doc
    }

    #[test]
    fn label_prefers_issuer_then_title_then_id() {
        assert_eq!(
            display_label(&parsed(Some("杭州市拱墅区人民政府"), Some("x"))),
            "杭州市拱墅区"
        );
        assert_eq!(
            display_label(&parsed(None, Some("衢州市人民政府工作规则"))),
            "衢州市"
        );
        assert_eq!(
            display_label(&parsed(Some("佳木斯市前进区人民政府办公室"), None)),
            "佳木斯市前进区"
        );
        assert_eq!(display_label(&parsed(Some("人民政府"), None)), "x-2021");
    }

    #[test]
    fn build_keeps_input_order_and_errors() {
        let docs = [
            Document::from_text("b", "第一条 甲。\n"),
            Document::from_text("a", "第一条 乙。\n"),
        ];
        let report = build(&docs, vec!["bad.txt: empty file".into()]);
        let ids: Vec<&str> = report.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["b", "a"]);
        assert_eq!(report.input_errors, ["bad.txt: empty file"]);
        assert_eq!(report.schema_version, crate::SCHEMA_VERSION);
    }
}
