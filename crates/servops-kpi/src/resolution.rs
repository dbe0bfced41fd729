//! First-contact resolution by repeat-contact tracking, with censoring.

use std::collections::HashMap;
use std::time::Duration;

use servops_core::chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::record::{ContactRecord, Outcome};
use crate::service::Kpi;

/// The classification of answered contacts by repeat-contact tracking.
///
/// # Examples
///
/// See [`fcr_by_repeat_window`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct FcrReport {
    /// The repeat window.
    pub window: Duration,
    /// Answered contacts with no repeat within the window (window complete).
    pub resolved: u64,
    /// Answered contacts followed by another contact of the same customer
    /// within the window.
    pub repeated: u64,
    /// Answered contacts with no repeat seen yet whose window runs past the
    /// end of the data: not classifiable, in neither side of the ratio.
    pub censored: u64,
    /// Answered contacts without a customer identifier: not trackable.
    pub unidentified: u64,
}

impl FcrReport {
    /// FCR = resolved / (resolved + repeated); `None` if nothing could be
    /// classified. The policy is the repeat window.
    ///
    /// # Examples
    ///
    /// See [`fcr_by_repeat_window`].
    pub fn fcr(&self) -> Kpi<Duration> {
        Kpi::new(
            self.resolved as f64,
            // summed in u128: the public fields may add up past u64::MAX
            (u128::from(self.resolved) + u128::from(self.repeated)) as f64,
            self.window,
        )
    }
}

/// First-contact resolution by repeat-contact window: an answered contact is
/// resolved if the same customer does not contact again (any outcome, any
/// channel in `records`) within `window` after its arrival.
///
/// # Formula
///
/// `FCR = resolved / (resolved + repeated)`. A contact with no repeat whose
/// window `(t, t + window]` ends after `data_end` is censored: counted
/// separately, in neither numerator nor denominator. A repeat seen inside
/// the data is a repeat even if the window is incomplete.
///
/// # Errors
///
/// [`Error::InvalidParameter`] if `window` does not fit in milliseconds.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_kpi::{fcr_by_repeat_window, ContactRecord, Outcome};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let call = |t: &str, who: &str| -> Result<ContactRecord, servops_kpi::Error> {
///     ContactRecord::builder(t.parse().map_err(|_| servops_kpi::Error::InvalidParameter {
///         name: "t", value: t.into(), constraint: "rfc3339" })?, Outcome::Answered)
///         .wait(Duration::ZERO).customer(who).build()
/// };
/// let records = [
///     call("2026-03-02T09:00:00Z", "ann")?,
///     call("2026-03-04T09:00:00Z", "ann")?, // repeat within 7 days
///     call("2026-03-02T10:00:00Z", "bob")?, // no repeat, window complete
///     call("2026-03-20T10:00:00Z", "cat")?, // window runs past the data
/// ];
/// let seven_days = Duration::from_secs(7 * 86_400);
/// let r = fcr_by_repeat_window(&records, seven_days, "2026-03-25T00:00:00Z".parse()?)?;
/// assert_eq!((r.resolved, r.repeated, r.censored), (2, 1, 1));
/// assert_eq!(r.fcr().value(), Some(2.0 / 3.0));
/// # Ok(())
/// # }
/// ```
pub fn fcr_by_repeat_window(
    records: &[ContactRecord],
    window: Duration,
    data_end: DateTime<Utc>,
) -> Result<FcrReport> {
    let window_ms = i64::try_from(window.as_millis()).map_err(|_| Error::InvalidParameter {
        name: "repeat window",
        value: format!("{window:?}"),
        constraint: "at most i64::MAX milliseconds",
    })?;
    let end_ms = data_end.timestamp_millis();
    let mut by_customer: HashMap<&str, Vec<i64>> = HashMap::new();
    for r in records {
        if let Some(c) = r.customer() {
            by_customer.entry(c).or_default().push(r.arrival_ms);
        }
    }
    for v in by_customer.values_mut() {
        v.sort_unstable();
    }
    let mut rep = FcrReport {
        window,
        resolved: 0,
        repeated: 0,
        censored: 0,
        unidentified: 0,
    };
    for r in records.iter().filter(|r| r.outcome == Outcome::Answered) {
        let Some(times) = r.customer().and_then(|c| by_customer.get(c)) else {
            rep.unidentified += 1;
            continue;
        };
        let t = r.arrival_ms;
        let limit = t.saturating_add(window_ms);
        let next = times.partition_point(|&x| x <= t);
        let repeat = times.get(next).is_some_and(|&x| x <= limit);
        if repeat {
            rep.repeated += 1;
        } else if limit > end_ms {
            rep.censored += 1;
        } else {
            rep.resolved += 1;
        }
    }
    Ok(rep)
}
