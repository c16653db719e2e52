//! People: a name after a chain of titles (`全国政协常委、安踏集团董事局主席丁世忠`,
//! `省工商联党组书记 陈曦`), a name before a title (`习近平总书记`, `陆盛彪代表`), and the name
//! in a signer or contact field (`领导署名：翁玉耀`). jieba decides where a name ends (it tags
//! names `nr`); at the end of a line, the two or three characters after a title are the name.
//! The entity spans the titles too; its value is `{name, titles}`.

use std::cell::RefCell;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
#[cfg(test)]
use regex::Regex;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::near::{self, Inside};
use super::{Entity, Value, segment, word_frequency};
use crate::names::Names;
use crate::patterns;
use crate::span::{Span, Spans};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PersonValue {
    pub name: String,
    /// Titles as written, in order (`全国政协常委`, `安踏集团董事局主席`).
    pub titles: Vec<String>,
}

/// Titles before a name, as alternatives of a pattern.
const TITLES_BEFORE: &str = "常委|委员|副?主席|副?院长|副?局长|副?主任|党组书记|副?书记|副?主委|董事长|总经理|副?厅长|副?市长|副?省长|副?部长|理事长|副?会长";
/// Titles after a name.
const TITLES_AFTER: &str = "总书记|代表|同志";
/// Every title above holds one of these: a paragraph without them names no one with a title.
pub(crate) const TITLE_CHARS: [char; 8] = ['委', '席', '长', '任', '记', '理', '表', '志'];
/// Titles found as their pattern finds them, by a literal searcher: a regex cost ten times as
/// much a match, and most paragraphs of a regulation match 委员 in 委员会 again and again.
static TITLE_BEFORE: LazyLock<AhoCorasick> =
    LazyLock::new(|| patterns::literal_alternatives(TITLES_BEFORE));
static TITLE_AFTER: LazyLock<AhoCorasick> =
    LazyLock::new(|| patterns::literal_alternatives(TITLES_AFTER));
/// The characters of the titles.
static TITLE_BEFORE_INSIDE: LazyLock<Inside> =
    LazyLock::new(|| Inside::of_words(TITLES_BEFORE.split('|')));
static TITLE_AFTER_INSIDE: LazyLock<Inside> =
    LazyLock::new(|| Inside::of_words(TITLES_AFTER.split('|')));

/// Builds the searchers now rather than when the first document needs them.
pub(super) fn warm_up() {
    for searcher in [&TITLE_BEFORE, &TITLE_AFTER] {
        LazyLock::force(searcher);
    }
    for inside in [&TITLE_BEFORE_INSIDE, &TITLE_AFTER_INSIDE] {
        LazyLock::force(inside);
    }
}
/// The keys of the fields that name a person.
const FIELD_KEYS: [&str; 3] = ["领导署名", "签发人", "联系人"];

/// Whether `text` is a field that names a person (`联系人：…`).
pub(crate) fn is_field(text: &str) -> bool {
    FIELD_KEYS.iter().any(|k| text.starts_with(k))
}
/// The name in a field that names a person (`联系人：吴丽榕`). Read by [`field_name`]; the
/// pattern is what the tests hold it to.
#[cfg(test)]
static FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:{})[：:]\s*(\p{{Han}}{{2,4}})",
        FIELD_KEYS.join("|")
    ))
    .expect("field pattern")
});

/// The byte range of the name in a field that names a person, as [`FIELD`] captures it, read
/// by hand (compiling the pattern took 1 M instructions, on the worker): the key, a colon, any
/// spaces, then two to four Han characters, as many as there are.
fn field_name(text: &str) -> Option<std::ops::Range<usize>> {
    let rest = FIELD_KEYS
        .iter()
        .find_map(|k| text.strip_prefix(k))?
        .strip_prefix([':', '：'])?
        .trim_start();
    let start = text.len() - rest.len();
    let (mut len, mut chars) = (0, 0);
    for c in rest.chars().take(4).take_while(|&c| patterns::is_han(c)) {
        len += c.len_utf8();
        chars += 1;
    }
    (chars >= 2).then_some(start..start + len)
}

