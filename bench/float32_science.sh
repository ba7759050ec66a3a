#!/usr/bin/env bash
# float32 training measured for its science (bench/README.md, "Float32 training"): the whole
# study (iblrnn reproduce: paper2020, SEEDS networks, two at a time) trained with
# train.precision = float64 and = float32, then bench/float32_science.py's table: wall time,
# accuracy and every claim measure per seed (mean, spread), and each claim of SPEC §8 counted
# over the seeds per definition, side by side.
# Usage: bench/float32_science.sh [IBLRNN] [SEEDS] [OUT]
#   IBLRNN default build/release/iblrnn; SEEDS default 5; OUT default a temporary folder
#   (kept, printed at the end).
set -euo pipefail
BIN=${1:-build/release/iblrnn}
SEEDS=${2:-5}
OUT=${3:-$(mktemp -d)}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT"
for precision in float64 float32; do
  echo "float32_science: reproduce --seeds $SEEDS with train.precision = $precision" >&2
  start=$(date +%s%N)
  "$BIN" reproduce --seeds "$SEEDS" --jobs 2 --set "train.precision=$precision" \
    --out "$OUT/$precision" > "$OUT/$precision.log" 2>&1
  end=$(date +%s%N)
  echo "$precision $(( (end - start) / 1000000 ))" >> "$OUT/wall_ms.txt"
done
/usr/bin/python3 "$here/float32_science.py" "$OUT/float64" "$OUT/float32" "$OUT/wall_ms.txt"
echo "float32_science: outputs in $OUT" >&2
