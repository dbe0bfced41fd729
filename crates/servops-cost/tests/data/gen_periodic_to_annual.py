#!/usr/bin/env python3
"""Reference values of periodic_to_annual_rate: (1 + r)^n - 1.

Computed with Python's decimal module at 120 significant digits (integer
powers are exact at that precision for these inputs), written to 40
decimal places below 1 in size, or `overflow` where the value is beyond
rust_decimal's Decimal::MAX (2^96 - 1).  Output: periodic_to_annual.csv.
"""
from decimal import Decimal as D, getcontext

c = getcontext()
c.prec = 120
c.Emax = 999999999999999999
c.Emin = -999999999999999999
MAX = D(2**96 - 1)

rates = [D(1).scaleb(-28) - 1, D("-0.99"), D("-0.5"), D("-0.01"), D("-1e-10"),
         D("-1e-20"), D("-1e-28"), D(0), D("1e-28"), D("1e-20"), D("1e-10"),
         D("1e-6"), D("0.01"), D("0.5"), D(1), D(10)]
periods = [1, 2, 3, 12, 52, 365, 8760, 10**6, 2**32 - 1]

with open("periodic_to_annual.csv", "w") as f:
    f.write("rate,periods,expected\n")
    for r in rates:
        for n in periods:
            v = (1 + r) ** n - 1
            if abs(v) > MAX:
                s = "overflow"
            elif abs(v) < 1:
                s = format(v.quantize(D(1).scaleb(-40)), "f")
            else:
                s = format(+v, "f")
            f.write(f"{r:f},{n},{s}\n")
