//! The source excerpt of one diagnostic in one file, for the `human` format: the whole lines
//! its spans cover, with the spans moved to excerpt offsets.
//!
//! A line longer than [`LONG_LINE`] bytes is cut down to the part around the spans on it. The
//! frame shows at most a terminal's width of a line anyway, but drawing it walks every
//! character it is given, so a generated query on one line of megabytes with thousands of
//! findings would otherwise take time quadratic in its length. A cut at the start of a line
//! changes the column the frame's header would show, so a cut excerpt carries the right one
//! for [`fix_header_columns`] to put back.

use std::borrow::Cow;
use std::ops::Range;

use annotate_snippets::{Annotation, AnnotationKind};

use crate::source::{SourceFile, TextRange};

use super::display_path;

/// Lines longer than this many bytes are cut.
const LONG_LINE: usize = 1024;

/// Characters kept on each side of the spans on a cut line: more than half the 140 columns
/// the frame shows, so it still marks its own trimming with `...` and the cut never shows.
const CONTEXT: usize = 200;

/// Characters kept of a span on a cut line; the frame cannot show more of it anyway.
const MAX_SPAN: usize = 200;

/// Marks where a line was cut, in case the frame shows that far.
const CUT: &str = "...";

/// One file's part of a frame: the text to draw and the spans on it.
pub(super) struct Excerpt<'a> {
    pub(super) path: String,
    pub(super) text: Cow<'a, str>,
    pub(super) first_line: usize,
    pub(super) annotations: Vec<Annotation<'a>>,
    /// The column the header must show when a cut moved the one the frame computes.
    pub(super) column: Option<u32>,
}

impl<'a> Excerpt<'a> {
    /// Cuts the whole lines around `spans` out of `file`, so the renderer never walks a large
    /// file once per finding. The span without a label is the primary one.
    pub(super) fn new(file: &'a SourceFile, spans: &[(TextRange, Option<&'a str>)]) -> Self {
        let start = spans.iter().map(|(range, _)| range.start()).min().unwrap_or(0);
        let end = spans.iter().map(|(range, _)| range.end()).max().unwrap_or(0);
        let (lines, first_line) = lines_around(file, start, end);
        let path = display_path(file.path());
        let from = lines.first().map_or(0, |line| line.start);
        let to = lines.last().map_or(0, |line| line.end);
        let text = file.text().get(from..to).unwrap_or("");
        if lines.iter().all(|line| line.len() <= LONG_LINE) {
            let annotations = annotate(spans, |range| clamp(range, from, text));
            return Self { path, text: Cow::Borrowed(text), first_line, annotations, column: None };
        }
        let points: Vec<usize> = spans
            .iter()
            .flat_map(|(range, _)| [range.start(), range.end()])
            .map(|p| p as usize)
            .collect();
        let cut = Cut::new(file.text(), &lines, &points);
        let annotations = annotate(spans, |range| {
            let start = cut.map(range.start);
            clamp(start..cut.map(range.end).max(start), 0, &cut.text)
        });
        // The frame's header shows the primary span's column, or in another file the first.
        let primary = spans.iter().find(|(_, label)| label.is_none()).map(|(range, _)| range);
        let column = file.line_col(primary.map_or(start, |range| range.start())).column;
        Self { path, text: Cow::Owned(cut.text), first_line, annotations, column: Some(column) }
    }
}

fn annotate<'a>(
    spans: &[(TextRange, Option<&'a str>)],
    mut place: impl FnMut(Range<usize>) -> Range<usize>,
) -> Vec<Annotation<'a>> {
    spans
        .iter()
        .map(|(range, label)| {
            let span = place(range.to_usize());
            match label {
                None => AnnotationKind::Primary.span(span),
                Some(label) => AnnotationKind::Context.span(span).label(*label),
            }
        })
        .collect()
}

/// The byte ranges of the lines holding `start..end` (without their line endings) and the
/// 1-based number of the first; found with the line index, never by scanning the text.
fn lines_around(file: &SourceFile, start: u32, end: u32) -> (Vec<Range<usize>>, usize) {
    let first = file.line_col(start).line as usize - 1;
    let last = file.line_col(end).line as usize - 1;
    let lines =
        (first..=last).filter_map(|line| file.line_index().line_range(file.text(), line)).collect();
    (lines, first + 1)
}

