//! Exact numbers: Arabic (`1,200`, `292.27`), Chinese (`三千万`, `一百零五`, `壹仟玖佰`), and mixed
//! (`2.5万`, `1.85万亿`, `3千万亿`), as a [`Dec`]: an integer mantissa and a decimal scale. No
//! floating point anywhere, so values are exact and diffs never flap.

use std::fmt;

/// `mant / 10^scale`, exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dec {
    pub mant: i128,
    pub scale: u32,
}

impl Dec {
    pub const ZERO: Dec = Dec { mant: 0, scale: 0 };

    pub fn int(n: i128) -> Dec {
        Dec { mant: n, scale: 0 }
    }

    /// Multiplies by `10^k`; `None` on overflow.
    pub fn shift(self, k: u32) -> Option<Dec> {
        if self.scale >= k {
            return Some(
                Dec {
                    mant: self.mant,
                    scale: self.scale - k,
                }
                .normal(),
            );
        }
        let up = 10i128.checked_pow(k - self.scale)?;
        Some(Dec {
            mant: self.mant.checked_mul(up)?,
            scale: 0,
        })
    }

    pub fn mul_int(self, n: i128) -> Option<Dec> {
        Some(
            Dec {
                mant: self.mant.checked_mul(n)?,
                scale: self.scale,
            }
            .normal(),
        )
    }

    pub fn checked_add(self, o: Dec) -> Option<Dec> {
        let scale = self.scale.max(o.scale);
        let a = self
            .mant
            .checked_mul(10i128.checked_pow(scale - self.scale)?)?;
        let b = o.mant.checked_mul(10i128.checked_pow(scale - o.scale)?)?;
        Some(
            Dec {
                mant: a.checked_add(b)?,
                scale,
            }
            .normal(),
        )
    }

    /// Drops trailing zeros of the fraction.
    pub fn normal(mut self) -> Dec {
        while self.scale > 0 && self.mant % 10 == 0 {
            self.mant /= 10;
            self.scale -= 1;
        }
        self
    }

    /// Parses a plain decimal such as `82225.00` or `-3`.
    pub fn parse(s: &str) -> Option<Dec> {
        let (neg, s) = match s.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, s),
        };
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        if int.is_empty() && frac.is_empty()
            || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let digits = format!("{int}{frac}");
        let mant: i128 = if digits.is_empty() {
            0
        } else {
            digits.parse().ok()?
        };
        let d = Dec {
            mant: if neg { -mant } else { mant },
            scale: frac.len() as u32,
        };
        Some(d.normal())
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.normal();
        if d.scale == 0 {
            return write!(f, "{}", d.mant);
        }
        let neg = d.mant < 0;
        let digits = d.mant.unsigned_abs().to_string();
        let scale = d.scale as usize;
        let padded = if digits.len() <= scale {
            format!("{}{digits}", "0".repeat(scale - digits.len() + 1))
        } else {
            digits
        };
        let (i, fr) = padded.split_at(padded.len() - scale);
        write!(f, "{}{i}.{fr}", if neg { "-" } else { "" })
    }
}

/// The value of a Chinese digit (including financial forms and 两, 〇).
pub fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' | '○' | 'Ｏ' => 0,
        '一' | '壹' | '幺' => 1,
        '二' | '两' | '兩' | '倆' | '俩' | '贰' | '貳' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// The power of ten of a Chinese unit character (十 1, 百 2, 千 3, 万 4, 亿 8).
pub fn cn_unit(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 1,
        '百' | '佰' => 2,
        '千' | '仟' => 3,
        '万' | '萬' => 4,
        '亿' | '億' => 8,
        _ => return None,
    })
}

/// Whether `c` can be part of a Chinese numeral.
pub fn is_cn_numeral(c: char) -> bool {
    cn_digit(c).is_some() || cn_unit(c).is_some() || c == '点'
}

