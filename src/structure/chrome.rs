//! Web-page chrome: what a text copied from a government web site (or a site reposting it) carries around the
//! rules. Each line is recognised by the vocabulary that government sites share, not by any one site's layout:
//!
//! - `web_navigation`: breadcrumbs (`当前位置：首页 > 政务公开 > …`, `首页»政策文件`), menu bars whose items are
//!   the standard columns of government sites (`首页 | 政务公开 | 政务服务 | 互动交流`), and the page's title bar
//!   (`…工作规则_某某区人民政府门户网站`);
//! - `web_metadata`: the public-information table (`索引号：…  主题分类：…`, `发文机关`, `成文日期`, `发布日期`,
//!   `有效性`, a key alone on its line with its value on the next), publication dates and visitor counts
//!   (`发布时间：2021-05-12  来源：区政府办  浏览次数：321`), and page tools (`【字体：大 中 小】`,
//!   `【打印本页】【关闭窗口】`, `分享到：微信 微博`, `上一篇`, `返回顶部`);
//! - `web_boilerplate`: the footer and its kin (`版权所有`, `主办：…`, ICP and 公网安备 numbers, 网站标识码, contact
//!   lines, visitor counters, `扫一扫在手机打开当前页`, related-links headers, WeChat prompts);
//! - `keyword_list`: a site's keyword cloud (`• 宁波政策 …`).
//!
//! Lines are read in their simplified form, so a traditional capture (`【字體：大 中 小】`, `關閉窗口`) reads the
//! same. After the articles, the first navigation or boilerplate line turns the rest of the text into noise
//! (see `parse`).

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use super::patterns::is_space;
use super::RegionLabel;

/// Why a line is web-page chrome, if it is (without looking at its neighbours; see [`label_lines`]).
pub fn classify(line: &str) -> Option<RegionLabel> {
    if plain_sentence(line) {
        return None;
    }
    classify_line(line)
}

/// A sentence (a line ending in `。` or `；`, as most lines of a rule do) that is no chrome at a glance: it
/// opens with none of the words that open the chrome a sentence can be, and it holds neither a breadcrumb's
/// `>` nor an ISO date's `-`. Every other test of [`classify_line`] needs a line that is no sentence.
fn plain_sentence(line: &str) -> bool {
    /// The first characters of [`SENTENCE_CHROME_OPENINGS`].
    static FIRST_CHARS: LazyLock<Vec<char>> = LazyLock::new(|| {
        SENTENCE_CHROME_OPENINGS
            .iter()
            .flat_map(|words| words.iter().filter_map(|w| w.chars().next()))
            .collect()
    });
    line.ends_with(['。', '；', ';'])
        && line
            .chars()
            .next()
            .is_some_and(|c| !FIRST_CHARS.contains(&c))
        && memchr::memchr2(b'>', b'-', line.as_bytes()).is_none()
}

/// The openings that make a line chrome even when it ends a sentence.
const SENTENCE_CHROME_OPENINGS: &[&[&str]] = &[
    BREADCRUMB_STARTS,
    TOOL_OPENINGS,
    SITE,
    &[KEYWORD_BULLET, KEYWORD_DOT],
];

/// [`classify`] without the glance at sentences.
fn classify_line(line: &str) -> Option<RegionLabel> {
    let c = line;
    if c.is_empty() {
        return None;
    }
    // Chrome has no clauses; most lines of a rule have (read once, used by each test below). Most lines
    // end a sentence, which shows it without reading them through.
    let clauses = c.ends_with(['。', '；', ';']) || c.contains(['。', '；', '，', ';', ',']);
    if is_navigation(c, clauses) {
        return Some(RegionLabel::WebNavigation);
    }
    if is_metadata(c, clauses) {
        return Some(RegionLabel::WebMetadata);
    }
    if is_boilerplate(c, clauses) {
        return Some(RegionLabel::WebBoilerplate);
    }
    if c.starts_with(KEYWORD_BULLET) || (c.starts_with(KEYWORD_DOT) && c.matches(' ').count() >= 3)
    {
        return Some(RegionLabel::KeywordList);
    }
    None
}

