//! The cadence normaliser: finds Chinese frequency expressions in a text and turns each into a rate per
//! year. It reads the phrase's grammar, not a list of known phrases:
//!
//! * `每` + optional count + unit: 每周 (52), 每半月 (24), 每两周 (26), 每月 (12), 每两个月 (6), 每三个月 (4),
//!   每季度 / 每个季度 (4), 每半年 (2), 每年 (1), 每两年 (0.5), 每日 (365);
//! * times per unit: 每月两次 (24), 每年召开3次 (3), 一年两次 (2), with Chinese or Arabic numerals;
//! * ranges: 每年举行一至二次, 每月1-2次, 每年一两次 → `per_year` and `per_year_max`;
//! * bounds and hedges: 至少每…, 每…至少一次, 每…不少于N次 (至少), 每…不超过N次 (不超过), 一般, 原则上;
//! * irregular: 不定期, and 根据需要 / 必要时 / 如有需要 / 随时 / 临时 with a verb of meeting (召开, 举行…):
//!   `per_year` is null;
//! * periodic without a rate: 定期 (`per_year` null).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::round::round4;
use crate::text::numerals::{is_count_char, read_count, read_count_range, COUNT as NUMERAL};
use crate::text::punctuation::{ends_phrase, PHRASE_ENDS_CLASS};

/// What kind of frequency a phrase states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CadenceKind {
    /// A rate: 每月一次, 每两周.
    Regular,
    /// Regular but no rate given: 定期.
    Periodic,
    /// As needed: 不定期, 根据需要召开, 必要时随时召开.
    Irregular,
}

/// One frequency expression found in a text.
#[derive(Clone, Debug, PartialEq)]
pub struct CadencePhrase {
    /// Byte range within the text searched.
    pub bytes: Range<usize>,
    /// The phrase as written, qualifier included (`原则上每两周召开1次`).
    pub text: String,
    pub kind: CadenceKind,
    /// Occurrences per year (lower bound of a range); `None` for periodic and irregular phrases.
    pub per_year: Option<f64>,
    /// Upper bound of a range (每年一至二次 → 2); `None` otherwise.
    pub per_year_max: Option<f64>,
    /// 至少, 不超过, 一般, 原则上, or a hedge with a bound (原则上至少).
    pub qualifier: Option<String>,
}

const HEDGE: &str = r"(?:(?P<hedge>原则上|一般|通常)(?:应当|应|须|要)?)?";
const UNIT: &str = r"半个?月|半年|星期|礼拜|周|旬|季度|季|月|年度|年|日|天";

fn count_tail() -> String {
    format!(
        r"(?:(?P<tail>[^{PHRASE_ENDS_CLASS}每次第]{{0,24}}?)(?P<lo>{NUMERAL})(?:(?:至|到|或|-|－|—|~|～)(?P<hi>{NUMERAL}))?次)"
    )
}

/// 每 + optional interval count + unit, then optionally N次 within the clause.
static EVERY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{HEDGE}(?P<pre>至少|最少)?每(?P<n>{NUMERAL})?个?(?P<unit>{UNIT}){}?",
        count_tail()
    ))
    .expect("EVERY regex")
});

/// 一年N次 / 全年N次: the count is required.
static PER_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"{HEDGE}(?:一|全)年{}", count_tail())).expect("PER_YEAR regex")
});

static IRREGULAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:(?P<cond>根据(?:工作)?需要|必要时|如有需要|如有必要|如需要|需要时|视情况?)[，,]?(?:可以|可|应当|应|也可|还可)?)?",
        r"(?P<adv>不定期|随时|临时)?(?:主持|负责|组织)?(?P<verb>召开|举行|举办|召集|开展|公布|公开)?"
    ))
    .expect("IRREGULAR regex")
});

/// 定期, unless it names a kind of deposit, pension or contract (定期存款, 定期抚恤金, 定期寿险), a fixed
/// date (定期宣判), or the 定 ends another word and 期 begins one (规定期限, 一定期限, 法定期间, 约定期满,
/// 制定期货).
static PERIODIC: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"定期").expect("PERIODIC regex"));
const NOT_PERIODIC_AFTER: &[&str] = &[
    "存", "储", "寿", "保险", "定额", "账", "付款", "租", "抚恤", "金", "限", "间", "满", "货",
    "宣告", "宣判",
];
/// Characters that make a word with a following 定 (规定, 法定, 一定, 指定, 固定, 约定, 鉴定, 确定 …).
const NOT_PERIODIC_BEFORE: &str = "规法一指固约鉴确制认限预核商审判裁设特决稳选拟暂协";

