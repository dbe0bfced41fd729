//! `servops cost`: investment cases and headcount plans from the terminal,
//! checked against values computed outside the crate (numpy-financial,
//! Python `decimal`, by hand).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

use serde_json::Value;

/// The `value` of `measure` in a measure/value JSON table.
fn measure<'a>(rows: &'a Value, name: &str) -> &'a Value {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r["measure"] == name)
        .map(|r| &r["value"])
        .expect("the measure is in the table")
}

fn money(v: &Value) -> f64 {
    v.as_str().unwrap().parse().unwrap()
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let o = servops(&all);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

/// The worked example of docs/cost.md section 6: -100,000 then 3 x 40,000
/// at 8 %: NPV 3,083.88 (t = 0) and 2,855.44 (spreadsheet NPV()), IRR
/// 9.701 %, simple payback 2.5, discounted payback 2.90; ROI by hand
/// (120,000 - 100,000) / 100,000 = 20 %.
#[test]
fn invest_reproduces_the_documented_worked_example() {
    let v = json(&[
        "cost",
        "invest",
        "--flows=-100000,40000,40000,40000",
        "--rate",
        "8%",
    ]);
    assert_eq!(measure(&v, "npv (period 0 at t = 0)"), "3083.88");
    assert_eq!(
        measure(&v, "npv (spreadsheet NPV(), end of period)"),
        "2855.44"
    );
    assert_eq!(measure(&v, "irr"), "unique");
    let irr = measure(&v, "irr per period %").as_f64().unwrap();
    assert!((irr - 9.701_025_740_327_274).abs() < 1e-8, "{irr}");
    assert_eq!(measure(&v, "simple payback periods").as_f64(), Some(2.5));
    let d = measure(&v, "discounted payback periods").as_f64().unwrap();
    assert!((d - 2.902_88).abs() < 1e-5, "{d}");
    assert_eq!(measure(&v, "roi %").as_f64(), Some(20.0));
    assert_eq!(measure(&v, "currency"), "USD");
}

/// A CSV of flows in EUR: -60,000 then 24 x 3,500 at 0.8 % a month.
/// numpy-financial 1.0.0: npf.npv = 16152.306674541986, / 1.008 =
/// 16024.113764426573, npf.irr = 0.02887372735848115; payback with
/// numpy.cumsum: 17.142857142857142 and 18.512917683140167 (discounted);
/// ROI (84,000 - 60,000) / 60,000 = 40 %.
#[test]
fn invest_reads_a_csv_and_matches_numpy_financial() {
    let mut text = String::from("month,flow\n0,-60000\n");
    for m in 1..=24 {
        text.push_str(&format!("{m},3500\n"));
    }
    let path = file("flows_eur.csv", &text);
    let v = json(&[
        "cost",
        "invest",
        &path,
        "--rate",
        "0.008",
        "--currency",
        "EUR",
    ]);
    assert_eq!(measure(&v, "periods"), 25);
    assert_eq!(measure(&v, "currency"), "EUR");
    assert_eq!(measure(&v, "npv (period 0 at t = 0)"), "16152.31");
    assert_eq!(
        measure(&v, "npv (spreadsheet NPV(), end of period)"),
        "16024.11"
    );
    let irr = measure(&v, "irr per period %").as_f64().unwrap();
    assert!(
        (irr / 100.0 - 0.028_873_727_358_481_15).abs() < 1e-10,
        "{irr}"
    );
    let s = measure(&v, "simple payback periods").as_f64().unwrap();
    assert!((s - 17.142_857_142_857_142).abs() < 1e-12, "{s}");
    let d = measure(&v, "discounted payback periods").as_f64().unwrap();
    assert!((d - 18.512_917_683_140_167).abs() < 1e-9, "{d}");
    assert_eq!(measure(&v, "roi %").as_f64(), Some(40.0));
}

/// The 50 reference vectors of servops-cost (numpy-financial 1.0.0 and
/// numpy.roots; see crates/servops-cost/tests/data/PROVENANCE.md), each
/// through the command: NPV under both conventions to the cent, the IRR
/// kind and every rate, and both paybacks.
#[test]
fn invest_matches_the_fifty_reference_vectors() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../servops-cost/tests/data/investment_vectors.csv"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let mut cases = 0;
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        let case = f[col("case")];
        let flows = f[col("flows")].replace(';', ",");
        let magnitude: f64 = flows
            .split(',')
            .map(|x| x.parse::<f64>().unwrap().abs())
            .sum();
        let flag = format!("--flows={flows}");
        let v = json(&["cost", "invest", &flag, "--rate", f[col("rate")]]);
        for (measure_name, column) in [
            ("npv (period 0 at t = 0)", "npv_t0"),
            (
                "npv (spreadsheet NPV(), end of period)",
                "npv_end_of_period",
            ),
        ] {
            let got = money(measure(&v, measure_name));
            let want: f64 = f[col(column)].parse().unwrap();
            assert!(
                (got - want).abs() <= 0.005 + 1e-9 * magnitude,
                "{case} {column}: {got} vs {want}"
            );
        }
        let irrs: Vec<f64> = f[col("irrs")]
            .split(';')
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        let close = |got: f64, want: f64| (got - want).abs() <= 1e-8 * want.abs().max(1.0);
        match f[col("irr_kind")] {
            "none" => {
                assert_eq!(measure(&v, "irr"), "none", "{case}");
                assert!(measure(&v, "irr per period %").is_null(), "{case}");
            }
            "unique" => {
                assert_eq!(measure(&v, "irr"), "unique", "{case}");
                let got = measure(&v, "irr per period %").as_f64().unwrap() / 100.0;
                assert!(close(got, irrs[0]), "{case}: {got} vs {}", irrs[0]);
            }
            _ => {
                let n = irrs.len();
                assert!(
                    measure(&v, "irr")
                        .as_str()
                        .unwrap()
                        .starts_with(&format!("multiple ({n} rates")),
                    "{case}"
                );
                for (i, want) in irrs.iter().enumerate() {
                    let name = format!("irr per period % ({} of {n})", i + 1);
                    let got = measure(&v, &name).as_f64().unwrap() / 100.0;
                    assert!(close(got, *want), "{case} root {i}: {got} vs {want}");
                }
            }
        }
        for (measure_name, column) in [
            ("simple payback periods", "payback"),
            ("discounted payback periods", "discounted_payback"),
        ] {
            let got = measure(&v, measure_name);
            match f[col(column)] {
                "" => assert!(got.is_null(), "{case} {column}: {got}"),
                want => {
                    let want: f64 = want.parse().unwrap();
                    let got = got.as_f64().unwrap();
                    assert!(
                        (got - want).abs() <= 1e-9 * want.abs().max(1.0),
                        "{case} {column}: {got} vs {want}"
                    );
                }
            }
        }
        cases += 1;
    }
    assert_eq!(cases, 50);
}

