//! Normalize: a decoded [`Source`] -> a [`NormDoc`]: one normalized text, split into
//! paragraphs, with a map back to the raw text.
//!
//! - Markdown is read with pulldown-cmark; headings and strong emphasis become hints on the
//!   paragraphs, and no markup reaches the text. CommonMark does not close `**` next to CJK
//!   punctuation (`**（二）坚持……。**聚焦`), so such leftover `**` pairs are read as strong
//!   emphasis too.
//! - Characters: full-width ASCII digits and letters become half-width; every kind of white
//!   space becomes one ASCII space (runs collapse, lines are trimmed); zero-width characters
//!   are removed; Chinese punctuation is kept as written.
//! - Lines: hard line breaks that PDF or HTML extraction left inside a sentence are repaired by
//!   joining the lines (`加快产` + `业领军团队`), unless the next line starts a block of its own
//!   (numbering, a `key：value` field, a date, a document number, an indented paragraph…) or the
//!   line before stands alone (a heading, a field, a title).
//! - Page chrome (热门跟贴, 扫一扫…, photo captions, bylines) is kept in the text and marked as
//!   boilerplate, never deleted.
//!
//! Paragraphs are separated by a single `\n` in [`NormDoc::text`]. Normalizing stops at
//! nothing: any text gives a `NormDoc`.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use smallvec::SmallVec;

use crate::ingest::{Format, Source};
use crate::patterns::{self, Field};
use crate::span::{CharIndex, Span};

/// One paragraph of the normalized text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Para {
    /// Byte span in [`NormDoc::text`], never including the separating `\n`.
    pub span: Span,
    /// Markdown heading level (1–6), if the paragraph is a heading.
    pub heading: Option<u8>,
    /// Byte spans of strong emphasis (Markdown `**…**`).
    pub bold: Vec<Span>,
    /// The kind of page chrome this paragraph is, if it is only that.
    pub boilerplate: Option<&'static str>,
    /// The numbering the paragraph starts with ([`patterns::numbering`] of its text).
    pub numbering: Option<patterns::Numbering>,
}

/// The normalized document.
#[derive(Debug)]
pub struct NormDoc {
    pub text: String,
    pub paras: Vec<Para>,
    /// Breakpoints of the map from normalized to raw text, as `(normalized char, raw char)`:
    /// from each breakpoint on, the raw offset grows with the normalized one until the next.
    pub offsets: Vec<(u32, u32)>,
}

impl NormDoc {
    /// The raw character offset (into the decoded source) of normalized character `c`.
    pub fn raw_char(&self, c: u32) -> u32 {
        let k = self.offsets.partition_point(|&(n, _)| n <= c);
        if k == 0 {
            return c;
        }
        let (n, r) = self.offsets[k - 1];
        r + (c - n)
    }
}

/// The raw character offsets of a line's characters, kept as runs: a line is most often one
/// stretch of the source, character for character, and needs no more than one. The document's
/// map ([`NormDoc::offsets`]) is built the same way, its runs being the breakpoints.
#[derive(Default, Debug, Clone)]
struct Offsets {
    /// `(character of the line, its raw offset)` where a run begins: the characters after it,
    /// up to the next run, have the raw offsets after it.
    runs: SmallVec<[(u32, u32); 2]>,
    /// The number of characters.
    len: u32,
}

impl Offsets {
    /// Appends `n` characters whose raw offsets run on from `raw`.
    fn extend(&mut self, raw: u32, n: u32) {
        if n == 0 {
            return;
        }
        let goes_on = self
            .runs
            .last()
            .is_some_and(|&(at, r)| r.wrapping_add(self.len - at) == raw);
        if !goes_on {
            self.runs.push((self.len, raw));
        }
        self.len += n;
    }

    fn push(&mut self, raw: u32) {
        self.extend(raw, 1);
    }

    /// Removes the last character's offset.
    fn pop(&mut self) {
        if self.len == 0 {
            return;
        }
        self.len -= 1;
        if self.runs.last().is_some_and(|&(at, _)| at == self.len) {
            self.runs.pop();
        }
    }

    /// The raw offset of character `k` (`k` < the number of characters).
    fn get(&self, k: u32) -> u32 {
        let i = self.runs.partition_point(|&(at, _)| at <= k);
        let (at, raw) = self.runs[i - 1];
        raw + (k - at)
    }

    /// The runs, as `(raw offset, number of characters)`.
    fn runs(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.runs.iter().enumerate().map(|(i, &(at, raw))| {
            let end = self.runs.get(i + 1).map_or(self.len, |&(next, _)| next);
            (raw, end - at)
        })
    }

