#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod tolerance;

mod table;

use std::fmt;

pub use table::DataError;
use table::{Row, parse_table};

/// The raw `data/erlang_b.csv` file (columns `agents,load,blocking,blocking_log10`).
pub const ERLANG_B_CSV: &str = include_str!("../data/erlang_b.csv");
/// The raw `data/erlang_c.csv` file (one row per agents, load, AHT, threshold, percentile).
pub const ERLANG_C_CSV: &str = include_str!("../data/erlang_c.csv");
/// The raw `data/erlang_a.csv` file (one row per agents, load, AHT, patience, threshold).
pub const ERLANG_A_CSV: &str = include_str!("../data/erlang_a.csv");
/// The raw `data/published_examples.csv` file.
pub const PUBLISHED_EXAMPLES_CSV: &str = include_str!("../data/published_examples.csv");
/// `data/PROVENANCE.md`: how every file was computed and checked.
pub const PROVENANCE: &str = include_str!("../data/PROVENANCE.md");

/// One Erlang B reference value, a row of `data/erlang_b.csv`.
///
/// `blocking` is `B(n, A)` with the continuous extension in `n`
/// (`1/B = A ∫₀^∞ e^{-At} (1+t)^n dt`), rounded from a 25-digit decimal to the
/// nearest `f64`.  Values below the double range (huge `n`, small `A`) parse
/// to `0.0` or a subnormal; `blocking_log10` keeps their magnitude.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct ErlangBCase {
    /// Number of servers `n` (real, `n >= 0`; non-integer rows test the continuous extension).
    pub agents: f64,
    /// Offered load `A` in erlangs (`A > 0`).
    pub load: f64,
    /// Blocking probability `B(n, A)`.
    pub blocking: f64,
    /// `log10 B(n, A)`, finite even where `blocking` underflows.
    pub blocking_log10: f64,
    /// Line of the row in the CSV file (the header is line 1).
    pub line: u64,
}

impl fmt::Display for ErlangBCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "erlang_b.csv line {}: agents={:?} load={:?}",
            self.line, self.agents, self.load
        )
    }
}

/// One Erlang C reference row, a row of `data/erlang_c.csv`.
///
/// All metrics belong to the M/M/n queue with `A < n` (`n` real), with
/// `C = n B / (n - A (1 - B))` and `B` the Erlang B value above.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct ErlangCCase {
    /// Number of agents `n` (real, `n > A`).
    pub agents: f64,
    /// Offered load `A` in erlangs.
    pub load: f64,
    /// Mean handle time in seconds.
    pub aht_secs: f64,
    /// Answer-time threshold `t` in seconds, for `service_level`.
    pub threshold_secs: f64,
    /// Probability `p` for `answer_time_percentile_secs`.
    pub percentile: f64,
    /// Probability of waiting `C(n, A)`.
    pub prob_wait: f64,
    /// `log10 C(n, A)`, finite even where `prob_wait` underflows.
    pub prob_wait_log10: f64,
    /// `P(W <= t) = 1 - C exp(-(n - A) t / AHT)`.
    pub service_level: f64,
    /// Average speed of answer over all contacts, `C AHT / (n - A)`, seconds.
    pub asa_secs: f64,
    /// Mean number waiting, `C A / (n - A)`.
    pub mean_queue_length: f64,
    /// Mean wait of the contacts that wait, `AHT / (n - A)`, seconds.
    pub mean_wait_delayed_secs: f64,
    /// Agent occupancy `A / n`.
    pub occupancy: f64,
    /// Answer time met with probability `percentile`: `0` if `p <= 1 - C`, else
    /// `AHT / (n - A) ln(C / (1 - p))`, seconds.
    pub answer_time_percentile_secs: f64,
    /// Line of the row in the CSV file (the header is line 1).
    pub line: u64,
}

impl fmt::Display for ErlangCCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "erlang_c.csv line {}: agents={:?} load={:?} aht={:?}s t={:?}s p={:?}",
            self.line, self.agents, self.load, self.aht_secs, self.threshold_secs, self.percentile
        )
    }
}

