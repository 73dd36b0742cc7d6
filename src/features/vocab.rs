//! Term interning: every distinct term (a token's `norm`, a character n-gram) gets a dense `u32` id, so
//! vectors and indexes work on integers. Ids are given in order of first appearance; interning the
//! units in a fixed order therefore yields the same ids on every run, whatever the thread count.

use std::collections::HashMap;

/// A vocabulary: term ↔ id, and how many units each term occurs in (document frequency).
#[derive(Clone, Debug, Default)]
pub struct Vocab {
    ids: HashMap<String, u32>,
    terms: Vec<String>,
    df: Vec<u32>,
    units: u32,
}

impl Vocab {
    pub fn new() -> Self {
        Self::default()
    }

    /// The id of `term`, adding it if new.
    pub fn intern(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.ids.insert(term.to_string(), id);
        self.terms.push(term.to_string());
        self.df.push(0);
        id
    }

    /// Interns the terms of one unit and counts the unit in the document frequencies.
    pub fn add_unit<S: AsRef<str>>(&mut self, terms: &[S]) -> Vec<u32> {
        let ids: Vec<u32> = terms.iter().map(|t| self.intern(t.as_ref())).collect();
        let mut distinct = ids.clone();
        distinct.sort_unstable();
        distinct.dedup();
        for id in distinct {
            self.df[id as usize] += 1;
        }
        self.units += 1;
        ids
    }

    pub fn get(&self, term: &str) -> Option<u32> {
        self.ids.get(term).copied()
    }

    pub fn term(&self, id: u32) -> &str {
        &self.terms[id as usize]
    }

    /// Number of distinct terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Number of units added with [`Vocab::add_unit`].
    pub fn units(&self) -> u32 {
        self.units
    }

    /// Document frequency of every term, indexed by id.
    pub fn df(&self) -> &[u32] {
        &self.df
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_first_appearance_and_df_counts_units() {
        let mut v = Vocab::new();
        assert_eq!(v.add_unit(&["会议", "纪要", "会议"]), vec![0, 1, 0]);
        assert_eq!(v.add_unit(&["纪要", "签发"]), vec![1, 2]);
        assert_eq!(v.df(), &[1, 2, 1]);
        assert_eq!(v.term(2), "签发");
        assert_eq!(v.units(), 2);
        assert_eq!(v.get("公文"), None);
    }
}
