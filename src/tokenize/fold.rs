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

/// Writes the folded form of `text` into `out` (cleared first). Returns `true` when some character changed
/// its UTF-8 length, i.e. when byte offsets of `out` are not those of `text`.
pub fn fold_into(text: &str, out: &mut String) -> bool {
    out.clear();
    out.reserve(text.len());
    let mut changed_len = false;
    for c in text.chars() {
        let f = fold_char(c);
        changed_len |= f.len_utf8() != c.len_utf8();
        out.push(f);
    }
    changed_len
}

/// The folded form of `text`.
pub fn fold(text: &str) -> String {
    let mut out = String::new();
    fold_into(text, &mut out);
    out
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
        for text in ["区政府，区长", "(一)ＡＢ　c", "甲,乙"] {
            let changed = fold_into(text, &mut out);
            assert_eq!(out.chars().count(), text.chars().count(), "{text}");
            assert_eq!(changed, text != "区政府，区长", "{text}");
        }
    }
}
