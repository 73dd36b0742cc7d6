//! The sentence memo: government texts repeat themselves (the same clause in every article, the same
//! article in every district's rules), so a clause already segmented is not segmented again.
//!
//! [`SentenceMemo`] maps a clause's (folded) text to the pieces the segmenter found in it, relative to the
//! clause, so a cached answer is exactly what the segmenter would return and the output is the same with
//! the memo on or off. A hit is checked against the stored clause text, never trusted to the hash alone.
//!
//! The analyzer asks the memo clause by clause but segments the clauses it misses together, one
//! segmenter call per run of misses (a clause ends where jieba would split anyway, so the pieces are the
//! same), and then stores each clause of the run. So a miss costs a hash and a probe, not a call.
//!
//! The memo watches what it earns. Each thread measures, over a window of looked-up text, the share that
//! was answered from the cache; when that share is below [`MIN_HIT_SHARE`] (a corpus that does not repeat
//! itself, where lookups cost more than they save) the thread stops consulting the memo for the next
//! [`BYPASS_BYTES`] of text, then measures again.
//!
//! Cost matters as much as hits: short clauses (`（一）`, `第五条`) are cheaper to segment than to look up
//! and are not cached, nor are long ones, which rarely repeat. Each thread has its own cache (no locks;
//! rayon threads never wait on each other), of at most `capacity_bytes`; a cache that fills is emptied,
//! keeping its buffers. Entries live in flat arenas (one string of clause texts, one vector of piece
//! ends), not one allocation each.

use std::cell::RefCell;
use std::collections::hash_map::Entry as Slot;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use rustc_hash::{FxBuildHasher, FxHashMap};
use thread_local::ThreadLocal;

use super::Piece;

/// Default budget: 32 MiB of cached clauses and pieces per thread.
pub const DEFAULT_CAPACITY: usize = 32 << 20;

/// Clauses shorter than this (in bytes) are not cached: segmenting them costs less than a lookup.
pub const MIN_CLAUSE_BYTES: usize = 12;

/// Clauses longer than this (in bytes) are not cached. Piece offsets within a cached clause fit in `u16`.
pub const MAX_CLAUSE_BYTES: usize = 512;

/// The bytes of looked-up clauses over which a thread measures its hit share.
pub const WINDOW_BYTES: u64 = 256 << 10;

/// Below this share of looked-up bytes answered from the cache, the memo is not worth its lookups.
pub const MIN_HIT_SHARE: f64 = 0.4;

/// How much text a thread segments without the memo after a window below [`MIN_HIT_SHARE`].
pub const BYPASS_BYTES: u64 = 8 << 20;

/// Approximate bookkeeping cost of one index entry.
const ENTRY_OVERHEAD: usize = 32;

/// Where a cached clause and its pieces lie in the arenas.
#[derive(Clone, Copy)]
struct Entry {
    text_start: u32,
    text_len: u16,
    pieces_len: u16,
    pieces_start: u32,
}

/// One thread's cache.
#[derive(Default)]
struct Cache {
    /// Clause hash → entry. A second clause with the same hash is simply not cached.
    index: FxHashMap<u64, Entry>,
    texts: String,
    /// Each piece as its end (byte, code point) within its clause; it starts where the previous one ended.
    ends: Vec<(u16, u16)>,
    bytes: usize,
    /// Bytes looked up, and answered, in the current window.
    window_bytes: u64,
    window_hits: u64,
    /// Text still to be segmented without the memo.
    bypass_left: u64,
}

impl Cache {
    fn clear(&mut self) {
        self.index.clear();
        self.texts.clear();
        self.ends.clear();
        self.bytes = 0;
    }
}

/// One thread's counters, readable from any thread. Only the owning thread writes them, so a plain load
/// and store (no locked instruction) counts.
#[derive(Default)]
struct Counters {
    hits: AtomicU64,
    misses: AtomicU64,
    evictions: AtomicU64,
    entries: AtomicU64,
    bytes: AtomicU64,
    bypassed: AtomicU64,
}

#[inline]
fn bump(counter: &AtomicU64, by: u64) {
    counter.store(counter.load(Relaxed) + by, Relaxed);
}

/// A bounded per-thread cache of segmented clauses.
pub struct SentenceMemo {
    caches: ThreadLocal<RefCell<Cache>>,
    counters: ThreadLocal<Counters>,
    capacity: usize,
}

/// Counters, summed over threads, for benchmarks and curiosity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MemoStats {
    pub hits: u64,
    pub misses: u64,
    /// How many times a full cache was emptied.
    pub evictions: u64,
    pub entries: usize,
    pub bytes: usize,
    /// Bytes of text segmented without consulting the memo, because it was not earning its cost.
    pub bypassed_bytes: u64,
}

