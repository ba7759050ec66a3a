"""Benchmarks of the Python package, each beside its reference measured in the same run.

  task        Task.step from a Python loop, and VectorTask(n=256).step, in RNN steps per
              second, beside the pure NumPy task of ../shared/bench/ibl_task.py stepped the
              same way (skipped, visibly, when ../shared is absent).
  train       iblrnn.train against `iblrnn train` on the same configuration (wall seconds).
  evaluate    load_network + Network.evaluate + Recording.save against `iblrnn eval --no-bayes`.

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

    vec = iblrnn.VectorTask(n_lanes, seed=0)
    vec.reset()
    p_vec = np.full((n_lanes, 2), 0.5)

    def vector():
        step = vec.step
        for _ in range(n_calls):
            step(p_vec)

    t_single = best_of(3, single)
    t_vec = best_of(3, vector)
    rate_single = n_single / t_single
    rate_vec = n_lanes * n_calls / t_vec
    print(f"Task.step (Python loop)        {rate_single / 1e3:9.0f} k steps/s")
    print(f"VectorTask(n={n_lanes}).step         {rate_vec / 1e6:9.2f} M steps/s")
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


def bench_train():
    steps = int(os.environ.get("IBLRNN_BENCH_TRAIN_STEPS", "200"))
    with tempfile.TemporaryDirectory() as tmp:
        runs = iter(range(100))

        def cli():
            subprocess.run([BINARY, "train", "--steps", str(steps), "--seed", "1", "--out",
                            f"{tmp}/cli{next(runs)}"], check=True, capture_output=True)

        def py():
            iblrnn.train(seed=1, out=f"{tmp}/py{next(runs)}", **{"train.n_steps": steps})

        # Alternate so that load changes hit both sides alike.
        t_cli, t_py = [], []
        for _ in range(3):
            t_cli.append(best_of(1, cli))
            t_py.append(best_of(1, py))
    a, b = min(t_cli), min(t_py)
    print(f"train ({steps} steps, fast)    CLI {a:7.3f} s   Python {b:7.3f} s   "
          f"Python/CLI {b / a:.3f}")


def bench_evaluate():
    blocks = int(os.environ.get("IBLRNN_BENCH_EVAL_BLOCKS", "5000"))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([BINARY, "train", "--steps", "20", "--out", f"{tmp}/run"], check=True,
                       capture_output=True)
        outs = iter(range(100))

        def cli():
            subprocess.run([BINARY, "eval", f"{tmp}/run", "--no-bayes", "--blocks", str(blocks),
                            "--out", f"{tmp}/cli{next(outs)}"], check=True, capture_output=True)

        def py():
            iblrnn.load_network(f"{tmp}/run").evaluate(blocks=blocks).save(f"{tmp}/py{next(outs)}")

        net = iblrnn.load_network(f"{tmp}/run")
        t_cli, t_py, t_mem = [], [], []
        for _ in range(3):
            t_cli.append(best_of(1, cli))
            t_py.append(best_of(1, py))
            t_mem.append(best_of(1, lambda: net.evaluate(blocks=blocks)))
    a, b = min(t_cli), min(t_py)
    print(f"eval ({blocks} blocks)          CLI {a:7.3f} s   Python {b:7.3f} s   "
          f"Python/CLI {b / a:.3f}   (in memory, no files: {min(t_mem):.3f} s)")


if __name__ == "__main__":
    which = sys.argv[1:] or ["task", "train", "evaluate"]
    print(f"iblrnn {iblrnn.__version__}, Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.1f}")
    for name in which:
        {"task": bench_task, "train": bench_train, "evaluate": bench_evaluate}[name]()
