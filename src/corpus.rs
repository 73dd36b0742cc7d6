//! Loading and decoding: turns paths (files or folders) into [`Document`]s.
//!
//! Folders are walked recursively in sorted order for `.txt` and `.md` files, web pages (`.html`, `.htm`)
//! and Word documents (`.docx`); `README*` files are documentation, not texts, and are skipped, and the
//! other files are counted and named in a warning. A web page's or Word document's text is extracted
//! (`corpus/html.rs`, `corpus/docx.rs`): its spans index into that text. Only regular files are read; symbolic links are followed,
//! each folder once; one file reached by two paths is read once. Each document gets an id unique within
//! the run ([`unique_ids`]). Encodings: UTF-8 (with or without BOM), UTF-16 with a BOM, and GB18030/GBK,
//! detected in that order. Line endings (CRLF, CR) are normalised to LF, so the decoded text is what
//! Python's `open(path, encoding=...).read()` returns, and spans index into it. What is not text is
//! decided by one rule over the whole file ([`decode`]). A bad file is an error naming that file;
//! [`load_paths`] keeps going and returns good and bad apart.

pub(crate) mod docx;
pub(crate) mod html;
mod ids;
mod walk;

use std::path::{Path, PathBuf};

pub use ids::unique_ids;
pub(crate) use walk::FileKey;
pub use walk::READ_EXTENSIONS;

use crate::error::{Error, Result};

/// One decoded input text.
#[derive(Clone, Debug)]
pub struct Document {
    /// Unique within a run: the file stem (`corpus/hangzhou-gongshu-2021.txt` → `hangzhou-gongshu-2021`),
    /// or where stems collide the shortest tail of the path that tells them apart (see [`unique_ids`]).
    pub id: String,
    pub path: PathBuf,
    /// Decoded text, BOM removed, line endings normalised to `\n`; for a web page or a Word document, the
    /// text extracted from it.
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

/// One file to read, and the id its document will carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub path: PathBuf,
    pub id: String,
}

/// The files that paths expand to, each once, with their ids; the files of folders not read for their
/// extension; the paths that failed; and warnings (a symbolic link loop not followed, a file named twice
/// read once), each naming its path.
#[derive(Debug, Default)]
pub struct Sources {
    pub files: Vec<Source>,
    /// Files found in folders and not read: their extension is none of [`READ_EXTENSIONS`].
    pub skipped: Vec<PathBuf>,
    pub errors: Vec<Error>,
    pub warnings: Vec<String>,
}

/// The outcome of loading several paths: the documents that loaded, an error for each that did not, and
/// the warnings of [`Sources`].
#[derive(Debug, Default)]
pub struct Loaded {
    pub documents: Vec<Document>,
    /// See [`Sources::skipped`].
    pub skipped: Vec<PathBuf>,
    pub errors: Vec<Error>,
    pub warnings: Vec<String>,
}

/// Expands files and folders into the files to read, sorted, each file once, with unique ids. A path
/// that does not exist is an error; so is a folder that cannot be read and a file that is not a regular
/// file (it is never opened).
pub fn expand(paths: &[PathBuf]) -> Sources {
    let walked = walk::walk(paths);
    let ids = unique_ids(&walked.files);
    Sources {
        files: walked
            .files
            .into_iter()
            .zip(ids)
            .map(|(path, id)| Source { path, id })
            .collect(),
        skipped: walked.skipped,
        errors: walked.errors,
        warnings: walked.warnings,
    }
}

/// Reads and decodes every file under `paths`. Never stops at a bad file.
pub fn load_paths(paths: &[PathBuf]) -> Loaded {
    let sources = expand(paths);
    let mut errors = sources.errors;
    let mut documents = Vec::with_capacity(sources.files.len());
    for s in &sources.files {
        match load_source(s) {
            Ok(d) => documents.push(d),
            Err(e) => errors.push(e),
        }
    }
    Loaded {
        documents,
        skipped: sources.skipped,
        errors,
        warnings: sources.warnings,
    }
}

/// Reads and decodes one file of [`expand`]'s list.
pub fn load_source(source: &Source) -> Result<Document> {
    load_as(&source.path, source.id.clone())
}

/// Reads and decodes one file on its own; its id is its file stem.
pub fn load_file(path: &Path) -> Result<Document> {
    load_as(path, ids::stem(path))
}

/// How a file's bytes become text, by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text: `.txt`, `.md`, and any other name given on the command line.
    Text,
    /// A web page: `.html`, `.htm`.
    Html,
    /// A Word document: `.docx`.
    Docx,
}

