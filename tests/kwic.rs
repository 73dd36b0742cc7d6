//! `govrules kwic`: every hit's span slices the decoded text to the keyword, the context is the text
//! around it, simplified words find traditional texts, and the CSV says what the JSON says.

use std::collections::HashMap;

use crate::util::*;

/// The decoded text of each document of `paths`, by id (`segment --with-text`).
fn texts(paths: &[&str]) -> HashMap<String, String> {
    let mut args = vec!["segment", "--with-text"];
    args.extend(paths);
    let json = run_json(&args);
    json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn check_hits(json: &serde_json::Value, texts: &HashMap<String, String>, width: usize) {
    for h in json["hits"].as_array().unwrap() {
        let text = &texts[h["doc"].as_str().unwrap()];
        let chars: Vec<char> = text.chars().collect();
        let (s, e) = (
            h["span"][0].as_u64().unwrap() as usize,
            h["span"][1].as_u64().unwrap() as usize,
        );
        assert_eq!(slice(text, &h["span"]), h["keyword"].as_str().unwrap());
        let left: String = chars[s.saturating_sub(width)..s].iter().collect();
        let right: String = chars[e..(e + width).min(chars.len())].iter().collect();
        assert_eq!(h["left"], left.as_str());
        assert_eq!(h["right"], right.as_str());
    }
}

#[test]
fn every_hit_slices_its_text_with_its_context_around_it() {
    let json = run_json(&["kwic", "--width", "12", "会议"]);
    assert_eq!(json["schema_version"], govrules::SCHEMA_VERSION);
    let hits = json["hits"].as_array().unwrap();
    assert!(hits.len() > 100, "{}", hits.len());
    check_hits(&json, &texts(&[]), 12);
    let counted: u64 = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["hit_count"].as_u64().unwrap())
        .sum();
    assert_eq!(counted as usize, hits.len());
    assert_eq!(json["hit_count"].as_u64().unwrap() as usize, hits.len());
    // The article a hit is in is the article whose span holds it.
    let article = hits.iter().find(|h| h["article"].is_number()).unwrap();
    assert_eq!(article["region"], "article");
    assert!(
        article["article_label"].as_str().unwrap().ends_with('条')
            || article["article_label"].as_str().unwrap().ends_with('、')
    );
}

#[test]
fn a_simplified_word_finds_traditional_texts_and_quotes_them_as_written() {
    const TRAD: &str = "tests/fixtures/traditional";
    let simplified = run_json(&["kwic", "常务会议", TRAD]);
    let traditional = run_json(&["kwic", "常務會議", TRAD]);
    assert_eq!(simplified["hits"], traditional["hits"]);
    assert_eq!(simplified["matched_as"], "常务会议");
    let hits = simplified["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    for h in hits {
        assert_eq!(h["keyword"], "常務會議");
    }
    check_hits(&simplified, &texts(&[TRAD]), 20);
}

#[test]
fn regex_width_and_csv() {
    let json = run_json(&[
        "kwic",
        "-e",
        "-w",
        "3",
        "每(周|月|季度)",
        "tests/fixtures/snapshot",
    ]);
    assert_eq!(json["regex"], true);
    let hits = json["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    for h in hits {
        assert!(h["keyword"].as_str().unwrap().starts_with('每'));
        assert!(h["left"].as_str().unwrap().chars().count() <= 3);
    }
    let out = govrules()
        .args([
            "kwic",
            "-e",
            "-w",
            "3",
            "--format",
            "csv",
            "每(周|月|季度)",
            "tests/fixtures/snapshot",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBF"));
    let mut r = csv::Reader::from_reader(&out.stdout[3..]);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), hits.len());
    for (row, h) in rows.iter().zip(hits) {
        assert_eq!(&row[0], h["doc"].as_str().unwrap());
        assert_eq!(&row[8], h["keyword"].as_str().unwrap());
    }
}

#[test]
fn a_bad_pattern_is_a_clear_error() {
    for (args, said) in [
        (vec!["kwic", "--regex", "(会议"], "not a regular expression"),
        (vec!["kwic", ""], "empty"),
    ] {
        let out = govrules().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(said), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty());
    }
}
