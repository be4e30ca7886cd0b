#!/usr/bin/python3
"""Generate golden expected values for the credit-validation statistics of io.scorewatch.stats.

Run from the project root with Debian's python (numpy, scipy, scikit-learn), then the R script
that reads this script's ROC cases:

    /usr/bin/python3 src/test/python/generate_credit_golden.py
    Rscript src/test/r/generate_delong_golden.R

Writes to src/test/resources/golden/credit/:
  * calibration.json: per grade the Jeffreys p-value (scipy.stats.beta.cdf(pd, d + 1/2,
    n - d + 1/2)) and the exact one-sided binomial p-value (scipy.stats.binomtest(d, n, pd,
    alternative='greater')); portfolios with Hosmer-Lemeshow (chi2.sf with G - 2 degrees of
    freedom) and traffic lights; Herfindahl-Hirschman indices; master-scale and decile grades;
    migration matrices.
  * roc_cases.json: the ROC data sets (labels 0/1, 1 = default; higher score = more likely
    default) with scikit-learn's roc_auc_score. The R script reads them and writes delong.json
    (pROC's AUC, DeLong variance and roc.test).

Conventions shared with the Java code (keep them in sync):
  * Hosmer-Lemeshow leaves out grades without observations; G counts the others.
  * A grade without observations has no p-value (null) and no traffic light.
  * Traffic light: RED when p < red_below, YELLOW when p < yellow_below, else GREEN.
  * HHI: sum of squared shares over all G grades of the scale (empty ones included);
    normalised (HHI - 1/G) / (1 - 1/G).
  * Master scale: grade k holds bound[k-1] < p <= bound[k] (numpy.searchsorted(bounds, p,
    side='left')); decile bounds are numpy.unique(numpy.quantile(sample, [0.1, ..., 0.9]))
    (method 'linear') with an unbounded top grade.
  * Migration: counts[i][j] = clients in grade i at the first date and j at the second.

JSON cannot hold NaN: undefined results are written as null.
"""

import json
import math
import os
import sys

import numpy as np
import scipy
import sklearn
from scipy import stats
from sklearn.metrics import roc_auc_score

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
OUT = os.path.join(ROOT, "src", "test", "resources", "golden", "credit")

YELLOW_BELOW = 0.05
RED_BELOW = 0.01


def versions():
    return {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__}


def num(x):
    x = float(x)
    return None if math.isnan(x) else x


def write_json(name, payload):
    payload = {"generated_by": "src/test/python/generate_credit_golden.py", "versions": versions(), **payload}
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(payload, f, indent=1, allow_nan=False)
        f.write("\n")
    print("wrote", os.path.relpath(path, ROOT), os.path.getsize(path), "bytes")


# --------------------------------------------------------------------------------------------
# Calibration per grade: Jeffreys and binomial
# --------------------------------------------------------------------------------------------

def jeffreys_p(n, d, pd):
    if n == 0:
        return float("nan")  # no observation: undefined (the Java tests answer NaN)
    return float(stats.beta.cdf(pd, d + 0.5, n - d + 0.5))


def binomial_p(n, d, pd):
    if n == 0:
        return float("nan")  # binomtest requires n >= 1
    return float(stats.binomtest(d, n, pd, alternative="greater").pvalue)


def grade_case(name, n, d, pd):
    return {"name": name, "count": n, "defaults": d, "pd": pd,
            "jeffreys_p": num(jeffreys_p(n, d, pd)), "binomial_p": num(binomial_p(n, d, pd))}


def grade_cases():
    return [
        grade_case("calibrated_1000_at_2pct", 1000, 20, 0.02),
        grade_case("slightly_above_1000_at_2pct", 1000, 28, 0.02),
        grade_case("far_above_1000_at_2pct", 1000, 45, 0.02),
        grade_case("below_1000_at_2pct", 1000, 8, 0.02),
        grade_case("zero_defaults_500_at_1pct", 500, 0, 0.01),
        grade_case("zero_defaults_tiny_pd", 5000, 0, 0.0003),
        grade_case("all_default_20_at_30pct", 20, 20, 0.3),
        grade_case("all_default_3_at_90pct", 3, 3, 0.9),
        grade_case("tiny_grade_1_no_default", 1, 0, 0.05),
        grade_case("tiny_grade_1_default", 1, 1, 0.05),
        grade_case("tiny_grade_2_one_default", 2, 1, 0.1),
        grade_case("tiny_grade_5_two_defaults", 5, 2, 0.04),
        grade_case("half_pd", 40, 25, 0.5),
        grade_case("large_grade_calibrated", 1000000, 1000, 0.001),
        grade_case("large_grade_above", 1000000, 1200, 0.001),
        grade_case("extreme_p_10000_at_0_1pct", 10000, 100, 0.001),
        grade_case("deep_tail_20000_at_0_1pct", 20000, 200, 0.001),
        grade_case("below_double_range_20000_at_0_1pct", 20000, 400, 0.001),
        grade_case("high_p_near_one", 2000, 100, 0.08),
        grade_case("pd_with_many_digits", 1234, 37, 0.023456789012345),
    ]


