//! Money amounts and percentages, each found by a pattern the build compiles and read by hand.
//!
//! An amount is a number (Arabic, Chinese or mixed), an optional multiplier (万, 亿…) and a
//! currency (元, 美元, 欧元…), with qualifiers before or after it (超, 近, 约, 以上, 不高于…)
//! normalized to a closed set, ranges (`100万至500万元`, `5-10亿元`, `二千元以上二万元以下`),
//! rates (`3000元/人·月`), and lists that share one unit (`100、80、50万元`) as separate amounts.
//! A number with a rate but no currency (`2000/人·月`, where extraction lost the 元) is a
//! warning, not a guess. Values are exact decimal strings.

use std::sync::LazyLock;

#[cfg(test)]
use regex::Regex;
use serde::Serialize;

use super::compiled::{self, Dfa};
#[cfg(test)]
use super::grammar;
use super::grammar::amount::{
    CN_DIGITS, CN_NUMERALS, CUR_PRE_WORDS, CUR_WORDS, EACH_UNITS, MULT_LETTERS, POST_WORDS,
    PRE_WORDS, RATE_DOTS, RATE_FIRST, RATE_UNITS, SEP_WORDS, SUB_DIGITS, UNITS,
};
use super::near::{self, Inside};
use super::number::{self, Dec};
use super::reader::Cursor;
use super::{Entity, Found, Value, inside};
use crate::span::Span;

/// The closed set of qualifiers.
pub fn qualifier(word: &str) -> Option<&'static str> {
    Some(match word {
        "超" | "超过" | "逾" | "多" | "余" | "高于" | "大于" => "over",
        "以上" | "不低于" | "不少于" | "至少" | "起" => "at_least",
        "不足" | "不到" | "低于" | "少于" | "小于" | "未满" => "under",
        "以下" | "以内" | "不超过" | "不高于" | "最高" | "最多" | "不多于" => {
            "at_most"
        }
        "约" | "大约" | "左右" | "上下" | "大概" => "about",
        "近" | "将近" | "接近" => "nearly",
        "累计" | "合计" | "共计" | "总计" | "总额" => "total",
        "高达" | "多达" | "达" => "reaching",
        _ => return None,
    })
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Amount {
    /// The amount in units of `currency`, an exact decimal string; `null` for a range.
    pub yuan: Option<String>,
    pub min: Option<String>,
    pub max: Option<String>,
    pub qualifier: Option<&'static str>,
    /// ISO 4217 code: CNY, USD, EUR, JPY, HKD, GBP, TWD…
    pub currency: &'static str,
    /// The unit of a rate (`人·月` in `3000元/人·月`, `次` in `每次…`).
    pub per: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Percent {
    /// The number, an exact decimal string (`34.1` for 34.1%).
    pub value: String,
    /// `percent` or `percentage_point`.
    pub unit: &'static str,
    pub qualifier: Option<&'static str>,
}

fn currency(word: &str) -> &'static str {
    match word {
        "美元" | "美圆" | "$" | "US$" => "USD",
        "欧元" => "EUR",
        "日元" | "日币" => "JPY",
        "港元" | "港币" => "HKD",
        "英镑" => "GBP",
        "澳元" => "AUD",
        "韩元" => "KRW",
        "新台币" | "台币" => "TWD",
        "卢布" => "RUB",
        _ => "CNY",
    }
}

/// One of these is in every currency word of the patterns above, and `/` in a rate.
pub(crate) const CURRENCY_CHARS: [char; 10] =
    ['元', '圆', '块', '币', '镑', '卢', '$', '￥', '¥', '/'];
/// One of these is in every percentage: `%`, `％`, `百分之`, `个百分点`.
pub(crate) const PERCENT_CHARS: [char; 3] = ['%', '％', '百'];

/// The characters an amount or a percentage may hold.
static AMOUNT_INSIDE: LazyLock<Inside> = LazyLock::new(|| Inside::of_table(inside::AMOUNT));
static PERCENT_INSIDE: LazyLock<Inside> = LazyLock::new(|| Inside::of_table(inside::PERCENT));

/// Builds the patterns now rather than when the first document needs them.
pub(super) fn warm_up() {
    LazyLock::force(&AMOUNT);
    LazyLock::force(&AMOUNT_INSIDE);
    LazyLock::force(&PERCENT);
    LazyLock::force(&PERCENT_INSIDE);
}

/// The amount pattern, compiled by the build (see [`compiled`]).
pub(super) static AMOUNT: LazyLock<Dfa> = LazyLock::new(compiled::amount);

/// The same pattern for the regex engine, which the tests hold [`AMOUNT`] and the reader to.
#[cfg(test)]
static AMOUNT_REGEX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&grammar::amount::pattern()).expect("amount pattern"));

/// The percent pattern, compiled by the build (see [`compiled`]).
pub(super) static PERCENT: LazyLock<Dfa> = LazyLock::new(compiled::percent);

/// The same pattern for the regex engine, which the tests hold [`PERCENT`] and
/// [`read_percent`] to.
#[cfg(test)]
static PERCENT_REGEX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&grammar::percent::pattern()).expect("percent pattern"));

/// Characters that make a following 元 part of a word (单元, 三元区, 多元化, 元旦…).
fn yuan_in_word(next: Option<char>) -> bool {
    next.is_some_and(|c| "区化素宵旦月首老帅件器气论钱币朝代明清宝".contains(c))
}

fn value_of(num: &str, mult: Option<&str>) -> Option<Dec> {
    let base = number::parse_number(num)?;
    match mult.map(|m| m.trim_start_matches('个')) {
        Some(m) => base.shift(number::multiplier(m)?),
        None => Some(base),
    }
}

