//! Weekly tours and agent assignment.
//!
//! - `build_tours` on a week (at most) of half hours or hours, from a
//!   solved schedule or from shifts made by hand, then edited (start
//!   indices off the grid or off their start, spans past the grid, NaN,
//!   infinite, negative or huge paid hours, huge costs, breaks that
//!   overlap, repeat or leave their shift): a typed error exactly when a
//!   shift breaks the documented rules (else only a cost overflow, exactly
//!   when the exact total of the tours' costs is out of the decimal
//!   range), or tours that partition the shifts with the leftovers, obey
//!   the policy (one shift per working day, days off the other days and
//!   consecutive when asked, starts within twice the band, weekly hours),
//!   and whose coverage, under, over, paid hours and cost equal what is
//!   recomputed here minute by minute from the tours' shifts.
//! - `assign_agents` (classes, min-cost flow) against
//!   `baselines::assign_agents_hungarian` on up to 30 agents and 30 tours
//!   (tours from `build_tours` or edited: any days off, repeated days,
//!   any paid hours, shifts kept or dropped; any contract hours and flex,
//!   accepted exactly in (0, 168] and [0, 168]): both the same error
//!   exactly when flex is out of range or a tour has a shift starting, in
//!   its time zone, on a day it lists as off (`ShiftOnDayOff` naming the
//!   first such tour), or both
//!   valid assignments (each pair fits, nobody twice, the unassigned and
//!   unfilled lists complete), the flow matching as many agents as a
//!   maximum bipartite matching computed here and, where the Hungarian's
//!   penalty of 1e9 per unfitting pair dominates the costs, as many as
//!   the Hungarian at the same total cost (within 1e-9 relative); the
//!   same input twice gives the same assignment.
//! - `solve_tours` on tiny weeks with a time limit of 0-40 ms: a typed
//!   error or tours whose shifts are legal for their templates, which obey
//!   the policy and whose coverage, under and over equal the recomputed
//!   ones, covering the requirement (cost objective), with bound <=
//!   objective and gap in [0, 1].
#![no_main]

use std::sync::OnceLock;
use std::time::Duration;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use servops_core::chrono::{DateTime, Datelike, NaiveTime, TimeDelta, Timelike, Utc, Weekday};
use servops_core::chrono_tz::Tz;
use servops_core::{IntervalGrid, IntervalSeries};
use servops_fuzz::Real;
use servops_schedule::baselines::assign_agents_hungarian;
use servops_schedule::examples_support::{one_shift_schedule, week_of_tours};
use servops_schedule::{
    Agent, Assignment, BreakRule, DaysOff, Decimal, Error, Horizon, Method, Pay, Schedule,
    ScheduleProblem, ScheduledBreak, ScheduledShift, ShiftTemplate, SolveOptions, Tour, TourPolicy,
    Tours, assign_agents, build_tours, solve, solve_tours,
};

const DAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// Time zones with and without DST changes in the weeks used (New York
/// moves on Sunday 2026-03-08, London on 2026-03-29), a 45-minute offset
/// and a half-hour DST change (Lord Howe, in April).
const ZONES: [Tz; 5] = [
    Tz::UTC,
    Tz::America__New_York,
    Tz::Europe__London,
    Tz::Asia__Kathmandu,
    Tz::Australia__Lord_Howe,
];

/// Mondays 00:00 UTC: an ordinary week, the week of London's DST change,
/// and one in Lord Howe's.
const WEEKS: [&str; 3] = [
    "2026-03-02T00:00:00Z",
    "2026-03-23T00:00:00Z",
    "2026-03-30T00:00:00Z",
];

/// Values the public types cannot be built from outside the crate
/// (`#[non_exhaustive]`): a schedule with a shift and a break, and a tour,
/// edited field by field.
struct Seeds {
    schedule: Schedule,
    shift: ScheduledShift,
    brk: ScheduledBreak,
    tour: Tour,
}

fn seeds() -> Option<&'static Seeds> {
    static SEEDS: OnceLock<Option<Seeds>> = OnceLock::new();
    SEEDS
        .get_or_init(|| {
            let schedule = one_shift_schedule().ok()?;
            let shift = schedule.shifts.first()?.clone();
            let brk = shift.breaks.first()?.clone();
            let tour = week_of_tours().ok()?.tours.first()?.clone();
            Some(Seeds {
                schedule,
                shift,
                brk,
                tour,
            })
        })
        .as_ref()
}

fn m(x: u64) -> Duration {
    Duration::from_secs(60 * x)
}

fn hm(minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt((minute / 60) % 24, minute % 60, 0).unwrap_or_default()
}

/// A real number: mostly ordinary hours (multiples of a quarter), now and
/// then anything (NaN, infinities, negatives, huge, subnormal).
fn hours(u: &mut Unstructured<'_>, max_quarters: u32) -> arbitrary::Result<f64> {
    if u.ratio(1u8, 8)? {
        return Ok(Real::arbitrary(u)?.0);
    }
    Ok(f64::from(u.int_in_range(0..=max_quarters)?) / 4.0)
}