/// ROI without outflows is undefined (empty, null in JSON); flows of one
/// sign have no IRR.
#[test]
fn invest_without_outflows_has_no_roi_and_no_irr() {
    let v = json(&["cost", "invest", "--flows", "100,50,25", "--rate", "8%"]);
    assert!(measure(&v, "roi %").is_null());
    assert_eq!(measure(&v, "irr"), "none");
    assert_eq!(measure(&v, "simple payback periods").as_f64(), Some(0.0));
}

/// Flows `-4, 0, 4, 0, -1` are `-(x^2 - 2)^2` in `x = 1 / (1 + r)`: the
/// NPV touches zero at `x = sqrt 2`, `r = 1 / sqrt 2 - 1 = -0.29289...`
/// (by hand), a double root no `f64` test can tell from a near miss. The
/// command says the IRR is undecided and shows the touching rate; it said
/// "none".
#[test]
fn invest_with_an_undecidable_double_irr_says_so() {
    let v = json(&["cost", "invest", "--flows=-4,0,4,0,-1", "--rate", "8%"]);
    let irr = measure(&v, "irr").as_str().unwrap();
    assert!(irr.starts_with("undecided"), "{irr}");
    let near = measure(&v, "npv touches 0 near rate % (1 of 1)")
        .as_f64()
        .unwrap();
    let want = 100.0 * (1.0 / 2f64.sqrt() - 1.0);
    assert!((near - want).abs() < 1e-3, "{near} vs {want}");
}

#[test]
fn invest_settings_come_from_the_config_table() {
    let cfg = file(
        "invest.toml",
        "[cost-invest]\nrate = \"8%\"\ncurrency = \"GBP\"\n",
    );
    let v = json(&[
        "cost",
        "invest",
        "--flows=-100000,40000,40000,40000",
        "--config",
        &cfg,
    ]);
    assert_eq!(measure(&v, "npv (period 0 at t = 0)"), "3083.88");
    assert_eq!(measure(&v, "currency"), "GBP");
    let typo = file("invest_typo.toml", "[cost-invest]\nrat = 0.08\n");
    assert_clean_failure(
        &servops(&[
            "cost",
            "invest",
            "--flows=-1,2",
            "--rate",
            "1%",
            "--config",
            &typo,
        ]),
        "[cost-invest] has no setting `rat`",
    );
    let bad = file("invest_bad.toml", "[cost-invest]\nrate = \"eight\"\n");
    assert_clean_failure(
        &servops(&["cost", "invest", "--flows=-1,2", "--config", &bad]),
        "invest_bad.toml:2:8: `rate` is not valid",
    );
}