/// The unit characters a numeral ends with (`万` of `一百五十万`, `千亿` of `九千亿`).
fn trailing_units(num: &str) -> &str {
    let cut = num
        .char_indices()
        .rev()
        .take_while(|&(_, c)| number::cn_unit(c).is_some())
        .last()
        .map_or(num.len(), |(i, _)| i);
    &num[cut..]
}

/// The bounds of a range whose lower bound may have left its unit to the upper one:
/// `5-10亿` is 5亿 to 10亿, `一百二十到一百五十万` 120万 to 150万, but `8500到3万` stays
/// 8500 to 30000. The lower bound takes the shortest unit that keeps it below the upper.
fn range_bounds(
    lo: &str,
    lo_mult: Option<&str>,
    hi: &str,
    hi_mult: Option<&str>,
) -> Option<(Dec, Dec)> {
    let b = value_of(hi, hi_mult)?;
    let a = value_of(lo, lo_mult)?;
    if lo_mult.is_some() {
        return Some((a, b));
    }
    let units = match hi_mult {
        Some(m) => m.trim_start_matches('个').to_owned(),
        None => trailing_units(hi).to_owned(),
    };
    let chars: Vec<char> = units.chars().collect();
    for k in (0..chars.len()).rev() {
        let m: String = chars[k..].iter().collect();
        if let Some(scaled) = number::multiplier(&m).and_then(|p| a.shift(p))
            && le(scaled, b)
        {
            return Some((scaled, b));
        }
    }
    Some((a, b))
}

fn le(a: Dec, b: Dec) -> bool {
    let scale = a.scale.max(b.scale);
    let x = a.mant * 10i128.pow(scale - a.scale);
    let y = b.mant * 10i128.pow(scale - b.scale);
    x <= y
}

/// 八九亿, 三五百: two digits before a unit mean "between the one and the other".
fn approximate_range(num: &str, mult: Option<&str>) -> Option<(Dec, Dec)> {
    let mut chars = num.chars();
    let (a, b) = (chars.next()?, chars.next()?);
    let rest: String = chars.collect();
    let (da, db) = (number::cn_digit(a)?, number::cn_digit(b)?);
    if da == 0 || da >= db || (rest.is_empty() && mult.is_none()) {
        return None;
    }
    let lo = value_of(&format!("{a}{rest}"), mult)?;
    let hi = value_of(&format!("{b}{rest}"), mult)?;
    Some((lo, hi))
}

/// Whether a Chinese-numeral amount is too short to trust (三元, 一元: words, not money).
fn weak_chinese(num: &str) -> bool {
    !num.starts_with(|c: char| c.is_ascii_digit()) && num.chars().count() < 2
}

fn amount(
    yuan: Option<Dec>,
    range: Option<(Dec, Dec)>,
    q: Option<&'static str>,
    cur: &str,
    per: Option<String>,
) -> Value {
    Value::Amount(Amount {
        yuan: yuan.map(|d| d.to_string()),
        min: range.map(|r| r.0.to_string()),
        max: range.map(|r| r.1.to_string()),
        qualifier: q,
        currency: currency(cur),
        per,
    })
}

fn per_of(r: &Read) -> Option<String> {
    r.per
        .map(|p| p.trim_start_matches('/').replace('・', "·"))
        .or_else(|| r.per_pre.map(str::to_owned))
}

/// Finds amounts in `text` (byte offsets from `base`).
pub fn amounts(text: &str, base: usize, out: &mut Found) {
    amounts_near(text, base, near::signs(text, &CURRENCY_CHARS), out);
}

/// [`amounts`], where `signs` are the byte offsets of the characters of [`CURRENCY_CHARS`].
pub(super) fn amounts_near(
    text: &str,
    base: usize,
    signs: impl IntoIterator<Item = usize>,
    out: &mut Found,
) {
    near::find_near(&*AMOUNT, &AMOUNT_INSIDE, text, signs, |m| {
        // Every branch of the pattern can match a bare number (the currency is optional so
        // that lists and ranges share one), and such a match is skipped here, before it is
        // read.
        if !m.as_str().contains(CURRENCY_CHARS) {
            return;
        }
        let Some(r) = read(m.as_str()) else { return };
        let span = Span::new(base + m.start(), base + m.end());
        let pre_q = r.pre.and_then(qualifier);
        let per = per_of(&r);
        let pre_q = pre_q.or_else(|| r.pre2.and_then(qualifier));
        match r.body {
            Body::Bare { number, per } => {
                out.warn(
                    "amount_unit_missing",
                    format!("`{number}{per}` reads as an amount but has no currency (元 lost?); not extracted"),
                    span,
                );
            }
            Body::Range {
                lo,
                lo_mult,
                hi,
                hi_mult,
                hi_cur,
                ..
            } => {
                let Some(bounds) = range_bounds(lo, lo_mult, hi, hi_mult) else {
                    return;
                };
                let cur = r.cur_pre.unwrap_or(hi_cur);
                out.push(Entity::new(
                    "amount",
                    span,
                    amount(None, Some(bounds), pre_q, cur, per),
                ));
            }
            Body::Number {
                list,
                num,
                more,
                mult,
                cur,
                cur2,
                jiao,
                fen,
                qian,
                post,
                hi2,
            } => {
                let has_sub = jiao.is_some() || fen.is_some();
                // 三万元欧元, 9000元日币: 元 is generic and the word after it names the currency
                let cur_word = cur2.or(cur);
                let currency = match (r.cur_pre, cur_word) {
                    (Some(p), Some("元" | "圆" | "块" | "块钱")) => p,
                    (_, Some(w)) => w,
                    (Some(p), None) => p,
                    (None, None) => return,
                };
                let after = text[m.end()..].chars().next();
                if cur_word == Some("块")
                    && !(has_sub || qian || after.is_none_or(|ch| !ch.is_alphanumeric()))
                {
                    return; // 一块土地
                }
                let word = yuan_in_word(after) || weak_chinese(num.text) && cur_word == Some("元");
                if cur_word == Some("元")
                    && r.cur_pre.is_none()
                    && word
                    && !has_sub
                    && list.is_none()
                    && hi2.is_none()
                {
                    return;
                }
                let q = post
                    .and_then(qualifier)
                    .or_else(|| more.map(|_| "over"))
                    .or(pre_q);
                if let Some(range) = approximate_range(num.text, mult) {
                    out.push(Entity::new(
                        "amount",
                        span,
                        amount(None, Some(range), q, currency, per),
                    ));
                    return;
                }
                let Some(mut v) = value_of(num.text, mult) else {
                    return;
                };
                for (sub, scale) in [(jiao, 1u32), (fen, 2u32)] {
                    if let Some(sub) = sub.and_then(number::parse_number)
                        && let Some(sum) = v.checked_add(Dec {
                            mant: sub.mant,
                            scale: sub.scale + scale,
                        })
                    {
                        v = sum;
                    }
                }
                if let Some((hi, hi_mult, _)) = hi2
                    && let Some(b) = value_of(hi, hi_mult)
                {
                    out.push(Entity::new(
                        "amount",
                        span,
                        amount(None, Some((v, b)), pre_q, currency, per),
                    ));
                    return;
                }
                if let Some(list) = list {
                    // Each listed number gets the shared multiplier and currency.
                    let mut pos = m.start() + list.at;
                    for item in list.text.split('、').filter(|s| !s.is_empty()) {
                        let start = pos;
                        pos += item.len() + '、'.len_utf8();
                        if let Some(d) = value_of(item, mult) {
                            let s = Span::new(base + start, base + start + item.len());
                            out.push(Entity::new(
                                "amount",
                                s,
                                amount(Some(d), None, None, currency, per.clone()),
                            ));
                        }
                    }
                    let s = Span::new(base + m.start() + num.at, span.end);
                    out.push(Entity::new(
                        "amount",
                        s,
                        amount(Some(v), None, q, currency, per),
                    ));
                    return;
                }
                out.push(Entity::new(
                    "amount",
                    span,
                    amount(Some(v), None, q, currency, per),
                ));
            }
        }
    });
}

