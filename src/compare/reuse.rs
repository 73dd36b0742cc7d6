//! Text reuse: the maximal passages that two documents share verbatim after normalisation (spaces dropped,
//! ASCII and full-width punctuation unified), with spans on both sides in original coordinates, and the
//! share of each document that is reused.
//!
//! Seeds come from winnowing (Schleimer et al.): every `k`-gram of the normalised text is hashed and the
//! minimum of each window of `w` hashes is kept as a fingerprint. With `k + w − 1 = min_chars`, every
//! shared passage of at least `min_chars` characters shares at least one fingerprint, so nothing that
//! long is missed. Fingerprints shared by two documents are extended left and right to maximal passages;
//! seeds on a diagonal already covered are skipped. Noise regions (web boilerplate, artefacts) are left out.

use rayon::prelude::*;
use serde::Serialize;

use super::Limit;
use crate::features::vectors::splitmix64;
use crate::span::{CharIndex, Span};
use crate::structure::{ParsedDoc, RegionKind};
use crate::text::fold::fold_char;

/// Options of a reuse search.
#[derive(Clone, Debug)]
pub struct ReuseOptions {
    /// Shortest passage reported, in normalised characters.
    pub min_chars: usize,
    /// A fingerprint found in more than this many places is boilerplate and not used as a seed.
    pub max_occurrences: usize,
    /// Pairs reported: each document's `partners` pairs that share the most text with it (`None`: every
    /// pair that shares a passage). The per-document shares count every pair either way.
    pub partners: Option<usize>,
    /// Passages listed per pair, longest first (0: all); `passage_count` gives the total.
    pub max_passages: usize,
}

impl ReuseOptions {
    /// The defaults for a corpus of `n` documents: every pair and passage up to
    /// [`SMALL_CORPUS`](crate::report::SMALL_CORPUS) documents, else each document's 5 closest partners and
    /// 20 passages per pair.
    pub fn for_corpus(n: usize) -> ReuseOptions {
        let small = n <= crate::report::SMALL_CORPUS;
        ReuseOptions {
            partners: (!small).then_some(5),
            max_passages: if small { 0 } else { 20 },
            ..ReuseOptions::default()
        }
    }

    /// These options with the pairs (`Some(None)`: every pair) and passages per pair given, where given.
    pub fn with(
        self,
        partners: Option<Option<usize>>,
        max_passages: Option<usize>,
    ) -> ReuseOptions {
        ReuseOptions {
            partners: partners.unwrap_or(self.partners),
            max_passages: max_passages.unwrap_or(self.max_passages),
            ..self
        }
    }
}

impl Default for ReuseOptions {
    fn default() -> Self {
        ReuseOptions {
            min_chars: 15,
            max_occurrences: 1000,
            partners: None,
            max_passages: 0,
        }
    }
}

/// A passage shared by two documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SharedPassage {
    /// In the first document of the pair (code points).
    pub a_span: Span,
    /// In the second document.
    pub b_span: Span,
    /// Length in normalised characters.
    pub chars: usize,
    /// The passage as written in the first document.
    pub text: String,
}

/// The reuse between two documents.
#[derive(Clone, Debug, Serialize)]
pub struct ReusePair {
    pub a: String,
    pub b: String,
    /// The documents' positions in the input.
    #[serde(skip)]
    pub a_index: usize,
    #[serde(skip)]
    pub b_index: usize,
    /// Best first: longest, then earliest in `a`; at most `max_passages` of them.
    pub passages: Vec<SharedPassage>,
    /// How many passages the two documents share, listed or not.
    pub passage_count: usize,
    /// Normalised characters of `a` (resp. `b`) inside some shared passage.
    pub a_reused_chars: usize,
    pub b_reused_chars: usize,
    /// `a_reused_chars` / all normalised characters of `a`.
    pub a_share: f64,
    pub b_share: f64,
}

/// The reuse of one document with all others together.
#[derive(Clone, Debug, Serialize)]
pub struct DocReuse {
    pub doc: String,
    /// Normalised characters analysed (noise excluded).
    pub chars: usize,
    /// Characters inside a passage shared with any other document.
    pub reused_chars: usize,
    pub share: f64,
}

