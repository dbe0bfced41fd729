#!/usr/bin/env python3
"""Discrete-event simulation reference for servops-queue (tests/simulation.rs).

Simulates FCFS M/M/N+M (Erlang A), M/M/N (Erlang C) and M/M/N/N (Erlang B)
queues customer by customer and writes, for every parameter point and
measure, the simulated mean and its 99.9 % confidence half-width to
tests/data/simulation_reference.csv.

Nothing here uses a queueing formula: the only inputs are the arrival rate,
the handle-time and patience distributions and the number of agents.

Method
------
Each point runs R independent streams side by side (numpy arrays over the
streams).  A stream is the FCFS sample path built by the Kiefer-Wolfowitz
workload recursion, extended to abandonment:

* the agents' next-free times F_1..F_N (agents busy with contacts that were
  answered) are kept per stream;
* contact n arrives at t_n (exponential gaps, rate lambda) and, because
  service is FCFS and every earlier contact has already been placed, its
  offered wait is V_n = max(0, min_j F_j - t_n) ("offered": the wait it
  would have if it never gave up);
* with patience tau_n (exponential, mean = patience; infinite for Erlang C)
  it is answered iff tau_n > V_n, after waiting W_n = V_n, and then the
  earliest-free agent is busy until t_n + V_n + S_n (S_n exponential, mean
  AHT); otherwise it abandons after W_n = tau_n and occupies nobody;
* Erlang B: a contact arriving with V_n > 0 is blocked and lost.

This is the exact sample path of the queue (an abandoning contact never
delays anyone, so each contact's fate depends only on the answered contacts
ahead of it), event by event in arrival order.  `--check-events` runs a
separate, classic event-list simulation (arrivals, service completions and
abandonments in a heap, an explicit FIFO queue, time-integrated queue
length and busy agents) at a few points and prints both, as a check of the
recursion itself (2026-11-24, 2e6 contacts of event list against 200 x
50,000 of recursion: Erlang A N = 3, A = 4.5, patience 360 s: P(wait)
0.90441 / 0.90418 +- 0.00024 (one standard error), P(abandon) 0.36347 /
0.36318 +- 0.00028, queue 3.2673 / 3.2669 +- 0.0037; Erlang C N = 2,
A = 1.2: P(wait) 0.45126 / 0.45047 +- 0.0004, ASA 101.99 / 101.52 +- 0.24 s;
Erlang B N = 3, A = 2: 0.21078 / 0.21082 +- 0.00018; the event list's own
error is of the same size).

Each stream starts empty, discards a warm-up of `WARM` = 50,000 contacts
(at least eight relaxation times everywhere: the slowest point, a12 at
N = 80, A = 78, relaxes within about 1/(mu (sqrt N - sqrt A)^2) = 80 AHT =
6,200 contacts, its Erlang C bound), then records `L` contacts.  Each
measure is a ratio numerator / denominator of sums over the recorded
contacts (answered within T / offered, answered within T / answered, wait /
contacts, ...); a stream's two sums form one batch, the R batches are
independent, the estimate is the ratio of the totals and the half-width
t(0.9995, R-1) x its delta-method standard error
sqrt(sum_i (X_i - r Y_i)^2 / (R (R-1))) / mean(Y).  Time averages (mean queue length, agent
occupancy) are areas over the stream's recorded span: the area under the
queue-length path equals the sum of the recorded contacts' waits and the
agents' busy area the sum of their handle times (sample-path identities,
exact up to the contacts straddling the ends of the span).

Measures
--------
Erlang A: prob_wait (arrival finds every agent busy), prob_abandon,
prob_answered, prob_abandon_given_wait, mean_wait (all arrivals, answered and
abandoned, seconds), asa_answered (mean wait of answered contacts, zero waits
included, seconds), mean_queue_length, occupancy (busy agents / N), and at
each threshold T: sl_offered = P(answered, W <= T), sl_answered =
P(W <= T | answered), sl_met = P(W <= T) counting abandons within T as met.
Erlang C: prob_wait, asa (all contacts), mean_wait_delayed, mean_queue_length,
occupancy, sl = P(W <= T).
Erlang B: blocking.

Usage: python3 gen/simulate.py   (about 15 minutes; writes
tests/data/simulation_reference.csv next to this directory).
Trial runs, which print and write nothing unless given --out FILE:
--quick (1/20 of the run lengths), --scale F, --only a01,c02,...;
--check-events runs the event-list cross-check above.
The t quantile (Cornish-Fisher, 3.300292 at 999 degrees of freedom) agrees
with mpmath's inverse of the t distribution to 1e-6.
"""

