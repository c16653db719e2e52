//! Ingest: the bytes of one file -> a decoded [`Source`].
//!
//! Encodings: UTF-8 with or without BOM, UTF-16 LE/BE with BOM, and GB18030 (a superset of GBK
//! and GB2312), tried in that order. A file that is none of them, that holds NUL or other
//! control bytes, or that has no text at all is an [`Error`]. The format is Markdown for
//! `.md`/`.markdown` files and for `.txt` files that use Markdown headings or strong emphasis
//! (seeds 001 and 003 are such files); otherwise plain text.

use std::fmt::Write;
use std::path::Path;

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};
use sha2::{Digest, Sha256};

use crate::error::Error;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
        }
    }
}

/// One decoded input document.
#[derive(Debug)]
pub struct Source {
    /// The decoded text, without a BOM.
    pub text: String,
    pub format: Format,
    /// `utf-8`, `utf-16le`, `utf-16be` or `gb18030`.
    pub encoding: &'static str,
    pub bom: bool,
    /// Lower-case hex SHA-256 of the raw bytes.
    pub sha256: String,
    /// Size of the raw file in bytes.
    pub bytes: usize,
}

/// Hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest.iter() {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Decodes `bytes`, read from `path` (used for the format and for error messages).
pub fn decode(path: &Path, bytes: &[u8]) -> Result<Source, Error> {
    decode_hashed(path, bytes.to_vec(), None)
}

/// [`decode`] of bytes the caller gives up, given their SHA-256 ([`sha256_hex`]) when it is
/// already known. UTF-8 text, most files, becomes the decoded text in place, without a copy.
pub fn decode_hashed(path: &Path, bytes: Vec<u8>, sha256: Option<String>) -> Result<Source, Error> {
    debug_assert!(sha256.as_ref().is_none_or(|h| *h == sha256_hex(&bytes)));
    let err_path = || path.to_path_buf();
    let size = bytes.len();
    if size as u64 > crate::error::MAX_INPUT_BYTES {
        return Err(Error::TooLarge {
            path: err_path(),
            size: size as u64,
        });
    }
    let sha256 = sha256.unwrap_or_else(|| sha256_hex(&bytes));
    let (text, encoding, bom) = decode_text(bytes).map_err(|e| match e {
        DecodeError::Binary(offset) => Error::Binary {
            path: err_path(),
            offset,
        },
        DecodeError::Undecodable(reason) => Error::Undecodable {
            path: err_path(),
            reason,
        },
    })?;
    if let Some(offset) = control_char_offset(&text) {
        return Err(Error::Binary {
            path: err_path(),
            offset,
        });
    }
    if text.trim().is_empty() {
        return Err(Error::Empty { path: err_path() });
    }
    let format = detect_format(path, &text);
    Ok(Source {
        text,
        format,
        encoding,
        bom,
        sha256,
        bytes: size,
    })
}

enum DecodeError {
    Binary(usize),
    Undecodable(String),
}

fn decode_text(mut bytes: Vec<u8>) -> Result<(String, &'static str, bool), DecodeError> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
        return String::from_utf8(bytes)
            .map(|s| (s, "utf-8", true))
            .map_err(|e| {
                DecodeError::Undecodable(format!(
                    "UTF-8 BOM but invalid UTF-8 at byte {}",
                    e.utf8_error().valid_up_to() + 3
                ))
            });
    }
    for (bom, enc, name) in [
        (&b"\xFF\xFE"[..], UTF_16LE, "utf-16le"),
        (&b"\xFE\xFF"[..], UTF_16BE, "utf-16be"),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return strict(enc, rest, name)
                .map(|s| (s, name, true))
                .ok_or_else(|| DecodeError::Undecodable(format!("{name} BOM but invalid {name}")));
        }
    }
    if let Some(offset) = memchr::memchr(0, &bytes) {
        return Err(DecodeError::Binary(offset));
    }
    // Validation with vector instructions; the standard library's, slower, says where the
    // first invalid byte is.
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: the bytes were just found to be UTF-8, and are not changed after.
        return Ok((
            unsafe { String::from_utf8_unchecked(bytes) },
            "utf-8",
            false,
        ));
    }
    let invalid_at = std::str::from_utf8(&bytes).map_or_else(|e| e.valid_up_to(), str::len);
    match strict(GB18030, &bytes, "gb18030") {
        Some(s) if plausible_chinese(&s) => Ok((s, "gb18030", false)),
        _ => Err(DecodeError::Undecodable(format!(
            "neither UTF-8 (invalid byte at {invalid_at}) nor GB18030 text"
        ))),
    }
}

