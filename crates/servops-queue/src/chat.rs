//! Live chat with concurrency: agents hold up to `m` chats at once, and a
//! chat takes longer when its agent holds more (a birth-death chain with
//! the chats kept evenly spread over the agents).

use std::time::Duration;

use crate::erlang_a::{ErlangA, ServiceLevelConvention};
use crate::erlang_b::{check_agents, inv_blocking_minus_one};
use crate::error::{Error, Result, invalid};
use crate::special::Scaled;
use crate::traffic::Traffic;

/// Most chats one agent may hold at once (the largest `m`).
///
/// # Examples
///
/// ```
/// use servops_queue::{ChatConcurrency, MAX_CONCURRENCY};
/// use std::time::Duration;
///
/// let h = Duration::from_secs(600);
/// assert!(ChatConcurrency::uniform(MAX_CONCURRENCY, h, None).is_ok());
/// assert!(ChatConcurrency::uniform(MAX_CONCURRENCY + 1, h, None).is_err());
/// ```
pub const MAX_CONCURRENCY: u32 = 16;

/// Most chat slots (agents x `m`) a [`ChatModel`] takes: its finite part
/// is summed state by state, about 3 ns a state.
///
/// # Examples
///
/// ```
/// use servops_queue::{ChatConcurrency, ChatModel, MAX_CHAT_SLOTS};
/// use std::time::Duration;
///
/// let c = ChatConcurrency::uniform(4, Duration::from_secs(600), None)?;
/// let t = c.traffic_from_load(10.0)?;
/// let too_many = (MAX_CHAT_SLOTS / 4 + 1) as u32;
/// assert!(ChatModel::new(t, too_many, c).is_err());
/// # Ok::<(), servops_queue::Error>(())
/// ```
pub const MAX_CHAT_SLOTS: u64 = 1 << 24;

/// Relative tolerance of `AHT = h_1`.
const TOLERANCE: f64 = 1e-12;

/// Relative tolerance of the concavity check: handle times are
/// nanosecond `Duration`s, so equal throughput steps computed from them
/// differ by up to `1e-9 / h` (2e-11 at 60 s, 2e-8 at 60 ms); a step that
/// rises by less than `1e-9` of `g(j)` (or that rounding) is accepted.
const CONCAVITY_TOLERANCE: f64 = 1e-9;

/// Relative size below which the rest of the finite sum is dropped.
const NEGLIGIBLE: f64 = 1e-18;

/// How chat agents work: the handle time of a chat at each concurrency
/// `j = 1..=m` (`h_j`, the mean duration of a chat while its agent holds
/// `j` chats), and the mean patience of a waiting chat (`None`: nobody
/// abandons).
///
/// The chats an agent completes per unit time at concurrency `j` are
/// `g(j) = j / h_j`. The constructor requires `g` to be concave in `j`
/// (with `g(0) = 0`): every extra chat adds no more throughput than the
/// one before, `g(j) - g(j-1) <= g(j-1) - g(j-2)`. This is what measured
/// chat handle times show (they rise with concurrency, usually faster
/// than linearly once agents juggle several chats), it implies
/// `h_j >= h_1`, and it is what makes the staffing metrics improve with
/// every agent added (see [`ChatModel`], "Monotonicity"). Equal handle
/// times (`g` linear) are allowed: the model is then Erlang C or A with
/// `N m` servers.
///
/// # Errors
///
/// [`Error::InvalidParameter`] for no or more than [`MAX_CONCURRENCY`]
/// handle times, a zero handle time, a zero patience, or handle times
/// whose `j / h_j` is not concave in `j` (a step may rise by up to `1e-9`
/// of `j / h_j`, the rounding of nanosecond durations; the value reported
/// is the first `j` where it fails).
///
/// # Examples
///
/// ```
/// use servops_queue::ChatConcurrency;
/// use std::time::Duration;
///
/// let secs = |s| Duration::from_secs(s);
/// // A chat alone takes 6 minutes, 8 with two at once, 11 with three.
/// let c = ChatConcurrency::new(&[secs(360), secs(480), secs(660)], Some(secs(120)))?;
/// assert_eq!(c.max_chats(), 3);
/// // Three chats at once in 5 minutes each would be super-linear: refused.
/// assert!(ChatConcurrency::new(&[secs(360), secs(360), secs(300)], None).is_err());
/// # Ok::<(), servops_queue::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "crate::serde_impls::ChatConcurrencyRepr",
        into = "crate::serde_impls::ChatConcurrencyRepr"
    )
)]
pub struct ChatConcurrency {
    handle: [Duration; MAX_CONCURRENCY as usize],
    max_chats: u32,
    patience: Option<Duration>,
}

