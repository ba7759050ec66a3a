"""The Bayesian agents and observer against the command line and an independent filter."""
import numpy as np
import pytest

import iblrnn
from conftest import cli, read_trials_csv


def markov_filter(session, stim_side, switch, p_same):
    """Independent two-state forward filter over block sides (left, right) from true sides."""
    prior = np.empty((len(stim_side), 2))
    post = np.empty((len(stim_side), 2))
    T = np.array([[1 - switch, switch], [switch, 1 - switch]])
    belief = None
    for i, s in enumerate(stim_side):
        if i == 0 or session[i] != session[i - 1]:
            belief = np.array([0.5, 0.5])
        else:
            belief = post[i - 1] @ T
        prior[i] = belief
        like = np.array([p_same, 1 - p_same]) if s < 0 else np.array([1 - p_same, p_same])
        post[i] = belief * like / np.sum(belief * like)
    return prior, post


@pytest.mark.parametrize("agent,filt", [("actor", "markov"), ("actor_commit", "semi_markov")])
def test_play_equals_the_command_line(tmp_path, agent, filt):
    cli("bayes", "--agent", agent, "--filter", filt, "--set", "task.n_blocks=3", "--seed", 4,
        "--sessions", 2, "--record", "steps", "--out", tmp_path / "b")
    got = iblrnn.bayes.play(agent=agent, filter=filt, blocks=3, seed=4, sessions=2)
    for name, col in read_trials_csv(tmp_path / "b" / "trials.csv").items():
        np.testing.assert_array_equal(got["trials"][name], col, err_msg=name)
    np.testing.assert_array_equal(got["own"]["block_posterior"],
                                  np.load(tmp_path / "b" / "bayes" / "block_posterior.npy"))
    np.testing.assert_array_equal(got["observer"]["step_posterior_right"],
                                  np.load(tmp_path / "b" / "bayes" / "observer_step_posterior.npy"))
    np.testing.assert_array_equal(got["inputs"], np.load(tmp_path / "b" / "inputs.npy"))


def test_observer_on_user_arrays_replays_the_observer():
    run = iblrnn.bayes.play(agent="actor", blocks=2, seed=8)
    t = run["trials"]
    first = np.flatnonzero(np.r_[True, np.diff(run["step_trial"]) != 0])
    n_steps = np.diff(np.r_[first, len(run["step_trial"])])
    got = iblrnn.bayes.observer(t["stim_side"], t["session"], choice=t["response_side"],
                                inputs=run["inputs"], step_k=run["step_k"],
                                first_step=first, n_steps=n_steps)
    for name in ("block_posterior", "step_posterior_right", "map_side"):
        np.testing.assert_array_equal(got[name], run["observer"][name], err_msg=name)
    assert got["accuracy"] == run["observer"]["accuracy"]


def test_observer_block_posterior_equals_an_independent_filter():
    rng = np.random.default_rng(0)
    session = np.repeat([0, 1], 60)
    side = np.where(rng.random(120) < 0.5, -1, 1)
    got = iblrnn.bayes.observer(side, session, filter="markov", switch_prob=0.05)
    prior, post = markov_filter(session, side, 0.05, 0.8)
    np.testing.assert_allclose(got["block_prior"], prior, rtol=0, atol=1e-12)
    np.testing.assert_allclose(got["block_posterior"], post, rtol=0, atol=1e-12)
    # Without observations the stimulus posterior is the prior P(s = +1) = 0.8 b_R + 0.2 b_L.
    np.testing.assert_allclose(got["stim_prior_right"], 0.8 * prior[:, 1] + 0.2 * prior[:, 0],
                               rtol=0, atol=1e-12)


def test_observer_rejects_bad_sides():
    with pytest.raises(ValueError, match=r"observer: stim_side must be -1 or \+1, got 0"):
        iblrnn.bayes.observer([1, 0, -1])
    with pytest.raises(ValueError, match=r"bayes.filter: filter must be one of markov \| semi_markov"):
        iblrnn.bayes.observer([1, -1], filter="kalman")
