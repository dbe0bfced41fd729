# Reference values of Laney's p' and u' charts for tests/spc_laney.rs,
# computed with numpy from the definition (Laney 2002, Quality Engineering
# 14(4), 531-537; Minitab, "Methods and formulas for Laney P' Chart"):
#   z_i = (x_i - centre) / s_i,  s_i = sqrt(p(1-p)/n_i)  (p')  or sqrt(u/n_i)  (u')
#   sigma_z = mean |z_i - z_(i-1)| / 1.128
#   limits centre -+ 3 s_i sigma_z, clipped to [0, 1] (p') or at 0 (u').
# No crate code is used. Run: python3 laney_reference.py
import numpy as np

def laney(counts, sizes, kind, centre=None, sigma_z=None):
    c = np.asarray(counts, dtype=np.float64)
    n = np.asarray(sizes, dtype=np.float64)
    x = c / n
    if centre is None:
        centre = c.sum() / n.sum()
    s = np.sqrt(centre * (1 - centre) / n) if kind == "p" else np.sqrt(centre / n)
    if sigma_z is None:
        z = np.where(s > 0, (x - centre) / np.where(s > 0, s, 1.0), 0.0)
        sigma_z = np.abs(np.diff(z)).mean() / 1.128
    w = s * sigma_z
    lo = np.maximum(centre - 3 * w, 0.0)
    hi = np.minimum(centre + 3 * w, 1.0) if kind == "p" else centre + 3 * w
    return centre, sigma_z, x, lo, hi, w, s

def show(name, counts, sizes, kind, **kw):
    centre, sz, x, lo, hi, w, s = laney(counts, sizes, kind, **kw)
    print(f"// {name}")
    print(f"center = {centre!r}, sigma_z = {sz!r}")
    print("lower =", [float(v) for v in lo])
    print("upper =", [float(v) for v in hi])
    print("sigma =", [float(v) for v in w])
    beyond = [i for i in range(len(x)) if x[i] > hi[i] or x[i] < lo[i]]
    binom = [i for i in range(len(x)) if abs(x[i] - centre) > 3 * s[i]]
    print("beyond (laney) =", beyond, " beyond (p/u chart) =", binom)
    print()

# (a) hand-checkable: p = 0.2, z = 2.5, -2.5, -2.5, 2.5, MR-bar = 10/3
show("p' hand", [30, 60, 10, 100], [100, 400, 100, 400], "p")
# u = 4, z = sqrt2, -sqrt2, -sqrt2, sqrt2, MR-bar = 4 sqrt2 / 3
show("u' hand", [12, 24, 4, 40], [2.0, 8.0, 2.0, 8.0], "u")
# phase II: p0 = 0.2, sigma_z = 2 -> 0.2 -+ 0.24 at n = 100
show("p' standard", [45, 20], [100, 100], "p", centre=0.2, sigma_z=2.0)

# (b) realistic over-dispersion: 30 days, 2,000-4,000 offered calls a day,
# the day's true abandonment rate drawn from a beta with mean 6 % and
# sd 1.5 points (weather, outages, campaigns), abandons binomial.
rng = np.random.default_rng(20020101)
sizes = rng.integers(2000, 4001, size=30)
a = 0.06 * (0.06 * 0.94 / 0.015**2 - 1)
b = 0.94 * (0.06 * 0.94 / 0.015**2 - 1)
rates = rng.beta(a, b, size=30)
counts = rng.binomial(sizes, rates)
print("counts =", [int(v) for v in counts])
print("sizes =", [int(v) for v in sizes])
show("p' over-dispersed", counts, sizes, "p")
# u': the same days as abandons per hour of 80 staffed hours +- 20
hours = np.round(rng.uniform(60, 100, size=30), 1)
print("hours =", [float(v) for v in hours])
show("u' over-dispersed", counts, hours, "u")

# The examples of the LaneyPChart and LaneyUChart docs.
show("doc: LaneyPChart", [83, 180, 278, 299, 84, 159, 215, 218, 75, 173],
     [2286, 3316, 3470, 3370, 2320, 3221, 2619, 3293, 2836, 2488], "p")
show("doc: LaneyUChart", [12, 31, 9, 40, 15, 33, 10, 29],
     [8.2, 7.9, 8.4, 8.0, 8.1, 8.3, 7.7, 8.0], "u")
