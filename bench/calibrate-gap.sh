#!/usr/bin/env bash
# Calibrates the benchmark's domain gap against reality (issue 15): for each G, source-only and oracle runs (the demo's
# recipe, preset bench/source: 600 iterations of `small`, the official TUFL code's class weights) over seeds, evaluated on
# target val; the ratio source-only / oracle is compared with the real GTA5 -> Cityscapes range 0.5-0.65. No adaptation
# method is run.
# usage: bench/calibrate-gap.sh OUT SEEDS G... [-- TRAIN-OPTION...]     e.g. bench/calibrate-gap.sh bench/results/gap 3 0.5 0.7
#        options after -- go to both trainings, e.g. -- --set classWeights=none for plain cross-entropy, CaDA's
#        recipe (use another OUT per set of options)
# Runs from a frozen copy of the jar (SEGADAPT_JAR, default core/target/segadapt-0.1.0.jar), one thread each.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$1"; seeds="$2"; shift 2
gaps=(); while [[ $# -gt 0 && "$1" != "--" ]]; do gaps+=("$1"); shift; done
[[ $# -gt 0 ]] && shift; extra=("$@")
jar="${SEGADAPT_JAR:-$here/core/target/segadapt-0.1.0.jar}"
seg() { OMP_WAIT_POLICY=passive MALLOC_ARENA_MAX=1 java -Xmx6g -Dai.djl.offline=true -Djava.awt.headless=true -jar "$jar" "$@"; }
mkdir -p "$out"
tsv="$out/calibration.tsv"
[[ -f "$tsv" ]] || printf 'gap\tseed\trow\tmIoU\n' > "$tsv"
for g in "${gaps[@]}"; do
  data="$out/data-$g"
  seg generate --out "$data" --gap "$g" > "$out/generate-$g.log"
  for s in $(seq 1 "$seeds"); do
    for row in source-only oracle; do
      run="$out/runs/gap-$g/$row-seed$s"; mkdir -p "$(dirname "$run")"
      src="gta5:$data/source@0:400"; [[ "$row" == oracle ]] && src="cityscapes:$data/target"
      if [[ ! -f "$run/eval.json" ]]; then
        if [[ -f "$run/latest" ]]; then
          seg train --resume "$run" --no-progress --threads 1 > "$run.log" 2>&1
        else
          seg train --preset bench/source --source "$src" --seed "$s" --out "$run" --no-progress --threads 1 ${extra[@]+"${extra[@]}"} > "$run.log" 2>&1
        fi
        seg evaluate --checkpoint "$run" --data "cityscapes:$data/target" --split val --classes 19 --json "$run/eval.json" >> "$run.log" 2>&1
      fi
      miou=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d.get('mIoU', d.get('miou')))" "$run/eval.json")
      printf '%s\t%s\t%s\t%s\n' "$g" "$s" "$row" "$miou" >> "$tsv"
      echo "gap $g seed $s $row: mIoU $miou"
    done
  done
done
