//! Schedule adherence and conformance from scheduled activities and actual
//! agent states.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::time::Duration;

use servops_core::chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::service::Kpi;

/// A labelled time span `[start, end)`: a scheduled activity or an actual
/// agent state.
///
/// # Examples
///
/// ```
/// use servops_kpi::{Error, TimeSpan};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let s = TimeSpan::new("2026-03-02T08:00:00Z".parse()?, "2026-03-02T11:00:00Z".parse()?, "on_queue")?;
/// assert_eq!(s.duration().as_secs(), 3 * 3600);
/// let bad = TimeSpan::new("2026-03-02T11:00:00Z".parse()?, "2026-03-02T08:00:00Z".parse()?, "x");
/// assert!(matches!(bad, Err(Error::TimeOrder { .. })));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "TimeSpanRepr")
)]
pub struct TimeSpan {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    label: String,
}

impl TimeSpan {
    /// A span from `start` to `end` labelled `label` (activity or state).
    ///
    /// # Errors
    ///
    /// [`Error::TimeOrder`] if `end` is before `start`.
    ///
    /// # Examples
    ///
    /// 09:00 to 09:15 is 15 x 60 = 900 s; an empty span is allowed, a reversed
    /// one is a typed error.
    ///
    /// ```
    /// use servops_kpi::{Error, TimeSpan};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let nine: servops_core::chrono::DateTime<servops_core::chrono::Utc> = "2026-03-02T09:00:00Z".parse()?;
    /// let s = TimeSpan::new(nine, "2026-03-02T09:15:00Z".parse()?, "on_queue")?;
    /// assert_eq!(s.duration().as_secs(), 900);
    /// assert!(TimeSpan::new(nine, nine, "on_queue")?.duration().is_zero());
    /// let reversed = TimeSpan::new(s.end(), s.start(), "on_queue");
    /// assert!(matches!(reversed, Err(Error::TimeOrder { .. })));
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>, label: impl Into<String>) -> Result<Self> {
        if end < start {
            return Err(Error::TimeOrder {
                earlier: "span start",
                earlier_value: start.to_rfc3339(),
                later: "span end",
                later_value: end.to_rfc3339(),
            });
        }
        Ok(Self {
            start,
            end,
            label: label.into(),
        })
    }

    /// The start.
    ///
    /// # Examples
    ///
    /// A break from 10:30 to 11:00 starts 30 minutes before it ends.
    ///
    /// ```
    /// # use servops_kpi::TimeSpan;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let s = TimeSpan::new("2026-03-02T10:30:00Z".parse()?, "2026-03-02T11:00:00Z".parse()?, "break")?;
    /// assert_eq!(s.start().to_rfc3339(), "2026-03-02T10:30:00+00:00");
    /// assert_eq!((s.end() - s.start()).num_minutes(), 30);
    /// # Ok(())
    /// # }
    /// ```
    pub fn start(&self) -> DateTime<Utc> {
        self.start
    }

    /// The end.
    ///
    /// # Examples
    ///
    /// A span that crosses midnight ends on the next day.
    ///
    /// ```
    /// # use servops_kpi::TimeSpan;
    /// # use servops_core::chrono::Datelike;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let s = TimeSpan::new("2026-03-02T22:00:00Z".parse()?, "2026-03-03T06:00:00Z".parse()?, "night")?;
    /// assert_eq!(s.end().to_rfc3339(), "2026-03-03T06:00:00+00:00");
    /// assert_eq!(s.end().day(), s.start().day() + 1);
    /// # Ok(())
    /// # }
    /// ```
    pub fn end(&self) -> DateTime<Utc> {
        self.end
    }

    /// The label.
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops_kpi::TimeSpan;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let s = TimeSpan::new("2026-03-02T08:00:00Z".parse()?, "2026-03-02T09:00:00Z".parse()?, "break")?;
    /// assert_eq!(s.label(), "break");
    /// # Ok(())
    /// # }
    /// ```
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The length.
    ///
    /// # Examples
    ///
    /// 22:00 to 06:00 the next day is 8 h = 28,800 s.
    ///
    /// ```
    /// # use servops_kpi::TimeSpan;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let s = TimeSpan::new("2026-03-02T22:00:00Z".parse()?, "2026-03-03T06:00:00Z".parse()?, "night")?;
    /// assert_eq!(s.duration().as_secs(), 8 * 3600);
    /// # Ok(())
    /// # }
    /// ```
    pub fn duration(&self) -> Duration {
        (self.end - self.start).to_std().unwrap_or(Duration::ZERO)
    }
}

