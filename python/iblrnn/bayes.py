"""The exact Bayesian agents and observer (docs/bayes.md), from Python.

play() runs an agent in closed loop like ``iblrnn bayes``; observer() runs the Bayesian
observer on trials of your own, e.g. a real mouse's session, for the block posterior.
"""
from __future__ import annotations

from typing import Any, Optional

import numpy as np

from . import _iblrnn


def play(agent: str = "actor", filter: Optional[str] = None, preset: str = "paper2020",
         blocks: Optional[int] = None, sessions: int = 1, seed: int = 1,
         progress=None, **overrides: Any) -> dict:
    """Play a Bayesian agent through sessions, as ``iblrnn bayes`` (same seed, same trials).

    Args:
        agent: "actor", "actor_commit" or "reward_optimal".
        filter: block filter, "markov" or "semi_markov" (bayes.filter); None keeps the default.
        preset: task preset ("paper2020" or "iblrig").
        blocks: blocks per session (task.n_blocks).
        sessions, seed: as ``iblrnn bayes --sessions --seed``.
        progress: optional callable (stage, done, total).
        **overrides: configuration fields (bare names such as switch_prob=0.05).

    Returns:
        dict with "trials" (trials.csv's columns), per-step "inputs" (n_steps, 3), "probs"
        (n_steps, 2), "outcome", "step_trial", "step_k"; "own" (the agent's beliefs: the
        observer with the block side learned from feedback) and "observer" (the observer
        with true sides), each a dict of arrays as observer() returns; and
        "dp_start_value_unbiased" (reward_optimal; NaN otherwise).

    Raises:
        ValueError: invalid options, with the command line's messages.
    """
    if filter is not None:
        overrides["bayes.filter"] = filter
    if blocks is not None:
        overrides["task.n_blocks"] = blocks
    return _iblrnn.bayes_play(agent, preset, sessions, seed, dict(overrides), progress)


def observer(stim_side, session=None, choice=None, inputs=None, step_k=None, first_step=None,
             n_steps=None, update: str = "true_sides", filter: Optional[str] = None,
             preset: str = "paper2020", **overrides: Any) -> dict:
    """The Bayesian observer (docs/bayes.md eq. B1-B8) on trials you give.

    Args:
        stim_side: (n_trials,) stimulus side of each trial, -1 left / +1 right.
        session: (n_trials,) session of each trial (a new session resets the block belief);
            None: one session.
        choice: (n_trials,) -1 / +1 / 0 (timeout); used by update="feedback" only.
        inputs, step_k, first_step, n_steps: the per-step observations (n_steps, 3), step
            index within the trial, and each trial's first step and step count; without
            them the stimulus posterior is the block-informed prior.
        update: "true_sides" (the observer learns each trial's side) or "feedback".
        filter: "markov" or "semi_markov"; None keeps the default.
        preset: task preset whose block law the filter assumes.
        **overrides: configuration fields (e.g. switch_prob=0.05, p_stim_concordant=0.8).

    Returns:
        dict of arrays: block_prior, block_posterior (n_trials, 2) = P(block left),
        P(block right); stim_prior_right, decision_posterior_right, map_side, map_correct
        (n_trials,); step_posterior_right (n_steps,); accuracy (float).

    Raises:
        ValueError: a side outside {-1, +1}, mismatched lengths or invalid configuration.
    """
    stim_side = np.asarray(stim_side, dtype=np.int64)
    if session is None:
        session = np.zeros(stim_side.shape, dtype=np.int64)
    if filter is not None:
        overrides["bayes.filter"] = filter
    return _iblrnn.bayes_observe(np.asarray(session, dtype=np.int64), stim_side,
                                 None if choice is None else np.asarray(choice, dtype=np.int64),
                                 inputs, step_k, first_step, n_steps, update, preset,
                                 dict(overrides))


__all__ = ["play", "observer"]
