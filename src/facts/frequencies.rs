//! Every frequency expression of a passage (the `cadences` list), with what it concerns: the meeting named
//! after or before it, the meeting its article establishes, else the words around it. An as-needed clause
//! beside a stated rate for the same subject (每半月召开一次，如有需要可临时召开) is folded into that rate as
//! its `exception` rather than listed as a cadence of its own.

use std::sync::LazyLock;

use regex::Regex;

use super::cadence::{self, CadenceKind, CadencePhrase};
use super::meetings::{defined_at_start, opening};
use super::text::{self, comma_clauses, non_empty, strip, END_MODALS, MODALS};
use super::vocabulary::MeetingKinds;
use super::{Cadence, Excerpt};

/// Every frequency expression of a passage, with the body it concerns; an as-needed clause folded into the
/// stated rate of the same subject in its sentence.
pub fn cadences(p: &Excerpt, kinds: &MeetingKinds) -> Vec<Cadence> {
    // The meeting a passage describes, for sentences that say only 会议.
    let described = p.sentences.first().and_then(|s| {
        defined_at_start(kinds, &p.text[s.clone()])
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
        let mut in_sentence: Vec<Cadence> = Vec::with_capacity(found.len());
        for c in &found {
            let note = (c.kind == CadenceKind::Regular && regular > 1)
                .then(|| format!("one of {regular} rates stated in the sentence"));
            let after = &sentence[c.bytes.end..];
            let subject = object_after(after)
                .or_else(|| named_before(kinds, sentence, c.bytes.start))
                .or_else(|| {
                    // 会议原则上每月召开1次, or a sentence whose subject is left out (…的形式定期组织):
                    // the meeting the article establishes.
                    let generic = sentence[opening(sentence)..].starts_with("会议")
                        || only_a_meeting_verb(after);
                    described.clone().filter(|_| generic)
                })
                .or_else(|| subject(sentence, c));
            in_sentence.push(Cadence {
                subject,
                kind: c.kind,
                per_year: c.per_year,
                per_year_max: c.per_year_max,
                qualifier: c.qualifier.clone(),
                text: c.text.clone(),
                exception: None,
                exception_span: None,
                evidence: crate::facts::Evidence {
                    article: p.article,
                    span: p.span(s.start + c.bytes.start..s.start + c.bytes.end),
                    sentence: sentence.to_string(),
                    note,
                },
            });
        }
        out.extend(fold_exceptions(in_sentence));
    }
    out
}

/// Folds each as-needed phrase of a sentence into a stated rate of the same subject (the nearest one
/// before it, else after it) that has no exception yet; the others stay as they are.
fn fold_exceptions(mut cadences: Vec<Cadence>) -> Vec<Cadence> {
    let mut folded = vec![false; cadences.len()];
    for i in 0..cadences.len() {
        if cadences[i].kind != CadenceKind::Irregular {
            continue;
        }
        let fits = |r: &Cadence| {
            r.kind == CadenceKind::Regular
                && r.exception.is_none()
                && (cadences[i].subject.is_none() || r.subject == cadences[i].subject)
        };
        let before = (0..i).rev().find(|&j| fits(&cadences[j]));
        let Some(j) = before.or_else(|| (i + 1..cadences.len()).find(|&j| fits(&cadences[j])))
        else {
            continue;
        };
        cadences[j].exception = Some(cadences[i].text.clone());
        cadences[j].exception_span = Some(cadences[i].evidence.span);
        folded[i] = true;
    }
    cadences
        .into_iter()
        .zip(folded)
        .filter(|(_, f)| !f)
        .map(|(c, _)| c)
        .collect()
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
fn named_before(kinds: &MeetingKinds, sentence: &str, at: usize) -> Option<String> {
    let from = sentence[..at].rfind(['；', ';']).map_or(0, |i| {
        i + sentence[i..].chars().next().map_or(1, char::len_utf8)
    });
    let before = &sentence[from..at];
    kinds
        .names(before)
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

    fn passage(text: &str) -> Excerpt<'_> {
        Excerpt::new(Some(1), text, 0)
    }

    fn kinds() -> &'static MeetingKinds {
        &super::super::vocabulary::Vocabulary::builtin().meetings
    }

    #[test]
    fn cadence_subjects() {
        let p = passage(
            "部门召开的全区性会议，原则上每年不超过１次。区政府每年向区人大代表通报工作情况。",
        );
        let c = cadences(&p, kinds());
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
        let found = cadences(&p, kinds());
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
    fn periodic_or_not_concerns_the_act() {
        let c = cadences(
            &passage("组织有关部门人员定期或者不定期地对价格法规的执行情况进行监督检查。"),
            kinds(),
        );
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].subject, c[1].subject);
        assert_eq!(
            c[1].subject.as_deref(),
            Some("组织有关部门人员对价格法规的执行情况进行监督检查")
        );
    }

    #[test]
    fn a_manner_before_a_frequency_is_not_its_subject() {
        let c = cadences(
            &passage("单位和个人饲养犬只，应当按照规定定期免疫接种狂犬病疫苗。"),
            kinds(),
        );
        assert_eq!(c[0].subject.as_deref(), Some("免疫接种狂犬病疫苗"));
    }

    #[test]
    fn an_omitted_subject_is_the_meeting_of_the_article() {
        let p = passage("市政府学习会由市长召集和主持。一般采取报告会、专题讲座的形式定期组织。");
        let c = cadences(&p, kinds());
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].subject.as_deref(), Some("市政府学习会"));
    }

    #[test]
    fn an_as_needed_clause_is_the_exception_of_the_rate_beside_it() {
        let p = passage(
            "市政府常务会议一般每半月召开一次,如有需要可临时召开。专题会议根据需要不定期召开。",
        );
        let c = cadences(&p, kinds());
        assert_eq!(c.len(), 2, "{c:#?}");
        assert_eq!(
            (c[0].per_year, c[0].text.as_str()),
            (Some(24.0), "一般每半月召开一次")
        );
        assert_eq!(c[0].exception.as_deref(), Some("如有需要可临时召开"));
        let span = c[0].exception_span.unwrap();
        assert_eq!(crate::span::slice_chars(p.text, span), "如有需要可临时召开");
        // An as-needed clause with no rate beside it is a cadence of its own.
        assert_eq!(c[1].kind, CadenceKind::Irregular);
        assert_eq!(c[1].exception, None);
    }
}
