//! Input audit of the planning pipeline: extreme histories and settings
//! through `servops::plan` and each stage. Every plan must be an error or
//! finite numbers that add up; never a panic, NaN or a silent wrong number.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use servops::core::chrono::NaiveDate;
use servops::core::chrono_tz::{America, Europe, Tz, UTC};
use servops::forecast::{Backtest, BestPick, Calendar, SeasonalNaive, Selection, WeightedIndex};
use servops::plan::{Plan, PlanHistory, PlanSettings, PlanTo, plan};
use servops::prelude::*;
use servops::schedule::ShiftTemplate;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// `days` local days of hourly history from `first` in `tz`, each interval
/// `calls(i)` contacts of 300 s handle time.
fn history(first: NaiveDate, days: usize, tz: Tz, calls: impl Fn(usize) -> f64) -> PlanHistory {
    let grid = IntervalGrid::local_days(first, days, Duration::from_secs(3600), tz).unwrap();
    let offered = IntervalSeries::from_fn(grid, |i, _| Some(calls(i)));
    let handled = offered.clone();
    let seconds = offered.map(|c| c.map(|c| c * 300.0));
    PlanHistory::new(offered, handled, seconds).unwrap()
}

fn eight_hours() -> ShiftTemplate {
    ShiftTemplate::builder("8h")
        .span(Duration::from_secs(8 * 3600))
        .hourly_rate(servops::cost::Decimal::new(30, 0))
        .build()
        .unwrap()
}

fn settings(tz: Tz, first_day: NaiveDate, days: usize) -> PlanSettings {
    let method = BestPick::new(
        vec![
            SeasonalNaive::new().into(),
            WeightedIndex::new(4).unwrap().into(),
        ],
        Backtest::rolling(7, 7, 1).unwrap(),
        Selection::PerSeries,
    )
    .unwrap();
    PlanSettings::new(
        Calendar::new(tz),
        first_day,
        days,
        method,
        Backtest::rolling(7, 7, 1).unwrap(),
        Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap(),
        vec![eight_hours()],
    )
    .unwrap()
}

fn assert_finite(p: &Plan) {
    for v in p
        .forecast
        .mean
        .values()
        .iter()
        .chain(p.forecast.lower.values())
    {
        assert!(v.is_finite() && *v >= 0.0, "{v}");
    }
    for v in p
        .forecast
        .upper
        .values()
        .iter()
        .chain(p.forecast.planned.values())
    {
        assert!(v.is_finite() && *v >= 0.0, "{v}");
    }
    for v in p
        .aht
        .values()
        .iter()
        .chain(p.to_roster.values())
        .chain(p.on_phone.values())
    {
        assert!(v.is_finite() && *v >= 0.0, "{v}");
    }
    for d in &p.days {
        assert!(
            d.planned_contacts.is_finite()
                && d.expected_contacts.is_finite()
                && d.required_hours.is_finite()
        );
        assert!(d.on_phone_hours.is_finite());
        for sl in [d.service_level_at_planned, d.service_level_at_expected]
            .into_iter()
            .flatten()
        {
            assert!((0.0..=1.0).contains(&sl), "{sl}");
        }
    }
    for sl in [p.service_level_at_planned, p.service_level_at_expected]
        .into_iter()
        .flatten()
    {
        assert!((0.0..=1.0).contains(&sl), "{sl}");
    }
    assert!(
        p.paid_hours.is_finite()
            && p.planned_contacts.is_finite()
            && p.expected_contacts.is_finite()
    );
    assert!(p.forecast.distribution.dispersion().is_finite());
}

#[test]
fn a_history_of_zeros_is_a_typed_error() {
    // No candidate has a finite backtest error on all-zero history: the
    // best pick refuses, with a typed error rather than NaN numbers.
    let h = history(date(2026, 2, 2), 28, UTC, |_| 0.0);
    let err = plan(&h, &settings(UTC, date(2026, 3, 2), 7)).unwrap_err();
    assert!(matches!(err, servops::Error::Forecast(_)), "{err}");
}

#[test]
fn a_history_shorter_than_the_methods_need_is_an_error() {
    // The backtest of one week needs 7 + 1 complete days.
    for days in [1, 3, 7] {
        let h = history(date(2026, 2, 2), days, UTC, |_| 10.0);
        let first = date(2026, 2, 2) + servops::core::chrono::Days::new(days as u64);
        let err = plan(&h, &settings(UTC, first, 7)).unwrap_err();
        assert!(
            err.to_string().contains(&format!(
                "at least 8 complete days of type any in the history, found {days}"
            )),
            "{err}"
        );
    }
}