/// The result of a reuse search.
#[derive(Clone, Debug, Serialize)]
pub struct ReuseReport {
    pub min_chars: usize,
    /// Pairs with at least one passage, ordered by document order.
    pub pairs: Vec<ReusePair>,
    pub documents: Vec<DocReuse>,
    /// Fingerprints skipped as boilerplate (found in more than `max_occurrences` places).
    pub skipped_fingerprints: usize,
    /// Pairs and passages left out (`reuse_pairs`, `reuse_passages`), and how many there were.
    pub limits: Vec<Limit>,
}

/// A document's normalised text and the map back to the original.
struct Normalised {
    chars: Vec<char>,
    /// Original code-point offset of each normalised character.
    map: Vec<usize>,
    /// Number of real (non-separator) characters.
    content: usize,
}

/// Private-use characters mark the gaps left by noise; each document has its own, so they never match.
fn separator(doc: usize) -> char {
    char::from_u32(0xF0000 + (doc as u32 % 0xFFFD)).unwrap_or('\u{FFFF}')
}

fn normalise(doc: &ParsedDoc, index: usize) -> Normalised {
    let mut noise: Vec<Span> = doc
        .regions
        .iter()
        .filter(|r| r.kind == RegionKind::Noise)
        .map(|r| r.span)
        .collect();
    noise.sort();
    let mut chars = Vec::with_capacity(doc.char_len);
    let mut map = Vec::with_capacity(doc.char_len);
    let mut content = 0;
    let mut ni = 0;
    let mut in_gap = false;
    for (i, c) in doc.analysis_text().chars().enumerate() {
        while ni < noise.len() && noise[ni].end <= i {
            ni += 1;
        }
        if ni < noise.len() && noise[ni].start <= i {
            if !in_gap {
                chars.push(separator(index));
                map.push(i);
                in_gap = true;
            }
            continue;
        }
        in_gap = false;
        if c.is_whitespace() {
            continue;
        }
        chars.push(fold_char(c));
        map.push(i);
        content += 1;
    }
    Normalised {
        chars,
        map,
        content,
    }
}

/// Winnowing fingerprints: (hash, position) of the minimum k-gram hash in every window of `w`.
fn fingerprints(chars: &[char], k: usize, w: usize) -> Vec<(u64, u32)> {
    if chars.len() < k {
        return vec![];
    }
    const B: u64 = 0x100_0000_01b3;
    let top = (0..k - 1).fold(1u64, |p, _| p.wrapping_mul(B));
    let mut hashes = Vec::with_capacity(chars.len() - k + 1);
    let mut h = 0u64;
    for (i, c) in chars.iter().enumerate() {
        if i >= k {
            h = h.wrapping_sub((chars[i - k] as u64).wrapping_mul(top));
        }
        h = h.wrapping_mul(B).wrapping_add(*c as u64);
        if i + 1 >= k {
            hashes.push(splitmix64(h));
        }
    }
    let w = w.max(1).min(hashes.len());
    let mut out: Vec<(u64, u32)> = Vec::new();
    let mut last: Option<usize> = None;
    for start in 0..=hashes.len() - w {
        // The rightmost minimum of the window.
        let mut best = start;
        for j in start..start + w {
            if hashes[j] <= hashes[best] {
                best = j;
            }
        }
        if last != Some(best) {
            out.push((hashes[best], best as u32));
            last = Some(best);
        }
    }
    out
}

/// A fingerprint's position in each of two documents.
type SeedPair = (u32, u32);
/// A shared passage: start in a, start in b, length (normalised characters).
type Match = (usize, usize, usize);