/// Parses a Chinese numeral: `三千万` 30000000, `一百零五` 105, `十二` 12, `二〇二四` 2024
/// (digit by digit), `三点一四` 3.14, `壹仟玖佰` 1900, `两百` 200, `廿二` 22, `负一` -1; and
/// numerals that mix in Arabic digits (`100万三千`, `1万600`, `200亿零四千230`).
pub fn parse_cn(s: &str) -> Option<Dec> {
    if let Some(rest) = s.strip_prefix('负') {
        let v = parse_cn(rest)?;
        return Some(Dec {
            mant: -v.mant,
            scale: v.scale,
        });
    }
    if s.is_empty() {
        return None;
    }
    let expanded;
    let s = if s.contains(['廿', '卅', '卌']) {
        expanded = s
            .replace('廿', "二十")
            .replace('卅', "三十")
            .replace('卌', "四十");
        expanded.as_str()
    } else {
        s
    };
    let (int_part, frac_part) = match s.split_once('点') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let mut value = if int_part.is_empty() {
        Dec::ZERO
    } else {
        parse_cn_int(int_part)?
    };
    if let Some(frac) = frac_part {
        if frac.is_empty() {
            return None;
        }
        let mut digits = String::new();
        for c in frac.chars() {
            let d = if c.is_ascii_digit() {
                c.to_digit(10)?
            } else {
                cn_digit(c)?
            };
            digits.push(char::from_digit(d, 10)?);
        }
        value = value.checked_add(Dec {
            mant: digits.parse().ok()?,
            scale: digits.len() as u32,
        })?;
    }
    Some(value)
}

/// A token of a numeral: a digit value (Chinese or a run of Arabic digits) or a unit.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tok {
    /// value, and whether it was one Chinese digit (only those scale after a unit: 一万五)
    Digit(i128, bool),
    Unit(u32),
}

fn tokens(s: &str) -> Option<Vec<Tok>> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut n = c.to_digit(10)? as i128;
            while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                n = n.checked_mul(10)?.checked_add(d as i128)?;
                chars.next();
            }
            out.push(Tok::Digit(n, false));
        } else if let Some(d) = cn_digit(c) {
            out.push(Tok::Digit(d as i128, true));
        } else {
            out.push(Tok::Unit(cn_unit(c)?));
        }
    }
    Some(out)
}

fn parse_cn_int(s: &str) -> Option<Dec> {
    let toks = tokens(s)?;
    // Digit by digit when there is no unit at all: 二〇二四 = 2024.
    if toks.len() > 1 && toks.iter().all(|t| matches!(t, Tok::Digit(_, true))) {
        let mut n: i128 = 0;
        for t in &toks {
            if let Tok::Digit(d, _) = t {
                n = n.checked_mul(10)?.checked_add(*d)?;
            }
        }
        return Some(Dec::int(n));
    }
    // total: whole 亿 groups; section: the part below 亿; current: the part below 万.
    let (mut total, mut section, mut current) = (0i128, 0i128, 0i128);
    let mut pending: Option<i128> = None;
    let mut last_unit: Option<u32> = None;
    let mut tail_scales = false;
    for &t in &toks {
        let u = match t {
            Tok::Digit(d, single) => {
                if pending.is_some_and(|p| p != 0) {
                    return None; // 二三 after a unit is not a numeral
                }
                pending = Some(d);
                tail_scales = single && last_unit.is_some();
                continue;
            }
            Tok::Unit(u) => u,
        };
        match u {
            1..=3 => {
                let p = pending
                    .take()
                    .unwrap_or(if current == 0 && section == 0 && total == 0 {
                        1
                    } else {
                        0
                    });
                let p = if p == 0 && u == 1 { 1 } else { p }; // 一百一十 / 零十 → 十
                current = current.checked_add(p.checked_mul(10i128.pow(u))?)?;
            }
            4 => {
                let part = current + pending.take().unwrap_or(0);
                let part = if part == 0 && section == 0 { 1 } else { part };
                section = section.checked_add(part)?.checked_mul(10_000)?;
                current = 0;
            }
            _ => {
                let part = section + current + pending.take().unwrap_or(0);
                let part = if part == 0 { 1 } else { part };
                total = total.checked_add(part)?.checked_mul(100_000_000)?;
                section = 0;
                current = 0;
            }
        }
        last_unit = Some(u);
    }
    // 一万五 = 15000, 三千二 = 3200: one Chinese digit right after a unit of 百 or more is
    // one place below it.
    let mut tail = pending.unwrap_or(0);
    if tail_scales
        && toks.len() >= 2
        && let Tok::Unit(u) = toks[toks.len() - 2]
        && u >= 2
    {
        tail = tail.checked_mul(10i128.pow(u - 1))?;
    }
    Some(Dec::int(
        total
            .checked_add(section)?
            .checked_add(current)?
            .checked_add(tail)?,
    ))
}

