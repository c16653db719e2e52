#!/usr/bin/env bash
# End-to-end throughput of the release binary over a folder, at one thread and at all cores
# (and at one thread pinned to one core): MB/s, documents/s and peak memory, as a table, with
# `extract --check` and `diff` over the folders written; then what all cores add, from rounds of
# runs, beside what the machine gives as many independent one-thread runs; and the start-up
# time of one small document.
#
#   scripts/bench.sh [CORPUS_DIR]        (BIN=path/to/gongwen to measure another binary)
#
# Without CORPUS_DIR, a corpus of at least 50 MB is generated from input/ (copies with their own
# names) in target/bench-corpus. The regulations corpus beside the project
# (../shared/corpus/lawrefbook_local_regulations, 33 MB) is a good real one to pass.
source "$(dirname "$0")/release.sh"
bin=$BIN

corpus="${1:-}"
if [ -z "$corpus" ]; then
  corpus=target/bench-corpus
  size=$(du -sb "$corpus" 2>/dev/null | cut -f1 || echo 0)
  if [ "${size:-0}" -lt 52000000 ]; then
    rm -rf "$corpus" && mkdir -p "$corpus"
    k=0
    while [ "$(du -sb "$corpus" | cut -f1)" -lt 52000000 ]; do
      for f in input/*; do
        name=$(basename "$f"); cp "$f" "$corpus/${name%.*}_$k.${name##*.}"
      done
      k=$((k + 1))
    done
  fi
fi

files=$(find -L "$corpus" -type f \( -name '*.txt' -o -name '*.md' -o -name '*.markdown' \))
docs=$(printf '%s\n' "$files" | grep -c . || true)
bytes=$(printf '%s\n' "$files" | tr '\n' '\0' | du -cb --files0-from=- | tail -1 | cut -f1)
echo "corpus: $corpus ($docs documents, $(awk "BEGIN {printf \"%.1f\", $bytes / 1e6}") MB)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
# Two outputs: JSON files in a fresh folder (what `extract` does), and JSON Lines to /dev/null
# (the pipeline itself, without the file system, which on a slow disk is much of a run).
# Each run's output stays until the end: on ext4 without a journal, creating a file skips
# every inode deleted in the last minutes one by one, so deleting a run's thousands of files
# just before the next run would slow the next run's writes.
runs=$(mktemp -d)
trap 'rm -rf "$runs"' EXIT
printf '%-10s %-18s %10s %10s %12s %14s\n' threads output seconds MB/s documents/s "peak RSS MB"
# row THREADS OUTPUT TIME_FILE: a row of the table from the seconds and peak KB /usr/bin/time wrote
row() {
  read -r secs kb < "$3"
  awk -v t="$1" -v o="$2" -v s="$secs" -v b="$bytes" -v d="$docs" -v kb="$kb" \
    'BEGIN {printf "%-10s %-18s %10.2f %10.1f %12.0f %14.1f\n", t, o, s, b / 1e6 / s, d / s, kb / 1024}'
}
for threads in 1 "$(nproc)"; do
  for output in files jsonl; do
    out="$runs/$threads-$output"
    mkdir "$out"
    if [ "$output" = files ]; then
      /usr/bin/time -f '%e %M' -o "$out.time" "$bin" extract "$corpus" -o "$out" -j "$threads" -q --force || true
    else
      /usr/bin/time -f '%e %M' -o "$out.time" "$bin" extract "$corpus" --format jsonl -j "$threads" -q > /dev/null || true
    fi
    row "$threads" "$([ "$output" = files ] && echo "JSON files" || echo "JSON Lines, null")" "$out.time"
  done
done

# What a second core adds: the one-thread run pinned to one core, where the tables, jieba and
# the read-ahead share the worker's core instead of using the other (JSON Lines).
if command -v taskset > /dev/null && [ "$(nproc)" -gt 1 ]; then
  /usr/bin/time -f '%e %M' -o "$runs/core.time" taskset -c 0 "$bin" extract "$corpus" --format jsonl -j 1 -q > /dev/null || true
  row "1, 1 core" "JSON Lines, null" "$runs/core.time"
fi

# What all cores add, in PAIRS (default 9) rounds of runs, one thread and all cores (JSON Lines,
# null): a round's runs meet the machine in the same state, where runs minutes apart may not.
# Each round also runs as many one-thread runs side by side as there are cores, each over the
# whole corpus: independent processes that share nothing but the machine, whose ratio is what
# the machine itself gives that many copies of the work (its caches, memory and the host's
# scheduling), the bound for what threads can add. The medians of the rounds' ratios, the
# median times, and each round's ratio.
pairs="${PAIRS:-9}"
# the time of one run at $1 threads, in microseconds
timed() {
  local start=${EPOCHREALTIME/[.,]/}
  "$bin" extract "$corpus" --format jsonl -j "$1" -q > /dev/null || true
  local end=${EPOCHREALTIME/[.,]/}
  echo "$(( end - start ))"
}
# the time of $(nproc) one-thread runs side by side, in microseconds
side_by_side() {
  local start=${EPOCHREALTIME/[.,]/}
  for _ in $(seq "$(nproc)"); do
    "$bin" extract "$corpus" --format jsonl -j 1 -q > /dev/null &
  done
  wait
  local end=${EPOCHREALTIME/[.,]/}
  echo "$(( end - start ))"
}
for k in $(seq "$pairs"); do
  # each setting first in turn, so that none always meets the machine first
  case $(( k % 3 )) in
    1) one=$(timed 1); all=$(timed "$(nproc)"); side=$(side_by_side) ;;
    2) all=$(timed "$(nproc)"); side=$(side_by_side); one=$(timed 1) ;;
    0) side=$(side_by_side); one=$(timed 1); all=$(timed "$(nproc)") ;;
  esac
  echo "$one $all $side"
done > "$runs/pairs"
awk -v n="$(nproc)" '
  function median(a, len,   i, j, t) {
    for (i = 2; i <= len; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) {t = a[j]; a[j] = a[j - 1]; a[j - 1] = t}
    return a[int((len + 1) / 2)]
  }
  {
    one[NR] = $1; all[NR] = $2; side[NR] = $3
    ratio[NR] = $1 / $2; copies[NR] = n * $1 / $3
    each = each sprintf(" %.2f", ratio[NR]); each_side = each_side sprintf(" %.2f", copies[NR])
  }
  END {
    r = median(ratio, NR); c = median(copies, NR); a = median(one, NR); b = median(all, NR); s = median(side, NR)
    printf "%s cores against one: %.2fx (JSON Lines, null; median of %d rounds, %.2f s against %.2f s; rounds:%s)\n", n, r, NR, b / 1e6, a / 1e6, each
    printf "%s one-thread runs side by side against one: %.2fx (the machine'"'"'s own bound; %.2f s for %s corpora; rounds:%s)\n", n, c, s / 1e6, n, each_side
  }' "$runs/pairs"

# The dataset workflow over the folders just written, at all cores: `extract --check` (each
# document regenerated and compared with its file) and `diff` of the two runs' folders (the
# same documents). MB/s is of the corpus, as above.
/usr/bin/time -f '%e %M' -o "$runs/check.time" "$bin" extract "$corpus" -o "$runs/1-files" --check -q > /dev/null 2>&1 || true
row "$(nproc)" "extract --check" "$runs/check.time"
/usr/bin/time -f '%e %M' -o "$runs/diff.time" "$bin" diff "$runs/1-files" "$runs/$(nproc)-files" > /dev/null || true
row "$(nproc)" "diff of folders" "$runs/diff.time"

# Start-up: one small document end to end (process start, tables, jieba, output), median of 11.
doc=$(ls input/* | head -1)
times=()
for _ in $(seq 11); do
  out=$(mktemp -d)
  start=$(date +%s%N)
  "$bin" extract "$doc" -o "$out" -q
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
  rm -rf "$out"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 6p)
echo "start-up, one small document ($doc): ${median} ms (median of 11)"
