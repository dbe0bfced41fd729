//! Weekly tours and agent assignment: every tour obeys the policy, every
//! shift lands in exactly one tour or the leftovers, and assignments
//! respect availability and contract hours.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use proptest::prelude::*;
use servops_core::chrono::{Datelike, Timelike, Weekday};
use servops_core::chrono_tz::UTC;
use servops_schedule::{
    Agent, DaysOff, Method, Schedule, SolveOptions, TourPolicy, assign_agents, build_tours, solve,
};

fn check_tours(
    schedule: &Schedule,
    policy_days: usize,
    band_min: u32,
    max_hours: f64,
    consecutive: bool,
) -> usize {
    let policy = TourPolicy::new(
        policy_days as u32,
        if consecutive {
            DaysOff::Consecutive
        } else {
            DaysOff::Any
        },
        Duration::from_secs(u64::from(band_min) * 60),
        max_hours,
    )
    .unwrap();
    let tours = build_tours(schedule, &policy, UTC).unwrap();
    let mut seen = 0;
    for t in &tours.tours {
        assert_eq!(t.shifts.len(), policy_days);
        let days: Vec<Weekday> = t.shifts.iter().map(|s| s.start.weekday()).collect();
        let mut uniq = days.clone();
        uniq.sort_by_key(|d| d.num_days_from_monday());
        uniq.dedup();
        assert_eq!(uniq.len(), policy_days, "one shift a day");
        assert_eq!(t.days_off.len(), 7 - policy_days);
        for d in &t.days_off {
            assert!(!days.contains(d));
        }
        if consecutive && !t.days_off.is_empty() {
            let off: Vec<usize> = (0..7)
                .map(|d| {
                    usize::from(
                        t.days_off
                            .iter()
                            .any(|x| x.num_days_from_monday() as usize == d),
                    )
                })
                .collect();
            let runs = (0..7)
                .filter(|&d| off[d] == 1 && off[(d + 6) % 7] == 0)
                .count();
            assert!(runs <= 1, "days off not consecutive: {:?}", t.days_off);
        }
        let mins: Vec<u32> = t
            .shifts
            .iter()
            .map(|s| s.start.hour() * 60 + s.start.minute())
            .collect();
        let spread = mins.iter().max().unwrap() - mins.iter().min().unwrap();
        assert!(spread <= 2 * band_min, "band");
        let hours: f64 = t.shifts.iter().map(|s| s.paid_hours).sum();
        assert!((hours - t.paid_hours).abs() < 1e-9 && hours <= max_hours + 1e-9);
        seen += t.shifts.len();
    }
    assert_eq!(seen + tours.leftover_shifts.len(), schedule.shifts.len());
    // The tours' coverage is the schedule's less the leftover shifts': never
    // above it, equal when nothing is left over; under/over against the
    // requirement; paid hours and cost of the tours' shifts.
    for j in 0..schedule.coverage.len() {
        let (c, sc) = (tours.coverage.values()[j], schedule.coverage.values()[j]);
        let r = sc + schedule.under.values()[j] - schedule.over.values()[j];
        assert!(c <= sc + 1e-9, "tour coverage above the schedule's at {j}");
        if tours.leftover_shifts.is_empty() {
            assert!((c - sc).abs() < 1e-9);
        }
        assert!((tours.under.values()[j] - (r - c).max(0.0)).abs() < 1e-9);
        assert!((tours.over.values()[j] - (c - r).max(0.0)).abs() < 1e-9);
    }
    let in_tours = tours.tours.iter().flat_map(|t| &t.shifts);
    let paid: f64 = in_tours.clone().map(|s| s.paid_hours).sum();
    assert!((tours.paid_hours - paid).abs() < 1e-6);
    assert_eq!(tours.cost, in_tours.map(|s| s.cost).sum());
    // Agents: everyone 40 h, half of them not available at weekends.
    let agents: Vec<Agent> = (0..tours.tours.len() + 3)
        .map(|i| {
            let a = Agent::new(format!("a{i}"), 40.0).unwrap();
            if i % 2 == 0 {
                a.with_availability(&[
                    Weekday::Mon,
                    Weekday::Tue,
                    Weekday::Wed,
                    Weekday::Thu,
                    Weekday::Fri,
                ])
                .with_preferred_days_off(&[Weekday::Sat, Weekday::Sun])
            } else {
                a
            }
        })
        .collect();
    let a = assign_agents(&tours.tours, &agents, 8.0).unwrap();
    for &(ag, t) in &a.assignments {
        let tour = &tours.tours[t];
        for s in &tour.shifts {
            assert!(agents[ag].is_available(s.start.weekday()));
        }
        assert!(tour.paid_hours <= agents[ag].contract_hours() + 1e-9);
        assert!(tour.paid_hours >= agents[ag].contract_hours() - 8.0 - 1e-9);
    }
    assert_eq!(
        a.assignments.len() + a.unassigned_agents.len(),
        agents.len()
    );
    assert_eq!(
        a.assignments.len() + a.unfilled_tours.len(),
        tours.tours.len()
    );
    // Agents that are available every day can take any tour within hours:
    // with more such agents than tours every fitting tour is filled.
    tours.tours.len()
}

