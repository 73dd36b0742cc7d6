//! The dictionary as a character trie laid out for the segmenter's one question: which dictionary words
//! start at this character of a block, and what does each weigh.
//!
//! A node is a prefix of some dictionary word. Nodes one character deep whose character lies in the Basic
//! Multilingual Plane sit in a dense array reached through a table indexed by the character. Every other
//! node is a slot of an open-addressing hash table keyed by `(parent node, character)`. A node's bits hold
//! whether it ends a word and a 16-bit filter of the characters its children start with, so most walks
//! stop without probing the table, and its value is the word's weight, read in the same cache line. Node
//! ids: the dense nodes count from 1, the slots from [`FIRST_SLOT_ID`]; 0 is the root.
//!
//! A value is the word's frequency while the dictionary is being built and `ln(frequency)` (as `f64`
//! bits) once [`WordTable::finish`] has run, so that the segmenter adds no logarithm on its hot path.

/// Characters below this have a direct first step.
const BMP: usize = 0x1_0000;

/// The node id of the first slot: dense node ids are below it.
const FIRST_SLOT_ID: u32 = 1 << 16;

/// Low bits of a slot's key: `(parent << 21 | char) + 1`, so that 0 marks an empty slot.
const KEY_BITS: u32 = 45;
const KEY_MASK: u64 = (1 << KEY_BITS) - 1;
const CHAR_BITS: u32 = 21;

/// Node ids must fit the 24 bits a key leaves for the parent.
pub(crate) const MAX_NODES: usize = (1 << 24) - FIRST_SLOT_ID as usize;

/// Bit of a node's bits: the node ends a dictionary word.
const WORD: u64 = 1 << 63;

const MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;

/// The filter bit `ch` sets in its parent's bits (16 bits from `KEY_BITS` up).
#[inline(always)]
fn filter_bit(ch: char) -> u64 {
    1 << (KEY_BITS + ((ch as u32).wrapping_mul(0x9E37_79B1) >> 28))
}

#[inline(always)]
fn key(parent: u32, ch: char) -> u64 {
    ((u64::from(parent) << CHAR_BITS) | ch as u64) + 1
}

/// A node: its bits (key, child filter, word flag) and its value.
#[derive(Clone, Copy, Default)]
struct Node {
    bits: u64,
    value: u64,
}

/// The dictionary's words, as a trie with a value on every node that ends a word.
#[derive(Clone)]
pub(crate) struct WordTable {
    /// BMP character → index into `firsts`, 0 when the character starts no word (or has no dense node).
    first_index: Vec<u16>,
    /// Dense nodes one character deep; `firsts[0]` is unused.
    firsts: Vec<Node>,
    /// Whether some first characters have slots instead (beyond the BMP, or when the dense array is full).
    firsts_in_slots: bool,
    slots: Vec<Node>,
    len: usize,
    finished: bool,
}

/// A node reached in a walk: its id, bits and value.
#[derive(Clone, Copy)]
struct At {
    id: u32,
    bits: u64,
    value: u64,
}

impl WordTable {
    /// An empty table with room for `nodes` nodes below the first level (a bound, not an estimate:
    /// [`Self::insert`] never grows the table).
    pub(crate) fn with_capacity(nodes: usize) -> WordTable {
        // Half full at most, so that a probe for a missing child ends after a slot or two.
        let slots = (nodes.min(MAX_NODES) * 2).max(1024);
        WordTable {
            first_index: vec![0; BMP],
            firsts: vec![Node::default()],
            firsts_in_slots: false,
            slots: vec![Node::default(); slots],
            len: 0,
            finished: false,
        }
    }

    #[inline(always)]
    fn home(&self, key: u64) -> usize {
        ((u128::from(key.wrapping_mul(MULTIPLIER)) * self.slots.len() as u128) >> 64) as usize
    }

    /// The slot holding `key`, or the empty slot where it would go.
    #[inline(always)]
    fn probe(&self, key: u64) -> usize {
        let mut i = self.home(key);
        loop {
            let stored = self.slots[i].bits;
            if stored & KEY_MASK == key || stored == 0 {
                return i;
            }
            i += 1;
            if i == self.slots.len() {
                i = 0;
            }
        }
    }

    /// The first step of a walk: the node of the one-character prefix `ch`.
    #[inline(always)]
    fn first(&self, ch: char) -> Option<At> {
        if let Some(&index) = self.first_index.get(ch as usize) {
            if index != 0 {
                let node = self.firsts[usize::from(index)];
                return Some(At {
                    id: u32::from(index),
                    bits: node.bits,
                    value: node.value,
                });
            }
            if !self.firsts_in_slots {
                return None;
            }
        }
        self.slot_child(0, ch)
    }

    /// The child of node `id` on `ch` in the slots, if there is one.
    #[inline(always)]
    fn slot_child(&self, id: u32, ch: char) -> Option<At> {
        let i = self.probe(key(id, ch));
        let node = self.slots[i];
        (node.bits != 0).then_some(At {
            id: FIRST_SLOT_ID + i as u32,
            bits: node.bits,
            value: node.value,
        })
    }

