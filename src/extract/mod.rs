//! Extract: entities with spans and exact normalized values.
//!
//! Each family makes one pass over the text of every paragraph that is not boilerplate:
//! amounts and percentages ([`money`]), dates ([`date`]), document numbers, cited titles and
//! phone numbers (here). Every entity gets the id of the clause that contains it, or `null`
//! when it lies in metadata. What is recognized but cannot be normalized is a warning.

mod compiled;
pub mod date;
pub mod department;
// The patterns' text is for the build, which compiles it, and for the tests; a run reads the
// build's DFAs and only the words and classes the readers share.
#[allow(dead_code)]
mod grammar;
mod inside;
pub mod money;
mod near;
pub mod number;
pub mod organization;
pub mod person;
pub mod place;
mod posseg;
mod reader;
mod segment;

use std::ops::Range;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use crate::names::Walk;
use crate::normalize::NormDoc;
use crate::span::{Span, Spans};
use crate::structure::{Outline, Warning};

pub use date::DateValue;
pub use department::DepartmentValue;
pub use money::{Amount, Percent};
pub use organization::OrganizationValue;
pub use person::PersonValue;
pub use place::PlaceValue;

/// Whether [`warm_up_tables`] has finished.
static WARM: AtomicBool = AtomicBool::new(false);

/// Builds the name tables (the gazetteer's and the bodies') and the patterns now rather than
/// when the first document needs them, so that a caller can build them on a thread of their
/// own.
pub fn warm_up_tables() {
    LazyLock::force(&crate::gazetteer::GAZETTEER);
    department::warm_up();
    LazyLock::force(&WALK);
    // the patterns of the families, and the characters each may hold
    date::warm_up();
    money::warm_up();
    person::warm_up();
    organization::warm_up();
    WARM.store(true, Ordering::Release);
}

/// What a thread that would wait for [`warm_up_tables`] does meanwhile, as that thread makes
/// the gazetteer's index: the tables that do not need it, the bodies' first, and its own
/// segmenter, then the walk, which needs both. A table the other thread is making is waited
/// for, not made twice.
fn help_warm_up() {
    department::warm_up();
    person::warm_up();
    organization::warm_up();
    money::warm_up();
    date::warm_up();
    segment::warm_up_thread();
    LazyLock::force(&WALK);
}

/// Whether [`warm_up_tables`] has finished, so that extraction waits for no table: until then
/// a run can prepare documents (see [`crate::prepare`]). Never true in a process that does not
/// run it.
pub fn ready() -> bool {
    WARM.load(Ordering::Acquire)
}
pub(crate) use segment::{with_jieba, word_frequency};

/// A cited document number (`闽政〔2023〕7号`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DocNumberValue {
    pub prefix: String,
    pub year: u32,
    pub serial: u32,
}

/// A cited title (`《…》`): the title without its brackets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TitleValue {
    pub title: String,
}

/// A phone number, digits and the area code split off where there is one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PhoneValue {
    pub number: String,
    pub area_code: Option<String>,
}

/// The normalized value of an entity; its shape depends on the entity's type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Amount(Amount),
    Percent(Percent),
    Date(DateValue),
    DocNumber(DocNumberValue),
    Title(TitleValue),
    Phone(PhoneValue),
    Place(PlaceValue),
    Department(DepartmentValue),
    Organization(OrganizationValue),
    Person(PersonValue),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    pub kind: &'static str,
    pub span: Span,
    pub value: Value,
}

impl Entity {
    pub fn new(kind: &'static str, span: Span, value: Value) -> Entity {
        Entity { kind, span, value }
    }
}

/// What the extractors found, before sorting.
#[derive(Debug, Default)]
pub struct Found {
    pub entities: Vec<Entity>,
    pub warnings: Vec<Warning>,
}

impl Found {
    pub fn push(&mut self, e: Entity) {
        self.entities.push(e);
    }

    pub fn warn(&mut self, code: &'static str, message: String, span: Span) {
        self.warnings.push(Warning {
            code,
            message,
            span: Some(span),
        });
    }
}

