//! Document metadata, quanteda's docvars: what a document is, read from its text (government, level,
//! parent jurisdiction, date, year, document number) and overridden or extended by a researcher's CSV
//! ([`MetaTable`], `--meta FILE`), with a display label that is unique within the run. Every command's
//! JSON carries one [`DocMeta`] per document (`metadata`), so a notebook joins any output on the id.
//!
//! Derivation: the government is the jurisdiction the issuer's name opens with (`杭州市拱墅区人民政府` →
//! 杭州市拱墅区), else the title's (`衢州市人民政府工作规则` → 衢州市); a national body (国务院, 最高人民法院,
//! a ministry) or a title opening with 中华人民共和国 gives 中华人民共和国 at level 国家. The level is the
//! kind of the last unit (省, 自治区, 市, 自治州, 县, 区, 旗, 镇, 乡, 街道 …): a 市 may be a municipality, a
//! prefecture-level or a county-level city, which the name alone does not tell (a `level` column can).

pub(crate) mod names;
mod table;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::structure::ParsedDoc;
pub use table::MetaTable;

/// What a document is: its identity and its docvars.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocMeta {
    /// The document id (file stem).
    pub id: String,
    /// A short display name, unique within the run: the government (`杭州市拱墅区`) for a government's own
    /// text, else the title, else the id; with the year, then the id, added where names coincide.
    pub label: String,
    /// The jurisdiction that issued the text: `杭州市拱墅区`, `中华人民共和国`; null when the text does not say.
    pub government: Option<String>,
    /// Its administrative level: `省`, `自治区`, `市`, `自治州`, `县`, `区`, `旗`, `镇`, `乡`, `街道` …, `国家`.
    pub level: Option<String>,
    /// The jurisdiction above it, where the name states it: `杭州市` for 杭州市拱墅区.
    pub parent: Option<String>,
    /// Issue date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The year of `date`, else of the document number (`平卫政〔2022〕15号`).
    pub year: Option<i32>,
    /// 发文字号: `平卫政〔2022〕15号`.
    pub doc_number: Option<String>,
    /// The other columns of the `--meta` file, by column name (absent where the cell is empty).
    #[serde(flatten)]
    pub extra: BTreeMap<String, String>,
}

/// Suffixes that make an issuer a government's own body: its label is the government.
const GOVERNMENT_BODIES: &[&str] = &[
    "人民政府办公室",
    "人民政府办公厅",
    "政府办公室",
    "政府办公厅",
    "人民政府",
    "政府",
];

/// Suffixes dropped from a title used as a label.
const TITLE_SUFFIXES: &[&str] = &["工作规则", "人民政府", "政府"];

impl DocMeta {
    /// The metadata the text states, with a label not yet made unique.
    pub fn of(doc: &ParsedDoc) -> DocMeta {
        let analysed =
            |s: &Option<String>| s.as_deref().map(|s| doc.analysed(s.trim()).into_owned());
        let (issuer, title) = (analysed(&doc.issuer), analysed(&doc.title));
        // Positions are characters, the same in the original and its simplified form.
        let original = |s: &Option<String>, chars: usize| -> String {
            s.as_deref()
                .unwrap_or("")
                .trim()
                .chars()
                .take(chars)
                .collect()
        };
        let from_issuer = issuer.as_deref().and_then(|i| {
            names::jurisdiction(i)
                .or_else(|| names::is_national_agency(i).then(|| names::national_body(0)))
        });
        let place = from_issuer.map(|j| (j, &doc.issuer)).or_else(|| {
            title
                .as_deref()
                .and_then(names::jurisdiction)
                .map(|j| (j, &doc.title))
        });
        let (government, level, parent) = match place {
            Some((j, _)) if j.government == names::NATION => {
                (Some(j.government), Some(j.level), None)
            }
            Some((j, source)) => {
                let government = original(source, j.end);
                let parent = j.parent.map(|p| {
                    let start = government.chars().count() - j.government.chars().count();
                    let len = p.chars().count();
                    government.chars().skip(start).take(len).collect()
                });
                (Some(government), Some(j.level), parent)
            }
            None => (None, None, None),
        };
        let year = doc
            .date
            .as_deref()
            .and_then(year_of)
            .or_else(|| doc.doc_number.as_deref().and_then(year_in_number));
        DocMeta {
            id: doc.id.clone(),
            label: label(doc, issuer.as_deref(), title.as_deref()),
            government,
            level,
            parent,
            date: doc.date.clone(),
            year,
            doc_number: doc.doc_number.clone(),
            extra: BTreeMap::new(),
        }
    }
}

