#!/usr/bin/python3
"""Generate golden expected values for io.scorewatch.stats from scipy / scikit-learn.

Run from the project root with Debian's python (numpy, scipy, scikit-learn):

    /usr/bin/python3 src/test/python/generate_stats_golden.py

Writes JSON files to src/test/resources/golden/stats/ and the larger samples as gzip'd text
(one value per line, fixed decimals) to src/test/resources/golden/stats/samples/. Every expected
value is computed from the data exactly as the Java tests will read it back (big samples are
re-read from their text file), so both sides see identical doubles.

Conventions shared with the Java code (keep them in sync):
  * KS: scipy.stats.ks_2samp(x, y) defaults, after dropping NaN from each sample.
  * Chi-square: scipy.stats.chi2_contingency(table) defaults, after dropping all-zero rows and
    columns (scipy raises on them; the Java code leaves them out).
  * PSI: inner edges = the reference deciles numpy.unique(numpy.quantile(reference, [0.1, ...,
    0.9])) (method 'linear'), joined by v and numpy.nextafter(v, inf) for every mass point v of
    the reference (a value held by more than a tenth of it), so that each mass point has a bin
    of its own; bins by numpy.searchsorted(edges, x, side='right'), proportions floored at
    1e-4, PSI = sum((q - p) * ln(q / p)); NaN dropped. "edges" in psi.json are the deciles,
    "bin_edges" all inner edges.
  * Wasserstein: scipy.stats.wasserstein_distance(ref, prod); normalised by
    max(numpy.std(ref), 0.001) (ddof=0; Evidently's floor).
  * Jensen-Shannon: scipy.spatial.distance.jensenshannon(p, q, base=2).
  * Classification: sklearn roc_auc_score, brier_score_loss, confusion_matrix,
    precision/recall/f1/accuracy, classification_report(output_dict=True); Gini = 2*AUC-1;
    KS separation = ks_2samp(scores[y==1], scores[y==0], method='asymp').statistic (the raw,
    un-snapped statistic).

JSON cannot hold NaN: NaN inside input arrays is written as null, undefined results as null.
"""

import gzip
import json
import math
import os
import sys
import warnings

import numpy as np
import scipy
import sklearn
from scipy import special, stats
from scipy.spatial.distance import jensenshannon
from scipy.stats._stats_py import _attempt_exact_2kssamp
from sklearn import metrics

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
OUT = os.path.join(ROOT, "src", "test", "resources", "golden", "stats")
DATA = os.path.join(OUT, "samples")

warnings.simplefilter("ignore")  # sklearn zero-division and scipy exact->asymp warnings


def versions():
    return {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__}


def num(x):
    """A float for JSON; NaN becomes None."""
    x = float(x)
    return None if math.isnan(x) else x


def arr(a):
    return [num(v) for v in np.asarray(a, dtype=float)]


def write_json(name, payload):
    payload = {"generated_by": "src/test/python/generate_stats_golden.py", "versions": versions(), **payload}
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(payload, f, indent=1, allow_nan=False)
        f.write("\n")
    print("wrote", os.path.relpath(path, ROOT), os.path.getsize(path), "bytes")


def write_data(name, values, decimals):
    """Store values as gzip'd text and return them as re-read (identical to what Java parses)."""
    path = os.path.join(DATA, name)
    fmt = "%." + str(decimals) + "f"
    text = "\n".join("nan" if math.isnan(v) else (fmt % v) for v in np.asarray(values, dtype=float)) + "\n"
    # mtime=0 keeps the file byte-identical between runs
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(text.encode("ascii"))
    print("wrote", os.path.relpath(path, ROOT), os.path.getsize(path), "bytes")
    return read_data(name)


def read_data(name):
    with gzip.open(os.path.join(DATA, name), "rt") as f:
        return np.array([float(line) for line in f if line.strip()])


# --------------------------------------------------------------------------------------------
# Kolmogorov-Smirnov
# --------------------------------------------------------------------------------------------

