//! The facts' classification data, one home for it: the kinds of meeting and the roles they play
//! (`corpus/meetings.toml`) and the categories of signing rules (`corpus/signing.toml`). Both files are
//! embedded; a researcher's own file replaces either (`--meetings FILE`, `--signing FILE`). The facts carry
//! what these say (a meeting's `kind` and `role`, a signing rule's `categories`), so `compare`, the report
//! page and the notebooks all read one classification.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The bundled kinds of meeting.
pub const BUILTIN_MEETINGS: &str = include_str!("../../corpus/meetings.toml");
/// The bundled signing categories.
pub const BUILTIN_SIGNING: &str = include_str!("../../corpus/signing.toml");

/// What the facts are classified by: kinds of meeting and signing categories.
#[derive(Clone, Debug)]
pub struct Vocabulary {
    pub meetings: MeetingKinds,
    pub signing: SigningCategories,
}

static BUILTIN: LazyLock<Vocabulary> = LazyLock::new(|| Vocabulary {
    meetings: MeetingKinds::from_toml(BUILTIN_MEETINGS, "corpus/meetings.toml")
        .expect("the bundled meetings.toml is valid"),
    signing: SigningCategories::from_toml(BUILTIN_SIGNING, "corpus/signing.toml")
        .expect("the bundled signing.toml is valid"),
});

impl Vocabulary {
    /// The bundled files.
    pub fn builtin() -> &'static Vocabulary {
        &BUILTIN
    }

    /// The bundled files, each replaced by the file given.
    pub fn load(meetings: Option<&Path>, signing: Option<&Path>) -> Result<Vocabulary> {
        Ok(Vocabulary {
            meetings: match meetings {
                Some(p) => MeetingKinds::from_toml(&read(p)?, &p.display().to_string())?,
                None => BUILTIN.meetings.clone(),
            },
            signing: match signing {
                Some(p) => SigningCategories::from_toml(&read(p)?, &p.display().to_string())?,
                None => BUILTIN.signing.clone(),
            },
        })
    }
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// A role a meeting plays (plenary, executive, the head's meetings …): a column of the page's summary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub title: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KindSpec {
    id: String,
    names: Vec<String>,
    #[serde(default)]
    head: Option<bool>,
    #[serde(default)]
    role: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MeetingsFile {
    #[serde(default)]
    role: Vec<Role>,
    #[serde(default)]
    kind: Vec<KindSpec>,
}

/// The kinds of meeting, tried in order, and the roles they play.
#[derive(Clone, Debug)]
pub struct MeetingKinds {
    /// In the order of the page's columns.
    pub roles: Vec<Role>,
    kinds: Vec<KindSpec>,
    /// A meeting's name: optional government, optional head, one of the kinds' names.
    name: Regex,
}

/// A meeting name found in a text.
#[derive(Clone, Debug)]
pub(crate) struct Name {
    pub bytes: std::ops::Range<usize>,
    /// Head + the kind's word: `区长办公会议`, `常务会议`.
    pub meeting_type: String,
    pub kind: String,
    pub role: Option<String>,
}

