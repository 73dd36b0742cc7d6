//! `govrules report`: both files written, the bundle's sections, HTML escaping, no network references.

use std::path::Path;

use crate::util::*;

/// Runs `govrules report` on `inputs` into a temp folder; returns the folder, the bundle and the page.
fn report(inputs: &[&Path]) -> (tempfile::TempDir, serde_json::Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = govrules()
        .arg("report")
        .args(inputs)
        .arg("-o")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "report failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = std::fs::read_to_string(dir.path().join("out/report.json")).unwrap();
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    (dir, serde_json::from_str(&json).unwrap(), html)
}

#[test]
fn report_on_the_corpus_writes_the_bundle_and_the_page() {
    let (_dir, json, html) = report(&[]);
    assert_eq!(json["schema_version"], govrules::SCHEMA_VERSION);
    for section in [
        "documents",
        "input_errors",
        "alignment",
        "similarity",
        "diffs",
        "facts",
        "notes",
    ] {
        assert!(json.get(section).is_some(), "report.json lacks {section}");
    }
    let ids: Vec<&str> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "hangzhou-gongshu-2021",
            "hangzhou-shangcheng-2017",
            "jiamusi-qianjin-2021",
            "pingdingshan-weidong-2022",
            "quzhou-2022"
        ]
    );
    // Counts and metadata as the corpus README states them (read from the texts).
    let docs = json["documents"].as_array().unwrap();
    let counts: Vec<(u64, u64)> = docs
        .iter()
        .map(|d| {
            (
                d["chapter_count"].as_u64().unwrap(),
                d["article_count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(counts, [(12, 60), (7, 29), (14, 83), (11, 76), (12, 68)]);
    let labels: Vec<&str> = docs.iter().map(|d| d["label"].as_str().unwrap()).collect();
    assert_eq!(
        labels,
        [
            "杭州市拱墅区",
            "杭州市上城区",
            "佳木斯市前进区",
            "平顶山市卫东区",
            "衢州市"
        ]
    );
    assert_eq!(docs[3]["doc_number"], "平卫政〔2022〕15号");
    assert!(docs[1]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["kind"] == "truncated" && w["excerpt"].is_string()));
    assert_eq!(docs[1]["chapters"][0]["title"], "总则");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        html.contains("id=\"w-1\""),
        "the truncation warning is not on the page"
    );
    for id in [
        "glance",
        "documents",
        "similarity",
        "alignment",
        "facts",
        "warnings",
        "texts",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "page lacks #{id}");
    }
}

#[test]
fn article_spans_in_the_bundle_slice_the_source_text() {
    let (_dir, json, _) = report(&[]);
    for doc in json["documents"].as_array().unwrap() {
        let id = doc["id"].as_str().unwrap();
        let text = govrules::corpus::load_file(&corpus_file(id)).unwrap().text;
        for a in doc["articles"].as_array().unwrap() {
            assert_eq!(
                slice(&text, &a["span"]),
                a["text"].as_str().unwrap(),
                "{id}"
            );
        }
    }
}

