//! Baselines and sample data for the servops benchmarks.
//!
//! Every criterion group in `benches/` measures a servops hot path against
//! a baseline *in the same run*, so a ratio can be read even on a noisy
//! machine. The baselines here are the textbook methods that spreadsheets
//! and the common Python packages use:
//!
//! - [`textbook_erlang_b`]: the O(N) recursion for Erlang B;
//! - [`textbook_erlang_c_agents`]: scan the agent count upwards from the
//!   load and recompute Erlang B from scratch for each candidate, O(N) per
//!   candidate (the pyworkforce / spreadsheet method);
//! - [`incremental_erlang_c_agents`]: the same scan, but the recursion runs
//!   once and the service level is checked as `N` grows, O(N) in total;
//! - [`textbook_erlang_a_agents`]: scan `N` from 1 and compute the Erlang A
//!   stationary distribution by direct summation over the birth-death chain.
//!
//! They are deliberately simple, plain `f64` kernels in seconds; the unit
//! tests in `tests/baselines.rs` check that each returns exactly the same
//! integer agent count as `servops_queue` on a grid of loads, so the
//! benchmarks compare like with like.
//!
//! [`sample_week`] reads the shipped sample week (`data/anonymous_bank_week_15min.csv`)
//! into an [`IntervalSeries`] of [`Workload`]s for the batch benchmarks.
//!
//! # Examples
//!
//! ```
//! use servops_benches::{incremental_erlang_c_agents, textbook_erlang_b, textbook_erlang_c_agents};
//!
//! // 10 erlangs on 10 trunks block 21.46 % of calls (0.2145823431073473406
//! // in 30-digit arithmetic, mpmath).
//! assert!((textbook_erlang_b(10, 10.0) - 0.214_582_343_107_347_3).abs() < 1e-15);
//! // 80 % within 20 s at 10 erlangs and a 3-minute AHT: 14 agents.
//! assert_eq!(textbook_erlang_c_agents(10.0, 180.0, 0.8, 20.0), 14);
//! assert_eq!(incremental_erlang_c_agents(10.0, 180.0, 0.8, 20.0), 14);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::fmt;
use std::time::Duration;

use chrono::NaiveDate;
use servops_core::chrono_tz::Asia::Jerusalem;
use servops_core::{IntervalGrid, IntervalSeries};
use servops_queue::Workload;

/// Erlang B by the textbook recursion, O(`n`):
///
/// # Formula
///
/// ```text
/// B(0) = 1,   B(k) = A B(k-1) / (k + A B(k-1))
/// ```
///
/// # Accuracy
///
/// The forward recursion is numerically stable: relative error of about
/// `n` ulps at worst, usually far less. It underflows to 0 where `B` is below
/// the `f64` range.
///
/// # Examples
///
/// ```
/// use servops_benches::textbook_erlang_b;
///
/// assert_eq!(textbook_erlang_b(0, 5.0), 1.0);
/// assert!((textbook_erlang_b(1, 1.0) - 0.5).abs() < 1e-15);
/// ```
///
/// # References
///
/// The recursion is in every teletraffic text, e.g. ITU-T, *Teletraffic
/// Engineering Handbook* (2005), section 4.4.
pub fn textbook_erlang_b(n: u32, load: f64) -> f64 {
    let mut b = 1.0;
    for k in 1..=n {
        let ab = load * b;
        b = ab / (f64::from(k) + ab);
    }
    b
}

/// Erlang C service level `1 - C exp(-(n - A) t / AHT)` from Erlang B,
/// for `n > A`.
fn erlang_c_service_level(n: f64, load: f64, b: f64, aht_secs: f64, threshold_secs: f64) -> f64 {
    let c = n * b / (n - load * (1.0 - b));
    1.0 - c * (-(n - load) * threshold_secs / aht_secs).exp()
}

/// The first agent count the Erlang C scans try: the smallest integer above the load.
fn first_stable(load: f64) -> u32 {
    // Saturating float-to-int cast: loads in the benchmarks are far below u32::MAX.
    (load.floor() + 1.0) as u32
}