/// How short deviations are tolerated.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_kpi::GraceRule;
/// assert_ne!(GraceRule::ForgiveShorter(Duration::from_secs(60)), GraceRule::None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum GraceRule {
    /// Every non-adherent second counts.
    #[default]
    None,
    /// A run of non-adherence no longer than the grace is not an exception
    /// at all; a longer one counts in full.
    ForgiveShorter(Duration),
    /// The first `grace` of every run of non-adherence is forgiven (the
    /// Genesys Cloud "adherence exception threshold": exception time =
    /// run length − threshold).
    DeductFromEach(Duration),
}

/// Whether working outside the scheduled shift is an exception.
///
/// # Examples
///
/// ```
/// assert_eq!(servops_kpi::OutOfShift::default(), servops_kpi::OutOfShift::NotCounted);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum OutOfShift {
    /// Time outside any schedule is neither adherent nor non-adherent
    /// (Amazon Connect; Genesys Cloud with the option off).
    #[default]
    NotCounted,
    /// Time in a working state outside any schedule is an exception, added
    /// to numerator and denominator (Genesys Cloud "Working Outside Shift
    /// Considered Exception").
    Exception,
}

/// The adherence definition: which agent states are adherent to each
/// scheduled activity, which states and activities count as work for
/// conformance, the grace rule and the out-of-shift rule.
///
/// # Examples
///
/// One hour scheduled as `work`, worked in `available` for the first
/// 45 minutes and `away` for the last 15: adherence 45 / 60 = 0.75 when
/// only `available` is adherent to `work`.
///
/// ```
/// use servops_kpi::{schedule_adherence, AdherencePolicy, TimeSpan};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let at = |h: u32, m: u32| format!("2026-03-02T{h:02}:{m:02}:00Z").parse::<servops_core::chrono::DateTime<servops_core::chrono::Utc>>();
/// let schedule = [TimeSpan::new(at(9, 0)?, at(10, 0)?, "work")?];
/// let states = [
///     TimeSpan::new(at(9, 0)?, at(9, 45)?, "available")?,
///     TimeSpan::new(at(9, 45)?, at(10, 0)?, "away")?,
/// ];
/// let policy = AdherencePolicy::new().with_adherent_states("work", &["available"]);
/// let r = schedule_adherence(&schedule, &states, &policy)?;
/// assert_eq!(r.exception.as_secs(), 15 * 60);
/// assert_eq!(r.adherence().value(), Some(0.75));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AdherencePolicy {
    adherent: HashMap<String, HashSet<String>>,
    working_states: HashSet<String>,
    working_activities: HashSet<String>,
    grace: GraceRule,
    out_of_shift: OutOfShift,
}

