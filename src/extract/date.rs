//! Dates, one regex pass: absolute (`2024年5月20日`, `二〇二四年五月二十日`, `2020-12-29`),
//! partial (`2024年5月`, `2023年`), quarters (`一季度`), halves (`上半年`), year ends
//! (`年底`), ranges (`2021-2023年`, `2021年起到2025年`), `截至…` (an end without a start), and
//! relative ones (`今年`, `去年9月`, `近两年`, `一季度`, `12日`), resolved against the
//! document's date when it has one, else left unresolved with a warning. The OCR-damaged
//! `20201223日` is read with a warning. Festival names such as `6·18` are not dates.

use std::sync::LazyLock;

use regex::{Captures, Regex};
use serde::Serialize;

use super::number;
use super::{Entity, Found, Value};
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

const Y: &str = r"(?:[0-9]{4}|[〇零一二三四五六七八九]{4})";
const M: &str = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])";
const D: &str =
    r"(?:3[01]|[12][0-9]|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])";
const REL: &str = r"(?:今年|本年|当年|这一年|去年|上年|上一年|前年|明年|次年|来年|下一年)";
const REL_MONTH: &str = r"(?:本月|当月|这个月|上月|上个月|上一个月|下月|下个月|下一个月)";
const REL_QUARTER: &str =
    r"(?:本季度|当季|这个季度|上季度|上个季度|上一季度|下季度|下个季度|下一季度)";
const SEP: &str = r"(?:至|到|--?|——?|–|~|～|－)";

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let p = format!(
        r"(?x)
        (?P<until>截至|截止到|截止)?\s?
        (?:
            (?:从|自)?(?P<r1y>{Y})\s?年\s?(?P<r1m>{M})\s?月\s?(?P<r1d>{D})\s?[日号]?\s?{SEP}\s?
                (?:(?P<r2y>{Y})\s?年\s?)?(?:(?P<r2m>{M})\s?月\s?)?(?P<r2d>{D})\s?[日号]
          | (?:从|自)?(?P<mry>{Y})\s?年\s?(?P<mr1>{M})\s?(?:月份?)?\s?{SEP}\s?(?P<mr2>{M})\s?月份?
          | (?:从)?(?P<ya>[0-9]{{4}})\s?(?:年\s?)?(?:起\s?)?{SEP}\s?(?P<yb>[0-9]{{4}})\s?年
          | (?P<dy>[0-9]{{4}})(?P<dm>[0-9]{{2}})(?P<dd>[0-9]{{2}})日
          | (?P<iy>[0-9]{{4}})(?P<isep>[-/.])(?P<im>[0-9]{{1,2}})[-/.](?P<id>[0-9]{{1,2}})
          | (?P<y>{Y})\s?年\s?
                (?:(?P<m>{M})\s?月份?\s?(?:(?P<d>{D})\s?[日号])?
                  | (?P<q>第?[一二三四1-4首])季度
                  | (?P<h>上半年|下半年)
                  | (?P<yend>年?底|年?末)
                  | (?P<from>起))?
          | (?P<rel>{REL})
                (?:(?P<rm>{M})月份?(?:(?P<rd>{D})[日号])?
                  | (?P<rq>第?[一二三四首])季度
                  | (?P<rh>上半年|下半年)
                  | (?P<rend>年?底|年?末))?
          | (?P<relm>{REL_MONTH})(?:(?P<relmd>{D})[日号])?
          | (?P<relq>{REL_QUARTER})
          | 近(?P<ny>[两二三四五六七八九十]|[1-9])年
          | (?P<bm>{M})月(?P<bd>{D})[日号]
          | (?P<bq>第?[一二三四1-4])季度
          | (?P<bh>上半年|下半年)
          | (?P<bday>[12]?[0-9]|3[01])日
        )"
    );
    Regex::new(&p).expect("date pattern")
});

/// Two dates joined by 至/到/-: `2017年五月至2018年四月`, `前年11月到去年3月`.
static JOIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s?(?:起\s?)?(?:至|到|--?|——?|–|~|～|－)\s?$").expect("join pattern")
});

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

