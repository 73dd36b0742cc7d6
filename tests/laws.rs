//! The parser on 1,426 real Chinese laws and regulations (`../shared/corpora/laws`), against the counts in
//! `laws-structure.json`: every file keeps the region invariant; article counts agree on ≥ 98% of the files
//! numbered in sequence, chapter counts on ≥ 98% of the files whose chapter count is exact.

use std::time::Instant;

use crate::util::*;

#[derive(Debug)]
struct Expected {
    file: String,
    chapters: usize,
    articles: usize,
    sequential: bool,
    chapters_exact: bool,
}

fn expected(laws: &std::path::Path) -> Vec<Expected> {
    let path = laws.join("../laws-structure.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("laws-structure.json"))
            .unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|e| Expected {
            file: e["file"].as_str().unwrap().to_string(),
            chapters: e["chapters"].as_u64().unwrap() as usize,
            articles: e["articles"].as_u64().unwrap() as usize,
            sequential: e["sequential"].as_bool().unwrap(),
            chapters_exact: e["chapters_exact"].as_bool().unwrap(),
        })
        .collect()
}

#[test]
fn laws_parse_with_the_expected_counts() {
    let Some(laws) = laws() else {
        skip(
            "laws_parse_with_the_expected_counts",
            "../shared/corpora/laws is absent",
        );
        return;
    };
    let expected = expected(&laws);
    assert!(expected.len() > 1000, "{} entries", expected.len());
    let docs: Vec<govrules::Document> = expected
        .iter()
        .map(|e| govrules::corpus::load_file(&laws.join(&e.file)).expect("law loads"))
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();

    let started = Instant::now();
    let parsed: Vec<govrules::ParsedDoc> = docs.iter().map(govrules::structure::parse).collect();
    let elapsed = started.elapsed();

    let mut broken = Vec::new();
    let (mut seq, mut seq_ok, mut exact, mut exact_ok) = (0, 0, 0, 0);
    let mut mismatches = Vec::new();
    for (e, p) in expected.iter().zip(&parsed) {
        if let Err(err) = govrules::structure::check_coverage(p) {
            broken.push(format!("{}: {err}", e.file));
        }
        // laws-structure.json counts 第X条 lines; inserted articles (第X条之一) are not among them.
        let articles = p.articles.iter().filter(|a| a.sub_number.is_none()).count();
        let chapters = p.chapters.len();
        if e.sequential {
            seq += 1;
            seq_ok += usize::from(articles == e.articles);
        }
        if e.chapters_exact {
            exact += 1;
            exact_ok += usize::from(chapters == e.chapters);
        }
        if articles != e.articles || chapters != e.chapters {
            let off = articles.abs_diff(e.articles) + chapters.abs_diff(e.chapters);
            mismatches.push((
                off,
                format!(
                    "{}: articles {articles} (expected {}), chapters {chapters} (expected {})",
                    e.file, e.articles, e.chapters
                ),
            ));
        }
    }
    mismatches.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let rate = |ok: usize, n: usize| 100.0 * ok as f64 / n.max(1) as f64;
    println!(
        "laws: {} files, {:.1} MB parsed in {:.2?} ({:.1} MB/s, this build)",
        parsed.len(),
        bytes as f64 / 1e6,
        elapsed,
        bytes as f64 / 1e6 / elapsed.as_secs_f64()
    );
    println!(
        "articles exact on {seq_ok}/{seq} sequential files ({:.2}%); chapters exact on {exact_ok}/{exact} ({:.2}%)",
        rate(seq_ok, seq),
        rate(exact_ok, exact)
    );
    for (_, m) in mismatches.iter().take(15) {
        println!("  mismatch {m}");
    }
    assert!(
        broken.is_empty(),
        "region invariant broken:\n{}",
        broken.join("\n")
    );
    assert!(rate(seq_ok, seq) >= 98.0, "article agreement too low");
    assert!(rate(exact_ok, exact) >= 98.0, "chapter agreement too low");
}
