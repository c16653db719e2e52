//! Emit: the output JSON, schema `gongwen/1`, as serde types.
//!
//! This is a wire format for other tools; `schema/gongwen-1.schema.json` documents it and a
//! test validates every file in `output/` against it. Additive changes keep `gongwen/1`; a
//! breaking one bumps it.
//!
//! - Spans are `[start, end)` in characters (Unicode code points) of `text`, so
//!   `text[start:end]` in Python or `[...text].slice(start, end).join('')` in JavaScript gives
//!   the spanned text.
//! - `offsets` maps `text` back to the decoded source: a list of `[norm, raw]` breakpoints;
//!   from each breakpoint on, character `norm + k` of `text` came from character `raw + k`
//!   of the source (until the next breakpoint).
//! - Absent values are `null`, absent lists `[]`. Field order is fixed and there are no
//!   timestamps, so the same input and code give the same bytes.
//!
//! The serde types define the format; [`Document::write_json`] writes it faster, with the
//! same bytes as serde_json (tests compare them for every bundled and generated document).

use std::fmt;
use std::io::{self, Write};
use std::ops::{Deref, Range};
use std::sync::Arc;

use serde::{Serialize, Serializer};

use crate::ingest::Source;
use crate::normalize::NormDoc;
use crate::span::{CharIndex, Span};
use crate::structure::{Contact, DocNumber, Outline};

pub const SCHEMA: &str = "gongwen/1";

#[derive(Debug, Serialize)]
pub struct Document {
    pub schema: &'static str,
    pub id: String,
    pub source: SourceInfo,
    /// Shared by every [`Slice`] of it; a `String` behind the `Arc` (an `Arc<str>` would copy
    /// the whole text into a new allocation, a large document's size in page faults).
    pub text: Arc<String>,
    pub offsets: Vec<[u32; 2]>,
    pub metadata: Metadata,
    pub clauses: Vec<Clause>,
    pub entities: Vec<EntityOut>,
    pub boilerplate: Vec<Boilerplate>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Serialize)]
pub struct SourceInfo {
    pub path: String,
    pub sha256: String,
    pub format: &'static str,
    pub encoding: &'static str,
    pub bom: bool,
    pub bytes: usize,
}

#[derive(Debug, Serialize)]
pub struct DocNumberOut {
    pub text: String,
    pub prefix: String,
    pub year: u32,
    pub serial: u32,
}

#[derive(Debug, Serialize)]
pub struct ContactOut {
    pub name: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct FieldSpan {
    pub field: &'static str,
    pub span: [usize; 2],
}

#[derive(Debug, Serialize)]
pub struct Metadata {
    pub issuers: Vec<String>,
    pub doc_number: Option<DocNumberOut>,
    pub title: Option<String>,
    pub kind: Option<String>,
    pub addressees: Vec<String>,
    pub signer: Option<String>,
    pub contacts: Vec<ContactOut>,
    pub date: Option<String>,
    pub disclosure: Option<String>,
    pub cc: Vec<String>,
    pub valid_until: Option<String>,
    pub reply_category: Option<String>,
    pub source_line: Option<String>,
    pub spans: Vec<FieldSpan>,
}

#[derive(Debug, Serialize)]
pub struct Clause {
    pub id: Arc<str>,
    pub parent: Option<Arc<str>>,
    pub level: u32,
    pub kind: &'static str,
    pub label: Option<Slice>,
    pub style: Option<&'static str>,
    pub number: Option<u32>,
    pub heading: Option<Slice>,
    pub text: Slice,
    pub span: [usize; 2],
    pub responsible_units: Vec<String>,
    /// `responsible_units` with canonical names: the department, collective body or
    /// organization each unit names, or the unit as written when it names none of them.
    pub responsible_departments: Vec<String>,
}

/// One entity: its type, the text as written, its span, the id of the clause that holds it
/// (`null` in metadata) and its normalized value.
#[derive(Debug, Serialize)]
pub struct EntityOut {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub text: Slice,
    pub span: [usize; 2],
    pub clause: Option<Arc<str>>,
    pub value: crate::extract::Value,
}

#[derive(Debug, Serialize)]
pub struct Boilerplate {
    pub kind: &'static str,
    pub span: [usize; 2],
}

#[derive(Debug, Serialize)]
pub struct Warning {
    pub code: &'static str,
    pub message: String,
    pub span: Option<[usize; 2]>,
}

/// A part of the document's text held by an output field (a clause's text, heading or label,
/// an entity's text): it shares the text instead of copying it, and serializes as the string
/// it is.
#[derive(Clone)]
pub struct Slice {
    text: Arc<String>,
    bytes: Range<usize>,
}

impl Slice {
    fn new(text: &Arc<String>, s: Span) -> Slice {
        Slice {
            text: Arc::clone(text),
            bytes: s.start..s.end,
        }
    }