/// The noise label ([`patterns::noise`](super::patterns::noise)) of each line of a text (trimmed lines, blank
/// ones empty, each with whether it may be noise at all: a line that opens an article or a heading may not),
/// reading chrome laid out one cell per line: a menu item alone on its line is navigation beside other
/// navigation (`首页` / `政务公开` / `政策文件`), and a metadata key alone on its line (`索引号`, `发布机构：`)
/// makes the next non-blank line, if short, its value.
pub fn label_lines<'a>(
    lines: impl IntoIterator<Item = (&'a str, bool)>,
) -> Vec<Option<RegionLabel>> {
    let (lines, may_be): (Vec<&str>, Vec<bool>) = lines.into_iter().unzip();
    let mut labels: Vec<Option<RegionLabel>> = lines
        .iter()
        .zip(&may_be)
        .map(|(l, &may)| if may { super::patterns::noise(l) } else { None })
        .collect();
    // Runs of non-blank lines, each navigation or a menu item alone: the items are navigation too.
    let nonblank: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].is_empty()).collect();
    let in_menu = |i: usize, labels: &[Option<RegionLabel>]| {
        labels[i] == Some(RegionLabel::WebNavigation)
            || (may_be[i] && MENU_ITEMS.contains(&lines[i]))
    };
    let mut k = 0;
    while k < nonblank.len() {
        let run_end = (k..nonblank.len())
            .find(|&e| !in_menu(nonblank[e], &labels))
            .unwrap_or(nonblank.len());
        let run = &nonblank[k..run_end];
        if run.len() >= 2
            && run
                .iter()
                .any(|&i| labels[i] == Some(RegionLabel::WebNavigation))
        {
            for &i in run {
                labels[i] = Some(RegionLabel::WebNavigation);
            }
        }
        k = run_end.max(k + 1);
    }
    let mut i = 0;
    while i < lines.len() {
        if may_be[i] && metadata_key_alone(lines[i]) {
            if let Some(j) = (i + 1..lines.len()).find(|&j| !lines[j].is_empty()) {
                let value = lines[j];
                if labels[j].is_none() && may_be[j] && value.chars().count() <= 40 {
                    labels[j] = Some(RegionLabel::WebMetadata);
                }
                i = j;
            }
        }
        i += 1;
    }
    labels
}

/// The bullets of a keyword list: `•` alone, `·` before three spaces or more.
const KEYWORD_BULLET: &str = "•";
const KEYWORD_DOT: &str = "·";

const BREADCRUMB_STARTS: &[&str] = &[
    "当前位置",
    "您的位置",
    "您现在的位置",
    "您所在的位置",
    "所在位置",
    "当前所在位置",
];

/// The columns of a government site's menu bar (the national guidelines for government web sites name the
/// first ones), and the links beside them.
const MENU_ITEMS: &[&str] = &[
    "首页",
    "网站首页",
    "主页",
    "政务公开",
    "信息公开",
    "政府信息公开",
    "政务服务",
    "办事服务",
    "网上办事",
    "互动交流",
    "公众参与",
    "政民互动",
    "新闻中心",
    "新闻动态",
    "要闻动态",
    "政务动态",
    "政策文件",
    "政策解读",
    "数据开放",
    "专题专栏",
    "网站地图",
    "联系我们",
    "无障碍",
    "无障碍浏览",
    "长者模式",
    "关怀版",
    "English",
    "繁体",
    "简体",
    "登录",
    "注册",
];

/// Separators of breadcrumbs and menu bars.
const NAV_SEPARATORS: &[char] = &['>', '＞', '»', '›', '|', '｜', '丨', '/', '·'];

static PAGE_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^.{2,}?\s*[_｜|—–-]\s*\S{0,30}(?:门户网站|政府网站|人民政府网|政府网|网站)$")
        .expect("page title pattern")
});

