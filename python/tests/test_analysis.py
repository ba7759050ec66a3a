"""Behaviour, analysis, distillation and load_run against the command line."""
import csv
import json

import numpy as np
import pytest

import iblrnn
from conftest import cli, read_trials_csv


def without_paths_and_times(summary):
    """A summary without the folders it names and the wall times it measured."""
    if not isinstance(summary, dict):
        return summary
    return {k: without_paths_and_times(v) for k, v in summary.items()
            if k not in ("run", "eval_dir", "out", "timing_s") and "seconds" not in k
            and not k.endswith("_per_s")}


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    """A 12-unit network trained and evaluated (30 blocks) and analysed by the command line."""
    run = tmp_path_factory.mktemp("an") / "run"
    cli("train", "--hidden", 12, "--steps", 30, "--seed", 2, "--set", "task.n_blocks=2", "--out", run)
    cli("eval", run, "--blocks", 30, "--seed", 3)
    cli("analyze", run)
    return run


def test_behavior_curves_equal_the_command_line(tmp_path):
    cli("simulate", "--blocks", 20, "--agent", "random", "--seed", 4, "--out", tmp_path / "sim")
    cli("behavior", tmp_path / "sim", "--label", "random", "--out", tmp_path / "beh")
    trials = iblrnn.simulate(blocks=20, agent="random", seed=4)
    got = iblrnn.behavior.curves(trials, label="random")
    assert set(got.curves) == set(iblrnn.behavior.curve_names())
    for name in iblrnn.behavior.curve_names():
        with open(tmp_path / "beh" / f"{name}.csv") as f:
            pooled = [r for r in csv.DictReader(f) if r["subject"] == ""]
        c = got.curves[name]
        np.testing.assert_array_equal(c.group, [r["group"] for r in pooled], err_msg=name)
        for field, tol in (("x", 1e-12), ("mean", 1e-9), ("sem", 1e-9), ("n", 0)):
            np.testing.assert_allclose(c[field], [float(r[field] or "nan") for r in pooled], rtol=tol,
                                       err_msg=f"{name}.{field}")
    with open(tmp_path / "beh" / "psychometric_fits.csv") as f:
        fits = [r for r in csv.DictReader(f) if r["subject"] == ""]
    assert sorted(got.fits) == sorted(r["group"] for r in fits)
    for row in fits:
        fit = got.fits[row["group"]]
        for key in ("m", "w", "gamma1", "gamma2", "m_se", "nll", "n_trials"):
            np.testing.assert_allclose(fit[key], float(row[key] or "nan"), rtol=1e-6, err_msg=key)
    # The same input read from the folder.
    same = iblrnn.behavior.curves(tmp_path / "sim", label="random")
    np.testing.assert_array_equal(same.curves.psychometric.mean, got.curves.psychometric.mean)
    assert got.to_dict()["curves"]["psychometric"]["name"] == "psychometric"


def test_psychometric_fit_recovers_known_parameters():
    x = np.array([-2.5, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5])
    m, w, g1, g2 = 0.3, 0.8, 0.05, 0.1
    from math import erf  # eq. H5 (IBL psychofit erf_psycho_2gammas)
    p = np.array([g1 + (1 - g1 - g2) * 0.5 * (1 + erf((xi - m) / w)) for xi in x])
    n = np.full(x.shape, 1e6)
    fit = iblrnn.behavior.psychometric_fit(x, n, np.round(p * n))
    assert fit.status == "ok"
    np.testing.assert_allclose([fit.m, fit.w, fit.gamma1, fit.gamma2], [m, w, g1, g2], atol=5e-3)
    with pytest.raises(ValueError):
        iblrnn.behavior.psychometric_fit([0, 1], [1, 1], [2, 0])


