//! gongwen turns raw Chinese government documents into structured, verifiable JSON.
//!
//! The pipeline, one module per stage, one type between stages:
//!
//! ```text
//! bytes ─ingest─▶ Source ─normalize─▶ NormDoc ─structure─▶ Outline ─extract─▶ entities ─emit─▶ Document
//! ```
//!
//! - [`ingest`]: decode UTF-8 / UTF-16 / GB18030, tell text from Markdown.
//! - [`normalize`]: one normalized text with a map back to the source; Markdown markup removed,
//!   broken lines repaired, page chrome marked.
//! - [`structure`]: GB/T 9704 metadata and the clause tree.
//! - [`extract`]: entities (amounts, percentages, dates, places, departments…) with exact values.
//! - [`emit`]: the JSON wire format (`gongwen/1`).
//!
//! Only [`process_file`] does I/O; everything after it works in memory, so a document can be
//! tested end to end without files. Odd text is never an error: only input that is not a text
//! document at all is (see [`Error`]).

pub mod batch;
pub mod diff;
pub mod emit;
pub mod error;
pub mod eval;
pub mod extract;
pub mod gazetteer;
pub mod ingest;
pub mod names;
pub mod normalize;
pub mod patterns;
pub(crate) mod phone;
pub mod span;
pub mod structure;

use std::path::Path;

pub use emit::Document;
pub use error::Error;

/// Runs the whole pipeline over the bytes of one document.
///
/// `path` names the document in the output and in errors; `id` is its output id.
pub fn process(id: &str, path: &Path, bytes: &[u8]) -> Result<Document, Error> {
    prepare(id, path, bytes).map(finish)
}

/// A document decoded, normalized and structured: the stages that need none of the tables
/// extraction loads (see [`extract::ready`]), so that a run can prepare documents while they
/// load.
pub struct Prepared {
    id: String,
    path: String,
    /// The source's facts for the output; its text, normalized into `doc`, is dropped.
    source: ingest::Source,
    doc: normalize::NormDoc,
    outline: structure::Outline,
}

/// The first half of [`process`]: decoding, normalization, structure.
pub fn prepare(id: &str, path: &Path, bytes: &[u8]) -> Result<Prepared, Error> {
    prepare_hashed(id, path, bytes.to_vec(), None)
}

/// [`prepare`] of bytes the caller gives up, given their SHA-256 when it is already known
/// (see [`ingest::decode_hashed`]).
pub fn prepare_hashed(
    id: &str,
    path: &Path,
    bytes: Vec<u8>,
    sha256: Option<String>,
) -> Result<Prepared, Error> {
    let mut source = ingest::decode_hashed(path, bytes, sha256)?;
    let doc = normalize::normalize(&source);
    // `doc` holds the text now, with its way back to the source's characters: no later stage
    // reads the source's text, and a large document's memory is less by its size
    source.text = String::new();
    let outline = structure::structure(&doc);
    Ok(Prepared {
        id: id.to_owned(),
        path: display_path(path),
        source,
        doc,
        outline,
    })
}

/// The second half of [`process`]: extraction and the output document.
pub fn finish(prepared: Prepared) -> Document {
    let Prepared {
        id,
        path,
        source,
        doc,
        mut outline,
    } = prepared;
    let found = extract::extract(&doc, &outline);
    outline.warnings.extend(found.warnings);
    outline.warnings.sort_by_key(|w| w.span);
    // Structure and extract may both report one repair (a damaged date line).
    outline
        .warnings
        .dedup_by(|a, b| a.code == b.code && a.span == b.span);
    Document::build(id, path, &source, doc, outline, found.entities)
}

/// Reads the bytes of `path`, refusing files over the size limit before reading them, and a
/// pipe (whose size is not known before) once it has given more than the limit.
pub fn read_input(path: &Path) -> Result<Vec<u8>, Error> {
    use std::io::Read as _;
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let too_large = |size| Error::TooLarge {
        path: path.to_path_buf(),
        size,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > error::MAX_INPUT_BYTES {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(error::MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > error::MAX_INPUT_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads `path` and processes it.
pub fn process_file(id: &str, path: &Path) -> Result<Document, Error> {
    prepare_hashed(id, path, read_input(path)?, None).map(finish)
}

/// A path as written in the output: `/`-separated, whatever the platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
