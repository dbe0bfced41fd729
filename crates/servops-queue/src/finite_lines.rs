//! Finite trunk lines: M/M/N/K (no abandonment) and M/M/N/K+M (exponential
//! patience). A contact that finds all `K` lines busy (`N` in service and
//! `K - N` waiting) hears a busy signal and is lost.

use std::time::Duration;

use crate::erlang_a::{ErlangA, ServiceLevelConvention};
use crate::erlang_b::{check_agents, inv_blocking_minus_one};
use crate::error::{Result, invalid};
use crate::special::{Scaled, gamma_ratios, j_pair, ln_inv_prefix};
use crate::traffic::Traffic;

/// Most waiting positions the birth-death sums of the patience model visit
/// (about 20 ms). Beyond it the sums stop early where their terms have
/// become negligible, or the model is Erlang A to within `e^-60`; only a
/// queue whose probability is spread over more positions than this (an
/// extremely long patience on very many lines) is refused.
pub(crate) const MAX_TERMS: u64 = 1 << 22;

/// Relative size below which the rest of a birth-death sum is dropped.
const NEGLIGIBLE: f64 = 1e-18;

/// Most waiting states the service level sums over term by term; with
/// more it integrates the wait density instead.
const DIRECT_MAX_TERMS: u64 = 50_000;

/// Bound on the integrand evaluations of one service level (beyond it,
/// each panel gets one Gauss-Kronrod rule).
const MAX_EVALUATIONS: usize = 60_000;

/// Bound on the integrand evaluations of one panel.
const PANEL_EVALUATIONS: usize = 3_000;

/// The finite-lines model: `N` agents, `K >= N` trunk lines, Poisson
/// arrivals, exponential handle times and optionally exponential patience.
/// Arrivals that find every line busy are blocked (busy signal); the others
/// are answered at once, or wait in FCFS order, abandoning if their patience
/// runs out first (M/M/N/K+M). Without patience it is M/M/N/K; with `K = N`
/// it is Erlang B, and as `K` grows it becomes Erlang C (load below the
/// agents) or Erlang A. This is the core of the "Erlang X" calculators that
/// size agents and lines together.
///
/// Every probability is a fraction of *offered* contacts (blocked ones
/// included) unless its name says otherwise, so
/// `prob_blocked + prob_abandon + prob_answered = 1`.
///
/// # Formula
///
/// With `mu = 1/AHT`, `theta = 1/patience`, `A = lambda/mu`, `L = K - N`
/// waiting positions, `x = N mu / theta`, `y = lambda / theta`, the
/// stationary distribution of the birth-death chain is the infinite one
/// truncated at `K`:
///
/// ```text
/// pi_{N+m} = pi_N t_m,  t_m = y^m / ((x+1)...(x+m))  (no patience: t_m = (A/N)^m),  m = 0..L
/// 1 / pi_N = (1/B(N, A) - 1) + sum_{m=0}^{L} t_m
/// ```
///
/// Blocking is `pi_K = pi_N t_L`; an arrival waits with probability
/// `pi_N sum_{m<L} t_m`; `P(abandon) = E[queue] / y`. An accepted arrival
/// that finds `m` waiting is answered after a sum of exponentials of rates
/// `N mu + k theta`, `k = 0..m`, so the wait `V` it would face (ignoring its
/// own patience) has, over offered contacts, the density on `s > 0`
///
/// ```text
/// f(s) = pi_N N mu e^(-N mu s) sum_{m<L} z^m / m! = pi_N N mu e^(-N mu s) e^z Q(L, z),  z = y (1 - e^(-theta s))
/// ```
///
/// (`z = lambda s` without patience), `Q` the regularised upper incomplete
/// gamma function. An arrival is answered within `t` if it does not wait,
/// or if `V <= t` and its patience exceeds `V`.
///
/// # Errors
///
/// [`Error::InvalidParameter`](crate::Error::InvalidParameter) for zero
/// agents or more than `1e9`, fewer lines than agents, a zero patience, a
/// patience so long that `agents x patience / AHT` or `arrival rate x
/// patience` exceeds `1e15` (as [`ErlangA`]), or (with patience) a queue
/// whose probability is spread over more than `2^22` waiting positions.
///
/// # Accuracy
///
/// Against 40-digit sums over the birth-death chain
/// (`gen/finite_lines_reference.py`; 53 fixed cases and 200 random ones, `N`
/// from 1 to 1e5, loads from 1e-6 erlangs to 3 `N`, up to 200,000 waiting
/// positions, patience 0.01 to 1e4 AHT or none): probabilities and service
/// levels within `4.3e-15` absolute (worst measured), queue length, ASA and
/// mean wait within `2e-13` relative, blocking within `2e-12` relative (the
/// worst on values far below `1e-20`, computed from prefixes with
/// exponents of several hundred; `1.9e-13` on the fixed cases). With
/// `K = N` the blocking is [`erlang_b`](fn@crate::erlang_b)'s, bit for bit.
///
/// # Examples
///
/// ```
/// use servops_queue::{FiniteLines, Traffic, erlang_b};
/// use std::time::Duration;
///
/// // 20 erlangs on 20 agents with 25 lines and a 2-minute mean patience.
/// let t = Traffic::from_load(20.0, Duration::from_secs(180))?;
/// let m = FiniteLines::new(t, 20, 25, Some(Duration::from_secs(120)))?;
/// let total = m.prob_blocked() + m.prob_abandon() + m.prob_answered();
/// assert!((total - 1.0).abs() < 1e-14);
/// // With no waiting positions it is Erlang B.
/// let b = FiniteLines::new(t, 20, 20, None)?;
/// assert!((b.prob_blocked() - erlang_b(20, 20.0)?).abs() < 1e-15);
/// # Ok::<(), servops_queue::Error>(())
/// ```
///
/// # References
///
/// D. Gross, J. F. Shortle, J. M. Thompson and C. M. Harris (2008),
/// *Fundamentals of Queueing Theory*, 4th ed., 2.5 (M/M/c/K);
/// L. Kleinrock (1975), *Queueing Systems* vol. 1, 3.7;
/// O. Garnett, A. Mandelbaum and M. Reiman (2002), "Designing a call center
/// with impatient customers", M&SOM 4(3); A. Mandelbaum and S. Zeltyn
/// (2007), "Service engineering in action: the Palm/Erlang-A queue";
/// G. Koole, *Call Center Optimization* (2013) on Erlang X.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FiniteLines {
    traffic: Traffic,
    agents: u32,
    lines: u32,
    patience_secs: Option<f64>,
    /// `x` (patience) or `1` (no patience): the decay rate of the wait
    /// density in its integration variable.
    rate: f64,
    /// `y` (patience) or `A / N` (no patience).
    growth: f64,
    /// `1/B - 1`.
    qb: Scaled,
    /// `1 / pi_N`.
    denom: Scaled,
    /// `sum_{m<L} t_m`: waiting arrivals relative to `pi_N`.
    waiting: Scaled,
    /// `t_L`: blocked arrivals relative to `pi_N`.
    last: Scaled,
    /// `sum_m m t_m`: mean queue relative to `pi_N`.
    queue: Scaled,
    /// `sum_m m t_m / y`: P(abandon) relative to `pi_N` (patience only).
    queue_over_y: Scaled,
    /// `sum_{m<L} t_m x / (x + m + 1)`: answered after waiting, relative to `pi_N`.
    served: Scaled,
    /// `sum_{m<L} t_m x / (x+m+1) sum_{k=1}^{m+1} 1 / (x+k)`: answered
    /// contacts' total wait in units of the patience, relative to `pi_N`.
    answered_wait: Scaled,
    /// How many waiting states (`m = 0, 1, ...`) carry the waiting mass:
    /// `L`, or fewer where the rest of the sums is negligible.
    terms: u64,
    /// The first waiting state that carries mass (0, or in overload with a
    /// patience the first within `e^75` of the busiest state).
    first: u64,
    /// Set when the lines are beyond the reach of the queue (blocking below
    /// `e^-60` of the busiest state): every metric but blocking is Erlang A's.
    infinite: Option<ErlangA>,
}

