//! The sentence memo: government texts repeat themselves (the same clause in every article, the same
//! article in every district's rules), so a clause already segmented is not segmented again.
//!
//! [`SentenceMemo`] wraps a [`Segmenter`] and is one itself: it maps a clause's (folded) text to the pieces
//! found in it, with offsets relative to the clause, so a cached answer is exactly what the inner
//! segmenter would return. The output is therefore the same with the memo on or off. Memory is bounded:
//! the cache is split into shards (one lock each, so rayon threads rarely meet), and a shard that grows
//! past its share of the byte budget is emptied. Long clauses, which rarely repeat, are not cached.

use std::hash::BuildHasher;
use std::sync::{Arc, Mutex};

use rustc_hash::{FxBuildHasher, FxHashMap};

use super::{Piece, Segmenter};

/// Default budget: 64 MiB of cached clauses and pieces.
pub const DEFAULT_CAPACITY: usize = 64 << 20;

/// Clauses longer than this (in bytes) are segmented but not cached.
const MAX_CLAUSE_BYTES: usize = 512;

const SHARDS: usize = 16;

/// Approximate bookkeeping cost of one entry beyond its key and pieces.
const ENTRY_OVERHEAD: usize = 64;

#[derive(Default)]
struct Shard {
    map: FxHashMap<Box<str>, Box<[Piece]>>,
    bytes: usize,
    hits: u64,
    misses: u64,
    evictions: u64,
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
            s.entries += shard.map.len();
            s.bytes += shard.bytes;
        }
        s
    }

    fn shard_of(&self, clause: &str) -> &Mutex<Shard> {
        &self.shards[(FxBuildHasher.hash_one(clause) >> 32) as usize % SHARDS]
    }
}

impl Segmenter for SentenceMemo {
    fn segment(&self, text: &str, out: &mut Vec<Piece>) {
        if text.len() > MAX_CLAUSE_BYTES || text.is_empty() {
            self.inner.segment(text, out);
            return;
        }
        let shard = self.shard_of(text);
        {
            let mut s = shard.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(pieces) = s.map.get(text) {
                out.extend_from_slice(pieces);
                s.hits += 1;
                return;
            }
            s.misses += 1;
        }
        let start = out.len();
        self.inner.segment(text, out);
        let pieces: Box<[Piece]> = out[start..].into();
        let cost = text.len() + std::mem::size_of_val(&*pieces) + ENTRY_OVERHEAD;
        let mut s = shard.lock().unwrap_or_else(|e| e.into_inner());
        if s.bytes + cost > self.shard_budget {
            s.map = FxHashMap::default();
            s.bytes = 0;
            s.evictions += 1;
        }
        if s.map.insert(text.into(), pieces).is_none() {
            s.bytes += cost;
        }
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
        memo.segment("区政府，", &mut first);
        memo.segment("区政府，", &mut second);
        assert_eq!(first, second);
        assert_eq!(inner.0.load(Ordering::Relaxed), 1);
        let s = memo.stats();
        assert_eq!((s.hits, s.misses, s.entries), (1, 1, 1));
    }

    #[test]
    fn appends_after_existing_pieces() {
        let memo = SentenceMemo::new(Arc::new(CharSegmenter(AtomicUsize::new(0))), 1 << 20);
        let mut out = vec![];
        memo.segment("甲乙", &mut out);
        memo.segment("甲乙", &mut out);
        assert_eq!(out.len(), 4);
        assert_eq!(out[2], out[0]);
    }

    #[test]
    fn memory_stays_within_budget() {
        let budget = 16 * 1024;
        let memo = SentenceMemo::new(Arc::new(CharSegmenter(AtomicUsize::new(0))), budget);
        let mut out = vec![];
        for i in 0..5000 {
            out.clear();
            memo.segment(&format!("第{i}条规定，"), &mut out);
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
        assert_eq!(out.len(), 400);
        assert_eq!(memo.stats().entries, 0);
    }
}
