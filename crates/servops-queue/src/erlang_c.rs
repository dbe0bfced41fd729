//! Erlang C: waiting in a queue with infinitely patient contacts (M/M/N).

use std::time::Duration;

use crate::erlang_b::{check_agents, check_model_agents, inv_blocking_minus_one};
use crate::error::{Error, Result, invalid, open_unit};
use crate::special::Scaled;
use crate::traffic::Traffic;

/// The Erlang C model (M/M/N): Poisson arrivals, exponential handle times,
/// `N` agents, an unlimited queue served first come first served, and no
/// abandonment. Built once from validated inputs; every metric is then a
/// cheap method call.
///
/// Real-valued agent counts use Jagerman's continuous extension of Erlang B
/// ([`ErlangC::with_fractional_agents`]); integer counts give the textbook model.
///
/// # Formula
///
/// With load `A` (erlangs), `N` agents, `rho = A / N < 1` and Erlang B `B(N, A)`:
///
/// ```text
/// C(N, A) = P(wait > 0) = N B / (N - A (1 - B)) = 1 / (1 + (1 - rho) (1/B - 1))
/// ```
///
/// # Errors
///
/// [`Error::Unstable`] if `A >= N` (and `A > 0`): the queue grows without bound.
///
/// # Accuracy
///
/// Probabilities to `1e-15` absolute; times and lengths to `1e-13` relative
/// (worst measured against 25-digit references: `5.6e-16` for P(wait),
/// `4e-15` for the ASA and queue length, `4.7e-14` for an answer-time
/// percentile at 2,178 agents and 2,154 erlangs, where `A / (N - A) = 91`),
/// growing like `eps * A / (N - A)` when `N - A` is tiny against `A`, which
/// is the conditioning of the problem itself (see `docs/queueing.md`).
///
/// # Examples
///
/// ```
/// use servops_queue::{ErlangC, Traffic};
/// use std::time::Duration;
///
/// // 100 calls per half hour, 3-minute AHT: 10 erlangs. 13 agents answer
/// // 79.6 % of calls within 20 seconds, with an ASA of 17.1 seconds.
/// // (Reference values from the closed forms in 30-digit arithmetic,
/// // mpmath: C = N B / (N - A (1 - B)), SL = 1 - C e^{-(N - A) t / AHT},
/// // ASA = C AHT / (N - A).)
/// let traffic = Traffic::new(100.0, Duration::from_secs(1800), Duration::from_secs(180))?;
/// let model = ErlangC::new(traffic, 13)?;
/// assert!((model.prob_wait() - 0.285_270_453_036_493).abs() < 1e-12);
/// assert!((model.service_level(Duration::from_secs(20)) - 0.795_594_788_417_783).abs() < 1e-12);
/// assert!((model.asa_secs() - 17.116_227_182_189_58).abs() < 1e-9);
/// # Ok::<(), servops_queue::Error>(())
/// ```
///
/// # References
///
/// A. K. Erlang (1917); L. Kleinrock (1975), *Queueing Systems* vol. 1, 3.6;
/// D. L. Jagerman (1974) for real `N`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErlangC {
    traffic: Traffic,
    agents: f64,
    prob_wait: f64,
}

impl ErlangC {
    /// Erlang C with an integer number of agents.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `agents` is above
    /// [`MAX_AGENTS`](crate::MAX_AGENTS); [`Error::Unstable`] if the load is
    /// at least `agents` (a zero load is always stable; zero agents with a
    /// positive load are reported as unstable too).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{Error, ErlangC, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(20.0, Duration::from_secs(300))?;
    /// assert!(ErlangC::new(t, 25).is_ok());
    /// assert!(matches!(ErlangC::new(t, 20), Err(Error::Unstable { .. })));
    /// assert!(matches!(ErlangC::new(t, 1_000_000_001), Err(Error::InvalidParameter { .. })));
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn new(traffic: Traffic, agents: u32) -> Result<Self> {
        Self::build(traffic, check_agents(f64::from(agents))?)
    }