#[test]
fn week30_daily_shifts_make_legal_tours() {
    let p = common::problem("week30", false);
    let s = solve(&p, &SolveOptions::default().with_method(Method::Greedy)).unwrap();
    let made = check_tours(&s.schedule, 5, 120, 40.0, true);
    assert!(made > 0);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]
    #[test]
    fn tours_obey_the_policy(
        day_req in prop::collection::vec(0u8..=4, 7),
        days in 3usize..=6,
        band in 0u32..=180,
        consecutive in any::<bool>(),
    ) {
        use servops_core::{IntervalGrid, IntervalSeries};
        use servops_schedule::{ScheduleProblem, ShiftTemplate};
        let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse().unwrap(), Duration::from_secs(3600), 7 * 24).unwrap();
        let req = IntervalSeries::from_fn(grid, |i, _| if (8..18).contains(&(i % 24)) { f64::from(day_req[i / 24]) } else { 0.0 });
        let t = ShiftTemplate::builder("t")
            .span(Duration::from_secs(8 * 3600))
            .start_window(servops_core::chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap(), servops_core::chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap())
            .build()
            .unwrap();
        let p = ScheduleProblem::builder(req, vec![t]).build();
        prop_assume!(p.is_ok());
        let p = p.unwrap();
        let s = solve(&p, &SolveOptions::default().with_method(Method::Greedy)).unwrap();
        check_tours(&s.schedule, days, band, 8.0 * days as f64, consecutive);
    }
}

/// A week on an hourly grid needing one agent 08:00-16:00 every day, one
/// eight-hour template starting at 08:00: the schedule is the seven
/// shifts, Monday to Sunday, and five-day tours with two consecutive days
/// off, band 0, make one Monday-Friday tour (the first pattern holding
/// Monday) and leave Saturday and Sunday over.
fn seven_day_schedule() -> Schedule {
    use servops_core::chrono::NaiveTime;
    use servops_core::{IntervalGrid, IntervalSeries};
    use servops_schedule::{ScheduleProblem, ShiftTemplate};
    let grid = IntervalGrid::new(
        "2026-03-02T00:00:00Z".parse().unwrap(),
        Duration::from_secs(3600),
        7 * 24,
    )
    .unwrap();
    let req = IntervalSeries::from_fn(grid, |i, _| {
        if (8..16).contains(&(i % 24)) {
            1.0
        } else {
            0.0
        }
    });
    let at8 = NaiveTime::from_hms_opt(8, 0, 0).unwrap();
    let t = ShiftTemplate::builder("ft8")
        .span(Duration::from_secs(8 * 3600))
        .start_window(at8, at8)
        .build()
        .unwrap();
    let p = ScheduleProblem::builder(req, vec![t]).build().unwrap();
    let s = solve(&p, &SolveOptions::default()).unwrap().schedule;
    assert_eq!(s.shifts.len(), 7);
    s
}