/// The pattern of a cited document number, which [`doc_numbers`] reads by hand. The closing
/// bracket may be lost (闽发改商价〔2020669号): the year is then the first four digits.
#[cfg(test)]
const DOC_NUMBER: &str =
    r"(\p{Han}{1,12}?)[〔\[［【(（]((?:19|20)[0-9]{2})([〕\]］】)）])?([0-9]{1,5})号";

/// A cited document number in a text: byte ranges of the whole, of the issuer's prefix, the
/// year and the serial, and whether the closing bracket was there.
struct DocNumberMatch {
    whole: std::ops::Range<usize>,
    prefix: std::ops::Range<usize>,
    year: std::ops::Range<usize>,
    closed: bool,
    serial: std::ops::Range<usize>,
}

/// The cited document numbers of `text`, as [`DOC_NUMBER`] finds them, read by hand (a capture
/// engine cost thousands of instructions a paragraph). Every number ends with 号: before each
/// 号 in turn must come one to five digits, a closing bracket and a year (19xx or 20xx), or
/// without the bracket the year's and the serial's five to nine digits, then an opening
/// bracket, and before it one to twelve Han characters; the number starts at the first of them
/// (the leftmost start), but not before the end of the number before it.
fn doc_numbers(text: &str) -> impl Iterator<Item = DocNumberMatch> + '_ {
    use crate::patterns::{
        DOC_NUMBER_CLOSE as CLOSE, DOC_NUMBER_OPEN as OPEN, doc_number_year, is_han,
    };
    let bytes = text.as_bytes();
    let is_year = |at: usize| bytes.get(at..at + 4).is_some_and(doc_number_year);
    // where the search for the next 号 goes on, and the end of the last number (the next one
    // may start with Han characters before it, 号 among them, but not before that end)
    let (mut next, mut from) = (0, 0);
    std::iter::from_fn(move || {
        while let Some(k) = crate::patterns::finder!("号").find(&bytes[next..]) {
            let hao = next + k;
            next = hao + '号'.len_utf8();
            let run = bytes[from..hao]
                .iter()
                .rev()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let digits = hao - run;
            let before = text[from..digits].chars().next_back();
            let (bracket, year, closed) = match before {
                // 〔2020〕87号
                Some(close) if CLOSE.contains(&close) && (1..=5).contains(&run) => {
                    let Some(year) = (digits - close.len_utf8()).checked_sub(4) else {
                        continue;
                    };
                    // four ASCII digits: `year` is on a character boundary
                    if year < from || !is_year(year) {
                        continue;
                    }
                    match text[from..year].chars().next_back() {
                        Some(open) if OPEN.contains(&open) => (year - open.len_utf8(), year, true),
                        _ => continue,
                    }
                }
                // 〔2020669号, the closing bracket lost
                Some(open) if OPEN.contains(&open) && (5..=9).contains(&run) && is_year(digits) => {
                    (digits - open.len_utf8(), digits, false)
                }
                _ => continue,
            };
            // the Han characters before the bracket, at most twelve
            let mut start = bracket;
            for (i, c) in text[from..bracket].char_indices().rev().take(12) {
                if !is_han(c) {
                    break;
                }
                start = from + i;
            }
            if start == bracket {
                continue;
            }
            from = next;
            return Some(DocNumberMatch {
                whole: start..next,
                prefix: start..bracket,
                year: year..year + 4,
                closed,
                serial: hao - if closed { run } else { run - 4 }..hao,
            });
        }
        None
    })
}

/// Prefixes a document number starts with: its issuer's abbreviation. A match that starts
/// with ordinary words (`深入实施…闽政`) is cut to the shortest tail that still reads as one.
fn trim_doc_prefix(prefix: &str) -> &str {
    const STARTS: &[&str] = &[
        "闽", "国", "中", "省", "市", "明", "榕", "厦", "泉", "漳", "莆", "宁", "龙", "南", "财",
        "发改", "工信", "教", "科", "人社", "住建",
    ];
    // Longest tail that starts with a known issuer character.
    for (i, _) in prefix.char_indices() {
        if STARTS.iter().any(|s| prefix[i..].starts_with(s)) {
            return &prefix[i..];
        }
    }
    prefix
}

