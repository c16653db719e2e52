#!/usr/bin/env bash
# Throughput against document size: single documents of 1, 4, 16 and 64 MB, built by
# concatenating the files of a corpus folder (default: input/ repeated), one thread.
# MB/s should stay flat (linear time); peak RSS should grow in step with the document.
#
#   scripts/scaling.sh [CORPUS_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
corpus="${1:-input}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
find -L "$corpus" -type f \( -name '*.txt' -o -name '*.md' \) | sort > "$work/files"
printf '%-8s %10s %10s %14s\n' size seconds MB/s "peak RSS MB"
for mb in 1 4 16 63; do
  doc="$work/doc-$mb.txt"
  : > "$doc"
  while [ "$(stat -c %s "$doc")" -lt $((mb * 1000000)) ]; do
    while read -r f; do
      cat "$f" >> "$doc"; printf '\n\n' >> "$doc"
      [ "$(stat -c %s "$doc")" -ge $((mb * 1000000)) ] && break
    done < "$work/files"
  done
  bytes=$(stat -c %s "$doc")
  /usr/bin/time -f '%e %M' -o "$work/time" target/release/gongwen extract "$doc" -o "$work/out" -j 1 -q
  read -r secs kb < "$work/time"
  awk -v m="$mb" -v s="$secs" -v b="$bytes" -v kb="$kb" 'BEGIN {printf "%-8s %10.2f %10.1f %14.1f\n", m " MB", s, b / 1e6 / s, kb / 1024}'
done
