//! The dataset workflow: incremental runs, `extract --check`, `diff`, streaming.

mod common;

use common::{gongwen, gongwen_stdin, text};
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

/// A temporary folder with a copy of the bundled inputs in `in/`.
fn workspace() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("in")).unwrap();
    for e in fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("input")).unwrap() {
        let p = e.unwrap().path();
        fs::copy(&p, tmp.path().join("in").join(p.file_name().unwrap())).unwrap();
    }
    tmp
}

const REPLY: &str = "in/000_a29b4a89b39cb9c0.txt";

#[test]
fn diff_shows_exactly_a_deliberate_change() {
    let tmp = workspace();
    let dir = tmp.path();
    assert!(
        gongwen(dir, &["extract", "in", "-o", "before", "-q"])
            .status
            .success()
    );
    let src = fs::read_to_string(dir.join(REPLY)).unwrap();
    // Change the date, and drop clause 三 (its heading and two paragraphs).
    let start = src.find("三、关于强化区域产业布局").unwrap();
    let end = src.find("四、关于构建大招商工作格局").unwrap();
    let changed =
        format!("{}{}", &src[..start], &src[end..]).replace("2024年5月20日", "2024年5月21日");
    fs::write(dir.join(REPLY), changed).unwrap();
    assert!(
        gongwen(dir, &["extract", "in", "-o", "after", "-q"])
            .status
            .success()
    );

    let out = gongwen(dir, &["diff", "before", "after"]);
    assert_eq!(out.status.code(), Some(1));
    let report = text(&out.stdout);
    assert!(
        report.contains("~ document 000_a29b4a89b39cb9c0"),
        "{report}"
    );
    assert!(
        report.contains("metadata date: \"2024-05-20\" -> \"2024-05-21\""),
        "{report}"
    );
    assert!(
        report.contains("1 documents changed, 0 added, 0 removed"),
        "{report}"
    );
    // Clause 三 is gone; 四 is now 3 (re-numbered ids), nothing else changed.
    let json = gongwen(dir, &["diff", "before", "after", "--format", "json"]);
    let v: serde_json::Value =
        serde_json::from_slice(&json.stdout).expect("the JSON form parses back");
    assert_eq!(v["documents"].as_array().unwrap().len(), 1);
    let doc = &v["documents"][0];
    assert_eq!(doc["metadata"].as_array().unwrap().len(), 1);
    assert_eq!(doc["metadata"][0]["field"], "date");
    let changes: Vec<(String, String)> = doc["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let ids = match c["change"].as_str().unwrap() {
                "renumbered" => format!(
                    "{}->{}",
                    c["old_id"].as_str().unwrap(),
                    c["new_id"].as_str().unwrap()
                ),
                _ => c["id"].as_str().unwrap().to_owned(),
            };
            (c["change"].as_str().unwrap().to_owned(), ids)
        })
        .collect();
    let expected =
        [("renumbered", "4->3"), ("removed", "3")].map(|(a, b)| (a.to_owned(), b.to_owned()));
    assert_eq!(changes, expected, "{doc}");
    assert!(
        report.contains("  - clause 3: 三、关于强化区域产业布局"),
        "{report}"
    );
    assert_eq!(v["totals"]["metadata"]["changed"], 1);

    // Equal datasets: exit 0.
    let same = gongwen(dir, &["diff", "before", "before"]);
    assert_eq!(same.status.code(), Some(0));
    // Two single files work too.
    let one = gongwen(
        dir,
        &[
            "diff",
            "before/000_a29b4a89b39cb9c0.json",
            "after/000_a29b4a89b39cb9c0.json",
        ],
    );
    assert_eq!(one.status.code(), Some(1));
    // A missing side is an error: exit 2.
    assert_eq!(
        gongwen(dir, &["diff", "before", "nope"]).status.code(),
        Some(2)
    );
}

