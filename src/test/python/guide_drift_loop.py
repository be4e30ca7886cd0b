"""The monitoring guide's FeatureDriftDetector loop (ks_2samp per feature), timed on the data a
benchmark wrote: reference.csv and window.csv (same numerical columns). Prints one line:
  scipy_seconds <median> <min> <features>
Run by io.scorewatch.bench.DriftBenchmark; not a test."""
import sys
import time

import numpy as np
import pandas as pd
from scipy.stats import ks_2samp

reference = pd.read_csv(sys.argv[1])
window = pd.read_csv(sys.argv[2])
columns = [c for c in window.columns]
X_train = reference[columns].values
X_production = window[columns].values
repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3


def detect_drift(reference_data, production_data, threshold=0.05):
    results = {}
    for i, feature in enumerate(columns):
        ref_values = reference_data[:, i]
        prod_values = production_data[:, i]
        statistic, p_value = ks_2samp(ref_values, prod_values)
        results[feature] = {"statistic": statistic, "p_value": p_value, "drifted": p_value < threshold}
    return results


times = []
for _ in range(repeats):
    start = time.perf_counter()
    detect_drift(X_train, X_production)
    times.append(time.perf_counter() - start)
print("scipy_seconds", float(np.median(times)), min(times), len(columns))
