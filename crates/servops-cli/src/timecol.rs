//! Reading interval start times from CSV fields.

use servops::core::chrono::{DateTime, NaiveDateTime, Utc};
use servops::core::chrono_tz::Tz;
use servops::core::{Disambiguation, local_to_utc};

/// Parses an interval start: RFC 3339 with an offset (`2026-03-02T08:00:00Z`),
/// or a local date and time (`2026-03-02 08:00`, `2026-03-02T08:00:00`) in `tz`.
/// A local time that falls twice (the repeated hour at the end of summer
/// time) is read as its first occurrence unless that is not after `previous`
/// (the row before), then as its second, so a file in time order reads
/// through the fold; without a row before it (the first row) nothing tells
/// the two apart, and it is an error naming both readings with their
/// offsets. A local time that does not exist is an error.
pub fn parse_instant(
    text: &str,
    tz: Tz,
    previous: Option<DateTime<Utc>>,
) -> Result<DateTime<Utc>, String> {
    let t = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok(dt.with_timezone(&Utc));
    }
    const FORMATS: [&str; 4] = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ];
    for f in FORMATS {
        if let Ok(naive) = NaiveDateTime::parse_from_str(t, f) {
            return match local_to_utc(naive, tz, Disambiguation::Reject) {
                Ok(t) => Ok(t),
                Err(servops::core::Error::AmbiguousLocalTime { .. }) => {
                    let first = local_to_utc(naive, tz, Disambiguation::Earlier)
                        .map_err(|e| e.to_string())?;
                    let Some(previous) = previous else {
                        let second = local_to_utc(naive, tz, Disambiguation::Later)
                            .map_err(|e| e.to_string())?;
                        let rfc = |t: DateTime<Utc>| {
                            t.with_timezone(&tz)
                                .format("%Y-%m-%dT%H:%M:%S%:z")
                                .to_string()
                        };
                        return Err(format!(
                            "`{t}` happens twice in {tz} (clocks go back), and the first row \
                             has no row before it to tell which: write it with its UTC offset, \
                             {} or {} (or in UTC)",
                            rfc(first),
                            rfc(second)
                        ));
                    };
                    if first <= previous {
                        local_to_utc(naive, tz, Disambiguation::Later).map_err(|e| e.to_string())
                    } else {
                        Ok(first)
                    }
                }
                Err(e) => Err(e.to_string()),
            };
        }
    }
    Err(format!(
        "`{t}` is not a time (use 2026-03-02T08:00:00Z, or 2026-03-02 08:00 in --tz)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use servops::core::chrono_tz::Europe::London;

    #[test]
    fn parses_offsets_and_local_times() {
        let z = parse_instant("2026-07-01T08:00:00Z", London, None).unwrap();
        let local = parse_instant("2026-07-01 09:00", London, None).unwrap();
        assert_eq!(z, local); // BST is UTC+1
        assert!(parse_instant("2026-03-29 01:30", London, None).is_err()); // skipped hour
        assert!(parse_instant("yesterday", London, None).is_err());
    }

    #[test]
    fn reads_through_the_autumn_fold_in_order() {
        // 2026-10-25: 01:00-02:00 local happens twice in London.
        let before = parse_instant("2026-10-25 00:30", London, None).unwrap();
        let first = parse_instant("2026-10-25 01:30", London, Some(before)).unwrap();
        assert_eq!(
            first,
            "2026-10-25T00:30:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        let second = parse_instant("2026-10-25 01:30", London, Some(first)).unwrap();
        assert_eq!(
            second,
            "2026-10-25T01:30:00Z".parse::<DateTime<Utc>>().unwrap()
        );
    }

    /// A first row in the repeated hour has no row before it to order it
    /// by: before, it was read as 01:30 BST (00:30Z) without a word, which
    /// for a file starting after the clocks went back is an hour off.
    #[test]
    fn an_ambiguous_first_row_is_an_error_naming_both_offsets() {
        let m = parse_instant("2026-10-25 01:30", London, None).unwrap_err();
        assert!(m.contains("happens twice in Europe/London"), "{m}");
        assert!(m.contains("2026-10-25T01:30:00+01:00"), "{m}");
        assert!(m.contains("2026-10-25T01:30:00+00:00"), "{m}");
        // With the offset it reads, either way.
        assert_eq!(
            parse_instant("2026-10-25T01:30:00+00:00", London, None),
            Ok("2026-10-25T01:30:00Z".parse::<DateTime<Utc>>().unwrap())
        );
    }
}
