//! At a glance: per document, how often each meeting is held and who signs which documents. The columns
//! are the facts' own classification (the report's `meeting_roles` and `signing_categories`, from
//! corpus/meetings.toml and corpus/signing.toml): one per role that some document's meetings play, then
//! "Other meetings", naming every meeting without a role; one per signing category, then "Other documents",
//! naming the documents of every rule in no category. So every meeting and every signing rule a document
//! states shows here. Every entry links to its article and shows its source passage on hover; `—`: the text
//! says nothing on it; `…`: the text is truncated, the entry may be in the lost part. Past
//! [`LARGE`](super::LARGE) documents, the documents with no entry in any column are counted rather than
//! listed.

use std::collections::HashMap;

use maud::{html, Markup};

use super::facts::Rate;
use super::paged::Paged;
use super::{thousands, Page};
use crate::facts::vocabulary::{Category, Role};
use crate::facts::{Meeting, SigningRule, Vocabulary};
use crate::report::envelope::FactsDocument;
use crate::structure::WarningKind;

/// Documents per page of the table.
const PER_PAGE: usize = 100;

/// A document kind longer than this is cut in the "other documents" column (the tooltip has the sentence).
const KIND_CHARS: usize = 24;

/// One entry of a cell: its phrase, the passage it was read from (tooltip), its article.
struct Entry<'f> {
    phrase: Markup,
    passage: &'f str,
    article: Option<u32>,
}

/// A column of the table: what selects its meetings or rules, its heading and the note under it.
enum Column<'v> {
    /// Meetings playing this role; `names`: their names as the texts write them.
    Role(&'v Role, Vec<&'v str>),
    /// Meetings playing no role.
    OtherMeetings,
    Category(&'v Category),
    /// Signing rules in no category.
    OtherDocuments,
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
        let builtin = Vocabulary::builtin();
        let roles = facts
            .meeting_roles
            .as_deref()
            .unwrap_or(&builtin.meetings.roles);
        let categories = facts
            .signing_categories
            .as_deref()
            .unwrap_or(&builtin.signing.categories);
        let all_meetings: Vec<&Meeting> = facts
            .documents
            .iter()
            .flat_map(|f| f.meetings.as_deref().unwrap_or(&[]))
            .collect();
        let all_rules: Vec<&SigningRule> = facts
            .documents
            .iter()
            .flat_map(|f| f.signing.as_deref().unwrap_or(&[]))
            .collect();
        let meeting_columns = meeting_columns(roles, &all_meetings);
        let signing_columns = signing_columns(categories, &all_rules);
        let docs = &self.report.documents;
        let mut silent = 0;
        let mut rows = Vec::new();
        for d in docs {
            let (meetings, signing) = (meetings_of(&d.id), signing_of(&d.id));
            let cells: Vec<Vec<Entry>> = meeting_columns
                .iter()
                .map(|c| {
                    let named = matches!(c, Column::Role(_, names) if names.len() > 1)
                        || matches!(c, Column::OtherMeetings);
                    meetings
                        .iter()
                        .filter(|m| c.holds_meeting(m))
                        .map(|m| meeting_entry(m, named))
                        .collect()
                })
                .chain(signing_columns.iter().map(|c| {
                    signing
                        .iter()
                        .filter(|s| c.holds_rule(s))
                        .map(|s| signing_entry(s, matches!(c, Column::OtherDocuments)))
                        .collect()
                }))
                .collect();
            if self.large && cells.iter().all(Vec::is_empty) {
                silent += 1;
                continue;
            }
            let truncated = d
                .warnings
                .iter()
                .any(|w| w.warning.kind == WarningKind::Truncated);
            rows.push(html! {
                tr {
                    th.rowhead {
                        (d.label)
                        @if truncated {
                            br; small.warn title="the text stops partway; missing entries may be lost text" { "text truncated" }
                        }
                    }
                    @for entries in cells {
                        td { (self.glance_cell(&d.id, truncated, entries)) }
                    }
                }
            });
        }
        let head = html! {
            tr {
                th rowspan="2" { (self.column_noun()) }
                @if !meeting_columns.is_empty() { th.group colspan=(meeting_columns.len()) { "Meetings: how often" } }
                @if !signing_columns.is_empty() { th.group colspan=(signing_columns.len()) { "Who signs" } }
            }
            tr {
                @for c in meeting_columns.iter().chain(&signing_columns) { th { (c.heading()) } }
            }
        };
        html! {
            section #glance {
                h2 { "At a glance: meetings and signing" }
                p.hint { "How often each meeting is held (times per year, as the rules state it) and who signs "
                    "which documents: every meeting and every signing rule the texts state, grouped by role and by "
                    "category (corpus/meetings.toml, corpus/signing.toml), the rest under “other”. Every entry links "
                    "to its article; hover for the source passage. "
                    "— : the text says nothing on it; … : the text is truncated, the entry may be lost." }
                @if rows.is_empty() {
                    p.hint { "None of the " (thousands(docs.len())) " documents states a meeting or a signing rule." }
                } @else if silent > 0 {
                    p.hint { (thousands(silent)) " of " (thousands(docs.len())) " documents state no meeting and no signing rule and are not listed." }
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
}

impl Column<'_> {
    fn holds_meeting(&self, m: &Meeting) -> bool {
        match self {
            Column::Role(r, _) => m.role.as_deref() == Some(r.id.as_str()),
            Column::OtherMeetings => m.role.is_none(),
            _ => false,
        }
    }

    fn holds_rule(&self, s: &SigningRule) -> bool {
        match self {
            Column::Category(c) => s.categories.contains(&c.id),
            Column::OtherDocuments => s.categories.is_empty(),
            _ => false,
        }
    }

    fn heading(&self) -> Markup {
        match self {
            Column::Role(r, names) => html! {
                (r.title) br; small.muted { (names.join(" / ")) }
            },
            Column::OtherMeetings => html! { "Other meetings" },
            Column::Category(c) => html! { (c.name) },
            Column::OtherDocuments => html! { "Other documents" },
        }
    }
}

/// A column per role some meeting plays, in the roles' order, then "other meetings" when some meeting
/// plays none.
fn meeting_columns<'v>(roles: &'v [Role], meetings: &[&'v Meeting]) -> Vec<Column<'v>> {
    let mut out: Vec<Column> = roles
        .iter()
        .filter_map(|r| {
            let mut names: Vec<&str> = Vec::new();
            for m in meetings.iter().filter(|m| m.role.as_deref() == Some(&r.id)) {
                if !names.contains(&m.meeting_type.as_str()) {
                    names.push(&m.meeting_type);
                }
            }
            (!names.is_empty()).then_some(Column::Role(r, names))
        })
        .collect();
    if meetings.iter().any(|m| m.role.is_none()) {
        out.push(Column::OtherMeetings);
    }
    out
}

/// A column per category some rule falls under, in the categories' order, then "other documents" when some
/// rule falls under none.
fn signing_columns<'v>(categories: &'v [Category], rules: &[&SigningRule]) -> Vec<Column<'v>> {
    let mut out: Vec<Column> = categories
        .iter()
        .filter(|c| rules.iter().any(|s| s.categories.contains(&c.id)))
        .map(Column::Category)
        .collect();
    if rules.iter().any(|s| s.categories.is_empty()) {
        out.push(Column::OtherDocuments);
    }
    out
}

