//! Loading and decoding: turns paths (files or folders) into [`Document`]s.
//!
//! Folders are walked recursively in sorted order for `.txt` and `.md` files; `README*` files are
//! documentation, not texts, and are skipped. Encodings: UTF-8 (with or without BOM), UTF-16 with a BOM,
//! and GB18030/GBK, detected in that order. Line endings (CRLF, CR) are normalised to LF, so the decoded
//! text is what Python's `open(path, encoding=...).read()` returns, and spans index into it.
//! A bad file is an error naming that file; [`load_paths`] keeps going and returns good and bad apart.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// One decoded input text.
#[derive(Clone, Debug)]
pub struct Document {
    /// The file stem: `corpus/hangzhou-gongshu-2021.txt` → `hangzhou-gongshu-2021`.
    pub id: String,
    pub path: PathBuf,
    /// Decoded text, BOM removed, line endings normalised to `\n`.
    pub text: String,
    /// What the bytes were decoded from: `UTF-8`, `UTF-16LE`, `UTF-16BE` or `gb18030`.
    pub encoding: &'static str,
}

impl Document {
    /// A document from text already in memory (tests, notebooks, other front ends).
    pub fn from_text(id: &str, text: &str) -> Self {
        Document {
            id: id.to_string(),
            path: PathBuf::from(id),
            text: normalize_line_endings(text),
            encoding: "UTF-8",
        }
    }
}

/// The outcome of loading several paths: the documents that loaded, and an error for each that did not.
#[derive(Debug, Default)]
pub struct Loaded {
    pub documents: Vec<Document>,
    pub errors: Vec<Error>,
}

/// Extensions read when walking a folder.
const TEXT_EXTENSIONS: &[&str] = &["txt", "md"];

/// Expands files and folders into the list of text files to read, sorted, deduplicated.
/// A path that does not exist is an error; so is a folder that cannot be read.
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Error>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if !p.exists() {
            errors.push(Error::NotFound { path: p.clone() });
        } else if p.is_dir() {
            walk(p, &mut files, &mut errors);
        } else {
            files.push(p.clone());
        }
    }
    files.sort();
    files.dedup();
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<Error>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(source) => {
            errors.push(Error::Io {
                path: dir.to_path_buf(),
                source,
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            walk(&p, files, errors);
        } else if is_text_file(&p) {
            files.push(p);
        }
    }
}

fn is_text_file(p: &Path) -> bool {
    let ext_ok = p
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| TEXT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        .unwrap_or(false);
    let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    ext_ok && !stem.eq_ignore_ascii_case("readme")
}

/// Reads and decodes every file under `paths`. Never stops at a bad file.
pub fn load_paths(paths: &[PathBuf]) -> Loaded {
    let (files, mut errors) = expand_paths(paths);
    let mut documents = Vec::with_capacity(files.len());
    for f in files {
        match load_file(&f) {
            Ok(d) => documents.push(d),
            Err(e) => errors.push(e),
        }
    }
    Loaded { documents, errors }
}

/// Reads and decodes one file.
pub fn load_file(path: &Path) -> Result<Document> {
    let bytes = std::fs::read(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            Error::NotFound {
                path: path.to_path_buf(),
            }
        } else {
            Error::Io {
                path: path.to_path_buf(),
                source,
            }
        }
    })?;
    let (text, encoding) = decode_owned(bytes).map_err(|kind| match kind {
        DecodeError::Empty => Error::Empty {
            path: path.to_path_buf(),
        },
        DecodeError::Binary(reason) => Error::Binary {
            path: path.to_path_buf(),
            reason,
        },
        DecodeError::Undecodable => Error::Undecodable {
            path: path.to_path_buf(),
        },
    })?;
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    Ok(Document {
        id,
        path: path.to_path_buf(),
        text,
        encoding,
    })
}

/// Why bytes could not become text.
#[derive(Debug, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    Binary(String),
    Undecodable,
}

