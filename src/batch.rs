//! Batch runs: which files a run reads, what ids their outputs get, and `index.json`.
//!
//! Folders are walked recursively in sorted order (symbolic links followed, loops reported),
//! keeping `.txt`, `.md` and `.markdown` files. A document's id is its path relative to the
//! folder it was found in, without the extension (`sub/doc` for `input/sub/doc.txt`); a file
//! named on the command line gets its file stem. Ids that would collide get `~2`, `~3`…
//! in input order, so outputs never overwrite each other.

use std::collections::HashMap;
use std::fs;
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::Document;
use crate::error::Error;

/// One document to process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    pub id: String,
}

/// Whether a file in a folder is a document gongwen reads.
pub fn is_document(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "txt" | "md" | "markdown"))
}

/// The inputs named by `paths`, and the errors met while walking them.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<Input>, Vec<Error>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        match fs::metadata(root) {
            Err(source) => errors.push(Error::Io {
                path: root.clone(),
                source,
            }),
            Ok(m) if m.is_dir() => {
                let walk = walkdir::WalkDir::new(root)
                    .follow_links(true)
                    .sort_by_file_name();
                for entry in walk {
                    match entry {
                        Ok(e) if e.file_type().is_file() && is_document(e.path()) => {
                            let rel = e.path().strip_prefix(root).unwrap_or(e.path());
                            inputs.push(Input {
                                path: e.path().to_path_buf(),
                                id: id_of(rel),
                            });
                        }
                        Ok(_) => {}
                        Err(err) => {
                            let path = err.path().unwrap_or(root).to_path_buf();
                            let source = err
                                .into_io_error()
                                .unwrap_or_else(|| std::io::Error::other("symbolic link loop"));
                            errors.push(Error::Io { path, source });
                        }
                    }
                }
            }
            Ok(_) => {
                let stem = root
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                inputs.push(Input {
                    path: root.clone(),
                    id: stem,
                });
            }
        }
    }
    dedupe_ids(&mut inputs);
    (inputs, errors)
}

fn id_of(rel: &Path) -> String {
    let s = crate::display_path(&rel.with_extension(""));
    if s.is_empty() {
        "document".to_owned()
    } else {
        s
    }
}

fn dedupe_ids(inputs: &mut [Input]) {
    let mut seen: HashMap<String, u32> = HashMap::new();
    for input in inputs.iter_mut() {
        let n = seen.entry(input.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            let mut k = *n;
            loop {
                let candidate = format!("{}~{k}", input.id);
                if !seen.contains_key(&candidate) {
                    seen.insert(candidate.clone(), 1);
                    input.id = candidate;
                    break;
                }
                k += 1;
            }
        }
    }
}

/// The output file of a document id, relative to the output folder.
pub fn output_name(id: &str) -> String {
    format!("{id}.json")
}

/// Counts of what was found in one document.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Counts {
    pub chars: usize,
    pub clauses: usize,
    pub entities: usize,
    pub boilerplate: usize,
    pub warnings: usize,
}

/// One row of `index.json`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct IndexRow {
    pub id: String,
    pub path: String,
    pub output: String,
    pub sha256: String,
    pub format: String,
    pub encoding: String,
    pub counts: Counts,
    /// Warning codes, in text order.
    pub warnings: Vec<String>,
}

impl IndexRow {
    pub fn of(doc: &Document) -> IndexRow {
        IndexRow {
            id: doc.id.clone(),
            path: doc.source.path.clone(),
            output: output_name(&doc.id),
            sha256: doc.source.sha256.clone(),
            format: doc.source.format.to_owned(),
            encoding: doc.source.encoding.to_owned(),
            counts: Counts {
                chars: doc.text.chars().count(),
                clauses: doc.clauses.iter().filter(|c| c.kind == "clause").count(),
                entities: doc.entities.len(),
                boilerplate: doc.boilerplate.len(),
                warnings: doc.warnings.len(),
            },
            warnings: doc.warnings.iter().map(|w| w.code.to_owned()).collect(),
        }
    }
}

/// A document that could not be processed.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Failure {
    pub path: String,
    pub error: String,
    pub message: String,
}

impl Failure {
    pub fn of(path: &Path, err: &Error) -> Failure {
        Failure {
            path: crate::display_path(path),
            error: err.code().to_owned(),
            message: err.to_string(),
        }
    }
}

