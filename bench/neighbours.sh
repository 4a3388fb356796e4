#!/usr/bin/env bash
# Noisy neighbours: the training-step speed of one segadapt process alone and beside one competing libtorch process,
# for several OpenMP settings. Prints one line per (setting, condition, repeat) and a median summary; nothing else may run.
#   bench/neighbours.sh [REPEATS] [OUT.tsv]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
reps="${1:-3}"
out="${2:-$here/bench/results/neighbours.tsv}"
jar="$here/core/target/segadapt-0.1.0.jar"
[[ -f "$jar" ]] || (cd "$here" && mvn -B -q -DskipTests package)
step=(bench --model small --step focal --res 128x256 --batch 2 --warmup 3 --inference-reps 1 --ceiling-reps 0 --loader-batches 0)
# Settings under test: what the launcher could export (SEGADAPT_THREADS becomes --threads). 'none' is libgomp's own
# default: spin about 300k iterations at a barrier before sleeping.
declare -A settings=(
  [none]=""
  [passive]="OMP_WAIT_POLICY=passive"
  [spin-100k]="GOMP_SPINCOUNT=100000"
  [spin-30k]="GOMP_SPINCOUNT=30000"
  [spin-3k]="GOMP_SPINCOUNT=3000"
  [spin-1k]="GOMP_SPINCOUNT=1000"
  [threads-1]="SEGADAPT_THREADS=1"
)
read -r -a order <<< "${NEIGHBOUR_SETTINGS:-none passive spin-100k spin-30k threads-1}"
steps="${NEIGHBOUR_STEPS:-40}"
run() { # run SETTING STEPS JSON: one bench with the setting's environment
  local threads; threads="$(env $1 bash -c 'echo ${SEGADAPT_THREADS:-0}')"
  env $1 MALLOC_ARENA_MAX=1 java -Xmx2g -Dai.djl.offline=true -Djava.awt.headless=true -jar "$jar" "${step[@]}" \
    --threads "$threads" --steps "$2" --json "$3" >/dev/null 2>&1
}
median_ms() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['stepMs']['median'])" "$1"; }
tmp="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
mkdir -p "$(dirname "$out")"
printf 'setting\tcompetitor\trepeat\tstep_ms\n' > "$out"
for r in $(seq 1 "$reps"); do
  for s in "${order[@]}"; do
    for comp in ${NEIGHBOUR_COMPETITORS:-alone same}; do
      pid=""
      if [[ "$comp" != alone ]]; then
        cs="${settings[$s]}"; [[ "$comp" == none ]] && cs=""; [[ "$comp" == passive ]] && cs="${settings[passive]}"
        ( while true; do run "$cs" 100000 "$tmp/comp.json" || true; done ) & pid=$!
        sleep 4 # the competitor is past start-up and stepping
      fi
      run "${settings[$s]}" "$steps" "$tmp/m.json"
      ms="$(median_ms "$tmp/m.json")"
      if [[ -n "$pid" ]]; then kill -- -"$pid" 2>/dev/null || kill "$pid"; pkill -f "steps 100000" || true; wait "$pid" 2>/dev/null || true; fi
      printf '%s\t%s\t%s\t%s\n' "$s" "$comp" "$r" "$ms" | tee -a "$out"
    done
  done
done
python3 - "$out" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
med = {}
for r in rows:
    med.setdefault((r['setting'], r['competitor']), []).append(float(r['step_ms']))
m = {k: statistics.median(v) for k, v in med.items()}
base = m.get(('none', 'alone'))
print("median step ms of the measured process (setting), alone or beside a competitor (same setting / libgomp default /")
print("passive), and the ratio to the default setting's idle speed ('none', alone) when that was measured")
for (s, c), v in sorted(m.items()):
    print(f"{s:10} beside {c:8} {v:8.1f} ms" + (f"  {v / base:5.2f}x" if base else "") + f"  (n={len(med[(s, c)])})")
EOF
