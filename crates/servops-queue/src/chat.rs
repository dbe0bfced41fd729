//! Live chat with concurrency: agents hold up to `m` chats at once, and a
//! chat takes longer when its agent holds more (a birth-death chain with
//! the chats kept evenly spread over the agents).

use std::time::Duration;

use crate::erlang_a::{ErlangA, ServiceLevelConvention};
use crate::erlang_b::{blocking, check_agents, inv_blocking_minus_one};
use crate::error::{Error, Result, invalid};
use crate::special::{Scaled, stirlerr_large};
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
/// is summed state by state, about 3 ns a state (at most about `2 x load`
/// states plus 73 once the slots hold twice the queue's load; the states
/// far above the load are taken in closed form).
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
    /// `sum_{k<=N-2} w_k`: `lambda` times it is `sum_{1<=k<N} k w_k`, as
    /// `c(k) = k` (in units of `1 / h_1`) for `k <= N`, so `k w_k = lambda
    /// w_{k-1}`.
    busy_shifted: Scaled,
    /// `sum_{N<=k<S} w_k`.
    busy_full: Scaled,
}

impl FiniteSums {
    /// `sum_{k<S} min(k, N) w_k = lambda busy_shifted + N busy_full`.
    ///
    /// Taken this way (rather than summing `min(k, N) w_k`) because when
    /// the chats nearly never outnumber the agents the sum is then `lambda`
    /// times `F` to the last bit (`busy_shifted` adds the very terms of
    /// `F`, in the same order), and the occupancy `lambda / N` is exact:
    /// a target like `load / N` is met at exactly `N` agents.
    #[cfg(test)]
    fn busy(&self, load: f64, agents: f64) -> Scaled {
        self.busy_shifted.mul(load).add(self.busy_full.mul(agents))
    }
}

/// The finite part of the chain, `w_k = pi_k / pi_S` for `k = S-1` down to
/// 0 by `w_k = w_{k+1} c(k+1) / lambda` (in units of `1 / h_1`, `lambda`
/// is the load), rescaled by `2^-600` whenever the terms pass `1e150`;
/// stopped once below the busiest state the rest is below `1e-18` of the
/// sum (there `c` falls as `k` falls, so the rest is bounded by a
/// geometric series).
///
/// # The skipped block
///
/// `c` is concave in `k` (see [`ChatModel`], "Monotonicity"), so the
/// states with `c(k) >= 2 lambda` form one interval `[k1, k2]`. There
/// `pi_k = pi_{k-1} lambda / c(k) <= pi_{k-1} / 2`, so every state `k` of
/// the interval has `pi_k <= 2^-(k - k1) pi_{k1}`. The states strictly
/// between `lo = k1 + G` (`G = SKIP_MARGIN = 72`) and `top = min(k2 + 1,
/// S)` are not visited: the walk goes from `S - 1` down to `top`, jumps to
/// `w_lo = w_top prod_{i=lo+1}^{top} c(i) / lambda` (a product over at
/// most `m` levels, in each of which `c` is linear in `k`, taken in
/// closed form by [`ln_linear_product`]), and walks on from `lo` down.
/// What is dropped, relative to the terms kept (which include `k1`:
/// the walk stops early only below the mode, where `c < lambda`):
///
/// - `sum w_k <= 2^-G w_{k1}` (a geometric series from `2^-(G+1)`);
/// - `sum k w_k <= (k1 + G + 2) 2^-G w_{k1}`, against at least
///   `k1 w_{k1}` kept, so at most `(G + 3) 2^-G`;
/// - `sum min(k, N) w_k`: as the previous if `k1 < N`, else at most
///   `N 2^-G w_{k1}` against `N w_{k1}` kept. (It is summed as `lambda
///   busy_shifted + N busy_full`, see [`FiniteSums`]: `busy_shifted`
///   holds `w_lo` for `(lo + 1) w_{lo+1}`, a skipped term taken exactly,
///   so what is dropped is still a part of the skipped terms.)
///
/// With `G = 72` every sum loses at most `75 x 2^-72 = 1.6e-20` of itself,
/// below the `1e-18` of the early stop. (The test `c(k) >= 2 lambda` is
/// made in floating point: a ratio a few ulps below 2 changes `2^-72` by
/// a factor of `1 + 1e-13`.) When `N min(g(1), g(m)) >= 2 lambda` (the
/// slots are at least twice the load of the queue, `N m >= 2 lambda h_m`,
/// and `N >= 2 lambda h_1`), every state from `2 lambda` up is in the
/// interval (`c(k) = k` below `N`, and `c >= N min(g(1), g(m))` above by
/// concavity), so the walk visits at most `2 lambda + G + 1` states and
/// the cost no longer depends on `N`.
fn finite_sums(agents: u32, g: &[f64], m: usize, load: f64) -> FiniteSums {
    finite_sums_with(agents, g, m, load, true)
}