import argparse
import heapq
import math
import os
import sys
import time

import numpy as np

AHT = 180.0  # seconds, every point
STREAMS = 1000
WARM = 50_000  # contacts per stream discarded before recording
CHUNK = 4096  # contacts drawn per random-number block

# t quantile for 99.9 % two-sided with STREAMS - 1 degrees of freedom,
# by Cornish-Fisher from the normal quantile (exact to ~1e-6 at df >= 100).
Z = 3.2905267314918945


def t_quantile(df):
    z = Z
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


# (id, model, agents, load, patience_s or None, thresholds_s, contacts per stream)
POINTS = [
    # Erlang A: light load, N close to A, overload; short and long patience;
    # small N (1-3) and moderate N (50-100).
    ("a01", "A", 1, 0.5, 180.0, [0, 20, 60, 180, 600], 200_000),
    ("a02", "A", 1, 1.5, 90.0, [0, 20, 60, 180], 200_000),
    ("a03", "A", 2, 1.8, 900.0, [0, 20, 180, 600], 400_000),
    ("a04", "A", 3, 1.0, 36.0, [0, 10, 20, 60], 200_000),
    ("a05", "A", 3, 4.5, 360.0, [0, 20, 60, 300], 200_000),
    ("a06", "A", 10, 9.5, 180.0, [0, 20, 60, 180], 200_000),
    ("a07", "A", 50, 40.0, 60.0, [0, 5, 20], 200_000),
    ("a08", "A", 50, 50.0, 180.0, [0, 10, 20, 40, 60], 200_000),
    ("a09", "A", 50, 60.0, 90.0, [0, 10, 20, 60], 200_000),
    ("a10", "A", 100, 95.0, 1800.0, [0, 20, 60, 120], 200_000),
    ("a11", "A", 100, 120.0, 360.0, [0, 20, 60, 120], 200_000),
    ("a12", "A", 80, 78.0, 3600.0, [0, 20, 60, 240], 400_000),
    ("a13", "A", 2, 6.0, 20.0, [0, 5, 20, 60], 200_000),
    # Erlang C (A < N)
    ("c01", "C", 1, 0.5, None, [0, 20, 180, 600], 200_000),
    ("c02", "C", 1, 0.8, None, [0, 60, 300, 1200], 400_000),
    ("c03", "C", 2, 1.2, None, [0, 20, 60, 300], 200_000),
    ("c04", "C", 3, 2.7, None, [0, 20, 180, 900], 400_000),
    ("c05", "C", 50, 40.0, None, [0, 10, 20, 60], 200_000),
    ("c06", "C", 100, 95.0, None, [0, 20, 60, 180], 400_000),
    ("c07", "C", 100, 80.0, None, [0, 2, 10], 200_000),
    # Erlang B (loss)
    ("b01", "B", 1, 0.5, None, [], 200_000),
    ("b02", "B", 3, 2.0, None, [], 200_000),
    ("b03", "B", 50, 45.0, None, [], 200_000),
    ("b04", "B", 100, 100.0, None, [], 200_000),
    ("b05", "B", 2, 5.0, None, [], 200_000),
]