/// The birth-death sums, relative to `pi_N`.
struct Sums {
    /// The first waiting state summed (the ones below are negligible).
    first: u64,
    terms: u64,
    /// `sum_m m t_m / y` (with patience): `P(abandon) / pi_N`, summed
    /// without dividing by `y` (which may be subnormal).
    queue_over_y: Scaled,
    total: Scaled,
    waiting: Scaled,
    last: Scaled,
    queue: Scaled,
    served: Scaled,
    answered_wait: Scaled,
}

impl FiniteLines {
    /// `agents` agents on `lines` trunk lines; `patience` is the mean
    /// patience of waiting contacts (`None`: nobody abandons, M/M/N/K).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) if
    /// `agents` is 0 or above `1e9`, `lines < agents`, `patience` is zero,
    /// `agents x patience / AHT` or `arrival rate x patience` exceeds `1e15`,
    /// or (with patience) the queue's probability is spread over more than
    /// `2^22` waiting positions (far beyond any contact centre: a patience
    /// of about a million AHTs on as many lines).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{Error, FiniteLines, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(8.0, Duration::from_secs(240))?;
    /// assert!(FiniteLines::new(t, 10, 15, None).is_ok());
    /// let err = FiniteLines::new(t, 10, 9, None).unwrap_err();
    /// assert!(matches!(err, Error::InvalidParameter { name: "lines", .. }));
    /// assert!(FiniteLines::new(t, 0, 15, None).is_err());
    /// assert!(FiniteLines::new(t, 10, 15, Some(Duration::ZERO)).is_err());
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn new(
        traffic: Traffic,
        agents: u32,
        lines: u32,
        patience: Option<Duration>,
    ) -> Result<Self> {
        let n = check_agents(f64::from(agents))?;
        if agents == 0 {
            return Err(invalid("agents", 0.0, ">= 1"));
        }
        if lines < agents {
            return Err(invalid("lines", f64::from(lines), ">= agents"));
        }
        let waiting_positions = u64::from(lines - agents);
        let load = traffic.load();
        let patience_secs = match patience {
            None => None,
            Some(p) => {
                let secs = p.as_secs_f64();
                if secs.is_nan() || secs <= 0.0 {
                    return Err(invalid("patience", secs, "> 0"));
                }
                Some(secs)
            }
        };
        let (rate, growth) = match patience_secs {
            None => (1.0, load / n),
            Some(p) => {
                let ratio = p / traffic.aht_secs();
                let x = n * ratio;
                // as ErlangA: the rate itself unless it is subnormal
                let r = traffic.rate_per_sec();
                let y = if r >= f64::MIN_POSITIVE {
                    r * p
                } else {
                    load * ratio
                };
                if x > 1e15 {
                    return Err(invalid(
                        "patience",
                        p,
                        "such that agents x patience / AHT <= 1e15",
                    ));
                }
                if y > 1e15 {
                    return Err(invalid(
                        "patience",
                        p,
                        "such that arrival rate x patience <= 1e15",
                    ));
                }
                (x, y)
            }
        };
        let mut model = Self {
            traffic,
            agents,
            lines,
            patience_secs,
            rate,
            growth,
            qb: Scaled::plain(1.0),
            denom: Scaled::plain(1.0),
            waiting: Scaled::plain(0.0),
            last: Scaled::plain(0.0),
            queue: Scaled::plain(0.0),
            queue_over_y: Scaled::plain(0.0),
            served: Scaled::plain(0.0),
            answered_wait: Scaled::plain(0.0),
            terms: 0,
            first: 0,
            infinite: None,
        };
        if load == 0.0 {
            return Ok(model);
        }
        model.qb = inv_blocking_minus_one(n, load);
        let sums = match patience {
            None => geometric_sums(load, n, waiting_positions),
            Some(p) => {
                let (x, y) = (rate, growth);
                // many lines past the queue's reach: Erlang A at once
                let far = waiting_positions > MAX_TERMS && beyond_reach(x, y, waiting_positions);
                let summed = if far {
                    None
                } else {
                    match patience_sums(x, y, waiting_positions) {
                        Some(s) => Some(s),
                        None => {
                            return Err(invalid(
                                "lines",
                                f64::from(lines),
                                "such that the queue's probability is spread over at most 2^22 waiting positions",
                            ));
                        }
                    }
                };
                match summed {
                    Some(s) => s,
                    None => {
                        // Erlang A with the (negligible) blocking of state K
                        let a = ErlangA::new(traffic, agents, p)?;
                        model.infinite = Some(a);
                        let l = waiting_positions as f64;
                        let ln_last = ln_inv_prefix(x, y) - ln_inv_prefix(x + l, y);
                        let (j, served) = j_pair(x, y);
                        Sums {
                            first: 0,
                            terms: 0,
                            total: j,
                            waiting: j,
                            last: Scaled::new(1.0, ln_last),
                            queue: Scaled::plain(0.0),
                            queue_over_y: Scaled::plain(0.0),
                            served,
                            answered_wait: Scaled::plain(0.0),
                        }
                    }
                }
            }
        };
        model.denom = model.qb.add(sums.total);
        model.waiting = sums.waiting;
        model.last = sums.last;
        model.queue = sums.queue;
        model.queue_over_y = sums.queue_over_y;
        model.served = sums.served;
        model.answered_wait = sums.answered_wait;
        model.terms = sums.terms;
        model.first = sums.first;
        Ok(model)
    }

