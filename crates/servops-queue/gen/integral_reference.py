"""Reference values of j(c, y) = integral_0^inf s exp(-c s + y (1 - e^-s)) ds.

The integral behind the mean wait of answered contacts in Erlang A. Computed with
mpmath.quad (tanh-sinh, 60 digits) on [0, inf) split around the integrand's mode, and
written as ln(j) so that values outside the double range compare.
Run: python3 crates/servops-queue/gen/integral_reference.py > crates/servops-queue/tests/data/first_moment.csv
"""
from mpmath import mp, mpf, exp, log, quad, inf, nstr, sqrt

mp.dps = 60

def ln_j(c, y):
    c, y = mpf(c), mpf(y)
    if y > c:
        m = log(y / c)
        shift = -c * m + y * (1 - c / y)
        sd = 1 / sqrt(c)
    else:
        m = 1 / c
        shift = 0
        sd = m
    f = lambda s: s * exp(-c * s + y * (1 - exp(-s)) - shift)
    pts = [mpf(0)] + [m + k * sd for k in (-8, -4, -2, -1, 0, 1, 2, 4, 8, 16, 64) if m + k * sd > 0] + [inf]
    pts = sorted(set(pts))
    return log(quad(f, pts)) + shift

print("c,y,ln_j")
for c in [1e-3, 0.05, 1.0, 3.5, 20.0, 301.0, 1e4, 1e6, 1e8]:
    for r in [0.0, 1e-3, 0.5, 0.9, 0.999, 1.0, 1.001, 1.1, 2.0, 10.0, 1e3]:
        y = float(c * r)
        print("%r,%r,%s" % (c, y, nstr(ln_j(c, y), 25)))