class Stats:
    """Per-stream sums over the recorded contacts."""

    def __init__(self, r, thresholds):
        z = lambda: np.zeros(r)  # noqa: E731
        self.n = z()
        self.waited = z()
        self.answered = z()
        self.abandoned = z()
        self.wait_all = z()  # sum of W over all contacts (area under Q)
        self.wait_answered = z()
        self.wait_waited = z()  # sum of W over contacts with V > 0 (Erlang C)
        self.busy = z()  # sum of handle times of answered contacts
        self.span = z()  # recorded time span
        self.blocked = z()
        self.thresholds = thresholds
        self.ans_within = [z() for _ in thresholds]
        self.met_within = [z() for _ in thresholds]


def run_point(model, n_agents, load, patience, thresholds, contacts, seed, streams):
    rng = np.random.default_rng(seed)
    lam = load / AHT
    r = streams
    rows = np.arange(r)
    free = np.zeros((r, n_agents))  # next-free times, relative to `now`
    stats = Stats(r, thresholds)
    total = WARM + contacts
    done = 0
    while done < total:
        c = min(CHUNK, total - done)
        gaps = rng.exponential(1.0 / lam, (c, r))
        handle = rng.exponential(AHT, (c, r))
        if model == "A":
            tau = rng.exponential(patience, (c, r))
        arrival = np.cumsum(gaps, axis=0)  # relative to the chunk start
        v = np.empty((c, r))
        for i in range(c):
            j = free.argmin(axis=1)
            f = free[rows, j]
            vi = np.maximum(f - arrival[i], 0.0)
            v[i] = vi
            if model == "A":
                served = tau[i] > vi
            elif model == "C":
                served = None
            else:  # loss
                served = vi == 0.0
            if served is None:
                free[rows, j] = arrival[i] + vi + handle[i]
            else:
                free[rows, j] = np.where(served, arrival[i] + vi + handle[i], f)
        # shift the clock to the end of the chunk (keeps times small)
        end = arrival[-1]
        free -= end[:, None]
        # record the part of the chunk after the warm-up
        skip = max(0, WARM - done)
        if skip < c:
            sl = slice(skip, c)
            vv = v[sl]
            hh = handle[sl]
            stats.n += c - skip
            stats.span += end - (arrival[skip - 1] if skip > 0 else 0.0)
            waited = vv > 0.0
            stats.waited += waited.sum(axis=0)
            if model == "A":
                tt = tau[sl]
                ans = tt > vv
                w = np.where(ans, vv, tt)
                stats.answered += ans.sum(axis=0)
                stats.abandoned += (~ans).sum(axis=0)
                stats.wait_all += w.sum(axis=0)
                stats.wait_answered += np.where(ans, vv, 0.0).sum(axis=0)
                stats.busy += np.where(ans, hh, 0.0).sum(axis=0)
                for k, th in enumerate(thresholds):
                    stats.ans_within[k] += (ans & (vv <= th)).sum(axis=0)
                    stats.met_within[k] += (w <= th).sum(axis=0)
            elif model == "C":
                stats.answered += c - skip
                stats.wait_all += vv.sum(axis=0)
                stats.wait_waited += vv.sum(axis=0)
                stats.busy += hh.sum(axis=0)
                for k, th in enumerate(thresholds):
                    stats.ans_within[k] += (vv <= th).sum(axis=0)
            else:
                stats.blocked += waited.sum(axis=0)
        done += c
    return stats