impl AdherencePolicy {
    /// An empty policy: no state is adherent to anything yet.
    ///
    /// # Examples
    ///
    /// With nothing declared adherent, every scheduled second is an exception:
    /// one hour scheduled and worked gives adherence 0.
    ///
    /// ```
    /// use servops_kpi::{schedule_adherence, AdherencePolicy, TimeSpan};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let at = |h: u32| format!("2026-03-02T{h:02}:00:00Z").parse::<servops_core::chrono::DateTime<servops_core::chrono::Utc>>();
    /// let schedule = [TimeSpan::new(at(9)?, at(10)?, "work")?];
    /// let states = [TimeSpan::new(at(9)?, at(10)?, "available")?];
    /// let r = schedule_adherence(&schedule, &states, &AdherencePolicy::new())?;
    /// assert_eq!(r.exception.as_secs(), 3600);
    /// assert_eq!(r.adherence().value(), Some(0.0));
    /// assert_eq!(AdherencePolicy::new(), AdherencePolicy::default());
    /// # Ok(())
    /// # }
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Declares the states adherent to `activity`.
    ///
    /// # Examples
    ///
    /// Work 9:00–10:00 then lunch 10:00–10:30; the agent is `available`, then
    /// `away`. With only `work` mapped, the lunch half hour is an exception:
    /// 1 − 30/90 = 2/3. Mapping `away` to `lunch` as well makes it 1. Calling it
    /// again for the same activity adds states.
    ///
    /// ```
    /// use servops_kpi::{schedule_adherence, AdherencePolicy, TimeSpan};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let at = |h: u32, m: u32| format!("2026-03-02T{h:02}:{m:02}:00Z").parse::<servops_core::chrono::DateTime<servops_core::chrono::Utc>>();
    /// let schedule = [
    ///     TimeSpan::new(at(9, 0)?, at(10, 0)?, "work")?,
    ///     TimeSpan::new(at(10, 0)?, at(10, 30)?, "lunch")?,
    /// ];
    /// let states = [
    ///     TimeSpan::new(at(9, 0)?, at(10, 0)?, "available")?,
    ///     TimeSpan::new(at(10, 0)?, at(10, 30)?, "away")?,
    /// ];
    /// let work_only = AdherencePolicy::new().with_adherent_states("work", &["available"]);
    /// let r = schedule_adherence(&schedule, &states, &work_only)?;
    /// assert_eq!(r.exception.as_secs(), 30 * 60);
    /// assert_eq!(r.adherence().value(), Some(60.0 / 90.0));
    /// let both = work_only.with_adherent_states("lunch", &["offline"]).with_adherent_states("lunch", &["away"]);
    /// let r = schedule_adherence(&schedule, &states, &both)?;
    /// assert_eq!(r.adherence().value(), Some(1.0));
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn with_adherent_states(mut self, activity: &str, states: &[&str]) -> Self {
        self.adherent
            .entry(activity.to_string())
            .or_default()
            .extend(states.iter().map(|s| (*s).to_string()));
        self
    }

    /// Declares the states that are work (on queue) for conformance and for
    /// out-of-shift exceptions.
    ///
    /// # Examples
    ///
    /// Scheduled to work 9:00–11:00; `available` 9:00–10:00, `after_call`
    /// 10:00–10:30, `break` 10:30–11:00. Counting `available` and `after_call`
    /// as work: 90 min of actual work over 120 scheduled, conformance 0.75.
    ///
    /// ```
    /// use servops_kpi::{schedule_adherence, AdherencePolicy, Conformance, TimeSpan};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let at = |h: u32, m: u32| format!("2026-03-02T{h:02}:{m:02}:00Z").parse::<servops_core::chrono::DateTime<servops_core::chrono::Utc>>();
    /// let schedule = [TimeSpan::new(at(9, 0)?, at(11, 0)?, "work")?];
    /// let states = [
    ///     TimeSpan::new(at(9, 0)?, at(10, 0)?, "available")?,
    ///     TimeSpan::new(at(10, 0)?, at(10, 30)?, "after_call")?,
    ///     TimeSpan::new(at(10, 30)?, at(11, 0)?, "break")?,
    /// ];
    /// let policy = AdherencePolicy::new()
    ///     .with_working_states(&["available", "after_call"])
    ///     .with_working_activities(&["work"]);
    /// let r = schedule_adherence(&schedule, &states, &policy)?;
    /// assert_eq!(r.actual_work.as_secs(), 90 * 60);
    /// assert_eq!(r.conformance(), Some(Conformance::Ratio(0.75)));
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn with_working_states(mut self, states: &[&str]) -> Self {
        self.working_states
            .extend(states.iter().map(|s| (*s).to_string()));
        self
    }

