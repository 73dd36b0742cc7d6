//! Width and punctuation folding, the one definition every stage uses (tokenizer, character n-grams, reuse,
//! topics): full-width letters, digits and symbols become ASCII (`ＡＢＣ１２３％` → `ABC123%`), the ASCII
//! forms of clause punctuation become their CJK forms (`,` → `，`, `(` → `（`), and the ideographic and
//! no-break spaces become a plain space.
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
/// another character, so every hit is a character boundary. (The byte-at-a-time scan, used where the block
/// scan is not, tests every byte: stepping a character at a time makes each step wait on the previous
/// load, and measured slower.)
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

/// The first position at or after `i` where a character that may fold starts (`bytes.len()` if none): a
/// [`TRIGGERS`] byte. Every such position is found; some that cannot fold may be answered too, so the
/// caller decides each one.
#[inline]
fn next_candidate(bytes: &[u8], i: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    let i = sse2::skip_blocks(bytes, i);
    match bytes[i.min(bytes.len())..]
        .iter()
        .position(|&b| TRIGGERS[b as usize])
    {
        Some(k) => i + k,
        None => bytes.len(),
    }
}

/// Sixteen bytes at a time with SSE2 (part of every x86-64 processor): a block is passed over unless one
/// of its bytes starts a character that may fold. That is stricter than [`TRIGGERS`] for the lead bytes,
/// which makes the common marks pass too: `E3` only as U+3000 (`E3 80 80`; `。`, `、` and `《》` share
/// the lead byte), `C2` only as U+00A0 (`C2 A0`), `EF` only before `BC` or `BD` (the full-width forms).
#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_loadu_si128,
        _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };

    /// The first block start at or after `i` whose block has a candidate, or where fewer than 18 bytes
    /// are left (a block reads two bytes past its end); the caller finishes with the byte table from there.
    #[inline]
    pub(super) fn skip_blocks(bytes: &[u8], mut i: usize) -> usize {
        while i + 18 <= bytes.len() {
            // SAFETY: SSE2 is in the x86_64 baseline, so the intrinsics are always available; the three
            // unaligned 16-byte loads start at `i`, `i + 1` and `i + 2`, and `i + 18 <= bytes.len()`
            // keeps them inside `bytes`.
            let mask = unsafe {
                let at = |k: usize| _mm_loadu_si128(bytes.as_ptr().add(i + k).cast::<__m128i>());
                let (b0, b1, b2) = (at(0), at(1), at(2));
                let eq = |v: __m128i, b: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8));
                let low_bit = _mm_set1_epi8(1);
                let b0_odd = _mm_or_si128(b0, low_bit);
                // , ; : ! ? ( )  — `(`/`)` and `:`/`;` differ in the low bit only.
                let ascii = _mm_or_si128(
                    _mm_or_si128(eq(b0, b','), eq(b0, b'!')),
                    _mm_or_si128(
                        eq(b0, b'?'),
                        _mm_or_si128(eq(b0_odd, b')'), eq(b0_odd, b';')),
                    ),
                );
                let nbsp = _mm_and_si128(eq(b0, 0xC2), eq(b1, 0xA0));
                let ideographic_space =
                    _mm_and_si128(_mm_and_si128(eq(b0, 0xE3), eq(b1, 0x80)), eq(b2, 0x80));
                let full_width = _mm_and_si128(eq(b0, 0xEF), eq(_mm_or_si128(b1, low_bit), 0xBD));
                let b2_odd = _mm_or_si128(b2, low_bit);
                let cjk_mark = _mm_and_si128(
                    eq(b1, 0xBC),
                    _mm_or_si128(
                        _mm_or_si128(eq(b2, 0x8C), eq(b2, 0x81)),
                        _mm_or_si128(
                            eq(b2, 0x9F),
                            _mm_or_si128(eq(b2_odd, 0x89), eq(b2_odd, 0x9B)),
                        ),
                    ),
                );
                let full_width = _mm_andnot_si128(cjk_mark, full_width);
                _mm_movemask_epi8(_mm_or_si128(
                    _mm_or_si128(ascii, nbsp),
                    _mm_or_si128(ideographic_space, full_width),
                ))
            };
            if mask != 0 {
                return i + mask.trailing_zeros() as usize;
            }
            i += 16;
        }
        i
    }
}

/// Folds `text` into `out` (cleared first) and answers `true`, unless nothing in it folds: then `out`
/// stays empty (use the text itself) and the answer is `false`. The text is passed over sixteen bytes at a
/// time where the processor allows (see `next_candidate`); only the few characters that may fold are decoded.
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
        i = next_candidate(bytes, i);
        let Some(&b) = bytes.get(i) else { break };
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
                // The folded text's exact length at most: ASCII punctuation becomes a three-byte mark, so a
                // long text full of it does not outgrow the room reserved and get copied into a double.
                let widened = bytes[i..]
                    .iter()
                    .filter(|&&b| b.is_ascii() && TRIGGERS[usize::from(b)])
                    .count();
                out.reserve(text.len() + 2 * widened);
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

