//! The Warnings section: the parser's warnings per document, each with the passage it points at (small
//! print: its code points). Paged by document.

use maud::{html, Markup};

use super::paged::Paged;
use super::Page;

/// Documents per page of the Warnings section.
const PER_PAGE: usize = 50;

impl Page<'_> {
    pub(super) fn warnings(&self) -> Markup {
        let rows: Vec<Markup> = self
            .report
            .documents
            .iter()
            .enumerate()
            .filter(|(_, d)| !d.warnings.is_empty())
            .map(|(i, d)| {
                html! {
                    div.doc-warnings #(format!("w-{i}")) {
                        h3 { (d.label) }
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
            })
            .collect();
        html! {
            section #warnings {
                h2 { "Warnings" }
                @if rows.is_empty() {
                    p.muted { "The parser found nothing to warn about." }
                } @else {
                    (self.paged_list(Paged::new("warnings", PER_PAGE), "warning-list", rows))
                }
            }
        }
    }
}