#[test]
fn invest_errors_name_their_input() {
    let o = servops(&["cost", "invest", "--flows=-1,2"]);
    assert_clean_failure(&o, "--rate is required");
    let o = servops(&["cost", "invest", "--rate", "5%"]);
    assert_clean_failure(&o, "give the cash flows");
    let o = servops(&["cost", "invest", "--flows=-1,2", "--rate", "-100%"]);
    assert_clean_failure(&o, "--rate: rate must be > -1, got -1");
    let o = servops(&["cost", "invest", "--flows=-1,x", "--rate", "5%"]);
    assert_failure_or_usage(&o, "`x` is not a number");
    let o = servops(&[
        "cost",
        "invest",
        "--flows=-1,2",
        "--rate",
        "5%",
        "--currency",
        "dollars",
    ]);
    assert_failure_or_usage(&o, "--currency `dollars`");
    let bad = file("flows_bad.csv", "period,flow\n0,-100\n1,forty\n");
    let o = servops(&["cost", "invest", &bad, "--rate", "5%"]);
    assert_clean_failure(
        &o,
        "flows_bad.csv:3:2: the cash flow `forty` is not a number",
    );
    let nocol = file("flows_nocol.csv", "period,amount\n0,-100\n");
    let o = servops(&["cost", "invest", &nocol, "--rate", "5%"]);
    assert_clean_failure(&o, "flows_nocol.csv:1:flow: no column named `flow`");
    let empty = file("flows_empty.csv", "period,flow\n");
    let o = servops(&["cost", "invest", &empty, "--rate", "5%"]);
    assert_clean_failure(&o, "flows_empty.csv:2: the file has no cash flows");
    let o = servops(&["cost", "invest", "/nonexistent/flows.csv", "--rate", "5%"]);
    assert_clean_failure(&o, "/nonexistent/flows.csv");
}

#[test]
fn cost_help_has_examples() {
    for args in [
        &["cost", "--help"][..],
        &["cost", "invest", "--help"],
        &["cost", "headcount", "--help"],
        &["cost", "per-contact", "--help"],
        &["cost", "deflection", "--help"],
    ] {
        let o = servops(args);
        assert!(o.status.success(), "{}", stderr(&o));
        let out = stdout(&o);
        assert!(
            out.contains("Examples:\n  servops cost "),
            "{args:?}: {out}"
        );
    }
}

/// The 12-month plan of docs/cost.md section 5 (inputs of
/// crates/servops-cost/tests/data/gen_plan.py) through the command: every
/// column of each month against that script's output,
/// crates/servops-cost/tests/data/plan_12_months.csv (an independent Python
/// `decimal` implementation), head counts exactly, money to the cent; the
/// total budget 8,064,232.94 as docs/cost.md gives it.
#[test]
fn headcount_matches_the_independent_twelve_month_plan() {
    let v = json(&[
        "cost",
        "headcount",
        &data("demand_12_months.csv"),
        "--opening-headcount",
        "100",
        "--attrition",
        "4%",
        "--recruiting",
        "1",
        "--classroom",
        "2",
        "--washout",
        "15%",
        "--ramp",
        "50%,75%",
        "--max-overtime",
        "5%",
        "--overtime-premium",
        "50%",
        "--max-undertime",
        "10%",
        "--hourly-rate",
        "32.50",
        "--trainee-rate",
        "28.00",
        "--cost-per-hire",
        "4200",
    ]);
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../servops-cost/tests/data/plan_12_months.csv"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let periods = v["periods"].as_array().unwrap();
    let mut months = 0;
    for (line, got) in lines.zip(periods) {
        let want: Vec<&str> = line.split(',').collect();
        let w = |name: &str| -> f64 {
            want[header.iter().position(|h| *h == name).unwrap()]
                .parse()
                .unwrap()
        };
        let month = months + 1;
        assert_eq!(got["period"], format!("2026-{month:02}"));
        // (CLI column, script column): 4-decimal head counts, exact.
        for (ours, theirs) in [
            ("required_productive_fte", "required_productive_fte"),
            ("required_paid_fte", "required_paid_fte"),
            ("opening", "opening_headcount"),
            ("leavers", "leavers"),
            ("graduates", "graduates"),
            ("closing", "closing_headcount"),
            ("hires", "hires"),
            ("trainees", "trainees"),
            ("available_fte", "available_fte"),
            ("gap", "gap"),
            ("overtime_fte", "overtime_fte"),
            ("undertime_fte", "undertime_fte"),
            ("unmet_fte", "unmet_fte"),
        ] {
            assert_eq!(got[ours].as_f64(), Some(w(theirs)), "month {month} {ours}");
        }
        for (ours, theirs) in [("gap_pct", "gap_pct"), ("overtime_pct", "overtime_pct")] {
            let g = got[ours].as_f64().unwrap();
            assert!(
                (g - 100.0 * w(theirs)).abs() < 1e-12,
                "month {month} {ours}: {g}"
            );
        }
        for (ours, theirs) in [
            ("salaries", "salaries"),
            ("trainee_salaries", "trainee_salaries"),
            ("hiring", "hiring"),
            ("overtime", "overtime"),
            ("undertime_saving", "undertime_saving"),
            ("budget", "total"),
        ] {
            let g = money(&got[ours]);
            assert!(
                (g - w(theirs)).abs() <= 0.005 + 1e-9,
                "month {month} {ours}: {g} vs {}",
                w(theirs)
            );
        }
        months += 1;
    }
    assert_eq!(months, 12);
    assert_eq!(periods.len(), 12);
    let totals = &v["totals"];
    assert_eq!(measure(totals, "budget"), "8064232.94");
    // Hires by hand from the script's column: 27 + 17 + 13 + 5 + 1 = 63.
    assert_eq!(measure(totals, "hires").as_f64(), Some(63.0));
}

