//! Finding names from a fixed list (divisions, bodies) in text.
//!
//! The answer is that of an aho-corasick leftmost-longest search: the match that starts first,
//! the longest there, then the next one after it. Such a search runs a DFA over every byte, and
//! for thousands of Chinese names the DFA is too large for the cache: most of its time went to
//! memory. Here the text is walked a character at a time, and only where its first two
//! characters can begin a name (a 64 KB bit table) are the names that begin with those two
//! characters compared with the text there: a few at most (ten of the 6,169 divisions' names
//! begin with 阿拉, two or fewer with nine pairs in ten), found by a hash of the pair. Building
//! the index is a sort and a hash table, where the DFA it replaces took 146 million
//! instructions to build, a third of a run's fixed cost besides jieba's.

use aho_corasick::Match;
use rustc_hash::FxHashMap;

/// Bits of the table of character pairs that begin a name: a 64-byte line (512 bits) for each
/// value of a hash of the first character, a bit in it for each of a hash of the second.
const LINE_BITS: u32 = 9;
const PAIR_BITS: u32 = 19;

pub struct Names {
    /// Every name of two characters or more, as the range of its bytes in `bytes` and its
    /// position in the list, grouped by its first two characters, longest first in a group.
    longer: Vec<Named>,
    /// The names' bytes, one after another.
    bytes: Vec<u8>,
    /// The range of `longer` of each pair of first characters.
    groups: FxHashMap<u64, (u32, u32)>,
    /// Characters of the Basic Multilingual Plane that begin a name.
    firsts: CharSet,
    /// Characters that are a whole name by themselves, sorted, with their positions.
    singles: Vec<(char, u32)>,
    /// Hashes of the first two characters of every longer name.
    pairs: Vec<u64>,
}

/// A name of [`Names::longer`]: where its bytes are, and its position in the list.
#[derive(Clone, Copy)]
struct Named {
    start: u32,
    len: u32,
    pattern: u32,
}

/// The key of the pair `a`, `b` in [`Names::groups`].
pub(crate) fn pair_key(a: char, b: char) -> u64 {
    u64::from(a) << 32 | u64::from(b)
}

/// The bit of the pair `a`, `b`: every pair that starts with `a` is in one cache line, so the
/// lines of the characters that start names often stay in the first-level cache, where a hash
/// of the pair spread one character's pairs over the whole 64 KB table.
fn pair_slot(a: char, b: char) -> usize {
    let hash = |c: char, k: u64, bits: u32| ((c as u64).wrapping_mul(k) >> (64 - bits)) as usize;
    let line = hash(a, 0x9E37_79B9_7F4A_7C15, PAIR_BITS - LINE_BITS);
    line << LINE_BITS | hash(b, 0xC2B2_AE3D_27D4_EB4F, LINE_BITS)
}

/// A set of characters of the Basic Multilingual Plane (an 8 KB bit table); every other
/// character is outside it.
pub(crate) struct CharSet(Box<[u64; 1024]>);

impl CharSet {
    pub(crate) fn new() -> CharSet {
        CharSet(Box::new([0; 1024]))
    }

    /// Adds `c`; a character outside the plane is not kept.
    pub(crate) fn insert(&mut self, c: char) {
        if (c as usize) < 0x1_0000 {
            set(&mut self.0[..], c as usize);
        }
    }

    /// Adds the characters from `lo` to `hi`, both included, a word of the set at a time; those
    /// outside the plane are not kept.
    pub(crate) fn insert_range(&mut self, lo: char, hi: char) {
        let (lo, hi) = (lo as usize, (hi as usize).min(0xFFFF));
        if lo > hi {
            return;
        }
        let (first, last) = (lo / 64, hi / 64);
        for (w, word) in self.0[first..=last].iter_mut().enumerate() {
            let from = if w == 0 { lo % 64 } else { 0 };
            let to = if first + w == last { hi % 64 } else { 63 };
            *word |= (u64::MAX >> (63 - to)) & (u64::MAX << from);
        }
    }