    /// Appends the offsets of `other`.
    fn append(&mut self, other: &Offsets) {
        for (raw, n) in other.runs() {
            self.extend(raw, n);
        }
    }
}

/// A line under construction: its text, and the raw character offset of each of its
/// characters.
#[derive(Default, Debug)]
struct Line {
    text: String,
    /// The raw character offset of each character of `text`.
    raw: Offsets,
    heading: Option<u8>,
    /// Char-index ranges into `text`.
    bold: Vec<(usize, usize)>,
    indented: bool,
    html: bool,
    /// Raw offset just past the line, for the separator.
    end_raw: u32,
}

/// Whether a character stays as it is, as most do: all but white space and controls, the
/// zero-width characters and the BOM, and full-width digits and letters (a test checks every
/// character against [`normalized`]). The common ranges are tested first.
fn plain(c: char) -> bool {
    match c {
        '\u{3001}'..='\u{FEFE}' | '!'..='~' => true,
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => false,
        '\u{FF00}'.. => true,
        '\u{A1}'..='\u{2FFF}' => !matches!(
            c,
            '\u{AD}' | '\u{1680}' | '\u{2000}'
                ..='\u{200D}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' | '\u{2060}'
        ),
        // ASCII controls and space, DEL and the C1 controls, no-break space, U+3000, BOM
        _ => false,
    }
}

/// What a character becomes: full-width digits and letters half-width, white space and
/// controls a space (runs of spaces are then one), zero-width characters and the BOM nothing.
fn normalized(c: char) -> Option<char> {
    Some(match c {
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => return None,
        c if c.is_whitespace() || c.is_control() => ' ',
        c => c,
    })
}

/// The length in bytes and in characters of the run of [`plain`] characters `s` starts with.
/// Most characters are told by their first byte: printable ASCII, and the lead bytes E4 to EE
/// (U+4000 to U+EFFF, all plain); E3 (U+3000 to U+3FFF) is plain but for U+3000 itself.
fn plain_run(s: &str) -> (usize, u32) {
    let bytes = s.as_bytes();
    let (mut i, mut n) = (0, 0);
    while let Some(&lead) = bytes.get(i) {
        i += match lead {
            b'!'..=b'~' => 1,
            0xE4..=0xEE => 3,
            0xE3 if bytes.get(i + 1..i + 3) != Some(&[0x80, 0x80]) => 3,
            _ => match s[i..].chars().next() {
                Some(c) if plain(c) => c.len_utf8(),
                _ => break,
            },
        };
        n += 1;
    }
    (i, n)
}

impl Line {
    fn push(&mut self, c: char, raw: u32) {
        if plain(c) {
            self.put(c, raw);
            return;
        }
        let Some(c) = normalized(c) else {
            return;
        };
        if c == ' ' && (self.text.is_empty() || self.text.ends_with(' ')) {
            return;
        }
        self.put(c, raw);
    }

    /// Appends `c` as it is.
    fn put(&mut self, c: char, raw: u32) {
        self.text.push(c);
        self.raw.push(raw);
    }

    /// Pushes the characters of `s`, whose raw offsets run on from `start`; returns how many
    /// there were. Runs of plain characters are copied whole.
    fn push_str_at(&mut self, s: &str, start: u32) -> u32 {
        self.text.reserve(s.len());
        let mut k = start;
        let mut rest = s;
        while !rest.is_empty() {
            let (end, n) = plain_run(rest);
            self.text.push_str(&rest[..end]);
            self.raw.extend(k, n);
            k += n;
            rest = &rest[end..];
            if let Some(c) = rest.chars().next() {
                self.push(c, k);
                k += 1;
                rest = &rest[c.len_utf8()..];
            }
        }
        k - start
    }

    /// The number of characters.
    fn len(&self) -> usize {
        self.raw.len as usize
    }

    fn is_empty(&self) -> bool {
        self.raw.len == 0
    }

    fn finish(&mut self) {
        if self.text.ends_with(' ') {
            self.text.pop();
            self.raw.pop();
        }
        let n = self.len();
        for b in &mut self.bold {
            b.0 = b.0.min(n);
            b.1 = b.1.min(n);
        }
        self.bold.retain(|b| b.0 < b.1);
    }
}

/// The character normalization of one line, without line repair: what every character of a
/// document goes through (full-width digits and letters made half-width, white space unified,
/// zero-width characters removed).
pub fn normalize_line(s: &str) -> String {
    let mut line = Line::default();
    for c in s.chars() {
        line.push(c, 0);
    }
    line.finish();
    line.text
}

