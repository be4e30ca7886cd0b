#!/usr/bin/python3
"""Golden values of the performance estimation (io.scorewatch.stats: IsotonicRegression,
ExpectedCalibrationError, ConfidenceBasedEstimate).

Run with Debian's python (numpy, scikit-learn):

    /usr/bin/python3 src/test/python/generate_estimation_golden.py

Writes src/test/resources/golden/estimation/estimation.json. Fixed seed.

  * isotonic: sklearn.isotonic.IsotonicRegression(out_of_bounds='clip').fit(x, y).predict(queries)
  * ece: numpy, equal-width bins over [0, 1] (the last includes 1):
    sum(|sum(p in bin) - sum(y in bin)|) / n
  * cbpe: the expected confusion matrix at the threshold (decided positive: score >= threshold;
    tp += p, fp += 1 - p; else fn += p, tn += 1 - p), precision, recall, f1, cost = fn * 10 +
    fp * 1, and the expected ROC AUC: scores descending, distinct scores as steps, expected tpr =
    cumsum(p) / sum(p), fpr = cumsum(1 - p) / sum(1 - p), trapezoids from (0, 0); checked
    against sklearn.metrics.roc_auc_score with sample weights (each row counted once as a
    positive with weight p and once as a negative with weight 1 - p), which is the same number.
"""

import json
import os

import numpy as np
import sklearn
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import roc_auc_score

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
OUT = os.path.join(ROOT, "src", "test", "resources", "golden", "estimation")
THRESHOLD = 0.3282
COST_FN, COST_FP = 10.0, 1.0


def ece(p, y, bins=10):
    b = np.minimum(bins - 1, np.floor(p * bins).astype(int))
    total = 0.0
    for k in range(bins):
        m = b == k
        if m.any():
            total += abs(p[m].sum() - y[m].sum())
    return total / len(p)


def expected_auc(scores, p):
    order = np.argsort(-scores, kind="stable")
    s, q = scores[order], p[order]
    tp = np.cumsum(q)
    fp = np.cumsum(1 - q)
    last = np.r_[np.nonzero(np.diff(s))[0], len(s) - 1]
    tpr = np.r_[0, tp[last] / q.sum()]
    fpr = np.r_[0, fp[last] / (1 - q).sum()]
    area = float(np.sum((fpr[1:] - fpr[:-1]) * (tpr[1:] + tpr[:-1]) / 2))
    weighted = roc_auc_score(np.r_[np.ones(len(s)), np.zeros(len(s))], np.r_[scores, scores],
                             sample_weight=np.r_[p, 1 - p])
    assert abs(area - weighted) < 1e-12, (area, weighted)
    return area


def cbpe(scores, p):
    pos = scores >= THRESHOLD
    tp, fp = p[pos].sum(), (1 - p[pos]).sum()
    fn, tn = p[~pos].sum(), (1 - p[~pos]).sum()
    precision = tp / pos.sum()
    recall = tp / (tp + fn)
    f1 = 2 * tp / (2 * tp + fp + fn)
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision, "recall": recall, "f1": f1,
            "business_cost": fn * COST_FN + fp * COST_FP, "roc_auc": expected_auc(scores, p)}


