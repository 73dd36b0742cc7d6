//! Tokenizing parsed documents: the units of a document (each article; the front matter, headings and back
//! matter as units without an article number; noise and blanks are skipped), spans absolute into the
//! document's text, and rayon over documents and over the units of each. Words are cut from the document's
//! analysis text (a traditional document's simplified form), their `text` taken from the document as written. Rayon's indexed `collect` keeps
//! input order, and tokenizing a unit depends on nothing but the unit, so the output is identical whatever
//! the number of threads.

use rayon::prelude::*;
use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};

use super::{Analyzer, Context, GovLevel, Token};
use crate::span::Span;
use crate::structure::{ParsedDoc, RegionKind};

/// A stretch of a document tokenized on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TokenUnit {
    /// The article number (第三十六条 → 36); `None` for front matter, headings and back matter.
    pub article: Option<u32>,
    /// For an inserted article (第十条之一), its sub-number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_number: Option<u32>,
    pub kind: RegionKind,
    /// Code points into the document's text.
    pub span: Span,
}

/// The tokens of one unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnitTokens {
    pub article: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_number: Option<u32>,
    pub kind: RegionKind,
    pub span: Span,
    /// Spans absolute into the document's text.
    pub tokens: Vec<Token>,
}

/// The tokens of one document, unit by unit in text order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DocTokens {
    /// The document id.
    pub doc: String,
    /// The document's level as used by role folding (`None` when not folding or not detected).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<GovLevel>,
    pub units: Vec<UnitTokens>,
}

/// The units of a document, in text order: every article, and every front-matter, heading and back-matter
/// region. A region the parser labelled as article text that no article covers is a unit of kind
/// `article` without a number, so no text is lost.
pub fn units(doc: &ParsedDoc) -> Vec<TokenUnit> {
    let mut out: Vec<TokenUnit> = doc
        .articles
        .iter()
        .map(|a| TokenUnit {
            article: Some(a.number),
            sub_number: a.sub_number,
            kind: RegionKind::Article,
            span: a.span,
        })
        .collect();
    for r in &doc.regions {
        let keep = match r.kind {
            RegionKind::FrontMatter | RegionKind::Heading | RegionKind::BackMatter => true,
            RegionKind::Article => !doc
                .articles
                .iter()
                .any(|a| a.span.start < r.span.end && r.span.start < a.span.end),
            RegionKind::Noise | RegionKind::Blank => false,
        };
        if keep {
            out.push(TokenUnit {
                article: None,
                sub_number: None,
                kind: r.kind,
                span: r.span,
            });
        }
    }
    out.retain(|u| !u.span.is_empty());
    out.sort_by_key(|u| (u.span.start, u.span.end));
    out
}

/// The level role folding should assume for `doc` (`None` when `analyzer` does not fold roles).
pub fn doc_context(analyzer: &Analyzer, doc: &ParsedDoc) -> Context {
    Context {
        level: if analyzer.folds_roles() {
            GovLevel::detect(doc.analysis_text())
        } else {
            None
        },
    }
}

/// The units of `doc` (see [`units`]), each with its text (clamped to the document) as written and as
/// analysed (the same bytes of [`ParsedDoc::analysis_text`]: a traditional document's simplified form).
pub fn unit_texts(doc: &ParsedDoc) -> Vec<(TokenUnit, &str, &str)> {
    // Units come sorted by start, and their ends nearly always increase too, so one cursor walks the text
    // once for the starts and another for the ends (an end before the last one starts from the unit's
    // start instead): no index of the whole text is built.
    let mut starts = CharCursor::new(&doc.text);
    let mut ends = starts.clone();
    units(doc)
        .into_iter()
        .map(|u| {
            let start = starts.byte_of(u.span.start);
            if u.span.end < ends.char {
                ends = starts.clone();
            }
            let end = ends.byte_of(u.span.end);
            (u, &doc.text[start..end], &doc.analysis_text()[start..end])
        })
        .collect()
}

/// How many bytes of `block` (32 of them) are UTF-8 continuation bytes, counted a word at a time: each
/// word's continuation bytes marked 1 in its own byte, the four words added, the eight byte-sums added by one
/// multiplication.
#[inline]
fn continuations(block: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    let marks: u64 = block
        .chunks_exact(8)
        .map(|w| {
            let w = u64::from_ne_bytes(w.try_into().expect("eight bytes"));
            (w & !(w << 1) & (ONES << 7)) >> 7
        })
        .sum();
    (marks.wrapping_mul(ONES) >> 56) as usize
}

