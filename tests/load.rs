//! Loading: encodings, bad files, missing paths; the run goes on past a bad file.

use crate::util::*;

#[test]
fn missing_path_is_named_and_others_still_processed() {
    let out = govrules()
        .args(["segment", "no/such/file.txt"])
        .arg(corpus_file("quzhou-2022"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no/such/file.txt"), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["documents"].as_array().unwrap().len(), 1);
    assert_eq!(json["documents"][0]["id"], "quzhou-2022");
}

#[test]
fn binary_and_empty_files_are_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("scan.txt"), b"%PDF-1.7\n\x00\x01\x02binary").unwrap();
    std::fs::write(dir.path().join("blank.txt"), b"").unwrap();
    std::fs::write(
        dir.path().join("good.txt"),
        "第一条 本规则自印发之日起施行。\n",
    )
    .unwrap();
    let out = govrules().arg("segment").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("scan.txt") && stderr.contains("binary"),
        "{stderr}"
    );
    assert!(
        stderr.contains("blank.txt") && stderr.contains("empty"),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["good"]);
}

#[test]
fn gbk_and_utf16_copies_decode_to_the_same_text() {
    let original = std::fs::read_to_string(corpus_file("pingdingshan-weidong-2022")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&original);
    assert!(!unmappable);
    std::fs::write(dir.path().join("gbk.txt"), &gbk).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for u in original.replace('\n', "\r\n").encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(dir.path().join("utf16.txt"), &utf16).unwrap();
    for name in ["gbk.txt", "utf16.txt"] {
        let doc = govrules::corpus::load_file(&dir.path().join(name)).unwrap();
        assert_eq!(doc.text, original, "{name}");
    }
}

/// The ids of a `segment` run's documents.
fn ids_of(stdout: &[u8]) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(stdout).expect("stdout is JSON");
    json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect()
}

const RULE: &str = "第一条 本规则自印发之日起施行。\n";

/// A FIFO, inside a folder or named directly, is skipped by name without being opened for reading (which
/// blocks until a writer appears); the other files are still read and the run exits 1.
#[cfg(unix)]
#[test]
fn a_fifo_is_skipped_by_name_and_never_blocks() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), RULE).unwrap();
    let fifo = dir.path().join("b.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for args in [
        vec![dir.path().to_path_buf()],
        vec![dir.path().join("a.txt"), fifo.clone()],
    ] {
        let out = govrules()
            .arg("segment")
            .args(&args)
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .expect("finishes");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("b.txt") && stderr.contains("not a regular file"),
            "{stderr}"
        );
        assert_eq!(ids_of(&out.stdout), ["a"]);
    }
}

/// `self -> .` and `sub/up -> ..`: each folder is read once, and the loops are named on stderr.
#[cfg(unix)]
#[test]
fn directory_symlink_loops_are_followed_once_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("rules");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::write(root.join("a.txt"), RULE).unwrap();
    std::fs::write(root.join("sub/b.txt"), "第一条 区政府实行区长负责制。\n").unwrap();
    std::os::unix::fs::symlink(".", root.join("self")).unwrap();
    std::os::unix::fs::symlink("..", root.join("sub/up")).unwrap();
    std::os::unix::fs::symlink(".", root.join("again")).unwrap();
    let out = govrules()
        .arg("segment")
        .arg(&root)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("finishes");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(ids_of(&out.stdout), ["a", "b"], "{stderr}");
    for link in ["self", "up", "again"] {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(link) && l.contains("loop")),
            "{link}: {stderr}"
        );
    }
}

/// One file named twice (`./a.txt` and `a.txt`, or through a symbolic link) is one document, with a warning.
#[test]
fn one_file_given_twice_is_read_once_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), RULE).unwrap();
    let mut runs = vec![vec!["./a.txt", "a.txt"], vec!["a.txt", "a.txt"]];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("a.txt", dir.path().join("link.txt")).unwrap();
        runs.push(vec!["a.txt", "link.txt"]);
        runs.push(vec!["."]);
    }
    for args in runs {
        let out = govrules_in(dir.path())
            .arg("segment")
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(ids_of(&out.stdout).len(), 1, "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("warning") && stderr.contains("read once"),
            "{args:?}: {stderr}"
        );
    }
}