def test_analyze_equals_the_command_line(analysed, monkeypatch):
    rec = iblrnn.load_network(str(analysed)).evaluate(blocks=30, seed=3)
    # Computed in memory: no folder is made.
    def no_folder(*args, **kwargs):
        raise AssertionError("iblrnn.analyze(recording) made a temporary folder")
    monkeypatch.setattr(iblrnn._tempfile, "TemporaryDirectory", no_folder)
    got = iblrnn.analyze(rec)
    monkeypatch.undo()
    expected = json.loads((analysed / "analysis" / "summary.json").read_text())
    assert without_paths_and_times(got.summary.to_dict()) == without_paths_and_times(expected)
    ev = np.genfromtxt(analysed / "analysis" / "evidence_velocity.csv", delimiter=",", names=True)
    for col in ev.dtype.names:
        np.testing.assert_array_equal(got.tables.evidence_velocity[col], ev[col], err_msg=col)
    # Every key is declared in the analysis schema, with its declared type.
    mismatch = iblrnn._iblrnn.check_summary("analysis/summary.json", got.summary.to_dict())
    assert mismatch == {"undeclared": [], "missing": [], "wrong_type": []}
    assert got.schema["slope_stimulus/slope"]["type"] == "number"
    on_disk = iblrnn.load_run(analysed / "analysis")
    assert set(on_disk.arrays) == set(got.arrays)
    for name, arr in on_disk.arrays.items():
        np.testing.assert_array_equal(got.arrays[name], arr, err_msg=name)
        assert got.arrays[name].shape == arr.shape, name
    # Every table, column by column, and the configuration text.
    assert set(on_disk.tables) == set(got.tables)
    for name, table in on_disk.tables.items():
        assert list(got.tables[name]) == list(table), name
        for col, values in table.items():
            np.testing.assert_array_equal(got.tables[name][col], values, err_msg=f"{name}.{col}")
    assert got.config == on_disk.config


def test_load_run_reads_a_simulation(tmp_path):
    cli("simulate", "--blocks", 3, "--agent", "oracle", "--seed", 5, "--record", "steps",
        "--out", tmp_path / "sim")
    run = iblrnn.load_run(tmp_path / "sim")
    assert run.summary["agent"] == "oracle"
    trials = iblrnn.simulate(blocks=3, agent="oracle", seed=5)
    for name, col in trials.items():
        np.testing.assert_array_equal(run.trials[name], col, err_msg=name)
    np.testing.assert_array_equal(run.arrays["inputs"].shape[1], 3)
    assert "alf/_ibl_trials.probabilityLeft" in run.arrays
    with pytest.raises(AttributeError, match="fields"):
        run.no_such_field
    with pytest.raises(OSError):
        iblrnn.load_run(tmp_path / "missing")


DISTILL = {"distill.conventional_steps": 20, "distill.task_trained": False,
           "distill.flow_grid": 5, "distill.fixed_point_grid": 3}


def distill_flags(settings):
    return [a for k, v in settings.items() for a in ("--set", f"{k}={str(v).lower()}")]


def assert_distill_equals_folder(got, folder):
    """Every number of an in-memory distillation equals the command line's folder: the
    summary, each array, each 2-unit model's weights and the configuration."""
    expected = json.loads((folder / "summary.json").read_text())
    assert without_paths_and_times(got.summary.to_dict()) == without_paths_and_times(expected)
    figure_arrays = {str(p.relative_to(folder))[:-4] for p in folder.rglob("*.npy")
                     if p.relative_to(folder).parts[0] not in ("radd", "conventional", "task_trained_2")}
    assert set(got.arrays) == figure_arrays
    for name, arr in got.arrays.items():
        on_disk = np.load(folder / f"{name}.npy")
        assert arr.shape == on_disk.shape, name
        np.testing.assert_array_equal(arr, on_disk, err_msg=name)
    models = {p.parent.name for p in folder.glob("*/network.json")}
    assert set(got.networks) == models
    for model, net in got.networks.items():
        assert net.config_toml == (folder / model / "config.toml").read_text(), model
        for key, w in net.weights.items():
            np.testing.assert_array_equal(w, np.load(folder / model / f"{key}.npy"), err_msg=f"{model}.{key}")
    assert got.config == (folder / "config.toml").read_text()
    mismatch = iblrnn._iblrnn.check_summary("distill/summary.json", got.summary.to_dict())
    assert mismatch == {"undeclared": [], "missing": [], "wrong_type": []}