def ks_case(name, x, y, x_file=None, y_file=None):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    xc = x[~np.isnan(x)]
    yc = y[~np.isnan(y)]
    res = stats.ks_2samp(xc, yc)
    method = "EXACT" if max(len(xc), len(yc)) <= 10000 else "ASYMPTOTIC"
    if method == "EXACT":
        # ks_2samp falls back to 'asymp' when the exact attempt fails; replay the attempt
        ok, _, _ = _attempt_exact_2kssamp(len(xc), len(yc), math.gcd(len(xc), len(yc)),
                                          res.statistic, "two-sided")
        if not ok:
            method = "ASYMPTOTIC"
    case = {
        "name": name,
        "statistic": num(res.statistic),
        "pvalue": num(res.pvalue),
        "n": int(len(xc)),
        "m": int(len(yc)),
        "missing_x": int(np.isnan(x).sum()),
        "missing_y": int(np.isnan(y).sum()),
        "method": method,
    }
    if x_file:
        case["x_file"] = x_file
        case["y_file"] = y_file
    else:
        case["x"] = arr(x)
        case["y"] = arr(y)
    return case


def ks_cases():
    cases = []
    # the pitfalls: ties (commons-math jitters ties; scipy does not)
    r = np.random.default_rng(123)
    px = r.poisson(3, 40)
    py = r.poisson(3, 60)
    cases.append(ks_case("poisson_40_vs_60", px, py))
    cases.append(ks_case("ints_1_8_vs_5_12", np.arange(1, 9), np.arange(5, 13)))

    rng = np.random.default_rng(20240611)
    cases.append(ks_case("tiny_1_vs_1", [0.5], [1.5]))
    cases.append(ks_case("tiny_1_vs_5", [2.0], [1.0, 2.0, 3.0, 4.0, 5.0]))
    cases.append(ks_case("tiny_2_vs_3", [1.0, 4.0], [2.0, 3.0, 5.0]))
    cases.append(ks_case("small_continuous_25_vs_35",
                         np.round(rng.normal(0, 1, 25), 6), np.round(rng.normal(0.4, 1, 35), 6)))
    cases.append(ks_case("equal_sizes_50",
                         np.round(rng.normal(0, 1, 50), 6), np.round(rng.normal(0.3, 1, 50), 6)))
    cases.append(ks_case("equal_sizes_200_ties",
                         rng.integers(0, 12, 200).astype(float), rng.integers(1, 13, 200).astype(float)))
    cases.append(ks_case("medium_500_vs_700",
                         np.round(rng.normal(0, 1, 500), 6), np.round(rng.normal(0.1, 1.1, 700), 6)))
    cases.append(ks_case("medium_500_vs_700_heavy_ties",
                         np.round(rng.gamma(2.0, 1.0, 500), 0), np.round(rng.gamma(2.2, 1.0, 700), 0)))
    cases.append(ks_case("medium_shifted_500_vs_700_tiny_p",
                         np.round(rng.normal(0, 1, 500), 6), np.round(rng.normal(1.2, 1, 700), 6)))
    same = np.round(rng.normal(0, 1, 300), 6)
    cases.append(ks_case("identical_samples", same, rng.permutation(same)))
    cases.append(ks_case("disjoint_30_vs_40", np.arange(30), np.arange(100, 140)))
    cases.append(ks_case("disjoint_300_vs_400", np.arange(300), np.arange(1000, 1400)))
    cases.append(ks_case("single_value_same", np.full(20, 5.0), np.full(30, 5.0)))
    cases.append(ks_case("single_value_different", np.full(20, 5.0), np.full(30, 6.0)))
    xn = np.round(rng.normal(0, 1, 120), 6)
    yn = np.round(rng.normal(0.2, 1, 90), 6)
    xn[[3, 17, 50]] = np.nan
    yn[[0, 89]] = np.nan
    cases.append(ks_case("with_nans", xn, yn))
    cases.append(ks_case("negative_and_positive_zero", [-0.0, 0.0, 1.0, -1.0], [0.0, 0.0, 2.0]))

    # random small/medium exact cases with ties
    for k in range(30):
        n1 = int(rng.integers(1, 250))
        n2 = int(rng.integers(1, 250))
        shift = float(rng.choice([0.0, 0.2, 0.5]))
        decimals = int(rng.choice([0, 1, 3]))
        cases.append(ks_case("random_exact_%02d" % k,
                             np.round(rng.normal(0, 1, n1) * 3, decimals),
                             np.round(rng.normal(shift, 1, n2) * 3, decimals)))

    # larger samples: stored as gzip'd text files
    def big(name, x, y, decimals):
        xs = write_data(name + "_x.txt.gz", x, decimals)
        ys = write_data(name + "_y.txt.gz", y, decimals)
        cases.append(ks_case(name, xs, ys, x_file="samples/" + name + "_x.txt.gz",
                             y_file="samples/" + name + "_y.txt.gz"))

    big("exact_max_10000_vs_9999", rng.normal(0, 1, 10000), rng.normal(0.03, 1, 9999), 3)
    big("asymp_10000_vs_10001", rng.normal(0, 1, 10000), rng.normal(0.0, 1, 10001), 3)
    big("asymp_12000_vs_20000_same", rng.normal(0, 1, 12000), rng.normal(0, 1, 20000), 3)
    # D close to the p = 0.05 boundary (Pelz-Good region): en = 7500, critical D ~ 0.0157.
    # Draw until the p-value lands in [0.03, 0.08]; deterministic for the fixed seed.
    boundary_rng = np.random.default_rng(555)
    while True:
        bx = np.round(boundary_rng.normal(0, 1, 12000), 3)
        by = np.round(boundary_rng.normal(0.01, 1, 20000), 3)
        if 0.03 <= stats.ks_2samp(bx, by).pvalue <= 0.08:
            break
    big("asymp_12000_vs_20000_boundary", bx, by, 3)
    big("asymp_20000_vs_15000_shift", rng.normal(0, 1, 20000), rng.normal(0.12, 1, 15000), 3)
    big("asymp_12000_vs_20000_tiny_p", rng.normal(0, 1, 12000), rng.normal(0.35, 1, 20000), 3)
    # integer-valued (ages), large reference and window
    big("asymp_300000_vs_50000_ints", np.clip(np.round(rng.normal(45, 12, 300000)), 18, 90),
        np.clip(np.round(rng.normal(45.3, 12, 50000)), 18, 90), 0)
    # small window against a large reference: effective n <= 140 branches of kstwo
    big("window_100_vs_20000", rng.normal(0, 1, 100), rng.normal(0, 1, 20000), 3)
    big("window_60_vs_15000_shift", rng.normal(0.35, 1, 60), rng.normal(0, 1, 15000), 3)
    big("window_30_vs_12000_far", rng.normal(2.5, 1, 30), rng.normal(0, 1, 12000), 3)
    big("window_400_vs_30000_shift", rng.normal(0.25, 1, 400), rng.normal(0, 1, 30000), 3)
    # effective n <= 140 with n*D^2 <= 0.754693: Durbin matrix branch
    small_rng = np.random.default_rng(777)
    while True:
        wx = np.round(small_rng.normal(0, 1, 120), 3)
        wy = np.round(small_rng.normal(0, 1, 25000), 3)
        if 120 * stats.ks_2samp(wx, wy).statistic ** 2 <= 0.7:
            break
    big("window_120_vs_25000_durbin", wx, wy, 3)
    # effective n > 140 with n*D^1.5 <= 1.4: Durbin matrix branch for larger n
    big("window_1000_vs_20000_near_identical", np.linspace(0, 1, 1000) ** 1.03, np.linspace(0, 1, 20000), 6)
    # D barely above 1/(2n): Ruben-Gambino closed form
    big("window_1000_vs_20000_grid", np.linspace(0, 1, 1000), np.linspace(0, 1, 20000), 6)
    big("disjoint_12000_vs_11000", rng.uniform(0, 1, 12000), rng.uniform(2, 3, 11000), 4)
    return cases


