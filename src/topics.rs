//! The topic taxonomy and the classifier: which chapter theme (会议制度, 公文审批 …) a chapter belongs to,
//! and which finer topic (常务会议, 请示会签 …) an article treats, each with a score and the evidence
//! (the matched words, with spans into the source).
//!
//! The taxonomy is data (`corpus/topics.toml`, embedded; a researcher's own file replaces it). Chapters are
//! classified by the words of their title, so that 会议制度 / 完善会议制度 and 公文审批 / 规范公文审批 / 公文处理
//! land on the same theme; a chapter whose title says nothing is classified by the topics of its articles.
//! Articles have no titles in these texts, so they are classified by keywords in their text: a hit in the
//! lead (the first clause) weighs most, one in the rest of the first sentence more than one later, a hit inside an enumeration (全体会议、常务会议、专题会议) less.

use std::collections::BTreeMap;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::span::Span;
use crate::structure::{Article, ParsedDoc};

/// The bundled taxonomy.
pub const BUILTIN_TAXONOMY: &str = include_str!("../corpus/topics.toml");

/// How much a keyword hit in the lead sentence counts, relative to one elsewhere.
const LEAD_FACTOR: f64 = 3.0;
/// How much a hit in the rest of the first sentence counts.
const SENTENCE_FACTOR: f64 = 2.0;
/// How much a hit that is one item of an enumeration counts.
const ENUMERATION_FACTOR: f64 = 0.3;
/// A topic from the chapter's own theme is preferred by this factor.
const THEME_PRIOR: f64 = 1.5;
/// Two best scores closer than this ratio make a classification ambiguous.
const AMBIGUITY_RATIO: f64 = 0.8;
/// A chapter classified by content needs at least this mean score per article.
const MIN_CONTENT_SCORE: f64 = 1.0;

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

