# Reference values for tests/spc_cusum_arl.rs: average run lengths (ARL) of
# the tabular CUSUM for a normal mean, written from the equations, not from the
# Rust code. Run: python3 cusum_arl_reference.py  (writes
# ../tests/data/cusum_arl_reference.csv and prints the checks; ~10 minutes).
#
# One side. The upper sum C_t = max(0, C_{t-1} + z_t - k), z ~ N(delta, 1),
# signals when C_t > h. With mu = delta - k, the ARL L(u) from a sum u solves
# (Page 1954; Brook & Evans 1972)
#
#   L(u) = 1 + L(0) Phi(-u - mu) + int_0^h L(y) phi(y - u - mu) dy.
#
# Solved here by Nystroem's method at 30 significant digits more than the ARL
# has before the decimal point (mpmath; a plain LU solve of I - Q loses those):
# composite
# Gauss-Legendre with 0.5-sigma panels of 12 points (1-sigma panels of 14
# beyond h = 6; the Rust code uses 1-sigma panels of 10), the unknowns L(0) and L(y_j), a
# dense LU solve; L(s) for a head start s by the Nystroem interpolant. The
# kernel phi(y - u - mu) is analytic, so the quadrature converges
# exponentially; the script prints the change when the grid is refined.
#
# Two sides. With A+ = L+(0), A- = L-(0) (the lower side is the upper one at
# -delta) and L+-(s) from a common head start s with 2s <= h + 2k:
#
#   ARL = (L+(s) A- + L-(s) A+ - A+ A-) / (A+ + A-),
#
# exact because neither sum can exceed h while the other is positive (their
# total falls by 2k a point while both are), so when one signals the other is
# 0 and its remaining run is a fresh run from 0: L+(s) = ARL + P(lower first)
# A+, L-(s) = ARL + P(upper first) A-. For s = 0 it is 1/ARL = 1/A+ + 1/A-. The
# formula is checked against a simulation of 10^6 runs of both sums.
import csv
import os
import sys

import numpy as np
from mpmath import mp, mpf, ncdf, npdf, matrix, lu_solve

mp.dps = 30  # raised inside one_sided for large ARLs
PANEL = mpf("0.5")
NODES = 12


def gauss_legendre(n):
    """Nodes and weights on [-1, 1]: numpy's nodes refined by Newton's method on
    P_n (three-term recurrence) at the working precision; w = 2/((1 - x^2) P_n'(x)^2)."""
    xs, ws = [], []
    for x0 in np.polynomial.legendre.leggauss(n)[0]:
        x = mpf(float(x0))
        for _ in range(8):
            p0, p1 = mpf(1), x
            for m in range(2, n + 1):
                p0, p1 = p1, ((2 * m - 1) * x * p1 - (m - 1) * p0) / m
            dp = n * (x * p1 - p0) / (x * x - 1)
            x -= p1 / dp
        xs.append(x)
        ws.append(2 / ((1 - x * x) * dp * dp))
    return xs, ws


_GL = {}


def grid(h, panel, nodes):
    key = (nodes, mp.dps)
    if key not in _GL:
        _GL[key] = gauss_legendre(nodes)
    t, wt = _GL[key]
    m = max(1, int(mp.ceil(h / panel)))
    width = h / m
    y, w = [], []
    for p in range(m):
        c = (p + mpf(1) / 2) * width
        for tj, wj in zip(t, wt):
            y.append(c + width / 2 * tj)
            w.append(width / 2 * wj)
    return y, w


def one_sided(k, h, delta, starts, panel=None, nodes=None):
    """L(s) for each s in starts, the upper CUSUM (k, h) at mean delta."""
    k, h, delta = mpf(k), mpf(h), mpf(delta)
    if panel is None:
        # Beyond h = 6, 1-sigma panels of 14 points keep the dense solve short.
        panel, nodes = (PANEL, NODES) if h <= 6 else (mpf(1), 14)
    mu = delta - k
    # The run is at most geometric with the one-step exit probability from 0,
    # Q(h - mu), so log10 ARL <= -log10 Q(h - mu): carry that many digits
    # more than 30, for the cancellation in I - Q.
    with mp.workdps(30):
        bound = -mp.log10(ncdf(-(h - mu)))
    with mp.workdps(30 + int(bound)):
        return _one_sided(h, mu, starts, panel, nodes)


