//! The date, amount, percent and named collective patterns as DFAs the build compiled (see
//! `build.rs`): a run reads them from the program instead of compiling the patterns, and
//! searches tables that are already whole instead of building them state by state as the
//! regex engine's lazy DFA does. The patterns' text is in [`super::grammar`]; the tests hold
//! each DFA's matches to the regex engine's on the same text.

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

/// The forward and reverse DFAs' bytes of the pattern `$name` (`date`, `amount`, …), as the
/// build wrote them.
macro_rules! dfa_bytes {
    ($name:literal) => {{
        static FORWARD: &Aligned<[u8]> = &Aligned {
            _align: [],
            bytes: *include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".forward.dfa")),
        };
        static REVERSE: &Aligned<[u8]> = &Aligned {
            _align: [],
            bytes: *include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".reverse.dfa")),
        };
        (&FORWARD.bytes, &REVERSE.bytes)
    }};
}

/// A pattern's forward and reverse DFAs, as bytes.
type Bytes = (&'static [u8], &'static [u8]);

/// The DFAs of one pattern from their bytes.
fn load(name: &str, (forward, reverse): Bytes) -> Dfa {
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
    load("date", dfa_bytes!("date"))
}

/// [`super::grammar::amount::pattern`].
pub(super) fn amount() -> Dfa {
    load("amount", dfa_bytes!("amount"))
}

/// [`super::grammar::percent::pattern`].
pub(super) fn percent() -> Dfa {
    load("percent", dfa_bytes!("percent"))
}

/// [`super::grammar::collective::pattern`].
pub(super) fn collective() -> Dfa {
    load("collective", dfa_bytes!("collective"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each pattern's text and the build's bytes of its DFAs.
    fn built() -> [(String, Bytes); 4] {
        use super::super::grammar;
        [
            (grammar::date::pattern(), dfa_bytes!("date")),
            (grammar::amount::pattern(), dfa_bytes!("amount")),
            (grammar::percent::pattern(), dfa_bytes!("percent")),
            (grammar::collective::pattern(), dfa_bytes!("collective")),
        ]
    }

    #[test]
    fn every_transition_of_the_build_s_dfas_is_valid() {
        for (_, (forward, reverse)) in built() {
            DFA::from_bytes(forward).expect("a valid DFA");
            DFA::from_bytes(reverse).expect("a valid DFA");
        }
    }

    /// The build compiled the patterns of this [`super::super::grammar`], not an older one: the
    /// DFAs compiled here from its text are the same bytes.
    #[test]
    fn the_build_compiled_the_patterns_of_the_grammar() {
        for (pattern, (forward, reverse)) in built() {
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
