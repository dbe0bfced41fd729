//! Erlang A: waiting with abandonment (M/M/N+M).

use std::time::Duration;

use crate::erlang_b::{MIN_MODEL_AGENTS, check_agents, inv_blocking_minus_one};
use crate::error::{Result, invalid};
use crate::special::{Scaled, first_moment, gamma_ratios, j_pair, ln_inv_prefix, weighted_sum};
use crate::traffic::Traffic;

/// Below this arrival rate x patience `y`, the queue sum over `y`,
/// `sum_k k y^(k-1) / ((x+1)...(x+k))`, is taken as its limit `1 / (x+1)`
/// (relative error below `2y`), rather than divided out of a sum that can
/// lose its precision among subnormal doubles.
const TINY: f64 = 1e-200;

/// How abandoned contacts enter a service level, as operations teams
/// define it. All three agree when nobody abandons (Erlang C).
///
/// # Examples
///
/// ```
/// use servops_queue::{ErlangA, ServiceLevelConvention, Traffic};
/// use std::time::Duration;
///
/// let t = Traffic::from_load(20.0, Duration::from_secs(300))?;
/// let m = ErlangA::new(t, 20, Duration::from_secs(120))?;
/// let within = Duration::from_secs(20);
/// let offered = m.service_level(within, ServiceLevelConvention::AnsweredWithinOverOffered);
/// let answered = m.service_level(within, ServiceLevelConvention::AnsweredWithinOverAnswered);
/// let met = m.service_level(within, ServiceLevelConvention::AbandonsWithinCountAsMet);
/// assert!(offered < answered && offered < met);
/// # Ok::<(), servops_queue::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum ServiceLevelConvention {
    /// Contacts answered within the threshold over all offered contacts
    /// (abandons count against). The strictest and the default.
    #[default]
    AnsweredWithinOverOffered,
    /// Contacts answered within the threshold over answered contacts
    /// (abandons ignored).
    AnsweredWithinOverAnswered,
    /// Answered within the threshold plus abandoned within the threshold,
    /// over all offered (early abandons count as met).
    AbandonsWithinCountAsMet,
}

