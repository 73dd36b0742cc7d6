//! Scripts of Chinese text: which one a document is written in (simplified, traditional or a mix), and the
//! mapping through which traditional text is analysed as simplified.
//!
//! Both come from OpenCC's character tables (Apache-2.0, shipped in `corpus/dict/opencc/`):
//!
//! - **Detection** counts the characters that only one script writes: a traditional-only character is one
//!   OpenCC converts to simplified and never keeps (`發`, `會`, `條`), a simplified-only one is one it converts
//!   to traditional and never keeps (`发`, `会`, `条`). Characters both scripts write (`干`, `后`, `台`, and most
//!   characters) count for neither. A text is `simplified` when at most a tenth of the characters that count are
//!   traditional (so also when none count), `traditional` when at most a tenth are simplified, and `mixed`
//!   otherwise.
//! - **The mapping** sends each traditional character to one simplified character: the first candidate
//!   OpenCC lists (its commonest reading) whose UTF-8 length is the character's own. Equal lengths make byte
//!   offsets and code-point offsets of a text and of its mapped form the same, so every span computed on the
//!   mapped text is a span of the original. Where one traditional character stands for several simplified ones
//!   by context, the first candidate is taken: `乾` → `干` (乾淨, not 乾坤), `於` → `于`, `徵` → `征`, `覆`,
//!   `瞭` and `藉` stay as they are (OpenCC lists them first). Characters several traditional ones share come
//!   out right whatever the source: `發`/`髮` → `发`, `幹`/`乾` → `干`, `後` → `后`, `裏`/`裡` → `里`,
//!   `製` → `制`. `著` is left alone (as OpenCC does without its phrase tables), so `隨著` is read `随著`. A
//!   character that is the same in both scripts is never changed; the few traditional characters whose
//!   simplified forms all lie outside the Basic Multilingual Plane (rare characters such as `鮡`) stay as
//!   written. Hong Kong and Taiwan variants of a character that simplifies map as that character (`衞` as
//!   `衛` → `卫`); variants of characters that do not simplify stay (Taiwan's `著` for `着`).
//!
//! A document detected `traditional` or `mixed` is analysed through the mapping; a `simplified` one as written.

mod count;

use std::borrow::Cow;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// OpenCC's traditional → simplified character table.
pub const TS_CHARACTERS: &str = include_str!("../../corpus/dict/opencc/TSCharacters.tsv");
/// OpenCC's simplified → traditional character table.
pub const ST_CHARACTERS: &str = include_str!("../../corpus/dict/opencc/STCharacters.tsv");
/// OpenCC's tables of Hong Kong and Taiwan variants (standard traditional → regional).
pub const HK_VARIANTS: &str = include_str!("../../corpus/dict/opencc/HKVariants.tsv");
pub const TW_VARIANTS: &str = include_str!("../../corpus/dict/opencc/TWVariants.tsv");

/// The script a document is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Script {
    /// Simplified characters (also a text with no character that tells the scripts apart).
    #[default]
    Simplified,
    /// Traditional characters.
    Traditional,
    /// Both, neither at most a tenth of the characters that tell them apart.
    Mixed,
}

impl Script {
    /// The script of `text` (see the module documentation for the rule).
    pub fn detect(text: &str) -> Script {
        ScriptCounts::of(text).script()
    }

    /// Whether a document in this script is analysed through the traditional → simplified mapping.
    pub fn is_mapped(self) -> bool {
        self != Script::Simplified
    }

    /// `text` as the analysis reads it: mapped to simplified for traditional and mixed documents, as
    /// written for simplified ones. Same byte length and code-point offsets as `text`.
    pub fn analysis_form(self, text: &str) -> Cow<'_, str> {
        if self.is_mapped() {
            to_simplified(text)
        } else {
            Cow::Borrowed(text)
        }
    }
}

/// How many characters of a text only one script writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScriptCounts {
    pub traditional: usize,
    pub simplified: usize,
}

impl ScriptCounts {
    pub fn of(text: &str) -> ScriptCounts {
        count::count(tables(), text.as_bytes())
    }

    /// The script these counts show: the minority at most a tenth of the counted characters decides for
    /// the majority; otherwise `mixed`.
    pub fn script(&self) -> Script {
        let (t, s) = (self.traditional, self.simplified);
        // t / (t + s) <= 1/10  ⟺  9t <= s.
        if 9 * t <= s {
            Script::Simplified
        } else if 9 * s <= t {
            Script::Traditional
        } else {
            Script::Mixed
        }
    }
}

