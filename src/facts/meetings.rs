//! The meeting system: which meetings a document establishes (实行…会议制度, an article that opens with
//! the meeting's name and 由, or 定期举办学习会), who chairs them (由…召集和主持, 委托…主持), who belongs
//! (由…组成), who attends (…列席) and how often they meet, an as-needed clause beside the rate being the
//! rate's exception. What a name is, and its kind and role, the [`MeetingKinds`] say.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::cadence::{self, CadenceKind, CadencePhrase};
use super::text::{self, comma_clauses, strip, trim, MODALS};
use super::vocabulary::{MeetingKinds, Name};
use super::{Excerpt, Meeting};

/// The name a sentence opens with when it goes on with 由 (区政府常务会议由区长…组成), or, for the
/// generic 会议由… / 会议原则上…, the marker `会议`.
pub(super) fn defined_at_start(kinds: &MeetingKinds, sentence: &str) -> Option<Name> {
    let first = kinds.names(sentence).into_iter().next()?;
    (first.bytes.start == opening(sentence) && sentence[first.bytes.end..].starts_with('由'))
        .then_some(first)
}

/// An article marker at the start of a sentence, when the text was not parsed into articles.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:第[一二三四五六七八九十百千零〇0-9]+条[\s　]*|[一二三四五六七八九十百千]+、)")
        .expect("MARKER regex")
});

/// Where a sentence's words begin, after any article marker.
pub(super) fn opening(sentence: &str) -> usize {
    MARKER.find(sentence).map_or(0, |m| m.end())
}

static CHAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"由(?P<x>[^，,；;。由]{1,60}?)(?:召集和主持|召集并主持|召集、主持|召集主持|主持召开|主持|召集)")
        .expect("CHAIR regex")
});
static DEPUTY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"委托(?P<x>[^，,；;。]{1,40}?)(?:召集和主持|召集并主持|召集、主持|召集主持|主持召开|主持|召集)")
        .expect("DEPUTY regex")
});
static MEMBERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"由(?P<x>[^。；;由]{1,150}?)(?:组成(?:[，,。；;]|$)|参加)").expect("MEMBERS regex")
});
/// 定期举办学习会, 每月召开碰头会: a cadence, a verb, then the meeting.
static HELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:举办|召开|举行|组织)$").expect("HELD"));

const CHAIR_TRAILERS: &[&str] = &["根据工作需要", "根据需要", "负责", "视情"];

/// A meeting the document establishes, before its details are read.
struct Established {
    meeting_type: String,
    kind: String,
    role: Option<String>,
    /// Excerpt index and the byte range of the establishing sentence.
    passage: usize,
    sentence: Range<usize>,
    /// True when only a list (实行…会议制度) names it.
    listed_only: bool,
}

/// The meetings the passages establish, in order of first mention.
pub fn extract(passages: &[Excerpt], kinds: &MeetingKinds) -> Vec<Meeting> {
    let mut found: BTreeMap<String, Established> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut note_found = |e: Established, found: &mut BTreeMap<String, Established>| match found
        .get(&e.meeting_type)
    {
        Some(old) if !old.listed_only || e.listed_only => {}
        Some(_) => {
            found.insert(e.meeting_type.clone(), e);
        }
        None => {
            order.push(e.meeting_type.clone());
            found.insert(e.meeting_type.clone(), e);
        }
    };
    for (pi, p) in passages.iter().enumerate() {
        for s in &p.sentences {
            let sentence = &p.text[s.clone()];
            let ns = kinds.names(sentence);
            if ns.is_empty() {
                continue;
            }
            if let Some(n) = defined_at_start(kinds, sentence) {
                note_found(
                    Established {
                        meeting_type: n.meeting_type,
                        kind: n.kind,
                        role: n.role,
                        passage: pi,
                        sentence: s.clone(),
                        listed_only: false,
                    },
                    &mut found,
                );
                continue;
            }
            let is_system = sentence.contains("实行") && sentence.contains("制度");
            for n in ns {
                let before = &sentence[..n.bytes.start];
                let held_regularly = HELD.is_match(before)
                    && cadence::find(before)
                        .last()
                        .is_some_and(|c| before[c.bytes.end..].chars().count() <= 2);
                if is_system || held_regularly {
                    note_found(
                        Established {
                            meeting_type: n.meeting_type,
                            kind: n.kind,
                            role: n.role,
                            passage: pi,
                            sentence: s.clone(),
                            listed_only: is_system && !held_regularly,
                        },
                        &mut found,
                    );
                }
            }
        }
    }
    order
        .iter()
        .filter_map(|t| found.get(t))
        .map(|e| describe(passages, kinds, e))
        .collect()
}

