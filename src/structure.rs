//! Structure: a [`NormDoc`] -> an [`Outline`]: the GB/T 9704 metadata, the clause tree and the
//! boilerplate, each with spans into the normalized text.
//!
//! Every paragraph lands in exactly one place: a metadata field, a clause (numbered, or an
//! unnumbered preamble / text / closing block), or boilerplate. So no text is lost.
//!
//! Clauses nest by numbering style with a stack, the way the hierarchy of official documents
//! reads (一、 → （一） → 1. → （1） → ①; 第X章 → 第X节 → 第X条; Markdown headings by level;
//! 一是…二是… inline). A style already on the stack makes a sibling; a new style makes a child.
//! A number that does not continue its list (a new list must start at 1) is not a clause, which
//! keeps false numbering out.

use std::fmt::Write;
use std::sync::{Arc, LazyLock};

use memchr::memmem::FinderRev;
use rustc_hash::FxHashMap;

use crate::normalize::{NormDoc, Para};
use crate::patterns::{self, Field, Style};
use crate::span::Span;

/// What a clause is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClauseKind {
    /// A numbered clause or a Markdown heading.
    Clause,
    /// Unnumbered text before the first clause (the whole body when there is none).
    Preamble,
    /// Unnumbered text between clauses, after a clause was closed (by 责任单位, say).
    Text,
    /// Unnumbered text after the last clause.
    Closing,
}

