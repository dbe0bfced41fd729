"""Independent reference for servops-forecast's CatchUp wrapper.

Recomputes, with numpy/pandas and no crate code, the catch-up estimate of
docs/forecast.md 2.14 (the number n of catch-up days with a ratio, the raw
multiplier exp(e_bar) and the shrunk multiplier exp(g)) from the committed
bank data, for the histories before six origins, and writes
tests/data/catch_up_reference.csv (series, before, instances,
raw_multiplier, multiplier; an empty raw_multiplier when it is undefined).

The calendars mirror tests/common/mod.rs:
- Israel: open around the clock every day; a holiday is "like a Saturday",
  an eve "like a Friday", an intermediate festival day Sunday-Thursday its
  own type; rest days Friday and Saturday (set explicitly).
- US: weekdays open 07:00-21:05, weekends closed, three federal holidays
  closed; rest days = the weekdays the calendar closes (Saturday, Sunday).

Run from the crate directory: python3 gen/catch_up_reference.py
(Python 3.11.7, numpy 1.26.4, pandas 3.0.6).
"""
import csv
import datetime as dt
import math

import numpy as np
import pandas as pd

DATA = "../../data"
WINDOW = 21
LOOK_BACK = 7
ALL_DAY = (0, 1440)
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


class Cal:
    """Weekly opening hours (minute range, None = closed) and special days.

    A special day is a tuple: ("closed",), ("holiday",), ("like", weekday),
    ("eve",) or ("custom", name).
    """

    def __init__(self, weekly, special):
        self.weekly = weekly
        self.special = special

    def hours(self, d):
        s = self.special.get(d)
        if s is None:
            return self.weekly[d.weekday()]
        if s[0] == "closed":
            return None
        if s[0] == "like":
            return self.weekly[s[1]]
        return self.weekly[d.weekday()]

    def day_type(self, d):
        s = self.special.get(d)
        if s is None:
            return ("like", d.weekday())
        return s


def catch_up(cal, rest, d):
    """A regular working day whose nearest earlier day that is not a regular
    rest day (at most LOOK_BACK days back) is a special day not worked."""
    if d in cal.special or d.weekday() in rest or cal.hours(d) is None:
        return False
    x = d
    for _ in range(LOOK_BACK):
        x = x - dt.timedelta(days=1)
        s = cal.special.get(x)
        if s is not None:
            if s[0] in ("closed", "holiday"):
                return True
            if s[0] == "like":
                return s[1] in rest
            return False
        if x.weekday() not in rest:
            return False
    return False


def complete_days(times, values, cal):
    """Daily totals over the open slots of the days whose open slots are all
    observed (the calendar's closed days are left out)."""
    df = pd.DataFrame({"t": times, "v": values})
    df["date"] = df.t.dt.date
    df["minute"] = df.t.dt.hour * 60 + df.t.dt.minute
    step = int((df.t.iloc[1] - df.t.iloc[0]).total_seconds() // 60)
    out = {}
    for d, g in df.groupby("date"):
        h = cal.hours(d)
        if h is None or cal.day_type(d) == ("closed",):
            continue
        want = {m for m in range(0, 1440, step) if h[0] <= m < h[1]}
        inside = g[(g.minute >= h[0]) & (g.minute < h[1]) & g.v.notna()]
        if set(inside.minute) != want:
            continue
        out[d] = float(inside.v.sum())
    return out


def us():
    u = pd.read_csv(f"{DATA}/us_bank_calls_5min_2003.csv")
    t = pd.to_datetime(u.DateTime.str.rstrip("Z"))
    weekly = [(7 * 60, 21 * 60 + 5)] * 5 + [None, None]
    special = {dt.date.fromisoformat(x): ("closed",) for x in ("2003-05-26", "2003-07-04", "2003-09-01")}
    cal = Cal(weekly, special)
    rest = {w for w in range(7) if weekly[w] is None}
    return complete_days(t, u.Calls.astype(float), cal), cal, rest


def israel():
    a = pd.read_csv(f"{DATA}/anonymous_bank_1999_arrivals_30min.csv", parse_dates=["start"])
    hol = pd.read_csv("tests/data/israel_holidays_1999.csv")
    special = {}
    for _, r in hol.iterrows():
        d = dt.date.fromisoformat(r.date)
        if r.kind == "holiday":
            special[d] = ("like", SAT)
        elif r.kind == "eve":
            special[d] = ("like", FRI)
        elif r.kind == "chol_hamoed" and r.weekday not in ("Fri", "Sat"):
            special[d] = ("custom", "chol hamoed")
    cal = Cal([ALL_DAY] * 7, special)
    return complete_days(a.start, a.calls.astype(float), cal), cal, {FRI, SAT}


def estimate(totals, cal, rest, before):
    """(n, e_bar or None, g) over the complete days strictly before `before`."""
    days = {d: y for d, y in totals.items() if d < before}
    regular_days = [d for d in sorted(days) if d not in cal.special]
    flags = {d: catch_up(cal, rest, d) for d in regular_days}
    print("  catch-up days:", [str(d) for d in regular_days if flags[d]])
    if not any(flags.values()):
        return 0, None, 0.0
    usable = [d for d in regular_days if days[d] > 0 and math.isfinite(days[d])]
    regular, excess = [], []
    for d in usable:
        refs = [
            days[x]
            for x in usable
            if x != d
            and cal.day_type(x) == cal.day_type(d)
            and abs((x - d).days) <= WINDOW
            and not flags[x]
        ]
        if len(refs) < 2:
            continue
        r = math.log(days[d]) - math.log(np.mean(refs))
        (excess if flags[d] else regular).append(r)
    if len(regular) < 2:
        return 0, None, 0.0
    regular = np.array(regular)
    r_bar = regular.mean()
    s2 = regular.var(ddof=1)
    n = len(excess)
    if n == 0:
        return 0, None, 0.0
    e_bar = float(np.mean(np.array(excess) - r_bar))
    shrink = 0.0 if e_bar == 0 else max(0.0, 1.0 - s2 / (n * e_bar**2))
    return n, e_bar, e_bar * shrink


def main():
    isr = israel()
    usa = us()
    cases = [("israel", isr, b) for b in ("1999-04-17", "1999-05-22", "1999-09-04", "1999-12-03")]
    cases += [("us", usa, b) for b in ("2003-06-15", "2003-10-25")]
    rows = []
    for name, (totals, cal, rest), before in cases:
        n, e_bar, g = estimate(totals, cal, rest, dt.date.fromisoformat(before))
        raw = "" if e_bar is None else repr(math.exp(e_bar))
        rows.append([name, before, n, raw, repr(math.exp(g))])
        print(name, before, n, raw, math.exp(g))
    with open("tests/data/catch_up_reference.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["series", "before", "instances", "raw_multiplier", "multiplier"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