/// A cost: mostly cents, now and then huge or the decimal extremes.
fn cost(u: &mut Unstructured<'_>) -> arbitrary::Result<Decimal> {
    Ok(match u.int_in_range(0u8..=15)? {
        0 => Decimal::MAX,
        1 => Decimal::MIN,
        2 => Decimal::from_i128_with_scale(
            i128::from(u.arbitrary::<i64>()?) * i128::from(u.arbitrary::<u32>()?),
            u.int_in_range(0..=6)?,
        ),
        3 => -Decimal::new(i64::from(u.arbitrary::<u16>()?), 2),
        _ => Decimal::new(i64::from(u.arbitrary::<u16>()?), 2),
    })
}

fn weekdays(mask: u8) -> Vec<Weekday> {
    DAYS.iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, d)| *d)
        .collect()
}

/// Paid hours as a bit pattern (so NaN equals NaN).
fn same_shift(a: &ScheduledShift, b: &ScheduledShift) -> bool {
    a.template == b.template
        && a.start_index == b.start_index
        && a.start == b.start
        && a.end == b.end
        && a.paid_hours.to_bits() == b.paid_hours.to_bits()
        && a.cost == b.cost
        && a.breaks == b.breaks
}

/// Whether a shift keeps the rules `build_tours` documents: it starts at
/// an interval of the grid (index and instant naming the same one), ends
/// no earlier and at most the grid's length later, and its breaks lie
/// inside it in time order, each ending after it starts, none
/// overlapping.
fn legal_shift(s: &ScheduledShift, grid: &IntervalGrid) -> bool {
    let span = (s.end - s.start).num_minutes();
    let grid_minutes = grid.len() as i64 * i64::from(grid.step_minutes());
    if s.start_index >= grid.len() || span < 0 || span > grid_minutes {
        return false;
    }
    let mut free_from = s.start;
    for b in &s.breaks {
        if b.start < free_from || b.start >= b.end || b.end > s.end {
            return false;
        }
        free_from = b.end;
    }
    grid.interval_start(s.start_index) == Some(s.start)
}

/// On-phone agents per interval, minute by minute: every minute of a
/// shift not in one of its breaks counts `1 / step` in the interval it
/// falls in, counted from the shift's start interval and wrapped on the
/// grid's length.
fn coverage(shifts: &[&ScheduledShift], grid: &IntervalGrid) -> Vec<f64> {
    let n = grid.len();
    let step = i64::from(grid.step_minutes());
    let mut on = vec![0i64; n];
    for s in shifts {
        let span = (s.end - s.start).num_minutes();
        for minute in 0..span {
            let at = s.start + TimeDelta::minutes(minute);
            if s.breaks.iter().any(|b| b.start <= at && at < b.end) {
                continue;
            }
            let j = (s.start_index + (minute / step) as usize) % n;
            on[j] += 1;
        }
    }
    on.iter().map(|&x| x as f64 / step as f64).collect()
}

/// A decimal as an integer number of millionths (every cost made here has
/// a scale of at most 6).
fn micros(d: Decimal) -> Option<i128> {
    let scale = d.scale();
    (scale <= 6).then(|| d.mantissa() * 10i128.pow(6 - scale))
}

/// Whether `x` millionths is a decimal exactly.
fn representable(x: i128) -> bool {
    let mut v = x.unsigned_abs();
    let mut scale = 6;
    while scale > 0 && v % 10 == 0 {
        v /= 10;
        scale -= 1;
    }
    v < 1u128 << 96
}

/// The tours obey the policy: one shift on each working day, on the
/// first seven local dates; the days off the others (one run on the
/// weekly circle when asked); local starts at most twice the band apart;
/// the shifts by start; the paid hours their sum (and within the maximum
/// when they are ordinary numbers).
fn check_tour(tour: &Tour, policy: &TourPolicy, rule: DaysOff, band_min: i64, tz: Tz) {
    let days: Vec<usize> = tour
        .shifts
        .iter()
        .map(|s| s.start.with_timezone(&tz).weekday().num_days_from_monday() as usize)
        .collect();
    let mut worked = [false; 7];
    for &d in &days {
        assert!(!worked[d], "two shifts on one weekday: {days:?}");
        worked[d] = true;
    }
    assert_eq!(days.len() as u32, policy.working_days());
    let off: Vec<Weekday> = (0..7).filter(|&d| !worked[d]).map(|d| DAYS[d]).collect();
    assert_eq!(tour.days_off, off);
    assert_eq!(tour.time_zone(), Some(tz));
    if rule == DaysOff::Consecutive {
        let runs = (0..7)
            .filter(|&d| !worked[d] && worked[(d + 6) % 7])
            .count();
        assert!(runs <= 1, "days off not consecutive: {off:?}");
    }
    let clocks: Vec<i64> = tour
        .shifts
        .iter()
        .map(|s| {
            let l = s.start.with_timezone(&tz);
            i64::from(l.hour() * 60 + l.minute())
        })
        .collect();
    if let (Some(lo), Some(hi)) = (clocks.iter().min(), clocks.iter().max()) {
        assert!(
            hi - lo <= 2 * band_min,
            "starts {clocks:?}, band {band_min}"
        );
    }
    assert!(tour.shifts.windows(2).all(|w| w[0].start <= w[1].start));
    let paid: f64 = tour.shifts.iter().map(|s| s.paid_hours).sum();
    assert!(
        paid.to_bits() == tour.paid_hours.to_bits() || paid == tour.paid_hours,
        "paid hours {} != {paid}",
        tour.paid_hours
    );
    let ordinary = tour
        .shifts
        .iter()
        .all(|s| s.paid_hours.is_finite() && s.paid_hours.abs() <= 1e6);
    if ordinary {
        assert!(
            paid <= policy.max_hours() + 1e-6,
            "paid {paid} above {}",
            policy.max_hours()
        );
    }
}

