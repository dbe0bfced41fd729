//! Three audits: totals of shift costs are exact (not the sum of rounded
//! shift costs), agent names are unique, and a tour's days off agree with
//! its shifts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use proptest::prelude::*;
use rust_decimal::Decimal;
use servops_core::chrono::{NaiveTime, TimeDelta, Weekday};
use servops_core::chrono_tz::UTC;
use servops_core::{IntervalGrid, IntervalSeries};
use servops_schedule::examples_support::week_of_tours;
use servops_schedule::{
    Agent, DaysOff, Error, Horizon, ScheduleProblem, ShiftTemplate, SolveOptions, TourPolicy,
    assign_agents, build_tours, solve, solve_tours,
};

fn m(x: u64) -> Duration {
    Duration::from_secs(60 * x)
}

/// A week (Monday 2026-03-02, UTC) of 10-minute intervals needing one
/// agent from 08:00 to 16:10 on Monday, Tuesday and Wednesday, and an
/// 8 h 10 min template starting at 08:00 at 20 an hour.
fn three_long_days() -> ScheduleProblem {
    let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse().unwrap(), m(10), 7 * 144).unwrap();
    let req = IntervalSeries::from_fn(grid, |i, _| {
        let (day, slot) = (i / 144, i % 144);
        if day < 3 && (48..48 + 49).contains(&slot) {
            1.0
        } else {
            0.0
        }
    });
    let eight = NaiveTime::from_hms_opt(8, 0, 0).unwrap();
    let t = ShiftTemplate::builder("ft8h10")
        .span(m(490))
        .start_window(eight, eight)
        .hourly_rate(Decimal::new(20, 0))
        .build()
        .unwrap();
    ScheduleProblem::builder(req, vec![t]).build().unwrap()
}

/// Three shifts of 490 paid minutes at 20 an hour cost
/// 3 x 20 x 490 / 60 = 29,400 / 60 = 490 exactly (one shift, 490 / 3 =
/// 163.33..., is no decimal). The schedule's, the post-processed tours'
/// and the jointly solved tours' totals are all 490, not
/// 489.99999999999999999999999999 (the sum of three rounded shift costs).
#[test]
fn three_shifts_of_8h10_at_20_an_hour_cost_exactly_490() {
    let p = three_long_days();
    let s = solve(&p, &SolveOptions::default()).unwrap().schedule;
    assert_eq!(s.shifts.len(), 3);
    assert_eq!(s.cost, Decimal::from(490), "schedule: {}", s.cost);
    let policy = TourPolicy::new(3, DaysOff::Any, Duration::ZERO, 30.0).unwrap();
    let tours = build_tours(&s, &policy, UTC).unwrap();
    assert_eq!(tours.tours.len(), 1);
    assert_eq!(
        tours.cost,
        Decimal::from(490),
        "build_tours: {}",
        tours.cost
    );
    let joint = solve_tours(&p, &policy, &SolveOptions::default()).unwrap();
    assert_eq!(joint.tours.tours.len(), 1);
    assert_eq!(
        joint.tours.cost,
        Decimal::from(490),
        "solve_tours: {}",
        joint.tours.cost
    );
}

