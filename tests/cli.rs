//! The `gongwen` binary, run in temporary folders: bad input gets one clear line naming the
//! file and the reason, other documents still go through, and the exit code says so.

mod common;

use common::{gongwen, stderr};
use std::fs;
use std::path::Path;

const GOOD: &str = "关于某事的通知\n闽政办〔2024〕25号\n各单位：\n一、总则\n正文。\n福建省人民政府办公厅\n2024年7月22日\n";

#[test]
fn bad_files_are_reported_and_good_ones_written() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(input.join("sub")).unwrap();
    fs::write(input.join("good.txt"), GOOD).unwrap();
    fs::write(input.join("sub/good.txt"), GOOD).unwrap(); // same stem, other folder
    fs::write(input.join("empty.txt"), "").unwrap();
    fs::write(input.join("blank.txt"), " \n\u{3000}\n").unwrap();
    fs::write(input.join("binary.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    fs::write(input.join("latin1.txt"), b"caf\xe9 na\xefve \xff\xfe\x80").unwrap();
    let (gbk, _, _) = encoding_rs::GB18030.encode(GOOD);
    fs::write(input.join("gbk.txt"), &gbk).unwrap();
    fs::write(input.join("notes.pdf"), b"%PDF").unwrap(); // not a document: not read

    let out = gongwen(tmp.path(), &["extract", "in", "-o", "out"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    for (file, reason) in [
        ("empty.txt", "empty document"),
        ("blank.txt", "empty document"),
        ("binary.txt", "binary file"),
        ("latin1.txt", "undecodable"),
    ] {
        let line = err
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("no line for {file} in:\n{err}"));
        assert!(line.contains(reason), "{line}");
    }
    assert!(!err.contains("panicked"));
    for name in ["good.json", "sub/good.json", "gbk.json", "index.json"] {
        assert!(
            tmp.path().join("out").join(name).is_file(),
            "{name} missing"
        );
    }
    let index: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(tmp.path().join("out/index.json")).unwrap())
            .unwrap();
    assert_eq!(index["documents"].as_array().unwrap().len(), 3);
    assert_eq!(index["failed"].as_array().unwrap().len(), 4);
    let gbk_doc: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(tmp.path().join("out/gbk.json")).unwrap())
            .unwrap();
    assert_eq!(gbk_doc["source"]["encoding"], "gb18030");
    assert_eq!(gbk_doc["metadata"]["date"], "2024-07-22");
    // no temporary files are left behind
    let leftovers: Vec<_> = fs::read_dir(tmp.path().join("out"))
        .unwrap()
        .filter_map(|e| {
            let n = e.unwrap().file_name().to_string_lossy().into_owned();
            n.ends_with(".tmp").then_some(n)
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn all_good_exits_zero_and_missing_path_exits_two() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("a 文件.txt"), GOOD).unwrap();
    let out = gongwen(tmp.path(), &["extract", "a 文件.txt", "-o", "out", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).is_empty());
    assert!(tmp.path().join("out/a 文件.json").is_file());

    let out = gongwen(tmp.path(), &["extract", "nope", "-o", "out2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("nope: cannot read"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_document_that_cannot_be_written_fails_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).unwrap();
    for name in ["a.txt", "b.txt", "c.txt"] {
        fs::write(input.join(name), GOOD).unwrap();
    }
    // b's output path is taken by a folder that is not empty
    fs::create_dir_all(tmp.path().join("out/b.json/kept")).unwrap();
    for threads in ["1", "2"] {
        let out = gongwen(
            tmp.path(),
            &["extract", "in", "-o", "out", "-j", threads, "--force"],
        );
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let err = stderr(&out);
        let line = err
            .lines()
            .find(|l| l.contains("b.txt"))
            .unwrap_or_else(|| panic!("no line for b.txt in:\n{err}"));
        assert!(
            line.contains("cannot write") && line.contains("b.json"),
            "{line}"
        );
        assert!(!err.contains("a.txt") && !err.contains("c.txt"), "{err}");
        for name in ["a.json", "c.json"] {
            assert!(
                tmp.path().join("out").join(name).is_file(),
                "{name} missing"
            );
        }
        assert!(tmp.path().join("out/b.json/kept").is_dir());
        let index: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(tmp.path().join("out/index.json")).unwrap())
                .unwrap();
        let ids: Vec<&str> = index["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["a", "c"]);
        assert_eq!(index["failed"][0]["error"], "write");
    }
}

#[test]
fn output_bytes_do_not_depend_on_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    let root = root.to_str().unwrap();
    for (threads, out) in [("1", "one"), ("4", "four")] {
        let o = gongwen(
            tmp.path(),
            &["extract", root, "-o", out, "-j", threads, "-q"],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let names: Vec<_> = fs::read_dir(tmp.path().join("one"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(names.len() >= 6);
    for name in names {
        let a = fs::read(tmp.path().join("one").join(&name)).unwrap();
        let b = fs::read(tmp.path().join("four").join(&name)).unwrap();
        assert!(a == b, "{name:?} differs between -j1 and -j4");
    }
}

#[test]
fn a_file_over_the_size_limit_is_refused_unread() {
    let tmp = tempfile::tempdir().unwrap();
    let f = fs::File::create(tmp.path().join("huge.txt")).unwrap();
    f.set_len(gongwen::error::MAX_INPUT_BYTES + 1).unwrap(); // sparse: costs no disk
    fs::write(tmp.path().join("ok.txt"), GOOD).unwrap();
    let out = gongwen(tmp.path(), &["extract", ".", "-o", "out"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.lines()
            .any(|l| l.contains("huge.txt") && l.contains("too large")),
        "{err}"
    );
    assert!(tmp.path().join("out/ok.json").is_file());
}

#[test]
fn a_large_document_is_written_in_pieces_as_it_would_be_whole() {
    // JSON of several megabytes: the command line writes it in pieces as it is made
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let body = |lines: std::ops::RangeInclusive<u32>| -> String {
        lines
            .map(|n| format!("（{n}）鼓楼区安排“专项”资金{n}万元，用于\\项目。\n"))
            .collect()
    };
    let mut text = String::from("关于某事的通知\n各单位：\n一、总则\n") + &body(1..=12_000);
    let expected =
        |text: &str| gongwen::process("big", Path::new("big.txt"), text.as_bytes()).unwrap();
    fs::write(dir.join("big.txt"), &text).unwrap();
    let doc = expected(&text);
    let whole = doc.to_json();
    assert!(whole.len() > 2 * (4 << 20), "{} bytes of JSON", whole.len());

    let out = gongwen(dir, &["extract", "big.txt", "-o", "out", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let file = dir.join("out/big.json");
    assert!(fs::read_to_string(&file).unwrap() == whole);
    let lines = gongwen(dir, &["extract", "big.txt", "--format", "jsonl", "-q"]);
    assert!(lines.stdout == (serde_json::to_string(&doc).unwrap() + "\n").as_bytes());
    // from standard input: to standard output, as JSON Lines, and to a file
    let piped = gongwen::process("stdin", Path::new("-"), text.as_bytes()).unwrap();
    let stdin = |args: &[&str]| {
        let o = common::gongwen_stdin(dir, args, text.as_bytes());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        o.stdout
    };
    assert!(stdin(&["extract", "-"]) == piped.to_json().as_bytes());
    let line = serde_json::to_string(&piped).unwrap() + "\n";
    assert!(stdin(&["extract", "-", "--format", "jsonl"]) == line.as_bytes());
    stdin(&["extract", "-", "big.txt", "-o", "both", "-q"]);
    assert!(fs::read_to_string(dir.join("both/stdin.json")).unwrap() == piped.to_json());

    // the same bytes again: the file is compared piece by piece and left alone
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
    let set_old = || {
        let f = fs::File::options().write(true).open(&file).unwrap();
        f.set_modified(old).unwrap();
    };
    let modified = || fs::metadata(&file).unwrap().modified().unwrap();
    set_old();
    let out = gongwen(dir, &["extract", "big.txt", "-o", "out", "-q", "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(modified(), old);
    // a change near the end: rewritten, and nothing else left in the folder
    text.push_str(&body(12_001..=12_001));
    fs::write(dir.join("big.txt"), &text).unwrap();
    let out = gongwen(dir, &["extract", "big.txt", "-o", "out", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_ne!(modified(), old);
    assert!(fs::read_to_string(&file).unwrap() == expected(&text).to_json());
    let mut names: Vec<_> = fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["big.json", "index.json"]);
}