    /// The traffic the model was built with.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{FiniteLines, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(8.0, Duration::from_secs(240))?;
    /// assert_eq!(FiniteLines::new(t, 10, 12, None)?.traffic().load(), 8.0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn traffic(&self) -> &Traffic {
        &self.traffic
    }

    /// Number of agents `N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{FiniteLines, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(8.0, Duration::from_secs(240))?;
    /// assert_eq!(FiniteLines::new(t, 10, 12, None)?.agents(), 10);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn agents(&self) -> u32 {
        self.agents
    }

    /// Number of trunk lines `K` (agents plus waiting positions).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{FiniteLines, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(8.0, Duration::from_secs(240))?;
    /// assert_eq!(FiniteLines::new(t, 10, 12, None)?.lines(), 12);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn lines(&self) -> u32 {
        self.lines
    }

    /// Mean patience in seconds (`None`: no abandonment).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{FiniteLines, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(8.0, Duration::from_secs(240))?;
    /// let m = FiniteLines::new(t, 10, 12, Some(Duration::from_secs(90)))?;
    /// assert_eq!(m.patience_secs(), Some(90.0));
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn patience_secs(&self) -> Option<f64> {
        self.patience_secs
    }

    fn idle(&self) -> bool {
        self.traffic.load() == 0.0
    }

    /// Probability that an offered contact finds every line busy and is
    /// blocked (busy signal): `pi_K`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{FiniteLines, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(10.0, Duration::from_secs(180))?;
    /// let few = FiniteLines::new(t, 10, 12, None)?.prob_blocked();
    /// let many = FiniteLines::new(t, 10, 20, None)?.prob_blocked();
    /// assert!(many < few);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn prob_blocked(&self) -> f64 {
        if self.idle() {
            return 0.0;
        }
        self.last.ratio(self.denom).clamp(0.0, 1.0)
    }

    /// Probability that an offered contact gets a line but finds every
    /// agent busy, and waits (a fraction of offered contacts).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ErlangC, FiniteLines, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(10.0, Duration::from_secs(180))?;
    /// let m = FiniteLines::new(t, 12, 200, None)?;
    /// assert!((m.prob_wait() - ErlangC::new(t, 12)?.prob_wait()).abs() < 1e-14);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn prob_wait(&self) -> f64 {
        if self.idle() {
            return 0.0;
        }
        if let Some(a) = &self.infinite {
            return a.prob_wait();
        }
        self.waiting.ratio(self.denom).clamp(0.0, 1.0)
    }

    /// Probability that an *accepted* contact (one that got a line) waits:
    /// `P(wait) / (1 - P(blocked))`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{FiniteLines, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(10.0, Duration::from_secs(180))?;
    /// let m = FiniteLines::new(t, 10, 12, None)?;
    /// let expected = m.prob_wait() / (1.0 - m.prob_blocked());
    /// assert!((m.prob_wait_given_accepted() - expected).abs() < 1e-15);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn prob_wait_given_accepted(&self) -> f64 {
        if self.idle() {
            return 0.0;
        }
        if let Some(a) = &self.infinite {
            return a.prob_wait();
        }
        self.waiting
            .ratio(self.qb.add(self.waiting))
            .clamp(0.0, 1.0)
    }

    /// Probability that an offered contact abandons after getting a line
    /// (0 without patience).
    ///
    /// # Formula
    ///
    /// `P(abandon) = theta E[queue] / lambda` (abandonment flow balance).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{FiniteLines, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(30.0, Duration::from_secs(180))?;
    /// let m = FiniteLines::new(t, 25, 40, Some(Duration::from_secs(60)))?;
    /// assert!(m.prob_abandon() > 0.0 && m.prob_abandon() < m.prob_wait());
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn prob_abandon(&self) -> f64 {
        if self.idle() || self.patience_secs.is_none() {
            return 0.0;
        }
        if let Some(a) = &self.infinite {
            return a.prob_abandon();
        }
        self.queue_over_y.ratio(self.denom).clamp(0.0, 1.0)
    }

    /// Probability that an offered contact is answered:
    /// `1 - P(blocked) - P(abandon)`, computed without cancellation.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{FiniteLines, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(12.0, Duration::from_secs(180))?;
    /// let m = FiniteLines::new(t, 10, 14, Some(Duration::from_secs(120)))?;
    /// let lost = m.prob_blocked() + m.prob_abandon();
    /// assert!((m.prob_answered() + lost - 1.0).abs() < 1e-14);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn prob_answered(&self) -> f64 {
        if self.idle() {
            return 1.0;
        }
        if let Some(a) = &self.infinite {
            return a.prob_answered();
        }
        self.qb.add(self.served).ratio(self.denom).clamp(0.0, 1.0)
    }

    /// Mean number of contacts waiting (holding a line but no agent).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{FiniteLines, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(10.0, Duration::from_secs(180))?;
    /// let m = FiniteLines::new(t, 10, 11, None)?;
    /// // at most one waiting position
    /// assert!(m.mean_queue_length() > 0.0 && m.mean_queue_length() < 1.0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn mean_queue_length(&self) -> f64 {
        if self.idle() {
            return 0.0;
        }
        if let Some(a) = &self.infinite {
            return a.mean_queue_length();
        }
        self.queue.ratio(self.denom)
    }

    /// Mean wait of *accepted* contacts (answered and abandoned, zero waits
    /// included; blocked contacts never queue) in seconds, by Little's law:
    /// `E[queue] / (lambda (1 - P(blocked)))`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{FiniteLines, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(10.0, Duration::from_secs(180))?;
    /// let m = FiniteLines::new(t, 11, 20, None)?;
    /// let little = m.mean_queue_length() / (t.rate_per_sec() * (1.0 - m.prob_blocked()));
    /// assert!((m.mean_wait_secs() - little).abs() < 1e-12 * little);
    /// // Without abandonment every accepted contact is answered: it is the ASA.
    /// assert!((m.mean_wait_secs() - m.asa_answered_secs()).abs() < 1e-12 * little);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn mean_wait_secs(&self) -> f64 {
        if self.idle() {
            return 0.0;
        }
        if let Some(a) = &self.infinite {
            return a.mean_wait_secs();
        }
        let accepted = self.qb.add(self.waiting);
        match self.patience_secs {
            // queue / lambda in units of AHT: t_m relative sums carry A
            None => self.queue.ratio(accepted) * self.traffic.aht_secs() / self.traffic.load(),
            Some(p) => self.queue_over_y.ratio(accepted) * p,
        }
    }

    /// Average speed of answer of answered contacts in seconds (zero waits
    /// included, blocked and abandoned contacts excluded).
    ///
    /// # Formula
    ///
    /// An arrival that finds `m` waiting is answered with probability
    /// `x / (x + m + 1)` and then has waited on average
    /// `sum_{k=1}^{m+1} 1 / (theta (x + k))`; summed over the chain and
    /// divided by `P(answered)`. Without patience, `E[queue] / (lambda P(answered))`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{FiniteLines, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(10.0, Duration::from_secs(180))?;
    /// let patient = FiniteLines::new(t, 11, 30, None)?.asa_answered_secs();
    /// let impatient = FiniteLines::new(t, 11, 30, Some(Duration::from_secs(60)))?.asa_answered_secs();
    /// assert!(impatient < patient);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn asa_answered_secs(&self) -> f64 {
        if self.idle() {
            return 0.0;
        }
        if let Some(a) = &self.infinite {
            return a.asa_answered_secs();
        }
        match self.patience_secs {
            None => self.mean_wait_secs(),
            Some(p) => self.answered_wait.ratio(self.qb.add(self.served)) * p,
        }
    }

    /// Agent occupancy: carried load over agents, `A P(answered) / N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{FiniteLines, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(30.0, Duration::from_secs(180))?;
    /// let m = FiniteLines::new(t, 20, 25, None)?;
    /// assert!(m.occupancy() > 0.95 && m.occupancy() < 1.0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn occupancy(&self) -> f64 {
        (self.carried_load() / f64::from(self.agents)).min(1.0)
    }

    /// Carried traffic in erlangs (answered contacts' load): `A P(answered)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{FiniteLines, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(12.0, Duration::from_secs(180))?;
    /// let m = FiniteLines::new(t, 10, 15, None)?;
    /// assert!((m.carried_load() + m.lost_load() - 12.0).abs() < 1e-12);
    /// assert!(m.carried_load() < 10.0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn carried_load(&self) -> f64 {
        self.traffic.load() * self.prob_answered()
    }

    /// Lost traffic in erlangs: the load of blocked and abandoned contacts,
    /// `A (P(blocked) + P(abandon))`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{FiniteLines, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(12.0, Duration::from_secs(180))?;
    /// let m = FiniteLines::new(t, 10, 10, None)?;
    /// // Erlang B: the lost traffic is A B(N, A).
    /// assert!((m.lost_load() - 12.0 * m.prob_blocked()).abs() < 1e-12);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn lost_load(&self) -> f64 {
        self.traffic.load() * (self.prob_blocked() + self.prob_abandon())
    }

    /// Service level at `threshold` (wait `<= threshold`) under the chosen
    /// convention. Blocked contacts are offered and never answered: they
    /// count against the service level in the two conventions over offered
    /// contacts, and are left out (like abandons) of the one over answered.
    ///
    /// # Formula
    ///
    /// With `V` the wait an accepted arrival would face and `tau` its patience:
    /// `AnsweredWithinOverOffered = P(accepted, V <= t, tau > V)` (over all
    /// offered, blocked included),
    /// `AnsweredWithinOverAnswered = P(V <= t | answered)`,
    /// `AbandonsWithinCountAsMet = P(accepted, min(V, tau) <= t)` (over all
    /// offered, blocked included). The integrals of the wait density `f`
    /// over `[0, t]` are taken by adaptive Gauss-Kronrod (7-15) quadrature on
    /// panels doubling in width, `f` being log-concave.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{FiniteLines, ServiceLevelConvention, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(10.0, Duration::from_secs(180))?;
    /// let m = FiniteLines::new(t, 11, 14, Some(Duration::from_secs(120)))?;
    /// let c = ServiceLevelConvention::AnsweredWithinOverOffered;
    /// let sl0 = m.service_level(Duration::ZERO, c);
    /// assert!((sl0 - (1.0 - m.prob_wait() - m.prob_blocked())).abs() < 1e-14);
    /// let sl20 = m.service_level(Duration::from_secs(20), c);
    /// assert!(sl20 > sl0 && sl20 < m.prob_answered());
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn service_level(&self, threshold: Duration, convention: ServiceLevelConvention) -> f64 {
        if self.idle() {
            return 1.0;
        }
        if let Some(a) = &self.infinite {
            return a.service_level(threshold, convention);
        }
        let t = threshold.as_secs_f64();
        let end = match self.patience_secs {
            Some(p) => t / p,
            None => t * f64::from(self.agents) / self.traffic.aht_secs(),
        };
        let (within, answered_within) = match self.wait_sums(end) {
            Some(sums) => sums,
            None => self.wait_integrals(end),
        };
        let answered = self.qb.add(self.waiting.mul(answered_within));
        let sl = match convention {
            ServiceLevelConvention::AnsweredWithinOverOffered => answered.ratio(self.denom),
            ServiceLevelConvention::AnsweredWithinOverAnswered => {
                answered.ratio(self.qb.add(self.served))
            }
            ServiceLevelConvention::AbandonsWithinCountAsMet => match self.patience_secs {
                None => answered.ratio(self.denom),
                Some(_) => {
                    let stay = (-end).exp();
                    let met = -(-end).exp_m1() + within * stay;
                    self.qb.add(self.waiting.mul(met)).ratio(self.denom)
                }
            },
        };
        sl.clamp(0.0, 1.0)
    }

    /// `(G, Ga)` of [`Self::wait_integrals`] as sums over the waiting
    /// states: `sum_m t_m P(V_m <= t) / sum_m t_m` and
    /// `sum_m t_m P(V_m <= t, answered) / sum_m t_m`, with
    /// `P(V_m > t) = I_u(x, m+1)`, `P(V_m > t, answered) = x / (x+m+1)
    /// I_u(x+1, m+1)` (`u = e^(-theta t)`; the incomplete beta function with
    /// a whole second parameter is a negative-binomial CDF), or without
    /// patience `P(V_m > t) = P(Poisson(N mu t) <= m)`. Terms are positive
    /// (`1 - CDF` loses only absolute precision, about `1e-16`). `None` when
    /// there are more than [`DIRECT_MAX_TERMS`] waiting states to visit.
    fn wait_sums(&self, end: f64) -> Option<(f64, f64)> {
        if end <= 0.0 || self.terms <= self.first {
            return Some((0.0, 0.0));
        }
        if self.terms - self.first > DIRECT_MAX_TERMS {
            return None;
        }
        let top = self.terms - 1;
        let (x, y) = (self.rate, self.growth);
        let patience = self.patience_secs.is_some();
        let (mut answered, mut virtual_wait) = if patience {
            (
                CdfWalker::negative_binomial(x + 1.0, end, top),
                CdfWalker::negative_binomial(x, end, top),
            )
        } else {
            let w = CdfWalker::poisson(end, top);
            (w, w)
        };
        let shrink = 2.0_f64.powi(-600);
        let (mut t, mut all, mut within, mut within_answered) = (1.0_f64, 0.0, 0.0, 0.0);
        for m in self.first..=top {
            let stay = 1.0 - answered.cdf(m);
            all += t;
            if patience {
                let k = x + m as f64 + 1.0;
                within_answered += t * (x / k) * stay;
                within += t * (1.0 - virtual_wait.cdf(m));
                t *= y / k;
            } else {
                within_answered += t * stay;
                t *= y;
            }
            if t > 1e150 {
                t *= shrink;
                all *= shrink;
                within *= shrink;
                within_answered *= shrink;
            }
        }
        let ga = (within_answered / all).min(1.0);
        let g = if patience {
            (within / all).min(1.0)
        } else {
            ga
        };
        Some((g, ga))
    }

    /// `ln` of the wait density relative to `pi_N sum_{m<L} t_m` at `v`
    /// (`v = theta s` with patience, `N mu s` without).
    fn ln_density(&self, v: f64, ln_waiting: f64) -> f64 {
        let l = f64::from(self.lines - self.agents);
        // ln f = ln Q(L, z) + (z - rate v) + ln rate - ln(waiting); without
        // patience z - v = (rho - 1) v, with rho - 1 = (A - N) / N taken
        // directly so that at rho = 1 no rounding of z = rho v (1e-6
        // relative at z = 1e10) enters the density
        let (z, shift) = match self.patience_secs {
            Some(_) => {
                let z = -self.growth * (-v).exp_m1();
                (z, z - self.rate * v)
            }
            None => {
                let n = f64::from(self.agents);
                (self.growth * v, (self.traffic.load() - n) / n * v)
            }
        };
        ln_partial_q(l, z) + shift + self.rate.ln() - ln_waiting
    }

    /// `(G, Ga)`: the integrals over `[0, end]` of the normalised wait
    /// density, and of it times `e^-v` (answered before the patience ran
    /// out; the same as `G` without patience).
    fn wait_integrals(&self, end: f64) -> (f64, f64) {
        if end <= 0.0 || self.waiting.mantissa() == 0.0 {
            return (0.0, 0.0);
        }
        let ln_waiting = self.waiting.ln();
        let patience = self.patience_secs.is_some();
        let ln_density = |v: f64| self.ln_density(v, ln_waiting);
        let density = |v: f64| ln_density(v).exp();
        let mut budget = MAX_EVALUATIONS;
        let h0 = if patience {
            1.0 / (self.rate + self.growth + 1.0)
        } else {
            1.0 / (1.0 + self.growth)
        };
        // The density is log-concave: find its mode (doubling, then golden
        // section on ln f) and its scale there (where ln f has fallen by
        // about 1), and lay the panels out from the mode, doubling in width
        // on both sides. A peak far out and narrow (an Erlang(L) wait at
        // L = 1e5 is 300 wide at 1e5) is then never hidden between the
        // nodes of a wide panel.
        let mut hi = h0;
        let mut steps = 0;
        while ln_density(2.0 * hi) > ln_density(hi) && steps < 2100 {
            hi *= 2.0;
            steps += 1;
        }
        let mode = if ln_density(h0) <= ln_density(0.0) {
            0.0
        } else {
            // golden section on [hi / 2, 2 hi]
            let (mut a, mut b) = (0.5 * hi, 2.0 * hi);
            let ratio = 0.5 * (5.0_f64.sqrt() - 1.0);
            let (mut c, mut d) = (b - ratio * (b - a), a + ratio * (b - a));
            let (mut fc, mut fd) = (ln_density(c), ln_density(d));
            for _ in 0..200 {
                if b - a <= 1e-13 * b {
                    break;
                }
                if fc > fd {
                    b = d;
                    d = c;
                    fd = fc;
                    c = b - ratio * (b - a);
                    fc = ln_density(c);
                } else {
                    a = c;
                    c = d;
                    fc = fd;
                    d = a + ratio * (b - a);
                    fd = ln_density(d);
                }
            }
            0.5 * (a + b)
        };
        // scale: the distance over which ln f falls by about 1 from the mode
        let top = ln_density(mode);
        let mut h = h0.max(1e-3 * mode);
        for _ in 0..200 {
            let fall = top - ln_density(mode + h);
            if fall > 4.0 || !fall.is_finite() {
                h *= 0.5;
            } else if fall < 0.25 {
                h *= 2.0;
            } else {
                break;
            }
        }
        // ln f is a sum of terms as large as z and N mu s: its rounding
        // (about 1e-16 of them) is the integrand's noise, and the adaptive
        // rule must not chase it
        // (taken where the density lives: up to 8 scales past the mode)
        let reach = end.min(mode + 8.0 * h);
        let size = if patience {
            self.growth + self.rate * reach
        } else {
            let n = f64::from(self.agents);
            // (rho - 1) v and the incomplete gamma prefix near z = L
            ((self.traffic.load() - n) / n * reach).abs()
                + (f64::from(self.lines - self.agents)).sqrt()
        };
        let noise = 1e-15 * (size + ln_waiting.abs() + 1.0);
        let rel = noise.max(1e-11);
        let (mut g, mut ga) = (0.0, 0.0);
        // right of the mode, up to the threshold
        if mode < end {
            let (mut a, mut width) = (mode, h);
            let mut fa = density(a);
            loop {
                let b = (a + width).min(end);
                let given = PANEL_EVALUATIONS.min(budget).max(15);
                let mut panel = given;
                let (pg, pga) = gauss_kronrod(&density, a, b, patience, rel, &mut panel);
                budget = budget.saturating_sub(given - panel);
                g += pg;
                ga += pga;
                if b >= end {
                    break;
                }
                let fb = density(b);
                // past the mode the rest is at most f(b) / slope, the
                // slope at least ln(f(a)/f(b)) / (b - a)
                if fb == 0.0 || (fb < fa && fb * (b - a) / (fa / fb).ln() < NEGLIGIBLE) {
                    break;
                }
                fa = fb;
                a = b;
                width *= 2.0;
            }
        }
        // left of the mode (or of the threshold, if that comes first)
        let (mut b, mut width) = (mode.min(end), h);
        let mut fb = density(b);
        while b > 0.0 {
            let a = (b - width).max(0.0);
            let given = PANEL_EVALUATIONS.min(budget).max(15);
            let mut panel = given;
            let (pg, pga) = gauss_kronrod(&density, a, b, patience, rel, &mut panel);
            budget = budget.saturating_sub(given - panel);
            g += pg;
            ga += pga;
            let fa = density(a);
            // before the mode, the rest of [0, a] is at most f(a) / slope
            if fa == 0.0 || (fa < fb && fa * (b - a) / (fb / fa).ln() < NEGLIGIBLE) {
                break;
            }
            fb = fa;
            b = a;
            width *= 2.0;
        }
        (g.min(1.0), ga.min(1.0))
    }
}

