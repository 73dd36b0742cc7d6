//! Long tables and lists, one page at a time. The first page is in the HTML, so a short table needs no
//! script at all; the rows after it go to the script's data (`rows`, by table name), and page.js turns the
//! pages and filters the rows (`[data-paged]`). Rows are markup this renderer wrote. A row whose class list
//! starts with `heading` (a chapter theme) is shown above the rows that follow it, and only with them.

use maud::{html, Markup};

use super::{thousands, Page};

/// A paged table or list.
pub(super) struct Paged<'n> {
    /// The table's name in the script's data (unique on the page).
    pub name: &'n str,
    /// Rows per page, headings included.
    pub per_page: usize,
    /// A checkbox that hides the rows of a class, with its label: (`single`, `hide provisions …`).
    pub hide: Option<(&'static str, &'static str)>,
}

impl<'n> Paged<'n> {
    pub fn new(name: &'n str, per_page: usize) -> Paged<'n> {
        Paged {
            name,
            per_page: per_page.max(1),
            hide: None,
        }
    }

    pub fn hide(mut self, class: &'static str, label: &'static str) -> Paged<'n> {
        self.hide = Some((class, label));
        self
    }
}

impl Page<'_> {
    /// A table whose body is paged: its head, then `rows` (`tr` elements).
    pub(super) fn paged_table(
        &self,
        paged: Paged,
        class: &str,
        head: Markup,
        rows: Vec<Markup>,
    ) -> Markup {
        let (tools, first) = self.first_page(&paged, rows);
        html! {
            div.paged data-paged=(paged.name) {
                (tools)
                div.scroll {
                    table class=(class) {
                        thead { (head) }
                        tbody data-rows { (first) }
                    }
                }
            }
        }
    }

    /// A paged list of blocks (`div`, `details` …) in a `div` of `class`.
    pub(super) fn paged_list(&self, paged: Paged, class: &str, rows: Vec<Markup>) -> Markup {
        let (tools, first) = self.first_page(&paged, rows);
        html! {
            div.paged data-paged=(paged.name) {
                (tools)
                div class=(class) data-rows { (first) }
            }
        }
    }

    /// The filter box and pager (when there is more than a page), the hiding checkbox, and the first page;
    /// the other rows are put aside for the script's data.
    fn first_page(&self, paged: &Paged, rows: Vec<Markup>) -> (Markup, Markup) {
        let entries = rows.iter().filter(|r| !is_heading(&r.0)).count();
        let mut rows: Vec<String> = rows.into_iter().map(|r| r.0).collect();
        let rest = rows.split_off(rows.len().min(paged.per_page));
        let shown = rows.iter().filter(|r| !is_heading(r)).count();
        if !rest.is_empty() {
            self.rows
                .borrow_mut()
                .insert(paged.name.to_string(), rest.clone());
        }
        let tools = html! {
            @if !rest.is_empty() {
                div.pager {
                    input.filter type="search" placeholder="Filter these rows…" aria-label="filter these rows";
                    button.prev type="button" disabled { "‹ previous" }
                    span.status { "1–" (thousands(shown)) " of " (thousands(entries)) }
                    button.next type="button" { "next ›" }
                }
            }
            @if let Some((class, label)) = paged.hide {
                label.toggle { input.hide-rows type="checkbox" data-class=(class); " " (label) }
            }
        };
        (tools, maud::PreEscaped(rows.concat()))
    }
}

/// A heading row: its first class is `heading`.
fn is_heading(row: &str) -> bool {
    row.split_once('>')
        .is_some_and(|(tag, _)| tag.contains(" class=\"heading"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_rows_whose_first_class_is_heading() {
        assert!(is_heading(r#"<tr class="heading"><th>总则</th></tr>"#));
        assert!(!is_heading(r#"<tr class="single"><td>heading</td></tr>"#));
        assert!(!is_heading(r#"<tr><td class="heading">x</td></tr>"#));
    }
}
