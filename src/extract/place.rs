//! Places: county-level divisions (type `county`) and prefectures and provinces (type `place`),
//! from the gazetteer, in one automaton pass over each paragraph.
//!
//! A full name (晋江市, 宁德市, 福建省) is a place. A short name (晋江, 宁德) is one only with
//! support, because short names are often ordinary words or parts of other names (清流, 三元,
//! 大田, 宁德时代): an enumeration of places (`以晋江、长乐、石狮…等县域`), `等县域` after it,
//! a zone or park named after it (`梅列经济开发区`), or jieba reading it as a word of its own
//! tagged as a place name (never for the common-word short names). A place inside a cited
//! title, a quoted name or a department's name is part of that name and is left to it.
//!
//! Names shared by several divisions (鼓楼区 in Fuzhou, Nanjing, Xuzhou, Kaifeng) resolve to the
//! one in the document's own province and prefecture; names of divisions that were abolished
//! or renamed (梅列区, 长乐市) resolve to the division valid at the document's date, with
//! `historical: true` when it no longer exists.

use serde::Serialize;

use super::{Entity, Value, segment, with_jieba};
use crate::gazetteer::{Division, GAZETTEER, Level, Target};
use crate::span::{Span, Spans};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlaceValue {
    /// The official full name.
    pub name: String,
    /// The 6-digit division code (GB/T 2260).
    pub code: String,
    /// `county`, `prefecture` or `province`.
    pub level: &'static str,
    pub province: String,
    pub prefecture: Option<String>,
    /// The division no longer exists (abolished or renamed since).
    pub historical: bool,
}

/// Where the document is: its year, province and prefecture, for resolving names.
#[derive(Clone, Debug, Default)]
pub struct Setting {
    pub year: Option<u16>,
    pub province: Option<&'static str>,
    pub prefecture: Option<&'static str>,
}

/// A name found in the text, before it is accepted.
#[derive(Clone, Debug)]
struct Candidate {
    span: Span,
    division: usize,
    full: bool,
}

const ZONES: &[&str] = &[
    "经济技术开发区",
    "经济开发区",
    "开发区",
    "高新技术产业开发区",
    "高新区",
    "工业园",
    "产业园",
    "工业区",
];

const GENERIC: &[&str] = &[
    "城区",
    "郊区",
    "矿区",
    "新区",
    "东区",
    "西区",
    "南区",
    "北区",
    "市中区",
    "中区",
];

fn choose(targets: &[Target], setting: &Setting) -> Option<Target> {
    let g = &*GAZETTEER;
    let score = |t: &Target| -> (bool, bool, bool, bool, std::cmp::Reverse<usize>) {
        let d = &g.divisions[t.division];
        let valid = match setting.year {
            Some(y) => d.level != Level::County || d.valid_in(y),
            None => d.valid_to.is_none(),
        };
        (
            valid,
            setting.province.is_some_and(|p| p == d.province()),
            setting.prefecture.is_some_and(|p| p == d.prefecture()),
            d.valid_to.is_none(),
            std::cmp::Reverse(t.division),
        )
    };
    targets.iter().copied().max_by_key(score)
}

/// The province and prefecture a document is about: those named in its metadata text (issuers,
/// title) first, else the most frequent among the full names it mentions.
pub fn setting_of(metadata_text: &str, body: &[Found], year: Option<u16>) -> Setting {
    let g = &*GAZETTEER;
    let mut setting = Setting {
        year,
        ..Setting::default()
    };
    let mut tally: std::collections::BTreeMap<(&'static str, &'static str), usize> =
        Default::default();
    let metadata = find(metadata_text, 0);
    for (found, weight) in [(&metadata[..], 1000usize), (body, 1)] {
        for f in found {
            for t in g.targets(f.pattern) {
                let d = &g.divisions[t.division];
                if !t.full || d.valid_to.is_some() {
                    continue;
                }
                *tally.entry((d.province(), d.prefecture())).or_default() += weight;
            }
        }
    }
    if let Some(((province, _), _)) = tally
        .iter()
        .max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k)))
    {
        setting.province = Some(province);
        let best_pref = tally
            .iter()
            .filter(|((p, pref), _)| p == province && !pref.is_empty())
            .max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k)));
        if let Some(((_, pref), n)) = best_pref
            && *n >= 1000
        {
            setting.prefecture = Some(pref);
        }
    }
    setting
}

