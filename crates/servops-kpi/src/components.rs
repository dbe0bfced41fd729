//! Additive per-interval components: counts and sums that add across
//! intervals, queues and channels. KPIs divide only at the end.

use std::fmt;
use std::ops::{Add, AddAssign};
use std::time::Duration;

use servops_core::chrono::NaiveDate;
use servops_core::chrono_tz::Tz;
use servops_core::{IntervalGrid, IntervalSeries};

use crate::error::{Error, Result};
use crate::record::{ContactRecord, Outcome};

/// Which instant of a contact decides the interval it is counted in.
///
/// Vendors differ: Amazon Connect counts "contacts answered in X seconds" by
/// the enqueue timestamp; Genesys Cloud counts *Answered* in the interval the
/// agent answered and *Handle* in the interval the after-call work completed.
/// Contacts that were not answered are attributed to their queue exit under
/// [`Answer`](Self::Answer) and [`Completion`](Self::Completion); contacts
/// still waiting always to their arrival.
///
/// # Examples
///
/// ```
/// use servops_kpi::Attribution;
///
/// assert_eq!(Attribution::Arrival.to_string(), "arrival");
/// assert_ne!(Attribution::Answer, Attribution::Completion);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Attribution {
    /// The instant the contact joined the queue (Amazon Connect's SL counts).
    #[default]
    Arrival,
    /// The instant an agent answered (the queue exit if none did; Genesys
    /// *Answered*).
    Answer,
    /// The instant the agent finished, after-contact work included (the
    /// queue exit if no agent answered, the answer if the handle time is
    /// unknown; Genesys *Handle*).
    Completion,
}

impl fmt::Display for Attribution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Arrival => "arrival",
            Self::Answer => "answer",
            Self::Completion => "completion",
        })
    }
}

/// Which wait is compared with the service-level threshold and reported as
/// the longest wait.
///
/// # Examples
///
/// ```
/// use servops_kpi::WaitClock;
///
/// assert_eq!(WaitClock::default(), WaitClock::QueueExit);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum WaitClock {
    /// Arrival to queue exit: ring time at the agent's desk excluded.
    #[default]
    QueueExit,
    /// Arrival to answer: ring time included (Cisco UCCE counts ring time).
    Answer,
}

/// The settings the components of an aggregation were computed with: the
/// service-level threshold (inclusive: a contact meets it when its wait is
/// `<= threshold`), the short-abandon threshold (an abandon with wait
/// `<= short_abandon` is short), the wait clock and the attribution rule.
///
/// Components computed with different settings cannot be added.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_kpi::{Attribution, ComponentSpec};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let spec = ComponentSpec::new(Duration::from_secs(20))?
///     .with_short_abandon(Duration::from_secs(5))?
///     .with_attribution(Attribution::Answer);
/// assert_eq!(spec.threshold(), Duration::from_secs(20));
/// assert_eq!(spec.short_abandon(), Duration::from_secs(5));
/// # Ok(())
/// # }
/// ```
///
/// Thresholds keep their nanoseconds and are compared with each contact's
/// wait to the nanosecond: a wait of 20.0004 s is not within 20 s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "spec_serde::SpecRepr"))]
pub struct ComponentSpec {
    threshold_ns: u64,
    short_abandon_ns: u64,
    wait_clock: WaitClock,
    attribution: Attribution,
}

/// The JSON form of [`ComponentSpec`]: thresholds in nanoseconds
/// (`threshold_ns`, `short_abandon_ns`); JSON written before they were kept
/// to the nanosecond has `threshold_ms` and `short_abandon_ms` instead, and
/// reads as the same thresholds.
#[cfg(feature = "serde")]
mod spec_serde {
    use super::{Attribution, ComponentSpec, WaitClock};
    use crate::error::Error;

    #[derive(serde::Deserialize)]
    pub(super) struct SpecRepr {
        threshold_ns: Option<u64>,
        short_abandon_ns: Option<u64>,
        threshold_ms: Option<u64>,
        short_abandon_ms: Option<u64>,
        wait_clock: WaitClock,
        attribution: Attribution,
    }

    fn pick(
        name: &'static str,
        ns: Option<u64>,
        ms: Option<u64>,
    ) -> std::result::Result<u64, Error> {
        match (ns, ms) {
            (Some(ns), None) => Ok(ns),
            (None, Some(ms)) => ms.checked_mul(1_000_000).ok_or(Error::InvalidParameter {
                name,
                value: format!("{ms} ms"),
                constraint: "at most u64::MAX nanoseconds (584 years)",
            }),
            (Some(ns), Some(ms)) if u128::from(ns) == u128::from(ms) * 1_000_000 => Ok(ns),
            (Some(ns), Some(ms)) => Err(Error::InvalidParameter {
                name,
                value: format!("{ns} ns and {ms} ms"),
                constraint: "given once (in ns, or in ms as written before)",
            }),
            (None, None) => Err(Error::InvalidParameter {
                name,
                value: "absent".to_string(),
                constraint: "present (in ns, or in ms as written before)",
            }),
        }
    }

    impl TryFrom<SpecRepr> for ComponentSpec {
        type Error = Error;

        fn try_from(r: SpecRepr) -> std::result::Result<Self, Error> {
            Ok(ComponentSpec {
                threshold_ns: pick("service-level threshold", r.threshold_ns, r.threshold_ms)?,
                short_abandon_ns: pick(
                    "short-abandon threshold",
                    r.short_abandon_ns,
                    r.short_abandon_ms,
                )?,
                wait_clock: r.wait_clock,
                attribution: r.attribution,
            })
        }
    }
}

fn dur_ns(name: &'static str, d: Duration) -> Result<u64> {
    u64::try_from(d.as_nanos()).map_err(|_| Error::InvalidParameter {
        name,
        value: format!("{d:?}"),
        constraint: "at most u64::MAX nanoseconds (584 years)",
    })
}

/// A duration in nanoseconds to the nearest millisecond (halves up), for
/// the millisecond sums of [`Components`].
#[inline]
fn ms_nearest(ns: u64) -> u64 {
    ns / 1_000_000 + u64::from(ns % 1_000_000 >= 500_000)
}