/// [`decode`], taking the bytes (plain UTF-8, most files, is checked once and copied once).
fn decode_owned(bytes: Vec<u8>) -> std::result::Result<(String, &'static str), DecodeError> {
    if bytes.is_empty()
        || encoding_rs::Encoding::for_bom(&bytes).is_some()
        || binary_signature(&bytes).is_some()
    {
        return decode(&bytes);
    }
    match utf8(&bytes) {
        Some(text) => Ok((finish(text.to_owned())?, "UTF-8")),
        None => decode(&bytes),
    }
}

/// `bytes` as text if they are UTF-8. encoding_rs checks them many bytes at a time (SIMD), several times
/// faster on Chinese text than `str::from_utf8`, whose fast path is for ASCII: checking with it and copying
/// costs less than `String::from_utf8` without a copy.
fn utf8(bytes: &[u8]) -> Option<&str> {
    match encoding_rs::UTF_8.decode_without_bom_handling_and_without_replacement(bytes)? {
        std::borrow::Cow::Borrowed(text) => Some(text),
        // (UTF-8 that needs no replacement is never rewritten.)
        std::borrow::Cow::Owned(_) => None,
    }
}

/// Decodes bytes: BOM first (UTF-8, UTF-16LE/BE), then strict UTF-8, then strict GB18030.
/// Returns the text with line endings normalised, and the encoding's name.
pub fn decode(bytes: &[u8]) -> std::result::Result<(String, &'static str), DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let (decoded, encoding): (String, &'static str) =
        if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
            let body = &bytes[bom_len..];
            let text = enc
                .decode_without_bom_handling_and_without_replacement(body)
                .ok_or(DecodeError::Undecodable)?;
            (text.into_owned(), enc.name())
        } else {
            if let Some(reason) = binary_signature(bytes) {
                return Err(DecodeError::Binary(reason));
            }
            match utf8(bytes) {
                Some(s) => (s.to_string(), "UTF-8"),
                None => {
                    let text = encoding_rs::GB18030
                        .decode_without_bom_handling_and_without_replacement(bytes)
                        .ok_or(DecodeError::Undecodable)?;
                    (text.into_owned(), "gb18030")
                }
            }
        };
    Ok((finish(decoded)?, encoding))
}

/// The checks and normalisation every decoded text goes through (copied only if it has a CR).
fn finish(decoded: String) -> std::result::Result<String, DecodeError> {
    if let Some(reason) = control_char_excess(&decoded) {
        return Err(DecodeError::Binary(reason));
    }
    // (memchr looks for the byte many bytes at a time.)
    let text = if memchr::memchr(b'\r', decoded.as_bytes()).is_some() {
        normalize_line_endings(&decoded)
    } else {
        decoded
    };
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(text)
}

/// NUL bytes outside a BOM-marked UTF-16 file mean binary data; so do well-known magic numbers.
fn binary_signature(bytes: &[u8]) -> Option<String> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "PDF"),
        (b"PK\x03\x04", "ZIP/DOCX"),
        (b"\xD0\xCF\x11\xE0", "OLE/DOC"),
        (b"\x89PNG", "PNG"),
        (b"\xFF\xD8\xFF", "JPEG"),
        (b"\x7FELF", "ELF"),
        (b"\x1F\x8B", "gzip"),
    ];
    for (magic, name) in MAGIC {
        if bytes.starts_with(magic) {
            return Some(format!("{name} signature"));
        }
    }
    let head = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, head).is_some() {
        return Some("contains NUL bytes".to_string());
    }
    None
}

