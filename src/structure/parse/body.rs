//! The body state machine: after the front matter, each line is read in turn. Headings open parts, chapters
//! and sections; article markers open articles; other lines join the open article; 抄送/印发/closing lines
//! start the back matter; web boilerplate after the articles turns the rest into noise. At the end, a check
//! that the rules were not cut off.

use super::front::has_sentence_punctuation;
use super::lines::Kind;
use super::Builder;
use crate::structure::{patterns, Numbering, RegionKind, RegionLabel, WarningKind};

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Body,
    Back,
    Trailing,
}

impl Builder<'_> {
    pub(super) fn body(&mut self, body_start: usize) {
        let mut state = State::Body;
        let mut back_label: Option<RegionLabel> = None;
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
                let label = self.noise[line_idx].unwrap_or(RegionLabel::WebBoilerplate);
                self.push(RegionKind::Noise, span, Some(label));
                continue;
            }
            if state == State::Back {
                let resume = back_label != Some(RegionLabel::Annex)
                    && matches!(&self.kinds[line_idx], Kind::Tiao(a) if a.strong
                        && self.articles.last().is_some_and(|l| a.number == l.number + 1));
                if !resume {
                    if let Some(label) = self.noise[line_idx] {
                        self.push(RegionKind::Noise, span, Some(label));
                        if label.ends_the_body() {
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
                    WarningKind::AmbiguousBackMatter,
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
                    self.push(
                        RegionKind::Heading,
                        span,
                        Some(RegionLabel::EnumeratedHeading),
                    );
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
                            WarningKind::AmbiguousMarker,
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
                    label.ends_the_body() && (!self.articles.is_empty() || self.open.is_some());
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
            let unnumbered_heading = ["附则", "总则", "分则"]
                .into_iter()
                .find(|h| patterns::compact_is(t, h));
            if let Some(heading) = unnumbered_heading {
                // An unnumbered heading: the articles after it belong to no numbered chapter.
                self.close_article();
                self.saw_unnumbered_annex |= heading == "附则";
                self.push(
                    RegionKind::Heading,
                    span,
                    Some(RegionLabel::UnnumberedHeading),
                );
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
            self.push(
                RegionKind::FrontMatter,
                span,
                Some(RegionLabel::UnnumberedText),
            );
            self.extend_open(span.end);
            self.warn(
                WarningKind::UnnumberedText,
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
    pub(super) fn enumerated_heading(&self, i: usize) -> bool {
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
    fn back_matter_start(&self, i: usize) -> Option<RegionLabel> {
        let t = self.lines[i].text;
        if let Some(label) = patterns::back_matter(t) {
            return Some(label);
        }
        if patterns::org_then_date(t).is_some() {
            return Some(RegionLabel::ClosingIssuer);
        }
        if patterns::date_line(t).is_some() {
            return Some(RegionLabel::ClosingDate);
        }
        if patterns::org_line(t)
            && self
                .next_nonblank(i)
                .is_some_and(|j| patterns::date_line(self.lines[j].text).is_some())
        {
            return Some(RegionLabel::ClosingIssuer);
        }
        None
    }

    fn back_label(&mut self, i: usize, previous: Option<RegionLabel>) -> RegionLabel {
        let t = self.lines[i].text;
        if previous == Some(RegionLabel::Annex) {
            return RegionLabel::Annex;
        }
        let label = self.back_matter_start(i);
        match label {
            Some(RegionLabel::ClosingIssuer) => {
                let name = patterns::org_then_date(t).unwrap_or(t);
                self.closing_issuer.get_or_insert_with(|| name.to_string());
                if let Some((d, _)) = patterns::find_date(t) {
                    self.closing_date.get_or_insert(d);
                }
            }
            Some(RegionLabel::ClosingDate) => {
                if let Some(d) = patterns::date_line(t) {
                    self.closing_date.get_or_insert(d);
                }
            }
            _ => {}
        }
        match (label, previous) {
            (Some(l), _) => l,
            // 抄送 lists wrap onto following lines.
            (None, Some(RegionLabel::CcLine)) => RegionLabel::CcLine,
            (None, _) => RegionLabel::Other,
        }
    }

    /// The rules stop partway when the last article ends mid-sentence, or when a document with chapters
    /// ends outside a 附则 chapter, none of its last articles says when the rules take effect, and web-page
    /// boilerplate follows (a capture cut short). Complete laws may end without a closing clause.
    pub(super) fn check_end(&mut self) {
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
                WarningKind::Truncated,
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
                WarningKind::Truncated,
                format!(
                    "the text stops in chapter {} ({}) after {}, with no 附则 and no clause saying when the rules take effect; web-page boilerplate follows",
                    chapter.number, chapter.title, last.label,
                ),
                Some(span),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{kinds, parsed, region_labels};
    use crate::structure::{Numbering, RegionKind};

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