/// Finds percentages and percentage points in `text`.
pub fn percents(text: &str, base: usize, out: &mut Found) {
    percents_near(text, base, near::signs(text, &PERCENT_CHARS), out);
}

/// [`percents`], where `signs` are the byte offsets of the characters of [`PERCENT_CHARS`].
pub(super) fn percents_near(
    text: &str,
    base: usize,
    signs: impl IntoIterator<Item = usize>,
    out: &mut Found,
) {
    near::find_near(&*PERCENT, &PERCENT_INSIDE, text, signs, |m| {
        let Some(read) = read_percent(m.as_str()) else {
            return;
        };
        let before = text[..m.start()].chars().next_back();
        // 五百分之2.2 is a fraction, not a percentage
        if m.as_str().starts_with("百分之") && before.is_some_and(number::is_cn_numeral) {
            return;
        }
        // %28 and %2020% in a URL are percent-encoding
        let after: String = text[m.end()..].chars().take(2).collect();
        let hex_after = after.len() == 2 && after.chars().all(|c| c.is_ascii_hexdigit());
        if (m.as_str().ends_with('%') && hex_after) || before == Some('%') {
            return;
        }
        // 5-20%: a range, not minus twenty
        let (whole_start, signless) = match m.as_str().strip_prefix('-') {
            Some(rest) if before.is_some_and(|c| c.is_ascii_digit()) => (m.start() + 1, Some(rest)),
            _ => (m.start(), None),
        };
        let span = Span::new(base + whole_start, base + m.end());

        let q = read
            .post
            .and_then(qualifier)
            .or_else(|| read.pre.and_then(qualifier));
        let signed = |s: &str| {
            let s = s.replace(['－', '负'], "-");
            number::parse_number(if signless.is_some() {
                s.trim_start_matches('-')
            } else {
                &s
            })
        };
        let (value, unit) = match read.body {
            PercentBody::Percent(n) => (signed(n), "percent"),
            PercentBody::Points(n) => (signed(n), "percentage_point"),
            PercentBody::OfHundred(n) => (number::parse_number(n), "percent"),
        };
        let Some(value) = value else { return };
        out.push(Entity::new(
            "percent",
            span,
            Value::Percent(Percent {
                value: value.to_string(),
                unit,
                qualifier: q,
            }),
        ));
    });
}

/// A percentage as [`PERCENT`] matched it, its groups read by hand (see [`super::reader`]):
/// the qualifiers before and after it (`pre`, `post`) and its number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PercentRead<'a> {
    pre: Option<&'a str>,
    body: PercentBody<'a>,
    post: Option<&'a str>,
}

