"""iblrnn from Python: the IBL task, exact Bayesian agents, trained networks and their analyses.

The same C++ core as the ``iblrnn`` command line, so the same seed gives the same numbers.

    import iblrnn
    task = iblrnn.Task(seed=0)                        # one session at a time, Gymnasium-style
    trials = iblrnn.simulate(blocks=10, seed=1)       # trials.csv's columns as NumPy arrays
    net = iblrnn.train(preset="fast", seed=1)         # a Network, weights as the CLI's
    rec = net.evaluate(blocks=100, seed=1)            # inputs, hidden, probs, trials (no copy)

Long calls release the GIL and stop on Ctrl-C (KeyboardInterrupt); invalid input raises
ValueError and unreadable files OSError, with the command line's one-line messages.
See docs/python.md.
"""
from __future__ import annotations

import io as _io
import os as _os
import tempfile as _tempfile
from typing import Any, Callable, Dict, Optional, Union

import numpy as _np

from . import _iblrnn
from ._iblrnn import Network, Recording, Task, VectorTask, load_network, state_dict_keys

__version__: str = _iblrnn.__version__

ProgressCallback = Callable[[str, int, int], None]


def trial_columns(with_agent: bool = True) -> list:
    """Column names of trials.csv, in file order (the keys of simulate()'s result)."""
    return list(_iblrnn.trial_columns(with_agent))


def _as_frame(columns: Dict[str, _np.ndarray]):
    import pandas

    return pandas.DataFrame({k: _np.asarray(v) for k, v in columns.items()})


def simulate(preset: str = "paper2020", blocks: Optional[int] = None, sessions: int = 1,
             seed: int = 1, agent: str = "none", as_frame: bool = False,
             progress: Optional[ProgressCallback] = None, **overrides: Any):
    """Generate sessions like ``iblrnn simulate`` and return its trials.csv in memory.

    Args:
        preset: task preset ("paper2020" or "iblrig").
        blocks: blocks per session (task.n_blocks); None keeps the preset's.
        sessions: number of sessions.
        seed: run seed; the same seed gives the same trials as the command line.
        agent: "none" (generative columns only), "oracle" or "random".
        as_frame: return a pandas.DataFrame instead of a dict.
        progress: optional callable (stage, done, total).
        **overrides: [task] fields, e.g. p_stim_concordant=0.9.

    Returns:
        dict column name -> 1-D NumPy array (read-only views of the C++ table), keyed by
        trials.csv's column names (see trial_columns()); or a DataFrame.

    Raises:
        ValueError: an invalid option, with the command line's message.
    """
    columns = _iblrnn.simulate(preset, blocks, sessions, seed, agent, dict(overrides), progress)
    return _as_frame(columns) if as_frame else columns


def _network_summary(net: Network, summary: dict) -> Network:
    net.summary = summary
    return net


def train(preset: Optional[str] = None, seed: Optional[int] = None, out: Optional[str] = None,
          progress: Optional[ProgressCallback] = None, config: Optional[str] = None,
          **overrides: Any) -> Network:
    """Train a network like ``iblrnn train`` and return it.

    Args:
        preset: "fast" (the command line's default) or "paper2020".
        seed: train.seed (weights and training sessions); None keeps the preset's.
        out: run folder to write (config.toml, weights, train_log.csv, checkpoint/,
            summary.json), as ``iblrnn train --out``; None trains in a temporary folder.
        progress: optional callable (stage, done, total), called after every gradient step.
        config: optional TOML configuration file (as ``--config``).
        **overrides: configuration fields, bare (n_steps=100) or "section.field" passed as
            a dict, e.g. ``**{"network.n_hidden": 20}``.

    Returns:
        The trained Network; its ``summary`` attribute holds summary.json's content.
        Weights are bit-identical to ``iblrnn train`` with the same configuration.

    Raises:
        ValueError: invalid configuration, a folder that already holds a run, divergence.
        OSError: files that cannot be written.
        KeyboardInterrupt: on Ctrl-C (the last checkpoint of ``out`` is kept).
    """
    if seed is not None:
        overrides["train.seed"] = seed
    args = (preset or "", config or "", dict(overrides), progress)
    if out is not None:
        summary = _iblrnn.train(str(out), *args)
        return _network_summary(load_network(str(out)), summary)
    with _tempfile.TemporaryDirectory(prefix="iblrnn-train-") as tmp:
        run = _os.path.join(tmp, "run")
        summary = _iblrnn.train(run, *args)
        return _network_summary(load_network(run), summary)


def _evaluate(self: Network, blocks: int = 1000, seed: int = 1,
              progress: Optional[ProgressCallback] = None) -> Recording:
    """Play the evaluation session of ``iblrnn eval RUN --blocks BLOCKS --seed SEED``.

    Returns a Recording whose arrays (inputs, hidden, probs, trials, ...) view the C++
    buffers without copying and equal the files `iblrnn eval` writes.
    Raises ValueError for blocks outside [1, 1000000]; KeyboardInterrupt on Ctrl-C.
    """
    return self._evaluate(blocks, seed, progress)


Network.evaluate = _evaluate


def _to_torch(self: Network):
    """The network as a ``torch.nn.Module`` (float64): ``forward(x)`` takes inputs of shape
    (T, 3) or (T, B, 3), starts from a zero state and returns the action probabilities
    (P(left), P(right)), shape (T, 2) or (T, B, 2). Needs torch (ImportError otherwise)."""
    from ._torch import to_torch

    return to_torch(self)