/// Text with more than 1% C0 control characters (other than tab, newline, CR, form feed) is treated as binary.
fn control_char_excess(text: &str) -> Option<String> {
    // Most texts have none: a look at the bytes that hold the first 20,000 characters, which the compiler
    // does many bytes at a time (no branch per byte), spares decoding them. (C0 controls and DEL are
    // single bytes in UTF-8.)
    let head = &text.as_bytes()[..text.len().min(4 * 20_000)];
    let is_control = |b: u8| {
        (b < b' ') & (b != b'\t') & (b != b'\n') & (b != b'\r') & (b != b'\x0C') | (b == 0x7F)
    };
    let any_control = head
        .chunks(64)
        .any(|chunk| chunk.iter().fold(false, |seen, &b| seen | is_control(b)));
    if !any_control {
        return None;
    }
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(20_000) {
        total += 1;
        if (c < ' ' && !matches!(c, '\t' | '\n' | '\r' | '\x0C')) || c == '\u{7F}' {
            control += 1;
        }
    }
    (control * 100 > total).then(|| format!("{control} control characters in the first {total}"))
}

/// CRLF and lone CR become LF.
pub fn normalize_line_endings(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_with_and_without_bom() {
        assert_eq!(
            decode("第一条".as_bytes()).unwrap(),
            ("第一条".into(), "UTF-8")
        );
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("第一条".as_bytes());
        assert_eq!(decode(&b).unwrap(), ("第一条".into(), "UTF-8"));
    }

    #[test]
    fn decodes_utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        for u in "区政府\r\n".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&le).unwrap(), ("区政府\n".into(), "UTF-16LE"));
        let mut be = vec![0xFE, 0xFF];
        for u in "区政府".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&be).unwrap(), ("区政府".into(), "UTF-16BE"));
    }

    #[test]
    fn decodes_gbk() {
        let (bytes, _, _) = encoding_rs::GBK.encode("第三十六条　区长签发。\r\n");
        assert_eq!(
            decode(&bytes).unwrap(),
            ("第三十六条　区长签发。\n".into(), "gb18030")
        );
    }

    #[test]
    fn rejects_binary_and_empty() {
        assert!(matches!(
            decode(b"%PDF-1.4 ..."),
            Err(DecodeError::Binary(_))
        ));
        assert!(matches!(decode(b"ab\0cd"), Err(DecodeError::Binary(_))));
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\r\n"), Err(DecodeError::Empty));
        let noise: Vec<u8> = (0u8..=255)
            .cycle()
            .skip(1)
            .take(4000)
            .filter(|b| *b != 0)
            .collect();
        assert!(decode(&noise).is_err());
    }

    #[test]
    fn control_characters_count_within_the_first_20000_characters() {
        // Four-byte characters: the first 20,000 characters take 80,000 bytes.
        let wide = "𠀀".repeat(19_000);
        let late = format!("{wide}{}", "\u{1}".repeat(1_000));
        assert!(control_char_excess(&late).is_some());
        let after = format!("{wide}{}{}", "𠀀".repeat(1_000), "\u{1}".repeat(1_000));
        assert_eq!(control_char_excess(&after), None);
        assert_eq!(control_char_excess("第一条\t甲。\r\n\x0C"), None);
        assert!(control_char_excess("\u{7F}甲").is_some());
    }

    #[test]
    fn decoding_owned_bytes_agrees_with_decoding_borrowed_ones() {
        let (gbk, _, _) = encoding_rs::GBK.encode("第三十六条　区长签发。\r\n");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("第一条\r\n".as_bytes());
        let mut le = vec![0xFF, 0xFE];
        for u in "区政府\r\n".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let inputs: Vec<Vec<u8>> = vec![
            "第一条 区长签发。\n".into(),
            "第一条\r\n第二条\r".into(),
            gbk.into_owned(),
            bom,
            le,
            b"%PDF-1.4 ...".to_vec(),
            b"ab\0cd".to_vec(),
            b"".to_vec(),
            b" \n\r\n".to_vec(),
            b"\x01\x02\x03abc".to_vec(),
            vec![0xFF, 0x80, 0x41],
        ];
        for bytes in inputs {
            assert_eq!(decode_owned(bytes.clone()), decode(&bytes), "{bytes:?}");
        }
    }

    #[test]
    fn normalises_line_endings() {
        assert_eq!(normalize_line_endings("a\r\nb\rc\n"), "a\nb\nc\n");
    }
}
