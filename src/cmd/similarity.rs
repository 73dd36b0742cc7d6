//! `govrules similarity`: similarity of documents, chapters or articles (matrix with labels, or the
//! most similar pairs), and optionally the passages two documents share verbatim. See docs/similarity.md.

use serde::Serialize;

use crate::cli::{Inputs, Output};
use crate::cmd::align::FeatureArgs;
use govrules::reuse::{ReuseOptions, ReuseReport};
use govrules::similarity::{Level, Metric, SimilarityOptions, SimilarityReport};

/// Similarity of documents, chapters or articles; text reuse.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub output: Output,
    #[command(flatten)]
    pub features: FeatureArgs,
    /// Units compared.
    #[arg(long, value_enum, default_value = "document")]
    pub level: LevelArg,
    /// Similarity measure.
    #[arg(long, value_enum, default_value = "cosine")]
    pub metric: MetricArg,
    /// Keep the K most similar pairs (0: all above --min-sim).
    #[arg(long, default_value_t = 20, value_name = "K")]
    pub top: usize,
    /// Leave out pairs less similar than X.
    #[arg(long, default_value_t = 0.0, value_name = "X")]
    pub min_sim: f64,
    /// Article level: neighbours searched per article.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub neighbours: usize,
    /// Also pair units of the same document.
    #[arg(long)]
    pub within: bool,
    /// Also find passages shared verbatim by two documents (after normalisation).
    #[arg(long)]
    pub reuse: bool,
    /// Shortest shared passage reported by --reuse, in characters.
    #[arg(long, default_value_t = 15, value_name = "N")]
    pub min_chars: usize,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LevelArg {
    Document,
    Chapter,
    Article,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum MetricArg {
    Cosine,
    Jaccard,
    Minhash,
}

#[derive(Serialize)]
struct SimilarityOutput {
    schema_version: &'static str,
    #[serde(flatten)]
    report: SimilarityReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    reuse: Option<ReuseReport>,
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    if !(0.0..=1.0).contains(&args.min_sim) {
        anyhow::bail!("--min-sim must lie between 0 and 1, not {}", args.min_sim);
    }
    let (documents, failures) = args
        .inputs
        .load(&args.output.targets(), &[args.features.taxonomy.as_deref()])?;
    let parsed = govrules::structure::parse_all(&documents);
    let opts = SimilarityOptions {
        level: match args.level {
            LevelArg::Document => Level::Document,
            LevelArg::Chapter => Level::Chapter,
            LevelArg::Article => Level::Article,
        },
        metric: match args.metric {
            MetricArg::Cosine => Metric::Cosine,
            MetricArg::Jaccard => Metric::Jaccard,
            MetricArg::Minhash => Metric::Minhash,
        },
        top: args.top,
        min_sim: args.min_sim,
        neighbours: args.neighbours.max(1),
        within_documents: args.within,
        ..SimilarityOptions::default()
    };
    let source = args.features.source();
    let report = govrules::similarity::compare(&parsed, source.as_ref(), &opts);
    let reuse = (args.reuse || args.min_chars != 15).then(|| {
        govrules::reuse::find_reuse(
            &parsed,
            &ReuseOptions {
                min_chars: args.min_chars,
                ..ReuseOptions::default()
            },
        )
    });
    args.output.write_json(&SimilarityOutput {
        schema_version: govrules::SCHEMA_VERSION,
        report,
        reuse,
    })?;
    Ok(failures.exit_code())
}
