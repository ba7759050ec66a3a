#!/usr/bin/env bash
# Evidence for the `two_unit` training preset and the conventional-distillation default
# (docs/train.md "The two_unit preset", docs/distill.md D15): trains 2-unit networks on the task
# with candidate learning rates and lengths over five seeds, evaluates each on the 1000-block
# evaluation session (accuracy, timeouts, largest p(side) reached), then distils a 50-unit
# `fast` teacher conventionally with Adam and with the paper's SGD.
# Usage: bench/two_unit_sweep.sh [IBLRNN_BINARY] [OUT_DIR]   (prints one line per run)
set -euo pipefail
BIN=${1:-build/release/iblrnn}
OUT=${2:-/tmp/iblrnn_two_unit_sweep}
mkdir -p "$OUT"
report() {  # run folder, label
  /usr/bin/python3 - "$1" "$2" <<'PY'
import glob, json, sys
import numpy as np
run, label = sys.argv[1], sys.argv[2]
ev = json.load(open(run + "/eval/summary.json"))
p = np.load((glob.glob(run + "/eval/probs.npy") + glob.glob(run + "/eval/steps/probs.npy"))[0])
print(f"{label:>28}  acc {ev['accuracy']:.4f}  timeouts {ev['timeout_rate']:.4f}  max p {p.max():.4f}")
PY
}
for spec in "1e-3 500" "3e-3 500" "1e-2 500" "3e-2 500" "3e-3 1000"; do
  set -- $spec
  for seed in 1 2 3 4 5; do
    d="$OUT/two_lr$1_s$2_seed$seed"
    rm -rf "$d"
    "$BIN" train --preset fast --hidden 2 --seed "$seed" --steps "$2" --set train.lr="$1" \
      --out "$d" > /dev/null
    "$BIN" eval "$d" > /dev/null
    report "$d" "lr $1, $2 steps, seed $seed"
  done
done
teacher="$OUT/teacher_fast1"
rm -rf "$teacher"
"$BIN" train --preset fast --seed 1 --out "$teacher" > /dev/null
"$BIN" eval "$teacher" > /dev/null
for spec in "adam 0.01 1000" "adam 0.01 2000" "adam 0.01 5000" "sgd 0.001 10001"; do
  set -- $spec
  d="$OUT/conventional_$1_$3"
  "$BIN" distill "$teacher" --set distill.task_trained=false --set distill.conventional_optimizer="$1" \
    --set distill.conventional_lr="$2" --set distill.conventional_steps="$3" --out "$d" > /dev/null
  /usr/bin/python3 - "$d" "$1 lr $2, $3 steps" <<'PY'
import json, sys
s = json.load(open(sys.argv[1] + "/summary.json"))
c = s["conventional"]
print(f"{sys.argv[2]:>28}  acc {s['accuracy']['conventional']:.4f} (teacher {s['accuracy']['teacher']:.4f})  "
      f"timeouts {s['comparison']['conventional']['timeout_rate']:.4f}  final loss {c['final_loss']:.3f}  {c['seconds']:.1f} s")
PY
done