impl Format {
    /// The format of the file at `path`, by its extension (case aside).
    pub fn of(path: &Path) -> Format {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("html" | "htm") => Format::Html,
            Some("docx") => Format::Docx,
            _ => Format::Text,
        }
    }

    /// The text of `bytes` in this format, and what it was decoded from.
    pub fn text(self, bytes: &[u8]) -> std::result::Result<(String, &'static str), DecodeError> {
        match self {
            Format::Text => decode(bytes),
            Format::Html => html::text(bytes),
            // The XML of a .docx is UTF-8.
            Format::Docx => docx::text(bytes).map(|t| (t, "UTF-8")),
        }
    }
}

fn load_as(path: &Path, id: String) -> Result<Document> {
    let bytes = read_regular_file(path)?;
    let (text, encoding) = Format::of(path).text(&bytes).map_err(|kind| match kind {
        DecodeError::Empty => Error::Empty {
            path: path.to_path_buf(),
        },
        DecodeError::Binary(reason) => Error::Binary {
            path: path.to_path_buf(),
            reason,
        },
        DecodeError::Utf16WithoutBom(encoding) => Error::Utf16WithoutBom {
            path: path.to_path_buf(),
            encoding,
        },
        DecodeError::Undecodable => Error::Undecodable {
            path: path.to_path_buf(),
        },
        DecodeError::NotDocx(reason) => Error::NotDocx {
            path: path.to_path_buf(),
            reason,
        },
    })?;
    Ok(Document {
        id,
        path: path.to_path_buf(),
        text,
        encoding,
    })
}

/// The bytes of a regular file. Anything else (a FIFO, a device) is refused from its metadata before it
/// is opened; the file is opened non-blocking all the same, so one swapped in after that check cannot
/// block the run either, and is refused on the metadata of what was opened.
pub fn read_regular_file(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let io = |source| Error::from_io(path, source);
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(walk::not_regular(path, &meta));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let mut file = options.open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(walk::not_regular(path, &meta));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes).map_err(io)?;
    Ok(bytes)
}

/// Why bytes could not become text.
#[derive(Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Nothing, or only whitespace ([`is_space`](crate::structure::patterns::is_space): zero-width
    /// characters included).
    Empty,
    Binary(String),
    /// NUL bytes at every other position and no byte-order mark: `UTF-16LE` or `UTF-16BE`.
    Utf16WithoutBom(&'static str),
    Undecodable,
    /// A `.docx` whose text cannot be read, and why.
    NotDocx(String),
}

/// Decodes bytes: BOM first (UTF-8, UTF-16LE/BE), then strict UTF-8, then strict GB18030. Returns the text
/// with line endings normalised, and the encoding's name.
///
/// What is not text, one rule over the whole file (docs/json-contract.md): a known binary signature at the
/// start (PDF, ZIP/DOCX, …); a NUL anywhere (named as UTF-16 without a byte-order mark when the NULs sit
/// at every other byte); or more than 1 in 100 characters being control characters other than tab, line
/// feed, vertical tab, form feed and carriage return. A text of nothing but whitespace, zero-width
/// characters included, is empty.
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
            if let Some(name) = binary_signature(bytes) {
                return Err(DecodeError::Binary(format!("{name} signature")));
            }
            if memchr::memchr(0, bytes).is_some() {
                return Err(match utf16_without_bom(bytes) {
                    Some(encoding) => DecodeError::Utf16WithoutBom(encoding),
                    None => DecodeError::Binary("contains NUL bytes".into()),
                });
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
    if let Some(reason) = not_text(&decoded) {
        return Err(DecodeError::Binary(reason));
    }
    let text = if memchr::memchr(b'\r', decoded.as_bytes()).is_some() {
        normalize_line_endings(&decoded)
    } else {
        decoded
    };
    if text.chars().all(crate::structure::patterns::is_space) {
        return Err(DecodeError::Empty);
    }
    Ok((text, encoding))
}

/// `bytes` as text if they are UTF-8. encoding_rs checks them many bytes at a time (SIMD), several times
/// faster on Chinese text than `str::from_utf8`, whose fast path is for ASCII.
fn utf8(bytes: &[u8]) -> Option<&str> {
    match encoding_rs::UTF_8.decode_without_bom_handling_and_without_replacement(bytes)? {
        std::borrow::Cow::Borrowed(text) => Some(text),
        // (UTF-8 that needs no replacement is never rewritten.)
        std::borrow::Cow::Owned(_) => None,
    }
}

/// The name of a well-known binary format whose magic number `bytes` start with.
fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "PDF"),
        (b"PK\x03\x04", "ZIP/DOCX"),
        (b"\xD0\xCF\x11\xE0", "OLE/DOC"),
        (b"\x89PNG", "PNG"),
        (b"\xFF\xD8\xFF", "JPEG"),
        (b"\x7FELF", "ELF"),
        (b"\x1F\x8B", "gzip"),
    ];
    MAGIC
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, name)| *name)
}

