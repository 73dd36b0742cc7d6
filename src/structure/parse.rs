//! Builds the [`ParsedDoc`] tree from a decoded document, line by line, in phases, one module each:
//!
//! 1. `lines`: split the text into lines and classify each one with [`super::patterns`].
//! 2. `layout`: decide how the document numbers its articles (第X条 or 一、), skip a table of contents, find
//!    where the body starts.
//! 3. `front`: label the front matter (notice, document number, issuer, date, the rules' title).
//! 4. `body`: walk the body: headings open parts, chapters and sections (`headings`); article markers open
//!    articles where the numbering allows (`numbering`); other lines are paragraphs and items of the open
//!    article (`articles`); 抄送/印发/closing lines start the back matter; web boilerplate after the body
//!    is noise.
//! 5. `regions`: turn what was found into regions that cover the text; `coverage` checks the result.
//!
//! This module holds the `Builder` they share and runs the phases in order. The parser never fails:
//! whatever it cannot place is labelled and reported as a warning.

mod articles;
mod body;
mod coverage;
mod front;
mod headings;
mod layout;
mod lines;
mod numbering;
mod regions;

use super::*;
use crate::corpus::Document;
use articles::OpenArticle;
use lines::{Kind, Line};

pub use coverage::check_coverage;

/// One parse in progress: the lines and what each looks like, and the tree, regions and warnings built
/// so far. Each phase adds its methods in its own module.
struct Builder<'a> {
    text: &'a str,
    lines: Vec<Line<'a>>,
    kinds: Vec<Kind>,
    /// Why each line is noise, if it is (see `chrome::label_lines`).
    noise: Vec<Option<RegionLabel>>,
    numbering: Numbering,
    regions: Vec<Region>,
    /// Noise inside units (page numbers, artefacts): carved out of the regions at the end.
    carved: Vec<(Span, RegionLabel)>,
    warnings: Vec<Warning>,
    parts: Vec<Part>,
    chapters: Vec<Chapter>,
    sections: Vec<Section>,
    articles: Vec<Article>,
    open_part: Option<usize>,
    open_chapter: Option<usize>,
    open_section: Option<usize>,
    open: Option<OpenArticle>,
    /// The room of the last closed article's `lines`, emptied, for the next article's.
    spare_lines: Vec<usize>,
    heading_since_article: bool,
    closing_issuer: Option<String>,
    closing_date: Option<String>,
    /// An unnumbered 附则 heading was seen.
    saw_unnumbered_annex: bool,
}

/// Parses one document. Never fails: anomalies become warnings.
///
/// A traditional or mixed document is parsed through its simplified form (same offsets); the strings of the
/// tree are then put back in the original's characters.
pub fn parse(doc: &Document) -> ParsedDoc {
    let script = crate::text::Script::detect(&doc.text);
    match script.analysis_form(&doc.text) {
        std::borrow::Cow::Borrowed(view) => ParsedDoc {
            script,
            ..parse_view(doc, view)
        },
        std::borrow::Cow::Owned(view) => {
            let mut parsed = parse_view(doc, &view);
            parsed.script = script;
            super::quote::requote(&mut parsed, &view);
            parsed.analysis = Some(view);
            parsed
        }
    }
}

/// Parses `doc` reading the lines of `text`: its text, or that text's simplified form.
fn parse_view(doc: &Document, text: &str) -> ParsedDoc {
    let (lines, bookmarks) = lines::split_lines(text);
    let char_len = lines.last().map_or(0, |l| {
        // The last line has no newline after it.
        let raw_tail = &text[l.byte_start + l.text.len()..];
        l.end + raw_tail.chars().count()
    });
    let kinds: Vec<Kind> = lines.iter().map(|l| lines::classify(l.text)).collect();
    // (A line that opens an article or a heading is never chrome; most lines do, so they are not read.)
    let noise = super::chrome::label_lines(lines.iter().zip(&kinds).map(|(l, k)| {
        (
            l.text,
            matches!(k, Kind::Text | Kind::Item(_) | Kind::Blank),
        )
    }));
    let numbering = layout::decide_numbering(&kinds);
    let mut b = Builder {
        text,
        lines,
        kinds,
        noise,
        numbering,
        regions: Vec::new(),
        carved: bookmarks
            .into_iter()
            .map(|s| (s, RegionLabel::BookmarkArtifact))
            .collect(),
        warnings: Vec::new(),
        parts: Vec::new(),
        chapters: Vec::new(),
        sections: Vec::new(),
        articles: Vec::new(),
        open_part: None,
        open_chapter: None,
        open_section: None,
        open: None,
        spare_lines: Vec::new(),
        heading_since_article: true,
        closing_issuer: None,
        closing_date: None,
        saw_unnumbered_annex: false,
    };
    let toc = b.find_toc();
    let body_start = b.body_start(toc.as_ref().map_or(0, |t| t.end));
    let front = b.front_matter(body_start, toc.clone());
    b.body(body_start);
    b.check_end();
    let regions = regions::finish_regions(
        b.regions,
        b.carved,
        |span| lines::text_of(&b.lines, text, span),
        char_len,
    );
    let mut warnings = b.warnings;
    if b.articles.is_empty() {
        warnings.push(Warning {
            kind: WarningKind::NoArticles,
            message: "no article markers (第X条 or 一、) found".into(),
            span: None,
        });
    }
    warnings.sort_by_key(|w| {
        w.span
            .map_or((usize::MAX, usize::MAX), |s| (s.start, s.end))
    });
    ParsedDoc {
        id: doc.id.clone(),
        path: doc.path.display().to_string(),
        encoding: doc.encoding.to_string(),
        script: crate::text::Script::Simplified,
        char_len,
        title: front.title,
        issuer: front.issuer.or(b.closing_issuer),
        date: front.date.or(b.closing_date).or(front.adoption_date),
        doc_number: front.doc_number,
        notice_title: front.notice_title,
        numbering: if b.articles.is_empty() {
            Numbering::None
        } else {
            numbering
        },
        parts: b.parts,
        chapters: b.chapters,
        sections: b.sections,
        articles: b.articles,
        regions,
        warnings,
        text: doc.text.clone(),
        analysis: None,
    }
}

impl Builder<'_> {
    fn push(&mut self, kind: RegionKind, span: Span, label: Option<RegionLabel>) {
        if span.is_empty() {
            return;
        }
        self.regions.push(Region { kind, span, label });
    }

    fn warn(&mut self, kind: WarningKind, message: String, span: Option<Span>) {
        self.warnings.push(Warning {
            kind,
            message,
            span,
        });
    }

    fn next_nonblank(&self, i: usize) -> Option<usize> {
        (i + 1..self.lines.len()).find(|&j| !self.lines[j].is_blank())
    }
}

/// What the phases' unit tests share: parse a text and check its coverage, and read back what came out.
#[cfg(test)]
mod testing {
    use super::*;
    use crate::span::slice_chars;

    pub(super) fn parsed(text: &str) -> ParsedDoc {
        let doc = parse(&Document::from_text("t", text));
        check_coverage(&doc).unwrap_or_else(|e| panic!("{e}\n{text}"));
        doc
    }

    pub(super) fn kinds(doc: &ParsedDoc) -> Vec<&str> {
        doc.warnings.iter().map(|w| w.kind.as_str()).collect()
    }

    pub(super) fn region_labels(doc: &ParsedDoc, kind: RegionKind) -> Vec<(String, &str)> {
        doc.regions
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| {
                (
                    r.label.map_or(String::new(), |l| l.as_str().to_string()),
                    slice_chars(&doc.text, r.span),
                )
            })
            .collect()
    }
}