    /// Declares the scheduled activities that are work (on queue) for
    /// conformance.
    ///
    /// # Examples
    ///
    /// Scheduled `work` 9:00–10:00 and `training` 10:00–11:00, but on queue
    /// (`available`) the whole two hours. Only `work` is scheduled work, so
    /// conformance is 120 / 60 = 2: it can exceed 100 %.
    ///
    /// ```
    /// use servops_kpi::{schedule_adherence, AdherencePolicy, Conformance, TimeSpan};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let at = |h: u32| format!("2026-03-02T{h:02}:00:00Z").parse::<servops_core::chrono::DateTime<servops_core::chrono::Utc>>();
    /// let schedule = [
    ///     TimeSpan::new(at(9)?, at(10)?, "work")?,
    ///     TimeSpan::new(at(10)?, at(11)?, "training")?,
    /// ];
    /// let states = [TimeSpan::new(at(9)?, at(11)?, "available")?];
    /// let policy = AdherencePolicy::new()
    ///     .with_working_states(&["available"])
    ///     .with_working_activities(&["work"]);
    /// let r = schedule_adherence(&schedule, &states, &policy)?;
    /// assert_eq!((r.scheduled.as_secs(), r.scheduled_work.as_secs()), (7200, 3600));
    /// assert_eq!(r.conformance(), Some(Conformance::Ratio(2.0)));
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn with_working_activities(mut self, activities: &[&str]) -> Self {
        self.working_activities
            .extend(activities.iter().map(|s| (*s).to_string()));
        self
    }

    /// Sets the grace rule.
    ///
    /// # Examples
    ///
    /// Scheduled 9:00–10:00, logged in at 9:02: a 120 s run of non-adherence.
    /// No grace counts 120 s; forgiving runs up to 180 s counts 0; deducting
    /// 60 s from each run counts 60 s.
    ///
    /// ```
    /// use servops_kpi::{schedule_adherence, AdherencePolicy, GraceRule, TimeSpan};
    /// use std::time::Duration;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let at = |h: u32, m: u32| format!("2026-03-02T{h:02}:{m:02}:00Z").parse::<servops_core::chrono::DateTime<servops_core::chrono::Utc>>();
    /// let schedule = [TimeSpan::new(at(9, 0)?, at(10, 0)?, "work")?];
    /// let states = [TimeSpan::new(at(9, 2)?, at(10, 0)?, "available")?];
    /// let policy = AdherencePolicy::new().with_adherent_states("work", &["available"]);
    /// let exception = |grace| -> Result<u64, servops_kpi::Error> {
    ///     Ok(schedule_adherence(&schedule, &states, &policy.clone().with_grace(grace))?.exception.as_secs())
    /// };
    /// assert_eq!(exception(GraceRule::None)?, 120);
    /// assert_eq!(exception(GraceRule::ForgiveShorter(Duration::from_secs(180)))?, 0);
    /// assert_eq!(exception(GraceRule::DeductFromEach(Duration::from_secs(60)))?, 60);
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn with_grace(mut self, grace: GraceRule) -> Self {
        self.grace = grace;
        self
    }

    /// Sets the out-of-shift rule.
    ///
    /// # Examples
    ///
    /// Scheduled 9:00–10:00 and `available` from 8:30. Not counted, adherence
    /// is 1; as an exception, the 30 min before the shift count in numerator
    /// and denominator: 1 − 30 / (60 + 30) = 2/3.
    ///
    /// ```
    /// use servops_kpi::{schedule_adherence, AdherencePolicy, OutOfShift, TimeSpan};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let at = |h: u32, m: u32| format!("2026-03-02T{h:02}:{m:02}:00Z").parse::<servops_core::chrono::DateTime<servops_core::chrono::Utc>>();
    /// let schedule = [TimeSpan::new(at(9, 0)?, at(10, 0)?, "work")?];
    /// let states = [TimeSpan::new(at(8, 30)?, at(10, 0)?, "available")?];
    /// let policy = AdherencePolicy::new()
    ///     .with_adherent_states("work", &["available"])
    ///     .with_working_states(&["available"]);
    /// let r = schedule_adherence(&schedule, &states, &policy)?;
    /// assert_eq!((r.out_of_shift.as_secs(), r.adherence().value()), (0, Some(1.0)));
    /// let r = schedule_adherence(&schedule, &states, &policy.with_out_of_shift(OutOfShift::Exception))?;
    /// assert_eq!(r.out_of_shift.as_secs(), 30 * 60);
    /// assert_eq!(r.adherence().value(), Some(60.0 / 90.0));
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn with_out_of_shift(mut self, rule: OutOfShift) -> Self {
        self.out_of_shift = rule;
        self
    }
}

