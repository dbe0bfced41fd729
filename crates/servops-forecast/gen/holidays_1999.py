"""Israeli (Jewish) holiday dates of 1999 from the Hebrew calendar.

Usage: python3 holidays_1999.py > ../tests/data/israel_holidays_1999.csv
Tools: Python 3.11, convertdate 2.4.0 (pip install convertdate==2.4.0).
The dates are computed from the Hebrew calendar (facts), not read from any
call data. Day types: 'holiday' (bank closed or nearly so), 'eve' (day
before a holiday, short day), 'chol_hamoed' (intermediate festival days).
Yom HaZikaron / Yom HaAtzmaut follow the 1999 observance (not moved that year).
"""
import datetime
from convertdate import hebrew

def g(y, m, d):
    return datetime.date(*hebrew.to_gregorian(y, m, d))

rows = []
def add(date, kind, name):
    rows.append((date, kind, name))

# Hebrew months in convertdate: 1 Nisan, 2 Iyar, 3 Sivan, 5 Av, 7 Tishrei.
add(g(5759, 1, 14), "eve", "erev Pesach")
add(g(5759, 1, 15), "holiday", "Pesach I")
for d in range(16, 20):
    add(g(5759, 1, d), "chol_hamoed", "Pesach chol hamoed")
add(g(5759, 1, 20), "eve", "erev Pesach VII")
add(g(5759, 1, 21), "holiday", "Pesach VII")
add(g(5759, 2, 4), "eve", "Yom HaZikaron")
add(g(5759, 2, 5), "holiday", "Yom HaAtzmaut")
add(g(5759, 3, 5), "eve", "erev Shavuot")
add(g(5759, 3, 6), "holiday", "Shavuot")
add(g(5760, 7, 1) - datetime.timedelta(days=1), "eve", "erev Rosh Hashana")
add(g(5760, 7, 1), "holiday", "Rosh Hashana I")
add(g(5760, 7, 2), "holiday", "Rosh Hashana II")
add(g(5760, 7, 9), "eve", "erev Yom Kippur")
add(g(5760, 7, 10), "holiday", "Yom Kippur")
add(g(5760, 7, 14), "eve", "erev Sukkot")
add(g(5760, 7, 15), "holiday", "Sukkot I")
for d in range(16, 21):
    add(g(5760, 7, d), "chol_hamoed", "Sukkot chol hamoed")
add(g(5760, 7, 21), "eve", "Hoshana Rabba (erev Shemini Atzeret)")
add(g(5760, 7, 22), "holiday", "Shemini Atzeret / Simchat Torah")
print("date,weekday,kind,name")
for d, k, n in sorted(rows):
    print(f"{d.isoformat()},{d.strftime('%a')},{k},{n}")
