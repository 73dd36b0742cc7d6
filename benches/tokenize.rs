//! Criterion micro-benchmarks of the tokenization core on one seed (拱墅区, 7,177 characters, 20.8 KB):
//! raw jieba-rs against the govrules analyzer (memo off, memo on and warm), width folding alone, and the
//! structure parser. The large-corpus figures come from benches/corpus.rs (benches/tokenize.sh).
//!
//! `cargo bench --bench tokenize`

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use govrules::corpus::load_file;
use govrules::structure::parse;
use govrules::text::fold;
use govrules::tokenize::{Analyzer, Context, UserDictionary};

fn seed() -> govrules::Document {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/hangzhou-gongshu-2021.txt");
    load_file(&path).expect("bundled seed")
}

fn analyzer(memo: bool) -> Analyzer {
    // A dictionary given explicitly builds a fresh segmenter, so each run's memo starts empty.
    Analyzer::government_builder()
        .dictionary(UserDictionary::government())
        .memo(memo)
        .build()
}

fn count(a: &Analyzer, text: &str) -> usize {
    let mut n = 0;
    a.tokenize_with(text, Context::default(), 0, |_| n += 1);
    n
}

fn benches(c: &mut Criterion) {
    let doc = seed();
    let text = doc.text.as_str();
    let mut g = c.benchmark_group("seed");
    g.throughput(Throughput::Bytes(text.len() as u64));
    let jieba = jieba_rs::Jieba::new();
    g.bench_function("raw_jieba_rs_cut", |b| {
        b.iter(|| jieba.cut(black_box(text), true).len())
    });
    let plain = analyzer(false);
    g.bench_function("govrules_stream_no_memo", |b| {
        b.iter(|| count(&plain, black_box(text)))
    });
    let memo = analyzer(true);
    count(&memo, text); // first sighting of every clause
    count(&memo, text); // admitted: every later run is answered from the memo
    g.bench_function("govrules_stream_memo_warm", |b| {
        b.iter(|| count(&memo, black_box(text)))
    });
    g.bench_function("govrules_collect_no_memo", |b| {
        b.iter(|| plain.tokenize(black_box(text)).len())
    });
    g.bench_function("fold_width", |b| {
        b.iter(|| fold::fold(black_box(text)).len())
    });
    g.bench_function("parse_structure", |b| {
        b.iter(|| parse(black_box(&doc)).articles.len())
    });
    g.finish();
}

criterion_group! {
    name = tokenize;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    targets = benches
}
criterion_main!(tokenize);
