#!/usr/bin/python3
"""Generate golden ROC curves for io.scorewatch.stats.RocCurve from scikit-learn.

Run from the project root with Debian's python (numpy, scikit-learn), after
generate_credit_golden.py (whose ROC data sets this script reads):

    /usr/bin/python3 src/test/python/generate_roc_curve_golden.py

Reads src/test/resources/golden/credit/roc_cases.json (labels 0/1, 1 = default; higher score =
more likely default) and writes src/test/resources/golden/credit/roc_curves.json: for each data
set and each of its score columns (scores, scores2 with the same labels; scores_b with labels_b),
sklearn.metrics.roc_curve(labels, scores, drop_intermediate=False): every vertex (fpr, tpr) and
its threshold, plus roc_auc_score. A curve names its data set (case) and the columns it
reads (labels_column, scores_column) rather than repeating them.

Conventions shared with the Java code (keep them in sync):
  * The first vertex is (0, 0). scikit-learn before 1.3 gives it the threshold max(score) + 1,
    from 1.3 on inf; the Java code answers +Infinity, so the first threshold is written as null
    and not compared.
  * One vertex per distinct score, highest first; the last is (1, 1).

The script is deterministic: a second run writes an identical file.
"""

import json
import os
import sys

import numpy as np
import sklearn
from sklearn.metrics import roc_auc_score, roc_curve

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
DIR = os.path.join(ROOT, "src", "test", "resources", "golden", "credit")


def curve(case, labels_column, scores_column):
    labels, scores = case[labels_column], case[scores_column]
    fpr, tpr, thresholds = roc_curve(labels, scores, drop_intermediate=False)
    return {"name": case["name"] + "/" + scores_column, "case": case["name"],
            "labels_column": labels_column, "scores_column": scores_column,
            "fpr": [float(x) for x in fpr], "tpr": [float(x) for x in tpr],
            "thresholds": [None] + [float(x) for x in thresholds[1:]],
            "auc_sklearn": float(roc_auc_score(labels, scores))}


def main():
    with open(os.path.join(DIR, "roc_cases.json")) as f:
        cases = json.load(f)["cases"]
    curves = []
    for case in cases:
        curves.append(curve(case, "labels", "scores"))
        curves.append(curve(case, "labels", "scores2"))
        curves.append(curve(case, "labels_b", "scores_b"))
    payload = {"generated_by": "src/test/python/generate_roc_curve_golden.py",
               "versions": {"numpy": np.__version__, "sklearn": sklearn.__version__},
               "curves": curves}
    path = os.path.join(DIR, "roc_curves.json")
    with open(path, "w") as f:
        json.dump(payload, f, indent=None, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print("wrote", os.path.relpath(path, ROOT), os.path.getsize(path), "bytes")


if __name__ == "__main__":
    sys.exit(main())
