//! Erlang B: blocking in a loss system (M/M/N/N).

use crate::error::{Result, invalid, non_negative, open_unit};
use crate::special::{Scaled, gamma_ratios};
use crate::traffic::MAX_LOAD;

/// Largest number of agents (or trunks) the models accept (`1e9`).
///
/// # Examples
///
/// ```
/// use servops_queue::{ErlangC, Error, MAX_AGENTS, Traffic, erlang_b_fractional};
/// use std::time::Duration;
///
/// // A billion trunks are accepted: 10 erlangs are never blocked
/// // (B = (10^N / N!) / sum_k 10^k / k! is far below the f64 range).
/// assert_eq!(erlang_b_fractional(MAX_AGENTS, 10.0)?, 0.0);
/// // One more is refused, naming the parameter.
/// let more = erlang_b_fractional(MAX_AGENTS + 1.0, 10.0);
/// assert!(matches!(more, Err(Error::InvalidParameter { name: "agents", .. })));
/// // The same bound holds for a whole agent count.
/// let traffic = Traffic::from_load(10.0, Duration::from_secs(180))?;
/// let too_many = ErlangC::new(traffic, MAX_AGENTS as u32 + 1);
/// assert!(matches!(too_many, Err(Error::InvalidParameter { name: "agents", .. })));
/// # Ok::<(), servops_queue::Error>(())
/// ```
pub const MAX_AGENTS: f64 = 1e9;

pub(crate) fn check_load(load: f64) -> Result<f64> {
    let load = non_negative("load", load)?;
    if load > MAX_LOAD {
        return Err(invalid("load", load, "at most 1e9 erlangs"));
    }
    Ok(load)
}

pub(crate) fn check_agents(agents: f64) -> Result<f64> {
    let agents = non_negative("agents", agents)?;
    if agents > MAX_AGENTS {
        return Err(invalid("agents", agents, "at most 1e9"));
    }
    Ok(agents)
}

/// Smallest real agent count the queueing models (Erlang C and A) take. A
/// fractional extension below a millionth of an agent has no operational
/// meaning, and below about `1e-290` agents Erlang C's times
/// (`AHT / (N - A)`) leave the `f64` range.
pub(crate) const MIN_MODEL_AGENTS: f64 = 1e-6;

/// [`check_agents`] and at least [`MIN_MODEL_AGENTS`].
pub(crate) fn check_model_agents(agents: f64) -> Result<f64> {
    let agents = check_agents(agents)?;
    if agents < MIN_MODEL_AGENTS {
        return Err(invalid("agents", agents, "at least 1e-6"));
    }
    Ok(agents)
}

/// `1/B(n, A) - 1 = Q(n, A) / D(n, A)` for `n > 0`, `A > 0`: the sum of the
/// stationary probabilities of states `0..n` relative to state `n`.
pub(crate) fn inv_blocking_minus_one(agents: f64, load: f64) -> Scaled {
    gamma_ratios(agents, load).q
}

pub(crate) fn blocking(agents: f64, load: f64) -> f64 {
    if agents == 0.0 {
        return 1.0;
    }
    if load == 0.0 {
        return 0.0;
    }
    // 1 / B = 1 + Q/D, which may lie far above the f64 range.
    let inv = inv_blocking_minus_one(agents, load).add(Scaled::plain(1.0));
    Scaled::plain(1.0).ratio(inv).clamp(0.0, 1.0)
}

/// Erlang B: the probability that a contact finds all `agents` busy and is
/// lost, with Poisson arrivals of `load` erlangs and no waiting room
/// (M/M/N/N; any service-time distribution by insensitivity).
///
/// # Formula
///
/// ```text
/// B(N, A) = (A^N / N!) / sum_{k=0}^{N} A^k / k!
/// ```
///
/// evaluated as `B = 1 / (1 + Q(N, A) / D(N, A))` with the regularised
/// incomplete gamma function `Q` and `D(N, A) = A^N e^-A / N!` (see
/// `docs/queueing.md`), in constant time for any `N`: series, continued
/// fraction or Temme's uniform expansion, whichever is exact at `(N, A)`.
///
/// # Errors
///
/// [`Error::InvalidParameter`](crate::Error::InvalidParameter) if `load` is
/// negative, NaN, infinite or above [`MAX_LOAD`], or
/// `agents` is above [`MAX_AGENTS`].
///
/// # Accuracy
///
/// Absolute error below `2e-15` and relative error below `1e-13` times
/// `(1 + |ln B| / 100)`, tested against 25-digit references over `A` in
/// `[1e-3, 1e6]` and `N` up to `1e6` (worst measured: `1.5e-15` absolute,
/// `8e-15` relative). Values below the `f64` range return 0 or a
/// subnormal, never NaN.
///
/// # Examples
///
/// ```
/// use servops_queue::erlang_b;
///
/// // The classic table value: 10 erlangs on 10 trunks block 21.46 % of calls
/// // (0.2145823431073473406 from (A^N / N!) / sum_k A^k / k! in 30-digit
/// // arithmetic, mpmath).
/// let b = erlang_b(10, 10.0)?;
/// assert!((b - 0.214_582_343_107_347_3).abs() < 1e-15);
/// // No overflow for very large systems.
/// assert!(erlang_b(100_000, 100_000.0)? > 0.0);
/// # Ok::<(), servops_queue::Error>(())
/// ```
///
/// # References
///
/// A. K. Erlang (1917), "Solution of some problems in the theory of
/// probabilities of significance in automatic telephone exchanges".
pub fn erlang_b(agents: u32, load: f64) -> Result<f64> {
    let agents = check_agents(f64::from(agents))?;
    let load = check_load(load)?;
    Ok(blocking(agents, load))
}

