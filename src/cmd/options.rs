//! The options that shape the analysis, defined once and flattened into every command they apply to: the
//! word options (`--dict`, `--stopwords`, `--roles`: how texts are cut into words and which words count)
//! and the topic taxonomy (`--taxonomy`). Each also names the files it makes the run read, so that no
//! output can overwrite them.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use govrules::tokenize::{filters, Analyzer, AnalyzerBuilder, RoleTable, UserDictionary};
use govrules::topics::Taxonomy;

/// How words are cut and which count: `tokenize`, `align`, `similarity`, `diff`, `report`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct WordArgs {
    /// Use this user dictionary instead of the bundled government terms (`word [freq] [tag]` per line).
    #[arg(long, value_name = "FILE")]
    pub dict: Option<PathBuf>,
    /// Use this stopword list instead of the bundled one (one word per line).
    #[arg(long, value_name = "FILE")]
    pub stopwords: Option<PathBuf>,
    /// Use this role table instead of the bundled one (`term<TAB>symbol<TAB>level`); turns role folding on.
    #[arg(long, value_name = "FILE")]
    pub roles: Option<PathBuf>,
}

/// What the word analyzer keeps and folds, beyond the files of [`WordArgs`].
#[derive(Clone, Copy, Debug)]
pub struct AnalyzerChoice {
    /// Fold role words (区长/市长 → `<首长>`); always on with `--roles`.
    pub role_folding: bool,
    /// Keep stopwords and punctuation.
    pub all_tokens: bool,
    /// Reuse the segmentation of clauses seen before (never changes the output).
    pub memo: bool,
}

impl AnalyzerChoice {
    /// The words the comparison commands compare: stopwords and punctuation dropped, roles folded.
    pub const COMPARED: AnalyzerChoice = AnalyzerChoice {
        role_folding: true,
        all_tokens: false,
        memo: true,
    };
}

impl WordArgs {
    /// The option files given.
    pub fn files(&self) -> Vec<&Path> {
        [&self.dict, &self.stopwords, &self.roles]
            .into_iter()
            .flatten()
            .map(PathBuf::as_path)
            .collect()
    }

    /// The analyzer the options describe. Without option files and with [`AnalyzerChoice::COMPARED`], it
    /// is [`Analyzer::government_folded`].
    pub fn analyzer(&self, choice: AnalyzerChoice) -> anyhow::Result<Analyzer> {
        Ok(self.builder(choice)?.build())
    }

    /// The analyzer the options describe, ready to build: the files it needs are read (and an error in them
    /// reported) now; building it, the segmenter's dictionary, is most of the cost and is left to the caller.
    pub fn builder(&self, choice: AnalyzerChoice) -> anyhow::Result<AnalyzerBuilder> {
        let mut b = Analyzer::builder()
            .memo(choice.memo)
            .filter(filters::DropWhitespace);
        if let Some(path) = &self.dict {
            b = b.dictionary(UserDictionary::load(path)?);
        }
        if !choice.all_tokens {
            let stopwords = match &self.stopwords {
                Some(path) => filters::Stopwords::load(path)?,
                None => filters::Stopwords::bundled(),
            };
            b = b.filter(filters::DropPunctuation).filter(stopwords);
        }
        if let Some(path) = &self.roles {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            b = b.role_table(RoleTable::parse(&path.display().to_string(), &text)?);
        }
        Ok(b.role_folding(choice.role_folding || self.roles.is_some()))
    }
}

/// The topic taxonomy: `align`, `similarity`, `diff`, `report`, `compare`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TaxonomyArgs {
    /// A topic taxonomy (TOML, as corpus/topics.toml) instead of the bundled one.
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
}

impl TaxonomyArgs {
    /// The option file given.
    pub fn files(&self) -> Vec<&Path> {
        self.taxonomy.iter().map(PathBuf::as_path).collect()
    }

    /// `--taxonomy FILE`, or the bundled taxonomy.
    pub fn taxonomy(&self) -> anyhow::Result<Taxonomy> {
        Ok(match &self.taxonomy {
            Some(p) => Taxonomy::load(p)?,
            None => Taxonomy::builtin(),
        })
    }
}

/// Both: the commands that compare words and place them under topics.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct AnalysisArgs {
    #[command(flatten)]
    pub words: WordArgs,
    #[command(flatten)]
    pub topics: TaxonomyArgs,
}

impl AnalysisArgs {
    /// Every option file given.
    pub fn files(&self) -> Vec<&Path> {
        let mut files = self.words.files();
        files.extend(self.topics.files());
        files
    }
}
