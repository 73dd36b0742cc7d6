//! The sentence memo: government texts repeat themselves (the same clause in every article, the same
//! article in every district's rules), so a clause already segmented is not segmented again.
//!
//! [`SentenceMemo`] wraps a [`Segmenter`] and is one itself: it maps a clause's (folded) text to the pieces
//! found in it, with offsets relative to the clause, so a cached answer is exactly what the inner
//! segmenter would return, and the output is the same with the memo on or off. A hit is checked against
//! the stored clause text, never trusted to the hash alone.
//!
//! Cost matters as much as hits: in a corpus of laws about 84% of distinct clauses occur once, so a clause
//! is admitted only on its second sighting (its hash is noted the first time), and entries live in flat
//! arenas (one string of clause texts, one vector of pieces per shard) rather than one allocation each.
//! Memory is bounded: the cache is split into shards (one lock each, so rayon threads rarely meet), and a
//! shard that grows past its share of the byte budget is emptied, keeping its buffers. Long clauses, which
//! rarely repeat, are not cached.

use std::hash::BuildHasher;
use std::sync::{Arc, Mutex};

use std::collections::hash_map::Entry as Slot;

use rustc_hash::{FxBuildHasher, FxHashMap};

use super::{Piece, Segmenter};

/// Default budget: 64 MiB of cached clauses and pieces.
pub const DEFAULT_CAPACITY: usize = 64 << 20;

/// Clauses longer than this (in bytes) are segmented but not cached.
const MAX_CLAUSE_BYTES: usize = 512;

const SHARDS: usize = 16;

/// Approximate bookkeeping cost of one index entry, and of one noted first sighting.
const ENTRY_OVERHEAD: usize = 32;
const SIGHTING_OVERHEAD: usize = 16;

/// Where a cached clause and its pieces lie in the shard's arenas; a clause seen once and not yet admitted
/// has `text_start == SIGHTED`.
#[derive(Clone, Copy)]
struct Entry {
    text_start: u32,
    text_len: u32,
    pieces_start: u32,
    pieces_len: u32,
}

const SIGHTED: u32 = u32::MAX;

#[derive(Default)]
struct Shard {
    /// Clause hash → entry (or a first sighting). A second clause with the same hash is simply not cached.
    index: FxHashMap<u64, Entry>,
    /// How many entries of `index` are cached clauses rather than first sightings.
    entries: usize,
    texts: String,
    pieces: Vec<Piece>,
    bytes: usize,
    hits: u64,
    misses: u64,
    evictions: u64,
}

impl Shard {
    fn clear(&mut self) {
        self.index.clear();
        self.entries = 0;
        self.texts.clear();
        self.pieces.clear();
        self.bytes = 0;
        self.evictions += 1;
    }
}

/// A memoizing [`Segmenter`] with a bounded cache.
pub struct SentenceMemo {
    inner: Arc<dyn Segmenter>,
    shards: Vec<Mutex<Shard>>,
    shard_budget: usize,
}

/// Counters, for benchmarks and curiosity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MemoStats {
    pub hits: u64,
    pub misses: u64,
    /// How many times a full shard was emptied.
    pub evictions: u64,
    pub entries: usize,
    pub bytes: usize,
}

impl SentenceMemo {
    /// Wraps `inner` with a cache of about `capacity_bytes`.
    pub fn new(inner: Arc<dyn Segmenter>, capacity_bytes: usize) -> Self {
        SentenceMemo {
            inner,
            shards: (0..SHARDS).map(|_| Mutex::new(Shard::default())).collect(),
            shard_budget: (capacity_bytes / SHARDS).max(1),
        }
    }

    pub fn stats(&self) -> MemoStats {
        let mut s = MemoStats::default();
        for shard in &self.shards {
            let shard = shard.lock().unwrap_or_else(|e| e.into_inner());
            s.hits += shard.hits;
            s.misses += shard.misses;
            s.evictions += shard.evictions;
            s.entries += shard.entries;
            s.bytes += shard.bytes;
        }
        s
    }
}

