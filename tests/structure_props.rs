//! Property tests for the structure parser: arbitrary text, and text built from the fragments markers are
//! made of (第, 章, 条, 一、, （一）, newlines, full-width spaces …), never makes it panic, and the region
//! invariant always holds.

use govrules::structure::{check_coverage, parse};
use govrules::Document;
use proptest::prelude::*;

const FRAGMENTS: &[&str] = &[
    "第",
    "章",
    "节",
    "编",
    "条",
    "之",
    "一",
    "二",
    "十",
    "百",
    "千",
    "零",
    "〇",
    "两",
    "三十六",
    "一、",
    "二、",
    "十一、",
    "（一）",
    "（二）",
    "(三)",
    "1.",
    "２、",
    "①",
    "\n",
    "\n\n",
    "　",
    " ",
    "\u{a0}",
    "\t",
    "：",
    "。",
    "，",
    "总则",
    "附则",
    "区政府",
    "本规则自印发之日起施行。",
    "抄送：",
    "印发",
    "2021年5月12日",
    "二〇二一年五月十二日",
    "平卫政〔2022〕15号",
    "[bookmark: _GoBack]",
    "当前位置:主页 > 政策 > 正文",
    "收藏",
    "目录",
    "- 3 -",
    "附件：",
    "人民政府",
    "《",
    "》",
    "\u{200b}",
    "a",
    "𠀀",
];

fn doc(text: &str) -> Document {
    Document::from_text("prop", text)
}

fn assert_sound(text: &str) -> Result<(), TestCaseError> {
    let d = doc(text);
    let parsed = parse(&d);
    prop_assert_eq!(parsed.char_len, d.text.chars().count());
    if let Err(e) = check_coverage(&parsed) {
        return Err(TestCaseError::fail(format!("{e} in {text:?}")));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_text_keeps_the_invariant(text in "\\PC{0,200}") {
        assert_sound(&text)?;
    }

    #[test]
    fn arbitrary_text_with_newlines_keeps_the_invariant(text in "[\\PC\n　 ]{0,300}") {
        assert_sound(&text)?;
    }

    #[test]
    fn marker_soup_keeps_the_invariant(parts in prop::collection::vec(prop::sample::select(FRAGMENTS), 0..80)) {
        assert_sound(&parts.concat())?;
    }

    #[test]
    fn numbered_rules_with_noise_keep_the_invariant(
        n in 1usize..30,
        style in 0usize..2,
        noise in prop::collection::vec((0usize..30, prop::sample::select(FRAGMENTS)), 0..10),
    ) {
        let mut lines = vec!["某某区人民政府工作规则".to_string(), "第一章　总 则".to_string()];
        for k in 1..=n {
            let numeral = chinese(k);
            lines.push(if style == 0 {
                format!("第{numeral}条　区政府的第{k}项规定。")
            } else {
                format!("{numeral}、区政府的第{k}项规定。")
            });
        }
        for (at, frag) in noise {
            let at = at.min(lines.len());
            lines.insert(at, frag.to_string());
        }
        let text = lines.join("\n");
        assert_sound(&text)?;
    }
}

/// 1 → 一, 12 → 十二, 25 → 二十五.
fn chinese(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => D[n].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", D[n - 10]),
        _ => format!("{}十{}", D[n / 10], D[n % 10]),
    }
}

#[test]
fn numbered_rules_without_noise_are_read_exactly() {
    for n in [1, 9, 10, 11, 20, 29] {
        for style in 0..2 {
            let mut text = String::from("某某区人民政府工作规则\n第一章　总 则\n");
            for k in 1..=n {
                let numeral = chinese(k);
                if style == 0 {
                    text += &format!("第{numeral}条　区政府的第{k}项规定。\n");
                } else {
                    text += &format!("{numeral}、区政府的第{k}项规定。\n");
                }
            }
            let parsed = parse(&doc(&text));
            check_coverage(&parsed).unwrap();
            let numbers: Vec<u32> = parsed.articles.iter().map(|a| a.number).collect();
            assert_eq!(numbers, (1..=n as u32).collect::<Vec<_>>(), "{text}");
            assert_eq!(parsed.chapters.len(), 1);
            assert_eq!(parsed.chapters[0].title, "总则");
            assert_eq!(parsed.title.as_deref(), Some("某某区人民政府工作规则"));
        }
    }
}