fn part_of_year(
    y: i32,
    c: &Captures,
    m: &str,
    d: &str,
    q: &str,
    h: &str,
    end: &str,
) -> Option<Range> {
    if let Some(mm) = c.name(m) {
        let mo = num(mm.as_str())?;
        if let Some(dd) = c.name(d) {
            let da = num(dd.as_str())?;
            return valid(y, mo, da).then_some((Some(Ymd(y, mo, da)), Some(Ymd(y, mo, da)), "day"));
        }
        return valid(y, mo, 1).then(|| (Some(Ymd(y, mo, 1)), Some(month_end(y, mo)), "month"));
    }
    if let Some(qq) = c.name(q) {
        let q = quarter(qq.as_str())?;
        let first = 3 * q - 2;
        return Some((
            Some(Ymd(y, first, 1)),
            Some(month_end(y, first + 2)),
            "quarter",
        ));
    }
    if let Some(hh) = c.name(h) {
        return Some(if hh.as_str() == "上半年" {
            (Some(Ymd(y, 1, 1)), Some(Ymd(y, 6, 30)), "half")
        } else {
            (Some(Ymd(y, 7, 1)), Some(Ymd(y, 12, 31)), "half")
        });
    }
    if c.name(end).is_some() {
        return Some((Some(Ymd(y, 12, 31)), Some(Ymd(y, 12, 31)), "year_end"));
    }
    Some(whole_year(y))
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
fn relative_precision(c: &Captures) -> &'static str {
    if c.name("rd").is_some()
        || c.name("bd").is_some()
        || c.name("bday").is_some()
        || c.name("relmd").is_some()
    {
        "day"
    } else if c.name("rm").is_some() || c.name("relm").is_some() {
        "month"
    } else if c.name("rq").is_some() || c.name("bq").is_some() || c.name("relq").is_some() {
        "quarter"
    } else if c.name("rh").is_some() || c.name("bh").is_some() {
        "half"
    } else if c.name("rend").is_some() {
        "year_end"
    } else {
        "year"
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
    let doc_date = match relative {
        Base::Date(d) => Some(d),
        Base::Undated | Base::Rule => None,
    };
    let first = out.entities.len();
    for c in DATE.captures_iter(text) {
        let m = c.get(0).expect("match");
        // Spaces at either end are not part of the date.
        let matched = m.as_str().trim();
        if matched.is_empty() {
            continue;
        }
        let start = m.start() + (m.as_str().len() - m.as_str().trim_start().len());
        let end = start + matched.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        // not part of a longer number, and 12日 only as a day of the month on its own
        if before.is_some_and(|ch| ch.is_ascii_digit())
            || after.is_some_and(|ch| ch.is_ascii_digit())
        {
            continue;
        }
        if c.name("bday").is_some()
            && !(before.is_none_or(|ch| "，,。；;：:？?！! ".contains(ch))
                && after.is_none_or(|ch| "，,。".contains(ch)))
        {
            continue;
        }
        if c.name("iy").is_some() && after.is_some_and(|ch| matches!(ch, '-' | '/' | '.')) {
            continue;
        }
        let span = Span::new(base + start, base + end);
        let until = c.name("until").is_some();
        let open_end = |r: Range| if until { (None, r.1, r.2) } else { r };
        let mut emit = |r: Range, relative: bool| {
            out.push(Entity::new("date", span, value(open_end(r), relative)))
        };

        if let Some(y1) = c.name("r1y") {
            let (Some(y), Some(mo), Some(d)) = (
                year(y1.as_str()),
                c.name("r1m").and_then(|x| num(x.as_str())),
                c.name("r1d").and_then(|x| num(x.as_str())),
            ) else {
                continue;
            };
            let y2 = c.name("r2y").and_then(|x| year(x.as_str())).unwrap_or(y);
            let m2 = c.name("r2m").and_then(|x| num(x.as_str())).unwrap_or(mo);
            let Some(d2) = c.name("r2d").and_then(|x| num(x.as_str())) else {
                continue;
            };
            if valid(y, mo, d) && valid(y2, m2, d2) {
                emit((Some(Ymd(y, mo, d)), Some(Ymd(y2, m2, d2)), "day"), false);
            }
        } else if let Some(y) = c.name("mry") {
            let (Some(y), Some(m1), Some(m2)) = (year(y.as_str()), num(&c["mr1"]), num(&c["mr2"]))
            else {
                continue;
            };
            if valid(y, m1, 1) && valid(y, m2, 1) && m1 <= m2 {
                emit(
                    (Some(Ymd(y, m1, 1)), Some(month_end(y, m2)), "month"),
                    false,
                );
            }
        } else if let (Some(a), Some(b)) = (c.name("ya"), c.name("yb")) {
            let (Some(a), Some(b)) = (year(a.as_str()), year(b.as_str())) else {
                continue;
            };
            if (1900..=2100).contains(&a) && a <= b && b <= 2100 {
                emit((Some(Ymd(a, 1, 1)), Some(Ymd(b, 12, 31)), "year"), false);
            }
        } else if let Some(dy) = c.name("dy") {
            let (Some(y), Some(mo), Some(d)) = (year(dy.as_str()), num(&c["dm"]), num(&c["dd"]))
            else {
                continue;
            };
            if valid(y, mo, d) {
                emit((Some(Ymd(y, mo, d)), Some(Ymd(y, mo, d)), "day"), false);
                out.warn(
                    "date_repaired",
                    format!("`{matched}` read as {}", Ymd(y, mo, d).iso()),
                    span,
                );
            }
        } else if let Some(iy) = c.name("iy") {
            let (Some(y), Some(mo), Some(d)) = (year(iy.as_str()), num(&c["im"]), num(&c["id"]))
            else {
                continue;
            };
            if valid(y, mo, d) {
                emit((Some(Ymd(y, mo, d)), Some(Ymd(y, mo, d)), "day"), false);
            }
        } else if let Some(y) = c.name("y") {
            let Some(y) = year(y.as_str()) else { continue };
            if !(1900..=2100).contains(&y) {
                continue;
            }
            let Some(mut r) = part_of_year(y, &c, "m", "d", "q", "h", "yend") else {
                continue;
            };
            if c.name("from").is_some() {
                r.1 = None;
            }
            emit(r, false);
        } else {
            // Relative: resolved against the document's date.
            let resolved = doc_date.and_then(|today| resolve(&c, today));
            match resolved {
                Some(r) => emit(r, true),
                None => {
                    emit((None, None, relative_precision(&c)), true);
                    let why = match relative {
                        Base::Date(_) => "cannot be resolved",
                        Base::Undated => "the document has no date to resolve it against",
                        Base::Rule => "a regulation's relative dates count from when it is applied",
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
                if JOIN.is_match(gap)
                    && x.start.is_some()
                    && y.end.is_some()
                    && x.start <= y.end =>
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

fn resolve(c: &Captures, today: Ymd) -> Option<Range> {
    let Ymd(ty, tm, _) = today;
    if let Some(rel) = c.name("rel") {
        let y = match rel.as_str() {
            "今年" | "本年" | "当年" | "这一年" => ty,
            "去年" | "上年" | "上一年" => ty - 1,
            "前年" => ty - 2,
            "明年" | "次年" | "来年" | "下一年" => ty + 1,
            _ => return None,
        };
        return part_of_year(y, c, "rm", "rd", "rq", "rh", "rend");
    }
    if let Some(rm) = c.name("relm") {
        let shift: i32 = match rm.as_str() {
            "本月" | "当月" | "这个月" => 0,
            "上月" | "上个月" | "上一个月" => -1,
            _ => 1,
        };
        let idx = ty * 12 + (tm as i32 - 1) + shift;
        let (y, m) = (idx.div_euclid(12), idx.rem_euclid(12) as u32 + 1);
        if let Some(d) = c.name("relmd") {
            let d = num(d.as_str())?;
            return valid(y, m, d).then_some((Some(Ymd(y, m, d)), Some(Ymd(y, m, d)), "day"));
        }
        return Some((Some(Ymd(y, m, 1)), Some(month_end(y, m)), "month"));
    }
    if let Some(rq) = c.name("relq") {
        let shift: i32 = match rq.as_str() {
            "本季度" | "当季" | "这个季度" => 0,
            "上季度" | "上个季度" | "上一季度" => -1,
            _ => 1,
        };
        let idx = ty * 4 + ((tm as i32 - 1) / 3) + shift;
        let (y, q) = (idx.div_euclid(4), idx.rem_euclid(4) as u32 + 1);
        let first = 3 * q - 2;
        return Some((
            Some(Ymd(y, first, 1)),
            Some(month_end(y, first + 2)),
            "quarter",
        ));
    }
    if let Some(n) = c.name("ny") {
        let n = num(n.as_str())? as i32;
        return Some((Some(Ymd(ty - n + 1, 1, 1)), Some(today), "year"));
    }
    if c.name("bm").is_some() {
        return part_of_year(ty, c, "bm", "bd", "-", "-", "-");
    }
    if c.name("bq").is_some() || c.name("bh").is_some() {
        return part_of_year(ty, c, "-", "-", "bq", "bh", "-");
    }
    if let Some(d) = c.name("bday") {
        let d = num(d.as_str())?;
        return valid(ty, tm, d).then_some((Some(Ymd(ty, tm, d)), Some(Ymd(ty, tm, d)), "day"));
    }
    None
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
