//! Revisions of one text: which documents are revisions of each other ([`revision_pairs`]: the same
//! government and the same title, in order of date), and what changed between two of them fact by fact
//! ([`fact_changes`]): a meeting added or dropped, its cadence, chair, members or attendees changed (常务会议
//! 每半月 → 每月); a signing rule added or dropped, its signer changed. Each change carries the article and
//! span of the fact on each side. The article-by-article changes are the word diffs of the aligned articles.
//!
//! Facts are matched and compared with their role words folded (区长/市长 → `<首长>`, 区政府/市政府 →
//! `<本级政府>`, corpus/dict/roles.tsv), so a city's rules and a district's compare as well as two revisions do;
//! the output quotes the words as written.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use serde::Serialize;

use crate::facts::{DocFacts, Meeting, SigningRule};
use crate::meta::DocMeta;
use crate::span::Span;
use crate::structure::ParsedDoc;
use crate::tokenize::filters::roles::RoleTable;

/// The role words, longest first, and their symbols.
static ROLE_WORDS: LazyLock<(AhoCorasick, Vec<String>)> = LazyLock::new(|| {
    let table = RoleTable::bundled();
    let terms = table.terms();
    let symbols = terms
        .iter()
        .map(|t| {
            table
                .get(t)
                .map_or_else(|| t.to_string(), |r| r.symbol.clone())
        })
        .collect();
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&terms)
        .expect("the role words build an automaton");
    (automaton, symbols)
});

/// `s` with its role words folded, for matching and comparing (never shown).
fn folded(s: &str) -> String {
    let (automaton, symbols) = &*ROLE_WORDS;
    automaton.replace_all(s, symbols)
}

/// One change between revision `a` and revision `b`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FactChange {
    /// `meetings` or `signing`.
    pub topic: &'static str,
    /// `added` (only in `b`), `dropped` (only in `a`) or `changed`.
    pub change: &'static str,
    /// What the fact concerns: the meeting as named (`常务会议`), or a signing rule's documents and act
    /// (`以市政府名义发文：签发`, with its condition in brackets when it has one).
    pub subject: String,
    /// For `changed`: the field that differs (`cadence`, `exception`, `chair`, `deputy_chair`,
    /// `composition`, `attendees`, `signer`); null for `added` and `dropped`.
    pub field: Option<&'static str>,
    /// The value in `a` (for `added`: null; for `dropped`: the fact's text), as written; null when not stated.
    pub a: Option<String>,
    /// The value in `b`, likewise.
    pub b: Option<String>,
    /// For a cadence: the rates per year on each side (null when not stated).
    #[serde(serialize_with = "crate::facts::number")]
    pub a_per_year: Option<f64>,
    #[serde(serialize_with = "crate::facts::number")]
    pub b_per_year: Option<f64>,
    /// Where the fact stands on each side: its article and the span of the value (or of the fact).
    pub a_article: Option<u32>,
    pub b_article: Option<u32>,
    pub a_span: Option<Span>,
    pub b_span: Option<Span>,
}

impl FactChange {
    fn new(topic: &'static str, change: &'static str, subject: String) -> FactChange {
        FactChange {
            topic,
            change,
            subject,
            field: None,
            a: None,
            b: None,
            a_per_year: None,
            b_per_year: None,
            a_article: None,
            b_article: None,
            a_span: None,
            b_span: None,
        }
    }
}

/// The fact-by-fact changes from `a` to `b`: meetings (matched by kind and name), then signing rules
/// (matched by documents, act and condition).
pub fn fact_changes(a: &DocFacts, b: &DocFacts) -> Vec<FactChange> {
    let mut out = meeting_changes(&a.meetings, &b.meetings);
    out.extend(signing_changes(&a.signing, &b.signing));
    out
}

fn meeting_changes(a: &[Meeting], b: &[Meeting]) -> Vec<FactChange> {
    let key = |m: &Meeting| (m.kind.clone(), folded(&m.meeting_type));
    let mut out = Vec::new();
    let mut matched = vec![false; b.len()];
    for ma in a {
        let found = b
            .iter()
            .enumerate()
            .find(|(i, mb)| !matched[*i] && key(mb) == key(ma));
        let Some((i, mb)) = found else {
            let mut c = FactChange::new("meetings", "dropped", ma.meeting_type.clone());
            (c.a, c.a_per_year) = (Some(ma.text.clone()), ma.per_year);
            (c.a_article, c.a_span) = (ma.article, Some(ma.span));
            out.push(c);
            continue;
        };
        matched[i] = true;
        out.extend(meeting_fields(ma, mb));
    }
    for (mb, _) in b.iter().zip(matched).filter(|(_, m)| !m) {
        let mut c = FactChange::new("meetings", "added", mb.meeting_type.clone());
        (c.b, c.b_per_year) = (Some(mb.text.clone()), mb.per_year);
        (c.b_article, c.b_span) = (mb.article, Some(mb.span));
        out.push(c);
    }
    out
}

