//! `govrules similarity`: similarity of documents, chapters or articles (matrix with labels, or the
//! most similar pairs), and optionally the passages two documents share verbatim. See docs/similarity.md.

use crate::cli::{describe, Inputs, MetaArgs, Output, TableFormat};
use crate::cmd::align::FeatureArgs;
use govrules::compare::reuse::ReuseOptions;
use govrules::compare::similarity::{Metric, SimilarityOptions, UnitLevel};
use govrules::features::Analysis;
use govrules::report::envelope::{Envelope, SimilaritySection};

/// Similarity of documents, chapters or articles; text reuse.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub output: Output,
    #[command(flatten)]
    pub format: TableFormat,
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
    /// With --reuse, the pairs listed: `all`, or `nearest:K` (each document's K pairs that share the most
    /// text). Default: all up to 12 documents, else nearest:5.
    #[arg(long, value_name = "all|nearest:K", value_parser = parse_pairs)]
    pub reuse_pairs: Option<ReusePairs>,
    /// With --reuse: passages listed per pair, longest first (0: all). Default: all up to 12 documents,
    /// else 20.
    #[arg(long, value_name = "N")]
    pub max_passages: Option<usize>,
    /// Documents and chapters: a matrix up to N units; beyond, each unit's --neighbours nearest units.
    #[arg(long, default_value_t = SimilarityOptions::default().matrix_max, value_name = "N")]
    pub matrix_max: usize,
    #[command(flatten)]
    pub meta: MetaArgs,
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

pub fn run(args: Args) -> anyhow::Result<i32> {
    if !(0.0..=1.0).contains(&args.min_sim) {
        anyhow::bail!("--min-sim must lie between 0 and 1, not {}", args.min_sim);
    }
    if args.format.is_csv() && (args.reuse || args.min_chars != 15) {
        anyhow::bail!(
            "--format csv writes one table, the similarity; for the shared passages use JSON, or \
             `govrules report --tables DIR` (reuse.csv)"
        );
    }
    let table = args.meta.table()?;
    let mut option_files = args.features.analysis.files();
    option_files.extend(args.meta.files());
    let (documents, failures) = args.inputs.load(&args.output.targets(), &option_files)?;
    let parsed = govrules::structure::parse_all(&documents);
    drop(documents);
    let metadata = describe(table.as_ref(), &parsed);
    let opts = SimilarityOptions {
        level: match args.level {
            LevelArg::Document => UnitLevel::Document,
            LevelArg::Chapter => UnitLevel::Chapter,
            LevelArg::Article => UnitLevel::Article,
        },
        metric: match args.metric {
            MetricArg::Cosine => Metric::Cosine,
            MetricArg::Jaccard => Metric::Jaccard,
            MetricArg::Minhash => Metric::Minhash,
        },
        top: args.top,
        min_sim: args.min_sim,
        neighbours: args.neighbours.max(1),
        matrix_max: args.matrix_max,
        within_documents: args.within,
        ..SimilarityOptions::default()
    };
    let source = args.features.source()?;
    let analysis = Analysis::builder(source.as_ref()).build(parsed);
    let report = govrules::compare::similarity::compare(&analysis, &opts);
    let reuse = (args.reuse || args.min_chars != 15).then(|| {
        govrules::compare::reuse::find_reuse(
            &analysis.documents,
            &ReuseOptions {
                min_chars: args.min_chars,
                ..ReuseOptions::for_corpus(analysis.documents.len())
                    .with(args.reuse_pairs.map(|p| p.0), args.max_passages)
            },
        )
    });
    if args.format.is_csv() {
        let labels = govrules::tables::Labels::of(&metadata);
        args.output
            .write_csv(&govrules::tables::similarity::main_table(&report, &labels))?;
    } else {
        let section = SimilaritySection { report, reuse };
        args.output
            .write_json(&Envelope::new(section).with_metadata(metadata))?;
    }
    Ok(failures.exit_code())
}

/// The reuse pairs listed: every pair (`None`), or each document's K closest partners.
#[derive(Clone, Copy, Debug)]
pub struct ReusePairs(Option<usize>);

/// `all` → every pair; `nearest:K` → each document's K closest partners.
fn parse_pairs(s: &str) -> Result<ReusePairs, String> {
    match s {
        "all" => Ok(ReusePairs(None)),
        _ => s
            .strip_prefix("nearest:")
            .and_then(|k| k.parse::<usize>().ok())
            .filter(|k| *k > 0)
            .map(|k| ReusePairs(Some(k)))
            .ok_or_else(|| format!("expected `all` or `nearest:K` with K ≥ 1, not `{s}`")),
    }
}