#[test]
fn a_plan_across_the_spring_and_autumn_changes() {
    // London: 2026-03-29 has 23 hours, 2026-10-25 has 25; New York:
    // 2026-03-08 has 23 hours, 2026-11-01 has 25.
    for (tz, first, long) in [
        (Europe::London, date(2026, 3, 26), false),
        (Europe::London, date(2026, 10, 22), true),
        (America::New_York, date(2026, 3, 5), false),
        (America::New_York, date(2026, 10, 29), true),
    ] {
        let h_first = first - servops::core::chrono::Days::new(28);
        let h = history(h_first, 28, tz, |_| 20.0);
        let p = plan(&h, &settings(tz, first, 7)).unwrap();
        assert_finite(&p);
        assert_eq!(p.days.len(), 7);
        // 20 calls an hour of 300 s: 1.667 erlangs, 4 agents for 80/20
        // (Erlang C: 3 agents give SL 0.75, 4 give 0.93). Hourly
        // intervals: 4 agent-hours per local hour.
        let lengths: Vec<f64> = p.days.iter().map(|d| d.required_hours / 4.0).collect();
        let odd = if long { 25.0 } else { 23.0 };
        assert_eq!(
            lengths.iter().filter(|&&l| l == odd).count(),
            1,
            "{tz} {lengths:?}"
        );
        assert_eq!(
            lengths.iter().filter(|&&l| l == 24.0).count(),
            6,
            "{tz} {lengths:?}"
        );
    }
}

#[test]
fn planning_to_a_quantile_of_a_huge_volume() {
    let h = history(date(2026, 2, 2), 28, UTC, |i| {
        if i % 24 == 10 { 1e7 } else { 1.0 }
    });
    let s = settings(UTC, date(2026, 3, 2), 1)
        .with_plan_to(PlanTo::Quantile(0.9))
        .unwrap();
    let f = servops::plan::forecast_stage(&h, &s).unwrap();
    for v in f.planned.values() {
        assert!(v.is_finite() && *v >= 0.0);
    }
    // Every day is the same, so the dispersion is 0 and the 10:00 interval
    // is planned to the 90th percentile of a Poisson count of mean 1e7:
    // 1e7 + 1.28155 x sqrt(1e7) = 1e7 + 4052.6 by the normal approximation,
    // whose error at this mean is under 2 counts.
    let peak = f.planned.values().iter().copied().fold(0.0_f64, f64::max);
    assert!((peak - (1e7 + 4052.6)).abs() < 2.0, "{peak}");
}

#[test]
fn a_plan_longer_than_a_year_is_refused_before_any_work() {
    // `plan --example --days 100000` grew past 2.5 GB in 14 s before an
    // allocation failed; 366 days (a leap year) is the longest plan.
    let method = || {
        BestPick::new(
            vec![SeasonalNaive::new().into()],
            Backtest::rolling(7, 7, 1).unwrap(),
            Selection::PerSeries,
        )
        .unwrap()
    };
    let new = |days| {
        PlanSettings::new(
            Calendar::new(UTC),
            date(2026, 3, 2),
            days,
            method(),
            Backtest::rolling(7, 7, 1).unwrap(),
            Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap(),
            vec![eight_hours()],
        )
    };
    assert_eq!(servops::plan::MAX_PLAN_DAYS, 366);
    assert!(new(366).is_ok());
    for days in [367, 100_000, usize::MAX] {
        let err = new(days).unwrap_err().to_string();
        assert_eq!(
            err,
            format!("plan days must be at most 366 (a year of local days), got {days}")
        );
    }
}

