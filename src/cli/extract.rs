//! `gongwen extract`: documents in, `output/<id>.json` and `output/index.json` out.
//!
//! Three ways to run: write the dataset (incrementally: a document whose source and code are
//! unchanged since the last run is not reprocessed), `--check` it against the folder (CI), or
//! stream it as JSON lines (`--format jsonl`) for shell pipelines and map steps.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError, mpsc};
use std::time::Instant;

use anyhow::Context;
use gongwen::batch::{self, Failure, Index, IndexRow, Input};
use gongwen::diff::{self, DocView};
use gongwen::{Document, Error};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::{ExtractArgs, ExtractFormat};

/// What a run tells the user, and how.
struct Ui {
    bar: ProgressBar,
    quiet: bool,
    verbose: bool,
}

impl Ui {
    fn new(n: usize, quiet: bool, verbose: bool) -> Ui {
        let target = if !quiet && std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(Some(n as u64), target);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} {per_sec} {wide_msg}",
            )
            .expect("valid template"),
        );
        Ui {
            bar,
            quiet,
            verbose,
        }
    }

    fn error(&self, message: &str) {
        self.bar.suspend(|| eprintln!("gongwen: {message}"));
    }

    fn info(&self, message: &str) {
        if !self.quiet {
            self.bar.suspend(|| eprintln!("gongwen: {message}"));
        }
    }

    fn detail(&self, message: &str) {
        if self.verbose {
            self.bar.suspend(|| eprintln!("gongwen: {message}"));
        }
    }
}

/// What the summary needs of one processed document.
struct Stats {
    bytes: usize,
    clauses: usize,
    /// Entities by type.
    entities: BTreeMap<&'static str, usize>,
}

impl Stats {
    fn of(doc: &Document, bytes: usize) -> Stats {
        Stats {
            bytes,
            clauses: doc.clauses.iter().filter(|c| c.kind == "clause").count(),
            entities: doc.entities.iter().fold(BTreeMap::new(), |mut n, e| {
                *n.entry(e.kind).or_default() += 1;
                n
            }),
        }
    }
}

/// Totals for the summary line.
#[derive(Default)]
struct Tally {
    done: usize,
    skipped: usize,
    failed: usize,
    removed: usize,
    bytes: u64,
    clauses: usize,
    entities: BTreeMap<&'static str, usize>,
}

impl Tally {
    fn add(&mut self, stats: Stats) {
        self.done += 1;
        self.bytes += stats.bytes as u64;
        self.clauses += stats.clauses;
        for (kind, n) in stats.entities {
            *self.entities.entry(kind).or_default() += n;
        }
    }

    fn summary(&self, started: Instant) -> String {
        let secs = started.elapsed().as_secs_f64();
        let entities = if self.entities.is_empty() {
            "no entities".to_owned()
        } else {
            let parts: Vec<String> = self
                .entities
                .iter()
                .map(|(t, n)| format!("{t} {n}"))
                .collect();
            format!("entities: {}", parts.join(", "))
        };
        format!(
            "{} done, {} unchanged, {} failed, {} removed; {} clauses, {entities}; {secs:.2} s, {:.1} MB/s",
            self.done,
            self.skipped,
            self.failed,
            self.removed,
            self.clauses,
            self.bytes as f64 / 1e6 / secs.max(1e-6),
        )
    }
}

pub fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    // the name tables load while the folders are walked and the inputs read and normalized (a
    // detached thread: when no document needs them, the process does not wait for it)
    std::thread::spawn(gongwen::extract::warm_up_tables);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let mut roots = args.paths.clone();
    if let Some(list) = &args.files_from {
        roots.extend(read_list(list)?);
    } else if roots.is_empty() {
        roots.push(PathBuf::from("input"));
    }
    let stdin_doc = roots.iter().any(|p| p.as_os_str() == "-");
    roots.retain(|p| p.as_os_str() != "-");
    let (inputs, walk_errors) = batch::collect_inputs(&roots);
    let ui = Ui::new(inputs.len(), args.quiet, args.verbose);
    let mut tally = Tally::default();
    let mut failed: Vec<Failure> = Vec::new();
    for err in &walk_errors {
        ui.error(&err.to_string());
        if let Error::Io { path, .. } = err {
            failed.push(Failure::of(path, err));
        }
    }
    tally.failed += failed.len();

    let code = pool.install(|| -> anyhow::Result<ExitCode> {
        if stdin_doc {
            let only = inputs.is_empty() && failed.is_empty();
            stdin_document(&args, only, &ui, &mut tally, &mut failed)?;
        }
        if args.check {
            return check(&inputs, &args.output, failed, &ui, &mut tally);
        }
        match args.format {
            ExtractFormat::Jsonl => stream(&inputs, &ui, &mut tally, &mut failed),
            ExtractFormat::Json => write_dataset(&args, &roots, &inputs, failed, &ui, &mut tally),
        }
    })?;
    ui.bar.finish_and_clear();
    ui.info(&tally.summary(started));
    Ok(code)
}