/// The folded form of `text` with its whitespace dropped, and for each character of the result the
/// code-point offset in `text` of the character it came from, followed by the code-point length of `text`
/// (so `map[i]..map[i + 1]` covers a character and the whitespace after it). Topic keywords are matched on
/// this form, so that `会 议` finds `会议`.
pub fn fold_dropping_whitespace(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() / 3);
    let mut count = 0;
    for (i, c) in text.chars().enumerate() {
        count = i + 1;
        if c.is_whitespace() {
            continue;
        }
        out.push(fold_char(c));
        map.push(i);
    }
    map.push(count);
    (out, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_widening_fold_fits_the_room_reserved() {
        // ASCII commas become three-byte marks: 4,000 bytes fold to 6,000, in one allocation, not a
        // double of the 4,000 first reserved.
        let text = "甲,".repeat(1000);
        let mut out = String::new();
        assert!(fold_into(&text, &mut out, &mut Vec::new()));
        assert_eq!(out, "甲，".repeat(1000));
        assert!(out.capacity() < 8000, "capacity {}", out.capacity());
    }

    #[test]
    fn folds_full_width_alphanumerics_to_ascii() {
        assert_eq!(fold("ＡＢＣ１２３ｘｙｚ％＋"), "ABC123xyz%+");
    }

    #[test]
    fn folds_each_character_class() {
        // Full-width digits and letters.
        assert_eq!(fold("０９"), "09");
        assert_eq!(fold("ＡＺａｚ"), "AZaz");
        // Full-width symbols: every one of U+FF01–FF5E that is not a CJK clause mark.
        assert_eq!(
            fold("％＋－＝／．～＃＆＊＜＞［］｛｝＠＿｜"),
            "%+-=/.~#&*<>[]{}@_|"
        );
        // ASCII clause punctuation becomes the CJK form, which itself stays.
        assert_eq!(fold(",;:!?()"), "，；：！？（）");
        assert_eq!(fold("，；：！？（）"), "，；：！？（）");
        // The ideographic and the no-break space become a plain space.
        assert_eq!(fold("\u{3000}\u{00A0}"), "  ");
        // Left alone: the ASCII full stop, quotation marks, CJK marks outside the full-width block.
        assert_eq!(fold(".\"'“”。、《》「」"), ".\"'“”。、《》「」");
    }

    #[test]
    fn dropping_whitespace_maps_each_character_to_its_source() {
        let (folded, map) = fold_dropping_whitespace("会 议\u{3000}５０％");
        assert_eq!(folded, "会议50%");
        assert_eq!(map, [0, 2, 4, 5, 6, 7]);
        assert_eq!(fold_dropping_whitespace(""), (String::new(), vec![0]));
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
    fn block_scan_misses_nothing_at_any_position_in_a_block() {
        // Every character whose first byte the block scan looks at (ASCII punctuation and digits, and the
        // lead bytes C2, E3 and EF), at each of sixteen positions in a block, twice, in a text long enough
        // for the block scan.
        let near: Vec<char> = (0x20..0x40u32)
            .chain(0x80..0xC0)
            .chain(0x3000..0x4000)
            .chain(0xF000..0x1_0000)
            .filter_map(char::from_u32)
            .collect();
        let mut out = String::new();
        let mut shifts = Vec::new();
        for c in near {
            for pad in 0..16 {
                let text = format!("{}区政府办公室{c}区长{c}。区政府办公室", "a".repeat(pad));
                let slow: String = text.chars().map(fold_char).collect();
                let folded = folded_text(&text, &mut out, &mut shifts);
                assert_eq!(folded, slow, "{c:?} after {pad}");
                check_shifts(&text, &folded, &shifts);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn folding_a_long_text_folds_each_character(
            picks in proptest::collection::vec(0..PIECES.len(), 0..200)
        ) {
            let text: String = picks.iter().map(|&i| PIECES[i]).collect();
            let slow: String = text.chars().map(fold_char).collect();
            let folded = folded_text(&text, &mut String::new(), &mut Vec::new());
            proptest::prop_assert_eq!(&folded, &slow);
            check_shifts(&text, &folded, &fold_shifts(&text));
        }
    }

    /// What random texts are made of: ideographs, marks that fold and marks that share their lead bytes.
    const PIECES: &[&str] = &[
        "区政府",
        "常务会议",
        "，",
        "。",
        "、",
        "《",
        "》",
        "（",
        "）",
        "(",
        ")",
        ",",
        ";",
        ":",
        "!",
        "?",
        "；",
        "：",
        "！",
        "？",
        "　",
        "\u{a0}",
        "ＡＢ",
        "１２",
        "％",
        "．",
        "～",
        "「",
        "」",
        "1",
        "a",
        " ",
        "\n",
        "é",
        "°",
        "😀",
        "\u{ff5f}",
        "\u{ffe5}",
    ];

    fn fold_shifts(text: &str) -> Vec<(u32, u32)> {
        let mut shifts = Vec::new();
        fold_into(text, &mut String::new(), &mut shifts);
        shifts
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
