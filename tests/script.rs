//! Traditional characters: a traditional copy of each bundled text (made here from the text with OpenCC's
//! simplified → traditional table, the first candidate of each character) parses, tokenizes, aligns and gives
//! facts as its original does, with every string and span in its own characters; the hand-written traditional
//! fixtures give their meetings and rates; `segment` reports each document's script.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use govrules::text::script::{to_simplified, ScriptCounts};
use serde_json::Value;

use crate::util::*;

const IDS: [&str; 5] = [
    "hangzhou-gongshu-2021",
    "hangzhou-shangcheng-2017",
    "jiamusi-qianjin-2021",
    "pingdingshan-weidong-2022",
    "quzhou-2022",
];

/// Simplified → traditional, one character to one: OpenCC's first candidate of the same UTF-8 length.
fn to_traditional(text: &str) -> String {
    static TABLE: std::sync::OnceLock<HashMap<char, char>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        govrules::text::script::ST_CHARACTERS
            .lines()
            .filter_map(|line| {
                let (key, values) = line.split_once('\t')?;
                let mut k = key.chars();
                let (Some(key), None) = (k.next(), k.next()) else {
                    return None;
                };
                let t = values
                    .split(' ')
                    .filter_map(|v| v.parse::<char>().ok())
                    .find(|c| c.len_utf8() == key.len_utf8())?;
                Some((key, t))
            })
            .collect()
    });
    text.chars().map(|c| *table.get(&c).unwrap_or(&c)).collect()
}

/// Writes the traditional copy of each bundled text into `dir` as `<id>.txt`, checking that mapping it back
/// gives the original exactly (so any difference below is the analysis', not the copy's).
fn traditional_copies(dir: &Path) -> Vec<PathBuf> {
    IDS.iter()
        .map(|id| {
            let original = std::fs::read_to_string(corpus_file(id)).unwrap();
            let copy = to_traditional(&original);
            assert_ne!(copy, original);
            assert_eq!(to_simplified(&copy), original, "{id}: the copy maps back");
            let path = dir.join(format!("{id}.txt"));
            std::fs::write(&path, copy).unwrap();
            path
        })
        .collect()
}

fn run_on(args: &[&str], paths: &[PathBuf]) -> Value {
    let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    all.extend(paths.iter().map(|p| p.display().to_string()));
    let refs: Vec<&str> = all.iter().map(String::as_str).collect();
    run_json(&refs)
}

