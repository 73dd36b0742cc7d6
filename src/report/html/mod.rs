//! The report as one self-contained HTML page, rendered from the typed [`Report`]: inline CSS and JS, no
//! network. This module is the page's skeleton (head, header, notes and limits, the comparison panel, the
//! script's data); each section has its own module, top to bottom: `glance` (meetings and signing per
//! document), `documents` (with their metadata), `revisions` (what changed between revisions of one
//! text), `similarity` (heatmap, or each document's nearest documents past [`LARGE`]
//! documents), `alignment` (topic × document, or a list of groups past [`LARGE`]; a click shows the
//! aligned articles with word-level changes), `facts`, `warnings`, `search` (keyword in context
//! over the articles) and `texts`.
//!
//! The page stays small and quick at thousands of documents: every long table shows its first page in the
//! HTML and hands its other rows to the script (`paged`); article texts, alignment groups and diff spans
//! travel once, as one deflate-compressed, base64-encoded JSON value the script unpacks with the browser's
//! `DecompressionStream` and renders lazily.
//!
//! Safety: every piece of document text goes through maud's escaping, in the HTML and in the rows handed
//! to the script alike. The script's data is one `<script type="application/json">` element written by
//! [`script_json`], in which `<`, `>` and `&` are JSON unicode escapes, so no text can close the element.
//! The script inserts document text with `textContent`, and as markup only the rows this renderer wrote.

mod alignment;
mod documents;
mod facts;
mod glance;
mod paged;
mod revisions;
mod search;
mod similarity;
mod texts;
mod warnings;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use base64::Engine;
use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde::Serialize;

use super::{ArticleText, DocumentSummary, Report};
use crate::compare::Limit;
use crate::span::Span;

const CSS: &str = include_str!("page.css");
const JS: &str = include_str!("page.js");

/// Past this many documents the page shows each document's nearest documents instead of a heatmap, and a
/// list of alignment groups instead of the topic × document table.
pub const LARGE: usize = 60;

/// Renders the whole page.
pub fn render(report: &Report) -> String {
    Page::new(report).render().into_string()
}

/// Serializes `value` for a `<script type="application/json">` element: `<`, `>` and `&` are escaped as
/// JSON unicode escapes (`\u003c` …), which JSON.parse reads back unchanged.
pub fn script_json<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).expect("report data serializes");
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// `value` as JSON, deflated (zlib format, which `DecompressionStream("deflate")` reads) and base64-encoded.
fn packed<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_vec(value).expect("report data serializes");
    let deflated = miniz_oxide::deflate::compress_to_vec_zlib(&json, 6);
    base64::engine::general_purpose::STANDARD.encode(deflated)
}

/// What the page calls the documents: governments, when every one is a government's working rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum Noun {
    Government,
    Document,
}

impl Noun {
    fn as_str(self) -> &'static str {
        match self {
            Noun::Government => "government",
            Noun::Document => "document",
        }
    }
}

impl std::fmt::Display for Noun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the page's script reads: the documents' ids and labels, and the bulk of the data, packed.
#[derive(Serialize)]
struct ScriptData<'a> {
    /// `government` or `document`, for the panel's wording.
    noun: Noun,
    docs: Vec<DocRef<'a>>,
    /// [`Bulk`], see [`packed`].
    bulk: String,
}

#[derive(Serialize)]
struct DocRef<'a> {
    id: &'a str,
    label: &'a str,
    /// The document is analysed through its simplified form (traditional or mixed script): the search
    /// reads it so.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    mapped: bool,
}

/// The data the script renders lazily.
#[derive(Serialize)]
struct Bulk<'a> {
    /// Per document, its chapters and articles with their text.
    texts: Vec<texts::DocText<'a>>,
    /// The alignment groups and the word diffs of their articles, for the comparison panel.
    groups: Vec<alignment::GroupData<'a>>,
    diffs: Vec<alignment::DiffData>,
    /// The rows of each long table after its first page, as HTML this renderer wrote.
    rows: BTreeMap<String, Vec<String>>,
    /// The traditional → simplified mapping for the search, as two strings (see [`search::fold_table`]).
    fold: (String, String),
}

struct Page<'a> {
    report: &'a Report,
    /// Document id → its position in `report.documents` (anchors use positions, ids may hold any character).
    index: HashMap<&'a str, usize>,
    /// Per document, its articles by (number, sub-number).
    articles: Vec<HashMap<(u32, Option<u32>), &'a ArticleText>>,
    /// More than [`LARGE`] documents.
    large: bool,
    /// `government` when every document is a government's working rules, else `document`.
    noun: Noun,
    /// The rows of long tables beyond their first page, by table (filled while the sections render).
    rows: RefCell<BTreeMap<String, Vec<String>>>,
}

