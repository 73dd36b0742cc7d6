//! Limits and messages: `--jobs` bounded with a notice, `--ngram 0` refused, control characters in names
//! escaped in every message, each cause said once, and bidi controls of a text isolated on the page.

use crate::util::*;

const RULE: &str = "第一条 区政府实行区长负责制。\n";

/// A huge `--jobs` is bounded (with a notice on stderr) and the output is the same as with one thread.
#[test]
fn jobs_are_bounded_with_a_notice() {
    let file = corpus_file("quzhou-2022");
    let run = |jobs: &str| {
        govrules()
            .args(["segment", "-j", jobs])
            .arg(&file)
            .timeout(std::time::Duration::from_secs(120))
            .output()
            .expect("finishes")
    };
    let huge = run("100000");
    assert!(huge.status.success());
    let stderr = String::from_utf8_lossy(&huge.stderr);
    assert!(
        stderr.contains("--jobs 100000") && stderr.contains("bounded"),
        "{stderr}"
    );
    assert_eq!(huge.stdout, run("1").stdout);
    assert!(run("2").stderr.is_empty());
}

/// `--ngram 0` is a usage error, not silently 1.
#[test]
fn ngram_zero_is_a_usage_error() {
    for cmd in ["similarity", "align"] {
        let out = govrules()
            .args([cmd, "--features", "chars", "--ngram", "0"])
            .arg(corpus_file("quzhou-2022"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--ngram"));
    }
}

/// A file name holding a newline or an escape sequence cannot forge a line or reach the terminal raw.
#[cfg(unix)]
#[test]
fn control_characters_in_names_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let evil = "evil\nname\u{1b}[31m\u{202e}.txt";
    std::fs::write(dir.path().join(evil), "").unwrap();
    std::fs::write(dir.path().join("good.txt"), RULE).unwrap();
    for args in [
        vec!["segment", "."],
        vec!["tokenize", "--jsonl", "."],
        vec!["report", ".", "-o", "out"],
    ] {
        let out = govrules_in(dir.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains('\u{1b}') && !stderr.contains('\u{202e}'),
            "{args:?}: {stderr:?}"
        );
        for line in stderr.lines() {
            assert!(
                line.starts_with("govrules: "),
                "{args:?}: forged line {line:?}"
            );
        }
        assert!(
            stderr.contains(r"evil\nname\u{1b}[31m\u{202e}.txt"),
            "{args:?}: {stderr}"
        );
    }
}

/// Each cause is said once: no `Is a directory (os error 21): Is a directory (os error 21)`.
#[test]
fn messages_do_not_repeat_their_cause() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.txt"), RULE).unwrap();
    std::fs::create_dir(dir.path().join("folder")).unwrap();
    for args in [
        vec!["align", "x.txt", "--taxonomy", "folder/"],
        vec!["align", "x.txt", "--taxonomy", "missing.toml"],
        vec!["tokenize", "x.txt", "--dict", "folder/"],
        vec!["tokenize", "x.txt", "--stopwords", "missing.txt"],
        vec!["tokenize", "x.txt", "--roles", "folder/"],
        vec!["segment", "x.txt", "-o", "folder/"],
        vec!["diff", "x.txt", "missing.txt"],
    ] {
        let out = govrules_in(dir.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        for cause in ["os error 21", "os error 2)", "no such file"] {
            assert!(
                stderr.matches(cause).count() <= 1,
                "{args:?} repeats {cause}: {stderr}"
            );
        }
        assert!(
            stderr.contains("folder") || stderr.contains("missing"),
            "{stderr}"
        );
    }
}

/// Document text goes on the page inside elements whose bidi level is isolated, so a U+202E in a text
/// cannot reorder the page around it.
#[test]
fn bidi_controls_in_a_text_are_isolated_on_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let text = "第一条 区政府\u{202e}实行区长负责制。\n第二条 区长主持区政府全面工作。\n";
    std::fs::write(dir.path().join("x.txt"), text).unwrap();
    let out = govrules_in(dir.path())
        .args(["report", "x.txt", "-o", "r"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let html = std::fs::read_to_string(dir.path().join("r/report.html")).unwrap();
    let css_start = html.find("<style>").unwrap();
    let css = &html[css_start..html[css_start..].find("</style>").unwrap() + css_start];
    assert!(
        css.contains("body *") && css.contains("unicode-bidi: isolate"),
        "the page does not isolate its elements"
    );
    // Every occurrence outside script data sits in an element inside <body>, not loose in it.
    let body = &html[html.find("<body>").unwrap()..];
    let mut found = 0;
    for (at, _) in body.match_indices('\u{202e}') {
        let before = &body[..at];
        if before
            .rfind("<script")
            .is_some_and(|s| !before[s..].contains("</script>"))
        {
            continue;
        }
        found += 1;
        let open = before.rfind('<').unwrap();
        let tag = &before[open..];
        assert!(!tag.starts_with("<body"), "text loose in <body>: {tag}");
    }
    // Article texts travel in the page's packed data and are put into elements by the script (with
    // textContent); the CSS rule above isolates those elements too.
    let packed = crate::report::script_data(&html).to_string();
    assert!(
        found > 0 || packed.contains('\u{202e}'),
        "the text is not on the page"
    );
}
