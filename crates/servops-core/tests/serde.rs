//! Serialization round trips, and refusal of data that would bypass the
//! constructors.
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::time::Duration;

use chrono::NaiveDate;
use servops_core::{Channel, Disambiguation, IntervalGrid, IntervalSeries, QueueId};

fn grid() -> IntervalGrid {
    IntervalGrid::new(
        "2026-03-02T08:00:00Z".parse().unwrap(),
        Duration::from_secs(900),
        3,
    )
    .unwrap()
}

#[test]
fn grid_has_a_readable_form_and_round_trips() {
    let json = serde_json::to_string(&grid()).unwrap();
    assert_eq!(
        json,
        r#"{"start":"2026-03-02T08:00:00Z","step_minutes":15,"len":3}"#
    );
    let back: IntervalGrid = serde_json::from_str(&json).unwrap();
    assert_eq!(back, grid());
    assert_eq!(back.end(), grid().end());
}

#[test]
fn local_day_grid_round_trips() {
    let g = IntervalGrid::local_days(
        NaiveDate::from_ymd_opt(2026, 10, 25).unwrap(),
        1,
        Duration::from_secs(900),
        chrono_tz::Europe::London,
    )
    .unwrap();
    let back: IntervalGrid = serde_json::from_str(&serde_json::to_string(&g).unwrap()).unwrap();
    assert_eq!(back, g);
    assert_eq!(back.len(), 100);
}

#[test]
fn invalid_grids_are_refused() {
    let cases = [
        (
            r#"{"start":"2026-03-02T08:00:00Z","step_minutes":7,"len":3}"#,
            "interval step must be a whole number of minutes dividing 24 hours, got 7 min",
        ),
        (
            r#"{"start":"2026-03-02T08:00:00Z","step_minutes":0,"len":3}"#,
            "interval step must be",
        ),
        (
            r#"{"start":"2026-03-02T08:00:30Z","step_minutes":15,"len":3}"#,
            "grid start must be on a whole minute",
        ),
        (
            r#"{"start":"2026-03-02T08:00:00Z","step_minutes":15,"len":18446744073709551615}"#,
            "grid length must be small enough",
        ),
        (
            r#"{"start":"2026-03-02T08:00:00Z","step_minutes":15,"len":3,"end":"2026-03-02T09:00:00Z"}"#,
            "unknown field `end`",
        ),
        (
            r#"{"start":"2026-03-02T08:00:00Z","step_minutes":15}"#,
            "missing field `len`",
        ),
    ];
    for (json, message) in cases {
        let err = serde_json::from_str::<IntervalGrid>(json).unwrap_err();
        assert!(err.to_string().contains(message), "{json}: {err}");
    }
}

#[test]
fn series_round_trips_and_refuses_wrong_lengths() {
    let series = IntervalSeries::new(grid(), vec![1.5, 2.0, 0.0]).unwrap();
    let json = serde_json::to_string(&series).unwrap();
    assert_eq!(
        json,
        r#"{"grid":{"start":"2026-03-02T08:00:00Z","step_minutes":15,"len":3},"values":[1.5,2.0,0.0]}"#
    );
    let back: IntervalSeries<f64> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, series);

    let short =
        r#"{"grid":{"start":"2026-03-02T08:00:00Z","step_minutes":15,"len":3},"values":[1.5]}"#;
    let err = serde_json::from_str::<IntervalSeries<f64>>(short).unwrap_err();
    assert!(
        err.to_string()
            .contains("expected 3 values, one per interval, got 1"),
        "{err}"
    );
    let bad_grid =
        r#"{"grid":{"start":"2026-03-02T08:00:00Z","step_minutes":7,"len":1},"values":[1.5]}"#;
    assert!(serde_json::from_str::<IntervalSeries<f64>>(bad_grid).is_err());
}

#[test]
fn channels_use_snake_case_tokens() {
    let json = serde_json::to_string(&Channel::ALL).unwrap();
    assert_eq!(
        json,
        r#"["voice","chat","email","messaging","back_office"]"#
    );
    let back: Vec<Channel> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, Channel::ALL);
    // The serialized token is also what Display writes.
    for c in Channel::ALL {
        assert_eq!(serde_json::to_string(c).unwrap(), format!("\"{c}\""));
    }
    assert!(serde_json::from_str::<Channel>(r#""fax""#).is_err());
}

#[test]
fn queue_ids_are_validated_on_the_way_in() {
    let id = QueueId::new("billing-en").unwrap();
    let json = serde_json::to_string(&id).unwrap();
    assert_eq!(json, r#""billing-en""#);
    assert_eq!(serde_json::from_str::<QueueId>(&json).unwrap(), id);
    for bad in [r#""""#, r#"" billing""#, r#""a\nb""#] {
        let err = serde_json::from_str::<QueueId>(bad).unwrap_err();
        assert!(err.to_string().contains("queue id must be"), "{bad}: {err}");
    }
}

#[test]
fn disambiguation_round_trips() {
    for d in [
        Disambiguation::Compatible,
        Disambiguation::Earlier,
        Disambiguation::Later,
        Disambiguation::Reject,
    ] {
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(serde_json::from_str::<Disambiguation>(&json).unwrap(), d);
    }
    assert_eq!(
        serde_json::to_string(&Disambiguation::Compatible).unwrap(),
        r#""compatible""#
    );
}