    pub fn as_str(&self) -> &str {
        self
    }
}

impl Deref for Slice {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text[self.bytes.clone()]
    }
}

impl PartialEq<str> for Slice {
    fn eq(&self, other: &str) -> bool {
        **self == *other
    }
}

impl PartialEq<&str> for Slice {
    fn eq(&self, other: &&str) -> bool {
        **self == **other
    }
}

impl PartialEq<Slice> for String {
    fn eq(&self, other: &Slice) -> bool {
        **self == **other
    }
}

impl fmt::Debug for Slice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl fmt::Display for Slice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl Serialize for Slice {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

/// A document's entities, to find the department, collective body or organization that
/// covers a responsible unit. The entities are in the order of their starts, and one that
/// covers a span starts at most the longest entity's length before it and no later than its
/// end: each unit looks at the entities near it, not at all of them (a document with
/// thousands of units and entities had taken time in the square of its size).
struct Units<'e> {
    entities: &'e [crate::extract::Entity],
    /// The longest entity's length.
    longest: usize,
}

impl<'e> Units<'e> {
    fn new(entities: &'e [crate::extract::Entity]) -> Units<'e> {
        debug_assert!(entities.is_sorted_by_key(|e| e.span.start));
        let longest = entities.iter().map(|e| e.span.len()).max().unwrap_or(0);
        Units { entities, longest }
    }

    /// The canonical name of the first entity, in the entities' order, that is a department,
    /// collective body or organization and covers the unit at `span`.
    fn canonical(&self, span: Span) -> Option<String> {
        let from = self
            .entities
            .partition_point(|e| e.span.start + self.longest < span.start);
        let to = self.entities.partition_point(|e| e.span.start <= span.end);
        canonical_unit(&self.entities[from..to.max(from)], span)
    }
}

/// The canonical name of the first of `entities` that is a department, collective body or
/// organization and covers the unit at `span`.
fn canonical_unit(entities: &[crate::extract::Entity], span: Span) -> Option<String> {
    use crate::extract::Value;
    entities.iter().find_map(|e| {
        let covers = e.span.start <= span.start && span.end <= e.span.end
            || span.start <= e.span.start
                && e.span.end <= span.end
                && e.span.len() * 2 >= span.len();
        if !covers {
            return None;
        }
        match &e.value {
            Value::Department(d) => Some(d.name.clone()),
            Value::Organization(o) => Some(o.name.clone()),
            _ => None,
        }
    })
}

impl Document {
    /// Assembles the output document; spans become character offsets here.
    pub fn build(
        id: String,
        path: String,
        source: &Source,
        doc: NormDoc,
        outline: Outline,
        entities: Vec<crate::extract::Entity>,
    ) -> Document {
        let text = Arc::new(doc.text);
        let index = CharIndex::new(&text);
        let span = |s: Span| index.span(s);
        let slice = |s: Span| Slice::new(&text, s);
        // each clause's id is shared by its children and its entities
        let clause_id = |i: usize| Arc::clone(&outline.clauses[i].id);
        let m = outline.metadata;
        let metadata = Metadata {
            issuers: m.issuers,
            doc_number: m.doc_number.map(
                |DocNumber {
                     text,
                     prefix,
                     year,
                     serial,
                 }| DocNumberOut {
                    text,
                    prefix,
                    year,
                    serial,
                },
            ),
            title: m.title,
            kind: m.kind,
            addressees: m.addressees,
            signer: m.signer,
            contacts: m
                .contacts
                .into_iter()
                .map(|Contact { name, phone }| ContactOut { name, phone })
                .collect(),
            date: m.date,
            disclosure: m.disclosure,
            cc: m.cc,
            valid_until: m.valid_until,
            reply_category: m.reply_category,
            source_line: m.source_line,
            spans: m
                .spans
                .into_iter()
                .map(|(field, s)| FieldSpan {
                    field,
                    span: span(s),
                })
                .collect(),
        };
        let units = Units::new(&entities);
        let clauses = outline
            .clauses
            .iter()
            .map(|c| Clause {
                id: Arc::clone(&c.id),
                parent: c.parent.map(clause_id),
                level: c.level,
                kind: c.kind.name(),
                label: c.label.map(slice),
                style: c.style,
                number: c.number,
                heading: c.heading.map(slice),
                text: slice(c.span),
                span: span(c.span),
                responsible_units: c.responsible_units.clone(),
                responsible_departments: c
                    .responsible_units
                    .iter()
                    .zip(&c.responsible_spans)
                    .map(|(unit, s)| units.canonical(*s).unwrap_or_else(|| unit.clone()))
                    .collect(),
            })
            .collect();
        let by_start: Vec<(Span, usize)> = outline
            .clauses
            .iter()
            .enumerate()
            .map(|(i, c)| (c.span, i))
            .collect();
        let entities = entities
            .into_iter()
            .map(|e| EntityOut {
                kind: e.kind,
                text: slice(e.span),
                span: span(e.span),
                clause: crate::extract::clause_of(&by_start, e.span).map(clause_id),
                value: e.value,
            })
            .collect();
        let boilerplate = outline
            .boilerplate
            .into_iter()
            .map(|(kind, s)| Boilerplate {
                kind,
                span: span(s),
            })
            .collect();
        let warnings = outline
            .warnings
            .into_iter()
            .map(|w| Warning {
                code: w.code,
                message: w.message,
                span: w.span.map(span),
            })
            .collect();
        Document {
            schema: SCHEMA,
            id,
            source: SourceInfo {
                path,
                sha256: source.sha256.clone(),
                format: source.format.name(),
                encoding: source.encoding,
                bom: source.bom,
                bytes: source.bytes,
            },
            offsets: doc.offsets.iter().map(|&(n, r)| [n, r]).collect(),
            text,
            metadata,
            clauses,
            entities,
            boilerplate,
            warnings,
        }
    }

