#!/usr/bin/env python3
"""The cost curve of training (bench/README.md, "Cost curve"): time per RNN step against the
number of units H for each cell, batch 1 on one thread and the trainer's batch 16 on two
threads, with the fraction of the float64 FMA peak measured in the same run.

On a shared machine the one-thread rows use CPU time (both for the step and for the peak:
a time-sliced core slows both alike); the two-thread rows use wall time (the main thread's
CPU time does not count the other thread), so they are lower bounds when other jobs run.

Usage: bench/cost_curve.py RESULTS.json OUT.svg [TORCH.json]
  RESULTS.json  bench_train --benchmark_filter='CostCurve|FmaPeak' --benchmark_format=json
  OUT.svg       the figure (two panels: ns per step, peak fraction); a markdown table is
                printed on stdout
  TORCH.json    optional: {"batch": {"H": ns_per_step}} of ../shared/bench/torch_ref.py
                --mode manual (vanilla cell; bench/cost_curve.sh makes it); a second table
                gives the ratio of its time to ours at each H and batch
"""
import json
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

CELLS = {0: "rnn", 1: "gru", 2: "lstm"}


def load(path):
    runs = json.load(open(path))["benchmarks"]
    peak = {}
    curve = {}  # (cell, batch) -> [(H, ns_per_step, gflops)]
    for b in runs:
        if b.get("run_type") == "aggregate":
            continue
        # One thread: rates per CPU second; two threads: per wall second.
        m = re.match(r"BM_FmaPeak/(\d+)", b["name"])
        if m:
            threads = int(m.group(1))
            cpu_scale = b["real_time"] / b["cpu_time"] if threads == 1 else 1.0
            peak[threads] = b["gflops"] * cpu_scale
            continue
        m = re.match(r"BM_CostCurve/(\d+)/(\d+)/(\d+)", b["name"])
        if m:
            cell, H, batch = (int(g) for g in m.groups())
            cpu_scale = b["real_time"] / b["cpu_time"] if batch == 1 else 1.0
            curve.setdefault((CELLS[cell], batch), []).append(
                (H, b["ns_per_step"] / cpu_scale, b["gflops"] * cpu_scale))
    for v in curve.values():
        v.sort()
    return peak, curve


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    peak, curve = load(sys.argv[1])
    torch = {}
    if len(sys.argv) > 3:
        torch = {int(b): {int(h): ns for h, ns in rows.items()}
                 for b, rows in json.load(open(sys.argv[3])).items()}
    fig, (ax_t, ax_f) = plt.subplots(1, 2, figsize=(11, 4.2))
    styles = {1: "-", 16: "--"}
    colors = {"rnn": "C0", "gru": "C1", "lstm": "C2"}
    for (cell, batch), rows in sorted(curve.items()):
        H = [r[0] for r in rows]
        threads = 1 if batch == 1 else 2
        label = f"{cell}, batch {batch} ({threads} thread{'s' if threads > 1 else ''})"
        ax_t.plot(H, [r[1] for r in rows], styles[batch], color=colors[cell], marker="o", ms=3, label=label)
        ax_f.plot(H, [r[2] / peak[threads] for r in rows], styles[batch], color=colors[cell],
                  marker="o", ms=3, label=label)
    for batch, rows in sorted(torch.items()):
        Ht = sorted(rows)
        ax_t.plot(Ht, [rows[h] for h in Ht], ":" if batch == 1 else "-.", color="k", marker="x", ms=4,
                  label=f"PyTorch reference (manual), rnn, batch {batch}")
    ax_t.set_xscale("log", base=2)
    ax_t.set_yscale("log")
    ax_t.set_xlabel("hidden units H")
    ax_t.set_ylabel("time per RNN step, forward + backward (ns)")
    ax_t.grid(True, which="both", alpha=0.3)
    ax_t.legend(fontsize=7)
    ax_f.set_xscale("log", base=2)
    ax_f.set_xlabel("hidden units H")
    ax_f.set_ylabel("fraction of the float64 FMA peak")
    ax_f.set_ylim(0, 1)
    ax_f.grid(True, which="both", alpha=0.3)
    fig.suptitle(f"Training cost per RNN step: batch 1 per CPU second (peak {peak.get(1, 0):.1f} GFLOP/s), "
                 f"batch 16 per wall second on 2 threads (peak {peak.get(2, 0):.1f})", fontsize=9)
    fig.tight_layout()
    fig.savefig(sys.argv[2], metadata={"Date": None} if sys.argv[2].endswith(".svg") else None)
    keys = sorted(curve)
    print("| H | " + " | ".join(f"{c} b{b} ns/step (peak)" for c, b in keys) + " |")
    print("|---" * (len(keys) + 1) + "|")
    Hs = sorted({r[0] for rows in curve.values() for r in rows})
    for h in Hs:
        cells = []
        for c, b in keys:
            row = [r for r in curve[(c, b)] if r[0] == h]
            threads = 1 if b == 1 else 2
            cells.append(f"{row[0][1]:.0f} ({row[0][2] / peak[threads]:.2f})" if row else "—")
        print(f"| {h} | " + " | ".join(cells) + " |")
    if torch:
        print()
        print("| H | batch | rnn ns/step | PyTorch ns/step | PyTorch / rnn |")
        print("|---|---|---|---|---|")
        for batch, rows in sorted(torch.items()):
            for h in sorted(rows):
                ours = [r for r in curve.get(("rnn", batch), []) if r[0] == h]
                if ours:
                    print(f"| {h} | {batch} | {ours[0][1]:.0f} | {rows[h]:.0f} | {rows[h] / ours[0][1]:.1f}× |")


if __name__ == "__main__":
    main()
