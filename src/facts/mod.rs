//! Fact extraction: meeting system, cadences, signing authority, deadlines, leave.
pub mod cadence;
mod numeral;
pub mod sentences;
