//! Differences between two documents: for each pair of aligned articles, their similarity, the word-level
//! edits (the `similar` crate's patience diff on the analysis' term ids) and the passages unique to each
//! side, all with spans into the sources; and the provisions (articles, chapters) that only one of the
//! two has. Which articles correspond comes from an [`Alignment`] of the same analysis.

use rayon::prelude::*;
use serde::Serialize;
use similar::{Algorithm, DiffTag};

use super::align::Alignment;
use crate::features::terms::is_content_char;
use crate::features::{Analysis, UnitTerms};
use crate::round::round4;
use crate::span::{CharIndex, Span};
use crate::structure::{Article, ParsedDoc};

/// Options of a diff.
#[derive(Clone, Debug)]
pub struct DiffOptions {
    /// An article pair is diffed word by word only while (tokens of a) × (tokens of b) stays within this
    /// bound, which keeps the worst case of the diff bounded without a clock (so that the output never
    /// depends on the machine's speed); a longer pair is reported without edits, and says so.
    pub max_cells: u64,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            max_cells: 25_000_000,
        }
    }
}

/// An article of one side.
#[derive(Clone, Debug, Serialize)]
pub struct DiffArticle {
    pub article: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_number: Option<u32>,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chapter: Option<u32>,
    pub span: Span,
}

