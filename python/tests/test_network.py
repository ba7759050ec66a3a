"""Networks: training, files, evaluation and the forward pass against the command line."""
import numpy as np
import pytest

import iblrnn
from conftest import TINY, TINY_FLAGS, cli, read_trials_csv


@pytest.fixture(scope="module")
def net(tmp_path_factory):
    """The same tiny network as cli_run, trained from Python into a folder."""
    out = tmp_path_factory.mktemp("py") / "run"
    return iblrnn.train(seed=3, out=str(out), **TINY)


def test_train_weights_are_bit_identical_to_the_cli(cli_run, net):
    cli_net = iblrnn.load_network(str(cli_run))
    assert list(net.weights) == iblrnn.state_dict_keys()
    for name, w in cli_net.weights.items():
        np.testing.assert_array_equal(net.weights[name], w, err_msg=name)
        np.testing.assert_array_equal(np.load(cli_run / f"{name}.npy"), w, err_msg=name)
    assert net.summary["steps_done"] == 3


def test_train_without_a_folder_and_with_progress(net):
    seen = []
    other = iblrnn.train(seed=3, progress=lambda *a: seen.append(a), **TINY)
    assert seen[-1] == ("train", 3, 3)
    for name, w in net.weights.items():
        np.testing.assert_array_equal(other.weights[name], w)


def test_evaluate_equals_the_cli_evaluation(cli_run):
    net = iblrnn.load_network(str(cli_run))
    rec = net.evaluate(blocks=3, seed=2)
    ev = cli_run / "eval"
    np.testing.assert_array_equal(rec.inputs, np.load(ev / "inputs.npy"))
    np.testing.assert_array_equal(rec.probs, np.load(ev / "probs.npy"))
    np.testing.assert_array_equal(rec.hidden, np.load(ev / "hidden.npy"))
    np.testing.assert_array_equal(rec.trials["first_step"], np.load(ev / "trial_first_step.npy"))
    for name, col in read_trials_csv(ev / "trials.csv").items():
        np.testing.assert_array_equal(rec.trials[name], col, err_msg=name)
    assert rec.hidden.shape == (len(rec.inputs), net.n_hidden)


def test_recording_arrays_share_the_cpp_buffers(cli_run):
    rec = iblrnn.load_network(str(cli_run)).evaluate(blocks=2, seed=1)
    for name in ("hidden", "inputs", "probs"):
        a = getattr(rec, name)
        assert a.__array_interface__["data"][0] == rec._buffer_address(name), name
        assert not a.flags.owndata and not a.flags.writeable
        assert np.shares_memory(a, getattr(rec, name))
    # The arrays keep the recording alive after the last reference to it goes.
    hidden = rec.hidden
    copy = hidden.copy()
    del rec
    np.testing.assert_array_equal(hidden, copy)


def test_step_replays_the_evaluation(cli_run):
    net = iblrnn.load_network(str(cli_run))
    rec = net.evaluate(blocks=2, seed=4)
    h = np.zeros(net.state_size)
    for t in range(len(rec.inputs)):
        h, p = net.step(h, rec.inputs[t])
        np.testing.assert_allclose(h, rec.hidden[t], rtol=0, atol=1e-12)
        np.testing.assert_allclose(p, rec.probs[t], rtol=0, atol=1e-12)
    # Batched: B copies of the same sequence.
    hb, pb = net.step(np.zeros((3, net.state_size)), np.repeat(rec.inputs[:1], 3, axis=0))
    np.testing.assert_allclose(pb, np.repeat(rec.probs[:1], 3, axis=0), rtol=0, atol=1e-12)


def test_task_with_network_step_is_the_evaluation(cli_run):
    net = iblrnn.load_network(str(cli_run))
    rec = net.evaluate(blocks=2, seed=6)
    task = iblrnn.Task(seed=iblrnn._iblrnn.eval_session_seed(6), n_blocks=2)
    obs, _ = task.reset()
    h = np.zeros(net.state_size)
    t = 0
    terminated = False
    while not terminated:
        np.testing.assert_array_equal(obs, rec.inputs[t])
        h, p = net.step(h, obs)
        obs, reward, terminated, _, _ = task.step(p)
        np.testing.assert_array_equal(reward, rec.outcome[t])
        t += 1
    assert t == len(rec.inputs)


