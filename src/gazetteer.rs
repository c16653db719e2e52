//! The gazetteer: county-level divisions (current and historical), with the prefectures and
//! provinces they belong to, from `data/gazetteer/` (provenance in its README). The build
//! makes the divisions and their names into tables that are part of the program (see
//! `gazetteer` in `build.rs`); a run builds the names' index once, on first use.
//!
//! Prefecture and province codes follow GB/T 2260: a prefecture is its counties' first four
//! digits followed by `00`, a province the first two followed by `0000`.

use std::sync::LazyLock;

use crate::names::Names;

const COMMON: &str = include_str!("../data/gazetteer/common-words.txt");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    County,
    Prefecture,
    Province,
}

/// A string of the gazetteer's tables: where its bytes are in `TEXT`, and their number.
#[derive(Clone, Copy, Debug)]
struct Str(u32, u32);

impl Str {
    fn get(self) -> &'static str {
        &TEXT[self.0 as usize..(self.0 + self.1) as usize]
    }
}

/// One division: a county-level row, or a prefecture or province derived from the rows.
#[derive(Clone, Debug)]
pub struct Division {
    code: Str,
    name: Str,
    short: Str,
    pub level: Level,
    province: Str,
    /// Empty for provinces and for counties directly under a province.
    prefecture: Str,
    /// First year-end table listing it (counties only; 0 otherwise).
    pub valid_from: u16,
    /// Year it was abolished or renamed, if it was.
    pub valid_to: Option<u16>,
}

impl Division {
    /// The 6-digit division code.
    pub fn code(&self) -> &'static str {
        self.code.get()
    }

    /// The full official name (晋江市).
    pub fn name(&self) -> &'static str {
        self.name.get()
    }

    /// The short name (晋江), the full one where there is none.
    pub fn short(&self) -> &'static str {
        self.short.get()
    }

    /// The province's full name.
    pub fn province(&self) -> &'static str {
        self.province.get()
    }

    /// The prefecture's full name; empty for provinces and for counties directly under a
    /// province.
    pub fn prefecture(&self) -> &'static str {
        self.prefecture.get()
    }

    /// Whether the division existed in `year` (in its change year, both names are valid).
    pub fn valid_in(&self, year: u16) -> bool {
        self.valid_from <= year && self.valid_to.is_none_or(|to| year <= to)
    }
}

/// What a name found in the text may refer to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    pub division: usize,
    /// The full official name (晋江市), not the short one (晋江).
    pub full: bool,
}

pub struct Gazetteer {
    pub divisions: &'static [Division],
    pub automaton: Names,
    common: Vec<&'static str>,
}

// DIVISIONS, NAMES, TARGET_LIST, TARGET_ENDS and TEXT, made by the build from
// `data/gazetteer/counties.csv`
include!(concat!(env!("OUT_DIR"), "/gazetteer.rs"));

/// The divisions, without the names' index.
pub fn divisions() -> &'static [Division] {
    &DIVISIONS
}

impl Gazetteer {
    fn load() -> Gazetteer {
        let common = COMMON
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        Gazetteer {
            divisions: &DIVISIONS,
            automaton: Names::new(NAMES.iter().map(|name| name.get())),
            common,
        }
    }

    /// The divisions that the automaton's pattern `pattern` names.
    pub fn targets(&self, pattern: usize) -> &'static [Target] {
        let start = pattern
            .checked_sub(1)
            .map_or(0, |k| TARGET_ENDS[k] as usize);
        &TARGET_LIST[start..TARGET_ENDS[pattern] as usize]
    }

    /// Whether a short name is also an ordinary word (合作, 和平, 清流…).
    pub fn is_common_word(&self, name: &str) -> bool {
        self.common.contains(&name)
    }

    /// The province named by `name` (福建省 or 福建), if any.
    pub fn province_named(&self, name: &str) -> Option<&Division> {
        self.divisions
            .iter()
            .find(|d| d.level == Level::Province && (d.name() == name || d.short() == name))
    }
}

/// The gazetteer, its names' index built on first use.
pub static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::load);

#[cfg(test)]
mod tests {
    use super::*;

    /// The build writes the names in the order the names' index sorts them (their first two
    /// characters, the longest first), so that its sorts cost one pass.
    #[test]
    fn the_names_come_in_the_order_their_index_sorts_them() {
        let key = |name: &str| {
            let mut chars = name.chars();
            (chars.next(), chars.next(), std::cmp::Reverse(name.len()))
        };
        assert!(NAMES.windows(2).all(|w| key(w[0].get()) <= key(w[1].get())));
    }

    /// The build's flat lists of targets give each name the divisions it names, by their
    /// full name or their short one.
    #[test]
    fn each_name_targets_the_divisions_it_names() {
        let g = &*GAZETTEER;
        for (k, name) in NAMES.iter().enumerate() {
            let targets = g.targets(k);
            assert!(!targets.is_empty(), "{}", name.get());
            for t in targets {
                let d = &g.divisions[t.division];
                let named = if t.full { d.name() } else { d.short() };
                assert_eq!(named, name.get());
            }
        }
        assert_eq!(TARGET_ENDS.last().copied(), Some(TARGET_LIST.len() as u32));
    }

    #[test]
    fn loads_counties_prefectures_provinces() {
        let g = &*GAZETTEER;
        let find = |name: &str, level: Level| {
            g.divisions
                .iter()
                .filter(|d| d.name() == name && d.level == level)
                .count()
        };
        assert_eq!(find("晋江市", Level::County), 1);
        assert_eq!(find("鼓楼区", Level::County), 4);
        assert_eq!(find("长乐市", Level::County), 1, "historical rows are kept");
        let ningde = g.divisions.iter().find(|d| d.name() == "宁德市").unwrap();
        assert_eq!(
            (ningde.code(), ningde.short(), ningde.level),
            ("350900", "宁德", Level::Prefecture)
        );
        let fujian = g.province_named("福建").unwrap();
        assert_eq!(fujian.code(), "350000");
        assert!(g.is_common_word("清流"));
        let meilie = g.divisions.iter().find(|d| d.name() == "梅列区").unwrap();
        assert!(meilie.valid_in(2020) && meilie.valid_in(2021) && !meilie.valid_in(2022));
    }
}
