//! Serde forms of the deferred-work types: round trips, and bad data is
//! refused by the constructors.
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used)] // test support code

use servops_queue::{DeferredWorkload, InitialBacklog, ResponseGoal};
use std::time::Duration;

#[test]
fn round_trips() {
    let work = DeferredWorkload::new(
        &[3.0, 0.5, 7.25],
        Duration::from_secs(900),
        Duration::from_secs(420),
    )
    .unwrap()
    .with_backlog(
        InitialBacklog::new()
            .with_cohort(12.0, Duration::from_secs(7200))
            .unwrap(),
    )
    .unwrap()
    .with_productive_share(0.85)
    .unwrap();
    let json = serde_json::to_string(&work).unwrap();
    assert_eq!(
        json,
        r#"{"arrivals":[3.0,0.5,7.25],"interval_secs":900.0,"aht_secs":420.0,"productive_share":0.85,"backlog":{"cohorts":[{"items":12.0,"age_secs":7200.0}]}}"#
    );
    let back: DeferredWorkload = serde_json::from_str(&json).unwrap();
    assert_eq!(back, work);
    let goal = ResponseGoal::new(0.95, Duration::from_secs(86_400)).unwrap();
    let json = serde_json::to_string(&goal).unwrap();
    assert_eq!(json, r#"{"share":0.95,"within_secs":86400.0}"#);
    assert_eq!(serde_json::from_str::<ResponseGoal>(&json).unwrap(), goal);
    // Results serialize as plain data.
    let run = work.simulate(&[1.0, 1.0, 1.0]).unwrap();
    let json = serde_json::to_string(&run.intervals()[0]).unwrap();
    assert!(json.contains(r#""capacity":"#), "{json}");
    let got = run.attainment(Duration::from_secs(3600)).unwrap();
    let back: servops_queue::GoalAttainment =
        serde_json::from_str(&serde_json::to_string(&got).unwrap()).unwrap();
    assert_eq!(back, got);
}

#[test]
fn bad_data_is_refused() {
    let minimal: DeferredWorkload =
        serde_json::from_str(r#"{"arrivals":[1.0],"interval_secs":900,"aht_secs":300}"#).unwrap();
    assert_eq!(minimal.productive_share(), 1.0);
    for bad in [
        r#"{"arrivals":[],"interval_secs":900,"aht_secs":300}"#,
        r#"{"arrivals":[-1.0],"interval_secs":900,"aht_secs":300}"#,
        r#"{"arrivals":[1.0],"interval_secs":0,"aht_secs":300}"#,
        r#"{"arrivals":[1.0],"interval_secs":900,"aht_secs":-5}"#,
        r#"{"arrivals":[1.0],"interval_secs":900,"aht_secs":300,"productive_share":1.5}"#,
        r#"{"arrivals":[1.0],"interval_secs":900,"aht_secs":300,"backlog":{"cohorts":[{"items":-1,"age_secs":0}]}}"#,
        r#"{"arrivals":[1.0],"interval_secs":900,"aht_secs":300,"extra":1}"#,
    ] {
        assert!(
            serde_json::from_str::<DeferredWorkload>(bad).is_err(),
            "{bad}"
        );
    }
    assert!(serde_json::from_str::<ResponseGoal>(r#"{"share":0,"within_secs":60}"#).is_err());
    assert!(serde_json::from_str::<ResponseGoal>(r#"{"share":0.9,"within_secs":0}"#).is_err());
}