/// Files that share a stem get the shortest tail of their path that tells them apart, in every command.
#[test]
fn colliding_stems_get_distinguishing_ids() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    for (path, text) in [
        ("行政法/广告法.txt", "第一条 为了规范广告活动，制定本法。\n第二条 广告主应当对广告内容的真实性负责。\n"),
        ("经济法/广告法.txt", "第一条 为了规范广告活动，保护消费者的合法权益，制定本法。\n第二条 广告经营者应当依法经营。\n"),
        ("x/a/r.txt", RULE),
        ("y/a/r.txt", "第一条 区政府实行区长负责制。\n"),
        ("r.md", "第一条 区长主持区政府全面工作。\n"),
        ("z/r.txt", "第一条 副区长协助区长工作。\n"),
        ("z/r.md", "第一条 秘书长协助区长处理日常工作。\n"),
    ] {
        std::fs::create_dir_all(p.join(path).parent().unwrap()).unwrap();
        std::fs::write(p.join(path), text).unwrap();
    }
    let out = govrules_in(p).args(["segment", "."]).output().unwrap();
    assert!(out.status.success());
    let mut ids = ids_of(&out.stdout);
    ids.sort();
    assert_eq!(
        ids,
        [
            "r",
            "x/a/r",
            "y/a/r",
            "z/r.md",
            "z/r.txt",
            "经济法/广告法",
            "行政法/广告法"
        ]
    );
    // `diff A B` of two files that share a stem names them apart.
    let out = govrules_in(p)
        .args(["diff", "行政法/广告法.txt", "经济法/广告法.txt"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["a"], "行政法/广告法");
    assert_eq!(json["b"], "经济法/广告法");
    // The report: one summary per document, diffs between the two 广告法, never a document with itself.
    let out = govrules_in(p)
        .args(["report", "行政法", "经济法", "-o", "out"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p.join("out/report.json")).unwrap()).unwrap();
    let ids: Vec<&str> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["经济法/广告法", "行政法/广告法"]);
    let diffs = report["diffs"].as_array().unwrap();
    assert!(!diffs.is_empty());
    for d in diffs {
        assert_ne!(d["a"]["doc"], d["b"]["doc"], "{d}");
    }
}

/// One rule for what is not text, wherever it sits in the file (docs/json-contract.md): a NUL anywhere
/// rejects the file; tabs, vertical tabs and form feeds are whitespace; UTF-16 without a byte-order mark is
/// named as such; zero-width characters are whitespace, so a file of nothing else is empty, while those
/// inside a text are kept.
#[test]
fn one_decode_rule_for_nul_controls_utf16_and_zero_width() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let mut late_nul = RULE.repeat(600).into_bytes();
    assert!(late_nul.len() > 8192);
    late_nul.extend_from_slice(b"\0tail\n");
    std::fs::write(p.join("late-nul.txt"), late_nul).unwrap();
    let vt = format!(
        "第一条 区政府{}工作规则。\x0b\x0b\n",
        "实行区长负责制".repeat(25)
    );
    std::fs::write(p.join("vertical-tabs.txt"), vt).unwrap();
    let utf16: Vec<u8> = RULE.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    std::fs::write(p.join("utf16-no-bom.txt"), utf16).unwrap();
    std::fs::write(
        p.join("zero-width.txt"),
        "\u{200b}\u{feff}\u{2060}\n\u{200b} \n",
    )
    .unwrap();
    std::fs::write(
        p.join("zwsp-inside.txt"),
        "第一条 区政府\u{200b}实行区长负责制。\n",
    )
    .unwrap();
    let out = govrules_in(p)
        .args(["segment", "--with-text", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = |name: &str| {
        stderr
            .lines()
            .find(|l| l.contains(name) && l.contains("error"))
            .unwrap_or_else(|| panic!("no error for {name}: {stderr}"))
            .to_string()
    };
    assert!(line("late-nul.txt").contains("NUL"), "{stderr}");
    assert!(
        line("utf16-no-bom.txt").contains("UTF-16LE without a byte-order mark"),
        "{stderr}"
    );
    assert!(line("zero-width.txt").contains("empty"), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = json["documents"].as_array().unwrap();
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["vertical-tabs", "zwsp-inside"], "{stderr}");
    let zwsp = &docs[1];
    assert!(zwsp["text"].as_str().unwrap().contains('\u{200b}'));
    assert_eq!(
        zwsp["articles"][0]["text"],
        "第一条 区政府\u{200b}实行区长负责制。"
    );
}

/// A folder reached a second time through a link (not a loop) is read once, with one warning.
#[cfg(unix)]
#[test]
fn a_folder_reached_twice_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("rules");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::write(root.join("sub/a.txt"), RULE).unwrap();
    std::fs::write(root.join("sub/b.txt"), "第一条 区政府实行区长负责制。\n").unwrap();
    std::os::unix::fs::symlink("sub", root.join("alias")).unwrap();
    let out = govrules().arg("segment").arg(&root).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(ids_of(&out.stdout), ["a", "b"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("the same folder as"), "{stderr}");
}

const FORMATS: &str = "tests/fixtures/formats";

/// A folder's files that are not read are named (the first few, or all with --list-skipped), never
/// skipped without a word; README files and hidden files are left out quietly.
#[test]
fn files_a_folder_holds_but_govrules_does_not_read_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("a.txt"), RULE).unwrap();
    std::fs::write(p.join("README.md"), "# about\n").unwrap();
    std::fs::write(p.join(".hidden.pdf"), "x").unwrap();
    for name in ["b.pdf", "c.doc", "d.xlsx", "e.wps", "f"] {
        std::fs::write(p.join(name), "x").unwrap();
    }
    let out = govrules().arg("segment").arg(p).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "skipped files are no failure");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("5 file(s)"), "{stderr}");
    assert!(
        stderr.contains("b.pdf") && stderr.contains("c.doc") && stderr.contains("d.xlsx"),
        "{stderr}"
    );
    assert!(
        stderr.contains("and 2 more") && stderr.contains("--list-skipped"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("README") && !stderr.contains(".hidden"),
        "{stderr}"
    );
    assert_eq!(ids_of(&out.stdout), ["a"]);

    let out = govrules()
        .args(["segment", "--list-skipped"])
        .arg(p)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    for name in ["b.pdf", "c.doc", "d.xlsx", "e.wps", "/f"] {
        assert!(stderr.contains(name), "{name}: {stderr}");
    }
    assert!(!stderr.contains("more"), "{stderr}");
}

