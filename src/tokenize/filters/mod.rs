//! Token filters: small values run in order on each token after segmentation. A filter sees the token's
//! folded form (`norm`), may rewrite it, and says whether to keep the token. The source slice and span
//! are never touched. One file per filter, each with its own tests.
//!
//! `norm` starts borrowed from the folded text and becomes owned only when a filter rewrites it, so the
//! common case (a filter that only decides) copies nothing.

pub(crate) mod punctuation;
pub mod roles;
pub(crate) mod stopwords;
pub(crate) mod whitespace;

pub use punctuation::DropPunctuation;
pub use roles::RoleFolding;
use stopwords::ShortKeys;
pub use stopwords::Stopwords;
pub use whitespace::DropWhitespace;

use std::any::Any;
use std::borrow::Cow;
use std::sync::Arc;

use super::{Context, Piece};

/// One step of an analyzer's filter chain.
pub trait TokenFilter: Send + Sync + std::fmt::Debug {
    /// Keeps (`true`) or drops (`false`) a token; may rewrite its folded form `norm` (to an owned string,
    /// or to a string the filter itself holds).
    fn apply<'a>(&'a self, norm: &mut Cow<'a, str>, ctx: &Context) -> bool;

    /// Whether this filter folds role words (so callers can tell a folded analyzer).
    fn is_role_folding(&self) -> bool {
        false
    }
}

/// A filter as an analyzer holds it: the bundled filters by value, so that the chain, which runs on every
/// token, calls them directly (and inlines them), and any other filter through its trait object.
#[derive(Clone, Debug)]
pub(crate) enum Step {
    Whitespace(DropWhitespace),
    Punctuation(DropPunctuation),
    Stopwords(Arc<Stopwords>),
    Roles(Arc<RoleFolding>),
    Other(Arc<dyn TokenFilter>),
}

impl Step {
    pub(crate) fn new<F: TokenFilter + 'static>(filter: F) -> Step {
        let any = &filter as &dyn Any;
        if let Some(f) = any.downcast_ref::<DropWhitespace>() {
            Step::Whitespace(*f)
        } else if let Some(f) = any.downcast_ref::<DropPunctuation>() {
            Step::Punctuation(*f)
        } else if let Some(f) = any.downcast_ref::<Stopwords>() {
            Step::Stopwords(Arc::new(f.clone()))
        } else if let Some(f) = any.downcast_ref::<RoleFolding>() {
            Step::Roles(Arc::new(f.clone()))
        } else {
            Step::Other(Arc::new(filter))
        }
    }

    #[inline]
    pub(crate) fn apply<'a>(&'a self, norm: &mut Cow<'a, str>, ctx: &Context) -> bool {
        match self {
            Step::Whitespace(f) => f.apply(norm, ctx),
            Step::Punctuation(f) => f.apply(norm, ctx),
            Step::Stopwords(f) => f.apply(norm, ctx),
            Step::Roles(f) => f.apply(norm, ctx),
            Step::Other(f) => f.apply(norm, ctx),
        }
    }

    pub(crate) fn is_role_folding(&self) -> bool {
        match self {
            Step::Roles(_) => true,
            Step::Other(f) => f.is_role_folding(),
            _ => false,
        }
    }
}

/// A token's first bytes, read once for the filters that decide from them: up to seven bytes
/// (little-endian, zero-padded, so the top byte is 0) and the token's length in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TokenPrefix {
    pub(crate) bytes: u64,
    pub(crate) len: usize,
}

impl TokenPrefix {
    /// The head of `s`.
    #[inline]
    pub(crate) fn of(s: &str) -> TokenPrefix {
        TokenPrefix::of_bytes(s.as_bytes())
    }

    fn of_bytes(s: &[u8]) -> TokenPrefix {
        let mut b = [0u8; 8];
        let n = s.len().min(7);
        b[..n].copy_from_slice(&s[..n]);
        TokenPrefix {
            bytes: u64::from_le_bytes(b),
            len: s.len(),
        }
    }

    /// The head of the token `text[start..end]`: one eight-byte load, masked to the token's first seven
    /// bytes at most, where the text has eight bytes from `start`.
    #[inline(always)]
    pub(crate) fn within(text: &[u8], start: usize, end: usize) -> TokenPrefix {
        if start + 8 > text.len() {
            return TokenPrefix::of_bytes(&text[start..end]);
        }
        let eight: [u8; 8] = text[start..start + 8].try_into().expect("eight bytes");
        let len = end - start;
        TokenPrefix {
            bytes: u64::from_le_bytes(eight) & HEAD_MASKS[len.min(7)],
            len,
        }
    }

