//! Builds the [`ParsedDoc`] tree from a decoded document, line by line.
//!
//! 1. Split the text into lines and classify each one with [`patterns`](super::patterns).
//! 2. Decide how the document numbers its articles (第X条 or 一、) and skip a table of contents.
//! 3. Label the front matter (notice, document number, issuer, date, the rules' title).
//! 4. Walk the body: headings open parts, chapters and sections; article markers open articles; other
//!    lines are paragraphs and items of the open article; 抄送/印发/closing lines start the back matter;
//!    web boilerplate after the body is noise.
//! 5. Turn what was found into regions that cover the text, and check the result for anomalies.
//!
//! The parser never fails: whatever it cannot place is labelled and reported as a warning.

use super::patterns::{self, ArticleMarker, HeadingLine, ItemMarker, Level};
use super::*;
use crate::corpus::Document;

/// One line of the text with its offsets. `text` is the line trimmed of surrounding whitespace (and of a
/// leading `[bookmark: …]` artefact).
struct Line<'a> {
    text: &'a str,
    /// Byte offset of `text` in the document.
    byte_start: usize,
    /// Code-point offsets of `text`.
    start: usize,
    end: usize,
}

impl Line<'_> {
    fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
    fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
    /// Code-point offset of a byte offset inside `text`.
    fn char_at(&self, byte: usize) -> usize {
        self.start + self.text[..byte].chars().count()
    }
}

/// What a line looks like on its own.
enum Kind {
    Blank,
    Heading(HeadingLine),
    Tiao(ArticleMarker),
    Enumerated(ArticleMarker),
    Item(ItemMarker),
    Text,
}

fn classify(text: &str) -> Kind {
    let Some(first) = text.chars().next() else {
        return Kind::Blank;
    };
    if first == '第' {
        if let Some(h) = patterns::heading(text) {
            return Kind::Heading(h);
        }
        if let Some(a) = patterns::tiao(text) {
            return Kind::Tiao(a);
        }
    } else if super::numerals::CHINESE_NUMERAL_CHARS.contains(first) {
        if let Some(a) = patterns::enumerated(text) {
            return Kind::Enumerated(a);
        }
    } else if let Some(i) = patterns::item(text) {
        return Kind::Item(i);
    }
    Kind::Text
}

fn split_lines(text: &str) -> (Vec<Line<'_>>, Vec<Span>) {
    let mut lines = Vec::with_capacity(text.len() / 40 + 1);
    let mut bookmarks = Vec::new();
    let mut byte = 0;
    let mut ch = 0;
    for raw in text.split('\n') {
        let line_chars = raw.chars().count();
        let lead = raw.len() - raw.trim_start_matches(patterns::is_space).len();
        let mut t = patterns::trim(raw);
        let mut start_byte = byte + lead;
        if raw.contains("ookmark") {
            for r in patterns::bookmarks(raw) {
                let s = ch + raw[..r.start].chars().count();
                let e = s + raw[r.clone()].chars().count();
                bookmarks.push(Span::new(s, e));
            }
            // A leading artefact hides what the line is: classify what follows it.
            while let Some(r) = patterns::bookmarks(t).next().filter(|r| r.start == 0) {
                let rest = &t[r.end..];
                let skip = r.end + (rest.len() - rest.trim_start_matches(patterns::is_space).len());
                start_byte += skip;
                t = &t[skip..];
            }
        }
        let start = ch + raw[..start_byte - byte].chars().count();
        let end = start + t.chars().count();
        lines.push(Line {
            text: t,
            byte_start: start_byte,
            start,
            end,
        });
        byte += raw.len() + 1;
        ch += line_chars + 1;
    }
    (lines, bookmarks)
}

/// An article being read.
struct OpenArticle {
    marker: ArticleMarker,
    /// Index of the marker line; later lines of the article follow in `lines`.
    first: usize,
    lines: Vec<usize>,
    chapter: Option<u32>,
    section: Option<u32>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Body,
    Back,
    Trailing,
}

struct Builder<'a> {
    text: &'a str,
    lines: Vec<Line<'a>>,
    kinds: Vec<Kind>,
    /// Why each line is noise, if it is (see `chrome::label_lines`).
    noise: Vec<Option<&'static str>>,
    numbering: Numbering,
    regions: Vec<Region>,
    /// Noise inside units (page numbers, artefacts): carved out of the regions at the end.
    carved: Vec<(Span, &'static str)>,
    warnings: Vec<Warning>,
    parts: Vec<Part>,
    chapters: Vec<Chapter>,
    sections: Vec<Section>,
    articles: Vec<Article>,
    open_part: Option<usize>,
    open_chapter: Option<usize>,
    open_section: Option<usize>,
    open: Option<OpenArticle>,
    heading_since_article: bool,
    closing_issuer: Option<String>,
    closing_date: Option<String>,
    /// An unnumbered 附则 heading was seen.
    saw_unnumbered_annex: bool,
}

/// Parses one document. Never fails: anomalies become warnings.
///
/// A traditional or mixed document is parsed through its simplified form (same offsets); the strings of the
/// tree are then put back in the original's characters.
pub fn parse(doc: &Document) -> ParsedDoc {
    let script = crate::text::Script::detect(&doc.text);
    match script.analysis_form(&doc.text) {
        std::borrow::Cow::Borrowed(view) => ParsedDoc {
            script,
            ..parse_view(doc, view)
        },
        std::borrow::Cow::Owned(view) => {
            let mut parsed = parse_view(doc, &view);
            parsed.script = script;
            super::quote::requote(&mut parsed, &view);
            parsed.analysis = Some(view);
            parsed
        }
    }
}