impl ChatConcurrency {
    /// Handle times `h_1..h_m` (`handle_times[j-1]` is `h_j`) and an
    /// optional mean patience.
    ///
    /// # Errors
    ///
    /// As the type: see [`ChatConcurrency`].
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ChatConcurrency, Error};
    /// use std::time::Duration;
    ///
    /// let secs = |s| Duration::from_secs(s);
    /// assert!(ChatConcurrency::new(&[secs(300), secs(420)], None).is_ok());
    /// let err = ChatConcurrency::new(&[], None).unwrap_err();
    /// assert!(matches!(err, Error::InvalidParameter { name: "handle_times", .. }));
    /// assert!(ChatConcurrency::new(&[secs(300)], Some(Duration::ZERO)).is_err());
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn new(handle_times: &[Duration], patience: Option<Duration>) -> Result<Self> {
        let m = handle_times.len();
        if m == 0 || m > MAX_CONCURRENCY as usize {
            return Err(invalid("handle_times", m as f64, "1 to 16 handle times"));
        }
        if patience.is_some_and(|p| p.is_zero()) {
            return Err(invalid("patience", 0.0, "> 0"));
        }
        let mut handle = [Duration::ZERO; MAX_CONCURRENCY as usize];
        for (j, h) in handle_times.iter().enumerate() {
            if h.is_zero() {
                return Err(invalid("handle_times", (j + 1) as f64, "all > 0"));
            }
            handle[j] = *h;
        }
        let c = Self {
            handle,
            max_chats: m as u32,
            patience,
        };
        // g(j) - g(j-1) non-increasing, g(0) = 0, in units of 1/h_1
        let g = c.throughputs();
        let mut previous = 1.0;
        for j in 2..=m {
            let step = g[j] - g[j - 1];
            if step > previous + CONCAVITY_TOLERANCE * g[j] {
                return Err(invalid(
                    "handle_times",
                    j as f64,
                    "such that j / h_j is concave in j (no chat adds more throughput than the one before)",
                ));
            }
            previous = step;
        }
        Ok(c)
    }

    /// All `m` handle times equal to `aht` (concurrency without slowdown:
    /// the model is then Erlang C or A with `N m` servers).
    ///
    /// # Errors
    ///
    /// As [`ChatConcurrency::new`], for `max_chats` outside `1..=16`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::ChatConcurrency;
    /// use std::time::Duration;
    ///
    /// let c = ChatConcurrency::uniform(3, Duration::from_secs(600), None)?;
    /// assert_eq!(c.handle_times(), &[Duration::from_secs(600); 3]);
    /// assert!(ChatConcurrency::uniform(0, Duration::from_secs(600), None).is_err());
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn uniform(max_chats: u32, aht: Duration, patience: Option<Duration>) -> Result<Self> {
        if max_chats == 0 || max_chats > MAX_CONCURRENCY {
            return Err(invalid(
                "handle_times",
                f64::from(max_chats),
                "1 to 16 handle times",
            ));
        }
        let handle = [aht; MAX_CONCURRENCY as usize];
        Self::new(&handle[..max_chats as usize], patience)
    }

    /// The most chats an agent holds at once, `m`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::ChatConcurrency;
    /// use std::time::Duration;
    ///
    /// assert_eq!(ChatConcurrency::uniform(4, Duration::from_secs(600), None)?.max_chats(), 4);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn max_chats(&self) -> u32 {
        self.max_chats
    }

    /// The handle times `h_1..h_m`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::ChatConcurrency;
    /// use std::time::Duration;
    ///
    /// let h = [Duration::from_secs(300), Duration::from_secs(400)];
    /// assert_eq!(ChatConcurrency::new(&h, None)?.handle_times(), &h);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn handle_times(&self) -> &[Duration] {
        &self.handle[..self.max_chats as usize]
    }

    /// The mean patience of a waiting chat (`None`: nobody abandons).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::ChatConcurrency;
    /// use std::time::Duration;
    ///
    /// let p = Some(Duration::from_secs(90));
    /// assert_eq!(ChatConcurrency::uniform(2, Duration::from_secs(300), p)?.patience(), p);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn patience(&self) -> Option<Duration> {
        self.patience
    }

    /// The handle time of a chat handled alone, `h_1`: the AHT that
    /// [`Traffic`] values for this model must carry.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::ChatConcurrency;
    /// use std::time::Duration;
    ///
    /// let h = [Duration::from_secs(300), Duration::from_secs(400)];
    /// assert_eq!(ChatConcurrency::new(&h, None)?.single_chat_aht(), h[0]);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn single_chat_aht(&self) -> Duration {
        self.handle[0]
    }

    /// The same slowdown profile with `h_1 = aht`: every handle time
    /// scaled by `aht / h_1` (to the nanosecond), the patience kept. An
    /// interval whose chats take longer than usual (a forecast AHT per
    /// interval, read as the handle time of a chat handled alone) keeps
    /// the ratios `h_j / h_1` of the profile.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] (`aht`) for a zero `aht` or a scaled
    /// handle time past `Duration::MAX`; as [`ChatConcurrency::new`] if
    /// nanosecond rounding of a very short profile breaks the concavity
    /// of `j / h_j`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::ChatConcurrency;
    /// use std::time::Duration;
    ///
    /// let secs = |s| Duration::from_secs(s);
    /// let c = ChatConcurrency::new(&[secs(300), secs(400), secs(600)], Some(secs(120)))?;
    /// let slow = c.with_single_chat_aht(secs(450))?;
    /// assert_eq!(slow.handle_times(), &[secs(450), secs(600), secs(900)]);
    /// assert_eq!(slow.patience(), Some(secs(120)));
    /// assert!(c.with_single_chat_aht(Duration::ZERO).is_err());
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn with_single_chat_aht(&self, aht: Duration) -> Result<Self> {
        if aht == self.handle[0] {
            return Ok(*self);
        }
        if aht.is_zero() {
            return Err(invalid("aht", 0.0, "> 0"));
        }
        // Exact in integer nanoseconds while the product fits (u128):
        // h_j x aht / h_1, rounded to the nearest nanosecond.
        let h1 = self.handle[0].as_nanos();
        let a = aht.as_nanos();
        let mut scaled = [Duration::ZERO; MAX_CONCURRENCY as usize];
        for (out, h) in scaled.iter_mut().zip(self.handle_times()) {
            let nanos = h.as_nanos().checked_mul(a).map(|p| (p + h1 / 2) / h1);
            let seconds = nanos.and_then(|n| u64::try_from(n / 1_000_000_000).ok());
            *out = match (nanos, seconds) {
                (Some(n), Some(s)) => Duration::new(s, (n % 1_000_000_000) as u32),
                _ => {
                    return Err(invalid(
                        "aht",
                        aht.as_secs_f64(),
                        "such that every scaled handle time fits a Duration",
                    ));
                }
            };
        }
        Self::new(&scaled[..self.max_chats as usize], self.patience)
    }

    /// Traffic of `contacts` chats per `interval` for this model (its AHT
    /// is `h_1`; the load is in erlangs of single-chat work, `lambda h_1`).
    ///
    /// # Errors
    ///
    /// As [`Traffic::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::ChatConcurrency;
    /// use std::time::Duration;
    ///
    /// let c = ChatConcurrency::new(&[Duration::from_secs(360), Duration::from_secs(480)], None)?;
    /// let t = c.traffic(300.0, Duration::from_secs(1800))?;
    /// assert!((t.load() - 60.0).abs() < 1e-12); // 300 x 360 s / 1800 s
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn traffic(&self, contacts: f64, interval: Duration) -> Result<Traffic> {
        Traffic::new(contacts, interval, self.handle[0])
    }

    /// Traffic of `load` erlangs of single-chat work (`lambda h_1`).
    ///
    /// # Errors
    ///
    /// As [`Traffic::from_load`].
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::ChatConcurrency;
    /// use std::time::Duration;
    ///
    /// let c = ChatConcurrency::uniform(2, Duration::from_secs(300), None)?;
    /// assert_eq!(c.traffic_from_load(12.0)?.aht_secs(), 300.0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn traffic_from_load(&self, load: f64) -> Result<Traffic> {
        Traffic::from_load(load, self.handle[0])
    }

    /// `g(0..=m)` in chats per `h_1`: `g(j) = j h_1 / h_j`.
    fn throughputs(&self) -> [f64; MAX_CONCURRENCY as usize + 1] {
        let mut g = [0.0; MAX_CONCURRENCY as usize + 1];
        let h1 = self.handle[0].as_secs_f64();
        for (j, h) in self.handle_times().iter().enumerate() {
            g[j + 1] = (j + 1) as f64 * (h1 / h.as_secs_f64());
        }
        g
    }

    /// Whether every handle time is `h_1` (the completion rate is linear in
    /// the chats in service: Erlang C or A with `N m` servers).
    fn linear(&self) -> bool {
        self.handle_times().iter().all(|h| *h == self.handle[0])
    }
}