/// A quantity per unit of time rather than a frequency: 每人每月30%, 每年每平方米三元, 每天1小时,
/// 每月不得超过三十六小时. Only asked of phrases without a count of times (…次).
fn is_quantity_rate(text: &str, bytes: &Range<usize>) -> bool {
    let before: String = text[..bytes.start].chars().rev().take(6).collect();
    let rest = &text[bytes.end..];
    let rest = &rest[..rest.find(ends_phrase).unwrap_or(rest.len())];
    before.contains('每')
        || rest.starts_with('每')
        // 每年的业务收入, 每周的营业时间: a quantity of the period, not how often something happens.
        || rest.starts_with('的')
        || MEASURE.is_match(rest)
        || SURCHARGE.iter().any(|w| rest.contains(w))
        || DATE_OR_HOUR.is_match(rest)
}

/// A charge accruing per period (每日加收3‰的违约金, 每月加收千分之二的滞纳金): a rate of money.
const SURCHARGE: &[&str] = &[
    "加收",
    "滞纳金",
    "违约金",
    "‰",
    "千分之",
    "万分之",
    "百分之",
];

/// 每年九月十日为教师节, 自公历每年1月1日起, 每日二十二时至次日八时: a date or an hour, not a frequency.
static DATE_OR_HOUR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:(?:{NUMERAL})月(?:(?:{NUMERAL})日)?(?:为|起)|(?:{NUMERAL})(?:时|点))"
    ))
    .expect("DATE_OR_HOUR regex")
});

static MEASURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[^次]{{0,12}}?(?:{NUMERAL})(?:元|万元|%|％|‰|个?小时|分钟|倍|吨|亩|公里|立方米|平方米|天|名|人)"
    ))
    .expect("MEASURE regex")
});

/// 不定期 as the term of a contract or a kind of flight (不定期租赁, 期限为不定期, 不定期飞行), not a frequency.
fn is_indefinite_term(text: &str, start: usize, end: usize) -> bool {
    const TERMS: &[&str] = &[
        "租赁", "合伙", "合同", "物业", "飞行", "航班", "航空", "运输", "劳动", "的",
    ];
    let rest = &text[end..];
    TERMS.iter().any(|t| rest.starts_with(t)) || text[..start].ends_with('为')
}

/// Occurrences per year of one unit.
fn unit_per_year(unit: &str) -> f64 {
    match unit {
        "半月" | "半个月" => 24.0,
        "半年" => 2.0,
        "星期" | "礼拜" | "周" => 52.0,
        "旬" => 36.0,
        "季度" | "季" => 4.0,
        "月" => 12.0,
        "年度" | "年" => 1.0,
        "日" | "天" => 365.0,
        _ => unreachable!("unit {unit} is in UNIT"),
    }
}

/// A numeral ends a longer number or date (二〇二一年, 十一年) when the character before it is a numeral.
fn preceded_by_numeral(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_some_and(is_count_char)
}

