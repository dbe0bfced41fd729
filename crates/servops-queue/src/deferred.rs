//! Deferred work (email, web forms, back-office cases): a fluid FIFO model of
//! the backlog, the share of items answered within a response-time goal, and
//! the staff that goal needs.
//!
//! Deferred contacts do not queue by the second; they wait in a backlog and
//! the goal is a response time in hours ("95 % answered within 24 hours").
//! The model here is *fluid*: items arrive uniformly within each interval and
//! are worked oldest first at `staff x productive share / AHT` items per
//! second. Under those assumptions every number it returns is exact (to
//! floating point): the cumulative arrival and completion curves are
//! piecewise linear and the response-time measures are integrated piece by
//! piece, never sampled. `docs/queueing.md` (section 9) gives the equations.

use std::time::Duration;

use servops_core::IntervalSeries;

use crate::erlang_b::MAX_AGENTS;
use crate::error::{Error, Result, invalid, non_negative};

/// Relative tolerance on times: an item whose response exceeds the goal by
/// less than `TIME_TOLERANCE x max(horizon, goal)` counts as within the goal.
///
/// Floating-point rounding puts the response of an item that is answered
/// exactly at the goal (the just-in-time plan answers whole ranges of items
/// exactly at it) a few ulps either side; this keeps them on the right side.
///
/// # Examples
///
/// ```
/// // Ten nanoseconds in a week-long horizon: far below the fluid model's resolution.
/// assert!(servops_queue::DEFERRED_TIME_TOLERANCE * 604_800.0 < 1e-5);
/// ```
pub const DEFERRED_TIME_TOLERANCE: f64 = 1e-11;

/// Relative tolerance on item counts: a backlog below
/// `DEFERRED_ITEM_TOLERANCE x max(total items, 1)` counts as cleared, and a
/// share goal counts as met when the items within the goal fall short of it
/// by less than that.
///
/// # Examples
///
/// ```
/// assert!(servops_queue::DEFERRED_ITEM_TOLERANCE <= 1e-9);
/// ```
pub const DEFERRED_ITEM_TOLERANCE: f64 = 1e-9;

/// Relative precision of the fractional level found by
/// [`DeferredWorkload::constant_staff`]: bisection stops when the bracket
/// around the threshold level is narrower than this times the level (at
/// least 1), and returns its upper end, which meets the goal.
///
/// # Examples
///
/// ```
/// assert!(servops_queue::DEFERRED_LEVEL_TOLERANCE <= 1e-9);
/// ```
pub const DEFERRED_LEVEL_TOLERANCE: f64 = 1e-9;

/// A linear piece of an inverse cumulative curve: item index `x` in
/// `[x0, x1]` arrives (or completes) at the time interpolated linearly
/// between `t0` and `t1` (no slope is stored, so a tiny count or rate cannot
/// overflow it).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Piece {
    x0: f64,
    x1: f64,
    t0: f64,
    t1: f64,
}

impl Piece {
    fn time_at(&self, x: f64) -> f64 {
        let f = ((x - self.x0) / (self.x1 - self.x0)).clamp(0.0, 1.0);
        self.t0 + (self.t1 - self.t0) * f
    }
}

/// Items already waiting when the horizon starts, in cohorts of a given age.
///
/// A cohort of `items` with age `g` arrived all at once, `g` before the start
/// of the first interval; with age zero the items count as arrived at the
/// start. Cohorts are worked oldest first, before anything that arrives in
/// the horizon.
///
/// # Errors
///
/// [`Error::InvalidParameter`] if a cohort's item count is negative or not
/// finite.
///
/// # Examples
///
/// ```
/// use servops_queue::InitialBacklog;
/// use std::time::Duration;
///
/// // 40 e-mails from last night (10 hours old) and 12 that came in at the start.
/// let backlog = InitialBacklog::new()
///     .with_cohort(40.0, Duration::from_secs(10 * 3600))?
///     .with_cohort(12.0, Duration::ZERO)?;
/// assert_eq!(backlog.items(), 52.0);
/// assert!(InitialBacklog::new().with_cohort(f64::NAN, Duration::ZERO).is_err());
/// # Ok::<(), servops_queue::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "serde_forms::BacklogRepr",
        into = "serde_forms::BacklogRepr"
    )
)]
pub struct InitialBacklog {
    /// `(items, age)`, oldest first.
    cohorts: Vec<(f64, Duration)>,
}

impl InitialBacklog {
    /// No backlog at the start.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::InitialBacklog;
    ///
    /// assert_eq!(InitialBacklog::new().items(), 0.0);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// `items` waiting at the start, counted as arrived at the start (age zero).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `items` is negative or not finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::InitialBacklog;
    ///
    /// assert_eq!(InitialBacklog::at_start(25.0)?.items(), 25.0);
    /// assert!(InitialBacklog::at_start(-1.0).is_err());
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn at_start(items: f64) -> Result<Self> {
        Self::new().with_cohort(items, Duration::ZERO)
    }

    /// Adds `items` that arrived `age` before the start of the horizon.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `items` is negative or not finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::InitialBacklog;
    /// use std::time::Duration;
    ///
    /// let b = InitialBacklog::new().with_cohort(8.0, Duration::from_secs(7200))?;
    /// assert_eq!(b.cohorts().collect::<Vec<_>>(), vec![(8.0, Duration::from_secs(7200))]);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn with_cohort(mut self, items: f64, age: Duration) -> Result<Self> {
        let items = non_negative("backlog_items", items)?;
        let at = self.cohorts.partition_point(|&(_, a)| a >= age);
        self.cohorts.insert(at, (items, age));
        let total = self.items();
        if !total.is_finite() {
            return Err(invalid("backlog_items", total, "a finite total"));
        }
        Ok(self)
    }

    /// The total number of items waiting at the start.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::InitialBacklog;
    ///
    /// assert_eq!(InitialBacklog::at_start(3.5)?.items(), 3.5);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn items(&self) -> f64 {
        self.cohorts.iter().map(|&(n, _)| n).sum()
    }

    /// The cohorts as `(items, age)`, oldest first (the order they are worked in).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::InitialBacklog;
    /// use std::time::Duration;
    ///
    /// let b = InitialBacklog::at_start(1.0)?.with_cohort(2.0, Duration::from_secs(60))?;
    /// let ages: Vec<_> = b.cohorts().map(|(_, age)| age.as_secs()).collect();
    /// assert_eq!(ages, vec![60, 0]);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn cohorts(&self) -> impl Iterator<Item = (f64, Duration)> + '_ {
        self.cohorts.iter().copied()
    }
}

/// A response-time goal: at least `share` of the items answered within
/// `within` of their arrival (clock time, nights and weekends included).
///
/// # Errors
///
/// [`Error::InvalidParameter`] if `share` is not in `(0, 1]` or `within` is
/// zero.
///
/// # Examples
///
/// ```
/// use servops_queue::ResponseGoal;
/// use std::time::Duration;
///
/// let day = Duration::from_secs(24 * 3600);
/// let goal = ResponseGoal::new(0.95, day)?;
/// assert_eq!(goal.share(), 0.95);
/// assert_eq!(ResponseGoal::all_within(day)?.share(), 1.0);
/// assert!(ResponseGoal::new(1.2, day).is_err());
/// assert!(ResponseGoal::new(0.9, Duration::ZERO).is_err());
/// # Ok::<(), servops_queue::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "serde_forms::GoalRepr", into = "serde_forms::GoalRepr")
)]
pub struct ResponseGoal {
    share: f64,
    within: Duration,
}

impl ResponseGoal {
    /// At least `share` of the items answered within `within`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `share` is not in `(0, 1]` or `within`
    /// is zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::ResponseGoal;
    /// use std::time::Duration;
    ///
    /// let g = ResponseGoal::new(0.8, Duration::from_secs(4 * 3600))?;
    /// assert_eq!(g.within(), Duration::from_secs(14_400));
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn new(share: f64, within: Duration) -> Result<Self> {
        if !(share > 0.0 && share <= 1.0) {
            return Err(invalid("share", share, "in (0, 1]"));
        }
        let within = positive_duration("within", within)?;
        Ok(Self { share, within })
    }

    /// Every item answered within `within`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `within` is zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::ResponseGoal;
    /// use std::time::Duration;
    ///
    /// assert_eq!(ResponseGoal::all_within(Duration::from_secs(3600))?.share(), 1.0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn all_within(within: Duration) -> Result<Self> {
        Self::new(1.0, within)
    }

    /// The share of items that must be answered within the goal, in `(0, 1]`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::ResponseGoal;
    /// use std::time::Duration;
    ///
    /// assert_eq!(ResponseGoal::new(0.9, Duration::from_secs(60))?.share(), 0.9);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn share(&self) -> f64 {
        self.share
    }

    /// The response time each item counts against.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::ResponseGoal;
    /// use std::time::Duration;
    ///
    /// let g = ResponseGoal::new(0.9, Duration::from_secs(60))?;
    /// assert_eq!(g.within().as_secs(), 60);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn within(&self) -> Duration {
        self.within
    }
}