/// Paths listed in a file (or standard input), one per line; blank lines are skipped.
fn read_list(list: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let text = if list.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("cannot read the path list from standard input")?;
        s
    } else {
        std::fs::read_to_string(list)
            .with_context(|| format!("cannot read the path list {}", list.display()))?
    };
    Ok(text
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .map(PathBuf::from)
        .collect())
}

/// Standard output, where a closed pipe (`| head`) ends the run quietly.
fn emit_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    emit_stdout_all(&[bytes])
}

/// [`emit_stdout`] for several pieces of bytes, each written as it is rather than put
/// together first.
fn emit_stdout_all(pieces: &[impl AsRef<[u8]>]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let written = pieces
        .iter()
        .try_for_each(|piece| out.write_all(piece.as_ref()));
    match written.and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        r => r.context("cannot write to standard output"),
    }
}

/// `-`: one document from standard input, id `stdin`. Alone and without `--format jsonl`, it
/// is printed as pretty JSON; otherwise it goes where the other documents go.
fn stdin_document(
    args: &ExtractArgs,
    only: bool,
    ui: &Ui,
    tally: &mut Tally,
    failed: &mut Vec<Failure>,
) -> anyhow::Result<()> {
    let path = Path::new("-");
    let mut bytes = Vec::new();
    let limit = gongwen::error::MAX_INPUT_BYTES + 1;
    std::io::stdin()
        .take(limit)
        .read_to_end(&mut bytes)
        .context("cannot read standard input")?;
    let size = bytes.len();
    let result = if size as u64 >= limit {
        Err(Error::TooLarge {
            path: path.to_path_buf(),
            size: size as u64,
        })
    } else {
        crate::document_size(size);
        gongwen::prepare_hashed("stdin", path, bytes, None).map(gongwen::finish)
    };
    let doc = match result {
        Err(e) => {
            ui.error(&e.to_string());
            failed.push(Failure::of(path, &e));
            tally.failed += 1;
            return Ok(());
        }
        Ok(doc) => doc,
    };
    tally.add(Stats::of(&doc, size));
    use gongwen::emit::Layout::{Compact, Pretty};
    if args.format == ExtractFormat::Jsonl {
        put_pieces(&doc, Compact, emit_stdout)
    } else if only && !args.check {
        put_pieces(&doc, Pretty, emit_stdout)
    } else {
        let out = args.output.join(batch::output_name(&doc.id));
        let written = (|| -> anyhow::Result<()> {
            let mut file = batch::AtomicFile::create(&out, None)?;
            put_pieces(&doc, Pretty, |piece| Ok(file.write(piece)?))?;
            Ok(file.finish()?)
        })();
        written.with_context(|| format!("cannot write {}", out.display()))
    }
}

/// Hands `doc`'s JSON to `put` in pieces as it is made, until one fails.
fn put_pieces(
    doc: &gongwen::Document,
    layout: gongwen::emit::Layout,
    mut put: impl FnMut(&[u8]) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut written = Ok(());
    doc.write_json_pieces(layout, PIECE, Vec::new(), |piece, _| {
        if written.is_ok() {
            written = put(piece);
        }
    });
    written
}

/// How far a `--format jsonl` run may process ahead of the document due to be written: a
/// slow document holds the line up, and the others go on until this many are done and waiting.
const WINDOW: usize = 128;

/// How many bytes of input a run may prepare ahead while the tables load (the name tables,
/// 5–15 ms at the start of a run, see [`gongwen::extract::ready`]): past [`WINDOW`] in a
/// `--format jsonl` run, shared among the workers in a run that writes files. A worker
/// prepares a megabyte or so in that time; the bound holds when they are slow to load (a busy
/// machine).
const AHEAD_BYTES: usize = 16 << 20;

