"""Hand-curated published worked examples (inputs and printed values).

Each entry records where the number was printed, the inputs in servops units
(A in erlangs, times in seconds), the value exactly as printed and the
tolerance its printed precision implies (half a unit in the last printed
place).  gen/generate.py recomputes every example with the reference
formulas and records in data/CHECKS.md whether the two agree.

Quantities:
  blocking            Erlang B blocking probability B(n, A)
  load_for_blocking   largest offered load A with B(n, A) <= target
  agents_for_blocking smallest integer n with B(n, A) <= target
  prob_wait           Erlang C probability of waiting
  asa_secs            Erlang C average speed of answer
  service_level       Erlang C P(W <= threshold)
"""

GLOBALSPEC = (
    "Carrier Grade Voice Over IP, 2nd ed., Appendix A: Table of Erlang B "
    "(maximum offered traffic in erlangs for a number of channels and a blocking probability)"
)
GLOBALSPEC_URL = "https://www.globalspec.com/reference/55139/203279/appendix-a-table-of-erlang-b"
GLOBALSPEC_NOTE = "table printed to 0.1 erlang"

MAXIMA = (
    "Expected Waiting Time Formulas in Maxima: numerical examples reproducing the classic "
    "'The Erlang-C Formula' web example (360 calls per half hour, 4-minute calls, 55 agents, "
    "15-second target), as captured in the Nemotron-CC-Math-v1 corpus"
)
MAXIMA_URL = "https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1"
MAXIMA_NOTE = (
    "lambda = 0.2 call/s, AHT = 240 s, so A = 48 erlangs; the text states that the values agree "
    "with those printed on the original web page"
)


def _gs(ident, channels, target, value):
    return {
        "id": ident,
        "model": "erlang_b",
        "quantity": "load_for_blocking",
        "agents": float(channels),
        "load": None,
        "target": target,
        "published_value": value,
        "tolerance": "0.05",
        "source": GLOBALSPEC,
        "url": GLOBALSPEC_URL,
        "note": GLOBALSPEC_NOTE,
    }


PUBLISHED = [
    {
        "id": "erlang-com-manual-15-lines-1pct",
        "model": "erlang_b",
        "quantity": "load_for_blocking",
        "agents": 15.0,
        "load": None,
        "target": 0.01,
        "published_value": "8.108",
        "tolerance": "0.0005",
        "source": "Erlang calculator manual, 'How much traffic can a trunk group handle?' (Westbay Engineers)",
        "url": "https://erlang.com/calculatormanual/howmuchtrafficcanatrunkgrouphandle.htm",
        "note": "15 lines at 1% blocking carry at most 8.108 erlangs",
    },
    _gs("globalspec-erlang-b-5ch-1pct", 5, 0.01, "1.4"),
    _gs("globalspec-erlang-b-5ch-5pct", 5, 0.05, "2.2"),
    _gs("globalspec-erlang-b-6ch-0.5pct", 6, 0.005, "1.6"),
    _gs("globalspec-erlang-b-7ch-2pct", 7, 0.02, "2.9"),
    _gs("globalspec-erlang-b-8ch-0.1pct", 8, 0.001, "2.1"),
    _gs("globalspec-erlang-b-8ch-3pct", 8, 0.03, "4.0"),
    _gs("globalspec-erlang-b-9ch-1pct", 9, 0.01, "3.8"),
    _gs("globalspec-erlang-b-9ch-5pct", 9, 0.05, "5.4"),
    _gs("globalspec-erlang-b-4ch-0.01pct", 4, 0.0001, "0.2"),
    {
        "id": "erlang-c-55-agents-48-erlangs-prob-wait",
        "model": "erlang_c",
        "quantity": "prob_wait",
        "agents": 55.0,
        "load": 48.0,
        "aht_secs": 240.0,
        "published_value": "0.2387",
        "tolerance": "0.00005",
        "source": MAXIMA,
        "url": MAXIMA_URL,
        "note": MAXIMA_NOTE,
    },
    {
        "id": "erlang-c-55-agents-48-erlangs-asa",
        "model": "erlang_c",
        "quantity": "asa_secs",
        "agents": 55.0,
        "load": 48.0,
        "aht_secs": 240.0,
        "published_value": "8.184",
        "tolerance": "0.0005",
        "source": MAXIMA,
        "url": MAXIMA_URL,
        "note": MAXIMA_NOTE,
    },
    {
        "id": "erlang-c-55-agents-48-erlangs-sl-15s",
        "model": "erlang_c",
        "quantity": "service_level",
        "agents": 55.0,
        "load": 48.0,
        "aht_secs": 240.0,
        "threshold_secs": 15.0,
        "published_value": "0.8459",
        "tolerance": "0.00005",
        "source": MAXIMA,
        "url": MAXIMA_URL,
        "note": MAXIMA_NOTE,
    },
    {
        "id": "erlang-com-forum-1200-calls-per-hour-1pct",
        "model": "erlang_b",
        "quantity": "agents_for_blocking",
        "agents": None,
        "load": 1200.0 / 36.0,
        "target": 0.01,
        "published_value": "45",
        "tolerance": "0",
        "source": (
            "Erlang.com forum thread 'Trunk Engineering' (5 December 2001), webmaster reply, "
            "as captured in the Nemotron-CC-Math-v1 corpus"
        ),
        "url": "https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1",
        "note": "1200 calls in the busy hour / 36 = 33.333 erlangs (CCS to erlangs); 1% blocking needs 45 lines",
    },
]
