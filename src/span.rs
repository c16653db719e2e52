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

/// Spans sorted, with the farthest end that each first so many of them reach: whether one of
/// them holds or meets a span is a binary search, not a scan of them all (a paragraph of a
/// megabyte may cite thousands of titles and name thousands of bodies).
pub struct Spans {
    spans: Vec<Span>,
    reach: Vec<usize>,
}

impl Spans {
    pub fn new(mut spans: Vec<Span>) -> Spans {
        spans.sort_unstable();
        let mut far = 0;
        let reach = spans
            .iter()
            .map(|s| {
                far = far.max(s.end);
                far
            })
            .collect();
        Spans { spans, reach }
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The farthest end of the spans that `before` holds for, which are the first so many.
    fn reach(&self, before: impl Fn(&Span) -> bool) -> Option<usize> {
        let k = self.spans.partition_point(before);
        k.checked_sub(1).map(|k| self.reach[k])
    }

    /// Whether one of the spans holds `s` (an equal one among them).
    pub fn hold(&self, s: Span) -> bool {
        self.reach(|t| t.start <= s.start)
            .is_some_and(|r| r >= s.end)
    }

    /// Whether one of the spans other than `s` itself holds it: one that starts before it and
    /// reaches its end, or one that starts with it and ends after it (the last of those that
    /// start with it, in sorted order, ends farthest).
    pub fn hold_other(&self, s: Span) -> bool {
        self.reach(|t| t.start < s.start)
            .is_some_and(|r| r >= s.end)
            || self.spans[..self.spans.partition_point(|t| t.start <= s.start)]
                .last()
                .is_some_and(|t| t.start == s.start && t.end > s.end)
    }

    /// Whether one of the spans shares a byte with `s`.
    pub fn meet(&self, s: Span) -> bool {
        self.reach(|t| t.start < s.end).is_some_and(|r| r > s.start)
    }
}

/// Converts byte offsets of one string into character offsets in O(1) each.
///
/// It records the number of characters before every block of 64 bytes, one `u32` a block;
/// a character offset is that number plus the characters that start in the block before the
/// byte. Counting is done on bytes, without decoding: a character starts at every byte that
/// is not a continuation byte (`10xxxxxx`), which the compiler tests many bytes at a time.
pub struct CharIndex<'t> {
    text: &'t str,
    /// `before[k]` is the number of characters that start before byte `64 * k`; one entry
    /// more than there are blocks, the last being the whole count.
    before: Vec<u32>,
}

const BLOCK: usize = 64;

/// The number of characters starting in `bytes`, at most [`BLOCK`] of them: summed in a `u8`,
/// which keeps the vector code at 16 or 32 bytes a step.
fn starts(bytes: &[u8]) -> usize {
    debug_assert!(bytes.len() <= BLOCK);
    bytes
        .iter()
        .fold(0u8, |n, &b| n + u8::from((b as i8) >= -0x40)) as usize
}

impl<'t> CharIndex<'t> {
    pub fn new(text: &'t str) -> CharIndex<'t> {
        let mut before = Vec::with_capacity(text.len() / BLOCK + 2);
        let mut n = 0;
        for block in text.as_bytes().chunks(BLOCK) {
            before.push(n as u32);
            n += starts(block);
        }
        before.push(n as u32);
        CharIndex { text, before }
    }

    /// The character offset of byte offset `byte`, which must be on a character boundary.
    pub fn char_of(&self, byte: usize) -> usize {
        debug_assert!(self.text.is_char_boundary(byte));
        let k = byte / BLOCK;
        self.before[k] as usize + starts(&self.text.as_bytes()[k * BLOCK..byte])
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

    /// Spans of a short text, empty ones and equal ones among them.
    fn spans() -> impl proptest::strategy::Strategy<Value = Vec<Span>> {
        use proptest::strategy::Strategy;
        proptest::collection::vec((0usize..40, 0usize..12), 0..30)
            .prop_map(|v| v.into_iter().map(|(s, n)| Span::new(s, s + n)).collect())
    }

    proptest::proptest! {
        #[test]
        fn spans_answer_as_a_scan_of_them_all(all in spans(), probes in spans()) {
            let index = Spans::new(all.clone());
            for s in probes.into_iter().chain(all.iter().copied()) {
                let hold = all.iter().any(|t| t.start <= s.start && s.end <= t.end);
                let other = all.iter().any(|t| t.start <= s.start && s.end <= t.end && *t != s);
                let meet = all.iter().any(|t| t.start < s.end && s.start < t.end);
                proptest::prop_assert_eq!(index.hold(s), hold, "hold {:?} in {:?}", s, all);
                proptest::prop_assert_eq!(index.hold_other(s), other, "other {:?} in {:?}", s, all);
                proptest::prop_assert_eq!(index.meet(s), meet, "meet {:?} in {:?}", s, all);
            }
        }

        #[test]
        fn char_offsets_are_counted_characters(text in "[a福建省\u{1F600}é ]{0,300}") {
            let index = CharIndex::new(&text);
            for (b, _) in text.char_indices().chain([(text.len(), ' ')]) {
                proptest::prop_assert_eq!(index.char_of(b), text[..b].chars().count());
            }
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