/// One Erlang A (M/M/n+M) reference row, a row of `data/erlang_a.csv`.
///
/// Exponential patience with mean `patience_secs`; FIFO; `W` is the wait of
/// an arriving contact until service or abandonment, `V` the wait it would
/// have until service if infinitely patient, `tau` its patience.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct ErlangACase {
    /// Number of agents `n >= 1`.
    pub agents: u32,
    /// Offered load `A` in erlangs (may exceed `n`).
    pub load: f64,
    /// Mean handle time in seconds.
    pub aht_secs: f64,
    /// Mean patience in seconds.
    pub patience_secs: f64,
    /// Answer-time threshold `t` in seconds, for the three service levels.
    pub threshold_secs: f64,
    /// `P(arrival finds all n agents busy)`.
    pub prob_wait: f64,
    /// Fraction of offered contacts that abandon, `theta E[Q] / lambda`.
    pub prob_abandon: f64,
    /// `prob_abandon / prob_wait`.
    pub prob_abandon_given_wait: f64,
    /// Mean number waiting `E[Q]`.
    pub mean_queue_length: f64,
    /// Mean time in queue over all offered contacts, `E[min(V, tau)] = E[Q] / lambda`, seconds.
    pub mean_wait_all_secs: f64,
    /// Mean number of busy agents divided by `n`.
    pub occupancy: f64,
    /// Mean wait of answered contacts (zero waits included), seconds.
    pub asa_answered_secs: f64,
    /// `P(served and W <= t)` over all offered contacts.
    pub sl_offered: f64,
    /// `P(served and W <= t) / P(served)`.
    pub sl_answered: f64,
    /// `P(min(V, tau) <= t)`: answered within `t`, or abandoned within `t`.
    pub sl_abandons_met: f64,
    /// Line of the row in the CSV file (the header is line 1).
    pub line: u64,
}

impl fmt::Display for ErlangACase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "erlang_a.csv line {}: agents={} load={:?} aht={:?}s patience={:?}s t={:?}s",
            self.line,
            self.agents,
            self.load,
            self.aht_secs,
            self.patience_secs,
            self.threshold_secs
        )
    }
}

/// The model a published example belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Model {
    /// Erlang B (M/M/n/n).
    ErlangB,
    /// Erlang C (M/M/n).
    ErlangC,
    /// Erlang A (M/M/n+M).
    ErlangA,
}

/// The quantity a published example states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Quantity {
    /// Erlang B blocking probability `B(n, A)`.
    Blocking,
    /// Largest offered load `A` with `B(n, A) <= target`.
    LoadForBlocking,
    /// Smallest integer `n` with `B(n, A) <= target`.
    AgentsForBlocking,
    /// Probability of waiting.
    ProbWait,
    /// Average speed of answer, seconds.
    AsaSecs,
    /// `P(W <= threshold)`.
    ServiceLevel,
}

/// A worked example printed in a book, manual or web page, with the
/// tolerance its printed precision implies.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PublishedExample {
    /// Stable identifier of the example.
    pub id: String,
    /// Model the example uses.
    pub model: Model,
    /// Quantity the source states.
    pub quantity: Quantity,
    /// Number of agents or lines, when it is an input.
    pub agents: Option<f64>,
    /// Offered load in erlangs, when it is an input.
    pub load: Option<f64>,
    /// Mean handle time in seconds, when the quantity depends on it.
    pub aht_secs: Option<f64>,
    /// Mean patience in seconds (Erlang A only).
    pub patience_secs: Option<f64>,
    /// Answer-time threshold in seconds, for service levels.
    pub threshold_secs: Option<f64>,
    /// Target of an inverse question (a blocking probability, a service level).
    pub target: Option<f64>,
    /// The value as printed, parsed to `f64`.
    pub published_value: f64,
    /// The value exactly as printed.
    pub published_text: String,
    /// Half a unit in the last printed place: a correct implementation is
    /// within this of `published_value`.
    pub tolerance: f64,
    /// The same quantity recomputed by the reference generator (25 digits).
    pub reference_value: f64,
    /// Whether the generator found `|reference_value - published_value| <= tolerance`.
    pub agrees: bool,
    /// Title of the source.
    pub source: String,
    /// Where the source can be read.
    pub url: String,
    /// How the printed inputs were turned into the inputs above.
    pub note: String,
    /// Line of the row in the CSV file (the header is line 1).
    pub line: u64,
}

