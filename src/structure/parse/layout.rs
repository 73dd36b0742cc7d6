//! Table-of-contents and body detection: how the document numbers its articles (第X条 or 一、), whether a
//! table of contents repeats the headings before the body, and which line the body starts at.

use super::lines::Kind;
use super::Builder;
use crate::span::Span;
use crate::structure::{patterns, Numbering, WarningKind};

/// 第X条 documents have at least one 第X条 marker followed by a space (or two run into their text);
/// otherwise 一、 lines are the articles if there are any.
pub(super) fn decide_numbering(kinds: &[Kind]) -> Numbering {
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

impl Builder<'_> {
    /// A table of contents repeats the headings before the body: if the first heading's level and number
    /// come back later with no article marker in between, the lines up to the repeat are the TOC.
    pub(super) fn find_toc(&mut self) -> Option<std::ops::Range<usize>> {
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
            WarningKind::TocSkipped,
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
    pub(super) fn body_start(&self, from: usize) -> usize {
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
}

#[cfg(test)]
mod tests {
    use super::super::testing::{kinds, parsed, region_labels};
    use crate::structure::RegionKind;

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
}