/// `range` moved to excerpt-relative offsets, kept inside the excerpt and widened to whole
/// characters: a span that splits a character would make the frame drawing panic.
pub(super) fn clamp(range: Range<usize>, offset: usize, text: &str) -> Range<usize> {
    let mut start = range.start.saturating_sub(offset).min(text.len());
    let mut end = range.end.saturating_sub(offset).clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// An excerpt with its long lines cut down, and where each kept piece came from.
struct Cut {
    text: String,
    pieces: Vec<Piece>,
}

/// The kept part of one line, drawn at `at` in the cut text after `lead` bytes of [`CUT`]
/// and before `tail` bytes of it; the other offsets are in the file.
struct Piece {
    line_start: usize,
    kept: Range<usize>,
    line_end: usize,
    at: usize,
    lead: usize,
    tail: usize,
}

impl Cut {
    /// Copies `lines` of `text` (with the line endings between them), cutting the long ones
    /// down to the part around `points`, the offsets where spans start and end.
    fn new(text: &str, lines: &[Range<usize>], points: &[usize]) -> Self {
        let mut cut = Cut { text: String::new(), pieces: Vec::new() };
        for (index, line) in lines.iter().enumerate() {
            let ending = line.end..lines.get(index + 1).map_or(line.end, |next| next.start);
            let on_line: Vec<usize> = points
                .iter()
                .filter(|&&point| line.contains(&point) || point == line.end)
                .map(|point| point - line.start)
                .collect();
            let kept = kept_part(text.get(line.clone()).unwrap_or(""), &on_line);
            let kept = line.start + kept.start..line.start + kept.end;
            let at = cut.text.len();
            let lead = if kept.start > line.start { CUT.len() } else { 0 };
            let tail = if kept.end < line.end { CUT.len() } else { 0 };
            cut.text.push_str(&CUT[..lead]);
            cut.text.push_str(text.get(kept.clone()).unwrap_or(""));
            cut.text.push_str(&CUT[..tail]);
            cut.text.push_str(text.get(ending).unwrap_or(""));
            cut.pieces.push(Piece {
                line_start: line.start,
                kept,
                line_end: line.end,
                at,
                lead,
                tail,
            });
        }
        cut
    }

    /// Where file offset `offset` lands in the cut text: inside the kept part of its line,
    /// at the nearest end of it otherwise.
    fn map(&self, offset: usize) -> usize {
        let index = self.pieces.partition_point(|piece| piece.line_start <= offset);
        let Some(piece) = index.checked_sub(1).and_then(|index| self.pieces.get(index)) else {
            return 0;
        };
        let kept_start = piece.at + piece.lead;
        if offset >= piece.line_end {
            // In the line ending, which is kept whole.
            return kept_start + piece.kept.len() + piece.tail + (offset - piece.line_end);
        }
        kept_start + offset.clamp(piece.kept.start, piece.kept.end) - piece.kept.start
    }
}

/// The byte range of `line` to keep: all of a short line; of a long one, [`CONTEXT`]
/// characters around the `points` on it (at most [`MAX_SPAN`] of them past the first), or its
/// start when no span starts or ends on it.
fn kept_part(line: &str, points: &[usize]) -> Range<usize> {
    if line.len() <= LONG_LINE {
        return 0..line.len();
    }
    let first = points.iter().copied().min().map_or(0, |point| floor(line, point));
    let last = points.iter().copied().max().map_or(0, |point| floor(line, point));
    let last = last.min(forward(line, first, MAX_SPAN));
    back(line, first, CONTEXT)..forward(line, last, CONTEXT)
}

/// `at`, moved back to the start of the character it is in.
fn floor(line: &str, mut at: usize) -> usize {
    at = at.min(line.len());
    while !line.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The offset `chars` characters before `at` (a character boundary), or 0.
fn back(line: &str, at: usize, chars: usize) -> usize {
    line[..at].char_indices().rev().take(chars).last().map_or(at, |(index, _)| index)
}

/// The offset `chars` characters after `at` (a character boundary), or the end.
fn forward(line: &str, at: usize, chars: usize) -> usize {
    line[at..].char_indices().nth(chars).map_or(line.len(), |(index, _)| at + index)
}

/// Puts the right column into the header (`--> path:line:col`, or `::: path:line:col` for
/// another file) of each cut excerpt of a drawn frame; `columns` holds one entry per
/// excerpt, in drawing order, `None` for one that was not cut.
pub(super) fn fix_header_columns(frame: String, columns: &[Option<u32>]) -> String {
    if columns.iter().all(Option::is_none) {
        return frame;
    }
    let mut headers = columns.iter();
    let mut fixed = String::with_capacity(frame.len());
    for line in frame.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let column = if is_header(body) { headers.next().copied().flatten() } else { None };
        let digits = body.len() - body.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        match column {
            Some(column) if digits > 0 && body[..body.len() - digits].ends_with(':') => {
                fixed.push_str(&body[..body.len() - digits]);
                fixed.push_str(&column.to_string());
                fixed.push_str(&line[body.len()..]);
            }
            _ => fixed.push_str(line),
        }
    }
    fixed
}

/// Whether a drawn line is a file header; source lines start with a line number or `|`.
fn is_header(line: &str) -> bool {
    let plain = without_colour(line);
    let plain = plain.trim_start();
    plain.starts_with("--> ") || plain.starts_with("::: ")
}

/// `line` without its ANSI colour sequences (`ESC [ ... m`).
fn without_colour(line: &str) -> String {
    let mut plain = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().find(|&c| c == 'm');
        } else {
            plain.push(c);
        }
    }
    plain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_inside_a_character_are_widened() {
        assert_eq!(clamp(1..2, 0, "é!"), 0..2);
        assert_eq!(clamp(5..99, 2, "abc"), 3..3);
    }

    /// The content ranges of the lines of `text`, as the line index gives them.
    fn lines(text: &str) -> Vec<Range<usize>> {
        let index = crate::source::LineIndex::new(text);
        (0..index.line_count()).filter_map(|line| index.line_range(text, line)).collect()
    }

    #[test]
    fn a_long_line_keeps_the_context_around_its_spans() {
        let text = format!("head\n{}XY{}\r\ntail", "a".repeat(5000), "b".repeat(5000));
        let x = text.find('X').expect("X");
        let cut = Cut::new(&text, &lines(&text), &[x, x + 2]);
        let kept = format!("{}XY{}", "a".repeat(CONTEXT), "b".repeat(CONTEXT));
        assert_eq!(cut.text, format!("head\n...{kept}...\r\ntail"));
        assert_eq!(&cut.text[cut.map(x)..cut.map(x + 2)], "XY");
        // Offsets before the kept part land at its start; the short lines are unchanged.
        assert_eq!(cut.map(6), 8);
        assert_eq!(&cut.text[cut.map(text.len() - 4)..], "tail");
    }

    #[test]
    fn a_long_line_without_a_span_keeps_its_start() {
        let text = format!("é{}\nx", "é".repeat(2000));
        let cut = Cut::new(&text, &lines(&text), &[text.len() - 1]);
        assert_eq!(cut.text, format!("{}...\nx", "é".repeat(CONTEXT)));
    }

    #[test]
    fn the_column_of_a_cut_header_is_replaced() {
        let frame = "error[X]: m\n  --> a.yaml:24:201\n   |\n24 | ...x...\n".to_owned();
        let fixed = fix_header_columns(frame, &[Some(90_001)]);
        assert_eq!(fixed, "error[X]: m\n  --> a.yaml:24:90001\n   |\n24 | ...x...\n");
        let coloured = " \u{1b}[1m\u{1b}[94m--> \u{1b}[0ma.yaml:1:3\n".to_owned();
        let fixed = fix_header_columns(coloured, &[Some(7)]);
        assert_eq!(fixed, " \u{1b}[1m\u{1b}[94m--> \u{1b}[0ma.yaml:1:7\n");
        let untouched = "  --> a.yaml:1:3\n  ::: b.yaml:2:4\n".to_owned();
        assert_eq!(fix_header_columns(untouched.clone(), &[None, None]), untouched);
    }
}
