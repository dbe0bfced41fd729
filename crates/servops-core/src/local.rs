//! Mapping local wall-clock times to absolute instants.

use chrono::offset::LocalResult;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

use crate::error::{Error, Result};

/// What to do with a local wall-clock time that a clock change skips (a gap)
/// or repeats (a fold).
///
/// The names follow the usual convention of time libraries (RFC 5545,
/// Temporal, jiff).
///
/// # Examples
///
/// ```
/// use servops_core::chrono::{DateTime, NaiveDate, Utc};
/// use servops_core::chrono_tz::Europe::London;
/// use servops_core::{Disambiguation, Error, local_to_utc};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // 01:30 on 2026-03-29 does not exist in London: clocks jump from 01:00 to 02:00.
/// let gap = NaiveDate::from_ymd_opt(2026, 3, 29).ok_or("date")?.and_hms_opt(1, 30, 0).ok_or("time")?;
/// // Compatible reads it with the winter offset (UTC+0): 02:30 BST.
/// let after = local_to_utc(gap, London, Disambiguation::Compatible)?;
/// assert_eq!(after, "2026-03-29T01:30:00Z".parse::<DateTime<Utc>>()?);
/// // Earlier reads it with the summer offset (UTC+1): 00:30 GMT.
/// let before = local_to_utc(gap, London, Disambiguation::Earlier)?;
/// assert_eq!(before, "2026-03-29T00:30:00Z".parse::<DateTime<Utc>>()?);
/// assert!(matches!(
///     local_to_utc(gap, London, Disambiguation::Reject),
///     Err(Error::NonexistentLocalTime { .. })
/// ));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Disambiguation {
    /// In a fold take the earlier instant; in a gap take the instant the
    /// wall-clock time would have with the offset in force before the gap,
    /// which lands after the gap (02:30 in a 02:00 to 03:00 gap becomes 03:30).
    Compatible,
    /// Take the earlier instant: in a fold the first occurrence, in a gap the
    /// reading with the offset in force after the gap, which lands before it.
    Earlier,
    /// Take the later instant: in a fold the second occurrence, in a gap the
    /// reading with the offset in force before the gap, which lands after it.
    Later,
    /// Refuse: return [`Error::NonexistentLocalTime`] or
    /// [`Error::AmbiguousLocalTime`].
    Reject,
}

/// Converts a local wall-clock time in `tz` to an absolute instant, resolving
/// gaps and folds caused by clock changes as `disambiguation` says.
///
/// # Errors
///
/// With [`Disambiguation::Reject`], [`Error::NonexistentLocalTime`] when the
/// clocks skip `local` and [`Error::AmbiguousLocalTime`] when they show it
/// twice. [`Error::InvalidParameter`] if `local` is within a day and a half
/// of the limits of the supported date range and falls in a gap.
///
/// # Examples
///
/// ```
/// use servops_core::chrono::{DateTime, NaiveDate, Utc};
/// use servops_core::chrono_tz::America::New_York;
/// use servops_core::{Disambiguation, Error, local_to_utc};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // 01:30 on 2026-11-01 happens twice in New York (EDT, then EST).
/// let fold = NaiveDate::from_ymd_opt(2026, 11, 1).ok_or("date")?.and_hms_opt(1, 30, 0).ok_or("time")?;
/// let first: DateTime<Utc> = local_to_utc(fold, New_York, Disambiguation::Earlier)?;
/// let second = local_to_utc(fold, New_York, Disambiguation::Later)?;
/// assert_eq!(first, "2026-11-01T05:30:00Z".parse::<DateTime<Utc>>()?);
/// assert_eq!(second, "2026-11-01T06:30:00Z".parse::<DateTime<Utc>>()?);
/// let err = local_to_utc(fold, New_York, Disambiguation::Reject).unwrap_err();
/// assert_eq!(err, Error::AmbiguousLocalTime { local: fold, tz: New_York, earlier: first, later: second });
/// # Ok(())
/// # }
/// ```
pub fn local_to_utc(
    local: NaiveDateTime,
    tz: Tz,
    disambiguation: Disambiguation,
) -> Result<DateTime<Utc>> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, b) => {
            let (a, b) = (a.with_timezone(&Utc), b.with_timezone(&Utc));
            let (earlier, later) = if a <= b { (a, b) } else { (b, a) };
            match disambiguation {
                Disambiguation::Compatible | Disambiguation::Earlier => Ok(earlier),
                Disambiguation::Later => Ok(later),
                Disambiguation::Reject => Err(Error::AmbiguousLocalTime {
                    local,
                    tz,
                    earlier,
                    later,
                }),
            }
        }
        LocalResult::None => {
            if disambiguation == Disambiguation::Reject {
                return Err(Error::NonexistentLocalTime { local, tz });
            }
            let transition = first_instant_reading_at_least(local, tz)?;
            let offset = match disambiguation {
                Disambiguation::Earlier => offset_at(transition, tz),
                _ => {
                    let just_before = transition
                        .checked_sub_signed(TimeDelta::seconds(1))
                        .ok_or_else(|| out_of_range(local))?;
                    offset_at(just_before, tz)
                }
            };
            local
                .checked_sub_signed(offset)
                .map(|naive| naive.and_utc())
                .ok_or_else(|| out_of_range(local))
        }
    }
}