/// The overtime and undertime rate options, by hand. Month 1: 84
/// productive FTE at 30 % shrinkage = 120 paid FTE, 112 on the floor: 8
/// short = 5.6 productive FTE = 5.6 / 0.875 = 6.4 FTE of overtime at
/// 12.5 % shrinkage (cap 10 % of 112 = 11.2), none unmet; 6.4 x 160 h x
/// 21.53 x 1.5 = 33,070.08; salaries 112 x 160 x 40 = 716,800.00. Month 2:
/// 63 / 0.7 = 90 paid FTE, surplus 22, undertime capped at 11.2 FTE:
/// saving 11.2 x 160 x 21.53 = 38,581.76; budget 716,800 - 38,581.76 =
/// 678,218.24. At the loaded rate instead: overtime 6.4 x 160 x 40 x 1.5 =
/// 61,440.00, saving 11.2 x 160 x 40 = 71,680.00.
#[test]
fn headcount_prices_overtime_and_undertime_at_their_own_rates() {
    let demand = file(
        "demand_rates.csv",
        "period,productive_fte,shrinkage\nJan,84,0.30\nFeb,63,30%\n",
    );
    let base = [
        "cost",
        "headcount",
        demand.as_str(),
        "--opening-headcount",
        "112",
        "--paid-hours",
        "160",
        "--max-overtime",
        "10%",
        "--overtime-premium",
        "0.5",
        "--max-undertime",
        "10%",
        "--overtime-shrinkage",
        "12.5%",
        "--hourly-rate",
        "40",
    ];
    let mut own = base.to_vec();
    own.extend([
        "--overtime-base-rate",
        "21.53",
        "--undertime-saving-rate",
        "21.53",
    ]);
    let v = json(&own);
    let p = &v["periods"];
    assert_eq!(p[0]["required_paid_fte"].as_f64(), Some(120.0));
    assert_eq!(p[0]["overtime_fte"].as_f64(), Some(6.4));
    assert_eq!(p[0]["unmet_fte"].as_f64(), Some(0.0));
    assert_eq!(p[0]["salaries"], "716800.00");
    assert_eq!(p[0]["overtime"], "33070.08");
    assert_eq!(p[0]["budget"], "749870.08");
    assert_eq!(p[1]["required_paid_fte"].as_f64(), Some(90.0));
    assert_eq!(p[1]["undertime_fte"].as_f64(), Some(11.2));
    assert_eq!(p[1]["undertime_saving"], "38581.76");
    assert_eq!(p[1]["budget"], "678218.24");
    assert_eq!(measure(&v["totals"], "budget"), "1428088.32");
    // The same rates from the [cost-headcount] table.
    let cfg = file(
        "headcount.toml",
        "[cost-headcount]\novertime-base-rate = \"21.53\"\nundertime-saving-rate = 21.53\n",
    );
    let mut from_cfg = base.to_vec();
    from_cfg.extend(["--config", cfg.as_str()]);
    let c = json(&from_cfg);
    assert_eq!(c["periods"][0]["overtime"], "33070.08");
    assert_eq!(c["periods"][1]["undertime_saving"], "38581.76");
    // Without them, both at the loaded rate.
    let l = json(&base);
    assert_eq!(l["periods"][0]["overtime"], "61440.00");
    assert_eq!(l["periods"][1]["undertime_saving"], "71680.00");
}

