//! The text of a web page (`.html`, `.htm`), as a reader sees it, so that a rule saved from a government site
//! is read like one saved as text. The bytes are decoded first (a byte-order mark; else the charset the page
//! declares in its first 1,024 bytes, `<meta charset="gb2312">`; else the rule for text files), then the
//! markup goes through html5ever's tokenizer (the browsers' tokenizing rules: entities decoded, `<script>`
//! and `<style>` read as raw text) and the text is taken as follows:
//!
//! - the content of `<script>`, `<style>`, `<noscript>`, `<template>` and `<title>` is dropped, as are comments;
//! - a block element (`<p>`, `<div>`, `<li>`, `<tr>`, `<td>`, `<h1>` … — the list is [`BLOCKS`]) starts and
//!   ends a line, and `<br>` is a line break: each paragraph, and each table cell, is one line;
//! - outside `<pre>`, a run of ASCII whitespace (the line breaks of the markup among them) is one space,
//!   and none is kept at the start or end of a line; a run that holds a line break between two Chinese
//!   (East Asian wide) characters is nothing at all, as CSS renders it (a paragraph wrapped in the markup
//!   reads as one line of Chinese); other spaces (U+00A0 from `&nbsp;`, the ideographic space U+3000 that
//!   indents Chinese paragraphs) are text and stay.
//!
//! Spans index into this extracted text (`segment --with-text` shows it), not into the markup.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    states::RawKind, BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer,
    TokenizerOpts,
};

use super::DecodeError;

/// Elements that start and end a line.
pub const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "option",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements whose content is no text of the page.
const DROPPED: &[&str] = &["script", "style", "noscript", "template", "title"];

/// Decodes a web page's bytes and extracts its text; returns the text and the encoding of the bytes.
pub fn text(bytes: &[u8]) -> Result<(String, &'static str), DecodeError> {
    let (markup, encoding) = decode(bytes)?;
    let text = extract(&markup);
    if text.chars().all(crate::structure::patterns::is_space) {
        return Err(DecodeError::Empty);
    }
    Ok((text, encoding))
}

/// The page's markup: decoded by its byte-order mark, else by the charset it declares, else as a text file.
fn decode(bytes: &[u8]) -> Result<(String, &'static str), DecodeError> {
    if encoding_rs::Encoding::for_bom(bytes).is_none() {
        if let Some(enc) = declared_charset(bytes) {
            if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
                return Ok((super::normalize_line_endings(&text), enc.name()));
            }
        }
    }
    super::decode(bytes)
}

/// The encoding named by `charset=` in the first 1,024 bytes (a `<meta charset>` or `<meta http-equiv>`),
/// when encoding_rs knows the label. UTF-16 labels are ignored, as browsers ignore them in a `<meta>`: a
/// page that could declare it was not UTF-16.
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let at = lower.windows(8).position(|w| w == b"charset=")? + 8;
    let rest = &lower[at..];
    let rest = rest
        .strip_prefix(b"\"")
        .or(rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| matches!(b, b'"' | b'\'' | b';' | b'>' | b'/') || b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    let enc = encoding_rs::Encoding::for_label(&rest[..end])?;
    (enc != encoding_rs::UTF_16LE && enc != encoding_rs::UTF_16BE).then_some(enc)
}

/// The text of decoded markup (see the module documentation for what is taken).
pub fn extract(markup: &str) -> String {
    let sink = TextSink::default();
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(markup));
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let out = tokenizer.sink.out.into_inner();
    let mut text = out.text;
    let kept = text.trim_end().len();
    text.truncate(kept);
    text.push('\n');
    text
}

/// Collects the text as the tokenizer hands it over.
#[derive(Default)]
struct TextSink {
    out: RefCell<TextOut>,
}

#[derive(Default)]
struct TextOut {
    text: String,
    /// How deep inside each dropped element (by its position in [`DROPPED`]) the tokenizer is.
    dropped: [usize; 5],
    /// Inside `<pre>` (or `<textarea>`, `<listing>`): whitespace is kept as written.
    pre: usize,
    /// A space is owed before the next character of text (a whitespace run was seen).
    space: bool,
    /// That whitespace run held a line break.
    space_breaks: bool,
}

impl TextOut {
    fn at_line_start(&self) -> bool {
        self.text.is_empty() || self.text.ends_with('\n')
    }

