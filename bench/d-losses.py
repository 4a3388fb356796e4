#!/usr/bin/env python3
"""Discriminator losses of CaDA runs made by `reproduce`: mean of the first and last 10 iterations, per run kind over seeds.

usage: bench/d-losses.py RUNS_DIR   (the --out of reproduce; reads seed-*/cada-*/metrics.csv)
"""
import csv, glob, os, re, statistics, sys

def window(rows, key, last):
    vals = [float(r[key]) for r in rows if r.get(key) not in (None, "")]
    part = vals[-10:] if last else vals[:10]
    return statistics.mean(part) if part else None

runs = {}
for f in sorted(glob.glob(os.path.join(sys.argv[1], "seed-*", "cada-*", "metrics.csv"))):
    kind = re.sub(r"-from-[^/]*", "-from-…", os.path.basename(os.path.dirname(f)))
    with open(f) as fh:
        rows = list(csv.DictReader(fh))
    if not rows:
        continue
    for key in [k for k in rows[0] if k.startswith("L_D")]:
        runs.setdefault(kind, {}).setdefault(key, []).append((window(rows, key, False), window(rows, key, True)))

print("| run | loss | first 10 it. | last 10 it. | seeds |")
print("|---|---|---:|---:|---:|")
for kind, losses in runs.items():
    for key, pairs in losses.items():
        a = [p[0] for p in pairs if p[0] is not None]
        b = [p[1] for p in pairs if p[1] is not None]
        print(f"| {kind} | {key} | {statistics.mean(a):.3f} | {statistics.mean(b):.3f} | {len(pairs)} |")
