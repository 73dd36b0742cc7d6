//! Source spans: half-open `[start, end)` offsets in Unicode code points into a document's decoded text,
//! so that Python's `text[start:end]` returns the passage. Also the byte ↔ code-point conversions that
//! every stage needs, because Rust strings index by byte.

use serde::{Deserialize, Serialize};

/// A half-open range of code points `[start, end)`. Serialized as a two-element array `[start, end]`.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(from = "[usize; 2]", into = "[usize; 2]")]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span {start}..{end}");
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

impl From<[usize; 2]> for Span {
    fn from([start, end]: [usize; 2]) -> Self {
        Span { start, end }
    }
}

impl From<Span> for [usize; 2] {
    fn from(s: Span) -> Self {
        [s.start, s.end]
    }
}

/// Maps byte offsets of one string to code-point offsets and back, in O(log n) per lookup.
///
/// Stores the byte offset of every 64th character, then walks at most 63 characters.
#[derive(Clone, Debug)]
pub struct CharIndex {
    /// `checkpoints[k]` = byte offset of character `64 * k`.
    checkpoints: Vec<usize>,
    char_len: usize,
    byte_len: usize,
}

const STRIDE: usize = 64;

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut n = 0;
        for (b, _) in text.char_indices() {
            if n % STRIDE == 0 {
                checkpoints.push(b);
            }
            n += 1;
        }
        CharIndex {
            checkpoints,
            char_len: n,
            byte_len: text.len(),
        }
    }

    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// Code-point offset of a byte offset that lies on a character boundary of `text`.
    pub fn char_of_byte(&self, text: &str, byte: usize) -> usize {
        if byte >= self.byte_len {
            return self.char_len;
        }
        let k = match self.checkpoints.binary_search(&byte) {
            Ok(k) => return k * STRIDE,
            Err(k) => k - 1,
        };
        let from = self.checkpoints[k];
        k * STRIDE + text[from..byte].chars().count()
    }

    /// Byte offset of a code-point offset (clamped to the end of the text).
    pub fn byte_of_char(&self, text: &str, ch: usize) -> usize {
        if ch >= self.char_len {
            return self.byte_len;
        }
        let k = ch / STRIDE;
        let from = self.checkpoints[k];
        match text[from..].char_indices().nth(ch - k * STRIDE) {
            Some((b, _)) => from + b,
            None => self.byte_len,
        }
    }

    /// The code-point span of a byte range.
    pub fn span_of_bytes(&self, text: &str, range: std::ops::Range<usize>) -> Span {
        Span::new(
            self.char_of_byte(text, range.start),
            self.char_of_byte(text, range.end),
        )
    }

    /// The byte range of a code-point span.
    pub fn bytes_of_span(&self, text: &str, span: Span) -> std::ops::Range<usize> {
        self.byte_of_char(text, span.start)..self.byte_of_char(text, span.end)
    }
}

/// The substring of `text` covered by a code-point span (convenience for tests and small texts; O(n)).
pub fn slice_chars(text: &str, span: Span) -> &str {
    let idx = CharIndex::new(text);
    &text[idx.bytes_of_span(text, span)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_mixed_width_text() {
        let text = "第一条 abc，区政府\n".repeat(40);
        let idx = CharIndex::new(&text);
        assert_eq!(idx.char_len(), text.chars().count());
        for (ci, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(idx.char_of_byte(&text, b), ci);
            assert_eq!(idx.byte_of_char(&text, ci), b);
        }
        assert_eq!(idx.char_of_byte(&text, text.len()), idx.char_len());
        assert_eq!(idx.byte_of_char(&text, idx.char_len()), text.len());
    }

    #[test]
    fn span_serializes_as_pair() {
        let s = Span::new(3, 9);
        assert_eq!(serde_json::to_string(&s).unwrap(), "[3,9]");
        let back: Span = serde_json::from_str("[3,9]").unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn slices_by_code_points() {
        assert_eq!(slice_chars("区长签发文件", Span::new(2, 4)), "签发");
    }
}
