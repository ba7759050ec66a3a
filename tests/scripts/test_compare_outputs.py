#!/usr/bin/python3
"""Tests of scripts/compare_outputs.py on tiny pairs of output folders."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "compare_outputs.py")


def run(before, after, *extra):
    p = subprocess.run([sys.executable, SCRIPT, before, after, *extra], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


class CompareOutputs(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.a = os.path.join(self.tmp, "a")
        os.makedirs(self.a)
        np.save(os.path.join(self.a, "probs.npy"), np.array([[0.25, 0.75], [np.nan, 0.5]]))
        with open(os.path.join(self.a, "trials.csv"), "w") as f:
            f.write("session,choice\n0,1\n0,-1\n")
        summary = {"accuracy": 0.75, "n_trials": 2, "angle": None, "seeds": [1.5, [2, 3]],
                   "stage_seconds": {"train": 1.25}, "distill_seconds": {"seeds": [0.5]},
                   "timing_s": {"pca": 0.1}, "rnn_steps_per_s": 1e6,
                   "table": [{"key": "rnn_accuracy", "ours": [0.75]},
                             {"key": "distill_seconds", "ours": [0.5], "verdict": "fast"}]}
        self.b = os.path.join(self.tmp, "b")
        for folder in (self.a, self.b):  # b: the same study written to another folder
            os.makedirs(os.path.join(folder, "analysis"), exist_ok=True)
            with open(os.path.join(folder, "analysis", "summary.json"), "w") as f:
                json.dump(dict(summary, run=os.path.join(folder, "network")), f)
        for name in ("probs.npy", "trials.csv"):
            shutil.copy(os.path.join(self.a, name), self.b)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def edit_summary(self, change):
        path = os.path.join(self.b, "analysis", "summary.json")
        with open(path) as f:
            s = json.load(f)
        change(s)
        with open(path, "w") as f:
            json.dump(s, f, indent=2)  # different layout, same values unless `change` alters them

    def test_a_folder_equals_itself_and_its_copy(self):
        self.assertEqual(run(self.a, self.a)[0], 0)
        code, out = run(self.a, self.b)
        self.assertEqual(code, 0, out)
        self.assertIn("identical", out)

    def test_paths_elsewhere_still_differ(self):
        self.edit_summary(lambda s: s.update(run="/elsewhere/network"))
        code, out = run(self.a, self.b)
        self.assertEqual(code, 1)
        self.assertIn("analysis/summary.json: run:", out)

    def test_summary_layout_and_integer_spelling_do_not_matter(self):
        self.edit_summary(lambda s: s.update(n_trials=2.0))
        self.assertEqual(run(self.a, self.b)[0], 0)

    def test_times_are_ignored(self):
        def change(s):
            s["stage_seconds"].update(train=9.0)
            s.update(distill_seconds={"seeds": [7]}, timing_s={"pca": 3}, rnn_steps_per_s=2e6)
            s["table"][1].update(ours=[7], verdict="slow")
        self.edit_summary(change)
        self.assertEqual(run(self.a, self.b)[0], 0)
        self.edit_summary(lambda s: s["table"][0].update(ours=[0.5]))
        code, out = run(self.a, self.b)
        self.assertIn("table[0].ours[0]", out)

    def test_wall_time_csv_column_is_ignored_but_others_are_not(self):
        for folder, wall in ((self.a, "1.5"), (self.b, "2.25")):
            with open(os.path.join(folder, "train_log.csv"), "w") as f:
                f.write(f"step,loss,wall_seconds\n1,0.5,{wall}\n")
        self.assertEqual(run(self.a, self.b)[0], 0)
        with open(os.path.join(self.b, "train_log.csv"), "w") as f:
            f.write("step,loss,wall_seconds\n1,0.25,2.25\n")
        code, out = run(self.a, self.b)
        self.assertEqual(code, 1)
        self.assertIn("train_log.csv: bytes differ", out)

    def test_changed_summary_value_is_reported_with_its_key(self):
        self.edit_summary(lambda s: s["seeds"][1].__setitem__(0, 2.0000000001))
        code, out = run(self.a, self.b)
        self.assertEqual(code, 1)
        self.assertIn("analysis/summary.json: seeds[1][0]", out)

    def test_missing_summary_key_is_reported(self):
        self.edit_summary(lambda s: s.pop("accuracy"))
        code, out = run(self.a, self.b)
        self.assertEqual(code, 1)
        self.assertIn("accuracy: missing in AFTER", out)

    def test_user_ignore_key(self):
        self.edit_summary(lambda s: s.update(accuracy=0.5))
        self.assertEqual(run(self.a, self.b)[0], 1)
        self.assertEqual(run(self.a, self.b, "--ignore-key", "accuracy")[0], 0)

    def test_changed_array_is_reported(self):
        np.save(os.path.join(self.b, "probs.npy"), np.array([[0.25, 0.75], [np.nan, 0.5 + 1e-15]]))
        code, out = run(self.a, self.b)
        self.assertEqual(code, 1)
        self.assertIn("probs.npy: arrays differ (1 of 4 values differ", out)

    def test_changed_csv_byte_is_reported(self):
        with open(os.path.join(self.b, "trials.csv"), "w") as f:
            f.write("session,choice\n0,1\n0,1\n")
        code, out = run(self.a, self.b)
        self.assertEqual(code, 1)
        self.assertIn("trials.csv: bytes differ", out)

    def test_file_on_one_side_is_reported(self):
        os.remove(os.path.join(self.b, "trials.csv"))
        code, out = run(self.a, self.b)
        self.assertEqual(code, 1)
        self.assertIn("trials.csv: only in BEFORE", out)
        code, out = run(self.b, self.a)
        self.assertIn("trials.csv: only in AFTER", out)

    def test_missing_folder_is_a_usage_error(self):
        code, out = run(self.a, os.path.join(self.tmp, "nope"))
        self.assertEqual(code, 2)
        self.assertIn("AFTER must be a folder", out)


if __name__ == "__main__":
    unittest.main()
