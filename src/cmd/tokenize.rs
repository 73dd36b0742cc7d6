//! `govrules tokenize`: the word tokens of each unit (article, front matter, heading, back matter) of each
//! document, with code-point spans, as one JSON document or, with `--jsonl`, one line per unit. In
//! `--jsonl` mode files are loaded, parsed and tokenized in bounded parallel batches and written as they
//! finish, in input order, so memory does not grow with the corpus. See docs/tokenize.md for the fields.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context as _;
use rayon::prelude::*;
use serde::Serialize;

use govrules::structure::{ParsedDoc, RegionKind};
use govrules::tokenize::parallel::LazyTokens;
use govrules::tokenize::{filters, Analyzer, Level, RoleTable, UnitTokens, UserDictionary};
use govrules::Span;

use crate::cli::{Inputs, Output};

/// Tokenize documents into words, unit by unit.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub output: Output,
    /// One JSON object per line and unit, streamed (for large corpora).
    #[arg(long)]
    pub jsonl: bool,
    /// Fold role words (区长/市长 → <首长>, 区政府/市政府 → <本级政府>) in `norm`.
    #[arg(long, alias = "folded")]
    pub role_folding: bool,
    /// Keep stopwords and punctuation (only whitespace is dropped): every word of the text.
    #[arg(long)]
    pub all_tokens: bool,
    /// Use this user dictionary instead of the bundled government terms (`word [freq] [tag]` per line).
    #[arg(long, value_name = "FILE")]
    pub dict: Option<PathBuf>,
    /// Use this stopword list instead of the bundled one (one word per line).
    #[arg(long, value_name = "FILE")]
    pub stopwords: Option<PathBuf>,
    /// Use this role table instead of the bundled one (`term<TAB>symbol<TAB>level`); implies --role-folding.
    #[arg(long, value_name = "FILE")]
    pub roles: Option<PathBuf>,
    /// Segment every clause afresh instead of reusing the segmentation of a clause seen before.
    /// The output is the same either way.
    #[arg(long)]
    pub no_memo: bool,
}

impl Args {
    /// The files besides the inputs that the options make the run read.
    fn option_files(&self) -> [Option<&std::path::Path>; 3] {
        [
            self.dict.as_deref(),
            self.stopwords.as_deref(),
            self.roles.as_deref(),
        ]
    }

    /// The analyzer the options describe.
    fn analyzer(&self) -> anyhow::Result<Analyzer> {
        let mut b = Analyzer::builder()
            .memo(!self.no_memo)
            .filter(filters::DropWhitespace);
        if let Some(path) = &self.dict {
            b = b.dictionary(UserDictionary::load(path)?);
        }
        if !self.all_tokens {
            let stopwords = match &self.stopwords {
                Some(path) => filters::Stopwords::load(path)?,
                None => filters::Stopwords::bundled(),
            };
            b = b.filter(filters::DropPunctuation).filter(stopwords);
        }
        if let Some(path) = &self.roles {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            b = b.role_table(RoleTable::parse(&path.display().to_string(), &text)?);
        }
        Ok(b.role_folding(self.role_folding || self.roles.is_some())
            .build())
    }
}

#[derive(Serialize)]
struct TokenizeOutput<'a> {
    schema_version: &'static str,
    documents: Vec<DocumentOut<'a>>,
}

#[derive(Serialize)]
struct DocumentOut<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<Level>,
    units: &'a [UnitTokens],
}

/// One `--jsonl` line.
#[derive(Serialize)]
struct UnitLine<'a> {
    doc: &'a str,
    article: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_number: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<RegionKind>,
    span: Span,
    tokens: &'a LazyTokens<'a>,
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    let analyzer = args.analyzer()?;
    if args.jsonl {
        return run_jsonl(&args, &analyzer);
    }
    let (documents, failures) = args
        .inputs
        .load(&args.output.targets(), &args.option_files())?;
    let parsed = govrules::structure::parse_all(&documents);
    let tokens = govrules::tokenize::tokenize_corpus(&analyzer, &parsed);
    let out = TokenizeOutput {
        schema_version: govrules::SCHEMA_VERSION,
        documents: tokens
            .iter()
            .map(|d| DocumentOut {
                id: &d.doc,
                level: d.level,
                units: &d.units,
            })
            .collect(),
    };
    args.output.write_json(&out)?;
    Ok(failures.exit_code())
}

/// Streams the JSONL output: files in batches of a few per thread, each batch loaded, parsed, tokenized
/// and serialized in parallel, then written in input order before the next batch starts.
fn run_jsonl(args: &Args, analyzer: &Analyzer) -> anyhow::Result<i32> {
    let (sources, mut failures) = args
        .inputs
        .expand(&args.output.targets(), &args.option_files())?;
    let files = sources.files;
    let progress = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let mut out = args.output.writer()?;
    let batch = rayon::current_num_threads() * 4;
    for chunk in files.chunks(batch) {
        let results: Vec<Result<Vec<u8>, String>> = chunk
            .par_iter()
            .map(|source| {
                let doc = govrules::corpus::load_source(source).map_err(|e| e.to_string())?;
                let parsed = govrules::structure::parse(&doc);
                drop(doc);
                jsonl_lines(analyzer, &parsed)
                    .map_err(|e| format!("{}: {e}", source.path.display()))
            })
            .collect();
        for r in results {
            match r {
                Ok(bytes) => out.write_all(&bytes)?,
                Err(message) => failures.add(message),
            }
        }
        if let Some(bar) = &progress {
            bar.inc(chunk.len() as u64);
        }
    }
    out.finish()?;
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    Ok(failures.exit_code())
}

/// The JSONL lines of one document.
fn jsonl_lines(analyzer: &Analyzer, doc: &ParsedDoc) -> serde_json::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(doc.text.len() * 4);
    for (unit, tokens) in LazyTokens::for_doc(analyzer, doc) {
        let line = UnitLine {
            doc: &doc.id,
            article: unit.article,
            sub_number: unit.sub_number,
            kind: (unit.kind != RegionKind::Article || unit.article.is_none()).then_some(unit.kind),
            span: unit.span,
            tokens: &tokens,
        };
        serde_json::to_writer(&mut buf, &line)?;
        buf.push(b'\n');
    }
    Ok(buf)
}