/// The pattern's three branches, each with its number's group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PercentBody<'a> {
    /// `num`: `34.1%`.
    Percent(&'a str),
    /// `pp`: `3个百分点`.
    Points(&'a str),
    /// `cn`: `百分之三十`.
    OfHundred(&'a str),
}

/// Reads a match of [`PERCENT`]. The qualifier after it ends with 上, 下, 右 or 内, which no
/// number does, so it is there if the match ends with it. Before the number, each qualifier
/// the match starts with is tried in the pattern's order, then none; within a branch every
/// choice is forced (a sign, space or separator left out would stand where the next part needs
/// a digit, a numeral or a mark), and the branches start or end differently.
fn read_percent(matched: &str) -> Option<PercentRead<'_>> {
    use super::grammar::percent::POST_WORDS;
    let post = POST_WORDS.iter().find(|w| matched.ends_with(**w)).copied();
    let rest = &matched[..matched.len() - post.map_or(0, str::len)];
    let qualified = PRE_WORDS
        .iter()
        .filter_map(|w| rest.strip_prefix(w).map(|r| (Some(*w), r)));
    qualified.chain([(None, rest)]).find_map(|(pre, r)| {
        let mut c = Cursor(r);
        if pre.is_some() {
            c.space();
        }
        Some(PercentRead {
            pre,
            body: percent_body(c)?,
            post: post.map(|w| &matched[matched.len() - w.len()..]),
        })
    })
}

/// The branch of [`PERCENT`] that reads all of `c`.
fn percent_body(c: Cursor<'_>) -> Option<PercentBody<'_>> {
    use super::grammar::percent::{OF_HUNDRED_NUMERALS, POINT_NUMERALS, SIGNS};
    // a number in digits, read once: a percentage (the number, a space, the mark), or else
    // points (the number, perhaps k or 万, a space, 个百分点); or points in numerals
    let mut p = c;
    p.char_of(SIGNS);
    let points = if decimal(&mut p).is_some() {
        let mut mark = p;
        mark.space();
        if mark.char_of("%％").is_some() && mark.done() {
            return Some(PercentBody::Percent(p.since(c)));
        }
        p.char_of("kK万");
        Some(p.since(c))
    } else {
        p = c;
        p.some_of(POINT_NUMERALS)
    };
    if let Some(n) = points {
        p.space();
        if p.char_of("个個").is_some() && p.eat("百分") && p.char_of("点點").is_some() && p.done()
        {
            return Some(PercentBody::Points(n));
        }
    }
    // 百分之 and the number
    let mut p = c;
    p.must("百分之")?;
    let start = p;
    if p.some_of(OF_HUNDRED_NUMERALS).is_none() {
        decimal(&mut p)?;
        p.char_of("kK");
    }
    p.done().then(|| PercentBody::OfHundred(p.since(start)))
}

/// `[0-9]+(?:[,，][0-9]{3})*(?:[.．][0-9]+)?`, each part taken where it is there.
fn decimal(c: &mut Cursor<'_>) -> Option<()> {
    c.digits(usize::MAX)?;
    loop {
        let mut group = *c;
        if group.char_of(",，").is_some() && group.chars_of("0123456789", 3).is_some() {
            *c = group;
        } else {
            break;
        }
    }
    let mut point = *c;
    if point.char_of(".．").is_some() && point.digits(usize::MAX).is_some() {
        *c = point;
    }
    Some(())
}

/// An amount as [`AMOUNT`] matched it, its groups read by hand from the match (see
/// [`super::reader`]). Each field is the group of the same name; the body is the pattern's
/// branch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Read<'a> {
    per_pre: Option<&'a str>,
    pre: Option<&'a str>,
    cur_pre: Option<&'a str>,
    pre2: Option<&'a str>,
    body: Body<'a>,
    per: Option<&'a str>,
}

/// A part of the match and where it starts in it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Piece<'a> {
    at: usize,
    text: &'a str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Body<'a> {
    /// `100万至500万元`
    Range {
        lo: &'a str,
        lo_mult: Option<&'a str>,
        lo_cur: Option<&'a str>,
        lo_post: Option<&'a str>,
        hi: &'a str,
        hi_mult: Option<&'a str>,
        hi_cur: &'a str,
        hi_post: Option<&'a str>,
    },
    /// `2000/人·月`: a rate whose currency was lost.
    Bare { number: &'a str, per: &'a str },
    /// One number, or a list sharing its unit: `3000元`, `100、80、50万元`, `十块三毛`,
    /// `二千元以上二万元以下`.
    Number {
        list: Option<Piece<'a>>,
        num: Piece<'a>,
        more: Option<&'a str>,
        mult: Option<&'a str>,
        cur: Option<&'a str>,
        cur2: Option<&'a str>,
        jiao: Option<&'a str>,
        fen: Option<&'a str>,
        qian: bool,
        post: Option<&'a str>,
        hi2: Option<(&'a str, Option<&'a str>, &'a str)>,
    },
}

/// [`NUM`]. What may follow a number never continues one, so the pattern takes the longest
/// that its first fitting alternative gives.
fn number_of<'a>(c: &mut Cursor<'a>) -> Option<&'a str> {
    let b = c.0.as_bytes();
    let digits_from = |i: usize| b[i..].iter().take_while(|x| x.is_ascii_digit()).count();
    let lead = digits_from(0);
    if lead == 0 {
        let start = *c;
        while c.char_of(CN_NUMERALS).is_some() {}
        if c.since(start).is_empty() {
            return None;
        }
        let mut point = *c;
        if point.eat("点") && point.char_of(CN_DIGITS).is_some() {
            while point.char_of(CN_DIGITS).is_some() {}
            *c = point;
        }
        return Some(c.since(start));
    }
    // groups of three after `sep` at byte `i`, as many as there are
    let groups = |mut i: usize, seps: &[&str]| {
        let mut n = 0;
        while let Some(sep) = seps.iter().find(|s| b[i..].starts_with(s.as_bytes()))
            && digits_from(i + sep.len()) >= 3
        {
            i += sep.len() + 3;
            n += 1;
        }
        (i, n)
    };
    let decimal = |i: usize| {
        ["．", "."]
            .iter()
            .find(|p| b[i..].starts_with(p.as_bytes()))
            .map(|p| i + p.len())
            .filter(|&j| digits_from(j) > 0)
            .map(|j| j + digits_from(j))
    };
    // 1，234.5: full-width commas only with a decimal part
    if lead <= 3
        && let (i, n) = groups(lead, &[",", "，"])
        && n > 0
        && let Some(end) = decimal(i)
    {
        return Some(c.take(end));
    }
    let (i, _) = groups(lead, &[","]);
    Some(c.take(decimal(i).unwrap_or(i)))
}

