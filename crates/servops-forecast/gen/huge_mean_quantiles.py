"""Independent reference quantiles at huge means and tiny probabilities.

For the Poisson (phi = 0) and negative binomial (Var = mu + phi mu^2,
r = 1/phi) counts at means 1e8 to 1e10 and p from 1e-300 to 1 - 1e-12,
the least k >= 0 with P(N <= k) >= p, computed with mpmath at 50 digits
and no crate code. Each cumulative probability is the integral of a
density over the tail side only (so a tail of 1e-300 keeps its digits):

- Poisson: P(N <= k) = Q(k + 1, mu) = int_mu^inf t^k e^-t / k! dt, and
  P(N > k) = int_0^mu of the same density;
- negative binomial: P(N <= k) = I_x(r, k + 1) = int_0^x t^(r-1) (1-t)^k / B(r, k+1) dt,
  x = r / (r + mu), and P(N > k) = int_x^1 of the same density;

whichever side does not hold the density's mode is integrated (mpmath's
tanh-sinh on pieces growing from a quarter of the local decay length)
and the other is 1 minus it. The integrals are checked against mpmath's
gammainc and the summed pmf (cross_check). The quantile is
found by Newton steps on the log of the tail (slope from the pmf), then
confirmed as the least k: P(N <= k - 1) < p <= P(N <= k) (for p > 1/2 on
the upper tail, P(N > k) <= 1 - p, with 1 - p of the double p).

Writes tests/data/huge_mean_quantiles.csv with the columns
mu, phi, p, quantile, margin (min(F(q) - p, p - F(q - 1)) relative to the
tail compared; a margin below 1e-12 would be a near-tie).
With the argument `beta`, writes tests/data/beta_tails.csv instead: 40
tails of I_x(a, b) at large a and b (see beta_tails); with `mixture`,
prints one day-level mixture quantile (see mixture_tail).
Run from the crate directory: python3 gen/huge_mean_quantiles.py [beta|mixture]
(Python 3.11.7, mpmath 1.3.0).
"""
import csv
import sys

import mpmath as mp

mp.mp.dps = 50


def tail_integral(log_density, start, end, mode, sd):
    """Integral of exp(log_density) from start to end (either order), over
    the side of start away from the density's mode: pieces that start at a
    quarter of the local decay length (1 / |d log_density / dt| at start,
    at most one sd) and grow by half each, up to 70 sd past the mode's
    distance (beyond, the density is below 1e-1000 of its value at start)."""
    direction = 1 if end > start else -1
    slope = abs(mp.diff(log_density, start))
    h = min(sd, 1 / slope) if slope > 0 else sd
    reach = min(70 * sd + abs(start - mode), abs(end - start))
    # mpmath's quadrature stops on an absolute error estimate, so a tiny
    # integrand is scaled by its value at start (unscaled, the integral of
    # e^-t over [5100, 5101] comes out 9e-12 off); the variable is the
    # distance u from start.
    pts, d = [mp.mpf(0)], h / 4
    while d < reach:
        pts.append(d)
        d *= 1.5
    pts.append(reach)
    at_start = log_density(start)
    scaled = mp.quad(lambda u: mp.exp(log_density(start + direction * u) - at_start), pts)
    return scaled * mp.exp(at_start)


class Poisson:
    def __init__(self, mu):
        self.mu = mp.mpf(mu)

    def tails(self, k):
        """(P(N <= k), P(N > k))."""
        if k < 0:
            return mp.mpf(0), mp.mpf(1)
        ln_g = mp.loggamma(k + 1)
        dens = lambda t: k * mp.log(t) - t - ln_g
        mode, sd = mp.mpf(k), mp.sqrt(k + 1)
        if mode < self.mu:
            lower = tail_integral(dens, self.mu, mp.inf, mode, sd)
            return lower, 1 - lower
        upper = tail_integral(dens, self.mu, mp.mpf(0), mode, sd)
        return 1 - upper, upper

    def pmf(self, k):
        return mp.exp(k * mp.log(self.mu) - self.mu - mp.loggamma(k + 1))


