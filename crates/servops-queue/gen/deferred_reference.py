#!/usr/bin/env python3
"""Reference values for the deferred-work (backlog) model of servops-queue.

Writes ``tests/data/deferred_reference.csv``, which ``tests/deferred_reference.rs``
compares ``DeferredWorkload::simulate``, ``BacklogProjection::attainment`` and
``BacklogProjection::response_quantile_secs`` against.

Method (independent of the Rust code): every item is split into ``k`` small
items of ``1/k`` of the work. The small items of interval ``i`` arrive one by
one, evenly spaced (at the midpoints of ``a_i k`` equal slots); the items of an
initial-backlog cohort of age ``g`` all arrive at ``-g``. One FIFO server works
at ``staff_i x share / AHT`` items per second in interval ``i`` (a pooled team
of agents, as in the fluid model). With ``W(t)`` the cumulative work the team
can do by ``t``, the ``j``-th small item completes when
``W = c_j = max(W(arrival_j), c_{j-1}) + 1/k`` (an exact event simulation of
the discrete queue; the recursion is evaluated with a running maximum,
``c_j = (j+1)/k + max_{i<=j} (W(arrival_i) - i/k)``, and checked against a
plain loop on a small case). Completion times are ``W^-1(c_j)`` (the first
time the team has done that much work).

As ``k`` grows the discrete queue converges to the fluid model with an error
of order ``1/k`` (a small item's own service time and the slot spacing). Each
value is computed at ``k`` and ``2k``; the file holds the ``2k`` value and a
tolerance of ``3 |v_2k - v_k|`` (which bounds the distance to the fluid limit
when the error is first order in ``1/k``) plus a floor of two small items
(counts) or the widest slot between small items (times), for values where
the two runs happen to agree.

Run: ``python3 gen/deferred_reference.py`` from ``crates/servops-queue``
(numpy only).
"""

import csv
import os

import numpy as np

HOUR = 3600.0

# Shares q of BacklogProjection::response_quantile_secs, index m in the file.
QUANTILES = [0.5, 0.8, 0.9, 0.95, 1.0]

SCENARIOS = [
    # A day in hourly intervals with a backlog from the night and a closed hour.
    dict(
        name="day_hourly",
        interval=HOUR,
        aht=360.0,
        share=0.9,
        arrivals=[30, 60, 40, 20, 0, 10, 50, 5],
        staff=[3, 4, 4, 2, 0, 3, 5, 2],
        cohorts=[(20, 3 * HOUR), (10, 0.0)],
        within=[1800.0, HOUR, 2 * HOUR, 4 * HOUR],
        k=200,
    ),
    # Two days of 15-minute intervals, open 08:00-20:00, e-mail all day and
    # night, a constant 6 agents while open.
    dict(
        name="two_days_15min",
        interval=900.0,
        aht=420.0,
        share=1.0,
        arrivals=None,  # filled below
        staff=None,
        cohorts=[(35, 9 * HOUR)],
        within=[4 * HOUR, 8 * HOUR, 12 * HOUR, 24 * HOUR],
        k=100,
    ),
    # Under-staffed: the backlog grows and items are left at the horizon,
    # some already late; fractional counts and staff.
    dict(
        name="overloaded_fractional",
        interval=1800.0,
        aht=600.0,
        share=0.85,
        arrivals=[12.5, 20.0, 7.5, 30.0, 25.0, 2.5],
        staff=[2.5, 3.0, 1.5, 4.0, 2.0, 3.5],
        cohorts=[(4.5, 5400.0)],
        within=[900.0, 1800.0, 3600.0, 7200.0],
        k=400,
    ),
]


def two_days():
    n = 192
    hours = (np.arange(n) * 0.25) % 24
    shape = 4.0 + 10.0 * np.exp(-(((hours - 11.0) / 3.0) ** 2)) + 6.0 * np.exp(
        -(((hours - 16.0) / 2.5) ** 2)
    )
    arrivals = np.round(shape, 1)
    open_ = (hours >= 8) & (hours < 20)
    staff = np.where(open_, 6.0, 0.0)
    return arrivals.tolist(), staff.tolist()


SCENARIOS[1]["arrivals"], SCENARIOS[1]["staff"] = two_days()


def small_items(sc, k):
    """Arrival times of the small items, FIFO order (cohorts oldest first)."""
    times = []
    for items, age in sorted(sc["cohorts"], key=lambda c: -c[1]):
        m = int(round(items * k))
        times.append(np.full(m, -age))
    L = sc["interval"]
    for i, a in enumerate(sc["arrivals"]):
        m = int(round(a * k))
        assert abs(m - a * k) < 1e-9, "choose k so that a_i k is whole"
        times.append(i * L + (np.arange(m) + 0.5) * L / m)
    return np.concatenate(times)


def work_curve(sc):
    L = sc["interval"]
    rate = np.array(sc["staff"], float) * sc["share"] / sc["aht"]
    bounds = np.arange(len(rate) + 1) * L
    wb = np.concatenate([[0.0], np.cumsum(rate * L)])
    return rate, bounds, wb


def work_at(t, rate, bounds, wb):
    L = bounds[1] - bounds[0]
    n = len(rate)
    i = np.clip(np.floor(t / L).astype(int), 0, n - 1)
    w = wb[i] + rate[i] * (t - bounds[i])
    w = np.where(t < 0, 0.0, w)
    return np.where(t >= bounds[-1], wb[-1], w)