/// The byte ranges of the cited titles in `text`, quotes included: what `《([^《》\n]{1,200})》`
/// finds, read by hand (a capture engine cost thousands of instructions a title): from each 《
/// in turn, a title runs to the first 》 if no 《 or line break comes before it and it holds 1
/// to 200 characters.
fn cited_titles(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(k) = crate::patterns::finder!("《").find(&text.as_bytes()[from..]) {
            let start = from + k;
            let inner = start + '《'.len_utf8();
            from = inner;
            // no 《, 》 or line break after it: no title in the rest of the text either
            let stop = text[inner..].find(['《', '》', '\n'])?;
            let title = &text[inner..inner + stop];
            if text[inner + stop..].starts_with('》')
                && !title.is_empty()
                && crate::patterns::at_most_chars(title, 200)
            {
                let end = inner + stop + '》'.len_utf8();
                from = end;
                return Some((start, end));
            }
        }
        None
    })
}

/// Cited document numbers, cited titles and phone numbers in `text` (byte offsets from `base`).
pub fn simple(text: &str, base: usize, out: &mut Found) {
    for m in doc_numbers(text) {
        let written = &text[m.prefix.clone()];
        let prefix = trim_doc_prefix(written);
        let span = Span::new(
            base + m.whole.start + (written.len() - prefix.len()),
            base + m.whole.end,
        );
        let (Ok(year), Ok(serial)) = (text[m.year].parse::<u32>(), text[m.serial].parse::<u32>())
        else {
            continue;
        };
        if !m.closed {
            out.warn(
                "doc_number_repaired",
                format!("document number `{}` has lost its closing bracket; read as year {year} serial {serial}", &text[span.start - base..span.end - base]),
                span,
            );
        }
        out.push(Entity::new(
            "doc_number",
            span,
            Value::DocNumber(DocNumberValue {
                prefix: prefix.to_owned(),
                year,
                serial,
            }),
        ));
    }
    for (start, end) in cited_titles(text) {
        out.push(Entity::new(
            "cited_document",
            Span::new(base + start, base + end),
            Value::Title(TitleValue {
                title: text[start + '《'.len_utf8()..end - '》'.len_utf8()].to_owned(),
            }),
        ));
    }
    for m in crate::phone::numbers(text) {
        // not part of a longer digit run
        let before = text[..m.whole.start].chars().next_back();
        let after = text[m.whole.end..].chars().next();
        if before.is_some_and(|ch| ch.is_ascii_digit())
            || after.is_some_and(|ch| ch.is_ascii_digit())
        {
            continue;
        }
        out.push(Entity::new(
            "phone",
            Span::new(base + m.whole.start, base + m.whole.end),
            Value::Phone(PhoneValue {
                // a service number's hyphens are not part of it
                number: text[m.number].replace('-', ""),
                area_code: m.area.map(|a| text[a].to_owned()),
            }),
        ));
    }
}

/// The spans of “…” quotations in `text`. Both marks begin with the byte E2, rare in Chinese
/// text, which is searched for; the two after it tell the mark.
fn quoted(text: &str, base: usize) -> Vec<Span> {
    const OPEN: u8 = "“".as_bytes()[2];
    const CLOSE: u8 = "”".as_bytes()[2];
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut open = None;
    for i in memchr::memchr_iter(0xE2, bytes) {
        match bytes.get(i + 1..i + 3) {
            Some([0x80, OPEN]) => open = Some(i),
            Some([0x80, CLOSE]) => {
                if let Some(s) = open.take() {
                    out.push(Span::new(base + s, base + i + 3));
                }
            }
            _ => {}
        }
    }
    out
}

/// What one walk over each paragraph finds: the names of the gazetteer and of the body table,
/// the families the paragraph may hold, and where the signs of some of them are. The lists are
/// the document's, each paragraph's part of them a range: a paragraph costs no allocation.
#[derive(Default)]
struct Scans {
    places: Vec<place::Found>,
    /// Offsets in the paragraph.
    bodies: Vec<aho_corasick::Match>,
    /// Where the signs of amounts, percentages, dates, titles, organizations' endings and
    /// collective bodies are (byte offsets in the paragraph), with their families: those
    /// patterns are searched only around them.
    signs: Vec<(usize, u8)>,
    paragraphs: Vec<Scan>,
    /// The places of the paragraph walked last, as the walk finds them.
    walked: Vec<aho_corasick::Match>,
}

