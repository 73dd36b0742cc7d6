//! What govrules still takes from jieba-rs (pinned `=0.11.0`): its HMM, which cuts the runs of characters
//! the dictionary route leaves unjoined (see `dag/`). The only file of the library that imports `jieba_rs`.
//!
//! jieba-rs keeps its HMM step private. A jieba with an empty dictionary reaches it directly: over such a
//! run every route step is one character, and the run is not a dictionary word, so jieba hands the whole
//! run to its HMM, which depends on the run's characters alone. Its tokens are therefore exactly those the
//! full jieba cuts from the same run inside a longer text.
//!
//! In tests, [`reference`] is jieba-rs itself with the bundled dictionary and the same user words, which
//! the segmenter must match piece for piece.

use jieba_rs::Jieba;

use super::Piece;

/// jieba-rs's HMM segmentation of unknown runs.
pub(crate) struct Hmm(Jieba);

impl Hmm {
    pub(crate) fn new() -> Hmm {
        Hmm(Jieba::empty())
    }

    /// Cuts `run`, which starts at byte `at.0` and code point `at.1` of the caller's text, into `out`.
    pub(crate) fn cut(&self, run: &str, at: (u32, u32), out: &mut Vec<Piece>) {
        out.extend(self.0.cut(run, true).into_iter().map(|t| Piece {
            byte_start: at.0 + t.byte_start as u32,
            byte_end: at.0 + t.byte_end as u32,
            char_start: at.1 + t.start as u32,
            char_end: at.1 + t.end as u32,
        }));
    }
}

/// jieba-rs as govrules would use it with `words`: the reference the segmenter is tested against.
#[cfg(test)]
pub(crate) mod reference {
    use jieba_rs::Jieba;

    use super::super::dag::MARGIN;
    use super::super::dictionary::Entry;
    use super::super::{Piece, Segmenter};

    pub(crate) struct JiebaSegmenter {
        jieba: Jieba,
        hmm: bool,
    }

    impl JiebaSegmenter {
        pub(crate) fn new(words: &[Entry], hmm: bool) -> Self {
            let mut jieba = Jieba::new();
            for e in words.iter().filter(|e| !e.word.is_empty()) {
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
}
