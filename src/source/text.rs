//! Byte-offset ranges into a source text.
//!
//! Every position the tool carries around is a `u32` byte offset; line and column numbers are
//! computed only when a diagnostic is rendered (see [`super::line_index`]). Keeping offsets
//! small and copyable lets the KQL tree and the YAML tree store a range on every node cheaply.

use std::fmt;
use std::ops::Range;

/// A half-open byte range `start..end` into one text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct TextRange {
    start: u32,
    end: u32,
}

impl TextRange {
    /// A range from `start` to `end`; an inverted pair is normalised so `start <= end`.
    pub fn new(start: u32, end: u32) -> Self {
        if start <= end { Self { start, end } } else { Self { start: end, end: start } }
    }

    /// An empty range at `offset`, used for "something is missing here" findings.
    pub fn empty(offset: u32) -> Self {
        Self { start: offset, end: offset }
    }

    /// A range from `usize` offsets, saturating at `u32::MAX` (texts above 4 GiB are refused
    /// earlier, so saturation only guards against arithmetic slips).
    pub fn from_usize(start: usize, end: usize) -> Self {
        let clamp = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Self::new(clamp(start), clamp(end))
    }

    pub fn start(self) -> u32 {
        self.start
    }

    pub fn end(self) -> u32 {
        self.end
    }

    pub fn len(self) -> u32 {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest range covering both `self` and `other`.
    pub fn cover(self, other: Self) -> Self {
        Self { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// Whether `offset` lies inside the range (the end is exclusive).
    pub fn contains(self, offset: u32) -> bool {
        self.start <= offset && offset < self.end
    }

    /// The same length, moved right by `delta` bytes.
    pub fn shifted(self, delta: u32) -> Self {
        Self { start: self.start + delta, end: self.end + delta }
    }

    /// The range as `usize` bounds, for slicing the text it points into.
    pub fn to_usize(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl fmt::Debug for TextRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<Range<u32>> for TextRange {
    fn from(range: Range<u32>) -> Self {
        Self::new(range.start, range.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverted_bounds_are_normalised() {
        let range = TextRange::new(9, 4);
        assert_eq!((range.start(), range.end()), (4, 9));
        assert_eq!(range.len(), 5);
    }

    #[test]
    fn cover_spans_both_ranges() {
        let a = TextRange::new(2, 5);
        let b = TextRange::new(7, 8);
        assert_eq!(a.cover(b), TextRange::new(2, 8));
        assert!(a.cover(b).contains(6));
        assert!(!a.contains(5));
    }
}