fn is_navigation(c: &str, clauses: bool) -> bool {
    if BREADCRUMB_STARTS.iter().any(|p| c.starts_with(p))
        || (has_byte(c, b'>') && c.matches(" > ").count() >= 2)
    {
        return true;
    }
    if matches!(c, "首页" | "网站首页" | "返回首页") {
        return true;
    }
    let sentence = clauses;
    // 首页 > …, 首页»…, 主页/…: a breadcrumb from the home page.
    for home in ["首页", "主页", "网站首页"] {
        if let Some(rest) = c.strip_prefix(home) {
            if rest
                .trim_start_matches(is_space)
                .starts_with(NAV_SEPARATORS)
                && !sentence
            {
                return true;
            }
        }
    }
    if sentence {
        return false;
    }
    // 政务公开>政策文件>区政府文件: short parts between arrows.
    let arrows = c.matches(['>', '＞', '»', '›']).count();
    if arrows >= 2 {
        let parts = || {
            c.split(NAV_SEPARATORS)
                .flat_map(|p| p.split("  "))
                .map(|p| p.trim_matches(is_space))
                .filter(|p| !p.is_empty())
        };
        if parts().all(|p| p.chars().count() <= 12) && parts().nth(2).is_some() {
            return true;
        }
    }
    // 首页 | 政务公开 | 政务服务 | 互动交流: a menu bar (three words or more, two of them menu items).
    let words = || {
        c.split(|ch: char| NAV_SEPARATORS.contains(&ch) || is_space(ch))
            .filter(|p| !p.is_empty())
    };
    if words().nth(2).is_some()
        && words().filter(|w| MENU_ITEMS.contains(w)).nth(1).is_some()
        && words().all(|w| w.chars().count() <= 8)
    {
        return true;
    }
    (c.ends_with("网站") || c.ends_with("政府网")) && PAGE_TITLE.is_match(c)
}

/// Keys of a page's public-information table and of its byline. The first may stand alone or before a
/// space; the second only before a colon (they are words a rule's own lines may start with).
const METADATA_KEYS: &[&str] = &[
    "索引号",
    "主题分类",
    "主题类别",
    "组配分类",
    "体裁分类",
    "服务对象",
    "发文机关",
    "发文单位",
    "发布机构",
    "发布单位",
    "公开责任部门",
    "成文日期",
    "发文日期",
    "发布日期",
    "发布时间",
    "生成日期",
    "公开日期",
    "发文字号",
    "文号",
    "文件编号",
    "信息来源",
    "文章来源",
    "有效性",
    "效力状态",
    "时效性",
    "公开方式",
    "公开范围",
    "公开时限",
    "信息分类",
    "信息名称",
    "浏览次数",
    "点击次数",
    "阅读次数",
    "访问次数",
];
const METADATA_KEYS_WITH_COLON: &[&str] = &[
    "标题",
    "名称",
    "来源",
    "作者",
    "时效",
    "关键词",
    "分类",
    "阅读",
    "点击",
    "浏览",
    "访问量",
    "点击量",
    "浏览量",
];

/// Words of page tools: a line made only of them (and brackets, separators) is a tool bar.
const TOOL_WORDS: &[&str] = &[
    "打印",
    "打印本页",
    "打印正文",
    "打印此页",
    "我要打印",
    "列印",
    "友善列印",
    "关闭",
    "关闭窗口",
    "关闭本页",
    "收藏",
    "加入收藏",
    "收藏本页",
    "分享",
    "分享到",
    "字体",
    "字号",
    "默认",
    "视力保护色",
    "护眼模式",
    "返回顶部",
    "回到顶部",
    "回到顶端",
    "顶部",
    "返回",
    "朗读",
    "纠错",
    "我要纠错",
    "保存",
    "下载",
    "放大",
    "缩小",
    "微信",
    "微博",
    "新浪微博",
    "腾讯微博",
    "QQ",
    "QQ空间",
    "QQ好友",
    "微信好友",
    "朋友圈",
    "人人网",
    "豆瓣",
    "上一篇",
    "下一篇",
];
/// Tool words of one character: a line of them alone is not a tool bar.
const TOOL_LETTERS: &[&str] = &["大", "中", "小", "A", "A+", "A-"];