/// `v` with every string mapped to simplified, and `path` fields dropped (the copies live elsewhere).
fn simplified(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(to_simplified(s).into_owned()),
        Value::Array(a) => Value::Array(a.iter().map(simplified).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .filter(|(k, _)| *k != "path")
                .map(|(k, v)| (k.clone(), simplified(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn without(v: &Value, key: &str) -> Value {
    let mut v = v.clone();
    if let Value::Object(o) = &mut v {
        o.remove(key);
    }
    v
}

#[test]
fn traditional_copies_parse_to_the_same_structure() {
    let dir = tempfile::tempdir().unwrap();
    let copies = traditional_copies(dir.path());
    let originals: Vec<PathBuf> = IDS.iter().map(|id| corpus_file(id)).collect();
    let a = run_on(&["segment"], &originals);
    let b = run_on(&["segment"], &copies);
    for (o, t) in a["documents"]
        .as_array()
        .unwrap()
        .iter()
        .zip(b["documents"].as_array().unwrap())
    {
        assert_eq!(o["script"], "simplified");
        assert_eq!(t["script"], "traditional", "{}", t["id"]);
        assert!(!t["articles"].as_array().unwrap().is_empty());
        // Same chapters, articles, paragraphs, items, regions and warnings, at the same spans; every
        // string the same once mapped to simplified.
        assert_eq!(
            simplified(&without(t, "script")),
            simplified(&without(o, "script")),
            "{}",
            o["id"]
        );
    }
}

/// Every span of the traditional output slices the copy to the unit's own (traditional) characters.
#[test]
fn spans_of_a_traditional_copy_give_back_its_characters() {
    let dir = tempfile::tempdir().unwrap();
    let copies = traditional_copies(dir.path());
    let seg = run_on(&["segment", "--with-text"], &copies);
    let tok = run_on(&["tokenize"], &copies);
    let cmp = run_on(&["compare"], &copies);
    for (i, doc) in seg["documents"].as_array().unwrap().iter().enumerate() {
        let text = doc["text"].as_str().unwrap();
        assert_eq!(text, std::fs::read_to_string(&copies[i]).unwrap());
        for a in doc["articles"].as_array().unwrap() {
            assert_eq!(slice(text, &a["span"]), a["text"].as_str().unwrap());
            assert!(a["text"]
                .as_str()
                .unwrap()
                .starts_with(a["label"].as_str().unwrap()));
            for p in a["paragraphs"].as_array().unwrap() {
                assert_eq!(slice(text, &p["span"]), p["text"].as_str().unwrap());
            }
            for it in a["items"].as_array().unwrap() {
                assert_eq!(slice(text, &it["span"]), it["text"].as_str().unwrap());
            }
        }
        for c in doc["chapters"].as_array().unwrap() {
            let heading: String = slice(text, &c["heading_span"])
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            assert!(heading.ends_with(c["title"].as_str().unwrap()), "{heading}");
        }
        for field in ["title", "issuer", "doc_number", "notice_title"] {
            if let Some(s) = doc[field].as_str() {
                let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
                assert!(compact.contains(s), "{field} {s} is not the copy's own");
            }
        }
        // Tokens: the copy's characters at their spans.
        for unit in tok["documents"][i]["units"].as_array().unwrap() {
            for t in unit["tokens"].as_array().unwrap() {
                assert_eq!(slice(text, &t["span"]), t["text"].as_str().unwrap());
            }
        }
        // Facts: quoted evidence at its span, every field read from the text in the copy's characters
        // (the copy holds no simplified-only character, so none may appear); canonical values excepted.
        let facts = &cmp["documents"][i];
        for kind in ["meetings", "cadences", "signing", "deadlines", "leave"] {
            for f in facts[kind].as_array().unwrap() {
                assert_eq!(slice(text, &f["span"]), f["text"].as_str().unwrap());
                if let Some(span) = f.get("cadence_span").filter(|s| !s.is_null()) {
                    assert_eq!(slice(text, span), f["cadence_text"].as_str().unwrap());
                }
                for (key, value) in f.as_object().unwrap() {
                    let canonical = matches!(key.as_str(), "kind" | "qualifier" | "cadence_kind")
                        || (kind == "leave" && key == "act" && !f["grantor"].is_null());
                    let strings: Vec<&str> = match value {
                        Value::String(s) => vec![s],
                        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                        _ => vec![],
                    };
                    for s in strings.into_iter().filter(|_| !canonical) {
                        assert_eq!(
                            ScriptCounts::of(s).simplified,
                            0,
                            "{} {kind}.{key} = {s} has simplified characters",
                            facts["id"]
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn traditional_copies_give_the_same_facts_and_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let copies = traditional_copies(dir.path());
    let originals: Vec<PathBuf> = IDS.iter().map(|id| corpus_file(id)).collect();
    let a = run_on(&["compare"], &originals);
    let b = run_on(&["compare"], &copies);
    assert_eq!(simplified(&b), simplified(&a));
    let meetings: usize = a["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["meetings"].as_array().unwrap().len())
        .sum();
    assert!(meetings >= 10, "{meetings}");
    // Tokens: the same words at the same spans; `norm` (or `text` where no norm is written) is the
    // original's, so vectors of the copy are the original's.
    let a = run_on(&["tokenize", "--role-folding"], &originals);
    let b = run_on(&["tokenize", "--role-folding"], &copies);
    let words = |v: &Value, simplify: bool| -> Vec<(String, String, Value)> {
        v["documents"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|d| d["units"].as_array().unwrap().clone())
            .flat_map(|u| u["tokens"].as_array().unwrap().clone())
            .map(|t| {
                let text = t["text"].as_str().unwrap();
                let norm = t.get("norm").and_then(Value::as_str).unwrap_or(text);
                let text = if simplify {
                    to_simplified(text).into_owned()
                } else {
                    text.to_string()
                };
                (text, norm.to_string(), t["span"].clone())
            })
            .collect()
    };
    let (wa, wb) = (words(&a, false), words(&b, true));
    assert!(wa.len() > 10_000);
    assert_eq!(wa, wb);
    // The streamed form (--jsonl, written by its own record writer) gives the copy's tokens the same way.
    let jsonl = |paths: &[PathBuf]| -> Value {
        let mut args = vec![
            "tokenize".to_string(),
            "--jsonl".into(),
            "--role-folding".into(),
        ];
        args.extend(paths.iter().map(|p| p.display().to_string()));
        let out = govrules().args(&args).output().expect("runs");
        assert!(out.status.success());
        let units: Vec<Value> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .filter(|l| l.get("summary").is_none())
            .collect();
        serde_json::json!({"documents": [{"units": units}]})
    };
    let (ja, jb) = (
        words(&jsonl(&originals), false),
        words(&jsonl(&copies), true),
    );
    assert_eq!(ja, wa);
    assert_eq!(jb, wb);
}

#[test]
fn a_traditional_copy_is_most_similar_to_its_original() {
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("trad");
    std::fs::create_dir(&renamed).unwrap();
    for copy in traditional_copies(dir.path()) {
        let stem = copy.file_stem().unwrap().to_str().unwrap();
        std::fs::rename(&copy, renamed.join(format!("{stem}-trad.txt"))).unwrap();
    }
    let dir_arg = renamed.display().to_string();
    let corpus = corpus().display().to_string();
    let sim = run_json(&[
        "similarity",
        &corpus,
        &dir_arg,
        "--level",
        "document",
        "--top",
        "0",
    ]);
    let units: Vec<String> = sim["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            u["doc"]
                .as_str()
                .unwrap()
                .trim_end_matches("-trad")
                .to_string()
        })
        .collect();
    assert_eq!(units.len(), 10);
    for (i, id) in units.iter().enumerate() {
        // Each document's best partner is the other copy of itself.
        let best = sim["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["a"] == i || p["b"] == i)
            .max_by(|x, y| {
                x["score"]
                    .as_f64()
                    .unwrap()
                    .total_cmp(&y["score"].as_f64().unwrap())
            })
            .unwrap();
        let other = if best["a"] == i {
            &best["b"]
        } else {
            &best["a"]
        };
        assert_eq!(&units[other.as_u64().unwrap() as usize], id, "{best}");
        assert!(best["score"].as_f64().unwrap() > 0.99, "{best}");
    }
}

#[test]
fn a_traditional_copy_aligns_article_for_article() {
    let dir = tempfile::tempdir().unwrap();
    let copies = traditional_copies(dir.path());
    for (id, copy) in IDS.iter().zip(&copies) {
        // The copy under another stem, so the two documents have different ids.
        let renamed = dir.path().join(format!("{id}-trad.txt"));
        std::fs::copy(copy, &renamed).unwrap();
        let original = corpus_file(id).display().to_string();
        let al = run_json(&["align", &original, &renamed.display().to_string()]);
        let seg = run_json(&["segment", &original]);
        let articles = seg["documents"][0]["articles"].as_array().unwrap().len();
        let groups = al["groups"].as_array().unwrap();
        let mut paired = 0;
        for g in groups {
            let members = g["members"].as_array().unwrap();
            assert_eq!(members.len(), 2, "{id}: {g}");
            let (x, y) = (&members[0], &members[1]);
            assert_ne!(x["doc"], y["doc"]);
            assert_eq!(x["article"], y["article"], "{id}: {g}");
            assert_eq!(x["span"], y["span"], "{id}: {g}");
            paired += 1;
        }
        assert_eq!(paired, articles, "{id}: every article with its counterpart");
    }
}

fn meetings_of(path: &Path) -> Vec<(String, Option<f64>)> {
    let cmp = run_json(&["compare", &path.display().to_string()]);
    cmp["documents"][0]["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["type"].as_str().unwrap().to_string(),
                m["per_year"].as_f64(),
            )
        })
        .collect()
}

#[test]
fn hand_written_traditional_rules_give_each_meeting_and_its_rate() {
    let fixture = |name: &str| root().join("tests/fixtures/traditional").join(name);
    let m = |t: &str, n: f64| (t.to_string(), Some(n));
    assert_eq!(
        meetings_of(&fixture("county-meetings.txt")),
        [
            m("全體會議", 2.0),
            m("常務會議", 24.0),
            m("縣長辦公會議", 12.0)
        ]
    );
    assert_eq!(
        meetings_of(&fixture("city-executive.txt")),
        [
            m("全體會議", 2.0),
            m("常務會議", 26.0),
            m("市長辦公會議", 12.0)
        ]
    );
    assert_eq!(
        meetings_of(&fixture("town-enumerated.txt")),
        [
            m("全體會議", 4.0),
            m("鎮長辦公會議", 52.0),
            m("工作例會", 12.0)
        ]
    );
    // 原則上 is a hedge, not part of what meets; the subject is quoted as written.
    let cmp = run_json(&[
        "compare",
        &fixture("county-meetings.txt").display().to_string(),
    ]);
    let subjects: Vec<&str> = cmp["documents"][0]["cadences"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["subject"].as_str())
        .collect();
    assert_eq!(subjects[0], "縣政府全體會議");
    let chair = cmp["documents"][0]["meetings"][1]["chair"].as_str();
    assert_eq!(chair, Some("縣長"));
    // The structure: 第X條 articles (issue 19: none were found), 一、 articles under 第X章.
    let seg = run_json(&[
        "segment",
        &fixture("county-meetings.txt").display().to_string(),
        &fixture("city-executive.txt").display().to_string(),
        &fixture("town-enumerated.txt").display().to_string(),
    ]);
    let shape: Vec<(&str, usize, usize, &str)> = seg["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["script"].as_str().unwrap(),
                d["chapters"].as_array().unwrap().len(),
                d["articles"].as_array().unwrap().len(),
                d["articles"][0]["label"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            ("traditional", 1, 6, "第二十八條"),
            ("traditional", 0, 9, "第一條"),
            ("traditional", 3, 7, "一、")
        ]
    );
}

#[test]
fn segment_reports_the_script_of_each_document() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(corpus_file("quzhou-2022")).unwrap();
    let half = seed.chars().count() / 2;
    let first: String = seed.chars().take(half).collect();
    let second: String = seed.chars().skip(half).collect();
    let files = [
        ("a-simplified", seed.clone()),
        ("b-traditional", to_traditional(&seed)),
        ("c-mixed", format!("{first}{}", to_traditional(&second))),
        (
            "d-mostly-simplified",
            format!("{seed}\n{}\n", to_traditional("国务院办公厅")),
        ),
    ];
    for (name, text) in &files {
        std::fs::write(dir.path().join(format!("{name}.txt")), text).unwrap();
    }
    let seg = run_json(&["segment", &dir.path().display().to_string()]);
    let scripts: Vec<&str> = seg["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["script"].as_str().unwrap())
        .collect();
    assert_eq!(
        scripts,
        ["simplified", "traditional", "mixed", "simplified"]
    );
    // A mixed text is analysed through the mapping: its articles are the original's.
    let docs = seg["documents"].as_array().unwrap();
    assert_eq!(simplified(&docs[2]["articles"]), docs[0]["articles"]);
}

#[test]
fn the_report_labels_traditional_copies_and_fills_their_signing_columns() {
    let dir = tempfile::tempdir().unwrap();
    traditional_copies(dir.path());
    let out = dir.path().join("out");
    let status = govrules()
        .args(["report", &dir.path().display().to_string(), "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(status.status.success());
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let labels: Vec<&str> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "杭州市拱墅區",
            "杭州市上城區",
            "佳木斯市前進區",
            "平頂山市衛東區",
            "衢州市"
        ]
    );
    // The signing columns at a glance match the rules' document kinds in either script.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let at = html.find("id=\"glance\"").expect("a glance section");
    let glance = &html[at..at + html[at..].find("</section>").unwrap()];
    for heading in ["决定、命令、规章", "以办公室名义发文", "会议纪要"] {
        assert!(glance.contains(heading), "no {heading} column at a glance");
    }
}

#[test]
fn a_chapter_no_theme_fits_groups_with_its_traditional_copy_by_title() {
    let dir = tempfile::tempdir().unwrap();
    let text = "第一章 车辆与油料\n第一条 甲乙丙丁。\n";
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, text).unwrap();
    std::fs::write(&b, to_traditional(text)).unwrap();
    let al = run_json(&["align", &a.display().to_string(), &b.display().to_string()]);
    let chapters = al["chapters"].as_array().unwrap();
    assert_eq!(chapters.len(), 1, "{chapters:?}");
    assert!(chapters[0]["theme"].is_null());
    assert_eq!(chapters[0]["key"], "车辆与油料");
    let titles: Vec<&str> = chapters[0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["车辆与油料", "車輛與油料"]);
}
