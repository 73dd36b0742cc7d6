//! The one-JSON-document output of `govrules tokenize`, written a document at a time:
//! `{"schema_version": …, "documents": [ … ]}` byte for byte as serde_json would write the whole value
//! (compact or pretty), but with each document serialized on its own, so that the documents can be
//! tokenized in parallel and written in order without all their tokens being held at once. A document
//! too large to hold its tokens is tokenized while it is written ([`DocumentsWriter::streamed`]).

use std::io::{self, Write};

use serde::ser::{SerializeSeq, SerializeStruct, Serializer};
use serde::Serialize;

use super::parallel::{LazyTokens, TokenUnit};
use super::Analyzer;
use crate::structure::ParsedDoc;

/// Writes the documents array: the opening, each document, the closing.
pub struct DocumentsWriter {
    pretty: bool,
    written: usize,
}

impl DocumentsWriter {
    /// Writes `{"schema_version":…,"documents":[`.
    pub fn begin(out: &mut dyn Write, pretty: bool) -> io::Result<DocumentsWriter> {
        let version = serde_json::to_string(crate::SCHEMA_VERSION).map_err(io::Error::other)?;
        if pretty {
            write!(
                out,
                "{{\n  \"schema_version\": {version},\n  \"documents\": ["
            )?;
        } else {
            write!(out, "{{\"schema_version\":{version},\"documents\":[")?;
        }
        Ok(DocumentsWriter { pretty, written: 0 })
    }

    /// A document as this writer writes it, tokenized while it is serialized, on the calling thread only
    /// (no rayon task of its own: safe inside a worker of `tokenize::stream`, whose workers must not wait
    /// on nested parallel work).
    pub fn render_doc(analyzer: &Analyzer, doc: &ParsedDoc, pretty: bool) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::with_capacity(doc.text.len() * 4);
        serialize_lazy(&mut bytes, analyzer, doc, pretty)?;
        Ok(bytes)
    }

    /// Writes a document that [`DocumentsWriter::render_doc`] made.
    pub fn rendered(&mut self, out: &mut dyn Write, bytes: &[u8]) -> io::Result<()> {
        self.separate(out)?;
        out.write_all(bytes)
    }

    /// Writes one document, tokenizing each unit while it is written.
    pub fn streamed(
        &mut self,
        out: &mut dyn Write,
        analyzer: &Analyzer,
        doc: &ParsedDoc,
    ) -> io::Result<()> {
        self.separate(out)?;
        serialize_lazy(out, analyzer, doc, self.pretty)
    }

    /// Writes `]}` and the closing line break.
    pub fn finish(self, out: &mut dyn Write) -> io::Result<()> {
        if self.pretty {
            if self.written > 0 {
                out.write_all(b"\n  ")?;
            }
            out.write_all(b"]\n}\n")
        } else {
            out.write_all(b"]}\n")
        }
    }

    fn separate(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let sep: &[u8] = match (self.pretty, self.written) {
            (true, 0) => b"\n    ",
            (true, _) => b",\n    ",
            (false, 0) => b"",
            (false, _) => b",",
        };
        self.written += 1;
        out.write_all(sep)
    }
}

/// Writes a document whose units are tokenized while they are serialized (its context, which role
/// folding reads from the whole text, found once).
fn serialize_lazy(
    out: &mut dyn Write,
    analyzer: &Analyzer,
    doc: &ParsedDoc,
    pretty: bool,
) -> io::Result<()> {
    let ctx = super::parallel::doc_context(analyzer, doc);
    let units = LazyTokens::for_doc(analyzer, doc, ctx);
    let value = DocumentOut {
        id: &doc.id,
        level: ctx.level,
        units: LazyUnits(&units),
    };
    serialize(out, &value, pretty)
}

/// Writes one document's value, compact or pretty.
fn serialize(out: &mut dyn Write, value: &impl Serialize, pretty: bool) -> io::Result<()> {
    let written = if pretty {
        // Two levels deep in the whole value: every line after the first is indented four more spaces.
        serde_json::to_writer_pretty(Indented { out }, value)
    } else {
        serde_json::to_writer(out, value)
    };
    written.map_err(|e| match e.io_error_kind() {
        Some(kind) => io::Error::from(kind),
        None => io::Error::other(e),
    })
}

/// A writer that puts four spaces after every line break (JSON strings hold none: theirs are escaped).
struct Indented<'a> {
    out: &'a mut dyn Write,
}

