//! servops-kpi CSV reader: never panics on any input; under the fail policy
//! it either succeeds with exactly the records the skip-and-report policy
//! keeps (and nothing skipped) or returns the first error that policy
//! reports; every record read aggregates into KPIs within their bounds;
//! an answered record with neither an end nor a talk time has an unknown
//! handle time (never 0 s) and AHT leaves exactly those out.
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use servops_core::IntervalGrid;
use servops_core::chrono_tz::Europe::London;
use servops_kpi::{
    AbandonTreatment, AbandonmentPolicy, BadRowPolicy, ComponentSeries, ComponentSpec, CsvSchema,
    Outcome, ServiceLevelPolicy, TimeFormat, read_contacts,
};

fuzz_target!(|data: &[u8]| {
    let (selector, text) = match data.split_first() {
        Some((s, rest)) => (*s, rest),
        None => (0, data),
    };
    let schema = match selector % 3 {
        0 => CsvSchema::new(),
        1 => CsvSchema::new().with_time_format(TimeFormat::UnixSeconds),
        _ => CsvSchema::new()
            .with_time_format(TimeFormat::local("%Y-%m-%d %H:%M:%S", London))
            .with_outcome_value("AGENT", Outcome::Answered)
            .with_outcome_value("HANG", Outcome::Abandoned),
    };
    let lenient = read_contacts(text, &schema, BadRowPolicy::SkipAndReport);
    let strict = read_contacts(text, &schema, BadRowPolicy::Fail);
    match (&lenient, &strict) {
        (Ok(l), Ok(s)) => {
            assert!(
                l.skipped.is_empty(),
                "strict read passed but lenient skipped rows"
            );
            assert!(s.skipped.is_empty());
            assert_eq!(l.records, s.records);
        }
        (Ok(l), Err(e)) => assert_eq!(l.skipped.first(), Some(e)),
        (Err(a), Err(b)) => assert_eq!(a, b),
        (Err(e), Ok(_)) => panic!("lenient read failed but strict read passed: {e}"),
    }
    let Ok(read) = lenient else { return };
    let Some(first) = read.records.first() else {
        return;
    };
    let start = first.arrival();
    let start = start - servops_core::chrono::TimeDelta::seconds(start.timestamp().rem_euclid(60));
    let Ok(grid) = IntervalGrid::new(start, Duration::from_secs(900), 96) else {
        return;
    };
    let Ok(spec) = ComponentSpec::new(Duration::from_secs(20)) else {
        return;
    };
    let series = ComponentSeries::aggregate(&read.records, grid, spec);
    let total = series.total();
    // Unknown handle time: only answered records, exactly those without a
    // talk time; counted and left out of AHT, never as 0 s.
    for r in &read.records {
        assert_eq!(r.handle_known(), r.talk().is_some());
        assert_eq!(r.handle_known(), r.handle_time().is_some());
        if r.outcome() != Outcome::Answered {
            assert!(r.handle_known());
        }
    }
    let all = servops_kpi::Components::from_records(&read.records, &spec);
    let unknown = read
        .records
        .iter()
        .filter(|r| r.outcome() == Outcome::Answered && !r.handle_known())
        .count() as u64;
    assert_eq!(all.handle_unknown, unknown);
    assert!(all.check().is_ok(), "{:?}", all.check());
    assert!(total.check().is_ok(), "{:?}", total.check());
    let aht = all.aht();
    assert_eq!(aht.excluded, unknown);
    assert_eq!(aht.denominator, (all.answered - unknown) as f64);
    let inside: u128 = total.offered() + u128::from(total.censored);
    assert_eq!(
        inside + u128::from(series.outside_grid()),
        read.records.len() as u128
    );
    for a in AbandonTreatment::ALL {
        if let Some(v) = total.service_level(ServiceLevelPolicy::new(*a)).value() {
            assert!((0.0..=1.0).contains(&v), "{a:?}: {v}");
        }
    }
    if let Some(v) = total
        .abandonment_rate(AbandonmentPolicy::ShortExcluded)
        .value()
    {
        assert!((0.0..=1.0).contains(&v));
    }
});
