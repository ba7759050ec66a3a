#!/usr/bin/env bash
# Training-engine speed against the PyTorch reference, measured in the same run on the same
# machine (bench/README.md, "Training engine"). Runs bench_train (Google Benchmark, JSON:
# the gradient-step benchmarks and this machine's float64 FMA peak) and
# ../shared/bench/torch_ref.py in manual mode (its fastest), then prints the ratios.
# Usage: bench/train_vs_torch.sh [BENCH_BINARY] [TORCH_REF]
#   BENCH_BINARY default build/bench/bench/bench_train (configure with -DIBLRNN_BUILD_BENCH=ON)
#   TORCH_REF    default ../shared/bench/torch_ref.py (needs /usr/bin/python3 with python3-torch)
set -euo pipefail
BENCH=${1:-build/bench/bench/bench_train}
TORCH_REF=${2:-../shared/bench/torch_ref.py}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

"$BENCH" --benchmark_filter='Batch1/0|Trainer/16/2|Trainer/64/2|LockStep/16/2|LockStep/64/2|OneSessionPerThread/16/2|OneSessionPerThread/64/2|FmaPeak' \
  --benchmark_min_time=2 --benchmark_format=json > "$TMP/ours.json"
/usr/bin/python3 "$TORCH_REF" bench --batch 1 --steps 30 --threads 2 --mode manual > "$TMP/torch_b1.txt"
/usr/bin/python3 "$TORCH_REF" bench --batch 16 --steps 10 --threads 2 --mode manual > "$TMP/torch_b16.txt"

/usr/bin/python3 - "$TMP" <<'PY'
import json, sys
tmp = sys.argv[1]
ours = {b["name"]: b for b in json.load(open(f"{tmp}/ours.json"))["benchmarks"]}
def torch(name):
    line = [l for l in open(f"{tmp}/{name}") if l.startswith("RESULT ")][0]
    return json.loads(line[len("RESULT "):])
t1, t16 = torch("torch_b1.txt"), torch("torch_b16.txt")
def get(prefix):
    for k, v in ours.items():
        if k.startswith(prefix):
            return v
    raise KeyError(prefix)
peak1 = get("BM_FmaPeak/1")["gflops"] * 1e9   # float64 FMA peak, one core, this run
peak2 = get("BM_FmaPeak/2")["gflops"] * 1e9   # both cores
print(f"float64 FMA peak measured in this run: {peak1/1e9:.1f} GFLOP/s one core, {peak2/1e9:.1f} two cores")
b1 = get("BM_GradientStep_Batch1/0")
print(f"batch 1, 1 thread : ours {b1['rnn_steps_per_s']/1e6:6.3f} M steps/s "
      f"({b1['real_time']:.2f} ms/grad step)  torch manual {t1['rnn_steps_per_s']/1e6:6.3f} M steps/s "
      f"({t1['s_per_grad_step_median']*1e3:.1f} ms)  ratio {b1['rnn_steps_per_s']/t1['rnn_steps_per_s']:.1f}x  "
      f"FLOP peak fraction {b1['gflops']*1e9/peak1:.3f}")
for name in ["BM_GradientStep_Trainer/16/2", "BM_GradientStep_Trainer/64/2",
             "BM_GradientStep_OneSessionPerThread/16/2", "BM_GradientStep_OneSessionPerThread/64/2",
             "BM_GradientStep_LockStep/16/2", "BM_GradientStep_LockStep/64/2"]:
    b = get(name)
    print(f"{name[16:]:<28}: ours {b['rnn_steps_per_s']/1e6:6.3f} M steps/s  "
          f"(torch manual batch 16, 2 threads: {t16['rnn_steps_per_s']/1e6:.3f} M; ratio "
          f"{b['rnn_steps_per_s']/t16['rnn_steps_per_s']:.1f}x)  FLOP peak fraction (2 cores) "
          f"{b['gflops']*1e9/peak2:.3f}")
PY