fn positive_duration(name: &'static str, d: Duration) -> Result<Duration> {
    if d.is_zero() {
        Err(invalid(name, 0.0, "> 0"))
    } else {
        Ok(d)
    }
}

fn check_len(expected: usize, actual: usize) -> Result<()> {
    if expected == actual {
        Ok(())
    } else {
        Err(Error::Core(servops_core::Error::LengthMismatch {
            expected,
            actual,
        }))
    }
}

/// A deferred-work queue over consecutive intervals: the items arriving in
/// each interval, the handle time, an optional initial backlog and the share
/// of paid time agents spend on the work.
///
/// Items arrive uniformly within their interval and are worked oldest first
/// (FIFO) at `staff x productive share / AHT` items per second; time runs on
/// one clock from the start of the first interval (`0`) to the end of the
/// last (the horizon `T = n x interval`).
///
/// # Errors
///
/// [`DeferredWorkload::new`] returns [`Error::InvalidParameter`] for an empty
/// or non-finite or negative arrival count, or a zero interval or handle
/// time.
///
/// # Examples
///
/// ```
/// use servops_queue::{DeferredWorkload, ResponseGoal};
/// use std::time::Duration;
///
/// // A morning of e-mail in hourly intervals, 6-minute handle time.
/// let hour = Duration::from_secs(3600);
/// let work = DeferredWorkload::new(&[30.0, 60.0, 40.0, 20.0], hour, Duration::from_secs(360))?;
/// // Five agents answer 5 x 3600 / 360 = 50 items an hour.
/// let run = work.simulate(&[5.0; 4])?;
/// assert_eq!(run.unfinished(), 0.0);
/// let two_hours = run.attainment(2 * hour)?;
/// assert_eq!(two_hours.share_met(), Some(1.0));
/// # Ok::<(), servops_queue::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "serde_forms::WorkloadRepr",
        into = "serde_forms::WorkloadRepr"
    )
)]
pub struct DeferredWorkload {
    arrivals: Vec<f64>,
    interval: Duration,
    interval_secs: f64,
    aht: Duration,
    aht_secs: f64,
    productive_share: f64,
    backlog: InitialBacklog,
    /// `cumulative[i]` = items that arrived before the start of interval `i`
    /// (initial backlog included); `cumulative[n]` = all items.
    cumulative: Vec<f64>,
    /// The inverse arrival curve: item index -> arrival time.
    arrival_pieces: Vec<Piece>,
}

impl DeferredWorkload {
    /// A workload of `arrivals[i]` items in interval `i`, intervals of
    /// length `interval`, each item needing `aht` of work; no initial
    /// backlog and a productive share of 1.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `arrivals` is empty (`value` is the
    /// length) or holds a negative or non-finite count (`name` is
    /// `arrivals`), or `interval` or `aht` is zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{DeferredWorkload, Error};
    /// use std::time::Duration;
    ///
    /// let q = Duration::from_secs(900);
    /// let work = DeferredWorkload::new(&[4.0, 0.0, 2.5], q, Duration::from_secs(300))?;
    /// assert_eq!(work.total_items(), 6.5);
    /// let bad = DeferredWorkload::new(&[4.0, f64::NAN], q, Duration::from_secs(300));
    /// assert!(matches!(bad, Err(Error::InvalidParameter { name: "arrivals", .. })));
    /// assert!(DeferredWorkload::new(&[], q, Duration::from_secs(300)).is_err());
    /// assert!(DeferredWorkload::new(&[1.0], q, Duration::ZERO).is_err());
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn new(arrivals: &[f64], interval: Duration, aht: Duration) -> Result<Self> {
        if arrivals.is_empty() {
            return Err(invalid(
                "arrivals",
                0.0,
                "non-empty (one count per interval)",
            ));
        }
        for &a in arrivals {
            non_negative("arrivals", a)?;
        }
        let interval = positive_duration("interval", interval)?;
        let aht = positive_duration("aht", aht)?;
        let mut work = Self {
            arrivals: arrivals.to_vec(),
            interval,
            interval_secs: interval.as_secs_f64(),
            aht,
            aht_secs: aht.as_secs_f64(),
            productive_share: 1.0,
            backlog: InitialBacklog::new(),
            cumulative: Vec::new(),
            arrival_pieces: Vec::new(),
        };
        work.rebuild();
        work.check_total()?;
        Ok(work)
    }

