//! The report as one self-contained HTML page: inline CSS and JS, no network. Every piece of document text
//! goes through maud's escaping; the only data handed to the script is a JSON blob in which `<`, `>` and `&`
//! are written as `\u003c`, `\u003e`, `\u0026`, so no text can close the `<script>` element. The script
//! builds the side-by-side diffs with `textContent`, never `innerHTML`.
//!
//! Sections, top to bottom: at a glance (meetings and signing per government), documents, similarity
//! heatmap, alignment (topic × document; a click shows the aligned articles with word-level changes), the
//! fact tables, warnings, and the article texts every link points at.

use std::collections::BTreeMap;

use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde_json::Value;

use super::{DocumentSummary, Report};

const CSS: &str = include_str!("page.css");
const JS: &str = include_str!("page.js");

/// Renders the whole page.
pub fn render(report: &Report) -> String {
    Page::new(report).render().into_string()
}

/// Serializes `value` for a `<script type="application/json">` element: `<`, `>` and `&` are escaped as
/// JSON unicode escapes (`\u003c` …), which JSON.parse reads back unchanged.
pub fn script_json<T: serde::Serialize>(value: &T) -> String {
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

struct Page<'a> {
    report: &'a Report,
    /// Document id → its position in `report.documents` (anchors use positions, ids may hold any character).
    index: BTreeMap<&'a str, usize>,
}

/// Kinds of meeting (the facts' canonical `kind`) in the order a reader expects them; others follow by name.
const MEETING_KINDS: &[&str] = &[
    "plenary",
    "executive",
    "head_office",
    "office",
    "briefing",
    "regular_work",
    "thematic",
    "study",
];

/// The summary shows at most this many kinds of meeting: those that most documents establish.
const MEETING_COLUMNS: usize = 5;

/// The summary's signing columns: a heading and the pattern the rule's `document_kind` (as written) must match.
/// Standard vocabulary of Chinese administrative documents, not phrases of particular texts.
const SIGNING_CATEGORIES: &[(&str, &str)] = &[
    ("决定、命令、规章", r"决定(?:[^事]|$)|命令|规章"),
    ("议案、人事任免", r"议案|任免"),
    (
        "以政府名义发文",
        r"以[^，。；]{0,4}政府名义|上行文|下行文|平行文",
    ),
    ("以办公室名义发文", r"办公[室厅]名义"),
    ("会议纪要", r"纪要"),
];

/// How many of the most similar pairs the similarity section lists.
const TOP_PAIRS: usize = 10;

/// How many of the longest verbatim shared passages the similarity section lists.
const LONGEST_PASSAGES: usize = 8;

/// Fact fields shown first, in this order; the others follow in the order the facts list them.
const COLUMN_ORDER: &[&str] = &[
    "type",
    "kind",
    "document_kind",
    "act",
    "signer",
    "chair",
    "attendees",
    "per_year",
    "per_year_max",
    "qualifier",
    "condition",
];

impl<'a> Page<'a> {
    fn new(report: &'a Report) -> Self {
        let index = report
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect();
        Page { report, index }
    }