class NegBin:
    def __init__(self, mu, phi):
        self.mu = mp.mpf(mu)
        self.r = 1 / mp.mpf(phi)
        self.x = self.r / (self.r + self.mu)

    def tails(self, k):
        if k < 0:
            return mp.mpf(0), mp.mpf(1)
        a, b = self.r, mp.mpf(k + 1)
        ln_b = mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b)
        dens = lambda t: (a - 1) * mp.log(t) + (b - 1) * mp.log1p(-t) - ln_b
        mode = (a - 1) / (a + b - 2)
        sd = mp.sqrt(mode * (1 - mode) / (a + b))
        if mode > self.x:
            lower = tail_integral(dens, self.x, mp.mpf(0), mode, sd)
            return lower, 1 - lower
        upper = tail_integral(dens, self.x, mp.mpf(1), mode, sd)
        return 1 - upper, upper

    def pmf(self, k):
        r, mu = self.r, self.mu
        return mp.exp(
            mp.loggamma(k + r) - mp.loggamma(r) - mp.loggamma(k + 1)
            + r * mp.log(r / (r + mu)) + k * mp.log(mu / (r + mu))
        )


def cross_check():
    k, mu = 5000, mp.mpf(5100)
    got = Poisson(mu).tails(k)[0]
    want = mp.gammainc(k + 1, mu, mp.inf, regularized=True)
    assert abs(got - want) < mp.mpf("1e-30") * want, (got, want)
    k, mu = 4000, mp.mpf(5100)  # lower tail ~ 1e-55
    got = Poisson(mu).tails(k)[0]
    want = mp.gammainc(k + 1, mu, mp.inf, regularized=True)
    assert abs(got - want) < mp.mpf("1e-30") * want, (got, want)
    for k, mu, phi in [(11000, 10000, "0.0001"), (8000, 10000, "0.0001"), (30000, 10000, "0.01")]:
        nb = NegBin(mu, phi)
        # The pmf summed by the ratio (j + r) / (j + 1) * mu / (r + mu)
        # (mpmath's betainc does not converge here).
        term = mp.exp(nb.r * mp.log(nb.x))
        want = mp.mpf(0)
        for j in range(k + 1):
            want += term
            term *= (j + nb.r) / (j + 1) * nb.mu / (nb.r + nb.mu)
        lower, upper = nb.tails(k)
        pmf_k = term * (k + 1) / (k + nb.r) * (nb.r + nb.mu) / nb.mu
        if want < mp.mpf("0.5"):
            assert abs(lower - want) < mp.mpf("1e-30") * want, (k, lower, want)
        else:
            # The upper tail summed upwards from k + 1.
            tail, j = mp.mpf(0), k
            while term > mp.mpf("1e-70") * tail:
                tail += term
                j += 1
                term *= (j + nb.r) / (j + 1) * nb.mu / (nb.r + nb.mu)
            assert abs(upper - tail) < mp.mpf("1e-30") * tail, (k, upper, tail)
        term = pmf_k
        assert abs(nb.pmf(k) - term) < 1e-30 * term


def quantile(dist, p_text, mu, sd):
    p = mp.mpf(float(p_text))  # the double the crate is given
    on_upper = p > mp.mpf("0.5")
    target = 1 - p if on_upper else p

    def tail(k):
        lo, up = dist.tails(k)
        return up if on_upper else lo

    z = float(mp.sqrt(2) * mp.erfinv(2 * p - 1)) if float(p_text) > 1e-200 else -float(
        mp.sqrt(-2 * mp.log(p) - mp.log(-2 * mp.log(p)) - mp.log(2 * mp.pi)))
    k = max(0, int(mu + sd * z))
    for _ in range(100):
        t = tail(k)
        f = dist.pmf(k)
        # slope of ln tail: lower: ln F(k) - ln F(k-1); upper: ln U(k) - ln U(k-1)
        if on_upper:
            slope = -mp.log1p(f / t)
        else:
            slope = -mp.log1p(-f / t) if f < t else mp.mpf(1)
        step = (mp.log(target) - mp.log(t)) / slope
        if abs(step) < 2:
            break
        k = max(0, int(mp.nint(k + step)))
    # Least k: walk with exact tails.
    def reaches(k):
        return tail(k) <= target if on_upper else tail(k) >= target
    while not reaches(k):
        k += 1
    while k > 0 and reaches(k - 1):
        k -= 1
    t_hi, t_lo = tail(k), tail(k - 1)
    margin = min(abs(t_hi - target), abs(t_lo - target)) / target
    return k, margin