def ks_distribution_grid():
    """kstwo.sf(d, n) and smirnov(n, d) over every branch of scipy's algorithm selection."""
    rng = np.random.default_rng(7)
    rows = []
    ns = [1, 2, 3, 5, 10, 17, 50, 100, 139, 140, 141, 200, 500, 1000, 5000, 7500, 12000, 42857,
          100000, 100001, 250000, 1200000]
    targets = [0.3, 0.5, 0.75, 0.76, 1.0, 1.5, 2.0, 2.19, 2.21, 3.0, 4.0, 4.1, 8.0, 30.0, 100.0,
               300.0, 360.0]
    for n in ns:
        ds = set()
        for t in targets:
            d = math.sqrt(t / n)
            if d < 1:
                ds.add(d)
        for d in [0.6 / n, 0.9 / n, 1.0 / n, 1.5 / n, 0.45, 0.5, 0.55, 0.9, 0.99]:
            if 0 < d < 1:
                ds.add(d)
        if n > 1:
            ds.add(1 - 1.0 / n + 1e-9)
        for d in rng.uniform(0, min(1, 5 / math.sqrt(n)), 6):
            ds.add(float(d))
        for d in sorted(ds):
            rows.append({"n": n, "d": d, "kstwo_sf": num(stats.kstwo.sf(d, n)),
                         "smirnov": num(special.smirnov(n, d))})
    return rows


