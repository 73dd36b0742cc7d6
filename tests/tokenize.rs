//! Tokenization: exact spans through the binary's JSON, dictionary terms whole in context, determinism
//! across thread counts, stopwords and role folding, streaming JSONL, bad inputs.

use govrules::tokenize::{Analyzer, RoleTable, UserDictionary};

use crate::util::*;

/// Every token of every unit, with the document text, through `govrules tokenize` on `paths`.
fn check_spans_through_binary(args: &[&str]) -> usize {
    let json = run_json(args);
    let mut checked = 0;
    for doc in json["documents"].as_array().unwrap() {
        let id = doc["id"].as_str().unwrap();
        let text = std::fs::read_to_string(corpus_file(id)).unwrap();
        let chars: Vec<char> = text.chars().collect();
        for unit in doc["units"].as_array().unwrap() {
            let us = unit["span"][0].as_u64().unwrap() as usize;
            let ue = unit["span"][1].as_u64().unwrap() as usize;
            assert!(us < ue && ue <= chars.len(), "{id}: unit {unit}");
            for t in unit["tokens"].as_array().unwrap() {
                let s = t["span"][0].as_u64().unwrap() as usize;
                let e = t["span"][1].as_u64().unwrap() as usize;
                assert!(us <= s && s < e && e <= ue, "{id}: token {t} outside unit");
                let slice: String = chars[s..e].iter().collect();
                assert_eq!(slice, t["text"].as_str().unwrap(), "{id}: {t}");
                checked += 1;
            }
        }
    }
    checked
}

#[test]
fn every_token_span_slices_its_text_in_every_corpus_file() {
    let n = check_spans_through_binary(&["tokenize", "--all-tokens"]);
    assert!(n > 15_000, "only {n} tokens");
    let n = check_spans_through_binary(&["tokenize", "--role-folding"]);
    assert!(n > 9_000, "only {n} tokens");
}

