//! At a glance: per document, how often each kind of meeting is held and who signs which documents. Every
//! entry links to its article and shows its source passage on hover; `—`: the text says nothing on it; `…`:
//! the text is truncated, the entry may be in the lost part. Past [`LARGE`](super::LARGE) documents, the
//! documents with no entry in any column are counted rather than listed.

use std::collections::{BTreeMap, HashMap};

use maud::{html, Markup};
use regex::Regex;

use super::facts::Rate;
use super::paged::Paged;
use super::{thousands, Page};
use crate::facts::{Meeting, SigningRule};
use crate::report::envelope::FactsDocument;
use crate::structure::Numbering;

/// Documents per page of the table.
const PER_PAGE: usize = 100;

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

/// A signing rule's `document_kind` in simplified characters, for matching [`SIGNING_CATEGORIES`] (a
/// traditional document quotes it in its own characters).
fn document_kind(rule: &SigningRule) -> String {
    crate::text::script::to_simplified(rule.document_kind.as_deref().unwrap_or("")).into_owned()
}

/// One entry of a cell: its phrase, the passage it was read from (tooltip), its article.
struct Entry<'f> {
    phrase: Markup,
    passage: &'f str,
    article: Option<u32>,
}

impl Page<'_> {
    pub(super) fn glance(&self) -> Markup {
        let Some(facts) = &self.report.facts else {
            return html! {
                section #glance {
                    h2 { "At a glance: meetings and signing" }
                    p.muted { "Facts were not extracted for this report." }
                }
            };
        };
        let by_doc: HashMap<&str, &FactsDocument> =
            facts.documents.iter().map(|f| (f.id.as_str(), f)).collect();
        let meetings_of = |id: &str| -> &[Meeting] {
            by_doc
                .get(id)
                .and_then(|f| f.meetings.as_deref())
                .unwrap_or(&[])
        };
        let signing_of = |id: &str| -> &[SigningRule] {
            by_doc
                .get(id)
                .and_then(|f| f.signing.as_deref())
                .unwrap_or(&[])
        };
        let docs = &self.report.documents;
        let kinds = meeting_kinds(docs.iter().map(|d| meetings_of(&d.id)));
        let categories: Vec<(&str, Regex)> = SIGNING_CATEGORIES
            .iter()
            .map(|(h, p)| (*h, Regex::new(p).expect("valid signing pattern")))
            .filter(|(_, re)| {
                docs.iter()
                    .flat_map(|d| signing_of(&d.id))
                    .any(|s| re.is_match(&document_kind(s)))
            })
            .collect();
        let mut silent = 0;
        let mut rows = Vec::new();
        for d in docs {
            let (meetings, signing) = (meetings_of(&d.id), signing_of(&d.id));
            let meeting_cells: Vec<Vec<Entry>> = kinds
                .iter()
                .map(|(kind, _)| {
                    let of_kind = meetings.iter().filter(|m| &m.kind == kind);
                    of_kind
                        .map(|m| Entry {
                            phrase: Rate::of_meeting(m).markup(),
                            passage: &m.text,
                            article: m.article,
                        })
                        .collect()
                })
                .collect();
            let signing_cells: Vec<Vec<Entry>> = categories
                .iter()
                .map(|(_, re)| {
                    let of_category = signing.iter().filter(|s| re.is_match(&document_kind(s)));
                    of_category
                        .map(|s| Entry {
                            phrase: signer_markup(s),
                            passage: &s.text,
                            article: s.article,
                        })
                        .collect()
                })
                .collect();
            if self.large
                && meeting_cells
                    .iter()
                    .chain(&signing_cells)
                    .all(Vec::is_empty)
            {
                silent += 1;
                continue;
            }
            let truncated = d.warnings.iter().any(|w| w.warning.kind == "truncated");
            rows.push(html! {
                tr {
                    th.rowhead {
                        (d.label)
                        @if truncated {
                            br; small.warn title="the text stops partway; missing entries may be lost text" { "text truncated" }
                        }
                    }
                    @for entries in meeting_cells.into_iter().chain(signing_cells) {
                        td { (self.glance_cell(&d.id, truncated, entries)) }
                    }
                }
            });
        }
        let head = html! {
            tr {
                th rowspan="2" { (self.column_noun()) }
                @if !kinds.is_empty() { th.group colspan=(kinds.len()) { "Meetings: how often" } }
                @if !categories.is_empty() { th.group colspan=(categories.len()) { "Who signs" } }
            }
            tr {
                @for (_, heading) in &kinds { th { (heading) } }
                @for (heading, _) in &categories { th { (heading) } }
            }
        };
        html! {
            section #glance {
                h2 { "At a glance: meetings and signing" }
                p.hint { "How often each kind of meeting is held (times per year, as the rules state it) and who signs "
                    "which documents. Every entry links to its article; hover for the source passage. "
                    "— : the text says nothing on it; … : the text is truncated, the entry may be lost." }
                @if rows.is_empty() {
                    p.hint { "None of the " (thousands(docs.len())) " documents states a kind of meeting or a signing rule that this summary tracks." }
                } @else if silent > 0 {
                    p.hint { (thousands(silent)) " of " (thousands(docs.len())) " documents state nothing on these meetings or signing and are not listed." }
                }
                @if !rows.is_empty() {
                    (self.paged_table(Paged::new("glance", PER_PAGE), "glance", head, rows))
                }
            }
        }
    }

    /// The entries of one summary cell, each with a compact link to its article; `—` when none (`…` in a
    /// truncated text, where it may be lost). Identical phrases (the same rule stated for several kinds of
    /// document) are shown once.
    fn glance_cell<'f>(&self, doc: &str, truncated: bool, entries: Vec<Entry<'f>>) -> Markup {
        let mut shown: Vec<Entry> = Vec::new();
        for e in entries {
            if !shown.iter().any(|s| s.phrase.0 == e.phrase.0) {
                shown.push(e);
            }
        }
        html! {
            @if shown.is_empty() && truncated {
                span.muted title="not in the text, which is truncated: it may be in the lost part" { "…" }
            } @else if shown.is_empty() {
                span.muted title="not stated in the text" { "—" }
            }
            @for e in &shown {
                div.fact title=(e.passage) {
                    (e.phrase) " " (self.short_article_link(doc, e.article))
                }
            }
        }
    }

    /// A compact link to an article: `第35条` for 第X条 documents, `35、` for 一、 documents.
    fn short_article_link(&self, doc: &str, article: Option<u32>) -> Markup {
        let (Some(n), Some((i, d))) = (article, self.doc(doc)) else {
            return html! {};
        };
        let short = if d.numbering == Numbering::Enumerated {
            format!("{n}、")
        } else {
            format!("第{n}条")
        };
        html! { a.art-link.short href=(format!("#a-{i}-{n}")) title=(self.article_label(i, n, None)) { (short) } }
    }
}