    /// Erlang C with a real number of agents (Jagerman's continuous extension).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `agents` is negative, NaN, infinite or
    /// above `1e9`; [`Error::Unstable`] if the load is positive and at least
    /// `agents`; then [`Error::InvalidParameter`] if `agents` is below `1e-6`
    /// (below a millionth of an agent, where the mean waits `AHT / (N - A)`
    /// can leave the `f64` range, the model is refused as Erlang A refuses it).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangC, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(10.0, Duration::from_secs(180))?;
    /// let c12 = ErlangC::new(t, 12)?.prob_wait();
    /// let c13 = ErlangC::new(t, 13)?.prob_wait();
    /// let mid = ErlangC::with_fractional_agents(t, 12.5)?.prob_wait();
    /// assert!(c13 < mid && mid < c12);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn with_fractional_agents(traffic: Traffic, agents: f64) -> Result<Self> {
        let agents = check_agents(agents)?;
        let load = traffic.load();
        // Too few agents for the load is instability first, whatever the
        // count: a float residue of 4e-16 agents under a real load is an
        // unstable queue, as zero agents are.
        if load > 0.0 && load >= agents {
            return Err(Error::Unstable { load, agents });
        }
        Self::build(traffic, check_model_agents(agents)?)
    }

    fn build(traffic: Traffic, agents: f64) -> Result<Self> {
        let load = traffic.load();
        if load == 0.0 {
            if agents == 0.0 {
                return Err(invalid("agents", agents, "> 0"));
            }
            return Ok(Self {
                traffic,
                agents,
                prob_wait: 0.0,
            });
        }
        if load >= agents {
            return Err(Error::Unstable { load, agents });
        }
        Ok(Self {
            traffic,
            agents,
            prob_wait: prob_wait(agents, load),
        })
    }

    /// The traffic the model was built with.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangC, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(4.0, Duration::from_secs(60))?;
    /// assert_eq!(ErlangC::new(t, 6)?.traffic().load(), 4.0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn traffic(&self) -> &Traffic {
        &self.traffic
    }

    /// Number of agents (a whole number unless built with fractional agents).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangC, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(4.0, Duration::from_secs(60))?;
    /// assert_eq!(ErlangC::new(t, 6)?.agents(), 6.0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn agents(&self) -> f64 {
        self.agents
    }

    /// Probability that an arriving contact waits (all agents busy): `C(N, A)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangC, Traffic};
    /// use std::time::Duration;
    ///
    /// // One agent at 50 % load: M/M/1 waits with probability rho.
    /// let t = Traffic::from_load(0.5, Duration::from_secs(60))?;
    /// assert!((ErlangC::new(t, 1)?.prob_wait() - 0.5).abs() < 1e-15);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn prob_wait(&self) -> f64 {
        self.prob_wait
    }

    /// `N - A` over the AHT: the rate at which the queue drains, per second.
    fn drain_rate(&self) -> f64 {
        (self.agents - self.traffic.load()) / self.traffic.aht_secs()
    }

    /// Service level: the probability that a contact is answered within
    /// `threshold` (wait `<= threshold`).
    ///
    /// # Formula
    ///
    /// `SL(t) = 1 - C exp(-(N - A) t / AHT)`
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangC, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(10.0, Duration::from_secs(180))?;
    /// let m = ErlangC::new(t, 13)?;
    /// assert_eq!(m.service_level(Duration::ZERO), 1.0 - m.prob_wait());
    /// assert!(m.service_level(Duration::from_secs(60)) > m.service_level(Duration::from_secs(20)));
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn service_level(&self, threshold: Duration) -> f64 {
        let t = threshold.as_secs_f64();
        if self.prob_wait == 0.0 {
            return 1.0;
        }
        1.0 - self.prob_wait * (-self.drain_rate() * t).exp()
    }

    /// Average speed of answer: the mean wait of all contacts, in seconds.
    ///
    /// # Formula
    ///
    /// `ASA = C AHT / (N - A)`
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangC, Traffic};
    /// use std::time::Duration;
    ///
    /// // M/M/1 at rho = 0.5 with a 60 s AHT: ASA = rho / (1 - rho) x 60 s = 60 s.
    /// let t = Traffic::from_load(0.5, Duration::from_secs(60))?;
    /// assert!((ErlangC::new(t, 1)?.asa_secs() - 60.0).abs() < 1e-12);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn asa_secs(&self) -> f64 {
        if self.prob_wait == 0.0 {
            return 0.0;
        }
        self.prob_wait / self.drain_rate()
    }

    /// Mean wait of the contacts that wait at all, in seconds: `AHT / (N - A)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangC, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(8.0, Duration::from_secs(200))?;
    /// assert!((ErlangC::new(t, 10)?.mean_wait_of_delayed_secs() - 100.0).abs() < 1e-12);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn mean_wait_of_delayed_secs(&self) -> f64 {
        1.0 / self.drain_rate()
    }

    /// Mean number of contacts waiting in the queue: `C A / (N - A)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangC, Traffic};
    /// use std::time::Duration;
    ///
    /// // M/M/1 at rho = 0.5: Lq = rho^2 / (1 - rho) = 0.5.
    /// let t = Traffic::from_load(0.5, Duration::from_secs(60))?;
    /// assert!((ErlangC::new(t, 1)?.mean_queue_length() - 0.5).abs() < 1e-15);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn mean_queue_length(&self) -> f64 {
        if self.prob_wait == 0.0 {
            return 0.0;
        }
        let load = self.traffic.load();
        self.prob_wait * load / (self.agents - load)
    }

    /// Agent occupancy: the fraction of time agents are busy, `A / N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangC, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(9.0, Duration::from_secs(60))?;
    /// assert!((ErlangC::new(t, 10)?.occupancy() - 0.9).abs() < 1e-15);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn occupancy(&self) -> f64 {
        self.traffic.load() / self.agents
    }

    /// The answer time within which a fraction `p` of contacts is answered:
    /// the smallest `t` with `SL(t) >= p`, in seconds (0 if at least `p` are
    /// answered at once).
    ///
    /// # Formula
    ///
    /// `t_p = max(0, AHT / (N - A) ln(C / (1 - p)))`
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `p` is not in `(0, 1)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangC, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(10.0, Duration::from_secs(180))?;
    /// let m = ErlangC::new(t, 12)?;
    /// let t90 = m.answer_time_percentile_secs(0.9)?;
    /// let sl = m.service_level(Duration::from_secs_f64(t90));
    /// assert!((sl - 0.9).abs() < 1e-9);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn answer_time_percentile_secs(&self, p: f64) -> Result<f64> {
        let p = open_unit("p", p)?;
        if self.prob_wait <= 1.0 - p {
            return Ok(0.0);
        }
        Ok((self.prob_wait / (1.0 - p)).ln() / self.drain_rate())
    }
}

/// `C(N, A)` for `0 < A < N`.
pub(crate) fn prob_wait(agents: f64, load: f64) -> f64 {
    // C = 1 / (1 + (1 - rho) (1/B - 1)), with 1/B - 1 possibly huge.
    let q = inv_blocking_minus_one(agents, load);
    let one_minus_rho = (agents - load) / agents;
    let denom = q.mul(one_minus_rho).add(Scaled::plain(1.0));
    Scaled::plain(1.0).ratio(denom).clamp(0.0, 1.0)
}
