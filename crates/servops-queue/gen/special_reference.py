"""Reference values for servops-queue's special functions (unit tests of src/special).

Writes, for each point (a, x), the natural logarithms of

    p(a, x) = P(a, x) / D(a, x) = sum_{k>=0} x^k / ((a+1)...(a+k))
    q(a, x) = Q(a, x) / D(a, x)
    w(a, x) = sum_{k>=1} k x^k / ((a+1)...(a+k)) = a - (a - x) p(a, x)

with D(a, x) = x^a e^-x / Gamma(a + 1), as logarithms so that values far outside
the double range compare. Inputs are doubles written with repr(). Run:

    python3 crates/servops-queue/gen/special_reference.py > crates/servops-queue/tests/data/special.csv

Two independent routes, both at WORK_DPS digits:

1. Definitions. The smaller ratio directly, the larger as 1/D minus it, with
   ln(1/D) = ln Gamma(a+1) - a ln x + x:
   - x < a: p and w by their series (terms fall at least like (x/(a+1))^k);
   - x >= a: q = (a/x) integral_0^inf exp((a-1) ln(1 + u/x) - u) du
     (substitute t = x + u in Q's integral), by mpmath.quad (tanh-sinh) on
     panels laid out on the integrand's own scale; w = a + (x - a) p.
2. mpmath.gammainc (regularised): the lower function for x < a, the upper one
   for x >= a, the other as 1 minus it.

Route 1 is written. The script stops unless route 2 agrees with it to
AGREE relative (in p, q and w) at every point where route 2 converges.
gammainc raises NoConvergence at 7 of the 452 points, all with a >= 1e7 (six
with x just below a, one upper at a = 2.7e7, x = 1.88 a); earlier versions of
this file took both ratios from gammainc alone, the lower one also for x > a,
and stopped at a = 1e5, x = 1.2e5 after 291 points. stderr gives the number of
points where route 2 failed and the largest disagreement where it did not
(last run: 7 and 1.6e-58). About 40 s.
"""
import random
import sys

from mpmath import (mp, mpf, gammainc, loggamma, log, log1p, exp, quad, inf,
                    nstr, sqrt, fabs)
from mpmath.libmp import NoConvergence

WORK_DPS = 80
AGREE = mpf(10) ** -45

mp.dps = WORK_DPS
random.seed(20261123)


def ln_inv_d(a, x):
    return loggamma(a + 1) - a * log(x) + x


def series(a, x):
    """(sum_k t_k, sum_k k t_k) with t_k = x^k / ((a+1)...(a+k)), for x < a."""
    t = mpf(1)
    s0 = mpf(1)
    s1 = mpf(0)
    k = 0
    eps = mpf(10) ** -(WORK_DPS + 5)
    while True:
        k += 1
        t *= x / (a + k)
        s0 += t
        s1 += k * t
        if k * t < eps * s1 and t < eps * s0:
            return s0, s1


def q_by_quadrature(a, x):
    """Q(a, x) / D(a, x) for x >= a, by quadrature of its integral."""
    f = lambda u: exp((a - 1) * log1p(u / x) - u)
    # log-integrand g(u) = (a-1) ln(1 + u/x) - u: g(0) = 0, g'(0) = (a-1)/x - 1 <= 0,
    # curvature (a-1)/x^2 near 0. Scale h covers both the slope and the curvature;
    # panels double from h until the integrand is below 10^-(WORK_DPS + 20).
    slope = fabs((a - 1) / x - 1)
    curv = fabs(a - 1) / x ** 2
    h = 1 / (slope + sqrt(curv))
    pts = [mpf(0), h / 4, h / 2]
    u = h
    stop = -(WORK_DPS + 20) * log(10)
    while True:
        pts.append(u)
        if (a - 1) * log1p(u / x) - u < stop:
            break
        u *= 2
    return (a / x) * quad(f, pts, maxdegree=12)


def by_definitions(a, x):
    """(ln p, ln q, ln w) from the definitions (route 1)."""
    lid = ln_inv_d(a, x)
    if x < a:
        p, w = series(a, x)
        q = exp(lid) - p
        return log(p), log(q), log(w)
    q = q_by_quadrature(a, x)
    p = exp(lid) - q
    w = a + (x - a) * p
    return log(p), log(q), log(w)


def by_gammainc(a, x):
    """(ln p, ln q, ln w) from mpmath.gammainc (route 2), or None."""
    lid = ln_inv_d(a, x)
    try:
        if x < a:
            P = gammainc(a, 0, x, regularized=True)
            Q = 1 - P
        else:
            Q = gammainc(a, x, inf, regularized=True)
            P = 1 - Q
    except NoConvergence:
        return None
    lp, lq = log(P) + lid, log(Q) + lid
    w = a - (a - x) * exp(lp)
    return lp, lq, log(w)


points = []
for a in [1e-3, 0.3, 1.0, 2.5, 7.0, 11.5, 12.0, 13.0, 30.0, 100.0, 1000.0, 1e4, 1e5, 1e6,
          1e7, 1e8]:
    for lam in [1e-6, 0.01, 0.1, 0.3, 0.30170956, 0.302, 0.5, 0.8, 0.95, 0.99, 0.999, 1.0,
                1.001, 1.01, 1.05, 1.2, 1.5, 2.0, 2.3576, 2.358, 3.0, 10.0, 100.0]:
        x = float(a * lam)
        if x <= 0:
            continue
        points.append((a, x))
for _ in range(60):
    a = 10 ** random.uniform(-3, 8)
    x = a * 10 ** random.uniform(-2, 1)
    points.append((a, x))
# x within 1e-9 (relative) of a, a an integer or not
for a in [50.0, 5000.0, 500000.0, 12345.678, 1e7, 1e8]:
    for rel in [-1e-9, -1e-12, 1e-12, 1e-9]:
        points.append((a, a * (1 + rel)))

print("a,x,ln_p,ln_q,ln_w")
worst = mpf(0)
failed = 0
for a, x in points:
    a_m, x_m = mpf(a), mpf(x)
    ref = by_definitions(a_m, x_m)
    other = by_gammainc(a_m, x_m)
    if other is None:
        failed += 1
    else:
        for r, o in zip(ref, other):
            # difference of logarithms = relative difference
            d = fabs(r - o)
            worst = max(worst, d)
            if d > AGREE:
                sys.exit("routes disagree at a=%r x=%r: %s vs %s" % (a, x, r, o))
    print("%r,%r,%s,%s,%s" % (a, x, nstr(ref[0], 25), nstr(ref[1], 25), nstr(ref[2], 25)))
print("%d points; gammainc did not converge at %d; largest relative difference "
      "where it did: %s" % (len(points), failed, nstr(worst, 3)), file=sys.stderr)
