//! The Texts section: every article as its document writes it, one collapsible block per document, which
//! every article link on the page opens. The blocks are paged; the articles travel in the script's data
//! ([`DocText`]) and are rendered when their block opens (page.js), so a page of 1,426 documents does not
//! build 64,664 articles up front.

use maud::{html, Markup};
use serde::Serialize;

use super::paged::Paged;
use super::{opt, DocumentSummary, Page};

/// Documents per page of the Texts section.
const PER_PAGE: usize = 50;

/// One document's text for the script: its chapters and its articles.
#[derive(Serialize)]
pub(super) struct DocText<'a> {
    /// `[number, title]` of each chapter.
    chapters: Vec<(u32, &'a str)>,
    /// `[label, number, sub_number, chapter, start, end, text]` of each article, in order; `start` and
    /// `end` are the article's span in the document (code points).
    articles: Vec<ArticleRow<'a>>,
}

type ArticleRow<'a> = (
    &'a str,
    u32,
    Option<u32>,
    Option<u32>,
    usize,
    usize,
    &'a str,
);

impl<'a> DocText<'a> {
    pub fn of(d: &'a DocumentSummary) -> DocText<'a> {
        DocText {
            chapters: d
                .chapters
                .iter()
                .map(|c| (c.number, c.title.as_str()))
                .collect(),
            articles: d
                .articles
                .iter()
                .map(|a| {
                    (
                        a.label.as_str(),
                        a.number,
                        a.sub_number,
                        a.chapter,
                        a.span.start,
                        a.span.end,
                        a.text.as_str(),
                    )
                })
                .collect(),
        }
    }
}

impl Page<'_> {
    pub(super) fn texts(&self) -> Markup {
        let rows: Vec<Markup> = self
            .report
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| {
                html! {
                    details.doc-text #(format!("t-{i}")) {
                        summary {
                            strong { (d.label) }
                            @if d.title.as_deref() != Some(d.label.as_str()) { " " (opt(&d.title)) }
                            " · " (d.article_count) " articles"
                        }
                    }
                }
            })
            .collect();
        html! {
            section #texts {
                h2 { "Texts" }
                p.hint { "The articles as the documents write them; links above open them here. "
                    "Small print: where each article is in its document, in code points [start, end)." }
                (self.paged_list(Paged::new("texts", PER_PAGE), "doc-texts", rows))
            }
        }
    }
}
