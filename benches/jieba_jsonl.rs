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
//! With `--cut-only` it cuts every line and writes nothing (the bare cut). One thread, as such a tool is.
//!
//! ```text
//! cargo bench --bench jieba_jsonl -- [--cut-only] PATH...
//! ```

use std::io::Write;

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

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cut_only = args.iter().any(|a| a == "--cut-only");
    let paths: Vec<std::path::PathBuf> = args
        .iter()
        .filter(|a| !a.starts_with("--"))
        .map(Into::into)
        .collect();
    let sources = govrules::corpus::expand(&paths);
    for e in &sources.errors {
        eprintln!("skipped: {e}");
    }
    let jieba = jieba_rs::Jieba::new();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut tokens = 0;
    for source in &sources.files {
        let path = &source.path;
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("skipped {}: {e}", path.display());
                continue;
            }
        };
        let doc = &source.id;
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
                serde_json::to_writer(&mut out, &record)?;
                out.write_all(b"\n")?;
            }
            at += len + 1;
        }
    }
    out.flush()?;
    eprintln!("{} files, {tokens} tokens", sources.files.len());
    Ok(())
}
