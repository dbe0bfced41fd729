"""Independent reference for the handle-time protocol of tests/protocol.rs.

Re-implements, with numpy and without the crate's code, the AHT models of
docs/forecast.md section 2.8 (credibility fallback interval of day ->
[day-type factor] -> interval of week, fixed or Buehlmann-Straub weights,
recent level, workload-median point), the validation grids, the selection
on the January rolling origins and the workload error on the four February
test weeks. Writes ../tests/data/handle_time_protocol.csv.

Run: python3 handle_time_protocol.py   (Python 3.11.7, numpy 1.26.4, pandas 2.3.3)
"""
import itertools
import sys
import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "data", "anonymous_bank_1999_handle_30min.csv")
OUT = os.path.join(HERE, "..", "tests", "data", "handle_time_protocol.csv")

df = pd.read_csv(DATA, parse_dates=["start"])
df["date"] = df.start.dt.normalize()
df["slot"] = df.start.dt.hour * 2 + df.start.dt.minute // 30
DATES = pd.DatetimeIndex(sorted(df.date.unique()))
N = df.pivot(index="date", columns="slot", values="served").reindex(DATES).fillna(0).values.astype(float)
S = df.pivot(index="date", columns="slot", values="handle_s_sum").reindex(DATES).fillna(0).values.astype(float)
WD = DATES.weekday.values
K = 48


def shrink(s, n, m, coarse):
    if not np.isfinite(m) or n + m <= 0:
        return coarse
    x = (s + m * coarse) / (n + m)
    return x if np.isfinite(x) else coarse


def credibility(cell, w, x, pred):
    """Buehlmann-Straub m = sigma^2 / tau^2 (inf when tau^2 <= 0)."""
    C = len(pred)
    W = np.bincount(cell, weights=w, minlength=C)
    WX = np.bincount(cell, weights=w * x, minlength=C)
    mean = np.where(W > 0, WX / np.where(W > 0, W, 1), 0.0)
    within = float((w * (x - mean[cell]) ** 2).sum())
    cells = int((W > 0).sum())
    if len(x) <= cells or cells < 2:
        return np.inf
    s2 = within / (len(x) - cells)
    tot = W.sum()
    used = W > 0
    between = float((W[used] * (mean[used] - pred[used]) ** 2).sum())
    tau2 = (between - (cells - 1) * s2) / (tot - (W * W).sum() / tot)
    if tau2 <= 0:
        return np.inf
    m = s2 / tau2
    return m if np.isfinite(m) and m >= 0 else np.inf


def smooth(v, h):
    if h == 0:
        return v.astype(float)
    out = np.zeros(len(v))
    for i in range(len(v)):
        for j in range(max(0, i - h), min(len(v) - 1, i + h) + 1):
            out[i] += (h + 1 - abs(i - j)) / (h + 1) * v[j]
    return out


def wmedian(x, w):
    keep = np.isfinite(x) & (w > 0)
    x, w = x[keep], w[keep]
    o = np.argsort(x, kind="stable")
    x, w = x[o], w[o]
    cw = np.cumsum(w)
    return x[np.searchsorted(cw, cw[-1] / 2.0)]


def fit(n_hist, s_hist, wd_hist, cfg):
    """Returns a function weekday -> 48 AHTs."""
    days = cfg.get("days", 10**9)
    n, s, wd = n_hist[-days:], s_hist[-days:], wd_hist[-days:]
    types = sorted(set(wd.tolist()))
    tix = {t: i for i, t in enumerate(types)}
    k_of_day = np.array([tix[t] for t in wd])
    ov = s.sum() / n.sum()
    level = 1.0
    if cfg.get("recent"):
        r = cfg["recent"]
        nr, sr = n_hist[-r:].sum(), s_hist[-r:].sum()
        x = sr / nr / ov if nr > 0 else np.nan
        level = x if nr > 0 and np.isfinite(x) and x > 0 else 1.0
    est = cfg.get("estimated", False)
    dd, ss = np.nonzero(n)
    xu, wu = s[dd, ss] / n[dd, ss], n[dd, ss]
    m1 = credibility(ss, wu, xu, np.full(K, ov)) if est else cfg["m"]
    Ss, Ns = smooth(s.sum(0), cfg["sm"]), smooth(n.sum(0), cfg["sm"])
    slot = np.array([shrink(Ss[i], Ns[i], m1, ov) for i in range(K)])
    f = np.ones(len(types))
    if cfg.get("md") is not None:
        e = n * slot[None, :]
        wdu = (e / ov)[e > 0]
        kd = np.broadcast_to(k_of_day[:, None], n.shape)[e > 0]
        md = credibility(kd, wdu, s[e > 0] / e[e > 0], np.ones(len(types))) if est else cfg["md"]
        f = np.array([shrink(s[k_of_day == k].sum() / ov, e[k_of_day == k].sum() / ov, md, 1.0)
                      for k in range(len(types))])
    base = f[:, None] * slot[None, :]
    Sc = np.array([s[k_of_day == k].sum(0) for k in range(len(types))])
    Nc = np.array([n[k_of_day == k].sum(0) for k in range(len(types))])
    mc = credibility(k_of_day[dd] * K + ss, wu, xu, base.ravel()) if est else cfg.get("mc", cfg["m"])
    prof = np.array([[shrink(Sc[k, i], Nc[k, i], mc, base[k, i]) for i in range(K)]
                     for k in range(len(types))])
    scale = 1.0
    if cfg.get("median"):
        mu = prof[k_of_day[dd], ss]
        ok = mu > 0
        c = wmedian(xu[ok] / mu[ok], wu[ok] * mu[ok])
        scale = c if c > 0 else 1.0
    prof = prof * level * scale
    slot = slot * level * scale
    return lambda t: prof[tix[t]] if t in tix else slot


