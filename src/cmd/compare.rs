//! `govrules compare`: the facts of each document side by side — meetings and their cadence, every
//! cadence, signing authority, deadlines, leave — as JSON, or with `--table` as one flat row per fact.
//! See docs/compare.md for the fields.

use govrules::facts::{self, DocFacts, Topic};
use govrules::report::envelope::{Envelope, FactsSection};
use rayon::prelude::*;

use crate::cli::{describe, Inputs, MetaArgs, Output, VocabularyArgs};

/// Which facts to extract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TopicArg {
    /// Meetings and every frequency expression (`cadences`).
    Meetings,
    Signing,
    Deadlines,
    Leave,
    All,
}

/// Compare the facts the documents state: meetings, cadences, signing, deadlines, leave.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub output: Output,
    /// The facts to extract.
    #[arg(long, value_enum, default_value = "all")]
    pub topic: TopicArg,
    /// One flat JSON object per (fact, document), in a JSON array, for `pandas.DataFrame`.
    #[arg(long)]
    pub table: bool,
    #[command(flatten)]
    pub vocabulary: VocabularyArgs,
    #[command(flatten)]
    pub meta: MetaArgs,
}

impl Args {
    fn topics(&self) -> Vec<Topic> {
        match self.topic {
            TopicArg::Meetings => vec![Topic::Meetings],
            TopicArg::Signing => vec![Topic::Signing],
            TopicArg::Deadlines => vec![Topic::Deadlines],
            TopicArg::Leave => vec![Topic::Leave],
            TopicArg::All => Topic::ALL.to_vec(),
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    let topics = args.topics();
    let vocabulary = args.vocabulary.load()?;
    let table = args.meta.table()?;
    let mut option_files = args.vocabulary.paths();
    option_files.push(args.meta.path());
    let (documents, failures) = args.inputs.load(&args.output.targets(), &option_files)?;
    let parsed = govrules::structure::parse_all(&documents);
    let metadata = describe(table.as_ref(), &parsed);
    let found: Vec<DocFacts> = parsed
        .par_iter()
        .map(|d| facts::extract_with(d, &topics, &vocabulary))
        .collect();
    if args.table {
        args.output
            .write_json(&facts::table::rows(&found, &topics, &metadata))?;
    } else {
        let section = FactsSection::new(found, &topics, &vocabulary);
        args.output
            .write_json(&Envelope::new(section).with_metadata(metadata))?;
    }
    Ok(failures.exit_code())
}
