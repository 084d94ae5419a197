#!/usr/bin/env python3
"""The SupCon table of docs/results.md from the runs of its commands.

python3 docs/reproduce/supcon_table.py runs/supcon

Reads ARM-SEED-eval/report.json (linear probe and kNN top-1) and ARM-SEED/metrics.csv (the norm
variance of the projections) for ARM none and sec, seeds 42-44; prints mean +- sample standard
deviation and the paired difference. Standard library only.
"""
import csv
import json
import os
import statistics
import sys


def pm(values):
    if len(values) < 2:
        return " / ".join(f"{v:.2f}" for v in values) + f" ({len(values)} seeds)"
    return f"{statistics.mean(values):.2f} ± {statistics.stdev(values):.2f}"


def main(root):
    seeds = [42, 43, 44]
    rows = {}
    for arm in ["none", "sec"]:
        linear, knn, var = {}, {}, {}
        for seed in seeds:
            report = os.path.join(root, f"{arm}-{seed}-eval", "report.json")
            if not os.path.exists(report):
                continue
            r = json.load(open(report))
            linear[seed], knn[seed] = 100 * r["top1"], 100 * r["knnTop1"]
            metrics = list(csv.DictReader(open(os.path.join(root, f"{arm}-{seed}", "metrics.csv"))))
            var[seed] = float(metrics[-1]["norm_var"])
        rows[arm] = (linear, knn, var)
    print("| SupCon | linear top-1 | kNN top-1 | norm variance, last step |"
          " linear − none, paired | kNN − none, paired |")
    print("|---|---:|---:|---:|---:|---:|")
    for arm, name in [("none", "without SEC"), ("sec", "with SEC")]:
        linear, knn, var = rows[arm]
        paired = ""
        if arm == "sec":
            base_l, base_k, _ = rows["none"]
            common = [s for s in linear if s in base_l]
            paired = (f" {pm([linear[s] - base_l[s] for s in common])} |"
                      f" {pm([knn[s] - base_k[s] for s in common])} |")
        else:
            paired = " | |"
        print(f"| {name} | {pm(list(linear.values()))} | {pm(list(knn.values()))} |"
              f" {pm(list(var.values()))} |{paired}")


if __name__ == "__main__":
    main(sys.argv[1])