    /// A workload from a series of arrival counts: the interval length is the
    /// series grid's step.
    ///
    /// # Errors
    ///
    /// As [`DeferredWorkload::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_queue::DeferredWorkload;
    /// use std::time::Duration;
    ///
    /// let start = Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap();
    /// let grid = IntervalGrid::new(start, Duration::from_secs(1800), 4)?;
    /// let series = IntervalSeries::new(grid, vec![10.0, 12.0, 8.0, 5.0])?;
    /// let work = DeferredWorkload::from_series(&series, Duration::from_secs(240))?;
    /// assert_eq!(work.interval(), Duration::from_secs(1800));
    /// assert_eq!(work.total_items(), 35.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_series(arrivals: &IntervalSeries<f64>, aht: Duration) -> Result<Self> {
        Self::new(arrivals.values(), arrivals.grid().step(), aht)
    }

    /// The same workload with `backlog` waiting at the start.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if the items of the backlog and the
    /// arrivals add up to more than `f64` can hold.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{DeferredWorkload, InitialBacklog};
    /// use std::time::Duration;
    ///
    /// let hour = Duration::from_secs(3600);
    /// let work = DeferredWorkload::new(&[10.0], hour, Duration::from_secs(600))?
    ///     .with_backlog(InitialBacklog::at_start(5.0)?)?;
    /// assert_eq!(work.total_items(), 15.0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn with_backlog(mut self, backlog: InitialBacklog) -> Result<Self> {
        self.backlog = backlog;
        self.rebuild();
        self.check_total()?;
        Ok(self)
    }

    fn check_total(&self) -> Result<()> {
        let total = self.total_items();
        if total.is_finite() {
            Ok(())
        } else {
            Err(invalid(
                "arrivals",
                total,
                "a finite total (with the backlog)",
            ))
        }
    }

    /// The same workload with agents productive on it for only `share` of
    /// their time (an occupancy cap, or time spent on other work): the
    /// capacity of `s` agents is `s x share / AHT` items per second.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `share` is not in `(0, 1]`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::DeferredWorkload;
    /// use std::time::Duration;
    ///
    /// let hour = Duration::from_secs(3600);
    /// let work = DeferredWorkload::new(&[10.0], hour, Duration::from_secs(360))?
    ///     .with_productive_share(0.8)?;
    /// // One agent: 0.8 x 3600 / 360 = 8 items an hour.
    /// assert!((work.capacity_per_agent() - 8.0).abs() < 1e-12);
    /// assert!(work.clone().with_productive_share(0.0).is_err());
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn with_productive_share(mut self, share: f64) -> Result<Self> {
        if !(share > 0.0 && share <= 1.0) {
            return Err(invalid("productive_share", share, "in (0, 1]"));
        }
        self.productive_share = share;
        Ok(self)
    }

    fn rebuild(&mut self) {
        let n = self.arrivals.len();
        let l = self.interval_secs;
        let mut pieces = Vec::with_capacity(n + self.backlog.cohorts.len());
        let mut x = 0.0;
        for &(items, age) in &self.backlog.cohorts {
            if items > 0.0 {
                let t = -age.as_secs_f64();
                pieces.push(Piece {
                    x0: x,
                    x1: x + items,
                    t0: t,
                    t1: t,
                });
                x += items;
            }
        }
        let mut cumulative = Vec::with_capacity(n + 1);
        cumulative.push(x);
        for (i, &a) in self.arrivals.iter().enumerate() {
            if a > 0.0 {
                pieces.push(Piece {
                    x0: x,
                    x1: x + a,
                    t0: i as f64 * l,
                    t1: (i + 1) as f64 * l,
                });
            }
            x += a;
            cumulative.push(x);
        }
        self.cumulative = cumulative;
        self.arrival_pieces = pieces;
    }

    /// The number of intervals.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::DeferredWorkload;
    /// use std::time::Duration;
    ///
    /// let w = DeferredWorkload::new(&[1.0; 96], Duration::from_secs(900), Duration::from_secs(300))?;
    /// assert_eq!(w.len(), 96);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    #[allow(clippy::len_without_is_empty)] // never empty: the constructor refuses it
    pub fn len(&self) -> usize {
        self.arrivals.len()
    }

    /// The items arriving in each interval.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::DeferredWorkload;
    /// use std::time::Duration;
    ///
    /// let w = DeferredWorkload::new(&[1.0, 2.0], Duration::from_secs(900), Duration::from_secs(300))?;
    /// assert_eq!(w.arrivals(), &[1.0, 2.0]);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn arrivals(&self) -> &[f64] {
        &self.arrivals
    }

    /// The interval length.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::DeferredWorkload;
    /// use std::time::Duration;
    ///
    /// let w = DeferredWorkload::new(&[1.0], Duration::from_secs(900), Duration::from_secs(300))?;
    /// assert_eq!(w.interval().as_secs(), 900);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// The handle time per item.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::DeferredWorkload;
    /// use std::time::Duration;
    ///
    /// let w = DeferredWorkload::new(&[1.0], Duration::from_secs(900), Duration::from_secs(300))?;
    /// assert_eq!(w.aht().as_secs(), 300);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn aht(&self) -> Duration {
        self.aht
    }

    /// The share of agents' time that is productive on this work, in `(0, 1]`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::DeferredWorkload;
    /// use std::time::Duration;
    ///
    /// let w = DeferredWorkload::new(&[1.0], Duration::from_secs(900), Duration::from_secs(300))?;
    /// assert_eq!(w.productive_share(), 1.0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn productive_share(&self) -> f64 {
        self.productive_share
    }

    /// The initial backlog.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{DeferredWorkload, InitialBacklog};
    /// use std::time::Duration;
    ///
    /// let w = DeferredWorkload::new(&[1.0], Duration::from_secs(900), Duration::from_secs(300))?
    ///     .with_backlog(InitialBacklog::at_start(4.0)?)?;
    /// assert_eq!(w.backlog().items(), 4.0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn backlog(&self) -> &InitialBacklog {
        &self.backlog
    }

    /// All items: the initial backlog plus every interval's arrivals.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::DeferredWorkload;
    /// use std::time::Duration;
    ///
    /// let w = DeferredWorkload::new(&[1.0, 2.0], Duration::from_secs(900), Duration::from_secs(300))?;
    /// assert_eq!(w.total_items(), 3.0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn total_items(&self) -> f64 {
        self.cumulative.last().copied().unwrap_or(0.0)
    }

    /// The items one agent handles in one interval: `interval x productive
    /// share / AHT`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::DeferredWorkload;
    /// use std::time::Duration;
    ///
    /// let w = DeferredWorkload::new(&[1.0], Duration::from_secs(900), Duration::from_secs(300))?;
    /// assert_eq!(w.capacity_per_agent(), 3.0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn capacity_per_agent(&self) -> f64 {
        self.interval_secs * self.productive_share / self.aht_secs
    }

    fn horizon_secs(&self) -> f64 {
        self.arrivals.len() as f64 * self.interval_secs
    }

    /// Items that `staff` agents complete in one interval.
    fn capacity_of(&self, staff: f64) -> f64 {
        staff * self.capacity_per_agent()
    }

    /// What a staffing plan does to the backlog: `staff[i]` agents work the
    /// queue in interval `i` (0 = closed).
    ///
    /// # Formula
    ///
    /// In interval `i` (start `s`, length `L`) items arrive at `lambda =
    /// a_i / L` per second and the staff completes up to `mu = staff_i x
    /// share / AHT` per second. With a backlog `Q` at the start: while `Q >
    /// 0`, completions run at `mu`; the backlog empties after `Q / (mu -
    /// lambda)` if `mu > lambda`, and from then on completions follow
    /// arrivals. Cumulative completions `C(t)` are therefore piecewise
    /// linear with at most two pieces per interval, and
    /// `C(t) = min(C(s) + mu (t - s), A(t))` within it.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] (length mismatch) if `staff` does not have one value
    /// per interval; [`Error::InvalidParameter`] if a value is negative or
    /// not finite, or so large that its capacity overflows.
    ///
    /// # Accuracy
    ///
    /// Exact for the fluid model up to floating-point rounding: one pass of
    /// additions per interval, no iteration or sampling (the hand-worked
    /// tests agree to `1e-9` relative, their tolerance). Checked against a
    /// discrete simulation of small items in `tests/deferred_reference.rs`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::DeferredWorkload;
    /// use std::time::Duration;
    ///
    /// let hour = Duration::from_secs(3600);
    /// // 100 items in the first hour, 6-minute AHT, 5 agents: 50 an hour.
    /// let work = DeferredWorkload::new(&[100.0, 0.0, 0.0], hour, Duration::from_secs(360))?;
    /// let run = work.simulate(&[5.0, 5.0, 5.0])?;
    /// let backlog: Vec<f64> = run.intervals().iter().map(|i| i.backlog).collect();
    /// assert_eq!(backlog, vec![50.0, 0.0, 0.0]);
    /// // At the end of hour 1 the oldest waiting item (number 50) arrived at 0.5 h.
    /// assert_eq!(run.intervals()[0].oldest_age_secs, Some(1800.0));
    /// assert_eq!(run.intervals()[1].oldest_age_secs, None);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn simulate(&self, staff: &[f64]) -> Result<BacklogProjection> {
        check_len(self.len(), staff.len())?;
        for &s in staff {
            non_negative("staff", s)?;
            if !self.capacity_of(s).is_finite() {
                return Err(invalid(
                    "staff",
                    s,
                    "small enough that staff x capacity per agent is finite",
                ));
            }
        }
        let mut completion = Vec::with_capacity(2 * self.len());
        let mut intervals = Vec::with_capacity(self.len());
        let mut oldest = 0usize;
        let completed = self.completion_curve(
            |i| staff[i],
            &mut completion,
            |i, start, end, capacity| {
                let backlog = (self.cumulative[i + 1] - end).max(0.0);
                let oldest_age_secs = if backlog > 0.0 {
                    self.oldest_arrival(end, &mut oldest)
                        .map(|t| (i + 1) as f64 * self.interval_secs - t)
                } else {
                    None
                };
                intervals.push(IntervalBacklog {
                    arrivals: self.arrivals[i],
                    capacity,
                    handled: end - start,
                    backlog,
                    oldest_age_secs,
                });
            },
        );
        Ok(BacklogProjection {
            intervals,
            completion,
            arrivals: self.arrival_pieces.clone(),
            cumulative: self.cumulative.clone(),
            interval_secs: self.interval_secs,
            completed,
        })
    }

    /// Arrival time of the first item not completed when `completed` items
    /// are done (FIFO), advancing the piece cursor `at`.
    fn oldest_arrival(&self, completed: f64, at: &mut usize) -> Option<f64> {
        while let Some(p) = self.arrival_pieces.get(*at) {
            if completed < p.x1 {
                return Some(p.time_at(completed.max(p.x0)));
            }
            *at += 1;
        }
        None
    }

    /// Builds the inverse completion curve for the staff `staff_of(i)`,
    /// calling `each(i, C(start), C(end), capacity)` per interval; returns
    /// the items completed by the horizon.
    fn completion_curve(
        &self,
        staff_of: impl Fn(usize) -> f64,
        pieces: &mut Vec<Piece>,
        mut each: impl FnMut(usize, f64, f64, f64),
    ) -> f64 {
        pieces.clear();
        let l = self.interval_secs;
        let mut c = 0.0_f64;
        for (i, &a) in self.arrivals.iter().enumerate() {
            let start = i as f64 * l;
            let end_time = (i + 1) as f64 * l;
            let a_end = self.cumulative[i + 1];
            let q = (self.cumulative[i] - c).max(0.0);
            let capacity = self.capacity_of(staff_of(i));
            let c0 = c;
            if capacity > 0.0 {
                if q > 0.0 && q < capacity - a {
                    // The backlog empties at tau = q / (mu - lambda) < L;
                    // then completions follow arrivals.
                    // (Each ratio is formed first: counts can be near f64::MAX.)
                    let tau = (l * (q / (capacity - a))).clamp(0.0, l);
                    let mid = (c + q + a * (tau / l)).clamp(c, a_end);
                    push(pieces, c, mid, start, start + tau);
                    push(pieces, mid, a_end, start + tau, end_time);
                    c = a_end;
                } else if q <= 0.0 && a <= capacity {
                    // Nothing waiting and arrivals within capacity: done on arrival.
                    push(pieces, c, a_end, start, end_time);
                    c = a_end;
                } else {
                    // Working at capacity all interval.
                    let end = (c + capacity).min(a_end);
                    push(pieces, c, end, start, end_time);
                    c = end;
                }
            }
            each(i, c0, c, capacity);
        }
        c
    }

    /// For each item, the earliest time any staffing could complete it is
    /// the first open instant at or after its arrival. Calls
    /// `each(source, items, opening)` for the items whose response would
    /// then be at least `within` (cohorts: a lump needs time) or more than
    /// `within` (interval arrivals, whose boundary is a single instant):
    /// `opening` is `None` when no interval opens after they arrive. An
    /// interval's unreachable arrivals are ignored when they span no more
    /// than `slack` seconds (rounding at a knife edge).
    fn for_each_unreachable(
        &self,
        within: f64,
        slack: f64,
        open: &[bool],
        mut each: impl FnMut(ArrivalSource, f64, Option<f64>),
    ) {
        let l = self.interval_secs;
        let n = self.len();
        // next_open[i] = start of the first open interval >= i.
        let mut next = None;
        let mut next_open = vec![None; n + 1];
        for i in (0..n).rev() {
            if open[i] {
                next = Some(i as f64 * l);
            }
            next_open[i] = next;
        }
        for &(items, age) in &self.backlog.cohorts {
            if items <= 0.0 {
                continue;
            }
            let age = age.as_secs_f64();
            match next_open[0] {
                Some(o) if o + age < within => {}
                // Never opening, but due after the horizon: carried over, as
                // arrivals in the same position are. Due at the horizon
                // itself counts as due, with the arithmetic
                // `BacklogProjection::attainment` uses (`A(H - D)` holds the
                // cohorts with `-age <= H - D`).
                None if {
                    let u = self.horizon_secs() - within;
                    u < 0.0 && -age > u
                } => {}
                opening => each(ArrivalSource::Backlog { age_secs: age }, items, opening),
            }
        }
        for (i, &a) in self.arrivals.iter().enumerate() {
            if a <= 0.0 || open[i] {
                continue;
            }
            let s = i as f64 * l;
            // Items arriving at t in [s, s + L) with opening - t > within, or
            // (never opening) t + within <= horizon.
            let cutoff = match next_open[i + 1] {
                Some(o) => o - within,
                None => self.horizon_secs() - within,
            };
            let frac = ((cutoff - s) / l).clamp(0.0, 1.0);
            if cutoff - s > slack {
                each(ArrivalSource::Interval(i), a * frac, next_open[i + 1]);
            }
        }
    }

    /// The items that miss a response goal of `within` whatever the
    /// staffing, when only the intervals with `open[i] == true` can be
    /// staffed: items that arrive while closed and wait more than `within`
    /// for the next opening (or, with no later opening, are due within the
    /// horizon), and initial-backlog cohorts that reach `within` before the
    /// first opening.
    ///
    /// An interval whose unreachable arrivals span less than half the time
    /// tolerance ([`DEFERRED_TIME_TOLERANCE`] x max(horizon, `within`)) is
    /// not listed (a knife edge). [`DeferredWorkload::just_in_time_staff`] fails with
    /// [`Error::Unreachable`] exactly when this is non-empty (or when a
    /// deadline so close to an interval start needs more staff than `f64`
    /// holds).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `within` is zero; [`Error::Core`]
    /// (length mismatch) if `open` does not have one value per interval.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ArrivalSource, DeferredWorkload};
    /// use std::time::Duration;
    ///
    /// let hour = Duration::from_secs(3600);
    /// // Open 2 hours, closed 4 hours, open 2 hours; 8 items arrive every hour.
    /// let work = DeferredWorkload::new(&[8.0; 8], hour, Duration::from_secs(300))?;
    /// let open = [true, true, false, false, false, false, true, true];
    /// let missed = work.unreachable_arrivals(3 * hour, &open)?;
    /// // Hour 2 items wait 4 to 3 hours for the opening at hour 6: all miss 3 hours.
    /// // Hour 3 items wait 3 to 2 hours: none miss (the boundary is one instant).
    /// assert_eq!(missed.len(), 1);
    /// assert_eq!(missed[0].source, ArrivalSource::Interval(2));
    /// assert_eq!(missed[0].items, 8.0);
    /// assert_eq!(missed[0].next_opening_secs, Some(6.0 * 3600.0));
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn unreachable_arrivals(
        &self,
        within: Duration,
        open: &[bool],
    ) -> Result<Vec<UnreachableArrivals>> {
        let within = positive_duration("within", within)?.as_secs_f64();
        check_len(self.len(), open.len())?;
        let slack = 0.5 * self.time_tol(within);
        let mut out = Vec::new();
        self.for_each_unreachable(within, slack, open, |source, items, next_opening_secs| {
            out.push(UnreachableArrivals {
                source,
                items,
                next_opening_secs,
            });
        });
        Ok(out)
    }

    /// The fewest agents, the same number in every open interval, that meet
    /// `goal` with every item finished by the end of the horizon.
    ///
    /// Returns the smallest whole number of agents and the fractional level
    /// (bisection to [`DEFERRED_LEVEL_TOLERANCE`]) at which the goal is just
    /// met. Closed intervals (`open[i] == false`) get no staff; from an
    /// opening-hours or shift pattern, the mask is
    /// `pattern.iter().map(|&s| s > 0.0).collect::<Vec<bool>>()`.
    ///
    /// # Formula
    ///
    /// For a level `s`, `C_s(t)` is pointwise non-decreasing in `s`
    /// (`C(t) = min over u <= t of A(u-) + K(t) - K(u)` with the capacity
    /// `K` increasing in `s`), so every item's response time falls and the
    /// share within the goal rises with `s`: the set of levels meeting the
    /// goal is an interval `[s*, inf)`, found by doubling then bisection.
    /// The goal is met when the items answered within it reach `share x`
    /// the items that are due by the horizon or answered (to
    /// [`DEFERRED_ITEM_TOLERANCE`]): items still waiting at the horizon
    /// whose deadline lies beyond it are carried over, as in
    /// [`DeferredWorkload::just_in_time_staff`], and count neither way.
    /// Answering one of them before the horizon adds it to both sides, so
    /// the criterion still rises with `s`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] / [`Error::Core`] for an `open` mask of
    /// the wrong length; [`Error::Unreachable`] with `max_agents = inf` when
    /// no staffing can meet the goal (items arrive after the last open
    /// interval, or more than `1 - share` of the items miss the goal even
    /// with unlimited staff: see [`DeferredWorkload::unreachable_arrivals`]),
    /// and with [`MAX_AGENTS`] when the goal is met only
    /// in the limit of unlimited staff.
    ///
    /// # Accuracy
    ///
    /// `agents` is the true minimum of the fluid model: the goal holds at
    /// `agents` and fails at `agents - 1` (to the tolerances above).
    /// `fractional` meets the goal and is within
    /// [`DEFERRED_LEVEL_TOLERANCE`] (relative) of the level where it stops
    /// being met; that level can lie a hair (of order
    /// [`DEFERRED_ITEM_TOLERANCE`]) below the exact threshold.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{DeferredWorkload, ResponseGoal};
    /// use std::time::Duration;
    ///
    /// let hour = Duration::from_secs(3600);
    /// // 120 items in the first of four hours, 10-minute AHT: 720 minutes of work.
    /// let work = DeferredWorkload::new(&[120.0, 0.0, 0.0, 0.0], hour, Duration::from_secs(600))?;
    /// // All within 2 hours: the last item arrives at 1 h and is due at 3 h,
    /// // so 120 items by 3 h at 6 an hour per agent: 20/3 agents, 7 whole.
    /// let plan = work.constant_staff(&ResponseGoal::all_within(2 * hour)?, &[true; 4])?;
    /// assert_eq!(plan.agents, 7);
    /// assert!((plan.fractional - 20.0 / 3.0).abs() < 1e-6);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn constant_staff(&self, goal: &ResponseGoal, open: &[bool]) -> Result<ConstantStaffing> {
        check_len(self.len(), open.len())?;
        let within = goal.within.as_secs_f64();
        let total = self.total_items();
        let tol = DEFERRED_ITEM_TOLERANCE * total.max(1.0);
        // Items due by the horizon: those arriving by `H - D` (FIFO, so the
        // unfinished items are the latest arrivals; the ones past this are
        // not yet due at the horizon and are carried over).
        let due = self
            .cumulative_at(self.horizon_secs() - within, self.time_tol(within))
            .min(total);
        let carried = |completed: f64| (total - completed.max(due)).max(0.0);
        let mut pieces = Vec::with_capacity(2 * self.len());
        let mut meets = |level: f64| -> bool {
            let completed = self.completion_curve(
                |i| if open[i] { level } else { 0.0 },
                &mut pieces,
                |_, _, _, _| {},
            );
            let (met, _) =
                measure_within(&self.arrival_pieces, &pieces, within, self.time_tol(within));
            met >= goal.share * (total - carried(completed)) - tol
        };
        if total <= tol {
            let projection = self.simulate(&self.level_plan(0.0, open))?;
            return Ok(ConstantStaffing {
                agents: 0,
                fractional: 0.0,
                projection,
            });
        }
        // Feasible at all? Enough items must be reachable in time.
        let mut late = 0.0;
        let slack = 0.5 * self.time_tol(within);
        self.for_each_unreachable(within, slack, open, |_, items, _| late += items);
        // With unlimited staff everything that has arrived by the end of the
        // last open interval is answered as it arrives; what arrives later
        // and is not yet due at the horizon is carried over.
        let answered_at_best = match open.iter().rposition(|&o| o) {
            Some(k) => self.cumulative_at((k + 1) as f64 * self.interval_secs, 0.0),
            None => 0.0,
        };
        let decided_at_best = total - carried(answered_at_best.min(total));
        if late > (1.0 - goal.share) * decided_at_best + tol {
            return Err(Error::Unreachable {
                max_agents: f64::INFINITY,
            });
        }
        // Nothing due in the horizon needs nobody (everything is carried over).
        if meets(0.0) {
            let projection = self.simulate(&self.level_plan(0.0, open))?;
            return Ok(ConstantStaffing {
                agents: 0,
                fractional: 0.0,
                projection,
            });
        }
        // Whole levels: double, then bisect.
        let mut hi = 1.0_f64;
        while !meets(hi) {
            if hi >= MAX_AGENTS {
                return Err(Error::Unreachable {
                    max_agents: MAX_AGENTS,
                });
            }
            hi = (hi * 2.0).min(MAX_AGENTS);
        }
        let mut lo = (hi / 2.0).floor(); // fails (or is 0, which fails with items)
        if hi == 1.0 {
            lo = 0.0;
        }
        while hi - lo > 1.0 {
            let mid = ((lo + hi) / 2.0).floor();
            if meets(mid) { hi = mid } else { lo = mid }
        }
        let agents = hi;
        // Fractional level in (agents - 1, agents].
        let (mut flo, mut fhi) = (lo, hi);
        while fhi - flo > DEFERRED_LEVEL_TOLERANCE * fhi.max(1.0) {
            let mid = 0.5 * (flo + fhi);
            if meets(mid) { fhi = mid } else { flo = mid }
        }
        let projection = self.simulate(&self.level_plan(agents, open))?;
        Ok(ConstantStaffing {
            agents: agents as u32,
            fractional: fhi,
            projection,
        })
    }

    fn level_plan(&self, level: f64, open: &[bool]) -> Vec<f64> {
        open.iter().map(|&o| if o { level } else { 0.0 }).collect()
    }

    fn time_tol(&self, within: f64) -> f64 {
        DEFERRED_TIME_TOLERANCE * self.horizon_secs().max(within)
    }

    /// Cumulative arrivals `A(u)`, right-continuous (a cohort arriving at
    /// `u` counts at `u`); a cohort arriving within `eps` after `u` counts
    /// too, so that `A(t - D)` at a cohort's deadline `t = D - age` includes
    /// it whatever the rounding of `t - D`.
    fn cumulative_at(&self, u: f64, eps: f64) -> f64 {
        if u < 0.0 {
            let mut sum = 0.0;
            for &(items, age) in &self.backlog.cohorts {
                if -age.as_secs_f64() <= u + eps {
                    sum += items;
                }
            }
            return sum;
        }
        let l = self.interval_secs;
        let n = self.len();
        let k = (u / l).floor();
        if k >= n as f64 {
            return self.total_items();
        }
        let k = k as usize;
        let frac = ((u - k as f64 * l) / l).clamp(0.0, 1.0);
        self.cumulative[k] + self.arrivals[k] * frac
    }

    /// The least staff per interval under which every item is answered
    /// within `within` (the just-in-time requirement), staffing only the
    /// intervals with `open[i] == true`.
    ///
    /// Items still waiting at the horizon whose deadline lies beyond it are
    /// carried over: they are not required, and
    /// [`BacklogProjection::unfinished`] counts them.
    ///
    /// # Formula
    ///
    /// Item `x` arriving at `A^-1(x)` must be complete by `A^-1(x) + D`, so
    /// cumulative completions must satisfy `C(t) >= R(t) = A(t - D)` at every
    /// `t`. `C` is flat while closed, so before a closed stretch that ends at
    /// `c` (the next opening, or the horizon) the target at the end of the
    /// last open interval is `R(c)`; and `C(t) <= A(t)` always. Interval by
    /// interval, with `C(s)` left by the earlier intervals,
    /// `C(t) = min(C(s) + mu (t - s), A(t))`, so the least rate is
    /// `mu = max(0, sup over t in (s, e] of (R(t) - C(s)) / (t - s))`; `R`
    /// is piecewise linear, so the supremum is attained at a breakpoint of
    /// `R` (an interval boundary shifted by `D`, or a backlog cohort's
    /// deadline) or at `e`. Staff = `mu x AHT / productive share`.
    ///
    /// # In what sense this is a minimum
    ///
    /// - Always: each interval's staff is the least that keeps every item
    ///   within the goal given the staff of the earlier intervals, so
    ///   lowering any single interval breaks the goal.
    /// - When `D` is a whole number of intervals and no backlog cohort has a
    ///   deadline inside an interval: the cumulative completions *and the
    ///   cumulative staff time* up to the end of every interval are the least
    ///   of any per-interval plan that meets the goal (so the total staff
    ///   hours are minimal too). Proof: the plan completes exactly its
    ///   capacity, `C(e_i) = max(C(s_i), target_i)`, and any plan meeting the
    ///   goal has `C'(e_i) >= target_i` and capacity up to `e_i` at least
    ///   `C'(e_i)`; by induction `sum of capacity' >= C(e_i) = sum of capacity`.
    /// - Otherwise an interval may need more staff for a deadline early in
    ///   it than the rest of it uses, and a plan that works ahead in the
    ///   interval before can use fewer staff hours in total.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `within` is zero; [`Error::Core`]
    /// (length mismatch) for an `open` mask of the wrong length;
    /// [`Error::Unreachable`] (`max_agents = inf`) when some items cannot be
    /// answered in time whatever the staffing:
    /// [`DeferredWorkload::unreachable_arrivals`] lists them.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::DeferredWorkload;
    /// use std::time::Duration;
    ///
    /// let hour = Duration::from_secs(3600);
    /// // 12 items an hour, 10-minute AHT (6 per agent-hour), all within 1 hour.
    /// let work = DeferredWorkload::new(&[12.0, 12.0, 12.0], hour, Duration::from_secs(600))?;
    /// let plan = work.just_in_time_staff(hour, &[true; 3])?;
    /// // Hour 0 has nothing due; hours 1 and 2 each answer the previous hour's 12.
    /// assert_eq!(plan.staff, vec![0.0, 2.0, 2.0]);
    /// assert_eq!(plan.projection.unfinished(), 12.0); // hour 2's items, due after the horizon
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn just_in_time_staff(
        &self,
        within: Duration,
        open: &[bool],
    ) -> Result<JustInTimeStaffing> {
        let d = positive_duration("within", within)?.as_secs_f64();
        check_len(self.len(), open.len())?;
        // Any unreachable item makes the goal infeasible (FIFO: the items
        // behind it would need an unbounded rate to catch up), except
        // knife edges narrower than half the time tolerance.
        let eps = self.time_tol(d);
        let mut unreachable = false;
        self.for_each_unreachable(d, 0.5 * eps, open, |_, _, _| unreachable = true);
        if unreachable {
            return Err(Error::Unreachable {
                max_agents: f64::INFINITY,
            });
        }
        let n = self.len();
        let l = self.interval_secs;
        let horizon = self.horizon_secs();
        // R(t) = A(t - D).
        let required = |t: f64| self.cumulative_at(t - d, eps);
        // Breakpoints of R inside intervals: k L + D (one per interval when D
        // is not a multiple of L) and cohort deadlines D - age.
        let phase = d.rem_euclid(l);
        let mut deadlines: Vec<f64> = self
            .backlog
            .cohorts
            .iter()
            .filter(|&&(items, _)| items > 0.0)
            .map(|&(_, age)| d - age.as_secs_f64())
            .collect();
        deadlines.sort_by(f64::total_cmp);
        let mut next_deadline = 0usize;
        let mut staff = vec![0.0; n];
        let mut c = 0.0_f64;
        for i in 0..n {
            let s = i as f64 * l;
            let e = s + l;
            while next_deadline < deadlines.len() && deadlines[next_deadline] <= s {
                next_deadline += 1;
            }
            if !open[i] {
                continue;
            }
            // Target at the end: through the closed stretch that follows.
            let end_target = if i + 1 < n && !open[i + 1] {
                let reopen = (i + 1..n)
                    .find(|&k| open[k])
                    .map_or(horizon, |k| k as f64 * l);
                required(reopen)
            } else {
                required(e)
            };
            let a_end = self.cumulative[i + 1];
            // The least capacity (items in the interval) meeting every candidate.
            let mut need = end_target.min(a_end) - c;
            let mut consider = |t: f64| {
                if t > s && t < e {
                    need = need.max((required(t) - c) * (l / (t - s)));
                }
            };
            if phase > 0.0 {
                consider(s + phase);
            }
            let mut k = next_deadline;
            while k < deadlines.len() && deadlines[k] < e {
                consider(deadlines[k]);
                k += 1;
            }
            let need = need.max(0.0);
            staff[i] = need / self.capacity_per_agent();
            if !self.capacity_of(staff[i]).is_finite() {
                // More capacity than f64 holds: for example a deadline so
                // close to the interval start that no finite team makes it.
                return Err(Error::Unreachable {
                    max_agents: f64::INFINITY,
                });
            }
            c = (c + need).min(a_end);
        }
        let projection = self.simulate(&staff)?;
        Ok(JustInTimeStaffing { staff, projection })
    }
}