/// Conformance: work time over scheduled work time. It can exceed 100 %.
///
/// # Examples
///
/// Eight hours of scheduled work and nine worked: 9 / 8 = 1.125. Work with
/// nothing scheduled is [`Conformance::Unscheduled`], not a division by zero.
///
/// ```
/// use servops_kpi::{AdherenceReport, Conformance};
/// use std::time::Duration;
///
/// let mut r = AdherenceReport::default();
/// r.scheduled_work = Duration::from_secs(8 * 3600);
/// r.actual_work = Duration::from_secs(9 * 3600);
/// assert_eq!(r.conformance(), Some(Conformance::Ratio(1.125)));
/// r.scheduled_work = Duration::ZERO;
/// assert_eq!(r.conformance(), Some(Conformance::Unscheduled));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Conformance {
    /// Actual work / scheduled work.
    Ratio(f64),
    /// Work with no scheduled work (Genesys Cloud reports "Infinity").
    Unscheduled,
}

/// Adherence and conformance totals of one agent (or summed over agents).
///
/// # Examples
///
/// Amazon Connect's example (scheduled 8:00–11:00, working from 7:30, on
/// break 10:30–11:00): 180 min scheduled, 30 min exception, 180 min worked.
/// Reports add up over agents: two such agents have 360 min scheduled and
/// 60 min exception, the same 5/6 adherence.
///
/// ```
/// use servops_kpi::{schedule_adherence, AdherencePolicy, TimeSpan};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let at = |h: u32, m: u32| format!("2026-03-02T{h:02}:{m:02}:00Z").parse::<servops_core::chrono::DateTime<servops_core::chrono::Utc>>();
/// let schedule = [TimeSpan::new(at(8, 0)?, at(11, 0)?, "work")?];
/// let states = [
///     TimeSpan::new(at(7, 30)?, at(10, 30)?, "available")?,
///     TimeSpan::new(at(10, 30)?, at(11, 0)?, "break")?,
/// ];
/// let policy = AdherencePolicy::new()
///     .with_adherent_states("work", &["available"])
///     .with_working_states(&["available"])
///     .with_working_activities(&["work"]);
/// let r = schedule_adherence(&schedule, &states, &policy)?;
/// assert_eq!(r.scheduled.as_secs(), 180 * 60);
/// assert_eq!(r.exception.as_secs(), 30 * 60);
/// assert_eq!(r.actual_work.as_secs(), 180 * 60);
/// let team = r + r;
/// assert_eq!((team.scheduled.as_secs(), team.exception.as_secs()), (360 * 60, 60 * 60));
/// assert_eq!(team.adherence().value(), Some(300.0 / 360.0));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct AdherenceReport {
    /// Scheduled time (all activities).
    pub scheduled: Duration,
    /// Exception time inside the schedule, after the grace rule.
    pub exception: Duration,
    /// Working time outside the schedule counted as exception (zero unless
    /// [`OutOfShift::Exception`]), after the grace rule.
    pub out_of_shift: Duration,
    /// Scheduled working (on-queue) time.
    pub scheduled_work: Duration,
    /// Actual time in working states, inside or outside the schedule.
    pub actual_work: Duration,
}