/// The queue above the `N m` slots.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tail {
    /// Erlang A's queue with service capacity `C = N m / h_m`.
    Patience(ErlangA),
    /// Erlang C's queue (nobody abandons).
    Waiting {
        prob_wait: f64,
        /// `C - lambda` per second.
        drain_rate: f64,
        /// `lambda / (C - lambda)`.
        queue_per_wait: f64,
    },
}

/// Live chat with concurrency: `N` agents each holding at most `m` chats,
/// the chats in service spread evenly over the agents, a chat slowing
/// down as its agent holds more, Poisson arrivals, exponential handle
/// times, FCFS waiting, and optionally exponential patience.
///
/// # Model
///
/// With `k` chats in service (`k <= N m`), `q = k div N`, `r = k mod N`:
/// `r` agents hold `q + 1` chats and `N - r` hold `q` (routing keeps the
/// agents balanced, "join the least loaded" with chats moved between
/// agents as needed). A chat at an agent holding `j` completes at rate
/// `mu_j = 1 / h_j`, so chats complete at the total rate
///
/// ```text
/// c(k) = r (q+1) mu_{q+1} + (N - r) q mu_q,   k <= N m
/// ```
///
/// Chats that find all `N m` slots taken wait FCFS; each waiting chat
/// abandons at rate `theta = 1 / patience` (or never). Above `N m` the
/// completion rate is the constant `C = N m mu_m`. The number of chats in
/// the system is a birth-death chain with birth rate `lambda` and death
/// rate `c(k)` (`k <= S = N m`) or `C + (k - S) theta`. Its states above
/// `S` are exactly Erlang A's (Erlang C's without patience) with service
/// capacity `C` (`S` servers of rate `mu_m`); only the weight of the states
/// below `S` differs:
///
/// ```text
/// pi_k / pi_S = prod_{i=k+1}^{S} c(i) / lambda,   F = sum_{k<S} pi_k / pi_S
/// P(wait) = J / (F + J),   J = sum_{j>=0} pi_{S+j} / pi_S
/// ```
///
/// (`J = 1 / (1 - lambda / C)` without patience, Erlang A's
/// `J(x, y)` with `x = C / theta`, `y = lambda / theta` with it). Every
/// waiting metric (service level in the three conventions, ASA, mean
/// wait, P(abandon), queue length) is Erlang A's or C's formula with
/// `1/B - 1` replaced by `F`: the wait of a chat that finds `j` waiting
/// depends only on the queue above `S`.
///
/// With `m = 1`, or with all `h_j` equal to `h` (then `c(k) = k / h`), the
/// chain is M/M/S (+M) and the model is [`ErlangC`](crate::ErlangC) or
/// [`ErlangA`] with `S = N m` agents and AHT `h`; the model then uses
/// Erlang B's `1/B - 1` for `F` and agrees with them to rounding.
///
/// # Traffic and units
///
/// The [`Traffic`] gives the arrival rate; its AHT must be `h_1`, the
/// handle time of a chat handled alone ([`ChatConcurrency::traffic`]
/// builds one), so that its load `lambda h_1` is single-chat erlangs. A
/// traffic with another AHT (say the blended AHT of a chat platform's
/// report) is refused, naming `aht`.
///
/// # Metrics
///
/// Probabilities are fractions of arriving chats. `occupancy` is the share
/// of agent time holding at least one chat, `E[min(K, N)] / N`
/// (`K` the chats in service); [`ChatModel::mean_concurrency`] is the
/// average number of chats per agent, `E[K] / N`, and
/// [`ChatModel::slot_utilisation`] is `E[K] / (N m)`. With `m = 1` all
/// three are Erlang's occupancy.
///
/// # Monotonicity
///
/// With `j / h_j` concave (checked by [`ChatConcurrency::new`]) and no
/// patience or a patience of at least `h_m` (`theta <= mu_m`), the
/// completion rate of `N + 1` agents is at least that of `N` in every
/// state: below the slots `c_N(k) = N g^(k / N)`, with `g^` the
/// piecewise-linear interpolation of `g(j) = j / h_j`, is the perspective
/// of a concave function vanishing at 0, non-decreasing in `N`; between
/// the slots of `N` and of `N + 1` agents,
/// `c_{N+1}(k) >= k mu_m >= N m mu_m + (k - N m) theta`; above both, the
/// rates differ by `m (mu_m - theta) >= 0`. The chain of `N + 1` agents
/// is then smaller in likelihood ratio, so P(wait), the queue length, the
/// mean wait, P(abandon), the service level over offered chats (both
/// conventions) and the occupancy (`E[min(K, N)] / N` is the mean of the
/// falling `P(K >= j)` over `j <= N`) all improve with every agent. The
/// solvers use this; the ASA of answered chats and the service level over
/// answered chats (ratios) are not covered by the proof, and with a
/// patience below `h_m` nothing is (a waiting chat that gives up frees
/// the queue faster than an extra agent's slots would: with `h_j = j h_1`,
/// 14 ns patience and 18.8 erlangs, the occupancy *rises* from 1 to 7
/// agents); the solvers confirm those by a scan.
///
/// # Errors
///
/// [`Error::InvalidParameter`] for no agents or more than `1e9`, more than
/// [`MAX_CHAT_SLOTS`] slots, a traffic whose AHT is not `h_1` (to `1e-12`
/// relative), or a patience Erlang A refuses (`S x patience / h_m` or
/// `arrival rate x patience` above `1e15`); [`Error::Unstable`] without
/// patience when `lambda h_m >= N m` (reported as a load of `lambda h_m`
/// erlangs on `N m` slots).
///
/// # Accuracy
///
/// Against 40-digit sums of the chain (`gen/chat_reference.py`,
/// `tests/chat_reference.rs`; see `docs/queueing.md` section 10 for the
/// measured worst errors).
///
/// # Examples
///
/// ```
/// use servops_queue::{ChatConcurrency, ChatModel, ErlangC, ServiceLevelConvention};
/// use std::time::Duration;
///
/// let secs = |s| Duration::from_secs(s);
/// // Up to 3 chats of 6, 8 and 11 minutes; 120 chats an hour on 10 agents.
/// let c = ChatConcurrency::new(&[secs(360), secs(480), secs(660)], None)?;
/// let t = c.traffic(120.0, secs(3600))?;
/// let m = ChatModel::new(t, 10, c)?;
/// let sl = m.service_level(secs(60), ServiceLevelConvention::AnsweredWithinOverOffered);
/// assert!(sl > 0.9 && m.prob_wait() < 0.1);
/// // With equal handle times it is Erlang C on N m = 30 servers.
/// let u = ChatConcurrency::uniform(3, secs(360), None)?;
/// let e = ChatModel::new(u.traffic(120.0, secs(3600))?, 10, u)?;
/// let c30 = ErlangC::new(u.traffic(120.0, secs(3600))?, 30)?;
/// assert!((e.prob_wait() - c30.prob_wait()).abs() < 1e-15);
/// # Ok::<(), servops_queue::Error>(())
/// ```
///
/// # References
///
/// The system (agents serving several chats at once, each at a rate set by
/// the agent's current number of chats, impatient customers) is the one of
/// T. Tezcan and J. Zhang (2014), "Routing and staffing in customer
/// service chat systems with impatient customers", Operations Research
/// 62(4), 943-956, who route by a static-planning LP and prove LP staffing
/// asymptotically optimal for large systems; J. Luo and J. Zhang (2013),
/// "Staffing and control of instant messaging contact centers",
/// Operations Research 61(2), 328-343, model agents as limited
/// processor-sharing servers and staff from a fluid approximation;
/// Z. Long, T. Tezcan and J. Zhang (2024), M&SOM 26(5), 1674-1691, allow
/// general service and patience times. The exact balanced chain here is
/// this crate's modelling choice, not a result of those papers: with
/// `j / h_j` concave the even spread maximises the total completion rate
/// at every `k` (Jensen), so it is the most favourable allocation of `k`
/// chats; its gap to join-the-least-loaded routing without migration is
/// measured in `docs/queueing.md` section 10.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChatModel {
    traffic: Traffic,
    agents: u32,
    concurrency: ChatConcurrency,
    tail: Tail,
    /// `E[chats in service]`.
    in_service: f64,
    /// `E[agents holding at least one chat]`.
    busy: f64,
}

