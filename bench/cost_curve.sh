#!/usr/bin/env bash
# The cost curve of training (bench/README.md, "Gated cells and the cost curve"), in one run:
# bench_train's BM_CostCurve (every cell, H = 2 … 512, batch 1 on one thread and batch 16 on
# two) and this machine's float64 FMA peak, then ../shared/bench/torch_ref.py --mode manual
# (its fastest mode) for the vanilla cell at the same H and batches, then bench/cost_curve.py
# draws OUT.svg and prints the tables (peak fractions, ratios against PyTorch).
# Usage: bench/cost_curve.sh [BENCH_BINARY] [TORCH_REF] [OUT.svg]
#   BENCH_BINARY default build/release/bench/bench_train (configure with -DIBLRNN_BUILD_BENCH=ON)
#   TORCH_REF    default ../shared/bench/torch_ref.py (needs /usr/bin/python3 with python3-torch);
#                "none" skips the reference
#   OUT.svg      default bench/cost_curve.svg
# PyTorch batch 16 at H = 512 takes minutes per gradient step, so its batch-16 rows stop at 256.
set -euo pipefail
BENCH=${1:-build/release/bench/bench_train}
TORCH_REF=${2:-../shared/bench/torch_ref.py}
OUT=${3:-bench/cost_curve.svg}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
here=$(cd "$(dirname "$0")" && pwd)

echo "cost_curve: bench_train (every cell and size; a few minutes)" >&2
"$BENCH" --benchmark_filter='CostCurve|FmaPeak' --benchmark_min_time=1 \
  --benchmark_format=json > "$TMP/ours.json"

if [[ "$TORCH_REF" != none ]]; then
  : > "$TMP/torch.txt"
  for batch in 1 16; do
    for H in 16 50 128 256 512; do
      if [[ $batch == 16 && $H -gt 256 ]]; then continue; fi
      steps=10
      if [[ $H -ge 256 ]]; then steps=3; fi
      echo "cost_curve: torch_ref --mode manual --hidden $H --batch $batch" >&2
      line=$(/usr/bin/python3 "$TORCH_REF" bench --mode manual --hidden "$H" --batch "$batch" \
               --threads 2 --steps "$steps" --warmup 1 | grep '^RESULT ')
      echo "$H ${line#RESULT }" >> "$TMP/torch.txt"
    done
  done
  # {"batch": {"H": ns per RNN step}}
  /usr/bin/python3 - "$TMP/torch.txt" > "$TMP/torch.json" <<'PY'
import json, sys
out = {}
for row in open(sys.argv[1]):
    H, rest = row.split(" ", 1)
    r = json.loads(rest)
    out.setdefault(str(r["batch"]), {})[H] = 1e9 / r["rnn_steps_per_s"]
print(json.dumps(out))
PY
  /usr/bin/python3 "$here/cost_curve.py" "$TMP/ours.json" "$OUT" "$TMP/torch.json"
else
  /usr/bin/python3 "$here/cost_curve.py" "$TMP/ours.json" "$OUT"
fi
