//! Line patterns for headings, article markers, items and back matter.