impl ComponentSpec {
    /// Settings with a service-level threshold, no short abandons (short
    /// threshold 0 s: only abandons with no wait at all are short), the
    /// [`WaitClock::QueueExit`] clock and [`Attribution::Arrival`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if the threshold does not fit in `u64`
    /// nanoseconds (584 years).
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_kpi::ComponentSpec;
    /// let spec = ComponentSpec::new(Duration::from_secs(30))?;
    /// assert_eq!(spec.threshold(), Duration::from_secs(30));
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn new(threshold: Duration) -> Result<Self> {
        Ok(Self {
            threshold_ns: dur_ns("service-level threshold", threshold)?,
            short_abandon_ns: 0,
            wait_clock: WaitClock::QueueExit,
            attribution: Attribution::Arrival,
        })
    }

    /// Sets the short-abandon threshold.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if it does not fit in `u64` nanoseconds
    /// (584 years).
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_kpi::ComponentSpec;
    /// let spec = ComponentSpec::new(Duration::from_secs(20))?.with_short_abandon(Duration::from_secs(5))?;
    /// assert_eq!(spec.short_abandon(), Duration::from_secs(5));
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn with_short_abandon(mut self, short_abandon: Duration) -> Result<Self> {
        self.short_abandon_ns = dur_ns("short-abandon threshold", short_abandon)?;
        Ok(self)
    }

    /// Sets the wait clock.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_kpi::{ComponentSpec, WaitClock};
    /// let spec = ComponentSpec::new(Duration::from_secs(20))?.with_wait_clock(WaitClock::Answer);
    /// assert_eq!(spec.wait_clock(), WaitClock::Answer);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    #[must_use]
    pub fn with_wait_clock(mut self, wait_clock: WaitClock) -> Self {
        self.wait_clock = wait_clock;
        self
    }

    /// Sets the attribution rule.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_kpi::{Attribution, ComponentSpec};
    /// let spec = ComponentSpec::new(Duration::from_secs(20))?.with_attribution(Attribution::Completion);
    /// assert_eq!(spec.attribution(), Attribution::Completion);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    #[must_use]
    pub fn with_attribution(mut self, attribution: Attribution) -> Self {
        self.attribution = attribution;
        self
    }

    /// The service-level threshold.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_kpi::ComponentSpec;
    /// assert_eq!(ComponentSpec::new(Duration::from_secs(20))?.threshold(), Duration::from_secs(20));
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn threshold(&self) -> Duration {
        Duration::from_nanos(self.threshold_ns)
    }

    /// The short-abandon threshold.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_kpi::ComponentSpec;
    /// assert_eq!(ComponentSpec::new(Duration::from_secs(20))?.short_abandon(), Duration::ZERO);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn short_abandon(&self) -> Duration {
        Duration::from_nanos(self.short_abandon_ns)
    }

    /// The wait clock.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_kpi::{ComponentSpec, WaitClock};
    /// assert_eq!(ComponentSpec::new(Duration::from_secs(20))?.wait_clock(), WaitClock::QueueExit);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn wait_clock(&self) -> WaitClock {
        self.wait_clock
    }

    /// The attribution rule.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_kpi::{Attribution, ComponentSpec};
    /// assert_eq!(ComponentSpec::new(Duration::from_secs(20))?.attribution(), Attribution::Arrival);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn attribution(&self) -> Attribution {
        self.attribution
    }

    /// Adds one record to `c` under these settings.
    #[inline]
    pub(crate) fn accumulate(&self, c: &mut Components, r: &ContactRecord) {
        // compared in nanoseconds; summed in milliseconds (each contact's
        // duration to the nearest ms), the longest wait rounded up
        let wait = match self.wait_clock {
            WaitClock::QueueExit => u128::from(r.wait_ns),
            WaitClock::Answer => u128::from(r.wait_ns) + u128::from(r.ring_ns),
        };
        let within = u64::from(wait <= u128::from(self.threshold_ns));
        let wait = u64::try_from(wait.div_ceil(1_000_000)).unwrap_or(u64::MAX);
        match r.outcome {
            Outcome::Answered => {
                c.answered += 1;
                c.answered_within += within;
                c.answered_wait_ms = c.answered_wait_ms.saturating_add(ms_nearest(r.wait_ns));
                c.answered_ring_ms = c.answered_ring_ms.saturating_add(ms_nearest(r.ring_ns));
                // a record whose handle time is unknown adds to no
                // handle sum (masked, not branched: the hot path)
                let known = u64::from(r.handle_known);
                c.handle_unknown += 1 - known;
                c.talk_ms = c.talk_ms.saturating_add(ms_nearest(r.talk_ns) * known);
                c.hold_ms = c.hold_ms.saturating_add(ms_nearest(r.hold_ns) * known);
                c.acw_ms = c.acw_ms.saturating_add(ms_nearest(r.acw_ns) * known);
                c.transferred += u64::from(r.transferred);
                if let Some(res) = r.resolved {
                    c.resolution_known += 1;
                    c.resolved += u64::from(res);
                }
                c.longest_wait_ms = c.longest_wait_ms.max(wait);
            }
            Outcome::Abandoned => {
                c.abandoned += 1;
                c.abandoned_within += within;
                c.short_abandoned += u64::from(r.wait_ns <= self.short_abandon_ns);
                c.abandoned_wait_ms = c.abandoned_wait_ms.saturating_add(ms_nearest(r.wait_ns));
                c.longest_wait_ms = c.longest_wait_ms.max(wait);
            }
            Outcome::FlowedOut => {
                c.flowed_out += 1;
                c.flowed_out_within += within;
                c.longest_wait_ms = c.longest_wait_ms.max(wait);
            }
            Outcome::Callback => {
                c.callbacks += 1;
                c.callbacks_within += within;
                c.longest_wait_ms = c.longest_wait_ms.max(wait);
            }
            Outcome::StillWaiting => c.censored += 1,
        }
    }

    /// The instant (ns since the epoch) that places `r` in an interval.
    #[inline]
    pub(crate) fn attribution_ns(&self, r: &ContactRecord) -> i128 {
        match (self.attribution, r.outcome) {
            (Attribution::Arrival, _) | (_, Outcome::StillWaiting) => r.arrival_ns,
            (Attribution::Answer, Outcome::Answered) => r.answer_ns(),
            (Attribution::Completion, Outcome::Answered) => r.completion_ns(),
            (_, _) => r.queue_exit_ns(),
        }
    }
}

