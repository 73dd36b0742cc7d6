//! Tests of the neighbour searches against brute force.

use super::cosine::*;
use super::*;
use crate::features::vectors::{splitmix64, tfidf_vectors, MinHasher, SparseVec};

/// Every pair's score, sorted: the definition the search must reproduce exactly.
fn brute_force(
    vecs: &[SparseVec],
    groups: Option<&[u32]>,
    k: usize,
    min_sim: f64,
) -> Vec<Vec<Neighbour>> {
    (0..vecs.len())
        .map(|q| {
            let mut all: Vec<Neighbour> = (0..vecs.len())
                .filter(|d| *d != q && groups.is_none_or(|g| g[*d] != g[q]))
                .map(|d| Neighbour {
                    index: d as u32,
                    score: vecs[q].dot(&vecs[d]),
                })
                .filter(|n| n.score > 0.0 && n.score >= min_sim)
                .collect();
            all.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
            all.truncate(k);
            all
        })
        .collect()
}

/// Pseudo-random L2-normalised sparse vectors with many exact ties: weights from a few levels,
/// a skewed vocabulary (some terms in most units), exact copies, single-term and empty units.
fn random_vectors(seed: u64, n: usize) -> Vec<SparseVec> {
    let mut x = seed;
    let mut next = |m: u64| {
        x = splitmix64(x);
        x % m
    };
    let mut vecs: Vec<SparseVec> = Vec::with_capacity(n);
    for i in 0..n {
        let v = match next(10) {
            0 if i > 0 => vecs[next(i as u64) as usize].clone(),
            1 => SparseVec::default(),
            kind => {
                let len = if kind == 2 { 1 } else { 1 + next(30) as usize };
                let mut terms: Vec<(u32, f32)> = (0..len)
                    .map(|_| {
                        let r = next(1000) as f64 / 1000.0;
                        ((r * r * r * 200.0) as u32, 1.0 + next(3) as f32)
                    })
                    .collect();
                terms.sort_by_key(|t| t.0);
                terms.dedup_by_key(|t| t.0);
                let norm = terms.iter().map(|t| (t.1 * t.1) as f64).sum::<f64>().sqrt();
                SparseVec {
                    indices: terms.iter().map(|t| t.0).collect(),
                    values: terms.iter().map(|t| (t.1 as f64 / norm) as f32).collect(),
                }
            }
        };
        vecs.push(v);
    }
    vecs
}

#[test]
fn all_pairs_cosine_equals_brute_force_on_random_vectors() {
    for seed in 1..=4u64 {
        let n = 120 + 37 * seed as usize;
        let vecs = random_vectors(seed, n);
        // Runs of a few units, as the articles of one document, and a scattered grouping.
        let runs: Vec<u32> = (0..n as u32)
            .map(|i| i / (1 + (seed as u32 % 4) * 3))
            .collect();
        let scattered: Vec<u32> = (0..n as u64)
            .map(|i| (splitmix64(i ^ seed) % 9) as u32)
            .collect();
        for groups in [None, Some(runs.as_slice()), Some(scattered.as_slice())] {
            for (k, min_sim) in [(1, 0.0), (5, 0.0), (10, 0.3), (3, 0.9), (n + 5, 0.0)] {
                let want = brute_force(&vecs, groups, k, min_sim);
                // Dense columns for none, all or some terms; rows handed out 1 to 50 at a
                // time; 1 to 3 threads.
                let configs = [
                    (usize::MAX, 8, 2),
                    (1, 16, 1),
                    (8, 7, 3),
                    (20, 50, 2),
                    (3, 1, 3),
                ];
                for (dense_df, chunk, threads) in configs {
                    let pool = rayon::ThreadPoolBuilder::new()
                        .num_threads(threads)
                        .build()
                        .unwrap();
                    let got = pool
                        .install(|| top_k_cosine_with(&vecs, groups, k, min_sim, dense_df, chunk));
                    assert_eq!(
                        got,
                        want,
                        "seed {seed}, groups {}, k {k}, min_sim {min_sim}, dense_df {dense_df}, \
                         chunk {chunk}, threads {threads}",
                        groups.is_some()
                    );
                }
            }
        }
    }
}

