//! Helpers shared by the tests that run the `gongwen` binary.
#![allow(dead_code)] // each test file uses its own subset

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs `gongwen ARGS` in `dir`.
pub fn gongwen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

/// Runs `gongwen ARGS` in `dir` with `input` on standard input.
pub fn gongwen_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// Bytes as text, lossily.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The standard error of a run.
pub fn stderr(o: &Output) -> String {
    text(&o.stderr)
}