/// Normalizes a decoded source.
pub fn normalize(source: &Source) -> NormDoc {
    let mut lines = match source.format {
        Format::Text => text_lines(&source.text),
        Format::Markdown => markdown_lines(&source.text),
    };
    for line in &mut lines {
        line.finish();
    }
    lines.retain(|l| !l.is_empty());
    assemble(join(lines))
}

/// Room for a line per line break of `text`, and the last line.
fn room_for_lines(text: &str) -> Vec<Line> {
    Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1)
}

fn text_lines(text: &str) -> Vec<Line> {
    let mut lines = room_for_lines(text);
    let mut line = Line::default();
    // the raw character offset of the start of `rest`
    let mut i = 0;
    let mut rest = text;
    loop {
        // leading white space: its width decides whether the line is indented
        let body = rest
            .find(|c| !matches!(c, ' ' | '\t' | '\u{3000}' | '\u{A0}'))
            .unwrap_or(rest.len());
        let mut lead = 0;
        for c in rest[..body].chars() {
            lead += if c == ' ' { 1 } else { 2 };
            i += 1;
        }
        rest = &rest[body..];
        let end = memchr::memchr2(b'\n', b'\r', rest.as_bytes()).unwrap_or(rest.len());
        if end > 0 {
            line.indented = lead >= 2;
        }
        i += line.push_str_at(&rest[..end], i);
        rest = &rest[end..];
        line.end_raw = i;
        lines.push(std::mem::take(&mut line));
        // the line break: \n, \r\n or \r
        let Some(brk) = rest.strip_prefix("\r\n").or_else(|| rest.get(1..)) else {
            break;
        };
        i += (rest.len() - brk.len()) as u32;
        rest = brk;
    }
    lines
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn markdown_lines(text: &str) -> Vec<Line> {
    let index = CharIndex::new(text);
    let raw = |byte: usize| index.char_of(byte) as u32;
    let mut lines = room_for_lines(text);
    let mut line = Line::default();
    let mut bold_open: Vec<usize> = Vec::new();
    let mut ordered: Vec<bool> = Vec::new();
    let mut in_html_block = false;

    let flush = |line: &mut Line, lines: &mut Vec<Line>, end_byte: usize| {
        let heading = line.heading;
        line.end_raw = raw(end_byte);
        lines.push(std::mem::take(line));
        // a heading's text continues as the same heading after a soft break
        line.heading = heading;
    };

    let push_str = |line: &mut Line, s: &str, range: std::ops::Range<usize>| {
        if text.get(range.clone()) == Some(s) {
            line.push_str_at(s, raw(range.start));
        } else {
            let start = raw(range.start);
            for c in s.chars() {
                line.push(c, start);
            }
        }
    };

    let opts = Options::ENABLE_TABLES;
    for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                if !line.is_empty() {
                    flush(&mut line, &mut lines, range.start);
                }
                line.heading = Some(heading_level(level));
            }
            Event::End(TagEnd::Heading(_)) => {
                flush(&mut line, &mut lines, range.end);
                line.heading = None;
            }
            Event::Start(Tag::Paragraph) => {
                if !line.is_empty() && !line.text.bytes().all(|b| b == b' ') {
                    flush(&mut line, &mut lines, range.start);
                }
            }
            Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::TableHead)
            | Event::End(TagEnd::TableRow) => {
                flush(&mut line, &mut lines, range.end);
            }
            Event::Start(Tag::List(first)) => {
                if !line.is_empty() {
                    flush(&mut line, &mut lines, range.start);
                }
                ordered.push(first.is_some());
            }
            Event::End(TagEnd::List(_)) => {
                ordered.pop();
            }
            Event::Start(Tag::Item) => {
                if !line.is_empty() {
                    flush(&mut line, &mut lines, range.start);
                }
                if ordered.last() == Some(&true) {
                    // The number of an ordered item is content (1. 钢铁产业), not markup.
                    let src = &text[range.clone()];
                    let marker = src.trim_start();
                    let skip = src.len() - marker.len();
                    let len = marker
                        .find(|c: char| c.is_whitespace())
                        .unwrap_or(marker.len());
                    let start = range.start + skip;
                    push_str(&mut line, &marker[..len], start..start + len);
                    line.push(' ', raw(start + len));
                }
            }
            Event::End(TagEnd::Item) => {
                if !line.is_empty() {
                    flush(&mut line, &mut lines, range.end);
                }
            }
            Event::Start(Tag::CodeBlock(_)) | Event::End(TagEnd::CodeBlock) => {
                if !line.is_empty() {
                    flush(&mut line, &mut lines, range.start);
                }
            }
            Event::Start(Tag::HtmlBlock) => in_html_block = true,
            Event::End(TagEnd::HtmlBlock) => in_html_block = false,
            Event::Start(Tag::Strong) => bold_open.push(line.len()),
            Event::End(TagEnd::Strong) => {
                if let Some(start) = bold_open.pop() {
                    line.bold.push((start, line.len()));
                }
            }
            Event::End(TagEnd::TableCell) => line.push(' ', raw(range.end.saturating_sub(1))),
            Event::Text(t) | Event::Code(t) => {
                // Code blocks and multi-line text carry their own line breaks.
                let mut offset = range.start;
                let exact = text.get(range.clone()) == Some(&*t);
                // the pieces between line breaks (memchr's search: most texts have none)
                let mut from = 0;
                let ends = memchr::memchr_iter(b'\n', t.as_bytes()).chain([t.len()]);
                for (k, end) in ends.enumerate() {
                    let piece = &t[from..end];
                    from = end + 1;
                    if k > 0 {
                        flush(&mut line, &mut lines, offset);
                    }
                    let r = if exact {
                        offset..offset + piece.len()
                    } else {
                        range.clone()
                    };
                    push_str(&mut line, piece, r);
                    if exact {
                        offset += piece.len() + 1;
                    }
                }
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                // Markup: an HTML block becomes a line of its own marked as boilerplate, so
                // nothing is lost; inline tags are dropped (the raw map still has them).
                if in_html_block {
                    let mut offset = range.start;
                    for piece in t.split_inclusive('\n') {
                        let body = piece.trim_end_matches('\n');
                        let mut l = Line {
                            html: true,
                            ..Line::default()
                        };
                        push_str(&mut l, body, offset..offset + body.len());
                        l.end_raw = raw(offset + body.len());
                        offset += piece.len();
                        lines.push(l);
                    }
                } else if t.trim_start().starts_with("<br") {
                    flush(&mut line, &mut lines, range.start);
                }
            }
            Event::SoftBreak | Event::HardBreak => flush(&mut line, &mut lines, range.start),
            Event::Rule => {
                if !line.is_empty() {
                    flush(&mut line, &mut lines, range.start);
                }
            }
            Event::FootnoteReference(t) => push_str(&mut line, &t, range),
            Event::TaskListMarker(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {}
            Event::Start(_) | Event::End(_) => {}
        }
    }
    if !line.is_empty() {
        flush(&mut line, &mut lines, text.len());
    }
    for l in &mut lines {
        strong_fallback(l);
    }
    lines
}

