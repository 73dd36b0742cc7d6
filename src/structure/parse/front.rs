//! Front matter: the lines before the body, labelled (issuing notice, document number, addressees, issuer,
//! date, the rules' title, adoption and publication notes, a skipped table of contents), and what they say
//! about the document.

use super::Builder;
use crate::structure::{patterns, RegionKind, RegionLabel};

/// What the front matter says about the document.
#[derive(Default)]
pub(super) struct Front {
    pub(super) title: Option<String>,
    pub(super) issuer: Option<String>,
    pub(super) date: Option<String>,
    pub(super) adoption_date: Option<String>,
    pub(super) doc_number: Option<String>,
    pub(super) notice_title: Option<String>,
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

pub(super) fn has_sentence_punctuation(t: &str) -> bool {
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

/// The date of an adoption note (`（2021年5月12日第十次会议通过）`): a line with a word of adoption and a date.
fn adoption_note_date(t: &str) -> Option<String> {
    let adoption = ["通过", "修订", "修正", "公布", "施行", "发布", "批准"]
        .iter()
        .any(|w| t.contains(w));
    adoption
        .then(|| patterns::find_date(t))
        .flatten()
        .map(|(d, _)| d)
}

impl Builder<'_> {
    pub(super) fn front_matter(
        &mut self,
        body_start: usize,
        toc: Option<std::ops::Range<usize>>,
    ) -> Front {
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
                self.push(RegionKind::FrontMatter, span, Some(RegionLabel::Toc));
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
                RegionLabel::Title
            } else if let Some(dn) = patterns::doc_number(t).filter(|_| {
                t.chars().count() <= 40 || patterns::doc_number(t).is_some_and(|d| t.starts_with(d))
            }) {
                if front.doc_number.is_none() {
                    front.doc_number = Some(dn.to_string());
                }
                RegionLabel::DocNumber
            } else if let Some(d) = patterns::date_line(t) {
                if front.date.is_none() {
                    front.date = Some(d);
                }
                RegionLabel::Date
            } else if patterns::org_line(t) {
                let signs = idx
                    .get(k + 1)
                    .is_some_and(|&j| patterns::date_line(self.lines[j].text).is_some());
                issuers.push((i, signs));
                RegionLabel::Issuer
            } else if !after_title && is_notice_title(t) {
                // A notice title may wrap over two lines; keep the first one only.
                let continues = k > 0 && is_notice_title(self.lines[idx[k - 1]].text);
                if notice_title.is_empty() || (continues && !notice_done) {
                    notice_title.push_str(t);
                } else {
                    notice_done = true;
                }
                RegionLabel::NoticeTitle
            } else if let Some(d) = (t.starts_with(['（', '(']) || after_title)
                .then(|| adoption_note_date(t))
                .flatten()
            {
                front.adoption_date = Some(d);
                RegionLabel::AdoptionNote
            } else if t.starts_with(['（', '(']) && t.ends_with(['）', ')']) {
                RegionLabel::PublicationNote
            } else if !after_title && (t.ends_with('：') || t.ends_with(':')) {
                RegionLabel::Addressees
            } else if after_title {
                RegionLabel::Preamble
            } else {
                RegionLabel::Notice
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
}

#[cfg(test)]
mod tests {
    use super::super::testing::{parsed, region_labels};
    use crate::structure::RegionKind;

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
}
