//! Signing authority: in each clause (between semicolons) of a sentence that speaks of signing, every act
//! (签署, 签发, 审签, 签批, 会签, 核签, 审核, 批印, 圈阅) with its signer (由 / 经 / 报 X + act), the kind of
//! document (the words before the first signer), the condition (特殊情况下, 如有必要, 区长外出时) and a hedge
//! (一般, 原则上). A clause that opens with a condition inherits the document kind named before it in the
//! same article.

use std::sync::LazyLock;

use regex::Regex;

use super::text::{
    comma_clauses, is_role, non_empty, shift, strip, trim, trimmed_range, END_MODALS, MODALS,
};
use super::vocabulary::SigningCategories;
use super::{Excerpt, SigningRule};

/// Acts that make a sentence one about signing.
const SIGNING_ACTS: &[&str] = &[
    "签署", "签发", "审签", "签批", "会签", "核签", "批印", "圈阅",
];

static ACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:审批签发|签署|签发|审签|签批|会签|核签|审核|批印|圈阅)(?:或(?:签署|签发|审签|签批))?",
    )
    .expect("ACT regex")
});

/// Words between a signer and the act that say how, not who.
const SIGNER_TRAILERS: &[&str] = &["视情", "按分工", "按规定", "按程序", "直接", "统一", "负责"];
/// Openings of a clause that state a condition rather than a kind of document.
const CONDITION_OPENINGS: &[&str] = &[
    "涉及",
    "内容涉及",
    "凡",
    "如有",
    "如遇",
    "如",
    "若",
    "遇",
    "特殊情况",
    "紧急情况",
    "必要时",
    "确需",
];
const CONDITION_ENDINGS: &[&str] = &["时", "情况下", "期间", "的情况"];
const CONDITION_WORDS: &[&str] = &[
    "必要", "特殊", "紧急", "情况", "外出", "不在", "缺席", "涉及", "如", "若", "时",
];
const HEDGES: &[&str] = &["原则上", "一般"];
/// What may open the words between two acts without being a condition: 审签后，由… / 或报….
const BETWEEN_START: &[&str] = &["后", "或", "并", "再", "可", "也可", "则"];

/// A condition runs to the end of its first comma clause that ends like one (…的, …时, …情况下).
fn condition_words(s: &str) -> &str {
    comma_clauses(s)
        .into_iter()
        .find(|r| {
            CONDITION_ENDINGS
                .iter()
                .chain(&["的"])
                .any(|e| s[r.clone()].ends_with(e))
        })
        .map_or(s, |r| &s[..r.end])
}

/// Words that make a clause ending in 的 a condition (协商后仍不能取得一致意见的), not a kind of document.
const CONDITION_NEGATIONS: &[&str] = &["不能", "未能", "无法", "不一致", "有分歧"];

/// Whether words open with a condition: by their opening, or by how their first comma clause ends.
fn is_condition(s: &str) -> bool {
    let first = comma_clauses(s).first().map_or(s, |r| &s[r.clone()]);
    CONDITION_OPENINGS.iter().any(|w| s.starts_with(w))
        || CONDITION_ENDINGS.iter().any(|w| first.ends_with(w))
        || (first.ends_with('的') && CONDITION_NEGATIONS.iter().any(|w| first.contains(w)))
}

/// The words a sentence without an act of signing may name the article's documents with: its first
/// comma clause, when that ends with a noun for documents (各部门报送区政府的请示性公文).
const DOCUMENT_NOUNS: &[&str] = &[
    "公文",
    "文件",
    "发文",
    "行文",
    "上行文",
    "下行文",
    "平行文",
    "纪要",
    "议案",
    "请示",
    "材料",
    "文稿",
];

/// The act and signer of one match, with where the signer's marker starts (bytes in the clause).
struct Act {
    act: String,
    signer: String,
    marker: usize,
    end: usize,
    /// The object after the act, for `区政府领导签批公文` (no marker).
    object: Option<String>,
}