/// Web pages and Word documents in a folder are read; spans index into the text extracted from them,
/// which `segment --with-text` shows.
#[test]
fn web_pages_and_word_documents_are_read_with_spans_into_their_text() {
    let out = govrules()
        .args(["segment", "--with-text", FORMATS])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("scan.pdf") && stderr.contains("notes.xlsx"),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = json["documents"].as_array().unwrap();
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["rules-page", "rules-word"]);
    for d in docs {
        let text = d["text"].as_str().unwrap();
        let articles = d["articles"].as_array().unwrap();
        assert_eq!(articles.len(), 4, "{}", d["id"]);
        for a in articles {
            assert_eq!(slice(text, &a["span"]), a["text"].as_str().unwrap());
        }
    }
    let page = docs[0]["text"].as_str().unwrap();
    assert_eq!(docs[0]["encoding"], "GBK", "the page's own <meta> charset");
    assert!(
        page.contains("第一条　为规范市政府工作，制定本规则。"),
        "{page}"
    );
    assert!(page.contains("首页 > 政务公开"), "{page}");
    for dropped in ["第九十九条", "font-size", "注释", "请启用脚本", "政策文件_"] {
        assert!(!page.contains(dropped), "{dropped}: {page}");
    }
    let word = docs[1]["text"].as_str().unwrap();
    assert!(
        word.contains("原则上每两周召开一次。") && !word.contains("每月召开一次"),
        "{word}"
    );
    assert!(
        word.contains("第一章\t总则\n") && word.contains("R&D"),
        "{word}"
    );
    // The facts read from them like from any text.
    let facts = run_json(&["compare", "--table", "--topic", "meetings", FORMATS]);
    let per_year: Vec<(String, f64)> = facts
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["topic"] == "meetings" && r["per_year"].is_number())
        .map(|r| {
            (
                r["document"].as_str().unwrap().to_string(),
                r["per_year"].as_f64().unwrap(),
            )
        })
        .collect();
    assert!(
        per_year.contains(&("rules-word".into(), 26.0)),
        "{per_year:?}"
    );
    assert!(
        per_year.contains(&("rules-page".into(), 12.0)),
        "{per_year:?}"
    );
}

#[test]
fn a_docx_given_by_name_is_read_and_a_broken_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.docx");
    std::fs::write(&broken, b"PK\x03\x04 not an archive").unwrap();
    let legacy = dir.path().join("old.doc");
    std::fs::write(&legacy, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 legacy word").unwrap();
    let out = govrules()
        .arg("segment")
        .arg(format!("{FORMATS}/rules-word.docx"))
        .arg(&broken)
        .arg(&legacy)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("broken.docx: cannot read as a Word document (.docx)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("old.doc") && stderr.contains("OLE/DOC"),
        "{stderr}"
    );
    assert_eq!(ids_of(&out.stdout), ["rules-word"]);
}