impl AdherenceReport {
    /// Adherence.
    ///
    /// # Formula
    ///
    /// `adherence = 1 − (exception + out_of_shift) / (scheduled +
    /// out_of_shift)` (Genesys Cloud; equal to Amazon Connect's adherent /
    /// scheduled when out-of-shift work is not counted). `None` when the
    /// denominator is 0: nothing scheduled and no out-of-shift exception.
    /// An agent with nothing scheduled whose work counts as out-of-shift
    /// exception ([`OutOfShift::Exception`]) has adherence 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::{schedule_adherence, AdherencePolicy, OutOfShift, TimeSpan};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let at = |h: u32| format!("2026-03-02T{h:02}:00:00Z").parse::<servops_core::chrono::DateTime<servops_core::chrono::Utc>>();
    /// let worked = [TimeSpan::new(at(9)?, at(10)?, "on_queue")?];
    /// let policy = AdherencePolicy::new().with_working_states(&["on_queue"]);
    /// let r = schedule_adherence(&[], &worked, &policy)?;
    /// assert_eq!(r.adherence().value(), None);
    /// let r = schedule_adherence(&[], &worked, &policy.with_out_of_shift(OutOfShift::Exception))?;
    /// assert_eq!(r.adherence().value(), Some(0.0));
    /// # Ok(())
    /// # }
    /// ```
    pub fn adherence(&self) -> Kpi<()> {
        let den = self.scheduled.as_secs_f64() + self.out_of_shift.as_secs_f64();
        let exc = self.exception.as_secs_f64() + self.out_of_shift.as_secs_f64();
        Kpi::new((den - exc).max(0.0), den, ())
    }

    /// Conformance: `actual_work / scheduled_work`; `None` if both are zero,
    /// [`Conformance::Unscheduled`] if only the schedule is.
    ///
    /// # Examples
    ///
    /// Scheduled to work 8:00–12:00 (240 min), on queue 8:00–11:00 (180 min):
    /// conformance 180 / 240 = 0.75. With nothing scheduled and nothing worked
    /// it is `None`.
    ///
    /// ```
    /// use servops_kpi::{schedule_adherence, AdherencePolicy, Conformance, TimeSpan};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let at = |h: u32| format!("2026-03-02T{h:02}:00:00Z").parse::<servops_core::chrono::DateTime<servops_core::chrono::Utc>>();
    /// let schedule = [TimeSpan::new(at(8)?, at(12)?, "work")?];
    /// let states = [TimeSpan::new(at(8)?, at(11)?, "available")?];
    /// let policy = AdherencePolicy::new()
    ///     .with_working_states(&["available"])
    ///     .with_working_activities(&["work"]);
    /// let r = schedule_adherence(&schedule, &states, &policy)?;
    /// assert_eq!(r.conformance(), Some(Conformance::Ratio(0.75)));
    /// assert_eq!(schedule_adherence(&[], &[], &policy)?.conformance(), None);
    /// # Ok(())
    /// # }
    /// ```
    pub fn conformance(&self) -> Option<Conformance> {
        match (self.actual_work.is_zero(), self.scheduled_work.is_zero()) {
            (true, true) => None,
            (false, true) => Some(Conformance::Unscheduled),
            _ => Some(Conformance::Ratio(
                self.actual_work.as_secs_f64() / self.scheduled_work.as_secs_f64(),
            )),
        }
    }
}

impl std::ops::Add for AdherenceReport {
    type Output = Self;

    fn add(self, o: Self) -> Self {
        Self {
            scheduled: self.scheduled.saturating_add(o.scheduled),
            exception: self.exception.saturating_add(o.exception),
            out_of_shift: self.out_of_shift.saturating_add(o.out_of_shift),
            scheduled_work: self.scheduled_work.saturating_add(o.scheduled_work),
            actual_work: self.actual_work.saturating_add(o.actual_work),
        }
    }
}

/// The first listed span covering each piece between consecutive cuts, found
/// by a sweep over the cuts in increasing order.
///
/// Every span's start and end are cuts, so a span of positive length covers
/// the piece `[a, b)` (b the next cut) exactly when `start <= a < end`: the
/// spans active at `a`, of which the one listed first (lowest index) wins.
/// `O(n log n)` over all the pieces, where a scan per piece was `O(n²)`.
struct Covering<'a> {
    spans: &'a [TimeSpan],
    by_start: Vec<usize>,
    by_end: Vec<usize>,
    started: usize,
    ended: usize,
    active: BTreeSet<usize>,
}

