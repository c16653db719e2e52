//! Dates, found by one regex pass and read by hand: absolute (`2024年5月20日`,
//! `二〇二四年五月二十日`, `2020-12-29`), partial (`2024年5月`, `2023年`), quarters (`一季度`),
//! halves (`上半年`), year ends (`年底`), ranges (`2021-2023年`, `2021年起到2025年`), `截至…`
//! (an end without a start), and relative ones (`今年`, `去年9月`, `近两年`, `一季度`,
//! `12日`), resolved against the document's date when it has one, else left unresolved with a
//! warning. The OCR-damaged `20201223日` is read with a warning. Festival names such as `6·18`
//! are not dates.

use std::sync::LazyLock;

#[cfg(test)]
use regex::Regex;
use serde::Serialize;

use super::compiled::{self, Dfa};
#[cfg(test)]
use super::grammar;
use super::grammar::date::{
    QUARTERS, RECENT_YEARS, REL_MONTHS, REL_QUARTERS, REL_YEARS, RELATIVE_QUARTERS, SEPARATORS,
    YEAR_QUARTERS,
};
use super::near::{self, Inside};
use super::number;
use super::reader::Cursor;
use super::{Entity, Found, Value, inside};
use crate::patterns::days_in_month;
use crate::span::Span;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DateValue {
    /// First day, ISO 8601; `null` when open (截至…) or unresolved.
    pub start: Option<String>,
    /// Last day, ISO 8601; `null` when open (…起) or unresolved.
    pub end: Option<String>,
    /// `day`, `month`, `quarter`, `half`, `year` or `year_end`.
    pub precision: &'static str,
    /// Whether the expression is relative to the document's date (今年, 去年9月, 12日).
    pub relative: bool,
}

/// A calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ymd(pub i32, pub u32, pub u32);

impl Ymd {
    pub fn parse_iso(s: &str) -> Option<Ymd> {
        let mut it = s.split('-');
        let y = it.next()?.parse().ok()?;
        let m = it.next()?.parse().ok()?;
        let d = it.next()?.parse().ok()?;
        Some(Ymd(y, m, d))
    }

    fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.0, self.1, self.2)
    }
}

fn valid(y: i32, m: u32, d: u32) -> bool {
    (1000..=2999).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y as u32, m)
}

fn month_end(y: i32, m: u32) -> Ymd {
    Ymd(y, m, days_in_month(y as u32, m))
}

/// The date pattern, compiled by the build (see [`compiled`]).
pub(super) static DATE: LazyLock<Dfa> = LazyLock::new(compiled::date);

/// The same pattern for the regex engine, which the tests hold [`DATE`] and the reader to.
#[cfg(test)]
static DATE_REGEX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&grammar::date::pattern()).expect("date pattern"));

/// One of these is in every date.
pub(crate) const SIGN_CHARS: [char; 8] = ['年', '月', '日', '号', '季', '-', '/', '.'];

/// The characters a date may hold.
static DATE_INSIDE: LazyLock<Inside> = LazyLock::new(|| Inside::of_table(inside::DATE));

/// Builds the patterns now rather than when the first document needs them.
pub(super) fn warm_up() {
    LazyLock::force(&DATE);
    LazyLock::force(&DATE_INSIDE);
}

/// Two dates joined by 至/到/-: `2017年五月至2018年四月`, `前年11月到去年3月`. [`joins`] reads
/// it.
#[cfg(test)]
static JOIN: LazyLock<Regex> = LazyLock::new(|| {
    let sep = grammar::any_of(&SEPARATORS);
    Regex::new(&format!(r"^\s?(?:起\s?)?{sep}\s?$")).expect("join pattern")
});

/// Whether `gap`, the text between two dates, joins them as [`JOIN`] does: perhaps a space,
/// perhaps 起 and a space, a separator, perhaps a space, and nothing else.
fn joins(gap: &str) -> bool {
    let mut c = Cursor(gap);
    c.space();
    if c.eat("起") {
        c.space();
    }
    SEPARATORS.iter().any(|sep| {
        let mut c = c;
        c.eat(sep) && {
            c.space();
            c.done()
        }
    })
}

fn num(s: &str) -> Option<u32> {
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    let d = number::parse_cn(s)?;
    (d.scale == 0).then(|| u32::try_from(d.mant).ok()).flatten()
}

fn year(s: &str) -> Option<i32> {
    num(s).map(|y| y as i32)
}

fn quarter(s: &str) -> Option<u32> {
    match s.trim_start_matches('第') {
        "一" | "1" | "首" => Some(1),
        "二" | "2" => Some(2),
        "三" | "3" => Some(3),
        "四" | "4" => Some(4),
        _ => None,
    }
}

