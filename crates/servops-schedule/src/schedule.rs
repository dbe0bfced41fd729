//! The solved schedule: shifts with their breaks, coverage, under/over,
//! paid hours and cost, and the roster CSV writer.

use std::io::Write;

use chrono::{DateTime, TimeDelta, Utc};
use rust_decimal::{Decimal, RoundingStrategy};
use servops_core::IntervalSeries;

use crate::error::{Error, Result};
use crate::heuristic::Engine;
use crate::money::{CostParts, CostSum};
use crate::problem::ScheduleProblem;
use crate::template::{Pay, ShiftTemplate};

/// One break of a scheduled shift.
///
/// # Examples
///
/// ```
/// # use servops_schedule::examples_support::one_shift_schedule;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let schedule = one_shift_schedule()?;
/// let b = &schedule.shifts[0].breaks[0];
/// assert_eq!((b.end - b.start).num_minutes(), 30);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ScheduledBreak {
    /// Start of the break.
    pub start: DateTime<Utc>,
    /// End of the break.
    pub end: DateTime<Utc>,
    /// Whether it is paid.
    pub pay: Pay,
}

/// One shift of a schedule: its template, start and end, and breaks.
///
/// On a cyclic horizon a shift that runs past the end of the grid wraps to
/// its start; `start` and `end` are still the plain instants (so `end` may
/// lie after the grid's end).
///
/// `cost` is rounded to 28 places when it is no decimal (20 an hour for
/// 490 minutes: 163.33333333333333333333333333), so the shift also keeps,
/// privately, what it was computed from (the rate times the paid minutes,
/// and the fixed cost): [`Schedule::cost`] and [`Tours::cost`](crate::Tours::cost)
/// sum those exactly and round once (three such shifts: 490). A shift
/// whose `cost` is edited to another value counts at that value. Its
/// serde form carries them as an optional `cost_parts` object
/// (`rate_x_paid_minutes`, `fixed_cost`, decimals as strings); a form
/// without it reads, and counts at its `cost`.
///
/// # Examples
///
/// ```
/// # use servops_schedule::examples_support::one_shift_schedule;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let schedule = one_shift_schedule()?;
/// let shift = &schedule.shifts[0];
/// assert_eq!(shift.template, "four");
/// assert_eq!((shift.end - shift.start).num_hours(), 4);
/// assert_eq!(shift.paid_hours, 4.0);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ScheduledShift {
    /// Name of the template.
    pub template: String,
    /// Index of the grid interval the shift starts in.
    pub start_index: usize,
    /// Start of the shift.
    pub start: DateTime<Utc>,
    /// End of the shift (start plus span).
    pub end: DateTime<Utc>,
    /// Paid hours.
    pub paid_hours: f64,
    /// Cost of the shift, as
    /// [`ShiftTemplate::shift_cost`](crate::ShiftTemplate::shift_cost) gives
    /// it (rounded to 28 places when it is no decimal).
    pub cost: Decimal,
    /// The breaks, in time order.
    pub breaks: Vec<ScheduledBreak>,
    /// What `cost` was computed from (rate x paid minutes, fixed cost), so
    /// that totals are summed exactly rather than from rounded costs;
    /// ignored once `cost` is edited to another value.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    cost_parts: Option<CostParts>,
}

impl ScheduledShift {
    /// A shift of `template` with the cost the template gives.
    pub(crate) fn of_template(
        template: &ShiftTemplate,
        start_index: usize,
        start: DateTime<Utc>,
        paid_hours: f64,
        breaks: Vec<ScheduledBreak>,
    ) -> Self {
        Self {
            template: template.name().to_owned(),
            start_index,
            start,
            end: start + TimeDelta::minutes(i64::from(template.span_min())),
            paid_hours,
            cost: template.shift_cost(),
            breaks,
            cost_parts: template.cost_parts(),
        }
    }

    /// What `cost` was computed from, when known.
    pub(crate) fn cost_parts(&self) -> Option<CostParts> {
        self.cost_parts
    }
}

