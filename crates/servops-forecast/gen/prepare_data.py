"""Builds the forecast test data under data/ from the source files.

Usage: python3 prepare_data.py SOURCE_DIR OUT_DIR

SOURCE_DIR holds us_bank_calls_5min_2003.csv, anonymous_bank_1999_arrivals_6min.csv
and anonymous_bank_1999_calls_15min_by_type.csv (see data/SOURCES.md for their origin).
Python 3.11 standard library only.
"""
import csv
import shutil
import sys
from collections import defaultdict
from pathlib import Path

src, out = Path(sys.argv[1]), Path(sys.argv[2])

# 1. US bank: copied byte for byte.
shutil.copyfile(src / "us_bank_calls_5min_2003.csv", out / "us_bank_calls_5min_2003.csv")

# 2. Israeli bank arrivals: 6-minute slots summed to 30 minutes from 1999-01-13.
#    Slot HH:MM counts (HH:MM, HH:MM+6]; five consecutive slots starting on a
#    half hour form the 30-minute interval labelled with the first slot.
agg = defaultdict(int)
with open(src / "anonymous_bank_1999_arrivals_6min.csv") as f:
    for r in csv.DictReader(f):
        if r["date"] < "1999-01-13":
            continue
        h, m = map(int, r["slot_start"].split(":"))
        agg[(r["date"], h, (m // 30) * 30)] += int(r["calls"])
with open(out / "anonymous_bank_1999_arrivals_30min.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["start", "calls"])
    for (d, h, m), n in sorted(agg.items()):
        w.writerow([f"{d} {h:02d}:{m:02d}", n])

# 3. Israeli bank Jan-Feb 1999: 15-minute rows of every service type summed to
#    30 minutes: offered, served (handled) and handle seconds of served calls.
agg = defaultdict(lambda: [0, 0, 0])
with open(src / "anonymous_bank_1999_calls_15min_by_type.csv") as f:
    for r in csv.DictReader(f):
        if r["date"] >= "1999-03-01":
            continue
        h, m = map(int, r["interval_start"].split(":"))
        a = agg[(r["date"], h, (m // 30) * 30)]
        a[0] += int(r["offered"])
        a[1] += int(r["served"])
        a[2] += int(r["handle_s_sum"])
with open(out / "anonymous_bank_1999_handle_30min.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["start", "offered", "served", "handle_s_sum"])
    for (d, h, m), (o, s, hs) in sorted(agg.items()):
        w.writerow([f"{d} {h:02d}:{m:02d}", o, s, hs])
