//! The line readers of `structure::patterns` against the regex forms they replaced for speed: the marker
//! readers (`heading`, `tiao`, `enumerated`, `item`, read character by character) and the readers that now
//! look for a character their pattern needs before running it (`find_date`, `date_line`, `org_line`,
//! `org_then_date`, `back_matter`). Each must answer exactly as its old form on lines built from the
//! fragments markers are made of, and on every line of the laws where they are present.

use std::sync::LazyLock;

use govrules::structure::patterns::{
    self, ArticleMarker, HeadingLevel, HeadingLine, ItemMarker, ItemStyle,
};
use govrules::text::numerals::{
    parse_arabic, parse_circled, parse_date, parse_number, CHINESE_NUMERAL_CHARS,
};
use proptest::prelude::*;
use regex::Regex;

use crate::util::*;

/// The regex forms, as they were before the readers replaced them.
mod oracle {
    use super::*;

    const D: &str = "[0-9０-９]";

    fn n() -> String {
        format!("[{CHINESE_NUMERAL_CHARS}]")
    }

    fn re(pattern: String) -> Regex {
        Regex::new(&pattern).unwrap()
    }

    static HEADING: LazyLock<Regex> =
        LazyLock::new(|| re(format!(r"^第\s*({N}+|{D}+)\s*([编章节])", N = n())));
    static TIAO: LazyLock<Regex> = LazyLock::new(|| {
        re(format!(
            r"^第\s*({N}+|{D}+)\s*条(?:之\s*({N}+|{D}+))?",
            N = n()
        ))
    });
    static ENUM: LazyLock<Regex> = LazyLock::new(|| re(format!(r"^({N}+)\s*[、．]", N = n())));
    static ITEM_PAREN: LazyLock<Regex> =
        LazyLock::new(|| re(format!(r"^[（(]\s*({N}+|{D}+)\s*[）)]", N = n())));
    static ITEM_ARABIC: LazyLock<Regex> =
        LazyLock::new(|| re(format!(r"^({D}+)\s*[.．、](?:[^0-9０-９]|$)")));
    static DATE: LazyLock<Regex> = LazyLock::new(|| {
        re(format!(
            r"({D}{{4}}|[〇零○Ｏ一二三四五六七八九]{{4}})\s*年\s*({D}{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月\s*({D}{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*日"
        ))
    });
    static ORG: LazyLock<Regex> = LazyLock::new(|| {
        re(r"^[\p{Han}（）()]{2,40}(人民政府|政府|办公室|办公厅|委员会|常委会|人民代表大会|人民法院|人民检察院|局|厅|部|署|院|中心|公司)$".into())
    });
    static ANNEX: LazyLock<Regex> = LazyLock::new(|| {
        re(format!(
            r"^(附件|附表|附图|附录)({D}+|{N}+)?([：:\s]|$)|^附[：:]",
            N = n()
        ))
    });

    /// Where the body of an article starts after its marker, and whether the marker is set off.
    fn body_after(line: &str, marker_end: usize) -> (usize, bool) {
        let rest = &line[marker_end..];
        let skipped = rest.len()
            - rest
                .trim_start_matches(|c| patterns::is_space(c) || c == '：' || c == ':')
                .len();
        (marker_end + skipped, skipped > 0 || rest.is_empty())
    }

    const CONNECTIVES: &[char] = &[
        '的', '至', '、', '，', ',', '和', '或', '及', '与', '中', '规', '所', '第', '。', '；',
        ';', '款', '项', '之', '到', '起', '以', '（', '(', '"', '“', '》', '）', ')', '相', '修',
        '改', '删', '增', '移', '作', '后', '前', '内',
    ];

    fn is_connective(rest: &str) -> bool {
        rest.chars()
            .next()
            .is_some_and(|c| CONNECTIVES.contains(&c))
    }

    pub fn heading(line: &str) -> Option<HeadingLine> {
        let m = HEADING.captures(line)?;
        let number = parse_number(&m[1])?;
        let level = match &m[2] {
            "编" => HeadingLevel::Part,
            "章" => HeadingLevel::Chapter,
            _ => HeadingLevel::Section,
        };
        let rest = &line[m.get(0)?.end()..];
        let spaced = rest.starts_with(patterns::is_space) || rest.starts_with(['：', ':']);
        let rest = rest.trim_start_matches(|c| patterns::is_space(c) || c == '：' || c == ':');
        if !spaced && is_connective(rest) {
            return None;
        }
        if rest.chars().count() > 40
            || rest.contains(['。', '；', ';'])
            || (!spaced && rest.contains(['，', ',']))
            || (level == HeadingLevel::Part && rest.is_empty())
        {
            return None;
        }
        let title: String = rest.chars().filter(|c| !patterns::is_space(*c)).collect();
        Some(HeadingLine {
            level,
            number,
            title,
        })
    }

    pub fn tiao(line: &str) -> Option<ArticleMarker> {
        let m = TIAO.captures(line)?;
        let number = parse_number(&m[1])?;
        let sub_number = match m.get(2) {
            Some(s) => Some(parse_number(s.as_str())?),
            None => None,
        };
        let marker_len = m.get(0)?.end();
        let (body_start, strong) = body_after(line, marker_len);
        if !strong && is_connective(&line[marker_len..]) {
            return None;
        }
        Some(ArticleMarker {
            number,
            sub_number,
            marker_len,
            body_start,
            strong,
        })
    }

    pub fn enumerated(line: &str) -> Option<ArticleMarker> {
        let m = ENUM.captures(line)?;
        let number = parse_number(&m[1])?;
        let marker_len = m.get(0)?.end();
        let (body_start, _) = body_after(line, marker_len);
        Some(ArticleMarker {
            number,
            sub_number: None,
            marker_len,
            body_start,
            strong: true,
        })
    }