/// Openings of page tools: the font size, sharing, the previous and next pages.
const TOOL_OPENINGS: &[&str] = &["【字体", "字体：", "分享到", "上一篇", "下一篇"];

static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{4}-\d{1,2}-\d{1,2}").expect("iso date pattern"));

fn metadata_key_pattern() -> String {
    let spaced = |keys: &[&str]| -> String {
        keys.iter()
            .map(|k| {
                k.chars()
                    .map(|c| regex::escape(&c.to_string()))
                    .collect::<Vec<_>>()
                    .join(r"\s*")
            })
            .collect::<Vec<_>>()
            .join("|")
    };
    format!(
        r"^[【\[（(]?\s*(?:(?:{})\s*(?:[:：]|\s|$)|(?:{})\s*[:：])",
        spaced(METADATA_KEYS),
        spaced(METADATA_KEYS_WITH_COLON)
    )
}

static METADATA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&metadata_key_pattern()).expect("metadata pattern"));

fn is_metadata(c: &str, clauses: bool) -> bool {
    const EXACT: &[&str] = &[
        "收藏",
        "朗读",
        "打印",
        "关闭",
        "打印本页",
        "关闭窗口",
        "分享",
        "分享到",
        "字号",
        "【打印】",
        "【关闭】",
        "返回顶部",
        "上一篇",
        "下一篇",
    ];
    if EXACT.contains(&c)
        || TOOL_OPENINGS.iter().any(|p| c.starts_with(p))
        || (has_byte(c, b'-')
            && ISO_DATE.is_match(c)
            && c.chars().count() <= 40
            && !c.contains('。'))
    {
        return true;
    }
    // A line ending a sentence is no table cell or tool bar (and most lines of a rule end one).
    !c.ends_with(['。', '；', ';']) && (METADATA.is_match(c) || (!clauses && is_tool_bar(c)))
}

/// A line made only of page-tool words: `【打印本页】【关闭窗口】`, `字号：大 中 小`, `分享到：微信 微博 QQ空间`.
fn is_tool_bar(c: &str) -> bool {
    if c.len() > 120 {
        return false;
    }
    let words = || {
        c.split(|ch: char| {
            is_space(ch)
                || matches!(
                    ch,
                    '【' | '】'
                        | '['
                        | ']'
                        | '（'
                        | '）'
                        | '('
                        | ')'
                        | '<'
                        | '>'
                        | '〔'
                        | '〕'
                        | '|'
                        | '｜'
                        | '丨'
                        | '/'
                        | '·'
                        | '、'
                        | '：'
                        | ':'
                        | '，'
                        | ','
                )
        })
        .filter(|w| !w.is_empty())
    };
    words().any(|w| TOOL_WORDS.contains(&w))
        && words().all(|w| TOOL_WORDS.contains(&w) || TOOL_LETTERS.contains(&w))
}

/// Lines that open as a footer does: a visitor counter or browser advice, a related-links header, the
/// sponsor or the site's code (one pattern, so that a line is read once for them all).
static SITE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^您是(?:本站)?第\s*\d+\s*位|^(?:总)?访问(?:人次|量)\s*[:：]|^建议.{0,20}(?:浏览器|分辨率)",
        r"|^[【\[]?\s*相关(?:阅读|文章|链接|文件|解读|新闻|信息|推荐|稿件|附件|政策)\s*[】\]]?\s*[:：]?$",
        r"|^(?:主办|承办|协办|运维|维护)(?:单位)?\s*[:：]|^(?:政府)?网站(?:标识|识别)码",
    ))
    .expect("site line pattern")
});
/// Words of a footer anywhere in a line that is no sentence: reposting notes, WeChat accounts, copyright,
/// ICP and 公网安备 numbers, the site's code.
static FOOTER_WORDS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new([
        "转载请",
        "微信公众号",
        "ICP备",
        "版权所有",
        "公网安备",
        "ICP证",
        "网站标识码",
    ])
    .expect("footer words")
});
static CONTACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:地址|邮编|邮政编码|电话|联系电话|传真|邮箱|电子邮箱|E-mail|Email)\s*[:：]")
        .expect("contact pattern")
});
static EDITOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(【\[]?\s*(?:责任编辑|责编|编辑|校对|审核)\s*[:：]").expect("editor pattern")
});

