#!/usr/bin/env bash
# Throughput against document size: single documents of 1, 4, 16 and 64 MB, built by
# concatenating the files of a corpus folder (default: input/ repeated), one thread, JSON file
# written; the median of RUNS runs (default 3) of each. MB/s should stay flat (linear time);
# peak RSS should grow in step with the document.
#
# The runs go in rounds, each size once a round (the corpus's first file alone, then 1, 4, 16
# and 63 MB), so that a machine whose speed drifts over minutes slows every size alike rather
# than the sizes measured last. "of fastest" is a size's MB/s as a share of the fastest
# size's, the measure of linear time; the last line gives the smallest share.
#
# "net MB/s" leaves out the run's fixed cost: the median time of the first file alone (process
# start, tables, jieba, output), taken from each size's time. It is what tells linear work from
# start-up at the small sizes.
#
#   scripts/scaling.sh [CORPUS_DIR]        (BIN=path/to/gongwen to measure another binary)
source "$(dirname "$0")/release.sh"
corpus="${1:-input}"
runs="${RUNS:-3}"
sizes=(1 4 16 63)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
find -L "$corpus" -type f \( -name '*.txt' -o -name '*.md' \) | sort > "$work/files"

first=$(head -1 "$work/files")
docs=("$first")
for mb in "${sizes[@]}"; do
  doc="$work/doc-$mb.txt"
  : > "$doc"
  while [ "$(stat -c %s "$doc")" -lt $((mb * 1000000)) ]; do
    while read -r f; do
      cat "$f" >> "$doc"; printf '\n\n' >> "$doc"
      [ "$(stat -c %s "$doc")" -ge $((mb * 1000000)) ] && break
    done < "$work/files"
  done
  docs+=("$doc")
done

# microseconds of one run over one document, timed by the shell's own clock (a `date` or
# `time` process around the run would add its own start)
run() {
  rm -rf "$work/out"
  local start=${EPOCHREALTIME/[.,]/}
  "$BIN" extract "$1" -o "$work/out" -j 1 -q
  local end=${EPOCHREALTIME/[.,]/}
  echo "$(( end - start ))"
}
for _ in $(seq "$runs"); do
  for k in "${!docs[@]}"; do
    echo "$k $(run "${docs[$k]}")"
  done
done > "$work/times"

# the median seconds of document k's runs, and the peak RSS (KB) of one more run under
# /usr/bin/time
median() {
  awk -v k="$1" '$1 == k {print $2}' "$work/times" | sort -n |
    awk '{v[NR] = $1} END {printf "%.4f", v[int((NR + 1) / 2)] / 1e6}'
}
peak() {
  rm -rf "$work/out"
  /usr/bin/time -f '%M' -o "$work/time" "$BIN" extract "$1" -o "$work/out" -j 1 -q
  cat "$work/time"
}

base=$(median 0)
echo "fixed cost (first file alone, $(stat -c %s "$first") bytes): ${base} s; medians of $runs rounds"
for k in $(seq 1 $(( ${#docs[@]} - 1 ))); do
  echo "${sizes[$((k - 1))]} $(median "$k") $(stat -c %s "${docs[$k]}") $(peak "${docs[$k]}")"
done > "$work/sizes"
awk -v f="$base" '
  {mb[NR] = $1; s[NR] = $2; rate[NR] = $3 / 1e6 / $2; kb[NR] = $4; if (rate[NR] > top) top = rate[NR]}
  END {
    printf "%-8s %10s %10s %11s %10s %14s\n", "size", "seconds", "MB/s", "of fastest", "net MB/s", "peak RSS MB"
    low = 100
    for (k = 1; k <= NR; k++) {
      share = 100 * rate[k] / top
      if (share < low) low = share
      net = s[k] > f ? sprintf("%10.1f", rate[k] * s[k] / (s[k] - f)) : sprintf("%10s", "-")
      printf "%-8s %10.3f %10.1f %10.0f%% %s %14.1f\n", mb[k] " MB", s[k], rate[k], share, net, kb[k] / 1024
    }
    printf "linear time: the slowest size runs at %.0f%% of the fastest one'"'"'s MB/s (target: 80%% or more)\n", low
  }' "$work/sizes"
