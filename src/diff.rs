//! Differences between two documents: for each pair of aligned articles, their similarity, the word-level
//! edits (the `similar` crate on token slices, with a deadline) and the passages unique to each side, all
//! with spans into the sources; and the provisions (articles, chapters) that only one of the two has.

use std::time::Duration;

use rayon::prelude::*;
use serde::Serialize;
use similar::{Algorithm, DiffTag, TextDiff};

use crate::align::{align, AlignOptions, Alignment};
use crate::similarity::{article_terms, round4};
use crate::span::{CharIndex, Span};
use crate::structure::{Article, ParsedDoc};
use crate::topics::Taxonomy;
use crate::vectors::{is_content_char, Term, TermSource};

/// Options of a diff.
#[derive(Clone, Debug)]
pub struct DiffOptions {
    pub align: AlignOptions,
    /// Deadline for one article pair's diff; past it `similar` returns a coarser (still correct) diff.
    pub timeout: Duration,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            align: AlignOptions::default(),
            timeout: Duration::from_secs(1),
        }
    }
}

/// An article of one side.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleRef {
    pub article: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_number: Option<u32>,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chapter: Option<u32>,
    pub span: Span,
}

impl ArticleRef {
    fn of(a: &Article) -> ArticleRef {
        ArticleRef {
            article: a.number,
            sub_number: a.sub_number,
            label: a.label.clone(),
            chapter: a.chapter,
            span: a.span,
        }
    }
}

/// One edit of a token diff. Spans are code points into the respective document.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Edit {
    Equal {
        a_span: Span,
        b_span: Span,
        /// The run as written in `a`.
        text: String,
        /// The run as written in `b`, when it is written otherwise (区长 for 市长, a dropped 的, other
        /// punctuation between the tokens); absent when it reads as `text`.
        #[serde(skip_serializing_if = "Option::is_none")]
        b_text: Option<String>,
    },
    Delete {
        a_span: Span,
        a_text: String,
    },
    Insert {
        b_span: Span,
        b_text: String,
    },
    Replace {
        a_span: Span,
        b_span: Span,
        a_text: String,
        b_text: String,
    },
}

/// A passage found on one side only.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UniquePassage {
    pub span: Span,
    pub text: String,
}

/// The comparison of two aligned articles.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleDiff {
    /// The alignment group (`g012`) and its topic.
    pub group: String,
    pub topic: Option<String>,
    pub a: ArticleRef,
    pub b: ArticleRef,
    /// Share of tokens in common (`2 × equal / (len a + len b)`, similar's ratio).
    pub similarity: f64,
    /// Tokens on each side, and how many are in equal runs.
    pub a_tokens: usize,
    pub b_tokens: usize,
    pub equal_tokens: usize,
    pub edits: Vec<Edit>,
    /// Passages (deleted or replaced) only in `a`, resp. inserted or replaced only in `b`.
    pub unique_a: Vec<UniquePassage>,
    pub unique_b: Vec<UniquePassage>,
}

/// A provision of one side that the other lacks.
#[derive(Clone, Debug, Serialize)]
pub struct Provision {
    #[serde(flatten)]
    pub article: ArticleRef,
    pub topic: Option<String>,
    pub group: String,
}

/// A chapter of one side whose theme the other lacks.
#[derive(Clone, Debug, Serialize)]
pub struct ChapterOnly {
    pub chapter: u32,
    pub title: String,
    pub theme: Option<String>,
    pub span: Span,
}

/// The comparison of two documents.
#[derive(Clone, Debug, Serialize)]
pub struct DocDiff {
    pub a: String,
    pub b: String,
    /// The diff tokens (`tokens`, `char_1grams`).
    pub features: String,
    pub pairs: Vec<ArticleDiff>,
    pub only_in_a: Vec<Provision>,
    pub only_in_b: Vec<Provision>,
    pub chapters_only_in_a: Vec<ChapterOnly>,
    pub chapters_only_in_b: Vec<ChapterOnly>,
}

/// Diffs two documents: aligns them (with `similarity_source` for the similarity) and diffs every aligned
/// article pair on the tokens of `diff_source`.
pub fn diff_documents(
    a: &ParsedDoc,
    b: &ParsedDoc,
    taxonomy: &Taxonomy,
    similarity_source: &dyn TermSource,
    diff_source: &dyn TermSource,
    opts: &DiffOptions,
) -> DocDiff {
    let docs = [a.clone(), b.clone()];
    let al = align(&docs, taxonomy, similarity_source, &opts.align);
    diff_aligned(&docs[0], &docs[1], &al, diff_source, opts)
}

