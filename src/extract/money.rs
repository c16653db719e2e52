//! Money amounts and percentages, one regex pass each.
//!
//! An amount is a number (Arabic, Chinese or mixed), an optional multiplier (万, 亿…) and a
//! currency (元, 美元, 欧元…), with qualifiers before or after it (超, 近, 约, 以上, 不高于…)
//! normalized to a closed set, ranges (`100万至500万元`, `5-10亿元`, `二千元以上二万元以下`),
//! rates (`3000元/人·月`), and lists that share one unit (`100、80、50万元`) as separate amounts.
//! A number with a rate but no currency (`2000/人·月`, where extraction lost the 元) is a
//! warning, not a guess. Values are exact decimal strings.

use std::sync::LazyLock;

use regex::{Captures, Regex};
use serde::Serialize;

use super::number::{self, Dec};
use super::{Entity, Found, Value};
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

// Arabic digits group by ASCII commas only: a Chinese comma between numbers separates them
// (`$20，300美圆` is two prices).
const NUM: &str = r"(?:[0-9]{1,3}(?:[,，][0-9]{3})+[.．][0-9]+|[0-9]+(?:,[0-9]{3})*(?:[.．][0-9]+)?|[零〇一二两兩三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億廿卅]+(?:点[零〇一二三四五六七八九]+)?)";
const PRE: &str = r"(?:累计|合计|共计|总计|超过|不低于|不少于|不高于|不超过|不多于|不到|不足|低于|少于|最高|最多|至少|高达|多达|大约|将近|接近|约|近|超|逾)";
const CUR: &str =
    r"(?:美元|美圆|欧元|日元|日币|港元|港币|英镑|澳元|韩元|新台币|台币|卢布|人民币|元|圆|块钱|块)";
const CUR_PRE: &str = r"(?:人民币|美元|港币|港元|新台币|台币|欧元|日元|英镑|US\$|\$|￥|¥)";
const POST: &str = r"(?:以上|以下|左右|以内|上下|起)";
const MULT: &str = r"(?:个?[十百千万亿拾佰仟萬億]+|[kKwW])";
const SEP: &str = r"(?:至|到|--?|——?|~|～|－)";
/// One of these is in every currency word of the patterns above, and `/` in a rate.
pub(crate) const CURRENCY_CHARS: [char; 10] =
    ['元', '圆', '块', '币', '镑', '卢', '$', '￥', '¥', '/'];
const SUB: &str = r"(?:[0-9]|[零一二两三四五六七八九])";

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?x)
        (?:每(?P<per_pre>[人年月次户项个家天日台套])\s?)?
        (?:(?P<pre>{PRE})\s?)?
        (?:(?P<cur_pre>{CUR_PRE})\s*)?
        (?:(?P<pre2>{PRE})\s?)?
        (?:
            # a range: lower bound, separator, upper bound with currency
            (?P<lo>{NUM})\s?(?P<lo_mult>{MULT})?(?P<lo_cur>{CUR})?(?:[（(]含[）)])?(?P<lo_post>以上)?\s?{SEP}\s?
            (?P<hi>{NUM})\s?(?P<hi_mult>{MULT})?\s?(?P<hi_cur>{CUR})(?P<hi_post>以下|以内)?
          |
            # a rate whose currency was lost: 2000/人·月 (before the branch below, which would
            # take the number alone)
            (?P<bare>[0-9][0-9,，]*(?:\.[0-9]+)?)(?P<bare_per>/[人月年天日次][·・]?[人月年天日次]?)
          |
            # one or more numbers sharing one unit: 100、80、50万元
            (?P<list>(?:{NUM}、)+)?
            (?P<num>{NUM})\s?(?P<more>多|余)?(?P<mult>{MULT})?\s?(?P<cur>{CUR})?(?P<cur2>欧元|日币|日元|美元|港币|港元|英镑)?
            # 角 and 分: 123元1角1分, 十块三毛
            (?:(?P<jiao>{SUB})[角毛])?(?:(?P<fen>{SUB})分)?(?P<qian>钱)?(?:整|正)?(?:人民币)?
            (?:[（(]含[）)])?(?P<post>{POST})?
            # 二千元以上二万元以下
            (?:(?P<hi2>{NUM})(?P<hi2_mult>{MULT})?(?P<hi2_cur>{CUR})(?:以下|以内))?

        )
        (?P<per>/[人月年天日次户项个家台套亩][·・]?[人月年天日次]?)?
        "
    );
    Regex::new(&pattern).expect("amount pattern")
});