/// The Erlang A model (M/M/N+M): Erlang C plus exponential patience.
/// Contacts whose wait exceeds their patience abandon, so the queue is
/// stable at any load, including `A >= N`.
///
/// # Formula
///
/// With `mu = 1/AHT`, `theta = 1/patience`, `x = N mu / theta`, `y = lambda / theta`,
/// Erlang B `B = B(N, A)`, and the queue sum
/// `J(x, y) = sum_k y^k / ((x+1)...(x+k)) = P(x, y) / D(x, y)` (regularised
/// incomplete gamma over its prefix), the probability that all agents are busy is
///
/// ```text
/// P(wait) = J B / (1 + (J - 1) B)
/// ```
///
/// and the waiting time `V` an arrival would face has density
/// `pi_N N mu exp(-N mu t + y (1 - e^(-theta t)))` on `t > 0`, from which
/// every other metric follows (see `docs/queueing.md`).
///
/// # Errors
///
/// [`Error::InvalidParameter`](crate::Error::InvalidParameter) for a zero
/// patience, a bad agent count, or a patience so long that
/// `agents x patience / AHT` or `arrival rate x patience` exceeds `1e15`
/// (there the model is Erlang C to within `1e-15` when stable; use
/// [`ErlangC`](crate::ErlangC)).
///
/// # Accuracy
///
/// Probabilities to about `1e-13` absolute, times and lengths (the ASA of
/// answered contacts included) to about `1e-13` relative, tested against
/// 25-digit sums over the birth-death chain, loads from 0.01 to 105,000
/// erlangs, up to twice the agents, patience 0.01 to 100 x AHT (worst
/// measured: `1.6e-15` for a service level, at 30 agents and 30 erlangs
/// with patience 100 x AHT; `3.4e-14` relative for the ASA of answered
/// contacts and the queue length, at 100,000 agents and 99,500 erlangs). Near `N = A` and in overload, with many agents
/// or a long patience, the service level is sensitive to the inputs: a
/// relative change `eps` in the load moves it by up to about
/// `eps sqrt(N patience / AHT)` (with `eps = 1e-16`, measured against
/// 50-digit references: `2.2e-10` at 1e8 erlangs on as many agents with
/// patience 1e6 x AHT, `5e-13` at 1e8 erlangs on 9e7 agents with patience
/// = AHT; for 50 agents at 100 erlangs with patience 1e6 x AHT, mpmath's
/// derivative in the load at 40 digits gives `1.41e-13`, or `2.82e-13` for
/// answered within / answered, at a threshold of 0.693 patience where the
/// answer times concentrate, falling to `8.6e-14` one standard deviation
/// (25,500 s at AHT 180 s) away and under `2e-15` beyond three), and the
/// computed value carries an error of that size (worst measured: `5.6e-10`,
/// `5e-13` and, over 161 thresholds across that window, `1.9e-13`, or
/// `3.7e-13` for answered within / answered; rounding `t / patience` to a
/// double alone accounts for up to `7.8e-14`).
///
/// # Examples
///
/// ```
/// use servops_queue::{ErlangA, ErlangC, Traffic};
/// use std::time::Duration;
///
/// let t = Traffic::from_load(10.0, Duration::from_secs(180))?;
/// let a = ErlangA::new(t, 11, Duration::from_secs(120))?;
/// assert!(a.prob_abandon() > 0.0 && a.prob_abandon() < a.prob_wait());
/// // Abandonment shortens the queue: less waiting than Erlang C.
/// assert!(a.prob_wait() < ErlangC::new(t, 11)?.prob_wait());
/// // And it is stable beyond 100 % load.
/// let over = ErlangA::new(Traffic::from_load(30.0, Duration::from_secs(180))?, 20, Duration::from_secs(60))?;
/// assert!(over.prob_abandon() > 1.0 / 3.0);
/// # Ok::<(), servops_queue::Error>(())
/// ```
///
/// # References
///
/// C. Palm (1943); O. Garnett, A. Mandelbaum and M. Reiman (2002),
/// "Designing a call center with impatient customers", M&SOM 4(3);
/// A. Mandelbaum and S. Zeltyn (2007), "Service engineering in action:
/// the Palm/Erlang-A queue, with applications to call centers".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErlangA {
    traffic: Traffic,
    agents: f64,
    patience_secs: f64,
    x: f64,
    y: f64,
    /// `1/B - 1`.
    qb: Scaled,
    /// `J(x + 1, y) x / (x + 1)`.
    served_after_wait: Scaled,
    /// `1/B - 1 + J(x, y) = 1 / pi_N`.
    denom: Scaled,
    /// `J(x, y)`.
    j: Scaled,
    /// `ln(1 / D(x, y))`: the exponent every large ratio at `(x, y)` carries.
    ln_inv_d: f64,
    prob_wait: f64,
    prob_served: f64,
}

impl ErlangA {
    /// Erlang A with `agents` agents and mean patience `patience`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) if
    /// `agents` is 0 or above `1e9`, `patience` is zero, or
    /// `agents x patience / AHT` or `arrival rate x patience` exceeds
    /// `1e15`. Tiny loads are computed as
    /// they are, down to the smallest double (only a zero load is the empty
    /// queue): with a fraction of an agent almost every contact waits at
    /// any load.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangA, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(5.0, Duration::from_secs(240))?;
    /// assert!(ErlangA::new(t, 4, Duration::from_secs(90)).is_ok());
    /// assert!(ErlangA::new(t, 4, Duration::ZERO).is_err());
    /// assert!(ErlangA::new(t, 1_000_000_001, Duration::from_secs(90)).is_err());
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn new(traffic: Traffic, agents: u32, patience: Duration) -> Result<Self> {
        Self::build(traffic, check_agents(f64::from(agents))?, patience)
    }

    /// Erlang A with a real number of agents (the continuous extension of
    /// every formula above in `N`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) if
    /// `agents` is not in `[1e-6, 1e9]`, `patience` is zero, or
    /// `agents x patience / AHT` or `arrival rate x patience` exceeds `1e15`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangA, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(5.0, Duration::from_secs(240))?;
    /// let p = Duration::from_secs(90);
    /// let mid = ErlangA::with_fractional_agents(t, 5.5, p)?.prob_abandon();
    /// assert!(mid < ErlangA::new(t, 5, p)?.prob_abandon());
    /// assert!(mid > ErlangA::new(t, 6, p)?.prob_abandon());
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn with_fractional_agents(
        traffic: Traffic,
        agents: f64,
        patience: Duration,
    ) -> Result<Self> {
        Self::build(traffic, check_agents(agents)?, patience)
    }