impl fmt::Display for PublishedExample {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "published example {} ({}): {:?} printed as {}",
            self.id, self.source, self.quantity, self.published_text
        )
    }
}

/// All Erlang B reference cases (about 460 rows).
///
/// # Errors
///
/// Returns a [`DataError`] if the embedded CSV is malformed; the crate's own
/// tests guarantee that it is not.
///
/// # Examples
///
/// ```
/// let cases = servops_testdata::erlang_b_cases()?;
/// assert!(cases.iter().any(|c| c.agents == 10.0 && c.load == 10.0));
/// # Ok::<(), servops_testdata::DataError>(())
/// ```
pub fn erlang_b_cases() -> Result<Vec<ErlangBCase>, DataError> {
    parse_table(
        "erlang_b.csv",
        ERLANG_B_CSV,
        &["agents", "load", "blocking", "blocking_log10"],
        |r: &Row<'_>| {
            Ok(ErlangBCase {
                agents: r.f64("agents")?,
                load: r.f64("load")?,
                blocking: r.f64("blocking")?,
                blocking_log10: r.f64("blocking_log10")?,
                line: r.line(),
            })
        },
    )
}

/// All Erlang C reference cases (about 500 rows).
///
/// # Errors
///
/// Returns a [`DataError`] if the embedded CSV is malformed; the crate's own
/// tests guarantee that it is not.
///
/// # Examples
///
/// ```
/// let cases = servops_testdata::erlang_c_cases()?;
/// assert!(cases.iter().all(|c| c.load < c.agents));
/// # Ok::<(), servops_testdata::DataError>(())
/// ```
pub fn erlang_c_cases() -> Result<Vec<ErlangCCase>, DataError> {
    parse_table(
        "erlang_c.csv",
        ERLANG_C_CSV,
        &[
            "agents",
            "load",
            "aht_secs",
            "threshold_secs",
            "percentile",
            "prob_wait",
            "prob_wait_log10",
            "service_level",
            "asa_secs",
            "mean_queue_length",
            "mean_wait_delayed_secs",
            "occupancy",
            "answer_time_percentile_secs",
        ],
        |r: &Row<'_>| {
            Ok(ErlangCCase {
                agents: r.f64("agents")?,
                load: r.f64("load")?,
                aht_secs: r.f64("aht_secs")?,
                threshold_secs: r.f64("threshold_secs")?,
                percentile: r.f64("percentile")?,
                prob_wait: r.f64("prob_wait")?,
                prob_wait_log10: r.f64("prob_wait_log10")?,
                service_level: r.f64("service_level")?,
                asa_secs: r.f64("asa_secs")?,
                mean_queue_length: r.f64("mean_queue_length")?,
                mean_wait_delayed_secs: r.f64("mean_wait_delayed_secs")?,
                occupancy: r.f64("occupancy")?,
                answer_time_percentile_secs: r.f64("answer_time_percentile_secs")?,
                line: r.line(),
            })
        },
    )
}

