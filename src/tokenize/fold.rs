//! Width and punctuation folding, applied to a text before it is segmented: full-width letters, digits and
//! symbols become ASCII (`ＡＢＣ１２３` → `ABC123`), the ASCII forms of clause punctuation become their CJK
//! forms (`,` → `，`, `(` → `（`), and the ideographic and no-break spaces become a plain space.
//!
//! Folding maps each code point to exactly one code point, so a code-point span of the folded text is the
//! same span of the source. Ambiguous characters are left alone: the ASCII full stop (a decimal point as
//! often as a sentence end) and quotation marks (the CJK forms are directional, the ASCII ones are not).

/// The folded form of one character.
#[inline]
pub fn fold_char(c: char) -> char {
    match c {
        // ASCII clause punctuation → the CJK form used by most rule texts.
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '!' => '！',
        '?' => '？',
        '(' => '（',
        ')' => '）',
        // Their full-width forms are already the CJK forms.
        '，' | '；' | '：' | '！' | '？' | '（' | '）' => c,
        // Other full-width ASCII (letters, digits, symbols) → ASCII.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        _ => c,
    }
}

/// Bytes that may begin a character [`fold_char`] changes: the ASCII punctuation it maps, and the lead
/// bytes of U+00A0 (`C2`), U+3000 (`E3`) and the full-width forms (`EF`). Lead bytes never occur inside
/// another character, so every hit is a character boundary. (The scan tests every byte: stepping a
/// character at a time makes each step wait on the previous load, and measured slower.)
const fn triggers() -> [bool; 256] {
    let mut t = [false; 256];
    let ascii = b",;:!?()";
    let mut i = 0;
    while i < ascii.len() {
        t[ascii[i] as usize] = true;
        i += 1;
    }
    t[0xC2] = true;
    t[0xE3] = true;
    t[0xEF] = true;
    t
}
static TRIGGERS: [bool; 256] = triggers();

/// Folds `text` into `out` (cleared first) and answers `true`, unless nothing in it folds: then `out`
/// stays empty (use the text itself) and the answer is `false`. Most bytes are decided by one table lookup; only the few that may
/// start a folding character are decoded.
///
/// `shifts` (cleared first) receives, for each character that changed its UTF-8 length, the byte offsets
/// just after it in `out` and in `text`: a byte offset `b` of `out` is `b - o + t` in `text`, with `(o, t)`
/// the last shift at or before `b` (or `b` itself before the first). Every character that folds changes its
/// length, so `shifts` is empty exactly when nothing folded.
pub fn fold_into(text: &str, out: &mut String, shifts: &mut Vec<(u32, u32)>) -> bool {
    out.clear();
    shifts.clear();
    let bytes = text.as_bytes();
    let mut copied = 0; // text[..copied] is in `out` (once something changed)
    let mut changed = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !TRIGGERS[b as usize] {
            i += 1;
            continue;
        }
        // Lead bytes of characters that never fold (`。` is E3 80 82) are passed without decoding.
        let second = bytes.get(i + 1).copied().unwrap_or(0);
        let may_fold = match b {
            0xC2 => second == 0xA0,
            0xE3 => second == 0x80 && bytes.get(i + 2) == Some(&0x80),
            0xEF => second == 0xBC || second == 0xBD,
            _ => true,
        };
        if !may_fold {
            i += 1;
            continue;
        }
        let c = text[i..]
            .chars()
            .next()
            .expect("a trigger byte starts a character");
        let f = fold_char(c);
        if f != c {
            if !changed {
                out.reserve(text.len());
                changed = true;
            }
            out.push_str(&text[copied..i]);
            out.push(f);
            copied = i + c.len_utf8();
            if f.len_utf8() != c.len_utf8() {
                shifts.push((out.len() as u32, copied as u32));
            }
        }
        i += c.len_utf8();
    }
    if changed {
        out.push_str(&text[copied..]);
    }
    changed
}

