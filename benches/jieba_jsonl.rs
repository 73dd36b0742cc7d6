//! The baseline `govrules tokenize --jsonl` is measured against end to end (benches/tokenize.sh): what a
//! researcher's twenty-line tool does with raw jieba-rs 0.11. It reads every file (the same file list as
//! govrules: `.txt` and `.md` under the folders given, sorted), cuts every line with `Jieba::cut` (HMM on,
//! built-in dictionary), and writes each non-empty line as one JSON object with every token and its
//! code-point span into the file's text, through serde_json, to standard output:
//!
//! ```text
//! {"doc":"中华人民共和国公司法","line":12,"tokens":[{"text":"第一条","span":[301,304]},...]}
//! ```
//!
//! With `--cut-only` it cuts every line and writes nothing (the bare cut). One thread, as such a tool is,
//! unless `--threads N` is given: then the files are cut on N threads (rayon), a batch of files at a time,
//! each batch written in file order (the same bytes as on one thread). This is the same tool made parallel
//! the plain way, to show how far raw jieba-rs itself scales on a machine, beside `govrules --jobs N`.
//!
//! ```text
//! cargo bench --bench jieba_jsonl -- [--cut-only] [--threads N] PATH...
//! ```

use std::io::Write;

use rayon::prelude::*;
use serde::Serialize;

#[derive(Serialize)]
struct Tok<'a> {
    text: &'a str,
    span: [usize; 2],
}

#[derive(Serialize)]
struct Line<'a> {
    doc: &'a str,
    line: usize,
    tokens: Vec<Tok<'a>>,
}

/// Files a batch holds per thread, when the tool runs on several threads.
const BATCH_PER_THREAD: usize = 8;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cut_only = args.iter().any(|a| a == "--cut-only");
    let threads: usize = args
        .iter()
        .position(|a| a == "--threads")
        .and_then(|i| args.get(i + 1))
        .map_or(1, |n| n.parse().expect("--threads N"));
    let paths: Vec<std::path::PathBuf> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--threads"))
        .map(|(_, a)| a.into())
        .collect();
    let sources = govrules::corpus::expand(&paths);
    for e in &sources.errors {
        eprintln!("skipped: {e}");
    }
    let jieba = jieba_rs::Jieba::new();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut tokens = 0;
    if threads <= 1 {
        for source in &sources.files {
            tokens += one_file(&jieba, source, cut_only, &mut out)?;
        }
    } else {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool");
        for batch in sources.files.chunks(threads * BATCH_PER_THREAD) {
            let done: Vec<(usize, Vec<u8>)> = pool.install(|| {
                batch
                    .par_iter()
                    .map(|source| {
                        let mut buf = Vec::new();
                        let n = one_file(&jieba, source, cut_only, &mut buf)
                            .expect("writing to memory");
                        (n, buf)
                    })
                    .collect()
            });
            for (n, buf) in done {
                tokens += n;
                out.write_all(&buf)?;
            }
        }
    }
    out.flush()?;
    eprintln!("{} files, {tokens} tokens", sources.files.len());
    Ok(())
}

/// Cuts every line of one file and, unless `cut_only`, writes its JSONL records to `out`; returns the
/// number of tokens.
fn one_file(
    jieba: &jieba_rs::Jieba,
    source: &govrules::corpus::Source,
    cut_only: bool,
    out: &mut impl Write,
) -> std::io::Result<usize> {
    let path = &source.path;
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("skipped {}: {e}", path.display());
            return Ok(0);
        }
    };
    let doc = &source.id;
    let mut tokens = 0;
    let mut at = 0; // code points before the line
    for (n, line) in text.split('\n').enumerate() {
        let cut = jieba.cut(line, true);
        tokens += cut.len();
        let len = cut.last().map_or(0, |t| t.end);
        if !cut_only && !line.is_empty() {
            let record = Line {
                doc,
                line: n + 1,
                tokens: cut
                    .iter()
                    .map(|t| Tok {
                        text: t.word,
                        span: [at + t.start, at + t.end],
                    })
                    .collect(),
            };
            serde_json::to_writer(&mut *out, &record)?;
            out.write_all(b"\n")?;
        }
        at += len + 1;
    }
    Ok(tokens)
}
