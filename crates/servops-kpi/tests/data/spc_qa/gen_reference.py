#!/usr/bin/env python3
"""Reference values for the SPC and QA tests of servops-kpi.

Run from this directory:  python3 gen_reference.py
Writes reference.csv (dataset, statistic, value, tool) and prints the tool
versions, which PROVENANCE.md records. Every number here is computed by an
independent tool (statsmodels, pingouin, irrCAC, scipy) or by the textbook
formula written out in numpy, never copied from the Rust implementation.
"""
import csv
import math
import sys

import numpy as np
import pandas as pd
import scipy
import statsmodels
import pingouin
import irrCAC
from scipy import integrate, special, stats
from statsmodels.stats import inter_rater, proportion
from irrCAC.raw import CAC

ROWS = []


def put(dataset, statistic, value, tool):
    ROWS.append((dataset, statistic, repr(float(value)), tool))


def read_matrix(path):
    df = pd.read_csv(path, index_col=0)
    return df.to_numpy(dtype=float)


# ---------------------------------------------------------------- agreement
# Cohen's kappa on square contingency tables (statsmodels).
for name in ["sas_skin_condition", "wikipedia_cohen_2x2"]:
    table = read_matrix(f"{name}.csv")
    put(name, "cohen_kappa_unweighted", inter_rater.cohens_kappa(table).kappa, "statsmodels")
    put(name, "cohen_kappa_linear", inter_rater.cohens_kappa(table, wt="linear").kappa, "statsmodels")
    put(name, "cohen_kappa_quadratic", inter_rater.cohens_kappa(table, wt="quadratic").kappa, "statsmodels")
    # Gwet's AC1 for two raters: expand the table into one row per subject.
    k = table.shape[0]
    r1, r2 = [], []
    for i in range(k):
        for j in range(k):
            r1 += [i] * int(table[i, j])
            r2 += [j] * int(table[i, j])
    raw = pd.DataFrame({"r1": r1, "r2": r2})
    cac = CAC(raw, categories=list(range(k)))
    put(name, "gwet_ac1", cac.gwet()["est"]["coefficient_value"], "irrCAC")

# Fleiss' kappa and Gwet's AC1 on the Fleiss (1971) diagnoses.
counts = pd.read_csv("fleiss_1971_diagnoses.csv").to_numpy(dtype=int)
put("fleiss_1971_diagnoses", "fleiss_kappa", inter_rater.fleiss_kappa(counts, method="fleiss"), "statsmodels")
raters = counts.sum(axis=1)[0]
raw_rows = []
for row in counts:
    labels = []
    for cat, c in enumerate(row):
        labels += [cat] * int(c)
    raw_rows.append(labels)
raw = pd.DataFrame(raw_rows, columns=[f"r{i}" for i in range(raters)])
cac = CAC(raw, categories=list(range(counts.shape[1])))
put("fleiss_1971_diagnoses", "fleiss_kappa", cac.fleiss()["est"]["coefficient_value"], "irrCAC")
put("fleiss_1971_diagnoses", "gwet_ac1", cac.gwet()["est"]["coefficient_value"], "irrCAC")

# ICC on the Shrout & Fleiss (1979) 6 x 4 ratings (pingouin).
sf = pd.read_csv("shrout_fleiss_1979.csv")
long = sf.reset_index().melt(id_vars="index", var_name="judge", value_name="rating")
icc = pingouin.intraclass_corr(data=long, targets="index", raters="judge", ratings="rating")
for _, r in icc.iterrows():
    put("shrout_fleiss_1979", "icc_" + r["Type"].lower(), r["ICC"], "pingouin")

# ---------------------------------------------------------------- SPC constants
# d2 and d3 by numerical integration of the range distribution of n
# standard normals (Tippett 1925; Harter 1960), c4 from the gamma function.
Phi = stats.norm.cdf


def d2(n):
    f = lambda x: 1.0 - Phi(x) ** n - (1.0 - Phi(x)) ** n
    return integrate.quad(f, -np.inf, np.inf, epsabs=1e-13, epsrel=1e-13, limit=400)[0]


