//! `govrules tokenize`: the word tokens of each unit (article, front matter, heading, back matter) of each
//! document, with code-point spans, as one JSON document or, with `--jsonl`, one line per unit and a closing
//! summary record. In `--jsonl` mode each file is loaded, parsed and tokenized on a worker thread and
//! written as soon as the ones before it are, so memory does not grow with the corpus; on two threads or
//! more the first files are loaded and parsed while the segmenter's dictionary is loaded. See
//! docs/tokenize.md for the fields.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use govrules::corpus::Source;
use govrules::structure::ParsedDoc;
use govrules::tokenize::document_json::DocumentsWriter;
use govrules::tokenize::{jsonl, stream, Analyzer, AnalyzerBuilder};

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
    /// reported) now; building it, the segmenter's dictionary, is most of the cost and is left to the caller.
    fn analyzer(&self) -> anyhow::Result<AnalyzerBuilder> {
        self.words.builder(AnalyzerChoice {
            role_folding: self.role_folding,
            all_tokens: self.all_tokens,
            memo: !self.no_memo,
        })
    }
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    let analyzer = args.analyzer()?;
    if args.jsonl {
        return run_jsonl(&args, analyzer);
    }
    run_document(&args, analyzer.build())
}

/// Writes the one JSON document (`{"schema_version", "documents"}`): each file loaded, parsed, tokenized
/// and serialized on a worker thread, the documents written in input order as they come, so that the
/// tokens of the whole corpus are never held at once (see `tokenize::document_json`).
fn run_document(args: &Args, analyzer: Analyzer) -> anyhow::Result<i32> {
    let (sources, mut failures) = args
        .inputs
        .expand(&args.output.targets(), &args.words.files())?;
    let pretty = args.output.pretty;
    let mut out = args.output.writer()?;
    let mut documents = DocumentsWriter::begin(&mut out, pretty)?;
    stream::for_each_ordered(
        &sources.files,
        rayon::current_num_threads(),
        |source| {
            let parsed = load(source)?;
            if parsed.text.len() > STREAMED_TEXT_BYTES {
                return Ok(Rendered::Streamed(Box::new(parsed)));
            }
            DocumentsWriter::render_doc(&analyzer, &parsed, pretty)
                .map(Rendered::Bytes)
                .map_err(|e| e.to_string())
        },
        |document| -> anyhow::Result<()> {
            match document {
                Ok(Rendered::Bytes(bytes)) => documents.rendered(&mut out, &bytes)?,
                Ok(Rendered::Streamed(parsed)) => {
                    documents.streamed(&mut out, &analyzer, &parsed)?
                }
                Err(message) => failures.add(message),
            }
            Ok(())
        },
    )?;
    documents.finish(&mut out)?;
    out.finish()?;
    Ok(failures.exit_code())
}

/// A document of the one JSON document: serialized by a worker, or, for one of more than
/// [`STREAMED_TEXT_BYTES`] of text, left to the writer, which tokenizes it while writing it.
enum Rendered {
    Bytes(Vec<u8>),
    Streamed(Box<ParsedDoc>),
}

/// Streams the JSONL output: each file loaded, parsed, tokenized and written into its own buffer on a
/// worker thread, the buffers written in input order as they come (see `tokenize::stream`), then the
/// closing summary record.
///
/// On two threads or more the analyzer is built on a thread of its own, started before the inputs are
/// listed, while the other workers load and parse the first files (see [`parse_ahead`]); built first, it
/// would be a serial stretch before any file.
fn run_jsonl(args: &Args, analyzer: AnalyzerBuilder) -> anyhow::Result<i32> {
    let threads = rayon::current_num_threads();
    let analyzer = Building::start(analyzer, threads);
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
            if parsed.text.len() > STREAMED_TEXT_BYTES {
                return Ok(Records::Streamed(Box::new(parsed)));
            }
            let mut bytes = spare
                .lock()
                .ok()
                .and_then(|mut s| s.pop())
                .unwrap_or_default();
            let counts = jsonl::write_doc(&mut bytes, &analyzer, &parsed);
            Ok::<_, String>(Records::Written(bytes, counts))
        },
        |document| -> anyhow::Result<()> {
            match document {
                Ok(Records::Written(mut bytes, counts)) => {
                    out.write_all(&bytes)?;
                    summary.add(counts);
                    bytes.clear();
                    if let Ok(mut s) = spare.lock() {
                        s.push(bytes);
                    }
                }
                Ok(Records::Streamed(parsed)) => {
                    let mut piece = Vec::with_capacity(FLUSH_BYTES + 4096);
                    let counts = jsonl::write_doc_flushing(
                        &mut piece,
                        &analyzer,
                        &parsed,
                        FLUSH_BYTES,
                        &mut |b| {
                            out.write_all(b)?;
                            b.clear();
                            Ok(())
                        },
                    )?;
                    summary.add(counts);
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

/// A document's records: written into a buffer by a worker, or, for a document of more than
/// [`STREAMED_TEXT_BYTES`] of text, left to the writer, which tokenizes it straight into the output in
/// pieces of [`FLUSH_BYTES`] so that its records (about five times its text) are never held whole.
enum Records {
    Written(Vec<u8>, jsonl::Summary),
    Streamed(Box<ParsedDoc>),
}

/// Text beyond which a document is tokenized by the writer as it writes it (see [`Records`], [`Rendered`]).
const STREAMED_TEXT_BYTES: usize = 4 << 20;
/// The pieces a streamed document is written in.
const FLUSH_BYTES: usize = 1 << 20;

fn load(source: &Source) -> Loaded {
    let doc = govrules::corpus::load_source(source).map_err(|e| e.to_string())?;
    Ok(govrules::structure::parse(&doc))
}

/// The analyzer, being built: on a thread of its own when the run has two threads or more.
enum Building {
    Later(AnalyzerBuilder),
    Started {
        thread: std::thread::JoinHandle<Analyzer>,
        built: Arc<AtomicBool>,
    },
}

impl Building {
    fn start(analyzer: AnalyzerBuilder, threads: usize) -> Building {
        if threads <= 1 {
            return Building::Later(analyzer);
        }
        let built = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&built);
        let thread = std::thread::spawn(move || {
            let analyzer = analyzer.build();
            flag.store(true, Ordering::Release);
            analyzer
        });
        Building::Started { thread, built }
    }

    fn is_built(&self) -> bool {
        match self {
            Building::Later(_) => false,
            Building::Started { built, .. } => built.load(Ordering::Acquire),
        }
    }

    fn finish(self) -> Analyzer {
        match self {
            Building::Later(analyzer) => analyzer.build(),
            Building::Started { thread, .. } => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        }
    }
}

/// The analyzer, finished; on two threads or more, while `threads - 1` workers load and parse the first
/// files in order (up to [`AHEAD_TEXT_BYTES`] of text) until it is built, and those files too.
fn parse_ahead(files: &[Source], threads: usize, analyzer: Building) -> (Analyzer, Vec<Loaded>) {
    if matches!(analyzer, Building::Later(_)) || files.len() <= 1 {
        return (analyzer.finish(), Vec::new());
    }
    let text_ahead = AtomicUsize::new(0);
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
        || !analyzer.is_built() && text_ahead.load(Ordering::Relaxed) < AHEAD_TEXT_BYTES,
    );
    (analyzer.finish(), ahead)
}
