//! Top-k neighbours by set similarity: exact Jaccard over shingles from an inverted index, and MinHash
//! estimates with candidates from locality-sensitive hashing (bands of the signature).

use rayon::prelude::*;

use super::{eligible, push_top, Neighbour};
use crate::features::vectors::{splitmix64, MinHasher};

/// The `k` most Jaccard-similar units of every unit (exact), from an inverted index over shingles.
pub fn top_k_jaccard(sets: &[Vec<u64>], k: usize, min_sim: f64) -> Vec<Vec<Neighbour>> {
    top_k_jaccard_in(sets, None, k, min_sim)
}

/// As [`top_k_jaccard`], never pairing units of one group (see [`top_k_cosine_in`](super::top_k_cosine_in)).
pub fn top_k_jaccard_in(
    sets: &[Vec<u64>],
    groups: Option<&[u32]>,
    k: usize,
    min_sim: f64,
) -> Vec<Vec<Neighbour>> {
    let index = invert(
        sets.iter()
            .enumerate()
            .flat_map(|(d, s)| s.iter().map(move |h| (*h, d as u32))),
    );
    (0..sets.len())
        .into_par_iter()
        .map_init(
            || (vec![0u32; sets.len()], Vec::<u32>::new()),
            |(inter, touched), q| {
                for h in &sets[q] {
                    for d in index.get(h).into_iter().flatten() {
                        if inter[*d as usize] == 0 {
                            touched.push(*d);
                        }
                        inter[*d as usize] += 1;
                    }
                }
                let mut top = Vec::with_capacity(k + 1);
                for d in touched.drain(..) {
                    let i = inter[d as usize] as f64;
                    inter[d as usize] = 0;
                    if !eligible(groups, q, d as usize) {
                        continue;
                    }
                    let union = (sets[q].len() + sets[d as usize].len()) as f64 - i;
                    let score = i / union.max(1.0);
                    if score >= min_sim && score > 0.0 {
                        push_top(&mut top, k, Neighbour { index: d, score });
                    }
                }
                top
            },
        )
        .collect()
}

/// The `k` most similar units by MinHash estimate; candidates are units sharing a band of `rows`
/// signature rows (LSH), so pairs far below `(1/bands)^(1/rows)` Jaccard are mostly not found.
pub fn top_k_minhash(
    sigs: &[Vec<u64>],
    rows: usize,
    k: usize,
    min_sim: f64,
) -> Vec<Vec<Neighbour>> {
    top_k_minhash_in(sigs, None, rows, k, min_sim)
}

/// As [`top_k_minhash`], never pairing units of one group (see [`top_k_cosine_in`](super::top_k_cosine_in)).
pub fn top_k_minhash_in(
    sigs: &[Vec<u64>],
    groups: Option<&[u32]>,
    rows: usize,
    k: usize,
    min_sim: f64,
) -> Vec<Vec<Neighbour>> {
    let rows = rows.max(1);
    let buckets = invert(sigs.iter().enumerate().flat_map(|(d, sig)| {
        sig.chunks(rows).enumerate().map(move |(b, band)| {
            let mut h = splitmix64(b as u64);
            for x in band {
                h = splitmix64(h ^ x);
            }
            (h, d as u32)
        })
    }));
    (0..sigs.len())
        .into_par_iter()
        .map(|q| {
            let mut cands: Vec<u32> = Vec::new();
            for (b, band) in sigs[q].chunks(rows).enumerate() {
                let mut h = splitmix64(b as u64);
                for x in band {
                    h = splitmix64(h ^ x);
                }
                cands.extend(buckets.get(&h).into_iter().flatten());
            }
            cands.sort_unstable();
            cands.dedup();
            let mut top = Vec::with_capacity(k + 1);
            for d in cands {
                if !eligible(groups, q, d as usize) {
                    continue;
                }
                let score = MinHasher::estimate(&sigs[q], &sigs[d as usize]);
                if score >= min_sim && score > 0.0 {
                    push_top(&mut top, k, Neighbour { index: d, score });
                }
            }
            top
        })
        .collect()
}

/// Groups (key, id) pairs into key → ids (ids ascending), deterministically.
fn invert(pairs: impl Iterator<Item = (u64, u32)>) -> std::collections::HashMap<u64, Vec<u32>> {
    let mut all: Vec<(u64, u32)> = pairs.collect();
    all.par_sort_unstable();
    all.dedup();
    let mut map: std::collections::HashMap<u64, Vec<u32>> = std::collections::HashMap::new();
    for (h, d) in all {
        map.entry(h).or_default().push(d);
    }
    map
}