impl Segmenter for SentenceMemo {
    fn segment(&self, text: &str, out: &mut Vec<Piece>) {
        if text.len() > MAX_CLAUSE_BYTES || text.is_empty() {
            self.inner.segment(text, out);
            return;
        }
        let hash = FxBuildHasher.hash_one(text);
        let shard = &self.shards[(hash >> 32) as usize % SHARDS];
        let admit = {
            let mut guard = shard.lock().unwrap_or_else(|e| e.into_inner());
            let s = &mut *guard;
            if s.bytes + SIGHTING_OVERHEAD > self.shard_budget {
                s.clear();
            }
            match s.index.entry(hash) {
                Slot::Vacant(v) => {
                    v.insert(Entry {
                        text_start: SIGHTED,
                        text_len: 0,
                        pieces_start: 0,
                        pieces_len: 0,
                    });
                    s.bytes += SIGHTING_OVERHEAD;
                    s.misses += 1;
                    false
                }
                Slot::Occupied(o) if o.get().text_start == SIGHTED => {
                    s.misses += 1;
                    true
                }
                Slot::Occupied(o) => {
                    let e = *o.get();
                    let stored =
                        &s.texts[e.text_start as usize..(e.text_start + e.text_len) as usize];
                    if stored == text {
                        let range =
                            e.pieces_start as usize..(e.pieces_start + e.pieces_len) as usize;
                        out.extend_from_slice(&s.pieces[range]);
                        s.hits += 1;
                        return;
                    }
                    // A different clause with the same hash holds the slot: segment, don't cache.
                    s.misses += 1;
                    false
                }
            }
        };
        let start = out.len();
        self.inner.segment(text, out);
        if !admit {
            return;
        }
        let pieces = &out[start..];
        let cost = text.len() + std::mem::size_of_val(pieces) + ENTRY_OVERHEAD;
        let mut guard = shard.lock().unwrap_or_else(|e| e.into_inner());
        let s = &mut *guard;
        if s.bytes + cost > self.shard_budget {
            s.clear();
            return; // the sighting went with the rest; the clause starts over
        }
        let entry = Entry {
            text_start: s.texts.len() as u32,
            text_len: text.len() as u32,
            pieces_start: s.pieces.len() as u32,
            pieces_len: pieces.len() as u32,
        };
        match s.index.get_mut(&hash) {
            Some(e) if e.text_start == SIGHTED => *e = entry,
            _ => return, // admitted by another thread meanwhile, or evicted
        }
        s.texts.push_str(text);
        s.pieces.extend_from_slice(pieces);
        s.entries += 1;
        s.bytes += cost;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Cuts every character apart and counts its calls.
    struct CharSegmenter(AtomicUsize);

    impl Segmenter for CharSegmenter {
        fn segment(&self, text: &str, out: &mut Vec<Piece>) {
            self.0.fetch_add(1, Ordering::Relaxed);
            for (i, (b, c)) in text.char_indices().enumerate() {
                out.push(Piece {
                    byte_start: b as u32,
                    byte_end: (b + c.len_utf8()) as u32,
                    char_start: i as u32,
                    char_end: i as u32 + 1,
                });
            }
        }
    }

    #[test]
    fn repeated_clause_is_segmented_once_with_the_same_answer() {
        let inner = Arc::new(CharSegmenter(AtomicUsize::new(0)));
        let memo = SentenceMemo::new(inner.clone(), DEFAULT_CAPACITY);
        let mut first = vec![];
        let mut second = vec![];
        let mut third = vec![];
        memo.segment("区政府，", &mut first);
        memo.segment("区政府，", &mut second);
        memo.segment("区政府，", &mut third);
        assert_eq!(first, second);
        assert_eq!(first, third);
        // Admitted on its second sighting, answered from the cache on the third.
        assert_eq!(inner.0.load(Ordering::Relaxed), 2);
        let s = memo.stats();
        assert_eq!((s.hits, s.misses, s.entries), (1, 2, 1));
    }

    #[test]
    fn appends_after_existing_pieces() {
        let memo = SentenceMemo::new(Arc::new(CharSegmenter(AtomicUsize::new(0))), 1 << 20);
        let mut out = vec![];
        for _ in 0..3 {
            memo.segment("甲乙", &mut out);
        }
        assert_eq!(memo.stats().hits, 1);
        assert_eq!(out.len(), 6);
        assert_eq!(out[4], out[0]);
    }

    #[test]
    fn memory_stays_within_budget() {
        let budget = 16 * 1024;
        let memo = SentenceMemo::new(Arc::new(CharSegmenter(AtomicUsize::new(0))), budget);
        let mut out = vec![];
        for i in 0..5000 {
            for _ in 0..2 {
                out.clear();
                memo.segment(&format!("第{i}条规定，"), &mut out);
            }
        }
        let s = memo.stats();
        assert!(s.bytes <= budget, "{s:?}");
        assert!(s.evictions > 0, "{s:?}");
    }

    #[test]
    fn long_clauses_bypass_the_cache() {
        let memo = SentenceMemo::new(Arc::new(CharSegmenter(AtomicUsize::new(0))), 1 << 20);
        let long = "区".repeat(400);
        let mut out = vec![];
        memo.segment(&long, &mut out);
        memo.segment(&long, &mut out);
        assert_eq!(out.len(), 800);
        assert_eq!(memo.stats().entries, 0);
    }
}