/// The topics of one unit, best first.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Classification {
    /// The best topic, if any word matched.
    pub topic: Option<String>,
    /// The runner-up scores at least 80% of the best: the text does not settle the topic.
    pub ambiguous: bool,
    /// How the chapter was classified: `title` or `articles` (articles: always `text`).
    pub method: &'static str,
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
                keywords: spec.keywords.iter().map(|k| fold(k).0).collect(),
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
                title_words: t.title_words.iter().map(|w| fold(w).0).collect(),
                keywords: t.keywords.iter().map(|w| fold(w).0).collect(),
                id: t.id,
            })
            .collect();
        Ok(Taxonomy { themes, topics })
    }

    /// The theme a topic belongs to.
    pub fn theme_of(&self, topic: &str) -> Option<&str> {
        self.topics
            .iter()
            .find(|t| t.id == topic)
            .map(|t| t.theme.as_str())
    }

    /// Classifies a chapter title alone; `offset` is the title's code-point offset in the source.
    pub fn classify_title(&self, title: &str, offset: usize) -> Classification {
        let (folded, map) = fold(title);
        let mut scores = Vec::new();
        for theme in &self.themes {
            let mut evidence: Vec<Evidence> = Vec::new();
            let mut score = 0.0;
            for word in &theme.title_words {
                for hit in find_all(&folded, word) {
                    score += word.chars().count() as f64;
                    evidence.push(Evidence {
                        word: word.clone(),
                        span: map_span(&map, hit, offset),
                        place: "title",
                        enumerated: false,
                    });
                }
            }
            if score > 0.0 {
                scores.push(TopicScore {
                    topic: theme.id.clone(),
                    score,
                    evidence,
                });
            }
        }
        finish(scores, "title")
    }

    /// Classifies an article body: `text` starts at code point `offset` of the source. Topics of
    /// `context_theme` (the chapter's theme) are preferred.
    pub fn classify_text(
        &self,
        text: &str,
        offset: usize,
        context_theme: Option<&str>,
    ) -> Classification {
        let (folded, map) = fold(text);
        let lead_end = lead_end(&folded);
        let sentence_end = sentence_end(&folded);
        // Every hit of every topic, as (topic index, word, folded char range).
        let mut hits: Vec<(usize, String, std::ops::Range<usize>)> = Vec::new();
        for (ti, topic) in self.topics.iter().enumerate() {
            for kw in &topic.keywords {
                for r in find_all(&folded, kw) {
                    hits.push((ti, kw.clone(), r));
                }
            }
            for p in &topic.patterns {
                for m in p.find_iter(&folded) {
                    let r = char_range(&folded, m.start()..m.end());
                    hits.push((ti, p.as_str().to_string(), r));
                }
            }
        }
        // A hit inside a longer hit of the same topic (规范性文件 in 行政规范性文件) is the same evidence.
        let contained = |i: usize| {
            let (ti, _, r) = &hits[i];
            hits.iter().enumerate().any(|(j, (tj, _, r2))| {
                j != i
                    && tj == ti
                    && r2.start <= r.start
                    && r.end <= r2.end
                    && (r2.len() > r.len() || j < i)
            })
        };
        let keep: Vec<bool> = (0..hits.len()).map(|i| !contained(i)).collect();
        let hits: Vec<_> = hits
            .into_iter()
            .zip(keep)
            .filter(|(_, k)| *k)
            .map(|(h, _)| h)
            .collect();
        let chars: Vec<char> = folded.chars().collect();
        let mut per_topic: BTreeMap<usize, BTreeMap<String, Vec<f64>>> = BTreeMap::new();
        let mut evidence: BTreeMap<usize, Vec<Evidence>> = BTreeMap::new();
        for (i, (ti, word, r)) in hits.iter().enumerate() {
            // Only topics of one theme make an enumeration (全体会议、常务会议), not 会议 and 副区长.
            // Only neighbouring items count: 纪要 in 常务会议、办公会议的纪要 is not an item of the list.
            let same_theme = |j: usize| self.topics[hits[j].0].theme == self.topics[*ti].theme;
            let enumerated = hits.iter().enumerate().any(|(j, (tj, _, r2))| {
                j != i
                    && tj != ti
                    && same_theme(j)
                    && is_enumeration(&chars, r, r2)
                    && !hits.iter().enumerate().any(|(k, (_, _, r3))| {
                        k != i
                            && k != j
                            && same_theme(k)
                            && r3.start >= r.end.min(r2.end)
                            && r3.end <= r.start.max(r2.start)
                    })
            });
            let lead = r.start < lead_end;
            let mut w = self.topics[*ti].weight;
            if lead {
                w *= LEAD_FACTOR;
            } else if r.start < sentence_end {
                w *= SENTENCE_FACTOR;
            }
            if enumerated {
                w *= ENUMERATION_FACTOR;
            }
            per_topic
                .entry(*ti)
                .or_default()
                .entry(word.clone())
                .or_default()
                .push(w);
            evidence.entry(*ti).or_default().push(Evidence {
                word: word.clone(),
                span: map_span(&map, r.clone(), offset),
                place: if lead {
                    "lead"
                } else if r.start < sentence_end {
                    "sentence"
                } else {
                    "body"
                },
                enumerated,
            });
        }
        let mut scores = Vec::new();
        for (ti, words) in per_topic {
            let topic = &self.topics[ti];
            // Repeating a word adds little: the best hit counts fully, the others a quarter.
            let mut score: f64 = words
                .values()
                .map(|ws| {
                    let best = ws.iter().cloned().fold(0.0, f64::max);
                    best + 0.25 * (ws.iter().sum::<f64>() - best)
                })
                .sum();
            if context_theme == Some(topic.theme.as_str()) {
                score *= THEME_PRIOR;
            }
            let mut ev = evidence.remove(&ti).unwrap_or_default();
            ev.sort_by_key(|e| (e.span, e.word.clone()));
            ev.dedup_by(|a, b| a.span == b.span && a.word == b.word);
            scores.push(TopicScore {
                topic: topic.id.clone(),
                score,
                evidence: ev,
            });
        }
        finish(scores, "text")
    }

    /// Classifies an article (its body, without the marker).
    pub fn classify_article(
        &self,
        article: &Article,
        context_theme: Option<&str>,
    ) -> Classification {
        self.classify_article_text(&article.text, article, context_theme)
    }

    /// Classifies an article whose text reads `text` (its text, or the simplified form of it).
    fn classify_article_text(
        &self,
        text: &str,
        article: &Article,
        context_theme: Option<&str>,
    ) -> Classification {
        let skip = article.body_span.start.saturating_sub(article.span.start);
        let body: String = text.chars().skip(skip).collect();
        self.classify_text(&body, article.body_span.start, context_theme)
    }

    /// Classifies every chapter and article of a document. Chapters first by title; then articles with
    /// their chapter's theme as context; then chapters with a silent title by their articles' topics.
    /// Titles and texts are read as the analysis reads them ([`ParsedDoc::analysed`]).
    pub fn classify_doc(&self, doc: &ParsedDoc) -> DocTopics {
        let mut chapters: BTreeMap<u32, Classification> = BTreeMap::new();
        for ch in &doc.chapters {
            let offset = title_offset(doc, ch);
            chapters.insert(
                ch.number,
                self.classify_title(&doc.analysed(&ch.title), offset),
            );
        }
        let articles: Vec<Classification> = doc
            .articles
            .iter()
            .map(|a| {
                let theme = a
                    .chapter
                    .and_then(|c| chapters.get(&c))
                    .and_then(|c| c.topic.as_deref());
                self.classify_article_text(&doc.analysed(&a.text), a, theme)
            })
            .collect();
        for ch in &doc.chapters {
            if chapters[&ch.number].topic.is_some() {
                continue;
            }
            let members: Vec<(&Article, &Classification)> = doc
                .articles
                .iter()
                .zip(&articles)
                .filter(|(a, _)| a.chapter == Some(ch.number))
                .collect();
            chapters.insert(ch.number, self.classify_by_articles(&members));
        }
        DocTopics {
            doc: doc.id.clone(),
            chapters,
            articles,
        }
    }

    fn classify_by_articles(&self, members: &[(&Article, &Classification)]) -> Classification {
        let mut by_theme: BTreeMap<&str, (f64, Vec<Evidence>)> = BTreeMap::new();
        for (article, c) in members {
            let Some(best) = c.candidates.first() else {
                continue;
            };
            let Some(theme) = self.theme_of(&best.topic) else {
                continue;
            };
            let entry = by_theme.entry(theme).or_default();
            entry.0 += best.score;
            entry.1.push(Evidence {
                word: best.topic.clone(),
                span: article.span,
                place: "articles",
                enumerated: false,
            });
        }
        let n = members.len().max(1) as f64;
        let scores = by_theme
            .into_iter()
            .filter(|(_, (s, _))| s / n >= MIN_CONTENT_SCORE)
            .map(|(theme, (score, evidence))| TopicScore {
                topic: theme.to_string(),
                score,
                evidence,
            })
            .collect();
        finish(scores, "articles")
    }
}

