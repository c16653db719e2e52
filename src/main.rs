//! The `gongwen` command line.

mod cli;

use std::ffi::{c_int, c_long};
use std::process::ExitCode;

use clap::Parser;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay`, the sixteenth option in `mimalloc.h` of the mimalloc 3 that
/// libmimalloc-sys builds, which its bindings do not name (a test checks its default, 1000 ms).
const MI_PURGE_DELAY: c_int = 15;

unsafe extern "C" {
    fn mi_option_set(option: c_int, value: c_long);
    #[cfg(test)]
    fn mi_option_get(option: c_int) -> c_long;
}

/// How long mimalloc keeps freed memory before it returns it to the system, while the run's
/// documents are small. Each return (`madvise`) on one core interrupts the other core's
/// worker to flush its TLB; at two threads, returning memory at once cost up to a tenth of the
/// CPU time. A small document's freed memory is the next one's anyway.
const PURGE_DELAY_MS: c_long = 10;

/// The size from which a document's stages free megabytes that the next stage allocates
/// anew, and with the delay both are resident at once: the peak of a 1 MB document rose from
/// 59 to 67 MB, of a 4 MB one from 73 to 89, of a 16 MB one from 134 to 172 and of a 63 MB
/// one from 369 to 488.
const LARGE_DOCUMENT: usize = 1 << 20;

fn set_purge_delay(ms: c_long) {
    // SAFETY: mi_option_set only stores the value; any option and value are accepted, and
    // mimalloc reads the option each time it frees memory.
    unsafe { mi_option_set(MI_PURGE_DELAY, ms) }
}

/// Says that the run is about to process a document of `bytes` bytes: from the first
/// [`LARGE_DOCUMENT`] on, freed memory goes back to the system at once.
pub(crate) fn document_size(bytes: usize) {
    if bytes >= LARGE_DOCUMENT {
        set_purge_delay(0);
    }
}

fn main() -> ExitCode {
    set_purge_delay(PURGE_DELAY_MS);
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("gongwen: {err:#}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_mimallocs() {
        // options.c: `{ 1000, MI_OPTION_UNINIT, MI_OPTION_LEGACY(purge_delay,reset_delay) }`
        // SAFETY: reading an option has no precondition.
        let delay = || unsafe { mi_option_get(MI_PURGE_DELAY) };
        assert_eq!(delay(), 1000);
        set_purge_delay(PURGE_DELAY_MS);
        assert_eq!(delay(), 10);
        document_size(LARGE_DOCUMENT - 1);
        assert_eq!(delay(), 10);
        document_size(LARGE_DOCUMENT);
        assert_eq!(delay(), 0);
        document_size(0);
        assert_eq!(
            delay(),
            0,
            "once a large document is met, memory goes back at once"
        );
    }
}