impl std::fmt::Debug for SentenceMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SentenceMemo")
            .field("capacity", &self.capacity)
            .finish()
    }
}

impl SentenceMemo {
    /// A memo of at most about `capacity_bytes` per thread.
    pub fn new(capacity_bytes: usize) -> Self {
        SentenceMemo {
            caches: ThreadLocal::new(),
            counters: ThreadLocal::new(),
            capacity: capacity_bytes.max(1),
        }
    }

    /// Whether a clause of this length is looked up and stored at all.
    #[inline]
    pub fn caches_len(len: usize) -> bool {
        (MIN_CLAUSE_BYTES..=MAX_CLAUSE_BYTES).contains(&len)
    }

    /// The hash a clause is filed under.
    #[inline]
    pub fn hash(clause: &str) -> u64 {
        FxBuildHasher.hash_one(clause)
    }

    /// Whether this thread should segment the next `len` bytes of text without the memo (see the module
    /// notes); the text is counted against the current bypass.
    #[inline]
    pub fn bypass(&self, len: usize) -> bool {
        let mut cache = self.caches.get_or_default().borrow_mut();
        if cache.bypass_left == 0 {
            return false;
        }
        cache.bypass_left = cache.bypass_left.saturating_sub(len as u64);
        bump(&self.counters.get_or_default().bypassed, len as u64);
        true
    }

    /// Counts a looked-up clause in the current window and, at the window's end, decides whether to
    /// bypass the memo for a while.
    #[inline]
    fn account(cache: &mut Cache, len: usize, hit: bool) {
        cache.window_bytes += len as u64;
        if hit {
            cache.window_hits += len as u64;
        }
        if cache.window_bytes >= WINDOW_BYTES {
            if (cache.window_hits as f64) < MIN_HIT_SHARE * cache.window_bytes as f64 {
                cache.bypass_left = BYPASS_BYTES;
            }
            cache.window_bytes = 0;
            cache.window_hits = 0;
        }
    }

    /// Appends the cached pieces of `clause` (offsets relative to it) to `out` and returns `true`, or
    /// returns `false` when it is not cached.
    pub fn lookup(&self, hash: u64, clause: &str, out: &mut Vec<Piece>) -> bool {
        let mut cache = self.caches.get_or_default().borrow_mut();
        let cache = &mut *cache;
        let counters = self.counters.get_or_default();
        let found = cache.index.get(&hash).copied().filter(|e| {
            let start = e.text_start as usize;
            &cache.texts[start..start + e.text_len as usize] == clause
        });
        Self::account(cache, clause.len(), found.is_some());
        let Some(e) = found else {
            bump(&counters.misses, 1);
            return false;
        };
        let (mut b, mut c) = (0u32, 0u32);
        let first = e.pieces_start as usize;
        out.extend(
            cache.ends[first..first + e.pieces_len as usize]
                .iter()
                .map(|&(be, ce)| {
                    let p = Piece {
                        byte_start: b,
                        byte_end: be as u32,
                        char_start: c,
                        char_end: ce as u32,
                    };
                    (b, c) = (be as u32, ce as u32);
                    p
                }),
        );
        bump(&counters.hits, 1);
        true
    }

    /// Stores the pieces of `clause` (offsets relative to it, covering it). Clauses of a length
    /// [`Self::caches_len`] refuses are ignored.
    pub fn store(&self, hash: u64, clause: &str, pieces: &[Piece]) {
        if !Self::caches_len(clause.len()) || pieces.len() > u16::MAX as usize {
            return;
        }
        let mut cache = self.caches.get_or_default().borrow_mut();
        let cache = &mut *cache;
        let counters = self.counters.get_or_default();
        let cost = clause.len() + 4 * pieces.len() + ENTRY_OVERHEAD;
        if cache.bytes + cost > self.capacity {
            cache.clear();
            bump(&counters.evictions, 1);
            counters.entries.store(0, Relaxed);
            counters.bytes.store(0, Relaxed);
            if cost > self.capacity {
                return;
            }
        }
        let Slot::Vacant(slot) = cache.index.entry(hash) else {
            return; // cached already, or another clause with the same hash
        };
        slot.insert(Entry {
            text_start: cache.texts.len() as u32,
            text_len: clause.len() as u16,
            pieces_len: pieces.len() as u16,
            pieces_start: cache.ends.len() as u32,
        });
        cache.texts.push_str(clause);
        cache.ends.extend(
            pieces
                .iter()
                .map(|p| (p.byte_end as u16, p.char_end as u16)),
        );
        cache.bytes += cost;
        bump(&counters.entries, 1);
        bump(&counters.bytes, cost as u64);
    }