/// `build_tours` on a schedule whose shift costs were edited (or
/// deserialised) into values whose sum leaves the decimal range. Before
/// the fix it returned the tours with their cost capped at `Decimal::MAX`
/// (79228162514264337593543950335); now `Error::CostOverflow`. Costs whose
/// total fits are summed exactly whatever their order.
#[test]
fn build_tours_cost_overflow_is_an_error() {
    use rust_decimal::Decimal;
    use servops_schedule::Error;
    let e28 = |k: i128| Decimal::from_i128_with_scale(k * 10i128.pow(28), 0);
    let policy = TourPolicy::new(5, DaysOff::Consecutive, Duration::ZERO, 40.0).unwrap();
    let with_costs = |costs: [Decimal; 7]| {
        let mut s = seven_day_schedule();
        for (shift, c) in s.shifts.iter_mut().zip(costs) {
            shift.cost = c;
        }
        build_tours(&s, &policy, UTC)
    };
    // Monday to Friday 2e28 each: the tour's five shifts add up to 1e29,
    // above Decimal::MAX (about 7.92e28). Saturday and Sunday are left over.
    let two = e28(2);
    let r = with_costs([two; 7]);
    assert!(
        matches!(
            r,
            Err(Error::CostOverflow {
                what: "tours",
                shifts: 5
            })
        ),
        "{:?}",
        r.map(|t| t.cost)
    );
    // -2e28 each: -1e29, below Decimal::MIN.
    let r = with_costs([-two; 7]);
    assert!(matches!(r, Err(Error::CostOverflow { .. })), "{r:?}");
    // 5e28 + 5e28 - 5e28 - 4e28 + 1 = 1e28 + 1 (by hand): the first two
    // alone leave the range, the total does not. The weekend's 7e28 are
    // left over and not counted.
    let t = with_costs([
        e28(5),
        e28(5),
        -e28(5),
        -e28(4),
        Decimal::ONE,
        e28(7),
        e28(7),
    ])
    .unwrap();
    assert_eq!(t.tours.len(), 1);
    assert_eq!(t.leftover_shifts.len(), 2);
    assert_eq!(t.cost, e28(1) + Decimal::ONE);
}

/// `build_tours` sums the tours' costs exactly when large costs cancel.
/// The seven shifts of one seven-day tour, their costs edited (or
/// deserialised) to `Decimal::MAX` on Monday, `Decimal::MIN` (its
/// negative) on Tuesday and 168.95, 535.14, 303.26, 5.12 and 95.81 on the
/// other days: the two extremes cancel and the total is, by hand,
/// 168.95 + 535.14 + 303.26 + 5.12 + 95.81 = 1108.28. Before the fix it
/// was 1108.00: a partial sum near `Decimal::MIN` (95.81 + MIN) holds no
/// cents and was rounded to whole units.
#[test]
fn build_tours_cost_is_exact_when_large_costs_cancel() {
    use rust_decimal::Decimal;
    let policy = TourPolicy::new(7, DaysOff::Any, Duration::ZERO, 56.0).unwrap();
    let mut s = seven_day_schedule();
    let costs = [
        Decimal::MAX,
        Decimal::MIN,
        Decimal::new(16895, 2),
        Decimal::new(53514, 2),
        Decimal::new(30326, 2),
        Decimal::new(512, 2),
        Decimal::new(9581, 2),
    ];
    for (shift, c) in s.shifts.iter_mut().zip(costs) {
        shift.cost = c;
    }
    let t = build_tours(&s, &policy, UTC).unwrap();
    assert_eq!(t.tours.len(), 1);
    assert!(t.leftover_shifts.is_empty());
    assert_eq!(t.cost, Decimal::new(110_828, 2));
}

/// `build_tours` on shifts edited (or deserialised) outside the schedule's
/// grid. Before the fix a start index of `usize::MAX` panicked (`attempt
/// to add with overflow` in the coverage of the tour's shifts), and a
/// shift ending at the last instant chrono can hold took one step per
/// interval of its span (on this hourly grid about 2.3e9 steps, some
/// seconds; on a one-minute grid 60 times more); now both are
/// `Error::InvalidParameter`. A shift from `solve` starts inside the grid
/// and spans at most the grid's length (a cyclic week), which stays legal.
#[test]
fn build_tours_refuses_shifts_outside_the_grid() {
    use servops_core::chrono::{DateTime, Utc};
    use servops_schedule::Error;
    let policy = TourPolicy::new(5, DaysOff::Consecutive, Duration::ZERO, 40.0).unwrap();
    let mut s = seven_day_schedule();
    s.shifts[0].start_index = usize::MAX;
    let r = build_tours(&s, &policy, UTC);
    assert!(matches!(r, Err(Error::InvalidParameter { .. })), "{r:?}");
    let mut s = seven_day_schedule();
    s.shifts[1].end = DateTime::<Utc>::MAX_UTC;
    let r = build_tours(&s, &policy, UTC);
    assert!(matches!(r, Err(Error::InvalidParameter { .. })), "{r:?}");
    // A shift spanning the whole week (168 hourly intervals) from its
    // first interval is legal; one hour more is not. (Its start moves to
    // the first interval with its index: an index that disagrees with
    // the start is `Error::ShiftIndexMismatch`.)
    let mut s = seven_day_schedule();
    s.shifts[6].start_index = 0;
    s.shifts[6].start = s.coverage.grid().start();
    s.shifts[6].end = s.shifts[6].start + servops_core::chrono::TimeDelta::hours(168);
    assert!(build_tours(&s, &policy, UTC).is_ok());
    s.shifts[6].end += servops_core::chrono::TimeDelta::hours(1);
    let r = build_tours(&s, &policy, UTC);
    assert!(matches!(r, Err(Error::InvalidParameter { .. })), "{r:?}");
}

