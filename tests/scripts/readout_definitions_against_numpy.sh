#!/usr/bin/env bash
# The readout geometry under both definitions and RADD under both scalings, as written by
# `iblrnn analyze` and `iblrnn distill`, against the independent NumPy computation of
# scripts/check_readout_definitions.py on the same run's hidden states (angles within 2.5°,
# RADD A and B within 0.03, time constants and drive ratios within 5 %).
# Usage: readout_definitions_against_numpy.sh IBLRNN PYTHON3
set -euo pipefail
IBLRNN=$1
PY=$2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/iblrnn-readout-check-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
"$IBLRNN" train --preset fast --out "$WORK/net" >/dev/null 2>&1
"$IBLRNN" eval "$WORK/net" --blocks 100 --no-bayes >/dev/null 2>&1
"$IBLRNN" analyze "$WORK/net" --set analysis.n_grid=5 --set analysis.n_fixed_point_starts=8 >/dev/null 2>&1
"$IBLRNN" distill "$WORK/net" --set distill.conventional_steps=0 --set distill.task_trained=false \
  >/dev/null 2>&1
"$PY" - "$WORK/net" > "$WORK/ours.json" <<'PYEOF'
import json, sys
run = sys.argv[1]
a = json.load(open(run + "/analysis/summary.json"))
d = json.load(open(run + "/distill/summary.json"))
out = {k: a[k] for k in ("readout_angle_full_deg_paper2020", "readout_angle_plane_deg_paper2020",
                         "readout_angle_full_deg_ours", "readout_angle_plane_deg_ours")}
out["readout_angle_full_deg_paper2020_difference"] = \
    a["readout_definitions"]["angle_full_deg_paper2020_difference_readout"]
out["block_readout_in_plane_fraction_ours"] = a["readout_definitions"]["block_in_plane_fraction_ours"]
for name, fit in d["radd"]["by_scaling"].items():
    out["radd_A_" + name] = fit["A"]
    out["radd_B_" + name] = fit["B"]
    out["radd_time_constants_" + name] = fit["time_constants"]
    out["radd_input_drive_ratio_" + name] = fit["input_drive_ratio"]
print(json.dumps(out))
PYEOF
"$PY" "$ROOT/scripts/check_readout_definitions.py" "$WORK/net" --compare "$WORK/ours.json" | tail -n +1 | grep -E "ok|MISMATCH"
