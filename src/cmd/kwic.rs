//! `govrules kwic PATTERN [PATH…]`: keyword in context. Every place a word (or, with `--regex`, a regular
//! expression) occurs, with `--width` characters each side, its document, article and code-point span, as
//! JSON or as a CSV table. Traditional texts are matched through their simplified form and quoted as
//! written. See docs/kwic.md.

use govrules::kwic::{KwicSection, Pattern};
use govrules::report::envelope::Envelope;

use crate::cli::{describe, Inputs, MetaArgs, Output, TableFormat};

/// Every place a word or a regular expression occurs, with its context.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The word to look for (matched as a string of characters: 会议 also inside 常务会议), or with
    /// --regex a regular expression.
    #[arg(value_name = "PATTERN")]
    pub pattern: String,
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub output: Output,
    #[command(flatten)]
    pub format: TableFormat,
    /// PATTERN is a regular expression (the Rust `regex` crate's syntax: `每.{1,3}召开`), not a word.
    #[arg(long, short = 'e')]
    pub regex: bool,
    /// Characters of context on each side of a match.
    #[arg(long, short = 'w', default_value_t = 20, value_name = "N")]
    pub width: usize,
    #[command(flatten)]
    pub meta: MetaArgs,
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    let pattern = if args.regex {
        Pattern::regex(&args.pattern)?
    } else {
        Pattern::word(&args.pattern)?
    };
    let table = args.meta.table()?;
    let option_files = args.meta.files();
    let (documents, failures) = args.inputs.load(&args.output.targets(), &option_files)?;
    let parsed = govrules::structure::parse_all(&documents);
    drop(documents);
    let metadata = describe(table.as_ref(), &parsed);
    let labels: Vec<String> = metadata.iter().map(|m| m.label.clone()).collect();
    let section = KwicSection::new(&parsed, &labels, &pattern, args.width);
    if args.format.is_csv() {
        args.output
            .write_csv(&govrules::tables::kwic::table(&section))?;
    } else {
        args.output
            .write_json(&Envelope::new(section).with_metadata(metadata))?;
    }
    Ok(failures.exit_code())
}
