"""docs/python.md: the tutorial runs, and the reference matches the docstrings."""
import os
import pathlib
import re
import subprocess
import sys

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "python.md"


def test_tutorial_runs_and_draws_both_figures(tmp_path):
    block = re.search(r"## Tutorial.*?```python\n(.*?)```", DOC.read_text(), re.S).group(1)
    r = subprocess.run([sys.executable, "-c", block], cwd=tmp_path, capture_output=True,
                       text=True, env=os.environ, timeout=600)
    assert r.returncode == 0, r.stderr
    png = tmp_path / "fig3c_fig5a.png"
    assert png.stat().st_size > 10_000


def test_environment_examples_run():
    blocks = re.findall(r"## The task as an environment.*?```python\n(.*?)```", DOC.read_text(), re.S)
    exec(compile("import numpy as np, iblrnn\n" + blocks[0], "docs/python.md", "exec"), {})


def test_reference_matches_the_docstrings():
    sys.path.insert(0, str(ROOT / "scripts"))
    import python_reference

    doc = DOC.read_text()
    section = doc.split(python_reference.START)[1].split(python_reference.END)[0]
    assert section.strip() == python_reference.reference().strip(), \
        "docs/python.md's reference is stale: run scripts/python_reference.py --write"
