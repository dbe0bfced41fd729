//! Shift templates and their breaks.

use std::time::Duration;

use chrono::{NaiveTime, Timelike, Weekday};
use rust_decimal::Decimal;

use crate::error::{Error, Result, invalid};
use crate::money::CostParts;

/// Whether a break is paid time.
///
/// A paid break counts towards the shift's paid hours; an unpaid break (a
/// lunch, usually) lengthens the span but not the pay. Either way the agent
/// is off the phone during it.
///
/// # Examples
///
/// ```
/// use servops_schedule::Pay;
/// assert_ne!(Pay::Paid, Pay::Unpaid);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Pay {
    /// Counted in paid hours.
    Paid,
    /// Not counted in paid hours.
    Unpaid,
}

/// Whether a template is a full-time or a part-time shift, for the cap on
/// the part-time share of paid hours.
///
/// # Examples
///
/// ```
/// use servops_schedule::Contract;
/// assert_eq!(Contract::default(), Contract::FullTime);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Contract {
    /// A full-time shift.
    #[default]
    FullTime,
    /// A part-time shift.
    PartTime,
}

/// One break or lunch of a shift template: its length, whether it is paid,
/// and the window in which it may start, measured from the shift's start.
///
/// The break may start at `earliest`, `earliest + step`, ... up to
/// `latest`. Without [`with_step`](Self::with_step) the step is the grid's
/// interval length.
///
/// # Errors
///
/// [`Error::InvalidParameter`] if the length is zero, a duration is not a
/// whole number of minutes, or `latest < earliest`.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_schedule::{BreakRule, Pay};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let min = |m: u64| Duration::from_secs(60 * m);
/// let lunch = BreakRule::new(min(30), Pay::Unpaid, min(180), min(300))?.with_step(min(15))?;
/// assert_eq!(lunch.length(), min(30));
/// assert_eq!(lunch.latest(), min(300));
/// assert!(BreakRule::new(min(30), Pay::Unpaid, min(300), min(180)).is_err());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BreakRule {
    length_min: u32,
    pay: Pay,
    earliest_min: u32,
    latest_min: u32,
    step_min: Option<u32>,
}

/// Whole minutes of a duration, or an error naming it.
pub(crate) fn whole_minutes(name: &'static str, d: Duration) -> Result<u32> {
    let secs = d.as_secs();
    if d.subsec_nanos() != 0 || !secs.is_multiple_of(60) || secs / 60 > u64::from(u32::MAX / 4) {
        return Err(invalid(
            name,
            format!("{d:?}"),
            "a whole number of minutes below about 2000 years",
        ));
    }
    u32::try_from(secs / 60)
        .map_err(|_| invalid(name, format!("{d:?}"), "a whole number of minutes"))
}

fn minutes(m: u32) -> Duration {
    Duration::from_secs(u64::from(m) * 60)
}

impl BreakRule {
    /// A break of `length` that may start between `earliest` and `latest`
    /// after the shift starts.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] for a zero length, durations that are not
    /// whole minutes, or `latest < earliest`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::{BreakRule, Pay};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let b = BreakRule::new(Duration::from_secs(900), Pay::Paid, Duration::from_secs(3600), Duration::from_secs(7200))?;
    /// assert_eq!(b.pay(), Pay::Paid);
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(length: Duration, pay: Pay, earliest: Duration, latest: Duration) -> Result<Self> {
        let length_min = whole_minutes("break length", length)?;
        if length_min == 0 {
            return Err(invalid("break length", "0 min", "at least 1 minute"));
        }
        let earliest_min = whole_minutes("break earliest start", earliest)?;
        let latest_min = whole_minutes("break latest start", latest)?;
        if latest_min < earliest_min {
            return Err(invalid(
                "break latest start",
                format!("{latest_min} min"),
                "at least the earliest start",
            ));
        }
        Ok(Self {
            length_min,
            pay,
            earliest_min,
            latest_min,
            step_min: None,
        })
    }

