//! Jurisdictions in names: the chain of administrative units a name opens with (`杭州市拱墅区人民政府` →
//! 杭州市 › 拱墅区), and national bodies (国务院, 最高人民法院, 中华人民共和国…). Read from the name alone,
//! by the units' suffixes (省, 自治区, 市, 县, 区, 旗, 镇, 乡, 街道 …): no list of places.

/// Unit suffixes, longest first where one ends another (自治区 before 区).
const UNITS: &[&str] = &[
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "街道",
    "省",
    "市",
    "盟",
    "县",
    "旗",
    "区",
    "镇",
    "乡",
];

/// Characters and words no place name holds: they mark the words of a title or a body, not a place.
const NOT_IN_NAMES: &[&str] = &[
    "人民", "政府", "关于", "的", "和", "与", "及", "规", "条", "会", "法", "办", "工作", "管理",
];

/// Openings that make a name a national body or a national text.
const NATIONAL: &[&str] = &[
    "中华人民共和国",
    "全国人民代表大会",
    "全国人大",
    "国务院",
    "最高人民法院",
    "最高人民检察院",
    "中共中央",
    "中国共产党中央",
    "中央军事委员会",
    "中国人民解放军",
    "中国人民银行",
];

/// Endings of a ministry or national agency's name (文化部, 国家市场监督管理总局), when no place precedes.
const AGENCY_ENDINGS: &[&str] = &["部", "委员会", "总局", "总署", "银行"];

/// The national government's name, as a document's `government`.
pub const NATION: &str = "中华人民共和国";
/// The level of a national body.
pub const NATIONAL_LEVEL: &str = "国家";

/// A jurisdiction named at the start of a name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Jurisdiction {
    /// The units, as written: `杭州市拱墅区`.
    pub government: String,
    /// The last unit's kind: `区`, `市`, `省`, `自治州` …; `国家` for a national body.
    pub level: String,
    /// The unit before the last, when the name gives one: `杭州市`.
    pub parent: Option<String>,
    /// Where the jurisdiction ends in the name, in characters.
    pub end: usize,
}

/// The jurisdiction `name` opens with: a national body, else the longest chain of units at its start.
/// `name` is in simplified characters; positions are characters, so they apply to the original too.
pub fn jurisdiction(name: &str) -> Option<Jurisdiction> {
    if let Some(national) = NATIONAL.iter().find(|p| name.starts_with(*p)) {
        return Some(national_body(national.chars().count()));
    }
    let chars: Vec<char> = name.chars().collect();
    let mut units: Vec<(usize, usize, &str)> = Vec::new(); // (start, end, unit)
    let mut pos = 0;
    while let Some((end, unit)) = next_unit(&chars, pos) {
        units.push((pos, end, unit));
        pos = end;
    }
    let &(start, end, unit) = units.last()?;
    let slice = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    Some(Jurisdiction {
        government: slice(0, end),
        level: unit.to_string(),
        parent: (units.len() > 1).then(|| slice(units[units.len() - 2].0, start)),
        end,
    })
}

/// Whether an issuing body with no place in its name is a national one (文化部, 国家基本建设委员会).
pub fn is_national_agency(name: &str) -> bool {
    name.starts_with("国家") || AGENCY_ENDINGS.iter().any(|e| name.ends_with(e))
}

/// The jurisdiction of a national body whose name takes `end` characters.
pub fn national_body(end: usize) -> Jurisdiction {
    Jurisdiction {
        government: NATION.to_string(),
        level: NATIONAL_LEVEL.to_string(),
        parent: None,
        end,
    }
}

/// The shortest unit starting at `pos`: a place name of at least two characters (one before 县, as in 沛县)
/// and a unit suffix. Returns its end and the unit.
fn next_unit(chars: &[char], pos: usize) -> Option<(usize, &'static str)> {
    for end in pos + 2..=chars.len().min(pos + 20) {
        let upto: String = chars[pos..end].iter().collect();
        let Some(unit) = UNITS.iter().find(|u| upto.ends_with(*u)) else {
            continue;
        };
        let name_len = end - pos - unit.chars().count();
        let longest = if unit.starts_with("自治") { 14 } else { 7 };
        let shortest = if *unit == "县" { 1 } else { 2 };
        let place = &upto[..upto.len() - unit.len()];
        let plausible = (shortest..=longest).contains(&name_len)
            && place.chars().all(is_ideograph)
            && !NOT_IN_NAMES.iter().any(|w| place.contains(w));
        if plausible {
            return Some((end, unit));
        }
        if name_len > longest {
            return None;
        }
    }
    None
}

fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brief(name: &str) -> Option<(String, String, Option<String>)> {
        jurisdiction(name).map(|j| (j.government, j.level, j.parent))
    }

    fn some(g: &str, l: &str, p: Option<&str>) -> Option<(String, String, Option<String>)> {
        Some((g.into(), l.into(), p.map(str::to_string)))
    }

    #[test]
    fn chains_of_units() {
        assert_eq!(
            brief("杭州市拱墅区人民政府"),
            some("杭州市拱墅区", "区", Some("杭州市"))
        );
        assert_eq!(brief("衢州市人民政府工作规则"), some("衢州市", "市", None));
        assert_eq!(
            brief("佳木斯市前进区人民政府办公室"),
            some("佳木斯市前进区", "区", Some("佳木斯市"))
        );
        assert_eq!(
            brief("浙江省杭州市人民政府"),
            some("浙江省杭州市", "市", Some("浙江省"))
        );
        assert_eq!(
            brief("新疆维吾尔自治区乌鲁木齐市人民政府"),
            some("新疆维吾尔自治区乌鲁木齐市", "市", Some("新疆维吾尔自治区"))
        );
        assert_eq!(
            brief("延边朝鲜族自治州人民政府"),
            some("延边朝鲜族自治州", "自治州", None)
        );
        assert_eq!(brief("沛县人民政府"), some("沛县", "县", None));
        assert_eq!(
            brief("荆州市沙市区人民政府"),
            some("荆州市沙市区", "区", Some("荆州市"))
        );
        assert_eq!(
            brief("青岛市市北区人民政府"),
            some("青岛市市北区", "区", Some("青岛市"))
        );
        assert_eq!(brief("卫东区人民政府工作规则"), some("卫东区", "区", None));
    }

    #[test]
    fn titles_that_name_no_place() {
        // 城市 is a word, not a city; the chain stops at 杭州市.
        assert_eq!(brief("杭州市城市管理条例"), some("杭州市", "市", None));
        for name in [
            "人民检察院刑事诉讼规则",
            "不动产登记暂行条例",
            "关于审理非法集资刑事案件具体应用法律若干问题的解释",
            "上海航运交易所管理规定",
            "本市",
            "政府工作规则",
        ] {
            assert_eq!(brief(name), None, "{name}");
        }
    }

    #[test]
    fn national_bodies() {
        assert_eq!(
            brief("中华人民共和国刑法"),
            some("中华人民共和国", "国家", None)
        );
        assert_eq!(
            brief("最高人民法院关于审理专利纠纷案件适用法律问题的若干规定"),
            some("中华人民共和国", "国家", None)
        );
        assert!(is_national_agency("文化部"));
        assert!(is_national_agency("国家基本建设委员会"));
        assert!(!is_national_agency("某某大学"));
    }
}