static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?:(?P<pre>{PRE})\s?)?(?:(?P<num>[-－负]?[0-9]+(?:[,，][0-9]{{3}})*(?:[.．][0-9]+)?)\s?(?:%|％)|(?P<pp>[-－负]?[0-9]+(?:[,，][0-9]{{3}})*(?:[.．][0-9]+)?[kK万]?|[零〇一二两兩三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億点點]+)\s?[个個]百分[点點]|百分之(?P<cn>[零〇一二两三四五六七八九十百千点點]+|[0-9]+(?:[,，][0-9]{{3}})*(?:[.．][0-9]+)?[kK]?))(?P<post>以上|以下|左右|以内)?"
    );
    Regex::new(&pattern).expect("percent pattern")
});

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

fn per_of(c: &Captures) -> Option<String> {
    c.name("per")
        .map(|m| m.as_str().trim_start_matches('/').replace('・', "·"))
        .or_else(|| c.name("per_pre").map(|m| m.as_str().to_owned()))
}

/// Finds amounts in `text` (byte offsets from `base`).
pub fn amounts(text: &str, base: usize, out: &mut Found) {
    for m in AMOUNT.find_iter(text) {
        // Every branch of the pattern can match a bare number (the currency is optional so
        // that lists and ranges share one), and such a match is skipped below: its groups,
        // the costly part, are read only when it holds a currency or a rate's `/`.
        if !m.as_str().contains(CURRENCY_CHARS) {
            continue;
        }
        // the same match, now with its groups: nothing before it, nothing after it
        let Some(c) = AMOUNT.captures_at(&text[..m.end()], m.start()) else {
            continue;
        };
        let whole = c.get(0).expect("match");
        let span = Span::new(base + whole.start(), base + whole.end());
        let pre_q = c.name("pre").and_then(|m| qualifier(m.as_str()));
        if let Some(bare) = c.name("bare") {
            let per = c.name("bare_per").map_or("", |m| m.as_str());
            out.warn(
                "amount_unit_missing",
                format!("`{bare}{per}` reads as an amount but has no currency (元 lost?); not extracted", bare = bare.as_str()),
                span,
            );
            continue;
        }
        let per = per_of(&c);
        let cur_pre = c.name("cur_pre").map(|m| m.as_str());
        let pre_q = pre_q.or_else(|| c.name("pre2").and_then(|m| qualifier(m.as_str())));
        if let (Some(lo), Some(hi)) = (c.name("lo"), c.name("hi")) {
            let lo_mult = c.name("lo_mult").map(|m| m.as_str());
            let hi_mult = c.name("hi_mult").map(|m| m.as_str());
            let Some(bounds) = range_bounds(lo.as_str(), lo_mult, hi.as_str(), hi_mult) else {
                continue;
            };
            let cur = cur_pre
                .or(c.name("hi_cur").map(|m| m.as_str()))
                .unwrap_or("元");
            out.push(Entity::new(
                "amount",
                span,
                amount(None, Some(bounds), pre_q, cur, per),
            ));
            continue;
        }
        let Some(num) = c.name("num") else { continue };
        let cur_word = c.name("cur").map(|m| m.as_str());
        let has_sub = c.name("jiao").is_some() || c.name("fen").is_some();
        // 三万元欧元, 9000元日币: 元 is generic and the word after it names the currency
        let cur_word = c.name("cur2").map(|m| m.as_str()).or(cur_word);
        let cur = match (cur_pre, cur_word) {
            (Some(p), Some("元" | "圆" | "块" | "块钱")) => p,
            (_, Some(w)) => w,
            (Some(p), None) => p,
            (None, None) => continue,
        };
        let after = text[whole.end()..].chars().next();
        if cur_word == Some("块")
            && !(has_sub
                || c.name("qian").is_some()
                || after.is_none_or(|ch| !ch.is_alphanumeric()))
        {
            continue; // 一块土地
        }
        let word = yuan_in_word(after) || weak_chinese(num.as_str()) && cur_word == Some("元");
        if matches!(cur_word, Some("元"))
            && cur_pre.is_none()
            && word
            && !has_sub
            && c.name("list").is_none()
            && c.name("hi2").is_none()
        {
            continue;
        }
        let mult = c.name("mult").map(|m| m.as_str());
        let q = c
            .name("post")
            .and_then(|m| qualifier(m.as_str()))
            .or_else(|| c.name("more").map(|_| "over"))
            .or(pre_q);
        if let Some(r) = approximate_range(num.as_str(), mult) {
            out.push(Entity::new(
                "amount",
                span,
                amount(None, Some(r), q, cur, per),
            ));
            continue;
        }
        let Some(mut v) = value_of(num.as_str(), mult) else {
            continue;
        };
        for (group, scale) in [("jiao", 1u32), ("fen", 2u32)] {
            if let Some(sub) = c.name(group).and_then(|m| number::parse_number(m.as_str()))
                && let Some(sum) = v.checked_add(Dec {
                    mant: sub.mant,
                    scale: sub.scale + scale,
                })
            {
                v = sum;
            }
        }
        if let Some(hi2) = c.name("hi2") {
            let hi_mult = c.name("hi2_mult").map(|m| m.as_str());
            if let Some(b) = value_of(hi2.as_str(), hi_mult) {
                out.push(Entity::new(
                    "amount",
                    span,
                    amount(None, Some((v, b)), pre_q, cur, per),
                ));
                continue;
            }
        }
        if let Some(list) = c.name("list") {
            // Each listed number gets the shared multiplier and currency.
            let mut pos = list.start();
            for item in list.as_str().split('、').filter(|s| !s.is_empty()) {
                let start = pos;
                pos += item.len() + '、'.len_utf8();
                if let Some(d) = value_of(item, mult) {
                    let s = Span::new(base + start, base + start + item.len());
                    out.push(Entity::new(
                        "amount",
                        s,
                        amount(Some(d), None, None, cur, per.clone()),
                    ));
                }
            }
            let s = Span::new(base + num.start(), span.end);
            out.push(Entity::new("amount", s, amount(Some(v), None, q, cur, per)));
            continue;
        }
        out.push(Entity::new(
            "amount",
            span,
            amount(Some(v), None, q, cur, per),
        ));
    }
}