/// Finds the signer of the act at `at` in `clause`: after the nearest 由 / 经 / 报 / 请 in the same comma
/// clause, or the whole comma clause before the act when no marker is there (`区政府领导签批公文`).
fn act_at(clause: &str, m: regex::Match, floor: usize) -> Option<Act> {
    let comma_start = clause[..m.start()]
        .rfind(super::text::COMMA)
        .map_or(0, |i| {
            i + clause[i..].chars().next().map_or(1, char::len_utf8)
        })
        .max(floor);
    let before = &clause[comma_start..m.start()];
    let marker = before
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '由' | '经' | '报' | '请' | '呈'));
    let (signer, marker_at, object) = match marker {
        Some((i, c)) => (
            strip(
                strip(&before[i + c.len_utf8()..], &["与", "同"], &[]),
                MODALS,
                SIGNER_TRAILERS,
            ),
            comma_start + i,
            None,
        ),
        None => {
            let rest = &clause[m.end()..];
            let obj_end = rest.find(super::text::COMMA).unwrap_or(rest.len());
            (
                strip(strip(before, MODALS, &[]), &["与", "同"], SIGNER_TRAILERS),
                comma_start,
                non_empty(trim(&rest[..obj_end])).filter(|o| o.chars().count() >= 2),
            )
        }
    };
    is_role(signer).then(|| Act {
        act: m.as_str().to_string(),
        signer: signer.to_string(),
        marker: marker_at,
        end: m.end(),
        object,
    })
}

/// The document kind from the words before the first signer: comma clauses up to one that opens with a
/// marker of who acts (由, 经, 报, 并) or a modal (必须, 应当 …) — those belong to the procedure, not the
/// document — or with a condition (凡涉及其他部门职权的), which is returned as well.
fn document_words(prefix: &str) -> (&str, Option<&str>) {
    const PROCEDURE: &[&str] = &[
        "由", "经", "报", "并", "必须", "应当", "应", "须", "需", "要",
    ];
    let mut end = 0;
    for r in comma_clauses(prefix) {
        let c = trim(&prefix[r.clone()]);
        // The first clause names the documents even when it opens with a verb (报送区政府的请示性公文).
        if end > 0 {
            if CONDITION_OPENINGS.iter().any(|w| c.starts_with(w)) {
                return (&prefix[..end], Some(condition_words(c)));
            }
            if PROCEDURE.iter().any(|w| c.starts_with(w)) {
                break;
            }
        }
        end = r.end;
    }
    (&prefix[..end], None)
}

