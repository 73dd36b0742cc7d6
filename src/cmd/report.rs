//! `govrules report`: runs every stage on the inputs and writes `report.json` (the whole bundle) and
//! `report.html` (one self-contained page) into a folder. See docs/report.md.

use std::path::PathBuf;

use anyhow::Context;

use crate::cli::{Inputs, MetaArgs, VocabularyArgs};
use govrules::progress::Progress;
use govrules::report::{DiffPolicy, ReportOptions};
use govrules::tokenize::Analyzer;
use govrules::topics::Taxonomy;

/// Write report.json and report.html for the inputs.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Folder to write report.json and report.html into (created if missing).
    #[arg(long, short = 'o', value_name = "DIR", default_value = "report")]
    pub output: PathBuf,
    /// Indent report.json.
    #[arg(long)]
    pub pretty: bool,
    /// Which pairs of documents get word-level diffs of their aligned articles: `all`, `nearest:K` (each
    /// document with its K most similar documents) or `none`. Default: all up to 12 documents, else
    /// nearest:3.
    #[arg(long, value_name = "all|nearest:K|none", value_parser = parse_diff_pairs)]
    pub diff_pairs: Option<DiffPolicy>,
    #[command(flatten)]
    pub vocabulary: VocabularyArgs,
    #[command(flatten)]
    pub meta: MetaArgs,
}

fn parse_diff_pairs(s: &str) -> Result<DiffPolicy, String> {
    DiffPolicy::parse(s).ok_or_else(|| format!("expected `all`, `nearest:K` or `none`, not `{s}`"))
}

pub fn run(args: Args, progress: &dyn Progress) -> anyhow::Result<i32> {
    let vocabulary = args.vocabulary.load()?;
    let table = args.meta.table()?;
    let (documents, failures) = args.inputs.load_with(progress);
    if let Some(t) = &table {
        let ids: Vec<&str> = documents.iter().map(|d| d.id.as_str()).collect();
        for w in t.unmatched(&ids) {
            eprintln!("govrules: warning: {w}");
        }
    }
    let taxonomy = Taxonomy::builtin();
    let analyzer = Analyzer::government_folded();
    let opts = ReportOptions {
        taxonomy: &taxonomy,
        analyzer: &analyzer,
        diff_pairs: args.diff_pairs,
        vocabulary: &vocabulary,
        meta: table.as_ref(),
        progress,
    };
    let report = govrules::report::build(documents, failures.messages.clone(), &opts);
    progress.stage("write", 0);
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("cannot create {}", args.output.display()))?;

    let json_path = args.output.join("report.json");
    let mut json = if args.pretty {
        serde_json::to_string_pretty(&report)?
    } else {
        serde_json::to_string(&report)?
    };
    json.push('\n');
    std::fs::write(&json_path, json)
        .with_context(|| format!("cannot write {}", json_path.display()))?;

    let html_path = args.output.join("report.html");
    std::fs::write(&html_path, govrules::report::html::render(&report))
        .with_context(|| format!("cannot write {}", html_path.display()))?;

    progress.finish();
    eprintln!(
        "govrules: report on {} document(s): {} and {}",
        report.documents.len(),
        json_path.display(),
        html_path.display()
    );
    Ok(failures.exit_code())
}
