"""Reference values for tests/underflow.rs: Erlang C and Erlang A at tiny
loads, agent counts and arrival rate x patience, from the closed forms in
50-digit arithmetic (mpmath), independent of the crate's code paths.

With N agents, load A, x = N patience / AHT and y = A patience / AHT:
  1/B = e^A A^-N Gamma(N+1, A)                   (Jagerman, real N)
  C = 1 / (1 + (1 - A/N)(1/B - 1)),  ASA = C AHT / (N - A)
  J = 1F1(1; x+1; y),  1/pi_N = 1/B - 1 + J,  P(wait) = J pi_N
  P(abandon) = 1F1(2; x+2; y) pi_N / (x+1)       (= E[queue] / y)
  ASA(answered) = x patience pi_N int_0^inf s e^(-(x+1)s + y(1-e^-s)) ds / P(answered)
  SL(t) = P(answered) - x pi_N int_{t/patience}^inf e^(-(x+1)s + y(1-e^-s)) ds
  occupancy = A P(answered) / N,  E[queue] = y P(abandon)
Run: python3 crates/servops-queue/gen/underflow_reference.py
"""
from mpmath import mp, mpf, exp, quad, inf, nstr, gammainc, hyp1f1

mp.dps = 50


def erlang_b(n, a):
    n, a = mpf(n), mpf(a)
    return 1 / (exp(a) * a ** (-n) * gammainc(n + 1, a))


def erlang_c(n, a, aht):
    n, a = mpf(n), mpf(a)
    b = erlang_b(n, a)
    c = 1 / (1 + (1 - a / n) * (1 / b - 1))
    return dict(c=c, asa=c * mpf(aht) / (n - a))


def erlang_a(n, a, aht, pat, t):
    n, a, aht, pat, t = map(mpf, (n, a, aht, pat, t))
    x = n * pat / aht
    y = a * pat / aht
    b = erlang_b(n, a)
    j = hyp1f1(1, x + 1, y)
    denom = 1 / b - 1 + j
    pab = hyp1f1(2, x + 2, y) / ((x + 1) * denom)
    served = 1 - pab
    g = lambda s: exp(-(x + 1) * s + y * (1 - exp(-s)))
    scale = 1 / (x + 1)
    integ = quad(lambda s: s * g(s), [0, scale, 4 * scale, 16 * scale, 64 * scale, inf])
    tau = t / pat
    tail = x / denom * quad(g, [tau, tau + scale, tau + 16 * scale, inf])
    return dict(
        prob_wait=j / denom,
        prob_abandon=pab,
        prob_answered=served,
        asa_answered=x * pat * integ / (served * denom),
        service_level=served - tail,
        occupancy=a * served / n,
        queue=y * pab,
    )


def show(label, d):
    print(label)
    for k, v in d.items():
        print("   ", k, nstr(v, 20))


# (agents, load, AHT s) for Erlang C
show("C(1e-6, 1e-250), AHT 1.8e19 s", erlang_c(1e-6, 1e-250, 18 * 10**18))
# (agents, load, AHT s, patience s, threshold s) for Erlang A
for case in [
    (11, 10, 180, 120, 20),  # an ordinary case, to check the formulas against the crate
    (1e-6, 1e-250, 180, 60, 20),
    (1, 1e-250, 180, 60, 20),
    (1e-6, 1e-180, 10**19, 1e-9, 20),  # y = 1e-208
    (0.99, 5e-324, 1, 1, 20),
    (1e-6, 1e-300, 10**19, 10**19, 20),  # a subnormal arrival rate, 1e-319 per second
]:
    show("A %s" % (case,), erlang_a(*case))
print("B(0.99, 5e-324)", nstr(erlang_b(0.99, 5e-324), 20))