/// Finds percentages and percentage points in `text`.
pub fn percents(text: &str, base: usize, out: &mut Found) {
    for c in PERCENT.captures_iter(text) {
        let whole = c.get(0).expect("match");
        let before = text[..whole.start()].chars().next_back();
        // 五百分之2.2 is a fraction, not a percentage
        if whole.as_str().starts_with("百分之") && before.is_some_and(number::is_cn_numeral) {
            continue;
        }
        // %28 and %2020% in a URL are percent-encoding
        let after: String = text[whole.end()..].chars().take(2).collect();
        let hex_after = after.len() == 2 && after.chars().all(|c| c.is_ascii_hexdigit());
        if (whole.as_str().ends_with('%') && hex_after) || before == Some('%') {
            continue;
        }
        // 5-20%: a range, not minus twenty
        let (whole_start, signless) = match whole.as_str().strip_prefix('-') {
            Some(rest) if before.is_some_and(|c| c.is_ascii_digit()) => {
                (whole.start() + 1, Some(rest))
            }
            _ => (whole.start(), None),
        };
        let span = Span::new(base + whole_start, base + whole.end());

        let q = c
            .name("post")
            .and_then(|m| qualifier(m.as_str()))
            .or_else(|| c.name("pre").and_then(|m| qualifier(m.as_str())));
        let signed = |s: &str| {
            let s = s.replace(['－', '负'], "-");
            number::parse_number(if signless.is_some() {
                s.trim_start_matches('-')
            } else {
                &s
            })
        };
        let (value, unit) = if let Some(n) = c.name("num") {
            (signed(n.as_str()), "percent")
        } else if let Some(n) = c.name("pp") {
            (signed(n.as_str()), "percentage_point")
        } else {
            (
                c.name("cn").and_then(|m| number::parse_number(m.as_str())),
                "percent",
            )
        };
        let Some(value) = value else { continue };
        out.push(Entity::new(
            "percent",
            span,
            Value::Percent(Percent {
                value: value.to_string(),
                unit,
                qualifier: q,
            }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_currency_word_holds_a_currency_character() {
        for words in [CUR, CUR_PRE] {
            let words = words.trim_start_matches("(?:").trim_end_matches(')');
            for word in words.split('|') {
                assert!(word.contains(CURRENCY_CHARS), "{word}");
            }
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