impl Write for Indented<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(at) = memchr::memchr(b'\n', rest) {
            self.out.write_all(&rest[..=at])?;
            self.out.write_all(b"    ")?;
            rest = &rest[at + 1..];
        }
        self.out.write_all(rest)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// A document as the output writes it (the fields of [`DocTokens`](super::DocTokens), `doc` named `id`),
/// its units tokenized while they are written.
#[derive(Serialize)]
struct DocumentOut<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<super::GovLevel>,
    units: LazyUnits<'a>,
}

struct LazyUnits<'a>(&'a [(TokenUnit, LazyTokens<'a>)]);

impl Serialize for LazyUnits<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for (unit, tokens) in self.0 {
            seq.serialize_element(&LazyUnit { unit, tokens })?;
        }
        seq.end()
    }
}

/// A unit serialized as [`UnitTokens`](super::UnitTokens) is, its tokens made as they are written.
struct LazyUnit<'a> {
    unit: &'a TokenUnit,
    tokens: &'a LazyTokens<'a>,
}

impl Serialize for LazyUnit<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let u = self.unit;
        let fields = if u.sub_number.is_some() { 5 } else { 4 };
        let mut s = serializer.serialize_struct("UnitTokens", fields)?;
        s.serialize_field("article", &u.article)?;
        if u.sub_number.is_some() {
            s.serialize_field("sub_number", &u.sub_number)?;
        } else {
            s.skip_field("sub_number")?;
        }
        s.serialize_field("kind", &u.kind)?;
        s.serialize_field("span", &u.span)?;
        s.serialize_field("tokens", self.tokens)?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;

    use crate::tokenize::{DocTokens, UnitTokens};

    /// A document as the command wrote it before it wrote documents one at a time: the reference.
    #[derive(Serialize)]
    struct ReadyDoc<'a> {
        id: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        level: Option<crate::tokenize::GovLevel>,
        units: &'a [UnitTokens],
    }

    impl<'a> ReadyDoc<'a> {
        fn of(d: &'a DocTokens) -> Self {
            ReadyDoc {
                id: &d.doc,
                level: d.level,
                units: &d.units,
            }
        }
    }

    #[derive(Serialize)]
    struct Whole<'a> {
        schema_version: &'static str,
        documents: Vec<ReadyDoc<'a>>,
    }

    fn reference(docs: &[DocTokens], pretty: bool) -> Vec<u8> {
        let whole = Whole {
            schema_version: crate::SCHEMA_VERSION,
            documents: docs.iter().map(ReadyDoc::of).collect(),
        };
        let mut out = if pretty {
            serde_json::to_vec_pretty(&whole).unwrap()
        } else {
            serde_json::to_vec(&whole).unwrap()
        };
        out.push(b'\n');
        out
    }

    #[test]
    fn documents_one_at_a_time_are_the_whole_value() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
        let loaded = crate::corpus::load_paths(&[dir.into()]);
        let mut parsed: Vec<ParsedDoc> = loaded
            .documents
            .iter()
            .map(crate::structure::parse)
            .collect();
        // An inserted article (sub_number), strings to escape, units without a number.
        parsed.push(crate::structure::parse(&Document::from_text(
            "id \"q\" \\",
            "关于\"引号\"的通知\n第一条 区长签发“文件”\n第一条之一 ｘ\n附件：名单\n",
        )));
        for analyzer in [Analyzer::government(), Analyzer::government_folded()] {
            let tokens: Vec<DocTokens> = parsed
                .iter()
                .map(|d| super::super::tokenize_doc(&analyzer, d))
                .collect();
            for pretty in [false, true] {
                for count in [0, 1, tokens.len()] {
                    let (mut ready, mut streamed) = (Vec::new(), Vec::new());
                    let mut w = DocumentsWriter::begin(&mut ready, pretty).unwrap();
                    let mut s = DocumentsWriter::begin(&mut streamed, pretty).unwrap();
                    for p in parsed.iter().take(count) {
                        let bytes = DocumentsWriter::render_doc(&analyzer, p, pretty).unwrap();
                        w.rendered(&mut ready, &bytes).unwrap();
                        s.streamed(&mut streamed, &analyzer, p).unwrap();
                    }
                    w.finish(&mut ready).unwrap();
                    s.finish(&mut streamed).unwrap();
                    let expected = reference(&tokens[..count], pretty);
                    assert_eq!(
                        String::from_utf8(ready).unwrap(),
                        String::from_utf8(expected.clone()).unwrap()
                    );
                    assert_eq!(
                        String::from_utf8(streamed).unwrap(),
                        String::from_utf8(expected).unwrap()
                    );
                }
            }
        }
    }
}