/// [`finite_sums`], with the skipped block (`skip`) or state by state.
fn finite_sums_with(agents: u32, g: &[f64], m: usize, load: f64, skip: bool) -> FiniteSums {
    let n = f64::from(agents);
    // c is non-decreasing on k <= N jmax (g concave, rising up to jmax)
    let mut jmax = 1;
    for j in 1..=m {
        if g[j] > g[jmax] {
            jmax = j;
        }
    }
    let rates = Rates {
        agents: u64::from(agents),
        n,
        g,
    };
    let mut walk = Walk::new(load, n * jmax as f64, n);
    let slots = u64::from(agents) * m as u64;
    let block = if skip {
        rates.skipped_block(m, load)
    } else {
        None
    };
    match block {
        Some((lo, top)) => {
            if top < slots {
                walk.states(&rates, slots - 1, top, false);
            }
            walk.jump(rates.ln_product(lo + 1, top, load));
            walk.add(lo as f64);
            if lo > 0 {
                walk.states(&rates, lo - 1, 0, true);
            }
        }
        None => walk.states(&rates, slots - 1, 0, true),
    }
    walk.sums()
}

/// Fewest states kept above the first state whose completion rate is at
/// least twice the arrival rate before the rest of that interval is
/// skipped (see [`finite_sums`]): `2^-72` times the terms' weights.
const SKIP_MARGIN: u64 = 72;

/// Shortest run of states worth skipping (below it the walk is cheaper).
const SKIP_MIN: u64 = 64;

/// The completion rates of the chain below the slots, `c(i)` for
/// `1 <= i <= N m`: with `q = (i - 1) div N`, `s = i - q N` (`1..=N`),
/// `c(i) = s g(q+1) + (N - s) g(q)`, linear in `i` within each level `q`.
struct Rates<'a> {
    agents: u64,
    n: f64,
    g: &'a [f64],
}

