//! Role folding: a district's, a county's and a city's rules name the same institutions with different
//! words (区长/市长 → `<首长>`, 区政府/市政府 → `<本级政府>`, 街道/县（市、区） → `<下级政府>`,
//! 办公室主任/秘书长 → `<办公室负责人>`), so their texts compare once folded. The table is
//! `corpus/dict/roles.tsv`, embedded in the binary.
//!
//! Each term has the level whose institution it names. When the document's own [`GovLevel`] is known, only
//! its own terms fold: in a district's rules 市政府 is the city above, not the district's government, and
//! stays `市政府`. When the level is unknown, every term folds, which is ambiguous for such mentions.

use std::borrow::Cow;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::TokenFilter;
use crate::error::{Error, Result};
use crate::text::fold::fold;
use crate::tokenize::Context;

/// The bundled role table.
pub const ROLES: &str = include_str!("../../../corpus/dict/roles.tsv");

/// The level of a government.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GovLevel {
    /// 省
    Province,
    /// 市 (a prefecture-level city, or a county-level one)
    City,
    /// 县
    County,
    /// 区 (a city district)
    District,
}

impl GovLevel {
    /// The character that names the level: 省, 市, 县, 区.
    pub fn char(self) -> char {
        match self {
            GovLevel::Province => '省',
            GovLevel::City => '市',
            GovLevel::County => '县',
            GovLevel::District => '区',
        }
    }

    pub fn from_char(c: char) -> Option<GovLevel> {
        match c {
            '省' => Some(GovLevel::Province),
            '市' => Some(GovLevel::City),
            '县' => Some(GovLevel::County),
            '区' => Some(GovLevel::District),
            _ => None,
        }
    }

    /// Guesses whose rules a text is from the way it names its own government and head: 区政府 and 区长
    /// in a district's rules, 市政府 and 市长 in a city's. A district's text also names the city above,
    /// less often; so the most frequent level wins only if it is clearly ahead (at least 3 mentions and
    /// half again as many as the next). Otherwise `None`.
    pub fn detect(text: &str) -> Option<GovLevel> {
        let levels = [
            GovLevel::Province,
            GovLevel::City,
            GovLevel::County,
            GovLevel::District,
        ];
        let mut counts = [0usize; 4];
        for (i, level) in levels.iter().enumerate() {
            let c = level.char();
            counts[i] = text.matches(&format!("{c}政府") as &str).count()
                + text.matches(&format!("{c}长") as &str).count();
        }
        let mut order: Vec<usize> = (0..4).collect();
        order.sort_by(|&a, &b| counts[b].cmp(&counts[a]).then(a.cmp(&b)));
        let (best, next) = (counts[order[0]], counts[order[1]]);
        (best >= 3 && best * 2 >= next * 3 && best > next).then_some(levels[order[0]])
    }
}

/// One row of the role table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    pub symbol: String,
    /// The level whose institution the term names; `None` for any level.
    pub level: Option<GovLevel>,
}

/// Term → role symbol.
#[derive(Clone, Debug, Default)]
pub struct RoleTable {
    roles: FxHashMap<String, Role>,
}

impl RoleTable {
    /// The bundled `corpus/dict/roles.tsv`.
    pub fn bundled() -> RoleTable {
        Self::parse("corpus/dict/roles.tsv", ROLES).expect("the bundled role table parses (tested)")
    }

