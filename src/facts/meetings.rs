//! The meeting system: which meetings a document establishes (实行…会议制度, an article that opens with
//! the meeting's name and 由, or 定期举办学习会), who chairs them (由…召集和主持, 委托…主持), who belongs
//! (由…组成), who attends (…列席) and how often they meet. Also the `cadences` list: every frequency
//! expression in a passage, with what it concerns.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::cadence::{self, CadenceKind, CadencePhrase};
use super::text::{self, comma_clauses, non_empty, strip, trim, END_MODALS, MODALS};
use super::{Cadence, Meeting, Passage};

/// A meeting's name: optional government prefix, optional head (区长, 市长工作), the kind of meeting.
static NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<gov>国务院|(?:[省市区县州旗镇乡]|自治[州县旗])?(?:人民)?政府)?",
        r"(?P<head>[省市区县州旗镇乡]长(?:工作)?|总理)?",
        r"(?P<core>全体会议|常务会议|常务委员会会议|办公会议|办公会|碰头会议|碰头会|工作例会|例会|专题会议|学习会",
        r"|协调会议|协调会|联席会议|调度会议|调度会|务虚会|党组会议|主任会议)"
    ))
    .expect("NAME regex")
});

fn kind_of(core: &str, head: bool) -> &'static str {
    match core {
        "全体会议" => "plenary",
        "常务会议" => "executive",
        "常务委员会会议" => "standing_committee",
        "办公会议" | "办公会" if head => "head_office",
        "办公会议" | "办公会" => "office",
        "碰头会议" | "碰头会" => "briefing",
        "工作例会" | "例会" => "regular_work",
        "专题会议" => "thematic",
        "学习会" => "study",
        "协调会议" | "协调会" => "coordination",
        "联席会议" => "joint",
        "调度会议" | "调度会" => "dispatch",
        "务虚会" => "strategy",
        "党组会议" => "party_group",
        "主任会议" => "chairpersons",
        _ => "other",
    }
}

/// A meeting name found in a text.
#[derive(Clone, Debug)]
struct Name {
    bytes: Range<usize>,
    /// Head + core: `区长办公会议`, `常务会议`.
    meeting_type: String,
    kind: &'static str,
}

fn names(s: &str) -> Vec<Name> {
    NAME.captures_iter(s)
        .map(|c| {
            let head = c.name("head").map_or("", |m| m.as_str());
            let core = c.name("core").map_or("", |m| m.as_str());
            Name {
                bytes: c.get(0).expect("match").range(),
                meeting_type: format!("{head}{core}"),
                kind: kind_of(core, !head.is_empty()),
            }
        })
        .collect()
}

/// The name a sentence opens with when it goes on with 由 (区政府常务会议由区长…组成), or, for the
/// generic 会议由… / 会议原则上…, the marker `会议`.
fn defined_at_start(sentence: &str) -> Option<Name> {
    let first = names(sentence).into_iter().next()?;
    (first.bytes.start == opening(sentence) && sentence[first.bytes.end..].starts_with('由'))
        .then_some(first)
}

/// An article marker at the start of a sentence, when the text was not parsed into articles.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:第[一二三四五六七八九十百千零〇0-9]+条[\s　]*|[一二三四五六七八九十百千]+、)")
        .expect("MARKER regex")
});

/// Where a sentence's words begin, after any article marker.
fn opening(sentence: &str) -> usize {
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
    kind: &'static str,
    /// Passage index and the byte range of the establishing sentence.
    passage: usize,
    sentence: Range<usize>,
    /// True when only a list (实行…会议制度) names it.
    listed_only: bool,
}