# --------------------------------------------------------------------------------------------
# Portfolios: Hosmer-Lemeshow, traffic lights
# --------------------------------------------------------------------------------------------

def light(p):
    if math.isnan(p):
        return None  # no observation, no light
    if p < RED_BELOW:
        return "RED"
    return "YELLOW" if p < YELLOW_BELOW else "GREEN"


def portfolio(name, counts, defaults, pds):
    counts = list(map(int, counts))
    defaults = list(map(int, defaults))
    pds = list(map(float, pds))
    used = [g for g in range(len(counts)) if counts[g] > 0]
    statistic = 0.0
    for g in used:
        expected = counts[g] * pds[g]
        statistic += (defaults[g] - expected) ** 2 / (expected * (1 - pds[g]))
    dof = len(used) - 2
    p_value = float(stats.chi2.sf(statistic, dof)) if dof >= 1 else float("nan")
    jeffreys = [jeffreys_p(n, d, pd) for n, d, pd in zip(counts, defaults, pds)]
    return {
        "name": name,
        "counts": counts, "defaults": defaults, "pds": pds,
        "hosmer_lemeshow": {"statistic": num(statistic), "dof": dof, "p_value": num(p_value)},
        "thresholds": {"yellow_below": YELLOW_BELOW, "red_below": RED_BELOW},
        "jeffreys_p": [num(p) for p in jeffreys],
        "binomial_p": [num(binomial_p(n, d, pd)) for n, d, pd in zip(counts, defaults, pds)],
        "traffic_lights": [light(p) for p in jeffreys],
    }


def portfolios():
    pds = [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25]
    counts = [3000, 2500, 2000, 1500, 1000, 600, 300]
    calibrated = [int(round(n * pd)) for n, pd in zip(counts, pds)]
    miscalibrated = list(calibrated)
    miscalibrated[3] = 2 * calibrated[3]  # grade 3 (PD 2 %) has twice the predicted defaults
    cases = [
        portfolio("calibrated_7_grades", counts, calibrated, pds),
        portfolio("grade_3_underestimated", counts, miscalibrated, pds),
        portfolio("empty_grade_left_out", [0] + counts[1:], [0] + calibrated[1:], pds),
        portfolio("three_grades_one_dof", [200, 150, 100], [3, 9, 14], [0.02, 0.05, 0.12]),
        portfolio("two_grades_no_dof", [200, 150], [3, 9], [0.02, 0.05]),
        portfolio("tiny_grades_with_d_0_and_d_n", [1, 2, 5, 3], [0, 2, 1, 3], [0.01, 0.2, 0.1, 0.6]),
    ]
    # the premise of the miscalibration test: only the doctored grade is flagged
    assert cases[0]["traffic_lights"] == ["GREEN"] * 7, cases[0]["traffic_lights"]
    assert cases[1]["traffic_lights"] == ["GREEN"] * 3 + ["RED"] + ["GREEN"] * 3, cases[1]["traffic_lights"]
    return cases


# --------------------------------------------------------------------------------------------
# Concentration, grades, migration
# --------------------------------------------------------------------------------------------

def hhi_case(name, counts):
    c = np.asarray(counts, dtype=float)
    g = len(c)
    total = c.sum()
    if total == 0:
        hhi = float("nan")
    else:
        shares = c / total
        hhi = float(np.sum(shares * shares))
    normalised = (hhi - 1.0 / g) / (1.0 - 1.0 / g) if g > 1 else float("nan")
    return {"name": name, "counts": [int(x) for x in counts], "hhi": num(hhi), "normalised": num(normalised)}


