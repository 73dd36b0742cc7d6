//! Fact extraction: what a rule text establishes about its meetings (and how often they meet), who signs
//! which documents, the time limits it sets and who grants leave. One file per kind of fact; this module
//! holds the serialized types, the per-article [`Excerpt`] they are read from, and [`extract`].
//!
//! Every fact carries the article number, a code-point [`Span`] into the document's decoded text and the
//! source sentence. Facts are read sentence by sentence from the articles (the whole text when the parser
//! found none); where a sentence leaves a field open, the field is `null` and `note` says why.
//!
//! The passages are the document's analysis text (a traditional document's simplified form, with the same
//! offsets); `quote` then gives the facts of a traditional document the original's characters.

pub mod cadence;
pub(crate) mod deadlines;
pub(crate) mod frequencies;
pub(crate) mod leave;
pub(crate) mod meetings;
mod quote;
pub(crate) mod signing;
pub mod table;
pub(crate) mod vocabulary;

use std::ops::Range;

use serde::{Deserialize, Serialize, Serializer};

use crate::span::{CharIndex, Span};
use crate::structure::ParsedDoc;

pub use cadence::{CadenceKind, CadencePhrase};
pub use vocabulary::{Category, MeetingKinds, Role, SigningCategories, Vocabulary};

/// What `compare --topic` selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactTopic {
    /// Meetings and every cadence.
    Meetings,
    Signing,
    Deadlines,
    Leave,
}

impl FactTopic {
    pub const ALL: [FactTopic; 4] = [
        FactTopic::Meetings,
        FactTopic::Signing,
        FactTopic::Deadlines,
        FactTopic::Leave,
    ];
}

/// The facts of one document.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DocFacts {
    pub id: String,
    pub meetings: Vec<Meeting>,
    pub cadences: Vec<Cadence>,
    pub signing: Vec<SigningRule>,
    pub deadlines: Vec<Deadline>,
    pub leave: Vec<LeaveRule>,
}

/// Where a fact was read: its article, the span of its text, the sentence around it, and what a reader
/// should know about how it was read. Cadences, signing rules, deadlines and leave rules carry one, flattened
/// into their JSON after their `text`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    /// The article the fact is in; null for a document without articles.
    pub article: Option<u32>,
    /// The fact's `text` in the document (code points).
    pub span: Span,
    /// The sentence the fact was read from.
    pub sentence: String,
    /// Ambiguities and gaps of the reading; null when none.
    pub note: Option<String>,
}

/// A kind of meeting the document establishes, with its chair, members, attendees and cadence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Meeting {
    /// The meeting as named, less the government prefix: `常务会议`, `区长办公会议`, `区长碰头会`.
    #[serde(rename = "type")]
    pub meeting_type: String,
    /// Canonical kind across jurisdictions: `plenary`, `executive`, `head_office`, `briefing`, … (corpus/meetings.toml).
    pub kind: String,
    /// The role it plays: `plenary`, `executive`, `head` (the head's meetings: 区长办公会议, 区长碰头会,
    /// 区长工作例会), `thematic`, `study`; null for a kind with no role (the page's "other meetings").
    pub role: Option<String>,
    /// Who convenes and chairs it, as written (`区长`, `市长、副市长或秘书长`); null when not named.
    pub chair: Option<String>,
    /// Who may chair it by delegation (委托): `常务副区长`.
    pub deputy_chair: Option<String>,
    /// Its members (由…组成 / 参加), as written.
    pub composition: Option<String>,
    /// Each phrase naming those who attend without membership (列席), as written.
    pub attendees: Vec<String>,
    #[serde(serialize_with = "number")]
    pub per_year: Option<f64>,
    #[serde(serialize_with = "number")]
    pub per_year_max: Option<f64>,
    pub qualifier: Option<String>,
    /// `regular`, `periodic` or `irregular`; null when the text states no cadence.
    pub cadence_kind: Option<CadenceKind>,
    /// The cadence phrase (`原则上每两周召开1次`) and its span.
    pub cadence_text: Option<String>,
    pub cadence_span: Option<Span>,
    /// An as-needed clause beside the rate (`如有需要可临时召开`), and its span; null when none.
    pub exception: Option<String>,
    pub exception_span: Option<Span>,
    /// The sentence that establishes the meeting, and its span.
    pub text: String,
    pub article: Option<u32>,
    pub span: Span,
    /// Ambiguities and gaps, e.g. a second cadence in the same passage, a chair not named.
    pub note: Option<String>,
}

/// A frequency expression, whatever body it concerns.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cadence {
    /// What happens at this frequency: the meeting named before it in the sentence, else the words
    /// before it in its clause (`区政府`), else the preceding clause.
    pub subject: Option<String>,
    pub kind: CadenceKind,
    #[serde(serialize_with = "number")]
    pub per_year: Option<f64>,
    #[serde(serialize_with = "number")]
    pub per_year_max: Option<f64>,
    pub qualifier: Option<String>,
    /// The phrase as written.
    pub text: String,
    /// An as-needed clause beside a rate, for the same subject in the same sentence
    /// (`如有需要可临时召开`), and its span: folded into the rate, not listed on its own; null when none.
    pub exception: Option<String>,
    pub exception_span: Option<Span>,
    #[serde(flatten)]
    pub evidence: Evidence,
}

