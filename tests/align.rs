//! Alignment, similarity and diff on the bundled seeds (and the laws, where present): expectations written
//! from reading the texts.
//!
//! Seeds: gongshu = hangzhou-gongshu-2021 (第X条), shangcheng = hangzhou-shangcheng-2017 (truncated in
//! chapter 7), qianjin = jiamusi-qianjin-2021 (一、 numbered across chapters, its own 督查落实 chapter),
//! weidong = pingdingshan-weidong-2022 (一、, no 附则 chapter), quzhou = quzhou-2022 (a city: 市长, 秘书长).

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::util::*;

const GONGSHU: &str = "hangzhou-gongshu-2021";
const SHANGCHENG: &str = "hangzhou-shangcheng-2017";
const QIANJIN: &str = "jiamusi-qianjin-2021";
const WEIDONG: &str = "pingdingshan-weidong-2022";
const QUZHOU: &str = "quzhou-2022";

/// The decoded text of a file as govrules sees it (these files are UTF-8; a BOM is not part of the text).
fn decoded(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("file reads");
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

fn seed_text(id: &str) -> String {
    decoded(&corpus_file(id))
}

fn arr(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("not an array: {v}"))
}

fn strs(v: &Value) -> Vec<String> {
    arr(v)
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

/// The documents of the alignment that have no member in `group` (a chapter group or an article group),
/// derived from `documents` as a reader does; checked against the group's `absent_count`.
fn absent(al: &Value, group: &Value) -> Vec<String> {
    let present: BTreeSet<String> = arr(&group["members"])
        .iter()
        .map(|m| m["doc"].as_str().unwrap().to_string())
        .collect();
    let out: Vec<String> = strs(&al["documents"])
        .into_iter()
        .filter(|d| !present.contains(d))
        .collect();
    assert_eq!(
        group["absent_count"].as_u64(),
        Some(out.len() as u64),
        "{group}"
    );
    out
}

fn align_seeds() -> Value {
    run_json(&["align"])
}

/// The article group holding article `article` of `doc`.
fn group_of<'a>(al: &'a Value, doc: &str, article: u64) -> &'a Value {
    arr(&al["groups"])
        .iter()
        .find(|g| {
            arr(&g["members"])
                .iter()
                .any(|m| m["doc"] == doc && m["article"] == article)
        })
        .unwrap_or_else(|| panic!("no group holds {doc} {article}"))
}

