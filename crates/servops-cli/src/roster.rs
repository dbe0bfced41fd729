//! The `--roster` file of `schedule` and `plan`: one row per shift, its
//! times written as every other CSV output writes an instant (RFC 3339
//! with the local offset of `--tz`, see [`crate::timelabel`]), its cost
//! with two decimals as every other cost of the command.

use std::io::Write;
use std::path::Path;

use servops::core::chrono_tz::Tz;
use servops::schedule::{RosterCsv, Schedule};

use crate::error::CliError;

/// Writes the roster of `schedule` to `path`, one row per shift:
/// `shift,template,start,end,paid_hours,cost,breaks`, instants in RFC 3339
/// with the offset of `tz` then (`2026-10-25T01:00:00+01:00`), the cost
/// with exactly two decimals, ties to even (`120.00`; the library's
/// default writes `120`), breaks as `start/end/paid|unpaid` joined by `;`
/// ([`Schedule::write_roster`]).
pub fn write_roster(path: &Path, schedule: &Schedule, tz: Tz) -> Result<(), CliError> {
    let io = |source: std::io::Error| CliError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::create(path).map_err(io)?;
    let mut out = std::io::BufWriter::new(file);
    schedule
        .write_roster(&mut out, RosterCsv::new().in_zone(tz).cost_decimals(2))
        .map_err(|e| match e {
            servops::schedule::Error::Write { reason } => io(std::io::Error::other(reason)),
            other => CliError::Library(other.into()),
        })?;
    out.flush().map_err(io)
}