/// The tours' coverage, under, over, paid hours and cost against the
/// recomputation from their shifts (`req`: the requirement per interval,
/// when known).
fn check_series(tours: &Tours, grid: &IntervalGrid, req: &[f64]) {
    let in_tours: Vec<&ScheduledShift> = tours.tours.iter().flat_map(|t| &t.shifts).collect();
    let cov = coverage(&in_tours, grid);
    assert_eq!(tours.coverage.grid(), grid);
    for (j, &c) in cov.iter().enumerate() {
        let got = tours.coverage.values()[j];
        assert!((got - c).abs() <= 1e-9, "coverage at {j}: {got} != {c}");
        let Some(&r) = req.get(j) else { continue };
        if r.is_finite() && r.abs() <= 1e6 {
            let (under, over) = (tours.under.values()[j], tours.over.values()[j]);
            assert!((under - (r - c).max(0.0)).abs() <= 1e-9, "under at {j}");
            assert!((over - (c - r).max(0.0)).abs() <= 1e-9, "over at {j}");
        }
    }
    let paid: f64 = in_tours.iter().map(|s| s.paid_hours).sum();
    assert!(paid.to_bits() == tours.paid_hours.to_bits() || paid == tours.paid_hours);
}

/// Builds a schedule on `grid`: solved (greedy) for a daily requirement,
/// or shifts made by hand, then edited.
fn schedule(
    u: &mut Unstructured<'_>,
    seeds: &Seeds,
    grid: IntervalGrid,
    tz: Tz,
) -> arbitrary::Result<Option<Schedule>> {
    let n = grid.len();
    let step = u64::from(grid.step_minutes());
    let mut s = if u.arbitrary()? {
        // Solved: a requirement of 0-4 agents in a daily window.
        let (from, to) = (u.int_in_range(0..=20u32)?, u.int_in_range(1..=12u32)?);
        let level: Vec<f64> = (0..8)
            .map(|_| u.int_in_range(0..=4u8).map(f64::from))
            .collect::<arbitrary::Result<_>>()?;
        let req = IntervalSeries::from_fn(grid, |i, at| {
            let local = at.with_timezone(&tz);
            let h = local.hour();
            if h >= from && h < from + to {
                level[(i / 24 + local.day() as usize) % level.len()]
            } else {
                0.0
            }
        });
        let span = m(60 * u.int_in_range(2..=9u64)?);
        let e = u.int_in_range(0..=23u32)? * 60;
        let l = e + u.int_in_range(0..=6u32)? * 60;
        let mut b = ShiftTemplate::builder("t")
            .span(span)
            .start_window(hm(e), hm(l.min(23 * 60 + 59)))
            .hourly_rate(Decimal::from(u.int_in_range(1..=30u32)?));
        if u.arbitrary()? {
            let len = m(step * u.int_in_range(1..=2u64)?);
            let earliest = m(step * u.int_in_range(0..=4u64)?);
            let latest = earliest + m(step * u.int_in_range(0..=4u64)?);
            let pay = if u.arbitrary()? {
                Pay::Paid
            } else {
                Pay::Unpaid
            };
            if let Ok(r) = BreakRule::new(len, pay, earliest, latest) {
                b = b.breaks(vec![r]);
            }
        }
        let Ok(t) = b.build() else { return Ok(None) };
        let horizon = if u.arbitrary()? {
            Horizon::Cyclic
        } else {
            Horizon::Linear
        };
        let Ok(p) = ScheduleProblem::builder(req, vec![t])
            .time_zone(tz)
            .horizon(horizon)
            .build()
        else {
            return Ok(None);
        };
        let opts = SolveOptions::default()
            .with_method(Method::Greedy)
            .with_time_limit(Duration::from_millis(20));
        match solve(&p, &opts) {
            Ok(s) => s.schedule,
            Err(_) => return Ok(None),
        }
    } else {
        // By hand: up to 30 shifts of ordinary lengths with their breaks.
        let mut s = seeds.schedule.clone();
        s.shifts.clear();
        // Each series a pattern of up to 8 values (any value now and
        // then), repeated over the grid.
        let values = |u: &mut Unstructured<'_>| -> arbitrary::Result<IntervalSeries<f64>> {
            let pattern: Vec<f64> = (0..u.int_in_range(1..=8usize)?)
                .map(|_| hours(u, 16))
                .collect::<arbitrary::Result<_>>()?;
            Ok(IntervalSeries::from_fn(grid, |i, _| {
                pattern[(i / 3) % pattern.len()]
            }))
        };
        s.coverage = values(u)?;
        s.under = values(u)?;
        s.over = values(u)?;
        for _ in 0..u.int_in_range(0..=30usize)? {
            let i = u.int_in_range(0..=n - 1)?;
            let Some(start) = grid.interval_start(i) else {
                continue;
            };
            let span = i64::from(u.int_in_range(1..=20u8)?) * 30;
            let mut shift = seeds.shift.clone();
            shift.template = format!("h{}", u.int_in_range(0..=2u8)?);
            shift.start_index = i;
            shift.start = start;
            shift.end = start + TimeDelta::minutes(span);
            shift.paid_hours = if u.ratio(1u8, 10)? {
                Real::arbitrary(u)?.0
            } else {
                span as f64 / 60.0
            };
            shift.cost = cost(u)?;
            shift.breaks.clear();
            let mut at = 0i64;
            for _ in 0..u.int_in_range(0..=2u8)? {
                at += i64::from(u.int_in_range(0..=8u8)?) * 15;
                let len = i64::from(u.int_in_range(1..=4u8)?) * 15;
                if at + len > span {
                    break;
                }
                let mut b = seeds.brk.clone();
                b.start = start + TimeDelta::minutes(at);
                b.end = start + TimeDelta::minutes(at + len);
                shift.breaks.push(b);
                at += len;
            }
            s.shifts.push(shift);
        }
        s.shifts.sort_by_key(|x| x.start);
        s
    };
    // Edits, as by hand or through deserialisation.
    for _ in 0..u.int_in_range(0..=3u8)? {
        if s.shifts.is_empty() {
            break;
        }
        let k = u.choose_index(s.shifts.len())?;
        let x = &mut s.shifts[k];
        match u.int_in_range(0..=9u8)? {
            0 => {
                x.start_index = match u.int_in_range(0..=2u8)? {
                    0 => u.arbitrary()?,
                    1 => n + usize::from(u.arbitrary::<u8>()?),
                    _ => x
                        .start_index
                        .wrapping_add(usize::from(u.arbitrary::<bool>()?) * 2)
                        .wrapping_sub(1),
                }
            }
            1 => {
                // Saturating: an end edited to the last instant stays.
                let d = TimeDelta::minutes(i64::from(u.arbitrary::<i16>()?));
                x.start = x.start.checked_add_signed(d).unwrap_or(x.start);
                x.end = x.end.checked_add_signed(d).unwrap_or(x.end);
            }
            2 => {
                x.end = match u.int_in_range(0..=2u8)? {
                    0 => DateTime::<Utc>::MAX_UTC,
                    1 => x
                        .start
                        .checked_add_signed(TimeDelta::minutes((n as u64 * step) as i64 + 1))
                        .unwrap_or(x.end),
                    _ => x
                        .start
                        .checked_add_signed(TimeDelta::minutes(i64::from(u.arbitrary::<i16>()?)))
                        .unwrap_or(x.end),
                }
            }
            3 => x.paid_hours = Real::arbitrary(u)?.0,
            4 => x.cost = cost(u)?,
            5 => {
                // A break repeated, or moved to overlap or leave the shift.
                if let Some(b) = x.breaks.first().cloned() {
                    x.breaks.push(b);
                } else {
                    let mut b = seeds.brk.clone();
                    let (d, e) = (
                        TimeDelta::minutes(i64::from(u.arbitrary::<i16>()?)),
                        TimeDelta::minutes(i64::from(u.arbitrary::<i8>()?)),
                    );
                    b.start = x.start.checked_add_signed(d).unwrap_or(x.start);
                    b.end = b.start.checked_add_signed(e).unwrap_or(b.start);
                    x.breaks.push(b);
                }
            }
            6 => {
                if let Some(b) = x.breaks.last_mut() {
                    let d = TimeDelta::minutes(i64::from(u.arbitrary::<i8>()?));
                    b.end = b.end.checked_add_signed(d).unwrap_or(b.end);
                }
            }
            7 => x.template = String::new(),
            _ => {
                let copy = x.clone();
                s.shifts.push(copy);
            }
        }
    }
    Ok(Some(s))
}