def measures(model, n_agents, stats):
    """Per-stream batch sums: list of (measure, threshold or '', numerator, denominator).

    The estimate is sum(numerator) / sum(denominator) over the streams (a
    ratio of totals, free of the O(1/length) bias of averaging per-stream
    ratios); for per-contact measures the denominator is the stream's contact
    count.
    """
    s = stats
    out = []
    if model == "A":
        out += [
            ("prob_wait", "", s.waited, s.n),
            ("prob_abandon", "", s.abandoned, s.n),
            ("prob_answered", "", s.answered, s.n),
            ("prob_abandon_given_wait", "", s.abandoned, s.waited),
            ("mean_wait", "", s.wait_all, s.n),
            ("asa_answered", "", s.wait_answered, s.answered),
            ("mean_queue_length", "", s.wait_all, s.span),
            ("occupancy", "", s.busy, n_agents * s.span),
        ]
        for k, th in enumerate(s.thresholds):
            out.append(("sl_offered", th, s.ans_within[k], s.n))
            out.append(("sl_answered", th, s.ans_within[k], s.answered))
            out.append(("sl_met", th, s.met_within[k], s.n))
    elif model == "C":
        out += [
            ("prob_wait", "", s.waited, s.n),
            ("asa", "", s.wait_all, s.n),
            ("mean_wait_delayed", "", s.wait_waited, s.waited),
            ("mean_queue_length", "", s.wait_all, s.span),
            ("occupancy", "", s.busy, n_agents * s.span),
        ]
        for k, th in enumerate(s.thresholds):
            out.append(("sl", th, s.ans_within[k], s.n))
    else:
        out.append(("blocking", "", s.blocked, s.n))
    return out


def ratio_estimate(num, den, tq):
    """Ratio of totals and its half-width (delta method over the batches)."""
    r = num.sum() / den.sum()
    resid = num - r * den
    se = math.sqrt((resid**2).sum() / (len(num) - 1) / len(num)) / den.mean()
    return float(r), tq * se


def event_simulation(model, n_agents, load, patience, horizon, seed):
    """Classic event-list simulation, one long run (for --check-events)."""
    rng = np.random.default_rng(seed)
    lam = load / AHT
    events = []  # (time, kind, contact id)
    queue = []  # FIFO of (contact id, arrival time)
    qhead = 0
    gone = set()  # abandoned contacts still in `queue`
    busy = 0
    t = 0.0
    area_q = area_b = 0.0
    nq = 0
    n = waited = abandoned = 0
    sum_w = 0.0
    cid = 0
    heapq.heappush(events, (rng.exponential(1.0 / lam), 0, 0))
    while True:
        te, kind, who = heapq.heappop(events)
        if te > horizon:
            area_q += nq * (horizon - t)
            area_b += busy * (horizon - t)
            break
        area_q += nq * (te - t)
        area_b += busy * (te - t)
        t = te
        if kind == 0:  # arrival
            n += 1
            cid += 1
            heapq.heappush(events, (t + rng.exponential(1.0 / lam), 0, cid))
            if busy < n_agents:
                busy += 1
                heapq.heappush(events, (t + rng.exponential(AHT), 1, cid))
            elif model == "B":
                abandoned += 1  # blocked
                waited += 1
            else:
                waited += 1
                queue.append((cid, t))
                nq += 1
                if model == "A":
                    heapq.heappush(events, (t + rng.exponential(patience), 2, cid))
        elif kind == 1:  # service completion
            busy -= 1
            while qhead < len(queue) and queue[qhead][0] in gone:
                gone.discard(queue[qhead][0])
                qhead += 1
            if qhead < len(queue):
                c, ta = queue[qhead]
                qhead += 1
                nq -= 1
                sum_w += t - ta
                busy += 1
                heapq.heappush(events, (t + rng.exponential(AHT), 1, c))
        else:  # abandonment, if still waiting
            for k in range(qhead, len(queue)):
                if queue[k][0] == who:
                    gone.add(who)
                    nq -= 1
                    abandoned += 1
                    sum_w += t - queue[k][1]
                    break
    return {
        "prob_wait": waited / n,
        "prob_abandon_or_block": abandoned / n,
        "mean_queue_length": area_q / horizon,
        "occupancy": area_b / (n_agents * horizon),
        "mean_wait": sum_w / n,
    }


