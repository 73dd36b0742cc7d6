//! Punctuation classes: which marks end a sentence, a semicolon clause, a comma clause or a phrase. Each
//! class holds the CJK mark and its ASCII twin, so it answers the same on folded and unfolded text (see
//! [`super::fold`]). The ASCII full stop is in none of them: it is a decimal point or an item marker (1.)
//! as often as a full stop.

/// Whether `c` ends a sentence: 。！？, their ASCII forms ! ?, or a line break.
#[inline]
pub fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '\n')
}

/// Whether `c` is a semicolon (；or ;), which ends a clause of a sentence: rule texts put one rule in each.
#[inline]
pub fn is_semicolon(c: char) -> bool {
    matches!(c, '；' | ';')
}

/// Whether `c` is a colon (：or :).
#[inline]
pub fn is_colon(c: char) -> bool {
    matches!(c, '：' | ':')
}

/// The marks that end a comma clause: commas, semicolons, colons and the sentence marks (not the line
/// break, nor the enumeration comma 、, which joins the items of a list).
pub const COMMA_CLAUSE_ENDS: &[char] =
    &['，', ',', '；', ';', '。', '：', ':', '！', '？', '!', '?'];

/// Whether `c` ends a comma clause: one of [`COMMA_CLAUSE_ENDS`].
#[inline]
pub fn ends_comma_clause(c: char) -> bool {
    COMMA_CLAUSE_ENDS.contains(&c)
}

/// Whether `c` ends a phrase: a comma clause end ([`COMMA_CLAUSE_ENDS`]), the enumeration comma 、 or a
/// line break. jieba never joins these to a neighbour, so the tokenizer may cut a text after any of them
/// without changing its words; a fact phrase does not run across one.
#[inline]
pub fn ends_phrase(c: char) -> bool {
    matches!(
        c,
        '。' | '，' | '；' | '：' | '！' | '？' | '、' | '\n' | ',' | ';' | ':' | '!' | '?'
    )
}

/// The characters of [`ends_phrase`] as the body of a regex character class (`[^…]`: within a phrase).
pub const PHRASE_ENDS_CLASS: &str = "，。；;,、！？!?：:\\n";

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character that a test of a class should look at: ASCII, Latin-1 and the CJK marks.
    fn candidates() -> impl Iterator<Item = char> {
        (0..0x100u32)
            .chain(0x3000..0x3040)
            .chain(0xFF00..0xFF66)
            .filter_map(char::from_u32)
    }

    #[test]
    fn each_class_holds_the_cjk_mark_and_its_ascii_twin() {
        for (cjk, ascii) in [('。', None), ('！', Some('!')), ('？', Some('?'))] {
            assert!(ends_sentence(cjk) && ascii.is_none_or(ends_sentence));
        }
        assert!(ends_sentence('\n') && !ends_sentence('.') && !ends_sentence('；'));
        assert!(is_semicolon('；') && is_semicolon(';') && !is_semicolon('，'));
        assert!(is_colon('：') && is_colon(':'));
        for c in ['，', ',', '；', ';', '：', ':', '。', '！', '？', '!', '?'] {
            assert!(ends_comma_clause(c) && ends_phrase(c), "{c}");
        }
        for c in ['、', '\n'] {
            assert!(!ends_comma_clause(c) && ends_phrase(c), "{c:?}");
        }
        for c in ['.', '“', '”', '（', '）', '《', '》', ' ', 'n'] {
            assert!(!ends_comma_clause(c) && !ends_phrase(c), "{c:?}");
        }
    }

    #[test]
    fn the_classes_nest() {
        for c in candidates() {
            if ends_sentence(c) && c != '\n' || is_semicolon(c) || is_colon(c) {
                assert!(ends_comma_clause(c), "{c:?}");
            }
            if ends_comma_clause(c) {
                assert!(ends_phrase(c), "{c:?}");
            }
        }
    }

    #[test]
    fn the_regex_class_is_the_phrase_ends() {
        let re = regex::Regex::new(&format!("^[{PHRASE_ENDS_CLASS}]$")).unwrap();
        for c in candidates() {
            assert_eq!(re.is_match(&c.to_string()), ends_phrase(c), "{c:?}");
        }
    }
}
