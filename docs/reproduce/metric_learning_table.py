#!/usr/bin/env python3
"""The tables of docs/results.md's "SEC in metric learning" from the runs metric_learning.sh made.

python3 docs/reproduce/metric_learning_table.py runs/pilot36 [LOSS ...]

Reads RUN-eval/report.json (the encoder's features), RUN-head/report.json (the projection head's
output) and RUN/metrics.csv (the embedding norms over training) of every run named
LOSS-INIT-ARM-SEED; prints mean +- sample standard deviation over the seeds, and each arm's
difference from the same seed without a regularizer. Standard library only.
"""
import csv
import json
import os
import statistics
import sys

ARMS = ["none", "sec", "l2"]
INITS = ["random", "ssl"]
SEEDS = [42, 43, 44]
NAMES = {"none": "none", "sec": "SEC", "l2": "L2", "random": "random", "ssl": "SSL encoder"}
NORM_STEPS = [1, 100, 200, 300]


def report(path):
    if not os.path.exists(path):
        return None
    return json.load(open(path))["retrieval"]


def norm_variance(path):
    rows = {int(r["step"]): float(r["norm_var"]) for r in csv.DictReader(open(path))}
    return [rows.get(s, float("nan")) for s in NORM_STEPS]


def pm(values, scale=100.0, digits=2):
    values = [v * scale for v in values]
    if not values:
        return "n/a"
    if len(values) == 1:
        return f"{values[0]:.{digits}f} (1 seed)"
    return f"{statistics.mean(values):.{digits}f} ± {statistics.stdev(values):.{digits}f}"


def main(root, losses):
    for loss in losses:
        print(f"\n### {loss}\n")
        print("| start | regularizer | R@1 | R@2 | R@4 | R@8 | NMI | R@1 − none, paired"
              " | head R@1 | head NMI | head R@1 − none, paired"
              " | norm variance at steps " + ", ".join(map(str, NORM_STEPS)) + " |")
        print("|---|---|" + "---:|" * 10)
        for init in INITS:
            base = {}
            for arm in ARMS:
                enc, head, var, seeds = [], [], [], []
                for seed in SEEDS:
                    run = os.path.join(root, f"{loss}-{init}-{arm}-{seed}")
                    e, h = report(run + "-eval/report.json"), report(run + "-head/report.json")
                    if e is None:
                        continue
                    seeds.append(seed)
                    enc.append(e)
                    head.append(h)
                    var.append(norm_variance(os.path.join(run, "metrics.csv")))
                if not enc:
                    continue
                if arm == "none":
                    base = {s: (e, h) for s, e, h in zip(seeds, enc, head)}
                diff = [e["recall"][0] - base[s][0]["recall"][0]
                        for s, e in zip(seeds, enc) if arm != "none" and s in base]
                hs = [h for h in head if h is not None]
                hdiff = [h["recall"][0] - base[s][1]["recall"][0]
                         for s, h in zip(seeds, head)
                         if arm != "none" and h is not None and s in base and base[s][1]]
                curve = " / ".join(
                    f"{statistics.mean(v[i] for v in var):.3g}" for i in range(len(NORM_STEPS)))
                print(f"| {NAMES[init]} | {NAMES[arm]} ({len(enc)} seeds) | "
                      + " | ".join(pm([e["recall"][k] for e in enc]) for k in range(4))
                      + f" | {pm([e['nmi'] for e in enc])} | {pm(diff) if diff else ''}"
                      + f" | {pm([h['recall'][0] for h in hs])} | {pm([h['nmi'] for h in hs])}"
                      + f" | {pm(hdiff) if hdiff else ''} | {curve} |")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:] or ["triplet", "npair", "ms"])
