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
/// Three customers over a 7-day window, data to 25 March: `ann` calls on
/// the 2nd and again on the 4th (the first repeated, the second resolved:
/// its window ends on the 11th), `bob` once on the 2nd (resolved), `cat` on
/// the 20th (window ends the 27th, past the data: censored), and one call
/// with no customer (unidentified). Every answered contact is in exactly one
/// field: 2 + 1 + 1 + 1 + 0 = 5.
///
/// ```
/// use std::time::Duration;
/// use servops_kpi::{fcr_by_repeat_window, ContactRecord, Outcome};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let call = |t: &str, who: Option<&str>| -> Result<ContactRecord, Box<dyn std::error::Error>> {
///     let b = ContactRecord::builder(t.parse()?, Outcome::Answered).wait(Duration::ZERO);
///     Ok(match who { Some(w) => b.customer(w), None => b }.build()?)
/// };
/// let records = [
///     call("2026-03-02T09:00:00Z", Some("ann"))?,
///     call("2026-03-04T09:00:00Z", Some("ann"))?,
///     call("2026-03-02T10:00:00Z", Some("bob"))?,
///     call("2026-03-20T10:00:00Z", Some("cat"))?,
///     call("2026-03-05T10:00:00Z", None)?,
/// ];
/// let week = Duration::from_secs(7 * 86_400);
/// let r = fcr_by_repeat_window(&records, week, "2026-03-25T00:00:00Z".parse()?)?;
/// assert_eq!(r.window, week);
/// assert_eq!((r.resolved, r.repeated, r.censored, r.unidentified, r.after_data_end), (2, 1, 1, 1, 0));
/// assert_eq!(r.resolved + r.repeated + r.censored + r.unidentified + r.after_data_end, 5);
/// # Ok(())
/// # }
/// ```
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
    /// Answered contacts that arrived after the end of the data: outside
    /// the data, in neither side of the ratio (their window cannot be
    /// observed at all). They are no repeat of an earlier contact either.
    /// Absent from JSON written before this field existed: read as 0.
    #[cfg_attr(feature = "serde", serde(default))]
    pub after_data_end: u64,
}

