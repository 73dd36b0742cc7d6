//! The integration tests: one binary, modules by topic. They run the built `govrules` binary on the
//! bundled corpus, on fixtures, and (where `../shared/corpora/laws` exists) on the real laws.

mod util;

mod align;
mod capture;
mod facts;
mod fuzz;
mod kwic;
mod laws;
mod load;
mod markers;
mod messages;
mod meta;
mod outputs;
mod report;
mod script;
mod segment;
mod snapshots;
mod structure_props;
mod tables;
mod tokenize;
