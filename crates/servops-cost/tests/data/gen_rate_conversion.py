#!/usr/bin/env python3
"""Reference values of annual_to_periodic_rate: (1 + r)^(1/n) - 1.

Computed with Python's decimal module at 60 significant digits
(ln / exp of the decimal module, correctly rounded at that precision),
then rounded half-even to the nearest value a rust_decimal::Decimal can
hold (a 96-bit mantissa and at most 28 decimal places), so the test can
compare Decimals directly.  Output: rate_conversion.csv.
"""
from decimal import Decimal as D, getcontext, ROUND_HALF_EVEN

getcontext().prec = 60
MAX = D(2**96 - 1)

def representable(v):
    """v rounded half-even to the nearest rust_decimal value."""
    for s in range(28, -1, -1):
        q = v.quantize(D(1).scaleb(-s), rounding=ROUND_HALF_EVEN)
        if abs(q.scaleb(s)) <= MAX:
            return q
    raise ValueError(v)

rates = [
    D(1).scaleb(-28) - 1,          # the smallest accepted rate, -1 + 1e-28
    D(2).scaleb(-28) - 1,
    D(1).scaleb(-27) - 1,
    D(1).scaleb(-20) - 1,
    D(1).scaleb(-12) - 1,
    D("-0.999999"),
    D("-0.99"),
    D("-0.5"),
    D("-0.35"),
    D("-0.01"),
    D("-1e-10"),
    D("-1e-28"),
    D("0"),
    D("1e-28"),
    D("1e-10"),
    D("0.01"),
    D("0.126825030131969720661201"),
    D("1"),
    D("10"),
    D("1e6"),
    D("1e15"),
    D("1e20"),
    D("1e28"),
    MAX - 1,
    MAX,                              # Decimal::MAX
]
periods = [1, 2, 3, 4, 7, 12, 52, 365, 8760, 1_000_000, 2**32 - 1]

with open("rate_conversion.csv", "w") as f:
    f.write("rate,periods_per_year,expected\n")
    for r in rates:
        for n in periods:
            g = 1 + r
            exact = (g.ln() / n).exp() - 1 if g != 1 else D(0)
            if n == 1:
                exact = r
            f.write(f"{r:f},{n},{representable(+exact):f}\n")
