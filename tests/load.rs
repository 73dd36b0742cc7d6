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
