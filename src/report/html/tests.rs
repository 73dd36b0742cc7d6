//! The page as a whole: escaping everywhere (in the HTML and in the rows handed to the script), the script
//! data's envelope, the heading, the limits in words.

use base64::Engine;
use serde_json::{json, Value};

use super::*;
use crate::compare::align::{Alignment, Group, Member};
use crate::corpus::Document;
use crate::facts::{Meeting, SigningRule};
use crate::report::envelope::{AlignmentSection, FactsDocument, FactsSection};
use crate::report::{build, ReportOptions};

/// The script's data of a rendered page: the envelope, with its packed part unpacked as `bulk`.
pub(super) fn script_data(html: &str) -> Value {
    let start = html
        .find(r#"<script id="report-data" type="application/json">"#)
        .unwrap();
    let rest = &html[start..];
    let json = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
    let mut data: Value = serde_json::from_str(json).unwrap();
    let packed = base64::engine::general_purpose::STANDARD
        .decode(data["bulk"].as_str().unwrap())
        .unwrap();
    let bulk = miniz_oxide::inflate::decompress_to_vec_zlib(&packed).unwrap();
    data["bulk"] = serde_json::from_slice(&bulk).unwrap();
    data
}

fn report_of(docs: Vec<Document>, errors: Vec<String>) -> Report {
    let (taxonomy, analyzer) = (
        crate::topics::Taxonomy::builtin(),
        crate::tokenize::Analyzer::government_folded(),
    );
    let opts = ReportOptions {
        taxonomy: &taxonomy,
        analyzer: &analyzer,
        diff_pairs: None,
        vocabulary: crate::facts::Vocabulary::builtin(),
        meta: None,
        progress: &crate::progress::Silent,
        embed_texts: false,
    };
    build(docs, errors, &opts)
}

#[test]
fn script_json_cannot_close_the_script_element() {
    let s = script_json(&json!({"t": "</script><script>alert(1)</script> & \u{2028}"}));
    assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
    let back: Value = serde_json::from_str(&s).unwrap();
    assert_eq!(back["t"], "</script><script>alert(1)</script> & \u{2028}");
}

#[test]
fn document_text_is_escaped_everywhere() {
    let evil = "第一条 <script>alert(1)</script> 与 &lt; 以及 </script>。";
    let doc = Document::from_text("evil</script>", &format!("{evil}\n"));
    let mut report = report_of(vec![doc], vec!["<b>bad</b>.txt: empty file".into()]);
    report.documents[0].title = Some("<i>title</i>".into());
    report.documents[0]
        .articles
        .push(crate::report::ArticleText {
            number: 1,
            sub_number: None,
            label: "第一条".into(),
            chapter: None,
            span: crate::Span::new(0, evil.chars().count()),
            text: evil.into(),
        });
    let span = crate::Span::new(0, 3);
    let meeting = Meeting {
        meeting_type: "常务会议<x>".into(),
        kind: "executive".into(),
        role: Some("executive".into()),
        chair: Some("区长<c>".into()),
        deputy_chair: None,
        composition: None,
        attendees: vec!["<att>".into()],
        per_year: Some(12.0),
        per_year_max: None,
        qualifier: None,
        cadence_kind: None,
        cadence_text: None,
        cadence_span: None,
        exception: None,
        exception_span: None,
        text: evil.into(),
        article: Some(1),
        span,
        note: Some("<note>".into()),
    };
    let signing = SigningRule {
        document_kind: Some("决定<y>".into()),
        categories: vec!["decisions".into()],
        act: "签发".into(),
        signer: "区长<z>".into(),
        condition: None,
        qualifier: None,
        text: evil.into(),
        evidence: crate::facts::Evidence {
            article: Some(1),
            span,
            sentence: evil.into(),
            note: None,
        },
    };
    report.facts = Some(FactsSection {
        documents: vec![FactsDocument {
            id: "evil</script>".into(),
            meetings: Some(vec![meeting; 150]),
            cadences: None,
            signing: Some(vec![signing]),
            deadlines: None,
            leave: None,
        }],
        meeting_roles: Some(crate::facts::Vocabulary::builtin().meetings.roles.clone()),
        signing_categories: Some(
            crate::facts::Vocabulary::builtin()
                .signing
                .categories
                .clone(),
        ),
    });
    let member = Member {
        doc: "evil</script>".into(),
        article: 1,
        sub_number: None,
        label: "第一条".into(),
        chapter: None,
        span,
        score: Some(1.0),
        topic: None,
        role: crate::compare::align::MemberRole::Aligned,
        doc_index: 0,
        position: 0,
    };
    let group = Group {
        id: "g<1>".into(),
        topic: Some("<topic>".into()),
        topic_mixed: false,
        chapter_group: "c01".into(),
        theme: Some("<theme>".into()),
        members: vec![member],
        absent_count: 0,
        split: false,
        reordered: false,
        moved: false,
    };
    report.alignment = Some(AlignmentSection {
        alignment: Alignment {
            documents: vec!["evil</script>".into()],
            features: "tokens".into(),
            chapters: vec![],
            groups: vec![group],
            limits: vec![],
        },
        truncated: vec![],
        warnings: vec![],
    });
    let html = render(&report);
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script>alert"));
    assert!(!lower.contains("<b>bad") && !lower.contains("<i>title") && !lower.contains("<x>"));
    assert!(!lower.contains("<topic>") && !lower.contains("<y>") && !lower.contains("<z>"));
    assert!(!lower.contains("<theme>") && !lower.contains("<c>") && !lower.contains("<note>"));
    assert!(html.contains("常务会议&lt;x&gt;") && html.contains("区长&lt;z&gt;"));
    assert!(html.contains("&lt;theme&gt;") && html.contains("&lt;topic&gt;"));
    assert_eq!(lower.matches("</script>").count(), 2);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; 与 &amp;lt;"));

    // 150 meetings, 50 a page: the table's rows after its first page go to the script, escaped the same way.
    let data = script_data(&html);
    let rows = data["bulk"]["rows"]["facts-meetings"].as_array().unwrap();
    assert_eq!(rows.len(), 100);
    for row in rows {
        let row = row.as_str().unwrap();
        assert!(
            row.contains("常务会议&lt;x&gt;") && row.contains("&lt;note&gt;"),
            "{row}"
        );
        assert!(!row.contains("<x>") && !row.contains("<script>") && !row.contains("<note>"));
    }
    // Texts travel as plain strings (the script inserts them with textContent).
    assert_eq!(data["docs"][0]["id"], "evil</script>");
    assert_eq!(data["bulk"]["texts"][0]["articles"][0][6], evil);
}

#[test]
fn the_heading_names_governments_only_for_their_working_rules() {
    let summary = |title: &str, issuer: Option<&str>| {
        let mut d = crate::report::DocumentSummary::of(
            &crate::structure::parse(&Document::from_text("x", "第一条 内容。\n")),
            "x",
        );
        d.title = Some(title.into());
        d.issuer = issuer.map(str::to_string);
        d
    };
    let rules = [
        summary("杭州市拱墅区人民政府工作规则", None),
        summary(
            "前进区人民政府工作规则",
            Some("佳木斯市前进区人民政府办公室"),
        ),
    ];
    assert!(all_government_rules(&rules));
    assert_eq!(
        heading(&rules, Noun::Government),
        "How 2 governments run themselves"
    );
    let laws = [
        summary("中华人民共和国刑法", None),
        summary("杭州市拱墅区人民政府工作规则", None),
    ];
    assert!(!all_government_rules(&laws));
    assert!(!all_government_rules(&[]));
    let many: Vec<_> = (0..1426).map(|_| laws[0].clone()).collect();
    assert_eq!(heading(&many, Noun::Document), "1,426 documents");
}

#[test]
fn limits_are_stated_in_words() {
    let l = Limit::new(
        crate::compare::Bounded::DiffPairs,
        "each document with its 3 most similar documents".into(),
        3137,
        1016025,
    );
    assert_eq!(
        limit_line(&l),
        "word diffs: each document with its 3 most similar documents (3,137 of 1,016,025 document pairs)"
    );
    assert_eq!(
        limit_line(&Limit::new(
            crate::compare::Bounded::AlignCandidates,
            "rule".into(),
            1,
            2
        )),
        "alignment candidates: rule (1 of 2)"
    );
    for (what, name) in [
        (crate::compare::Bounded::Matrix, "matrix"),
        (crate::compare::Bounded::Pairs, "pairs"),
        (crate::compare::Bounded::DiffPairs, "diff_pairs"),
        (crate::compare::Bounded::ReusePairs, "reuse_pairs"),
        (crate::compare::Bounded::ReusePassages, "reuse_passages"),
        (crate::compare::Bounded::AlignCandidates, "align_candidates"),
        (
            crate::compare::Bounded::ReorderCandidates,
            "reorder_candidates",
        ),
    ] {
        assert_eq!(serde_json::to_value(what).unwrap(), name);
    }
}

#[test]
fn thousands_are_separated() {
    assert_eq!(thousands(0), "0");
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(1000), "1,000");
    assert_eq!(thousands(1016025), "1,016,025");
}

