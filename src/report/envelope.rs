//! What each command writes, as library types: one versioned [`Envelope`] around a section, and the
//! sections themselves, which the report bundles unchanged (without their `schema_version`). So a notebook
//! reads `govrules align`'s output and the report's `alignment` the same way, and the two cannot drift.

use serde::Serialize;

use crate::compare::align::Alignment;
use crate::compare::diff::DocDiff;
use crate::compare::reuse::ReuseReport;
use crate::compare::revisions::FactChange;
use crate::compare::similarity::SimilarityReport;
use crate::facts::vocabulary::{Category, Role};
use crate::facts::{self, DocFacts, FactTopic, Vocabulary};
use crate::meta::DocMeta;
use crate::structure::ParsedDoc;

/// A command's whole output: the schema version, the section's fields, then the documents' metadata.
#[derive(Clone, Debug, Serialize)]
pub struct Envelope<T> {
    pub schema_version: &'static str,
    #[serde(flatten)]
    pub body: T,
    /// One per document, in input order: id, unique label, government, level, year … (see [`DocMeta`]);
    /// absent from the outputs that do not carry it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Vec<DocMeta>>,
}

impl<T> Envelope<T> {
    pub fn new(body: T) -> Envelope<T> {
        Envelope {
            schema_version: crate::SCHEMA_VERSION,
            body,
            metadata: None,
        }
    }

    /// The envelope with the documents' metadata.
    pub fn with_metadata(mut self, metadata: Vec<DocMeta>) -> Envelope<T> {
        self.metadata = Some(metadata);
        self
    }
}

/// `govrules segment`: the structure of each document.
#[derive(Clone, Debug, Serialize)]
pub struct Segmentation<'a> {
    pub documents: Vec<SegmentedDocument<'a>>,
}

/// One parsed document, with its decoded text when asked for.
#[derive(Clone, Debug, Serialize)]
pub struct SegmentedDocument<'a> {
    #[serde(flatten)]
    pub doc: &'a ParsedDoc,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
}

impl<'a> Segmentation<'a> {
    pub fn new(docs: &'a [ParsedDoc], with_text: bool) -> Segmentation<'a> {
        Segmentation {
            documents: docs
                .iter()
                .map(|doc| SegmentedDocument {
                    doc,
                    text: with_text.then_some(doc.text.as_str()),
                })
                .collect(),
        }
    }
}

/// `govrules align`, and the report's `alignment`: the alignment, the documents whose absences may be gaps
/// of a truncated capture, and warnings.
#[derive(Clone, Debug, Serialize)]
pub struct AlignmentSection {
    #[serde(flatten)]
    pub alignment: Alignment,
    /// Documents the parser found truncated: their absences may be gaps of the capture, not of the rules.
    pub truncated: Vec<String>,
    pub warnings: Vec<String>,
}

impl AlignmentSection {
    pub fn new(docs: &[ParsedDoc], alignment: Alignment) -> AlignmentSection {
        AlignmentSection {
            alignment,
            truncated: docs
                .iter()
                .filter(|d| d.is_truncated())
                .map(|d| d.id.clone())
                .collect(),
            warnings: docs
                .iter()
                .filter(|d| d.articles.is_empty())
                .map(|d| format!("{}: no articles found; nothing of it can align", d.id))
                .collect(),
        }
    }
}

/// `govrules similarity`, and the report's `similarity`: similarity, and verbatim reuse when asked for.
#[derive(Clone, Debug, Serialize)]
pub struct SimilaritySection {
    #[serde(flatten)]
    pub report: SimilarityReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reuse: Option<ReuseReport>,
}

/// `govrules diff A B`: the two documents compared article by article and fact by fact, with warnings.
#[derive(Clone, Debug, Serialize)]
pub struct DiffSection {
    #[serde(flatten)]
    pub diff: DocDiff,
    /// What changed from `a` to `b`, fact by fact (meetings, signing), as for two revisions of one text.
    pub fact_changes: Vec<FactChange>,
    pub warnings: Vec<String>,
}

/// `govrules compare`, and the report's `facts`: each document's facts on the chosen topics, and the
/// classification they were read with (corpus/meetings.toml, corpus/signing.toml, or the files given).
#[derive(Clone, Debug, Serialize)]
pub struct FactsSection {
    pub documents: Vec<FactsDocument>,
    /// The roles meetings play (a meeting's `role`), in display order; absent without the meetings topic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting_roles: Option<Vec<Role>>,
    /// The signing categories (a rule's `categories`: `id` and display `name`), in display order; absent
    /// without the signing topic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signing_categories: Option<Vec<Category>>,
}

/// A document's facts; the lists of topics not asked for are left out.
#[derive(Clone, Debug, Serialize)]
pub struct FactsDocument {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meetings: Option<Vec<facts::Meeting>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cadences: Option<Vec<facts::Cadence>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signing: Option<Vec<facts::SigningRule>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadlines: Option<Vec<facts::Deadline>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leave: Option<Vec<facts::LeaveRule>>,
}

impl FactsSection {
    /// The facts of the chosen topics (`found` extracted with at least those, by `vocabulary`).
    pub fn new(
        found: Vec<DocFacts>,
        topics: &[FactTopic],
        vocabulary: &Vocabulary,
    ) -> FactsSection {
        let has = |t: FactTopic| topics.contains(&t);
        FactsSection {
            meeting_roles: has(FactTopic::Meetings).then(|| vocabulary.meetings.roles.clone()),
            signing_categories: has(FactTopic::Signing)
                .then(|| vocabulary.signing.categories.clone()),
            documents: found
                .into_iter()
                .map(|f| FactsDocument {
                    id: f.id,
                    meetings: has(FactTopic::Meetings).then_some(f.meetings),
                    cadences: has(FactTopic::Meetings).then_some(f.cadences),
                    signing: has(FactTopic::Signing).then_some(f.signing),
                    deadlines: has(FactTopic::Deadlines).then_some(f.deadlines),
                    leave: has(FactTopic::Leave).then_some(f.leave),
                })
                .collect(),
        }
    }
}
