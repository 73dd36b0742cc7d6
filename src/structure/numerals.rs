//! Chinese and Arabic numerals as they appear in article and chapter markers (第一千零二十条, 四十四、,
//! （三）, 1.) and in dates (二〇二一年五月十二日). Everything here is a pure function over `&str`.

/// Characters that can make up a Chinese numeral in a marker; used to build the line patterns.
pub const CHINESE_NUMERAL_CHARS: &str = "〇零○Ｏ一二两三四五六七八九十百千";

/// Whether `c` is one of [`CHINESE_NUMERAL_CHARS`]: a digit or a unit of a Chinese numeral.
#[inline]
pub fn is_chinese_numeral_char(c: char) -> bool {
    digit_value(c).is_some() || unit_value(c).is_some()
}

fn digit_value(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | '○' | 'Ｏ' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn unit_value(c: char) -> Option<u32> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        _ => return None,
    })
}

/// Reads a Chinese numeral below ten thousand: `十` → 10, `一十二` → 12, `两百` → 200, `一千零二十` → 1020,
/// `一百〇五` → 105. Also the positional form without units (`二〇二一` → 2021). `None` for anything else,
/// including units out of order (`十百`) or a repeated unit.
pub fn parse_chinese(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    if !s.chars().any(|c| unit_value(c).is_some()) {
        return parse_digit_sequence(s).filter(|&n| n > 0);
    }
    let mut total = 0u32;
    let mut pending: Option<u32> = None;
    let mut last_unit = u32::MAX;
    let mut saw_zero = false;
    for c in s.chars() {
        if let Some(d) = digit_value(c) {
            if pending.is_some() {
                return None; // two digits in a row: 二三十
            }
            if d == 0 {
                if saw_zero && total == 0 {
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
            total += d * u;
            last_unit = u;
            saw_zero = false;
        } else {
            return None;
        }
    }
    if let Some(d) = pending {
        // 一百五 style shorthand is not used in markers: a trailing digit is units.
        total += d;
    }
    (total > 0).then_some(total)
}

/// Reads a numeral written digit by digit: `二〇二一` → 2021, `二〇` → 20.
pub fn parse_digit_sequence(s: &str) -> Option<u32> {
    if s.is_empty() || s.chars().count() > 9 {
        return None;
    }
    let mut n = 0u32;
    for c in s.chars() {
        n = n * 10 + digit_value(c)?;
    }
    Some(n)
}

/// Reads Arabic digits, ASCII or full-width (`１２` → 12). `None` if empty, non-digit or too large.
pub fn parse_arabic(s: &str) -> Option<u32> {
    if s.is_empty() || s.chars().count() > 9 {
        return None;
    }
    let mut n = 0u32;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => return None,
        };
        n = n * 10 + d;
    }
    Some(n)
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
}
