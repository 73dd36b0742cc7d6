//! Line patterns: what one trimmed line of a rule text is. Headings (第X编/章/节), article markers
//! (第X条, 第X条之一, 一、), item markers (（一）, (一), 1., （1）, ①), dates, document numbers, issuer
//! names, back-matter lines (抄送, 印发, 附件) and noise (web-page boilerplate, word-processor artefacts).
//!
//! Each function looks at one line that has already been trimmed of surrounding whitespace and answers
//! with byte offsets into that trimmed line. Deciding what a line means in context (is this 一、 an
//! article or an item?) is the parser's job, not this module's.

use std::sync::LazyLock;

use regex::Regex;

use super::cursor::{is_digit, Cursor};
use super::RegionLabel;
use crate::text::numerals::{
    is_chinese_numeral_char, parse_arabic, parse_circled, parse_date, parse_number,
};

/// Whitespace for our purposes: Unicode White_Space (full-width space U+3000, NBSP, en space …) plus the
/// zero-width characters that word processors leave behind.
#[inline]
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}')
}

/// `s` without leading and trailing [`is_space`] characters.
pub fn trim(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// Heading level: 编, 章, 节.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum HeadingLevel {
    Part,
    Chapter,
    Section,
}

/// A heading line: `第一章  总 则`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeadingLine {
    pub level: HeadingLevel,
    pub number: u32,
    /// Title with all spaces removed: `总则`.
    pub title: String,
}

/// An article marker at the start of a line: `第十条`, `第十条之一`, `四十四、`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleMarker {
    pub number: u32,
    pub sub_number: Option<u32>,
    /// Byte length of the marker itself (`第十条之一`).
    pub marker_len: usize,
    /// Byte offset where the body starts (after spaces and a colon following the marker).
    pub body_start: usize,
    /// Followed by a separator (space, colon) or the end of the line. A marker run straight into the text
    /// (`第五条本规则…`) is weak: it may be a cross-reference wrapped onto a new line.
    pub strong: bool,
}

/// An item marker at the start of a line: `（一）`, `(1)`, `1.`, `①`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemMarker {
    pub number: u32,
    pub marker_len: usize,
    pub style: ItemStyle,
}

/// The way an item is numbered; items of one list share a style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemStyle {
    /// （一） or (一)
    ParenChinese,
    /// （1） or (1)
    ParenArabic,
    /// 1. 1、 1．
    Arabic,
    /// ①
    Circled,
    /// 一、 used for items inside a 第X条 article.
    Enumerated,
}

/// A character of a Chinese numeral: [`CHINESE_NUMERAL_CHARS`](crate::text::numerals::CHINESE_NUMERAL_CHARS).
const N: &str = "[〇零○Ｏ一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]";
const D: &str = "[0-9０-９]";

/// Characters that, right after `第X条` or `第X章`, show the line is a sentence that mentions an article
/// rather than a marker: `第三十一条的决定`, `第五条规定`, `第一百二十三条至…`.
const CONNECTIVES: &[char] = &[
    '的', '至', '、', '，', ',', '和', '或', '及', '与', '中', '规', '所', '第', '。', '；', ';',
    '款', '项', '之', '到', '起', '以', '（', '(', '"', '“', '》', '）', ')', '相', '修', '改',
    '删', '增', '移', '作', '后', '前', '内',
];

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"({D}{{4}}|[〇零○Ｏ一二三四五六七八九]{{4}})\s*年\s*({D}{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月\s*({D}{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*日"
    ))
    .expect("date pattern")
});
static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\p{{Han}}{{1,15}}\s*[〔\[［(（【]\s*{D}{{4}}\s*[〕\]］)）】]\s*{D}{{1,5}}\s*号"
    ))
    .expect("document number pattern")
});
static ORG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\p{Han}（）()]{2,40}(人民政府|政府|办公室|办公厅|委员会|常委会|人民代表大会|人民法院|人民检察院|局|厅|部|署|院|中心|公司)$",
    )
    .expect("organisation pattern")
});
/// The last characters of the names [`ORG`] ends with.
const ORG_LAST_CHARS: [char; 10] = ['府', '室', '厅', '会', '院', '局', '部', '署', '心', '司'];
/// The characters a [`DATE`] may start with.
const DATE_FIRST_CHARS: &str = "0123456789０１２３４５６７８９〇零○Ｏ一二三四五六七八九";
static CLOSING_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(自|从|于).{0,40}(施行|执行|生效|实施)|(施行|执行|生效)[。.]?$|有效期")
        .expect("closing clause pattern")
});
/// `附件`, `附件2：`, `附表一`, `附图 式样`, `附录：` — but not `附图中除必需的词语外…`.
static ANNEX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(附件|附表|附图|附录)({D}+|{N}+)?([：:\s]|$)|^附[：:]"
    ))
    .expect("annex pattern")
});
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([-－—–]\s*\d+\s*[-－—–]|第\s*\d+\s*页\s*(共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")
        .expect("page number pattern")
});
static BOOKMARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[(bookmark|Bookmark|BOOKMARK):[^\]]*\]").expect("bookmark"));