impl<'a> Page<'a> {
    fn new(report: &'a Report) -> Self {
        let index = report
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect();
        let articles = report
            .documents
            .iter()
            .map(|d| {
                let mut by_number = HashMap::new();
                for a in &d.articles {
                    by_number.entry((a.number, a.sub_number)).or_insert(a);
                }
                by_number
            })
            .collect();
        Page {
            report,
            index,
            articles,
            large: report.documents.len() > LARGE,
            noun: if all_government_rules(&report.documents) {
                Noun::Government
            } else {
                Noun::Document
            },
            rows: RefCell::default(),
        }
    }

    fn render(&self) -> Markup {
        let r = self.report;
        let n = r.documents.len();
        let main = html! {
            main {
                (self.notes())
                (self.glance())
                (self.documents())
                (self.revisions())
                (self.similarity())
                (self.alignment())
                (self.facts())
                (self.warnings())
                (self.search())
                (self.texts())
            }
        };
        let data = self.script_data();
        html! {
            (DOCTYPE)
            html lang="zh" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    meta name="govrules-run-id" content=(r.run_id);
                    title { "govrules report: " (n) " documents" }
                    style { (PreEscaped(CSS)) }
                }
                body {
                    header {
                        h1 { (heading(&r.documents, self.noun)) }
                        p.meta {
                            (r.generator) " · schema " (r.schema_version) " · "
                            @if n <= crate::report::SMALL_CORPUS {
                                @for (i, d) in r.documents.iter().enumerate() {
                                    @if i > 0 { "、" }
                                    a href=(format!("#t-{i}")) { (d.label) }
                                }
                            } @else {
                                a href="#documents" { (thousands(n)) " documents" }
                            }
                        }
                        nav {
                            a href="#glance" { "At a glance" }
                            a href="#documents" { "Documents" }
                            @if !r.revisions.is_empty() { a href="#revisions" { "Revisions" } }
                            a href="#similarity" { "Similarity" }
                            a href="#alignment" { "Alignment" }
                            a href="#facts" { "Meetings & signing" }
                            a href="#warnings" { "Warnings" }
                            a href="#search" { "Search" }
                            a href="#texts" { "Texts" }
                        }
                    }
                    (main)
                    div #align-panel hidden {
                        div.panel-head {
                            span #align-panel-title {}
                            button #align-panel-close type="button" { "Close ×" }
                        }
                        p.legend {
                            span.only-left { "only in the left article" } " "
                            span.only-right { "only in the right article" }
                        }
                        div #align-panel-body {}
                    }
                    script #report-data type="application/json" { (PreEscaped(data)) }
                    script { (PreEscaped(JS)) }
                }
            }
        }
    }

    /// Input errors, the report's notes, and what the report leaves out (its `limits`).
    fn notes(&self) -> Markup {
        let r = self.report;
        html! {
            @if !r.notes.is_empty() || !r.input_errors.is_empty() || !r.limits.is_empty() {
                section.notes {
                    @for e in &r.input_errors { p.error { "Input not processed: " (e) } }
                    @for n in &r.notes { p { "Note: " (n) } }
                    @if !r.limits.is_empty() {
                        details.limits open {
                            summary { "What this report leaves out, with " (thousands(r.documents.len())) " documents (" (r.limits.len()) ")" }
                            ul { @for l in &r.limits { li { (limit_line(l)) } } }
                        }
                    }
                }
            }
        }
    }

    /// The script's data: everything the sections put aside, packed (see [`packed`]).
    fn script_data(&self) -> String {
        let r = self.report;
        let bulk = Bulk {
            texts: r.documents.iter().map(texts::DocText::of).collect(),
            groups: self.group_data(),
            diffs: self.diff_data(),
            rows: self.rows.take(),
            fold: search::fold_table(),
        };
        script_json(&ScriptData {
            noun: self.noun,
            docs: r
                .documents
                .iter()
                .map(|d| DocRef {
                    id: &d.id,
                    label: &d.label,
                    mapped: d.script.is_mapped(),
                })
                .collect(),
            bulk: packed(&bulk),
        })
    }

    fn doc(&self, id: &str) -> Option<(usize, &'a DocumentSummary)> {
        let i = *self.index.get(id)?;
        Some((i, &self.report.documents[i]))
    }

    /// The heading of a column of documents: `Government` or `Document`.
    fn column_noun(&self) -> &'static str {
        if self.noun == Noun::Government {
            "Government"
        } else {
            "Document"
        }
    }

    /// The document's display label; the id itself when it is not in the report.
    fn label<'s>(&'s self, id: &'s str) -> &'s str {
        match self.doc(id) {
            Some((_, d)) => &d.label,
            None => id,
        }
    }

    /// Document `d`'s article `number` (the sub-numbered one when asked for and present).
    fn article(&self, d: usize, number: u32, sub: Option<u32>) -> Option<&'a ArticleText> {
        let by_number = self.articles.get(d)?;
        by_number
            .get(&(number, sub))
            .or_else(|| by_number.get(&(number, None)))
            .copied()
    }

    /// The article as the document writes it (`第三十六条`, `四十四、`), else `art. N`.
    fn article_label(&self, d: usize, number: u32, sub: Option<u32>) -> String {
        self.article(d, number, sub)
            .map(|a| a.label.clone())
            .unwrap_or_else(|| short_article(number, sub))
    }

    /// A compact link to an article, the same for every numbering (`art. 36`, `art. 10-1` for 第十条之一);
    /// hovering shows the marker as the document writes it (`第三十六条`, `四十九、`).
    fn short_article_link(&self, doc: &str, article: Option<u32>) -> Markup {
        let (Some(n), Some((i, _))) = (article, self.doc(doc)) else {
            return html! {};
        };
        html! { a.art-link.short href=(format!("#a-{i}-{n}")) title=(self.article_label(i, n, None)) { (short_article(n, None)) } }
    }

    /// A link to an article's text in the Texts section, labelled as the document writes it; hovering shows
    /// the code points of `span` (the passage the row is about) when given.
    fn article_link(&self, doc: &str, article: Option<u32>, span: Option<Span>) -> Markup {
        let Some(n) = article else {
            return html! { span.muted { "—" } };
        };
        match self.doc(doc) {
            Some((i, _)) => html! {
                a.art-link href=(format!("#a-{i}-{n}")) title=[span.map(code_points)] { (self.article_label(i, n, None)) }
            },
            None => html! { "art. " (n) },
        }
    }
}

