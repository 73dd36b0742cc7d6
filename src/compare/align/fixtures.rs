//! Hand-built documents for unit tests (independent of the parser).

use crate::features::terms::TermSource;
use crate::features::Analysis;
use crate::span::Span;
use crate::structure::{Article, Chapter, Numbering, ParsedDoc};
use crate::topics::Taxonomy;

/// The analysis of hand-built documents with the bundled taxonomy, as the alignment needs it.
pub fn analysis(docs: Vec<ParsedDoc>, source: &dyn TermSource) -> Analysis {
    let taxonomy = Taxonomy::builtin();
    Analysis::builder(source)
        .taxonomy(&taxonomy)
        .char_bigrams(true)
        .build(docs)
}

/// A document of chapters (title, article bodies), numbered 第N条 across chapters.
pub fn doc(id: &str, chapters: &[(&str, &[&str])]) -> ParsedDoc {
    let mut text = String::new();
    let mut len = 0usize;
    let mut push = |text: &mut String, s: &str| -> Span {
        let start = len;
        text.push_str(s);
        len += s.chars().count();
        Span::new(start, len)
    };
    let mut chs = Vec::new();
    let mut arts = Vec::new();
    let mut n = 0u32;
    for (ci, (title, bodies)) in chapters.iter().enumerate() {
        let heading_span = push(&mut text, &format!("第{}章 {title}", ci + 1));
        push(&mut text, "\n");
        let mut end = heading_span.end;
        for body in *bodies {
            n += 1;
            let label = format!("第{n}条");
            let span = push(&mut text, &format!("{label} {body}"));
            push(&mut text, "\n");
            let body_span = Span::new(span.start + label.chars().count() + 1, span.end);
            arts.push(Article {
                number: n,
                sub_number: None,
                label,
                chapter: Some(ci as u32 + 1),
                section: None,
                text: text.chars().skip(span.start).take(span.len()).collect(),
                span,
                body_span,
                paragraphs: vec![],
                items: vec![],
            });
            end = span.end;
        }
        chs.push(Chapter {
            number: ci as u32 + 1,
            title: title.to_string(),
            part: None,
            heading_span,
            span: Span::new(heading_span.start, end),
        });
    }
    ParsedDoc {
        id: id.to_string(),
        path: id.to_string(),
        encoding: "UTF-8".into(),
        script: crate::text::Script::Simplified,
        char_len: len,
        title: None,
        notice_title: None,
        issuer: None,
        date: None,
        doc_number: None,
        numbering: Numbering::Tiao,
        parts: vec![],
        chapters: chs,
        sections: vec![],
        articles: arts,
        regions: vec![],
        warnings: vec![],
        text,
        analysis: None,
    }
}
