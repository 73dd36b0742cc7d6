//! Regions: the labelled stretches found while reading the lines, sorted, the gaps between them filled with
//! blanks, noise inside units carved out, and neighbours of the same kind and label merged, so that the
//! regions cover the text.

use crate::span::Span;
use crate::structure::{patterns, Region, RegionKind, RegionLabel};

/// Sorts the regions, carves noise out of them, fills the gaps with blanks and merges neighbours.
pub(super) fn finish_regions<'a>(
    mut regions: Vec<Region>,
    mut carved: Vec<(Span, RegionLabel)>,
    text_of: impl Fn(Span) -> &'a str,
    char_len: usize,
) -> Vec<Region> {
    regions.sort_by_key(|r| (r.span.start, r.span.end));
    // Fill gaps with blanks.
    let mut filled = Vec::with_capacity(regions.len() * 2 + 1);
    let mut pos = 0;
    for r in regions {
        if r.span.start < pos {
            continue; // cannot happen with line-based units; keep the first
        }
        if r.span.start > pos {
            filled.push(blank(pos, r.span.start));
        }
        pos = r.span.end;
        filled.push(r);
    }
    if pos < char_len {
        filled.push(blank(pos, char_len));
    }
    // Carve noise (artefacts, page numbers inside articles) out of whatever region holds it.
    carved.sort_by_key(|(s, _)| (s.start, s.end));
    carved.dedup_by_key(|(s, _)| *s);
    let mut out: Vec<Region> = Vec::with_capacity(filled.len() + carved.len() * 2);
    let mut c = carved.into_iter().peekable();
    for r in filled {
        let mut rest = r;
        while let Some((s, label)) = c.peek().copied() {
            if s.start >= rest.span.end {
                break;
            }
            c.next();
            if s.start < rest.span.start || s.end > rest.span.end || s.is_empty() {
                continue;
            }
            if s.start > rest.span.start {
                out.push(Region {
                    span: Span::new(rest.span.start, s.start),
                    ..rest.clone()
                });
            }
            out.push(Region {
                kind: RegionKind::Noise,
                span: s,
                label: Some(label),
            });
            rest.span.start = s.end;
        }
        if !rest.span.is_empty() {
            out.push(rest);
        }
    }
    // A piece of a region that is only whitespace is blank.
    for r in &mut out {
        if matches!(r.kind, RegionKind::FrontMatter | RegionKind::BackMatter)
            && text_of(r.span).chars().all(patterns::is_space)
        {
            r.kind = RegionKind::Blank;
            r.label = None;
        }
    }
    merge(out)
}

fn blank(start: usize, end: usize) -> Region {
    Region {
        kind: RegionKind::Blank,
        span: Span::new(start, end),
        label: None,
    }
}

/// Merges neighbouring regions of the same kind and label (front matter, back matter, noise, blanks),
/// including across the blanks between them; articles and headings stay one region each.
fn merge(regions: Vec<Region>) -> Vec<Region> {
    let mergeable = |r: &Region| {
        matches!(
            r.kind,
            RegionKind::FrontMatter | RegionKind::BackMatter | RegionKind::Noise
        )
    };
    let mut out: Vec<Region> = Vec::with_capacity(regions.len());
    let mut k = 0;
    while k < regions.len() {
        let r = regions[k].clone();
        k += 1;
        if r.kind == RegionKind::Blank {
            if let Some(prev) = out.last_mut().filter(|p| p.kind == RegionKind::Blank) {
                prev.span.end = r.span.end;
                continue;
            }
            // prev X, blank, next X with the same label: absorb both.
            if let (Some(prev), Some(next)) = (out.last(), regions.get(k)) {
                if mergeable(prev) && prev.kind == next.kind && prev.label == next.label {
                    let end = next.span.end;
                    out.last_mut().expect("prev").span.end = end;
                    k += 1;
                    continue;
                }
            }
            out.push(r);
            continue;
        }
        if let Some(prev) = out.last_mut() {
            if mergeable(prev) && prev.kind == r.kind && prev.label == r.label {
                prev.span.end = r.span.end;
                continue;
            }
        }
        out.push(r);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::{parsed, region_labels};
    use crate::structure::RegionKind;

    #[test]
    fn noise_inside_an_article_is_carved_out() {
        let doc = parsed("第一条 甲\n- 2 -\n乙。\n第二条 [bookmark: _GoBack]丙。\n");
        let a = &doc.articles[0];
        assert_eq!(a.paragraphs.len(), 2);
        assert_eq!(a.paragraphs[1].text, "乙。");
        let noise = region_labels(&doc, RegionKind::Noise);
        assert_eq!(
            noise,
            [
                ("page_number".to_string(), "- 2 -"),
                ("bookmark_artifact".to_string(), "[bookmark: _GoBack]")
            ]
        );
        let article_regions = doc
            .regions
            .iter()
            .filter(|r| r.kind == RegionKind::Article)
            .count();
        assert_eq!(article_regions, 4);
    }
}