    pub(crate) fn contains(&self, c: char) -> bool {
        get(&self.0[..], c as usize)
    }
}

fn set(bits: &mut [u64], i: usize) {
    bits[i / 64] |= 1 << (i % 64);
}

fn get(bits: &[u64], i: usize) -> bool {
    bits.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
}

impl Names {
    /// The names, each found as the pattern of its position in `names`; the names are distinct
    /// (both tables' come from maps). Panics on an empty name or on more than `u32::MAX` bytes
    /// of names.
    pub fn new<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> Names {
        let names = names.into_iter();
        // room for the names the iterator promises, so that the tables are not copied as they
        // grow (each copy is fresh memory, and the gazetteer's index is built in every run)
        let (count, _) = names.size_hint();
        let mut singles = Vec::new();
        let mut firsts = CharSet::new();
        let mut pairs = vec![0; (1 << PAIR_BITS) / 64];
        let mut bytes = Vec::new();
        // (pair, name) for the names of two characters or more
        let mut longer = Vec::with_capacity(count);
        for (k, name) in names.enumerate() {
            let name = name.as_ref();
            let pattern = u32::try_from(k).expect("fewer names");
            let mut chars = name.chars();
            let first = chars.next().expect("a name is not empty");
            firsts.insert(first);
            match chars.next() {
                Some(second) => {
                    set(&mut pairs, pair_slot(first, second));
                    let start = u32::try_from(bytes.len()).expect("fewer bytes of names");
                    bytes.extend_from_slice(name.as_bytes());
                    let len = name.len() as u32;
                    longer.push((
                        pair_key(first, second),
                        Named {
                            start,
                            len,
                            pattern,
                        },
                    ));
                }
                None => singles.push((first, pattern)),
            }
        }
        singles.sort_unstable();
        // in a group the longest name that matches is the first that does: two names of one
        // length that both match would be the same name
        longer.sort_unstable_by_key(|&(pair, n)| (pair, std::cmp::Reverse(n.len), n.pattern));
        let mut groups = FxHashMap::with_capacity_and_hasher(longer.len(), Default::default());
        for (i, &(pair, _)) in longer.iter().enumerate() {
            let i = i as u32;
            groups.entry(pair).or_insert((i, i)).1 = i + 1;
        }
        Names {
            longer: longer.into_iter().map(|(_, n)| n).collect(),
            bytes,
            groups,
            firsts,
            singles,
            pairs,
        }
    }

    /// The names in `text`, leftmost-longest, without overlaps.
    pub fn find_iter<'a>(&'a self, text: &'a str) -> Iter<'a> {
        Iter {
            names: self,
            text,
            pos: 0,
        }
    }

    /// The name that begins at byte `at` of `text`, the longest there, where `first` is the
    /// character at `at` and `second` the one after it.
    #[inline(always)]
    fn at(&self, text: &str, at: usize, first: char, second: Option<char>) -> Option<Match> {
        if !self.may_begin(first, second) {
            return None;
        }
        let rest = &text.as_bytes()[at..];
        if let Some(second) = second
            && let Some(&(from, to)) = self.groups.get(&pair_key(first, second))
        {
            for n in &self.longer[from as usize..to as usize] {
                let name = &self.bytes[n.start as usize..(n.start + n.len) as usize];
                if rest.starts_with(name) {
                    return Some(Match::must(n.pattern as usize, at..at + name.len()));
                }
            }
        }
        let k = self.singles.binary_search_by_key(&first, |s| s.0).ok()?;
        Some(Match::must(
            self.singles[k].1 as usize,
            at..at + first.len_utf8(),
        ))
    }

    /// Whether a name may begin with `first`, followed by `second`.
    fn may_begin(&self, first: char, second: Option<char>) -> bool {
        // a character outside the plane is not in the table: it may begin a name
        if (first as usize) < 0x1_0000 && !self.firsts.contains(first) {
            return false;
        }
        second.is_some_and(|second| get(&self.pairs, pair_slot(first, second)))
            || self.singles.binary_search_by_key(&first, |s| s.0).is_ok()
    }
}

