#!/usr/bin/env python3
"""Markdown of bench/calibrate-gap.sh's calibration.tsv: per gap, source-only and oracle target mIoU (mean +- sample
std over seeds) and their ratio (mean of the per-seed ratios).  usage: bench/gap-table.py CALIBRATION.tsv [EXTRA.tsv ...]"""
import statistics
import sys
from collections import defaultdict

runs = defaultdict(dict)  # (gap, seed) -> row -> mIoU
for path in sys.argv[1:]:
    with open(path) as f:
        next(f)
        for line in f:
            gap, seed, row, miou = line.split()
            runs[(float(gap), int(seed))][row] = float(miou)


def cell(v):
    return "%.1f" % v[0] if len(v) == 1 else "%.1f ± %.1f" % (statistics.mean(v), statistics.stdev(v))


def ratio(v):
    return "%.2f" % v[0] if len(v) == 1 else "%.2f ± %.2f" % (statistics.mean(v), statistics.stdev(v))


print("| gap G | seeds | source-only | oracle | source-only / oracle |")
print("|---:|---:|---:|---:|---:|")
for gap in sorted({g for g, _ in runs}):
    seeds = sorted(s for g, s in runs if g == gap and {"source-only", "oracle"} <= runs[(g, s)].keys())
    if not seeds:
        continue  # a gap whose runs did not finish
    so = [runs[(gap, s)]["source-only"] for s in seeds]
    orc = [runs[(gap, s)]["oracle"] for s in seeds]
    print("| %.2g | %d | %s | %s | %s |" % (gap, len(seeds), cell(so), cell(orc), ratio([a / b for a, b in zip(so, orc)])))