/// The sums over the states below `S`, relative to `pi_S`.
struct FiniteSums {
    /// `F = sum_{k<S} w_k`.
    total: Scaled,
    /// `sum_{k<S} k w_k`.
    in_service: Scaled,
    /// `sum_{k<S} min(k, N) w_k`.
    busy: Scaled,
}

/// The finite part of the chain, `w_k = pi_k / pi_S` for `k = S-1` down to
/// 0 by `w_k = w_{k+1} c(k+1) / lambda` (in units of `1 / h_1`, `lambda`
/// is the load), rescaled by `2^-600` whenever the terms pass `1e150`;
/// stopped once below the busiest state the rest is below `1e-18` of the
/// sum (there `c` falls as `k` falls, so the rest is bounded by a
/// geometric series).
fn finite_sums(agents: u32, g: &[f64], m: usize, load: f64) -> FiniteSums {
    let n = f64::from(agents);
    let shrink = 2.0_f64.powi(-600);
    let step_ln = 600.0 * std::f64::consts::LN_2;
    // c is non-decreasing on k <= N jmax (g concave, rising up to jmax)
    let mut jmax = 1;
    for j in 1..=m {
        if g[j] > g[jmax] {
            jmax = j;
        }
    }
    let rising_top = n * jmax as f64;
    let inv = 1.0 / load;
    let (mut w, mut total, mut in_service, mut busy) = (1.0_f64, 0.0_f64, 0.0_f64, 0.0_f64);
    // rescalings, counted (a running sum of 600 ln 2 would gather roundings)
    let mut rescaled: u32 = 0;
    let mut extra_ln = 0.0_f64;
    'outer: for q in (0..m).rev() {
        let (lo, hi) = (g[q], g[q + 1]);
        let base = q as f64 * n;
        for r in (0..agents).rev() {
            let rf = f64::from(r);
            // c(k + 1), k = q N + r: r + 1 agents hold q + 1 chats
            let c = (rf + 1.0) * hi + (n - rf - 1.0) * lo;
            let ratio = c * inv;
            if ratio <= 1e100 {
                // room for the step: w stays below 1e150 (and the sums,
                // weighted by k <= 2^24, far below overflow)
                while w > 1e150 / ratio {
                    w *= shrink;
                    total *= shrink;
                    in_service *= shrink;
                    busy *= shrink;
                    rescaled += 1;
                }
                w *= ratio;
            } else {
                // a load below about 1e-90 of the slots (1 / load may even
                // be infinite): the new term becomes the unit, and the sums
                // so far are carried over by the (tiny) factor between
                // the old and new units, taken through logarithms
                let ln_step = w.ln() + (c.ln() - load.ln());
                let factor = (-ln_step).exp();
                extra_ln += ln_step;
                w = 1.0;
                total *= factor;
                in_service *= factor;
                busy *= factor;
            }
            let k = base + rf;
            total += w;
            in_service += k * w;
            busy += if q >= 1 { n } else { rf } * w;
            if k + 1.0 <= rising_top && ratio < 1.0 {
                let rest = w * ratio / (1.0 - ratio);
                if rest < NEGLIGIBLE * total {
                    break 'outer;
                }
            }
        }
    }
    let scale = f64::from(rescaled) * step_ln + extra_ln;
    let wrap = |v: f64| {
        if scale == 0.0 {
            Scaled::plain(v)
        } else {
            Scaled::new(v, scale)
        }
    };
    FiniteSums {
        total: wrap(total),
        in_service: wrap(in_service),
        busy: wrap(busy),
    }
}