/// `--format jsonl`: documents in input order, one per line, with memory bounded however many
/// documents there are. Each worker takes the next document in input order and serializes it;
/// the worker that completes the document due next writes it and every completed one after
/// it. A worker waits only when it is [`WINDOW`] documents ahead of the writing, never for a
/// batch to end. Until the tables extraction needs have loaded, workers prepare documents
/// (decoding, normalization, structure) instead of waiting for them.
fn stream(
    inputs: &[Input],
    ui: &Ui,
    tally: &mut Tally,
    failed: &mut Vec<Failure>,
) -> anyhow::Result<ExitCode> {
    let line = Line {
        taken: 0,
        taking: 0,
        threads: rayon::current_num_threads(),
        written: 0,
        prepared: BTreeMap::new(),
        prepared_bytes: 0,
        done: BTreeMap::new(),
        tally: std::mem::take(tally),
        failed: std::mem::take(failed),
        error: None,
    };
    let shared = (Mutex::new(line), Condvar::new());
    let lock = || shared.0.lock().unwrap_or_else(PoisonError::into_inner);
    let finish = |k: usize, prepared| {
        let (line, failed) = json_line(prepared, || lock().written == k);
        if let Some(e) = failed {
            lock().error = Some(e);
        }
        line
    };
    with_read_ahead(inputs, |reads| {
        rayon::broadcast(|_| {
            // a worker that panics stops the others rather than leave them waiting for it
            let _stop = StopOnPanic(&shared);
            loop {
                let job = {
                    let mut line = lock();
                    loop {
                        match line.next_job(inputs.len()) {
                            Some(Job::Wait) => {
                                line = shared.1.wait(line).unwrap_or_else(PoisonError::into_inner)
                            }
                            Some(job) => break job,
                            None => return,
                        }
                    }
                };
                let (taken, read) = match job {
                    Job::Take(k) => (true, reads.start(k)),
                    _ => (false, None),
                };
                let (k, result) = match job {
                    Job::Take(k) => match prepare(&inputs[k], read) {
                        Ok(prepared) if !gongwen::extract::ready() => {
                            let mut line = lock();
                            line.taking -= 1;
                            line.prepared_bytes += prepared.0;
                            line.prepared.insert(k, prepared);
                            drop(line);
                            shared.1.notify_all();
                            continue;
                        }
                        Ok(prepared) => (k, Ok(finish(k, prepared))),
                        Err(e) => (k, Err(e)),
                    },
                    Job::Finish(k, prepared) => (k, Ok(finish(k, prepared))),
                    Job::Wait => unreachable!("waited above"),
                };
                let mut line = lock();
                if taken {
                    line.taking -= 1;
                }
                line.done.insert(k, result);
                line.write_due(inputs, ui);
                drop(line);
                shared.1.notify_all();
            }
        })
    });
    let line = shared
        .0
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    *tally = line.tally;
    *failed = line.failed;
    if let Some(error) = line.error {
        return Err(error);
    }
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// How many documents ahead of the workers [`read_ahead`] reads.
const READ_AHEAD: usize = 64;

/// The most bytes [`read_ahead`] holds for the workers at a time.
const HELD_BYTES: usize = 8 << 20;

/// A document's bytes, read ahead, with their SHA-256.
type ReadDoc = (Vec<u8>, String);

/// What the reader and the workers share.
#[derive(Default)]
struct ReadState {
    /// One more than the last document a worker has started.
    started: AtomicUsize,
    finished: AtomicBool,
    /// The documents read ahead and not yet started, by input position, and their bytes in all.
    held: Mutex<(HashMap<usize, ReadDoc>, usize)>,
}

impl ReadState {
    fn held(&self) -> std::sync::MutexGuard<'_, (HashMap<usize, ReadDoc>, usize)> {
        self.held.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The workers' side of the read-ahead.
struct Reads<'s> {
    state: &'s ReadState,
    reader: &'s std::thread::Thread,
}

impl Reads<'_> {
    /// Says that a worker starts document `k`, and hands it the document's bytes and their
    /// SHA-256 if the reader has them; otherwise the worker reads it.
    fn start(&self, k: usize) -> Option<ReadDoc> {
        self.state.started.fetch_max(k + 1, Ordering::SeqCst);
        // woken for a batch of reads at a time, not for each document
        if k.is_multiple_of(READ_AHEAD / 4) {
            self.reader.unpark();
        }
        let mut held = self.state.held();
        let read = held.0.remove(&k)?;
        held.1 -= read.0.len();
        Some(read)
    }
}

/// Runs `work` with the inputs read ahead of it on a thread of their own; `work` says through
/// its argument which document it starts, and takes the bytes read for it.
fn with_read_ahead<R>(inputs: &[Input], work: impl FnOnce(&Reads) -> R) -> R {
    let state = ReadState::default();
    std::thread::scope(|s| {
        let reader = s.spawn(|| read_ahead(inputs, &state));
        let reader = reader.thread();
        // the reader stops when the work ends, even by a panic (the scope waits for it)
        let _stop = StopReading(&state.finished, reader);
        work(&Reads {
            state: &state,
            reader,
        })
    })
}

struct StopReading<'a>(&'a AtomicBool, &'a std::thread::Thread);

impl Drop for StopReading<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
        self.1.unpark();
    }
}

