//! The closed vocabularies of the tree: why a region has its kind ([`RegionLabel`]) and what a warning is
//! about ([`WarningKind`]). Each serializes to the snake_case name docs/segment.md lists.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a region has its kind (front matter, heading, back matter, noise).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionLabel {
    // Front matter.
    DocNumber,
    Issuer,
    Date,
    NoticeTitle,
    Addressees,
    Notice,
    Title,
    AdoptionNote,
    /// `（此件公开发布）`: front or back matter.
    PublicationNote,
    Preamble,
    Toc,
    UnnumberedText,
    // Headings.
    EnumeratedHeading,
    UnnumberedHeading,
    // Back matter.
    CcLine,
    PrintLine,
    ClosingIssuer,
    ClosingDate,
    Annex,
    Keywords,
    Other,
    // Noise.
    WebNavigation,
    WebMetadata,
    WebBoilerplate,
    KeywordList,
    PageNumber,
    BookmarkArtifact,
}

impl RegionLabel {
    /// The name the JSON gives the label.
    pub fn as_str(self) -> &'static str {
        use RegionLabel::*;
        match self {
            DocNumber => "doc_number",
            Issuer => "issuer",
            Date => "date",
            NoticeTitle => "notice_title",
            Addressees => "addressees",
            Notice => "notice",
            Title => "title",
            AdoptionNote => "adoption_note",
            PublicationNote => "publication_note",
            Preamble => "preamble",
            Toc => "toc",
            UnnumberedText => "unnumbered_text",
            EnumeratedHeading => "enumerated_heading",
            UnnumberedHeading => "unnumbered_heading",
            CcLine => "cc_line",
            PrintLine => "print_line",
            ClosingIssuer => "closing_issuer",
            ClosingDate => "closing_date",
            Annex => "annex",
            Keywords => "keywords",
            Other => "other",
            WebNavigation => "web_navigation",
            WebMetadata => "web_metadata",
            WebBoilerplate => "web_boilerplate",
            KeywordList => "keyword_list",
            PageNumber => "page_number",
            BookmarkArtifact => "bookmark_artifact",
        }
    }

    /// Web-page chrome that, once the body has been read, turns the rest of the document into noise: site
    /// navigation, the site's boilerplate and keyword lists (not page metadata or page numbers).
    pub fn ends_the_body(self) -> bool {
        matches!(
            self,
            RegionLabel::WebNavigation | RegionLabel::WebBoilerplate | RegionLabel::KeywordList
        )
    }
}

impl fmt::Display for RegionLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a [`Warning`](super::Warning) is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    NumberingGap,
    NumberingRepeat,
    NumberingOutOfOrder,
    NumberingRestart,
    AmbiguousMarker,
    MissingItemMarker,
    Truncated,
    TocSkipped,
    UnnumberedText,
    AmbiguousBackMatter,
    NoArticles,
}

impl WarningKind {
    /// The name the JSON gives the kind.
    pub fn as_str(self) -> &'static str {
        use WarningKind::*;
        match self {
            NumberingGap => "numbering_gap",
            NumberingRepeat => "numbering_repeat",
            NumberingOutOfOrder => "numbering_out_of_order",
            NumberingRestart => "numbering_restart",
            AmbiguousMarker => "ambiguous_marker",
            MissingItemMarker => "missing_item_marker",
            Truncated => "truncated",
            TocSkipped => "toc_skipped",
            UnnumberedText => "unnumbered_text",
            AmbiguousBackMatter => "ambiguous_back_matter",
            NoArticles => "no_articles",
        }
    }
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_serialize_to_their_names() {
        use RegionLabel::*;
        for l in [
            DocNumber,
            Issuer,
            Date,
            NoticeTitle,
            Addressees,
            Notice,
            Title,
            AdoptionNote,
            PublicationNote,
            Preamble,
            Toc,
            UnnumberedText,
            EnumeratedHeading,
            UnnumberedHeading,
            CcLine,
            PrintLine,
            ClosingIssuer,
            ClosingDate,
            Annex,
            Keywords,
            Other,
            WebNavigation,
            WebMetadata,
            WebBoilerplate,
            KeywordList,
            PageNumber,
            BookmarkArtifact,
        ] {
            let json = serde_json::to_value(l).unwrap();
            assert_eq!(json, l.as_str());
            assert_eq!(serde_json::from_value::<RegionLabel>(json).unwrap(), l);
        }
    }

    #[test]
    fn warning_kinds_serialize_to_their_names() {
        use WarningKind::*;
        for k in [
            NumberingGap,
            NumberingRepeat,
            NumberingOutOfOrder,
            NumberingRestart,
            AmbiguousMarker,
            MissingItemMarker,
            Truncated,
            TocSkipped,
            UnnumberedText,
            AmbiguousBackMatter,
            NoArticles,
        ] {
            let json = serde_json::to_value(k).unwrap();
            assert_eq!(json, k.as_str());
            assert_eq!(serde_json::from_value::<WarningKind>(json).unwrap(), k);
        }
    }
}
