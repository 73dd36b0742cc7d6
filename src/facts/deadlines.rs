//! Time limits: a number and a unit followed by 内 / 以内 / 之内 (会后3日内印发, 7个工作日内, 十五日内),
//! with the point the time runs from (会后, 自发布之日起), the action it binds (the words after it in its
//! comma clause) and what it binds (the words before it, or the clause's first comma clause).

use std::sync::LazyLock;

use regex::Regex;

use super::text::{
    comma_clauses, non_empty, shift, strip, trim, trimmed_range, COMMA, END_MODALS, MODALS,
};
use super::{Deadline, Excerpt, TimeUnit};
use crate::text::numerals::{read_count, COUNT as NUMERAL};

static LIMIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<n>{NUMERAL})\s*(?P<unit>个工作日|工作日|个自然日|自然日|日|天|个小时|小时|个星期|星期|周|个月|年)\s*(?:内|以内|之内)"
    ))
    .expect("LIMIT regex")
});

/// Where the point a time limit runs from starts in `before` (the words before the number), if they end
/// with one (之日起, 后, 起): after the last 自 / 从 / 于 / 在, else after leading modal words.
fn anchor_start(before: &str) -> Option<usize> {
    if !["之日起", "之日", "起", "后"]
        .iter()
        .any(|e| before.ends_with(e))
    {
        return None;
    }
    let after_prefix = ["自", "从", "于", "在"]
        .iter()
        .filter_map(|w| before.rfind(w).map(|i| i + w.len()))
        .max();
    Some(after_prefix.unwrap_or_else(|| before.len() - strip(before, MODALS, &[]).len()))
}

fn unit(s: &str) -> TimeUnit {
    match s.trim_start_matches('个') {
        "工作日" => TimeUnit::WorkingDay,
        "日" | "天" | "自然日" => TimeUnit::CalendarDay,
        "小时" => TimeUnit::Hour,
        "星期" | "周" => TimeUnit::Week,
        "月" => TimeUnit::Month,
        _ => TimeUnit::Year,
    }
}

const HEDGES: &[&str] = &["原则上", "一般"];

/// The time limits of a passage.
pub fn extract(p: &Excerpt) -> Vec<Deadline> {
    let mut out = Vec::new();
    for s in &p.sentences {
        let sentence = &p.text[s.clone()];
        for c in LIMIT.captures_iter(sentence) {
            let whole = c.get(0).expect("match");
            let n = c.name("n").expect("n");
            // A date (5月7日内), an ordinal (第3日) or a longer number is not a time limit.
            let prev = sentence[..n.start()].chars().next_back();
            if matches!(prev, Some('月' | '年' | '第' | '号' | '.' | '．')) {
                continue;
            }
            let Some(number) = read_count(n.as_str()) else {
                continue;
            };
            let clause_start = sentence[..n.start()].rfind(COMMA).map_or(0, |i| {
                i + sentence[i..].chars().next().map_or(1, char::len_utf8)
            });
            let before = &sentence[clause_start..n.start()];
            let (anchor, anchor_start) = match anchor_start(before) {
                Some(i) => (non_empty(&before[i..]), clause_start + i),
                None => (None, n.start()),
            };
            let subject_words = strip(
                &sentence[clause_start..anchor_start],
                HEDGES,
                &["自", "从", "于", "在"],
            );
            let subject_words = strip(subject_words, MODALS, END_MODALS);
            let mut note = None;
            let subject = if subject_words.is_empty() {
                let first = comma_clauses(&sentence[..clause_start]).into_iter().next();
                if first.is_some() {
                    note = Some("subject taken from the sentence's first clause".to_string());
                }
                first.and_then(|r| non_empty(trim(&sentence[r])))
            } else {
                Some(subject_words.to_string())
            };
            let rest = &sentence[whole.end()..];
            let action_end = whole.end() + rest.find(COMMA).unwrap_or(rest.len());
            let action = non_empty(strip(&sentence[whole.end()..action_end], MODALS, &[]));
            let qualifier = HEDGES
                .iter()
                .find(|h| sentence[clause_start..n.start()].contains(*h))
                .map(|h| h.to_string());
            let start = anchor.as_ref().map_or(n.start(), |_| anchor_start);
            let phrase = trimmed_range(&sentence[start..action_end]);
            let bytes = shift(shift(phrase, start), s.start);
            out.push(Deadline {
                number,
                unit: unit(c.name("unit").expect("unit").as_str()),
                anchor,
                action,
                subject,
                qualifier,
                text: p.text[bytes.clone()].to_string(),
                evidence: crate::facts::Evidence {
                    article: p.article,
                    span: p.span(bytes),
                    sentence: sentence.to_string(),
                    note,
                },
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Deadline {
        let d = extract(&Excerpt::new(None, text, 0));
        assert_eq!(d.len(), 1, "{d:#?}");
        d.into_iter().next().unwrap()
    }

    #[test]
    fn after_a_meeting() {
        let d = one("会议纪要应于会后3日内印发。");
        assert_eq!((d.number, d.unit), (3, TimeUnit::CalendarDay));
        assert_eq!(d.anchor.as_deref(), Some("会后"));
        assert_eq!(d.action.as_deref(), Some("印发"));
        assert_eq!(d.subject.as_deref(), Some("会议纪要"));
        assert_eq!(d.text, "会后3日内印发");
    }

    #[test]
    fn working_days_and_subject_from_first_clause() {
        let d = one("市政府常务会议讨论通过决定印发的文件,原则上须在会议结束后7个工作日内印发。");
        assert_eq!((d.number, d.unit), (7, TimeUnit::WorkingDay));
        assert_eq!(d.anchor.as_deref(), Some("会议结束后"));
        assert_eq!(d.qualifier.as_deref(), Some("原则上"));
        assert_eq!(
            d.subject.as_deref(),
            Some("市政府常务会议讨论通过决定印发的文件")
        );
        let d =
            one("区政府各部门制定的规范性文件应当自发布之日起5日内由制定机关报送区法制办备案。");
        assert_eq!(d.anchor.as_deref(), Some("发布之日起"));
        assert_eq!(d.action.as_deref(), Some("由制定机关报送区法制办备案"));
        assert_eq!(d.subject.as_deref(), Some("区政府各部门制定的规范性文件"));
    }

    #[test]
    fn chinese_numerals_months_and_dates() {
        assert_eq!(one("应当在十五日内作出决定。").number, 15);
        assert_eq!(one("三个月内报送。").unit, TimeUnit::Month);
        assert!(extract(&Excerpt::new(None, "于2022年5月7日内", 0)).is_empty());
    }
}
