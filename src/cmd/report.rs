//! `govrules report`: runs every stage on the inputs and writes `report.json` (the whole bundle) and
//! `report.html` (one self-contained page) into a folder. See docs/report.md. The two files are one unit:
//! both carry the report's `run_id`, both are written in full before either is renamed into place, and a
//! lock on the folder makes a second run into it fail rather than mix its files with this one's.

use std::io::Write;
use std::path::PathBuf;

use govrules::output::{AtomicFile, FolderLock};

use crate::cli::{Inputs, MetaArgs, VocabularyArgs};
use crate::messages;
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
    let json_path = args.output.join("report.json");
    let html_path = args.output.join("report.html");
    let mut option_files = args.vocabulary.paths();
    option_files.push(args.meta.path());
    let (documents, failures) = args.inputs.load_with(
        &[json_path.clone(), html_path.clone()],
        &option_files,
        progress,
    )?;
    if let Some(t) = &table {
        let ids: Vec<&str> = documents.iter().map(|d| d.id.as_str()).collect();
        for w in t.unmatched(&ids) {
            messages::warning(&w);
        }
    }
    // Held until both files are in place: a second run into the folder fails instead of mixing files.
    let _lock = FolderLock::acquire(&args.output)?;
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

    let mut json = AtomicFile::create(&json_path)?;
    if args.pretty {
        serde_json::to_writer_pretty(&mut json, &report)?;
    } else {
        serde_json::to_writer(&mut json, &report)?;
    }
    json.write_all(b"\n")?;
    let mut html = AtomicFile::create(&html_path)?;
    html.write_all(govrules::report::html::render(&report).as_bytes())?;
    govrules::output::commit_all(vec![json, html])?;
    progress.finish();

    messages::say(&format!(
        "report on {} document(s): {} and {}",
        report.documents.len(),
        json_path.display(),
        html_path.display()
    ));
    Ok(failures.exit_code())
}
