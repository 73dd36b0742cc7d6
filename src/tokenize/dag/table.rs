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
//!
//! The build script (`build.rs`, which includes this file) builds the table of jieba's dictionary once, at
//! compile time; [`WordTable::to_bytes`] and [`WordTable::from_bytes`] carry it into the binary.

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

/// The most nodes [`WordTable::room`] lets a table of `slots` slots hold: a probe for a missing child
/// stays short up to about this load.
fn max_load(slots: usize) -> usize {
    slots / 20 * 17
}

/// Slots of the table `build.rs` makes of jieba's dictionary: its nodes fill less than half, and the rest
/// is room for user words.
#[cfg_attr(not(test), allow(dead_code))] // (build.rs uses it)
pub(crate) const JIEBA_SLOTS: usize = 1 << 20;

/// First bytes of a table's serialized form.
const MAGIC: &[u8; 8] = b"GRWT\x01\0\0\0";

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
    /// An empty table of `slots` slots, for about half as many nodes below the first level: half full,
    /// a probe for a missing child ends after a slot or two. [`Self::insert`] never grows the table.
    pub(crate) fn with_slots(slots: usize) -> WordTable {
        let slots = slots.clamp(1024, 2 * MAX_NODES);
        WordTable {
            first_index: vec![0; BMP],
            firsts: vec![Node::default()],
            firsts_in_slots: false,
            slots: vec![Node::default(); slots],
            len: 0,
            finished: false,
        }
    }

    /// Nodes below the first level.
    #[cfg_attr(not(test), allow(dead_code))] // (the tests use it)
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// How many more nodes below the first level the table takes.
    pub(crate) fn room(&self) -> usize {
        max_load(self.slots.len())
            .min(MAX_NODES)
            .saturating_sub(self.len)
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
            if self.room() == 0 {
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

impl WordTable {
    /// The words of a dictionary in jieba's format (`word freq tag` a line; a missing frequency is 0) in a
    /// table of `slots` slots, and the sum of their frequencies.
    pub(crate) fn from_dict(dict: &str, slots: usize) -> (WordTable, u64) {
        let mut table = WordTable::with_slots(slots);
        let mut total = 0u64;
        for line in dict.lines() {
            let mut fields = line.split_ascii_whitespace();
            let Some(word) = fields.next() else { continue };
            let freq = fields
                .next()
                .and_then(|f| f.parse::<u64>().ok())
                .unwrap_or(0);
            table.insert(word, freq);
            total += freq;
        }
        (table, total)
    }

    /// The table, unfinished, as bytes (little-endian): a header, the dense nodes, the first-character
    /// index and the occupied slots with their positions. `total` is stored along.
    #[cfg_attr(not(test), allow(dead_code))] // (build.rs uses it)
    pub(crate) fn to_bytes(&self, total: u64) -> Vec<u8> {
        debug_assert!(!self.finished, "the bytes hold frequencies");
        let mut out = Vec::with_capacity(64 + 16 * self.firsts.len() + 2 * BMP + 20 * self.len);
        out.extend_from_slice(MAGIC);
        for n in [
            total,
            self.slots.len() as u64,
            self.len as u64,
            u64::from(self.firsts_in_slots),
            self.firsts.len() as u64,
        ] {
            out.extend_from_slice(&n.to_le_bytes());
        }
        for node in &self.firsts {
            out.extend_from_slice(&node.bits.to_le_bytes());
            out.extend_from_slice(&node.value.to_le_bytes());
        }
        for index in &self.first_index {
            out.extend_from_slice(&index.to_le_bytes());
        }
        for (i, node) in self.slots.iter().enumerate().filter(|(_, n)| n.bits != 0) {
            out.extend_from_slice(&(i as u32).to_le_bytes());
            out.extend_from_slice(&node.bits.to_le_bytes());
            out.extend_from_slice(&node.value.to_le_bytes());
        }
        out
    }

    /// A table and its total back from [`Self::to_bytes`]; `None` if `bytes` are not such a table.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Option<(WordTable, u64)> {
        let mut rest = bytes.strip_prefix(MAGIC)?;
        let mut take = |n: usize| -> Option<&[u8]> {
            let (head, tail) = rest.split_at_checked(n)?;
            rest = tail;
            Some(head)
        };
        let u64_at = |b: &[u8], at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap());
        let header = take(40)?;
        let [total, slots, len, in_slots, firsts] = [0, 8, 16, 24, 32].map(|at| u64_at(header, at));
        let (slots, len, firsts) = (slots as usize, len as usize, firsts as usize);
        if slots > 2 * MAX_NODES || len > slots || firsts > BMP {
            return None;
        }
        let node = |b: &[u8]| Node {
            bits: u64_at(b, 0),
            value: u64_at(b, 8),
        };
        let mut table = WordTable::with_slots(slots);
        table.firsts = take(16 * firsts)?.chunks_exact(16).map(node).collect();
        let index = take(2 * BMP)?.chunks_exact(2);
        table.first_index = index.map(|b| u16::from_le_bytes([b[0], b[1]])).collect();
        table.firsts_in_slots = in_slots != 0;
        for b in take(20 * len)?.chunks_exact(20) {
            let i = u32::from_le_bytes(b[..4].try_into().unwrap()) as usize;
            *table.slots.get_mut(i)? = node(&b[4..]);
        }
        table.len = len;
        let dense_ok = table.first_index.iter().all(|&i| usize::from(i) < firsts);
        (rest.is_empty() && table.slots.len() == slots && dense_ok).then_some((table, total))
    }
}
