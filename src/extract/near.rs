//! A pattern searched only near the characters that every match of it holds (a date holds 年,
//! 月, 日…, an amount a currency, a title 长, 任, 记…): most of a paragraph is not searched.
//!
//! The characters a match may hold are read from the pattern itself (for the largest
//! patterns, once and for all: see [`super::inside`]). No match crosses any
//! other character, so a match that holds a sign lies in the run of such characters around
//! it, and the search of that run alone finds what a search of the whole paragraph finds there.

use std::ops::Range;

use aho_corasick::{AhoCorasick, Input};
#[cfg(test)]
use regex::Regex;
#[cfg(test)]
use regex_syntax::hir::{Class, Hir, HirKind};

use crate::names::CharSet;

/// The characters a match of a pattern may hold.
pub(super) struct Inside(CharSet);

impl Inside {
    /// The characters of `pattern`'s literals and classes, and every character outside the
    /// Basic Multilingual Plane. Panics on a pattern that looks around (`\b`, `^`): what it
    /// matches would depend on what is outside the run. A run reads the tables of
    /// [`super::inside`] instead, which the tests hold to this.
    #[cfg(test)]
    pub(super) fn of(pattern: &str) -> Inside {
        let hir = regex_syntax::parse(pattern).expect("pattern");
        let mut set = CharSet::new();
        add(&hir, &mut set);
        Inside(set)
    }

    /// The characters of `table`'s ranges (from the first to the second, both included; a table
    /// of [`super::inside`]), and every character outside the Basic Multilingual Plane.
    pub(super) fn of_table(table: &[(char, char)]) -> Inside {
        let mut set = CharSet::new();
        for &(lo, hi) in table {
            set.insert_range(lo, hi);
        }
        Inside(set)
    }

    /// The characters of the plane it holds, as the ranges of a table: the surrogates, which
    /// are no characters, do not break a range.
    #[cfg(test)]
    pub(super) fn table(&self) -> Vec<(char, char)> {
        let mut table: Vec<(char, char)> = Vec::new();
        for c in (0..=0xFFFF)
            .filter_map(char::from_u32)
            .filter(|&c| self.0.contains(c))
        {
            match table.last_mut() {
                Some((_, hi)) if char::from_u32(u32::from(*hi) + 1).is_none_or(|n| n == c) => {
                    *hi = c;
                }
                _ => table.push((c, c)),
            }
        }
        table
    }

    /// The characters of `words`, the literals of a searcher.
    pub(super) fn of_words<'w>(words: impl IntoIterator<Item = &'w str>) -> Inside {
        let mut set = CharSet::new();
        words
            .into_iter()
            .flat_map(str::chars)
            .for_each(|c| set.insert(c));
        Inside(set)
    }

    pub(super) fn holds(&self, c: char) -> bool {
        c as u32 >= 0x1_0000 || self.0.contains(c)
    }
}

#[cfg(test)]
fn add(hir: &Hir, set: &mut CharSet) {
    match hir.kind() {
        HirKind::Empty => {}
        HirKind::Literal(lit) => {
            String::from_utf8_lossy(&lit.0)
                .chars()
                .for_each(|c| set.insert(c));
        }
        HirKind::Class(Class::Unicode(class)) => {
            for r in class.iter() {
                set.insert_range(r.start(), r.end());
            }
        }
        HirKind::Class(Class::Bytes(_)) | HirKind::Look(_) => {
            panic!("a pattern searched near its signs matches whole characters and no context")
        }
        HirKind::Repetition(r) => add(&r.sub, set),
        HirKind::Capture(c) => add(&c.sub, set),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().for_each(|h| add(h, set)),
    }
}

/// A pattern's search: a DFA the build compiled, or a search by hand (and, in the tests, the
/// regex engine they are held to).
pub(super) trait Search {
    /// Where the leftmost-first match in `haystack` at or after `at` is, as the regex crate's
    /// `Regex::find_at` finds it.
    fn find_at(&self, haystack: &str, at: usize) -> Option<Range<usize>>;
}