/// The sentences of a passage that speak of the meeting established at `from`: up to the next sentence
/// that opens with a different meeting.
fn segment(
    p: &Excerpt,
    kinds: &MeetingKinds,
    from: &Range<usize>,
    meeting_type: &str,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for s in p.sentences.iter().filter(|s| s.start >= from.start) {
        if s.start > from.start && opening(&p.text[s.clone()]) > 0 {
            break; // the next article, in a text not parsed into articles
        }
        if s.start > from.start {
            let opening = kinds
                .names(&p.text[s.clone()])
                .into_iter()
                .next()
                .filter(|n| n.bytes.start == opening(&p.text[s.clone()]));
            if opening.is_some_and(|n| n.meeting_type != meeting_type) {
                break;
            }
        }
        out.push(s.clone());
    }
    out
}

fn describe(passages: &[Excerpt], kinds: &MeetingKinds, e: &Established) -> Meeting {
    let p = &passages[e.passage];
    let mut notes: Vec<String> = Vec::new();
    let seg = if e.listed_only {
        vec![]
    } else {
        segment(p, kinds, &e.sentence, &e.meeting_type)
    };
    let mut chair = None;
    let mut deputy_chair = None;
    let mut composition = None;
    let mut attendees = Vec::new();
    // (phrase, passage index, byte offset of its sentence in the passage)
    let mut phrases: Vec<(CadencePhrase, usize, usize)> = Vec::new();
    for s in &seg {
        let sentence = &p.text[s.clone()];
        if composition.is_none() {
            composition = MEMBERS
                .captures(sentence)
                .map(|c| trim(&c["x"]).to_string())
                .filter(|x| !x.contains("主持") && !x.contains("召集"))
                .or_else(|| participants_clause(sentence));
        }
        for c in CHAIR.captures_iter(sentence) {
            let x = strip(&c["x"], MODALS, CHAIR_TRAILERS);
            if let Some((_, delegate)) = x.split_once("委托") {
                deputy_chair.get_or_insert_with(|| delegate.to_string());
            } else if !x.is_empty() {
                chair.get_or_insert_with(|| x.to_string());
            }
        }
        if deputy_chair.is_none() {
            deputy_chair = DEPUTY
                .captures(sentence)
                .map(|c| strip(&c["x"], MODALS, CHAIR_TRAILERS).to_string())
                .filter(|x| !x.is_empty());
        }
        attendees.extend(attendee_phrases(sentence));
        for c in cadence::find(sentence) {
            phrases.push((c, e.passage, s.start));
        }
    }
    if phrases.is_empty() && !e.listed_only {
        // The cadence may stand in another article: 区政府常务会议原则上每月召开1次.
        phrases = cadence_elsewhere(passages, kinds, &e.meeting_type);
    }
    let regular: Vec<&(CadencePhrase, usize, usize)> = phrases
        .iter()
        .filter(|(c, _, _)| c.kind == CadenceKind::Regular)
        .collect();
    let chosen = regular.first().copied().or(phrases.first());
    if regular.len() > 1 {
        let texts: Vec<&str> = regular.iter().map(|(c, _, _)| c.text.as_str()).collect();
        notes.push(format!(
            "ambiguous cadence: {} rates stated ({}); the first is given",
            regular.len(),
            texts.join("、")
        ));
    }
    // An as-needed clause beside a stated rate (必要时随时召开) is the rate's exception, not a cadence of its own.
    let as_needed: Vec<&(CadencePhrase, usize, usize)> = match chosen {
        Some((first, _, _)) if first.kind == CadenceKind::Regular => phrases
            .iter()
            .filter(|(c, _, _)| c.kind == CadenceKind::Irregular)
            .collect(),
        _ => Vec::new(),
    };
    if !as_needed.is_empty() {
        let texts: Vec<&str> = as_needed.iter().map(|(c, _, _)| c.text.as_str()).collect();
        notes.push(format!("also meets as needed: {}", texts.join("、")));
    }
    let located = |(c, pi, base): &(CadencePhrase, usize, usize)| {
        let bytes = base + c.bytes.start..base + c.bytes.end;
        (c.text.clone(), passages[*pi].span(bytes))
    };
    let exception = as_needed.first().map(|p| located(p));
    if chair.is_none() {
        // 总理召集和主持国务院全体会议和国务院常务会议: the chair named in a sentence of its own.
        chair = chair_elsewhere(passages, kinds, &e.meeting_type);
    }
    if e.listed_only {
        notes.push("listed in the meeting system; no passage describes it".to_string());
    } else {
        if chair.is_none() {
            notes.push("chair not named".to_string());
        }
        if chosen.is_none() {
            notes.push("no cadence stated".to_string());
        }
    }
    let (cadence_text, cadence_span) = chosen.map(located).unzip();
    let (exception, exception_span) = exception.unzip();
    Meeting {
        meeting_type: e.meeting_type.clone(),
        kind: e.kind.clone(),
        role: e.role.clone(),
        chair,
        deputy_chair,
        composition,
        attendees,
        per_year: chosen.and_then(|(c, _, _)| c.per_year),
        per_year_max: chosen.and_then(|(c, _, _)| c.per_year_max),
        qualifier: chosen.and_then(|(c, _, _)| c.qualifier.clone()),
        cadence_kind: chosen.map(|(c, _, _)| c.kind),
        cadence_text,
        cadence_span,
        exception,
        exception_span,
        text: p.text[e.sentence.clone()].to_string(),
        article: p.article,
        span: p.span(e.sentence.clone()),
        note: (!notes.is_empty()).then(|| notes.join("; ")),
    }
}