/// Reads leftover literal `**` pairs in a line as strong emphasis and removes them.
fn strong_fallback(line: &mut Line) {
    if !patterns::has_str!(line.text, "**") {
        return;
    }
    let chars: Vec<char> = line.text.chars().collect();
    let marks: Vec<usize> = (0..chars.len().saturating_sub(1))
        .filter(|&i| chars[i] == '*' && chars[i + 1] == '*')
        .collect();
    // Non-overlapping pairs of `**`.
    let mut starts = Vec::new();
    let mut last_end = 0;
    for &m in &marks {
        if m >= last_end {
            starts.push(m);
            last_end = m + 2;
        }
    }
    if starts.is_empty() || starts.len() % 2 == 1 {
        return;
    }
    let removed: Vec<usize> = starts.iter().flat_map(|&s| [s, s + 1]).collect();
    let shift = |i: usize| i - removed.partition_point(|&r| r < i);
    let mut bold: Vec<(usize, usize)> = line
        .bold
        .iter()
        .map(|&(a, b)| (shift(a), shift(b)))
        .collect();
    for pair in starts.chunks(2) {
        bold.push((shift(pair[0] + 2), shift(pair[1])));
    }
    let keep = |k: &usize| removed.binary_search(k).is_err();
    line.text = (0..chars.len()).filter(keep).map(|k| chars[k]).collect();
    let mut raw = Offsets::default();
    for k in (0..chars.len()).filter(keep) {
        raw.push(line.raw.get(k as u32));
    }
    line.raw = raw;
    bold.sort_unstable();
    line.bold = bold;
}

/// What every line is, as far as joining is concerned.
struct LineInfo {
    numbering: Option<patterns::Numbering>,
    boilerplate: Option<&'static str>,
    ends_with_stop: bool,
}