/// The byte range of `text` that jieba reads around `text[start..end]`: up to eight
/// characters either side.
fn jieba_window(text: &str, start: usize, end: usize) -> (usize, usize) {
    let from = text[..start]
        .char_indices()
        .rev()
        .nth(7)
        .map_or(0, |(i, _)| i);
    let to = text[end..]
        .char_indices()
        .nth(8)
        .map_or(text.len(), |(i, _)| end + i);
    (from, to)
}

/// Whether jieba reads `text[start..end]` as a word of its own (whatever its tag).
fn jieba_word(text: &str, start: usize, end: usize) -> bool {
    let (from, to) = jieba_window(text, start, end);
    let window = &text[from..to];
    with_jieba(window, |jieba| {
        jieba
            .cut(window, true)
            .iter()
            .any(|t| from + t.byte_start == start && from + t.byte_end == end)
    })
}

/// Whether jieba reads `text[start..end]` as a word of its own tagged as a place name, or, for
/// a division of the document's own province, as any proper noun (jieba tags 三明 `nz` and
/// 宁德 `nr`).
fn jieba_place(text: &str, start: usize, end: usize, home: bool) -> bool {
    let (from, to) = jieba_window(text, start, end);
    let window = &text[from..to];
    segment::tag(window).iter().any(|t| {
        let proper = t.tag.starts_with("ns") || (home && (t.tag == "nz" || t.tag == "nr"));
        from + t.byte_start == start && from + t.byte_end == end && proper
    })
}

fn is_list_gap(gap: &str) -> bool {
    gap.contains('、')
        && gap.chars().count() <= 14
        && !gap.contains(['。', '；', ';', '！', '？', '，', ','])
}

/// Finds places in `text` (byte offsets from `base`); `skip` holds spans left to other
/// entities (cited titles).
/// A name of the gazetteer found in the text: its span and automaton pattern.
#[derive(Clone, Copy, Debug)]
pub struct Found {
    pub span: Span,
    pub pattern: usize,
}

impl Found {
    /// The name of match `m` in a text at byte `base` of the document.
    pub(crate) fn at(base: usize, m: &aho_corasick::Match) -> Found {
        Found {
            span: Span::new(base + m.start(), base + m.end()),
            pattern: m.pattern().as_usize(),
        }
    }
}

/// The gazetteer's names, for a caller that walks a text for several tables at once.
pub(crate) fn names() -> &'static crate::names::Names {
    &GAZETTEER.automaton
}

/// The gazetteer's names in `text` (byte offsets from `base`): the one automaton pass that both
/// the document's setting and its places are read from.
pub fn find(text: &str, base: usize) -> Vec<Found> {
    GAZETTEER
        .automaton
        .find_iter(text)
        .map(|m| Found::at(base, &m))
        .collect()
}

/// Finds places in `text` (byte offsets from `base`), running the automaton itself.
pub fn places(text: &str, base: usize, setting: &Setting, skip: &[Span], out: &mut Vec<Entity>) {
    let skip = Spans::new(skip.to_vec());
    places_found(text, base, setting, &skip, &find(text, base), out);
}