#[test]
fn the_bundle_holds_every_stage_and_its_spans_slice_the_sources() {
    let (_dir, json, html) = report(&[]);
    let texts: Vec<(String, String)> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let id = d["id"].as_str().unwrap().to_string();
            let text = govrules::corpus::load_file(&corpus_file(&id)).unwrap().text;
            (id, text)
        })
        .collect();
    let text_of = |id: &str| &texts.iter().find(|(d, _)| d == id).unwrap().1;

    // Alignment: groups whose members name documents of the bundle.
    let groups = json["alignment"]["groups"]
        .as_array()
        .expect("alignment groups");
    assert!(groups.len() > 20, "{} groups", groups.len());
    assert!(groups
        .iter()
        .any(|g| g["members"].as_array().unwrap().len() == 5));
    // Similarity: a 5 × 5 document matrix with its units, and verbatim reuse.
    let matrix = json["similarity"]["matrix"].as_array().expect("matrix");
    assert_eq!(matrix.len(), 5);
    assert!(matrix.iter().all(|row| row.as_array().unwrap().len() == 5));
    assert_eq!(json["similarity"]["units"].as_array().unwrap().len(), 5);
    assert!(!json["similarity"]["reuse"]["pairs"]
        .as_array()
        .unwrap()
        .is_empty());
    // Facts: one entry per document, meetings and signing rules found in the complete texts.
    let facts = json["facts"]["documents"].as_array().expect("facts");
    assert_eq!(facts.len(), 5);
    for f in facts
        .iter()
        .filter(|f| f["id"] != "hangzhou-shangcheng-2017")
    {
        assert!(!f["meetings"].as_array().unwrap().is_empty(), "{}", f["id"]);
        assert!(!f["signing"].as_array().unwrap().is_empty(), "{}", f["id"]);
    }
    // Diffs: pairs of aligned articles of two documents, `a` before `b` in input order; every passage
    // only one side has is that side's text at its span.
    let diffs = json["diffs"].as_array().expect("diffs");
    assert!(diffs.len() > 50, "{} diffs", diffs.len());
    let order = |id: &serde_json::Value| texts.iter().position(|(d, _)| id == d.as_str()).unwrap();
    let mut passages = 0;
    for d in diffs {
        assert!(order(&d["a"]["doc"]) < order(&d["b"]["doc"]));
        for (side, key) in [("a", "only_in_a"), ("b", "only_in_b")] {
            let text = text_of(d[side]["doc"].as_str().unwrap());
            for p in d[key].as_array().unwrap() {
                assert_eq!(slice(text, &p["span"]), p["text"].as_str().unwrap());
                passages += 1;
            }
        }
    }
    assert!(passages > 0);
    // The page: the executive meeting's cadence at a glance, truncated text marked, comparisons to click.
    assert!(html.contains("×/yr"), "no meeting rate at a glance");
    assert!(html.contains("which is truncated: it may be in the lost part"));
    assert!(html.contains("class=\"cell-art\""));
}

#[test]
fn document_text_is_escaped_in_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let evil = dir.path().join("evil.txt");
    std::fs::write(
        &evil,
        "第一章 总则\n第一条 <script>alert(1)</script> 与 &lt; 以及 </script><b>粗</b>。\n第二条 区长签署命令。\n",
    )
    .unwrap();
    let (_out, json, html) = report(&[&evil]);
    assert_eq!(json["documents"][0]["id"], "evil");
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script>alert"), "raw script in the page");
    assert!(!lower.contains("<b>粗"), "raw markup in the page");
    assert!(!html.contains("\"&lt;\""));
    // The page holds exactly its own two script elements and its JSON blob closes once.
    assert_eq!(lower.matches("<script").count(), 2);
    assert_eq!(lower.matches("</script>").count(), 2);
    // `&lt;` in the text appears escaped as `&amp;lt;` wherever the text is rendered.
    if html.contains("alert(1)") {
        assert!(
            html.contains("&amp;lt;"),
            "the literal &lt; was not escaped"
        );
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }
}

#[test]
fn the_page_references_nothing_outside_itself() {
    let (_dir, _json, html) = report(&[]);
    let lower = html.to_lowercase();
    for attr in ["src=", "href=", "@import", "url("] {
        for (at, _) in lower.match_indices(attr) {
            let value: String = lower[at + attr.len()..].chars().take(12).collect();
            let value = value.trim_start_matches(['"', '\'', ' ']);
            assert!(
                !value.starts_with("http:")
                    && !value.starts_with("https:")
                    && !value.starts_with("//"),
                "external reference at {at}: {attr}{value}"
            );
        }
    }
    assert!(!lower.contains("<link"), "the page links a resource");
}

#[test]
fn a_bad_input_is_reported_and_the_rest_still_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = govrules()
        .args(["report", "no/such/file.txt"])
        .arg(corpus_file("quzhou-2022"))
        .arg("-o")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap())
            .unwrap();
    assert_eq!(json["documents"].as_array().unwrap().len(), 1);
    assert!(json["input_errors"][0]
        .as_str()
        .unwrap()
        .contains("no/such/file.txt"));
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains("no/such/file.txt"));
}

