//! Tables: the outputs that are tables, as named columns and rows of plain values, and the one CSV writer
//! they all go through, for pandas, R, Stata and Excel alike. Each kind of table has its own module:
//! [`facts`] (one row per fact, as `compare --table`), [`similarity`] (the labelled matrix, or the
//! neighbour and pair lists), [`alignment`] (provisions × documents, and one row per aligned article),
//! and [`report`] (every table of a report, for `report --tables`). docs/tables.md lists their columns.
//!
//! A CSV file is UTF-8 with a byte-order mark, so that Excel reads the Chinese as Chinese (without the
//! mark it takes the file for the local code page); pandas, readr and Stata skip the mark. Fields are
//! quoted where they must be (a comma, a quote, a line break), records end with CRLF (RFC 4180), a null is
//! an empty field, and numbers are written as in the JSON.

pub mod alignment;
pub mod facts;
pub mod kwic;
pub mod report;
pub mod similarity;

use std::collections::HashMap;
use std::io::Write;

use serde_json::{Map, Value};

use crate::meta::DocMeta;

/// The UTF-8 byte-order mark every CSV file starts with.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A table: column names and rows of values, each row as long as `columns`. A value is null, a boolean,
/// a number or a string.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl Table {
    /// An empty table with these columns.
    pub fn new<S: Into<String>>(columns: impl IntoIterator<Item = S>) -> Table {
        Table {
            columns: columns.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row; it must have one value per column.
    pub fn push(&mut self, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    /// The table of flat JSON objects: the `leading` columns first (those any object has), then every
    /// other key in sorted order; a key an object lacks is null in its row.
    pub fn from_objects(objects: &[Map<String, Value>], leading: &[&str]) -> Table {
        let mut others: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
        for o in objects {
            others.extend(o.keys().map(String::as_str));
        }
        let mut columns: Vec<String> = leading
            .iter()
            .filter(|c| others.contains(*c))
            .map(|c| c.to_string())
            .collect();
        for c in &columns {
            others.remove(c.as_str());
        }
        columns.extend(others.into_iter().map(str::to_string));
        let rows = objects
            .iter()
            .map(|o| {
                columns
                    .iter()
                    .map(|c| o.get(c).cloned().unwrap_or(Value::Null))
                    .collect()
            })
            .collect();
        Table { columns, rows }
    }

    /// Writes the table as CSV (see the module documentation), the byte-order mark first.
    pub fn write_csv<W: Write>(&self, mut out: W) -> std::io::Result<()> {
        out.write_all(BOM)?;
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        w.write_record(&self.columns).map_err(into_io)?;
        let mut fields: Vec<String> = Vec::with_capacity(self.columns.len());
        for row in &self.rows {
            fields.clear();
            fields.extend(row.iter().map(field));
            w.write_record(&fields).map_err(into_io)?;
        }
        w.flush()
    }
}

/// Document id → display label, for the `label` columns.
#[derive(Clone, Debug, Default)]
pub struct Labels(HashMap<String, String>);

impl Labels {
    pub fn new(pairs: impl IntoIterator<Item = (String, String)>) -> Labels {
        Labels(pairs.into_iter().collect())
    }

    /// The documents' display labels (`杭州市拱墅区`), unique within the run, as every output gives them.
    pub fn of(metadata: &[DocMeta]) -> Labels {
        Labels::new(metadata.iter().map(|m| (m.id.clone(), m.label.clone())))
    }

    pub fn get(&self, id: &str) -> Option<&str> {
        self.0.get(id).map(String::as_str)
    }

    /// The label of `id` as a value: null when the document is unknown.
    pub fn value(&self, id: &str) -> Value {
        self.get(id).map_or(Value::Null, Value::from)
    }
}

/// A value as a CSV field: null is empty, a string itself, anything else its JSON text.
pub fn field(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A csv error as the I/O error it wraps (a closed pipe stays recognisable), or a plain I/O error.
fn into_io(e: csv::Error) -> std::io::Error {
    if e.is_io_error() {
        match e.into_kind() {
            csv::ErrorKind::Io(io) => io,
            other => std::io::Error::other(format!("{other:?}")),
        }
    } else {
        std::io::Error::other(e.to_string())
    }
}

/// `object` with nested objects flattened into `parent_child` keys and arrays left out: the scalar fields
/// of a serialized value, as columns.
pub fn scalar_fields(object: Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    flatten_into(&mut out, "", object);
    out
}

fn flatten_into(out: &mut Map<String, Value>, prefix: &str, object: Map<String, Value>) {
    for (k, v) in object {
        let key = if prefix.is_empty() {
            k
        } else {
            format!("{prefix}_{k}")
        };
        match v {
            Value::Object(inner) => flatten_into(out, &key, inner),
            Value::Array(_) => {}
            scalar => {
                out.insert(key, scalar);
            }
        }
    }
}

/// `[start, end]` as two columns' values.
pub(crate) fn span_values(span: crate::span::Span) -> [Value; 2] {
    [Value::from(span.start), Value::from(span.end)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn csv_has_a_bom_quotes_what_it_must_and_leaves_nulls_empty() {
        let mut t = Table::new(["doc", "text", "n", "x"]);
        t.push(vec![
            json!("衢州市"),
            json!("甲，乙,\"丙\"\n丁"),
            json!(2.5),
            Value::Null,
        ]);
        let mut out = Vec::new();
        t.write_csv(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "\u{feff}doc,text,n,x\r\n衢州市,\"甲，乙,\"\"丙\"\"\n丁\",2.5,\r\n"
        );
    }

    #[test]
    fn objects_become_columns_leading_ones_first() {
        let a = json!({"b": 1, "doc": "x", "a": "y"});
        let b = json!({"c": true, "doc": "z"});
        let objects: Vec<Map<String, Value>> = [a, b]
            .into_iter()
            .map(|v| v.as_object().unwrap().clone())
            .collect();
        let t = Table::from_objects(&objects, &["doc", "missing"]);
        assert_eq!(t.columns, ["doc", "a", "b", "c"]);
        assert_eq!(
            t.rows[1],
            [json!("z"), Value::Null, Value::Null, json!(true)]
        );
    }

    #[test]
    fn nested_objects_flatten_and_lists_drop() {
        let v = json!({"id": "a", "meta": {"year": 2021, "x": {"y": 1}}, "articles": [1, 2]});
        let flat = scalar_fields(v.as_object().unwrap().clone());
        assert_eq!(
            Value::Object(flat),
            json!({"id": "a", "meta_year": 2021, "meta_x_y": 1})
        );
    }
}
