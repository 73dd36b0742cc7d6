//! The Documents section: one row per document with its metadata (government, level, parent, year, the
//! `--meta` file's columns), title, issuer, date and document number, numbering style, sizes and warnings.

use maud::{html, Markup};

use super::paged::Paged;
use super::{opt, Page};
use crate::structure::Numbering;

/// Documents per page of the table.
const PER_PAGE: usize = 100;

impl Page<'_> {
    pub(super) fn documents(&self) -> Markup {
        let metadata = &self.report.metadata;
        let mut extra: Vec<&str> = metadata
            .iter()
            .flat_map(|m| m.extra.keys().map(String::as_str))
            .collect();
        extra.sort_unstable();
        extra.dedup();
        let head = html! {
            tr {
                th { "Document" } th { "Government" } th { "Level" } th.num { "Year" }
                @for column in &extra { th { (column) } }
                th.wide { "Title" } th { "Issuer" } th { "Date" } th { "Doc. number" }
                th { "Numbering" } th.num { "Chapters" } th.num { "Articles" } th.num { "Characters" } th.num { "Warnings" }
            }
        };
        let rows = self
            .report
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let m = metadata.get(i).filter(|m| m.id == d.id);
                let field = |f: fn(&crate::meta::DocMeta) -> &Option<String>| m.and_then(|m| f(m).as_deref());
                html! {
                    tr {
                        th.rowhead { a href=(format!("#t-{i}")) { (d.label) } br; small.muted { (d.id) } }
                        td {
                            (field(|m| &m.government).unwrap_or("—"))
                            @if let Some(p) = field(|m| &m.parent) { br; small.muted { "in " (p) } }
                        }
                        td { (field(|m| &m.level).unwrap_or("—")) }
                        td.num { @match m.and_then(|m| m.year) { Some(y) => (y), None => "—" } }
                        @for column in &extra {
                            td { (m.and_then(|m| m.extra.get(*column)).map_or("—", String::as_str)) }
                        }
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
