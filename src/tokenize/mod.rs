//! Tokenization: cuts text into word tokens that carry the exact source slice (`text`), a folded form for
//! vectors (`norm`) and a code-point [`Span`].
//!
//! An [`Analyzer`] is a [`Segmenter`] (jieba's segmentation, identical to jieba-rs's: `dag/`) plus a chain
//! of small [`TokenFilter`]s, composed with a builder in the manner of tantivy:
//!
//! ```
//! use govrules::tokenize::{filters, Analyzer};
//! let analyzer = Analyzer::builder()
//!     .filter(filters::DropWhitespace)
//!     .filter(filters::DropPunctuation)
//!     .role_folding(true)
//!     .build();
//! let tokens = analyzer.tokenize("区长签发区长办公会议纪要。");
//! let norms: Vec<&str> = tokens.iter().map(|t| t.norm.as_str()).collect();
//! assert_eq!(norms, ["<首长>", "签发", "<首长办公会议>", "纪要"]);
//! assert_eq!(tokens[0].text, "区长");
//! ```
//!
//! How a text is cut: it is first folded character by character (full-width letters and digits to ASCII,
//! ASCII punctuation to its CJK form; see [`crate::text::fold`]), which never changes the number of code points, so
//! spans computed on the folded text are spans of the source. Dictionary phrases that jieba cannot join
//! (`县（市、区）`) are matched first; the rest is split into clauses at punctuation and line breaks, where
//! jieba would split anyway, and each clause is segmented, through the sentence memo (`memo.rs`) when it
//! is on. Tokens then pass the filters in order; a filter may drop a token or rewrite its `norm`.
//!
//! `parallel.rs` tokenizes the units (articles, front matter, headings, back matter) of parsed documents
//! with rayon; the output is identical whatever the number of threads. `jsonl.rs` writes the records of
//! `govrules tokenize --jsonl`, and `stream.rs` hands each document's output from the workers to one writer
//! in input order.

mod cut;
mod dag;
pub(crate) mod dictionary;
pub mod document_json;
pub mod filters;
mod jieba;
pub mod jsonl;
pub(crate) mod memo;
pub mod parallel;
pub mod stream;
#[cfg(test)]
mod tests;

use std::sync::{Arc, OnceLock};

use compact_str::CompactString;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::span::Span;

pub use dictionary::UserDictionary;
pub use filters::roles::{GovLevel, RoleTable};
pub use filters::TokenFilter;
pub use memo::{MemoStats, SentenceMemo};
pub use parallel::{tokenize_corpus, tokenize_doc, units, DocTokens, TokenUnit, UnitTokens};

/// One token.
///
/// Serializes as `{"text", "span"}`, with `"norm"` added only when it differs from `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The exact source slice. (A `CompactString`: up to 24 bytes, nearly every word, are stored inline,
    /// so collecting tokens allocates nothing per token.)
    pub text: CompactString,
    /// The folded term used for vectors; equals `text` when nothing folded.
    pub norm: CompactString,
    /// Code points `[start, end)` into the text that was tokenized.
    pub span: Span,
}

impl Serialize for Token {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        TokenRef {
            text: &self.text,
            norm: &self.norm,
            span: self.span,
        }
        .serialize(serializer)
    }
}

/// A token borrowed from the analyzer's buffers: what [`Analyzer::tokenize_with`] hands to its callback,
/// so that a caller that only writes tokens out allocates nothing per token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenRef<'a> {
    pub text: &'a str,
    pub norm: &'a str,
    pub span: Span,
}

impl TokenRef<'_> {
    pub fn to_token(&self) -> Token {
        Token {
            text: CompactString::from(self.text),
            norm: CompactString::from(self.norm),
            span: self.span,
        }
    }
}

impl Serialize for TokenRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let differs = self.norm != self.text;
        let mut s = serializer.serialize_struct("Token", 2 + usize::from(differs))?;
        s.serialize_field("text", self.text)?;
        if differs {
            s.serialize_field("norm", self.norm)?;
        }
        s.serialize_field("span", &self.span)?;
        s.end()
    }
}

