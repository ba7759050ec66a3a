"""Shared fixtures: the command-line binary (to compare with) and a tiny trained network."""
import os
import pathlib
import subprocess

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("IBLRNN_BINARY", str(ROOT / "build" / "release" / "iblrnn"))

# A network small enough to train in a second: 6 units, 3 gradient steps of 2 sessions.
TINY = {"network.n_hidden": 6, "train.n_steps": 3, "task.n_blocks": 2, "train.batch_size": 2,
        "train.log_every": 1}
TINY_FLAGS = [a for k, v in TINY.items() for a in ("--set", f"{k}={v}")]


def cli(*args, check=True):
    """Runs the iblrnn binary; returns the CompletedProcess."""
    r = subprocess.run([BINARY, *map(str, args)], capture_output=True, text=True)
    if check and r.returncode != 0:
        raise AssertionError(f"iblrnn {' '.join(map(str, args))} failed: {r.stderr}")
    return r


def read_trials_csv(path):
    """trials.csv as a dict of arrays (read with NumPy, independent of iblrnn)."""
    table = np.genfromtxt(path, delimiter=",", names=True)
    return {name: table[name] for name in table.dtype.names}


@pytest.fixture(scope="session")
def cli_run(tmp_path_factory):
    """A tiny network trained by the command line (seed 3), evaluated on 3 blocks."""
    run = tmp_path_factory.mktemp("cli") / "run"
    cli("train", *TINY_FLAGS, "--seed", 3, "--out", run)
    cli("eval", run, "--blocks", 3, "--seed", 2)
    return run
