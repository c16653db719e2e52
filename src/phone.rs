//! Phone numbers, read by hand. Two patterns say what is read: [`IN_TEXT`], the numbers found
//! anywhere in a text, and [`CONTACT`], the number of a contact field. Compiling them cost
//! every run 3.3 M instructions, on the worker that first needed them; the tests hold each
//! reader to its pattern.
//!
//! Both read ASCII digits only, as the patterns' `[0-9]` does. Each reader tries a pattern's
//! alternatives at each byte where one can start, in turn, in the pattern's order and each
//! repetition from its longest, so that the first match it meets is the regex engine's
//! (leftmost, then first in the pattern's order). No repetition reaches further than the
//! pattern's own bound, so a run of digits costs a bounded number of steps at each of its
//! bytes.

use std::ops::Range;

/// The phone numbers of a text: `(0591)87654321` and `0591-87654321` with their area code,
/// mobile numbers (`13812345678`) and service numbers (`400-123-4567`).
#[cfg(test)]
pub(crate) const IN_TEXT: &str =
    r"(?:\((0[0-9]{2,3})\)|(0[0-9]{2,3})-)([0-9]{7,8})|(1[3-9][0-9]{9})|(400-?[0-9]{3}-?[0-9]{4})";

/// The number of a contact field (`联系人：张三，0591-87654321`): as [`IN_TEXT`], but also a
/// local number alone, an area code with or without brackets or a separator, and an extension.
#[cfg(test)]
pub(crate) const CONTACT: &str =
    r"1[3-9][0-9]{9}|400-?[0-9]{3}-?[0-9]{4}|(?:\(?0[0-9]{2,3}\)?[- ]?)?[0-9]{7,8}(?:-[0-9]{1,4})?";

/// A match of [`IN_TEXT`]: the whole of it, the area code (its group 1 or 2) and the number
/// (group 3, 4 or 5; a service number's keeps its hyphens).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Number {
    pub whole: Range<usize>,
    pub area: Option<Range<usize>>,
    pub number: Range<usize>,
}

/// The matches of [`IN_TEXT`] in `text`, one after another. Each starts with 0, 1 or 4, or
/// with the bracket before a 0, so the search goes from one of those digits to the next.
pub(crate) fn numbers(text: &str) -> impl Iterator<Item = Number> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let from = at;
        while let Some(k) = memchr::memchr3(b'0', b'1', b'4', &bytes[at..]) {
            let digit = at + k;
            at = digit + 1;
            let bracket = (digit > from && bytes[digit - 1] == b'(').then(|| digit - 1);
            if let Some(m) = bracket
                .and_then(|b| number_at(bytes, b))
                .or_else(|| number_at(bytes, digit))
            {
                at = m.whole.end;
                return Some(m);
            }
        }
        at = bytes.len();
        None
    })
}

/// The first match of [`CONTACT`] in `text`.
pub(crate) fn contact_number(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find_map(|p| contact_at(bytes, p).map(|end| &text[p..end]))
}

/// How many of the bytes from `at` are ASCII digits, counting up to `max`.
fn digits(bytes: &[u8], at: usize, max: usize) -> usize {
    bytes
        .get(at..)
        .unwrap_or_default()
        .iter()
        .take(max)
        .take_while(|b| b.is_ascii_digit())
        .count()
}

/// `[0-9]{n}` at `at`: where it ends.
fn exactly(bytes: &[u8], at: usize, n: usize) -> Option<usize> {
    (digits(bytes, at, n) == n).then_some(at + n)
}

/// `[0-9]{7,8}` at `at`: where it ends, as many digits as there are.
fn local(bytes: &[u8], at: usize) -> Option<usize> {
    match digits(bytes, at, 8) {
        n @ 7..=8 => Some(at + n),
        _ => None,
    }
}

/// `byte?` at `at`: where it ends.
fn optional(bytes: &[u8], at: usize, byte: u8) -> usize {
    at + usize::from(bytes.get(at) == Some(&byte))
}

/// `1[3-9][0-9]{9}` at `at`: where it ends.
fn mobile(bytes: &[u8], at: usize) -> Option<usize> {
    (bytes.get(at) == Some(&b'1') && matches!(bytes.get(at + 1), Some(b'3'..=b'9')))
        .then(|| exactly(bytes, at + 2, 9))?
}

/// `400-?[0-9]{3}-?[0-9]{4}` at `at`: where it ends. The hyphens are taken where they are: a
/// digit cannot stand for one.
fn service(bytes: &[u8], at: usize) -> Option<usize> {
    if !bytes.get(at..)?.starts_with(b"400") {
        return None;
    }
    let end = exactly(bytes, optional(bytes, at + 3, b'-'), 3)?;
    exactly(bytes, optional(bytes, end, b'-'), 4)
}

/// `0[0-9]{2,3}` at `at` followed by `then`: the area code's range (three digits after the 0
/// first, then two).
fn area_code(bytes: &[u8], at: usize, then: u8) -> Option<Range<usize>> {
    if bytes.get(at) != Some(&b'0') {
        return None;
    }
    let run = digits(bytes, at + 1, 3);
    [3, 2]
        .into_iter()
        .find(|&n| run >= n && bytes.get(at + 1 + n) == Some(&then))
        .map(|n| at..at + 1 + n)
}

