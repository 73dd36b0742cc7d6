//! The facts of a traditional document are read from its simplified form; this gives them the original's
//! characters. The quoted evidence (`text`, `cadence_text`) is its span's original text; the sentence and
//! every field read from the text (meeting type, chair, signer, subject, …) and the notes are found in the
//! mapped text near the fact (its span, then its sentence, then its article; see [`Quoter`]). Values from a
//! fixed vocabulary stay as they are, so they compare across documents: `kind`, `qualifier`, `cadence_kind`,
//! and a leave rule's `act` when a grantor was found (`请假`, `批准` …; a procedure is quoted).

use std::ops::Range;

use super::DocFacts;
use crate::span::Span;
use crate::structure::ParsedDoc;
use crate::text::script::to_simplified;
use crate::text::Quoter;

/// Gives `facts`, read from `doc`'s analysis text, the characters of `doc.text`.
pub(super) fn requote(doc: &ParsedDoc, facts: &mut DocFacts) {
    let q = Quoter::new(&doc.text, doc.analysis_text());
    if q.is_identity() {
        return;
    }
    let at = |span: Span, sentence: Option<&str>| Near::new(&q, doc, span, sentence);
    for m in &mut facts.meetings {
        let n = at(m.span, Some(&m.text));
        m.text = n.exact(&m.text, m.span);
        m.meeting_type = n.quote(&m.meeting_type);
        m.chair = n.quote_opt(&m.chair);
        m.deputy_chair = n.quote_opt(&m.deputy_chair);
        m.composition = n.quote_opt(&m.composition);
        for a in &mut m.attendees {
            *a = n.quote(a);
        }
        if let (Some(t), Some(span)) = (&m.cadence_text, m.cadence_span) {
            m.cadence_text = Some(n.exact(t, span));
        }
        if let (Some(t), Some(span)) = (&m.exception, m.exception_span) {
            m.exception = Some(n.exact(t, span));
        }
        m.note = n.quote_opt(&m.note);
    }
    for c in &mut facts.cadences {
        let n = at(c.evidence.span, Some(&c.evidence.sentence));
        c.text = n.exact(&c.text, c.evidence.span);
        if let (Some(t), Some(span)) = (&c.exception, c.exception_span) {
            c.exception = Some(n.exact(t, span));
        }
        c.evidence.sentence = n.sentence(&c.evidence.sentence);
        c.subject = n.quote_opt(&c.subject);
        c.evidence.note = n.quote_opt(&c.evidence.note);
    }
    for s in &mut facts.signing {
        let n = at(s.evidence.span, Some(&s.evidence.sentence));
        s.text = n.exact(&s.text, s.evidence.span);
        s.evidence.sentence = n.sentence(&s.evidence.sentence);
        s.document_kind = n.quote_opt(&s.document_kind);
        s.act = n.quote(&s.act);
        s.signer = n.quote(&s.signer);
        s.condition = n.quote_opt(&s.condition);
        s.evidence.note = n.quote_opt(&s.evidence.note);
    }
    for d in &mut facts.deadlines {
        let n = at(d.evidence.span, Some(&d.evidence.sentence));
        d.text = n.exact(&d.text, d.evidence.span);
        d.evidence.sentence = n.sentence(&d.evidence.sentence);
        d.anchor = n.quote_opt(&d.anchor);
        d.action = n.quote_opt(&d.action);
        d.subject = n.quote_opt(&d.subject);
        d.evidence.note = n.quote_opt(&d.evidence.note);
    }
    for l in &mut facts.leave {
        let n = at(l.evidence.span, Some(&l.evidence.sentence));
        l.text = n.exact(&l.text, l.evidence.span);
        l.evidence.sentence = n.sentence(&l.evidence.sentence);
        l.requester = n.quote_opt(&l.requester);
        l.occasion = n.quote_opt(&l.occasion);
        l.grantor = n.quote_opt(&l.grantor);
        l.via = n.quote_opt(&l.via);
        if l.grantor.is_none() {
            // No grantor: the act is the procedure the text points to, as written.
            l.act = n.quote_opt(&l.act);
        }
        l.evidence.note = n.quote_opt(&l.evidence.note);
    }
}

/// The places a fact was read from, narrowest first: its span, its sentence, its article.
struct Near<'q, 'a> {
    q: &'q Quoter<'a>,
    span: Span,
    places: Vec<Range<usize>>,
}

impl<'q, 'a> Near<'q, 'a> {
    fn new(q: &'q Quoter<'a>, doc: &ParsedDoc, span: Span, sentence: Option<&str>) -> Self {
        let mut places = vec![q.bytes(span)];
        if let Some(s) = sentence {
            // The sentence holds the span, so it lies within its own length of it.
            let around = q.around(span, s.chars().count());
            if let Some(r) = q.locate(s, &[around]) {
                places.push(r);
            }
        }
        if let Some(a) = doc.articles.iter().find(|a| a.span.contains(span)) {
            places.push(q.bytes(a.span));
        }
        Near { q, span, places }
    }

    /// The original text of `span`, which the analysis quoted as `found`.
    fn exact(&self, found: &str, span: Span) -> String {
        let original = self.q.span(span);
        if to_simplified(original) == found {
            original.to_string()
        } else {
            self.quote(found)
        }
    }

    /// The sentence around the fact.
    fn sentence(&self, found: &str) -> String {
        let around = self.q.around(self.span, found.chars().count());
        self.q.quote(found, &[around])
    }

    fn quote(&self, found: &str) -> String {
        self.q.quote(found, &self.places)
    }

    fn quote_opt(&self, found: &Option<String>) -> Option<String> {
        self.q.quote_opt(found, &self.places)
    }
}
