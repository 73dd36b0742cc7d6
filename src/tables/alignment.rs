//! The alignment as tables: provisions × documents (one row per group of corresponding articles, one
//! column per document, each cell the article as that document writes it), and the same long, one row per
//! aligned article, which stays small however many documents there are.

use std::collections::HashMap;

use serde_json::Value;

use super::{span_values, Labels, Table};
use crate::compare::align::Alignment;

/// Provisions × documents is written up to this many documents (as the similarity matrix); beyond, it
/// would grow with documents × provisions, and [`members`] says the same in one row per article.
pub const WIDE_MAX_DOCUMENTS: usize = 200;

/// The columns a group's row starts with.
const GROUP_COLUMNS: [&str; 4] = ["group", "chapter_group", "theme", "topic"];

fn group_values(g: &crate::compare::align::Group) -> Vec<Value> {
    vec![
        Value::from(g.id.clone()),
        Value::from(g.chapter_group.clone()),
        g.theme.clone().map_or(Value::Null, Value::from),
        g.topic.clone().map_or(Value::Null, Value::from),
    ]
}

/// Provisions × documents: `group`, `chapter_group`, `theme`, `topic`, then one column per document
/// (headed by its id, in input order) holding its article in the group as written (`第三十六条`; a
/// provision a document wrote as several articles: `第三十六条、第三十七条`), empty where it has none.
/// Meant for up to [`WIDE_MAX_DOCUMENTS`] documents.
pub fn wide(alignment: &Alignment) -> Table {
    let column: HashMap<&str, usize> = alignment
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.as_str(), i))
        .collect();
    let mut table = wide_header(alignment);
    for g in &alignment.groups {
        let mut cells: Vec<Vec<&str>> = vec![Vec::new(); alignment.documents.len()];
        for m in &g.members {
            if let Some(&i) = column.get(m.doc.as_str()) {
                cells[i].push(&m.label);
            }
        }
        let mut row = group_values(g);
        row.extend(cells.into_iter().map(|c| {
            if c.is_empty() {
                Value::Null
            } else {
                Value::from(c.join("、"))
            }
        }));
        table.push(row);
    }
    table
}

/// The columns of [`wide`], without rows.
pub fn wide_header(alignment: &Alignment) -> Table {
    let mut table = Table::new(GROUP_COLUMNS);
    table.columns.extend(alignment.documents.iter().cloned());
    table
}

/// One row per aligned article: the group's columns, then the document (`doc`, `label`), the article
/// (`article`, `sub_number`, `article_label` as written, `chapter`, its span), its `score` (mean
/// similarity to the other members), its own `article_topic`, and its `role` (`aligned` or `split`).
pub fn members(alignment: &Alignment, labels: &Labels) -> Table {
    let mut table = Table::new(GROUP_COLUMNS);
    table.columns.extend(
        [
            "doc",
            "label",
            "article",
            "sub_number",
            "article_label",
            "chapter",
            "span_start",
            "span_end",
            "score",
            "article_topic",
            "role",
        ]
        .map(String::from),
    );
    for g in &alignment.groups {
        for m in &g.members {
            let [start, end] = span_values(m.span);
            let mut row = group_values(g);
            row.extend([
                Value::from(m.doc.clone()),
                labels.value(&m.doc),
                Value::from(m.article),
                m.sub_number.map_or(Value::Null, Value::from),
                Value::from(m.label.clone()),
                m.chapter.map_or(Value::Null, Value::from),
                start,
                end,
                m.score.map_or(Value::Null, Value::from),
                m.topic.clone().map_or(Value::Null, Value::from),
                Value::from(m.role.as_str()),
            ]);
            table.push(row);
        }
    }
    table
}
