//! Line-level patterns of Chinese official documents, shared by normalize (which must not join
//! a numbered line or a field line onto the line before it) and structure (which reads them).
//!
//! Everything here looks at one line (a paragraph of the normalized text) and answers without
//! allocation where it can: numbering at the start of a line, `key：value` fields, standalone
//! dates, document numbers (发文字号), issuer names and web-page chrome.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
#[cfg(test)]
use regex::Regex;

/// The memchr searcher for the string literal `$needle`, built once for the place it is
/// written: `str::contains` and `str::find` build one for every call, which on a line or a
/// paragraph costs about as much as the search itself, and for a single Chinese character they
/// look for its last byte, which many other characters share.
macro_rules! finder {
    ($needle:literal) => {{
        static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new($needle));
        &*FINDER
    }};
}
pub(crate) use finder;

/// Whether the text `$text` contains the string literal `$needle` (see [`finder!`]).
macro_rules! has_str {
    ($text:expr, $needle:literal) => {
        $crate::patterns::finder!($needle)
            .find($text.as_bytes())
            .is_some()
    };
}
pub(crate) use has_str;

/// A literal searcher that finds what the pattern `alternatives` finds: literals separated by
/// `|`, each perhaps opening with one optional character (`副?主席`). Leftmost-first, as the
/// pattern is, with the optional character's form first (`?` is greedy): for a list of literals
/// the regex engine costs several times as much a match.
pub(crate) fn literal_alternatives(alternatives: &str) -> AhoCorasick {
    let literals = alternatives.split('|').flat_map(|alt| {
        let mut chars = alt.chars();
        match (chars.next(), chars.next()) {
            (Some(_), Some('?')) => vec![alt.replacen('?', "", 1), chars.collect()],
            _ => vec![alt.to_owned()],
        }
    });
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .build(literals)
        .expect("literal searcher")
}

/// A numbering style, in the usual order of the hierarchy of Chinese official documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    /// 第一编 / 第一部分
    Part,
    /// 第一章
    Chapter,
    /// 第一节
    Section,
    /// 第一条
    Article,
    /// 一、
    CnComma,
    /// 第一，
    CnOrdinal,
    /// （一） or (一)
    CnParen,
    /// 1. / 1． / 1、
    ArabicDot,
    /// （1） or (1)
    ArabicParen,
    /// ①
    Circled,
    /// 一是 … 二是 …
    CnShi,
}

impl Style {
    pub fn name(self) -> &'static str {
        match self {
            Style::Part => "part",
            Style::Chapter => "chapter",
            Style::Section => "section",
            Style::Article => "article",
            Style::CnComma => "cn-comma",
            Style::CnOrdinal => "cn-ordinal",
            Style::CnParen => "cn-paren",
            Style::ArabicDot => "arabic-dot",
            Style::ArabicParen => "arabic-paren",
            Style::Circled => "circled",
            Style::CnShi => "cn-shi",
        }
    }
}

/// Numbering found at the start of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Numbering {
    pub style: Style,
    pub number: u32,
    /// Length in bytes of the label as written (`（一）`, `1.`, `第三条`).
    pub len: usize,
}

/// The value of a Chinese numeral such as `二十三`, `一百零五`, `〇`; `None` if `s` is not one.
pub fn cn_number(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let (mut total, mut pending) = (0u32, None::<u32>);
    for c in s.chars() {
        let d = match c {
            '零' | '〇' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            '十' | '百' | '千' => {
                let unit = match c {
                    '十' => 10,
                    '百' => 100,
                    _ => 1000,
                };
                total = total.checked_add(pending.unwrap_or(1).checked_mul(unit)?)?;
                pending = None;
                continue;
            }
            _ => return None,
        };
        // Two digits in a row are not a numeral (二三), except after a zero (一百零五).
        if matches!(pending, Some(p) if p != 0) {
            return None;
        }
        pending = Some(d);
    }
    Some(total + pending.unwrap_or(0))
}

fn take_while_str(s: &str, pred: impl Fn(char) -> bool) -> &str {
    let end = s
        .char_indices()
        .find(|&(_, c)| !pred(c))
        .map_or(s.len(), |(i, _)| i);
    &s[..end]
}

fn is_cn_numeral(c: char) -> bool {
    matches!(
        c,
        '零' | '〇'
            | '一'
            | '二'
            | '两'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
    )
}

/// Numbering at the very start of `line`, if any.
///
/// A number must be followed by its delimiter, and an Arabic `1.` must not be followed by a
/// digit (`1.85万亿元` is not numbering); years (`2023年`) have no delimiter and never match.
pub fn numbering(line: &str) -> Option<Numbering> {
    let first = line.chars().next()?;
    let rest = &line[first.len_utf8()..];
    if first == '第' {
        let num = take_while_str(rest, |c| is_cn_numeral(c) || c.is_ascii_digit());
        if num.is_empty() {
            return None;
        }
        let number = if num.bytes().all(|b| b.is_ascii_digit()) {
            num.parse().ok()?
        } else {
            cn_number(num)?
        };
        let after = &rest[num.len()..];
        let unit = after.chars().next()?;
        let style = match unit {
            '编' => Style::Part,
            '章' => Style::Chapter,
            '节' => Style::Section,
            '条' => Style::Article,
            '部' if after.starts_with("部分") => Style::Part,
            '，' | ',' | '、' if !num.bytes().any(|b| b.is_ascii_digit()) => Style::CnOrdinal,
            _ => return None,
        };
        let unit_len = if after.starts_with("部分") {
            "部分".len()
        } else {
            unit.len_utf8()
        };
        // 第一条 must not run into more text without a break, unless the text is a heading
        // such as 第一章总则; a clause reference such as 第一条规定 still starts a line rarely.
        return Some(Numbering {
            style,
            number,
            len: first.len_utf8() + num.len() + unit_len,
        });
    }
    if is_cn_numeral(first) {
        let num = take_while_str(line, is_cn_numeral);
        let after = &line[num.len()..];
        let number = cn_number(num)?;
        let delim = after.chars().next()?;
        let style = match delim {
            '、' | '．' => Style::CnComma,
            '是' => Style::CnShi,
            _ => return None,
        };
        if number == 0 {
            return None;
        }
        return Some(Numbering {
            style,
            number,
            len: num.len() + delim.len_utf8(),
        });
    }
    if first == '（' || first == '(' {
        let num = take_while_str(rest, |c| is_cn_numeral(c) || c.is_ascii_digit());
        let after = &rest[num.len()..];
        let close = after.chars().next()?;
        if num.is_empty() || !(close == '）' || close == ')') {
            return None;
        }
        let (style, number) = if num.bytes().all(|b| b.is_ascii_digit()) {
            if num.len() > 3 {
                return None;
            }
            (Style::ArabicParen, num.parse().ok()?)
        } else if num.chars().all(is_cn_numeral) {
            (Style::CnParen, cn_number(num)?)
        } else {
            return None;
        };
        if number == 0 {
            return None;
        }
        let len = first.len_utf8() + num.len() + close.len_utf8();
        // a reference to items, not an item: （一）至（三）项所列人员, （四）、（五）项
        let tail = &line[len..];
        let cited = ["项", "款"].iter().any(|unit| {
            tail.strip_prefix(unit).is_some_and(|t| {
                ["所", "规定", "的", "中", "和", "、", "至", "或"]
                    .iter()
                    .any(|w| t.starts_with(w))
            })
        });
        if cited
            || ["至", "、", "和", "或", "到"].iter().any(|w| {
                tail.strip_prefix(w)
                    .is_some_and(|t| t.starts_with(['（', '(']))
            })
        {
            return None;
        }
        return Some(Numbering { style, number, len });
    }
    if first.is_ascii_digit() {
        // Up to five digits: a year (2023、) is kept out by the structure stage, where a list
        // must start at 1 or continue the one before.
        let num = take_while_str(line, |c| c.is_ascii_digit());
        if num.len() > 5 {
            return None;
        }
        let after = &line[num.len()..];
        let delim = after.chars().next()?;
        if !matches!(delim, '.' | '．' | '、') {
            return None;
        }
        let next = after[delim.len_utf8()..].chars().next()?;
        if next.is_ascii_digit() || next == '%' {
            return None;
        }
        let number: u32 = num.parse().ok()?;
        if number == 0 {
            return None;
        }
        return Some(Numbering {
            style: Style::ArabicDot,
            number,
            len: num.len() + delim.len_utf8(),
        });
    }
    if ('①'..='⑳').contains(&first) {
        let number = first as u32 - '①' as u32 + 1;
        return Some(Numbering {
            style: Style::Circled,
            number,
            len: first.len_utf8(),
        });
    }
    None
}

/// Characters that end a sentence or a line that stands alone.
pub fn is_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '：' | ':' | '…')
}

/// Characters that end a clause but not a sentence.
pub fn is_soft_stop(c: char) -> bool {
    matches!(c, '，' | ',' | '、' | '；' | ';')
}

/// Whether quotes and brackets of `s` are balanced (a line that opens one and ends without
/// closing it was cut in the middle).
pub fn balanced(s: &str) -> bool {
    bracket_depth(s) == 0
}