/// A paragraph's part of [`Scans`].
struct Scan {
    places: Range<usize>,
    bodies: Range<usize>,
    signs: Range<usize>,
    needs: Needs,
}

impl Scans {
    /// Walks `text` (at byte `base` of the document) once.
    fn add(&mut self, text: &str, base: usize) {
        let (places, bodies, signs) = (self.places.len(), self.bodies.len(), self.signs.len());
        let mut all = 0;
        let found = &mut self.signs;
        self.walked.clear();
        WALK.find_all(text, [&mut self.walked, &mut self.bodies], |at, c| {
            let f = families(c);
            all |= f;
            if f & (MONEY | PERCENT | DATE | PEOPLE | ORGANIZATIONS | COLLECTIVE) != 0 {
                found.push((at, f));
            }
        });
        let walked = self.walked.iter().map(|m| place::Found::at(base, m));
        self.places.extend(walked);
        self.paragraphs.push(Scan {
            places: places..self.places.len(),
            bodies: bodies..self.bodies.len(),
            signs: signs..self.signs.len(),
            needs: Needs::from_families(all),
        });
    }

    /// Where the signs of `family` are in paragraph `scan`.
    fn signs(&self, scan: &Scan, family: u8) -> impl Iterator<Item = usize> + Clone + '_ {
        self.signs[scan.signs.clone()]
            .iter()
            .filter(move |s| s.1 & family != 0)
            .map(|s| s.0)
    }
}

/// The walk over a paragraph for the names of the gazetteer and of the body table, which also
/// stops at every sign of a family.
static WALK: LazyLock<Walk<2>> = LazyLock::new(|| {
    let t = &SIGN_TABLES;
    let ascii = (0..128u8)
        .filter(|&b| t.ascii[usize::from(b)] != 0)
        .map(char::from);
    let wide = t.wide.iter().map(|&(c, _)| c);
    Walk::new(
        [place::names(), department::body_names()],
        ascii.chain(wide),
    )
});

/// The families a paragraph may hold, from the characters each needs, in one pass.
struct Needs {
    money: bool,
    percent: bool,
    date: bool,
    /// Document numbers, cited titles, phone numbers.
    simple: bool,
    quotes: bool,
    /// A title before or after a name.
    people: bool,
    /// The ending of an organization's name.
    organizations: bool,
}

const MONEY: u8 = 1;
const PERCENT: u8 = 2;
const DATE: u8 = 4;
const SIMPLE: u8 = 8;
const QUOTES: u8 = 16;
const PEOPLE: u8 = 32;
const ORGANIZATIONS: u8 = 64;
const COLLECTIVE: u8 = 128;

/// The characters each family needs, and the families each of them may start; amounts,
/// percentages, dates, people, organizations and collective bodies need one of
/// [`money::CURRENCY_CHARS`], [`money::PERCENT_CHARS`], [`date::SIGN_CHARS`],
/// [`person::TITLE_CHARS`], [`organization::SUFFIX_CHARS`] and
/// [`department::COLLECTIVE_CHARS`].
const SIGNS: [(char, u8); 13] = [
    ('号', SIMPLE),
    ('《', SIMPLE),
    ('0', SIMPLE),
    ('1', SIMPLE),
    ('2', SIMPLE),
    ('3', SIMPLE),
    ('4', SIMPLE),
    ('5', SIMPLE),
    ('6', SIMPLE),
    ('7', SIMPLE),
    ('8', SIMPLE),
    ('9', SIMPLE),
    ('“', QUOTES),
];

/// The signs as tables: the families of each ASCII character, and of every other sign (all
/// in the Basic Multilingual Plane) sorted by character, with a bit per character of the
/// plane that says whether it is one.
struct SignTables {
    ascii: [u8; 128],
    wide: [(char, u8); 34],
    is_wide: [u64; 1024],
}