/// Reads the inputs in input order, up to [`READ_AHEAD`] documents ahead of those started,
/// and hashes them, so that a worker finds a document read and hashed (up to [`HELD_BYTES`]
/// at a time), or at least in the page cache: on a folder not read before, each read
/// otherwise waits for the disk (a third more time on this project's machine). With one
/// worker, reading and hashing (6% of its time) move to the other core. Errors are left for
/// the workers' reads to report.
fn read_ahead(inputs: &[Input], state: &ReadState) {
    let mut buf = vec![0; 64 << 10];
    // a worker that has started document `k` reads it itself: a reader that fell behind (at two
    // threads, while the workers prepare ahead) catches up instead of reading and hashing again
    // what a worker has
    let started = |k: usize| k < state.started.load(Ordering::SeqCst);
    for (k, input) in inputs.iter().enumerate() {
        while k >= state.started.load(Ordering::Relaxed) + READ_AHEAD {
            if state.finished.load(Ordering::Relaxed) {
                return;
            }
            std::thread::park();
        }
        if state.finished.load(Ordering::Relaxed) {
            return;
        }
        if started(k) {
            continue;
        }
        // only regular files: the bytes of a pipe read here would be lost to its worker
        let Some(size) = regular_file_size(&input.path)
            .filter(|&size| size <= gongwen::error::MAX_INPUT_BYTES)
            .and_then(|size| usize::try_from(size).ok())
        else {
            continue;
        };
        if state.held().1 + size > HELD_BYTES {
            if let Ok(mut file) = std::fs::File::open(&input.path) {
                while matches!(file.read(&mut buf), Ok(n) if n > 0) {}
            }
            continue;
        }
        let Ok(bytes) = gongwen::read_input(&input.path) else {
            continue;
        };
        if started(k) {
            continue;
        }
        let sha256 = gongwen::ingest::sha256_hex(&bytes);
        let mut held = state.held();
        // checked again under the lock, where a worker takes what is held
        if !started(k) {
            held.1 += bytes.len();
            held.0.insert(k, (bytes, sha256));
        }
    }
}

/// The size of `path` if it is a regular file (after links), `None` for anything else: a pipe
/// or a device can be read only once.
fn regular_file_size(path: &Path) -> Option<u64> {
    std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len())
}

/// What a worker does next.
enum Job {
    /// Take the document at this position.
    Take(usize),
    /// Finish a document prepared while the tables loaded.
    Finish(usize, (usize, Box<gongwen::Prepared>)),
    /// Wait for the writing to catch up.
    Wait,
}

/// The bytes of `input` and their SHA-256: those the read-ahead handed over, or read and
/// hashed here.
fn bytes_of(input: &Input, read: Option<ReadDoc>) -> Result<ReadDoc, Error> {
    let read = match read {
        Some(read) => read,
        None => {
            let bytes = gongwen::read_input(&input.path)?;
            let sha256 = gongwen::ingest::sha256_hex(&bytes);
            (bytes, sha256)
        }
    };
    crate::document_size(read.0.len());
    Ok(read)
}

/// A document read (or handed over by the read-ahead) and prepared, with its size in bytes.
fn prepare(input: &Input, read: Option<ReadDoc>) -> Result<(usize, Box<gongwen::Prepared>), Error> {
    let (bytes, sha256) = bytes_of(input, read)?;
    let size = bytes.len();
    let prepared = gongwen::prepare_hashed(&input.id, &input.path, bytes, Some(sha256))?;
    Ok((size, Box::new(prepared)))
}

/// A prepared document finished, as a JSON line. The line of a document that is due (`due()`:
/// every document before it has been written) goes to standard output in pieces as it is
/// made, if it is longer than a piece, and comes back empty, with the error if standard
/// output failed.
fn json_line(
    (size, prepared): (usize, Box<gongwen::Prepared>),
    due: impl FnOnce() -> bool,
) -> ((Stats, Vec<u8>), Option<anyhow::Error>) {
    let doc = gongwen::finish(*prepared);
    let stats = Stats::of(&doc, size);
    let compact = gongwen::emit::Layout::Compact;
    if !due() {
        // room for what a document's JSON mostly takes (three to six times its input), so
        // that the buffer is seldom copied as it grows
        let mut line = Vec::with_capacity(size.saturating_mul(4) + 4096);
        doc.write_json(&mut line, compact);
        line.push(b'\n');
        return ((stats, line), None);
    }
    let (mut line, mut written, mut streamed) = (Vec::new(), Ok(()), false);
    doc.write_json_pieces(compact, PIECE, Vec::new(), |piece, last| {
        if last && !streamed {
            // one piece: written with the other lines due
            line = std::mem::take(piece);
        } else if written.is_ok() {
            streamed = true;
            written = emit_stdout(piece);
        }
    });
    ((stats, line), written.err())
}

/// The state a `--format jsonl` run shares between its workers.
struct Line {
    /// Documents taken by a worker so far, in input order.
    taken: usize,
    /// Documents taken and not yet prepared or finished.
    taking: usize,
    /// The pool's worker threads.
    threads: usize,
    /// Documents written (or reported as failed) so far, in input order.
    written: usize,
    /// Documents prepared while the tables load, by input position, with their sizes.
    prepared: BTreeMap<usize, (usize, Box<gongwen::Prepared>)>,
    /// The input bytes of the documents prepared so far.
    prepared_bytes: usize,
    /// Completed documents not yet written, by input position.
    done: BTreeMap<usize, Result<(Stats, Vec<u8>), Error>>,
    tally: Tally,
    failed: Vec<Failure>,
    /// Standard output failed, or a worker panicked: the run stops.
    error: Option<anyhow::Error>,
}

