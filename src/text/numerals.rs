//! Chinese and Arabic numerals, the one reader every stage uses: as they appear in article and chapter
//! markers (第一千零二十条, 第一万条, 第壹佰贰拾叁条, 四十四、, （三）, 1.), in dates (二〇二一年五月十二日),
//! and as the counts that frequency and time-limit phrases carry (每月两次, 十五个工作日内, 一两次). Everything
//! here is a pure function over `&str`.

/// Characters that can make up a Chinese numeral in a marker, financial (大写) forms included; used to
/// build the line patterns.
pub const CHINESE_NUMERAL_CHARS: &str =
    "〇零○Ｏ一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟";

/// Whether `c` is one of [`CHINESE_NUMERAL_CHARS`]: a digit or a unit of a Chinese numeral.
#[inline]
pub fn is_chinese_numeral_char(c: char) -> bool {
    digit_value(c).is_some() || unit_value(c).is_some() || group_value(c).is_some()
}

fn digit_value(c: char) -> Option<u64> {
    Some(match c {
        '〇' | '零' | '○' | 'Ｏ' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// 十, 百, 千: the units inside a group of four digits.
fn unit_value(c: char) -> Option<u64> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

/// 万 and 亿: the units that close a group of four digits.
fn group_value(c: char) -> Option<u64> {
    Some(match c {
        '万' => 10_000,
        '亿' => 100_000_000,
        _ => return None,
    })
}

/// Reads a Chinese numeral: `十` → 10, `一十二` → 12, `两百` → 200, `一千零二十` → 1020, `一百〇五` → 105,
/// `一万零一` → 10001, `一亿二千万` → 120000000, `壹佰贰拾叁` → 123. Also the positional form without units
/// (`二〇二一` → 2021). `None` for anything else, including units out of order (`十百`, `万亿`), a repeated
/// unit, and numbers that do not fit in a `u32`.
pub fn parse_chinese(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let value = if has_units(s) {
        with_units(s)?
    } else {
        u64::from(parse_digit_sequence(s)?)
    };
    u32::try_from(value).ok().filter(|&n| n > 0)
}

/// Whether `s` has a unit character (十 … 千, 万, 亿), so that it is read by its units, not digit by digit.
fn has_units(s: &str) -> bool {
    s.chars()
        .any(|c| unit_value(c).is_some() || group_value(c).is_some())
}

/// The value of a numeral written with units (十, 百, 千 within groups closed by 万 and 亿); `None` for
/// units out of order, a repeated unit, two digits in a row or a bare 百 or 千.
fn with_units(s: &str) -> Option<u64> {
    // Groups closed by 万 and 亿, and the group being read; u64 cannot overflow below 万亿.
    let mut total = 0u64;
    let mut group = 0u64;
    let mut pending: Option<u64> = None;
    let mut last_unit = u64::MAX;
    let mut last_group = u64::MAX;
    let mut saw_zero = false;
    for c in s.chars() {
        if let Some(d) = digit_value(c) {
            if pending.is_some() {
                return None; // two digits in a row: 二三十
            }
            if d == 0 {
                if saw_zero && total == 0 && group == 0 {
                    return None;
                }
                saw_zero = true;
                continue;
            }
            pending = Some(d);
        } else if let Some(u) = unit_value(c) {
            if u >= last_unit {
                return None;
            }
            let d = match pending.take() {
                Some(d) => d,
                // 十 without a digit means 一十 (十二, 一百十二); 百 and 千 need their digit.
                None if u == 10 => 1,
                None => return None,
            };
            group += d * u;
            last_unit = u;
            saw_zero = false;
        } else if let Some(g) = group_value(c) {
            group += pending.take().unwrap_or(0);
            if g >= last_group || group == 0 {
                return None;
            }
            total += group * g;
            group = 0;
            last_unit = u64::MAX;
            last_group = g;
            saw_zero = false;
        } else {
            return None;
        }
    }
    if let Some(d) = pending {
        // 一百五 style shorthand is not used in markers: a trailing digit is units.
        group += d;
    }
    Some(total + group)
}

/// The value of Chinese digits read one by one (`二〇二一` → 2021); `None` if one is not a digit or the
/// value does not fit in a `u64`.
fn positional(s: &str) -> Option<u64> {
    s.chars()
        .try_fold(0u64, |n, c| n.checked_mul(10)?.checked_add(digit_value(c)?))
}

/// The value of ASCII or full-width Arabic digits; `None` if one is not a digit, or for an empty string or
/// a value that does not fit in a `u64`.
fn arabic(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    s.chars().try_fold(0u64, |n, c| {
        let d = match c {
            '0'..='9' => c as u64 - '0' as u64,
            '０'..='９' => c as u64 - '０' as u64,
            _ => return None,
        };
        n.checked_mul(10)?.checked_add(d)
    })
}

/// Reads a numeral written digit by digit: `二〇二一` → 2021, `二〇` → 20.
pub fn parse_digit_sequence(s: &str) -> Option<u32> {
    if s.is_empty() || s.chars().count() > 9 {
        return None;
    }
    positional(s).map(|n| n as u32)
}

/// Reads Arabic digits, ASCII or full-width (`１２` → 12). `None` if empty, non-digit or too large.
pub fn parse_arabic(s: &str) -> Option<u32> {
    if s.chars().count() > 9 {
        return None;
    }
    arabic(s).map(|n| n as u32)
}

/// Reads a number in any of the forms above.
pub fn parse_number(s: &str) -> Option<u32> {
    parse_arabic(s).or_else(|| parse_chinese(s))
}

/// The number of a circled digit `①`…`⑳`.
pub fn parse_circled(c: char) -> Option<u32> {
    let v = c as u32;
    (0x2460..=0x2473).contains(&v).then(|| v - 0x2460 + 1)
}

/// Reads a date written `2021年5月12日`, `２０２１年５月１２日` or `二〇二一年五月十二日` and returns it as
/// `YYYY-MM-DD`, if it is a plausible calendar date.
pub fn parse_date(year: &str, month: &str, day: &str) -> Option<String> {
    let y = parse_arabic(year).or_else(|| parse_digit_sequence(year))?;
    let m = parse_number(month)?;
    let d = parse_number(day)?;
    ((1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// The regex fragment for a count in running text as [`read_count`] reads it: Arabic digits, half- or
/// full-width, or the Chinese digits and the units up to 千.
pub const COUNT: &str = r"[0-9０-９]+|[零〇一二两三四五六七八九十百千]+";

/// Whether `c` can be part of a [`COUNT`]: an Arabic digit of either width, or a Chinese digit or unit up
/// to 千.
pub fn is_count_char(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c) || "零〇一二两三四五六七八九十百千".contains(c)
}

/// Reads a count written in running text (一, 两, 十五, 一百二十, 3, ３): Arabic digits, a Chinese numeral with
/// units as [`parse_chinese`] reads it, a single Chinese digit (零 is 0), or Chinese digits written one by
/// one when one of them is a zero (二〇二二). `None` otherwise: two neighbouring digits without a zero (一两,
/// 三四) are a range ([`read_count_range`]), not a number.
pub fn read_count(s: &str) -> Option<u64> {
    if let Some(n) = arabic(s) {
        return Some(n);
    }
    if has_units(s) {
        return with_units(s);
    }
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => digit_value(c),
        (Some(_), Some(_)) if s.chars().any(|c| digit_value(c) == Some(0)) => positional(s),
        _ => None,
    }
}

/// A count, or an approximate range written as two neighbouring digits (一两 → 1–2, 三四 → 3–4).
pub fn read_count_range(s: &str) -> Option<(u64, Option<u64>)> {
    if let Some(v) = read_count(s) {
        return Some((v, None));
    }
    let chars: Vec<char> = s.chars().collect();
    if let [a, b] = chars[..] {
        let (a, b) = (digit_value(a)?, digit_value(b)?);
        if a >= 1 && b == a + 1 {
            return Some((a, Some(b)));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeral_characters_are_the_digits_and_units() {
        let all: String = (0..=0xFFFF)
            .filter_map(char::from_u32)
            .filter(|&c| is_chinese_numeral_char(c))
            .collect();
        let mut listed: Vec<char> = CHINESE_NUMERAL_CHARS.chars().collect();
        listed.sort_unstable();
        assert_eq!(all, listed.into_iter().collect::<String>());
    }

    #[test]
    fn reads_chinese_numerals() {
        let cases = [
            ("一", 1),
            ("九", 9),
            ("十", 10),
            ("一十", 10),
            ("十一", 11),
            ("一十二", 12),
            ("二十", 20),
            ("四十四", 44),
            ("九十九", 99),
            ("一百", 100),
            ("两百", 200),
            ("一百零一", 101),
            ("一百〇五", 105),
            ("一百一十", 110),
            ("一百十二", 112),
            ("三百五十六", 356),
            ("一千", 1000),
            ("一千零二十", 1020),
            ("一千零二", 1002),
            ("一千二百六十", 1260),
            ("两千零一十", 2010),
            ("九千九百九十九", 9999),
            ("一万", 10_000),
            ("一万零一", 10_001),
            ("十万", 100_000),
            ("一百二十万三千", 1_203_000),
            ("一亿", 100_000_000),
            ("一亿二千万零三", 120_000_003),
            ("四十二亿九千四百九十六万七千二百九十五", u32::MAX),
            ("壹佰贰拾叁", 123),
            ("壹仟零壹拾", 1010),
            ("拾", 10),
        ];
        for (s, n) in cases {
            assert_eq!(parse_chinese(s), Some(n), "{s}");
        }
    }

    #[test]
    fn rejects_malformed_chinese_numerals() {
        for s in [
            "",
            "百",
            "十百",
            "一十十",
            "二三十",
            "千百",
            "总则",
            "零",
            "零零一十",
            "万",
            "亿万",
            "一万一万",
            "一万一亿",
            "四十二亿九千四百九十六万七千二百九十六",
            "五十亿",
            "一万亿",
        ] {
            assert_eq!(parse_chinese(s), None, "{s}");
        }
    }

    #[test]
    fn reads_digit_sequences_and_arabic() {
        assert_eq!(parse_chinese("二〇二一"), Some(2021));
        assert_eq!(parse_digit_sequence("二○二二"), Some(2022));
        assert_eq!(parse_arabic("2021"), Some(2021));
        assert_eq!(parse_arabic("１２"), Some(12));
        assert_eq!(parse_arabic("1a"), None);
        assert_eq!(parse_number("４４"), Some(44));
        assert_eq!(parse_number("四十四"), Some(44));
        assert_eq!(parse_circled('③'), Some(3));
        assert_eq!(parse_circled('a'), None);
    }

    #[test]
    fn reads_dates() {
        assert_eq!(parse_date("2021", "5", "12").as_deref(), Some("2021-05-12"));
        assert_eq!(
            parse_date("二〇二一", "五", "十二").as_deref(),
            Some("2021-05-12")
        );
        assert_eq!(
            parse_date("２０２２", "７", "２７").as_deref(),
            Some("2022-07-27")
        );
        assert_eq!(parse_date("2021", "13", "1"), None);
        assert_eq!(parse_date("21", "1", "1"), None);
    }

    #[test]
    fn reads_counts_in_chinese_and_arabic() {
        for (s, v) in [
            ("一", 1),
            ("两", 2),
            ("零", 0),
            ("十", 10),
            ("十五", 15),
            ("二十", 20),
            ("三十一", 31),
            ("一百二十", 120),
            ("一百零五", 105),
            ("7", 7),
            ("１５", 15),
            ("二〇二二", 2022),
            ("12345678901", 12_345_678_901),
        ] {
            assert_eq!(read_count(s), Some(v), "{s}");
        }
        for s in ["", "一两", "三四", "次", "百", "十百"] {
            assert_eq!(read_count(s), None, "{s}");
        }
    }

    #[test]
    fn reads_neighbouring_digits_as_ranges() {
        assert_eq!(read_count_range("一两"), Some((1, Some(2))));
        assert_eq!(read_count_range("三四"), Some((3, Some(4))));
        assert_eq!(read_count_range("三"), Some((3, None)));
        assert_eq!(read_count_range("三五"), None);
    }

    #[test]
    fn count_characters_are_those_of_the_count_pattern() {
        let re = regex::Regex::new(&format!("^(?:{COUNT})$")).unwrap();
        for c in (0..0x1_0000).filter_map(char::from_u32) {
            assert_eq!(re.is_match(&c.to_string()), is_count_char(c), "{c:?}");
        }
    }

    #[test]
    fn the_count_pattern_matches_what_read_count_reads() {
        let re = regex::Regex::new(&format!("^(?:{COUNT})$")).unwrap();
        for s in ["一", "十五", "一百二十", "3", "１５", "二〇二二"] {
            assert!(re.is_match(s) && read_count(s).is_some(), "{s}");
        }
    }
}
