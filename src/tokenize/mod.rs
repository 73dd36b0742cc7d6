//! Tokenization: cuts text into word tokens that carry the exact source slice (`text`), a folded form for
//! vectors (`norm`) and a code-point [`Span`].
//!
//! An [`Analyzer`] is a [`Segmenter`] (jieba-rs behind our own trait, see `jieba.rs`) plus a chain of small
//! [`TokenFilter`]s, composed with a builder in the manner of tantivy:
//!
//! ```
//! use govrules::tokenize::{filters, Analyzer};
//! let analyzer = Analyzer::builder()
//!     .filter(filters::DropWhitespace)
//!     .filter(filters::DropPunctuation)
//!     .role_folding(true)
//!     .build();
//! let tokens = analyzer.tokenize("区长签发区长办公会议纪要。");
//! let norms: Vec<&str> = tokens.iter().map(|t| t.norm.as_str()).collect();
//! assert_eq!(norms, ["<首长>", "签发", "<首长办公会议>", "纪要"]);
//! assert_eq!(tokens[0].text, "区长");
//! ```
//!
//! How a text is cut: it is first folded character by character (full-width letters and digits to ASCII,
//! ASCII punctuation to its CJK form; see [`crate::text::fold`]), which never changes the number of code points, so
//! spans computed on the folded text are spans of the source. Dictionary phrases that jieba cannot join
//! (`县（市、区）`) are matched first; the rest is split into clauses at punctuation and line breaks, where
//! jieba would split anyway, and each clause is segmented, through the sentence memo (`memo.rs`) when it
//! is on. Tokens then pass the filters in order; a filter may drop a token or rewrite its `norm`.
//!
//! `parallel.rs` tokenizes the units (articles, front matter, headings, back matter) of parsed documents
//! with rayon; the output is identical whatever the number of threads. `jsonl.rs` writes the records of
//! `govrules tokenize --jsonl`, and `stream.rs` hands each document's output from the workers to one writer
//! in input order.

pub mod dictionary;
pub mod filters;
mod jieba;
pub mod jsonl;
pub mod memo;
pub mod parallel;
pub mod stream;

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use compact_str::CompactString;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::span::Span;
use crate::text::sentences::{phrase_end_after, phrases};

pub use dictionary::UserDictionary;
pub use filters::roles::{GovLevel, RoleTable};
pub use filters::TokenFilter;
pub use memo::SentenceMemo;
pub use parallel::{tokenize_corpus, tokenize_doc, units, DocTokens, TokenUnit, UnitTokens};

/// One token.
///
/// Serializes as `{"text", "span"}`, with `"norm"` added only when it differs from `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The exact source slice. (A `CompactString`: up to 24 bytes, nearly every word, are stored inline,
    /// so collecting tokens allocates nothing per token.)
    pub text: CompactString,
    /// The folded term used for vectors; equals `text` when nothing folded.
    pub norm: CompactString,
    /// Code points `[start, end)` into the text that was tokenized.
    pub span: Span,
}

impl Serialize for Token {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        TokenRef {
            text: &self.text,
            norm: &self.norm,
            span: self.span,
        }
        .serialize(serializer)
    }
}

/// A token borrowed from the analyzer's buffers: what [`Analyzer::tokenize_with`] hands to its callback,
/// so that a caller that only writes tokens out allocates nothing per token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenRef<'a> {
    pub text: &'a str,
    pub norm: &'a str,
    pub span: Span,
}

impl TokenRef<'_> {
    pub fn to_token(&self) -> Token {
        Token {
            text: CompactString::from(self.text),
            norm: CompactString::from(self.norm),
            span: self.span,
        }
    }
}

impl Serialize for TokenRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let differs = self.norm != self.text;
        let mut s = serializer.serialize_struct("Token", 2 + usize::from(differs))?;
        s.serialize_field("text", self.text)?;
        if differs {
            s.serialize_field("norm", self.norm)?;
        }
        s.serialize_field("span", &self.span)?;
        s.end()
    }
}

