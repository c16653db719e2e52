//! Inputs found by `scripts/fuzz.sh` (and hand-made hard cases), kept for ever: each must go
//! through the pipeline, as text and as Markdown, without a panic.

use std::path::Path;

#[test]
fn fuzz_regressions_do_not_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md")
            && path.file_name().is_some_and(|f| f == "README.md")
        {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        for name in ["f.txt", "f.md"] {
            let _ = gongwen::process("f", Path::new(name), &bytes);
        }
        n += 1;
    }
    assert!(n >= 1, "the folder keeps at least the seed cases");
}