fn is_connective(rest: &str) -> bool {
    rest.chars()
        .next()
        .is_some_and(|c| CONNECTIVES.contains(&c))
}

/// Reads a heading line (`第一章  总 则`, `第二节 会议`, `第一编 总则`). A heading is short and is not
/// a sentence: lines such as `第七节相应改为第八节，…` are not headings.
///
/// The marker: `第`, a number, `编`, `章` or `节`, spaces allowed between them (`^第\s*({N}+|{D}+)\s*([编章节])`).
pub fn heading(line: &str) -> Option<HeadingLine> {
    let mut c = Cursor::new(line);
    c.eat(&['第'])?;
    c.spaces();
    let number = c.number()?;
    c.spaces();
    let level = match c.eat(&['编', '章', '节'])? {
        '编' => HeadingLevel::Part,
        '章' => HeadingLevel::Chapter,
        _ => HeadingLevel::Section,
    };
    let number = parse_number(number)?;
    let rest = &line[c.pos()..];
    let spaced = rest.starts_with(is_space) || rest.starts_with(['：', ':']);
    let rest = rest.trim_start_matches(|c| is_space(c) || c == '：' || c == ':');
    if !spaced && is_connective(rest) {
        return None;
    }
    // A title may hold a comma (第三章 审查和批准决算，听取…) when it is set off by a space.
    if rest.chars().count() > 40
        || rest.contains(['。', '；', ';'])
        || (!spaced && rest.contains(['，', ',']))
        || (level == HeadingLevel::Part && rest.is_empty())
    {
        return None;
    }
    let title: String = rest.chars().filter(|c| !is_space(*c)).collect();
    Some(HeadingLine {
        level,
        number,
        title,
    })
}

fn body_after(line: &str, marker_end: usize) -> (usize, bool) {
    let rest = &line[marker_end..];
    let skipped = rest.len()
        - rest
            .trim_start_matches(|c| is_space(c) || c == '：' || c == ':')
            .len();
    let strong = skipped > 0 || rest.is_empty();
    (marker_end + skipped, strong)
}

