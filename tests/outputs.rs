//! Outputs are written whole or not at all, and never over an input: `-o` naming an input is refused before
//! anything is opened for writing; a file is written beside its target and renamed over it (so a link at the
//! target is replaced, not written through); `report` writes its two files as one unit under a lock.

use std::path::Path;

use crate::util::*;

const RULE: &str = "第一条 区政府实行区长负责制。\n第二条 区政府常务会议一般每月召开一次。\n";

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Every command refuses an `-o` that is one of its inputs (however it is spelled), and leaves it alone.
#[test]
fn an_output_that_names_an_input_is_refused_and_the_input_kept() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(&p.join("x.txt"), RULE);
    write(&p.join("y.txt"), RULE);
    write(&p.join("rules/z.txt"), RULE);
    write(&p.join("dict.txt"), "区长负责制 10 n\n");
    let taxonomy = std::fs::read_to_string(corpus().join("topics.toml")).unwrap();
    write(&p.join("topics.toml"), &taxonomy);
    #[cfg(unix)]
    std::os::unix::fs::symlink("x.txt", p.join("alias.json")).unwrap();
    let mut runs: Vec<(Vec<&str>, &str)> = vec![
        (vec!["segment", "x.txt", "-o", "x.txt"], "x.txt"),
        (vec!["segment", "x.txt", "-o", "./x.txt"], "x.txt"),
        (vec!["segment", "rules", "-o", "rules/z.txt"], "rules/z.txt"),
        (vec!["compare", "x.txt", "-o", "x.txt"], "x.txt"),
        (vec!["align", "x.txt", "y.txt", "-o", "y.txt"], "y.txt"),
        (vec!["similarity", "x.txt", "y.txt", "-o", "x.txt"], "x.txt"),
        (vec!["tokenize", "x.txt", "-o", "x.txt"], "x.txt"),
        (vec!["tokenize", "--jsonl", "x.txt", "-o", "x.txt"], "x.txt"),
        (
            vec!["tokenize", "--jsonl", "rules", "-o", "rules/z.txt"],
            "rules/z.txt",
        ),
        (vec!["diff", "x.txt", "y.txt", "-o", "y.txt"], "y.txt"),
        (
            vec!["compare", "--format", "csv", "x.txt", "-o", "x.txt"],
            "x.txt",
        ),
        (vec!["kwic", "区长", "x.txt", "-o", "x.txt"], "x.txt"),
        (
            vec![
                "kwic",
                "--format",
                "csv",
                "区长",
                "rules",
                "-o",
                "rules/z.txt",
            ],
            "rules/z.txt",
        ),
        (
            vec![
                "similarity",
                "--format",
                "csv",
                "x.txt",
                "y.txt",
                "-o",
                "y.txt",
            ],
            "y.txt",
        ),
        (
            vec!["align", "--format", "csv", "x.txt", "y.txt", "-o", "x.txt"],
            "x.txt",
        ),
        (
            vec![
                "compare",
                "x.txt",
                "--taxonomy",
                "topics.toml",
                "-o",
                "topics.toml",
            ],
            "topics.toml",
        ),
        (
            vec![
                "similarity",
                "x.txt",
                "y.txt",
                "--dict",
                "dict.txt",
                "-o",
                "dict.txt",
            ],
            "dict.txt",
        ),
        (
            vec!["tokenize", "x.txt", "--dict", "dict.txt", "-o", "dict.txt"],
            "dict.txt",
        ),
        (
            vec![
                "align",
                "x.txt",
                "--taxonomy",
                "topics.toml",
                "-o",
                "topics.toml",
            ],
            "topics.toml",
        ),
    ];
    #[cfg(unix)]
    runs.push((vec!["segment", "x.txt", "-o", "alias.json"], "x.txt"));
    for (args, input) in runs {
        let before = std::fs::read(p.join(input)).unwrap();
        let out = govrules_in(p).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("is also an input"), "{args:?}: {stderr}");
        assert_eq!(std::fs::read(p.join(input)).unwrap(), before, "{args:?}");
    }
    // report: its folder's report.json or report.html named as an input.
    write(&p.join("out/report.json"), RULE);
    let out = govrules_in(p)
        .args(["report", "x.txt", "out/report.json", "-o", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is also an input"));
    assert_eq!(
        std::fs::read_to_string(p.join("out/report.json")).unwrap(),
        RULE
    );
    assert!(!p.join("out/report.html").exists());
}

/// The file at the target is replaced by a new one, not rewritten in place: a hard link to the old file
/// keeps the old content (a run cut short can therefore never leave a half-written target).
#[test]
fn an_output_file_is_replaced_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(&p.join("x.txt"), RULE);
    for args in [
        vec!["segment", "x.txt", "-o", "out.json"],
        vec!["tokenize", "--jsonl", "x.txt", "-o", "out.json"],
        vec!["compare", "--table", "x.txt", "-o", "out.json"],
    ] {
        write(&p.join("out.json"), "old\n");
        let _ = std::fs::remove_file(p.join("keep.json"));
        std::fs::hard_link(p.join("out.json"), p.join("keep.json")).unwrap();
        let out = govrules_in(p).args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        assert_eq!(
            std::fs::read_to_string(p.join("keep.json")).unwrap(),
            "old\n",
            "{args:?}"
        );
        let new = std::fs::read_to_string(p.join("out.json")).unwrap();
        assert!(new.ends_with('\n') && new.len() > 10, "{args:?}");
        let names = leftovers(p, &["x.txt", "out.json", "keep.json"]);
        assert!(names.is_empty(), "temporary files left behind: {names:?}");
    }
    // The same for the report's two files.
    write(&p.join("r/report.json"), "old\n");
    std::fs::hard_link(p.join("r/report.json"), p.join("keep-report.json")).unwrap();
    let out = govrules_in(p)
        .args(["report", "x.txt", "-o", "r"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        std::fs::read_to_string(p.join("keep-report.json")).unwrap(),
        "old\n"
    );
}

/// Names in `dir` other than `expected` and the report's lock file.
fn leftovers(dir: &Path, expected: &[&str]) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !expected.contains(&n.as_str()) && std::path::Path::new(dir).join(n).is_file())
        .collect()
}