/// A field of a meeting compared between revisions: its name, its value, the span of its value.
type MeetingField = (
    &'static str,
    fn(&Meeting) -> Option<String>,
    fn(&Meeting) -> Option<Span>,
);

/// The fields of a meeting that differ between its two revisions.
fn meeting_fields(a: &Meeting, b: &Meeting) -> Vec<FactChange> {
    let mut out = Vec::new();
    let changed = |field: &'static str,
                   va: Option<String>,
                   vb: Option<String>,
                   spans: (Option<Span>, Option<Span>)| {
        (va.as_deref().map(folded) != vb.as_deref().map(folded)).then(|| {
            let mut c = FactChange::new("meetings", "changed", b.meeting_type.clone());
            c.field = Some(field);
            (c.a, c.b) = (va, vb);
            (c.a_article, c.b_article) = (a.article, b.article);
            c.a_span = spans.0.or(Some(a.span));
            c.b_span = spans.1.or(Some(b.span));
            c
        })
    };
    let rate = |m: &Meeting| {
        (
            m.per_year,
            m.per_year_max,
            m.qualifier.clone(),
            m.cadence_kind,
        )
    };
    if rate(a) != rate(b) {
        let mut c = changed(
            "cadence",
            a.cadence_text.clone(),
            b.cadence_text.clone(),
            (a.cadence_span, b.cadence_span),
        )
        .unwrap_or_else(|| {
            // The same words, read differently (in another article's context): still a change of rate.
            let mut c = FactChange::new("meetings", "changed", b.meeting_type.clone());
            c.field = Some("cadence");
            (c.a, c.b) = (a.cadence_text.clone(), b.cadence_text.clone());
            (c.a_article, c.b_article) = (a.article, b.article);
            (c.a_span, c.b_span) = (a.cadence_span, b.cadence_span);
            c
        });
        (c.a_per_year, c.b_per_year) = (a.per_year, b.per_year);
        out.push(c);
    }
    let fields: [MeetingField; 5] = [
        ("exception", |m| m.exception.clone(), |m| m.exception_span),
        ("chair", |m| m.chair.clone(), |_| None),
        ("deputy_chair", |m| m.deputy_chair.clone(), |_| None),
        ("composition", |m| m.composition.clone(), |_| None),
        (
            "attendees",
            |m| (!m.attendees.is_empty()).then(|| m.attendees.join("；")),
            |_| None,
        ),
    ];
    for (field, value, span) in fields {
        out.extend(changed(field, value(a), value(b), (span(a), span(b))));
    }
    out
}

/// A signing rule's subject: its documents as written (in brackets, its condition) and act.
fn signing_subject(r: &SigningRule) -> String {
    let kind = r
        .document_kind
        .as_deref()
        .unwrap_or("(documents not named)");
    match r.condition.as_deref() {
        Some(c) => format!("{kind}（{c}）：{}", r.act),
        None => format!("{kind}：{}", r.act),
    }
}

fn signing_changes(a: &[SigningRule], b: &[SigningRule]) -> Vec<FactChange> {
    // subject → the rules stating it, in order.
    fn group(rules: &[SigningRule]) -> (Vec<String>, BTreeMap<String, Vec<&SigningRule>>) {
        let mut by: BTreeMap<String, Vec<&SigningRule>> = BTreeMap::new();
        let mut order = Vec::new();
        for r in rules {
            let s = folded(&signing_subject(r));
            if !by.contains_key(&s) {
                order.push(s.clone());
            }
            by.entry(s).or_default().push(r);
        }
        (order, by)
    }
    let signers = |rules: &[&SigningRule]| {
        let mut out: Vec<&str> = Vec::new();
        for r in rules {
            if !out.contains(&r.signer.as_str()) {
                out.push(&r.signer);
            }
        }
        out.join("；")
    };
    let ((order_a, by_a), (order_b, by_b)) = (group(a), group(b));
    let mut out = Vec::new();
    for s in &order_a {
        let ra = &by_a[s];
        let Some(rb) = by_b.get(s) else {
            let mut c = FactChange::new("signing", "dropped", signing_subject(ra[0]));
            c.a = Some(ra[0].text.clone());
            (c.a_article, c.a_span) = (ra[0].evidence.article, Some(ra[0].evidence.span));
            out.push(c);
            continue;
        };
        let (sa, sb) = (signers(ra), signers(rb));
        if folded(&sa) != folded(&sb) {
            let mut c = FactChange::new("signing", "changed", signing_subject(rb[0]));
            c.field = Some("signer");
            (c.a, c.b) = (Some(sa), Some(sb));
            (c.a_article, c.b_article) = (ra[0].evidence.article, rb[0].evidence.article);
            (c.a_span, c.b_span) = (Some(ra[0].evidence.span), Some(rb[0].evidence.span));
            out.push(c);
        }
    }
    for s in order_b.iter().filter(|s| !by_a.contains_key(*s)) {
        let rb = &by_b[s];
        let mut c = FactChange::new("signing", "added", signing_subject(rb[0]));
        c.b = Some(rb[0].text.clone());
        (c.b_article, c.b_span) = (rb[0].evidence.article, Some(rb[0].evidence.span));
        out.push(c);
    }
    out
}