# --------------------------------------------------------------------------------------------
# Chi-square
# --------------------------------------------------------------------------------------------

def chi2_table_case(name, table):
    t = np.asarray(table, dtype=float)
    reduced = t[t.sum(axis=1) > 0][:, t.sum(axis=0) > 0]
    res = stats.chi2_contingency(reduced)
    expected = np.zeros_like(t)
    rows = np.where(t.sum(axis=1) > 0)[0]
    cols = np.where(t.sum(axis=0) > 0)[0]
    expected[np.ix_(rows, cols)] = res.expected_freq
    return {"name": name, "table": t.tolist(), "statistic": num(res.statistic), "pvalue": num(res.pvalue),
            "dof": int(res.dof), "expected": expected.tolist()}


def chi2_maps_case(name, reference, production):
    """Mirror of the monitoring guide's pandas value_counts + fillna(0) alignment."""
    cats = list(dict.fromkeys(list(reference) + list(production)))
    table = np.array([[reference.get(c, 0) for c in cats], [production.get(c, 0) for c in cats]], dtype=float)
    case = chi2_table_case(name, table)
    case.pop("table")
    case.update({"reference": reference, "production": production, "categories": cats})
    return case


def chi2_cases():
    rng = np.random.default_rng(99)
    tables = [
        ("yates_2x2", [[10, 20], [30, 25]]),
        ("yates_2x2_diagonal", [[10, 0], [0, 10]]),
        ("yates_2x2_small_differences", [[5, 5], [5, 6]]),
        ("yates_2x2_tiny_p", [[5000, 4000], [4000, 5000]]),
        ("yates_2x2_very_tiny_p", [[30000, 26000], [26000, 30000]]),
        ("table_2x5", rng.integers(5, 60, (2, 5)).tolist()),
        ("table_3x4", rng.integers(0, 40, (3, 4)).tolist()),
        ("table_2x10_shifted", [rng.multinomial(2000, np.full(10, 0.1)).tolist(),
                                rng.multinomial(1500, np.linspace(0.05, 0.15, 10) / np.linspace(0.05, 0.15, 10).sum()).tolist()]),
        ("table_2x6_tiny_p", [[900, 800, 700, 600, 500, 400], [400, 500, 600, 700, 800, 900]]),
        ("zero_column_dropped", [[10, 0, 5], [20, 0, 7]]),
        ("zero_column_dropped_3_cols", [[10, 0, 5, 8], [20, 0, 7, 3]]),
        ("zero_row_dropped", [[0, 0, 0], [1, 2, 3]]),
        ("one_row", [[1, 2, 3]]),
        ("one_column", [[4], [9]]),
        ("fractional_counts", [[1.5, 2.25, 7.0], [3.0, 0.5, 4.75]]),
    ]
    cases = [chi2_table_case(n, t) for n, t in tables]
    cases.append(chi2_maps_case("maps_category_on_one_side",
                                {"A": 50, "B": 30, "C": 20}, {"A": 40, "B": 35, "D": 10}))
    cases.append(chi2_maps_case("maps_same_categories",
                                {"employed": 700, "self_employed": 150, "unemployed": 80, "retired": 70},
                                {"employed": 640, "self_employed": 170, "unemployed": 120, "retired": 70}))
    cases.append(chi2_maps_case("maps_two_categories_yates", {"yes": 120, "no": 380}, {"yes": 150, "no": 350}))
    cases.append(chi2_maps_case("maps_single_category", {"only": 10}, {"only": 7}))
    return cases