#[test]
fn headcount_errors_name_their_input() {
    let ok = file(
        "demand_ok.csv",
        "period,productive_fte,shrinkage,paid_hours\nJan,10,30%,160\n",
    );
    let o = servops(&["cost", "headcount", &ok]);
    assert_clean_failure(&o, "--opening-headcount is required");
    let o = servops(&[
        "cost",
        "headcount",
        &ok,
        "--opening-headcount",
        "10",
        "--recruiting",
        "1",
        "--washout",
        "100%",
    ]);
    assert_clean_failure(&o, "--washout: washout must be in [0, 1), got 1");
    let o = servops(&[
        "cost",
        "headcount",
        &ok,
        "--opening-headcount",
        "10",
        "--max-overtime",
        "10",
    ]);
    assert_clean_failure(&o, "--max-overtime: max_overtime must be");
    let o = servops(&[
        "cost",
        "headcount",
        &ok,
        "--opening-headcount",
        "10",
        "--overtime-shrinkage",
        "1",
    ]);
    assert_clean_failure(
        &o,
        "--overtime-shrinkage: shrinkage must be in [0, 1), got 1",
    );
    let o = servops(&["cost", "headcount", &ok, "--opening-headcount", "-1"]);
    assert_clean_failure(&o, "--opening-headcount: opening_headcount must be");
    let bad = file(
        "demand_bad.csv",
        "period,productive_fte,shrinkage,paid_hours\nJan,10,30%,160\nFeb,10,100%,160\n",
    );
    let o = servops(&["cost", "headcount", &bad, "--opening-headcount", "10"]);
    assert_clean_failure(&o, "demand_bad.csv:3:3: shrinkage must be in [0, 1), got 1");
    let text = file(
        "demand_text.csv",
        "period,productive_fte,shrinkage,paid_hours\nJan,ten,30%,160\n",
    );
    let o = servops(&["cost", "headcount", &text, "--opening-headcount", "10"]);
    assert_clean_failure(
        &o,
        "demand_text.csv:2:2: productive_fte: `ten` is not a number",
    );
    let hours = file(
        "demand_hours.csv",
        "period,productive_fte,shrinkage,paid_hours\nJan,10,30%,0\n",
    );
    let o = servops(&["cost", "headcount", &hours, "--opening-headcount", "10"]);
    assert_clean_failure(&o, "demand_hours.csv:2:4: paid_hours_per_fte must be");
    let nopaid = file("demand_nopaid.csv", "period,productive_fte\nJan,10\n");
    let o = servops(&["cost", "headcount", &nopaid, "--opening-headcount", "10"]);
    assert_clean_failure(
        &o,
        "demand_nopaid.csv:1:paid_hours: no column named `paid_hours`",
    );
    let nowork = file("demand_nowork.csv", "period,paid_hours\nJan,160\n");
    let o = servops(&["cost", "headcount", &nowork, "--opening-headcount", "10"]);
    assert_clean_failure(&o, "no column named `productive_fte`");
    let empty = file("demand_empty.csv", "period,productive_fte,paid_hours\n");
    let o = servops(&["cost", "headcount", &empty, "--opening-headcount", "10"]);
    assert_clean_failure(&o, "demand_empty.csv:2: the file has no periods");
    let typo = file("headcount_typo.toml", "[cost-headcount]\nhourly-rat = 40\n");
    let o = servops(&[
        "cost",
        "headcount",
        &ok,
        "--opening-headcount",
        "10",
        "--config",
        &typo,
    ]);
    assert_clean_failure(&o, "[cost-headcount] has no setting `hourly-rat`");
}

/// `agent_hours` instead of `productive_fte`: 14,000 agent-hours at 160
/// paid hours and 30 % shrinkage need 14,000 / 160 = 87.5 productive and
/// 87.5 / 0.7 = 125 paid FTE (by hand).
#[test]
fn headcount_reads_a_workload_in_agent_hours() {
    let demand = file(
        "demand_agent_hours.csv",
        "agent_hours,shrinkage,paid_hours\n14000,30%,160\n",
    );
    let v = json(&["cost", "headcount", &demand, "--opening-headcount", "125"]);
    let p = &v["periods"][0];
    assert_eq!(p["period"], "1");
    assert_eq!(p["required_productive_fte"].as_f64(), Some(87.5));
    assert_eq!(p["required_paid_fte"].as_f64(), Some(125.0));
    assert_eq!(p["gap"].as_f64(), Some(0.0));
}

/// Two channels, by hand (Python fractions): 40.00 per paid hour at 30 %
/// shrinkage and 85 % occupancy is 40 / 0.595 = 67.2269 per handled hour.
/// Voice 10,000 x 300 s = 833.33 h: labour 56,022.41; chat 6,000 x 600 s at
/// concurrency 2 = 500 h: 33,613.45. A 10,000.00 pool by handle time
/// (3,000,000 : 3,600,000 s = 5 : 6) is 4,545.45 and 5,454.55 (the last
/// cent to the larger remainder, 0.54 against 0.45); by agent time
/// (833.33 : 500 = 5 : 3) 6,250.00 and 3,750.00. Voice per contact
/// 60,567.859 / 10,000 = 6.06, per resolution / 8,000 = 7.57; chat
/// 39,067.995 / 6,000 = 6.51; overall 99,635.854 / 16,000 = 6.23. By
/// agent time voice per resolution 62,272.409 / 8,000 = 7.78.
#[test]
fn per_contact_splits_the_shared_pool_by_either_basis() {
    let channels = file(
        "channels.csv",
        "channel,contacts,aht,concurrency,fcr\nvoice,10000,300s,1,80%\nchat,6000,10m,2,\n",
    );
    let args = [
        "cost",
        "per-contact",
        channels.as_str(),
        "--hourly-rate",
        "40",
        "--shrinkage",
        "30%",
        "--occupancy",
        "0.85",
        "--shared",
        "10000",
    ];
    let v = json(&args);
    let (voice, chat, total) = (&v[0], &v[1], &v[2]);
    assert_eq!(voice["channel"], "voice");
    assert_eq!(voice["labour"], "56022.41");
    assert_eq!(chat["labour"], "33613.45");
    assert_eq!(voice["shared"], "4545.45");
    assert_eq!(chat["shared"], "5454.55");
    assert_eq!(voice["total"], "60567.86");
    assert_eq!(voice["cost_per_contact"], "6.06");
    assert_eq!(voice["resolutions"].as_f64(), Some(8000.0));
    assert_eq!(voice["cost_per_resolution"], "7.57");
    assert_eq!(chat["cost_per_contact"], "6.51");
    assert!(chat["cost_per_resolution"].is_null());
    assert_eq!(total["channel"], "total");
    assert_eq!(total["contacts"].as_f64(), Some(16000.0));
    assert_eq!(total["shared"], "10000.00");
    assert_eq!(total["cost_per_contact"], "6.23");
    let mut agent = args.to_vec();
    agent.extend(["--basis", "agent-time"]);
    let a = json(&agent);
    assert_eq!(a[0]["shared"], "6250.00");
    assert_eq!(a[1]["shared"], "3750.00");
    assert_eq!(a[0]["cost_per_resolution"], "7.78");
}

