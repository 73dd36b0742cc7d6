//! `govrules report`: runs every stage on the inputs and writes `report.json` (the whole bundle) and
//! `report.html` (one self-contained page) into a folder. See docs/report.md.

use std::path::PathBuf;

use anyhow::Context;

use crate::cli::Inputs;

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
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    let (documents, failures) = args.inputs.load();
    let report = govrules::report::build(&documents, failures.messages.clone());
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

    eprintln!(
        "govrules: report on {} document(s): {} and {}",
        report.documents.len(),
        json_path.display(),
        html_path.display()
    );
    Ok(failures.exit_code())
}