# --------------------------------------------------------------------------------------------
# Effect sizes
# --------------------------------------------------------------------------------------------

MIN_PROPORTION = 1e-4
MIN_STANDARD_DEVIATION = 0.001


def psi_numeric(reference, production):
    ref = np.asarray(reference, dtype=float)
    prod = np.asarray(production, dtype=float)
    ref = ref[~np.isnan(ref)]
    prod = prod[~np.isnan(prod)]
    deciles = np.unique(np.quantile(ref, np.arange(1, 10) / 10.0))
    edges = psi_bin_edges(ref)
    bins = len(edges) + 1
    p = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=bins) / len(ref)
    q = np.bincount(np.searchsorted(edges, prod, side="right"), minlength=bins) / len(prod)
    p = np.maximum(p, MIN_PROPORTION)
    q = np.maximum(q, MIN_PROPORTION)
    return float(np.sum((q - p) * np.log(q / p))), deciles, bins, edges


def psi_bin_edges(ref):
    """The deciles, and each mass point v (count > n / 10) alone in [v, nextafter(v, inf))."""
    deciles = np.unique(np.quantile(ref, np.arange(1, 10) / 10.0))
    values, counts = np.unique(ref, return_counts=True)
    mass = values[counts * 10 > len(ref)]
    return np.unique(np.concatenate([deciles, mass, np.nextafter(mass, np.inf)]))


def psi_categorical(reference, production):
    cats = list(dict.fromkeys(list(reference) + list(production)))
    r = np.array([reference.get(c, 0) for c in cats], dtype=float)
    s = np.array([production.get(c, 0) for c in cats], dtype=float)
    p = np.maximum(r / r.sum(), MIN_PROPORTION)
    q = np.maximum(s / s.sum(), MIN_PROPORTION)
    return float(np.sum((q - p) * np.log(q / p))), len(cats)


