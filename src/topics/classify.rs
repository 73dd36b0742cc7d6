//! The classifier: chapters by the words of their title, so that 会议制度 / 完善会议制度 and 公文审批 /
//! 规范公文审批 / 公文处理 land on the same theme (a chapter whose title says nothing, by the topics of its
//! articles); articles, which have no titles in these texts, by keywords in their text: a hit in the lead
//! (the first clause) weighs most, one in the rest of the first sentence more than one later, a hit inside
//! an enumeration (全体会议、常务会议、专题会议) less. Linear in a text's length: all keywords are found in
//! one scan, and hits are compared only with their neighbours.

use std::collections::BTreeMap;

use super::{Classification, ClassifiedBy, DocTopics, Evidence, Taxonomy, TopicScore};
use crate::span::{CharIndex, Span};
use crate::structure::{Article, ParsedDoc};
use crate::text::fold::fold_dropping_whitespace as fold;
use crate::text::punctuation::{ends_comma_clause, ends_sentence, is_colon, is_semicolon};

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

/// One keyword or pattern hit in a folded text: its topic, which of the topic's keywords (then patterns)
/// matched, and the code points it covers.
#[derive(Clone, Debug)]
struct Hit {
    topic: usize,
    /// Keywords first (0..k), then patterns (k..): the order the topic lists them in.
    source: usize,
    range: std::ops::Range<usize>,
}