fn push(pieces: &mut Vec<Piece>, x0: f64, x1: f64, t0: f64, t1: f64) {
    if x1 > x0 {
        pieces.push(Piece { x0, x1, t0, t1 });
    }
}

/// Merges the inverse arrival and completion curves: returns the measure of
/// completed items with response `<= within + tol` and the integral of the
/// response over completed items divided by `max(total items, 1)`.
///
/// An item index `x` is only known to about `x_eps = 8 eps N` (the rounding
/// of cumulative counts of `N` items), so its arrival and completion times
/// are only known to `x_eps` times the local seconds per item: on each
/// piece the goal is widened by that much when it exceeds `tol`. This
/// matters only where an interval holds very few items next to very many
/// (a dynamic range beyond about `1e5`).
fn measure_within(arrivals: &[Piece], completions: &[Piece], within: f64, tol: f64) -> (f64, f64) {
    let total = arrivals.last().map_or(0.0, |p| p.x1).max(1.0);
    let x_eps = 8.0 * f64::EPSILON * total;
    let resolution = |p: &Piece| (p.t1 - p.t0).abs() * (x_eps / (p.x1 - p.x0)).min(1.0);
    let (mut i, mut j) = (0usize, 0usize);
    let (mut met, mut integral) = (0.0, 0.0);
    while let (Some(a), Some(c)) = (arrivals.get(i), completions.get(j)) {
        let start = a.x0.max(c.x0);
        let end = a.x1.min(c.x1);
        if end > start {
            let limit = within + tol.max(resolution(a) + resolution(c));
            let width = end - start;
            let r0 = c.time_at(start) - a.time_at(start);
            let r1 = c.time_at(end) - a.time_at(end);
            // Scaled by the total so that it cannot overflow.
            integral += 0.5 * (r0 + r1) * (width / total);
            met += if r0 <= limit && r1 <= limit {
                width
            } else if r0 > limit && r1 > limit {
                0.0
            } else {
                // Linear in between: the share of the piece on the good side.
                let cross = ((limit - r0) / (r1 - r0)).clamp(0.0, 1.0);
                if r0 <= limit {
                    cross * width
                } else {
                    (1.0 - cross) * width
                }
            };
        }
        if a.x1 <= c.x1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    (met, integral)
}

/// Where a group of items came from.
///
/// # Examples
///
/// ```
/// use servops_queue::ArrivalSource;
///
/// let s = ArrivalSource::Interval(3);
/// assert_ne!(s, ArrivalSource::Backlog { age_secs: 0.0 });
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum ArrivalSource {
    /// Arrivals of this interval (0-based).
    Interval(usize),
    /// An initial-backlog cohort of this age at the start, in seconds.
    Backlog {
        /// The cohort's age at the start of the horizon.
        age_secs: f64,
    },
}

/// Items that miss a response goal whatever the staffing (see
/// [`DeferredWorkload::unreachable_arrivals`]).
///
/// # Examples
///
/// ```
/// use servops_queue::DeferredWorkload;
/// use std::time::Duration;
///
/// let hour = Duration::from_secs(3600);
/// let work = DeferredWorkload::new(&[5.0, 5.0], hour, Duration::from_secs(60))?;
/// // Closed for the whole first hour, open in the second: nobody waits over 1 h.
/// assert!(work.unreachable_arrivals(hour, &[false, true])?.is_empty());
/// // With half an hour, the first 30 minutes' items miss it.
/// let missed = work.unreachable_arrivals(hour / 2, &[false, true])?;
/// assert!((missed[0].items - 2.5).abs() < 1e-12);
/// # Ok::<(), servops_queue::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct UnreachableArrivals {
    /// The interval (or backlog cohort) the items arrived in.
    pub source: ArrivalSource,
    /// How many of its items miss the goal (the earliest of them).
    pub items: f64,
    /// When they can first be worked on (seconds from the start), `None` if
    /// no open interval follows their arrival.
    pub next_opening_secs: Option<f64>,
}

