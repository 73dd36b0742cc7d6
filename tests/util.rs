//! Helpers shared by the integration tests: running the binary, locating corpora, reading JSON.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled corpus folder.
pub fn corpus() -> PathBuf {
    root().join("corpus")
}

/// A bundled corpus file by its id (file stem).
pub fn corpus_file(id: &str) -> PathBuf {
    corpus().join(format!("{id}.txt"))
}

/// `../shared/corpora/laws` beside the project, if present. Tests that need it print that they skipped.
pub fn laws() -> Option<PathBuf> {
    let p = root().join("../shared/corpora/laws");
    p.is_dir().then_some(p)
}

/// Prints a visible skip notice (CI without ../shared must not pass silently).
pub fn skip(test: &str, why: &str) {
    eprintln!("SKIPPED {test}: {why}");
    println!("SKIPPED {test}: {why}");
}

/// The `govrules` binary, run in `dir`.
pub fn govrules_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("govrules").expect("binary builds");
    cmd.current_dir(dir);
    cmd
}

/// The `govrules` binary, run in the project root.
pub fn govrules() -> Command {
    govrules_in(&root())
}

/// Runs the binary with `args`, requires success, and parses stdout as JSON.
pub fn run_json(args: &[&str]) -> serde_json::Value {
    let out = govrules().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "govrules {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// The code-point slice `[start, end)` of `text`, as Python's `text[start:end]`.
pub fn slice(text: &str, span: &serde_json::Value) -> String {
    let s = span[0].as_u64().expect("span start") as usize;
    let e = span[1].as_u64().expect("span end") as usize;
    text.chars().skip(s).take(e - s).collect()
}
