#!/usr/bin/env bash
# Interruption test: kills `iblrnn train` (both presets) and `iblrnn reproduce --quick` with
# SIGKILL at random moments, runs the same command again (train: --resume when a checkpoint
# exists), and checks that
#   - the next run completes (exit 0): no run lost;
#   - its weights and per-step outputs equal an uninterrupted run's byte for byte: no mixed
#     weight sets (train_log.csv is compared without its wall-time column);
#   - no temporary (*.tmp-PID) and no lock file is left anywhere;
#   - while killed, a folder is either absent, complete and equal to the reference, or marked
#     incomplete (then `eval` refuses it with exit 2).
# Usage: scripts/kill_test.sh [KILLS_PER_CASE] [IBLRNN_BINARY]
# Prints one line per case: kills, resumed, lost, mixed, leaked.
set -uo pipefail
KILLS=${1:-20}
BIN=${2:-build/release/iblrnn}
BIN=$(readlink -f "$BIN")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/iblrnn-kill-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
PY=/usr/bin/python3
failures=0

now() { date +%s.%N; }

# Byte comparison of two output folders: every .npy and trials.csv, and train_log.csv without
# its last (wall time) column.
same_outputs() {
  local a=$1 b=$2
  $PY - "$a" "$b" <<'PYEOF'
import os, sys
a, b = sys.argv[1], sys.argv[2]
def files(root):
    out = {}
    for d, _, names in os.walk(root):
        for n in names:
            if n.endswith(".npy") or n in ("trials.csv", "train_log.csv"):
                rel = os.path.relpath(os.path.join(d, n), root)
                data = open(os.path.join(d, n), "rb").read()
                if n == "train_log.csv":
                    data = b"\n".join(l.rsplit(b",", 1)[0] for l in data.split(b"\n"))
                out[rel] = data
    return out
fa, fb = files(a), files(b)
if fa.keys() != fb.keys():
    print("file sets differ:", sorted(set(fa) ^ set(fb))[:5]); sys.exit(1)
bad = [k for k in fa if fa[k] != fb[k]]
if bad:
    print("differ:", bad[:5]); sys.exit(1)
PYEOF
}

leaked() {  # temporaries or lock files under $1
  find "$1" \( -name '*.tmp-[0-9]*' -o -name '*.iblrnn-lock' \) | head -5
}

# run_case NAME REFERENCE_DIR RUN_FN NEXT_FN DURATION
# RUN_FN OUT starts the command in the background (prints its PID); NEXT_FN OUT completes it.
run_case() {
  local name=$1 ref=$2 start_fn=$3 next_fn=$4 duration=$5
  local lost=0 mixed=0 leak=0 resumed=0
  for ((k = 0; k < KILLS; ++k)); do
    local dir="$WORK/$name-$k" out
    mkdir -p "$dir"
    out="$dir/out"
    $start_fn "$out" >"$dir/first.log" 2>&1 &
    local pid=$!
    local delay
    delay=$($PY -c "import random; print(round(random.uniform(0, $duration), 3))")
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    # Between the kill and the next run: complete and equal, or refused as input.
    if [[ -d "$out" ]]; then
      if grep -q '"complete":true' "$out/.iblrnn-output" 2>/dev/null; then
        same_outputs "$ref" "$out" >/dev/null || { mixed=$((mixed + 1)); echo "$name-$k: complete but differs"; }
      elif [[ $name == train* && -f "$out/.iblrnn-output" ]]; then
        "$BIN" eval "$out" --blocks 1 --no-bayes >"$dir/eval.log" 2>&1
        [[ $? -eq 2 ]] || { mixed=$((mixed + 1)); echo "$name-$k: eval read an interrupted run"; }
      fi
    fi
    if ! $next_fn "$out" >"$dir/next.log" 2>&1; then
      lost=$((lost + 1)); echo "$name-$k: next run failed after ${delay}s: $(tail -1 "$dir/next.log")"
      continue
    fi
    grep -q "resum" "$dir/next.log" && resumed=$((resumed + 1))
    same_outputs "$ref" "$out" >"$dir/cmp.log" || { mixed=$((mixed + 1)); echo "$name-$k: $(cat "$dir/cmp.log")"; }
    if [[ -n $(leaked "$dir") ]]; then leak=$((leak + 1)); echo "$name-$k: leaked $(leaked "$dir")"; fi
    rm -rf "$dir"
  done
  echo "$name: kills $KILLS, resumed $resumed, lost $lost, mixed $mixed, leaked $leak"
  failures=$((failures + lost + mixed + leak))
}

# --- train, preset fast (fewer steps) and paper2020 (fewer steps, small batch) ---
FAST_ARGS="--preset fast --steps 60 --set train.checkpoint_every=25 --checkpoint-seconds 0.2"
PAPER_ARGS="--preset paper2020 --steps 40 --set train.batch_size=4 --set train.checkpoint_every=15 --checkpoint-seconds 0.2"
train_fast() { exec "$BIN" train $FAST_ARGS --out "$1"; }
train_paper() { exec "$BIN" train $PAPER_ARGS --out "$1"; }
next_train() {  # resume when a checkpoint exists, else start again
  local args=$2
  if [[ -f "$1/checkpoint/state.json" ]]; then echo resuming; "$BIN" train --resume --out "$1"
  else "$BIN" train $args --out "$1"; fi
}
next_fast() { next_train "$1" "$FAST_ARGS"; }
next_paper() { next_train "$1" "$PAPER_ARGS"; }
reproduce() { exec "$BIN" reproduce --quick --out "$1"; }
next_reproduce() { "$BIN" reproduce --quick --out "$1"; }

for c in fast paper; do
  t0=$(now)
  ("train_$c" "$WORK/ref-$c") >/dev/null 2>&1 || { echo "reference train $c failed"; exit 1; }
  d=$($PY -c "print(max(0.2, $(now) - $t0))")
  run_case "train_$c" "$WORK/ref-$c" "train_$c" "next_$c" "$d"
done
t0=$(now)
(reproduce "$WORK/ref-reproduce") >/dev/null 2>&1 || { echo "reference reproduce failed"; exit 1; }
d=$($PY -c "print(max(0.2, $(now) - $t0))")
run_case reproduce "$WORK/ref-reproduce" reproduce next_reproduce "$d"
exit $((failures > 0))
