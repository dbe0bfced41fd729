"""Independent reference quantiles for servops-forecast's count distributions.

Computes, with mpmath at 40 significant digits and no crate code, the
least k >= 0 with P(N <= k) >= p for
- the negative binomial with mean mu and dispersion phi (Var = mu + phi mu^2,
  size r = 1/phi, P(N <= k) = I_{r/(r+mu)}(r, k + 1)) and the Poisson
  (phi = 0, P(N <= k) = Q(k + 1, mu));
- the day-level mixture of docs/forecast.md 2.7: the average of 16
  negative binomials with means mu L_j, L_j = exp(s z_j) / mean_j exp(s z_j),
  s^2 = ln(1 + tau^2), z_j the 16 normal quantiles at (j + 1/2) / 16 as the
  crate's Z16 table gives them (12 decimals).

The quantile is found by bisection on k with the exact cdf. Next to each
quantile q the file records the margin min(F(q) - p, p - F(q - 1)) / p,
F(q) - p relative to p, so a test can see how close the answer is to a tie
(every row has a margin of at least 1e-9 relative: the grid skips nothing,
but the test asserts it).

Writes tests/data/negative_binomial_reference.csv with the columns
kind, mu, phi, tau2, p, quantile, margin.
Run from the crate directory: python3 gen/negative_binomial_reference.py
(Python 3.11.7, mpmath 1.3.0).
"""
import csv

import mpmath as mp

mp.mp.dps = 40

Z16 = [
    "-1.862731867422", "-1.318010897304", "-1.00999016925", "-0.776421761148",
    "-0.579132162256", "-0.402250065322", "-0.237202109329", "-0.078412412733",
    "0.078412412733", "0.237202109329", "0.402250065322", "0.579132162256",
    "0.776421761148", "1.00999016925", "1.318010897304", "1.862731867422",
]


def peaked_integral(log_density, mode, sd, lo, hi):
    """Integral of exp(log_density) over [lo, hi] for a density with one
    peak at mode of width sd: Gauss-Legendre on pieces one sd wide, the
    range cut at 60 sd from the mode (the mass beyond is below 1e-700)."""
    lo = max(lo, mode - 60 * sd)
    hi = min(hi, mode + 60 * sd)
    if hi <= lo:
        return mp.mpf(0)
    pts = [lo] + [mode + j * sd for j in range(-59, 60) if lo < mode + j * sd < hi] + [hi]
    return mp.quad(lambda t: mp.exp(log_density(t)), pts)


def beta_lower(a, b, x):
    """Regularised I_x(a, b): mpmath's hypergeometric form, or where that
    does not converge (a and b both large) the integral of the density."""
    try:
        return mp.betainc(a, b, 0, x, regularized=True)
    except (ValueError, mp.libmp.NoConvergence):
        ln_b = mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b)
        mode = (a - 1) / (a + b - 2)
        sd = mp.sqrt(mode * (1 - mode) / (a + b))
        return peaked_integral(
            lambda t: (a - 1) * mp.log(t) + (b - 1) * mp.log1p(-t) - ln_b, mode, sd, mp.mpf(0), x
        )


def nb_cdf(k, mu, phi):
    if k < 0:
        return mp.mpf(0)
    mu = mp.mpf(mu)
    if phi == 0:
        # P(N <= k) = Q(k + 1, mu) = 1 - P(k + 1, mu).
        try:
            return mp.gammainc(k + 1, mu, mp.inf, regularized=True)
        except (ValueError, mp.libmp.NoConvergence):
            ln_g = mp.loggamma(k + 1)
            lower = peaked_integral(
                lambda t: k * mp.log(t) - t - ln_g, mp.mpf(k), mp.sqrt(k), mp.mpf(0), mu
            )
            return 1 - lower
    r = 1 / mp.mpf(phi)
    x, q = r / (r + mu), mu / (r + mu)
    # P(N <= k) = I_x(r, k + 1) = 1 - I_q(k + 1, r); the smaller argument
    # converges faster.
    if x < q:
        return beta_lower(r, mp.mpf(k + 1), x)
    return 1 - beta_lower(mp.mpf(k + 1), r, q)


