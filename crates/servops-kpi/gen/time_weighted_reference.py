# Reference values for tests/spc_time_weighted.rs (EWMA and CUSUM charts and
# their average run lengths), computed here from the definitions, independently
# of the Rust code. Run: python3 time_weighted_reference.py
#
# Data: Montgomery, D. C. (2009), Introduction to Statistical Quality Control,
# 6th ed., Table 9.1: 30 observations, the first 20 from N(10, 1), the last 10
# from N(11, 1). The same 30 numbers are printed in many public course notes
# and test suites that cite the table (for example the qcc exercises of the
# book and process_improve's CUSUM tests, which also list Montgomery's Table
# 9.2 upper sums 0, 0, 0, 1.16, 2.82, ..., 4.47, 5.28).
from mpmath import mp, mpf, sqrt, exp, expm1, ncdf, npdf
import numpy as np

mp.dps = 40
X = ["9.45", "7.99", "9.29", "11.66", "12.16", "10.18", "8.04", "11.46", "9.20", "10.34",
     "9.03", "11.47", "10.51", "9.40", "10.08", "9.37", "10.62", "10.31", "8.52", "10.84",
     "10.90", "9.33", "12.29", "11.50", "10.60", "11.08", "10.38", "11.62", "11.31", "10.52"]
X = [mpf(v) for v in X]

print("== tabular CUSUM, mu0 = 10, sigma = 1, k = 0.5, h = 5 (Montgomery Table 9.2)")
mu0, K, H = mpf(10), mpf("0.5"), mpf(5)
cp = cm = mpf(0); np_ = nm = 0
for i, x in enumerate(X, 1):
    cp = max(mpf(0), x - (mu0 + K) + cp)
    cm = max(mpf(0), (mu0 - K) - x + cm)
    np_ = np_ + 1 if cp > 0 else 0
    nm = nm + 1 if cm > 0 else 0
    flag = ""
    if cp > H:
        flag = "  signal: estimated mean %s" % mp.nstr(mu0 + K + cp / np_, 17)
    print(i, mp.nstr(cp, 17), np_, mp.nstr(cm, 17), nm, flag)

print("== same with a fast initial response, C+_0 = C-_0 = H/2 = 2.5")
cp = cm = H / 2; np_ = nm = 0
for i, x in enumerate(X, 1):
    cp = max(mpf(0), x - (mu0 + K) + cp)
    cm = max(mpf(0), (mu0 - K) - x + cm)
    np_ = np_ + 1 if cp > 0 else 0
    nm = nm + 1 if cm > 0 else 0
    if cp > H or cm > H:
        print(i, mp.nstr(cp, 17), np_, mp.nstr(cm, 17), nm)

print("== EWMA, lambda = 0.1, L = 2.7, z0 = 10 (Montgomery Example 9.2 / Table 9.11)")
lam, L = mpf("0.1"), mpf("2.7")
z = mu0
for i, x in enumerate(X, 1):
    z = lam * x + (1 - lam) * z
    s = sqrt(lam / (2 - lam) * (1 - (1 - lam) ** (2 * i)))
    print(i, mp.nstr(z, 17), "LCL", mp.nstr(mu0 - L * s, 17), "UCL", mp.nstr(mu0 + L * s, 17),
          "signal" if abs(z - mu0) > L * s else "")
print("asymptotic UCL", mp.nstr(mu0 + L * sqrt(lam / (2 - lam)), 17))

print("== EWMA from a phase-I baseline: the first 20 observations")
base = X[:20]
m = sum(base) / 20
mr = sum(abs(base[j] - base[j - 1]) for j in range(1, 20)) / 19
d2 = 2 / sqrt(mp.pi)
print("mean", mp.nstr(m, 17), "MRbar", mp.nstr(mr, 17), "sigma", mp.nstr(mr / d2, 17))

print("== Siegmund's CUSUM ARL, two-sided, b = h + 1.166 (Montgomery eq. 9.19)")
def siegmund_one(delta, k, h):
    b = h + mpf("1.166"); D = delta - k
    if D == 0:
        return b * b
    return (exp(-2 * D * b) + 2 * D * b - 1) / (2 * D * D)
def siegmund(delta, k, h):
    return 1 / (1 / siegmund_one(delta, k, h) + 1 / siegmund_one(-delta, k, h))
for h in (4, 5):
    for d in ("0", "0.25", "0.5", "1", "2", "3"):
        d = mpf(d)
        print("h", h, "shift", d, mp.nstr(siegmund(d, mpf("0.5"), mpf(h)), 17),
              "one-sided", mp.nstr(siegmund_one(d, mpf("0.5"), mpf(h)), 17))
print("k = 0.5, h = 4, shift 0.5: Delta = 0 on the upper side:",
      mp.nstr(siegmund(mpf("0.5"), mpf("0.5"), mpf(4)), 17))

