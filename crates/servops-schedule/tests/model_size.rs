//! Model-size limits and cost totals (input audit, continued from
//! `input_audit.rs`). Each test names what it returned before the fix;
//! expected values are worked out by hand in the comments.
//!
//! The tests take one lock so that the peak-memory readings of one are not
//! raised by another running beside it in the same process.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rust_decimal::Decimal;
use servops_core::{IntervalGrid, IntervalSeries};
use servops_schedule::{
    BreakRule, DaysOff, Error, Horizon, MAX_BREAK_PLACEMENTS, MAX_MODEL_ENTRIES, MAX_TOUR_ENTRIES,
    Method, Pay, ScheduleProblem, ShiftTemplate, SolveOptions, TourPolicy, build_tours, solve,
    solve_tours,
};

static LOCK: Mutex<()> = Mutex::new(());

fn lock() -> MutexGuard<'static, ()> {
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

fn m(x: u64) -> Duration {
    Duration::from_secs(60 * x)
}

/// Peak resident memory of this process so far, in kB (`VmHWM`).
fn peak_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// A 24/7 week (Monday 2026-03-02 00:00 UTC) at `step` minutes, one agent
/// everywhere, cyclic, with one template.
fn cyclic_week(step: u64, template: ShiftTemplate) -> Result<ScheduleProblem, Error> {
    let n = (7 * 1440 / step) as usize;
    let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse().unwrap(), m(step), n).unwrap();
    ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), vec![template])
        .horizon(Horizon::Cyclic)
        .build()
}

/// A template of `span` minutes with one paid break of `length` minutes
/// allowed anywhere in the shift, placed on a 1-minute step.
fn anywhere_break(span: u64, length: u64) -> ShiftTemplate {
    let b = BreakRule::new(m(length), Pay::Paid, m(0), m(span - length))
        .unwrap()
        .with_step(m(1))
        .unwrap();
    ShiftTemplate::builder("t")
        .span(m(span))
        .hourly_rate(Decimal::ONE)
        .breaks(vec![b])
        .build()
        .unwrap()
}

/// Asserts `r` is `ModelTooLarge` with the given count and limit, found
/// without building anything (peak memory grows by under 64 MB).
fn assert_too_large(
    r: Result<ScheduleProblem, Error>,
    what: &str,
    count: u128,
    limit: usize,
    before_kb: u64,
    started: Instant,
) {
    let grown_mb = peak_kb().saturating_sub(before_kb) / 1024;
    let elapsed = started.elapsed();
    match r {
        Err(Error::ModelTooLarge {
            what: w,
            count: c,
            limit: l,
        }) => {
            assert_eq!((w, c, l), (what, count, limit));
        }
        other => panic!(
            "expected ModelTooLarge, got {:?}",
            other.map(|p| (p.candidate_count(), p.break_placement_count()))
        ),
    }
    // Speed is the benchmarks' business; memory says nothing was built.
    eprintln!("refused in {elapsed:?}");
    assert!(grown_mb < 64, "peak memory grew by {grown_mb} MB");
}

/// A 24/7 week at 5 minutes (2,016 intervals, cyclic, so 2,016 starts)
/// with a 12-hour template and a 30-minute break anywhere on a 1-minute
/// step: offsets 0..=690, 691 per shift, 2,016 x 691 = 1,393,056 break
/// placements, above `MAX_BREAK_PLACEMENTS` (1,000,000). Before the limit
/// the build took 0.7 s (release; 1.2 s debug) and peaked at 216 MB, and
/// the model went to the solver.
#[test]
fn too_many_break_placements_are_refused_before_building() {
    let _g = lock();
    let t = anywhere_break(720, 30);
    let (before, started) = (peak_kb(), Instant::now());
    let r = cyclic_week(5, t);
    assert_too_large(
        r,
        "break placements",
        1_393_056,
        MAX_BREAK_PLACEMENTS,
        before,
        started,
    );
}

/// A 24-hour template without breaks on a 1-minute 24/7 week: 10,080
/// starts x 1,440 intervals = 14,515,200 shift entries, above
/// `MAX_MODEL_ENTRIES` (10,000,000). Before the limit it was built
/// (116 MB of interval lists).
#[test]
fn too_many_model_entries_are_refused_before_building() {
    let _g = lock();
    let t = ShiftTemplate::builder("day")
        .span(m(1440))
        .hourly_rate(Decimal::ONE)
        .build()
        .unwrap();
    let (before, started) = (peak_kb(), Instant::now());
    let r = cyclic_week(1, t);
    assert_too_large(
        r,
        "model entries",
        14_515_200,
        MAX_MODEL_ENTRIES,
        before,
        started,
    );
}