#[test]
fn all_tokens_cover_every_non_space_character_of_the_bundled_texts() {
    let json = run_json(&["tokenize", "--all-tokens"]);
    for doc in json["documents"].as_array().unwrap() {
        let id = doc["id"].as_str().unwrap();
        let text = std::fs::read_to_string(corpus_file(id)).unwrap();
        let chars: Vec<char> = text.chars().collect();
        let mut covered = vec![false; chars.len()];
        for unit in doc["units"].as_array().unwrap() {
            for t in unit["tokens"].as_array().unwrap() {
                let s = t["span"][0].as_u64().unwrap() as usize;
                let e = t["span"][1].as_u64().unwrap() as usize;
                covered[s..e].iter_mut().for_each(|c| *c = true);
            }
        }
        // Noise regions are not tokenized; with the structure parser's labels, everything else is.
        let noise: Vec<(usize, usize)> = run_json(&["segment", corpus_file(id).to_str().unwrap()])
            ["documents"][0]["regions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["kind"] == "noise")
            .map(|r| {
                (
                    r["span"][0].as_u64().unwrap() as usize,
                    r["span"][1].as_u64().unwrap() as usize,
                )
            })
            .collect();
        for (i, c) in chars.iter().enumerate() {
            if !c.is_whitespace() && !noise.iter().any(|&(s, e)| s <= i && i < e) {
                assert!(covered[i], "{id}: character {i} {c:?} not in any token");
            }
        }
    }
}

/// Places where a term's characters occur but the text means another word: (term, the word it sits in).
const OTHER_WORDS: &[(&str, &str)] = &[("行文", "现行文件")];

/// Code-point offsets of every occurrence of `needle` in `text`.
fn occurrences(text: &str, needle: &str) -> Vec<usize> {
    text.match_indices(needle)
        .map(|(b, _)| text[..b].chars().count())
        .collect()
}

#[test]
fn dictionary_terms_come_out_whole_wherever_the_texts_use_them() {
    let dict = UserDictionary::government();
    let analyzer = Analyzer::builder().build();
    let terms: Vec<String> = dict.entries().iter().map(|e| e.word.clone()).collect();
    let mut checked = 0;
    let mut failures = Vec::new();
    for id in [
        "hangzhou-gongshu-2021",
        "hangzhou-shangcheng-2017",
        "quzhou-2022",
        "pingdingshan-weidong-2022",
        "jiamusi-qianjin-2021",
    ] {
        let text = std::fs::read_to_string(corpus_file(id)).unwrap();
        let folded = govrules::text::fold::fold(&text);
        let tokens = analyzer.tokenize(&text);
        // Code points at which a token starts: a term is split if one falls strictly inside it.
        let mut boundary = vec![false; folded.chars().count() + 1];
        for t in &tokens {
            boundary[t.span.start] = true;
            boundary[t.span.end] = true;
        }
        // Occurrences of every term; where two overlap without one containing the other (行政决策 and
        // 决策程序 in 行政决策程序), at most one can be whole, and either reading is fair.
        let mut found: Vec<(usize, usize, &str)> = Vec::new();
        for term in &terms {
            for s in occurrences(&folded, term) {
                found.push((s, s + term.chars().count(), term));
            }
        }
        for &(s, e, term) in &found {
            let contested = found.iter().any(|&(s2, e2, _)| {
                s2 < e && s < e2 && !(s2 <= s && e <= e2) && !(s <= s2 && e2 <= e)
            });
            let chars: Vec<char> = folded.chars().collect();
            let in_other_word = OTHER_WORDS.iter().any(|&(t, word)| {
                t == term && {
                    let from = s.saturating_sub(word.chars().count());
                    let around: String = chars[from..(e + word.chars().count()).min(chars.len())]
                        .iter()
                        .collect();
                    around.contains(word)
                }
            });
            if contested || in_other_word {
                continue;
            }
            checked += 1;
            if boundary[s + 1..e].iter().any(|&b| b) {
                let around: String = folded
                    .chars()
                    .skip(s.saturating_sub(4))
                    .take(e - s + 8)
                    .collect();
                let cut: Vec<&str> = tokens
                    .iter()
                    .filter(|t| t.span.start < e && s < t.span.end)
                    .map(|t| t.text.as_str())
                    .collect();
                failures.push(format!("{id}: {term} in {around}: {cut:?}"));
            }
        }
    }
    assert!(checked > 1000, "only {checked} occurrences checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} not whole:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_required_terms_come_out_whole_in_context() {
    let a = Analyzer::government();
    for (text, term) in [
        ("区政府第一次常务会议审议通过", "常务会议"),
        ("由区长办公会议研究决定", "区长办公会议"),
        ("及时制定行政规范性文件", "行政规范性文件"),
        ("严格执行“三重一大”决策制度", "三重一大"),
        ("经分管副区长审签后", "分管副区长"),
        ("与相关部门负责人会签后报区政府", "会签"),
        ("由区长签发", "签发"),
        ("报送市政府的请示性公文", "请示性公文"),
        (
            "应当符合《党政机关公文处理工作条例》等规定",
            "党政机关公文处理工作条例",
        ),
        ("涉及县(市、区)的", "县(市、区)"),
    ] {
        let tokens = a.tokenize(text);
        assert!(
            tokens.iter().any(|t| t.text == term),
            "{term} not whole in {text}: {:?}",
            tokens.iter().map(|t| &t.text).collect::<Vec<_>>()
        );
    }
}

#[test]
fn every_role_term_is_a_dictionary_word() {
    let dict = UserDictionary::government();
    for term in RoleTable::bundled().terms() {
        assert!(
            dict.contains(term),
            "{term} folds but is not in government.dict"
        );
    }
}

#[test]
fn role_folding_makes_a_city_and_a_district_say_the_same() {
    let a = Analyzer::government_folded();
    let norms = |text: &str| -> Vec<String> {
        a.tokenize(text)
            .into_iter()
            .map(|t| t.norm.into_string())
            .collect()
    };
    assert_eq!(
        norms("市长召集和主持市政府全体会议、市政府常务会议和市长办公会议。"),
        norms("区长召集和主持区政府全体会议、区政府常务会议和区长办公会议。")
    );
    assert_eq!(
        norms("秘书长在市长领导下,负责处理市政府日常工作"),
        norms("办公室主任在区长领导下，负责处理区政府日常工作")
    );
    assert_eq!(norms("涉及县(市、区)的"), norms("涉及街道的"));
    // Text stays the source slice.
    let t = a.tokenize("市长");
    assert_eq!((t[0].text.as_str(), t[0].norm.as_str()), ("市长", "<首长>"));
}

#[test]
fn stopwords_are_dropped_and_deontic_words_kept() {
    let a = Analyzer::government();
    let words: Vec<String> = a
        .tokenize("区政府各部门应当及时向区政府报告，不得拖延。")
        .into_iter()
        .map(|t| t.text.into_string())
        .collect();
    assert!(
        !words.iter().any(|w| w == "向" || w == "，" || w == "。"),
        "{words:?}"
    );
    assert!(words.iter().any(|w| w == "应当"), "{words:?}");
    assert!(words.iter().any(|w| w == "不得"), "{words:?}");
}

#[test]
fn folded_run_marks_the_document_level() {
    let json = run_json(&["tokenize", "--role-folding"]);
    let levels: Vec<(&str, &str)> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap(),
                d["level"].as_str().unwrap_or("none"),
            )
        })
        .collect();
    assert_eq!(
        levels,
        [
            ("hangzhou-gongshu-2021", "district"),
            ("hangzhou-shangcheng-2017", "district"),
            ("jiamusi-qianjin-2021", "district"),
            ("pingdingshan-weidong-2022", "district"),
            ("quzhou-2022", "city"),
        ]
    );
}