/// `build_tours` on an arbitrary schedule; its tours, if any.
fn tours_part(u: &mut Unstructured<'_>, seeds: &Seeds) -> arbitrary::Result<Vec<Tour>> {
    let step = [30u64, 60][u.int_in_range(0..=1usize)?];
    let days = u.int_in_range(1..=7u64)?;
    let offset = i64::from(u.int_in_range(0..=23u8)?) * 60;
    let start = WEEKS[u.choose_index(WEEKS.len())?]
        .parse::<DateTime<Utc>>()
        .unwrap_or_default()
        + TimeDelta::minutes(offset);
    let Ok(grid) = IntervalGrid::new(start, m(step), (days * 24 * 60 / step) as usize) else {
        return Ok(Vec::new());
    };
    let tz = ZONES[u.choose_index(ZONES.len())?];
    let Some(s) = schedule(u, seeds, grid, tz)? else {
        return Ok(Vec::new());
    };
    let working_days = u.int_in_range(0..=8u32)?;
    let rule = if u.arbitrary()? {
        DaysOff::Consecutive
    } else {
        DaysOff::Any
    };
    let band_min = u64::from(u.int_in_range(0..=180u8)?);
    let band = if u.ratio(1u8, 16)? {
        m(band_min) + Duration::from_secs(1)
    } else {
        m(band_min)
    };
    let max_hours = if u.ratio(1u8, 8)? {
        Real::arbitrary(u)?.0
    } else {
        f64::from(u.int_in_range(0..=240u8)?) / 4.0
    };
    let policy = match TourPolicy::new(working_days, rule, band, max_hours) {
        Ok(p) => p,
        Err(e) => {
            assert!(matches!(e, Error::InvalidParameter { .. }), "{e:?}");
            assert!(
                !(1..=7).contains(&working_days)
                    || band.subsec_nanos() != 0
                    || band.as_secs() % 60 != 0
                    || !(max_hours.is_finite() && max_hours > 0.0)
            );
            return Ok(Vec::new());
        }
    };
    let legal = s.shifts.iter().all(|x| legal_shift(x, &grid));
    let got = build_tours(&s, &policy, tz);
    // The exact total of the tours' costs (all costs made here have a
    // scale of at most 6).
    let total = |tours: &[Tour]| -> Option<i128> {
        tours
            .iter()
            .flat_map(|t| &t.shifts)
            .try_fold(0i128, |acc, x| acc.checked_add(micros(x.cost)?))
    };
    let built = match got {
        Err(e) => {
            if legal {
                // Only the cost can fail; no tours to check it against,
                // but it must be the documented error.
                assert!(matches!(e, Error::CostOverflow { .. }), "{e:?}");
            } else {
                assert!(
                    matches!(
                        e,
                        Error::InvalidParameter { .. } | Error::ShiftIndexMismatch { .. }
                    ),
                    "{e:?}"
                );
            }
            assert!(!e.to_string().is_empty());
            return Ok(Vec::new());
        }
        Ok(t) => {
            assert!(legal, "an illegal shift accepted");
            t
        }
    };
    // Every shift in exactly one tour or the leftovers.
    let mut used = vec![false; s.shifts.len()];
    let placed = built
        .tours
        .iter()
        .flat_map(|t| &t.shifts)
        .chain(&built.leftover_shifts);
    for x in placed {
        let k = (0..s.shifts.len()).find(|&k| !used[k] && same_shift(&s.shifts[k], x));
        let Some(k) = k else {
            panic!("shift {x:?} not in the schedule (or twice)");
        };
        used[k] = true;
    }
    assert!(used.iter().all(|&x| x), "a shift lost");
    for t in &built.tours {
        check_tour(t, &policy, rule, band_min as i64, tz);
    }
    let at = |v: &IntervalSeries<f64>, j: usize| v.values().get(j).copied().unwrap_or(0.0);
    let req: Vec<f64> = (0..grid.len())
        .map(|j| at(&s.coverage, j) + at(&s.under, j) - at(&s.over, j))
        .collect();
    check_series(&built, &grid, &req);
    if let Some(x) = total(&built.tours) {
        let max = micros(Decimal::MAX).unwrap_or(i128::MAX);
        assert!(x.abs() <= max, "a total of {x} millionths accepted");
        if representable(x) {
            assert_eq!(
                micros(built.cost),
                Some(x),
                "tours' cost: {:?}",
                built
                    .tours
                    .iter()
                    .flat_map(|t| &t.shifts)
                    .map(|x| x.cost)
                    .collect::<Vec<_>>()
            );
        }
    }
    Ok(built.tours)
}

