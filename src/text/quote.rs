//! Quoting the original back. A traditional document is analysed through its simplified form, which has the
//! byte and code-point offsets of the original (see [`super::script`]), so what the analysis finds is first a
//! string of that form. A [`Quoter`] gives back the characters the document itself writes:
//!
//! - for a span, exactly: the original's characters at the same offsets;
//! - for a string the analysis built without keeping its span (a chair, a signer, a subject), by finding it
//!   in the mapped text: first in the narrow places it was read from (its clause, its sentence, its article),
//!   then anywhere in the document. A string the analysis put together from two stretches of the text (a
//!   subject joined from the words before and after a frequency) is quoted stretch by stretch within the
//!   narrow places.
//!
//! Mapping the quote back to simplified always gives the string found; the original chosen could only be
//! wrong where the same simplified wording stands in the same place in two different traditional spellings.
//! Characters found nowhere are left as they are (the English words of a message).

use std::ops::Range;

use super::script::is_mapping_target;
use crate::span::{CharIndex, Span};

/// Gives back the original characters for what was found in a document's analysis form.
pub struct Quoter<'a> {
    original: &'a str,
    view: &'a str,
    index: CharIndex,
}

impl<'a> Quoter<'a> {
    /// A quoter for a text and its analysis form. Where the two do not have the same byte length (they
    /// always do when `view` comes from [`super::script::to_simplified`]) nothing can be quoted back, and
    /// strings come back as they are.
    pub fn new(original: &'a str, view: &'a str) -> Quoter<'a> {
        let view = if view.len() == original.len() {
            view
        } else {
            original
        };
        Quoter {
            original,
            view,
            index: CharIndex::new(original),
        }
    }

    /// Whether the analysis form is the original (nothing to quote back).
    pub fn is_identity(&self) -> bool {
        std::ptr::eq(self.original, self.view) || self.original == self.view
    }

    /// The byte range of a code-point span (in either text: their offsets are the same).
    pub fn bytes(&self, span: Span) -> Range<usize> {
        self.index.bytes_of_span(self.original, span)
    }

    /// The original text of a span.
    pub fn span(&self, span: Span) -> &'a str {
        &self.original[self.bytes(span)]
    }

    /// The byte range from `reach` code points before `span` to `reach` after it: a place to look for the
    /// sentence around a phrase.
    pub fn around(&self, span: Span, reach: usize) -> Range<usize> {
        self.bytes(Span::new(
            span.start.saturating_sub(reach),
            span.end.saturating_add(reach),
        ))
    }

    /// `s`, a string of the analysis form, in the original's characters. `near` are byte ranges of the
    /// text it was read from, narrowest first.
    pub fn quote(&self, s: &str, near: &[Range<usize>]) -> String {
        if self.is_identity() || !s.chars().any(is_mapping_target) {
            return s.to_string();
        }
        if let Some(at) = self.locate(s, near) {
            return self.original[at].to_string();
        }
        let near: Vec<Range<usize>> = near.iter().map(|r| self.clamp(r.clone())).collect();
        // Put together from stretches: quote the longest stretch found at each point.
        let mut out = String::with_capacity(s.len());
        let mut pos = 0;
        while pos < s.len() {
            let rest = &s[pos..];
            let mut best: Option<(usize, usize)> = None; // (bytes of `rest` matched, where in the view)
            for r in &near {
                if let Some((len, at)) = self.longest_prefix(rest, r.clone()) {
                    if best.is_none_or(|(l, _)| len > l) {
                        best = Some((len, at));
                    }
                }
            }
            match best {
                Some((len, at)) => {
                    out.push_str(&self.original[at..at + len]);
                    pos += len;
                }
                None => {
                    let c = rest.chars().next().expect("rest is not empty");
                    out.push(c);
                    pos += c.len_utf8();
                }
            }
        }
        out
    }

    /// Where `s` stands in the analysis form: its first occurrence in the first of `near` that holds it,
    /// else in the whole text.
    pub fn locate(&self, s: &str, near: &[Range<usize>]) -> Option<Range<usize>> {
        let whole = 0..self.view.len();
        near.iter()
            .map(|r| self.clamp(r.clone()))
            .chain([whole])
            .find_map(|r| {
                let at = r.start + self.view[r].find(s)?;
                Some(at..at + s.len())
            })
    }

    /// [`Self::quote`] for an optional string.
    pub fn quote_opt(&self, s: &Option<String>, near: &[Range<usize>]) -> Option<String> {
        s.as_deref().map(|s| self.quote(s, near))
    }

    /// The longest non-empty prefix of `s` (whole characters) that occurs in `view[r]`: its byte length
    /// and where it occurs. Occurrence is monotone in the prefix length, so a binary search finds it.
    fn longest_prefix(&self, s: &str, r: Range<usize>) -> Option<(usize, usize)> {
        let hay = &self.view[r.clone()];
        let ends: Vec<usize> = s.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
        let (mut lo, mut hi) = (0, ends.len()); // prefixes of ends[..lo] chars occur; of hi+1 chars do not
        let mut found = None;
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            match hay.find(&s[..ends[mid - 1]]) {
                Some(i) => {
                    found = Some((ends[mid - 1], r.start + i));
                    lo = mid;
                }
                None => hi = mid - 1,
            }
        }
        found
    }

    /// `r` within the text and on character boundaries.
    fn clamp(&self, r: Range<usize>) -> Range<usize> {
        let len = self.view.len();
        let mut start = r.start.min(len);
        let mut end = r.end.min(len).max(start);
        while !self.view.is_char_boundary(start) {
            start -= 1;
        }
        while !self.view.is_char_boundary(end) {
            end += 1;
        }
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::script::to_simplified;

    fn quoter(original: &str) -> (String, String) {
        (original.to_string(), to_simplified(original).into_owned())
    }

    #[test]
    fn spans_and_found_strings_give_the_original() {
        let (o, v) = quoter("市政府常務會議由市長召集和主持，一般每兩周召開1次。");
        let q = Quoter::new(&o, &v);
        assert_eq!(q.span(Span::new(3, 7)), "常務會議");
        assert_eq!(q.quote("市长", &[]), "市長");
        assert_eq!(q.quote("一般每两周召开1次", &[]), "一般每兩周召開1次");
        // Nothing to quote back: the string as it is.
        assert_eq!(q.quote("the 1st", &[]), "the 1st");
    }

    #[test]
    fn the_narrow_place_decides_between_two_spellings() {
        // 后 and 後 both read 后; each quote comes from the sentence it was found in.
        let (o, v) = quoter("皇后出行。會後散會。");
        let q = Quoter::new(&o, &v);
        let second = q.bytes(Span::new(5, 10));
        assert_eq!(q.quote("会后", std::slice::from_ref(&second)), "會後");
        assert_eq!(q.quote("后", &[second]), "後");
        assert_eq!(q.quote("后", &[]), "后");
    }

    #[test]
    fn joined_strings_are_quoted_stretch_by_stretch() {
        let (o, v) = quoter("區政府每年向區人大報告工作。");
        let q = Quoter::new(&o, &v);
        let all = 0..v.len();
        // `区政府` + `向区人大报告工作`, the frequency between them left out.
        assert_eq!(
            q.quote("区政府向区人大报告工作", std::slice::from_ref(&all)),
            "區政府向區人大報告工作"
        );
        // A message: English words stay, quoted words come back.
        assert_eq!(
            q.quote("also reported: 区人大", std::slice::from_ref(&all)),
            "also reported: 區人大"
        );
    }

    #[test]
    fn the_quote_always_maps_back_to_the_string() {
        let (o, v) = quoter("發髮乾幹後后裏裡製制 髮型 發展 乾淨 幹部");
        let q = Quoter::new(&o, &v);
        let all = 0..v.len();
        for s in ["发展", "干部", "发型", "干净", "后里", "制", "发 干"] {
            let quoted = q.quote(s, std::slice::from_ref(&all));
            assert_eq!(to_simplified(&quoted), s, "{s} → {quoted}");
        }
        assert_eq!(q.quote("干部", &[]), "幹部");
    }

    #[test]
    fn a_simplified_text_quotes_itself() {
        let q = Quoter::new("区长签发", "区长签发");
        assert!(q.is_identity());
        assert_eq!(q.quote("区长", &[]), "区长");
        // Lengths that differ cannot be quoted back.
        let q = Quoter::new("區長", "区长x");
        assert_eq!(q.quote("区长", &[]), "区长");
    }
}