#[test]
fn the_report_is_identical_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    for jobs in ["1", "2"] {
        let out = govrules()
            .args(["report", "-j", jobs, "-o"])
            .arg(dir.path().join(jobs))
            .output()
            .unwrap();
        assert!(out.status.success());
    }
    for file in ["report.json", "report.html"] {
        let one = std::fs::read(dir.path().join("1").join(file)).unwrap();
        let two = std::fs::read(dir.path().join("2").join(file)).unwrap();
        assert!(one == two, "{file} differs between -j 1 and -j 2");
    }
}

/// The laws of one category with the most 总则 articles, copied to a temporary folder: enough documents
/// for the bounded paths of a report (nearest-document diffs, reuse partners, candidate columns in a
/// chapter group of more than 300 articles).
fn many_laws(n: usize) -> Option<tempfile::TempDir> {
    let laws = laws()?;
    let mut files: Vec<_> = std::fs::read_dir(laws.join("行政法规"))
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let tmp = tempfile::tempdir().expect("temp dir");
    for f in files.iter().take(n) {
        std::fs::copy(f, tmp.path().join(f.file_name().unwrap())).expect("copy");
    }
    Some(tmp)
}

#[test]
fn a_report_on_many_documents_is_bounded_says_so_and_does_not_depend_on_threads() {
    let Some(laws) = many_laws(80) else {
        skip(
            "a_report_on_many_documents_is_bounded_says_so_and_does_not_depend_on_threads",
            "../shared/corpora/laws is absent",
        );
        return;
    };
    let out = tempfile::tempdir().unwrap();
    for jobs in ["1", "2"] {
        let run = govrules()
            .args(["report", "--quiet", "-j", jobs])
            .arg(laws.path())
            .arg("-o")
            .arg(out.path().join(jobs))
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    let one = std::fs::read(out.path().join("1/report.json")).unwrap();
    let two = std::fs::read(out.path().join("2/report.json")).unwrap();
    assert!(one == two, "report.json differs between -j 1 and -j 2");
    let r: serde_json::Value = serde_json::from_slice(&one).unwrap();
    let n = r["documents"].as_array().unwrap().len();
    assert_eq!(n, 80);
    let limits: Vec<&str> = r["limits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["what"].as_str().unwrap())
        .collect();
    for what in ["diff_pairs", "reuse_passages", "align_candidates"] {
        assert!(limits.contains(&what), "no {what} limit in {limits:?}");
    }
    // Diffs for each document's 3 nearest documents: at most 3 pairs per document, far fewer than all.
    assert_eq!(r["diff_pairs"]["policy"], "nearest:3");
    let pairs = r["diff_pairs"]["pairs"].as_array().unwrap();
    assert!(
        pairs.len() <= 3 * n && pairs.len() >= n / 2,
        "{}",
        pairs.len()
    );
    assert_eq!(r["diff_pairs"]["possible"], n * (n - 1) / 2);
    // No list in the alignment grows with documents × groups.
    assert!(r["alignment"]["groups"][0].get("absent").is_none());
    // Every diff is of a listed pair.
    let listed: std::collections::BTreeSet<(String, String)> = pairs
        .iter()
        .map(|p| {
            let doc = |i: &serde_json::Value| {
                r["documents"][i.as_u64().unwrap() as usize]["id"]
                    .as_str()
                    .unwrap()
                    .to_string()
            };
            (doc(&p[0]), doc(&p[1]))
        })
        .collect();
    for d in r["diffs"].as_array().unwrap() {
        let key = (
            d["a"]["doc"].as_str().unwrap().to_string(),
            d["b"]["doc"].as_str().unwrap().to_string(),
        );
        assert!(listed.contains(&key), "{key:?}");
    }
}

/// The script's data of a page: its envelope with the packed part (base64 of deflated JSON) unpacked as `bulk`.
pub(crate) fn script_data(html: &str) -> serde_json::Value {
    use base64::Engine;
    let open = r#"<script id="report-data" type="application/json">"#;
    let start = html.find(open).expect("the page has its data") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    let mut data: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
    let packed = base64::engine::general_purpose::STANDARD
        .decode(data["bulk"].as_str().unwrap())
        .unwrap();
    let bulk = miniz_oxide::inflate::decompress_to_vec_zlib(&packed).unwrap();
    data["bulk"] = serde_json::from_slice(&bulk).unwrap();
    data
}

#[test]
fn a_page_of_many_documents_lists_nearest_documents_and_stays_small() {
    // 64 variants of the five bundled texts, each without a different ninth of its lines.
    let dir = tempfile::tempdir().unwrap();
    let seeds: Vec<String> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| govrules::corpus::load_file(&p).unwrap().text)
        .collect();
    assert_eq!(seeds.len(), 5);
    let n = 64;
    let mut input_bytes = 0;
    for i in 0..n {
        let text: String = seeds[i % seeds.len()]
            .lines()
            .enumerate()
            .filter(|(k, _)| *k < 3 || (k + i) % 9 != 0)
            .map(|(_, line)| format!("{line}\n"))
            .collect();
        input_bytes += text.len();
        std::fs::write(dir.path().join(format!("doc-{i:02}.txt")), text).unwrap();
    }
    let (_out, json, html) = report(&[dir.path()]);
    assert_eq!(json["documents"].as_array().unwrap().len(), n);

    // Past 60 documents: each document's nearest documents instead of a heatmap, a list of groups instead
    // of the topic × document table.
    assert!(
        html.contains(r#"class="data nearest""#),
        "no nearest-neighbour view"
    );
    assert!(
        !html.contains(r#"class="heatmap"#),
        "a heatmap of 64 × 64 documents"
    );
    assert!(
        html.contains(r#"class="data align-list""#),
        "no list of groups"
    );
    assert!(html.contains("class=\"cell-art\""));
    assert!(
        html.contains("64 documents</h1>"),
        "the heading names documents"
    );
    // What the report left out is stated (its diffs were bounded: 64 documents are past `all pairs`).
    assert!(html.contains("word diffs: each document with its 3 most similar documents"));

    // Size: the page grows with the documents, not with documents × groups; everything beyond the first
    // page of each table travels packed.
    let per_document = html.len() / n;
    assert!(
        per_document < 40_000,
        "{per_document} bytes of page per document ({} in all, {input_bytes} bytes of input)",
        html.len()
    );
    let data = script_data(&html);
    let bulk = &data["bulk"];
    assert_eq!(bulk["texts"].as_array().unwrap().len(), n);
    let groups = json["alignment"]["groups"].as_array().unwrap().len();
    assert_eq!(bulk["groups"].as_array().unwrap().len(), groups);
    assert_eq!(
        bulk["diffs"].as_array().unwrap().len(),
        json["diffs"].as_array().unwrap().len()
    );
    // The list of groups: its first page (100 rows) in the HTML, the other groups for the script.
    let after_first_page = bulk["rows"]["alignment"].as_array().unwrap();
    let listed = after_first_page
        .iter()
        .filter(|r| !r.as_str().unwrap().starts_with(r#"<tr class="heading""#))
        .count();
    assert!(
        listed > 0 && groups - listed <= 100,
        "{listed} of {groups} groups after the first page"
    );
}

/// A report made anywhere names its inputs by absolute paths, so a notebook finds them from anywhere; with
/// `--embed-texts` the bundle carries each decoded text itself.
#[test]
fn the_bundle_names_inputs_by_absolute_paths_and_can_carry_the_texts() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir(p.join("corp")).unwrap();
    for id in ["quzhou-2022", "hangzhou-shangcheng-2017"] {
        std::fs::copy(corpus_file(id), p.join(format!("corp/{id}.txt"))).unwrap();
    }
    std::fs::copy(
        "tests/fixtures/formats/rules-word.docx",
        p.join("corp/rules-word.docx"),
    )
    .unwrap();
    let out = govrules_in(p)
        .args(["report", "corp", "-o", "out", "--embed-texts"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(p.join("out/report.json")).unwrap()).unwrap();
    for d in json["documents"].as_array().unwrap() {
        let path = Path::new(d["path"].as_str().unwrap());
        assert!(path.is_absolute(), "{path:?}");
        let expected = p.join("corp").join(path.file_name().unwrap());
        assert_eq!(
            std::fs::canonicalize(path).unwrap(),
            std::fs::canonicalize(expected).unwrap()
        );
        let text = d["text"].as_str().expect("--embed-texts puts the text in");
        if path.extension().is_some_and(|e| e == "txt") {
            assert_eq!(text, std::fs::read_to_string(path).unwrap());
        }
        for a in d["articles"].as_array().unwrap() {
            assert_eq!(slice(text, &a["span"]), a["text"].as_str().unwrap());
        }
    }
    // Without the option, no text.
    let out = govrules_in(p)
        .args(["report", "corp", "-o", "plain"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let plain: serde_json::Value =
        serde_json::from_slice(&std::fs::read(p.join("plain/report.json")).unwrap()).unwrap();
    assert!(plain["documents"][0].get("text").is_none());
}

/// The similarity matrix of a report on two seed texts, with extra arguments.
fn matrix_with(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let out = govrules()
        .arg("report")
        .arg(corpus_file("quzhou-2022"))
        .arg(corpus_file("hangzhou-gongshu-2021"))
        .arg("-o")
        .arg(dir.join(extra.join("_").replace(['/', '.'], "-")))
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{extra:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let name = extra.join("_").replace(['/', '.'], "-");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join(name).join("report.json")).unwrap())
            .unwrap();
    json["similarity"]["matrix"].clone()
}

/// `--dict`, `--stopwords`, `--roles` and `--taxonomy` reach the report: each changes what it computes.
#[test]
fn the_word_and_topic_options_reach_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("dict.txt"), "常务会议\n").unwrap();
    std::fs::write(p.join("stop.txt"), "会议\n政府\n工作\n市政府\n区政府\n").unwrap();
    std::fs::write(p.join("roles.tsv"), "秘书长\t<秘书长>\t*\n").unwrap();
    let default = matrix_with(p, &[]);
    for (option, file) in [
        ("--dict", "dict.txt"),
        ("--stopwords", "stop.txt"),
        ("--roles", "roles.tsv"),
    ] {
        let path = p.join(file);
        let changed = matrix_with(p, &[option, path.to_str().unwrap()]);
        assert_ne!(changed, default, "{option} made no difference");
    }
    std::fs::write(
        p.join("topics.toml"),
        "[[theme]]\nid = \"会\"\ntitle_words = [\"会议\"]\n\n[[topic]]\nid = \"开会\"\ntheme = \"会\"\nkeywords = [\"会议\"]\n",
    )
    .unwrap();
    let out = govrules()
        .arg("report")
        .arg(corpus_file("quzhou-2022"))
        .arg(corpus_file("hangzhou-gongshu-2021"))
        .arg("-o")
        .arg(p.join("topics"))
        .arg("--taxonomy")
        .arg(p.join("topics.toml"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(p.join("topics/report.json")).unwrap()).unwrap();
    let topics: std::collections::BTreeSet<String> = json["alignment"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|g| g["topic"].as_str().map(str::to_string))
        .collect();
    assert_eq!(topics.into_iter().collect::<Vec<_>>(), ["开会"]);

    // compare: the taxonomy gives the table's article_topic.
    let rows = run_json(&[
        "compare",
        "--table",
        "--taxonomy",
        p.join("topics.toml").to_str().unwrap(),
        corpus_file("quzhou-2022").to_str().unwrap(),
    ]);
    let topics: std::collections::BTreeSet<String> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["article_topic"].as_str().map(str::to_string))
        .collect();
    assert_eq!(topics.into_iter().collect::<Vec<_>>(), ["开会"]);

    // The word options reach align, similarity and diff too.
    let stop = p.join("stop.txt");
    let stop = stop.to_str().unwrap();
    let q = corpus_file("quzhou-2022");
    let g = corpus_file("hangzhou-gongshu-2021");
    let (q, g) = (q.to_str().unwrap(), g.to_str().unwrap());
    for args in [
        vec!["align", q, g],
        vec!["similarity", q, g],
        vec!["diff", q, g],
    ] {
        let plain = run_json(&args);
        let mut with = args.clone();
        with.extend(["--stopwords", stop]);
        assert_ne!(
            run_json(&with),
            plain,
            "{args:?}: --stopwords made no difference"
        );
    }
}
