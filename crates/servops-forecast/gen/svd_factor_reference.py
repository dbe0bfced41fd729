"""Independent reference for the SVD factor model (docs/forecast.md 2.11).

Writes ../tests/data/svd_factor_history.csv (a synthetic 30-minute history:
Poisson counts with a random-walk day level and a weekday-dependent
intraday shape, weekdays open 08:00-20:00, weekends closed) and
../tests/data/svd_factor_reference.csv (the forecasts of the following
week for four configurations), computed with numpy only: numpy.linalg.svd
for the decomposition, no code of the crate.

Run: python3 svd_factor_reference.py   (Python 3.11, numpy 1.26.4)
"""

import csv
import datetime as dt
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "data")
FIRST = dt.date(2026, 1, 5)  # a Monday
DAYS = 168  # 24 weeks
SLOTS = 48  # 30-minute slots
OPEN = list(range(16, 40))  # open 08:00-20:00
TYPE_DAYS = 4


def simulate():
    rng = np.random.default_rng(20031)
    hours = np.arange(SLOTS) / 2.0
    base = np.exp(-((hours - 11.0) ** 2) / 8.0) + 0.8 * np.exp(-((hours - 15.5) ** 2) / 6.0)
    level = 40.0
    rows = []
    for i in range(DAYS):
        d = FIRST + dt.timedelta(days=i)
        wd = d.weekday()
        level *= np.exp(rng.normal(0.0, 0.05))
        for h in range(SLOTS):
            if wd >= 5 or h not in OPEN:
                x = 0
            else:
                # Monday peaks earlier and higher, Friday later and lower.
                shape = base[h] * (1.0 + 0.3 * (wd == 0) * (h < 24) - 0.2 * (wd == 4) * (h < 24))
                x = rng.poisson(0.5 * level * (0.2 + shape) * (1.2 if wd == 0 else 1.0))
            rows.append((d, h, int(x)))
    return rows


def forecast(rows, k, scale, window, decay, ar):
    days = sorted({d for d, _, _ in rows if d.weekday() < 5})
    val = {(d, h): x for d, h, x in rows}
    idx = list(range(len(days)))
    start = max(0, len(idx) - window)
    sel = idx[start:]
    count = {}
    for i in sel:
        count[days[i].weekday()] = count.get(days[i].weekday(), 0) + 1
    extra = {}
    for i in reversed(idx[:start]):
        t = days[i].weekday()
        if count.get(t, 0) + extra.get(t, 0) < TYPE_DAYS:
            extra[t] = extra.get(t, 0) + 1
            sel.append(i)
    sel.sort()
    x = np.array([[val[(days[i], h)] for h in OPEN] for i in sel], dtype=float)
    y = np.sqrt(x + 0.25) if scale == "square_root" else x
    _, s, vt = np.linalg.svd(y, full_matrices=False)
    keep = [j for j in range(min(k, len(s))) if s[j] > 1e-6 * s[0]]
    v = vt[keep]  # shapes as rows
    xi = y @ v.T  # scores, n x K
    types = [days[i].weekday() for i in sel]
    n = len(sel)
    w = decay ** np.arange(n - 1, -1, -1)  # age 0 for the most recent row
    eff = {}
    for t in set(types):
        m = np.array([tt == t for tt in types])
        eff[t] = (w[m][:, None] * xi[m]).sum(axis=0) / w[m].sum()
    a = np.array([eff[t] for t in types])
    r = xi - a
    phi = np.zeros(len(keep))
    if ar:
        for j in range(len(keep)):
            den = (r[:-1, j] ** 2).sum()
            if den > 1e-12 * (r[:, j] ** 2).sum():
                phi[j] = min(1.0, max(0.0, (r[1:, j] * r[:-1, j]).sum() / den))
    bias = 0.0
    if scale == "square_root":
        prev = np.vstack([np.zeros(len(keep)), r[:-1]])
        fit = (a + phi * prev) @ v
        bias = ((y - fit) ** 2).mean()
    out = []
    end = FIRST + dt.timedelta(days=DAYS - 1)
    lead = 0
    for off in range(1, 8):
        d = end + dt.timedelta(days=off)
        if d.weekday() >= 5:
            for h in range(SLOTS):
                out.append((d, h, 0.0))
            continue
        lead += 1
        score = eff[d.weekday()] + phi ** lead * r[-1]
        yh = score @ v
        if scale == "square_root":
            xh = np.maximum(np.maximum(yh, 0.0) ** 2 + bias - 0.25, 0.0)
        else:
            xh = np.maximum(yh, 0.0)
        for h in range(SLOTS):
            out.append((d, h, float(xh[OPEN.index(h)]) if h in OPEN else 0.0))
    return out


CONFIGS = [
    # name, K, scale, window, decay, AR(1)
    ("k2_sqrt_w40_ar", 2, "square_root", 40, 1.0, True),
    ("k3_counts_w30_d095_ar", 3, "counts", 30, 0.95, True),
    ("k1_sqrt_w200_noar", 1, "square_root", 200, 1.0, False),
    ("k5_counts_w12_noar", 5, "counts", 12, 1.0, False),
]


def main():
    rows = simulate()
    with open(os.path.join(OUT, "svd_factor_history.csv"), "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["date", "slot", "count"])
        for d, h, x in rows:
            wr.writerow([d.isoformat(), h, x])
    with open(os.path.join(OUT, "svd_factor_reference.csv"), "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["config", "components", "scale", "window", "decay", "autoregression", "date", "slot", "forecast"])
        for name, k, scale, window, decay, ar in CONFIGS:
            for d, h, x in forecast(rows, k, scale, window, decay, ar):
                wr.writerow([name, k, scale, window, decay, int(ar), d.isoformat(), h, repr(x)])


if __name__ == "__main__":
    main()