/// All Erlang A reference cases (about 260 rows: each configuration at
/// thresholds 0, 20 and 60 seconds).
///
/// # Errors
///
/// Returns a [`DataError`] if the embedded CSV is malformed; the crate's own
/// tests guarantee that it is not.
///
/// # Examples
///
/// ```
/// let cases = servops_testdata::erlang_a_cases()?;
/// // abandonment keeps the queue stable even when the load exceeds the agents
/// assert!(cases.iter().any(|c| c.load > f64::from(c.agents)));
/// # Ok::<(), servops_testdata::DataError>(())
/// ```
pub fn erlang_a_cases() -> Result<Vec<ErlangACase>, DataError> {
    parse_table(
        "erlang_a.csv",
        ERLANG_A_CSV,
        &[
            "agents",
            "load",
            "aht_secs",
            "patience_secs",
            "threshold_secs",
            "prob_wait",
            "prob_abandon",
            "prob_abandon_given_wait",
            "mean_queue_length",
            "mean_wait_all_secs",
            "occupancy",
            "asa_answered_secs",
            "sl_offered",
            "sl_answered",
            "sl_abandons_met",
        ],
        |r: &Row<'_>| {
            Ok(ErlangACase {
                agents: r.u32("agents")?,
                load: r.f64("load")?,
                aht_secs: r.f64("aht_secs")?,
                patience_secs: r.f64("patience_secs")?,
                threshold_secs: r.f64("threshold_secs")?,
                prob_wait: r.f64("prob_wait")?,
                prob_abandon: r.f64("prob_abandon")?,
                prob_abandon_given_wait: r.f64("prob_abandon_given_wait")?,
                mean_queue_length: r.f64("mean_queue_length")?,
                mean_wait_all_secs: r.f64("mean_wait_all_secs")?,
                occupancy: r.f64("occupancy")?,
                asa_answered_secs: r.f64("asa_answered_secs")?,
                sl_offered: r.f64("sl_offered")?,
                sl_answered: r.f64("sl_answered")?,
                sl_abandons_met: r.f64("sl_abandons_met")?,
                line: r.line(),
            })
        },
    )
}

/// Published worked examples with their sources and printed precision.
///
/// # Errors
///
/// Returns a [`DataError`] if the embedded CSV is malformed; the crate's own
/// tests guarantee that it is not.
///
/// # Examples
///
/// ```
/// use servops_testdata::{Quantity, published_examples};
///
/// let examples = published_examples()?;
/// let manual = examples
///     .iter()
///     .find(|e| e.quantity == Quantity::LoadForBlocking && e.agents == Some(15.0))
///     .ok_or("example missing")?;
/// assert_eq!(manual.published_text, "8.108");
/// assert!((manual.reference_value - manual.published_value).abs() <= manual.tolerance);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn published_examples() -> Result<Vec<PublishedExample>, DataError> {
    parse_table(
        "published_examples.csv",
        PUBLISHED_EXAMPLES_CSV,
        &[
            "id",
            "model",
            "quantity",
            "agents",
            "load",
            "aht_secs",
            "patience_secs",
            "threshold_secs",
            "target",
            "published_value",
            "tolerance",
            "reference_value",
            "agrees",
            "source",
            "url",
            "note",
        ],
        |r: &Row<'_>| {
            let model = match r.str("model")? {
                "erlang_b" => Model::ErlangB,
                "erlang_c" => Model::ErlangC,
                "erlang_a" => Model::ErlangA,
                other => return Err(r.error("model", format!("unknown model {other:?}"))),
            };
            let quantity = match r.str("quantity")? {
                "blocking" => Quantity::Blocking,
                "load_for_blocking" => Quantity::LoadForBlocking,
                "agents_for_blocking" => Quantity::AgentsForBlocking,
                "prob_wait" => Quantity::ProbWait,
                "asa_secs" => Quantity::AsaSecs,
                "service_level" => Quantity::ServiceLevel,
                other => return Err(r.error("quantity", format!("unknown quantity {other:?}"))),
            };
            let agrees = match r.str("agrees")? {
                "true" => true,
                "false" => false,
                other => {
                    return Err(r.error("agrees", format!("expected true or false, got {other:?}")));
                }
            };
            Ok(PublishedExample {
                id: r.str("id")?.to_owned(),
                model,
                quantity,
                agents: r.opt_f64("agents")?,
                load: r.opt_f64("load")?,
                aht_secs: r.opt_f64("aht_secs")?,
                patience_secs: r.opt_f64("patience_secs")?,
                threshold_secs: r.opt_f64("threshold_secs")?,
                target: r.opt_f64("target")?,
                published_value: r.f64("published_value")?,
                published_text: r.str("published_value")?.to_owned(),
                tolerance: r.f64("tolerance")?,
                reference_value: r.f64("reference_value")?,
                agrees,
                source: r.str("source")?.to_owned(),
                url: r.str("url")?.to_owned(),
                note: r.str("note")?.to_owned(),
                line: r.line(),
            })
        },
    )
}

#[cfg(test)]
mod tests;
