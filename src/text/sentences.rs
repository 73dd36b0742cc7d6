//! Sentence and clause splitting, by the classes of [`super::punctuation`]: a sentence ends at 。！？ (or
//! ASCII ! ?) or a line break; a clause is a stretch of a sentence between semicolons (；or ;), where rule
//! texts put one rule each; a comma clause ends at any comma clause mark; a phrase also at 、 and line
//! breaks. ASCII `.` is not a boundary: it appears in numbers and item markers (1.).

use std::ops::Range;

use super::punctuation::{ends_comma_clause, ends_phrase, ends_sentence, is_semicolon};

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
    split(text, 0..text.len(), ends_sentence)
}

/// Byte ranges (into `text`) of the semicolon clauses of the sentence at `sentence`.
pub fn clauses(text: &str, sentence: Range<usize>) -> Vec<Range<usize>> {
    split(text, sentence, is_semicolon)
}

/// Byte ranges of the comma clauses of `s` (relative to `s`), punctuation excluded, empty ones dropped.
pub fn comma_clauses(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if ends_comma_clause(c) {
            if start < i {
                out.push(start..i);
            }
            start = i + c.len_utf8();
        }
    }
    if start < s.len() {
        out.push(start..s.len());
    }
    out
}

/// The byte just after the first phrase end at or after byte `from` of `text` (moved up to a character
/// boundary), or its length.
pub fn phrase_end_after(text: &str, from: usize) -> usize {
    if from >= text.len() {
        return text.len();
    }
    let from = (from..text.len())
        .find(|b| text.is_char_boundary(*b))
        .unwrap_or(text.len());
    text[from..]
        .char_indices()
        .find(|(_, c)| ends_phrase(*c))
        .map_or(text.len(), |(b, c)| from + b + c.len_utf8())
}

/// Splits `text` into phrases that cover it, each with the mark that ends it: `(byte_start, byte_end,
/// char_count)`.
pub fn phrases(text: &str) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let mut n = 0;
        for (b, c) in chars.by_ref() {
            n += 1;
            if ends_phrase(c) {
                let end = b + c.len_utf8();
                let out = (start, end, n);
                start = end;
                return Some(out);
            }
        }
        let out = (start, text.len(), n);
        start = text.len();
        Some(out)
    })
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
    fn comma_clauses_drop_their_marks() {
        let t = "会议由区长主持，副区长协助;必要时:可以召开。";
        assert_eq!(
            texts(t, &comma_clauses(t)),
            ["会议由区长主持", "副区长协助", "必要时", "可以召开"]
        );
        assert!(comma_clauses("，。").is_empty());
    }

    #[test]
    fn phrases_cover_the_text() {
        let text = "甲，乙。\n丙";
        let c: Vec<_> = phrases(text).collect();
        assert_eq!(c.len(), 4);
        assert_eq!(c.last().unwrap().1, text.len());
        assert_eq!(c.iter().map(|x| x.2).sum::<usize>(), text.chars().count());
        assert_eq!(phrases("").count(), 0);
        assert_eq!(phrase_end_after("甲乙、丙", 1), "甲乙、".len());
        assert_eq!(phrase_end_after("甲乙", 9), 6);
    }

    #[test]
    fn decimal_points_do_not_end_sentences() {
        let t = "第1.5条 内容。";
        assert_eq!(sentences(t).len(), 1);
    }
}
