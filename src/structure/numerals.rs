//! Chinese and Arabic numerals as they appear in article and chapter markers.