/// Diffs two documents given their alignment (whose documents must include both).
pub fn diff_aligned(
    a: &ParsedDoc,
    b: &ParsedDoc,
    al: &Alignment,
    diff_source: &dyn TermSource,
    opts: &DiffOptions,
) -> DocDiff {
    let (ia, ib) = (CharIndex::new(&a.text), CharIndex::new(&b.text));
    let mut jobs = Vec::new();
    let mut only_in_a = Vec::new();
    let mut only_in_b = Vec::new();
    for g in &al.groups {
        let ma: Vec<_> = g.members.iter().filter(|m| m.doc == a.id).collect();
        let mb: Vec<_> = g.members.iter().filter(|m| m.doc == b.id).collect();
        let provision = |art: &Article, topic: &Option<String>| Provision {
            article: ArticleRef::of(art),
            topic: topic.clone(),
            group: g.id.clone(),
        };
        match (ma.is_empty(), mb.is_empty()) {
            (false, false) => {
                for x in &ma {
                    for y in &mb {
                        jobs.push((g, x.position, y.position));
                    }
                }
            }
            (false, true) => only_in_a.extend(
                ma.iter()
                    .map(|m| provision(&a.articles[m.position], &m.topic)),
            ),
            (true, false) => only_in_b.extend(
                mb.iter()
                    .map(|m| provision(&b.articles[m.position], &m.topic)),
            ),
            (true, true) => {}
        }
    }
    let pairs: Vec<ArticleDiff> = jobs
        .par_iter()
        .map(|(g, pa, pb)| {
            let (xa, xb) = (&a.articles[*pa], &b.articles[*pb]);
            let ta = article_terms(a, xa, diff_source);
            let tb = article_terms(b, xb, diff_source);
            let mut d = diff_tokens(&a.text, &ia, &ta, &b.text, &ib, &tb, opts.timeout);
            d.group = g.id.clone();
            d.topic = g.topic.clone();
            d.a = ArticleRef::of(xa);
            d.b = ArticleRef::of(xb);
            d
        })
        .collect();
    let chapters_only = |doc: &ParsedDoc, other: &str| -> Vec<ChapterOnly> {
        al.chapters
            .iter()
            .filter(|c| c.absent.iter().any(|x| x == other))
            .flat_map(|c| {
                c.members
                    .iter()
                    .filter(|m| m.doc == doc.id)
                    .map(|m| ChapterOnly {
                        chapter: m.chapter,
                        title: m.title.clone(),
                        theme: c.theme.clone(),
                        span: m.span,
                    })
            })
            .collect()
    };
    DocDiff {
        a: a.id.clone(),
        b: b.id.clone(),
        features: diff_source.name(),
        chapters_only_in_a: chapters_only(a, &b.id),
        chapters_only_in_b: chapters_only(b, &a.id),
        pairs,
        only_in_a,
        only_in_b,
    }
}

/// Diffs two token sequences (terms with absolute spans into `a_text` / `b_text`), comparing their `norm`.
pub fn diff_tokens(
    a_text: &str,
    ia: &CharIndex,
    ta: &[Term],
    b_text: &str,
    ib: &CharIndex,
    tb: &[Term],
    timeout: Duration,
) -> ArticleDiff {
    let na: Vec<&str> = ta.iter().map(|t| t.norm.as_str()).collect();
    let nb: Vec<&str> = tb.iter().map(|t| t.norm.as_str()).collect();
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .timeout(timeout)
        .diff_slices(&na, &nb);
    let cover = |terms: &[Term], r: std::ops::Range<usize>| -> Option<Span> {
        (!r.is_empty()).then(|| Span::new(terms[r.start].span.start, terms[r.end - 1].span.end))
    };
    let text = |t: &str, idx: &CharIndex, s: Span| t[idx.bytes_of_span(t, s)].to_string();
    let mut edits = Vec::new();
    let mut unique_a = Vec::new();
    let mut unique_b = Vec::new();
    let mut equal = 0;
    for op in diff.ops() {
        let (tag, ra, rb) = op.as_tag_tuple();
        let sa = cover(ta, ra.clone());
        let sb = cover(tb, rb.clone());
        match (tag, sa, sb) {
            (DiffTag::Equal, Some(sa), Some(sb)) => {
                equal += ra.len();
                let (x, y) = (text(a_text, ia, sa), text(b_text, ib, sb));
                edits.push(Edit::Equal {
                    a_span: sa,
                    b_span: sb,
                    b_text: (y != x).then_some(y),
                    text: x,
                });
            }
            (DiffTag::Delete, Some(sa), _) => {
                let t = text(a_text, ia, sa);
                unique_a.push(UniquePassage {
                    span: sa,
                    text: t.clone(),
                });
                edits.push(Edit::Delete {
                    a_span: sa,
                    a_text: t,
                });
            }
            (DiffTag::Insert, _, Some(sb)) => {
                let t = text(b_text, ib, sb);
                unique_b.push(UniquePassage {
                    span: sb,
                    text: t.clone(),
                });
                edits.push(Edit::Insert {
                    b_span: sb,
                    b_text: t,
                });
            }
            (DiffTag::Replace, Some(sa), Some(sb)) => {
                let (x, y) = (text(a_text, ia, sa), text(b_text, ib, sb));
                unique_a.push(UniquePassage {
                    span: sa,
                    text: x.clone(),
                });
                unique_b.push(UniquePassage {
                    span: sb,
                    text: y.clone(),
                });
                edits.push(Edit::Replace {
                    a_span: sa,
                    b_span: sb,
                    a_text: x,
                    b_text: y,
                });
            }
            _ => {}
        }
    }
    // Passages of punctuation only are not content.
    unique_a.retain(|p| p.text.chars().any(is_content_char));
    unique_b.retain(|p| p.text.chars().any(is_content_char));
    let total = ta.len() + tb.len();
    ArticleDiff {
        group: String::new(),
        topic: None,
        a: ArticleRef::empty(),
        b: ArticleRef::empty(),
        similarity: if total == 0 {
            0.0
        } else {
            round4(2.0 * equal as f64 / total as f64)
        },
        a_tokens: ta.len(),
        b_tokens: tb.len(),
        equal_tokens: equal,
        edits,
        unique_a,
        unique_b,
    }
}