    fn build(traffic: Traffic, agents: f64, patience: Duration) -> Result<Self> {
        Self::build_with(traffic, agents, patience, None)
    }

    /// Erlang A's queue above `agents` servers with another weight of the
    /// states below them: `finite` is the sum of their stationary
    /// probabilities relative to state `N` (`1/B - 1` for Erlang A itself;
    /// the chat model's balanced chain, [`crate::ChatModel`], passes its
    /// own). Every metric is then the one of that chain.
    pub(crate) fn with_finite_part(
        traffic: Traffic,
        agents: f64,
        patience: Duration,
        finite: Scaled,
    ) -> Result<Self> {
        Self::build_with(traffic, check_agents(agents)?, patience, Some(finite))
    }

    /// `1 / pi_N` and `J(x, y)`: the queue's mass relative to state `N`.
    pub(crate) fn denom_and_queue_mass(&self) -> (Scaled, Scaled) {
        (self.denom, self.j)
    }

    fn build_with(
        traffic: Traffic,
        agents: f64,
        patience: Duration,
        finite: Option<Scaled>,
    ) -> Result<Self> {
        if agents.is_nan() || agents < MIN_MODEL_AGENTS {
            return Err(invalid("agents", agents, "at least 1e-6"));
        }
        let patience_secs = patience.as_secs_f64();
        if patience_secs.is_nan() || patience_secs <= 0.0 {
            return Err(invalid("patience", patience_secs, "> 0"));
        }
        let ratio = patience_secs / traffic.aht_secs();
        let x = agents * ratio;
        // y = lambda / theta. The rate itself, when it is a normal double (so
        // results do not move by the rounding of another formula); else from
        // the load, which keeps its precision where the rate is subnormal or
        // has underflowed to 0 (4.9e-324 erlangs at a 10 s AHT).
        let rate = traffic.rate_per_sec();
        let y = if rate >= f64::MIN_POSITIVE {
            rate * patience_secs
        } else {
            traffic.load() * ratio
        };
        if x > 1e15 {
            return Err(invalid(
                "patience",
                patience_secs,
                "such that agents x patience / AHT <= 1e15",
            ));
        }
        if y > 1e15 {
            return Err(invalid(
                "patience",
                patience_secs,
                "such that arrival rate x patience <= 1e15",
            ));
        }
        let load = traffic.load();
        if load == 0.0 {
            return Ok(Self {
                traffic,
                agents,
                patience_secs,
                x,
                y: 0.0,
                qb: Scaled::plain(1.0),
                served_after_wait: Scaled::plain(0.0),
                denom: Scaled::plain(1.0),
                j: Scaled::plain(1.0),
                ln_inv_d: 0.0,
                prob_wait: 0.0,
                prob_served: 1.0,
            });
        }
        let qb = finite.unwrap_or_else(|| inv_blocking_minus_one(agents, load));
        let (j, served_after_wait) = j_pair(x, y);
        let denom = qb.add(j);
        Ok(Self {
            traffic,
            agents,
            patience_secs,
            x,
            y,
            qb,
            served_after_wait,
            denom,
            j,
            // (`j` is an ordinary number when `y` underflows to 0)
            ln_inv_d: if y > 0.0 { ln_inv_prefix(x, y) } else { 0.0 },
            prob_wait: j.ratio(denom).clamp(0.0, 1.0),
            prob_served: qb.add(served_after_wait).ratio(denom).clamp(0.0, 1.0),
        })
    }