/// Parses `doc` reading the lines of `text`: its text, or that text's simplified form.
fn parse_view(doc: &Document, text: &str) -> ParsedDoc {
    let (lines, bookmarks) = split_lines(text);
    let char_len = lines.last().map_or(0, |l| {
        // The last line has no newline after it.
        let raw_tail = &text[l.byte_start + l.text.len()..];
        l.end + raw_tail.chars().count()
    });
    let kinds: Vec<Kind> = lines.iter().map(|l| classify(l.text)).collect();
    // (A line that opens an article or a heading is never chrome; most lines do, so they are not read.)
    let noise = super::chrome::label_lines(lines.iter().zip(&kinds).map(|(l, k)| {
        (
            l.text,
            matches!(k, Kind::Text | Kind::Item(_) | Kind::Blank),
        )
    }));
    let numbering = decide_numbering(&kinds);
    let mut b = Builder {
        text,
        lines,
        kinds,
        noise,
        numbering,
        regions: Vec::new(),
        carved: bookmarks
            .into_iter()
            .map(|s| (s, "bookmark_artifact"))
            .collect(),
        warnings: Vec::new(),
        parts: Vec::new(),
        chapters: Vec::new(),
        sections: Vec::new(),
        articles: Vec::new(),
        open_part: None,
        open_chapter: None,
        open_section: None,
        open: None,
        heading_since_article: true,
        closing_issuer: None,
        closing_date: None,
        saw_unnumbered_annex: false,
    };
    let toc = b.find_toc();
    let body_start = b.body_start(toc.as_ref().map_or(0, |t| t.end));
    let front = b.front_matter(body_start, toc.clone());
    b.body(body_start);
    b.check_end();
    let regions = finish_regions(b.regions, b.carved, text, char_len);
    let mut warnings = b.warnings;
    if b.articles.is_empty() {
        warnings.push(Warning {
            kind: "no_articles".into(),
            message: "no article markers (第X条 or 一、) found".into(),
            span: None,
        });
    }
    warnings.sort_by_key(|w| {
        w.span
            .map_or((usize::MAX, usize::MAX), |s| (s.start, s.end))
    });
    ParsedDoc {
        id: doc.id.clone(),
        path: doc.path.display().to_string(),
        encoding: doc.encoding.to_string(),
        script: crate::text::Script::Simplified,
        char_len,
        title: front.title,
        issuer: front.issuer.or(b.closing_issuer),
        date: front.date.or(b.closing_date).or(front.adoption_date),
        doc_number: front.doc_number,
        notice_title: front.notice_title,
        numbering: if b.articles.is_empty() {
            Numbering::None
        } else {
            numbering
        },
        parts: b.parts,
        chapters: b.chapters,
        sections: b.sections,
        articles: b.articles,
        regions,
        warnings,
        text: doc.text.clone(),
        analysis: None,
    }
}

/// 第X条 documents have at least one 第X条 marker followed by a space (or two run into their text);
/// otherwise 一、 lines are the articles if there are any.
fn decide_numbering(kinds: &[Kind]) -> Numbering {
    let (mut strong, mut weak, mut enumerated) = (0, 0, 0);
    for k in kinds {
        match k {
            Kind::Tiao(a) if a.strong => strong += 1,
            Kind::Tiao(_) => weak += 1,
            Kind::Enumerated(_) => enumerated += 1,
            _ => {}
        }
    }
    if strong >= 1 || weak >= 2 {
        Numbering::Tiao
    } else if enumerated >= 1 {
        Numbering::Enumerated
    } else {
        Numbering::None
    }
}

/// What the front matter says about the document.
#[derive(Default)]
struct Front {
    title: Option<String>,
    issuer: Option<String>,
    date: Option<String>,
    adoption_date: Option<String>,
    doc_number: Option<String>,
    notice_title: Option<String>,
}

fn is_notice_title(t: &str) -> bool {
    const ENDS: &[&str] = &[
        "通知", "决定", "通告", "公告", "批复", "意见", "函", "命令", "令",
    ];
    (t.contains("关于")
        && (ENDS.iter().any(|e| t.ends_with(e)) || t.ends_with("印发") || t.ends_with("转发")))
        || t.ends_with("的通知")
        || t.ends_with("关于印发")
}

fn has_sentence_punctuation(t: &str) -> bool {
    t.contains(['，', '。', '；', '：', ',', ';', ':', '！', '？'])
}

fn is_title_candidate(t: &str) -> bool {
    let n = t.chars().count();
    (4..=60).contains(&n)
        && !has_sentence_punctuation(t)
        && !t.starts_with(['（', '('])
        && !t.starts_with("关于")
        && !is_notice_title(t)
        && patterns::find_date(t).is_none()
        && patterns::doc_number(t).is_none()
        && patterns::noise(t).is_none()
        && !patterns::org_line(t)
}

fn rule_suffix(t: &str) -> bool {
    const SUFFIX: &[&str] = &[
        "规则",
        "办法",
        "条例",
        "规定",
        "细则",
        "制度",
        "章程",
        "法",
        "决定",
        "解释",
        "准则",
        "纲要",
        "通则",
        "守则",
        "规程",
        "规范",
        "修正案",
        "草案）",
        "试行）",
        "修订）",
    ];
    let t = t.trim_end_matches(['》', '」']);
    SUFFIX.iter().any(|s| t.ends_with(s))
}

fn is_adoption_note(t: &str) -> bool {
    ["通过", "修订", "修正", "公布", "施行", "发布", "批准"]
        .iter()
        .any(|w| t.contains(w))
        && patterns::find_date(t).is_some()
}

impl<'a> Builder<'a> {
    fn push(&mut self, kind: RegionKind, span: Span, label: Option<&str>) {
        if span.is_empty() {
            return;
        }
        self.regions.push(Region {
            kind,
            span,
            label: label.map(str::to_string),
        });
    }

    fn warn(&mut self, kind: &str, message: String, span: Option<Span>) {
        self.warnings.push(Warning {
            kind: kind.to_string(),
            message,
            span,
        });
    }

    fn next_nonblank(&self, i: usize) -> Option<usize> {
        (i + 1..self.lines.len()).find(|&j| !self.lines[j].is_blank())
    }

    /// A table of contents repeats the headings before the body: if the first heading's level and number
    /// come back later with no article marker in between, the lines up to the repeat are the TOC.
    fn find_toc(&mut self) -> Option<std::ops::Range<usize>> {
        let first = self
            .kinds
            .iter()
            .position(|k| matches!(k, Kind::Heading(_)))?;
        let Kind::Heading(h0) = &self.kinds[first] else {
            return None;
        };
        let (level, number) = (h0.level, h0.number);
        let mut repeat = None;
        for (j, k) in self.kinds.iter().enumerate().skip(first + 1) {
            match k {
                Kind::Tiao(_) => return None,
                Kind::Enumerated(a) if self.numbering == Numbering::Enumerated && a.number == 1 => {
                    return None
                }
                Kind::Heading(h) if h.level == level && h.number == number => {
                    repeat = Some(j);
                    break;
                }
                _ => {}
            }
        }
        let repeat = repeat?;
        // Start at a 目录 line just above the first heading, if there is one.
        let mut start = first;
        for j in (first.saturating_sub(4)..first).rev() {
            let t: String = self.lines[j]
                .text
                .chars()
                .filter(|c| !patterns::is_space(*c))
                .collect();
            if t == "目录" || t == "目次" {
                start = j;
                break;
            }
        }
        let span = Span::new(self.lines[start].start, self.lines[repeat - 1].end);
        self.warn(
            "toc_skipped",
            format!(
                "a table of contents ({} lines) repeats the headings; it is front matter, not structure",
                repeat - start
            ),
            Some(span),
        );
        Some(start..repeat)
    }

    /// The first line of the body: the first heading or article marker after the TOC. For 一、 documents
    /// without headings, the start of the longest run 一、二、三、….
    fn body_start(&self, from: usize) -> usize {
        let first_heading =
            (from..self.lines.len()).find(|&i| matches!(self.kinds[i], Kind::Heading(_)));
        let first_article = match self.numbering {
            Numbering::Tiao => (from..self.lines.len()).find(|&i| match &self.kinds[i] {
                Kind::Tiao(a) => a.strong || a.number == 1,
                Kind::Enumerated(_) => self.enumerated_heading(i),
                _ => false,
            }),
            Numbering::Enumerated => self.longest_enumerated_run(from),
            Numbering::None => None,
        };
        match (first_heading, first_article) {
            (Some(h), Some(a)) => h.min(a),
            (Some(h), None) => h,
            (None, Some(a)) => a,
            (None, None) => self.lines.len(),
        }
    }