/// Openings of boilerplate no rule sentence has.
const SITE: &[&str] = &[
    "详细咨询",
    "关注微信",
    "打开微信",
    "扫一扫",
    "站点关键词",
    "网站地图",
    "浏览次数",
    "访问量",
    "Copyright",
    "©",
];

fn is_boilerplate(c: &str, clauses: bool) -> bool {
    /// Openings a rule sentence may have (主办单位应当…): boilerplate only when the line is no sentence.
    const SITE_WORDS: &[&str] = &[
        "版权",
        "相关阅读",
        "相关文章",
        "责任编辑",
        "联系我们",
        "主办单位",
        "技术支持",
    ];
    // Rule texts mention WeChat accounts too; a sentence ending in 。 is text, not boilerplate.
    let sentence = c.ends_with(['。', '；', ';']);
    if SITE.iter().any(|p| c.starts_with(p))
        || (!clauses && SITE_WORDS.iter().any(|p| c.starts_with(p)))
    {
        return true;
    }
    if sentence {
        return false;
    }
    FOOTER_WORDS.is_match(c)
        || SITE_LINE.is_match(c)
        || (EDITOR.is_match(c) && c.chars().count() <= 30)
        || (c.contains(['：', ':']) && CONTACT.find_iter(c).count() >= 2)
}

/// Whether `s` holds the ASCII character `b`: a look that costs less than a pattern that needs it.
fn has_byte(s: &str, b: u8) -> bool {
    memchr::memchr(b, s.as_bytes()).is_some()
}