fn strict(enc: &'static Encoding, bytes: &[u8], _name: &str) -> Option<String> {
    enc.decode_without_bom_handling_and_without_replacement(bytes)
        .map(|c| c.into_owned())
}

/// GB18030 decodes many byte strings that are not GB18030 text. Accept it only when nearly all
/// non-ASCII characters are common CJK ideographs or CJK/full-width punctuation.
fn plausible_chinese(text: &str) -> bool {
    let (mut common, mut other) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_ascii()) {
        if is_common_cjk(c) {
            common += 1;
        } else {
            other += 1;
        }
    }
    common > 0 && other * 20 <= common
}

fn is_common_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF   // CJK unified ideographs
        | 0x3000..=0x303F // CJK symbols and punctuation
        | 0xFF00..=0xFFEF // full-width forms
        | 0x2010..=0x206F // general punctuation
        | 0x00B7 | 0x00D7 | 0x2160..=0x217F | 0x2460..=0x24FF | 0x25A0..=0x25FF)
}

/// The byte offset of the first control character that no text file holds (NUL and the C0
/// controls other than tab, line feed, vertical tab, form feed and carriage return; DEL).
/// These are ASCII, and an ASCII byte of UTF-8 is always a character of its own, so the bytes
/// are read 64 at a time, a block with none of them in a few vector instructions.
fn control_char_offset(text: &str) -> Option<usize> {
    let control = |b: u8| b < b'\t' || (b > b'\r' && b < b' ') || b == 0x7f;
    let bytes = text.as_bytes();
    bytes.chunks(64).enumerate().find_map(|(k, block)| {
        // no early exit within a block, so that it compiles to vector code
        let any = block.iter().fold(false, |any, &b| any | control(b));
        any.then(|| k * 64 + block.iter().position(|&b| control(b)).unwrap_or(0))
    })
}

fn detect_format(path: &Path, text: &str) -> Format {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("md" | "markdown") => Format::Markdown,
        _ if looks_like_markdown(text) => Format::Markdown,
        _ => Format::Text,
    }
}

