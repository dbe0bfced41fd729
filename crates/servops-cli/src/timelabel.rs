//! How every command writes an interval start or another instant: the
//! one place that turns an instant into a label.
//!
//! - CSV and JSON: RFC 3339 with the local UTC offset, seconds included
//!   (`2026-10-25T01:00:00+01:00`, then `2026-10-25T01:00:00+00:00`); a
//!   zero offset is written `+00:00`, never `Z`.
//! - The aligned table, the HTML report and messages: local wall time
//!   `YYYY-MM-DD HH:MM`, and on a day whose UTC offset changes the offset
//!   after it on every label of that day (`2026-10-25 01:00 +01:00`), so the
//!   repeated hour when summer time ends reads apart; other days as before.

use servops::core::chrono::{DateTime, NaiveDate, Offset, TimeDelta, Utc};
use servops::core::chrono_tz::Tz;

use crate::output::Cell;

/// An instant as the two kinds of output write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// Local wall time, with the offset on a day whose offset changes.
    pub wall: String,
    /// RFC 3339 with the local offset.
    pub rfc3339: String,
}

/// Labels instants in one zone, remembering whether the last local day
/// looked at changes its offset (labels come mostly in time order).
#[derive(Debug, Clone)]
pub struct TimeLabels {
    tz: Tz,
    last_day: Option<(NaiveDate, bool)>,
}

impl TimeLabels {
    /// Labels in `tz`.
    pub fn new(tz: Tz) -> TimeLabels {
        TimeLabels { tz, last_day: None }
    }

    /// Whether the local day of `t` is a day whose UTC offset changes.
    fn change_day(&mut self, t: DateTime<Tz>) -> bool {
        let date = t.date_naive();
        if let Some((d, changes)) = self.last_day
            && d == date
        {
            return changes;
        }
        let changes = offset_changes_on(date, self.tz);
        self.last_day = Some((date, changes));
        changes
    }

    /// The labels of instant `t`.
    pub fn stamp(&mut self, t: DateTime<Utc>) -> Stamp {
        let local = t.with_timezone(&self.tz);
        let wall = if self.change_day(local) {
            local.format("%Y-%m-%d %H:%M %:z").to_string()
        } else {
            local.format("%Y-%m-%d %H:%M").to_string()
        };
        Stamp {
            wall,
            rfc3339: local.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        }
    }

    /// A table cell of instant `t`.
    pub fn cell(&mut self, t: DateTime<Utc>) -> Cell {
        Cell::Time(self.stamp(t))
    }

    /// A table cell of instant `t` when there is one, else an empty cell.
    pub fn opt_cell(&mut self, t: Option<DateTime<Utc>>) -> Cell {
        t.map_or(Cell::Empty, |t| self.cell(t))
    }

    /// The wall-time label of `t`, for messages.
    pub fn wall(&mut self, t: DateTime<Utc>) -> String {
        self.stamp(t).wall
    }

    /// The clock time `HH:MM` of `t`, followed by its offset (`01:15+01:00`,
    /// ISO 8601) on a day whose offset changes, for times inside a text
    /// such as a shift's breaks.
    pub fn clock(&mut self, t: DateTime<Utc>) -> String {
        let local = t.with_timezone(&self.tz);
        if self.change_day(local) {
            local.format("%H:%M%:z").to_string()
        } else {
            local.format("%H:%M").to_string()
        }
    }
}