impl Rates<'_> {
    /// `c(i)`, computed as the walk computes it.
    fn at(&self, i: u64) -> f64 {
        let q = ((i - 1) / self.agents) as usize;
        let s = ((i - 1) % self.agents + 1) as f64;
        s * self.g[q + 1] + (self.n - s) * self.g[q]
    }

    /// The block of states `lo + 1 .. top - 1` that [`finite_sums`] skips,
    /// as `(lo, top)`, or `None` when there is none worth skipping.
    fn skipped_block(&self, m: usize, load: f64) -> Option<(u64, u64)> {
        let slots = self.agents * m as u64;
        let threshold = 2.0 * load;
        // the first level whose top reaches the threshold (c concave: the
        // states at or above it form one interval, entered in that level)
        let q1 = (0..m).find(|&q| self.n * self.g[q + 1] >= threshold)?;
        let base = q1 as u64 * self.agents;
        // c(base + s) = N g(q1) + s (g(q1+1) - g(q1)) rises through the threshold
        let slope = self.g[q1 + 1] - self.g[q1];
        let guess = ((threshold - self.n * self.g[q1]) / slope).ceil();
        let mut k1 = if guess.is_finite() && guess >= 1.0 {
            base + (guess as u64).min(self.agents)
        } else {
            base + 1
        };
        while k1 > base + 1 && self.at(k1 - 1) >= threshold {
            k1 -= 1;
        }
        while k1 < base + self.agents && self.at(k1) < threshold {
            k1 += 1;
        }
        if self.at(k1) < threshold {
            return None;
        }
        // the last state at or above the threshold
        let k2 = if self.at(slots) >= threshold {
            slots
        } else {
            // the level in which c falls below it
            let q2 = (q1..m).find(|&q| self.n * self.g[q + 1] < threshold)?;
            let base = q2 as u64 * self.agents;
            let slope = self.g[q2] - self.g[q2 + 1];
            let guess = ((self.n * self.g[q2] - threshold) / slope).floor();
            let mut k2 = if guess.is_finite() && guess >= 1.0 {
                base + (guess as u64).min(self.agents)
            } else {
                base + 1
            };
            k2 = k2.max(k1);
            while k2 < slots && self.at(k2 + 1) >= threshold {
                k2 += 1;
            }
            while k2 > k1 && self.at(k2) < threshold {
                k2 -= 1;
            }
            k2
        };
        let lo = k1 + SKIP_MARGIN;
        let top = (k2 + 1).min(slots);
        (top > lo + SKIP_MIN).then_some((lo, top))
    }

    /// `ln prod_{i=from}^{to} c(i) / lambda`, level by level in closed form.
    fn ln_product(&self, from: u64, to: u64, load: f64) -> f64 {
        // c / lambda directly unless 1 / lambda overflows
        let direct = load >= 1e-250;
        let mut total = 0.0;
        let mut i = from;
        while i <= to {
            let q = (i - 1) / self.agents;
            let end = ((q + 1) * self.agents).min(to);
            let count = end - i + 1;
            let slope = self.g[q as usize + 1] - self.g[q as usize];
            // the smallest term first, rising by |slope| a state
            let (first, step) = if slope >= 0.0 {
                (self.at(i), slope)
            } else {
                (self.at(end), -slope)
            };
            total += if direct {
                ln_linear_product(first / load, step / load, count)
            } else {
                ln_linear_product(first, step, count) - count as f64 * load.ln()
            };
            i = end + 1;
        }
        total
    }
}

/// Terms walked one by one before [`ln_linear_product`] uses its closed
/// form, and the least `u / d` at which Binet's series is used.
const DIRECT_TERMS: u64 = 32;
const BINET_MIN: f64 = 10.0;

/// `sum_{j=0}^{n-1} ln(u + d j)` for `u > 0`, `d >= 0`.
///
/// With `y = u / d`, the sum is `n ln u + D(y, n)`, `D(y, n) = sum_j
/// ln(1 + j / y) = ln Gamma(y + n) - ln Gamma(y) - n ln y`. Stirling's
/// series for both gammas gives, without cancellation,
///
/// ```text
/// D(y, n) = y psi(t) - ln(1 + t) / 2 + mu(y + n) - mu(y),   t = n / y,
/// psi(t) = (1 + t) ln(1 + t) - t = sum_{k>=2} (-t)^k / (k (k - 1)),
/// ```
///
/// `mu` Binet's function, which is Stirling's error of `special`
/// (`stirlerr_large`: its asymptotic series, error below `2e-18` for
/// `z >= 10`). The first terms are summed directly while
/// `y < 10` or while at most 32 remain.
fn ln_linear_product(u: f64, d: f64, n: u64) -> f64 {
    if d == 0.0 {
        return n as f64 * u.ln();
    }
    let mut sum = 0.0;
    let mut j = 0u64;
    while j < n && (n - j <= DIRECT_TERMS || u + d * (j as f64) < BINET_MIN * d) {
        sum += (u + d * j as f64).ln();
        j += 1;
    }
    if j == n {
        return sum;
    }
    let start = u + d * j as f64;
    let rest = (n - j) as f64;
    let y = start / d;
    let t = rest / y;
    let psi = if t < 0.25 {
        // sum_{k>=2} (-t)^k / (k (k - 1)); 0.25^40 < 1e-24
        let mut term = -t;
        let mut acc = 0.0;
        for k in 2..=40 {
            term *= -t;
            let kf = f64::from(k);
            acc += term / (kf * (kf - 1.0));
        }
        acc
    } else {
        (1.0 + t) * t.ln_1p() - t
    };
    let d_sum = y * psi - 0.5 * t.ln_1p() + stirlerr_large(y + rest) - stirlerr_large(y);
    sum + rest * start.ln() + d_sum
}

