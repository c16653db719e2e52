//! `gongwen eval GOLD_DIR OUTPUT_DIR`: precision, recall and F1 per entity type.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};
use gongwen::eval::{self, GoldDoc, Report};

use super::{DiffFormat, EvalArgs};

pub fn run(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let report = evaluate_dirs(&args.gold, &args.output)?;
    match args.format {
        DiffFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        DiffFormat::Text => {
            print!("{}", report.table());
            if args.verbose {
                print!("{}", report.misses_text());
            }
        }
    }
    if let Some(min) = args.min_f1 {
        let low: Vec<String> = report
            .scores
            .iter()
            .filter(|(_, s)| s.f1() < min)
            .map(|(k, s)| format!("{k} {:.3}", s.f1()))
            .collect();
        if !low.is_empty() {
            eprintln!("gongwen: F1 below {min}: {}", low.join(", "));
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn evaluate_dirs(gold_dir: &Path, output_dir: &Path) -> anyhow::Result<Report> {
    let mut report = Report::default();
    let mut entries: Vec<_> = std::fs::read_dir(gold_dir)
        .with_context(|| format!("cannot read {}", gold_dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    entries.sort();
    if entries.is_empty() {
        bail!("{}: no gold files (*.json)", gold_dir.display());
    }
    for path in entries {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let gold: GoldDoc = serde_json::from_str(&text)
            .with_context(|| format!("{}: not a gold file", path.display()))?;
        let out_path = output_dir.join(format!("{}.json", gold.document));
        let out = std::fs::read_to_string(&out_path)
            .with_context(|| format!("cannot read {}", out_path.display()))?;
        let output = serde_json::from_str(&out)
            .with_context(|| format!("{}: not a gongwen document", out_path.display()))?;
        eval::evaluate(&gold, &output, &mut report);
    }
    Ok(report)
}