    fn longest_enumerated_run(&self, from: usize) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None;
        for i in from..self.lines.len() {
            let Kind::Enumerated(a) = &self.kinds[i] else {
                continue;
            };
            if a.number != 1 {
                continue;
            }
            let mut expect = 2;
            let mut len = 1;
            for k in &self.kinds[i + 1..] {
                if let Kind::Enumerated(b) = k {
                    if b.number == expect {
                        expect += 1;
                        len += 1;
                    } else if b.number == 1 {
                        break;
                    }
                }
            }
            if best.is_none_or(|(_, l)| len > l) {
                best = Some((i, len));
            }
        }
        best.map(|(i, _)| i)
    }

    fn front_matter(&mut self, body_start: usize, toc: Option<std::ops::Range<usize>>) -> Front {
        let mut front = Front::default();
        let idx: Vec<usize> = (0..body_start.min(self.lines.len()))
            .filter(|&i| !self.lines[i].is_blank())
            .collect();
        let in_toc = |i: usize| toc.as_ref().is_some_and(|t| t.contains(&i));
        let candidates: Vec<usize> = idx
            .iter()
            .copied()
            .filter(|&i| {
                !in_toc(i) && self.noise[i].is_none() && is_title_candidate(self.lines[i].text)
            })
            .collect();
        let title_line = candidates
            .iter()
            .rev()
            .find(|&&i| rule_suffix(self.lines[i].text))
            .or(candidates.last())
            .copied();
        if let Some(i) = title_line {
            let t = self.lines[i].text;
            let t = t
                .strip_prefix('《')
                .and_then(|s| s.strip_suffix('》'))
                .unwrap_or(t);
            front.title = Some(t.chars().filter(|c| !patterns::is_space(*c)).collect());
        }
        let mut notice_title = String::new();
        let mut notice_done = false;
        let mut issuers: Vec<(usize, bool)> = Vec::new();
        for (k, &i) in idx.iter().enumerate() {
            let line = &self.lines[i];
            let t = line.text;
            let span = line.span();
            if in_toc(i) {
                self.push(RegionKind::FrontMatter, span, Some("toc"));
                continue;
            }
            if let Some(n) = self.noise[i] {
                self.push(RegionKind::Noise, span, Some(n));
                continue;
            }
            let after_title = title_line.is_some_and(|tl| i > tl);
            if !notice_title.is_empty() && !is_notice_title(t) {
                notice_done = true;
            }
            let label = if Some(i) == title_line {
                "title"
            } else if let Some(dn) = patterns::doc_number(t).filter(|_| {
                t.chars().count() <= 40 || patterns::doc_number(t).is_some_and(|d| t.starts_with(d))
            }) {
                if front.doc_number.is_none() {
                    front.doc_number = Some(dn.to_string());
                }
                "doc_number"
            } else if let Some(d) = patterns::date_line(t) {
                if front.date.is_none() {
                    front.date = Some(d);
                }
                "date"
            } else if patterns::org_line(t) {
                let signs = idx
                    .get(k + 1)
                    .is_some_and(|&j| patterns::date_line(self.lines[j].text).is_some());
                issuers.push((i, signs));
                "issuer"
            } else if !after_title && is_notice_title(t) {
                // A notice title may wrap over two lines; keep the first one only.
                let continues = k > 0 && is_notice_title(self.lines[idx[k - 1]].text);
                if notice_title.is_empty() || (continues && !notice_done) {
                    notice_title.push_str(t);
                } else {
                    notice_done = true;
                }
                "notice_title"
            } else if (t.starts_with(['（', '(']) || after_title) && is_adoption_note(t) {
                if let Some((d, _)) = patterns::find_date(t) {
                    front.adoption_date = Some(d);
                }
                "adoption_note"
            } else if t.starts_with(['（', '(']) && t.ends_with(['）', ')']) {
                "publication_note"
            } else if !after_title && (t.ends_with('：') || t.ends_with(':')) {
                "addressees"
            } else if after_title {
                "preamble"
            } else {
                "notice"
            };
            self.push(RegionKind::FrontMatter, span, Some(label));
        }
        let issuer = issuers
            .iter()
            .find(|(_, signs)| *signs)
            .or(issuers.first())
            .map(|(i, _)| self.lines[*i].text.to_string());
        front.issuer = issuer;
        if !notice_title.is_empty() {
            front.notice_title = Some(notice_title);
        }
        front
    }

    /// Updates the end of the open part, chapter and section to `end`.
    fn extend_open(&mut self, end: usize) {
        if let Some(p) = self.open_part {
            self.parts[p].span.end = end;
        }
        if let Some(c) = self.open_chapter {
            self.chapters[c].span.end = end;
        }
        if let Some(s) = self.open_section {
            self.sections[s].span.end = end;
        }
    }

    fn close_headings(&mut self) {
        self.open_part = None;
        self.open_chapter = None;
        self.open_section = None;
    }

    fn body(&mut self, body_start: usize) {
        let mut state = State::Body;
        let mut back_label: Option<&'static str> = None;
        // (line, region index) of the last heading, while its title may continue on the next line.
        let mut last_heading: Option<(usize, usize)> = None;
        let mut i = body_start;
        while i < self.lines.len() {
            let line_idx = i;
            i += 1;
            if self.lines[line_idx].is_blank() {
                continue;
            }
            let t = self.lines[line_idx].text;
            let span = self.lines[line_idx].span();
            if state == State::Trailing {
                let label = self.noise[line_idx].unwrap_or("web_boilerplate");
                self.push(RegionKind::Noise, span, Some(label));
                continue;
            }
            if state == State::Back {
                let resume = back_label != Some("annex")
                    && matches!(&self.kinds[line_idx], Kind::Tiao(a) if a.strong
                        && self.articles.last().is_some_and(|l| a.number == l.number + 1));
                if !resume {
                    if let Some(label) = self.noise[line_idx] {
                        self.push(RegionKind::Noise, span, Some(label));
                        if matches!(label, "web_navigation" | "web_boilerplate" | "keyword_list") {
                            state = State::Trailing;
                        }
                        continue;
                    }
                    let label = self.back_label(line_idx, back_label);
                    back_label = Some(label);
                    self.push(RegionKind::BackMatter, span, Some(label));
                    continue;
                }
                self.warn(
                    "ambiguous_back_matter",
                    "articles continue after lines that looked like back matter".into(),
                    Some(span),
                );
                state = State::Body;
                back_label = None;
            }
            match &self.kinds[line_idx] {
                Kind::Heading(h) => {
                    let h = h.clone();
                    self.close_article();
                    let region = self.regions.len();
                    self.heading(h.clone(), line_idx);
                    last_heading = Some((line_idx, region));
                    continue;
                }
                Kind::Enumerated(a)
                    if self.numbering == Numbering::Tiao && self.enumerated_heading(line_idx) =>
                {
                    // 二、民事公益诉讼 between 第X条 articles: a heading of its own, not an item.
                    let _ = a;
                    self.close_article();
                    self.push(RegionKind::Heading, span, Some("enumerated_heading"));
                    self.extend_open(span.end);
                    last_heading = None;
                    continue;
                }
                Kind::Tiao(a) if self.numbering == Numbering::Tiao => {
                    let a = a.clone();
                    if self.accept_tiao(&a, span) {
                        self.start_article(a, line_idx);
                        last_heading = None;
                        continue;
                    }
                }
                Kind::Enumerated(a) if self.numbering == Numbering::Enumerated => {
                    let a = a.clone();
                    if self.accept_enumerated(&a, span) {
                        self.start_article(a, line_idx);
                        last_heading = None;
                        continue;
                    }
                }
                Kind::Text => {
                    if let Some(marker) = patterns::unreadable_marker(t) {
                        self.warn(
                            "ambiguous_marker",
                            format!(
                                "{marker}: a number too large or too long to read; read as text"
                            ),
                            Some(span),
                        );
                    }
                }
                _ => {}
            }
            if let Some(label) = self.noise[line_idx] {
                let trailing =
                    matches!(label, "web_navigation" | "web_boilerplate" | "keyword_list")
                        && (!self.articles.is_empty() || self.open.is_some());
                if trailing {
                    self.close_article();
                    self.close_headings();
                    state = State::Trailing;
                    self.push(RegionKind::Noise, span, Some(label));
                } else if self.open.is_some() {
                    self.carved.push((span, label));
                } else {
                    self.push(RegionKind::Noise, span, Some(label));
                }
                continue;
            }
            if self.back_matter_start(line_idx).is_some() {
                self.close_article();
                self.close_headings();
                state = State::Back;
                let label = self.back_label(line_idx, None);
                back_label = Some(label);
                self.push(RegionKind::BackMatter, span, Some(label));
                continue;
            }
            // Text outside any article: a heading's title continued on its own line, or unnumbered text.
            if let Some((hl, region)) = last_heading.take().filter(|_| self.open.is_none()) {
                let short = hl + 4 > line_idx
                    && t.chars().count() <= 40
                    && !t.contains(['。', '；', ';', '：', ':']);
                let before_unit = self.next_is_unit(line_idx);
                if short && before_unit {
                    self.heading_title_continues(region, line_idx);
                    continue;
                }
            }
            let compact: String = t.chars().filter(|c| !patterns::is_space(*c)).collect();
            if matches!(compact.as_str(), "附则" | "总则" | "分则") {
                // An unnumbered heading: the articles after it belong to no numbered chapter.
                self.close_article();
                self.saw_unnumbered_annex |= compact == "附则";
                self.push(RegionKind::Heading, span, Some("unnumbered_heading"));
                self.open_chapter = None;
                self.open_section = None;
                self.extend_open(span.end);
                self.heading_since_article = true;
                last_heading = None;
                continue;
            }
            if let Some(open) = &mut self.open {
                open.lines.push(line_idx);
                continue;
            }
            self.push(RegionKind::FrontMatter, span, Some("unnumbered_text"));
            self.extend_open(span.end);
            self.warn(
                "unnumbered_text",
                "text in the body outside any article".into(),
                Some(span),
            );
        }
        self.close_article();
    }

    /// Is the next non-blank line after `i` a heading or an article marker (or is `i` the last line)?
    fn next_is_unit(&self, i: usize) -> bool {
        self.next_nonblank(i).is_none_or(|j| {
            matches!(
                self.kinds[j],
                Kind::Heading(_) | Kind::Tiao(_) | Kind::Enumerated(_)
            )
        })
    }

    /// A 一、 line in a 第X条 document is a heading when it is short, is not a sentence, and an article
    /// marker follows it.
    fn enumerated_heading(&self, i: usize) -> bool {
        let t = self.lines[i].text;
        t.chars().count() <= 30
            && !has_sentence_punctuation(t)
            && !t.ends_with(['。', '；'])
            && self
                .next_nonblank(i)
                .is_some_and(|j| matches!(&self.kinds[j], Kind::Tiao(a) if a.strong))
    }

    /// Does this body line open the back matter? 抄送/印发/附件 lines, a closing date, or a closing
    /// issuer line followed by a date.
    fn back_matter_start(&self, i: usize) -> Option<&'static str> {
        let t = self.lines[i].text;
        if let Some(label) = patterns::back_matter(t) {
            return Some(label);
        }
        if patterns::org_then_date(t).is_some() {
            return Some("closing_issuer");
        }
        if patterns::date_line(t).is_some() {
            return Some("closing_date");
        }
        if patterns::org_line(t)
            && self
                .next_nonblank(i)
                .is_some_and(|j| patterns::date_line(self.lines[j].text).is_some())
        {
            return Some("closing_issuer");
        }
        None
    }

    fn back_label(&mut self, i: usize, previous: Option<&'static str>) -> &'static str {
        let t = self.lines[i].text;
        if previous == Some("annex") {
            return "annex";
        }
        let label = self.back_matter_start(i);
        match label {
            Some("closing_issuer") => {
                let name = patterns::org_then_date(t).unwrap_or(t);
                self.closing_issuer.get_or_insert_with(|| name.to_string());
                if let Some((d, _)) = patterns::find_date(t) {
                    self.closing_date.get_or_insert(d);
                }
            }
            Some("closing_date") => {
                if let Some(d) = patterns::date_line(t) {
                    self.closing_date.get_or_insert(d);
                }
            }
            _ => {}
        }
        match (label, previous) {
            (Some(l), _) => l,
            // 抄送 lists wrap onto following lines.
            (None, Some("cc_line")) => "cc_line",
            (None, _) => "other",
        }
    }

    fn heading(&mut self, h: HeadingLine, i: usize) {
        let span = self.lines[i].span();
        self.push(RegionKind::Heading, span, None);
        match h.level {
            Level::Part => {
                if let Some(prev) = self.parts.last() {
                    self.check_sequence("part", prev.number, h.number, span);
                }
                self.close_headings();
                self.parts.push(Part {
                    number: h.number,
                    title: h.title,
                    heading_span: span,
                    span,
                });
                self.open_part = Some(self.parts.len() - 1);
            }
            Level::Chapter => {
                let part = self.open_part.map(|p| self.parts[p].number);
                let prev = self.chapters.last().map(|c| (c.number, c.part));
                if let Some((n, p)) = prev {
                    // Chapters may restart at 1 in a new part (刑法 numbers them per 编).
                    if !(p != part && h.number == 1) {
                        self.check_sequence("chapter", n, h.number, span);
                    }
                }
                self.open_section = None;
                self.chapters.push(Chapter {
                    number: h.number,
                    title: h.title,
                    part,
                    heading_span: span,
                    span,
                });
                self.open_chapter = Some(self.chapters.len() - 1);
            }
            Level::Section => {
                let chapter = self.open_chapter.map(|c| self.chapters[c].number);
                if let Some(prev) = self.open_section.map(|s| self.sections[s].number) {
                    self.check_sequence("section", prev, h.number, span);
                }
                self.sections.push(Section {
                    number: h.number,
                    title: h.title,
                    chapter,
                    heading_span: span,
                    span,
                });
                self.open_section = Some(self.sections.len() - 1);
            }
        }
        self.extend_open(span.end);
        self.heading_since_article = true;
    }

    /// `第三章` alone on its line with `总则` on the next, or a long title wrapped onto a second line: the
    /// title line joins the heading.
    fn heading_title_continues(&mut self, region: usize, i: usize) {
        let line = &self.lines[i];
        let title: String = line
            .text
            .chars()
            .filter(|c| !patterns::is_space(*c))
            .collect();
        let end = line.end;
        let start = self.regions[region].span.start;
        self.regions[region].span.end = end;
        let units = self
            .parts
            .iter_mut()
            .map(|p| (&mut p.heading_span, &mut p.span, &mut p.title))
            .chain(
                self.chapters
                    .iter_mut()
                    .map(|c| (&mut c.heading_span, &mut c.span, &mut c.title)),
            )
            .chain(
                self.sections
                    .iter_mut()
                    .map(|s| (&mut s.heading_span, &mut s.span, &mut s.title)),
            );
        for (heading_span, span, t) in units {
            if heading_span.start == start {
                heading_span.end = end;
                span.end = span.end.max(end);
                t.push_str(&title);
            }
        }
        self.extend_open(end);
    }

    fn check_sequence(&mut self, what: &str, prev: u32, next: u32, span: Span) {
        if next == prev + 1 {
            return;
        }
        let (kind, msg) = if next > prev + 1 {
            (
                "numbering_gap",
                format!("{what} {next} follows {what} {prev}"),
            )
        } else if next == prev {
            ("numbering_repeat", format!("{what} {next} appears twice"))
        } else {
            (
                "numbering_out_of_order",
                format!("{what} {next} follows {what} {prev}"),
            )
        };
        self.warn(kind, msg, Some(span));
    }

    fn last_number(&self) -> Option<(u32, Option<u32>)> {
        self.open
            .as_ref()
            .map(|o| (o.marker.number, o.marker.sub_number))
            .or(self.articles.last().map(|a| (a.number, a.sub_number)))
    }

    /// A 第X条 marker followed by a space always opens an article (anomalies become warnings); one run
    /// straight into its text only when it is the next number.
    fn accept_tiao(&mut self, a: &ArticleMarker, span: Span) -> bool {
        let last = self.last_number();
        let next_in_sequence = match last {
            None => a.number == 1 || a.strong,
            Some((n, sub)) => {
                (a.number == n + 1 && a.sub_number.is_none())
                    || (a.number == n && a.sub_number > sub && a.sub_number.is_some())
            }
        };
        if !a.strong && !next_in_sequence {
            self.warn(
                "ambiguous_marker",
                format!(
                    "line starts with 第{}条 run into its text and out of sequence: read as text, not an article",
                    a.number
                ),
                Some(span),
            );
            return false;
        }
        if let Some((n, sub)) = last {
            if !next_in_sequence {
                if a.number == n && a.sub_number == sub {
                    self.warn(
                        "numbering_repeat",
                        format!("article {n} appears twice"),
                        Some(span),
                    );
                } else if a.number > n {
                    self.warn(
                        "numbering_gap",
                        format!("article {} follows article {n}", a.number),
                        Some(span),
                    );
                } else {
                    self.warn(
                        "numbering_out_of_order",
                        format!("article {} follows article {n}", a.number),
                        Some(span),
                    );
                }
            }
        }
        true
    }

    /// A 一、 marker opens an article when it continues the sequence across chapters (or restarts it
    /// right after a heading, or skips at most two numbers); otherwise it is an item of the open article.
    fn accept_enumerated(&mut self, a: &ArticleMarker, span: Span) -> bool {
        let Some((n, _)) = self.last_number() else {
            if a.number > 1 {
                self.warn(
                    "numbering_gap",
                    format!("the first article is numbered {}", a.number),
                    Some(span),
                );
            }
            return a.number <= 3;
        };
        if a.number == n + 1 {
            true
        } else if a.number == 1 && self.heading_since_article {
            self.warn(
                "numbering_restart",
                "一、 numbering restarts after a heading: article numbers are not unique".into(),
                Some(span),
            );
            true
        } else if a.number > n + 1 && a.number <= n + 3 {
            self.warn(
                "numbering_gap",
                format!("article {} follows article {n}", a.number),
                Some(span),
            );
            true
        } else {
            self.warn(
                "ambiguous_marker",
                format!(
                    "{}、 does not continue the article sequence (last {n}): read as an item",
                    a.number
                ),
                Some(span),
            );
            false
        }
    }

    fn start_article(&mut self, marker: ArticleMarker, i: usize) {
        self.close_article();
        self.open = Some(OpenArticle {
            marker,
            first: i,
            lines: Vec::new(),
            chapter: self.open_chapter.map(|c| self.chapters[c].number),
            section: self.open_section.map(|s| self.sections[s].number),
        });
        self.heading_since_article = false;
    }

    fn close_article(&mut self) {
        let Some(open) = self.open.take() else {
            return;
        };
        let first = &self.lines[open.first];
        let last = open.lines.last().map_or(first, |&l| &self.lines[l]);
        let span = Span::new(first.start, last.end);
        let byte_end = last.byte_start + last.text.len();
        let text = self.text[first.byte_start..byte_end].to_string();
        let label = first.text[..open.marker.marker_len].to_string();
        let body_start = first.char_at(open.marker.body_start);
        let body_span = Span::new(body_start.min(span.end), span.end);

        let mut paragraphs: Vec<Paragraph> = Vec::new();
        let mut items: Vec<Item> = Vec::new();
        let first_body = &first.text[open.marker.body_start..];
        if !first_body.is_empty() {
            paragraphs.push(Paragraph {
                index: 1,
                text: first_body.to_string(),
                span: Span::new(body_start, first.end),
            });
        }
        // Items of the current paragraph group, to spot a list whose first marker is missing.
        for &l in &open.lines {
            let (line_text, line_span) = (self.lines[l].text, self.lines[l].span());
            let marker = match &self.kinds[l] {
                Kind::Item(m) => Some((m.number, m.marker_len)),
                Kind::Enumerated(a) => Some((a.number, a.marker_len)),
                _ => None,
            };
            let paragraph = paragraphs.last().map_or(0, |p| p.index);
            match marker {
                Some((number, marker_len)) => {
                    let group_has_items = items.iter().any(|it| it.paragraph == paragraph);
                    if !group_has_items && number > 1 {
                        self.missing_item_marker(&mut paragraphs, &mut items, number, line_span);
                    }
                    let paragraph = paragraphs.last().map_or(0, |p| p.index);
                    items.push(Item {
                        number,
                        label: line_text[..marker_len].to_string(),
                        paragraph,
                        text: line_text.to_string(),
                        span: line_span,
                    });
                }
                None => paragraphs.push(Paragraph {
                    index: paragraph + 1,
                    text: line_text.to_string(),
                    span: line_span,
                }),
            }
        }
        let (number, sub_number) = (open.marker.number, open.marker.sub_number);
        self.push(RegionKind::Article, span, None);
        self.extend_open(span.end);
        self.articles.push(Article {
            number,
            sub_number,
            label,
            chapter: open.chapter,
            section: open.section,
            text,
            span,
            body_span,
            paragraphs,
            items,
        });
    }

    /// An item list starts at `number` > 1. When the `number - 1` lines just before it are unmarked lines
    /// that follow an introduction ending in `：` (weidong 四十四、: the （一） marker is missing), those
    /// lines are items 1 … number-1 without their markers. Either way the anomaly is reported.
    fn missing_item_marker(
        &mut self,
        paragraphs: &mut Vec<Paragraph>,
        items: &mut Vec<Item>,
        number: u32,
        line_span: Span,
    ) {
        let missing = number as usize - 1;
        let can_infer = missing <= 9
            && paragraphs.len() > missing
            && paragraphs[paragraphs.len() - missing - 1]
                .text
                .ends_with(['：', ':']);
        if !can_infer {
            self.warn(
                "missing_item_marker",
                format!("an item list starts at item {number}"),
                Some(line_span),
            );
            return;
        }
        let unmarked = paragraphs.split_off(paragraphs.len() - missing);
        let span = Span::new(unmarked[0].span.start, unmarked[missing - 1].span.end);
        self.warn(
            "missing_item_marker",
            format!(
                "an item list starts at item {number} after {missing} unmarked line(s): read as the first {missing} item(s), their markers missing"
            ),
            Some(span),
        );
        for (k, p) in unmarked.into_iter().enumerate() {
            items.push(Item {
                number: k as u32 + 1,
                label: String::new(),
                paragraph: p.index - 1 - k as u32,
                text: p.text,
                span: p.span,
            });
        }
    }

    /// The rules stop partway when the last article ends mid-sentence, or when a document with chapters
    /// ends outside a 附则 chapter, none of its last articles says when the rules take effect, and web-page
    /// boilerplate follows (a capture cut short). Complete laws may end without a closing clause.
    fn check_end(&mut self) {
        let Some(last) = self.articles.last() else {
            return;
        };
        let span = last.span;
        let tail = last.text.trim_end_matches(patterns::is_space);
        let terminated = tail.ends_with([
            '。', '！', '？', '!', '?', '；', ';', '…', '”', '」', '』', '）', ')', '.', '"',
        ]);
        let closing = self
            .articles
            .iter()
            .rev()
            .take(3)
            .any(|a| patterns::closing_clause(&a.text));
        if !terminated && !closing {
            self.warn(
                "truncated",
                format!("the last article ({}) ends mid-sentence", last.label),
                Some(span),
            );
            return;
        }
        let Some(chapter) = self.chapters.last() else {
            return;
        };
        let noise_after = self
            .regions
            .iter()
            .any(|r| r.kind == RegionKind::Noise && r.span.start >= span.end);
        if !closing && !chapter.title.contains('附') && !self.saw_unnumbered_annex && noise_after {
            self.warn(
                "truncated",
                format!(
                    "the text stops in chapter {} ({}) after {}, with no 附则 and no clause saying when the rules take effect; web-page boilerplate follows",
                    chapter.number, chapter.title, last.label,
                ),
                Some(span),
            );
        }
    }
}