/// Opening minus closing quotes and brackets in `s`: `“（(《〔「『【[` against `”）)》〕」』】]`.
pub fn bracket_depth(s: &str) -> i32 {
    // Every bracket but the ASCII ones is three bytes starting E2 80, E3 80 or EF BC. A lead
    // byte is never a continuation byte, so each byte position can be tested on its own, with
    // no stepping from character to character: blocks of 64 positions, counted in bytes, make
    // vector code. The last bytes are copied with zeros after them.
    const BLOCK: usize = 64;
    let b = s.as_bytes();
    let mut depth = 0;
    let mut start = 0;
    while start + BLOCK + 2 <= b.len() {
        depth += block_depth(&b[start..start + BLOCK + 2]);
        start += BLOCK;
    }
    // at most 65 bytes are left: one block, or two
    let mut last = [0u8; 2 * BLOCK + 2];
    let rest = &b[start..];
    last[..rest.len()].copy_from_slice(rest);
    depth += block_depth(&last[..BLOCK + 2]);
    if rest.len() > BLOCK {
        depth += block_depth(&last[BLOCK..]);
    }
    depth
}

/// [`bracket_depth`] of the characters starting in the first 64 of the 66 bytes of `b`.
fn block_depth(b: &[u8]) -> i32 {
    let (x, y, z) = (&b[..64], &b[1..65], &b[2..66]);
    let mut opening = 0u8;
    let mut closing = 0u8;
    for ((&x, &y), &z) in x.iter().zip(y).zip(z) {
        let (o, c) = bracket_at(x, y, z);
        opening += u8::from(o);
        closing += u8::from(c);
    }
    i32::from(opening) - i32::from(closing)
}

/// Whether the character that starts with the bytes `x y z` is an opening bracket, and
/// whether it is a closing one.
#[inline]
fn bracket_at(x: u8, y: u8, z: u8) -> (bool, bool) {
    // 《 》 「 」 『 』 【 】 〔 〕: U+300A–U+3015 but U+3012 and U+3013, openings even
    let cjk = (x == 0xE3) & (y == 0x80) & (0x8A..=0x95).contains(&z) & (z != 0x92) & (z != 0x93);
    let even = z & 1 == 0;
    let quote = (x == 0xE2) & (y == 0x80);
    let paren = (x == 0xEF) & (y == 0xBC);
    let opening =
        (x == b'(') | (x == b'[') | (quote & (z == 0x9C)) | (cjk & even) | (paren & (z == 0x88));
    let closing =
        (x == b')') | (x == b']') | (quote & (z == 0x9D)) | (cjk & !even) | (paren & (z == 0x89));
    (opening, closing)
}

/// A metadata or annotation field written as `key：value` on a line of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Source,
    ReplyCategory,
    Signer,
    Contact,
    Phone,
    Cc,
    Addressee,
    Responsible,
    Disclosure,
    /// Other page metadata (索引号, 发布日期, …): kept as metadata, not parsed further.
    Other,
}

impl Field {
    /// Whether the value may continue on the next line (a list can wrap; a name cannot).
    pub fn may_wrap(self) -> bool {
        matches!(self, Field::Cc | Field::Addressee | Field::Responsible)
    }
}

const FIELD_KEYS: &[(&str, Field)] = &[
    ("来源", Field::Source),
    ("信息来源", Field::Source),
    ("文章来源", Field::Source),
    ("答复类别", Field::ReplyCategory),
    ("领导署名", Field::Signer),
    ("签发人", Field::Signer),
    ("联系人", Field::Contact),
    ("联系电话", Field::Phone),
    ("联系方式", Field::Phone),
    ("抄送", Field::Cc),
    ("主送", Field::Addressee),
    ("责任单位", Field::Responsible),
    ("责任部门", Field::Responsible),
    ("牵头单位", Field::Responsible),
    ("牵头部门", Field::Responsible),
    ("公开方式", Field::Disclosure),
    ("公开属性", Field::Disclosure),
    ("索引号", Field::Other),
    ("发布日期", Field::Other),
    ("发布时间", Field::Other),
    ("发布机构", Field::Other),
    ("主题分类", Field::Other),
    ("成文日期", Field::Other),
];

/// A `key：value` field at the start of `line`: the field, and the byte offset where the value
/// starts (after the colon and any spaces).
pub fn field(line: &str) -> Option<(Field, usize)> {
    static FIRSTS: LazyLock<Vec<char>> = LazyLock::new(|| {
        FIELD_KEYS
            .iter()
            .filter_map(|(k, _)| k.chars().next())
            .collect()
    });
    if !FIRSTS.contains(&line.chars().next()?) {
        return None;
    }
    for &(key, f) in FIELD_KEYS {
        if let Some(rest) = line.strip_prefix(key) {
            let colon = rest.chars().next()?;
            if colon == '：' || colon == ':' {
                let value = &rest[colon.len_utf8()..];
                let skip = value.len() - value.trim_start().len();
                return Some((f, key.len() + colon.len_utf8() + skip));
            }
        }
    }
    None
}

/// A date parsed from a line: year, month, day, and whether it had to be repaired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineDate {
    pub year: u32,
    pub month: u32,
    pub day: u32,
    pub repaired: bool,
}

impl LineDate {
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The date-line patterns, which [`date_line`] reads by hand (compiling them took 0.3–0.6 ms of
/// a run, on the worker): the tests hold it to them.
#[cfg(test)]
static DATE_ARABIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]{4}) ?年 ?([0-9]{1,2}) ?月 ?([0-9]{1,2}) ?日$").unwrap());
#[cfg(test)]
static DATE_DAMAGED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]{4})([0-9]{2})([0-9]{2}) ?日$").unwrap());
#[cfg(test)]
static DATE_NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]{4})[-./]([0-9]{1,2})[-./]([0-9]{1,2})$").unwrap());
/// The longest line the date-line patterns match: `DATE_CN`'s four year numerals, 年, three
/// month numerals, 月, three day numerals and 日, 3 bytes each (`2024 年 12 月 31 日` is 22).
const DATE_LINE_MAX: usize = 4 * 3 + 3 + 3 * 3 + 3 + 3 * 3 + 3;
#[cfg(test)]
static DATE_CN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$").unwrap()
});
/// The numerals of a year written digit by digit (`DATE_CN`'s), and of a month or a day.
const YEAR_NUMERALS: &str = "〇零一二三四五六七八九";
const DAY_NUMERALS: &str = "一二三四五六七八九十";

pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

fn valid_date(year: u32, month: u32, day: u32, repaired: bool) -> Option<LineDate> {
    ((1900..=2100).contains(&year) && day >= 1 && day <= days_in_month(year, month)).then_some(
        LineDate {
            year,
            month,
            day,
            repaired,
        },
    )
}

/// A year written digit by digit in Chinese numerals (`二〇二四`).
fn cn_year(s: &str) -> Option<u32> {
    s.chars().try_fold(0u32, |y, ch| {
        Some(y * 10 + cn_number(ch.encode_utf8(&mut [0; 4]))?)
    })
}

/// A line that is nothing but a date (成文日期): `2024年5月20日`, `二〇二四年五月二十日`,
/// `2024-05-20`, or the OCR-damaged `20201223日` (repaired). Read as `DATE_ARABIC`,
/// `DATE_DAMAGED`, `DATE_NUMERIC` and `DATE_CN` match, in that order.
pub fn date_line(line: &str) -> Option<LineDate> {
    // Most lines are longer than any date line.
    if line.len() > DATE_LINE_MAX {
        return None;
    }
    if let Some((y, m, d)) = arabic_date(line) {
        return valid_date(y, m, d, false);
    }
    if let Some((y, m, d)) = damaged_date(line) {
        return valid_date(y, m, d, true);
    }
    if let Some((y, m, d)) = numeric_date(line) {
        return valid_date(y, m, d, false);
    }
    let (y, m, d) = cn_date(line)?;
    valid_date(cn_year(y)?, cn_number(m)?, cn_number(d)?, false)
}

/// The `min` to `max` ASCII digits that open `s` (as many as there are), as a number, and
/// what follows them.
fn digits(s: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    // one byte a digit
    let n = run(s, |c| c.is_ascii_digit(), max);
    if n < min {
        return None;
    }
    Some((s[..n].parse().ok()?, &s[n..]))
}

/// The length in bytes of the one to `max` characters of `class` that open `s` (0 if none).
fn run(s: &str, class: impl Fn(char) -> bool, max: usize) -> usize {
    s.char_indices()
        .take_while(|&(_, c)| class(c))
        .take(max)
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// The `min` to `max` characters of `class` that open `s` (as many as there are), and what
/// follows them.
fn chars_of<'s>(s: &'s str, min: usize, max: usize, class: &str) -> Option<(&'s str, &'s str)> {
    let (head, rest) = s.split_at(run(s, |c| class.contains(c), max));
    (head.chars().count() >= min).then_some((head, rest))
}

/// `s` after `sign`, and after a space before and after it if there is one.
fn spaced(s: &str, sign: char) -> Option<&str> {
    let s = s.strip_prefix(' ').unwrap_or(s).strip_prefix(sign)?;
    Some(s.strip_prefix(' ').unwrap_or(s))
}

/// `DATE_ARABIC`: `2024年5月20日`, `2024 年 7 月 22 日`.
fn arabic_date(line: &str) -> Option<(u32, u32, u32)> {
    let (ymd, rest) = arabic_date_at(line)?;
    rest.is_empty().then_some(ymd)
}

/// `DATE_ARABIC` at the start of `s`, not to its end: the year, month and day, and what
/// follows the 日.
fn arabic_date_at(s: &str) -> Option<((u32, u32, u32), &str)> {
    let (y, rest) = digits(s, 4, 4)?;
    let (m, rest) = digits(spaced(rest, '年')?, 1, 2)?;
    let (d, rest) = digits(spaced(rest, '月')?, 1, 2)?;
    let rest = rest.strip_prefix(' ').unwrap_or(rest).strip_prefix('日')?;
    Some(((y, m, d), rest))
}

