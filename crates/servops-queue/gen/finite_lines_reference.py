#!/usr/bin/env python3
"""Reference values for FiniteLines (M/M/N/K and M/M/N/K+M), written to
tests/data/finite_lines.csv and read by tests/finite_lines.rs.

Independent of the crate (mpmath only, 40 significant digits): nothing
here uses the crate's formulas, its closed forms or its quadrature.

* The stationary law is the birth-death chain itself: p_0 = 1,
  p_{j+1} = p_j lambda / (min(j+1, N) mu + max(j+1-N, 0) theta), j < K,
  normalised; sums stop early only where the terms fall below 1e-60 of the
  running total past the mode.
* blocked = pi_K; wait = sum_{N <= j < K} pi_j; queue = sum (j - N) pi_j;
  abandon = theta queue / lambda; answered = 1 - blocked - abandon;
  mean wait of accepted contacts = queue / (lambda (1 - blocked)) (Little).
* An accepted arrival that finds m = j - N waiting is served after
  V_m = sum_{k=0}^{m} Exp(N mu + k theta). It is answered iff its own
  patience exceeds V_m. The CDFs come from the incomplete beta function:
  P(V_m <= t) = 1 - I_u(x, m+1) and P(V_m <= t, tau > V_m) =
  x / (x+m+1) (1 - I_u(x+1, m+1)), u = e^-(theta t), x = N mu / theta,
  with I_u(a, m+1) = sum_{i<=m} Gamma(a+i) / (Gamma(a) i!) u^a (1-u)^i
  (negative binomial CDF) accumulated over m. Without patience
  P(V_m <= t) = P(Poisson(N mu t) >= m+1). These identities are checked
  in this script, for m <= 25, against the partial-fraction form of the
  hypoexponential density at 120 digits, against mpmath's betainc, and
  against gammainc (Erlang CDF).
* ASA of answered contacts: E[V_m; tau > V_m] = -d/ds LST(s) at s = theta,
  LST(s) = prod_k (c_k / (c_k + s)), i.e. x/(x+m+1) sum_{k=1}^{m+1}
  1 / (theta (x + k)) (checked with mpmath.diff for small m); without
  patience (m + 1) / (N mu). Summed over the chain, divided by answered.
* Service levels (blocked contacts count against the conventions over
  offered contacts): offered = P(no wait) + sum_m pi_{N+m} P(V_m <= t,
  tau > V_m); answered = offered / P(answered); met = P(no wait) +
  sum_m pi_{N+m} (1 - e^-(theta t) P(V_m > t)).

Run: python3 crates/servops-queue/gen/finite_lines_reference.py
(about half a minute) for the fixed cases (tests/data/finite_lines.csv), and
with --sweep (about half a minute) for 200 random cases, seed 20261125
(tests/data/finite_lines_sweep.csv): agents log-uniform in [1, 1e5], load
/ agents log-uniform in [0.3, 1.5], waiting positions 0, 1 or uniform up
to 10 sqrt(N) + 10, no patience (one case in three) or a patience
log-uniform in [0.01, 100] AHT, AHT uniform in [30, 900] s, one threshold
uniform in [0, 3 AHT].
"""
import csv
import os

from mpmath import mp, mpf, exp, log, betainc, gammainc, diff, nstr, fsum

mp.dps = 40
AHT = 180.0
THRESHOLDS = [0.0, 20.0, 120.0]

# (agents, lines, load, aht, patience or None)
CASES = []
for pat in [None, 60.0]:
    CASES += [
        (1, 1, 1e-6, AHT, pat),
        (1, 3, 1e-3, AHT, pat),
        (1, 1, 0.5, AHT, pat),
        (1, 2, 0.5, AHT, pat),
        (1, 5, 1.0, AHT, pat),
        (1, 50, 3.0, AHT, pat),
        (10, 10, 8.0, AHT, pat),
        (10, 11, 8.0, AHT, pat),
        (10, 11, 12.0, AHT, pat),
        (20, 25, 18.0, AHT, pat),
        (20, 30, 25.0, AHT, pat),
        (20, 60, 25.0, AHT, pat),
        (100, 120, 150.0, AHT, pat),
        (100, 400, 150.0, AHT, pat),
        (1000, 1050, 980.0, AHT, pat),
        (10000, 10100, 9900.0, AHT, pat),
        (10000, 11000, 12000.0, AHT, pat),
        (100000, 100500, 99500.0, AHT, pat),
        (100000, 102000, 105000.0, AHT, pat),
    ]
