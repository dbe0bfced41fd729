//! Reference tests: every expected value here was computed outside this
//! crate (a hand calculation, numpy-financial, an mpmath Erlang C, an
//! independent Python implementation of the plan); see tests/data/PROVENANCE.md.

// Test helpers outside #[test] functions: a bad fixture should fail loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

use rust_decimal::Decimal;
use servops_cost::*;
use servops_queue::{Model, Targets};

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s.trim()).unwrap_or_else(|e| panic!("bad decimal {s:?}: {e}"))
}

fn usd(s: &str) -> Money {
    Money::new(dec(s), Currency::USD)
}

fn csv_reader(path: &str) -> csv::Reader<std::fs::File> {
    csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_path(path)
        .unwrap()
}

fn data(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn hand_calculation_cost_per_contact() {
    let text = std::fs::read_to_string(data("hand_calculation.txt")).unwrap();
    let kv: HashMap<&str, &str> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect();
    let hour = HourlyCosts::new(
        usd(kv["cost_per_paid_hour"]),
        Shrinkage::new(dec(kv["shrinkage"])).unwrap(),
        Occupancy::new(dec(kv["occupancy"])).unwrap(),
    )
    .unwrap();
    let cents = RoundingPolicy::CENTS;
    assert_eq!(
        hour.per_productive_hour().rounded(cents).amount(),
        dec(kv["expected_per_productive_hour_cents"])
    );
    assert_eq!(
        hour.per_handled_hour().rounded(cents).amount(),
        dec(kv["expected_per_handled_hour_cents"])
    );
    let aht = Duration::from_secs(kv["aht_seconds"].parse().unwrap());
    let cpc = cost_per_contact(&hour, aht, Decimal::ONE, Money::zero(Currency::USD)).unwrap();
    assert_eq!(
        cpc.rounded(cents).amount(),
        dec(kv["expected_cost_per_contact_cents"])
    );
    assert_ne!(
        cpc.rounded(cents).amount(),
        dec(kv["wrong_multiplied_cost_per_contact_cents"])
    );
    // The exact value: 40 / 0.595 / 12 = 5.602240896358543417366946779 (to 28 digits).
    let exact = dec("40") / dec("0.595") / dec("12");
    assert!((cpc.amount() - exact).abs() < dec("1e-25"));
}

#[test]
fn worked_example_npv() {
    let d = |v: i64| Decimal::new(v, 0);
    let flows = CashFlows::new(
        vec![d(-100_000), d(40_000), d(40_000), d(40_000)],
        Currency::USD,
    )
    .unwrap();
    let v = npv(dec("0.08"), &flows, NpvConvention::FirstFlowAtTimeZero).unwrap();
    assert_eq!(v.rounded(RoundingPolicy::CENTS).amount(), dec("3083.88"));
}

struct InvestmentCase {
    name: String,
    rate: Decimal,
    flows: CashFlows,
    npv_t0: f64,
    npv_end: f64,
    sign_changes: usize,
    kind: String,
    irrs: Vec<f64>,
    payback: Option<f64>,
    discounted_payback: Option<f64>,
}

fn investment_cases() -> Vec<InvestmentCase> {
    let mut out = Vec::new();
    for rec in csv_reader(&data("investment_vectors.csv")).records() {
        let r = rec.unwrap();
        let opt = |s: &str| {
            if s.is_empty() {
                None
            } else {
                Some(s.parse::<f64>().unwrap())
            }
        };
        out.push(InvestmentCase {
            name: r[0].to_string(),
            rate: dec(&r[1]),
            flows: CashFlows::new(r[2].split(';').map(dec).collect(), Currency::USD).unwrap(),
            npv_t0: r[3].parse().unwrap(),
            npv_end: r[4].parse().unwrap(),
            sign_changes: r[5].parse().unwrap(),
            kind: r[6].to_string(),
            irrs: if r[7].is_empty() {
                vec![]
            } else {
                r[7].split(';').map(|x| x.parse().unwrap()).collect()
            },
            payback: opt(&r[9]),
            discounted_payback: opt(&r[10]),
        });
    }
    assert!(out.len() >= 40, "only {} cases", out.len());
    out
}

fn scale(flows: &CashFlows) -> f64 {
    flows
        .flows()
        .iter()
        .map(|d| f64::try_from(d.abs()).unwrap())
        .sum::<f64>()
        .max(1.0)
}

/// NPV agrees with numpy-financial to 1e-9 of the flows' total magnitude
/// (the reference is a float computation).
#[test]
fn npv_matches_numpy_financial() {
    for c in investment_cases() {
        let tol = 1e-9 * scale(&c.flows);
        let ours = npv(c.rate, &c.flows, NpvConvention::FirstFlowAtTimeZero).unwrap();
        let ours = f64::try_from(ours.amount()).unwrap();
        assert!(
            (ours - c.npv_t0).abs() <= tol,
            "{}: {ours} vs {}",
            c.name,
            c.npv_t0
        );
        let end = npv(c.rate, &c.flows, NpvConvention::SpreadsheetEndOfPeriod).unwrap();
        let end = f64::try_from(end.amount()).unwrap();
        assert!(
            (end - c.npv_end).abs() <= tol,
            "{}: {end} vs {}",
            c.name,
            c.npv_end
        );
    }
}

/// IRR: the same answer kind and the same rates as numpy-financial /
/// numpy.roots (to 1e-8 relative to max(1, |r|)), and NPV(irr) ~ 0.
#[test]
fn irr_matches_numpy_financial() {
    for c in investment_cases() {
        assert_eq!(c.flows.sign_changes(), c.sign_changes, "{}", c.name);
        let ours: Vec<Decimal> = match irr(&c.flows).unwrap() {
            Irr::None => vec![],
            Irr::Unique(r) => vec![r],
            Irr::Multiple(rs) => rs,
            other => panic!("unexpected {other:?}"),
        };
        let kind = match ours.len() {
            0 => "none",
            1 => "unique",
            _ => "multiple",
        };
        assert_eq!(kind, c.kind, "{}: {ours:?} vs {:?}", c.name, c.irrs);
        for (r, reference) in ours.iter().zip(&c.irrs) {
            let r64 = f64::try_from(*r).unwrap();
            assert!(
                (r64 - reference).abs() <= 1e-8 * reference.abs().max(1.0),
                "{}: {r64} vs {reference}",
                c.name
            );
            let at = npv(*r, &c.flows, NpvConvention::FirstFlowAtTimeZero).unwrap();
            let at = f64::try_from(at.amount()).unwrap();
            assert!(
                at.abs() <= 1e-9 * scale(&c.flows),
                "{}: NPV(irr) = {at}",
                c.name
            );
        }
    }
}

#[test]
fn payback_matches_reference() {
    for c in investment_cases() {
        let ours = simple_payback(&c.flows).map(|p| f64::try_from(p.periods).unwrap());
        match (ours, c.payback) {
            (None, None) => {}
            (Some(a), Some(b)) => {
                assert!((a - b).abs() <= 1e-9 * b.max(1.0), "{}: {a} vs {b}", c.name)
            }
            other => panic!("{}: {other:?}", c.name),
        }
        let ours = discounted_payback(&c.flows, c.rate)
            .unwrap()
            .map(|p| f64::try_from(p.periods).unwrap());
        match (ours, c.discounted_payback) {
            (None, None) => {}
            (Some(a), Some(b)) => {
                assert!((a - b).abs() <= 1e-9 * b.max(1.0), "{}: {a} vs {b}", c.name)
            }
            other => panic!("{}: discounted {other:?}", c.name),
        }
    }
}

/// The Erlang C cost curve against an mpmath Erlang C and Python decimal costs.
#[test]
fn erlang_cost_curve_matches_reference() {
    let cost = StaffingCost::new(
        usd("40"),
        Shrinkage::new(dec("0.30")).unwrap(),
        Model::ErlangC,
        Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap(),
    )
    .unwrap();
    let mut n = 0;
    for rec in csv_reader(&data("erlang_cost_curve.csv")).records() {
        let r = rec.unwrap();
        let contacts: f64 = r[0].parse().unwrap();
        let c = cost
            .interval(
                contacts,
                Duration::from_secs(300),
                Duration::from_secs(1800),
            )
            .unwrap();
        assert_eq!(c.agents, r[2].parse::<u32>().unwrap(), "{contacts}");
        let sl: f64 = r[3].parse().unwrap();
        assert!((c.service_level.unwrap() - sl).abs() < 1e-12, "{contacts}");
        assert!(
            (c.scheduled - dec(&r[5])).abs() < dec("1e-24"),
            "{contacts}"
        );
        assert!(
            (c.cost.amount() - dec(&r[6])).abs() < dec("1e-22"),
            "{contacts}"
        );
        let cpc = c.cost_per_contact.unwrap().amount();
        assert!(
            (cpc - dec(&r[7])).abs() < dec("1e-22"),
            "{contacts}: {cpc} vs {}",
            &r[7]
        );
        n += 1;
    }
    assert!(n >= 30);
}

fn plan_inputs() -> HeadcountPlan {
    let productive = [
        "70", "68", "72", "75", "80", "84", "84", "80", "72", "60", "58", "66",
    ];
    let shrink = [
        "0.30", "0.30", "0.30", "0.30", "0.32", "0.32", "0.32", "0.30", "0.30", "0.30", "0.30",
        "0.35",
    ];
    let hours = [
        "168", "160", "176", "168", "168", "160", "176", "176", "168", "176", "160", "168",
    ];
    let months = (0..12)
        .map(|i| {
            PeriodDemand::new(
                dec(productive[i]),
                Shrinkage::new(dec(shrink[i])).unwrap(),
                dec(hours[i]),
            )
            .unwrap()
        })
        .collect();
    HeadcountPlan::new(months, dec("100"), Currency::USD)
        .unwrap()
        .with_attrition(AttritionRate::per_period_rate(dec("0.04")).unwrap())
        .with_hiring(1, 2, dec("0.15"))
        .unwrap()
        .with_ramp(Ramp::Curve(vec![dec("0.5"), dec("0.75")]))
        .unwrap()
        .with_overtime(dec("0.05"), dec("0.5"))
        .unwrap()
        .with_undertime(dec("0.10"))
        .unwrap()
        .with_costs(usd("32.50"), usd("28.00"), usd("4200"))
        .unwrap()
}

#[test]
fn twelve_month_plan_matches_independent_script() {
    let plan = plan_inputs().run().unwrap();
    let mut rows = 0;
    let mut attrition_outpaces_hiring = false;
    let mut surplus_month = false;
    for rec in csv_reader(&data("plan_12_months.csv")).records() {
        let r = rec.unwrap();
        let m: usize = r[0].parse().unwrap();
        let p = &plan.periods[m];
        let exact = [
            ("required_productive_fte", p.required_productive_fte, 1),
            ("required_paid_fte", p.required_paid_fte, 2),
            ("opening_headcount", p.opening_headcount, 3),
            ("leavers", p.leavers, 4),
            ("graduates", p.graduates, 5),
            ("closing_headcount", p.closing_headcount, 6),
            ("tenured_headcount", p.tenured_headcount, 7),
            ("trainees", p.trainees, 8),
            ("hires", p.hires, 9),
            ("available_fte", p.available_fte, 10),
            ("gap", p.gap, 11),
            ("surplus", p.surplus, 13),
            ("overtime_fte", p.overtime_fte, 14),
            ("undertime_fte", p.undertime_fte, 16),
            ("unmet_fte", p.unmet_fte, 17),
            ("salaries", p.budget.salaries.amount(), 18),
            ("trainee_salaries", p.budget.trainee_salaries.amount(), 19),
            ("hiring", p.budget.hiring.amount(), 20),
            ("overtime", p.budget.overtime.amount(), 21),
            ("undertime_saving", p.budget.undertime_saving.amount(), 22),
            ("total", p.budget.total.amount(), 23),
        ];
        for (name, ours, col) in exact {
            assert_eq!(ours, dec(&r[col]), "month {m} {name}");
        }
        for (name, ours, col) in [
            ("gap_pct", p.gap_pct, 12),
            ("overtime_pct", p.overtime_pct, 15),
        ] {
            match (ours, r[col].is_empty()) {
                (None, true) => {}
                (Some(v), false) => {
                    assert!((v - dec(&r[col])).abs() < dec("1e-24"), "month {m} {name}")
                }
                other => panic!("month {m} {name}: {other:?}"),
            }
        }
        // The exact invariant.
        assert_eq!(
            p.closing_headcount,
            p.opening_headcount - p.leavers + p.graduates
        );
        if let Some(next) = plan.periods.get(m + 1) {
            assert_eq!(next.opening_headcount, p.closing_headcount);
        }
        attrition_outpaces_hiring |= p.leavers > p.graduates;
        surplus_month |= p.surplus > Decimal::ZERO;
        assert!(p.hires >= Decimal::ZERO);
        rows += 1;
    }
    assert_eq!(rows, 12);
    assert!(attrition_outpaces_hiring && surplus_month);
    let total: Decimal = plan.periods.iter().map(|p| p.budget.total.amount()).sum();
    assert_eq!(plan.total_budget.total.amount(), total);
}