def psi_cases():
    rng = np.random.default_rng(314)
    numeric = []

    def add(name, ref, prod):
        value, edges, bins, bin_edges = psi_numeric(ref, prod)
        numeric.append({"name": name, "reference": arr(ref), "production": arr(prod), "psi": value,
                        "edges": arr(edges), "bins": bins, "bin_edges": arr(bin_edges)})

    add("normal_shifted", np.round(rng.normal(0, 1, 3000), 5), np.round(rng.normal(0.3, 1.2, 2000), 5))
    same = np.round(rng.normal(10, 3, 1000), 4)
    add("identical", same, same.copy())
    add("heavy_ties_collapsed_edges", rng.poisson(0.7, 2000).astype(float), rng.poisson(1.1, 1500).astype(float))
    add("empty_production_bins", np.round(rng.uniform(0, 100, 1000), 3), np.round(rng.uniform(0, 20, 500), 3))
    add("small_reference_interpolated_deciles", np.round(rng.normal(0, 1, 13), 4), np.round(rng.normal(0, 1, 40), 4))
    withnan_ref = np.round(rng.normal(0, 1, 800), 4)
    withnan_prod = np.round(rng.normal(0.1, 1, 600), 4)
    withnan_ref[::37] = np.nan
    withnan_prod[::11] = np.nan
    add("with_nans", withnan_ref, withnan_prod)
    add("values_on_edges", np.arange(100, dtype=float), np.arange(0, 100, 2, dtype=float))
    # mass points: a shift off a value that holds more than a bin's share is never invisible
    add("constant_moved_up", np.full(200, 5.0), np.full(150, 6.0))
    add("constant_moved_down", np.full(200, 5.0), np.full(150, 4.0))
    zeros_ref = np.where(rng.random(2000) < 0.95, 0.0, np.round(rng.exponential(3.0, 2000) + 1, 0))
    zeros_prod = np.where(rng.random(1000) < 0.5, 0.0, np.round(rng.exponential(3.0, 1000) + 1, 0))
    add("zero_inflated_losing_zeros", zeros_ref, zeros_prod)
    add("zero_inflated_same", zeros_ref, zeros_ref[::-1].copy())
    overdue = np.where(rng.random(3000) < 0.6, 0.0, np.round(rng.gamma(2.0, 15.0, 3000), 0))
    add("sixty_percent_zeros_continuous_rest", overdue,
        np.where(rng.random(1500) < 0.7, 0.0, np.round(rng.gamma(2.0, 15.0, 1500), 0)))
    add("mass_point_between_deciles", np.r_[np.round(rng.normal(0, 1, 850), 3), np.full(150, 0.5)],
        np.r_[np.round(rng.normal(0, 1, 400), 3), np.full(100, 0.5)])

    categorical = []
    for name, ref, prod in [
        ("categories_shifted", {"A": 500, "B": 300, "C": 200}, {"A": 350, "B": 400, "C": 250}),
        ("category_one_side_only", {"A": 500, "B": 300, "C": 200}, {"A": 450, "B": 300, "D": 50}),
        ("identical", {"x": 10, "y": 20}, {"x": 10, "y": 20}),
    ]:
        value, bins = psi_categorical(ref, prod)
        categorical.append({"name": name, "reference": ref, "production": prod, "psi": value, "bins": bins})
    return {"numeric": numeric, "categorical": categorical}


def wasserstein_cases():
    rng = np.random.default_rng(2718)
    cases = []

    def add(name, u, v):
        u = np.asarray(u, dtype=float)
        v = np.asarray(v, dtype=float)
        d = stats.wasserstein_distance(u, v)
        sd = np.std(u)
        cases.append({"name": name, "reference": arr(u), "production": arr(v), "distance": num(d),
                      "reference_std": num(sd), "normalized": num(d / max(sd, MIN_STANDARD_DEVIATION))})

    add("small_ties", [0, 1, 1, 3], [1, 2, 2, 2, 5])
    add("normal_shift", np.round(rng.normal(0, 1, 2000), 5), np.round(rng.normal(0.5, 1.5, 1500), 5))
    add("exponential_vs_normal", np.round(rng.exponential(2, 800), 4), np.round(rng.normal(2, 2, 1200), 4))
    add("heavy_ties", rng.integers(0, 5, 700).astype(float), rng.integers(1, 6, 300).astype(float))
    add("identical", np.arange(10, dtype=float), np.arange(10, dtype=float))
    add("single_points", [1.0], [4.5])
    cases.append({"name": "constant_reference", "reference": [3.0] * 5, "production": [3.0, 4.0],
                  "distance": num(stats.wasserstein_distance([3.0] * 5, [3.0, 4.0])), "reference_std": 0.0,
                  "normalized": num(stats.wasserstein_distance([3.0] * 5, [3.0, 4.0]) / MIN_STANDARD_DEVIATION)})
    add("constant_moved_up", np.full(200, 5.0), np.full(150, 6.0))
    add("tiny_deviation_floored", np.r_[np.full(999, 1.0), 1.01], np.r_[np.full(900, 1.0), np.full(100, 1.01)])
    return cases