/// Who signs a kind of document, and how.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SigningRule {
    /// The documents the rule covers, as written (`以区政府名义制发的上行文`); null when not stated.
    pub document_kind: Option<String>,
    /// The standard categories the documents fall under (corpus/signing.toml: `decisions`, `motions`,
    /// `government_documents`, `office_documents`, `minutes`); several, or none.
    pub categories: Vec<String>,
    /// 签署, 签发, 审签, 签批, 会签, 审核, 批印, 圈阅 … (`签署或签发` when the text gives both).
    pub act: String,
    /// Who performs the act, as written (`区长或主持工作的副区长`).
    pub signer: String,
    /// When the rule applies (`特殊情况下`, `如有必要`); null when unconditional.
    pub condition: Option<String>,
    /// 一般 or 原则上 when the rule is hedged.
    pub qualifier: Option<String>,
    /// The clause stating the rule, and its span.
    pub text: String,
    #[serde(flatten)]
    pub evidence: Evidence,
}

/// The unit of a time limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    WorkingDay,
    CalendarDay,
    Hour,
    Week,
    Month,
    Year,
}

/// A time limit: `会后3日内印发`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Deadline {
    pub number: u64,
    pub unit: TimeUnit,
    /// From when the time runs (`会后`, `自发布之日起`); null when not stated.
    pub anchor: Option<String>,
    /// What must be done within it (`印发`, `回复`, `由制定机关报送区法制办备案`).
    pub action: Option<String>,
    /// What it binds (`会议纪要`, `区政府各部门制定的规范性文件`).
    pub subject: Option<String>,
    /// 一般 or 原则上 when hedged.
    pub qualifier: Option<String>,
    /// The phrase from the anchor to the end of the action, and its span.
    pub text: String,
    #[serde(flatten)]
    pub evidence: Evidence,
}

/// Who asks whom for leave or reports an absence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LeaveRule {
    /// Who must ask or report (`副区长、区政府党组成员、区政府办公室主任`); null when the sentence does not say.
    pub requester: Option<String>,
    /// The absence (`出访、出差和休假`, `不能出席区长主持召开的各类会议`).
    pub occasion: Option<String>,
    /// Who grants or receives it (`区长`); null when the text points to a procedure instead.
    pub grantor: Option<String>,
    /// How: `请假`, `报告`, `批准`, `同意`, `报备`, or the procedure (`按区委外出请假报备有关制度执行`).
    pub act: Option<String>,
    /// Whom the request goes through when another grants it (`区政府办公室`).
    pub via: Option<String>,
    /// The clause stating the rule, and its span.
    pub text: String,
    #[serde(flatten)]
    pub evidence: Evidence,
}

/// Writes whole numbers without a fractional part (52, not 52.0).
pub(crate) fn number<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => s.serialize_i64(*x as i64),
        Some(x) => s.serialize_f64(*x),
        None => s.serialize_none(),
    }
}

/// A stretch of a document that facts are read from: an article's body, or the whole text.
pub struct Excerpt<'a> {
    pub article: Option<u32>,
    /// The passage text (a slice of the document's text).
    pub text: &'a str,
    /// Code-point offset of `text` in the document.
    start_char: usize,
    index: CharIndex,
    /// Byte ranges of the sentences of `text`.
    pub sentences: Vec<Range<usize>>,
}

impl<'a> Excerpt<'a> {
    pub fn new(article: Option<u32>, text: &'a str, start_char: usize) -> Self {
        Excerpt {
            article,
            text,
            start_char,
            index: CharIndex::new(text),
            sentences: crate::text::sentences::sentences(text),
        }
    }

    /// The document span of a byte range of the passage.
    pub fn span(&self, bytes: Range<usize>) -> Span {
        let s = self.index.span_of_bytes(self.text, bytes);
        Span::new(s.start + self.start_char, s.end + self.start_char)
    }

    /// The sentence holding byte `at`.
    pub fn sentence_at(&self, at: usize) -> Range<usize> {
        self.sentences
            .iter()
            .find(|s| s.start <= at && at < s.end)
            .cloned()
            .unwrap_or(at..at)
    }
}

/// The passages of a document: each article's body (its text after the marker), or the whole text when
/// the document has no articles. Their text is the document's analysis text
/// ([`ParsedDoc::analysis_text`]).
pub fn excerpts(doc: &ParsedDoc) -> Vec<Excerpt<'_>> {
    let text = doc.analysis_text();
    let index = CharIndex::new(text);
    if doc.articles.is_empty() {
        return vec![Excerpt::new(None, text, 0)];
    }
    doc.articles
        .iter()
        .map(|a| {
            let span = if a.body_span.is_empty() || !a.span.contains(a.body_span) {
                a.span
            } else {
                a.body_span
            };
            let bytes = index.bytes_of_span(text, span);
            Excerpt::new(Some(a.number), &text[bytes], span.start)
        })
        .collect()
}