/// A template spanning the whole week on a 1-minute 24/7 week, with a
/// 30-minute break anywhere: 10,080 starts x 10,051 offsets =
/// 101,314,080 break placements (about 15 GB at the 155 bytes a placement
/// measured above). Refused at once; this one was not run before the
/// limit, which it would have exhausted the machine's memory on.
#[test]
fn a_week_long_template_on_a_minute_grid_is_refused_at_once() {
    let _g = lock();
    let t = anywhere_break(7 * 1440, 30);
    let (before, started) = (peak_kb(), Instant::now());
    let r = cyclic_week(1, t);
    assert_too_large(
        r,
        "break placements",
        101_314_080,
        MAX_BREAK_PLACEMENTS,
        before,
        started,
    );
}

/// The limits are inclusive, and the counts are exact. On a linear 1-minute
/// grid of 2,599 intervals, a 600-minute template with a 1-minute break at
/// offsets 0..=499 starts at 0..=1999: 2,000 x 500 = 1,000,000 placements
/// (exactly the limit) and 2,000 x 600 + 1,000,000 x 1 = 2,200,000
/// entries. One more interval gives 2,001 starts and 1,000,500 placements.
#[test]
fn the_limits_are_inclusive() {
    let _g = lock();
    let b = BreakRule::new(m(1), Pay::Paid, m(0), m(499))
        .unwrap()
        .with_step(m(1))
        .unwrap();
    let t = ShiftTemplate::builder("t")
        .span(m(600))
        .hourly_rate(Decimal::ONE)
        .breaks(vec![b])
        .build()
        .unwrap();
    let build = |n: usize| {
        let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse().unwrap(), m(1), n).unwrap();
        ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), vec![t.clone()]).build()
    };
    let p = build(2599).unwrap();
    assert_eq!(p.candidate_count(), 2000);
    assert_eq!(p.break_placement_count(), 1_000_000);
    assert_eq!(p.break_placement_count(), MAX_BREAK_PLACEMENTS);
    assert_eq!(p.model_entries(), 2_200_000);
    drop(p);
    let (before, started) = (peak_kb(), Instant::now());
    assert_too_large(
        build(2600),
        "break placements",
        1_000_500,
        MAX_BREAK_PLACEMENTS,
        before,
        started,
    );
}

/// 2e28, a shift cost that fits (`Decimal::MAX` is
/// 79,228,162,514,264,337,593,543,950,335, about 7.92e28) but of which four
/// do not.
fn big() -> Decimal {
    Decimal::from_i128_with_scale(2 * 10i128.pow(28), 0)
}

/// One-hour shifts costing 2e28 each (fixed cost, no hourly pay) on `n`
/// hourly intervals needing one agent each: every interval needs its own
/// shift, so `n` shifts.
fn one_hour_shifts(n: usize) -> ScheduleProblem {
    let t = ShiftTemplate::builder("h")
        .span(m(60))
        .hourly_rate(Decimal::ZERO)
        .fixed_cost(big())
        .build()
        .unwrap();
    let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse().unwrap(), m(60), n).unwrap();
    ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), vec![t])
        .build()
        .unwrap()
}

/// Four shifts of 2e28 cost 8e28, above `Decimal::MAX` (7.92e28). Before
/// the fix every method returned the schedule with its cost capped at
/// 79228162514264337593543950335 (while the report's objective said 8e28).
/// Three cost 6e28 exactly.
#[test]
fn schedule_cost_overflow_is_an_error() {
    let _g = lock();
    let four = one_hour_shifts(4);
    for method in [Method::Greedy, Method::Heuristic, Method::Auto] {
        let r = solve(&four, &SolveOptions::default().with_method(method));
        assert!(
            matches!(
                r,
                Err(Error::CostOverflow {
                    what: "schedule",
                    shifts: 4
                })
            ),
            "{method:?}: {:?}",
            r.map(|s| s.schedule.cost)
        );
    }
    let three = solve(&one_hour_shifts(3), &SolveOptions::default()).unwrap();
    assert_eq!(three.schedule.shifts.len(), 3);
    assert_eq!(
        three.schedule.cost,
        Decimal::from_i128_with_scale(6 * 10i128.pow(28), 0)
    );
    // `build_tours` sums a subset of the schedule's shifts, whose total
    // `solve` has checked: the three weekday shifts of one Monday make no
    // five-day tour, so all three are left over and the tours cost 0.
    let policy = TourPolicy::new(5, DaysOff::Consecutive, m(60), 40.0).unwrap();
    let tours = build_tours(&three.schedule, &policy, servops_core::chrono_tz::UTC).unwrap();
    assert_eq!(tours.cost, Decimal::ZERO);
    assert_eq!(tours.leftover_shifts.len(), 3);
}

