"""Independent reference KPIs for the January 1999 Anonymous Bank call records.

Reads the RAW monthly file (tab-separated, as published; see PROVENANCE.md),
applies the record selection described in PROVENANCE.md with pandas, and
writes daily and 15-minute interval KPIs. servops-kpi's integration test
(tests/bank_january.rs) reads the trimmed CSV in data/ with its own CSV reader
and must reproduce these numbers.

Usage: python3 bank_kpis.py RAW_JANUARY_TXT OUT_DIR
"""
import sys

import numpy as np
import pandas as pd

T = 20  # service-level threshold, seconds, inclusive


def main(raw, out_dir):
    d = pd.read_csv(raw, sep="\t", dtype=str, on_bad_lines="skip")
    d.columns = [c.strip() for c in d.columns]
    d = d.apply(lambda c: c.str.strip())
    d = d[(d.outcome != "PHANTOM") & (d.type != "AA")]
    d = d[~((d.outcome == "HANG") & (d.q_start == "0:00:00"))].copy()

    def to_s(col):
        hms = d[col].str.split(":", expand=True).astype(int)
        return hms[0] * 3600 + hms[1] * 60 + hms[2]

    entry, exit_ = to_s("vru_entry"), to_s("vru_exit")
    exit_ = np.where(exit_ < entry - 43200, exit_ + 86400, exit_)
    day = pd.to_datetime(d.date, format="%y%m%d")
    d["arrival"] = day + pd.to_timedelta(exit_, unit="s")
    d["wait"] = d.q_time.astype(int)
    d["talk"] = d.ser_time.astype(int)
    d["ans"] = (d.outcome == "AGENT").astype(int)
    d["abn"] = (d.outcome == "HANG").astype(int)
    d["ans_t"] = d.ans * (d.wait <= T)
    d["abn_t"] = d.abn * (d.wait <= T)
    d["ans_wait"] = d.ans * d.wait
    d["ans_talk"] = d.ans * d.talk
    d["date_"] = d.arrival.dt.strftime("%Y-%m-%d")
    d["interval"] = d.arrival.dt.floor("15min").dt.strftime("%Y-%m-%dT%H:%M")

    def kpis(g):
        s = g[["ans", "abn", "ans_t", "abn_t", "ans_wait", "ans_talk"]].sum()
        s = s.rename({"ans": "answered", "abn": "abandoned", "ans_t": "answered_within",
                      "abn_t": "abandoned_within", "ans_wait": "answered_wait_s",
                      "ans_talk": "talk_s"})
        off = s.answered + s.abandoned
        s["sl_abandons_against"] = s.answered_within / off
        s["sl_abandons_met"] = (s.answered_within + s.abandoned_within) / off
        s["asa_s"] = s.answered_wait_s / s.answered if s.answered else np.nan
        s["abandon_rate"] = s.abandoned / off
        s["aht_s"] = s.talk_s / s.answered if s.answered else np.nan
        return s

    cols = ["answered", "abandoned", "answered_within", "abandoned_within",
            "answered_wait_s", "talk_s", "sl_abandons_against", "sl_abandons_met",
            "asa_s", "abandon_rate", "aht_s"]
    daily = pd.DataFrame({k: kpis(g) for k, g in d.groupby("date_")}).T[cols]
    daily.index.name = "date"
    daily.to_csv(f"{out_dir}/bank_january_daily.csv", float_format="%.10g")
    inter = pd.DataFrame({k: kpis(g) for k, g in d.groupby("interval")}).T[cols]
    inter.index.name = "interval_start"
    inter.to_csv(f"{out_dir}/bank_january_15min.csv", float_format="%.10g")
    total = kpis(d)
    total.to_frame("month").to_csv(f"{out_dir}/bank_january_month.csv", float_format="%.10g")
    print(total)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
