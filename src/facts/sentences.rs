//! Sentence and clause boundaries. A sentence ends at 。！？ (or ASCII ! ?) or a line break; a clause
//! is a stretch of a sentence between semicolons (；or ;), where rule texts put one rule each. ASCII `.` is
//! not a boundary: it appears in numbers and item markers (1.).

use std::ops::Range;

fn trimmed(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.end - (s.len() - s.trim_end().len());
    (start < end).then_some(start..end)
}

fn split(text: &str, within: Range<usize>, is_end: impl Fn(char) -> bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = within.start;
    for (i, c) in text[within.clone()].char_indices() {
        let at = within.start + i;
        if is_end(c) {
            let end = at + c.len_utf8();
            // A line break is not part of the sentence; a full stop is.
            let keep = if c == '\n' { at } else { end };
            if let Some(r) = trimmed(text, start..keep) {
                out.push(r);
            }
            start = end;
        }
    }
    if let Some(r) = trimmed(text, start..within.end) {
        out.push(r);
    }
    out
}

/// Byte ranges of the sentences of `text`, whitespace trimmed, empty ones dropped.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    split(text, 0..text.len(), |c| {
        matches!(c, '。' | '！' | '？' | '!' | '?' | '\n')
    })
}

/// Byte ranges (into `text`) of the semicolon clauses of the sentence at `sentence`.
pub fn clauses(text: &str, sentence: Range<usize>) -> Vec<Range<usize>> {
    split(text, sentence, |c| matches!(c, '；' | ';'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, ranges: &[Range<usize>]) -> Vec<&'a str> {
        ranges.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn splits_on_full_stops_and_lines() {
        let t = "一、会议由区长主持。每月召开一次！\n  其他事项？末句";
        assert_eq!(
            texts(t, &sentences(t)),
            [
                "一、会议由区长主持。",
                "每月召开一次！",
                "其他事项？",
                "末句"
            ]
        );
    }

    #[test]
    fn clauses_split_on_semicolons_of_both_widths() {
        let t = "甲由区长签发；乙由副区长签发;丙。";
        let s = sentences(t);
        assert_eq!(
            texts(t, &clauses(t, s[0].clone())),
            ["甲由区长签发；", "乙由副区长签发;", "丙。"]
        );
    }

    #[test]
    fn decimal_points_do_not_end_sentences() {
        let t = "第1.5条 内容。";
        assert_eq!(sentences(t).len(), 1);
    }
}