/// Pairs of documents (positions, earlier first) that may be consecutive revisions of one text: the same
/// government (known) and the same title once `（试行）`, `（修订）` and the like are set aside, ordered by
/// date (undated ones after, in input order). Linear in the number of documents. The report keeps those
/// whose wording is alike (`report::REVISION_MIN_SIMILARITY`).
pub fn revision_pairs(docs: &[ParsedDoc], metadata: &[DocMeta]) -> Vec<[usize; 2]> {
    let mut groups: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, (d, m)) in docs.iter().zip(metadata).enumerate() {
        let (Some(government), Some(title)) = (&m.government, &d.title) else {
            continue;
        };
        let title = work_title(&d.analysed(title));
        if !title.is_empty() {
            groups
                .entry((government.clone(), title))
                .or_default()
                .push(i);
        }
    }
    let mut pairs: Vec<[usize; 2]> = Vec::new();
    for members in groups.values_mut().filter(|m| m.len() > 1) {
        members.sort_by_key(|&i| (metadata[i].date.is_none(), metadata[i].date.clone(), i));
        pairs.extend(members.windows(2).map(|w| [w[0], w[1]]));
    }
    pairs.sort_unstable();
    pairs
}

/// Bracketed status words that do not make another text: 试行, 暂行, 修订, 修正, 草案, 征求意见稿.
const STATUS: &[&str] = &[
    "试行",
    "暂行",
    "修订",
    "修正",
    "修订稿",
    "草案",
    "征求意见稿",
];

/// A title without spaces and without bracketed status words: the work it names.
fn work_title(title: &str) -> String {
    let mut t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    for s in STATUS {
        for (open, close) in [('（', '）'), ('(', ')')] {
            t = t.replace(&format!("{open}{s}{close}"), "");
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;
    use crate::structure;

    fn facts(text: &str) -> DocFacts {
        crate::facts::extract(&structure::parse(&Document::from_text("d", text)))
    }

    #[test]
    fn a_cadence_changed_a_meeting_added_and_a_signer_changed() {
        let a = facts(concat!(
            "第一条 市政府常务会议由市长召集和主持，一般每半月召开一次，如有需要可临时召开。\n",
            "第二条 市政府发布的规章，由市长签署。\n",
        ));
        let b = facts(concat!(
            "第一条 市政府常务会议由市长召集和主持，一般每月召开一次，如有需要可临时召开。\n",
            "第二条 市政府发布的规章，由常务副市长签署。\n",
            "第三条 市长办公会议由市长召集和主持，每周召开一次。\n",
        ));
        let changes = fact_changes(&a, &b);
        type Brief<'a> = (
            &'a str,
            &'a str,
            &'a str,
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a str>,
        );
        let brief: Vec<Brief> = changes
            .iter()
            .map(|c| {
                (
                    c.topic,
                    c.change,
                    c.subject.as_str(),
                    c.field,
                    c.a.as_deref(),
                    c.b.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            brief[0],
            (
                "meetings",
                "changed",
                "常务会议",
                Some("cadence"),
                Some("一般每半月召开一次"),
                Some("一般每月召开一次")
            )
        );
        assert_eq!(
            (changes[0].a_per_year, changes[0].b_per_year),
            (Some(24.0), Some(12.0))
        );
        assert_eq!(
            (changes[0].a_article, changes[0].b_article),
            (Some(1), Some(1))
        );
        assert_eq!((brief[1].1, brief[1].2), ("added", "市长办公会议"));
        assert_eq!(
            brief[2],
            (
                "signing",
                "changed",
                "市政府发布的规章：签署",
                Some("signer"),
                Some("市长"),
                Some("常务副市长")
            )
        );
        assert_eq!(changes.len(), 3, "{changes:#?}");
        assert!(fact_changes(&a, &a).is_empty());
    }

    #[test]
    fn a_city_and_a_district_compare_through_their_role_words() {
        let city = facts(
            "第一条 市长办公会议由市长召集和主持，每周召开一次。以市政府名义发文，由市长签发。\n",
        );
        let district = facts(
            "第一条 区长办公会议由区长召集和主持，每周召开一次。以区政府名义发文，由区长签发。\n",
        );
        assert_eq!(fact_changes(&city, &district), []);
    }

    #[test]
    fn revisions_share_government_and_title_and_follow_their_dates() {
        let doc = |id: &str, title: &str, date: &str| {
            let mut d = structure::parse(&Document::from_text(id, "第一条 内容。\n"));
            d.title = Some(title.into());
            d.issuer = Some("衢州市人民政府".into());
            d.date = Some(date.into());
            d
        };
        let docs = [
            doc("new", "衢州市人民政府工作规则", "2024-01-01"),
            doc("other", "衢州市人民政府议事规则", "2020-01-01"),
            doc("old", "衢州市人民政府工作规则（试行）", "2022-05-22"),
        ];
        let (metadata, _) = crate::meta::describe(&docs, None);
        assert_eq!(revision_pairs(&docs, &metadata), [[2, 0]]);
    }
}