/// The match of [`IN_TEXT`] that starts at `at`. Each alternative starts with its own byte,
/// so at most one can match there.
fn number_at(bytes: &[u8], at: usize) -> Option<Number> {
    match bytes[at] {
        b'(' | b'0' => {
            let (area, close) = if bytes[at] == b'(' {
                (area_code(bytes, at + 1, b')')?, b')')
            } else {
                (area_code(bytes, at, b'-')?, b'-')
            };
            debug_assert_eq!(bytes[area.end], close);
            let number = area.end + 1..local(bytes, area.end + 1)?;
            Some(Number {
                whole: at..number.end,
                area: Some(area),
                number,
            })
        }
        b'1' => mobile(bytes, at).map(|end| Number {
            whole: at..end,
            area: None,
            number: at..end,
        }),
        b'4' => service(bytes, at).map(|end| Number {
            whole: at..end,
            area: None,
            number: at..end,
        }),
        _ => None,
    }
}

/// Where the match of [`CONTACT`] that starts at `at` ends.
fn contact_at(bytes: &[u8], at: usize) -> Option<usize> {
    if let Some(end) = mobile(bytes, at).or_else(|| service(bytes, at)) {
        return Some(end);
    }
    // `(?:\(?0[0-9]{2,3}\)?[- ]?)?`, three digits after the 0 before two, then the group
    // left out; then `[0-9]{7,8}`, and `(?:-[0-9]{1,4})?`, which always matches, as long as
    // it can. A bracket or separator that is there is taken: left out, it would stand where
    // the next part needs a digit or a 0.
    let with_extension = |end: usize| match digits(bytes, end + 1, 4) {
        n @ 1.. if bytes.get(end) == Some(&b'-') => end + 1 + n,
        _ => end,
    };
    let zero = optional(bytes, at, b'(');
    if bytes.get(zero) == Some(&b'0') {
        for n in [3, 2] {
            let Some(code_end) = exactly(bytes, zero + 1, n) else {
                continue;
            };
            let after = optional(bytes, code_end, b')');
            let after = after + usize::from(matches!(bytes.get(after), Some(b'-' | b' ')));
            if let Some(end) = local(bytes, after) {
                return Some(with_extension(end));
            }
        }
    }
    local(bytes, at).map(with_extension)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// Texts made of the patterns' own matches, their parts, and what may stand around them.
    fn texts() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            proptest::string::string_regex(IN_TEXT).expect("pattern"),
            proptest::string::string_regex(CONTACT).expect("pattern"),
            "[0-9]{0,12}",
            "[0-9()\\- 号a]{0,4}",
            "0[0-9]{1,4}[-)( ]",
        ];
        proptest::collection::vec(piece, 0..6).prop_map(|pieces| pieces.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        #[test]
        fn numbers_are_what_their_pattern_finds(text in texts()) {
            let pattern = Regex::new(IN_TEXT).expect("pattern");
            let expected: Vec<Number> = pattern
                .captures_iter(&text)
                .map(|c| Number {
                    whole: c.get(0).expect("match").range(),
                    area: c.get(1).or(c.get(2)).map(|m| m.range()),
                    number: c.get(3).or(c.get(4)).or(c.get(5)).expect("a number").range(),
                })
                .collect();
            proptest::prop_assert_eq!(numbers(&text).collect::<Vec<_>>(), expected);
        }

        #[test]
        fn a_contact_s_number_is_what_its_pattern_finds(text in texts()) {
            let pattern = Regex::new(CONTACT).expect("pattern");
            proptest::prop_assert_eq!(
                contact_number(&text),
                pattern.find(&text).map(|m| m.as_str())
            );
        }
    }

    #[test]
    fn numbers_with_and_without_their_area_code() {
        let text = "电话：(0591)87654321，0591-7654321，13812345678，400-123-4567，12345";
        let found: Vec<(&str, Option<&str>, &str)> = numbers(text)
            .map(|n| (&text[n.whole], n.area.map(|a| &text[a]), &text[n.number]))
            .collect();
        assert_eq!(
            found,
            [
                ("(0591)87654321", Some("0591"), "87654321"),
                ("0591-7654321", Some("0591"), "7654321"),
                ("13812345678", None, "13812345678"),
                ("400-123-4567", None, "400-123-4567"),
            ]
        );
    }

    #[test]
    fn a_contact_s_number_with_its_extension() {
        assert_eq!(
            contact_number("张三，(0591) 87654321-123"),
            Some("(0591) 87654321-123")
        );
        assert_eq!(contact_number("87654321"), Some("87654321"));
        assert_eq!(contact_number("0591-876"), None);
    }

    /// In a run of digits the area code's group is taken first, with three digits.
    #[test]
    fn a_run_of_digits_is_read_from_its_start() {
        let text = "0".repeat(20);
        assert_eq!(numbers(&text).count(), 0);
        assert_eq!(contact_number(&text), Some(&text[..12]));
    }
}
