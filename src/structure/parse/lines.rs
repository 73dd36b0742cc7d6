//! Line classification, the parse's first phase: the text split into lines (each trimmed, with its byte and
//! code-point offsets, a leading `[bookmark: …]` artefact set aside), and what each line looks like on its own
//! (a heading, an article marker, an item marker, text or blank) by the patterns of
//! [`patterns`](crate::structure::patterns).

use crate::span::Span;
use crate::structure::patterns::{self, ArticleMarker, HeadingLine, ItemMarker};

/// One line of the text with its offsets. `text` is the line trimmed of surrounding whitespace (and of a
/// leading `[bookmark: …]` artefact).
pub(super) struct Line<'a> {
    pub(super) text: &'a str,
    /// Byte offset of `text` in the document.
    pub(super) byte_start: usize,
    /// Code-point offsets of `text`.
    pub(super) start: usize,
    pub(super) end: usize,
}

impl Line<'_> {
    pub(super) fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
    pub(super) fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
    /// Code-point offset of a byte offset inside `text`.
    pub(super) fn char_at(&self, byte: usize) -> usize {
        self.start + self.text[..byte].chars().count()
    }
}

/// What a line looks like on its own.
pub(super) enum Kind {
    Blank,
    Heading(HeadingLine),
    Tiao(ArticleMarker),
    Enumerated(ArticleMarker),
    Item(ItemMarker),
    Text,
}

pub(super) fn classify(text: &str) -> Kind {
    let Some(first) = text.chars().next() else {
        return Kind::Blank;
    };
    if first == '第' {
        if let Some(h) = patterns::heading(text) {
            return Kind::Heading(h);
        }
        if let Some(a) = patterns::tiao(text) {
            return Kind::Tiao(a);
        }
    } else if crate::text::numerals::is_chinese_numeral_char(first) {
        if let Some(a) = patterns::enumerated(text) {
            return Kind::Enumerated(a);
        }
    } else if let Some(i) = patterns::item(text) {
        return Kind::Item(i);
    }
    Kind::Text
}

pub(super) fn split_lines(text: &str) -> (Vec<Line<'_>>, Vec<Span>) {
    let mut lines = Vec::with_capacity(text.len() / 40 + 1);
    let mut bookmarks = Vec::new();
    let mut byte = 0;
    let mut ch = 0;
    // (Most texts have no artefact: one look at the whole text spares a look at each line.)
    let artefacts = memchr::memmem::find(text.as_bytes(), b"ookmark").is_some();
    for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]) {
        let raw = &text[byte..end];
        let after_lead = raw.trim_start_matches(patterns::is_space);
        let lead = raw.len() - after_lead.len();
        let mut t = after_lead.trim_end_matches(patterns::is_space);
        let mut start_byte = byte + lead;
        if artefacts && raw.contains("ookmark") {
            for r in patterns::bookmarks(raw) {
                let s = ch + raw[..r.start].chars().count();
                let e = s + raw[r.clone()].chars().count();
                bookmarks.push(Span::new(s, e));
            }
            // A leading artefact hides what the line is: classify what follows it.
            while let Some(r) = patterns::bookmarks(t).next().filter(|r| r.start == 0) {
                let rest = &t[r.end..];
                let skip = r.end + (rest.len() - rest.trim_start_matches(patterns::is_space).len());
                start_byte += skip;
                t = &t[skip..];
            }
        }
        // (Each character of the line counted once: before, in and after its text.)
        let start = ch + raw[..start_byte - byte].chars().count();
        let end = start + t.chars().count();
        let tail = &raw[start_byte - byte + t.len()..];
        lines.push(Line {
            text: t,
            byte_start: start_byte,
            start,
            end,
        });
        byte += raw.len() + 1;
        ch = end + tail.chars().count() + 1;
    }
    (lines, bookmarks)
}

/// The text of `span`, a span of `text` split into `lines`: read on from the start of the line it starts in,
/// so that no index of the whole text is needed.
pub(super) fn text_of<'a>(lines: &[Line], text: &'a str, span: Span) -> &'a str {
    let byte_of = |ch: usize| {
        let (from_char, from_byte) = match lines.partition_point(|l| l.start <= ch) {
            0 => (0, 0),
            k => (lines[k - 1].start, lines[k - 1].byte_start),
        };
        text[from_byte..]
            .char_indices()
            .nth(ch - from_char)
            .map_or(text.len(), |(b, _)| from_byte + b)
    };
    &text[byte_of(span.start)..byte_of(span.end)]
}