/// The date of a validity line (`有效期至2027年12月31日`), as `VALID_UNTIL` finds it: its
/// year, month and day as written. Each 有效期 is tried in turn; what follows it can be read
/// one way only.
pub fn valid_until(line: &str) -> Option<(u32, u32, u32)> {
    const VALID: &str = "有效期";
    finder!("有效期").find_iter(line.as_bytes()).find_map(|at| {
        let rest = &line[at + VALID.len()..];
        let rest = ["至", "到", "截至"]
            .iter()
            .find_map(|w| rest.strip_prefix(w))?;
        arabic_date_at(rest).map(|(ymd, _)| ymd)
    })
}

/// The validity line's pattern, which [`valid_until`] reads.
#[cfg(test)]
static VALID_UNTIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"有效期(?:至|到|截至)([0-9]{4}) ?年 ?([0-9]{1,2}) ?月 ?([0-9]{1,2}) ?日").unwrap()
});

/// `DATE_DAMAGED`: `20201223日`.
fn damaged_date(line: &str) -> Option<(u32, u32, u32)> {
    let (ymd, rest) = digits(line, 8, 8)?;
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    (rest == "日").then_some((ymd / 10_000, ymd / 100 % 100, ymd % 100))
}

/// `DATE_NUMERIC`: `2024-05-20`, `2024.5.20`, `2024/05/20`.
fn numeric_date(line: &str) -> Option<(u32, u32, u32)> {
    let (y, rest) = digits(line, 4, 4)?;
    let (m, rest) = digits(rest.strip_prefix(['-', '.', '/'])?, 1, 2)?;
    let (d, rest) = digits(rest.strip_prefix(['-', '.', '/'])?, 1, 2)?;
    rest.is_empty().then_some((y, m, d))
}

/// `DATE_CN`: `二〇二四年五月二十日`, its year, month and day as written.
fn cn_date(line: &str) -> Option<(&str, &str, &str)> {
    let (y, rest) = chars_of(line, 4, 4, YEAR_NUMERALS)?;
    let (m, rest) = chars_of(rest.strip_prefix('年')?, 1, 3, DAY_NUMERALS)?;
    let (d, rest) = chars_of(rest.strip_prefix('月')?, 1, 3, DAY_NUMERALS)?;
    (rest == "日").then_some((y, m, d))
}

/// The dates of an adoption record; [`history_dates`] finds what it finds.
#[cfg(test)]
static HISTORY_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{4}|[〇零一二三四五六七八九]{4}) ?年 ?([0-9]{1,2}|[一二三四五六七八九十]{1,3}) ?月 ?([0-9]{1,2}|[一二三四五六七八九十]{1,3}) ?日")
        .unwrap()
});

/// The dates in `line` that the pattern [`HISTORY_DATE`] finds, leftmost first, without
/// overlaps (property-tested): four digits or four Chinese numerals, 年, a month of one or two
/// digits or one to three numerals, 月, a day the same and 日, with perhaps a space before and
/// after each of 年, 月 and 日. A date is read around its 年: the year is the four characters
/// before it, so there is one place where each date can start.
fn history_dates(line: &str) -> Vec<std::ops::Range<usize>> {
    // the length of a month or a day, then its unit, at the start of `s`
    fn number_then(s: &str, unit: char) -> Option<usize> {
        let n = match run(s, |c| c.is_ascii_digit(), 2) {
            0 => run(s, |c| DAY_NUMERALS.contains(c), 3),
            n => n,
        };
        let after = &s[n..];
        let space = usize::from(after.starts_with(' '));
        (n > 0 && after[space..].starts_with(unit)).then(|| n + space + unit.len_utf8())
    }
    // A date ends with 日, which no year holds: dates read around successive 年 never overlap.
    let mut found = Vec::new();
    for at in finder!("年").find_iter(line.as_bytes()) {
        let head = &line[..at];
        let head = head.strip_suffix(' ').unwrap_or(head);
        let (mut start, mut digits, mut numerals) = (at, 0, 0);
        for (i, d) in head.char_indices().rev().take(4) {
            start = i;
            digits += usize::from(d.is_ascii_digit());
            numerals += usize::from(YEAR_NUMERALS.contains(d));
        }
        if digits != 4 && numerals != 4 {
            continue;
        }
        let rest = &line[at + '年'.len_utf8()..];
        let space = usize::from(rest.starts_with(' '));
        let Some(month) = number_then(&rest[space..], '月') else {
            continue;
        };
        let rest = &rest[space + month..];
        let space2 = usize::from(rest.starts_with(' '));
        let Some(day) = number_then(&rest[space2..], '日') else {
            continue;
        };
        let end = at + '年'.len_utf8() + space + month + space2 + day;
        found.push(start..end);
    }
    found
}

/// The date of a match of [`history_dates`], as [`date_line`] reads it (property-tested): all
/// Arabic digits, or all Chinese numerals without spaces; a mixed date is not read.
fn history_date(m: &str) -> Option<LineDate> {
    let (year, rest) = m.split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let day = rest.strip_suffix('日')?;
    let [year, month, day] = [year, month, day].map(|s| s.trim_matches(' '));
    let arabic = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if arabic(year) && arabic(month) && arabic(day) {
        return valid_date(
            year.parse().ok()?,
            month.parse().ok()?,
            day.parse().ok()?,
            false,
        );
    }
    if m.contains(' ') {
        return None;
    }
    valid_date(cn_year(year)?, cn_number(month)?, cn_number(day)?, false)
}

/// One entry of a regulation's adoption record: its date, and the body whose session
/// adopted or amended the text (None for an approval or a publication).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    pub date: LineDate,
    pub adopted_by: Option<String>,
}

/// The session that adopted a text: `广东省第十二届人民代表大会常务委员会第二十三次会议`,
/// `北京市第九届人大常委会第三十一次会议`, `北京市人民政府第56次常务会议`. Read by hand by
/// [`session_of`].
#[cfg(test)]
const SESSION: &str = r"^\s*(?:经|由)?([市省县]|\p{Han}{2,20}?)(?:第?[一二三四五六七八九十0-9]+届(人民代表大会常务委员会|人大常委会|人民代表大会|人大)|(人民政府))第[一二三四五六七八九十0-9]+次";

/// The place and the body of the session that `head` starts with (`广东省`,
/// `人民代表大会常务委员会`), as [`SESSION`] matches it, read by hand (its capture engine cost
/// 20,000 instructions a record). The place is the shortest that the rest follows: one of
/// 市省县, or two to twenty Han characters; 经 or 由 before it is skipped if the rest follows
/// without it.
fn session_of(head: &str) -> Option<(&str, &'static str)> {
    let head = head.trim_start();
    let after_by = head.strip_prefix(['经', '由']);
    for s in after_by.into_iter().chain([head]) {
        let mut chars = s.char_indices();
        let Some((_, first)) = chars.next() else {
            continue;
        };
        let one = first.len_utf8();
        if matches!(first, '市' | '省' | '县')
            && let Some(body) = session_body(&s[one..])
        {
            return Some((&s[..one], body));
        }
        if !is_han(first) {
            continue;
        }
        for (i, c) in chars.take(19) {
            if !is_han(c) {
                break;
            }
            let end = i + c.len_utf8();
            if let Some(body) = session_body(&s[end..]) {
                return Some((&s[..end], body));
            }
        }
    }
    None
}

/// The body of a session's name after its place: `第十二届人民代表大会常务委员会第二十三次`
/// (the body, without the term, as the record names it in full) or `人民政府第56次`.
fn session_body(s: &str) -> Option<&'static str> {
    // a run of digits and Chinese numerals, one at least
    fn numeral(s: &str) -> Option<&str> {
        let rest = s
            .trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
        (rest.len() < s.len()).then_some(rest)
    }
    let (body, rest) = if let Some(rest) = s.strip_prefix("人民政府") {
        ("人民政府", rest)
    } else {
        let term = numeral(s.strip_prefix('第').unwrap_or(s))?.strip_prefix('届')?;
        [
            ("人民代表大会常务委员会", "人民代表大会常务委员会"),
            ("人大常委会", "人民代表大会常务委员会"),
            ("人民代表大会", "人民代表大会"),
            ("人大", "人民代表大会"),
        ]
        .into_iter()
        .find_map(|(name, body)| Some((body, term.strip_prefix(name)?)))?
    };
    numeral(rest.strip_prefix('第')?)?
        .starts_with('次')
        .then_some(body)
}

