//! Estimating model parameters from observed contact history.

use std::time::Duration;

use crate::{Error, Result};

/// The mean patience of Erlang A's exponential abandonment, estimated from
/// history as total time spent waiting in queue divided by the number of
/// abandons.
///
/// # Formula
///
/// With exponential patience of rate `θ`, every waiting contact is exposed
/// to abandonment for as long as it waits; those answered are censored
/// observations. The maximum-likelihood estimate is
/// `θ̂ = abandons / Σ waits` (waits of answered *and* abandoned contacts),
/// so the mean patience is `Σ waits / abandons`.
///
/// Use the waits of every contact that queued (answered or not) and the
/// abandons from the queue; abandons before queueing (in an IVR) do not
/// belong in either sum.
///
/// # Errors
///
/// [`Error::InvalidParameter`] if the total wait is negative or not finite,
/// or abandons are not finite or not positive (without abandons the
/// estimate is undefined: patience is longer than anything observed);
/// also if the estimate is positive but below 1 ns, the resolution of
/// `Duration` (named `total wait`). A total wait of 0 gives a zero patience.
///
/// # Accuracy
///
/// Exact arithmetic of the estimate; its statistical error is about
/// `1 / sqrt(abandons)` relative (the estimate of an exponential rate from
/// that many events). Mandelbaum & Zeltyn (2013) report that patience in
/// real call centres is often not exponential; Erlang A still fits the
/// abandonment proportion well with this estimate.
///
/// # Examples
///
/// ```
/// use servops_queue::patience_from_abandonment;
/// use std::time::Duration;
///
/// // 1,220 abandons over 152,500 seconds of queueing: 125 s mean patience.
/// let p = patience_from_abandonment(152_500.0, 1_220.0)?;
/// assert_eq!(p, Duration::from_secs(125));
/// assert!(patience_from_abandonment(1_000.0, 0.0).is_err());
/// # Ok::<(), servops_queue::Error>(())
/// ```
///
/// # References
///
/// - L. Brown et al. (2005), "Statistical analysis of a telephone call
///   center", JASA 100(469), 36-50, section 6 (patience estimation).
/// - A. Mandelbaum and S. Zeltyn (2013), "Data-stories about (im)patient
///   customers in tele-queues", Queueing Systems 75, 115-146.
pub fn patience_from_abandonment(total_wait_secs: f64, abandons: f64) -> Result<Duration> {
    if !total_wait_secs.is_finite() || total_wait_secs < 0.0 {
        return Err(Error::InvalidParameter {
            name: "total wait",
            value: total_wait_secs,
            constraint: "finite and >= 0 seconds",
        });
    }
    if !abandons.is_finite() || abandons <= 0.0 {
        return Err(Error::InvalidParameter {
            name: "abandons",
            value: abandons,
            constraint: "finite and > 0",
        });
    }
    let secs = total_wait_secs / abandons;
    if secs > 0.0 && secs < 1e-9 {
        // `Duration` counts whole nanoseconds: this would round to 0 (a
        // patience Erlang A refuses) or to double the estimate.
        return Err(Error::InvalidParameter {
            name: "total wait",
            value: total_wait_secs,
            constraint: "0 or at least 1 ns per abandon (the resolution of Duration)",
        });
    }
    Duration::try_from_secs_f64(secs).map_err(|_| Error::InvalidParameter {
        name: "total wait",
        value: total_wait_secs,
        constraint: "small enough that the patience fits a Duration",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_totals() {
        assert!(patience_from_abandonment(f64::NAN, 1.0).is_err());
        assert!(patience_from_abandonment(-1.0, 1.0).is_err());
        assert!(patience_from_abandonment(10.0, f64::INFINITY).is_err());
        assert!(patience_from_abandonment(1e300, 1e-300).is_err());
        assert_eq!(patience_from_abandonment(0.0, 3.0), Ok(Duration::ZERO));
    }
}
