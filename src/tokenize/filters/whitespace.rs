//! Drops tokens made only of whitespace (spaces, tabs, line breaks, the ideographic space): layout, not text.

use super::TokenFilter;
use crate::tokenize::Context;

/// Drops whitespace-only tokens.
#[derive(Clone, Copy, Debug, Default)]
pub struct DropWhitespace;

impl TokenFilter for DropWhitespace {
    fn apply(&self, norm: &mut String, _: &Context) -> bool {
        !norm.chars().all(char::is_whitespace)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keeps(s: &str) -> bool {
        DropWhitespace.apply(&mut s.to_string(), &Context::default())
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