/// One interval of a [`BacklogProjection`].
///
/// # Examples
///
/// ```
/// use servops_queue::DeferredWorkload;
/// use std::time::Duration;
///
/// let hour = Duration::from_secs(3600);
/// let work = DeferredWorkload::new(&[10.0], hour, Duration::from_secs(720))?;
/// let i = work.simulate(&[1.0])?.intervals()[0].clone();
/// // One agent, 12-minute AHT: 5 items an hour handled of 10 arrived.
/// assert_eq!((i.capacity, i.handled, i.backlog), (5.0, 5.0, 5.0));
/// # Ok::<(), servops_queue::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct IntervalBacklog {
    /// Items arriving in the interval.
    pub arrivals: f64,
    /// Items the staff could handle in the interval (`staff x productive
    /// share x interval / AHT`).
    pub capacity: f64,
    /// Items handled in the interval (at most `capacity`).
    pub handled: f64,
    /// Items waiting at the end of the interval.
    pub backlog: f64,
    /// Age in seconds of the oldest waiting item at the end of the
    /// interval; `None` when nothing waits.
    pub oldest_age_secs: Option<f64>,
}

/// What a staffing plan does to a deferred-work backlog: the per-interval
/// flow and, for any response-time goal, the items answered within it.
///
/// Built by [`DeferredWorkload::simulate`].
///
/// # Examples
///
/// ```
/// use servops_queue::DeferredWorkload;
/// use std::time::Duration;
///
/// let hour = Duration::from_secs(3600);
/// let work = DeferredWorkload::new(&[10.0, 10.0], hour, Duration::from_secs(720))?;
/// let run = work.simulate(&[1.0, 1.0])?; // 5 an hour
/// assert_eq!(run.completed(), 10.0);
/// assert_eq!(run.unfinished(), 10.0);
/// # Ok::<(), servops_queue::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BacklogProjection {
    intervals: Vec<IntervalBacklog>,
    completion: Vec<Piece>,
    arrivals: Vec<Piece>,
    cumulative: Vec<f64>,
    interval_secs: f64,
    completed: f64,
}