impl Taxonomy {
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
        finish(scores, ClassifiedBy::Title)
    }

    /// Classifies an article body: `text` starts at code point `offset` of the source. Topics of
    /// `context_theme` (the chapter's theme) are preferred. Linear in the text's length (plus the hits):
    /// the keywords are found in one scan, and only nearby hits are compared with each other.
    pub fn classify_text(
        &self,
        text: &str,
        offset: usize,
        context_theme: Option<&str>,
    ) -> Classification {
        let (folded, map) = fold(text);
        let chars: Vec<char> = folded.chars().collect();
        let lead_end = lead_end(&folded);
        let sentence_end = sentence_end(&folded);
        let hits = self.hits(&folded);
        let theme_of = |h: &Hit| self.topics[h.topic].theme.as_str();
        // Hits by start, to find the neighbours of a hit without comparing every pair.
        let mut by_start: Vec<usize> = (0..hits.len()).collect();
        by_start.sort_by_key(|i| (hits[*i].range.start, *i));
        let longest = hits.iter().map(|h| h.range.len()).max().unwrap_or(0);
        // The hits starting in [from, to).
        let starting_in = |from: usize, to: usize| -> &[usize] {
            let lo = by_start.partition_point(|i| hits[*i].range.start < from);
            let hi = by_start.partition_point(|i| hits[*i].range.start < to);
            &by_start[lo..hi.max(lo)]
        };
        let mut per_topic: BTreeMap<usize, BTreeMap<String, Vec<f64>>> = BTreeMap::new();
        let mut evidence: BTreeMap<usize, Vec<Evidence>> = BTreeMap::new();
        for (i, h) in hits.iter().enumerate() {
            let r = &h.range;
            // Only topics of one theme make an enumeration (全体会议、常务会议), not 会议 and 副区长.
            // Only neighbouring items count: 纪要 in 常务会议、办公会议的纪要 is not an item of the list.
            // An item of the same enumeration lies within 8 characters before or after the hit.
            let near = starting_in(r.start.saturating_sub(8 + longest), r.end + 9);
            let enumerated = near.iter().any(|&j| {
                let h2 = &hits[j];
                j != i
                    && h2.topic != h.topic
                    && theme_of(h2) == theme_of(h)
                    && is_enumeration(&chars, r, &h2.range)
                    && !starting_in(r.end.min(h2.range.end), r.start.max(h2.range.start) + 1)
                        .iter()
                        .any(|&k| {
                            let r3 = &hits[k].range;
                            k != i
                                && k != j
                                && theme_of(&hits[k]) == theme_of(h)
                                && r3.end <= r.start.max(h2.range.start)
                        })
            });
            let lead = r.start < lead_end;
            let mut w = self.topics[h.topic].weight;
            if lead {
                w *= LEAD_FACTOR;
            } else if r.start < sentence_end {
                w *= SENTENCE_FACTOR;
            }
            if enumerated {
                w *= ENUMERATION_FACTOR;
            }
            let word = self.hit_word(h);
            per_topic
                .entry(h.topic)
                .or_default()
                .entry(word.clone())
                .or_default()
                .push(w);
            evidence.entry(h.topic).or_default().push(Evidence {
                word,
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
        finish(scores, ClassifiedBy::Text)
    }

    /// Every hit of every topic's keywords and patterns in a folded text, in the order the taxonomy lists
    /// them (topic, then its keywords and patterns, then position); each keyword's occurrences do not
    /// overlap, as `str::match_indices` finds them. A hit inside a longer hit of the same topic (规范性文件
    /// in 行政规范性文件), or inside an equal one listed before it, is the same evidence and left out.
    fn hits(&self, folded: &str) -> Vec<Hit> {
        let index = CharIndex::new(folded);
        let char_range = |b: std::ops::Range<usize>| {
            index.char_of_byte(folded, b.start)..index.char_of_byte(folded, b.end)
        };
        let mut hits: Vec<Hit> = Vec::new();
        // Per keyword, where its last occurrence ended (occurrences of one keyword do not overlap).
        let mut last_end = vec![0usize; self.keywords.source.len()];
        for m in self.keywords.automaton.find_overlapping_iter(folded) {
            let p = m.pattern().as_usize();
            if m.start() < last_end[p] {
                continue;
            }
            last_end[p] = m.end();
            let (topic, source) = self.keywords.source[p];
            hits.push(Hit {
                topic,
                source,
                range: char_range(m.start()..m.end()),
            });
        }
        for (ti, topic) in self.topics.iter().enumerate() {
            for (pi, p) in topic.patterns.iter().enumerate() {
                for m in p.find_iter(folded) {
                    hits.push(Hit {
                        topic: ti,
                        source: topic.keywords.len() + pi,
                        range: char_range(m.start()..m.end()),
                    });
                }
            }
        }
        hits.sort_by_key(|h| (h.topic, h.source, h.range.start));
        // Containment, per topic: sorted by start, longer first, then listing order, a hit is contained
        // exactly when an earlier one reaches at least as far.
        let mut order: Vec<usize> = (0..hits.len()).collect();
        order.sort_by_key(|i| {
            let h = &hits[*i];
            (h.topic, h.range.start, std::cmp::Reverse(h.range.end), *i)
        });
        let mut keep = vec![true; hits.len()];
        let mut reach: Option<(usize, usize)> = None;
        for i in order {
            let h = &hits[i];
            match reach {
                Some((topic, end)) if topic == h.topic => {
                    if end >= h.range.end {
                        keep[i] = false;
                    } else {
                        reach = Some((topic, h.range.end));
                    }
                }
                _ => reach = Some((h.topic, h.range.end)),
            }
        }
        hits.into_iter()
            .zip(keep)
            .filter(|(_, k)| *k)
            .map(|(h, _)| h)
            .collect()
    }

    /// The keyword or the pattern (as written in the taxonomy) behind a hit.
    fn hit_word(&self, h: &Hit) -> String {
        let topic = &self.topics[h.topic];
        match topic.keywords.get(h.source) {
            Some(kw) => kw.clone(),
            None => topic.patterns[h.source - topic.keywords.len()]
                .as_str()
                .to_string(),
        }
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
        finish(scores, ClassifiedBy::Articles)
    }
}

/// Sorts candidates (score descending, then name), keeps five, decides ambiguity.
fn finish(mut scores: Vec<TopicScore>, method: ClassifiedBy) -> Classification {
    for s in &mut scores {
        s.score = crate::round::round_to(s.score, 3);
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

/// End (in folded chars) of the lead: the first comma clause (up to ，。；：！？), where the article names its subject.
fn lead_end(folded: &str) -> usize {
    folded
        .chars()
        .position(ends_comma_clause)
        .map(|p| p + 1)
        .unwrap_or(usize::MAX)
}

/// End (in folded chars) of the first sentence or semicolon or colon clause (up to 。！？；：).
fn sentence_end(folded: &str) -> usize {
    folded
        .chars()
        .position(|c| ends_sentence(c) || is_semicolon(c) || is_colon(c))
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
        && !gap.iter().any(|&c| ends_comma_clause(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The classifier as it was before it was made linear (every keyword searched separately, every
    /// pair of hits compared): the definition the linear one must reproduce exactly.
    fn reference(
        this: &Taxonomy,
        text: &str,
        offset: usize,
        context_theme: Option<&str>,
    ) -> Classification {
        let (folded, map) = fold(text);
        let lead_end = lead_end(&folded);
        let sentence_end = sentence_end(&folded);
        // Every hit of every topic, as (topic index, word, folded char range).
        let mut hits: Vec<(usize, String, std::ops::Range<usize>)> = Vec::new();
        for (ti, topic) in this.topics.iter().enumerate() {
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
            let same_theme = |j: usize| this.topics[hits[j].0].theme == this.topics[*ti].theme;
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
            let mut w = this.topics[*ti].weight;
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
            let topic = &this.topics[ti];
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
        finish(scores, ClassifiedBy::Text)
    }

    #[test]
    fn linear_classification_equals_the_pairwise_definition() {
        let t = Taxonomy::builtin();
        let mut texts: Vec<String> = Vec::new();
        for f in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus")).unwrap() {
            let path = f.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text = std::fs::read_to_string(&path).unwrap();
                texts.extend(text.split('\n').map(str::to_string));
                texts.push(text);
            }
        }
        // Enumerations, nested and repeated keywords, overlapping hits of one keyword, spaces, no breaks.
        texts.extend(
            [
                "区政府全体会议、区政府常务会议、区长办公会议、专题会议和区长碰头会由区长召集。",
                "行政规范性文件、规范性文件和规范性文件备案，常务会议常务会议常务会议。",
                "会议会议会议纪要纪要，常 务 会 议、全体会议及专题会议或办公会议与碰头会。",
                "",
                "请销假请销假；公文公文审批、会签、签发。",
            ]
            .map(String::from),
        );
        let mut x = 17u64;
        let pieces = [
            "常务会议",
            "、",
            "全体会议",
            "和",
            "纪要",
            "，",
            "。",
            "会议",
            "签发",
            "规范性文件",
            "行政",
            " ",
            "区长",
            "请假",
        ];
        for _ in 0..300 {
            let mut s = String::new();
            for _ in 0..(x % 40) {
                x = crate::features::vectors::splitmix64(x);
                s.push_str(pieces[(x % pieces.len() as u64) as usize]);
            }
            texts.push(s);
        }
        for (i, text) in texts.iter().enumerate() {
            for theme in [None, Some("会议制度"), Some("公文审批")] {
                assert_eq!(
                    t.classify_text(text, 7, theme),
                    reference(&t, text, 7, theme),
                    "text {i}: {text}"
                );
            }
        }
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
}