/// The fewest agents meeting an Erlang C service-level target, the way
/// spreadsheets and pyworkforce compute it: scan `n = floor(A) + 1,
/// floor(A) + 2, ...` and, for each `n`, recompute Erlang B from scratch with
/// the O(n) recursion, then
///
/// # Formula
///
/// ```text
/// C  = n B(n, A) / (n - A (1 - B(n, A)))
/// SL = 1 - C exp(-(n - A) t / AHT)
/// ```
///
/// and return the first `n` with `SL >= target_sl`. The cost is
/// O(N x (N - A)), about `A^1.5` operations at 80/20.
///
/// A zero load needs zero agents (as in `servops_queue::agents_required`).
///
/// # Examples
///
/// ```
/// use servops_benches::textbook_erlang_c_agents;
///
/// // 80/20 at 10 erlangs, 3-minute AHT: 14 agents (13 give 79.6 %).
/// assert_eq!(textbook_erlang_c_agents(10.0, 180.0, 0.8, 20.0), 14);
/// assert_eq!(textbook_erlang_c_agents(0.0, 180.0, 0.8, 20.0), 0);
/// ```
pub fn textbook_erlang_c_agents(
    load: f64,
    aht_secs: f64,
    target_sl: f64,
    threshold_secs: f64,
) -> u32 {
    if load <= 0.0 {
        return 0;
    }
    let mut n = first_stable(load);
    loop {
        let b = textbook_erlang_b(n, load);
        if erlang_c_service_level(f64::from(n), load, b, aht_secs, threshold_secs) >= target_sl
            || n == u32::MAX
        {
            return n;
        }
        n += 1;
    }
}

/// The same answer as [`textbook_erlang_c_agents`], computed the smarter
/// textbook way: run the Erlang B recursion once, and check the service
/// level at each `n > A` as the recursion passes it. O(N) in total.
///
/// # Examples
///
/// ```
/// use servops_benches::{incremental_erlang_c_agents, textbook_erlang_c_agents};
///
/// for load in [0.3, 4.0, 57.5, 250.0] {
///     assert_eq!(
///         incremental_erlang_c_agents(load, 300.0, 0.9, 30.0),
///         textbook_erlang_c_agents(load, 300.0, 0.9, 30.0),
///     );
/// }
/// ```
pub fn incremental_erlang_c_agents(
    load: f64,
    aht_secs: f64,
    target_sl: f64,
    threshold_secs: f64,
) -> u32 {
    if load <= 0.0 {
        return 0;
    }
    let first = first_stable(load);
    let mut b = 1.0;
    let mut n: u32 = 0;
    loop {
        n += 1;
        let ab = load * b;
        b = ab / (f64::from(n) + ab);
        if n >= first
            && (erlang_c_service_level(f64::from(n), load, b, aht_secs, threshold_secs)
                >= target_sl
                || n == u32::MAX)
        {
            return n;
        }
    }
}

/// A positive number `m e^s`, for sums whose terms exceed the `f64` range.
#[derive(Clone, Copy)]
struct LogScaled {
    mantissa: f64,
    ln_scale: f64,
}

impl LogScaled {
    fn ln(self) -> f64 {
        self.mantissa.ln() + self.ln_scale
    }
}

/// Rescaling step for [`queue_sum`]: `1e200` and its logarithm.
const RESCALE: f64 = 1e200;
const LN_RESCALE: f64 = 460.517_018_598_809_1;

/// `J(a, z) = sum_{k >= 0} z^k / ((a+1)(a+2)...(a+k))` by direct summation,
/// stopping once the terms are decreasing and below `1e-16` of the sum;
/// rescaled by `1e200` whenever the sum grows past it.
fn queue_sum(a: f64, z: f64) -> LogScaled {
    let mut term = 1.0;
    let mut sum = 1.0;
    let mut ln_scale = 0.0;
    let mut k = 0.0;
    if z > 0.0 {
        loop {
            k += 1.0;
            term *= z / (a + k);
            sum += term;
            if sum > RESCALE {
                sum /= RESCALE;
                term /= RESCALE;
                ln_scale += LN_RESCALE;
            }
            if z < a + k && term < 1e-16 * sum {
                break;
            }
        }
    }
    LogScaled {
        mantissa: sum,
        ln_scale,
    }
}

