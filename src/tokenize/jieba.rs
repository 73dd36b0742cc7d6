//! jieba-rs behind the [`Segmenter`] trait. The only file that imports `jieba_rs` (pinned `=0.11.0`, whose
//! tokens carry both code-point and byte offsets; the conversion to [`Piece`] stays here).
//!
//! User-dictionary words are given a frequency high enough to beat jieba's own split of them: jieba keeps
//! a compound only if `freq(word)` exceeds the product of its parts' probabilities (scaled to the total),
//! which is what `suggest_freq` computes; a margin on top keeps the word whole when a neighbouring character
//! could pull one of its parts into another word.

use jieba_rs::Jieba;

use super::dictionary::Entry;
use super::{Piece, Segmenter};

/// How far above jieba's break-even frequency a dictionary word is set.
const MARGIN: usize = 50;

/// jieba with the built-in dictionary plus a user dictionary.
pub struct JiebaSegmenter {
    jieba: Jieba,
    hmm: bool,
}

impl JiebaSegmenter {
    pub fn new(words: Vec<Entry>, hmm: bool) -> Self {
        let mut jieba = Jieba::new();
        for e in &words {
            if e.word.is_empty() {
                continue;
            }
            let suggested = jieba.suggest_freq(&e.word).saturating_mul(MARGIN);
            let freq = suggested.max(e.freq.unwrap_or(0));
            jieba.add_word(&e.word, Some(freq), e.tag.as_deref());
        }
        JiebaSegmenter { jieba, hmm }
    }
}

impl Segmenter for JiebaSegmenter {
    fn segment(&self, text: &str, out: &mut Vec<Piece>) {
        out.extend(self.jieba.cut(text, self.hmm).into_iter().map(|t| Piece {
            byte_start: t.byte_start as u32,
            byte_end: t.byte_end as u32,
            char_start: t.start as u32,
            char_end: t.end as u32,
        }));
    }
}

/// Whether jieba can join every character of `word` into one token: it cuts dictionary words only inside
/// runs of CJK ideographs, ASCII letters and digits and `+#&._%-`.
pub fn joinable(word: &str) -> bool {
    !word.is_empty()
        && word.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-')
                || matches!(c as u32,
                    0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(seg: &JiebaSegmenter, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        seg.segment(text, &mut out);
        out.iter()
            .map(|p| text[p.byte_start as usize..p.byte_end as usize].to_string())
            .collect()
    }

    #[test]
    fn pieces_cover_the_text_with_both_offsets() {
        let seg = JiebaSegmenter::new(vec![], true);
        let text = "区政府实行区长负责制，ABC 2021年";
        let mut out = Vec::new();
        seg.segment(text, &mut out);
        let mut b = 0;
        let mut c = 0;
        for p in &out {
            assert_eq!(p.byte_start as usize, b);
            assert_eq!(p.char_start as usize, c);
            b = p.byte_end as usize;
            c = p.char_end as usize;
        }
        assert_eq!(b, text.len());
        assert_eq!(c, text.chars().count());
    }

    #[test]
    fn user_words_win_over_builtin_frequencies() {
        let plain = JiebaSegmenter::new(vec![], true);
        assert!(!words(&plain, "由区长办公会议研究决定").contains(&"区长办公会议".to_string()));
        let entry = |w: &str| Entry {
            word: w.into(),
            freq: None,
            tag: None,
        };
        let seg = JiebaSegmenter::new(vec![entry("区长办公会议"), entry("三重一大")], true);
        assert!(words(&seg, "由区长办公会议研究决定").contains(&"区长办公会议".to_string()));
        assert!(words(&seg, "落实“三重一大”制度").contains(&"三重一大".to_string()));
    }

    #[test]
    fn joinable_words() {
        assert!(joinable("区长办公会议"));
        assert!(joinable("12345热线"));
        assert!(!joinable("县（市、区）"));
        assert!(!joinable(""));
    }
}