/// The meeting kinds for the summary, with their headings (the names the texts use, `/`-joined): the
/// kinds most documents establish, at most [`MEETING_COLUMNS`], in [`MEETING_KINDS`] order.
fn meeting_kinds<'m>(per_doc: impl Iterator<Item = &'m [Meeting]>) -> Vec<(String, String)> {
    // kind → (documents that establish it, its names as written)
    let mut by_kind: BTreeMap<&str, (usize, Vec<&str>)> = BTreeMap::new();
    for meetings in per_doc {
        let mut seen: Vec<&str> = Vec::new();
        for m in meetings.iter().filter(|m| !m.kind.is_empty()) {
            let (docs, names) = by_kind.entry(&m.kind).or_default();
            if !seen.contains(&m.kind.as_str()) {
                seen.push(&m.kind);
                *docs += 1;
            }
            if !m.meeting_type.is_empty() && !names.contains(&m.meeting_type.as_str()) {
                names.push(&m.meeting_type);
            }
        }
    }
    let rank = |kind: &str| {
        MEETING_KINDS
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(MEETING_KINDS.len())
    };
    let mut kinds: Vec<(&str, usize, Vec<&str>)> = by_kind
        .into_iter()
        .map(|(k, (docs, names))| (k, docs, names))
        .collect();
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| rank(a.0).cmp(&rank(b.0))));
    kinds.truncate(MEETING_COLUMNS);
    kinds.sort_by(|a, b| rank(a.0).cmp(&rank(b.0)).then_with(|| a.0.cmp(b.0)));
    kinds
        .into_iter()
        .map(|(k, _, names)| {
            let heading = if names.is_empty() {
                k.to_string()
            } else {
                names.join(" / ")
            };
            (k.to_string(), heading)
        })
        .collect()
}

/// A summary cell's signing rule: who (bold), the act, and the condition when there is one.
fn signer_markup(rule: &SigningRule) -> Markup {
    html! {
        @if let Some(c) = rule.condition.as_deref().filter(|c| !c.is_empty()) { small.muted { (c) "：" } }
        b { @if rule.signer.is_empty() { "?" } @else { (rule.signer) } }
        " " small.muted { (rule.act) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signing_categories_read_document_kinds_as_written() {
        let category = |kind: &str| -> Vec<&str> {
            SIGNING_CATEGORIES
                .iter()
                .filter(|(_, p)| Regex::new(p).unwrap().is_match(kind))
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

    fn meeting(kind: &str, name: &str) -> Meeting {
        Meeting {
            meeting_type: name.into(),
            kind: kind.into(),
            chair: None,
            deputy_chair: None,
            composition: None,
            attendees: vec![],
            per_year: None,
            per_year_max: None,
            qualifier: None,
            cadence_kind: None,
            cadence_text: None,
            cadence_span: None,
            text: String::new(),
            article: None,
            span: crate::Span::new(0, 0),
            note: None,
        }
    }

    #[test]
    fn meeting_columns_are_the_kinds_most_documents_establish_in_reading_order() {
        let docs = [
            vec![
                meeting("thematic", "专题会议"),
                meeting("executive", "常务会议"),
            ],
            vec![
                meeting("executive", "常务会议"),
                meeting("executive", "常务会议"),
            ],
            vec![
                meeting("plenary", "全体会议"),
                meeting("head_office", "市长办公会议"),
            ],
            vec![meeting("head_office", "区长办公会议")],
        ];
        let kinds = meeting_kinds(docs.iter().map(Vec::as_slice));
        let names: Vec<(&str, &str)> = kinds
            .iter()
            .map(|(k, h)| (k.as_str(), h.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("plenary", "全体会议"),
                ("executive", "常务会议"),
                ("head_office", "市长办公会议 / 区长办公会议"),
                ("thematic", "专题会议"),
            ]
        );
    }
}
