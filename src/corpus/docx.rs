//! The text of a Word document (`.docx`): the body of `word/document.xml` in the archive, read with `zip`
//! and `quick-xml`. What is taken:
//!
//! - the text of every run (`<w:t>`), in document order; a tab (`<w:tab>`) is `\t`, a line break
//!   (`<w:br>`, `<w:cr>`) is `\n`, a non-breaking hyphen is `-`;
//! - each paragraph (`<w:p>`) ends with `\n`: a paragraph is a line. A table's cells hold paragraphs, so
//!   each paragraph of a cell is a line, row by row; text boxes are read where they are anchored (once: the
//!   fallback copy Word keeps for old readers is skipped);
//! - not taken: deleted text of tracked changes (`<w:delText>`), field codes (`<w:instrText>`), automatic
//!   list numbers (Word draws them from the numbering definitions; they are not in the text), headers,
//!   footers, footnotes, comments and images.
//!
//! Spans index into this extracted text (`segment --with-text` shows it).

use std::io::Read;

use quick_xml::events::Event;

use super::DecodeError;

/// The most `word/document.xml` may inflate to: a compressed archive can claim any size.
const MAX_XML_BYTES: u64 = 512 << 20;

/// Reads the text of a `.docx` file's bytes.
pub fn text(bytes: &[u8]) -> Result<String, DecodeError> {
    let bad = |reason: String| DecodeError::NotDocx(reason);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| bad(format!("not a ZIP archive: {e}")))?;
    let mut entry = archive
        .by_name("word/document.xml")
        .map_err(|_| bad("no word/document.xml in the archive".into()))?;
    let mut xml = Vec::new();
    (&mut entry)
        .take(MAX_XML_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| bad(format!("cannot inflate word/document.xml: {e}")))?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(bad(format!(
            "word/document.xml inflates to more than {} MB",
            MAX_XML_BYTES >> 20
        )));
    }
    let xml = String::from_utf8(xml).map_err(|_| bad("word/document.xml is not UTF-8".into()))?;
    let text = extract(&xml).map_err(bad)?;
    if text.chars().all(crate::structure::patterns::is_space) {
        return Err(DecodeError::Empty);
    }
    Ok(text)
}

/// The text of a `word/document.xml` (see the module documentation for what is taken).
pub fn extract(xml: &str) -> Result<String, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    // Inside a <w:t>; inside a fallback copy (how deep).
    let mut in_text = false;
    let mut fallback = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("word/document.xml: {e}"))?;
        match event {
            Event::Start(e) => match e.name().as_ref() {
                "w:t" => in_text = true,
                "mc:Fallback" => fallback += 1,
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_text = false,
                "mc:Fallback" => fallback = fallback.saturating_sub(1),
                "w:p" if fallback == 0 => out.push('\n'),
                _ => {}
            },
            Event::Empty(e) if fallback == 0 => match e.name().as_ref() {
                "w:tab" => out.push('\t'),
                "w:br" | "w:cr" => out.push('\n'),
                "w:noBreakHyphen" => out.push('-'),
                "w:p" => out.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text && fallback == 0 => out.push_str(&t.xml10_content()),
            Event::CData(t) if in_text && fallback == 0 => {
                out.push_str(&t);
            }
            Event::GeneralRef(r) if in_text && fallback == 0 => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_xml_entity(&r) {
                    out.push_str(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(super::normalize_line_endings(&out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal .docx holding `body` as the content of `<w:body>`.
    pub(crate) fn docx(body: &str) -> Vec<u8> {
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
             xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>{body}</w:body></w:document>"
        );
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("[Content_Types].xml", opts).unwrap();
        zip.write_all(b"<Types/>").unwrap();
        zip.start_file("word/document.xml", opts).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
        zip.finish().unwrap();
        buf.into_inner()
    }

    #[test]
    fn paragraphs_runs_tabs_and_breaks() {
        let body = "<w:p><w:r><w:t>第一条</w:t></w:r><w:r><w:tab/><w:t xml:space=\"preserve\">为了 规范&amp;</w:t></w:r></w:p>\
            <w:p><w:r><w:t>区长</w:t><w:br/><w:t>副区长</w:t><w:delText>删除</w:delText></w:r></w:p>\
            <w:p/><w:tbl><w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
            <w:p><w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></mc:Choice>\
            <mc:Fallback><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>";
        assert_eq!(
            text(&docx(body)).unwrap(),
            "第一条\t为了 规范&\n区长\n副区长\n\n甲\n乙\n框\n\n"
        );
    }

    #[test]
    fn not_a_docx() {
        assert!(matches!(
            text(b"PK\x03\x04 broken"),
            Err(DecodeError::NotDocx(_))
        ));
        assert_eq!(text(&docx("<w:p/>")), Err(DecodeError::Empty));
    }
}