/// Finds the passages shared verbatim by every pair of documents.
pub fn find_reuse(docs: &[ParsedDoc], opts: &ReuseOptions) -> ReuseReport {
    let min = opts.min_chars.max(2);
    let k = min.min(8);
    let w = min - k + 1;
    let norm: Vec<Normalised> = docs
        .par_iter()
        .enumerate()
        .map(|(i, d)| normalise(d, i))
        .collect();
    let mut prints: Vec<(u64, u32, u32)> = norm
        .par_iter()
        .enumerate()
        .flat_map_iter(|(d, n)| {
            fingerprints(&n.chars, k, w)
                .into_iter()
                .map(move |(h, p)| (h, d as u32, p))
        })
        .collect();
    prints.par_sort_unstable();
    // The fingerprints shared across documents, as ranges of `prints` (sorted by document within).
    let mut shared: Vec<(usize, usize)> = Vec::new();
    let mut skipped = 0;
    let mut at = 0;
    for group in prints.chunk_by(|x, y| x.0 == y.0) {
        let range = (at, at + group.len());
        at += group.len();
        if group.len() < 2 || group.iter().all(|g| g.1 == group[0].1) {
            continue;
        }
        if group.len() > opts.max_occurrences {
            skipped += 1;
            continue;
        }
        shared.push(range);
    }
    // Per document, its places in those fingerprints: (fingerprint, position).
    let mut places: Vec<Vec<(u32, u32)>> = vec![Vec::new(); docs.len()];
    for (f, (lo, hi)) in shared.iter().enumerate() {
        for (_, d, p) in &prints[*lo..*hi] {
            places[*d as usize].push((f as u32, *p));
        }
    }
    // The passages of each pair (a < b), in pair order, with the characters of each side they cover:
    // document a's seeds with every later document that shares a fingerprint, extended pair by pair.
    let pairs: Vec<PairPassages> = places
        .par_iter()
        .enumerate()
        .flat_map_iter(|(a, places)| {
            let mut seeds: Vec<(u32, SeedPair)> = Vec::new();
            for (f, x) in places {
                let (lo, hi) = shared[*f as usize];
                let group = &prints[lo..hi];
                let later = group.partition_point(|g| g.1 as usize <= a);
                seeds.extend(group[later..].iter().map(|(_, b, y)| (*b, (*x, *y))));
            }
            seeds.sort_unstable_by_key(|(b, _)| *b);
            let norm = &norm;
            seeds
                .chunk_by(|x, y| x.0 == y.0)
                .filter_map(move |with_b| {
                    let b = with_b[0].0 as usize;
                    let s: Vec<SeedPair> = with_b.iter().map(|(_, s)| *s).collect();
                    let raw = extend(&norm[a].chars, &norm[b].chars, &s, min);
                    (!raw.is_empty()).then(|| PairPassages::new(a, b, raw))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let mut covered: Vec<Vec<(usize, usize)>> = vec![Vec::new(); docs.len()];
    for p in &pairs {
        covered[p.a].extend(p.raw.iter().map(|(x, _, l)| (*x, x + l)));
        covered[p.b].extend(p.raw.iter().map(|(_, y, l)| (*y, y + l)));
    }
    let found = pairs.len();
    let keep = match opts.partners {
        Some(k) => nearest_partners(&pairs, docs.len(), k),
        None => vec![true; found],
    };
    // Only the pairs listed are written out in full.
    let mut out_pairs: Vec<ReusePair> = pairs
        .into_par_iter()
        .zip(keep)
        .filter(|(_, keep)| *keep)
        .map(|(p, _)| {
            let (na, nb) = (&norm[p.a], &norm[p.b]);
            let mut passages: Vec<SharedPassage> = p
                .raw
                .iter()
                .map(|(x, y, l)| {
                    let a_span = Span::new(na.map[*x], na.map[x + l - 1] + 1);
                    SharedPassage {
                        a_span,
                        b_span: Span::new(nb.map[*y], nb.map[y + l - 1] + 1),
                        chars: *l,
                        // (Filled in below for the passages listed.)
                        text: String::new(),
                    }
                })
                .collect();
            passages.sort_by(|p, q| q.chars.cmp(&p.chars).then(p.a_span.cmp(&q.a_span)));
            ReusePair {
                a: docs[p.a].id.clone(),
                b: docs[p.b].id.clone(),
                a_index: p.a,
                b_index: p.b,
                passage_count: passages.len(),
                passages,
                a_reused_chars: p.a_reused,
                b_reused_chars: p.b_reused,
                a_share: share(p.a_reused, na.content),
                b_share: share(p.b_reused, nb.content),
            }
        })
        .collect();
    let documents = docs
        .iter()
        .zip(&norm)
        .zip(&covered)
        .map(|((d, n), c)| {
            let reused = union_len(c);
            DocReuse {
                doc: d.id.clone(),
                chars: n.content,
                reused_chars: reused,
                share: share(reused, n.content),
            }
        })
        .collect();
    let mut limits = Vec::new();
    if let Some(k) = opts.partners {
        if out_pairs.len() < found {
            limits.push(Limit::new(
                crate::compare::Bounded::ReusePairs,
                format!("each document's {k} pairs with the most text shared"),
                out_pairs.len(),
                found,
            ));
        }
    }
    let all_passages: usize = out_pairs.iter().map(|p| p.passage_count).sum();
    if opts.max_passages > 0 {
        for p in &mut out_pairs {
            p.passages.truncate(opts.max_passages);
        }
        let listed: usize = out_pairs.iter().map(|p| p.passages.len()).sum();
        if listed < all_passages {
            limits.push(Limit::new(
                crate::compare::Bounded::ReusePassages,
                format!("the {} longest passages of each pair", opts.max_passages),
                listed,
                all_passages,
            ));
        }
    }
    fill_texts(&mut out_pairs, docs);
    ReuseReport {
        min_chars: min,
        pairs: out_pairs,
        documents,
        skipped_fingerprints: skipped,
        limits,
    }
}

/// The passages two documents share (`a` < `b`, by index) and the characters of each they cover.
struct PairPassages {
    a: usize,
    b: usize,
    raw: Vec<Match>,
    a_reused: usize,
    b_reused: usize,
}

impl PairPassages {
    fn new(a: usize, b: usize, raw: Vec<Match>) -> PairPassages {
        let a_iv: Vec<(usize, usize)> = raw.iter().map(|(x, _, l)| (*x, x + l)).collect();
        let b_iv: Vec<(usize, usize)> = raw.iter().map(|(_, y, l)| (*y, y + l)).collect();
        PairPassages {
            a,
            b,
            a_reused: union_len(&a_iv),
            b_reused: union_len(&b_iv),
            raw,
        }
    }
}

/// Which pairs are among each document's `k` partners with the most of its text shared (ties: the
/// earlier partner).
fn nearest_partners(pairs: &[PairPassages], n_docs: usize, k: usize) -> Vec<bool> {
    // Per document: (its reused characters with the partner, partner, pair).
    let mut by_doc: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); n_docs];
    for (pi, p) in pairs.iter().enumerate() {
        by_doc[p.a].push((p.a_reused, p.b, pi));
        by_doc[p.b].push((p.b_reused, p.a, pi));
    }
    let mut keep = vec![false; pairs.len()];
    for mut list in by_doc {
        list.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        for (_, _, pi) in list.into_iter().take(k) {
            keep[pi] = true;
        }
    }
    keep
}

/// Extends seeds to maximal passages of at least `min` characters: (start in a, start in b, length).
fn extend(a: &[char], b: &[char], seeds: &[SeedPair], min: usize) -> Vec<Match> {
    let mut seeds = seeds.to_vec();
    // By diagonal, then position: a seed inside the previous passage of its diagonal is skipped.
    seeds.sort_by_key(|(x, y)| (*x as i64 - *y as i64, *x));
    seeds.dedup();
    let mut out = Vec::new();
    let mut covered: Option<(i64, usize)> = None;
    for (x, y) in seeds {
        let (x, y) = (x as usize, y as usize);
        let diag = x as i64 - y as i64;
        if let Some((d, end)) = covered {
            if d == diag && x < end {
                continue;
            }
        }
        if a[x] != b[y] {
            continue;
        }
        let mut s = 0;
        while x > s && y > s && a[x - s - 1] == b[y - s - 1] {
            s += 1;
        }
        let mut e = 1;
        while x + e < a.len() && y + e < b.len() && a[x + e] == b[y + e] {
            e += 1;
        }
        let (start_a, start_b, len) = (x - s, y - s, s + e);
        covered = Some((diag, start_a + len));
        if len >= min {
            out.push((start_a, start_b, len));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Total length of a union of half-open intervals.
fn union_len(iv: &[(usize, usize)]) -> usize {
    let mut iv = iv.to_vec();
    iv.sort_unstable();
    let mut total = 0;
    let mut cur: Option<(usize, usize)> = None;
    for (s, e) in iv {
        match cur {
            Some((cs, ce)) if s <= ce => cur = Some((cs, ce.max(e))),
            Some((cs, ce)) => {
                total += ce - cs;
                cur = Some((s, e));
            }
            None => cur = Some((s, e)),
        }
    }
    if let Some((cs, ce)) = cur {
        total += ce - cs;
    }
    total
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        crate::round::round4(part as f64 / whole as f64)
    }
}

/// Each listed passage's text, from its span in the first document.
fn fill_texts(pairs: &mut [ReusePair], docs: &[ParsedDoc]) {
    let mut listed = vec![false; docs.len()];
    for p in pairs.iter().filter(|p| !p.passages.is_empty()) {
        listed[p.a_index] = true;
    }
    let index: Vec<Option<CharIndex>> = docs
        .par_iter()
        .zip(&listed)
        .map(|(d, &l)| l.then(|| CharIndex::new(&d.text)))
        .collect();
    for p in pairs {
        let text = &docs[p.a_index].text;
        let Some(index) = &index[p.a_index] else {
            continue;
        };
        for passage in &mut p.passages {
            passage.text = text[index.bytes_of_span(text, passage.a_span)].to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;

    fn doc(id: &str, text: &str) -> ParsedDoc {
        let mut d = crate::structure::parse(&Document::from_text(id, text));
        d.text = text.to_string();
        d.char_len = text.chars().count();
        d
    }

    #[test]
    fn finds_a_shared_passage_across_spaces_and_punctuation_width() {
        let shared = "区政府组成人员要严格遵守保密纪律和外事纪律，严禁泄露国家秘密";
        let a = doc("a", &format!("第一条 开头不同的文字。{shared}。结尾甲。"));
        let b_text = format!(
            "前言乙乙乙。{}。结尾乙。",
            shared.replace('，', ",").replace("保密", "保 密")
        );
        let b = doc("b", &b_text);
        let r = find_reuse(&[a.clone(), b.clone()], &ReuseOptions::default());
        assert_eq!(r.pairs.len(), 1);
        let p = &r.pairs[0].passages[0];
        let a_text = crate::span::slice_chars(&a.text, p.a_span);
        let b_slice = crate::span::slice_chars(&b.text, p.b_span);
        assert!(a_text.contains(shared), "{a_text}");
        assert!(b_slice.contains("保 密纪律"), "{b_slice}");
        assert!(p.chars >= shared.chars().count());
        assert!(r.pairs[0].a_share > 0.5 && r.pairs[0].a_share < 1.0);
    }

    #[test]
    fn short_matches_are_not_reported_and_every_long_one_is() {
        // 14 shared characters: below the threshold; then exactly 15.
        let a = doc("a", "甲甲甲甲一二三四五六七八九十壹贰叁肆乙乙乙乙");
        let b = doc("b", "丙丙丙一二三四五六七八九十壹贰叁肆丁丁丁丁丁");
        let r = find_reuse(&[a.clone(), b.clone()], &ReuseOptions::default());
        assert!(r.pairs.is_empty());
        let b = doc("b", "丙丙丙一二三四五六七八九十壹贰叁肆乙丁丁丁丁");
        let r = find_reuse(&[a, b], &ReuseOptions::default());
        assert_eq!(r.pairs.len(), 1);
        assert_eq!(r.pairs[0].passages[0].chars, 15);
    }

    #[test]
    fn full_width_symbols_match_their_ascii_forms() {
        // A passage that one text writes with full-width digits and symbols, the other with ASCII ones.
        let a = doc(
            "a",
            "甲甲甲。财政资金支出超过５０％的项目须经区政府常务会议研究／决定。乙乙乙。",
        );
        let b = doc(
            "b",
            "丙丙丙。财政资金支出超过50%的项目须经区政府常务会议研究/决定。丁丁丁。",
        );
        let r = find_reuse(&[a, b], &ReuseOptions::default());
        assert_eq!(r.pairs.len(), 1);
        assert!(r.pairs[0].passages[0].chars >= 30, "{:?}", r.pairs[0]);
    }

    #[test]
    fn union_counts_overlaps_once() {
        assert_eq!(union_len(&[(0, 5), (3, 8), (10, 12)]), 10);
        assert_eq!(union_len(&[]), 0);
    }
}
