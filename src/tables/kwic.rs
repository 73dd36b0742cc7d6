//! Keyword in context as a table (`kwic --format csv`): one row per hit.

use serde_json::Value;

use super::{span_values, Table};
use crate::kwic::KwicSection;

/// One row per hit: `doc`, `label`, `article`, `article_label`, `region`, `span_start`, `span_end`,
/// `left`, `keyword`, `right`.
pub fn table(section: &KwicSection) -> Table {
    let labels: std::collections::HashMap<&str, &str> = section
        .documents
        .iter()
        .map(|d| (d.id.as_str(), d.label.as_str()))
        .collect();
    let mut table = Table::new([
        "doc",
        "label",
        "article",
        "article_label",
        "region",
        "span_start",
        "span_end",
        "left",
        "keyword",
        "right",
    ]);
    for h in &section.hits {
        let [start, end] = span_values(h.span);
        table.push(vec![
            Value::from(h.doc.clone()),
            labels
                .get(h.doc.as_str())
                .map_or(Value::Null, |l| Value::from(*l)),
            h.article.map_or(Value::Null, Value::from),
            h.article_label.clone().map_or(Value::Null, Value::from),
            serde_json::to_value(h.region).unwrap_or(Value::Null),
            start,
            end,
            Value::from(h.left.clone()),
            Value::from(h.keyword.clone()),
            Value::from(h.right.clone()),
        ]);
    }
    table
}
