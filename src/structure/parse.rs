//! Builds the [`ParsedDoc`](super::ParsedDoc) tree from a decoded document.

use super::*;
use crate::corpus::Document;

/// Parses one document. Never fails: anomalies become warnings.
pub fn parse(doc: &Document) -> ParsedDoc {
    let char_len = doc.text.chars().count();
    ParsedDoc {
        id: doc.id.clone(),
        path: doc.path.display().to_string(),
        encoding: doc.encoding.to_string(),
        char_len,
        title: None,
        issuer: None,
        date: None,
        doc_number: None,
        numbering: Numbering::None,
        parts: vec![],
        chapters: vec![],
        sections: vec![],
        articles: vec![],
        regions: vec![Region {
            kind: RegionKind::FrontMatter,
            span: Span::new(0, char_len),
            label: None,
        }],
        warnings: vec![],
        text: doc.text.clone(),
    }
}