/// Byte offsets of code points, for code points asked in (mostly) increasing order: walks on from the last
/// answer, eight bytes at a time, and from the start of the text when asked for an earlier one.
#[derive(Clone)]
struct CharCursor<'a> {
    text: &'a [u8],
    /// A character boundary (or the end), and the code points before it.
    byte: usize,
    char: usize,
}

impl<'a> CharCursor<'a> {
    fn new(text: &'a str) -> Self {
        CharCursor {
            text: text.as_bytes(),
            byte: 0,
            char: 0,
        }
    }

    /// The byte offset of code point `ch` (the end of the text when it has fewer).
    fn byte_of(&mut self, ch: usize) -> usize {
        if ch < self.char {
            (self.byte, self.char) = (0, 0);
        }
        let (bytes, mut b, mut c) = (self.text, self.byte, self.char);
        // A byte starts a character unless it is a continuation byte, 0b10xxxxxx. Blocks of 32 bytes are
        // skipped whole while the code point lies beyond them.
        while let Some(block) = bytes.get(b..b + 32) {
            let starts = 32 - continuations(block);
            if c + starts > ch {
                break;
            }
            (b, c) = (b + 32, c + starts);
        }
        while b < bytes.len() && !(c == ch && bytes[b] & 0xC0 != 0x80) {
            if bytes[b] & 0xC0 != 0x80 {
                c += 1;
            }
            b += 1;
        }
        (self.byte, self.char) = (b, c);
        b
    }
}

/// Tokenizes every unit of `doc`; spans are absolute into `doc.text`. Units run in parallel.
pub fn tokenize_doc(analyzer: &Analyzer, doc: &ParsedDoc) -> DocTokens {
    let ctx = doc_context(analyzer, doc);
    let units = unit_texts(doc)
        .into_par_iter()
        .map(|(u, text, analysis)| {
            let mut tokens = Vec::with_capacity(text.len() / 6);
            analyzer.tokenize_source_with(text, analysis, ctx, u.span.start, |t| {
                tokens.push(t.to_token())
            });
            UnitTokens {
                article: u.article,
                sub_number: u.sub_number,
                kind: u.kind,
                span: u.span,
                tokens,
            }
        })
        .collect();
    DocTokens {
        doc: doc.id.clone(),
        level: ctx.level,
        units,
    }
}

/// Tokenizes many documents in parallel; the output is in input order.
pub fn tokenize_corpus(analyzer: &Analyzer, docs: &[ParsedDoc]) -> Vec<DocTokens> {
    docs.par_iter().map(|d| tokenize_doc(analyzer, d)).collect()
}

/// The tokens of one unit as a serializable sequence that tokenizes while it is written: writing a large
/// corpus never holds its tokens in memory, and allocates nothing per token.
pub struct LazyTokens<'a> {
    pub analyzer: &'a Analyzer,
    /// The text as written, and as analysed (the same for a simplified document).
    pub text: &'a str,
    pub analysis: &'a str,
    pub ctx: Context,
    /// Code points added to every span.
    pub offset: usize,
}

impl<'a> LazyTokens<'a> {
    /// The lazy tokens of each unit of `doc`, with the units; `ctx` is the document's
    /// ([`doc_context`]).
    pub fn for_doc(
        analyzer: &'a Analyzer,
        doc: &'a ParsedDoc,
        ctx: Context,
    ) -> Vec<(TokenUnit, LazyTokens<'a>)> {
        unit_texts(doc)
            .into_iter()
            .map(|(u, text, analysis)| {
                let offset = u.span.start;
                (
                    u,
                    LazyTokens {
                        analyzer,
                        text,
                        analysis,
                        ctx,
                        offset,
                    },
                )
            })
            .collect()
    }
}

