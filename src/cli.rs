//! Command-line arguments (clap derive): global options and one enum of subcommands.
//! Only the binary sees these types; each command turns them into the library's options.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "govrules",
    version,
    about = "Compare Chinese government rule texts (政府工作规则): structure, tokens, alignment, similarity, facts."
)]
pub struct Cli {
    /// Worker threads (default: all cores). Output is identical whatever the count.
    #[arg(long, short = 'j', global = true, value_name = "N")]
    pub jobs: Option<usize>,

    /// No progress lines on stderr (they are shown only when stderr is a terminal).
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Segment documents into their structure (chapters, articles, paragraphs, items) as JSON.
    Segment(crate::cmd::segment::Args),
    /// Compare the facts documents state: meetings and cadences, signing authority, deadlines, leave.
    Compare(crate::cmd::compare::Args),
    /// Align the chapters and articles of several documents (groups of corresponding provisions).
    Align(crate::cmd::align::Args),
    /// Similarity of documents, chapters or articles (matrix or top pairs); text reuse.
    Similarity(crate::cmd::similarity::Args),
    /// Compare two documents article by article: word-level edits, unique passages and provisions.
    Diff(crate::cmd::diff::Args),
    /// Write report.json (everything in one bundle) and report.html (one self-contained page) to a folder.
    Report(crate::cmd::report::Args),
    /// Tokenize documents into words (jieba with government terms), unit by unit, with code-point spans.
    Tokenize(crate::cmd::tokenize::Args),
    /// Keyword in context: every place a word (or a regular expression) occurs, with the text around it.
    Kwic(crate::cmd::kwic::Args),
}

/// Input files and folders; the bundled corpus when none is given.
#[derive(Debug, Args, Clone)]
pub struct Inputs {
    /// Files or folders (read recursively for .txt, .md, .html, .htm and .docx). Default: the bundled
    /// corpus.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Name every file of the folders that was not read for its extension (by default: how many, and
    /// the first few).
    #[arg(long)]
    pub list_skipped: bool,
}

/// Where and how JSON output is written.
#[derive(Debug, Args, Clone)]
pub struct Output {
    /// Write to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Indent the JSON.
    #[arg(long)]
    pub pretty: bool,
}

/// The facts' classification: the bundled kinds of meeting and signing categories, or a researcher's files.
#[derive(Debug, Args, Clone)]
pub struct VocabularyArgs {
    /// Kinds of meeting and their roles (TOML, as corpus/meetings.toml) instead of the bundled ones.
    #[arg(long, value_name = "FILE")]
    pub meetings: Option<PathBuf>,
    /// Signing categories (TOML, as corpus/signing.toml) instead of the bundled ones.
    #[arg(long, value_name = "FILE")]
    pub signing: Option<PathBuf>,
}

impl VocabularyArgs {
    /// The vocabulary: the bundled files, each replaced by the one given.
    pub fn load(&self) -> anyhow::Result<govrules::facts::Vocabulary> {
        Ok(govrules::facts::Vocabulary::load(
            self.meetings.as_deref(),
            self.signing.as_deref(),
        )?)
    }

    /// The files given (inputs the outputs must not overwrite).
    pub fn files(&self) -> Vec<&std::path::Path> {
        [self.meetings.as_deref(), self.signing.as_deref()]
            .into_iter()
            .flatten()
            .collect()
    }
}

/// Document metadata from a researcher's file.
#[derive(Debug, Args, Clone)]
pub struct MetaArgs {
    /// Document metadata: CSV with an `id` column (document ids) and any other columns (province,
    /// revision …). `label`, `government`, `level`, `parent`, `date`, `year`, `doc_number` replace what is
    /// read from the texts; other columns are added. Every output's `metadata` carries them.
    #[arg(long, value_name = "FILE")]
    pub meta: Option<PathBuf>,
}

impl MetaArgs {
    /// The metadata file, if one is given (an input the outputs must not overwrite).
    pub fn files(&self) -> Vec<&std::path::Path> {
        self.meta.as_deref().into_iter().collect()
    }

    /// The metadata file, read and checked: a malformed file is an error naming it and the line.
    pub fn table(&self) -> anyhow::Result<Option<govrules::meta::MetaTable>> {
        Ok(match &self.meta {
            Some(p) => Some(govrules::meta::MetaTable::load(p)?),
            None => None,
        })
    }
}

/// The documents' metadata, from their texts and the file; ids of the file that match no document are
/// warned about on stderr.
pub fn describe(
    table: Option<&govrules::meta::MetaTable>,
    docs: &[govrules::ParsedDoc],
) -> Vec<govrules::meta::DocMeta> {
    let (metadata, warnings) = govrules::meta::describe(docs, table);
    for w in warnings {
        eprintln!("govrules: warning: {w}");
    }
    metadata
}
/// The form of an output that is a table.
#[derive(Debug, Args, Clone)]
pub struct TableFormat {
    /// `json`, or `csv`: one table, UTF-8 with a byte-order mark so that Excel reads the Chinese
    /// (docs/tables.md).
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
}

impl TableFormat {
    pub fn is_csv(&self) -> bool {
        self.format == Format::Csv
    }
}
