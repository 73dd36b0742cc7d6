//! `govrules tokenize`: the word tokens of each unit (article, front matter, heading, back matter) of each
//! document, with code-point spans, as one JSON document or, with `--jsonl`, one line per unit and a closing
//! summary record. In `--jsonl` mode each file is loaded, parsed and tokenized on a worker thread and
//! written as soon as the ones before it are, so memory does not grow with the corpus; on two threads or
//! more the first files are loaded and parsed while jieba's dictionary is built. See docs/tokenize.md for
//! the fields.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use serde::Serialize;

use govrules::corpus::Source;
use govrules::structure::ParsedDoc;
use govrules::tokenize::{jsonl, stream, Analyzer, AnalyzerBuilder, GovLevel, UnitTokens};

use crate::cli::{Inputs, Output};
use crate::cmd::options::{AnalyzerChoice, WordArgs};

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
    #[command(flatten)]
    pub words: WordArgs,
    /// Segment every clause afresh instead of reusing the segmentation of a clause seen before.
    /// The output is the same either way.
    #[arg(long)]
    pub no_memo: bool,
}

/// How much decoded text may be loaded and parsed ahead while the analyzer is built (it is held until
/// written).
const AHEAD_TEXT_BYTES: usize = 16 << 20;

impl Args {
    /// The analyzer the options describe, ready to build: the files it needs are read (and an error in them
    /// reported) now; building it, jieba's dictionary, is most of the cost and is left to the caller.
    fn analyzer(&self) -> anyhow::Result<AnalyzerBuilder> {
        self.words.builder(AnalyzerChoice {
            role_folding: self.role_folding,
            all_tokens: self.all_tokens,
            memo: !self.no_memo,
        })
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
    level: Option<GovLevel>,
    units: &'a [UnitTokens],
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    let analyzer = args.analyzer()?;
    if args.jsonl {
        return run_jsonl(&args, analyzer);
    }
    let analyzer = analyzer.build();
    let (documents, failures) = args
        .inputs
        .load(&args.output.targets(), &args.words.files())?;
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

/// Streams the JSONL output: each file loaded, parsed, tokenized and written into its own buffer on a
/// worker thread, the buffers written in input order as they come (see `tokenize::stream`), then the
/// closing summary record.
///
/// On two threads or more the analyzer is built on a thread of its own while the other workers load and
/// parse the first files (see [`parse_ahead`]); built first, it would be a serial stretch before any file.
fn run_jsonl(args: &Args, analyzer: AnalyzerBuilder) -> anyhow::Result<i32> {
    let (sources, mut failures) = args
        .inputs
        .expand(&args.output.targets(), &args.words.files())?;
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
    let mut summary = jsonl::Summary {
        errors: failures.messages.len(),
        ..jsonl::Summary::default()
    };
    let threads = rayon::current_num_threads();
    let (analyzer, ahead) = parse_ahead(&files, threads, analyzer);
    let ahead: Vec<Mutex<Option<Loaded>>> =
        ahead.into_iter().map(|d| Mutex::new(Some(d))).collect();
    let items: Vec<(usize, &Source)> = files.iter().enumerate().collect();
    // Written buffers go back for the next documents (a pool no larger than the documents in flight).
    let spare: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());
    stream::for_each_ordered(
        &items,
        threads,
        |&(i, source)| {
            let parsed_ahead = ahead.get(i).and_then(|d| d.lock().ok()?.take());
            let parsed = parsed_ahead.unwrap_or_else(|| load(source))?;
            let mut bytes = spare
                .lock()
                .ok()
                .and_then(|mut s| s.pop())
                .unwrap_or_default();
            let counts = jsonl::write_doc(&mut bytes, &analyzer, &parsed);
            Ok::<_, String>((bytes, counts))
        },
        |document| -> anyhow::Result<()> {
            match document {
                Ok((mut bytes, counts)) => {
                    out.write_all(&bytes)?;
                    summary.add(counts);
                    bytes.clear();
                    if let Ok(mut s) = spare.lock() {
                        s.push(bytes);
                    }
                }
                Err(message) => {
                    failures.add(message);
                    summary.errors += 1;
                }
            }
            if let Some(bar) = &progress {
                bar.inc(1);
            }
            Ok(())
        },
    )?;
    let mut last = Vec::new();
    jsonl::write_summary(&mut last, &summary);
    out.write_all(&last)?;
    out.finish()?;
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    Ok(failures.exit_code())
}

/// A file loaded and parsed, or why it could not be.
type Loaded = Result<ParsedDoc, String>;

fn load(source: &Source) -> Loaded {
    let doc = govrules::corpus::load_source(source).map_err(|e| e.to_string())?;
    Ok(govrules::structure::parse(&doc))
}

/// Builds the analyzer; on two threads or more, on a thread of its own while `threads - 1` workers load and
/// parse the first files in order (up to [`AHEAD_TEXT_BYTES`] of text), and returns those too.
fn parse_ahead(
    files: &[Source],
    threads: usize,
    analyzer: AnalyzerBuilder,
) -> (Analyzer, Vec<Loaded>) {
    if threads <= 1 || files.len() <= 1 {
        return (analyzer.build(), Vec::new());
    }
    let built = AtomicBool::new(false);
    let text_ahead = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let building = scope.spawn(|| {
            let analyzer = analyzer.build();
            built.store(true, Ordering::Release);
            analyzer
        });
        let ahead = stream::prepare_while(
            files,
            threads - 1,
            |source| {
                let loaded = load(source);
                if let Ok(doc) = &loaded {
                    text_ahead.fetch_add(doc.text.len(), Ordering::Relaxed);
                }
                loaded
            },
            || {
                !built.load(Ordering::Acquire)
                    && text_ahead.load(Ordering::Relaxed) < AHEAD_TEXT_BYTES
            },
        );
        let analyzer = building
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (analyzer, ahead)
    })
}