#[test]
fn all_pairs_cosine_equals_brute_force_on_tfidf_vectors() {
    // 300 pseudo-random units over a skewed vocabulary, so that some terms are frequent.
    let mut x = 7u64;
    let units: Vec<Vec<String>> = (0..300)
        .map(|_| {
            (0..12)
                .map(|_| {
                    x = splitmix64(x);
                    let r = (x % 1000) as f64 / 1000.0;
                    format!("t{}", (r * r * r * 400.0) as u32)
                })
                .collect()
        })
        .collect();
    let (_, vecs) = tfidf_vectors(&units);
    // Units in groups of ten consecutive ones, as the articles of one document.
    let groups: Vec<u32> = (0..units.len() as u32).map(|i| i / 10).collect();
    for g in [None, Some(groups.as_slice())] {
        let fast = top_k_cosine_in(&vecs, g, 5, 0.0);
        let slow = brute_force(&vecs, g, 5, 0.0);
        for (q, (f, s)) in fast.iter().zip(&slow).enumerate() {
            let fi: Vec<u32> = f.iter().map(|n| n.index).collect();
            let si: Vec<u32> = s.iter().map(|n| n.index).collect();
            assert_eq!(fi, si, "query {q}, groups {}", g.is_some());
            for (a, b) in f.iter().zip(s) {
                assert!((a.score - b.score).abs() < 1e-9);
            }
            if g.is_some() {
                assert!(f.iter().all(|n| groups[n.index as usize] != groups[q]));
            }
        }
    }
}

#[test]
fn a_positive_score_that_rounds_to_zero_in_f32_is_still_found() {
    // q·d = a·c − b·e = 2⁻⁴⁸ > 0 in f64 (where f32 products are exact), but in f32 a·c rounds to
    // b·e and the approximate score is 0: only the exact rescoring of every unit sharing a term
    // finds it.
    let (a, b, e) = (0.5 + 2f32.powi(-24), 0.5 + 2f32.powi(-23), 0.5);
    let vecs = vec![
        SparseVec {
            indices: vec![0, 1],
            values: vec![a, b],
        },
        SparseVec {
            indices: vec![0, 1],
            values: vec![a, -e],
        },
        SparseVec {
            indices: vec![2],
            values: vec![1.0],
        },
    ];
    assert_eq!(a * a - b * e, 0.0);
    assert_eq!(vecs[0].dot(&vecs[1]), 2f64.powi(-48));
    let want = brute_force(&vecs, None, 3, 0.0);
    assert_eq!(want[0].len(), 1);
    for dense_df in [1, usize::MAX] {
        assert_eq!(top_k_cosine_with(&vecs, None, 3, 0.0, dense_df, 1), want);
    }
}

#[test]
fn jaccard_and_minhash_neighbours_find_near_duplicates() {
    let sets: Vec<Vec<u64>> = vec![
        (0..100).collect(),
        (5..105).collect(),
        (1000..1100).collect(),
        (1000..1090).collect(),
    ];
    let j = top_k_jaccard(&sets, 1, 0.1);
    assert_eq!(j[0][0].index, 1);
    assert_eq!(j[2][0].index, 3);
    assert!((j[0][0].score - 95.0 / 105.0).abs() < 1e-9);
    let mh = MinHasher::new(128);
    let sigs: Vec<Vec<u64>> = sets.iter().map(|s| mh.signature(s)).collect();
    let m = top_k_minhash(&sigs, 4, 1, 0.1);
    assert_eq!(m[0][0].index, 1);
    assert_eq!(m[3][0].index, 2);
    assert!(m[0].iter().all(|n| n.index != 2 && n.index != 3));
}