/// One word found by a [`Segmenter`]: byte and code-point offsets into the text it was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    pub byte_start: u32,
    pub byte_end: u32,
    pub char_start: u32,
    pub char_end: u32,
}

/// Cuts a text into words. The pieces it pushes cover the text, in order, without gaps.
pub trait Segmenter: Send + Sync {
    fn segment(&self, text: &str, out: &mut Vec<Piece>);
}

/// What a filter may consult besides the token: the level of the government whose text it is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// The document's own level (区, 县, 市, 省) when known; role folding uses it.
    pub level: Option<GovLevel>,
}

/// A segmenter, a folding step and a chain of filters. Cheap to clone; `Send + Sync`, so one analyzer
/// serves every rayon thread (segmenting takes `&self`).
#[derive(Clone)]
pub struct Analyzer {
    segmenter: Arc<dyn Segmenter>,
    /// The sentence memo, when on: text is then looked up clause by clause, and the clauses it misses are
    /// segmented together. Without it each stretch between phrases goes to the segmenter in large chunks
    /// (the same pieces either way).
    memo: Option<Arc<SentenceMemo>>,
    phrases: Option<Arc<dictionary::Phrases>>,
    fold_width: bool,
    filters: filters::Chain,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("fold_width", &self.fold_width)
            .field("memo", &self.memo.is_some())
            .field("phrases", &self.phrases.as_ref().map(|p| p.len()))
            .field("filters", &self.filters)
            .finish()
    }
}

/// Builds an [`Analyzer`]: dictionary, folding, memo, filters.
pub struct AnalyzerBuilder {
    dictionary: Option<UserDictionary>,
    hmm: bool,
    memo: bool,
    memo_capacity: Option<usize>,
    fold_width: bool,
    filters: Vec<filters::Step>,
    role_table: Option<RoleTable>,
    role_folding: bool,
}

/// The segmenter with the bundled government dictionary, loaded once per process and shared, and its memo.
fn government_segmenter(memo: bool) -> (Arc<dyn Segmenter>, Option<Arc<SentenceMemo>>) {
    static PLAIN: OnceLock<Arc<dyn Segmenter>> = OnceLock::new();
    static MEMO: OnceLock<Arc<SentenceMemo>> = OnceLock::new();
    let plain = PLAIN.get_or_init(|| {
        Arc::new(dag::DagSegmenter::new(
            &UserDictionary::government().words(),
            true,
        ))
    });
    let memo =
        memo.then(|| MEMO.get_or_init(|| Arc::new(SentenceMemo::new(memo::DEFAULT_CAPACITY))));
    (plain.clone(), memo.cloned())
}

fn government_phrases() -> Arc<dictionary::Phrases> {
    static PHRASES: OnceLock<Arc<dictionary::Phrases>> = OnceLock::new();
    PHRASES
        .get_or_init(|| {
            Arc::new(dictionary::Phrases::new(
                UserDictionary::government().phrases(),
            ))
        })
        .clone()
}

impl AnalyzerBuilder {
    /// Replaces the bundled government dictionary (see [`UserDictionary::load`]).
    pub fn dictionary(mut self, dictionary: UserDictionary) -> Self {
        self.dictionary = Some(dictionary);
        self
    }

    /// jieba's HMM for words outside the dictionary (default on, as in jieba).
    pub fn hmm(mut self, on: bool) -> Self {
        self.hmm = on;
        self
    }

    /// The sentence memo: a clause seen before is not segmented again (default on). Never changes output.
    pub fn memo(mut self, on: bool) -> Self {
        self.memo = on;
        self
    }

    /// Turns the memo on with its own cache of at most `bytes` per thread (the default memo, shared by
    /// every analyzer with the bundled dictionary, holds `memo::DEFAULT_CAPACITY`).
    pub fn memo_capacity(mut self, bytes: usize) -> Self {
        self.memo = true;
        self.memo_capacity = Some(bytes);
        self
    }

