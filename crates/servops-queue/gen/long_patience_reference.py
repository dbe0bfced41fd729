"""Erlang A service levels and their sensitivity to the load at 50 agents,
100 erlangs, AHT 180 s, patience 1e6 x AHT (1.8e8 s): the references of
tests/large_scale.rs::erlang_a_service_levels_with_patience_a_million_aht.

Independent of the crate: with s = t / patience, x = N patience / AHT = 5e7 and
y = load patience / AHT = 1e8 (all exact), the offered wait V has density
proportional to g(s) = exp(-x s + y (1 - e^-s)) (docs/queueing.md section 4),
an arrival is answered within t when V <= t and its patience exceeds V, and
P(no wait) = pi_N R(N, A) is below e^-1.5e7 here, so

    answered within / offered  = int_0^s g e^-s / int_0^inf g
    answered within / answered = int_0^s g e^-s / int_0^inf g e^-s
    abandons count as met      = 1 - e^-s (1 - int_0^s g / int_0^inf g)

each by mpmath.quad (tanh-sinh) on panels of 2 sigma = 2 / sqrt(x) around the
peak s* = ln(y / x). The sensitivity is d SL / d ln(load) (mpmath.diff in ln y,
x fixed) times 1e-16. Run: python3 crates/servops-queue/gen/long_patience_reference.py
"""
from mpmath import mp, mpf, exp, log, quad, sqrt, nstr, diff

mp.dps = 40
N, LOAD, AHT = 50, mpf(100), mpf(180)
PATIENCE = AHT * 10**6
X = N * PATIENCE / AHT


def levels(y, t):
    peak = log(y / X)
    sigma = 1 / sqrt(X)
    phi0 = -X * peak + y * (1 - exp(-peak))
    g = lambda s: exp(-X * s + y * (1 - exp(-s)) - phi0)
    pts = [peak + sigma * k for k in range(-40, 41, 2)]
    s = mpf(t) / PATIENCE
    below = [p for p in pts if p < s] + [s]
    z = quad(g, pts)
    answered = quad(lambda u: g(u) * exp(-u), pts)
    within = quad(lambda u: g(u) * exp(-u), below) if s > pts[0] else mpf(0)
    v_le = quad(g, below) if s > pts[0] else mpf(0)
    return within / z, within / answered, 1 - exp(-s) * (1 - v_le / z)


Y = LOAD / AHT * PATIENCE
print("threshold_s,offered,answered,met,d_offered,d_answered,d_met  (d: change per 1e-16 relative load)")
for t in [124715581, 124741037, 124766493, 124776001, 124791948, 124817404]:
    sl = levels(Y, t)
    d = [diff(lambda ly: levels(exp(ly), t)[i], log(Y)) * mpf("1e-16") for i in range(3)]
    print(t, ",".join(nstr(v, 17) for v in sl), ",".join(nstr(v, 3) for v in d), sep=",")