def main():
    rng = np.random.default_rng(20261124)
    cases = []
    for name, n, distort in [("small", 40, 1.0), ("overconfident", 2000, 2.0), ("underconfident", 2000, 0.5),
                             ("ties", 1500, 1.0)]:
        true_p = rng.beta(1.2, 9.0, n)
        y = (rng.random(n) < true_p).astype(int)
        # the model's scores: a monotone distortion of the true probability
        scores = np.clip(true_p ** (1 / distort) if distort != 1.0 else true_p, 0, 1)
        if name == "ties":
            scores = np.round(scores, 2)
        iso = IsotonicRegression(out_of_bounds="clip").fit(scores, y)
        queries = np.r_[np.linspace(-0.1, 1.1, 25), scores[:25]]
        calibrated = iso.predict(scores)
        cases.append({
            "name": name,
            "scores": scores.tolist(),
            "labels": y.tolist(),
            "queries": queries.tolist(),
            "isotonic": iso.predict(queries).tolist(),
            "ece_raw": ece(scores, y),
            "ece_calibrated": ece(calibrated, y),
            "cbpe_raw": cbpe(scores, scores),
            "cbpe_calibrated": cbpe(scores, calibrated),
        })
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "estimation.json"), "w") as f:
        json.dump({"generator": "generate_estimation_golden.py", "numpy": np.__version__,
                   "sklearn": sklearn.__version__, "threshold": THRESHOLD, "cases": cases,
                   "isotonic_corners": isotonic_corners()}, f)
    with open(os.path.join(OUT, "service.json"), "w") as f:
        json.dump(service_case(rng), f)


def isotonic_corners():
    """Inputs closer than numpy.finfo(float64).resolution (1e-15) to the first of their group are
    one input for scikit-learn (_make_unique): their targets are pooled before the fit."""
    third = 0.1 + 0.2  # 0.30000000000000004, one ulp above 0.3
    corners = []
    for name, x, y in [
        ("one_ulp_apart", [0.3, third, 0.6], [0, 1, 1]),
        ("within_resolution_chain", [0.2, 0.2 + 4e-16, 0.2 + 8e-16, 0.2 + 1.2e-15, 0.5], [1, 0, 1, 0, 1]),
        ("just_beyond_resolution", [0.4, 0.4 + 2e-15, 0.7], [1, 0, 1]),
        ("near_zero", [0.0, 1e-16, 5e-16, 0.25], [1, 0, 0, 1]),
    ]:
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        queries = np.r_[x, (x[:-1] + x[1:]) / 2, -1.0, 2.0]
        iso = IsotonicRegression(out_of_bounds="clip").fit(x, y)
        corners.append({"name": name, "x": x.tolist(), "y": y.tolist(), "queries": queries.tolist(),
                        "predicted": iso.predict(queries).tolist()})
    return corners


def service_case(rng):
    """What GET /metrics must answer in estimated_performance: a reference whose probabilities
    are over-confident (isotonic calibration helps), then a window of unlabelled predictions.

    The service judges the calibration as follows: the reference's (probability, target) pairs
    sorted by probability (defaults first among equals), ECE of the raw probabilities; two
    folds (even and odd positions), each calibrated by isotonic regression fitted on the other;
    when the out-of-fold ECE is lower, isotonic regression fitted on all pairs calibrates the
    window's probabilities before the estimate."""
    n_ref = 3000
    true_p = rng.beta(1.2, 9.0, n_ref)
    y = (rng.random(n_ref) < true_p).astype(int)
    p = np.round(np.sqrt(true_p), 6)  # over-confident scores
    order = np.lexsort((-y, p))
    ps, ys = p[order], y[order]
    raw = ece(ps, ys)
    out = np.empty(len(ps))
    for fold in (0, 1):
        test = np.arange(fold, len(ps), 2)
        train = np.arange(1 - fold, len(ps), 2)
        out[test] = IsotonicRegression(out_of_bounds="clip").fit(ps[train], ys[train]).predict(ps[test])
    cv = ece(out, ys)
    apply = cv < raw
    iso = IsotonicRegression(out_of_bounds="clip").fit(ps, ys)
    window = np.round(np.sqrt(rng.beta(1.2, 9.0, 800)), 6)
    calibrated = iso.predict(window) if apply else window
    expected = cbpe(window, calibrated)
    return {"reference": {"probability": p.tolist(), "target": y.tolist()}, "window": window.tolist(),
            "ece_raw": raw, "ece_calibrated": cv, "isotonic_applied": bool(apply), "expected": expected}


if __name__ == "__main__":
    main()
