//! Fingerprints the code and data that produce the output, so that an incremental run never
//! reuses an output written by other code: `GONGWEN_BUILD` is the first 12 hex digits of the
//! SHA-256 of `Cargo.toml`, `Cargo.lock` and every file under `src/` and `data/`, read in sorted
//! order (contents only, not times, so every machine computes the same value).
//!
//! It also sorts jieba's dictionary (`data/jieba/dict.txt`) into the index that
//! `src/extract/segment.rs` searches, so a run finds a text's dictionary words without loading
//! the dictionary: the words in byte order, one after another, with tables beside them (see
//! `dictionary_index`), and jieba's part-of-speech model (`data/jieba/posseg.txt`) into the
//! tables `src/extract/posseg.rs` reads (see `posseg_model`), and the gazetteer
//! (`data/gazetteer/counties.csv`) into the divisions and names `src/gazetteer.rs` holds (see
//! `gazetteer`), and compiles the date, amount, percent and named collective patterns
//! (`src/extract/grammar.rs`) into the
//! DFAs `src/extract/compiled.rs` searches (see `pattern_dfas`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

// The patterns' text, shared with the program; the build uses only the patterns.
#[allow(dead_code)]
#[path = "src/extract/grammar.rs"]
mod grammar;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let mut paths = vec![PathBuf::from("Cargo.toml"), PathBuf::from("Cargo.lock")];
    for dir in ["src", "data"] {
        println!("cargo:rerun-if-changed={dir}");
        files(Path::new(dir), &mut paths);
    }
    println!("cargo:rerun-if-changed=Cargo.toml");
    println!("cargo:rerun-if-changed=Cargo.lock");
    paths.sort();
    let mut h = Sha256::new();
    for p in &paths {
        let name = p.to_string_lossy().replace('\\', "/");
        h.update(name.as_bytes());
        h.update([0]);
        if let Ok(bytes) = std::fs::read(p) {
            // Line endings do not change the code.
            let text: Vec<u8> = bytes.into_iter().filter(|&b| b != b'\r').collect();
            h.update(&text);
        }
        h.update([0]);
    }
    let hex: String = h
        .finalize()
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect();
    println!("cargo:rustc-env=GONGWEN_BUILD={hex}");
    dictionary_index();
    posseg_model();
    gazetteer();
    pattern_dfas();
}

/// Writes the forward and reverse DFAs of the date, amount, percent and named collective
/// patterns to `OUT_DIR`
/// (`date.forward.dfa`, `date.reverse.dfa`, …), in the target's byte order, as
/// `regex_automata::dfa::regex::Regex` compiles them. A pattern whose text is what the last build
/// compiled (kept beside its DFAs) is not compiled again: this takes seconds in the build's
/// unoptimized code, and the build runs again on any change under `src/`.
fn pattern_dfas() {
    let Ok(out) = std::env::var("OUT_DIR") else {
        return;
    };
    let out = PathBuf::from(out);
    let big_endian = std::env::var("CARGO_CFG_TARGET_ENDIAN").is_ok_and(|e| e == "big");
    for (name, pattern) in [
        ("date", grammar::date::pattern()),
        ("amount", grammar::amount::pattern()),
        ("percent", grammar::percent::pattern()),
        ("collective", grammar::collective::pattern()),
    ] {
        let text = out.join(format!("{name}.pattern"));
        let forward = out.join(format!("{name}.forward.dfa"));
        let reverse = out.join(format!("{name}.reverse.dfa"));
        if std::fs::read_to_string(&text).is_ok_and(|t| t == pattern)
            && forward.exists()
            && reverse.exists()
        {
            continue;
        }
        let regex = regex_automata::dfa::regex::Regex::new(&pattern).expect("the pattern compiles");
        let bytes = |dfa: &regex_automata::dfa::dense::DFA<Vec<u32>>| {
            if big_endian {
                dfa.to_bytes_big_endian().0
            } else {
                dfa.to_bytes_little_endian().0
            }
        };
        std::fs::write(forward, bytes(regex.forward())).expect("OUT_DIR is writable");
        std::fs::write(reverse, bytes(regex.reverse())).expect("OUT_DIR is writable");
        std::fs::write(text, pattern).expect("OUT_DIR is writable");
    }
}

