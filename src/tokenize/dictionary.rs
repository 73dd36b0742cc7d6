//! The user dictionary: government terms that must come out of segmentation whole (常务会议, 区长办公会议,
//! 行政规范性文件, 县（市、区）…). The bundled one is `corpus/dict/government.dict`, embedded in the binary;
//! `--dict FILE` replaces it.
//!
//! Format (jieba's): one entry a line, `word [freq] [tag]`, `#` starts a comment. Entries are folded like the
//! text (see `fold.rs`). An entry made only of characters jieba joins into words goes to the segmenter,
//! which gives it a frequency high enough to win (see `jieba.rs`); an entry with other characters
//! (brackets, 、) is a *phrase*, matched in the text before segmentation.

use std::path::Path;

use crate::error::{Error, Result};

use crate::text::fold::fold;

/// The bundled government-terms dictionary.
pub const GOVERNMENT_DICT: &str = include_str!("../../corpus/dict/government.dict");

/// One dictionary line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The word, folded.
    pub word: String,
    /// A frequency floor; the segmenter raises it as far as needed for the word to win.
    pub freq: Option<usize>,
    /// A part-of-speech tag (kept for jieba; govrules does not use it).
    pub tag: Option<String>,
}

/// A parsed user dictionary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserDictionary {
    entries: Vec<Entry>,
}

impl UserDictionary {
    /// The bundled `corpus/dict/government.dict`.
    pub fn government() -> UserDictionary {
        Self::parse("corpus/dict/government.dict", GOVERNMENT_DICT)
            .expect("the bundled dictionary parses (tested)")
    }

    /// Reads a dictionary file; errors name the file and the line.
    pub fn load(path: &Path) -> Result<UserDictionary> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&path.display().to_string(), &text)
    }

    /// Parses dictionary text; `name` is used in error messages.
    pub fn parse(name: &str, text: &str) -> Result<UserDictionary> {
        let mut entries = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let mut fields = line.split_whitespace();
            let word = fold(fields.next().unwrap_or_default());
            let freq = match fields.next() {
                None => None,
                Some(f) => Some(f.parse::<usize>().map_err(|_| Error::Resource {
                    path: name.to_string(),
                    message: format!("line {}: frequency `{f}` is not a whole number", i + 1),
                })?),
            };
            let tag = fields.next().map(str::to_string);
            if let Some(extra) = fields.next() {
                return Err(Error::Resource {
                    path: name.to_string(),
                    message: format!(
                        "line {}: unexpected `{extra}` (expected `word [freq] [tag]`)",
                        i + 1
                    ),
                });
            }
            entries.push(Entry { word, freq, tag });
        }
        let dictionary = UserDictionary { entries };
        let chars: usize = dictionary
            .words()
            .iter()
            .map(|e| e.word.chars().count())
            .sum();
        if chars > super::dag::USER_CHARS_MAX {
            return Err(Error::Resource {
                path: name.to_string(),
                message: format!(
                    "its words have {chars} characters in all; the segmenter holds at most {}",
                    super::dag::USER_CHARS_MAX
                ),
            });
        }
        Ok(dictionary)
    }

    /// Every entry, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entries jieba can join into one word.
    pub fn words(&self) -> Vec<Entry> {
        self.entries
            .iter()
            .filter(|e| super::dag::joinable(&e.word))
            .cloned()
            .collect()
    }

    /// The entries matched as phrases before segmentation.
    pub fn phrases(&self) -> Vec<String> {
        self.entries
            .iter()
            .filter(|e| !super::dag::joinable(&e.word))
            .map(|e| e.word.clone())
            .collect()
    }

    /// Whether `word` (folded) is an entry.
    pub fn contains(&self, word: &str) -> bool {
        let word = fold(word);
        self.entries.iter().any(|e| e.word == word)
    }
}

/// Phrases found by one regular expression, longest first at each position.
#[derive(Debug)]
pub struct Phrases {
    regex: Option<regex::Regex>,
    count: usize,
}

impl Phrases {
    pub fn new(mut phrases: Vec<String>) -> Phrases {
        phrases.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        phrases.dedup();
        let count = phrases.len();
        let regex = (!phrases.is_empty()).then(|| {
            let alternation: Vec<String> = phrases.iter().map(|p| regex::escape(p)).collect();
            regex::Regex::new(&alternation.join("|")).expect("escaped literals form a valid regex")
        });
        Phrases { regex, count }
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Byte ranges of the phrases in `text`, in order, not overlapping.
    pub fn find_iter<'t>(
        &'t self,
        text: &'t str,
    ) -> impl Iterator<Item = std::ops::Range<usize>> + 't {
        self.regex
            .iter()
            .flat_map(move |r| r.find_iter(text).map(|m| m.range()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_dictionary_parses_and_is_large_enough() {
        let d = UserDictionary::government();
        assert!(d.entries().len() >= 100, "{}", d.entries().len());
        for must in [
            "常务会议",
            "区长办公会议",
            "行政规范性文件",
            "三重一大",
            "分管副区长",
            "会签",
            "签发",
            "请示性公文",
            "党政机关公文处理工作条例",
        ] {
            assert!(d.contains(must), "{must}");
        }
        assert!(d.phrases().contains(&"县（市、区）".to_string()));
        assert!(!d.words().iter().any(|e| e.word.contains('（')));
    }

    #[test]
    fn parses_frequencies_tags_and_comments() {
        let d = UserDictionary::parse("t", "# c\n区长 500 n\n会签\n\n签发 10 # note\n").unwrap();
        assert_eq!(d.entries().len(), 3);
        assert_eq!(d.entries()[0].freq, Some(500));
        assert_eq!(d.entries()[0].tag.as_deref(), Some("n"));
        assert_eq!(d.entries()[1].freq, None);
    }

    #[test]
    fn bad_lines_are_errors_naming_file_and_line() {
        let e = UserDictionary::parse("my.dict", "区长\n会签 many\n").unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("my.dict") && msg.contains("line 2"), "{msg}");
        assert!(UserDictionary::parse("d", "a 1 n x").is_err());
    }

    #[test]
    fn a_dictionary_too_large_for_the_segmenter_is_an_error() {
        let limit = super::super::dag::USER_CHARS_MAX;
        let e = UserDictionary::parse("huge.dict", &"a".repeat(limit + 1)).unwrap_err();
        assert!(e.to_string().contains("huge.dict"), "{e}");
        assert!(UserDictionary::parse("d", &"a".repeat(limit)).is_ok());
    }

    #[test]
    fn phrases_match_longest_first() {
        let p = Phrases::new(vec!["县（市）".into(), "县（市、区）".into()]);
        let text = "各县（市、区）和县（市）";
        let found: Vec<&str> = p.find_iter(text).map(|r| &text[r]).collect();
        assert_eq!(found, ["县（市、区）", "县（市）"]);
    }
}
