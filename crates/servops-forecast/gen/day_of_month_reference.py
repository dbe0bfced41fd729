"""Independent reference for servops-forecast's DayOfMonth effect.

Recomputes, with pandas and no crate code, the day-of-month multipliers and
the credibility constant from the daily totals of the committed bank data,
for the histories before three origins, and writes
tests/data/day_of_month_reference.csv (origin, series, m, then the 31
multipliers for offsets -16..14 from the 1st).

Run from the crate directory: python3 gen/day_of_month_reference.py
(pandas 3.0.6, numpy 1.26.4, Python 3.11.7).
"""
import calendar
import csv
import math

import numpy as np
import pandas as pd

DATA = "../../data"
WINDOW = 21


def us_days():
    us = pd.read_csv(f"{DATA}/us_bank_calls_5min_2003.csv")
    t = pd.to_datetime(us.DateTime.str.rstrip("Z"))
    # the calendar closes at 21:05: every row is inside the opening hours
    d = us.groupby(t.dt.normalize()).Calls.sum()
    return d, {x: x.dayofweek for x in d.index}, set()


def israel_days():
    a = pd.read_csv(f"{DATA}/anonymous_bank_1999_arrivals_30min.csv", parse_dates=["start"])
    d = a.groupby(a.start.dt.normalize()).calls.sum()
    hol = pd.read_csv("tests/data/israel_holidays_1999.csv", parse_dates=["date"])
    types = {x: x.dayofweek for x in d.index}
    special = set()
    for _, r in hol.iterrows():
        weekend = r.weekday in ("Fri", "Sat")
        if r.kind == "holiday":
            types[r.date] = 5
        elif r.kind == "eve":
            types[r.date] = 4
        elif r.kind == "chol_hamoed" and not weekend:
            types[r.date] = "chol hamoed"
        else:
            continue
        special.add(r.date)
    return d, types, special


def offset(x):
    dim = calendar.monthrange(x.year, x.month)[1]
    return x.day - 1 if x.day <= 15 else x.day - dim - 1


def effects(e, pos, m_fixed=None):
    """Credibility constant and pooled, shrunk log effects by offset."""
    n = {t: int((pos == t).sum()) for t in range(-16, 15)}
    s = {t: float(e[pos == t].sum()) for t in range(-16, 15)}
    used = [t for t in n if n[t] > 0]
    u, c = len(e), len(used)
    means = {t: s[t] / n[t] for t in used}
    within = sum(((e[pos == t] - means[t]) ** 2).sum() for t in used) / (u - c)
    grand = e.mean()
    between = sum(n[t] * (means[t] - grand) ** 2 for t in used)
    tau2 = (between - (c - 1) * within) / (u - sum(n[t] ** 2 for t in used) / u)
    m = within / tau2
    g = {}
    for t in range(-16, 15):
        num = 2 * s[t] + s.get(t - 1, 0.0) + s.get(t + 1, 0.0)
        den = 2 * n[t] + n.get(t - 1, 0) + n.get(t + 1, 0) + m
        g[t] = num / den
    return m, g


def reference(totals, types, special):
    days = [(x, float(y)) for x, y in totals.items() if x not in special and y > 0]
    cases = []
    for x, y in days:
        refs = [(z, v) for z, v in days if z != x and abs((z - x).days) <= WINDOW and types[z] == types[x]]
        if len(refs) >= 2:
            cases.append((x, y, refs))
    pos = np.array([offset(x) for x, _, _ in cases])
    g = {t: 0.0 for t in range(-16, 15)}
    # Backfitting: ratios to the neighbours with their effects divided out.
    for _ in range(100):
        e = np.array([
            math.log(y) - math.log(np.mean([v / math.exp(g[offset(z)]) for z, v in refs]))
            for _, y, refs in cases
        ])
        m, new = effects(e, pos)
        centre = np.mean([new[offset(x)] for x, _ in days])
        new = {t: v - centre for t, v in new.items()}
        change = max(abs(new[t] - g[t]) for t in g)
        g = new
        if change <= 1e-12:
            break
    return m, [math.exp(g[t]) for t in range(-16, 15)]


def main():
    rows = []
    for name, (totals, types, special), origin in [
        ("us", us_days(), "2003-08-28"),
        ("israel", israel_days(), "1999-11-06"),
        ("israel", israel_days(), "1999-08-08"),
    ]:
        before = totals[totals.index < pd.Timestamp(origin)]
        m, mult = reference(before, types, special)
        rows.append([name, origin, repr(m)] + [repr(v) for v in mult])
    with open("tests/data/day_of_month_reference.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["series", "origin", "credibility"] + [f"t{t}" for t in range(-16, 15)])
        w.writerows(rows)


if __name__ == "__main__":
    main()