impl fmt::Display for ComponentSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "threshold {:?}, short abandon {:?}, wait clock {:?}, attribution {}",
            self.threshold(),
            self.short_abandon(),
            self.wait_clock,
            self.attribution
        )
    }
}

/// The additive counts and sums of one interval (or of any union of
/// intervals, queues and channels).
///
/// Counts are contacts; sums are milliseconds, each contact's duration
/// rounded to the nearest millisecond (the counts against a threshold are
/// exact: the record keeps nanoseconds). Every field adds under `+`,
/// except `longest_wait_ms`, which takes the maximum. Contacts still waiting
/// when the data end are counted in `censored` and nowhere else.
///
/// # Examples
///
/// ```
/// use servops_kpi::Components;
///
/// let mut a = Components::default();
/// a.answered = 10;
/// a.answered_within = 8;
/// let mut b = Components::default();
/// b.answered = 30;
/// b.answered_within = 12;
/// let total = a + b;
/// assert_eq!(total.answered, 40);
/// assert_eq!(total.answered_within, 20);
/// ```
///
/// The count fields are public so that components can be filled from an
/// ACD's own summary; [`check`](Self::check) tells whether such counts are
/// consistent, deserialising (feature `serde`) refuses counts that are not,
/// and the rate KPIs give no value for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "unchecked::ComponentsUnchecked"))]
#[non_exhaustive]
pub struct Components {
    /// Contacts answered by an agent (`H`).
    pub answered: u64,
    /// Answered with wait `<= threshold` (`H_T`).
    pub answered_within: u64,
    /// Abandoned in the queue (`A`).
    pub abandoned: u64,
    /// Abandoned with wait `<= threshold` (`A_T`).
    pub abandoned_within: u64,
    /// Abandoned with wait `<= short-abandon threshold` (`A_S`).
    pub short_abandoned: u64,
    /// Flowed out of the queue (overflow, transfer out, timeout) (`F`).
    pub flowed_out: u64,
    /// Flowed out with wait `<= threshold`.
    pub flowed_out_within: u64,
    /// Left the queue with a callback request (`C`).
    pub callbacks: u64,
    /// Callback requested with wait `<= threshold`.
    pub callbacks_within: u64,
    /// Still waiting when the data end (right-censored; in no KPI).
    pub censored: u64,
    /// Answered contacts the agent transferred onwards.
    pub transferred: u64,
    /// Answered contacts with a resolution flag.
    pub resolution_known: u64,
    /// Answered contacts flagged resolved.
    pub resolved: u64,
    /// Sum of queue waits (arrival to queue exit) of answered contacts, ms.
    pub answered_wait_ms: u64,
    /// Sum of ring times of answered contacts, ms.
    pub answered_ring_ms: u64,
    /// Sum of queue waits of abandoned contacts, ms.
    pub abandoned_wait_ms: u64,
    /// Longest wait (per the wait clock) of a contact that left the queue, ms,
    /// rounded up (no contact waited longer).
    pub longest_wait_ms: u64,
    /// Sum of talk times of answered contacts whose handle time is known,
    /// ms (a mean divides by [`handle_known`](Self::handle_known), not by
    /// `answered`).
    pub talk_ms: u64,
    /// Sum of hold times of answered contacts whose handle time is known,
    /// ms (only an answered contact has hold time).
    pub hold_ms: u64,
    /// Sum of after-contact work times of answered contacts whose handle
    /// time is known, ms (only an answered contact has after-contact work).
    pub acw_ms: u64,
    /// Answered contacts whose handle time is unknown (neither an end nor a
    /// talk time; see [`ContactRecord::handle_known`]): counted in
    /// `answered` and every other count and wait, but in none of `talk_ms`,
    /// `hold_ms` and `acw_ms`, and left out of AHT's denominator.
    ///
    /// JSON (feature `serde`) writes it only when it is not 0; JSON
    /// without it (written before it existed) reads as 0, every answered
    /// contact counted in the handle sums, as they then were.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "crate::components::is_zero")
    )]
    pub handle_unknown: u64,
}

#[cfg(feature = "serde")]
#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
pub(crate) fn is_zero(x: &u64) -> bool {
    *x == 0
}

