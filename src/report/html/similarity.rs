//! Document similarity. Up to [`LARGE`](super::LARGE) documents, a heatmap of the matrix; beyond, each
//! document's nearest documents with their scores (from `neighbours`, or from the matrix when present), a
//! paged table with a filter. Then the most similar pairs with their share of verbatim reuse, and the
//! longest passages two documents share.

use std::collections::HashMap;

use maud::{html, Markup};
use ndarray::Array2;

use super::paged::Paged;
use super::Page;
use crate::compare::neighbours::Neighbour;
use crate::compare::reuse::{ReusePair, ReuseReport};
use crate::compare::similarity::{Metric, SimilarityReport};
use crate::span::Span;

/// How many of the most similar pairs the section lists.
const TOP_PAIRS: usize = 10;
/// How many of the longest verbatim shared passages the section lists.
const LONGEST_PASSAGES: usize = 8;
/// How many nearest documents the nearest-neighbour view shows per document.
const NEAREST: usize = 10;
/// Documents per page of the nearest-neighbour view.
const PER_PAGE: usize = 50;
/// Past this many documents the heatmap's columns are headed by number (rows are numbered to match).
const NAMED_COLUMNS: usize = 12;

impl Page<'_> {
    /// The heatmap (or nearest documents), the most similar pairs and the longest shared passages.
    pub(super) fn similarity(&self) -> Markup {
        let Some(section) = &self.report.similarity else {
            return html! {
                section #similarity {
                    h2 { "Document similarity" }
                    p.muted { "Similarity was not computed for this report." }
                }
            };
        };
        let sim = &section.report;
        let reuse = section.reuse.as_ref();
        let ids: Vec<&str> = sim.units.iter().map(|u| u.doc.as_str()).collect();
        let view = match &sim.matrix {
            Some(m) if !self.large => self.heatmap(sim, m, &ids),
            _ => self.nearest(sim, &ids, reuse),
        };
        let pairs: HashMap<(&str, &str), &ReusePair> = reuse
            .map(|r| {
                r.pairs
                    .iter()
                    .flat_map(|p| {
                        [
                            ((p.a.as_str(), p.b.as_str()), p),
                            ((p.b.as_str(), p.a.as_str()), p),
                        ]
                    })
                    .collect()
            })
            .unwrap_or_default();
        let share = |p: &ReusePair, doc: &str| {
            let s = if p.a == doc { p.a_share } else { p.b_share };
            format!("{:.0}%", s * 100.0)
        };
        let top = &sim.pairs[..sim.pairs.len().min(TOP_PAIRS)];
        let mut passages: Vec<(&ReusePair, &crate::compare::reuse::SharedPassage)> = reuse
            .map(|r| {
                r.pairs
                    .iter()
                    .flat_map(|p| p.passages.iter().map(move |x| (p, x)))
                    .collect()
            })
            .unwrap_or_default();
        passages.sort_by_key(|(_, x)| std::cmp::Reverse(x.chars));
        passages.truncate(LONGEST_PASSAGES);
        html! {
            section #similarity {
                h2 { "Document similarity" }
                (view)
                @if !top.is_empty() {
                    h3 { "Most similar pairs" }
                    div.scroll { table.data {
                        thead { tr {
                            th { "Document" } th { "Document" } th.num { "Similarity" }
                            th.num title="share of each text inside a passage of 15+ characters found verbatim in the other" { "Verbatim shared (each side)" }
                        } }
                        tbody {
                            @for p in top {
                                @let (a, b) = (ids.get(p.a).copied().unwrap_or(""), ids.get(p.b).copied().unwrap_or(""));
                                tr {
                                    td { (self.label(a)) }
                                    td { (self.label(b)) }
                                    td.num { (format!("{:.2}", p.score)) }
                                    td.num {
                                        @match pairs.get(&(a, b)) {
                                            Some(r) => { (share(r, a)) " / " (share(r, b)) },
                                            None => span.muted { "—" },
                                        }
                                    }
                                }
                            }
                        }
                    } }
                }
                @if !passages.is_empty() {
                    h3 { "Longest passages shared verbatim" }
                    div.scroll { table.data {
                        thead { tr { th { "Documents" } th.num { "Characters" } th.source { "Passage (as in the first)" } th { "Articles" } } }
                        tbody {
                            @for (p, x) in &passages {
                                tr {
                                    td { (self.label(&p.a)) br; (self.label(&p.b)) }
                                    td.num { (x.chars) }
                                    td.source { (x.text) }
                                    td.nowrap {
                                        (self.article_link(&p.a, self.article_at(&p.a, x.a_span), Some(x.a_span)))
                                        br;
                                        (self.article_link(&p.b, self.article_at(&p.b, x.b_span), Some(x.b_span)))
                                    }
                                }
                            }
                        }
                    } }
                }
            }
        }
    }

    /// The matrix as a heatmap; colours stretch over the off-diagonal values, so that differences among
    /// similar texts show.
    fn heatmap(&self, sim: &SimilarityReport, m: &Array2<f64>, ids: &[&str]) -> Markup {
        let n = m.nrows().min(ids.len());
        let off_diagonal =
            || (0..n).flat_map(move |i| (0..n).filter(move |&j| j != i).map(move |j| m[[i, j]]));
        let lo = off_diagonal().fold(f64::INFINITY, f64::min);
        let hi = off_diagonal().fold(f64::NEG_INFINITY, f64::max);
        let shade = |v: f64| if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
        let numbered = n > NAMED_COLUMNS;
        html! {
            p.hint {
                (metric_name(sim.metric)) " similarity of the whole documents over " (sim.features)
                " (1 = the same wording, 0 = nothing shared)."
                @if lo <= hi {
                    " Colours run from the least similar pair (" (format!("{lo:.2}")) ", light) to the most similar ("
                    (format!("{hi:.2}")) ", dark)."
                }
            }
            div.scroll {
                table.heatmap.numbered[numbered] {
                    thead { tr { th {} @for (j, id) in ids[..n].iter().enumerate() {
                        @if numbered { th.col title=(self.label(id)) { (j + 1) } } @else { th.col { (self.label(id)) } }
                    } } }
                    tbody {
                        @for (i, id) in ids[..n].iter().enumerate() {
                            tr {
                                th.rowhead { @if numbered { (i + 1) ". " } (self.label(id)) }
                                @for j in 0..n {
                                    @let v = m[[i, j]];
                                    @if j == i { td.diagonal { (format!("{v:.2}")) } }
                                    @else { td style=(heat_style(shade(v))) { (format!("{v:.2}")) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Each document's nearest documents, best first, with its share of text found verbatim elsewhere.
    fn nearest(&self, sim: &SimilarityReport, ids: &[&str], reuse: Option<&ReuseReport>) -> Markup {
        let lists = nearest_lists(sim, NEAREST);
        if lists.is_empty() {
            return html! { p.muted { "No document has a near neighbour in this report." } };
        }
        let reused: HashMap<&str, f64> = reuse
            .map(|r| {
                r.documents
                    .iter()
                    .map(|d| (d.doc.as_str(), d.share))
                    .collect()
            })
            .unwrap_or_default();
        let rows = ids
            .iter()
            .zip(&lists)
            .map(|(id, list)| {
                html! {
                    tr {
                        th.rowhead { @match self.doc(id) {
                            Some((i, d)) => a href=(format!("#t-{i}")) { (d.label) },
                            None => (id),
                        } }
                        td.num { @match reused.get(id) { Some(s) => (format!("{:.0}%", s * 100.0)), None => span.muted { "—" } } }
                        td.nearest {
                            @for nb in list {
                                @let other = ids.get(nb.index as usize).copied().unwrap_or("");
                                span.nb {
                                    @match self.doc(other) {
                                        Some((j, d)) => a href=(format!("#t-{j}")) { (d.label) },
                                        None => (other),
                                    }
                                    " " small.muted { (format!("{:.2}", nb.score)) }
                                }
                            }
                        }
                    }
                }
            })
            .collect();
        let head = html! {
            tr {
                th { (self.column_noun()) }
                th.num title="share of the text inside a passage of 15+ characters found verbatim in another document" { "Verbatim elsewhere" }
                th { "Nearest documents, most similar first (" (metric_name(sim.metric)) " similarity)" }
            }
        };
        html! {
            p.hint {
                "Each document's " (NEAREST) " most similar documents, by " (metric_name(sim.metric))
                " similarity of the whole documents over " (sim.features) " (1 = the same wording, 0 = nothing shared). "
                "With this many documents a heatmap would not be readable."
            }
            (self.paged_table(Paged::new("nearest", PER_PAGE), "data nearest", head, rows))
        }
    }

    /// The number of the first article of `doc` that overlaps `span`.
    fn article_at(&self, doc: &str, span: Span) -> Option<u32> {
        let (_, d) = self.doc(doc)?;
        d.articles
            .iter()
            .find(|a| a.span.start < span.end && span.start < a.span.end)
            .map(|a| a.number)
    }
}

/// Each unit's nearest other units, best first, at most `k`: the report's `neighbours`, else the matrix
/// rows (ties: the lower index first); empty when the report has neither.
fn nearest_lists(sim: &SimilarityReport, k: usize) -> Vec<Vec<Neighbour>> {
    if let Some(lists) = &sim.neighbours {
        return lists.iter().map(|l| l[..l.len().min(k)].to_vec()).collect();
    }
    let Some(m) = &sim.matrix else {
        return Vec::new();
    };
    (0..m.nrows())
        .map(|i| {
            let mut row: Vec<Neighbour> = (0..m.ncols())
                .filter(|&j| j != i)
                .map(|j| Neighbour {
                    index: j as u32,
                    score: m[[i, j]],
                })
                .collect();
            row.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
            row.truncate(k);
            row
        })
        .collect()
}

fn metric_name(m: Metric) -> &'static str {
    match m {
        Metric::Cosine => "cosine",
        Metric::Jaccard => "Jaccard",
        Metric::Minhash => "MinHash",
    }
}

/// Background and text colour of a heatmap cell for a value in [0, 1].
fn heat_style(v: f64) -> String {
    let v = v.clamp(0.0, 1.0);
    let lightness = 97.0 - 62.0 * v;
    let ink = if lightness < 60.0 { "#fff" } else { "#111" };
    format!("background:hsl(212,62%,{lightness:.0}%);color:{ink}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::similarity::UnitLevel;

    #[test]
    fn heat_is_dark_for_high_values() {
        assert!(heat_style(0.95).contains("color:#fff"));
        assert!(heat_style(0.1).contains("color:#111"));
    }

    #[test]
    fn nearest_documents_come_from_the_matrix_when_there_is_no_neighbour_list() {
        let sim = SimilarityReport {
            level: UnitLevel::Document,
            metric: Metric::Cosine,
            features: "tokens".into(),
            units: vec![],
            matrix: Some(
                Array2::from_shape_vec((3, 3), vec![1.0, 0.2, 0.5, 0.2, 1.0, 0.2, 0.5, 0.2, 1.0])
                    .unwrap(),
            ),
            neighbours: None,
            pairs: vec![],
            limits: vec![],
        };
        let lists = nearest_lists(&sim, 1);
        let best: Vec<(u32, f64)> = lists.iter().map(|l| (l[0].index, l[0].score)).collect();
        assert_eq!(best, [(2, 0.5), (0, 0.2), (0, 0.5)]);
    }
}