#[test]
fn folders_are_compared_a_document_at_a_time_as_they_are_whole() {
    use gongwen::diff::{self, DocView};
    use std::collections::BTreeMap;
    let tmp = workspace();
    let dir = tmp.path();
    // ids in a subfolder too: "sub/…" sorts apart from "sub-…" by id and by path
    fs::create_dir(dir.join("in/sub")).unwrap();
    fs::copy(dir.join(REPLY), dir.join("in/sub/reply.txt")).unwrap();
    fs::copy(dir.join(REPLY), dir.join("in/sub-reply.txt")).unwrap();
    let run = |out: &str| {
        let o = gongwen(dir, &["extract", "in", "-o", out, "-q"]);
        assert!(o.status.success(), "{}", text(&o.stderr));
    };
    run("before");
    // changed, removed, added
    let src = fs::read_to_string(dir.join(REPLY)).unwrap();
    fs::write(
        dir.join("in/sub/reply.txt"),
        src.replace("2024年5月20日", "2024年5月21日"),
    )
    .unwrap();
    fs::remove_file(dir.join("in/sub-reply.txt")).unwrap();
    fs::write(dir.join("in/new.txt"), src.replace("福州", "厦门")).unwrap();
    run("after");

    let listed = |d: &str| -> BTreeMap<String, std::path::PathBuf> {
        let root = dir.join(d);
        diff::document_files(&root)
            .unwrap()
            .into_iter()
            .map(|name| {
                let id = gongwen::display_path(&name.with_extension(""));
                (id, root.join(name))
            })
            .collect()
    };
    let whole = |d: &str| -> Vec<DocView> {
        diff::load_dir(&dir.join(d))
            .unwrap()
            .into_iter()
            .map(|(_, v)| v)
            .collect()
    };
    let load = |p: &std::path::PathBuf| diff::load_file(p);
    let expected = diff::diff_sets(&whole("before"), &whole("after"));
    let lazily = diff::diff_listed(&listed("before"), load, &listed("after"), load)
        .unwrap()
        .expect("every file is named by its id");
    assert_eq!(lazily, expected);
    assert_eq!(expected.added_documents, ["new"]);
    assert_eq!(expected.removed_documents, ["sub-reply"]);
    assert_eq!(expected.documents.len(), 1);
    assert_eq!(expected.documents[0].id, "sub/reply");
    // and merged from a report per document, as `extract --check` makes it
    let (old, new) = (whole("before"), whole("after"));
    let mut ids: Vec<&str> = old.iter().chain(&new).map(|d| d.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let with = |set: &[DocView], id: &str| -> Vec<DocView> {
        set.iter().filter(|d| d.id == id).cloned().collect()
    };
    let merged = diff::Report::merge(
        ids.iter()
            .rev()
            .map(|id| diff::diff_sets(&with(&old, id), &with(&new, id))),
    );
    assert_eq!(merged, expected);

    // A file renamed by hand no longer holds the id it is listed under: the folders are then
    // compared whole, by the ids the documents hold, and the command says the same.
    fs::rename(dir.join("after/new.json"), dir.join("after/renamed.json")).unwrap();
    assert_eq!(
        diff::diff_listed(&listed("before"), load, &listed("after"), load).unwrap(),
        None
    );
    assert_eq!(diff::diff_sets(&whole("before"), &whole("after")), expected);
    let json = gongwen(dir, &["diff", "before", "after", "--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&json.stdout).unwrap(),
        serde_json::to_value(&expected).unwrap()
    );
}

#[test]
fn diff_against_a_git_revision() {
    let tmp = workspace();
    let dir = tmp.path();
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .current_dir(dir)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "git {args:?}: {}", text(&o.stderr));
    };
    let run = |out: &str| {
        let o = gongwen(dir, &["extract", "in", "-o", out, "-q"]);
        assert!(o.status.success(), "{}", text(&o.stderr));
    };
    run("output");
    run("before");
    git(&["init", "-q"]);
    git(&["add", "output"]);
    git(&["commit", "-q", "-m", "dataset"]);
    let src = fs::read_to_string(dir.join(REPLY)).unwrap();
    fs::write(
        dir.join(REPLY),
        src.replace("2024年5月20日", "2024年5月21日"),
    )
    .unwrap();
    run("output");
    let against_git = gongwen(dir, &["diff", "--git", "HEAD"]);
    let against_copy = gongwen(dir, &["diff", "before", "output"]);
    assert_eq!(
        against_git.status.code(),
        Some(1),
        "{}",
        text(&against_git.stderr)
    );
    let report = text(&against_git.stdout);
    assert!(
        report.contains("1 documents changed, 0 added, 0 removed"),
        "{report}"
    );
    assert_eq!(report, text(&against_copy.stdout));
}

