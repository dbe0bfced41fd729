//! The `--roster` file of `schedule` and `plan`: one row per shift, its
//! times written as every other CSV output writes an instant (RFC 3339
//! with the local offset of `--tz`, see [`crate::timelabel`]).

use std::path::Path;

use servops::core::chrono_tz::Tz;
use servops::schedule::Schedule;

use crate::error::CliError;

/// Writes the roster of `schedule` to `path`, one row per shift:
/// `shift,template,start,end,paid_hours,cost,breaks`, instants in RFC 3339
/// with the offset of `tz` then (`2026-10-25T01:00:00+01:00`), breaks as
/// `start/end/paid|unpaid` joined by `;`
/// ([`Schedule::write_roster_csv_in`]).
pub fn write_roster(path: &Path, schedule: &Schedule, tz: Tz) -> Result<(), CliError> {
    let io = |source: std::io::Error| CliError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::create(path).map_err(io)?;
    schedule
        .write_roster_csv_in(std::io::BufWriter::new(file), tz)
        .map_err(|e| match e {
            servops::schedule::Error::Write { reason } => io(std::io::Error::other(reason)),
            other => CliError::Library(other.into()),
        })
}