/// Adds sign `c` to `t`, which holds `n` wide signs: in order, and a character listed twice
/// has the union of its families.
const fn add_sign(t: &mut SignTables, n: &mut usize, c: char, families: u8) {
    let i = c as usize;
    if i < 128 {
        t.ascii[i] |= families;
        return;
    }
    t.is_wide[i / 64] |= 1 << (i % 64);
    let mut k = 0;
    while k < *n && (t.wide[k].0 as u32) < c as u32 {
        k += 1;
    }
    if k < *n && t.wide[k].0 as u32 == c as u32 {
        t.wide[k].1 |= families;
        return;
    }
    let mut j = *n;
    while j > k {
        t.wide[j] = t.wide[j - 1];
        j -= 1;
    }
    t.wide[k] = (c, families);
    *n += 1;
}

/// Adds every character of `signs` to `t`, each starting `families`.
const fn add_signs(t: &mut SignTables, n: &mut usize, signs: &[char], families: u8) {
    let mut i = 0;
    while i < signs.len() {
        add_sign(t, n, signs[i], families);
        i += 1;
    }
}

static SIGN_TABLES: SignTables = {
    let mut t = SignTables {
        ascii: [0; 128],
        wide: [('\0', 0); 34],
        is_wide: [0; 1024],
    };
    let mut n = 0;
    let mut i = 0;
    while i < SIGNS.len() {
        add_sign(&mut t, &mut n, SIGNS[i].0, SIGNS[i].1);
        i += 1;
    }
    add_signs(&mut t, &mut n, &money::CURRENCY_CHARS, MONEY);
    add_signs(&mut t, &mut n, &money::PERCENT_CHARS, PERCENT);
    add_signs(&mut t, &mut n, &date::SIGN_CHARS, DATE);
    add_signs(&mut t, &mut n, &person::TITLE_CHARS, PEOPLE);
    add_signs(&mut t, &mut n, &organization::SUFFIX_CHARS, ORGANIZATIONS);
    add_signs(&mut t, &mut n, &department::COLLECTIVE_CHARS, COLLECTIVE);
    assert!(n == 34, "the wide table holds every sign, once");
    t
};

/// The families character `c` may start (none for most characters, which a bit test says).
#[inline(always)]
fn families(c: char) -> u8 {
    let t = &SIGN_TABLES;
    let i = c as usize;
    if i < 128 {
        t.ascii[i]
    } else if i < 0x1_0000 && t.is_wide[i / 64] >> (i % 64) & 1 == 1 {
        t.wide
            .binary_search_by_key(&c, |&(sign, _)| sign)
            .map_or(0, |k| t.wide[k].1)
    } else {
        0
    }
}

impl Needs {
    fn from_families(families: u8) -> Needs {
        Needs {
            money: families & MONEY != 0,
            percent: families & PERCENT != 0,
            date: families & DATE != 0,
            simple: families & SIMPLE != 0,
            quotes: families & QUOTES != 0,
            people: families & PEOPLE != 0,
            organizations: families & ORGANIZATIONS != 0,
        }
    }
}