fn info(line: &Line) -> LineInfo {
    let text = &line.text;
    let boilerplate = if line.html {
        Some("html")
    } else {
        patterns::boilerplate(text)
    };
    LineInfo {
        numbering: patterns::numbering(text),
        boilerplate,
        ends_with_stop: ends_with_stop(text),
    }
}

/// The rest of what a line is: read only for a line that a join may depend on, that is, one
/// after which the paragraph does not end with a full stop or a closing bracket.
#[derive(Clone, Copy)]
struct Shape {
    field: Option<Field>,
    /// A line that is complete by itself: a date, a document number, a title, an addressee…
    atomic: bool,
    /// At most 20 characters, no 关于, no stop of any kind, balanced brackets: such a line
    /// stands alone while its paragraph is that short too (a paragraph is never shorter than
    /// its lines, so a longer line need not be read).
    bare: bool,
}

fn shape(line: &Line) -> Shape {
    let text = &line.text;
    let n = line.len();
    let short_colon = n <= 40 && text.ends_with(['：', ':']);
    let atomic = short_colon
        || patterns::date_line(text).is_some()
        || patterns::doc_number_line(text).is_some()
        || patterns::disclosure_line(text).is_some()
        || patterns::title_like(text)
        || patterns::issuer_names(text).is_some();
    let bare = line.len() <= 20
        && !patterns::has_str!(text, "关于")
        && !text
            .chars()
            .any(|c| patterns::is_terminal(c) || patterns::is_soft_stop(c))
        && patterns::balanced(text);
    Shape {
        field: patterns::field(text).map(|f| f.0),
        atomic,
        bare,
    }
}

impl LineInfo {
    /// Whether this line, of shape `shape`, must start a paragraph of its own.
    fn starts_block(&self, shape: Shape, line: &Line, format_text: bool) -> bool {
        line.heading.is_some()
            || self.boilerplate.is_some()
            || self.numbering.is_some()
            || shape.field.is_some()
            || shape.atomic
            || (format_text && line.indented)
    }

    /// Whether the next line may never continue this one, of shape `shape`, in the paragraph
    /// `line` built so far.
    fn stands_alone(&self, shape: Shape, line: &Line) -> bool {
        let short_bare = line.len() <= 20 && shape.bare;
        line.heading.is_some()
            || self.boilerplate.is_some()
            || shape.atomic
            || shape.field.is_some_and(|f| !f.may_wrap())
            || (self.numbering.is_none() && shape.field.is_none() && short_bare)
    }
}

fn ends_with_stop(s: &str) -> bool {
    s.chars().next_back().is_some_and(|c| {
        patterns::is_terminal(c)
            || patterns::is_soft_stop(c)
            || matches!(c, '）' | ')' | '〕' | '】' | ']')
    })
}

/// The paragraph being joined: its last character, and its bracket depth and whether it has a
/// full stop, which only a numbered paragraph's join test reads: these are counted when it
/// does, over the text added since the last count, so that a paragraph of many lines costs
/// linear time.
#[derive(Default)]
struct Acc {
    last: Option<char>,
    depth: i32,
    has_stop: bool,
    /// The bytes of the paragraph's text counted so far.
    counted: usize,
}

impl Acc {
    /// Adds a line.
    fn push(&mut self, line: &str) {
        if let Some(c) = line.chars().next_back() {
            self.last = Some(c);
        }
    }

    /// Counts the paragraph's `text` up to its end.
    fn count(&mut self, text: &str) {
        let new = &text[self.counted..];
        self.depth += patterns::bracket_depth(new);
        self.has_stop |= new.contains(['。', '；']);
        self.counted = text.len();
    }

    /// Whether the paragraph so far ends with a full stop or a closing bracket: then no line is
    /// joined to it.
    fn ends_hard(&self) -> bool {
        self.last.is_some_and(|c| {
            patterns::is_terminal(c) || matches!(c, '）' | ')' | '〕' | '】' | ']')
        })
    }
}

/// A paragraph of joined lines.
struct Joined {
    line: Line,
    boilerplate: Option<&'static str>,
    /// The numbering of its first line, which is the paragraph's while no line is joined to it.
    numbering: Option<patterns::Numbering>,
    joined: bool,
}

