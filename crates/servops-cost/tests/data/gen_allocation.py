"""Reference allocations for tests/allocation_edges.rs.

Largest-remainder (Hamilton) allocation in exact rational arithmetic
(fractions.Fraction), independent of the crate: part i gets
floor(U w_i / W) minor units, the units left over go to the largest
remainders (ties to the earlier part). A part that cannot be a
rust_decimal Decimal (mantissa >= 2^96 after dropping trailing zeros, or
scale > 28) makes the whole row "overflow".

Run: python3 gen_allocation.py > allocation_edges.csv
"""
import random
from decimal import Decimal, getcontext
from fractions import Fraction

getcontext().prec = 200
MAX = 2**96 - 1  # Decimal::MAX mantissa: 79228162514264337593543950335


def representable(units, dp):
    u, s = abs(units), dp
    while u >= 2**96 and s > 0 and u % 10 == 0:
        u //= 10
        s -= 1
    return u < 2**96


def allocate(pool, weights, dp):
    p = Fraction(Decimal(pool))
    units = p * 10**dp
    assert units.denominator == 1
    units = abs(units.numerator)
    ws = [Fraction(Decimal(w)) for w in weights]
    total = sum(ws)
    floors, rems = [], []
    for w in ws:
        q = units * w / total
        f = q.numerator // q.denominator
        floors.append(f)
        rems.append(q - f)
    left = units - sum(floors)
    order = sorted(range(len(ws)), key=lambda i: -rems[i])  # stable
    for i in order[:left]:
        floors[i] += 1
    if not all(representable(f, dp) for f in floors):
        return None
    sign = -1 if p < 0 else 1
    return [str((Decimal(sign * f).scaleb(-dp))) for f in floors]


cases = [
    # Decimal::MAX split 1:2 at 0 places (the product U x 2 passes 7.9e28).
    (str(MAX), ["1", "2"], 0),
    # Decimal::MAX in thirds at 2 places: U = MAX x 100 > 7.9e28, parts whole.
    (str(MAX), ["1", "1", "1"], 2),
    # Decimal::MAX halves at 2 places: MAX is odd, a half needs 30 digits.
    (str(MAX), ["1", "1"], 2),
    ("-" + str(MAX), ["3", "5", "7", "0"], 0),
    ("1000000000000000000000000", ["100000", "1"], 2),
    ("1000000000000000", ["1234567890123.456789", "1", "7"], 2),
    ("79228162514264337593543950.33", ["1", "1", "1"], 2),
    # Weights at the range limits: 7.9e28 and 1e-28 together.
    ("123456789.01", [str(MAX), "0.0000000000000000000000000001", "1"], 2),
    # Remainders equal to 27 digits and different at the 30th.
    ("100000000000000000000000", ["1", "1.000000000000000000000000001", "0.999999999999999999999999999"], 4),
    # 28 decimal places of the result.
    ("7.9228162514264337593543950335", ["2", "3"], 28),
]
rng = random.Random(20261124)
for _ in range(40):
    dp = rng.randint(0, 6)
    digits = rng.randint(18, 28 - dp)
    units = rng.randint(10 ** (digits - 1), min(10**digits, MAX))
    pool = str(Decimal(units).scaleb(-dp))
    n = rng.randint(2, 6)
    ws = []
    for _ in range(n):
        s = rng.randint(0, 10)
        ws.append(str(Decimal(rng.randint(0, 10**rng.randint(1, 28 - s))).scaleb(-s)))
    if all(Fraction(Decimal(w)) == 0 for w in ws):
        ws[0] = "1"
    cases.append((pool, ws, dp))

print("pool,decimal_places,weights,expected")
for pool, ws, dp in cases:
    got = allocate(pool, ws, dp)
    print(f"{pool},{dp},{';'.join(ws)},{'overflow' if got is None else ';'.join(got)}")