impl DiffArticle {
    fn of(a: &Article) -> DiffArticle {
        DiffArticle {
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
    pub a: DiffArticle,
    pub b: DiffArticle,
    /// Share of tokens in common (`2 × equal / (len a + len b)`, similar's ratio); null when the pair was
    /// too long to diff (see `note`).
    pub similarity: Option<f64>,
    /// Tokens on each side, and how many are in equal runs.
    pub a_tokens: usize,
    pub b_tokens: usize,
    pub equal_tokens: usize,
    pub edits: Vec<Edit>,
    /// Passages (deleted or replaced) only in `a`, resp. inserted or replaced only in `b`.
    pub unique_a: Vec<UniquePassage>,
    pub unique_b: Vec<UniquePassage>,
    /// Why the pair has no edits, when it was too long to diff.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A provision of one side that the other lacks.
#[derive(Clone, Debug, Serialize)]
pub struct Provision {
    #[serde(flatten)]
    pub article: DiffArticle,
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

/// Where each document sits in an alignment: its groups and chapter groups, so that the pairs of two
/// documents are found without scanning every group.
pub struct AlignmentIndex<'a> {
    alignment: &'a Alignment,
    groups: Vec<Vec<usize>>,
    chapters: Vec<Vec<usize>>,
    /// Per document, for slicing passages out of its text.
    text_index: Vec<CharIndex>,
}

impl<'a> AlignmentIndex<'a> {
    pub fn new(analysis: &Analysis, alignment: &'a Alignment) -> AlignmentIndex<'a> {
        AlignmentIndex {
            alignment,
            groups: alignment.groups_by_document(),
            chapters: alignment.chapter_groups_by_document(),
            text_index: analysis
                .documents
                .par_iter()
                .map(|d| CharIndex::new(&d.text))
                .collect(),
        }
    }

    /// The groups that both documents have members in.
    fn shared_groups(&self, a: usize, b: usize) -> Vec<usize> {
        let (ga, gb) = (&self.groups[a], &self.groups[b]);
        ga.iter()
            .filter(|g| gb.binary_search(g).is_ok())
            .copied()
            .collect()
    }
}

/// Word-level diffs of every pair of aligned articles of documents `a` and `b` (positions), in group order.
pub fn diff_articles(
    analysis: &Analysis,
    index: &AlignmentIndex,
    a: usize,
    b: usize,
    opts: &DiffOptions,
) -> Vec<ArticleDiff> {
    let al = index.alignment;
    let mut jobs = Vec::new();
    for gi in index.shared_groups(a, b) {
        let g = &al.groups[gi];
        for x in g.members.iter().filter(|m| m.doc_index == a) {
            for y in g.members.iter().filter(|m| m.doc_index == b) {
                jobs.push((gi, x.position, y.position));
            }
        }
    }
    let features = analysis.diff_features();
    let (da, db) = (&analysis.documents[a], &analysis.documents[b]);
    let side = |d: usize| Side {
        text: &analysis.documents[d].text,
        index: &index.text_index[d],
    };
    let (sa, sb) = (side(a), side(b));
    jobs.par_iter()
        .map(|(gi, pa, pb)| {
            let g = &al.groups[*gi];
            let mut d = diff_terms(
                &sa,
                &features.units(a)[*pa],
                &sb,
                &features.units(b)[*pb],
                opts,
            );
            d.group = g.id.clone();
            d.topic = g.topic.clone();
            d.a = DiffArticle::of(&da.articles[*pa]);
            d.b = DiffArticle::of(&db.articles[*pb]);
            d
        })
        .collect()
}

/// Compares documents `a` and `b` (positions in the analysis): the aligned article pairs diffed word by
/// word, the provisions and chapters only one of them has.
pub fn diff_documents(
    analysis: &Analysis,
    index: &AlignmentIndex,
    a: usize,
    b: usize,
    opts: &DiffOptions,
) -> DocDiff {
    let al = index.alignment;
    let (da, db) = (&analysis.documents[a], &analysis.documents[b]);
    let only = |doc: &ParsedDoc, mine: usize, other: usize| -> Vec<Provision> {
        index.groups[mine]
            .iter()
            .filter(|g| index.groups[other].binary_search(g).is_err())
            .flat_map(|gi| {
                let g = &al.groups[*gi];
                g.members
                    .iter()
                    .filter(|m| m.doc_index == mine)
                    .map(|m| Provision {
                        article: DiffArticle::of(&doc.articles[m.position]),
                        topic: m.topic.clone(),
                        group: g.id.clone(),
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let chapters_only = |mine: usize, other: usize| -> Vec<ChapterOnly> {
        index.chapters[mine]
            .iter()
            .filter(|c| index.chapters[other].binary_search(c).is_err())
            .flat_map(|ci| {
                let c = &al.chapters[*ci];
                c.members
                    .iter()
                    .filter(|m| m.doc_index == mine)
                    .map(|m| ChapterOnly {
                        chapter: m.chapter,
                        title: m.title.clone(),
                        theme: c.theme.clone(),
                        span: m.span,
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    DocDiff {
        a: da.id.clone(),
        b: db.id.clone(),
        features: analysis.diff_features().name.clone(),
        pairs: diff_articles(analysis, index, a, b, opts),
        only_in_a: only(da, a, b),
        only_in_b: only(db, b, a),
        chapters_only_in_a: chapters_only(a, b),
        chapters_only_in_b: chapters_only(b, a),
    }
}

/// One side of a diff: the document's text and its code-point index.
struct Side<'a> {
    text: &'a str,
    index: &'a CharIndex,
}

impl Side<'_> {
    fn slice(&self, span: Span) -> String {
        self.text[self.index.bytes_of_span(self.text, span)].to_string()
    }
}

/// Diffs the terms of two units (ids compared, spans into each side's document), unless the pair is
/// longer than `opts.max_cells` allows.
fn diff_terms(
    a: &Side,
    ta: &UnitTerms,
    b: &Side,
    tb: &UnitTerms,
    opts: &DiffOptions,
) -> ArticleDiff {
    let mut out = ArticleDiff {
        group: String::new(),
        topic: None,
        a: DiffArticle::empty(),
        b: DiffArticle::empty(),
        similarity: None,
        a_tokens: ta.len(),
        b_tokens: tb.len(),
        equal_tokens: 0,
        edits: Vec::new(),
        unique_a: Vec::new(),
        unique_b: Vec::new(),
        note: None,
    };
    let cells = ta.len() as u64 * tb.len() as u64;
    if cells > opts.max_cells {
        out.note = Some(format!(
            "not diffed: {} × {} tokens is past the bound of {} (--max-cells)",
            ta.len(),
            tb.len(),
            opts.max_cells
        ));
        return out;
    }
    let ops = similar::capture_diff_slices(Algorithm::Patience, &ta.ids, &tb.ids);
    let cover = |terms: &UnitTerms, r: std::ops::Range<usize>| -> Option<Span> {
        (!r.is_empty()).then(|| Span::new(terms.span(r.start).start, terms.span(r.end - 1).end))
    };
    let (edits, unique_a, unique_b) = (&mut out.edits, &mut out.unique_a, &mut out.unique_b);
    let mut equal = 0;
    for op in ops {
        let (tag, ra, rb) = op.as_tag_tuple();
        let sa = cover(ta, ra.clone());
        let sb = cover(tb, rb.clone());
        match (tag, sa, sb) {
            (DiffTag::Equal, Some(sa), Some(sb)) => {
                equal += ra.len();
                let (x, y) = (a.slice(sa), b.slice(sb));
                edits.push(Edit::Equal {
                    a_span: sa,
                    b_span: sb,
                    b_text: (y != x).then_some(y),
                    text: x,
                });
            }
            (DiffTag::Delete, Some(sa), _) => {
                let t = a.slice(sa);
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
                let t = b.slice(sb);
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
                let (x, y) = (a.slice(sa), b.slice(sb));
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
    out.equal_tokens = equal;
    out.similarity = Some(if total == 0 {
        0.0
    } else {
        round4(2.0 * equal as f64 / total as f64)
    });
    out
}

impl DiffArticle {
    fn empty() -> DiffArticle {
        DiffArticle {
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
    use crate::compare::align::{align, fixtures, AlignOptions};
    use crate::features::terms::CharNgrams;
    use crate::span::slice_chars;
    use crate::topics::Taxonomy;

    /// Aligns two hand-built documents on character bigrams and diffs them on single characters.
    fn diff(a: ParsedDoc, b: ParsedDoc, opts: &DiffOptions) -> (Analysis, DocDiff) {
        let taxonomy = Taxonomy::builtin();
        let analysis = Analysis::builder(&CharNgrams(2))
            .taxonomy(&taxonomy)
            .diff_terms(&CharNgrams(1))
            .build(vec![a, b]);
        let al = align(&analysis, &taxonomy, &AlignOptions::default());
        let index = AlignmentIndex::new(&analysis, &al);
        let d = diff_documents(&analysis, &index, 0, 1, opts);
        (analysis, d)
    }

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
        let (analysis, d) = diff(a.clone(), b.clone(), &DiffOptions::default());
        assert_eq!(d.features, "char_1grams");
        assert_eq!(analysis.documents[1].id, "b");
        assert_eq!(d.pairs.len(), 2);
        let p = &d.pairs[0];
        assert_eq!((p.a.article, p.b.article), (1, 1));
        let sim = p.similarity.unwrap();
        assert!(sim > 0.6 && sim < 1.0, "{sim}");
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

    #[test]
    fn a_pair_past_the_bound_is_reported_without_edits() {
        let a = fixtures::doc(
            "a",
            &[("公文审批", &["区政府发布的决定、命令，由区长签署。"])],
        );
        let b = fixtures::doc("b", &[("公文审批", &["区政府发布的决定，由区长签署。"])]);
        let (_, small) = diff(a.clone(), b.clone(), &DiffOptions { max_cells: 10 });
        let p = &small.pairs[0];
        assert!(p.edits.is_empty() && p.similarity.is_none());
        assert!(
            p.note.as_deref().unwrap().contains("not diffed"),
            "{:?}",
            p.note
        );
        let (_, full) = diff(a, b, &DiffOptions::default());
        assert!(full.pairs[0].similarity.is_some() && full.pairs[0].note.is_none());
    }
}