/// The entries of a regulation's adoption record (`2016年1月21日 广东省第十二届人民代表大会
/// 常务委员会第二十三次会议通过`, `根据2022年6月1日…修正`): a line that starts with a date
/// and says the text was adopted, amended, approved or published.
pub fn history_line(line: &str) -> Option<Vec<HistoryEntry>> {
    let line = line.trim_start_matches(['（', '(', ' ']);
    // the record starts with the date's year: a digit or a Chinese numeral
    if !line
        .chars()
        .next()
        .is_some_and(|c| c.is_numeric() || "〇零一二三四五六七八九".contains(c))
    {
        return None;
    }
    // and its 年 follows four digits or numerals, and perhaps a space
    let mut after_year = line.chars().skip(4);
    if !match after_year.next() {
        Some('年') => true,
        Some(' ') => after_year.next() == Some('年'),
        _ => false,
    } {
        return None;
    }
    let verb = ["通过", "修正", "修订", "批准", "公布"];
    if !verb.iter().any(|v| line.contains(v)) || !at_most_chars(line, 2000) {
        return None;
    }
    let dates = history_dates(line);
    if dates.first()?.start != 0 {
        return None;
    }
    let entries = dates
        .iter()
        .enumerate()
        .filter_map(|(k, m)| {
            let date = history_date(&line[m.clone()])?;
            let end = dates.get(k + 1).map_or(line.len(), |n| n.start);
            let entry = &line[m.end..end];
            let adopted = ["通过", "修正", "修订"].iter().any(|v| entry.contains(v))
                && !entry.contains("批准");
            // The session opens the entry, and none of its characters is a punctuation mark
            // (they are Han characters, digits and spaces): it ends before the first mark. It
            // is looked for only where a text was adopted, and names a 届 or a 人民政府.
            let head = entry
                .find(['，', '。', '；', '：', '《', '（', ',', ';', '('])
                .map_or(entry, |i| &entry[..i]);
            let session = adopted && (head.contains('届') || head.contains("人民政府"));
            let adopted_by = session
                .then(|| session_of(head))
                .flatten()
                .map(|(place, body)| format!("{place}{body}"));
            Some(HistoryEntry { date, adopted_by })
        })
        .collect::<Vec<_>>();
    (!entries.is_empty()).then_some(entries)
}

/// A document number (发文字号) such as `闽工信建议〔2024〕87号`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocNumber {
    pub prefix: String,
    pub year: u32,
    pub serial: u32,
    /// The closing bracket was lost (`闽发改商价〔2020669号`) and the year read as the first
    /// four digits.
    pub repaired: bool,
}

/// The pattern of a line that is nothing but a document number, which [`doc_number_line`]
/// reads by hand.
#[cfg(test)]
const DOC_NUMBER: &str = r"^(\p{Han}[\p{Han}A-Za-z0-9]{0,19}?) ?[〔\[［【(（] ?((?:19|20)[0-9]{2}) ?([〕\]］】)）])? ?([0-9]{1,5}) ?号$";

/// Whether `y`, four bytes, is a document number's year: 19xx or 20xx.
pub(crate) fn doc_number_year(y: &[u8]) -> bool {
    (y.starts_with(b"19") || y.starts_with(b"20")) && y.iter().all(u8::is_ascii_digit)
}

/// Brackets around a document number's year.
pub(crate) const DOC_NUMBER_OPEN: [char; 6] = ['〔', '[', '［', '【', '(', '（'];
pub(crate) const DOC_NUMBER_CLOSE: [char; 6] = ['〕', ']', '］', '】', ')', '）'];

/// Whether `c` is of the Han script, as `\p{Han}` says: the unified ideographs' main block at
/// once, the rest by a binary search of [`HAN`].
pub(crate) fn is_han(c: char) -> bool {
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return true;
    }
    // the first range that does not end before `c`
    let i = HAN.partition_point(|&(_, last)| last < c);
    HAN.get(i).is_some_and(|&(first, _)| first <= c)
}

/// The ranges of `\p{Han}` (first and last character), in order, as the regex engine's Unicode
/// tables have them (a test checks them against those).
const HAN: [(char, char); 22] = [
    ('\u{2E80}', '\u{2E99}'),
    ('\u{2E9B}', '\u{2EF3}'),
    ('\u{2F00}', '\u{2FD5}'),
    ('\u{3005}', '\u{3005}'),
    ('\u{3007}', '\u{3007}'),
    ('\u{3021}', '\u{3029}'),
    ('\u{3038}', '\u{303B}'),
    ('\u{3400}', '\u{4DBF}'),
    ('\u{4E00}', '\u{9FFF}'),
    ('\u{F900}', '\u{FA6D}'),
    ('\u{FA70}', '\u{FAD9}'),
    ('\u{16FE2}', '\u{16FE3}'),
    ('\u{16FF0}', '\u{16FF1}'),
    ('\u{20000}', '\u{2A6DF}'),
    ('\u{2A700}', '\u{2B739}'),
    ('\u{2B740}', '\u{2B81D}'),
    ('\u{2B820}', '\u{2CEA1}'),
    ('\u{2CEB0}', '\u{2EBE0}'),
    ('\u{2EBF0}', '\u{2EE5D}'),
    ('\u{2F800}', '\u{2FA1D}'),
    ('\u{30000}', '\u{3134A}'),
    ('\u{31350}', '\u{323AF}'),
];

/// The longest line [`DOC_NUMBER`] matches: 20 Han characters (4 bytes each at most), a
/// space, an opening bracket (3), a space, the year (4 digits), a space, a closing bracket (3),
/// a space, 5 digits, a space and 号 (3).
const DOC_NUMBER_LINE_MAX: usize = 20 * 4 + 1 + 3 + 1 + 4 + 1 + 3 + 1 + 5 + 1 + 3;

/// A line that is nothing but a document number, as `DOC_NUMBER` (a pattern the tests keep)
/// matches it, read by hand (a capture engine cost thousands of instructions a line). The
/// prefix is the run of Han characters, ASCII letters and digits the line starts with (the
/// pattern's shortest prefix is that whole run: none of its characters may follow the
/// prefix); without the closing bracket the year is the first four digits.
pub fn doc_number_line(line: &str) -> Option<DocNumber> {
    // anchored at both ends: a longer line cannot match, nor one not ending in 号
    if line.len() > DOC_NUMBER_LINE_MAX {
        return None;
    }
    let rest = line.strip_suffix('号')?;
    let rest = rest.strip_suffix(' ').unwrap_or(rest);
    let mut chars = line.char_indices();
    let mut prefix_end = 0;
    for (n, (i, c)) in chars.by_ref().enumerate() {
        if !(is_han(c) || n > 0 && c.is_ascii_alphanumeric()) {
            prefix_end = i;
            break;
        }
        if n == 20 {
            return None;
        }
    }
    if prefix_end == 0 {
        return None;
    }
    let tail = skip_space(line.get(prefix_end..rest.len())?);
    let tail = skip_space(tail.strip_prefix(DOC_NUMBER_OPEN)?);
    let year = tail.get(..4).filter(|y| doc_number_year(y.as_bytes()))?;
    let tail = skip_space(&tail[4..]);
    let closed = tail.strip_prefix(DOC_NUMBER_CLOSE);
    let serial = skip_space(closed.unwrap_or(tail));
    if !(1..=5).contains(&serial.len()) || !serial.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(DocNumber {
        prefix: line[..prefix_end].to_owned(),
        year: year.parse().ok()?,
        serial: serial.parse().ok()?,
        repaired: closed.is_none(),
    })
}

/// `s` without the one space it may start with.
fn skip_space(s: &str) -> &str {
    s.strip_prefix(' ').unwrap_or(s)
}

const ORG_SUFFIXES: &[&str] = &[
    "办公厅",
    "办公室",
    "人民政府",
    "委员会",
    "管委会",
    "常委会",
    "党委",
    "政府",
    "厅",
    "局",
    "委",
    "部",
    "署",
    "院",
    "中心",
    "办",
    "会",
    "社",
    "行",
    "司",
    "所",
    "处",
    "室",
    "站",
    "馆",
    "队",
    "联",
    "集团",
];

/// The characters `names` end with, sorted and without repeats, for a binary search.
pub(crate) fn last_chars<'a>(names: impl Iterator<Item = &'a str>) -> Vec<char> {
    let mut ends: Vec<char> = names.filter_map(|n| n.chars().next_back()).collect();
    ends.sort_unstable();
    ends.dedup();
    ends
}

/// A short line that is one or more organization names (发文机关 in a header or signature),
/// separated by spaces: the names' byte ranges within `line`.
pub fn issuer_names(line: &str) -> Option<Vec<(usize, usize)>> {
    static ENDS: LazyLock<Vec<char>> = LazyLock::new(|| last_chars(ORG_SUFFIXES.iter().copied()));
    // the last name ends the line: most lines fail here, at their last character (most end in
    // punctuation), before their spaces are looked for
    let last = line.trim_end_matches(' ');
    let end = last.chars().next_back();
    if end.is_none_or(|c| ENDS.binary_search(&c).is_err())
        || !ORG_SUFFIXES.iter().any(|s| last.ends_with(s))
    {
        return None;
    }
    let mut out = Vec::new();
    let mut pos = 0;
    for part in line.split(' ') {
        let start = pos;
        pos += part.len() + 1;
        if part.is_empty() {
            continue;
        }
        // the cheap tests first: most lines end in punctuation
        let ok = ORG_SUFFIXES.iter().any(|s| part.ends_with(s))
            && (3..=30).contains(&part.chars().count())
            && !part.starts_with("关于")
            && part.chars().all(|c| {
                ('\u{4e00}'..='\u{9fff}').contains(&c) || matches!(c, '（' | '）' | '(' | ')' | '·')
            })
            && balanced(part);
        if !ok {
            return None;
        }
        out.push((start, start + part.len()));
    }
    (!out.is_empty()).then_some(out)
}

/// Document kinds (文种), longest first so that 协办意见 wins over 意见.
pub const KINDS: &[&str] = &[
    "协办意见",
    "实施意见",
    "若干措施",
    "实施细则",
    "实施方案",
    "工作方案",
    "行动方案",
    "行动计划",
    "答复",
    "意见",
    "通知",
    "办法",
    "方案",
    "决定",
    "报告",
    "纪要",
    "批复",
    "通报",
    "公告",
    "通告",
    "请示",
    "规定",
    "条例",
    "细则",
    "规则",
    "措施",
    "规划",
    "计划",
    "决议",
    "命令",
    "议案",
    "公报",
    "指引",
    "指南",
    "要点",
    "章程",
    "函",
];