impl Components {
    /// Components of a set of records, all in one bucket (no grid).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_kpi::{ComponentSpec, Components, ContactRecord, Outcome};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let t = "2026-03-02T09:00:00Z".parse()?;
    /// let records = [
    ///     ContactRecord::builder(t, Outcome::Answered).wait(Duration::from_secs(10)).build()?,
    ///     ContactRecord::builder(t, Outcome::Abandoned).wait(Duration::from_secs(40)).build()?,
    ///     ContactRecord::builder(t, Outcome::StillWaiting).build()?,
    /// ];
    /// let c = Components::from_records(&records, &ComponentSpec::new(Duration::from_secs(20))?);
    /// assert_eq!((c.answered, c.answered_within, c.abandoned, c.censored), (1, 1, 1, 1));
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_records<'a>(
        records: impl IntoIterator<Item = &'a ContactRecord>,
        spec: &ComponentSpec,
    ) -> Self {
        let mut c = Self::default();
        for r in records {
            spec.accumulate(&mut c, r);
        }
        c
    }

    /// Answered contacts whose handle time is known: `answered −
    /// handle_unknown` (0 if the counts are inconsistent), the denominator
    /// of AHT and of any mean of `talk_ms`, `hold_ms` or `acw_ms`.
    ///
    /// # Examples
    ///
    /// Three answered calls, one without an end or a talk time: two count in
    /// the handle time.
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_kpi::{ComponentSpec, Components, ContactRecord, Outcome};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let t = "2026-03-02T09:00:00Z".parse()?;
    /// let b = ContactRecord::builder(t, Outcome::Answered).wait(Duration::from_secs(5));
    /// let records = [
    ///     b.clone().talk(Duration::from_secs(100)).build()?,
    ///     b.clone().talk(Duration::from_secs(200)).build()?,
    ///     b.build()?, // talk unknown
    /// ];
    /// let c = Components::from_records(&records, &ComponentSpec::new(Duration::from_secs(20))?);
    /// assert_eq!((c.answered, c.handle_unknown, c.handle_known()), (3, 1, 2));
    /// assert_eq!(c.talk_ms, 300_000);
    /// # Ok(())
    /// # }
    /// ```
    pub fn handle_known(&self) -> u64 {
        self.answered.saturating_sub(self.handle_unknown)
    }

    /// Contacts that left the queue: answered + abandoned + flowed out +
    /// callbacks (censored contacts excluded).
    ///
    /// Exact, in `u128`: four counts of up to `u64::MAX` each add up to
    /// less than `2^66`. (Before, the sum saturated at `u64::MAX`: two
    /// counts of `u64::MAX` gave `u64::MAX`, not `2^65 − 2`.) Use
    /// `u64::try_from` where a `u64` is needed.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut c = servops_kpi::Components::default();
    /// c.answered = 5;
    /// c.abandoned = 1;
    /// c.censored = 3;
    /// assert_eq!(c.offered(), 6);
    ///
    /// (c.answered, c.abandoned) = (u64::MAX, u64::MAX);
    /// assert_eq!(c.offered(), 2 * u128::from(u64::MAX));
    /// assert!(u64::try_from(c.offered()).is_err());
    /// ```
    pub fn offered(&self) -> u128 {
        u128::from(self.answered)
            + u128::from(self.abandoned)
            + u128::from(self.flowed_out)
            + u128::from(self.callbacks)
    }

    /// Checks that the counts are consistent with one another, as the field
    /// docs define them. Components built by this crate
    /// ([`from_records`](Self::from_records), [`ComponentSeries`] and sums of
    /// either) always pass; use it on components filled by hand, for example
    /// from an ACD's exported summary.
    ///
    /// # Formula
    ///
    /// Checked in this order; the first that fails is reported:
    ///
    /// - `answered_within <= answered` (`H_T <= H`)
    /// - `abandoned_within <= abandoned` (`A_T <= A`)
    /// - `short_abandoned <= abandoned` (`A_S <= A`)
    /// - `flowed_out_within <= flowed_out`
    /// - `callbacks_within <= callbacks`
    /// - `transferred <= answered`
    /// - `resolution_known <= answered`
    /// - `resolved <= resolution_known`
    /// - `handle_unknown <= answered`
    ///
    /// then a sum over no contact is 0:
    ///
    /// - `answered_wait_ms`, `answered_ring_ms`, `talk_ms`, `hold_ms` and
    ///   `acw_ms` are 0 when `answered` is 0 (only answered contacts have
    ///   ring, talk, hold and after-contact work)
    /// - `talk_ms`, `hold_ms` and `acw_ms` are 0 when
    ///   [`handle_known`](Self::handle_known) is 0 (answered contacts whose
    ///   handle time is unknown add to no handle sum)
    /// - `abandoned_wait_ms` is 0 when `abandoned` is 0
    /// - `longest_wait_ms` is 0 when [`offered`](Self::offered) is 0 (no
    ///   contact left the queue; censored contacts never did)
    ///
    /// then, when `longest_wait_ms > 0`, no mean wait exceeds the longest
    /// (each contact's queue wait is at most its wait on either clock):
    ///
    /// - `answered_wait_ms <= answered × longest_wait_ms` (ASA with ring
    ///   excluded at most the longest wait)
    /// - `abandoned_wait_ms <= abandoned × longest_wait_ms`
    ///
    /// A `longest_wait_ms` of 0 beside non-zero waits is read as not
    /// reported (an ACD summary without it) and the last two are not
    /// checked. Not checked either: `short_abandoned` against
    /// `abandoned_within` (the two thresholds are independent), the
    /// `*_within` counts against the waits and `answered_ring_ms` against
    /// the longest wait (they depend on the threshold and the wait clock,
    /// which components do not record), and `censored` (related to nothing).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming the field on the left of the first
    /// failed relation, with the values involved (for example
    /// `answered_within`, `"5 > answered 1"`; `talk_ms`,
    /// `"60000 with answered 0"`; `answered_wait_ms`,
    /// `"8001 > answered 2 * longest_wait_ms 4000"`).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::{Components, Error};
    ///
    /// let mut c = Components::default();
    /// (c.answered, c.answered_within) = (10, 8);
    /// assert!(c.check().is_ok());
    ///
    /// c.answered_within = 12;
    /// assert!(matches!(
    ///     c.check(),
    ///     Err(Error::InvalidParameter { name: "answered_within", ref value, .. }) if value == "12 > answered 10"
    /// ));
    ///
    /// // An ASA of 90 s with a longest wait of 60 s.
    /// c.answered_within = 8;
    /// (c.answered_wait_ms, c.longest_wait_ms) = (900_000, 60_000);
    /// assert!(matches!(
    ///     c.check(),
    ///     Err(Error::InvalidParameter { name: "answered_wait_ms", .. })
    /// ));
    /// ```
    pub fn check(&self) -> Result<()> {
        let relations: [(&'static str, u64, &'static str, u64, &'static str); 9] = [
            (
                "answered_within",
                self.answered_within,
                "answered",
                self.answered,
                "at most answered",
            ),
            (
                "abandoned_within",
                self.abandoned_within,
                "abandoned",
                self.abandoned,
                "at most abandoned",
            ),
            (
                "short_abandoned",
                self.short_abandoned,
                "abandoned",
                self.abandoned,
                "at most abandoned",
            ),
            (
                "flowed_out_within",
                self.flowed_out_within,
                "flowed_out",
                self.flowed_out,
                "at most flowed_out",
            ),
            (
                "callbacks_within",
                self.callbacks_within,
                "callbacks",
                self.callbacks,
                "at most callbacks",
            ),
            (
                "transferred",
                self.transferred,
                "answered",
                self.answered,
                "at most answered",
            ),
            (
                "resolution_known",
                self.resolution_known,
                "answered",
                self.answered,
                "at most answered",
            ),
            (
                "resolved",
                self.resolved,
                "resolution_known",
                self.resolution_known,
                "at most resolution_known",
            ),
            (
                "handle_unknown",
                self.handle_unknown,
                "answered",
                self.answered,
                "at most answered",
            ),
        ];
        for (name, part, whole_name, whole, constraint) in relations {
            if part > whole {
                return Err(Error::InvalidParameter {
                    name,
                    value: format!("{part} > {whole_name} {whole}"),
                    constraint,
                });
            }
        }
        let of_no_contact: [(&'static str, u64, &'static str, u64, &'static str); 6] = [
            (
                "answered_wait_ms",
                self.answered_wait_ms,
                "answered",
                self.answered,
                "0 when answered is 0",
            ),
            (
                "answered_ring_ms",
                self.answered_ring_ms,
                "answered",
                self.answered,
                "0 when answered is 0",
            ),
            (
                "talk_ms",
                self.talk_ms,
                "answered",
                self.answered,
                "0 when answered is 0",
            ),
            (
                "hold_ms",
                self.hold_ms,
                "answered",
                self.answered,
                "0 when answered is 0",
            ),
            (
                "acw_ms",
                self.acw_ms,
                "answered",
                self.answered,
                "0 when answered is 0",
            ),
            (
                "abandoned_wait_ms",
                self.abandoned_wait_ms,
                "abandoned",
                self.abandoned,
                "0 when abandoned is 0",
            ),
        ];
        let offered_nothing = self.offered() == 0;
        for (name, sum, count_name, count, constraint) in of_no_contact {
            if count == 0 && sum > 0 {
                return Err(Error::InvalidParameter {
                    name,
                    value: format!("{sum} with {count_name} 0"),
                    constraint,
                });
            }
        }
        // handle sums over answered contacts none of whose handle time is
        // known
        if self.answered > 0 && self.handle_known() == 0 {
            for (name, sum) in [
                ("talk_ms", self.talk_ms),
                ("hold_ms", self.hold_ms),
                ("acw_ms", self.acw_ms),
            ] {
                if sum > 0 {
                    return Err(Error::InvalidParameter {
                        name,
                        value: format!(
                            "{sum} with answered {} all of unknown handle time (handle_unknown {})",
                            self.answered, self.handle_unknown
                        ),
                        constraint: "0 when no answered contact has a known handle time",
                    });
                }
            }
        }
        if offered_nothing && self.longest_wait_ms > 0 {
            return Err(Error::InvalidParameter {
                name: "longest_wait_ms",
                value: format!("{} with offered 0", self.longest_wait_ms),
                constraint: "0 when no contact left the queue (offered 0)",
            });
        }
        if self.longest_wait_ms > 0 {
            let longest = self.longest_wait_ms;
            let below_longest: [(&'static str, u64, &'static str, u64, &'static str); 2] = [
                (
                    "answered_wait_ms",
                    self.answered_wait_ms,
                    "answered",
                    self.answered,
                    "at most answered * longest_wait_ms (ASA at most the longest wait)",
                ),
                (
                    "abandoned_wait_ms",
                    self.abandoned_wait_ms,
                    "abandoned",
                    self.abandoned,
                    "at most abandoned * longest_wait_ms (mean abandoned wait at most the longest wait)",
                ),
            ];
            for (name, sum, count_name, count, constraint) in below_longest {
                // in u128: the product of two u64 cannot overflow it
                if u128::from(sum) > u128::from(count) * u128::from(longest) {
                    return Err(Error::InvalidParameter {
                        name,
                        value: format!("{sum} > {count_name} {count} * longest_wait_ms {longest}"),
                        constraint,
                    });
                }
            }
        }
        Ok(())
    }
}

/// The serde mirror of [`Components`]: deserialised as is, then converted
/// through [`Components::check`].
#[cfg(feature = "serde")]
mod unchecked {
    use super::Components;

    #[derive(serde::Deserialize)]
    pub(super) struct ComponentsUnchecked {
        answered: u64,
        answered_within: u64,
        abandoned: u64,
        abandoned_within: u64,
        short_abandoned: u64,
        flowed_out: u64,
        flowed_out_within: u64,
        callbacks: u64,
        callbacks_within: u64,
        censored: u64,
        transferred: u64,
        resolution_known: u64,
        resolved: u64,
        answered_wait_ms: u64,
        answered_ring_ms: u64,
        abandoned_wait_ms: u64,
        longest_wait_ms: u64,
        talk_ms: u64,
        hold_ms: u64,
        acw_ms: u64,
        #[serde(default)]
        handle_unknown: u64,
    }

    impl TryFrom<ComponentsUnchecked> for Components {
        type Error = crate::Error;

        fn try_from(u: ComponentsUnchecked) -> crate::Result<Self> {
            let c = Components {
                answered: u.answered,
                answered_within: u.answered_within,
                abandoned: u.abandoned,
                abandoned_within: u.abandoned_within,
                short_abandoned: u.short_abandoned,
                flowed_out: u.flowed_out,
                flowed_out_within: u.flowed_out_within,
                callbacks: u.callbacks,
                callbacks_within: u.callbacks_within,
                censored: u.censored,
                transferred: u.transferred,
                resolution_known: u.resolution_known,
                resolved: u.resolved,
                answered_wait_ms: u.answered_wait_ms,
                answered_ring_ms: u.answered_ring_ms,
                abandoned_wait_ms: u.abandoned_wait_ms,
                longest_wait_ms: u.longest_wait_ms,
                talk_ms: u.talk_ms,
                hold_ms: u.hold_ms,
                acw_ms: u.acw_ms,
                handle_unknown: u.handle_unknown,
            };
            c.check()?;
            Ok(c)
        }
    }
}

impl AddAssign for Components {
    fn add_assign(&mut self, o: Self) {
        self.answered = self.answered.saturating_add(o.answered);
        self.answered_within = self.answered_within.saturating_add(o.answered_within);
        self.abandoned = self.abandoned.saturating_add(o.abandoned);
        self.abandoned_within = self.abandoned_within.saturating_add(o.abandoned_within);
        self.short_abandoned = self.short_abandoned.saturating_add(o.short_abandoned);
        self.flowed_out = self.flowed_out.saturating_add(o.flowed_out);
        self.flowed_out_within = self.flowed_out_within.saturating_add(o.flowed_out_within);
        self.callbacks = self.callbacks.saturating_add(o.callbacks);
        self.callbacks_within = self.callbacks_within.saturating_add(o.callbacks_within);
        self.censored = self.censored.saturating_add(o.censored);
        self.transferred = self.transferred.saturating_add(o.transferred);
        self.resolution_known = self.resolution_known.saturating_add(o.resolution_known);
        self.resolved = self.resolved.saturating_add(o.resolved);
        self.answered_wait_ms = self.answered_wait_ms.saturating_add(o.answered_wait_ms);
        self.answered_ring_ms = self.answered_ring_ms.saturating_add(o.answered_ring_ms);
        self.abandoned_wait_ms = self.abandoned_wait_ms.saturating_add(o.abandoned_wait_ms);
        self.longest_wait_ms = self.longest_wait_ms.max(o.longest_wait_ms);
        self.talk_ms = self.talk_ms.saturating_add(o.talk_ms);
        self.hold_ms = self.hold_ms.saturating_add(o.hold_ms);
        self.acw_ms = self.acw_ms.saturating_add(o.acw_ms);
        self.handle_unknown = self.handle_unknown.saturating_add(o.handle_unknown);
    }
}

impl Add for Components {
    type Output = Self;

    fn add(mut self, o: Self) -> Self {
        self += o;
        self
    }
}

impl std::iter::Sum for Components {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::default(), Add::add)
    }
}