def jensen_shannon_cases():
    rng = np.random.default_rng(1618)
    cases = []
    for name, p, q in [
        ("counts", [10, 20, 30, 40], [40, 30, 20, 10]),
        ("proportions", [0.5, 0.25, 0.25], [0.4, 0.4, 0.2]),
        ("identical", [1, 2, 3], [1, 2, 3]),
        ("disjoint", [1, 0, 0], [0, 5, 5]),
        ("zero_on_one_side", [5, 5, 0], [3, 3, 4]),
        ("random_20", rng.integers(0, 100, 20).tolist(), rng.integers(0, 100, 20).tolist()),
    ]:
        cases.append({"name": name, "p": [float(v) for v in p], "q": [float(v) for v in q],
                      "distance": num(jensenshannon(p, q, base=2))})
    maps = []
    for name, p, q in [
        ("category_one_side_only", {"A": 500, "B": 300, "C": 200}, {"A": 450, "B": 300, "D": 50}),
        ("same_categories", {"A": 1, "B": 3}, {"A": 2, "B": 2}),
    ]:
        cats = list(dict.fromkeys(list(p) + list(q)))
        pv = [p.get(c, 0) for c in cats]
        qv = [q.get(c, 0) for c in cats]
        maps.append({"name": name, "p": p, "q": q, "distance": num(jensenshannon(pv, qv, base=2))})
    return {"vectors": cases, "maps": maps}


# --------------------------------------------------------------------------------------------
# Classification metrics
# --------------------------------------------------------------------------------------------

THRESHOLD = 0.3282


def classification_case(name, y, score, threshold=THRESHOLD):
    y = np.asarray(y, dtype=int)
    score = np.asarray(score, dtype=float)
    y_pred = (score >= threshold).astype(int)
    case = {"name": name, "threshold": threshold, "labels": y.tolist(), "scores": arr(score)}
    two_classes = len(np.unique(y)) == 2
    auc = metrics.roc_auc_score(y, score) if two_classes else None
    case["auc"] = num(auc) if auc is not None else None
    case["gini"] = num(2 * auc - 1) if auc is not None else None
    case["ks_separation"] = (num(stats.ks_2samp(score[y == 1], score[y == 0], method="asymp").statistic)
                             if two_classes else None)
    case["brier"] = num(metrics.brier_score_loss(y, score)) if score.min() >= 0 and score.max() <= 1 else None
    tn, fp, fn, tp = metrics.confusion_matrix(y, y_pred, labels=[0, 1]).ravel()
    case["confusion"] = {"tn": int(tn), "fp": int(fp), "fn": int(fn), "tp": int(tp)}
    case["precision"] = num(metrics.precision_score(y, y_pred, zero_division="warn"))
    case["recall"] = num(metrics.recall_score(y, y_pred, zero_division="warn"))
    case["f1"] = num(metrics.f1_score(y, y_pred, zero_division="warn"))
    case["accuracy"] = num(metrics.accuracy_score(y, y_pred))
    case["report"] = metrics.classification_report(y, y_pred, output_dict=True, zero_division="warn")
    return case


