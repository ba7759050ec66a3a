"""Task, VectorTask and simulate against the command line and against each other."""
import numpy as np
import pytest

import iblrnn
from conftest import cli, read_trials_csv


def policy(obs):
    """A deterministic policy of the inputs: P(right) = sigmoid(3 (o_R - o_L))."""
    obs = np.asarray(obs)
    right = 1.0 / (1.0 + np.exp(-3.0 * (obs[..., 1] - obs[..., 0])))
    return np.stack([1.0 - right, right], axis=-1)


def play_task(task, n_sessions):
    """Plays sessions with `policy`; returns per-session lists of (obs, reward, choice)."""
    sessions = []
    obs, info = task.reset()
    for _ in range(n_sessions):
        steps = []
        while True:
            p = policy(obs)
            new_obs, reward, terminated, truncated, info = task.step(p)
            assert truncated is False
            steps.append((obs, reward, info["choice"], info["trial_ended"]))
            obs = new_obs
            if terminated:
                break
        sessions.append(steps)
        obs, info = task.reset()
    return sessions


def test_simulate_equals_the_command_line(tmp_path):
    cli("simulate", "--blocks", 5, "--sessions", 3, "--seed", 7, "--out", tmp_path / "sim")
    expected = read_trials_csv(tmp_path / "sim" / "trials.csv")
    got = iblrnn.simulate(blocks=5, sessions=3, seed=7)
    assert list(got) == iblrnn.trial_columns(with_agent=False) == list(expected)
    for name in expected:
        np.testing.assert_array_equal(got[name], expected[name], err_msg=name)


def test_simulate_with_an_agent_and_as_a_data_frame(tmp_path):
    cli("simulate", "--preset", "iblrig", "--blocks", 4, "--agent", "random", "--seed", 2,
        "--set", "task.act_threshold=0.8", "--out", tmp_path / "sim")
    expected = read_trials_csv(tmp_path / "sim" / "trials.csv")
    frame = iblrnn.simulate(preset="iblrig", blocks=4, agent="random", seed=2,
                            act_threshold=0.8, as_frame=True)
    assert list(frame.columns) == iblrnn.trial_columns() == list(expected)
    for name in expected:
        np.testing.assert_array_equal(frame[name].to_numpy(), expected[name], err_msg=name)


def test_task_episodes_are_the_sessions_of_simulate():
    task = iblrnn.Task(seed=5, n_blocks=3)
    sessions = play_task(task, 2)
    trials = iblrnn.simulate(blocks=3, sessions=2, seed=5)
    for s, steps in enumerate(sessions):
        n_trials = sum(ended for *_, ended in steps)
        assert n_trials == np.sum(trials["session"] == s)
        # Inputs: blank steps are (0, 0, r); the reward is the next step's r.
        for (obs, reward, _, _), (next_obs, *_) in zip(steps, steps[1:]):
            assert next_obs[2] == reward


def test_task_rewards_follow_the_act_rule():
    task = iblrnn.Task(seed=1, n_blocks=1)
    cfg = task.config
    obs, info = task.reset()
    # Never acting: every trial times out after n_blank_steps + n_obs_max steps.
    for trial in range(3):
        for k in range(cfg["n_blank_steps"] + cfg["n_obs_max"]):
            obs, reward, terminated, _, info = task.step((0.5, 0.5))
            assert info["trial"] == trial and info["k"] == k
            if k < cfg["n_blank_steps"]:
                assert reward == 0.0
            elif k < cfg["n_blank_steps"] + cfg["n_obs_max"] - 1:
                assert reward == cfg["reward_wait"] and not info["trial_ended"]
            else:
                assert reward == cfg["reward_timeout"] and info["trial_ended"]
    # Acting right on the first observation step: rewarded exactly when the stimulus is right.
    trials = iblrnn.simulate(blocks=1, seed=1)
    for _ in range(cfg["n_blank_steps"]):
        task.step(np.array([0.5, 0.5]))
    obs, reward, *_ , info = task.step(np.array([0.0, 1.0]))
    stim = trials["stim_side"][task.trial - 1]
    assert info["choice"] == 1
    assert reward == (cfg["reward_correct"] if stim == 1 else cfg["reward_wrong"])


