//! Regions: the labelled stretches found while reading the lines, sorted, the gaps between them filled with
//! blanks, noise inside units carved out, and neighbours of the same kind and label merged, so that the
//! regions cover the text. Noise carved out of a heading or an article stays inside it: it is never merged
//! with noise beyond the unit.

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
    // Each region with whether it is noise carved out of a unit (a heading or an article).
    let mut out: Vec<(Region, bool)> = Vec::with_capacity(filled.len() + carved.len() * 2);
    let mut c = carved.into_iter().peekable();
    for r in filled {
        let in_unit = matches!(r.kind, RegionKind::Heading | RegionKind::Article);
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
                let piece = Region {
                    span: Span::new(rest.span.start, s.start),
                    ..rest.clone()
                };
                out.push((piece, false));
            }
            let noise = Region {
                kind: RegionKind::Noise,
                span: s,
                label: Some(label),
            };
            out.push((noise, in_unit));
            rest.span.start = s.end;
        }
        if !rest.span.is_empty() {
            out.push((rest, false));
        }
    }
    // A piece of a region that is only whitespace is blank.
    for (r, _) in &mut out {
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
/// including across the blanks between them; articles and headings stay one region each, and noise carved
/// out of one (marked `true`) is merged with nothing.
fn merge(regions: Vec<(Region, bool)>) -> Vec<Region> {
    let mergeable = |(r, in_unit): &(Region, bool)| {
        !in_unit
            && matches!(
                r.kind,
                RegionKind::FrontMatter | RegionKind::BackMatter | RegionKind::Noise
            )
    };
    let same = |a: &Region, b: &Region| a.kind == b.kind && a.label == b.label;
    let mut out: Vec<(Region, bool)> = Vec::with_capacity(regions.len());
    let mut k = 0;
    while k < regions.len() {
        let r = regions[k].clone();
        k += 1;
        if r.0.kind == RegionKind::Blank {
            if let Some((prev, _)) = out.last_mut().filter(|p| p.0.kind == RegionKind::Blank) {
                prev.span.end = r.0.span.end;
                continue;
            }
            // prev X, blank, next X with the same label: absorb both.
            if let (Some(prev), Some(next)) = (out.last(), regions.get(k)) {
                if mergeable(prev) && mergeable(next) && same(&prev.0, &next.0) {
                    let end = next.0.span.end;
                    out.last_mut().expect("prev").0.span.end = end;
                    k += 1;
                    continue;
                }
            }
            out.push(r);
            continue;
        }
        if let Some(prev) = out.last_mut() {
            if mergeable(prev) && mergeable(&r) && same(&prev.0, &r.0) {
                prev.0.span.end = r.0.span.end;
                continue;
            }
        }
        out.push(r);
    }
    out.into_iter().map(|(r, _)| r).collect()
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