def test_numpy_forward_equals_probs_npy(cli_run):
    net = iblrnn.load_network(str(cli_run))
    x = np.load(cli_run / "eval" / "inputs.npy")
    probs = np.load(cli_run / "eval" / "probs.npy")
    trials = read_trials_csv(cli_run / "eval" / "trials.csv")
    assert np.all(trials["session"] == 0)  # one session: the state starts at zero once
    np.testing.assert_allclose(iblrnn.forward(net.weights, x, net.arch), probs, rtol=0, atol=1e-12)
    batched = iblrnn.forward(net.weights, np.stack([x, x], axis=1), net.arch)
    np.testing.assert_allclose(batched[:, 1], probs, rtol=0, atol=1e-12)


@pytest.mark.parametrize("arch", ["gru", "lstm"])
def test_numpy_forward_equals_evaluation_for_gated_cells(arch):
    net = iblrnn.train(seed=2, **{**TINY, "network.arch": arch, "train.n_steps": 1})
    rec = net.evaluate(blocks=1, seed=1)
    np.testing.assert_allclose(iblrnn.forward(net.weights, rec.inputs, arch), rec.probs,
                               rtol=0, atol=1e-12)


@pytest.mark.parametrize("arch", ["rnn", "gru", "lstm"])
def test_to_torch_equals_probs_npy(arch, tmp_path):
    torch = pytest.importorskip("torch", reason="torch is not installed: Network.to_torch untested")
    run = tmp_path / arch
    cli("train", *TINY_FLAGS, "--set", f"network.arch={arch}", "--seed", 3, "--out", run)
    cli("eval", run, "--blocks", 3, "--seed", 2)
    net = iblrnn.load_network(str(run))
    assert net.arch == arch
    x = np.load(run / "eval" / "inputs.npy")
    probs = np.load(run / "eval" / "probs.npy")
    module = net.to_torch()
    assert next(module.parameters()).dtype == torch.float64
    with torch.no_grad():
        got = module(torch.from_numpy(x))
        # Three sessions at once: the recording and two others, each from a zero state.
        other = np.random.default_rng(0).uniform(0, 1, x.shape)
        batch = module(torch.from_numpy(np.stack([x, other, x[::-1].copy()], axis=1)))
    assert got.dtype == torch.float64 and tuple(got.shape) == probs.shape
    assert tuple(batch.shape) == (x.shape[0], 3, 2)
    np.testing.assert_allclose(got.numpy(), probs, rtol=0, atol=1e-12)
    np.testing.assert_allclose(batch[:, 0].numpy(), probs, rtol=0, atol=1e-12)
    for lane, xs in ((1, other), (2, x[::-1])):
        np.testing.assert_allclose(batch[:, lane].numpy(), iblrnn.forward(net.weights, xs, arch),
                                   rtol=0, atol=1e-12)


def test_recording_save_is_an_evaluation_folder(cli_run, tmp_path):
    rec = iblrnn.load_network(str(cli_run)).evaluate(blocks=3, seed=2)
    rec.save(str(tmp_path / "eval"))
    for name in ("inputs.npy", "probs.npy", "hidden.npy", "step_trial.npy", "trial_first_step.npy"):
        np.testing.assert_array_equal(np.load(tmp_path / "eval" / name),
                                      np.load(cli_run / "eval" / name), err_msg=name)


def test_errors_are_python_exceptions(tmp_path, cli_run):
    with pytest.raises(OSError, match="network.json"):
        iblrnn.load_network(str(tmp_path / "missing"))
    net = iblrnn.load_network(str(cli_run))
    with pytest.raises(ValueError, match=r"EvalConfig: eval_blocks must be in \[1, 1000000\], got 0"):
        net.evaluate(blocks=0)
    with pytest.raises(ValueError, match="already holds an `iblrnn train` output"):
        iblrnn.train(seed=3, out=str(cli_run), **TINY)
    with pytest.raises(ValueError, match="Network.step: h"):
        net.step(np.zeros(net.state_size + 1), np.zeros(3))


def test_train_in_float32_follows_float64_or_names_what_it_needs():
    """train.precision as a keyword: float32 training ends near float64's weights (the same
    sessions; docs/rnn.md, "Float32 training"), or, on a CPU without the avx512 kernel set, a
    ValueError names the field."""
    ref = iblrnn.train(seed=3, **TINY)
    try:
        f32 = iblrnn.train(seed=3, precision="float32", **TINY)
    except ValueError as e:
        assert "precision float32 needs the avx512 kernel set" in str(e)
        pytest.skip(f"float32 training not on this CPU: {e}")
    for name, w in ref.weights.items():
        np.testing.assert_allclose(f32.weights[name], w, rtol=0, atol=1e-5, err_msg=name)
    assert any(not np.array_equal(f32.weights[n], w) for n, w in ref.weights.items())
    with pytest.raises(ValueError, match="precision"):
        iblrnn.train(seed=3, precision="float16", **TINY)