/// A resolved date expression: first and last day, precision.
type Range = (Option<Ymd>, Option<Ymd>, &'static str);

fn whole_year(y: i32) -> Range {
    (Some(Ymd(y, 1, 1)), Some(Ymd(y, 12, 31)), "year")
}

fn part_of_year(y: i32, part: Part) -> Option<Range> {
    Some(match part {
        Part::Whole | Part::From => whole_year(y),
        Part::Month(m, None) => {
            let mo = num(m)?;
            return valid(y, mo, 1).then(|| (Some(Ymd(y, mo, 1)), Some(month_end(y, mo)), "month"));
        }
        Part::Month(m, Some(d)) => {
            let (mo, da) = (num(m)?, num(d)?);
            return valid(y, mo, da).then_some((Some(Ymd(y, mo, da)), Some(Ymd(y, mo, da)), "day"));
        }
        Part::Quarter(q) => {
            let first = 3 * quarter(q)? - 2;
            (
                Some(Ymd(y, first, 1)),
                Some(month_end(y, first + 2)),
                "quarter",
            )
        }
        Part::Half("上半年") => (Some(Ymd(y, 1, 1)), Some(Ymd(y, 6, 30)), "half"),
        Part::Half(_) => (Some(Ymd(y, 7, 1)), Some(Ymd(y, 12, 31)), "half"),
        Part::End(_) => (Some(Ymd(y, 12, 31)), Some(Ymd(y, 12, 31)), "year_end"),
    })
}

fn value((start, end, precision): Range, relative: bool) -> Value {
    Value::Date(DateValue {
        start: start.map(Ymd::iso),
        end: end.map(Ymd::iso),
        precision,
        relative,
    })
}

/// The precision a relative expression would have once resolved.
fn relative_precision(e: &Expr) -> &'static str {
    match e {
        Expr::Relative { part, .. } => match part {
            Part::Month(_, Some(_)) => "day",
            Part::Month(_, None) => "month",
            Part::Quarter(_) => "quarter",
            Part::Half(_) => "half",
            Part::End(_) => "year_end",
            Part::Whole | Part::From => "year",
        },
        Expr::RelativeMonth { day: Some(_), .. } | Expr::MonthDay { .. } | Expr::Day(_) => "day",
        Expr::RelativeMonth { day: None, .. } => "month",
        Expr::RelativeQuarter(_) | Expr::Quarter(_) => "quarter",
        Expr::Half(_) => "half",
        _ => "year",
    }
}

/// What relative dates (去年, 上一年度) count from.
#[derive(Clone, Copy, Debug)]
pub enum Base {
    /// The date the document was written on.
    Date(Ymd),
    /// The document has no date.
    Undated,
    /// A regulation: its relative dates count from when it is applied, so they stay open.
    Rule,
}

/// Finds dates in `text` (byte offsets from `base`); `relative` resolves relative ones.
pub fn dates(text: &str, base: usize, relative: Base, out: &mut Found) {
    dates_near(text, base, relative, near::signs(text, &SIGN_CHARS), out);
}

/// [`dates`], where `signs` are the byte offsets of the characters of [`SIGN_CHARS`].
pub(super) fn dates_near(
    text: &str,
    base: usize,
    relative: Base,
    signs: impl IntoIterator<Item = usize>,
    out: &mut Found,
) {
    let doc_date = match relative {
        Base::Date(d) => Some(d),
        Base::Undated | Base::Rule => None,
    };
    let first = out.entities.len();
    near::find_near(&*DATE, &DATE_INSIDE, text, signs, |m| {
        // Spaces at either end are not part of the date.
        let matched = m.as_str().trim();
        if matched.is_empty() {
            return;
        }
        let Some((until, expr)) = read(m.as_str()) else {
            return;
        };
        let start = m.start() + (m.as_str().len() - m.as_str().trim_start().len());
        let end = start + matched.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        // not part of a longer number, and 12日 only as a day of the month on its own
        if before.is_some_and(|ch| ch.is_ascii_digit())
            || after.is_some_and(|ch| ch.is_ascii_digit())
        {
            return;
        }
        if matches!(expr, Expr::Day(_))
            && !(before.is_none_or(|ch| "，,。；;：:？?！! ".contains(ch))
                && after.is_none_or(|ch| "，,。".contains(ch)))
        {
            return;
        }
        if matches!(expr, Expr::Numeric { .. })
            && after.is_some_and(|ch| matches!(ch, '-' | '/' | '.'))
        {
            return;
        }
        let span = Span::new(base + start, base + end);
        let open_end = |r: Range| if until { (None, r.1, r.2) } else { r };
        let mut emit = |r: Range, relative: bool| {
            out.push(Entity::new("date", span, value(open_end(r), relative)))
        };
        let day = |y, m, d| {
            let (y, mo, d) = (year(y)?, num(m)?, num(d)?);
            valid(y, mo, d).then_some(Ymd(y, mo, d))
        };

        match expr {
            Expr::Days {
                y1,
                m1,
                d1,
                y2,
                m2,
                d2,
            } => {
                let (Some(y), Some(mo), Some(d)) = (year(y1), num(m1), num(d1)) else {
                    return;
                };
                let y2 = y2.and_then(year).unwrap_or(y);
                let m2 = m2.and_then(num).unwrap_or(mo);
                let Some(d2) = num(d2) else { return };
                if valid(y, mo, d) && valid(y2, m2, d2) {
                    emit((Some(Ymd(y, mo, d)), Some(Ymd(y2, m2, d2)), "day"), false);
                }
            }
            Expr::Months { y, m1, m2 } => {
                let (Some(y), Some(m1), Some(m2)) = (year(y), num(m1), num(m2)) else {
                    return;
                };
                if valid(y, m1, 1) && valid(y, m2, 1) && m1 <= m2 {
                    emit(
                        (Some(Ymd(y, m1, 1)), Some(month_end(y, m2)), "month"),
                        false,
                    );
                }
            }
            Expr::Years { a, b } => {
                let (Some(a), Some(b)) = (year(a), year(b)) else {
                    return;
                };
                if (1900..=2100).contains(&a) && a <= b && b <= 2100 {
                    emit((Some(Ymd(a, 1, 1)), Some(Ymd(b, 12, 31)), "year"), false);
                }
            }
            Expr::Damaged { y, m, d } => {
                if let Some(date) = day(y, m, d) {
                    emit((Some(date), Some(date), "day"), false);
                    out.warn(
                        "date_repaired",
                        format!("`{matched}` read as {}", date.iso()),
                        span,
                    );
                }
            }
            Expr::Numeric { y, m, d } => {
                if let Some(date) = day(y, m, d) {
                    emit((Some(date), Some(date), "day"), false);
                }
            }
            Expr::Year { y, part } => {
                let Some(y) = year(y) else { return };
                if !(1900..=2100).contains(&y) {
                    return;
                }
                let Some(mut r) = part_of_year(y, part) else {
                    return;
                };
                if part == Part::From {
                    r.1 = None;
                }
                emit(r, false);
            }
            _ => {
                // Relative: resolved against the document's date.
                let resolved = doc_date.and_then(|today| resolve(&expr, today));
                match resolved {
                    Some(r) => emit(r, true),
                    None => {
                        emit((None, None, relative_precision(&expr)), true);
                        let why = match relative {
                            Base::Date(_) => "cannot be resolved",
                            Base::Undated => "the document has no date to resolve it against",
                            Base::Rule => {
                                "a regulation's relative dates count from when it is applied"
                            }
                        };
                        out.warn(
                            "date_unresolved",
                            format!("relative date `{matched}`: {why}"),
                            span,
                        );
                    }
                }
            }
        }
    });
    join_ranges(text, base, out, first);
}

