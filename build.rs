//! Fingerprints the code and data that produce the output, so that an incremental run never
//! reuses an output written by other code: `GONGWEN_BUILD` is the first 12 hex digits of the
//! SHA-256 of `Cargo.toml`, `Cargo.lock` and every file under `src/` and `data/`, read in sorted
//! order (contents only, not times, so every machine computes the same value).

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
}