/// The running sums of [`finite_sums`] and their common scale.
struct Walk {
    load: f64,
    inv: f64,
    /// `N j*`: `c` is non-decreasing up to here.
    rising_top: f64,
    /// `N`.
    n: f64,
    w: f64,
    total: f64,
    in_service: f64,
    busy_shifted: f64,
    busy_full: f64,
    /// rescalings by `2^-600`, counted (a running sum of `600 ln 2` would
    /// gather roundings)
    rescaled: u32,
    extra_ln: f64,
}

impl Walk {
    fn new(load: f64, rising_top: f64, n: f64) -> Self {
        Self {
            load,
            inv: 1.0 / load,
            rising_top,
            n,
            w: 1.0,
            total: 0.0,
            in_service: 0.0,
            busy_shifted: 0.0,
            busy_full: 0.0,
            rescaled: 0,
            extra_ln: 0.0,
        }
    }

    /// State `k`'s term `w` into the sums (see [`FiniteSums`]: state
    /// `N - 1` adds to neither busy sum, its `(N - 1) w_{N-1}` being
    /// `lambda w_{N-2}`).
    fn add(&mut self, k: f64) {
        self.total += self.w;
        self.in_service += k * self.w;
        if k + 2.0 <= self.n {
            self.busy_shifted += self.w;
        } else if k >= self.n {
            self.busy_full += self.w;
        }
    }

    /// `w *= exp(ln_factor)`: the new term becomes the unit, and the sums
    /// so far are carried over by the factor between the old and new
    /// units, taken through logarithms.
    fn jump(&mut self, ln_factor: f64) {
        let ln_step = self.w.ln() + ln_factor;
        let factor = (-ln_step).exp();
        self.extra_ln += ln_step;
        self.w = 1.0;
        self.total *= factor;
        self.in_service *= factor;
        self.busy_shifted *= factor;
        self.busy_full *= factor;
    }