/// `num / den` rounded half to even to the most decimal places (at most
/// 28) whose mantissa fits a decimal's 96 bits: the exact value as a
/// decimal, or its correct rounding.
fn rounded(num: i128, den: i128) -> Decimal {
    assert!(num >= 0 && den > 0);
    let (q, r) = (num / den, num % den);
    for s in (0..=28u32).rev() {
        let p = 10i128.pow(s);
        let (mut f, rest) = ((r * p) / den, (r * p) % den);
        if 2 * rest > den || (2 * rest == den && f % 2 == 1) {
            f += 1;
        }
        let Some(mantissa) = q.checked_mul(p).and_then(|x| x.checked_add(f)) else {
            continue;
        };
        if let Ok(d) = Decimal::try_from_i128_with_scale(mantissa, s) {
            return d;
        }
    }
    panic!("{num}/{den} is no decimal");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// `n` back-to-back shifts of `span` minutes at a rate of `rate`
    /// ten-thousandths an hour plus a fixed cost of `fixed` cents: the
    /// schedule's total is `n (rate x span / 60 + fixed)` computed here in
    /// exact integers (ten-thousandths x 60), rounded once.
    #[test]
    fn schedule_total_is_the_exact_sum_rounded_once(
        n in 1usize..=12,
        span in 1u64..=48,
        rate in 0i64..=2_000_000,
        fixed in 0i64..=10_000,
    ) {
        let span = span * 10;
        let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse().unwrap(), m(10), n * span as usize / 10).unwrap();
        let t = ShiftTemplate::builder("t")
            .span(m(span))
            .hourly_rate(Decimal::new(rate, 4))
            .fixed_cost(Decimal::new(fixed, 2))
            .build()
            .unwrap();
        let p = ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), vec![t])
            .horizon(Horizon::Linear)
            .build()
            .unwrap();
        let s = solve(&p, &SolveOptions::default()).unwrap().schedule;
        prop_assert_eq!(s.shifts.len(), n);
        // In ten-thousandths x 60: rate x span + 60 x fixed x 100, per shift.
        let num = n as i128 * (i128::from(rate) * i128::from(span) + 60 * 100 * i128::from(fixed));
        let want = rounded(num, 60 * 10_000);
        prop_assert_eq!(s.cost, want, "{} shifts of {} min at {} + {}", n, span, Decimal::new(rate, 4), Decimal::new(fixed, 2));
    }
}

/// Two agents named "Ana": the assignment's pairs name agents by index,
/// but a roster names them, so the second Ana is refused, named.
#[test]
fn duplicate_agent_names_are_refused() {
    let tours = week_of_tours().unwrap();
    let agents = vec![
        Agent::new("Ana", 40.0).unwrap(),
        Agent::new("Bo", 40.0).unwrap(),
        Agent::new("Ana", 32.0).unwrap(),
    ];
    let r = assign_agents(&tours.tours, &agents, 8.0);
    assert!(
        matches!(&r, Err(Error::DuplicateAgent { name }) if name == "Ana"),
        "{r:?}"
    );
    assert!(r.unwrap_err().to_string().contains("Ana"));
    let r = servops_schedule::baselines::assign_agents_hungarian(&tours.tours, &agents, 8.0);
    assert!(
        matches!(&r, Err(Error::DuplicateAgent { name }) if name == "Ana"),
        "{r:?}"
    );
    // Distinct names are fine.
    let agents = vec![
        Agent::new("Ana", 40.0).unwrap(),
        Agent::new("Bo", 40.0).unwrap(),
    ];
    assert_eq!(
        assign_agents(&tours.tours, &agents, 8.0)
            .unwrap()
            .assignments
            .len(),
        2
    );
}

/// The example week's first tour works Monday to Friday (Saturday and
/// Sunday off, in UTC). Listing Monday as a day off too gives a tour with
/// a shift on a day off: an agent unavailable on Mondays would be given
/// it. `assign_agents` refuses it, naming Monday.
#[test]
fn tour_with_a_shift_on_a_day_off_is_refused() {
    let mut tours = week_of_tours().unwrap().tours;
    assert_eq!(tours[0].days_off, vec![Weekday::Sat, Weekday::Sun]);
    tours[0].days_off.push(Weekday::Mon);
    let agents = vec![Agent::new("Ana", 40.0).unwrap().with_availability(&[
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ])];
    let r = assign_agents(&tours, &agents, 0.0);
    assert!(
        matches!(
            &r,
            Err(Error::ShiftOnDayOff {
                tour: Some(0),
                day: Weekday::Mon,
                ..
            })
        ),
        "{r:?}"
    );
    assert!(r.unwrap_err().to_string().contains("Mon"));
    // A shift moved onto a day off: the second tour's last shift,
    // Friday's, moved a day later, to Saturday.
    let mut tours = week_of_tours().unwrap().tours;
    let last = tours[1].shifts.len() - 1;
    let s = &mut tours[1].shifts[last];
    s.start += TimeDelta::days(1);
    s.end += TimeDelta::days(1);
    let r = assign_agents(&tours, &agents, 0.0);
    assert!(
        matches!(
            &r,
            Err(Error::ShiftOnDayOff {
                tour: Some(1),
                day: Weekday::Sat,
                ..
            })
        ),
        "{r:?}"
    );
}

