//! Headings: 第X编, 第X章 and 第X节 lines open parts, chapters and sections (a title wrapped onto the next line
//! joins its heading), the open ones grow with each unit inside them, and their numbering is checked.

use super::Builder;
use crate::span::Span;
use crate::structure::patterns::{self, HeadingLevel, HeadingLine};
use crate::structure::{Chapter, Part, RegionKind, Section, WarningKind};

impl Builder<'_> {
    /// Updates the end of the open part, chapter and section to `end`.
    pub(super) fn extend_open(&mut self, end: usize) {
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

    pub(super) fn close_headings(&mut self) {
        self.open_part = None;
        self.open_chapter = None;
        self.open_section = None;
    }

    pub(super) fn heading(&mut self, h: HeadingLine, i: usize) {
        let span = self.lines[i].span();
        self.push(RegionKind::Heading, span, None);
        match h.level {
            HeadingLevel::Part => {
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
            HeadingLevel::Chapter => {
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
            HeadingLevel::Section => {
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
    pub(super) fn heading_title_continues(&mut self, region: usize, i: usize) {
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
                WarningKind::NumberingGap,
                format!("{what} {next} follows {what} {prev}"),
            )
        } else if next == prev {
            (
                WarningKind::NumberingRepeat,
                format!("{what} {next} appears twice"),
            )
        } else {
            (
                WarningKind::NumberingOutOfOrder,
                format!("{what} {next} follows {what} {prev}"),
            )
        };
        self.warn(kind, msg, Some(span));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{kinds, parsed};

    #[test]
    fn heading_titles_on_the_next_line_join_the_heading() {
        let doc = parsed("第一章\n总  则\n第一条 甲。\n第二章 审查和批准决算，听取\n\n审计工作报告\n第二条 乙。\n");
        assert_eq!(doc.chapters[0].title, "总则");
        assert_eq!(doc.chapters[1].title, "审查和批准决算，听取审计工作报告");
        assert!(kinds(&doc).is_empty(), "{:?}", doc.warnings);
    }
}
