//! A pattern searched only near the characters that every match of it holds (a date holds 年,
//! 月, 日…, an amount a currency): most of a paragraph is not searched at all.
//!
//! The characters a match may hold are read from the pattern itself. No match crosses any
//! other character, so a match that holds a sign lies in the run of such characters around
//! it, and the search of that run alone finds what a search of the whole paragraph finds there.

use regex::{Match, Regex};
use regex_syntax::hir::{Class, Hir, HirKind};

use crate::names::CharSet;

/// The characters a match of a pattern may hold.
pub(super) struct Inside(CharSet);

impl Inside {
    /// The characters of `pattern`'s literals and classes, and every character outside the
    /// Basic Multilingual Plane. Panics on a pattern that looks around (`\b`, `^`): what it
    /// matches would depend on what is outside the run.
    pub(super) fn of(pattern: &str) -> Inside {
        let hir = regex_syntax::parse(pattern).expect("pattern");
        let mut set = CharSet::new();
        add(&hir, &mut set);
        Inside(set)
    }

    pub(super) fn holds(&self, c: char) -> bool {
        c as u32 >= 0x1_0000 || self.0.contains(c)
    }
}

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
                let end = r.end().min('\u{FFFF}');
                (r.start()..=end).for_each(|c| set.insert(c));
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

/// Hands `each` the matches of `regex` in `text` that `regex.find_iter(text)` finds in the runs
/// of characters `inside` around the byte offsets `signs` (ascending).
pub(super) fn find_near<'t>(
    regex: &Regex,
    inside: &Inside,
    text: &'t str,
    signs: impl IntoIterator<Item = usize>,
    mut each: impl FnMut(Match<'t>),
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
        let run = &text[..end];
        let mut at = start;
        while at < end
            && let Some(m) = regex.find_at(run, at)
        {
            each(m);
            // a pattern that matched nothing would go on a character later
            at = if m.is_empty() {
                m.end() + run[m.end()..].chars().next().map_or(1, char::len_utf8)
            } else {
                m.end()
            };
        }
        done = end;
    }
}

/// The byte offsets of the characters of `signs` in `text`.
pub(super) fn signs<'t>(text: &'t str, signs: &'t [char]) -> impl Iterator<Item = usize> + 't {
    text.char_indices()
        .filter(|(_, c)| signs.contains(c))
        .map(|(i, _)| i)
}