    /// A key that identifies a token of at most seven bytes: its bytes, with its length plus one in the top
    /// byte (so no key is 0). A longer token's key has a top byte of 9 or more, so it equals no short
    /// token's.
    #[inline(always)]
    pub(crate) fn key(self) -> u64 {
        self.bytes | ((self.len + 1).min(255) as u64) << 56
    }
}

/// `HEAD_MASKS[n]` keeps the first `n` bytes of an eight-byte little-endian load.
const HEAD_MASKS: [u64; 8] = {
    let mut masks = [0u64; 8];
    let mut n = 1;
    while n < 8 {
        masks[n] = u64::MAX >> (64 - 8 * n);
        n += 1;
    }
    masks
};

/// An analyzer's filter chain, with its leading run of filters that only decide (whitespace, punctuation,
/// stopwords: none rewrites `norm`, so their order among themselves does not matter) merged into one
/// check, and the rest run in order. Dropping punctuation also drops whitespace (a whitespace token has no
/// letter, ideograph or digit), so when both are on one test decides.
#[derive(Clone)]
pub(crate) struct Chain {
    drop_whitespace: bool,
    drop_punctuation: bool,
    stopwords: Option<Arc<Stopwords>>,
    rest: Vec<Step>,
    /// [`punctuation::word_chars`], held here rather than fetched per run in `decide_run_with`, which
    /// was slower (benches/RESULTS.md).
    word_chars: &'static [u64; 1024],
}

impl std::fmt::Debug for Chain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chain")
            .field("drop_whitespace", &self.drop_whitespace)
            .field("drop_punctuation", &self.drop_punctuation)
            .field("stopwords", &self.stopwords.as_ref().map(|s| s.len()))
            .field("rest", &self.rest)
            .finish()
    }
}

impl Default for Chain {
    fn default() -> Chain {
        Chain {
            drop_whitespace: false,
            drop_punctuation: false,
            stopwords: None,
            rest: Vec::new(),
            word_chars: punctuation::word_chars(),
        }
    }
}

impl Chain {
    pub(crate) fn new(steps: Vec<Step>) -> Chain {
        let mut chain = Chain::default();
        let mut steps = steps.into_iter().peekable();
        while let Some(step) = steps.peek() {
            match step {
                Step::Whitespace(_) => chain.drop_whitespace = true,
                Step::Punctuation(_) => chain.drop_punctuation = true,
                Step::Stopwords(s) if chain.stopwords.is_none() => {
                    chain.stopwords = Some(s.clone())
                }
                _ => break,
            }
            steps.next();
        }
        chain.rest = steps.collect();
        chain
    }

    /// Screens a run of tokens: `pieces` at byte `at` of `text`. Sets `kept` (cleared first) to the set
    /// of the pieces that the merged decide-only filters keep (bit `i % 64` of word `i / 64` is piece
    /// `i`); the filters that rewrite ([`Self::rewrites`]) are still to run on those.
    ///
    /// A third of jieba's tokens are punctuation, whitespace or stopwords, in no pattern a branch predictor
    /// can follow, so the decision is made without branching: each token's verdict is one bit, shifted
    /// into place. Should a token of the run not be settled that way (see
    /// [`punctuation::first_char_is_word`]; rare), or the chain need checks the branch-free loop does not
    /// make, the run is decided token by token.
    pub(crate) fn decide_run(&self, text: &str, at: usize, pieces: &[Piece], kept: &mut Vec<u64>) {
        if self.decides_branch_free()
            && self.decide_run_branch_free(text.as_bytes(), at, pieces, kept)
        {
            return;
        }
        kept.clear();
        for block in pieces.chunks(64) {
            let mut bits = 0u64;
            for (j, p) in block.iter().enumerate() {
                let (start, end) = (at + p.byte_start as usize, at + p.byte_end as usize);
                let head = TokenPrefix::within(text.as_bytes(), start, end);
                bits |= (self.decides_keep(head, &text[start..end]) as u64) << j;
            }
            kept.push(bits);
        }
    }

    /// Whether the branch-free loop makes every check of this chain: not with whitespace dropped alone
    /// (dropping punctuation subsumes it), nor with stopwords over seven bytes.
    fn decides_branch_free(&self) -> bool {
        (self.drop_punctuation || !self.drop_whitespace)
            && !self.stopwords.as_ref().is_some_and(|s| s.has_long_words())
    }

    /// The branch-free loop of [`Self::decide_run`]; `false` when some token is not settled by it.
    fn decide_run_branch_free(
        &self,
        text: &[u8],
        at: usize,
        pieces: &[Piece],
        kept: &mut Vec<u64>,
    ) -> bool {
        if self.drop_punctuation {
            self.decide_run_with::<true>(&text[at..], pieces, kept)
        } else {
            self.decide_run_with::<false>(&text[at..], pieces, kept)
        }
    }