Network.to_torch = _to_torch

from . import bayes  # noqa: E402  (submodules use the names above)
from .forward import forward  # noqa: E402

__all__ = ["Task", "VectorTask", "Network", "Recording", "simulate", "train", "load_network",
           "state_dict_keys", "trial_columns", "forward", "bayes", "__version__"]

from . import behavior  # noqa: E402
from .results import Result, load_run, summary_schema  # noqa: E402
from .results import _read_table  # noqa: E402


def _run_folder(tmp: str, recording_or_network) -> str:
    """A run folder (network, config.toml and, for a recording, eval/) made in `tmp`."""
    run = _os.path.join(tmp, "run")
    if isinstance(recording_or_network, Recording):
        recording_or_network.network.save(run)
        recording_or_network.save(_os.path.join(run, "eval"))
    else:
        recording_or_network.save(run)
    return run


def analyze(recording: Recording, out: Optional[str] = None,
            progress: Optional[ProgressCallback] = None, **overrides: Any) -> Result:
    """The representation and dynamics analysis of ``iblrnn analyze`` on a recording.

    Args:
        recording: Network.evaluate()'s result (the network and its evaluation session).
        out: folder to write the analysis into (as ``iblrnn analyze --out``); None: computed
            in memory, nothing written.
        progress: optional callable (stage, done, total).
        **overrides: configuration fields (e.g. ``**{"analysis.n_pcs": 5}``).

    Returns:
        Result (see load_run) with ``summary`` (summary.json: every scalar of
        docs/analysis.md), ``arrays`` and ``tables`` (every figure's data, e.g.
        ``tables["evidence_velocity"]`` for Fig 5a). Same numbers as the command line on
        the same evaluation.

    Raises:
        ValueError: invalid configuration; KeyboardInterrupt on Ctrl-C (nothing written).
    """
    if out is None:
        d = _iblrnn.analyze_recording(recording, dict(overrides), progress)
        d["tables"] = {name: _read_table(_io.StringIO(text)) for name, text in d["tables"].items()}
        d["schema"] = summary_schema("analysis")
        return Result("Analysis", d)
    with _tempfile.TemporaryDirectory(prefix="iblrnn-analyze-") as tmp:
        run = _run_folder(tmp, recording)
        dest = _os.fspath(out)
        _iblrnn.analyze_run(run, _os.path.join(run, "eval"), dest, dict(overrides), progress)
        return load_run(dest)


def _resolved_config(overrides: Dict[str, Any]) -> Dict[str, Any]:
    """The configuration resolved as ``iblrnn distill --set ...`` resolves it, by section."""
    import tomllib

    return tomllib.loads(_iblrnn.config_toml("", "", dict(overrides)))


def distill(recording: Union[Recording, Network], out: Optional[str] = None,
            progress: Optional[ProgressCallback] = None, **overrides: Any) -> Result:
    """The distillation study of ``iblrnn distill`` (RADD, conventional and a task-trained
    2-unit network, compared) on a recording's network and evaluation session.

    Args:
        recording: Network.evaluate()'s result. A Network is accepted too: it is then
            evaluated as ``iblrnn distill`` evaluates a run without one
            ([eval]: eval.eval_blocks blocks, seed eval.eval_seed).
        out: folder to write (as ``iblrnn distill --out``); None: computed in memory.
        progress: optional callable (stage, done, total).
        **overrides: configuration fields (e.g. ``**{"distill.conventional_steps": 100}``).

    Returns:
        Result "Distillation" with ``summary`` (distill/summary.json's content; ``run`` and
        ``eval_dir`` are "" in memory), ``config`` (config.toml's text), ``arrays`` (each
        .npy of the folder by its path without ``.npy``: radd_z (N, M), radd_z_free (N, M),
        radd_free_run_error (N,), radd_projection (M, H), conventional_loss (steps,),
        portraits/MODEL_INPUT_flow (n, n, 2)), ``networks`` (the 2-unit models as Networks:
        radd, conventional, task_trained_2, those that were made) and ``schema``
        (summary_schema("distill")). The numbers are those ``iblrnn distill`` writes for
        the same evaluation. With ``out``, load_run(out) (whose ``arrays`` also hold the
        models' weights). In memory, only the task-trained network's training job writes
        files (its run folder, in a temporary folder removed on return).

    Raises:
        ValueError: invalid configuration; KeyboardInterrupt on Ctrl-C (nothing written).
    """
    cfg = _resolved_config(overrides)
    if isinstance(recording, Network):
        recording = recording.evaluate(blocks=cfg["eval"]["eval_blocks"], seed=cfg["eval"]["eval_seed"])
    if out is not None:
        with _tempfile.TemporaryDirectory(prefix="iblrnn-distill-") as tmp:
            run = _run_folder(tmp, recording)
            dest = _os.fspath(out)
            _iblrnn.distill_run(run, dest, dict(overrides), progress)
            return load_run(dest)
    if not cfg["distill"]["task_trained"]:
        d = _iblrnn.distill_recording(recording, dict(overrides), progress, "")
    else:
        with _tempfile.TemporaryDirectory(prefix="iblrnn-distill-") as tmp:
            d = _iblrnn.distill_recording(recording, dict(overrides), progress,
                                          _os.path.join(tmp, "task_trained_2"))
    d["schema"] = summary_schema("distill")
    return Result("Distillation", d)


__all__ += ["analyze", "distill", "load_run", "summary_schema", "Result", "behavior"]