/// Reads a `第X条` marker at the start of a line. `None` when the words after the number show the line
/// mentions an article (`第三十一条的决定》…`) instead of starting one.
///
/// The marker: `第`, a number, `条`, then perhaps `之` and a number, spaces allowed between them
/// (`^第\s*({N}+|{D}+)\s*条(?:之\s*({N}+|{D}+))?`).
pub fn tiao(line: &str) -> Option<ArticleMarker> {
    let mut c = Cursor::new(line);
    c.eat(&['第'])?;
    c.spaces();
    let number = c.number()?;
    c.spaces();
    c.eat(&['条'])?;
    // `之` and a number: an inserted article.
    let mut after = c;
    let sub = after.eat(&['之']).and_then(|_| {
        after.spaces();
        after.number()
    });
    if sub.is_some() {
        c = after;
    }
    let number = parse_number(number)?;
    let sub_number = match sub {
        Some(s) => Some(parse_number(s)?),
        None => None,
    };
    let marker_len = c.pos();
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

/// A line that starts like a `第X条` (or 编, 章, 节) marker whose number cannot be read: too large for an
/// article number (`第4294967296条`, `第五十亿条`) or an overlong digit string. Returns the marker, so the
/// parser can warn instead of merging the line silently into the article before it.
///
/// The shape: `^第\s*({N}+|{D}+)\s*[编章节条]`, not followed by a connective.
pub fn unreadable_marker(line: &str) -> Option<&str> {
    let mut c = Cursor::new(line);
    c.eat(&['第'])?;
    c.spaces();
    let number = c.number()?;
    c.spaces();
    c.eat(&['编', '章', '节', '条'])?;
    let end = c.pos();
    (parse_number(number).is_none() && !is_connective(&line[end..])).then(|| &line[..end])
}

/// Reads a `四十四、` marker at the start of a line (an article in 一、-numbered rules, an item elsewhere):
/// a Chinese numeral, spaces, `、` or `．` (`^({N}+)\s*[、．]`).
pub fn enumerated(line: &str) -> Option<ArticleMarker> {
    let mut c = Cursor::new(line);
    let numeral = c.run(is_chinese_numeral_char);
    c.spaces();
    if numeral.is_empty() || c.eat(&['、', '．']).is_none() {
        return None;
    }
    let number = parse_number(numeral)?;
    let marker_len = c.pos();
    let (body_start, _) = body_after(line, marker_len);
    Some(ArticleMarker {
        number,
        sub_number: None,
        marker_len,
        body_start,
        strong: true,
    })
}

/// Reads an item marker at the start of a line: `（一）`, `(一)`, `（1）`, `1.`, `1、`, `①`.
///
/// The markers: a number in brackets, spaces allowed inside (`^[（(]\s*({N}+|{D}+)\s*[）)]`); Arabic
/// digits, spaces and `.`, `．` or `、` not followed by another digit (`^({D}+)\s*[.．、](?:[^0-9０-９]|$)`);
/// a circled number.
pub fn item(line: &str) -> Option<ItemMarker> {
    let mut c = Cursor::new(line);
    if c.eat(&['（', '(']).is_some() {
        c.spaces();
        let number = c.number();
        c.spaces();
        if let (Some(digits), Some(_)) = (number, c.eat(&['）', ')'])) {
            let style = if parse_arabic(digits).is_some() {
                ItemStyle::ParenArabic
            } else {
                ItemStyle::ParenChinese
            };
            return Some(ItemMarker {
                number: parse_number(digits)?,
                marker_len: c.pos(),
                style,
            });
        }
    }
    let mut c = Cursor::new(line);
    let digits = c.run(is_digit);
    c.spaces();
    if !digits.is_empty() && c.eat(&['.', '．', '、']).is_some() && !c.peek().is_some_and(is_digit)
    {
        return Some(ItemMarker {
            number: parse_arabic(digits)?,
            marker_len: c.pos(),
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

/// The first date in `text` as `YYYY-MM-DD`, with its byte range.
pub fn find_date(text: &str) -> Option<(String, std::ops::Range<usize>)> {
    // (Every date has 年, 月 and 日; most lines of a rule lack one, and looking costs less than the pattern.)
    if !(text.contains('年') && text.contains('月') && text.contains('日')) {
        return None;
    }
    DATE.captures_iter(text).find_map(|m| {
        let whole = m.get(0)?;
        parse_date(&m[1], &m[2], &m[3]).map(|d| (d, whole.range()))
    })
}

/// A line that is nothing but a date (`2021年5月12日`, `二〇二一年五月十二日`).
pub fn date_line(line: &str) -> Option<String> {
    // (A line that is a date ends in 日 and starts as a date does; few lines end so.)
    let ends_as_date = line.trim_end_matches(is_space).ends_with('日');
    if !ends_as_date || !line.starts_with(|c| DATE_FIRST_CHARS.contains(c)) {
        return None;
    }
    let (d, range) = find_date(line)?;
    (range.start == 0 && trim(&line[range.end..]).is_empty()).then_some(d)
}

/// A document number (`平卫政〔2022〕15号`) found in the line, with spaces kept as written.
pub fn doc_number(line: &str) -> Option<&str> {
    DOC_NUMBER.find(line).map(|m| m.as_str())
}

/// A line that is just the name of a body (`平顶山市卫东区人民政府`, `杭州市拱墅区人民政府办公室`).
pub fn org_line(line: &str) -> bool {
    line.ends_with(ORG_LAST_CHARS) && ORG.is_match(line)
}

/// An org name followed by a date on the same line (`杭州市拱墅区人民政府办公室  2021年5月12日印发`):
/// returns the name part.
pub fn org_then_date(line: &str) -> Option<&str> {
    let (_, range) = find_date(line)?;
    let head = trim(&line[..range.start]);
    let tail = trim(&line[range.end..]);
    (org_line(head) && range.start > 0 && tail.chars().count() <= 4).then_some(head)
}

/// Words that show an article closes the rules: `本规则自印发之日起施行`.
pub fn closing_clause(text: &str) -> bool {
    CLOSING_CLAUSE.is_match(text)
}

/// Why a line is back matter, if it opens or is part of it: `cc_line` (抄送/抄报), `print_line` (…印发),
/// `annex` (附件), `publication_note` (此件公开发布), `keywords` (主题词).
pub fn back_matter(line: &str) -> Option<RegionLabel> {
    // Read without spaces: `抄  送`, `印  发`. (Most lines differ in their first character.)
    let first = compact(line).next();
    let starts = |prefix: &str| first == prefix.chars().next() && compact_starts_with(line, prefix);
    if starts("抄送") || starts("抄报") || starts("分送") {
        Some(RegionLabel::CcLine)
    } else if starts("主题词") {
        Some(RegionLabel::Keywords)
    } else if line.starts_with('附') && ANNEX.is_match(line) && !line.contains(['。', '，']) {
        Some(RegionLabel::Annex)
    } else if starts("（此件") || starts("(此件") {
        Some(RegionLabel::PublicationNote)
    } else if compact_ends_with(line, "印发") && {
        let compact: String = compact(line).collect();
        find_date(&compact).is_some() && compact.chars().count() <= 60
    } {
        Some(RegionLabel::PrintLine)
    } else {
        None
    }
}

/// The characters of `s` that are not [`is_space`]: `抄  送` reads `抄送`.
pub fn compact(s: &str) -> impl DoubleEndedIterator<Item = char> + '_ {
    s.chars().filter(|c| !is_space(*c))
}

/// Whether `s` without its spaces starts with `prefix`.
pub fn compact_starts_with(s: &str, prefix: &str) -> bool {
    let mut chars = compact(s);
    prefix.chars().all(|p| chars.next() == Some(p))
}

/// Whether `s` without its spaces ends with `suffix`.
pub fn compact_ends_with(s: &str, suffix: &str) -> bool {
    let mut chars = compact(s).rev();
    suffix.chars().rev().all(|p| chars.next() == Some(p))
}

/// Whether `s` without its spaces is `word`.
pub fn compact_is(s: &str, word: &str) -> bool {
    compact(s).eq(word.chars())
}

/// Why a line is noise, if it is: web-page chrome (navigation, page metadata and tools, site boilerplate,
/// keyword lists: see `structure/chrome.rs`) or a page number (`- 3 -`).
pub fn noise(line: &str) -> Option<RegionLabel> {
    if let Some(label) = super::chrome::classify(line) {
        return Some(label);
    }
    // (A page number starts with a dash, 第 or a digit; most lines start otherwise.)
    let may_be_page_number = line
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '-' | '－' | '—' | '–' | '第') || c.is_numeric());
    if may_be_page_number && PAGE_NUMBER.is_match(line) {
        return Some(RegionLabel::PageNumber);
    }
    None
}

/// Byte ranges of `[bookmark: …]` word-processor artefacts in a line.
pub fn bookmarks(line: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    BOOKMARK.find_iter(line).map(|m| m.range())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_numerals_are_the_numeral_characters() {
        assert_eq!(
            N,
            format!("[{}]", crate::text::numerals::CHINESE_NUMERAL_CHARS)
        );
    }

    #[test]
    fn reads_headings_and_folds_title_spaces() {
        let h = heading("第一章  总 则").unwrap();
        assert_eq!(
            (h.level, h.number, h.title.as_str()),
            (HeadingLevel::Chapter, 1, "总则")
        );
        let h = heading("第十四章\u{a0}\u{a0}附\u{a0}则").unwrap();
        assert_eq!((h.number, h.title.as_str()), (14, "附则"));
        let h = heading("第二节 会议制度").unwrap();
        assert_eq!(h.level, HeadingLevel::Section);
        let h = heading("第一编 总则").unwrap();
        assert_eq!(h.level, HeadingLevel::Part);
        assert_eq!(heading("第三章").unwrap().title, "");
        assert_eq!(heading("第一章总则").unwrap().title, "总则");
        assert!(heading("第七节相应改为第八节，第一百二十三条至第一百三十八条").is_none());
        assert!(heading("第三章的规定适用于本办法").is_none());
        assert!(heading("第一条 为了规范").is_none());
    }

    #[test]
    fn reads_article_markers() {
        let a = tiao("第三十六条  区政府常务会议").unwrap();
        assert_eq!((a.number, a.sub_number, a.strong), (36, None, true));
        assert_eq!(
            &"第三十六条  区政府常务会议"[a.body_start..],
            "区政府常务会议"
        );
        assert_eq!(a.marker_len, "第三十六条".len());
        let a = tiao("第十七条之一 已满七十五周岁").unwrap();
        assert_eq!((a.number, a.sub_number), (17, Some(1)));
        assert_eq!(a.marker_len, "第十七条之一".len());
        let a = tiao("第6条：会议").unwrap();
        assert_eq!((a.number, a.strong), (6, true));
        assert!(!tiao("第五条本规则自印发之日起施行。").unwrap().strong);
        assert!(tiao("第三十一条的决定》第一次修正").is_none());
        assert!(tiao("第五条规定的事项").is_none());
        assert!(tiao("第一百二十三条至第一百三十八条").is_none());
        assert!(tiao("第一章 总则").is_none());
        assert_eq!(tiao("第一万零一条 甲").unwrap().number, 10_001);
        assert_eq!(tiao("第壹佰贰拾叁条 甲").unwrap().number, 123);
        assert!(tiao("第4294967296条 甲").is_none());
        assert_eq!(
            unreadable_marker("第4294967296条 甲"),
            Some("第4294967296条")
        );
        assert_eq!(unreadable_marker("第五十亿条"), Some("第五十亿条"));
        assert_eq!(unreadable_marker("第五十亿条的规定"), None);
        assert_eq!(unreadable_marker("第一万条 甲"), None);
        assert_eq!(unreadable_marker("第一章"), None);
    }

    #[test]
    fn reads_enumerated_markers() {
        let a = enumerated("四十四、区政府常务会议").unwrap();
        assert_eq!(a.number, 44);
        assert_eq!(&"四十四、区政府常务会议"[a.body_start..], "区政府常务会议");
        assert_eq!(enumerated("十、区长召集").unwrap().number, 10);
        assert!(enumerated("区政府、各部门").is_none());
        assert!(enumerated("（一）传达").is_none());
    }

    #[test]
    fn reads_item_markers() {
        let i = item("（三）总结和部署").unwrap();
        assert_eq!((i.number, i.style), (3, ItemStyle::ParenChinese));
        assert_eq!(i.marker_len, "（三）".len());
        assert_eq!(item("(二)讨论决定").unwrap().number, 2);
        assert_eq!(item("（12）其他").unwrap().style, ItemStyle::ParenArabic);
        let i = item("3. 研究").unwrap();
        assert_eq!((i.number, i.style, i.marker_len), (3, ItemStyle::Arabic, 2));
        assert_eq!(item("２、研究").unwrap().number, 2);
        assert_eq!(item("②其他").unwrap().style, ItemStyle::Circled);
        assert!(item("1.5倍以上").is_none());
        assert!(item("2022年").is_none());
        assert!(item("区政府").is_none());
    }

    #[test]
    fn reads_dates_and_numbers() {
        assert_eq!(date_line("2021年5月12日").as_deref(), Some("2021-05-12"));
        assert_eq!(
            date_line("二〇二一年五月十二日").as_deref(),
            Some("2021-05-12")
        );
        assert_eq!(date_line("2021年5月12日印发"), None);
        assert_eq!(
            find_date("（2021年5月8日区政府第一次常务会议通过）")
                .unwrap()
                .0,
            "2021-05-08"
        );
        assert_eq!(doc_number("平卫政〔2022〕15号"), Some("平卫政〔2022〕15号"));
        assert_eq!(
            doc_number("佳前政办发〔2021〕2号"),
            Some("佳前政办发〔2021〕2号")
        );
        assert_eq!(doc_number("杭政办[2021]7号"), Some("杭政办[2021]7号"));
        assert_eq!(doc_number("浙政发（2020）12号"), Some("浙政发（2020）12号"));
        assert!(doc_number("2021年5月12日").is_none());
    }

    #[test]
    fn recognises_issuers_back_matter_and_noise() {
        assert!(org_line("平顶山市卫东区人民政府"));
        assert!(org_line("佳木斯市前进区人民政府办公室"));
        assert!(!org_line("关于印发卫东区人民政府工作规则的通知"));
        assert_eq!(
            org_then_date("杭州市拱墅区人民政府办公室              2021年5月12日印发"),
            Some("杭州市拱墅区人民政府办公室")
        );
        assert_eq!(
            org_then_date("对于基层人民法院2019年1月1日尚未审结的前款规定的案件"),
            None
        );
        assert_eq!(back_matter("抄送：区委各部门"), Some(RegionLabel::CcLine));
        assert_eq!(
            back_matter("平顶山市卫东区人民政府办公室            2022年7月27日印发"),
            Some(RegionLabel::PrintLine)
        );
        assert_eq!(back_matter("附件：1.会议制度"), Some(RegionLabel::Annex));
        assert_eq!(back_matter("附件2"), Some(RegionLabel::Annex));
        assert_eq!(
            back_matter("附图中除必需的词语外，不应当含有其他注释。"),
            None
        );
        assert_eq!(back_matter("区政府各部门要加强管理。"), None);
        assert_eq!(
            noise("当前位置:主页 > 各省市政策 > 浙江省 > 杭州市"),
            Some(RegionLabel::WebNavigation)
        );
        assert_eq!(
            noise("2021-05-25 上城区 收藏"),
            Some(RegionLabel::WebMetadata)
        );
        assert_eq!(noise("朗读"), Some(RegionLabel::WebMetadata));
        assert_eq!(
            noise("关注微信公众号\"宁波政策\""),
            Some(RegionLabel::WebBoilerplate)
        );
        assert_eq!(noise("- 3 -"), Some(RegionLabel::PageNumber));
        assert_eq!(noise("区政府实行区长负责制。"), None);
        let line = "[bookmark: _GoBack]关于印发";
        assert_eq!(bookmarks(line).collect::<Vec<_>>(), vec![0..19]);
        assert!(closing_clause("本规则自印发之日起施行。"));
        assert!(!closing_clause("区政府实行区长负责制。"));
    }
}
