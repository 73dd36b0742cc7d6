//! Tables as CSV (`--format csv`, `report --tables`): UTF-8 with a byte-order mark, quoted where needed, the
//! same rows as the JSON, every label beside its id. (The notebooks' check reads them back with pandas.)

use std::path::Path;

use crate::util::*;

const FIXTURES: &str = "tests/fixtures/snapshot";

/// Runs the binary in the project root, requires success, returns stdout.
fn stdout_of(args: &[&str]) -> Vec<u8> {
    let out = govrules().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "govrules {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A CSV's header and records, after checking the byte-order mark and that every record has the header's
/// length.
fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "no UTF-8 byte-order mark"
    );
    let mut r = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    for row in &rows {
        assert_eq!(row.len(), header.len());
    }
    (header, rows)
}

fn column<'a>(header: &[String], rows: &'a [Vec<String>], name: &str) -> Vec<&'a str> {
    let i = header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"));
    rows.iter().map(|r| r[i].as_str()).collect()
}

/// The value of a JSON cell as the CSV writes it.
fn as_field(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[test]
fn the_fact_table_as_csv_is_the_json_table_with_labels() {
    let json = run_json(&["compare", "--table", FIXTURES]);
    let rows = json.as_array().unwrap();
    let (header, records) = read_csv(&stdout_of(&["compare", "--format", "csv", FIXTURES]));
    assert_eq!(
        &header[..6],
        [
            "document",
            "label",
            "topic",
            "index",
            "article",
            "article_label"
        ]
    );
    assert_eq!(records.len(), rows.len());
    for (row, record) in rows.iter().zip(&records) {
        for (name, value) in header.iter().zip(record) {
            let expected = row.get(name).map(as_field).unwrap_or_default();
            assert_eq!(value, &expected, "column {name}");
        }
        assert!(row["sentence"].is_string(), "{row}");
    }
    let labels = column(&header, &records, "label");
    assert!(labels.contains(&"杭州市拱墅区") && labels.contains(&"衢州市"));
}

#[test]
fn a_csv_field_with_quotes_commas_and_line_breaks_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let text = "第一条 区政府常务会议由区长召集和主持，每月召开一次,\"例会\"。\n第二条 会议纪要\n由区长签发。\n";
    std::fs::write(dir.path().join("q.txt"), text).unwrap();
    let out = govrules()
        .args(["kwic", "--format", "csv", "--width", "30", "会议"])
        .arg(dir.path().join("q.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let raw = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(
        raw.contains("\"\"例会\"\""),
        "quotes doubled inside a quoted field: {raw}"
    );
    let (header, records) = read_csv(&out.stdout);
    let chars: Vec<char> = text.chars().collect();
    for r in &records {
        let get = |name: &str| r[header.iter().position(|h| h == name).unwrap()].clone();
        let (s, e): (usize, usize) = (
            get("span_start").parse().unwrap(),
            get("span_end").parse().unwrap(),
        );
        assert_eq!(chars[s..e].iter().collect::<String>(), get("keyword"));
        let left = get("left");
        let before: String = chars[s - left.chars().count()..s].iter().collect();
        assert_eq!(before, left);
    }
    assert!(column(&header, &records, "right")
        .iter()
        .any(|r| r.contains('\n') && r.contains("\"例会\"")));
}

#[test]
fn the_similarity_matrix_is_labelled_and_the_lists_are_rows() {
    let (header, records) = read_csv(&stdout_of(&["similarity", "--format", "csv", FIXTURES]));
    assert_eq!(&header[..3], ["unit", "doc", "label"]);
    assert_eq!(records.len(), 5);
    assert_eq!(header.len(), 3 + 5);
    // Row i, column of unit i: the diagonal.
    for (i, r) in records.iter().enumerate() {
        assert_eq!(header[3 + i], r[0]);
        assert_eq!(r[3 + i].parse::<f64>().unwrap(), 1.0);
    }
    assert!(column(&header, &records, "label").contains(&"衢州市"));

    // Past --matrix-max: each unit's neighbours, one row each.
    let json = run_json(&[
        "similarity",
        "--matrix-max",
        "2",
        "--neighbours",
        "2",
        FIXTURES,
    ]);
    let (header, records) = read_csv(&stdout_of(&[
        "similarity",
        "--format",
        "csv",
        "--matrix-max",
        "2",
        "--neighbours",
        "2",
        FIXTURES,
    ]));
    let listed: usize = json["neighbours"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_array().unwrap().len())
        .sum();
    assert_eq!(records.len(), listed);
    assert!(
        header.contains(&"neighbour_label".to_string()) && header.contains(&"rank".to_string())
    );

    // Articles: the pairs.
    let json = run_json(&["similarity", "--level", "article", "--top", "5", FIXTURES]);
    let (header, records) = read_csv(&stdout_of(&[
        "similarity",
        "--format",
        "csv",
        "--level",
        "article",
        "--top",
        "5",
        FIXTURES,
    ]));
    assert_eq!(records.len(), json["pairs"].as_array().unwrap().len());
    let a_units = column(&header, &records, "a_unit");
    for (p, a) in json["pairs"].as_array().unwrap().iter().zip(a_units) {
        assert_eq!(p["a_label"], a);
    }

    let out = govrules()
        .args(["similarity", "--format", "csv", "--reuse", FIXTURES])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("reuse.csv"));
}

