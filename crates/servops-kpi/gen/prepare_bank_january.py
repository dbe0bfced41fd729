"""Trim the January 1999 "Anonymous Bank" call records to the queue-level
records servops-kpi reads (data/anonymous_bank_1999_01_queue_calls.csv).

Input: the raw tab-separated monthly file `january.txt` of the Technion SEE
lab data, as published in the GitHub repository keguoh/hospital
(CallCenter/january.txt, blob fa4168c5966372a6424d9425278af76c23059a1b).

Usage: python3 prepare_bank_january.py RAW_JANUARY_TXT OUTPUT_CSV

Mechanical steps only (no KPI is computed here):
- drop PHANTOM records (virtual calls), the 2 undocumented type `AA` records,
  and HANG records that never reached the agent queue (abandoned in the VRU,
  `q_start` 0:00:00): they were never offered to an agent;
- `arrival` = the instant the call left the VRU for the agent queue or an
  agent (`date` + `vru_exit`, local wall-clock time, moved to the next day
  when `vru_exit` is more than 12 hours earlier than `vru_entry`, i.e. the
  call crossed midnight);
- `outcome` = raw outcome (AGENT or HANG);
- `wait_s` = `q_time` (0 for calls sent straight to an agent);
- `talk_s` = `ser_time` for AGENT records, empty otherwise;
- `customer` = `customer_id`, empty when 0 (unidentified);
- `agent` = `server`, empty when NO_SERVER;
- `queue` = service type (PS, PE, IN, NE, NW, TT);
- `id` = `vru+line` "-" `call_id` (unique within the month).
"""
import csv
import sys
from datetime import datetime, timedelta


def secs(clock):
    h, m, s = clock.split(":")
    return int(h) * 3600 + int(m) * 60 + int(s)


def main(raw, out):
    with open(raw, newline="") as f, open(out, "w", newline="") as g:
        reader = csv.reader(f, delimiter="\t")
        header = [c.strip() for c in next(reader)]
        w = csv.writer(g, lineterminator="\n")
        w.writerow(["id", "queue", "arrival", "outcome", "wait_s", "talk_s", "agent", "customer"])
        for row in reader:
            row = [c.strip() for c in row]
            if len(row) != len(header):
                continue
            r = dict(zip(header, row))
            if r["outcome"] == "PHANTOM" or r["type"] == "AA":
                continue
            if r["outcome"] == "HANG" and r["q_start"] == "0:00:00":
                continue
            day = datetime.strptime(r["date"], "%y%m%d")
            entry, exit_ = secs(r["vru_entry"]), secs(r["vru_exit"])
            if exit_ < entry - 12 * 3600:
                exit_ += 24 * 3600
            arrival = day + timedelta(seconds=exit_)
            talk = r["ser_time"] if r["outcome"] == "AGENT" else ""
            w.writerow([
                f'{r["vru+line"]}-{r["call_id"]}', r["type"], arrival.strftime("%Y-%m-%dT%H:%M:%S"),
                r["outcome"], r["q_time"], talk,
                "" if r["server"] == "NO_SERVER" else r["server"],
                "" if r["customer_id"] == "0" else r["customer_id"],
            ])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