/// Whether the UTC offset of `tz` changes during the local day `date`:
/// the offset at each quarter hour of the day (and at its last second)
/// against the offset at its first instant. Clock changes are at least
/// weeks apart, so none hides between two samples.
pub fn offset_changes_on(date: NaiveDate, tz: Tz) -> bool {
    let Ok(start) = servops::core::start_of_local_day(date, tz) else {
        return false;
    };
    let end = date
        .succ_opt()
        .and_then(|next| servops::core::start_of_local_day(next, tz).ok())
        .or_else(|| start.checked_add_signed(TimeDelta::days(1)))
        .unwrap_or(start);
    let offset = |t: DateTime<Utc>| t.with_timezone(&tz).offset().fix();
    let first = offset(start);
    let mut t = start;
    while t < end {
        if offset(t) != first {
            return true;
        }
        match t.checked_add_signed(TimeDelta::minutes(15)) {
            Some(next) => t = next,
            None => break,
        }
    }
    end.checked_sub_signed(TimeDelta::seconds(1))
        .is_some_and(|last| last >= start && offset(last) != first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use servops::core::chrono_tz::{America, Australia, Europe};

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn change_days_are_the_days_the_offset_changes() {
        let london = Europe::London;
        assert!(offset_changes_on(day(2026, 10, 25), london));
        assert!(offset_changes_on(day(2026, 3, 29), london));
        assert!(!offset_changes_on(day(2026, 10, 24), london));
        assert!(!offset_changes_on(day(2026, 10, 26), london));
        assert!(!offset_changes_on(day(2026, 7, 1), london));
        assert!(!offset_changes_on(day(2026, 10, 25), Tz::UTC));
        // Lord Howe moves its clocks by 30 minutes (02:00 +11:00 back to
        // 01:30 +10:30 on 2026-04-05).
        assert!(offset_changes_on(day(2026, 4, 5), Australia::Lord_Howe));
        // Sao Paulo skipped midnight on 2018-11-04: the day began at 01:00
        // -02:00 and kept that offset, so it is not a change day; the day
        // before ended at 23:59:59 -03:00, which it kept all day too.
        assert!(!offset_changes_on(day(2018, 11, 4), America::Sao_Paulo));
        assert!(!offset_changes_on(day(2018, 11, 3), America::Sao_Paulo));
        // Back at midnight, 2019-02-17 00:00 -02:00 to 2019-02-16 23:00
        // -03:00: the 16th holds the repeated hour.
        assert!(offset_changes_on(day(2019, 2, 16), America::Sao_Paulo));
    }

    #[test]
    fn labels_of_the_repeated_hour_differ() {
        let mut l = TimeLabels::new(Europe::London);
        // 00:00 UTC is 01:00 BST; 01:00 UTC is 01:00 GMT.
        assert_eq!(
            l.stamp(at("2026-10-25T00:00:00Z")),
            Stamp {
                wall: "2026-10-25 01:00 +01:00".into(),
                rfc3339: "2026-10-25T01:00:00+01:00".into(),
            }
        );
        assert_eq!(
            l.stamp(at("2026-10-25T01:00:00Z")),
            Stamp {
                wall: "2026-10-25 01:00 +00:00".into(),
                rfc3339: "2026-10-25T01:00:00+00:00".into(),
            }
        );
        // Midnight of the change day carries its offset; the days around
        // it do not.
        assert_eq!(
            l.wall(at("2026-10-24T23:00:00Z")),
            "2026-10-25 00:00 +01:00"
        );
        assert_eq!(l.wall(at("2026-10-24T22:30:00Z")), "2026-10-24 23:30");
        assert_eq!(l.wall(at("2026-10-26T00:00:00Z")), "2026-10-26 00:00");
        assert_eq!(l.clock(at("2026-10-25T00:15:00Z")), "01:15+01:00");
        assert_eq!(l.clock(at("2026-10-26T09:15:00Z")), "09:15");
        // Spring: 00:30 GMT is followed by 02:00 BST.
        assert_eq!(
            l.wall(at("2026-03-29T00:30:00Z")),
            "2026-03-29 00:30 +00:00"
        );
        assert_eq!(
            l.wall(at("2026-03-29T01:00:00Z")),
            "2026-03-29 02:00 +01:00"
        );
    }

    #[test]
    fn a_zero_offset_is_written_plus_zero() {
        let mut l = TimeLabels::new(Tz::UTC);
        let s = l.stamp(at("2026-10-25T01:00:00Z"));
        assert_eq!(s.rfc3339, "2026-10-25T01:00:00+00:00");
        assert_eq!(s.wall, "2026-10-25 01:00");
        let mut l = TimeLabels::new(Europe::London);
        assert_eq!(
            l.stamp(at("2026-12-01T08:30:00Z")).rfc3339,
            "2026-12-01T08:30:00+00:00"
        );
    }

    /// Every half hour of the London change days and the days around them
    /// labelled in RFC 3339 and read back by the CLI's interval reader and
    /// by the forecast library's history reader (`TimestampFormat::Either`,
    /// as `forecast` and `plan` read) gives the same instants.
    #[test]
    fn rfc3339_labels_read_back_as_the_same_instants() {
        use servops::forecast::{CsvSpec, TimestampFormat, read_csv};
        let tz = Europe::London;
        for first in ["2026-10-23T23:00:00Z", "2026-03-28T00:00:00Z"] {
            let first = at(first);
            let n = 4 * 48;
            let mut labels = TimeLabels::new(tz);
            let mut csv = String::from("start,offered\n");
            let mut previous = None;
            for i in 0..n {
                let t = first + TimeDelta::minutes(30 * i);
                let label = labels.stamp(t).rfc3339;
                let back = crate::timecol::parse_instant(&label, tz, previous).unwrap();
                assert_eq!(back, t, "{label}");
                previous = Some(back);
                csv.push_str(&format!("{label},{i}\n"));
            }
            let spec = CsvSpec::new(
                "start",
                "offered",
                std::time::Duration::from_secs(1800),
                tz,
                TimestampFormat::Either,
            );
            let data = read_csv(csv.as_bytes(), &spec).unwrap();
            assert!(data.gaps.is_empty());
            let grid = data.volume.grid();
            assert_eq!(grid.len(), n as usize);
            for i in 0..n {
                let t = first + TimeDelta::minutes(30 * i);
                assert_eq!(grid.interval_start(i as usize), Some(t));
                assert_eq!(data.volume.values()[i as usize], Some(i as f64));
            }
        }
    }
}