    pub fn stats(&self) -> MemoStats {
        let mut s = MemoStats::default();
        for c in self.counters.iter() {
            s.hits += c.hits.load(Relaxed);
            s.misses += c.misses.load(Relaxed);
            s.evictions += c.evictions.load(Relaxed);
            s.entries += c.entries.load(Relaxed) as usize;
            s.bytes += c.bytes.load(Relaxed) as usize;
            s.bypassed_bytes += c.bypassed.load(Relaxed);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character a piece of its own.
    fn char_pieces(text: &str) -> Vec<Piece> {
        text.char_indices()
            .enumerate()
            .map(|(i, (b, c))| Piece {
                byte_start: b as u32,
                byte_end: (b + c.len_utf8()) as u32,
                char_start: i as u32,
                char_end: i as u32 + 1,
            })
            .collect()
    }

    #[test]
    fn stored_clause_comes_back_identical() {
        let memo = SentenceMemo::new(DEFAULT_CAPACITY);
        let clause = "区政府办公室负责，";
        let h = SentenceMemo::hash(clause);
        let mut out = vec![];
        assert!(!memo.lookup(h, clause, &mut out));
        let pieces = char_pieces(clause);
        memo.store(h, clause, &pieces);
        assert!(memo.lookup(h, clause, &mut out));
        assert_eq!(out, pieces);
        // Appends after what is there.
        assert!(memo.lookup(h, clause, &mut out));
        assert_eq!(out.len(), 2 * pieces.len());
        let s = memo.stats();
        assert_eq!((s.hits, s.misses, s.entries), (2, 1, 1));
    }

    #[test]
    fn a_hash_collision_is_a_miss_not_a_wrong_answer() {
        let memo = SentenceMemo::new(DEFAULT_CAPACITY);
        let clause = "区政府办公室负责，";
        memo.store(7, clause, &char_pieces(clause));
        let mut out = vec![];
        assert!(!memo.lookup(7, "市政府办公室负责，", &mut out));
        assert!(out.is_empty());
    }

    #[test]
    fn memory_stays_within_budget() {
        let budget = 16 * 1024;
        let memo = SentenceMemo::new(budget);
        for i in 0..5000 {
            let clause = format!("第{i}条规定的事项，");
            memo.store(SentenceMemo::hash(&clause), &clause, &char_pieces(&clause));
        }
        let s = memo.stats();
        assert!(s.bytes <= budget, "{s:?}");
        assert!(s.evictions > 0, "{s:?}");
    }

    #[test]
    fn short_and_long_clauses_are_not_cached() {
        let memo = SentenceMemo::new(1 << 20);
        for clause in ["（一）".to_string(), "区".repeat(400)] {
            let h = SentenceMemo::hash(&clause);
            memo.store(h, &clause, &char_pieces(&clause));
            assert!(!memo.lookup(h, &clause, &mut vec![]));
        }
        assert_eq!(memo.stats().entries, 0);
    }

    #[test]
    fn a_memo_that_does_not_pay_steps_aside_and_comes_back() {
        let memo = SentenceMemo::new(DEFAULT_CAPACITY);
        // A window of clauses never seen before: below the hit share.
        let mut looked = 0;
        let mut i = 0;
        while looked < WINDOW_BYTES as usize {
            let clause = format!("第{i}条规定的事项，");
            assert!(!memo.lookup(SentenceMemo::hash(&clause), &clause, &mut vec![]));
            looked += clause.len();
            i += 1;
        }
        assert!(memo.bypass(1 << 20));
        assert!(memo.bypass((BYPASS_BYTES - (1 << 20)) as usize));
        assert!(!memo.bypass(100), "back after the bypass");
        assert_eq!(memo.stats().bypassed_bytes, BYPASS_BYTES);
        // A window of repeats keeps it on.
        let clause = "区政府办公室负责，";
        let h = SentenceMemo::hash(clause);
        memo.store(h, clause, &char_pieces(clause));
        for _ in 0..(2 * WINDOW_BYTES as usize / clause.len()) {
            assert!(memo.lookup(h, clause, &mut vec![]));
        }
        assert!(!memo.bypass(100));
    }

    #[test]
    fn each_thread_has_its_own_cache() {
        let memo = SentenceMemo::new(1 << 20);
        let clause = "区政府办公室负责，";
        let h = SentenceMemo::hash(clause);
        memo.store(h, clause, &char_pieces(clause));
        std::thread::scope(|s| {
            s.spawn(|| assert!(!memo.lookup(h, clause, &mut vec![])));
        });
        assert!(memo.lookup(h, clause, &mut vec![]));
    }
}