    /// Visits the states `from` down to `to`; `stop`: may end early once
    /// the rest below is negligible.
    fn states(&mut self, rates: &Rates<'_>, from: u64, to: u64, stop: bool) {
        let shrink = 2.0_f64.powi(-600);
        let agents = rates.agents;
        let n = rates.n;
        let (inv, rising_top) = (self.inv, self.rising_top);
        // the sums as locals (kept in registers: this loop is the model's cost)
        let (mut w, mut total, mut in_service) = (self.w, self.total, self.in_service);
        let (mut shifted, mut full) = (self.busy_shifted, self.busy_full);
        let (mut rescaled, mut extra_ln) = (self.rescaled, self.extra_ln);
        let (q_to, r_to) = (to / agents, to % agents);
        let (mut q, mut r_hi) = (from / agents, from % agents);
        'levels: loop {
            let r_lo = if q == q_to { r_to } else { 0 };
            let (lo, hi) = (rates.g[q as usize], rates.g[q as usize + 1]);
            let base = q as f64 * n;
            // (r < N <= 1e9: u32, whose conversion to f64 is one instruction)
            let (r_lo, r_hi_32) = (r_lo as u32, r_hi as u32);
            for r in (r_lo..=r_hi_32).rev() {
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
                        shifted *= shrink;
                        full *= shrink;
                        rescaled += 1;
                    }
                    w *= ratio;
                } else {
                    // a load below about 1e-90 of the slots (1 / load may
                    // even be infinite): as `jump`
                    let ln_step = w.ln() + (c.ln() - self.load.ln());
                    let factor = (-ln_step).exp();
                    extra_ln += ln_step;
                    w = 1.0;
                    total *= factor;
                    in_service *= factor;
                    shifted *= factor;
                    full *= factor;
                }
                let k = base + rf;
                // as `add`
                total += w;
                in_service += k * w;
                if q >= 1 {
                    full += w;
                } else if u64::from(r) + 2 <= agents {
                    shifted += w;
                }
                if stop && k + 1.0 <= rising_top && ratio < 1.0 {
                    let rest = w * ratio / (1.0 - ratio);
                    if rest < NEGLIGIBLE * total {
                        break 'levels;
                    }
                }
            }
            if q == q_to {
                break;
            }
            q -= 1;
            r_hi = agents - 1;
        }
        self.w = w;
        self.total = total;
        self.in_service = in_service;
        self.busy_shifted = shifted;
        self.busy_full = full;
        self.rescaled = rescaled;
        self.extra_ln = extra_ln;
    }

    fn sums(&self) -> FiniteSums {
        let scale = f64::from(self.rescaled) * (600.0 * std::f64::consts::LN_2) + self.extra_ln;
        let wrap = |v: f64| {
            if scale == 0.0 {
                Scaled::plain(v)
            } else {
                Scaled::new(v, scale)
            }
        };
        FiniteSums {
            total: wrap(self.total),
            in_service: wrap(self.in_service),
            busy_shifted: wrap(self.busy_shifted),
            busy_full: wrap(self.busy_full),
        }
    }
}

