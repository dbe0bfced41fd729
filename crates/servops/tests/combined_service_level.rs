//! `plan::combined_service_level`: a period's service level as a ratio of
//! sums under each convention, with finite lines (blocked contacts are
//! neither answered nor abandoned).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use servops::plan::{combined_service_level, projection_stage};
use servops::prelude::*;
use std::time::Duration;

/// 120 and 150 calls per half hour at 240 s (16 and 20 erlangs), 20
/// agents on 24 lines, 20 s. The birth-death chain on `0..=24` summed in
/// mpmath (50 digits), Erlang-distributed waits: answered within 20 s of
/// offered 0.890509102036 and 0.672585172097, blocked 0.0228994191154 and
/// 0.0971478877591. Over answered contacts the period is
/// `(120 x 0.890509 + 150 x 0.672585) / (120 x (1 - 0.022899) + 150 x (1 -
/// 0.097148)) = 0.822182`; counting the blocked as answered gave 0.818922.
#[test]
fn over_answered_contacts_the_blocked_are_not_answered() {
    let grid = IntervalGrid::new(
        "2026-03-02T09:00:00Z".parse().unwrap(),
        Duration::from_secs(1800),
        2,
    )
    .unwrap();
    let volume = IntervalSeries::new(grid, vec![120.0, 150.0]).unwrap();
    let aht = IntervalSeries::new(grid, vec![240.0, 240.0]).unwrap();
    let staff = IntervalSeries::new(grid, vec![20.0, 20.0]).unwrap();
    let model = Model::FiniteLines {
        lines: 24,
        patience: None,
    };
    let within = Duration::from_secs(20);
    let offered = Targets::service_level_within(0.8, within).unwrap();
    let p = projection_stage(&volume, &aht, &staff, model, &offered).unwrap();
    let both = combined_service_level(p.values(), ServiceLevelConvention::default()).unwrap();
    let want = (120.0 * 0.890_509_102_036 + 150.0 * 0.672_585_172_097) / 270.0;
    assert!((both - want).abs() < 1e-11, "{both} vs {want}");

    let answered = offered.with_convention(ServiceLevelConvention::AnsweredWithinOverAnswered);
    let p = projection_stage(&volume, &aht, &staff, model, &answered).unwrap();
    let both = combined_service_level(
        p.values(),
        ServiceLevelConvention::AnsweredWithinOverAnswered,
    )
    .unwrap();
    assert!((both - 0.822_182_053_750_852_7).abs() < 1e-11, "{both}");
}

#[test]
fn no_contacts_or_no_target_gives_none() {
    let grid = IntervalGrid::new(
        "2026-03-02T09:00:00Z".parse().unwrap(),
        Duration::from_secs(1800),
        1,
    )
    .unwrap();
    let zero = IntervalSeries::new(grid, vec![0.0]).unwrap();
    let aht = IntervalSeries::new(grid, vec![240.0]).unwrap();
    let staff = IntervalSeries::new(grid, vec![5.0]).unwrap();
    let sl = Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap();
    let p = projection_stage(&zero, &aht, &staff, Model::ErlangC, &sl).unwrap();
    assert_eq!(
        combined_service_level(p.values(), ServiceLevelConvention::default()),
        None
    );
    let asa = Targets::new()
        .with_max_asa(Duration::from_secs(30))
        .unwrap();
    let volume = IntervalSeries::new(grid, vec![30.0]).unwrap();
    let p = projection_stage(&volume, &aht, &staff, Model::ErlangC, &asa).unwrap();
    assert_eq!(
        combined_service_level(p.values(), ServiceLevelConvention::default()),
        None
    );
    assert_eq!(
        combined_service_level(&[], ServiceLevelConvention::default()),
        None
    );
}
