//! `govrules diff A B`: for each pair of aligned articles, the similarity, the word-level edits and the
//! passages unique to each side; and the provisions only one document has. See docs/diff.md.

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use crate::cli::Output;
use crate::cmd::align::FeatureArgs;
use govrules::corpus::Source;
use govrules::diff::{DiffOptions, DocDiff, Edit};

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
    /// Deadline for one article pair's diff, in milliseconds.
    #[arg(long, default_value_t = 1000, value_name = "MS")]
    pub timeout_ms: u64,
}

#[derive(Serialize)]
struct DiffOutput {
    schema_version: &'static str,
    #[serde(flatten)]
    diff: DocDiff,
    warnings: Vec<String>,
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    let taxonomy = args.features.taxonomy()?;
    let inputs = [args.a.as_path(), args.b.as_path()];
    govrules::output::refuse_inputs(
        &args.output.targets(),
        inputs.into_iter().chain(args.features.taxonomy.as_deref()),
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
        timeout: Duration::from_millis(args.timeout_ms.max(1)),
        ..DiffOptions::default()
    };
    let source = args.features.source();
    let diff_source = args.features.diff_source();
    let mut diff = govrules::diff::diff_documents(
        &pa,
        &pb,
        &taxonomy,
        source.as_ref(),
        diff_source.as_ref(),
        &opts,
    );
    if args.changes_only {
        for p in &mut diff.pairs {
            p.edits.retain(|e| !matches!(e, Edit::Equal { .. }));
        }
    }
    args.output.write_json(&DiffOutput {
        schema_version: govrules::SCHEMA_VERSION,
        diff,
        warnings,
    })?;
    Ok(0)
}
