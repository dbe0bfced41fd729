#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod channel;
mod compact;
mod error;
mod grid;
mod lines;
mod local;
mod series;
pub mod temme;

pub use channel::{Channel, QueueId};
pub use compact::{CompactFloat, MessageValue};
pub use error::{Error, GridDifference, Result};
pub use grid::{IntervalGrid, IntervalStarts};
pub use lines::LineTracker;
pub use local::{Disambiguation, local_to_utc, start_of_local_day};
pub use series::{IntervalSeries, SeriesIter};

/// Re-export of the time-zone database the local calendar is read from, so
/// callers use the same version of [`Tz`](chrono_tz::Tz) as this crate.
///
/// # Examples
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let tz: servops_core::chrono_tz::Tz = "Europe/London".parse()?;
/// assert_eq!(tz, servops_core::chrono_tz::Europe::London);
/// # Ok(())
/// # }
/// ```
pub use chrono_tz;

/// Re-export of the date and time library used at the public boundary
/// ([`DateTime<Utc>`](chrono::DateTime), [`NaiveDate`](chrono::NaiveDate)).
///
/// # Examples
///
/// ```
/// use servops_core::chrono::{NaiveDate, Weekday, Datelike};
///
/// let day = NaiveDate::from_ymd_opt(2026, 10, 25).ok_or("bad date")?;
/// assert_eq!(day.weekday(), Weekday::Sun);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub use chrono;