/// Whether `tour` fits `agent`, and the cost, as `assign_agents` defines
/// them: available on every working day, paid hours within `flex` below
/// the contract (1e-9 either side), cost `-1000 x` preferred days off
/// granted (each weekday once, however often the tour lists it) `+` hours
/// short.
fn pair_cost(agent: &Agent, tour: &Tour, flex: f64) -> Option<f64> {
    let available = DAYS
        .iter()
        .all(|d| tour.days_off.contains(d) || agent.is_available(*d));
    let short = agent.contract_hours() - tour.paid_hours;
    if !available || !(short >= -1e-9 && short <= flex + 1e-9) {
        return None;
    }
    let granted = DAYS
        .iter()
        .filter(|d| tour.days_off.contains(d) && agent.prefers_off(**d))
        .count();
    Some(-1000.0 * granted as f64 + short.max(0.0))
}

/// A valid assignment (each pair fits, nobody twice, the unassigned and
/// unfilled lists complete, pairs by agent): its size, total cost and
/// the sum of its costs' sizes.
fn audit(got: &Assignment, costs: &[Vec<Option<f64>>], tours: usize) -> (usize, f64, f64) {
    let agents = costs.len();
    let mut agent_used = vec![false; agents];
    let mut tour_used = vec![false; tours];
    let (mut total, mut size) = (0.0, 0.0);
    for &(a, t) in &got.assignments {
        assert!(a < agents && t < tours, "pair ({a}, {t}) out of range");
        assert!(!agent_used[a] && !tour_used[t], "({a}, {t}): used twice");
        agent_used[a] = true;
        tour_used[t] = true;
        let c = costs[a][t].unwrap_or_else(|| panic!("agent {a} does not fit tour {t}"));
        total += c;
        size += c.abs();
    }
    let free = |used: &[bool]| -> Vec<usize> { (0..used.len()).filter(|&i| !used[i]).collect() };
    assert_eq!(got.unassigned_agents, free(&agent_used));
    assert_eq!(got.unfilled_tours, free(&tour_used));
    (got.assignments.len(), total, size)
}