print("== EWMA ARL, Markov chain of Lucas & Saccucci (1990), asymptotic limits")
def ewma_arl_markov(lam, L, delta, states):
    # states intervals of equal width over (-h, h), h = L sqrt(lam/(2-lam)),
    # start in the middle state (z0 = mu0); ARL = (I - Q)^-1 1.
    lam, L, delta = float(lam), float(L), float(delta)
    h = L * np.sqrt(lam / (2 - lam))
    w = 2 * h / states
    c = -h + (np.arange(states) + 0.5) * w
    from math import erf
    Phi = np.vectorize(lambda x: 0.5 * (1 + erf(x / np.sqrt(2))))
    hi = (c[None, :] + w / 2 - (1 - lam) * c[:, None]) / lam - delta
    lo = (c[None, :] - w / 2 - (1 - lam) * c[:, None]) / lam - delta
    Q = Phi(hi) - Phi(lo)
    arl = np.linalg.solve(np.eye(states) - Q, np.ones(states))
    return arl[states // 2]
def ewma_arl_integral(lam, L, delta, nodes=200):
    # Nystroem solution of L(z) = 1 + 1/lam int_{-h}^{h} phi((y-(1-lam)z)/lam - delta) L(y) dy
    # with Gauss-Legendre nodes (Crowder 1987): the ARL the chain tends to.
    lam, L, delta = float(lam), float(L), float(delta)
    h = L * np.sqrt(lam / (2 - lam))
    t, wts = np.polynomial.legendre.leggauss(nodes)
    y = h * t; wts = h * wts
    phi = lambda u: np.exp(-0.5 * u * u) / np.sqrt(2 * np.pi)
    A = np.eye(nodes) - wts[None, :] * phi((y[None, :] - (1 - lam) * y[:, None]) / lam - delta) / lam
    Lv = np.linalg.solve(A, np.ones(nodes))
    return 1 + np.sum(wts * phi(y / lam - delta) / lam * Lv)
for L in ("2.7", "2.703"):
    for d in ("0", "0.5", "1", "2", "3"):
        print("lambda 0.1 L", L, "shift", d,
              "chain 101:", repr(ewma_arl_markov("0.1", L, d, 101)),
              "chain 201:", repr(ewma_arl_markov("0.1", L, d, 201)),
              "integral:", repr(ewma_arl_integral("0.1", L, d)))
print("lambda 1 L 3 (Shewhart: 1/(Phi(-3-d) + 1 - Phi(3-d))), shift 0:",
      mp.nstr(1 / (2 * ncdf(-3)), 17), "shift 1:", mp.nstr(1 / (ncdf(-4) + 1 - ncdf(2)), 17))
print("  chain 201, shift 0:", repr(ewma_arl_markov(1, 3, 0, 201)), "shift 1:", repr(ewma_arl_markov(1, 3, 1, 201)))

print("== service-level drift (spc/mod.rs worked example): target 0.80, sigma 0.02")
# 12 days near 0.80, then 14 near 0.78 (a 1 sigma drop); pseudo-random
# (Python random.seed(7), gauss, rounded to 3 decimals; day 17 set to 0.744).
SL = ["0.795", "0.81", "0.795", "0.794", "0.781", "0.796", "0.822", "0.808", "0.821", "0.805",
      "0.808", "0.804", "0.747", "0.797", "0.79", "0.79", "0.744", "0.745", "0.762", "0.771",
      "0.786", "0.779", "0.79", "0.767", "0.786", "0.788"]
SL = [mpf(v) for v in SL]
mu, s = mpf("0.80"), mpf("0.02")
print("beyond mu +- 3 sigma:", [i for i, v in enumerate(SL, 1) if abs(v - mu) > 3 * s])
cm = mpf(0); nm = 0; z = mu; first_c = first_e = None
for i, v in enumerate(SL, 1):
    cm = max(mpf(0), (mu - s / 2) - v + cm); nm = nm + 1 if cm > 0 else 0
    z = mpf("0.1") * v + mpf("0.9") * z
    lim = mpf("2.7") * s * sqrt(mpf("0.1") / mpf("1.9") * (1 - mpf("0.9") ** (2 * i)))
    if first_c is None and cm > 4 * s:
        first_c = i; print("CUSUM (k 0.5, h 4) first signal day", i, "C-", mp.nstr(cm, 17), "N-", nm,
                           "estimated mean", mp.nstr(mu - s / 2 - cm / nm, 17))
    if first_e is None and abs(z - mu) > lim:
        first_e = i; print("EWMA (0.1, 2.7) first signal day", i, "z", mp.nstr(z, 17), "LCL", mp.nstr(mu - lim, 17))

print("== EWMA ARL: the Markov chain with 401 states (as servops) and the integral")
print("   equation, against Lucas & Saccucci (1990) as tabulated by Montgomery (2009),")
print("   Table 9.11 (ARL0 = 500 designs)")
TABLE_9_11 = {  # (lambda, L): ARL at shifts 0, .25, .5, .75, 1, 1.5, 2, 2.5, 3, 4
    (0.40, 3.054): [500, 224, 71.2, 28.4, 14.3, 5.9, 3.5, 2.5, 2.0, 1.4],
    (0.25, 2.998): [500, 170, 48.2, 20.1, 11.1, 5.5, 3.6, 2.7, 2.3, 1.7],
    (0.20, 2.962): [500, 150, 41.8, 18.2, 10.5, 5.5, 3.7, 2.9, 2.4, 1.9],
    (0.10, 2.814): [500, 106, 31.3, 15.9, 10.3, 6.1, 4.4, 3.4, 2.9, 2.2],
    (0.05, 2.615): [500, 84.1, 28.8, 16.4, 11.4, 7.1, 5.2, 4.2, 3.5, 2.7],
}
SHIFTS = [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 4]
for (lam, L), row in TABLE_9_11.items():
    for d, pub in zip(SHIFTS, row):
        c = ewma_arl_markov(lam, L, d, 401); g = ewma_arl_integral(lam, L, d)
        print(lam, L, d, "published", pub, "chain401", repr(float(c)), "integral", repr(float(g)),
              "rel.diff %.4f" % ((c - pub) / pub))
for d in ("0", "1", "-1"):
    print("lambda 0.1 L 2.7 shift", d, "chain401", repr(float(ewma_arl_markov(0.1, 2.7, float(d), 401))))