/// A week on an hourly grid needing one agent 08:00-16:00 every day,
/// eight-hour shifts at 08:00 costing `cost` each, five-day tours with two
/// consecutive days off: seven days need two tours, ten shifts.
fn tour_week(cost: Decimal) -> ScheduleProblem {
    let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse().unwrap(), m(60), 7 * 24).unwrap();
    let req = IntervalSeries::from_fn(grid, |i, _| {
        if (8..16).contains(&(i % 24)) {
            1.0
        } else {
            0.0
        }
    });
    let at8 = servops_core::chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap();
    let t = ShiftTemplate::builder("ft8")
        .span(m(480))
        .start_window(at8, at8)
        .hourly_rate(Decimal::ZERO)
        .fixed_cost(cost)
        .build()
        .unwrap();
    ScheduleProblem::builder(req, vec![t]).build().unwrap()
}

/// Ten shifts of 2e28 cost 2e29, above `Decimal::MAX`. Before the fix
/// `solve_tours` returned the two tours with their cost capped at
/// 79228162514264337593543950335. With shifts of 7e27 the ten cost 7e28
/// exactly.
#[test]
fn tour_cost_overflow_is_an_error() {
    let _g = lock();
    let policy = TourPolicy::new(5, DaysOff::Consecutive, Duration::ZERO, 40.0).unwrap();
    let r = solve_tours(&tour_week(big()), &policy, &SolveOptions::default());
    assert!(
        matches!(
            r,
            Err(Error::CostOverflow {
                what: "tours",
                shifts: 10
            })
        ),
        "{:?}",
        r.map(|s| (s.tours.tours.len(), s.tours.cost))
    );
    let seven = Decimal::from_i128_with_scale(7 * 10i128.pow(27), 0);
    let s = solve_tours(&tour_week(seven), &policy, &SolveOptions::default()).unwrap();
    assert_eq!(s.tours.tours.len(), 2);
    assert_eq!(
        s.tours.cost,
        Decimal::from_i128_with_scale(7 * 10i128.pow(28), 0)
    );
}

/// `templates` one-minute templates (`t0`, `t1`, ...) startable at every
/// minute of every day of a linear week on a one-minute grid (Monday
/// 2026-03-02 00:00 UTC) needing one agent everywhere.
fn minute_templates_week(templates: usize) -> ScheduleProblem {
    let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse().unwrap(), m(1), 7 * 1440).unwrap();
    let ts = (0..templates)
        .map(|k| {
            ShiftTemplate::builder(format!("t{k}"))
                .span(m(1))
                .hourly_rate(Decimal::ONE)
                .build()
                .unwrap()
        })
        .collect();
    ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), ts)
        .build()
        .unwrap()
}

/// The tour model is counted before it is built. 48 one-minute templates
/// on a one-minute week: the daily model has 48 x 10,080 = 483,840
/// entries (within the limit). Tours of 4 days with any 3 days off, band
/// 0: per template every one of the 1,440 start clocks is a band holding
/// one shift on each of the 7 days, so all C(7,4) = 35 patterns make a
/// tour type: 1,440 x 35 = 50,400 types of 4 link entries each (201,600),
/// and 10,080 shift variables spanning one interval each; 211,680 entries
/// per template, 48 x 211,680 = 10,160,640 in all, above
/// MAX_MODEL_ENTRIES (and far above MAX_TOUR_ENTRIES = 1,500,000, the
/// tour model's own limit). Before the fix `solve_tours` with a 1 s time limit
/// built the 2,419,200 tour types and was still running after 60 s, at a
/// peak of 4.05 GB resident; now `Error::ModelTooLarge` with the count. The week of `tour_week` has 7 tour types of 5 link entries
/// (one 08:00 band, the 7 patterns of two consecutive days off) and 7
/// eight-hour shift variables: 35 + 56 = 91 entries, as reported.
#[test]
fn tour_model_is_counted_before_it_is_built() {
    let _g = lock();
    let policy = TourPolicy::new(4, DaysOff::Any, Duration::ZERO, 40.0).unwrap();
    let p = minute_templates_week(48);
    assert_eq!(p.model_entries(), 483_840);
    let opts = SolveOptions::default().with_time_limit(Duration::from_secs(1));
    let r = solve_tours(&p, &policy, &opts);
    assert!(
        matches!(
            r,
            Err(Error::ModelTooLarge {
                what: "tour model entries",
                count: 10_160_640,
                limit: MAX_TOUR_ENTRIES
            })
        ),
        "{:?}",
        r.map(|s| s.report)
    );
    let s = solve_tours(
        &tour_week(Decimal::ONE),
        &policy_5_7(),
        &SolveOptions::default(),
    )
    .unwrap();
    assert_eq!(s.report.model_entries, 91);
}