impl MeetingKinds {
    /// Parses meetings TOML; `origin` names the file in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<MeetingKinds> {
        let bad = |message: String| Error::Resource {
            path: origin.to_string(),
            message,
        };
        let file: MeetingsFile = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
        if file.kind.is_empty() {
            return Err(bad("no [[kind]] entries".into()));
        }
        for (i, r) in file.role.iter().enumerate() {
            if r.id.is_empty() || file.role[..i].iter().any(|o| o.id == r.id) {
                return Err(bad(format!("role `{}`: empty or given twice", r.id)));
            }
        }
        for k in &file.kind {
            if k.id.is_empty() || k.names.is_empty() || k.names.iter().any(String::is_empty) {
                return Err(bad(format!("kind `{}`: needs an id and names", k.id)));
            }
            if let Some(role) = k.role.as_deref() {
                if !file.role.iter().any(|r| r.id == role) {
                    return Err(bad(format!(
                        "kind `{}` names an unknown role `{role}`",
                        k.id
                    )));
                }
            }
        }
        let mut names: Vec<&str> = file
            .kind
            .iter()
            .flat_map(|k| k.names.iter().map(String::as_str))
            .collect();
        // Longest first: the regex takes the first alternative that matches (办公会议 before 办公会).
        names.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        names.dedup();
        let alternatives: Vec<String> = names.iter().map(|n| regex::escape(n)).collect();
        let name = Regex::new(&format!(
            concat!(
                r"(?P<gov>国务院|(?:[省市区县州旗镇乡]|自治[州县旗])?(?:人民)?政府)?",
                r"(?P<head>[省市区县州旗镇乡]长(?:工作)?|总理)?",
                r"(?P<core>{})"
            ),
            alternatives.join("|")
        ))
        .map_err(|e| bad(e.to_string()))?;
        Ok(MeetingKinds {
            roles: file.role,
            kinds: file.kind,
            name,
        })
    }

    /// The kind and role of a meeting named with `word` (the kind's word), with a head or not.
    pub fn classify(&self, word: &str, head: bool) -> Option<(&str, Option<&str>)> {
        self.kinds
            .iter()
            .find(|k| k.names.iter().any(|n| n == word) && k.head.is_none_or(|h| h == head))
            .map(|k| (k.id.as_str(), k.role.as_deref()))
    }

    /// The meeting names in `s`, in order; a name that fits no kind is left out.
    pub(crate) fn names(&self, s: &str) -> Vec<Name> {
        self.name
            .captures_iter(s)
            .filter_map(|c| {
                let head = c.name("head").map_or("", |m| m.as_str());
                let core = c.name("core").map_or("", |m| m.as_str());
                let (kind, role) = self.classify(core, !head.is_empty())?;
                Some(Name {
                    bytes: c.get(0).expect("match").range(),
                    meeting_type: format!("{head}{core}"),
                    kind: kind.to_string(),
                    role: role.map(str::to_string),
                })
            })
            .collect()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategorySpec {
    id: String,
    name: String,
    patterns: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SigningFile {
    #[serde(default)]
    category: Vec<CategorySpec>,
}

/// A category of signing rules: the standard kind of document they cover.
#[derive(Clone, Debug, Serialize)]
pub struct Category {
    pub id: String,
    /// The heading: `决定、命令、规章`.
    pub name: String,
    #[serde(skip)]
    patterns: Vec<Regex>,
}

/// The signing categories, in the order of the page's columns.
#[derive(Clone, Debug)]
pub struct SigningCategories {
    pub categories: Vec<Category>,
}

impl SigningCategories {
    /// Parses signing TOML; `origin` names the file in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<SigningCategories> {
        let bad = |message: String| Error::Resource {
            path: origin.to_string(),
            message,
        };
        let file: SigningFile = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
        let mut categories = Vec::with_capacity(file.category.len());
        for c in file.category {
            if c.id.is_empty() || categories.iter().any(|o: &Category| o.id == c.id) {
                return Err(bad(format!("category `{}`: empty or given twice", c.id)));
            }
            let patterns = c
                .patterns
                .iter()
                .map(|p| {
                    Regex::new(p).map_err(|e| bad(format!("category {}: pattern {p}: {e}", c.id)))
                })
                .collect::<Result<Vec<_>>>()?;
            categories.push(Category {
                id: c.id,
                name: c.name,
                patterns,
            });
        }
        Ok(SigningCategories { categories })
    }

    /// The ids of the categories a kind of document (in simplified characters) falls under, in order.
    pub fn of(&self, document_kind: &str) -> Vec<String> {
        self.categories
            .iter()
            .filter(|c| c.patterns.iter().any(|p| p.is_match(document_kind)))
            .map(|c| c.id.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_have_type_kind_and_role() {
        let kinds = &Vocabulary::builtin().meetings;
        let n = kinds.names("区政府实行全体会议、常务会议、区长办公会议、区长碰头会、区长工作例会和区政府专题会议、协调会议等会议制度。");
        let found: Vec<(&str, &str, Option<&str>)> = n
            .iter()
            .map(|n| (n.meeting_type.as_str(), n.kind.as_str(), n.role.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                ("全体会议", "plenary", Some("plenary")),
                ("常务会议", "executive", Some("executive")),
                ("区长办公会议", "head_office", Some("head")),
                ("区长碰头会", "briefing", Some("head")),
                ("区长工作例会", "regular_work", Some("head")),
                ("专题会议", "thematic", Some("thematic")),
                ("协调会议", "coordination", None),
            ]
        );
        // Without a head, a 碰头会 is nobody's in particular.
        assert_eq!(kinds.classify("碰头会", false), Some(("briefing", None)));
    }

    #[test]
    fn signing_categories_read_document_kinds_as_written() {
        let s = &Vocabulary::builtin().signing;
        assert_eq!(
            s.of("区政府发布的决定、命令、行政措施，向区人大及其常委会提出的议案、人事任免"),
            ["decisions", "motions"]
        );
        assert_eq!(
            s.of("市政府发布的规章和向市人大及其常委会提出的议案"),
            ["decisions", "motions"]
        );
        assert!(s
            .of("区政府会议决定事项需提请区委常委会会议审议的")
            .is_empty());
        assert_eq!(s.of("以区政府名义制发的上行文"), ["government_documents"]);
        assert_eq!(s.of("以市政府办公室名义发文"), ["office_documents"]);
        assert_eq!(
            s.of("市政府全体会议和市政府常务会议、市长办公会议的纪要"),
            ["minutes"]
        );
    }

    #[test]
    fn a_researcher_file_replaces_the_bundled_one() {
        let k = MeetingKinds::from_toml(
            "[[role]]\nid = \"head\"\ntitle = \"Head\"\n[[kind]]\nid = \"x\"\nnames = [\"恳谈会\"]\nrole = \"head\"\n",
            "mine.toml",
        )
        .unwrap();
        let n = k.names("区长恳谈会每月召开一次；常务会议每周召开。");
        assert_eq!(n.len(), 1);
        assert_eq!(
            (n[0].kind.as_str(), n[0].role.as_deref()),
            ("x", Some("head"))
        );
    }

    #[test]
    fn a_bad_file_is_an_error_naming_it() {
        for (text, says) in [
            (
                "[[kind]]\nid = \"x\"\nnames = [\"会\"]\nrole = \"nope\"\n",
                "unknown role",
            ),
            ("[[role]]\nid = \"a\"\ntitle = \"A\"\n", "no [[kind]]"),
            ("[[kind]]\nid = 3\n", "mine.toml"),
        ] {
            let e = MeetingKinds::from_toml(text, "mine.toml")
                .unwrap_err()
                .to_string();
            assert!(e.contains("mine.toml") && e.contains(says), "{e}");
        }
        let e = SigningCategories::from_toml(
            "[[category]]\nid = \"a\"\nname = \"A\"\npatterns = [\"(\"]\n",
            "s.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("s.toml") && e.contains("pattern"), "{e}");
    }
}
