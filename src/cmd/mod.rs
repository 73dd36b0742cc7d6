//! One module per subcommand, plus the plumbing they share: finding inputs, writing output,
//! reporting the files that failed.

pub mod align;
pub mod compare;
pub mod diff;
pub mod kwic;
pub mod options;
pub mod report;
pub mod segment;
pub mod similarity;
pub mod tokenize;

use std::io::Write;
use std::path::{Path, PathBuf};

use govrules::corpus::Sources;
use govrules::output::AtomicFile;

use crate::cli::{Command, Inputs, Output};
use crate::messages;

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
        Command::Kwic(args) => kwic::run(args),
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

    /// The files to read, each once with its id. Fails, before anything is written, when one of
    /// `outputs` is one of them or one of `other_inputs` (option files such as a dictionary). Errors and
    /// warnings are printed; the errors are counted.
    pub fn expand(
        &self,
        outputs: &[PathBuf],
        other_inputs: &[&Path],
    ) -> anyhow::Result<(Sources, Failures)> {
        let mut sources = govrules::corpus::expand(&self.resolve());
        let read = sources.files.iter().map(|s| s.path.as_path());
        govrules::output::refuse_inputs(outputs, read.chain(other_inputs.iter().copied()))?;
        for w in &sources.warnings {
            messages::warning(w);
        }
        // The bundled corpus keeps its dictionary and tables beside the texts: not worth a word.
        let bundled = self.paths.is_empty();
        if let Some(w) = skipped_warning(&sources.skipped, self.list_skipped).filter(|_| !bundled) {
            messages::warning(&w);
        }
        let failures = Failures::report(std::mem::take(&mut sources.errors));
        Ok((sources, failures))
    }

    /// Loads every input (see [`Inputs::expand`]); a file that fails is printed and counted, never
    /// fatal on its own.
    pub fn load(
        &self,
        outputs: &[PathBuf],
        other_inputs: &[&Path],
    ) -> anyhow::Result<(Vec<govrules::Document>, Failures)> {
        self.load_with(outputs, other_inputs, &govrules::progress::Silent)
    }

    /// [`Inputs::load`], showing the stage and each file read on `progress`.
    pub fn load_with(
        &self,
        outputs: &[PathBuf],
        other_inputs: &[&Path],
        progress: &dyn govrules::progress::Progress,
    ) -> anyhow::Result<(Vec<govrules::Document>, Failures)> {
        let (sources, mut failures) = self.expand(outputs, other_inputs)?;
        progress.stage("load", sources.files.len() as u64);
        let mut documents = Vec::with_capacity(sources.files.len());
        for s in &sources.files {
            match govrules::corpus::load_source(s) {
                Ok(d) => documents.push(d),
                Err(e) => failures.add(e.to_string()),
            }
            progress.advance(1);
        }
        Ok((documents, failures))
    }
}

/// How many files of the folders were not read for their extension, naming the first few (all of them
/// with `all`); `None` when there were none.
fn skipped_warning(skipped: &[PathBuf], all: bool) -> Option<String> {
    const NAMED: usize = 3;
    if skipped.is_empty() {
        return None;
    }
    let shown = if all { skipped.len() } else { NAMED };
    let names: Vec<String> = skipped
        .iter()
        .take(shown)
        .map(|p| p.display().to_string())
        .collect();
    let more = skipped.len().saturating_sub(shown);
    let tail = if more > 0 {
        format!(" and {more} more (--list-skipped names them all)")
    } else {
        String::new()
    };
    Some(format!(
        "{} file(s) in the folders not read (only .{} are): {}{tail}",
        skipped.len(),
        govrules::corpus::READ_EXTENSIONS.join(", ."),
        names.join(", ")
    ))
}

/// Inputs that could not be processed. A run with failures still writes its output, then exits 1.
#[derive(Debug, Default)]
pub struct Failures {
    pub messages: Vec<String>,
}

impl Failures {
    pub fn report(errors: Vec<govrules::Error>) -> Self {
        let mut failures = Failures::default();
        for e in errors {
            failures.add(e.to_string());
        }
        failures
    }

    /// Prints and counts one failed input.
    pub fn add(&mut self, message: String) {
        messages::error(&message);
        self.messages.push(message);
    }

    /// Exit code for the run: 0 if every input was processed, else 1 with a summary on stderr.
    pub fn exit_code(&self) -> i32 {
        if self.messages.is_empty() {
            0
        } else {
            messages::say(&format!(
                "{} input(s) failed: {}",
                self.messages.len(),
                self.messages.join("; ")
            ));
            1
        }
    }
}

/// Where a command's output goes: standard output, or a file written whole or not at all.
pub enum Sink {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    File(AtomicFile),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Stdout(w) => w.write(buf),
            Sink::File(f) => f.write(buf),
        }
    }
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            Sink::Stdout(w) => w.write_all(buf),
            Sink::File(f) => f.write_all(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::File(f) => f.flush(),
        }
    }
}

impl Sink {
    /// Ends the output: flushes standard output, or renames the finished file into place. A sink
    /// dropped without this leaves the target file as it was.
    pub fn finish(self) -> anyhow::Result<()> {
        match self {
            Sink::Stdout(mut w) => w.flush()?,
            Sink::File(f) => f.commit()?,
        }
        Ok(())
    }
}

impl Output {
    /// The file given with `-o`, if any: what [`Inputs::expand`] checks against the inputs.
    pub fn targets(&self) -> Vec<PathBuf> {
        self.output.iter().cloned().collect()
    }

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
        out.finish()
    }

    /// Writes `table` as CSV (docs/tables.md) to the chosen destination.
    pub fn write_csv(&self, table: &govrules::tables::Table) -> anyhow::Result<()> {
        let mut out = self.writer()?;
        table.write_csv(&mut out)?;
        out.finish()
    }

    /// A buffered writer to the file given with `-o` (a temporary file until [`Sink::finish`]), or to stdout.
    pub fn writer(&self) -> anyhow::Result<Sink> {
        Ok(match &self.output {
            Some(path) => Sink::File(AtomicFile::create(path)?),
            None => Sink::Stdout(std::io::BufWriter::new(std::io::stdout())),
        })
    }
}
