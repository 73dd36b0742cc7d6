//! The Facts section: one table per kind of fact (meetings, cadences, signing, deadlines, leave), a row per
//! fact: its own fields in a few short columns, then its source sentence (the passage the fact was read
//! from marked in it, with the extractor's note) and a link to its article, whose tooltip gives the
//! passage's code points. Also the rate phrase the glance shares ([`Rate`]).

use maud::{html, Markup};

use super::paged::Paged;
use super::Page;
use crate::facts::{
    Cadence, CadenceKind, Deadline, Evidence, LeaveRule, Meeting, SigningRule, TimeUnit,
};
use crate::report::envelope::FactsDocument;
use crate::span::Span;

/// Facts per page of a table.
const PER_PAGE: usize = 50;

/// How often something happens, as a fact states it.
#[derive(Clone, Debug, Default)]
pub(super) struct Rate<'f> {
    pub per_year: Option<f64>,
    pub per_year_max: Option<f64>,
    pub kind: Option<CadenceKind>,
    pub qualifier: Option<&'f str>,
    /// The text adds an as-needed clause to a rate (its `exception`).
    pub as_needed: bool,
}

impl<'f> Rate<'f> {
    pub fn of_meeting(m: &'f Meeting) -> Rate<'f> {
        Rate {
            per_year: m.per_year,
            per_year_max: m.per_year_max,
            kind: m.cadence_kind,
            qualifier: m.qualifier.as_deref(),
            as_needed: m.exception.is_some(),
        }
    }

    pub fn of_cadence(c: &'f Cadence) -> Rate<'f> {
        Rate {
            per_year: c.per_year,
            per_year_max: c.per_year_max,
            kind: Some(c.kind),
            qualifier: c.qualifier.as_deref(),
            as_needed: c.exception.is_some(),
        }
    }

    /// Whether the text gives a number of times a year.
    pub fn stated(&self) -> bool {
        self.per_year.is_some()
    }

    /// The rate (`12×/yr`, `2–4×/yr`; `as needed`, `regularly, no rate` or `no cadence stated` when the text
    /// gives none) and the details (frequency name, qualifier, `+ as needed`), `·`-joined.
    pub fn parts(&self) -> (String, String) {
        let mut details = Vec::new();
        let rate = match (self.per_year, self.per_year_max) {
            (Some(a), Some(b)) if b > a => format!("{}–{}×/yr", trim_float(a), trim_float(b)),
            (Some(a), _) => {
                details.extend(frequency_name(a).map(str::to_string));
                format!("{}×/yr", trim_float(a))
            }
            _ => match self.kind {
                Some(CadenceKind::Irregular) => "as needed".to_string(),
                Some(CadenceKind::Periodic) => "regularly, no rate".to_string(),
                _ => "no cadence stated".to_string(),
            },
        };
        details.extend(self.qualifier.map(str::to_string));
        if self.per_year.is_some() && self.as_needed {
            details.push("+ as needed".to_string());
        }
        (rate, details.join(" · "))
    }

    /// The rate in bold (soft when the text gives no number), the details small.
    pub fn markup(&self) -> Markup {
        let (rate, detail) = self.parts();
        html! {
            @if self.stated() { b { (rate) } } @else { span.soft { (rate) } }
            @if !detail.is_empty() { " " small.muted { (detail) } }
        }
    }
}

fn frequency_name(per_year: f64) -> Option<&'static str> {
    const NAMES: &[(f64, &str)] = &[
        (1.0, "yearly"),
        (2.0, "half-yearly"),
        (4.0, "quarterly"),
        (12.0, "monthly"),
        (24.0, "twice a month"),
        (26.0, "every two weeks"),
        (52.0, "weekly"),
    ];
    NAMES
        .iter()
        .find(|(n, _)| (n - per_year).abs() < 1e-9)
        .map(|(_, name)| *name)
}

pub(super) fn trim_float(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// Where a fact was read: the sentence shown, the passage to mark in it, the extractor's note, the article.
struct Source<'f> {
    sentence: &'f str,
    passage: Option<&'f str>,
    note: Option<&'f str>,
    article: Option<u32>,
    span: Span,
}

impl<'f> Source<'f> {
    /// The source of a fact read from one sentence (its `evidence`), marking its phrase, `passage`.
    fn of(evidence: &'f Evidence, passage: &'f str) -> Source<'f> {
        Source {
            sentence: &evidence.sentence,
            passage: Some(passage),
            note: evidence.note.as_deref(),
            article: evidence.article,
            span: evidence.span,
        }
    }
}