def time_of_work(w, rate, bounds, wb):
    """First t with W(t) >= w; inf when the horizon's work is not enough."""
    j = np.searchsorted(wb, w, side="left")  # wb[j-1] < w <= wb[j]
    out = np.full(w.shape, np.inf)
    done = j <= len(rate)
    zero = done & (j == 0)
    out[zero] = 0.0
    ok = done & (j >= 1)
    i = j[ok] - 1
    out[ok] = bounds[i] + (w[ok] - wb[i]) / rate[i]
    return out


def completions(sc, k):
    arr = small_items(sc, k)
    rate, bounds, wb = work_curve(sc)
    delta = 1.0 / k
    idx = np.arange(len(arr))
    wa = work_at(arr, rate, bounds, wb)
    c = (idx + 1) * delta + np.maximum.accumulate(wa - idx * delta)
    return arr, time_of_work(c, rate, bounds, wb), c


def completions_loop(sc, k):
    arr = small_items(sc, k)
    rate, bounds, wb = work_curve(sc)
    prev = -np.inf
    out = []
    for a in arr:
        w = work_at(np.array([a]), rate, bounds, wb)[0]
        prev = max(w, prev) + 1.0 / k
        out.append(time_of_work(np.array([prev]), rate, bounds, wb)[0])
    return np.array(out)


def measures(sc, k):
    arr, done, _ = completions(sc, k)
    L = sc["interval"]
    n = len(sc["arrivals"])
    T = n * L
    out = {}
    for i in range(n):
        e = (i + 1) * L
        s = i * L
        arrived = np.count_nonzero(arr <= e)
        completed = np.count_nonzero(done <= e)
        completed_before = np.count_nonzero(done <= s)
        out[("handled", i)] = (completed - completed_before) / k
        out[("backlog", i)] = (arrived - completed) / k
        waiting = (arr <= e) & (done > e)
        if arrived - completed > 0:
            out[("oldest_age", i)] = e - arr[waiting].min()
        else:
            out[("oldest_age", i)] = -1.0
    fin = np.isfinite(done)
    out[("completed", 0)] = np.count_nonzero(fin) / k
    resp = done[fin] - arr[fin]
    out[("mean_response", 0)] = resp.mean() if len(resp) else -1.0
    for m, d in enumerate(sc["within"]):
        out[("met", m)] = np.count_nonzero(resp <= d) / k
        out[("unfinished_late", m)] = np.count_nonzero(~fin & (arr <= T - d)) / k
    # Quantiles of the completed items' responses: the smallest response r
    # with at least a share q of them at or below it (inverted CDF).
    for m, q in enumerate(QUANTILES):
        out[("response_quantile", m)] = (
            float(np.quantile(resp, q, method="inverted_cdf")) if len(resp) else -1.0
        )
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "tests", "data", "deferred_reference.csv")
    # The running-maximum recursion equals the plain event loop.
    sc = SCENARIOS[2]
    _, fast, _ = completions(sc, 20)
    slow = completions_loop(sc, 20)
    assert np.array_equal(np.isfinite(fast), np.isfinite(slow))
    f = np.isfinite(fast)
    assert np.max(np.abs(fast[f] - slow[f])) < 1e-6
    rows = []
    for sc in SCENARIOS:
        name = sc["name"]
        for key in ("interval", "aht", "share"):
            rows.append((name, key, 0, repr(float(sc[key])), 0.0))
        for i, a in enumerate(sc["arrivals"]):
            rows.append((name, "arrivals", i, repr(float(a)), 0.0))
        for i, s in enumerate(sc["staff"]):
            rows.append((name, "staff", i, repr(float(s)), 0.0))
        for j, (items, age) in enumerate(sc["cohorts"]):
            rows.append((name, "cohort_items", j, repr(float(items)), 0.0))
            rows.append((name, "cohort_age", j, repr(float(age)), 0.0))
        for m, d in enumerate(sc["within"]):
            rows.append((name, "within", m, repr(float(d)), 0.0))
        k = sc["k"]
        coarse = measures(sc, k)
        fine = measures(sc, 2 * k)
        # Floors: two small items for counts; for times, the widest slot
        # between small items at 2k (the discrete arrival of the oldest
        # waiting small item can sit anywhere in its slot).
        count_floor = 1.0 / k
        time_floor = max(
            sc["interval"] / (a * 2 * k) for a in sc["arrivals"] if a > 0
        )
        for (kind, idx), v in fine.items():
            timed = kind in ("oldest_age", "mean_response", "response_quantile")
            floor = time_floor if timed else count_floor
            tol = 3.0 * abs(v - coarse[(kind, idx)]) + floor
            rows.append((name, kind, idx, repr(float(v)), float("%.3g" % tol)))
    with open(path, "w", newline="") as fh:
        fh.write("# generated by gen/deferred_reference.py: discrete small-item FIFO simulation\n")
        fh.write("# value = measure at 2k small items per item; tolerance = 3|v_2k - v_k| + floor (see the script)\n")
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["scenario", "kind", "index", "value", "tolerance"])
        w.writerows(rows)
    print("wrote", os.path.normpath(path), len(rows), "rows")


if __name__ == "__main__":
    main()
