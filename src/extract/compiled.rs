//! The date and amount patterns as DFAs the build compiled (see `build.rs`): a run reads them
//! from the program instead of compiling the patterns, and searches tables that are already
//! whole instead of building them state by state as the regex engine's lazy DFA does. The
//! patterns' text is in [`super::grammar`]; the tests hold each DFA's matches to the regex
//! engine's on the same text.

use std::ops::Range;

use regex_automata::Input;
use regex_automata::dfa::dense::DFA;
use regex_automata::dfa::regex::Regex;

use super::near::Search;

/// A pattern's DFAs: the forward one finds where a match ends, the reverse one where it starts.
pub(super) struct Dfa(Regex<DFA<&'static [u32]>>);

impl Search for Dfa {
    fn find_at(&self, haystack: &str, at: usize) -> Option<Range<usize>> {
        // The patterns look at nothing around a match (no `^`, `$` or `\b`), so a DFA never
        // quits and the search cannot fail.
        let m = self.0.find(Input::new(haystack).range(at..))?;
        Some(m.range())
    }
}

/// The bytes of a DFA, aligned as its transitions (`u32`) need.
#[repr(C)]
struct Aligned<B: ?Sized> {
    _align: [u32; 0],
    bytes: B,
}

macro_rules! dfa_bytes {
    ($name:literal) => {{
        static BYTES: &Aligned<[u8]> = &Aligned {
            _align: [],
            bytes: *include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".dfa")),
        };
        &BYTES.bytes
    }};
}

/// The DFAs of one pattern from their bytes.
fn load(name: &str, forward: &'static [u8], reverse: &'static [u8]) -> Dfa {
    // SAFETY: the bytes are what `DFA::to_bytes_*_endian` wrote in the build of this program,
    // with the same version of regex-automata and for the target's byte order; the tests check
    // them with `DFA::from_bytes`, which validates every transition.
    let read = |bytes| unsafe { DFA::from_bytes_unchecked(bytes) }.map(|(dfa, _)| dfa);
    let (Ok(forward), Ok(reverse)) = (read(forward), read(reverse)) else {
        panic!("the build's {name} DFA does not read: rebuild the program");
    };
    Dfa(Regex::builder().build_from_dfas(forward, reverse))
}

/// [`super::grammar::date::pattern`].
pub(super) fn date() -> Dfa {
    load(
        "date",
        dfa_bytes!("date.forward"),
        dfa_bytes!("date.reverse"),
    )
}

/// [`super::grammar::amount::pattern`].
pub(super) fn amount() -> Dfa {
    load(
        "amount",
        dfa_bytes!("amount.forward"),
        dfa_bytes!("amount.reverse"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_transition_of_the_build_s_dfas_is_valid() {
        for bytes in [
            dfa_bytes!("date.forward"),
            dfa_bytes!("date.reverse"),
            dfa_bytes!("amount.forward"),
            dfa_bytes!("amount.reverse"),
        ] {
            DFA::from_bytes(bytes).expect("a valid DFA");
        }
    }

    /// The build compiled the patterns of this [`super::super::grammar`], not an older one: the
    /// DFAs compiled here from its text are the same bytes.
    #[test]
    fn the_build_compiled_the_patterns_of_the_grammar() {
        use super::super::grammar;
        for (pattern, forward, reverse) in [
            (
                grammar::date::pattern(),
                dfa_bytes!("date.forward"),
                dfa_bytes!("date.reverse"),
            ),
            (
                grammar::amount::pattern(),
                dfa_bytes!("amount.forward"),
                dfa_bytes!("amount.reverse"),
            ),
        ] {
            let regex = Regex::new(&pattern).expect("pattern");
            let bytes = |dfa: &DFA<Vec<u32>>| {
                if cfg!(target_endian = "little") {
                    dfa.to_bytes_little_endian().0
                } else {
                    dfa.to_bytes_big_endian().0
                }
            };
            assert!(bytes(regex.forward()) == forward[..]);
            assert!(bytes(regex.reverse()) == reverse[..]);
        }
    }
}
