//! One module per subcommand, plus the plumbing they share: finding inputs, writing output,
//! reporting the files that failed.

pub mod align;
pub mod compare;
pub mod diff;
pub mod report;
pub mod segment;
pub mod similarity;
pub mod tokenize;

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;

use crate::cli::{Command, Inputs, Output};

/// Runs a subcommand; returns the process exit code. `quiet` silences the progress lines on stderr.
pub fn run(command: Command, quiet: bool) -> anyhow::Result<i32> {
    let progress = govrules::progress::Bars::for_stderr(quiet);
    match command {
        Command::Segment(args) => segment::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Align(args) => align::run(args),
        Command::Similarity(args) => similarity::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Report(args) => report::run(args, progress.as_ref()),
        Command::Tokenize(args) => tokenize::run(args),
    }
}

/// The bundled corpus: `./corpus` if it holds texts, else the one beside the source tree.
pub fn bundled_corpus() -> PathBuf {
    let local = PathBuf::from("corpus");
    if local.join("README.md").exists() {
        local
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus")
    }
}

impl Inputs {
    /// The paths to read: those given, or the bundled corpus.
    pub fn resolve(&self) -> Vec<PathBuf> {
        if self.paths.is_empty() {
            vec![bundled_corpus()]
        } else {
            self.paths.clone()
        }
    }

    /// Loads every input; failures are printed to stderr and counted, never fatal on their own.
    pub fn load(&self) -> (Vec<govrules::Document>, Failures) {
        self.load_with(&govrules::progress::Silent)
    }

    /// [`Inputs::load`], showing the stage on `progress`.
    pub fn load_with(
        &self,
        progress: &dyn govrules::progress::Progress,
    ) -> (Vec<govrules::Document>, Failures) {
        progress.stage("load", 0);
        let loaded = govrules::corpus::load_paths(&self.resolve());
        let failures = Failures::report(loaded.errors);
        (loaded.documents, failures)
    }
}

/// Inputs that could not be processed. A run with failures still writes its output, then exits 1.
#[derive(Debug, Default)]
pub struct Failures {
    pub messages: Vec<String>,
}

impl Failures {
    pub fn report(errors: Vec<govrules::Error>) -> Self {
        let messages: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        for m in &messages {
            eprintln!("govrules: error: {m}");
        }
        Failures { messages }
    }

    /// Exit code for the run: 0 if every input was processed, else 1 with a summary on stderr.
    pub fn exit_code(&self) -> i32 {
        if self.messages.is_empty() {
            0
        } else {
            eprintln!(
                "govrules: {} input(s) failed: {}",
                self.messages.len(),
                self.messages.join("; ")
            );
            1
        }
    }
}

impl Output {
    /// Serializes `value` as JSON to the chosen destination.
    pub fn write_json<T: serde::Serialize>(&self, value: &T) -> anyhow::Result<()> {
        let mut out = self.writer()?;
        let written = if self.pretty {
            serde_json::to_writer_pretty(&mut out, value)
        } else {
            serde_json::to_writer(&mut out, value)
        };
        // An I/O failure inside serde_json (a closed pipe) stays an io::Error, so main can recognise it.
        written.map_err(|e| match e.io_error_kind() {
            Some(kind) => anyhow::Error::from(std::io::Error::from(kind)),
            None => e.into(),
        })?;
        out.write_all(b"\n")?;
        out.flush()?;
        Ok(())
    }

    /// A buffered writer to the file given with `-o`, or to stdout.
    pub fn writer(&self) -> anyhow::Result<Box<dyn Write>> {
        Ok(match &self.output {
            Some(path) => Box::new(std::io::BufWriter::new(
                std::fs::File::create(path)
                    .with_context(|| format!("cannot create {}", path.display()))?,
            )),
            None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
        })
    }
}
