//! Serde forms: round trips, and validation on the way in.
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used)] // test support code

use servops_queue::{
    Model, ServiceLevelConvention, Staffing, Targets, Traffic, Workload, agents_required,
};
use std::time::Duration;

#[test]
fn traffic_round_trips_and_rejects_bad_values() {
    let t = Traffic::from_load(12.5, Duration::from_secs(210)).unwrap();
    let json = serde_json::to_string(&t).unwrap();
    assert_eq!(json, r#"{"load":12.5,"aht_secs":210.0}"#);
    assert_eq!(serde_json::from_str::<Traffic>(&json).unwrap(), t);
    assert!(serde_json::from_str::<Traffic>(r#"{"load":-1.0,"aht_secs":210.0}"#).is_err());
    assert!(serde_json::from_str::<Traffic>(r#"{"load":1.0,"aht_secs":0.0}"#).is_err());
    assert!(serde_json::from_str::<Traffic>(r#"{"load":1.0,"aht_secs":-5.0}"#).is_err());
    assert!(serde_json::from_str::<Traffic>(r#"{"load":1.0,"aht_secs":1.0,"x":1}"#).is_err());
}

#[test]
fn targets_round_trip_and_validate() {
    let t = Targets::service_level_within(0.8, Duration::from_secs(20))
        .unwrap()
        .with_max_prob_abandon(0.05)
        .unwrap()
        .with_convention(ServiceLevelConvention::AbandonsWithinCountAsMet);
    let json = serde_json::to_string(&t).unwrap();
    assert_eq!(serde_json::from_str::<Targets>(&json).unwrap(), t);
    let partial: Targets = serde_json::from_str(r#"{"max_occupancy":0.9}"#).unwrap();
    assert_eq!(partial.max_occupancy(), Some(0.9));
    assert!(serde_json::from_str::<Targets>(r#"{"max_occupancy":1.5}"#).is_err());
    assert!(
        serde_json::from_str::<Targets>(r#"{"service_level":{"fraction":1.0,"within_secs":20.0}}"#)
            .is_err()
    );
}

#[test]
fn workload_and_results_round_trip() {
    let w = Workload::new(42.0, Duration::from_secs(300)).unwrap();
    let json = serde_json::to_string(&w).unwrap();
    assert_eq!(serde_json::from_str::<Workload>(&json).unwrap(), w);
    assert!(serde_json::from_str::<Workload>(r#"{"contacts":-3.0,"aht_secs":300.0}"#).is_err());

    let t = Traffic::from_load(8.0, Duration::from_secs(240)).unwrap();
    let goal = Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap();
    let s = agents_required(
        &t,
        Model::ErlangA {
            patience: Duration::from_secs(90),
        },
        &goal,
    )
    .unwrap();
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(serde_json::from_str::<Staffing>(&json).unwrap(), s);
}