#[test]
fn a_plan_no_shift_can_cover_is_an_error_not_a_short_roster() {
    // Calls around the clock, but the only template starts at 08:00 and
    // lasts 8 hours: nobody can work 16:00-08:00.
    let h = history(date(2026, 2, 2), 28, UTC, |_| 20.0);
    let at8 = servops::core::chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap();
    let day_shift = ShiftTemplate::builder("day")
        .span(Duration::from_secs(8 * 3600))
        .start_window(at8, at8)
        .hourly_rate(servops::cost::Decimal::new(30, 0))
        .build()
        .unwrap();
    let method = BestPick::new(
        vec![SeasonalNaive::new().into()],
        Backtest::rolling(7, 7, 1).unwrap(),
        Selection::PerSeries,
    )
    .unwrap();
    let s = PlanSettings::new(
        Calendar::new(UTC),
        date(2026, 3, 2),
        7,
        method,
        Backtest::rolling(7, 7, 1).unwrap(),
        Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap(),
        vec![day_shift],
    )
    .unwrap();
    let err = plan(&h, &s).unwrap_err();
    assert!(matches!(err, servops::Error::Schedule(_)), "{err}");
}

/// Staff on the phones below the queueing models' minimum of 1e-6 agents
/// (a shrinkage near 1 leaves 1e-7 of each rostered agent): no service,
/// as with nobody on the phones, not an error that fails the whole
/// projection. Before, Erlang A refused the interval ("agents at least
/// 1e-6") and the projection returned that error.
#[test]
fn a_sliver_of_staff_projects_no_service() {
    use servops::plan::projection_stage;
    let grid = IntervalGrid::new(
        "2026-03-02T08:00:00Z".parse().unwrap(),
        Duration::from_secs(1800),
        3,
    )
    .unwrap();
    let volume = IntervalSeries::new(grid, vec![120.0, 1e-12, 0.0]).unwrap();
    let aht = IntervalSeries::new(grid, vec![240.0, 240.0, 240.0]).unwrap();
    let staff = IntervalSeries::new(grid, vec![1e-7, 1e-7, 1e-7]).unwrap();
    let goal = Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap();
    for model in [
        Model::ErlangC,
        Model::ErlangA {
            patience: Duration::from_secs(120),
        },
    ] {
        let p = projection_stage(&volume, &aht, &staff, model, &goal).unwrap();
        // Contacts arriving, a sliver of staff: no service.
        assert_eq!(p.values()[0].service_level(), Some(0.0), "{model:?}");
        assert_eq!(p.values()[1].service_level(), Some(0.0), "{model:?}");
        // No contacts: nothing to serve, as with zero staff.
        let zero_staff = IntervalSeries::new(grid, vec![0.0; 3]).unwrap();
        let z = projection_stage(&volume, &aht, &zero_staff, model, &goal).unwrap();
        assert_eq!(p.values()[2].service_level(), z.values()[2].service_level());
    }
    // Negative staff is still an error.
    let negative = IntervalSeries::new(grid, vec![-1e-7, 1.0, 1.0]).unwrap();
    assert!(projection_stage(&volume, &aht, &negative, Model::ErlangC, &goal).is_err());
}

/// Without a service-level target the projected service level is `None`
/// in every interval, as `Projected::service_level` documents, including
/// an interval with no steady-state service. Before, an unstable interval
/// (16 erlangs on 16 agents, Erlang C) reported `Some(0.0)` under an
/// ASA-only target while the stable one reported `None`.
#[test]
fn no_service_level_target_projects_no_service_level() {
    use servops::plan::projection_stage;
    let grid = IntervalGrid::new(
        "2026-03-02T08:00:00Z".parse().unwrap(),
        Duration::from_secs(1800),
        3,
    )
    .unwrap();
    // 120 calls of 240 s in half an hour: 16 erlangs.
    let volume = IntervalSeries::new(grid, vec![120.0, 120.0, 120.0]).unwrap();
    let aht = IntervalSeries::new(grid, vec![240.0; 3]).unwrap();
    let staff = IntervalSeries::new(grid, vec![20.0, 16.0, 0.0]).unwrap();
    let asa_only = Targets::new()
        .with_max_asa(Duration::from_secs(30))
        .unwrap();
    let p = projection_stage(&volume, &aht, &staff, Model::ErlangC, &asa_only).unwrap();
    assert!(p.values()[0].metrics.is_some());
    assert!(p.values()[1].metrics.is_none());
    assert!(p.values()[2].metrics.is_none());
    for (i, x) in p.values().iter().enumerate() {
        assert_eq!(x.service_level(), None, "interval {i}");
    }
    // With a service-level target, no service is 0 % within the threshold.
    let goal = Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap();
    let q = projection_stage(&volume, &aht, &staff, Model::ErlangC, &goal).unwrap();
    assert_eq!(q.values()[1].service_level(), Some(0.0));
    assert_eq!(q.values()[2].service_level(), Some(0.0));
}
