//! Serde round trips of the plain data types (feature `serde`).
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use servops_forecast::chrono::Weekday;
use servops_forecast::{Accuracy, DayType, Level, Selection, Window};

#[test]
fn plain_types_round_trip() {
    for t in [
        DayType::Weekday(Weekday::Sat),
        DayType::Closed,
        DayType::Custom("chol hamoed".into()),
    ] {
        let s = serde_json::to_string(&t).unwrap();
        assert_eq!(serde_json::from_str::<DayType>(&s).unwrap(), t);
    }
    let acc = Accuracy::from_pairs(&[1.0, 2.0], &[1.0, 3.0], Some(1.0)).unwrap();
    let s = serde_json::to_string(&acc).unwrap();
    assert_eq!(serde_json::from_str::<Accuracy>(&s).unwrap(), acc);
    assert_eq!(serde_json::to_string(&Level::Daily).unwrap(), "\"Daily\"");
    let w = serde_json::to_string(&Window::Sliding(100)).unwrap();
    assert_eq!(
        serde_json::from_str::<Window>(&w).unwrap(),
        Window::Sliding(100)
    );
    let sel = serde_json::to_string(&Selection::PerLead).unwrap();
    assert_eq!(
        serde_json::from_str::<Selection>(&sel).unwrap(),
        Selection::PerLead
    );
}