CASES += [
    # patience a few times the AHT
    (20, 25, 18.0, AHT, 120.0),
    (20, 40, 25.0, AHT, 600.0),
    (50, 60, 48.0, AHT, 18000.0),
    (50, 200, 48.0, AHT, 18000.0),
    (1000, 1200, 1100.0, 300.0, 120.0),
    # many lines: Erlang C (load < agents) and Erlang A
    (50, 2050, 45.0, AHT, None),
    (50, 5050, 45.0, AHT, 180.0),
    (50, 5050, 70.0, AHT, 180.0),
    (1000, 3000, 990.0, AHT, None),
    # many lines, overload without patience: blocking -> 1 - N/A
    (10, 2000, 12.0, AHT, None),
    # more than 50,000 waiting states carry mass: the crate integrates the
    # wait density instead of summing over the states
    (1000, 101000, 999.9, AHT, None),
    (10000, 130000, 11000.0, AHT, 18000.0),
    # deep overload with a patience: the terms rise for y - x states and
    # the crate starts its sums near the busiest state (or the last line)
    (10000, 22000, 20000.0, AHT, 180.0),
    (1000, 3000, 3000.0, AHT, 600.0),
    (20, 200020, 100.0, AHT, 1800000.0),
]


def chain(n, k, load, aht, patience):
    mu = 1 / mpf(aht)
    lam = mpf(load) * mu
    theta = 1 / mpf(patience) if patience is not None else mpf(0)
    p = [mpf(1)]
    queued = mpf(0)  # sum over j >= N: the waiting and blocked states
    for j in range(k):
        nxt = j + 1
        rate = min(nxt, n) * mu + max(nxt - n, 0) * theta
        t = p[-1] * lam / rate
        p.append(t)
        if nxt >= n:
            queued += t
        # past the mode of the queue: drop what is below 1e-60 of its mass
        if nxt > n and t < queued * mpf(10) ** -60 and lam < rate:
            break
    z = fsum(p)
    return [q / z for q in p], mu, lam, theta


def waits_patience(x, u, mmax):
    """P(V_m <= t) and P(V_m <= t, answered) for m = 0..mmax (u = e^-theta t)."""
    out = []
    # NB(i; a, u) pmfs for a = x and x + 1
    pa = u ** x
    pb = u ** (x + 1)
    ca = cb = mpf(0)
    for m in range(mmax + 1):
        ca += pa
        cb += pb
        out.append((1 - ca, x / (x + m + 1) * (1 - cb)))
        pa *= (x + m) / (m + 1) * (1 - u)
        pb *= (x + 1 + m) / (m + 1) * (1 - u)
    return out


def waits_plain(ct, mmax):
    out = []
    pois = exp(-ct)
    cdf = mpf(0)
    for m in range(mmax + 1):
        cdf += pois
        out.append(1 - cdf)
        pois *= ct / (m + 1)
    return out


def self_check():
    """The CDF identities against partial fractions, betainc, gammainc."""
    with mp.workdps(120):
        c, theta = mpf(7) / 3, mpf(1) / 5
        x = c / theta
        t = mpf(2)
        u = exp(-theta * t)
        nb = waits_patience(x, u, 25)
        for m in [0, 1, 4, 12, 25]:
            rates = [c + kk * theta for kk in range(m + 1)]
            coef = []
            for kk, r in enumerate(rates):
                num = mpf(1)
                for q in rates:
                    num *= q
                den = mpf(1)
                for jj, q in enumerate(rates):
                    if jj != kk:
                        den *= q - r
                coef.append(num / den)
            v = fsum(cc * (1 - exp(-r * t)) / r for cc, r in zip(coef, rates))
            va = fsum(
                cc * (1 - exp(-(r + theta) * t)) / (r + theta)
                for cc, r in zip(coef, rates)
            )
            assert abs(v - nb[m][0]) < mpf(10) ** -60, (m, v, nb[m][0])
            assert abs(va - nb[m][1]) < mpf(10) ** -60, (m, va, nb[m][1])
            assert abs(1 - betainc(x, m + 1, 0, u, regularized=True) - v) < mpf(10) ** -60
            # E[V; answered] = -LST'(theta)
            lst = lambda s: mp.fprod([r / (r + s) for r in rates])
            e = -diff(lst, theta)
            formula = x / (x + m + 1) * fsum(1 / (theta * (x + kk)) for kk in range(1, m + 2))
            assert abs(e - formula) < mpf(10) ** -50, (m, e, formula)
        plain = waits_plain(c * t, 25)
        for m in [0, 3, 25]:
            erl = gammainc(m + 1, 0, c * t, regularized=True)
            assert abs(erl - plain[m]) < mpf(10) ** -60