/// A meeting's rate, after its name where the column holds several.
fn meeting_entry(m: &Meeting, named: bool) -> Entry<'_> {
    Entry {
        phrase: html! {
            @if named { small { (m.meeting_type) "：" } }
            (Rate::of_meeting(m).markup())
        },
        passage: &m.text,
        article: m.article,
    }
}

/// A signing rule: who (bold), the act, the condition when there is one, after the kind of document in
/// the "other documents" column.
fn signing_entry(rule: &SigningRule, with_kind: bool) -> Entry<'_> {
    let kind = rule
        .document_kind
        .as_deref()
        .unwrap_or("(documents not named)");
    let short: String = if kind.chars().count() > KIND_CHARS {
        kind.chars().take(KIND_CHARS).chain(['…']).collect()
    } else {
        kind.to_string()
    };
    Entry {
        phrase: html! {
            @if with_kind { small { (short) "：" } }
            @if let Some(c) = rule.condition.as_deref().filter(|c| !c.is_empty()) { small.muted { (c) "：" } }
            b { @if rule.signer.is_empty() { "?" } @else { (rule.signer) } }
            " " small.muted { (rule.act) }
        },
        passage: &rule.text,
        article: rule.evidence.article,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting(kind: &str, role: Option<&str>, name: &str) -> Meeting {
        Meeting {
            meeting_type: name.into(),
            kind: kind.into(),
            role: role.map(str::to_string),
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
            exception: None,
            exception_span: None,
            text: String::new(),
            article: None,
            span: crate::Span::new(0, 0),
            note: None,
        }
    }

    #[test]
    fn every_role_some_meeting_plays_is_a_column_and_the_rest_are_other_meetings() {
        let roles = &Vocabulary::builtin().meetings.roles;
        let ms = [
            meeting("thematic", Some("thematic"), "专题会议"),
            meeting("executive", Some("executive"), "常务会议"),
            meeting("head_office", Some("head"), "市长办公会议"),
            meeting("briefing", Some("head"), "区长碰头会"),
            meeting("regular_work", Some("head"), "区长工作例会"),
            meeting("coordination", None, "协调会议"),
        ];
        let refs: Vec<&Meeting> = ms.iter().collect();
        let headings: Vec<String> = meeting_columns(roles, &refs)
            .iter()
            .map(|c| c.heading().0)
            .collect();
        assert_eq!(
            headings,
            [
                "Executive<br><small class=\"muted\">常务会议</small>",
                "Head's meetings<br><small class=\"muted\">市长办公会议 / 区长碰头会 / 区长工作例会</small>",
                "Thematic<br><small class=\"muted\">专题会议</small>",
                "Other meetings",
            ]
        );
    }
}