/// `UTF-16LE` or `UTF-16BE` when bytes holding NULs decode as that, without a byte-order mark, to a
/// text that passes the rule of [`not_text`] (binary data fails it with NUL pairs and stray surrogates)
/// and is mostly Chinese, ASCII and CJK punctuation; of the two byte orders, the one that reads more of
/// it. UTF-8 with a stray NUL is not taken for UTF-16: UTF-16 of Chinese text is not valid UTF-8, and
/// UTF-16 of ASCII is one NUL every two bytes.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static str> {
    let nuls = bytes.iter().filter(|b| **b == 0).count();
    if !bytes.len().is_multiple_of(2) || (utf8(bytes).is_some() && nuls * 4 < bytes.len()) {
        return None;
    }
    let likely = |c: char| {
        c.is_ascii_graphic()
            || c.is_whitespace()
            || matches!(c, '\u{3000}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}')
    };
    [encoding_rs::UTF_16LE, encoding_rs::UTF_16BE]
        .into_iter()
        .filter_map(|enc| {
            let text = enc.decode_without_bom_handling_and_without_replacement(bytes)?;
            let (total, read) = text
                .chars()
                .fold((0, 0), |(t, r), c| (t + 1, r + likely(c) as usize));
            (not_text(&text).is_none() && read * 2 > total).then_some((read, enc.name()))
        })
        .max_by_key(|(read, _)| *read)
        .map(|(_, name)| name)
}

/// Why a decoded text is not text: a NUL character, or more than 1% control characters (C0 other than
/// tab, line feed, vertical tab, form feed and carriage return; DEL), counted over the whole text.
fn not_text(text: &str) -> Option<String> {
    // Most texts have no control character at all: a look at the bytes, which the compiler does many
    // bytes at a time (no branch per byte), spares decoding them. (NUL, the other C0 controls and DEL
    // are single bytes in UTF-8 and never part of a longer character.)
    let is_control = |b: u8| {
        (b < b' ') & (b != b'\t') & (b != b'\n') & (b != 0x0B) & (b != 0x0C) & (b != b'\r')
            | (b == 0x7F)
    };
    let any_control = text
        .as_bytes()
        .chunks(64)
        .any(|chunk| chunk.iter().fold(false, |seen, &b| seen | is_control(b)));
    if !any_control {
        return None;
    }
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' {
            return Some("contains NUL characters".into());
        }
        if (c < ' ' && !matches!(c, '\t' | '\n' | '\x0B' | '\x0C' | '\r')) || c == '\u{7F}' {
            control += 1;
        }
    }
    (control * 100 > total).then(|| format!("{control} control characters in {total}"))
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
    fn one_rule_over_the_whole_file() {
        let mut late = "第一条 内容。\n".repeat(1000).into_bytes();
        late.push(0);
        assert_eq!(
            decode(&late),
            Err(DecodeError::Binary("contains NUL bytes".into()))
        );
        let mut bom = vec![0xFF, 0xFE];
        bom.extend("第一条\0".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert!(matches!(decode(&bom), Err(DecodeError::Binary(_))));
        let vt = format!("第一条 {}\x0b\x0b\x0c\t\n", "区政府".repeat(20));
        assert!(decode(vt.as_bytes()).is_ok());
        let controls = format!("第一条 {}\x01\x02", "区政府".repeat(20));
        assert!(matches!(
            decode(controls.as_bytes()),
            Err(DecodeError::Binary(_))
        ));
        // 一 is U+4E00: its UTF-16 code unit holds a NUL byte too.
        let text = "第一条 一一一一一一区政府一一一。\r\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode(&le), Err(DecodeError::Utf16WithoutBom("UTF-16LE")));
        assert_eq!(decode(&be), Err(DecodeError::Utf16WithoutBom("UTF-16BE")));
        assert_eq!(
            decode(b"\x00\x00\x01\x02\x00\x00\xff\xfe"),
            Err(DecodeError::Binary("contains NUL bytes".into()))
        );
        assert_eq!(
            decode("\u{200b}\u{feff}\u{2060} \n\u{3000}".as_bytes()),
            Err(DecodeError::Empty)
        );
        let (kept, _) = decode("区政府\u{200b}实行".as_bytes()).unwrap();
        assert_eq!(kept, "区政府\u{200b}实行");
    }

    #[test]
    fn normalises_line_endings() {
        assert_eq!(normalize_line_endings("a\r\nb\rc\n"), "a\nb\nc\n");
    }
}
