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

/// Has mimalloc return memory to the system as soon as it is free, instead of a second later: a
/// large document's stages free hundreds of megabytes that the next stage allocates anew, and
/// with the delay both were resident at once (a 63 MB document peaked at 740 MB, and at 556 MB
/// without it). Runs over many documents take the same time either way.
fn purge_at_once() {
    // SAFETY: mi_option_set only stores the value; any option and value are accepted.
    unsafe { mi_option_set(MI_PURGE_DELAY, 0) }
}

fn main() -> ExitCode {
    purge_at_once();
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
        assert_eq!(unsafe { mi_option_get(MI_PURGE_DELAY) }, 1000);
        purge_at_once();
        assert_eq!(unsafe { mi_option_get(MI_PURGE_DELAY) }, 0);
    }
}