    /// Pretty JSON with a trailing newline: the bytes written to `output/<id>.json`.
    pub fn to_json_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.text.len() * 5 + 4096);
        self.write_json(&mut out, Layout::Pretty);
        out.push(b'\n');
        out
    }

    /// [`Document::to_json_bytes`] as a string.
    pub fn to_json(&self) -> String {
        String::from_utf8(self.to_json_bytes()).expect("JSON is UTF-8")
    }

    /// Appends the document's JSON to `out`: byte for byte what serde_json writes for it
    /// (`to_writer`, or `to_writer_pretty` for [`Layout::Pretty`]; tests hold them equal),
    /// except that the texts (the document's, every clause's and entity's: most of the bytes)
    /// are escaped eight bytes at a time instead of one. serde_json writes everything else.
    pub fn write_json(&self, out: &mut Vec<u8>, layout: Layout) {
        match layout {
            Layout::Compact => self.write_laid_out::<false>(out, |_| {}),
            Layout::Pretty => self.write_laid_out::<true>(out, |_| {}),
        }
    }

    /// The document's JSON and a newline (for [`Layout::Pretty`], the bytes of
    /// [`Document::to_json_bytes`]) handed to `emit` in pieces as it is written, so that a
    /// large document's JSON is never whole in memory. A piece ends once it holds `piece` bytes
    /// or more, at the next clause or entity or within the document's text; `emit` is told
    /// which piece is the last. A document whose JSON is shorter is one piece.
    ///
    /// The pieces are written into `buf` (emptied first). `emit` may take a piece's buffer
    /// (`std::mem::take`) or put another in its place; a buffer left to it is emptied and
    /// written into again. A large document's pieces then reuse a few buffers instead of each
    /// taking memory fresh from the system, a page fault every 4 KB.
    pub fn write_json_pieces(
        &self,
        layout: Layout,
        piece: usize,
        mut buf: Vec<u8>,
        mut emit: impl FnMut(&mut Vec<u8>, bool),
    ) {
        let piece = piece.max(1);
        // a buffer too small is replaced rather than grown: growing would copy what it held
        let room = |out: &mut Vec<u8>, wanted: usize| {
            if out.capacity() < wanted {
                *out = Vec::with_capacity(wanted);
            } else {
                out.clear();
            }
        };
        room(
            &mut buf,
            (self.text.len() * 5 + 4096).min(piece + piece / 4),
        );
        let spill = |out: &mut Vec<u8>| {
            if out.len() >= piece {
                emit(out, false);
                room(out, piece + piece / 4);
            }
        };
        match layout {
            Layout::Compact => self.write_laid_out::<false>(&mut buf, spill),
            Layout::Pretty => self.write_laid_out::<true>(&mut buf, spill),
        }
        buf.push(b'\n');
        emit(&mut buf, true);
    }

    /// [`Document::write_json`], one copy of the code for each layout; `spill` is called
    /// where `out` may be handed on (between clauses, between entities, within the text).
    fn write_laid_out<const PRETTY: bool>(
        &self,
        out: &mut Vec<u8>,
        mut spill: impl FnMut(&mut Vec<u8>),
    ) {
        let mut j = Json::<PRETTY> {
            out,
            depth: 0,
            first: true,
        };
        j.open(b'{');
        j.field("schema", &self.schema);
        j.field("id", &self.id);
        j.field("source", &self.source);
        j.key("text");
        write_long_str(j.out, &self.text, &mut spill);
        j.field("offsets", &self.offsets);
        j.field("metadata", &self.metadata);
        j.key("clauses");
        j.open(b'[');
        for c in &self.clauses {
            j.item();
            j.open(b'{');
            j.field("id", &c.id);
            j.field("parent", &c.parent);
            j.field("level", &c.level);
            j.field("kind", &c.kind);
            j.field("label", &c.label);
            j.field("style", &c.style);
            j.field("number", &c.number);
            j.field("heading", &c.heading);
            j.key("text");
            write_str(j.out, &c.text);
            j.field("span", &c.span);
            j.field("responsible_units", &c.responsible_units);
            j.field("responsible_departments", &c.responsible_departments);
            j.close(b'}');
            spill(j.out);
        }
        j.close(b']');
        j.key("entities");
        j.open(b'[');
        for e in &self.entities {
            j.item();
            j.open(b'{');
            j.field("type", &e.kind);
            j.key("text");
            write_str(j.out, &e.text);
            j.field("span", &e.span);
            j.field("clause", &e.clause);
            j.field("value", &e.value);
            j.close(b'}');
            spill(j.out);
        }
        j.close(b']');
        j.field("boilerplate", &self.boilerplate);
        j.field("warnings", &self.warnings);
        j.close(b'}');
    }
}