impl<'a> Covering<'a> {
    fn new(spans: &'a [TimeSpan]) -> Self {
        let mut by_start: Vec<usize> = (0..spans.len()).collect();
        let mut by_end = by_start.clone();
        by_start.sort_by_key(|&i| spans.get(i).map(|s| s.start));
        by_end.sort_by_key(|&i| spans.get(i).map(|s| s.end));
        Self {
            spans,
            by_start,
            by_end,
            started: 0,
            ended: 0,
            active: BTreeSet::new(),
        }
    }

    /// The span covering the piece that starts at `a`; `a` must not
    /// decrease from one call to the next.
    fn at(&mut self, a: DateTime<Utc>) -> Option<&'a TimeSpan> {
        while let Some(&i) = self.by_start.get(self.started) {
            match self.spans.get(i) {
                Some(s) if s.start <= a => {
                    if s.start < s.end {
                        self.active.insert(i);
                    }
                    self.started += 1;
                }
                _ => break,
            }
        }
        while let Some(&i) = self.by_end.get(self.ended) {
            match self.spans.get(i) {
                Some(s) if s.end <= a => {
                    self.active.remove(&i);
                    self.ended += 1;
                }
                _ => break,
            }
        }
        let spans = self.spans;
        self.active.first().and_then(|&i| spans.get(i))
    }
}

fn graced(run: Duration, grace: GraceRule) -> Duration {
    match grace {
        GraceRule::None => run,
        GraceRule::ForgiveShorter(g) => {
            if run <= g {
                Duration::ZERO
            } else {
                run
            }
        }
        GraceRule::DeductFromEach(g) => run.saturating_sub(g),
    }
}

