//! `govrules diff A B`: for each pair of aligned articles, the similarity, the word-level edits and the
//! passages unique to each side; the provisions only one document has; and what changed fact by fact
//! (meetings, signing), as between two revisions. See docs/diff.md.

use std::path::PathBuf;

use crate::cli::{describe, MetaArgs, Output, VocabularyArgs};
use crate::cmd::align::FeatureArgs;
use govrules::compare::align::AlignOptions;
use govrules::compare::diff::{AlignmentIndex, DiffOptions, Edit};
use govrules::compare::revisions::fact_changes;
use govrules::corpus::Source;
use govrules::facts::{self, FactTopic};
use govrules::features::Analysis;
use govrules::report::envelope::{DiffSection, Envelope};

/// Compare two documents article by article.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The first document.
    #[arg(value_name = "A")]
    pub a: PathBuf,
    /// The second document.
    #[arg(value_name = "B")]
    pub b: PathBuf,
    #[command(flatten)]
    pub output: Output,
    #[command(flatten)]
    pub features: FeatureArgs,
    /// Leave the unchanged runs (`equal` edits) out of the output.
    #[arg(long)]
    pub changes_only: bool,
    /// Diff an article pair word by word only while (tokens of a) × (tokens of b) is at most N; a longer
    /// pair is listed without edits and says so. The bound keeps the output independent of the machine.
    #[arg(long, default_value_t = DiffOptions::default().max_cells, value_name = "N")]
    pub max_cells: u64,
    #[command(flatten)]
    pub vocabulary: VocabularyArgs,
    #[command(flatten)]
    pub meta: MetaArgs,
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    let taxonomy = args.features.taxonomy()?;
    let vocabulary = args.vocabulary.load()?;
    let table = args.meta.table()?;
    let inputs = [args.a.as_path(), args.b.as_path()];
    let mut option_files = args.vocabulary.files();
    option_files.extend(args.features.analysis.files());
    option_files.extend(args.meta.files());
    govrules::output::refuse_inputs(
        &args.output.targets(),
        inputs.into_iter().chain(option_files),
    )?;
    // Two files that share a stem are told apart as in any run (`x/rules` and `y/rules`).
    let ids = govrules::corpus::unique_ids(&[args.a.clone(), args.b.clone()]);
    let load = |path: &PathBuf, id: &str| {
        govrules::corpus::load_source(&Source {
            path: path.clone(),
            id: id.to_string(),
        })
    };
    let a = load(&args.a, &ids[0])?;
    let b = load(&args.b, &ids[1])?;
    let (pa, pb) = (
        govrules::structure::parse(&a),
        govrules::structure::parse(&b),
    );
    let warnings: Vec<String> = [&pa, &pb]
        .iter()
        .filter(|d| d.articles.is_empty())
        .map(|d| format!("{}: no articles found; nothing of it can be compared", d.id))
        .collect();
    let opts = DiffOptions {
        max_cells: args.max_cells,
    };
    let source = args.features.source()?;
    let diff_source = args.features.char_diff_source();
    let mut builder = Analysis::builder(source.as_ref())
        .taxonomy(&taxonomy)
        .char_bigrams(true);
    if args.features.diffs_other_terms() {
        builder = builder.diff_terms(diff_source.as_ref());
    }
    let metadata = describe(table.as_ref(), &[pa.clone(), pb.clone()]);
    let topics = [FactTopic::Meetings, FactTopic::Signing];
    let fact_changes = fact_changes(
        &facts::extract_with(&pa, &topics, &vocabulary),
        &facts::extract_with(&pb, &topics, &vocabulary),
    );
    let analysis = builder.build(vec![pa, pb]);
    let alignment = govrules::compare::align::align(&analysis, &taxonomy, &AlignOptions::default());
    let index = AlignmentIndex::new(&analysis, &alignment);
    let mut diff = govrules::compare::diff::diff_documents(&analysis, &index, 0, 1, &opts);
    if args.changes_only {
        for p in &mut diff.pairs {
            p.edits.retain(|e| !matches!(e, Edit::Equal { .. }));
        }
    }
    let section = DiffSection {
        diff,
        fact_changes,
        warnings,
    };
    args.output
        .write_json(&Envelope::new(section).with_metadata(metadata))?;
    Ok(0)
}
