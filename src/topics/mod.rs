//! The topic taxonomy: chapter themes (会议制度, 公文审批 …) and the finer article topics (常务会议, 请示会签
//! …) with their keywords and patterns, read from data (`corpus/topics.toml`, embedded; a researcher's own
//! file replaces it), and the classifications that `classify` computes from it: each candidate topic with
//! its score and evidence (the matched words, with spans into the source).

mod classify;

use std::collections::BTreeMap;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::span::Span;
use crate::text::fold::fold_dropping_whitespace;

/// The bundled taxonomy.
pub const BUILTIN_TAXONOMY: &str = include_str!("../../corpus/topics.toml");

/// A chapter theme.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub id: String,
    #[serde(default)]
    pub title_words: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicSpec {
    id: String,
    theme: String,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    patterns: Vec<String>,
    #[serde(default)]
    weight: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TaxonomyFile {
    #[serde(default)]
    theme: Vec<Theme>,
    #[serde(default)]
    topic: Vec<TopicSpec>,
}

/// An article topic.
#[derive(Clone, Debug)]
pub struct Topic {
    pub id: String,
    pub theme: String,
    pub keywords: Vec<String>,
    pub patterns: Vec<Regex>,
    pub weight: f64,
}

/// Chapter themes and article topics.
#[derive(Clone, Debug)]
pub struct Taxonomy {
    pub themes: Vec<Theme>,
    pub topics: Vec<Topic>,
    /// Every topic keyword in one automaton, so a text is scanned once whatever the number of keywords.
    keywords: KeywordIndex,
}

/// The topics' keywords as one Aho–Corasick automaton; pattern `p` is keyword `source[p].1` of topic
/// `source[p].0`.
#[derive(Clone, Debug)]
struct KeywordIndex {
    automaton: aho_corasick::AhoCorasick,
    source: Vec<(usize, usize)>,
}

impl KeywordIndex {
    fn new(topics: &[Topic]) -> Result<KeywordIndex, String> {
        let mut words = Vec::new();
        let mut source = Vec::new();
        for (ti, t) in topics.iter().enumerate() {
            for (ki, kw) in t.keywords.iter().enumerate() {
                if !kw.is_empty() {
                    words.push(kw.as_str());
                    source.push((ti, ki));
                }
            }
        }
        let automaton = aho_corasick::AhoCorasick::new(&words).map_err(|e| e.to_string())?;
        Ok(KeywordIndex { automaton, source })
    }
}

/// Why a unit got a topic: one matched word or pattern.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    /// The keyword, title word or pattern that matched.
    pub word: String,
    /// Where it matched, in code points into the source text.
    pub span: Span,
    /// `title`, `lead` (first clause), `sentence` (rest of the first sentence), `body`, or `articles`
    /// (a chapter classified by its articles).
    pub place: &'static str,
    /// The hit is one item of an enumeration and counted less.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub enumerated: bool,
}

/// One candidate topic (or theme) of a unit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TopicScore {
    pub topic: String,
    pub score: f64,
    pub evidence: Vec<Evidence>,
}

/// What a unit was classified by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClassifiedBy {
    /// A chapter, by the words of its title.
    Title,
    /// A chapter whose title says nothing, by the topics of its articles.
    Articles,
    /// An article (or any text), by the keywords and patterns in it.
    Text,
}

impl ClassifiedBy {
    /// The name the JSON gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            ClassifiedBy::Title => "title",
            ClassifiedBy::Articles => "articles",
            ClassifiedBy::Text => "text",
        }
    }
}

/// The topics of one unit, best first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Classification {
    /// The best topic, if any word matched.
    pub topic: Option<String>,
    /// The runner-up scores at least 80% of the best: the text does not settle the topic.
    pub ambiguous: bool,
    /// How the chapter was classified: `title` or `articles` (articles: always `text`).
    pub method: ClassifiedBy,
    /// Up to five candidates, best first.
    pub candidates: Vec<TopicScore>,
}

/// The classification of every chapter and article of one document.
#[derive(Clone, Debug, Serialize)]
pub struct DocTopics {
    pub doc: String,
    /// By chapter number.
    pub chapters: BTreeMap<u32, Classification>,
    /// In the order of `ParsedDoc::articles`.
    pub articles: Vec<Classification>,
}

impl Taxonomy {
    /// The bundled taxonomy (`corpus/topics.toml`).
    pub fn builtin() -> Taxonomy {
        Taxonomy::from_toml(BUILTIN_TAXONOMY, "corpus/topics.toml")
            .expect("the bundled taxonomy is valid")
    }