    /// Sets the step between allowed start offsets.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if the step is zero or not whole minutes.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::{BreakRule, Pay};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let m = |x: u64| Duration::from_secs(60 * x);
    /// let b = BreakRule::new(m(15), Pay::Paid, m(60), m(120))?.with_step(m(30))?;
    /// assert_eq!(b.step(), Some(m(30)));
    /// assert!(b.with_step(m(0)).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_step(mut self, step: Duration) -> Result<Self> {
        let s = whole_minutes("break step", step)?;
        if s == 0 {
            return Err(invalid("break step", "0 min", "at least 1 minute"));
        }
        self.step_min = Some(s);
        Ok(self)
    }

    /// The break's length.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::{BreakRule, Pay};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let b = BreakRule::new(Duration::from_secs(900), Pay::Paid, Duration::ZERO, Duration::ZERO)?;
    /// assert_eq!(b.length(), Duration::from_secs(900));
    /// # Ok(())
    /// # }
    /// ```
    pub fn length(&self) -> Duration {
        minutes(self.length_min)
    }

    /// Whether the break is paid.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::{BreakRule, Pay};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let b = BreakRule::new(Duration::from_secs(1800), Pay::Unpaid, Duration::ZERO, Duration::ZERO)?;
    /// assert_eq!(b.pay(), Pay::Unpaid);
    /// # Ok(())
    /// # }
    /// ```
    pub fn pay(&self) -> Pay {
        self.pay
    }

    /// Earliest start, from the shift's start.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::{BreakRule, Pay};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let b = BreakRule::new(Duration::from_secs(900), Pay::Paid, Duration::from_secs(3600), Duration::from_secs(7200))?;
    /// assert_eq!(b.earliest(), Duration::from_secs(3600));
    /// # Ok(())
    /// # }
    /// ```
    pub fn earliest(&self) -> Duration {
        minutes(self.earliest_min)
    }

    /// Latest start, from the shift's start.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::{BreakRule, Pay};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let b = BreakRule::new(Duration::from_secs(900), Pay::Paid, Duration::from_secs(3600), Duration::from_secs(7200))?;
    /// assert_eq!(b.latest(), Duration::from_secs(7200));
    /// # Ok(())
    /// # }
    /// ```
    pub fn latest(&self) -> Duration {
        minutes(self.latest_min)
    }

    /// The step between start offsets, if set (otherwise the grid's step).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::{BreakRule, Pay};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let b = BreakRule::new(Duration::from_secs(900), Pay::Paid, Duration::ZERO, Duration::ZERO)?;
    /// assert_eq!(b.step(), None);
    /// # Ok(())
    /// # }
    /// ```
    pub fn step(&self) -> Option<Duration> {
        self.step_min.map(minutes)
    }

    pub(crate) fn length_min(&self) -> u32 {
        self.length_min
    }
    pub(crate) fn earliest_min(&self) -> u32 {
        self.earliest_min
    }
    pub(crate) fn latest_min(&self) -> u32 {
        self.latest_min
    }
    pub(crate) fn step_min(&self) -> Option<u32> {
        self.step_min
    }

    /// The same break with a window of one offset: the middle of its window
    /// (rounded down to the step). This is how models without break placement
    /// treat breaks.
    pub(crate) fn fixed_at_middle(&self, grid_step_min: u32) -> Self {
        let step = self.step_min.unwrap_or(grid_step_min).max(1);
        let count = (self.latest_min - self.earliest_min) / step;
        let mid = self.earliest_min + (count / 2) * step;
        Self {
            earliest_min: mid,
            latest_min: mid,
            ..*self
        }
    }
}