/// Sorts candidates (score descending, then name), keeps five, decides ambiguity.
fn finish(mut scores: Vec<TopicScore>, method: &'static str) -> Classification {
    for s in &mut scores {
        s.score = (s.score * 1000.0).round() / 1000.0;
    }
    scores.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.topic.cmp(&b.topic)));
    scores.truncate(5);
    let ambiguous = scores.len() > 1 && scores[1].score >= AMBIGUITY_RATIO * scores[0].score;
    Classification {
        topic: scores.first().map(|s| s.topic.clone()),
        ambiguous,
        method,
        candidates: scores,
    }
}

/// The code-point offset of a chapter's title in the source: after the 第X章 marker on the heading line.
fn title_offset(doc: &ParsedDoc, ch: &crate::structure::Chapter) -> usize {
    let heading: String = doc
        .text
        .chars()
        .skip(ch.heading_span.start)
        .take(ch.heading_span.len())
        .collect();
    match heading.find('章') {
        Some(b) => ch.heading_span.start + heading[..b].chars().count() + 1,
        None => ch.heading_span.start,
    }
}

/// Folds text for matching: whitespace removed, ASCII and full-width forms of punctuation and
/// alphanumerics unified. Returns the folded text and, for each of its characters, the code-point
/// offset of the character it came from.
pub fn fold(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() / 3);
    for (i, c) in text.chars().enumerate() {
        if c.is_whitespace() {
            continue;
        }
        out.push(fold_char(c));
        map.push(i);
    }
    map.push(text.chars().count());
    (out, map)
}

