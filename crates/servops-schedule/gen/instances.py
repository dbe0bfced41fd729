#!/usr/bin/env python3
"""Benchmark instances for servops-schedule and their reference optima.

Generates the shift-scheduling benchmark family (requirement from Erlang C on
a double-peaked weekday arrival curve with weekday factors, a quieter weekend
and shrinkage on top), writes each instance as JSON, then solves the same
implicit-break covering model (Aykin 1996) and the fixed-break model (every
break at the middle of its window) with HiGHS through highspy, and writes the
optima or best bounds to references.csv.

Usage: python3 instances.py [--no-solve] [--time-limit SECONDS]
Seed: 20260302 (numpy is not needed; the only randomness is a small seeded
jitter of the arrival curve, from Python's random module).
"""

import argparse
import csv
import json
import math
import os
import platform
import random
import sys
import time

SEED = 20260302
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "data")

AHT_S = 300.0          # average handle time
SL_TARGET = 0.80       # 80 % answered within
SL_THRESHOLD_S = 20.0  # 20 seconds
SHRINKAGE = 0.30       # 30 % of paid on-phone time lost to meetings, training, absence
WEEKDAY_FACTOR = [1.15, 1.05, 1.0, 1.0, 0.95, 0.50, 0.35]  # Mon..Sun
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def erlang_c_agents(load, interval_s):
    """Smallest N with service level >= target (Erlang C), 0 for no load."""
    if load <= 0:
        return 0
    n = max(1, math.floor(load) + 1)
    while True:
        # Erlang B by recursion, then C.
        b = 1.0
        for k in range(1, n + 1):
            b = load * b / (k + load * b)
        c = n * b / (n - load * (1 - b))
        sl = 1 - c * math.exp(-(n - load) * SL_THRESHOLD_S / AHT_S)
        if sl >= SL_TARGET:
            return n
        n += 1


def arrival_shape(hour, night):
    """Relative arrival rate at local hour (double peak, 10:30 and 14:45)."""
    morning = math.exp(-((hour - 10.5) ** 2) / (2 * 1.3 ** 2))
    afternoon = 0.8 * math.exp(-((hour - 14.75) ** 2) / (2 * 1.6 ** 2))
    evening = 0.25 * math.exp(-((hour - 19.0) ** 2) / (2 * 1.5 ** 2))
    base = 0.12 if 7 <= hour < 22 else night
    return base + morning + afternoon + evening


def requirement(days, step, open_from, open_to, night, scale, rng):
    """Agents required per interval over `days` days starting Monday."""
    per_day = 1440 // step
    jitter = [1 + 0.04 * (rng.random() - 0.5) for _ in range(days * per_day)]
    req = []
    for d in range(days):
        for i in range(per_day):
            minute = i * step
            hour = (minute + step / 2) / 60
            if not (open_from <= minute < open_to):
                req.append(0)
                continue
            calls = scale * WEEKDAY_FACTOR[d % 7] * arrival_shape(hour, night) * jitter[d * per_day + i]
            load = calls * AHT_S / (step * 60)
            n = erlang_c_agents(load, step * 60)
            req.append(math.ceil(n / (1 - SHRINKAGE)))
    return req


def scaled_requirement(peak, days, step, open_from, open_to, night, seed):
    lo, hi = 0.01, 100000.0
    for _ in range(60):
        mid = math.sqrt(lo * hi)
        r = requirement(days, step, open_from, open_to, night, mid, random.Random(seed))
        if max(r) < peak:
            lo = mid
        else:
            hi = mid
    return requirement(days, step, open_from, open_to, night, hi, random.Random(seed))


