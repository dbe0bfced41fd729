//! The `--roster` file of `schedule` and `plan`: one row per shift, its
//! times written as every other CSV output writes an instant (RFC 3339
//! with the local offset of `--tz`, see [`crate::timelabel`]), its cost
//! with two decimals as every other cost of the command.

use std::io::Write;
use std::path::Path;

use servops::core::chrono::{DateTime, Utc};
use servops::core::chrono_tz::Tz;
use servops::schedule::{Pay, Schedule};

use crate::error::CliError;

/// Writes the roster of `schedule` to `path`, one row per shift:
/// `shift,template,start,end,paid_hours,cost,breaks`, instants in RFC 3339
/// with the offset of `tz` then (`2026-10-25T01:00:00+01:00`), the cost
/// with exactly two decimals, ties to even (`120.00`; the library's own
/// [`Schedule::write_roster_csv_in`] writes `120`), breaks as
/// `start/end/paid|unpaid` joined by `;`.
pub fn write_roster(path: &Path, schedule: &Schedule, tz: Tz) -> Result<(), CliError> {
    let io = |source: std::io::Error| CliError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::create(path).map_err(io)?;
    let mut out = std::io::BufWriter::new(file);
    write_rows(&mut out, schedule, tz).map_err(io)?;
    out.flush().map_err(io)
}

/// The roster CSV of [`write_roster`] written to `out`.
fn write_rows(out: &mut dyn Write, schedule: &Schedule, tz: Tz) -> std::io::Result<()> {
    let time = |t: &DateTime<Utc>| {
        t.with_timezone(&tz)
            .format("%Y-%m-%dT%H:%M:%S%:z")
            .to_string()
    };
    let mut w = csv::Writer::from_writer(out);
    let csv_err = |e: csv::Error| std::io::Error::other(e.to_string());
    w.write_record([
        "shift",
        "template",
        "start",
        "end",
        "paid_hours",
        "cost",
        "breaks",
    ])
    .map_err(csv_err)?;
    for (i, s) in schedule.shifts.iter().enumerate() {
        let breaks: Vec<String> = s
            .breaks
            .iter()
            .map(|b| {
                format!(
                    "{}/{}/{}",
                    time(&b.start),
                    time(&b.end),
                    if b.pay == Pay::Paid { "paid" } else { "unpaid" }
                )
            })
            .collect();
        w.write_record([
            (i + 1).to_string(),
            s.template.clone(),
            time(&s.start),
            time(&s.end),
            crate::output::number_text(s.paid_hours),
            crate::cost::amount_2dp(s.cost).text(),
            breaks.join(";"),
        ])
        .map_err(csv_err)?;
    }
    w.flush()
}
