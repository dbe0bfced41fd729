//! Weekly tours (days off, start band, weekly hours) built from a week of
//! daily shifts, and the assignment of named agents to the tours.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc, Weekday};
use rust_decimal::Decimal;
use servops_core::chrono_tz::Tz;
use servops_core::{IntervalGrid, IntervalSeries};

use crate::error::{Error, Result, invalid};
use crate::schedule::{Schedule, ScheduledShift};
use crate::template::whole_minutes;

/// The most agent-tour class pairs [`assign_agents`] takes on: agents
/// alike in contract hours, availability and preferred days off form one
/// class, tours alike in days off and paid hours another, and the
/// assignment holds one 8-byte integer cost per pair of classes (128 MB at
/// the limit). Any number of agents and tours in few classes is fine
/// (20,000 agents for 20,000 tours in four classes are assigned); 4,001
/// agents for 4,001 tours, each of its own class, is above the limit and
/// refused with [`Error::ModelTooLarge`]
/// before anything is allocated. Split such instances (by site, skill or
/// team) and assign each group.
///
/// # Examples
///
/// ```
/// assert_eq!(servops_schedule::MAX_ASSIGNMENT_PAIRS, 16_000_000);
/// ```
pub const MAX_ASSIGNMENT_PAIRS: usize = 16_000_000;

/// The hours of a week: the most contract hours of an [`Agent`] and the
/// most flex hours of [`assign_agents`]. Bounding them bounds every
/// fitting agent-tour cost (a fitting tour's paid hours lie between the
/// contract less the flex and the contract), so that the class flow's one
/// integer cost unit stays fine (an agent of 1e233 hours made it about
/// 2^714 hours, and every ordinary cost rounded to 0).
const WEEK_HOURS: f64 = 168.0;

/// The longest start band, a day in minutes: clock times of a day are
/// less than 24 h apart, so a 24 h band already admits every start.
const MAX_BAND_MINUTES: u32 = 24 * 60;

/// Which days off a tour may have.
///
/// # Examples
///
/// ```
/// use servops_schedule::DaysOff;
/// assert_ne!(DaysOff::Consecutive, DaysOff::Any);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum DaysOff {
    /// The days off are consecutive (Sunday and Monday count as consecutive).
    #[default]
    Consecutive,
    /// Any days off.
    Any,
}

/// The rules of a weekly tour: working days per week, the days-off rule,
/// the start band (every shift of a tour starts within this much of the
/// tour's anchor shift by local clock time, so at most twice this apart)
/// and the maximum paid hours.
///
/// # Errors
///
/// [`TourPolicy::new`] returns [`Error::InvalidParameter`]
/// for working days outside `1..=7`, a band that is not whole minutes or
/// is above 24 h (two clock times of a day are less than 24 h apart, so a
/// 24 h band admits every start and a longer one would mean nothing more),
/// or maximum hours that are not finite and `> 0`.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_schedule::{DaysOff, TourPolicy};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let policy = TourPolicy::new(5, DaysOff::Consecutive, Duration::from_secs(2 * 3600), 40.0)?;
/// assert_eq!(policy.working_days(), 5);
/// assert!(TourPolicy::new(8, DaysOff::Any, Duration::ZERO, 40.0).is_err());
/// assert!(TourPolicy::new(5, DaysOff::Any, Duration::from_secs(25 * 3600), 40.0).is_err());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TourPolicy {
    working_days: u32,
    days_off: DaysOff,
    band_min: u32,
    max_hours: f64,
}

impl TourPolicy {
    /// A policy of `working_days` shifts a week, `days_off` rule, start band
    /// `band` and at most `max_hours` paid hours.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] as above.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::{DaysOff, TourPolicy};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let p = TourPolicy::new(4, DaysOff::Any, Duration::from_secs(3600), 36.0)?;
    /// assert_eq!(p.max_hours(), 36.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(
        working_days: u32,
        days_off: DaysOff,
        band: Duration,
        max_hours: f64,
    ) -> Result<Self> {
        if !(1..=7).contains(&working_days) {
            return Err(invalid("working days", working_days, "in 1..=7"));
        }
        let band_min = whole_minutes("start band", band)?;
        // Two clock times of a day are less than a day apart: a 24 h band
        // admits every start, and a longer one means nothing more.
        if band_min > MAX_BAND_MINUTES {
            return Err(invalid("start band", format!("{band:?}"), "at most 24 h"));
        }
        if !(max_hours.is_finite() && max_hours > 0.0) {
            return Err(invalid("maximum weekly hours", max_hours, "finite and > 0"));
        }
        Ok(Self {
            working_days,
            days_off,
            band_min,
            max_hours,
        })
    }

    /// Working days per week.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::{DaysOff, TourPolicy};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(TourPolicy::new(5, DaysOff::Any, Duration::ZERO, 40.0)?.working_days(), 5);
    /// # Ok(())
    /// # }
    /// ```
    pub fn working_days(&self) -> u32 {
        self.working_days
    }

    /// Maximum paid hours per week.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::{DaysOff, TourPolicy};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(TourPolicy::new(5, DaysOff::Any, Duration::ZERO, 40.0)?.max_hours(), 40.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn max_hours(&self) -> f64 {
        self.max_hours
    }

    /// The start band: each shift of a tour starts within this many minutes
    /// of the tour's anchor, so at most twice this apart.
    pub(crate) fn band_minutes(&self) -> u32 {
        self.band_min
    }

    /// The working-day patterns (Monday first) the policy allows.
    pub(crate) fn patterns(&self) -> Vec<[bool; 7]> {
        let mut out = Vec::new();
        for mask in 0u32..128 {
            if mask.count_ones() != self.working_days {
                continue;
            }
            let days: [bool; 7] = std::array::from_fn(|d| mask & (1 << d) != 0);
            let ok = match self.days_off {
                DaysOff::Any => true,
                DaysOff::Consecutive => {
                    // The days off form one run on the weekly circle.
                    let starts = (0..7).filter(|&d| !days[d] && days[(d + 6) % 7]).count();
                    starts <= 1
                }
            };
            if ok {
                out.push(days);
            }
        }
        out
    }
}

