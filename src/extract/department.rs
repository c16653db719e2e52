//! Departments (government bodies and Party organs) and collective bodies, in one automaton
//! pass over each paragraph.
//!
//! A body is found by its name or abbreviation (工信厅, 工业和信息化厅, 发改委, 人大常委会,
//! 委办公室…); what stands before it says whose body it is: `省` (the document's province), `市`
//! (its city), a place (`宁德市人大常委会`, `中共三明市委办公室`), or `全国`. A body with nothing
//! before it belongs to the list it is in: `省工信厅、发改委、财政厅` makes 发改委 the province's
//! 发展和改革委员会, and `市工信局、发改委` the city's; alone, a bare abbreviation is not placed.
//! Collective bodies (`各市、县(区)人民政府`) are one entity with `collective: true`.
//!
//! Tables: `data/departments/` (provenance in its README): the Fujian provincial bodies, the
//! bodies of a city, and those found at every level.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::Match;
#[cfg(test)]
use regex::Regex;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::compiled::{self, Dfa};
use super::near::{self, Inside};
use super::{Entity, Value, inside};
use crate::gazetteer::Level as PlaceLevel;
use crate::names::Names;
use crate::patterns::has_str;
use crate::span::{Span, Spans};

const PROVINCIAL: &str = include_str!("../../data/departments/fujian-province.csv");
const MUNICIPAL: &str = include_str!("../../data/departments/municipal-bodies.csv");
const COMMON: &str = include_str!("../../data/departments/common-bodies.csv");

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DepartmentValue {
    /// The canonical full name (福建省工业和信息化厅), or the text for a collective body.
    pub name: String,
    /// The usual abbreviation at its level (省工信厅, 市工信局), where there is one.
    pub abbreviation: Option<String>,
    /// `national`, `province`, `prefecture`, or `null` when unknown.
    pub level: Option<&'static str>,
    /// A collective body (各市、县(区)人民政府) rather than one department.
    pub collective: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BodyLevel {
    Province,
    Prefecture,
    Any,
}

#[derive(Clone, Debug)]
struct Body {
    /// The name without its level prefix (工信厅).
    abbrev: String,
    /// The full name with `{P}` for the province or city (`{P}工业和信息化厅`).
    template: String,
    /// The template cut at each `{P}`, for the name of a place to be put between the pieces.
    pieces: Vec<String>,
    level: BodyLevel,
}

impl Body {
    fn new(abbrev: &str, template: &str, level: BodyLevel) -> Body {
        Body {
            abbrev: abbrev.to_owned(),
            template: template.to_owned(),
            pieces: template.split("{P}").map(str::to_owned).collect(),
            level,
        }
    }

    /// The full name of the body of `place`.
    fn name_in(&self, place: &str) -> String {
        self.pieces.join(place)
    }
}

struct Bodies {
    automaton: Names,
    /// For each pattern, the bodies it names.
    bodies: Vec<Vec<Body>>,
}

fn rows(csv: &str) -> impl Iterator<Item = Vec<&str>> {
    csv.lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f.len() >= 2)
}

impl Bodies {
    fn load() -> Bodies {
        let mut by_name: HashMap<String, Vec<Body>> = HashMap::new();
        let mut add = |name: &str, body: Body| {
            let list = by_name.entry(name.to_owned()).or_default();
            if !list
                .iter()
                .any(|b| b.template == body.template && b.level == body.level)
            {
                list.push(body);
            }
        };
        for f in rows(PROVINCIAL) {
            let full = f[0];
            if !full.contains("福建省") || full.starts_with("中国人民银行") {
                continue;
            }
            let template = full.replacen("福建省", "{P}", 1);
            let mut names: Vec<String> = f[1]
                .split(';')
                .map(|a| a.strip_prefix('省').unwrap_or(a).to_owned())
                .collect();
            // the full name without its place, too: 工业和信息化厅
            if let Some(rest) = template.strip_prefix("{P}") {
                names.push(rest.to_owned());
            }
            for n in names
                .into_iter()
                .filter(|n| n.chars().count() >= 2 && !n.contains("福建"))
            {
                add(&n, Body::new(&n, &template, BodyLevel::Province));
            }
        }
        for (csv, level) in [(MUNICIPAL, BodyLevel::Prefecture), (COMMON, BodyLevel::Any)] {
            for f in rows(csv) {
                add(f[0], Body::new(f[0], f[1], level));
            }
        }
        let mut names: Vec<(String, Vec<Body>)> = by_name.into_iter().collect();
        names.sort_by(|a, b| a.0.cmp(&b.0));
        let automaton = Names::new(names.iter().map(|(n, _)| n.as_str()));
        Bodies {
            automaton,
            bodies: names.into_iter().map(|(_, b)| b).collect(),
        }
    }
}

