//! `govrules report`: runs every stage on the inputs and writes `report.json` (the whole bundle) and
//! `report.html` (one self-contained page) into a folder. See docs/report.md. The two files are one unit:
//! both carry the report's `run_id`, both are written in full before either is renamed into place, and a
//! lock on the folder makes a second run into it fail rather than mix its files with this one's. With
//! `--tables DIR`, every table of the report is written as CSV into `DIR` too, as part of the same unit.

use std::io::Write;
use std::path::{Path, PathBuf};

use govrules::output::{AtomicFile, FolderLock};

use crate::cli::{Inputs, MetaArgs, VocabularyArgs};
use crate::cmd::options::{AnalysisArgs, AnalyzerChoice};
use crate::messages;
use govrules::progress::Progress;
use govrules::report::{DiffPolicy, ReportOptions};

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
    /// Also write the report's tables as CSV files into DIR (documents, articles, facts, similarity, reuse,
    /// alignment; docs/tables.md). DIR may be the report's folder.
    #[arg(long, value_name = "DIR")]
    pub tables: Option<PathBuf>,
    /// Put each document's decoded text into report.json (`documents[].text`), so that the bundle alone
    /// gives every passage its spans point to.
    #[arg(long)]
    pub embed_texts: bool,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
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
    let table_paths: Vec<PathBuf> = match &args.tables {
        Some(dir) => govrules::tables::report::FILE_NAMES
            .iter()
            .map(|name| dir.join(name))
            .collect(),
        None => Vec::new(),
    };
    let mut outputs = vec![json_path.clone(), html_path.clone()];
    outputs.extend(table_paths.iter().cloned());
    let taxonomy = args.analysis.topics.taxonomy()?;
    let analyzer = args.analysis.words.analyzer(AnalyzerChoice::COMPARED)?;
    let mut option_files = args.analysis.files();
    option_files.extend(args.vocabulary.files());
    option_files.extend(args.meta.files());
    let (documents, failures) = args.inputs.load_with(&outputs, &option_files, progress)?;
    if let Some(t) = &table {
        let ids: Vec<&str> = documents.iter().map(|d| d.id.as_str()).collect();
        for w in t.unmatched(&ids) {
            messages::warning(&w);
        }
    }
    // Held until every file is in place: a second run into the folder fails instead of mixing files.
    let _lock = FolderLock::acquire(&args.output)?;
    let _tables_lock = match &args.tables {
        Some(dir) if !same_folder(dir, &args.output) => Some(FolderLock::acquire(dir)?),
        _ => None,
    };
    let opts = ReportOptions {
        taxonomy: &taxonomy,
        analyzer: &analyzer,
        diff_pairs: args.diff_pairs,
        vocabulary: &vocabulary,
        meta: table.as_ref(),
        progress,
        embed_texts: args.embed_texts,
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
    let mut files = vec![json, html];
    let mut table_notes = Vec::new();
    if let Some(dir) = &args.tables {
        let tables = govrules::tables::report::tables(&report);
        for (name, table) in &tables.tables {
            let mut file = AtomicFile::create(&dir.join(name))?;
            table.write_csv(&mut file)?;
            files.push(file);
        }
        table_notes = tables.notes;
    }
    govrules::output::commit_all(files)?;
    progress.finish();

    messages::say(&format!(
        "report on {} document(s): {} and {}",
        report.documents.len(),
        json_path.display(),
        html_path.display()
    ));
    if let Some(dir) = &args.tables {
        messages::say(&format!(
            "tables: {} CSV files in {}",
            table_paths.len(),
            dir.display()
        ));
        for note in &table_notes {
            messages::say(note);
        }
    }
    Ok(failures.exit_code())
}

/// Whether two folders (both created by now) are one.
fn same_folder(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
