//! Keyword in context: every place a word or a regular expression occurs in the documents, with the
//! characters on either side, the document, the article and the region of the text it is in, and its
//! code-point span — the view for checking, passage by passage, what a count or a coding rests on.
//!
//! Matching reads the analysis text ([`ParsedDoc::analysis_text`]): a traditional document through its
//! simplified form, and the pattern too is read as simplified, so `会议` finds `會議` and `會議` finds `会议`.
//! The mapping keeps every offset, so spans and every quoted string (`left`, `keyword`, `right`) are the
//! original's. A word matches as a string of characters (`会议` inside `常务会议` too); a regular expression
//! uses the `regex` crate's syntax. Matches do not overlap; an empty match is no hit.

use rayon::prelude::*;
use regex::Regex;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::span::{CharIndex, Span};
use crate::structure::{ParsedDoc, RegionKind};

/// What to look for.
#[derive(Clone, Debug)]
pub struct Pattern {
    /// As given.
    pub text: String,
    /// Whether `text` is a regular expression (else a word, matched literally).
    pub is_regex: bool,
    regex: Regex,
}

impl Pattern {
    /// A word, matched as written (its simplified form).
    pub fn word(word: &str) -> Result<Pattern> {
        if word.is_empty() {
            return Err(Error::InvalidOption("the word to look for is empty".into()));
        }
        Self::build(
            word,
            false,
            &regex::escape(&crate::text::script::to_simplified(word)),
        )
    }

    /// A regular expression (the `regex` crate's syntax), its characters read as simplified.
    pub fn regex(pattern: &str) -> Result<Pattern> {
        Self::build(pattern, true, &crate::text::script::to_simplified(pattern))
    }

    fn build(text: &str, is_regex: bool, source: &str) -> Result<Pattern> {
        let regex = Regex::new(source)
            .map_err(|e| Error::InvalidOption(format!("not a regular expression: {e}")))?;
        Ok(Pattern {
            text: text.to_string(),
            is_regex,
            regex,
        })
    }

    /// The pattern as matched: the simplified form of [`Pattern::text`] (escaped, for a word).
    pub fn matched_as(&self) -> &str {
        self.regex.as_str()
    }
}

/// One occurrence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// The document's id.
    pub doc: String,
    /// The article the match starts in (its number), or null outside the articles.
    pub article: Option<u32>,
    /// That article's marker as written (`第三十六条`).
    pub article_label: Option<String>,
    /// The kind of region the match starts in: `article`, `front_matter`, `heading`, `back_matter`,
    /// `noise`, `blank`.
    pub region: Option<RegionKind>,
    /// Code points `[start, end)` of the match in the document's decoded text.
    pub span: Span,
    /// Up to `width` characters before the match, as written.
    pub left: String,
    /// The match, as written.
    pub keyword: String,
    /// Up to `width` characters after the match, as written.
    pub right: String,
}

/// Every occurrence of `pattern` in `doc`, in text order, with `width` characters of context each side.
pub fn search(doc: &ParsedDoc, pattern: &Pattern, width: usize) -> Vec<Hit> {
    let text = &doc.text;
    let view = doc.analysis_text();
    debug_assert_eq!(text.len(), view.len());
    let index = CharIndex::new(text);
    pattern
        .regex
        .find_iter(view)
        .filter(|m| !m.is_empty())
        .map(|m| {
            let span = index.span_of_bytes(text, m.range());
            let article = doc
                .articles
                .get(
                    doc.articles
                        .partition_point(|a| a.span.start <= span.start)
                        .wrapping_sub(1),
                )
                .filter(|a| a.span.start <= span.start && span.start < a.span.end);
            let region = doc
                .regions
                .get(
                    doc.regions
                        .partition_point(|r| r.span.start <= span.start)
                        .wrapping_sub(1),
                )
                .filter(|r| span.start < r.span.end)
                .map(|r| r.kind);
            Hit {
                doc: doc.id.clone(),
                article: article.map(|a| a.number),
                article_label: article.map(|a| a.label.clone()),
                region,
                span,
                left: before(text, m.start(), width).to_string(),
                keyword: text[m.range()].to_string(),
                right: after(text, m.end(), width).to_string(),
            }
        })
        .collect()
}

/// `govrules kwic`'s output: the pattern, each document's count, and every hit.
#[derive(Clone, Debug, Serialize)]
pub struct KwicSection {
    /// The pattern as given.
    pub pattern: String,
    /// Whether it is a regular expression.
    pub regex: bool,
    /// What was matched: the simplified form of the pattern (a word escaped as a regular expression).
    pub matched_as: String,
    /// Characters of context each side.
    pub width: usize,
    /// Every document searched, in input order, with its display label and number of hits.
    pub documents: Vec<DocHits>,
    /// All hits.
    pub hit_count: usize,
    /// Documents in input order, hits in text order.
    pub hits: Vec<Hit>,
}

