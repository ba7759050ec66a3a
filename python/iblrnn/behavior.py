"""Behavioural curves and the psychometric fit (docs/behavior.md), as ``iblrnn behavior``."""
from __future__ import annotations

import os
from typing import Any, Optional, Sequence

from . import _iblrnn
from .results import Result


def curve_names() -> list:
    """Names of the curves (the file stems ``iblrnn behavior`` writes), in order."""
    return list(_iblrnn.behavior_curve_names())


def curves(trials, label: str = "run", **overrides: Any) -> Result:
    """Every behavioural curve and psychometric fit of one input, as ``iblrnn behavior``.

    Args:
        trials: a dict of trials.csv's columns with an agent's choices (simulate(agent=...),
            Recording.trials, bayes.play()["trials"]) or a path ``iblrnn behavior`` reads
            (run folder, mouse CSV file or folder, ALF trials folder).
        label: the input's label (and subject name of a run).
        **overrides: [behavior] fields, e.g. timeouts="exclude", fit_restarts=5.

    Returns:
        Result with ``label``, ``subject``, ``n_trials``, ``rt_unit``, ``curves`` (per curve
        name: x_name, y_name, groups and the points' group, x, mean, sem, n arrays),
        ``fits`` (per psychometric group: m, w, gamma1, gamma2, their *_se, nll, n_trials,
        n_levels, converged, status), ``summary`` (the headline numbers of summary.json)
        and ``subjects`` (the same per subject when the input has several).

    Raises:
        ValueError: missing columns, trials without choices or invalid settings.
        OSError: a path that cannot be read.
    """
    if isinstance(trials, (str, os.PathLike)):
        trials = os.fspath(trials)
    elif not isinstance(trials, dict):
        trials = {k: trials[k] for k in trials}  # e.g. a pandas.DataFrame or a Result
    return Result("BehaviorCurves", _iblrnn.behavior_curves(trials, label, dict(overrides)))


def psychometric_fit(x: Sequence[float], n: Sequence[float], k: Sequence[float],
                     restarts: Optional[int] = None, seed: Optional[int] = None,
                     max_iterations: Optional[int] = None) -> Result:
    """Fit the psychometric function (docs/behavior.md eq. H5-H7) to counts.

    Args:
        x: signed signal levels; n: trials at each level; k: rightward choices at each level.
        restarts, seed, max_iterations: Nelder-Mead options (None: the command line's).

    Returns:
        Result with m, w, gamma1, gamma2, m_se, w_se, gamma1_se, gamma2_se, nll, n_trials,
        n_levels, converged and status ("ok", "not_converged", "too_few_levels").

    Raises:
        ValueError: lengths differ, a negative count or k > n.
    """
    return Result("PsychometricFit", _iblrnn.psychometric_fit(
        [float(v) for v in x], [float(v) for v in n], [float(v) for v in k],
        restarts, seed, max_iterations))


__all__ = ["curves", "psychometric_fit", "curve_names"]