/// Erlang B for a real number of servers `agents >= 0`: Jagerman's
/// continuous extension, which interpolates the integer values smoothly and
/// monotonically (used by fractional-agent solvers).
///
/// # Formula
///
/// ```text
/// 1 / B(x, A) = A integral_0^inf e^(-A t) (1 + t)^x dt = e^A A^-x Gamma(x + 1, A)
/// ```
///
/// # Errors
///
/// [`Error::InvalidParameter`](crate::Error::InvalidParameter) for a negative,
/// NaN or infinite `agents` or `load`, or either above `1e9`.
///
/// # Accuracy
///
/// As [`erlang_b`]: absolute error below `2e-15`.
///
/// # Examples
///
/// ```
/// use servops_queue::{erlang_b, erlang_b_fractional};
///
/// let low = erlang_b(10, 8.0)?;
/// let high = erlang_b(11, 8.0)?;
/// let mid = erlang_b_fractional(10.5, 8.0)?;
/// assert!(high < mid && mid < low);
/// assert!((erlang_b_fractional(10.0, 8.0)? - low).abs() < 1e-15);
/// # Ok::<(), servops_queue::Error>(())
/// ```
///
/// # References
///
/// D. L. Jagerman (1974), "Some properties of the Erlang loss function",
/// Bell System Technical Journal 53(3), 525-551.
pub fn erlang_b_fractional(agents: f64, load: f64) -> Result<f64> {
    let agents = check_agents(agents)?;
    let load = check_load(load)?;
    Ok(blocking(agents, load))
}

/// The fewest trunks (or agents, in a system without a queue) that keep
/// Erlang B blocking at or below `max_blocking`. A zero load needs zero
/// trunks (nothing arrives to be blocked, although `erlang_b(0, 0.0)` is 1
/// by the convention `B(0, A) = 1`).
///
/// The count is decided by comparing the computed blocking with
/// `max_blocking`, so it is exact except where `B(N, A)` agrees with
/// `max_blocking` to within the accuracy of [`erlang_b`]; there the answer
/// may be one more than exact arithmetic gives. (Example: at `1e-300`
/// erlangs and `max_blocking = 1e-300`, `B(1, A) = A / (1 + A)` lies below
/// the target by a relative `1e-300`, and 2 is returned.)
///
/// # Errors
///
/// [`Error::InvalidParameter`](crate::Error::InvalidParameter) for a bad
/// `load`, or a `max_blocking` outside `(0, 1)`.
///
/// # Examples
///
/// ```
/// use servops_queue::{erlang_b, agents_for_blocking};
///
/// // Grade of service 1 % at 20 erlangs: 30 trunks (the standard table).
/// let n = agents_for_blocking(20.0, 0.01)?;
/// assert_eq!(n, 30);
/// assert!(erlang_b(n, 20.0)? <= 0.01 && erlang_b(n - 1, 20.0)? > 0.01);
/// # Ok::<(), servops_queue::Error>(())
/// ```
pub fn agents_for_blocking(load: f64, max_blocking: f64) -> Result<u32> {
    let load = check_load(load)?;
    let target = open_unit("max_blocking", max_blocking)?;
    if load == 0.0 {
        return Ok(0);
    }
    let guess = load + load.sqrt();
    // log-ratio margin, signed by the exact comparison (see the staffing solvers)
    let n = crate::search::min_integer(0, guess, |n| {
        let b = blocking(f64::from(n), load);
        let size = (target.ln() - b.ln()).abs().max(f64::MIN_POSITIVE);
        if b <= target { size } else { -size }
    })?;
    Ok(n)
}