/// One word found by a [`Segmenter`]: byte and code-point offsets into the text it was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    pub byte_start: u32,
    pub byte_end: u32,
    pub char_start: u32,
    pub char_end: u32,
}

/// Cuts a text into words. The pieces it pushes cover the text, in order, without gaps.
pub trait Segmenter: Send + Sync {
    fn segment(&self, text: &str, out: &mut Vec<Piece>);
}

/// What a filter may consult besides the token: the level of the government whose text it is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// The document's own level (区, 县, 市, 省) when known; role folding uses it.
    pub level: Option<GovLevel>,
}

/// A segmenter, a folding step and a chain of filters. Cheap to clone; `Send + Sync`, so one analyzer
/// serves every rayon thread (jieba's `cut` takes `&self`).
#[derive(Clone)]
pub struct Analyzer {
    segmenter: Arc<dyn Segmenter>,
    /// The sentence memo, when on: text is then looked up clause by clause, and the clauses it misses are
    /// segmented together. Without it each stretch between phrases goes to the segmenter in large chunks
    /// (the same pieces either way).
    memo: Option<Arc<SentenceMemo>>,
    phrases: Option<Arc<dictionary::Phrases>>,
    fold_width: bool,
    filters: filters::Chain,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("fold_width", &self.fold_width)
            .field("memo", &self.memo.is_some())
            .field("phrases", &self.phrases.as_ref().map(|p| p.len()))
            .field("filters", &self.filters)
            .finish()
    }
}

/// Builds an [`Analyzer`]: dictionary, folding, memo, filters.
pub struct AnalyzerBuilder {
    dictionary: Option<UserDictionary>,
    hmm: bool,
    memo: bool,
    memo_capacity: Option<usize>,
    fold_width: bool,
    filters: Vec<filters::Step>,
    role_table: Option<RoleTable>,
    role_folding: bool,
}

/// The segmenter with the bundled government dictionary, loaded once per process and shared, and its memo.
fn government_segmenter(memo: bool) -> (Arc<dyn Segmenter>, Option<Arc<SentenceMemo>>) {
    static PLAIN: OnceLock<Arc<dyn Segmenter>> = OnceLock::new();
    static MEMO: OnceLock<Arc<SentenceMemo>> = OnceLock::new();
    let plain = PLAIN.get_or_init(|| {
        Arc::new(jieba::JiebaSegmenter::new(
            UserDictionary::government().words(),
            true,
        ))
    });
    let memo =
        memo.then(|| MEMO.get_or_init(|| Arc::new(SentenceMemo::new(memo::DEFAULT_CAPACITY))));
    (plain.clone(), memo.cloned())
}

fn government_phrases() -> Arc<dictionary::Phrases> {
    static PHRASES: OnceLock<Arc<dictionary::Phrases>> = OnceLock::new();
    PHRASES
        .get_or_init(|| {
            Arc::new(dictionary::Phrases::new(
                UserDictionary::government().phrases(),
            ))
        })
        .clone()
}

impl AnalyzerBuilder {
    /// Replaces the bundled government dictionary (see [`UserDictionary::load`]).
    pub fn dictionary(mut self, dictionary: UserDictionary) -> Self {
        self.dictionary = Some(dictionary);
        self
    }

    /// jieba's HMM for words outside the dictionary (default on, as in jieba).
    pub fn hmm(mut self, on: bool) -> Self {
        self.hmm = on;
        self
    }

    /// The sentence memo: a clause seen before is not segmented again (default on). Never changes output.
    pub fn memo(mut self, on: bool) -> Self {
        self.memo = on;
        self
    }

    /// Turns the memo on with its own cache of at most `bytes` per thread (the default memo, shared by
    /// every analyzer with the bundled dictionary, holds [`memo::DEFAULT_CAPACITY`]).
    pub fn memo_capacity(mut self, bytes: usize) -> Self {
        self.memo = true;
        self.memo_capacity = Some(bytes);
        self
    }

