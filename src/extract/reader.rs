//! Reading a regex match by hand: the patterns find where an entity is, and their capture
//! engines, over patterns of a thousand states and more, cost more than the search. A reader
//! takes the match apart as the pattern would, choice for choice; each family's tests check it
//! against the capture engine on strings drawn from the pattern.

/// What is left of a match to read.
#[derive(Clone, Copy)]
pub(super) struct Cursor<'a>(pub(super) &'a str);

impl<'a> Cursor<'a> {
    /// Takes the first `n` bytes.
    pub(super) fn take(&mut self, n: usize) -> &'a str {
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        head
    }

    pub(super) fn eat(&mut self, word: &str) -> bool {
        self.0.starts_with(word) && {
            self.take(word.len());
            true
        }
    }

    /// `word`, which must be there.
    pub(super) fn must(&mut self, word: &str) -> Option<()> {
        self.eat(word).then_some(())
    }

    /// The first of `words` the text starts with.
    pub(super) fn one_of(&mut self, words: &[&str]) -> Option<&'a str> {
        let w = words.iter().find(|w| self.0.starts_with(*w))?;
        Some(self.take(w.len()))
    }

    /// The pattern's `\s?`.
    pub(super) fn space(&mut self) {
        if let Some(c) = self.0.chars().next().filter(|c| c.is_whitespace()) {
            self.take(c.len_utf8());
        }
    }

    /// A character of `set`.
    pub(super) fn char_of(&mut self, set: &str) -> Option<&'a str> {
        let c = self.0.chars().next().filter(|&c| set.contains(c))?;
        Some(self.take(c.len_utf8()))
    }

    /// Exactly `n` characters of `set`.
    pub(super) fn chars_of(&mut self, set: &str, n: usize) -> Option<&'a str> {
        let mut probe = *self;
        for _ in 0..n {
            probe.char_of(set)?;
        }
        Some(self.take(self.0.len() - probe.0.len()))
    }

    /// One or more characters of `set`, as many as there are.
    pub(super) fn some_of(&mut self, set: &str) -> Option<&'a str> {
        let n = self.0.find(|c| !set.contains(c)).unwrap_or(self.0.len());
        (n > 0).then(|| self.take(n))
    }

    /// 1 to `max` ASCII digits.
    pub(super) fn digits(&mut self, max: usize) -> Option<&'a str> {
        let n = self
            .0
            .bytes()
            .take(max)
            .take_while(u8::is_ascii_digit)
            .count();
        (n > 0).then(|| self.take(n))
    }

    /// What was read since `start`.
    pub(super) fn since(&self, start: Cursor<'a>) -> &'a str {
        &start.0[..start.0.len() - self.0.len()]
    }

    pub(super) fn done(&self) -> bool {
        self.0.is_empty()
    }
}
