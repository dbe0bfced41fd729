#!/usr/bin/env python3
"""Reference values for ChatModel (live chat with concurrency), written to
tests/data/chat_reference.csv and read by tests/chat_reference.rs.

Independent of the crate (mpmath only, 40 significant digits):

* The chain: N agents, at most m chats each, handle time h_j at
  concurrency j, mu_j = 1/h_j. With k <= S = N m chats in service,
  q = k div N, r = k mod N, the completion rate is
  c(k) = r (q+1) mu_{q+1} + (N - r) q mu_q; above S it is
  C + (k - S) theta, C = N m mu_m, theta = 1/patience (0 without).
  p_0 = 1, p_{k+1} = p_k lambda / c(k+1), normalised. The queue above S
  is summed until its terms fall below 1e-50 of the total past the mode
  (without patience it is the geometric series, summed in closed form).
* wait = P(K >= S); queue = sum (k - S) p_k; abandon = theta queue / lambda;
  mean wait = queue / lambda (Little); in service = sum min(k, S) p_k;
  busy agents = sum min(k, N) p_k.
* Answered and ASA of answered, state by state: an arrival that finds
  j waiting is answered after V_j = sum_{i=0}^{j} Exp(C + i theta) if its
  patience exceeds V_j, with probability x / (x + j + 1) (x = C / theta),
  and E[V_j; answered] = x/(x+j+1) sum_{i=1}^{j+1} 1/(theta (x + i))
  (the derivative of the Laplace transform at theta).
* Service levels from the density of the wait an arrival would face,
  f(s) = p_S C exp(-C s + y (1 - e^(-theta s))), y = lambda / theta,
  integrated in closed form with u = e^(-theta s) as generalised
  incomplete gamma functions (mpmath.gammainc(a, lo, hi)):
  P(V <= t, answered) = p_S x e^y y^-(x+1) Gamma(x+1; y u_t, y),
  P(V > t) = p_S x e^y y^-x Gamma(x; 0, y u_t), u_t = e^(-theta t).
  offered = P(no wait) + P(V <= t, answered); answered-convention =
  offered / answered; met = 1 - e^(-theta t) P(V > t). Without patience
  SL = 1 - wait e^(-(C - lambda) t) and ASA = wait / (C - lambda).
  The script checks that the gamma form at t = infinity reproduces the
  state-by-state P(answered) to 1e-30.

Cases: m = 1, 2, 3, 4, 8, 16 with equal, mildly and steeply rising handle
times (h_1 = 300 s, up to h_16 = 2.6 h_1), N = 1, 5, 30, 100 at 1e-6, 0.5,
0.95 and 0.999 of the capacity C, with no patience or 0.01, 1 and 100 h_1;
overload (1.2 and 2 C) with patience; teams of 1000 to 10,000 agents (up
to 80,000 slots) at 0.3 to 0.99 of capacity; zero load.

Run: python3 crates/servops-queue/gen/chat_reference.py (about 15 s).
"""
import csv
import os

from mpmath import mp, mpf, exp, gammainc, nstr, fsum

mp.dps = 40

# one threshold per case, taken in turn
THRESHOLDS = [0.0, 30.0, 120.0]


def profiles(m, h1):
    """Concurrency profiles with j / h_j concave, built from falling
    throughput increments d_j = g(j) - g(j-1) (g in chats per h_1):
    equal handle times (d_j = 1), a mild slowdown (d_j = 0.7^(j-1)) and a
    steep one (d_j = 1 - 0.3 (j-1) for m <= 4, where g falls at j = 4;
    0.5^(j-1) beyond); h_j = j h_1 / g(j)."""
    out = [[h1] * m]
    if m > 1:
        steep = [1 - 0.3 * (j - 1) for j in range(1, m + 1)] if m <= 4 else \
            [0.5 ** (j - 1) for j in range(1, m + 1)]
        for d in ([0.7 ** (j - 1) for j in range(1, m + 1)], steep):
            g, prof = 0.0, []
            for j in range(1, m + 1):
                g += d[j - 1]
                prof.append(j * h1 / g)
            out.append(prof)
    # handle times in whole milliseconds (exact as Durations)
    return [[round(h * 1000) / 1000 for h in p] for p in out]


def concave(h):
    g = [mpf(0)] + [mpf(j + 1) / mpf(h[j]) for j in range(len(h))]
    steps = [g[j] - g[j - 1] for j in range(1, len(g))]
    return all(steps[i] <= steps[i - 1] * (1 + mpf(10) ** -12) for i in range(1, len(steps)))


