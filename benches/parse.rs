//! The structure parse alone, for instruction counts (benches/RESULTS.md): loads every file under the
//! folders given (default: the laws), then calls `structure::parse` on each and prints the time the parsing
//! took. Under callgrind, count the parse only:
//!
//! ```text
//! cargo bench --bench parse --no-run
//! valgrind --tool=callgrind --collect-atstart=no --toggle-collect='govrules::structure::parse::parse' \
//!     target/release/deps/parse-HASH ../shared/corpora/laws
//! ```

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut folders: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .map(PathBuf::from)
        .collect();
    if folders.is_empty() {
        folders.push(PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpora/laws"
        )));
    }
    let sources = govrules::corpus::expand(&folders);
    for e in &sources.errors {
        eprintln!("parse bench: {e}");
    }
    let docs: Vec<_> = sources
        .files
        .iter()
        .filter_map(|s| govrules::corpus::load_source(s).ok())
        .collect();
    let start = Instant::now();
    let (mut articles, mut regions) = (0, 0);
    for doc in &docs {
        let parsed = govrules::structure::parse(doc);
        articles += parsed.articles.len();
        regions += parsed.regions.len();
    }
    println!(
        "{} documents, {articles} articles, {regions} regions: parsed in {:.3} s",
        docs.len(),
        start.elapsed().as_secs_f64()
    );
}