/// The document kind a title names: the kind its last words are (`…的答复` -> 答复).
pub fn kind_of_title(title: &str) -> Option<&'static str> {
    let t =
        title.trim_end_matches(|c: char| c == '》' || c == '）' || c == ')' || c.is_whitespace());
    let t = t.split(['（', '(']).next().unwrap_or(t);
    let kind = KINDS.iter().copied().find(|k| t.ends_with(k))?;
    Some(match kind {
        "实施意见" => "意见",
        "实施细则" => "细则",
        "实施方案" | "工作方案" | "行动方案" => "方案",
        "行动计划" => "计划",
        "若干措施" => "措施",
        k => k,
    })
}

/// Whether `s` has at most `n` characters; its length in bytes often says (a character takes
/// one to four), and then nothing is counted.
pub fn at_most_chars(s: &str, n: usize) -> bool {
    s.len() <= n || (may_have_at_most_chars(s, n) && s.chars().count() <= n)
}

/// Whether `s` is short enough in bytes to have at most `n` characters (four bytes each at
/// most): the test before a search that [`at_most_chars`] follows, for the lines too long to
/// be searched at all.
pub fn may_have_at_most_chars(s: &str, n: usize) -> bool {
    s.len() <= 4 * n
}

/// A line that reads as a title: 关于… ending in a document kind, with no sentence punctuation.
pub fn title_like(line: &str) -> bool {
    // longer lines are not searched
    may_have_at_most_chars(line, 80)
        && (has_str!(line, "关于") || has_str!(line, "印发"))
        && at_most_chars(line, 80)
        && kind_of_title(line).is_some()
        && !line.contains('。')
}

/// A line that is only page chrome: links, buttons and counters of a web page. Read by
/// [`chrome_line`]; the pattern is what the tests hold it to.
#[cfg(test)]
const CHROME_LINE: &str = concat!(
    r"^(?:获取更多资讯|热门跟贴|热门跟帖|附件下载|打印本页|关闭窗口|【?打印】?|【?关闭】?|返回顶部|",
    r"扫一扫.*|分享到.*|【?字体[:：].*|字号[:：].*|责任编辑[:：].*|相关阅读|相关链接|",
    r"上一篇[:：].*|下一篇[:：].*|网站地图|我要纠错|浏览次数[:：].*|阅读次数[:：].*|",
    r"(?:\[|【)?(?:打印|关闭|收藏)(?:\]|】)?(?: ?(?:\[|【)?(?:打印|关闭|收藏)(?:\]|】)?)*)$"
);

/// A reporter's byline: `□本报记者 郑雨萱`, `（记者 王毅 整理）`. Read by [`byline`]; the
/// pattern is what the tests hold it to.
#[cfg(test)]
const BYLINE: &str = r"^(?:□|■)?(?:本报|本台|新华社)?(?:记者|通讯员)[ \p{Han}]{0,30}$|^[（(](?:本报)?(?:记者|通讯员)[ \p{Han}]{0,30}[)）]$";

/// A photograph's caption: `生产线 本报记者 王毅 摄`, `图为…`. Read by [`caption`]; the
/// pattern is what the tests hold it to.
#[cfg(test)]
const CAPTION: &str = r"(?:记者|通讯员|摄影)[ \p{Han}]{0,20} ?摄$|^图[为:：]";

/// Whether `s` is at most `n` characters, each a space or of the Han script (the names after
/// 记者 in a byline or caption).
fn names_run(s: &str, n: usize) -> bool {
    let mut count = 0;
    s.chars().all(|c| {
        count += 1;
        count <= n && (c == ' ' || is_han(c))
    })
}

/// `s` after the 记者 or 通讯员 it starts with.
fn after_reporter(s: &str) -> Option<&str> {
    s.strip_prefix("记者").or_else(|| s.strip_prefix("通讯员"))
}

/// A line that is a byline, as [`BYLINE`] matches it, read by hand (compiling the pattern's
/// two runs of thirty Unicode classes took 2 ms of a run). Each optional part is taken when
/// present: the part after it cannot begin as it does.
fn byline(line: &str) -> bool {
    if let Some(inner) = line.strip_prefix(['（', '(']) {
        // in brackets: the names end at the closing one, the line's last character
        let Some(inner) = inner.strip_suffix([')', '）']) else {
            return false;
        };
        let inner = inner.strip_prefix("本报").unwrap_or(inner);
        return after_reporter(inner).is_some_and(|names| names_run(names, 30));
    }
    let s = line.strip_prefix(['□', '■']).unwrap_or(line);
    let s = ["本报", "本台", "新华社"]
        .iter()
        .find_map(|paper| s.strip_prefix(paper))
        .unwrap_or(s);
    after_reporter(s).is_some_and(|names| names_run(names, 30))
}

/// A line that is a caption, as [`CAPTION`] matches it, read by hand (the pattern took 1 ms to
/// compile): 图为, 图: or 图： first, or 摄 last after 记者, 通讯员 or 摄影 and up to twenty
/// spaces and Han characters, one more when the last of them is the space before 摄.
fn caption(line: &str) -> bool {
    if line
        .strip_prefix('图')
        .is_some_and(|rest| rest.starts_with(['为', ':', '：']))
    {
        return true;
    }
    let Some(body) = line.strip_suffix('摄') else {
        return false;
    };
    let limit = if body.ends_with(' ') { 21 } else { 20 };
    // `body[end..]` is the run of names, grown back one character at a time
    let (mut end, mut names) = (body.len(), 0);
    loop {
        let head = &body[..end];
        if head.ends_with("记者") || head.ends_with("通讯员") || head.ends_with("摄影") {
            return true;
        }
        match head.chars().next_back() {
            Some(c) if names < limit && (c == ' ' || is_han(c)) => {
                end -= c.len_utf8();
                names += 1;
            }
            _ => return false,
        }
    }
}

/// A line that is only page chrome, as [`CHROME_LINE`] matches it, read by hand (compiling the
/// pattern took 1.4 M instructions of every run): one of a few links, a counter or a link
/// followed by anything, or buttons (打印, 关闭, 收藏, each perhaps in brackets) separated by
/// a space or nothing. Each optional part is taken when present: what follows it cannot begin
/// as it does.
fn chrome_line(line: &str) -> bool {
    const WHOLE: [&str; 11] = [
        "获取更多资讯",
        "热门跟贴",
        "热门跟帖",
        "附件下载",
        "打印本页",
        "关闭窗口",
        "返回顶部",
        "相关阅读",
        "相关链接",
        "网站地图",
        "我要纠错",
    ];
    // followed by anything on the line; the last six by a colon first
    const OPENINGS: [&str; 2] = ["扫一扫", "分享到"];
    const FIELDS: [&str; 8] = [
        "字体",
        "【字体",
        "字号",
        "责任编辑",
        "上一篇",
        "下一篇",
        "浏览次数",
        "阅读次数",
    ];
    const BUTTONS: [&str; 3] = ["打印", "关闭", "收藏"];
    // most lines begin with none of the first characters above
    let first = line.chars().next().unwrap_or('\n');
    if !matches!(
        first,
        '获' | '热'
            | '附'
            | '打'
            | '关'
            | '返'
            | '相'
            | '网'
            | '我'
            | '扫'
            | '分'
            | '字'
            | '【'
            | '责'
            | '上'
            | '下'
            | '浏'
            | '阅'
            | '['
            | '收'
    ) {
        return false;
    }
    if WHOLE.contains(&line) {
        return true;
    }
    let rest = OPENINGS
        .iter()
        .find_map(|o| line.strip_prefix(o))
        .or_else(|| {
            FIELDS
                .iter()
                .find_map(|f| line.strip_prefix(f)?.strip_prefix([':', '：']))
        });
    if let Some(rest) = rest {
        // `.` is any character but a line break
        return !rest.contains('\n');
    }
    let mut s = line;
    loop {
        let opened = s.strip_prefix(['[', '【']).unwrap_or(s);
        let Some(after) = BUTTONS.iter().find_map(|b| opened.strip_prefix(b)) else {
            return false;
        };
        let closed = after.strip_prefix([']', '】']).unwrap_or(after);
        if closed.is_empty() {
            return true;
        }
        s = closed.strip_prefix(' ').unwrap_or(closed);
    }
}

/// What kind of page chrome a line is, if it is only that.
pub fn boilerplate(line: &str) -> Option<&'static str> {
    if line.starts_with("<!--") && line.ends_with("-->") {
        return Some("html");
    }
    if chrome_line(line) {
        return Some("chrome");
    }
    // a byline names a reporter; a caption ends with 摄 or starts with 图
    if may_have_at_most_chars(line, 40)
        && (has_str!(line, "记者") || has_str!(line, "通讯员"))
        && at_most_chars(line, 40)
        && byline(line)
    {
        return Some("byline");
    }
    if (line.ends_with('摄') || line.starts_with('图')) && at_most_chars(line, 120) && caption(line)
    {
        return Some("caption");
    }
    None
}