/// Every frequency expression in `text`, in order, not overlapping.
pub fn find(text: &str) -> Vec<CadencePhrase> {
    let mut found = Vec::new();
    for caps in EVERY.captures_iter(text) {
        if let Some(p) = regular(text, &caps, true) {
            if caps.name("lo").is_none() && is_quantity_rate(text, &p.bytes) {
                continue;
            }
            found.push(p);
        }
    }
    for caps in PER_YEAR.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        // 一 or 全 (3 bytes each) comes just before the first 年 of the match.
        let year_at = whole.start() + whole.as_str().find('年').unwrap_or(3) - 3;
        // 一年内抢夺三次以上: a count within a period (a threshold), not a frequency.
        let after_year = &text[year_at + "一年".len()..];
        if preceded_by_numeral(text, year_at)
            || ["内", "以内", "之内"]
                .iter()
                .any(|w| after_year.starts_with(w))
        {
            continue;
        }
        if let Some(p) = regular(text, &caps, false) {
            found.push(p);
        }
    }
    for caps in IRREGULAR.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        if caps.name("adv").is_some_and(|a| a.as_str() == "不定期")
            && is_indefinite_term(text, whole.start(), caps.name("adv").expect("adv").end())
        {
            continue;
        }
        let adv = caps.name("adv").map(|m| m.as_str());
        let has_verb = caps.name("verb").is_some();
        let ok = match (caps.name("cond").is_some(), adv) {
            (_, Some("不定期")) => true,
            (_, Some(_)) => has_verb,
            (true, None) => has_verb,
            (false, None) => false,
        };
        if ok {
            found.push(CadencePhrase {
                bytes: whole.range(),
                text: whole.as_str().to_string(),
                kind: CadenceKind::Irregular,
                per_year: None,
                per_year_max: None,
                qualifier: None,
            });
        }
    }
    for m in PERIODIC.find_iter(text) {
        let rest = &text[m.end()..];
        let before = text[..m.start()].chars().next_back();
        if before.is_some_and(|c| c == '不' || NOT_PERIODIC_BEFORE.contains(c))
            || NOT_PERIODIC_AFTER.iter().any(|w| rest.starts_with(w))
        {
            continue;
        }
        found.push(CadencePhrase {
            bytes: m.range(),
            text: m.as_str().to_string(),
            kind: CadenceKind::Periodic,
            per_year: None,
            per_year_max: None,
            qualifier: None,
        });
    }
    // Longest first at each start, then drop whatever overlaps a phrase already kept.
    found.sort_by(|a, b| {
        a.bytes
            .start
            .cmp(&b.bytes.start)
            .then(b.bytes.end.cmp(&a.bytes.end))
    });
    let mut kept: Vec<CadencePhrase> = Vec::with_capacity(found.len());
    for p in found {
        if kept.last().is_some_and(|k| p.bytes.start < k.bytes.end) {
            continue;
        }
        kept.push(p);
    }
    kept
}

/// Builds a regular phrase from an EVERY (`every` = true) or PER_YEAR match.
fn regular(text: &str, caps: &regex::Captures, every: bool) -> Option<CadencePhrase> {
    let whole = caps.get(0)?;
    let mut end = whole.end();
    let (base, interval) = if every {
        let unit = caps.name("unit")?;
        let n = match caps.name("n") {
            Some(n) => read_count(n.as_str())?,
            None => 1,
        };
        if n == 0 {
            return None;
        }
        (unit_per_year(unit.as_str()), n as f64)
    } else {
        (1.0, 1.0)
    };
    let mut count: Option<(u64, Option<u64>)> = None;
    if let Some(lo) = caps.name("lo") {
        let hi = caps.name("hi");
        let parsed = match hi {
            Some(hi) => read_count(lo.as_str()).zip(read_count(hi.as_str()).map(Some)),
            None => read_count_range(lo.as_str()),
        };
        match parsed {
            Some(c) if c.0 > 0 => count = Some(c),
            _ => {
                if !every {
                    return None;
                }
                end = caps.name("unit")?.end();
            }
        }
    }
    let tail = if count.is_some() {
        caps.name("tail").map_or("", |m| m.as_str())
    } else {
        ""
    };
    let rate = base / interval;
    let (per_year, per_year_max) = match count {
        Some((lo, hi)) => (rate * lo as f64, hi.map(|h| rate * h as f64)),
        None => (rate, None),
    };
    // 每周安排3次以上 (at least), 每年2次以下 (at most): the bound follows the count.
    let after = if count.is_some() { &text[end..] } else { "" };
    let above = after.starts_with("以上");
    let below = after.starts_with("以下");
    if above || below {
        end += "以上".len();
    }
    let bound = if caps.name("pre").is_some()
        || above
        || ["至少", "不少于", "不得少于", "不低于", "不得低于", "最少"]
            .iter()
            .any(|w| tail.contains(w))
    {
        Some("至少")
    } else if below
        || ["不超过", "不得超过", "最多", "不多于"]
            .iter()
            .any(|w| tail.contains(w))
    {
        Some("不超过")
    } else {
        None
    };
    let hedge = caps.name("hedge").map(|h| {
        if h.as_str() == "通常" {
            "一般"
        } else {
            h.as_str()
        }
    });
    let qualifier = match (hedge, bound) {
        (None, None) => None,
        (h, b) => Some(format!("{}{}", h.unwrap_or(""), b.unwrap_or(""))),
    };
    Some(CadencePhrase {
        bytes: whole.start()..end,
        text: text[whole.start()..end].to_string(),
        kind: CadenceKind::Regular,
        per_year: Some(round4(per_year)),
        per_year_max: per_year_max.map(round4),
        qualifier,
    })
}

#[cfg(test)]
mod tests;
