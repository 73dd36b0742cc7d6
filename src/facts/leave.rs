//! Leave and absence: who must ask or report to whom before being absent (请假, 出差, 休假, 出访, 外出,
//! 离开本地, 不能出席). Per clause (between semicolons): the requester and the absence from the comma clause
//! that names the absence, the grantor from 向X请假 / 报告X / 经X同意 / 报X批准, or the procedure to follow
//! (按…制度执行). A clause whose requester is not named inherits the previous clause's.

use std::sync::LazyLock;

use regex::Regex;

use super::text::{
    comma_clauses, is_role, non_empty, shift, strip, trim, trimmed_range, END_MODALS, MODALS,
};
use super::{Excerpt, LeaveRule};

/// Words that name an absence; the requester is written before the first of them.
const OCCASIONS: &[&str] = &[
    "不能出席",
    "不能参加",
    "不能列席",
    "因故不能",
    "因公",
    "因私",
    "请假",
    "休假",
    "出差",
    "出访",
    "外出",
    "离开本地",
    "离开",
    "确需请假",
];

/// Patterns of a grantor, most specific first: (regex, act).
static GRANTORS: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    let g = r"(?P<g>[^，,；;。向报经]{1,40}?)";
    [
        (format!(r"报告{g}(?:审批同意|批准|同意)"), "批准"),
        // 报X批准, but not 报告X (the 告 is excluded as the first character of X).
        (
            r"报(?P<g>[^告，,；;。向报经][^，,；;。向报经]{0,39}?)(?:审批同意|批准|同意|审批)"
                .to_string(),
            "批准",
        ),
        (format!(r"经{g}(?:批准|同意)"), "同意"),
        (format!(r"向{g}(?:书面)?请假"), "请假"),
        (format!(r"向{g}(?:书面)?报备"), "报备"),
        (format!(r"向{g}(?:书面)?报告"), "报告"),
        (r"报告(?P<g>[^，,；;。并]{1,40})".to_string(), "报告"),
    ]
    .into_iter()
    .map(|(re, act)| (Regex::new(&re).expect("grantor regex"), act))
    .collect()
});

static PROCEDURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"按[^，,；;。]{0,40}?(?:规定|制度|程序)[^，,；;。]*|履行[^，,；;。]{0,10}手续")
        .expect("PROCEDURE")
});

struct Grant {
    grantor: String,
    act: &'static str,
    start: usize,
    end: usize,
}

/// Every grantor named in `clause`, in order, not overlapping.
fn grants(clause: &str) -> Vec<Grant> {
    let mut found: Vec<Grant> = Vec::new();
    for (re, act) in GRANTORS.iter() {
        for c in re.captures_iter(clause) {
            let g = c.name("g").expect("g");
            let who = strip(g.as_str(), MODALS, &["审批", "批准"]);
            if !is_role(who) {
                continue;
            }
            let whole = c.get(0).expect("match");
            let overlaps = found
                .iter()
                .any(|f| f.start < whole.end() && whole.start() < f.end);
            if !overlaps {
                found.push(Grant {
                    grantor: who.to_string(),
                    act,
                    start: whole.start(),
                    end: whole.end(),
                });
            }
        }
    }
    found.sort_by_key(|g| g.start);
    found
}

/// Who the sentence before names as bound to attend (区政府领导同志和有关部门主要负责人应按时参加…): the
/// words before its first modal, when they name people.
fn bound_in(sentence: &str) -> Option<String> {
    let first = comma_clauses(sentence).into_iter().next()?;
    let clause = &sentence[first];
    // The first modal that follows a name of people (主要负责人应…: the 要 of 主要 is not one).
    clause.char_indices().find_map(|(at, _)| {
        let rest = &clause[at..];
        ["应当", "应", "必须", "须", "要", "需"]
            .iter()
            .any(|m| rest.starts_with(m))
            .then(|| strip(&clause[..at], MODALS, END_MODALS))
            .filter(|who| is_role(who))
            .map(str::to_string)
    })
}

