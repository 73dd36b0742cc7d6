//! The Revisions section, for documents that are revisions of one text (the report's `revisions`): per
//! pair, earlier first, the facts that changed (a meeting's cadence, a signer; a meeting or rule added or
//! dropped), each linked to its article on both sides, then the aligned articles whose wording differs,
//! with the words only one side has and a button that opens the comparison.

use std::collections::HashMap;

use maud::{html, Markup};

use super::paged::Paged;
use super::{thousands, Page};
use crate::compare::revisions::FactChange;
use crate::report::{ReportDiff, Revision};

/// Revisions per page of the list.
const PER_PAGE: usize = 20;
/// Characters of the passages shown per side of a changed article.
const PASSAGE_CHARS: usize = 60;

impl Page<'_> {
    pub(super) fn revisions(&self) -> Markup {
        let revisions = &self.report.revisions;
        if revisions.is_empty() {
            return html! {};
        }
        let groups: HashMap<&str, usize> = match &self.report.alignment {
            Some(a) => a
                .alignment
                .groups
                .iter()
                .enumerate()
                .map(|(i, g)| (g.id.as_str(), i))
                .collect(),
            None => HashMap::new(),
        };
        let blocks: Vec<Markup> = revisions
            .iter()
            .map(|r| self.revision(r, &groups))
            .collect();
        html! {
            section #revisions {
                h2 { "Revisions: what changed" }
                p.hint { "Documents with the same government and the same title are revisions of one text; each is set "
                    "beside the next by date. First the facts that changed, then the articles whose wording differs "
                    "(struck: only in the earlier; marked: only in the later)." }
                (self.paged_list(Paged::new("revisions", PER_PAGE), "revisions", blocks))
            }
        }
    }

    fn revision(&self, r: &Revision, groups: &HashMap<&str, usize>) -> Markup {
        let (a, b) = (self.label(&r.a), self.label(&r.b));
        // The report's diffs have the earlier document in input order as `a`.
        let changed: Vec<(&ReportDiff, bool)> = self
            .report
            .diffs
            .iter()
            .filter_map(|d| {
                if (d.a.doc.as_str(), d.b.doc.as_str()) == (r.a.as_str(), r.b.as_str()) {
                    Some((d, true))
                } else if (d.a.doc.as_str(), d.b.doc.as_str()) == (r.b.as_str(), r.a.as_str()) {
                    Some((d, false))
                } else {
                    None
                }
            })
            .filter(|(d, _)| d.similarity.is_none_or(|s| s < 1.0))
            .collect();
        html! {
            div.revision {
                h3 { (a) " → " (b) " " small.muted { (super::opt(&r.title)) } }
                @if r.fact_changes.is_empty() {
                    p.muted { "No meeting or signing rule changed." }
                } @else {
                    div.scroll {
                        table.data {
                            thead { tr { th { "Fact" } th { "Change" } th.long { (a) } th.long { (b) } } }
                            tbody { @for c in &r.fact_changes { (self.fact_change_row(r, c)) } }
                        }
                    }
                }
                @if changed.is_empty() {
                    p.muted { "No aligned article differs in its wording." }
                } @else {
                    p { (thousands(changed.len())) " aligned article(s) differ in their wording:" }
                    div.scroll {
                        table.data {
                            thead { tr { th { (a) } th { (b) } th.num { "Similarity" } th.long { "Only in " (a) } th.long { "Only in " (b) } th {} } }
                            tbody {
                                @for (d, forward) in changed {
                                    @let (ra, rb, pa, pb) = if forward {
                                        (&d.a, &d.b, &d.only_in_a, &d.only_in_b)
                                    } else {
                                        (&d.b, &d.a, &d.only_in_b, &d.only_in_a)
                                    };
                                    tr {
                                        td.nowrap { (self.article_link(&ra.doc, Some(ra.article), None)) }
                                        td.nowrap { (self.article_link(&rb.doc, Some(rb.article), None)) }
                                        td.num { @match d.similarity { Some(s) => (format!("{s:.2}")), None => "—" } }
                                        td.long { del.only-left { (passages(pa)) } }
                                        td.long { ins.only-right { (passages(pb)) } }
                                        td {
                                            @if let (Some(gi), Some((di, _))) = (groups.get(d.group.as_str()), self.doc(&ra.doc)) {
                                                button.cell-art type="button" data-compare=(format!("c-{gi}-{di}-{}", ra.article)) { "compare" }
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

    /// One fact change: what, how, and the value on each side with its article.
    fn fact_change_row(&self, r: &Revision, c: &FactChange) -> Markup {
        let side = |doc: &str,
                    value: &Option<String>,
                    per_year: Option<f64>,
                    article: Option<u32>| {
            html! {
                @match value {
                    Some(v) => { (v) @if let Some(n) = per_year { " " b { (super::facts::trim_float(n)) "×/yr" } } }
                    None => span.muted { "—" },
                }
                @if article.is_some() { " " (self.short_article_link(doc, article)) }
            }
        };
        html! {
            tr {
                td { (c.subject) br; small.muted { (c.topic) } }
                td.nowrap { (c.change) @if let Some(f) = c.field { " " small.muted { (f) } } }
                td.long { (side(&r.a, &c.a, c.a_per_year, c.a_article)) }
                td.long { (side(&r.b, &c.b, c.b_per_year, c.b_article)) }
            }
        }
    }
}

/// The passages one side alone has, `…`-joined, cut to [`PASSAGE_CHARS`].
fn passages(ps: &[crate::report::DiffPassage]) -> String {
    let joined = ps
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join(" … ");
    if joined.chars().count() > PASSAGE_CHARS {
        joined.chars().take(PASSAGE_CHARS).chain(['…']).collect()
    } else {
        joined
    }
}