/// Every fact of a document, classified by the bundled vocabulary.
pub fn extract(doc: &ParsedDoc) -> DocFacts {
    extract_with(doc, &FactTopic::ALL, Vocabulary::builtin())
}

/// The facts on the chosen topics, classified by the bundled vocabulary; the lists of the others stay empty.
pub fn extract_topics(doc: &ParsedDoc, topics: &[FactTopic]) -> DocFacts {
    extract_with(doc, topics, Vocabulary::builtin())
}

/// The facts on the chosen topics, their meetings and signing rules classified by `vocabulary`.
pub fn extract_with(doc: &ParsedDoc, topics: &[FactTopic], vocabulary: &Vocabulary) -> DocFacts {
    let passages = excerpts(doc);
    let mut facts = DocFacts {
        id: doc.id.clone(),
        ..DocFacts::default()
    };
    if topics.contains(&FactTopic::Meetings) {
        let kinds = &vocabulary.meetings;
        facts.meetings = meetings::extract(&passages, kinds);
        facts.cadences = passages
            .iter()
            .flat_map(|p| frequencies::cadences(p, kinds))
            .collect();
    }
    if topics.contains(&FactTopic::Signing) {
        facts.signing = passages
            .iter()
            .flat_map(|p| signing::extract(p, &vocabulary.signing))
            .collect();
    }
    if topics.contains(&FactTopic::Deadlines) {
        facts.deadlines = passages.iter().flat_map(deadlines::extract).collect();
    }
    if topics.contains(&FactTopic::Leave) {
        facts.leave = passages.iter().flat_map(leave::extract).collect();
    }
    if doc.analysis.is_some() {
        quote::requote(doc, &mut facts);
    }
    facts
}

/// Text helpers shared by the extractors.
pub(crate) mod text {
    pub use crate::text::punctuation::COMMA_CLAUSE_ENDS as COMMA;
    pub use crate::text::sentences::comma_clauses;

    /// Trims whitespace and punctuation at both ends.
    pub fn trim(s: &str) -> &str {
        s.trim_matches(|c: char| {
            c.is_whitespace() || COMMA.contains(&c) || matches!(c, '、' | '“' | '”' | '"')
        })
    }

    /// Strips any of `words` repeatedly from the start, then from the end.
    pub fn strip<'a>(mut s: &'a str, start: &[&str], end: &[&str]) -> &'a str {
        loop {
            let t = trim(s);
            let t = start
                .iter()
                .find_map(|w| t.strip_prefix(w))
                .or_else(|| end.iter().find_map(|w| t.strip_suffix(w)))
                .unwrap_or(t);
            if t.len() == s.len() {
                return t;
            }
            s = t;
        }
    }

    /// Modal and hedging words that open or close a phrase without changing what it names.
    pub const MODALS: &[&str] = &[
        "原则上",
        "一般",
        "应当",
        "应该",
        "必须",
        "应",
        "须",
        "需要",
        "需",
        "要",
        "均",
        "可以",
        "可",
        "并",
        "或",
        "也",
        "都",
        "在",
        "于",
        "则",
        "再",
        "后",
    ];

    /// Modal words stripped from the end of a phrase: fewer than [`MODALS`], because 要, 可, 在, 后 also end
    /// nouns (必要, 许可, 存在, 会后).
    pub const END_MODALS: &[&str] = &[
        "原则上",
        "一般",
        "应当",
        "应该",
        "必须",
        "应",
        "须",
        "需",
        "均",
        "可以",
        "并",
        "或",
        "则",
        "再",
        "也",
    ];

    /// Words that end the name of a person, office or body that can sign, chair or grant leave.
    pub const ROLE_ENDINGS: &[&str] = &[
        "长",
        "主任",
        "领导",
        "负责人",
        "负责同志",
        "领导同志",
        "召集人",
        "主持人",
        "办公室",
        "部门",
        "单位",
        "机关",
        "组成人员",
        "成员",
        "人员",
        "书记",
        "委员",
        "理",
        "同志",
    ];

    pub fn is_role(s: &str) -> bool {
        !s.is_empty() && s.chars().count() <= 40 && ROLE_ENDINGS.iter().any(|w| s.ends_with(w))
    }

    /// The byte range of `trim(s)` within `s`.
    pub fn trimmed_range(s: &str) -> std::ops::Range<usize> {
        let t = trim(s);
        // `t` is a subslice of `s`: its offset is the pointer difference.
        let start = t.as_ptr() as usize - s.as_ptr() as usize;
        start..start + t.len()
    }

    /// `r` moved by `by` bytes.
    pub fn shift(r: std::ops::Range<usize>, by: usize) -> std::ops::Range<usize> {
        r.start + by..r.end + by
    }

    /// None for an empty string.
    pub fn non_empty(s: &str) -> Option<String> {
        (!s.is_empty()).then(|| s.to_string())
    }
}
