//! `govrules align`: which chapters and articles of several documents correspond (groups, absent
//! documents, split provisions) as JSON, or with `--format csv` as a table of provisions × documents. Also
//! holds the feature options that `similarity` and `diff` share. See docs/align.md.

use crate::cli::{describe, Inputs, MetaArgs, Output, TableFormat};
use crate::cmd::options::{AnalysisArgs, AnalyzerChoice};
use govrules::compare::align::AlignOptions;
use govrules::features::terms::{CharNgrams, TermSource};
use govrules::features::Analysis;
use govrules::report::envelope::{AlignmentSection, Envelope};
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
    #[command(flatten)]
    pub analysis: AnalysisArgs,
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
    /// The term source for similarity: the words of `--dict`, `--stopwords` and `--roles`, roles folded;
    /// or character n-grams.
    pub fn source(&self) -> anyhow::Result<Box<dyn TermSource>> {
        Ok(match self.features {
            Features::Tokens => Box::new(self.analysis.words.analyzer(AnalyzerChoice::COMPARED)?),
            Features::Chars => Box::new(CharNgrams(self.ngram)),
        })
    }

    /// Whether word-level diffs use other terms than the similarity (single characters beside n-grams).
    pub fn diffs_other_terms(&self) -> bool {
        matches!(self.features, Features::Chars)
    }

    /// The term source for word-level diffs with `--features chars`: single characters (with
    /// `--features tokens` the diffs cut the words of [`FeatureArgs::source`]).
    pub fn char_diff_source(&self) -> Box<dyn TermSource> {
        Box::new(CharNgrams(1))
    }

    /// The taxonomy: `--taxonomy FILE` or the bundled one.
    pub fn taxonomy(&self) -> anyhow::Result<Taxonomy> {
        self.analysis.topics.taxonomy()
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
    pub format: TableFormat,
    #[command(flatten)]
    pub features: FeatureArgs,
    /// With `--format csv`: one row per aligned article, instead of provisions × documents.
    #[arg(long)]
    pub long: bool,
    /// Least score (similarity + topic bonus) for two articles to be aligned.
    #[arg(long, default_value_t = AlignOptions::default().min_score, value_name = "X")]
    pub min_score: f64,
    #[command(flatten)]
    pub meta: MetaArgs,
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    let taxonomy = args.features.taxonomy()?;
    if args.long && !args.format.is_csv() {
        anyhow::bail!("--long shapes the CSV table: use it with --format csv");
    }
    let table = args.meta.table()?;
    let mut option_files = args.features.analysis.files();
    option_files.extend(args.meta.files());
    let (documents, failures) = args.inputs.load(&args.output.targets(), &option_files)?;
    let parsed = govrules::structure::parse_all(&documents);
    drop(documents);
    let wide_max = govrules::tables::alignment::WIDE_MAX_DOCUMENTS;
    if args.format.is_csv() && !args.long && parsed.len() > wide_max {
        anyhow::bail!(
            "provisions × documents is written up to {wide_max} documents, not {}: add --long for one \
             row per aligned article",
            parsed.len()
        );
    }
    let metadata = describe(table.as_ref(), &parsed);
    let source = args.features.source()?;
    let analysis = Analysis::builder(source.as_ref())
        .taxonomy(&taxonomy)
        .char_bigrams(true)
        .build(parsed);
    let opts = AlignOptions {
        min_score: args.min_score,
        ..AlignOptions::default()
    };
    let alignment = govrules::compare::align::align(&analysis, &taxonomy, &opts);
    if args.format.is_csv() && args.long {
        let labels = govrules::tables::Labels::of(&metadata);
        args.output
            .write_csv(&govrules::tables::alignment::members(&alignment, &labels))?;
    } else if args.format.is_csv() {
        args.output
            .write_csv(&govrules::tables::alignment::wide(&alignment))?;
    } else {
        let section = AlignmentSection::new(&analysis.documents, alignment);
        args.output
            .write_json(&Envelope::new(section).with_metadata(metadata))?;
    }
    Ok(failures.exit_code())
}
