#!/usr/bin/env bash
# Evidence for the `fast` preset (docs/train.md, "The fast preset"): trains 50-unit networks
# with candidate settings and evaluates each on the 1000-block evaluation session.
# Usage: bench/train_fast_sweep.sh [IBLRNN_BINARY] [OUT_DIR]   (prints one line per setting)
set -euo pipefail
BIN=${1:-build/release/iblrnn}
OUT=${2:-/tmp/iblrnn_fast_sweep}
mkdir -p "$OUT"
run() {
  local name=$1; shift
  rm -rf "$OUT/$name"
  "$BIN" train --out "$OUT/$name" "$@" > /dev/null
  local eval_json
  eval_json=$("$BIN" eval "$OUT/$name" --no-bayes)
  /usr/bin/python3 - "$OUT/$name" "$name" "$eval_json" "$*" <<'PY'
import json, sys
run, name, ev, args = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
s = json.load(open(run + "/summary.json"))
print(f"{name:>10}  train {s['wall_seconds']:6.1f} s  {s['rnn_steps']/1e6:6.2f} M steps  "
      f"eval acc {ev['accuracy']:.4f}  timeouts {ev['timeout_rate']:.3f}  n_obs {ev['mean_n_obs']:.2f}  [{args}]")
PY
}
if [ "${SWEEP:-default}" = "default" ]; then
  run fast
else
  for spec in "${@:3}"; do
    name=${spec%%:*}; args=${spec#*:}
    # shellcheck disable=SC2086
    run "$name" $args
  done
fi