def sums(cfg, week):
    i0 = DATES.get_loc(pd.Timestamp(week))
    model = fit(N[:i0], S[:i0], WD[:i0], cfg)
    num = den = 0.0
    for d in range(i0, min(i0 + 7, len(DATES))):
        fc = model(WD[d])
        for i in range(K):
            if N[d, i] > 0:
                a = S[d, i] / N[d, i]
                num += N[d, i] * abs(fc[i] - a)
                den += N[d, i] * a
    return num, den


def pooled(cfg, weeks):
    t = [sums(cfg, w) for w in weeks]
    return sum(a for a, _ in t) / sum(b for _, b in t)


TEST = ["1999-02-01", "1999-02-08", "1999-02-15", "1999-02-22"]
TWO = ["1999-01-18", "1999-01-25"]
ROLL = [str(d.date()) for d in pd.date_range("1999-01-17", "1999-01-25")]

cands = []
for m, d, sm, r in itertools.product([0.0, 30.0, 100.0, 300.0, 1000.0], [14, 28, 1000], [0, 1, 2], [0, 7]):
    cands.append(dict(m=m, days=d, sm=sm, recent=r, prev=True))
for m, md, mc, sm, d in itertools.product([10.0, 30.0, 100.0, 300.0], [300.0, 1000.0, 3000.0],
                                          [100.0, 300.0, 1000.0, 3000.0], [0, 1, 2], [28, 1000]):
    cands.append(dict(m=m, md=md, mc=mc, sm=sm, days=d, prev=False))
for sm, day in itertools.product([0, 1, 2], [False, True]):
    c = dict(m=0.0, days=28, sm=sm, estimated=True, prev=False)
    if day:
        c["md"] = 0.0
    cands.append(c)

roll = [pooled(c, ROLL) for c in cands]
two = [pooled(c, TWO) for c in cands]
prev_two = min((i for i in range(len(cands)) if cands[i]["prev"]), key=lambda i: two[i])
chosen = min(range(len(cands)), key=lambda i: roll[i])
raw = next(i for i, c in enumerate(cands) if c["prev"] and c["m"] == 0.0 and c["days"] == 1000
           and c["sm"] == 0 and c["recent"] == 0)
med = dict(cands[chosen], median=True)
rows = [
    ("raw_february", pooled(cands[raw], TEST)),
    ("previous_two_weeks", two[prev_two]),
    ("previous_february", pooled(cands[prev_two], TEST)),
    ("chosen_index", chosen),
    ("chosen_two_weeks", two[chosen]),
    ("chosen_rolling", roll[chosen]),
    ("chosen_february", pooled(cands[chosen], TEST)),
    ("median_rolling", pooled(med, ROLL)),
    ("median_february", pooled(med, TEST)),
]
with open(OUT, "w") as fh:
    fh.write("# written by gen/handle_time_protocol.py (Python %s, numpy %s, pandas %s)\n"
             % (sys.version.split()[0], np.__version__, pd.__version__))
    fh.write("# chosen configuration: %s\n" % {k: v for k, v in cands[chosen].items() if k != "prev"})
    fh.write("key,value\n")
    for k, v in rows:
        fh.write("%s,%r\n" % (k, float(v)))
print(open(OUT).read())