    /// Reads a taxonomy file.
    pub fn load(path: &std::path::Path) -> Result<Taxonomy> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Taxonomy::from_toml(&text, &path.display().to_string())
    }

    /// Parses taxonomy TOML; `origin` names the file in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Taxonomy> {
        let bad = |message: String| Error::Resource {
            path: origin.to_string(),
            message,
        };
        let file: TaxonomyFile = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
        if file.theme.is_empty() {
            return Err(bad("no [[theme]] entries".into()));
        }
        let mut topics = Vec::with_capacity(file.topic.len());
        for spec in file.topic {
            if !file.theme.iter().any(|t| t.id == spec.theme) {
                return Err(bad(format!(
                    "topic {} names an unknown theme {}",
                    spec.id, spec.theme
                )));
            }
            let patterns = spec
                .patterns
                .iter()
                .map(|p| {
                    Regex::new(p).map_err(|e| bad(format!("topic {}: pattern {p}: {e}", spec.id)))
                })
                .collect::<Result<Vec<_>>>()?;
            topics.push(Topic {
                keywords: spec
                    .keywords
                    .iter()
                    .map(|k| fold_dropping_whitespace(k).0)
                    .collect(),
                id: spec.id,
                theme: spec.theme,
                patterns,
                weight: spec.weight.unwrap_or(1.0),
            });
        }
        let themes = file
            .theme
            .into_iter()
            .map(|t| Theme {
                title_words: t
                    .title_words
                    .iter()
                    .map(|w| fold_dropping_whitespace(w).0)
                    .collect(),
                keywords: t
                    .keywords
                    .iter()
                    .map(|w| fold_dropping_whitespace(w).0)
                    .collect(),
                id: t.id,
            })
            .collect();
        let keywords = KeywordIndex::new(&topics).map_err(bad)?;
        Ok(Taxonomy {
            themes,
            topics,
            keywords,
        })
    }

    /// The theme a topic belongs to.
    pub fn theme_of(&self, topic: &str) -> Option<&str> {
        self.topics
            .iter()
            .find(|t| t.id == topic)
            .map(|t| t.theme.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_taxonomy_parses_and_every_topic_has_a_theme() {
        let t = Taxonomy::builtin();
        assert!(t.themes.len() >= 14);
        for topic in &t.topics {
            assert!(
                t.themes.iter().any(|th| th.id == topic.theme),
                "{}",
                topic.id
            );
        }
    }

    #[test]
    fn differently_worded_titles_share_a_theme() {
        let t = Taxonomy::builtin();
        for (title, theme) in [
            ("会议制度", "会议制度"),
            ("完善会议制度", "会议制度"),
            ("公文审批", "公文审批"),
            ("规范公文审批", "公文审批"),
            ("公文处理", "公文审批"),
            ("廉政和作风建设", "廉政和作风"),
            ("加强廉政和作风建设", "廉政和作风"),
            ("严守工作纪律", "工作纪律"),
            ("坚持和加强党的全面领导", "党的领导"),
            ("政府组成人员及职责", "组成人员职责"),
            ("全面正确履行职能", "政府职能"),
            ("实行科学民主依法决策", "决策"),
            ("健全监督制度", "监督"),
            ("总  则", "总则"),
            ("附 则", "附则"),
        ] {
            assert_eq!(
                t.classify_title(title, 0).topic.as_deref(),
                Some(theme),
                "{title}"
            );
        }
        assert_eq!(t.classify_title("个人信息处理规则", 0).topic, None);
    }

    #[test]
    fn classified_by_serializes_to_its_name() {
        for by in [
            ClassifiedBy::Title,
            ClassifiedBy::Articles,
            ClassifiedBy::Text,
        ] {
            assert_eq!(serde_json::to_value(by).unwrap(), by.as_str());
        }
    }

    #[test]
    fn bad_taxonomy_is_an_error_naming_the_file() {
        let e = Taxonomy::from_toml("[[theme]]\nid = 1\n", "my.toml").unwrap_err();
        assert!(e.to_string().contains("my.toml"));
        let e = Taxonomy::from_toml(
            "[[theme]]\nid = \"a\"\n[[topic]]\nid = \"x\"\ntheme = \"b\"\n",
            "t.toml",
        )
        .unwrap_err();
        assert!(e.to_string().contains("unknown theme"), "{e}");
    }
}