impl ClauseKind {
    pub fn name(self) -> &'static str {
        match self {
            ClauseKind::Clause => "clause",
            ClauseKind::Preamble => "preamble",
            ClauseKind::Text => "text",
            ClauseKind::Closing => "closing",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Clause {
    /// Dotted path (`2.3.1`) for clauses; `p1`, `t1`, `c1` for unnumbered blocks.
    pub id: Arc<str>,
    /// Index of the parent clause in [`Outline::clauses`].
    pub parent: Option<usize>,
    pub level: u32,
    pub kind: ClauseKind,
    /// The numbering as written.
    pub label: Option<Span>,
    pub style: Option<&'static str>,
    pub number: Option<u32>,
    pub heading: Option<Span>,
    pub span: Span,
    pub responsible_units: Vec<String>,
    /// Where each of `responsible_units` stands in the text.
    pub responsible_spans: Vec<Span>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocNumber {
    pub text: String,
    pub prefix: String,
    pub year: u32,
    pub serial: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Contact {
    pub name: Option<String>,
    pub phone: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Metadata {
    pub issuers: Vec<String>,
    pub doc_number: Option<DocNumber>,
    pub title: Option<String>,
    pub kind: Option<String>,
    pub addressees: Vec<String>,
    pub signer: Option<String>,
    pub contacts: Vec<Contact>,
    pub date: Option<String>,
    pub disclosure: Option<String>,
    pub cc: Vec<String>,
    pub valid_until: Option<String>,
    pub reply_category: Option<String>,
    pub source_line: Option<String>,
    /// Where each field was read, in text order.
    pub spans: Vec<(&'static str, Span)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub code: &'static str,
    pub message: String,
    pub span: Option<Span>,
}

#[derive(Debug, Default)]
pub struct Outline {
    pub metadata: Metadata,
    /// The date is a regulation's adoption record, not a date the text was written on: its
    /// relative dates (上一年度) count from when it is applied, not from that date.
    pub dated_by_record: bool,
    pub clauses: Vec<Clause>,
    pub boilerplate: Vec<(&'static str, Span)>,
    pub warnings: Vec<Warning>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    Heading(u8),
    Num(Style),
}

struct Frame {
    clause: usize,
    key: Key,
    number: u32,
}

struct Builder<'d> {
    text: &'d str,
    paras: &'d [Para],
    out: Outline,
    stack: Vec<Frame>,
    /// The clause that takes following unnumbered paragraphs.
    open: Option<usize>,
    /// The unnumbered block that the previous paragraph went to.
    last_block: Option<usize>,
    /// Highest number seen per style, for lists that continue across parents (第X条).
    last_number: FxHashMap<Style, u32>,
    dates: Vec<(Span, patterns::LineDate, bool)>,
    /// Dates of the adoption record of a regulation (通过, 修正), the fallback document date.
    history: Vec<patterns::HistoryEntry>,
    /// For each clause, the previous clause of its list (same parent and style), if any.
    prev_sibling: Vec<Option<usize>>,
    /// The previous sibling of the clause about to be made.
    sibling: Option<usize>,
    /// Whether any numbered clause or heading was made yet.
    has_clause: bool,
    /// The id of a clause until ids are given out, at the end.
    no_id: Arc<str>,
}

/// Builds the outline of a normalized document.
pub fn structure(doc: &NormDoc) -> Outline {
    // most paragraphs of most documents open a clause
    let clauses = doc.paras.len();
    let mut b = Builder {
        text: &doc.text,
        paras: &doc.paras,
        out: Outline {
            clauses: Vec::with_capacity(clauses),
            ..Outline::default()
        },
        stack: Vec::new(),
        open: None,
        last_block: None,
        last_number: FxHashMap::default(),
        dates: Vec::new(),
        history: Vec::new(),
        prev_sibling: Vec::with_capacity(clauses),
        sibling: None,
        has_clause: false,
        no_id: Arc::from(""),
    };
    let body_start = b.header();
    for i in body_start..doc.paras.len() {
        b.body_para(i);
    }
    b.finish()
}

fn strip_end_punct(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    let t = s.trim_end_matches(|c: char| {
        patterns::is_terminal(c) || patterns::is_soft_stop(c) || c == ' '
    });
    Span::new(span.start, span.start + t.len())
}

/// Splits a list of names (`省工信厅、发改委，各市、县(区)人民政府`) at separators outside
/// brackets, keeping the collective `各市、县(区)…` whole.
pub fn split_list(s: &str) -> Vec<String> {
    split_list_spans(s, 0).into_iter().map(|(t, _)| t).collect()
}

/// [`split_list`] with each item's byte span (offsets from `base`).
pub fn split_list_spans(s: &str, base: usize) -> Vec<(String, Span)> {
    let mut parts: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '（' | '(' | '〔' | '[' | '《' | '“' | '【' => depth += 1,
            '）' | ')' | '〕' | ']' | '》' | '”' | '】' => depth -= 1,
            _ => {}
        }
        if depth <= 0 && matches!(c, '，' | ',' | '、' | '；' | ';') {
            parts.push((start, i));
            start = i + c.len_utf8();
        }
    }
    parts.push((start, s.len()));
    let mut out: Vec<(String, Span)> = Vec::new();
    for (a, b) in parts {
        let raw = &s[a..b];
        let trimmed = raw.trim().trim_end_matches(['。', '.']).trim();
        if trimmed.is_empty() {
            continue;
        }
        let lead = raw.len() - raw.trim_start().len();
        let span = Span::new(base + a + lead, base + a + lead + trimmed.len());
        if let Some((prev, prev_span)) = out.last_mut() {
            let collective =
                prev.starts_with('各') && prev.ends_with('市') && prev.chars().count() <= 4;
            if collective && trimmed.starts_with('县') {
                prev.push('、');
                prev.push_str(trimmed);
                prev_span.end = span.end;
                continue;
            }
        }
        out.push((trimmed.to_owned(), span));
    }
    out
}

impl<'d> Builder<'d> {
    fn para_text(&self, i: usize) -> &'d str {
        self.paras[i].span.slice(self.text)
    }

    fn meta(&mut self, field: &'static str, span: Span) {
        self.out.metadata.spans.push((field, span));
    }

    fn warn(&mut self, code: &'static str, message: String, span: Option<Span>) {
        self.out.warnings.push(Warning {
            code,
            message,
            span,
        });
    }

    /// Whether paragraph `i` is followed (through more issuer lines) by a date line.
    fn precedes_date(&self, i: usize) -> bool {
        let mut j = i + 1;
        while j < self.paras.len() {
            let t = self.para_text(j);
            if patterns::date_line(t).is_some() {
                return true;
            }
            if patterns::issuer_names(t).is_none() {
                return false;
            }
            j += 1;
        }
        false
    }

    fn add_issuers(&mut self, i: usize) {
        let p = self.paras[i].span;
        let t = self.para_text(i);
        for (a, b) in patterns::issuer_names(t).unwrap_or_default() {
            let name = t[a..b].to_owned();
            if !self.out.metadata.issuers.contains(&name) {
                self.out.metadata.issuers.push(name);
            }
        }
        self.meta("issuers", p);
    }

    /// Reads the header (issuer, document number, title, addressees…); returns the index of
    /// the first body paragraph.
    fn header(&mut self) -> usize {
        let mut title = false;
        let mut i = 0;
        while i < self.paras.len() {
            let p = &self.paras[i];
            let t = self.para_text(i);
            if let Some(kind) = p.boilerplate {
                self.out.boilerplate.push((kind, p.span));
            } else if self.field_para(i, patterns::field(t)) || self.doc_number_para(i) {
                // read by the call
            } else if patterns::date_line(t).is_some() {
                self.date_para(i);
            } else if title && let Some(entries) = patterns::history_line(t) {
                // a regulation's adoption record, below its title
                self.history.extend(entries);
                self.meta("date", p.span);
            } else if !title
                && patterns::issuer_names(t).is_some()
                && self.paras.get(i + 1).is_some_and(|n| {
                    let nt = n.span.slice(self.text);
                    n.heading.is_some()
                        || patterns::doc_number_line(nt).is_some()
                        || patterns::field(nt).is_some()
                        || patterns::issuer_names(nt).is_some()
                        || patterns::title_like(nt)
                })
            {
                self.add_issuers(i);
            } else if !title
                && p.numbering.is_none()
                && (p.heading.is_some()
                    || patterns::title_like(t)
                    || (patterns::at_most_chars(t, 100) && !t.contains(['。', '：', ':'])))
            {
                title = true;
                self.out.metadata.title = Some(t.to_owned());
                self.out.metadata.kind = patterns::kind_of_title(t).map(str::to_owned);
                self.meta("title", p.span);
            } else if title
                && p.heading.is_none()
                && p.numbering.is_none()
                && t.ends_with(['：', ':'])
                && !t.contains('。')
                && patterns::at_most_chars(t, 200)
                && self.out.metadata.addressees.is_empty()
            {
                let value = t.trim_end_matches(['：', ':']);
                self.out.metadata.addressees = split_list(value);
                self.meta("addressees", p.span);
            } else {
                break;
            }
            i += 1;
        }
        i
    }

    fn date_para(&mut self, i: usize) {
        let p = self.paras[i].span;
        let d = patterns::date_line(self.para_text(i)).expect("checked by caller");
        let signed = i > 0 && patterns::issuer_names(self.para_text(i - 1)).is_some();
        self.dates.push((p, d, signed));
        self.meta("date", p);
    }

    fn doc_number_para(&mut self, i: usize) -> bool {
        if self.out.metadata.doc_number.is_some() {
            return false;
        }
        let t = self.para_text(i);
        let Some(n) = patterns::doc_number_line(t) else {
            return false;
        };
        if n.repaired {
            self.warn(
                "doc_number_repaired",
                format!(
                    "document number `{t}` has lost its closing bracket; read as year {} serial {}",
                    n.year, n.serial
                ),
                Some(self.paras[i].span),
            );
        }
        self.out.metadata.doc_number = Some(DocNumber {
            text: t.to_owned(),
            prefix: n.prefix,
            year: n.year,
            serial: n.serial,
        });
        self.meta("doc_number", self.paras[i].span);
        true
    }

    /// A metadata field line (not 责任单位, which belongs to a clause), `field` being
    /// [`patterns::field`] of its text. Returns whether it was one.
    fn field_para(&mut self, i: usize, field: Option<(Field, usize)>) -> bool {
        let p = self.paras[i].span;
        let t = self.para_text(i);
        if let Some(v) = patterns::disclosure_line(t) {
            self.out.metadata.disclosure = Some(v.to_owned());
            self.meta("disclosure", p);
            return true;
        }
        let Some((field, at)) = field else {
            return false;
        };
        let value = t[at..].trim();
        let md = &mut self.out.metadata;
        let name = match field {
            Field::Responsible => return false,
            Field::Source => {
                md.source_line = Some(value.to_owned());
                "source_line"
            }
            Field::ReplyCategory => {
                md.reply_category = Some(value.trim_end_matches('类').to_owned());
                "reply_category"
            }
            Field::Signer => {
                md.signer = Some(value.to_owned());
                "signer"
            }
            Field::Contact => {
                let name_end = value
                    .find(['，', ',', '；', ';', ' '])
                    .unwrap_or(value.len());
                let name = value[..name_end].trim();
                let phone = crate::phone::contact_number(&value[name_end..]).map(str::to_owned);
                md.contacts.push(Contact {
                    name: (!name.is_empty()).then(|| name.to_owned()),
                    phone,
                });
                "contacts"
            }
            Field::Phone => {
                let phone = crate::phone::contact_number(value)
                    .unwrap_or(value)
                    .to_owned();
                match md.contacts.last_mut() {
                    Some(c) if c.phone.is_none() => c.phone = Some(phone),
                    _ => md.contacts.push(Contact {
                        name: None,
                        phone: Some(phone),
                    }),
                }
                "contacts"
            }
            Field::Cc => {
                md.cc = split_list(value);
                "cc"
            }
            Field::Addressee => {
                md.addressees = split_list(value.trim_end_matches(['：', ':']));
                "addressees"
            }
            Field::Disclosure => {
                md.disclosure = Some(value.to_owned());
                "disclosure"
            }
            Field::Other => "other",
        };
        self.meta(name, p);
        true
    }

    fn close(&mut self) {
        self.open = None;
        self.last_block = None;
    }

    fn body_para(&mut self, i: usize) {
        let p = &self.paras[i];
        let t = self.para_text(i);
        if let Some(kind) = p.boilerplate {
            self.out.boilerplate.push((kind, p.span));
            return;
        }
        let field = patterns::field(t);
        if let (Some((Field::Responsible, at)), Some(c)) = (field, self.open) {
            let units = split_list_spans(&t[at..], p.span.start + at);
            let clause = &mut self.out.clauses[c];
            clause.span.end = p.span.end;
            for (u, s) in units {
                clause.responsible_units.push(u);
                clause.responsible_spans.push(s);
            }
            self.close();
            return;
        }
        if self.field_para(i, field) || self.doc_number_para(i) {
            self.close();
            return;
        }
        if patterns::date_line(t).is_some() {
            self.date_para(i);
            self.close();
            return;
        }
        if patterns::issuer_names(t).is_some() && self.precedes_date(i) {
            self.add_issuers(i);
            self.close();
            return;
        }
        // the pattern starts with 有效期: a paragraph too long in bytes for 100 characters
        // first (most are), then a substring search
        let validity = (patterns::may_have_at_most_chars(t, 100)
            && patterns::has_str!(t, "有效期")
            && patterns::at_most_chars(t, 100)
            && p.numbering.is_none())
        .then(|| patterns::valid_until(t))
        .flatten();
        if let Some((y, m, d)) = validity {
            if d >= 1 && d <= patterns::days_in_month(y, m) {
                self.out.metadata.valid_until = Some(format!("{y:04}-{m:02}-{d:02}"));
            }
            self.meta("valid_until", p.span);
            self.close();
            return;
        }
        let owner = if let Some(level) = p.heading {
            let label = p.numbering;
            Some(self.push_heading(i, level, label))
        } else if let Some(n) = p.numbering {
            self.push_numbered(p.span, n, p)
        } else {
            None
        };
        let owner = match owner {
            Some(c) => c,
            None => {
                let closing = self.has_clause
                    && ["最后，", "最后,", "特此", "此复", "专此"]
                        .iter()
                        .any(|m| t.starts_with(m));
                if closing {
                    self.close();
                }
                match self.open {
                    Some(c) if self.ends_enumeration(c) => {
                        // A paragraph after the last item of a list (款 after 项) belongs to
                        // the list's parent, and ends the list.
                        let parent = self.out.clauses[c].parent;
                        if let Some(pos) = self.stack.iter().position(|f| Some(f.clause) == parent)
                        {
                            self.stack.truncate(pos + 1);
                        }
                        self.open = None;
                        self.body_block(p.span, parent);
                        return;
                    }
                    Some(c) => {
                        self.out.clauses[c].span.end = p.span.end;
                        c
                    }
                    None => {
                        self.body_block(p.span, None);
                        return;
                    }
                }
            }
        };
        self.trailing_units(owner, p);
        self.inline_items(owner, p);
    }

    /// Whether clause `c` is the last item of an enumeration whose items end in `；`
    /// (`（一）…；（二）…；（三）…。`), so that a following paragraph is not part of it.
    fn ends_enumeration(&self, c: usize) -> bool {
        let clause = &self.out.clauses[c];
        let item_style = matches!(
            clause.style,
            Some("cn-paren" | "arabic-paren" | "arabic-dot" | "circled")
        );
        if clause.kind != ClauseKind::Clause || clause.parent.is_none() || !item_style {
            return false;
        }
        let ends_semicolon = |k: usize| {
            self.out.clauses[k]
                .span
                .slice(self.text)
                .trim_end()
                .ends_with(['；', ';'])
        };
        ends_semicolon(c) || self.prev_sibling[c].is_some_and(ends_semicolon)
    }

    fn body_block(&mut self, span: Span, parent: Option<usize>) {
        if let Some(b) = self.last_block {
            self.out.clauses[b].span.end = span.end;
            return;
        }
        let level = parent.map_or(0, |p| self.out.clauses[p].level + 1);
        self.prev_sibling.push(None);
        self.out.clauses.push(Clause {
            id: Arc::clone(&self.no_id),
            parent,
            level,
            kind: ClauseKind::Text,
            label: None,
            style: None,
            number: None,
            heading: None,
            span,
            responsible_units: Vec::new(),
            responsible_spans: Vec::new(),
        });
        self.last_block = Some(self.out.clauses.len() - 1);
    }

    fn new_clause(
        &mut self,
        key: Key,
        number: u32,
        span: Span,
        label: Option<Span>,
        heading: Option<Span>,
    ) -> usize {
        let parent = self.stack.last().map(|f| f.clause);
        let idx = self.out.clauses.len();
        self.prev_sibling.push(self.sibling.take());
        self.has_clause = true;
        let style = match key {
            Key::Num(s) => Some(s.name()),
            Key::Heading(_) => Some("heading"),
        };
        self.out.clauses.push(Clause {
            id: Arc::clone(&self.no_id),
            parent,
            level: self.stack.len() as u32 + 1,
            kind: ClauseKind::Clause,
            label,
            style,
            number: matches!(key, Key::Num(_)).then_some(number),
            heading,
            span,
            responsible_units: Vec::new(),
            responsible_spans: Vec::new(),
        });
        self.stack.push(Frame {
            clause: idx,
            key,
            number,
        });
        if let Key::Num(s) = key {
            let last = self.last_number.entry(s).or_default();
            *last = (*last).max(number);
        }
        self.open = Some(idx);
        self.last_block = None;
        idx
    }

    fn push_heading(&mut self, i: usize, level: u8, label: Option<patterns::Numbering>) -> usize {
        let span = self.paras[i].span;
        while let Some(top) = self.stack.last() {
            match top.key {
                Key::Heading(l) if l < level => break,
                _ => {
                    self.stack.pop();
                }
            }
        }
        let label_span = label.map(|n| Span::new(span.start, span.start + n.len));
        let heading = Span::new(label_span.map_or(span.start, |l| l.end), span.end).trim(self.text);
        let heading = (!heading.is_empty()).then_some(heading);
        self.new_clause(
            Key::Heading(level),
            label.map_or(0, |n| n.number),
            span,
            label_span,
            heading,
        )
    }

    /// Places a numbered paragraph in the tree, or returns `None` when its number does not
    /// continue any list (then it is ordinary text).
    fn push_numbered(&mut self, span: Span, n: patterns::Numbering, p: &Para) -> Option<usize> {
        let key = Key::Num(n.style);
        if let Some(pos) = self.stack.iter().rposition(|f| f.key == key) {
            let expected = self.stack[pos].number + 1;
            if n.number < expected && n.number != 1 {
                return None;
            }
            if n.number > expected {
                self.warn(
                    "numbering_gap",
                    format!("numbering jumps from {} to {}", expected - 1, n.number),
                    Some(Span::new(span.start, span.start + n.len)),
                );
            } else if n.number < expected {
                self.warn(
                    "numbering_restart",
                    "numbering restarts at 1".into(),
                    Some(Span::new(span.start, span.start + n.len)),
                );
            }
            self.sibling = Some(self.stack[pos].clause);
            self.stack.truncate(pos);
        } else {
            let continues = self
                .last_number
                .get(&n.style)
                .is_some_and(|&l| l + 1 == n.number);
            if n.number != 1 && !continues {
                return None;
            }
        }
        let label = Span::new(span.start, span.start + n.len);
        let heading = self.heading_of(label, span, p);
        Some(self.new_clause(key, n.number, span, Some(label), heading))
    }

    /// The heading of a clause: its bold lead, the rest of a heading-only line, or a short
    /// lead sentence (`1.加强县域重点产业链规划引导。坚持…`).
    fn heading_of(&self, label: Span, span: Span, p: &Para) -> Option<Span> {
        let text = self.text;
        let rest = Span::new(label.end, span.end).trim(text);
        if rest.is_empty() {
            return None;
        }
        if let Some(b) = p
            .bold
            .iter()
            .find(|b| b.start <= rest.start && b.end > rest.start)
        {
            let h = strip_end_punct(text, Span::new(rest.start, b.end.min(span.end))).trim(text);
            return (!h.is_empty()).then_some(h);
        }
        let r = rest.slice(text);
        if patterns::at_most_chars(r, 60)
            && !r.ends_with(['：', ':', '，', ','])
            && !(patterns::has_str!(r, "。")
                || patterns::has_str!(r, "！")
                || patterns::has_str!(r, "？")
                || patterns::has_str!(r, "；")
                || r.contains(';'))
        {
            return Some(strip_end_punct(text, rest));
        }
        lead_sentence(r).map(|stop| Span::new(rest.start, rest.start + stop))
    }

    /// `（责任单位:省工信厅、发改委）` at the end of a paragraph.
    fn trailing_units(&mut self, owner: usize, p: &Para) {
        let t = p.span.slice(self.text);
        // a quick test for the one character both names start with, before the searches
        if !patterns::has_str!(t, "责") {
            return;
        }
        // the searchers are built once: building one costs as much as a paragraph's search
        static KEYS: LazyLock<[FinderRev<'static>; 2]> =
            LazyLock::new(|| ["责任单位", "责任部门"].map(FinderRev::new));
        let rfind = |key: &FinderRev| key.rfind(t.as_bytes());
        let Some(k) = rfind(&KEYS[0]).or_else(|| rfind(&KEYS[1])) else {
            return;
        };
        let Some(open) = t[..k].chars().next_back() else {
            return;
        };
        let close = match open {
            '（' => '）',
            '(' => ')',
            '〔' => '〕',
            '[' => ']',
            '【' => '】',
            _ => return,
        };
        let inner_start = k + "责任单位".len();
        let inner = &t[inner_start..];
        let Some(inner) = inner.strip_prefix(['：', ':']) else {
            return;
        };
        let body = inner.trim_end().trim_end_matches('。');
        let Some(body) = body.strip_suffix(close) else {
            return;
        };
        // Units run to the first full stop; the rest is a note (以下均需…).
        let units = body.split('。').next().unwrap_or(body);
        let base = p.span.start + (t.len() - inner.len());
        let clause = &mut self.out.clauses[owner];
        for (u, s) in split_list_spans(units, base) {
            clause.responsible_units.push(u);
            clause.responsible_spans.push(s);
        }
        self.close();
    }

    /// 一是…二是…三是… inside a paragraph become clauses of their own.
    fn inline_items(&mut self, owner: usize, p: &Para) {
        let text = self.text;
        let clause = &self.out.clauses[owner];
        let para = p.span.slice(text);
        let (first, siblings) = match (clause.style, clause.number) {
            (Some("cn-shi"), Some(n)) if clause.span.start == p.span.start => (n + 1, true),
            _ => (1, false),
        };
        let from = clause
            .label
            .filter(|l| l.start == p.span.start)
            .map_or(0, |l| l.end - p.span.start);
        // every label ends in 是: most paragraphs have none, and need no search
        if !patterns::has_str!(para[from..], "是") {
            return;
        }
        let mut items: Vec<(usize, u32)> = Vec::new();
        let mut want = first;
        let mut search = from;
        while let Some(label) = cn_label(want) {
            let found = para[search..]
                .match_indices(label.as_str())
                .map(|(k, _)| search + k)
                .find(|&k| {
                    k == from
                        || para[..k].chars().next_back().is_some_and(|c| {
                            patterns::is_terminal(c) || matches!(c, '；' | ';' | '，' | ',')
                        })
                });
            let Some(k) = found else { break };
            items.push((k, want));
            want += 1;
            search = k + label.len();
        }
        let needed = if siblings { 1 } else { 2 };
        if items.len() < needed {
            return;
        }
        // The owner ends where the first item starts.
        let first_start = p.span.start + items[0].0;
        let owner_span = self.out.clauses[owner].span;
        self.out.clauses[owner].span = Span::new(owner_span.start, first_start).trim(text);
        if siblings {
            self.stack.pop();
        }
        for (k, &(at, number)) in items.iter().enumerate() {
            let start = p.span.start + at;
            let end = items
                .get(k + 1)
                .map_or(p.span.end, |&(next, _)| p.span.start + next);
            let span = Span::new(start, end).trim(text);
            let label = Span::new(start, start + cn_label(number).map_or(0, |l| l.len()));
            // Earlier inline siblings are popped by the style lookup of the next one.
            if let Some(pos) = self
                .stack
                .iter()
                .rposition(|f| f.key == Key::Num(Style::CnShi))
            {
                self.sibling = Some(self.stack[pos].clause);
                self.stack.truncate(pos);
            }
            let heading = self.heading_of(label, span, p);
            self.new_clause(Key::Num(Style::CnShi), number, span, Some(label), heading);
        }
    }

    fn finish(mut self) -> Outline {
        // The date of the document: the last date line signed by an issuer, else the last one.
        let chosen = self
            .dates
            .iter()
            .rev()
            .find(|d| d.2)
            .or_else(|| self.dates.last())
            .copied();
        let latest = |e: &&patterns::HistoryEntry| (e.date.year, e.date.month, e.date.day);
        if chosen.is_none()
            && let Some(e) = self.history.iter().max_by_key(latest)
        {
            // a regulation is dated by its latest version
            self.out.metadata.date = Some(e.date.iso());
            self.out.dated_by_record = true;
        }
        if self.out.metadata.issuers.is_empty()
            && let Some(body) = self
                .history
                .iter()
                .filter(|e| e.adopted_by.is_some())
                .max_by_key(latest)
                .and_then(|e| e.adopted_by.clone())
        {
            // and issued by the congress or standing committee that adopted that version; an
            // elided place (市十四届人大常委会) is the one the title starts with (宁波市…条例)
            let level = body.chars().next().filter(|c| "市省县".contains(*c));
            let named = match level {
                Some(level) if body[level.len_utf8()..].starts_with("人民") => {
                    let title = self.out.metadata.title.as_deref().unwrap_or_default();
                    title
                        .char_indices()
                        .find(|&(_, c)| c == level)
                        .map(|(i, c)| &title[..i + c.len_utf8()])
                        .filter(|p| (2..=8).contains(&p.chars().count()))
                        .filter(|p| !p.contains(['《', '关', '于']))
                        .map(|p| format!("{p}{}", &body[level.len_utf8()..]))
                }
                _ => Some(body),
            };
            self.out.metadata.issuers.extend(named);
        }
        if let Some((span, d, _)) = chosen {
            self.out.metadata.date = Some(d.iso());
            if d.repaired {
                let raw = span.slice(self.text).to_owned();
                self.warn(
                    "date_repaired",
                    format!("date `{raw}` read as {}", d.iso()),
                    Some(span),
                );
            }
        }
        if self.out.metadata.kind.is_none() {
            let news = self
                .out
                .boilerplate
                .iter()
                .any(|(k, _)| matches!(*k, "byline" | "caption"));
            if news {
                self.out.metadata.kind = Some("新闻报道".to_owned());
            }
        }
        self.out.metadata.spans.sort_by_key(|&(_, s)| s);
        self.out.boilerplate.sort_by_key(|&(_, s)| s);
        self.out.warnings.sort_by_key(|w| w.span);
        assign_ids(&mut self.out.clauses);
        self.out
    }
}

/// The label `一是`, `二是`… for a number.
fn cn_label(n: u32) -> Option<String> {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let s = match n {
        1..=9 => D[n as usize].to_owned(),
        10 => "十".to_owned(),
        11..=19 => format!("十{}", D[(n - 10) as usize]),
        _ => return None,
    };
    Some(s + "是")
}

fn assign_ids(clauses: &mut [Clause]) {
    let first_clause = clauses.iter().position(|c| c.kind == ClauseKind::Clause);
    let last_clause = clauses.iter().rposition(|c| c.kind == ClauseKind::Clause);
    // Numbered clauses and text blocks are counted apart, per parent.
    let mut counters: FxHashMap<(Option<usize>, bool), u32> = FxHashMap::default();
    let (mut p, mut t, mut c) = (0, 0, 0);
    // each id is written here, then shared
    let mut id = String::new();
    for i in 0..clauses.len() {
        id.clear();
        if clauses[i].kind == ClauseKind::Clause {
            let n = counters.entry((clauses[i].parent, false)).or_default();
            *n += 1;
            let _ = match clauses[i].parent {
                Some(parent) => write!(id, "{}.{n}", clauses[parent].id),
                None => write!(id, "{n}"),
            };
        } else if let Some(parent) = clauses[i].parent {
            let n = counters.entry((Some(parent), true)).or_default();
            *n += 1;
            clauses[i].kind = ClauseKind::Text;
            let _ = write!(id, "{}.t{n}", clauses[parent].id);
        } else {
            let kind = match (first_clause, last_clause) {
                (None, _) => ClauseKind::Preamble,
                (Some(f), _) if i < f => ClauseKind::Preamble,
                (_, Some(l)) if i > l => ClauseKind::Closing,
                _ => ClauseKind::Text,
            };
            clauses[i].kind = kind;
            let _ = match kind {
                ClauseKind::Preamble => {
                    p += 1;
                    write!(id, "p{p}")
                }
                ClauseKind::Closing => {
                    c += 1;
                    write!(id, "c{c}")
                }
                _ => {
                    t += 1;
                    write!(id, "t{t}")
                }
            };
        }
        clauses[i].id = Arc::from(id.as_str());
    }
}

/// Where the short lead sentence of `r` ends (`加强县域重点产业链规划引导。坚持…`): at most 30
/// characters and no comma or colon before the first 。, and more text after it.
fn lead_sentence(r: &str) -> Option<usize> {
    // a lead of at most 30 characters ends within the first 4 × 31 bytes
    let head = &r.as_bytes()[..r.len().min(4 * 31)];
    let stop = patterns::finder!("。").find(head)?;
    is_lead(r, stop).then_some(stop)
}

/// Whether the first 。 of `r`, at byte `stop`, ends a lead sentence.
fn is_lead(r: &str, stop: usize) -> bool {
    let lead = &r[..stop];
    let has_more = !r[stop + '。'.len_utf8()..].trim().is_empty();
    has_more
        && patterns::at_most_chars(lead, 30)
        && !lead.contains(['，', ',', '：', ':'])
        && !lead.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn outline(src: &str) -> (NormDoc, Outline) {
        let doc = crate::normalize::normalize(
            &crate::ingest::decode(Path::new("t.txt"), src.as_bytes()).unwrap(),
        );
        let o = structure(&doc);
        (doc, o)
    }

    fn tree(src: &str) -> Vec<(String, u32, Option<String>)> {
        let (d, o) = outline(src);
        o.clauses
            .iter()
            .map(|c| {
                (
                    c.id.to_string(),
                    c.level,
                    c.label.map(|l| l.slice(&d.text).to_owned()),
                )
            })
            .collect()
    }

    #[test]
    fn split_lists() {
        assert_eq!(
            split_list("省工信厅、发改委、财政厅"),
            ["省工信厅", "发改委", "财政厅"]
        );
        assert_eq!(
            split_list("各市、县(区)人民政府,平潭综合实验区管委会"),
            ["各市、县(区)人民政府", "平潭综合实验区管委会"]
        );
        assert_eq!(
            split_list("市工信局，各县(市、区)党委和人民政府。"),
            ["市工信局", "各县(市、区)党委和人民政府"]
        );
    }

    #[test]
    fn numbering_hierarchy() {
        let src = "一、总\n（一）甲。\n1.子。\n2.子。\n（二）乙。\n二、分\n（一）丙。";
        let ids: Vec<_> = tree(src).into_iter().map(|t| (t.0, t.1)).collect();
        assert_eq!(
            ids,
            [
                ("1", 1),
                ("1.1", 2),
                ("1.1.1", 3),
                ("1.1.2", 3),
                ("1.2", 2),
                ("2", 1),
                ("2.1", 2)
            ]
            .map(|(a, b)| (a.to_string(), b))
        );
    }

    #[test]
    fn articles_continue_across_chapters() {
        let src = "第一章 总则\n第一条 为了。\n第二条 本法。\n第二章 分则\n第三条 甲。\n（一）乙；\n（二）丙。\n第四条 丁。";
        let ids: Vec<_> = tree(src).into_iter().map(|t| t.0).collect();
        assert_eq!(
            ids,
            ["1", "1.1", "1.2", "2", "2.1", "2.1.1", "2.1.2", "2.2"]
        );
    }

    #[test]
    fn a_paragraph_after_an_enumeration_belongs_to_the_article() {
        let src = "第一条 市级部门履行以下职责：\n（一）甲；\n（二）乙。\n区级部门履行以下职责：\n（一）丙；\n（二）丁。\n第二条 戊。";
        let (d, o) = outline(src);
        let t: Vec<_> = o
            .clauses
            .iter()
            .map(|c| (&*c.id, c.kind, c.span.slice(&d.text)))
            .collect();
        assert_eq!(
            t,
            [
                ("1", ClauseKind::Clause, "第一条 市级部门履行以下职责："),
                ("1.1", ClauseKind::Clause, "（一）甲；"),
                ("1.2", ClauseKind::Clause, "（二）乙。"),
                ("1.t1", ClauseKind::Text, "区级部门履行以下职责："),
                ("1.3", ClauseKind::Clause, "（一）丙；"),
                ("1.4", ClauseKind::Clause, "（二）丁。"),
                ("2", ClauseKind::Clause, "第二条 戊。"),
            ]
        );
        assert!(o.warnings.is_empty(), "{:?}", o.warnings);
    }

    #[test]
    fn false_numbering_is_text() {
        let src = "一、总\n正文。\n3.这不是第三项。\n1.85万亿元是数。\n2024、2025年连续增长。\n2023.全年数据。";
        let t = tree(src);
        assert_eq!(t.len(), 1, "{t:?}");
    }

    #[test]
    fn inline_enumeration() {
        let src = "（一）强化平台建设。一是加大力度。二是加强培育。三是加强管理。\n（二）乙。";
        let t = tree(src);
        let ids: Vec<_> = t.iter().map(|t| (t.0.as_str(), t.2.as_deref())).collect();
        assert_eq!(
            ids,
            [
                ("1", Some("（一）")),
                ("1.1", Some("一是")),
                ("1.2", Some("二是")),
                ("1.3", Some("三是")),
                ("2", Some("（二）"))
            ]
        );
        // one 一是 alone is not an enumeration
        assert_eq!(tree("（一）统一是关键。一是加大。").len(), 1);
    }

    #[test]
    fn headings_of_clauses() {
        let (d, o) = outline(
            "1.加强县域重点产业链规划引导。坚持立足实际。\n2.钢铁产业\n3.为了规范管理，制定本办法。",
        );
        let h: Vec<_> = o
            .clauses
            .iter()
            .map(|c| c.heading.map(|h| h.slice(&d.text).to_owned()))
            .collect();
        assert_eq!(
            h,
            [
                Some("加强县域重点产业链规划引导".to_owned()),
                Some("钢铁产业".to_owned()),
                None
            ]
        );
    }

    #[test]
    fn responsible_units_attach_to_their_clause() {
        let (_, o) = outline(
            "（一）甲。\n责任单位：市工信局、科技局，各县(市、区)党委和人民政府\n2.乙。(责任单位:省工信厅、发改委)",
        );
        assert_eq!(
            o.clauses[0].responsible_units,
            ["市工信局", "科技局", "各县(市、区)党委和人民政府"]
        );
        // 2. does not continue a list, so it is text of the closed clause's block
        let (_, o) = outline(
            "1.甲。〔责任单位:各市、县(区)人民政府,省工信厅。以下均需落实〕\n2.乙。(责任单位:省工信厅、发改委)",
        );
        assert_eq!(
            o.clauses[0].responsible_units,
            ["各市、县(区)人民政府", "省工信厅"]
        );
        assert_eq!(o.clauses[1].responsible_units, ["省工信厅", "发改委"]);
    }

    #[test]
    fn metadata_elements() {
        let src = "福建省工业和信息化厅\n闽工信建议〔2024〕87号\n答复类别：B类\n福建省工业和信息化厅关于第1011号建议的答复\n陆盛彪代表：\n正文。\n领导署名：翁玉耀\n联系人：吴丽榕\n联系电话：0591-87829197\n福建省工业和信息化厅\n2024年5月20日\n（此件主动公开）\n抄送：省政府办公厅，宁德市人大常委会。";
        let (_, o) = outline(src);
        let m = &o.metadata;
        assert_eq!(m.issuers, ["福建省工业和信息化厅"]);
        let n = m.doc_number.as_ref().unwrap();
        assert_eq!(
            (n.prefix.as_str(), n.year, n.serial),
            ("闽工信建议", 2024, 87)
        );
        assert_eq!(m.reply_category.as_deref(), Some("B"));
        assert_eq!(m.kind.as_deref(), Some("答复"));
        assert_eq!(m.addressees, ["陆盛彪代表"]);
        assert_eq!(m.signer.as_deref(), Some("翁玉耀"));
        assert_eq!(
            m.contacts,
            [Contact {
                name: Some("吴丽榕".into()),
                phone: Some("0591-87829197".into())
            }]
        );
        assert_eq!(m.date.as_deref(), Some("2024-05-20"));
        assert_eq!(m.disclosure.as_deref(), Some("主动公开"));
        assert_eq!(m.cc, ["省政府办公厅", "宁德市人大常委会"]);
        assert!(o.warnings.is_empty());
    }

    #[test]
    fn a_regulation_is_dated_by_its_latest_version() {
        let (_, o) = outline(
            "上海市环境保护条例\n1994年12月8日 上海市第十届人民代表大会常务委员会第十四次会议通过\n\
             2018年12月20日 上海市第十五届人民代表大会常务委员会第八次会议第五次修正\n\
             第一章 总则\n第一条 为保护和改善环境，制定本条例。",
        );
        assert_eq!(o.metadata.date.as_deref(), Some("2018-12-20"));
        assert_eq!(o.metadata.title.as_deref(), Some("上海市环境保护条例"));
        assert_eq!(o.metadata.issuers, ["上海市人民代表大会常务委员会"]);
        // the record is metadata (the two lines join: the first ends without punctuation)
        let fields: Vec<_> = o.metadata.spans.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["title", "date"]);
        assert!(o.clauses.iter().all(|c| c.kind != ClauseKind::Preamble));
        // a date line signed by an issuer still wins over the record
        let (_, o) =
            outline("某某办法\n2016年1月21日 某某会议通过\n第一条 正文。\n某某局\n2020年3月1日");
        assert_eq!(o.metadata.date.as_deref(), Some("2020-03-01"));
        // the place of the session elided: the title's
        let (_, o) = outline(
            "宁波市人民调解条例\n2014年12月26日 市十四届人大常委会第二十次会议通过2015年3月27日 \
             省十二届人大常委会第十八次会议批准\n第一条 正文。",
        );
        assert_eq!(o.metadata.issuers, ["宁波市人民代表大会常务委员会"]);
    }

    #[test]
    fn damaged_forms_are_repaired_with_warnings() {
        let (_, o) = outline(
            "关于某事的通知\n闽发改商价〔2020669号\n正文。\n中共三明市委办公室\n20201223日",
        );
        assert_eq!(o.metadata.date.as_deref(), Some("2020-12-23"));
        assert_eq!(
            o.metadata.doc_number.as_ref().map(|n| (n.year, n.serial)),
            Some((2020, 669))
        );
        let codes: Vec<_> = o.warnings.iter().map(|w| w.code).collect();
        assert_eq!(codes, ["doc_number_repaired", "date_repaired"]);
    }

    #[test]
    fn validity_and_contacts_on_one_line() {
        let (_, o) = outline(
            "关于某事的意见\n正文。\n本文件自印发之日起施行,有效期至2027年12月31日。\n联系人：张三，电话：13912345678",
        );
        assert_eq!(o.metadata.valid_until.as_deref(), Some("2027-12-31"));
        assert_eq!(o.metadata.contacts[0].phone.as_deref(), Some("13912345678"));
    }

    #[test]
    fn digits_of_other_scripts_are_text_not_a_validity() {
        // The patterns once read `\d`, any script's digit: this sentence became a validity
        // field without a date, and left the clause tree.
        let (d, o) = outline(
            "关于某事的意见\n一、总则\n本办法自२०२३年३月५日起施行，有效期至२०२५年१२月३१日。",
        );
        assert_eq!(o.metadata.valid_until, None);
        assert!(o.metadata.spans.iter().all(|(f, _)| *f != "valid_until"));
        assert!(
            o.clauses
                .iter()
                .any(|c| c.span.slice(&d.text).contains("有效期至"))
        );
    }
}

#[cfg(test)]
mod lead {
    use super::*;
    use proptest::prelude::*;

    /// The lead sentence as first written: the first 。 searched for through the whole text.
    fn reference(r: &str) -> Option<usize> {
        r.find('。').filter(|&stop| is_lead(r, stop))
    }

    #[test]
    fn a_lead_of_thirty_characters_and_no_more() {
        let lead = "加".repeat(30);
        assert_eq!(lead_sentence(&format!("{lead}。坚持")), Some(lead.len()));
        assert_eq!(lead_sentence(&format!("{lead}加。坚持")), None);
        assert_eq!(lead_sentence(&format!("{lead}。")), None);
        // thirty characters of four bytes each
        let wide = "𠮷".repeat(30);
        assert_eq!(lead_sentence(&format!("{wide}。坚持")), Some(120));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn the_bounded_search_finds_what_the_whole_one_finds(r in "[加强𠮷a。，  ]{0,40}") {
            prop_assert_eq!(lead_sentence(&r), reference(&r));
        }
    }
}
