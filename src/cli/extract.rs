//! `gongwen extract`: documents in, `output/<id>.json` and `output/index.json` out.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use gongwen::batch::{self, Failure, Index, IndexRow, Input};
use rayon::prelude::*;

use super::ExtractArgs;

pub fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let (inputs, walk_errors) = batch::collect_inputs(&args.paths);
    let mut failed: Vec<Failure> = Vec::new();
    for err in &walk_errors {
        eprintln!("gongwen: {err}");
        if let gongwen::Error::Io { path, .. } = err {
            failed.push(Failure::of(path, err));
        }
    }
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("cannot create output folder {}", args.output.display()))?;

    let results: Vec<Result<IndexRow, Failure>> = pool.install(|| {
        inputs
            .par_iter()
            .map(|input| process_one(input, &args))
            .collect()
    });

    let mut rows = Vec::new();
    let mut bytes_in = 0u64;
    for r in results {
        match r {
            Ok(row) => {
                bytes_in += std::fs::metadata(&row.path).map(|m| m.len()).unwrap_or(0);
                rows.push(row);
            }
            Err(f) => {
                eprintln!("gongwen: {}", f.message);
                failed.push(f);
            }
        }
    }
    let n_ok = rows.len();
    let n_failed = failed.len();
    let clauses: usize = rows.iter().map(|r| r.counts.clauses).sum();
    let index = Index::new(rows, failed);
    batch::write_atomic(&args.output.join("index.json"), index.to_json().as_bytes())
        .with_context(|| format!("cannot write {}", args.output.join("index.json").display()))?;

    if !args.quiet {
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "gongwen: {n_ok} documents written to {}, {n_failed} failed; {clauses} clauses; {:.2} s, {:.1} MB/s",
            args.output.display(),
            secs,
            bytes_in as f64 / 1e6 / secs.max(1e-9),
        );
    }
    Ok(if n_failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn process_one(input: &Input, args: &ExtractArgs) -> Result<IndexRow, Failure> {
    let doc =
        gongwen::process_file(&input.id, &input.path).map_err(|e| Failure::of(&input.path, &e))?;
    let out = args.output.join(batch::output_name(&doc.id));
    batch::write_atomic(&out, doc.to_json().as_bytes()).map_err(|e| Failure {
        path: gongwen::display_path(&input.path),
        error: "write",
        message: format!(
            "{}: cannot write {}: {e}",
            input.path.display(),
            out.display()
        ),
    })?;
    Ok(IndexRow::of(&doc))
}