static BODIES: LazyLock<Bodies> = LazyLock::new(Bodies::load);

/// The names of the body table (工信厅, 发展和改革委员会…), for a caller that walks a text
/// for several tables at once (see [`departments_found`]).
pub(crate) fn body_names() -> &'static Names {
    &BODIES.automaton
}

/// Builds the body table and the place-name lookup now rather than at first use.
pub(crate) fn warm_up() {
    LazyLock::force(&BODIES);
    LazyLock::force(&PLACE_NAMES);
    LazyLock::force(&PLACE_NAME_ENDS);
    LazyLock::force(&COLLECTIVE);
    LazyLock::force(&COLLECTIVE_INSIDE);
}

/// Full names of current prefectures and provinces, for the prefix before a body.
static PLACE_NAMES: LazyLock<FxHashMap<&'static str, (&'static str, &'static str)>> =
    LazyLock::new(|| {
        crate::gazetteer::divisions()
            .iter()
            .filter(|d| d.level != PlaceLevel::County && d.valid_to.is_none())
            .map(|d| {
                (
                    d.name(),
                    (
                        d.name(),
                        if d.level == PlaceLevel::Province {
                            "province"
                        } else {
                            "prefecture"
                        },
                    ),
                )
            })
            .collect()
    });

/// The last characters of [`PLACE_NAMES`] (省, 市, 区, 州, 盟).
static PLACE_NAME_ENDS: LazyLock<Vec<char>> =
    LazyLock::new(|| crate::patterns::last_chars(PLACE_NAMES.keys().copied()));

/// A task force's members (省…专班成员单位), as [`task_force_at`] reads them.
#[cfg(test)]
const TASK_FORCE: &str = r"[省市][^，,。；、（(〔:：]{0,30}?专班成员单位";
/// What a task force's name holds between 省 or 市 and [`MEMBERS`]: none of these, and at most
/// [`TASK_FORCE_REACH`] characters.
const TASK_FORCE_STOPS: [char; 10] = ['，', ',', '。', '；', '、', '（', '(', '〔', ':', '：'];
const TASK_FORCE_REACH: usize = 30;
const MEMBERS: &str = "专班成员单位";

/// Collective bodies: the matches of the named ones ([`super::grammar::collective`], compiled
/// by the build) and of task forces' members, as one pattern of both (the task force last)
/// finds them.
pub(super) struct Collective {
    named: Dfa,
}

/// The pattern [`Collective`] searches as, which the tests hold it to.
#[cfg(test)]
pub(super) static COLLECTIVE_REGEX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        "{}|{TASK_FORCE}",
        super::grammar::collective::NAMED
    ))
    .expect("collective pattern")
});

impl near::Search for Collective {
    fn find_at(&self, haystack: &str, at: usize) -> Option<std::ops::Range<usize>> {
        let named = self.named.find_at(haystack, at);
        // A task force wins only if it starts first: it then ends within its reach (of at most
        // four bytes a character) of the named body's start.
        let until = named.as_ref().map_or(haystack.len(), |n| {
            (n.start + (TASK_FORCE_REACH + 1) * 4 + MEMBERS.len()).min(haystack.len())
        });
        match (named, task_force_at(haystack, at, until)) {
            (Some(n), Some(t)) if t.start < n.start => Some(t),
            (Some(n), _) => Some(n),
            (None, t) => t,
        }
    }
}

