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
//! A first character can have hundreds of children, which fill a 16-bit filter, so a dense node also has a
//! row of bits of its own, about eight per child: most two-character strings that start no word are turned
//! away there, in a small array the processor keeps cached, instead of by a probe of the large table.
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

/// A dense node's bits below the filter: the offset of its row of child bits in `rows` (in words), and the
/// row's size, as one plus the log2 of its words (0: no row, which turns nothing away).
const ROW_OFFSET: u64 = (1 << 32) - 1;
const ROW_SIZE_SHIFT: u32 = 32;
const ROW_SIZE: u64 = 0xF << ROW_SIZE_SHIFT;

/// Bits of a row per child, and the longest row (in words: 4,096 bits).
const ROW_BITS_PER_CHILD: usize = 8;
const MAX_ROW_WORDS: usize = 64;

/// The bit of a row (of up to 4,096) that `ch` sets: a hash independent of [`filter_bit`]'s.
#[inline(always)]
fn row_bit(ch: u32, row_bits: u64) -> u64 {
    u64::from(ch.wrapping_mul(0x85EB_CA6B) >> 20) & (row_bits - 1)
}

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
pub(crate) struct WordTable {
    /// BMP character → index into `firsts`, 0 when the character starts no word (or has no dense node).
    first_index: Vec<u16>,
    /// Dense nodes one character deep; `firsts[0]` is unused.
    firsts: Vec<Node>,
    /// Whether some first characters have slots instead (beyond the BMP, or when the dense array is full).
    firsts_in_slots: bool,
    /// The dense nodes' rows of child bits.
    rows: Vec<u64>,
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
            rows: Vec::new(),
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

    /// The child of `at` on `ch`, if there is one; the filter (and a dense node's row) rules most absent
    /// children out unprobed.
    #[inline(always)]
    fn child(&self, at: At, ch: char) -> Option<At> {
        if at.bits & filter_bit(ch) == 0 || (at.id < FIRST_SLOT_ID && !self.row_has(at.bits, ch)) {
            return None;
        }
        self.slot_child(at.id, ch)
    }

    /// Where in `rows` the bit of `ch` is for the dense node with `bits`: word index and mask.
    #[inline(always)]
    fn row_place(bits: u64, ch: u32) -> Option<(usize, u64)> {
        let size = (bits & ROW_SIZE) >> ROW_SIZE_SHIFT;
        if size == 0 {
            return None;
        }
        let bit = row_bit(ch, 64 << (size - 1));
        Some((
            (bits & ROW_OFFSET) as usize + (bit / 64) as usize,
            1 << (bit % 64),
        ))
    }

    /// Whether the row of the dense node with `bits` lets `ch` through (always, when it has no row).
    #[inline(always)]
    fn row_has(&self, bits: u64, ch: char) -> bool {
        Self::row_place(bits, ch as u32)
            .is_none_or(|(word, mask)| self.rows.get(word).is_none_or(|w| w & mask != 0))
    }

    /// Sets `ch`'s bit in the row of dense node `id`, if it has one.
    fn set_row_bit(&mut self, id: u32, ch: u32) {
        if let Some((word, mask)) = Self::row_place(self.firsts[id as usize].bits, ch) {
            self.rows[word] |= mask;
        }
    }

    /// Gives every dense node with children a row sized for them, with their bits set.
    fn build_rows(&mut self) {
        // Each occupied slot's parent and character, from its key, where the parent is a dense node.
        let children: Vec<(u32, u32)> = self
            .slots
            .iter()
            .filter(|n| n.bits != 0)
            .map(|n| (n.bits & KEY_MASK) - 1)
            .map(|k| ((k >> CHAR_BITS) as u32, (k & ((1 << CHAR_BITS) - 1)) as u32))
            .filter(|&(parent, _)| parent != 0 && parent < FIRST_SLOT_ID)
            .collect();
        let mut fanout = vec![0usize; self.firsts.len()];
        for &(parent, _) in &children {
            fanout[parent as usize] += 1;
        }
        self.rows.clear();
        for (node, &k) in self.firsts.iter_mut().zip(&fanout) {
            node.bits &= !(ROW_OFFSET | ROW_SIZE);
            if k > 0 {
                let words = (k * ROW_BITS_PER_CHILD).div_ceil(64).next_power_of_two();
                let words = words.min(MAX_ROW_WORDS);
                let size = u64::from(words.trailing_zeros() + 1) << ROW_SIZE_SHIFT;
                node.bits |= self.rows.len() as u64 | size;
                self.rows.resize(self.rows.len() + words, 0);
            }
        }
        for (parent, ch) in children {
            self.set_row_bit(parent, ch);
        }
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

    /// The node of the word `chars` spell, if it is a dictionary word.
    fn find_word(&self, mut chars: impl Iterator<Item = char>) -> Option<At> {
        let mut at = self.first(chars.next()?)?;
        for ch in chars {
            at = self.child(at, ch)?;
        }
        (at.bits & WORD != 0).then_some(at)
    }

    /// The value of `word`, if it is a dictionary word.
    pub(crate) fn get(&self, word: &str) -> Option<u64> {
        self.find_word(word.chars()).map(|at| at.value)
    }

    /// Whether `chars` spell a dictionary word.
    pub(crate) fn is_word(&self, chars: &[(u32, char)]) -> bool {
        self.find_word(chars.iter().map(|&(_, ch)| ch)).is_some()
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
                if parent < FIRST_SLOT_ID {
                    self.set_row_bit(parent, ch as u32);
                }
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
        table.build_rows();
        (table, total)
    }

    /// The table, unfinished, as bytes (little-endian): a header, the dense nodes, the first-character
    /// index, the rows and the occupied slots with their positions. `total` is stored along.
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
            self.rows.len() as u64,
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
        for word in &self.rows {
            out.extend_from_slice(&word.to_le_bytes());
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
        let header = take(48)?;
        let [total, slots, len, in_slots, firsts, rows] =
            [0, 8, 16, 24, 32, 40].map(|at| u64_at(header, at));
        let (slots, len, firsts, rows) =
            (slots as usize, len as usize, firsts as usize, rows as usize);
        if slots > 2 * MAX_NODES || len > slots || firsts > BMP || rows > MAX_ROW_WORDS * firsts {
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
        table.rows = take(8 * rows)?
            .chunks_exact(8)
            .map(|b| u64_at(b, 0))
            .collect();
        table.firsts_in_slots = in_slots != 0;
        for b in take(20 * len)?.chunks_exact(20) {
            let i = u32::from_le_bytes(b[..4].try_into().unwrap()) as usize;
            *table.slots.get_mut(i)? = node(&b[4..]);
        }
        table.len = len;
        let row_fits = |node: &Node| {
            let size = (node.bits & ROW_SIZE) >> ROW_SIZE_SHIFT;
            let end = (node.bits & ROW_OFFSET) as usize + (1usize << size.max(1)) / 2;
            size <= 7 && (size == 0 || end <= table.rows.len())
        };
        let dense_ok = table.first_index.iter().all(|&i| usize::from(i) < firsts)
            && table.firsts.iter().all(row_fits);
        (rest.is_empty() && table.slots.len() == slots && dense_ok).then_some((table, total))
    }
}