    /// Width and punctuation folding before segmentation (default on); `norm` gets the folded form.
    pub fn fold_width(mut self, on: bool) -> Self {
        self.fold_width = on;
        self
    }

    /// Appends a filter; filters run in the order added, role folding (if on) last.
    pub fn filter<F: TokenFilter + 'static>(mut self, filter: F) -> Self {
        self.filters.push(filters::Step::new(filter));
        self
    }

    /// Folds role words (区长/市长 → `<首长>`) with the bundled table, or the one given by [`Self::role_table`].
    pub fn role_folding(mut self, on: bool) -> Self {
        self.role_folding = on;
        self
    }

    /// Replaces the bundled role table (and turns role folding on).
    pub fn role_table(mut self, table: RoleTable) -> Self {
        self.role_table = Some(table);
        self.role_folding = true;
        self
    }

    pub fn build(self) -> Analyzer {
        let (segmenter, memo, phrases) = match &self.dictionary {
            None if self.hmm && self.memo_capacity.is_none() => {
                let (segmenter, memo) = government_segmenter(self.memo);
                (segmenter, memo, government_phrases())
            }
            dict => {
                let dict = dict.clone().unwrap_or_else(UserDictionary::government);
                let plain: Arc<dyn Segmenter> =
                    Arc::new(jieba::JiebaSegmenter::new(dict.words(), self.hmm));
                let capacity = self.memo_capacity.unwrap_or(memo::DEFAULT_CAPACITY);
                let memo = self.memo.then(|| Arc::new(SentenceMemo::new(capacity)));
                (
                    plain,
                    memo,
                    Arc::new(dictionary::Phrases::new(dict.phrases())),
                )
            }
        };
        let mut filters = self.filters;
        if self.role_folding {
            let table = self.role_table.unwrap_or_else(RoleTable::bundled);
            filters.push(filters::Step::new(filters::RoleFolding::new(table)));
        }
        Analyzer {
            segmenter,
            memo,
            phrases: (!phrases.is_empty()).then_some(phrases),
            fold_width: self.fold_width,
            filters: filters::Chain::new(filters),
        }
    }
}

impl Analyzer {
    /// A builder with the bundled dictionary, HMM, memo and width folding on, and no filters.
    pub fn builder() -> AnalyzerBuilder {
        AnalyzerBuilder {
            dictionary: None,
            hmm: true,
            memo: true,
            memo_capacity: None,
            fold_width: true,
            filters: Vec::new(),
            role_table: None,
            role_folding: false,
        }
    }

    /// The default analyzer: government dictionary, width and punctuation folding, whitespace and
    /// punctuation dropped, stopwords dropped.
    pub fn government() -> Analyzer {
        Self::government_builder().build()
    }

    /// [`Analyzer::government`] plus role folding, so that a district's text and a city's compare.
    pub fn government_folded() -> Analyzer {
        Self::government_builder().role_folding(true).build()
    }

    /// The builder behind [`Analyzer::government`], to adjust before building.
    pub fn government_builder() -> AnalyzerBuilder {
        Self::builder()
            .filter(filters::DropWhitespace)
            .filter(filters::DropPunctuation)
            .filter(filters::Stopwords::bundled())
    }

    /// The memo's counters (summed over threads), when the memo is on.
    pub fn memo_stats(&self) -> Option<memo::MemoStats> {
        self.memo.as_ref().map(|m| m.stats())
    }

    /// Whether this analyzer folds role words.
    pub fn folds_roles(&self) -> bool {
        self.filters.is_role_folding()
    }