/// The size of a maximum matching of agents to fitting tours
/// (augmenting paths).
fn max_matching(costs: &[Vec<Option<f64>>], tours: usize) -> usize {
    fn augment(
        a: usize,
        costs: &[Vec<Option<f64>>],
        seen: &mut [bool],
        owner: &mut [Option<usize>],
    ) -> bool {
        for t in 0..seen.len() {
            if costs[a][t].is_none() || seen[t] {
                continue;
            }
            seen[t] = true;
            if owner[t].is_none_or(|b| augment(b, costs, seen, owner)) {
                owner[t] = Some(a);
                return true;
            }
        }
        false
    }
    let mut owner = vec![None; tours];
    (0..costs.len())
        .filter(|&a| augment(a, costs, &mut vec![false; tours], &mut owner))
        .count()
}

/// `assign_agents` against the Hungarian reference.
fn assign_part(
    u: &mut Unstructured<'_>,
    seeds: &Seeds,
    mut tours: Vec<Tour>,
) -> arbitrary::Result<()> {
    tours.truncate(30);
    // More tours, edited copies of a real one.
    for _ in 0..u.int_in_range(0..=30 - tours.len())? {
        let mut t = seeds.tour.clone();
        // Mostly without its shifts (any days off then agree with them);
        // with them, days off on a worked day are refused.
        if u.ratio(3u8, 4)? {
            t.shifts.clear();
        }
        t.days_off = if u.ratio(1u8, 8)? {
            // Any list, repeats included.
            (0..u.int_in_range(0..=9usize)?)
                .map(|_| u.choose(&DAYS).copied())
                .collect::<arbitrary::Result<_>>()?
        } else {
            weekdays(u.arbitrary()?)
        };
        t.paid_hours = hours(u, 240)?;
        tours.push(t);
    }
    // Edits of the paid hours or days off of any tour.
    for _ in 0..u.int_in_range(0..=2u8)? {
        if tours.is_empty() {
            break;
        }
        let k = u.choose_index(tours.len())?;
        if u.arbitrary()? {
            tours[k].paid_hours = Real::arbitrary(u)?.0;
        } else {
            tours[k].days_off.push(*u.choose(&DAYS)?);
        }
    }
    // Agents in few classes (a small palette), now and then any hours.
    let mut agents = Vec::new();
    let palette: Vec<(f64, u8, u8)> = (0..u.int_in_range(1..=6usize)?)
        .map(|_| Ok((hours(u, 240)?, u.arbitrary()?, u.arbitrary()?)))
        .collect::<arbitrary::Result<_>>()?;
    for i in 0..u.int_in_range(0..=30usize)? {
        let (h, avail, pref) = if u.ratio(1u8, 4)? {
            (hours(u, 240)?, u.arbitrary()?, u.arbitrary()?)
        } else {
            palette[u.choose_index(palette.len())?]
        };
        match Agent::new(format!("a{i}"), h) {
            Ok(a) => agents.push(
                a.with_availability(&weekdays(avail))
                    .with_preferred_days_off(&weekdays(pref)),
            ),
            Err(e) => {
                assert!(matches!(e, Error::InvalidParameter { .. }), "{e:?}");
                assert!(!(h > 0.0 && h <= 168.0), "{h} refused");
            }
        }
    }
    let flex = match u.int_in_range(0..=7u8)? {
        0 => Real::arbitrary(u)?.0,
        k => [0.0, 0.5, 2.5, 4.0, 8.0, 16.0, 40.0][usize::from(k) - 1],
    };
    // The first tour with a shift starting, in the tour's zone, on a
    // weekday it lists as a day off (tours without a zone unchecked).
    let clash = tours.iter().position(|t| {
        t.time_zone().is_some_and(|tz| {
            t.shifts
                .iter()
                .any(|x| t.days_off.contains(&x.start.with_timezone(&tz).weekday()))
        })
    });
    let flow = assign_agents(&tours, &agents, flex);
    let hung = assign_agents_hungarian(&tours, &agents, flex);
    let (flow, hung) = match (flow, hung) {
        (Ok(f), Ok(h)) => (f, h),
        (Err(a), Err(b)) => {
            if (0.0..=168.0).contains(&flex) {
                // Flex is checked first; the agents' names are distinct.
                let k = clash.unwrap_or_else(|| panic!("refused without a clash: {a:?}"));
                assert!(
                    matches!(a, Error::ShiftOnDayOff { tour: Some(t), .. } if t == k),
                    "{a:?}, first clash in tour {k}"
                );
                assert_eq!(a, b);
            } else {
                assert!(matches!(a, Error::InvalidParameter { .. }), "{a:?}");
                assert!(matches!(b, Error::InvalidParameter { .. }), "{b:?}");
            }
            assert!(!a.to_string().is_empty());
            return Ok(());
        }
        (f, h) => panic!("flow {f:?}, Hungarian {h:?}"),
    };
    assert!((0.0..=168.0).contains(&flex), "flex {flex} accepted");
    assert!(
        clash.is_none(),
        "tour {clash:?} has a shift on a day off, accepted"
    );
    let costs: Vec<Vec<Option<f64>>> = agents
        .iter()
        .map(|a| tours.iter().map(|t| pair_cost(a, t, flex)).collect())
        .collect();
    let (n_flow, c_flow, s_flow) = audit(&flow, &costs, tours.len());
    let (n_hung, c_hung, s_hung) = audit(&hung, &costs, tours.len());
    assert_eq!(
        n_flow,
        max_matching(&costs, tours.len()),
        "not a maximum matching"
    );
    // The Hungarian prices a pair that does not fit at 1e9: it matches the
    // most agents only while that outweighs any saving in cost.
    let largest = costs
        .iter()
        .flatten()
        .flatten()
        .fold(0.0f64, |x, c| x.max(c.abs()));
    let tol = 1e-9 * s_flow.max(s_hung).max(1.0);
    if largest * 60.0 < 1e8 {
        assert_eq!(n_flow, n_hung, "matched: flow {n_flow}, Hungarian {n_hung}");
        assert!(
            (c_flow - c_hung).abs() <= tol,
            "cost: flow {c_flow}, Hungarian {c_hung}; flex {flex}, tours {:?}, agents {agents:?}",
            tours
                .iter()
                .map(|t| (t.paid_hours, &t.days_off))
                .collect::<Vec<_>>()
        );
    } else if n_flow == n_hung {
        assert!(
            c_flow <= c_hung + tol,
            "cost: flow {c_flow}, Hungarian {c_hung}; flex {flex}, tours {:?}, agents {agents:?}",
            tours
                .iter()
                .map(|t| (t.paid_hours, &t.days_off))
                .collect::<Vec<_>>()
        );
    }
    assert_eq!(assign_agents(&tours, &agents, flex).ok(), Some(flow));
    Ok(())
}