/// Erlang A service level over offered contacts, `P(answered and wait <= t)`,
/// with `n` agents, by direct summation of the birth-death chain.
///
/// All sums are relative to `pi_n`, the probability that exactly `n`
/// contacts are in the system: `L = sum_{k<n} pi_k / pi_n` (the states with
/// a free agent), and the queue sums `J(a, z)` of [`queue_sum`].
fn erlang_a_service_level(
    n: u32,
    load: f64,
    aht_secs: f64,
    patience_secs: f64,
    target_secs: f64,
) -> f64 {
    // Lower states: pi_{k-1} / pi_k = k / A, summed from k = n down to 1.
    let mut ratio = 1.0;
    let mut lower = 0.0;
    for k in (1..=n).rev() {
        ratio *= f64::from(k) / load;
        lower += ratio;
    }
    let x = f64::from(n) * patience_secs / aht_secs;
    let y = load * patience_secs / aht_secs;
    let u = (-target_secs / patience_secs).exp();
    let c = x / (x + 1.0);
    // Served after waiting: x/(x+1) J(x+1, y); the part of it waiting longer
    // than t: x/(x+1) u^(x+1) e^(y (1-u)) J(x+1, y u).
    let ln_served_late = queue_sum(x + 1.0, y).ln();
    let ln_tail = (x + 1.0) * u.ln() + y * (1.0 - u) + queue_sum(x + 1.0, y * u).ln();
    // All states from n up: J(x, y) = 1 + y/(x+1) J(x+1, y).
    let ln_queue = ln_add(0.0, (y / (x + 1.0)).ln() + ln_served_late);
    let ln_lower = lower.ln();
    let top = ln_lower.max(ln_served_late).max(ln_queue);
    let answered_within =
        (ln_lower - top).exp() + c * ((ln_served_late - top).exp() - (ln_tail - top).exp());
    let all_states = (ln_lower - top).exp() + (ln_queue - top).exp();
    answered_within / all_states
}

/// `ln(e^a + e^b)`.
fn ln_add(a: f64, b: f64) -> f64 {
    let (hi, lo) = if a >= b { (a, b) } else { (b, a) };
    hi + (lo - hi).exp().ln_1p()
}

/// The fewest agents meeting an Erlang A (M/M/N+M) service-level target,
/// counting answered-within-threshold contacts over all offered contacts,
/// the way the Python packages do it: scan `n = 1, 2, ...` and, for each
/// `n`, build the stationary distribution of the birth-death chain by direct
/// summation (queue states truncated when their terms fall below `1e-16` of
/// the sum, rescaled to stay in the `f64` range).
///
/// # Formula
///
/// With `x = n patience / AHT`, `y = lambda patience`, `u = exp(-t / patience)`,
/// `J(a, z) = sum_k z^k / ((a+1)...(a+k))` and `pi_n` the probability of `n`
/// contacts in the system:
///
/// ```text
/// P(answered)                 = pi_n (sum_{k<n} pi_k/pi_n + x/(x+1) J(x+1, y))
/// P(answered and wait > t)    = pi_n x/(x+1) u^(x+1) e^(y (1-u)) J(x+1, y u)
/// SL                          = P(answered) - P(answered and wait > t)
/// ```
///
/// The cost is O(n + y) per candidate and O(A (A + y)) in all, so keep the
/// load to about a thousand erlangs: at `A = 1e4` it takes seconds.
///
/// A zero load needs zero agents (as in `servops_queue::agents_required`).
///
/// # Examples
///
/// ```
/// use servops_benches::{textbook_erlang_a_agents, textbook_erlang_c_agents};
///
/// // 80/20 at 10 erlangs with 3-minute patience: no more than Erlang C's 14.
/// let n = textbook_erlang_a_agents(10.0, 180.0, 180.0, 0.8, 20.0);
/// assert!(n > 10 && n <= textbook_erlang_c_agents(10.0, 180.0, 0.8, 20.0));
/// ```
///
/// # References
///
/// O. Garnett, A. Mandelbaum and M. Reiman (2002), "Designing a call center
/// with impatient customers", M&SOM 4(3); A. Mandelbaum and S. Zeltyn
/// (2007), "Service engineering in action: the Palm/Erlang-A queue".
pub fn textbook_erlang_a_agents(
    load: f64,
    aht_secs: f64,
    patience_secs: f64,
    target_sl: f64,
    threshold_secs: f64,
) -> u32 {
    if load <= 0.0 {
        return 0;
    }
    let mut n: u32 = 1;
    while n < u32::MAX
        && erlang_a_service_level(n, load, aht_secs, patience_secs, threshold_secs) < target_sl
    {
        n += 1;
    }
    n
}

