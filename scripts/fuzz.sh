#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `fuzz`: the asan build folder, clang with ASan + UBSan) and runs each one on a
# copy of its seed corpus (fuzz/corpus/<target>/) for SECONDS seconds, or for RUNS executions
# when RUNS is given. Any crash, sanitizer report, leak or hang (> 10 s) fails the script.
# Usage: scripts/fuzz.sh [SECONDS] [RUNS]     (default 20 s each, no execution limit)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-20}
RUNS=${2:--1}
TARGETS="npy trials_csv mouse_csv alf toml_config checkpoint_state"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
WORK=$(mktemp -d "${TMPDIR:-/tmp}/iblrnn-fuzz-run-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
for t in $TARGETS; do
  mkdir -p "$WORK/$t"
  cp fuzz/corpus/$t/* "$WORK/$t/" 2>/dev/null || true
  if [[ $RUNS -ge 0 ]]; then limit="-runs=$RUNS"; else limit="-max_total_time=$SECONDS_EACH"; fi
  # -rss_limit_mb: a reader that allocates before checking sizes fails here.
  if ! build/asan/fuzz/fuzz_$t "$WORK/$t" $limit -timeout=10 -rss_limit_mb=1024 -max_len=4096 \
      -print_final_stats=1 -artifact_prefix="$WORK/crash-$t-" >"$WORK/$t.log" 2>&1; then
    tail -40 "$WORK/$t.log"
    echo "fuzz_$t: FAILED (artifacts: $WORK/crash-$t-*)"
    trap - EXIT
    exit 1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$WORK/$t.log" | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]*' "$WORK/$t.log" | tail -1 | grep -o '[0-9]*')
  echo "fuzz_$t: $runs executions, coverage $cov edges, 0 crashes"
done