/// `assign_agents` on a tour whose paid hours were edited (or
/// deserialised) to NaN: no contract fits an unknown number of hours.
/// Before the fix every comparison with NaN was false, so the tour fitted
/// every agent and was assigned; now it is unfilled and the agent is
/// unassigned. Infinite hours fit nobody, before and after.
#[test]
fn a_tour_with_nan_hours_fits_nobody() {
    let tours = build_tours(
        &seven_day_schedule(),
        &TourPolicy::new(5, DaysOff::Consecutive, Duration::ZERO, 40.0).unwrap(),
        UTC,
    )
    .unwrap();
    assert_eq!(tours.tours.len(), 1);
    let agents = [Agent::new("Ana", 40.0).unwrap()];
    for hours in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let mut t = tours.tours.clone();
        t[0].paid_hours = hours;
        let a = assign_agents(&t, &agents, 40.0).unwrap();
        assert!(a.assignments.is_empty(), "{hours}: {a:?}");
        assert_eq!(a.unfilled_tours, vec![0]);
        assert_eq!(a.unassigned_agents, vec![0]);
    }
}

/// `build_tours` on a shift whose start interval index disagrees with its
/// start time (a schedule edited by hand or deserialised). The tours'
/// coverage is counted from the index, the tours themselves from the
/// time, so before the fix such a shift gave tours whose coverage was
/// silently an hour off: with shift 0 (Monday 08:00-16:00, interval 8)
/// given index 9, the tours covered Monday 09:00-17:00 (intervals 9..=16)
/// and left interval 8, which needs one agent, uncovered. Now every
/// disagreement is `Error::ShiftIndexMismatch`: an index one off, a start
/// moved off its index, and a start between two intervals.
#[test]
fn build_tours_refuses_a_start_index_that_disagrees_with_the_start() {
    use servops_core::chrono::TimeDelta;
    use servops_schedule::Error;
    let policy = TourPolicy::new(7, DaysOff::Any, Duration::ZERO, 56.0).unwrap();
    // Consistent: the seven 08:00 shifts make one tour covering 08:00-16:00
    // every day (intervals 24 d + 8 ..= 24 d + 15), one agent each.
    let tours = build_tours(&seven_day_schedule(), &policy, UTC).unwrap();
    assert_eq!(tours.tours.len(), 1);
    assert_eq!(tours.coverage.values()[8], 1.0);
    assert_eq!(tours.coverage.values()[16], 0.0);
    let mismatch = |r: &Result<servops_schedule::Tours, Error>| {
        matches!(r, Err(Error::ShiftIndexMismatch { .. }))
    };
    let mut s = seven_day_schedule();
    s.shifts[0].start_index = 9;
    let r = build_tours(&s, &policy, UTC);
    assert!(mismatch(&r), "{r:?}");
    let mut s = seven_day_schedule();
    s.shifts[0].start += TimeDelta::hours(1);
    s.shifts[0].end += TimeDelta::hours(1);
    let r = build_tours(&s, &policy, UTC);
    assert!(mismatch(&r), "{r:?}");
    let mut s = seven_day_schedule();
    s.shifts[0].start += TimeDelta::minutes(17);
    s.shifts[0].end += TimeDelta::minutes(17);
    let r = build_tours(&s, &policy, UTC);
    assert!(mismatch(&r), "{r:?}");
}