    /// Width and punctuation folding before segmentation (default on); `norm` gets the folded form.
    pub fn fold_width(mut self, on: bool) -> Self {
        self.fold_width = on;
        self
    }

    /// Appends a filter; filters run in the order added, role folding (if on) last.
    pub fn filter<F: TokenFilter + 'static>(mut self, filter: F) -> Self {
        self.filters.push(filters::Step::new(filter));
        self
    }

    /// Folds role words (区长/市长 → `<首长>`) with the bundled table, or the one given by [`Self::role_table`].
    pub fn role_folding(mut self, on: bool) -> Self {
        self.role_folding = on;
        self
    }

    /// Replaces the bundled role table (and turns role folding on).
    pub fn role_table(mut self, table: RoleTable) -> Self {
        self.role_table = Some(table);
        self.role_folding = true;
        self
    }

    pub fn build(self) -> Analyzer {
        let (segmenter, memo, phrases) = match &self.dictionary {
            None if self.hmm && self.memo_capacity.is_none() => {
                let (segmenter, memo) = government_segmenter(self.memo);
                (segmenter, memo, government_phrases())
            }
            dict => {
                let dict = dict.clone().unwrap_or_else(UserDictionary::government);
                let plain: Arc<dyn Segmenter> =
                    Arc::new(dag::DagSegmenter::new(&dict.words(), self.hmm));
                let capacity = self.memo_capacity.unwrap_or(memo::DEFAULT_CAPACITY);
                let memo = self.memo.then(|| Arc::new(SentenceMemo::new(capacity)));
                (
                    plain,
                    memo,
                    Arc::new(dictionary::Phrases::new(dict.phrases())),
                )
            }
        };
        let mut filters = self.filters;
        if self.role_folding {
            let table = self.role_table.unwrap_or_else(RoleTable::bundled);
            filters.push(filters::Step::new(filters::RoleFolding::new(table)));
        }
        Analyzer {
            segmenter,
            memo,
            phrases: (!phrases.is_empty()).then_some(phrases),
            fold_width: self.fold_width,
            filters: filters::Chain::new(filters),
        }
    }
}

impl Analyzer {
    /// A builder with the bundled dictionary, HMM, memo and width folding on, and no filters.
    pub fn builder() -> AnalyzerBuilder {
        AnalyzerBuilder {
            dictionary: None,
            hmm: true,
            memo: true,
            memo_capacity: None,
            fold_width: true,
            filters: Vec::new(),
            role_table: None,
            role_folding: false,
        }
    }

    /// The default analyzer: government dictionary, width and punctuation folding, whitespace and
    /// punctuation dropped, stopwords dropped.
    pub fn government() -> Analyzer {
        Self::government_builder().build()
    }

    /// [`Analyzer::government`] plus role folding, so that a district's text and a city's compare.
    pub fn government_folded() -> Analyzer {
        Self::government_builder().role_folding(true).build()
    }

    /// The builder behind [`Analyzer::government`], to adjust before building.
    pub fn government_builder() -> AnalyzerBuilder {
        Self::builder()
            .filter(filters::DropWhitespace)
            .filter(filters::DropPunctuation)
            .filter(filters::Stopwords::bundled())
    }

    /// The memo's counters (summed over threads), when the memo is on.
    pub fn memo_stats(&self) -> Option<memo::MemoStats> {
        self.memo.as_ref().map(|m| m.stats())
    }

    /// Whether this analyzer folds role words.
    pub fn folds_roles(&self) -> bool {
        self.filters.is_role_folding()
    }

    /// Tokenizes `text`; spans are code points relative to `text`.
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        self.tokenize_in(text, Context::default())
    }

    /// Tokenizes `text` for a document whose level is known (role folding then folds only that level).
    pub fn tokenize_in(&self, text: &str, ctx: Context) -> Vec<Token> {
        let mut out = Vec::with_capacity(text.len() / 6);
        self.tokenize_with(text, ctx, 0, |t| out.push(t.to_token()));
        out
    }
}