/// The first instant of the local calendar day `date` in `tz`.
///
/// Usually this is local midnight. Where a clock change skips midnight (as in
/// America/Sao_Paulo on 2018-11-04, when clocks went from 00:00 to 01:00) it
/// is the instant the clocks jump, the first moment the clock reads `date`;
/// where midnight occurs twice it is the first occurrence. If the whole date
/// is skipped (Pacific/Apia skipped 2011-12-30) it is the start of the next
/// date that exists, so that day has length zero.
///
/// # Errors
///
/// [`Error::InvalidParameter`] if `date` is too close to the limits of the
/// supported date range for its day to be computed.
///
/// # Examples
///
/// ```
/// use servops_core::chrono::{DateTime, NaiveDate, Utc};
/// use servops_core::chrono_tz::America::Sao_Paulo;
/// use servops_core::start_of_local_day;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let day = NaiveDate::from_ymd_opt(2018, 11, 4).ok_or("date")?;
/// let start = start_of_local_day(day, Sao_Paulo)?;
/// // Midnight was skipped; the day began at 01:00 local (UTC-2).
/// assert_eq!(start, "2018-11-04T03:00:00Z".parse::<DateTime<Utc>>()?);
/// # Ok(())
/// # }
/// ```
pub fn start_of_local_day(date: NaiveDate, tz: Tz) -> Result<DateTime<Utc>> {
    let midnight = date.and_time(NaiveTime::MIN);
    match tz.from_local_datetime(&midnight) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, b) => Ok(a.with_timezone(&Utc).min(b.with_timezone(&Utc))),
        LocalResult::None => first_instant_reading_at_least(midnight, tz),
    }
}

/// The wall-clock time in `tz` at `instant`, or `None` where it lies outside
/// chrono's dates (within a day of the ends of the supported range).
pub(crate) fn local_naive(instant: DateTime<Utc>, tz: Tz) -> Option<NaiveDateTime> {
    let utc = instant.naive_utc();
    utc.checked_add_offset(tz.offset_from_utc_datetime(&utc).fix())
}

/// The UTC offset in force at `instant`.
fn offset_at(instant: DateTime<Utc>, tz: Tz) -> TimeDelta {
    TimeDelta::seconds(i64::from(
        tz.offset_from_utc_datetime(&instant.naive_utc())
            .fix()
            .local_minus_utc(),
    ))
}

fn out_of_range(local: NaiveDateTime) -> Error {
    Error::InvalidParameter {
        name: "local time",
        value: local.to_string(),
        constraint: "at least a day and a half inside the supported date range",
    }
}