/// The simplified form of one character (the character itself when it has none, or is the same in both).
pub fn simplified_char(c: char) -> char {
    if c < '\u{3400}' {
        return c;
    }
    tables().to_simplified.get(&c).copied().unwrap_or(c)
}

/// `text` with every traditional character mapped to its simplified form; borrowed when nothing changes.
/// The result has the byte length and the code-point offsets of `text`.
pub fn to_simplified(text: &str) -> Cow<'_, str> {
    let map = &tables().to_simplified;
    let mut out: Option<String> = None;
    for (i, c) in text.char_indices() {
        let s = if c < '\u{3400}' {
            c
        } else {
            map.get(&c).copied().unwrap_or(c)
        };
        match &mut out {
            Some(o) => o.push(s),
            None if s != c => {
                let mut o = String::with_capacity(text.len());
                o.push_str(&text[..i]);
                o.push(s);
                out = Some(o);
            }
            None => {}
        }
    }
    match out {
        Some(o) => {
            debug_assert_eq!(o.len(), text.len());
            Cow::Owned(o)
        }
        None => Cow::Borrowed(text),
    }
}

/// Whether `c` is the simplified form of some other character (so the original of a `c` in a mapped text
/// may differ from it).
pub fn is_mapping_target(c: char) -> bool {
    c >= '\u{3400}' && tables().targets.contains_key(&c)
}

/// The pairs of the mapping, sorted by traditional character.
pub fn mapping() -> Vec<(char, char)> {
    let mut pairs: Vec<(char, char)> = tables()
        .to_simplified
        .iter()
        .map(|(&t, &s)| (t, s))
        .collect();
    pairs.sort_unstable();
    pairs
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Neither,
    Traditional,
    Simplified,
}

struct Tables {
    to_simplified: FxHashMap<char, char>,
    /// Every simplified character of `to_simplified`, for [`is_mapping_target`].
    targets: FxHashMap<char, ()>,
    /// The class of each character of the Basic Multilingual Plane, as a byte: 0 neither, 1 traditional,
    /// 2 simplified, 3 claimed by both tables (so neither).
    bmp: Box<[u8; 0x10000]>,
    /// The classes of characters beyond it.
    astral: FxHashMap<char, Class>,
}

impl Class {
    #[inline]
    fn from_byte(b: u8) -> Class {
        match b {
            1 => Class::Traditional,
            2 => Class::Simplified,
            _ => Class::Neither,
        }
    }
}

impl Tables {
    #[inline]
    fn class(&self, c: char) -> Class {
        match self.bmp.get(c as usize) {
            Some(&b) => Class::from_byte(b),
            None => self.astral.get(&c).copied().unwrap_or(Class::Neither),
        }
    }
}

fn tables() -> &'static Tables {
    static TABLES: LazyLock<Tables> = LazyLock::new(build);
    &TABLES
}

/// The entries of an OpenCC table whose key is one character: (key, candidates that are one character).
fn entries(table: &str) -> impl Iterator<Item = (char, Vec<char>)> + '_ {
    table.lines().filter_map(|line| {
        let (key, values) = line.split_once('\t')?;
        let mut k = key.chars();
        let (Some(key), None) = (k.next(), k.next()) else {
            return None; // a comment, or a key longer than one character
        };
        let candidates = values
            .split(' ')
            .filter_map(|v| {
                let mut c = v.chars();
                match (c.next(), c.next()) {
                    (Some(c), None) => Some(c),
                    _ => None,
                }
            })
            .collect();
        Some((key, candidates))
    })
}

