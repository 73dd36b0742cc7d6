//! govrules' own word segmenter: jieba's algorithm, with output identical to jieba-rs 0.11's `cut`, over
//! a trie of the dictionary (`table.rs`).
//!
//! jieba-rs's dictionary (`corpus/dict/jieba.dict`, a verbatim copy of the one jieba-rs 0.11.0 embeds) is
//! built into the trie at compile time (`build.rs`); a run reads it from the binary and adds the user
//! dictionary's words as jieba-rs's `add_word` would, each at the frequency [`MARGIN`] says. A text is split into blocks of characters
//! jieba joins into words (CJK ideographs, ASCII letters and digits, `+#&._%-`) and the characters between
//! them, each a piece of its own (`\r\n` one piece). In a block, the best route is computed from the last
//! character back, walking the trie from each character: the route maximises the sum of `ln(freq) −
//! ln(total)` over its words, a character outside the dictionary counting as frequency 1, and a tie goes
//! to the longer word. What jieba does with the steps of one character is then done the same way: with
//! the HMM, a run of them that is not itself a dictionary word is cut by jieba-rs's HMM (`jieba.rs`);
//! without it, a run of ASCII letters and digits becomes one word.
//!
//! jieba builds a DAG of every word in the block and computes the route over it in a second pass; here
//! the route is computed during the walk, with each word's logarithm stored on its trie node. The tests
//! compare the output with jieba-rs's on every line of the laws.

mod table;
#[cfg(test)]
mod tests;

use std::cell::RefCell;

use super::dictionary::Entry;
use super::jieba::Hmm;
use super::{Piece, Segmenter};
use table::WordTable;

/// jieba-rs 0.11.0's dictionary, `word freq tag` a line, sorted by word.
const JIEBA_DICT: &str = include_str!("../../../corpus/dict/jieba.dict");

/// The same dictionary as a [`WordTable`] of [`table::JIEBA_SLOTS`] slots, built by `build.rs`.
const JIEBA_TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba.table"));

/// Nodes of the bundled dictionary's trie below the first level (its distinct prefixes of two
/// characters or more; a test checks the figure), so that the table is sized once.
const JIEBA_DICT_NODES: usize = 486_341;

/// The most characters a user dictionary's words may have in all: each may add a node to the trie.
pub(crate) const USER_CHARS_MAX: usize = table::MAX_NODES - JIEBA_DICT_NODES;

/// How far above jieba's break-even frequency a user-dictionary word is set: jieba keeps a compound only
/// if `freq(word)` exceeds the product of its parts' probabilities (scaled to the total), which is what
/// `suggest_freq` computes; the margin keeps the word whole when a neighbouring character could pull one
/// of its parts into another word.
pub(crate) const MARGIN: usize = 50;

/// jieba's segmentation with the bundled dictionary plus user words.
pub struct DagSegmenter {
    table: WordTable,
    /// `ln` of the sum of all words' frequencies.
    log_total: f64,
    /// The HMM for unjoined runs, when on.
    hmm: Option<Hmm>,
}

/// One step of the best route through a block.
#[derive(Clone, Copy, Default)]
struct Step {
    /// Log-probability of the rest of the block from this character.
    prob: f64,
    /// Index of the character after the chosen word.
    end: u32,
}

/// Per-thread buffers, reused across calls.
#[derive(Default)]
struct Scratch {
    /// The block's characters: byte offset in the text, and value.
    chars: Vec<(u32, char)>,
    route: Vec<Step>,
}

/// What a thread keeps of a buffer between calls.
const SCRATCH_BUDGET: usize = 4 << 20;

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Whether jieba joins `c` into words: the characters of its `RE_HAN_DEFAULT`.
#[inline(always)]
pub(crate) fn joins(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-')
    } else {
        matches!(c as u32,
            0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF
            | 0x2A700..=0x2EBEF | 0x2F800..=0x2FA1F)
    }
}

/// Whether every character of `word` can be joined into one word.
pub fn joinable(word: &str) -> bool {
    !word.is_empty() && word.chars().all(joins)
}

