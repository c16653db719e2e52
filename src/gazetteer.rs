//! The gazetteer: county-level divisions (current and historical), with the prefectures and
//! provinces they belong to, from `data/gazetteer/` (provenance in its README). The tables are
//! embedded in the binary and parsed once, on first use.
//!
//! Prefecture and province codes follow GB/T 2260: a prefecture is its counties' first four
//! digits followed by `00`, a province the first two followed by `0000`.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::names::Names;

const COUNTIES: &str = include_str!("../data/gazetteer/counties.csv");
const COMMON: &str = include_str!("../data/gazetteer/common-words.txt");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    County,
    Prefecture,
    Province,
}

/// One division: a county-level row, or a prefecture or province derived from the rows.
#[derive(Clone, Debug)]
pub struct Division {
    pub code: String,
    pub name: &'static str,
    pub short: String,
    pub level: Level,
    pub province: &'static str,
    /// Empty for provinces and for counties directly under a province.
    pub prefecture: &'static str,
    /// First year-end table listing it (counties only; 0 otherwise).
    pub valid_from: u16,
    /// Year it was abolished or renamed, if it was.
    pub valid_to: Option<u16>,
}

impl Division {
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
    pub divisions: Vec<Division>,
    pub automaton: Names,
    /// For each automaton pattern, the divisions it names.
    pub targets: Vec<Vec<Target>>,
    common: Vec<&'static str>,
}

fn strip_suffix(name: &str, suffixes: &[&str]) -> String {
    for s in suffixes {
        if let Some(short) = name.strip_suffix(s)
            && short.chars().count() >= 2
        {
            return short.to_owned();
        }
    }
    name.to_owned()
}

fn province_short(name: &str) -> String {
    for s in [
        "维吾尔自治区",
        "壮族自治区",
        "回族自治区",
        "特别行政区",
        "自治区",
        "省",
        "市",
    ] {
        if let Some(short) = name.strip_suffix(s) {
            return short.to_owned();
        }
    }
    name.to_owned()
}

impl Gazetteer {
    fn load() -> Gazetteer {
        let mut divisions: Vec<Division> = Vec::with_capacity(COUNTIES.lines().count());
        let mut prefectures: FxHashMap<&str, usize> = FxHashMap::default();
        let mut provinces: FxHashMap<&str, usize> = FxHashMap::default();
        let mut derived: Vec<Division> = Vec::new();
        for line in COUNTIES.lines().skip(1) {
            // the first nine fields; a row with fewer is skipped
            let mut f: [&'static str; 9] = [""; 9];
            let mut fields = 0;
            for (slot, field) in f.iter_mut().zip(line.split(',')) {
                *slot = field;
                fields += 1;
            }
            if fields < 9 {
                continue;
            }
            let (code, name, short, province, prefecture) = (f[0], f[1], f[2], f[4], f[5]);
            divisions.push(Division {
                code: code.to_owned(),
                name,
                short: short.to_owned(),
                level: Level::County,
                province,
                prefecture,
                valid_from: f[6].parse().unwrap_or(0),
                valid_to: f[7].parse().ok(),
            });
            if !provinces.contains_key(province) {
                provinces.insert(province, derived.len());
                derived.push(Division {
                    code: format!("{}0000", &code[..2]),
                    name: province,
                    short: province_short(province),
                    level: Level::Province,
                    province,
                    prefecture: "",
                    valid_from: 0,
                    valid_to: None,
                });
            }
            // Municipalities are their own prefecture: no prefecture-level row for them.
            if !prefecture.is_empty()
                && prefecture != province
                && !prefectures.contains_key(prefecture)
            {
                prefectures.insert(prefecture, derived.len());
                derived.push(Division {
                    code: format!("{}00", &code[..4]),
                    name: prefecture,
                    short: strip_suffix(prefecture, &["自治州", "地区", "盟", "市"]),
                    level: Level::Prefecture,
                    province,
                    prefecture,
                    valid_from: 0,
                    valid_to: None,
                });
            }
        }
        divisions.extend(derived);
        // each name once, in the order first met: the order of the automaton's patterns, which
        // only index `targets` (a name's divisions stay in their order)
        let mut slots: FxHashMap<&str, usize> = FxHashMap::default();
        slots.reserve(2 * divisions.len());
        let mut names: Vec<&str> = Vec::with_capacity(2 * divisions.len());
        let mut targets: Vec<Vec<Target>> = Vec::with_capacity(2 * divisions.len());
        for (i, d) in divisions.iter().enumerate() {
            let short = (d.short != d.name).then_some(d.short.as_str());
            for (name, full) in [(Some(d.name), true), (short, false)] {
                let Some(name) = name else { continue };
                let slot = *slots.entry(name).or_insert_with(|| {
                    names.push(name);
                    targets.push(Vec::new());
                    names.len() - 1
                });
                targets[slot].push(Target { division: i, full });
            }
        }
        let automaton = Names::new(&names);
        let common = COMMON
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        Gazetteer {
            divisions,
            automaton,
            targets,
            common,
        }
    }

    /// Whether a short name is also an ordinary word (合作, 和平, 清流…).
    pub fn is_common_word(&self, name: &str) -> bool {
        self.common.contains(&name)
    }

    /// The province named by `name` (福建省 or 福建), if any.
    pub fn province_named(&self, name: &str) -> Option<&Division> {
        self.divisions
            .iter()
            .find(|d| d.level == Level::Province && (d.name == name || d.short == name))
    }
}

/// The gazetteer, parsed on first use.
pub static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::load);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_counties_prefectures_provinces() {
        let g = &*GAZETTEER;
        let find = |name: &str, level: Level| {
            g.divisions
                .iter()
                .filter(|d| d.name == name && d.level == level)
                .count()
        };
        assert_eq!(find("晋江市", Level::County), 1);
        assert_eq!(find("鼓楼区", Level::County), 4);
        assert_eq!(find("长乐市", Level::County), 1, "historical rows are kept");
        let ningde = g.divisions.iter().find(|d| d.name == "宁德市").unwrap();
        assert_eq!(
            (ningde.code.as_str(), ningde.short.as_str(), ningde.level),
            ("350900", "宁德", Level::Prefecture)
        );
        let fujian = g.province_named("福建").unwrap();
        assert_eq!(fujian.code, "350000");
        assert!(g.is_common_word("清流"));
        let meilie = g.divisions.iter().find(|d| d.name == "梅列区").unwrap();
        assert!(meilie.valid_in(2020) && meilie.valid_in(2021) && !meilie.valid_in(2022));
    }
}
