//! The flat table of facts: one row per (fact, document), every value a scalar, ready for
//! `pandas.DataFrame`. Spans become `span_start` / `span_end`; lists of phrases are joined with `；`. Each
//! row carries its document's metadata (`label`, `government`, `level`, `year` …) after the fact's own
//! fields; a metadata column named like a field of the fact is written `meta_<name>`.

use serde_json::{Map, Value};

use super::{DocFacts, FactTopic};
use crate::meta::DocMeta;

/// The topic lists of a document, in output order, with the topic that selects each.
fn lists(f: &DocFacts) -> [(&'static str, FactTopic, Vec<Value>); 5] {
    fn values<T: serde::Serialize>(v: &[T]) -> Vec<Value> {
        v.iter()
            .map(|x| serde_json::to_value(x).expect("facts serialize"))
            .collect()
    }
    [
        ("meetings", FactTopic::Meetings, values(&f.meetings)),
        ("cadences", FactTopic::Meetings, values(&f.cadences)),
        ("signing", FactTopic::Signing, values(&f.signing)),
        ("deadlines", FactTopic::Deadlines, values(&f.deadlines)),
        ("leave", FactTopic::Leave, values(&f.leave)),
    ]
}

/// One flat object per fact of the chosen topics: `document`, `topic` (the list it comes from:
/// `meetings`, `cadences`, `signing`, `deadlines`, `leave`), `index` (its position in that list), then its
/// fields flattened, then the document's metadata (from `metadata`, by id; less its `id`).
pub fn rows(facts: &[DocFacts], topics: &[FactTopic], metadata: &[DocMeta]) -> Vec<Value> {
    let meta: std::collections::HashMap<&str, Map<String, Value>> = metadata
        .iter()
        .map(
            |m| match serde_json::to_value(m).expect("metadata serializes") {
                Value::Object(mut o) => {
                    o.remove("id");
                    (m.id.as_str(), o)
                }
                _ => unreachable!("metadata is an object"),
            },
        )
        .collect();
    let mut out = Vec::new();
    for f in facts {
        for (name, topic, values) in lists(f) {
            if !topics.contains(&topic) {
                continue;
            }
            for (i, v) in values.into_iter().enumerate() {
                let mut row = Map::new();
                row.insert("document".into(), Value::from(f.id.clone()));
                row.insert("topic".into(), Value::from(name));
                row.insert("index".into(), Value::from(i));
                if let Value::Object(fields) = v {
                    for (k, v) in fields {
                        flatten_into(&mut row, k, v);
                    }
                }
                for (k, v) in meta.get(f.id.as_str()).into_iter().flatten() {
                    let key = if row.contains_key(k) {
                        format!("meta_{k}")
                    } else {
                        k.clone()
                    };
                    row.insert(key, v.clone());
                }
                out.push(Value::Object(row));
            }
        }
    }
    out
}

fn flatten_into(row: &mut Map<String, Value>, key: String, value: Value) {
    match value {
        // A span [start, end].
        Value::Array(a) if key.ends_with("span") && a.len() == 2 && a.iter().all(Value::is_u64) => {
            row.insert(format!("{key}_start"), a[0].clone());
            row.insert(format!("{key}_end"), a[1].clone());
        }
        Value::Array(a) => {
            let parts: Vec<String> = a
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                .collect();
            row.insert(key, Value::from(parts.join("；")));
        }
        Value::Null if key.ends_with("span") => {
            row.insert(format!("{key}_start"), Value::Null);
            row.insert(format!("{key}_end"), Value::Null);
        }
        other => {
            row.insert(key, other);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;

    #[test]
    fn rows_are_flat() {
        let doc = Document::from_text(
            "d",
            "区政府常务会议由区长召集和主持，每月召开一次，区财政局局长列席。\n",
        );
        let parsed = crate::structure::parse(&doc);
        let facts = super::super::extract(&parsed);
        let (mut metadata, _) = crate::meta::describe(std::slice::from_ref(&parsed), None);
        metadata[0].extra.insert("kind".into(), "x".into());
        let rows = rows(&[facts], &FactTopic::ALL, &metadata);
        assert!(!rows.is_empty());
        for r in &rows {
            for (k, v) in r.as_object().unwrap() {
                assert!(!v.is_array() && !v.is_object(), "{k}: {v}");
            }
        }
        let meeting = rows.iter().find(|r| r["topic"] == "meetings").unwrap();
        assert_eq!(meeting["per_year"], 12);
        assert_eq!(meeting["attendees"], "区财政局局长列席");
        assert!(meeting["span_start"].is_u64() && meeting["cadence_span_end"].is_u64());
        assert_eq!(meeting["label"], "d");
        assert_eq!(
            (&meeting["kind"], &meeting["meta_kind"]),
            (&"executive".into(), &"x".into())
        );
    }
}
