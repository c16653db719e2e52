#!/usr/bin/env bash
# Throughput against document size: single documents of 1, 4, 16 and 64 MB, built by
# concatenating the files of a corpus folder (default: input/ repeated), one thread, JSON file
# written; the median of RUNS runs (default 3) of each. MB/s should stay flat (linear time);
# peak RSS should grow in step with the document.
#
# "net MB/s" leaves out the run's fixed cost: the median time of its first file alone (process
# start, tables, jieba, output), taken from each size's time. It is what tells linear work from
# start-up at the small sizes.
#
#   scripts/scaling.sh [CORPUS_DIR]        (BIN=path/to/gongwen to measure another binary)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${BIN:-}" ]; then
  cargo build --release -q
  BIN=target/release/gongwen
fi
corpus="${1:-input}"
runs="${RUNS:-3}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
find -L "$corpus" -type f \( -name '*.txt' -o -name '*.md' \) | sort > "$work/files"

# median seconds of $runs runs over one document, timed by the shell's own clock (a `date` or
# `time` process around the run would add its own start), then the peak RSS (KB) of one more
# run under /usr/bin/time
measure() {
  for _ in $(seq "$runs"); do
    rm -rf "$work/out"
    start=${EPOCHREALTIME/[.,]/}
    "$BIN" extract "$1" -o "$work/out" -j 1 -q
    end=${EPOCHREALTIME/[.,]/}
    echo "$(( end - start ))"
  done | sort -n | awk -v n="$runs" 'NR == int((n + 1) / 2) {printf "%.3f ", $1 / 1e6}'
  rm -rf "$work/out"
  /usr/bin/time -f '%M' -o "$work/time" "$BIN" extract "$1" -o "$work/out" -j 1 -q
  cat "$work/time"
}

first=$(head -1 "$work/files")
read -r base _ < <(measure "$first")
echo "fixed cost (first file alone, $(stat -c %s "$first") bytes): ${base} s"
printf '%-8s %10s %10s %10s %14s\n' size seconds MB/s "net MB/s" "peak RSS MB"
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
  read -r secs kb < <(measure "$doc")
  awk -v m="$mb" -v s="$secs" -v b="$bytes" -v kb="$kb" -v f="$base" 'BEGIN {
    net = s > f ? sprintf("%10.1f", b / 1e6 / (s - f)) : sprintf("%10s", "-")
    printf "%-8s %10.3f %10.1f %s %14.1f\n", m " MB", s, b / 1e6 / s, net, kb / 1024
  }'
done