impl Line {
    /// The next job of a worker, `None` when none is left for it. The first prepared document
    /// is finished once the tables are ready, or when no other can be taken; a new one is taken
    /// within the window, or past it while the tables load (up to [`AHEAD_BYTES`]).
    fn next_job(&mut self, total: usize) -> Option<Job> {
        if self.error.is_some() {
            return None;
        }
        let ready = gongwen::extract::ready();
        let can_take = self.taken < total
            && (self.taken < self.written + WINDOW || !ready && self.prepared_bytes < AHEAD_BYTES);
        // while the tables load, one core is left to them: the other workers wait for them
        // in a prepared document's extraction
        let may_take = ready || self.taking < self.threads.saturating_sub(1).max(1);
        if (ready || !can_take || !may_take)
            && let Some((k, prepared)) = self.prepared.pop_first()
        {
            return Some(Job::Finish(k, prepared));
        }
        if can_take && may_take {
            self.taken += 1;
            self.taking += 1;
            return Some(Job::Take(self.taken - 1));
        }
        (self.taken < total).then_some(Job::Wait)
    }

    /// Writes the completed documents that are due, in one write.
    fn write_due(&mut self, inputs: &[Input], ui: &Ui) {
        let mut lines = Vec::new();
        while let Some(result) = self.done.remove(&self.written) {
            let input = &inputs[self.written];
            self.written += 1;
            ui.bar.inc(1);
            match result {
                Ok((stats, line)) => {
                    self.tally.add(stats);
                    // empty when the document went out in pieces as it was made
                    if !line.is_empty() {
                        lines.push(line);
                    }
                }
                Err(e) => {
                    ui.error(&e.to_string());
                    self.failed.push(Failure::of(&input.path, &e));
                    self.tally.failed += 1;
                }
            }
        }
        if !lines.is_empty()
            && let Err(e) = emit_stdout_all(&lines)
        {
            self.error = Some(e);
        }
    }
}

struct StopOnPanic<'a>(&'a (Mutex<Line>, Condvar));

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let mut line = self.0.0.lock().unwrap_or_else(PoisonError::into_inner);
            line.error = Some(anyhow::anyhow!("a worker stopped unexpectedly"));
            drop(line);
            self.0.1.notify_all();
        }
    }
}

enum Outcome {
    Written(IndexRow, Stats),
    Unchanged(IndexRow),
    Failed(Failure),
}

/// Folders among the roots, and files named directly: an old output whose source lies under
/// them and is no longer an input has lost its input.
fn under_roots(path: &str, roots: &[PathBuf]) -> bool {
    let p = Path::new(path);
    roots
        .iter()
        .any(|r| p == r.as_path() || (r.is_dir() && p.starts_with(r)))
}