    /// Tokenizes `text`; spans are code points relative to `text`.
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        self.tokenize_in(text, Context::default())
    }

    /// Tokenizes `text` for a document whose level is known (role folding then folds only that level).
    pub fn tokenize_in(&self, text: &str, ctx: Context) -> Vec<Token> {
        let mut out = Vec::with_capacity(text.len() / 6);
        self.tokenize_with(text, ctx, 0, |t| out.push(t.to_token()));
        out
    }

    /// Tokenizes `text`, handing each kept token to `sink` in order without allocating it.
    /// Spans are shifted by `offset` code points (the position of `text` in its document).
    pub fn tokenize_with(
        &self,
        text: &str,
        ctx: Context,
        offset: usize,
        sink: impl FnMut(TokenRef<'_>),
    ) {
        self.tokenize_source_with(text, text, ctx, offset, sink);
    }

    /// Tokenizes `analysis`, a text as the analysis reads it (a traditional text's simplified form, see
    /// [`crate::text::script`]), giving each token its `text` from `source`, the text as written. The two
    /// must have the same byte offsets, as a text and its simplified form do; otherwise `source` is
    /// tokenized as it is. Words are cut, filtered and folded on `analysis`: `norm` is its form.
    pub fn tokenize_source_with(
        &self,
        source: &str,
        analysis: &str,
        ctx: Context,
        offset: usize,
        mut sink: impl FnMut(TokenRef<'_>),
    ) {
        let (text, analysis) = if analysis.len() == source.len() {
            (source, analysis)
        } else {
            (source, source)
        };
        // Buffers are reused across calls on the same thread (a nested call finds them taken and makes its own).
        let mut bufs = BUFFERS.with(|b| std::mem::take(&mut *b.borrow_mut()));
        let Buffers {
            folded,
            shifts,
            kept,
            gap,
        } = &mut bufs;
        shifts.clear();
        let norm_text = if self.fold_width && crate::text::fold::fold_into(analysis, folded, shifts)
        {
            folded.as_str()
        } else {
            analysis
        };
        let mut to_source = SourceMap::new(shifts);
        // (When neither folding nor the script mapping changed anything, a token's source text is its
        // folded text.)
        let unfolded = std::ptr::eq(norm_text, text);
        let mut emit = |pieces: &[Piece], (at_byte, at_char): (usize, usize)| {
            self.filters.decide_run(norm_text, at_byte, pieces, kept);
            let run = &norm_text[at_byte..];
            for (block, &bits) in pieces.chunks(64).zip(kept.iter()) {
                let mut bits = bits;
                while bits != 0 {
                    let p = &block[bits.trailing_zeros() as usize];
                    bits &= bits - 1;
                    let folded = &run[p.byte_start as usize..p.byte_end as usize];
                    let mut norm = Cow::Borrowed(folded);
                    if !self.filters.rewrites(&mut norm, &ctx) {
                        continue;
                    }
                    let source = if unfolded {
                        folded
                    } else {
                        // (Offsets arrive in order, kept tokens' too, so the map only ever walks forward.)
                        let nb = at_byte + p.byte_start as usize;
                        let ne = at_byte + p.byte_end as usize;
                        &text[to_source.byte(nb)..to_source.byte(ne)]
                    };
                    sink(TokenRef {
                        text: source,
                        norm: &norm,
                        span: Span::new(
                            offset + at_char + p.char_start as usize,
                            offset + at_char + p.char_end as usize,
                        ),
                    });
                }
            }
        };

        let mut at_byte = 0;
        let mut at_char = 0;
        if let Some(phrases) = &self.phrases {
            for m in phrases.find_iter(norm_text) {
                at_char = self.segment_gap(
                    &norm_text[at_byte..m.start],
                    (at_byte, at_char),
                    gap,
                    &mut emit,
                );
                let len = norm_text[m.start..m.end].chars().count();
                let phrase = Piece {
                    byte_start: 0,
                    byte_end: (m.end - m.start) as u32,
                    char_start: 0,
                    char_end: len as u32,
                };
                emit(&[phrase], (m.start, at_char));
                at_char += len;
                at_byte = m.end;
            }
        }
        self.segment_gap(&norm_text[at_byte..], (at_byte, at_char), gap, &mut emit);
        BUFFERS.with(|b| *b.borrow_mut() = bufs);
    }

    /// Segments `gap` (which starts at byte and code point `at` of the folded text), handing each piece to
    /// `emit` as folded-text byte and code-point offsets. Returns the code point after the gap.
    ///
    /// Without the memo (or while it stands aside, see `memo.rs`) the gap goes to the segmenter in a few
    /// large chunks ([`Self::segment_chunks`]).
    /// With it, the gap is walked clause by clause:
    /// a cached clause is emitted from the memo; the clauses between two hits form a run, segmented in one
    /// call when the next hit (or the gap's end) closes it, and each cacheable clause of the run is then
    /// stored with its pieces.
    fn segment_gap(
        &self,
        gap: &str,
        at: (usize, usize),
        bufs: &mut GapBuffers,
        emit: &mut impl FnMut(&[Piece], (usize, usize)),
    ) -> usize {
        let memo = match &self.memo {
            Some(memo) if !memo.bypass(gap.len()) => memo,
            _ => {
                return self.segment_chunks(gap, at, &mut bufs.pieces, emit);
            }
        };
        let (gap_byte, gap_char) = at;
        bufs.pending.clear();
        let mut run: Option<(usize, usize)> = None; // where the run of misses starts: byte in gap, code point
        let mut chars = gap_char;
        for (cb, ce, n) in phrases(gap) {
            // A long run of misses is closed at a clause edge (where the segmenter splits anyway), so the
            // pieces held at once stay bounded in a text of millions of characters without a hit.
            if let Some(start) = run.filter(|(rb, _)| cb - rb >= MAX_RUN_BYTES) {
                run = None;
                self.close_run(memo, gap, at, start, cb, bufs, emit);
            }
            let clause = &gap[cb..ce];
            if SentenceMemo::caches_len(clause.len()) {
                let hash = SentenceMemo::hash(clause);
                bufs.cached.clear();
                if memo.lookup(hash, clause, &mut bufs.cached) {
                    if let Some(start) = run.take() {
                        // (Storing the run may empty the cache; the hit is already in `cached`.)
                        self.close_run(memo, gap, at, start, cb, bufs, emit);
                    }
                    emit(&bufs.cached, (gap_byte + cb, chars));
                    chars += n;
                    continue;
                }
                bufs.pending.push(Pending {
                    byte: cb as u32,
                    end: ce as u32,
                    char: chars as u32,
                    hash,
                });
            }
            run.get_or_insert((cb, chars));
            chars += n;
        }
        if let Some(start) = run {
            self.close_run(memo, gap, at, start, gap.len(), bufs, emit);
        }
        chars
    }

    /// Segments `text` (at byte and code point `at` of the folded text) in chunks of about
    /// [`CHUNK_BYTES`], each cut just after a line break, and emits the pieces. Returns the code point after
    /// the text. jieba never joins a line break to a neighbour (`\r\n` stays whole: the cut is after the
    /// `\n`), so the pieces are those of one call over the whole text; but a chunk's text and pieces stay in
    /// the processor's caches while they are segmented and emitted, which is faster than one call per
    /// document (benches/RESULTS.md).
    fn segment_chunks(
        &self,
        text: &str,
        at: (usize, usize),
        pieces: &mut Vec<Piece>,
        emit: &mut impl FnMut(&[Piece], (usize, usize)),
    ) -> usize {
        let (mut byte, mut char) = at;
        let mut rest = text;
        while !rest.is_empty() {
            // (A `\n` byte is always a whole character, so the cut is a character boundary.)
            let line_break = rest
                .as_bytes()
                .get(CHUNK_BYTES..)
                .and_then(|tail| tail.iter().position(|&b| b == b'\n'));
            let cut = match line_break {
                Some(i) if i < MAX_RUN_BYTES => CHUNK_BYTES + i + 1,
                // No line break near: after the first clause end past the chunk (where the segmenter
                // splits anyway), so a text without line breaks is not segmented in one call.
                _ => phrase_end_after(rest, CHUNK_BYTES),
            };
            self.segment_run(&rest[..cut], (byte, char), pieces, emit);
            byte += cut;
            char += pieces.last().map_or(0, |p| p.char_end as usize);
            rest = &rest[cut..];
        }
        char
    }

    /// Segments `text` (at byte and code point `at` of the folded text) in one call into `pieces`, and
    /// emits them.
    fn segment_run(
        &self,
        text: &str,
        at: (usize, usize),
        pieces: &mut Vec<Piece>,
        emit: &mut impl FnMut(&[Piece], (usize, usize)),
    ) {
        pieces.clear();
        self.segmenter.segment(text, pieces);
        emit(pieces, at);
    }

    /// Segments and emits the run of missed clauses `gap[start.0..end]` (code point `start.1` of the
    /// folded text), then stores its pending clauses in the memo, each with the pieces that cover it.
    /// Leaves `bufs.cached` alone.
    #[allow(clippy::too_many_arguments)]
    fn close_run(
        &self,
        memo: &SentenceMemo,
        gap: &str,
        at: (usize, usize),
        start: (usize, usize),
        end: usize,
        bufs: &mut GapBuffers,
        emit: &mut impl FnMut(&[Piece], (usize, usize)),
    ) {
        let GapBuffers {
            pieces,
            scratch,
            pending,
            ..
        } = bufs;
        let (rb, rc) = start;
        self.segment_run(&gap[rb..end], (at.0 + rb, rc), pieces, emit);
        let mut i = 0;
        for c in pending.drain(..) {
            let (lo, hi) = (c.byte - rb as u32, c.end - rb as u32);
            while i < pieces.len() && pieces[i].byte_start < lo {
                i += 1;
            }
            let first = i;
            while i < pieces.len() && pieces[i].byte_end <= hi {
                i += 1;
            }
            let covering = &pieces[first..i];
            let exact = covering.first().is_some_and(|p| p.byte_start == lo)
                && covering.last().is_some_and(|p| p.byte_end == hi);
            if !exact {
                continue; // a piece crossed the clause's edge: leave it uncached
            }
            let char_lo = c.char - rc as u32;
            scratch.clear();
            scratch.extend(covering.iter().map(|p| Piece {
                byte_start: p.byte_start - lo,
                byte_end: p.byte_end - lo,
                char_start: p.char_start - char_lo,
                char_end: p.char_end - char_lo,
            }));
            memo.store(c.hash, &gap[c.byte as usize..c.end as usize], scratch);
        }
    }
}

/// How much text [`Analyzer::segment_chunks`] gives the segmenter at a time, at least (up to the next line
/// break).
const CHUNK_BYTES: usize = 4096;

/// The longest stretch the segmenter is given in one call where the text allows a cut (a run of memo
/// misses, or a chunk without a line break near): it bounds the pieces held at once on a huge text.
const MAX_RUN_BYTES: usize = 64 * 1024;

/// The scratch space [`Analyzer::segment_gap`] works in.
#[derive(Default)]
struct GapBuffers {
    pieces: Vec<Piece>,
    cached: Vec<Piece>,
    scratch: Vec<Piece>,
    pending: Vec<Pending>,
}

/// A clause of the current run that the memo missed and will store: its bytes in the gap, its first
/// code point in the folded text, and its hash.
#[derive(Clone, Copy, Debug)]
struct Pending {
    byte: u32,
    end: u32,
    char: u32,
    hash: u64,
}

/// Per-thread scratch space of [`Analyzer::tokenize_with`].
#[derive(Default)]
struct Buffers {
    folded: String,
    shifts: Vec<(u32, u32)>,
    /// The pieces the filters keep, in each batch emitted (a bit set, see `filters::Chain::decide_run`).
    kept: Vec<u64>,
    gap: GapBuffers,
}

thread_local! {
    static BUFFERS: std::cell::RefCell<Buffers> = std::cell::RefCell::new(Buffers::default());
}

/// Maps byte offsets of the folded text back to the source text. Folding keeps code points one to one
/// and records where a character changed its UTF-8 length (`crate::text::fold::fold_into`'s shifts); offsets arrive in
/// order, so the map walks the shifts forward and never decodes text.
struct SourceMap<'a> {
    shifts: &'a [(u32, u32)],
    next: usize,
    /// source offset − folded offset, after the shifts passed so far.
    delta: isize,
}