/// The leave rules of a passage.
pub fn extract(p: &Excerpt) -> Vec<LeaveRule> {
    let mut out = Vec::new();
    for (si, s) in p.sentences.iter().enumerate() {
        let sentence = &p.text[s.clone()];
        if !OCCASIONS.iter().any(|o| sentence.contains(o)) {
            continue;
        }
        let mut inherited: Option<String> = None;
        for c in crate::text::sentences::clauses(p.text, s.clone()) {
            let clause = &p.text[c.clone()];
            // The comma clause that names the absence.
            let Some((occ_clause, occ_at)) = comma_clauses(clause).into_iter().find_map(|r| {
                let t = &clause[r.clone()];
                OCCASIONS
                    .iter()
                    .filter_map(|o| t.find(o))
                    .min()
                    .map(|i| (r, i))
            }) else {
                continue;
            };
            let occ_text = &clause[occ_clause.clone()];
            let who = strip(&occ_text[..occ_at], MODALS, END_MODALS);
            let gs = grants(clause);
            let procedure = PROCEDURE.find(clause);
            // The absence ends where its comma clause ends, or where the grantor or procedure begins.
            let occ_end = gs
                .iter()
                .map(|g| g.start)
                .chain(procedure.map(|m| m.start()))
                .filter(|&i| i > occ_clause.start + occ_at)
                .fold(occ_clause.end, usize::min);
            let occasion = strip(
                &clause[occ_clause.start + occ_at..occ_end],
                MODALS,
                &["的", "要", "应", "需", "须"],
            );
            let procedure = procedure.map(|m| m.as_str().to_string());
            if gs.is_empty() && procedure.is_none() {
                continue;
            }
            let mut notes = Vec::new();
            let requester = if is_role(who) {
                Some(who.to_string())
            } else if inherited.is_some() {
                inherited.clone()
            } else if let Some(who) = si
                .checked_sub(1)
                .and_then(|i| bound_in(&p.text[p.sentences[i].clone()]))
            {
                // 确需请假的，需经会议召集人同意, after a sentence naming who must attend.
                notes.push("requester taken from the previous sentence");
                Some(who)
            } else {
                notes.push("requester not named in the sentence");
                None
            };
            inherited = requester.clone();
            // The one who approves (批准/同意) grants; one only addressed (向X请假) is the channel.
            let approver = gs.iter().rposition(|g| matches!(g.act, "批准" | "同意"));
            let (grantor, act, via) = match (approver, gs.first()) {
                (Some(i), Some(first)) if i > 0 => (
                    Some(gs[i].grantor.clone()),
                    Some(gs[i].act.to_string()),
                    Some(first.grantor.clone()),
                ),
                (_, Some(first)) => (
                    Some(first.grantor.clone()),
                    Some(first.act.to_string()),
                    None,
                ),
                (_, None) => {
                    notes.push("no grantor named; the text refers to a procedure");
                    (None, procedure.clone(), None)
                }
            };
            let bytes = shift(trimmed_range(clause), c.start);
            out.push(LeaveRule {
                requester,
                occasion: non_empty(trim(occasion)),
                grantor,
                act,
                via,
                text: p.text[bytes.clone()].to_string(),
                evidence: crate::facts::Evidence {
                    article: p.article,
                    span: p.span(bytes),
                    sentence: sentence.to_string(),
                    note: (!notes.is_empty()).then(|| notes.join("; ")),
                },
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Vec<LeaveRule> {
        extract(&Excerpt::new(Some(1), text, 0))
    }

    #[test]
    fn who_asks_whom() {
        let r = rules("副区长、区政府党组成员、区政府办公室主任出访、出差和休假，应事先报告区长审批同意，由区政府办公室通报区政府其他领导。");
        assert_eq!(r.len(), 1, "{r:#?}");
        assert_eq!(
            r[0].requester.as_deref(),
            Some("副区长、区政府党组成员、区政府办公室主任")
        );
        assert_eq!(r[0].occasion.as_deref(), Some("出访、出差和休假"));
        assert_eq!(r[0].grantor.as_deref(), Some("区长"));
    }

    #[test]
    fn channel_and_approver_and_inherited_requester() {
        let r = rules("区政府各部门负责人不能参加或列席区长主持召开的各类会议，需向区政府办公室书面请假并报区政府办公室主任批准；不能参加或列席区政府分管领导召开的各类会议，需向区政府办公室书面请假并报告相关区政府办公室副主任。");
        assert_eq!(r.len(), 2, "{r:#?}");
        assert_eq!(r[0].requester.as_deref(), Some("区政府各部门负责人"));
        assert_eq!(r[0].grantor.as_deref(), Some("区政府办公室主任"));
        assert_eq!(r[0].via.as_deref(), Some("区政府办公室"));
        assert_eq!(r[1].requester.as_deref(), Some("区政府各部门负责人"));
        assert_eq!(r[1].grantor.as_deref(), Some("区政府办公室"));
    }

    #[test]
    fn procedure_instead_of_grantor() {
        let r = rules("区长离开本地，按佳木斯市政府有关规定进行报告。");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].requester.as_deref(), Some("区长"));
        assert_eq!(r[0].grantor, None);
        assert_eq!(r[0].act.as_deref(), Some("按佳木斯市政府有关规定进行报告"));
    }

    #[test]
    fn requester_from_the_sentence_before() {
        let r = rules("区政府领导同志和有关部门主要负责人应按时参加区政府全体会议。除特殊原因外，原则上不得请假；确需请假的，需经会议召集人同意。");
        assert_eq!(r.len(), 1, "{r:#?}");
        assert_eq!(
            r[0].requester.as_deref(),
            Some("区政府领导同志和有关部门主要负责人")
        );
        assert_eq!(r[0].grantor.as_deref(), Some("会议召集人"));
        assert_eq!(
            r[0].evidence.note.as_deref(),
            Some("requester taken from the previous sentence")
        );
    }

    #[test]
    fn unnamed_requester_is_noted() {
        let r = rules("除特殊原因外，原则上不得请假；确需请假的，需经会议召集人同意。");
        assert_eq!(r.len(), 1, "{r:#?}");
        assert_eq!(r[0].grantor.as_deref(), Some("会议召集人"));
        assert_eq!(r[0].requester, None);
        assert!(r[0].evidence.note.is_some());
    }
}
