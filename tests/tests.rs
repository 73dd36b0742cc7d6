//! The integration tests: one binary, modules by topic. They run the built `govrules` binary on the
//! bundled corpus, on fixtures, and (where `../shared/corpora/laws` exists) on the real laws.

mod util;

mod align;
mod capture;
mod facts;
mod laws;
mod load;
mod markers;
mod report;
mod script;
mod segment;
mod snapshots;
mod structure_props;
mod tokenize;
