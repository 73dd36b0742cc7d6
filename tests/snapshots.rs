//! The JSON contract, pinned: every command's output and the report's `report.json` on the small inputs of
//! `tests/fixtures/snapshot/` (two seed excerpts and three national regulations), compared with insta
//! snapshots in `tests/snapshots/`. A change to a field, a name or a value shows here in review; accept it
//! (`INSTA_UPDATE=always cargo test --test tests snapshots`, or `cargo insta review`) only together with
//! docs/json-contract.md, the per-command docs and the notebooks. What depends on the machine (the report's
//! absolute paths and its run id) is redacted before the comparison.

use crate::util::*;

const FIXTURES: &str = "tests/fixtures/snapshot";
const QUZHOU: &str = "tests/fixtures/snapshot/quzhou-2022-excerpt.txt";
const GONGSHU: &str = "tests/fixtures/snapshot/gongshu-2021-excerpt.txt";
const YAOPIN: &str = "tests/fixtures/snapshot/yaopin-baohu-1992.txt";
const NONGYE: &str = "tests/fixtures/snapshot/nongye-huaxue-baohu-2020.txt";

/// Runs the binary (in the project root, so paths in the output are the relative ones above) and returns
/// its JSON, indented.
fn output(args: &[&str]) -> String {
    let json = run_json(args);
    serde_json::to_string_pretty(&json).expect("JSON prints")
}

/// The report's `documents[].path` are absolute: the project root in them reads `<root>`, and `run_id`
/// (a hash of the whole report, paths included) reads `<run_id>`, so the snapshot is the same on every
/// machine (tests/report.rs checks the paths themselves, tests/outputs.rs the run id).
fn redact_root(report: &mut serde_json::Value) {
    report["run_id"] = "<run_id>".into();
    let root = format!("{}/", root().display());
    for d in report["documents"].as_array_mut().expect("documents") {
        let path = d["path"].as_str().expect("path");
        let redacted = path
            .strip_prefix(&root)
            .map(|rest| format!("<root>/{rest}"));
        d["path"] = redacted
            .expect("an absolute path under the project root")
            .into();
    }
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("snapshots");
    s.set_prepend_module_to_snapshot(false);
    s
}

#[test]
fn segment() {
    settings().bind(|| insta::assert_snapshot!("segment", output(&["segment", FIXTURES])));
}

#[test]
fn tokenize() {
    settings().bind(|| {
        insta::assert_snapshot!("tokenize", output(&["tokenize", "--role-folding", QUZHOU]))
    });
}

#[test]
fn align() {
    settings().bind(|| insta::assert_snapshot!("align", output(&["align", FIXTURES])));
}

#[test]
fn similarity() {
    settings().bind(|| {
        insta::assert_snapshot!(
            "similarity_documents_reuse",
            output(&["similarity", "--reuse", FIXTURES])
        );
        insta::assert_snapshot!(
            "similarity_articles",
            output(&["similarity", "--level", "article", "--top", "10", FIXTURES])
        );
        // Past --matrix-max: each document's nearest instead of a matrix, and a limit saying so.
        insta::assert_snapshot!(
            "similarity_neighbours",
            output(&[
                "similarity",
                "--matrix-max",
                "2",
                "--neighbours",
                "2",
                FIXTURES
            ])
        );
    });
}

#[test]
fn diff() {
    settings().bind(|| {
        insta::assert_snapshot!(
            "diff_laws",
            output(&["diff", "--changes-only", YAOPIN, NONGYE])
        );
        insta::assert_snapshot!(
            "diff_seeds",
            output(&["diff", "--changes-only", QUZHOU, GONGSHU])
        );
    });
}

#[test]
fn compare() {
    settings().bind(|| {
        insta::assert_snapshot!("compare", output(&["compare", FIXTURES]));
        insta::assert_snapshot!("compare_table", output(&["compare", "--table", FIXTURES]));
    });
}

#[test]
fn kwic() {
    settings().bind(|| {
        insta::assert_snapshot!(
            "kwic",
            output(&["kwic", "--width", "6", "常务会议", FIXTURES])
        );
        insta::assert_snapshot!(
            "kwic_regex",
            output(&[
                "kwic",
                "--regex",
                "--width",
                "4",
                "每.{1,3}(召开|举行)",
                FIXTURES
            ])
        );
    });
}

#[test]
fn report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let status = govrules()
        .args(["report", FIXTURES, "-o"])
        .arg(&out)
        .output()
        .expect("runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).expect("report.json"))
            .expect("JSON");
    redact_root(&mut json);
    settings().bind(|| {
        insta::assert_snapshot!(
            "report",
            serde_json::to_string_pretty(&json).expect("JSON prints")
        )
    });
}
