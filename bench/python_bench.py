"""Benchmarks of the Python package, each beside its reference measured in the same run.

  task        Task.step from a Python loop, and VectorTask(n=256).step, in RNN steps per
              second, beside the pure NumPy task of ../shared/bench/ibl_task.py stepped the
              same way (skipped, visibly, when ../shared is absent).
  threads     VectorTask(n).step with threads=1 and 2, interleaved, n = 64, 256, 1024.
  train       iblrnn.train against `iblrnn train` on the same configuration.
  evaluate    load_network + Network.evaluate + Recording.save against `iblrnn eval --no-bayes`.
              Both run IBLRNN_BENCH_PAIRS (default 10) interleaved pairs, CLI and Python, the
              first of a pair alternating, and report the median of the per-pair ratios
              Python/CLI with its interquartile range, so that load drifts cancel. Work per
              run: IBLRNN_BENCH_TRAIN_STEPS (600) and IBLRNN_BENCH_EVAL_BLOCKS (500 blocks),
              about 1-3 s each on an unloaded core.

Usage (from the repository root, after building build/release):
    PYTHONPATH=build/release/python /usr/bin/python3 bench/python_bench.py [task|train|evaluate]...
"""
import os
import pathlib
import subprocess
import sys
import tempfile
import time

import numpy as np

import iblrnn

ROOT = pathlib.Path(__file__).resolve().parents[1]
BINARY = os.environ.get("IBLRNN_BINARY", str(ROOT / "build" / "release" / "iblrnn"))
SHARED = ROOT.parent / "shared" / "bench"


def best_of(n, fn):
    """Minimum wall time of n calls of fn."""
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


# ---- the pure NumPy task (sessions from ibl_task.SessionBatch, stepped with the act rule) ----
class NumpyTask:
    """B sessions of ibl_task.SessionBatch stepped one RNN step at a time in NumPy: the same
    inputs, act rule and rewards as iblrnn's task (blank steps, threshold, timeout)."""

    def __init__(self, ibl, B, seed=0):
        self.ibl, self.B = ibl, B
        self.rng = np.random.default_rng(seed)
        self.batch = ibl.SessionBatch(self.rng, B, dtype=np.float64)
        self.trial = np.zeros(B, dtype=np.int64)
        self.k = np.zeros(B, dtype=np.int64)
        self.r = np.zeros(B)
        self.lanes = np.arange(B)

    def obs(self):
        ibl = self.ibl
        x = np.zeros((self.B, 3))
        j = self.k - ibl.N_BLANK
        on = j >= 0
        trial = np.minimum(self.trial, self.batch.N - 1)
        o = self.batch.obs[self.lanes, trial, np.clip(j, 0, ibl.N_OBS - 1)]
        x[on, :2] = o[on]
        x[:, 2] = self.r
        return x

    def step(self, p):
        ibl = self.ibl
        j = self.k - ibl.N_BLANK
        obs_step = j >= 0
        choice = np.where(p[:, 0] > ibl.ACT_THRESHOLD, 0, np.where(p[:, 1] > ibl.ACT_THRESHOLD, 1, -1))
        acted = obs_step & (choice >= 0)
        side = self.batch.side[self.lanes, np.minimum(self.trial, self.batch.N - 1)]
        timeout = obs_step & ~acted & (j == ibl.N_OBS - 1)
        r = np.where(acted, np.where(choice == side, ibl.R_CORRECT, ibl.R_WRONG),
                     np.where(timeout, ibl.R_WRONG, np.where(obs_step, ibl.R_WAIT, 0.0)))
        ends = acted | timeout
        self.trial = self.trial + ends
        self.k = np.where(ends, 0, self.k + 1)
        self.r = r
        done = self.trial >= self.batch.n_trials
        if done.any():  # a new batch for simplicity (rare: once per ~2500 steps per lane)
            self.__init__(ibl, self.B, int(self.rng.integers(1 << 31)))
        return self.obs(), r, done


def vector_time(n, threads, n_calls, repeats=3):
    """Best of `repeats` wall times of n_calls VectorTask(n, threads=threads).step calls."""
    vec = iblrnn.VectorTask(n, seed=0, threads=threads)
    vec.reset()
    p = np.full((n, 2), 0.5)

    def run():
        step = vec.step
        for _ in range(n_calls):
            step(p)

    return best_of(repeats, run)