/// A shift template: span, paid time, when it may start, what it costs and
/// its breaks. Built and validated by [`ShiftTemplate::builder`].
///
/// The cost of one shift is `hourly_rate * paid_hours + fixed_cost`. Paid
/// time is the span minus the unpaid breaks.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_schedule::{BreakRule, Pay, ShiftTemplate};
/// use servops_core::chrono::NaiveTime;
/// use rust_decimal::Decimal;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let m = |x: u64| Duration::from_secs(60 * x);
/// let ft8 = ShiftTemplate::builder("ft8")
///     .span(m(510))
///     .start_window(NaiveTime::from_hms_opt(7, 0, 0).ok_or("time")?, NaiveTime::from_hms_opt(12, 0, 0).ok_or("time")?)
///     .hourly_rate(Decimal::new(2000, 2))
///     .fixed_cost(Decimal::new(500, 2))
///     .breaks(vec![
///         BreakRule::new(m(15), Pay::Paid, m(60), m(150))?,
///         BreakRule::new(m(30), Pay::Unpaid, m(180), m(300))?,
///         BreakRule::new(m(15), Pay::Paid, m(330), m(450))?,
///     ])
///     .build()?;
/// assert_eq!(ft8.paid(), m(480));
/// assert_eq!(ft8.shift_cost(), Decimal::new(16500, 2)); // 20.00 x 8 h + 5.00
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftTemplate {
    name: String,
    span_min: u32,
    paid_min: u32,
    earliest_start_min: u32,
    latest_start_min: u32,
    start_step_min: Option<u32>,
    days: [bool; 7],
    hourly_rate: Decimal,
    fixed_cost: Decimal,
    contract: Contract,
    breaks: Vec<BreakRule>,
}

/// Builder of a [`ShiftTemplate`]; [`build`](Self::build) validates.
///
/// Defaults: paid time = span minus unpaid breaks, starts allowed at any
/// time of day on every weekday with the grid's step, rate and fixed cost
/// zero, [`Contract::FullTime`], no breaks.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_schedule::ShiftTemplate;
/// use servops_core::chrono::Weekday;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let t = ShiftTemplate::builder("weekend")
///     .span(Duration::from_secs(6 * 3600))
///     .days(&[Weekday::Sat, Weekday::Sun])
///     .build()?;
/// assert!(t.starts_on(Weekday::Sat));
/// assert!(!t.starts_on(Weekday::Mon));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct TemplateBuilder {
    name: String,
    span: Duration,
    paid: Option<Duration>,
    earliest: NaiveTime,
    latest: NaiveTime,
    start_step: Option<Duration>,
    days: [bool; 7],
    hourly_rate: Decimal,
    fixed_cost: Decimal,
    contract: Contract,
    breaks: Vec<BreakRule>,
}

impl TemplateBuilder {
    /// The span, from the first to the last minute of the shift.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::ShiftTemplate;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let t = ShiftTemplate::builder("a").span(Duration::from_secs(3600)).build()?;
    /// assert_eq!(t.span(), Duration::from_secs(3600));
    /// # Ok(())
    /// # }
    /// ```
    pub fn span(mut self, span: Duration) -> Self {
        self.span = span;
        self
    }

    /// The paid time; if set, it must equal the span minus unpaid breaks.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::ShiftTemplate;
    /// let h = Duration::from_secs(3600);
    /// assert!(ShiftTemplate::builder("a").span(h).paid(h).build().is_ok());
    /// assert!(ShiftTemplate::builder("a").span(h).paid(2 * h).build().is_err());
    /// ```
    pub fn paid(mut self, paid: Duration) -> Self {
        self.paid = Some(paid);
        self
    }