/// One kind of fact as table rows: the headings of its own columns and, per fact, those cells and its source.
trait FactRow {
    const HEADS: &'static [&'static str];
    fn cells(&self) -> Markup;
    fn source(&self) -> Source<'_>;
}

impl FactRow for Meeting {
    const HEADS: &'static [&'static str] = &["Meeting", "Chair", "Members, attendees", "How often"];
    fn cells(&self) -> Markup {
        html! {
            td { (self.meeting_type) br; small.muted { (self.kind) } }
            td { (or_dash(self.chair.as_deref()))
                @if let Some(d) = &self.deputy_chair { br; small.muted { "by delegation: " (d) } } }
            td.long { (or_dash(self.composition.as_deref()))
                @if !self.attendees.is_empty() { br; small.muted { "列席: " (self.attendees.join("；")) } } }
            td.rate { (Rate::of_meeting(self).markup()) }
        }
    }
    fn source(&self) -> Source<'_> {
        Source {
            sentence: &self.text,
            passage: self.cadence_text.as_deref(),
            note: self.note.as_deref(),
            article: self.article,
            span: self.span,
        }
    }
}

impl FactRow for Cadence {
    const HEADS: &'static [&'static str] = &["What", "How often"];
    fn cells(&self) -> Markup {
        html! {
            td { (or_dash(self.subject.as_deref())) }
            td.rate { (Rate::of_cadence(self).markup()) }
        }
    }
    fn source(&self) -> Source<'_> {
        Source::of(&self.evidence, &self.text)
    }
}

impl FactRow for SigningRule {
    const HEADS: &'static [&'static str] = &["Documents", "Signer", "Act", "When"];
    fn cells(&self) -> Markup {
        html! {
            td.long { (or_dash(self.document_kind.as_deref())) }
            td { b { (self.signer) } }
            td.nowrap { (self.act) }
            td { (or_dash(self.condition.as_deref()))
                @if let Some(q) = &self.qualifier { br; small.muted { (q) } } }
        }
    }
    fn source(&self) -> Source<'_> {
        Source::of(&self.evidence, &self.text)
    }
}

impl FactRow for Deadline {
    const HEADS: &'static [&'static str] = &["Time limit", "From", "To do", "Binds"];
    fn cells(&self) -> Markup {
        html! {
            td.rate { b { (self.number) " " (time_unit(self.unit, self.number)) }
                @if let Some(q) = &self.qualifier { " " small.muted { (q) } } }
            td { (or_dash(self.anchor.as_deref())) }
            td { (or_dash(self.action.as_deref())) }
            td { (or_dash(self.subject.as_deref())) }
        }
    }
    fn source(&self) -> Source<'_> {
        Source::of(&self.evidence, &self.text)
    }
}

impl FactRow for LeaveRule {
    const HEADS: &'static [&'static str] = &["Who", "Absence", "Granted by", "How"];
    fn cells(&self) -> Markup {
        html! {
            td { (or_dash(self.requester.as_deref())) }
            td { (or_dash(self.occasion.as_deref())) }
            td { (or_dash(self.grantor.as_deref())) }
            td { (or_dash(self.act.as_deref()))
                @if let Some(v) = &self.via { br; small.muted { "via " (v) } } }
        }
    }
    fn source(&self) -> Source<'_> {
        Source::of(&self.evidence, &self.text)
    }
}

impl Page<'_> {
    pub(super) fn facts(&self) -> Markup {
        let docs: &[FactsDocument] = match &self.report.facts {
            Some(f) => &f.documents,
            None => &[],
        };
        html! {
            section #facts {
                h2 { "Facts with their evidence" }
                @if self.report.facts.is_none() {
                    p.muted { "No facts were extracted for this report." }
                } @else {
                    p.hint { "A row per fact: what the extractor read, then the sentence it read it from (the passage "
                        "marked) and its article; hover the article for the passage's code points." }
                    (self.fact_table("meetings", "Meetings", docs, |d| d.meetings.as_deref()))
                    (self.fact_table("cadences", "Cadences", docs, |d| d.cadences.as_deref()))
                    (self.fact_table("signing", "Signing authority", docs, |d| d.signing.as_deref()))
                    (self.fact_table("deadlines", "Deadlines", docs, |d| d.deadlines.as_deref()))
                    (self.fact_table("leave", "Leave", docs, |d| d.leave.as_deref()))
                }
            }
        }
    }

    /// The table of one kind of fact; nothing when the report has no list of that kind (topic not asked).
    fn fact_table<T: FactRow>(
        &self,
        kind: &str,
        title: &str,
        docs: &[FactsDocument],
        list: impl Fn(&FactsDocument) -> Option<&[T]>,
    ) -> Markup {
        if docs.iter().all(|d| list(d).is_none()) {
            return html! {};
        }
        let rows: Vec<Markup> = docs
            .iter()
            .flat_map(|d| {
                list(d)
                    .unwrap_or(&[])
                    .iter()
                    .map(move |f| (d.id.as_str(), f))
            })
            .map(|(doc, f)| {
                let s = f.source();
                html! {
                    tr {
                        td.gov { (self.label(doc)) }
                        (f.cells())
                        td.source {
                            (marked(s.sentence, s.passage))
                            @if let Some(n) = s.note { br; small.note { "note: " (n) } }
                        }
                        td.nowrap { (self.article_link(doc, s.article, Some(s.span))) }
                    }
                }
            })
            .collect();
        let name = format!("facts-{kind}");
        let head = html! {
            tr {
                th { (self.column_noun()) }
                @for h in T::HEADS { th { (h) } }
                th.source { "Source sentence" } th { "Article" }
            }
        };
        html! {
            h3 #(name) { (title) " " small.muted { "(" (super::thousands(rows.len())) ")" } }
            @if rows.is_empty() {
                p.muted { "None found." }
            } @else {
                (self.paged_table(Paged::new(&name, PER_PAGE), "data facts", head, rows))
            }
        }
    }
}