/// One weekly tour: the shifts an agent works in the week.
///
/// # Examples
///
/// ```
/// # use servops_schedule::examples_support::week_of_tours;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let tours = week_of_tours()?;
/// let tour = &tours.tours[0];
/// assert_eq!(tour.shifts.len(), 5);
/// assert_eq!(tour.days_off, vec![servops_core::chrono::Weekday::Sat, servops_core::chrono::Weekday::Sun]);
/// assert_eq!(tour.paid_hours, 40.0);
/// # Ok(())
/// # }
/// ```
///
/// Its serde form is read through the same check as the tours the crate
/// builds: `days_off` lists each weekday at most once (a repeated day was
/// counted as two preferred days granted by [`assign_agents`]); a list
/// with a repeat is refused with the message of
/// [`Error::InvalidParameter`].
///
/// A tour also keeps the time zone whose local weekdays its `days_off`
/// name ([`Tour::time_zone`]: the zone given to [`build_tours`], or the
/// problem's for [`solve_tours`](crate::solve_tours)), so that a shift on
/// a day off (a tour edited through its public fields, or deserialised)
/// is refused: [`assign_agents`] returns
/// [`Error::ShiftOnDayOff`] naming the day,
/// and so does reading the serde form. The serde form carries the zone
/// as an optional `time_zone` (an IANA name such as `"Europe/Paris"`); a
/// tour read without it has no zone, and its shifts' weekdays cannot be
/// checked against its days off.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "TourSerde"))]
#[non_exhaustive]
pub struct Tour {
    /// The shifts, by start.
    pub shifts: Vec<ScheduledShift>,
    /// The local weekdays without a shift, each at most once.
    pub days_off: Vec<Weekday>,
    /// Paid hours in the week.
    pub paid_hours: f64,
    /// The zone of the local weekdays.
    #[cfg_attr(
        feature = "serde",
        serde(
            serialize_with = "serialize_zone",
            skip_serializing_if = "Option::is_none"
        )
    )]
    time_zone: Option<Tz>,
}

impl Tour {
    /// A tour of `shifts` with `days_off`, local weekdays in `tz`.
    pub(crate) fn new(
        shifts: Vec<ScheduledShift>,
        days_off: Vec<Weekday>,
        paid_hours: f64,
        tz: Tz,
    ) -> Self {
        Self {
            shifts,
            days_off,
            paid_hours,
            time_zone: Some(tz),
        }
    }

    /// The time zone whose local weekdays `days_off` names: the zone the
    /// tour was built in, `None` for a tour read from a serde form
    /// without one.
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops_schedule::examples_support::week_of_tours;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let tours = week_of_tours()?; // built in UTC
    /// assert_eq!(tours.tours[0].time_zone(), Some(servops_core::chrono_tz::UTC));
    /// # Ok(())
    /// # }
    /// ```
    pub fn time_zone(&self) -> Option<Tz> {
        self.time_zone
    }

    /// [`Error::ShiftOnDayOff`] for the first shift that starts, in the
    /// tour's zone, on a weekday listed as a day off (`index`: the tour's
    /// position, if any). A tour without a zone is not checked.
    pub(crate) fn check_shifts_off(&self, index: Option<usize>) -> Result<()> {
        let Some(tz) = self.time_zone else {
            return Ok(());
        };
        for s in &self.shifts {
            let day = s.start.with_timezone(&tz).weekday();
            if self.days_off.contains(&day) {
                return Err(Error::ShiftOnDayOff {
                    tour: index,
                    day,
                    template: s.template.clone(),
                    start: s.start,
                    time_zone: tz,
                });
            }
        }
        Ok(())
    }
}

/// A zone as its IANA name.
#[cfg(feature = "serde")]
fn serialize_zone<S: serde::Serializer>(
    tz: &Option<Tz>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match tz {
        Some(tz) => s.serialize_some(tz.name()),
        None => s.serialize_none(),
    }
}

/// The serde form of a [`Tour`] before its days off are checked.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct TourSerde {
    shifts: Vec<ScheduledShift>,
    days_off: Vec<Weekday>,
    paid_hours: f64,
    #[serde(default)]
    time_zone: Option<String>,
}

#[cfg(feature = "serde")]
impl TryFrom<TourSerde> for Tour {
    type Error = Error;

    fn try_from(t: TourSerde) -> Result<Self> {
        check_days_off(&t.days_off)?;
        let time_zone = match t.time_zone {
            Some(name) => Some(name.parse::<Tz>().map_err(|_| {
                invalid(
                    "tour time zone",
                    format!("{name:?}"),
                    "an IANA time zone name such as Europe/Paris",
                )
            })?),
            None => None,
        };
        let tour = Self {
            shifts: t.shifts,
            days_off: t.days_off,
            paid_hours: t.paid_hours,
            time_zone,
        };
        tour.check_shifts_off(None)?;
        Ok(tour)
    }
}

/// [`Error::InvalidParameter`] when `days` names a weekday twice.
#[cfg(feature = "serde")]
fn check_days_off(days: &[Weekday]) -> Result<()> {
    let mut seen = [false; 7];
    for d in days {
        match seen.get_mut(d.num_days_from_monday() as usize) {
            Some(x) if !*x => *x = true,
            _ => {
                let listed: Vec<String> = days.iter().map(ToString::to_string).collect();
                return Err(invalid(
                    "tour days off",
                    listed.join(", "),
                    "each weekday at most once",
                ));
            }
        }
    }
    Ok(())
}

/// The tours made from a schedule (or solved jointly with their shifts),
/// the shifts no tour could take, and what the tours alone cover.
///
/// # Examples
///
/// ```
/// # use servops_schedule::examples_support::week_of_tours;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let tours = week_of_tours()?;
/// assert_eq!(tours.tours.len(), 2);
/// assert!(tours.leftover_shifts.is_empty());
/// assert_eq!(tours.paid_hours, 80.0);
/// assert_eq!(tours.under_hours(), 0.0);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Tours {
    /// The tours.
    pub tours: Vec<Tour>,
    /// Shifts left over (to be worked as overtime or by part-timers).
    pub leftover_shifts: Vec<ScheduledShift>,
    /// Agents on the phones per interval from the tours' shifts alone
    /// (leftover shifts not counted), breaks taken out.
    pub coverage: IntervalSeries<f64>,
    /// Requirement not met by the tours per interval (agents).
    pub under: IntervalSeries<f64>,
    /// Coverage above the requirement per interval (agents).
    pub over: IntervalSeries<f64>,
    /// Paid hours of the tours.
    pub paid_hours: f64,
    /// Cost of the tours' shifts: their exact sum, rounded once when it
    /// is no decimal of at most 28 places (see
    /// [`Schedule::cost`](crate::Schedule::cost)).
    pub cost: Decimal,
}

