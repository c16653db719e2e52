//! Fingerprints the code and data that produce the output, so that an incremental run never
//! reuses an output written by other code: `GONGWEN_BUILD` is the first 12 hex digits of the
//! SHA-256 of `Cargo.toml`, `Cargo.lock` and every file under `src/` and `data/`, read in sorted
//! order (contents only, not times, so every machine computes the same value).
//!
//! It also sorts jieba's dictionary (`data/jieba/dict.txt`) into the index that
//! `src/extract/segment.rs` searches, so a run finds a text's dictionary words without loading
//! the dictionary: the words in byte order, one after another, with tables beside them (see
//! `dictionary_index`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

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
