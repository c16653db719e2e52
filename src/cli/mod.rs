//! Command-line arguments and dispatch, one module per command.

mod diff;
mod eval;
mod extract;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "gongwen",
    version,
    about = "Turn raw Chinese government documents into structured, verifiable JSON"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract metadata and clause trees from documents into a JSON dataset.
    Extract(ExtractArgs),
    /// Compare two datasets (folders or JSON files): documents, metadata, clauses, entities.
    Diff(DiffArgs),
    /// Score the entities of an output folder against gold files: precision, recall, F1.
    Eval(EvalArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// One pretty `<id>.json` per document and `index.json`, in the output folder.
    Json,
    /// One compact JSON document per line on standard output; no files are written.
    Jsonl,
}

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Files or folders to read (folders recursively: .txt, .md, .markdown); `-` reads one
    /// document from standard input. Default: input/.
    paths: Vec<PathBuf>,
    /// Read more paths from FILE, one per line (`-` for standard input).
    #[arg(long, value_name = "FILE")]
    files_from: Option<PathBuf>,
    /// Folder to write `<id>.json` and `index.json` into.
    #[arg(short, long, default_value = "output")]
    output: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExtractFormat::Json)]
    format: ExtractFormat,
    /// Regenerate in memory and compare with the output folder; exit 1 when it is stale.
    #[arg(long, conflicts_with = "format")]
    check: bool,
    /// Reprocess documents whose source and code are unchanged since the last run.
    #[arg(long)]
    force: bool,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long)]
    threads: Option<usize>,
    /// Print nothing but errors.
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print a line per document.
    #[arg(short, long)]
    verbose: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The old dataset: an output folder or one JSON file.
    #[arg(required_unless_present = "git")]
    old: Option<PathBuf>,
    /// The new dataset: an output folder or one JSON file (with --git: default output).
    new: Option<PathBuf>,
    /// Compare the output folder as committed at git revision REV with the working tree.
    #[arg(long, value_name = "REV", conflicts_with = "old")]
    git: Option<String>,
    /// With --git: the output folder to compare.
    #[arg(long, default_value = "output", requires = "git")]
    dir: PathBuf,
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
}

#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Folder of gold files (`<id>.json`, see `tests/gold/`).
    gold: PathBuf,
    /// Output folder to score.
    output: PathBuf,
    /// Also print every missing, spurious or wrong entity.
    #[arg(short, long)]
    verbose: bool,
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Exit 1 when any type's F1 is below this.
    #[arg(long, value_name = "F1")]
    min_f1: Option<f64>,
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Eval(args) => eval::run(args),
    }
}