def hhi_cases():
    rng = np.random.default_rng(7)
    return [
        hhi_case("uniform_4", [100] * 4),
        hhi_case("all_in_one", [0, 0, 500, 0, 0]),
        hhi_case("skewed_7", [3000, 2500, 2000, 1500, 1000, 600, 300]),
        hhi_case("with_empty_grades", [0, 12, 0, 7, 1]),
        hhi_case("single_grade", [42]),
        hhi_case("random_15", rng.integers(0, 5000, 15)),
    ]


def scale_case(name, bounds, probabilities):
    grades = np.searchsorted(np.asarray(bounds), np.asarray(probabilities), side="left")
    return {"name": name, "bounds": list(map(float, bounds)), "probabilities": list(map(float, probabilities)),
            "grades": [int(g) for g in grades]}


def master_scale_cases():
    bounds = [0.01, 0.03, 0.08, 0.2, 1.0]
    probabilities = [0.0, 0.005, 0.01, 0.0100000001, 0.03, 0.05, 0.08, 0.15, 0.2, 0.2000001, 0.7, 1.0]
    return [scale_case("five_bands", bounds, probabilities)]


def decile_case(name, sample, probabilities):
    sample = np.asarray(sample, dtype=float)
    deciles = np.unique(np.quantile(sample, [k / 10 for k in range(1, 10)]))
    grades = np.searchsorted(deciles, np.asarray(probabilities, dtype=float), side="left")
    return {"name": name, "sample": list(map(float, sample)), "deciles": list(map(float, deciles)),
            "probabilities": list(map(float, probabilities)), "grades": [int(g) for g in grades]}


def decile_cases():
    rng = np.random.default_rng(11)
    continuous = np.round(rng.beta(1.2, 12, 997), 6)
    tied = np.round(rng.beta(1.2, 12, 400), 2)
    probes = np.concatenate([[0.0, 1.0], np.round(rng.beta(1.2, 12, 50), 6)])
    cases = [
        decile_case("continuous_997", continuous, np.concatenate([probes, np.quantile(continuous, [0.1, 0.5, 0.9])])),
        decile_case("tied_400", tied, np.concatenate([probes, np.unique(tied)[:5]])),
        decile_case("constant", [0.05] * 30, [0.01, 0.05, 0.06]),
        decile_case("single", [0.2], [0.1, 0.2, 0.3]),
    ]
    return cases


def migration_case(name, grades, first, second):
    first = np.asarray(first)
    second = np.asarray(second)
    counts = np.zeros((grades, grades), dtype=int)
    np.add.at(counts, (first, second), 1)
    rows = counts.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = counts / rows[:, None]
    total = counts.sum()
    stayed = np.trace(counts) / total if total else float("nan")
    near = sum(counts[i, j] for i in range(grades) for j in range(grades) if abs(i - j) <= 1)
    within_one = near / total if total else float("nan")
    return {"name": name, "grades": grades, "from": first.tolist(), "to": second.tolist(),
            "counts": counts.tolist(), "row_shares": [[num(x) for x in row] for row in shares],
            "stayed": num(stayed), "within_one": num(within_one)}


def migration_cases():
    rng = np.random.default_rng(5)
    first = rng.integers(0, 7, 800)
    move = rng.choice([-2, -1, 0, 0, 0, 0, 1, 1, 3], 800)
    second = np.clip(first + move, 0, 6)
    return [
        migration_case("seven_grades_800", 7, first, second),
        migration_case("no_moves", 3, [0, 1, 2, 2], [0, 1, 2, 2]),
        migration_case("empty_row", 4, [0, 0, 3, 3, 1], [1, 0, 3, 2, 3]),
    ]


# --------------------------------------------------------------------------------------------
# ROC data sets for DeLong (pROC in R) and the AUC cross-check (sklearn)
# --------------------------------------------------------------------------------------------

def roc_case(name, labels, scores, scores2, labels_b, scores_b, initial_auc):
    labels = [int(x) for x in labels]
    labels_b = [int(x) for x in labels_b]
    case = {"name": name,
            "labels": labels, "scores": list(map(float, scores)), "scores2": list(map(float, scores2)),
            "labels_b": labels_b, "scores_b": list(map(float, scores_b)),
            "initial_auc": initial_auc}
    case["auc_sklearn"] = float(roc_auc_score(labels, case["scores"]))
    case["auc2_sklearn"] = float(roc_auc_score(labels, case["scores2"]))
    case["auc_b_sklearn"] = float(roc_auc_score(labels_b, case["scores_b"]))
    return case


