#!/usr/bin/python3
"""Regression check: compare two iblrnn output folders (run, study or stage folders).

    scripts/compare_outputs.py BEFORE AFTER [--ignore-key PATTERN ...] [--quiet]

Every file under either folder is paired by its relative path:
  - `summary.json` files (any `*.json`): parsed and compared value by value; numbers are equal
    when they are the same double (NaN equals NaN), so 1 and 1.0 match. Keys that hold
    wall-clock times (`*seconds*`, `timing_s`, `*_per_s`, `elapsed*`, and any --ignore-key glob,
    matched against the key or its dotted path, e.g. `table[3].ours`) are skipped, and so are
    objects whose "key" member names a time (the `distill_seconds` row of the table). Paths
    inside the folders compare equal: each folder's absolute path is replaced by <DIR>.
  - `.npy` files: equal when byte-identical; otherwise the report gives dtype, shape and the
    largest absolute difference (via NumPy) to help find the cause.
  - `.csv` files: byte-identical; when they are not and the header has wall-time columns
    (names matching the time globs, e.g. `wall_seconds` in train_log.csv), they are compared
    again with those columns left out.
  - every other file (`.toml`, weights, ...) must be byte-identical, except the files that
    carry timings or build stamps by design (`report.html`, `*.log`).
A file present on one side only is a difference.

Exit status: 0 identical, 1 different (each difference is listed), 2 bad arguments.
Uses only the Python standard library and NumPy.
"""
import argparse
import fnmatch
import json
import math
import os
import sys

# Files whose content depends on wall time or on the machine by design: compared for presence only.
PRESENCE_ONLY = ["report.html", "*.log"]
# Summary keys and CSV columns (globs over the name or the dotted path) that hold wall-clock
# times or rates derived from them.
TIME_KEYS = ["*seconds*", "elapsed*", "timing_s", "*_per_s"]


def list_files(root):
    out = set()
    for dirpath, _, names in os.walk(root):
        for name in names:
            out.add(os.path.relpath(os.path.join(dirpath, name), root))
    return out


def matches(path, patterns):
    base = os.path.basename(path)
    return any(fnmatch.fnmatch(base, p) or fnmatch.fnmatch(path, p) for p in patterns)


def ignored_key(dotted, patterns):
    leaf = dotted.rsplit(".", 1)[-1]
    return any(fnmatch.fnmatch(dotted, p) or fnmatch.fnmatch(leaf, p) for p in patterns)


