//! Counting the characters of a text that only one script writes, for [`super::ScriptCounts::of`].
//!
//! Every document is counted, so this is on the parser's path. It goes by lead byte rather than by
//! character: a byte `E0`–`EF` starts a three-byte character and one from `F0` a four-byte one wherever it
//! stands (continuation bytes are `80`–`BF`), so a block of bytes can be searched for lead bytes without
//! knowing where its first character starts. Three-byte characters are all looked up in the table of the
//! Basic Multilingual Plane (those below U+3000 count for neither); four-byte ones through
//! [`Tables::class`].

use super::{Class, ScriptCounts, Tables};

/// The traditional and simplified characters starting in `bytes` (a whole UTF-8 text).
pub(super) fn count(t: &Tables, bytes: &[u8]) -> ScriptCounts {
    let mut counts = ScriptCounts::default();
    #[cfg(target_arch = "x86_64")]
    let i = sse2::count_blocks(t, bytes, &mut counts);
    #[cfg(not(target_arch = "x86_64"))]
    let i = 0;
    for j in i..bytes.len() {
        let b = bytes[j];
        if b & 0xF0 == 0xE0 {
            match t.bmp[three_byte_cp(b, bytes[j + 1], bytes[j + 2])] {
                1 => counts.traditional += 1,
                2 => counts.simplified += 1,
                _ => {}
            }
        } else if b >= 0xF0 {
            add_four_byte(t, bytes, j, &mut counts);
        }
    }
    counts
}

/// Counts the four-byte character at `bytes[j]`.
fn add_four_byte(t: &Tables, bytes: &[u8], j: usize, counts: &mut ScriptCounts) {
    let c = u32::from(bytes[j] & 0x07) << 18
        | u32::from(bytes[j + 1] & 0x3F) << 12
        | u32::from(bytes[j + 2] & 0x3F) << 6
        | u32::from(bytes[j + 3] & 0x3F);
    match char::from_u32(c).map_or(Class::Neither, |c| t.class(c)) {
        Class::Traditional => counts.traditional += 1,
        Class::Simplified => counts.simplified += 1,
        Class::Neither => {}
    }
}

/// The code point of the three-byte UTF-8 sequence `b0 b1 b2`.
#[inline(always)]
fn three_byte_cp(b0: u8, b1: u8, b2: u8) -> usize {
    usize::from(b0 & 0x0F) << 12 | usize::from(b1 & 0x3F) << 6 | usize::from(b2 & 0x3F)
}

/// Sixteen bytes at a time with SSE2 (part of every x86-64 processor): the code point each byte would
/// start as a three-byte lead is computed for all sixteen at once, and only the lead bytes' are looked up.
#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8, _mm_setzero_si128, _mm_slli_epi16, _mm_storeu_si128, _mm_unpackhi_epi8,
        _mm_unpacklo_epi8,
    };

    use super::{add_four_byte, ScriptCounts, Tables};

    /// What a class byte (see `Tables::bmp`) adds to a packed count: traditional in the low half,
    /// simplified in the high half. A whole byte's range, so that indexing by a class byte needs no check.
    const PACKED: [u64; 256] = {
        let mut p = [0; 256];
        p[1] = 1;
        p[2] = 1 << 32;
        p
    };

    /// The most bytes counted into one packed word: fewer characters than the low half can hold.
    const CHUNK: usize = u32::MAX as usize;

    /// Adds the characters starting in the blocks to `counts`; returns where the blocks end (fewer than
    /// eighteen bytes before the end of `bytes`, as a block reads two bytes past its end).
    pub(super) fn count_blocks(t: &Tables, bytes: &[u8], counts: &mut ScriptCounts) -> usize {
        let bmp = &*t.bmp;
        let mut i = 0;
        while i + 18 <= bytes.len() {
            let stop = bytes.len().min(i.saturating_add(CHUNK));
            let mut packed = 0u64;
            while i + 18 <= stop {
                let mut cps = [0u16; 16];
                // SAFETY: SSE2 is in the x86_64 baseline, so the intrinsics are always available; the
                // three unaligned 16-byte loads start at `i`, `i + 1` and `i + 2`, and `i + 18 <=
                // bytes.len()` keeps them inside `bytes`; the two stores fill `cps`.
                let (leads, astral) = unsafe {
                    let at =
                        |k: usize| _mm_loadu_si128(bytes.as_ptr().add(i + k).cast::<__m128i>());
                    let (b0, b1, b2) = (at(0), at(1), at(2));
                    let high = _mm_and_si128(b0, _mm_set1_epi8(0xF0u8 as i8));
                    let leads = _mm_cmpeq_epi8(high, _mm_set1_epi8(0xE0u8 as i8));
                    let astral = _mm_cmpeq_epi8(high, _mm_set1_epi8(0xF0u8 as i8));
                    // Per byte: its low four bits moved up four, and the low six of the next two.
                    let low6 = _mm_set1_epi8(0x3F);
                    let a0 = _mm_slli_epi16::<4>(_mm_and_si128(b0, _mm_set1_epi8(0x0F)));
                    let a1 = _mm_and_si128(b1, low6);
                    let a2 = _mm_and_si128(b2, low6);
                    let zero = _mm_setzero_si128();
                    // In 16-bit lanes: a2 | a0 << 8 | a1 << 6, the code point.
                    let lo = _mm_or_si128(
                        _mm_unpacklo_epi8(a2, a0),
                        _mm_slli_epi16::<6>(_mm_unpacklo_epi8(a1, zero)),
                    );
                    let hi = _mm_or_si128(
                        _mm_unpackhi_epi8(a2, a0),
                        _mm_slli_epi16::<6>(_mm_unpackhi_epi8(a1, zero)),
                    );
                    _mm_storeu_si128(cps.as_mut_ptr().cast::<__m128i>(), lo);
                    _mm_storeu_si128(cps.as_mut_ptr().add(8).cast::<__m128i>(), hi);
                    (
                        _mm_movemask_epi8(leads) as u32,
                        _mm_movemask_epi8(astral) as u32,
                    )
                };
                let mut m = leads;
                while m != 0 {
                    let k = m.trailing_zeros() as usize;
                    packed += PACKED[usize::from(bmp[usize::from(cps[k & 15])])];
                    m &= m - 1;
                }
                let mut m = astral;
                while m != 0 {
                    add_four_byte(t, bytes, i + m.trailing_zeros() as usize, counts);
                    m &= m - 1;
                }
                i += 16;
            }
            counts.traditional += (packed & u64::from(u32::MAX)) as usize;
            counts.simplified += (packed >> 32) as usize;
        }
        i
    }
}
