//! Reads the small numbers that frequency and time-limit phrases carry: Chinese numerals (一, 两, 十五,
//! 一百二十) and Arabic digits, half- or full-width (3, ３). Private to `facts` until a shared reader exists.

/// The regex fragment for a numeral as the readers below accept it.
pub(crate) const NUMERAL: &str = r"[0-9０-９]+|[零〇一二两三四五六七八九十百千]+";

fn digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
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

/// The value of a numeral, or `None` when it is not one (`一两` is a range, see [`read_range`]).
pub(crate) fn read(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    if s.chars()
        .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    {
        return s
            .chars()
            .map(|c| {
                if c.is_ascii_digit() {
                    c as u64 - '0' as u64
                } else {
                    c as u64 - '０' as u64
                }
            })
            .try_fold(0u64, |acc, d| acc.checked_mul(10)?.checked_add(d));
    }
    let chars: Vec<char> = s.chars().collect();
    // Positional digits only (〇 or 零 inside, no unit characters): 二〇二二 → 2022.
    if chars.len() > 1
        && chars.iter().all(|&c| digit(c).is_some())
        && chars.iter().any(|&c| c == '〇' || c == '零')
    {
        return chars
            .iter()
            .try_fold(0u64, |acc, &c| acc.checked_mul(10)?.checked_add(digit(c)?));
    }
    let mut total = 0u64;
    let mut pending: Option<u64> = None;
    for &c in &chars {
        if let Some(d) = digit(c) {
            if pending.is_some() && d != 0 {
                // Two digits in a row without a unit (一两, 三四): not a single number.
                return None;
            }
            pending = if d == 0 { None } else { Some(d) };
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        };
        total += pending.take().unwrap_or(1) * unit;
    }
    Some(total + pending.unwrap_or(0))
}

/// A numeral or an approximate range written as two neighbouring digits (一两 → 1–2, 三四 → 3–4).
pub(crate) fn read_range(s: &str) -> Option<(u64, Option<u64>)> {
    if let Some(v) = read(s) {
        return Some((v, None));
    }
    let chars: Vec<char> = s.chars().collect();
    if let [a, b] = chars[..] {
        let (a, b) = (digit(a)?, digit(b)?);
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
    fn reads_chinese_and_arabic() {
        for (s, v) in [
            ("一", 1),
            ("两", 2),
            ("十", 10),
            ("十五", 15),
            ("二十", 20),
            ("三十一", 31),
            ("一百二十", 120),
            ("一百零五", 105),
            ("7", 7),
            ("１５", 15),
            ("二〇二二", 2022),
        ] {
            assert_eq!(read(s), Some(v), "{s}");
        }
        assert_eq!(read(""), None);
        assert_eq!(read("一两"), None);
        assert_eq!(read("次"), None);
    }

    #[test]
    fn reads_neighbouring_digits_as_ranges() {
        assert_eq!(read_range("一两"), Some((1, Some(2))));
        assert_eq!(read_range("三四"), Some((3, Some(4))));
        assert_eq!(read_range("三"), Some((3, None)));
        assert_eq!(read_range("三五"), None);
    }
}
