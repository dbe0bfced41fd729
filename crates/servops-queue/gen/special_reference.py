"""Reference values for servops-queue's special functions (unit tests of src/special).

Computed with mpmath at 60 significant digits directly from the definitions:

    D(a, x)  = x^a e^-x / Gamma(a + 1)
    p(a, x)  = P(a, x) / D(a, x)          (mpmath.gammainc regularized, lower)
    q(a, x)  = Q(a, x) / D(a, x)          (mpmath.gammainc regularized, upper)
    w(a, x)  = sum_{k>=1} k x^k / ((a+1)...(a+k)) = a - (a - x) p(a, x)
    j(c, y)  = integral_0^inf s exp(-c s + y (1 - e^-s)) ds     (mpmath.quad)

Values are written as natural logarithms (ln_p, ln_q, ln_w, ln_j), so that numbers
far outside the double range can be compared. Inputs are doubles written with repr().
Run: python3 crates/servops-queue/gen/special_reference.py > crates/servops-queue/tests/data/special.csv
"""
from mpmath import mp, mpf, gammainc, loggamma, log, exp, quad, inf, nstr
import random

mp.dps = 60
random.seed(20261123)

def ln_d(a, x):
    return a * log(x) - x - loggamma(a + 1)

def row(a, x):
    a_m, x_m = mpf(a), mpf(x)
    lp = log(gammainc(a_m, 0, x_m, regularized=True)) - ln_d(a_m, x_m)
    lq = log(gammainc(a_m, x_m, inf, regularized=True)) - ln_d(a_m, x_m)
    w = a_m - (a_m - x_m) * exp(lp)
    if abs(w) < mpf(10) ** -30 * a_m:
        # closed form cancels to working precision: sum the series instead
        t = mpf(1); w = mpf(0); k = 0
        while True:
            k += 1
            t *= x_m / (a_m + k)
            w += k * t
            if k > x_m and k * t < w * mpf(10) ** -40:
                break
    return lp, lq, log(w)

def ln_j(c, y):
    c, y = mpf(c), mpf(y)
    f = lambda s: s * exp(-c * s + y * (1 - exp(-s)))
    # split at the mode region for robustness
    from mpmath import lambertw
    if y > c:
        m = log(y / c)
        pts = [0, m / 2, m, m + 4 / c ** 0.5 + 1, m + 40 / c ** 0.5 + 40, inf]
    else:
        m = 1 / c
        pts = [0, m, 10 * m, 100 * m, inf]
    pts = sorted(set(pts))
    return log(quad(f, pts, maxdegree=10))

points = []
for a in [1e-3, 0.3, 1.0, 2.5, 7.0, 11.5, 12.0, 13.0, 30.0, 100.0, 1000.0, 1e4, 1e5, 1e6, 1e8]:
    for lam in [1e-6, 0.01, 0.1, 0.3, 0.30170956, 0.302, 0.5, 0.8, 0.95, 0.99, 0.999, 1.0,
                1.001, 1.01, 1.05, 1.2, 1.5, 2.0, 2.3576, 2.358, 3.0, 10.0, 100.0]:
        x = float(a * lam)
        if x <= 0:
            continue
        points.append((a, x))
for _ in range(60):
    a = 10 ** random.uniform(-3, 7)
    x = a * 10 ** random.uniform(-2, 1)
    points.append((a, x))
# a near integers and x within 1e-9 of a
for a in [50.0, 5000.0, 500000.0]:
    points.append((a, a * (1 + 1e-9)))
    points.append((a, a * (1 - 1e-9)))

print("a,x,ln_p,ln_q,ln_w")
for a, x in points:
    lp, lq, lw = row(a, x)
    print("%r,%r,%s,%s,%s" % (a, x, nstr(lp, 25), nstr(lq, 25), nstr(lw, 25)))
