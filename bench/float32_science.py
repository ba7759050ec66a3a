#!/usr/bin/env python3
"""The float64 / float32 comparison of bench/float32_science.sh (bench/README.md, "Float32
training"), from two `iblrnn reproduce` folders: each seed's accuracy, training time and claim
measures (DIR/seeds/summary.csv), summarised as mean and sample standard deviation over the
seeds, with the difference of the means against its standard error
sqrt(sd64² / n64 + sd32² / n32) (a difference beyond two standard errors is marked) and the
largest difference between the two networks of one seed. Then each
claim of SPEC §8 counted over the seeds per definition (DIR/summary.json, `claims`), and the
failed seeds.
Usage: float32_science.py FLOAT64_DIR FLOAT32_DIR [WALL_MS_FILE]"""
import csv
import json
import math
import sys


def seed_rows(folder):
    with open(f"{folder}/seeds/summary.csv", newline="") as f:
        return [r for r in csv.DictReader(f) if r["state"] == "complete"]


def numeric(rows, key):
    out = []
    for r in rows:
        v = r.get(key, "")
        if v in ("", "nan"):
            continue
        if v in ("true", "false"):
            out.append(1.0 if v == "true" else 0.0)
            continue
        try:
            out.append(float(v))
        except ValueError:
            pass
    return out


def mean_sd(xs):
    if not xs:
        return math.nan, math.nan
    m = sum(xs) / len(xs)
    sd = math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1)) if len(xs) > 1 else math.nan
    return m, sd


def main():
    a, b = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 3:
        print("wall time of the whole study (ms):")
        for line in open(sys.argv[3]):
            print("  " + line.strip())
    ra, rb = seed_rows(a), seed_rows(b)
    print(f"\ncomplete seeds: float64 {len(ra)}, float32 {len(rb)}")
    keys = ["accuracy", "eval.timeout_rate", "eval.mean_n_obs", "train.last_log.loss"]
    keys += [k for k in (ra[0].keys() if ra else []) if k.startswith("measure.")]
    print(f"\n{'quantity':44s} {'float64 mean (sd)':>22s} {'float32 mean (sd)':>22s} {'diff / se':>10s}"
          f" {'max |seed diff|':>16s}")
    by_seed_a, by_seed_b = {r["seed"]: r for r in ra}, {r["seed"]: r for r in rb}
    common = sorted(set(by_seed_a) & set(by_seed_b), key=int)
    n_beyond = 0
    for k in keys:
        xa, xb = numeric(ra, k), numeric(rb, k)
        if not xa or not xb:
            continue
        (ma, sa), (mb, sb) = mean_sd(xa), mean_sd(xb)
        se = math.sqrt((sa ** 2 if sa == sa else 0) / len(xa) + (sb ** 2 if sb == sb else 0) / len(xb))
        z = (mb - ma) / se if se > 0 else (0.0 if mb == ma else math.inf)
        mark = " beyond" if abs(z) > 2 else ""
        n_beyond += abs(z) > 2
        # The same seed trained both ways: how far apart its two networks' values are.
        diffs = [abs(pb[0] - pa[0]) for s in common
                 for pa, pb in [(numeric([by_seed_a[s]], k), numeric([by_seed_b[s]], k))] if pa and pb]
        paired = f"{max(diffs):16.3g}" if diffs else f"{'—':>16s}"
        print(f"{k:44s} {ma:12.4g} ({sa:7.2g}) {mb:12.4g} ({sb:7.2g}) {z:10.2f} {paired}{mark}")
    print(f"\nquantities whose means differ by more than two standard errors: {n_beyond}")
    sa, sb = json.load(open(f"{a}/summary.json")), json.load(open(f"{b}/summary.json"))
    print(f"\n{'claim':8s} {'definition':24s} {'float64':>10s} {'float32':>10s}")
    cb = {c["id"]: {k["definition"]: k["fraction"] for k in c["counts"]} for c in sb["claims"]}
    for c in sa["claims"]:
        for k in c["counts"]:
            other = cb.get(c["id"], {}).get(k["definition"], "—")
            flag = "" if other == k["fraction"] else "  differs"
            print(f"{c['id']:8s} {k['definition'] or '-':24s} {k['fraction']:>10s} {other:>10s}{flag}")
    for name, s in (("float64", sa), ("float32", sb)):
        failed = s.get("failed_seeds", [])
        print(f"failed seeds, {name}: " + (", ".join(f"{f['seed']} ({f['reason']})" for f in failed) or "none"))


if __name__ == "__main__":
    main()