/// Parses an amount written in yuan, jiao and fen (`壹拾壹元壹角壹分`, `123元1角1分`,
/// `壹佰壹拾壹圆整`): the value in yuan.
pub fn parse_rmb(s: &str) -> Option<Dec> {
    let s = s.trim().trim_end_matches(['整', '正']);
    let (yuan, rest) = match s.find(['元', '圆', '块']) {
        Some(i) => {
            let c = s[i..].chars().next()?;
            (&s[..i], &s[i + c.len_utf8()..])
        }
        None => ("", s),
    };
    let mut total = if yuan.is_empty() {
        Dec::ZERO
    } else {
        parse_number(yuan)?
    };
    let mut rest = rest.trim_end_matches('钱');
    for (unit, scale) in [(['角', '毛'], 1u32), (['分', '分'], 2u32)] {
        if let Some(i) = rest.find(unit) {
            let c = rest[i..].chars().next()?;
            let n = parse_number(&rest[..i])?;
            total = total.checked_add(Dec {
                mant: n.mant,
                scale: n.scale + scale,
            })?;
            rest = &rest[i + c.len_utf8()..];
        }
    }
    (rest.is_empty() && (!yuan.is_empty() || total != Dec::ZERO)).then_some(total)
}

/// Parses an Arabic number with thousands separators (`1,200`, `233,333，333`) and a decimal
/// point.
pub fn parse_arabic(s: &str) -> Option<Dec> {
    let cleaned: String = s
        .chars()
        .filter(|&c| c != ',' && c != '，')
        .map(|c| if c == '．' { '.' } else { c })
        .collect();
    Dec::parse(&cleaned)
}

/// The power of ten of a run of multiplier characters after a number: `万` 4, `亿` 8,
/// `千万` 7, `万亿` 12, `千万亿` 15, `百万` 6, `k`/`K` 3, `w`/`W` 4.
pub fn multiplier(s: &str) -> Option<u32> {
    let mut k = 0u32;
    for c in s.chars() {
        k += match c {
            'k' | 'K' => 3,
            'w' | 'W' => 4,
            c => cn_unit(c)?,
        };
    }
    Some(k)
}

