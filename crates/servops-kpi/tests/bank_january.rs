//! Real call records: January 1999 of the "Anonymous Bank" call centre,
//! read with the CSV reader and checked against an independent pandas
//! computation (tests/data/bank/bank_kpis.py; see tests/data/PROVENANCE.md).

// Test helpers outside #[test] functions may unwrap and panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::fs::File;
use std::path::PathBuf;
use std::time::Duration;

use servops_core::IntervalGrid;
use servops_core::chrono::NaiveDate;
use servops_core::chrono_tz::Asia::Jerusalem;
use servops_kpi::{
    AbandonTreatment, AbandonmentPolicy, AsaPolicy, BadRowPolicy, ComponentSeries, ComponentSpec,
    Components, CsvSchema, Outcome, ServiceLevelPolicy, TimeFormat, read_contacts,
};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_reference(name: &str) -> Vec<HashMap<String, String>> {
    let path = root().join("tests/data/bank").join(name);
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn num(row: &HashMap<String, String>, k: &str) -> Option<f64> {
    row.get(k).and_then(|v| v.parse().ok())
}

fn series() -> ComponentSeries {
    let schema = CsvSchema::new()
        .with_time_format(TimeFormat::local("%Y-%m-%dT%H:%M:%S", Jerusalem))
        .with_outcome_value("AGENT", Outcome::Answered)
        .with_outcome_value("HANG", Outcome::Abandoned);
    let file =
        File::open(root().join("../../data/anonymous_bank_1999_01_queue_calls.csv")).unwrap();
    let read = read_contacts(file, &schema, BadRowPolicy::Fail).unwrap();
    assert_eq!(read.records.len(), 30_161);
    let grid = IntervalGrid::local_days(
        NaiveDate::from_ymd_opt(1999, 1, 1).unwrap(),
        32,
        Duration::from_secs(15 * 60),
        Jerusalem,
    )
    .unwrap();
    let spec = ComponentSpec::new(Duration::from_secs(20)).unwrap();
    let s = ComponentSeries::aggregate(&read.records, grid, spec);
    assert_eq!(s.outside_grid(), 0);
    s
}

fn check(c: &Components, row: &HashMap<String, String>, what: &str) {
    let close = |a: Option<f64>, b: Option<f64>, k: &str| match (a, b) {
        (Some(a), Some(b)) => assert!(
            (a - b).abs() <= 1e-8 * b.abs().max(1.0),
            "{what} {k}: {a} vs {b}"
        ),
        (None, None) => {}
        _ => panic!("{what} {k}: {a:?} vs {b:?}"),
    };
    let count = |k: &str| num(row, k).map(|v| v as u64);
    assert_eq!(Some(c.answered), count("answered"), "{what}");
    assert_eq!(Some(c.abandoned), count("abandoned"), "{what}");
    assert_eq!(Some(c.answered_within), count("answered_within"), "{what}");
    assert_eq!(
        Some(c.abandoned_within),
        count("abandoned_within"),
        "{what}"
    );
    close(
        c.service_level(ServiceLevelPolicy::new(AbandonTreatment::CountAgainst))
            .value(),
        num(row, "sl_abandons_against"),
        "sl_abandons_against",
    );
    close(
        c.service_level(ServiceLevelPolicy::new(
            AbandonTreatment::MetWithinThreshold,
        ))
        .value(),
        num(row, "sl_abandons_met"),
        "sl_abandons_met",
    );
    close(
        c.asa(AsaPolicy::RingExcluded).value(),
        num(row, "asa_s"),
        "asa_s",
    );
    close(
        c.abandonment_rate(AbandonmentPolicy::ShortIncluded).value(),
        num(row, "abandon_rate"),
        "abandon_rate",
    );
    close(c.aht().value(), num(row, "aht_s"), "aht_s");
}

#[test]
fn daily_interval_and_month_kpis_match_pandas() {
    let s = series();
    // month
    let month = read_reference("bank_january_month.csv");
    let m: HashMap<String, String> = month
        .iter()
        .map(|r| (r[""].clone(), r["month"].clone()))
        .collect();
    check(&s.total(), &m, "month");
    // days
    let daily = read_reference("bank_january_daily.csv");
    let days: HashMap<String, Components> = s
        .daily(Jerusalem)
        .into_iter()
        .map(|(d, c)| (d.to_string(), c))
        .collect();
    for row in &daily {
        check(&days[&row["date"]], row, &row["date"]);
    }
    let with_calls = days.values().filter(|c| c.offered() > 0).count();
    assert_eq!(with_calls, daily.len());
    // 15-minute intervals
    let intervals = read_reference("bank_january_15min.csv");
    let by_start: HashMap<String, usize> = (0..s.components().len())
        .map(|i| {
            let local = s.components().grid().local_start(i, Jerusalem).unwrap();
            (local.format("%Y-%m-%dT%H:%M").to_string(), i)
        })
        .collect();
    for row in &intervals {
        let i = by_start[&row["interval_start"]];
        check(&s.components().values()[i], row, &row["interval_start"]);
    }
    let non_empty = s
        .components()
        .values()
        .iter()
        .filter(|c| c.offered() > 0)
        .count();
    assert_eq!(non_empty, intervals.len());
    // ratio of sums vs mean of ratios (docs/kpi.md, section 1): the mean of
    // the interval service levels overstates the month's
    let policy = ServiceLevelPolicy::new(AbandonTreatment::CountAgainst);
    let per_interval: Vec<f64> = s
        .components()
        .values()
        .iter()
        .filter_map(|c| c.service_level(policy).value())
        .collect();
    let mean_of_ratios = per_interval.iter().sum::<f64>() / per_interval.len() as f64;
    assert!((mean_of_ratios - 0.6348).abs() < 5e-5, "{mean_of_ratios}");
    let ratio_of_sums = s.total().service_level(policy).value().unwrap();
    assert!((ratio_of_sums - 0.5438).abs() < 5e-5, "{ratio_of_sums}");
    // an empty interval is undefined, never 0 % or 100 %
    let empty = s
        .components()
        .values()
        .iter()
        .find(|c| c.offered() == 0)
        .unwrap();
    assert_eq!(
        empty
            .service_level(ServiceLevelPolicy::new(AbandonTreatment::CountAgainst))
            .value(),
        None
    );
}