/// `assign_agents` was an exact assignment on a dense agents x tours cost
/// matrix (8 bytes a pair, O(s^2 l) time), so it refused more than
/// `MAX_ASSIGNMENT_PAIRS` = 16,000,000 agent-tour pairs: 4,001 agents for
/// 4,001 tours (16,008,001 pairs) was `Error::ModelTooLarge`. It now
/// works on classes, and the limit is on class pairs (see
/// `tests/assignment.rs`): 4,001 56-hour agents, alike but for their
/// names, for 4,001 copies of one 56-hour tour are one class pair, and
/// every agent gets a tour (by hand: each fits each, 4,001 of each).
#[test]
fn assign_agents_counts_class_pairs_not_agent_tour_pairs() {
    let tours = build_tours(
        &seven_day_schedule(),
        &TourPolicy::new(7, DaysOff::Any, Duration::ZERO, 56.0).unwrap(),
        UTC,
    )
    .unwrap();
    assert_eq!(tours.tours.len(), 1);
    // Alike but for their names (which must be distinct).
    let agents = |n: usize| -> Vec<Agent> {
        (0..n)
            .map(|i| Agent::new(format!("a{i}"), 56.0).unwrap())
            .collect()
    };
    let a = assign_agents(&vec![tours.tours[0].clone(); 4_001], &agents(4_001), 0.0).unwrap();
    assert_eq!(a.assignments.len(), 4_001);
    assert!(a.assignments.iter().enumerate().all(|(i, &(x, _))| x == i));
    assert!(a.unassigned_agents.is_empty() && a.unfilled_tours.is_empty());
    // 4,000 identical agents for one tour that fits them all: one assigned.
    let a = assign_agents(&tours.tours, &agents(4_000), 0.0).unwrap();
    assert_eq!(a.assignments.len(), 1);
    assert_eq!(a.unassigned_agents.len(), 3_999);
}

/// `build_tours` on a shift whose breaks were edited (or deserialised) to
/// overlap: the agent cannot be away twice in the same minute. The tours'
/// coverage takes each break's minutes off the shift's, so before the fix
/// the same one-hour break listed twice on Monday's 08:00-16:00 shift gave
/// a coverage of 1 - 2 = -1 agents at 09:00 (interval 9), Ok. A break
/// outside its shift, or ending before it starts, is as wrong. Now each
/// is `Error::InvalidParameter`; one break inside the shift still gives
/// 0 agents at 09:00.
#[test]
fn build_tours_refuses_breaks_that_overlap_or_leave_the_shift() {
    use servops_core::chrono::TimeDelta;
    use servops_schedule::{Error, Pay, ScheduledBreak};
    let policy = TourPolicy::new(7, DaysOff::Any, Duration::ZERO, 56.0).unwrap();
    let with_breaks = |offsets: &[(i64, i64)]| {
        let mut s = seven_day_schedule();
        let start = s.shifts[0].start;
        let mut template = s.shifts[0].breaks.clone();
        template.clear();
        for &(a, z) in offsets {
            // ScheduledBreak is non-exhaustive: edit a copy of a real one.
            let mut b = seven_day_break(start);
            b.start = start + TimeDelta::minutes(a);
            b.end = start + TimeDelta::minutes(z);
            template.push(b);
        }
        s.shifts[0].breaks = template;
        build_tours(&s, &policy, UTC)
    };
    fn seven_day_break(
        at: servops_core::chrono::DateTime<servops_core::chrono::Utc>,
    ) -> ScheduledBreak {
        let mut b = servops_schedule::examples_support::one_shift_schedule()
            .unwrap()
            .shifts[0]
            .breaks[0]
            .clone();
        (b.start, b.end, b.pay) = (at, at, Pay::Paid);
        b
    }
    let one = with_breaks(&[(60, 120)]).unwrap();
    assert_eq!(one.coverage.values()[9], 0.0);
    assert_eq!(one.coverage.values()[8], 1.0);
    for bad in [
        &[(60, 120), (60, 120)][..],
        &[(60, 120), (90, 150)][..],
        &[(-60, 0)][..],
        &[(450, 510)][..],
        &[(120, 60)][..],
    ] {
        let r = with_breaks(bad);
        let at_nine = r.as_ref().map(|t| t.coverage.values()[9]);
        assert!(
            matches!(r, Err(Error::InvalidParameter { .. })),
            "{bad:?}: {at_nine:?}"
        );
    }
}

