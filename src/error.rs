//! The one error type of the library: why a document could not be read.
//!
//! Odd text is never an error (it gives warnings in the record); only input that is not a
//! text document at all, or cannot be read, is.

use std::path::PathBuf;

/// The largest input accepted, in bytes (64 MiB).
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: empty document (no text)")]
    Empty { path: PathBuf },
    #[error("{path}: binary file (NUL or control bytes at byte {offset}), not a text document")]
    Binary { path: PathBuf, offset: usize },
    #[error("{path}: undecodable: {reason}")]
    Undecodable { path: PathBuf, reason: String },
    #[error("{path}: too large ({size} bytes; the limit is {MAX_INPUT_BYTES} bytes)")]
    TooLarge { path: PathBuf, size: u64 },
}

impl Error {
    /// A short stable code for the error, used in `index.json`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::Empty { .. } => "empty",
            Error::Binary { .. } => "binary",
            Error::Undecodable { .. } => "undecodable",
            Error::TooLarge { .. } => "too_large",
        }
    }
}
