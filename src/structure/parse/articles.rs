//! Article assembly: an open article collects its lines; closing it builds the [`Article`] with its text,
//! label and spans, its paragraphs (款, one per line) and its items (项, lines with an item marker),
//! inferring the first items of a list whose markers are missing.

use super::lines::Kind;
use super::Builder;
use crate::span::Span;
use crate::structure::patterns::ArticleMarker;
use crate::structure::{Article, Item, Paragraph, RegionKind, WarningKind};

/// An article being read.
pub(super) struct OpenArticle {
    pub(super) marker: ArticleMarker,
    /// Index of the marker line; later lines of the article follow in `lines`.
    pub(super) first: usize,
    pub(super) lines: Vec<usize>,
    pub(super) chapter: Option<u32>,
    pub(super) section: Option<u32>,
}

impl Builder<'_> {
    pub(super) fn start_article(&mut self, marker: ArticleMarker, i: usize) {
        self.close_article();
        self.open = Some(OpenArticle {
            marker,
            first: i,
            lines: std::mem::take(&mut self.spare_lines),
            chapter: self.open_chapter.map(|c| self.chapters[c].number),
            section: self.open_section.map(|s| self.sections[s].number),
        });
        self.heading_since_article = false;
    }

    pub(super) fn close_article(&mut self) {
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

        // (At most one paragraph a line: room made once.)
        let mut paragraphs: Vec<Paragraph> = Vec::with_capacity(open.lines.len() + 1);
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
        let mut lines = open.lines;
        lines.clear();
        self.spare_lines = lines;
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
                WarningKind::MissingItemMarker,
                format!("an item list starts at item {number}"),
                Some(line_span),
            );
            return;
        }
        let unmarked = paragraphs.split_off(paragraphs.len() - missing);
        let span = Span::new(unmarked[0].span.start, unmarked[missing - 1].span.end);
        self.warn(
            WarningKind::MissingItemMarker,
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
}

#[cfg(test)]
mod tests {
    use super::super::testing::parsed;
    use crate::span::slice_chars;
    use crate::structure::Numbering;

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
}