/// The hand calculation of crates/servops-cost/tests/data/hand_calculation.txt
/// (300 s at 40.00, 30 % shrinkage, 85 % occupancy: 5.6022 a contact) plus
/// 0.35 of per-contact costs: 5.9522, so 5.95 a contact and 595.22 for 100.
#[test]
fn per_contact_adds_the_per_contact_costs() {
    let channels = file(
        "channels_unit.csv",
        "channel,contacts,aht,cost_per_contact\nvoice,100,300,0.35\n",
    );
    let cfg = file(
        "per_contact.toml",
        "[cost-per-contact]\nhourly-rate = 40\nshrinkage = \"30%\"\noccupancy = 0.85\ncurrency = \"EUR\"\n",
    );
    let v = json(&["cost", "per-contact", &channels, "--config", &cfg]);
    assert_eq!(v[0]["per_contact_costs"], "35.00");
    assert_eq!(v[0]["total"], "595.22");
    assert_eq!(v[0]["cost_per_contact"], "5.95");
}

#[test]
fn per_contact_errors_name_their_input() {
    let ok = file("channels_ok.csv", "channel,contacts,aht\nvoice,100,300s\n");
    assert_clean_failure(
        &servops(&["cost", "per-contact", &ok]),
        "--hourly-rate is required",
    );
    assert_clean_failure(
        &servops(&[
            "cost",
            "per-contact",
            &ok,
            "--hourly-rate",
            "40",
            "--occupancy",
            "0",
        ]),
        "--occupancy: occupancy must be",
    );
    assert_clean_failure(
        &servops(&[
            "cost",
            "per-contact",
            &ok,
            "--hourly-rate",
            "40",
            "--shared",
            "0.001",
        ]),
        "--shared: pool must be",
    );
    let fax = file(
        "channels_fax.csv",
        "channel,contacts,aht\nvoice,1,60\nfax,100,300s\n",
    );
    assert_clean_failure(
        &servops(&["cost", "per-contact", &fax, "--hourly-rate", "40"]),
        "channels_fax.csv:3:1:",
    );
    let conc = file(
        "channels_conc.csv",
        "channel,contacts,aht,concurrency\nchat,100,300s,0.5\n",
    );
    assert_clean_failure(
        &servops(&["cost", "per-contact", &conc, "--hourly-rate", "40"]),
        "channels_conc.csv:2:4: concurrency must be >= 1",
    );
    let aht = file(
        "channels_aht.csv",
        "channel,contacts,aht\nvoice,100,5 parsecs\n",
    );
    assert_clean_failure(
        &servops(&["cost", "per-contact", &aht, "--hourly-rate", "40"]),
        "channels_aht.csv:2:3: aht: unknown duration unit",
    );
    let noaht = file("channels_noaht.csv", "channel,contacts\nvoice,100\n");
    assert_clean_failure(
        &servops(&["cost", "per-contact", &noaht, "--hourly-rate", "40"]),
        "channels_noaht.csv:1:aht: no column named `aht`",
    );
    let zero = file("channels_zero.csv", "channel,contacts,aht\nvoice,0,300s\n");
    assert_clean_failure(
        &servops(&[
            "cost",
            "per-contact",
            &zero,
            "--hourly-rate",
            "40",
            "--shared",
            "100",
        ]),
        "no channel has handle time",
    );
}

/// The flags of the worked example of docs/cost.md section 6 ("Deflection /
/// automation business case", with the day of section 4): 20 half hours of
/// 100 calls, AHT 300 s, 80 % in 20 s (Erlang C), 40.00 an hour, 30 %
/// shrinkage, 15 % deflected, residual AHT 330 s, 22 days a month, 60,000
/// to implement, 1,500 a month, 0.25 per contained call, attrition of 3 % a
/// month from 30 heads, 24 months at 0.8 %.
const DEFLECTION_EXAMPLE: [&str; 38] = [
    "cost",
    "deflection",
    "--contacts",
    "100",
    "--intervals",
    "20",
    "--interval",
    "30m",
    "--aht",
    "300s",
    "--sl",
    "80%",
    "--within",
    "20s",
    "--hourly-rate",
    "40",
    "--shrinkage",
    "30%",
    "--deflection",
    "15%",
    "--residual-aht",
    "330s",
    "--series-per-period",
    "22",
    "--implementation",
    "60000",
    "--platform",
    "1500",
    "--usage",
    "0.25",
    "--realisation",
    "attrition",
    "--headcount",
    "30",
    "--attrition",
    "3%",
    "--periods",
    "24",
];