#[test]
fn the_packed_data_reads_back() {
    let value = json!({"t": "中文 <b>", "n": [1, 2, 3]});
    let packed = packed(&value);
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(packed)
        .unwrap();
    let back: Value =
        serde_json::from_slice(&miniz_oxide::inflate::decompress_to_vec_zlib(&bytes).unwrap())
            .unwrap();
    assert_eq!(back, value);
}

#[test]
fn a_short_table_is_all_in_the_page_and_a_long_one_hands_its_rest_to_the_script() {
    let report = report_of(
        vec![
            Document::from_text(
                "a",
                "第一条 区长签署命令。\n第二条 常务会议每月召开一次。\n",
            ),
            Document::from_text("b", "第一条 市长签署命令。\n"),
        ],
        vec![],
    );
    let html = render(&report);
    assert!(
        !html.contains("class=\"pager\""),
        "a short table has no pager"
    );
    let data = script_data(&html);
    assert!(data["bulk"]["rows"].as_object().unwrap().is_empty());
    assert_eq!(data["bulk"]["texts"].as_array().unwrap().len(), 2);
    assert!(html.contains("id=\"t-1\""));
}

#[test]
fn fact_tables_show_one_source_sentence_and_no_offsets() {
    let text = "第一条 区长签署命令。常务会议每月召开一次。";
    let mut report = report_of(vec![Document::from_text("a", &format!("{text}\n"))], vec![]);
    let meeting = Meeting {
        meeting_type: "常务会议".into(),
        kind: "executive".into(),
        role: Some("executive".into()),
        chair: None,
        deputy_chair: None,
        composition: None,
        attendees: vec![],
        per_year: Some(12.0),
        per_year_max: None,
        qualifier: None,
        cadence_kind: None,
        cadence_text: Some("每月召开一次".into()),
        cadence_span: Some(crate::Span::new(98765, 98771)),
        exception: None,
        exception_span: None,
        text: "常务会议每月召开一次。".into(),
        article: Some(1),
        span: crate::Span::new(87654, 87665),
        note: None,
    };
    let signing = SigningRule {
        document_kind: Some("命令".into()),
        categories: vec!["decisions".into()],
        act: "签署".into(),
        signer: "区长".into(),
        condition: None,
        qualifier: None,
        text: "区长签署命令".into(),
        evidence: crate::facts::Evidence {
            article: Some(1),
            span: crate::Span::new(76543, 76549),
            sentence: "第一条 区长签署命令。".into(),
            note: None,
        },
    };
    report.facts = Some(FactsSection {
        documents: vec![FactsDocument {
            id: "a".into(),
            meetings: Some(vec![meeting]),
            cadences: Some(vec![]),
            signing: Some(vec![signing]),
            deadlines: None,
            leave: None,
        }],
        meeting_roles: Some(crate::facts::Vocabulary::builtin().meetings.roles.clone()),
        signing_categories: Some(
            crate::facts::Vocabulary::builtin()
                .signing
                .categories
                .clone(),
        ),
    });
    let html = render(&report);
    // Offsets are no column: only the tooltip of the article link gives them.
    assert!(!html.contains("98765"), "the cadence span is shown");
    assert!(html.contains(r#"title="code points [87654, 87665)""#));
    assert!(!html.contains(">87654<") && !html.contains(">76543<"));
    // One source column per table (meetings, signing); the clause is marked in its sentence.
    assert_eq!(
        html.matches(r#"<th class="source">Source sentence</th>"#)
            .count(),
        2
    );
    assert!(!html.contains("<th>sentence</th>") && !html.contains("<th>text</th>"));
    assert!(html.contains("第一条 <mark>区长签署命令</mark>。"));
    assert!(html.contains("常务会议<mark>每月召开一次</mark>。"));
    // Document text cannot reorder the page around it (bidi controls stay inside their element).
    assert!(CSS.contains("body * { unicode-bidi: isolate; }"));
}