/// The folded form of `text`.
pub fn fold(text: &str) -> String {
    let mut out = String::new();
    if fold_into(text, &mut out, &mut Vec::new()) {
        out
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_alphanumerics_to_ascii() {
        assert_eq!(fold("ＡＢＣ１２３ｘｙｚ％＋"), "ABC123xyz%+");
    }

    #[test]
    fn folds_ascii_punctuation_to_cjk() {
        assert_eq!(fold("(一) 甲,乙;丙:丁!?"), "（一） 甲，乙；丙：丁！？");
        assert_eq!(fold("（一）甲，乙"), "（一）甲，乙");
    }

    #[test]
    fn folds_wide_spaces_and_keeps_ambiguous_marks() {
        assert_eq!(fold("第一条\u{3000}\u{00A0}“甲”1.5。"), "第一条  “甲”1.5。");
    }

    #[test]
    fn keeps_code_point_count_and_reports_length_changes() {
        let mut out = String::new();
        let mut shifts = Vec::new();
        for (text, folds) in [
            ("区政府，区长", false),
            ("(一)ＡＢ　c", true),
            ("甲,乙", true),
            ("", false),
        ] {
            let changed = fold_into(text, &mut out, &mut shifts);
            assert_eq!(changed, folds, "{text}");
            assert_eq!(shifts.is_empty(), !folds, "{text}");
            if !changed {
                assert!(out.is_empty());
            } else {
                assert_eq!(out.chars().count(), text.chars().count(), "{text}");
            }
        }
    }

    #[test]
    fn fast_scan_agrees_with_folding_every_character() {
        // Every code point below U+30000 (and a few above): alone, between ideographs, doubled, and followed
        // by characters that fold (a scan that lost its place would miss them).
        let all: Vec<char> = (0..0x3_0000u32)
            .chain(0xE_0000..0xE_0080)
            .filter_map(char::from_u32)
            .collect();
        let mut out = String::new();
        let mut shifts = Vec::new();
        for c in &all {
            for text in [
                c.to_string(),
                format!("区{c}长"),
                format!("{c}{c}"),
                format!("{c},ａ"),
            ] {
                let slow: String = text.chars().map(fold_char).collect();
                let folded = folded_text(&text, &mut out, &mut shifts);
                assert_eq!(folded, slow, "{c:?}");
                check_shifts(&text, &folded, &shifts);
            }
        }
    }

    /// `text` folded through [`fold_into`], whichever way it answers.
    fn folded_text(text: &str, out: &mut String, shifts: &mut Vec<(u32, u32)>) -> String {
        if fold_into(text, out, shifts) {
            out.clone()
        } else {
            text.to_string()
        }
    }

    /// Every character boundary of `folded` maps through `shifts` to the same boundary of `text`.
    fn check_shifts(text: &str, folded: &str, shifts: &[(u32, u32)]) {
        let source: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect();
        let target: Vec<usize> = folded
            .char_indices()
            .map(|(b, _)| b)
            .chain([folded.len()])
            .collect();
        for (b, t) in target.iter().zip(&source) {
            let mapped = match shifts.iter().rev().find(|(o, _)| *o as usize <= *b) {
                Some((o, s)) => b - *o as usize + *s as usize,
                None => *b,
            };
            assert_eq!(mapped, *t, "{text:?} → {folded:?}");
        }
    }

    #[test]
    fn scan_misses_nothing_at_any_offset() {
        let cjk: Vec<char> = "区政府办公室负责督促检查工作落实情况".chars().collect();
        let mut out = String::new();
        let mut shifts = Vec::new();
        for c in [
            ',', '(', ')', 'Ａ', '９', '\u{3000}', '\u{00A0}', '，', '。', 'a', '、', '「',
        ] {
            for before in 0..cjk.len() {
                for after in [0, 1, 5, 12] {
                    let text: String = cjk[..before]
                        .iter()
                        .chain([&c])
                        .chain(cjk.iter().take(after))
                        .chain([&c])
                        .collect();
                    let slow: String = text.chars().map(fold_char).collect();
                    let folded = folded_text(&text, &mut out, &mut shifts);
                    assert_eq!(folded, slow, "{text}");
                    check_shifts(&text, &folded, &shifts);
                }
            }
        }
    }

    #[test]
    fn shifts_map_folded_offsets_back_to_the_source() {
        let mut out = String::new();
        let mut shifts = Vec::new();
        for text in ["(一)ＡＢ　c，区长\u{00A0}x", "甲,乙;丙", "ａ", "区长"] {
            let folded = folded_text(text, &mut out, &mut shifts);
            check_shifts(text, &folded, &shifts);
        }
    }
}