    /// The window of local start times (inclusive).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::ShiftTemplate;
    /// use servops_core::chrono::NaiveTime;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let seven = NaiveTime::from_hms_opt(7, 0, 0).ok_or("time")?;
    /// let nine = NaiveTime::from_hms_opt(9, 0, 0).ok_or("time")?;
    /// let t = ShiftTemplate::builder("a").span(Duration::from_secs(3600)).start_window(seven, nine).build()?;
    /// assert_eq!(t.start_window(), (seven, nine));
    /// assert!(ShiftTemplate::builder("a").span(Duration::from_secs(3600)).start_window(nine, seven).build().is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn start_window(mut self, earliest: NaiveTime, latest: NaiveTime) -> Self {
        self.earliest = earliest;
        self.latest = latest;
        self
    }

    /// The step between allowed start times (default: the grid's step).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::ShiftTemplate;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let t = ShiftTemplate::builder("a").span(Duration::from_secs(3600)).start_step(Duration::from_secs(1800)).build()?;
    /// assert_eq!(t.start_step(), Some(Duration::from_secs(1800)));
    /// # Ok(())
    /// # }
    /// ```
    pub fn start_step(mut self, step: Duration) -> Self {
        self.start_step = Some(step);
        self
    }

    /// The local weekdays on which the shift may start.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::ShiftTemplate;
    /// use servops_core::chrono::Weekday;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let t = ShiftTemplate::builder("a").span(Duration::from_secs(3600)).days(&[Weekday::Mon]).build()?;
    /// assert!(t.starts_on(Weekday::Mon) && !t.starts_on(Weekday::Tue));
    /// # Ok(())
    /// # }
    /// ```
    pub fn days(mut self, days: &[Weekday]) -> Self {
        self.days = [false; 7];
        for d in days {
            if let Some(slot) = self.days.get_mut(d.num_days_from_monday() as usize) {
                *slot = true;
            }
        }
        self
    }

    /// The hourly rate paid for paid time.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::ShiftTemplate;
    /// use rust_decimal::Decimal;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let t = ShiftTemplate::builder("a").span(Duration::from_secs(7200)).hourly_rate(Decimal::new(15, 0)).build()?;
    /// assert_eq!(t.shift_cost(), Decimal::new(30, 0));
    /// # Ok(())
    /// # }
    /// ```
    pub fn hourly_rate(mut self, rate: Decimal) -> Self {
        self.hourly_rate = rate;
        self
    }

    /// A fixed cost per shift (travel allowance, overhead).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::ShiftTemplate;
    /// use rust_decimal::Decimal;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let t = ShiftTemplate::builder("a").span(Duration::from_secs(3600)).fixed_cost(Decimal::new(5, 0)).build()?;
    /// assert_eq!(t.shift_cost(), Decimal::new(5, 0));
    /// # Ok(())
    /// # }
    /// ```
    pub fn fixed_cost(mut self, cost: Decimal) -> Self {
        self.fixed_cost = cost;
        self
    }

    /// Full-time or part-time.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::{Contract, ShiftTemplate};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let t = ShiftTemplate::builder("a").span(Duration::from_secs(3600)).contract(Contract::PartTime).build()?;
    /// assert_eq!(t.contract(), Contract::PartTime);
    /// # Ok(())
    /// # }
    /// ```
    pub fn contract(mut self, contract: Contract) -> Self {
        self.contract = contract;
        self
    }

    /// The breaks, in time order.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::{BreakRule, Pay, ShiftTemplate};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let m = |x: u64| Duration::from_secs(60 * x);
    /// let t = ShiftTemplate::builder("a").span(m(270))
    ///     .breaks(vec![BreakRule::new(m(30), Pay::Unpaid, m(120), m(150))?])
    ///     .build()?;
    /// assert_eq!(t.paid(), m(240));
    /// # Ok(())
    /// # }
    /// ```
    pub fn breaks(mut self, breaks: Vec<BreakRule>) -> Self {
        self.breaks = breaks;
        self
    }

    /// Validates and builds the template.
    ///
    /// # Errors
    ///
    /// - [`Error::InvalidParameter`]: empty name, zero span or a span over
    ///   seven days, durations or start times that are not whole minutes,
    ///   a start window whose latest time is before its earliest, a zero
    ///   start step, no start day, a negative rate or fixed cost, a rate
    ///   or fixed cost so large that the shift cost (or `rate x paid
    ///   minutes`) leaves the decimal range.
    /// - [`Error::SpanMismatch`]: span shorter (or, when paid time is
    ///   given, other) than paid time plus unpaid breaks.
    /// - [`Error::BreakOutsideSpan`]: a break window reaching past the span.
    /// - [`Error::OverlappingBreaks`]: two break windows that overlap, or
    ///   breaks not listed in time order.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::{BreakRule, Error, Pay, ShiftTemplate};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let m = |x: u64| Duration::from_secs(60 * x);
    /// let err = ShiftTemplate::builder("a").span(m(240))
    ///     .breaks(vec![
    ///         BreakRule::new(m(15), Pay::Paid, m(60), m(120))?,
    ///         BreakRule::new(m(15), Pay::Paid, m(90), m(150))?,
    ///     ])
    ///     .build()
    ///     .unwrap_err();
    /// assert!(matches!(err, Error::OverlappingBreaks { first: 0, second: 1, .. }));
    /// # Ok(())
    /// # }
    /// ```
    pub fn build(self) -> Result<ShiftTemplate> {
        if self.name.trim().is_empty() {
            return Err(invalid("template name", "\"\"", "non-empty"));
        }
        let span_min = whole_minutes("span", self.span)?;
        if span_min == 0 || span_min > 7 * 1440 {
            return Err(invalid(
                "span",
                format!("{span_min} min"),
                "between 1 minute and 7 days",
            ));
        }
        let unpaid: u32 = self
            .breaks
            .iter()
            .filter(|b| b.pay == Pay::Unpaid)
            .map(|b| b.length_min)
            .fold(0u32, u32::saturating_add);
        let paid_min = match self.paid {
            Some(p) => {
                let p = whole_minutes("paid time", p)?;
                if p.saturating_add(unpaid) != span_min {
                    return Err(Error::SpanMismatch {
                        template: self.name,
                        span: minutes(span_min),
                        paid_plus_unpaid: minutes(p.saturating_add(unpaid)),
                    });
                }
                p
            }
            None => {
                if unpaid > span_min {
                    return Err(Error::SpanMismatch {
                        template: self.name,
                        span: minutes(span_min),
                        paid_plus_unpaid: minutes(unpaid),
                    });
                }
                span_min - unpaid
            }
        };
        for (k, b) in self.breaks.iter().enumerate() {
            let end = b.latest_min.saturating_add(b.length_min);
            if end > span_min {
                return Err(Error::BreakOutsideSpan {
                    template: self.name,
                    break_index: k,
                    latest_end: minutes(end),
                    span: minutes(span_min),
                });
            }
        }
        for (k, pair) in self.breaks.windows(2).enumerate() {
            if let [a, b] = pair {
                let a_end = a.latest_min.saturating_add(a.length_min);
                if a_end > b.earliest_min {
                    return Err(Error::OverlappingBreaks {
                        template: self.name,
                        first: k,
                        second: k + 1,
                        first_latest_end: minutes(a_end),
                        second_earliest_start: minutes(b.earliest_min),
                    });
                }
            }
        }
        let tmin = |t: NaiveTime, name: &'static str| -> Result<u32> {
            if t.second() != 0 || t.nanosecond() != 0 {
                return Err(invalid(name, t, "on a whole minute"));
            }
            Ok(t.hour() * 60 + t.minute())
        };
        let earliest_start_min = tmin(self.earliest, "earliest start")?;
        let latest_start_min = tmin(self.latest, "latest start")?;
        if latest_start_min < earliest_start_min {
            return Err(invalid(
                "latest start",
                self.latest,
                "at or after the earliest start",
            ));
        }
        let start_step_min = match self.start_step {
            Some(s) => {
                let s = whole_minutes("start step", s)?;
                if s == 0 {
                    return Err(invalid("start step", "0 min", "at least 1 minute"));
                }
                Some(s)
            }
            None => None,
        };
        if !self.days.iter().any(|d| *d) {
            return Err(invalid("start days", "none", "at least one weekday"));
        }
        if self.hourly_rate.is_sign_negative() && !self.hourly_rate.is_zero() {
            return Err(invalid("hourly rate", self.hourly_rate.to_string(), ">= 0"));
        }
        if self.fixed_cost.is_sign_negative() && !self.fixed_cost.is_zero() {
            return Err(invalid("fixed cost", self.fixed_cost.to_string(), ">= 0"));
        }
        // The shift cost must be computed exactly (no saturation).
        let pay = self
            .hourly_rate
            .checked_mul(Decimal::from(paid_min))
            .and_then(|v| v.checked_div(Decimal::from(60)))
            .ok_or_else(|| {
                invalid(
                    "hourly rate",
                    self.hourly_rate.to_string(),
                    "small enough that rate x paid minutes fits in a decimal (below about 7.9e28)",
                )
            })?;
        if pay.checked_add(self.fixed_cost).is_none() {
            return Err(invalid(
                "fixed cost",
                self.fixed_cost.to_string(),
                "small enough that the shift cost fits in a decimal (below about 7.9e28)",
            ));
        }
        Ok(ShiftTemplate {
            name: self.name,
            span_min,
            paid_min,
            earliest_start_min,
            latest_start_min,
            start_step_min,
            days: self.days,
            hourly_rate: self.hourly_rate,
            fixed_cost: self.fixed_cost,
            contract: self.contract,
            breaks: self.breaks,
        })
    }
}

