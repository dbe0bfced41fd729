//! The best-pick presets and `shortened_for`: origin counts worked out by
//! hand, the refusals, and properties over random history lengths.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use proptest::prelude::*;
use servops_core::{IntervalGrid, IntervalSeries};
use servops_forecast::chrono::NaiveDate;
use servops_forecast::chrono_tz::UTC;
use servops_forecast::{
    Backtest, BestPick, Calendar, Error, FittedModel, History, MIN_TRAINING_DAYS, Method,
    SeasonalNaive, Window,
};

/// `days` complete days of 6-hour slots starting Monday 2026-03-02, open
/// around the clock, the value of each slot `f(slot index)`.
fn history(days: usize, f: impl Fn(usize) -> f64) -> History {
    let grid = IntervalGrid::new(
        "2026-03-02T00:00:00Z".parse().unwrap(),
        Duration::from_secs(6 * 3600),
        4 * days,
    )
    .unwrap();
    History::new(
        &IntervalSeries::from_fn(grid, |i, _| Some(f(i))),
        Calendar::new(UTC),
    )
    .unwrap()
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn week_ahead_on_39_days_keeps_four_origins() {
    // 39 days, horizon 7: the last origin is day 32 (0-based), then 25, 18
    // and 11; a fifth, day 4, would leave 4 < 7 training days.
    let h = history(39, |i| 10.0 + (i % 4) as f64);
    let pick = BestPick::week_ahead(7).unwrap();
    assert!(pick.shortens_origins());
    let fixed = BestPick::new(
        pick.candidates().to_vec(),
        pick.backtest().clone(),
        pick.selection(),
    )
    .unwrap();
    assert!(!fixed.shortens_origins());
    assert!(matches!(
        fixed.fit(&h),
        Err(Error::TooShort {
            needed: 57,
            found: 39,
            ..
        })
    ));
    let short = pick.backtest().shortened_for(&h).unwrap();
    assert_eq!(short.rolling_origins(), Some((7, 4)));
    let report = short.run(&SeasonalNaive::new(), &h).unwrap();
    let origins: Vec<NaiveDate> = report.origins.iter().map(|o| o.origin).collect();
    assert_eq!(
        origins,
        [
            date("2026-03-13"),
            date("2026-03-20"),
            date("2026-03-27"),
            date("2026-04-03")
        ]
    );
    // The fit with the preset scores each candidate on those four origins:
    // seasonal naive's pooled WAPE there is 0 (the days repeat).
    let fitted = pick.fit(&h).unwrap();
    assert_eq!(fitted.scores()[0], ("seasonal naive", Some(0.0)));
    // The repeating day is forecast by every candidate (top-down ETS to
    // within its fitted smoothing state, 2e-8 here).
    let day = fitted.forecast_day(date("2026-04-12"), 3).unwrap();
    assert_eq!(day.len(), 4);
    for (s, v) in day.iter().enumerate() {
        assert!((v - (10.0 + s as f64)).abs() < 1e-6, "slot {s}: {v}");
    }
    // Below horizon + 7 days the preset is TooShort.
    assert!(matches!(
        pick.fit(&history(13, |_| 1.0)),
        Err(Error::TooShort {
            needed: 14,
            found: 13,
            ..
        })
    ));
}

/// A backtest of the preset itself: its early origins see shorter
/// histories, and each fit shortens to its own.
#[test]
fn a_backtest_of_the_preset_runs_on_a_short_history() {
    let h = history(39, |i| 10.0 + (i % 4) as f64);
    let report = Backtest::rolling(7, 7, 2)
        .unwrap()
        .run(&BestPick::week_ahead(7).unwrap(), &h)
        .unwrap();
    assert_eq!(report.origins.len(), 2);
    assert!(report.pooled.wape.unwrap() < 1e-6);
}

#[test]
fn long_histories_keep_every_origin() {
    // 8 weekly origins need 7 + 7 * 7 + 7 = 63 days.
    let bt = BestPick::week_ahead(7).unwrap().backtest().clone();
    assert_eq!(bt.shortened_for(&history(63, |_| 3.0)).unwrap(), bt);
    assert_eq!(
        bt.shortened_for(&history(62, |_| 3.0))
            .unwrap()
            .rolling_origins(),
        Some((7, 7))
    );
    let day = BestPick::day_ahead().unwrap().backtest().clone();
    // 20 one-day origins need 1 + 19 + 7 = 27 days.
    assert_eq!(day.shortened_for(&history(27, |_| 3.0)).unwrap(), day);
    assert_eq!(
        day.shortened_for(&history(26, |_| 3.0))
            .unwrap()
            .rolling_origins(),
        Some((1, 19))
    );
}

#[test]
fn too_short_histories_and_explicit_origins() {
    let h = history(20, |_| 1.0);
    assert!(matches!(
        Backtest::rolling(14, 7, 8).unwrap().shortened_for(&h),
        Err(Error::TooShort {
            needed: 21,
            found: 20,
            ..
        })
    ));
    // 20 - 6 - 7 = 7 spare days: the last origin and one a week before.
    assert_eq!(
        Backtest::rolling(6, 7, 8)
            .unwrap()
            .shortened_for(&h)
            .unwrap()
            .rolling_origins(),
        Some((7, 2))
    );
    let at = Backtest::at(vec![date("2026-03-04")], 3)
        .unwrap()
        .with_window(Window::Sliding(2))
        .unwrap();
    assert_eq!(at.shortened_for(&h).unwrap(), at);
    assert!(
        Backtest::rolling(usize::MAX, 1, 1)
            .is_err_and(|e| matches!(e, Error::InvalidParameter { .. }))
    );
    assert!(BestPick::week_ahead(0).is_err());
    assert!(BestPick::week_ahead(usize::MAX / 4).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The shortened backtest keeps as many origins as fit with 7 days of
    /// training before the first, never more than asked, and runs.
    #[test]
    fn shortened_keeps_the_origins_that_fit(
        days in 1usize..120,
        horizon in 1usize..15,
        step in 1usize..15,
        count in 1usize..12,
    ) {
        let h = history(days, |i| (i % 7) as f64);
        let b = Backtest::rolling(horizon, step, count).unwrap();
        match b.shortened_for(&h) {
            Err(Error::TooShort { needed, found, .. }) => {
                prop_assert_eq!(needed, horizon + MIN_TRAINING_DAYS);
                prop_assert_eq!(found, days);
                prop_assert!(days < horizon + MIN_TRAINING_DAYS);
            }
            Err(e) => prop_assert!(false, "unexpected error {e}"),
            Ok(s) => {
                let (st, c) = s.rolling_origins().unwrap();
                prop_assert_eq!(st, step);
                prop_assert!(c >= 1 && c <= count);
                let first = days - horizon - (c - 1) * step;
                prop_assert!(first >= MIN_TRAINING_DAYS);
                if c < count {
                    prop_assert!(days - horizon < MIN_TRAINING_DAYS + c * step);
                }
                let r = s.run(&SeasonalNaive::new(), &h).unwrap();
                prop_assert_eq!(r.origins.len(), c);
            }
        }
    }
}