impl BacklogProjection {
    /// The intervals, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::DeferredWorkload;
    /// use std::time::Duration;
    ///
    /// let w = DeferredWorkload::new(&[3.0, 1.0], Duration::from_secs(900), Duration::from_secs(300))?;
    /// let run = w.simulate(&[1.0, 1.0])?;
    /// assert_eq!(run.intervals().len(), 2);
    /// assert_eq!(run.intervals()[0].backlog, 0.0); // 3 arrive, 3 can be handled
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn intervals(&self) -> &[IntervalBacklog] {
        &self.intervals
    }

    /// All items: initial backlog plus arrivals.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::DeferredWorkload;
    /// use std::time::Duration;
    ///
    /// let w = DeferredWorkload::new(&[3.0, 1.0], Duration::from_secs(900), Duration::from_secs(300))?;
    /// assert_eq!(w.simulate(&[0.0, 0.0])?.total_items(), 4.0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn total_items(&self) -> f64 {
        self.cumulative.last().copied().unwrap_or(0.0)
    }

    /// Items completed by the end of the horizon.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::DeferredWorkload;
    /// use std::time::Duration;
    ///
    /// let w = DeferredWorkload::new(&[6.0], Duration::from_secs(900), Duration::from_secs(300))?;
    /// assert_eq!(w.simulate(&[1.0])?.completed(), 3.0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn completed(&self) -> f64 {
        self.completed
    }

    /// Items still waiting at the end of the horizon.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::DeferredWorkload;
    /// use std::time::Duration;
    ///
    /// let w = DeferredWorkload::new(&[6.0], Duration::from_secs(900), Duration::from_secs(300))?;
    /// assert_eq!(w.simulate(&[1.0])?.unfinished(), 3.0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn unfinished(&self) -> f64 {
        (self.total_items() - self.completed).max(0.0)
    }

    /// Mean response time (arrival to completion) of the completed items,
    /// in seconds; `None` when nothing was completed. Initial-backlog items
    /// count from their arrival before the start.
    ///
    /// # Formula
    ///
    /// `(1 / C(T)) x integral over x in [0, C(T)] of (C^-1(x) - A^-1(x)) dx`,
    /// integrated exactly piece by piece.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::DeferredWorkload;
    /// use std::time::Duration;
    ///
    /// let hour = Duration::from_secs(3600);
    /// // 10 items in hour 0, nobody until hour 1, then 20 an hour: item x
    /// // (arrived at 360 x s) is answered at 3600 + 180 x s; mean response
    /// // = 3600 + mean(-180 x) over x in [0, 10] = 3600 - 900 = 2700 s.
    /// let w = DeferredWorkload::new(&[10.0, 0.0], hour, Duration::from_secs(180))?;
    /// let run = w.simulate(&[0.0, 1.0])?;
    /// assert!((run.mean_response_secs().unwrap() - 2700.0).abs() < 1e-9);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn mean_response_secs(&self) -> Option<f64> {
        if self.completed > 0.0 {
            let (_, integral) = measure_within(&self.arrivals, &self.completion, 0.0, 0.0);
            let scale = self.total_items().max(1.0);
            Some((integral / (self.completed / scale)).max(0.0))
        } else {
            None
        }
    }

    /// The `q`-quantile of the response times (arrival to completion) of
    /// the completed items, in seconds: the shortest `t` within which a
    /// share `q` of the completed items were answered (`q = 0.5` the median,
    /// `0.9` the time 90 % of them got). `None` when nothing was completed.
    ///
    /// Items unfinished at the horizon are not in it: their response is
    /// not known yet, only that it exceeds their age. To count them as not
    /// met, use [`attainment`](Self::attainment), whose share is over all
    /// items.
    ///
    /// # Formula
    ///
    /// With `met(t)` the completed items whose response `r(x) = C^-1(x) -
    /// A^-1(x)` is at most `t` (exact, as in
    /// [`attainment`](Self::attainment)), the answer is `inf { t : met(t) >=
    /// q met(inf) }`, found by bisection on `t` in `[0, horizon + oldest
    /// backlog age]`.
    ///
    /// # Accuracy
    ///
    /// The bisection stops within `1e-13 x max(horizon + oldest backlog age,
    /// 1 s)` of the exact quantile of the fluid model, and within the
    /// resolution of [`attainment`](Self::attainment).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] for `q` outside `(0, 1]` or NaN.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::DeferredWorkload;
    /// use std::time::Duration;
    ///
    /// let hour = Duration::from_secs(3600);
    /// // 10 items arrive in hour 0 (one every 6 minutes), answered in hour 1
    /// // at one every 3 minutes: item x waits 3600 - 180 x s, so the waits
    /// // are spread evenly over 1800..3600 s.
    /// let run = DeferredWorkload::new(&[10.0, 0.0], hour, Duration::from_secs(180))?
    ///     .simulate(&[0.0, 1.0])?;
    /// let median = run.response_quantile_secs(0.5)?.unwrap();
    /// assert!((median - 2700.0).abs() < 1e-6);
    /// let p90 = run.response_quantile_secs(0.9)?.unwrap();
    /// assert!((p90 - 3420.0).abs() < 1e-6);
    /// assert!(run.response_quantile_secs(0.0).is_err());
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn response_quantile_secs(&self, q: f64) -> Result<Option<f64>> {
        if !(q > 0.0 && q <= 1.0) {
            return Err(invalid("q", q, "in (0, 1]"));
        }
        if self.completed <= 0.0 {
            return Ok(None);
        }
        let horizon = (self.cumulative.len().saturating_sub(1)) as f64 * self.interval_secs;
        let earliest = self.arrivals.iter().map(|p| p.t0).fold(0.0, f64::min);
        let mut hi = (horizon - earliest).max(0.0);
        let met = |t: f64| measure_within(&self.arrivals, &self.completion, t, 0.0).0;
        let all = met(hi);
        if all.is_nan() || all <= 0.0 {
            return Ok(None);
        }
        let target = q * all;
        if met(0.0) >= target {
            return Ok(Some(0.0));
        }
        let stop = 1e-13 * hi.max(1.0);
        let mut lo = 0.0;
        while hi - lo > stop {
            let mid = lo + 0.5 * (hi - lo);
            if mid <= lo || mid >= hi {
                break;
            }
            if met(mid) >= target {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Ok(Some(hi))
    }

    /// The items answered within `within`, answered late, and left
    /// unfinished at the horizon (split into those already older than
    /// `within` and those that may still make it).
    ///
    /// # Formula
    ///
    /// With item `x` arriving at `A^-1(x)` and completed at `C^-1(x)`, the
    /// response `r(x) = C^-1(x) - A^-1(x)` is linear between the merged
    /// breakpoints of the two inverse curves, so `met = |{x <= C(T) : r(x)
    /// <= within}|` is summed exactly piece by piece. Unfinished items older
    /// than `within` at the horizon `T`: `max(0, A(T - within) - C(T))`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `within` is zero.
    ///
    /// # Accuracy
    ///
    /// Exact for the fluid model; a response within
    /// [`DEFERRED_TIME_TOLERANCE`] x max(horizon, `within`) over the goal
    /// counts as within it, or within the time one rounding of the item
    /// index (`8 eps` x total items) spans where that is longer (an interval
    /// with very few items next to very many: a dynamic range beyond about
    /// `1e5`).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::DeferredWorkload;
    /// use std::time::Duration;
    ///
    /// let hour = Duration::from_secs(3600);
    /// // 10 items arrive in hour 0 (one every 6 minutes), answered in hour 1
    /// // at one every 3 minutes: item x waits 3600 - 180 x s. 45 min = 2700 s
    /// // is met for x >= 5: half the items.
    /// let w = DeferredWorkload::new(&[10.0, 0.0], hour, Duration::from_secs(180))?;
    /// let got = w.simulate(&[0.0, 1.0])?.attainment(Duration::from_secs(2700))?;
    /// assert!((got.met - 5.0).abs() < 1e-9);
    /// assert!((got.share_met().unwrap() - 0.5).abs() < 1e-9);
    /// assert_eq!(got.unfinished_late + got.unfinished_on_time, 0.0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn attainment(&self, within: Duration) -> Result<GoalAttainment> {
        let d = positive_duration("within", within)?.as_secs_f64();
        let horizon = (self.cumulative.len().saturating_sub(1)) as f64 * self.interval_secs;
        let tol = DEFERRED_TIME_TOLERANCE * horizon.max(d);
        let (met, _) = measure_within(&self.arrivals, &self.completion, d, tol);
        let met = met.min(self.completed);
        let due = self.cumulative_at(horizon - d);
        let unfinished = self.unfinished();
        let unfinished_late = (due - self.completed).clamp(0.0, unfinished);
        Ok(GoalAttainment {
            within_secs: d,
            total: self.total_items(),
            met,
            late_completed: (self.completed - met).max(0.0),
            unfinished_late,
            unfinished_on_time: unfinished - unfinished_late,
        })
    }

    /// `A(u)` for the projection's workload (see `DeferredWorkload::cumulative_at`).
    fn cumulative_at(&self, u: f64) -> f64 {
        if u < 0.0 {
            // Backlog cohorts are the pieces at negative times.
            return self
                .arrivals
                .iter()
                .filter(|p| p.t0 <= u)
                .map(|p| p.x1 - p.x0)
                .sum();
        }
        let l = self.interval_secs;
        let n = self.cumulative.len().saturating_sub(1);
        let k = (u / l).floor();
        if k >= n as f64 {
            return self.total_items();
        }
        let k = k as usize;
        let frac = ((u - k as f64 * l) / l).clamp(0.0, 1.0);
        self.cumulative[k] + (self.cumulative[k + 1] - self.cumulative[k]) * frac
    }
}