#[test]
fn check_fails_on_a_stale_output_folder() {
    let tmp = workspace();
    let dir = tmp.path();
    assert!(
        gongwen(dir, &["extract", "in", "-o", "out", "-q"])
            .status
            .success()
    );
    let ok = gongwen(dir, &["extract", "in", "-o", "out", "--check"]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    // Tamper with one output: check names the change and exits 1.
    let f = dir.join("out/002_15491da6eed7ccbb.json");
    let s = fs::read_to_string(&f)
        .unwrap()
        .replace("\"2027-12-31\"", "\"2026-12-31\"");
    fs::write(&f, s).unwrap();
    let stale = gongwen(dir, &["extract", "in", "-o", "out", "--check"]);
    assert_eq!(stale.status.code(), Some(1));
    let err = text(&stale.stderr);
    assert!(err.contains("out is stale (1 documents)"), "{err}");
    assert!(
        err.contains("metadata valid_until: \"2026-12-31\" -> \"2027-12-31\""),
        "{err}"
    );
    // check never writes
    assert!(fs::read_to_string(&f).unwrap().contains("2026-12-31"));
    // A leftover output with no input is stale too.
    fs::write(
        dir.join("out/extra.json"),
        fs::read(dir.join("out/000_a29b4a89b39cb9c0.json")).unwrap(),
    )
    .unwrap();
    // beside a JSON file that is not a gongwen document, which is none of gongwen's business
    fs::write(dir.join("out/notes.json"), "{\"a\": 1}").unwrap();
    let extra = gongwen(dir, &["extract", "in", "-o", "out", "--check"]);
    assert_eq!(extra.status.code(), Some(1));
    let err = text(&extra.stderr);
    assert!(err.contains("out is stale (2 documents)"), "{err}");
}

#[test]
fn incremental_runs_skip_unchanged_documents_and_remove_lost_ones() {
    let tmp = workspace();
    let dir = tmp.path();
    let run = |args: &[&str]| {
        let o = gongwen(dir, args);
        assert!(o.status.success(), "{}", text(&o.stderr));
        text(&o.stderr)
    };
    assert!(run(&["extract", "in", "-o", "out"]).contains("5 done, 0 unchanged"));
    let index_before = fs::read(dir.join("out/index.json")).unwrap();
    assert!(run(&["extract", "in", "-o", "out"]).contains("0 done, 5 unchanged"));
    assert_eq!(
        fs::read(dir.join("out/index.json")).unwrap(),
        index_before,
        "an unchanged run rewrites the same index"
    );
    // one input edited
    let p = dir.join("in/002_15491da6eed7ccbb.txt");
    let s = fs::read_to_string(&p).unwrap() + "\n";
    fs::write(&p, s).unwrap();
    assert!(run(&["extract", "in", "-o", "out"]).contains("1 done, 4 unchanged"));
    // --force reprocesses everything
    assert!(run(&["extract", "in", "-o", "out", "--force"]).contains("5 done, 0 unchanged"));
    // an input removed: its output goes, and the run says so
    fs::remove_file(dir.join("in/003_2d37430178cf543c.txt")).unwrap();
    let err = run(&["extract", "in", "-o", "out"]);
    assert!(
        err.contains(
            "removed out/003_2d37430178cf543c.json: its input in/003_2d37430178cf543c.txt is gone"
        ),
        "{err}"
    );
    assert!(!dir.join("out/003_2d37430178cf543c.json").exists());
    let index: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("out/index.json")).unwrap()).unwrap();
    assert_eq!(index["documents"].as_array().unwrap().len(), 4);
    // a document processed from elsewhere into the same folder keeps the others
    fs::write(dir.join("other.txt"), "关于某事的通知\n一、总则\n正文。\n").unwrap();
    run(&["extract", "other.txt", "-o", "out"]);
    let index: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("out/index.json")).unwrap()).unwrap();
    assert_eq!(index["documents"].as_array().unwrap().len(), 5);
}

#[test]
fn a_failed_document_keeps_its_previous_good_output() {
    let tmp = workspace();
    let dir = tmp.path();
    assert!(
        gongwen(dir, &["extract", "in", "-o", "out", "-q"])
            .status
            .success()
    );
    let good = fs::read(dir.join("out/000_a29b4a89b39cb9c0.json")).unwrap();
    fs::write(dir.join(REPLY), b"\0\0binary now").unwrap();
    let o = gongwen(dir, &["extract", "in", "-o", "out"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        fs::read(dir.join("out/000_a29b4a89b39cb9c0.json")).unwrap(),
        good
    );
    let index: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("out/index.json")).unwrap()).unwrap();
    assert_eq!(index["failed"][0]["error"], "binary");
    assert_eq!(index["documents"].as_array().unwrap().len(), 5);
}

