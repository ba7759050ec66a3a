#!/usr/bin/env bash
# The sweep's executors on this machine (bench/README.md, "Sweeps"): one sweep of N points
# (seeds 1-N, `fast` preset, all four stages) run
#   1. by the local executor, one point at a time (--jobs 1),
#   2. by the local executor, two at a time (--jobs 2),
#   3. through a single-node Slurm started here (scripts/slurm_cluster.sh; as root; skipped
#      otherwise), one CPU per array task, --wait,
# each into a fresh folder, then prints the wall times, the parallel efficiency T1 / T2, the
# Slurm overhead Ts / T2, the largest resident memory of a point (GNU time over the local run:
# the maximum over the point processes it waited for), the folder size per point and the
# machine's load. The three summary.csv files must be equal (checked).
# Usage: bench/sweep_bench.sh [IBLRNN_BINARY] [N] [WORK_DIR]
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
BIN=$(readlink -f "${1:-$here/build/release/iblrnn}")
N=${2:-20}
WORK=${3:-$(mktemp -d "${TMPDIR:-/tmp}/iblrnn-sweep-bench-XXXXXX")}
mkdir -p "$WORK"
. "$here/scripts/slurm_cluster.sh"
trap 'slurm_cluster_stop' EXIT
SWEEP=(sweep --preset fast --seeds "1-$N")
now() { date +%s.%N; }
echo "load before: $(uptime | sed 's/.*load average: //')"

t0=$(now)
/usr/bin/time -f "%M" -o "$WORK/rss1" "$BIN" "${SWEEP[@]}" --jobs 1 --out "$WORK/jobs1" 2>"$WORK/jobs1.log" || { tail -3 "$WORK/jobs1.log"; exit 1; }
t1=$(echo "$(now) - $t0" | bc)
t0=$(now)
"$BIN" "${SWEEP[@]}" --jobs 2 --out "$WORK/jobs2" 2>"$WORK/jobs2.log" || { tail -3 "$WORK/jobs2.log"; exit 1; }
t2=$(echo "$(now) - $t0" | bc)
echo "load after local runs: $(uptime | sed 's/.*load average: //')"
for d in jobs1 jobs2; do "$BIN" sweep collect "$WORK/$d" >/dev/null; done
cmp "$WORK/jobs1/summary.csv" "$WORK/jobs2/summary.csv" || echo "WARNING: summary.csv differs between --jobs 1 and 2"
ts=""
if slurm_cluster_start "$WORK/cluster"; then
  t0=$(now)
  "$BIN" "${SWEEP[@]}" --executor slurm --mem 1G --wait --out "$WORK/slurm" 2>"$WORK/slurm.log" || { tail -3 "$WORK/slurm.log"; exit 1; }
  ts=$(echo "$(now) - $t0" | bc)
  slurm_cluster_stop
  "$BIN" sweep collect "$WORK/slurm" >/dev/null
  cmp "$WORK/jobs2/summary.csv" "$WORK/slurm/summary.csv" || echo "WARNING: summary.csv differs between local and Slurm"
else
  echo "Slurm skipped: $SLURM_CLUSTER_WHY"
fi
per_point=$(du -sb "$WORK"/jobs2/points/* | awk '{s += $1} END {printf "%.1f", s / NR / 1e6}')
hidden=$(find "$WORK/jobs2/points" -name hidden.npy -printf '%s\n' | awk '{s += $1} END {printf "%.1f", s / NR / 1e6}')
n_hidden=$(find "$WORK/jobs2/points" -name hidden.npy | wc -l)
printf "points %d; wall --jobs 1 %.1f s, --jobs 2 %.1f s: parallel efficiency T1/T2 = %.2f\n" "$N" "$t1" "$t2" "$(echo "$t1 / $t2" | bc -l)"
[ -n "$ts" ] && printf "slurm (1 CPU per task, 2 CPUs) %.1f s: Ts/T2 = %.2f\n" "$ts" "$(echo "$ts / $t2" | bc -l)"
echo "largest point RSS: $(awk '{printf "%.0f MB", $1 / 1024}' "$WORK/rss1"); mean folder per point: $per_point MB ($n_hidden of $N points keep eval/hidden.npy, $hidden MB each)"
echo "load at end: $(uptime | sed 's/.*load average: //')"
