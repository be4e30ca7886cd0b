"""Golden values for drift runs, computed as the monitoring guide computes them (scipy, pandas).

Writes src/test/resources/golden/drift/:
  reference.csv     the reference (training) dataset: features, target, probability
  production.ndjson predictions of one week (log entries of the monitoring guide, with a prediction_id)
  labels.json       ground truth for some of those predictions
  expected.json     per feature KS / chi-square, PSI, distance; prediction and target drift

Run from the repository root:  /usr/bin/python3 src/test/python/generate_drift_golden.py
"""
import json
import os
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
from scipy.spatial.distance import jensenshannon
from scipy.stats import chi2_contingency, ks_2samp, wasserstein_distance

OUT = "src/test/resources/golden/drift"
rng = np.random.default_rng(20251208)
N_REF, N_PROD = 3000, 1200
START = datetime(2025, 12, 1, tzinfo=timezone.utc)

# --- reference -----------------------------------------------------------------------------
ref = pd.DataFrame({
    "AMT_INCOME": np.round(rng.lognormal(11, 0.5, N_REF), 2),
    "AGE_YEARS": rng.integers(21, 70, N_REF).astype(float),         # heavy ties: exact-path sized? no, asymp
    "EXT_SOURCE_1": np.round(rng.beta(2, 3, N_REF), 4),
    "DAYS_EMPLOYED": np.round(rng.normal(-2000, 800, N_REF)),
    "CONTRACT": rng.choice(["Cash loans", "Revolving loans"], N_REF, p=[0.9, 0.1]),
    "REGION": rng.choice(["north", "south", "east", "west"], N_REF, p=[0.4, 0.3, 0.2, 0.1]),
})
ref.loc[rng.random(N_REF) < 0.1, "EXT_SOURCE_1"] = np.nan                # 10% missing
ref["probability"] = np.round(rng.beta(1.2, 12, N_REF), 6)
ref["target"] = (rng.random(N_REF) < ref["probability"] * 1.1).astype(int)

# --- production: some features drift -------------------------------------------------------
prod = pd.DataFrame({
    "AMT_INCOME": np.round(rng.lognormal(11.15, 0.5, N_PROD), 2),       # shifted
    "AGE_YEARS": rng.integers(21, 70, N_PROD).astype(float),             # stable
    "EXT_SOURCE_1": np.round(rng.beta(2, 3, N_PROD), 4),                 # stable, more missing
    "DAYS_EMPLOYED": np.round(rng.normal(-2000, 800, N_PROD)),           # stable
    "CONTRACT": rng.choice(["Cash loans", "Revolving loans"], N_PROD, p=[0.75, 0.25]),  # drifted
    "REGION": rng.choice(["north", "south", "east", "west", "islands"], N_PROD,
                         p=[0.4, 0.3, 0.18, 0.1, 0.02]),                 # a category never seen
})
prod.loc[rng.random(N_PROD) < 0.3, "EXT_SOURCE_1"] = np.nan               # 30% missing
prod["probability"] = np.round(rng.beta(1.5, 12, N_PROD), 6)
prod["prediction"] = (prod["probability"] >= 0.3282).astype(int)
prod["timestamp"] = [START + timedelta(seconds=int(s)) for s in np.sort(rng.integers(0, 7 * 86400, N_PROD))]
labels_idx = rng.choice(N_PROD, 500, replace=False)
prod_labels = (rng.random(500) < prod["probability"].values[labels_idx] * 1.4).astype(int)

os.makedirs(OUT, exist_ok=True)
ref_out = ref.copy()
ref_out.to_csv(f"{OUT}/reference.csv", index=False)

with open(f"{OUT}/production.ndjson", "w") as f:
    for i, row in prod.iterrows():
        features = {c: (None if pd.isna(row[c]) else (row[c] if isinstance(row[c], str) else float(row[c])))
                    for c in ["AMT_INCOME", "AGE_YEARS", "EXT_SOURCE_1", "DAYS_EMPLOYED", "CONTRACT", "REGION"]}
        f.write(json.dumps({"prediction_id": f"golden-drift-{i}", "timestamp": row["timestamp"].isoformat(),
                            "client_id": f"c{i}", "prediction": int(row["prediction"]),
                            "probability": float(row["probability"]), "features": features}) + "\n")
with open(f"{OUT}/labels.json", "w") as f:
    json.dump([{"prediction_id": f"golden-drift-{int(i)}", "actual_default": int(y)}
               for i, y in zip(labels_idx, prod_labels)], f)