/// A document searched and how often it matched.
#[derive(Clone, Debug, Serialize)]
pub struct DocHits {
    pub id: String,
    pub label: String,
    pub hit_count: usize,
}

impl KwicSection {
    /// Searches `docs` (whose display labels are `labels`, in the same order).
    pub fn new(
        docs: &[ParsedDoc],
        labels: &[String],
        pattern: &Pattern,
        width: usize,
    ) -> KwicSection {
        let found = search_all(docs, pattern, width);
        KwicSection {
            pattern: pattern.text.clone(),
            regex: pattern.is_regex,
            matched_as: pattern.matched_as().to_string(),
            width,
            documents: docs
                .iter()
                .zip(labels)
                .zip(&found)
                .map(|((d, label), hits)| DocHits {
                    id: d.id.clone(),
                    label: label.clone(),
                    hit_count: hits.len(),
                })
                .collect(),
            hit_count: found.iter().map(Vec::len).sum(),
            hits: found.into_iter().flatten().collect(),
        }
    }
}

/// Every occurrence in every document, documents in input order (searched in parallel).
pub fn search_all(docs: &[ParsedDoc], pattern: &Pattern, width: usize) -> Vec<Vec<Hit>> {
    docs.par_iter().map(|d| search(d, pattern, width)).collect()
}

/// The up to `width` characters of `text` that end at byte `end`.
fn before(text: &str, end: usize, width: usize) -> &str {
    let start = text[..end]
        .char_indices()
        .rev()
        .take(width)
        .last()
        .map_or(end, |(i, _)| i);
    &text[start..end]
}

/// The up to `width` characters of `text` that start at byte `start`.
fn after(text: &str, start: usize, width: usize) -> &str {
    let end = text[start..]
        .char_indices()
        .nth(width)
        .map_or(text.len(), |(i, _)| start + i);
    &text[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;
    use crate::structure::parse;

    #[test]
    fn finds_words_with_context_article_and_span() {
        let doc = parse(&Document::from_text(
            "d",
            "区政府工作规则\n第一条 区政府常务会议每月召开一次。\n第二条 全体会议每半年召开一次。\n",
        ));
        let hits = search(&doc, &Pattern::word("会议").unwrap(), 4);
        assert_eq!(hits.len(), 2);
        let h = &hits[0];
        assert_eq!(
            (h.article, h.article_label.as_deref()),
            (Some(1), Some("第一条"))
        );
        assert_eq!(
            (h.left.as_str(), h.keyword.as_str(), h.right.as_str()),
            ("政府常务", "会议", "每月召开")
        );
        assert_eq!(h.region, Some(RegionKind::Article));
        let chars: Vec<char> = doc.text.chars().collect();
        let quoted: String = chars[h.span.start..h.span.end].iter().collect();
        assert_eq!(quoted, "会议");
        assert_eq!(hits[1].article, Some(2));
    }

    #[test]
    fn a_simplified_word_finds_the_traditional_text_and_quotes_it() {
        let doc = parse(&Document::from_text(
            "t",
            "第一條 縣政府常務會議由縣長召集和主持，每月召開一次。\n",
        ));
        assert!(doc.script.is_mapped());
        for pattern in [
            Pattern::word("常务会议").unwrap(),
            Pattern::word("常務會議").unwrap(),
        ] {
            let hits = search(&doc, &pattern, 3);
            assert_eq!(hits.len(), 1);
            assert_eq!(hits[0].keyword, "常務會議");
            assert_eq!(hits[0].left, "縣政府");
            assert_eq!(hits[0].article_label.as_deref(), Some("第一條"));
        }
    }

    #[test]
    fn regexes_and_edges() {
        let doc = parse(&Document::from_text(
            "d",
            "第一条 每月召开一次，每两周召开1次。\n",
        ));
        let hits = search(&doc, &Pattern::regex(r"每.{1,2}召开").unwrap(), 100);
        let found: Vec<&str> = hits.iter().map(|h| h.keyword.as_str()).collect();
        assert_eq!(found, ["每月召开", "每两周召开"]);
        assert_eq!(hits[0].left, "第一条 ");
        assert!(search(&doc, &Pattern::regex("x*").unwrap(), 3).is_empty());
        assert!(Pattern::regex("(").is_err());
        assert!(Pattern::word("").is_err());
        assert_eq!(Pattern::word("a.b").unwrap().matched_as(), r"a\.b");
    }
}
