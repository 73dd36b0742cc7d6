//! `govrules segment`: the structure of each document (chapters, articles, paragraphs, items, regions,
//! warnings) as JSON. See docs/json-contract.md for the fields.

use crate::cli::{describe, Inputs, MetaArgs, Output};
use govrules::report::envelope::{Envelope, Segmentation};

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
    #[command(flatten)]
    pub meta: MetaArgs,
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    let table = args.meta.table()?;
    let (documents, failures) = args
        .inputs
        .load(&args.output.targets(), &args.meta.files())?;
    let parsed = govrules::structure::parse_all(&documents);
    drop(documents);
    let metadata = describe(table.as_ref(), &parsed);
    let out = Segmentation::new(&parsed, args.with_text);
    args.output
        .write_json(&Envelope::new(out).with_metadata(metadata))?;
    Ok(failures.exit_code())
}