/// How JSON is laid out: on one line (JSON Lines), or indented by two spaces (files), as
/// serde_json lays it out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    Compact,
    Pretty,
}

/// Writes JSON objects and arrays whose members it is given one by one, indented when
/// `PRETTY`.
struct Json<'a, const PRETTY: bool> {
    out: &'a mut Vec<u8>,
    /// Objects and arrays open.
    depth: usize,
    /// Whether the innermost has no member yet.
    first: bool,
}

impl<const PRETTY: bool> Json<'_, PRETTY> {
    fn open(&mut self, bracket: u8) {
        self.out.push(bracket);
        self.depth += 1;
        self.first = true;
    }

    fn close(&mut self, bracket: u8) {
        self.depth -= 1;
        if PRETTY && !self.first {
            self.newline();
        }
        self.out.push(bracket);
        self.first = false;
    }

    /// Starts a member of the innermost object or array.
    fn item(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        if PRETTY {
            self.newline();
        }
        self.first = false;
    }

    fn newline(&mut self) {
        self.out.push(b'\n');
        for _ in 0..self.depth {
            self.out.extend_from_slice(b"  ");
        }
    }

    /// Starts the member `key` of the innermost object; its value comes next.
    fn key(&mut self, key: &str) {
        self.item();
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out
            .extend_from_slice(if PRETTY { b"\": " } else { b"\":" });
    }

    /// The member `key`, its value written by serde_json.
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        self.key(key);
        let written = if PRETTY {
            let indent = Indented {
                depth: self.depth,
                has_value: false,
            };
            value.serialize(&mut serde_json::Serializer::with_formatter(
                &mut *self.out,
                indent,
            ))
        } else {
            serde_json::to_writer(&mut *self.out, value)
        };
        written.expect("output types always serialize");
    }
}