/// The version of the pipeline, written into `index.json`.
pub const PIPELINE: &str = concat!("gongwen ", env!("CARGO_PKG_VERSION"));

/// A fingerprint of the code and data that produce the output (see `build.rs`): an unchanged
/// document is reprocessed when it changes.
pub const BUILD: &str = env!("GONGWEN_BUILD");

/// `index.json`: one row per document written, one per document that failed, sorted.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Index {
    pub schema: String,
    pub pipeline: String,
    pub build: String,
    pub documents: Vec<IndexRow>,
    pub failed: Vec<Failure>,
}

impl Index {
    pub fn new(mut documents: Vec<IndexRow>, mut failed: Vec<Failure>) -> Index {
        documents.sort_by(|a, b| a.id.cmp(&b.id));
        failed.sort_by(|a, b| a.path.cmp(&b.path));
        Index {
            schema: "gongwen-index/1".to_owned(),
            pipeline: PIPELINE.to_owned(),
            build: BUILD.to_owned(),
            documents,
            failed,
        }
    }

    /// Reads an `index.json`; `None` when there is none or it cannot be read.
    pub fn read(path: &Path) -> Option<Index> {
        serde_json::from_str(&fs::read_to_string(path).ok()?).ok()
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("index always serializes");
        s.push('\n');
        s
    }
}

/// Writes `contents` to `path` through a temporary file in the same folder and a rename, so a
/// reader (or an interrupted run) never sees a half-written file. There is no fsync: the rename
/// protects against a crash of the process, and a dataset that is regenerated from its inputs
/// does not need to survive a power cut (profiling showed the fsyncs at 16% of a run).
///
/// A file that already holds `contents` is left alone, modification time included: a run
/// that regenerates a dataset rewrites only what changed.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut file = AtomicFile::create(path, Some(contents.len() as u64))?;
    file.write(contents)?;
    file.finish()
}

/// [`write_atomic`] in pieces, for contents that are never whole in memory: the pieces go to
/// the temporary file, renamed over `path` by [`AtomicFile::finish`]. While the pieces are the
/// bytes the file already holds, they are compared with them and nothing is written, so a file
/// they turn out to equal is left alone, and no temporary file is made for it. Dropped
/// unfinished, it removes its temporary file and leaves `path` as it was.
pub struct AtomicFile {
    path: PathBuf,
    /// The file as it was, while every piece so far has matched its bytes.
    old: Option<SameBytes>,
    /// The bytes written (or matched) so far.
    len: u64,
    /// The temporary file, made once a piece differs from the old file or there is none.
    tmp: Option<(PathBuf, fs::File)>,
}

/// A file read alongside pieces of bytes, to tell whether it holds exactly them.
pub struct SameBytes {
    file: fs::File,
    /// The file's next bytes, read to compare with a piece.
    scratch: Vec<u8>,
}

impl SameBytes {
    pub fn open(path: &Path) -> io::Result<SameBytes> {
        fs::File::open(path).map(SameBytes::of)
    }

    fn of(file: fs::File) -> SameBytes {
        SameBytes {
            file,
            scratch: Vec::new(),
        }
    }

    /// Whether the file's next bytes are `piece`.
    pub fn next_is(&mut self, piece: &[u8]) -> bool {
        self.scratch.resize(piece.len(), 0);
        self.file.read_exact(&mut self.scratch).is_ok() && self.scratch == piece
    }

    /// Whether the file has no more bytes.
    pub fn at_end(&mut self) -> io::Result<bool> {
        Ok(self.file.read(&mut [0])? == 0)
    }
}

impl AtomicFile {
    /// Starts writing `path`. `size`, when known, is the size the file will have: an old file
    /// of another size is not read.
    pub fn create(path: &Path, size: Option<u64>) -> io::Result<AtomicFile> {
        let old = fs::File::open(path).ok().filter(|f| {
            f.metadata()
                .is_ok_and(|m| m.is_file() && size.is_none_or(|n| m.len() == n))
        });
        let mut file = AtomicFile {
            path: path.to_path_buf(),
            old: old.map(SameBytes::of),
            len: 0,
            tmp: None,
        };
        if file.old.is_none() {
            file.diverge()?;
        }
        Ok(file)
    }