def numbers_equal(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    fa, fb = float(a), float(b)
    if math.isnan(fa) and math.isnan(fb):
        return True
    return fa == fb


def compare_json(a, b, where, patterns, diffs, roots=("", "")):
    """Appends one line per differing value between JSON values a and b at dotted path `where`.
    Strings are compared with each folder's own absolute path replaced by <DIR>."""
    if where and ignored_key(where, patterns):
        return
    number = (int, float)
    if isinstance(a, number) and isinstance(b, number) and not isinstance(a, bool) and not isinstance(b, bool):
        if not numbers_equal(a, b):
            diffs.append(f"{where}: {a!r} != {b!r}")
        return
    if isinstance(a, dict) and isinstance(b, dict):
        # A row of the reproduction table whose key is a time (e.g. distill_seconds).
        if isinstance(a.get("key"), str) and a.get("key") == b.get("key") and ignored_key(a["key"], patterns):
            return
        for k in sorted(set(a) | set(b)):
            sub = f"{where}.{k}" if where else k
            if ignored_key(sub, patterns):
                continue
            if k not in a:
                diffs.append(f"{sub}: missing in BEFORE")
            elif k not in b:
                diffs.append(f"{sub}: missing in AFTER")
            else:
                compare_json(a[k], b[k], sub, patterns, diffs, roots)
        return
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            diffs.append(f"{where}: list length {len(a)} != {len(b)}")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            compare_json(x, y, f"{where}[{i}]", patterns, diffs, roots)
        return
    if isinstance(a, str) and isinstance(b, str) and all(roots):
        if a.replace(roots[0], "<DIR>") == b.replace(roots[1], "<DIR>"):
            return
    if type(a) is not type(b) or a != b:
        diffs.append(f"{where}: {a!r} != {b!r}")


def csv_without_time_columns(data, patterns):
    """The CSV text with the columns whose header matches `patterns` removed, or None if none."""
    lines = data.decode("utf-8", errors="replace").split("\n")
    header = lines[0].split(",")
    keep = [i for i, name in enumerate(header) if not ignored_key(name.strip(), patterns)]
    if len(keep) == len(header):
        return None
    return "\n".join(",".join(c for i, c in enumerate(line.split(",")) if i in keep) for line in lines)


def describe_npy(pa, pb):
    """A one-line hint on how two .npy files differ (they are known not to be byte-identical)."""
    try:
        import numpy as np
        x, y = np.load(pa, allow_pickle=False), np.load(pb, allow_pickle=False)
    except Exception as e:  # noqa: BLE001 - unreadable arrays are themselves worth reporting
        return f"unreadable ({e})"
    if x.dtype != y.dtype or x.shape != y.shape:
        return f"dtype/shape {x.dtype}{x.shape} != {y.dtype}{y.shape}"
    if x.size == 0:
        return "same values, different header"
    xf, yf = x.astype(np.float64), y.astype(np.float64)
    both_nan = np.isnan(xf) & np.isnan(yf)
    delta = np.where(both_nan, 0.0, np.abs(xf - yf))
    n = int(np.count_nonzero(delta != 0))
    return f"{n} of {x.size} values differ, max |diff| {float(np.nanmax(delta)):.3g}"


def compare_folders(before, after, patterns):
    """Returns the list of differences (strings) between two folders."""
    diffs = []
    fa, fb = list_files(before), list_files(after)
    for rel in sorted(fa - fb):
        diffs.append(f"{rel}: only in BEFORE")
    for rel in sorted(fb - fa):
        diffs.append(f"{rel}: only in AFTER")
    for rel in sorted(fa & fb):
        pa, pb = os.path.join(before, rel), os.path.join(after, rel)
        if matches(rel, PRESENCE_ONLY):
            continue
        if rel.endswith(".json"):
            try:
                with open(pa) as f:
                    ja = json.load(f)
                with open(pb) as f:
                    jb = json.load(f)
            except (OSError, ValueError) as e:
                diffs.append(f"{rel}: unreadable JSON ({e})")
                continue
            sub = []
            compare_json(ja, jb, "", patterns, sub, (os.path.abspath(before), os.path.abspath(after)))
            diffs.extend(f"{rel}: {d}" for d in sub)
            continue
        with open(pa, "rb") as f:
            ba = f.read()
        with open(pb, "rb") as f:
            bb = f.read()
        if ba == bb:
            continue
        if rel.endswith(".csv"):
            ca, cb = csv_without_time_columns(ba, patterns), csv_without_time_columns(bb, patterns)
            if ca is not None and ca == cb:
                continue
        if rel.endswith(".npy"):
            diffs.append(f"{rel}: arrays differ ({describe_npy(pa, pb)})")
        else:
            diffs.append(f"{rel}: bytes differ ({len(ba)} vs {len(bb)} bytes)")
    return diffs


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--ignore-key", action="append", default=[],
                        help="glob over dotted summary keys to skip (repeatable)")
    parser.add_argument("--quiet", action="store_true", help="print only the verdict")
    args = parser.parse_args(argv)
    for name, path in (("BEFORE", args.before), ("AFTER", args.after)):
        if not os.path.isdir(path):
            print(f"compare_outputs: {name} must be a folder, got {path}", file=sys.stderr)
            return 2
    diffs = compare_folders(args.before, args.after, TIME_KEYS + args.ignore_key)
    n_files = len(list_files(args.before) | list_files(args.after))
    if not diffs:
        print(f"identical: {n_files} files")
        return 0
    if not args.quiet:
        for d in diffs:
            print(d)
    print(f"different: {len(diffs)} differences over {n_files} files")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