#[test]
fn the_alignment_is_provisions_by_documents_or_one_row_per_article() {
    let json = run_json(&["align", FIXTURES]);
    let (header, records) = read_csv(&stdout_of(&["align", "--format", "csv", FIXTURES]));
    let docs: Vec<&str> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(&header[..4], ["group", "chapter_group", "theme", "topic"]);
    assert_eq!(&header[4..], docs.as_slice());
    let groups = json["groups"].as_array().unwrap();
    assert_eq!(records.len(), groups.len());
    for (g, r) in groups.iter().zip(&records) {
        for m in g["members"].as_array().unwrap() {
            let col = header
                .iter()
                .position(|h| h == m["doc"].as_str().unwrap())
                .unwrap();
            assert!(r[col].contains(m["label"].as_str().unwrap()), "{g}");
        }
    }
    let (header, records) = read_csv(&stdout_of(&[
        "align", "--format", "csv", "--long", FIXTURES,
    ]));
    let members: usize = groups
        .iter()
        .map(|g| g["members"].as_array().unwrap().len())
        .sum();
    assert_eq!(records.len(), members);
    assert!(header.contains(&"article_label".to_string()) && header.contains(&"label".to_string()));
}

#[test]
fn report_tables_writes_every_table_beside_the_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let out = govrules()
        .args(["report", FIXTURES, "-o"])
        .arg(dir.path().join("out"))
        .arg("--tables")
        .arg(dir.path().join("tables"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/report.json")).unwrap())
            .unwrap();
    let table =
        |name: &str| read_csv(&std::fs::read(dir.path().join("tables").join(name)).unwrap());
    for name in govrules::tables::report::FILE_NAMES {
        table(name);
    }
    let (header, docs) = table("documents.csv");
    assert_eq!(column(&header, &docs, "id").len(), 5);
    assert!(!header.contains(&"text".to_string()) && !header.contains(&"articles".to_string()));
    let (header, articles) = table("articles.csv");
    let in_json: usize = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["articles"].as_array().unwrap().len())
        .sum();
    assert_eq!(articles.len(), in_json);
    let texts = column(&header, &articles, "text");
    let first = &report["documents"][0]["articles"][0];
    assert_eq!(texts[0], first["text"].as_str().unwrap());
    let (_, facts) = table("facts.csv");
    assert!(!facts.is_empty());
    let (_, matrix) = table("similarity_matrix.csv");
    assert_eq!(matrix.len(), 5);
    let (_, neighbours) = table("similarity_neighbours.csv");
    assert!(neighbours.is_empty(), "a matrix, so no neighbour lists");
    let (_, reuse) = table("reuse.csv");
    let passages: usize = report["similarity"]["reuse"]["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["passages"].as_array().unwrap().len())
        .sum();
    assert_eq!(reuse.len(), passages);
    let (_, alignment) = table("alignment.csv");
    assert_eq!(
        alignment.len(),
        report["alignment"]["groups"].as_array().unwrap().len()
    );
}

#[test]
fn report_tables_never_writes_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let rule = "第一条 区政府实行区长负责制。\n";
    std::fs::write(p.join("x.txt"), rule).unwrap();
    std::fs::create_dir(p.join("tables")).unwrap();
    std::fs::write(p.join("tables/facts.csv"), rule).unwrap();
    let out = govrules_in(p)
        .args([
            "report",
            "x.txt",
            "tables/facts.csv",
            "-o",
            "out",
            "--tables",
            "tables",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is also an input"));
    assert_eq!(
        std::fs::read_to_string(p.join("tables/facts.csv")).unwrap(),
        rule
    );
    assert!(!p.join("out/report.json").exists() && !p.join("tables/documents.csv").exists());
}

/// `--tables` into the report's own folder: one lock, every file there.
#[test]
fn report_tables_may_share_the_report_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let out = govrules()
        .args(["report", "tests/fixtures/traditional", "-o"])
        .arg(&out_dir)
        .arg("--tables")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(Path::new(&out_dir.join("report.json")).exists());
    let (header, rows) = read_csv(&std::fs::read(out_dir.join("facts.csv")).unwrap());
    // Traditional texts: labels and sentences as written.
    assert!(column(&header, &rows, "sentence")
        .iter()
        .any(|s| s.contains("會議")));
}