    /// The child of `at` on `ch`, if there is one; the filter rules most absent children out unprobed.
    #[inline(always)]
    fn child(&self, at: At, ch: char) -> Option<At> {
        if at.bits & filter_bit(ch) == 0 {
            return None;
        }
        self.slot_child(at.id, ch)
    }

    /// Hands `(end, value)` to `word` for every dictionary word that starts at `chars[start]`, shortest
    /// first; `end` is the index of the character after the word.
    #[inline(always)]
    pub(crate) fn words_at(
        &self,
        chars: &[(u32, char)],
        start: usize,
        mut word: impl FnMut(usize, u64),
    ) {
        let Some(mut at) = self.first(chars[start].1) else {
            return;
        };
        let mut end = start + 1;
        loop {
            if at.bits & WORD != 0 {
                word(end, at.value);
            }
            let Some(&(_, ch)) = chars.get(end) else {
                return;
            };
            match self.child(at, ch) {
                Some(next) => at = next,
                None => return,
            }
            end += 1;
        }
    }

    /// The node of `word`, if `word` is a prefix in the table.
    fn find(&self, word: &str) -> Option<At> {
        let mut chars = word.chars();
        let mut at = self.first(chars.next()?)?;
        for ch in chars {
            at = self.child(at, ch)?;
        }
        Some(at)
    }

    /// The value of `word`, if it is a dictionary word.
    pub(crate) fn get(&self, word: &str) -> Option<u64> {
        self.find(word)
            .filter(|at| at.bits & WORD != 0)
            .map(|at| at.value)
    }

    /// Whether `chars` spell a dictionary word.
    pub(crate) fn is_word(&self, chars: &[(u32, char)]) -> bool {
        let Some((&(_, first), rest)) = chars.split_first() else {
            return false;
        };
        let Some(mut at) = self.first(first) else {
            return false;
        };
        for &(_, ch) in rest {
            match self.child(at, ch) {
                Some(next) => at = next,
                None => return false,
            }
        }
        at.bits & WORD != 0
    }

    /// The node where the bits of node `id` are stored.
    fn node_mut(&mut self, id: u32) -> &mut Node {
        if id < FIRST_SLOT_ID {
            &mut self.firsts[id as usize]
        } else {
            &mut self.slots[(id - FIRST_SLOT_ID) as usize]
        }
    }

    /// Sets the value of `word` (a frequency: the table must not be finished), adding its nodes as needed.
    /// Returns the value it had, if it was a word already. `false` in the second place when the table is
    /// full (the word is not added).
    pub(crate) fn insert(&mut self, word: &str, value: u64) -> (Option<u64>, bool) {
        debug_assert!(!self.finished, "frequencies are set before finish");
        let mut parent = 0u32;
        for ch in word.chars() {
            parent = match self.step_or_add(parent, ch) {
                Some(id) => id,
                None => return (None, false),
            };
        }
        if parent == 0 {
            return (None, true);
        }
        let node = self.node_mut(parent);
        let old = (node.bits & WORD != 0).then_some(node.value);
        node.bits |= WORD;
        node.value = value;
        (old, true)
    }

    /// The child of node `parent` on `ch`, created if missing; `None` when the table is full.
    fn step_or_add(&mut self, parent: u32, ch: char) -> Option<u32> {
        if parent == 0 {
            if let Some(index) = self.first_index.get(ch as usize).copied() {
                if index != 0 {
                    return Some(u32::from(index));
                }
                if self.firsts.len() <= usize::from(u16::MAX) {
                    let index = self.firsts.len() as u16;
                    self.first_index[ch as usize] = index;
                    self.firsts.push(Node::default());
                    return Some(u32::from(index));
                }
            }
        }
        let key = key(parent, ch);
        let i = self.probe(key);
        if self.slots[i].bits == 0 {
            if self.len + 1 >= self.slots.len() || self.len >= MAX_NODES {
                return None;
            }
            self.slots[i].bits = key;
            self.len += 1;
            if parent == 0 {
                self.firsts_in_slots = true;
            } else {
                self.node_mut(parent).bits |= filter_bit(ch);
            }
        }
        Some(FIRST_SLOT_ID + i as u32)
    }

    /// Turns every word's frequency into its natural logarithm, the value the segmenter reads.
    pub(crate) fn finish(&mut self) {
        if self.finished {
            return;
        }
        // Frequencies are mostly small; their logarithms are computed once each.
        let small: Vec<f64> = (0..1024u32).map(|f| f64::from(f).ln()).collect();
        let ln = |f: u64| small.get(f as usize).copied().unwrap_or((f as f64).ln());
        for node in self.firsts.iter_mut().chain(self.slots.iter_mut()) {
            if node.bits & WORD != 0 {
                node.value = ln(node.value).to_bits();
            }
        }
        self.finished = true;
    }
}
