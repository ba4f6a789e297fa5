//! Byte spans, and the map from an instruction's joined text back to the file.
//!
//! An instruction that uses line continuations is read by BuildKit as one
//! *logical line*: the escape character, the newline, comment lines and blank
//! lines in between are dropped. Arguments are found in that joined text, but
//! every span we hand out must point into the original file, so the joined
//! text keeps a [`SourceMap`]: one entry per piece of physical line it was
//! built from.

use std::ops::Range;

/// A half-open byte range `start..end` of the parsed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// An empty span at `offset`.
    pub const fn empty(offset: usize) -> Self {
        Span {
            start: offset,
            end: offset,
        }
    }

    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    pub const fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The text this span covers in `source`, or `""` if the span does not fit
    /// (a span from another text never panics).
    pub fn text<'s>(&self, source: &'s str) -> &'s str {
        source.get(self.start..self.end).unwrap_or("")
    }

    /// Whether `offset` lies inside the span (`start <= offset < end`).
    pub const fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    /// Whether `other` lies entirely inside this span.
    pub const fn encloses(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl From<Range<usize>> for Span {
    fn from(range: Range<usize>) -> Self {
        Span::new(range.start, range.end)
    }
}

/// Where each piece of a joined (logical) text came from in the source.
///
/// Offsets inside a piece map one to one; a piece ends where the next one
/// starts. A text that was never split has exactly one piece.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    /// `(logical offset, source offset)` of the start of each piece, sorted.
    pieces: Vec<(usize, usize)>,
}

impl SourceMap {
    pub(crate) fn new() -> Self {
        SourceMap { pieces: Vec::new() }
    }

    pub(crate) fn clear(&mut self) {
        self.pieces.clear();
    }

    pub(crate) fn push(&mut self, logical: usize, source: usize) {
        match self.pieces.last_mut() {
            // A zero-length piece is replaced by the one that follows it.
            Some(last) if last.0 == logical => *last = (logical, source),
            _ => self.pieces.push((logical, source)),
        }
    }

    /// Number of pieces (1 for text without line continuations).
    pub fn piece_count(&self) -> usize {
        self.pieces.len()
    }

    /// The source offset of logical offset `offset`, read as the start of
    /// something: an offset on a piece boundary maps to the next piece.
    pub fn start(&self, offset: usize) -> usize {
        if let [(l, s)] = self.pieces[..] {
            return s + offset.saturating_sub(l);
        }
        let i = self.pieces.partition_point(|&(l, _)| l <= offset);
        match i.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(&(l, s)) => s + (offset - l),
            None => offset,
        }
    }

    /// The source offset of logical offset `offset`, read as the end of
    /// something: an offset on a piece boundary maps to the end of the
    /// previous piece, so a span never swallows a line continuation after it.
    pub fn end(&self, offset: usize) -> usize {
        if offset == 0 || self.pieces.len() == 1 {
            return self.start(offset);
        }
        let i = self.pieces.partition_point(|&(l, _)| l < offset);
        match i.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(&(l, s)) => s + (offset - l),
            None => offset,
        }
    }

    /// The source span of the logical range `start..end`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        if end <= start {
            let at = self.start(start);
            return Span::empty(at);
        }
        Span::new(self.start(start), self.end(end))
    }

    /// The part of the map covering logical `start..end`, re-based so that
    /// `start` becomes offset 0.
    pub(crate) fn slice(&self, start: usize, end: usize) -> SourceMap {
        let mut out = SourceMap::new();
        out.push(0, self.start(start));
        let first = self.pieces.partition_point(|&(l, _)| l <= start);
        for &(l, s) in self.pieces.iter().skip(first) {
            if l >= end {
                break;
            }
            out.push(l - start, s);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_across_pieces() {
        // logical "ab" + "cd" from source "ab\\\ncd": pieces at 0->0, 2->4.
        let mut map = SourceMap::new();
        map.push(0, 0);
        map.push(2, 4);
        assert_eq!(map.start(1), 1);
        assert_eq!(map.start(2), 4);
        assert_eq!(map.end(2), 2);
        assert_eq!(map.end(4), 6);
        assert_eq!(map.span(0, 4), Span::new(0, 6));
        assert_eq!(map.span(2, 4), Span::new(4, 6));
        let sub = map.slice(1, 4);
        assert_eq!(sub.span(0, 3), Span::new(1, 6));
        assert_eq!(sub.span(1, 3), Span::new(4, 6));
    }

    #[test]
    fn span_text_never_panics() {
        let s = "héllo";
        assert_eq!(Span::new(0, 1).text(s), "h");
        assert_eq!(Span::new(1, 2).text(s), "");
        assert_eq!(Span::new(3, 100).text(s), "");
    }
}