/// A symbolic link at the target is replaced by the output; the file it pointed to is left alone.
#[cfg(unix)]
#[test]
fn a_link_at_the_target_is_replaced_not_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(&p.join("x.txt"), RULE);
    write(&p.join("victim.txt"), "precious\n");
    std::os::unix::fs::symlink("victim.txt", p.join("out.json")).unwrap();
    std::fs::create_dir(p.join("r")).unwrap();
    std::os::unix::fs::symlink("../victim.txt", p.join("r/report.json")).unwrap();
    std::os::unix::fs::symlink("../victim.txt", p.join("r/report.html")).unwrap();
    for args in [
        vec!["segment", "x.txt", "-o", "out.json"],
        vec!["report", "x.txt", "-o", "r"],
    ] {
        let out = govrules_in(p).args(&args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            std::fs::read_to_string(p.join("victim.txt")).unwrap(),
            "precious\n"
        );
    }
    for link in ["out.json", "r/report.json", "r/report.html"] {
        let meta = std::fs::symlink_metadata(p.join(link)).unwrap();
        assert!(meta.file_type().is_file(), "{link} is still a link");
    }
}

/// `report.json` and `report.html` carry the same run id, which changes with the content.
#[test]
fn the_reports_two_files_carry_one_run_id() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(&p.join("x.txt"), RULE);
    write(&p.join("y.txt"), "第一条 区长主持区政府全面工作。\n");
    let mut ids = Vec::new();
    for input in ["x.txt", "y.txt"] {
        let out = govrules_in(p)
            .args(["report", input, "-o", "r"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let (json_id, html_id) = run_ids(&p.join("r"));
        assert_eq!(json_id, html_id);
        assert!(!json_id.is_empty());
        ids.push(json_id);
    }
    assert_ne!(ids[0], ids[1]);
}

/// The run id of `dir/report.json` and the one in `dir/report.html`'s head.
fn run_ids(dir: &Path) -> (String, String) {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).unwrap()).unwrap();
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    let marker = "<meta name=\"govrules-run-id\" content=\"";
    let at = html.find(marker).expect("the page names its run id") + marker.len();
    let html_id = html[at..].split('"').next().unwrap().to_string();
    (json["run_id"].as_str().unwrap_or("").to_string(), html_id)
}

/// Two `report` runs into one folder at once: one may fail, saying the folder is locked, but the two files
/// left in the folder always come from one run.
#[test]
fn concurrent_reports_into_one_folder_never_mix() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(&p.join("x.txt"), RULE);
    let bin = assert_cmd::cargo::cargo_bin("govrules");
    for _ in 0..4 {
        let runs: Vec<std::process::Child> = [corpus().to_str().unwrap(), "x.txt"]
            .iter()
            .map(|input| {
                std::process::Command::new(&bin)
                    .current_dir(p)
                    .args(["report", input, "-o", "r"])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for run in runs {
            let out = run.wait_with_output().unwrap();
            if !out.status.success() {
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert!(stderr.contains("another govrules report"), "{stderr}");
            }
        }
        let (json_id, html_id) = run_ids(&p.join("r"));
        assert_eq!(json_id, html_id);
    }
}

/// A lock file left by a run that was killed does not block the next run.
#[test]
fn a_stale_lock_file_does_not_block() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(&p.join("x.txt"), RULE);
    write(&p.join("r/.govrules-report.lock"), "999999999\n");
    let out = govrules_in(p)
        .args(["report", "x.txt", "-o", "r"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(p.join("r/report.html").is_file());
}

/// While another process holds the folder's lock, `report` fails at once, naming the folder.
#[test]
fn a_held_lock_makes_report_fail_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(&p.join("x.txt"), RULE);
    let lock = govrules::output::FolderLock::acquire(&p.join("r")).unwrap();
    let out = govrules_in(p)
        .args(["report", "x.txt", "-o", "r"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("finishes");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("another govrules report") && stderr.contains('r'),
        "{stderr}"
    );
    assert!(!p.join("r/report.json").exists());
    drop(lock);
}

/// A FIFO (or device, such as `/dev/null`) at the target is written into, not replaced by a file.
#[cfg(unix)]
#[test]
fn a_fifo_or_device_at_the_target_is_written_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(&p.join("x.txt"), RULE);
    let fifo = p.join("out.fifo");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = govrules_in(p)
        .args(["segment", "x.txt", "-o", "out.fifo"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("finishes");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_str(&reader.join().unwrap()).unwrap();
    assert_eq!(json["documents"][0]["id"], "x");
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
}