impl Tours {
    /// Agent-hours of requirement the tours leave uncovered.
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops_schedule::examples_support::week_of_tours;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(week_of_tours()?.under_hours(), 0.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn under_hours(&self) -> f64 {
        self.under.values().iter().sum::<f64>() * self.under.grid().step_hours()
    }

    /// Agent-hours on the phones above the requirement.
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops_schedule::examples_support::week_of_tours;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(week_of_tours()?.over_hours(), 0.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn over_hours(&self) -> f64 {
        self.over.values().iter().sum::<f64>() * self.over.grid().step_hours()
    }
}

/// On-phone agents per interval of `grid` from shifts' instants: each
/// shift's minutes in the interval, less its breaks' minutes, over the
/// interval length (wrapping on the grid's length for a cyclic week).
fn coverage_of(shifts: &[&ScheduledShift], grid: &IntervalGrid) -> Vec<f64> {
    let n = grid.len();
    let step = i64::from(grid.step_minutes());
    let mut on = vec![0i64; n];
    for s in shifts {
        let span = (s.end - s.start).num_minutes();
        let mut k = 0i64;
        while k * step < span {
            let (lo, hi) = (k * step, ((k + 1) * step).min(span));
            let off: i64 = s
                .breaks
                .iter()
                .map(|b| {
                    let (bs, be) = (
                        (b.start - s.start).num_minutes(),
                        (b.end - s.start).num_minutes(),
                    );
                    (be.min(hi) - bs.max(lo)).max(0)
                })
                .sum();
            let j = (s.start_index + k as usize) % n.max(1);
            if let Some(v) = on.get_mut(j) {
                *v += hi - lo - off;
            }
            k += 1;
        }
    }
    on.iter().map(|&m| m as f64 / step as f64).collect()
}

/// Groups a week of daily shifts into weekly tours.
///
/// Shifts are grouped by the local date (in `tz`) on which they start.
/// Repeatedly, the day with the fewest shifts left anchors a tour at its
/// earliest shift; among the allowed working-day patterns that include the
/// anchor's day and whose days all have a shift left starting within the
/// band of the anchor's clock time, the one whose shifts start closest to
/// the anchor (and keep the weekly hours) is taken. Shifts that fit no full
/// tour are returned as leftovers. Only the seven local dates from the
/// date of the schedule's first shift are used (a week, with or without
/// shifts on each); later shifts are leftovers.
///
/// This is a post-processing of the least-cost daily schedule, not a joint
/// optimisation of tours and shifts: the cost of the daily schedule is kept
/// and the number of leftover shifts shows how well it decomposes.
///
/// The tours' cost is the exact sum of their shifts' costs, from the
/// rates, paid minutes and fixed costs they were computed from (not from
/// each shift's rounded `cost`, unless that was edited), rounded once.
///
/// # Errors
///
/// [`Error::CostOverflow`] when the tours'
/// shift costs add up to more than `Decimal::MAX` (or less than
/// `Decimal::MIN`); [`Error::InvalidParameter`]
/// for a shift whose start index is not an interval of the schedule's
/// grid or that ends before it starts or more than the grid's length
/// after, or with a break outside it, ending before it starts or
/// overlapping another break of the shift (the breaks in time order);
/// [`Error::ShiftIndexMismatch`]
/// for a shift whose start index and start time name different intervals
/// (the tours' coverage is counted from the index, the tours from the
/// time). A schedule from [`solve`](fn@crate::solve) never gives any of them
/// (its shift costs are `>= 0` and their total was checked to fit, its
/// shifts lie on its grid); a schedule edited by hand or deserialised can.
///
/// # Examples
///
/// ```
/// # use servops_schedule::examples_support::week_of_tours;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let tours = week_of_tours()?;
/// for tour in &tours.tours {
///     assert!(tour.paid_hours <= 40.0);
/// }
/// # Ok(())
/// # }
/// ```
pub fn build_tours(schedule: &Schedule, policy: &TourPolicy, tz: Tz) -> Result<Tours> {
    // Shifts edited or deserialised outside the grid: the coverage walks a
    // shift interval by interval from its start index, so both are bounded
    // by the grid (as every shift `solve` returns is).
    let grid = *schedule.coverage.grid();
    let grid_minutes = grid.len() as i64 * i64::from(grid.step_minutes());
    for s in &schedule.shifts {
        let span = (s.end - s.start).num_minutes();
        if s.start_index >= grid.len() || !(0..=grid_minutes).contains(&span) {
            return Err(invalid(
                "scheduled shift",
                format!(
                    "{} at interval {} from {} to {}",
                    s.template, s.start_index, s.start, s.end
                ),
                "starting at an interval of the schedule's grid and ending no earlier than it starts and at most the grid's length later",
            ));
        }
        // Each break takes its minutes off the shift's coverage once: it
        // lies inside the shift, and the breaks do not overlap (an edited
        // list gave negative coverage).
        let mut free_from = s.start;
        for b in &s.breaks {
            if !(b.start >= free_from && b.start < b.end && b.end <= s.end) {
                return Err(invalid(
                    "scheduled break",
                    format!(
                        "{} to {} of shift {} from {} to {}",
                        b.start, b.end, s.template, s.start, s.end
                    ),
                    "inside its shift, in time order, ending after it starts and not overlapping the shift's other breaks",
                ));
            }
            free_from = b.end;
        }
        // The coverage is counted from the index, the tours from the time:
        // they must name the same interval.
        match grid.interval_start(s.start_index) {
            Some(at) if at == s.start => {}
            at => {
                return Err(Error::ShiftIndexMismatch {
                    template: s.template.clone(),
                    start_index: s.start_index,
                    start: s.start,
                    interval_start: at.unwrap_or_else(|| grid.start()),
                });
            }
        }
    }
    let mut dates: Vec<NaiveDate> = schedule
        .shifts
        .iter()
        .map(|s| s.start.with_timezone(&tz).date_naive())
        .collect();
    dates.sort_unstable();
    dates.dedup();
    // A week: the seven local dates from the first (not the first seven
    // dates with a shift, which spanned more than a week when a day had
    // none, and put two Mondays in one tour's Monday).
    if let Some(&first) = dates.first() {
        dates.retain(|d| d.signed_duration_since(first).num_days() < 7);
    }
    // Per weekday (Monday first): the remaining shifts by clock minute,
    // start and position in the schedule, so that the anchor, the count
    // and the shift closest to a clock are found without a scan (a scan per
    // day, pattern and tour was quadratic in the shifts).
    let mut by_day: [BTreeSet<DayKey>; 7] = Default::default();
    let mut leftover = Vec::new();
    for (k, s) in schedule.shifts.iter().enumerate() {
        let local = s.start.with_timezone(&tz);
        if !dates.contains(&local.date_naive()) {
            leftover.push(s.clone());
            continue;
        }
        let d = local.weekday().num_days_from_monday() as usize;
        if let Some(v) = by_day.get_mut(d) {
            v.insert((local.hour() * 60 + local.minute(), s.start, k));
        }
    }
    let shift = |key: &DayKey| schedule.shifts.get(key.2);
    let patterns = policy.patterns();
    let band = policy.band_min;
    let mut tours = Vec::new();
    // Anchor: the day with the fewest shifts left (but some).
    while let Some(anchor_day) = (0..7)
        .filter(|&d| by_day.get(d).is_some_and(|v| !v.is_empty()))
        .min_by_key(|&d| (by_day.get(d).map_or(0, BTreeSet::len), d))
    {
        let Some(&(anchor_min, _, _)) = by_day.get(anchor_day).and_then(BTreeSet::first) else {
            break;
        };
        let mut best: Option<(u64, Vec<(usize, DayKey)>)> = None;
        for pat in &patterns {
            if !pat.get(anchor_day).copied().unwrap_or(false) {
                continue;
            }
            let mut picks = Vec::new();
            let mut spread = 0u64;
            let mut hours = 0.0;
            let mut ok = true;
            for (d, &works) in pat.iter().enumerate() {
                if !works {
                    continue;
                }
                let pick = by_day
                    .get(d)
                    .and_then(|day| closest(day, anchor_min, band))
                    .and_then(|key| Some((key, shift(&key)?)));
                match pick {
                    Some((key, s)) => {
                        spread += u64::from(key.0.abs_diff(anchor_min));
                        hours += s.paid_hours;
                        picks.push((d, key));
                    }
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok && hours <= policy.max_hours + 1e-9 && best.as_ref().is_none_or(|b| spread < b.0)
            {
                best = Some((spread, picks));
            }
        }
        match best {
            Some((_, picks)) => {
                let mut shifts = Vec::new();
                let mut worked = [false; 7];
                for (d, key) in picks {
                    if let Some(v) = by_day.get_mut(d)
                        && v.remove(&key)
                        && let Some(s) = shift(&key)
                    {
                        shifts.push(s.clone());
                    }
                    if let Some(w) = worked.get_mut(d) {
                        *w = true;
                    }
                }
                shifts.sort_by_key(|s| s.start);
                let paid_hours = shifts.iter().map(|s| s.paid_hours).sum();
                let days_off = (0..7u8)
                    .filter(|&d| !worked.get(usize::from(d)).copied().unwrap_or(false))
                    .filter_map(|d| Weekday::try_from(d).ok())
                    .collect();
                tours.push(Tour::new(shifts, days_off, paid_hours, tz));
            }
            None => {
                // The anchor shift fits no tour.
                if let Some(key) = by_day.get_mut(anchor_day).and_then(BTreeSet::pop_first)
                    && let Some(s) = shift(&key)
                {
                    leftover.push(s.clone());
                }
            }
        }
    }
    leftover.sort_by_key(|s| s.start);
    let in_tours: Vec<&ScheduledShift> = tours.iter().flat_map(|t: &Tour| &t.shifts).collect();
    let coverage = coverage_of(&in_tours, &grid);
    // The requirement, from the schedule's coverage and under/over.
    let at = |s: &IntervalSeries<f64>, i: usize| s.values().get(i).copied().unwrap_or(0.0);
    let req = |i: usize| at(&schedule.coverage, i) + at(&schedule.under, i) - at(&schedule.over, i);
    let cov = |i: usize| coverage.get(i).copied().unwrap_or(0.0);
    let clean = |v: f64| {
        let v = (v * 1e9).round() / 1e9;
        if v.abs() < 1e-9 { 0.0 } else { v }
    };
    // For a schedule from `solve` this always fits (costs >= 0, their total
    // checked); a hand-made or deserialised one may not.
    let cost = crate::money::total_cost(in_tours.iter().copied()).ok_or(Error::CostOverflow {
        what: "tours",
        shifts: in_tours.len(),
    })?;
    Ok(Tours {
        paid_hours: in_tours.iter().map(|s| s.paid_hours).sum(),
        cost,
        coverage: IntervalSeries::from_fn(grid, |i, _| clean(cov(i))),
        under: IntervalSeries::from_fn(grid, |i, _| clean((req(i) - cov(i)).max(0.0))),
        over: IntervalSeries::from_fn(grid, |i, _| clean((cov(i) - req(i)).max(0.0))),
        tours,
        leftover_shifts: leftover,
    })
}

/// A shift of one weekday in `build_tours`: its local clock minute, its
/// start and its position in the schedule.
type DayKey = (u32, DateTime<Utc>, usize);

/// The shift of `day` whose clock minute is closest to `anchor`, at most
/// `band` minutes away; between equally close ones the first in
/// (minute, start, position) order, so one before the anchor rather than
/// one after it, and the earliest start at a minute.
fn closest(day: &BTreeSet<DayKey>, anchor: u32, band: u32) -> Option<DayKey> {
    let first_at = |m: u32| {
        day.range((m, DateTime::<Utc>::MIN_UTC, 0)..)
            .next()
            .copied()
            .filter(|k| k.0 == m)
    };
    let below = day
        .range(..=(anchor, DateTime::<Utc>::MAX_UTC, usize::MAX))
        .next_back()
        .and_then(|k| first_at(k.0))
        .filter(|k| anchor - k.0 <= band);
    let above = day
        .range((anchor.saturating_add(1), DateTime::<Utc>::MIN_UTC, 0)..)
        .next()
        .copied()
        .filter(|k| k.0 - anchor <= band);
    match (below, above) {
        (Some(b), Some(a)) => Some(if anchor - b.0 <= a.0 - anchor { b } else { a }),
        (b, a) => b.or(a),
    }
}

/// A named agent: weekly contract hours, the weekdays available, and the
/// preferred days off. The agents given to one [`assign_agents`] call must
/// have distinct names (else
/// [`Error::DuplicateAgent`]).
///
/// # Errors
///
/// [`Agent::new`] returns [`Error::InvalidParameter`]
/// for an empty or blank name, or contract hours that are not `> 0` and at
/// most 168 (a week).
///
/// # Examples
///
/// ```
/// use servops_schedule::Agent;
/// use servops_core::chrono::Weekday;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let ana = Agent::new("Ana", 40.0)?
///     .with_availability(&[Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri])
///     .with_preferred_days_off(&[Weekday::Sat, Weekday::Sun]);
/// assert_eq!(ana.name(), "Ana");
/// assert!(!ana.is_available(Weekday::Sat));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Agent {
    name: String,
    contract_hours: f64,
    available: [bool; 7],
    preferred_off: [bool; 7],
}

impl Agent {
    /// An agent available every day with no preferred days off.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] unless
    /// the name has a character other than whitespace and `contract_hours`
    /// is `> 0` and at most 168 (a week).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::Agent;
    /// assert!(Agent::new("Bo", f64::NAN).is_err());
    /// assert!(Agent::new(" ", 40.0).is_err());
    /// ```
    pub fn new(name: impl Into<String>, contract_hours: f64) -> Result<Self> {
        let name = name.into();
        if name.trim().is_empty() {
            return Err(invalid(
                "agent name",
                format!("{name:?}"),
                "not empty or blank",
            ));
        }
        if !(contract_hours > 0.0 && contract_hours <= WEEK_HOURS) {
            return Err(invalid("contract hours", contract_hours, "> 0 and <= 168"));
        }
        Ok(Self {
            name,
            contract_hours,
            available: [true; 7],
            preferred_off: [false; 7],
        })
    }

    /// The weekdays the agent can work.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::Agent;
    /// use servops_core::chrono::Weekday;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let a = Agent::new("Cy", 20.0)?.with_availability(&[Weekday::Sat]);
    /// assert!(a.is_available(Weekday::Sat) && !a.is_available(Weekday::Sun));
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn with_availability(mut self, days: &[Weekday]) -> Self {
        self.available = [false; 7];
        for d in days {
            if let Some(x) = self.available.get_mut(d.num_days_from_monday() as usize) {
                *x = true;
            }
        }
        self
    }

    /// The weekdays the agent would rather have off.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::Agent;
    /// use servops_core::chrono::Weekday;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let a = Agent::new("Di", 40.0)?.with_preferred_days_off(&[Weekday::Wed]);
    /// assert!(a.prefers_off(Weekday::Wed));
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn with_preferred_days_off(mut self, days: &[Weekday]) -> Self {
        self.preferred_off = [false; 7];
        for d in days {
            if let Some(x) = self
                .preferred_off
                .get_mut(d.num_days_from_monday() as usize)
            {
                *x = true;
            }
        }
        self
    }

    /// The agent's name.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::Agent;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(Agent::new("Ed", 40.0)?.name(), "Ed");
    /// # Ok(())
    /// # }
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Weekly contract hours.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::Agent;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(Agent::new("Ed", 32.0)?.contract_hours(), 32.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn contract_hours(&self) -> f64 {
        self.contract_hours
    }

    /// Whether the agent can work on `day`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::Agent;
    /// use servops_core::chrono::Weekday;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert!(Agent::new("Fa", 40.0)?.is_available(Weekday::Sun));
    /// # Ok(())
    /// # }
    /// ```
    pub fn is_available(&self, day: Weekday) -> bool {
        self.available
            .get(day.num_days_from_monday() as usize)
            .copied()
            .unwrap_or(false)
    }

    /// Whether the agent prefers `day` off.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::Agent;
    /// use servops_core::chrono::Weekday;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert!(!Agent::new("Fa", 40.0)?.prefers_off(Weekday::Sun));
    /// # Ok(())
    /// # }
    /// ```
    pub fn prefers_off(&self, day: Weekday) -> bool {
        self.preferred_off
            .get(day.num_days_from_monday() as usize)
            .copied()
            .unwrap_or(false)
    }
}

/// Who works which tour, and what could not be matched.
///
/// # Examples
///
/// ```
/// # use servops_schedule::examples_support::week_of_tours;
/// use servops_schedule::{assign_agents, Agent};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let tours = week_of_tours()?;
/// let agents = vec![Agent::new("Ana", 40.0)?, Agent::new("Bo", 40.0)?, Agent::new("Cy", 40.0)?];
/// let a = assign_agents(&tours.tours, &agents, 0.0)?;
/// assert_eq!(a.assignments.len(), 2);
/// assert!(a.unfilled_tours.is_empty());
/// assert_eq!(a.unassigned_agents.len(), 1);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Assignment {
    /// `(agent index, tour index)` pairs.
    pub assignments: Vec<(usize, usize)>,
    /// Tours nobody could take.
    pub unfilled_tours: Vec<usize>,
    /// Agents for whom no tour fits (availability or hours), or who were
    /// left over because there were fewer tours than agents.
    pub unassigned_agents: Vec<usize>,
}

/// Assigns agents to tours: a tour fits an agent when the agent is
/// available on every working day of the tour and the tour's paid hours
/// are within `flex_hours` below the contract hours (never above; a tour
/// whose paid hours are NaN fits nobody). Among
/// the fitting assignments, the one with the most agents matched, then the
/// most preferred days off granted, then the least total hours shortfall
/// (one pair costs `-1000 x` days granted `+` hours short, and the total
/// is the least), is found exactly.
///
/// The cost reads only an agent's class (contract hours, available and
/// preferred days) and a tour's (days off, paid hours), so the assignment
/// is solved as a transportation problem between the classes: a min-cost
/// maximum flow by successive shortest paths with potentials, on integer
/// costs (each class-pair cost in units of `2^-k` hours, `k` the largest
/// that keeps every cost within `2^62`; exact for half- and quarter-hour
/// data), ties to the lowest class index. The class flows are then handed
/// out in index order: each agent class's agents, lowest index first, to
/// its tour classes in class order, each tour class's tours lowest index
/// first. The same input gives the same assignment. 2,000 agents for 2,000
/// tours in 56 x 42 classes take about 0.6 ms in a release build (the
/// dense Hungarian assignment this replaced, 6.8 s).
///
/// When the classes do not compress the problem enough for the flow to
/// pay (its work, about `(ca + ct) ca ct` for `ca x ct` classes, above half
/// the Hungarian's `s^2 l` for `s` the smaller and `l` the larger side,
/// roughly more than 0.63 classes per member), the same integer class
/// costs are assigned by the Hungarian algorithm on the agents x tours
/// matrix instead (exact, in `i64` when the costs are small integers in
/// their unit, as for halves and quarters of hours, else `i128`), ties
/// broken otherwise than by the flow. At most [`MAX_ASSIGNMENT_PAIRS`]
/// class pairs are assigned.
///
/// # Errors
///
/// [`Error::InvalidParameter`] unless
/// `flex_hours` is `>= 0` and at most 168 (a week);
/// [`Error::DuplicateAgent`] when two agents
/// have the same name (the pairs name agents by position, a roster by
/// name); [`Error::ShiftOnDayOff`] when a
/// tour has a shift starting, in the tour's
/// [`time_zone`](Tour::time_zone), on a weekday it lists as a day off (a
/// tour edited or deserialised: its working days are read from its days
/// off);
/// [`Error::ModelTooLarge`] when agent
/// classes x tour classes is above [`MAX_ASSIGNMENT_PAIRS`] (checked
/// before the costs are allocated).
///
/// # Examples
///
/// ```
/// # use servops_schedule::examples_support::week_of_tours;
/// use servops_schedule::{assign_agents, Agent};
/// use servops_core::chrono::Weekday;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let tours = week_of_tours()?;
/// // A 20-hour agent fits no 40-hour tour.
/// let agents = vec![Agent::new("Ana", 20.0)?];
/// let a = assign_agents(&tours.tours, &agents, 4.0)?;
/// assert_eq!(a.unassigned_agents, vec![0]);
/// assert_eq!(a.unfilled_tours.len(), 2);
/// # Ok(())
/// # }
/// ```
pub fn assign_agents(tours: &[Tour], agents: &[Agent], flex_hours: f64) -> Result<Assignment> {
    assign_agents_by(tours, agents, flex_hours, crate::assign::Path::Auto)
}

/// [`assign_agents`] by the method `path` (the tests and benches force
/// each one).
pub(crate) fn assign_agents_by(
    tours: &[Tour],
    agents: &[Agent],
    flex_hours: f64,
    path: crate::assign::Path,
) -> Result<Assignment> {
    if !(0.0..=WEEK_HOURS).contains(&flex_hours) {
        return Err(invalid("flex hours", flex_hours, ">= 0 and <= 168"));
    }
    check_agent_names(agents)?;
    check_tours_days_off(tours)?;
    crate::assign::assign_on_classes(tours, agents, flex_hours, path)
}

/// [`Error::ShiftOnDayOff`] for the first tour with a shift on a day it
/// lists as off (tours without a zone are not checked).
fn check_tours_days_off(tours: &[Tour]) -> Result<()> {
    tours
        .iter()
        .enumerate()
        .try_for_each(|(k, t)| t.check_shifts_off(Some(k)))
}

/// [`Error::DuplicateAgent`] naming the first name given twice (compared
/// exactly).
fn check_agent_names(agents: &[Agent]) -> Result<()> {
    let mut seen = std::collections::HashSet::with_capacity(agents.len());
    match agents.iter().find(|a| !seen.insert(a.name())) {
        Some(a) => Err(Error::DuplicateAgent {
            name: a.name().to_owned(),
        }),
        None => Ok(()),
    }
}

/// The cost of giving `tour` to `agent` (lower is better), `None` when it
/// does not fit: `-1000 x` preferred days off granted `+` hours short of
/// the contract. Both assignments use this one function.
pub(crate) fn pair_cost(agent: &Agent, tour: &Tour, flex_hours: f64) -> Option<f64> {
    let works = |d: Weekday| !tour.days_off.contains(&d);
    let available = (0..7u8)
        .filter_map(|d| Weekday::try_from(d).ok())
        .all(|d| !works(d) || agent.is_available(d));
    let short = agent.contract_hours - tour.paid_hours;
    // Written so that NaN hours (a tour edited or deserialised) fit
    // nobody.
    let within = short >= -1e-9 && short <= flex_hours + 1e-9;
    if !available || !within {
        return None;
    }
    // Each weekday once, however often the tour lists it (a tour edited
    // through its public fields can repeat one; it counted twice).
    let granted = (0..7u8)
        .filter_map(|d| Weekday::try_from(d).ok())
        .filter(|&d| !works(d) && agent.prefers_off(d))
        .count();
    Some(-1000.0 * granted as f64 + short.max(0.0))
}

/// The Hungarian assignment on the dense agents x tours matrix, as
/// [`assign_agents`] was before it worked on classes: the reference of the
/// tests and the baseline of the benches. At most [`MAX_ASSIGNMENT_PAIRS`]
/// agent-tour pairs.
pub(crate) fn assign_agents_hungarian(
    tours: &[Tour],
    agents: &[Agent],
    flex_hours: f64,
) -> Result<Assignment> {
    if !(0.0..=WEEK_HOURS).contains(&flex_hours) {
        return Err(invalid("flex hours", flex_hours, ">= 0 and <= 168"));
    }
    check_agent_names(agents)?;
    check_tours_days_off(tours)?;
    // The cost matrix is dense: count it before allocating it.
    let pairs = agents.len() as u128 * tours.len() as u128;
    if pairs > MAX_ASSIGNMENT_PAIRS as u128 {
        return Err(Error::ModelTooLarge {
            what: "agent-tour pairs",
            count: pairs,
            limit: MAX_ASSIGNMENT_PAIRS,
        });
    }
    const NO: f64 = 1e9;
    // cost[a][t]: lower is better.
    let cost: Vec<Vec<f64>> = agents
        .iter()
        .map(|agent| {
            tours
                .iter()
                .map(|tour| pair_cost(agent, tour, flex_hours).unwrap_or(NO))
                .collect()
        })
        .collect();
    // The matching runs with the smaller side as rows: O(rows^2 x columns)
    // (a square matrix of the larger side was O(larger^3)).
    let at = |a: usize, t: usize| cost.get(a).and_then(|r| r.get(t)).copied();
    let tour_of_agent: Vec<Option<usize>> = if agents.len() <= tours.len() {
        hungarian(agents.len(), tours.len(), |a, t| at(a, t).unwrap_or(NO))
            .into_iter()
            .map(Some)
            .collect()
    } else {
        let agent_of_tour = hungarian(tours.len(), agents.len(), |t, a| at(a, t).unwrap_or(NO));
        let mut v = vec![None; agents.len()];
        for (t, a) in agent_of_tour.into_iter().enumerate() {
            if let Some(x) = v.get_mut(a) {
                *x = Some(t);
            }
        }
        v
    };
    let mut out = Assignment {
        assignments: Vec::new(),
        unfilled_tours: Vec::new(),
        unassigned_agents: Vec::new(),
    };
    let mut tour_taken = vec![false; tours.len()];
    for (a, t) in tour_of_agent.into_iter().enumerate() {
        let fits = |t: usize| at(a, t).is_some_and(|c| c < NO / 2.0);
        match t.filter(|&t| fits(t)) {
            Some(t) => {
                out.assignments.push((a, t));
                if let Some(x) = tour_taken.get_mut(t) {
                    *x = true;
                }
            }
            None => out.unassigned_agents.push(a),
        }
    }
    out.unfilled_tours = tour_taken
        .iter()
        .enumerate()
        .filter(|(_, x)| !**x)
        .map(|(t, _)| t)
        .collect();
    Ok(out)
}

/// Minimum-cost assignment of `rows <= cols` rows to distinct columns
/// (Kuhn-Munkres with potentials, O(rows^2 x cols)). Returns the column of
/// each row.
fn hungarian(rows: usize, cols: usize, cost: impl Fn(usize, usize) -> f64) -> Vec<usize> {
    let (n, m) = (rows, cols.max(rows));
    let at = |i: usize, j: usize| if j < cols { cost(i, j) } else { 0.0 };
    // 1-based arrays as in the textbook formulation; index 0 is a sentinel.
    let mut u = vec![0.0; n + 1];
    let mut v = vec![0.0; m + 1];
    let mut p = vec![0usize; m + 1];
    let mut way = vec![0usize; m + 1];
    for i in 1..=n {
        if let Some(x) = p.get_mut(0) {
            *x = i;
        }
        let mut j0 = 0usize;
        let mut minv = vec![f64::INFINITY; m + 1];
        let mut used = vec![false; m + 1];
        loop {
            if let Some(x) = used.get_mut(j0) {
                *x = true;
            }
            let i0 = p.get(j0).copied().unwrap_or(0);
            let mut delta = f64::INFINITY;
            let mut j1 = 0usize;
            for j in 1..=m {
                if used.get(j).copied().unwrap_or(true) {
                    continue;
                }
                let cur = at(i0.wrapping_sub(1), j - 1)
                    - u.get(i0).copied().unwrap_or(0.0)
                    - v.get(j).copied().unwrap_or(0.0);
                if cur < minv.get(j).copied().unwrap_or(f64::INFINITY) {
                    if let Some(x) = minv.get_mut(j) {
                        *x = cur;
                    }
                    if let Some(x) = way.get_mut(j) {
                        *x = j0;
                    }
                }
                let mj = minv.get(j).copied().unwrap_or(f64::INFINITY);
                if mj < delta {
                    delta = mj;
                    j1 = j;
                }
            }
            for j in 0..=m {
                if used.get(j).copied().unwrap_or(false) {
                    let pj = p.get(j).copied().unwrap_or(0);
                    if let Some(x) = u.get_mut(pj) {
                        *x += delta;
                    }
                    if let Some(x) = v.get_mut(j) {
                        *x -= delta;
                    }
                } else if let Some(x) = minv.get_mut(j) {
                    *x -= delta;
                }
            }
            j0 = j1;
            if p.get(j0).copied().unwrap_or(0) == 0 || j1 == 0 {
                break;
            }
        }
        loop {
            let j1 = way.get(j0).copied().unwrap_or(0);
            let pj1 = p.get(j1).copied().unwrap_or(0);
            if let Some(x) = p.get_mut(j0) {
                *x = pj1;
            }
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut out = vec![usize::MAX; n];
    for j in 1..=m {
        let i = p.get(j).copied().unwrap_or(0);
        if i >= 1
            && let Some(x) = out.get_mut(i - 1)
        {
            *x = j - 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The grouping of `build_tours` as it was (a scan of the day per
    /// pick): the tours and the leftover shifts.
    fn group_by_scan(
        schedule: &Schedule,
        policy: &TourPolicy,
        tz: Tz,
    ) -> (Vec<Tour>, Vec<ScheduledShift>) {
        let mut dates: Vec<NaiveDate> = schedule
            .shifts
            .iter()
            .map(|s| s.start.with_timezone(&tz).date_naive())
            .collect();
        dates.sort_unstable();
        dates.dedup();
        dates.truncate(7);
        // Per weekday (Monday first): remaining shifts with their clock minute.
        let mut by_day: Vec<Vec<(u32, ScheduledShift)>> = vec![Vec::new(); 7];
        let mut leftover = Vec::new();
        for s in &schedule.shifts {
            let local = s.start.with_timezone(&tz);
            if !dates.contains(&local.date_naive()) {
                leftover.push(s.clone());
                continue;
            }
            let d = local.weekday().num_days_from_monday() as usize;
            if let Some(v) = by_day.get_mut(d) {
                v.push((local.hour() * 60 + local.minute(), s.clone()));
            }
        }
        for v in &mut by_day {
            v.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.start.cmp(&b.1.start)));
        }
        let patterns = policy.patterns();
        let band = policy.band_min;
        let mut tours = Vec::new();
        // Anchor: the day with the fewest shifts left (but some).
        while let Some(anchor_day) = (0..7)
            .filter(|&d| by_day.get(d).is_some_and(|v| !v.is_empty()))
            .min_by_key(|&d| (by_day.get(d).map_or(0, Vec::len), d))
        {
            let Some((anchor_min, _)) = by_day.get(anchor_day).and_then(|v| v.first()).cloned()
            else {
                break;
            };
            let mut best: Option<(u64, Vec<(usize, usize)>)> = None;
            for pat in &patterns {
                if !pat.get(anchor_day).copied().unwrap_or(false) {
                    continue;
                }
                let mut picks = Vec::new();
                let mut spread = 0u64;
                let mut hours = 0.0;
                let mut ok = true;
                for (d, &works) in pat.iter().enumerate() {
                    if !works {
                        continue;
                    }
                    let day = by_day.get(d).map_or(&[][..], Vec::as_slice);
                    let pick = day
                        .iter()
                        .enumerate()
                        .filter(|(_, (m, _))| m.abs_diff(anchor_min) <= band)
                        .min_by_key(|(i, (m, _))| (m.abs_diff(anchor_min), *i));
                    match pick {
                        Some((i, (m, s))) => {
                            spread += u64::from(m.abs_diff(anchor_min));
                            hours += s.paid_hours;
                            picks.push((d, i));
                        }
                        None => {
                            ok = false;
                            break;
                        }
                    }
                }
                if ok
                    && hours <= policy.max_hours + 1e-9
                    && best.as_ref().is_none_or(|b| spread < b.0)
                {
                    best = Some((spread, picks));
                }
            }
            match best {
                Some((_, picks)) => {
                    let mut shifts = Vec::new();
                    let mut worked = [false; 7];
                    for (d, i) in picks {
                        if let Some(v) = by_day.get_mut(d)
                            && i < v.len()
                        {
                            shifts.push(v.remove(i).1);
                        }
                        if let Some(w) = worked.get_mut(d) {
                            *w = true;
                        }
                    }
                    shifts.sort_by_key(|s| s.start);
                    let paid_hours = shifts.iter().map(|s| s.paid_hours).sum();
                    let days_off = (0..7u8)
                        .filter(|&d| !worked.get(usize::from(d)).copied().unwrap_or(false))
                        .filter_map(|d| Weekday::try_from(d).ok())
                        .collect();
                    tours.push(Tour::new(shifts, days_off, paid_hours, tz));
                }
                None => {
                    // The anchor shift fits no tour.
                    if let Some(v) = by_day.get_mut(anchor_day)
                        && !v.is_empty()
                    {
                        leftover.push(v.remove(0).1);
                    }
                }
            }
        }
        leftover.sort_by_key(|s| s.start);
        (tours, leftover)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]

        /// `build_tours` makes the same tours and leftovers as the scan it
        /// replaced, on greedy schedules of random weeks (up to 12 agents a
        /// day, shifts starting 06:00-12:00 on a half-hour grid, so that
        /// many shifts share a clock and ties between clocks are common).
        #[test]
        fn grouping_matches_the_scan(
            day_req in proptest::collection::vec(0u8..=12, 7),
            days in 3u32..=6,
            band in 0u64..=5,
            any in proptest::prelude::any::<bool>(),
        ) {
            use servops_core::IntervalSeries;
            let m = |x: u64| Duration::from_secs(60 * x);
            let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse().unwrap(), m(30), 7 * 48).unwrap();
            let req = IntervalSeries::from_fn(grid, |i, _| {
                let h = i % 48;
                if (12..40).contains(&h) { f64::from(day_req[i / 48]) + (h % 3) as f64 } else { 0.0 }
            });
            let t = crate::ShiftTemplate::builder("t")
                .span(m(480))
                .start_window(chrono::NaiveTime::from_hms_opt(6, 0, 0).unwrap(), chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap())
                .build()
                .unwrap();
            let p = crate::ScheduleProblem::builder(req, vec![t]).build();
            proptest::prop_assume!(p.is_ok());
            let p = p.unwrap();
            let opts = crate::SolveOptions::default().with_method(crate::Method::Greedy);
            let Ok(s) = crate::solve(&p, &opts) else { return Ok(()); };
            let rule = if any { DaysOff::Any } else { DaysOff::Consecutive };
            let policy = TourPolicy::new(days, rule, m(30 * band), 8.0 * f64::from(days)).unwrap();
            let utc = servops_core::chrono_tz::UTC;
            let (tours, leftover) = group_by_scan(&s.schedule, &policy, utc);
            let built = build_tours(&s.schedule, &policy, utc).unwrap();
            proptest::prop_assert_eq!(&built.tours, &tours);
            proptest::prop_assert_eq!(&built.leftover_shifts, &leftover);
        }
    }

    #[test]
    fn hungarian_finds_the_minimum() {
        let cost = [[4.0, 1.0, 3.0], [2.0, 0.0, 5.0], [3.0, 2.0, 2.0]];
        let m = hungarian(3, 3, |i, j| cost[i][j]);
        let total: f64 = m.iter().enumerate().map(|(i, &j)| cost[i][j]).sum();
        assert_eq!(total, 5.0); // 1 + 2 + 2
        // Two rows, three columns: of the six assignments, row 0 to column
        // 1 and row 1 to column 0 (1 + 2) is the only one costing 3.
        let wide = [[4.0, 1.0, 6.0], [2.0, 0.0, 5.0]];
        assert_eq!(hungarian(2, 3, |i, j| wide[i][j]), vec![1, 0]);
    }

    /// A tour whose days off list Saturday three times (edited through its
    /// public fields) grants an agent who prefers Saturday and Sunday off
    /// one preferred day, not three. By hand: tour 0 (Sat, Sat, Sat) grants
    /// 1 day, cost -1000; tour 1 (Sat, Sun) grants 2, cost -2000; both 40
    /// hours for a 40-hour agent. The one agent takes tour 1, on both
    /// assignment paths (before: tour 0 on both, counted as 3 days).
    #[test]
    fn duplicate_days_off_count_once_on_both_paths() {
        let tour = |days_off: Vec<Weekday>| Tour {
            shifts: Vec::new(),
            days_off,
            paid_hours: 40.0,
            time_zone: None,
        };
        let tours = vec![
            tour(vec![Weekday::Sat, Weekday::Sat, Weekday::Sat]),
            tour(vec![Weekday::Sat, Weekday::Sun]),
        ];
        let agent = Agent::new("Ana", 40.0)
            .unwrap()
            .with_preferred_days_off(&[Weekday::Sat, Weekday::Sun]);
        assert_eq!(pair_cost(&agent, &tours[0], 0.0), Some(-1000.0));
        assert_eq!(pair_cost(&agent, &tours[1], 0.0), Some(-2000.0));
        for path in [crate::assign::Path::ClassFlow, crate::assign::Path::Dense] {
            let a = assign_agents_by(&tours, std::slice::from_ref(&agent), 0.0, path).unwrap();
            assert_eq!(a.assignments, vec![(0, 1)], "{path:?}");
            assert_eq!(a.unfilled_tours, vec![0], "{path:?}");
        }
    }

    #[test]
    fn consecutive_patterns_of_five_in_seven() {
        let p = TourPolicy::new(5, DaysOff::Consecutive, Duration::ZERO, 40.0).unwrap();
        assert_eq!(p.patterns().len(), 7);
        let any = TourPolicy::new(5, DaysOff::Any, Duration::ZERO, 40.0).unwrap();
        assert_eq!(any.patterns().len(), 21);
    }
}