/// The items of a [`BacklogProjection`] measured against a response time.
///
/// `met + late_completed + unfinished_late + unfinished_on_time = total`.
/// Unfinished items are never counted as met.
///
/// # Examples
///
/// ```
/// use servops_queue::DeferredWorkload;
/// use std::time::Duration;
///
/// let hour = Duration::from_secs(3600);
/// let w = DeferredWorkload::new(&[10.0, 10.0], hour, Duration::from_secs(720))?;
/// // 5 an hour: item x (arrived at 360 x s) is answered at 720 x s, so the
/// // first 10 are answered within an hour (x = 10 exactly at it) and the
/// // 10 of hour 1 wait at the horizon, none of them an hour old yet.
/// let got = w.simulate(&[1.0, 1.0])?.attainment(hour)?;
/// assert!((got.met - 10.0).abs() < 1e-9);
/// assert!((got.unfinished_on_time - 10.0).abs() < 1e-9);
/// let sum = got.met + got.late_completed + got.unfinished_late + got.unfinished_on_time;
/// assert!((sum - got.total).abs() < 1e-9);
/// assert!(got.all_on_time());
/// // Half an hour: only x <= 5 make it.
/// let half = w.simulate(&[1.0, 1.0])?.attainment(hour / 2)?;
/// assert!((half.met - 5.0).abs() < 1e-9);
/// assert!((half.unfinished_late - 5.0).abs() < 1e-9);
/// # Ok::<(), servops_queue::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct GoalAttainment {
    /// The response time measured against, in seconds.
    pub within_secs: f64,
    /// All items (initial backlog plus arrivals).
    pub total: f64,
    /// Items completed within the goal.
    pub met: f64,
    /// Items completed after it.
    pub late_completed: f64,
    /// Items unfinished at the horizon and already older than the goal.
    pub unfinished_late: f64,
    /// Items unfinished at the horizon that are not yet older than the goal.
    pub unfinished_on_time: f64,
}