def case_rows(n, k, load, aht, patience):
    pi, mu, lam, theta = chain(n, k, load, aht, patience)
    top = len(pi) - 1  # states beyond are negligible (or top == k)
    blocked = pi[k] if top == k else mpf(0)
    no_wait = fsum(pi[: min(n, top + 1)])
    waiting = pi[n:min(top + 1, k)]
    wait = fsum(waiting)
    queue = fsum((j - n) * pi[j] for j in range(n, top + 1))
    abandon = theta * queue / lam
    answered = 1 - blocked - abandon
    mean_wait = queue / (lam * (1 - blocked))
    mmax = len(waiting) - 1
    if patience is None:
        c = n * mu
        asa = fsum(q * (m + 1) / c for m, q in enumerate(waiting)) / answered
    else:
        x = n * mu / theta
        h = mpf(0)
        acc = []
        for m, q in enumerate(waiting):
            h += 1 / (theta * (x + m + 1))
            acc.append(q * x / (x + m + 1) * h)
        asa = fsum(acc) / answered
    rows = []
    for t in THRESHOLDS:
        t = mpf(t)
        if mmax < 0:
            within = within_ans = mpf(0)
            met_wait = mpf(0)
        elif patience is None:
            w = waits_plain(n * mu * t, mmax)
            within = within_ans = fsum(q * w[m] for m, q in enumerate(waiting))
            met_wait = within
        else:
            u = exp(-theta * t)
            w = waits_patience(n * mu / theta, u, mmax)
            within_ans = fsum(q * w[m][1] for m, q in enumerate(waiting))
            met_wait = fsum(q * (1 - u * (1 - w[m][0])) for m, q in enumerate(waiting))
        sl_offered = no_wait + within_ans
        rows.append(
            dict(
                agents=n,
                lines=k,
                load=repr(load),
                aht_secs=repr(aht),
                patience_secs="" if patience is None else repr(patience),
                threshold_secs=nstr(t, 10),
                blocked=nstr(blocked, 25),
                wait=nstr(wait, 25),
                abandon=nstr(abandon, 25),
                answered=nstr(answered, 25),
                queue=nstr(queue, 25),
                asa_answered=nstr(asa, 25),
                mean_wait_accepted=nstr(mean_wait, 25),
                sl_offered=nstr(sl_offered, 25),
                sl_answered=nstr(sl_offered / answered, 25),
                sl_met=nstr(no_wait + met_wait, 25),
            )
        )
    return rows


def sweep_cases():
    import random
    rng = random.Random(20261125)
    cases = []
    for _ in range(200):
        n = int(round(10 ** rng.uniform(0, 5)))
        load = float(n * 10 ** rng.uniform(log(0.3, 10), log(1.5, 10)))
        choice = rng.random()
        if choice < 0.15:
            extra = 0
        elif choice < 0.3:
            extra = 1
        else:
            extra = int(rng.uniform(0, 10 * n ** 0.5 + 10))
        aht = float(round(rng.uniform(30, 900)))
        if rng.random() < 1 / 3:
            patience = None
        else:
            # to the microsecond, so that the Duration the tests build
            # (nanosecond grid) holds it exactly
            patience = float(round(aht * 10 ** rng.uniform(-2, 2), 6))
        threshold = float(round(rng.uniform(0, 3 * aht), 3))
        cases.append(((n, n + extra, load, aht, patience), threshold))
    return cases


def main():
    import sys
    self_check()
    here = os.path.dirname(os.path.abspath(__file__))
    sweep = "--sweep" in sys.argv
    name = "finite_lines_sweep.csv" if sweep else "finite_lines.csv"
    out = os.path.join(here, "..", "tests", "data", name)
    rows = []
    global THRESHOLDS
    for case, threshold in sweep_cases() if sweep else [(c, None) for c in CASES]:
        if threshold is not None:
            THRESHOLDS = [threshold]
        n, k, load, aht, patience = case
        # the inputs as the doubles the tests pass
        rows += case_rows(n, k, float(load), float(aht),
                          None if patience is None else float(patience))
        print(case, flush=True)
    with open(out, "w", newline="") as f:
        f.write("# FiniteLines references: gen/finite_lines_reference.py%s (mpmath, 40 digits,\n"
                % (" --sweep" if sweep else ""))
        f.write("# birth-death chain summed directly; see the script's docstring).\n")
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    main()