def _one_sided(h, mu, starts, panel, nodes):
    y, w = grid(h, panel, nodes)
    n = len(y)
    pts = [mpf(0)] + y
    a = matrix(n + 1, n + 1)
    for i, u in enumerate(pts):
        # Row i of I - Q, Q the discretised chain: to 0 with Phi(-u - mu), to
        # y_j with w_j phi(y_j - u - mu), above h (the exit) with
        # 1 - Phi(h - u - mu). The diagonal is the exit plus the moves to the
        # other states, not 1 - Q_ii: the discrete chain then leaves each
        # state with exactly the true exit probability, which for huge ARLs
        # (exits of 1e-48) is far below the quadrature's error in the sum of
        # a row (about 1e-40 at 10 sigma below the mean).
        row = [ncdf(-u - mu)] + [w[j] * npdf(y[j] - u - mu) for j in range(n)]
        exit_ = ncdf(-(h - u - mu))
        for j in range(n + 1):
            if j != i:
                a[i, j] = -row[j]
        a[i, i] = exit_ + sum(row[j] for j in range(n + 1) if j != i)
    sol = lu_solve(a, matrix([1] * (n + 1)))
    out = []
    for s in starts:
        s = mpf(s)
        out.append(1 + sol[0] * ncdf(-s - mu) + sum(w[j] * npdf(y[j] - s - mu) * sol[j + 1] for j in range(n)))
    return out


def two_sided(k, h, delta, s):
    """Two-sided ARL from head start s on both sums (formula above)."""
    ap, lp = one_sided(k, h, delta, [0, s])
    am, lm = one_sided(k, h, -mpf(delta), [0, s])
    return (lp * am + lm * ap - ap * am) / (ap + am)


def simulate(k, h, delta, s, runs, seed):
    """Mean and standard error of the two-sided run length, both sums from s."""
    rng = np.random.default_rng(seed)
    up = np.full(runs, float(s))
    down = np.full(runs, float(s))
    length = np.zeros(runs, dtype=np.int64)
    alive = np.arange(runs)
    t = 0
    while alive.size:
        t += 1
        z = rng.standard_normal(alive.size) + delta
        up[alive] = np.maximum(0.0, up[alive] + z - k)
        down[alive] = np.maximum(0.0, down[alive] - z - k)
        done = (up[alive] > h) | (down[alive] > h)
        length[alive[done]] = t
        alive = alive[~done]
    return length.mean(), length.std(ddof=1) / np.sqrt(runs)