/// The members of a group as (doc, article, role).
fn members(g: &Value) -> BTreeSet<(String, u64, String)> {
    arr(&g["members"])
        .iter()
        .map(|m| {
            (
                m["doc"].as_str().unwrap().to_string(),
                m["article"].as_u64().unwrap(),
                m["role"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn aligned(list: &[(&str, u64)]) -> BTreeSet<(String, u64, String)> {
    list.iter()
        .map(|(d, a)| (d.to_string(), *a, "aligned".to_string()))
        .collect()
}

/// The chapter group of a theme.
fn chapter_group<'a>(al: &'a Value, theme: &str) -> &'a Value {
    arr(&al["chapters"])
        .iter()
        .find(|c| c["theme"] == theme)
        .unwrap_or_else(|| panic!("no chapter group {theme}"))
}

// ───────────────────────────── align ─────────────────────────────

#[test]
fn standing_meeting_articles_of_the_four_documents_form_one_group() {
    let al = align_seeds();
    // 第三十六条 区政府常务会议由…; 四十九、区政府常务会议…; 四十四、区政府常务会议…; 第四十一条 市政府常务会议…
    let g = group_of(&al, QUZHOU, 41);
    assert_eq!(
        members(g),
        aligned(&[(GONGSHU, 36), (QIANJIN, 49), (WEIDONG, 44), (QUZHOU, 41)]),
        "{g}"
    );
    assert_eq!(g["topic"], "常务会议");
    assert_eq!(g["theme"], "会议制度");
    assert_eq!(absent(&al, g), [SHANGCHENG]);
    for m in arr(&g["members"]) {
        let s = m["score"].as_f64().expect("a score in a group of four");
        assert!(s > 0.3 && s <= 1.0, "{m}");
    }
}

#[test]
fn plenary_meeting_group_and_the_other_meetings_in_order() {
    let al = align_seeds();
    let plenary = group_of(&al, GONGSHU, 35);
    assert_eq!(
        members(plenary),
        aligned(&[(GONGSHU, 35), (QIANJIN, 48), (WEIDONG, 43), (QUZHOU, 40)]),
        "{plenary}"
    );
    assert_eq!(plenary["topic"], "全体会议");
    // 实行…会议制度 (the list of meetings) opens the chapter in all four.
    assert_eq!(
        members(group_of(&al, WEIDONG, 42)),
        aligned(&[(GONGSHU, 34), (QIANJIN, 47), (WEIDONG, 42), (QUZHOU, 39)])
    );
    // 专题会议.
    let special = group_of(&al, QIANJIN, 50);
    assert_eq!(
        members(special),
        aligned(&[(GONGSHU, 37), (QIANJIN, 50), (WEIDONG, 46), (QUZHOU, 43)])
    );
    assert_eq!(special["topic"], "专题会议");
    // 区长碰头会 / 区长工作例会 / 区长办公会议 / 市长办公会议: one provision, placed before 专题会议 by weidong and
    // quzhou, after it by gongshu and qianjin.
    let office = group_of(&al, GONGSHU, 38);
    assert_eq!(
        members(office),
        aligned(&[(GONGSHU, 38), (QIANJIN, 51), (WEIDONG, 45), (QUZHOU, 42)])
    );
    assert_eq!(office["reordered"], true);
    // 会议请假 and 精简会议.
    assert_eq!(
        members(group_of(&al, QUZHOU, 46)),
        aligned(&[(GONGSHU, 41), (QIANJIN, 54), (WEIDONG, 51), (QUZHOU, 46)])
    );
    assert_eq!(
        members(group_of(&al, QUZHOU, 48)),
        aligned(&[(GONGSHU, 42), (QIANJIN, 56), (WEIDONG, 52), (QUZHOU, 48)])
    );
    // quzhou's 市政府学习会 (第四十四条) has no counterpart.
    let study = group_of(&al, QUZHOU, 44);
    assert_eq!(arr(&study["members"]).len(), 1);
    assert_eq!(study["topic"], "学习会");
}

#[test]
fn submitting_documents_and_requests_are_separate_groups() {
    let al = align_seeds();
    let submit = group_of(&al, GONGSHU, 43);
    let request = group_of(&al, GONGSHU, 44);
    assert_ne!(submit["id"], request["id"]);
    assert_eq!(
        members(submit),
        aligned(&[(GONGSHU, 43), (QIANJIN, 58), (WEIDONG, 53), (QUZHOU, 49)])
    );
    assert_eq!(submit["topic"], "公文报送");
    assert_eq!(
        members(request),
        aligned(&[(GONGSHU, 44), (QIANJIN, 59), (WEIDONG, 54), (QUZHOU, 50)])
    );
    assert_eq!(request["topic"], "请示会签");
    // Signing by the head: 由区长签署 / 由市长签署 (and the districts' 由区长签发 of the same documents).
    let sign = group_of(&al, QUZHOU, 52);
    assert!(members(sign).contains(&(GONGSHU.into(), 46, "aligned".into())));
    assert!(
        ["签署", "签发"].contains(&sign["topic"].as_str().unwrap()),
        "{sign}"
    );
    // 精简文件.
    assert_eq!(
        members(group_of(&al, QUZHOU, 54)),
        aligned(&[(GONGSHU, 48), (QIANJIN, 65), (WEIDONG, 61), (QUZHOU, 54)])
    );
}

#[test]
fn shangcheng_is_absent_after_its_capture_stops() {
    let al = align_seeds();
    assert_eq!(strs(&al["truncated"]), [SHANGCHENG]);
    // Its last article, 第二十九条 (接受人大监督), still aligns.
    let nrc = group_of(&al, SHANGCHENG, 29);
    assert_eq!(
        members(nrc),
        aligned(&[
            (GONGSHU, 28),
            (SHANGCHENG, 29),
            (QIANJIN, 42),
            (WEIDONG, 36),
            (QUZHOU, 33)
        ])
    );
    for theme in ["会议制度", "公文审批", "工作纪律", "廉政和作风", "附则"] {
        let c = chapter_group(&al, theme);
        assert!(absent(&al, c).contains(&SHANGCHENG.to_string()), "{theme}");
    }
    // Every article group after 第二十九条 lacks it.
    let groups = arr(&al["groups"]);
    let last = groups
        .iter()
        .position(|g| g["id"] == nrc["id"])
        .expect("group listed");
    for g in &groups[last + 1..] {
        assert!(
            absent(&al, g).contains(&SHANGCHENG.to_string()),
            "{}",
            g["id"]
        );
    }
    // And every group has each document at most once as `aligned`, and counts the others as absent.
    let docs: BTreeSet<String> = strs(&al["documents"]).into_iter().collect();
    for g in groups {
        let mut seen: Vec<String> = arr(&g["members"])
            .iter()
            .filter(|m| m["role"] == "aligned")
            .map(|m| m["doc"].as_str().unwrap().to_string())
            .collect();
        let aligned = seen.len();
        seen.extend(absent(&al, g));
        let n = seen.len();
        let set: BTreeSet<String> = seen.into_iter().collect();
        assert_eq!(set.len(), n, "a document twice in {}", g["id"]);
        assert_eq!(set, docs, "{}", g["id"]);
        assert_eq!(
            g["absent_count"].as_u64().unwrap() as usize,
            docs.len() - aligned
        );
    }
}

#[test]
fn chapters_align_by_theme_whatever_the_wording_of_their_titles() {
    let al = align_seeds();
    let titles = |theme: &str| -> BTreeSet<(String, u64, String)> {
        arr(&chapter_group(&al, theme)["members"])
            .iter()
            .map(|m| {
                (
                    m["doc"].as_str().unwrap().to_string(),
                    m["chapter"].as_u64().unwrap(),
                    m["title"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let t = |d: &str, c: u64, s: &str| (d.to_string(), c, s.to_string());
    assert_eq!(
        titles("会议制度"),
        [
            t(GONGSHU, 8, "会议制度"),
            t(QIANJIN, 10, "会议制度"),
            t(WEIDONG, 8, "会议制度"),
            t(QUZHOU, 8, "完善会议制度"),
        ]
        .into_iter()
        .collect()
    );
    assert_eq!(
        titles("公文审批"),
        [
            t(GONGSHU, 9, "公文审批"),
            t(QIANJIN, 11, "公文处理"),
            t(WEIDONG, 9, "公文审批"),
            t(QUZHOU, 9, "规范公文审批"),
        ]
        .into_iter()
        .collect()
    );
    // quzhou puts 廉政和作风 (chapter 10) before 工作纪律 (11); the themes still pair up.
    assert!(titles("廉政和作风").contains(&t(QUZHOU, 10, "加强廉政和作风建设")));
    assert!(titles("工作纪律").contains(&t(QUZHOU, 11, "严守工作纪律")));
    assert_eq!(titles("决策").len(), 5);
    assert!(titles("决策").contains(&t(QUZHOU, 5, "实行科学民主依法决策")));
    // Only qianjin has chapters of 党的领导 and 督查落实; weidong has no 附则.
    assert_eq!(
        titles("督查落实"),
        [t(QIANJIN, 7, "督查落实")].into_iter().collect()
    );
    assert_eq!(
        titles("党的领导"),
        [t(QIANJIN, 2, "坚持和加强党的全面领导")]
            .into_iter()
            .collect()
    );
    assert_eq!(
        absent(&al, chapter_group(&al, "附则")),
        [SHANGCHENG, WEIDONG]
    );
    for c in arr(&al["chapters"]) {
        assert!(
            c["theme"].is_string(),
            "every seed chapter has a theme: {c}"
        );
    }
}

#[test]
fn provisions_placed_under_other_chapters_join_across_chapter_groups() {
    let al = align_seeds();
    // 三十五、区政府各部门必须坚决贯彻落实区政府决策部署… sits in qianjin's 督查落实 chapter; the others say
    // it under 决策.
    let g = group_of(&al, QIANJIN, 35);
    assert_eq!(
        members(g),
        aligned(&[
            (GONGSHU, 23),
            (SHANGCHENG, 18),
            (QIANJIN, 35),
            (WEIDONG, 31),
            (QUZHOU, 27)
        ])
    );
    assert_eq!(g["theme"], "决策");
    assert_eq!(g["moved"], true);
    // weidong has no 附则: its 七十六、本规则自印发之日起施行 closes chapter 11, and joins the others' 施行 article.
    let g = group_of(&al, WEIDONG, 76);
    assert_eq!(
        members(g),
        aligned(&[(GONGSHU, 60), (QIANJIN, 83), (WEIDONG, 76), (QUZHOU, 67)])
    );
    assert_eq!(g["theme"], "附则");
    assert_eq!(g["topic"], "施行日期");
    // 适用本规则.
    assert_eq!(
        members(group_of(&al, WEIDONG, 75)),
        aligned(&[(WEIDONG, 75), (QUZHOU, 68)])
    );
}

#[test]
fn a_provision_written_as_two_articles_is_a_split_group() {
    let al = align_seeds();
    // gongshu 第五十条 says both: 坚决执行区政府的决定 … 代表区政府发表讲话或文章; qianjin writes 六十七、 and 六十八、.
    let g = group_of(&al, GONGSHU, 50);
    let m = members(g);
    assert!(m.contains(&(QIANJIN.into(), 67, "aligned".into())), "{g}");
    assert!(m.contains(&(QIANJIN.into(), 68, "split".into())), "{g}");
    assert!(m.contains(&(WEIDONG.into(), 63, "aligned".into())), "{g}");
    assert_eq!(g["split"], true);
}

#[test]
fn every_member_span_slices_to_its_article() {
    let al = align_seeds();
    let seg = run_json(&["segment"]);
    for doc in arr(&seg["documents"]) {
        let id = doc["id"].as_str().unwrap();
        let text = seed_text(id);
        for g in arr(&al["groups"]) {
            for m in arr(&g["members"]).iter().filter(|m| m["doc"] == id) {
                let art = arr(&doc["articles"])
                    .iter()
                    .find(|a| a["number"] == m["article"] && a["chapter"] == m["chapter"])
                    .unwrap_or_else(|| panic!("{m}"));
                assert_eq!(m["span"], art["span"], "{m}");
                let s = slice(&text, &m["span"]);
                assert_eq!(s, art["text"].as_str().unwrap());
                let label = m["label"].as_str().unwrap();
                assert!(
                    s.starts_with(label),
                    "{id}: {s:?} does not open with {label}"
                );
            }
        }
        for c in arr(&al["chapters"]) {
            for m in arr(&c["members"]).iter().filter(|m| m["doc"] == id) {
                let s = slice(&text, &m["span"]);
                assert!(s.starts_with('第'), "{s}");
                let title = m["title"].as_str().unwrap();
                let squeezed: String = s.chars().filter(|c| !c.is_whitespace()).collect();
                let title: String = title.chars().filter(|c| !c.is_whitespace()).collect();
                assert!(squeezed.contains(&title), "{id}: {title} not in its span");
            }
        }
    }
    // The spot checks a reader would make (spaces after the marker aside).
    let squeezed = |s: String| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let g = group_of(&al, QUZHOU, 41);
    let m = arr(&g["members"])
        .iter()
        .find(|m| m["doc"] == QUZHOU)
        .unwrap();
    assert!(squeezed(slice(&seed_text(QUZHOU), &m["span"]))
        .starts_with("第四十一条市政府常务会议由市长"));
    let m = arr(&g["members"])
        .iter()
        .find(|m| m["doc"] == QIANJIN)
        .unwrap();
    assert!(squeezed(slice(&seed_text(QIANJIN), &m["span"]))
        .starts_with("四十九、区政府常务会议由区长、副区长组成"));
}

#[test]
fn character_features_align_the_standing_meetings_too() {
    let al = run_json(&["align", "--features", "chars"]);
    assert_eq!(al["features"], "char_2grams");
    assert_eq!(
        members(group_of(&al, QUZHOU, 41)),
        aligned(&[(GONGSHU, 36), (QIANJIN, 49), (WEIDONG, 44), (QUZHOU, 41)])
    );
}

// ───────────────────────────── similarity ─────────────────────────────

fn check_units_and_pairs(j: &Value, level: &str, metric: &str) {
    assert_eq!(j["level"], level);
    assert_eq!(j["metric"], metric);
    assert!(j["schema_version"].is_string());
    let units = arr(&j["units"]);
    let expected = match level {
        "document" => 5,
        // gongshu 12, shangcheng 7, qianjin 14, weidong 11, quzhou 12.
        "chapter" => 56,
        // 60 + 29 + 83 + 76 + 68.
        _ => 316,
    };
    assert_eq!(units.len(), expected, "{level}");
    for u in units {
        let text = seed_text(u["doc"].as_str().unwrap());
        let s = slice(&text, &u["span"]);
        match level {
            "document" => assert_eq!(u["label"], u["doc"]),
            "chapter" => {
                let label = u["label"].as_str().unwrap();
                let n = u["chapter"].as_u64().unwrap();
                assert!(label.starts_with(&format!("{} 第{n}章 ", u["doc"].as_str().unwrap())));
                assert!(s.starts_with('第'), "{label}: {s:?}");
            }
            _ => {
                let label = u["label"].as_str().unwrap();
                let marker = label.split(' ').nth(1).unwrap();
                assert!(s.starts_with(marker), "{label}: {s:?}");
            }
        }
    }
    let pairs = arr(&j["pairs"]);
    assert!(!pairs.is_empty());
    let mut last = f64::INFINITY;
    for p in pairs {
        let (a, b) = (
            p["a"].as_u64().unwrap() as usize,
            p["b"].as_u64().unwrap() as usize,
        );
        assert!(a < b);
        assert_eq!(p["a_label"], units[a]["label"]);
        assert_eq!(p["b_label"], units[b]["label"]);
        assert_ne!(units[a]["doc"], units[b]["doc"], "pairs join documents");
        let s = p["score"].as_f64().unwrap();
        assert!(s > 0.0 && s <= 1.0 && s <= last, "{p}");
        last = s;
        if let Some(m) = j["matrix"].as_array() {
            assert_eq!(m[a][b].as_f64().unwrap(), s);
        }
    }
}

#[test]
fn similarity_matrices_have_labels_shape_and_symmetry_at_every_level_and_metric() {
    for level in ["document", "chapter", "article"] {
        for metric in ["cosine", "jaccard", "minhash"] {
            let j = run_json(&[
                "similarity",
                "--level",
                level,
                "--metric",
                metric,
                "--top",
                "15",
            ]);
            check_units_and_pairs(&j, level, metric);
            assert!(arr(&j["pairs"]).len() <= 15);
            let n = arr(&j["units"]).len();
            if level == "article" {
                assert!(j["matrix"].is_null());
                continue;
            }
            let m = arr(&j["matrix"]);
            assert_eq!(m.len(), n);
            for i in 0..n {
                let row = arr(&m[i]);
                assert_eq!(row.len(), n);
                assert_eq!(row[i].as_f64().unwrap(), 1.0);
                for k in 0..n {
                    let x = row[k].as_f64().unwrap();
                    assert!(
                        (0.0..=1.0).contains(&x),
                        "{level} {metric} [{i}][{k}] = {x}"
                    );
                    assert_eq!(x, m[k][i].as_f64().unwrap(), "{level} {metric} symmetry");
                }
            }
        }
    }
}

#[test]
fn similarity_finds_what_a_reader_expects() {
    // Documents: the truncated capture (shangcheng) is no document's nearest neighbour.
    let j = run_json(&["similarity"]);
    let units: Vec<String> = arr(&j["units"])
        .iter()
        .map(|u| u["doc"].as_str().unwrap().to_string())
        .collect();
    let m = arr(&j["matrix"]);
    let sc = units.iter().position(|d| d == SHANGCHENG).unwrap();
    for i in 0..units.len() {
        if i == sc {
            continue;
        }
        let row: Vec<f64> = arr(&m[i]).iter().map(|x| x.as_f64().unwrap()).collect();
        let best = (0..row.len())
            .filter(|k| *k != i)
            .max_by(|x, y| row[*x].total_cmp(&row[*y]))
            .unwrap();
        assert_ne!(best, sc, "{}", units[i]);
    }
    // Chapters: quzhou's 完善会议制度 is nearest to the other documents' 会议制度 chapters.
    let j = run_json(&["similarity", "--level", "chapter", "--top", "0"]);
    let units = arr(&j["units"]);
    let qz8 = units
        .iter()
        .position(|u| u["doc"] == QUZHOU && u["chapter"] == 8)
        .unwrap();
    assert_eq!(units[qz8]["label"], "quzhou-2022 第8章 完善会议制度");
    let row = arr(&arr(&j["matrix"])[qz8]);
    for (doc, meetings) in [(GONGSHU, 8), (QIANJIN, 10), (WEIDONG, 8)] {
        let best = (0..units.len())
            .filter(|k| units[*k]["doc"] == doc)
            .max_by(|x, y| {
                row[*x]
                    .as_f64()
                    .unwrap()
                    .total_cmp(&row[*y].as_f64().unwrap())
            })
            .unwrap();
        assert_eq!(units[best]["chapter"], meetings, "{doc}");
    }
    // Articles: shangcheng 第六条 and quzhou 第五条 say the same with 区长 for 市长 (role folding).
    let j = run_json(&["similarity", "--level", "article", "--top", "0"]);
    let p = arr(&j["pairs"])
        .iter()
        .find(|p| {
            p["a_label"] == "hangzhou-shangcheng-2017 第六条"
                && p["b_label"] == "quzhou-2022 第五条"
        })
        .expect("the pair is listed");
    assert!(p["score"].as_f64().unwrap() > 0.99, "{p}");
}

#[test]
fn article_neighbours_come_from_other_documents_and_within_adds_same_document_pairs() {
    let j = run_json(&[
        "similarity",
        "--level",
        "article",
        "--top",
        "0",
        "--neighbours",
        "3",
    ]);
    let units = arr(&j["units"]);
    // Every article with any similar article elsewhere gets neighbours from other documents.
    let mut paired = vec![0usize; units.len()];
    for p in arr(&j["pairs"]) {
        paired[p["a"].as_u64().unwrap() as usize] += 1;
        paired[p["b"].as_u64().unwrap() as usize] += 1;
    }
    assert!(paired.iter().filter(|n| **n >= 3).count() > units.len() * 9 / 10);
    let w = run_json(&["similarity", "--level", "article", "--top", "0", "--within"]);
    let wu = arr(&w["units"]);
    assert!(arr(&w["pairs"])
        .iter()
        .any(|p| wu[p["a"].as_u64().unwrap() as usize]["doc"]
            == wu[p["b"].as_u64().unwrap() as usize]["doc"]));
}

/// The text as the reuse search compares it: whitespace dropped, then the library's character folding.
fn normalised(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(govrules::text::fold::fold_char)
        .collect()
}

fn check_reuse(j: &Value, min_chars: usize) {
    let r = &j["reuse"];
    assert_eq!(r["min_chars"], min_chars as u64);
    let pairs = arr(&r["pairs"]);
    assert!(!pairs.is_empty());
    for p in pairs {
        let (a, b) = (p["a"].as_str().unwrap(), p["b"].as_str().unwrap());
        let (ta, tb) = (seed_text(a), seed_text(b));
        for share in [&p["a_share"], &p["b_share"]] {
            let s = share.as_f64().unwrap();
            assert!(s > 0.0 && s <= 1.0, "{a} {b}: {s}");
        }
        let mut longest = usize::MAX;
        for ps in arr(&p["passages"]) {
            let (sa, sb) = (slice(&ta, &ps["a_span"]), slice(&tb, &ps["b_span"]));
            assert_eq!(sa, ps["text"].as_str().unwrap());
            let (na, nb) = (normalised(&sa), normalised(&sb));
            assert_eq!(na, nb, "{a} {b}: not the same text");
            let chars = ps["chars"].as_u64().unwrap() as usize;
            assert_eq!(na.chars().count(), chars);
            assert!(chars >= min_chars);
            assert!(chars <= longest, "longest first");
            longest = chars;
            // Maximal: the characters just outside differ (or a text ends).
            let before = |t: &str, span: &Value| -> Option<char> {
                let s = span[0].as_u64().unwrap() as usize;
                t.chars()
                    .take(s)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .find(|c| !c.is_whitespace())
            };
            if let (Some(x), Some(y)) = (before(&ta, &ps["a_span"]), before(&tb, &ps["b_span"])) {
                assert_ne!(
                    normalised(&x.to_string()),
                    normalised(&y.to_string()),
                    "{ps}"
                );
            }
        }
    }
    for d in arr(&r["documents"]) {
        let s = d["share"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&s));
        assert!(d["reused_chars"].as_u64() <= d["chars"].as_u64());
    }
}

#[test]
fn reuse_passages_are_shared_verbatim_and_their_spans_slice() {
    let j = run_json(&["similarity", "--reuse"]);
    check_reuse(&j, 15);
    // 严格遵守保密纪律和外事纪律，严禁泄露国家秘密 is in gongshu 第五十二条 and qianjin 七十一、.
    let r = &j["reuse"];
    let p = arr(&r["pairs"])
        .iter()
        .find(|p| p["a"] == GONGSHU && p["b"] == QIANJIN)
        .expect("gongshu and qianjin share passages");
    assert!(arr(&p["passages"]).iter().any(|ps| ps["text"]
        .as_str()
        .unwrap()
        .contains("严格遵守保密纪律和外事纪律，严禁泄露国家秘密")));
    let longer = run_json(&["similarity", "--reuse", "--min-chars", "40"]);
    check_reuse(&longer, 40);
    let count = |j: &Value| -> usize {
        arr(&j["reuse"]["pairs"])
            .iter()
            .map(|p| arr(&p["passages"]).len())
            .sum()
    };
    assert!(count(&longer) < count(&j));
}

// ───────────────────────────── diff ─────────────────────────────

/// The text of an edit on one side (`a` or `b`), if the edit has that side.
fn edit_text(e: &Value, side: &str) -> Option<String> {
    let op = e["op"].as_str().unwrap();
    let t = match (op, side) {
        ("equal", "a") => &e["text"],
        ("equal", "b") => {
            if e["b_text"].is_string() {
                &e["b_text"]
            } else {
                &e["text"]
            }
        }
        ("replace", _) | ("delete", "a") | ("insert", "b") => &e[format!("{side}_text")],
        _ => return None,
    };
    Some(t.as_str().unwrap().to_string())
}

fn check_diff_spans(d: &Value, ta: &str, tb: &str) {
    for p in arr(&d["pairs"]) {
        for (side, text) in [("a", ta), ("b", tb)] {
            let art = &p[side];
            let (as_, ae) = (
                art["span"][0].as_u64().unwrap(),
                art["span"][1].as_u64().unwrap(),
            );
            let mut pos = as_;
            for e in arr(&p["edits"]) {
                let Some(t) = edit_text(e, side) else {
                    continue;
                };
                let span = &e[format!("{side}_span")];
                assert_eq!(slice(text, span), t, "{e}");
                let (s, en) = (span[0].as_u64().unwrap(), span[1].as_u64().unwrap());
                assert!(
                    s >= pos && en <= ae && s < en,
                    "edits in order inside the article: {e}"
                );
                pos = en;
            }
        }
        for (key, text) in [("unique_a", ta), ("unique_b", tb)] {
            for u in arr(&p[key]) {
                assert_eq!(slice(text, &u["span"]), u["text"].as_str().unwrap());
            }
        }
        let (na, nb, eq) = (
            p["a_tokens"].as_u64().unwrap(),
            p["b_tokens"].as_u64().unwrap(),
            p["equal_tokens"].as_u64().unwrap(),
        );
        assert!(eq <= na.min(nb));
        let sim = p["similarity"].as_f64().unwrap();
        assert!((sim - 2.0 * eq as f64 / (na + nb) as f64).abs() < 1e-4);
    }
}

#[test]
fn diff_of_two_seeds_pairs_articles_and_names_what_only_one_has() {
    let (a, b) = (corpus_file(GONGSHU), corpus_file(QIANJIN));
    let d = run_json(&["diff", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(d["a"], GONGSHU);
    assert_eq!(d["b"], QIANJIN);
    assert_eq!(d["features"], "tokens");
    let (ta, tb) = (seed_text(GONGSHU), seed_text(QIANJIN));
    check_diff_spans(&d, &ta, &tb);
    // qianjin's 督查落实 and 党的领导 chapters are its own.
    let only_b: Vec<(u64, String)> = arr(&d["chapters_only_in_b"])
        .iter()
        .map(|c| {
            (
                c["chapter"].as_u64().unwrap(),
                c["theme"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        only_b,
        [(2, "党的领导".to_string()), (7, "督查落实".to_string())]
    );
    assert!(arr(&d["chapters_only_in_a"]).is_empty());
    let c7 = &arr(&d["chapters_only_in_b"])[1];
    assert!(slice(&tb, &c7["span"]).contains("督查落实"));
    // Its 督查 articles (三十三、三十四、三十六、三十七、) are provisions gongshu lacks.
    let only_b_articles: BTreeSet<u64> = arr(&d["only_in_b"])
        .iter()
        .map(|p| p["article"].as_u64().unwrap())
        .collect();
    for n in [33, 34, 36, 37] {
        assert!(only_b_articles.contains(&n), "{n}");
    }
    // 常务会议: gongshu 第三十六条 against qianjin 四十九、.
    let pair = |x: u64| {
        arr(&d["pairs"])
            .iter()
            .find(|p| p["a"]["article"] == x)
            .unwrap_or_else(|| panic!("gongshu {x} is paired"))
    };
    let p = pair(36);
    assert_eq!(p["b"]["article"], 49);
    assert_eq!(p["topic"], "常务会议");
    // gongshu lists who attends (区发改经信局、区财政局…); qianjin does not.
    assert!(arr(&p["unique_a"])
        .iter()
        .any(|u| u["text"].as_str().unwrap().contains("区财政局")));
    // 保密纪律: nearly word for word (第五十二条 / 七十一、).
    let p = pair(52);
    assert_eq!(p["b"]["article"], 71);
    assert!(
        p["similarity"].as_f64().unwrap() > 0.8,
        "{}",
        p["similarity"]
    );
    // --changes-only drops the equal runs.
    let c = run_json(&[
        "diff",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--changes-only",
    ]);
    assert!(arr(&c["pairs"])
        .iter()
        .flat_map(|p| arr(&p["edits"]))
        .all(|e| e["op"] != "equal"));
    assert_eq!(arr(&c["pairs"]).len(), arr(&d["pairs"]).len());
}

#[test]
fn character_diff_edits_reconstruct_both_articles() {
    // With --features chars every content character is a token: the edits of each side, read in order,
    // spell the article's body (punctuation and spaces aside).
    let (a, b) = (corpus_file(GONGSHU), corpus_file(QUZHOU));
    let d = run_json(&[
        "diff",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--features",
        "chars",
    ]);
    assert_eq!(d["features"], "char_1grams");
    let seg = run_json(&["segment", a.to_str().unwrap(), b.to_str().unwrap()]);
    let body = |doc: &str, n: &Value| -> Value {
        let docs = arr(&seg["documents"]);
        let d = docs.iter().find(|d| d["id"] == doc).unwrap();
        arr(&d["articles"])
            .iter()
            .find(|x| &x["number"] == n)
            .unwrap()["body_span"]
            .clone()
    };
    let (ta, tb) = (seed_text(GONGSHU), seed_text(QUZHOU));
    check_diff_spans(&d, &ta, &tb);
    let content = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).collect() };
    let pairs = arr(&d["pairs"]);
    assert!(pairs.len() > 40);
    for p in pairs {
        for (side, doc, text) in [("a", GONGSHU, &ta), ("b", QUZHOU, &tb)] {
            let want = content(&slice(text, &body(doc, &p[side]["article"])));
            let got: String = arr(&p["edits"])
                .iter()
                .filter_map(|e| edit_text(e, side))
                .map(|t| content(&t))
                .collect();
            assert_eq!(got, want, "{side} {}", p[side]["label"]);
        }
    }
}

#[test]
fn token_diff_deletions_and_insertions_cover_what_is_not_shared() {
    // With tokens, a side's edits cover its article body but for punctuation and stopwords between them:
    // the content characters outside every edit are few.
    let (a, b) = (corpus_file(WEIDONG), corpus_file(QUZHOU));
    let d = run_json(&["diff", a.to_str().unwrap(), b.to_str().unwrap()]);
    let (ta, tb) = (seed_text(WEIDONG), seed_text(QUZHOU));
    check_diff_spans(&d, &ta, &tb);
    for p in arr(&d["pairs"]) {
        for (side, text) in [("a", &ta), ("b", &tb)] {
            let span = &p[side]["span"];
            let (s, e) = (
                span[0].as_u64().unwrap() as usize,
                span[1].as_u64().unwrap() as usize,
            );
            let chars: Vec<char> = text.chars().collect();
            let mut covered = vec![false; e - s];
            for ed in arr(&p["edits"]) {
                if edit_text(ed, side).is_none() {
                    continue;
                }
                let sp = &ed[format!("{side}_span")];
                for i in sp[0].as_u64().unwrap() as usize..sp[1].as_u64().unwrap() as usize {
                    covered[i - s] = true;
                }
            }
            let outside = (s..e)
                .filter(|i| !covered[i - s] && chars[*i].is_alphanumeric())
                .count();
            let label_len = p[side]["label"].as_str().unwrap().chars().count();
            // The marker (第三十六条, 四十九、) is not part of the body; 的 and the like may fall between runs.
            assert!(
                outside <= label_len + (e - s) / 8,
                "{side} {}: {outside} content characters outside the edits",
                p[side]["label"]
            );
        }
    }
    // weidong (区) against quzhou (市): role folding makes 区长/市长 equal, and the b side shows 市长.
    let p = arr(&d["pairs"])
        .iter()
        .find(|p| p["a"]["article"] == 44)
        .expect("常务会议 paired");
    assert_eq!(p["b"]["article"], 41);
    assert!(arr(&p["edits"]).iter().any(|e| e["op"] == "equal"
        && e["text"].as_str().unwrap().contains("区长")
        && e["b_text"].as_str().is_some_and(|t| t.contains("市长"))));
}

// ───────────────────────────── determinism ─────────────────────────────

fn stdout_of(args: &[&str]) -> Vec<u8> {
    let out = govrules().args(args).output().expect("runs");
    assert!(out.status.success(), "{args:?}");
    out.stdout
}

#[test]
fn output_is_the_same_whatever_the_number_of_threads() {
    let a = corpus_file(GONGSHU);
    let b = corpus_file(QIANJIN);
    let runs: Vec<Vec<&str>> = vec![
        vec!["align"],
        vec!["similarity", "--level", "article", "--top", "0", "--reuse"],
        vec!["similarity", "--level", "chapter", "--metric", "minhash"],
        vec!["similarity", "--level", "article", "--metric", "jaccard"],
        vec!["diff", a.to_str().unwrap(), b.to_str().unwrap()],
    ];
    for args in runs {
        let mut one = vec!["--jobs", "1"];
        one.extend(&args);
        let mut two = vec!["--jobs", "2"];
        two.extend(&args);
        assert!(stdout_of(&one) == stdout_of(&two), "{args:?} differs");
    }
}

// ───────────────────────────── laws ─────────────────────────────

/// Copies `n` law files (the judicial interpretations on criminal cases, sorted by name: several are
/// revisions of one another) into a temporary folder.
fn law_sample(n: usize) -> Option<tempfile::TempDir> {
    let laws = laws()?;
    let dir = laws.join("司法解释");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().contains("刑事案件"))
        .collect();
    files.sort();
    let tmp = tempfile::tempdir().expect("temp dir");
    for f in files.iter().take(n) {
        std::fs::copy(f, tmp.path().join(f.file_name().unwrap())).expect("copy");
    }
    Some(tmp)
}

#[test]
fn the_commands_run_on_a_folder_of_laws() {
    let Some(tmp) = law_sample(20) else {
        skip(
            "the_commands_run_on_a_folder_of_laws",
            "../shared/corpora/laws is absent",
        );
        return;
    };
    let dir = tmp.path().to_str().unwrap();
    let texts = |id: &str| decoded(&tmp.path().join(format!("{id}.txt")));

    let al = run_json(&["align", dir]);
    assert_eq!(strs(&al["documents"]).len(), 20);
    let groups = arr(&al["groups"]);
    assert!(!groups.is_empty());
    assert!(
        groups.iter().any(|g| arr(&g["members"]).len() >= 2),
        "some provision is shared"
    );
    for g in groups {
        let mut aligned_docs: Vec<&str> = arr(&g["members"])
            .iter()
            .filter(|m| m["role"] == "aligned")
            .map(|m| m["doc"].as_str().unwrap())
            .collect();
        let n = aligned_docs.len();
        aligned_docs.dedup();
        assert_eq!(aligned_docs.len(), n, "one aligned article per document");
        for m in arr(&g["members"]).iter().take(2) {
            let s = slice(&texts(m["doc"].as_str().unwrap()), &m["span"]);
            assert!(s.starts_with(m["label"].as_str().unwrap()), "{m}");
        }
    }

    let sim = run_json(&["similarity", "--level", "article", "--top", "50", dir]);
    let units = arr(&sim["units"]);
    assert!(units.len() > 100, "{} articles", units.len());
    for p in arr(&sim["pairs"]) {
        let (a, b) = (
            p["a"].as_u64().unwrap() as usize,
            p["b"].as_u64().unwrap() as usize,
        );
        assert_ne!(units[a]["doc"], units[b]["doc"]);
    }
    let docs = run_json(&["similarity", "--metric", "jaccard", "--reuse", dir]);
    assert_eq!(arr(&docs["matrix"]).len(), 20);
    for p in arr(&docs["reuse"]["pairs"]) {
        let (ta, tb) = (
            texts(p["a"].as_str().unwrap()),
            texts(p["b"].as_str().unwrap()),
        );
        for ps in arr(&p["passages"]).iter().take(5) {
            assert_eq!(
                normalised(&slice(&ta, &ps["a_span"])),
                normalised(&slice(&tb, &ps["b_span"]))
            );
        }
    }

    // Two revisions of one interpretation: the 2004 one on intellectual property and its sequel (二).
    let mut ip: Vec<String> = strs(&al["documents"])
        .into_iter()
        .filter(|d| d.contains("侵犯知识产权"))
        .collect();
    ip.sort();
    if ip.len() >= 2 {
        let (a, b) = (&ip[0], &ip[1]);
        let pa = tmp.path().join(format!("{a}.txt"));
        let pb = tmp.path().join(format!("{b}.txt"));
        let d = run_json(&["diff", pa.to_str().unwrap(), pb.to_str().unwrap()]);
        assert!(!arr(&d["pairs"]).is_empty(), "{a} / {b}");
        check_diff_spans(&d, &texts(a), &texts(b));
    }
}