impl<'a> std::iter::Sum<&'a Components> for Components {
    fn sum<I: Iterator<Item = &'a Components>>(iter: I) -> Self {
        iter.fold(Self::default(), |a, b| a + *b)
    }
}

/// Components per interval of a grid, with the settings they were computed
/// with and the number of records that fell outside the grid.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::IntervalGrid;
/// use servops_kpi::{ComponentSeries, ComponentSpec, ContactRecord, Outcome};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T09:00:00Z".parse()?, Duration::from_secs(900), 4)?;
/// let records = [
///     ContactRecord::builder("2026-03-02T09:05:00Z".parse()?, Outcome::Answered)
///         .wait(Duration::from_secs(12)).talk(Duration::from_secs(200)).build()?,
///     ContactRecord::builder("2026-03-02T09:20:00Z".parse()?, Outcome::Abandoned)
///         .wait(Duration::from_secs(60)).build()?,
///     ContactRecord::builder("2026-03-02T11:00:00Z".parse()?, Outcome::Answered)
///         .wait(Duration::ZERO).build()?,
/// ];
/// let series = ComponentSeries::aggregate(&records, grid, ComponentSpec::new(Duration::from_secs(20))?);
/// assert_eq!(series.outside_grid(), 1);
/// assert_eq!(series.components().values()[0].answered, 1);
/// assert_eq!(series.components().values()[1].abandoned, 1);
/// assert_eq!(series.total().offered(), 2);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentSeries {
    spec: ComponentSpec,
    series: IntervalSeries<Components>,
    outside_grid: u64,
}