/// A schedule: the shifts, and what they give per interval.
///
/// # Examples
///
/// ```
/// # use servops_schedule::examples_support::one_shift_schedule;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let schedule = one_shift_schedule()?;
/// // Four hourly intervals, one agent who is away for half of one of them.
/// assert_eq!(schedule.coverage.values().iter().sum::<f64>(), 3.5);
/// assert_eq!(schedule.template_counts, vec![("four".to_string(), 1)]);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Schedule {
    /// The shifts, sorted by start then template.
    pub shifts: Vec<ScheduledShift>,
    /// Agents on the phones per interval (fractional where a break covers
    /// part of an interval).
    pub coverage: IntervalSeries<f64>,
    /// `max(0, requirement - coverage)` per interval (0 below `1e-9`).
    pub under: IntervalSeries<f64>,
    /// `max(0, coverage - requirement)` per interval (0 below `1e-9`).
    pub over: IntervalSeries<f64>,
    /// Total paid hours.
    pub paid_hours: f64,
    /// Total cost: the exact sum of the shifts' costs (from their rates,
    /// paid minutes and fixed costs, not from their rounded `cost`s),
    /// rounded once when it is no decimal of at most 28 places.
    pub cost: Decimal,
    /// Number of shifts per template, in the problem's template order.
    pub template_counts: Vec<(String, usize)>,
}

/// Tolerance below which under/over are reported as zero.
const ZERO: f64 = 1e-9;

impl Schedule {
    /// The engine's shifts as a schedule.
    ///
    /// # Errors
    ///
    /// [`Error::CostOverflow`] when the shifts' costs add up to more than
    /// `Decimal::MAX`.
    pub(crate) fn from_engine(p: &ScheduleProblem, engine: &Engine<'_>) -> Result<Self> {
        let grid = *p.requirement.grid();
        let mut shifts = Vec::with_capacity(engine.shifts.len());
        let mut counts = vec![0usize; p.templates.len()];
        let mut cost = CostSum::default();
        let mut paid = 0.0;
        for inst in &engine.shifts {
            let Some(c) = p.candidates.get(inst.cand) else {
                continue;
            };
            let Some(t) = p.templates.get(c.template) else {
                continue;
            };
            if let Some(k) = counts.get_mut(c.template) {
                *k += 1;
            }
            let start = grid.interval_start(c.start).unwrap_or_else(|| grid.start());
            let at = |m: u32| start + TimeDelta::minutes(i64::from(m));
            let breaks = t
                .breaks()
                .iter()
                .zip(&c.breaks)
                .zip(&inst.placement)
                .filter_map(|((rule, opts), &pi)| {
                    let pl = opts.get(pi)?;
                    Some(ScheduledBreak {
                        start: at(pl.offset_min),
                        end: at(pl.offset_min + rule.length_min()),
                        pay: rule.pay(),
                    })
                })
                .collect();
            let shift = ScheduledShift::of_template(t, c.start, start, c.paid_hours, breaks);
            cost.add_shift(&shift).ok_or(Error::CostOverflow {
                what: "schedule",
                shifts: engine.shifts.len(),
            })?;
            paid += c.paid_hours;
            shifts.push(shift);
        }
        shifts.sort_by(|a, b| {
            a.start
                .cmp(&b.start)
                .then_with(|| a.template.cmp(&b.template))
                .then_with(|| {
                    a.breaks
                        .iter()
                        .map(|x| x.start)
                        .cmp(b.breaks.iter().map(|x| x.start))
                })
        });
        let req = p.requirement.values();
        let clean = |v: f64| if v.abs() < ZERO { 0.0 } else { v };
        let coverage: Vec<f64> = engine
            .cov
            .iter()
            .map(|&v| clean((v * 1e9).round() / 1e9))
            .collect();
        let under = coverage
            .iter()
            .zip(req)
            .map(|(&c, &r)| clean((r - c).max(0.0)))
            .collect();
        let over = coverage
            .iter()
            .zip(req)
            .map(|(&c, &r)| clean((c - r).max(0.0)))
            .collect();
        let series =
            |v: Vec<f64>| IntervalSeries::from_fn(grid, |i, _| v.get(i).copied().unwrap_or(0.0));
        Ok(Self {
            shifts,
            coverage: series(coverage),
            under: series(under),
            over: series(over),
            paid_hours: paid,
            cost: cost.total().ok_or(Error::CostOverflow {
                what: "schedule",
                shifts: engine.shifts.len(),
            })?,
            template_counts: p
                .templates
                .iter()
                .zip(counts)
                .map(|(t, k)| (t.name().to_owned(), k))
                .collect(),
        })
    }

