//! `govrules segment` on the bundled corpus: chapter and article counts read off the texts by hand, spans
//! that give back the article text, the region invariant, front matter, warnings.

use serde_json::Value;

use crate::util::*;

fn segment(id: &str) -> Value {
    let path = corpus_file(id);
    let json = run_json(&["segment", "--with-text", path.to_str().unwrap()]);
    assert_eq!(json["schema_version"], govrules::SCHEMA_VERSION);
    json["documents"][0].clone()
}

fn count(doc: &Value, field: &str) -> usize {
    doc[field].as_array().unwrap().len()
}

fn warnings_of(doc: &Value, kind: &str) -> Vec<Value> {
    doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["kind"] == kind)
        .cloned()
        .collect()
}

#[test]
fn bundled_corpus_has_the_expected_chapters_and_articles() {
    let json = run_json(&["segment"]);
    let docs = json["documents"].as_array().unwrap();
    let got: Vec<(String, usize, usize)> = docs
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                count(d, "chapters"),
                count(d, "articles"),
            )
        })
        .collect();
    let want = [
        ("hangzhou-gongshu-2021", 12, 60),
        ("hangzhou-shangcheng-2017", 7, 29),
        ("jiamusi-qianjin-2021", 14, 83),
        ("pingdingshan-weidong-2022", 11, 76),
        ("quzhou-2022", 12, 68),
    ];
    let want: Vec<(String, usize, usize)> = want
        .iter()
        .map(|(i, c, a)| (i.to_string(), *c, *a))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn articles_are_numbered_one_to_n_in_order() {
    for (id, n) in [
        ("hangzhou-gongshu-2021", 60),
        ("hangzhou-shangcheng-2017", 29),
        ("jiamusi-qianjin-2021", 83),
        ("pingdingshan-weidong-2022", 76),
        ("quzhou-2022", 68),
    ] {
        let doc = segment(id);
        let numbers: Vec<u64> = doc["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["number"].as_u64().unwrap())
            .collect();
        assert_eq!(numbers, (1..=n).collect::<Vec<u64>>(), "{id}");
        assert!(warnings_of(&doc, "numbering_gap").is_empty(), "{id}");
    }
}

#[test]
fn weidong_articles_are_found_by_their_spans_inside_their_chapters() {
    let doc = segment("pingdingshan-weidong-2022");
    let text = doc["text"].as_str().unwrap();
    assert_eq!(doc["numbering"], "enumerated");
    let chapters = doc["chapters"].as_array().unwrap();
    for a in doc["articles"].as_array().unwrap() {
        assert_eq!(slice(text, &a["span"]), a["text"].as_str().unwrap());
        let n = a["number"].as_u64().unwrap();
        let label = a["label"].as_str().unwrap();
        assert!(label.ends_with('、'), "{label}");
        assert!(a["text"].as_str().unwrap().starts_with(label));
        let chapter = &chapters[a["chapter"].as_u64().unwrap() as usize - 1];
        let (cs, ce) = (chapter["span"][0].as_u64(), chapter["span"][1].as_u64());
        assert!(
            cs <= a["span"][0].as_u64() && a["span"][1].as_u64() <= ce,
            "article {n}"
        );
    }
    // Chapters as read from the text: 一、–四、 in 总则, 五、–十一、 in 组成人员职责, 七十六、 in the last.
    let chapter_of = |n: usize| doc["articles"][n - 1]["chapter"].as_u64().unwrap();
    assert_eq!(
        [1, 4, 5, 11, 12, 41, 42, 76].map(chapter_of),
        [1, 1, 2, 2, 3, 7, 8, 11]
    );
    assert_eq!(chapters[0]["title"], "总则");
    assert_eq!(chapters[10]["title"], "廉政和作风建设");
    let a11 = &doc["articles"][10];
    assert_eq!(count(a11, "paragraphs"), 3);
    assert_eq!(
        slice(text, &a11["body_span"]),
        a11["text"].as_str().unwrap().trim_start_matches("十一、")
    );
}

#[test]
fn weidong_article_44_lacks_its_first_item_marker() {
    let doc = segment("pingdingshan-weidong-2022");
    let text = doc["text"].as_str().unwrap();
    let a44 = &doc["articles"][43];
    assert_eq!(a44["number"], 44);
    let items = a44["items"].as_array().unwrap();
    let numbers: Vec<u64> = items
        .iter()
        .map(|i| i["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6]);
    assert_eq!(items[0]["label"], "");
    assert!(items[0]["text"]
        .as_str()
        .unwrap()
        .starts_with("传达贯彻落实党中央"));
    assert_eq!(items[1]["label"], "（二）");
    assert!(items.iter().all(|i| i["paragraph"] == 1));
    // The paragraph after the list (常务会议原则上每两周召开1次) is the article's second paragraph.
    let paragraphs = a44["paragraphs"].as_array().unwrap();
    assert_eq!(paragraphs.len(), 2);
    assert!(paragraphs[1]["text"]
        .as_str()
        .unwrap()
        .starts_with("区政府常务会议原则上"));
    let w = warnings_of(&doc, "missing_item_marker");
    assert_eq!(w.len(), 1);
    assert!(slice(text, &w[0]["span"]).starts_with("传达贯彻落实党中央"));
}

#[test]
fn shangcheng_is_truncated_and_its_web_boilerplate_is_noise() {
    let doc = segment("hangzhou-shangcheng-2017");
    let text = doc["text"].as_str().unwrap();
    let w = warnings_of(&doc, "truncated");
    assert_eq!(w.len(), 1, "{:?}", doc["warnings"]);
    assert!(w[0]["message"].as_str().unwrap().contains("chapter 7"));
    let regions = doc["regions"].as_array().unwrap();
    let noise: Vec<String> = regions
        .iter()
        .filter(|r| r["kind"] == "noise")
        .map(|r| slice(text, &r["span"]))
        .collect();
    assert!(noise[0].starts_with("当前位置"), "{noise:?}");
    assert!(noise.iter().any(|n| n.contains("朗读")));
    assert!(noise.iter().any(|n| n.contains("站点关键词")));
    assert!(noise.last().unwrap().contains("宁波政策"));
    // The last article keeps its second paragraph and nothing of the page.
    let last = doc["articles"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["number"], 29);
    assert_eq!(count(&last, "paragraphs"), 2);
    assert!(!last["text"].as_str().unwrap().contains("微信"));
    assert_eq!(doc["title"], "杭州市上城区人民政府工作规则");
    assert_eq!(doc["date"], "2017-04-12");
}

#[test]
fn complete_texts_are_not_reported_truncated() {
    for id in [
        "hangzhou-gongshu-2021",
        "jiamusi-qianjin-2021",
        "pingdingshan-weidong-2022",
        "quzhou-2022",
    ] {
        let doc = segment(id);
        assert!(
            warnings_of(&doc, "truncated").is_empty(),
            "{id}: {:?}",
            doc["warnings"]
        );
    }
}

#[test]
fn front_matter_of_weidong_and_qianjin() {
    let doc = segment("pingdingshan-weidong-2022");
    assert_eq!(doc["doc_number"], "平卫政〔2022〕15号");
    assert_eq!(doc["title"], "卫东区人民政府工作规则");
    assert_eq!(doc["issuer"], "平顶山市卫东区人民政府");
    assert_eq!(doc["date"], "2022-07-27");
    assert_eq!(doc["notice_title"], "关于印发卫东区人民政府工作规则的通知");

    let doc = segment("jiamusi-qianjin-2021");
    let text = doc["text"].as_str().unwrap();
    assert_eq!(doc["doc_number"], "佳前政办发〔2021〕2号");
    assert_eq!(doc["title"], "前进区人民政府工作规则");
    assert_eq!(doc["issuer"], "佳木斯市前进区人民政府办公室");
    assert_eq!(doc["date"], "2021-03-01");
    let noise: Vec<&Value> = doc["regions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "noise")
        .collect();
    assert_eq!(noise.len(), 1);
    assert_eq!(noise[0]["label"], "bookmark_artifact");
    assert_eq!(slice(text, &noise[0]["span"]), "[bookmark: _GoBack]");
    assert_eq!(doc["chapters"][13]["title"], "附则");
}

#[test]
fn gongshu_notice_rules_and_back_matter() {
    let doc = segment("hangzhou-gongshu-2021");
    let text = doc["text"].as_str().unwrap();
    assert_eq!(doc["title"], "杭州市拱墅区人民政府工作规则");
    assert_eq!(doc["issuer"], "杭州市拱墅区人民政府");
    assert_eq!(doc["date"], "2021-05-12");
    assert_eq!(
        doc["notice_title"],
        "杭州市拱墅区人民政府关于印发《杭州市拱墅区人民政府工作规则》的通知"
    );
    // 第六十条 has a second, indented paragraph before the 抄送 lines.
    let last = doc["articles"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["number"], 60);
    assert_eq!(count(&last, "paragraphs"), 2);
    let back: Vec<(String, String)> = doc["regions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "back_matter")
        .map(|r| {
            (
                r["label"].as_str().unwrap().to_string(),
                slice(text, &r["span"]),
            )
        })
        .collect();
    assert_eq!(back.len(), 2, "{back:?}");
    assert_eq!(back[0].0, "cc_line");
    assert!(back[0].1.starts_with("抄送") && back[0].1.ends_with("各市级延伸机构。"));
    assert_eq!(back[1].0, "print_line");
    // Items of 第三十五条 belong to its first paragraph.
    let a35 = &doc["articles"][34];
    let items = a35["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    assert_eq!(items[3]["label"], "（四）");
    assert_eq!(slice(text, &items[3]["span"]), "（四）通报有关重要情况。");
}

#[test]
fn quzhou_paragraphs_and_items() {
    let doc = segment("quzhou-2022");
    let a41 = &doc["articles"][40];
    assert_eq!(a41["label"], "第四十一条");
    assert_eq!(count(a41, "items"), 7);
    assert_eq!(a41["items"][0]["label"], "(一)");
    let p: Vec<&str> = a41["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert_eq!(p.len(), 2);
    assert!(p[0].starts_with("市政府常务会议由市长"));
    assert!(p[1].starts_with("市政府常务会议一般每半月"));
    assert_eq!(doc["chapters"][11]["title"], "附则");
    assert_eq!(doc["date"], "2022-05-22");
}

#[test]
fn every_corpus_file_satisfies_the_region_invariant() {
    let loaded = govrules::corpus::load_paths(&[corpus()]);
    assert_eq!(loaded.documents.len(), 5);
    for d in &loaded.documents {
        let parsed = govrules::structure::parse(d);
        govrules::structure::check_coverage(&parsed).unwrap_or_else(|e| panic!("{}: {e}", d.id));
    }
}

#[test]
fn a_gbk_copy_parses_like_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(corpus_file("pingdingshan-weidong-2022")).unwrap();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&original);
    assert!(!unmappable);
    assert_ne!(
        &gbk[..],
        original.as_bytes(),
        "the copy really is re-encoded"
    );
    let copy = dir.path().join("pingdingshan-weidong-2022.txt");
    std::fs::write(&copy, &gbk).unwrap();
    let a = segment("pingdingshan-weidong-2022");
    let json = run_json(&["segment", copy.to_str().unwrap()]);
    let mut b = json["documents"][0].clone();
    assert_eq!(b["encoding"], "gb18030");
    assert_eq!(a["encoding"], "UTF-8");
    let mut a = a;
    for doc in [&mut a, &mut b] {
        doc["path"] = Value::Null;
        doc["encoding"] = Value::Null;
    }
    a.as_object_mut().unwrap().remove("text");
    assert_eq!(b["articles"].as_array().unwrap().len(), 76);
    assert_eq!(a, b);
}

/// Article numbers of ten thousand and more (万, 亿), financial numerals (大写: 壹贰叁…拾佰仟) are read; a
/// marker whose number cannot be read (it overflows, or is absurdly long) is an `ambiguous_marker` warning,
/// never merged silently into the article before it.
#[test]
fn large_and_financial_article_numbers_are_read_or_warned() {
    use govrules::structure::{check_coverage, parse};
    let numbers_and_warnings = |text: &str| {
        let doc = parse(&govrules::Document::from_text("t", text));
        check_coverage(&doc).unwrap();
        let numbers: Vec<u32> = doc.articles.iter().map(|a| a.number).collect();
        let ambiguous: Vec<String> = doc
            .warnings
            .iter()
            .filter(|w| w.kind == govrules::structure::WarningKind::AmbiguousMarker)
            .map(|w| w.message.clone())
            .collect();
        (numbers, ambiguous)
    };
    let (n, w) = numbers_and_warnings(
        "第九千九百九十九条 甲。\n第一万条 乙。\n第一万零一条 丙。\n第一万零二条 丁。\n",
    );
    assert_eq!((n, w.len()), (vec![9999, 10000, 10001, 10002], 0));
    let (n, _) =
        numbers_and_warnings("第十万条 甲。\n第十万零一条 乙。\n第一亿二千万零三条 丙。\n");
    assert_eq!(n, [100_000, 100_001, 120_000_003]);
    let (n, w) = numbers_and_warnings(
        "第壹佰贰拾贰条 甲。\n第壹佰贰拾叁条 乙。\n第壹佰贰拾肆条 丙。\n第壹仟零壹拾条 丁。\n",
    );
    assert_eq!(n, [122, 123, 124, 1010], "{w:?}");
    for bad in [
        "第4294967296条".to_string(),
        "第五十亿条".to_string(),
        format!("第{}条", "一".repeat(40)),
        format!("第{}条", "9".repeat(40)),
    ] {
        let text = format!("第一条 甲。\n{bad} 乙。\n第二条 丙。\n");
        let (n, w) = numbers_and_warnings(&text);
        assert_eq!(n, [1, 2], "{bad}");
        assert_eq!(w.len(), 1, "{bad}: {w:?}");
    }
}