/// Lower bounds that hold for every patience, used by the staffing scan
/// when no metric is proved monotone in `N` (patience below `h_m`).
///
/// # The comparison chain
///
/// In units of `1 / h_1`, `g(j) = j h_1 / h_j` is concave with `g(0) = 0`
/// and `g(1) = 1`, so `g^(x) / x` does not rise and `c_N(k) = N g^(k/N)
/// <= k` for `k <= S = N m`. Let `X` be the chain `K` of `N` agents
/// conditioned on `K <= S` (birth rate `lambda`, death rates `c_N(k)` on
/// `0..=S`) and `T_S` the Erlang loss chain on `S` servers of rate `1 /
/// h_1`, a Poisson law of mean `a = lambda h_1` truncated to `0..=S`
/// (death rates `k >= c_N(k)`). The likelihood ratio `P(X = k) / P(T_S =
/// k)`, proportional to `prod_{i<=k} i / c_N(i)`, does not fall in `k`,
/// so `X >= T_S` in likelihood ratio, hence stochastically. And `K >= X`
/// stochastically: for `j <= S`, `P(K >= j) = P(K > S) + P(K <= S) P(X >=
/// j) >= P(X >= j)`.
///
/// - Occupancy: `min(., N)` rises, so `E[min(K, N)] >= E[min(T_S, N)]`.
///   `T_s <= T_{s+1}` in likelihood ratio (the same law truncated to a
///   larger set), so for every `N >= N0`, `E[min(T_{N m}, N)] >=
///   E[min(T_{N0 m}, N0)] = c0`, and `occupancy(N) >= c0 / N`: no team of
///   `N0 <= N < c0 / rho` meets `occupancy <= rho` ([`busy_lower_bound`]).
/// - P(wait) `= P(K >= S)` (arrivals see time averages) `= pi_S J / (sum_{k
///   < S} pi_k + pi_S J) >= P(X = S)` (as `J >= 1`), and `P(X = S) >=
///   P(T_S = S) = B(S, a)`, Erlang B, by the likelihood ratio (summing
///   `P(X = S) P(T_S = k) >= P(T_S = S) P(X = k)` over `k`). `B(s, a)` falls
///   in `s`, so no team with `B(N m, a) > p` meets `P(wait) <= p`
///   ([`wait_lower_bound`]).
///
/// `busy_lower_bound(a, N0, m)` is `c0 = E[min(T_{N0 m}, N0)]` at
/// single-chat load `a`, or a hair below it (never above: a rigorous
/// lower bound up to rounding), summed from the mode of the truncated
/// Poisson law outwards (`r_k` relative to the mode, `r_{k+1} = r_k a / (k + 1)`)
/// until the rest of each side, bounded by a geometric series of the last
/// ratio, is below `1e-20` of the sum; the terms not summed are dropped
/// from the numerator and their bounds added to the denominator. About
/// `20 sqrt(a)` terms, whatever `N0`.
pub(crate) fn busy_lower_bound(load: f64, agents: u32, max_chats: u32) -> f64 {
    if load.is_nan() || load <= 0.0 {
        return 0.0;
    }
    let slots = u64::from(agents) * u64::from(max_chats);
    let n0 = f64::from(agents);
    let busy = |k: u64| (k as f64).min(n0);
    // floor(a) < 2^64 for any finite load a traffic allows; saturates otherwise
    let mode = (load.floor() as u64).min(slots);
    let (mut num, mut den) = (busy(mode), 1.0_f64);
    // upwards: ratios a / (k + 1) < 1 from the mode (k + 1 > floor(a) + 1 > a)
    let (mut r, mut k) = (1.0_f64, mode);
    while k < slots {
        let ratio = load / (k + 1) as f64;
        r *= ratio;
        k += 1;
        num += busy(k) * r;
        den += r;
        let next = load / (k + 1) as f64;
        let rest = r * next / (1.0 - next);
        if k < slots && rest < 1e-20 * den {
            den += rest;
            break;
        }
    }
    // downwards: ratios k / a <= 1 (k <= floor(a))
    let (mut r, mut k) = (1.0_f64, mode);
    while k > 0 {
        r *= k as f64 / load;
        k -= 1;
        num += busy(k) * r;
        den += r;
        let next = k as f64 / load;
        if next < 1.0 {
            let rest = r * next / (1.0 - next);
            if rest < 1e-20 * den {
                den += rest;
                break;
            }
        }
    }
    num / den
}

