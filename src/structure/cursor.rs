//! A cursor over one line for reading the fixed shapes of markers at its start (`第 十 条之一`, `（一）`,
//! `1.`), character by character, as an anchored regex would but without a regex's cost on every line (the
//! parser reads each line for a marker). [`patterns`](super::patterns) says what each marker is made of;
//! tests/markers.rs checks the readers against the patterns they replace.

use crate::text::numerals::is_chinese_numeral_char;

/// A position in a line; reading past what does not match leaves it where it was.
#[derive(Clone, Copy)]
pub(super) struct Cursor<'a> {
    line: &'a str,
    /// What is left to read.
    rest: &'a str,
}

impl<'a> Cursor<'a> {
    #[inline]
    pub(super) fn new(line: &'a str) -> Self {
        Cursor { line, rest: line }
    }

    /// Byte offset of what is read next: the length of what was read.
    #[inline]
    pub(super) fn pos(&self) -> usize {
        self.line.len() - self.rest.len()
    }

    /// The next character, not read.
    #[inline]
    pub(super) fn peek(&self) -> Option<char> {
        self.rest.chars().next()
    }

    /// Reads the next character if it is one of `chars`.
    #[inline]
    pub(super) fn eat(&mut self, chars: &[char]) -> Option<char> {
        let mut after = self.rest.chars();
        let c = after.next().filter(|c| chars.contains(c))?;
        self.rest = after.as_str();
        Some(c)
    }

    /// Reads the longest run of characters that `accept` takes (perhaps none).
    #[inline]
    pub(super) fn run(&mut self, accept: impl Fn(char) -> bool) -> &'a str {
        let start = self.rest;
        let mut after = start.chars();
        while after.next().is_some_and(&accept) {
            self.rest = after.as_str();
        }
        &start[..start.len() - self.rest.len()]
    }

    /// Reads any white space (a pattern's `\s*`: Unicode White_Space).
    #[inline]
    pub(super) fn spaces(&mut self) {
        self.run(char::is_whitespace);
    }

    /// Reads a number as markers write it: Chinese numeral characters or Arabic digits (`{N}+|{D}+`).
    #[inline]
    pub(super) fn number(&mut self) -> Option<&'a str> {
        let chinese = self.run(is_chinese_numeral_char);
        if !chinese.is_empty() {
            return Some(chinese);
        }
        let digits = self.run(is_digit);
        (!digits.is_empty()).then_some(digits)
    }
}

/// An Arabic digit, ASCII or full-width.
#[inline]
pub(super) fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_matches_and_stays_put_otherwise() {
        let mut c = Cursor::new("第 三十六 条之一");
        assert_eq!(c.eat(&['第']), Some('第'));
        assert_eq!(c.eat(&['章']), None);
        c.spaces();
        assert_eq!(c.number(), Some("三十六"));
        assert_eq!(c.number(), None);
        c.spaces();
        assert_eq!(c.eat(&['条']), Some('条'));
        assert_eq!(c.pos(), "第 三十六 条".len());
        assert_eq!(c.peek(), Some('之'));
        let mut d = Cursor::new("１２.");
        assert_eq!(d.number(), Some("１２"));
        assert_eq!(d.eat(&['.', '．']), Some('.'));
        assert_eq!(d.peek(), None);
    }
}
