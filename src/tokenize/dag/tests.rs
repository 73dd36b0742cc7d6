//! The segmenter against jieba-rs itself: the same pieces on the seeds, on generated text and on every
//! line of the laws.

use std::sync::OnceLock;

use rayon::prelude::*;

use super::super::dictionary::{Entry, UserDictionary};
use super::super::jieba::reference::JiebaSegmenter;
use super::super::{Piece, Segmenter};
use super::*;

/// Ours and jieba-rs's, with the bundled government words, HMM on and off.
struct Pair {
    ours: DagSegmenter,
    theirs: JiebaSegmenter,
}

impl Pair {
    fn new(words: &[Entry], hmm: bool) -> Pair {
        Pair {
            ours: DagSegmenter::new(words, hmm),
            theirs: JiebaSegmenter::new(words, hmm),
        }
    }
}

fn pair(hmm: bool) -> &'static Pair {
    static ON: OnceLock<Pair> = OnceLock::new();
    static OFF: OnceLock<Pair> = OnceLock::new();
    let make = || Pair::new(&UserDictionary::government().words(), hmm);
    if hmm {
        ON.get_or_init(make)
    } else {
        OFF.get_or_init(make)
    }
}

fn pieces(seg: &dyn Segmenter, text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    seg.segment(text, &mut out);
    out
}

/// The first difference between ours and jieba-rs's pieces of `text`, as words, if any.
fn difference(pair: &Pair, text: &str) -> Option<String> {
    let ours = pieces(&pair.ours, text);
    let theirs = pieces(&pair.theirs, text);
    if ours == theirs {
        return None;
    }
    let words = |ps: &[Piece]| -> Vec<String> {
        ps.iter()
            .map(|p| {
                let w = &text[p.byte_start as usize..p.byte_end as usize];
                format!("{w}@{}", p.char_start)
            })
            .collect()
    };
    Some(format!(
        "{text:?}\n ours:   {:?}\n jieba:  {:?}",
        words(&ours),
        words(&theirs)
    ))
}

fn words(seg: &DagSegmenter, text: &str) -> Vec<String> {
    pieces(seg, text)
        .iter()
        .map(|p| text[p.byte_start as usize..p.byte_end as usize].to_string())
        .collect()
}

fn entry(w: &str) -> Entry {
    Entry {
        word: w.into(),
        freq: None,
        tag: None,
    }
}

#[test]
fn the_bundled_dictionary_has_the_node_count_the_table_is_sized_for() {
    let mut prefixes = std::collections::HashSet::new();
    for line in JIEBA_DICT.lines() {
        let word = line.split_ascii_whitespace().next().unwrap_or("");
        let ends: Vec<usize> = word.char_indices().map(|(i, _)| i).skip(2).collect();
        prefixes.extend(ends.into_iter().map(|e| &word[..e]));
        if word.chars().count() >= 2 {
            prefixes.insert(word);
        }
    }
    assert_eq!(prefixes.len(), JIEBA_DICT_NODES);
}

#[test]
fn the_table_built_at_compile_time_is_the_dictionary_s() {
    let (embedded, total) =
        table::WordTable::from_bytes(JIEBA_TABLE).expect("build.rs wrote a table");
    assert_eq!(embedded.len(), JIEBA_DICT_NODES);
    let (built, built_total) = table::WordTable::from_dict(JIEBA_DICT, table::JIEBA_SLOTS);
    assert_eq!(total, built_total);
    assert_eq!(embedded.to_bytes(total), built.to_bytes(total));
    assert!(table::WordTable::from_bytes(&JIEBA_TABLE[..JIEBA_TABLE.len() - 1]).is_none());
    for word in ["国务院", "的", "AT&T", "C++", "龢"] {
        assert!(embedded.get(word).is_some(), "{word}");
    }
    assert_eq!(embedded.get("中华人民共"), None);
    assert!(embedded.get("中华人民共和国").is_some());
}

#[test]
fn a_user_dictionary_too_large_for_the_compiled_table_gets_a_table_of_its_own() {
    let room = jieba_table(0).0.room();
    // Fourteen characters a word, and more of them than the compiled table has room for.
    let words: Vec<Entry> = (0..=room / 14)
        .map(|i| entry(&format!("区长办公会议{i:08}")))
        .collect();
    let chars: usize = words.iter().map(|e| e.word.chars().count()).sum();
    assert!(chars > room && jieba_table(chars).0.room() >= chars);
    let pair = Pair::new(&words, true);
    for text in [
        "由区长办公会议00000001研究决定",
        "区长办公会议0000000区长办公会议00012345纪要",
    ] {
        assert_eq!(difference(&pair, text), None);
    }
}

#[test]
fn pieces_cover_the_text_with_both_offsets() {
    let seg = &pair(true).ours;
    let text = "区政府实行区长负责制，ABC 2021年\r\n𠀀第二条";
    let (mut b, mut c) = (0, 0);
    for p in pieces(seg, text) {
        assert_eq!((p.byte_start as usize, p.char_start as usize), (b, c));
        b = p.byte_end as usize;
        c = p.char_end as usize;
    }
    assert_eq!((b, c), (text.len(), text.chars().count()));
}