# --- expected, as the monitoring guide computes it --------------------------------------------------------
def psi_numeric(r, p):
    r = r[~np.isnan(r)]; p = p[~np.isnan(p)]
    # the deciles, and each mass point (a value held by more than a tenth) alone in its bin
    values, counts = np.unique(r, return_counts=True)
    mass = values[counts * 10 > len(r)]
    edges = np.unique(np.concatenate([np.quantile(r, np.arange(1, 10) / 10), mass, np.nextafter(mass, np.inf)]))
    rc = np.bincount(np.searchsorted(edges, r, side="right"), minlength=len(edges) + 1)
    pc = np.bincount(np.searchsorted(edges, p, side="right"), minlength=len(edges) + 1)
    rp = np.maximum(rc / rc.sum(), 1e-4); pp = np.maximum(pc / pc.sum(), 1e-4)
    return float(np.sum((pp - rp) * np.log(pp / rp)))

def psi_categorical(rc, pc):
    cats = sorted(set(rc) | set(pc))
    r = np.array([rc.get(c, 0) for c in cats], float); p = np.array([pc.get(c, 0) for c in cats], float)
    rp = np.maximum(r / r.sum(), 1e-4); pp = np.maximum(p / p.sum(), 1e-4)
    return float(np.sum((pp - rp) * np.log(pp / rp)))

features = {}
for c in ["AMT_INCOME", "AGE_YEARS", "EXT_SOURCE_1", "DAYS_EMPLOYED"]:
    r = ref[c].values.astype(float); p = prod[c].values.astype(float)
    rr = r[~np.isnan(r)]; pp = p[~np.isnan(p)]
    ks = ks_2samp(rr, pp)
    features[c] = {"type": "numerical", "test": "ks", "statistic": float(ks.statistic), "p_value": float(ks.pvalue),
                   "psi": psi_numeric(r, p), "distance": float(wasserstein_distance(rr, pp) / np.std(rr)),
                   "reference_missing_share": float(np.isnan(r).mean()),
                   "production_missing_share": float(np.isnan(p).mean())}
for c in ["CONTRACT", "REGION"]:
    rc = ref[c].value_counts(); pc = prod[c].value_counts()
    table = pd.DataFrame({"train": rc, "prod": pc}).fillna(0)
    chi2, pvalue, dof, _ = chi2_contingency(table)
    cats = list(table.index)
    js = jensenshannon(table["train"].values / table["train"].sum(), table["prod"].values / table["prod"].sum(),
                       base=2)
    features[c] = {"type": "categorical", "test": "chi2", "statistic": float(chi2), "p_value": float(pvalue),
                   "psi": psi_categorical(rc.to_dict(), pc.to_dict()), "distance": float(js),
                   "unseen_categories": int(sum(1 for k in pc.index if k not in rc.index)),
                   "reference_missing_share": 0.0, "production_missing_share": 0.0}

train_proba = ref["probability"].values; prod_proba = prod["probability"].values
ks = ks_2samp(train_proba, prod_proba)
train_mean = np.mean(train_proba); prod_mean = np.mean(prod_proba)
prediction_drift = {"statistic": float(ks.statistic), "p_value": float(ks.pvalue), "drifted": bool(ks.pvalue < 0.05),
                    "train_mean": float(train_mean), "prod_mean": float(prod_mean),
                    "mean_shift": float(prod_mean - train_mean),
                    "pct_shift": float((prod_mean - train_mean) / train_mean * 100)}

train_counts = pd.Series(ref["target"].values).value_counts()
prod_counts = pd.Series(prod_labels).value_counts()
contingency = pd.DataFrame({"train": train_counts, "prod": prod_counts}).fillna(0)
chi2, pvalue, dof, _ = chi2_contingency(contingency)
target_drift = {"chi2": float(chi2), "p_value": float(pvalue), "drifted": bool(pvalue < 0.05),
                "train_positive_rate": float(train_counts.get(1, 0) / len(ref)),
                "prod_positive_rate": float(prod_counts.get(1, 0) / len(prod_labels)), "labeled_count": 500}

drifted = sorted(c for c, f in features.items() if f["p_value"] < 0.05)
expected = {"from": START.isoformat().replace("+00:00", "Z"),
            "to": (START + timedelta(days=7)).isoformat().replace("+00:00", "Z"),
            "prediction_count": N_PROD, "reference_rows": N_REF,
            "target_rate": float(ref["target"].mean()), "probability_mean": float(train_mean),
            "features": features, "drifted_features": drifted, "drift_share": len(drifted) / len(features),
            "prediction_drift": prediction_drift, "target_drift": target_drift}
with open(f"{OUT}/expected.json", "w") as f:
    json.dump(expected, f, indent=1)
print("drifted:", drifted)