fn is_break(c: char) -> bool {
    "，,。；;：:！？!?\n（(".contains(c)
}

/// Where the chain of titles before byte `at` starts: after the last break or space outside
/// parentheses (a heading's topic and its speaker's titles are separated by a space).
fn chain_start(text: &str, at: usize) -> usize {
    let mut depth = 0;
    for (i, c) in text[..at].char_indices().rev() {
        match c {
            ')' | '）' => depth += 1,
            '(' | '（' if depth > 0 => depth -= 1,
            c if depth == 0 && (is_break(c) || c == ' ' || "“”‘’\"".contains(c)) => {
                return i + c.len_utf8();
            }
            _ => {}
        }
    }
    0
}

/// Whether jieba's `nr` for `word` can be trusted without a title that only people bear: its
/// dictionary tags common words as names too (许可, 申请人, 文明, 荣誉), and those are
/// frequent, where the names in a document are rare or unknown to it (丁世忠, 陈曦).
fn plausible_name(word: &str) -> bool {
    word_frequency(word) < 100
}

fn han_len(s: &str) -> usize {
    s.chars()
        .take_while(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count()
}

fn person(span: Span, name: &str, titles: Vec<String>) -> Entity {
    Entity::new(
        "person",
        span,
        Value::Person(PersonValue {
            name: name.to_owned(),
            titles,
        }),
    )
}

/// Where a name is looked for next to a title, which decides what a window means.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Side {
    /// After a title: the window's first word.
    After,
    /// Before 代表: the window's last word, if not a common word.
    Before,
    /// Before a title only people bear (同志, 总书记): the window's last word.
    BeforePersonal,
}

/// The name `find` reads in `window`, remembered per thread: the same few windows come back
/// again and again (人民代表大会 puts 代表 after 级人民 in every regulation), and jieba is the
/// costly part of finding people.
fn memo(side: Side, window: &str, find: impl FnOnce(&str) -> Option<String>) -> Option<String> {
    thread_local! {
        static SEEN: RefCell<[FxHashMap<String, Option<String>>; 3]> = RefCell::default();
    }
    let side = side as usize;
    if let Some(found) = SEEN.with_borrow(|seen| seen[side].get(window).cloned()) {
        return found;
    }
    let found = find(window);
    SEEN.with_borrow_mut(|seen| {
        if seen[side].len() >= 8192 {
            seen[side].clear();
        }
        seen[side].insert(window.to_owned(), found.clone());
    });
    found
}

/// Other mentions of names already found with a title or in a field (`丁世忠介绍`): people with
/// no titles. `texts` are the paragraphs with their offsets.
pub fn known_names<'t>(texts: impl Iterator<Item = (&'t str, usize)>, out: &mut Vec<Entity>) {
    let mut names: Vec<String> = out
        .iter()
        .filter_map(|e| match &e.value {
            Value::Person(p) => Some(p.name.clone()),
            _ => None,
        })
        .collect();
    names.sort();
    names.dedup();
    if names.is_empty() {
        return;
    }
    let finder = NameFinder::new(&names);
    let people = Spans::new(
        out.iter()
            .filter(|e| e.kind == "person")
            .map(|e| e.span)
            .collect(),
    );
    let mut more = Vec::new();
    for (text, base) in texts {
        for (start, end, k) in finder.find(text) {
            let span = Span::new(base + start, base + end);
            if !people.hold(span) {
                more.push(person(span, &names[k], Vec::new()));
            }
        }
    }
    out.extend(more);
}

/// Finds a document's known names leftmost-longest without overlaps, as aho-corasick's
/// `LeftmostLongest` does, linear in the document however many people it names. Most
/// documents name a few, and building an automaton for them cost more than the search itself
/// (a fifth of a reply's people-finding; for a report of a meeting that names dozens, 2% of
/// the whole run): up to [`NameFinder::FEW`] names are each searched with a substring finder,
/// and their occurrences merged; more with aho-corasick's packed searcher (vector
/// instructions, built in a fraction of an automaton's time), or, where it cannot be built
/// (too many names, no vector instructions), with the name tables' index ([`Names`]).
enum NameFinder<'a> {
    Few(Vec<memchr::memmem::Finder<'a>>),
    Packed(aho_corasick::packed::Searcher),
    Indexed(Names),
}

