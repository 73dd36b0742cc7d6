//! Web captures: each bundled text wrapped in the chrome of a government web page (the layouts in
//! `tests/fixtures/captures/`: a portal's public-information page, a table copied one cell per line, a news
//! page, a traditional reposting site) gives the articles, facts and document fields of the clean text, and
//! every line of the chrome is noise labelled with its reason.

use std::path::Path;

use serde_json::Value;

use crate::util::*;

const IDS: [&str; 5] = [
    "hangzhou-gongshu-2021",
    "hangzhou-shangcheng-2017",
    "jiamusi-qianjin-2021",
    "pingdingshan-weidong-2022",
    "quzhou-2022",
];

/// A layout's chrome before and after the text.
fn layout(name: &str) -> (String, String) {
    let path = root()
        .join("tests/fixtures/captures")
        .join(format!("{name}.txt"));
    let layout = std::fs::read_to_string(path).unwrap();
    let (head, foot) = layout.split_once("{{TEXT}}").expect("layout has {{TEXT}}");
    (head.to_string(), foot.to_string())
}

/// `v` with every span moved back by `by` code points.
fn shifted(v: &Value, by: u64) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| {
                    let is_span = k.ends_with("span") && v.as_array().is_some_and(|a| a.len() == 2);
                    let v = if is_span {
                        Value::Array(
                            v.as_array()
                                .unwrap()
                                .iter()
                                .map(|x| Value::from(x.as_u64().unwrap() - by))
                                .collect(),
                        )
                    } else {
                        shifted(v, by)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|x| shifted(x, by)).collect()),
        other => other.clone(),
    }
}

/// Segment (with text) and compare of one file.
fn analyse(path: &Path) -> (Value, Value) {
    let p = path.display().to_string();
    let seg = run_json(&["segment", "--with-text", &p]);
    let cmp = run_json(&["compare", &p]);
    (seg["documents"][0].clone(), cmp["documents"][0].clone())
}

/// Wraps `text` (stem `id`) in `layout` and checks the capture against the clean text.
fn check_capture(dir: &Path, id: &str, text: &str, layout_name: &str) {
    let (head, foot) = layout(layout_name);
    let clean_dir = dir.join("clean");
    let capture_dir = dir.join(layout_name);
    std::fs::create_dir_all(&clean_dir).unwrap();
    std::fs::create_dir_all(&capture_dir).unwrap();
    let clean_path = clean_dir.join(format!("{id}.txt"));
    let capture_path = capture_dir.join(format!("{id}.txt"));
    std::fs::write(&clean_path, text).unwrap();
    std::fs::write(&capture_path, format!("{head}{text}{foot}")).unwrap();
    let (clean, clean_facts) = analyse(&clean_path);
    let (capture, capture_facts) = analyse(&capture_path);
    let by = head.chars().count() as u64;
    let what = format!("{id} in {layout_name}");
    for field in [
        "articles",
        "chapters",
        "sections",
        "title",
        "issuer",
        "date",
        "doc_number",
        "notice_title",
        "numbering",
    ] {
        assert_eq!(
            shifted(&capture[field], by),
            clean[field],
            "{what}: {field}"
        );
    }
    let kinds = |d: &Value| -> Vec<String> {
        d["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["kind"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(kinds(&capture), kinds(&clean), "{what}: warnings");
    assert_eq!(shifted(&capture_facts, by), clean_facts, "{what}: facts");
    // Every chrome line lies in noise labelled with why.
    let capture_text = capture["text"].as_str().unwrap();
    let regions = capture["regions"].as_array().unwrap();
    let head_len = head.chars().count();
    let foot_start = capture_text.chars().count() - foot.chars().count();
    let mut at = 0;
    for line in capture_text.split('\n') {
        let (start, end) = (at, at + line.chars().count());
        at = end + 1;
        let chrome = end <= head_len || start >= foot_start;
        if !chrome || line.trim().is_empty() {
            continue;
        }
        let region = regions
            .iter()
            .find(|r| {
                let s = r["span"][0].as_u64().unwrap() as usize;
                let e = r["span"][1].as_u64().unwrap() as usize;
                s <= start && start < e
            })
            .unwrap();
        let label = region["label"].as_str().unwrap_or("");
        assert!(
            region["kind"] == "noise" && (label.starts_with("web_") || label == "keyword_list"),
            "{what}: chrome line {line:?} is {} {label}",
            region["kind"]
        );
    }
}

#[test]
fn captures_of_a_government_page_give_the_clean_texts_articles_and_facts() {
    let dir = tempfile::tempdir().unwrap();
    for layout_name in ["portal", "cells", "news"] {
        for id in IDS {
            let text = std::fs::read_to_string(corpus_file(id)).unwrap();
            check_capture(dir.path(), id, &text, layout_name);
        }
    }
}

#[test]
fn a_traditional_repost_gives_the_clean_traditional_texts_articles_and_facts() {
    let dir = tempfile::tempdir().unwrap();
    // A traditional copy: the one-to-one mapping reversed (see tests/script.rs).
    let table: std::collections::HashMap<char, char> = govrules::text::script::ST_CHARACTERS
        .lines()
        .filter_map(|line| {
            let (key, values) = line.split_once('\t')?;
            let key: char = key.parse().ok()?;
            let t = values
                .split(' ')
                .filter_map(|v| v.parse::<char>().ok())
                .find(|c| c.len_utf8() == key.len_utf8())?;
            Some((key, t))
        })
        .collect();
    for id in IDS {
        let text = std::fs::read_to_string(corpus_file(id)).unwrap();
        let copy: String = text.chars().map(|c| *table.get(&c).unwrap_or(&c)).collect();
        check_capture(dir.path(), id, &copy, "repost-traditional");
    }
}