def bench_vector_threads():
    """VectorTask(n).step with threads=1 and threads=2, 10 interleaved rounds of n_calls calls
    each (the first of a round alternating): median steps/s and median per-round ratio."""
    for n in (64, 256, 1024):
        n_calls = max(500, 500_000 // n)
        tasks = {t: iblrnn.VectorTask(n, seed=0, threads=t) for t in (1, 2)}
        p = np.full((n, 2), 0.5)
        rates = {1: [], 2: []}
        for r in range(10):
            for t in ((1, 2) if r % 2 == 0 else (2, 1)):
                step = tasks[t].step
                t0 = time.perf_counter()
                for _ in range(n_calls):
                    step(p)
                rates[t].append(n * n_calls / (time.perf_counter() - t0))
        ratio = np.array(rates[2]) / np.array(rates[1])
        print(f"VectorTask(n={n:4d})  threads=1 {np.median(rates[1]) / 1e6:6.2f} M steps/s   "
              f"threads=2 ({tasks[2].threads} used) {np.median(rates[2]) / 1e6:6.2f} M steps/s   "
              f"per-round ratio median {np.median(ratio):.2f} (IQR "
              f"{np.percentile(ratio, 25):.2f}-{np.percentile(ratio, 75):.2f})")


def bench_task():
    n_single, n_calls, n_lanes = 300_000, 4_000, 256
    p_single = np.array([0.5, 0.5])
    task = iblrnn.Task(seed=0)
    task.reset()

    def single():
        step = task.step
        for _ in range(n_single):
            obs, r, term, trunc, info = step(p_single)
            if term:
                task.reset()

    p_vec = np.full((n_lanes, 2), 0.5)  # for the NumPy task below
    t_single = best_of(3, single)
    rate_single = n_single / t_single
    rate_vec = n_lanes * n_calls / vector_time(n_lanes, 1, n_calls)
    rate_two = n_lanes * n_calls / vector_time(n_lanes, 2, n_calls)
    print(f"Task.step (Python loop)        {rate_single / 1e3:9.0f} k steps/s")
    print(f"VectorTask(n={n_lanes}).step         {rate_vec / 1e6:9.2f} M steps/s   "
          f"(threads=2: {rate_two / 1e6:.2f} M steps/s)")
    if not (SHARED / "ibl_task.py").exists():
        print(f"NumPy reference: SKIPPED ({SHARED}/ibl_task.py not found)")
        return
    sys.path.insert(0, str(SHARED))
    import ibl_task

    np_single = NumpyTask(ibl_task, 1)
    np_vec = NumpyTask(ibl_task, n_lanes)
    n_np_single, n_np_calls = 30_000, 1_000
    p1 = np.full((1, 2), 0.5)

    def numpy_single():
        for _ in range(n_np_single):
            np_single.step(p1)

    def numpy_vector():
        for _ in range(n_np_calls):
            np_vec.step(p_vec)

    ref_single = n_np_single / best_of(3, numpy_single)
    ref_vec = n_lanes * n_np_calls / best_of(3, numpy_vector)
    print(f"NumPy task, 1 session          {ref_single / 1e3:9.0f} k steps/s   "
          f"(Task.step is {rate_single / ref_single:.1f}x)")
    print(f"NumPy task, {n_lanes} sessions       {ref_vec / 1e6:9.2f} M steps/s   "
          f"(VectorTask is {rate_vec / ref_vec:.1f}x)")


def paired_ratios(cli, py, n_pairs):
    """Times n_pairs interleaved pairs (CLI, Python), the first of each pair alternating so a
    load drift within a pair favours neither side. Returns (cli times, python times, ratios
    Python/CLI per pair)."""
    t_cli, t_py = [], []
    for i in range(n_pairs):
        order = [(cli, t_cli), (py, t_py)]
        for fn, times in (order if i % 2 == 0 else order[::-1]):
            times.append(best_of(1, fn))
    return np.array(t_cli), np.array(t_py), np.array(t_py) / np.array(t_cli)


def report_pairs(label, t_cli, t_py, ratios):
    q1, med, q3 = np.percentile(ratios, [25, 50, 75])
    print(f"{label}  {len(ratios)} pairs   CLI median {np.median(t_cli):7.3f} s   "
          f"Python median {np.median(t_py):7.3f} s   Python/CLI per pair: median {med:.3f}, "
          f"IQR {q1:.3f}-{q3:.3f}, range {ratios.min():.3f}-{ratios.max():.3f}")
    print("    ratios: " + " ".join(f"{r:.3f}" for r in ratios))


N_PAIRS = int(os.environ.get("IBLRNN_BENCH_PAIRS", "10"))


def bench_train():
    steps = int(os.environ.get("IBLRNN_BENCH_TRAIN_STEPS", "600"))
    with tempfile.TemporaryDirectory() as tmp:
        runs = iter(range(1000))

        def cli():
            subprocess.run([BINARY, "train", "--steps", str(steps), "--seed", "1", "--out",
                            f"{tmp}/cli{next(runs)}"], check=True, capture_output=True)

        def py():
            iblrnn.train(seed=1, out=f"{tmp}/py{next(runs)}", **{"train.n_steps": steps})

        report_pairs(f"train ({steps} steps, fast)", *paired_ratios(cli, py, N_PAIRS))


def bench_evaluate():
    blocks = int(os.environ.get("IBLRNN_BENCH_EVAL_BLOCKS", "500"))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([BINARY, "train", "--steps", "20", "--out", f"{tmp}/run"], check=True,
                       capture_output=True)
        outs = iter(range(1000))

        def cli():
            subprocess.run([BINARY, "eval", f"{tmp}/run", "--no-bayes", "--blocks", str(blocks),
                            "--out", f"{tmp}/cli{next(outs)}"], check=True, capture_output=True)

        def py():
            iblrnn.load_network(f"{tmp}/run").evaluate(blocks=blocks).save(f"{tmp}/py{next(outs)}")

        report_pairs(f"eval ({blocks} blocks, files)", *paired_ratios(cli, py, N_PAIRS))


if __name__ == "__main__":
    which = sys.argv[1:] or ["task", "train", "evaluate"]
    print(f"iblrnn {iblrnn.__version__}, Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.1f}")
    for name in which:
        {"task": bench_task, "threads": bench_vector_threads, "train": bench_train,
         "evaluate": bench_evaluate}[name]()