    /// The traffic the model was built with.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangA, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(5.0, Duration::from_secs(240))?;
    /// assert_eq!(ErlangA::new(t, 4, Duration::from_secs(90))?.traffic().load(), 5.0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn traffic(&self) -> &Traffic {
        &self.traffic
    }

    /// Number of agents.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangA, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(5.0, Duration::from_secs(240))?;
    /// assert_eq!(ErlangA::new(t, 4, Duration::from_secs(90))?.agents(), 4.0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn agents(&self) -> f64 {
        self.agents
    }

    /// Mean patience in seconds.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangA, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(5.0, Duration::from_secs(240))?;
    /// assert_eq!(ErlangA::new(t, 4, Duration::from_secs(90))?.patience_secs(), 90.0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn patience_secs(&self) -> f64 {
        self.patience_secs
    }

    /// Probability that an arriving contact finds every agent busy and waits.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangA, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(5.0, Duration::from_secs(240))?;
    /// let m = ErlangA::new(t, 6, Duration::from_secs(90))?;
    /// assert!(m.prob_wait() > 0.0 && m.prob_wait() < 1.0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn prob_wait(&self) -> f64 {
        self.prob_wait
    }

    /// Probability that an arriving contact abandons before being answered.
    ///
    /// # Formula
    ///
    /// `P(abandon) = theta E[queue] / lambda` (abandonment flow balance).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangA, Traffic};
    /// use std::time::Duration;
    ///
    /// // Heavily overloaded: at least 1 - N/A of contacts must abandon.
    /// let t = Traffic::from_load(40.0, Duration::from_secs(300))?;
    /// let m = ErlangA::new(t, 20, Duration::from_secs(60))?;
    /// assert!(m.prob_abandon() >= 0.5);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn prob_abandon(&self) -> f64 {
        self.queue_and_abandon().1
    }

    /// The mean queue length and `P(abandon) = E[queue] / y`, from one
    /// evaluation of the queue sum. The division by `y` comes before the
    /// one by `1 / pi_N`: at tiny loads the queue length (of order `A y`)
    /// underflows while `P(abandon)` (of order `A`) does not.
    pub(crate) fn queue_and_abandon(&self) -> (f64, f64) {
        if self.idle() {
            return (0.0, 0.0);
        }
        if self.y < TINY {
            // the queue is y P(abandon), below 1e-200 (0 when y is)
            let abandon = self.weighted_over_y().ratio(self.denom).clamp(0.0, 1.0);
            return (abandon * self.y, abandon);
        }
        let weighted = self.weighted();
        let abandon = weighted.mul(1.0 / self.y).ratio(self.denom);
        (weighted.ratio(self.denom), abandon.clamp(0.0, 1.0))
    }

    /// Whether nothing arrives (a zero load): every queue metric is 0.
    fn idle(&self) -> bool {
        self.traffic.load() == 0.0
    }

    /// `sum_k k y^k / ((x+1)...(x+k))`: the queue length relative to `pi_N`.
    fn weighted(&self) -> Scaled {
        weighted_sum(self.x, self.y)
    }

    /// The weighted sum over `y`, with its `y -> 0` limit `1 / (x + 1)`
    /// below [`TINY`] (the next term, `2 y / ((x+1)(x+2))`, is below
    /// `2e-200` relative).
    fn weighted_over_y(&self) -> Scaled {
        if self.y < TINY {
            Scaled::plain(1.0 / (self.x + 1.0))
        } else {
            self.weighted().mul(1.0 / self.y)
        }
    }

    /// Probability that a contact that has to wait abandons.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangA, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(5.0, Duration::from_secs(240))?;
    /// let m = ErlangA::new(t, 6, Duration::from_secs(90))?;
    /// let p = m.prob_abandon_given_wait();
    /// assert!((p * m.prob_wait() - m.prob_abandon()).abs() < 1e-15);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn prob_abandon_given_wait(&self) -> f64 {
        if self.idle() {
            return 0.0;
        }
        if self.y < TINY {
            return self.weighted_over_y().ratio(self.j).clamp(0.0, 1.0);
        }
        // E[queue] / (y P(wait)) = weighted sum / (y J): no division by a tiny P(wait).
        (self.weighted().ratio(self.j) / self.y).clamp(0.0, 1.0)
    }

    /// Probability that a contact is answered (`1 - P(abandon)`, computed
    /// without cancellation).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangA, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(5.0, Duration::from_secs(240))?;
    /// let m = ErlangA::new(t, 6, Duration::from_secs(90))?;
    /// assert!((m.prob_answered() + m.prob_abandon() - 1.0).abs() < 1e-14);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn prob_answered(&self) -> f64 {
        self.prob_served
    }

    /// Mean number of contacts waiting in the queue.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangA, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(5.0, Duration::from_secs(240))?;
    /// let m = ErlangA::new(t, 6, Duration::from_secs(90))?;
    /// // Little's law: queue length = arrival rate x mean wait of all arrivals.
    /// let little = t.rate_per_sec() * m.mean_wait_secs();
    /// assert!((m.mean_queue_length() - little).abs() < 1e-12);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn mean_queue_length(&self) -> f64 {
        self.queue_and_abandon().0
    }

    /// Mean time in queue of all arrivals (answered and abandoned), in seconds:
    /// `P(abandon) x patience`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangA, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(5.0, Duration::from_secs(240))?;
    /// let m = ErlangA::new(t, 6, Duration::from_secs(90))?;
    /// assert!((m.mean_wait_secs() - m.prob_abandon() * 90.0).abs() < 1e-12);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn mean_wait_secs(&self) -> f64 {
        self.prob_abandon() * self.patience_secs
    }

    /// Average speed of answer of the answered contacts, in seconds
    /// (zero waits included, abandoned contacts excluded).
    ///
    /// # Formula
    ///
    /// `E[W ; answered] = pi_N (x / theta) integral_0^inf s exp(-(x+1) s + y (1 - e^-s)) ds`,
    /// divided by `P(answered)`. The integral equals `(J - c dJ/dc) / c^2`
    /// with `c = x + 1`, `J = J(c, y)`, and is computed from the derivative
    /// of the series or of Temme's expansion where `J` is computed that way,
    /// else by Gauss-Legendre panels around its mode (see
    /// `docs/queueing.md`; relative error about `1e-14`, worst measured
    /// `3.4e-14`).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangA, ErlangC, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(10.0, Duration::from_secs(180))?;
    /// let a = ErlangA::new(t, 12, Duration::from_secs(300))?;
    /// // Impatient contacts leave the queue, so the answered ones wait less.
    /// assert!(a.asa_answered_secs() < ErlangC::new(t, 12)?.asa_secs());
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn asa_answered_secs(&self) -> f64 {
        if self.idle() {
            return 0.0;
        }
        // M(x+1, y) and J(x+1, y) computed at the same point carry the same
        // large exponent ln(1/D(x+1, y)), so their ratio involves no rounded
        // difference of large exponents.
        let integral = first_moment(self.x + 1.0, self.y);
        let served_after_wait = gamma_ratios(self.x + 1.0, self.y)
            .p
            .mul(self.x / (self.x + 1.0));
        integral
            .mul(self.x * self.patience_secs)
            .ratio(self.qb.add(served_after_wait))
    }

    /// Agent occupancy: the mean fraction of agents busy, `A P(answered) / N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangA, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(30.0, Duration::from_secs(180))?;
    /// let m = ErlangA::new(t, 20, Duration::from_secs(60))?;
    /// assert!(m.occupancy() < 1.0 && m.occupancy() > 0.9);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn occupancy(&self) -> f64 {
        (self.traffic.load() * self.prob_served / self.agents).min(1.0)
    }

    /// `P(offered wait > t)` and `P(answered and wait > t)` at `t`.
    fn tails(&self, t: f64) -> (f64, f64) {
        let tau = t / self.patience_secs;
        // y u is a double; below tau = ln 2 its rounding (up to half an ulp
        // of y) is a shift of tau by up to 1e-16 that `growth` and `shift`
        // would not see, and the tail moves by that shift times its density
        // (per unit of tau about sqrt(x): 3.5e-10 at N = A = 1e4 with patience
        // 1e11 AHT). So the tails are evaluated at the tau_r that the double
        // y u stands for exactly, with y (1 - u) = y - y u exact (Sterbenz),
        // and moved back to tau by their derivative below.
        // (Above ln 2 the same rounding is a relative change of tau of an
        // ulp: the threshold's own rounding.)
        let (tau_r, u, y_u, growth) = {
            // y (1 - e^-tau), accurately for small tau
            let growth = -self.y * (-tau).exp_m1();
            let y_u = self.y - growth;
            if tau < std::f64::consts::LN_2 && y_u > 0.0 {
                let exact_growth = self.y - y_u;
                let tau_r = (exact_growth / y_u).ln_1p();
                (tau_r, y_u / self.y, y_u, exact_growth)
            } else {
                let u = (-tau).exp();
                (tau, u, self.y * u, growth)
            }
        };
        let (j, j1) = j_pair(self.x, y_u);
        // J(x, y u) e^(y (1-u) - x tau): when J(x, y u) is a large ratio its
        // exponent is ln(1/D(x, y u)), and ln(1/D(x, y u)) + y (1-u) - x tau
        // = ln(1/D(x, y)) exactly, so the exponent is replaced, not rounded
        // twice: the tail and P(wait) then share one exponent.
        //
        // When J(x, y u) is an ordinary number but J(x, y) is a large ratio
        // (overload, y > x, and u small enough that y u < x), `shift` is
        // large (5e5 at 1e8 erlangs and 10 % overload) and its rounding
        // would be a relative error of the tail of that many ulps. There
        // J(x, y u) e^shift = P(x, y u) / D(x, y) is written as
        // J(x, y u) D(x, y u) with the exponent ln(1/D(x, y)) of J(x, y):
        // the exponent cancels in the ratio to P(wait) exactly, and
        // ln(1/D(x, y u)) is rounded only where e^-ln(1/D(x, y u)) is small
        // to match (ln(1/D) > -0.13 always). `y u = 0` (u underflowed) keeps the
        // shift: P(x, 0) = 0 would drop a tail that is not 0 for tiny x.
        let shift = growth - self.x * tau_r;
        let scale_to_denom = if self.j.is_large() && y_u > 0.0 {
            Some((-ln_inv_prefix(self.x, y_u)).exp())
        } else {
            None
        };
        let rescale = |r: Scaled| {
            if r.is_large() {
                r.with_exponent(self.ln_inv_d)
            } else if let Some(d) = scale_to_denom {
                r.mul(d).with_exponent(self.ln_inv_d)
            } else {
                r.mul_exp(shift)
            }
        };
        let virtual_tail = rescale(j).ratio(self.denom);
        // The factor e^-tau goes into the mantissa: added to an exponent
        // near 1e8 (a billion erlangs in overload) it would be rounded to
        // the exponent's ulp, 1.5e-8, a relative error of that size.
        let served_tail = rescale(j1).mul(u).ratio(self.denom);
        // Back from tau_r to tau: d P(V > t) / d tau = -pi_N x e^shift, and
        // the answered tail's derivative carries the factor u as well. The
        // step is taken on the logarithm (tail x e^(step x hazard)), exact
        // for the exponential tail of a long-patience queue, whose hazard
        // x - y can be 1e4 times the step's reciprocal (a first-order step
        // left 2e-11 at 1e6 erlangs, patience 1e9 AHT, within 1 ms).
        let step = tau_r - tau;
        let (virtual_tail, served_tail) = if step == 0.0 {
            (virtual_tail, served_tail)
        } else {
            let density = Scaled::plain(self.x).mul_exp(shift).ratio(self.denom);
            let back = |tail: f64, density: f64| {
                if tail > 0.0 {
                    tail * (step * density / tail).exp()
                } else {
                    tail
                }
            };
            (back(virtual_tail, density), back(served_tail, density * u))
        };
        (virtual_tail.clamp(0.0, 1.0), served_tail.clamp(0.0, 1.0))
    }

    /// Service level at `threshold` (wait `<= threshold`) under the chosen
    /// treatment of abandoned contacts.
    ///
    /// # Formula
    ///
    /// With `V` the offered wait and `tau` the patience of an arrival,
    /// `AnsweredWithinOverOffered = P(V <= t, tau > V)`,
    /// `AnsweredWithinOverAnswered = P(V <= t | tau > V)`,
    /// `AbandonsWithinCountAsMet = P(min(V, tau) <= t)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangA, ServiceLevelConvention, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(10.0, Duration::from_secs(180))?;
    /// let m = ErlangA::new(t, 11, Duration::from_secs(120))?;
    /// let c = ServiceLevelConvention::AnsweredWithinOverOffered;
    /// let sl0 = m.service_level(Duration::ZERO, c);
    /// assert!((sl0 - (1.0 - m.prob_wait())).abs() < 1e-14);
    /// assert!(m.service_level(Duration::from_secs(20), c) > sl0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn service_level(&self, threshold: Duration, convention: ServiceLevelConvention) -> f64 {
        if self.idle() {
            return 1.0;
        }
        let t = threshold.as_secs_f64();
        let (virtual_tail, served_tail) = self.tails(t);
        let sl = match convention {
            ServiceLevelConvention::AnsweredWithinOverOffered => self.prob_served - served_tail,
            ServiceLevelConvention::AnsweredWithinOverAnswered => {
                if self.prob_served > 0.0 {
                    1.0 - served_tail / self.prob_served
                } else {
                    0.0
                }
            }
            ServiceLevelConvention::AbandonsWithinCountAsMet => {
                1.0 - (-t / self.patience_secs).exp() * virtual_tail
            }
        };
        sl.clamp(0.0, 1.0)
    }
}
