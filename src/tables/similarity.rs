//! Similarity as tables: the matrix with a label on every row and column; where there is no matrix, each
//! unit's nearest units, one row per neighbour; the most similar pairs, one row per pair; and the passages
//! two documents share verbatim, one row per passage.

use serde_json::Value;

use super::{span_values, Labels, Table};
use crate::compare::reuse::ReuseReport;
use crate::compare::similarity::{SimilarityReport, UnitRef};

/// The columns naming a unit, after `prefix`: its label as in the JSON (`quzhou-2022 第四十一条`), its
/// document's id and display label, its chapter and article numbers (when the level has them), its span.
fn unit_columns(prefix: &str) -> Vec<String> {
    [
        "unit",
        "doc",
        "label",
        "chapter",
        "article",
        "span_start",
        "span_end",
    ]
    .iter()
    .map(|c| format!("{prefix}{c}"))
    .collect()
}

fn unit_values(u: &UnitRef, labels: &Labels) -> Vec<Value> {
    let [start, end] = span_values(u.span);
    vec![
        Value::from(u.label.clone()),
        Value::from(u.doc.clone()),
        labels.value(&u.doc),
        u.chapter.map_or(Value::Null, Value::from),
        u.article.map_or(Value::Null, Value::from),
        start,
        end,
    ]
}

/// The matrix, labelled: one row per unit (`unit`, `doc`, `label`), then one column per unit, headed by the
/// unit's label (`quzhou-2022`, `quzhou-2022 第8章 完善会议制度`); `None` when there is no matrix.
pub fn matrix(report: &SimilarityReport, labels: &Labels) -> Option<Table> {
    let m = report.matrix.as_ref()?;
    let mut table = Table::new(["unit", "doc", "label"]);
    table
        .columns
        .extend(report.units.iter().map(|u| u.label.clone()));
    for (u, row) in report.units.iter().zip(m.rows()) {
        let mut values = vec![
            Value::from(u.label.clone()),
            Value::from(u.doc.clone()),
            labels.value(&u.doc),
        ];
        values.extend(row.iter().map(|x| Value::from(*x)));
        table.push(values);
    }
    Some(table)
}

/// Each unit's nearest units, one row per (unit, neighbour), best first: the unit's columns, `rank` (1 for
/// the nearest), the neighbour's columns (`neighbour_…`) and `score`; `None` when the report lists none.
pub fn neighbours(report: &SimilarityReport, labels: &Labels) -> Option<Table> {
    let lists = report.neighbours.as_ref()?;
    let mut table = empty_neighbours();
    for (u, list) in report.units.iter().zip(lists) {
        for (rank, n) in list.iter().enumerate() {
            let Some(other) = report.units.get(n.index as usize) else {
                continue;
            };
            let mut row = unit_values(u, labels);
            row.push(Value::from(rank + 1));
            row.extend(unit_values(other, labels));
            row.push(Value::from(n.score));
            table.push(row);
        }
    }
    Some(table)
}

/// The neighbour table's columns, without rows.
pub fn empty_neighbours() -> Table {
    let mut columns = unit_columns("");
    columns.push("rank".into());
    columns.extend(unit_columns("neighbour_"));
    columns.push("score".into());
    Table::new(columns)
}

/// The pair table's columns, without rows.
pub fn empty_pairs() -> Table {
    let mut columns = unit_columns("a_");
    columns.extend(unit_columns("b_"));
    columns.push("score".into());
    Table::new(columns)
}

/// The most similar pairs, best first: `a_…` and `b_…` unit columns, then `score`.
pub fn pairs(report: &SimilarityReport, labels: &Labels) -> Table {
    let mut table = empty_pairs();
    for p in &report.pairs {
        let (Some(a), Some(b)) = (report.units.get(p.a), report.units.get(p.b)) else {
            continue;
        };
        let mut row = unit_values(a, labels);
        row.extend(unit_values(b, labels));
        row.push(Value::from(p.score));
        table.push(row);
    }
    table
}

/// The one table `similarity --format csv` writes: the matrix, else each unit's neighbours, else the pairs.
pub fn main_table(report: &SimilarityReport, labels: &Labels) -> Table {
    matrix(report, labels)
        .or_else(|| neighbours(report, labels))
        .unwrap_or_else(|| pairs(report, labels))
}

/// The passages two documents share verbatim, one row per passage listed: the two documents (`a`, `b`, ids
/// and labels), each passage's span in each, its length in normalised characters and its text as `a`
/// writes it.
pub fn reuse_passages(reuse: &ReuseReport, labels: &Labels) -> Table {
    let mut table = empty_reuse();
    for pair in &reuse.pairs {
        for p in &pair.passages {
            let [a_start, a_end] = span_values(p.a_span);
            let [b_start, b_end] = span_values(p.b_span);
            table.push(vec![
                Value::from(pair.a.clone()),
                labels.value(&pair.a),
                Value::from(pair.b.clone()),
                labels.value(&pair.b),
                a_start,
                a_end,
                b_start,
                b_end,
                Value::from(p.chars),
                Value::from(p.text.clone()),
            ]);
        }
    }
    table
}

/// The reuse table's columns, without rows.
pub fn empty_reuse() -> Table {
    Table::new([
        "a",
        "a_label",
        "b",
        "b_label",
        "a_span_start",
        "a_span_end",
        "b_span_start",
        "b_span_end",
        "chars",
        "text",
    ])
}