/// The metadata of every document: read from the texts, then the table's columns, then labels made unique.
/// Also returns the table's warnings (ids that match no document).
pub fn describe(docs: &[ParsedDoc], table: Option<&MetaTable>) -> (Vec<DocMeta>, Vec<String>) {
    let mut metas: Vec<DocMeta> = docs.iter().map(DocMeta::of).collect();
    let warnings = match table {
        Some(t) => t.apply(&mut metas),
        None => Vec::new(),
    };
    make_labels_unique(&mut metas);
    (metas, warnings)
}

/// A short name: the government for a government's own text (its issuer less 人民政府, 办公室 …), else the
/// title less 工作规则, else the id. `issuer` and `title` are the analysed forms; the
/// label keeps the original's characters.
fn label(doc: &ParsedDoc, issuer: Option<&str>, title: Option<&str>) -> String {
    let cut = |original: &Option<String>, analysed: &str, suffixes: &[&str]| -> Option<String> {
        let mut s = analysed;
        for suffix in suffixes {
            if let Some(rest) = s.strip_suffix(suffix) {
                s = rest;
            }
        }
        (!s.is_empty() && s.len() < analysed.len()).then(|| {
            let chars = s.chars().count();
            original
                .as_deref()
                .unwrap_or("")
                .trim()
                .chars()
                .take(chars)
                .collect()
        })
    };
    let own = |s: &str| cut(&doc.issuer, s, GOVERNMENT_BODIES);
    let whole = |original: &Option<String>, s: &str| {
        cut(original, s, TITLE_SUFFIXES).or_else(|| {
            (!s.is_empty()).then(|| original.as_deref().unwrap_or("").trim().to_string())
        })
    };
    issuer
        .and_then(own)
        .or_else(|| title.and_then(|t| whole(&doc.title, t)))
        .unwrap_or_else(|| doc.id.clone())
}

/// Labels shared by several documents get the year (`衢州市 2022`), and those still shared the id.
pub fn make_labels_unique(metas: &mut [DocMeta]) {
    let shared = |metas: &[DocMeta]| -> Vec<bool> {
        let mut count: HashMap<&str, usize> = HashMap::new();
        for m in metas {
            *count.entry(m.label.as_str()).or_default() += 1;
        }
        metas.iter().map(|m| count[m.label.as_str()] > 1).collect()
    };
    let first = shared(metas);
    for (m, shared) in metas.iter_mut().zip(first) {
        if let (true, Some(year)) = (shared, m.year) {
            m.label = format!("{} {year}", m.label);
        }
    }
    let still = shared(metas);
    for (m, shared) in metas.iter_mut().zip(still) {
        if shared {
            m.label = format!("{} ({})", m.label, m.id);
        }
    }
}

/// `2022` of `2022-05-22`.
fn year_of(date: &str) -> Option<i32> {
    date.get(..4)?.parse().ok()
}