def test_distill_in_memory_equals_the_command_line(analysed, tmp_path, monkeypatch):
    cli("distill", analysed, *distill_flags(DISTILL), "--out", tmp_path / "cli")
    rec = iblrnn.load_network(str(analysed)).evaluate(blocks=30, seed=3)
    # Computed in memory: no folder is made.
    def no_folder(*args, **kwargs):
        raise AssertionError("iblrnn.distill(recording) made a temporary folder")
    monkeypatch.setattr(iblrnn._tempfile, "TemporaryDirectory", no_folder)
    got = iblrnn.distill(rec, **DISTILL)
    monkeypatch.undo()
    assert repr(got).startswith("Distillation(")
    assert got.summary.run == "" and got.summary.eval_dir == ""
    assert got.schema["radd/r2"]["type"] == "number"
    assert_distill_equals_folder(got, tmp_path / "cli")
    assert got.arrays["radd_z"].shape == (rec.hidden.shape[0], 2)
    assert got.to_dict()["networks"]["radd"] is got.networks["radd"]
    # The RADD model plays as the command line's radd/ folder does.
    np.testing.assert_array_equal(
        got.networks.radd.evaluate(blocks=2, seed=1).probs,
        iblrnn.load_network(str(tmp_path / "cli" / "radd")).evaluate(blocks=2, seed=1).probs)


def test_distill_trains_the_two_unit_network_as_the_command_line(analysed, tmp_path):
    settings = dict(DISTILL, **{"distill.conventional_steps": 0, "distill.task_trained": True,
                               "distill.task_trained_steps": 2})
    cli("distill", analysed, *distill_flags(settings), "--out", tmp_path / "cli")
    rec = iblrnn.load_network(str(analysed)).evaluate(blocks=30, seed=3)
    got = iblrnn.distill(rec, **settings)
    assert set(got.networks) == {"radd", "task_trained_2"}
    assert_distill_equals_folder(got, tmp_path / "cli")
    trained = got.networks.task_trained_2
    assert (trained.arch, trained.n_hidden) == ("rnn", 2)


def test_distill_of_a_network_evaluates_it_as_the_command_line(analysed, tmp_path):
    import shutil
    run = tmp_path / "run"
    shutil.copytree(analysed, run, ignore=shutil.ignore_patterns("eval", "analysis", "distill"))
    settings = dict(DISTILL, **{"distill.conventional_steps": 0, "eval.eval_seed": 4, "eval.eval_blocks": 5})
    cli("distill", run, *distill_flags(settings))  # evaluates RUN first, then RUN/distill
    got = iblrnn.distill(iblrnn.load_network(str(analysed)), **settings)
    assert_distill_equals_folder(got, run / "distill")
    # load_run: the distill folder as a Distillation, and a run folder's distill/ within it.
    loaded = iblrnn.load_run(run / "distill")
    assert repr(loaded).startswith("Distillation(")
    assert set(loaded.networks) == {"radd"}
    assert loaded.schema == got.schema
    for name, arr in got.arrays.items():
        np.testing.assert_array_equal(loaded.arrays[name], arr, err_msg=name)
    np.testing.assert_array_equal(loaded.networks.radd.weights["readout.weight"],
                                  got.networks.radd.weights["readout.weight"])
    outer = iblrnn.load_run(run)
    assert outer.distill.summary.to_dict() == loaded.summary.to_dict()
    assert set(outer.distill.networks) == {"radd"}


def test_distill_equals_the_command_line(analysed, tmp_path):
    settings = DISTILL
    flags = distill_flags(settings)
    cli("distill", analysed, *flags, "--out", tmp_path / "cli")
    rec = iblrnn.load_network(str(analysed)).evaluate(blocks=30, seed=3)
    got = iblrnn.distill(rec, out=str(tmp_path / "py"), **settings)
    expected = json.loads((tmp_path / "cli" / "summary.json").read_text())
    assert without_paths_and_times(got.summary.to_dict()) == without_paths_and_times(expected)
    assert repr(got).startswith("Distillation(")
    assert set(got.networks) == {"radd", "conventional"}


def test_distill_stopped_from_its_progress_leaves_no_folder(analysed, tmp_path, monkeypatch):
    settings = dict(DISTILL, **{"distill.conventional_steps": 0, "distill.task_trained": True,
                               "distill.task_trained_steps": 50})
    rec = iblrnn.load_network(str(analysed)).evaluate(blocks=30, seed=3)
    monkeypatch.setattr(iblrnn._tempfile, "tempdir", str(tmp_path))
    stages = []

    def progress(stage, done, total):
        stages.append(stage)
        if stage == "train" and done >= 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        iblrnn.distill(rec, progress=progress, **settings)
    assert stages[0] == "radd" and stages[-1] == "train"
    assert list(tmp_path.iterdir()) == []