/// The meetings the passages establish, in order of first mention.
pub fn extract(passages: &[Passage]) -> Vec<Meeting> {
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
            let ns = names(sentence);
            if ns.is_empty() {
                continue;
            }
            if let Some(n) = defined_at_start(sentence) {
                note_found(
                    Established {
                        meeting_type: n.meeting_type,
                        kind: n.kind,
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
        .map(|e| describe(passages, e))
        .collect()
}

/// The sentences of a passage that speak of the meeting established at `from`: up to the next sentence
/// that opens with a different meeting.
fn segment(p: &Passage, from: &Range<usize>, meeting_type: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for s in p.sentences.iter().filter(|s| s.start >= from.start) {
        if s.start > from.start && opening(&p.text[s.clone()]) > 0 {
            break; // the next article, in a text not parsed into articles
        }
        if s.start > from.start {
            let opening = names(&p.text[s.clone()])
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

fn describe(passages: &[Passage], e: &Established) -> Meeting {
    let p = &passages[e.passage];
    let mut notes: Vec<String> = Vec::new();
    let seg = if e.listed_only {
        vec![]
    } else {
        segment(p, &e.sentence, &e.meeting_type)
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
        phrases = cadence_elsewhere(passages, &e.meeting_type);
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
    if let Some((first, _, _)) = chosen {
        let others: Vec<&str> = phrases
            .iter()
            .filter(|(c, _, _)| c.kind != first.kind && c.kind == CadenceKind::Irregular)
            .map(|(c, _, _)| c.text.as_str())
            .collect();
        if !others.is_empty() && first.kind == CadenceKind::Regular {
            notes.push(format!("also meets as needed: {}", others.join("、")));
        }
    }
    if chair.is_none() {
        // 总理召集和主持国务院全体会议和国务院常务会议: the chair named in a sentence of its own.
        chair = chair_elsewhere(passages, &e.meeting_type);
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
    let (cadence_text, cadence_span) = match chosen {
        Some((c, pi, base)) => {
            let bytes = base + c.bytes.start..base + c.bytes.end;
            (Some(c.text.clone()), Some(passages[*pi].span(bytes)))
        }
        None => (None, None),
    };
    Meeting {
        meeting_type: e.meeting_type.clone(),
        kind: e.kind.to_string(),
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
fn chair_elsewhere(passages: &[Passage], meeting_type: &str) -> Option<String> {
    passages.iter().find_map(|p| {
        p.sentences.iter().find_map(|s| {
            let sentence = &p.text[s.clone()];
            let c = CHAIRS.captures(&sentence[opening(sentence)..])?;
            let x = strip(&c["x"], MODALS, CHAIR_TRAILERS);
            (text::is_role(x)
                && names(&c["rest"])
                    .iter()
                    .any(|n| n.meeting_type == meeting_type))
            .then(|| x.to_string())
        })
    })
}

/// Cadences of sentences elsewhere that open with a name of this type.
fn cadence_elsewhere(
    passages: &[Passage],
    meeting_type: &str,
) -> Vec<(CadencePhrase, usize, usize)> {
    for (pi, p) in passages.iter().enumerate() {
        for s in &p.sentences {
            let sentence = &p.text[s.clone()];
            let opens = names(sentence).into_iter().next().is_some_and(|n| {
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

/// Every frequency expression of a passage, with the body it concerns.
pub fn cadences(p: &Passage) -> Vec<Cadence> {
    // The meeting a passage describes, for sentences that say only 会议.
    let described = p.sentences.first().and_then(|s| {
        defined_at_start(&p.text[s.clone()])
            .map(|n| p.text[s.start + n.bytes.start..s.start + n.bytes.end].to_string())
    });
    let mut out = Vec::new();
    for s in &p.sentences {
        let sentence = &p.text[s.clone()];
        let found = cadence::find(sentence);
        let regular = found
            .iter()
            .filter(|c| c.kind == CadenceKind::Regular)
            .count();
        for c in &found {
            let note = (c.kind == CadenceKind::Regular && regular > 1)
                .then(|| format!("one of {regular} rates stated in the sentence"));
            let after = &sentence[c.bytes.end..];
            let subject = object_after(after)
                .or_else(|| named_before(sentence, c.bytes.start))
                .or_else(|| {
                    // 会议原则上每月召开1次, or a sentence whose subject is left out (…的形式定期组织):
                    // the meeting the article establishes.
                    let generic = sentence[opening(sentence)..].starts_with("会议")
                        || only_a_meeting_verb(after);
                    described.clone().filter(|_| generic)
                })
                .or_else(|| subject(sentence, c));
            out.push(Cadence {
                subject,
                kind: c.kind,
                per_year: c.per_year,
                per_year_max: c.per_year_max,
                qualifier: c.qualifier.clone(),
                text: c.text.clone(),
                article: p.article,
                span: p.span(s.start + c.bytes.start..s.start + c.bytes.end),
                sentence: sentence.to_string(),
                note,
            });
        }
    }
    out
}

/// Verbs of holding a meeting, and counts, that may follow a frequency before its object.
const HOLD: &[&str] = &["召开", "举行", "举办", "组织", "一次", "1次"];

/// A meeting held at this frequency named right after it: 定期举办学习会, 必要时应举行听证会. The bare word
/// 会议 (监事会每六个月至少召开一次会议) names nothing: the words before the phrase do.
fn object_after(rest: &str) -> Option<String> {
    let end = rest.find(text::COMMA).unwrap_or(rest.len());
    let object = strip(&rest[..end], HOLD, &[]);
    (object.ends_with('会') || object.ends_with("会议"))
        .then_some(object)
        .filter(|o| o.chars().count() <= 12 && !matches!(*o, "会" | "会议"))
        .map(str::to_string)
}

/// The rest of the clause after a phrase is only a verb of holding a meeting (…定期组织。).
fn only_a_meeting_verb(rest: &str) -> bool {
    let end = rest.find(text::COMMA).unwrap_or(rest.len());
    HOLD[..4].contains(&strip(&rest[..end], MODALS, &[]))
}

/// The last meeting named before byte `at`, in the same semicolon clause.
fn named_before(sentence: &str, at: usize) -> Option<String> {
    let from = sentence[..at].rfind(['；', ';']).map_or(0, |i| {
        i + sentence[i..].chars().next().map_or(1, char::len_utf8)
    });
    let before = &sentence[from..at];
    names(before)
        .into_iter()
        .last()
        .map(|n| before[n.bytes].to_string())
}

/// Words that end the name of a body or person that acts (区政府, 礼品保管部门, 国营贸易企业).
const ACTOR_ENDINGS: &[&str] = &[
    "政府",
    "委员会",
    "企业",
    "公司",
    "机构",
    "组织",
    "单位",
    "部门",
    "机关",
    "者",
];

/// Words that close the words before a phrase without belonging to what it concerns (应当于, 要在, 未).
fn subject_end_words() -> Vec<&'static str> {
    END_MODALS
        .iter()
        .copied()
        .chain([
            "于", "在", "要", "将", "未", "不", "或者", "和", "以及", "及", "定期",
        ])
        .collect()
}

/// An item marker opening a clause: (二), （三）.
static ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[（(][一二三四五六七八九十0-9]+[）)]").expect("ITEM regex"));

/// What a phrase concerns when no meeting is named. A bare frequency (每年, 定期, 不定期) is followed by
/// what happens at it: 每年安排时间接访 → `安排时间接访`, 区政府每年向区人大代表通报工作情况 →
/// `区政府向区人大代表通报工作情况` (the actor before it, then the act). Otherwise, and when nothing
/// follows in the comma clause, the words before it in its comma clause, else the previous comma clause.
fn subject(sentence: &str, c: &CadencePhrase) -> Option<String> {
    let before = &sentence[..c.bytes.start];
    let clause_start = before.rfind(text::COMMA).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let own = &before[clause_start..];
    let own = ITEM.find(own).map_or(own, |m| &own[m.end()..]);
    let own = strip(own, &["并", "但是", "但", "且"], &subject_end_words());
    // 应当按照规定定期免疫接种狂犬病疫苗: a manner, not what happens.
    let own = strip(own, MODALS, &[]);
    let own = if ["按照", "依照", "根据", "按"]
        .iter()
        .any(|w| own.starts_with(w))
    {
        ""
    } else {
        own
    };
    let rest = &sentence[c.bytes.end..];
    let rest = &rest[..rest.find(text::COMMA).unwrap_or(rest.len())];
    // 定期或者不定期地对企业进行检查: the pair is one frequency; 地 makes it an adverb.
    let act = strip(rest, &["或者不定期", "或不定期", "和不定期"], &[]);
    let act = strip(act, MODALS, &[]);
    let act = act
        .strip_prefix('地')
        .filter(|_| c.text.ends_with('期'))
        .unwrap_or(act);
    if !act.is_empty() && !act.starts_with('的') {
        let bare = !c.text.contains('次') && !HOLD[..4].iter().any(|v| c.text.ends_with(v));
        // 至少每半年进行一次职业中毒危害控制效果评价: nothing before, what is done after.
        if own.is_empty() {
            return Some(act.to_string());
        }
        let actor = text::is_role(own) || ACTOR_ENDINGS.iter().any(|w| own.ends_with(w));
        if bare && actor {
            return Some(format!("{own}{act}"));
        }
    }
    if !own.is_empty() {
        return Some(own.to_string());
    }
    let prev = comma_clauses(&before[..clause_start]).pop()?;
    non_empty(strip(&before[prev], &[], &subject_end_words()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage(text: &str) -> Passage<'_> {
        Passage::new(Some(1), text, 0)
    }

    #[test]
    fn names_have_type_and_kind() {
        let n = names("区政府实行全体会议、常务会议、区长办公会议和区政府专题会议等会议制度。");
        let types: Vec<(&str, &str)> = n
            .iter()
            .map(|n| (n.meeting_type.as_str(), n.kind))
            .collect();
        assert_eq!(
            types,
            [
                ("全体会议", "plenary"),
                ("常务会议", "executive"),
                ("区长办公会议", "head_office"),
                ("专题会议", "thematic")
            ]
        );
    }

    #[test]
    fn a_defining_article_gives_chair_members_attendees_and_cadence() {
        let t = "区政府常务会议由区长、副区长组成，区政府办公室主任、副主任，区财政局主要负责人列席。会议由区长召集和主持，或由区长委托常务副区长召集和主持，原则上每半月召开一次，必要时随时召开。";
        let p = [passage(t)];
        let m = extract(&p);
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
        let m = extract(&p);
        assert_eq!(m.len(), 2);
        assert!(m[1].note.as_deref().unwrap().contains("listed"));
        assert_eq!(m[1].chair, None);
    }

    #[test]
    fn cadence_subjects() {
        let p = passage(
            "部门召开的全区性会议，原则上每年不超过１次。区政府每年向区人大代表通报工作情况。",
        );
        let c = cadences(&p);
        assert_eq!(c[0].subject.as_deref(), Some("部门召开的全区性会议"));
        assert_eq!(c[0].qualifier.as_deref(), Some("原则上不超过"));
        assert_eq!(
            c[1].subject.as_deref(),
            Some("区政府向区人大代表通报工作情况")
        );
    }

    #[test]
    fn a_bare_frequency_concerns_the_act_after_it() {
        let p = passage("区政府领导要亲自阅批重要的群众来信，每年安排时间接访。区政府领导每年要保证一定时间深入基层。领导出访每年要统筹安排。监事会每六个月至少召开一次会议。县级以上人民政府应当在每年六月前报送决算草案。");
        let found = cadences(&p);
        let subjects: Vec<Option<&str>> = found.iter().map(|c| c.subject.as_deref()).collect();
        assert_eq!(
            subjects,
            [
                Some("安排时间接访"),
                Some("区政府领导保证一定时间深入基层"),
                Some("领导出访"),
                Some("监事会"),
                Some("县级以上人民政府六月前报送决算草案"),
            ]
        );
    }

    #[test]
    fn a_chair_named_in_a_sentence_of_its_own() {
        let t = "国务院实行国务院全体会议和国务院常务会议制度。国务院全体会议由国务院全体成员组成。总理召集和主持国务院全体会议和国务院常务会议。";
        let p = [passage(t)];
        let m = extract(&p);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].chair.as_deref(), Some("总理"));
        assert_eq!(m[1].chair.as_deref(), Some("总理"));
    }

    #[test]
    fn periodic_or_not_concerns_the_act() {
        let c = cadences(&passage(
            "组织有关部门人员定期或者不定期地对价格法规的执行情况进行监督检查。",
        ));
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].subject, c[1].subject);
        assert_eq!(
            c[1].subject.as_deref(),
            Some("组织有关部门人员对价格法规的执行情况进行监督检查")
        );
    }

    #[test]
    fn a_manner_before_a_frequency_is_not_its_subject() {
        let c = cadences(&passage(
            "单位和个人饲养犬只，应当按照规定定期免疫接种狂犬病疫苗。",
        ));
        assert_eq!(c[0].subject.as_deref(), Some("免疫接种狂犬病疫苗"));
    }

    #[test]
    fn an_omitted_subject_is_the_meeting_of_the_article() {
        let p = passage("市政府学习会由市长召集和主持。一般采取报告会、专题讲座的形式定期组织。");
        let c = cadences(&p);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].subject.as_deref(), Some("市政府学习会"));
    }
}
