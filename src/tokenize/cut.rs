//! Cutting a text: the phase that folds it, has the segmenter cut the stretches between protected
//! phrases (through the sentence memo when it is on, in chunks cut after line breaks otherwise), runs the
//! filter chain on the pieces and hands each kept token, with its source slice and span, to the caller.

use std::borrow::Cow;

use super::{Analyzer, Context, Piece, SentenceMemo, TokenRef};
use crate::span::Span;
use crate::text::sentences::{phrase_end_after, phrases};

impl Analyzer {
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
        // A huge unit (one article of many megabytes) leaves buffers as large as its text: they are let go
        // rather than kept for the thread's next, ordinary units.
        if bufs.folded.capacity() > KEPT_SCRATCH_BYTES {
            bufs.folded = String::new();
        }
        if bufs.shifts.capacity() * std::mem::size_of::<(u32, u32)>() > KEPT_SCRATCH_BYTES {
            bufs.shifts = Vec::new();
        }
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
pub(super) const CHUNK_BYTES: usize = 4096;

/// The longest stretch the segmenter is given in one call where the text allows a cut (a run of memo
/// misses, or a chunk without a line break near): it bounds the pieces held at once on a huge text.
pub(super) const MAX_RUN_BYTES: usize = 64 * 1024;

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

/// The most scratch space a thread keeps between calls (see [`Buffers`]).
const KEPT_SCRATCH_BYTES: usize = 1 << 20;

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

    #[test]
    fn a_huge_unit_does_not_leave_its_buffers_behind() {
        let analyzer = Analyzer::government();
        let folded_capacity = || BUFFERS.with(|b| b.borrow().folded.capacity());
        // Folding changes this text (ASCII commas become full-width), so the folded copy is made.
        analyzer.tokenize_with("区长签发,公文", Context::default(), 0, |_| {});
        assert!(folded_capacity() > 0);
        let huge = "区政府常务会议每月召开一次,由区长召集和主持。".repeat(60_000);
        let mut tokens = 0;
        analyzer.tokenize_with(&huge, Context::default(), 0, |_| tokens += 1);
        assert!(tokens > 60_000);
        assert!(
            folded_capacity() <= KEPT_SCRATCH_BYTES,
            "{}",
            folded_capacity()
        );
    }
}