impl ComponentSeries {
    /// Aggregates records into the grid's intervals in one pass.
    ///
    /// Each record lands in the interval containing its attribution instant
    /// (intervals are `[start, start + step)`); records whose instant lies
    /// outside the grid are counted in [`outside_grid`](Self::outside_grid).
    ///
    /// # Accuracy
    ///
    /// Exact: integer counts, thresholds compared to the nanosecond, and
    /// millisecond sums of durations each rounded to the nearest millisecond
    /// (saturating at `u64::MAX`,
    /// 584 million years of talk time; ASA, AHT and the average abandon
    /// time over a saturated sum have no value).
    ///
    /// # Examples
    ///
    /// A 15-minute grid from 09:00: a call at 09:05 (wait 12 s, within 20 s)
    /// lands in interval 0, one at 09:14:59.999 still in 0, one at 09:15 exactly
    /// in interval 1 (`[start, start + step)`), and one at 10:00, the grid's end,
    /// outside it.
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    /// use servops_kpi::{ComponentSeries, ComponentSpec, ContactRecord, Outcome};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T09:00:00Z".parse()?, Duration::from_secs(900), 4)?;
    /// let call = |at: &str, wait: u64| -> Result<ContactRecord, Box<dyn std::error::Error>> {
    ///     Ok(ContactRecord::builder(at.parse()?, Outcome::Answered).wait(Duration::from_secs(wait)).build()?)
    /// };
    /// let records = [
    ///     call("2026-03-02T09:05:00Z", 12)?,
    ///     call("2026-03-02T09:14:59.999Z", 30)?,
    ///     call("2026-03-02T09:15:00Z", 0)?,
    ///     call("2026-03-02T10:00:00Z", 0)?,
    /// ];
    /// let s = ComponentSeries::aggregate(&records, grid, ComponentSpec::new(Duration::from_secs(20))?);
    /// let first = s.components().values()[0];
    /// assert_eq!((first.answered, first.answered_within), (2, 1));
    /// assert_eq!(first.answered_wait_ms, 42_000); // 12 s + 30 s
    /// assert_eq!(s.components().values()[1].answered, 1);
    /// assert_eq!(s.outside_grid(), 1);
    /// # Ok(())
    /// # }
    /// ```
    pub fn aggregate<'a>(
        records: impl IntoIterator<Item = &'a ContactRecord>,
        grid: IntervalGrid,
        spec: ComponentSpec,
    ) -> Self {
        let mut series = IntervalSeries::filled(grid, Components::default());
        let values = series.values_mut();
        let start = crate::record::instant_ns(grid.start());
        let step = i128::from(grid.step_minutes()) * 60_000_000_000;
        let end = crate::record::instant_ns(grid.end());
        let mut outside = 0u64;
        for r in records {
            let t = spec.attribution_ns(r);
            if t < start || t >= end {
                outside += 1;
                continue;
            }
            let slot = usize::try_from((t - start) / step)
                .ok()
                .and_then(|i| values.get_mut(i));
            match slot {
                Some(c) => spec.accumulate(c, r),
                None => outside += 1,
            }
        }
        Self {
            spec,
            series,
            outside_grid: outside,
        }
    }

    /// Aggregates records into one series per group (for example per queue
    /// and channel): groups the records by `key`, then aggregates each
    /// group. The groups add back to the ungrouped
    /// series with [`merge`](Self::merge).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{Channel, IntervalGrid};
    /// use servops_kpi::{ComponentSeries, ComponentSpec, ContactRecord, Outcome};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T09:00:00Z".parse()?, Duration::from_secs(900), 4)?;
    /// let t = "2026-03-02T09:05:00Z".parse()?;
    /// let records = [
    ///     ContactRecord::builder(t, Outcome::Answered).wait(Duration::ZERO).build()?,
    ///     ContactRecord::builder(t, Outcome::Answered).wait(Duration::ZERO).channel(Channel::Chat).build()?,
    ///     ContactRecord::builder(t, Outcome::Abandoned).wait(Duration::from_secs(9)).channel(Channel::Chat).build()?,
    /// ];
    /// let spec = ComponentSpec::new(Duration::from_secs(20))?;
    /// let by_channel = ComponentSeries::aggregate_by(&records, grid, spec, |r| r.channel());
    /// assert_eq!(by_channel[&Channel::Chat].total().offered(), 2);
    /// assert_eq!(by_channel[&Channel::Voice].total().offered(), 1);
    /// let all = by_channel[&Channel::Chat].merge(&by_channel[&Channel::Voice])?;
    /// assert_eq!(all, ComponentSeries::aggregate(&records, grid, spec));
    /// # Ok(())
    /// # }
    /// ```
    pub fn aggregate_by<'a, K: Ord>(
        records: impl IntoIterator<Item = &'a ContactRecord>,
        grid: IntervalGrid,
        spec: ComponentSpec,
        mut key: impl FnMut(&ContactRecord) -> K,
    ) -> std::collections::BTreeMap<K, Self> {
        let mut groups: std::collections::BTreeMap<K, Vec<&'a ContactRecord>> =
            std::collections::BTreeMap::new();
        for r in records {
            groups.entry(key(r)).or_default().push(r);
        }
        groups
            .into_iter()
            .map(|(k, rs)| (k, Self::aggregate(rs, grid, spec)))
            .collect()
    }

    /// Wraps components that were computed elsewhere (for example read
    /// from pre-aggregated interval counts).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_kpi::{ComponentSeries, ComponentSpec, Components};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T09:00:00Z".parse()?, Duration::from_secs(900), 2)?;
    /// let series = IntervalSeries::filled(grid, Components::default());
    /// let s = ComponentSeries::from_components(series, ComponentSpec::new(Duration::from_secs(20))?);
    /// assert_eq!(s.total().offered(), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_components(series: IntervalSeries<Components>, spec: ComponentSpec) -> Self {
        Self {
            spec,
            series,
            outside_grid: 0,
        }
    }

    /// The settings.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_core::{IntervalGrid, IntervalSeries};
    /// # use servops_kpi::{ComponentSeries, ComponentSpec, Components};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let grid = IntervalGrid::new("2026-03-02T09:00:00Z".parse()?, Duration::from_secs(900), 2)?;
    /// let spec = ComponentSpec::new(Duration::from_secs(20))?;
    /// let s = ComponentSeries::from_components(IntervalSeries::filled(grid, Components::default()), spec);
    /// assert_eq!(s.spec(), &spec);
    /// # Ok(())
    /// # }
    /// ```
    pub fn spec(&self) -> &ComponentSpec {
        &self.spec
    }

    /// The components per interval.
    ///
    /// # Examples
    ///
    /// One value per interval of the grid, in order: 4 intervals of 15 minutes,
    /// a call at 09:50 in the last (50 / 15 = 3.33, interval 3).
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    /// use servops_kpi::{ComponentSeries, ComponentSpec, ContactRecord, Outcome};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T09:00:00Z".parse()?, Duration::from_secs(900), 4)?;
    /// let call = ContactRecord::builder("2026-03-02T09:50:00Z".parse()?, Outcome::Answered)
    ///     .wait(Duration::from_secs(5)).build()?;
    /// let s = ComponentSeries::aggregate([&call], grid, ComponentSpec::new(Duration::from_secs(20))?);
    /// let answered: Vec<u64> = s.components().values().iter().map(|c| c.answered).collect();
    /// assert_eq!(answered, [0, 0, 0, 1]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn components(&self) -> &IntervalSeries<Components> {
        &self.series
    }

    /// Records whose attribution instant fell outside the grid.
    ///
    /// # Examples
    ///
    /// A grid 09:00–10:00; calls at 08:59 and 10:00 fall outside it (the end is
    /// excluded), the one at 09:00 inside.
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    /// use servops_kpi::{ComponentSeries, ComponentSpec, ContactRecord, Outcome};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T09:00:00Z".parse()?, Duration::from_secs(900), 4)?;
    /// let mut records = Vec::new();
    /// for at in ["2026-03-02T08:59:00Z", "2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z"] {
    ///     records.push(ContactRecord::builder(at.parse()?, Outcome::Answered).wait(Duration::ZERO).build()?);
    /// }
    /// let s = ComponentSeries::aggregate(&records, grid, ComponentSpec::new(Duration::from_secs(20))?);
    /// assert_eq!(s.outside_grid(), 2);
    /// assert_eq!(s.total().answered, 1);
    /// # Ok(())
    /// # }
    /// ```
    pub fn outside_grid(&self) -> u64 {
        self.outside_grid
    }

    /// The sum over all intervals.
    ///
    /// # Examples
    ///
    /// Two answered calls in different intervals (waits 10 s and 40 s against a
    /// 20 s threshold) and one abandon: 3 offered, 1 answered within, waits
    /// summed to 50,000 ms, the longest wait the maximum, 40 s.
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    /// use servops_kpi::{ComponentSeries, ComponentSpec, ContactRecord, Outcome};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T09:00:00Z".parse()?, Duration::from_secs(900), 4)?;
    /// let records = [
    ///     ContactRecord::builder("2026-03-02T09:01:00Z".parse()?, Outcome::Answered).wait(Duration::from_secs(10)).build()?,
    ///     ContactRecord::builder("2026-03-02T09:31:00Z".parse()?, Outcome::Answered).wait(Duration::from_secs(40)).build()?,
    ///     ContactRecord::builder("2026-03-02T09:32:00Z".parse()?, Outcome::Abandoned).wait(Duration::from_secs(25)).build()?,
    /// ];
    /// let t = ComponentSeries::aggregate(&records, grid, ComponentSpec::new(Duration::from_secs(20))?).total();
    /// assert_eq!((t.offered(), t.answered, t.answered_within, t.abandoned), (3, 2, 1, 1));
    /// assert_eq!(t.answered_wait_ms, 50_000);
    /// assert_eq!(t.longest_wait_ms, 40_000);
    /// # Ok(())
    /// # }
    /// ```
    pub fn total(&self) -> Components {
        self.series.values().iter().copied().sum()
    }

    /// The sum over each local calendar day of the grid in `tz` (a day with
    /// a clock change has 23 or 25 hours of intervals).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    /// use servops_core::chrono::NaiveDate;
    /// use servops_core::chrono_tz::Europe::London;
    /// use servops_kpi::{ComponentSeries, ComponentSpec, ContactRecord, Outcome};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let day = NaiveDate::from_ymd_opt(2026, 3, 29).ok_or("date")?;
    /// let grid = IntervalGrid::local_days(day, 2, Duration::from_secs(900), London)?;
    /// let call = ContactRecord::builder("2026-03-29T23:30:00Z".parse()?, Outcome::Answered)
    ///     .wait(Duration::ZERO).build()?; // 00:30 BST on the 30th
    /// let s = ComponentSeries::aggregate([&call], grid, ComponentSpec::new(Duration::from_secs(20))?);
    /// let days = s.daily(London);
    /// assert_eq!(days.len(), 2);
    /// assert_eq!(days[1].1.answered, 1);
    /// # Ok(())
    /// # }
    /// ```
    pub fn daily(&self, tz: Tz) -> Vec<(NaiveDate, Components)> {
        self.series
            .grid()
            .local_day_ranges(tz)
            .into_iter()
            .map(|(date, range)| {
                let sum = self
                    .series
                    .values()
                    .get(range)
                    .unwrap_or(&[])
                    .iter()
                    .copied()
                    .sum();
                (date, sum)
            })
            .collect()
    }

    /// Adds another series computed on the same grid with the same settings
    /// (for example another queue or channel).
    ///
    /// # Errors
    ///
    /// [`Error::IncompatibleComponents`] if the settings differ;
    /// [`Error::Core`] if the grids differ.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_core::{IntervalGrid, IntervalSeries};
    /// # use servops_kpi::{ComponentSeries, ComponentSpec, Components, Error};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T09:00:00Z".parse()?, Duration::from_secs(900), 2)?;
    /// let mut c = Components::default();
    /// c.answered = 3;
    /// let a = ComponentSeries::from_components(IntervalSeries::filled(grid, c), ComponentSpec::new(Duration::from_secs(20))?);
    /// let b = a.clone();
    /// assert_eq!(a.merge(&b)?.total().answered, 12);
    /// let other = ComponentSeries::from_components(IntervalSeries::filled(grid, c), ComponentSpec::new(Duration::from_secs(30))?);
    /// assert!(matches!(a.merge(&other), Err(Error::IncompatibleComponents { .. })));
    /// # Ok(())
    /// # }
    /// ```
    pub fn merge(&self, other: &Self) -> Result<Self> {
        if self.spec != other.spec {
            return Err(Error::IncompatibleComponents {
                left: self.spec.to_string(),
                right: other.spec.to_string(),
            });
        }
        let series = self.series.zip_with(&other.series, |a, b| *a + *b)?;
        Ok(Self {
            spec: self.spec,
            series,
            outside_grid: self.outside_grid.saturating_add(other.outside_grid),
        })
    }
}

