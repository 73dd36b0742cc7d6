//! The Search section: keyword in context over the articles the page carries, as `govrules kwic` gives it
//! on the command line. The form is here; page.js searches the article texts of the script's data and
//! writes the hits with `textContent`. Traditional texts are searched through their simplified form, as
//! the analysis reads them: the script's data carries the one-to-one mapping ([`fold_table`]) and which
//! documents are read through it, so `会议` finds `會議`, and the hit is shown as written.

use maud::{html, Markup};

use super::Page;

/// The traditional → simplified mapping as two strings of equal length in code points: `from[i]` reads
/// as `to[i]`.
pub(super) fn fold_table() -> (String, String) {
    crate::text::script::mapping().into_iter().unzip()
}

impl Page<'_> {
    pub(super) fn search(&self) -> Markup {
        html! {
            section #search {
                h2 { "Search" }
                p.hint {
                    "Keyword in context over the articles below (" code { "govrules kwic" } " does the same on the "
                    "command line, over whole texts): a word, matched as a string of characters (会议 also inside "
                    "常务会议), or a JavaScript regular expression. Texts in traditional characters are searched "
                    "through their simplified form, so 会议 finds 會議; hits are shown as written. Small print: "
                    "where the match is in its document, in code points [start, end)."
                }
                div.search-form {
                    input #kwic-q type="search" placeholder="会议, 常务会议, 每.{1,3}召开 …" aria-label="Search the articles";
                    label { input #kwic-regex type="checkbox"; " regular expression" }
                    label { "context " input #kwic-width type="number" value="20" min="0" max="200"; " characters" }
                }
                p.status #kwic-status {}
                div.scroll {
                    table.kwic #kwic-results hidden {
                        thead { tr { th { (self.column_noun()) } th { "Article" } th.left { "Before" } th { "Match" } th { "After" } } }
                        tbody {}
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_fold_table_pairs_characters_one_to_one() {
        let (from, to) = super::fold_table();
        assert_eq!(from.chars().count(), to.chars().count());
        let pairs: std::collections::HashMap<char, char> = from.chars().zip(to.chars()).collect();
        assert_eq!(pairs[&'會'], '会');
        assert_eq!(pairs[&'議'], '议');
    }
}