    /// [`Self::decide_run_branch_free`] on a run that starts the text, with or without dropping punctuation.
    fn decide_run_with<const PUNCTUATION: bool>(
        &self,
        text: &[u8],
        pieces: &[Piece],
        kept: &mut Vec<u64>,
    ) -> bool {
        kept.clear();
        // (Everything the loop reads is hoisted into locals, so that it stays in registers.)
        let punctuation = PUNCTUATION as u64;
        let word_chars = self.word_chars;
        let stopwords = self
            .stopwords
            .as_deref()
            .map_or(ShortKeys::NONE, Stopwords::short_keys);
        let mut unsettled = 0;
        for block in pieces.chunks(64) {
            let mut bits = 0u64;
            for (j, p) in block.iter().enumerate() {
                let head = TokenPrefix::within(text, p.byte_start as usize, p.byte_end as usize);
                let (word, unsure) = punctuation::first_char_is_word(head, word_chars);
                let stop = stopwords.holds(head.key()) as u64;
                unsettled |= unsure & punctuation;
                bits |= ((word | (punctuation ^ 1)) & (stop ^ 1)) << j;
            }
            kept.push(bits);
        }
        unsettled == 0
    }

    /// The merged decide-only filters on one token, `s` with its [`TokenPrefix`].
    #[inline]
    pub(crate) fn decides_keep(&self, head: TokenPrefix, s: &str) -> bool {
        if self.drop_punctuation {
            if !punctuation::has_word_char_head(head, s, self.word_chars) {
                return false;
            }
        } else if self.drop_whitespace && s.chars().all(whitespace::is_space) {
            return false;
        }
        !self
            .stopwords
            .as_ref()
            .is_some_and(|stopwords| stopwords.contains_head(head, s))
    }

