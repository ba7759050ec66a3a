#!/usr/bin/env python3
"""Builds data/mice-may2020/, the compact mouse reference that `iblrnn reproduce` shows
beside the agents when no --mouse-data is given (docs/behavior.md, "Mouse reference").

It runs `iblrnn behavior` on the IBL May 2020 export (44 mice, ~1.0 M trials; CC-BY 4.0,
International Brain Laboratory) with the default [behavior] settings and keeps only
aggregates: every curve pooled over the mice (means, SEMs and counts per point), the pooled
summary, and the per-mouse psychometric fits and parameter table. No trial is copied.

Usage: scripts/make_mouse_reference.py [IBLRNN_BINARY] [DATA_DIR] [OUT_DIR]
(defaults: build/release/iblrnn, ../shared/data/ibl-mouse-may2020, data/mice-may2020)
"""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PER_MOUSE = {"psychometric_fits.csv", "psychometric_table.csv"}  # keep every subject's row
CREDIT = """# Mouse reference (IBL May 2020 export)

Aggregated behaviour of 44 mice (about 1.0 M trials) from the International Brain
Laboratory's May 2020 behavioural data export, licensed CC-BY 4.0: The International Brain
Laboratory et al., "Standardized and reproducible measurement of decision-making in mice",
eLife 2021. Computed by `scripts/make_mouse_reference.py` with `iblrnn behavior` (default
[behavior] settings); only pooled curves (mean, SEM, n per point), the pooled summary and the
per-mouse psychometric fits are kept, no trial. `iblrnn reproduce` appends these files to its
behaviour outputs when no `--mouse-data` is given (docs/behavior.md, "Mouse reference").
"""


def pooled_csv(text, keep_subjects):
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    s = header.index("subject")
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    for r in body:
        if keep_subjects or r[s] == "":
            w.writerow(r)
    return out.getvalue()


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build/release/iblrnn")
    data = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "../shared/data/ibl-mouse-may2020")
    out = sys.argv[3] if len(sys.argv) > 3 else os.path.join(ROOT, "data/mice-may2020")
    with tempfile.TemporaryDirectory() as tmp:
        b = os.path.join(tmp, "b")
        subprocess.run([binary, "behavior", data, "--label", "mice", "--out", b], check=True,
                       stdout=subprocess.DEVNULL)
        staged = os.path.join(tmp, "ref")
        os.makedirs(staged)
        for name in sorted(os.listdir(b)):
            src = os.path.join(b, name)
            text = open(src).read()
            if name.endswith(".csv"):
                text = pooled_csv(text, name in PER_MOUSE)
            elif name.endswith(".json"):
                j = json.loads(text)
                for entry in j.get("inputs", []):
                    entry.pop("subjects", None)
                text = json.dumps(j, indent=1, sort_keys=True) + "\n"
            else:
                continue  # config.toml and the output marker
            open(os.path.join(staged, name), "w").write(text)
        open(os.path.join(staged, "README.md"), "w").write(CREDIT)
        if os.path.exists(out):
            shutil.rmtree(out)
        shutil.copytree(staged, out)
    print(out)


if __name__ == "__main__":
    main()