/// `（此件主动公开）` and its kin: the disclosure value (主动公开, 依申请公开, 不予公开).
pub fn disclosure_line(line: &str) -> Option<&str> {
    let inner = line.strip_prefix(['（', '('])?.strip_suffix(['）', ')'])?;
    let value = inner.strip_prefix("此件")?;
    matches!(
        value,
        "主动公开" | "依申请公开" | "不予公开" | "公开发布" | "删减后公开"
    )
    .then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`date_line`] as the patterns read it.
    fn date_line_by_regex(line: &str) -> Option<LineDate> {
        let num = |s: &str| s.parse::<u32>().ok();
        if let Some(c) = DATE_ARABIC.captures(line) {
            return valid_date(num(&c[1])?, num(&c[2])?, num(&c[3])?, false);
        }
        if let Some(c) = DATE_DAMAGED.captures(line) {
            return valid_date(num(&c[1])?, num(&c[2])?, num(&c[3])?, true);
        }
        if let Some(c) = DATE_NUMERIC.captures(line) {
            return valid_date(num(&c[1])?, num(&c[2])?, num(&c[3])?, false);
        }
        let c = DATE_CN.captures(line)?;
        valid_date(cn_year(&c[1])?, cn_number(&c[2])?, cn_number(&c[3])?, false)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// Lines drawn from the four patterns, and near misses: a character more or less at
        /// either end, and runs of the characters they hold.
        #[test]
        fn a_date_line_reads_as_its_patterns_read_it(
            line in prop_oneof![
                "[0-9]{3,5} ?年 ?[0-9]{1,3} ?月 ?[0-9]{1,3} ?日 ?",
                "[0-9]{7,9} ?日",
                "[0-9]{3,5}[-./年][0-9]{1,3}[-./ ][0-9]{1,3}[-./]?",
                "[〇零一二三四五六七八九十]{3,5}年[一二三四五六七八九十百]{1,4}月[一二三四五六七八九十]{1,4}日?",
                "[0-9 年月日〇二十.-]{0,12}",
                // valid dates, which the reader must read to the same numbers
                "(19|20)[0-9]{2} ?年 ?(1[0-2]|0?[1-9]) ?月 ?([12][0-9]|3[01]|0?[1-9]) ?日",
                "20[0-9]{2}(0[1-9]|1[0-2])([0-2][1-9]) ?日",
                "20[0-9]{2}[-./](1[0-2]|0?[1-9])[-./]([12][0-9]|3[01]|0?[1-9])",
                "[一二][〇零九][〇零一二三四五六七八九]{2}年(一十[一二]|十[一二]?|[一二三四五六七八九])月(二十[一二三四五六七八九]|三十一?|一?十[一二三四五六七八九]?|[一二三四五六七八九])日",
            ],
            before in "[ 于a]?",
            after in "[ 日号a]?",
        ) {
            for line in [line.clone(), format!("{before}{line}"), format!("{line}{after}")] {
                prop_assert_eq!(
                    date_line(&line).map(|d| (d.iso(), d.repaired)),
                    date_line_by_regex(&line).map(|d| (d.iso(), d.repaired)),
                    "{}", line
                );
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// Validity lines and near misses, with more than one 有效期 in some.
        #[test]
        fn a_validity_line_reads_as_its_pattern_reads_it(
            parts in proptest::collection::vec(
                prop_oneof![
                    "有效期(至|到|截至|截止)?",
                    "[0-9]{3,5} ?年 ?[0-9]{1,3} ?月 ?[0-9]{1,3} ?日?",
                    "[0-9 年月日有效期至a]{0,6}",
                ],
                0..5,
            )
        ) {
            let line = parts.concat();
            let expected = VALID_UNTIL.captures(&line).map(|c| {
                let num = |i: usize| c[i].parse::<u32>().expect("digits");
                (num(1), num(2), num(3))
            });
            prop_assert_eq!(valid_until(&line), expected, "{}", line);
        }
    }

    #[test]
    fn the_han_table_is_the_regex_engine_s() {
        use regex_syntax::hir::{Class, HirKind};
        let hir = regex_syntax::parse(r"\p{Han}").expect("Han");
        let HirKind::Class(Class::Unicode(class)) = hir.kind() else {
            panic!("a class");
        };
        let ranges: Vec<(char, char)> = class.iter().map(|r| (r.start(), r.end())).collect();
        assert_eq!(ranges, HAN);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn chrome_lines_are_read_as_their_pattern_matches(
            line in prop_oneof![
                // the pattern without its anchors, which proptest does not draw from
                proptest::string::string_regex(&CHROME_LINE[1..CHROME_LINE.len() - 1]).unwrap(),
                "[【打印关闭扫字分x ：]{0,2}",
                "[收藏热门跟贴扫一下篇：【】 ]{0,6}",
                // near misses: the buttons, brackets, spaces and line breaks in any order
                "[\\[\\]【】打印关闭收藏 \n:：字体号]{0,12}",
            ]
        ) {
            static CHROME: LazyLock<Regex> = LazyLock::new(|| Regex::new(CHROME_LINE).unwrap());
            prop_assert_eq!(chrome_line(&line), CHROME.is_match(&line), "{:?}", line);
        }
    }

    #[test]
    fn chrome_lines() {
        for (line, is) in [
            ("【打印】 【关闭】", true),
            ("[打印][关闭]收藏", true),
            ("打印  关闭", false),
            ("【字体：大 中 小", true),
            ("字体", false),
            ("责任编辑：林", true),
            ("分享到：\n微信", false),
            ("打印本页", true),
            ("打印本页 ", false),
            ("【】", false),
            ("", false),
        ] {
            assert_eq!(chrome_line(line), is, "{line:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn bylines_and_captions_are_read_as_their_patterns_match(
            line in prop_oneof![
                // the patterns without their anchors, which proptest does not draw from
                proptest::string::string_regex(
                    r"(?:□|■)?(?:本报|本台|新华社)?(?:记者|通讯员)[ \p{Han}]{0,32}"
                ).unwrap(),
                proptest::string::string_regex(
                    r"[（(](?:本报)?(?:记者|通讯员)[ \p{Han}]{0,32}[)）]"
                ).unwrap(),
                proptest::string::string_regex(
                    r".{0,3}(?:记者|通讯员|摄影)[ \p{Han}]{0,22} ?摄"
                ).unwrap(),
                proptest::string::string_regex(r"图[为:：a]?.{0,3}").unwrap(),
                // near misses: the words, spaces, brackets and names in any order
                "[□■（()）本报台新华社记者通讯员摄影图为:：王毅 xの〇々]{0,40}",
            ]
        ) {
            static PATTERNS: LazyLock<[Regex; 2]> = LazyLock::new(|| {
                [Regex::new(BYLINE).unwrap(), Regex::new(CAPTION).unwrap()]
            });
            prop_assert_eq!(byline(&line), PATTERNS[0].is_match(&line), "byline {:?}", line);
            prop_assert_eq!(caption(&line), PATTERNS[1].is_match(&line), "caption {:?}", line);
        }
    }

    #[test]
    fn bylines_and_captions_at_their_lengths() {
        let han = |n: usize| "王".repeat(n);
        for (line, is) in [
            (format!("记者{}", han(30)), true),
            (format!("记者{}", han(31)), false),
            (format!("（本报记者{}）", han(30)), true),
            (format!("（本报记者{}）", han(31)), false),
            (format!("（记者{}", han(3)), false),
            ("■新华社通讯员 〇々".to_owned(), true),
        ] {
            assert_eq!(byline(&line), is, "{line}");
        }
        for (line, is) in [
            (format!("记者{}摄", han(20)), true),
            (format!("记者{}摄", han(21)), false),
            (format!("记者{} 摄", han(20)), true),
            (format!("记者{} 摄", han(21)), false),
            (format!("记者{}  摄", han(19)), true),
            (format!("记者{}  摄", han(20)), false),
            (format!("九牧的生产线，摄影{}摄", han(2)), true),
            ("图：福州".to_owned(), true),
            ("图片 记者摄".to_owned(), true),
            ("图片".to_owned(), false),
            ("记者,王毅摄".to_owned(), false),
        ] {
            assert_eq!(caption(&line), is, "{line}");
        }
    }

    #[test]
    fn length_bounds_of_the_whole_line_patterns() {
        // the longest lines the patterns match, with 4-byte Han characters
        let date = "二〇二四年十二十月三十一日";
        assert!(DATE_CN.is_match(date));
        assert_eq!(date.len(), DATE_LINE_MAX);
        for date in ["2024 年 12 月 31 日", "20241231 日", "2024-12-31"] {
            assert!(
                date_line(date).is_some() && date.len() < DATE_LINE_MAX,
                "{date}"
            );
        }
        let number = format!("{} 【 1920 】 12345 号", "𠀀".repeat(20));
        assert!(DOC_NUMBER_REGEX.is_match(&number));
        assert_eq!(number.len(), DOC_NUMBER_LINE_MAX);
        assert!(doc_number_line("闽政〔2023〕7号").is_some());
    }

    fn num(line: &str) -> Option<(Style, u32, &str)> {
        numbering(line).map(|n| (n.style, n.number, &line[..n.len]))
    }

    #[test]
    fn chinese_numerals() {
        for (s, v) in [
            ("一", 1),
            ("十", 10),
            ("十一", 11),
            ("二十", 20),
            ("二十三", 23),
            ("一百零五", 105),
            ("两", 2),
            ("一百二十", 120),
        ] {
            assert_eq!(cn_number(s), Some(v), "{s}");
        }
        assert_eq!(cn_number("甲"), None);
        assert_eq!(cn_number(""), None);
    }

    #[test]
    fn numbering_styles() {
        use Style::*;
        assert_eq!(num("一、统筹产业布局"), Some((CnComma, 1, "一、")));
        assert_eq!(num("十二、附则"), Some((CnComma, 12, "十二、")));
        assert_eq!(num("（二十三）构建"), Some((CnParen, 23, "（二十三）")));
        assert_eq!(num("(一)实施"), Some((CnParen, 1, "(一)")));
        assert_eq!(num("1.加强"), Some((ArabicDot, 1, "1.")));
        assert_eq!(num("25.实施"), Some((ArabicDot, 25, "25.")));
        assert_eq!(num("2．钢铁"), Some((ArabicDot, 2, "2．")));
        assert_eq!(num("3、装备"), Some((ArabicDot, 3, "3、")));
        assert_eq!(num("（1）市场"), Some((ArabicParen, 1, "（1）")));
        assert_eq!(num("(12)市场"), Some((ArabicParen, 12, "(12)")));
        assert_eq!(num("②其他"), Some((Circled, 2, "②")));
        assert_eq!(num("第一章 总则"), Some((Chapter, 1, "第一章")));
        assert_eq!(num("第二节 规划"), Some((Section, 2, "第二节")));
        assert_eq!(num("第十五条 本条例"), Some((Article, 15, "第十五条")));
        assert_eq!(num("第12条 本条例"), Some((Article, 12, "第12条")));
        assert_eq!(num("第二，提高"), Some((CnOrdinal, 2, "第二，")));
        assert_eq!(num("一是加大力度"), Some((CnShi, 1, "一是")));
    }

    #[test]
    fn false_numbering() {
        for line in [
            "2023年全省",
            "1.85万亿元",
            "12.5%",
            "一些企业",
            "第一时间申报",
            "（此件主动公开）",
            "(责任单位:省工信厅)",
            "123456.项目",
            "第",
            "1.",
            "（一）至（三）项所列人员",
            "（四）、（五）项所列人员",
            "（二）项规定的",
        ] {
            assert_eq!(numbering(line), None, "{line}");
        }
        for line in ["（三）项目管理", "（一）目标任务", "（二）款项拨付"] {
            assert!(numbering(line).is_some(), "{line}");
        }
    }

    #[test]
    fn fields() {
        assert_eq!(
            field("联系人：吴丽榕"),
            Some((Field::Contact, "联系人：".len()))
        );
        assert_eq!(
            field("来源:福建省人民政府门户网站"),
            Some((Field::Source, "来源:".len()))
        );
        assert_eq!(field("抄送： 省人大"), Some((Field::Cc, "抄送： ".len())));
        assert_eq!(
            field("答复类别：B类").map(|f| f.0),
            Some(Field::ReplyCategory)
        );
        assert_eq!(
            field("责任单位：市工信局").map(|f| f.0),
            Some(Field::Responsible)
        );
        assert_eq!(field("来源于群众"), None);
    }

    #[test]
    fn history_lines() {
        let d = |s| {
            history_line(s).map(|h| {
                let last = h
                    .iter()
                    .max_by_key(|e| (e.date.year, e.date.month, e.date.day));
                last.unwrap().date.iso()
            })
        };
        let h = history_line(
            "1989年11月18日 青岛市第十届人民代表大会常务委员会第十三次会议通过\
             1989年12月29日 山东省第七届人民代表大会常务委员会第十三次会议批准\
             1990年1月8日 青岛市人民代表大会常务委员会公告公布",
        )
        .unwrap();
        let by: Vec<_> = h.iter().map(|e| e.adopted_by.as_deref()).collect();
        assert_eq!(by, [Some("青岛市人民代表大会常务委员会"), None, None]);
        assert_eq!(
            history_line("2001年2月13日上海市第十一届人民代表大会第四次会议通过").unwrap()[0]
                .adopted_by
                .as_deref(),
            Some("上海市人民代表大会")
        );
        let by = |s| history_line(s).unwrap()[0].adopted_by.clone();
        assert_eq!(
            by("1991年12月21日 北京市第九届人大常委会第三十一次会议通过").as_deref(),
            Some("北京市人民代表大会常务委员会")
        );
        assert_eq!(
            by("2006年11月17日 北京市人民政府第56次常务会议审议通过").as_deref(),
            Some("北京市人民政府")
        );
        assert_eq!(
            by("2017年8月31日 经酉阳土家族苗族自治县第八届人民代表大会第5次会议通过").as_deref(),
            Some("酉阳土家族苗族自治县人民代表大会")
        );
        assert_eq!(
            d("2016年1月21日 广东省第十二届人民代表大会常委员会第二十三次会议通过"),
            Some("2016-01-21".into())
        );
        assert_eq!(
            d("（2002年7月18日北京市第十一届人大常委会通过 根据2021年9月24日决定修正）"),
            Some("2021-09-24".into())
        );
        assert_eq!(d("2016年1月21日召开座谈会"), None);
        assert_eq!(d("根据2016年1月21日会议通过"), None);
    }

    #[test]
    fn date_lines() {
        let d = |s| date_line(s).map(|d| (d.iso(), d.repaired));
        assert_eq!(d("2024年5月20日"), Some(("2024-05-20".into(), false)));
        assert_eq!(d("2024 年 7 月 22 日"), Some(("2024-07-22".into(), false)));
        assert_eq!(d("20201223日"), Some(("2020-12-23".into(), true)));
        assert_eq!(
            d("二〇二四年五月二十日"),
            Some(("2024-05-20".into(), false))
        );
        assert_eq!(d("2024-05-20"), Some(("2024-05-20".into(), false)));
        assert_eq!(d("2024年2月30日"), None);
        assert_eq!(d("2024年5月20日起施行"), None);
    }

    #[test]
    fn doc_numbers() {
        let n = doc_number_line("闽工信建议〔2024〕87号").unwrap();
        assert_eq!(
            (n.prefix.as_str(), n.year, n.serial, n.repaired),
            ("闽工信建议", 2024, 87, false)
        );
        let n = doc_number_line("闽政办[2024]25号").unwrap();
        assert_eq!((n.year, n.serial), (2024, 25));
        let n = doc_number_line("国办发（2023）1号").unwrap();
        assert_eq!((n.prefix.as_str(), n.serial), ("国办发", 1));
        let n = doc_number_line("闽发改商价〔2020669号").unwrap();
        assert_eq!(
            (n.prefix.as_str(), n.year, n.serial, n.repaired),
            ("闽发改商价", 2020, 669, true)
        );
        assert!(doc_number_line("第1011号").is_none());
        assert!(doc_number_line("本文〔2024〕25号文件").is_none());
    }

    /// What [`SESSION`]'s capture engine reads from a record's entry.
    fn session_by_regex(head: &str) -> Option<(&str, &'static str)> {
        static PATTERN: LazyLock<Regex> = LazyLock::new(|| Regex::new(SESSION).unwrap());
        let c = PATTERN.captures(head)?;
        let body = match (c.get(2).map(|m| m.as_str()), c.get(3)) {
            (_, Some(_)) => "人民政府",
            (Some("人民代表大会常务委员会" | "人大常委会"), _) => {
                "人民代表大会常务委员会"
            }
            _ => "人民代表大会",
        };
        Some((c.get(1).unwrap().as_str(), body))
    }

    #[test]
    fn sessions_at_their_edges() {
        for head in [
            "广东省第十二届人民代表大会常务委员会第二十三次会议",
            "北京市第九届人大常委会第三十一次会议",
            "北京市人民政府第56次常务会议",
            "经省第十届人大第2次",
            "由市第十届人大第2次",
            "经第十届人大第2次",
            " 市第十届人大常委会第二次",
            "市人民政府第次",
            "某某某某某某某某某某某某某某某某某某某某第一届人大第一次",
            "某某某某某某某某某某某某某某某某某某某某某第一届人大第一次",
            "福建省第十三届人民代表大会第五次",
            "福建省十三届人民代表大会常务委员会第5次",
            "福建省第届人大第5次",
            "福建省第1届人大第",
            "福建a省第1届人大第1次",
            "",
        ] {
            assert_eq!(session_of(head), session_by_regex(head), "{head}");
        }
        assert_eq!(
            session_of("经福建省第十三届人民代表大会常务委员会第五次会议"),
            Some(("福建省", "人民代表大会常务委员会"))
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]
        #[test]
        fn a_session_reads_as_its_regex_captures(
            head in prop_oneof![
                proptest::string::string_regex(&SESSION[1..]).unwrap(),
                "[ 经由市省县福第一十2届人民代表大会常务委员政府次a]{0,14}",
                "(经|由)?(市|省|福建省)?(第)?[一十2]{0,2}届?(人民代表大会常务委员会|人大常委会|人民代表大会|人大|人民政府)?第?[一十2]{0,2}次?",
            ]
        ) {
            prop_assert_eq!(session_of(&head), session_by_regex(&head));
        }
    }

    static DOC_NUMBER_REGEX: LazyLock<Regex> = LazyLock::new(|| Regex::new(DOC_NUMBER).unwrap());

    /// What [`DOC_NUMBER`]'s capture engine reads from a line.
    fn doc_number_by_regex(line: &str) -> Option<DocNumber> {
        let c = DOC_NUMBER_REGEX.captures(line)?;
        Some(DocNumber {
            prefix: c[1].to_owned(),
            year: c[2].parse().unwrap(),
            serial: c[4].parse().unwrap(),
            repaired: c.get(3).is_none(),
        })
    }

    #[test]
    fn doc_number_lines_at_their_edges() {
        let prefix20 = "闽".repeat(20);
        for line in [
            format!("{prefix20}〔2024〕1号"),
            format!("{prefix20}闽〔2024〕1号"),
            format!("{prefix20}a〔2024〕1号"),
            "a闽〔2024〕1号".into(),
            "闽a1 〔 1999 〕 12345 号".into(),
            "闽〔2024〕123456号".into(),
            "闽〔2024  7号".into(),
            "闽〔2024   7号".into(),
            "闽〔2024〕〕7号".into(),
            "闽〔2024〕7 号".into(),
            "闽〔2024〕7  号".into(),
            "闽  〔2024〕7号".into(),
            "闽〔2024〕号".into(),
            "闽〔2024号".into(),
            "闽〔1824〕7号".into(),
            "闽〔20a4〕7号".into(),
            "〇〔2024〕7号".into(),
            "㐀𠀀〔2024〕7号".into(),
            "闽（2024）7号".into(),
            "号".into(),
            "".into(),
        ] {
            assert_eq!(doc_number_line(&line), doc_number_by_regex(&line), "{line}");
        }
        assert!(doc_number_line(&format!("{prefix20}〔2024〕1号")).is_some());
        assert!(doc_number_line(&format!("{prefix20}闽〔2024〕1号")).is_none());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]
        #[test]
        fn a_doc_number_line_reads_as_its_regex_captures(
            line in prop_oneof![
                proptest::string::string_regex(&DOC_NUMBER[1..DOC_NUMBER.len() - 1]).unwrap(),
                "[闽政办a1〇𠀀 〔〕\\[\\]（）【】(]{0,4}[0-9 〕\\]）]{0,10}号?",
                "[闽政〔〕0-9 号a]{0,16}",
            ]
        ) {
            prop_assert_eq!(doc_number_line(&line), doc_number_by_regex(&line));
        }

        #[test]
        fn han_is_what_the_regex_says(c in any::<char>()) {
            prop_assert_eq!(is_han(c), han_by_regex(c));
        }
    }

    fn han_by_regex(c: char) -> bool {
        static HAN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\p{Han}$").unwrap());
        HAN.is_match(c.encode_utf8(&mut [0; 4]))
    }

    #[test]
    fn han_is_what_the_regex_says_around_the_main_block() {
        for c in ('\u{3000}'..='\u{A000}').chain('\u{F900}'..='\u{FAFF}') {
            assert_eq!(is_han(c), han_by_regex(c), "{c:?}");
        }
    }

    #[test]
    fn issuers_and_kinds() {
        assert_eq!(
            issuer_names("福建省工业和信息化厅").map(|v| v.len()),
            Some(1)
        );
        assert_eq!(
            issuer_names("中共三明市委办公室 三明市人民政府办公室").map(|v| v.len()),
            Some(2)
        );
        assert_eq!(issuer_names("关于推动工业产业高质量发展若干措施"), None);
        assert_eq!(issuer_names("陆盛彪代表："), None);
        assert_eq!(
            kind_of_title("福建省工业和信息化厅关于省十四届人大 二次会议第1011号建议的答复"),
            Some("答复")
        );
        assert_eq!(
            kind_of_title("关于第1122号建议的协办意见"),
            Some("协办意见")
        );
        assert_eq!(
            kind_of_title("印发《关于推动工业产业高质量发展若干措施》的通知"),
            Some("通知")
        );
        assert_eq!(kind_of_title("上海市专利保护条例"), Some("条例"));
        assert_eq!(
            kind_of_title("聚焦省政协2024年度首场专题议政性常委会会议"),
            None
        );
    }

    #[test]
    fn chrome_and_disclosure() {
        for (line, kind) in [
            ("获取更多资讯", "chrome"),
            ("热门跟贴", "chrome"),
            ("扫一扫在手机上查看当前页面", "chrome"),
            ("附件下载", "chrome"),
            ("□本报记者 郑雨萱 苏依婕", "byline"),
            ("(本报记者 郑雨萱 苏依婕 整理)", "byline"),
            ("九牧卫浴的机器人生产线 本报记者 王毅 摄", "caption"),
            ("<!-- INFO END -->", "html"),
        ] {
            assert_eq!(boilerplate(line), Some(kind), "{line}");
        }
        assert_eq!(
            boilerplate("记者从省工信厅获悉，今年以来全省工业增加值增长较快，其中制造业增长明显。"),
            None
        );
        assert_eq!(disclosure_line("（此件主动公开）"), Some("主动公开"));
        assert_eq!(disclosure_line("(此件依申请公开)"), Some("依申请公开"));
        assert_eq!(disclosure_line("（此件）"), None);
    }

    #[test]
    fn balance() {
        assert!(balanced("打通招商项目落地“最后一公里”"));
        assert!(!balanced("推广“政府+链主"));
    }
}

#[cfg(test)]
mod bracket_tests {
    use super::*;
    use proptest::prelude::*;

    fn reference(s: &str) -> i32 {
        s.chars()
            .map(|c| match c {
                '“' | '（' | '(' | '《' | '〔' | '「' | '『' | '【' | '[' => 1,
                '”' | '）' | ')' | '》' | '〕' | '」' | '』' | '】' | ']' => -1,
                _ => 0,
            })
            .sum()
    }

    #[test]
    fn at_most_chars_counts_characters_not_bytes() {
        for s in ["", "a", "福建", "福建省a", "𠮷𠮷", "ab福"] {
            for n in 0..8 {
                assert_eq!(at_most_chars(s, n), s.chars().count() <= n, "{s:?} {n}");
            }
        }
    }

    #[test]
    fn brackets_count_at_every_place_around_block_edges() {
        for pad in 0..140 {
            for bracket in ["“", "）", "(", "】", "〒", "a"] {
                for tail in ["", "，", "a"] {
                    let s = format!("{}{bracket}{tail}", "a".repeat(pad));
                    assert_eq!(bracket_depth(&s), reference(&s), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn every_bracket_counts() {
        assert_eq!(bracket_depth("“（(《〔「『【["), 9);
        assert_eq!(bracket_depth("”）)》〕」』】]"), -9);
        // neighbours of the brackets in the same blocks do not count
        assert_eq!(bracket_depth("‘’〈〉〒〓〖〗（Ａ）ｘ"), 0);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn same_as_counting_characters(s in "[“”（）()《》〔〕「」『』【】\\[\\]‘’〈〉〖〗〘〙＃＄、。aé𠮷一\u{2000}-\u{2030}\u{3000}-\u{3020}\u{FF00}-\u{FF10}]{0,40}") {
            prop_assert_eq!(bracket_depth(&s), reference(&s));
        }
    }
}

#[cfg(test)]
mod history_date_tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]
        #[test]
        fn finds_what_the_pattern_finds(s in "[0-9０〇零一二三四五六七八九十年月日 a]{0,40}") {
            let ours = history_dates(&s);
            let theirs: Vec<_> = HISTORY_DATE.find_iter(&s).map(|m| m.range()).collect();
            prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn finds_dates_among_other_text(s in "((19|20)[0-9]{2} ?年 ?[01]?[0-9] ?月 ?[0-3]?[0-9] ?日|二〇[一二][〇一二三四五六七八九]年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日|[0-9年月日 ]{1,3}|通过|，){0,8}") {
            let ours = history_dates(&s);
            let theirs: Vec<_> = HISTORY_DATE.find_iter(&s).map(|m| m.range()).collect();
            prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn reads_a_match_as_date_line_does(s in "([0-9]{4}|[〇零一二三四五六七八九]{4}) ?年 ?([0-9]{1,2}|[一二三四五六七八九十]{1,3}) ?月 ?([0-9]{1,2}|[一二三四五六七八九十]{1,3}) ?日") {
            prop_assert!(HISTORY_DATE.find(&s).is_some_and(|m| m.as_str() == s));
            prop_assert_eq!(history_date(&s), date_line(&s));
        }
    }

    #[test]
    fn reads_both_kinds_and_not_a_mix() {
        let d = |s| history_date(s).map(|d| d.iso());
        assert_eq!(d("2016 年 1 月 21 日"), Some("2016-01-21".into()));
        assert_eq!(d("二〇一六年一月二十一日"), Some("2016-01-21".into()));
        assert_eq!(d("二〇一六年1月21日"), None);
        assert_eq!(d("二〇一六 年一月二十一日"), None);
        assert_eq!(d("2016年2月30日"), None);
    }

    #[test]
    fn dates_are_read_around_their_year() {
        fn found(s: &str) -> Vec<&str> {
            history_dates(s).into_iter().map(|r| &s[r]).collect()
        }
        assert_eq!(
            found("（2001年1月2日通过 2005 年 12 月 3 日修正，二〇一〇年十月十日修订）"),
            ["2001年1月2日", "2005 年 12 月 3 日", "二〇一〇年十月十日"]
        );
        // not a year of four, a month of three digits, a mixed year, no 日
        assert!(found("201年1月2日 2001年123月2日 20〇一年1月2日 2001年1月2").is_empty());
        // the four characters before 年
        assert_eq!(found("12001年1月2日"), ["2001年1月2日"]);
    }
}

#[cfg(test)]
pub(crate) mod literal_tests {
    use super::*;

    /// Whether [`literal_alternatives`] finds in `text` the matches the regex `alternatives`
    /// finds, one for one.
    pub(crate) fn agree(alternatives: &str, text: &str) -> bool {
        let regex = Regex::new(alternatives).expect("pattern");
        let ours = literal_alternatives(alternatives);
        regex
            .find_iter(text)
            .map(|m| m.range())
            .eq(ours.find_iter(text).map(|m| m.range()))
    }

    #[test]
    fn an_optional_first_character_is_tried_first() {
        let text = "副主席主席副会长会长副长";
        assert!(agree("主席|副?会长|副?主席|长", text));
        let found: Vec<&str> = literal_alternatives("主席|副?会长|副?主席|长")
            .find_iter(text)
            .map(|m| &text[m.range()])
            .collect();
        assert_eq!(found, ["副主席", "主席", "副会长", "会长", "长"]);
    }
}
