#!/usr/bin/env python3
"""Reference answers for tests/chat_scan.rs: the fewest chat agents meeting
occupancy and P(wait) targets when the patience is below h_m (no metric is
monotone in N there, so the solver scans, and skips by lower bounds).

Independent of the crate (mpmath, 30 significant digits). The chain is the
one of gen/chat_reference.py: N agents, at most m chats each, handle time
h_j at concurrency j; with k <= S = N m chats in service, q = k div N,
r = k mod N, the completion rate is c(k) = r (q+1)/h_{q+1} + (N-r) q/h_q;
above S it is C + (k - S) theta, C = N m / h_m, theta = 1/patience.
Here the stationary law is summed *upwards* from p_0 = 1 (the crate walks
downwards from S and skips the states far above the mode), stopping once
the terms fall below 1e-40 of the sum with a ratio lambda / c(k) < 1 that
can only fall from there (c rises with k for these profiles, g = j / h_j
increasing; above S the rates rise too), so the rest is below a geometric
series, 1e-40 of the total.

occupancy = E[min(K, N)] / N, P(wait) = P(K >= S).

Case 1 and 2 (the fuzzed input: h = 300, 420, 600 s, patience 201 ns,
514 single-chat erlangs, occupancy at most 0.001 or 0.0011): every
N <= N_DIRECT is evaluated. For N > N_DIRECT (2,000 agents, about 65
standard deviations above the load) the states below N hold all but
P(Poisson(514) >= 2000) < 1e-400 of the mass and there c(k) = k / h_1,
so E[min(K, N)] = 514 (1 - eps_N) with 0 <= eps_N < 1e-300 (the script
bounds it) and occupancy(N) = 514 (1 - eps_N) / N: above the cap 0.001
exactly while N < 514,000 and at most the cap from N = 514,000 (the
occupancy there is 0.001 (1 - eps), equal to 0.001 to far below a double's
precision). So the answer is 514,000 for 0.001 and ceil(514 / 0.0011) =
467,273 for 0.0011.

Case 3 (patience 100 s, occupancy at most 0.85 and P(wait) at most 0.2)
and case 4 (P(wait) at most 0.05 alone): every N from 1 is evaluated up
to the first that meets the targets.

Run: python3 crates/servops-queue/gen/chat_scan_reference.py (about 1 min).
"""
from mpmath import mp, mpf, nstr, exp, log, factorial

mp.dps = 30

H = [300, 420, 600]
LOAD = mpf(514)
N_DIRECT = 2000


def chain(n, h, load, patience):
    """(occupancy, P(wait)) of N = n agents, summed upwards from p_0."""
    m = len(h)
    s = n * m
    h = [mpf(x) for x in h]
    lam = load / h[0]
    theta = 1 / mpf(patience)
    cap = n * m / h[m - 1]

    def c(k):
        if k > s:
            return cap + (k - s) * theta
        q, r = divmod(k, n)
        val = (n - r) * q / h[q - 1] if q >= 1 else mpf(0)
        if r > 0:
            val += r * (q + 1) / h[q]
        return val

    p = mpf(1)
    total = p
    busy = mpf(0)
    wait = mpf(0)
    k = 0
    while True:
        ratio = lam / c(k + 1)
        p *= ratio
        k += 1
        total += p
        busy += min(k, n) * p
        if k >= s:
            wait += p
        if ratio < 1 and p < mpf(10) ** -40 * total:
            break
    return busy / total / n, wait / total


def first_meeting(h, load, patience, occ=None, pwait=None, limit=10000):
    for n in range(1, limit):
        o, w = chain(n, h, load, patience)
        if (occ is None or o <= occ) and (pwait is None or w <= pwait):
            before = chain(n - 1, h, load, patience) if n > 1 else None
            return n, (o, w), before
    raise RuntimeError("not found")


def main():
    patience = mpf(201) * mpf(10) ** -9
    # cases 1 and 2: every N up to N_DIRECT misses the caps
    worst = None
    for n in range(1, N_DIRECT + 1):
        o, _ = chain(n, H, LOAD, patience)
        worst = o if worst is None else min(worst, o)
    print(f"N <= {N_DIRECT}: occupancy at least {nstr(worst, 12)} (> 0.0011)")
    assert worst > mpf("0.0011")
    # beyond: Poisson(514) mass at or above 2000 bounds eps_N
    k = N_DIRECT
    term = exp(-LOAD + k * log(LOAD)) / factorial(k)
    tail = term / (1 - LOAD / (k + 1))
    print(f"P(Poisson(514) >= {N_DIRECT}) < {nstr(tail, 5)}")
    assert tail < mpf(10) ** -300
    for cap in [mpf("0.001"), mpf("0.0011")]:
        n = int(mp.ceil(LOAD / cap))
        print(f"case occupancy <= {cap}: {n} agents (occupancy at n-1 "
              f"{nstr(LOAD / (n - 1), 20)}, at n {nstr(LOAD / n, 20)})")
    # cases 3 and 4: patience 100 s, brute force from 1
    n, (o, w), before = first_meeting(H, LOAD, 100, occ=mpf("0.85"), pwait=mpf("0.2"))
    # (a P(wait) of 0 is below 1e-40: the sum stops before reaching S)
    print(f"case occupancy <= 0.85 and P(wait) <= 0.2, patience 100 s: {n} agents "
          f"(occupancy {nstr(o, 20)}, P(wait) {nstr(w, 20)}; at n-1 "
          f"{nstr(before[0], 20)}, {nstr(before[1], 20)})")
    n, (o, w), before = first_meeting(H, LOAD, 100, pwait=mpf("0.05"))
    print(f"case P(wait) <= 0.05, patience 100 s: {n} agents "
          f"(P(wait) {nstr(w, 20)}; at n-1 {nstr(before[1], 20)})")


if __name__ == "__main__":
    main()