/// The tour model has its own, lower limit, `MAX_TOUR_ENTRIES` =
/// 1,500,000: its interior-point relaxation holds up to about 400 bytes
/// per entry (measured, release). Eight one-minute templates on a
/// one-minute week, tours of 4 days with any 3 off, band 0: as above
/// 211,680 entries per template, 8 x 211,680 = 1,693,440 in all (the daily
/// model has 8 x 10,080 = 80,640). Before the fix that was under the
/// 10,000,000 of `MAX_MODEL_ENTRIES` and went to the solver: with a 1 s
/// limit, 8.8 s and a 687 MB peak in a release build (ten templates,
/// 2,116,800 entries: 10.8 s, 872 MB); now `ModelTooLarge` with the count
/// before anything is built. Seven templates (1,481,760) are accepted.
#[test]
fn tour_model_above_the_tour_limit_is_refused() {
    let _g = lock();
    let policy = TourPolicy::new(4, DaysOff::Any, Duration::ZERO, 40.0).unwrap();
    let p = minute_templates_week(8);
    assert_eq!(p.model_entries(), 80_640);
    let opts = SolveOptions::default().with_time_limit(Duration::from_secs(1));
    let before = peak_kb();
    let r = solve_tours(&p, &policy, &opts);
    match r {
        Err(Error::ModelTooLarge { what, count, limit }) => {
            assert_eq!(
                (what, count, limit),
                ("tour model entries", 1_693_440, 1_500_000)
            );
        }
        other => panic!("{:?}", other.map(|s| s.report)),
    }
    let grown_mb = peak_kb().saturating_sub(before) / 1024;
    assert!(grown_mb < 64, "peak memory grew by {grown_mb} MB");
}

fn policy_5_7() -> TourPolicy {
    TourPolicy::new(5, DaysOff::Consecutive, Duration::ZERO, 40.0).unwrap()
}

/// Two days at one minute (2,880 intervals, linear) needing one agent
/// everywhere, one 12-hour template without breaks starting at any
/// minute: 2,880 - 720 + 1 = 2,161 starts of 720 intervals each, so
/// 2,161 x 720 = 1,555,920 model entries, under `MAX_MODEL_ENTRIES`
/// (the problem builds) but above `MAX_LP_ENTRIES` = 1,000,000.
fn minute_days() -> ScheduleProblem {
    let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse().unwrap(), m(1), 2 * 1440).unwrap();
    let twelve = ShiftTemplate::builder("t12")
        .span(m(720))
        .hourly_rate(Decimal::ONE)
        .build()
        .unwrap();
    ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), vec![twelve])
        .build()
        .unwrap()
}

/// `solve` builds the LP relaxation (its interior-point solver holds about
/// 550 bytes per model entry: 0.4 GB for a year of half hours with
/// templates starting at any half hour, 1.2 GB for three years, measured),
/// so it refuses a problem of more than `MAX_LP_ENTRIES` entries before
/// building it, with every method that solves the LP; `Method::Greedy`
/// builds no LP and still solves it. Before the fix the 1,555,920-entry
/// problem went to the interior-point method (setup outside the time
/// limit) and came back as a schedule; now `Error::ModelTooLarge` at once,
/// with the count worked out by hand.
#[test]
fn solve_refuses_a_model_too_large_for_its_lp_relaxation() {
    let _guard = lock();
    let p = minute_days();
    assert_eq!(p.model_entries(), 1_555_920);
    for method in [Method::Auto, Method::Heuristic, Method::BranchAndBound] {
        let opts = SolveOptions::default()
            .with_method(method)
            .with_time_limit(Duration::from_secs(1));
        match solve(&p, &opts) {
            Err(Error::ModelTooLarge { what, count, limit }) => {
                assert_eq!(
                    (what, count, limit),
                    ("lp model entries", 1_555_920, 1_000_000)
                );
            }
            other => panic!("{method:?}: {:?}", other.map(|s| s.report)),
        }
    }
    // The greedy cover: shifts starting at minutes 0, 720, 1440 and
    // 2160 cover the two days exactly, and the greedy takes a shift that
    // adds 720 missing agent-minutes while one exists.
    let g = solve(&p, &SolveOptions::default().with_method(Method::Greedy)).unwrap();
    assert!(g.schedule.under.values().iter().all(|&u| u == 0.0));
    assert_eq!(g.schedule.shifts.len(), 4);
}