impl<'a> SourceMap<'a> {
    fn new(shifts: &'a [(u32, u32)]) -> Self {
        SourceMap {
            shifts,
            next: 0,
            delta: 0,
        }
    }

    #[inline]
    fn byte(&mut self, folded: usize) -> usize {
        while let Some(&(f, s)) = self.shifts.get(self.next) {
            if f as usize > folded {
                break;
            }
            self.delta = s as isize - f as isize;
            self.next += 1;
        }
        (folded as isize + self.delta) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::slice_chars;

    fn texts(tokens: &[Token]) -> Vec<&str> {
        tokens.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn plain_analyzer_covers_the_text() {
        let text = "第五条　区政府实行区长负责制, 区长领导区政府的工作。\n（二）ＡＢＣ１２３";
        let a = Analyzer::builder().build();
        let tokens = a.tokenize(text);
        let joined: String = tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(joined, text);
        for t in &tokens {
            assert_eq!(slice_chars(text, t.span), t.text);
        }
        let abc = tokens.iter().find(|t| t.text == "ＡＢＣ１２３").unwrap();
        assert_eq!(abc.norm, "ABC123");
        let comma = tokens.iter().find(|t| t.text == ",").unwrap();
        assert_eq!(comma.norm, "，");
    }

    #[test]
    fn government_drops_space_punctuation_and_stopwords() {
        let a = Analyzer::government();
        let tokens = a.tokenize("区长的工作， 由区政府办公室负责。");
        assert_eq!(texts(&tokens), ["区长", "工作", "区政府", "办公室", "负责"]);
    }

    #[test]
    fn folded_and_plain_cut_the_same_words() {
        let text = "区长召集和主持区政府全体会议、区政府常务会议和区长办公会议。";
        let plain = Analyzer::government().tokenize(text);
        let folded = Analyzer::government_folded().tokenize(text);
        assert_eq!(texts(&plain), texts(&folded));
        let norms: Vec<&str> = folded.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(
            norms,
            [
                "<首长>",
                "召集",
                "主持",
                "<本级政府>",
                "全体会议",
                "<本级政府>",
                "常务会议",
                "<首长办公会议>"
            ]
        );
    }

    #[test]
    fn protected_phrases_come_out_whole_in_either_width() {
        let a = Analyzer::government();
        for text in ["涉及县(市、区)的，应当事先听取意见", "涉及县（市、区）的"]
        {
            let tokens = a.tokenize(text);
            let t = tokens.iter().find(|t| t.text.starts_with('县')).unwrap();
            assert_eq!(t.text.chars().count(), 6, "{text}: {tokens:?}");
            assert_eq!(t.norm, "县（市、区）");
            assert_eq!(slice_chars(text, t.span), t.text);
        }
    }

    #[test]
    fn memo_cold_and_warm_gives_the_output_without_it() {
        let seeds = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"))
            .unwrap()
            .filter_map(|e| std::fs::read_to_string(e.unwrap().path()).ok())
            .collect::<Vec<_>>();
        assert!(seeds.len() >= 5);
        // Mixed widths, a phrase, short and long clauses, a clause repeated at once and later.
        let mixed = "各县(市、区)人民政府应当按照规定执行，各县(市、区)人民政府应当按照规定执行，（一）ＡＢＣ，\
                     区政府办公室要加强督促检查。\r\n区政府办公室要加强督促检查。";
        let off = Analyzer::government_builder().memo(false).build();
        let on = Analyzer::government_builder()
            .dictionary(UserDictionary::government())
            .memo(true)
            .build();
        // A cache so small that storing a run empties it, between a hit and its use.
        let tiny = Analyzer::government_builder().memo_capacity(2048).build();
        for text in seeds.iter().map(String::as_str).chain([mixed]) {
            let expected = off.tokenize(text);
            for memo in [&on, &tiny] {
                assert_eq!(memo.tokenize(text), expected, "cold");
                assert_eq!(memo.tokenize(text), expected, "warm");
            }
        }
        let stats = on.memo_stats().unwrap();
        assert!(stats.hits > 1000 && stats.entries > 100, "{stats:?}");
        let stats = tiny.memo_stats().unwrap();
        assert!(stats.hits > 10 && stats.evictions > 10, "{stats:?}");
    }

    #[test]
    fn chunked_segmentation_gives_the_pieces_of_one_call() {
        let dict = UserDictionary::parse("test", "区长办公会议\n常务会议\n").unwrap();
        let analyzer = Analyzer::builder()
            .dictionary(dict.clone())
            .memo(false)
            .fold_width(false)
            .build();
        let whole = jieba::JiebaSegmenter::new(dict.words(), true);
        let seed = include_str!("../../corpus/quzhou-2022.txt");
        let one_line: String = seed.lines().collect();
        // Longer than a run or a chunk may be without a cut (the seed's lines over and over, joined).
        let long_line = one_line.repeat(MAX_RUN_BYTES / one_line.len() * 3 + 1);
        // Line feeds, CRLF line ends (never cut between `\r` and `\n`), and no line break at all.
        for text in [
            seed.to_string(),
            seed.replace('\n', "\r\n"),
            one_line,
            long_line,
        ] {
            assert!(text.len() > 3 * CHUNK_BYTES);
            let mut pieces = Vec::new();
            whole.segment(&text, &mut pieces);
            let expected: Vec<Span> = pieces
                .iter()
                .map(|p| Span::new(p.char_start as usize, p.char_end as usize))
                .collect();
            let got: Vec<Span> = analyzer.tokenize(&text).iter().map(|t| t.span).collect();
            assert_eq!(got, expected);
            // The memo's runs of misses are cut at clause edges too: the same pieces.
            let memo = Analyzer::builder()
                .dictionary(dict.clone())
                .fold_width(false)
                .build();
            let got: Vec<Span> = memo.tokenize(&text).iter().map(|t| t.span).collect();
            assert_eq!(got, expected);
        }
    }

    #[test]
    fn memo_does_not_change_output() {
        let text = "区政府办公室要加强督促检查。区政府办公室要加强督促检查。\n区政府办公室要加强督促检查。";
        let on = Analyzer::builder().memo(true).build().tokenize(text);
        let off = Analyzer::builder().memo(false).build().tokenize(text);
        assert_eq!(on, off);
    }

    #[test]
    fn offsets_shift_spans() {
        let a = Analyzer::builder().build();
        let mut spans = Vec::new();
        a.tokenize_with("区长", Context::default(), 10, |t| spans.push(t.span));
        assert_eq!(spans, [Span::new(10, 12)]);
    }

    #[test]
    fn token_serializes_norm_only_when_it_differs() {
        let same = Token {
            text: "区长".into(),
            norm: "区长".into(),
            span: Span::new(0, 2),
        };
        assert_eq!(
            serde_json::to_string(&same).unwrap(),
            r#"{"text":"区长","span":[0,2]}"#
        );
        let folded = Token {
            norm: "<首长>".into(),
            ..same
        };
        assert_eq!(
            serde_json::to_string(&folded).unwrap(),
            r#"{"text":"区长","norm":"<首长>","span":[0,2]}"#
        );
    }
}
