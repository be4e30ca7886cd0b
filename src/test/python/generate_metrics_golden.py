#!/usr/bin/python3
"""Generate the golden dataset and expected values of the metrics endpoint (io.scorewatch.performance).

Run from anywhere with Debian's python (numpy, pandas, scipy, scikit-learn):

    /usr/bin/python3 src/test/python/generate_metrics_golden.py

Writes src/test/resources/golden/metrics/metrics_data.json (what the test posts over HTTP:
predictions, ground truth by prediction_id, request errors) and metrics_expected.json (the
figures the service must answer for the windows listed there). Fixed seed: the output is the
same on every run with the same library versions.

The dataset spans two consecutive 7-day windows ("previous" and "current") plus a few
predictions and errors just outside them, at the exact boundaries (from inclusive, to
exclusive). Expected values are computed as the monitoring guide (model-monitoring-guide.md) computes them:

  * default_rate = predictions['prediction'].mean() over the posted decision; a prediction
    posted without one gets the service's derived decision, probability >= threshold;
  * avg_probability = predictions['probability'].mean(); high_risk_share = (probability > 0.6).mean();
  * business cost: calculate_business_cost(y_true, y_pred) with y_pred the posted decision,
    confusion_matrix(...).ravel(), total = fn * 10 + fp * 1, avg = total / len(y_true);
    week_over_week_change = (total - previous total) / previous total;
  * performance (evaluate_production_performance): y_pred = (y_proba >= 0.3282).astype(int);
    roc_auc_score, precision_score, recall_score, f1_score, confusion_matrix,
    classification_report(output_dict=True), brier_score_loss; gini = 2 * auc - 1;
    ks_separation = ks_2samp(p[y == 1], p[y == 0], method='asymp').statistic;
  * system: request_count = predictions + request errors; request_volume_change = relative
    change against the previous window; latency percentiles = numpy.percentile(latency_ms of
    the predictions that have one, [50, 95, 99]) (default method 'linear');
    error_rate = errors / (predictions + errors).

The expected JSON mirrors the response (snake_case); the Java test compares every field it
holds (counts exactly, other numbers to 1e-12 relative).
"""

import json
import os
import warnings
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
import scipy
import sklearn
from scipy import stats
from sklearn import metrics

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
OUT = os.path.join(ROOT, "src", "test", "resources", "golden", "metrics")

# The built-in credit-scoring model (src/main/resources/defaults/models/credit-scoring.yaml)
THRESHOLD = 0.3282
HIGH_RISK = 0.6
COST_FN = 10.0
COST_FP = 1.0
MIN_LABELS = 100  # scorewatch.metrics.min-labels default

SEED = 20251208
T0 = datetime(2025, 3, 3, tzinfo=timezone.utc)  # a Monday
WEEK = timedelta(days=7)
MICRO = timedelta(microseconds=1)

warnings.simplefilter("ignore")


def iso(t, offset_hours=0):
    """ISO-8601 with microseconds; Z, or the same instant written with an offset."""
    if offset_hours == 0:
        return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    local = t.astimezone(timezone(timedelta(hours=offset_hours)))
    return local.isoformat(timespec="microseconds")