/// serde_json's pretty layout (two spaces) for a value that starts `depth` levels in.
struct Indented {
    depth: usize,
    has_value: bool,
}

impl Indented {
    fn newline<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        w.write_all(b"\n")?;
        (0..self.depth).try_for_each(|_| w.write_all(b"  "))
    }

    /// Opens an array or object with `bracket`.
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// Closes an array or object with `bracket`, on a line of its own if it has members.
    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.newline(w)?;
        }
        w.write_all(bracket)
    }

    /// Starts a member of an array or object, on a line of its own.
    fn member<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.newline(w)
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.member(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.member(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Appends `s` as a JSON string, quotes included, escaped byte for byte as serde_json escapes
/// it: `\"`, `\\`, `\b`, `\t`, `\n`, `\f`, `\r`, and `\u00xx` for the other control characters;
/// every other byte as it is.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    escape_str(out, s);
    out.push(b'"');
}

/// Appends `s` escaped as [`write_str`] escapes it, without the quotes. Each byte is escaped on
/// its own, so a string escaped in parts gives the same bytes.
fn escape_str(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    out.reserve(b.len());
    let mut start = 0;
    loop {
        let at = next_special(b, start);
        out.extend_from_slice(&b[start..at]);
        let Some(&byte) = b.get(at) else {
            break;
        };
        escape(byte, out);
        start = at + 1;
    }
}

/// [`write_str`] for a string that may be long: `spill` is called after each megabyte.
fn write_long_str(out: &mut Vec<u8>, s: &str, spill: &mut impl FnMut(&mut Vec<u8>)) {
    const PART: usize = 1 << 20;
    if s.len() <= PART {
        write_str(out, s);
        return;
    }
    out.push(b'"');
    let mut rest = s;
    while !rest.is_empty() {
        let mut end = rest.len().min(PART);
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        escape_str(out, &rest[..end]);
        spill(out);
        rest = &rest[end..];
    }
    out.push(b'"');
}

/// The index of the first byte of `b` at or after `i` that JSON escapes (a control character,
/// `"` or `\`), or the length of `b`: sixteen bytes at a time with SSE2 on x86_64 (part of its
/// baseline), eight at a time in a `u64` elsewhere and for the rest.
fn next_special(b: &[u8], mut i: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{
            __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8,
            _mm_or_si128, _mm_set1_epi8,
        };
        while let Some(block) = b.get(i..i + 16) {
            // SAFETY: SSE2 is always there on x86_64, and the load reads the 16 bytes of
            // `block`, unaligned.
            let mask = unsafe {
                let v = _mm_loadu_si128(block.as_ptr().cast::<__m128i>());
                // a control character is a byte the minimum with 0x1F leaves as it is
                let control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
                let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
                let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
                _mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, backslash)))
            };
            if mask != 0 {
                return i + mask.trailing_zeros() as usize;
            }
            i += 16;
        }
    }
    while let Some(chunk) = b.get(i..i + 8) {
        match special(u64::from_le_bytes(chunk.try_into().expect("8 bytes"))) {
            0 => i += 8,
            // the lowest byte flagged is always one to escape
            m => return i + m.trailing_zeros() as usize / 8,
        }
    }
    i + b[i..]
        .iter()
        .position(|&c| c < 0x20 || c == b'"' || c == b'\\')
        .unwrap_or(b.len() - i)
}