def test_vector_task_lanes_equal_single_tasks():
    n = 4
    vec = iblrnn.VectorTask(n, seed=9, n_blocks=1)
    singles = [iblrnn.Task(seed=9, n_blocks=1) for _ in range(n)]
    obs, info = vec.reset()
    np.testing.assert_array_equal(info["session"], np.arange(n))
    single_obs = []
    for b, t in enumerate(singles):
        o, _ = t.reset()
        for _ in range(b):  # lane b plays session b
            o, _ = t.reset()
        single_obs.append(o)
    np.testing.assert_array_equal(obs, np.array(single_obs))
    finished = 0
    while finished == 0:
        p = policy(obs)
        obs, reward, terminated, truncated, info = vec.step(p)
        for b, t in enumerate(singles):
            o, r, term, _, i = t.step(p[b])
            assert r == reward[b] and term == terminated[b] and i["choice"] == info["choice"][b]
            if not term:
                np.testing.assert_array_equal(o, obs[b])
        finished = int(terminated.sum())
        assert not truncated.any()
    # Finished lanes took the next sessions of the run, in lane order.
    assert sorted(info["session"][terminated]) == list(range(n, n + finished))


def run_vector_task(threads, n=256, n_steps=400):
    """Every output of n_steps of a VectorTask whose policy depends on the observations."""
    vec = iblrnn.VectorTask(n, seed=5, n_blocks=1, threads=threads)
    obs, _ = vec.reset()
    out = [obs]
    for _ in range(n_steps):
        obs, reward, terminated, truncated, info = vec.step(policy(obs))
        out += [obs, reward, terminated, truncated, info["choice"], info["trial_ended"],
                info["session"]]
    return vec, out


def test_vector_task_values_do_not_depend_on_the_thread_count():
    one, a = run_vector_task(1)
    two, b = run_vector_task(2)
    three, c = run_vector_task(3)  # 3 ranges of 85-86 lanes, not a power of two
    assert (one.threads, two.threads, three.threads) == (1, 2, 3)
    assert int(sum(x.sum() for x in a[3::7])) > 0, "no session ended: the test would not see restarts"
    for x, y, z in zip(a, b, c):
        np.testing.assert_array_equal(x, y)
        np.testing.assert_array_equal(x, z)
    # 100 lanes: three chunks of 32 and one of 4.
    for x, y in zip(run_vector_task(1, n=100)[1], run_vector_task(2, n=100)[1]):
        np.testing.assert_array_equal(x, y)


def test_vector_task_threads_are_validated_and_capped_by_lanes():
    assert iblrnn.VectorTask(63, threads=4).threads == 1  # one chunk of 32 lanes: one thread
    assert iblrnn.VectorTask(64, threads=4).threads == 2
    assert iblrnn.VectorTask(256, threads=3).threads == 3
    assert iblrnn.VectorTask(256).threads == 1  # the default
    with pytest.raises(ValueError, match=r"VectorTask: threads must be in \[1, 256\], got 0"):
        iblrnn.VectorTask(256, threads=0)


def test_vector_task_returns_fresh_arrays_and_a_shared_read_only_truncated():
    vec = iblrnn.VectorTask(128, seed=1, threads=2)
    obs, _ = vec.reset()
    p = np.full((128, 2), 0.5)
    first = vec.step(p)
    second = vec.step(p)
    for x, y in zip(first[:3], second[:3]):
        assert not np.shares_memory(x, y)
    assert first[3] is second[3] and not first[3].flags.writeable and not first[3].any()
    with pytest.raises(ValueError):
        first[3][0] = True


def test_bad_task_settings_raise_value_error_with_the_cli_message():
    r = cli("simulate", "--set", "task.p_stim_concordant=1.5", "--out", "/nonexistent/x",
            check=False)
    assert r.returncode == 2
    with pytest.raises(ValueError) as e:
        iblrnn.Task(p_stim_concordant=1.5)
    assert str(e.value) in r.stderr
    with pytest.raises(ValueError, match="n_blockz"):
        iblrnn.Task(n_blockz=3)
    with pytest.raises(ValueError, match=r"shape \(2, 2\)"):
        iblrnn.VectorTask(2).step(np.zeros((3, 2)))