    /// Parses `term<TAB>symbol<TAB>level` lines (`#` comments); `name` is used in error messages.
    pub fn parse(name: &str, text: &str) -> Result<RoleTable> {
        let mut roles = FxHashMap::default();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end();
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let bad = |message: String| Error::Resource {
                path: name.to_string(),
                message: format!("line {}: {message}", i + 1),
            };
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            let [term, symbol, level] = fields[..] else {
                return Err(bad(format!(
                    "expected `term<TAB>symbol<TAB>level`, found {} field(s)",
                    fields.len()
                )));
            };
            let level = match level {
                "*" => None,
                l => {
                    let mut cs = l.chars();
                    match (cs.next().and_then(GovLevel::from_char), cs.next()) {
                        (Some(level), None) => Some(level),
                        _ => return Err(bad(format!("level `{l}` is not one of 省 市 县 区 *"))),
                    }
                }
            };
            if term.is_empty() || symbol.is_empty() {
                return Err(bad("empty term or symbol".to_string()));
            }
            roles.insert(
                fold(term),
                Role {
                    symbol: symbol.to_string(),
                    level,
                },
            );
        }
        Ok(RoleTable { roles })
    }

    pub fn get(&self, term: &str) -> Option<&Role> {
        self.roles.get(term)
    }

    /// The terms, sorted.
    pub fn terms(&self) -> Vec<&str> {
        let mut t: Vec<&str> = self.roles.keys().map(String::as_str).collect();
        t.sort_unstable();
        t
    }

    pub fn len(&self) -> usize {
        self.roles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.roles.is_empty()
    }
}

/// Rewrites role words to their symbol.
#[derive(Clone, Debug)]
pub struct RoleFolding {
    table: RoleTable,
}

impl RoleFolding {
    pub fn new(table: RoleTable) -> Self {
        RoleFolding { table }
    }

    pub fn bundled() -> Self {
        Self::new(RoleTable::bundled())
    }
}

impl TokenFilter for RoleFolding {
    #[inline]
    fn apply<'a>(&'a self, norm: &mut Cow<'a, str>, ctx: &Context) -> bool {
        if let Some(role) = self.table.get(norm) {
            let folds = match (ctx.level, role.level) {
                (Some(doc), Some(term)) => doc == term,
                _ => true,
            };
            if folds {
                *norm = Cow::Borrowed(role.symbol.as_str());
            }
        }
        true
    }

    fn is_role_folding(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold_at(term: &str, level: Option<GovLevel>) -> String {
        let folding = RoleFolding::bundled();
        let mut s = std::borrow::Cow::Borrowed(term);
        assert!(folding.apply(&mut s, &Context { level }));
        s.into_owned()
    }

    #[test]
    fn city_and_district_words_fold_to_one_symbol() {
        for (a, b) in [
            ("区长", "市长"),
            ("区政府", "市政府"),
            ("副区长", "副市长"),
            ("区人大", "市人大"),
            ("区委", "市委"),
            ("街道", "县（市、区）"),
            ("办公室主任", "秘书长"),
            ("区长办公会议", "市长办公会议"),
        ] {
            assert_eq!(fold_at(a, None), fold_at(b, None), "{a} {b}");
            assert!(fold_at(a, None).starts_with('<'), "{a}");
        }
        assert_eq!(fold_at("区长", None), "<首长>");
        assert_eq!(fold_at("会签", None), "会签");
    }

    #[test]
    fn a_known_level_folds_only_its_own_terms() {
        let district = Some(GovLevel::District);
        assert_eq!(fold_at("区政府", district), "<本级政府>");
        assert_eq!(fold_at("市政府", district), "市政府");
        assert_eq!(fold_at("秘书长", district), "<办公室负责人>");
        assert_eq!(fold_at("县（市、区）", Some(GovLevel::City)), "<下级政府>");
        assert_eq!(fold_at("街道", Some(GovLevel::City)), "街道");
    }

    #[test]
    fn detects_level_from_how_a_text_names_itself() {
        assert_eq!(
            GovLevel::detect("区政府实行区长负责制。区长领导区政府的工作。报市政府备案。"),
            Some(GovLevel::District)
        );
        assert_eq!(
            GovLevel::detect("市政府实行市长负责制,市长领导市政府的工作。"),
            Some(GovLevel::City)
        );
        assert_eq!(GovLevel::detect("本法自公布之日起施行。"), None);
        assert_eq!(GovLevel::detect("区政府 市政府 区长 市长"), None);
    }

    #[test]
    fn bad_rows_are_errors_naming_file_and_line() {
        let e = RoleTable::parse("r.tsv", "区长\t<首长>\t区\n市长 <首长>\n").unwrap_err();
        assert!(
            e.to_string().contains("r.tsv") && e.to_string().contains("line 2"),
            "{e}"
        );
        assert!(RoleTable::parse("r.tsv", "区长\t<首长>\t乡\n").is_err());
    }
}