/// Joins two dates written as one range (`2017年五月至2018年四月`, `从2008年——2018年`) into
/// one entity from the first's start to the second's end.
fn join_ranges(text: &str, base: usize, out: &mut Found, first: usize) {
    let mut k = first;
    while k + 1 < out.entities.len() {
        let (a, b) = (&out.entities[k], &out.entities[k + 1]);
        let gap = &text[a.span.end - base..b.span.start - base];
        let joined = match (&a.value, &b.value) {
            (Value::Date(x), Value::Date(y))
                if joins(gap) && x.start.is_some() && y.end.is_some() && x.start <= y.end =>
            {
                let coarse = |p: &str| {
                    ["day", "month", "quarter", "half", "year_end", "year"]
                        .iter()
                        .position(|q| *q == p)
                        .unwrap_or(0)
                };
                let precision = if coarse(x.precision) >= coarse(y.precision) {
                    x.precision
                } else {
                    y.precision
                };
                Some(DateValue {
                    start: x.start.clone(),
                    end: y.end.clone(),
                    precision,
                    relative: x.relative || y.relative,
                })
            }
            _ => None,
        };
        match joined {
            Some(v) => {
                let mut start = a.span.start;
                // 从/自 before the first date and 止 after the second belong to the range
                if text[..start - base].ends_with(['从', '自']) {
                    start -= '从'.len_utf8();
                }
                let mut end = b.span.end;
                if text[end - base..].starts_with('止') {
                    end += '止'.len_utf8();
                }
                out.entities[k] = Entity::new("date", Span::new(start, end), Value::Date(v));
                out.entities.remove(k + 1);
            }
            None => k += 1,
        }
    }
}

fn resolve(e: &Expr, today: Ymd) -> Option<Range> {
    let Ymd(ty, tm, _) = today;
    match *e {
        Expr::Relative { year, part } => {
            let y = match year {
                "今年" | "本年" | "当年" | "这一年" => ty,
                "去年" | "上年" | "上一年" => ty - 1,
                "前年" => ty - 2,
                "明年" | "次年" | "来年" | "下一年" => ty + 1,
                _ => return None,
            };
            part_of_year(y, part)
        }
        Expr::RelativeMonth { month, day } => {
            let shift: i32 = match month {
                "本月" | "当月" | "这个月" => 0,
                "上月" | "上个月" | "上一个月" => -1,
                _ => 1,
            };
            let idx = ty * 12 + (tm as i32 - 1) + shift;
            let (y, m) = (idx.div_euclid(12), idx.rem_euclid(12) as u32 + 1);
            if let Some(d) = day {
                let d = num(d)?;
                return valid(y, m, d).then_some((Some(Ymd(y, m, d)), Some(Ymd(y, m, d)), "day"));
            }
            Some((Some(Ymd(y, m, 1)), Some(month_end(y, m)), "month"))
        }
        Expr::RelativeQuarter(q) => {
            let shift: i32 = match q {
                "本季度" | "当季" | "这个季度" => 0,
                "上季度" | "上个季度" | "上一季度" => -1,
                _ => 1,
            };
            let idx = ty * 4 + ((tm as i32 - 1) / 3) + shift;
            let (y, q) = (idx.div_euclid(4), idx.rem_euclid(4) as u32 + 1);
            let first = 3 * q - 2;
            Some((
                Some(Ymd(y, first, 1)),
                Some(month_end(y, first + 2)),
                "quarter",
            ))
        }
        Expr::Recent(n) => {
            let n = num(n)? as i32;
            Some((Some(Ymd(ty - n + 1, 1, 1)), Some(today), "year"))
        }
        Expr::MonthDay { m, d } => part_of_year(ty, Part::Month(m, Some(d))),
        Expr::Quarter(q) => part_of_year(ty, Part::Quarter(q)),
        Expr::Half(h) => part_of_year(ty, Part::Half(h)),
        Expr::Day(d) => {
            let d = num(d)?;
            valid(ty, tm, d).then_some((Some(Ymd(ty, tm, d)), Some(Ymd(ty, tm, d)), "day"))
        }
        _ => None,
    }
}