impl ChatModel {
    /// `agents` chat agents with the given concurrency profile.
    ///
    /// # Errors
    ///
    /// As the type: see [`ChatModel`].
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ChatConcurrency, ChatModel, Error, Traffic};
    /// use std::time::Duration;
    ///
    /// let c = ChatConcurrency::uniform(2, Duration::from_secs(300), None)?;
    /// assert!(ChatModel::new(c.traffic_from_load(15.0)?, 8, c).is_ok());
    /// // 15 erlangs need more than 7.5 agents at two chats each.
    /// assert!(matches!(ChatModel::new(c.traffic_from_load(15.0)?, 7, c), Err(Error::Unstable { .. })));
    /// // The traffic's AHT must be h_1.
    /// let blended = Traffic::from_load(15.0, Duration::from_secs(400))?;
    /// let err = ChatModel::new(blended, 8, c).unwrap_err();
    /// assert!(matches!(err, Error::InvalidParameter { name: "aht", .. }));
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn new(traffic: Traffic, agents: u32, concurrency: ChatConcurrency) -> Result<Self> {
        let n = check_agents(f64::from(agents))?;
        if agents == 0 {
            return Err(invalid("agents", 0.0, ">= 1"));
        }
        let m = concurrency.max_chats as usize;
        let slots = u64::from(agents) * m as u64;
        if slots > MAX_CHAT_SLOTS {
            return Err(invalid(
                "agents",
                n,
                "such that agents x max chats <= 2^24 (16,777,216 slots)",
            ));
        }
        let h1 = concurrency.handle[0].as_secs_f64();
        let aht = traffic.aht_secs();
        if (aht - h1).abs() > TOLERANCE * h1 {
            return Err(invalid(
                "aht",
                aht,
                "the chat model's h_1 (the handle time of a chat handled alone)",
            ));
        }
        let s = slots as f64;
        let hm = concurrency.handle[m - 1].as_secs_f64();
        let load = traffic.load();
        let linear = concurrency.linear();
        // the queue's traffic: the same arrival rate, served at h_m
        let full = if linear {
            traffic
        } else {
            traffic.with_aht_secs(hm)
        };
        let load_m = full.load();
        if concurrency.patience.is_none() && load > 0.0 && load_m >= s {
            return Err(Error::Unstable {
                load: load_m,
                agents: s,
            });
        }
        let g = concurrency.throughputs();
        // the state-by-state sums: not needed with one chat per agent
        // (Erlang B's sum is the finite part, and every busy agent holds one chat)
        let sums = if load == 0.0 || m == 1 {
            None
        } else {
            Some(finite_sums(agents, &g, m, load))
        };
        let finite = match &sums {
            _ if load == 0.0 => Scaled::plain(1.0),
            Some(f) if !linear => f.total,
            _ => inv_blocking_minus_one(s, load),
        };
        let zero = Scaled::plain(0.0);
        // with Erlang B's F (linear), the busy sum rescaled to it: only the
        // ratio of the sums, free of their common rounding drift, enters
        let (sum_in_service, sum_busy) = match &sums {
            Some(f) if linear => (zero, f.busy.mul(finite.ratio(f.total))),
            Some(f) => (f.in_service, f.busy),
            None => (zero, zero),
        };
        let (tail, in_service, busy) = match concurrency.patience {
            Some(p) => {
                let a = ErlangA::with_finite_part(full, s, p, finite)?;
                let (denom, j) = a.denom_and_queue_mass();
                // linear: every chat takes h_1, so E[K] = lambda h_1 P(answered)
                let in_service = if linear {
                    load * a.prob_answered()
                } else {
                    sum_in_service.add(j.mul(s)).ratio(denom)
                };
                let busy = if m == 1 {
                    in_service
                } else {
                    sum_busy.add(j.mul(n)).ratio(denom)
                };
                (Tail::Patience(a), in_service, busy)
            }
            None => {
                // as Erlang C: P(wait) = 1 / (1 + F (1 - rho)), rho = lambda h_m / S
                let one_minus_rho = (s - load_m) / s;
                let denom = finite.mul(one_minus_rho).add(Scaled::plain(1.0));
                let prob_wait = if load == 0.0 {
                    0.0
                } else {
                    Scaled::plain(1.0).ratio(denom).clamp(0.0, 1.0)
                };
                let in_service = if linear {
                    load
                } else {
                    sum_in_service
                        .mul(one_minus_rho)
                        .add(Scaled::plain(s))
                        .ratio(denom)
                };
                let busy = if m == 1 {
                    in_service
                } else {
                    sum_busy
                        .mul(one_minus_rho)
                        .add(Scaled::plain(n))
                        .ratio(denom)
                };
                (
                    Tail::Waiting {
                        prob_wait,
                        drain_rate: (s - load_m) / hm,
                        queue_per_wait: load_m / (s - load_m),
                    },
                    in_service,
                    busy,
                )
            }
        };
        Ok(Self {
            traffic,
            agents,
            concurrency,
            tail,
            in_service: in_service.clamp(0.0, s),
            busy: busy.clamp(0.0, n),
        })
    }

    /// The traffic the model was built with.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ChatConcurrency, ChatModel};
    /// use std::time::Duration;
    ///
    /// let c = ChatConcurrency::uniform(2, Duration::from_secs(300), None)?;
    /// let m = ChatModel::new(c.traffic_from_load(5.0)?, 4, c)?;
    /// assert_eq!(m.traffic().load(), 5.0);
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
    /// use servops_queue::{ChatConcurrency, ChatModel};
    /// use std::time::Duration;
    ///
    /// let c = ChatConcurrency::uniform(2, Duration::from_secs(300), None)?;
    /// assert_eq!(ChatModel::new(c.traffic_from_load(5.0)?, 4, c)?.agents(), 4);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn agents(&self) -> u32 {
        self.agents
    }

    /// The concurrency profile.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ChatConcurrency, ChatModel};
    /// use std::time::Duration;
    ///
    /// let c = ChatConcurrency::uniform(2, Duration::from_secs(300), None)?;
    /// assert_eq!(ChatModel::new(c.traffic_from_load(5.0)?, 4, c)?.concurrency(), &c);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn concurrency(&self) -> &ChatConcurrency {
        &self.concurrency
    }

    /// Number of chat slots, `N m`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ChatConcurrency, ChatModel};
    /// use std::time::Duration;
    ///
    /// let c = ChatConcurrency::uniform(3, Duration::from_secs(300), None)?;
    /// assert_eq!(ChatModel::new(c.traffic_from_load(5.0)?, 4, c)?.slots(), 12);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn slots(&self) -> u64 {
        u64::from(self.agents) * u64::from(self.concurrency.max_chats)
    }

    fn idle(&self) -> bool {
        self.traffic.load() == 0.0
    }

    /// Probability that an arriving chat finds all `N m` slots taken and
    /// waits.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ChatConcurrency, ChatModel};
    /// use std::time::Duration;
    ///
    /// let secs = |s| Duration::from_secs(s);
    /// let c = ChatConcurrency::new(&[secs(300), secs(400)], None)?;
    /// let few = ChatModel::new(c.traffic_from_load(10.0)?, 7, c)?.prob_wait();
    /// let more = ChatModel::new(c.traffic_from_load(10.0)?, 8, c)?.prob_wait();
    /// assert!(more < few && few < 1.0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn prob_wait(&self) -> f64 {
        match &self.tail {
            Tail::Patience(a) => a.prob_wait(),
            Tail::Waiting { prob_wait, .. } => *prob_wait,
        }
    }

    /// Probability that an arriving chat abandons before it is answered (0
    /// without patience).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ChatConcurrency, ChatModel};
    /// use std::time::Duration;
    ///
    /// let secs = |s| Duration::from_secs(s);
    /// let c = ChatConcurrency::new(&[secs(300), secs(400)], Some(secs(60)))?;
    /// let m = ChatModel::new(c.traffic_from_load(12.0)?, 6, c)?;
    /// assert!(m.prob_abandon() > 0.0 && m.prob_abandon() < m.prob_wait());
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn prob_abandon(&self) -> f64 {
        match &self.tail {
            Tail::Patience(a) => a.prob_abandon(),
            Tail::Waiting { .. } => 0.0,
        }
    }

    /// Probability that an arriving chat is answered, `1 - P(abandon)`
    /// (computed without cancellation).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ChatConcurrency, ChatModel};
    /// use std::time::Duration;
    ///
    /// let secs = |s| Duration::from_secs(s);
    /// let c = ChatConcurrency::new(&[secs(300), secs(400)], Some(secs(60)))?;
    /// let m = ChatModel::new(c.traffic_from_load(12.0)?, 6, c)?;
    /// assert!((m.prob_answered() + m.prob_abandon() - 1.0).abs() < 1e-14);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn prob_answered(&self) -> f64 {
        match &self.tail {
            Tail::Patience(a) => a.prob_answered(),
            Tail::Waiting { .. } => 1.0,
        }
    }

    /// Mean number of chats waiting.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ChatConcurrency, ChatModel};
    /// use std::time::Duration;
    ///
    /// let c = ChatConcurrency::uniform(2, Duration::from_secs(300), None)?;
    /// let m = ChatModel::new(c.traffic_from_load(15.0)?, 8, c)?;
    /// // Little's law
    /// let little = m.traffic().rate_per_sec() * m.mean_wait_secs();
    /// assert!((m.mean_queue_length() - little).abs() < 1e-12 * little);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn mean_queue_length(&self) -> f64 {
        match &self.tail {
            Tail::Patience(a) => a.mean_queue_length(),
            Tail::Waiting {
                prob_wait,
                queue_per_wait,
                ..
            } => prob_wait * queue_per_wait,
        }
    }

    /// Mean wait of all arriving chats (answered and abandoned, zero waits
    /// included), in seconds.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ChatConcurrency, ChatModel};
    /// use std::time::Duration;
    ///
    /// let secs = |s| Duration::from_secs(s);
    /// let c = ChatConcurrency::new(&[secs(300), secs(400)], Some(secs(90)))?;
    /// let m = ChatModel::new(c.traffic_from_load(12.0)?, 6, c)?;
    /// // abandonment flow balance: P(abandon) = E[wait] / patience
    /// assert!((m.mean_wait_secs() - 90.0 * m.prob_abandon()).abs() < 1e-12);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn mean_wait_secs(&self) -> f64 {
        match &self.tail {
            Tail::Patience(a) => a.mean_wait_secs(),
            Tail::Waiting {
                prob_wait,
                drain_rate,
                ..
            } => {
                if *prob_wait == 0.0 {
                    0.0
                } else {
                    prob_wait / drain_rate
                }
            }
        }
    }

    /// Average speed of answer of answered chats, in seconds (zero waits
    /// included, abandoned chats excluded).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ChatConcurrency, ChatModel};
    /// use std::time::Duration;
    ///
    /// let secs = |s| Duration::from_secs(s);
    /// let patient = ChatConcurrency::new(&[secs(300), secs(400)], None)?;
    /// let impatient = ChatConcurrency::new(&[secs(300), secs(400)], Some(secs(60)))?;
    /// let t = patient.traffic_from_load(11.0)?;
    /// let a = ChatModel::new(t, 8, patient)?.asa_answered_secs();
    /// let b = ChatModel::new(t, 8, impatient)?.asa_answered_secs();
    /// assert!(b < a);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn asa_answered_secs(&self) -> f64 {
        match &self.tail {
            Tail::Patience(a) => a.asa_answered_secs(),
            Tail::Waiting { .. } => self.mean_wait_secs(),
        }
    }

    /// Service level at `threshold` (wait `<= threshold`) under the chosen
    /// convention (all three agree without patience).
    ///
    /// # Formula
    ///
    /// As [`ErlangA::service_level`] with `1/B - 1` replaced by the chat
    /// chain's `F`; without patience `1 - P(wait) e^(-(C - lambda) t)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ChatConcurrency, ChatModel, ServiceLevelConvention};
    /// use std::time::Duration;
    ///
    /// let secs = |s| Duration::from_secs(s);
    /// let c = ChatConcurrency::new(&[secs(300), secs(400)], Some(secs(120)))?;
    /// let m = ChatModel::new(c.traffic_from_load(11.0)?, 6, c)?;
    /// let conv = ServiceLevelConvention::AnsweredWithinOverOffered;
    /// let sl0 = m.service_level(Duration::ZERO, conv);
    /// assert!((sl0 - (1.0 - m.prob_wait())).abs() < 1e-14);
    /// assert!(m.service_level(secs(30), conv) > sl0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn service_level(&self, threshold: Duration, convention: ServiceLevelConvention) -> f64 {
        match &self.tail {
            Tail::Patience(a) => a.service_level(threshold, convention),
            Tail::Waiting {
                prob_wait,
                drain_rate,
                ..
            } => {
                if *prob_wait == 0.0 {
                    return 1.0;
                }
                1.0 - prob_wait * (-drain_rate * threshold.as_secs_f64()).exp()
            }
        }
    }

    /// Mean number of chats in service, `E[K]`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ChatConcurrency, ChatModel};
    /// use std::time::Duration;
    ///
    /// let c = ChatConcurrency::uniform(2, Duration::from_secs(300), None)?;
    /// let m = ChatModel::new(c.traffic_from_load(15.0)?, 8, c)?;
    /// // equal handle times: every chat takes h, so E[K] = lambda h
    /// assert!((m.mean_chats_in_service() - 15.0).abs() < 1e-12);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn mean_chats_in_service(&self) -> f64 {
        if self.idle() { 0.0 } else { self.in_service }
    }

    /// Average concurrency per agent, `E[K] / N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ChatConcurrency, ChatModel};
    /// use std::time::Duration;
    ///
    /// let c = ChatConcurrency::uniform(2, Duration::from_secs(300), None)?;
    /// let m = ChatModel::new(c.traffic_from_load(15.0)?, 10, c)?;
    /// assert!((m.mean_concurrency() - 1.5).abs() < 1e-12);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn mean_concurrency(&self) -> f64 {
        self.mean_chats_in_service() / f64::from(self.agents)
    }

    /// Share of the slots in use, `E[K] / (N m)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ChatConcurrency, ChatModel};
    /// use std::time::Duration;
    ///
    /// let c = ChatConcurrency::uniform(2, Duration::from_secs(300), None)?;
    /// let m = ChatModel::new(c.traffic_from_load(15.0)?, 10, c)?;
    /// assert!((m.slot_utilisation() - 0.75).abs() < 1e-12);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn slot_utilisation(&self) -> f64 {
        (self.mean_chats_in_service() / self.slots() as f64).min(1.0)
    }

    /// Agent occupancy: the share of agent time holding at least one chat,
    /// `E[min(K, N)] / N` (the `occupancy` of [`Metrics`](crate::Metrics)
    /// for [`Model::Chat`](crate::Model::Chat)).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ChatConcurrency, ChatModel};
    /// use std::time::Duration;
    ///
    /// let c = ChatConcurrency::uniform(3, Duration::from_secs(300), None)?;
    /// let m = ChatModel::new(c.traffic_from_load(12.0)?, 10, c)?;
    /// // at least the average concurrency over m, at most 1
    /// assert!(m.occupancy() >= m.mean_concurrency() / 3.0 && m.occupancy() <= 1.0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn occupancy(&self) -> f64 {
        if self.idle() {
            return 0.0;
        }
        (self.busy / f64::from(self.agents)).min(1.0)
    }

    /// Chats completed per second, `lambda P(answered)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ChatConcurrency, ChatModel};
    /// use std::time::Duration;
    ///
    /// let c = ChatConcurrency::uniform(2, Duration::from_secs(300), None)?;
    /// // 600 chats an hour of 300 s: 50 erlangs on 30 agents' 60 slots
    /// let m = ChatModel::new(c.traffic(600.0, Duration::from_secs(3600))?, 30, c)?;
    /// assert!((m.throughput_per_sec() - 600.0 / 3600.0).abs() < 1e-15);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn throughput_per_sec(&self) -> f64 {
        self.traffic.rate_per_sec() * self.prob_answered()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The state-by-state sum of the finite part, with equal handle times,
    /// is Erlang B's `1/B - 1` on `N m` servers (which the model uses
    /// there instead), to the rounding of the walk.
    #[test]
    fn finite_sums_match_erlang_b_when_linear() {
        let mut worst = 0.0_f64;
        for &(agents, m) in &[(1_u32, 1_usize), (3, 2), (50, 4), (2000, 8), (10_000, 16)] {
            let mut g = [0.0; MAX_CONCURRENCY as usize + 1];
            for (j, v) in g.iter_mut().enumerate().take(m + 1) {
                *v = j as f64;
            }
            let s = f64::from(agents) * m as f64;
            for frac in [1e-6, 0.1, 0.7, 0.99, 1.5] {
                let load = frac * s;
                let sums = finite_sums(agents, &g, m, load);
                let b = inv_blocking_minus_one(s, load);
                // relative to the size of the exponent: a sum of e^(2e5) (16,000
                // slots at 1e-6 of capacity) is held to the ulp of its exponent
                let rel = (sums.total.ratio(b) - 1.0).abs() / b.ln().max(10.0);
                worst = worst.max(rel);
                assert!(rel < 1e-14, "N={agents} m={m} A={load}: {rel:e}");
                // sum_{k<S} k w_k = A F - S (k w_k = A w_{k-1})
                // (compared on the scale of A F: the difference cancels at light load)
                let want = b.mul(load).sub(Scaled::plain(s));
                let scale = b.mul(load);
                let rel =
                    (sums.in_service.ratio(scale) - want.ratio(scale)).abs() / b.ln().max(10.0);
                assert!(rel < 1e-13, "in service N={agents} m={m} A={load}: {rel:e}");
            }
        }
        eprintln!("finite sums vs Erlang B: worst {worst:e}");
    }
}