/// jieba's dictionary as a table with room for `user_chars` more nodes, and its total frequency: the one
/// built at compile time when it has the room, else one built now from the text.
fn jieba_table(user_chars: usize) -> (WordTable, u64) {
    match WordTable::from_bytes(JIEBA_TABLE) {
        Some((table, total)) if table.room() >= user_chars => (table, total),
        _ => WordTable::from_dict(JIEBA_DICT, 2 * (JIEBA_DICT_NODES + user_chars)),
    }
}

impl DagSegmenter {
    /// The bundled jieba dictionary plus `words`, each given a frequency high enough to come out whole
    /// (see [`MARGIN`]), in order, as jieba-rs's `add_word` would; `hmm` as jieba's flag.
    pub fn new(words: &[Entry], hmm: bool) -> DagSegmenter {
        let user_chars: usize = words.iter().map(|e| e.word.chars().count()).sum();
        let (table, total) = jieba_table(user_chars);
        let mut total = total as usize;
        let mut seg = DagSegmenter {
            table,
            log_total: (total as f64).ln(),
            hmm: None,
        };
        for e in words.iter().filter(|e| !e.word.is_empty()) {
            let suggested = seg.suggest_freq(&e.word).saturating_mul(MARGIN);
            let freq = suggested.max(e.freq.unwrap_or(0));
            let (old, added) = seg.table.insert(&e.word, freq as u64);
            debug_assert!(added, "the table is sized for every word");
            // (Saturating where jieba-rs would overflow: only a frequency near 2^64 in a user file gets there.)
            total = total
                .saturating_add(freq)
                .saturating_sub(old.map_or(0, |f| f as usize));
            seg.log_total = (total as f64).ln();
        }
        seg.table.finish();
        seg.hmm = hmm.then(Hmm::new);
        seg
    }

    /// jieba's `suggest_freq`: the frequency at which `word` would just beat its own split, computed with
    /// the dictionary as it stands (frequencies, not yet logarithms).
    fn suggest_freq(&self, word: &str) -> usize {
        let freq = |w: &str| self.table.get(w).map_or(1, |f| f as usize);
        let mut pieces = Vec::new();
        let mut scratch = Scratch::default();
        self.cut(word, None, &|f| (f as f64).ln(), &mut scratch, &mut pieces);
        let log_total = self.log_total;
        let log_freq = pieces.iter().fold(0f64, |sum, p| {
            let piece = &word[p.byte_start as usize..p.byte_end as usize];
            sum + (freq(piece) as f64).ln() - log_total
        });
        ((log_freq + log_total).exp() as usize)
            .saturating_add(1)
            .max(freq(word))
    }

    /// Cuts `text` into `out`, with the HMM when `hmm` is given; `ln` turns a trie value into the word's
    /// `ln(freq)`.
    fn cut(
        &self,
        text: &str,
        hmm: Option<&Hmm>,
        ln: &impl Fn(u64) -> f64,
        scratch: &mut Scratch,
        out: &mut Vec<Piece>,
    ) {
        let mut char_at = 0u32;
        let mut block_char = 0u32;
        let mut chars = text.char_indices().peekable();
        scratch.chars.clear();
        while let Some((at, c)) = chars.next() {
            if joins(c) {
                if scratch.chars.is_empty() {
                    block_char = char_at;
                }
                scratch.chars.push((at as u32, c));
                char_at += 1;
                continue;
            }
            if !scratch.chars.is_empty() {
                self.cut_block(text, at as u32, block_char, hmm, ln, scratch, out);
                scratch.chars.clear();
            }
            let (len, count) = if c == '\r' && chars.next_if(|&(_, c)| c == '\n').is_some() {
                (2, 2)
            } else {
                (c.len_utf8() as u32, 1)
            };
            out.push(Piece {
                byte_start: at as u32,
                byte_end: at as u32 + len,
                char_start: char_at,
                char_end: char_at + count,
            });
            char_at += count;
        }
        if !scratch.chars.is_empty() {
            self.cut_block(text, text.len() as u32, block_char, hmm, ln, scratch, out);
            scratch.chars.clear();
        }
    }