impl ShiftTemplate {
    /// Starts building a template named `name` (span one hour until set).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::ShiftTemplate;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let t = ShiftTemplate::builder("hour").build()?;
    /// assert_eq!(t.name(), "hour");
    /// # Ok(())
    /// # }
    /// ```
    pub fn builder(name: impl Into<String>) -> TemplateBuilder {
        TemplateBuilder {
            name: name.into(),
            span: Duration::from_secs(3600),
            paid: None,
            earliest: NaiveTime::MIN,
            latest: NaiveTime::from_hms_opt(23, 59, 0).unwrap_or(NaiveTime::MIN),
            start_step: None,
            days: [true; 7],
            hourly_rate: Decimal::ZERO,
            fixed_cost: Decimal::ZERO,
            contract: Contract::FullTime,
            breaks: Vec::new(),
        }
    }

    /// The template's name.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::ShiftTemplate;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(ShiftTemplate::builder("x").build()?.name(), "x");
    /// # Ok(())
    /// # }
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The span from first to last minute.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::ShiftTemplate;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(ShiftTemplate::builder("x").build()?.span(), Duration::from_secs(3600));
    /// # Ok(())
    /// # }
    /// ```
    pub fn span(&self) -> Duration {
        minutes(self.span_min)
    }

    /// Paid time (span minus unpaid breaks).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::ShiftTemplate;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(ShiftTemplate::builder("x").build()?.paid(), Duration::from_secs(3600));
    /// # Ok(())
    /// # }
    /// ```
    pub fn paid(&self) -> Duration {
        minutes(self.paid_min)
    }