impl<'a> NameFinder<'a> {
    const FEW: usize = 8;

    /// `names` are distinct and not empty.
    fn new(names: &'a [String]) -> NameFinder<'a> {
        if names.len() <= Self::FEW {
            return NameFinder::Few(names.iter().map(memchr::memmem::Finder::new).collect());
        }
        aho_corasick::packed::Config::new()
            .match_kind(aho_corasick::packed::MatchKind::LeftmostLongest)
            .builder()
            .extend(names)
            .build()
            .map_or_else(|| Self::indexed(names), NameFinder::Packed)
    }

    fn indexed(names: &[String]) -> NameFinder<'a> {
        NameFinder::Indexed(Names::new(names))
    }

    /// The names in `text`: (start, end, index of the name), in order.
    fn find(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let finders = match self {
            NameFinder::Packed(searcher) => {
                return searcher
                    .find_iter(text)
                    .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                    .collect();
            }
            NameFinder::Indexed(index) => {
                return index
                    .find_iter(text)
                    .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                    .collect();
            }
            NameFinder::Few(finders) => finders,
        };
        // every occurrence of every name, overlapping ones too: the next is looked for from a
        // byte after the last one's start (a name starts with a lead byte, so every occurrence
        // starts at a character)
        let mut all = Vec::new();
        for (k, finder) in finders.iter().enumerate() {
            let len = finder.needle().len();
            let mut at = 0;
            while let Some(i) = finder.find(&text.as_bytes()[at..]) {
                all.push((at + i, at + i + len, k));
                at += i + 1;
            }
        }
        // leftmost first, the longest there; then the next that starts after its end
        all.sort_unstable_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
        let mut end = 0;
        all.retain(|&(s, e, _)| {
            let keep = s >= end;
            if keep {
                end = e;
            }
            keep
        });
        all
    }
}

/// Finds people in `text` (byte offsets from `base`).
pub fn people(text: &str, base: usize, out: &mut Vec<Entity>) {
    people_near(text, base, near::signs(text, &TITLE_CHARS), out);
}

