//! Offered traffic: how many contacts arrive and how long each takes.

use std::time::Duration;

use crate::error::{Result, invalid, non_negative, positive};

/// Largest load, in erlangs, the models accept (`1e9`). The numerical
/// methods are exact far beyond it; the bound only keeps every derived
/// quantity comfortably inside the `f64` range. Accuracy is tested up to `1e6`.
///
/// # Examples
///
/// ```
/// use servops_queue::{MAX_LOAD, Traffic, erlang_b};
/// use std::time::Duration;
///
/// let aht = Duration::from_secs(300);
/// assert_eq!(Traffic::from_load(MAX_LOAD, aht)?.load(), 1e9);
/// assert!(Traffic::from_load(2.0 * MAX_LOAD, aht).is_err());
/// // From volumes too: 4e9 contacts of 300 s in 10 minutes are 2e9 erlangs.
/// assert!(Traffic::new(4e9, Duration::from_secs(600), aht).is_err());
/// // And for the models that take a load directly.
/// assert!(erlang_b(10, 2.0 * MAX_LOAD).is_err());
/// # Ok::<(), servops_queue::Error>(())
/// ```
pub const MAX_LOAD: f64 = 1e9;

/// Offered traffic of one queue in one interval: the arrival rate and the
/// mean handle time (AHT), hence the load `A = rate x AHT` in erlangs.
///
/// Built from interval volumes (what a forecast gives), an hourly rate, or
/// a load directly; all three validate their inputs once, here.
///
/// The rate and the load are each the double nearest their exact value
/// (up to one more rounding, for the load from volumes or an hourly rate),
/// computed from the inputs, never one from the other. So at the bottom of
/// the `f64` range one can round to 0 while the other stays positive: 4.9e-324
/// contacts in 10 s at a 1000 s AHT arrive at 4.9e-325 per second, which
/// reads 0, and offer 4.9e-322 erlangs. The models take the load (and
/// Erlang A its arrival rate x patience from the load), so no result
/// depends on a rate that underflowed.
///
/// # Errors
///
/// Constructors return [`Error::InvalidParameter`](crate::Error::InvalidParameter)
/// for negative, NaN or infinite volumes, a zero or missing interval, a zero AHT,
/// or a load above [`MAX_LOAD`].
///
/// # Examples
///
/// ```
/// use servops_queue::Traffic;
/// use std::time::Duration;
///
/// // 120 contacts in a half hour, 4 minutes each: 16 erlangs.
/// let t = Traffic::new(120.0, Duration::from_secs(1800), Duration::from_secs(240))?;
/// assert!((t.load() - 16.0).abs() < 1e-12);
/// assert!((t.rate_per_hour() - 240.0).abs() < 1e-9);
/// # Ok::<(), servops_queue::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "crate::serde_impls::TrafficRepr",
        into = "crate::serde_impls::TrafficRepr"
    )
)]
pub struct Traffic {
    rate_per_sec: f64,
    aht_secs: f64,
    load: f64,
}

fn aht_secs(aht: Duration) -> Result<f64> {
    let secs = aht.as_secs_f64();
    if secs > 0.0 {
        Ok(secs)
    } else {
        Err(invalid("aht", secs, "> 0"))
    }
}

impl Traffic {
    /// Traffic of `contacts` arrivals per `interval`, each handled in `aht` on average.
    ///
    /// # Errors
    ///
    /// `contacts` must be finite and `>= 0`, `interval` and `aht` non-zero,
    /// and the resulting load at most [`MAX_LOAD`].
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Traffic;
    /// use std::time::Duration;
    ///
    /// let t = Traffic::new(300.0, Duration::from_secs(900), Duration::from_secs(180))?;
    /// assert!((t.load() - 60.0).abs() < 1e-12);
    /// assert!(Traffic::new(-1.0, Duration::from_secs(900), Duration::from_secs(180)).is_err());
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn new(contacts: f64, interval: Duration, aht: Duration) -> Result<Self> {
        let contacts = non_negative("contacts", contacts)?;
        let interval = interval.as_secs_f64();
        if interval <= 0.0 {
            return Err(invalid("interval", interval, "> 0"));
        }
        let aht = aht_secs(aht)?;
        Self::checked(contacts / interval, aht, contacts * (aht / interval))
    }