/// docs/cost.md: NPV 140,375.06, IRR 14.08 % a month, simple payback 6.9,
/// discounted payback 7.1, ROI 119.1 %. Checked independently with an
/// mpmath (50 digits) script: Erlang C needs 21 agents for 100 calls of
/// 300 s and 20 for 85 of 330 s (SL >= 80 % in 20 s, one fewer misses), so
/// the gross saving is (30 - 28.571428...) x 40 x 0.5 x 20 x 22 =
/// 12,571.43 a month, 6,600 calls contained a month; realised share month 1
/// = 30 x 0.03 / 1.428571 = 0.63, then 1; flows -60,000, 4,770.00, then
/// 23 x 9,421.428571; NPV 140,375.064066, IRR 14.0804223 %, simple
/// payback 6.8621683, discounted payback 7.0820465, ROI 119.0729035 %.
#[test]
fn deflection_reproduces_the_documented_worked_example() {
    let mut args = DEFLECTION_EXAMPLE.to_vec();
    args.extend(["--rate", "0.8%"]);
    let v = json(&args);
    let s = &v["summary"];
    assert_eq!(measure(s, "npv"), "140375.06");
    assert_eq!(measure(s, "irr"), "unique");
    let irr = measure(s, "irr per period %").as_f64().unwrap();
    assert!((irr - 14.080_422_31).abs() < 1e-4, "{irr}");
    let near = |name: &str, want: f64| {
        let got = measure(s, name).as_f64().unwrap();
        assert!((got - want).abs() < 1e-6, "{name}: {got}, want {want}");
    };
    near("simple payback periods", 6.862_168_309);
    near("discounted payback periods", 7.082_046_529);
    near("roi %", 119.072_903_5);
    assert_eq!(measure(s, "gross saving per period"), "12571.43");
    assert_eq!(
        measure(s, "contained contacts per period").as_f64(),
        Some(6600.0)
    );
    assert_eq!(measure(s, "benefits"), "297062.86");
    assert_eq!(measure(s, "costs"), "135600.00");
    let flows = v["cash flows"].as_array().unwrap();
    assert_eq!(flows.len(), 25);
    assert_eq!(flows[0]["cash_flow"], "-60000.00");
    assert_eq!(flows[1]["cash_flow"], "4770.00");
    assert_eq!(flows[1]["realised_share"].as_f64(), Some(0.63));
    for f in &flows[2..] {
        assert_eq!(f["cash_flow"], "9421.43");
        assert_eq!(f["realised_share"].as_f64(), Some(1.0));
    }
}

#[test]
fn deflection_errors_name_the_flag() {
    let mut args = DEFLECTION_EXAMPLE.to_vec();
    args.extend(["--rate", "0.8%"]);
    // A deflection of 100 % or more leaves no queue to staff.
    let i = args.iter().position(|a| *a == "15%").unwrap();
    args[i] = "120%";
    assert_clean_failure(&servops(&args), "--deflection: ");
    args[i] = "fifteen";
    assert_failure_or_usage(&servops(&args), "--deflection");
    let mut args = DEFLECTION_EXAMPLE.to_vec();
    args.extend(["--rate", "-100%"]);
    assert_clean_failure(&servops(&args), "--rate: rate must be > -1, got -1");
    // A headcount below the 1.43 surplus heads it frees.
    let mut args = DEFLECTION_EXAMPLE.to_vec();
    args.extend(["--rate", "0.8%"]);
    let i = args.iter().position(|a| *a == "30").unwrap();
    args[i] = "1";
    assert_clean_failure(&servops(&args), "--headcount");
    let o = servops(&["cost", "deflection", "--contacts", "100", "--aht", "5m"]);
    assert_clean_failure(&o, "--hourly-rate");
}