/// The first instant, at whole-second resolution, at which the clock in `tz`
/// reads `local` or later, for a `local` inside a gap.
///
/// Searches a window of 36 hours either side; UTC offsets are well under
/// that, so the clock reads less than `local` at the window's start and more
/// at its end. Inside the window the reading crosses `local` only once (it
/// cannot reach `local` continuously, since `local` does not exist, nor jump
/// over it twice), so bisection finds the jump.
fn first_instant_reading_at_least(local: NaiveDateTime, tz: Tz) -> Result<DateTime<Utc>> {
    let window = TimeDelta::hours(36);
    let reads_at_least = |secs: i64| -> Option<bool> {
        let instant = DateTime::<Utc>::from_timestamp(secs, 0)?;
        Some(local_naive(instant, tz)? >= local)
    };
    let mut lo = local
        .checked_sub_signed(window)
        .ok_or_else(|| out_of_range(local))?
        .and_utc()
        .timestamp();
    let mut hi = local
        .checked_add_signed(window)
        .ok_or_else(|| out_of_range(local))?
        .and_utc()
        .timestamp();
    if reads_at_least(lo) != Some(false) || reads_at_least(hi) != Some(true) {
        return Err(out_of_range(local));
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        match reads_at_least(mid) {
            Some(true) => hi = mid,
            Some(false) => lo = mid,
            None => return Err(out_of_range(local)),
        }
    }
    DateTime::<Utc>::from_timestamp(hi, 0).ok_or_else(|| out_of_range(local))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America, Europe, Pacific};

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn ordinary_time_maps_the_same_under_every_policy() {
        for d in [
            Disambiguation::Compatible,
            Disambiguation::Earlier,
            Disambiguation::Later,
            Disambiguation::Reject,
        ] {
            assert_eq!(
                local_to_utc(local(2026, 7, 1, 9, 0), Europe::London, d).unwrap(),
                utc("2026-07-01T08:00:00Z")
            );
        }
    }

    #[test]
    fn gap_resolves_either_side() {
        let gap = local(2026, 3, 8, 2, 30);
        let ny = America::New_York;
        assert_eq!(
            local_to_utc(gap, ny, Disambiguation::Compatible).unwrap(),
            utc("2026-03-08T07:30:00Z")
        );
        assert_eq!(
            local_to_utc(gap, ny, Disambiguation::Later).unwrap(),
            utc("2026-03-08T07:30:00Z")
        );
        assert_eq!(
            local_to_utc(gap, ny, Disambiguation::Earlier).unwrap(),
            utc("2026-03-08T06:30:00Z")
        );
        assert_eq!(
            local_to_utc(gap, ny, Disambiguation::Reject).unwrap_err(),
            Error::NonexistentLocalTime { local: gap, tz: ny }
        );
    }

    #[test]
    fn fold_compatible_takes_the_first_occurrence() {
        let fold = local(2026, 10, 25, 1, 30);
        assert_eq!(
            local_to_utc(fold, Europe::London, Disambiguation::Compatible).unwrap(),
            utc("2026-10-25T00:30:00Z")
        );
        assert_eq!(
            local_to_utc(fold, Europe::London, Disambiguation::Later).unwrap(),
            utc("2026-10-25T01:30:00Z")
        );
    }

    #[test]
    fn start_of_day_is_midnight_on_ordinary_days() {
        let d = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        assert_eq!(
            start_of_local_day(d, Europe::London).unwrap(),
            utc("2026-06-30T23:00:00Z")
        );
    }

    #[test]
    fn skipped_date_has_zero_length() {
        // Samoa moved across the date line: 2011-12-29 23:59:59 (UTC-10) was
        // followed by 2011-12-31 00:00:00 (UTC+14).
        let d30 = NaiveDate::from_ymd_opt(2011, 12, 30).unwrap();
        let d31 = NaiveDate::from_ymd_opt(2011, 12, 31).unwrap();
        let apia = Pacific::Apia;
        assert_eq!(
            start_of_local_day(d30, apia).unwrap(),
            start_of_local_day(d31, apia).unwrap()
        );
        assert_eq!(
            start_of_local_day(d31, apia).unwrap(),
            utc("2011-12-30T10:00:00Z")
        );
    }

    #[test]
    fn extreme_dates_are_errors_not_panics() {
        let zones = [
            Europe::London,
            America::New_York,
            chrono_tz::Asia::Tokyo,
            Pacific::Kiritimati,
            Pacific::Pago_Pago,
        ];
        let policies = [
            Disambiguation::Compatible,
            Disambiguation::Earlier,
            Disambiguation::Later,
            Disambiguation::Reject,
        ];
        for tz in zones {
            for local in [NaiveDateTime::MIN, NaiveDateTime::MAX] {
                for d in policies {
                    match local_to_utc(local, tz, d) {
                        Ok(t) => assert_eq!(t.with_timezone(&tz).naive_local(), local),
                        Err(
                            Error::InvalidParameter { .. } | Error::NonexistentLocalTime { .. },
                        ) => {}
                        Err(other) => panic!("unexpected {other}"),
                    }
                }
            }
            for date in [NaiveDate::MIN, NaiveDate::MAX] {
                match start_of_local_day(date, tz) {
                    Ok(t) => assert_eq!(t.with_timezone(&tz).date_naive(), date),
                    Err(Error::InvalidParameter { .. }) => {}
                    Err(other) => panic!("unexpected {other}"),
                }
            }
        }
        assert_eq!(
            local_to_utc(NaiveDateTime::MAX, Europe::London, Disambiguation::Reject)
                .unwrap()
                .naive_utc(),
            NaiveDateTime::MAX
        );
    }
}
