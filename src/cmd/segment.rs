//! `govrules segment`: the structure of each document (chapters, articles, paragraphs, items, regions,
//! warnings) as JSON. See docs/json-contract.md for the fields.

use serde::Serialize;

use crate::cli::{Inputs, Output};

/// Segment documents into their structure.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub output: Output,
    /// Include each document's decoded text (`text`), so spans can be checked without the file.
    #[arg(long)]
    pub with_text: bool,
}

#[derive(Serialize)]
struct SegmentOutput<'a> {
    schema_version: &'static str,
    documents: Vec<DocumentOut<'a>>,
}

#[derive(Serialize)]
struct DocumentOut<'a> {
    #[serde(flatten)]
    doc: &'a govrules::ParsedDoc,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    let (documents, failures) = args.inputs.load(&args.output.targets(), &[])?;
    let parsed = govrules::structure::parse_all(&documents);
    let out = SegmentOutput {
        schema_version: govrules::SCHEMA_VERSION,
        documents: parsed
            .iter()
            .map(|doc| DocumentOut {
                doc,
                text: args.with_text.then_some(doc.text.as_str()),
            })
            .collect(),
    };
    args.output.write_json(&out)?;
    Ok(failures.exit_code())
}