    /// Writes the next piece.
    pub fn write(&mut self, piece: &[u8]) -> io::Result<()> {
        if let Some(old) = &mut self.old {
            if old.next_is(piece) {
                self.len += piece.len() as u64;
                return Ok(());
            }
            self.diverge()?;
        }
        let (_, tmp) = self
            .tmp
            .as_mut()
            .expect("a file that differs has a temporary file");
        tmp.write_all(piece)?;
        self.len += piece.len() as u64;
        Ok(())
    }

    /// Ends the file: renames the temporary file over `path`, unless the pieces were the old
    /// file's bytes, all of them.
    pub fn finish(mut self) -> io::Result<()> {
        if let Some(old) = &mut self.old {
            if old.at_end()? {
                return Ok(());
            }
            self.diverge()?;
        }
        let (tmp, file) = self
            .tmp
            .take()
            .expect("a file that differs has a temporary file");
        drop(file);
        fs::rename(&tmp, &self.path).inspect_err(|_| {
            let _ = fs::remove_file(&tmp);
        })
    }

    /// Makes the temporary file, with the bytes that matched the old file so far, and stops
    /// comparing.
    fn diverge(&mut self) -> io::Result<()> {
        let dir = self
            .path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(dir)?;
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let file = fs::File::create(&tmp)?;
        let (_, file) = self.tmp.insert((tmp, file));
        if let Some(SameBytes { file: mut old, .. }) = self.old.take() {
            old.seek(io::SeekFrom::Start(0))?;
            let copied = io::copy(&mut old.take(self.len), file)?;
            if copied != self.len {
                return Err(io::Error::other(format!(
                    "{} changed while it was compared",
                    self.path.display()
                )));
            }
        }
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some((tmp, _)) = self.tmp.take() {
            let _ = fs::remove_file(tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unchanged_file_is_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        write_atomic(&path, b"{}").unwrap();
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(old)
            .unwrap();
        write_atomic(&path, b"{}").unwrap();
        assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), old);
        write_atomic(&path, b"[]").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"[]");
        assert_ne!(fs::metadata(&path).unwrap().modified().unwrap(), old);
    }

    #[test]
    fn a_file_written_in_pieces_is_rewritten_only_when_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        let in_pieces = |pieces: &[&str]| {
            let mut file = AtomicFile::create(&path, None).unwrap();
            for piece in pieces {
                file.write(piece.as_bytes()).unwrap();
            }
            file.finish().unwrap();
        };
        let entries = || fs::read_dir(dir.path()).unwrap().count();
        in_pieces(&["abc", "def", "g"]);
        assert_eq!(fs::read(&path).unwrap(), b"abcdefg");
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        let set_old = || {
            let f = fs::File::options().write(true).open(&path).unwrap();
            f.set_modified(old).unwrap();
        };
        let modified = || fs::metadata(&path).unwrap().modified().unwrap();
        set_old();
        in_pieces(&["ab", "cdefg"]);
        assert_eq!(modified(), old, "the same bytes in other pieces");
        // differs in a later piece, ends early, runs on: what matched is kept
        for (pieces, whole) in [
            (&["abc", "dXf", "g"][..], "abcdXfg"),
            (&["abc", "d"][..], "abcd"),
            (&["abcd", "efgh", "ij"][..], "abcdefghij"),
            (&["ab"][..], "ab"),
        ] {
            set_old();
            in_pieces(pieces);
            assert_eq!(fs::read_to_string(&path).unwrap(), whole);
            assert_ne!(modified(), old);
            assert_eq!(entries(), 1, "no temporary file is left");
        }
        let mut file = AtomicFile::create(&path, None).unwrap();
        file.write(b"xyz").unwrap();
        drop(file);
        assert_eq!(
            fs::read(&path).unwrap(),
            b"ab",
            "an unfinished file changes nothing"
        );
        assert_eq!(entries(), 1);
    }

    #[test]
    fn colliding_ids_get_suffixes() {
        let mut inputs: Vec<Input> = ["a", "b", "a", "a~2", "a"]
            .iter()
            .map(|id| Input {
                path: PathBuf::from(id),
                id: id.to_string(),
            })
            .collect();
        dedupe_ids(&mut inputs);
        let ids: Vec<_> = inputs.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "a~2", "a~2~2", "a~3"]);
    }

    #[test]
    fn documents_by_extension() {
        assert!(is_document(Path::new("a/b.TXT")));
        assert!(is_document(Path::new("b.markdown")));
        assert!(!is_document(Path::new("b.pdf")));
        assert!(!is_document(Path::new("README")));
    }
}