/// The leftmost task force's members starting at or after `at` and ending by `until` in
/// `haystack`, as `[省市][^…]{0,30}?专班成员单位` finds it. The first [`MEMBERS`] with 省 or 市
/// close enough before it ends the match, and the earliest such 省 or 市 starts it: none can
/// start earlier, as a later [`MEMBERS`]'s reach begins no earlier.
fn task_force_at(haystack: &str, at: usize, until: usize) -> Option<std::ops::Range<usize>> {
    let mut from = at;
    while let Some(i) =
        crate::patterns::finder!("专班成员单位").find(&haystack.as_bytes()[from..until])
    {
        let end = from + i;
        let start = haystack[at..end]
            .char_indices()
            .rev()
            .take(TASK_FORCE_REACH + 1)
            .take_while(|&(_, c)| !TASK_FORCE_STOPS.contains(&c))
            .filter(|&(_, c)| c == '省' || c == '市')
            .last();
        if let Some((start, _)) = start {
            return Some(at + start..end + MEMBERS.len());
        }
        from = end + MEMBERS.len();
    }
    None
}

pub(super) static COLLECTIVE: LazyLock<Collective> = LazyLock::new(|| Collective {
    named: compiled::collective(),
});

/// The characters a collective body's name may hold.
static COLLECTIVE_INSIDE: LazyLock<Inside> = LazyLock::new(|| Inside::of_table(inside::COLLECTIVE));

/// The branches of the People's Bank of China as 人行 names them (`人行福州市中心支行`), which
/// [`pboc_branches`] reads.
#[cfg(test)]
const PBOC: &str = r"人行(\p{Han}{2,3}?)(省分行|市中心支行|中心支行|市分行|分行)";
/// [`PBOC`]'s units, in the order it tries them.
const PBOC_UNITS: [&str; 5] = ["省分行", "市中心支行", "中心支行", "市分行", "分行"];

/// A branch of the People's Bank: the whole name, its place and its unit.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Branch {
    whole: std::ops::Range<usize>,
    place: std::ops::Range<usize>,
    unit: std::ops::Range<usize>,
}

/// The matches of [`PBOC`] in `text`, read by hand: after each 人行 in turn, two Han
/// characters and then one of the units, or else three and then one of them.
fn pboc_branches(text: &str) -> impl Iterator<Item = Branch> + '_ {
    const BANK: &str = "人行";
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(k) = crate::patterns::finder!("人行").find(&text.as_bytes()[from..]) {
            let at = from + k;
            let place_start = at + BANK.len();
            from = place_start;
            let rest = &text[place_start..];
            let mut place_len = 0;
            for (n, c) in rest.chars().take(3).enumerate() {
                if !crate::patterns::is_han(c) {
                    break;
                }
                place_len += c.len_utf8();
                if n == 0 {
                    continue;
                }
                if let Some(unit) = PBOC_UNITS
                    .iter()
                    .find(|u| rest[place_len..].starts_with(**u))
                {
                    let unit_start = place_start + place_len;
                    from = unit_start + unit.len();
                    return Some(Branch {
                        whole: at..from,
                        place: place_start..unit_start,
                        unit: unit_start..from,
                    });
                }
            }
        }
        None
    })
}

/// Whose bodies a document speaks of: its province and city, full names.
#[derive(Clone, Debug, Default)]
pub struct Jurisdiction {
    pub province: Option<String>,
    pub prefecture: Option<String>,
}

/// A level prefix found before a body: the place's full name, the level, and where the
/// prefix starts.
struct Prefix {
    place: String,
    level: &'static str,
    start: usize,
}