def model(rng, labels, separation, noise, decimals):
    y = np.asarray(labels)
    return np.round(1 / (1 + np.exp(-(separation * y + rng.normal(0, noise, len(y)) - 2.5))), decimals)


def roc_cases():
    rng = np.random.default_rng(2024)
    cases = []
    hand_y = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 0]
    hand_s = [0.1, 0.4, 0.4, 0.8, 0.4, 0.35, 0.2, 0.8, 0.1, 0.9, 0.3, 0.3]
    hand_s2 = [0.2, 0.3, 0.5, 0.7, 0.3, 0.5, 0.1, 0.6, 0.2, 0.4, 0.4, 0.2]
    cases.append(roc_case("hand_12_ties", hand_y, hand_s, hand_s2,
                          [1, 0, 0, 1, 0, 1, 0], [0.6, 0.2, 0.6, 0.7, 0.1, 0.3, 0.5], 0.8))
    cases.append(roc_case("tiny_2_vs_3", [1, 0, 1, 0, 0], [0.9, 0.3, 0.4, 0.5, 0.1], [0.6, 0.3, 0.2, 0.5, 0.4],
                          [0, 1, 1, 0], [0.2, 0.8, 0.3, 0.4], 0.7))

    def sample(n, rate):
        y = (rng.random(n) < rate).astype(int)
        y[0], y[1] = 1, 0
        return y

    y = sample(600, 0.12)
    s = model(rng, y, 1.5, 1.0, 6)
    yb = sample(450, 0.15)
    cases.append(roc_case("continuous_600", y, s, np.round(s + rng.normal(0, 0.08, 600), 6),
                          yb, model(rng, yb, 1.2, 1.0, 6), 0.8))
    y = sample(2000, 0.1)
    s = model(rng, y, 1.3, 1.0, 2)
    yb = sample(1500, 0.1)
    cases.append(roc_case("coarse_ties_2000", y, s, model(rng, y, 1.0, 1.0, 2),
                          yb, model(rng, yb, 1.3, 1.0, 2), 0.78))
    y = sample(1500, 0.08)
    grade = np.clip(np.round(2 * y + rng.normal(4, 2, 1500)), 1, 10)
    grade2 = np.clip(np.round(grade + rng.normal(0, 1.5, 1500)), 1, 10)
    yb = sample(900, 0.08)
    grade_b = np.clip(np.round(1.5 * yb + rng.normal(4, 2, 900)), 1, 10)
    cases.append(roc_case("grades_as_scores_1500", y, grade, grade2, yb, grade_b, 0.75))
    y = np.array([0] * 30 + [1] * 10)
    s = np.concatenate([np.round(rng.random(30) * 0.5, 4), np.round(0.6 + rng.random(10) * 0.4, 4)])
    cases.append(roc_case("perfect_separation", y, s, np.round(s + rng.normal(0, 0.3, 40), 4),
                          y, np.round(rng.random(40), 4), 0.9))
    y = sample(300, 0.2)
    s = model(rng, y, -0.8, 1.0, 5)
    cases.append(roc_case("worse_than_random", y, s, model(rng, y, 0.5, 1.0, 5),
                          y[:250], model(rng, y[:250], 0.5, 1.0, 5), 0.6))
    y = sample(400, 0.1)
    s = model(rng, y, 1.4, 1.0, 5)
    cases.append(roc_case("identical_models", y, s, s, y, s, 0.7))
    y = sample(5000, 0.07)
    s = model(rng, y, 1.6, 1.0, 7)
    yb = sample(4000, 0.07)
    cases.append(roc_case("large_5000", y, s, np.round(s * 0.7 + 0.3 * model(rng, y, 1.6, 1.0, 7), 7),
                          yb, model(rng, yb, 1.5, 1.0, 7), 0.82))
    return cases


def main():
    os.makedirs(OUT, exist_ok=True)
    write_json("calibration.json", {
        "grades": grade_cases(),
        "portfolios": portfolios(),
        "hhi": hhi_cases(),
        "master_scale": master_scale_cases(),
        "deciles": decile_cases(),
        "migration": migration_cases(),
    })
    write_json("roc_cases.json", {"cases": roc_cases()})


if __name__ == "__main__":
    sys.exit(main())