def cross_check():
    """The integral fallback against mpmath's own betainc and gammainc where
    both converge."""
    for a, b, x in [(100, 11001, mp.mpf(100) / 10100), (2000, 3000, mp.mpf("0.41"))]:
        a, b = mp.mpf(a), mp.mpf(b)
        ln_b = mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b)
        mode = (a - 1) / (a + b - 2)
        sd = mp.sqrt(mode * (1 - mode) / (a + b))
        by_integral = peaked_integral(
            lambda t: (a - 1) * mp.log(t) + (b - 1) * mp.log1p(-t) - ln_b, mode, sd, mp.mpf(0), x
        )
        direct = mp.betainc(a, b, 0, x, regularized=True)
        assert abs(by_integral - direct) < mp.mpf("1e-25"), (by_integral, direct)
    k, mu = 5000, mp.mpf(5100)
    ln_g = mp.loggamma(k + 1)
    lower = peaked_integral(lambda t: k * mp.log(t) - t - ln_g, mp.mpf(k), mp.sqrt(k), mp.mpf(0), mu)
    direct = mp.gammainc(k + 1, mu, mp.inf, regularized=True)
    assert abs((1 - lower) - direct) < mp.mpf("1e-25"), (1 - lower, direct)


def levels(tau2):
    s = mp.sqrt(mp.log(1 + mp.mpf(tau2)))
    ls = [mp.exp(s * mp.mpf(z)) for z in Z16]
    m = sum(ls) / 16
    return [l / m for l in ls]


def mix_cdf(k, mu, phi, ls):
    return sum(nb_cdf(k, mu * l, phi) for l in ls) / 16


def least(p, cdf, mu, sd, skew):
    """Bisection on k, from a bracket around a Cornish-Fisher guess that
    is widened until it holds the answer (the guess only saves time).
    p is the exact value of the double nearest the decimal in the file
    (0.999999999 is 1 - 1.00000002828e-9 as a double), the number the
    crate is given."""
    p = mp.mpf(float(p))
    z = float(mp.sqrt(2) * mp.erfinv(2 * p - 1))
    guess = mu + sd * (z + skew * (z * z - 1) / 6)
    width = max(0.02 * sd, 2.0)
    lo, hi = int(guess - width), int(guess + width) + 1
    while lo >= 0 and cdf(lo) >= p:
        width *= 4
        lo = int(guess - width)
    lo = max(lo, -1)
    while cdf(hi) < p:
        width *= 4
        hi = int(guess + width) + 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if cdf(mid) >= p:
            hi = mid
        else:
            lo = mid
    margin = min(cdf(hi) - p, p - cdf(hi - 1)) / p
    return hi, margin


def main():
    cross_check()
    rows = []
    means = ["0.001", "0.3", "1", "3.7", "10", "42.5", "100", "333.3", "1000",
             "5000", "20000", "100000", "1000000", "10000000", "100000000",
             "1000000000", "10000000000"]
    phis = ["0", "0.000001", "0.001", "0.01", "0.05", "0.3", "1", "10", "100"]
    ps = ["0.000001", "0.025", "0.1", "0.5", "0.8", "0.9", "0.95", "0.975",
          "0.999", "0.999999999"]
    for mu in means:
        for phi in phis:
            m, f = mp.mpf(float(mu)), mp.mpf(float(phi))
            sd = float(mp.sqrt(m + f * m * m))
            skew = float((1 + 2 * f * m) / mp.sqrt(m + f * m * m))
            for p in ps:
                q, margin = least(p, lambda k: nb_cdf(k, m, f), float(m), sd, skew)
                rows.append(("nb", mu, phi, "0", p, q, mp.nstr(margin, 6)))
        print("nb", mu, flush=True)
    for mu in ["0.5", "7", "150", "2000", "100000"]:
        for phi, tau2 in [("0", "0"), ("0", "0.01"), ("0.002", "0.005"), ("0.05", "0.2"), ("1", "1")]:
            m, f = mp.mpf(float(mu)), mp.mpf(float(phi))
            ls = levels(float(tau2))
            second = sum(l * l for l in ls) / 16
            sd = float(mp.sqrt(m + f * m * m * second + m * m * (second - 1)))
            skew = float((1 + 2 * f * m) / mp.sqrt(m + f * m * m))
            for p in ["0.001", "0.1", "0.5", "0.9", "0.975", "0.999"]:
                q, margin = least(p, lambda k: mix_cdf(k, m, f, ls), float(m), sd, skew)
                rows.append(("day_level", mu, phi, tau2, p, q, mp.nstr(margin, 6)))
        print("mix", mu, flush=True)
    with open("tests/data/negative_binomial_reference.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["kind", "mu", "phi", "tau2", "p", "quantile", "margin"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