/// The high bit of every byte of `w` that is a control character, `"` or `\`, and perhaps of
/// bytes above such a byte (a borrow runs on), never below the first.
fn special(w: u64) -> u64 {
    const ONES: u64 = u64::MAX / 255;
    /// The bytes below `n` (at most 128).
    fn below(w: u64, n: u8) -> u64 {
        w.wrapping_sub(ONES * u64::from(n)) & !w & (ONES << 7)
    }
    below(w, 0x20)
        | below(w ^ (ONES * u64::from(b'"')), 1)
        | below(w ^ (ONES * u64::from(b'\\')), 1)
}

/// Appends the escape of `byte`: a control character, `"` or `\`.
fn escape(byte: u8, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match byte {
        b'"' => out.extend_from_slice(b"\\\""),
        b'\\' => out.extend_from_slice(b"\\\\"),
        0x08 => out.extend_from_slice(b"\\b"),
        b'\t' => out.extend_from_slice(b"\\t"),
        b'\n' => out.extend_from_slice(b"\\n"),
        0x0C => out.extend_from_slice(b"\\f"),
        b'\r' => out.extend_from_slice(b"\\r"),
        _ => out.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[usize::from(byte >> 4)],
            HEX[usize::from(byte & 0xF)],
        ]),
    }
}

impl Document {
    /// A readable rendering: one line per metadata field, clause, boilerplate span and
    /// warning, each with its character span. Used by the snapshot tests, where a change in
    /// extraction shows as a small, reviewable diff.
    pub fn outline_text(&self) -> String {
        use std::fmt::Write;
        let chars: Vec<char> = self.text.chars().collect();
        let slice = |s: [usize; 2]| -> String { chars[s[0]..s[1]].iter().collect() };
        let short = |s: &str| -> String {
            let n = s.chars().count();
            if n <= 40 {
                s.replace('\n', "⏎")
            } else {
                let head: String = s.chars().take(24).collect();
                let tail: String = s.chars().skip(n - 12).collect();
                format!("{}…{}", head.replace('\n', "⏎"), tail.replace('\n', "⏎"))
            }
        };
        let mut o = String::new();
        let s = &self.source;
        let _ = writeln!(
            o,
            "source {} {} {} bom={} bytes={} chars={}",
            s.path,
            s.format,
            s.encoding,
            s.bom,
            s.bytes,
            chars.len()
        );
        let m = &self.metadata;
        let list = |v: &[String]| v.join(" | ");
        let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        let _ = writeln!(o, "meta issuers: {}", list(&m.issuers));
        let dn = m.doc_number.as_ref().map_or("-".into(), |d| {
            format!(
                "{} (prefix {} year {} serial {})",
                d.text, d.prefix, d.year, d.serial
            )
        });
        let _ = writeln!(o, "meta doc_number: {dn}");
        let _ = writeln!(o, "meta title: {}", opt(&m.title));
        let _ = writeln!(o, "meta kind: {}", opt(&m.kind));
        let _ = writeln!(o, "meta addressees: {}", list(&m.addressees));
        let _ = writeln!(o, "meta signer: {}", opt(&m.signer));
        for c in &m.contacts {
            let _ = writeln!(o, "meta contact: {} {}", opt(&c.name), opt(&c.phone));
        }
        let _ = writeln!(o, "meta date: {}", opt(&m.date));
        let _ = writeln!(o, "meta disclosure: {}", opt(&m.disclosure));
        let _ = writeln!(o, "meta cc: {}", list(&m.cc));
        let _ = writeln!(o, "meta valid_until: {}", opt(&m.valid_until));
        let _ = writeln!(o, "meta reply_category: {}", opt(&m.reply_category));
        let _ = writeln!(o, "meta source_line: {}", opt(&m.source_line));
        for f in &m.spans {
            let _ = writeln!(
                o,
                "span {:>5}..{:<5} {:<14} {}",
                f.span[0],
                f.span[1],
                f.field,
                short(&slice(f.span))
            );
        }
        for c in &self.clauses {
            let indent = "  ".repeat(c.level.saturating_sub(1) as usize);
            let _ = write!(
                o,
                "clause {:>5}..{:<5} {indent}{} [{}]",
                c.span[0], c.span[1], c.id, c.kind
            );
            if let Some(l) = &c.label {
                let _ = write!(o, " {l}");
            }
            if let Some(h) = &c.heading {
                let _ = write!(o, " «{}»", short(h));
            }
            let _ = write!(o, " {}", short(&c.text));
            if !c.responsible_units.is_empty() {
                let _ = write!(o, " 责任单位={}", c.responsible_units.join("、"));
            }
            o.push('\n');
        }
        for e in &self.entities {
            let value = serde_json::to_string(&e.value).unwrap_or_default();
            let clause = e.clause.as_deref().unwrap_or("-");
            let _ = writeln!(
                o,
                "entity {:>5}..{:<5} {} {} @{clause} {value}",
                e.span[0], e.span[1], e.kind, e.text
            );
        }
        for b in &self.boilerplate {
            let _ = writeln!(
                o,
                "boilerplate {:>5}..{:<5} {} {}",
                b.span[0],
                b.span[1],
                b.kind,
                short(&slice(b.span))
            );
        }
        for w in &self.warnings {
            let sp = w.span.map_or("-".into(), |s| format!("{}..{}", s[0], s[1]));
            let _ = writeln!(o, "warning {sp} {} {}", w.code, w.message);
        }
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn a_unit_is_covered_by_the_entity_a_scan_of_all_of_them_finds(
            raw in proptest::collection::vec((0usize..60, 0usize..12, 0u8..3), 0..40),
            units in proptest::collection::vec((0usize..70, 0usize..14), 1..8),
        ) {
            use crate::extract::{Entity, OrganizationValue, TitleValue, Value};
            let mut entities: Vec<Entity> = raw
                .iter()
                .enumerate()
                .map(|(k, &(start, len, kind))| {
                    let span = Span::new(start, start + len);
                    let name = format!("n{k}");
                    match kind {
                        0 => Entity::new("organization", span, Value::Organization(OrganizationValue { name })),
                        1 => Entity::new("department", span, Value::Department(crate::extract::DepartmentValue {
                            name,
                            abbreviation: None,
                            level: None,
                            collective: false,
                        })),
                        _ => Entity::new("cited_document", span, Value::Title(TitleValue { title: name })),
                    }
                })
                .collect();
            // as extraction leaves them
            entities.sort_by(|a, b| (a.span.start, a.span.end, a.kind).cmp(&(b.span.start, b.span.end, b.kind)));
            let near = Units::new(&entities);
            for &(start, len) in &units {
                let span = Span::new(start, start + len);
                prop_assert_eq!(near.canonical(span), canonical_unit(&entities, span), "{:?}", span);
            }
        }
    }