/// Places from the names `found` in `text` (byte offsets from `base`).
pub fn places_found(
    text: &str,
    base: usize,
    setting: &Setting,
    skip: &Spans,
    found: &[Found],
    out: &mut Vec<Entity>,
) {
    let g = &*GAZETTEER;
    let mut cands: Vec<Candidate> = Vec::new();
    for f in found {
        let span = f.span;
        let m = (span.start - base, span.end - base);
        if skip.hold_other(span) {
            continue;
        }
        let name = &text[m.0..m.1];
        if GENERIC.contains(&name) {
            continue;
        }
        let Some(t) = choose(g.targets(f.pattern), setting) else {
            continue;
        };
        cands.push(Candidate {
            span,
            division: t.division,
            full: t.full,
        });
    }
    // Enumerations: runs of names separated by 、 (with what each item adds after its name).
    // which run of names each candidate is in, for "another name of the same province" below
    let mut run_of = vec![0usize; cands.len()];
    let mut in_list = vec![false; cands.len()];
    let mut run_start = 0;
    for k in 0..=cands.len() {
        let continues = k > 0
            && k < cands.len()
            && is_list_gap(&text[cands[k - 1].span.end - base..cands[k].span.start - base]);
        if !continues {
            let len = k - run_start;
            let pure = len == 2
                && text[cands[run_start].span.end - base..cands[run_start + 1].span.start - base]
                    == *"、";
            if len >= 3 || pure {
                in_list[run_start..k].iter_mut().for_each(|x| *x = true);
            }
            run_of[run_start..k].iter_mut().for_each(|x| *x = run_start);
            run_start = k;
        }
    }
    for (k, c) in cands.iter().enumerate() {
        let (s, e) = (c.span.start - base, c.span.end - base);
        let name = &text[s..e];
        let d: &Division = &g.divisions[c.division];
        let after = &text[e..];
        let county_area = ["等县域", "县域", "等县"]
            .iter()
            .any(|w| after.starts_with(w));
        // a development zone or park named after its place: 梅列经济开发区, 沙县高端装备产业园
        let zone = ZONES.iter().any(|w| after.starts_with(w));
        // 平潭综合实验区 is not a county-level division
        if after.starts_with("综合实验区") {
            continue;
        }
        // A short county or prefecture name from another province is most likely part of
        // another name (屏山观察, 昆山立邦, 活力新城): it needs an enumeration.
        // A county from another province is improbable in a document: never a common word,
        // and only in an enumeration with another name of its province or as a word of its
        // own (相应城市 is not 应城市, 市和县 not 和县).
        let elsewhere =
            d.level == Level::County && setting.province.is_some_and(|p| p != d.province());
        if elsewhere {
            let same_province_list = in_list[k]
                && cands.iter().enumerate().any(|(j, o)| {
                    j != k
                        && run_of[j] == run_of[k]
                        && g.divisions[o.division].province() == d.province()
                });
            // 苏州市吴江区: the name's own prefecture or province right before it
            let own_prefix = k > 0
                && cands[k - 1].span.end == c.span.start
                && g.divisions[cands[k - 1].division].province() == d.province();
            // 老城区改造, 古城区保护: district names that are also common nouns need their prefecture
            let common_noun = ["老城区", "古城区", "新城区", "城关区", "城中区"].contains(&name);
            let word = c.full && (own_prefix || (!common_noun && jieba_word(text, s, e)));
            if g.is_common_word(name) || !(same_province_list || word) {
                continue;
            }
        }
        // 会同县级人民政府: 县级 belongs to what follows, not to the name
        let bracket_level = after
            .strip_prefix(['(', '（'])
            .is_some_and(|r| r.starts_with(['市', '区', '县']));
        if c.full && (after.starts_with('级') || bracket_level) {
            continue;
        }
        // 永定河, 西湖路: a river, lake or road named like the place
        if !c.full && after.starts_with(['河', '江', '湖', '路', '街', '桥']) {
            continue;
        }
        // 市和县人民政府: 和 is a conjunction
        if name.starts_with(['和', '与', '及'])
            && text[..s]
                .chars()
                .next_back()
                .is_some_and(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch))
        {
            continue;
        }
        let supported = c.full && d.name().chars().count() >= 3
            || in_list[k]
            || county_area
            || zone
            || (!g.is_common_word(name)
                && jieba_place(text, s, e, setting.province == Some(d.province())));
        if !supported {
            continue;
        }
        let kind = if d.level == Level::County {
            "county"
        } else {
            "place"
        };
        let level = match d.level {
            Level::County => "county",
            Level::Prefecture => "prefecture",
            Level::Province => "province",
        };
        out.push(Entity::new(
            kind,
            c.span,
            Value::Place(PlaceValue {
                name: d.name().to_owned(),
                code: d.code().to_owned(),
                level,
                province: d.province().to_owned(),
                prefecture: (!d.prefecture().is_empty() && d.level != Level::Province)
                    .then(|| d.prefecture().to_owned()),
                historical: d.valid_to.is_some(),
            }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fujian(year: u16) -> Setting {
        Setting {
            year: Some(year),
            province: Some("福建省"),
            prefecture: None,
        }
    }

    fn run(text: &str, setting: &Setting) -> Vec<(String, String, String, bool)> {
        let mut out = Vec::new();
        places(text, 0, setting, &[], &mut out);
        out.iter()
            .map(|e| match &e.value {
                Value::Place(p) => (
                    e.span.slice(text).to_owned(),
                    p.name.clone(),
                    p.code.clone(),
                    p.historical,
                ),
                _ => unreachable!(),
            })
            .collect()
    }

    fn names(text: &str) -> Vec<String> {
        run(text, &fujian(2024)).into_iter().map(|r| r.0).collect()
    }

    #[test]
    fn enumerations_accept_short_names_even_common_words() {
        assert_eq!(
            names("合力打造以晋江、长乐、石狮、荔城、连江等县域为重点"),
            ["晋江", "长乐", "石狮", "荔城", "连江"]
        );
        assert_eq!(
            names("南安、漳平、三元、闽清等县域做强建材产业链"),
            ["南安", "漳平", "三元", "闽清"]
        );
        assert_eq!(
            names("上杭、邵武、明溪、清流等县域发展氟新材料产业链"),
            ["上杭", "邵武", "明溪", "清流"]
        );
    }

    #[test]
    fn common_words_alone_are_not_places() {
        for t in [
            "加强交流合作，实现互利共赢",
            "推动新兴产业发展",
            "资源配置",
            "东山再起",
            "三元催化",
        ] {
            assert!(names(t).is_empty(), "{t}: {:?}", names(t));
        }
    }

    #[test]
    fn full_names_codes_and_history() {
        let r = run("支持周宁县建设", &fujian(2024));
        assert_eq!(
            r,
            [("周宁县".into(), "周宁县".into(), "350925".into(), false)]
        );
        // 2016: 长乐 was 长乐市 (350182), abolished in 2017
        let r = run("晋江、长乐、石狮", &fujian(2016));
        assert_eq!(
            r[1],
            ("长乐".into(), "长乐市".into(), "350182".into(), true)
        );
        let r = run("晋江、长乐、石狮", &fujian(2024));
        assert_eq!(
            r[1],
            ("长乐".into(), "长乐区".into(), "350112".into(), false)
        );
        // 梅列区 in a 2020 document: it existed then, and is gone now
        let r = run(
            "发挥梅列经济开发区国家循环化改造示范试点引领作用",
            &fujian(2020),
        );
        assert_eq!(r, [("梅列".into(), "梅列区".into(), "350402".into(), true)]);
    }

    #[test]
    fn shared_names_resolve_from_the_document_province() {
        let r = run("长乐、集美、思明、鼓楼、丰泽、晋安等", &fujian(2024));
        assert_eq!(r[3].2, "350102");
        let jiangsu = Setting {
            year: Some(2024),
            province: Some("江苏省"),
            prefecture: Some("南京市"),
        };
        let r = run("南京市鼓楼区", &jiangsu);
        assert_eq!(r.last().unwrap().2, "320106");
    }

    #[test]
    fn places_above_county_level() {
        let r = run("支持宁德市实施项目，福建省", &fujian(2024));
        assert_eq!(
            r,
            [
                ("宁德市".into(), "宁德市".into(), "350900".into(), false),
                ("福建省".into(), "福建省".into(), "350000".into(), false)
            ]
        );
        assert_eq!(
            names("推进福州、厦门国家中小企业数字化转型"),
            ["福州", "厦门"]
        );
    }

    #[test]
    fn parentheses_and_setting() {
        assert_eq!(names("中国福建(永安)石墨烯创新创业大赛"), ["福建", "永安"]);
        let s = setting_of("中共三明市委办公室 三明市人民政府办公室", &[], Some(2020));
        assert_eq!((s.province, s.prefecture), (Some("福建省"), Some("三明市")));
    }

    #[test]
    fn short_names_from_other_provinces_need_support() {
        for t in [
            "屏山观察",
            "推动三化元福二期、台氟科技、昆山立邦等项目",
            "活力新城",
            "引进新建一批",
            "平潭综合实验区管委会",
        ] {
            assert!(names(t).is_empty(), "{t}: {:?}", names(t));
        }
        assert_eq!(names("以及安徽、四川等省调研"), ["安徽", "四川"]);
    }

    #[test]
    fn counties_of_other_provinces_are_improbable() {
        let beijing = Setting {
            year: Some(2022),
            province: Some("北京市"),
            prefecture: None,
        };
        for t in [
            "会同有关部门",
            "应急管理、公安、资源规划等部门",
            "相应城市建设",
            "市和县人民政府",
            "永定河治理",
            "新建区域",
            "应当会同县级人民政府",
            "推进老城区改造",
            "会同县(市、区)人民政府",
        ] {
            assert!(run(t, &beijing).is_empty(), "{t}: {:?}", run(t, &beijing));
        }
        // but a real enumeration of another province's counties stays
        assert_eq!(
            run(
                "上海市青浦区、江苏省苏州市吴江区、浙江省嘉兴市嘉善县",
                &beijing
            )
            .iter()
            .filter(|r| r.1.ends_with('区') || r.1.ends_with('县'))
            .count(),
            3
        );
    }
}