def d3(n):
    # E[W^2] = 2 * int int_{x<y} (1 - Phi(y)^n - (1-Phi(x))^n + (Phi(y)-Phi(x))^n) dy dx
    g = lambda y, x: 1.0 - Phi(y) ** n - (1.0 - Phi(x)) ** n + (Phi(y) - Phi(x)) ** n
    ew2 = 2.0 * integrate.dblquad(g, -12, 12, lambda x: x, lambda x: 12, epsabs=1e-11, epsrel=1e-11)[0]
    return math.sqrt(ew2 - d2(n) ** 2)


for n in range(2, 26):
    put("constants", f"d2_{n}", d2(n), "scipy.integrate")
    put("constants", f"d3_{n}", d3(n), "scipy.integrate")
    c4 = math.sqrt(2.0 / (n - 1)) * math.exp(special.gammaln(n / 2) - special.gammaln((n - 1) / 2))
    put("constants", f"c4_{n}", c4, "scipy.special")

# ---------------------------------------------------------------- SPC charts
# Textbook formulas (Montgomery, Introduction to Statistical Quality Control)
# written out in numpy, with d2/d3/c4 from the integrals above.
x = pd.read_csv("montgomery_runger_concentration.csv")["concentration"].to_numpy()
mr = np.abs(np.diff(x))
mrbar = mr.mean()
D2, D3 = d2(2), d3(2)
put("concentration_xmr", "center", x.mean(), "numpy")
put("concentration_xmr", "ucl", x.mean() + 3 * mrbar / D2, "numpy")
put("concentration_xmr", "lcl", x.mean() - 3 * mrbar / D2, "numpy")
put("concentration_xmr", "mr_center", mrbar, "numpy")
put("concentration_xmr", "mr_ucl", mrbar * (1 + 3 * D3 / D2), "numpy")

fi = pd.read_csv("fuel_injector_key_length.csv").iloc[:, 1:].to_numpy()
n = fi.shape[1]
means = fi.mean(axis=1)
ranges = fi.max(axis=1) - fi.min(axis=1)
sds = fi.std(axis=1, ddof=1)
xbb, rbar, sbar = means.mean(), ranges.mean(), sds.mean()
d2n, d3n = d2(n), d3(n)
c4n = math.sqrt(2.0 / (n - 1)) * math.exp(special.gammaln(n / 2) - special.gammaln((n - 1) / 2))
put("fuel_injector_xbar_r", "center", xbb, "numpy")
put("fuel_injector_xbar_r", "ucl", xbb + 3 * rbar / (d2n * math.sqrt(n)), "numpy")
put("fuel_injector_xbar_r", "lcl", xbb - 3 * rbar / (d2n * math.sqrt(n)), "numpy")
put("fuel_injector_xbar_r", "r_center", rbar, "numpy")
put("fuel_injector_xbar_r", "r_ucl", rbar * (1 + 3 * d3n / d2n), "numpy")
put("fuel_injector_xbar_r", "r_lcl", max(0.0, rbar * (1 - 3 * d3n / d2n)), "numpy")
put("fuel_injector_xbar_s", "center", xbb, "numpy")
put("fuel_injector_xbar_s", "ucl", xbb + 3 * sbar / (c4n * math.sqrt(n)), "numpy")
put("fuel_injector_xbar_s", "lcl", xbb - 3 * sbar / (c4n * math.sqrt(n)), "numpy")
put("fuel_injector_xbar_s", "s_center", sbar, "numpy")
put("fuel_injector_xbar_s", "s_ucl", sbar * (1 + 3 * math.sqrt(1 - c4n**2) / c4n), "numpy")