/// The lines of `tokenize --jsonl` output: the unit records, and the closing summary record's `summary`.
fn jsonl_records(stdout: &[u8]) -> (Vec<serde_json::Value>, serde_json::Value) {
    let mut lines: Vec<serde_json::Value> = std::str::from_utf8(stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let last = lines.pop().expect("at least the summary line");
    assert!(
        lines.iter().all(|l| l.get("summary").is_none()),
        "a summary record before the end"
    );
    (lines, last["summary"].clone())
}

fn stdout_of(args: &[&str]) -> Vec<u8> {
    let out = govrules().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn output_is_identical_on_one_and_four_threads() {
    for mode in [
        &["tokenize"][..],
        &["tokenize", "--jsonl", "--role-folding"][..],
    ] {
        let one = stdout_of(&[&["--jobs", "1"], mode].concat());
        let four = stdout_of(&[&["--jobs", "4"], mode].concat());
        assert!(one.len() > 100_000);
        assert!(one == four, "{mode:?} differs between 1 and 4 threads");
    }
}

#[test]
fn memo_on_and_off_give_identical_output() {
    let on = stdout_of(&["tokenize", "--jsonl", "--all-tokens"]);
    let off = stdout_of(&["tokenize", "--jsonl", "--all-tokens", "--no-memo"]);
    assert!(on == off);
}

#[test]
fn jsonl_has_one_line_per_unit_matching_the_json() {
    let json = run_json(&["tokenize"]);
    let (lines, _) = jsonl_records(&stdout_of(&["tokenize", "--jsonl"]));
    let mut expected = Vec::new();
    for doc in json["documents"].as_array().unwrap() {
        for unit in doc["units"].as_array().unwrap() {
            expected.push((
                doc["id"].clone(),
                unit["article"].clone(),
                unit["span"].clone(),
                unit["tokens"].clone(),
            ));
        }
    }
    assert_eq!(lines.len(), expected.len());
    for (line, (doc, article, span, tokens)) in lines.iter().zip(&expected) {
        assert_eq!(&line["doc"], doc);
        assert_eq!(&line["article"], article);
        assert_eq!(&line["span"], span);
        assert_eq!(&line["tokens"], tokens);
        if line["article"].is_null() {
            assert!(line["kind"].is_string(), "{line}");
        }
    }
}

#[test]
fn jsonl_bad_files_are_named_and_the_rest_still_processed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "第一条 区长签发文件。\n").unwrap();
    std::fs::write(dir.path().join("b.txt"), b"%PDF-1.7\n\x00\x01").unwrap();
    std::fs::write(dir.path().join("c.txt"), "第一条 市长签发文件。\n").unwrap();
    // (On three threads the files are loaded and parsed ahead while the analyzer is built.)
    for jobs in ["1", "3"] {
        let out = govrules()
            .args(["--jobs", jobs, "tokenize", "--jsonl"])
            .arg(dir.path())
            .arg("no/such.txt")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("b.txt") && stderr.contains("no/such.txt"),
            "{stderr}"
        );
        let (lines, summary) = jsonl_records(&out.stdout);
        let mut docs: Vec<&str> = lines.iter().map(|l| l["doc"].as_str().unwrap()).collect();
        docs.dedup();
        assert_eq!(docs, ["a", "c"]);
        // The closing record counts what was written, and the two inputs that failed.
        assert_eq!(summary["documents"], 2);
        assert_eq!(summary["units"], lines.len());
        assert_eq!(summary["errors"], 2);
    }
}

