//! `gongwen diff OLD NEW` and `gongwen diff --git REV`: what changed between two datasets.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, bail};
use gongwen::diff::{self, DocView};

use super::{DiffArgs, DiffFormat};

pub fn run(args: DiffArgs) -> anyhow::Result<ExitCode> {
    let report = match &args.git {
        Some(rev) => {
            let old = listed_git(rev, &args.dir)?;
            let new = listed(&args.dir)?;
            match diff::diff_listed(&old, load_git, &new, |p| diff::load_file(p))
                .map_err(anyhow::Error::msg)?
            {
                Some(report) => report,
                None => {
                    let old: Result<Vec<_>, _> = old.values().map(load_git).collect();
                    diff::diff_sets(&old.map_err(anyhow::Error::msg)?, &load(&args.dir)?)
                }
            }
        }
        None => {
            let old = args
                .old
                .as_deref()
                .expect("clap requires OLD without --git");
            let Some(new) = args.new.as_deref() else {
                bail!("diff needs OLD and NEW (or --git REV)")
            };
            let lazily = if old.is_dir() && new.is_dir() {
                let load = |p: &PathBuf| diff::load_file(p);
                diff::diff_listed(&listed(old)?, load, &listed(new)?, load)
                    .map_err(anyhow::Error::msg)?
            } else {
                None
            };
            match lazily {
                Some(report) => report,
                None => diff::diff_sets(&load(old)?, &load(new)?),
            }
        }
    };
    let text = match args.format {
        DiffFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
        DiffFormat::Text => report.to_text(),
    };
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(e).context("cannot write to standard output");
    }
    Ok(if report.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn load(path: &Path) -> anyhow::Result<Vec<DocView>> {
    if path.is_dir() {
        Ok(diff::load_dir(path)
            .map_err(anyhow::Error::msg)?
            .into_iter()
            .map(|(_, v)| v)
            .collect())
    } else {
        let s = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        Ok(vec![serde_json::from_str(&s).with_context(|| {
            format!("{}: not a gongwen document", path.display())
        })?])
    }
}

/// The documents' files of an output folder by the ids they hold when gongwen wrote them
/// (`<id>.json`).
fn listed(dir: &Path) -> anyhow::Result<BTreeMap<String, PathBuf>> {
    if !dir.is_dir() {
        bail!("{}: not a folder", dir.display());
    }
    let files = diff::document_files(dir).map_err(anyhow::Error::msg)?;
    Ok(files
        .into_iter()
        .map(|name| {
            let id = gongwen::display_path(&name.with_extension(""));
            (id, dir.join(name))
        })
        .collect())
}

/// The documents of `dir` as committed at `rev`, by id as [`listed`] has them, each with the
/// git object that holds it.
fn listed_git(rev: &str, dir: &Path) -> anyhow::Result<BTreeMap<String, String>> {
    let dir = dir.to_string_lossy();
    let list = git(&["ls-tree", "-r", "--name-only", rev, "--", &dir])?;
    let prefix = String::from_utf8(git(&["rev-parse", "--show-prefix"])?)?
        .trim()
        .to_owned();
    let inside = format!("{}/", dir.trim_start_matches("./").trim_end_matches('/'));
    let mut docs = BTreeMap::new();
    for name in String::from_utf8(list)?.lines() {
        let rel = name.strip_prefix(&prefix).unwrap_or(name);
        if !rel.ends_with(".json")
            || Path::new(rel)
                .file_name()
                .is_some_and(|f| f == "index.json")
        {
            continue;
        }
        let id = rel
            .strip_prefix(&inside)
            .unwrap_or(rel)
            .trim_end_matches(".json");
        docs.insert(id.to_owned(), format!("{rev}:./{rel}"));
    }
    Ok(docs)
}

/// One document as committed: `object` is `REV:./PATH`.
fn load_git(object: &String) -> Result<DocView, String> {
    let bytes = git(&["show", object]).map_err(|e| e.to_string())?;
    serde_json::from_slice(&bytes).map_err(|e| format!("{object}: not a gongwen document: {e}"))
}

fn git(args: &[&str]) -> anyhow::Result<Vec<u8>> {
    let out = Command::new("git")
        .args(args)
        .output()
        .context("cannot run git")?;
    if !out.status.success() {
        bail!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(out.stdout)
}