/// [`MULT`]
fn multiplier_of<'a>(c: &mut Cursor<'a>) -> Option<&'a str> {
    let start = *c;
    let mut units = *c;
    units.eat("个");
    if units.char_of(UNITS).is_some() {
        while units.char_of(UNITS).is_some() {}
        *c = units;
        return Some(c.since(start));
    }
    c.char_of(MULT_LETTERS)
}

/// A rate's unit after `/`, whose first character is one of `first`.
fn rate_of<'a>(c: &mut Cursor<'a>, first: &str) -> Option<&'a str> {
    let mut r = *c;
    r.must("/")?;
    r.char_of(first)?;
    r.char_of(RATE_DOTS);
    r.char_of(RATE_UNITS);
    let rate = r.since(*c);
    *c = r;
    Some(rate)
}

/// Reads a match of [`AMOUNT`].
fn read<'a>(matched: &'a str) -> Option<Read<'a>> {
    let mut c = Cursor(matched);
    let mut per_pre = None;
    let mut each = c;
    if each.eat("每")
        && let Some(unit) = each.char_of(EACH_UNITS)
    {
        each.space();
        (per_pre, c) = (Some(unit), each);
    }
    let pre = c.one_of(&PRE_WORDS);
    if pre.is_some() {
        c.space();
    }
    let cur_pre = c.one_of(&CUR_PRE_WORDS);
    if cur_pre.is_some() {
        while c.0.starts_with(char::is_whitespace) {
            c.space();
        }
    }
    let pre2 = c.one_of(&PRE_WORDS);
    if pre2.is_some() {
        c.space();
    }
    // the first branch that reads the whole match, with a rate's unit after it
    let whole = |mut b: Cursor<'a>, body| {
        let per = rate_of(&mut b, RATE_FIRST);
        b.done().then_some(Read {
            per_pre,
            pre,
            cur_pre,
            pre2,
            body,
            per,
        })
    };
    let (mut range, mut bare, mut number) = (c, c, c);
    let at = matched.len() - c.0.len();
    read_range(&mut range)
        .and_then(|body| whole(range, body))
        .or_else(|| read_bare(&mut bare).and_then(|body| whole(bare, body)))
        .or_else(|| read_number(&mut number, at).and_then(|body| whole(number, body)))
}

/// `（含）`, `(含)`: the bound itself included.
fn inclusive(c: &mut Cursor) {
    let mut i = *c;
    if i.char_of("（(").is_some() && i.eat("含") && i.char_of("）)").is_some() {
        *c = i;
    }
}

fn read_range<'a>(c: &mut Cursor<'a>) -> Option<Body<'a>> {
    let lo = number_of(c)?;
    c.space();
    let lo_mult = multiplier_of(c);
    let lo_cur = c.one_of(&CUR_WORDS);
    inclusive(c);
    let lo_post = c.one_of(&["以上"]);
    c.space();
    c.one_of(&SEP_WORDS)?;
    c.space();
    let hi = number_of(c)?;
    c.space();
    let hi_mult = multiplier_of(c);
    c.space();
    let hi_cur = c.one_of(&CUR_WORDS)?;
    let hi_post = c.one_of(&["以下", "以内"]);
    Some(Body::Range {
        lo,
        lo_mult,
        lo_cur,
        lo_post,
        hi,
        hi_mult,
        hi_cur,
        hi_post,
    })
}

fn read_bare<'a>(c: &mut Cursor<'a>) -> Option<Body<'a>> {
    let start = *c;
    c.char_of("0123456789")?;
    while c.char_of("0123456789,，").is_some() {}
    let mut point = *c;
    if point.eat(".") && point.digits(usize::MAX).is_some() {
        *c = point;
    }
    let number = c.since(start);
    let per = rate_of(c, RATE_UNITS)?;
    Some(Body::Bare { number, per })
}