impl FcrReport {
    /// FCR = resolved / (resolved + repeated); `None` if nothing could be
    /// classified. The policy is the repeat window.
    ///
    /// # Examples
    ///
    /// 70 resolved and 30 repeated: FCR = 70 / (70 + 30) = 0.7; censored and
    /// unidentified contacts are in neither side. Nothing classified: no value.
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_kpi::fcr_by_repeat_window;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let week = Duration::from_secs(7 * 86_400);
    /// let mut r = fcr_by_repeat_window(&[], week, "2026-03-25T00:00:00Z".parse()?)?;
    /// assert_eq!(r.fcr().value(), None);
    /// (r.resolved, r.repeated, r.censored, r.unidentified) = (70, 30, 12, 5);
    /// let fcr = r.fcr();
    /// assert_eq!((fcr.numerator, fcr.denominator), (70.0, 100.0));
    /// assert_eq!(fcr.value(), Some(0.7));
    /// assert_eq!(fcr.policy, week);
    /// # Ok(())
    /// # }
    /// ```
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
/// `FCR = resolved / (resolved + repeated)`. A contact at `t` is repeated
/// by a later contact of its customer in `[t, t + window]`. Another contact
/// at the same instant `t` is a contact again, so a repeat: at one instant
/// the answered contacts count as coming first (in the order of `records`),
/// then the others. So every chain of `k` contacts gives `k - 1` repeats
/// whether or not some share an instant (two answered contacts at the same
/// nanosecond: 1 repeated, 1 resolved, as when 1 ns apart), and the counts
/// do not depend on the order of `records`. A duplicated record is a second
/// contact. The data cover instants up to
/// and including `data_end` (as in [`sla_attainment`](crate::sla_attainment)):
/// a contact at `data_end` is in the data, and a window `(t, t + window]`
/// ending exactly at `data_end` is complete. A contact with no repeat whose
/// window ends after `data_end` is censored: counted separately, in neither
/// numerator nor denominator. A repeat seen inside the data is a repeat even
/// if the window is incomplete.
///
/// Records that arrive after `data_end` are outside the data: an answered
/// one is counted in [`FcrReport::after_data_end`] (in no other field,
/// whether or not it has a customer), and none of them is a repeat of an
/// earlier contact. The report is therefore the same as for the records
/// arriving by `data_end` alone, and
/// `resolved + repeated + censored + unidentified + after_data_end` is the
/// number of answered contacts in `records`.
///
/// # Errors
///
/// None in practice: every `window` fits the `i128` nanoseconds the
/// comparison uses (kept as [`Error::InvalidParameter`] for a window that
/// would not). Instants and the window compare to the nanosecond.
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
/// // A contact after the end of the data is counted apart, and is no repeat.
/// let later = [call("2026-03-20T10:00:00Z", "cat")?, call("2026-03-26T10:00:00Z", "cat")?];
/// let r = fcr_by_repeat_window(&later, seven_days, "2026-03-25T00:00:00Z".parse()?)?;
/// assert_eq!((r.repeated, r.censored, r.after_data_end), (0, 1, 1));
/// # Ok(())
/// # }
/// ```
pub fn fcr_by_repeat_window(
    records: &[ContactRecord],
    window: Duration,
    data_end: DateTime<Utc>,
) -> Result<FcrReport> {
    // In i128 nanoseconds: any Duration and any chrono instant fit, and
    // their sum cannot overflow; instants compare to the nanosecond.
    let window_ns = i128::try_from(window.as_nanos()).map_err(|_| Error::InvalidParameter {
        name: "repeat window",
        value: format!("{window:?}"),
        constraint: "at most i128::MAX nanoseconds",
    })?;
    let end_ns = crate::record::instant_ns(data_end);
    // Each customer's contacts in the order they count: by arrival; at one
    // instant answered ones first, then by position in `records`.
    let mut by_customer: HashMap<&str, Vec<(i128, bool, usize)>> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        if r.arrival_ns > end_ns {
            continue;
        }
        if let Some(c) = r.customer() {
            by_customer.entry(c).or_default().push((
                r.arrival_ns,
                r.outcome != Outcome::Answered,
                i,
            ));
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
        after_data_end: 0,
    };
    for (i, r) in records
        .iter()
        .enumerate()
        .filter(|(_, r)| r.outcome == Outcome::Answered)
    {
        if r.arrival_ns > end_ns {
            rep.after_data_end += 1;
            continue;
        }
        let Some(times) = r.customer().and_then(|c| by_customer.get(c)) else {
            rep.unidentified += 1;
            continue;
        };
        let t = r.arrival_ns;
        let limit = t.saturating_add(window_ns);
        let next = times.partition_point(|&k| k <= (t, false, i));
        let repeat = times.get(next).is_some_and(|&(x, _, _)| x <= limit);
        if repeat {
            rep.repeated += 1;
        } else if limit > end_ns {
            rep.censored += 1;
        } else {
            rep.resolved += 1;
        }
    }
    Ok(rep)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str, who: Option<&str>, outcome: Outcome) -> ContactRecord {
        let t: DateTime<Utc> = s.parse().unwrap();
        let b = ContactRecord::builder(t, outcome).wait(Duration::ZERO);
        match who {
            Some(w) => b.customer(w).build().unwrap(),
            None => b.build().unwrap(),
        }
    }

    fn end() -> DateTime<Utc> {
        "2026-03-10T00:00:00Z".parse().unwrap()
    }

    const DAY: Duration = Duration::from_secs(86_400);

    /// Answered contacts arriving after the data end are in none of the
    /// classified counts (hand count: 0 resolved, 0 repeated, 0 censored,
    /// 0 unidentified; before, 1 censored and 1 unidentified).
    #[test]
    fn contacts_after_the_data_end_are_not_classified() {
        let records = [
            at("2026-03-11T09:00:00Z", Some("ann"), Outcome::Answered),
            at("2026-03-12T09:00:00Z", None, Outcome::Answered),
        ];
        let r = fcr_by_repeat_window(&records, DAY, end()).unwrap();
        assert_eq!(
            (r.resolved, r.repeated, r.censored, r.unidentified),
            (0, 0, 0, 0)
        );
        assert_eq!(r.after_data_end, 2);
    }

