//! The records of `govrules tokenize --jsonl`, written straight into a byte buffer: one line per unit,
//! `{"doc","article","sub_number"?,"kind"?,"span","tokens":[{"text","norm"?,"span"},…]}`, then a closing
//! summary record (see docs/tokenize.md).
//!
//! The bytes are those serde_json writes for the same records (the tests compare them), but a corpus has
//! millions of tokens, so the token records skip serde's machinery: integers go through `itoa`, a string
//! that needs no escaping (nearly every token) is copied whole, and only a string that does is handed to
//! serde_json itself, so escaping can never differ from it. Nothing is allocated per token.

use serde::Serialize;

use super::parallel::{doc_context, unit_texts};
use super::{Analyzer, TokenRef};
use crate::structure::{ParsedDoc, RegionKind};

/// What a stream of records held, for the closing summary record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Documents tokenized.
    pub documents: usize,
    /// Unit records written.
    pub units: usize,
    /// Tokens in them.
    pub tokens: usize,
    /// Inputs that could not be read or decoded (each reported on stderr).
    pub errors: usize,
}

impl Summary {
    /// Adds the counts of another part of the stream.
    pub fn add(&mut self, other: Summary) {
        self.documents += other.documents;
        self.units += other.units;
        self.tokens += other.tokens;
        self.errors += other.errors;
    }
}

/// Appends the unit records of `doc` (one line each) to `out`; returns what they hold.
pub fn write_doc(out: &mut Vec<u8>, analyzer: &Analyzer, doc: &ParsedDoc) -> Summary {
    write_doc_flushing(out, analyzer, doc, usize::MAX, &mut |_| Ok(()))
        .expect("a flush that never fails")
}

