//! `govrules compare`: the facts of each document side by side — meetings and their cadence, every
//! cadence, signing authority, deadlines, leave — as JSON, or with `--table` (or `--format csv`) as one
//! flat row per fact, with the document's label, the article's label and topic, and the sentence. See
//! docs/compare.md for the fields.

use govrules::facts::{self, DocFacts, FactTopic};
use govrules::report::envelope::{Envelope, FactsSection};
use govrules::tables::facts::DocContext;
use govrules::topics::DocTopics;
use rayon::prelude::*;

use crate::cli::{describe, Inputs, MetaArgs, Output, TableFormat, VocabularyArgs};
use crate::cmd::options::TaxonomyArgs;

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
    pub format: TableFormat,
    /// The taxonomy gives the table's `article_topic`.
    #[command(flatten)]
    pub topics: TaxonomyArgs,
    #[command(flatten)]
    pub vocabulary: VocabularyArgs,
    #[command(flatten)]
    pub meta: MetaArgs,
}

impl Args {
    fn topics(&self) -> Vec<FactTopic> {
        match self.topic {
            TopicArg::Meetings => vec![FactTopic::Meetings],
            TopicArg::Signing => vec![FactTopic::Signing],
            TopicArg::Deadlines => vec![FactTopic::Deadlines],
            TopicArg::Leave => vec![FactTopic::Leave],
            TopicArg::All => FactTopic::ALL.to_vec(),
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    let topics = args.topics();
    let vocabulary = args.vocabulary.load()?;
    let taxonomy = args.topics.taxonomy()?;
    let table = args.meta.table()?;
    let mut option_files = args.vocabulary.files();
    option_files.extend(args.topics.files());
    option_files.extend(args.meta.files());
    let (documents, failures) = args.inputs.load(&args.output.targets(), &option_files)?;
    let parsed = govrules::structure::parse_all(&documents);
    drop(documents);
    let metadata = describe(table.as_ref(), &parsed);
    let found: Vec<DocFacts> = parsed
        .par_iter()
        .map(|d| facts::extract_with(d, &topics, &vocabulary))
        .collect();
    if args.table || args.format.is_csv() {
        let context: Vec<DocContext> = parsed
            .par_iter()
            .map(|d| {
                let classified: DocTopics = taxonomy.classify_doc(d);
                DocContext::of(d, &classified)
            })
            .collect();
        let rows = govrules::tables::facts::rows(&found, &topics, &metadata, &context);
        if args.format.is_csv() {
            args.output
                .write_csv(&govrules::tables::facts::table(&rows))?;
        } else {
            args.output.write_json(&rows)?;
        }
    } else {
        let section = FactsSection::new(found, &topics, &vocabulary);
        args.output
            .write_json(&Envelope::new(section).with_metadata(metadata))?;
    }
    Ok(failures.exit_code())
}