def beta_tails(count=40, seed=20261124):
    """Reference tails of I_x(a, b) for a in 1e4..1e12, b in 1e4..1e10 and x
    from the centre to 37 sd out: (a, b, x, side, tail) with side 'lower'
    (I_x) or 'upper' (1 - I_x), whichever is the smaller; x + (1 - x) = 1
    exactly in doubles (the larger of the two is drawn)."""
    import random
    rng = random.Random(seed)
    rows = []
    while len(rows) < count:
        a = 10 ** (4 + 8 * rng.random())
        b = 10 ** (4 + 6 * rng.random())
        z = 75 * (rng.random() - 0.5)
        n = a + b
        m, sd = a / n, (a * b / (n * n * (n + 1))) ** 0.5
        x = m + z * sd
        if not 0 < x < 1:
            continue
        if x < 0.5:
            x = 1 - (1 - x)
        am, bm, xm = mp.mpf(a), mp.mpf(b), mp.mpf(x)
        ln_b = mp.loggamma(am) + mp.loggamma(bm) - mp.loggamma(am + bm)
        dens = lambda t: (am - 1) * mp.log(t) + (bm - 1) * mp.log1p(-t) - ln_b
        mode = (am - 1) / (am + bm - 2)
        sdm = mp.sqrt(mode * (1 - mode) / (am + bm))
        if mode > xm:
            side, tail = "lower", tail_integral(dens, xm, mp.mpf(0), mode, sdm)
        else:
            side, tail = "upper", tail_integral(dens, xm, mp.mpf(1), mode, sdm)
        if tail < mp.mpf("1e-300"):
            continue
        rows.append((repr(a), repr(b), repr(x), side, mp.nstr(tail, 20)))
        print(rows[-1], flush=True)
    with open("tests/data/beta_tails.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["a", "b", "x", "side", "tail"])
        w.writerows(rows)


def mixture_tail():
    """The day-level mixture (tau^2 = 0.01, Poisson within the day) at mean
    909090.9090909091 and p = 0.95: the least k with P(N > k) <= 0.05, the
    average of the 16 components' upper tails (levels as in
    gen/negative_binomial_reference.py), by bisection."""
    from negative_binomial_reference import levels
    mu = mp.mpf(909090.9090909091)
    comps = [Poisson(mu * l) for l in levels("0.01")]
    tail = 1 - mp.mpf(0.95)
    upper = lambda k: sum(c.tails(k)[1] for c in comps) / 16
    lo, hi = 1000000, 1200000
    assert upper(lo) > tail >= upper(hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if upper(mid) <= tail:
            hi = mid
        else:
            lo = mid
    print(hi, mp.nstr(upper(hi - 1) - tail, 3), mp.nstr(upper(hi) - tail, 3))


CASES = [("100000000", "0"), ("7000000000", "0"), ("10000000000", "0"),
         ("100000000", "0.000000001"), ("1000000000", "0.000000000001"),
         ("10000000000", "0.000000000001"), ("10000000000", "0.000000001"),
         ("10000000000", "0.000001"), ("10000000000", "0.0001")]
PS = ["1e-300", "1e-12", "0.05", "0.5", "0.95", "0.999999999999"]


def main():
    cross_check()
    if sys.argv[1:] == ["beta"]:
        beta_tails()
        return
    if sys.argv[1:] == ["mixture"]:
        mixture_tail()
        return
    part = int(sys.argv[1]) if len(sys.argv) > 1 else None
    rows = []
    for i, (mu, phi) in enumerate(CASES):
        if part is not None and i % 2 != part:
            continue
        m, f = mp.mpf(float(mu)), mp.mpf(float(phi))
        dist = Poisson(m) if f == 0 else NegBin(m, f)
        sd = float(mp.sqrt(m + f * m * m))
        for p in PS:
            q, margin = quantile(dist, p, float(m), sd)
            rows.append((mu, phi, p, q, mp.nstr(margin, 6)))
            print(mu, phi, p, q, mp.nstr(margin, 6), flush=True)
    out = "tests/data/huge_mean_quantiles.csv" if part is None else "/tmp/gen/part%d.csv" % part
    with open(out, "w", newline="") as fh:
        w = csv.writer(fh)
        if part is None:
            w.writerow(["mu", "phi", "p", "quantile", "margin"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
