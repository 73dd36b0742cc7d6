//! Every table of a report (`report --tables DIR`), each a CSV file named after what it holds: the
//! documents, their articles, the facts, the similarity (matrix or neighbours, and the most similar
//! pairs), the verbatim reuse, and the alignment (provisions × documents, and one row per aligned article).

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::facts::{ArticleContext, DocContext};
use super::{alignment, facts, scalar_fields, similarity, span_values, Labels, Table};
use crate::facts::{DocFacts, FactTopic};
use crate::report::Report;

/// The files `report --tables` writes, always all of them (a table the report has no data for is its
/// header alone), so that no file of an earlier run is left among them.
pub const FILE_NAMES: [&str; 9] = [
    "documents.csv",
    "articles.csv",
    "facts.csv",
    "similarity_matrix.csv",
    "similarity_neighbours.csv",
    "similarity_pairs.csv",
    "reuse.csv",
    "alignment.csv",
    "alignment_members.csv",
];

/// The tables of a report, and what they leave out.
pub struct ReportTables {
    /// One per name of [`FILE_NAMES`], in that order.
    pub tables: Vec<(&'static str, Table)>,
    /// A table left empty, and why.
    pub notes: Vec<String>,
}

/// The tables of `report` (see [`ReportTables`]).
pub fn tables(report: &Report) -> ReportTables {
    let labels = Labels::new(
        report
            .documents
            .iter()
            .map(|d| (d.id.clone(), d.label.clone())),
    );
    // Each aligned article's own topic, by (document, article number).
    let mut topics: HashMap<(&str, u32), Option<&str>> = HashMap::new();
    if let Some(a) = &report.alignment {
        for m in a.alignment.groups.iter().flat_map(|g| &g.members) {
            topics
                .entry((m.doc.as_str(), m.article))
                .or_insert(m.topic.as_deref());
        }
    }
    let topic_of = |doc: &str, article: u32| -> Option<String> {
        topics
            .get(&(doc, article))
            .copied()
            .flatten()
            .map(str::to_string)
    };

    let mut out = vec![
        ("documents.csv", documents(report)),
        ("articles.csv", articles(report, &topic_of)),
    ];
    let mut facts_rows = Vec::new();
    if let Some(section) = &report.facts {
        let found: Vec<DocFacts> = section
            .documents
            .iter()
            .map(|d| DocFacts {
                id: d.id.clone(),
                meetings: d.meetings.clone().unwrap_or_default(),
                cadences: d.cadences.clone().unwrap_or_default(),
                signing: d.signing.clone().unwrap_or_default(),
                deadlines: d.deadlines.clone().unwrap_or_default(),
                leave: d.leave.clone().unwrap_or_default(),
            })
            .collect();
        let context: Vec<DocContext> = report
            .documents
            .iter()
            .map(|d| {
                let mut articles = HashMap::new();
                for a in &d.articles {
                    articles.entry(a.number).or_insert_with(|| ArticleContext {
                        label: a.label.clone(),
                        topic: topic_of(&d.id, a.number),
                    });
                }
                DocContext {
                    id: d.id.clone(),
                    articles,
                }
            })
            .collect();
        facts_rows = facts::rows(&found, &FactTopic::ALL, &report.metadata, &context);
    }
    out.push(("facts.csv", facts::table(&facts_rows)));
    let sim = report.similarity.as_ref().map(|s| &s.report);
    out.push((
        "similarity_matrix.csv",
        sim.and_then(|s| similarity::matrix(s, &labels))
            .unwrap_or_else(|| Table::new(["unit", "doc", "label"])),
    ));
    out.push((
        "similarity_neighbours.csv",
        sim.and_then(|s| similarity::neighbours(s, &labels))
            .unwrap_or_else(similarity::empty_neighbours),
    ));
    out.push((
        "similarity_pairs.csv",
        match sim {
            Some(s) => similarity::pairs(s, &labels),
            None => similarity::empty_pairs(),
        },
    ));
    let reuse = report.similarity.as_ref().and_then(|s| s.reuse.as_ref());
    out.push((
        "reuse.csv",
        match reuse {
            Some(r) => similarity::reuse_passages(r, &labels),
            None => similarity::empty_reuse(),
        },
    ));
    let aligned = report.alignment.as_ref().map(|a| &a.alignment);
    let empty = crate::compare::align::Alignment {
        documents: report.documents.iter().map(|d| d.id.clone()).collect(),
        features: String::new(),
        chapters: Vec::new(),
        groups: Vec::new(),
        limits: Vec::new(),
    };
    let aligned = aligned.unwrap_or(&empty);
    let mut notes = Vec::new();
    if aligned.documents.len() <= alignment::WIDE_MAX_DOCUMENTS {
        out.push(("alignment.csv", alignment::wide(aligned)));
    } else {
        notes.push(format!(
            "alignment.csv: the header only: provisions × documents is written up to {} documents \
             (here {}); alignment_members.csv has every aligned article, one row each",
            alignment::WIDE_MAX_DOCUMENTS,
            aligned.documents.len()
        ));
        out.push(("alignment.csv", alignment::wide_header(aligned)));
    }
    out.push((
        "alignment_members.csv",
        alignment::members(aligned, &labels),
    ));
    debug_assert!(out.iter().map(|(n, _)| *n).eq(FILE_NAMES));
    ReportTables { tables: out, notes }
}

/// One row per document: every scalar field of its summary (nested objects flattened, lists and the
/// embedded text left out).
fn documents(report: &Report) -> Table {
    let rows: Vec<Map<String, Value>> = report
        .documents
        .iter()
        .map(|d| {
            let value = serde_json::to_value(d).expect("a document summary serializes");
            let mut row = match value {
                Value::Object(o) => scalar_fields(o),
                _ => Map::new(),
            };
            row.remove("text");
            row
        })
        .collect();
    Table::from_objects(
        &rows,
        &[
            "id",
            "label",
            "path",
            "title",
            "issuer",
            "date",
            "doc_number",
        ],
    )
}

/// One row per article: its document (`doc`, `label`), number, sub-number, marker as written, chapter,
/// span, topic (from the alignment) and text.
fn articles(report: &Report, topic_of: &dyn Fn(&str, u32) -> Option<String>) -> Table {
    let mut table = Table::new([
        "doc",
        "label",
        "article",
        "sub_number",
        "article_label",
        "chapter",
        "span_start",
        "span_end",
        "article_topic",
        "text",
    ]);
    for d in &report.documents {
        for a in &d.articles {
            let [start, end] = span_values(a.span);
            table.push(vec![
                Value::from(d.id.clone()),
                Value::from(d.label.clone()),
                Value::from(a.number),
                a.sub_number.map_or(Value::Null, Value::from),
                Value::from(a.label.clone()),
                a.chapter.map_or(Value::Null, Value::from),
                start,
                end,
                topic_of(&d.id, a.number).map_or(Value::Null, Value::from),
                Value::from(a.text.clone()),
            ]);
        }
    }
    table
}
