//! The Documents section: one row per document with its metadata, numbering style, sizes and warnings.

use maud::{html, Markup};

use super::paged::Paged;
use super::{opt, Page};
use crate::structure::Numbering;

/// Documents per page of the table.
const PER_PAGE: usize = 100;

impl Page<'_> {
    pub(super) fn documents(&self) -> Markup {
        let head = html! {
            tr {
                th { (self.column_noun()) } th.wide { "Title" } th { "Issuer" } th { "Date" } th { "Doc. number" }
                th { "Numbering" } th.num { "Chapters" } th.num { "Articles" } th.num { "Characters" } th.num { "Warnings" }
            }
        };
        let rows = self
            .report
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| {
                html! {
                    tr {
                        th.rowhead { a href=(format!("#t-{i}")) { (d.label) } br; small.muted { (d.id) } }
                        td.wide { (opt(&d.title)) }
                        td { (opt(&d.issuer)) }
                        td.nowrap { (opt(&d.date)) }
                        td { (opt(&d.doc_number)) }
                        td { (numbering(d.numbering)) }
                        td.num { (d.chapter_count) }
                        td.num { (d.article_count) }
                        td.num { (d.char_len) }
                        td.num { @if d.warnings.is_empty() { "0" } @else { a href=(format!("#w-{i}")) { (d.warnings.len()) } } }
                    }
                }
            })
            .collect();
        html! {
            section #documents {
                h2 { "Documents" }
                (self.paged_table(Paged::new("documents", PER_PAGE), "data documents", head, rows))
            }
        }
    }
}

/// The numbering style as report.json writes it.
fn numbering(n: Numbering) -> &'static str {
    match n {
        Numbering::Tiao => "tiao",
        Numbering::Enumerated => "enumerated",
        Numbering::None => "none",
    }
}