def templates(step, open_from, open_to, cyclic, days):
    """The three templates of the issue: 8 h, 6 h and 4 h."""
    bstep = 15 if step == 15 else 30
    def window(span):
        if cyclic:
            return 0, 1440 - step
        return open_from, open_to - span
    out = []
    for name, span, paid, rate, breaks, pt in [
        ("ft8", 510, 480, "20.00", [(15, True, 60, 150), (30, False, 180, 300), (15, True, 330, 450)], False),
        ("ft6", 390, 360, "21.00", [(15, True, 60, 150), (30, False, 165, 270)], False),
        ("pt4", 240, 240, "22.00", [(15, True, 60, 180)], True),
    ]:
        e, l = window(span)
        out.append({
            "name": name,
            "span_minutes": span,
            "paid_minutes": paid,
            "earliest_start_minute": e,
            "latest_start_minute": l,
            "start_step_minutes": step,
            "days": DAYS[:days] if days < 7 else DAYS,
            "hourly_rate": rate,
            "fixed_cost": "5.00",
            "part_time": pt,
            "breaks": [
                {"length_minutes": ln, "paid": pd, "earliest_offset_minutes": a,
                 "latest_offset_minutes": b, "step_minutes": bstep}
                for (ln, pd, a, b) in breaks
            ],
        })
    return out


INSTANCES = [
    # name, days, step, peak, cyclic
    ("day30", 1, 30, 20, False),
    ("day15", 1, 15, 120, False),
    ("week30", 7, 30, 100, False),
    ("week15", 7, 15, 500, False),
    ("cyclic30", 7, 30, 60, True),
]


