//! Article numbering: whether a 第X条 or 一、 marker opens an article where it stands (the next number, an
//! inserted 之一 article, a restart after a heading) or is read otherwise, and the warnings for gaps,
//! repeats and markers out of sequence.

use super::Builder;
use crate::span::Span;
use crate::structure::patterns::ArticleMarker;
use crate::structure::WarningKind;

impl Builder<'_> {
    fn last_number(&self) -> Option<(u32, Option<u32>)> {
        self.open
            .as_ref()
            .map(|o| (o.marker.number, o.marker.sub_number))
            .or(self.articles.last().map(|a| (a.number, a.sub_number)))
    }

    /// A 第X条 marker followed by a space always opens an article (anomalies become warnings); one run
    /// straight into its text only when it is the next number.
    pub(super) fn accept_tiao(&mut self, a: &ArticleMarker, span: Span) -> bool {
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
                WarningKind::AmbiguousMarker,
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
                        WarningKind::NumberingRepeat,
                        format!("article {n} appears twice"),
                        Some(span),
                    );
                } else if a.number > n {
                    self.warn(
                        WarningKind::NumberingGap,
                        format!("article {} follows article {n}", a.number),
                        Some(span),
                    );
                } else {
                    self.warn(
                        WarningKind::NumberingOutOfOrder,
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
    pub(super) fn accept_enumerated(&mut self, a: &ArticleMarker, span: Span) -> bool {
        let Some((n, _)) = self.last_number() else {
            if a.number > 1 {
                self.warn(
                    WarningKind::NumberingGap,
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
                WarningKind::NumberingRestart,
                "一、 numbering restarts after a heading: article numbers are not unique".into(),
                Some(span),
            );
            true
        } else if a.number > n + 1 && a.number <= n + 3 {
            self.warn(
                WarningKind::NumberingGap,
                format!("article {} follows article {n}", a.number),
                Some(span),
            );
            true
        } else {
            self.warn(
                WarningKind::AmbiguousMarker,
                format!(
                    "{}、 does not continue the article sequence (last {n}): read as an item",
                    a.number
                ),
                Some(span),
            );
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{kinds, parsed};
    use crate::structure::Numbering;

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
}