/// The fewest trunk lines `K >= agents` that keep the probability of a busy
/// signal at or below `max_prob_blocked`, for `agents` agents and an
/// optional mean patience.
///
/// Blocking falls strictly as lines are added (the ratio of successive
/// birth-death terms, `y / (x + m + 1)` or `A / N`, is largest at the
/// bottom of the chain, so each new line adds relatively less mass than
/// the one before), so the search doubles the number of waiting positions
/// until the target is met, then bisects; it evaluates the model at the
/// answer and at the answer minus one. Decided by comparing the computed
/// blocking with the target, so exact except where the two agree to within
/// the model's accuracy (about `1e-13` relative).
///
/// # Errors
///
/// [`Error::InvalidParameter`](crate::Error::InvalidParameter) for the
/// inputs [`FiniteLines::new`] refuses, a `max_prob_blocked` outside
/// `(0, 1)`, or a target that no number of lines up to `u32::MAX` meets
/// (without patience and with a load `A` above the agents, blocking never
/// falls below `1 - N / A`).
///
/// # Examples
///
/// ```
/// use servops_queue::{FiniteLines, Traffic, lines_for_blocking};
/// use std::time::Duration;
///
/// // 20 agents at 19 erlangs: how many lines for at most 1 % busy signals?
/// let t = Traffic::from_load(19.0, Duration::from_secs(180))?;
/// let k = lines_for_blocking(&t, 20, None, 0.01)?;
/// assert!(FiniteLines::new(t, 20, k, None)?.prob_blocked() <= 0.01);
/// assert!(FiniteLines::new(t, 20, k - 1, None)?.prob_blocked() > 0.01);
/// // Overloaded without patience, no number of lines gets below 1 - N/A.
/// let over = Traffic::from_load(25.0, Duration::from_secs(180))?;
/// assert!(lines_for_blocking(&over, 20, None, 0.1).is_err());
/// assert!(lines_for_blocking(&over, 20, Some(Duration::from_secs(60)), 0.1).is_ok());
/// # Ok::<(), servops_queue::Error>(())
/// ```
pub fn lines_for_blocking(
    traffic: &Traffic,
    agents: u32,
    patience: Option<Duration>,
    max_prob_blocked: f64,
) -> Result<u32> {
    let target = crate::error::open_unit("max_prob_blocked", max_prob_blocked)?;
    let blocked = |k: u32| -> Result<f64> {
        Ok(FiniteLines::new(*traffic, agents, k, patience)?.prob_blocked())
    };
    if blocked(agents)? <= target {
        return Ok(agents);
    }
    // blocking(lo) > target; find hi with blocking(hi) <= target
    let mut lo = agents;
    let mut step: u32 = 1;
    let mut hi = loop {
        let k = lo.saturating_add(step);
        if blocked(k)? <= target {
            break k;
        }
        if k == u32::MAX {
            return Err(invalid(
                "max_prob_blocked",
                target,
                "above the blocking of u32::MAX lines (without patience and with load A > agents N, 1 - N/A)",
            ));
        }
        lo = k;
        step = step.saturating_mul(2);
    };
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if blocked(mid)? <= target {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(hi)
}

/// The CDF of a negative-binomial or Poisson law at `m = 0, 1, 2, ...` in
/// turn, by the ratio of successive probabilities, started where the
/// probabilities stop being negligible: the probability at the mode (or at
/// `top`, the largest `m` asked for, if that is below the mode) is computed
/// directly from Poisson-like prefixes whose exponents are small there,
/// then the walk goes down until the probabilities fall below `1e-30`, and
/// the CDF is accumulated upwards from that point.
#[derive(Debug, Clone, Copy)]
struct CdfWalker {
    /// `(r, 1 - u)` of NB(r, u), or `(z, 0)` for Poisson(z) (`poisson`).
    a: f64,
    b: f64,
    poisson: bool,
    /// The mode (past it, once the probabilities are negligible, the walk stops).
    mode: u64,
    /// Probability of `next`.
    p: f64,
    next: u64,
    /// Sum of the probabilities below `next`.
    cdf: f64,
}

impl CdfWalker {
    fn ratio(&self, i: u64) -> f64 {
        let i = i as f64;
        if self.poisson {
            self.a / (i + 1.0)
        } else {
            (self.a + i) * self.b / (i + 1.0)
        }
    }

    /// Starts at `anchor` with probability `p`, walking down first.
    fn start(mut self, anchor: u64, p: f64) -> Self {
        let (mut i, mut p) = (anchor, p);
        while i > 0 && p >= 1e-30 {
            let below = p / self.ratio(i - 1);
            if below < 1e-30 {
                break;
            }
            p = below;
            i -= 1;
        }
        self.p = p;
        self.next = i;
        self
    }

    /// Negative binomial NB(r, u) with `u = e^-tau`: `P(i) = Gamma(r+i) /
    /// (Gamma(r) i!) u^r (1-u)^i`, for `m` up to `top`.
    fn negative_binomial(r: f64, tau: f64, top: u64) -> Self {
        let u = (-tau).exp();
        let q = -(-tau).exp_m1();
        let walker = Self {
            a: r,
            b: q,
            poisson: false,
            mode: 0,
            p: 0.0,
            next: u64::MAX,
            cdf: 0.0,
        };
        if u < 1e-300 {
            // the law lives beyond 1e300: its CDF is 0 on 0..=top
            return walker;
        }
        let mode = if r > 1.0 {
            ((r - 1.0) * q / u).floor()
        } else {
            0.0
        };
        let anchor = mode.min(top as f64) as u64;
        let walker = Self {
            mode: mode as u64,
            ..walker
        };
        // NB(i; r, u) = u D(i, (r+i)(1-u)) D(r-1, (r+i)u) / D(r+i-1, r+i)
        let ln_p = if anchor == 0 {
            -r * tau
        } else {
            let i = anchor as f64;
            -tau - ln_inv_prefix(i, (r + i) * q) - ln_inv_prefix(r - 1.0, (r + i) * u)
                + ln_inv_prefix(r + i - 1.0, r + i)
        };
        walker.start(anchor, ln_p.exp())
    }

    /// Poisson with mean `z`, for `m` up to `top`.
    fn poisson(z: f64, top: u64) -> Self {
        let walker = Self {
            a: z,
            b: 0.0,
            poisson: true,
            mode: z.floor() as u64,
            p: 0.0,
            next: u64::MAX,
            cdf: 0.0,
        };
        let anchor = z.floor().min(top as f64) as u64;
        // P(i) = D(i, z)
        let ln_p = if anchor == 0 {
            -z
        } else {
            -ln_inv_prefix(anchor as f64, z)
        };
        walker.start(anchor, ln_p.exp())
    }

    /// `P(X <= m)`, for `m` increasing from call to call.
    fn cdf(&mut self, m: u64) -> f64 {
        while self.next <= m {
            if self.next > self.mode && self.p < 1e-25 {
                // past the mode the rest is below p / (1 - ratio): nothing
                self.next = u64::MAX;
                break;
            }
            self.cdf += self.p;
            self.p *= self.ratio(self.next);
            self.next += 1;
        }
        self.cdf.min(1.0)
    }
}

/// `ln Q(L, z) = ln(e^-z sum_{m<L} z^m / m!)` for `L >= 1`, `z >= 0`.
fn ln_partial_q(l: f64, z: f64) -> f64 {
    if z <= 0.0 {
        return 0.0;
    }
    // Poisson(z) reaches L with probability below 1e-20: Q = 1.
    if l > z + 40.0 * z.sqrt() + 50.0 {
        return 0.0;
    }
    let q = gamma_ratios(l, z).q;
    // Q / D with D = z^L e^-z / L!: Q = q D, and a large q carries the
    // exponent ln(1/D) exactly.
    if q.is_large() {
        q.mantissa().ln()
    } else {
        q.mantissa().ln() - ln_inv_prefix(l, z)
    }
}

/// Gauss-Kronrod 7-15 nodes on `[-1, 1]` (non-negative half), Kronrod weights.
const GK_NODES: [f64; 8] = [
    0.991_455_371_120_812_6,
    0.949_107_912_342_758_5,
    0.864_864_423_359_769_1,
    0.741_531_185_599_394_4,
    0.586_087_235_467_691_1,
    0.405_845_151_377_397_2,
    0.207_784_955_007_898_5,
    0.0,
];
const GK_WEIGHTS: [f64; 8] = [
    0.022_935_322_010_529_225,
    0.063_092_092_629_978_55,
    0.104_790_010_322_250_18,
    0.140_653_259_715_525_92,
    0.169_004_726_639_267_9,
    0.190_350_578_064_785_4,
    0.204_432_940_075_298_9,
    0.209_482_141_084_727_83,
];
/// Gauss 7-point weights for the odd-indexed Kronrod nodes (1, 3, 5, 7).
const GAUSS_WEIGHTS: [f64; 4] = [
    0.129_484_966_168_869_7,
    0.279_705_391_489_276_7,
    0.381_830_050_505_118_9,
    0.417_959_183_673_469_4,
];

/// Adaptive Gauss-Kronrod over `[a, b]` of `f` and of `f e^-v` (or `f`
/// again when `damped` is false), bisecting until the Kronrod-Gauss
/// difference is below `1e-17` absolute (the integrand is normalised to
/// unit total mass) or the evaluation budget runs out.
fn gauss_kronrod(
    f: &impl Fn(f64) -> f64,
    a: f64,
    b: f64,
    damped: bool,
    rel: f64,
    budget: &mut usize,
) -> (f64, f64) {
    // explicit stack: (a, b, depth)
    let mut stack: [(f64, f64, u32); 64] = [(0.0, 0.0, 0); 64];
    let mut top = 1;
    stack[0] = (a, b, 0);
    let (mut sum, mut sum_damped) = (0.0, 0.0);
    while top > 0 {
        top -= 1;
        let (lo, hi, depth) = stack[top];
        let mid = 0.5 * (lo + hi);
        let half = 0.5 * (hi - lo);
        let (mut kron, mut gauss, mut kron_d) = (0.0, 0.0, 0.0);
        for (i, (&node, &w)) in GK_NODES.iter().zip(GK_WEIGHTS.iter()).enumerate() {
            let points: &[f64] = if node == 0.0 {
                &[mid]
            } else {
                &[mid - half * node, mid + half * node]
            };
            for &v in points {
                let fv = f(v);
                kron += w * fv;
                if damped {
                    kron_d += w * fv * (-v).exp();
                }
                if i % 2 == 1 {
                    gauss += GAUSS_WEIGHTS[i / 2] * fv;
                }
            }
        }
        *budget = budget.saturating_sub(15);
        let (kron, gauss, kron_d) = (kron * half, gauss * half, kron_d * half);
        let err = (kron - gauss).abs();
        // The Gauss 7-point error bounds the Kronrod 15-point error far
        // from above on smooth integrands; `rel` (at least 1e-11) keeps the
        // test above the integrand's own rounding noise.
        let tol = 1e-17_f64.max(rel * kron.abs());
        if err <= tol
            || *budget == 0
            || depth >= 50
            || top + 2 > stack.len()
            || mid <= lo
            || mid >= hi
        {
            sum += kron;
            sum_damped += if damped { kron_d } else { kron };
        } else {
            stack[top] = (mid, hi, depth + 1);
            stack[top + 1] = (lo, mid, depth + 1);
            top += 2;
        }
    }
    (sum, sum_damped)
}

/// The sums of M/M/N/K in closed form: `t_m = rho^m`, `rho = A / N`.
fn geometric_sums(load: f64, n: f64, l: u64) -> Sums {
    // ln rho, accurately near rho = 1 (and finite for a subnormal load,
    // where (A - N) / N rounds to -1)
    let r = if load < 0.5 * n {
        load.ln() - n.ln()
    } else {
        ((load - n) / n).ln_1p()
    };
    let lf = l as f64;
    let (total, waiting, last) = if l == 0 {
        (Scaled::plain(1.0), Scaled::plain(0.0), Scaled::plain(1.0))
    } else if r > 0.0 {
        // rising terms: all three carry the one exponent r L, so that
        // their ratios do not depend on its rounding (at r L = 1e10 an ulp
        // of the exponent is 2e-6)
        let e = r * lf;
        let inv = -(-r).exp_m1();
        let total = -(-r * (lf + 1.0)).exp_m1() / inv;
        let waiting = (-r).exp() * (-(-r * lf).exp_m1()) / inv;
        (
            Scaled::new(total, e),
            Scaled::new(waiting, e),
            Scaled::new(1.0, e),
        )
    } else {
        (geometric(lf, r), geometric(lf - 1.0, r), exp_scaled(r * lf))
    };
    let queue = total.mul(truncated_geometric_mean(lf, r));
    // below rho^m = e^-50 the waiting states add nothing
    let terms = if r < 0.0 {
        l.min((50.0 / -r).ceil().min(1e18) as u64 + 1)
    } else {
        l
    };
    // rising terms: only the last 50 / ln(rho) states carry mass
    let first = if r > 0.0 {
        l.saturating_sub((50.0 / r).ceil().min(1e18) as u64 + 1)
    } else {
        0
    };
    Sums {
        first,
        terms,
        queue_over_y: Scaled::plain(0.0),
        total,
        waiting,
        last,
        queue,
        served: waiting,
        answered_wait: Scaled::plain(0.0),
    }
}

/// `e^e` as a [`Scaled`].
fn exp_scaled(e: f64) -> Scaled {
    if e == 0.0 {
        Scaled::plain(1.0)
    } else {
        Scaled::new(1.0, e)
    }
}

/// `sum_{m=0}^{n} e^(r m)` without overflow or cancellation.
fn geometric(n: f64, r: f64) -> Scaled {
    if r == 0.0 {
        return Scaled::plain(n + 1.0);
    }
    if r < 0.0 {
        Scaled::plain((r * (n + 1.0)).exp_m1() / r.exp_m1())
    } else {
        // e^(r n) sum_k e^(-r k)
        let m = (-r * (n + 1.0)).exp_m1() / (-r).exp_m1();
        if n == 0.0 {
            Scaled::plain(m)
        } else {
            Scaled::new(m, r * n)
        }
    }
}

/// Mean of the truncated geometric law `P(m) ~ e^(r m)` on `{0, ..., n}`:
/// `(h(r (n+1)) - h(r)) / r` with `h(u) = u / (1 - e^-u)`, and through the
/// series of `h(u) - 1 - u/2` where `r (n + 1)` is small (the difference
/// would cancel).
fn truncated_geometric_mean(n: f64, r: f64) -> f64 {
    if r == 0.0 || n == 0.0 {
        return 0.5 * n;
    }
    let u = r * (n + 1.0);
    if u.abs() < 0.1 {
        // h(u) - 1 - u/2 = u^2/12 - u^4/720 + u^6/30240 - u^8/1209600 + u^10/47900160
        let phi = |u: f64| {
            let s = u * u;
            s * (1.0 / 12.0
                + s * (-1.0 / 720.0
                    + s * (1.0 / 30_240.0 + s * (-1.0 / 1_209_600.0 + s / 47_900_160.0))))
        };
        // (phi(u) - phi(r)) / r, with phi(u) - phi(r) = (u - r) (...) via the
        // difference of even powers: exact enough as both are tiny and of
        // the same sign.
        0.5 * n + (phi(u) - phi(r)) / r
    } else {
        let h = |u: f64| -> f64 {
            if u == 0.0 {
                1.0
            } else if u > 700.0 {
                u
            } else {
                -u / (-u).exp_m1()
            }
        };
        (h(u) - h(r)) / r
    }
}

/// The sums with patience, term by term from `t_0 = 1` until `m = L` or
/// until the rest is negligible (`None` after [`MAX_TERMS`] terms).
fn patience_sums(x: f64, y: f64, l: u64) -> Option<Sums> {
    // every sum shares the scale exp(scale); rescaled by 2^-600 when t grows
    const RESCALE: f64 = 1e150;
    let shrink = 2.0_f64.powi(-600);
    let step_ln = 600.0 * std::f64::consts::LN_2;
    let (mut total, mut waiting, mut queue, mut served, mut answered) =
        (0.0_f64, 0.0_f64, 0.0_f64, 0.0_f64, 0.0_f64);
    // Deep in overload the terms rise for y - x states: start where they
    // come within e^75 of the busiest one, with t_first = D(x+first, y) /
    // D(x, y) carried as the scale, and the harmonic sum
    // sum_{k=1}^{first} 1 / (x + k) = psi(x + first + 1) - psi(x + 1).
    let first = first_significant(x, y, l);
    let mut m: u64 = first;
    let mut scale = if first == 0 {
        0.0
    } else {
        ln_inv_prefix(x, y) - ln_inv_prefix(x + first as f64, y)
    };
    let mut harmonic = if first == 0 {
        0.0
    } else {
        digamma_difference(x + 1.0, x + first as f64 + 1.0)
    };
    // t_m / y = t_{m-1} / (x + m), and sum_m m t_m / y
    let (mut t_over_y, mut queue_over_y) = (if first == 0 { 0.0 } else { 1.0 / y }, 0.0_f64);
    let mut t = 1.0_f64;
    let wrap = |v: f64, scale: f64| {
        if scale == 0.0 {
            Scaled::plain(v)
        } else {
            Scaled::new(v, scale)
        }
    };
    loop {
        let mf = m as f64;
        total += t;
        queue += mf * t;
        queue_over_y += mf * t_over_y;
        if m == l {
            return Some(Sums {
                first,
                terms: l,
                queue_over_y: wrap(queue_over_y, scale),
                total: wrap(total, scale),
                waiting: wrap(waiting, scale),
                last: wrap(t, scale),
                queue: wrap(queue, scale),
                served: wrap(served, scale),
                answered_wait: wrap(answered, scale),
            });
        }
        let k = x + mf + 1.0;
        let share = x / k;
        harmonic += 1.0 / k;
        waiting += t;
        served += t * share;
        answered += t * share * harmonic;
        let r = y / k;
        t_over_y = t / k;
        t *= r;
        if t > RESCALE {
            t *= shrink;
            t_over_y *= shrink;
            queue_over_y *= shrink;
            total *= shrink;
            waiting *= shrink;
            queue *= shrink;
            served *= shrink;
            answered *= shrink;
            scale += step_ln;
        }
        m += 1;
        // the ratios fall from here on: the rest is bounded geometrically
        let next = y / (k + 1.0);
        if next < 1.0 {
            let gap = 1.0 - next;
            let rest = t * (mf + 3.0) * (harmonic + 1.0) / (gap * gap);
            if t == 0.0 || rest < NEGLIGIBLE * queue.min(total).min(answered) {
                // P(abandon) keeps the state m it drops: when y underflowed
                // to 0, t_m is 0 but t_m / y = t_(m-1) / (x + m) is not
                queue_over_y += m as f64 * t_over_y;
                // t_L from t_m by the prefixes: t_L / t_m = D(x+L, y) / D(x+m, y)
                let last = if t == 0.0 {
                    Scaled::plain(0.0)
                } else {
                    let lf = l as f64;
                    let ln =
                        t.ln() + scale + ln_inv_prefix(x + m as f64, y) - ln_inv_prefix(x + lf, y);
                    Scaled::new(1.0, ln)
                };
                return Some(Sums {
                    first,
                    terms: m,
                    queue_over_y: wrap(queue_over_y, scale),
                    total: wrap(total, scale),
                    waiting: wrap(waiting, scale),
                    last,
                    queue: wrap(queue, scale),
                    served: wrap(served, scale),
                    answered_wait: wrap(answered, scale),
                });
            }
        }
        if m - first >= MAX_TERMS {
            return None;
        }
    }
}

/// The first waiting state within `e^75` of the busiest one (at
/// `y - x - 1`, or `L` if the terms still rise there), by bisection on the
/// prefixes `ln t_m = ln(1/D(x, y)) - ln(1/D(x+m, y))`; 0 when the terms
/// peak within the first 512 states (then starting at 0 costs little).
fn first_significant(x: f64, y: f64, l: u64) -> u64 {
    let peak = (y - x - 1.0).ceil().clamp(0.0, l as f64);
    if peak < 512.0 {
        return 0;
    }
    let ln_peak = -ln_inv_prefix(x + peak, y);
    let below = |m: f64| -ln_inv_prefix(x + m, y) - ln_peak < -75.0;
    if !below(0.0) {
        return 0;
    }
    // below(lo) and !below(hi)
    let (mut lo, mut hi) = (0.0_f64, peak);
    while hi - lo > 1.0 {
        let mid = (0.5 * (lo + hi)).floor();
        if below(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo as u64
}

/// `psi(b) - psi(a) = sum_{k=0}^{b-a-1} 1 / (a + k)` for `b - a` whole,
/// `0 < a <= b`: both arguments moved above 20 by the recurrence, then the
/// asymptotic series of the digamma function (error below `1e-17`), its
/// leading `ln(b / a)` as `ln_1p((b - a) / a)`.
fn digamma_difference(a: f64, b: f64) -> f64 {
    let (mut a, mut b) = (a, b);
    let mut sum = 0.0;
    while a < 20.0 {
        // psi(b) - psi(a) = psi(b) - psi(a + 1) + 1 / a
        sum += 1.0 / a;
        a += 1.0;
        if b < a {
            // cannot happen for whole b - a >= 0: b catches up with a
            b = a;
        }
    }
    while b < 20.0 {
        sum -= 1.0 / b;
        b += 1.0;
    }
    // psi(z) ~ ln z - 1/(2z) - 1/(12 z^2) + 1/(120 z^4) - 1/(252 z^6) + 1/(240 z^8) - 1/(132 z^10)
    let tail = |z: f64| {
        let w = 1.0 / (z * z);
        -0.5 / z
            - w * (1.0 / 12.0
                - w * (1.0 / 120.0 - w * (1.0 / 252.0 - w * (1.0 / 240.0 - w / 132.0))))
    };
    sum + ((b - a) / a).ln_1p() + tail(b) - tail(a)
}

/// Whether state `N + L` is beyond the reach of the patience queue: past
/// its busiest state by a factor `e^60` or more.
fn beyond_reach(x: f64, y: f64, l: u64) -> bool {
    let lf = l as f64;
    let busiest = (y - x - 1.0).ceil().clamp(0.0, lf);
    if busiest >= lf {
        return false;
    }
    let ln_ratio = if busiest == 0.0 {
        ln_inv_prefix(x, y) - ln_inv_prefix(x + lf, y)
    } else {
        ln_inv_prefix(x + busiest, y) - ln_inv_prefix(x + lf, y)
    };
    ln_ratio < -60.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauss_kronrod_is_exact_on_polynomials() {
        let mut budget = 1000;
        for k in 0..=20 {
            let f = |v: f64| v.powi(k);
            let (got, _) = gauss_kronrod(&f, 0.0, 1.0, false, 1e-11, &mut budget);
            let want = 1.0 / f64::from(k + 1);
            assert!((got - want).abs() < 1e-15, "x^{k}: {got} vs {want}");
        }
        // the Gauss weights alone integrate x^12 exactly
        let mut g = 0.0;
        for (i, &node) in GK_NODES.iter().enumerate() {
            if i % 2 == 1 {
                let w = GAUSS_WEIGHTS[i / 2];
                g += if node == 0.0 {
                    w * 0.0
                } else {
                    2.0 * w * node.powi(12)
                };
            }
        }
        assert!((g - 2.0 / 13.0).abs() < 1e-15);
    }

    /// The two service-level methods (sums over the waiting states, and
    /// quadrature of the wait density) agree.
    #[test]
    fn wait_sums_and_wait_integrals_agree() {
        let mut worst = 0.0_f64;
        for &(n, extra, load) in &[
            (1_u32, 3_u32, 0.7),
            (5, 20, 6.0),
            (20, 5, 18.0),
            (100, 40, 120.0),
            (1000, 300, 990.0),
            (10_000, 400, 10_300.0),
        ] {
            for patience in [None, Some(30.0), Some(180.0), Some(3600.0)] {
                let t = Traffic::from_load(load, Duration::from_secs(180)).unwrap();
                let m = FiniteLines::new(t, n, n + extra, patience.map(Duration::from_secs_f64))
                    .unwrap();
                for secs in [0.5, 5.0, 20.0, 120.0, 1000.0] {
                    let end = match patience {
                        Some(p) => secs / p,
                        None => secs * f64::from(n) / 180.0,
                    };
                    let (g1, ga1) = m.wait_sums(end).unwrap();
                    let (g2, ga2) = m.wait_integrals(end);
                    let d = (g1 - g2).abs().max((ga1 - ga2).abs());
                    worst = worst.max(d);
                    assert!(
                        d < 1e-12,
                        "N={n} +{extra} A={load} p={patience:?} t={secs}: {g1} {g2} {ga1} {ga2}"
                    );
                }
            }
        }
        eprintln!("wait sums vs integrals: worst {worst:e}");
    }

    #[test]
    fn truncated_geometric_mean_matches_direct_sums() {
        for &rho in &[0.3, 0.9, 0.999, 1.0, 1.000_01, 1.2, 3.0] {
            for &n in &[1_u32, 2, 5, 40, 300] {
                let r = f64::ln(rho);
                let (mut s, mut w) = (0.0, 0.0);
                for m in 0..=n {
                    let t = rho.powi(m as i32);
                    s += t;
                    w += f64::from(m) * t;
                }
                let got = truncated_geometric_mean(f64::from(n), r);
                assert!(
                    (got - w / s).abs() <= 1e-13 * (w / s),
                    "rho {rho} n {n}: {got} vs {}",
                    w / s
                );
                let g = geometric(f64::from(n), r);
                assert!((g.ln() - s.ln()).abs() < 1e-13, "sum rho {rho} n {n}");
            }
        }
    }
}