# Variable subgroup sizes: subgroup i keeps its first 3 + (i mod 3) values
# (i counted from 0); Montgomery's pooled-variance X-bar/S procedure.
groups = [row[: 3 + (i % 3)] for i, row in enumerate(fi)]
sizes = np.array([len(g) for g in groups])
gmeans = np.array([g.mean() for g in groups])
gvars = np.array([g.var(ddof=1) for g in groups])
xbb_v = (sizes * gmeans).sum() / sizes.sum()
sbar_v = math.sqrt(((sizes - 1) * gvars).sum() / (sizes.sum() - len(groups)))
put("fuel_injector_xbar_s_variable", "center", xbb_v, "numpy")
put("fuel_injector_xbar_s_variable", "s_center", sbar_v, "numpy")
for i, m in enumerate(sizes):
    c4m = math.sqrt(2.0 / (m - 1)) * math.exp(special.gammaln(m / 2) - special.gammaln((m - 1) / 2))
    a3 = 3 / (c4m * math.sqrt(m))
    b4 = 1 + 3 * math.sqrt(1 - c4m**2) / c4m
    b3 = max(0.0, 1 - 3 * math.sqrt(1 - c4m**2) / c4m)
    put("fuel_injector_xbar_s_variable", f"ucl_{i}", xbb_v + a3 * sbar_v, "numpy")
    put("fuel_injector_xbar_s_variable", f"lcl_{i}", xbb_v - a3 * sbar_v, "numpy")
    put("fuel_injector_xbar_s_variable", f"s_ucl_{i}", b4 * sbar_v, "numpy")
    put("fuel_injector_xbar_s_variable", f"s_lcl_{i}", b3 * sbar_v, "numpy")

for name, col_c, col_n in [("p_chart_200", "defectives", "size"), ("weekly_abandonment", "abandoned", "offered")]:
    df = pd.read_csv(f"{name}.csv")
    d, m = df[col_c].to_numpy(float), df[col_n].to_numpy(float)
    if name == "weekly_abandonment":
        # Phase I on the first 12 weeks, week 13 judged against those limits.
        pbar = d[:12].sum() / m[:12].sum()
    else:
        pbar = d.sum() / m.sum()
    put(name, "center", pbar, "numpy")
    for i in range(len(d)):
        s = math.sqrt(pbar * (1 - pbar) / m[i])
        put(name, f"ucl_{i}", min(1.0, pbar + 3 * s), "numpy")
        put(name, f"lcl_{i}", max(0.0, pbar - 3 * s), "numpy")

for name in ["montgomery_u_chart_computers", "montgomery_u_chart_dyed_cloth"]:
    df = pd.read_csv(f"{name}.csv")
    c, u = df["nonconformities"].to_numpy(float), df["units"].to_numpy(float)
    ubar = c.sum() / u.sum()
    put(name, "center", ubar, "numpy")
    for i in range(len(c)):
        s = math.sqrt(ubar / u[i])
        put(name, f"ucl_{i}", ubar + 3 * s, "numpy")
        put(name, f"lcl_{i}", max(0.0, ubar - 3 * s), "numpy")

# ---------------------------------------------------------------- QA sampling
for (x_, n_, conf) in [(81, 263, 0.95), (15, 148, 0.95), (0, 20, 0.95), (1, 29, 0.95), (29, 29, 0.95),
                       (45, 50, 0.90), (180, 200, 0.99), (7, 12, 0.80)]:
    lo, hi = proportion.proportion_confint(x_, n_, alpha=1 - conf, method="wilson")
    put(f"wilson_{x_}_{n_}_{conf}", "lower", lo, "statsmodels")
    put(f"wilson_{x_}_{n_}_{conf}", "upper", hi, "statsmodels")

for (p, e, conf, pop) in [(0.5, 0.05, 0.95, 0), (0.5, 0.05, 0.95, 1000), (0.9, 0.03, 0.95, 5000),
                          (0.8, 0.05, 0.90, 400), (0.5, 0.02, 0.99, 20000), (0.95, 0.05, 0.95, 60)]:
    z = stats.norm.ppf(1 - (1 - conf) / 2)
    n0 = z * z * p * (1 - p) / (e * e)
    nfpc = n0 if pop == 0 else n0 / (1 + (n0 - 1) / pop)
    key = f"sample_size_{p}_{e}_{conf}_{pop}"
    put(key, "n0", n0, "scipy.stats")
    put(key, "n", nfpc, "scipy.stats")
    put(key, "n_ceil", math.ceil(nfpc - 1e-9), "scipy.stats")

for p in [1e-12, 1e-8, 0.001, 0.0125, 0.025, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.975, 0.995, 0.999999]:
    put("normal_quantile", f"q_{p!r}", stats.norm.ppf(p), "scipy.stats")

with open("reference.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["dataset", "statistic", "value", "tool"])
    w.writerows(ROWS)

print("python", sys.version.split()[0])
for mod in [np, pd, scipy, statsmodels, pingouin, irrCAC]:
    print(mod.__name__, getattr(mod, "__version__", "?"))
print(len(ROWS), "rows written")