/// `name` without the first of `suffixes` it ends with, where at least two characters remain.
fn strip_suffix<'a>(name: &'a str, suffixes: &[&str]) -> &'a str {
    suffixes
        .iter()
        .find_map(|s| {
            name.strip_suffix(s)
                .filter(|short| short.chars().count() >= 2)
        })
        .unwrap_or(name)
}

/// A province's short name: 福建 of 福建省, 广西 of 广西壮族自治区.
fn province_short(name: &str) -> &str {
    [
        "维吾尔自治区",
        "壮族自治区",
        "回族自治区",
        "特别行政区",
        "自治区",
        "省",
        "市",
    ]
    .iter()
    .find_map(|s| name.strip_suffix(s))
    .unwrap_or(name)
}

/// Writes `gazetteer.rs` to `OUT_DIR`: the divisions of `data/gazetteer/counties.csv` (its
/// county-level rows, then the prefectures and provinces they belong to, each once, in the
/// order first met) as `DIVISIONS`, and every full and short name once, in the order that
/// `Names::new` sorts names (by their first two characters, the longest first, then as first
/// met), as `NAMES`, with the divisions each names as `TARGET_LIST` and `TARGET_ENDS`. Their
/// strings are each once in `TEXT`, and the tables hold where (`Str`): a string in a table
/// would be a pointer for the loader to relocate in every run. `src/gazetteer.rs` includes
/// it: the tables are part of the program, and a run only builds the names' index.
///
/// Prefecture and province codes follow GB/T 2260: a prefecture is its counties' first four
/// digits followed by `00`, a province the first two followed by `0000`. Municipalities are
/// their own prefecture: no prefecture-level row for them.
fn gazetteer() {
    let Ok(out) = std::env::var("OUT_DIR") else {
        return;
    };
    let csv = std::fs::read_to_string("data/gazetteer/counties.csv").expect("counties.csv");
    // (code, name, short, level, province, prefecture, valid_from, valid_to)
    type Row<'a> = (
        String,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        u16,
        Option<u16>,
    );
    let mut rows: Vec<Row> = Vec::new();
    let mut derived: Vec<Row> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f.len() < 9 {
            continue;
        }
        let (code, name, short, province, prefecture) = (f[0], f[1], f[2], f[4], f[5]);
        let valid_from = f[6].parse().unwrap_or(0);
        let valid_to = f[7].parse().ok();
        rows.push((
            code.to_owned(),
            name,
            short,
            "County",
            province,
            prefecture,
            valid_from,
            valid_to,
        ));
        if seen.insert((province, "Province")) {
            let short = province_short(province);
            derived.push((
                format!("{}0000", &code[..2]),
                province,
                short,
                "Province",
                province,
                "",
                0,
                None,
            ));
        }
        if !prefecture.is_empty()
            && prefecture != province
            && seen.insert((prefecture, "Prefecture"))
        {
            let short = strip_suffix(prefecture, &["自治州", "地区", "盟", "市"]);
            derived.push((
                format!("{}00", &code[..4]),
                prefecture,
                short,
                "Prefecture",
                province,
                prefecture,
                0,
                None,
            ));
        }
    }
    rows.extend(derived);
    // every string once, in `TEXT`; the tables hold where each is (a string in a table would
    // be a pointer the loader relocates in every run, and a page of the tables it copies)
    let mut text = String::new();
    let mut placed: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut place = |s: &str| -> String {
        placed
            .entry(s.to_owned())
            .or_insert_with(|| {
                let at = text.len();
                text.push_str(s);
                format!("Str({at}, {})", s.len())
            })
            .clone()
    };
    let mut src = String::new();
    let _ = writeln!(src, "static DIVISIONS: [Division; {}] = [", rows.len());
    for (code, name, short, level, province, prefecture, from, to) in &rows {
        let (code, name, short) = (place(code), place(name), place(short));
        let (province, prefecture) = (place(province), place(prefecture));
        let _ = writeln!(
            src,
            "    Division {{ code: {code}, name: {name}, short: {short}, level: Level::{level}, \
             province: {province}, prefecture: {prefecture}, valid_from: {from}, valid_to: {to:?} }},"
        );
    }
    let _ = writeln!(src, "];");
    // each name once, in the order first met; a name's divisions in their order
    let mut slots: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut names: Vec<(&str, Vec<(usize, bool)>)> = Vec::new();
    for (i, (_, name, short, ..)) in rows.iter().enumerate() {
        let short = (short != name).then_some(*short);
        for (name, full) in [(Some(*name), true), (short, false)] {
            let Some(name) = name else { continue };
            let slot = *slots.entry(name).or_insert_with(|| {
                names.push((name, Vec::new()));
                names.len() - 1
            });
            names[slot].1.push((i, full));
        }
    }
    // in the order `Names::new` sorts them, so that its sorts find them sorted (a sort
    // then costs one pass); which name a text holds does not depend on the order
    names.sort_by_key(|(name, _)| {
        let mut chars = name.chars();
        (chars.next(), chars.next(), std::cmp::Reverse(name.len()))
    });
    let _ = writeln!(src, "static NAMES: [Str; {}] = [", names.len());
    for (name, _) in &names {
        let _ = writeln!(src, "    {},", place(name));
    }
    let _ = writeln!(src, "];");
    // the divisions of name `k` are `TARGET_LIST[TARGET_ENDS[k - 1]..TARGET_ENDS[k]]`
    let (mut list, mut ends) = (String::new(), String::new());
    let mut count = 0;
    for (_, targets) in &names {
        for (division, full) in targets {
            let _ = writeln!(list, "    Target {{ division: {division}, full: {full} }},");
        }
        count += targets.len();
        let _ = writeln!(ends, "    {count},");
    }
    let _ = writeln!(src, "static TARGET_LIST: [Target; {count}] = [\n{list}];");
    let _ = writeln!(
        src,
        "static TARGET_ENDS: [u32; {}] = [\n{ends}];",
        names.len()
    );
    let _ = writeln!(src, "static TEXT: &str = {text:?};");
    std::fs::write(Path::new(&out).join("gazetteer.rs"), src).expect("OUT_DIR is writable");
}