/// A date expression as [`DATE`] matched it, its groups read by hand from the match: the
/// pattern finds where one is, and its capture engine, over the pattern's 1,400 states, cost
/// more than the search. One variant for each branch of the pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expr<'a> {
    /// `2024年5月1日至2024年5月3日`; the second year and month may be left out.
    Days {
        y1: &'a str,
        m1: &'a str,
        d1: &'a str,
        y2: Option<&'a str>,
        m2: Option<&'a str>,
        d2: &'a str,
    },
    /// `2024年1-3月`
    Months {
        y: &'a str,
        m1: &'a str,
        m2: &'a str,
    },
    /// `2021-2023年`, `2021年起到2025年`
    Years { a: &'a str, b: &'a str },
    /// `20201223日`: a date whose 年 and 月 were lost.
    Damaged { y: &'a str, m: &'a str, d: &'a str },
    /// `2020-12-29`, `2019/04/19`
    Numeric { y: &'a str, m: &'a str, d: &'a str },
    /// `2024年` and a part of it: `2024年5月20日`, `2024年一季度`, `2024年底`, `2021年起`.
    Year { y: &'a str, part: Part<'a> },
    /// `今年`, `去年9月`, `明年一季度`
    Relative { year: &'a str, part: Part<'a> },
    /// `本月`, `上个月15号`
    RelativeMonth {
        month: &'a str,
        day: Option<&'a str>,
    },
    /// `本季度`
    RelativeQuarter(&'a str),
    /// `近两年`
    Recent(&'a str),
    /// `5月20日` of the document's year
    MonthDay { m: &'a str, d: &'a str },
    /// `一季度` of the document's year
    Quarter(&'a str),
    /// `上半年` of the document's year
    Half(&'a str),
    /// `12日` of the document's month
    Day(&'a str),
}

/// The part of a year a date names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part<'a> {
    Whole,
    /// A month, and maybe a day of it.
    Month(&'a str, Option<&'a str>),
    /// `第一`, `一`, `1`, `首`
    Quarter(&'a str),
    /// `上半年` or `下半年`
    Half(&'a str),
    /// `底`, `年底`, `末`, `年末`
    End(&'a str),
    /// `起`: from the year on.
    From,
}

const ASCII_DIGITS: &str = "0123456789";
const CN_DIGITS: &str = "〇零一二三四五六七八九";
const CN_ONE_TO_NINE: &str = "一二三四五六七八九";

/// [`Y`](super::grammar::date::Y): four digits, Arabic or Chinese.
fn year_of<'a>(c: &mut Cursor<'a>) -> Option<&'a str> {
    c.chars_of(ASCII_DIGITS, 4)
        .or_else(|| c.chars_of(CN_DIGITS, 4))
}

/// Two ASCII digits that make 1 to `max` (`05`, `12`), else one that is not 0: the Arabic
/// alternatives of [`M`](super::grammar::date::M) and [`D`](super::grammar::date::D).
fn ascii_number<'a>(c: &mut Cursor<'a>, max: u32) -> Option<&'a str> {
    let fits = |n: usize| {
        c.0.get(..n)
            .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|d| d.parse::<u32>().ok())
            .is_some_and(|v| (1..=max).contains(&v))
    };
    let n = [2, 1].into_iter().find(|&n| fits(n))?;
    Some(c.take(n))
}

/// [`M`](super::grammar::date::M). What follows a month (月, a space, a separator) never continues one, so the
/// longest month that fits is the one the pattern takes.
fn month_of<'a>(c: &mut Cursor<'a>) -> Option<&'a str> {
    if let Some(m) = ascii_number(c, 12) {
        return Some(m);
    }
    let start = *c;
    if c.eat("十") {
        c.char_of("一二");
        return Some(c.since(start));
    }
    c.char_of(CN_ONE_TO_NINE)
}

/// [`D`](super::grammar::date::D), the longest that fits, as for [`month_of`].
fn day_of<'a>(c: &mut Cursor<'a>) -> Option<&'a str> {
    if let Some(d) = ascii_number(c, 31) {
        return Some(d);
    }
    let start = *c;
    if c.eat("三十") {
        c.eat("一");
        return Some(c.since(start));
    }
    if c.eat("二十") || c.eat("十") {
        c.char_of(CN_ONE_TO_NINE);
        return Some(c.since(start));
    }
    c.char_of(CN_ONE_TO_NINE)
}

/// [`SEP`]
fn separator(c: &mut Cursor) -> Option<()> {
    c.one_of(&SEPARATORS).map(|_| ())
}

/// The part of a year after `2024年` or `今年`, to the end of the match: `spaced` for the
/// first, whose pattern allows a space between the parts, `quarters` the characters a
/// quarter's number may be, and `from` whether `起` may follow.
fn part_of<'a>(mut c: Cursor<'a>, spaced: bool, quarters: &str, from: bool) -> Option<Part<'a>> {
    if c.done() {
        return Some(Part::Whole);
    }
    let space = |c: &mut Cursor| {
        if spaced {
            c.space()
        }
    };
    let mut m = c;
    if let Some(month) = month_of(&mut m) {
        space(&mut m);
        if m.eat("月") {
            m.eat("份");
            space(&mut m);
            if m.done() {
                return Some(Part::Month(month, None));
            }
            let day = day_of(&mut m);
            space(&mut m);
            if day.is_some() && m.one_of(&["日", "号"]).is_some() && m.done() {
                return Some(Part::Month(month, day));
            }
        }
    }
    let mut q = c;
    q.eat("第");
    if q.char_of(quarters).is_some() {
        let number = q.since(c);
        if q.eat("季度") && q.done() {
            return Some(Part::Quarter(number));
        }
    }
    if let Some(h) = c.one_of(&["上半年", "下半年"]) {
        return c.done().then_some(Part::Half(h));
    }
    let mut e = c;
    e.eat("年");
    if e.one_of(&["底", "末"]).is_some() && e.done() {
        return Some(Part::End(c.0));
    }
    (from && c.0 == "起").then_some(Part::From)
}