/// Runs every extractor over the paragraphs of `doc` that are not boilerplate.
pub fn extract(doc: &NormDoc, outline: &Outline) -> Found {
    if !ready() {
        help_warm_up();
    }
    let mut found = Found::default();
    let doc_date = outline
        .metadata
        .date
        .as_deref()
        .and_then(date::Ymd::parse_iso);
    let m = &outline.metadata;
    let meta_text = format!(
        "{} {}",
        m.issuers.join(" "),
        m.title.as_deref().unwrap_or_default()
    );
    let year = doc_date.map(|d| d.0 as u16);
    let relative_base = if outline.dated_by_record {
        date::Base::Rule
    } else {
        doc_date.map_or(date::Base::Undated, date::Base::Date)
    };
    // The page's 来源 line names the website that published the text (来源:福建省人民政府
    // 门户网站), not a body the text speaks of: only its date (时间:2020-12-29) is read.
    // A page saved many times over has a 来源 line in each copy: they are looked up, not
    // scanned, or every paragraph would scan them all.
    let mut source_lines: Vec<Span> = m
        .spans
        .iter()
        .filter(|(field, _)| *field == "source_line")
        .map(|(_, s)| *s)
        .collect();
    source_lines.sort_unstable();
    let source_line = |p: &crate::normalize::Para| source_lines.binary_search(&p.span).is_ok();
    let content = |p: &&crate::normalize::Para| p.boilerplate.is_none() && !source_line(p);
    // One walk over each paragraph for the names of both tables and the families' signs; the
    // document's setting is read from the place names.
    let paragraphs: Vec<&crate::normalize::Para> = doc.paras.iter().filter(content).collect();
    let mut scans = Scans::default();
    for p in &paragraphs {
        scans.add(p.span.slice(&doc.text), p.span.start);
    }
    let all_names = &scans.places;
    let setting = place::setting_of(&meta_text, all_names, year);
    let jurisdiction = department::Jurisdiction {
        province: setting.province.map(str::to_owned),
        prefecture: setting.prefecture.map(str::to_owned),
    };
    for p in doc.paras.iter().filter(|p| source_line(p)) {
        date::dates(
            p.span.slice(&doc.text),
            p.span.start,
            relative_base,
            &mut found,
        );
    }
    for (p, scan) in paragraphs.iter().zip(&scans.paragraphs) {
        let text = p.span.slice(&doc.text);
        // Each family runs only where the characters it needs are present.
        let needs = &scan.needs;
        if needs.money {
            money::amounts_near(text, p.span.start, scans.signs(scan, MONEY), &mut found);
        }
        if needs.percent {
            money::percents_near(text, p.span.start, scans.signs(scan, PERCENT), &mut found);
        }
        if needs.date {
            let signs = scans.signs(scan, DATE);
            date::dates_near(text, p.span.start, relative_base, signs, &mut found);
        }
        let first_simple = found.entities.len();
        if needs.simple {
            simple(text, p.span.start, &mut found);
        }
        let first_department = found.entities.len();
        department::departments_found(
            text,
            p.span.start,
            &jurisdiction,
            scans.signs(scan, COLLECTIVE),
            &scans.bodies[scan.bodies.clone()],
            &mut found.entities,
        );
        // a body named in a cited title belongs to the title
        let titles = Spans::new(
            found.entities[first_simple..first_department]
                .iter()
                .filter(|e| e.kind == "cited_document")
                .map(|e| e.span)
                .collect(),
        );
        if !titles.is_empty() {
            let bodies = found.entities.split_off(first_department);
            found
                .entities
                .extend(bodies.into_iter().filter(|e| !titles.hold(e.span)));
        }
        let departments = Spans::new(
            found.entities[first_department..]
                .iter()
                .map(|e| e.span)
                .collect(),
        );
        let mut orgs = Vec::new();
        if needs.organizations {
            let signs = scans.signs(scan, ORGANIZATIONS);
            organization::organizations_near(text, p.span.start, signs, &mut orgs);
        }
        // a body in both tables (行政服务中心管委会) is a department
        orgs.retain(|o| !departments.meet(o.span));
        found.entities.extend(orgs);
        // Places inside a cited title, a quoted name (“晋江经验”, “电动福建”) or a department's
        // name (中共三明市委办公室) are part of that name, not mentions of their own.
        let mut inside: Vec<Span> = found.entities[first_simple..]
            .iter()
            .filter(|e| matches!(e.kind, "cited_document" | "department" | "organization"))
            .map(|e| e.span)
            .collect();
        if needs.quotes {
            inside.extend(quoted(text, p.span.start));
        }
        place::places_found(
            text,
            p.span.start,
            &setting,
            &Spans::new(inside),
            &scans.places[scan.places.clone()],
            &mut found.entities,
        );
        if needs.people || person::is_field(text) {
            let signs = scans.signs(scan, PEOPLE);
            person::people_near(text, p.span.start, signs, &mut found.entities);
        }
    }
    let paragraphs = doc
        .paras
        .iter()
        .filter(content)
        .map(|p| (p.span.slice(&doc.text), p.span.start));
    person::known_names(paragraphs, &mut found.entities);
    sort_entities(&mut found.entities);
    found.entities.dedup();
    found
}

