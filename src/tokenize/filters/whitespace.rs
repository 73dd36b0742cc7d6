//! Drops tokens made only of whitespace (spaces, tabs, line breaks, the ideographic space): layout, not text.

use std::borrow::Cow;

use super::TokenFilter;
use crate::tokenize::Context;

/// Drops whitespace-only tokens.
#[derive(Clone, Copy, Debug, Default)]
pub struct DropWhitespace;

impl TokenFilter for DropWhitespace {
    #[inline]
    fn apply<'a>(&'a self, norm: &mut Cow<'a, str>, _: &Context) -> bool {
        !norm.chars().all(is_space)
    }
}

/// `char::is_whitespace`, with CJK ideographs (most tokens) decided without the Unicode table.
#[inline]
pub(crate) fn is_space(c: char) -> bool {
    !matches!(c, '\u{4E00}'..='\u{9FFF}') && c.is_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keeps(s: &str) -> bool {
        DropWhitespace.apply(&mut Cow::Borrowed(s), &Context::default())
    }

    #[test]
    fn drops_only_whitespace() {
        assert!(!keeps(" "));
        assert!(!keeps("\n"));
        assert!(!keeps("\u{3000}"));
        assert!(!keeps(""));
        assert!(keeps("区长"));
        assert!(keeps("，"));
    }
}