/// [`write_doc`], handing `out` to `flush` whenever it holds `at_most` bytes or more (and once at the
/// end), which writes and empties it: a document far larger than its peers (one text of a hundred
/// megabytes) is then never held in memory as a whole. The first error of `flush` ends the document.
pub fn write_doc_flushing(
    out: &mut Vec<u8>,
    analyzer: &Analyzer,
    doc: &ParsedDoc,
    at_most: usize,
    flush: &mut dyn FnMut(&mut Vec<u8>) -> std::io::Result<()>,
) -> std::io::Result<Summary> {
    let mut id = Vec::with_capacity(doc.id.len() + 2);
    write_str(&mut id, &doc.id);
    let mut counts = Summary {
        documents: 1,
        ..Summary::default()
    };
    let ctx = doc_context(analyzer, doc);
    for (unit, text, analysis) in unit_texts(doc) {
        out.extend_from_slice(b"{\"doc\":");
        out.extend_from_slice(&id);
        out.extend_from_slice(b",\"article\":");
        match unit.article {
            Some(n) => write_int(out, n as usize),
            None => out.extend_from_slice(b"null"),
        }
        if let Some(n) = unit.sub_number {
            out.extend_from_slice(b",\"sub_number\":");
            write_int(out, n as usize);
        }
        if unit.kind != RegionKind::Article || unit.article.is_none() {
            out.extend_from_slice(b",\"kind\":");
            // (A few units a document: serde names the kind, as everywhere else.)
            serde_json::to_writer(&mut *out, &unit.kind).expect("a Vec never fails to write");
        }
        out.extend_from_slice(b",\"span\":");
        write_pair(out, unit.span.start, unit.span.end);
        out.extend_from_slice(b",\"tokens\":[");
        let mut tokens = 0;
        let mut failed = None;
        analyzer.tokenize_source_with(text, analysis, ctx, unit.span.start, |t| {
            if tokens > 0 {
                out.push(b',');
            }
            write_token(out, &t);
            tokens += 1;
            if out.len() >= at_most && failed.is_none() {
                failed = flush(out).err();
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        out.extend_from_slice(b"]}\n");
        counts.units += 1;
        counts.tokens += tokens;
        if out.len() >= at_most {
            flush(out)?;
        }
    }
    if at_most != usize::MAX {
        flush(out)?;
    }
    Ok(counts)
}

/// Appends the closing summary record, `{"summary":{"schema_version",…}}`, and its line break.
pub fn write_summary(out: &mut Vec<u8>, summary: &Summary) {
    #[derive(Serialize)]
    struct Record<'a> {
        summary: Versioned<'a>,
    }
    #[derive(Serialize)]
    struct Versioned<'a> {
        schema_version: &'static str,
        #[serde(flatten)]
        counts: &'a Summary,
    }
    let record = Record {
        summary: Versioned {
            schema_version: crate::SCHEMA_VERSION,
            counts: summary,
        },
    };
    serde_json::to_writer(&mut *out, &record).expect("a Vec never fails to write");
    out.push(b'\n');
}

/// A token record: `{"text":…,"norm":…,"span":[s,e]}`, `norm` only when it differs from `text`.
#[inline]
fn write_token(out: &mut Vec<u8>, t: &TokenRef<'_>) {
    // (Where folding changed nothing, `norm` is the very slice `text` is.)
    let norm = !std::ptr::eq(t.norm, t.text) && t.norm != t.text;
    out.reserve(t.text.len() + if norm { t.norm.len() + 10 } else { 0 } + 64);
    out.extend_from_slice(b"{\"text\":");
    write_str(out, t.text);
    if norm {
        out.extend_from_slice(b",\"norm\":");
        write_str(out, t.norm);
    }
    out.extend_from_slice(b",\"span\":");
    write_pair(out, t.span.start, t.span.end);
    out.push(b'}');
}

/// `[a,b]`.
#[inline]
fn write_pair(out: &mut Vec<u8>, a: usize, b: usize) {
    let mut digits = itoa::Buffer::new();
    out.push(b'[');
    out.extend_from_slice(digits.format(a).as_bytes());
    out.push(b',');
    out.extend_from_slice(digits.format(b).as_bytes());
    out.push(b']');
}

#[inline]
fn write_int(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// A JSON string, escaped exactly as serde_json escapes it.
#[inline(always)]
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    if needs_escape(s.as_bytes()) {
        serde_json::to_writer(&mut *out, s).expect("a Vec never fails to write");
    } else {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
}

/// Whether serde_json escapes any byte of `bytes`: `"`, `\` or a C0 control. Eight bytes at a time, then a
/// table for the rest (most tokens are two or three CJK characters, six or nine bytes).
#[inline(always)]
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // Some byte of `w` is zero; some byte is below 0x20 (bytes of 0x80 and up excluded by `!w`).
    let zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGH != 0;
    let control = |w: u64| w.wrapping_sub(ONES * 0x20) & !w & HIGH != 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let w = u64::from_ne_bytes(chunk.try_into().expect("eight bytes"));
        if control(w) || zero(w ^ (ONES * b'"' as u64)) || zero(w ^ (ONES * b'\\' as u64)) {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| ESCAPED[b as usize])
}

/// The bytes serde_json escapes in a string.
static ESCAPED: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;
    use crate::span::Span;
    use crate::tokenize::{tokenize_doc, Token};

    /// The record as serde_json writes it: the reference the hand-written bytes must equal.
    #[derive(Serialize)]
    struct UnitLine<'a> {
        doc: &'a str,
        article: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        sub_number: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        kind: Option<RegionKind>,
        span: Span,
        tokens: &'a [Token],
    }

    fn serde_lines(analyzer: &Analyzer, doc: &ParsedDoc) -> Vec<u8> {
        let mut out = Vec::new();
        for u in tokenize_doc(analyzer, doc).units {
            let line = UnitLine {
                doc: &doc.id,
                article: u.article,
                sub_number: u.sub_number,
                kind: (u.kind != RegionKind::Article || u.article.is_none()).then_some(u.kind),
                span: u.span,
                tokens: &u.tokens,
            };
            serde_json::to_writer(&mut out, &line).unwrap();
            out.push(b'\n');
        }
        out
    }

    fn check(analyzer: &Analyzer, doc: &ParsedDoc) {
        let mut out = Vec::new();
        let counts = write_doc(&mut out, analyzer, doc);
        let expected = serde_lines(analyzer, doc);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            String::from_utf8(expected).unwrap(),
            "{}",
            doc.id
        );
        let units = tokenize_doc(analyzer, doc).units;
        assert_eq!(counts.units, units.len());
        assert_eq!(
            counts.tokens,
            units.iter().map(|u| u.tokens.len()).sum::<usize>()
        );
    }

    #[test]
    fn records_are_what_serde_json_writes() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
        let loaded = crate::corpus::load_paths(&[dir.into()]);
        assert!(loaded.documents.len() >= 5);
        let analyzers = [
            Analyzer::government(),
            Analyzer::government_folded(),
            Analyzer::builder()
                .filter(crate::tokenize::filters::DropWhitespace)
                .build(),
        ];
        for doc in &loaded.documents {
            let parsed = crate::structure::parse(doc);
            for a in &analyzers {
                check(a, &parsed);
            }
        }
        // Strings serde_json escapes, in an id, in tokens and beside a folded norm; an inserted article;
        // units without a number.
        let text =
            "关于\"引号\"与\\反斜杠\u{1}的通知\n第一条 区长签发“文件”\t\"ＡＢＣ\"\u{7}\\n。\n\
                    第一条之一 ｘ\u{1f}y\n附件：名单\n";
        let doc = crate::structure::parse(&Document::from_text("id \"with\" \\ quotes\u{2}", text));
        assert!(doc.articles.iter().any(|a| a.sub_number.is_some()));
        for a in &analyzers {
            check(a, &doc);
        }
    }

    #[test]
    fn a_document_written_in_pieces_is_the_same_bytes() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
        let loaded = crate::corpus::load_paths(&[dir.into()]);
        let analyzer = Analyzer::government_folded();
        for doc in &loaded.documents {
            let parsed = crate::structure::parse(doc);
            let mut whole = Vec::new();
            let counts = write_doc(&mut whole, &analyzer, &parsed);
            for at_most in [1, 100, 4096] {
                let (mut buffer, mut written, mut flushes, mut largest) =
                    (Vec::new(), Vec::new(), 0, 0);
                let pieces =
                    write_doc_flushing(&mut buffer, &analyzer, &parsed, at_most, &mut |b| {
                        largest = largest.max(b.len());
                        written.extend_from_slice(b);
                        b.clear();
                        flushes += 1;
                        Ok(())
                    })
                    .unwrap();
                assert!(buffer.is_empty());
                assert_eq!(written, whole, "{} in pieces of {at_most}", parsed.id);
                assert_eq!((pieces.units, pieces.tokens), (counts.units, counts.tokens));
                // A piece ends at the first token past the bound: never much more than it.
                assert!(largest < at_most + 200, "{largest} bytes held at {at_most}");
                assert!(flushes > whole.len() / (at_most + 200));
            }
        }
        // The first error of the flush ends the document and is returned.
        let parsed = crate::structure::parse(&loaded.documents[0]);
        let failing = write_doc_flushing(&mut Vec::new(), &analyzer, &parsed, 10, &mut |_| {
            Err(std::io::Error::other("disk full"))
        });
        assert_eq!(failing.unwrap_err().to_string(), "disk full");
    }

    #[test]
    fn the_summary_record_is_versioned() {
        let mut out = Vec::new();
        let summary = Summary {
            documents: 2,
            units: 30,
            tokens: 400,
            errors: 1,
        };
        write_summary(&mut out, &summary);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!(
                "{{\"summary\":{{\"schema_version\":\"{}\",\"documents\":2,\"units\":30,\"tokens\":400,\"errors\":1}}}}\n",
                crate::SCHEMA_VERSION
            )
        );
    }

    #[test]
    fn every_escaped_byte_is_found_wherever_it_stands() {
        for len in 1..20 {
            for at in 0..len {
                for b in 0..=0x7f_u8 {
                    let mut bytes = "区".repeat(len).into_bytes();
                    bytes.splice(at * 3..at * 3 + 3, [b]);
                    let escaped = b < 0x20 || b == b'"' || b == b'\\';
                    assert_eq!(needs_escape(&bytes), escaped, "{bytes:?}");
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(s in "(\\PC|[\\x00-\\x1f\"\\\\\u{7f}\u{2028}])*") {
            let mut out = Vec::new();
            write_str(&mut out, &s);
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&s).unwrap());
        }
    }
}