/// Path of the shipped sample week: one week of 15-minute intervals of the
/// Anonymous Bank call centre (see `data/SOURCES.md`).
pub const SAMPLE_WEEK_CSV: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../data/anonymous_bank_week_15min.csv"
);

/// What went wrong reading the sample week.
#[derive(Debug)]
#[non_exhaustive]
pub enum SampleError {
    /// The file could not be read.
    Io(std::io::Error),
    /// The header lacks one of the columns `offered`, `served` and
    /// `handle_s_sum`, or a line has a different number of fields or a
    /// field that is not a count.
    Parse {
        /// 1-based line number.
        line: usize,
        /// What was wrong.
        reason: String,
    },
    /// The grid or series could not be built.
    Core(servops_core::Error),
    /// A workload was rejected.
    Queue(servops_queue::Error),
}

impl fmt::Display for SampleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(e) => write!(f, "cannot read the sample week: {e}"),
            Self::Parse { line, reason } => write!(f, "sample week line {line}: {reason}"),
            Self::Core(e) => write!(f, "sample week grid: {e}"),
            Self::Queue(e) => write!(f, "sample week workload: {e}"),
        }
    }
}

impl std::error::Error for SampleError {}

/// One interval of the sample week, as read from the file.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Row {
    offered: f64,
    served: f64,
    handle_s_sum: f64,
}

/// Parses the sample week, finding the columns by their header names so
/// that added columns do not break it.
fn parse_rows(text: &str) -> Result<Vec<Row>, SampleError> {
    let mut lines = text.lines().enumerate();
    let header: Vec<&str> = lines
        .next()
        .map(|(_, h)| h.split(',').map(str::trim).collect())
        .unwrap_or_default();
    let column = |name: &str| -> Result<usize, SampleError> {
        header
            .iter()
            .position(|h| *h == name)
            .ok_or_else(|| SampleError::Parse {
                line: 1,
                reason: format!("no column named {name:?}"),
            })
    };
    let (offered, served, handle_s_sum) = (
        column("offered")?,
        column("served")?,
        column("handle_s_sum")?,
    );
    let mut rows = Vec::new();
    for (index, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |reason: String| SampleError::Parse {
            line: index + 1,
            reason,
        };
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        if fields.len() != header.len() {
            return Err(bad(format!(
                "expected {} fields, found {}",
                header.len(),
                fields.len()
            )));
        }
        let number = |column: usize| -> Result<f64, SampleError> {
            let field = fields.get(column).copied().unwrap_or_default();
            field
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| {
                    bad(format!(
                        "{} is not a count: {field:?}",
                        header.get(column).copied().unwrap_or_default()
                    ))
                })
        };
        rows.push(Row {
            offered: number(offered)?,
            served: number(served)?,
            handle_s_sum: number(handle_s_sum)?,
        });
    }
    Ok(rows)
}