impl ArticleRef {
    fn empty() -> ArticleRef {
        ArticleRef {
            article: 0,
            sub_number: None,
            label: String::new(),
            chapter: None,
            span: Span::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::fixtures;
    use crate::span::slice_chars;
    use crate::vectors::CharNgrams;

    #[test]
    fn edits_and_unique_passages_slice_back_to_the_sources() {
        let a = fixtures::doc(
            "a",
            &[(
                "公文审批",
                &[
                    "报送区政府的请示性公文，应由单位主要负责人签发。",
                    "区政府发布的决定、命令，由区长签署。",
                ],
            )],
        );
        let b = fixtures::doc(
            "b",
            &[
                (
                    "规范公文审批",
                    &[
                        "报送市政府的请示性公文，应由主要负责人签发，请示应一事一报。",
                        "市政府发布的规章，由市长签署。",
                    ],
                ),
                ("督查落实", &["市政府办公室负责督查督办工作。"]),
            ],
        );
        let d = diff_documents(
            &a,
            &b,
            &Taxonomy::builtin(),
            &CharNgrams(2),
            &CharNgrams(1),
            &DiffOptions::default(),
        );
        assert_eq!(d.pairs.len(), 2);
        let p = &d.pairs[0];
        assert_eq!((p.a.article, p.b.article), (1, 1));
        assert!(p.similarity > 0.6 && p.similarity < 1.0, "{}", p.similarity);
        for e in &p.edits {
            match e {
                Edit::Equal {
                    a_span,
                    b_span,
                    text,
                    b_text,
                } => {
                    assert_eq!(slice_chars(&a.text, *a_span), text);
                    assert_eq!(
                        slice_chars(&b.text, *b_span),
                        b_text.as_deref().unwrap_or(text)
                    );
                }
                Edit::Delete { a_span, a_text } => {
                    assert_eq!(slice_chars(&a.text, *a_span), a_text)
                }
                Edit::Insert { b_span, b_text } => {
                    assert_eq!(slice_chars(&b.text, *b_span), b_text)
                }
                Edit::Replace {
                    a_span,
                    b_span,
                    a_text,
                    b_text,
                } => {
                    assert_eq!(slice_chars(&a.text, *a_span), a_text);
                    assert_eq!(slice_chars(&b.text, *b_span), b_text);
                }
            }
        }
        assert!(
            p.unique_a.iter().any(|u| u.text == "单位"),
            "{:?}",
            p.unique_a
        );
        assert!(
            p.unique_b.iter().any(|u| u.text.contains("一事一报")),
            "{:?}",
            p.unique_b
        );
        assert!(d.only_in_a.is_empty());
        assert_eq!(d.only_in_b.len(), 1);
        assert_eq!(d.only_in_b[0].article.article, 3);
        assert_eq!(d.chapters_only_in_b.len(), 1);
        assert_eq!(d.chapters_only_in_b[0].theme.as_deref(), Some("督查落实"));
    }
}