/// Writes the sorted dictionary to `OUT_DIR`: `jieba_words.txt` (the words in byte order, one
/// after another), `jieba_ends.bin`, `jieba_freqs.bin` (a little-endian `u32` each per word),
/// `jieba_tags.bin` (a byte per word, its tag's place in `TAGS`), `jieba_firsts.bin` (a `u32`
/// for each character up to U+FFFF and one more: the first word that does not start with an
/// earlier character), `jieba_seconds.bin` (each word's second character as a `u32`, 0 for a
/// word of one) and `jieba_index.rs`, which includes them with the words' total frequency.
fn dictionary_index() {
    let Ok(out) = std::env::var("OUT_DIR") else {
        return;
    };
    let out = Path::new(&out);
    let dict = std::fs::read_to_string("data/jieba/dict.txt").expect("data/jieba/dict.txt");
    // `word frequency tag` per line, read as jieba-rs reads its own copy
    let mut entries: Vec<(&str, u32, &str)> = dict
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_ascii_whitespace();
            let word = fields.next()?;
            let freq = fields.next().map_or(0, |f| f.parse().expect("a frequency"));
            Some((word, freq, fields.next().unwrap_or("")))
        })
        .collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    assert!(
        entries.windows(2).all(|w| w[0].0 != w[1].0),
        "the dictionary holds a word twice"
    );
    let mut tags: Vec<&str> = entries.iter().map(|e| e.2).collect();
    tags.sort_unstable();
    tags.dedup();
    assert!(tags.len() <= 256, "more tags than a byte can number");
    let (mut words, mut ends, mut freqs, mut tag_ids) =
        (String::new(), Vec::new(), Vec::new(), Vec::new());
    let mut total: u64 = 0;
    for (word, freq, tag) in &entries {
        words.push_str(word);
        ends.extend(
            u32::try_from(words.len())
                .expect("under 4 GB")
                .to_le_bytes(),
        );
        freqs.extend(freq.to_le_bytes());
        tag_ids.push(tags.binary_search(tag).expect("a tag") as u8);
        total += u64::from(*freq);
    }
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(out.join(name), bytes).expect("OUT_DIR is writable");
    };
    write("jieba_words.txt", words.as_bytes());
    write("jieba_ends.bin", &ends);
    write("jieba_freqs.bin", &freqs);
    write("jieba_tags.bin", &tag_ids);
    // where the words of each first character begin, for the characters up to U+FFFF, which
    // begin every word
    assert!(
        entries
            .iter()
            .all(|e| e.0.chars().next() < Some('\u{10000}')),
        "a word begins past U+FFFF"
    );
    let mut firsts = Vec::with_capacity(4 * 0x1_0001);
    let mut k = 0;
    for c in 0..=0x1_0000u32 {
        while k < entries.len() && entries[k].0.chars().next().is_some_and(|f| (f as u32) < c) {
            k += 1;
        }
        firsts.extend(u32::try_from(k).expect("under 4 G words").to_le_bytes());
    }
    write("jieba_firsts.bin", &firsts);
    // each word's second character (0 for a word of one), so that the words of a first
    // character are found by their second without reading them
    let seconds: Vec<u8> = entries
        .iter()
        .flat_map(|e| e.0.chars().nth(1).map_or(0, u32::from).to_le_bytes())
        .collect();
    write("jieba_seconds.bin", &seconds);
    let mut index = String::from("// Made by build.rs from data/jieba/dict.txt.\n");
    let _ = writeln!(index, "pub(super) const TOTAL: usize = {total};");
    let _ = writeln!(
        index,
        "pub(super) static TAGS: [&str; {}] = {tags:?};",
        tags.len()
    );
    for (name, file, kind) in [
        ("TEXT", "jieba_words.txt", "str"),
        ("ENDS", "jieba_ends.bin", "bytes"),
        ("FREQS", "jieba_freqs.bin", "bytes"),
        ("TAG_IDS", "jieba_tags.bin", "bytes"),
        ("FIRSTS", "jieba_firsts.bin", "bytes"),
        ("SECONDS", "jieba_seconds.bin", "bytes"),
    ] {
        let ty = if kind == "str" { "str" } else { "[u8]" };
        let _ = writeln!(
            index,
            "pub(super) static {name}: &{ty} = include_{kind}!(concat!(env!(\"OUT_DIR\"), \"/{file}\"));"
        );
    }
    write("jieba_index.rs", index.as_bytes());
}