    /// Paid hours as a number.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::ShiftTemplate;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(ShiftTemplate::builder("x").build()?.paid_hours(), 1.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn paid_hours(&self) -> f64 {
        f64::from(self.paid_min) / 60.0
    }

    /// The window of local start times (inclusive).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::ShiftTemplate;
    /// use servops_core::chrono::NaiveTime;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(ShiftTemplate::builder("x").build()?.start_window().0, NaiveTime::MIN);
    /// # Ok(())
    /// # }
    /// ```
    pub fn start_window(&self) -> (NaiveTime, NaiveTime) {
        let t = |m: u32| NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap_or(NaiveTime::MIN);
        (t(self.earliest_start_min), t(self.latest_start_min))
    }

    /// The step between start times, if set (otherwise the grid's step).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::ShiftTemplate;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(ShiftTemplate::builder("x").build()?.start_step(), None);
    /// # Ok(())
    /// # }
    /// ```
    pub fn start_step(&self) -> Option<Duration> {
        self.start_step_min.map(minutes)
    }

    /// Whether the shift may start on local weekday `day`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::ShiftTemplate;
    /// use servops_core::chrono::Weekday;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert!(ShiftTemplate::builder("x").build()?.starts_on(Weekday::Sun));
    /// # Ok(())
    /// # }
    /// ```
    pub fn starts_on(&self, day: Weekday) -> bool {
        self.days
            .get(day.num_days_from_monday() as usize)
            .copied()
            .unwrap_or(false)
    }

    /// The hourly rate.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::ShiftTemplate;
    /// use rust_decimal::Decimal;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(ShiftTemplate::builder("x").build()?.hourly_rate(), Decimal::ZERO);
    /// # Ok(())
    /// # }
    /// ```
    pub fn hourly_rate(&self) -> Decimal {
        self.hourly_rate
    }

    /// The fixed cost per shift.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::ShiftTemplate;
    /// use rust_decimal::Decimal;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(ShiftTemplate::builder("x").build()?.fixed_cost(), Decimal::ZERO);
    /// # Ok(())
    /// # }
    /// ```
    pub fn fixed_cost(&self) -> Decimal {
        self.fixed_cost
    }

    /// Cost of one shift: `hourly_rate * paid_minutes / 60 + fixed_cost`
    /// ([`TemplateBuilder::build`] refuses a rate or fixed cost for which it
    /// would leave the decimal range). It is exact when it is a decimal of
    /// at most 28 places and 96 bits, else rounded to the nearest such
    /// decimal: 20 an hour for 490 paid minutes, 490 / 3, is
    /// 163.33333333333333333333333333. The totals of a
    /// [`Schedule`](crate::Schedule) and of [`Tours`](crate::Tours) are
    /// not sums of these rounded costs: they are summed exactly from the
    /// rates, minutes and fixed costs and rounded once (three such shifts
    /// cost 490).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::ShiftTemplate;
    /// use rust_decimal::Decimal;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let t = ShiftTemplate::builder("x").span(Duration::from_secs(5400)).hourly_rate(Decimal::new(20, 0)).build()?;
    /// assert_eq!(t.shift_cost(), Decimal::new(30, 0));
    /// # Ok(())
    /// # }
    /// ```
    pub fn shift_cost(&self) -> Decimal {
        self.cost_parts()
            .and_then(|p| p.cost())
            .unwrap_or(Decimal::MAX)
    }

    /// What [`shift_cost`](Self::shift_cost) is computed from: the rate
    /// times the paid minutes, and the fixed cost (always `Some` for a
    /// built template).
    pub(crate) fn cost_parts(&self) -> Option<CostParts> {
        Some(CostParts {
            rate_x_paid_minutes: self.hourly_rate.checked_mul(Decimal::from(self.paid_min))?,
            fixed_cost: self.fixed_cost,
        })
    }

    /// Full-time or part-time.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::{Contract, ShiftTemplate};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(ShiftTemplate::builder("x").build()?.contract(), Contract::FullTime);
    /// # Ok(())
    /// # }
    /// ```
    pub fn contract(&self) -> Contract {
        self.contract
    }

    /// The breaks, in time order.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::ShiftTemplate;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert!(ShiftTemplate::builder("x").build()?.breaks().is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub fn breaks(&self) -> &[BreakRule] {
        &self.breaks
    }

    /// The same template with every break fixed at the middle of its window
    /// (rounded down to the break step; `grid_step` is used for breaks
    /// without a step). Scheduling with these templates is the
    /// fixed-break model, the comparison that shows what placing breaks saves.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::{BreakRule, Pay, ShiftTemplate};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let m = |x: u64| Duration::from_secs(60 * x);
    /// let t = ShiftTemplate::builder("a").span(m(240))
    ///     .breaks(vec![BreakRule::new(m(15), Pay::Paid, m(60), m(120))?])
    ///     .build()?;
    /// let fixed = t.with_breaks_fixed_at_middle(m(15));
    /// assert_eq!(fixed.breaks()[0].earliest(), m(90));
    /// assert_eq!(fixed.breaks()[0].latest(), m(90));
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn with_breaks_fixed_at_middle(&self, grid_step: Duration) -> Self {
        let g = u32::try_from(grid_step.as_secs() / 60).unwrap_or(1).max(1);
        let mut t = self.clone();
        t.breaks = self.breaks.iter().map(|b| b.fixed_at_middle(g)).collect();
        t
    }

    pub(crate) fn span_min(&self) -> u32 {
        self.span_min
    }
    pub(crate) fn earliest_start_min(&self) -> u32 {
        self.earliest_start_min
    }
    pub(crate) fn latest_start_min(&self) -> u32 {
        self.latest_start_min
    }
    pub(crate) fn start_step_min(&self) -> Option<u32> {
        self.start_step_min
    }
}