fn write_dataset(
    args: &ExtractArgs,
    roots: &[PathBuf],
    inputs: &[Input],
    mut failed: Vec<Failure>,
    ui: &Ui,
    tally: &mut Tally,
) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("cannot create output folder {}", args.output.display()))?;
    let index_path = args.output.join("index.json");
    let old = Index::read(&index_path);
    let same_code = old
        .as_ref()
        .is_some_and(|o| o.build == batch::BUILD && o.pipeline == batch::PIPELINE);
    let old_rows: HashMap<&str, &IndexRow> = old
        .iter()
        .flat_map(|o| o.documents.iter())
        .map(|r| (r.id.as_str(), r))
        .collect();

    // Each worker takes the next document in input order, just behind the read-ahead, and
    // hands its JSON to one writer: the files are written while the next documents are
    // processed, and workers do not contend for the output folder in the kernel. Until the
    // tables extraction needs have loaded, a worker prepares documents (decoding,
    // normalization, structure) and holds them, instead of waiting for the tables.
    let next = AtomicUsize::new(0);
    let (to_writer, queue) = mpsc::sync_channel::<Pending>(WRITE_QUEUE);
    let spare = Spare::default();
    let held_budget = AHEAD_BYTES / rayon::current_num_threads().max(1);
    let outcomes: Vec<Outcome> = std::thread::scope(|s| {
        let writer = s.spawn(|| write_files(queue, &spare, ui));
        let mut outcomes: Vec<Outcome> = with_read_ahead(inputs, |reads| {
            let mut done: Vec<(usize, Outcome)> = rayon::broadcast(|_| {
                let mut mine = Vec::new();
                let mut held = Vec::new();
                let mut held_bytes = 0;
                let finish = |k: usize, prepared: (usize, Box<gongwen::Prepared>)| {
                    let input = &inputs[k];
                    let outcome = finish_one(prepared, &args.output, &spare, |piece, out| {
                        to_writer.send(Pending {
                            k,
                            input: input.path.clone(),
                            out,
                            piece,
                        })
                    });
                    (k, outcome)
                };
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(k) else {
                        break;
                    };
                    let read = reads.start(k);
                    let prior = if same_code && !args.force {
                        old_rows.get(input.id.as_str()).copied()
                    } else {
                        None
                    };
                    match begin(input, read, prior, &args.output) {
                        Begun::Done(outcome) => {
                            ui.bar.inc(1);
                            mine.push((k, *outcome));
                        }
                        Begun::Prepared(prepared) => {
                            held_bytes += prepared.0;
                            held.push((k, prepared));
                        }
                    }
                    if gongwen::extract::ready() || held_bytes >= held_budget {
                        mine.extend(held.drain(..).map(|(k, p)| finish(k, p)));
                        held_bytes = 0;
                    }
                }
                mine.extend(held.drain(..).map(|(k, p)| finish(k, p)));
                mine
            })
            .into_iter()
            .flatten()
            .collect();
            done.sort_unstable_by_key(|&(k, _)| k);
            done.into_iter().map(|(_, outcome)| outcome).collect()
        });
        // the writer ends when the last sender is gone
        drop(to_writer);
        let failures = writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        for (k, failure) in failures {
            outcomes[k] = Outcome::Failed(failure);
        }
        outcomes
    });

    let mut rows = Vec::new();
    for (input, outcome) in inputs.iter().zip(outcomes) {
        match outcome {
            Outcome::Written(row, stats) => {
                ui.detail(&format!(
                    "{} -> {}",
                    input.path.display(),
                    args.output.join(&row.output).display()
                ));
                tally.add(stats);
                rows.push(row);
            }
            Outcome::Unchanged(row) => {
                ui.detail(&format!("{}: unchanged", input.path.display()));
                tally.skipped += 1;
                rows.push(row);
            }
            Outcome::Failed(f) => {
                ui.error(&f.message);
                tally.failed += 1;
                // A failed document never replaces its previous good output.
                if let Some(prev) = old_rows.get(input.id.as_str()) {
                    rows.push((*prev).clone());
                }
                failed.push(f);
            }
        }
    }

    // Outputs from earlier runs: removed when their input is gone from a folder read now,
    // kept (with their rows) when they came from elsewhere.
    let current: HashSet<&str> = inputs.iter().map(|i| i.id.as_str()).collect();
    let current_paths: HashSet<String> = inputs
        .iter()
        .map(|i| gongwen::display_path(&i.path))
        .collect();
    if let Some(old) = &old {
        for row in &old.documents {
            if current.contains(row.id.as_str()) {
                continue;
            }
            if under_roots(&row.path, roots) && !Path::new(&row.path).exists() {
                let out = args.output.join(&row.output);
                match std::fs::remove_file(&out) {
                    Ok(()) => ui.info(&format!(
                        "removed {}: its input {} is gone",
                        out.display(),
                        row.path
                    )),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => ui.error(&format!("cannot remove {}: {e}", out.display())),
                }
                tally.removed += 1;
            } else {
                rows.push(row.clone());
            }
        }
        for f in &old.failed {
            if !under_roots(&f.path, roots) && !current_paths.contains(&f.path) {
                failed.push(f.clone());
            }
        }
    }

    let n_failed = tally.failed;
    let index = Index::new(rows, failed);
    batch::write_atomic(&index_path, index.to_json().as_bytes())
        .with_context(|| format!("cannot write {}", index_path.display()))?;
    Ok(if n_failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// The first half of a document's work: the outcome when it is current or fails, otherwise
/// the document prepared, with its size in bytes.
enum Begun {
    Done(Box<Outcome>),
    Prepared((usize, Box<gongwen::Prepared>)),
}

/// Reads `input` (unless the read-ahead has) and prepares it, unless its output is current.
fn begin(input: &Input, read: Option<ReadDoc>, prior: Option<&IndexRow>, out_dir: &Path) -> Begun {
    let fail = |e: Error| Begun::Done(Box::new(Outcome::Failed(Failure::of(&input.path, &e))));
    let (bytes, sha256) = match bytes_of(input, read) {
        Ok(read) => read,
        Err(e) => return fail(e),
    };
    if let Some(row) = prior {
        let unchanged = row.path == gongwen::display_path(&input.path)
            && row.sha256 == sha256
            && out_dir.join(&row.output).is_file();
        if unchanged {
            return Begun::Done(Box::new(Outcome::Unchanged(row.clone())));
        }
    }
    let size = bytes.len();
    match gongwen::prepare_hashed(&input.id, &input.path, bytes, Some(sha256)) {
        Ok(prepared) => Begun::Prepared((size, Box::new(prepared))),
        Err(e) => fail(e),
    }
}

/// Finishes a prepared document and hands its JSON, in pieces, and output path to `write`;
/// the document counts as written once the writer has written it.
fn finish_one<E>(
    (size, prepared): (usize, Box<gongwen::Prepared>),
    out_dir: &Path,
    spare: &Spare,
    mut write: impl FnMut(Piece, PathBuf) -> Result<(), E>,
) -> Outcome {
    let doc = gongwen::finish(*prepared);
    let out = out_dir.join(batch::output_name(&doc.id));
    let (row, stats) = (IndexRow::of(&doc), Stats::of(&doc, size));
    let mut sent = true;
    let pretty = gongwen::emit::Layout::Pretty;
    doc.write_json_pieces(pretty, PIECE, spare.take(), |json, last| {
        let next = if last { Vec::new() } else { spare.take() };
        let json = std::mem::replace(json, next);
        sent = sent && write(Piece { json, last }, out.clone()).is_ok();
    });
    if !sent {
        // only when the writer has stopped, which it does by a panic
        let failure = write_failure(Path::new(&row.path), &out, "the writer has stopped");
        return Outcome::Failed(failure);
    }
    Outcome::Written(row, stats)
}

/// How many pieces of JSON (a small document's whole JSON, or [`PIECE`] bytes or more of a
/// large one's) may wait for the writer. A few keep it busy through a document that is slow to
/// process (16 wrote no faster than 1 or 2); more would only hold more of them in memory.
const WRITE_QUEUE: usize = 2;

/// The size of the pieces in which a document's JSON goes to the writer as it is made, and to
/// standard output when the document is due: a large document's JSON (three to six times its
/// input, more for dense lists) is never whole in memory, and the writer writes a piece while
/// the next is made, so that what is left to write when the document is done is one piece
/// (with pieces of 4 MB, the 3.5 MB JSON of a 1 MB document was all written after it was
/// made). Most documents' JSON is one piece.
const PIECE: usize = 1 << 20;

/// Buffers of JSON the writer has written, for the workers' next pieces: a large document's
/// pieces go round a few buffers instead of each taking memory fresh from the system, which a
/// run of large documents returns at once (see `document_size`).
#[derive(Default)]
struct Spare(Mutex<Vec<Vec<u8>>>);

impl Spare {
    /// The most buffers kept: one for each piece the writer may hold (one it writes and
    /// [`WRITE_QUEUE`] waiting), one for a worker's next.
    const KEPT: usize = WRITE_QUEUE + 2;

    fn buffers(&self) -> std::sync::MutexGuard<'_, Vec<Vec<u8>>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A buffer written before, or a new empty one.
    fn take(&self) -> Vec<u8> {
        self.buffers().pop().unwrap_or_default()
    }

    /// Keeps `buf` for a next piece, unless enough are kept.
    fn give(&self, mut buf: Vec<u8>) {
        buf.clear();
        let mut kept = self.buffers();
        if kept.len() < Self::KEPT {
            kept.push(buf);
        }
    }
}

/// A piece of a document's JSON.
struct Piece {
    json: Vec<u8>,
    /// Whether the document's JSON ends with it.
    last: bool,
}

/// A piece of a document's JSON on its way to its output file.
struct Pending {
    /// The document's place in the input order.
    k: usize,
    input: PathBuf,
    out: PathBuf,
    piece: Piece,
}

/// Writes the documents whose pieces arrive on `queue` until every sender is gone, and returns
/// the ones it could not write, by their place in the input order. Each worker sends one
/// document's pieces in order, so a few documents may be partly written at a time.
fn write_files(queue: mpsc::Receiver<Pending>, spare: &Spare, ui: &Ui) -> Vec<(usize, Failure)> {
    let mut failed = Vec::new();
    let mut partly: HashMap<usize, std::io::Result<batch::AtomicFile>> = HashMap::new();
    for doc in queue {
        let Pending { k, piece, .. } = doc;
        // the written document's outcome, none while it is partly written
        let written = match partly.remove(&k) {
            // a whole document
            None if piece.last => Some(batch::write_atomic(&doc.out, &piece.json)),
            started => {
                let file = started.unwrap_or_else(|| batch::AtomicFile::create(&doc.out, None));
                let file = file.and_then(|mut f| f.write(&piece.json).map(|()| f));
                if piece.last {
                    Some(file.and_then(batch::AtomicFile::finish))
                } else {
                    partly.insert(k, file);
                    None
                }
            }
        };
        spare.give(piece.json);
        let Some(written) = written else {
            continue;
        };
        if let Err(e) = written {
            failed.push((k, write_failure(&doc.input, &doc.out, &e.to_string())));
        }
        ui.bar.inc(1);
    }
    failed
}

fn write_failure(input: &Path, out: &Path, reason: &str) -> Failure {
    Failure {
        path: gongwen::display_path(input),
        error: "write".to_owned(),
        message: format!(
            "{}: cannot write {}: {reason}",
            input.display(),
            out.display()
        ),
    }
}

/// One document regenerated by `--check`: its index row, and when the file on disk differs,
/// what changed in it (the document itself is not kept).
struct Checked {
    row: IndexRow,
    stats: Stats,
    stale: Option<diff::Report>,
}

fn check_one(input: &Input, out_dir: &Path) -> Result<Checked, Error> {
    let bytes = gongwen::read_input(&input.path)?;
    let size = bytes.len();
    crate::document_size(size);
    let doc = gongwen::prepare_hashed(&input.id, &input.path, bytes, None).map(gongwen::finish)?;
    let out = out_dir.join(batch::output_name(&doc.id));
    let stale = (!holds(&out, &doc)).then(|| {
        let old = diff::load_file(&out).ok();
        let new: DocView =
            serde_json::from_str(&doc.to_json()).expect("gongwen's JSON is a DocView");
        diff::diff_sets(old.as_slice(), &[new])
    });
    Ok(Checked {
        row: IndexRow::of(&doc),
        stats: Stats::of(&doc, size),
        stale,
    })
}

/// Whether the file at `path` holds `doc`'s JSON, compared piece by piece as it is made.
fn holds(path: &Path, doc: &gongwen::Document) -> bool {
    let Ok(mut old) = batch::SameBytes::open(path) else {
        return false;
    };
    let mut same = true;
    doc.write_json_pieces(
        gongwen::emit::Layout::Pretty,
        PIECE,
        Vec::new(),
        |piece, _| {
            same = same && old.next_is(piece);
        },
    );
    same && old.at_end().unwrap_or(false)
}

/// `--check`: regenerate everything in memory and compare with the output folder.
fn check(
    inputs: &[Input],
    out_dir: &Path,
    mut failed: Vec<Failure>,
    ui: &Ui,
    tally: &mut Tally,
) -> anyhow::Result<ExitCode> {
    let results: Vec<Result<Checked, Error>> = inputs
        .par_iter()
        .map(|i| {
            let r = check_one(i, out_dir);
            ui.bar.inc(1);
            r
        })
        .collect();
    let mut rows = Vec::new();
    let mut stale = Vec::new();
    let mut stale_files = 0usize;
    for (input, r) in inputs.iter().zip(results) {
        match r {
            Err(e) => {
                ui.error(&e.to_string());
                failed.push(Failure::of(&input.path, &e));
                tally.failed += 1;
            }
            Ok(c) => {
                if let Some(report) = c.stale {
                    stale_files += 1;
                    stale.push(report);
                }
                tally.add(c.stats);
                rows.push(c.row);
            }
        }
    }
    // Documents on disk that no input produces any more.
    let produced: HashSet<PathBuf> = rows.iter().map(|r| PathBuf::from(&r.output)).collect();
    for name in diff::document_files(out_dir).unwrap_or_default() {
        if !produced.contains(&name)
            && let Ok(view) = diff::load_file(&out_dir.join(&name))
        {
            stale_files += 1;
            stale.push(diff::diff_sets(&[view], &[]));
        }
    }
    let index = Index::new(rows, failed);
    let on_disk = std::fs::read_to_string(out_dir.join("index.json")).ok();
    let index_fresh = on_disk.as_deref() == Some(index.to_json().as_str());
    if stale_files == 0 && index_fresh {
        ui.info(&format!("{} is up to date", out_dir.display()));
        return Ok(if tally.failed > 0 {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        });
    }
    let report = diff::Report::merge(stale);
    ui.bar.suspend(|| {
        eprintln!(
            "gongwen: {} is stale ({stale_files} documents{}); run `gongwen extract` and review `git diff`:",
            out_dir.display(),
            if index_fresh { "" } else { " and index.json" }
        );
        eprint!("{}", report.to_text());
    });
    Ok(ExitCode::from(if tally.failed > 0 { 2 } else { 1 }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(dir: &Path, n: usize) -> Vec<Input> {
        (0..n)
            .map(|k| {
                let path = dir.join(format!("{k}.txt"));
                std::fs::write(&path, format!("第{k}条 福建省{}", "字".repeat(k))).unwrap();
                Input {
                    path,
                    id: k.to_string(),
                }
            })
            .collect()
    }

    #[test]
    fn the_read_ahead_hands_over_each_document_read_once_with_its_hash() {
        let dir = tempfile::tempdir().unwrap();
        let mut inputs = inputs(dir.path(), 6);
        // a folder is not a regular file: left for the worker's read to report
        let folder = dir.path().join("folder.txt");
        std::fs::create_dir(&folder).unwrap();
        inputs.push(Input {
            path: folder,
            id: "folder".into(),
        });
        let state = ReadState::default();
        // documents 0 and 1 started before the reader got to them: their workers read them
        state.started.store(2, Ordering::SeqCst);
        read_ahead(&inputs, &state);
        let reader = std::thread::current();
        let reads = Reads {
            state: &state,
            reader: &reader,
        };
        assert!(reads.start(0).is_none() && reads.start(1).is_none());
        for (k, input) in inputs.iter().enumerate().take(6).skip(2) {
            let (bytes, sha256) = reads.start(k).unwrap();
            assert_eq!(bytes, std::fs::read(&input.path).unwrap());
            assert_eq!(sha256, gongwen::ingest::sha256_hex(&bytes));
            assert!(reads.start(k).is_none(), "handed over once");
        }
        assert!(reads.start(6).is_none());
        let held = state.held();
        assert!(held.0.is_empty() && held.1 == 0);
    }

    #[test]
    fn the_writers_buffers_come_back_empty_and_a_few_are_kept() {
        let spare = Spare::default();
        assert_eq!(spare.take().capacity(), 0);
        for n in 0..Spare::KEPT + 2 {
            spare.give(vec![7; 1000 + n]);
        }
        for _ in 0..Spare::KEPT {
            let buf = spare.take();
            assert!(buf.is_empty() && buf.capacity() >= 1000);
        }
        assert_eq!(spare.take().capacity(), 0, "no more than KEPT kept");
    }
}