/// The year in a document number's brackets: `平卫政〔2022〕15号` → 2022.
fn year_in_number(number: &str) -> Option<i32> {
    let open = number.find(['〔', '[', '［', '【', '(', '（'])?;
    let digits: String = number[open..]
        .chars()
        .skip(1)
        .take_while(char::is_ascii_digit)
        .collect();
    (digits.len() == 4).then(|| digits.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;
    use crate::structure;

    fn doc(id: &str, issuer: Option<&str>, title: Option<&str>) -> ParsedDoc {
        let mut d = structure::parse(&Document::from_text(id, "第一条 内容。\n"));
        d.issuer = issuer.map(str::to_string);
        d.title = title.map(str::to_string);
        d
    }

    #[test]
    fn government_level_and_parent_from_the_issuer_else_the_title() {
        let m = DocMeta::of(&doc(
            "g",
            Some("杭州市拱墅区人民政府"),
            Some("杭州市拱墅区人民政府工作规则"),
        ));
        assert_eq!(
            (
                m.label.as_str(),
                m.government.as_deref(),
                m.level.as_deref(),
                m.parent.as_deref()
            ),
            (
                "杭州市拱墅区",
                Some("杭州市拱墅区"),
                Some("区"),
                Some("杭州市")
            )
        );
        let m = DocMeta::of(&doc("q", None, Some("衢州市人民政府工作规则")));
        assert_eq!(
            (
                m.label.as_str(),
                m.government.as_deref(),
                m.level.as_deref()
            ),
            ("衢州市", Some("衢州市"), Some("市"))
        );
        let m = DocMeta::of(&doc("l", None, Some("中华人民共和国刑法")));
        assert_eq!(
            (
                m.label.as_str(),
                m.government.as_deref(),
                m.level.as_deref()
            ),
            ("中华人民共和国刑法", Some("中华人民共和国"), Some("国家"))
        );
        let m = DocMeta::of(&doc(
            "c",
            Some("最高人民法院"),
            Some("关于审理专利纠纷案件的规定"),
        ));
        assert_eq!(
            (m.label.as_str(), m.level.as_deref()),
            ("关于审理专利纠纷案件的规定", Some("国家"))
        );
        let m = DocMeta::of(&doc("x-2021", Some("人民政府"), None));
        assert_eq!((m.label.as_str(), m.government), ("x-2021", None));
        assert_eq!(DocMeta::of(&doc("x-2021", None, None)).label, "x-2021");
    }

    #[test]
    fn a_traditional_issuer_keeps_its_characters() {
        let mut d = structure::parse(&Document::from_text("t", "第一條 會議由區長主持。\n"));
        assert!(d.script.is_mapped());
        d.issuer = Some("佳木斯市前進區人民政府辦公室".into());
        let m = DocMeta::of(&d);
        assert_eq!(m.label, "佳木斯市前進區");
        assert_eq!(m.government.as_deref(), Some("佳木斯市前進區"));
        assert_eq!(
            (m.level.as_deref(), m.parent.as_deref()),
            (Some("区"), Some("佳木斯市"))
        );
    }

    #[test]
    fn years_from_the_date_else_the_document_number() {
        let mut d = doc("a", None, None);
        d.doc_number = Some("平卫政〔2022〕15号".into());
        assert_eq!(DocMeta::of(&d).year, Some(2022));
        d.date = Some("2021-07-27".into());
        assert_eq!(DocMeta::of(&d).year, Some(2021));
    }

    #[test]
    fn shared_labels_get_the_year_then_the_id() {
        let meta = |id: &str, label: &str, year: Option<i32>| DocMeta {
            id: id.into(),
            label: label.into(),
            government: None,
            level: None,
            parent: None,
            date: None,
            year,
            doc_number: None,
            extra: BTreeMap::new(),
        };
        let mut m = vec![
            meta("q22", "衢州市", Some(2022)),
            meta("q24", "衢州市", Some(2024)),
            meta("a", "甲", Some(2020)),
            meta("b1", "乙", Some(2020)),
            meta("b2", "乙", Some(2020)),
        ];
        make_labels_unique(&mut m);
        let labels: Vec<&str> = m.iter().map(|m| m.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "衢州市 2022",
                "衢州市 2024",
                "甲",
                "乙 2020 (b1)",
                "乙 2020 (b2)"
            ]
        );
    }
}