    fn ours(s: &str) -> String {
        let mut out = Vec::new();
        write_str(&mut out, s);
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn a_long_string_is_escaped_in_parts_as_it_is_whole() {
        // parts end near every megabyte: characters of one to four bytes and escapes fall
        // on either side of each end
        let unit = "福建省\"政府\\办公厅\n\u{1}a😀";
        let s = unit.repeat(3 * (1 << 20) / unit.len() + 7);
        let whole = serde_json::to_string(&s).unwrap();
        let mut out = Vec::new();
        write_long_str(&mut out, &s, &mut |_: &mut Vec<u8>| {});
        assert!(out == whole.as_bytes());
        let (mut pieces, mut out) = (Vec::new(), Vec::new());
        write_long_str(&mut out, &s, &mut |o: &mut Vec<u8>| {
            pieces.push(std::mem::take(o));
        });
        assert!(pieces.len() >= 3, "{} pieces", pieces.len());
        pieces.push(out);
        assert!(pieces.concat() == whole.as_bytes());
    }

    #[test]
    fn every_ascii_byte_at_every_place_in_a_chunk() {
        for byte in 0..0x80u8 {
            for at in 0..40 {
                let mut s = "福".repeat(at / 3) + &"a".repeat(at % 3);
                s.push(char::from(byte));
                s.push_str("建省。");
                assert_eq!(ours(&s), serde_json::to_string(&s).unwrap(), "{s:?}");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(
            s in "[\u{0}-\u{1F}\"\\\\a福𠮷é\u{7F}\u{80}\u{2028} ]{0,40}"
        ) {
            prop_assert_eq!(ours(&s), serde_json::to_string(&s).unwrap());
        }
    }
}