    /// Ends the current line, unless it is empty.
    fn block_boundary(&mut self) {
        if !self.at_line_start() {
            self.text.push('\n');
        }
        self.space = false;
        self.space_breaks = false;
    }

    fn chars(&mut self, s: &str) {
        if self.dropped.iter().any(|&d| d > 0) {
            return;
        }
        if self.pre > 0 {
            self.text.push_str(s);
            return;
        }
        for c in s.chars() {
            if c.is_ascii_whitespace() {
                self.space = true;
                self.space_breaks |= c == '\n';
            } else {
                let joined = self.space_breaks
                    && is_wide(c)
                    && self.text.chars().next_back().is_some_and(is_wide);
                if self.space && !self.at_line_start() && !joined {
                    self.text.push(' ');
                }
                self.space = false;
                self.space_breaks = false;
                self.text.push(c);
            }
        }
    }

    fn tag(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        let start = tag.kind == TagKind::StartTag;
        if let Some(i) = DROPPED.iter().position(|d| *d == name) {
            if start && !tag.self_closing {
                self.dropped[i] += 1;
            } else if !start {
                self.dropped[i] = self.dropped[i].saturating_sub(1);
            }
        }
        if matches!(name, "pre" | "textarea" | "listing") {
            if start {
                self.pre += 1;
            } else {
                self.pre = self.pre.saturating_sub(1);
            }
        }
        if name == "br" {
            self.text.push('\n');
            self.space = false;
            self.space_breaks = false;
        } else if BLOCKS.contains(&name) {
            self.block_boundary();
        }
        if !start || tag.self_closing {
            return TokenSinkResult::Continue;
        }
        // What the tree builder would tell the tokenizer: these elements' content is raw text.
        match name {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "noscript" | "xmp" | "iframe" | "noembed" | "noframes" => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            "plaintext" => TokenSinkResult::Plaintext,
            _ => TokenSinkResult::Continue,
        }
    }
}

/// East Asian wide characters other than Hangul (CSS Text 3's segment break transformation): the CJK
/// ideographs, kana, CJK punctuation and full-width forms.
fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{303E}'
        | '\u{3041}'..='\u{33FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF01}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{20000}'..='\u{3FFFD}')
}

impl TokenSink for TextSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut out = self.out.borrow_mut();
        match token {
            Token::CharacterTokens(s) => out.chars(&s),
            Token::TagToken(tag) => return out.tag(&tag),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_lines_and_markup_whitespace_is_one_space() {
        let page = "<html><head><title>标题</title><style>p{color:red}</style>\
            <script>if (a<b) { x = \"</p>\"; }</script></head>\n<body>\n<div class=nav>首页 &gt; 政策</div>\
            <p>第一条\n   为了规范&nbsp;工作，\n 依据 the\n rules</p><p>　　第二条 区长&amp;副区长。<br>第二款</p>\
            <!-- 注释 --><table><tr><td>甲</td><td>乙</td></tr></table></body></html>";
        assert_eq!(
            extract(page),
            "首页 > 政策\n第一条为了规范\u{a0}工作，依据 the rules\n　　第二条 区长&副区长。\n第二款\n甲\n乙\n"
        );
    }

    #[test]
    fn pre_keeps_its_whitespace() {
        assert_eq!(extract("<pre>第一条\n  甲</pre>后"), "第一条\n  甲\n后\n");
    }

    #[test]
    fn the_declared_charset_decodes_the_page() {
        let (bytes, _, _) = encoding_rs::GBK.encode(
            "<html><head><meta charset=\"gb2312\"></head><body><p>第一条 区政府</p></body></html>",
        );
        let (text, encoding) = text(&bytes).unwrap();
        assert_eq!(text, "第一条 区政府\n");
        assert_eq!(encoding, "GBK");
        let http_equiv =
            b"<meta http-equiv=Content-Type content='text/html; charset=UTF-8'><p>x</p>";
        assert_eq!(text_of(http_equiv), "x\n");
    }

    fn text_of(bytes: &[u8]) -> String {
        text(bytes).unwrap().0
    }

    #[test]
    fn a_page_without_text_is_empty() {
        assert_eq!(
            text(b"<html><script>var a;</script></html>"),
            Err(DecodeError::Empty)
        );
    }
}