/// Erlang B on the `N m` slots at the single-chat load: a lower bound on
/// the chat model's P(wait) for `agents` agents and every larger team
/// (see [`busy_lower_bound`] for the proof).
pub(crate) fn wait_lower_bound(load: f64, agents: u32, max_chats: u32) -> f64 {
    blocking(f64::from(agents) * f64::from(max_chats), load)
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
        // (the busy agents as `lambda busy_shifted + N busy_full`, see
        // `FiniteSums`)
        let (sum_in_service, shifted, above_n) = match &sums {
            Some(f) if linear => {
                let r = finite.ratio(f.total);
                (zero, f.busy_shifted.mul(r), f.busy_full.mul(r))
            }
            Some(f) => (f.in_service, f.busy_shifted, f.busy_full),
            None => (zero, zero, zero),
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
                    load * shifted.ratio(denom) + n * above_n.add(j).ratio(denom)
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
                    load * shifted.mul(one_minus_rho).ratio(denom)
                        + n * above_n
                            .mul(one_minus_rho)
                            .add(Scaled::plain(1.0))
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

    /// The closed form of `sum_j ln(u + d j)` against the direct sum (in
    /// pairs, to keep its own rounding down), over short and long runs,
    /// small and large `u / d`.
    #[test]
    fn ln_linear_product_matches_direct_sum() {
        let mut worst = 0.0_f64;
        for &u in &[1e-3, 0.7, 2.0, 9.5, 10.0, 55.0, 1e4, 3e6] {
            for &d in &[0.0, 1e-9, 1e-3, 0.5, 1.0, 7.0, 1e3] {
                for &n in &[1_u64, 5, 32, 33, 40, 100, 1000, 100_000, 2_000_000] {
                    let got = ln_linear_product(u, d, n);
                    let mut want = 0.0_f64;
                    let mut carry = 0.0_f64;
                    for j in 0..n {
                        // Kahan summation
                        let y = (u + d * j as f64).ln() - carry;
                        let t = want + y;
                        carry = (t - want) - y;
                        want = t;
                    }
                    let scale = want
                        .abs()
                        .max(n as f64 * (u + d * n as f64).ln().abs())
                        .max(1.0);
                    let err = (got - want).abs() / scale;
                    worst = worst.max(err);
                    assert!(err < 1e-14, "u={u} d={d} n={n}: {got} vs {want} ({err:e})");
                }
            }
        }
        eprintln!("ln_linear_product: worst {worst:e}");
    }

    /// The skipped block changes the sums by less than their rounding:
    /// against the state-by-state walk, teams far above the load included
    /// (not below `1e-90` of the slots, where the full walk's own sum of
    /// logarithms drifts by more; the test below checks those against
    /// Erlang B).
    #[test]
    fn skipped_block_matches_the_full_walk() {
        let profiles: [&[f64]; 4] = [
            &[0.0, 1.0, 2.0, 3.0],
            &[0.0, 1.0, 1.7, 2.2],
            &[0.0, 1.0, 1.3, 1.0, 0.4],
            &[0.0, 1.0, 1.5, 1.9, 2.2, 2.4, 2.5],
        ];
        let mut worst = 0.0_f64;
        let mut skipped = 0;
        for g in profiles {
            let m = g.len() - 1;
            for &agents in &[1_u32, 7, 100, 2000, 50_000] {
                let cap = f64::from(agents) * g[1..].iter().copied().fold(f64::INFINITY, f64::min);
                for frac in [1e-80, 1e-9, 1e-3, 0.05, 0.3, 0.45, 0.5, 0.9, 1.5] {
                    let load = frac * cap;
                    let rates = Rates {
                        agents: u64::from(agents),
                        n: f64::from(agents),
                        g,
                    };
                    if rates.skipped_block(m, load).is_some() {
                        skipped += 1;
                    }
                    let fast = finite_sums_with(agents, g, m, load, true);
                    let slow = finite_sums_with(agents, g, m, load, false);
                    for (a, b, what) in [
                        (fast.total, slow.total, "total"),
                        (fast.in_service, slow.in_service, "in service"),
                        (
                            fast.busy(load, f64::from(agents)),
                            slow.busy(load, f64::from(agents)),
                            "busy",
                        ),
                    ] {
                        // relative to the size of the exponent, as above
                        let rel = (a.ratio(b) - 1.0).abs() / b.ln().abs().max(10.0);
                        worst = worst.max(rel);
                        assert!(rel < 1e-14, "{what}: g={g:?} N={agents} A={load}: {rel:e}");
                    }
                }
            }
        }
        assert!(skipped > 40, "only {skipped} cases skip");
        eprintln!("skipped block vs full walk: worst {worst:e} ({skipped} cases skip)");
    }

    /// With thousands of times more slots than load the walk visits a
    /// bounded number of states: the sums equal Erlang B's closed form.
    #[test]
    fn huge_team_finite_sums_match_erlang_b() {
        let g = [0.0, 1.0, 2.0, 3.0];
        for &(agents, load) in &[
            (5_000_000_u32, 514.0),
            (5_000_000, 3.0),
            (100_000, 1e-200),
            (50_000, 1.5e-295),
        ] {
            let s = f64::from(agents) * 3.0;
            let sums = finite_sums(agents, &g, 3, load);
            let b = inv_blocking_minus_one(s, load);
            let rel = (sums.total.ratio(b) - 1.0).abs() / b.ln().max(10.0);
            assert!(rel < 1e-14, "N={agents} A={load}: {rel:e}");
            // every chat alone: the busy agents are the chats, E = A
            let busy = sums.busy(load, f64::from(agents)).ratio(sums.total);
            assert_eq!(busy, load);
        }
    }

    /// `busy_lower_bound` is `E[min(T_s, N0)]` for the Poisson law of mean
    /// `a` truncated to `0..=s` (summed here over every state, relative to
    /// the mode), a hair below it, never above.
    #[test]
    fn busy_lower_bound_is_the_truncated_poisson_mean() {
        for &load in &[1e-6_f64, 0.3, 1.0, 7.5, 42.0, 514.0, 3000.0] {
            for &m in &[1_u32, 2, 3, 8] {
                for &n0 in &[1_u32, 2, 5, 20, 100, 400, 1000, 5000] {
                    let s = u64::from(n0) * u64::from(m);
                    let mode = (load.floor() as u64).min(s);
                    let mut ln_r = vec![0.0_f64; s as usize + 1];
                    for k in (0..mode as usize).rev() {
                        ln_r[k] = ln_r[k + 1] + ((k + 1) as f64 / load).ln();
                    }
                    for k in mode as usize + 1..=s as usize {
                        ln_r[k] = ln_r[k - 1] + (load / k as f64).ln();
                    }
                    let (mut num, mut den) = (0.0, 0.0);
                    for (k, l) in ln_r.iter().enumerate() {
                        let r = l.exp();
                        num += (k as f64).min(f64::from(n0)) * r;
                        den += r;
                    }
                    let want = num / den;
                    let got = busy_lower_bound(load, n0, m);
                    assert!(
                        got <= want * (1.0 + 1e-12),
                        "a={load} m={m} N0={n0}: {got} > {want}"
                    );
                    assert!(
                        got >= want * (1.0 - 1e-12),
                        "a={load} m={m} N0={n0}: {got} < {want}"
                    );
                }
            }
        }
    }

    /// The claims behind the scan's skips, against the model itself: for
    /// every team `N >= N0`, `E[min(K, N)] >= busy_lower_bound(N0)` and
    /// `P(wait) >= B(N m, a)`, with patience short and long, rising and
    /// falling `g`.
    #[test]
    fn the_scan_bounds_hold_for_every_patience() {
        let secs = Duration::from_secs_f64;
        let profiles: [&[f64]; 4] = [
            &[300.0, 420.0, 600.0],
            &[300.0, 300.0],
            &[300.0, 400.0, 540.0, 700.0],
            &[300.0, 450.0, 900.0],
        ];
        let mut checked = 0;
        for h in profiles {
            let h: Vec<Duration> = h.iter().map(|&x| secs(x)).collect();
            let m = h.len() as u32;
            for patience in [1e-7, 0.5, 30.0, 300.0, 5000.0] {
                let c = ChatConcurrency::new(&h, Some(secs(patience))).unwrap();
                for &load in &[0.05, 2.0, 17.0, 120.0] {
                    let t = c.traffic_from_load(load).unwrap();
                    for n0 in [1_u32, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144] {
                        let c0 = busy_lower_bound(load, n0, m);
                        for n in (n0..n0 + 40).chain([2 * n0, 10 * n0]) {
                            let model = ChatModel::new(t, n, c).unwrap();
                            let busy = model.occupancy() * f64::from(n);
                            assert!(
                                busy >= c0 * (1.0 - 1e-12),
                                "h={h:?} p={patience} a={load} N0={n0} N={n}: {busy} < {c0}"
                            );
                            let b = wait_lower_bound(load, n, m);
                            assert!(
                                model.prob_wait() >= b * (1.0 - 1e-12),
                                "h={h:?} p={patience} a={load} N={n}: {} < {b}",
                                model.prob_wait()
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        eprintln!("scan bounds: {checked} teams checked");
    }
}