/// Writes jieba's part-of-speech model to `OUT_DIR` as tables, read the way jieba-rs reads its
/// own copy (`src/posseg.rs`), so that a run tags the words the dictionary does not know
/// without parsing the model: `posseg_start.bin` (256 little-endian `f64`: each state's start
/// log-probability; a state is `position * 64 + tag`), `posseg_trans.bin` (256 × 256: the
/// log-probability of going to a state, row, from another, column), `posseg_chars.bin` (a
/// `u16` for each character up to U+FFFF: its row, 0 for none), `posseg_rows.bin` (per row: a
/// `u32`, where its states begin, and five `u16`: where those of each position begin, and
/// their end), `posseg_states.bin` (a byte each) and `posseg_emits.bin` (`f64`, the emission
/// log-probability of each state in a row) and `posseg_model.rs`, which includes them with the
/// tags' names.
fn posseg_model() {
    let Ok(out) = std::env::var("OUT_DIR") else {
        return;
    };
    let out = Path::new(&out);
    let model = std::fs::read_to_string("data/jieba/posseg.txt").expect("data/jieba/posseg.txt");
    const MIN: f64 = -3.14e100;
    let state = |pos: &str, tag: &str| -> u16 {
        let (pos, tag): (u16, u16) = (
            pos.parse().expect("a position"),
            tag.parse().expect("a tag"),
        );
        assert!(pos < 4 && tag < 64, "a state out of range");
        pos * 64 + tag
    };
    let prob = |p: &str| -> f64 { p.parse().expect("a log-probability") };
    let mut tags: Vec<&str> = Vec::new();
    let mut start = vec![MIN; 256];
    let mut trans = vec![MIN; 256 * 256];
    // per character, its states' emission scores
    let mut emit: std::collections::BTreeMap<char, Vec<(u16, f64)>> = Default::default();
    let mut char_states: std::collections::BTreeMap<char, Vec<u16>> = Default::default();
    let mut section = "";
    for line in model.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.starts_with('@') {
            section = line;
            continue;
        }
        let mut fields = line.split('|');
        let head = fields.next().unwrap_or_default();
        let rest = fields.map(str::trim).filter(|f| !f.is_empty());
        match section {
            "@TAGS" => tags = line.split(',').map(str::trim).collect(),
            "@START" => {
                let f: Vec<&str> = line.splitn(3, ',').collect();
                start[usize::from(state(f[0], f[1]))] = prob(f[2]);
            }
            "@TRANS" => {
                let (pos, tag) = head.split_once(',').expect("a state");
                let from = usize::from(state(pos, tag));
                for f in rest {
                    let f: Vec<&str> = f.splitn(3, ',').collect();
                    trans[usize::from(state(f[0], f[1])) * 256 + from] = prob(f[2]);
                }
            }
            "@EMIT" => {
                let (pos, tag) = head.split_once(',').expect("a state");
                let s = state(pos, tag);
                for f in rest {
                    let (c, p) = f
                        .rsplit_once(',')
                        .expect("a character and a log-probability");
                    let c = c.chars().next().expect("a character");
                    let row = emit.entry(c).or_default();
                    match row.iter_mut().find(|e| e.0 == s) {
                        Some(e) => e.1 = prob(p),
                        None => row.push((s, prob(p))),
                    }
                }
            }
            "@CHAR_STATE" => {
                let c = head.chars().next().expect("a character");
                let states: Vec<u16> = rest
                    .map(|f| {
                        let (pos, tag) = f.split_once(',').expect("a state");
                        state(pos, tag)
                    })
                    .collect();
                // no states is no restriction, as no line at all
                if states.is_empty() {
                    char_states.remove(&c);
                } else {
                    char_states.insert(c, states);
                }
            }
            _ => {}
        }
    }
    assert_eq!(tags.len(), 64, "the model names 64 tags");
    // A character's row: the states its line lists (those without an emission score MIN, and
    // are never chosen), or else every state it has an emission for; sorted by state.
    let mut rows: Vec<(char, Vec<(u16, f64)>)> = char_states
        .iter()
        .map(|(&c, states)| {
            let emits = emit.get(&c).map_or(&[][..], Vec::as_slice);
            let row = states
                .iter()
                .map(|&s| (s, emits.iter().find(|e| e.0 == s).map_or(MIN, |e| e.1)))
                .collect();
            (c, row)
        })
        .collect();
    rows.extend(
        emit.into_iter()
            .filter(|(c, _)| !char_states.contains_key(c)),
    );
    let (mut chars, mut row_table, mut states, mut emits) =
        (vec![0u8; 2 * 0x1_0000], Vec::new(), Vec::new(), Vec::new());
    // row 0 is the empty row of the characters the model has never seen
    row_table.extend([0u8; 14]);
    for (n, (c, mut row)) in rows.into_iter().enumerate() {
        row.sort_by_key(|e| e.0);
        let c = usize::try_from(u32::from(c)).expect("a character");
        assert!(c < 0x1_0000, "the model holds a character past U+FFFF");
        let n = u16::try_from(n + 1).expect("under 65,536 rows");
        chars[2 * c..2 * c + 2].copy_from_slice(&n.to_le_bytes());
        row_table.extend(
            u32::try_from(states.len())
                .expect("under 4 G")
                .to_le_bytes(),
        );
        for pos in 0..=4u16 {
            let at = row.partition_point(|e| e.0 / 64 < pos);
            row_table.extend(u16::try_from(at).expect("a short row").to_le_bytes());
        }
        for (s, p) in row {
            states.push(u8::try_from(s).expect("a state under 256"));
            emits.extend(p.to_le_bytes());
        }
    }
    let f64s = |v: &[f64]| -> Vec<u8> { v.iter().flat_map(|p| p.to_le_bytes()).collect() };
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(out.join(name), bytes).expect("OUT_DIR is writable");
    };
    write("posseg_start.bin", &f64s(&start));
    write("posseg_trans.bin", &f64s(&trans));
    write("posseg_chars.bin", &chars);
    write("posseg_rows.bin", &row_table);
    write("posseg_states.bin", &states);
    write("posseg_emits.bin", &emits);
    let mut model = String::from("// Made by build.rs from data/jieba/posseg.txt.\n");
    let _ = writeln!(model, "pub(super) static TAGS: [&str; 64] = {tags:?};");
    for (name, file) in [
        ("START", "posseg_start.bin"),
        ("TRANS", "posseg_trans.bin"),
        ("CHARS", "posseg_chars.bin"),
        ("ROWS", "posseg_rows.bin"),
        ("STATES", "posseg_states.bin"),
        ("EMITS", "posseg_emits.bin"),
    ] {
        let _ = writeln!(
            model,
            "pub(super) static {name}: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{file}\"));"
        );
    }
    write("posseg_model.rs", model.as_bytes());
}