/// Sorts `entities` by span, then type, keeping the order in which they were found among
/// equals. An entity is large (160 bytes), and a dense document has thousands: the keys are
/// sorted with the entities' positions, and each entity then moved into place once, where a
/// sort of the entities themselves moves each many times.
fn sort_entities(entities: &mut [Entity]) {
    entities.sort_by_cached_key(|e| (e.span.start, e.span.end, e.kind));
}

/// The clause that contains each span: clauses do not overlap, so it is the one whose span
/// holds the span's start. `None` inside metadata.
pub fn clause_of(clauses: &[(Span, usize)], span: Span) -> Option<usize> {
    let k = clauses.partition_point(|(s, _)| s.start <= span.start);
    let (s, idx) = *clauses.get(k.checked_sub(1)?)?;
    (span.start < s.end.max(s.start + 1) && span.start >= s.start).then_some(idx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// money, percent, date, simple, quotes, people, organizations, collective
    fn families(text: &str) -> [bool; 8] {
        let mut scans = Scans::default();
        scans.add(text, 0);
        let scan = &scans.paragraphs[0];
        let n = &scan.needs;
        [
            n.money,
            n.percent,
            n.date,
            n.simple,
            n.quotes,
            n.people,
            n.organizations,
            // a collective body is looked for where its signs are
            scans.signs(scan, COLLECTIVE).next().is_some(),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn document_numbers_are_what_their_pattern_finds(
            text in "([闽政办字〇a 。]{0,6}[闽政办字〇]{0,14}[〔\\[［【(（]?(19|20|2)?[0-9]{0,7}[〕\\]］】)）]?[0-9]{0,6}号?){0,4}"
        ) {
            static PATTERN: LazyLock<Regex> = LazyLock::new(|| Regex::new(DOC_NUMBER).unwrap());
            let expected: Vec<_> = PATTERN
                .captures_iter(&text)
                .map(|c| {
                    let range = |i: usize| c.get(i).map(|m| m.range());
                    (range(0), range(1), range(2), range(3).is_some(), range(4))
                })
                .collect();
            let ours: Vec<_> = doc_numbers(&text)
                .map(|m| (Some(m.whole), Some(m.prefix), Some(m.year), m.closed, Some(m.serial)))
                .collect();
            proptest::prop_assert_eq!(ours, expected);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn quotations_are_what_a_walk_over_the_characters_finds(
            text in "[“”‘’—…a一\u{2000}-\u{203F}]{0,12}",
            base in 0usize..4,
        ) {
            let mut expected = Vec::new();
            let mut open = None;
            for (i, c) in text.char_indices() {
                match c {
                    '“' => open = Some(i),
                    '”' => {
                        if let Some(s) = open.take() {
                            expected.push(Span::new(base + s, base + i + c.len_utf8()));
                        }
                    }
                    _ => {}
                }
            }
            proptest::prop_assert_eq!(quoted(&text, base), expected);
        }
    }

    proptest::proptest! {
        #[test]
        fn entities_sort_as_a_stable_sort_by_span_and_type_does(
            found in proptest::collection::vec((0usize..6, 0usize..4, 0usize..3), 0..40)
        ) {
            const KINDS: [&str; 3] = ["date", "amount", "place"];
            // each entity's title says where it was found, so that equals' order shows
            let entities: Vec<Entity> = found
                .iter()
                .enumerate()
                .map(|(k, &(start, len, kind))| {
                    let title = TitleValue { title: k.to_string() };
                    Entity::new(KINDS[kind], Span::new(start, start + len), Value::Title(title))
                })
                .collect();
            let mut expected = entities.clone();
            expected.sort_by(|a, b| {
                (a.span.start, a.span.end, a.kind).cmp(&(b.span.start, b.span.end, b.kind))
            });
            let mut ours = entities;
            sort_entities(&mut ours);
            proptest::prop_assert_eq!(ours, expected);
        }
    }

    proptest::proptest! {
        #[test]
        fn cited_titles_are_what_their_pattern_finds(
            parts in proptest::collection::vec(("[《》\n a福]{0,6}", 0usize..3), 0..12)
        ) {
            // runs of up to 400 characters, so that titles of 200 and more come up
            let text: String = parts
                .iter()
                .map(|(s, n)| s.clone() + &"字".repeat([0, 199, 201][*n]))
                .collect();
            let pattern = Regex::new(r"《([^《》\n]{1,200})》").unwrap();
            let expected: Vec<(usize, usize)> =
                pattern.find_iter(&text).map(|m| (m.start(), m.end())).collect();
            proptest::prop_assert_eq!(cited_titles(&text).collect::<Vec<_>>(), expected);
        }
    }

    #[test]
    fn the_signs_of_a_paragraph_choose_its_families() {
        let f = false;
        assert_eq!(families("为了规范工作，制定本规定。"), [f; 8]);
        assert_eq!(families("补助3000元/人"), [true, f, true, true, f, f, f, f]);
        assert_eq!(families("增加5％"), [f, true, f, true, f, f, f, f]);
        assert_eq!(
            families("“晋江经验”写入《通知》"),
            [f, f, f, true, true, f, f, f]
        );
        assert_eq!(families("市长和董事会"), [f, f, f, f, f, true, true, f]);
        assert_eq!(families("二〇二四年"), [f, f, true, f, f, f, f, f]);
        assert_eq!(families("𠮷野家"), [f; 8]);
        assert_eq!(families("各有关单位"), [f, f, f, f, f, f, f, true]);
        assert_eq!(families("工作专班"), [f, f, f, f, f, f, f, true]);
    }

    #[test]
    fn the_walk_stops_at_every_sign() {
        let signs: Vec<char> = (0..=0xFFFF)
            .filter_map(char::from_u32)
            .filter(|&c| super::families(c) != 0)
            .collect();
        assert_eq!(signs.len(), 15 + 34, "the ASCII signs and the wide ones");
        for c in signs {
            let mut seen = 0;
            let (mut places, mut bodies) = (Vec::new(), Vec::new());
            let text = format!("之{c}之");
            WALK.find_all(&text, [&mut places, &mut bodies], |_, d| {
                seen |= super::families(d)
            });
            assert_eq!(seen, super::families(c), "{c}");
        }
    }

    fn kinds(text: &str) -> Vec<(&'static str, String)> {
        let mut f = Found::default();
        simple(text, 0, &mut f);
        f.entities
            .iter()
            .map(|e| (e.kind, e.span.slice(text).to_owned()))
            .collect()
    }

    #[test]
    fn cited_numbers_titles_phones() {
        assert_eq!(
            kinds(
                "深入实施《福建省人民政府关于加快推进科技创新发展的通知》(闽政〔2023〕7号),联系电话：0591-87829197"
            ),
            [
                ("doc_number", "闽政〔2023〕7号".to_owned()),
                (
                    "cited_document",
                    "《福建省人民政府关于加快推进科技创新发展的通知》".to_owned()
                ),
                ("phone", "0591-87829197".to_owned()),
            ]
        );
        let k = kinds("对接省发改委《关于电价调整有关事项的通知》(闽发改商价〔2020〕669号)");
        assert!(
            k.contains(&("doc_number", "闽发改商价〔2020〕669号".to_owned())),
            "{k:?}"
        );
        assert_eq!(kinds("手机13912345678。")[0].1, "13912345678");
        assert!(kinds("编号1391234567890").is_empty());
    }

    #[test]
    fn clause_lookup() {
        let clauses = [
            (Span::new(0, 10), 0),
            (Span::new(10, 20), 1),
            (Span::new(30, 40), 2),
        ];
        assert_eq!(clause_of(&clauses, Span::new(5, 6)), Some(0));
        assert_eq!(clause_of(&clauses, Span::new(10, 12)), Some(1));
        assert_eq!(clause_of(&clauses, Span::new(25, 26)), None);
    }

    #[test]
    fn a_damaged_cited_number_is_read_with_a_warning() {
        let mut f = Found::default();
        simple(
            "《关于电价调整有关事项的通知》(闽发改商价〔2020669号)",
            0,
            &mut f,
        );
        let n = f.entities.iter().find(|e| e.kind == "doc_number").unwrap();
        assert_eq!(
            n.value,
            Value::DocNumber(DocNumberValue {
                prefix: "闽发改商价".into(),
                year: 2020,
                serial: 669
            })
        );
        assert_eq!(f.warnings[0].code, "doc_number_repaired");
    }
}