def classification_cases():
    rng = np.random.default_rng(4242)
    cases = []

    # a scorecard-like sample: probabilities with ties (rounded to 2 decimals)
    n = 5000
    x = rng.normal(0, 1, n)
    p_true = 1 / (1 + np.exp(-(-1.6 + 1.3 * x)))
    y = (rng.uniform(size=n) < p_true).astype(int)
    score = np.round(1 / (1 + np.exp(-(-1.5 + 1.2 * x + rng.normal(0, 0.5, n)))), 2)
    cases.append(classification_case("scorecard_5000_ties", y, score))

    y2 = rng.integers(0, 2, 300)
    s2 = np.round(rng.uniform(0, 1, 300), 3)
    cases.append(classification_case("uninformative_300", y2, s2))

    # every score identical: AUC 0.5 by ties only
    cases.append(classification_case("all_scores_tied", [0, 1, 0, 1, 1, 0, 0], [0.4] * 7))
    cases.append(classification_case("perfect_separation", [0, 0, 0, 1, 1], [0.1, 0.2, 0.3, 0.8, 0.9]))
    cases.append(classification_case("inverted_separation", [1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9]))
    # one class only: AUC undefined
    cases.append(classification_case("only_negatives", [0, 0, 0, 0], [0.1, 0.5, 0.35, 0.9]))
    cases.append(classification_case("only_positives", [1, 1, 1], [0.2, 0.6, 0.4]))
    # class 1 never predicted: precision of class 1 is 0 by zero division
    cases.append(classification_case("positive_never_predicted", [0, 1, 0, 1, 0, 0],
                                     [0.1, 0.2, 0.05, 0.3, 0.25, 0.0]))
    # class 0 never predicted
    cases.append(classification_case("negative_never_predicted", [0, 1, 0, 1], [0.5, 0.9, 0.4, 0.7]))
    # all negatives predicted negative: class 1 absent from labels and predictions
    cases.append(classification_case("single_class_everywhere", [0, 0, 0], [0.1, 0.2, 0.3]))
    # labels all 0 but some predicted 1: class 1 has support 0
    cases.append(classification_case("positive_predicted_never_true", [0, 0, 0], [0.1, 0.5, 0.3]))
    return cases


# --------------------------------------------------------------------------------------------
# The last ulps: where scipy's cephes underflows to 0 or reaches the subnormal range
# --------------------------------------------------------------------------------------------

def underflow_cases():
    smirnov = []
    for n in [1000000, 100000, 5000, 400]:
        for t in [700.0, 705.0, 708.0, 708.5, 709.0, 712.0, 716.0, 720.0, 725.0, 730.0, 735.0]:
            d = math.sqrt(t / 2 / n)
            if d < 1:
                smirnov.append({"n": n, "d": d, "two_n_d_squared": t, "smirnov": num(special.smirnov(n, d))})
    kstwo = []
    for n in [1000000, 250000]:
        for t in [354.0, 354.25, 355.0, 358.0, 362.0, 365.0, 369.9]:
            d = math.sqrt(t / n)
            kstwo.append({"n": n, "d": d, "n_d_squared": t, "kstwo_sf": num(stats.kstwo.sf(d, n))})
    chi2 = []
    for dof in [1, 2, 3, 4, 5, 10, 30]:
        for x in [1380.0, 1400.0, 1410.0, 1415.0, 1417.0, 1419.0, 1419.5, 1420.0, 1421.0, 1425.0, 1440.0,
                  1460.0, 1480.0, 1500.0, 1600.0]:
            chi2.append({"dof": dof, "x": x, "sf": num(stats.chi2.sf(x, dof))})
    tables = [chi2_table_case("yates_2x2_p_underflows", [[300000, 250000], [250000, 300000]]),
              chi2_table_case("table_2x3_p_subnormal", [[2600, 1000, 1000], [1000, 2600, 1000]])]
    return {"smirnov": smirnov, "kstwo": kstwo, "chi2_sf": chi2, "chi2_tables": tables}


def main():
    os.makedirs(DATA, exist_ok=True)
    write_json("ks.json", {"cases": ks_cases()})
    write_json("ks_distribution.json", {"rows": ks_distribution_grid()})
    write_json("chi2.json", {"cases": chi2_cases()})
    write_json("psi.json", psi_cases())
    write_json("wasserstein.json", {"cases": wasserstein_cases()})
    write_json("jensen_shannon.json", jensen_shannon_cases())
    write_json("classification.json", {"cases": classification_cases()})
    write_json("underflow.json", underflow_cases())
    total = 0
    for base, _, files in os.walk(OUT):
        total += sum(os.path.getsize(os.path.join(base, f)) for f in files)
    print("total golden size: %.2f MB" % (total / 1e6))


if __name__ == "__main__":
    sys.exit(main())