/// An article in the page's own words, whatever the document's numbering: `art. 36`, `art. 10-1`.
fn short_article(number: u32, sub: Option<u32>) -> String {
    match sub {
        Some(s) => format!("art. {number}-{s}"),
        None => format!("art. {number}"),
    }
}

/// `code points [start, end)`: where a passage is in its document, for tooltips.
fn code_points(span: Span) -> String {
    format!("code points [{}, {})", span.start, span.end)
}

/// True when every document is a government's working rules (政府工作规则): its title, else its issuer and
/// its title together, names a 政府 and 工作规则.
fn all_government_rules(docs: &[DocumentSummary]) -> bool {
    !docs.is_empty()
        && docs.iter().all(|d| {
            let title = d.title.as_deref().unwrap_or("");
            let issuer = d.issuer.as_deref().unwrap_or("");
            title.contains("工作规则") && (title.contains("政府") || issuer.contains("政府"))
        })
}

/// The page's heading: `How 5 governments run themselves` for governments' working rules, else
/// `1,426 documents`.
fn heading(docs: &[DocumentSummary], noun: Noun) -> String {
    let n = docs.len();
    if noun == Noun::Government {
        format!("How {} governments run themselves", thousands(n))
    } else if n == 1 {
        "1 document".to_string()
    } else {
        format!("{} documents", thousands(n))
    }
}

/// A limit in words: `word diffs: each document with its 3 most similar documents (3,137 of 1,016,025
/// document pairs)`.
fn limit_line(l: &Limit) -> String {
    use crate::compare::Bounded;
    let (what, unit) = match l.what {
        Bounded::DiffPairs => ("word diffs", " document pairs"),
        Bounded::ReusePairs => ("verbatim reuse", " document pairs"),
        Bounded::ReusePassages => ("shared passages", " passages"),
        Bounded::Matrix => ("similarity matrix", " cells"),
        Bounded::Pairs => ("most similar pairs", " pairs"),
        Bounded::AlignCandidates => ("alignment candidates", ""),
        Bounded::ReorderCandidates => ("reordered provisions", ""),
    };
    format!(
        "{what}: {} ({} of {}{unit})",
        l.rule,
        thousands(l.kept),
        thousands(l.total)
    )
}

/// `1426` → `1,426`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("—")
}

#[cfg(test)]
mod tests;
