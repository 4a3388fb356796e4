#!/usr/bin/env bash
# Issue 11's acceptance run: N consecutive `./segadapt demo` in one fresh clone of HEAD; every table must be identical.
#   bench/demo-repeat.sh [N] [OUT_DIR]     (writes OUT_DIR/run-K.txt, OUT_DIR/times.tsv, OUT_DIR/summary.txt)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-20}"
out="${2:-$here/bench/results/demo-repeat}"
mkdir -p "$out"
clone="$(mktemp -d)/segadapt"
git clone -q "$here" "$clone"
printf 'run\trc\tseconds\n' > "$out/times.tsv"
for k in $(seq 1 "$n"); do
  start=$(date +%s.%N)
  (cd "$clone" && ./segadapt demo > "$out/run-$k.txt" 2> "$out/run-$k.err")
  rc=$?
  printf '%s\t%s\t%.1f\n' "$k" "$rc" "$(echo "$(date +%s.%N) - $start" | bc)" >> "$out/times.tsv"
done
# the table is everything the demo prints except its timing line
for k in $(seq 1 "$n"); do grep -v "demo finished in" "$out/run-$k.txt" | md5sum; done | sort | uniq -c > "$out/tables.txt"
{
  echo "commit $(git -C "$clone" rev-parse HEAD)"
  echo "runs $n, failed $(awk -F'\t' 'NR>1 && $2!=0' "$out/times.tsv" | wc -l)"
  echo "distinct tables $(wc -l < "$out/tables.txt")"
  awk -F'\t' 'NR>1 {print $3}' "$out/times.tsv" | sort -n | awk '{a[NR]=$1} END {print "seconds per run: min " a[1] ", median " a[int((NR+1)/2)] ", max " a[NR]}'
} | tee "$out/summary.txt"
