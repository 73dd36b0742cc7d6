//! Tests of the alignment on hand-built documents: chapter groups, order, splits and moves.

use super::*;

use crate::features::terms::CharNgrams;

#[test]
fn member_roles_serialize_to_their_names() {
    for role in [MemberRole::Aligned, MemberRole::Split] {
        assert_eq!(serde_json::to_value(role).unwrap(), role.as_str());
    }
}

fn meetings(role: &str, extra: bool) -> Vec<String> {
    let mut v = vec![
        format!("{role}政府实行全体会议、常务会议、专题会议制度。"),
        format!("{role}政府全体会议由{role}长、副{role}长和各部门主要负责人组成，传达贯彻重要决策部署，讨论决定重大事项。"),
        format!("{role}政府常务会议由{role}长、副{role}长组成，一般每月召开一次，讨论政府规章和行政规范性文件。"),
    ];
    if extra {
        v.push(format!(
            "{role}政府学习会由{role}长主持，学习法律法规和业务知识，邀请专家授课。"
        ));
    }
    v.push(format!(
        "{role}政府专题会议由副{role}长召集和主持，研究处理分管范围内需要协调的业务事项。"
    ));
    v.push(format!(
        "{role}政府常务会议的纪要由办公室起草，按程序报{role}长签发。"
    ));
    v
}

#[test]
fn aligns_in_order_and_lists_absent_documents() {
    let a_m = meetings("市", true);
    let b_m = meetings("区", false);
    let a_refs: Vec<&str> = a_m.iter().map(|s| s.as_str()).collect();
    let b_refs: Vec<&str> = b_m.iter().map(|s| s.as_str()).collect();
    let a = fixtures::doc(
        "city",
        &[
            ("总则", &["为了规范市政府工作，制定本规则。"]),
            ("完善会议制度", &a_refs),
        ],
    );
    let b = fixtures::doc(
        "district",
        &[
            ("总  则", &["为了规范区政府工作，根据有关规定制定本规则。"]),
            ("会议制度", &b_refs),
            (
                "督查落实",
                &["区政府办公室负责督查督办，定期通报落实情况。"],
            ),
        ],
    );
    let analysis = fixtures::analysis(vec![a, b], &CharNgrams(2));
    let al = align(&analysis, &Taxonomy::builtin(), &AlignOptions::default());
    let absent = |present: Vec<usize>| -> Vec<&str> {
        ["city", "district"]
            .iter()
            .enumerate()
            .filter(|(d, _)| !present.contains(d))
            .map(|(_, id)| *id)
            .collect()
    };
    let themes: Vec<Option<&str>> = al.chapters.iter().map(|c| c.theme.as_deref()).collect();
    assert_eq!(themes, [Some("总则"), Some("会议制度"), Some("督查落实")]);
    let chapter_docs = |c: &ChapterGroup| c.members.iter().map(|m| m.doc_index).collect();
    assert_eq!(absent(chapter_docs(&al.chapters[2])), ["city"]);
    assert_eq!(al.chapters[2].absent_count, 1);
    let find = |doc: &str, n: u32| {
        al.groups
            .iter()
            .find(|g| g.members.iter().any(|m| m.doc == doc && m.article == n))
            .unwrap()
    };
    // 常务会议: city article 4, district article 4.
    let g = find("city", 4);
    assert!(
        g.members
            .iter()
            .any(|m| m.doc == "district" && m.article == 4),
        "{g:?}"
    );
    assert_eq!(g.topic.as_deref(), Some("常务会议"));
    // 学习会 (city 5) has no counterpart; the district's 专题会议 (5) aligns with the city's 6.
    let group_docs = |g: &Group| g.members.iter().map(|m| m.doc_index).collect();
    assert_eq!(absent(group_docs(find("city", 5))), ["district"]);
    assert_eq!(find("city", 5).absent_count, 1);
    assert!(find("city", 6)
        .members
        .iter()
        .any(|m| m.doc == "district" && m.article == 5));
    assert_eq!(absent(group_docs(find("district", 7))), ["city"]);
    assert!(find("city", 7)
        .members
        .iter()
        .any(|m| m.doc == "district" && m.article == 6));
    assert!(al.pairs(0, 1).contains(&(3, 3)));
}
