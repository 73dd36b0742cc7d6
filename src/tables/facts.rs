//! The table of facts (`compare --table`, `report --tables`'s `facts.csv`): one row per fact, its fields
//! flattened and given the document's metadata (its display label among them) by `facts::table`, and beside
//! them what a reader needs to check it without a lookup: the article as the document writes it (`第三十六条`) and its topic, and the
//! source sentence (a meeting's `text` is its sentence; the other facts carry `sentence` already).

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::Table;
use crate::facts::{self, DocFacts, FactTopic};
use crate::meta::DocMeta;
use crate::structure::ParsedDoc;
use crate::topics::DocTopics;

/// The columns a row starts with, in this order; the fact's own fields follow in sorted order.
pub const LEADING: &[&str] = &[
    "document",
    "label",
    "topic",
    "index",
    "article",
    "article_label",
    "article_topic",
    "text",
    "sentence",
    "span_start",
    "span_end",
];

/// What the rows of one document add to its facts.
#[derive(Clone, Debug, Default)]
pub struct DocContext {
    pub id: String,
    /// By article number (the first article with that number): its marker as written and its topic.
    pub articles: HashMap<u32, ArticleContext>,
}

/// An article's marker as written (`第三十六条`, `四十四、`) and its topic in the taxonomy.
#[derive(Clone, Debug, Default)]
pub struct ArticleContext {
    pub label: String,
    pub topic: Option<String>,
}

impl DocContext {
    /// The context of a parsed document, given its topics.
    pub fn of(doc: &ParsedDoc, topics: &DocTopics) -> DocContext {
        let mut articles = HashMap::new();
        for (a, class) in doc.articles.iter().zip(&topics.articles) {
            articles.entry(a.number).or_insert_with(|| ArticleContext {
                label: a.label.clone(),
                topic: class.topic.clone(),
            });
        }
        DocContext {
            id: doc.id.clone(),
            articles,
        }
    }
}

/// One flat row per fact of the chosen topics with the document's metadata (see `facts::table::rows`),
/// and `article_label`, `article_topic` and, for meetings, `sentence`. `context` holds the documents of
/// `found`, by id.
pub fn rows(
    found: &[DocFacts],
    topics: &[FactTopic],
    metadata: &[DocMeta],
    context: &[DocContext],
) -> Vec<Map<String, Value>> {
    let by_id: HashMap<&str, &DocContext> = context.iter().map(|c| (c.id.as_str(), c)).collect();
    facts::table::rows(found, topics, metadata)
        .into_iter()
        .filter_map(|row| match row {
            Value::Object(map) => Some(map),
            _ => None,
        })
        .map(|mut row| {
            let doc = row
                .get("document")
                .and_then(Value::as_str)
                .and_then(|id| by_id.get(id).copied());
            let article = row
                .get("article")
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
                .and_then(|n| doc.and_then(|d| d.articles.get(&n)));
            row.insert(
                "article_label".into(),
                article.map_or(Value::Null, |a| Value::from(a.label.clone())),
            );
            row.insert(
                "article_topic".into(),
                article
                    .and_then(|a| a.topic.clone())
                    .map_or(Value::Null, Value::from),
            );
            if !row.contains_key("sentence") {
                let text = row.get("text").cloned().unwrap_or(Value::Null);
                row.insert("sentence".into(), text);
            }
            row
        })
        .collect()
}

/// The rows as a table, [`LEADING`] columns first.
pub fn table(rows: &[Map<String, Value>]) -> Table {
    Table::from_objects(rows, LEADING)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;
    use crate::topics::Taxonomy;

    #[test]
    fn rows_carry_label_article_label_topic_and_sentence() {
        let doc = crate::structure::parse(&Document::from_text(
            "d",
            "第一条 区政府常务会议由区长召集和主持，每月召开一次。\n第二条 公文由区长签发。\n",
        ));
        let topics = Taxonomy::builtin().classify_doc(&doc);
        let context = [DocContext::of(&doc, &topics)];
        let (mut metadata, _) = crate::meta::describe(std::slice::from_ref(&doc), None);
        metadata[0].label = "某区".into();
        let rows = rows(
            &[facts::extract(&doc)],
            &FactTopic::ALL,
            &metadata,
            &context,
        );
        let meeting = rows.iter().find(|r| r["topic"] == "meetings").unwrap();
        assert_eq!(meeting["label"], "某区");
        assert_eq!(meeting["article_label"], "第一条");
        assert_eq!(meeting["sentence"], meeting["text"]);
        assert!(meeting["article_topic"].is_string(), "{meeting:?}");
        let signing = rows.iter().find(|r| r["topic"] == "signing").unwrap();
        assert_eq!(signing["article_label"], "第二条");
        let table = table(&rows);
        assert_eq!(&table.columns[..4], ["document", "label", "topic", "index"]);
    }
}