/// A tour is a week: only the seven local days from the schedule's first
/// shift are grouped. Eight days of an hourly grid from Monday 2026-03-02
/// UTC with Sunday closed: one agent Monday 10:00-18:00, Tuesday to Friday
/// 08:00-16:00, nothing Saturday and Sunday, and Monday 2026-03-09
/// 08:00-16:00; eight-hour shifts starting 08:00-10:00 on the hour, so
/// the cheapest schedule is those six shifts (one per day that needs
/// someone, by hand). Five-day tours, any days off, a 3-hour band, 40
/// hours: by hand the week of 2026-03-02 to 2026-03-08 makes one tour,
/// Monday 2 (10:00) and Tuesday 3 to Friday 6 (08:00, 2 hours from the
/// anchor, inside the band), off Saturday and Sunday, and Monday 9 is a
/// leftover. Before the fix the first seven distinct dates were grouped
/// (here all six, over eight days), so both Mondays were "Monday": the
/// tour anchored on Tuesday at 08:00 took Monday 9 (08:00, nearer than
/// Monday 2 at 10:00), a "weekly" tour from Tuesday 3 to Monday 9, and
/// Monday 2 was the leftover.
#[test]
fn a_tour_never_spans_more_than_a_week() {
    use rust_decimal::Decimal;
    use servops_core::chrono::NaiveTime;
    use servops_core::{IntervalGrid, IntervalSeries};
    use servops_schedule::{ScheduleProblem, ShiftTemplate};
    let h = |x: u64| Duration::from_secs(3600 * x);
    let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse().unwrap(), h(1), 8 * 24).unwrap();
    let req = IntervalSeries::from_fn(grid, |i, _| {
        let (day, hour) = (i / 24, i % 24);
        let open = match day {
            0 => (10..18).contains(&hour),
            1..=4 | 7 => (8..16).contains(&hour),
            _ => false,
        };
        if open { 1.0 } else { 0.0 }
    });
    let at = |x: u32| NaiveTime::from_hms_opt(x, 0, 0).unwrap();
    let eight = ShiftTemplate::builder("eight")
        .span(h(8))
        .start_window(at(8), at(10))
        .start_step(h(1))
        .hourly_rate(Decimal::new(20, 0))
        .build()
        .unwrap();
    let p = ScheduleProblem::builder(req, vec![eight]).build().unwrap();
    let schedule = solve(&p, &SolveOptions::default()).unwrap().schedule;
    let starts: Vec<String> = schedule
        .shifts
        .iter()
        .map(|s| s.start.to_rfc3339())
        .collect();
    assert_eq!(
        starts,
        [
            "2026-03-02T10:00:00+00:00",
            "2026-03-03T08:00:00+00:00",
            "2026-03-04T08:00:00+00:00",
            "2026-03-05T08:00:00+00:00",
            "2026-03-06T08:00:00+00:00",
            "2026-03-09T08:00:00+00:00",
        ]
    );
    let policy = TourPolicy::new(5, DaysOff::Any, h(3), 40.0).unwrap();
    let tours = build_tours(&schedule, &policy, UTC).unwrap();
    assert_eq!(tours.tours.len(), 1);
    let got: Vec<String> = tours.tours[0]
        .shifts
        .iter()
        .map(|s| s.start.to_rfc3339())
        .collect();
    assert_eq!(got, starts[..5]);
    assert_eq!(tours.tours[0].days_off, [Weekday::Sat, Weekday::Sun]);
    let left: Vec<String> = tours
        .leftover_shifts
        .iter()
        .map(|s| s.start.to_rfc3339())
        .collect();
    assert_eq!(left, ["2026-03-09T08:00:00+00:00"]);
}

/// A start band bounds how far a shift's local clock time may be from the
/// tour's anchor clock time. Two clock times of a day are less than 24 h
/// apart, so a 24 h band already admits every start, and a longer band
/// means nothing more (measured on an hourly week with 8-hour shifts at
/// any start: bands of 23, 24, 25, 48 and 1000 h gave identical tours from
/// both `solve_tours` and `build_tours`). A band above 24 h is refused as
/// an invalid parameter (before: accepted); 24 h is accepted.
#[test]
fn a_start_band_above_a_day_is_refused() {
    use servops_schedule::Error;
    let band = |minutes: u64| {
        TourPolicy::new(
            5,
            DaysOff::Consecutive,
            Duration::from_secs(60 * minutes),
            40.0,
        )
    };
    assert!(band(24 * 60).is_ok());
    for minutes in [24 * 60 + 1, 48 * 60, 1000 * 60] {
        match band(minutes) {
            Err(Error::InvalidParameter { name, .. }) => assert_eq!(name, "start band"),
            other => panic!("{minutes} min: {other:?}"),
        }
    }
}

/// An agent's name is how a planner tells the agents of an assignment
/// apart; an empty (or blank) one names nobody and is refused, as an
/// empty template name is (before: accepted).
#[test]
fn an_agent_without_a_name_is_refused() {
    use servops_schedule::Error;
    for name in ["", " ", "\t"] {
        match Agent::new(name, 40.0) {
            Err(Error::InvalidParameter { name: what, .. }) => assert_eq!(what, "agent name"),
            other => panic!("{name:?}: {other:?}"),
        }
    }
    assert_eq!(Agent::new("Ana", 40.0).unwrap().name(), "Ana");
}