fn build() -> Tables {
    let mut to_simplified: FxHashMap<char, char> = FxHashMap::default();
    let mut traditional_only = Vec::new();
    for (key, candidates) in entries(TS_CHARACTERS) {
        if !candidates.contains(&key) {
            traditional_only.push(key);
        }
        let chosen = candidates
            .iter()
            .copied()
            .find(|c| c.len_utf8() == key.len_utf8());
        if let Some(s) = chosen.filter(|&s| s != key) {
            to_simplified.insert(key, s);
        }
    }
    // A Hong Kong or Taiwan variant of a character that simplifies maps as that character (衞 as 衛 → 卫).
    // Variants of characters that do not simplify stay: Taiwan's 著 for 着 would turn 著作 into 着作.
    let simplified_keys: std::collections::HashSet<char> =
        entries(ST_CHARACTERS).map(|(key, _)| key).collect();
    for (standard, variants) in entries(HK_VARIANTS).chain(entries(TW_VARIANTS)) {
        let Some(&simplified) = to_simplified.get(&standard) else {
            continue;
        };
        for v in variants {
            let new = v != simplified
                && v.len_utf8() == simplified.len_utf8()
                && !simplified_keys.contains(&v)
                && !to_simplified.contains_key(&v);
            if new {
                to_simplified.insert(v, simplified);
                traditional_only.push(v);
            }
        }
    }
    // A chain (薴 → 苧 → 苎) ends where the simplified form maps no further, so mapping twice changes nothing.
    let keys: Vec<char> = to_simplified.keys().copied().collect();
    for k in keys {
        let mut s = to_simplified[&k];
        for _ in 0..8 {
            match to_simplified.get(&s) {
                Some(&next) if next != s && next.len_utf8() == k.len_utf8() => s = next,
                _ => break,
            }
        }
        to_simplified.insert(k, s);
    }
    let simplified_only: Vec<char> = entries(ST_CHARACTERS)
        .filter(|(key, candidates)| !candidates.contains(key))
        .map(|(key, _)| key)
        .collect();
    let mut bmp: Box<[u8; 0x10000]> = vec![0u8; 0x10000]
        .into_boxed_slice()
        .try_into()
        .expect("the plane's size");
    let mut astral = FxHashMap::default();
    let mut mark = |c: char, class: Class, code: u8| match bmp.get_mut(c as usize) {
        // A character both tables claim (a handful of variants such as 藴) counts for neither.
        Some(b) => *b = if *b == 0 || *b == code { code } else { 3 },
        None => {
            let e = astral.entry(c).or_insert(class);
            if *e != class {
                *e = Class::Neither;
            }
        }
    };
    for &c in &traditional_only {
        mark(c, Class::Traditional, 1);
    }
    for &c in &simplified_only {
        mark(c, Class::Simplified, 2);
    }
    let targets = to_simplified.values().map(|&s| (s, ())).collect();
    Tables {
        to_simplified,
        targets,
        bmp,
        astral,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pair_keeps_the_utf8_length_so_offsets_stay() {
        let pairs = mapping();
        assert!(pairs.len() > 2900, "{}", pairs.len());
        for &(t, s) in &pairs {
            assert_ne!(t, s);
            assert_eq!(t.len_utf8(), s.len_utf8(), "{t} → {s}");
        }
        // The whole table as one text: byte and code-point offsets of every character are unchanged.
        let text: String = pairs.iter().flat_map(|&(t, _)| [t, 'a', '，']).collect();
        let mapped = to_simplified(&text);
        assert_eq!(mapped.len(), text.len());
        let a: Vec<(usize, usize)> = text
            .char_indices()
            .enumerate()
            .map(|(i, (b, _))| (i, b))
            .collect();
        let b: Vec<(usize, usize)> = mapped
            .char_indices()
            .enumerate()
            .map(|(i, (b, _))| (i, b))
            .collect();
        assert_eq!(a, b);
    }

    #[test]
    fn mapping_twice_changes_nothing() {
        for (t, s) in mapping() {
            assert_eq!(simplified_char(s), s, "{t} → {s} → {}", simplified_char(s));
        }
        assert_eq!(simplified_char('薴'), '苎');
    }

    #[test]
    fn simplified_and_shared_characters_stay() {
        let text =
            "第一条 区政府常务会议由区长召集和主持，一般每两周召开1次。干部 后 里 台 制 发 ABC１２";
        assert!(matches!(to_simplified(text), Cow::Borrowed(_)));
        for c in "发会条开干后里台制于征余".chars() {
            assert_eq!(simplified_char(c), c);
        }
    }

    #[test]
    fn characters_with_several_readings_map_as_documented() {
        let cases = [
            ('發', '发'),
            ('髮', '发'),
            ('乾', '干'),
            ('幹', '干'),
            ('於', '于'),
            ('後', '后'),
            ('裏', '里'),
            ('裡', '里'),
            ('製', '制'),
            ('徵', '征'),
            ('餘', '余'),
            ('覆', '覆'),
            ('瞭', '瞭'),
            ('藉', '藉'),
            ('著', '著'),
            ('勣', '绩'),
            ('衞', '卫'),
            ('敍', '叙'),
        ];
        for (t, s) in cases {
            assert_eq!(simplified_char(t), s, "{t}");
        }
        assert_eq!(
            to_simplified("市政府常務會議由市長召集和主持,一般每兩周召開1次"),
            "市政府常务会议由市长召集和主持,一般每两周召开1次"
        );
    }

    #[test]
    fn detects_the_three_scripts() {
        assert_eq!(
            Script::detect("縣政府全體會議原則上每半年召開一次。"),
            Script::Traditional
        );
        assert_eq!(
            Script::detect("县政府全体会议原则上每半年召开一次。"),
            Script::Simplified
        );
        // Nothing that tells the scripts apart: simplified, and nothing to map.
        assert_eq!(
            Script::detect("第一条 本规则自印发之日起施行"),
            Script::Simplified
        );
        assert_eq!(Script::detect(""), Script::Simplified);
        let half = "县政府全体会议原则上每半年召开一次。縣政府全體會議原則上每半年召開一次。";
        assert_eq!(Script::detect(half), Script::Mixed);
    }

    #[test]
    fn a_tenth_of_the_other_script_is_the_boundary() {
        let at = |t: usize, s: usize| {
            ScriptCounts {
                traditional: t,
                simplified: s,
            }
            .script()
        };
        assert_eq!(at(0, 0), Script::Simplified);
        assert_eq!(at(1, 9), Script::Simplified);
        assert_eq!(at(2, 9), Script::Mixed);
        assert_eq!(at(9, 1), Script::Traditional);
        assert_eq!(at(9, 2), Script::Mixed);
        assert_eq!(at(5, 0), Script::Traditional);
        // One traditional name in a simplified page stays simplified.
        let text = format!("{}鍾", "区政府常务会议".repeat(3));
        assert_eq!(Script::detect(&text), Script::Simplified);
    }

    #[test]
    fn a_character_counts_for_one_script_at_most() {
        let t = tables();
        let only = |table: &str| -> std::collections::BTreeSet<char> {
            entries(table)
                .filter(|(k, c)| !c.contains(k))
                .map(|(k, _)| k)
                .collect()
        };
        let (trad, simp) = (only(TS_CHARACTERS), only(ST_CHARACTERS));
        let both: String = trad.intersection(&simp).collect();
        // A handful of variants both tables claim count for neither.
        assert!(both.chars().count() <= 10, "{both}");
        for c in &trad {
            let want = if simp.contains(c) {
                Class::Neither
            } else {
                Class::Traditional
            };
            assert_eq!(t.class(*c), want, "{c}");
        }
        for c in &simp {
            let want = if trad.contains(c) {
                Class::Neither
            } else {
                Class::Simplified
            };
            assert_eq!(t.class(*c), want, "{c}");
        }
        assert_eq!(t.class('發'), Class::Traditional);
        assert_eq!(t.class('发'), Class::Simplified);
        assert_eq!(t.class('干'), Class::Neither);
        assert_eq!(t.class('藴'), Class::Neither);
    }

    #[test]
    fn counting_by_lead_byte_counts_every_character() {
        let by_char = |text: &str| {
            let t = tables();
            let mut c = ScriptCounts::default();
            for ch in text.chars() {
                match t.class(ch) {
                    Class::Traditional => c.traditional += 1,
                    Class::Simplified => c.simplified += 1,
                    Class::Neither => {}
                }
            }
            c
        };
        let astral: String = tables().astral.keys().copied().take(20).collect();
        let table: String = mapping().iter().flat_map(|&(t, s)| [t, s]).collect();
        let text = format!("aé€發发𠀀{astral}{table}，。ＡＢ\u{3000}\u{FEFF}");
        assert_eq!(ScriptCounts::of(&text), by_char(&text));
        assert!(ScriptCounts::of(&text).traditional > 2900);
        // Short texts of every mix, so that pairs of three-byte characters, runs of ASCII and the bytes
        // after the last sixteen-byte block fall at every offset.
        let pool: Vec<char> = "ab \n1é€發发干，。\u{3000}\u{FEFF}𠀀"
            .chars()
            .chain(astral.chars().take(3))
            .collect();
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 40) as usize;
            let text: String = (0..len)
                .map(|k| pool[((state >> (k * 2 % 48)) as usize + k * 7) % pool.len()])
                .collect();
            assert_eq!(ScriptCounts::of(&text), by_char(&text), "{text:?}");
        }
    }

    #[test]
    fn no_character_below_the_cjk_symbols_counts() {
        // Three-byte characters are all looked up, so those below U+3000 must count for neither.
        assert!(tables().bmp[..0x3000].iter().all(|&b| b == 0));
    }

    #[test]
    fn mapping_targets_are_known() {
        assert!(is_mapping_target('发'));
        assert!(is_mapping_target('干'));
        assert!(!is_mapping_target('第'));
        assert!(!is_mapping_target('a'));
    }
}