/// The regex engine, which the tests hold the build's DFAs and the hand searchers to.
#[cfg(test)]
impl Search for Regex {
    fn find_at(&self, haystack: &str, at: usize) -> Option<Range<usize>> {
        Regex::find_at(self, haystack, at).map(|m| m.range())
    }
}

/// A match that [`find_near`] found: where it is in the text, and its text.
#[derive(Clone, Copy)]
pub(super) struct Hit<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Hit<'t> {
    pub(super) fn start(&self) -> usize {
        self.start
    }

    pub(super) fn end(&self) -> usize {
        self.end
    }

    #[cfg(test)]
    pub(super) fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    pub(super) fn as_str(&self) -> &'t str {
        &self.text[self.start..self.end]
    }
}

/// Hands `each` the matches of `pattern` in `text` that a search of the whole `text` finds in
/// the runs of characters `inside` around the byte offsets `signs` (ascending).
pub(super) fn find_near<'t>(
    pattern: &impl Search,
    inside: &Inside,
    text: &'t str,
    signs: impl IntoIterator<Item = usize>,
    mut each: impl FnMut(Hit<'t>),
) {
    runs(inside, text, signs, |run, start| {
        let mut at = start;
        while at < run.len()
            && let Some(m) = pattern.find_at(run, at)
        {
            at = next(run, m.clone());
            each(Hit {
                text,
                start: m.start,
                end: m.end,
            });
        }
    });
}

/// [`find_near`] for a literal searcher.
pub(super) fn find_words_near(
    searcher: &AhoCorasick,
    inside: &Inside,
    text: &str,
    signs: impl IntoIterator<Item = usize>,
    mut each: impl FnMut(Range<usize>),
) {
    runs(inside, text, signs, |run, start| {
        let mut at = start;
        while at < run.len()
            && let Some(m) = searcher.find(Input::new(run).range(at..))
        {
            each(m.range());
            at = next(run, m.range());
        }
    });
}

/// Where a search goes on after the match `m` in `run`: at its end, or a character after an
/// empty match.
fn next(run: &str, m: Range<usize>) -> usize {
    if m.is_empty() {
        m.end + run[m.end..].chars().next().map_or(1, char::len_utf8)
    } else {
        m.end
    }
}

/// Hands `search` each run of characters `inside` around the offsets `signs` (ascending), as
/// the text up to the run's end and the offset of its start.
fn runs<'t>(
    inside: &Inside,
    text: &'t str,
    signs: impl IntoIterator<Item = usize>,
    mut search: impl FnMut(&'t str, usize),
) {
    // the text before this has been searched
    let mut done = 0;
    for sign in signs {
        if sign < done {
            continue;
        }
        let start = text[done..sign]
            .char_indices()
            .rev()
            .find(|&(_, c)| !inside.holds(c))
            .map_or(done, |(i, c)| done + i + c.len_utf8());
        let end = text[sign..]
            .char_indices()
            .find(|&(_, c)| !inside.holds(c))
            .map_or(text.len(), |(i, _)| sign + i);
        search(&text[..end], start);
        done = end;
    }
}

/// The byte offsets of the characters of `signs` in `text`.
pub(super) fn signs<'t>(
    text: &'t str,
    signs: &'t [char],
) -> impl Iterator<Item = usize> + Clone + 't {
    text.char_indices()
        .filter(|(_, c)| signs.contains(c))
        .map(|(i, _)| i)
}

/// For the tests: strings of `pattern`'s own language drawn by proptest from the pattern, a
/// count of them in `n`, each followed by a string of the pattern `between`.
#[cfg(test)]
pub(super) fn drawn(
    pattern: &str,
    between: &'static str,
    n: Range<usize>,
) -> impl proptest::strategy::Strategy<Value = String> + use<> {
    use proptest::strategy::Strategy;
    let item = proptest::string::string_regex(pattern).expect("pattern");
    proptest::collection::vec((item, between), n).prop_map(|parts| {
        parts
            .iter()
            .flat_map(|(p, b)| [p.as_str(), b.as_str()])
            .collect()
    })
}