/// A sentence that opens with a person and a verb of chairing: 区长召集和主持区政府全体会议和常务会议.
static CHAIRS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<x>[^，,；;。由]{1,20}?)(?:召集和主持|召集并主持|召集、主持|主持)(?P<rest>[^，,；;。]+)")
        .expect("CHAIRS regex")
});

/// The chair of a meeting of this type named by a sentence that opens with them, anywhere in the text.
fn chair_elsewhere(
    passages: &[Excerpt],
    kinds: &MeetingKinds,
    meeting_type: &str,
) -> Option<String> {
    passages.iter().find_map(|p| {
        p.sentences.iter().find_map(|s| {
            let sentence = &p.text[s.clone()];
            let c = CHAIRS.captures(&sentence[opening(sentence)..])?;
            let x = strip(&c["x"], MODALS, CHAIR_TRAILERS);
            (text::is_role(x)
                && kinds
                    .names(&c["rest"])
                    .iter()
                    .any(|n| n.meeting_type == meeting_type))
            .then(|| x.to_string())
        })
    })
}

/// Cadences of sentences elsewhere that open with a name of this type.
fn cadence_elsewhere(
    passages: &[Excerpt],
    kinds: &MeetingKinds,
    meeting_type: &str,
) -> Vec<(CadencePhrase, usize, usize)> {
    for (pi, p) in passages.iter().enumerate() {
        for s in &p.sentences {
            let sentence = &p.text[s.clone()];
            let opens = kinds.names(sentence).into_iter().next().is_some_and(|n| {
                n.bytes.start == opening(sentence) && n.meeting_type == meeting_type
            });
            if opens {
                let found = cadence::find(sentence);
                if !found.is_empty() {
                    return found.into_iter().map(|c| (c, pi, s.start)).collect();
                }
            }
        }
    }
    vec![]
}