/// The prefix that ends at byte `at` of `text`.
fn prefix_before(text: &str, at: usize, j: &Jurisdiction) -> Option<Prefix> {
    let before = &text[..at];
    // a place's full name: 宁德市, 福建省, 三明市 (not a county: 县 bodies are not in the tables)
    let mut best: Option<Prefix> = None;
    // every name ends where `before` does: with a character some name ends with
    let ends = before
        .chars()
        .next_back()
        .is_some_and(|c| PLACE_NAME_ENDS.contains(&c));
    for (i, _) in before.char_indices().rev().take(if ends { 12 } else { 0 }) {
        if let Some(&(name, level)) = PLACE_NAMES.get(&before[i..]) {
            best = Some(Prefix {
                place: name.to_owned(),
                level,
                start: at - name.len(),
            });
        }
    }
    if best.is_none() {
        if before.ends_with("全国") {
            best = Some(Prefix {
                place: "全国".to_owned(),
                level: "national",
                start: at - "全国".len(),
            });
        } else if before.ends_with('省') {
            best = j.province.clone().map(|p| Prefix {
                place: p,
                level: "province",
                start: at - '省'.len_utf8(),
            });
        } else if before.ends_with('市') {
            best = j.prefecture.clone().map(|p| Prefix {
                place: p,
                level: "prefecture",
                start: at - '市'.len_utf8(),
            });
        }
    }
    // 中共 before the place belongs to the name
    if let Some(p) = best.as_mut()
        && text[..p.start].ends_with("中共")
    {
        p.start -= "中共".len();
    }
    best
}

fn choose<'b>(bodies: &'b [Body], level: &str) -> Option<&'b Body> {
    let want = match level {
        "province" => BodyLevel::Province,
        "prefecture" => BodyLevel::Prefecture,
        _ => BodyLevel::Any,
    };
    bodies
        .iter()
        .find(|b| b.level == want)
        .or_else(|| bodies.iter().find(|b| b.level == BodyLevel::Any))
        .or_else(|| {
            // a provincial body at city level keeps its name with 局 for 厅 (财政厅 → 财政局)
            bodies.first()
        })
}

/// Whether the characters of `short` appear in `long` in order (工信厅 in
/// 工业和信息化厅): an abbreviation, not a second name.
fn is_subsequence(short: &str, long: &str) -> bool {
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|l| l == c))
}

fn department(name: String, abbreviation: Option<String>, level: Option<&'static str>) -> Value {
    Value::Department(DepartmentValue {
        name,
        abbreviation,
        level,
        collective: false,
    })
}

/// Every collective body's name holds one of these: 专班, or 各 before a few characters.
pub(crate) const COLLECTIVE_CHARS: [char; 2] = ['各', '班'];

/// Finds departments and collective bodies in `text` (byte offsets from `base`). `signs`
/// says whether `text` holds 各 or 班, the `COLLECTIVE_CHARS` (false when the caller knows it
/// does not: then no collective body is looked for).
pub fn departments(text: &str, base: usize, j: &Jurisdiction, signs: bool, out: &mut Vec<Entity>) {
    let names: Vec<Match> = BODIES.automaton.find_iter(text).collect();
    let signs = near::signs(text, if signs { &COLLECTIVE_CHARS } else { &[] });
    departments_found(text, base, j, signs, &names, out);
}

