//! A document in traditional characters is parsed through its simplified form (patterns such as 第一條 or
//! 會議 are written in simplified characters); this puts the original characters back into every string of
//! the tree. Articles, paragraphs, items and their labels are their spans' original text; titles, issuer,
//! document number and notice title are found in the lines they were read from (see [`Quoter`]); warning
//! messages quote labels and titles the same way.

use std::ops::Range;

use super::{ParsedDoc, RegionKind, RegionLabel};
use crate::text::Quoter;

/// Replaces the strings of `doc`, parsed from `view` (the simplified form of `doc.text`), with the text's own.
pub(super) fn requote(doc: &mut ParsedDoc, view: &str) {
    let text = std::mem::take(&mut doc.text);
    let q = Quoter::new(&text, view);
    if !q.is_identity() {
        requote_with(doc, &q);
    }
    doc.text = text;
}

fn requote_with(doc: &mut ParsedDoc, q: &Quoter) {
    // The first `n` characters of `s`: a marker as written is the start of its unit's text.
    let prefix = |s: &str, n: usize| -> String { s.chars().take(n).collect() };
    for a in &mut doc.articles {
        let label_len = a.label.chars().count();
        a.text = q.span(a.span).to_string();
        a.label = prefix(&a.text, label_len);
        for p in &mut a.paragraphs {
            p.text = q.span(p.span).to_string();
        }
        for it in &mut a.items {
            let label_len = it.label.chars().count();
            it.text = q.span(it.span).to_string();
            it.label = prefix(&it.text, label_len);
        }
    }
    for p in &mut doc.parts {
        p.title = q.quote(&p.title, &[q.bytes(p.heading_span)]);
    }
    for c in &mut doc.chapters {
        c.title = q.quote(&c.title, &[q.bytes(c.heading_span)]);
    }
    for s in &mut doc.sections {
        s.title = q.quote(&s.title, &[q.bytes(s.heading_span)]);
    }
    let labelled = |labels: &[RegionLabel]| -> Vec<Range<usize>> {
        doc.regions
            .iter()
            .filter(|r| matches!(r.kind, RegionKind::FrontMatter | RegionKind::BackMatter))
            .filter(|r| r.label.is_some_and(|l| labels.contains(&l)))
            .map(|r| q.bytes(r.span))
            .collect()
    };
    let title = labelled(&[RegionLabel::Title]);
    let issuer = labelled(&[RegionLabel::Issuer, RegionLabel::ClosingIssuer]);
    let doc_number = labelled(&[RegionLabel::DocNumber]);
    let notice_title = labelled(&[RegionLabel::NoticeTitle]);
    doc.title = q.quote_opt(&doc.title, &title);
    doc.issuer = q.quote_opt(&doc.issuer, &issuer);
    doc.doc_number = q.quote_opt(&doc.doc_number, &doc_number);
    doc.notice_title = q.quote_opt(&doc.notice_title, &notice_title);
    // A message names a label or a title: look in the warning's span and the chapters around it.
    let chapters: Vec<crate::span::Span> = doc.chapters.iter().map(|c| c.span).collect();
    for w in &mut doc.warnings {
        let Some(span) = w.span else { continue };
        let near: Vec<Range<usize>> = std::iter::once(span)
            .chain(chapters.iter().copied().filter(|c| c.contains(span)))
            .map(|s| q.bytes(s))
            .collect();
        w.message = q.quote(&w.message, &near);
    }
}
