#!/usr/bin/env python3
"""The SupCon table of docs/results.md from the runs of its commands.

python3 docs/reproduce/supcon_table.py runs/supcon

Reads ARM-SEED-eval/report.json (linear probe and kNN top-1) and ARM-SEED/metrics.csv (the norm
variance of the projections) for ARM none, sec0.1 and sec, seeds 42-44; prints mean +- sample
standard deviation and the paired difference from none. A run without an encoder export stopped
before its end (SphereCLR stops when the loss becomes NaN): counted as such. Standard library only.
"""
import csv
import json
import os
import statistics
import sys

SEEDS = [42, 43, 44]
ARMS = [("none", "without SEC"), ("sec0.1", "SEC, weight 0.1"), ("sec", "SEC, weight 1")]


def pm(values):
    if not values:
        return "n/a"
    if len(values) < 2:
        return f"{values[0]:.2f} (1 seed)"
    return f"{statistics.mean(values):.2f} ± {statistics.stdev(values):.2f}"


def arm(root, name):
    linear, knn, var, stopped = {}, {}, {}, []
    for seed in SEEDS:
        run = os.path.join(root, f"{name}-{seed}")
        if not os.path.isdir(run):
            continue
        if not os.path.isdir(os.path.join(run, "encoder")):
            stopped.append(seed)
            continue
        r = json.load(open(os.path.join(root, f"{name}-{seed}-eval", "report.json")))
        linear[seed], knn[seed] = 100 * r["top1"], 100 * r["knnTop1"]
        var[seed] = float(list(csv.DictReader(open(os.path.join(run, "metrics.csv"))))[-1]["norm_var"])
    return linear, knn, var, stopped


def main(root):
    print("| SupCon | seeds trained to the end | linear top-1 | kNN top-1 |"
          " norm variance, last step | linear − none, paired | kNN − none, paired |")
    print("|---|---|---:|---:|---:|---:|---:|")
    base = None
    for name, title in ARMS:
        linear, knn, var, stopped = arm(root, name)
        if not linear and not stopped:
            continue
        done = ", ".join(map(str, linear)) + (
            f" (the loss NaN in {', '.join(map(str, stopped))})" if stopped else "")
        paired = " | "
        if base is not None and name != "none":
            common = [s for s in linear if s in base[0]]
            paired = (f"{pm([linear[s] - base[0][s] for s in common])} |"
                      f" {pm([knn[s] - base[1][s] for s in common])}")
        else:
            base = (linear, knn)
        print(f"| {title} | {done} | {pm(list(linear.values()))} | {pm(list(knn.values()))} |"
              f" {pm(list(var.values()))} | {paired} |")


if __name__ == "__main__":
    main(sys.argv[1])
