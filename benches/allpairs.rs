//! All-pairs article similarity on the laws corpus: TF-IDF + exact top-10 neighbours
//! (`govrules::similarity::top_k_cosine`), timed as the median of several runs (with the TF-IDF part's
//! median beside it), with the article term lists and the neighbours written out for the scikit-learn
//! comparison (benches/allpairs_sklearn.py).
//!
//! ```text
//! cargo bench --bench allpairs -- [--laws DIR] [--max N] [--runs R] [--features chars]
//!                                 [--export TERMS.jsonl] [--neighbours OUT.jsonl]
//! ```
//! benches/allpairs.sh runs both sides and prints the comparison.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use govrules::similarity::top_k_cosine;
use govrules::vectors::{tfidf_vectors, CharNgrams, TermSource};

/// Options (`cargo bench` adds `--bench`, accepted and ignored).
#[derive(clap::Parser)]
struct Options {
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/laws"))]
    laws: PathBuf,
    #[arg(long, default_value_t = 20_000)]
    max: usize,
    #[arg(long, default_value_t = 5)]
    runs: usize,
    #[arg(long, default_value = "chars")]
    features: String,
    #[arg(long)]
    export: Option<PathBuf>,
    #[arg(long)]
    neighbours: Option<PathBuf>,
    #[arg(long, hide = true)]
    bench: bool,
}

fn source(name: &str) -> Box<dyn TermSource> {
    match name {
        "chars" => Box::new(CharNgrams(2)),
        other => panic!("unknown --features {other}"),
    }
}

fn main() {
    let o = <Options as clap::Parser>::parse();
    if !o.laws.is_dir() {
        eprintln!("SKIPPED allpairs: {} not found", o.laws.display());
        return;
    }
    let t0 = Instant::now();
    let loaded = govrules::corpus::load_paths(std::slice::from_ref(&o.laws));
    let parsed = govrules::structure::parse_all(&loaded.documents);
    let src = source(&o.features);
    let mut labels = Vec::new();
    let mut articles = Vec::new();
    'outer: for d in &parsed {
        for a in &d.articles {
            if articles.len() == o.max {
                break 'outer;
            }
            labels.push(format!("{} {}", d.id, a.label));
            articles.push((d, a));
        }
    }
    let terms: Vec<Vec<String>> = {
        use rayon::prelude::*;
        articles
            .par_iter()
            .map(|(d, a)| {
                govrules::similarity::article_terms(d, a, src.as_ref())
                    .into_iter()
                    .map(|t| t.norm.into_string())
                    .collect()
            })
            .collect()
    };
    eprintln!(
        "{} documents, {} articles, features {}, prepared in {:.2}s",
        parsed.len(),
        terms.len(),
        src.name(),
        t0.elapsed().as_secs_f64()
    );
    if let Some(path) = &o.export {
        let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("create export"));
        for (i, (l, t)) in labels.iter().zip(&terms).enumerate() {
            let line = serde_json::json!({"id": i, "label": l, "terms": t});
            writeln!(f, "{line}").expect("write export");
        }
    }
    let mut times = Vec::new();
    let mut tfidf_times = Vec::new();
    let mut result = Vec::new();
    for _ in 0..o.runs.max(1) {
        let t = Instant::now();
        let (_, vecs) = tfidf_vectors(&terms);
        tfidf_times.push(t.elapsed().as_secs_f64());
        result = top_k_cosine(&vecs, 10, 0.0);
        times.push(t.elapsed().as_secs_f64());
    }
    let median = |times: &[f64]| {
        let mut sorted = times.to_vec();
        sorted.sort_by(f64::total_cmp);
        (sorted[sorted.len() / 2] * 1000.0).round() / 1000.0
    };
    if let Some(path) = &o.neighbours {
        let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("create output"));
        for (i, list) in result.iter().enumerate() {
            let n: Vec<(u32, f64)> = list.iter().map(|n| (n.index, n.score)).collect();
            writeln!(f, "{}", serde_json::json!({"id": i, "neighbours": n})).expect("write");
        }
    }
    println!(
        "{}",
        serde_json::json!({
            "articles": terms.len(),
            "features": src.name(),
            "threads": rayon::current_num_threads(),
            "govrules_seconds": times.iter().map(|t| (t * 1000.0).round() / 1000.0).collect::<Vec<_>>(),
            "govrules_median_seconds": median(&times),
            // The TF-IDF part of each timed run (the rest is the top-k search).
            "tfidf_median_seconds": median(&tfidf_times),
        })
    );
}