/// A plain-text file is read as Markdown when a line is an ATX heading (`# …`) or a line holds
/// a `**…**` pair: markup that would otherwise leak into the text. The whole text is searched
/// for `**` and `#` at once, not line by line.
fn looks_like_markdown(text: &str) -> bool {
    let bytes = text.as_bytes();
    // two `**` with no line break between them
    let mut after_last = None;
    for at in memchr::memmem::find_iter(bytes, b"**") {
        if after_last.is_some_and(|end| memchr::memchr(b'\n', &bytes[end..at]).is_none()) {
            return true;
        }
        after_last = Some(at + 2);
    }
    // `#` first on its line but for white space, then up to five more and a space
    memchr::memchr_iter(b'#', bytes).any(|at| {
        let first = text[..at]
            .chars()
            .rev()
            .take_while(|&c| c != '\n')
            .all(char::is_whitespace);
        let hashes = bytes[at..].iter().take_while(|&&b| b == b'#').count();
        first && hashes <= 6 && bytes.get(at + hashes) == Some(&b' ')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test [`looks_like_markdown`] makes, line by line.
    fn looks_like_markdown_by_lines(text: &str) -> bool {
        text.lines().any(|line| {
            let t = line.trim_start();
            let hashes = t.bytes().take_while(|&b| b == b'#').count();
            let heading = (1..=6).contains(&hashes) && t[hashes..].starts_with(' ');
            let strong = t.matches("**").count() >= 2;
            heading || strong
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]
        #[test]
        fn markdown_is_what_a_line_by_line_test_says(text in "[#* \n\r\u{3000}a]{0,16}") {
            proptest::prop_assert_eq!(looks_like_markdown(&text), looks_like_markdown_by_lines(&text));
        }
    }

    #[test]
    fn markdown_markup_that_makes_a_text_file_markdown() {
        for (text, markdown) in [
            ("正文\n## 一、总则\n", true),
            ("\u{3000}# 标题", true),
            ("####### 七个", false),
            ("#标题", false),
            ("正文 #1 号", false),
            ("**加粗**", true),
            ("***", false),
            ("****", true),
            ("**一\n二**", false),
        ] {
            assert_eq!(looks_like_markdown(text), markdown, "{text:?}");
            assert_eq!(looks_like_markdown_by_lines(text), markdown, "{text:?}");
        }
    }

    fn dec(bytes: &[u8]) -> Result<Source, Error> {
        decode(Path::new("x.txt"), bytes)
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let s = dec("福建省".as_bytes()).unwrap();
        assert_eq!(
            (s.text.as_str(), s.encoding, s.bom),
            ("福建省", "utf-8", false)
        );
        let s = dec(b"\xEF\xBB\xBF\xE7\xA6\x8F").unwrap();
        assert_eq!((s.text.as_str(), s.encoding, s.bom), ("福", "utf-8", true));
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        for u in "福建 ok".encode_utf16() {
            le.extend(u.to_le_bytes());
        }
        let s = dec(&le).unwrap();
        assert_eq!((s.text.as_str(), s.encoding), ("福建 ok", "utf-16le"));
        let mut be = vec![0xFE, 0xFF];
        for u in "福建".encode_utf16() {
            be.extend(u.to_be_bytes());
        }
        assert_eq!(dec(&be).unwrap().encoding, "utf-16be");
    }

    #[test]
    fn gbk_is_detected() {
        let (bytes, _, _) = GB18030.encode("福建省工业和信息化厅关于印发的通知。");
        let s = dec(&bytes).unwrap();
        assert_eq!(s.encoding, "gb18030");
        assert_eq!(s.text, "福建省工业和信息化厅关于印发的通知。");
    }

    #[test]
    fn bad_inputs_are_errors() {
        assert!(matches!(dec(b""), Err(Error::Empty { .. })));
        assert!(matches!(dec(b" \n\t\r\n"), Err(Error::Empty { .. })));
        assert!(matches!(
            dec(b"abc\0def"),
            Err(Error::Binary { offset: 3, .. })
        ));
        assert!(matches!(dec(b"abc\x01def"), Err(Error::Binary { .. })));
        assert!(matches!(
            dec(b"\xFF\xFF\xFF\x80abc"),
            Err(Error::Undecodable { .. })
        ));
    }

    #[test]
    fn control_characters_are_found_wherever_they_are() {
        // the scan reads blocks of 64 bytes: before, at and after their edges
        let line = "一、总则\t第1条\r\n".repeat(20);
        assert_eq!(control_char_offset(&line), None);
        for at in [0, 1, 62, 63, 64, 65, 127, 128, 200, line.len()] {
            for control in ['\0', '\x01', '\x08', '\x0e', '\x1f', '\x7f'] {
                let mut text = line.clone();
                // a character boundary at or after `at`
                let at = (at..=text.len())
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap();
                text.insert(at, control);
                assert_eq!(control_char_offset(&text), Some(at), "{control:?} at {at}");
            }
        }
        for allowed in ['\t', '\n', '\x0b', '\x0c', '\r', ' ', '~', '\u{80}'] {
            assert_eq!(control_char_offset(&format!("{line}{allowed}{line}")), None);
        }
    }

    #[test]
    fn markdown_is_sniffed_in_txt() {
        assert_eq!(dec(b"# title\n\ntext").unwrap().format, Format::Markdown);
        assert_eq!(
            dec("**（二）加强。**正文".as_bytes()).unwrap().format,
            Format::Markdown
        );
        assert_eq!(
            dec("一、总则\n#1 not heading".as_bytes()).unwrap().format,
            Format::Text
        );
        let md = decode(Path::new("a.MD"), b"plain").unwrap();
        assert_eq!(md.format, Format::Markdown);
    }
}
