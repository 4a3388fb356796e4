#!/usr/bin/env bash
# Whole-network parity with PyTorch (not part of CI): torchvision ResNet-18/101, AdaptSegNet DeepLab-v2 and
# CoinCheung BiSeNet v1 with seeded random weights are exported by PyTorch (tools/parity.py), imported with
# `segadapt import-weights`, run on the same image, and compared (tools/Parity.java): max |diff| and argmax agreement.
# Then `segadapt export-weights` writes them back and PyTorch loads them with load_state_dict(strict=True).
# Needs python3 with torch (Debian: apt-get install python3-torch; no torchvision or safetensors package needed).
# usage: tools/parity.sh [WORK_DIR]   (default core/target/parity; about 500 MB of weight files)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-$root/core/target/parity}"
py="${PYTHON:-/usr/bin/python3}"
cd "$root"
rm -rf "$work/run-resnet18" "$work/run-deeplabv2" "$work/run-bisenet"
"$py" tools/parity.py "$work"
mvn -B -q -o compile -pl core -am
mvn -B -q -o dependency:build-classpath -pl core -Dmdep.outputFile="$work/classpath.txt" -Dmdep.includeScope=runtime
cp=$(cat "$work/classpath.txt")
java_run() { java ${SEGADAPT_JAVA_OPTS:--Xmx8g} -Dai.djl.offline=true -cp "$root/core/target/classes:$cp" tools/Parity.java "$@"; }
seg() { "$root/segadapt" "$@"; }
seg import-weights --model bisenet --backbone-only --from "$work/resnet18.safetensors" --out "$work/run-resnet18"
seg import-weights --model deeplabv2 --from "$work/deeplabv2.safetensors" --out "$work/run-deeplabv2"
seg import-weights --model bisenet --from "$work/bisenet.safetensors" --out "$work/run-bisenet"
java_run "$work"
for kind in deeplabv2 bisenet; do
  seg export-weights --checkpoint "$work/run-$kind" --out "$work/exported-$kind.safetensors"
  "$py" tools/parity.py --check-export "$work/$kind.safetensors" "$work/exported-$kind.safetensors" "$kind"
done
