"""Ctrl-C during a long call: KeyboardInterrupt, the GIL released meanwhile, nothing half-written."""
import json
import os
import signal
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import signal, sys, threading, time, iblrnn
    # Python leaves SIGINT ignored when it starts ignored (a background job of a
    # non-interactive shell): restore Ctrl-C's KeyboardInterrupt, as in a terminal.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    ticks = []
    def ticker():  # runs only if train() released the GIL
        while True:
            ticks.append(time.time()); time.sleep(0.01)
    threading.Thread(target=ticker, daemon=True).start()
    print("ready", flush=True)
    try:
        iblrnn.train(seed=1, out=sys.argv[1], progress=None,
                     **{"train.n_steps": 100000, "train.checkpoint_every": 0, "network.n_hidden": 20})
    except KeyboardInterrupt:
        print("interrupted", len(ticks) > 10, flush=True)
""")


def test_ctrl_c_stops_train_with_keyboard_interrupt(tmp_path):
    out = tmp_path / "run"
    # -X faulthandler: a crash in the interrupted call prints its stack instead of nothing.
    proc = subprocess.Popen([sys.executable, "-X", "faulthandler", "-c", SCRIPT, str(out)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=os.environ)
    assert proc.stdout.readline().strip() == "ready"
    import time
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert "interrupted True" in stdout, "exit status %s, stdout %r, stderr %r" % (proc.returncode, stdout, stderr)
    # Only complete files: no staging leftovers, no summary of an unfinished run, and a
    # complete checkpoint that `iblrnn train --resume` continues from.
    names = sorted(str(p.relative_to(out)) for p in out.rglob("*"))
    assert not any(".tmp" in n for n in names), names
    assert "summary.json" not in names, names
    state = json.loads((out / "checkpoint" / "state.json").read_text())
    assert state["step"] >= 0


DISTILL_SCRIPT = textwrap.dedent("""
    import signal, sys, iblrnn
    signal.signal(signal.SIGINT, signal.default_int_handler)
    net = iblrnn.train(seed=1, **{"train.n_steps": 3, "network.n_hidden": 8})
    recording = net.evaluate(blocks=10)
    print("ready", flush=True)
    try:
        iblrnn.distill(recording, out=sys.argv[1],
                       **{"distill.conventional_steps": 10000000, "distill.task_trained": False})
    except KeyboardInterrupt:
        print("interrupted", flush=True)
""")


def test_ctrl_c_stops_distill_with_keyboard_interrupt_and_writes_nothing(tmp_path):
    out = tmp_path / "distill"
    scratch = tmp_path / "scratch"  # the process's temporary folders (TMPDIR)
    scratch.mkdir()
    proc = subprocess.Popen([sys.executable, "-X", "faulthandler", "-c", DISTILL_SCRIPT, str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, TMPDIR=str(scratch)), cwd=tmp_path)
    assert proc.stdout.readline().strip() == "ready"
    import time
    time.sleep(2.0)  # inside the conventional distillation's 10 million steps
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert "interrupted" in stdout, "exit status %s, stdout %r, stderr %r" % (proc.returncode, stdout, stderr)
    # Nothing under the output's name, no staging folder beside it, no temporary folder left.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scratch"], list(tmp_path.iterdir())
    assert list(scratch.iterdir()) == [], list(scratch.iterdir())
