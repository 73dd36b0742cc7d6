//! The document tree: front matter, parts (编), chapters (章), sections (节), articles (条 or 一、),
//! paragraphs (款), items (项), back matter and noise. Every character of the decoded text lies in exactly
//! one [`Region`], so nothing is dropped silently; every unit carries its code-point [`Span`].
//!
//! Numbers are read by [`crate::text::numerals`]; `patterns` holds the line patterns (`chrome` those of web-page
//! chrome), `parse` builds the tree, `labels` names why a region has its kind ([`RegionLabel`]) and what a
//! warning is about ([`WarningKind`]).
//! A document in traditional characters is parsed through its simplified form (see [`crate::text::script`]);
//! `quote` puts the original characters back into every string the tree quotes.

pub(crate) mod chrome;
mod cursor;
mod labels;
pub(crate) mod parse;
pub mod patterns;
mod quote;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::span::Span;
use crate::text::Script;

pub use labels::{RegionLabel, WarningKind};
pub use parse::{check_coverage, parse};

/// How a document numbers its articles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Numbering {
    /// 第一条, 第二条 …
    Tiao,
    /// 一、 二、 … numbered across chapters.
    Enumerated,
    /// No articles found.
    None,
}

/// What a stretch of the text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionKind {
    /// Issuing notice, document number, addressees, issuer, date, the rules' title, adoption note.
    FrontMatter,
    /// A heading line: 第X编, 第X章, 第X节 and their titles.
    Heading,
    /// The text of an article.
    Article,
    /// 抄送 / 印发 lines, closing issuer and date, annexes after the last article.
    BackMatter,
    /// Material that is not part of the document: web-page boilerplate, word-processor artefacts.
    Noise,
    /// Whitespace-only stretches between units.
    Blank,
}

/// A labelled stretch of the text. The regions of a document are contiguous, in order, and cover it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    pub kind: RegionKind,
    pub span: Span,
    /// Why the region has this label, for noise and back matter (e.g. `web_navigation`, `bookmark_artifact`, `cc_line`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<RegionLabel>,
}

/// 第X编.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub number: u32,
    pub title: String,
    /// The heading line.
    pub heading_span: Span,
    /// From the heading to the end of the part's last unit.
    pub span: Span,
}

/// 第X章.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chapter {
    pub number: u32,
    /// The title after the number, spaces removed: `第一章  总 则` → `总则`.
    pub title: String,
    pub part: Option<u32>,
    pub heading_span: Span,
    /// From the heading to the end of the chapter's last unit.
    pub span: Span,
}

/// 第X节.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub number: u32,
    pub title: String,
    pub chapter: Option<u32>,
    pub heading_span: Span,
    pub span: Span,
}

/// An article: 第X条 or 一、.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// 第三十六条 → 36, 四十四、 → 44.
    pub number: u32,
    /// For inserted articles, 第十条之一 → 1; otherwise absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_number: Option<u32>,
    /// The marker as written: `第三十六条`, `四十四、`.
    pub label: String,
    pub chapter: Option<u32>,
    pub section: Option<u32>,
    /// The whole article, marker included.
    pub text: String,
    pub span: Span,
    /// The article without its marker and the spaces after it.
    pub body_span: Span,
    pub paragraphs: Vec<Paragraph>,
    pub items: Vec<Item>,
}

/// A paragraph (款) of an article: one line of its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// 1-based within the article.
    pub index: u32,
    pub text: String,
    pub span: Span,
}

/// An enumerated item (项): （一）, (一), 1. and the like.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub number: u32,
    /// The marker as written, e.g. `（三）`; empty where the marker is missing and inferred.
    pub label: String,
    /// The paragraph (1-based) the item belongs to.
    pub paragraph: u32,
    pub text: String,
    pub span: Span,
}

/// An anomaly worth a reader's attention; never fatal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// Machine-readable code: `numbering_gap`, `numbering_repeat`, `truncated`, `missing_item_marker`, …
    pub kind: WarningKind,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// A parsed document: metadata, the tree, the region map and the warnings.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ParsedDoc {
    /// The file stem.
    pub id: String,
    pub path: String,
    pub encoding: String,
    /// The script the text is written in. Traditional and mixed texts are analysed through their
    /// simplified form; every string of the tree is still the original.
    #[serde(default)]
    pub script: Script,
    /// Length of the decoded text in code points.
    pub char_len: usize,
    /// The rules' own title, e.g. `卫东区人民政府工作规则`.
    pub title: Option<String>,
    /// The issuing body, e.g. `平顶山市卫东区人民政府`.
    pub issuer: Option<String>,
    /// Issue date as `YYYY-MM-DD`.
    pub date: Option<String>,
    /// e.g. `平卫政〔2022〕15号`.
    pub doc_number: Option<String>,
    /// The title of the issuing notice, e.g. `关于印发卫东区人民政府工作规则的通知`.
    pub notice_title: Option<String>,
    pub numbering: Numbering,
    pub parts: Vec<Part>,
    pub chapters: Vec<Chapter>,
    pub sections: Vec<Section>,
    pub articles: Vec<Article>,
    pub regions: Vec<Region>,
    pub warnings: Vec<Warning>,
    /// The decoded text; not serialized by default (commands add it on request).
    #[serde(skip)]
    pub text: String,
    /// The simplified form of `text` when the document is analysed through it (see [`Self::analysis_text`]).
    #[serde(skip)]
    pub(crate) analysis: Option<String>,
}

impl ParsedDoc {
    /// The text the analysis matches against (patterns, dictionary, topics, vectors): `text` mapped to
    /// simplified for a traditional or mixed document, `text` itself otherwise. Its byte and code-point
    /// offsets are those of `text`, so a span found in it is a span of `text`; quote from `text`.
    pub fn analysis_text(&self) -> &str {
        self.analysis.as_deref().unwrap_or(&self.text)
    }

    /// `s`, a string of this document (an article's text, a title), as the analysis reads it: mapped to
    /// simplified when the document is, else `s` itself.
    pub fn analysed<'a>(&self, s: &'a str) -> Cow<'a, str> {
        self.script.analysis_form(s)
    }

    /// The article with this number (the first, if inserted articles share it).
    pub fn article(&self, number: u32) -> Option<&Article> {
        self.articles.iter().find(|a| a.number == number)
    }

    /// The chapter with this number.
    pub fn chapter(&self, number: u32) -> Option<&Chapter> {
        self.chapters.iter().find(|c| c.number == number)
    }

    /// Whether the parser found the text cut off (a `truncated` warning): its absences may be lost text.
    pub fn is_truncated(&self) -> bool {
        self.warnings
            .iter()
            .any(|w| w.kind == WarningKind::Truncated)
    }
}

/// Parses many documents in parallel; the order of the output is the order of the input.
pub fn parse_all(docs: &[crate::corpus::Document]) -> Vec<ParsedDoc> {
    use rayon::prelude::*;
    docs.par_iter().map(parse).collect()
}