/// Sorts the regions, carves noise out of them, fills the gaps with blanks and merges neighbours.
fn finish_regions(
    mut regions: Vec<Region>,
    mut carved: Vec<(Span, &'static str)>,
    text: &str,
    char_len: usize,
) -> Vec<Region> {
    regions.sort_by_key(|r| (r.span.start, r.span.end));
    // Fill gaps with blanks.
    let mut filled = Vec::with_capacity(regions.len() * 2 + 1);
    let mut pos = 0;
    for r in regions {
        if r.span.start < pos {
            continue; // cannot happen with line-based units; keep the first
        }
        if r.span.start > pos {
            filled.push(blank(pos, r.span.start));
        }
        pos = r.span.end;
        filled.push(r);
    }
    if pos < char_len {
        filled.push(blank(pos, char_len));
    }
    // Carve noise (artefacts, page numbers inside articles) out of whatever region holds it.
    carved.sort_by_key(|(s, _)| (s.start, s.end));
    carved.dedup_by_key(|(s, _)| *s);
    let mut out: Vec<Region> = Vec::with_capacity(filled.len() + carved.len() * 2);
    let mut c = carved.into_iter().peekable();
    for r in filled {
        let mut rest = r;
        while let Some((s, label)) = c.peek().copied() {
            if s.start >= rest.span.end {
                break;
            }
            c.next();
            if s.start < rest.span.start || s.end > rest.span.end || s.is_empty() {
                continue;
            }
            if s.start > rest.span.start {
                out.push(Region {
                    span: Span::new(rest.span.start, s.start),
                    ..rest.clone()
                });
            }
            out.push(Region {
                kind: RegionKind::Noise,
                span: s,
                label: Some(label.to_string()),
            });
            rest.span.start = s.end;
        }
        if !rest.span.is_empty() {
            out.push(rest);
        }
    }
    // A piece of a region that is only whitespace is blank.
    let idx = crate::span::CharIndex::new(text);
    for r in &mut out {
        if matches!(r.kind, RegionKind::FrontMatter | RegionKind::BackMatter)
            && text[idx.bytes_of_span(text, r.span)]
                .chars()
                .all(patterns::is_space)
        {
            r.kind = RegionKind::Blank;
            r.label = None;
        }
    }
    merge(out)
}

fn blank(start: usize, end: usize) -> Region {
    Region {
        kind: RegionKind::Blank,
        span: Span::new(start, end),
        label: None,
    }
}

/// Merges neighbouring regions of the same kind and label (front matter, back matter, noise, blanks),
/// including across the blanks between them; articles and headings stay one region each.
fn merge(regions: Vec<Region>) -> Vec<Region> {
    let mergeable = |r: &Region| {
        matches!(
            r.kind,
            RegionKind::FrontMatter | RegionKind::BackMatter | RegionKind::Noise
        )
    };
    let mut out: Vec<Region> = Vec::with_capacity(regions.len());
    let mut k = 0;
    while k < regions.len() {
        let r = regions[k].clone();
        k += 1;
        if r.kind == RegionKind::Blank {
            if let Some(prev) = out.last_mut().filter(|p| p.kind == RegionKind::Blank) {
                prev.span.end = r.span.end;
                continue;
            }
            // prev X, blank, next X with the same label: absorb both.
            if let (Some(prev), Some(next)) = (out.last(), regions.get(k)) {
                if mergeable(prev) && prev.kind == next.kind && prev.label == next.label {
                    let end = next.span.end;
                    out.last_mut().expect("prev").span.end = end;
                    k += 1;
                    continue;
                }
            }
            out.push(r);
            continue;
        }
        if let Some(prev) = out.last_mut() {
            if mergeable(prev) && prev.kind == r.kind && prev.label == r.label {
                prev.span.end = r.span.end;
                continue;
            }
        }
        out.push(r);
    }
    out
}

/// Checks the region invariant and the placement of every unit: regions are non-empty, contiguous, in
/// order and cover `[0, char_len)`; blank regions hold only whitespace; every article lies in article
/// regions (with noise carved out of it at most), every heading in a heading region; paragraphs and items
/// lie inside their article; an article's text is the text of its span; an article lies inside the
/// chapter it names.
pub fn check_coverage(doc: &ParsedDoc) -> Result<(), String> {
    let mut pos = 0;
    for r in &doc.regions {
        if r.span.start != pos {
            return Err(format!(
                "region {:?} starts at {}, expected {pos}",
                r.kind, r.span.start
            ));
        }
        if r.span.is_empty() {
            return Err(format!("empty region {:?} at {pos}", r.kind));
        }
        pos = r.span.end;
    }
    if pos != doc.char_len {
        return Err(format!(
            "regions end at {pos}, text has {} characters",
            doc.char_len
        ));
    }
    let has_text =
        doc.text.chars().count() == doc.char_len && !(doc.text.is_empty() && doc.char_len > 0);
    let idx = crate::span::CharIndex::new(&doc.text);
    let slice = |s: Span| &doc.text[idx.bytes_of_span(&doc.text, s)];
    if has_text {
        for r in &doc.regions {
            if r.kind == RegionKind::Blank && !slice(r.span).chars().all(patterns::is_space) {
                return Err(format!("blank region {:?} holds text", r.span));
            }
        }
    }
    let covered_by = |span: Span, kinds: &[RegionKind]| -> Result<(), String> {
        let overlapping = doc
            .regions
            .iter()
            .filter(|r| r.span.start < span.end && span.start < r.span.end);
        for r in overlapping {
            if !kinds.contains(&r.kind) || !span.contains(r.span) {
                return Err(format!(
                    "unit {span:?} overlaps region {:?} {:?}",
                    r.kind, r.span
                ));
            }
        }
        Ok(())
    };
    for a in &doc.articles {
        covered_by(a.span, &[RegionKind::Article, RegionKind::Noise])?;
        if !a.span.contains(a.body_span) {
            return Err(format!("article {} body outside the article", a.label));
        }
        for p in &a.paragraphs {
            if !a.span.contains(p.span) {
                return Err(format!("article {} paragraph {} outside", a.label, p.index));
            }
        }
        for it in &a.items {
            if !a.span.contains(it.span) {
                return Err(format!("article {} item {} outside", a.label, it.number));
            }
        }
        if has_text && slice(a.span) != a.text {
            return Err(format!("article {} text differs from its span", a.label));
        }
        if let Some(n) = a.chapter {
            let inside = doc
                .chapters
                .iter()
                .any(|c| c.number == n && c.span.contains(a.span));
            if !inside {
                return Err(format!("article {} not inside chapter {n}", a.label));
            }
        }
    }
    let headings = doc
        .parts
        .iter()
        .map(|p| (p.heading_span, p.span))
        .chain(doc.chapters.iter().map(|c| (c.heading_span, c.span)))
        .chain(doc.sections.iter().map(|s| (s.heading_span, s.span)));
    for (h, s) in headings {
        covered_by(h, &[RegionKind::Heading, RegionKind::Noise])?;
        if !s.contains(h) {
            return Err(format!("heading {h:?} outside its unit {s:?}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::slice_chars;

    fn parsed(text: &str) -> ParsedDoc {
        let doc = parse(&Document::from_text("t", text));
        check_coverage(&doc).unwrap_or_else(|e| panic!("{e}\n{text}"));
        doc
    }

    fn kinds(doc: &ParsedDoc) -> Vec<&str> {
        doc.warnings.iter().map(|w| w.kind.as_str()).collect()
    }

    fn region_labels(doc: &ParsedDoc, kind: RegionKind) -> Vec<(String, &str)> {
        doc.regions
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| {
                (
                    r.label.clone().unwrap_or_default(),
                    slice_chars(&doc.text, r.span),
                )
            })
            .collect()
    }

    #[test]
    fn table_of_contents_is_front_matter() {
        let doc = parsed(
            "某某条例\n\n目  录\n第一章 总则\n第二章 管理\n第三章 附则\n\n第一章 总则\n第一条 为了规范管理，制定本条例。\n第二章 管理\n第二条 区政府负责管理。\n第三章 附则\n第三条 本条例自公布之日起施行。\n",
        );
        assert_eq!(doc.chapters.len(), 3);
        assert_eq!(doc.articles.len(), 3);
        assert_eq!(kinds(&doc), ["toc_skipped"]);
        let toc = region_labels(&doc, RegionKind::FrontMatter);
        assert!(toc
            .iter()
            .any(|(l, t)| l == "toc" && t.starts_with("目  录") && t.ends_with("第三章 附则")));
        assert_eq!(doc.title.as_deref(), Some("某某条例"));
        assert_eq!(doc.articles[2].chapter, Some(3));
    }

    #[test]
    fn inserted_articles_carry_a_sub_number() {
        let doc = parsed("第十条 甲。\n第十条之一 乙。\n第十一条 丙。\n");
        let got: Vec<(u32, Option<u32>, &str)> = doc
            .articles
            .iter()
            .map(|a| (a.number, a.sub_number, a.label.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (10, None, "第十条"),
                (10, Some(1), "第十条之一"),
                (11, None, "第十一条")
            ]
        );
        // The first article is 第十条, not 第一条: a fragment of a longer text, not a gap.
        assert!(kinds(&doc).is_empty(), "{:?}", doc.warnings);
    }

    #[test]
    fn enumerated_lines_in_tiao_rules_are_items_or_headings() {
        let doc = parsed(
            "一、总体要求\n第一条 会议的任务是：\n一、传达文件；\n二、讨论事项。\n会议每月召开一次。\n二、具体规定\n第二条 本规则自印发之日起施行。\n",
        );
        assert_eq!(doc.numbering, Numbering::Tiao);
        assert_eq!(doc.articles.len(), 2);
        let a = &doc.articles[0];
        let items: Vec<(u32, &str, u32)> = a
            .items
            .iter()
            .map(|i| (i.number, i.label.as_str(), i.paragraph))
            .collect();
        assert_eq!(items, [(1, "一、", 1), (2, "二、", 1)]);
        assert_eq!(a.paragraphs.len(), 2);
        assert_eq!(a.paragraphs[1].text, "会议每月召开一次。");
        let headings = region_labels(&doc, RegionKind::Heading);
        assert_eq!(
            headings,
            [
                ("enumerated_heading".to_string(), "一、总体要求"),
                ("enumerated_heading".to_string(), "二、具体规定")
            ]
        );
    }

    #[test]
    fn paragraph_and_item_spans_give_back_their_text() {
        let doc = parsed("第一条　区政府：\n\n（一）研究；\n\n(二)决定。\n    第二款内容。\n");
        let a = &doc.articles[0];
        assert_eq!(
            slice_chars(&doc.text, a.body_span),
            a.text.trim_start_matches("第一条　")
        );
        for p in &a.paragraphs {
            assert_eq!(slice_chars(&doc.text, p.span), p.text);
        }
        for i in &a.items {
            assert_eq!(slice_chars(&doc.text, i.span), i.text);
        }
        assert_eq!(a.paragraphs.len(), 2);
        assert_eq!(a.paragraphs[0].text, "区政府：");
        assert_eq!(a.items[1].label, "(二)");
    }

    #[test]
    fn cross_references_are_not_articles() {
        let doc = parsed("第一条 甲。\n第三十一条的决定》第一次修正\n第二条 乙。\n");
        assert_eq!(doc.articles.len(), 2);
        assert_eq!(doc.articles[0].paragraphs.len(), 2);
        let doc = parsed("第一条 甲。\n第五条本规则另有规定。\n第二条 乙。\n");
        assert_eq!(doc.articles.len(), 2);
        assert_eq!(kinds(&doc), ["ambiguous_marker"]);
        // Run into its text but next in sequence: an article.
        let doc = parsed("第一条 甲。\n第二条本规则自印发之日起施行。\n");
        assert_eq!(doc.articles.len(), 2);
    }

    #[test]
    fn numbering_anomalies_are_warnings() {
        let doc = parsed("第一条 甲。\n第三条 乙。\n第三条 丙。\n第二条 丁。\n");
        assert_eq!(doc.articles.len(), 4);
        assert_eq!(
            kinds(&doc),
            [
                "numbering_gap",
                "numbering_repeat",
                "numbering_out_of_order"
            ]
        );
        let doc = parsed("第一章 总则\n一、甲。\n二、乙。\n第二章 会议\n一、丙。\n");
        assert_eq!(doc.articles.len(), 3);
        assert_eq!(kinds(&doc), ["numbering_restart"]);
        let doc = parsed("第一章 总则\n第一条 甲。\n第三章 会议\n第二条 乙。\n");
        assert_eq!(kinds(&doc), ["numbering_gap"]);
        let doc = parsed("区政府要加强管理。\n");
        assert_eq!(kinds(&doc), ["no_articles"]);
        assert_eq!(doc.numbering, Numbering::None);
    }

    #[test]
    fn enumerated_rules_keep_inner_lists_as_items() {
        let doc = parsed(
            "第一章 总则\n一、甲：\n（一）子项；\n（二）子项。\n二、乙。\n第二章 会议\n三、丙。\n",
        );
        assert_eq!(doc.numbering, Numbering::Enumerated);
        let got: Vec<(u32, Option<u32>, usize)> = doc
            .articles
            .iter()
            .map(|a| (a.number, a.chapter, a.items.len()))
            .collect();
        assert_eq!(got, [(1, Some(1), 2), (2, Some(1), 0), (3, Some(2), 0)]);
    }

    #[test]
    fn front_matter_with_chinese_date_and_bracketed_number() {
        let doc = parsed(
            "杭政办[2021]7号\n某某市人民政府办公厅\n关于印发某某市人民政府工作规则的通知\n各区政府：\n现印发给你们。\n某某市人民政府办公厅\n二〇二一年五月十二日\n某某市人民政府工作规则\n第一条 甲。\n",
        );
        assert_eq!(doc.doc_number.as_deref(), Some("杭政办[2021]7号"));
        assert_eq!(doc.date.as_deref(), Some("2021-05-12"));
        assert_eq!(doc.issuer.as_deref(), Some("某某市人民政府办公厅"));
        assert_eq!(doc.title.as_deref(), Some("某某市人民政府工作规则"));
        assert_eq!(
            doc.notice_title.as_deref(),
            Some("关于印发某某市人民政府工作规则的通知")
        );
        let labels: Vec<String> = region_labels(&doc, RegionKind::FrontMatter)
            .into_iter()
            .map(|(l, _)| l)
            .collect();
        assert_eq!(
            labels,
            [
                "doc_number",
                "issuer",
                "notice_title",
                "addressees",
                "notice",
                "issuer",
                "date",
                "title"
            ]
        );
    }

    #[test]
    fn noise_inside_an_article_is_carved_out() {
        let doc = parsed("第一条 甲\n- 2 -\n乙。\n第二条 [bookmark: _GoBack]丙。\n");
        let a = &doc.articles[0];
        assert_eq!(a.paragraphs.len(), 2);
        assert_eq!(a.paragraphs[1].text, "乙。");
        let noise = region_labels(&doc, RegionKind::Noise);
        assert_eq!(
            noise,
            [
                ("page_number".to_string(), "- 2 -"),
                ("bookmark_artifact".to_string(), "[bookmark: _GoBack]")
            ]
        );
        let article_regions = doc
            .regions
            .iter()
            .filter(|r| r.kind == RegionKind::Article)
            .count();
        assert_eq!(article_regions, 4);
    }

    #[test]
    fn heading_titles_on_the_next_line_join_the_heading() {
        let doc = parsed("第一章\n总  则\n第一条 甲。\n第二章 审查和批准决算，听取\n\n审计工作报告\n第二条 乙。\n");
        assert_eq!(doc.chapters[0].title, "总则");
        assert_eq!(doc.chapters[1].title, "审查和批准决算，听取审计工作报告");
        assert!(kinds(&doc).is_empty(), "{:?}", doc.warnings);
    }

    #[test]
    fn back_matter_after_the_last_article() {
        let doc = parsed(
            "第一条 甲。\n第二条 本规则自印发之日起施行。\n\n某某区人民政府\n2021年5月12日\n抄送：区委办，\n  区人大办。\n某某区人民政府办公室  2021年5月13日印发\n",
        );
        let back = region_labels(&doc, RegionKind::BackMatter);
        let labels: Vec<&str> = back.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(
            labels,
            ["closing_issuer", "closing_date", "cc_line", "print_line"]
        );
        assert_eq!(doc.issuer.as_deref(), Some("某某区人民政府"));
        assert_eq!(doc.date.as_deref(), Some("2021-05-12"));
        assert_eq!(doc.articles[1].paragraphs.len(), 1);
    }

    #[test]
    fn truncation_is_reported() {
        let doc = parsed("第一章 总则\n第一条 甲。\n第二条 区政府要");
        assert_eq!(kinds(&doc), ["truncated"]);
        let doc = parsed(
            "第一章 总则\n第一条 甲。\n第二章 会议\n第二条 乙。\n关注微信公众号\n版权所有 某某网\n",
        );
        assert_eq!(kinds(&doc), ["truncated"]);
        let doc = parsed("第一章 总则\n第一条 甲。\n第二章 附则\n第二条 乙。\n关注微信公众号\n");
        assert!(kinds(&doc).is_empty());
    }
}