    /// Total agent-hours under the requirement.
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops_schedule::examples_support::one_shift_schedule;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(one_shift_schedule()?.under_hours(), 0.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn under_hours(&self) -> f64 {
        self.under.values().iter().sum::<f64>() * self.under.grid().step_hours()
    }

    /// Total agent-hours over the requirement.
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops_schedule::examples_support::one_shift_schedule;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(one_shift_schedule()?.over_hours(), 0.5);
    /// # Ok(())
    /// # }
    /// ```
    pub fn over_hours(&self) -> f64 {
        self.over.values().iter().sum::<f64>() * self.over.grid().step_hours()
    }

    /// Writes the roster as CSV, one row per shift:
    /// `shift,template,start,end,paid_hours,cost,breaks`, instants in RFC 3339
    /// UTC, breaks as `start/end/paid|unpaid` joined by `;`.
    ///
    /// # Errors
    ///
    /// [`Error::Write`] if the writer fails.
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops_schedule::examples_support::one_shift_schedule;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let mut out = Vec::new();
    /// one_shift_schedule()?.write_roster_csv(&mut out)?;
    /// let text = String::from_utf8(out)?;
    /// assert_eq!(
    ///     text.lines().nth(1),
    ///     Some("1,four,2026-03-02T08:00:00Z,2026-03-02T12:00:00Z,4,80,2026-03-02T09:00:00Z/2026-03-02T09:30:00Z/paid"),
    /// );
    /// # Ok(())
    /// # }
    /// ```
    pub fn write_roster_csv<W: Write>(&self, writer: W) -> Result<()> {
        self.write_roster(writer, RosterCsv::new())
    }

    /// Writes the roster as CSV like [`write_roster_csv`](Self::write_roster_csv),
    /// with every instant in RFC 3339 at the local offset of `tz` then
    /// (`2026-10-25T01:00:00+01:00`, then `2026-10-25T01:00:00+00:00` an
    /// hour later in London), so a reader sees the local clock and the
    /// instant stays unambiguous on the day the clocks go back.
    ///
    /// # Errors
    ///
    /// [`Error::Write`] if the writer fails.
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops_schedule::examples_support::one_shift_schedule;
    /// use servops_core::chrono_tz::Europe::London;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let mut out = Vec::new();
    /// one_shift_schedule()?.write_roster_csv_in(&mut out, London)?;
    /// let text = String::from_utf8(out)?;
    /// // 2026-03-02 is in winter: London is on UTC (+00:00).
    /// assert_eq!(
    ///     text.lines().nth(1),
    ///     Some("1,four,2026-03-02T08:00:00+00:00,2026-03-02T12:00:00+00:00,4,80,2026-03-02T09:00:00+00:00/2026-03-02T09:30:00+00:00/paid"),
    /// );
    /// # Ok(())
    /// # }
    /// ```
    pub fn write_roster_csv_in<W: Write>(
        &self,
        writer: W,
        tz: servops_core::chrono_tz::Tz,
    ) -> Result<()> {
        self.write_roster(writer, RosterCsv::new().in_zone(tz))
    }

    /// Writes the roster as CSV in the form `format` describes: the
    /// columns of [`write_roster_csv`](Self::write_roster_csv), instants in
    /// UTC or at the local offset of a zone, costs exact or at a fixed
    /// number of decimals.
    ///
    /// # Errors
    ///
    /// [`Error::Write`] if the writer fails.
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops_schedule::examples_support::one_shift_schedule;
    /// use servops_core::chrono_tz::Europe::London;
    /// use servops_schedule::RosterCsv;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let mut out = Vec::new();
    /// let format = RosterCsv::new().in_zone(London).cost_decimals(2);
    /// one_shift_schedule()?.write_roster(&mut out, format)?;
    /// let text = String::from_utf8(out)?;
    /// assert_eq!(
    ///     text.lines().nth(1),
    ///     Some("1,four,2026-03-02T08:00:00+00:00,2026-03-02T12:00:00+00:00,4,80.00,2026-03-02T09:00:00+00:00/2026-03-02T09:30:00+00:00/paid"),
    /// );
    /// # Ok(())
    /// # }
    /// ```
    pub fn write_roster<W: Write>(&self, writer: W, format: RosterCsv) -> Result<()> {
        let cost = |c: Decimal| match format.cost_decimals {
            Some(places) => {
                let mut r = c.round_dp_with_strategy(places, RoundingStrategy::MidpointNearestEven);
                // Pads to exactly `places` decimals; a value too large for
                // that scale keeps the decimals it has.
                r.rescale(places);
                r.to_string()
            }
            None => c.normalize().to_string(),
        };
        match format.zone {
            Some(tz) => self.write_roster_with(
                writer,
                |t| {
                    t.with_timezone(&tz)
                        .format("%Y-%m-%dT%H:%M:%S%:z")
                        .to_string()
                },
                cost,
            ),
            None => {
                self.write_roster_with(writer, |t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string(), cost)
            }
        }
    }

    /// The roster CSV with each instant written by `fmt` and each cost by
    /// `cost`.
    fn write_roster_with<W: Write>(
        &self,
        writer: W,
        fmt: impl Fn(&DateTime<Utc>) -> String,
        cost: impl Fn(Decimal) -> String,
    ) -> Result<()> {
        let err = |e: csv::Error| Error::Write {
            reason: e.to_string(),
        };
        let mut w = csv::Writer::from_writer(writer);
        w.write_record([
            "shift",
            "template",
            "start",
            "end",
            "paid_hours",
            "cost",
            "breaks",
        ])
        .map_err(err)?;
        for (i, s) in self.shifts.iter().enumerate() {
            let breaks: Vec<String> = s
                .breaks
                .iter()
                .map(|b| {
                    format!(
                        "{}/{}/{}",
                        fmt(&b.start),
                        fmt(&b.end),
                        if b.pay == Pay::Paid { "paid" } else { "unpaid" }
                    )
                })
                .collect();
            w.write_record([
                (i + 1).to_string(),
                s.template.clone(),
                fmt(&s.start),
                fmt(&s.end),
                s.paid_hours.to_string(),
                cost(s.cost),
                breaks.join(";"),
            ])
            .map_err(err)?;
        }
        w.flush().map_err(|e| Error::Write {
            reason: e.to_string(),
        })
    }
}

/// How [`Schedule::write_roster`] writes a roster CSV: instants in UTC
/// (`2026-03-02T08:00:00Z`, the default) or at the local offset of a zone
/// (`2026-03-02T08:00:00+00:00`), and costs exact with trailing zeros
/// dropped (`80`, the default, since the roster does not know the
/// currency) or at a fixed number of decimals (`80.00`).
///
/// # Examples
///
/// ```
/// use servops_core::chrono_tz::Europe::Paris;
/// use servops_schedule::RosterCsv;
///
/// let f = RosterCsv::new().in_zone(Paris).cost_decimals(2);
/// assert_eq!(f.zone(), Some(Paris));
/// assert_eq!(f.decimals(), Some(2));
/// assert_eq!(RosterCsv::new(), RosterCsv::default());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RosterCsv {
    zone: Option<servops_core::chrono_tz::Tz>,
    cost_decimals: Option<u32>,
}

