//! Tests of the analyzer: coverage, filters, folding, protected phrases, the memo and chunking.

use super::cut::{CHUNK_BYTES, MAX_RUN_BYTES};
use super::*;
use crate::span::slice_chars;

fn texts(tokens: &[Token]) -> Vec<&str> {
    tokens.iter().map(|t| t.text.as_str()).collect()
}

#[test]
fn plain_analyzer_covers_the_text() {
    let text = "第五条　区政府实行区长负责制, 区长领导区政府的工作。\n（二）ＡＢＣ１２３";
    let a = Analyzer::builder().build();
    let tokens = a.tokenize(text);
    let joined: String = tokens.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(joined, text);
    for t in &tokens {
        assert_eq!(slice_chars(text, t.span), t.text);
    }
    let abc = tokens.iter().find(|t| t.text == "ＡＢＣ１２３").unwrap();
    assert_eq!(abc.norm, "ABC123");
    let comma = tokens.iter().find(|t| t.text == ",").unwrap();
    assert_eq!(comma.norm, "，");
}

#[test]
fn government_drops_space_punctuation_and_stopwords() {
    let a = Analyzer::government();
    let tokens = a.tokenize("区长的工作， 由区政府办公室负责。");
    assert_eq!(texts(&tokens), ["区长", "工作", "区政府", "办公室", "负责"]);
}

#[test]
fn folded_and_plain_cut_the_same_words() {
    let text = "区长召集和主持区政府全体会议、区政府常务会议和区长办公会议。";
    let plain = Analyzer::government().tokenize(text);
    let folded = Analyzer::government_folded().tokenize(text);
    assert_eq!(texts(&plain), texts(&folded));
    let norms: Vec<&str> = folded.iter().map(|t| t.norm.as_str()).collect();
    assert_eq!(
        norms,
        [
            "<首长>",
            "召集",
            "主持",
            "<本级政府>",
            "全体会议",
            "<本级政府>",
            "常务会议",
            "<首长办公会议>"
        ]
    );
}

#[test]
fn protected_phrases_come_out_whole_in_either_width() {
    let a = Analyzer::government();
    for text in ["涉及县(市、区)的，应当事先听取意见", "涉及县（市、区）的"]
    {
        let tokens = a.tokenize(text);
        let t = tokens.iter().find(|t| t.text.starts_with('县')).unwrap();
        assert_eq!(t.text.chars().count(), 6, "{text}: {tokens:?}");
        assert_eq!(t.norm, "县（市、区）");
        assert_eq!(slice_chars(text, t.span), t.text);
    }
}

#[test]
fn memo_cold_and_warm_gives_the_output_without_it() {
    let seeds = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"))
        .unwrap()
        .filter_map(|e| std::fs::read_to_string(e.unwrap().path()).ok())
        .collect::<Vec<_>>();
    assert!(seeds.len() >= 5);
    // Mixed widths, a phrase, short and long clauses, a clause repeated at once and later.
    let mixed = "各县(市、区)人民政府应当按照规定执行，各县(市、区)人民政府应当按照规定执行，（一）ＡＢＣ，\
                 区政府办公室要加强督促检查。\r\n区政府办公室要加强督促检查。";
    let off = Analyzer::government_builder().memo(false).build();
    let on = Analyzer::government_builder()
        .dictionary(UserDictionary::government())
        .memo(true)
        .build();
    // A cache so small that storing a run empties it, between a hit and its use.
    let tiny = Analyzer::government_builder().memo_capacity(2048).build();
    for text in seeds.iter().map(String::as_str).chain([mixed]) {
        let expected = off.tokenize(text);
        for memo in [&on, &tiny] {
            assert_eq!(memo.tokenize(text), expected, "cold");
            assert_eq!(memo.tokenize(text), expected, "warm");
        }
    }
    let stats = on.memo_stats().unwrap();
    assert!(stats.hits > 1000 && stats.entries > 100, "{stats:?}");
    let stats = tiny.memo_stats().unwrap();
    assert!(stats.hits > 10 && stats.evictions > 10, "{stats:?}");
}

#[test]
fn chunked_segmentation_gives_the_pieces_of_one_call() {
    let dict = UserDictionary::parse("test", "区长办公会议\n常务会议\n").unwrap();
    let analyzer = Analyzer::builder()
        .dictionary(dict.clone())
        .memo(false)
        .fold_width(false)
        .build();
    let whole = dag::DagSegmenter::new(&dict.words(), true);
    let seed = include_str!("../../corpus/quzhou-2022.txt");
    let one_line: String = seed.lines().collect();
    // Longer than a run or a chunk may be without a cut (the seed's lines over and over, joined).
    let long_line = one_line.repeat(MAX_RUN_BYTES / one_line.len() * 3 + 1);
    // Line feeds, CRLF line ends (never cut between `\r` and `\n`), and no line break at all.
    for text in [
        seed.to_string(),
        seed.replace('\n', "\r\n"),
        one_line,
        long_line,
    ] {
        assert!(text.len() > 3 * CHUNK_BYTES);
        let mut pieces = Vec::new();
        whole.segment(&text, &mut pieces);
        let expected: Vec<Span> = pieces
            .iter()
            .map(|p| Span::new(p.char_start as usize, p.char_end as usize))
            .collect();
        let got: Vec<Span> = analyzer.tokenize(&text).iter().map(|t| t.span).collect();
        assert_eq!(got, expected);
        // The memo's runs of misses are cut at clause edges too: the same pieces.
        let memo = Analyzer::builder()
            .dictionary(dict.clone())
            .fold_width(false)
            .build();
        let got: Vec<Span> = memo.tokenize(&text).iter().map(|t| t.span).collect();
        assert_eq!(got, expected);
    }
}

#[test]
fn memo_does_not_change_output() {
    let text =
        "区政府办公室要加强督促检查。区政府办公室要加强督促检查。\n区政府办公室要加强督促检查。";
    let on = Analyzer::builder().memo(true).build().tokenize(text);
    let off = Analyzer::builder().memo(false).build().tokenize(text);
    assert_eq!(on, off);
}

#[test]
fn offsets_shift_spans() {
    let a = Analyzer::builder().build();
    let mut spans = Vec::new();
    a.tokenize_with("区长", Context::default(), 10, |t| spans.push(t.span));
    assert_eq!(spans, [Span::new(10, 12)]);
}

#[test]
fn token_serializes_norm_only_when_it_differs() {
    let same = Token {
        text: "区长".into(),
        norm: "区长".into(),
        span: Span::new(0, 2),
    };
    assert_eq!(
        serde_json::to_string(&same).unwrap(),
        r#"{"text":"区长","span":[0,2]}"#
    );
    let folded = Token {
        norm: "<首长>".into(),
        ..same
    };
    assert_eq!(
        serde_json::to_string(&folded).unwrap(),
        r#"{"text":"区长","norm":"<首长>","span":[0,2]}"#
    );
}