/// A metadata key alone on its line, its value on the next (`索引号`, `发布机构：`).
fn metadata_key_alone(line: &str) -> bool {
    if line.is_empty() || line.len() > 40 {
        return false;
    }
    let compact: String = line
        .chars()
        .filter(|c| !is_space(*c) && !matches!(c, '：' | ':'))
        .collect();
    METADATA_KEYS.contains(&compact.as_str())
        || (METADATA_KEYS_WITH_COLON.contains(&compact.as_str()) && line.ends_with(['：', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_navigation() {
        for line in [
            "当前位置:主页 > 各省市政策 > 浙江省 > 杭州市",
            "首页 > 政务公开 > 政策文件",
            "首页»政务公开»政策文件",
            "首页＞信息公开",
            "政务公开>政策文件>区政府文件",
            "首页 | 政务公开 | 政务服务 | 互动交流",
            "首页  政务公开  政务服务  互动交流  走进青溪",
            "杭州市人民政府工作规则_杭州市人民政府门户网站",
            "关于印发某某区人民政府工作规则的通知 - 某某区人民政府网站",
        ] {
            assert_eq!(classify(line), Some(RegionLabel::WebNavigation), "{line}");
        }
    }

    #[test]
    fn recognises_metadata_and_tools() {
        for line in [
            "索引号：11330100002489588A/2021-00123    主题分类：综合政务/其他",
            "索 引 号：001008003/2021-00015",
            "发文机关：某某市人民政府\t成文日期：2021年05月12日",
            "标　　题：关于印发某某市人民政府工作规则的通知",
            "发文字号：某政发〔2021〕12号",
            "有 效 性：有效",
            "发布时间：2021年05月18日 来源：市政府办公室 浏览次数：1234",
            "【字体：大 中 小】  【打印本页】 【关闭窗口】",
            "字号：大 中 小",
            "分享到：微信 微博 QQ空间",
            "[打印] [关闭]",
            "2021-05-25 上城区 收藏",
            "阅读：321",
        ] {
            assert_eq!(classify(line), Some(RegionLabel::WebMetadata), "{line}");
        }
    }

    #[test]
    fn recognises_boilerplate() {
        for line in [
            "版权所有：某某市人民政府办公厅",
            "主办：某某市人民政府办公厅  承办：某某市大数据局",
            "网站标识码：3301000001  浙ICP备05012345号",
            "浙公网安备 33010602000123号",
            "地址：某某市人民路1号  邮编：310000  电话：0571-12345678",
            "您是本站第 123456 位访客",
            "扫一扫在手机打开当前页",
            "【相关链接】",
            "相关文件：",
            "（责任编辑：张三）",
            "建议使用1920×1080分辨率浏览本网站",
        ] {
            assert_eq!(classify(line), Some(RegionLabel::WebBoilerplate), "{line}");
        }
    }

    #[test]
    fn rule_text_is_not_chrome() {
        for line in [
            "第五条 区政府实行区长负责制。",
            "区政府全体会议由区长召集和主持。",
            "主办单位应当制定工作方案，",
            "发布时间应当在每月初。",
            "来源于财政预算的资金，",
            "相关部门应当配合。",
            "（一）发文机关标志；",
            "中",
            "大 中 小",
            "首页应当标注文件名称，",
            "地址变更的，应当在三十日内报告；",
            "甲 > 乙",
            "标题 正文",
        ] {
            assert_eq!(classify(line), None, "{line}");
        }
    }

    /// The glance at sentences lets through every line the full tests call chrome: sentences made of the
    /// words chrome is made of, and every line of the laws where they are present.
    #[test]
    fn plain_sentences_are_no_chrome() {
        let agrees = |line: &str| {
            assert!(
                !plain_sentence(line) || classify_line(line).is_none(),
                "{line}"
            );
        };
        let words = SENTENCE_CHROME_OPENINGS
            .iter()
            .flat_map(|w| w.iter())
            .chain(MENU_ITEMS)
            .chain(METADATA_KEYS)
            .chain(METADATA_KEYS_WITH_COLON)
            .chain(TOOL_WORDS);
        for word in words {
            for middle in ["", "：", "：2021-05-12 ", " > 首页 > 政务公开 > ", "，甲"] {
                for end in ["。", "；", ";"] {
                    agrees(&format!("{word}{middle}{end}"));
                    agrees(&format!("甲{word}{middle}{end}"));
                }
            }
        }
        assert!(plain_sentence("区政府全体会议由区长召集和主持。"));
        assert_eq!(
            classify("当前位置：首页。"),
            Some(RegionLabel::WebNavigation)
        );
        let laws = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/laws");
        if !laws.is_dir() {
            eprintln!("skipped: no {}", laws.display());
            return;
        }
        for entry in walkdir::WalkDir::new(laws).into_iter().flatten() {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                text.lines()
                    .map(super::super::patterns::trim)
                    .for_each(agrees);
            }
        }
    }

    #[test]
    fn menu_items_alone_beside_navigation_are_navigation() {
        let lines = [
            "首页",
            "政务公开",
            "",
            "政策文件",
            "第一条 甲。",
            "政务公开",
        ];
        let labels = label_lines(lines.map(|l| (l, !l.starts_with('第'))));
        let nav = Some(RegionLabel::WebNavigation);
        assert_eq!(labels, [nav, nav, None, nav, None, None]);
    }

    #[test]
    fn a_key_alone_labels_its_value() {
        let lines = [
            "索引号",
            "",
            "001008003/2021-00015",
            "发布机构：",
            "某某区人民政府办公室",
            "第一条 为了规范工作，制定本规则。",
        ];
        let labels = label_lines(lines.map(|l| (l, !l.starts_with('第'))));
        assert_eq!(
            labels,
            [
                Some(RegionLabel::WebMetadata),
                None,
                Some(RegionLabel::WebMetadata),
                Some(RegionLabel::WebMetadata),
                Some(RegionLabel::WebMetadata),
                None
            ]
        );
    }
}
