//! `govrules align`: which chapters and articles of several documents correspond (groups, absent
//! documents, split provisions) as JSON. Also holds the feature and taxonomy options that `similarity`
//! and `diff` share. See docs/align.md.

use std::path::PathBuf;

use crate::cli::{describe, Inputs, MetaArgs, Output};
use govrules::compare::align::AlignOptions;
use govrules::features::terms::{CharNgrams, TermSource};
use govrules::features::Analysis;
use govrules::report::envelope::{AlignmentSection, Envelope};
use govrules::tokenize::Analyzer;
use govrules::topics::Taxonomy;

/// Options shared by the comparison commands: which features, which taxonomy.
#[derive(Debug, Clone, clap::Args)]
pub struct FeatureArgs {
    /// Terms compared: `tokens` (words, 区长/市长 and the like folded to one role) or `chars`
    /// (character n-grams of `--ngram` characters).
    #[arg(long, value_enum, default_value = "tokens")]
    pub features: Features,
    /// Characters per n-gram with `--features chars`.
    #[arg(long, default_value_t = 2, value_name = "N", value_parser = ngram_length)]
    pub ngram: usize,
    /// A topic taxonomy (TOML, as corpus/topics.toml) instead of the bundled one.
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
}

/// `--ngram`: a number of characters, at least one.
fn ngram_length(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("an n-gram has at least 1 character".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Features {
    Tokens,
    Chars,
}

impl FeatureArgs {
    /// The term source for similarity.
    pub fn source(&self) -> Box<dyn TermSource> {
        match self.features {
            Features::Tokens => Box::new(Analyzer::government_folded()),
            Features::Chars => Box::new(CharNgrams(self.ngram)),
        }
    }

    /// Whether word-level diffs use other terms than the similarity (single characters beside n-grams).
    pub fn diffs_other_terms(&self) -> bool {
        matches!(self.features, Features::Chars)
    }

    /// The term source for word-level diffs (characters when no tokenizer is used).
    pub fn diff_source(&self) -> Box<dyn TermSource> {
        match self.features {
            Features::Tokens => Box::new(Analyzer::government_folded()),
            Features::Chars => Box::new(CharNgrams(1)),
        }
    }

    /// The taxonomy: `--taxonomy FILE` or the bundled one.
    pub fn taxonomy(&self) -> anyhow::Result<Taxonomy> {
        Ok(match &self.taxonomy {
            Some(p) => Taxonomy::load(p)?,
            None => Taxonomy::builtin(),
        })
    }
}

/// Align the chapters and articles of several documents.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub output: Output,
    #[command(flatten)]
    pub features: FeatureArgs,
    /// Least score (similarity + topic bonus) for two articles to be aligned.
    #[arg(long, default_value_t = AlignOptions::default().min_score, value_name = "X")]
    pub min_score: f64,
    #[command(flatten)]
    pub meta: MetaArgs,
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    let taxonomy = args.features.taxonomy()?;
    let table = args.meta.table()?;
    let (documents, failures) = args.inputs.load(
        &args.output.targets(),
        &[args.features.taxonomy.as_deref(), args.meta.path()],
    )?;
    let parsed = govrules::structure::parse_all(&documents);
    drop(documents);
    let metadata = describe(table.as_ref(), &parsed);
    let source = args.features.source();
    let analysis = Analysis::builder(source.as_ref())
        .taxonomy(&taxonomy)
        .char_bigrams(true)
        .build(parsed);
    let opts = AlignOptions {
        min_score: args.min_score,
        ..AlignOptions::default()
    };
    let alignment = govrules::compare::align::align(&analysis, &taxonomy, &opts);
    let section = AlignmentSection::new(&analysis.documents, alignment);
    args.output
        .write_json(&Envelope::new(section).with_metadata(metadata))?;
    Ok(failures.exit_code())
}