def solve(n, h, load_over_cap, patience, thresholds):
    m = len(h)
    s = n * m
    h = [mpf(x) for x in h]
    mu = [None] + [1 / x for x in h]
    cap = n * m * mu[m]  # C, chats per second
    lam = mpf(load_over_cap) * cap
    # the load the Rust test builds the traffic from: lambda h_1, rounded to a double
    load = float(lam * h[0])
    lam = mpf(load) / h[0]
    theta = 1 / mpf(patience) if patience is not None else mpf(0)

    def c(k):
        if k > s:
            return cap + (k - s) * theta
        q, r = divmod(k, n)
        val = (n - r) * q * mu[q] if q >= 1 else mpf(0)
        if r > 0:
            val += r * (q + 1) * mu[q + 1]
        return val

    if lam == 0:
        return load, None
    # finite part, relative to p_0
    p = [mpf(1)]
    for k in range(s):
        p.append(p[-1] * lam / c(k + 1))
    ps = p[s]
    # queue part, relative to p_0
    tail = []  # p_{S+j}, j >= 1
    if theta == 0:
        rho = lam / cap
        tail_mass = ps * rho / (1 - rho)
        tail_queue = ps * rho / (1 - rho) ** 2
    else:
        t = ps
        j = 0
        total = ps
        while True:
            j += 1
            ratio = lam / (cap + j * theta)
            t = t * ratio
            tail.append(t)
            total += t
            if ratio < 1 and t < mpf(10) ** -50 * total:
                break
            if j > 3_000_000:
                raise RuntimeError("tail too long")
        tail_mass = fsum(tail)
        tail_queue = fsum((i + 1) * v for i, v in enumerate(tail))
    norm = fsum(p) + tail_mass
    wait = (ps + tail_mass) / norm
    queue = tail_queue / norm
    in_service = (fsum(k * p[k] for k in range(s + 1)) + s * tail_mass) / norm
    busy = (fsum(min(k, n) * p[k] for k in range(s + 1)) + n * tail_mass) / norm
    mean_wait = queue / lam
    rows = []
    if theta == 0:
        abandon = mpf(0)
        answered = mpf(1)
        asa = wait / (cap - lam)
        for t in thresholds:
            sl = 1 - wait * exp(-(cap - lam) * t)
            rows.append((t, sl, sl, sl))
    else:
        x = cap / theta
        y = lam / theta
        states = [ps] + tail  # p_{S+j}, j = 0, 1, ...
        no_wait = 1 - wait
        answered_w = fsum(v * x / (x + j + 1) for j, v in enumerate(states)) / norm
        answered = no_wait + answered_w
        abandon = theta * queue / lam
        assert abs(answered + abandon - 1) < mpf(10) ** -30, (answered, abandon)
        acc = mpf(0)
        harm = mpf(0)
        for j, v in enumerate(states):
            harm += 1 / (theta * (x + j + 1))
            acc += v * x / (x + j + 1) * harm
        asa = acc / norm / answered
        pS = ps / norm
        pre = pS * x * exp(y)
        full = pre * y ** -(x + 1) * gammainc(x + 1, 0, y)
        assert abs(full - answered_w) < mpf(10) ** -30 * (1 + answered_w), (full, answered_w)
        for t in thresholds:
            u = exp(-theta * t)
            within = pre * y ** -(x + 1) * gammainc(x + 1, y * u, y)
            beyond = pre * y ** -x * gammainc(x, 0, y * u)
            offered = no_wait + within
            rows.append((t, offered, offered / answered, 1 - u * beyond))
    return load, dict(
        wait=wait, abandon=abandon, answered=answered, queue=queue, asa=asa,
        mean_wait=mean_wait, in_service=in_service, busy=busy, rows=rows,
    )


def cases():
    out = []
    h1 = 300.0
    for m in [1, 2, 3, 4, 8, 16]:
        for prof in profiles(m, h1):
            for n in [1, 5, 30, 100]:
                for rho in [1e-6, 0.5, 0.95, 0.999]:
                    for pat in [None, 3.0, 300.0, 30000.0]:
                        if (n, m) == (100, 16) and pat is not None and pat > 1000:
                            continue
                        out.append((n, prof, rho, pat))
                if prof[0] != prof[-1] or m == 1:
                    for rho in [1.2, 2.0]:
                        for pat in [3.0, 300.0]:
                            out.append((n, prof, rho, pat))
    # large teams
    for m, n in [(1, 1000), (1, 10000), (2, 1000), (3, 10000), (4, 2000), (8, 10000)]:
        for prof in profiles(m, h1)[-1:]:
            for rho in [0.3, 0.9, 0.99]:
                for pat in [None, 300.0]:
                    out.append((n, prof, rho, pat))
    # zero load
    out.append((5, profiles(3, h1)[-1], 0.0, None))
    out.append((5, profiles(3, h1)[-1], 0.0, 300.0))
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "tests", "data", "chat_reference.csv")
    cols = ["agents", "handle_secs", "load", "patience_secs", "threshold_secs",
            "wait", "abandon", "answered", "queue", "asa", "mean_wait",
            "in_service", "busy", "sl_offered", "sl_answered", "sl_met"]
    with open(path, "w", newline="") as f:
        f.write("# ChatModel references: gen/chat_reference.py (mpmath, 40 digits,\n")
        f.write("# the balanced chain summed directly; see the script's docstring).\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        count = 0
        for i, (n, prof, rho, pat) in enumerate(cases()):
            assert concave(prof), prof
            load, r = solve(n, prof, rho, pat, [THRESHOLDS[i % len(THRESHOLDS)]])
            hs = ";".join(repr(x) for x in prof)
            ps = "" if pat is None else repr(pat)
            if r is None:
                w.writerow([n, hs, repr(load), ps, "30.0", 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 1])
                continue
            for t, off, ans, met in r["rows"]:
                w.writerow([n, hs, repr(load), ps, repr(t)] + [
                    nstr(v, 18, min_fixed=-1, max_fixed=-1) for v in (
                        r["wait"], r["abandon"], r["answered"], r["queue"], r["asa"],
                        r["mean_wait"], r["in_service"], r["busy"], off, ans, met)
                ])
                count += 1
    print(f"wrote {count} rows to {path}")


if __name__ == "__main__":
    main()