/// Joins lines broken inside a sentence.
fn join(lines: Vec<Line>) -> Vec<Joined> {
    let format_text = !lines.iter().any(|l| l.heading.is_some() || l.html);
    let infos: Vec<LineInfo> = lines.iter().map(info).collect();

    // For each numbering style: do lines with it usually end in punctuation (then they are
    // paragraphs, and one that does not was cut), or not (then they are headings)?
    let mut stats: rustc_hash::FxHashMap<patterns::Style, (u32, u32)> = Default::default();
    for (l, i) in lines.iter().zip(&infos) {
        if let (Some(n), None) = (i.numbering, l.heading) {
            let e = stats.entry(n.style).or_default();
            e.1 += 1;
            if i.ends_with_stop {
                e.0 += 1;
            }
        }
    }
    let paragraph_style = |s: patterns::Style| stats.get(&s).is_some_and(|&(p, t)| 2 * p > t);

    let mut out: Vec<Joined> = Vec::with_capacity(lines.len());
    // the first line of the paragraph being built, and the last
    let mut head: Option<usize> = None;
    let mut last_line: Option<usize> = None;
    // Their shapes, read while the paragraph so far ends without a full stop or a closing
    // bracket: only then may a line be joined to it.
    let mut head_shape: Option<Shape> = None;
    let mut last_shape: Option<Shape> = None;
    // What the join test needs of the paragraph being built, kept up to date line by line so
    // that a paragraph of many lines costs linear time.
    let mut state = Acc::default();
    for (k, (line, inf)) in lines.into_iter().zip(infos.iter()).enumerate() {
        let mut line_shape = None;
        let joinable = match (head, last_line, head_shape, last_shape) {
            (Some(h), Some(prev), Some(first_shape), Some(prev_shape)) if !state.ends_hard() => {
                let first = &infos[h];
                let prev_inf = &infos[prev];
                let prev_line = &out.last().unwrap().line;
                !first.stands_alone(first_shape, prev_line)
                    && !prev_inf.stands_alone(prev_shape, prev_line)
                    && match first.numbering {
                        Some(n) if !state.last.is_some_and(patterns::is_soft_stop) => {
                            // A heading has no full stop inside; a paragraph cut short does.
                            state.count(&prev_line.text);
                            state.depth != 0 || state.has_stop || paragraph_style(n.style)
                        }
                        _ => true,
                    }
                    && !inf.starts_block(*line_shape.insert(shape(&line)), &line, format_text)
            }
            _ => {
                // the shapes were read after every line that did not end the paragraph hard
                debug_assert!(
                    head.is_none() || state.ends_hard() || head_shape.and(last_shape).is_some(),
                    "a shape the join test needs was not read"
                );
                false
            }
        };
        if !joinable {
            state = Acc::default();
        }
        state.push(&line.text);
        // the next line's join test reads this one's shape
        let this_shape = (!state.ends_hard()).then(|| line_shape.unwrap_or_else(|| shape(&line)));
        if joinable {
            let Joined {
                line: acc, joined, ..
            } = out.last_mut().unwrap();
            *joined = true;
            let offset = acc.len();
            let need_space = acc
                .text
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric())
                && line
                    .text
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric());
            let offset = if need_space {
                acc.put(' ', acc.end_raw);
                offset + 1
            } else {
                offset
            };
            acc.text.push_str(&line.text);
            acc.raw.append(&line.raw);
            acc.bold
                .extend(line.bold.iter().map(|&(a, b)| (a + offset, b + offset)));
            acc.end_raw = line.end_raw;
        } else {
            head = Some(k);
            head_shape = this_shape;
            out.push(Joined {
                line,
                boilerplate: inf.boilerplate,
                numbering: inf.numbering,
                joined: false,
            });
        }
        last_line = Some(k);
        last_shape = this_shape;
    }
    out
}

