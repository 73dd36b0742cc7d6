//! Vectors over terms: sparse TF-IDF vectors (weighted as scikit-learn's `TfidfVectorizer` does by default:
//! raw counts × smooth idf, L2-normalised, so results can be checked against it), hashed shingle sets for
//! Jaccard, and MinHash signatures that estimate Jaccard.

use super::vocab::Vocab;

/// A sparse vector: term ids ascending, one weight each.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SparseVec {
    pub indices: Vec<u32>,
    pub values: Vec<f32>,
}

impl SparseVec {
    /// Dot product of two sparse vectors: the products of the shared ids, summed in id order. A merge
    /// over both lists; when one is much longer, its positions are found by galloping instead (a short
    /// article against a column's centroid), which gives the same sum.
    pub fn dot(&self, other: &SparseVec) -> f64 {
        let (short, long) = if self.indices.len() <= other.indices.len() {
            (self, other)
        } else {
            (other, self)
        };
        if short.indices.len() * 16 < long.indices.len() {
            let mut sum = 0.0f64;
            let mut from = 0;
            for (i, x) in short.indices.iter().zip(&short.values) {
                let rest = &long.indices[from..];
                // Galloping: the first position not below `i`, within a range that doubles.
                let mut hi = 1;
                while hi < rest.len() && rest[hi - 1] < *i {
                    hi *= 2;
                }
                let at = from + rest[..hi.min(rest.len())].partition_point(|t| t < i);
                if at == long.indices.len() {
                    break;
                }
                if long.indices[at] == *i {
                    sum += *x as f64 * long.values[at] as f64;
                    from = at + 1;
                } else {
                    from = at;
                }
            }
            return sum;
        }
        let (mut i, mut j, mut sum) = (0, 0, 0.0f64);
        while i < self.indices.len() && j < other.indices.len() {
            match self.indices[i].cmp(&other.indices[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += self.values[i] as f64 * other.values[j] as f64;
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }

    pub fn norm(&self) -> f64 {
        self.values
            .iter()
            .map(|v| (*v as f64) * (*v as f64))
            .sum::<f64>()
            .sqrt()
    }

    /// Cosine similarity; 0 when either vector is empty.
    pub fn cosine(&self, other: &SparseVec) -> f64 {
        self.cosine_with_norms(self.norm(), other, other.norm())
    }

    /// [`SparseVec::cosine`] with both norms already known (`self.norm()`, `other.norm()`).
    pub fn cosine_with_norms(&self, norm: f64, other: &SparseVec, other_norm: f64) -> f64 {
        let n = norm * other_norm;
        if n == 0.0 {
            0.0
        } else {
            (self.dot(other) / n).clamp(0.0, 1.0)
        }
    }

    pub fn is_empty(&self) -> bool {
        self.indices.is_empty()
    }

    /// The sum of several vectors (a chapter or document from its articles), L2-normalised.
    pub fn sum_normalized<'a>(vectors: impl IntoIterator<Item = &'a SparseVec>) -> SparseVec {
        let mut acc: std::collections::BTreeMap<u32, f64> = std::collections::BTreeMap::new();
        for v in vectors {
            for (i, x) in v.indices.iter().zip(&v.values) {
                *acc.entry(*i).or_default() += *x as f64;
            }
        }
        let norm = acc.values().map(|x| x * x).sum::<f64>().sqrt();
        let norm = if norm == 0.0 { 1.0 } else { norm };
        SparseVec {
            indices: acc.keys().copied().collect(),
            values: acc.values().map(|x| (x / norm) as f32).collect(),
        }
    }
}

/// Inverse document frequencies: `ln((1 + n) / (1 + df)) + 1` (scikit-learn's `smooth_idf=True`).
#[derive(Clone, Debug)]
pub struct TfIdf {
    pub idf: Vec<f32>,
}

impl TfIdf {
    /// Idf weights from a vocabulary's document frequencies.
    pub fn fit(vocab: &Vocab) -> TfIdf {
        TfIdf::from_df(vocab.df(), vocab.units() as usize)
    }

    /// Idf weights from each term's document frequency among `units` units.
    pub fn from_df(df: &[u32], units: usize) -> TfIdf {
        let n = units as f64;
        TfIdf {
            idf: df
                .iter()
                .map(|&df| (((1.0 + n) / (1.0 + df as f64)).ln() + 1.0) as f32)
                .collect(),
        }
    }

    /// The L2-normalised TF-IDF vector of one unit's term ids (raw counts as term frequencies).
    pub fn transform(&self, ids: &[u32]) -> SparseVec {
        let mut sorted = ids.to_vec();
        sorted.sort_unstable();
        let mut indices = Vec::new();
        let mut values: Vec<f64> = Vec::new();
        for id in sorted {
            if indices.last() == Some(&id) {
                *values.last_mut().expect("parallel to indices") += 1.0;
            } else {
                indices.push(id);
                values.push(1.0);
            }
        }
        for (v, id) in values.iter_mut().zip(&indices) {
            *v *= self.idf.get(*id as usize).copied().unwrap_or(1.0) as f64;
        }
        let norm = values.iter().map(|v| v * v).sum::<f64>().sqrt();
        let norm = if norm == 0.0 { 1.0 } else { norm };
        SparseVec {
            indices,
            values: values.iter().map(|v| (v / norm) as f32).collect(),
        }
    }
}

/// Builds TF-IDF vectors for many units at once: interns their terms in order, fits idf, transforms.
pub fn tfidf_vectors<S: AsRef<str>>(units: &[Vec<S>]) -> (Vocab, Vec<SparseVec>) {
    let mut vocab = Vocab::new();
    let ids: Vec<Vec<u32>> = units.iter().map(|u| vocab.add_unit(u)).collect();
    let model = TfIdf::fit(&vocab);
    let vectors = {
        use rayon::prelude::*;
        ids.par_iter().map(|u| model.transform(u)).collect()
    };
    (vocab, vectors)
}

/// 64-bit FNV-1a: a fixed, portable hash for shingles (std's hasher may change between releases).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The set of `k`-term shingles of a term sequence, hashed, sorted and deduplicated.
pub fn shingles<S: AsRef<str>>(terms: &[S], k: usize) -> Vec<u64> {
    let k = k.max(1);
    let mut out: Vec<u64> = if terms.len() < k {
        if terms.is_empty() {
            vec![]
        } else {
            vec![hash_terms(terms)]
        }
    } else {
        terms.windows(k).map(hash_terms).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

fn hash_terms<S: AsRef<str>>(terms: &[S]) -> u64 {
    let mut buf = Vec::new();
    for t in terms {
        buf.extend_from_slice(t.as_ref().as_bytes());
        buf.push(0x1f);
    }
    fnv1a(&buf)
}

/// Jaccard similarity of two sorted, deduplicated sets.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    inter as f64 / (a.len() + b.len() - inter) as f64
}

/// MinHash with `n` hash functions `h_i(x) = mix(x ^ seed_i)`; the share of equal minima estimates Jaccard.
#[derive(Clone, Debug)]
pub struct MinHasher {
    seeds: Vec<u64>,
}

impl MinHasher {
    /// `n` hash functions from a fixed seed sequence (deterministic).
    pub fn new(n: usize) -> Self {
        let mut s = 0x9e37_79b9_7f4a_7c15u64;
        let seeds = (0..n.max(1))
            .map(|_| {
                s = splitmix64(s);
                s
            })
            .collect();
        MinHasher { seeds }
    }

    /// The signature of a set of hashed shingles: the minimum of each hash function. Empty set → all `u64::MAX`.
    pub fn signature(&self, set: &[u64]) -> Vec<u64> {
        self.seeds
            .iter()
            .map(|seed| {
                set.iter()
                    .map(|x| splitmix64(x ^ seed))
                    .min()
                    .unwrap_or(u64::MAX)
            })
            .collect()
    }

    /// Estimated Jaccard similarity of two signatures.
    pub fn estimate(a: &[u64], b: &[u64]) -> f64 {
        if a.is_empty() || a.iter().all(|x| *x == u64::MAX) || b.iter().all(|x| *x == u64::MAX) {
            return 0.0;
        }
        let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
        same as f64 / a.len().min(b.len()) as f64
    }
}

/// SplitMix64's finaliser: a fast, well-mixed 64-bit permutation.
pub fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tfidf_matches_scikit_learn_defaults() {
        // sklearn: TfidfVectorizer(analyzer=lambda d: d).fit_transform([["a","b","a"],["b","c"]])
        // idf(a) = ln(3/2)+1 = 1.405465, idf(b) = 1, idf(c) = 1.405465;
        // row 0 = [2*1.405465, 1] / norm = [0.94215, 0.33517].
        let (vocab, vecs) = tfidf_vectors(&[vec!["a", "b", "a"], vec!["b", "c"]]);
        assert_eq!(vocab.len(), 3);
        assert_eq!(vecs[0].indices, vec![0, 1]);
        assert!((vecs[0].values[0] - 0.94215).abs() < 1e-4);
        assert!((vecs[0].values[1] - 0.33517).abs() < 1e-4);
        assert!((vecs[0].norm() - 1.0).abs() < 1e-6);
        let c = vecs[0].cosine(&vecs[1]);
        assert!(c > 0.0 && c < 0.5, "{c}");
    }

    #[test]
    fn galloping_dot_equals_the_merge() {
        let long = SparseVec {
            indices: (0..500).map(|i| i * 3).collect(),
            values: (0..500).map(|i| 1.0 / (1.0 + i as f32)).collect(),
        };
        for short in [
            SparseVec {
                indices: vec![0, 3, 4, 299, 1497, 2000],
                values: vec![0.5, 0.25, 9.0, 0.1, 0.3, 7.0],
            },
            SparseVec {
                indices: vec![1497],
                values: vec![0.3],
            },
            SparseVec {
                indices: vec![5000],
                values: vec![1.0],
            },
            SparseVec::default(),
        ] {
            // The merge, written out: the reference the galloping path must equal bit for bit.
            let mut merged = 0.0f64;
            for (i, x) in short.indices.iter().zip(&short.values) {
                if let Some(p) = long.indices.iter().position(|t| t == i) {
                    merged += *x as f64 * long.values[p] as f64;
                }
            }
            assert_eq!(short.dot(&long).to_bits(), merged.to_bits());
            assert_eq!(long.dot(&short).to_bits(), merged.to_bits());
        }
    }

    #[test]
    fn minhash_estimates_jaccard() {
        let a: Vec<u64> = (0..200).collect();
        let b: Vec<u64> = (100..300).collect();
        let exact = jaccard(&a, &b);
        assert!((exact - 1.0 / 3.0).abs() < 1e-9);
        let mh = MinHasher::new(256);
        let est = MinHasher::estimate(&mh.signature(&a), &mh.signature(&b));
        assert!((est - exact).abs() < 0.1, "{est}");
        assert_eq!(
            MinHasher::estimate(&mh.signature(&a), &mh.signature(&a)),
            1.0
        );
        assert_eq!(
            MinHasher::estimate(&mh.signature(&a), &mh.signature(&[])),
            0.0
        );
    }

    #[test]
    fn shingles_are_sets() {
        let s = shingles(&["会议", "纪要", "会议", "纪要"], 2);
        assert_eq!(s.len(), 2);
        assert_eq!(jaccard(&s, &s), 1.0);
    }
}
