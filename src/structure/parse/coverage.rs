//! The coverage check: every character of a parsed document in exactly one region, and every unit where its
//! regions say it is. The tests run it on every document they parse, the laws included.

use crate::span::Span;
use crate::structure::{patterns, ParsedDoc, RegionKind};

/// Checks the region invariant and the placement of every unit: regions are non-empty, contiguous, in
/// order and cover `[0, char_len)`; blank regions hold only whitespace; every article lies in article
/// regions (with noise carved out of it at most), every heading in a heading region; paragraphs and items
/// lie inside their article; an article's text is the text of its span; an article lies inside the
/// chapter it names.
pub fn check_coverage(doc: &ParsedDoc) -> Result<(), String> {
    let mut pos = 0;
    for r in &doc.regions {
        if r.span.start != pos {
            return Err(format!(
                "region {:?} starts at {}, expected {pos}",
                r.kind, r.span.start
            ));
        }
        if r.span.is_empty() {
            return Err(format!("empty region {:?} at {pos}", r.kind));
        }
        pos = r.span.end;
    }
    if pos != doc.char_len {
        return Err(format!(
            "regions end at {pos}, text has {} characters",
            doc.char_len
        ));
    }
    let has_text =
        doc.text.chars().count() == doc.char_len && !(doc.text.is_empty() && doc.char_len > 0);
    let idx = crate::span::CharIndex::new(&doc.text);
    let slice = |s: Span| &doc.text[idx.bytes_of_span(&doc.text, s)];
    if has_text {
        for r in &doc.regions {
            if r.kind == RegionKind::Blank && !slice(r.span).chars().all(patterns::is_space) {
                return Err(format!("blank region {:?} holds text", r.span));
            }
        }
    }
    let covered_by = |span: Span, kinds: &[RegionKind]| -> Result<(), String> {
        let overlapping = doc
            .regions
            .iter()
            .filter(|r| r.span.start < span.end && span.start < r.span.end);
        for r in overlapping {
            if !kinds.contains(&r.kind) || !span.contains(r.span) {
                return Err(format!(
                    "unit {span:?} overlaps region {:?} {:?}",
                    r.kind, r.span
                ));
            }
        }
        Ok(())
    };
    for a in &doc.articles {
        covered_by(a.span, &[RegionKind::Article, RegionKind::Noise])?;
        if !a.span.contains(a.body_span) {
            return Err(format!("article {} body outside the article", a.label));
        }
        for p in &a.paragraphs {
            if !a.span.contains(p.span) {
                return Err(format!("article {} paragraph {} outside", a.label, p.index));
            }
        }
        for it in &a.items {
            if !a.span.contains(it.span) {
                return Err(format!("article {} item {} outside", a.label, it.number));
            }
        }
        if has_text && slice(a.span) != a.text {
            return Err(format!("article {} text differs from its span", a.label));
        }
        if let Some(n) = a.chapter {
            let inside = doc
                .chapters
                .iter()
                .any(|c| c.number == n && c.span.contains(a.span));
            if !inside {
                return Err(format!("article {} not inside chapter {n}", a.label));
            }
        }
    }
    let headings = doc
        .parts
        .iter()
        .map(|p| (p.heading_span, p.span))
        .chain(doc.chapters.iter().map(|c| (c.heading_span, c.span)))
        .chain(doc.sections.iter().map(|s| (s.heading_span, s.span)));
    for (h, s) in headings {
        covered_by(h, &[RegionKind::Heading, RegionKind::Noise])?;
        if !s.contains(h) {
            return Err(format!("heading {h:?} outside its unit {s:?}"));
        }
    }
    Ok(())
}