/// Reads a match of [`DATE`]: whether it begins with 截至, and its expression.
fn read(matched: &str) -> Option<(bool, Expr<'_>)> {
    let mut c = Cursor(matched);
    let until = c.one_of(&["截至", "截止到", "截止"]).is_some();
    c.space();
    let branches: [fn(Cursor) -> Option<Expr>; 14] = [
        read_days,
        read_months,
        read_years,
        read_damaged,
        read_numeric,
        read_year,
        read_relative,
        read_relative_month,
        read_relative_quarter,
        read_recent,
        read_month_day,
        read_quarter,
        read_half,
        read_day,
    ];
    branches
        .iter()
        .find_map(|branch| branch(c))
        .map(|e| (until, e))
}

/// `2024年5月`, perhaps after 从 or 自, with the spaces the pattern allows: how the ranges within a
/// year begin.
fn year_and_month<'a>(c: &mut Cursor<'a>) -> Option<(&'a str, &'a str)> {
    c.one_of(&["从", "自"]);
    let y = year_of(c)?;
    c.space();
    c.must("年")?;
    c.space();
    let m = month_of(c)?;
    c.space();
    Some((y, m))
}

fn read_days(mut c: Cursor) -> Option<Expr> {
    let (y1, m1) = year_and_month(&mut c)?;
    c.must("月")?;
    c.space();
    let d1 = day_of(&mut c)?;
    c.space();
    c.one_of(&["日", "号"]);
    c.space();
    separator(&mut c)?;
    c.space();
    // the second year and month are each there if they can be
    let rest = c;
    fn second_year(mut c: Cursor<'_>) -> Option<(&str, Cursor<'_>)> {
        let y = year_of(&mut c)?;
        c.space();
        c.eat("年").then(|| {
            c.space();
            (y, c)
        })
    }
    fn second_month(mut c: Cursor<'_>) -> Option<(&str, Cursor<'_>)> {
        let m = month_of(&mut c)?;
        c.space();
        c.eat("月").then(|| {
            c.space();
            (m, c)
        })
    }
    fn last_day(mut c: Cursor<'_>) -> Option<&str> {
        let d = day_of(&mut c)?;
        c.space();
        (c.one_of(&["日", "号"]).is_some() && c.done()).then_some(d)
    }
    let with_year = second_year(rest);
    let mut tries = Vec::with_capacity(4);
    if let Some((y, after)) = with_year {
        if let Some((m, after)) = second_month(after) {
            tries.push((Some(y), Some(m), after));
        }
        tries.push((Some(y), None, after));
    }
    if let Some((m, after)) = second_month(rest) {
        tries.push((None, Some(m), after));
    }
    tries.push((None, None, rest));
    tries.into_iter().find_map(|(y2, m2, after)| {
        last_day(after).map(|d2| Expr::Days {
            y1,
            m1,
            d1,
            y2,
            m2,
            d2,
        })
    })
}

fn read_months(mut c: Cursor) -> Option<Expr> {
    let (y, m1) = year_and_month(&mut c)?;
    if c.eat("月") {
        c.eat("份");
    }
    c.space();
    separator(&mut c)?;
    c.space();
    let m2 = month_of(&mut c)?;
    c.space();
    c.must("月")?;
    c.eat("份");
    c.done().then_some(Expr::Months { y, m1, m2 })
}

fn read_years(mut c: Cursor) -> Option<Expr> {
    c.eat("从");
    let a = c.chars_of(ASCII_DIGITS, 4)?;
    c.space();
    if c.eat("年") {
        c.space();
    }
    if c.eat("起") {
        c.space();
    }
    separator(&mut c)?;
    c.space();
    let b = c.chars_of(ASCII_DIGITS, 4)?;
    c.space();
    (c.eat("年") && c.done()).then_some(Expr::Years { a, b })
}

fn read_damaged(mut c: Cursor) -> Option<Expr> {
    let y = c.chars_of(ASCII_DIGITS, 4)?;
    let m = c.chars_of(ASCII_DIGITS, 2)?;
    let d = c.chars_of(ASCII_DIGITS, 2)?;
    (c.eat("日") && c.done()).then_some(Expr::Damaged { y, m, d })
}

fn read_numeric(mut c: Cursor) -> Option<Expr> {
    let y = c.chars_of(ASCII_DIGITS, 4)?;
    c.char_of("-/.")?;
    let m = c.digits(2)?;
    c.char_of("-/.")?;
    let d = c.digits(2)?;
    c.done().then_some(Expr::Numeric { y, m, d })
}

fn read_year(mut c: Cursor) -> Option<Expr> {
    let y = year_of(&mut c)?;
    c.space();
    c.must("年")?;
    c.space();
    let part = part_of(c, true, YEAR_QUARTERS, true)?;
    Some(Expr::Year { y, part })
}

fn read_relative(mut c: Cursor) -> Option<Expr> {
    let year = c.one_of(&REL_YEARS)?;
    let part = part_of(c, false, RELATIVE_QUARTERS, false)?;
    Some(Expr::Relative { year, part })
}

fn read_relative_month(mut c: Cursor) -> Option<Expr> {
    let month = c.one_of(&REL_MONTHS)?;
    if c.done() {
        return Some(Expr::RelativeMonth { month, day: None });
    }
    let day = day_of(&mut c)?;
    (c.one_of(&["日", "号"]).is_some() && c.done()).then_some(Expr::RelativeMonth {
        month,
        day: Some(day),
    })
}