/// Parses a number written any of the usual ways: Arabic, Chinese, or Arabic followed by
/// Chinese multipliers (`2.5万`, `1.85万亿`, `3千万亿`), or Chinese mixed with Arabic
/// (`100万三千`); `-` and `负` make it negative.
pub fn parse_number(s: &str) -> Option<Dec> {
    // Spaces inside a numeral (`一百 五 十`), 余/多/几 (`十余万`: the number is its lower
    // bound) and traditional forms (負, 點) do not change the value.
    let cleaned: String;
    let s = if s.contains(|c: char| {
        c.is_whitespace() || matches!(c, '余' | '多' | '几' | '幾' | '負' | '點')
    }) {
        cleaned = s
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '余' | '多' | '几' | '幾'))
            .map(|c| match c {
                '負' => '负',
                '點' => '点',
                c => c,
            })
            .collect();
        cleaned.as_str()
    } else {
        s.trim()
    };
    if let Some(rest) = s.strip_prefix(['-', '负']) {
        let v = parse_number(rest)?;
        return Some(Dec {
            mant: -v.mant,
            scale: v.scale,
        });
    }
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '．' | ',' | '，')))
        .unwrap_or(s.len());
    if split == 0 {
        return parse_cn(s);
    }
    let base = parse_arabic(&s[..split])?;
    let rest = s[split..].trim_start();
    if rest.is_empty() {
        return Some(base);
    }
    match multiplier(rest) {
        Some(k) => base.shift(k),
        // 100万三千, 1百01: digits and units mixed beyond a plain multiplier
        None if base.scale == 0 => parse_cn(s),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        parse_number(s)
            .map(|d| d.to_string())
            .unwrap_or_else(|| "-".into())
    }

    #[test]
    fn decimals_print_exactly() {
        assert_eq!(Dec::parse("82225.00").unwrap().to_string(), "82225");
        assert_eq!(Dec::parse("0.05").unwrap().to_string(), "0.05");
        assert_eq!(
            Dec::parse("1.85").unwrap().shift(12).unwrap().to_string(),
            "1850000000000"
        );
        assert_eq!(
            Dec::parse("292.27").unwrap().shift(8).unwrap().to_string(),
            "29227000000"
        );
        assert_eq!(
            Dec::parse("125").unwrap().shift(0).unwrap().to_string(),
            "125"
        );
    }

    #[test]
    fn chinese_numerals() {
        for (s, v) in [
            ("三千万", "30000000"),
            ("一百亿", "10000000000"),
            ("一百零五", "105"),
            ("十二", "12"),
            ("十", "10"),
            ("二〇二四", "2024"),
            ("两百", "200"),
            ("壹仟玖佰", "1900"),
            ("一万二千三百四十五", "12345"),
            ("千亿", "100000000000"),
            ("一万五", "15000"),
            ("三千二", "3200"),
            ("三点一四", "3.14"),
            ("零点五", "0.5"),
            ("九佰", "900"),
            ("一亿零五万", "100050000"),
            ("十万", "100000"),
            ("一百一十", "110"),
            ("万", "10000"),
        ] {
            assert_eq!(
                parse_cn(s).map(|d| d.to_string()).as_deref(),
                Some(v),
                "{s}"
            );
        }
        // digits without units read digit by digit, like years
        assert_eq!(
            parse_cn("二三").map(|d| d.to_string()).as_deref(),
            Some("23")
        );
        assert_eq!(parse_cn("三十二五"), None);
    }

    #[test]
    fn mixed_numbers() {
        assert_eq!(n("2.5万"), "25000");
        assert_eq!(n("1,200万"), "12000000");
        assert_eq!(n("1.85万亿"), "1850000000000");
        assert_eq!(n("3千万亿"), "3000000000000000");
        assert_eq!(n("292.27 亿"), "29227000000");
        assert_eq!(n("233,333，333,434.344"), "233333333434.344");
        assert_eq!(n("15k"), "15000");
        assert_eq!(n("1.2万"), "12000");
        assert_eq!(n("-10.1万"), "-101000");
        assert_eq!(n("1．5"), "1.5");
        assert_eq!(n("9佰"), "900");
    }

    #[test]
    fn spaced_and_approximate_numerals() {
        assert_eq!(n("一百 五 十 二"), "152");
        assert_eq!(n("7 万5 千4 百"), "75400");
        assert_eq!(n("十余万"), "100000");
        assert_eq!(n("500余万"), "5000000");
        assert_eq!(n("負三十二"), "-32");
        assert_eq!(n("倆千两百贰拾二"), "2222");
        assert_eq!(n("四百億點零五零"), "40000000000.05");
    }
}