    fn render(&self) -> Markup {
        let r = self.report;
        html! {
            (DOCTYPE)
            html lang="zh" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    meta name="govrules-run-id" content=(r.run_id);
                    title { "govrules report: " (r.documents.len()) " documents" }
                    style { (PreEscaped(CSS)) }
                }
                body {
                    header {
                        h1 { "How " (r.documents.len()) " governments run themselves" }
                        p.meta {
                            (r.generator) " · schema " (r.schema_version) " · "
                            @for (i, d) in r.documents.iter().enumerate() {
                                @if i > 0 { "、" }
                                a href=(format!("#t-{i}")) { (d.label) }
                            }
                        }
                        nav {
                            a href="#glance" { "At a glance" }
                            a href="#documents" { "Documents" }
                            a href="#similarity" { "Similarity" }
                            a href="#alignment" { "Alignment" }
                            a href="#facts" { "Meetings & signing" }
                            a href="#warnings" { "Warnings" }
                            a href="#texts" { "Texts" }
                        }
                    }
                    main {
                        @if !r.notes.is_empty() || !r.input_errors.is_empty() {
                            section.notes {
                                @for e in &r.input_errors { p.error { "Input not processed: " (e) } }
                                @for n in &r.notes { p { "Note: " (n) } }
                            }
                        }
                        (self.glance())
                        (self.documents())
                        (self.similarity())
                        (self.alignment())
                        (self.facts())
                        (self.warnings())
                        (self.texts())
                    }
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
                    script #report-data type="application/json" { (PreEscaped(self.script_data())) }
                    script { (PreEscaped(JS)) }
                }
            }
        }
    }

    /// The data the script needs: document ids and labels, the alignment groups, the diffs.
    fn script_data(&self) -> String {
        let docs: Vec<Value> = self
            .report
            .documents
            .iter()
            .map(|d| serde_json::json!({"id": d.id, "label": d.label}))
            .collect();
        script_json(&serde_json::json!({
            "docs": docs,
            "groups": list(&self.report.alignment, "groups"),
            "diffs": self.report.diffs,
        }))
    }

    fn doc(&self, id: &str) -> Option<(usize, &'a DocumentSummary)> {
        let i = *self.index.get(id)?;
        Some((i, &self.report.documents[i]))
    }

    fn label(&self, id: &str) -> String {
        self.doc(id)
            .map(|(_, d)| d.label.clone())
            .unwrap_or_else(|| id.to_string())
    }

    /// A link to an article's text in the Texts section, labelled as the document writes it.
    fn article_link(&self, doc: &str, article: Option<u64>) -> Markup {
        let Some(n) = article else {
            return html! { span.muted { "—" } };
        };
        match self.doc(doc) {
            Some((i, d)) => {
                let label = d
                    .articles
                    .iter()
                    .find(|a| u64::from(a.number) == n)
                    .map(|a| a.label.clone())
                    .unwrap_or_else(|| format!("art. {n}"));
                html! { a.art-link href=(format!("#a-{i}-{n}")) { (label) } }
            }
            None => html! { "art. " (n) },
        }
    }

    fn fact_documents(&self) -> &'a [Value] {
        list(&self.report.facts, "documents")
    }

    /// Facts of one kind (`meetings`, `signing` …) per document id, in document order.
    fn facts_of(&self, kind: &str) -> Vec<(&'a str, &'a Value)> {
        let mut rows = Vec::new();
        for d in self.fact_documents() {
            let id = d.get("id").and_then(Value::as_str).unwrap_or("");
            for f in list(d, kind) {
                rows.push((id, f));
            }
        }
        rows
    }

    /// The summary at the top: per government, how often each kind of meeting is held and who signs what.
    fn glance(&self) -> Markup {
        let meetings = self.facts_of("meetings");
        let signing = self.facts_of("signing");
        let kinds = self.meeting_kinds(&meetings);
        let categories: Vec<(&str, regex::Regex)> = SIGNING_CATEGORIES
            .iter()
            .map(|(h, p)| (*h, regex::Regex::new(p).expect("valid signing pattern")))
            .filter(|(_, re)| {
                signing
                    .iter()
                    .any(|(_, f)| re.is_match(&text(f, "document_kind")))
            })
            .collect();
        html! {
            section #glance {
                h2 { "At a glance: meetings and signing" }
                @if self.report.facts.is_null() {
                    p.muted { "Facts were not extracted for this report." }
                } @else {
                    p.hint { "How often each kind of meeting is held (times per year, as the rules state it) and who signs "
                        "which documents. Every entry links to its article; hover for the source passage. "
                        "— : the text says nothing on it; … : the text is truncated, the entry may be lost." }
                    table.glance {
                        thead {
                            tr {
                                th rowspan="2" { "Government" }
                                @if !kinds.is_empty() { th.group colspan=(kinds.len()) { "Meetings: how often" } }
                                @if !categories.is_empty() { th.group colspan=(categories.len()) { "Who signs" } }
                            }
                            tr {
                                @for (_, heading) in &kinds { th { (heading) } }
                                @for (heading, _) in &categories { th { (heading) } }
                            }
                        }
                        tbody {
                            @for d in &self.report.documents {
                                @let truncated = d.warnings.iter().any(|w| w.warning.kind == "truncated");
                                tr {
                                    th.rowhead {
                                        (d.label)
                                        @if truncated {
                                            br; small.warn title="the text stops partway; missing entries may be lost text" { "text truncated" }
                                        }
                                    }
                                    @for (kind, _) in &kinds {
                                        td { (self.glance_cell(&d.id, truncated, meetings.iter().filter(|(doc, m)| *doc == d.id && text(m, "kind") == *kind).map(|(_, m)| *m), cadence_markup)) }
                                    }
                                    @for (_, re) in &categories {
                                        td { (self.glance_cell(&d.id, truncated, signing.iter().filter(|(doc, s)| *doc == d.id && re.is_match(&text(s, "document_kind"))).map(|(_, s)| *s), signer_markup)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The meeting kinds for the summary, with their headings (the names the texts use, `/`-joined):
    /// the kinds most documents establish, at most [`MEETING_COLUMNS`], in [`MEETING_KINDS`] order.
    fn meeting_kinds(&self, meetings: &[(&str, &Value)]) -> Vec<(String, String)> {
        let mut by_kind: BTreeMap<String, (Vec<&str>, Vec<String>)> = BTreeMap::new();
        for (doc, m) in meetings {
            let kind = match text(m, "kind") {
                k if k.is_empty() => continue,
                k => k,
            };
            let (docs, names) = by_kind.entry(kind).or_default();
            if !docs.contains(doc) {
                docs.push(doc);
            }
            let name = text(m, "type");
            if !name.is_empty() && !names.contains(&name) {
                names.push(name);
            }
        }
        let mut kinds: Vec<(String, usize, Vec<String>)> = by_kind
            .into_iter()
            .map(|(k, (docs, names))| (k, docs.len(), names))
            .collect();
        kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| rank(&a.0).cmp(&rank(&b.0))));
        kinds.truncate(MEETING_COLUMNS);
        kinds.sort_by(|a, b| rank(&a.0).cmp(&rank(&b.0)).then_with(|| a.0.cmp(&b.0)));
        fn rank(kind: &str) -> usize {
            MEETING_KINDS
                .iter()
                .position(|k| *k == kind)
                .unwrap_or(MEETING_KINDS.len())
        }
        kinds
            .into_iter()
            .map(|(k, _, names)| {
                let heading = if names.is_empty() {
                    k.clone()
                } else {
                    names.join(" / ")
                };
                (k, heading)
            })
            .collect()
    }

    /// The facts of one summary cell, each as a short phrase with a compact link to its article; `—` when
    /// none (`…` in a truncated text, where it may be lost). Identical phrases (the same rule stated for
    /// several kinds of document) are shown once.
    fn glance_cell<'v>(
        &self,
        doc: &str,
        truncated: bool,
        facts: impl Iterator<Item = &'v Value>,
        phrase: fn(&Value) -> Markup,
    ) -> Markup {
        let mut shown: Vec<(String, &Value, Markup)> = Vec::new();
        for f in facts {
            let m = phrase(f);
            let key = m.0.clone();
            if !shown.iter().any(|(k, _, _)| *k == key) {
                shown.push((key, f, m));
            }
        }
        html! {
            @if shown.is_empty() && truncated {
                span.muted title="not in the text, which is truncated: it may be in the lost part" { "…" }
            } @else if shown.is_empty() {
                span.muted title="not stated in the text" { "—" }
            }
            @for (_, f, m) in &shown {
                div.fact title=(text(f, "text")) {
                    (m) " "
                    (self.short_article_link(doc, f.get("article").and_then(Value::as_u64)))
                }
            }
        }
    }

    /// A compact link to an article: `第35条` for 第X条 documents, `35、` for 一、 documents.
    fn short_article_link(&self, doc: &str, article: Option<u64>) -> Markup {
        let (Some(n), Some((i, d))) = (article, self.doc(doc)) else {
            return html! {};
        };
        let label = self.article_label(doc, Some(n));
        let short = if d.numbering == crate::structure::Numbering::Enumerated {
            format!("{n}、")
        } else {
            format!("第{n}条")
        };
        html! { a.art-link.short href=(format!("#a-{i}-{n}")) title=(label) { (short) } }
    }

    fn documents(&self) -> Markup {
        html! {
            section #documents {
                h2 { "Documents" }
                table.data {
                    thead { tr {
                        th { "Government" } th { "Title" } th { "Issuer" } th { "Date" } th { "Doc. number" }
                        th { "Numbering" } th.num { "Chapters" } th.num { "Articles" } th.num { "Characters" } th.num { "Warnings" }
                    } }
                    tbody {
                        @for (i, d) in self.report.documents.iter().enumerate() {
                            tr {
                                th.rowhead { a href=(format!("#t-{i}")) { (d.label) } br; small.muted { (d.id) } }
                                td { (opt(&d.title)) }
                                td { (opt(&d.issuer)) }
                                td.nowrap { (opt(&d.date)) }
                                td.nowrap { (opt(&d.doc_number)) }
                                td { (serde_json::to_value(d.numbering).ok().as_ref().and_then(Value::as_str).unwrap_or("")) }
                                td.num { (d.chapter_count) }
                                td.num { (d.article_count) }
                                td.num { (d.char_len) }
                                td.num { @if d.warnings.is_empty() { "0" } @else { a href=(format!("#w-{i}")) { (d.warnings.len()) } } }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The heatmap of document similarity, the most similar pairs with their verbatim reuse, and the longest
    /// passages two documents share.
    fn similarity(&self) -> Markup {
        let sim = &self.report.similarity;
        // `units` (objects with `doc`) name the rows; plain id lists are accepted too.
        let ids: Vec<String> = list(sim, "units")
            .iter()
            .map(|u| match u {
                Value::Object(_) => text(u, "doc"),
                other => scalar(other).unwrap_or_default(),
            })
            .collect();
        let matrix: Vec<Vec<Option<f64>>> = list(sim, "matrix")
            .iter()
            .map(|row| {
                row.as_array()
                    .map(|r| r.iter().map(Value::as_f64).collect())
                    .unwrap_or_default()
            })
            .collect();
        let unit_doc = |v: Option<&Value>| -> String {
            match v {
                Some(Value::Number(n)) => n
                    .as_u64()
                    .and_then(|i| ids.get(i as usize).cloned())
                    .unwrap_or_default(),
                Some(other) => scalar(other).unwrap_or_default(),
                None => String::new(),
            }
        };
        let reuse = sim.get("reuse").unwrap_or(&Value::Null);
        let reuse_of = |a: &str, b: &str| -> Option<&Value> {
            list(reuse, "pairs").iter().find(|p| {
                (text(p, "a") == a && text(p, "b") == b) || (text(p, "a") == b && text(p, "b") == a)
            })
        };
        let share_of = |p: &Value, doc: &str| -> String {
            let key = if text(p, "a") == doc {
                "a_share"
            } else {
                "b_share"
            };
            percent(p, key)
        };
        let pairs = &list(sim, "pairs")[..list(sim, "pairs").len().min(TOP_PAIRS)];
        let mut passages: Vec<(&Value, &Value)> = list(reuse, "pairs")
            .iter()
            .flat_map(|p| list(p, "passages").iter().map(move |x| (p, x)))
            .collect();
        passages.sort_by_key(|(_, x)| {
            std::cmp::Reverse(x.get("chars").and_then(Value::as_u64).unwrap_or(0))
        });
        passages.truncate(LONGEST_PASSAGES);
        // Colours stretch over the off-diagonal values, so that differences among similar texts show.
        let off_diagonal: Vec<f64> = matrix
            .iter()
            .enumerate()
            .flat_map(|(i, row)| {
                row.iter()
                    .enumerate()
                    .filter(move |(j, _)| *j != i)
                    .filter_map(|(_, v)| *v)
            })
            .collect();
        let lo = off_diagonal.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = off_diagonal
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        let shade = |v: f64| {
            if hi > lo {
                (v - lo) / (hi - lo)
            } else {
                0.5
            }
        };
        html! {
            section #similarity {
                h2 { "Document similarity" }
                @if matrix.is_empty() {
                    p.muted { "Similarity was not computed for this report." }
                } @else {
                    p.hint {
                        (text(sim, "metric")) " similarity of the whole documents over " (text(sim, "features"))
                        " (1 = the same wording, 0 = nothing shared). Colours run from the least similar pair ("
                        (format!("{lo:.2}")) ", light) to the most similar (" (format!("{hi:.2}")) ", dark)."
                    }
                    table.heatmap {
                        thead { tr { th {} @for id in &ids { th.col { (self.label(id)) } } } }
                        tbody {
                            @for (i, row) in matrix.iter().enumerate() {
                                tr {
                                    th.rowhead { (ids.get(i).map(|id| self.label(id)).unwrap_or_default()) }
                                    @for (j, v) in row.iter().enumerate() {
                                        @match v {
                                            Some(v) if j == i => td.diagonal { (format!("{v:.2}")) },
                                            Some(v) => td style=(heat_style(shade(*v))) { (format!("{v:.2}")) },
                                            None => td.muted { "—" },
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @if !pairs.is_empty() {
                        h3 { "Most similar pairs" }
                        table.data {
                            thead { tr {
                                th { "Document" } th { "Document" } th.num { "Similarity" }
                                th.num title="share of each text inside a passage of 15+ characters found verbatim in the other" { "Verbatim shared (each side)" }
                            } }
                            tbody {
                                @for p in pairs {
                                    @let (a, b) = (unit_doc(p.get("a")), unit_doc(p.get("b")));
                                    tr {
                                        td { (self.label(&a)) }
                                        td { (self.label(&b)) }
                                        td.num { (number(p, "score")) }
                                        td.num {
                                            @match reuse_of(&a, &b) {
                                                Some(r) => { (share_of(r, &a)) " / " (share_of(r, &b)) },
                                                None => span.muted { "—" },
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @if !passages.is_empty() {
                        h3 { "Longest passages shared verbatim" }
                        table.data {
                            thead { tr { th { "Documents" } th.num { "Characters" } th { "Passage (as in the first)" } th { "Articles" } } }
                            tbody {
                                @for (p, x) in &passages {
                                    @let (a, b) = (text(p, "a"), text(p, "b"));
                                    tr {
                                        td.nowrap { (self.label(&a)) br; (self.label(&b)) }
                                        td.num { (text(x, "chars")) }
                                        td.source { (text(x, "text")) }
                                        td.nowrap {
                                            (self.article_link(&a, self.article_at(&a, x.get("a_span"))))
                                            br;
                                            (self.article_link(&b, self.article_at(&b, x.get("b_span"))))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The number of the first article of `doc` that overlaps `span`.
    fn article_at(&self, doc: &str, span: Option<&Value>) -> Option<u64> {
        let span = span?;
        let (start, end) = (
            span.get(0)?.as_u64()? as usize,
            span.get(1)?.as_u64()? as usize,
        );
        let (_, d) = self.doc(doc)?;
        d.articles
            .iter()
            .find(|a| a.span.start < end && start < a.span.end)
            .map(|a| u64::from(a.number))
    }

    /// Topic × government: a row per group of corresponding articles, under its chapter theme; a click on an
    /// article opens the side-by-side comparison. In a truncated text, absences after its last aligned
    /// article are marked as possibly lost rather than missing.
    fn alignment(&self) -> Markup {
        let groups = list(&self.report.alignment, "groups");
        let docs = &self.report.documents;
        // For each truncated document, the last row that holds one of its articles.
        let last_row: Vec<Option<usize>> = docs
            .iter()
            .map(|d| {
                let truncated = d.warnings.iter().any(|w| w.warning.kind == "truncated");
                truncated
                    .then(|| {
                        groups.iter().rposition(|g| {
                            list(g, "members").iter().any(|m| text(m, "doc") == d.id)
                        })
                    })
                    .flatten()
            })
            .collect();
        let columns = docs.len() + 1;
        html! {
            section #alignment {
                h2 { "Alignment: which article covers what" }
                @if groups.is_empty() {
                    p.muted { "No aligned articles in this report." }
                } @else {
                    p.hint { "One row per provision, under its chapter's theme; each cell is that government's article, with its "
                        "alignment score. Click an article to set it beside the others, word by word. "
                        "— : the government has no such provision; … : the text is truncated before this point." }
                    label.toggle { input #hide-single type="checkbox"; " hide provisions only one government has" }
                    table.align #align-table {
                        thead { tr { th { "Topic" } @for d in docs { th.col { (d.label) } } } }
                        tbody {
                            @for (gi, g) in groups.iter().enumerate() {
                                @let theme = text(g, "theme");
                                @if !theme.is_empty() && (gi == 0 || text(&groups[gi - 1], "theme") != theme) {
                                    tr.theme { th colspan=(columns) { (theme) } }
                                }
                                @let present = docs.iter().filter(|d| list(g, "members").iter().any(|m| text(m, "doc") == d.id)).count();
                                tr class=(if present <= 1 { "single" } else { "" }) {
                                    th.rowhead {
                                        @let topic = text(g, "topic");
                                        @if topic.is_empty() { span.muted { "(no topic)" } } @else { (topic) }
                                    }
                                    @for (di, d) in docs.iter().enumerate() {
                                        @let members: Vec<&Value> = list(g, "members").iter().filter(|m| text(m, "doc") == d.id).collect();
                                        @if members.is_empty() {
                                            @if last_row[di].is_some_and(|last| gi > last) {
                                                td.absent title="the text is truncated before this point: the provision may be lost" { "…" }
                                            } @else {
                                                td.absent { "—" }
                                            }
                                        } @else {
                                            td {
                                                @for m in &members {
                                                    button.cell-art type="button" id=(format!("c-{gi}-{di}-{}", text(m, "article"))) data-group=(text(g, "id")) data-doc=(d.id) data-article=(text(m, "article")) title="compare with the other governments" {
                                                        (self.article_label(&d.id, m.get("article").and_then(Value::as_u64)))
                                                        @if m.get("score").is_some_and(|s| !s.is_null()) { " " small.muted { (number(m, "score")) } }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    fn article_label(&self, doc: &str, article: Option<u64>) -> String {
        let n = article.unwrap_or(0);
        self.doc(doc)
            .and_then(|(_, d)| d.articles.iter().find(|a| u64::from(a.number) == n))
            .map(|a| a.label.clone())
            .unwrap_or_else(|| format!("art. {n}"))
    }

    fn facts(&self) -> Markup {
        let kinds = fact_kinds(self.fact_documents());
        html! {
            section #facts {
                h2 { "Facts with their evidence" }
                @if kinds.is_empty() {
                    p.muted { "No facts were extracted for this report." }
                }
                @for kind in &kinds {
                    (self.fact_table(kind))
                }
            }
        }
    }

    /// One flat table per kind of fact: a row per fact, the document first, the source sentence and its
    /// article last; the other columns are the fact's own fields.
    fn fact_table(&self, kind: &str) -> Markup {
        let rows = self.facts_of(kind);
        let mut columns: Vec<String> = Vec::new();
        for (_, f) in &rows {
            for (k, v) in f.as_object().into_iter().flatten() {
                let shown =
                    !matches!(k.as_str(), "text" | "span" | "article" | "doc") && !v.is_object();
                if shown && !columns.contains(k) {
                    columns.push(k.clone());
                }
            }
        }
        // Meetings get one readable cadence column instead of the fields it summarises.
        let with_cadence = rows.iter().any(|(_, f)| f.get("per_year").is_some());
        if with_cadence {
            columns.retain(|c| {
                !matches!(
                    c.as_str(),
                    "per_year" | "per_year_max" | "qualifier" | "cadence_kind"
                )
            });
        }
        columns.sort_by_key(|c| {
            COLUMN_ORDER
                .iter()
                .position(|o| o == c)
                .unwrap_or(COLUMN_ORDER.len())
        });
        let title = match kind {
            "meetings" => "Meetings",
            "cadences" => "Cadences",
            "signing" => "Signing authority",
            "deadlines" => "Deadlines",
            "leave" => "Leave",
            other => other,
        };
        html! {
            h3 #(format!("facts-{kind}")) { (title) " " small.muted { "(" (rows.len()) ")" } }
            table.data.facts {
                thead { tr {
                    th { "Government" }
                    @if with_cadence { th { "cadence" } }
                    @for c in &columns { th { (c.replace('_', " ")) } }
                    th { "Source sentence" } th { "Article" }
                } }
                tbody {
                    @for (doc, f) in &rows {
                        tr {
                            td.nowrap { (self.label(doc)) }
                            @if with_cadence { td.nowrap { (cadence(f)) } }
                            @for c in &columns { td { (f.get(c.as_str()).and_then(scalar).unwrap_or_default()) } }
                            td.source { (text(f, "text")) }
                            td.nowrap { (self.article_link(doc, f.get("article").and_then(Value::as_u64))) }
                        }
                    }
                }
            }
        }
    }

    fn warnings(&self) -> Markup {
        let any = self.report.documents.iter().any(|d| !d.warnings.is_empty());
        html! {
            section #warnings {
                h2 { "Warnings" }
                @if !any { p.muted { "The parser found nothing to warn about." } }
                @for (i, d) in self.report.documents.iter().enumerate() {
                    @if !d.warnings.is_empty() {
                        h3 #(format!("w-{i}")) { (d.label) }
                        ul.warnings {
                            @for w in &d.warnings {
                                li {
                                    code { (w.warning.kind) } " " (w.warning.message)
                                    @if let Some(span) = w.warning.span { " " small.muted { "[" (span.start) ", " (span.end) ")" } }
                                    @if let Some(e) = &w.excerpt { blockquote { (e) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    fn texts(&self) -> Markup {
        html! {
            section #texts {
                h2 { "Texts" }
                p.hint { "The articles as the documents write them; links above open them here." }
                @for (i, d) in self.report.documents.iter().enumerate() {
                    details.doc-text #(format!("t-{i}")) {
                        summary { strong { (d.label) } " " (opt(&d.title)) " · " (d.article_count) " articles" }
                        @for (k, a) in d.articles.iter().enumerate() {
                            @if k == 0 || d.articles[k - 1].chapter != a.chapter {
                                @if let Some(c) = a.chapter.and_then(|c| d.chapters.iter().find(|ch| ch.number == c)) {
                                    h4.chapter { "第" (c.number) "章 " (c.title) }
                                }
                            }
                            @let id = match a.sub_number {
                                Some(s) => format!("a-{i}-{}-{s}", a.number),
                                None => format!("a-{i}-{}", a.number),
                            };
                            div.art #(id) data-start=(a.span.start) {
                                span.label hidden { (a.label) }
                                div.body { (a.text) }
                                small.muted { "[" (a.span.start) ", " (a.span.end) ")" }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The array at `key`, or an empty slice.
fn list<'v>(v: &'v Value, key: &str) -> &'v [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// A scalar (or an array of scalars, joined with `、`) as display text; `None` for null and objects.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(if *b { "yes" } else { "no" }.to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(scalar).collect();
            Some(parts.join("、"))
        }
        Value::Null | Value::Object(_) => None,
    }
}

/// The field `key` of `v` as text; empty when missing.
fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(scalar).unwrap_or_default()
}

fn number(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_f64)
        .map(|x| format!("{x:.2}"))
        .unwrap_or_default()
}

fn percent(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_f64)
        .map(|x| format!("{:.0}%", x * 100.0))
        .unwrap_or_default()
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("—")
}

/// The distinct non-empty values, sorted by `rank` then by name.
fn ordered_kinds(
    values: impl Iterator<Item = String>,
    rank: impl Fn(&str) -> usize,
) -> Vec<String> {
    let mut kinds: Vec<String> = values.filter(|v| !v.is_empty()).collect();
    kinds.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
    kinds.dedup();
    kinds
}

/// The kinds of fact (array-valued fields) in the facts' documents, meetings and signing first.
fn fact_kinds(documents: &[Value]) -> Vec<String> {
    const FIRST: &[&str] = &["meetings", "cadences", "signing", "deadlines", "leave"];
    let found = documents
        .iter()
        .filter_map(Value::as_object)
        .flat_map(|o| o.iter())
        .filter(|(_, v)| v.is_array())
        .map(|(k, _)| k.clone());
    ordered_kinds(found, |k| {
        FIRST.iter().position(|f| *f == k).unwrap_or(FIRST.len())
    })
}

/// A meeting's cadence as plain text: `12×/yr (monthly) · 原则上`, `2–4×/yr`; `as needed`, `regularly, no rate`
/// or `no cadence stated` when the text gives no rate; `+ as needed` when it adds an as-needed clause.
fn cadence(meeting: &Value) -> String {
    let (rate, detail) = cadence_parts(meeting);
    if detail.is_empty() {
        rate
    } else {
        format!("{rate} · {detail}")
    }
}

/// The rate (`12×/yr`, `as needed` …) and the details (frequency name, qualifier, `+ as needed`).
fn cadence_parts(meeting: &Value) -> (String, String) {
    let per_year = meeting.get("per_year").and_then(Value::as_f64);
    let max = meeting.get("per_year_max").and_then(Value::as_f64);
    let mut details = Vec::new();
    let rate = match (per_year, max) {
        (Some(a), Some(b)) if b > a => format!("{}–{}×/yr", trim_float(a), trim_float(b)),
        (Some(a), _) => {
            details.extend(frequency_name(a).map(str::to_string));
            format!("{}×/yr", trim_float(a))
        }
        _ => match text(meeting, "cadence_kind").as_str() {
            "irregular" => "as needed".to_string(),
            "periodic" => "regularly, no rate".to_string(),
            _ => "no cadence stated".to_string(),
        },
    };
    let qualifier = text(meeting, "qualifier");
    if !qualifier.is_empty() {
        details.push(qualifier);
    }
    if per_year.is_some() && text(meeting, "note").contains("as needed") {
        details.push("+ as needed".to_string());
    }
    (rate, details.join(" · "))
}

/// A summary cell's cadence: the rate in bold, the details small.
fn cadence_markup(meeting: &Value) -> Markup {
    let (rate, detail) = cadence_parts(meeting);
    let stated = meeting.get("per_year").is_some_and(|v| !v.is_null());
    html! {
        @if stated { b { (rate) } } @else { span.soft { (rate) } }
        @if !detail.is_empty() { " " small.muted { (detail) } }
    }
}

/// A summary cell's signing rule: who (bold), the act, and the condition when there is one.
fn signer_markup(fact: &Value) -> Markup {
    let who = text(fact, "signer");
    let condition = text(fact, "condition");
    html! {
        @if !condition.is_empty() { small.muted { (condition) "：" } }
        b { @if who.is_empty() { "?" } @else { (who) } }
        " " small.muted { (text(fact, "act")) }
    }
}

fn frequency_name(per_year: f64) -> Option<&'static str> {
    const NAMES: &[(f64, &str)] = &[
        (1.0, "yearly"),
        (2.0, "half-yearly"),
        (4.0, "quarterly"),
        (12.0, "monthly"),
        (24.0, "twice a month"),
        (26.0, "every two weeks"),
        (52.0, "weekly"),
    ];
    NAMES
        .iter()
        .find(|(n, _)| (n - per_year).abs() < 1e-9)
        .map(|(_, name)| *name)
}

fn trim_float(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// Background and text colour of a heatmap cell for a value in [0, 1].
fn heat_style(v: f64) -> String {
    let v = v.clamp(0.0, 1.0);
    let lightness = 97.0 - 62.0 * v;
    let ink = if lightness < 60.0 { "#fff" } else { "#111" };
    format!("background:hsl(212,62%,{lightness:.0}%);color:{ink}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn script_json_cannot_close_the_script_element() {
        let s = script_json(&json!({"t": "</script><script>alert(1)</script> & \u{2028}"}));
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["t"], "</script><script>alert(1)</script> & \u{2028}");
    }

    #[test]
    fn document_text_is_escaped_everywhere() {
        let evil = "第一条 <script>alert(1)</script> 与 &lt; 以及 </script>。";
        let doc = crate::corpus::Document::from_text("evil</script>", &format!("{evil}\n"));
        let mut report = super::super::build(&[doc], vec!["<b>bad</b>.txt: empty file".into()]);
        report.documents[0].title = Some("<i>title</i>".into());
        report.documents[0]
            .articles
            .push(super::super::ArticleText {
                number: 1,
                sub_number: None,
                label: "第一条".into(),
                chapter: None,
                span: crate::Span::new(0, evil.chars().count()),
                text: evil.into(),
            });
        report.facts = json!({"documents": [{"id": "evil</script>", "meetings": [
            {"type": "常务会议<x>", "kind": "executive", "per_year": 12, "text": evil, "article": 1}],
            "signing": [{"document_kind": "决定<y>", "signer": "区长<z>", "text": evil, "article": 1}]}]});
        report.alignment = json!({"groups": [{"id": "g<1>", "topic": "<topic>", "members": [
            {"doc": "evil</script>", "article": 1, "score": 1.0}]}]});
        let html = render(&report);
        let lower = html.to_lowercase();
        assert!(!lower.contains("<script>alert"));
        assert!(!lower.contains("<b>bad") && !lower.contains("<i>title") && !lower.contains("<x>"));
        assert!(!lower.contains("<topic>") && !lower.contains("<y>") && !lower.contains("<z>"));
        assert!(html.contains("常务会议&lt;x&gt;") && html.contains("区长&lt;z&gt;"));
        assert_eq!(lower.matches("</script>").count(), 2);
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; 与 &amp;lt;"));
    }

    #[test]
    fn cadence_reads_ranges_names_and_qualifiers() {
        assert_eq!(
            cadence(&json!({"per_year": 12, "qualifier": "一般"})),
            "12×/yr · monthly · 一般"
        );
        assert_eq!(
            cadence(&json!({"per_year": 12, "per_year_max": 24})),
            "12–24×/yr"
        );
        assert_eq!(
            cadence(
                &json!({"per_year": 26, "qualifier": "原则上", "note": "also meets as needed: 必要时随时召开"})
            ),
            "26×/yr · every two weeks · 原则上 · + as needed"
        );
        assert_eq!(
            cadence(&json!({"per_year": null, "cadence_kind": "irregular"})),
            "as needed"
        );
        assert_eq!(cadence(&json!({})), "no cadence stated");
    }

    #[test]
    fn signing_categories_read_document_kinds_as_written() {
        let category = |kind: &str| -> Vec<&str> {
            SIGNING_CATEGORIES
                .iter()
                .filter(|(_, p)| regex::Regex::new(p).unwrap().is_match(kind))
                .map(|(h, _)| *h)
                .collect()
        };
        assert_eq!(
            category("区政府发布的决定、命令、行政措施，向区人大及其常委会提出的议案、人事任免"),
            ["决定、命令、规章", "议案、人事任免"]
        );
        assert_eq!(
            category("市政府发布的规章和向市人大及其常委会提出的议案"),
            ["决定、命令、规章", "议案、人事任免"]
        );
        assert!(category("区政府会议决定事项需提请区委常委会会议审议的").is_empty());
        assert_eq!(category("以区政府名义制发的上行文"), ["以政府名义发文"]);
        assert_eq!(category("以市政府办公室名义发文"), ["以办公室名义发文"]);
        assert_eq!(
            category("市政府全体会议和市政府常务会议、市长办公会议的纪要"),
            ["会议纪要"]
        );
    }

    #[test]
    fn heat_is_dark_for_high_values() {
        assert!(heat_style(0.95).contains("color:#fff"));
        assert!(heat_style(0.1).contains("color:#111"));
    }

    #[test]
    fn fact_kinds_put_meetings_and_signing_first() {
        let docs = [json!({"id": "a", "leave": [], "signing": [], "meetings": [], "zoning": []})];
        assert_eq!(
            fact_kinds(&docs),
            ["meetings", "signing", "leave", "zoning"]
        );
    }
}
