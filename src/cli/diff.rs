//! `gongwen diff OLD NEW` and `gongwen diff --git REV`: what changed between two datasets.

use std::path::Path;
use std::process::{Command, ExitCode};

use anyhow::{Context, bail};
use gongwen::diff::{self, DocView};

use super::{DiffArgs, DiffFormat};

pub fn run(args: DiffArgs) -> anyhow::Result<ExitCode> {
    let (old, new) = match &args.git {
        Some(rev) => (load_git(rev, &args.dir)?, load(&args.dir)?),
        None => {
            let old = args
                .old
                .as_deref()
                .expect("clap requires OLD without --git");
            let Some(new) = args.new.as_deref() else {
                bail!("diff needs OLD and NEW (or --git REV)")
            };
            (load(old)?, load(new)?)
        }
    };
    let report = diff::diff_sets(&old, &new);
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

/// The documents of `dir` as committed at `rev`.
fn load_git(rev: &str, dir: &Path) -> anyhow::Result<Vec<DocView>> {
    let git = |args: &[&str]| -> anyhow::Result<Vec<u8>> {
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
    };
    let dir = dir.to_string_lossy();
    let list = git(&["ls-tree", "-r", "--name-only", rev, "--", &dir])?;
    let prefix = String::from_utf8(git(&["rev-parse", "--show-prefix"])?)?
        .trim()
        .to_owned();
    let mut docs = Vec::new();
    for name in String::from_utf8(list)?.lines() {
        let rel = name.strip_prefix(&prefix).unwrap_or(name);
        if !rel.ends_with(".json")
            || Path::new(rel)
                .file_name()
                .is_some_and(|f| f == "index.json")
        {
            continue;
        }
        let bytes = git(&["show", &format!("{rev}:./{rel}")])?;
        docs.push(
            serde_json::from_slice(&bytes)
                .with_context(|| format!("{rev}:{rel}: not a gongwen document"))?,
        );
    }
    Ok(docs)
}