/// The signing rules of a passage, each with the categories its kind of document falls under.
pub fn extract(p: &Excerpt, categories: &SigningCategories) -> Vec<SigningRule> {
    let mut out = Vec::new();
    // A clause that opens with a condition speaks of the documents named last in the same article.
    let mut inherited_kind: Option<String> = None;
    for s in &p.sentences {
        let sentence = &p.text[s.clone()];
        if !SIGNING_ACTS.iter().any(|a| sentence.contains(a)) {
            let first = comma_clauses(sentence)
                .first()
                .map(|r| trim(&sentence[r.clone()]));
            if let Some(kind) = first.filter(|f| DOCUMENT_NOUNS.iter().any(|n| f.ends_with(n))) {
                inherited_kind = Some(kind.to_string());
            }
            continue;
        }
        for c in crate::text::sentences::clauses(p.text, s.clone()) {
            let clause = &p.text[c.clone()];
            let mut acts = Vec::new();
            let mut floor = 0;
            for m in ACT.find_iter(clause) {
                if let Some(a) = act_at(clause, m, floor) {
                    floor = a.end;
                    acts.push(a);
                }
            }
            let Some(first) = acts.first() else { continue };
            let (prefix, inner_condition) = document_words(&clause[..first.marker]);
            let hedge = HEDGES
                .iter()
                .find(|h| clause[..first.marker].contains(*h))
                .map(|h| h.to_string());
            let words = strip(
                strip(prefix, &[], &["可", "也可", "在", "于"]),
                &[],
                END_MODALS,
            );
            let (mut kind, clause_condition) = if is_condition(words) {
                (
                    inherited_kind.clone(),
                    Some(condition_words(words).to_string()),
                )
            } else if words.is_empty() {
                (inherited_kind.clone(), inner_condition.map(str::to_string))
            } else {
                (Some(words.to_string()), inner_condition.map(str::to_string))
            };
            if first.object.is_some() && kind.is_none() {
                kind = first.object.clone();
            }
            let mut prev_end = first.marker;
            for a in &acts {
                let between = strip(
                    &clause[prev_end.min(a.marker)..a.marker],
                    BETWEEN_START,
                    END_MODALS,
                );
                let condition =
                    if CONDITION_WORDS.iter().any(|w| between.contains(w)) && prev_end < a.marker {
                        Some(between.to_string())
                    } else {
                        clause_condition.clone()
                    };
                let mut notes = Vec::new();
                let document_kind = a
                    .object
                    .clone()
                    .filter(|_| a.marker != first.marker)
                    .or(kind.clone());
                if document_kind.is_none() {
                    notes.push("document kind not stated in the sentence");
                }
                out.push(SigningRule {
                    categories: categories.of(document_kind.as_deref().unwrap_or("")),
                    document_kind,
                    act: a.act.clone(),
                    signer: a.signer.clone(),
                    condition,
                    qualifier: hedge.clone(),
                    text: trim(clause).to_string(),
                    evidence: crate::facts::Evidence {
                        article: p.article,
                        span: p.span(shift(trimmed_range(clause), c.start)),
                        sentence: sentence.to_string(),
                        note: (!notes.is_empty()).then(|| notes.join("; ")),
                    },
                });
                prev_end = a.end;
            }
            if kind.is_some() {
                inherited_kind = kind;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Vec<SigningRule> {
        extract(
            &Excerpt::new(Some(1), text, 0),
            &super::super::Vocabulary::builtin().signing,
        )
    }

    fn brief(r: &SigningRule) -> (Option<&str>, &str, &str, Option<&str>) {
        (
            r.document_kind.as_deref(),
            r.act.as_str(),
            r.signer.as_str(),
            r.condition.as_deref(),
        )
    }

    #[test]
    fn document_kinds_and_signers() {
        let r = rules("区政府发布的决定、命令、行政措施，向区人大及其常委会提出的议案、人事任免，由区长签署。");
        assert_eq!(r.len(), 1);
        assert_eq!(
            brief(&r[0]),
            (
                Some("区政府发布的决定、命令、行政措施，向区人大及其常委会提出的议案、人事任免"),
                "签署",
                "区长",
                None
            )
        );
    }

    #[test]
    fn conditions_and_alternatives() {
        let r = rules("以区政府办公室名义制发的公文，一般由区政府办公室主任签发；如有必要，可由区政府分管领导签发或报区长签发。");
        assert_eq!(r.len(), 3);
        assert_eq!(
            brief(&r[0]),
            (
                Some("以区政府办公室名义制发的公文"),
                "签发",
                "区政府办公室主任",
                None
            )
        );
        assert_eq!(r[0].qualifier.as_deref(), Some("一般"));
        assert_eq!(
            brief(&r[1]),
            (
                Some("以区政府办公室名义制发的公文"),
                "签发",
                "区政府分管领导",
                Some("如有必要")
            )
        );
        assert_eq!(
            brief(&r[2]),
            (
                Some("以区政府办公室名义制发的公文"),
                "签发",
                "区长",
                Some("如有必要")
            )
        );
        assert_eq!(r[1].text, "如有必要，可由区政府分管领导签发或报区长签发");
    }

    #[test]
    fn chains_and_special_cases() {
        let r = rules("以区政府办公室名义发文，文内注明经区政府研究或同意的，由区长或区政府分管领导签发，特殊情况下由区政府办公室主任视情审签。");
        assert_eq!(r.len(), 2, "{r:#?}");
        assert_eq!(r[0].signer, "区长或区政府分管领导");
        assert_eq!(brief(&r[1]).1..=brief(&r[1]).2, "审签"..="区政府办公室主任");
        assert_eq!(r[1].condition.as_deref(), Some("特殊情况下"));
        let r = rules("以市政府名义发文,经市政府分管领导审签后,由市长签发;内容涉及多个副市长分管工作的,经相关副市长审签后,由市长签发。");
        assert_eq!(r.len(), 4, "{r:#?}");
        assert_eq!(
            brief(&r[0]),
            (Some("以市政府名义发文"), "审签", "市政府分管领导", None)
        );
        assert_eq!(
            brief(&r[1]),
            (Some("以市政府名义发文"), "签发", "市长", None)
        );
        assert_eq!(
            brief(&r[2]),
            (
                Some("以市政府名义发文"),
                "审签",
                "相关副市长",
                Some("内容涉及多个副市长分管工作的")
            )
        );
    }

    #[test]
    fn a_kind_may_open_with_a_verb() {
        let r = rules("报送区政府的请示性公文，应由单位主要负责人签发。");
        assert_eq!(
            brief(&r[0]),
            (
                Some("报送区政府的请示性公文"),
                "签发",
                "单位主要负责人",
                None
            )
        );
    }

    #[test]
    fn subject_verb_object_and_non_rules() {
        let r = rules("区政府领导签批公文，对有具体请示事项的，应签署明确意见、姓名和日期。");
        assert_eq!(r.len(), 1, "{r:#?}");
        assert_eq!(brief(&r[0]), (Some("公文"), "签批", "区政府领导", None));
        assert!(rules("部门之间征求意见或会签文件时，一般应在3个工作日内回复。").is_empty());
    }
}