/// One character's folded form: Chinese punctuation for its ASCII twin, ASCII for full-width letters and digits.
pub fn fold_char(c: char) -> char {
    match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '(' => '（',
        ')' => '）',
        '!' => '！',
        '?' => '？',
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '＋' | '－' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

/// Char ranges of every (non-overlapping) occurrence of `needle` in `hay`.
fn find_all(hay: &str, needle: &str) -> Vec<std::ops::Range<usize>> {
    if needle.is_empty() {
        return vec![];
    }
    hay.match_indices(needle)
        .map(|(b, m)| char_range(hay, b..b + m.len()))
        .collect()
}

fn char_range(s: &str, bytes: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let start = s[..bytes.start].chars().count();
    start..start + s[bytes.start..bytes.end].chars().count()
}

fn map_span(map: &[usize], r: std::ops::Range<usize>, offset: usize) -> Span {
    let start = map[r.start];
    // The end is one past the last matched character (not the start of the next, which may follow spaces).
    let end = if r.end > r.start {
        map[r.end - 1] + 1
    } else {
        start
    };
    Span::new(offset + start, offset + end)
}

/// End (in folded chars) of the lead: the first clause, up to ，。；：, where the article names its subject.
fn lead_end(folded: &str) -> usize {
    folded
        .chars()
        .position(|c| matches!(c, '。' | '；' | '：' | '，'))
        .map(|p| p + 1)
        .unwrap_or(usize::MAX)
}

/// End (in folded chars) of the first sentence, up to 。；：.
fn sentence_end(folded: &str) -> usize {
    folded
        .chars()
        .position(|c| matches!(c, '。' | '；' | '：'))
        .map(|p| p + 1)
        .unwrap_or(usize::MAX)
}

/// Two hits are items of one enumeration when at most 8 characters separate them and the gap holds
/// a list separator (、 和 及 与 或) and no sentence break.
fn is_enumeration(chars: &[char], a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    let (first, second) = if a.start <= b.start { (a, b) } else { (b, a) };
    if second.start < first.end {
        return false;
    }
    let gap = &chars[first.end..second.start];
    gap.len() <= 8
        && gap
            .iter()
            .any(|c| matches!(c, '、' | '和' | '及' | '与' | '或'))
        && !gap.iter().any(|c| matches!(c, '。' | '；' | '：' | '，'))
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
    fn enumerated_meetings_count_less_than_the_subject() {
        let t = Taxonomy::builtin();
        let c = t.classify_text(
            "提请区政府全体会议、区政府常务会议、区长碰头会讨论的议题，由区长直接提议。",
            0,
            Some("会议制度"),
        );
        assert_eq!(c.topic.as_deref(), Some("会议议题"));
        let c = t.classify_text(
            "区政府实行区政府全体会议、区政府常务会议、区政府专题会议、区长碰头会等会议制度。",
            0,
            Some("会议制度"),
        );
        assert_eq!(c.topic.as_deref(), Some("会议种类"));
        let c = t.classify_text(
            "市政府常务会议由市长、副市长、秘书长组成,由市长召集和主持。",
            0,
            Some("会议制度"),
        );
        assert_eq!(c.topic.as_deref(), Some("常务会议"));
    }

    #[test]
    fn evidence_spans_point_into_the_source_despite_spaces() {
        let t = Taxonomy::builtin();
        let text = "区政府组成人员要严格执行 请销假制度。";
        let c = t.classify_text(text, 100, Some("工作纪律"));
        assert_eq!(c.topic.as_deref(), Some("请销假"));
        let ev = &c.candidates[0].evidence[0];
        let s: String = text
            .chars()
            .skip(ev.span.start - 100)
            .take(ev.span.len())
            .collect();
        assert_eq!(s, "请销假");
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