/// The sample week as interval workloads, with every volume multiplied by
/// `volume_scale` (1 for the real week: peaks of about 25 erlangs; 100 for
/// loads in the hundreds of erlangs).
///
/// Each interval's AHT is `handle_s_sum / served`; where nothing was served
/// the week's mean AHT (total handle seconds over total served) is used. The
/// grid is the seven local days from Sunday 1999-01-17 in Asia/Jerusalem
/// (no clock change that week): 672 intervals of 15 minutes.
///
/// # Errors
///
/// [`SampleError`] if `path` cannot be read or parsed, or does not hold 672
/// intervals.
///
/// # Examples
///
/// ```
/// use servops_benches::{sample_week, SAMPLE_WEEK_CSV};
///
/// let week = sample_week(SAMPLE_WEEK_CSV, 1.0)?;
/// assert_eq!(week.len(), 672);
/// let offered: f64 = week.values().iter().map(|w| w.contacts()).sum();
/// assert_eq!(offered, 7873.0);
/// # Ok::<(), servops_benches::SampleError>(())
/// ```
pub fn sample_week(path: &str, volume_scale: f64) -> Result<IntervalSeries<Workload>, SampleError> {
    let text = std::fs::read_to_string(path).map_err(SampleError::Io)?;
    let rows = parse_rows(&text)?;
    let served: f64 = rows.iter().map(|r| r.served).sum();
    let handled: f64 = rows.iter().map(|r| r.handle_s_sum).sum();
    let mean_aht = if served > 0.0 { handled / served } else { 0.0 };
    let first_day = NaiveDate::from_ymd_opt(1999, 1, 17).ok_or(SampleError::Parse {
        line: 0,
        reason: "bad first day".to_owned(),
    })?;
    let grid = IntervalGrid::local_days(first_day, 7, Duration::from_secs(900), Jerusalem)
        .map_err(SampleError::Core)?;
    let workloads = rows
        .iter()
        .map(|r| {
            let aht = if r.served > 0.0 {
                r.handle_s_sum / r.served
            } else {
                mean_aht
            };
            let aht = if aht > 0.0 {
                Duration::from_secs_f64(aht)
            } else {
                Duration::from_secs(1)
            };
            Workload::new(r.offered * volume_scale, aht).map_err(SampleError::Queue)
        })
        .collect::<Result<Vec<_>, _>>()?;
    IntervalSeries::new(grid, workloads).map_err(SampleError::Core)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_sum_matches_closed_forms() {
        // J(a, 0) = 1; J(0, z) = sum z^k / k! = e^z.
        assert_eq!(queue_sum(3.0, 0.0).ln(), 0.0);
        for z in [0.5, 7.0, 300.0, 5000.0] {
            let ln = queue_sum(0.0, z).ln();
            assert!((ln - z).abs() < 1e-12 * z.max(1.0), "z = {z}: {ln}");
        }
    }

    #[test]
    fn erlang_a_with_huge_patience_is_erlang_c() {
        // Patience far above every wait: Erlang A tends to Erlang C.
        let (load, aht, t) = (8.0, 120.0, 15.0);
        for n in 9..14 {
            let b = textbook_erlang_b(n, load);
            let c = erlang_c_service_level(f64::from(n), load, b, aht, t);
            let a = erlang_a_service_level(n, load, aht, 1e7, t);
            assert!((a - c).abs() < 1e-4, "n = {n}: {a} vs {c}");
        }
    }

    #[test]
    fn parse_rejects_bad_rows() {
        let header = "date,weekday,interval_start,offered,served,abandoned,handle_s_sum\n";
        let rows = parse_rows(&format!("{header}1999-01-17,Sun,00:00,3,2,1,100\n")).unwrap();
        assert_eq!(
            rows,
            [Row {
                offered: 3.0,
                served: 2.0,
                handle_s_sum: 100.0
            }]
        );
        assert!(parse_rows("date,offered,served\n1999-01-17,1,1\n").is_err());
        assert!(matches!(
            parse_rows(&format!("{header}1999-01-17,Sun,00:00,x,1,0,100\n")),
            Err(SampleError::Parse { line: 2, .. })
        ));
        assert!(parse_rows(&format!("{header}1999-01-17,Sun,00:00,1\n")).is_err());
    }
}