def make_instance(name, days, step, peak, cyclic, seed):
    open_from, open_to = (0, 1440) if cyclic else (7 * 60, 22 * 60)
    req = scaled_requirement(peak, days, step, open_from, open_to, 0.10, seed)
    if not cyclic and days == 1:
        # One day: the grid covers the opening hours only.
        lo, hi = open_from // step, open_to // step
        req = req[lo:hi]
        start = "2026-03-02T%02d:%02d:00Z" % (open_from // 60, open_from % 60)
    else:
        start = "2026-03-02T00:00:00Z"
    return {
        "name": name,
        "start": start,
        "step_minutes": step,
        "cyclic": cyclic,
        "requirement": req,
        "templates": templates(step, open_from, open_to, cyclic, 7 if days == 7 else 1),
    }


# ---------------------------------------------------------------- model

def expand(inst, fixed_breaks=False):
    """Candidate shifts: (template, start index, cost, on-phone coefficients per
    interval, break options [[(coefficient dict)]])."""
    step = inst["step_minutes"]
    n = len(inst["requirement"])
    start_min = int(inst["start"][11:13]) * 60 + int(inst["start"][14:16])
    cyc = inst["cyclic"]
    shifts = []
    for t in inst["templates"]:
        span_iv = t["span_minutes"] // step
        cost = float(t["hourly_rate"]) * t["paid_minutes"] / 60 + float(t["fixed_cost"])
        for s in range(n):
            minute_abs = start_min + s * step
            mod = minute_abs % 1440
            day = DAYS[(minute_abs // 1440) % 7]
            if day not in t["days"]:
                continue
            if not (t["earliest_start_minute"] <= mod <= t["latest_start_minute"]):
                continue
            if (mod - t["earliest_start_minute"]) % t["start_step_minutes"]:
                continue
            if not cyc and s + span_iv > n:
                continue
            work = {}
            for k in range(span_iv):
                j = (s + k) % n
                work[j] = work.get(j, 0.0) + 1.0
            breaks = []
            for b in t["breaks"]:
                offs = list(range(b["earliest_offset_minutes"], b["latest_offset_minutes"] + 1, b["step_minutes"]))
                if fixed_breaks:
                    offs = [offs[(len(offs) - 1) // 2]]
                opts = []
                for o in offs:
                    coef = {}
                    a, z = o, o + b["length_minutes"]
                    for k in range(a // step, (z - 1) // step + 1):
                        ov = min(z, (k + 1) * step) - max(a, k * step)
                        j = (s + k) % n
                        coef[j] = coef.get(j, 0.0) + ov / step
                    opts.append((o, coef))
                breaks.append(opts)
            shifts.append((t["name"], s, cost, work, breaks))
    return shifts


def solve_highs(inst, fixed_breaks, time_limit):
    import highspy
    shifts = expand(inst, fixed_breaks)
    req = inst["requirement"]
    n = len(req)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", 1e-6)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", SEED % 2147483647)
    inf = highspy.kHighsInf
    rows = [dict() for _ in range(n)]
    ncols = 0
    costs, integ = [], []
    eq_rows = []
    for (_, s, cost, work, breaks) in shifts:
        x = ncols
        ncols += 1
        costs.append(cost)
        for j, v in work.items():
            rows[j][x] = rows[j].get(x, 0.0) + v
        for opts in breaks:
            eq = {x: -1.0}
            for (_, coef) in opts:
                y = ncols
                ncols += 1
                costs.append(0.0)
                eq[y] = 1.0
                for j, v in coef.items():
                    rows[j][y] = rows[j].get(y, 0.0) - v
            eq_rows.append(eq)
    lp = highspy.HighsLp()
    lp.num_col_ = ncols
    lp.col_cost_ = costs
    lp.col_lower_ = [0.0] * ncols
    lp.col_upper_ = [inf] * ncols
    lp.integrality_ = [highspy.HighsVarType.kInteger] * ncols
    lower, upper, starts, index, value = [], [], [0], [], []
    # Row-wise then converted: highspy accepts a row-wise matrix via addRows.
    h.passModel(lp)
    for j in range(n):
        if req[j] <= 0:
            continue
        idx = sorted(rows[j])
        h.addRow(float(req[j]), inf, len(idx), idx, [rows[j][c] for c in idx])
    for eq in eq_rows:
        idx = sorted(eq)
        h.addRow(0.0, 0.0, len(idx), idx, [eq[c] for c in idx])
    t0 = time.time()
    h.run()
    secs = time.time() - t0
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    obj = info.objective_function_value
    bound = info.mip_dual_bound
    # LP relaxation for the record, on a fresh copy of the model.
    lp_h = highspy.Highs()
    lp_h.setOptionValue("output_flag", False)
    lp_h.passModel(h.getLp())
    lp_h.setOptionValue("solve_relaxation", True)
    lp_h.run()
    lp_obj = lp_h.getInfo().objective_function_value
    nbreak = ncols - len(shifts)
    return {
        "status": status, "objective": obj, "bound": bound,
        "gap": (obj - bound) / obj if obj else 0.0, "seconds": secs, "lp_relaxation": lp_obj,
        "shift_vars": len(shifts), "break_vars": nbreak,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-solve", action="store_true")
    ap.add_argument("--time-limit", type=float, default=600.0)
    ap.add_argument("--only", default=None)
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    insts = []
    for k, (name, days, step, peak, cyc) in enumerate(INSTANCES):
        inst = make_instance(name, days, step, peak, cyc, SEED + k)
        insts.append(inst)
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump(inst, f, indent=1)
        print(name, "intervals", len(inst["requirement"]), "peak", max(inst["requirement"]),
              "agent-hours", sum(inst["requirement"]) * inst["step_minutes"] / 60, file=sys.stderr)
    if args.no_solve:
        return
    import highspy
    version = "%d.%d.%d" % (highspy.Highs().versionMajor(), highspy.Highs().versionMinor(), highspy.Highs().versionPatch())
    path = os.path.join(OUT, "references.csv")
    old = {}
    if args.only and os.path.exists(path):
        with open(path) as f:
            for row in csv.DictReader(f):
                old[(row["instance"], row["breaks"])] = row
    rows = []
    for inst in insts:
        for fixed in (False, True):
            key = (inst["name"], "fixed_mid_window" if fixed else "placed")
            if args.only and inst["name"] != args.only:
                if key in old:
                    rows.append(old[key])
                continue
            r = solve_highs(inst, fixed, args.time_limit)
            print(key, r, file=sys.stderr)
            rows.append({"instance": key[0], "breaks": key[1], **{k: (f"{v:.6f}" if isinstance(v, float) else v) for k, v in r.items()},
                         "highs": version, "python": platform.python_version(), "time_limit_s": args.time_limit})
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    main()