    pub fn item(line: &str) -> Option<ItemMarker> {
        if let Some(m) = ITEM_PAREN.captures(line) {
            let digits = &m[1];
            let style = if parse_arabic(digits).is_some() {
                ItemStyle::ParenArabic
            } else {
                ItemStyle::ParenChinese
            };
            return Some(ItemMarker {
                number: parse_number(digits)?,
                marker_len: m.get(0)?.end(),
                style,
            });
        }
        if let Some(m) = ITEM_ARABIC.captures(line) {
            let n = m.get(1)?;
            let sep_len = line[n.end()..]
                .char_indices()
                .find(|(_, c)| matches!(c, '.' | '．' | '、'))
                .map(|(i, c)| i + c.len_utf8())?;
            return Some(ItemMarker {
                number: parse_arabic(n.as_str())?,
                marker_len: n.end() + sep_len,
                style: ItemStyle::Arabic,
            });
        }
        let c = line.chars().next()?;
        parse_circled(c).map(|number| ItemMarker {
            number,
            marker_len: c.len_utf8(),
            style: ItemStyle::Circled,
        })
    }

    pub fn find_date(text: &str) -> Option<(String, std::ops::Range<usize>)> {
        DATE.captures_iter(text).find_map(|m| {
            let whole = m.get(0)?;
            parse_date(&m[1], &m[2], &m[3]).map(|d| (d, whole.range()))
        })
    }

    pub fn date_line(line: &str) -> Option<String> {
        let (d, range) = find_date(line)?;
        (range.start == 0 && patterns::trim(&line[range.end..]).is_empty()).then_some(d)
    }

    pub fn org_line(line: &str) -> bool {
        ORG.is_match(line)
    }

    pub fn org_then_date(line: &str) -> Option<&str> {
        let (_, range) = find_date(line)?;
        let head = patterns::trim(&line[..range.start]);
        let tail = patterns::trim(&line[range.end..]);
        (org_line(head) && range.start > 0 && tail.chars().count() <= 4).then_some(head)
    }

    pub fn back_matter(line: &str) -> Option<&'static str> {
        let compact: String = line.chars().filter(|c| !patterns::is_space(*c)).collect();
        let c = compact.as_str();
        if c.starts_with("抄送") || c.starts_with("抄报") || c.starts_with("分送") {
            Some("cc_line")
        } else if c.starts_with("主题词") {
            Some("keywords")
        } else if ANNEX.is_match(line) && !c.contains(['。', '，']) {
            Some("annex")
        } else if c.starts_with("（此件") || c.starts_with("(此件") {
            Some("publication_note")
        } else if c.ends_with("印发") && find_date(c).is_some() && c.chars().count() <= 60 {
            Some("print_line")
        } else {
            None
        }
    }
}

/// The readers and their old forms agree on `line`.
fn check(line: &str) {
    assert_eq!(
        patterns::heading(line),
        oracle::heading(line),
        "heading {line:?}"
    );
    assert_eq!(patterns::tiao(line), oracle::tiao(line), "tiao {line:?}");
    assert_eq!(
        patterns::enumerated(line),
        oracle::enumerated(line),
        "enumerated {line:?}"
    );
    assert_eq!(patterns::item(line), oracle::item(line), "item {line:?}");
    assert_eq!(
        patterns::find_date(line),
        oracle::find_date(line),
        "find_date {line:?}"
    );
    assert_eq!(
        patterns::date_line(line),
        oracle::date_line(line),
        "date_line {line:?}"
    );
    assert_eq!(
        patterns::org_line(line),
        oracle::org_line(line),
        "org_line {line:?}"
    );
    assert_eq!(
        patterns::org_then_date(line),
        oracle::org_then_date(line),
        "org_then_date {line:?}"
    );
    assert_eq!(
        patterns::back_matter(line).map(|l| l.as_str()),
        oracle::back_matter(line),
        "back_matter {line:?}"
    );
}

const FRAGMENTS: &[&str] = &[
    "第",
    "章",
    "节",
    "编",
    "条",
    "之",
    "一",
    "十",
    "百",
    "两",
    "〇",
    "零",
    "三十六",
    "1",
    "２",
    "12",
    "、",
    "．",
    ".",
    "（",
    "）",
    "(",
    ")",
    "①",
    " ",
    "　",
    "\u{a0}",
    "\u{200B}",
    "\t",
    "：",
    "。",
    "，",
    "的",
    "总则",
    "区政府",
    "人民政府",
    "办公室",
    "年",
    "月",
    "日",
    "2021",
    "二〇二一",
    "5",
    "十二",
    "抄送",
    "抄 送",
    "主题词",
    "附件",
    "附",
    "此件",
    "印发",
    "印 发",
    "2021年5月12日",
    "二〇二一年五月十二日",
    "２０２２年 ７ 月２７日",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn readers_answer_as_their_patterns(parts in prop::collection::vec(prop::sample::select(FRAGMENTS), 0..12)) {
        let line = parts.concat();
        check(&line);
    }
}

#[test]
fn readers_answer_as_their_patterns_on_the_laws() {
    let Some(laws) = laws() else {
        skip(
            "readers_answer_as_their_patterns_on_the_laws",
            "../shared/corpora/laws not found",
        );
        return;
    };
    let sources = govrules::corpus::expand(&[laws]);
    let mut lines = 0;
    for source in &sources.files {
        let doc = govrules::corpus::load_source(source).unwrap();
        for raw in doc.text.lines() {
            // The parser hands the readers trimmed lines; untrimmed ones must agree too.
            check(raw);
            check(patterns::trim(raw));
            lines += 1;
        }
    }
    assert!(lines > 100_000, "{lines} lines");
}