/// [`people`], where `signs` are the byte offsets of the characters of [`TITLE_CHARS`].
pub(super) fn people_near(
    text: &str,
    base: usize,
    signs: impl Iterator<Item = usize> + Clone,
    out: &mut Vec<Entity>,
) {
    let first = out.len();
    if let Some(name) = field_name(text) {
        out.push(person(
            Span::new(base + name.start, base + name.end),
            &text[name.clone()],
            Vec::new(),
        ));
    }
    near::find_words_near(
        &TITLE_BEFORE,
        &TITLE_BEFORE_INSIDE,
        text,
        signs.clone(),
        |t| {
            let rest = &text[t.end..];
            // a title followed by 会 or 团 is a body (委员会, 常委会, 主任会议, 主席团)
            if rest.starts_with(['会', '团']) {
                return;
            }
            let spaced = rest.starts_with(' ');
            let rest = rest.trim_start_matches(' ');
            let name_start = text.len() - rest.len();
            let at_line_end =
                spaced && (2..=3).contains(&han_len(rest)) && han_len(rest) == rest.chars().count();
            let name = if at_line_end {
                // at the end of a line (a heading), what follows the title is the name
                rest.to_owned()
            } else {
                let window = &rest[..rest.char_indices().nth(6).map_or(rest.len(), |(i, _)| i)];
                match memo(Side::After, window, |window| {
                    let tags = segment::tag(window);
                    let tok = tags.first()?;
                    (tok.tag.starts_with("nr")
                        && (2..=3).contains(&tok.word.chars().count())
                        && plausible_name(tok.word))
                    .then(|| tok.word.to_owned())
                }) {
                    Some(name) => name,
                    None => return,
                }
            };
            // the chain of titles runs back to the last break
            let chain_start = chain_start(text, t.start);
            let chain = text[chain_start..t.end].trim();
            let chain_start = t.end - chain.len();
            let titles: Vec<String> = chain
                .split('、')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            let span = Span::new(base + chain_start, base + name_start + name.len());
            out.push(person(span, &name, titles));
        },
    );
    near::find_words_near(&TITLE_AFTER, &TITLE_AFTER_INSIDE, text, signs, |t| {
        let head = &text[..t.start];
        let before = &head[head.char_indices().rev().nth(3).map_or(0, |(i, _)| i)..];
        // 同志 and 总书记 follow only people, even famous ones jieba knows well (毛泽东同志)
        let personal = &text[t.clone()] != "代表";
        let side = if personal {
            Side::BeforePersonal
        } else {
            Side::Before
        };
        let Some(name) = memo(side, before, |before| {
            let tags = segment::tag(before);
            let tok = tags.last()?;
            (tok.tag.starts_with("nr")
                && (2..=3).contains(&tok.word.chars().count())
                && (personal || plausible_name(tok.word)))
            .then(|| tok.word.to_owned())
        }) else {
            return;
        };
        let start = t.start - name.len();
        out.push(person(
            Span::new(base + start, base + t.end),
            &name,
            vec![text[t.clone()].to_owned()],
        ));
    });
    // one entity per person mention: the longest
    let mut found: Vec<Entity> = out.drain(first..).collect();
    found.sort_by_key(|e| (e.span.start, std::cmp::Reverse(e.span.end)));
    // each starts at or after those before it, so one of those holds it if the farthest end
    // among them reaches its end
    let mut reach = None;
    for e in found {
        if reach.is_none_or(|r| r < e.span.end) {
            reach = Some(e.span.end);
            out.push(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
        #[test]
        fn a_field_s_name_is_read_as_its_pattern_captures(
            text in proptest::prop_oneof![
                proptest::string::string_regex(
                    r"(?:领导署名|签发人|联系人)[：:]\s{0,2}[\p{Han}a 、〇]{0,6}.{0,2}"
                ).unwrap(),
                "[领导署名签发联系人：: \u{3000}吴丽榕a]{0,8}",
            ]
        ) {
            let by_pattern = FIELD.captures(&text).map(|c| c.get(1).expect("name").range());
            proptest::prop_assert_eq!(field_name(&text), by_pattern, "{:?}", text);
        }
    }

    fn run(text: &str) -> Vec<(String, String, Vec<String>)> {
        let mut out = Vec::new();
        people(text, 0, &mut out);
        out.iter()
            .map(|e| match &e.value {
                Value::Person(p) => (
                    e.span.slice(text).to_owned(),
                    p.name.clone(),
                    p.titles.clone(),
                ),
                _ => unreachable!(),
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn titles_are_found_as_their_patterns_find_them(
            text in "[副主席常委员会长党组书记董事总经理厅市省部代表同志团 ]{0,40}"
        ) {
            for alternatives in [TITLES_BEFORE, TITLES_AFTER] {
                proptest::prop_assert!(crate::patterns::literal_tests::agree(alternatives, &text));
            }
        }
    }

    #[test]
    fn every_title_holds_a_title_character() {
        for title in TITLES_BEFORE.split('|').chain(TITLES_AFTER.split('|')) {
            let title = title.trim_start_matches("副?");
            assert!(title.contains(TITLE_CHARS), "{title}");
        }
    }

    #[test]
    fn common_words_jieba_tags_as_names_are_not_people() {
        for t in [
            "临时要求发言的，经大会执行主席许可，始得发言。",
            "被推荐人或者申请人代表性的材料",
        ] {
            assert!(run(t).is_empty(), "{t}: {:?}", run(t));
        }
        assert_eq!(run("以毛泽东同志为主要代表")[0].1, "毛泽东");
    }

    #[test]
    fn titles_then_names() {
        assert_eq!(
            run("会上,全国政协常委、安踏集团董事局主席丁世忠从运动鞋服产业入手"),
            [(
                "全国政协常委、安踏集团董事局主席丁世忠".into(),
                "丁世忠".into(),
                vec!["全国政协常委".into(), "安踏集团董事局主席".into()]
            )]
        );
        assert_eq!(
            run("坚持创新引领推动产业发展 全国政协常委、安踏集团董事局主席 丁世忠")[0].1,
            "丁世忠"
        );
        assert_eq!(
            run("省政协常委、省制造业数字化设计工程研究中心主任 姚立纲")[0].1,
            "姚立纲"
        );
        assert_eq!(run("省政协常委陈敬辉建议,加强统筹")[0].1, "陈敬辉");
    }

    #[test]
    fn names_then_titles_and_fields() {
        assert_eq!(
            run("为贯彻落实习近平总书记关于新型工业化的重要论述")[0].0,
            "习近平总书记"
        );
        assert_eq!(
            run("陆盛彪代表：")[0],
            ("陆盛彪代表".into(), "陆盛彪".into(), vec!["代表".into()])
        );
        assert_eq!(
            run("领导署名：翁玉耀")[0],
            ("翁玉耀".into(), "翁玉耀".into(), vec![])
        );
        assert!(run("人大代表建议").is_empty());
        assert!(run("政协委员、经济领域的专家学者").is_empty());
    }

    #[test]
    fn chains_stop_at_spaces_quotes_and_open_parentheses() {
        assert_eq!(
            run("坚持创新引领推动产业发展 全国政协常委、安踏集团董事局主席 丁世忠")[0].0,
            "全国政协常委、安踏集团董事局主席 丁世忠"
        );
        assert_eq!(
            run("省政协常委、数字中国研究院(福建)院长宋志刚建议")[0].0,
            "省政协常委、数字中国研究院(福建)院长宋志刚"
        );
        assert_eq!(run("”省政协常委陈敬辉建议")[0].0, "省政协常委陈敬辉");
    }

    #[test]
    fn a_known_name_can_overlap_another_occurrence_of_itself() {
        // 王王 at 1 is passed over (李王 starts first), 王王 at 2 is not
        let names = ["李王".to_owned(), "王王".to_owned()];
        assert_eq!(
            NameFinder::new(&names).find("李王王王"),
            [(0, 6, 0), (6, 12, 1)]
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn known_names_are_found_as_an_automaton_finds_them(
            names in proptest::collection::btree_set("[王李小明]{1,3}", 1..=12),
            text in "[王李小明，a]{0,40}",
        ) {
            let names: Vec<String> = names.into_iter().collect();
            let automaton = aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(&names)
                .unwrap();
            let expected: Vec<(usize, usize, usize)> = automaton
                .find_iter(&text)
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            // each kind of finder: a few names, many, and many in the name tables' index
            proptest::prop_assert_eq!(&NameFinder::new(&names).find(&text), &expected);
            proptest::prop_assert_eq!(NameFinder::indexed(&names).find(&text), expected);
        }
    }
}

#[cfg(test)]
mod near_signs {
    use super::*;
    use proptest::prelude::*;

    fn titles_and_more() -> impl Strategy<Value = String> {
        let titles = format!("{TITLES_BEFORE}|{TITLES_AFTER}");
        near::drawn(&titles, "[的，会团主长副委员 a]{0,3}", 1..5)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn the_search_near_the_signs_finds_every_title(text in titles_and_more()) {
            for (searcher, inside) in [
                (&*TITLE_BEFORE, &*TITLE_BEFORE_INSIDE),
                (&*TITLE_AFTER, &*TITLE_AFTER_INSIDE),
            ] {
                let mut near = Vec::new();
                let signs = near::signs(&text, &TITLE_CHARS);
                near::find_words_near(searcher, inside, &text, signs, |m| near.push(m));
                let all: Vec<_> = searcher.find_iter(&text).map(|m| m.range()).collect();
                prop_assert_eq!(near, all, "{}", text);
            }
        }
    }
}
