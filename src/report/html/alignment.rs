//! Alignment: which article of each document covers which provision. Up to [`LARGE`](super::LARGE)
//! documents, a topic × document table (a row per group of corresponding articles under its chapter theme,
//! a column per document); beyond, a list of groups (topic, how many documents, their articles). Both are
//! paged, with a filter and a box that hides provisions only one document has. A click on an article opens
//! the comparison panel (page.js): the article beside every other article of its group, with the word-level
//! changes of the pairs that were diffed ([`GroupData`], [`DiffData`]). Button ids are `c-G-D-N`
//! (group G, document D, article N; `-S` for a sub-numbered article), which `#compare=…` opens directly.

use std::collections::HashMap;

use maud::{html, Markup};
use serde::Serialize;

use super::paged::Paged;
use super::{thousands, Page};
use crate::compare::align::{Group, Member};
use crate::structure::WarningKind;

/// Cells per page of the topic × document table (at least [`MIN_ROWS`] rows).
const TABLE_CELLS: usize = 3000;
const MIN_ROWS: usize = 50;
/// Groups per page of the list of groups.
const LIST_PER_PAGE: usize = 100;
/// Articles listed per group in the list of groups (all of them are in the comparison).
const LIST_MEMBERS: usize = 6;

/// A group for the comparison panel: `[id, topic, [[document, article, sub_number, score], …]]`, the
/// document as its position in the report.
#[derive(Serialize)]
pub(super) struct GroupData<'a>(&'a str, Option<&'a str>, Vec<MemberData>);

type MemberData = (usize, u32, Option<u32>, Option<f64>);

/// A diff for the comparison panel: `[group, a_doc, a_article, b_doc, b_article, similarity, a_spans,
/// b_spans]`: the group and documents as positions, the spans of the passages only one side has as flat
/// `[start, end, start, end …]` lists of code points into that side's document (their text is the article's).
#[derive(Serialize)]
pub(super) struct DiffData(
    usize,
    usize,
    u32,
    usize,
    u32,
    Option<f64>,
    Vec<usize>,
    Vec<usize>,
);