/// The iterator of [`Names::find_iter`].
pub struct Iter<'a> {
    names: &'a Names,
    text: &'a str,
    /// Where the search goes on: the end of the last match.
    pos: usize,
}

impl Iterator for Iter<'_> {
    type Item = Match;

    fn next(&mut self) -> Option<Match> {
        let text = self.text;
        let mut chars = text[self.pos..].chars();
        let mut at = self.pos;
        let mut first = chars.next()?;
        loop {
            let second = chars.next();
            if let Some(m) = self.names.at(text, at, first, second) {
                self.pos = m.end();
                return Some(m);
            }
            at += first.len_utf8();
            match second {
                Some(c) => first = c,
                None => {
                    self.pos = text.len();
                    return None;
                }
            }
        }
    }
}

/// A walk over a text for the names of several tables at once, which stops only where a name
/// of one of them may begin (its first two characters are a pair of the tables') or at a
/// character that a caller asks for: most characters of a text are neither, and for them the
/// walk does no more than read them and look their pair up. (A walk that stopped at every
/// character that may begin a name stopped at half of them, and mispredicted the branch.)
pub struct Walk<const N: usize> {
    tables: [&'static Names; N],
    /// The characters of the Basic Multilingual Plane the walk stops at, whatever follows:
    /// those asked for and those that are a whole name by themselves.
    alone: CharSet,
    /// The union of the tables' pairs.
    pairs: Vec<u64>,
}

impl<const N: usize> Walk<N> {
    /// A walk over `tables` that also stops at the characters of `also`.
    pub fn new(tables: [&'static Names; N], also: impl IntoIterator<Item = char>) -> Walk<N> {
        let mut alone = CharSet::new();
        let mut pairs = vec![0; (1 << PAIR_BITS) / 64];
        for table in tables {
            table.singles.iter().for_each(|&(c, _)| alone.insert(c));
            for (k, word) in table.pairs.iter().enumerate() {
                pairs[k] |= word;
            }
        }
        also.into_iter().for_each(|c| alone.insert(c));
        Walk {
            tables,
            alone,
            pairs,
        }
    }

    /// Whether a name may begin at `first`, followed by `second`, or `first` was asked for.
    #[inline(always)]
    fn stops_at(&self, first: char, second: Option<char>) -> bool {
        // a character outside the plane is in no table: it may begin a name
        (first as usize) >= 0x1_0000
            || self.alone.contains(first)
            || second.is_some_and(|second| get(&self.pairs, pair_slot(first, second)))
    }

    /// Appends to `found`, for each table, what its [`Names::find_iter`] finds in `text`. Every
    /// character the walk stops at is handed to `each` on the way with its byte offset (the
    /// characters of `also` among them), so that a caller can read them in the same walk.
    #[inline(always)]
    pub fn find_all(
        &self,
        text: &str,
        found: [&mut Vec<Match>; N],
        mut each: impl FnMut(usize, char),
    ) {
        // where each table's search goes on: the end of its last match
        let mut from = [0; N];
        let mut chars = text.char_indices();
        let Some((mut at, mut first)) = chars.next() else {
            return;
        };
        loop {
            let next = chars.next();
            let second = next.map(|(_, c)| c);
            if self.stops_at(first, second) {
                each(at, first);
                for (k, table) in self.tables.iter().enumerate() {
                    if at >= from[k]
                        && let Some(m) = table.at(text, at, first, second)
                    {
                        from[k] = m.end();
                        found[k].push(m);
                    }
                }
            }
            let Some((next_at, next_char)) = next else {
                return;
            };
            (at, first) = (next_at, next_char);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind};
    use proptest::prelude::*;
    use std::sync::LazyLock;

    fn reference(names: &[&str], text: &str) -> Vec<(usize, usize, usize)> {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(names)
            .unwrap()
            .find_iter(text)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect()
    }

    fn ours(names: &[&str], text: &str) -> Vec<(usize, usize, usize)> {
        Names::new(names)
            .find_iter(text)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect()
    }

    const NAMES: &[&str] = &[
        "鼓楼",
        "鼓楼区",
        "晋江",
        "晋江市",
        "江市",
        "市",
        "长乐",
        "长乐区",
        "乐区",
        "福建省",
        "福建",
        "建省",
        "省工信厅",
        "工信厅",
    ];

    #[test]
    fn leftmost_longest_without_overlaps() {
        let text = "福建省晋江市、长乐区和鼓楼区，省工信厅与市";
        assert_eq!(ours(NAMES, text), reference(NAMES, text));
        assert_eq!(
            ours(NAMES, text)
                .iter()
                .map(|&(s, e, _)| &text[s..e])
                .collect::<Vec<_>>(),
            ["福建省", "晋江市", "长乐区", "鼓楼区", "省工信厅", "市"]
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn a_range_holds_its_characters_one_by_one(
            ranges in proptest::collection::vec(
                (0u32..0x1_0400, 0u32..200, prop_oneof![Just(0u32), 0u32..64, 0u32..5000]),
                1..4,
            )
        ) {
            let (mut by_range, mut by_char) = (CharSet::new(), CharSet::new());
            for (lo, extra, more) in ranges {
                let lo = char::from_u32(lo).unwrap_or('\u{E000}');
                let hi = char::from_u32(u32::from(lo) + extra + more).unwrap_or('\u{10FFFF}');
                by_range.insert_range(lo, hi);
                // an empty range adds nothing
                if lo < hi {
                    by_range.insert_range(hi, lo);
                }
                (lo..=hi).for_each(|c| by_char.insert(c));
            }
            // the words may differ where no character is (the surrogates)
            for c in (0..=0xFFFF).filter_map(char::from_u32) {
                prop_assert_eq!(by_range.contains(c), by_char.contains(c), "{:?}", c);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn same_as_aho_corasick(text in "[鼓楼区晋江市长乐福建省工信厅a1 ，]{0,40}") {
            prop_assert_eq!(ours(NAMES, &text), reference(NAMES, &text));
        }

        #[test]
        fn same_as_aho_corasick_for_any_names(
            names in proptest::collection::btree_set("[鼓楼区晋江市长乐a1]{1,4}", 1..12),
            text in "[鼓楼区晋江市长乐a1 ，]{0,40}",
        ) {
            // names that share their first two characters, single characters, ASCII
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            prop_assert_eq!(ours(&names, &text), reference(&names, &text));
        }

        #[test]
        fn one_walk_finds_what_each_table_finds(text in "[鼓楼区晋江市长乐福建省工信厅a1 ，]{0,40}") {
            // two tables whose names overlap: each keeps its own place in the text
            static PLACES: LazyLock<Names> = LazyLock::new(|| Names::new(&NAMES[..10]));
            static BODIES: LazyLock<Names> =
                LazyLock::new(|| Names::new(["省工信厅", "工信厅", "建省工", "市", "江市长"]));
            let walk = Walk::new([&*PLACES, &*BODIES], ['1', '，']);
            let mut seen = Vec::new();
            let (mut a, mut b) = (Vec::new(), Vec::new());
            walk.find_all(&text, [&mut a, &mut b], |at, c| seen.push((at, c)));
            prop_assert_eq!(a, PLACES.find_iter(&text).collect::<Vec<_>>());
            prop_assert_eq!(b, BODIES.find_iter(&text).collect::<Vec<_>>());
            // every character asked for, where it stands
            let asked = |&(_, c): &(usize, char)| "1，".contains(c);
            prop_assert_eq!(
                seen.into_iter().filter(asked).collect::<Vec<_>>(),
                text.char_indices().filter(asked).collect::<Vec<_>>()
            );
        }
    }
}