#[test]
fn jsonl_stdin_and_files_from() {
    let tmp = workspace();
    let dir = tmp.path();
    let o = gongwen(dir, &["extract", "in", "--format", "jsonl", "-q"]);
    assert!(o.status.success());
    let lines: Vec<serde_json::Value> = text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = lines.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 5);
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "in input order: {ids:?}"
    );
    assert!(!dir.join("output").exists(), "jsonl writes no files");

    let doc = fs::read(dir.join(REPLY)).unwrap();
    let o = gongwen_stdin(dir, &["extract", "-"], &doc);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (v["id"].as_str(), v["source"]["path"].as_str()),
        (Some("stdin"), Some("-"))
    );
    assert_eq!(v["metadata"]["date"], "2024-05-20");

    let list = "in/001_287ef101ce6cc40f.txt\n\nin/004_2b910bf37c8ffa40.txt\n";
    let o = gongwen_stdin(
        dir,
        &["extract", "--files-from", "-", "--format", "jsonl"],
        list.as_bytes(),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout).lines().count(), 2);

    // A closed pipe ends the run quietly.
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .current_dir(dir)
        .args(["extract", "in", "--format", "jsonl", "-q"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn jsonl_keeps_input_order_and_reports_failures_in_a_long_run() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::create_dir(dir.join("in")).unwrap();
    // more documents than a run holds at once, of uneven sizes, some of them binary
    let bad = |k: usize| k % 47 == 5;
    for k in 0..300 {
        let body = if bad(k) {
            "\0\0binary".to_owned()
        } else {
            format!("关于第{k}项工作的通知\n福州市财政局安排资金{k}万元。\n")
                .repeat(1 + (k % 7) * 40)
        };
        fs::write(dir.join(format!("in/doc_{k:03}.txt")), body).unwrap();
    }
    let o = gongwen(
        dir,
        &["extract", "in", "--format", "jsonl", "-q", "-j", "2"],
    );
    assert_eq!(o.status.code(), Some(2), "a failed document fails the run");
    let ids: Vec<String> = text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
        .collect();
    let expected: Vec<String> = (0..300)
        .filter(|&k| !bad(k))
        .map(|k| format!("\"doc_{k:03}\""))
        .collect();
    assert_eq!(ids, expected, "every good document, in input order");
    let errors: Vec<String> = text(&o.stderr)
        .lines()
        .filter(|l| l.contains("binary file"))
        .map(str::to_owned)
        .collect();
    let named: Vec<bool> = (0..300)
        .filter(|&k| bad(k))
        .zip(&errors)
        .map(|(k, e)| e.contains(&format!("doc_{k:03}.txt")))
        .collect();
    assert_eq!(
        named,
        vec![true; 7],
        "each failure named, in input order: {errors:?}"
    );
}

/// Runs `gongwen extract pipe.txt --format jsonl` in `dir` on a named pipe into which a
/// thread writes `bytes`: the exit status (`None` when the run was stopped after a minute),
/// standard output and standard error.
#[cfg(unix)]
fn run_on_pipe(dir: &Path, bytes: Vec<u8>) -> (Option<std::process::ExitStatus>, String, String) {
    use std::time::{Duration, Instant};
    let fifo = dir.join("pipe.txt");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::write(fifo, bytes))
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .current_dir(dir)
        .args(["extract", "pipe.txt", "--format", "jsonl", "-q"])
        .stdout(fs::File::create(dir.join("out.jsonl")).unwrap())
        .stderr(fs::File::create(dir.join("err.txt")).unwrap())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    // should the run not have opened the pipe, opening it here lets the writer finish (on
    // Linux, opening a pipe for reading and writing does not wait for the other end)
    drop(fs::OpenOptions::new().read(true).write(true).open(&fifo));
    let _ = writer.join();
    let read = |name| fs::read_to_string(dir.join(name)).unwrap();
    (status, read("out.jsonl"), read("err.txt"))
}

/// A pipe named as an input (`gongwen extract <(…)`) is read once, by the worker that
/// processes it: nothing reads it ahead. (Read twice, the run would wait forever for a writer
/// on its second opening: it is stopped after a minute.)
#[cfg(unix)]
#[test]
fn a_pipe_named_as_input_is_read_once() {
    let tmp = workspace();
    let doc = fs::read(tmp.path().join(REPLY)).unwrap();
    let (status, out, err) = run_on_pipe(tmp.path(), doc);
    assert!(status.is_some_and(|s| s.success()), "{status:?} {err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["metadata"]["date"], "2024-05-20");
}

/// A pipe has no size to check before reading: it is read up to the limit (so memory stays
/// bounded however much it holds) and refused once it gives more.
#[cfg(unix)]
#[test]
fn a_pipe_over_the_size_limit_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let bytes = vec![b'a'; gongwen::error::MAX_INPUT_BYTES as usize + 1];
    let (status, out, err) = run_on_pipe(tmp.path(), bytes);
    assert_eq!(status.and_then(|s| s.code()), Some(2), "{err}");
    assert!(
        err.contains("pipe.txt") && err.contains("too large"),
        "{err}"
    );
    assert!(out.is_empty());
}