/// The serde form of a tour is read through the same check: the example
/// tour with Monday added to its days off is refused when read.
#[cfg(feature = "serde")]
#[test]
fn deserialised_tour_with_a_shift_on_a_day_off_is_refused() {
    let tour = week_of_tours().unwrap().tours.remove(0);
    let mut json = serde_json::to_value(&tour).unwrap();
    let back: servops_schedule::Tour = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(back, tour);
    assert_eq!(json["time_zone"], "UTC");
    json["days_off"] = serde_json::json!(["Mon", "Sat", "Sun"]);
    let err = serde_json::from_value::<servops_schedule::Tour>(json.clone())
        .unwrap_err()
        .to_string();
    assert!(err.contains("Mon"), "{err}");
    // A zone that is no IANA name is refused too.
    let mut bad = json.clone();
    bad["days_off"] = serde_json::json!(["Sat", "Sun"]);
    bad["time_zone"] = serde_json::json!("Mars/Olympus");
    assert!(serde_json::from_value::<servops_schedule::Tour>(bad).is_err());
    // Without a zone the shifts' weekdays are unknown: read as written.
    json.as_object_mut().unwrap().remove("time_zone");
    let read = serde_json::from_value::<servops_schedule::Tour>(json).unwrap();
    assert_eq!(read.time_zone(), None);
}

/// Days off are local weekdays in the tour's zone. In New York, one-hour
/// shifts at 20:00 local (01:00 UTC the next day, EST in this week) from
/// Monday to Friday: their UTC days are Tuesday to Saturday, their local
/// days Monday to Friday, so the tour's days off are Saturday and Sunday
/// and it is accepted (a check in UTC would have found its Friday shift
/// on Saturday). Adding Monday to its days off is refused, naming Monday.
#[test]
fn days_off_are_checked_in_the_tours_zone() {
    use servops_core::chrono_tz::America::New_York;
    let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse().unwrap(), m(60), 7 * 24).unwrap();
    // 01:00-02:00 UTC on Tuesday to Saturday.
    let req = IntervalSeries::from_fn(grid, |i, _| {
        if (1..=5).contains(&(i / 24)) && i % 24 == 1 {
            1.0
        } else {
            0.0
        }
    });
    let eight_pm = NaiveTime::from_hms_opt(20, 0, 0).unwrap();
    let t = ShiftTemplate::builder("evening")
        .span(m(60))
        .start_window(eight_pm, eight_pm)
        .hourly_rate(Decimal::new(20, 0))
        .build()
        .unwrap();
    let p = ScheduleProblem::builder(req, vec![t])
        .time_zone(New_York)
        .build()
        .unwrap();
    let policy = TourPolicy::new(5, DaysOff::Any, Duration::ZERO, 40.0).unwrap();
    let s = solve(&p, &SolveOptions::default()).unwrap().schedule;
    let built = build_tours(&s, &policy, New_York).unwrap().tours;
    let joint = solve_tours(&p, &policy, &SolveOptions::default())
        .unwrap()
        .tours
        .tours;
    let agents = [Agent::new("Ana", 5.0).unwrap()];
    for mut tours in [built, joint] {
        assert_eq!(tours.len(), 1);
        assert_eq!(tours[0].days_off, vec![Weekday::Sat, Weekday::Sun]);
        assert_eq!(tours[0].time_zone(), Some(New_York));
        assert_eq!(
            assign_agents(&tours, &agents, 0.0).unwrap().assignments,
            vec![(0, 0)]
        );
        tours[0].days_off.push(Weekday::Mon);
        let r = assign_agents(&tours, &agents, 0.0);
        assert!(
            matches!(
                &r,
                Err(Error::ShiftOnDayOff {
                    tour: Some(0),
                    day: Weekday::Mon,
                    ..
                })
            ),
            "{r:?}"
        );
    }
}