fn read_relative_quarter(mut c: Cursor) -> Option<Expr> {
    let q = c.one_of(&REL_QUARTERS)?;
    c.done().then_some(Expr::RelativeQuarter(q))
}

fn read_recent(mut c: Cursor) -> Option<Expr> {
    c.must("近")?;
    let n = c.char_of(RECENT_YEARS)?;
    (c.eat("年") && c.done()).then_some(Expr::Recent(n))
}

fn read_month_day(mut c: Cursor) -> Option<Expr> {
    let m = month_of(&mut c)?;
    c.must("月")?;
    let d = day_of(&mut c)?;
    (c.one_of(&["日", "号"]).is_some() && c.done()).then_some(Expr::MonthDay { m, d })
}

fn read_quarter(c: Cursor) -> Option<Expr> {
    let q = c.0.strip_suffix("季度")?;
    let mut n = Cursor(q);
    n.eat("第");
    (n.char_of(QUARTERS).is_some() && n.done()).then_some(Expr::Quarter(q))
}

fn read_half(c: Cursor) -> Option<Expr> {
    ["上半年", "下半年"]
        .contains(&c.0)
        .then_some(Expr::Half(c.0))
}

fn read_day(c: Cursor) -> Option<Expr> {
    let d = c.0.strip_suffix('日')?;
    let b = d.as_bytes();
    let fits = match b {
        [x] => x.is_ascii_digit(),
        [b'1' | b'2', y] => y.is_ascii_digit(),
        [b'3', b'0' | b'1'] => true,
        _ => false,
    };
    fits.then_some(Expr::Day(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// text, start, end, precision, relative
    type Row = (String, Option<String>, Option<String>, &'static str, bool);

    fn run(text: &str, today: Option<Ymd>) -> Vec<Row> {
        let mut f = Found::default();
        dates(text, 0, today.map_or(Base::Undated, Base::Date), &mut f);
        f.entities
            .iter()
            .map(|e| match &e.value {
                Value::Date(d) => (
                    e.span.slice(text).to_owned(),
                    d.start.clone(),
                    d.end.clone(),
                    d.precision,
                    d.relative,
                ),
                _ => unreachable!(),
            })
            .collect()
    }

    fn d(t: &str, s: &str, e: &str, p: &'static str, rel: bool) -> Row {
        let o = |x: &str| (!x.is_empty()).then(|| x.to_owned());
        (t.to_owned(), o(s), o(e), p, rel)
    }

    const TODAY: Option<Ymd> = Some(Ymd(2024, 5, 20));

    #[test]
    fn absolute_dates() {
        assert_eq!(
            run("2024年5月20日", None),
            [d("2024年5月20日", "2024-05-20", "2024-05-20", "day", false)]
        );
        assert_eq!(
            run("二〇二四年五月二十日", None),
            [d(
                "二〇二四年五月二十日",
                "2024-05-20",
                "2024-05-20",
                "day",
                false
            )]
        );
        assert_eq!(
            run("2023年全省", None),
            [d("2023年", "2023-01-01", "2023-12-31", "year", false)]
        );
        assert_eq!(
            run("组织实施 2024 年技术", None),
            [d("2024 年", "2024-01-01", "2024-12-31", "year", false)]
        );
        assert_eq!(
            run("2014年11月,", None),
            [d("2014年11月", "2014-11-01", "2014-11-30", "month", false)]
        );
        assert_eq!(
            run("时间:2020-12-29 16:59", None),
            [d("2020-12-29", "2020-12-29", "2020-12-29", "day", false)]
        );
        assert_eq!(
            run("2024年第一季度", None),
            [d(
                "2024年第一季度",
                "2024-01-01",
                "2024-03-31",
                "quarter",
                false
            )]
        );
        assert_eq!(
            run("2024年上半年", None),
            [d("2024年上半年", "2024-01-01", "2024-06-30", "half", false)]
        );
    }

    #[test]
    fn ranges_and_open_ends() {
        assert_eq!(
            run("计划(2021-2023年)", None),
            [d("2021-2023年", "2021-01-01", "2023-12-31", "year", false)]
        );
        assert_eq!(
            run("从2021年起到2025年每年", None),
            [d(
                "从2021年起到2025年",
                "2021-01-01",
                "2025-12-31",
                "year",
                false
            )]
        );
        assert_eq!(
            run("截至 2022 年底", None),
            [d("截至 2022 年底", "", "2022-12-31", "year_end", false)]
        );
        assert_eq!(
            run("2024年1月1日至3月31日", None),
            [d(
                "2024年1月1日至3月31日",
                "2024-01-01",
                "2024-03-31",
                "day",
                false
            )]
        );
        assert_eq!(
            run("2021年起施行", None),
            [d("2021年起", "2021-01-01", "", "year", false)]
        );
    }

    #[test]
    fn relative_dates_resolve_against_the_document() {
        assert_eq!(
            run("在今年一季度推动", TODAY),
            [d("今年一季度", "2024-01-01", "2024-03-31", "quarter", true)]
        );
        assert_eq!(
            run("去年9月首次召开", TODAY),
            [d("去年9月", "2023-09-01", "2023-09-30", "month", true)]
        );
        assert_eq!(
            run("截至去年底", TODAY),
            [d("截至去年底", "", "2023-12-31", "year_end", true)]
        );
        assert_eq!(
            run("近两年支持", TODAY),
            [d("近两年", "2023-01-01", "2024-05-20", "year", true)]
        );
        assert_eq!(
            run("12日,省政协", TODAY),
            [d("12日", "2024-05-12", "2024-05-12", "day", true)]
        );
        assert_eq!(
            run("何处发力?12日,省政协", TODAY),
            [d("12日", "2024-05-12", "2024-05-12", "day", true)]
        );
        assert_eq!(
            run("明年", TODAY),
            [d("明年", "2025-01-01", "2025-12-31", "year", true)]
        );
    }

    #[test]
    fn unresolved_relative_dates_warn() {
        let mut f = Found::default();
        dates("去年9月首次召开", 0, Base::Undated, &mut f);
        assert_eq!(f.entities.len(), 1);
        assert!(
            matches!(&f.entities[0].value, Value::Date(v) if v.start.is_none() && v.relative && v.precision == "month")
        );
        assert_eq!(f.warnings[0].code, "date_unresolved");
        // a regulation's 上一年度 counts from when it is applied: left open, and said why
        let mut f = Found::default();
        dates("按照本市上一年度职工月平均工资", 0, Base::Rule, &mut f);
        assert!(matches!(&f.entities[0].value, Value::Date(v) if v.start.is_none() && v.relative));
        assert!(f.warnings[0].message.contains("regulation"));
    }

    #[test]
    fn damaged_and_false_dates() {
        let mut f = Found::default();
        dates("20201223日", 0, Base::Undated, &mut f);
        assert_eq!(f.warnings[0].code, "date_repaired");
        for t in [
            "依托“6·18”“9·8”平台",
            "0591-87829197",
            "认定期3年",
            "12日内办结",
            "第1011号",
            "12345年",
        ] {
            assert!(run(t, TODAY).is_empty(), "{t}: {:?}", run(t, TODAY));
        }
    }

    #[test]
    fn month_and_day_ranges_joined_ranges_and_numeric_forms() {
        assert_eq!(
            run("2018年1－9月份", None),
            [d(
                "2018年1－9月份",
                "2018-01-01",
                "2018-09-30",
                "month",
                false
            )]
        );
        assert_eq!(
            run("2019年4月12-19日", None),
            [d(
                "2019年4月12-19日",
                "2019-04-12",
                "2019-04-19",
                "day",
                false
            )]
        );
        assert_eq!(
            run("2017年五月至2018年四月", None),
            [d(
                "2017年五月至2018年四月",
                "2017-05-01",
                "2018-04-30",
                "month",
                false
            )]
        );
        assert_eq!(
            run("自2020-05-26至2020-05-29止", None),
            [d(
                "自2020-05-26至2020-05-29止",
                "2020-05-26",
                "2020-05-29",
                "day",
                false
            )]
        );
        assert_eq!(
            run("2019/04/19", None),
            [d("2019/04/19", "2019-04-19", "2019-04-19", "day", false)]
        );
        assert_eq!(
            run("2008 年 奥运会", None),
            [d("2008 年", "2008-01-01", "2008-12-31", "year", false)]
        );
        assert_eq!(
            run("上个月15号", TODAY),
            [d("上个月15号", "2024-04-15", "2024-04-15", "day", true)]
        );
        assert_eq!(
            run("本季度", TODAY),
            [d("本季度", "2024-04-01", "2024-06-30", "quarter", true)]
        );
        assert_eq!(
            run("时间从2016年一月十日到十二日", None),
            [d(
                "从2016年一月十日到十二日",
                "2016-01-10",
                "2016-01-12",
                "day",
                false
            )]
        );
    }

    #[test]
    fn a_day_alone() {
        assert_eq!(
            run("30日", TODAY),
            [d("30日", "2024-05-30", "2024-05-30", "day", true)]
        );
    }
}

#[cfg(test)]
mod reading {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// Gaps of spaces, 起, separators and other characters: [`joins`] says what [`JOIN`]
        /// says.
        #[test]
        fn a_gap_joins_as_its_pattern_says(
            gap in "[ \u{3000}起至到\\-—–~～－a]{0,4}"
        ) {
            prop_assert_eq!(joins(&gap), JOIN.is_match(&gap), "{:?}", gap);
        }
    }

    #[test]
    fn gaps_that_join_and_gaps_that_do_not() {
        for gap in ["至", " 到 ", "起至", "起 -- ", "——", "－"] {
            assert!(joins(gap), "{gap:?}");
        }
        for gap in ["", "至至", "及", "起", "  至", "- -"] {
            assert!(!joins(gap), "{gap:?}");
        }
    }

    /// The pattern's groups as [`read`] reads them, by name, sorted.
    fn by_hand(matched: &str) -> Option<Groups<'_>> {
        let (until, e) = read(matched)?;
        let mut g = Vec::new();
        if until {
            g.push(("until", ""));
        }
        fn part<'a>(p: Part<'a>, names: [&'static str; 6], g: &mut Vec<(&'static str, &'a str)>) {
            match p {
                Part::Whole => {}
                Part::Month(m, d) => {
                    g.push((names[0], m));
                    g.extend(d.map(|d| (names[1], d)));
                }
                Part::Quarter(q) => g.push((names[2], q)),
                Part::Half(h) => g.push((names[3], h)),
                Part::End(e) => g.push((names[4], e)),
                Part::From => g.push((names[5], "起")),
            }
        }
        match e {
            Expr::Days {
                y1,
                m1,
                d1,
                y2,
                m2,
                d2,
            } => {
                g.extend([("r1y", y1), ("r1m", m1), ("r1d", d1), ("r2d", d2)]);
                g.extend(y2.map(|y| ("r2y", y)));
                g.extend(m2.map(|m| ("r2m", m)));
            }
            Expr::Months { y, m1, m2 } => g.extend([("mry", y), ("mr1", m1), ("mr2", m2)]),
            Expr::Years { a, b } => g.extend([("ya", a), ("yb", b)]),
            Expr::Damaged { y, m, d } => g.extend([("dy", y), ("dm", m), ("dd", d)]),
            Expr::Numeric { y, m, d } => g.extend([("iy", y), ("im", m), ("id", d)]),
            Expr::Year { y, part: p } => {
                g.push(("y", y));
                part(p, ["m", "d", "q", "h", "yend", "from"], &mut g);
            }
            Expr::Relative { year, part: p } => {
                g.push(("rel", year));
                part(p, ["rm", "rd", "rq", "rh", "rend", "-"], &mut g);
            }
            Expr::RelativeMonth { month, day } => {
                g.push(("relm", month));
                g.extend(day.map(|d| ("relmd", d)));
            }
            Expr::RelativeQuarter(q) => g.push(("relq", q)),
            Expr::Recent(n) => g.push(("ny", n)),
            Expr::MonthDay { m, d } => g.extend([("bm", m), ("bd", d)]),
            Expr::Quarter(q) => g.push(("bq", q)),
            Expr::Half(h) => g.push(("bh", h)),
            Expr::Day(d) => g.push(("bday", d)),
        }
        g.sort();
        Some(g)
    }

    /// Groups by name, sorted.
    type Groups<'a> = Vec<(&'static str, &'a str)>;

    /// The groups of every match of the pattern in `text`, by its capture engine and by hand.
    fn both(text: &str) -> Vec<(Groups<'_>, Option<Groups<'_>>)> {
        DATE_REGEX
            .captures_iter(text)
            .map(|c| {
                let mut g: Groups = DATE_REGEX
                    .capture_names()
                    .flatten()
                    .filter_map(|n| {
                        let text = if n == "until" {
                            ""
                        } else {
                            c.name(n)?.as_str()
                        };
                        c.name(n)
                            .map(|_| (NAMES.iter().find(|k| **k == n).copied().unwrap(), text))
                    })
                    .collect();
                g.sort();
                (g, by_hand(c.get(0).unwrap().as_str()))
            })
            .collect()
    }

    const NAMES: [&str; 40] = [
        "until", "r1y", "r1m", "r1d", "r2y", "r2m", "r2d", "mry", "mr1", "mr2", "ya", "yb", "dy",
        "dm", "dd", "iy", "im", "id", "y", "m", "d", "q", "h", "yend", "from", "rel", "rm", "rd",
        "rq", "rh", "rend", "relm", "relmd", "relq", "ny", "bm", "bd", "bq", "bh", "bday",
    ];

    #[test]
    fn a_date_holds_its_characters_and_no_others() {
        let inside = |c| DATE_INSIDE.holds(c);
        assert!(
            "2024年5月20日 至二〇二四年上半年-/.截止近两个季度"
                .chars()
                .all(inside)
        );
        assert!(!"的，。（）市区县条".chars().any(inside));
    }

    #[test]
    fn every_group_is_named() {
        let named: Vec<&str> = DATE_REGEX.capture_names().flatten().collect();
        assert_eq!(named.len(), NAMES.len());
        assert!(named.iter().all(|n| NAMES.contains(n)));
    }

    #[test]
    fn the_examples_read_as_the_pattern_reads_them() {
        for text in [
            "2024年5月20日",
            "二〇二四年五月二十日",
            "组织实施 2024 年技术",
            "2014年11月,",
            "时间:2020-12-29 16:59",
            "2024年第一季度",
            "2024年上半年",
            "计划(2021-2023年)",
            "从2021年起到2025年每年",
            "截至 2022 年底",
            "2024年1月1日至3月31日",
            "2021年起施行",
            "在今年一季度推动",
            "去年9月首次召开",
            "截至去年底",
            "近两年支持",
            "12日,省政协",
            "明年",
            "20201223日",
            "2018年1－9月份",
            "2019年4月12-19日",
            "2017年五月至2018年四月",
            "自2020-05-26至2020-05-29止",
            "2019/04/19",
            "上个月15号",
            "本季度",
            "当季度",
            "时间从2016年一月十日到十二日",
            "31日",
            "5月31号",
            "三季度",
            "第4季度",
            "2024年年末",
            "2024年 12 月 1 日 至 2025 年 1 月 3 号",
            "截止到2023年10月",
            "二〇二〇年十二月三十一日",
        ] {
            for (pattern, hand) in both(text) {
                assert_eq!(Some(pattern), hand, "{text}");
            }
        }
    }

    /// Strings of the pattern's own language, drawn by proptest from the pattern, two at a
    /// time with something between them: every branch and option is drawn.
    fn dates_and_more() -> impl Strategy<Value = String> {
        near::drawn(
            DATE_REGEX.as_str(),
            "[至到\\- 起年月日号份十一0-9x，]{0,2}",
            2..3,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(6000))]
        #[test]
        fn the_hand_reads_what_the_capture_engine_reads(text in dates_and_more()) {
            for (pattern, hand) in both(&text) {
                prop_assert_eq!(Some(pattern), hand, "{}", text);
            }
        }

        #[test]
        fn the_search_near_the_signs_finds_every_date(
            (a, between, b) in (dates_and_more(), "[的，。年月日号0-9一十 -]{0,3}", dates_and_more())
        ) {
            let text = format!("{a}{between}{b}");
            let mut near = Vec::new();
            let signs = near::signs(&text, &SIGN_CHARS);
            near::find_near(&*DATE, &DATE_INSIDE, &text, signs, |m| near.push(m.range()));
            let all: Vec<_> = DATE_REGEX.find_iter(&text).map(|m| m.range()).collect();
            prop_assert_eq!(near, all, "{}", text);
        }
    }
}