impl GoalAttainment {
    /// `met / total`: the share of all items answered within the goal, with
    /// unfinished items counted as not met; `None` when there are no items.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::DeferredWorkload;
    /// use std::time::Duration;
    ///
    /// let hour = Duration::from_secs(3600);
    /// let w = DeferredWorkload::new(&[0.0], hour, Duration::from_secs(60))?;
    /// assert_eq!(w.simulate(&[1.0])?.attainment(hour)?.share_met(), None);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn share_met(&self) -> Option<f64> {
        (self.total > 0.0).then(|| self.met / self.total)
    }

    /// Whether no item is late: none completed after the goal and none left
    /// unfinished older than it (to [`DEFERRED_ITEM_TOLERANCE`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::DeferredWorkload;
    /// use std::time::Duration;
    ///
    /// let hour = Duration::from_secs(3600);
    /// let w = DeferredWorkload::new(&[5.0], hour, Duration::from_secs(720))?;
    /// assert!(w.simulate(&[1.0])?.attainment(hour)?.all_on_time());
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn all_on_time(&self) -> bool {
        self.late_completed + self.unfinished_late <= DEFERRED_ITEM_TOLERANCE * self.total.max(1.0)
    }
}

/// The result of [`DeferredWorkload::constant_staff`].
///
/// # Examples
///
/// ```
/// use servops_queue::{DeferredWorkload, ResponseGoal};
/// use std::time::Duration;
///
/// let hour = Duration::from_secs(3600);
/// let work = DeferredWorkload::new(&[30.0; 8], hour, Duration::from_secs(300))?;
/// let plan = work.constant_staff(&ResponseGoal::new(0.9, 2 * hour)?, &[true; 8])?;
/// assert!(plan.fractional <= f64::from(plan.agents));
/// // 90 % of the items due by the horizon or answered (items still waiting
/// // at the end that are not yet due are carried over).
/// let got = plan.projection.attainment(2 * hour)?;
/// assert!(got.met >= 0.9 * (got.total - got.unfinished_on_time) - 1e-9);
/// # Ok::<(), servops_queue::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ConstantStaffing {
    /// The fewest whole agents, in every open interval, that meet the goal.
    pub agents: u32,
    /// The fractional level at which the goal is just met (to
    /// [`DEFERRED_LEVEL_TOLERANCE`], relative).
    pub fractional: f64,
    /// The backlog under `agents` in every open interval.
    pub projection: BacklogProjection,
}

/// The result of [`DeferredWorkload::just_in_time_staff`].
///
/// # Examples
///
/// ```
/// use servops_queue::DeferredWorkload;
/// use std::time::Duration;
///
/// let hour = Duration::from_secs(3600);
/// let work = DeferredWorkload::new(&[6.0, 6.0], hour, Duration::from_secs(600))?;
/// let plan = work.just_in_time_staff(hour, &[true, true])?;
/// assert!(plan.projection.attainment(hour)?.all_on_time());
/// # Ok::<(), servops_queue::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct JustInTimeStaffing {
    /// Agents per interval (fractional; 0 in closed intervals).
    pub staff: Vec<f64>,
    /// The backlog under `staff`.
    pub projection: BacklogProjection,
}

/// Serde forms of the validated deferred-work types: each deserializes
/// through its constructor, so bad data cannot bypass validation. Durations
/// are seconds (`*_secs`), as elsewhere in the crate.
#[cfg(feature = "serde")]
mod serde_forms {
    use std::time::Duration;

    use serde::{Deserialize, Serialize};

    use super::{DeferredWorkload, InitialBacklog, ResponseGoal};
    use crate::error::{Error, invalid};

    fn duration(name: &'static str, secs: f64) -> Result<Duration, Error> {
        Duration::try_from_secs_f64(secs)
            .map_err(|_| invalid(name, secs, "a finite number of seconds >= 0"))
    }

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct CohortRepr {
        items: f64,
        age_secs: f64,
    }

    /// `InitialBacklog` as `{"cohorts": [{"items": n, "age_secs": s}, ...]}`.
    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct BacklogRepr {
        cohorts: Vec<CohortRepr>,
    }

    impl TryFrom<BacklogRepr> for InitialBacklog {
        type Error = Error;
        fn try_from(r: BacklogRepr) -> Result<Self, Error> {
            let mut b = InitialBacklog::new();
            for c in r.cohorts {
                b = b.with_cohort(c.items, duration("age", c.age_secs)?)?;
            }
            Ok(b)
        }
    }

    impl From<InitialBacklog> for BacklogRepr {
        fn from(b: InitialBacklog) -> Self {
            Self {
                cohorts: b
                    .cohorts()
                    .map(|(items, age)| CohortRepr {
                        items,
                        age_secs: age.as_secs_f64(),
                    })
                    .collect(),
            }
        }
    }

    /// `ResponseGoal` as `{"share": p, "within_secs": s}`.
    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct GoalRepr {
        share: f64,
        within_secs: f64,
    }

    impl TryFrom<GoalRepr> for ResponseGoal {
        type Error = Error;
        fn try_from(r: GoalRepr) -> Result<Self, Error> {
            ResponseGoal::new(r.share, duration("within", r.within_secs)?)
        }
    }

    impl From<ResponseGoal> for GoalRepr {
        fn from(g: ResponseGoal) -> Self {
            Self {
                share: g.share(),
                within_secs: g.within().as_secs_f64(),
            }
        }
    }

    /// `DeferredWorkload` as `{"arrivals": [...], "interval_secs": s,
    /// "aht_secs": s, "productive_share": p, "backlog": {...}}` (the last two
    /// optional).
    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct WorkloadRepr {
        arrivals: Vec<f64>,
        interval_secs: f64,
        aht_secs: f64,
        #[serde(default = "one")]
        productive_share: f64,
        #[serde(default)]
        backlog: InitialBacklog,
    }

    fn one() -> f64 {
        1.0
    }

    impl TryFrom<WorkloadRepr> for DeferredWorkload {
        type Error = Error;
        fn try_from(r: WorkloadRepr) -> Result<Self, Error> {
            DeferredWorkload::new(
                &r.arrivals,
                duration("interval", r.interval_secs)?,
                duration("aht", r.aht_secs)?,
            )?
            .with_backlog(r.backlog)?
            .with_productive_share(r.productive_share)
        }
    }

    impl From<DeferredWorkload> for WorkloadRepr {
        fn from(w: DeferredWorkload) -> Self {
            Self {
                productive_share: w.productive_share(),
                interval_secs: w.interval().as_secs_f64(),
                aht_secs: w.aht().as_secs_f64(),
                backlog: w.backlog,
                arrivals: w.arrivals,
            }
        }
    }
}