#[cfg(all(test, feature = "serde"))]
mod serde_tests {
    use super::*;

    #[test]
    fn components_and_spec_round_trip() {
        let c = Components {
            answered: 7,
            talk_ms: 1234,
            ..Default::default()
        };
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<Components>(&json).unwrap(), c);
        let spec = ComponentSpec::new(Duration::from_secs(20))
            .unwrap()
            .with_attribution(Attribution::Completion);
        let json = serde_json::to_string(&spec).unwrap();
        assert_eq!(serde_json::from_str::<ComponentSpec>(&json).unwrap(), spec);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use servops_core::chrono::{DateTime, Utc};

    #[test]
    fn attribution_rules_place_a_long_call() {
        // Genesys Cloud: a 45-minute call spanning two 30-minute intervals
        // is answered in the first and handled in the second.
        let arrival: DateTime<Utc> = "2026-03-02T09:10:00Z".parse().unwrap();
        let call = ContactRecord::builder(arrival, Outcome::Answered)
            .wait(Duration::from_secs(60))
            .talk(Duration::from_secs(40 * 60))
            .acw(Duration::from_secs(4 * 60))
            .build()
            .unwrap();
        let grid = IntervalGrid::new(
            "2026-03-02T09:00:00Z".parse().unwrap(),
            Duration::from_secs(1800),
            4,
        )
        .unwrap();
        let place = |a| {
            let spec = ComponentSpec::new(Duration::from_secs(20))
                .unwrap()
                .with_attribution(a);
            let s = ComponentSeries::aggregate([&call], grid, spec);
            s.components().values().iter().position(|c| c.answered == 1)
        };
        assert_eq!(place(Attribution::Arrival), Some(0));
        assert_eq!(place(Attribution::Answer), Some(0));
        assert_eq!(place(Attribution::Completion), Some(1));
        // an abandon is placed at its queue exit under answer/completion
        let gone =
            ContactRecord::builder("2026-03-02T09:29:50Z".parse().unwrap(), Outcome::Abandoned)
                .wait(Duration::from_secs(30))
                .build()
                .unwrap();
        let spec = ComponentSpec::new(Duration::from_secs(20))
            .unwrap()
            .with_attribution(Attribution::Answer);
        let s = ComponentSeries::aggregate([&gone], grid, spec);
        assert_eq!(s.components().values()[1].abandoned, 1);
    }

    #[test]
    fn offered_does_not_saturate() {
        // Counts filled from an ACD summary (or summed) can each be up to
        // u64::MAX; their sum is 2 (2^64 - 1) + 2 + 3 = 2^65 + 3.
        let c = Components {
            answered: u64::MAX,
            abandoned: u64::MAX,
            flowed_out: 2,
            callbacks: 3,
            ..Default::default()
        };
        assert_eq!(c.offered(), (1u128 << 65) + 3);
    }

    #[test]
    fn threshold_is_inclusive() {
        let at: DateTime<Utc> = "2026-03-02T09:00:00Z".parse().unwrap();
        let r = |w| {
            ContactRecord::builder(at, Outcome::Answered)
                .wait(Duration::from_millis(w))
                .build()
                .unwrap()
        };
        let spec = ComponentSpec::new(Duration::from_secs(20)).unwrap();
        let c = Components::from_records(&[r(20_000), r(20_001)], &spec);
        assert_eq!((c.answered, c.answered_within), (2, 1));
    }
}
