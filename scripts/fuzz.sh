#!/usr/bin/env bash
# Fuzz the whole pipeline with cargo fuzz (libFuzzer). Not run in CI.
#
#   scripts/fuzz.sh [SECONDS]     (default 300)
#
# Any crash is copied to tests/fuzz_regressions/, where `cargo test` replays it for ever
# after. cargo fuzz needs nightly features; on a stable toolchain RUSTC_BOOTSTRAP=1 enables
# them.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-300}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
mkdir -p fuzz/corpus/pipeline
cp -n input/* fuzz/corpus/pipeline/ 2>/dev/null || true
status=0
RUSTC_BOOTSTRAP=1 cargo fuzz run pipeline fuzz/corpus/pipeline -- -max_total_time="$secs" -max_len=65536 || status=$?
shopt -s nullglob
for crash in fuzz/artifacts/pipeline/crash-* fuzz/artifacts/pipeline/oom-* fuzz/artifacts/pipeline/timeout-*; do
  cp "$crash" tests/fuzz_regressions/
  echo "kept $(basename "$crash") in tests/fuzz_regressions/"
done
exit "$status"
