# Sourced by the measuring scripts: stops at the first error, works from the project's root,
# and sets BIN to the release binary, built now, unless BIN names another one to measure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -z "${BIN:-}" ]; then
  cargo build --release -q
  BIN=target/release/gongwen
fi
