//! Document metadata and identity (`metadata`, `--meta FILE`, unique labels), revisions of one text
//! (`diff`'s `fact_changes`, the report's `revisions`), and the at-a-glance table showing every meeting.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::*;

/// The constructed revision of quzhou-2022: 常务会议 每半月 → 每月, another signer, dated 2024.
fn revision() -> PathBuf {
    root().join("tests/fixtures/revisions/quzhou-2024.txt")
}

/// Runs `govrules report` on `inputs` with extra `args` into a temp folder: the bundle, the page, stderr.
fn report(inputs: &[&Path], args: &[&str]) -> (Value, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = govrules()
        .arg("report")
        .args(inputs)
        .args(args)
        .arg("-o")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = std::fs::read_to_string(dir.path().join("report.json")).unwrap();
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    (
        serde_json::from_str(&json).unwrap(),
        html,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The at-a-glance table's row of the document labelled `label`, tags stripped.
fn glance_row(html: &str, label: &str) -> String {
    let start = html
        .find(r#"<section id="glance">"#)
        .expect("glance section");
    let section = &html[start..start + html[start..].find("</section>").unwrap()];
    let row = section
        .split("<tr>")
        .find(|r| r.contains(&format!(r#"<th class="rowhead">{label}"#)))
        .unwrap_or_else(|| panic!("no glance row for {label}"));
    let mut text = String::new();
    let mut in_tag = false;
    for c in row.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

#[test]
fn the_glance_table_shows_every_meeting_the_seeds_state() {
    let (json, html, _) = report(&[], &[]);
    let gongshu = glance_row(&html, "杭州市拱墅区");
    assert!(
        gongshu.contains("区长碰头会") && gongshu.contains("24×/yr") && gongshu.contains("art. 38"),
        "{gongshu}"
    );
    let qianjin = glance_row(&html, "佳木斯市前进区");
    assert!(
        qianjin.contains("区长工作例会")
            && qianjin.contains("12×/yr")
            && qianjin.contains("art. 51"),
        "{qianjin}"
    );
    // A meeting of no role is named in "Other meetings", not dropped.
    assert!(
        html.contains("Other meetings") && qianjin.contains("协调会议"),
        "{qianjin}"
    );
    // Every meeting of every document is in the table: its name, or its column's only name, is on the page.
    let glance = &html[html.find(r#"<section id="glance">"#).unwrap()..];
    for d in json["facts"]["documents"].as_array().unwrap() {
        for m in d["meetings"].as_array().unwrap() {
            assert!(glance.contains(m["type"].as_str().unwrap()), "{m}");
        }
    }
    // The head's meetings sit in one column, as the alignment puts 第三十八条 with the others' 办公会议.
    let group = json["alignment"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| {
            g["members"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["doc"] == "hangzhou-gongshu-2021" && m["article"] == 38)
        })
        .unwrap();
    let roles: Vec<String> = group["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let facts = json["facts"]["documents"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["id"] == m["doc"])
                .unwrap();
            let meeting = facts["meetings"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["article"] == m["article"])
                .unwrap_or_else(|| panic!("no meeting at {m}"));
            meeting["role"].as_str().unwrap().to_string()
        })
        .collect();
    assert!(
        roles.len() >= 3 && roles.iter().all(|r| r == "head"),
        "{roles:?}"
    );
    // Article links read the same for 第X条 and 一、 texts.
    assert!(!gongshu.contains("第38条") && !qianjin.contains("51、"));
}

#[test]
fn two_revisions_get_two_labels_their_own_facts_and_their_changes() {
    let quzhou = corpus_file("quzhou-2022");
    let (json, html, _) = report(&[&quzhou, &revision()], &[]);
    let labels: Vec<&str> = json["metadata"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["衢州市 2022", "衢州市 2024"]);
    let doc_labels: Vec<&str> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["label"].as_str().unwrap())
        .collect();
    assert_eq!(doc_labels, labels);
    let executive: Vec<i64> = json["facts"]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let m = d["meetings"].as_array().unwrap();
            let e = m.iter().find(|m| m["role"] == "executive").unwrap();
            e["per_year"].as_i64().unwrap()
        })
        .collect();
    assert_eq!(executive, [24, 12]);
    let revisions = json["revisions"].as_array().unwrap();
    assert_eq!(revisions.len(), 1);
    assert!(revisions[0]["similarity"].as_f64().unwrap() > 0.9);
    assert_eq!(
        (&revisions[0]["a"], &revisions[0]["b"]),
        (&"quzhou-2022".into(), &"quzhou-2024".into())
    );
    let changes = revisions[0]["fact_changes"].as_array().unwrap();
    assert_eq!(changes[0]["subject"], "常务会议");
    assert_eq!(
        (&changes[0]["a_per_year"], &changes[0]["b_per_year"]),
        (&24.into(), &12.into())
    );
    assert_eq!(
        (&changes[1]["field"], &changes[1]["b"]),
        (&"signer".into(), &"常务副秘书长".into())
    );
    // The page: two rows at a glance with their own rates, and the revisions section with the change.
    assert!(glance_row(&html, "衢州市 2022").contains("24×/yr"));
    assert!(glance_row(&html, "衢州市 2024").contains("12×/yr"));
    let section = &html[html
        .find(r#"<section id="revisions">"#)
        .expect("revisions section")..];
    assert!(section.contains("一般每半月召开一次") && section.contains("一般每月召开一次"));
}

#[test]
fn diff_says_what_changed_fact_by_fact_with_spans_into_each_side() {
    let (a, b) = (corpus_file("quzhou-2022"), revision());
    let out = run_json(&["diff", a.to_str().unwrap(), b.to_str().unwrap()]);
    let texts = [
        std::fs::read_to_string(&a).unwrap(),
        std::fs::read_to_string(&b).unwrap(),
    ];
    let changes = out["fact_changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2, "{changes:#?}");
    let cadence = &changes[0];
    assert_eq!(
        (&cadence["topic"], &cadence["change"], &cadence["field"]),
        (&"meetings".into(), &"changed".into(), &"cadence".into())
    );
    assert_eq!(slice(&texts[0], &cadence["a_span"]), "一般每半月召开一次");
    assert_eq!(slice(&texts[1], &cadence["b_span"]), "一般每月召开一次");
    assert_eq!(
        (&cadence["a_article"], &cadence["b_article"]),
        (&41.into(), &41.into())
    );
    let signer = &changes[1];
    assert_eq!(
        (&signer["a"], &signer["b"]),
        (&"秘书长".into(), &"常务副秘书长".into())
    );
    assert!(slice(&texts[1], &signer["b_span"]).contains("常务副秘书长"));
    let labels: Vec<&Value> = out["metadata"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["label"])
        .collect();
    assert_eq!(labels, ["衢州市 2022", "衢州市 2024"]);
    // The same document twice: nothing changed.
    let same = run_json(&["diff", a.to_str().unwrap(), a.to_str().unwrap()]);
    assert!(same["fact_changes"].as_array().unwrap().is_empty());
}

#[test]
fn an_as_needed_clause_is_folded_into_the_rate_beside_it() {
    let out = run_json(&[
        "compare",
        "--topic",
        "meetings",
        corpus_file("quzhou-2022").to_str().unwrap(),
    ]);
    let cadences = out["documents"][0]["cadences"].as_array().unwrap();
    assert!(
        !cadences.iter().any(|c| c["text"] == "如有需要可临时召开"),
        "the as-needed clause is its own row"
    );
    let executive = cadences
        .iter()
        .find(|c| c["article"] == 41 && c["kind"] == "regular")
        .unwrap();
    assert_eq!(executive["exception"], "如有需要可临时召开");
    let text = std::fs::read_to_string(corpus_file("quzhou-2022")).unwrap();
    assert_eq!(
        slice(&text, &executive["exception_span"]),
        "如有需要可临时召开"
    );
}

#[test]
fn metadata_is_read_from_the_texts_and_carried_by_every_command() {
    let corpus = corpus().to_string_lossy().into_owned();
    for args in [
        vec!["segment", &corpus],
        vec!["compare", &corpus],
        vec!["align", &corpus],
        vec!["similarity", &corpus],
    ] {
        let out = run_json(&args);
        let meta = out["metadata"]
            .as_array()
            .unwrap_or_else(|| panic!("{args:?}: no metadata"));
        assert_eq!(meta.len(), 5, "{args:?}");
        let gongshu = &meta[0];
        assert_eq!(
            (
                &gongshu["id"],
                &gongshu["government"],
                &gongshu["level"],
                &gongshu["parent"],
                &gongshu["year"]
            ),
            (
                &"hangzhou-gongshu-2021".into(),
                &"杭州市拱墅区".into(),
                &"区".into(),
                &"杭州市".into(),
                &2021.into()
            ),
            "{args:?}"
        );
        assert_eq!(meta[4]["level"], "市");
        assert_eq!(meta[3]["doc_number"], "平卫政〔2022〕15号");
    }
    let pboc = run_json(&[
        "segment",
        "tests/fixtures/snapshot/pboc-monetary-committee-1997.txt",
    ]);
    assert_eq!(pboc["metadata"][0]["level"], "国家");
}

#[test]
fn a_meta_file_overrides_and_extends_and_its_faults_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("meta.csv");
    std::fs::write(
        &csv,
        "id,province,level,revision\nquzhou-2022,浙江,地级市,\nquzhou-2024,浙江,地级市,修订\nghost,x,,\n",
    )
    .unwrap();
    let (quzhou, rev) = (corpus_file("quzhou-2022"), revision());
    let out = govrules()
        .args(["compare", "--table", "--topic", "meetings", "--meta"])
        .arg(&csv)
        .arg(&quzhou)
        .arg(&rev)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("meta.csv: line 4: id `ghost` matches no document"),
        "{stderr}"
    );
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let row = rows
        .iter()
        .find(|r| r["document"] == "quzhou-2024")
        .unwrap();
    assert_eq!(
        (&row["province"], &row["level"], &row["revision"]),
        (&"浙江".into(), &"地级市".into(), &"修订".into())
    );
    assert_eq!(row["label"], "衢州市 2024");
    let first = rows
        .iter()
        .find(|r| r["document"] == "quzhou-2022")
        .unwrap();
    assert!(
        first.get("revision").is_none(),
        "an empty cell adds nothing"
    );
    // The report carries the columns and shows them.
    let (json, html, stderr) = report(&[&quzhou, &rev], &["--meta", csv.to_str().unwrap()]);
    assert_eq!(json["metadata"][1]["revision"], "修订");
    assert!(json["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n.as_str().unwrap().contains("ghost")));
    assert!(stderr.contains("ghost"), "{stderr}");
    assert!(html.contains("<th>province</th>") && html.contains("地级市"));

    for (text, says) in [
        (
            "name,province\nquzhou-2022,浙江\n",
            "meta.csv: line 1: no `id` column",
        ),
        ("id,province\nquzhou-2022,浙江,extra\n", "meta.csv: line 2"),
        (
            "id,year\nquzhou-2022,next\n",
            "meta.csv: line 2: year `next` is not a whole number",
        ),
    ] {
        std::fs::write(&csv, text).unwrap();
        let out = govrules()
            .args(["segment", "--meta"])
            .arg(&csv)
            .arg(&quzhou)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{text:?} was accepted");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{text:?}: {stderr}");
        assert!(
            out.stdout.is_empty(),
            "output written despite a bad meta file"
        );
    }
}
