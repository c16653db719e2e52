//! Batch runs: which files a run reads, what ids their outputs get, and `index.json`.
//!
//! Folders are walked recursively in sorted order (symbolic links followed, loops reported),
//! keeping `.txt`, `.md` and `.markdown` files. A document's id is its path relative to the
//! folder it was found in, without the extension (`sub/doc` for `input/sub/doc.txt`); a file
//! named on the command line gets its file stem. Ids that would collide get `~2`, `~3`…
//! in input order, so outputs never overwrite each other.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
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
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let same_size = fs::metadata(path).is_ok_and(|m| m.len() == contents.len() as u64);
    if same_size && fs::read(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(contents)?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
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