fn assemble(paras: Vec<Joined>) -> NormDoc {
    let total: usize = paras.iter().map(|p| p.line.text.len() + 1).sum();
    let mut text = String::with_capacity(total);
    let mut out = Vec::with_capacity(paras.len());
    // the document's offsets, kept as runs as a line's are: its breakpoints
    let mut map = Offsets::default();
    let mut sep_raw = 0;
    for (k, para) in paras.into_iter().enumerate() {
        let line = para.line;
        if k > 0 {
            // The separator maps to the raw end of the line before it.
            text.push('\n');
            map.push(sep_raw);
        }
        let start = text.len();
        text.push_str(&line.text);
        map.append(&line.raw);
        let bold = if line.bold.is_empty() {
            Vec::new()
        } else {
            let byte_of_char: Vec<usize> = line
                .text
                .char_indices()
                .map(|(i, _)| start + i)
                .chain([text.len()])
                .collect();
            line.bold
                .iter()
                .map(|&(a, b)| Span::new(byte_of_char[a], byte_of_char[b]))
                .collect()
        };
        out.push(Para {
            span: Span::new(start, text.len()),
            heading: line.heading,
            bold,
            boilerplate: para.boilerplate,
            numbering: if para.joined {
                patterns::numbering(&line.text)
            } else {
                para.numbering
            },
        });
        sep_raw = line.end_raw;
    }
    NormDoc {
        text,
        paras: out,
        offsets: map.runs.into_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn norm(name: &str, s: &str) -> NormDoc {
        normalize(&crate::ingest::decode(Path::new(name), s.as_bytes()).unwrap())
    }

    fn paras(d: &NormDoc) -> Vec<&str> {
        d.paras.iter().map(|p| p.span.slice(&d.text)).collect()
    }

    #[test]
    fn plain_characters_are_those_normalization_keeps() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let kept = normalized(c) == Some(c) && c != ' ';
            assert!(!plain(c) || kept, "U+{:04X} is not plain", c as u32);
        }
    }

    #[test]
    fn characters_are_normalized() {
        let d = norm(
            "a.txt",
            "　　２０２４年，ＡＢＣ\u{200B}公司\t\t增长 　５％。 ",
        );
        assert_eq!(d.text, "2024年，ABC公司 增长 5％。");
    }

    #[test]
    fn broken_lines_are_joined() {
        let d = norm(
            "a.txt",
            "强化人才战略支撑，加快产\n\n业领军团队遴选。\n\n抄送：省政府，宁\n德市人大常委会。",
        );
        assert_eq!(
            paras(&d),
            [
                "强化人才战略支撑，加快产业领军团队遴选。",
                "抄送：省政府，宁德市人大常委会。"
            ]
        );
    }

    #[test]
    fn blocks_are_not_joined() {
        let src = "福建省工业和信息化厅\n\n闽工信建议〔2024〕87号\n\n答复类别：B类\n\n关于某事的答复\n\n陆盛彪代表：\n\n一、关于持续改善\n\n近年来，我厅把\n\n领导署名：翁玉耀\n\n联系人：吴丽榕\n\n2024年5月20日\n\n（此件主动公开）";
        let d = norm("a.txt", src);
        assert_eq!(paras(&d).len(), 11, "{:?}", paras(&d));
    }

    #[test]
    fn numbered_heading_is_not_joined_but_cut_paragraph_is() {
        let src = "一、关于甲\n乙正文。\n二、关于丙\n丁正文。";
        assert_eq!(norm("a.txt", src).paras.len(), 4);
        let src = "一、甲。\n二、完善产业链条，推进石化\n与锂电产业耦合。\n三、丙。";
        assert_eq!(
            paras(&norm("a.txt", src)),
            [
                "一、甲。",
                "二、完善产业链条，推进石化与锂电产业耦合。",
                "三、丙。"
            ]
        );
        let src = "二、推广“政府+链主\n企业”合作模式。";
        assert_eq!(norm("a.txt", src).paras.len(), 1);
    }

    #[test]
    fn indented_lines_start_paragraphs() {
        let src = "关于推动工业产业高质量发展若干措施\n  持续做实做足文章";
        assert_eq!(norm("a.txt", src).paras.len(), 2);
    }

    #[test]
    fn markdown_markup_never_leaks() {
        let d = norm(
            "a.md",
            "# 标题\n\n**（二）坚持项目带动。**聚焦主导产业\n\n1. 钢铁产业\n\n- 要点",
        );
        assert_eq!(
            paras(&d),
            [
                "标题",
                "（二）坚持项目带动。聚焦主导产业",
                "1. 钢铁产业",
                "要点"
            ]
        );
        assert_eq!(d.paras[0].heading, Some(1));
        let p = &d.paras[1];
        assert_eq!(p.bold.len(), 1);
        assert_eq!(p.bold[0].slice(&d.text), "（二）坚持项目带动。");
    }

    #[test]
    fn chrome_is_marked_not_dropped() {
        let d = norm(
            "a.txt",
            "正文。\n来源:福建省人民政府门户网站\n获取更多资讯\n热门跟贴",
        );
        assert_eq!(d.paras.len(), 4);
        assert_eq!(d.paras[2].boilerplate, Some("chrome"));
        assert!(d.text.contains("热门跟贴"));
    }

    #[test]
    fn offsets_map_back_to_raw() {
        let raw = "　　甲乙\r\n\r\n丙 丁\n";
        let d = norm("a.txt", raw);
        assert_eq!(d.text, "甲乙\n丙 丁");
        let raw_chars: Vec<char> = raw.chars().collect();
        for (i, c) in d.text.chars().enumerate() {
            if c != '\n' {
                assert_eq!(raw_chars[d.raw_char(i as u32) as usize], c, "char {i}");
            }
        }
    }

    /// Line splitting one character at a time, as it was written first: the reference for
    /// the faster [`text_lines`].
    fn text_lines_by_char(text: &str) -> Vec<Line> {
        let mut lines = Vec::new();
        let mut line = Line::default();
        let mut at_start = true;
        let mut lead = 0;
        let mut chars = text.chars().enumerate().peekable();
        while let Some((i, c)) = chars.next() {
            let i = i as u32;
            if c == '\n' || c == '\r' {
                if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
                    chars.next();
                }
                line.end_raw = i;
                lines.push(std::mem::take(&mut line));
                at_start = true;
                lead = 0;
                continue;
            }
            if at_start {
                if c == ' ' || c == '\t' || c == '\u{3000}' || c == '\u{A0}' {
                    lead += if c == ' ' { 1 } else { 2 };
                    continue;
                }
                at_start = false;
                line.indented = lead >= 2;
            }
            line.push(c, i);
        }
        line.end_raw = text.chars().count() as u32;
        lines.push(line);
        lines
    }

    fn summary(lines: &[Line]) -> Vec<(String, Vec<u32>, bool, u32)> {
        lines
            .iter()
            .map(|l| {
                let raw = (0..l.raw.len).map(|k| l.raw.get(k)).collect();
                (l.text.clone(), raw, l.indented, l.end_raw)
            })
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn lines_are_split_as_one_character_at_a_time(
            text in "[甲乙a1 \t\u{3000}\u{A0}\r\n１Ａ\u{200B}\u{FEFF}\u{2028}\u{0C}。（]{0,30}"
        ) {
            proptest::prop_assert_eq!(
                summary(&text_lines(&text)),
                summary(&text_lines_by_char(&text))
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn offsets_kept_as_runs_are_the_offsets_one_by_one(
            steps in proptest::collection::vec((0u32..40, 0u32..6, proptest::bool::ANY), 0..12),
            cut in 0usize..12,
        ) {
            // Each step appends a run of offsets, or removes the last one.
            let (mut runs, mut tail, mut each) = (Offsets::default(), Offsets::default(), Vec::new());
            for (k, &(raw, n, pop)) in steps.iter().enumerate() {
                let part = if k < cut { &mut runs } else { &mut tail };
                if pop && k < cut {
                    part.pop();
                    each.pop();
                } else if !pop {
                    part.extend(raw, n);
                    each.extend(raw..raw + n);
                }
            }
            runs.append(&tail);
            let got: Vec<u32> = (0..runs.len).map(|k| runs.get(k)).collect();
            proptest::prop_assert_eq!(&got, &each);
            // and the document's map of them, run by run or one by one
            let mut one = Offsets::default();
            each.iter().for_each(|&r| one.push(r));
            proptest::prop_assert_eq!(&one.runs[..], &runs.runs[..]);
            proptest::prop_assert_eq!(one.len, runs.len);
        }
    }

    proptest::proptest! {
        #[test]
        fn plain_runs_end_at_the_first_other_character(
            s in "[福a ，。、《０Ａ“\u{3000}\u{3001}\u{FEFF}\u{FF00}𠮷\t\u{A0}\u{2000}·]{0,30}"
        ) {
            let end = s.find(|c| !plain(c)).unwrap_or(s.len());
            let n = s[..end].chars().count() as u32;
            proptest::prop_assert_eq!(plain_run(&s), (end, n));
        }

        #[test]
        fn a_paragraph_carries_the_numbering_of_its_text(
            lines in proptest::collection::vec(
                "(一、|（二）|3\\.|第四条|（5）|一|第|（|3)?[加快产业链、四条）. ，。：a1]{0,6}",
                1..8,
            ),
            markdown in proptest::bool::ANY,
        ) {
            // lines cut inside sentences are joined, numbered ones start paragraphs
            proptest::prop_assume!(lines.iter().any(|l| !l.trim().is_empty()));
            let name = if markdown { "t.md" } else { "t.txt" };
            let doc = norm(name, &lines.join("\n"));
            for p in &doc.paras {
                let text = p.span.slice(&doc.text);
                proptest::prop_assert_eq!(p.numbering, patterns::numbering(text), "{}", text);
            }
        }
    }
}