/// [`departments`], from the names of [`body_names`] found in `text` and the byte offsets of
/// the `COLLECTIVE_CHARS` in it.
pub(super) fn departments_found(
    text: &str,
    base: usize,
    j: &Jurisdiction,
    signs: impl Iterator<Item = usize> + Clone,
    names: &[Match],
    out: &mut Vec<Entity>,
) {
    let first = out.len();
    let collective = signs.clone().next().is_some()
        && (has_str!(text, "专班")
            || crate::patterns::finder!("各")
                .find_iter(text.as_bytes())
                .any(|i| {
                    text[i + '各'.len_utf8()..]
                        .starts_with(['有', '设', '市', '县', '单', '部', '直'])
                }));
    if collective {
        near::find_near(&*COLLECTIVE, &COLLECTIVE_INSIDE, text, signs, |m| {
            let span = Span::new(base + m.start(), base + m.end());
            let name = m.as_str().to_owned();
            out.push(Entity::new(
                "department",
                span,
                Value::Department(DepartmentValue {
                    name,
                    abbreviation: None,
                    level: None,
                    collective: true,
                }),
            ));
        });
    }
    for b in pboc_branches(text) {
        let unit = match &text[b.unit] {
            "中心支行" => "市中心支行",
            u => u,
        };
        let place = text[b.place].trim_end_matches(['省', '市']);
        let name = format!("中国人民银行{place}{unit}");
        let span = Span::new(base + b.whole.start, base + b.whole.end);
        out.push(Entity::new(
            "department",
            span,
            department(name, Some(text[b.whole].to_owned()), Some("prefecture")),
        ));
    }
    let taken = Spans::new(out[first..].iter().map(|e| e.span).collect());
    // (end of the previous department, its place and level) for list elision
    let mut prev: Option<(usize, String, &'static str)> = None;
    for m in names {
        let (s, e) = (m.start(), m.end());
        if taken.hold(Span::new(base + s, base + e)) {
            continue;
        }
        let bodies = &BODIES.bodies[m.pattern().as_usize()];
        let (place, level, start) = match prefix_before(text, s, j) {
            Some(p) => (p.place, p.level, p.start),
            None => match &prev {
                // 省工信厅、发改委: the prefix carries across a 、-list
                Some((end, place, level)) if text[*end..s] == *"、" => (place.clone(), *level, s),
                _ => continue,
            },
        };
        let Some(body) = choose(bodies, level) else {
            continue;
        };
        // 中共 names only the party's own bodies: 中共上海市人大常委会党组 is the party group
        // of the standing committee, whose name starts after 中共
        let start = if text[start..].starts_with("中共") && !body.template.starts_with("中共") {
            start + "中共".len()
        } else {
            start
        };
        // 民建省委, 民盟市委: a democratic party's committee, not the CPC's
        if [
            "民建", "民盟", "民进", "民革", "农工", "致公", "九三", "台盟",
        ]
        .iter()
        .any(|p| text[..start].ends_with(p))
        {
            continue;
        }
        // 委 alone is only 省委 / 市委 / 中共…委, not the 委 of 委员
        if body.abbrev == "委" && (text[e..].starts_with(['员', '托', '屈']) || start == s) {
            continue;
        }
        // A second name a body bears in Fujian (省知识产权局 is the 市场监督管理局 there) is
        // not known to hold elsewhere: 上海市知识产权局 stays itself.
        let name = if body.level == BodyLevel::Province
            && place != "福建省"
            && !is_subsequence(&body.abbrev, &body.template)
        {
            [place.as_str(), &body.abbrev].concat()
        } else {
            body.name_in(&place)
        };
        let short_place = match level {
            "province" if Some(&place) == j.province.as_ref() => "省".to_owned(),
            "prefecture" if Some(&place) == j.prefecture.as_ref() => "市".to_owned(),
            _ => place.clone(),
        };
        let abbreviation = [short_place.as_str(), &body.abbrev].concat();
        out.push(Entity::new(
            "department",
            Span::new(base + start, base + e),
            department(name, Some(abbreviation), Some(level)),
        ));
        prev = Some((e, place, level));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fujian() -> Jurisdiction {
        Jurisdiction {
            province: Some("福建省".into()),
            prefecture: None,
        }
    }

    fn shanghai() -> Jurisdiction {
        Jurisdiction {
            province: Some("上海市".into()),
            prefecture: None,
        }
    }

    fn sanming() -> Jurisdiction {
        Jurisdiction {
            province: Some("福建省".into()),
            prefecture: Some("三明市".into()),
        }
    }

    fn run(text: &str, j: &Jurisdiction) -> Vec<(String, String)> {
        let mut out = Vec::new();
        departments(text, 0, j, text.contains(COLLECTIVE_CHARS), &mut out);
        out.sort_by_key(|e| e.span);
        out.iter()
            .map(|e| match &e.value {
                Value::Department(d) => (e.span.slice(text).to_owned(), d.name.clone()),
                _ => unreachable!(),
            })
            .collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn provincial_list_elision() {
        assert_eq!(
            run("(责任单位:省工信厅、发改委、科技厅、商务厅)", &fujian()),
            pairs(&[
                ("省工信厅", "福建省工业和信息化厅"),
                ("发改委", "福建省发展和改革委员会"),
                ("科技厅", "福建省科学技术厅"),
                ("商务厅", "福建省商务厅")
            ])
        );
        assert_eq!(
            run(
                "(责任单位:省委金融办,省发改委、财政厅、工信厅,人行福建省分行)",
                &fujian()
            ),
            pairs(&[
                ("省委金融办", "中共福建省委金融委员会办公室"),
                ("省发改委", "福建省发展和改革委员会"),
                ("财政厅", "福建省财政厅"),
                ("工信厅", "福建省工业和信息化厅"),
                ("人行福建省分行", "中国人民银行福建省分行"),
            ])
        );
    }

    #[test]
    fn municipal_bodies_and_collectives() {
        assert_eq!(
            run(
                "责任单位:市工信局、发改委、科技局,各有关县(市、区)党委和人民政府,三钢集团",
                &sanming()
            ),
            pairs(&[
                ("市工信局", "三明市工业和信息化局"),
                ("发改委", "三明市发展和改革委员会"),
                ("科技局", "三明市科学技术局"),
                (
                    "各有关县(市、区)党委和人民政府",
                    "各有关县(市、区)党委和人民政府"
                ),
            ])
        );
        assert_eq!(
            run(
                "责任单位:市委人才办,市人社局、工信局,市纪委监委,人行三明中心支行",
                &sanming()
            ),
            pairs(&[
                ("市委人才办", "中共三明市委人才工作领导小组办公室"),
                ("市人社局", "三明市人力资源和社会保障局"),
                ("工信局", "三明市工业和信息化局"),
                ("市纪委监委", "中共三明市纪律检查委员会、三明市监察委员会"),
                ("人行三明中心支行", "中国人民银行三明市中心支行"),
            ])
        );
    }

    #[test]
    fn explicit_places_and_party_organs() {
        assert_eq!(
            run("中共三明市委办公室 三明市人民政府办公室", &sanming()),
            pairs(&[
                ("中共三明市委办公室", "中共三明市委办公室"),
                ("三明市人民政府办公室", "三明市人民政府办公室")
            ])
        );
        assert_eq!(
            run(
                "抄送：省人大常委会代表工作委员会、省人大常委会财经工作委员会，宁德市人大常委会，省政府办公厅。",
                &fujian()
            ),
            pairs(&[
                (
                    "省人大常委会代表工作委员会",
                    "福建省人民代表大会常务委员会代表工作委员会"
                ),
                (
                    "省人大常委会财经工作委员会",
                    "福建省人民代表大会常务委员会财政经济工作委员会"
                ),
                ("宁德市人大常委会", "宁德市人民代表大会常务委员会"),
                ("省政府办公厅", "福建省人民政府办公厅"),
            ])
        );
        assert_eq!(
            run("全国政协常委", &fujian()),
            pairs(&[("全国政协", "中国人民政治协商会议全国委员会")])
        );
    }

    #[test]
    fn a_second_name_of_a_fujian_body_stays_in_fujian() {
        assert_eq!(
            run("省知识产权局牵头", &fujian()),
            pairs(&[("省知识产权局", "福建省市场监督管理局")])
        );
        let shanghai = shanghai();
        assert_eq!(
            run("上海市知识产权局负责", &shanghai),
            pairs(&[("上海市知识产权局", "上海市知识产权局")])
        );
        assert!(is_subsequence("工信厅", "{P}工业和信息化厅"));
        assert!(!is_subsequence("知识产权局", "{P}市场监督管理局"));
    }

    #[test]
    fn the_party_prefix_is_only_for_party_bodies() {
        let shanghai = shanghai();
        assert_eq!(
            run("中共上海市人大常委会党组", &shanghai),
            pairs(&[("上海市人大常委会", "上海市人民代表大会常务委员会")])
        );
        assert_eq!(
            run("中共三明市委办公室", &sanming()),
            pairs(&[("中共三明市委办公室", "中共三明市委办公室")])
        );
    }

    #[test]
    fn bare_words_are_not_departments() {
        for t in [
            "政协委员、经济领域的专家",
            "各级政府投资基金",
            "委托第三方",
            "省直有关部门",
        ] {
            assert!(run(t, &fujian()).is_empty(), "{t}: {:?}", run(t, &fujian()));
        }
    }

    #[test]
    fn collectives_need_their_body() {
        assert!(run("支持各县(市、区)发展1~2条重点产业链", &fujian()).is_empty());
        assert!(run("鼓励各设区市、平潭综合实验区对", &fujian()).is_empty());
        assert_eq!(
            run(
                "(责任单位:省推动县域重点产业链高质量发展工作专班成员单位)",
                &fujian()
            ),
            pairs(&[(
                "省推动县域重点产业链高质量发展工作专班成员单位",
                "省推动县域重点产业链高质量发展工作专班成员单位"
            )])
        );
    }

    #[test]
    fn democratic_party_committees_are_not_the_cpc() {
        assert!(
            run("省政协常委、民建省委副主委 林向凯", &fujian())
                .iter()
                .all(|(t, _)| t != "省委")
        );
    }
}

#[cfg(test)]
mod near_signs {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// 人行 before Han characters, units and other text: [`pboc_branches`] finds what
        /// [`PBOC`] captures.
        #[test]
        fn a_branch_of_the_bank_is_what_its_pattern_finds(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("人行".to_owned()),
                    "[福州省市中心支分行a ]{0,4}",
                    "(省分行|市中心支行|中心支行|市分行|分行)",
                ],
                0..8,
            )
        ) {
            let text = parts.concat();
            let pattern = regex::Regex::new(PBOC).expect("pattern");
            let expected: Vec<Branch> = pattern
                .captures_iter(&text)
                .map(|c| Branch {
                    whole: c.get(0).expect("match").range(),
                    place: c.get(1).expect("place").range(),
                    unit: c.get(2).expect("unit").range(),
                })
                .collect();
            prop_assert_eq!(pboc_branches(&text).collect::<Vec<_>>(), expected, "{}", text);
        }
    }

    fn bodies_and_more() -> impl Strategy<Value = String> {
        near::drawn(
            COLLECTIVE_REGEX.as_str(),
            "[的，。、各班专省市有关 a]{0,3}",
            1..4,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        #[test]
        fn the_search_near_the_signs_finds_every_collective_body(text in bodies_and_more()) {
            let mut near = Vec::new();
            let signs = near::signs(&text, &COLLECTIVE_CHARS);
            near::find_near(&*COLLECTIVE, &COLLECTIVE_INSIDE, &text, signs, |m| near.push(m.range()));
            let all: Vec<_> = COLLECTIVE_REGEX.find_iter(&text).map(|m| m.range()).collect();
            prop_assert_eq!(near, all, "{}", text);
        }

        /// Task forces and named bodies close together, with 省 and 市 in and beyond a task
        /// force's reach, and stops between: searched from every character, the searcher finds
        /// what the pattern finds.
        #[test]
        fn the_searcher_finds_what_the_pattern_finds(
            parts in proptest::collection::vec(
                prop_oneof![
                    "[省市，、a专班成员]{0,12}",
                    "[a]{20,32}",
                    Just(MEMBERS.to_owned()),
                    Just("省直各单位".to_owned()),
                    Just("各有关设区市人民政府".to_owned()),
                    Just("省人民政府各部门".to_owned()),
                ],
                1..10,
            )
        ) {
            use near::Search as _;
            let text = parts.concat();
            for (at, _) in text.char_indices() {
                prop_assert_eq!(
                    COLLECTIVE.find_at(&text, at),
                    COLLECTIVE_REGEX.find_at(&text, at).map(|m| m.range()),
                    "{} at {}", text, at
                );
            }
        }
    }
}