impl Page<'_> {
    pub(super) fn alignment(&self) -> Markup {
        let groups: &[Group] = match &self.report.alignment {
            Some(a) => &a.alignment.groups,
            None => &[],
        };
        let singles = groups.iter().filter(|g| self.documents_of(g) <= 1).count();
        html! {
            section #alignment {
                h2 { "Alignment: which article covers what" }
                @if groups.is_empty() {
                    p.muted { "No aligned articles in this report." }
                } @else {
                    @if self.large {
                        p.hint { (thousands(groups.len())) " provisions (groups of corresponding articles), " (thousands(singles))
                            " of them found in one document only; one row per provision, under its chapter's theme, with the "
                            "documents that have it. Click an article to set it beside the others, word by word." }
                    } @else {
                        p.hint { "One row per provision, under its chapter's theme; each cell is that " (self.noun) "'s article, with its "
                            "alignment score. Click an article to set it beside the others, word by word. "
                            "— : the " (self.noun) " has no such provision; … : the text is truncated before this point." }
                    }
                    @if let Some(l) = self.report.limits.iter().find(|l| l.what == crate::compare::Bounded::DiffPairs) {
                        p.hint { "Word-level changes are marked for the pairs of documents that were diffed: " (l.rule) " ("
                            (thousands(l.kept)) " of " (thousands(l.total)) " pairs); other pairs are shown side by side unmarked." }
                    }
                    @if self.large { (self.group_list(groups)) } @else { (self.group_table(groups)) }
                }
            }
        }
    }

    /// How many documents have an article in the group.
    fn documents_of(&self, g: &Group) -> usize {
        let mut docs: Vec<&str> = g.members.iter().map(|m| m.doc.as_str()).collect();
        docs.sort_unstable();
        docs.dedup();
        docs.len()
    }

    /// The chapter theme's heading row, when `gi` starts a new theme.
    fn theme_row(groups: &[Group], gi: usize, columns: usize) -> Option<Markup> {
        let theme = groups[gi].theme.as_deref().filter(|t| !t.is_empty())?;
        let previous = gi.checked_sub(1).and_then(|p| groups[p].theme.as_deref());
        (previous != Some(theme)).then(|| html! { tr.heading { th colspan=(columns) { (theme) } } })
    }

    /// Topic × document: each cell is that document's article (— : none; … : after the end of a truncated
    /// text, where it may be lost).
    fn group_table(&self, groups: &[Group]) -> Markup {
        let docs = &self.report.documents;
        // For each truncated document, the last group that holds one of its articles.
        let mut last_group: Vec<Option<usize>> = vec![None; docs.len()];
        for (gi, g) in groups.iter().enumerate() {
            for m in &g.members {
                if let Some((d, _)) = self.doc(&m.doc) {
                    last_group[d] = Some(gi);
                }
            }
        }
        let truncated: Vec<bool> = docs
            .iter()
            .map(|d| {
                d.warnings
                    .iter()
                    .any(|w| w.warning.kind == WarningKind::Truncated)
            })
            .collect();
        let columns = docs.len() + 1;
        let mut rows = Vec::new();
        for (gi, g) in groups.iter().enumerate() {
            rows.extend(Self::theme_row(groups, gi, columns));
            let mut by_doc: Vec<Vec<&Member>> = vec![Vec::new(); docs.len()];
            for m in &g.members {
                if let Some((d, _)) = self.doc(&m.doc) {
                    by_doc[d].push(m);
                }
            }
            let present = by_doc.iter().filter(|m| !m.is_empty()).count();
            rows.push(html! {
                tr class=[(present <= 1).then_some("single")] {
                    th.rowhead { (topic(g)) }
                    @for (d, members) in by_doc.iter().enumerate() {
                        @if members.is_empty() {
                            @if truncated[d] && last_group[d].is_none_or(|last| gi > last) {
                                td.absent title="the text is truncated before this point: the provision may be lost" { "…" }
                            } @else {
                                td.absent { "—" }
                            }
                        } @else {
                            td { @for m in members { (self.member_button(gi, d, m, false)) } }
                        }
                    }
                }
            });
        }
        let head = html! { tr { th { "Topic" } @for d in docs { th.col { (d.label) } } } };
        let per_page = (TABLE_CELLS / columns).max(MIN_ROWS);
        let paged = Paged::new("alignment", per_page).hide(
            "single",
            if self.noun == super::Noun::Government {
                "hide provisions only one government has"
            } else {
                "hide provisions only one document has"
            },
        );
        self.paged_table(paged, "align", head, rows)
    }

    /// One row per group: its topic, how many documents have it, and their articles (the first
    /// [`LIST_MEMBERS`]; the comparison shows them all).
    fn group_list(&self, groups: &[Group]) -> Markup {
        let mut rows = Vec::new();
        for (gi, g) in groups.iter().enumerate() {
            rows.extend(Self::theme_row(groups, gi, 3));
            let present = self.documents_of(g);
            let members: Vec<(usize, &Member)> = g
                .members
                .iter()
                .filter_map(|m| Some((self.doc(&m.doc)?.0, m)))
                .collect();
            rows.push(html! {
                tr class=[(present <= 1).then_some("single")] {
                    th.rowhead { (topic(g)) }
                    td.num { (present) }
                    td.members {
                        @for (d, m) in members.iter().take(LIST_MEMBERS) { (self.member_button(gi, *d, m, true)) }
                        @if let Some((d, m)) = members.first().filter(|_| members.len() > LIST_MEMBERS) {
                            button.cell-art.more type="button" data-compare=(button_id(gi, *d, m)) title="compare all the articles of this provision" {
                                "+" (thousands(members.len() - LIST_MEMBERS)) " more"
                            }
                        }
                    }
                }
            });
        }
        let head = html! { tr { th { "Topic" } th.num { "Documents" } th { "Articles (click to compare)" } } };
        let paged = Paged::new("alignment", LIST_PER_PAGE)
            .hide("single", "hide provisions only one document has");
        self.paged_table(paged, "data align-list", head, rows)
    }

    /// An article's button: its label (with its document's in the list of groups) and alignment score.
    fn member_button(&self, gi: usize, d: usize, m: &Member, with_document: bool) -> Markup {
        html! {
            button.cell-art type="button" id=(button_id(gi, d, m)) title="compare with the other articles of this provision" {
                @if with_document { (self.report.documents[d].label) " " }
                (self.article_label(d, m.article, m.sub_number))
                @if let Some(s) = m.score { " " small.muted { (format!("{s:.2}")) } }
            }
        }
    }

    /// The groups for the comparison panel.
    pub(super) fn group_data(&self) -> Vec<GroupData<'_>> {
        let Some(a) = &self.report.alignment else {
            return Vec::new();
        };
        a.alignment
            .groups
            .iter()
            .map(|g| {
                let members = g
                    .members
                    .iter()
                    .filter_map(|m| Some((self.doc(&m.doc)?.0, m.article, m.sub_number, m.score)))
                    .collect();
                GroupData(&g.id, g.topic.as_deref(), members)
            })
            .collect()
    }

    /// The diffs for the comparison panel (those of groups and documents on the page).
    pub(super) fn diff_data(&self) -> Vec<DiffData> {
        let group_index: HashMap<&str, usize> = match &self.report.alignment {
            Some(a) => a
                .alignment
                .groups
                .iter()
                .enumerate()
                .map(|(i, g)| (g.id.as_str(), i))
                .collect(),
            None => HashMap::new(),
        };
        let flat = |passages: &[crate::report::DiffPassage]| {
            passages
                .iter()
                .flat_map(|p| [p.span.start, p.span.end])
                .collect::<Vec<usize>>()
        };
        self.report
            .diffs
            .iter()
            .filter_map(|d| {
                Some(DiffData(
                    *group_index.get(d.group.as_str())?,
                    self.doc(&d.a.doc)?.0,
                    d.a.article,
                    self.doc(&d.b.doc)?.0,
                    d.b.article,
                    d.similarity,
                    flat(&d.only_in_a),
                    flat(&d.only_in_b),
                ))
            })
            .collect()
    }
}

fn topic(g: &Group) -> Markup {
    html! {
        @match g.topic.as_deref().filter(|t| !t.is_empty()) {
            Some(t) => (t),
            None => span.muted { "(no topic)" },
        }
    }
}

/// `c-G-D-N`, or `c-G-D-N-S` for a sub-numbered article.
fn button_id(gi: usize, d: usize, m: &Member) -> String {
    match m.sub_number {
        Some(s) => format!("c-{gi}-{d}-{}-{s}", m.article),
        None => format!("c-{gi}-{d}-{}", m.article),
    }
}