/// `at` is where the body starts in the match, for the places of the list and the number.
fn read_number<'a>(c: &mut Cursor<'a>, at: usize) -> Option<Body<'a>> {
    let start = *c;
    // numbers before 、 share the last one's unit
    let mut list = None;
    loop {
        let mut item = *c;
        if number_of(&mut item).is_some() && item.eat("、") {
            *c = item;
            list = Some(Piece {
                at,
                text: c.since(start),
            });
        } else {
            break;
        }
    }
    let num_at = at + start.0.len() - c.0.len();
    let num = Piece {
        at: num_at,
        text: number_of(c)?,
    };
    c.space();
    let more = c.one_of(&["多", "余"]);
    let mult = multiplier_of(c);
    c.space();
    let cur = c.one_of(&CUR_WORDS);
    let cur2 = c.one_of(&["欧元", "日币", "日元", "美元", "港币", "港元", "英镑"]);
    let sub = |c: &mut Cursor<'a>, unit: &str| {
        let mut s = *c;
        let n = s.char_of(SUB_DIGITS)?;
        s.char_of(unit)?;
        *c = s;
        Some(n)
    };
    let jiao = sub(c, "角毛");
    let fen = sub(c, "分");
    let qian = c.eat("钱");
    c.char_of("整正");
    c.eat("人民币");
    inclusive(c);
    let post = c.one_of(&POST_WORDS);
    let mut upper = *c;
    let hi2 = (|| {
        let n = number_of(&mut upper)?;
        let m = multiplier_of(&mut upper);
        let cur = upper.one_of(&CUR_WORDS)?;
        upper.one_of(&["以下", "以内"])?;
        Some((n, m, cur))
    })();
    if hi2.is_some() {
        *c = upper;
    }
    Some(Body::Number {
        list,
        num,
        more,
        mult,
        cur,
        cur2,
        jiao,
        fen,
        qian,
        post,
        hi2,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_currency_word_holds_a_currency_character() {
        for word in CUR_WORDS.iter().chain(&CUR_PRE_WORDS) {
            assert!(word.contains(CURRENCY_CHARS), "{word}");
        }
    }

    fn run(text: &str) -> Vec<(String, Value)> {
        let mut f = Found::default();
        amounts(text, 0, &mut f);
        percents(text, 0, &mut f);
        f.entities
            .iter()
            .map(|e| (e.span.slice(text).to_owned(), e.value.clone()))
            .collect()
    }

    fn yuan(text: &str) -> Vec<(String, Option<String>, Option<&'static str>)> {
        run(text)
            .into_iter()
            .filter_map(|(t, v)| match v {
                Value::Amount(a) => Some((
                    t,
                    a.yuan
                        .or(a.min.map(|m| format!("{m}..{}", a.max.unwrap_or_default()))),
                    a.qualifier,
                )),
                _ => None,
            })
            .collect()
    }

    fn one(
        t: &str,
        y: &str,
        q: Option<&'static str>,
    ) -> (String, Option<String>, Option<&'static str>) {
        (t.to_owned(), Some(y.to_owned()), q)
    }

    #[test]
    fn amounts_with_multipliers_and_qualifiers() {
        assert_eq!(
            yuan("工业增加值1.85万亿元，"),
            [one("1.85万亿元", "1850000000000", None)]
        );
        assert_eq!(
            yuan("金额 292.27 亿元，"),
            [one("292.27 亿元", "29227000000", None)]
        );
        assert_eq!(
            yuan("总投资超千亿元。"),
            [one("超千亿元", "100000000000", Some("over"))]
        );
        assert_eq!(
            yuan("带动企业研发投入超3亿元"),
            [one("超3亿元", "300000000", Some("over"))]
        );
        assert_eq!(
            yuan("完成技改投资200亿元以上"),
            [one("200亿元以上", "20000000000", Some("at_least"))]
        );
        assert_eq!(yuan("三千万元"), [one("三千万元", "30000000", None)]);
        assert_eq!(yuan("1,200万元"), [one("1,200万元", "12000000", None)]);
        assert_eq!(
            yuan("每次不高于2500元的"),
            [(
                "每次不高于2500元".into(),
                Some("2500".into()),
                Some("at_most")
            )]
        );
        assert_eq!(
            yuan("100多万元"),
            [one("100多万元", "1000000", Some("over"))]
        );
    }

    #[test]
    fn ranges_lists_rates_currencies() {
        assert_eq!(
            yuan("100万至500万元"),
            [one("100万至500万元", "1000000..5000000", None)]
        );
        assert_eq!(
            yuan("5-10亿元"),
            [one("5-10亿元", "500000000..1000000000", None)]
        );
        assert_eq!(
            yuan("处二千元以上二万元以下罚款"),
            [one("二千元以上二万元以下", "2000..20000", None)]
        );
        assert_eq!(
            yuan("分别给予100、80、50万元购房补助"),
            [
                one("100", "1000000", None),
                one("80", "800000", None),
                one("50万元", "500000", None)
            ]
        );
        let r = run("硕士1000元/人·月");
        assert!(
            matches!(&r[0].1, Value::Amount(a) if a.per.as_deref() == Some("人·月") && a.yuan.as_deref() == Some("1000"))
        );
        let r = run("港币两千九百六十元");
        assert!(
            matches!(&r[0].1, Value::Amount(a) if a.currency == "HKD" && a.yuan.as_deref() == Some("2960"))
        );
        let r = run("投资5000万美元");
        assert!(
            matches!(&r[0].1, Value::Amount(a) if a.currency == "USD" && a.yuan.as_deref() == Some("50000000"))
        );
    }

    #[test]
    fn missing_currency_is_a_warning_not_an_amount() {
        let mut f = Found::default();
        amounts("给予博士2000/人·月、硕士1000/人·月的补助", 0, &mut f);
        assert!(f.entities.is_empty());
        assert_eq!(f.warnings.len(), 2);
        assert_eq!(f.warnings[0].code, "amount_unit_missing");
    }

    #[test]
    fn words_with_yuan_are_not_money() {
        for t in ["三元区", "多元化发展", "一元复始", "单元", "元旦"] {
            assert!(yuan(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn percents_and_points() {
        let p = |t: &str| -> Vec<(String, String, &'static str, Option<&'static str>)> {
            run(t)
                .into_iter()
                .filter_map(|(s, v)| match v {
                    Value::Percent(p) => Some((s, p.value, p.unit, p.qualifier)),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(
            p("占34.1%，"),
            [("34.1%".into(), "34.1".into(), "percent", None)]
        );
        assert_eq!(
            p("下降约 41.2%"),
            [("约 41.2%".into(), "41.2".into(), "percent", Some("about"))]
        );
        assert_eq!(
            p("降低5个百分点以上"),
            [(
                "5个百分点以上".into(),
                "5".into(),
                "percentage_point",
                Some("at_least")
            )]
        );
        assert_eq!(
            p("百分之三十"),
            [("百分之三十".into(), "30".into(), "percent", None)]
        );
    }

    #[test]
    fn ranges_take_the_upper_bound_unit_when_it_fits() {
        assert_eq!(
            yuan("一百二十到一百五十万元"),
            [one("一百二十到一百五十万元", "1200000..1500000", None)]
        );
        assert_eq!(
            yuan("七千到九千亿元"),
            [one("七千到九千亿元", "700000000000..900000000000", None)]
        );
        assert_eq!(
            yuan("从8500到3万港元"),
            [one("8500到3万港元", "8500..30000", None)]
        );
        assert_eq!(
            yuan("1万(含)-5万元"),
            [one("1万(含)-5万元", "10000..50000", None)]
        );
        assert_eq!(
            yuan("八九亿韩元"),
            [one("八九亿韩元", "800000000..900000000", None)]
        );
        assert_eq!(
            yuan("1万元--5万元"),
            [one("1万元--5万元", "10000..50000", None)]
        );
    }

    #[test]
    fn percent_forms() {
        let p = |t: &str| -> Vec<(String, String)> {
            run(t)
                .into_iter()
                .filter_map(|(s, v)| match v {
                    Value::Percent(p) => Some((s, p.value)),
                    _ => None,
                })
                .collect()
        };
        let one = |t: &str, v: &str| vec![(t.to_owned(), v.to_owned())];
        assert_eq!(p("百分之2.4"), one("百分之2.4", "2.4"));
        assert_eq!(p("百分之56.2"), one("百分之56.2", "56.2"));
        assert_eq!(p("百分之1,111"), one("百分之1,111", "1111"));
        assert_eq!(p("下降-22.2%"), one("-22.2%", "-22.2"));
        assert_eq!(p("－122％"), one("－122％", "-122"));
        assert_eq!(p("2,123个百分点"), one("2,123个百分点", "2123"));
    }

    #[test]
    fn separators_and_suffix_currencies() {
        assert_eq!(
            yuan("选一个，$20，300美圆, ￥300, ok"),
            [
                one("$20", "20", None),
                one("300美圆", "300", None),
                one("￥300", "300", None)
            ]
        );
        assert_eq!(
            yuan("4人民币5美元"),
            [one("4人民币", "4", None), one("5美元", "5", None)]
        );
        assert_eq!(yuan("1,200万元"), [one("1,200万元", "12000000", None)]);
        let mut f = Found::default();
        percents("五百分之2.2", 0, &mut f);
        assert!(f.entities.is_empty());
    }

    #[test]
    fn percents_that_are_not() {
        let p = |t: &str| -> Vec<String> {
            let mut f = Found::default();
            percents(t, 0, &mut f);
            f.entities
                .iter()
                .map(|e| e.span.slice(t).to_owned())
                .collect()
        };
        assert!(p("search?q=30%25%2020%").is_empty());
        assert_eq!(p("酒精量在5-20%之间"), ["20%"]);
        assert_eq!(p("负3.9%"), ["负3.9%"]);
        assert_eq!(yuan("82，225.00元"), [one("82，225.00元", "82225", None)]);
    }
}

#[cfg(test)]
mod reading {
    use super::*;
    use proptest::prelude::*;

    /// Groups by name with where they start in the match (for the two whose place the
    /// extraction uses), sorted.
    type Groups<'a> = Vec<(&'static str, Option<usize>, &'a str)>;

    /// The pattern's groups as [`read`] reads them.
    fn by_hand<'a>(matched: &'a str) -> Option<Groups<'a>> {
        let r = read(matched)?;
        let mut g: Groups = Vec::new();
        let mut add = |name, text: Option<&'a str>| g.extend(text.map(|t| (name, None, t)));
        add("per_pre", r.per_pre);
        add("pre", r.pre);
        add("cur_pre", r.cur_pre);
        add("pre2", r.pre2);
        add("per", r.per);
        match r.body {
            Body::Range {
                lo,
                lo_mult,
                lo_cur,
                lo_post,
                hi,
                hi_mult,
                hi_cur,
                hi_post,
            } => {
                for (name, text) in [
                    ("lo", Some(lo)),
                    ("lo_mult", lo_mult),
                    ("lo_cur", lo_cur),
                    ("lo_post", lo_post),
                    ("hi", Some(hi)),
                    ("hi_mult", hi_mult),
                    ("hi_cur", Some(hi_cur)),
                    ("hi_post", hi_post),
                ] {
                    add(name, text);
                }
            }
            Body::Bare { number, per } => {
                add("bare", Some(number));
                add("bare_per", Some(per));
            }
            Body::Number {
                list,
                num,
                more,
                mult,
                cur,
                cur2,
                jiao,
                fen,
                qian,
                post,
                hi2,
            } => {
                for (name, text) in [
                    ("more", more),
                    ("mult", mult),
                    ("cur", cur),
                    ("cur2", cur2),
                    ("jiao", jiao),
                    ("fen", fen),
                    ("qian", qian.then_some("钱")),
                    ("post", post),
                    ("hi2", hi2.map(|h| h.0)),
                    ("hi2_mult", hi2.and_then(|h| h.1)),
                    ("hi2_cur", hi2.map(|h| h.2)),
                ] {
                    add(name, text);
                }
                g.push(("num", Some(num.at), num.text));
                g.extend(list.map(|l| ("list", Some(l.at), l.text)));
            }
        }
        g.sort();
        Some(g)
    }

    /// The groups of every match of the pattern in `text`, by its capture engine and by hand.
    fn both(text: &str) -> Vec<(Groups<'_>, Option<Groups<'_>>)> {
        AMOUNT_REGEX
            .captures_iter(text)
            .map(|c| {
                let whole = c.get(0).unwrap();
                let mut g: Groups = AMOUNT_REGEX
                    .capture_names()
                    .flatten()
                    .filter_map(|n| {
                        let m = c.name(n)?;
                        let name = NAMES.iter().find(|k| **k == n).copied().unwrap();
                        let at = ["num", "list"]
                            .contains(&n)
                            .then(|| m.start() - whole.start());
                        Some((name, at, m.as_str()))
                    })
                    .collect();
                g.sort();
                (g, by_hand(whole.as_str()))
            })
            .collect()
    }

    const NAMES: [&str; 30] = [
        "per_pre", "pre", "cur_pre", "pre2", "lo", "lo_mult", "lo_cur", "lo_post", "hi", "hi_mult",
        "hi_cur", "hi_post", "bare", "bare_per", "list", "num", "more", "mult", "cur", "cur2",
        "jiao", "fen", "qian", "post", "hi2", "hi2_mult", "hi2_cur", "per", "-", "-",
    ];

    #[test]
    fn every_group_is_named() {
        let named: Vec<&str> = AMOUNT_REGEX.capture_names().flatten().collect();
        assert_eq!(named.len(), NAMES.len() - 2);
        assert!(named.iter().all(|n| NAMES.contains(n)));
    }

    #[test]
    fn the_examples_read_as_the_pattern_reads_them() {
        for text in [
            "投入资金超过3000万元",
            "100、80、50万元",
            "约人民币 2.5亿元",
            "一百二十到一百五十万元",
            "5-10亿元",
            "二千元以上二万元以下",
            "给予博士2000/人·月、硕士1000/人·月的补助",
            "3000元/人·月",
            "每人每年500元",
            "三万元欧元",
            "9000元日币",
            "123元1角1分",
            "十块三毛",
            "$20，300美圆",
            "1，234.5万元",
            "1,234,567.89元",
            "US$ 500",
            "￥1200",
            "近两千亿元",
            "三十多万元",
            "八九亿元",
            "不超过五百个万元",
            "100万（含）以上至500万元以下",
            "500k元",
            "2w元",
            "一块土地",
            "单元",
            "5,0001元",
        ] {
            for (pattern, hand) in both(text) {
                assert_eq!(Some(pattern), hand, "{text}");
            }
        }
    }

    /// The groups of every match of the percent pattern in `text`, by its capture engine and
    /// by hand: `(pre, branch and number, post)`.
    type PercentGroups<'a> = (Option<&'a str>, (&'static str, &'a str), Option<&'a str>);
    fn both_percents(text: &str) -> Vec<(PercentGroups<'_>, Option<PercentGroups<'_>>)> {
        PERCENT_REGEX
            .captures_iter(text)
            .map(|c| {
                let group = |name| c.name(name).map(|m| m.as_str());
                let body = ["num", "pp", "cn"]
                    .into_iter()
                    .find_map(|name| Some((name, group(name)?)))
                    .expect("a branch");
                let hand = read_percent(c.get(0).expect("match").as_str()).map(|r| {
                    let body = match r.body {
                        PercentBody::Percent(n) => ("num", n),
                        PercentBody::Points(n) => ("pp", n),
                        PercentBody::OfHundred(n) => ("cn", n),
                    };
                    (r.pre, body, r.post)
                });
                ((group("pre"), body, group("post")), hand)
            })
            .collect()
    }

    #[test]
    fn the_percent_examples_read_as_the_pattern_reads_them() {
        let mut read = 0;
        for text in [
            "增长34.1%",
            "约 41.2％",
            "超过-5%",
            "负3.9%以上",
            "提高1,234.5个百分点",
            "下降三个百分点左右",
            "2k个百分点",
            "百分之三十以内",
            "百分之2,000.5k",
            "不低于百分之五",
            "近 5 %",
            "累计1，000．5％以下",
        ] {
            for (pattern, hand) in both_percents(text) {
                assert_eq!(Some(pattern), hand, "{text}");
                read += 1;
            }
        }
        assert_eq!(read, 12);
    }

    /// Strings of the pattern's own language, drawn by proptest from the pattern, two at a
    /// time with something between them.
    fn amounts_and_more() -> impl Strategy<Value = String> {
        near::drawn(
            AMOUNT_REGEX.as_str(),
            "[、至\\- 元万0-9一十，,.]{0,2}",
            2..3,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2500))]
        #[test]
        fn the_hand_reads_what_the_capture_engine_reads(text in amounts_and_more()) {
            for (pattern, hand) in both(&text) {
                prop_assert_eq!(Some(pattern), hand, "{}", text);
            }
        }

        #[test]
        fn the_hand_reads_percentages_as_the_capture_engine_does(
            text in near::drawn(PERCENT_REGEX.as_str(), "[近约超 负0-9百分之%]{0,2}", 1..4)
        ) {
            for (pattern, hand) in both_percents(&text) {
                prop_assert_eq!(Some(pattern), hand, "{}", text);
            }
        }

        #[test]
        fn the_search_near_the_signs_finds_every_amount(
            (a, between, b) in (amounts_and_more(), "[的，。元万0-9一十 -]{0,3}", amounts_and_more())
        ) {
            let text = format!("{a}{between}{b}");
            let mut near = Vec::new();
            let signs = near::signs(&text, &CURRENCY_CHARS);
            near::find_near(&*AMOUNT, &AMOUNT_INSIDE, &text, signs, |m| {
                if m.as_str().contains(CURRENCY_CHARS) {
                    near.push(m.range());
                }
            });
            let all: Vec<_> = AMOUNT_REGEX
                .find_iter(&text)
                .filter(|m| m.as_str().contains(CURRENCY_CHARS))
                .map(|m| m.range())
                .collect();
            prop_assert_eq!(near, all, "{}", text);
        }

        #[test]
        fn the_search_near_the_signs_finds_every_percentage(
            parts in proptest::collection::vec(
                (proptest::string::string_regex(PERCENT_REGEX.as_str()).expect("pattern"),
                 "[的，。%百分之0-9一十 -]{0,3}"),
                1..4,
            )
        ) {
            let text: String = parts.iter().flat_map(|(p, between)| [p.as_str(), between]).collect();
            let mut near = Vec::new();
            let signs = near::signs(&text, &PERCENT_CHARS);
            near::find_near(&*PERCENT, &PERCENT_INSIDE, &text, signs, |m| near.push(m.range()));
            let all: Vec<_> = PERCENT_REGEX.find_iter(&text).map(|m| m.range()).collect();
            prop_assert_eq!(near, all, "{}", text);
        }
    }
}
