#!/usr/bin/env bash
# The sweep's Slurm executor against a real single-node Slurm cluster started here
# (scripts/slurm_cluster.sh; needs root and the Debian packages slurmctld slurmd slurm-client
# munge). A small sweep is submitted, one array task is cancelled with scancel while it runs,
# the sweep is submitted again with --wait, and collected; then
#   - the cancelled point was not complete after the cancel, and is complete after the re-run;
#   - summary.csv equals the local executor's for the same sweep, byte for byte;
#   - every point folder equals the local executor's (scripts/compare_outputs.py);
#   - no temporary (*.tmp-PID) is left in the sweep folder.
# Exit 0 passed, 1 failed, 77 skipped (the reason on stdout: Slurm could not be started).
# Usage: scripts/slurm_test.sh [IBLRNN_BINARY]
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
BIN=$(readlink -f "${1:-$here/build/release/iblrnn}")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/iblrnn-slurm-XXXXXX")
. "$here/scripts/slurm_cluster.sh"
trap 'slurm_cluster_stop; rm -rf "$WORK"' EXIT
if ! slurm_cluster_start "$WORK/cluster"; then
  echo "SKIPPED: Slurm could not be started: $SLURM_CLUSTER_WHY"
  exit 77
fi
echo "slurm_test: single-node cluster up ($(sinfo -h -N -o '%N %c CPUs %T'))"
fail() { echo "slurm_test: FAILED: $*"; exit 1; }

# 6 points, each long enough (~3 s) to be caught running.
SWEEP=(sweep --preset fast --set train.n_steps=400 --set train.checkpoint_every=50
       --seeds 1-3 --axis network.n_hidden=4,8 --stages train,eval --eval-blocks 20)
SLURM=(--executor slurm --mem 200M --time 00:10:00 --max-running 2 --sbatch-arg=--job-name=iblrnn-test)
job=$("$BIN" "${SWEEP[@]}" "${SLURM[@]}" --out "$WORK/slurm" 2>"$WORK/submit1.log") ||
  fail "first submission: $(cat "$WORK/submit1.log")"
[ -n "$job" ] || fail "no job id"
grep -q '^#SBATCH --array=0-5%2$' "$WORK/slurm/slurm/submit-1.sh" || fail "array line: $(grep array "$WORK/slurm/slurm/submit-1.sh")"
echo "slurm_test: job $job submitted"

# Cancel the first array task seen running, once it has been running for a second.
victim=""
for _ in $(seq 300); do
  victim=$(squeue -h -r -j "$job" -t R -o %i 2>/dev/null | head -1)
  [ -n "$victim" ] && break
  sleep 0.1
done
[ -n "$victim" ] || fail "no array task ran"
sleep 1
scancel "$victim" || fail "scancel $victim"
index=${victim#*_}
echo "slurm_test: cancelled $victim (point $index)"
for _ in $(seq 600); do
  [ -z "$(squeue -h -r -j "$job" -o %i 2>/dev/null)" ] && break
  sleep 0.2
done
status1=$("$BIN" sweep status "$WORK/slurm")
echo "$status1" | tail -1
line=$(echo "$status1" | awk -v i="$index" '$1 == i')
echo "$line" | grep -q complete && fail "the cancelled point reads complete: $line"

# Re-submit: only the points not complete, followed to the end.
"$BIN" "${SWEEP[@]}" "${SLURM[@]}" --wait --out "$WORK/slurm" 2>"$WORK/submit2.log" ||
  fail "second submission: $(tail -3 "$WORK/submit2.log")"
grep -q "^#SBATCH --array=" "$WORK/slurm/slurm/submit-2.sh" || fail "no second script"
echo "slurm_test: resubmitted $(grep -- '--array' "$WORK/slurm/slurm/submit-2.sh")"
"$BIN" sweep status "$WORK/slurm" | tail -1 | grep -q "6/6 complete" || fail "not complete: $("$BIN" sweep status "$WORK/slurm")"
"$BIN" sweep collect "$WORK/slurm" >/dev/null || fail "collect (slurm)"

# The same sweep on the local executor.
"$BIN" "${SWEEP[@]}" --jobs 2 --out "$WORK/local" 2>"$WORK/local.log" || fail "local: $(tail -3 "$WORK/local.log")"
"$BIN" sweep collect "$WORK/local" >/dev/null || fail "collect (local)"
cmp "$WORK/slurm/summary.csv" "$WORK/local/summary.csv" || fail "summary.csv differs from the local executor's"
/usr/bin/python3 "$here/scripts/compare_outputs.py" "$WORK/local/points" "$WORK/slurm/points" ||
  fail "point folders differ from the local executor's"
left=$(find "$WORK/slurm/points" -name '*.tmp-[0-9]*' | head -3)
[ -z "$left" ] || fail "temporaries left: $left"
echo "slurm_test: passed (cancelled point $index re-run; summary.csv and points equal the local executor's)"