def check_events():
    # Erlang A at N = 3, A = 4.5, patience 360 s; Erlang C at N = 2, A = 1.2;
    # Erlang B at N = 3, A = 2.0.  Compare against the recursion's estimates.
    for model, n_agents, load, pat in [("A", 3, 4.5, 360.0), ("C", 2, 1.2, None), ("B", 3, 2.0, None)]:
        ev = event_simulation(model, n_agents, load, pat, 2e6 * AHT / load, 7)
        st = run_point(model, n_agents, load, pat, [0], 50_000, 8, 200)
        rec = {m: ratio_estimate(a, b, 1.0) for m, _, a, b in measures(model, n_agents, st)}
        print(model, n_agents, load, pat)
        print("  event list :", {k: round(v, 5) for k, v in ev.items()})
        print("  recursion  :", {k: (round(m, 5), round(se, 5)) for k, (m, se) in rec.items()})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="short runs, no CSV")
    ap.add_argument("--check-events", action="store_true")
    ap.add_argument("--only", default="", help="comma-separated point ids")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply run lengths (trial runs)")
    ap.add_argument("--out", default="", help="write the CSV here instead")
    args = ap.parse_args()
    if args.check_events:
        check_events()
        return
    here = os.path.dirname(os.path.abspath(__file__))
    out_path = os.path.join(here, "..", "tests", "data", "simulation_reference.csv")
    tq = t_quantile(STREAMS - 1)
    lines = []
    started = time.time()
    only = set(args.only.split(",")) if args.only else None
    for idx, (pid, model, n_agents, load, patience, thresholds, contacts) in enumerate(POINTS):
        if only and pid not in only:
            continue
        if args.quick:
            contacts = contacts // 20
        contacts = int(contacts * args.scale)
        seed = 20261124 + 1000 * idx
        t0 = time.time()
        st = run_point(model, n_agents, load, patience, thresholds, contacts, seed, STREAMS)
        el = time.time() - t0
        for name, th, num, den in measures(model, n_agents, st):
            mean, hw = ratio_estimate(num, den, tq)
            lines.append(
                f"{pid},{model},{n_agents},{load!r},{AHT!r},"
                f"{'' if patience is None else repr(patience)},{name},{th},{mean!r},{hw!r}"
            )
            print(f"{pid} {name:24s} {th!s:>5s} {mean:.6g} +- {hw:.3g}", flush=True)
        print(f"{pid}: {STREAMS} x {contacts} contacts, seed {seed}, {el:.1f} s", file=sys.stderr, flush=True)
    total = time.time() - started
    if args.out:
        out_path = args.out
    elif args.quick or only or args.scale != 1.0:
        return
    header = [
        "# Simulation reference for tests/simulation.rs, written by gen/simulate.py",
        "# (python3 + numpy only; no crate code and no queueing formula).",
        "# FCFS customer-by-customer sample paths (Kiefer-Wolfowitz workload recursion",
        "# with exponential patience); per point STREAMS independent streams, each starting",
        f"# empty, warm-up {WARM} contacts discarded, then the contacts below recorded.",
        "# Contacts recorded per stream: "
        + "; ".join(
            f"{n:,}: " + " ".join(p[0] for p in POINTS if p[6] == n)
            for n in sorted({p[6] for p in POINTS})
        )
        + ".",
        f"# streams = {STREAMS}; seed of point k (0-based in POINTS) = 20261124 + 1000 k",
        "# (numpy default_rng / PCG64). Each stream is one batch; mean = ratio of the streams'",
        "# totals (numerator / denominator, e.g. answered within T / answered), half_width =",
        f"# t(0.9995, {STREAMS - 1}) = {tq:.6f} x its delta-method standard error: a 99.9 % confidence half-width.",
        f"# Total runtime {total:.0f} s on the 2-core development machine, numpy {np.__version__}.",
        "# Times in seconds. Units and conventions of each measure: see gen/simulate.py.",
        "id,model,agents,load,aht_s,patience_s,measure,threshold_s,mean,half_width",
    ]
    with open(out_path, "w") as fh:
        fh.write("\n".join(header + lines) + "\n")
    print(f"wrote {out_path} in {total:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