/// Compares one agent's schedule with the agent's actual states.
///
/// Time is cut at every start and end of a span. In each piece covered by a
/// scheduled activity, the agent is adherent if its state (if any) is one
/// the policy maps to the activity; no state is non-adherent. Outside the
/// schedule, time in a working state is an exception only under
/// [`OutOfShift::Exception`]. Consecutive non-adherent pieces form a run,
/// to which the grace rule applies. Overlapping spans: the first listed wins.
///
/// Time `O(n log n)` for `n` spans.
///
/// # Errors
///
/// None yet for valid spans; the `Result` leaves room for checks on input
/// sizes.
///
/// # Examples
///
/// Amazon Connect's first example: scheduled to work 8:00–11:00, working
/// from 7:30, on break from 10:30 to 11:00: 150 / 180 = 83 %.
///
/// ```
/// use servops_kpi::{schedule_adherence, AdherencePolicy, TimeSpan};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let at = |h: u32, m: u32| format!("2026-03-02T{h:02}:{m:02}:00Z").parse::<servops_core::chrono::DateTime<servops_core::chrono::Utc>>();
/// let schedule = [TimeSpan::new(at(8, 0)?, at(11, 0)?, "work")?];
/// let states = [
///     TimeSpan::new(at(7, 30)?, at(10, 30)?, "available")?,
///     TimeSpan::new(at(10, 30)?, at(11, 0)?, "break")?,
/// ];
/// let policy = AdherencePolicy::new()
///     .with_adherent_states("work", &["available"])
///     .with_working_states(&["available"])
///     .with_working_activities(&["work"]);
/// let r = schedule_adherence(&schedule, &states, &policy)?;
/// assert_eq!(r.adherence().value(), Some(150.0 / 180.0));
/// # Ok(())
/// # }
/// ```
pub fn schedule_adherence(
    schedule: &[TimeSpan],
    states: &[TimeSpan],
    policy: &AdherencePolicy,
) -> Result<AdherenceReport> {
    let mut cuts: Vec<DateTime<Utc>> = schedule
        .iter()
        .chain(states)
        .flat_map(|s| [s.start, s.end])
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut rep = AdherenceReport::default();
    let mut run = Duration::ZERO; // current run of non-adherence (in and out of shift)
    let mut run_in = Duration::ZERO; // of which inside the schedule
    let mut last_end: Option<DateTime<Utc>> = None;
    let flush = |rep: &mut AdherenceReport, run: &mut Duration, run_in: &mut Duration| {
        if !run.is_zero() {
            let kept = graced(*run, policy.grace);
            // split what is kept in proportion between in- and out-of-shift
            let frac = run_in.as_secs_f64() / run.as_secs_f64();
            let kept_in = kept.mul_f64(frac);
            rep.exception = rep.exception.saturating_add(kept_in);
            rep.out_of_shift = rep
                .out_of_shift
                .saturating_add(kept.saturating_sub(kept_in));
        }
        *run = Duration::ZERO;
        *run_in = Duration::ZERO;
    };
    let mut activities = Covering::new(schedule);
    let mut agent_states = Covering::new(states);
    for w in cuts.windows(2) {
        let (Some(&a), Some(&b)) = (w.first(), w.get(1)) else {
            continue;
        };
        let len = (b - a).to_std().unwrap_or(Duration::ZERO);
        let act = activities.at(a);
        let state = agent_states.at(a);
        let working = state.is_some_and(|s| policy.working_states.contains(&s.label));
        if working {
            rep.actual_work = rep.actual_work.saturating_add(len);
        }
        let non_adherent_in;
        let non_adherent_out;
        match act {
            Some(act) => {
                rep.scheduled = rep.scheduled.saturating_add(len);
                if policy.working_activities.contains(&act.label) {
                    rep.scheduled_work = rep.scheduled_work.saturating_add(len);
                }
                let ok = state.is_some_and(|s| {
                    policy
                        .adherent
                        .get(&act.label)
                        .is_some_and(|set| set.contains(&s.label))
                });
                non_adherent_in = !ok;
                non_adherent_out = false;
            }
            None => {
                non_adherent_in = false;
                non_adherent_out = working && policy.out_of_shift == OutOfShift::Exception;
            }
        }
        if last_end != Some(a) || !(non_adherent_in || non_adherent_out) {
            flush(&mut rep, &mut run, &mut run_in);
        }
        if non_adherent_in || non_adherent_out {
            run = run.saturating_add(len);
            if non_adherent_in {
                run_in = run_in.saturating_add(len);
            }
        }
        last_end = Some(b);
    }
    flush(&mut rep, &mut run, &mut run_in);
    Ok(rep)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        format!("2026-03-02T{h:02}:{m:02}:00Z").parse().unwrap()
    }

    #[test]
    fn grace_rules() {
        let schedule = [TimeSpan::new(at(9, 0), at(10, 0), "work").unwrap()];
        let states = [
            TimeSpan::new(at(9, 2), at(9, 30), "on").unwrap(),
            TimeSpan::new(at(9, 40), at(10, 0), "on").unwrap(),
        ];
        let p = AdherencePolicy::new().with_adherent_states("work", &["on"]);
        let none = schedule_adherence(&schedule, &states, &p).unwrap();
        assert_eq!(none.exception, Duration::from_secs(12 * 60));
        let forgive = schedule_adherence(
            &schedule,
            &states,
            &p.clone()
                .with_grace(GraceRule::ForgiveShorter(Duration::from_secs(180))),
        )
        .unwrap();
        assert_eq!(forgive.exception, Duration::from_secs(10 * 60));
        let deduct = schedule_adherence(
            &schedule,
            &states,
            &p.with_grace(GraceRule::DeductFromEach(Duration::from_secs(60))),
        )
        .unwrap();
        assert_eq!(deduct.exception, Duration::from_secs(10 * 60));
    }

    #[test]
    fn nothing_scheduled_is_undefined() {
        let r = schedule_adherence(&[], &[], &AdherencePolicy::new()).unwrap();
        assert_eq!(r.adherence().value(), None);
        assert_eq!(r.conformance(), None);
    }
}

/// The serialized form of a [`TimeSpan`]; deserializing goes through its
/// checking constructor.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TimeSpanRepr {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    label: String,
}

#[cfg(feature = "serde")]
impl TryFrom<TimeSpanRepr> for TimeSpan {
    type Error = Error;

    fn try_from(r: TimeSpanRepr) -> Result<Self> {
        Self::new(r.start, r.end, r.label)
    }
}