    /// Runs the filters after the merged ones, in order, on a token [`Self::decide_run`] kept: whether it stays,
    /// its `norm` rewritten.
    #[inline]
    pub(crate) fn rewrites<'a>(&'a self, norm: &mut Cow<'a, str>, ctx: &Context) -> bool {
        // (`all` alone answers true too, but is not always inlined into the emit loop: with the JSONL
        // writer as the sink it became a call per token.)
        self.rest.is_empty() || self.rest.iter().all(|step| step.apply(norm, ctx))
    }

    pub(crate) fn is_role_folding(&self) -> bool {
        self.rest.iter().any(Step::is_role_folding)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_read_within_a_text_equals_the_head_of_the_slice() {
        // Every slice of up to 12 bytes, so the eight-byte load is taken, masked and skipped near the end.
        let text = "第一条　A,1区长。\r\n县（市、区）😀é";
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect();
        for (i, &start) in bounds.iter().enumerate() {
            for &end in bounds[i..].iter().take_while(|&&e| e - start <= 12) {
                let within = TokenPrefix::within(text.as_bytes(), start, end);
                assert_eq!(
                    within,
                    TokenPrefix::of(&text[start..end]),
                    "{:?}",
                    &text[start..end]
                );
            }
        }
    }

    /// `tokens` laid end to end, as a text and its pieces.
    fn run(tokens: &[&str]) -> (String, Vec<Piece>) {
        let mut text = String::new();
        let mut pieces = Vec::new();
        for t in tokens {
            let (b, c) = (text.len() as u32, text.chars().count() as u32);
            text.push_str(t);
            pieces.push(Piece {
                byte_start: b,
                byte_end: text.len() as u32,
                char_start: c,
                char_end: c + t.chars().count() as u32,
            });
        }
        (text, pieces)
    }

    fn chains() -> Vec<Chain> {
        let stop = || Step::new(Stopwords::parse("的\n或者\n为了\nab\n"));
        let long = || Step::new(Stopwords::parse("的\n一二三四五六七八\n"));
        vec![
            Chain::new(vec![
                Step::new(DropWhitespace),
                Step::new(DropPunctuation),
                stop(),
            ]),
            Chain::new(vec![Step::new(DropPunctuation)]),
            Chain::new(vec![stop()]),
            Chain::new(vec![Step::new(DropWhitespace)]),
            Chain::new(vec![Step::new(DropWhitespace), stop()]),
            Chain::new(vec![]),
            Chain::new(vec![Step::new(DropPunctuation), long()]),
        ]
    }

    /// The indices a bit set from `decide_run` holds.
    fn indices(kept: &[u64]) -> Vec<usize> {
        (0..kept.len() * 64)
            .filter(|&i| kept[i / 64] >> (i % 64) & 1 == 1)
            .collect()
    }

    /// The indices `decides_keep` keeps, token by token.
    fn one_by_one(chain: &Chain, text: &str, pieces: &[Piece]) -> Vec<usize> {
        (0..pieces.len())
            .filter(|&i| {
                let p = &pieces[i];
                let (s, e) = (p.byte_start as usize, p.byte_end as usize);
                chain.decides_keep(TokenPrefix::within(text.as_bytes(), s, e), &text[s..e])
            })
            .collect()
    }

    #[test]
    fn screening_a_run_keeps_what_deciding_each_token_keeps() {
        // Tokens the branch-free loop settles: words, ASCII, CJK punctuation and spaces, CRLF, stopwords
        // (short, and the first bytes of a longer token), every character of U+3000–U+303F.
        let mut settled = vec![
            "区长",
            "的",
            "，",
            "\r\n",
            "\n",
            " ",
            "　",
            "%",
            "ab",
            "abc",
            "2021",
            "或者",
            "（",
            "为了解",
            "一二三四五六七八",
            "的的",
            "。",
            "、",
            "Ⅻ",
            "１",
        ];
        let marks: Vec<String> = ('\u{3000}'..='\u{303F}').map(String::from).collect();
        settled.extend(marks.iter().map(String::as_str));
        // Tokens it leaves to the exact check: a symbol before a digit, two- and four-byte characters.
        let unsettled = ["-1", ".5", "é", "😀", "（一", "——"];
        for chain in chains() {
            let (text, pieces) = run(&settled);
            let mut kept = Vec::new();
            if chain.decides_branch_free() {
                assert!(chain.decide_run_branch_free(text.as_bytes(), 0, &pieces, &mut kept));
                assert_eq!(
                    indices(&kept),
                    one_by_one(&chain, &text, &pieces),
                    "{chain:?}"
                );
            }
            for tokens in [settled.clone(), [&settled[..], &unsettled[..]].concat()] {
                let (text, pieces) = run(&tokens);
                chain.decide_run(&text, 0, &pieces, &mut kept);
                assert_eq!(
                    indices(&kept),
                    one_by_one(&chain, &text, &pieces),
                    "{chain:?}"
                );
            }
        }
        // Offsets are honoured: the same run after a prefix.
        let chain = &chains()[0];
        let (text, pieces) = run(&settled);
        let shifted = format!("前缀{text}");
        let mut kept = Vec::new();
        chain.decide_run(&shifted, "前缀".len(), &pieces, &mut kept);
        assert_eq!(indices(&kept), one_by_one(chain, &text, &pieces));
    }

    /// The bundled filters' `TokenFilter` impls are the definition; the merged chain (its branch-free loop
    /// and its token-by-token check) must keep exactly the tokens that applying them in order keeps, on
    /// every token jieba cuts from the bundled rule texts.
    #[test]
    fn the_merged_chain_keeps_what_the_filters_applied_in_order_keep() {
        let cut = crate::tokenize::Analyzer::builder().build();
        let mut tokens: Vec<String> = Vec::new();
        for f in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus")).unwrap() {
            let path = f.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text = std::fs::read_to_string(&path).unwrap();
                tokens.extend(cut.tokenize(&text).into_iter().map(|t| t.norm.to_string()));
            }
        }
        tokens.sort();
        tokens.dedup();
        let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
        let (text, pieces) = run(&tokens);
        let bundled: [&dyn TokenFilter; 3] =
            [&DropWhitespace, &DropPunctuation, &Stopwords::bundled()];
        for mask in 0..8u32 {
            let filters: Vec<&dyn TokenFilter> = (0..3)
                .filter(|i| mask >> i & 1 == 1)
                .map(|i| bundled[i])
                .collect();
            let chain = Chain::new(
                (0..3)
                    .filter(|i| mask >> i & 1 == 1)
                    .map(|i| match i {
                        0 => Step::new(DropWhitespace),
                        1 => Step::new(DropPunctuation),
                        _ => Step::new(Stopwords::bundled()),
                    })
                    .collect(),
            );
            let plain: Vec<usize> = (0..tokens.len())
                .filter(|&i| {
                    filters
                        .iter()
                        .all(|f| f.apply(&mut Cow::Borrowed(tokens[i]), &Context::default()))
                })
                .collect();
            let mut kept = Vec::new();
            chain.decide_run(&text, 0, &pieces, &mut kept);
            assert_eq!(indices(&kept), plain, "filters {mask:03b}");
        }
    }

    #[test]
    fn keys_tell_short_tokens_apart_and_never_match_long_ones() {
        let key = |s: &str| TokenPrefix::of(s).key();
        assert_ne!(key(""), 0);
        assert_ne!(key("a"), key("a\0"));
        assert_ne!(key("的"), key("的的"));
        // A long token's key differs from that of its first seven bytes.
        assert_ne!(key("abcdefgh"), key("abcdefg"));
        assert_ne!(key("abcdefgh") >> 56, key("abcdefg") >> 56);
    }
}
