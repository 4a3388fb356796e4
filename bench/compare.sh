#!/usr/bin/env bash
# Java (./segadapt bench) and its PyTorch twin (bench/pytorch_reference.py) on the same arguments, interleaved
# round by round (J,P then P,J ...) so that both see the same machine load; prints per-round and median ratios
# Java/PyTorch of the training step and of batch-1 inference.
#
#   bench/compare.sh [--rounds R] [--start-round S] [--out DIR] -- --model bisenet --step focal --res 256x512 --batch 2 --threads 2 [--steps K ...]
#
# OpenMP runs with its default wait policy unless OMP_WAIT_POLICY is exported (it then applies to both sides):
# export OMP_WAIT_POLICY=passive on a machine shared with other busy processes, where threads that spin at
# barriers lose their core and a 2-thread step slows down 3-4x, unevenly from run to run. On an idle machine
# passive costs both sides (Java more: it wakes the pool for more small parallel regions).
# PYTHON (default /usr/bin/python3, Debian's python3-torch) and SEGADAPT (default ./segadapt bench) can be overridden.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=3
start=1
out="$here/bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
while [[ $# -gt 0 && "$1" != "--" ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --start-round) start="$2"; shift 2 ;;  # add rounds to an earlier --out (the summary covers rounds 1..R)
    --out) out="$2"; shift 2 ;;
    *) echo "compare.sh: unknown option $1 (arguments for both sides go after --)" >&2; exit 2 ;;
  esac
done
[[ "${1:-}" == "--" ]] && shift
args=("$@")
python="${PYTHON:-/usr/bin/python3}"
mkdir -p "$out"
if [[ -n "${SEGADAPT:-}" ]]; then
  read -r -a java_cmd <<< "$SEGADAPT"
elif "$here/segadapt" bench --help 2>&1 | grep -q "Usage: segadapt bench"; then
  java_cmd=("$here/segadapt" bench)
else
  [[ -f "$here/core/target/segadapt-0.1.0.jar" ]] || (cd "$here" && mvn -B -q -o -DskipTests package -pl core -am >&2)
  java_cmd=(java ${SEGADAPT_JAVA_OPTS:--Xmx8g} -cp "$here/core/target/segadapt-0.1.0.jar:$here/core/target/lib/*" org.segadapt.cli.BenchCommand)
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt"
echo "arguments (rounds $start..$rounds): ${args[*]}; OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-default}" | tee -a "$out/machine.txt"
for ((r = start; r <= rounds; r++)); do
  if ((r % 2 == 1)); then order=(java python); else order=(python java); fi
  for side in "${order[@]}"; do
    echo "== round $r: $side (load $(cut -d' ' -f1 /proc/loadavg))"
    if [[ "$side" == java ]]; then
      "${java_cmd[@]}" "${args[@]}" --json "$out/java-$r.json" > "$out/java-$r.log" 2>&1 || { cat "$out/java-$r.log"; exit 1; }
    else
      "$python" "$here/bench/pytorch_reference.py" "${args[@]}" --json "$out/python-$r.json" > "$out/python-$r.log" 2>&1 \
        || { cat "$out/python-$r.log"; exit 1; }
    fi
    grep -E "training step|inference" "$out/$side-$r.log" | sed 's/^/   /'
  done
done
"$python" - "$out" "$rounds" <<'PY' | tee "$out/summary.md"
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
rows, step_r, inf_r, raw_r = [], [], [], []
for r in range(1, rounds + 1):
    j, p = (json.load(open("%s/%s-%d.json" % (out, s, r))) for s in ("java", "python"))
    sr, ir = j["stepMs"]["median"] / p["stepMs"]["median"], j["inferenceMs"]["median"] / p["inferenceMs"]["median"]
    # Java's unfolded inference (the network as trained) against the same PyTorch pass; older Java runs lack it
    raw = j.get("inferenceUnfoldedMs", j["inferenceMs"])["median"]
    step_r.append(sr); inf_r.append(ir); raw_r.append(raw / p["inferenceMs"]["median"])
    rows.append("| %d | %.0f | %.0f | **%.2f** | %.1f | %.1f | %.1f | **%.2f** | %.2f |" % (r, j["stepMs"]["median"], p["stepMs"]["median"], sr,
                j["inferenceMs"]["median"], raw, p["inferenceMs"]["median"], ir, raw_r[-1]))
print("%s %s %s batch %s, threads %s; parameters java %s / pytorch %s; step GFLOP java %.2f / pytorch %.2f"
      % (j["model"], j["step"], j["res"], j["batch"], j["threads"], j["parameters"], p["parameters"], j["stepGflop"], p["stepGflop"]))
print()
print("| round | Java step ms | PyTorch step ms | Java/PyTorch | Java infer ms (BN folded) | Java unfolded | PyTorch infer ms "
      "| Java/PyTorch | unfolded/PyTorch |")
print("|---|---|---|---|---|---|---|---|---|")
print("\n".join(rows))
print("| **median** | | | **%.2f** | | | | **%.2f** | %.2f |" % (statistics.median(step_r), statistics.median(inf_r), statistics.median(raw_r)))
PY
