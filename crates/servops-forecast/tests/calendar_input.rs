//! Calendar input: special-day multipliers, override factors and their
//! products outside [0.001, 1000] are typed errors, and counting open days or
//! catch-up days over long ranges is exact.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use proptest::prelude::*;
use servops_core::{IntervalGrid, IntervalSeries};
use servops_forecast::chrono::{Datelike, Days, NaiveDate, Weekday};
use servops_forecast::chrono_tz::UTC;
use servops_forecast::{
    Calendar, CatchUp, DayType, Error, FittedModel, History, Method, OpeningHours, SeasonalNaive,
    SpecialDay, TopDown,
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
fn overlapping_overrides_whose_product_leaves_the_range_are_rejected() {
    // Before the factors had a range: 1e200 twice was accepted with
    // factor(Wednesday) = inf, and every method forecast +inf on it. Now
    // each factor is at most 1000, and a product above it (100 * 100) is
    // refused on the first date it covers.
    let r = Calendar::new(UTC)
        .with_override(d(WEEK_FROM), d(WEEK_TO), 100.0)
        .unwrap()
        .with_override(d(WEDNESDAY), d(WEDNESDAY), 100.0);
    assert_calendar_factor_error(r, WEDNESDAY);
    // Below 0.001 (before: 1e-200 twice gave factor 0, every forecast on
    // the day silently 0).
    let r = Calendar::new(UTC)
        .with_override(d(WEEK_FROM), d(WEEK_TO), 0.01)
        .unwrap()
        .with_override(d(WEDNESDAY), d(WEDNESDAY), 0.01);
    assert_calendar_factor_error(r, WEDNESDAY);
}

#[test]
fn an_override_over_a_special_day_is_checked_against_its_multiplier() {
    // The week alone is fine (100 on the regular days); the special
    // Wednesday's multiplier times the override is 1e5.
    let r = Calendar::new(UTC)
        .with_special_day(d(WEDNESDAY), special(1000.0))
        .with_override(d(WEEK_FROM), d(WEEK_TO), 100.0);
    assert_calendar_factor_error(r, WEDNESDAY);
    let r = Calendar::new(UTC)
        .with_special_day(d(WEDNESDAY), special(0.001))
        .with_override(d(WEEK_FROM), d(WEEK_TO), 0.5);
    assert_calendar_factor_error(r, WEDNESDAY);
}

#[test]
fn a_special_day_added_after_its_overrides_is_checked_by_the_history() {
    // `with_special_day` cannot fail, so `History::new` checks the whole
    // calendar: even a date the history does not cover.
    let cal = Calendar::new(UTC)
        .with_override(d(WEEK_FROM), d(WEEK_TO), 1000.0)
        .unwrap()
        .with_special_day(d(WEDNESDAY), special(1000.0));
    assert_calendar_factor_error(History::new(&four_weeks(), cal.clone()), WEDNESDAY);
    // A history covering the date.
    let grid =
        IntervalGrid::local_days(d("2026-09-21"), 28, Duration::from_secs(3600), UTC).unwrap();
    let s = IntervalSeries::filled(grid, Some(2.0));
    assert_calendar_factor_error(History::new(&s, cal), WEDNESDAY);
    // A product below the range.
    let cal = Calendar::new(UTC)
        .with_override(d(WEEK_FROM), d(WEEK_TO), 0.001)
        .unwrap()
        .with_special_day(d(WEDNESDAY), special(0.5));
    assert_calendar_factor_error(History::new(&s, cal), WEDNESDAY);
}

#[test]
fn products_inside_the_range_still_forecast() {
    // 10 * 50 * 2 on Wednesday, 50 on the other days of the week: every
    // product is in [0.001, 1000], so the calendar is accepted and the
    // forecast is the history's 2.0 times the factor.
    let cal = Calendar::new(UTC)
        .with_special_day(d(WEDNESDAY), special(10.0))
        .with_override(d(WEEK_FROM), d(WEEK_TO), 50.0)
        .unwrap()
        .with_override(d(WEDNESDAY), d(WEDNESDAY), 2.0)
        .unwrap();
    let wednesday = 1000.0;
    assert_eq!(cal.factor(d(WEDNESDAY)), wednesday);
    assert_eq!(cal.factor(d("2026-10-13")), 50.0);
    let h = History::new(&four_weeks(), cal).unwrap();
    let fitted = SeasonalNaive::new().fit(&h).unwrap();
    // Wednesday is a holiday: no holiday in the history, so it falls back
    // to the Wednesdays'.
    let v = fitted.predict(&day_grid(d(WEDNESDAY))).unwrap();
    assert!(v.values().iter().all(|x| *x == 2.0 * wednesday), "{v:?}");
    let v = fitted.predict(&day_grid(d("2026-10-13"))).unwrap();
    assert!(v.values().iter().all(|x| *x == 2.0 * 50.0), "{v:?}");
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
    for x in [f64::NAN, f64::INFINITY, -1.0, 0.0] {
        assert!(
            SpecialDay::new(DayType::Holiday)
                .with_multiplier(x)
                .is_err()
        );
        assert!(
            Calendar::new(UTC)
                .with_override(d(WEEK_FROM), d(WEEK_TO), x)
                .is_err()
        );
    }
}

/// A calendar whose product leaves the range round-trips through serde as
/// an error: deserialising adds the overrides after the special days.
#[cfg(feature = "serde")]
#[test]
fn a_deserialised_calendar_is_checked_like_a_built_one() {
    let bad = Calendar::new(UTC)
        .with_override(d(WEEK_FROM), d(WEEK_TO), 100.0)
        .unwrap()
        .with_special_day(d(WEDNESDAY), special(100.0));
    let json = serde_json::to_string(&bad).unwrap();
    let e = serde_json::from_str::<Calendar>(&json).unwrap_err();
    assert!(
        e.to_string()
            .contains("calendar factor must be in [0.001, 1000] on every date"),
        "{e}"
    );
    assert!(e.to_string().contains("got 2026-10-14"), "{e}");
    // A multiplier out of range in the JSON is refused too.
    let json = json.replace("\"multiplier\":100.0", "\"multiplier\":1e10");
    assert!(json.contains("1e10"), "{json}");
    let e = serde_json::from_str::<Calendar>(&json).unwrap_err();
    assert!(
        e.to_string()
            .contains("multiplier must be in [0.001, 1000]"),
        "{e}"
    );
}

// ---------------------------------------------------------------------
// Counting open days and catch-up days: exact against the day-by-day
// definitions, whatever the distance.

const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// The open days in `(end, date]`, walked one by one (the definition).
fn open_days_walked(cal: &Calendar, end: NaiveDate, date: NaiveDate) -> usize {
    end.iter_days()
        .skip(1)
        .take_while(|d| *d <= date)
        .filter(|d| cal.hours(*d).is_some() && cal.day_type(*d) != DayType::Closed)
        .count()
}

/// The catch-up days in `from..=to`, walked one by one, as `CatchUp`'s
/// documentation defines them.
fn catch_up_walked(
    cal: &Calendar,
    rest: &[Weekday],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<NaiveDate> {
    let is_rest = |w: Weekday| rest.contains(&w);
    from.iter_days()
        .take_while(|d| *d <= to)
        .filter(|date| {
            if cal.special_day(*date).is_some()
                || is_rest(date.weekday())
                || cal.hours(*date).is_none()
            {
                return false;
            }
            let mut day = *date;
            for _ in 0..7 {
                let Some(prev) = day.pred_opt() else {
                    return false;
                };
                match cal.special_day(prev) {
                    Some(s) => {
                        return match s.day_type() {
                            DayType::Closed | DayType::Holiday => true,
                            DayType::Weekday(w) => is_rest(*w),
                            _ => false,
                        };
                    }
                    None if is_rest(prev.weekday()) => day = prev,
                    None => return false,
                }
            }
            false
        })
        .collect()
}

fn base() -> NaiveDate {
    d("2026-03-02")
}

/// A special day of one of several kinds: closed, a holiday, "like" any
/// weekday, a holiday eve with its own hours.
fn special_kind(kind: u8) -> SpecialDay {
    match kind % 10 {
        0 => SpecialDay::new(DayType::Closed),
        1 => SpecialDay::new(DayType::Holiday),
        2 => SpecialDay::new(DayType::HolidayEve).with_hours(OpeningHours::new(480, 780).unwrap()),
        3 => SpecialDay::new(DayType::Custom("sale".into())),
        k => SpecialDay::new(DayType::Weekday(WEEK[usize::from(k - 3) % 7])),
    }
}

/// A calendar with the weekdays `closed` (bit i = WEEK[i]) shut and
/// special days at `base + offset`.
fn random_calendar(closed: u8, specials: &[(u16, u8)]) -> Calendar {
    let shut: Vec<Weekday> = WEEK
        .iter()
        .enumerate()
        .filter(|(i, _)| closed & (1 << i) != 0)
        .map(|(_, w)| *w)
        .collect();
    let mut cal = Calendar::new(UTC).with_weekday_hours(&shut, None);
    for (offset, kind) in specials {
        cal = cal.with_special_day(base() + Days::new(u64::from(*offset)), special_kind(*kind));
    }
    cal
}

/// A one-day history ending on `end`.
fn history_ending(end: NaiveDate, cal: Calendar) -> History {
    let grid = IntervalGrid::local_days(end, 1, Duration::from_secs(3600), UTC).unwrap();
    History::new(&IntervalSeries::filled(grid, Some(1.0)), cal).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// `History::lead_days` counts the open days after the history's end
    /// exactly as walking them one by one does.
    #[test]
    fn lead_days_match_walking_day_by_day(
        closed in 0u8..128,
        specials in prop::collection::vec((0u16..120, 0u8..10), 0..25),
        end in 0u64..60,
        ahead in 0u64..80,
    ) {
        let cal = random_calendar(closed, &specials);
        let end = base() + Days::new(end);
        let h = history_ending(end, cal.clone());
        // Dates up to 20 days before the end (lead 0) and 60 after.
        let date = end + Days::new(ahead) - Days::new(20);
        prop_assert_eq!(h.lead_days(date), open_days_walked(&cal, end, date));
    }

    /// `catch_up_days` lists the days the documented day-by-day definition
    /// marks, with the calendar's or explicit rest days.
    #[test]
    fn catch_up_days_match_walking_day_by_day(
        closed in 0u8..128,
        rest_bits in prop::option::of(0u8..128),
        specials in prop::collection::vec((0u16..120, 0u8..10), 0..25),
        from in 0u64..130,
        len in 0u64..60,
    ) {
        let cal = random_calendar(closed, &specials);
        let (m, rest) = match rest_bits {
            Some(bits) => {
                let rest: Vec<Weekday> = WEEK.iter().enumerate().filter(|(i, _)| bits & (1 << i) != 0).map(|(_, w)| *w).collect();
                (CatchUp::new(SeasonalNaive::new()).with_rest_days(&rest), rest)
            }
            None => {
                let rest: Vec<Weekday> = WEEK.iter().copied().filter(|w| cal.weekday_hours(*w).is_none()).collect();
                (CatchUp::new(SeasonalNaive::new()), rest)
            }
        };
        // From up to 5 days before the first special day; `to` may be
        // before `from` (no day).
        let from = base() + Days::new(from) - Days::new(5);
        let to = from + Days::new(len) - Days::new(3);
        prop_assert_eq!(m.catch_up_days(&cal, from, to), catch_up_walked(&cal, &rest, from, to));
    }
}

/// A trending history, weekends closed, and special days after it: the
/// damped trend of top-down ETS depends on the lead.
fn trending_history(specials: &[(u16, u8)]) -> History {
    let cal = random_calendar(0b110_0000, specials);
    let grid = IntervalGrid::local_days(base(), 56, Duration::from_secs(3600), UTC).unwrap();
    let s = IntervalSeries::from_fn(grid, |i, _| Some(10.0 + (i / 24) as f64 + (i % 24) as f64));
    History::new(&s, cal).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// `predict` gives each day of its grid the forecast of that day at
    /// the lead `History::lead_days` gives it. (Special days of the kinds a
    /// trending history of weekdays can forecast: closed, holiday, or like
    /// a weekday; an eve or a custom type has no history here, and `predict`
    /// would rightly refuse it with `TooShort`.)
    #[test]
    fn predict_uses_the_lead_of_each_day(
        specials in prop::collection::vec(
            (56u16..200, prop::sample::select(vec![0u8, 1, 4, 5, 6, 7, 8, 9])),
            0..25,
        ),
        start in 0u64..100,
        days in 1usize..30,
    ) {
        let h = trending_history(&specials);
        let fitted = TopDown::new().fit(&h).unwrap();
        let first = h.end_date() + Days::new(1 + start);
        let grid = IntervalGrid::local_days(first, days, Duration::from_secs(3600), UTC).unwrap();
        let v = fitted.predict(&grid).unwrap();
        for (k, date) in first.iter_days().take(days).enumerate() {
            let lead = h.lead_days(date);
            // A day closed all day is 0 without asking the model.
            let want = if h.calendar().hours(date).is_none() {
                vec![0.0; 24]
            } else {
                fitted.forecast_day(date, lead).unwrap()
            };
            prop_assert_eq!(&v.values()[24 * k..24 * (k + 1)], &want[..], "{}", date);
        }
    }
}

#[test]
fn the_lead_matters_to_the_trending_forecast() {
    // So that the property above would catch a wrong lead.
    let h = trending_history(&[]);
    let fitted = TopDown::new().fit(&h).unwrap();
    let date = d("2026-05-04");
    let a = fitted.forecast_day(date, 1).unwrap();
    let b = fitted.forecast_day(date, 2).unwrap();
    assert_ne!(a, b);
}

#[test]
fn lead_days_far_in_the_future_are_exact() {
    // Weekends closed, a closed Monday and a Saturday opened "like a
    // Friday": 1 819 369 open days to 9000-01-03, walked one by one.
    let cal = Calendar::new(UTC)
        .with_weekday_hours(&[Weekday::Sat, Weekday::Sun], None)
        .with_special_day(d("2026-03-30"), SpecialDay::new(DayType::Closed))
        .with_special_day(
            d("2026-04-04"),
            SpecialDay::new(DayType::Weekday(Weekday::Fri)),
        );
    let end = d("2026-03-27");
    let h = history_ending(end, cal.clone());
    let far = d("9000-01-03");
    assert_eq!(h.lead_days(far), open_days_walked(&cal, end, far));
    // Open every day: the lead is the number of days.
    let h = history_ending(end, Calendar::new(UTC));
    let days = (NaiveDate::MAX - end).num_days();
    assert_eq!(h.lead_days(NaiveDate::MAX) as i64, days);
    assert_eq!(h.lead_days(end), 0);
    assert_eq!(h.lead_days(NaiveDate::MIN), 0);
}

#[test]
fn catch_up_days_over_every_date_are_the_ones_after_the_holidays() {
    // Weekends closed; closed on Monday 2026-03-30 and Friday 2026-04-03:
    // the catch-up days are the Tuesday after the first and the Monday
    // after the second (over the closed weekend).
    let cal = Calendar::new(UTC)
        .with_weekday_hours(&[Weekday::Sat, Weekday::Sun], None)
        .with_special_day(d("2026-03-30"), SpecialDay::new(DayType::Closed))
        .with_special_day(d("2026-04-03"), SpecialDay::new(DayType::Closed));
    let m = CatchUp::new(SeasonalNaive::new());
    assert_eq!(
        m.catch_up_days(&cal, NaiveDate::MIN, NaiveDate::MAX),
        vec![d("2026-03-31"), d("2026-04-06")]
    );
    // A special day on the last date: nothing after it, no overflow.
    let cal = cal.with_special_day(NaiveDate::MAX, SpecialDay::new(DayType::Closed));
    assert_eq!(
        m.catch_up_days(&cal, d("2026-04-06"), NaiveDate::MAX),
        vec![d("2026-04-06")]
    );
}

// ---------------------------------------------------------------------
// The documented range of a special-day multiplier, an override factor
// and their product on a date: [0.001, 1000].

#[test]
fn a_multiplier_outside_the_documented_range_is_rejected() {
    // Before: 1e10 was accepted (and on a history day gave a backtest WAPE
    // of 1.4e10 %); only the CLI refused it.
    for m in [
        1e10,
        1_000.000_001,
        0.000_999_999,
        1e-300,
        f64::MIN_POSITIVE,
    ] {
        let e = SpecialDay::new(DayType::Holiday).with_multiplier(m);
        assert!(
            matches!(&e, Err(Error::InvalidParameter { name: "multiplier", value, .. }) if value.parse() == Ok(m)),
            "{m}: {e:?}"
        );
    }
    for m in [0.001, 1.0, 1000.0] {
        let s = SpecialDay::new(DayType::Holiday)
            .with_multiplier(m)
            .unwrap();
        assert_eq!(s.multiplier(), m);
    }
}

#[test]
fn an_override_factor_outside_the_documented_range_is_rejected() {
    // Before: any normal positive factor was accepted ("+10 %" is 1.1).
    for f in [1e10, 1_000.000_001, 0.000_999_999, 1e-200] {
        let e = Calendar::new(UTC).with_override(d(WEEK_FROM), d(WEEK_TO), f);
        assert!(
            matches!(&e, Err(Error::InvalidParameter { name: "override factor", value, .. }) if value.parse() == Ok(f)),
            "{f}: {e:?}"
        );
    }
    for f in [0.001, 1.1, 1000.0] {
        let cal = Calendar::new(UTC)
            .with_override(d(WEEK_FROM), d(WEEK_TO), f)
            .unwrap();
        assert_eq!(cal.factor(d(WEDNESDAY)), f);
    }
}

#[test]
fn a_product_outside_the_documented_range_is_rejected() {
    // Each factor is in range, their product on Wednesday is not:
    // 100 * 100 = 1e4 > 1000 and 0.1^4 = 1e-4 < 0.001.
    let r = Calendar::new(UTC)
        .with_special_day(d(WEDNESDAY), special(100.0))
        .with_override(d(WEEK_FROM), d(WEEK_TO), 100.0);
    assert_calendar_factor_error(r, WEDNESDAY);
    let r = Calendar::new(UTC)
        .with_override(d(WEEK_FROM), d(WEEK_TO), 0.1)
        .unwrap()
        .with_override(d(WEEK_FROM), d(WEEK_TO), 0.1)
        .unwrap()
        .with_override(d("2026-10-13"), d(WEEK_TO), 0.1)
        .unwrap()
        .with_override(d(WEDNESDAY), d(WEEK_TO), 0.1);
    assert_calendar_factor_error(r, WEDNESDAY);
    // At the bound exactly: 10 * 100 = 1000 is accepted.
    let cal = Calendar::new(UTC)
        .with_special_day(d(WEDNESDAY), special(10.0))
        .with_override(d(WEEK_FROM), d(WEEK_TO), 100.0)
        .unwrap();
    assert_eq!(cal.factor(d(WEDNESDAY)), 1000.0);
    // A special day added after the override: History::new checks it.
    let cal = Calendar::new(UTC)
        .with_override(d(WEEK_FROM), d(WEEK_TO), 100.0)
        .unwrap()
        .with_special_day(d(WEDNESDAY), special(100.0));
    assert_calendar_factor_error(History::new(&four_weeks(), cal), WEDNESDAY);
}

/// In Santiago the clocks go back at midnight: from 24:00 on Saturday
/// 2026-04-04 (03:00 UTC on the 5th) to 23:00 the same Saturday, so the
/// Saturday has 25 hours, the last one twice. Before, the history split
/// the day after its first 24 hours: the second 23:00 hour was a separate
/// "day" (one incomplete day too many) and its value was dropped instead
/// of averaged with the first 23:00 hour's.
#[test]
fn a_day_that_ends_with_a_repeated_hour_is_one_day() {
    use servops_forecast::chrono_tz::America::Santiago;
    let grid =
        IntervalGrid::local_days(d("2026-04-01"), 7, Duration::from_secs(3600), Santiago).unwrap();
    assert_eq!(grid.len(), 7 * 24 + 1);
    let second_23h: servops_forecast::chrono::DateTime<servops_forecast::chrono::Utc> =
        "2026-04-05T03:00:00Z".parse().unwrap();
    let s = IntervalSeries::from_fn(grid, |_, start| {
        Some(if start == second_23h { 4.0 } else { 2.0 })
    });
    let h = History::new(&s, Calendar::new(Santiago)).unwrap();
    assert_eq!((h.complete_days(), h.incomplete_days()), (7, 0));
    let saturday = h.day_values(d("2026-04-04")).unwrap();
    assert_eq!(saturday.len(), 24);
    // The two 23:00 hours, 2 and 4, averaged; every other hour 2.
    assert_eq!(saturday[23], 3.0);
    assert!(saturday[..23].iter().all(|v| *v == 2.0));
}