impl RosterCsv {
    /// Instants in UTC, costs exact.
    ///
    /// # Examples
    ///
    /// ```
    /// let f = servops_schedule::RosterCsv::new();
    /// assert_eq!((f.zone(), f.decimals()), (None, None));
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Instants in RFC 3339 at the local offset of `tz` then, so a reader
    /// sees the local clock and the instant stays unambiguous on the day
    /// the clocks go back.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_core::chrono_tz::America::New_York;
    /// let f = servops_schedule::RosterCsv::new().in_zone(New_York);
    /// assert_eq!(f.zone(), Some(New_York));
    /// ```
    #[must_use]
    pub fn in_zone(mut self, tz: servops_core::chrono_tz::Tz) -> Self {
        self.zone = Some(tz);
        self
    }

    /// Costs rounded half to even to `places` decimals and written with
    /// exactly that many (`180.015` at 2 is `180.02`, `120` is `120.00`);
    /// `places` above 28, `Decimal`'s most, is taken as 28. Use the
    /// currency's minor unit (2 for most, 0 for JPY).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(servops_schedule::RosterCsv::new().cost_decimals(2).decimals(), Some(2));
    /// assert_eq!(servops_schedule::RosterCsv::new().cost_decimals(40).decimals(), Some(28));
    /// ```
    #[must_use]
    pub fn cost_decimals(mut self, places: u32) -> Self {
        self.cost_decimals = Some(places.min(28));
        self
    }

    /// The zone instants are written in, or `None` for UTC.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(servops_schedule::RosterCsv::new().zone(), None);
    /// ```
    pub fn zone(&self) -> Option<servops_core::chrono_tz::Tz> {
        self.zone
    }

    /// The decimals costs are written with, or `None` for exact costs.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(servops_schedule::RosterCsv::new().decimals(), None);
    /// ```
    pub fn decimals(&self) -> Option<u32> {
        self.cost_decimals
    }
}