#[test]
fn user_words_win_over_builtin_frequencies() {
    let plain = DagSegmenter::new(&[], true);
    assert!(!words(&plain, "由区长办公会议研究决定").contains(&"区长办公会议".to_string()));
    let seg = DagSegmenter::new(&[entry("区长办公会议"), entry("三重一大")], true);
    assert!(words(&seg, "由区长办公会议研究决定").contains(&"区长办公会议".to_string()));
    assert!(words(&seg, "落实“三重一大”制度").contains(&"三重一大".to_string()));
}

#[test]
fn joinable_words() {
    assert!(joinable("区长办公会议"));
    assert!(joinable("12345热线"));
    assert!(!joinable("县（市、区）"));
    assert!(!joinable(""));
    // jieba's ranges skip U+2A6E0–U+2A6FF.
    assert!(joinable("\u{2A6DF}\u{2A700}"));
    assert!(!joinable("\u{2A6E0}"));
}

#[test]
fn same_pieces_as_jieba_on_the_seeds_with_and_without_the_hmm() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut seeds = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let text = std::fs::read_to_string(&path).unwrap();
            for hmm in [true, false] {
                assert_eq!(difference(pair(hmm), &text), None, "{}", path.display());
            }
            seeds += 1;
        }
    }
    assert_eq!(seeds, 5);
}

#[test]
fn user_words_that_extend_or_repeat_dictionary_words_match_jieba() {
    // A word already in jieba's dictionary (its frequency is replaced), one extending another user word,
    // one with ASCII, one whose first two characters start no dictionary word though the first starts
    // hundreds (a new bit in a first character's row), two whose first character is outside the Basic
    // Multilingual Plane (jieba's dictionary has none: a first step through the slots), and a frequency
    // floor.
    let words = [
        entry("国务院"),
        entry("的鿿规则"),
        entry("𠀀区长"),
        entry("𠀀区长会议"),
        entry("区长办公会议"),
        entry("区长办公会议纪要"),
        entry("12345热线"),
        Entry {
            word: "常务会议".into(),
            freq: Some(1_000_000),
            tag: Some("n".into()),
        },
    ];
    for hmm in [true, false] {
        let pair = Pair::new(&words, hmm);
        for text in [
            "国务院常务会议由区长办公会议纪要确定，拨打12345热线。",
            "区长办公会议纪要的12345热线abc123中文",
            "按照的鿿规则办理",
            "由𠀀区长会议和𠀀区长决定，𠀀𠀀区",
        ] {
            assert_eq!(difference(&pair, text), None);
        }
    }
}

#[test]
fn a_frequency_near_the_limit_in_a_user_file_does_not_overflow() {
    let huge = Entry {
        word: "区长办公会议".into(),
        freq: Some(usize::MAX),
        tag: None,
    };
    let seg = DagSegmenter::new(&[huge, entry("区长办公会议纪要"), entry("区长办公")], true);
    let text = "区长办公会议纪要由区长办公会议印发";
    assert_eq!(words(&seg, text).concat(), text);
}

/// Characters that exercise every branch: common and rare ideographs, one outside the BMP, ASCII that
/// jieba joins and that it does not, full-width forms, CJK punctuation, line breaks.
const ALPHABET: &[char] = &[
    '的', '国', '务', '院', '常', '会', '议', '区', '长', '办', '公', '规', '定', '第', '一', '条',
    '人', '民', '政', '府', '工', '作', '制', '度', '𠀀', '㐀', '鿿', '豈', 'a', 'Z', '0', '9',
    '+', '#', '&', '.', '_', '%', '-', ' ', '\r', '\n', '，', '。', '（', '）', 'Ａ', '１',
    '\u{3000}',
];

proptest::proptest! {
    #[test]
    fn same_pieces_as_jieba_on_generated_text(
        picks in proptest::collection::vec(0..ALPHABET.len(), 0..60),
        hmm in proptest::bool::ANY,
    ) {
        let text: String = picks.iter().map(|&i| ALPHABET[i]).collect();
        proptest::prop_assert_eq!(difference(pair(hmm), &text), None);
    }
}

#[test]
fn same_pieces_as_jieba_on_every_line_of_the_laws() {
    let laws = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/laws");
    if !laws.is_dir() {
        println!("SKIPPED same_pieces_as_jieba_on_every_line_of_the_laws: ../shared/corpora/laws is absent");
        return;
    }
    let sources = crate::corpus::expand(&[laws]);
    assert!(sources.files.len() > 1000);
    let pair = pair(true);
    let lines: usize = sources
        .files
        .par_iter()
        .map(|source| {
            let doc = crate::corpus::load_source(source).unwrap();
            let folded = crate::text::fold::fold(&doc.text);
            for text in [&doc.text, &folded] {
                for line in text.lines() {
                    if let Some(d) = difference(pair, line) {
                        panic!("{}: {d}", source.id);
                    }
                }
            }
            doc.text.lines().count()
        })
        .sum();
    assert!(lines > 100_000, "{lines} lines");
}