    /// A contact after the data end is outside the data and is no repeat:
    /// the contact at 2026-03-09T12:00 has its window (to 03-10T12:00) past
    /// the data end and no repeat inside the data, so it is censored
    /// (before: repeated, from the 03-10T06:00 contact).
    #[test]
    fn a_contact_after_the_data_end_is_no_repeat() {
        let records = [
            at("2026-03-09T12:00:00Z", Some("ann"), Outcome::Answered),
            at("2026-03-10T06:00:00Z", Some("ann"), Outcome::Abandoned),
        ];
        let r = fcr_by_repeat_window(&records, DAY, end()).unwrap();
        assert_eq!((r.resolved, r.repeated, r.censored), (0, 0, 1));
    }

    /// Two contacts of one customer at the same instant: the customer
    /// contacted twice, so the first (in record order) is repeated by the
    /// second, as it is when the second comes 1 ns later. Hand count: 1
    /// repeated, 1 resolved in both cases (before the fix the same-instant
    /// pair gave 0 repeated, 2 resolved, an FCR of 1 against 0.5).
    #[test]
    fn a_contact_at_the_same_instant_is_a_repeat() {
        let pair = [
            at("2026-03-02T09:00:00Z", Some("ann"), Outcome::Answered),
            at("2026-03-02T09:00:00Z", Some("ann"), Outcome::Answered),
        ];
        let r = fcr_by_repeat_window(&pair, DAY, end()).unwrap();
        assert_eq!((r.resolved, r.repeated, r.censored), (1, 1, 0));
        assert_eq!(r.fcr().value(), Some(0.5));
        let apart = [
            at("2026-03-02T09:00:00Z", Some("ann"), Outcome::Answered),
            at(
                "2026-03-02T09:00:00.000000001Z",
                Some("ann"),
                Outcome::Answered,
            ),
        ];
        let r = fcr_by_repeat_window(&apart, DAY, end()).unwrap();
        assert_eq!((r.resolved, r.repeated, r.censored), (1, 1, 0));
    }

    /// Three contacts at one instant and a fourth an hour later, plus an
    /// abandoned one at the same instant as a lone answered contact of
    /// another customer. Hand count: ann's first three are each followed
    /// within the day (by the next of the three, then by 10:00), the 10:00
    /// one is resolved; bob's answered contact is repeated by his abandoned
    /// one at the same instant, whichever order they are listed in. So 4
    /// repeated, 1 resolved.
    #[test]
    fn ties_of_several_contacts() {
        let records = [
            at("2026-03-03T09:00:00Z", Some("ann"), Outcome::Answered),
            at("2026-03-03T10:00:00Z", Some("ann"), Outcome::Answered),
            at("2026-03-03T09:00:00Z", Some("ann"), Outcome::Answered),
            at("2026-03-03T09:00:00Z", Some("bob"), Outcome::Abandoned),
            at("2026-03-03T09:00:00Z", Some("ann"), Outcome::Answered),
            at("2026-03-03T09:00:00Z", Some("bob"), Outcome::Answered),
        ];
        let r = fcr_by_repeat_window(&records, DAY, end()).unwrap();
        assert_eq!((r.resolved, r.repeated, r.censored), (1, 4, 0));
        let mut reversed = records.to_vec();
        reversed.reverse();
        let r = fcr_by_repeat_window(&reversed, DAY, end()).unwrap();
        assert_eq!((r.resolved, r.repeated, r.censored), (1, 4, 0));
    }

    /// JSON written before `after_data_end` existed still reads (as 0),
    /// and a report round-trips.
    #[cfg(feature = "serde")]
    #[test]
    fn report_json_round_trip_and_older_json() {
        let records = [
            at("2026-03-01T09:00:00Z", Some("ann"), Outcome::Answered),
            at("2026-03-11T09:00:00Z", Some("ann"), Outcome::Answered),
        ];
        let r = fcr_by_repeat_window(&records, DAY, end()).unwrap();
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<FcrReport>(&json).unwrap(), r);
        let old = r#"{"window":{"secs":86400,"nanos":0},"resolved":1,"repeated":0,"censored":0,"unidentified":0}"#;
        let back: FcrReport = serde_json::from_str(old).unwrap();
        assert_eq!((back.resolved, back.after_data_end), (1, 0));
    }
}
