//! Command-line arguments and dispatch, one module per command.

mod extract;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
}

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Files or folders to read (folders recursively: .txt, .md, .markdown).
    #[arg(default_value = "input")]
    paths: Vec<PathBuf>,
    /// Folder to write `<id>.json` and `index.json` into.
    #[arg(short, long, default_value = "output")]
    output: PathBuf,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long)]
    threads: Option<usize>,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Extract(args) => extract::run(args),
    }
}
