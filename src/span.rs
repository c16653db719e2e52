//! Spans and offset conversion.
//!
//! Inside the crate a [`Span`] is a half-open byte range into the normalized text. The JSON
//! carries spans as character (code point) offsets instead, converted once at emit time by a
//! [`CharIndex`], so that readers in any language can slice the `text` field without
//! re-encoding.

use std::ops::Range;

/// A half-open byte range `[start, end)` into the normalized text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// Builds a span; panics in debug builds when `start > end` (a logic error, never input).
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span start {start} > end {end}");
        Span { start, end }
    }

    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The slice of `text` this span covers.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.range()]
    }

    /// Shrinks the span so it neither starts nor ends with whitespace.
    pub fn trim(self, text: &str) -> Span {
        let s = self.slice(text);
        let lead = s.len() - s.trim_start().len();
        let trail = s.len() - s.trim_end().len();
        if lead == s.len() {
            return Span::new(self.start, self.start);
        }
        Span::new(self.start + lead, self.end - trail)
    }
}

/// Converts byte offsets of one string into character offsets in O(log n) each.
///
/// It records the character count at every 64th character, so it costs one `u32` per 64
/// characters instead of one per byte.
pub struct CharIndex<'t> {
    text: &'t str,
    /// `marks[k]` is the byte offset of character number `64 * k`.
    marks: Vec<u32>,
}

const STRIDE: usize = 64;

impl<'t> CharIndex<'t> {
    pub fn new(text: &'t str) -> CharIndex<'t> {
        let marks = text
            .char_indices()
            .step_by(STRIDE)
            .map(|(b, _)| b as u32)
            .collect();
        CharIndex { text, marks }
    }

    /// The character offset of byte offset `byte`, which must be on a character boundary.
    pub fn char_of(&self, byte: usize) -> usize {
        debug_assert!(self.text.is_char_boundary(byte));
        let k = match self.marks.binary_search(&(byte as u32)) {
            Ok(k) => return k * STRIDE,
            Err(0) => 0,
            Err(k) => k - 1,
        };
        let from = self.marks[k] as usize;
        k * STRIDE + self.text[from..byte].chars().count()
    }

    /// `[start, end)` in characters.
    pub fn span(&self, span: Span) -> [usize; 2] {
        [self.char_of(span.start), self.char_of(span.end)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_matches_naive_count() {
        let text: String = "福建a省b".repeat(100);
        let index = CharIndex::new(&text);
        for (b, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(index.char_of(b), text[..b].chars().count(), "byte {b}");
        }
    }

    #[test]
    fn trim_drops_outer_whitespace() {
        let t = "  福建 ";
        let s = Span::new(0, t.len()).trim(t);
        assert_eq!(s.slice(t), "福建");
        assert!(Span::new(0, 2).trim(t).is_empty());
    }
}
