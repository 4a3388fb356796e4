#!/bin/bash
# Which classes source-only training learns (results/thin-classes.md): the demo's recipe at 128x256, at 256x512, and
# at 128x256 with the official TUFL code's class weights; each evaluated on the held-out source and the target val.
# usage: bench/thin-classes.sh OUT [SEED]     (one thread each; about 3 + 12 + 3 min on an idle 2-core machine)
set -euo pipefail
out=${1:?usage: bench/thin-classes.sh OUT [SEED]}; seed=${2:-1}
here=$(cd "$(dirname "$0")/.." && pwd)
J="java -Dai.djl.offline=true -jar $here/core/target/segadapt-0.1.0.jar"
export OMP_WAIT_POLICY=passive OMP_NUM_THREADS=1
mkdir -p "$out"
$J generate --out "$out/streets256" --size 128x256 > "$out/gen256.log"
$J generate --out "$out/streets512" --size 256x512 > "$out/gen512.log"
run() { # NAME DATA CROP EXTRA...
  local name=$1 data=$2 crop=$3; shift 3
  $J train --preset bench/source --source "gta5:$data/source@0:400" --crop "$crop" --set seed="$seed" --threads 1 --no-progress \
      --out "$out/$name" "$@" > "$out/$name.log" 2>&1
  $J evaluate --checkpoint "$out/$name" --data "gta5:$data/source@400:500" --threads 1 --json "$out/$name-source.json" > /dev/null
  $J evaluate --checkpoint "$out/$name" --data "cityscapes:$data/target" --threads 1 --json "$out/$name-target.json" > /dev/null
}
run plain256 "$out/streets256" 128x256
run plain512 "$out/streets512" 256x512
run weighted256 "$out/streets256" 128x256 --set classWeights=middle
echo "per-class IoU: $out/*-source.json, $out/*-target.json"