def main():
    rows = []  # kind, k, h, shift, start, value

    def add(kind, k, h, shift, start, value):
        rows.append((kind, k, h, shift, start, mp.nstr(value, 20)))

    print("== refinement: the grids used against panels half as wide with 16 nodes")
    for k, h, d in [("0.5", "4", "0"), ("0.5", "4", "1"), ("0", "10", "0"), ("0.5", "4", "-3"),
                    ("0.5", "4", "-5"), ("0.5", "4", "-10")]:
        a = one_sided(k, h, d, [0, mpf(h) / 2])
        fine = mpf("0.25") if mpf(h) <= 6 else mpf("0.5")
        b = one_sided(k, h, d, [0, mpf(h) / 2], panel=fine, nodes=16)
        print(k, h, d, [mp.nstr(x, 20) for x in a], "rel. change",
              [mp.nstr(abs(x / y - 1), 3) for x, y in zip(a, b)])

    print("== one side, k = 0.5, h = 4 and 5, from 0 and from h/2, shifts -3..10")
    shifts = ["0", "0.25", "0.5", "0.75", "1", "1.5", "2", "2.5", "3", "4", "5", "10",
              "-0.25", "-0.5", "-0.75", "-1", "-1.5", "-2", "-2.5", "-3", "-4", "-5", "-10"]
    for h in ("4", "5"):
        for d in shifts:
            l0, ls = one_sided("0.5", h, d, [0, mpf(h) / 2])
            add("one", "0.5", h, d, "0", l0)
            add("one", "0.5", h, d, str(mpf(h) / 2), ls)
            print(h, d, mp.nstr(l0, 17), mp.nstr(ls, 17))
    print("== two sides (from the one-sided values above), Lucas & Crosier (1982) Table 1: k 0.5, h 4")
    one = {(r[2], r[3], r[4]): mpf(r[5]) for r in rows if r[0] == "one"}
    for h in ("4", "5"):
        for d in shifts:
            if d.startswith("-"):
                continue
            m = "-" + d if d != "0" else "0"
            s = str(mpf(h) / 2)
            ap, am = one[(h, d, "0")], one[(h, m, "0")]
            lp, lm = one[(h, d, s)], one[(h, m, s)]
            plain = ap * am / (ap + am)
            fir = (lp * am + lm * ap - ap * am) / (ap + am)
            add("two", "0.5", h, d, "0", plain)
            add("two", "0.5", h, d, s, fir)
            print(h, d, "two-sided", mp.nstr(plain, 17), "with head start h/2", mp.nstr(fir, 17))

    print("== Vance (1986) Table 1: one side, k 0, h 10")
    for d in ("-0.25", "-0.125", "0", "0.125", "0.25", "0.5", "0.75", "1"):
        (l0,) = one_sided("0", "10", d, [0])
        add("one", "0", "10", d, "0", l0)
        print(d, mp.nstr(l0, 17))

    print("== Waldmann (1986) and Brook & Evans (1972): one side, k 0.5, h 3")
    for d in ("-0.5", "0", "0.5", "1.5"):
        (l0,) = one_sided("0.5", "3", d, [0])
        add("one", "0.5", "3", d, "0", l0)
        print(d, mp.nstr(l0, 17))
    print("   two sides, k 0.6, h 3, shift -0.2 (Waldmann Table 6: 65.4)")
    v = two_sided("0.6", "3", "-0.2", 0)
    add("two", "0.6", "3", "-0.2", "0", v)
    print(mp.nstr(v, 17))

    print("== SAS/QC CUSUMARL: k 0.25, h 8, shift 2.5, from 0 and 0.1")
    l0, l1 = one_sided("0.25", "8", "2.5", [0, "0.1"])
    add("one", "0.25", "8", "2.5", "0", l0)
    add("one", "0.25", "8", "2.5", "0.1", l1)
    print(mp.nstr(l0, 17), mp.nstr(l1, 17))

    print("== edges: h near 0 (limit 1/Phi(delta - k)), large ARLs, large h, large k")
    for k, h, d, starts in [
        ("0.5", "1e-9", "0", ["0", "5e-10"]), ("0.5", "0.01", "0", ["0"]), ("0", "0.5", "1", ["0"]),
        ("0.5", "0.5", "-2", ["0", "0.25"]), ("2", "3", "-1", ["0", "1.5"]), ("1", "6", "0", ["0", "3"]),
        ("0.5", "12", "0", ["0", "6"]), ("0.5", "12", "1", ["0", "6"]), ("0.5", "20", "0.5", ["0"]),
        ("3", "2", "-2", ["0", "1"]), ("0.5", "8", "-2", ["0"]), ("0", "4", "10", ["0"]),
        # Far below k with h beyond |delta - k|: the likeliest way up is two
        # jumps of about 2|delta - k| = 11 sigma each.
        ("0.5", "11", "-5", ["0", "5.5"]), ("0.5", "7", "-5", ["0"]),
    ]:
        vals = one_sided(k, h, d, starts)
        for s, v in zip(starts, vals):
            add("one", k, h, d, s, v)
        print(k, h, d, starts, [mp.nstr(v, 17) for v in vals])
    print("   h = 1e-9 limit 1/Phi(-0.5):", mp.nstr(1 / ncdf(mpf("-0.5")), 17))
    print("   k 0.5 h 4 shift -10: single-jump value 1/Q(h + 10.5) =", mp.nstr(1 / ncdf(-mpf("14.5")), 17))
    print("   k 0.5 h 8 shift -2: single-jump bound 1/Q(h + 2.5) =", mp.nstr(1 / ncdf(-mpf("10.5")), 17))

    print("== simulation of the two-sided CUSUM with head start h/2 (10^6 runs each)")
    for i, (h, d) in enumerate([(4, 0.0), (4, 0.5), (4, 1.0), (4, 2.0), (5, 0.0), (5, 1.0)]):
        mean, se = simulate(0.5, h, d, h / 2, 1_000_000, 2026 + i)
        exact = two_sided("0.5", str(h), str(d), mpf(h) / 2)
        add("sim", "0.5", str(h), str(d), str(h / 2), mpf(mean))
        add("simse", "0.5", str(h), str(d), str(h / 2), mpf(se))
        print(h, d, "simulated %.4f +- %.4f" % (mean, se), "formula", mp.nstr(exact, 10),
              "z = %.2f" % ((mean - float(exact)) / se))

    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data",
                       "cusum_arl_reference.csv")
    with open(out, "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["kind", "k", "h", "shift", "start", "value"])
        wr.writerows(rows)
    print("wrote", len(rows), "rows to", out, file=sys.stderr)


if __name__ == "__main__":
    main()
