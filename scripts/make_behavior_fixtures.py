#!/usr/bin/python3
"""Writes the ALF trials fixture of the behaviour tests (tests/data/behavior/alf_session/alf).

Six trials in IBL's ALF form (file names with the "_ibl_" namespace, as IBL sessions have):
choice uses ALF's sign (+1 = leftward response, -1 = rightward, 0 = no-go); the stimulus side
is whichever of contrastLeft / contrastRight is not NaN; reaction time = response_times -
stimOn_times. Run from the repository root:  /usr/bin/python3 scripts/make_behavior_fixtures.py
The expected table (our sign: -1 = left) is written out by hand in tests/behavior/test_readers.cpp.
"""
import os

import numpy as np

nan = np.nan
out = os.path.join("tests", "data", "behavior", "alf_session", "alf")
os.makedirs(out, exist_ok=True)
arrays = {
    "choice": [1, -1, -1, 0, 1, -1],                     # ours: -1, +1, +1, 0, -1, +1
    "contrastLeft": [1.0, nan, 0.0, nan, 0.25, nan],      # stimulus left on trials 0, 2, 4
    "contrastRight": [nan, 0.5, nan, 0.0, nan, 0.0],
    "feedbackType": [1, 1, -1, -1, 1, 1],                 # correct: yes yes no no(no-go) yes yes
    "probabilityLeft": [0.5, 0.5, 0.8, 0.8, 0.2, 0.2],
    "stimOn_times": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0],
    "response_times": [10.4, 20.3, 30.5, 100.0, 50.2, nan],  # last RT missing
    "goCue_times": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0],     # ignored by the reader
}
for name, values in arrays.items():
    np.save(os.path.join(out, "_ibl_trials.%s.npy" % name), np.asarray(values, dtype=np.float64))
print("wrote", out)
