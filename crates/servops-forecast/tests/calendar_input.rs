//! Calendar input: products of special-day multipliers and overrides that
//! leave the normal `f64` range are typed errors, and counting open days or
//! catch-up days over long ranges is exact.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use servops_core::{IntervalGrid, IntervalSeries};
use servops_forecast::chrono::NaiveDate;
use servops_forecast::chrono_tz::UTC;
use servops_forecast::{
    Calendar, DayType, Error, FittedModel, History, Method, SeasonalNaive, SpecialDay,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Four weeks of hourly history from Monday 2026-03-02, 2.0 everywhere.
fn four_weeks() -> IntervalSeries<Option<f64>> {
    let grid =
        IntervalGrid::local_days(d("2026-03-02"), 28, Duration::from_secs(3600), UTC).unwrap();
    IntervalSeries::filled(grid, Some(2.0))
}

fn day_grid(date: NaiveDate) -> IntervalGrid {
    IntervalGrid::local_days(date, 1, Duration::from_secs(3600), UTC).unwrap()
}

fn special(multiplier: f64) -> SpecialDay {
    SpecialDay::new(DayType::Holiday)
        .with_multiplier(multiplier)
        .unwrap()
}

/// Asserts a `calendar factor` error naming `date`.
#[track_caller]
fn assert_calendar_factor_error<T: std::fmt::Debug>(r: Result<T, Error>, date: &str) {
    assert!(
        matches!(&r, Err(Error::InvalidParameter { name: "calendar factor", value, .. }) if value == date),
        "expected a calendar factor error on {date}, got {r:?}"
    );
}

/// Week 42 of 2026 and its Wednesday.
const WEEK_FROM: &str = "2026-10-12";
const WEEK_TO: &str = "2026-10-18";
const WEDNESDAY: &str = "2026-10-14";

#[test]
fn overlapping_overrides_whose_product_overflows_are_rejected() {
    // Before: accepted; factor(Wednesday) = inf and every method forecast
    // +inf on it.
    let r = Calendar::new(UTC)
        .with_override(d(WEEK_FROM), d(WEEK_TO), 1e200)
        .unwrap()
        .with_override(d(WEDNESDAY), d(WEDNESDAY), 1e200);
    assert_calendar_factor_error(r, WEDNESDAY);
}

#[test]
fn overlapping_overrides_whose_product_underflows_are_rejected() {
    // Before: factor 0, every forecast on the day silently 0.
    let r = Calendar::new(UTC)
        .with_override(d(WEEK_FROM), d(WEEK_TO), 1e-200)
        .unwrap()
        .with_override(d(WEDNESDAY), d(WEDNESDAY), 1e-200);
    assert_calendar_factor_error(r, WEDNESDAY);
    // A subnormal product (1e-320) loses precision: rejected as well.
    let r = Calendar::new(UTC)
        .with_override(d(WEEK_FROM), d(WEEK_TO), 1e-160)
        .unwrap()
        .with_override(d(WEDNESDAY), d(WEDNESDAY), 1e-160);
    assert_calendar_factor_error(r, WEDNESDAY);
}

#[test]
fn an_override_over_a_special_day_is_checked_against_its_multiplier() {
    // The week alone is fine (1e200 on the regular days); the special
    // Wednesday's multiplier times the override overflows.
    let r = Calendar::new(UTC)
        .with_special_day(d(WEDNESDAY), special(1e200))
        .with_override(d(WEEK_FROM), d(WEEK_TO), 1e200);
    assert_calendar_factor_error(r, WEDNESDAY);
    let r = Calendar::new(UTC)
        .with_special_day(d(WEDNESDAY), special(1e-200))
        .with_override(d(WEEK_FROM), d(WEEK_TO), 1e-200);
    assert_calendar_factor_error(r, WEDNESDAY);
}

#[test]
fn a_special_day_added_after_its_overrides_is_checked_by_the_history() {
    // `with_special_day` cannot fail, so `History::new` checks the whole
    // calendar: even a date the history does not cover (before: forecasts
    // of +inf on 2026-10-14).
    let cal = Calendar::new(UTC)
        .with_override(d(WEEK_FROM), d(WEEK_TO), 1e200)
        .unwrap()
        .with_special_day(d(WEDNESDAY), special(1e200));
    assert_calendar_factor_error(History::new(&four_weeks(), cal.clone()), WEDNESDAY);
    // A history covering the date: before, its values were divided by
    // +inf and the day silently taught its type 0.
    let grid =
        IntervalGrid::local_days(d("2026-09-21"), 28, Duration::from_secs(3600), UTC).unwrap();
    let s = IntervalSeries::filled(grid, Some(2.0));
    assert_calendar_factor_error(History::new(&s, cal), WEDNESDAY);
    // A product of 0: before, the history's error named the day total.
    let cal = Calendar::new(UTC)
        .with_override(d(WEEK_FROM), d(WEEK_TO), 1e-200)
        .unwrap()
        .with_special_day(d(WEDNESDAY), special(1e-200));
    assert_calendar_factor_error(History::new(&s, cal), WEDNESDAY);
}

#[test]
fn products_inside_the_normal_range_still_forecast() {
    // 1e150 * 1e150 * 1e-100 on Wednesday, 1e150 on the other days of the
    // week: every product is a normal f64, so the calendar is accepted
    // and the forecast is the history's 2.0 times the factor.
    let cal = Calendar::new(UTC)
        .with_special_day(d(WEDNESDAY), special(1e150))
        .with_override(d(WEEK_FROM), d(WEEK_TO), 1e150)
        .unwrap()
        .with_override(d(WEDNESDAY), d(WEDNESDAY), 1e-100)
        .unwrap();
    let wednesday = 1e150 * 1e150 * 1e-100;
    assert_eq!(cal.factor(d(WEDNESDAY)), wednesday);
    assert_eq!(cal.factor(d("2026-10-13")), 1e150);
    let h = History::new(&four_weeks(), cal).unwrap();
    let fitted = SeasonalNaive::new().fit(&h).unwrap();
    // Wednesday is a holiday: no holiday in the history, so it falls back
    // to the Wednesdays'.
    let v = fitted.predict(&day_grid(d(WEDNESDAY))).unwrap();
    assert!(v.values().iter().all(|x| *x == 2.0 * wednesday), "{v:?}");
    let v = fitted.predict(&day_grid(d("2026-10-13"))).unwrap();
    assert!(v.values().iter().all(|x| *x == 2.0 * 1e150), "{v:?}");
}

#[test]
fn a_subnormal_multiplier_or_override_factor_is_rejected() {
    // Before: 1e-310 passed "finite and > 0".
    let e = SpecialDay::new(DayType::Holiday).with_multiplier(1e-310);
    assert!(
        matches!(&e, Err(Error::InvalidParameter { name: "multiplier", value, .. }) if value.parse() == Ok(1e-310)),
        "{e:?}"
    );
    let e = Calendar::new(UTC).with_override(d(WEEK_FROM), d(WEEK_TO), 1e-310);
    assert!(
        matches!(&e, Err(Error::InvalidParameter { name: "override factor", value, .. }) if value.parse() == Ok(1e-310)),
        "{e:?}"
    );
    // The smallest normal value is accepted.
    assert!(
        SpecialDay::new(DayType::Holiday)
            .with_multiplier(f64::MIN_POSITIVE)
            .is_ok()
    );
}

/// A calendar whose product leaves the range round-trips through serde as
/// an error: deserialising adds the overrides after the special days.
#[cfg(feature = "serde")]
#[test]
fn a_deserialised_calendar_is_checked_like_a_built_one() {
    let bad = Calendar::new(UTC)
        .with_override(d(WEEK_FROM), d(WEEK_TO), 1e200)
        .unwrap()
        .with_special_day(d(WEDNESDAY), special(1e200));
    let json = serde_json::to_string(&bad).unwrap();
    let e = serde_json::from_str::<Calendar>(&json).unwrap_err();
    assert!(
        e.to_string()
            .contains("calendar factor must be finite, > 0 and normal on every date"),
        "{e}"
    );
    assert!(e.to_string().contains("got 2026-10-14"), "{e}");
}