/// `副区长、区政府党组其他成员等参加` where no 由…参加 is written: the comma clause before 参加.
fn participants_clause(sentence: &str) -> Option<String> {
    comma_clauses(sentence).into_iter().find_map(|r| {
        let c = &sentence[r];
        let x = c.strip_suffix("参加")?;
        let banned = ["主持", "召集", "安排", "邀请", "扩大", "不能", "列席"];
        (!x.is_empty() && !banned.iter().any(|b| x.contains(b))).then(|| x.to_string())
    })
}

/// The phrases naming attendees: each comma clause containing 列席, extended back over preceding
/// clauses that only continue its list (no verb of their own), and each invitation to attend (特邀…出席).
fn attendee_phrases(sentence: &str) -> Vec<String> {
    let clauses = comma_clauses(sentence);
    let verbs = [
        "由",
        "组成",
        "主持",
        "召集",
        "召开",
        "研究",
        "列席",
        "参加",
        "出席",
        "会议的",
    ];
    let mut out = Vec::new();
    for (i, r) in clauses.iter().enumerate() {
        let clause = &sentence[r.clone()];
        if !clause.contains("列席") {
            // 区政府常务会议特邀区人大、区政协分管领导出席: invited guests, from the invitation on.
            let invited = ["特邀", "邀请"]
                .iter()
                .find_map(|w| clause.find(w).filter(|&at| !clause[..at].ends_with('不')));
            if let Some(at) = invited.filter(|_| clause.ends_with("出席")) {
                out.push(trim(&clause[at..]).to_string());
            }
            continue;
        }
        let mut start = r.start;
        for prev in clauses[..i].iter().rev() {
            let t = &sentence[prev.clone()];
            if verbs.iter().any(|v| t.contains(v))
                || sentence[prev.end..start].contains(['；', ';'])
            {
                break;
            }
            start = prev.start;
        }
        out.push(trim(&sentence[start..r.end]).to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage(text: &str) -> Excerpt<'_> {
        Excerpt::new(Some(1), text, 0)
    }

    fn kinds() -> &'static MeetingKinds {
        &super::super::vocabulary::Vocabulary::builtin().meetings
    }

    #[test]
    fn a_defining_article_gives_chair_members_attendees_and_cadence() {
        let t = "区政府常务会议由区长、副区长组成，区政府办公室主任、副主任，区财政局主要负责人列席。会议由区长召集和主持，或由区长委托常务副区长召集和主持，原则上每半月召开一次，必要时随时召开。";
        let p = [passage(t)];
        let m = extract(&p, kinds());
        assert_eq!(m.len(), 1);
        let m = &m[0];
        assert_eq!(m.meeting_type, "常务会议");
        assert_eq!(m.chair.as_deref(), Some("区长"));
        assert_eq!(m.deputy_chair.as_deref(), Some("常务副区长"));
        assert_eq!(m.composition.as_deref(), Some("区长、副区长"));
        assert_eq!(
            m.attendees,
            ["区政府办公室主任、副主任，区财政局主要负责人列席"]
        );
        assert_eq!(
            (m.per_year, m.qualifier.as_deref()),
            (Some(24.0), Some("原则上"))
        );
        assert!(
            m.note.as_deref().unwrap().contains("必要时随时召开"),
            "{:?}",
            m.note
        );
    }

    #[test]
    fn a_listed_meeting_without_description_says_so() {
        let p = [passage("区政府实行全体会议、协调会议制度。")];
        let m = extract(&p, kinds());
        assert_eq!(m.len(), 2);
        assert!(m[1].note.as_deref().unwrap().contains("listed"));
        assert_eq!(m[1].chair, None);
    }

    #[test]
    fn a_chair_named_in_a_sentence_of_its_own() {
        let t = "国务院实行国务院全体会议和国务院常务会议制度。国务院全体会议由国务院全体成员组成。总理召集和主持国务院全体会议和国务院常务会议。";
        let p = [passage(t)];
        let m = extract(&p, kinds());
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].chair.as_deref(), Some("总理"));
        assert_eq!(m[1].chair.as_deref(), Some("总理"));
    }
}