impl Serialize for LazyTokens<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        let mut error = None;
        self.analyzer
            .tokenize_source_with(self.text, self.analysis, self.ctx, self.offset, |t| {
                if error.is_none() {
                    if let Err(e) = seq.serialize_element(&t) {
                        error = Some(e);
                    }
                }
            });
        match error {
            Some(e) => Err(e),
            None => seq.end(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;
    use crate::span::slice_chars;
    use crate::structure::{Article, Region};

    /// A hand-made parse, independent of the structure parser.
    fn doc() -> ParsedDoc {
        let text = "通知\n第一章 总则\n第一条 区长领导区政府的工作。\n第二条 副区长协助区长工作。\n抄送：区委。\n";
        let mut d = crate::structure::parse(&Document::from_text("t", text));
        let span_of = |s: &str| {
            let b = text.find(s).unwrap();
            let start = text[..b].chars().count();
            Span::new(start, start + s.chars().count())
        };
        let article = |n: u32, s: &str| Article {
            number: n,
            sub_number: None,
            label: String::new(),
            chapter: Some(1),
            section: None,
            text: s.to_string(),
            span: span_of(s),
            body_span: span_of(s),
            paragraphs: vec![],
            items: vec![],
        };
        d.articles = vec![
            article(1, "第一条 区长领导区政府的工作。"),
            article(2, "第二条 副区长协助区长工作。"),
        ];
        let region = |kind, s: &str| Region {
            kind,
            span: span_of(s),
            label: None,
        };
        d.regions = vec![
            region(RegionKind::FrontMatter, "通知\n"),
            region(RegionKind::Heading, "第一章 总则\n"),
            region(
                RegionKind::Article,
                "第一条 区长领导区政府的工作。\n第二条 副区长协助区长工作。\n",
            ),
            region(RegionKind::BackMatter, "抄送：区委。\n"),
        ];
        d
    }

    #[test]
    fn the_cursor_finds_every_code_point_in_any_order() {
        let text = "第一条 abc，区政府\n😀é".repeat(7);
        let index = crate::span::CharIndex::new(&text);
        let n = text.chars().count();
        let mut cursor = CharCursor::new(&text);
        // Forward one by one, forward in strides, backward, and past the end.
        let asks: Vec<usize> = (0..=n + 2)
            .chain((0..n).step_by(5))
            .chain((0..n).rev().step_by(3))
            .collect();
        for ch in asks {
            assert_eq!(cursor.byte_of(ch), index.byte_of_char(&text, ch), "{ch}");
        }
    }

    #[test]
    fn units_are_articles_and_other_regions_in_order() {
        let u = units(&doc());
        let kinds: Vec<(RegionKind, Option<u32>)> = u.iter().map(|u| (u.kind, u.article)).collect();
        assert_eq!(
            kinds,
            [
                (RegionKind::FrontMatter, None),
                (RegionKind::Heading, None),
                (RegionKind::Article, Some(1)),
                (RegionKind::Article, Some(2)),
                (RegionKind::BackMatter, None),
            ]
        );
    }

    #[test]
    fn spans_are_absolute_into_the_document() {
        let d = doc();
        let toks = tokenize_doc(&Analyzer::government(), &d);
        assert_eq!(toks.units.len(), 5);
        for u in &toks.units {
            for t in &u.tokens {
                assert_eq!(slice_chars(&d.text, t.span), t.text);
                assert!(u.span.contains(t.span));
            }
        }
        let words: Vec<&str> = toks.units[3]
            .tokens
            .iter()
            .map(|t| t.text.as_str())
            .collect();
        assert_eq!(words, ["第二条", "副区长", "协助", "区长", "工作"]);
    }

    #[test]
    fn folding_uses_the_detected_level() {
        let d = doc();
        let toks = tokenize_doc(&Analyzer::government_folded(), &d);
        assert_eq!(toks.level, Some(GovLevel::District));
        let norms: Vec<&str> = toks.units[2]
            .tokens
            .iter()
            .map(|t| t.norm.as_str())
            .collect();
        assert_eq!(norms, ["第一条", "<首长>", "领导", "<本级政府>", "工作"]);
    }

    #[test]
    fn lazy_tokens_serialize_like_collected_ones() {
        let d = doc();
        let a = Analyzer::government_folded();
        let eager = tokenize_doc(&a, &d);
        for ((_, lazy), unit) in LazyTokens::for_doc(&a, &d, doc_context(&a, &d))
            .iter()
            .zip(&eager.units)
        {
            assert_eq!(
                serde_json::to_string(lazy).unwrap(),
                serde_json::to_string(&unit.tokens).unwrap()
            );
        }
    }

    #[test]
    fn same_output_on_one_and_four_threads() {
        let docs: Vec<ParsedDoc> = (0..8)
            .map(|i| {
                let mut d = doc();
                d.id = format!("d{i}");
                d
            })
            .collect();
        let a = Analyzer::government_folded();
        let run = |n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .unwrap()
                .install(|| serde_json::to_string(&tokenize_corpus(&a, &docs)).unwrap())
        };
        assert_eq!(run(1), run(4));
    }
}
