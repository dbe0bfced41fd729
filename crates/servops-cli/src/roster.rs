//! The `--roster` file of `schedule` and `plan`: one row per shift, its
//! times written as every other CSV output writes an instant (RFC 3339
//! with the local offset of `--tz`, see [`crate::timelabel`]).

use std::path::Path;

use servops::core::chrono_tz::Tz;
use servops::schedule::{Pay, Schedule};

use crate::error::CliError;
use crate::timelabel::TimeLabels;

/// Writes the roster of `schedule` to `path`, one row per shift:
/// `shift,template,start,end,paid_hours,cost,breaks`, instants in RFC 3339
/// with the offset of `tz` then (`2026-10-25T01:00:00+01:00`), breaks as
/// `start/end/paid|unpaid` joined by `;`.
pub fn write_roster(path: &Path, schedule: &Schedule, tz: Tz) -> Result<(), CliError> {
    let io = |source: std::io::Error| CliError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::create(path).map_err(io)?;
    let mut w = csv::Writer::from_writer(file);
    let mut labels = TimeLabels::new(tz);
    w.write_record([
        "shift",
        "template",
        "start",
        "end",
        "paid_hours",
        "cost",
        "breaks",
    ])
    .map_err(|e| io(e.into()))?;
    for (i, s) in schedule.shifts.iter().enumerate() {
        let breaks: Vec<String> = s
            .breaks
            .iter()
            .map(|b| {
                format!(
                    "{}/{}/{}",
                    labels.stamp(b.start).rfc3339,
                    labels.stamp(b.end).rfc3339,
                    if b.pay == Pay::Paid { "paid" } else { "unpaid" }
                )
            })
            .collect();
        w.write_record([
            (i + 1).to_string(),
            s.template.clone(),
            labels.stamp(s.start).rfc3339,
            labels.stamp(s.end).rfc3339,
            s.paid_hours.to_string(),
            s.cost.normalize().to_string(),
            breaks.join(";"),
        ])
        .map_err(|e| io(e.into()))?;
    }
    w.flush().map_err(io)
}