/// The IRR in CSV and JSON is the rate per period in % rounded to 8
/// decimals, without the binary float's trailing noise. -100, +230, -132:
/// by hand, 132 x^2 - 230 x + 100 = 0 in x = 1 / (1 + r) has the roots
/// x = (230 +- 10) / 264 = 10/11 and 5/6, so r = 10 % and 20 % exactly.
/// -100,000 then 3 x 40,000: numpy-financial 1.0.0 npf.irr =
/// 0.09701025740327274, i.e. 9.701025740327274 %, 9.70102574 to 8
/// decimals.
#[test]
fn invest_irr_is_rounded_to_eight_decimals_of_a_percent() {
    // Before: 10.000000000000057 and 19.999999999999993 in JSON.
    let o = servops(&[
        "cost",
        "invest",
        "--flows=-100,230,-132",
        "--rate",
        "8%",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        measure(&v, "irr per period % (1 of 2)").as_f64(),
        Some(10.0)
    );
    assert_eq!(
        measure(&v, "irr per period % (2 of 2)").as_f64(),
        Some(20.0)
    );
    let csv = stdout(&servops(&[
        "cost",
        "invest",
        "--flows=-100,230,-132",
        "--rate",
        "8%",
        "--format",
        "csv",
    ]));
    assert!(csv.contains("irr per period % (1 of 2),10\n"), "{csv}");
    assert!(csv.contains("irr per period % (2 of 2),20\n"), "{csv}");
    let v = json(&[
        "cost",
        "invest",
        "--flows=-100000,40000,40000,40000",
        "--rate",
        "8%",
    ]);
    assert_eq!(measure(&v, "irr per period %").as_f64(), Some(9.701_025_74));
    // The deflection case's IRR goes through the same rows: 14.0804223 %
    // by the mpmath check of the worked example below, to 8 decimals at
    // most.
    let mut args = DEFLECTION_EXAMPLE.to_vec();
    args.extend(["--rate", "0.8%"]);
    let v = json(&args);
    let irr = measure(&v["summary"], "irr per period %").as_f64().unwrap();
    assert_eq!(irr, (irr * 1e8).round() / 1e8, "{irr}");
    assert!((irr - 14.080_422_3).abs() < 1e-6, "{irr}");
}

/// Amounts are shown at the currency's ISO 4217 minor unit. By hand:
/// -1,000 then 2 x 600 at 10 %: NPV = -1000 + 600/1.1 + 600/1.21 =
/// 41.3223 (37.5657 a period later), so 41 and 38 yen, and for
/// -1, 0.6, 0.6 dinars 0.041 and 0.038 (BHD has 3 places).
#[test]
fn invest_amounts_follow_the_currency_minor_unit() {
    let v = json(&[
        "cost",
        "invest",
        "--flows=-1000,600,600",
        "--rate",
        "10%",
        "--currency",
        "JPY",
    ]);
    assert_eq!(measure(&v, "npv (period 0 at t = 0)"), "41");
    assert_eq!(measure(&v, "npv (spreadsheet NPV(), end of period)"), "38");
    let v = json(&[
        "cost",
        "invest",
        "--flows=-1,0.6,0.6",
        "--rate",
        "10%",
        "--currency",
        "BHD",
    ]);
    assert_eq!(measure(&v, "npv (period 0 at t = 0)"), "0.041");
    assert_eq!(
        measure(&v, "npv (spreadsheet NPV(), end of period)"),
        "0.038"
    );
}

/// 10 and 20 calls of 300 s at 3,600 yen an hour (no shrinkage, full
/// occupancy): labour 3,000 and 6,000 yen; 1,000 yen shared 1 : 2 is
/// 333 + 667 in whole yen (not 333.33 + 666.67); totals 3,333 and 6,667,
/// per contact 333.3 and 333.35, shown as 333 and 333 (ties to even).
#[test]
fn per_contact_shares_whole_yen() {
    let channels = file(
        "channels_jpy.csv",
        "channel,contacts,aht\nvoice,10,300s\nchat,20,300s\n",
    );
    let v = json(&[
        "cost",
        "per-contact",
        channels.as_str(),
        "--hourly-rate",
        "3600",
        "--shared",
        "1000",
        "--currency",
        "JPY",
    ]);
    assert_eq!(v[0]["labour"], "3000");
    assert_eq!(v[1]["labour"], "6000");
    assert_eq!(v[0]["shared"], "333");
    assert_eq!(v[1]["shared"], "667");
    assert_eq!(v[0]["total"], "3333");
    assert_eq!(v[1]["total"], "6667");
    assert_eq!(v[0]["cost_per_contact"], "333");
    assert_eq!(v[1]["cost_per_contact"], "333");
}

/// -100, 60, 60, -50, 40, 40 (running totals -100, -40, 20, -30, 10, 50):
/// first payback 1 + 40/60 = 1.67, final 3 + 30/40 = 3.75. At 10 % the
/// discounted first payback is 1 + 45.4545/49.5868 = 23/12 = 1.92 and the
/// final one 4 + 1969/8000 = 4.246125 (by hand with fractions).
#[test]
fn invest_reports_first_and_final_paybacks() {
    let v = json(&[
        "cost",
        "invest",
        "--flows=-100,60,60,-50,40,40",
        "--rate",
        "10%",
    ]);
    let f = |name: &str| measure(&v, name).as_f64().unwrap();
    let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
    assert!(close(f("simple payback periods"), 5.0 / 3.0));
    assert!(close(f("simple payback periods, final"), 3.75));
    assert!(close(f("discounted payback periods"), 23.0 / 12.0));
    assert!(close(f("discounted payback periods, final"), 4.246125));
}