/// `sentence` with `passage` marked, when it occurs in it exactly once (else unmarked: which occurrence
/// is meant cannot be told from the text alone).
fn marked(sentence: &str, passage: Option<&str>) -> Markup {
    let found = passage
        .filter(|p| !p.is_empty() && *p != sentence)
        .and_then(|p| {
            let at = sentence.find(p)?;
            let next = at + sentence[at..].chars().next().map_or(1, char::len_utf8);
            sentence[next..].find(p).is_none().then_some((at, p.len()))
        });
    match found {
        Some((at, len)) => html! {
            (sentence[..at]) mark { (sentence[at..at + len]) } (sentence[at + len..])
        },
        None => html! { (sentence) },
    }
}

fn or_dash(s: Option<&str>) -> Markup {
    match s {
        Some(s) if !s.is_empty() => html! { (s) },
        _ => html! { span.muted { "—" } },
    }
}

/// `working days`, `hour` …: the unit in words, plural unless the number is 1.
fn time_unit(unit: TimeUnit, n: u64) -> String {
    let word = match unit {
        TimeUnit::WorkingDay => "working day",
        TimeUnit::CalendarDay => "day",
        TimeUnit::Hour => "hour",
        TimeUnit::Week => "week",
        TimeUnit::Month => "month",
        TimeUnit::Year => "year",
    };
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(per_year: Option<f64>, max: Option<f64>, qualifier: Option<&str>) -> Rate<'_> {
        Rate {
            per_year,
            per_year_max: max,
            kind: per_year.map(|_| CadenceKind::Regular),
            qualifier,
            as_needed: false,
        }
    }

    impl Rate<'_> {
        /// The rate and its details as one phrase.
        fn text(&self) -> String {
            match self.parts() {
                (rate, detail) if detail.is_empty() => rate,
                (rate, detail) => format!("{rate} · {detail}"),
            }
        }
    }

    #[test]
    fn rates_read_ranges_names_and_qualifiers() {
        assert_eq!(
            rate(Some(12.0), None, Some("一般")).text(),
            "12×/yr · monthly · 一般"
        );
        assert_eq!(rate(Some(12.0), Some(24.0), None).text(), "12–24×/yr");
        let with_clause = Rate {
            as_needed: true,
            ..rate(Some(26.0), None, Some("原则上"))
        };
        assert_eq!(
            with_clause.text(),
            "26×/yr · every two weeks · 原则上 · + as needed"
        );
        let irregular = Rate {
            kind: Some(CadenceKind::Irregular),
            ..Rate::default()
        };
        assert_eq!(irregular.text(), "as needed");
        assert_eq!(Rate::default().text(), "no cadence stated");
    }

    #[test]
    fn a_passage_is_marked_only_where_it_occurs_once() {
        assert_eq!(
            marked("区长签署<命令>。", Some("签署<命令>")).0,
            "区长<mark>签署&lt;命令&gt;</mark>。"
        );
        assert_eq!(marked("会议，会议。", Some("会议")).0, "会议，会议。");
        assert_eq!(marked("会议。", None).0, "会议。");
        assert_eq!(marked("会议。", Some("会议。")).0, "会议。");
    }

    #[test]
    fn time_units_are_words() {
        assert_eq!(time_unit(TimeUnit::WorkingDay, 3), "working days");
        assert_eq!(time_unit(TimeUnit::Hour, 1), "hour");
    }
}
