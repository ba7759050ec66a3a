#!/usr/bin/env bash
# Distillation figures (docs/distill.md): trains a default 50-unit teacher, evaluates it on the
# 1000-block session, runs `iblrnn distill` at the paper's settings and once with a faster
# conventional optimiser, and prints RADD's fit time, A, B, accuracies, conventional
# distillation time and whether each 2-unit model keeps the teacher's phase portrait.
# Usage: bench/distill_figures.sh [BUILD_DIR] [WORK_DIR] [PRESET]
#   PRESET: the teacher's training preset, fast (default, ≈ 15 s) or paper2020 (≈ 7 min)
set -euo pipefail
build=${1:-build/release}
work=${2:-$(mktemp -d)}
preset=${3:-fast}
bin="$build/iblrnn"
py=/usr/bin/python3

"$bin" train --preset "$preset" --out "$work/teacher" >/dev/null
"$bin" eval "$work/teacher" >/dev/null
/usr/bin/time -f "distill wall %e s" "$bin" distill "$work/teacher" >/dev/null
/usr/bin/time -f "distill (conventional lr 0.01, momentum 0.9) wall %e s" \
  "$bin" distill "$work/teacher" --out "$work/fast_conventional" \
  --set distill.conventional_lr=0.01 --set distill.conventional_momentum=0.9 \
  --set distill.task_trained=false >/dev/null

"$py" - "$work" <<'PY'
import json, sys
work = sys.argv[1]
for name, path in [("paper settings", f"{work}/teacher/distill"),
                   ("conventional lr 0.01, momentum 0.9", f"{work}/fast_conventional")]:
    s = json.load(open(f"{path}/summary.json"))
    r = s["radd"]
    print(f"== {name}")
    print(f"RADD fit_seconds {r['fit_seconds']:.3f} (projection {r['seconds_projection']:.3f}, "
          f"least squares {r['seconds_least_squares']:.3f}); held-out R2 {r['r2']:.4f}; "
          f"gain {r['gain']:.2f}; free-run RMS error {r['free_run_error']:.4f}")
    print("RADD A", [[round(v, 3) for v in row] for row in r["A"]],
          "paper [[0.54, 0.31], [0.19, 0.84]]")
    print("RADD B", [[round(v, 3) for v in row] for row in r["B"]],
          "paper [[-0.20, 0.20, 0.005], [-0.04, 0.04, 0.02]]")
    print("time constants", [None if v is None else round(v, 2) for v in r["time_constants"]],
          "drive ratio", round(r["input_drive_ratio"], 2))
    print("accuracy", {k: round(v, 4) for k, v in s["accuracy"].items()})
    if "conventional" in s:
        c = s["conventional"]
        print(f"conventional {c['steps']} steps in {c['seconds']:.1f} s, "
              f"final loss {c['final_loss']:.4f}")
    p = s["portraits"]
    for m in ["teacher", "radd", "conventional", "task_trained_2"]:
        if m in p and p[m]:
            print(m, [p[m][i]["signature"] for i in ["left", "equal", "right"]])
    print("keeps teacher portrait", p["keeps_teacher_portrait"],
          "RADD distance to teacher points", p.get("radd_distance_to_teacher_points"))
PY
