#!/usr/bin/env bash
# Whole-program timing of `iblrnn behavior` on the IBL mouse export (≈ 1 M trials, 44 mice):
# read every CSV, compute every curve pooled and per mouse (135 psychometric fits), write the
# output folder. Usage: bench/behavior_mice.sh [path/to/iblrnn] [mouse folder] [repeats]
set -euo pipefail
bin=${1:-build/release/iblrnn}
mice=${2:-../shared/data/ibl-mouse-may2020}
repeats=${3:-3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for i in $(seq "$repeats"); do
  /usr/bin/time -f "run $i: %e s wall, %U s user, %S s system, %M KiB peak" \
    "$bin" behavior "$mice" --label mice --out "$out/b" > /dev/null
done