#[test]
fn jsonl_ends_with_a_summary_record() {
    let out = stdout_of(&["tokenize", "--jsonl"]);
    assert!(out.ends_with(b"\n"));
    let last = out[..out.len() - 1].rsplit(|&b| b == b'\n').next().unwrap();
    assert!(
        last.starts_with(br#"{"summary":{"schema_version":""#),
        "{}",
        String::from_utf8_lossy(last)
    );
    let (lines, summary) = jsonl_records(&out);
    let tokens: usize = lines
        .iter()
        .map(|l| l["tokens"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        summary,
        serde_json::json!({
            "schema_version": govrules::SCHEMA_VERSION,
            "documents": 5,
            "units": lines.len(),
            "tokens": tokens,
            "errors": 0,
        })
    );
    // A stream cut short has no summary: its last line is a unit (or half of one).
    let cut = &out[..out.len() / 2];
    let cut_last = cut.rsplit(|&b| b == b'\n').nth(1).unwrap();
    assert!(!cut_last.starts_with(br#"{"summary""#));
}

#[test]
fn a_user_dictionary_replaces_the_bundled_one_and_bad_ones_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("t.txt");
    std::fs::write(&text, "第一条 召开卫东专题协调推进会。\n").unwrap();
    let dict = dir.path().join("my.dict");
    std::fs::write(&dict, "专题协调推进会\n").unwrap();
    let json = run_json(&[
        "tokenize",
        text.to_str().unwrap(),
        "--dict",
        dict.to_str().unwrap(),
    ]);
    let tokens = json["documents"][0]["units"][0]["tokens"]
        .as_array()
        .unwrap()
        .clone();
    assert!(
        tokens.iter().any(|t| t["text"] == "专题协调推进会"),
        "{tokens:?}"
    );

    std::fs::write(&dict, "专题协调推进会 lots\n").unwrap();
    let out = govrules()
        .args([
            "tokenize",
            text.to_str().unwrap(),
            "--dict",
            dict.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("my.dict") && stderr.contains("line 1"),
        "{stderr}"
    );
}

#[test]
fn spans_are_exact_on_real_laws() {
    let Some(laws) = laws() else {
        skip(
            "spans_are_exact_on_real_laws",
            "../shared/corpora/laws not found",
        );
        return;
    };
    // A sample of folders (every law would make the suite slow); the benchmark runs them all.
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for dir in ["宪法", "行政法规", "地方性法规"] {
        let d = laws.join(dir);
        if let Ok(rd) = std::fs::read_dir(&d) {
            let mut v: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
            v.sort();
            files.extend(
                v.into_iter()
                    .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
                    .take(15),
            );
        }
    }
    assert!(!files.is_empty());
    let mut cmd = govrules();
    cmd.args(["tokenize", "--jsonl", "--all-tokens"])
        .args(&files);
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let texts: std::collections::BTreeMap<String, Vec<char>> = files
        .iter()
        .map(|p| {
            let d = govrules::corpus::load_file(p).unwrap();
            (d.id, d.text.chars().collect())
        })
        .collect();
    let mut n = 0;
    let (lines, summary) = jsonl_records(&out.stdout);
    assert_eq!(summary["documents"], files.len());
    for v in &lines {
        let chars = &texts[v["doc"].as_str().unwrap()];
        for t in v["tokens"].as_array().unwrap() {
            let s = t["span"][0].as_u64().unwrap() as usize;
            let e = t["span"][1].as_u64().unwrap() as usize;
            let slice: String = chars[s..e].iter().collect();
            assert_eq!(slice, t["text"].as_str().unwrap());
            n += 1;
        }
    }
    assert!(n > 10_000, "{n}");
    assert_eq!(summary["tokens"], n);
}