    /// Traffic of `per_hour` arrivals per hour with mean handle time `aht`.
    ///
    /// # Errors
    ///
    /// `per_hour` must be finite and `>= 0`, `aht` non-zero, and the load at most [`MAX_LOAD`].
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Traffic;
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_rate_per_hour(360.0, Duration::from_secs(300))?;
    /// assert!((t.load() - 30.0).abs() < 1e-12);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn from_rate_per_hour(per_hour: f64, aht: Duration) -> Result<Self> {
        let per_hour = non_negative("rate_per_hour", per_hour)?;
        let aht = aht_secs(aht)?;
        Self::checked(per_hour / 3600.0, aht, per_hour * (aht / 3600.0))
    }

    /// Traffic with a given load in erlangs and mean handle time `aht`
    /// (the arrival rate is `load / aht`). The load is kept exactly as given.
    ///
    /// # Errors
    ///
    /// `load` must be finite, `>= 0` and at most [`MAX_LOAD`]; `aht` non-zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Traffic;
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(10.0, Duration::from_secs(180))?;
    /// assert_eq!(t.load(), 10.0);
    /// assert!((t.rate_per_hour() - 200.0).abs() < 1e-9);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn from_load(load: f64, aht: Duration) -> Result<Self> {
        let load = non_negative("load", load)?;
        let aht = aht_secs(aht)?;
        Self::checked(load / aht, aht, load)
    }

    fn checked(rate_per_sec: f64, aht_secs: f64, load: f64) -> Result<Self> {
        if load.is_nan() || load > MAX_LOAD {
            return Err(invalid("load", load, "at most 1e9 erlangs"));
        }
        positive("aht", aht_secs)?;
        Ok(Self {
            rate_per_sec,
            aht_secs,
            load,
        })
    }

    /// The same traffic with the arrival rate of a serialised value, which
    /// may differ from `load / AHT` by the roundings of a value built from a
    /// volume; a rate that does not agree with them to `1e-12` (relative, or
    /// `1e-300` absolute for subnormal rates) is refused.
    #[cfg(feature = "serde")]
    pub(crate) fn with_rate_from_serde(self, rate: f64) -> Result<Self> {
        let derived = self.rate_per_sec;
        let close = (rate - derived).abs() <= 1e-12 * derived.abs() + 1e-300;
        if !(rate.is_finite() && rate >= 0.0 && close) {
            return Err(invalid("rate_per_sec", rate, "load / aht_secs to 1e-12"));
        }
        Ok(Self {
            rate_per_sec: rate,
            ..self
        })
    }

    /// Same arrival rate, another AHT (the chat model's queue, served at
    /// the handle time of a full agent); the load is scaled by the ratio of
    /// the AHTs, so an unchanged AHT leaves the value as it is.
    pub(crate) fn with_aht_secs(self, aht_secs: f64) -> Self {
        Self {
            rate_per_sec: self.rate_per_sec,
            aht_secs,
            load: self.load * (aht_secs / self.aht_secs),
        }
    }

    /// Same AHT, another load (used by the inverse solvers).
    pub(crate) fn with_load(self, load: f64) -> Self {
        Self {
            rate_per_sec: load / self.aht_secs,
            aht_secs: self.aht_secs,
            load,
        }
    }

    /// Offered load `A = rate x AHT`, in erlangs.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Traffic;
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_rate_per_hour(100.0, Duration::from_secs(360))?;
    /// assert!((t.load() - 10.0).abs() < 1e-12);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn load(&self) -> f64 {
        self.load
    }

    /// Arrival rate per second (the double nearest the exact rate: 0 when
    /// that is below `2.5e-324`, even under a positive load).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Traffic;
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_rate_per_hour(7200.0, Duration::from_secs(60))?;
    /// assert!((t.rate_per_sec() - 2.0).abs() < 1e-12);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn rate_per_sec(&self) -> f64 {
        self.rate_per_sec
    }

    /// Arrival rate per hour.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Traffic;
    /// use std::time::Duration;
    ///
    /// let t = Traffic::new(50.0, Duration::from_secs(900), Duration::from_secs(200))?;
    /// assert!((t.rate_per_hour() - 200.0).abs() < 1e-9);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn rate_per_hour(&self) -> f64 {
        self.rate_per_sec * 3600.0
    }

    /// Mean handle time in seconds.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Traffic;
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(5.0, Duration::from_millis(180_500))?;
    /// assert_eq!(t.aht_secs(), 180.5);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn aht_secs(&self) -> f64 {
        self.aht_secs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_input_with_named_parameter() {
        let s = Duration::from_secs(1);
        for (r, name) in [
            (Traffic::new(f64::NAN, s, s), "contacts"),
            (Traffic::new(f64::INFINITY, s, s), "contacts"),
            (Traffic::new(1.0, Duration::ZERO, s), "interval"),
            (Traffic::new(1.0, s, Duration::ZERO), "aht"),
            (Traffic::from_load(-0.5, s), "load"),
            (Traffic::from_load(2e9, s), "load"),
            (Traffic::from_rate_per_hour(-3.0, s), "rate_per_hour"),
            (Traffic::new(1e300, s, Duration::from_secs(1000)), "load"),
        ] {
            match r {
                Err(crate::Error::InvalidParameter { name: n, .. }) => assert_eq!(n, name),
                other => panic!("expected an error for {name}, got {other:?}"),
            }
        }
    }

    #[test]
    fn zero_volume_is_valid() {
        let t = Traffic::new(0.0, Duration::from_secs(900), Duration::from_secs(180)).unwrap();
        assert_eq!(t.load(), 0.0);
        assert_eq!(t.rate_per_sec(), 0.0);
    }
}