    /// Cuts the block in `scratch.chars`, which ends at byte `end_byte` and starts at code point
    /// `first_char` of the text.
    #[allow(clippy::too_many_arguments)]
    fn cut_block(
        &self,
        text: &str,
        end_byte: u32,
        first_char: u32,
        hmm: Option<&Hmm>,
        ln: &impl Fn(u64) -> f64,
        scratch: &mut Scratch,
        out: &mut Vec<Piece>,
    ) {
        let Scratch { chars, route } = scratch;
        let chars = &chars[..];
        let n = chars.len();
        self.route(chars, ln, route);
        let byte_at = |i: usize| chars.get(i).map_or(end_byte, |&(b, _)| b);
        let piece = |x: usize, y: usize| Piece {
            byte_start: chars[x].0,
            byte_end: byte_at(y),
            char_start: first_char + x as u32,
            char_end: first_char + y as u32,
        };
        // A run of one-character steps: with the HMM, cut by it unless the run is a dictionary word (then
        // every character stays a word); without, a run of ASCII letters and digits joined into one word.
        let run = |x: usize, y: usize, out: &mut Vec<Piece>| match hmm {
            Some(model) if y - x > 1 => {
                if self.table.is_word(&chars[x..y]) {
                    out.extend((x..y).map(|i| piece(i, i + 1)));
                } else {
                    let whole = piece(x, y);
                    let run = &text[whole.byte_start as usize..whole.byte_end as usize];
                    model.cut(run, (whole.byte_start, whole.char_start), out);
                }
            }
            _ => out.push(piece(x, y)),
        };
        let mut x = 0;
        let mut left: Option<usize> = None;
        while x < n {
            let y = route[x].end as usize;
            if y - x == 1 && (hmm.is_some() || chars[x].1.is_ascii_alphanumeric()) {
                left.get_or_insert(x);
            } else {
                if let Some(start) = left.take() {
                    run(start, x, out);
                }
                out.push(piece(x, y));
            }
            x = y;
        }
        if let Some(start) = left {
            run(start, n, out);
        }
    }

    /// The best route through `chars`, from the last character back: `route[i]` is the step from
    /// character `i`. jieba's comparison: a higher probability wins, and of equal ones the longer word
    /// (walks give words shortest first, so the later of two equals).
    fn route(&self, chars: &[(u32, char)], ln: &impl Fn(u64) -> f64, route: &mut Vec<Step>) {
        let n = chars.len();
        route.clear();
        route.resize(n + 1, Step::default());
        let log_total = self.log_total;
        let log_one = 0.0 - log_total;
        for i in (0..n).rev() {
            let mut best: Option<Step> = None;
            self.table.words_at(chars, i, |end, value| {
                let prob = ln(value) - log_total + route[end].prob;
                if best.is_none_or(|b| prob >= b.prob) {
                    best = Some(Step {
                        prob,
                        end: end as u32,
                    });
                }
            });
            route[i] = best.unwrap_or(Step {
                prob: log_one + route[i + 1].prob,
                end: i as u32 + 1,
            });
        }
    }
}

impl Segmenter for DagSegmenter {
    fn segment(&self, text: &str, out: &mut Vec<Piece>) {
        let mut scratch = SCRATCH.with(|s| std::mem::take(&mut *s.borrow_mut()));
        self.cut(
            text,
            self.hmm.as_ref(),
            &|bits| f64::from_bits(bits),
            &mut scratch,
            out,
        );
        if scratch.chars.capacity() * std::mem::size_of::<(u32, char)>() > SCRATCH_BUDGET {
            scratch.chars = Vec::new();
        }
        if scratch.route.capacity() * std::mem::size_of::<Step>() > SCRATCH_BUDGET {
            scratch.route = Vec::new();
        }
        SCRATCH.with(|s| *s.borrow_mut() = scratch);
    }
}