/// `solve_tours` on a tiny week.
fn solve_part(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let step = [30u64, 60][u.int_in_range(0..=1usize)?];
    let days = u.int_in_range(1..=7u64)?;
    let start = WEEKS[u.choose_index(WEEKS.len())?]
        .parse::<DateTime<Utc>>()
        .unwrap_or_default();
    let Ok(grid) = IntervalGrid::new(start, m(step), (days * 24 * 60 / step) as usize) else {
        return Ok(());
    };
    let tz = [Tz::UTC, Tz::America__New_York][u.int_in_range(0..=1usize)?];
    // A few hours a day need 0-3 agents (now and then any value).
    let from = u.int_in_range(0..=20u32)?;
    let to = from + u.int_in_range(1..=4u32)?;
    let mut level = Vec::new();
    for _ in 0..days * 4 {
        level.push(if u.ratio(1u8, 16)? {
            Real::arbitrary(u)?.0
        } else {
            f64::from(u.int_in_range(0..=3u8)?)
        });
    }
    // Up to the documented 1e6 agents an interval is accepted, but a
    // million tours take seconds to write out: keep the week tiny.
    if level.iter().any(|&x| x > 20.0 && x.is_finite()) {
        return Ok(());
    }
    let req = IntervalSeries::from_fn(grid, |i, at| {
        let h = at.with_timezone(&tz).hour();
        if h >= from && h < to {
            let day = i * step as usize / (24 * 60);
            level[(day * 4 + (h - from) as usize) % level.len()]
        } else {
            0.0
        }
    });
    let mut templates = Vec::new();
    for i in 0..u.int_in_range(1..=2usize)? {
        let e = from.saturating_sub(u.int_in_range(0..=2u32)?) * 60;
        let l = (e + u.int_in_range(0..=2u32)? * 60).min(23 * 60);
        let mut b = ShiftTemplate::builder(format!("t{i}"))
            .span(m(60 * u.int_in_range(1..=6u64)?))
            .start_window(hm(e), hm(l))
            .hourly_rate(Decimal::from(u.int_in_range(1..=30u32)?));
        if u.arbitrary()? {
            let r = BreakRule::new(
                m(step),
                Pay::Paid,
                m(60 * u.int_in_range(0..=2u64)?),
                m(60 * u.int_in_range(0..=3u64)?),
            );
            if let Ok(r) = r {
                b = b.breaks(vec![r]);
            }
        }
        match b.build() {
            Ok(t) => templates.push(t),
            Err(_) => return Ok(()),
        }
    }
    let horizon = if u.arbitrary()? {
        Horizon::Cyclic
    } else {
        Horizon::Linear
    };
    let problem = match ScheduleProblem::builder(req, templates)
        .time_zone(tz)
        .horizon(horizon)
        .build()
    {
        Ok(p) => p,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return Ok(());
        }
    };
    let working_days = u.int_in_range(1..=7u32)?;
    let rule = if u.arbitrary()? {
        DaysOff::Consecutive
    } else {
        DaysOff::Any
    };
    let band_min = i64::from(u.int_in_range(0..=2u8)?) * 30;
    let max_hours = f64::from(u.int_in_range(1..=60u8)?);
    let Ok(policy) = TourPolicy::new(working_days, rule, m(band_min as u64), max_hours) else {
        return Ok(());
    };
    let opts = SolveOptions::default()
        .with_time_limit(Duration::from_millis(u.int_in_range(0..=40u64)?))
        .with_iterations(u.int_in_range(0..=50usize)?)
        .with_seed(u.arbitrary()?);
    let s = match solve_tours(&problem, &policy, &opts) {
        Ok(s) => s,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return Ok(());
        }
    };
    assert!(s.tours.leftover_shifts.is_empty());
    let grid_minutes = grid.len() as i64 * step as i64;
    for t in &s.tours.tours {
        check_tour(t, &policy, rule, band_min, tz);
        for x in &t.shifts {
            // Legal for its template: on the grid, in the start window, its
            // span, one break per rule inside the rule's window.
            let tpl = problem
                .templates()
                .iter()
                .find(|p| p.name() == x.template)
                .unwrap_or_else(|| panic!("unknown template {}", x.template));
            let offset = (x.start - grid.start()).num_minutes();
            assert!(offset >= 0 && offset < grid_minutes && offset % step as i64 == 0);
            assert_eq!(offset / step as i64, x.start_index as i64);
            let span = (x.end - x.start).num_minutes();
            assert_eq!(span as u64 * 60, tpl.span().as_secs());
            if horizon == Horizon::Linear {
                assert!(offset + span <= grid_minutes, "past the horizon");
            }
            let local = x.start.with_timezone(&tz);
            let clock = local.hour() * 60 + local.minute();
            let (e, l) = tpl.start_window();
            let (e, l) = (e.hour() * 60 + e.minute(), l.hour() * 60 + l.minute());
            assert!(clock >= e && clock <= l, "start {clock} outside {e}..={l}");
            assert_eq!(x.breaks.len(), tpl.breaks().len());
            for (b, r) in x.breaks.iter().zip(tpl.breaks()) {
                let at = (b.start - x.start).num_minutes() as u64 * 60;
                assert!(at >= r.earliest().as_secs() && at <= r.latest().as_secs());
                assert_eq!(
                    (b.end - b.start).num_minutes() as u64 * 60,
                    r.length().as_secs()
                );
            }
            assert!(legal_shift(x, &grid));
        }
    }
    check_series(&s.tours, &grid, problem.requirement().values());
    for (j, (&c, &r)) in s
        .tours
        .coverage
        .values()
        .iter()
        .zip(problem.requirement().values())
        .enumerate()
    {
        assert!(c + 1e-6 >= r, "coverage {c} below {r} at {j}");
    }
    let r = &s.report;
    if let Some(b) = r.bound {
        assert!(
            b <= r.objective + 1e-6 * r.objective.abs().max(1.0),
            "{r:?}"
        );
    }
    if let Some(g) = r.gap {
        assert!((0.0..=1.0).contains(&g), "{r:?}");
    }
    Ok(())
}

fn run(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let Some(seeds) = seeds() else {
        return Ok(());
    };
    match u.int_in_range(0..=7u8)? {
        0 => solve_part(u),
        1 | 2 => assign_part(u, seeds, Vec::new()),
        _ => {
            let tours = tours_part(u, seeds)?;
            assign_part(u, seeds, tours)
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
