#!/usr/bin/env python3
"""A second opinion on the fast linear probe: scikit-learn's logistic regression, fitted to
convergence, on the features `eval` cached (docs/results-log.md, "Evaluating at 96 px").

/usr/bin/python3 docs/reproduce/sklearn_probe.py CACHE...          one size each
/usr/bin/python3 docs/reproduce/sklearn_probe.py --mix CACHE...    the sizes' features averaged, and concatenated

Each CACHE is the --cache folder of one `eval` run: the training split's feature file and the test
split's (the larger is the training split). The file layout is FeatureCache's (version 2): five
big-endian ints (magic, version, rows, dimension, classes), the labels, the features, then the
SHA-256 of all before it, checked here. Needs Debian's python3-sklearn.
"""
import glob
import hashlib
import os
import struct
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

MAGIC, VERSION = 0x53434C46, 2


def read(path):
    data = open(path, "rb").read()
    body, digest = data[:-32], data[-32:]
    if hashlib.sha256(body).digest() != digest:
        sys.exit(f"{path}: its SHA-256 does not match (damaged)")
    magic, version, n, d, _ = struct.unpack(">5i", body[:20])
    if (magic, version) != (MAGIC, VERSION):
        sys.exit(f"{path}: not a version-{VERSION} feature file")
    labels = np.frombuffer(body[20 : 20 + 4 * n], dtype=">i4").astype(np.int64)
    features = np.frombuffer(body[20 + 4 * n :], dtype=">f4").astype(np.float32)
    return features.reshape(n, d), labels


def splits(cache):
    files = sorted((read(p) for p in glob.glob(os.path.join(cache, "*.features"))), key=lambda s: -len(s[1]))
    if len(files) != 2:
        sys.exit(f"{cache}: expected two feature files (training and test split), found {len(files)}")
    return files


def accuracy(train, test, c):
    scaler = StandardScaler().fit(train[0])
    model = LogisticRegression(C=c, max_iter=2000).fit(scaler.transform(train[0]), train[1])
    return 100 * float((model.predict(scaler.transform(test[0])) == test[1]).mean())


def main(args):
    if args and args[0] == "--mix":
        parts = [splits(c) for c in args[1:]]
        (train0, test0) = parts[0]
        for name, join in (("averaged", lambda xs: sum(xs) / len(xs)), ("concatenated", np.hstack)):
            train = (join([p[0][0] for p in parts]), train0[1])
            test = (join([p[1][0] for p in parts]), test0[1])
            print(f"{' + '.join(args[1:])}, {name}: top-1 {accuracy(train, test, 0.1):.2f}% (C 0.1)")
        return
    for cache in args:
        train, test = splits(cache)
        figures = ", ".join(f"C {c}: {accuracy(train, test, c):.2f}%" for c in (0.01, 0.1, 1.0))
        print(f"{cache}: top-1 {figures}")


if __name__ == "__main__":
    main(sys.argv[1:])