def generate(rng):
    """Predictions, labels and request errors over [T0 - 7d, T0 + 21d)."""
    rows = []

    def add(at, n_labelled_share=0.5):
        rows.append({"at": at, "labelled_share": n_labelled_share})

    # 1,390 in the previous week, 1,590 in the current one, 20 around them and at the boundaries
    for _ in range(1390):
        add(T0 + timedelta(microseconds=int(rng.integers(0, WEEK // MICRO))))
    for _ in range(1590):
        add(T0 + WEEK + timedelta(microseconds=int(rng.integers(0, WEEK // MICRO))))
    for at in [T0, T0 + WEEK - MICRO, T0 + WEEK, T0 + 2 * WEEK - MICRO]:  # inside, at the edges
        add(at)
    for at in [T0 - MICRO, T0 - timedelta(days=3), T0 + 2 * WEEK, T0 + 2 * WEEK + MICRO,
               T0 + 2 * WEEK + timedelta(days=2)]:  # outside both windows
        add(at)
    while len(rows) < 3000:
        add(T0 - WEEK + timedelta(microseconds=int(rng.integers(0, WEEK // MICRO))))

    n = len(rows)
    # outcome first, then a score that separates the classes imperfectly (AUC near the monitoring guide's 0.78)
    y = (rng.random(n) < 0.12).astype(int)
    p = np.where(y == 1, rng.beta(2.2, 3.6, n), rng.beta(1.6, 5.5, n))
    # ties: a third of the scores rounded to two decimals, a few exactly at the thresholds
    rounded = rng.random(n) < 0.33
    p = np.where(rounded, np.round(p, 2), p)
    for i in rng.choice(n, 12, replace=False):
        p[i] = THRESHOLD
    for i in rng.choice(n, 8, replace=False):
        p[i] = HIGH_RISK
    p[rng.choice(n, 3, replace=False)] = 0.0
    p[rng.choice(n, 3, replace=False)] = 1.0

    derived = (p >= THRESHOLD).astype(int)
    # the model API's own decision: mostly the threshold's, sometimes overridden, sometimes not sent
    flipped = rng.random(n) < 0.06
    posted = np.where(flipped, 1 - derived, derived)
    omitted = rng.random(n) < 0.10
    decision = np.where(omitted, derived, posted)

    latency = rng.lognormal(np.log(18.0), 0.55, n)
    latency[rng.random(n) < 0.03] = np.nan
    latency[rng.choice(n, 5, replace=False)] = 250.0  # a few slow ones in the tail

    # 1,500 labels: every prediction is as likely to be labelled
    labelled = np.zeros(n, dtype=bool)
    labelled[rng.choice(n, 1500, replace=False)] = True

    predictions = []
    frame = []
    for i, row in enumerate(rows):
        pid = f"golden-{i:05d}"
        item = {"prediction_id": pid, "timestamp": iso(row["at"], 1 if i % 10 == 3 else 0),
                "probability": float(p[i])}
        if not omitted[i]:
            item["prediction"] = int(posted[i])
        if not np.isnan(latency[i]):
            item["latency_ms"] = float(latency[i])
        item["features"] = {"AMT_CREDIT": float(np.round(rng.lognormal(12, 0.6), 2))}
        predictions.append(item)
        frame.append({"prediction_id": pid, "timestamp": row["at"], "probability": float(p[i]),
                      "prediction": int(decision[i]), "latency_ms": float(latency[i]),
                      "actual_default": float(y[i]) if labelled[i] else np.nan})

    ground_truth = [{"prediction_id": f"golden-{i:05d}", "actual_default": int(y[i]),
                     "days_to_default": int(rng.integers(30, 365)) if y[i] == 1 else None,
                     "timestamp": iso(T0 + timedelta(days=90))}
                    for i in range(n) if labelled[i]]
    for g in ground_truth:
        if g["days_to_default"] is None:
            del g["days_to_default"]

    errors = []
    error_rows = []

    def error(at):
        kind = ["validation", "prediction", "timeout"][int(rng.integers(0, 3))]
        status = {"validation": 422, "prediction": 500, "timeout": 504}[kind]
        errors.append({"error_type": kind, "status": status, "timestamp": iso(at)})
        error_rows.append({"timestamp": at})

    for _ in range(31):
        error(T0 + timedelta(microseconds=int(rng.integers(0, WEEK // MICRO))))
    for _ in range(47):
        error(T0 + WEEK + timedelta(microseconds=int(rng.integers(0, WEEK // MICRO))))
    for at in [T0 + WEEK, T0 + 2 * WEEK - MICRO, T0 + 2 * WEEK, T0 - MICRO]:
        error(at)

    return predictions, ground_truth, errors, pd.DataFrame(frame), pd.DataFrame(error_rows)


def num(x):
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else float(x)


def expected(df, errors, start, end):
    """The response for [start, end), computed as the monitoring guide does."""
    def window(a, b):
        return df[(df["timestamp"] >= a) & (df["timestamp"] < b)]

    def n_errors(a, b):
        return int(((errors["timestamp"] >= a) & (errors["timestamp"] < b)).sum())

    def business(frame):
        lab = frame[frame["actual_default"].notna()]
        if len(lab) == 0:
            return None
        y_true = lab["actual_default"].astype(int).to_numpy()
        y_pred = lab["prediction"].to_numpy()
        tn, fp, fn, tp = metrics.confusion_matrix(y_true, y_pred, labels=[0, 1]).ravel()
        total = fn * COST_FN + fp * COST_FP
        return {"total_cost": float(total), "avg_cost": float(total / len(y_true)),
                "false_negatives": int(fn), "false_positives": int(fp), "labeled_count": int(len(y_true))}

    length = end - start
    cur = window(start, end)
    prev = window(start - length, start)
    n = len(cur)

    result = {"model": "credit-scoring", "prediction_count": n,
              "default_rate": num(cur["prediction"].mean()) if n else None,
              "avg_probability": num(cur["probability"].mean()) if n else None,
              "high_risk_share": num((cur["probability"] > HIGH_RISK).mean()) if n else None}

    cost = business(cur)
    cost_before = business(prev)
    if cost is None:
        cost = {"total_cost": None, "avg_cost": None, "false_negatives": 0, "false_positives": 0,
                "labeled_count": 0}
    change = None
    if cost["total_cost"] is not None and cost_before is not None and cost_before["total_cost"] != 0:
        change = (cost["total_cost"] - cost_before["total_cost"]) / cost_before["total_cost"]
    cost["week_over_week_change"] = change
    result["business_cost"] = cost

    lab = cur[cur["actual_default"].notna()]
    y_true = lab["actual_default"].astype(int).to_numpy()
    y_proba = lab["probability"].to_numpy()
    perf = {"labeled_count": int(len(y_true)), "min_labels": MIN_LABELS}
    if len(y_true) >= MIN_LABELS:
        y_pred = (y_proba >= THRESHOLD).astype(int)
        auc = metrics.roc_auc_score(y_true, y_proba)
        tn, fp, fn, tp = metrics.confusion_matrix(y_true, y_pred, labels=[0, 1]).ravel()
        report = metrics.classification_report(y_true, y_pred, output_dict=True)
        perf.update({
            "roc_auc": float(auc),
            "precision": float(metrics.precision_score(y_true, y_pred)),
            "recall": float(metrics.recall_score(y_true, y_pred)),
            "f1": float(metrics.f1_score(y_true, y_pred)),
            "confusion_matrix": {"tn": int(tn), "fp": int(fp), "fn": int(fn), "tp": int(tp)},
            "classification_report": {
                key: ({k: (int(v) if k == "support" else float(v)) for k, v in value.items()}
                      if isinstance(value, dict) else float(value))
                for key, value in report.items()},
            "gini": float(2 * auc - 1),
            "ks_separation": float(stats.ks_2samp(y_proba[y_true == 1], y_proba[y_true == 0],
                                                  method="asymp").statistic),
            "brier_score": float(metrics.brier_score_loss(y_true, y_proba)),
        })
    result["performance"] = perf

    errors_now = n_errors(start, end)
    requests = n + errors_now
    requests_before = len(prev) + n_errors(start - length, start)
    latency = cur["latency_ms"].dropna().to_numpy()
    p50, p95, p99 = np.percentile(latency, [50, 95, 99]) if len(latency) else (None, None, None)
    result["system"] = {
        "request_count": requests,
        "request_volume_change": (requests - requests_before) / requests_before if requests_before else None,
        "latency_p50_ms": num(p50), "latency_p95_ms": num(p95), "latency_p99_ms": num(p99),
        "error_count": errors_now,
        "error_rate": errors_now / requests if requests else None,
    }
    result["estimated_performance"] = estimated(cur["probability"].to_numpy())
    return result


def estimated(p):
    """Confidence-based estimate over every prediction of the window; without a reference the
    probabilities are used as they are. Expected confusion matrix at the threshold (decided
    positive: p >= threshold), the expected ROC AUC as sklearn's roc_auc_score with each row
    counted as a positive of weight p and a negative of weight 1 - p, standard errors: counts as
    sums of Bernoulli(p), precision / recall / F1 by the delta method, cost exactly, AUC by
    Hanley and McNeil with the expected class sizes; bands +/- 3 standard errors clipped to [0, 1]
    (cost: at 0 below)."""
    n = len(p)
    calibration = {"reference_id": None, "reference_rows": 0, "ece_raw": None, "ece_calibrated": None,
                   "isotonic_applied": False}
    pos = p >= THRESHOLD
    a, b = p[pos].sum(), p[~pos].sum()
    fp, tn = (1 - p[pos]).sum(), (1 - p[~pos]).sum()
    var_a, var_b = (p[pos] * (1 - p[pos])).sum(), (p[~pos] * (1 - p[~pos])).sum()
    npp = int(pos.sum())
    precision = a / npp if npp else None
    precision_se = np.sqrt(var_a) / npp if npp else None
    recall = a / (a + b) if a + b > 0 else None
    recall_se = np.sqrt(b * b * var_a + a * a * var_b) / (a + b) ** 2 if a + b > 0 else None
    d = a + npp + b
    f1 = 2 * a / d if d > 0 else None
    f1_se = np.sqrt((2 * (npp + b) / d ** 2) ** 2 * var_a + (2 * a / d ** 2) ** 2 * var_b) if d > 0 else None
    cost = b * COST_FN + fp * COST_FP
    cost_se = np.sqrt(COST_FN ** 2 * var_b + COST_FP ** 2 * var_a)
    auc = auc_se = None
    if n and 0 < p.sum() < n:
        auc = metrics.roc_auc_score(np.r_[np.ones(n), np.zeros(n)], np.r_[p, p], sample_weight=np.r_[p, 1 - p])
        n1, n2 = p.sum(), n - p.sum()
        q1, q2 = auc / (2 - auc), 2 * auc * auc / (1 + auc)
        auc_se = np.sqrt(max(0.0, (auc * (1 - auc) + (n1 - 1) * (q1 - auc * auc) + (n2 - 1) * (q2 - auc * auc))
                             / (n1 * n2)))

    def band(value, se, upper=1.0):
        if value is None or se is None:
            return {"standard_error": num(se), "lower": None, "upper": None}
        return {"standard_error": num(se), "lower": num(max(0.0, value - 3 * se)),
                "upper": num(min(upper, value + 3 * se))}

    return {"predictions": n, "calibration": calibration,
            "estimated_roc_auc": num(auc), "estimated_precision": num(precision), "estimated_recall": num(recall),
            "estimated_f1": num(f1), "estimated_business_cost": num(cost) if n else None,
            "estimated_confusion_matrix": {"tn": num(tn), "fp": num(fp), "fn": num(b), "tp": num(a)},
            "bands": {"estimated_roc_auc": band(auc, auc_se), "estimated_precision": band(precision, precision_se),
                      "estimated_recall": band(recall, recall_se), "estimated_f1": band(f1, f1_se),
                      "estimated_business_cost": band(cost, cost_se, float("inf"))}}


def main():
    rng = np.random.default_rng(SEED)
    predictions, ground_truth, errors, df, error_df = generate(rng)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "metrics_data.json"), "w") as f:
        json.dump({"predictions": predictions, "ground_truth": ground_truth, "request_errors": errors}, f,
                  separators=(",", ":"), allow_nan=False)
        f.write("\n")

    windows = []
    for name, start in [("current", T0 + WEEK), ("previous", T0)]:
        windows.append({"name": name, "from": iso(start), "to": iso(start + WEEK),
                        "expected": expected(df, error_df, start, start + WEEK)})
    payload = {
        "versions": {"numpy": np.__version__, "pandas": pd.__version__, "scipy": scipy.__version__,
                     "sklearn": sklearn.__version__},
        "model": {"name": "credit-scoring", "decision_threshold": THRESHOLD, "high_risk_probability": HIGH_RISK,
                  "costs": {"false_negative": COST_FN, "false_positive": COST_FP}, "min_labels": MIN_LABELS},
        "windows": windows,
    }
    with open(os.path.join(OUT, "metrics_expected.json"), "w") as f:
        json.dump(payload, f, indent=1, allow_nan=False)
        f.write("\n")
    for w in windows:
        e = w["expected"]
        print(f"{w['name']}: {e['prediction_count']} predictions, {e['performance']['labeled_count']} labelled,"
              f" auc {e['performance'].get('roc_auc')}, cost {e['business_cost']['total_cost']}"
              f" ({e['business_cost']['week_over_week_change']}), requests {e['system']['request_count']}")


if __name__ == "__main__":
    main()
