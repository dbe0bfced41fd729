//! Staffing solvers: the fewest agents that meet a set of targets, the
//! fractional agent count that meets them exactly, the largest load a team
//! can carry, and whole interval series at once.

use std::time::Duration;

use servops_core::IntervalSeries;

use crate::chat::{ChatConcurrency, ChatModel, MAX_CHAT_SLOTS, busy_lower_bound, wait_lower_bound};
use crate::erlang_a::{ErlangA, ServiceLevelConvention};
use crate::erlang_b::{MAX_AGENTS, check_agents};
use crate::erlang_c::ErlangC;
use crate::error::{Error, Result, invalid, open_unit};
use crate::finite_lines::FiniteLines;
use crate::search::{min_integer, real_root};
use crate::traffic::Traffic;

/// The queueing model a solver uses.
///
/// # Examples
///
/// ```
/// use servops_queue::Model;
/// use std::time::Duration;
///
/// let with_abandonment = Model::ErlangA { patience: Duration::from_secs(90) };
/// assert_ne!(with_abandonment, Model::ErlangC);
/// ```
// `Model::Chat` holds its 16 handle times inline so that the model stays
// `Copy`; a copy of 0.3 kB is nothing beside one evaluation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Model {
    /// Erlang C (M/M/N): nobody abandons; needs more agents than erlangs.
    ErlangC,
    /// Erlang A (M/M/N+M): contacts abandon after an exponential patience with this mean.
    ErlangA {
        /// Mean patience of a waiting contact.
        patience: Duration,
    },
    /// Finite trunk lines ([`FiniteLines`]: M/M/N/K, or M/M/N/K+M with a
    /// patience): `lines` lines shared by the agents and the queue; a
    /// contact that finds every line busy is blocked.
    ///
    /// The solvers search the agent count `N` from 1 to `lines` (a team
    /// larger than the lines is never considered; if `lines` agents miss
    /// the targets the answer is [`Error::Unreachable`] with `max_agents =
    /// lines`). Only whole agent counts exist in this model:
    /// [`fractional_agents_required`] refuses it, and [`metrics_at`] and
    /// [`max_load`] take whole counts.
    ///
    /// What the targets mean here: the service level counts blocked
    /// contacts against it in the conventions over offered contacts; the
    /// P(wait) target and [`Metrics::prob_wait`] are of *accepted* contacts
    /// (those that got a line); ASA is of answered contacts and
    /// [`Metrics::mean_wait_secs`] of accepted ones; P(abandon) and
    /// P(blocked) are of offered contacts.
    ///
    /// Monotonicity in `N` at fixed `lines` (checked over a grid of loads,
    /// lines, patiences and thresholds, `tests/finite_lines_staffing.rs`):
    /// the service level over offered or over answered contacts, the ASA,
    /// P(wait) of accepted contacts, P(abandon) and occupancy improve with
    /// every agent, and the search brackets them as for the other models.
    /// P(blocked) is monotone with a direction set by the patience: an agent
    /// more raises the departure rate of every state above `N` by
    /// `1/AHT - 1/patience`, so blocking falls with each agent when the
    /// patience is at least the AHT (or absent), and *rises* when it is
    /// shorter (a waiting contact that gives up frees its line sooner than
    /// one in service: 0.9 % blocked with 1 agent on 2 lines at 0.5
    /// erlangs, AHT 180 s, patience 10 s; 7.7 % with 2). Then the answer is
    /// the fewest agents meeting the other targets if they meet the blocking
    /// target, and [`Error::Unreachable`] otherwise. The service level with
    /// [`ServiceLevelConvention::AbandonsWithinCountAsMet`] and a patience
    /// need not be monotone: with it the solver finds the fewest agents
    /// meeting the other targets, then tries every count from there up to
    /// `lines` (cost linear in `lines`).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{agents_required, Model, Targets, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(10.0, Duration::from_secs(180))?;
    /// let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?
    ///     .with_max_prob_blocked(0.01)?;
    /// let model = Model::FiniteLines { lines: 20, patience: Some(Duration::from_secs(120)) };
    /// let s = agents_required(&t, model, &goal)?;
    /// assert!(s.metrics.prob_blocked <= 0.01 && s.agents <= 20);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    FiniteLines {
        /// Trunk lines `K` (agents plus waiting positions).
        lines: u32,
        /// Mean patience of a waiting contact (`None`: nobody abandons).
        patience: Option<Duration>,
    },
    /// Live chat with concurrency ([`ChatModel`]): each agent holds up to
    /// `m` chats, a chat slows down as its agent holds more, the chats are
    /// spread evenly over the agents; the patience (if any) is the
    /// concurrency profile's.
    ///
    /// The traffic's AHT must be `h_1`, the handle time of a chat handled
    /// alone ([`ChatConcurrency::traffic`]); another AHT is refused
    /// ([`Error::InvalidParameter`] named `aht`), in [`solve_series`] too
    /// (each [`Workload`]'s AHT), and in [`max_load`] (its `aht`). For an
    /// AHT per interval, rescale the profile to each interval's single-chat
    /// handle time with [`ChatConcurrency::with_single_chat_aht`].
    ///
    /// Only whole agent counts exist: [`fractional_agents_required`]
    /// refuses the model, and [`metrics_at`] and [`max_load`] take whole
    /// counts. At most [`MAX_CHAT_SLOTS`] slots (`N m`) are searched
    /// ([`Error::Unreachable`] beyond).
    ///
    /// What the targets mean here: probabilities are of arriving chats;
    /// P(wait) is the probability that every slot is taken; ASA is of
    /// answered chats; the occupancy target caps the share of agent time
    /// holding at least one chat ([`ChatModel::occupancy`]). P(blocked) is
    /// not defined.
    ///
    /// Monotone in `N` when nobody abandons or the patience is at least
    /// `h_m` (proved in [`ChatModel`], "Monotonicity", from the concavity
    /// of `j / h_j` that [`ChatConcurrency::new`] enforces): the service
    /// level in the two conventions over offered chats, P(wait),
    /// P(abandon), occupancy, and without patience the ASA. The solver
    /// brackets those; the ASA of answered chats and the service level
    /// over answered chats (with a patience), and every target when the
    /// patience is below `h_m` (then an agent more can *raise* the
    /// occupancy: 1 to 7 agents in `tests/chat.rs`), are checked count by
    /// count from the smallest team meeting the proved ones (or from 1) up
    /// to a bracketed candidate, so the answer is the true minimum at a
    /// cost linear in that gap.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{agents_required, ChatConcurrency, Model, Targets};
    /// use std::time::Duration;
    ///
    /// let secs = |s| Duration::from_secs(s);
    /// let c = ChatConcurrency::new(&[secs(360), secs(480), secs(660)], Some(secs(180)))?;
    /// let t = c.traffic(300.0, secs(1800))?; // 300 chats in half an hour
    /// let goal = Targets::service_level_within(0.8, secs(60))?;
    /// let s = agents_required(&t, Model::Chat { concurrency: c }, &goal)?;
    /// assert!(s.metrics.service_level.unwrap() >= 0.8);
    /// assert!(s.agents > 20 && s.agents < 60);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    Chat {
        /// Handle times at each concurrency and the patience.
        concurrency: ChatConcurrency,
    },
}

impl Model {
    fn name(self) -> &'static str {
        match self {
            Model::ErlangC => "Erlang C",
            Model::ErlangA { .. } => "Erlang A",
            Model::FiniteLines { patience: None, .. } => "finite lines without patience",
            Model::FiniteLines { .. } => "finite lines",
            Model::Chat { concurrency } if concurrency.patience().is_none() => {
                "chat without patience"
            }
            Model::Chat { .. } => "chat",
        }
    }
}

/// The staffing targets to meet, any combination of them. A solver returns
/// the fewest agents that meet *all* targets set.
///
/// # Errors
///
/// Each `with_*` method validates its value:
/// [`Error::InvalidParameter`] for fractions outside `(0, 1)` (occupancy:
/// `(0, 1]`) or a zero or non-finite ASA.
///
/// # Examples
///
/// ```
/// use servops_queue::Targets;
/// use std::time::Duration;
///
/// // 80 % answered within 20 seconds, and at most 85 % occupancy.
/// let targets = Targets::new()
///     .with_service_level(0.8, Duration::from_secs(20))?
///     .with_max_occupancy(0.85)?;
/// assert_eq!(targets.service_level(), Some((0.8, Duration::from_secs(20))));
/// assert!(Targets::new().with_service_level(1.2, Duration::from_secs(20)).is_err());
/// # Ok::<(), servops_queue::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "crate::serde_impls::TargetsRepr",
        into = "crate::serde_impls::TargetsRepr"
    )
)]
pub struct Targets {
    service_level: Option<(f64, Duration)>,
    max_asa_secs: Option<f64>,
    max_prob_wait: Option<f64>,
    max_prob_abandon: Option<f64>,
    max_occupancy: Option<f64>,
    max_prob_blocked: Option<f64>,
    convention: ServiceLevelConvention,
}

impl Targets {
    /// No targets yet (a solver refuses an empty set with [`Error::NoTarget`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Targets;
    ///
    /// assert!(Targets::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The usual single target: `fraction` of contacts answered within `within`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `fraction` is not in `(0, 1)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Targets;
    /// use std::time::Duration;
    ///
    /// let t = Targets::service_level_within(0.8, Duration::from_secs(20))?;
    /// assert!(!t.is_empty());
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn service_level_within(fraction: f64, within: Duration) -> Result<Self> {
        Self::new().with_service_level(fraction, within)
    }

    /// Requires a service level of at least `fraction` within `within`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `fraction` is not in `(0, 1)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Targets;
    /// use std::time::Duration;
    ///
    /// let t = Targets::new().with_service_level(0.9, Duration::from_secs(30))?;
    /// assert_eq!(t.service_level(), Some((0.9, Duration::from_secs(30))));
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn with_service_level(mut self, fraction: f64, within: Duration) -> Result<Self> {
        let fraction = open_unit("service_level", fraction)?;
        self.service_level = Some((fraction, within));
        Ok(self)
    }

    /// Requires an average speed of answer of at most `asa` (for Erlang A:
    /// the ASA of answered contacts).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `asa` is zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Targets;
    /// use std::time::Duration;
    ///
    /// let t = Targets::new().with_max_asa(Duration::from_secs(15))?;
    /// assert_eq!(t.max_asa_secs(), Some(15.0));
    /// assert!(Targets::new().with_max_asa(Duration::ZERO).is_err());
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn with_max_asa(mut self, asa: Duration) -> Result<Self> {
        let secs = asa.as_secs_f64();
        if secs.is_nan() || secs <= 0.0 {
            return Err(invalid("max_asa", secs, "> 0"));
        }
        self.max_asa_secs = Some(secs);
        Ok(self)
    }

    /// Requires the probability of waiting at all to be at most `p`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `p` is not in `(0, 1)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Targets;
    ///
    /// let t = Targets::new().with_max_prob_wait(0.2)?;
    /// assert_eq!(t.max_prob_wait(), Some(0.2));
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn with_max_prob_wait(mut self, p: f64) -> Result<Self> {
        self.max_prob_wait = Some(open_unit("max_prob_wait", p)?);
        Ok(self)
    }

    /// Requires the abandonment probability to be at most `p` (Erlang A only).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `p` is not in `(0, 1)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Targets;
    ///
    /// let t = Targets::new().with_max_prob_abandon(0.05)?;
    /// assert_eq!(t.max_prob_abandon(), Some(0.05));
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn with_max_prob_abandon(mut self, p: f64) -> Result<Self> {
        self.max_prob_abandon = Some(open_unit("max_prob_abandon", p)?);
        Ok(self)
    }

    /// Requires the probability that an offered contact is blocked (finds
    /// every line busy) to be at most `p` ([`Model::FiniteLines`] only).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `p` is not in `(0, 1)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Targets;
    ///
    /// let t = Targets::new().with_max_prob_blocked(0.01)?;
    /// assert_eq!(t.max_prob_blocked(), Some(0.01));
    /// assert!(Targets::new().with_max_prob_blocked(0.0).is_err());
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn with_max_prob_blocked(mut self, p: f64) -> Result<Self> {
        self.max_prob_blocked = Some(open_unit("max_prob_blocked", p)?);
        Ok(self)
    }

    /// Caps agent occupancy at `occupancy` (in `(0, 1]`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `occupancy` is not in `(0, 1]`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Targets;
    ///
    /// let t = Targets::new().with_max_occupancy(0.85)?;
    /// assert_eq!(t.max_occupancy(), Some(0.85));
    /// assert!(Targets::new().with_max_occupancy(0.0).is_err());
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn with_max_occupancy(mut self, occupancy: f64) -> Result<Self> {
        if occupancy.is_nan() || occupancy <= 0.0 || occupancy > 1.0 {
            return Err(invalid("max_occupancy", occupancy, "in (0, 1]"));
        }
        self.max_occupancy = Some(occupancy);
        Ok(self)
    }

    /// How abandoned contacts count in the service-level target (Erlang A;
    /// irrelevant in Erlang C). Default: [`ServiceLevelConvention::AnsweredWithinOverOffered`].
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ServiceLevelConvention, Targets};
    ///
    /// let t = Targets::new().with_convention(ServiceLevelConvention::AnsweredWithinOverAnswered);
    /// assert_eq!(t.convention(), ServiceLevelConvention::AnsweredWithinOverAnswered);
    /// ```
    pub fn with_convention(mut self, convention: ServiceLevelConvention) -> Self {
        self.convention = convention;
        self
    }

    /// The service-level target, if set: `(fraction, threshold)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Targets;
    ///
    /// assert_eq!(Targets::new().service_level(), None);
    /// ```
    pub fn service_level(&self) -> Option<(f64, Duration)> {
        self.service_level
    }

    /// The ASA target in seconds, if set.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Targets;
    ///
    /// assert_eq!(Targets::new().max_asa_secs(), None);
    /// ```
    pub fn max_asa_secs(&self) -> Option<f64> {
        self.max_asa_secs
    }

    /// The P(wait) target, if set.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Targets;
    ///
    /// assert_eq!(Targets::new().max_prob_wait(), None);
    /// ```
    pub fn max_prob_wait(&self) -> Option<f64> {
        self.max_prob_wait
    }

    /// The P(abandon) target, if set.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Targets;
    ///
    /// assert_eq!(Targets::new().max_prob_abandon(), None);
    /// ```
    pub fn max_prob_abandon(&self) -> Option<f64> {
        self.max_prob_abandon
    }

    /// The P(blocked) target, if set.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Targets;
    ///
    /// assert_eq!(Targets::new().max_prob_blocked(), None);
    /// ```
    pub fn max_prob_blocked(&self) -> Option<f64> {
        self.max_prob_blocked
    }

    /// The occupancy cap, if set.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Targets;
    ///
    /// assert_eq!(Targets::new().max_occupancy(), None);
    /// ```
    pub fn max_occupancy(&self) -> Option<f64> {
        self.max_occupancy
    }

    /// The service-level convention.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{ServiceLevelConvention, Targets};
    ///
    /// assert_eq!(Targets::new().convention(), ServiceLevelConvention::AnsweredWithinOverOffered);
    /// ```
    pub fn convention(&self) -> ServiceLevelConvention {
        self.convention
    }

    /// Whether no target is set.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Targets;
    ///
    /// assert!(Targets::new().is_empty());
    /// assert!(!Targets::new().with_max_prob_wait(0.5)?.is_empty());
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.service_level.is_none()
            && self.max_asa_secs.is_none()
            && self.max_prob_wait.is_none()
            && self.max_prob_abandon.is_none()
            && self.max_occupancy.is_none()
            && self.max_prob_blocked.is_none()
    }

    fn check_for(&self, model: Model) -> Result<()> {
        if self.is_empty() {
            return Err(Error::NoTarget);
        }
        let abandons = match model {
            Model::ErlangC | Model::FiniteLines { patience: None, .. } => false,
            Model::Chat { concurrency } => concurrency.patience().is_some(),
            _ => true,
        };
        if !abandons && self.max_prob_abandon.is_some() {
            return Err(Error::TargetNotSupported {
                target: "P(abandon)",
                model: model.name(),
            });
        }
        if !matches!(model, Model::FiniteLines { .. }) && self.max_prob_blocked.is_some() {
            return Err(Error::TargetNotSupported {
                target: "P(blocked)",
                model: model.name(),
            });
        }
        Ok(())
    }
}

/// What a staffing level achieves: the metrics returned beside a solver's answer.
///
/// # Examples
///
/// ```
/// use servops_queue::{agents_required, Model, Targets, Traffic};
/// use std::time::Duration;
///
/// let t = Traffic::from_load(10.0, Duration::from_secs(180))?;
/// let s = agents_required(&t, Model::ErlangC, &Targets::service_level_within(0.8, Duration::from_secs(20))?)?;
/// let m = s.metrics;
/// assert!(m.service_level.unwrap() >= 0.8);
/// assert!((m.occupancy - 10.0 / f64::from(s.agents)).abs() < 1e-15);
/// # Ok::<(), servops_queue::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Metrics {
    /// Agents on the phones.
    pub agents: f64,
    /// Offered load in erlangs.
    pub load: f64,
    /// Probability of waiting ([`Model::FiniteLines`]: of contacts that got a line).
    pub prob_wait: f64,
    /// Probability of abandoning (0 in Erlang C).
    pub prob_abandon: f64,
    /// Service level at the target's threshold and convention, when a
    /// service-level target was given.
    pub service_level: Option<f64>,
    /// Average speed of answer in seconds (Erlang A: of answered contacts).
    pub asa_secs: f64,
    /// Mean wait of all arrivals in seconds (equals the ASA in Erlang C;
    /// [`Model::FiniteLines`]: of the arrivals that got a line).
    pub mean_wait_secs: f64,
    /// Mean number waiting.
    pub mean_queue_length: f64,
    /// Agent occupancy.
    pub occupancy: f64,
    /// Probability that an offered contact is blocked, finding every line
    /// busy (0 except in [`Model::FiniteLines`]).
    #[cfg_attr(feature = "serde", serde(default))]
    pub prob_blocked: f64,
}

/// A solver's answer: the fewest agents meeting the targets, and what they achieve.
///
/// # Examples
///
/// ```
/// use servops_queue::{agents_required, Model, Targets, Traffic};
/// use std::time::Duration;
///
/// let t = Traffic::from_load(100.0, Duration::from_secs(300))?;
/// let s = agents_required(&t, Model::ErlangC, &Targets::new().with_max_prob_wait(0.2)?)?;
/// assert!(s.metrics.prob_wait <= 0.2);
/// // With 30 % shrinkage, schedule required / (1 - 0.3).
/// let scheduled = s.scheduled_staff(0.3)?;
/// assert!((scheduled - f64::from(s.agents) / 0.7).abs() < 1e-12);
/// # Ok::<(), servops_queue::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Staffing {
    /// The fewest agents meeting every target (0 for a zero load).
    pub agents: u32,
    /// The metrics at that staffing.
    pub metrics: Metrics,
}

impl Staffing {
    /// Scheduled staff needed so that `agents` remain after `shrinkage`:
    /// see [`scheduled_staff`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `shrinkage` is not in `[0, 1)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::{agents_required, Model, Targets, Traffic};
    /// use std::time::Duration;
    ///
    /// let t = Traffic::from_load(3.0, Duration::from_secs(300))?;
    /// let s = agents_required(&t, Model::ErlangC, &Targets::new().with_max_prob_wait(0.5)?)?;
    /// assert_eq!(s.scheduled_staff(0.0)?, f64::from(s.agents));
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn scheduled_staff(&self, shrinkage: f64) -> Result<f64> {
        scheduled_staff(f64::from(self.agents), shrinkage)
    }
}

/// Staff to schedule so that `required` agents remain on the phones after
/// `shrinkage` (breaks, meetings, training, absence): `required / (1 - shrinkage)`.
///
/// Note the division: 30 % shrinkage on 70 required agents needs 100
/// scheduled, not `70 x 1.3 = 91`.
///
/// # Errors
///
/// [`Error::InvalidParameter`] if `required` is negative or not finite,
/// `shrinkage` is not in `[0, 1)`, or the answer overflows `f64` (named
/// `required`).
///
/// # Examples
///
/// ```
/// use servops_queue::scheduled_staff;
///
/// assert!((scheduled_staff(70.0, 0.3)? - 100.0).abs() < 1e-12);
/// assert!(scheduled_staff(70.0, 1.0).is_err());
/// assert!(scheduled_staff(f64::MAX, 0.5).is_err()); // would overflow to infinity
/// # Ok::<(), servops_queue::Error>(())
/// ```
pub fn scheduled_staff(required: f64, shrinkage: f64) -> Result<f64> {
    let required = crate::error::non_negative("required", required)?;
    if !(0.0..1.0).contains(&shrinkage) {
        return Err(invalid("shrinkage", shrinkage, "in [0, 1)"));
    }
    let scheduled = required / (1.0 - shrinkage);
    if !scheduled.is_finite() {
        return Err(invalid(
            "required",
            required,
            "small enough that required / (1 - shrinkage) is finite",
        ));
    }
    Ok(scheduled)
}

/// One evaluation of a model at a (possibly fractional) agent count.
// A short-lived stack value in the solvers' loops: boxing the larger
// FiniteLines variant would allocate on every evaluation.
#[allow(clippy::large_enum_variant)]
enum Evaluated {
    C(ErlangC),
    A(ErlangA),
    F(FiniteLines),
    Ch(ChatModel),
    /// Erlang C at or beyond its stability limit (or an agent count the
    /// model cannot take): no target is met.
    Unstable,
    /// The model refuses these inputs (the Erlang A patience limit); the
    /// solver reports this error rather than "unreachable".
    Refused(Error),
}

fn evaluate(traffic: &Traffic, model: Model, agents: f64) -> Evaluated {
    match model {
        Model::ErlangC => match ErlangC::with_fractional_agents(*traffic, agents) {
            Ok(m) => Evaluated::C(m),
            Err(_) => Evaluated::Unstable,
        },
        Model::ErlangA { patience } => {
            match ErlangA::with_fractional_agents(*traffic, agents, patience) {
                Ok(m) => Evaluated::A(m),
                Err(
                    e @ Error::InvalidParameter {
                        name: "patience", ..
                    },
                ) => Evaluated::Refused(e),
                Err(_) => Evaluated::Unstable,
            }
        }
        Model::FiniteLines { lines, patience } => {
            // whole agents only (the solvers pass whole counts); a team
            // larger than the lines is the team of `lines` agents
            let n = agents.min(f64::from(lines));
            if n < 1.0 || n.fract() != 0.0 {
                return Evaluated::Unstable;
            }
            match FiniteLines::new(*traffic, n as u32, lines, patience) {
                Ok(m) => Evaluated::F(m),
                Err(e) => Evaluated::Refused(e),
            }
        }
        Model::Chat { concurrency } => {
            if agents < 1.0 || agents.fract() != 0.0 {
                return Evaluated::Unstable;
            }
            if agents * f64::from(concurrency.max_chats()) > MAX_CHAT_SLOTS as f64 {
                return Evaluated::Refused(Error::Unreachable {
                    max_agents: chat_max_agents(concurrency),
                });
            }
            match ChatModel::new(*traffic, agents as u32, concurrency) {
                Ok(m) => Evaluated::Ch(m),
                Err(Error::Unstable { .. }) => Evaluated::Unstable,
                Err(e) => Evaluated::Refused(e),
            }
        }
    }
}

/// Relative slack of the lower bounds the chat scan skips by (far above
/// their rounding and the model's, about `1e-12`): a count is skipped only
/// if its bound misses the target by more than this.
const BOUND_SLACK: f64 = 1e-6;

/// The largest team [`Model::Chat`] takes: `MAX_CHAT_SLOTS / m`.
fn chat_max_agents(concurrency: ChatConcurrency) -> f64 {
    (MAX_CHAT_SLOTS / u64::from(concurrency.max_chats())) as f64
}

/// The margin of one target: positive when met, negative when missed,
/// decided by the exact comparison `achieved <= limit`; the size is the log
/// ratio `ln(limit / achieved)`, which is close to linear in the agent count
/// and lets secant steps land near the answer in a few evaluations.
fn margin_of(achieved: f64, limit: f64) -> f64 {
    let size = (limit.ln() - achieved.ln()).abs().max(f64::MIN_POSITIVE);
    if achieved <= limit { size } else { -size }
}

/// The margin of a service-level target: met when `sl >= goal` (compared
/// exactly), with size `ln((1 - sl) / (1 - goal))`, or `|sl - goal|` where
/// `1 - goal` rounds to 1 (goals below 1.1e-16).
fn service_level_margin(sl: f64, goal: f64) -> f64 {
    let size = ((1.0 - goal).ln() - (1.0 - sl).ln()).abs();
    let size = if size > 0.0 { size } else { (sl - goal).abs() };
    let size = size.max(f64::MIN_POSITIVE);
    if sl >= goal { size } else { -size }
}

/// What a model measures against each kind of target, as [`margin`] reads
/// it (`None`: the model has no such quantity, and the target is not
/// checked there; the constructors of [`Targets`] and the solvers refuse
/// such combinations before they get here).
trait Measured {
    fn service_level(&self, within: Duration, convention: ServiceLevelConvention) -> f64;
    fn asa_secs(&self) -> f64;
    fn prob_wait(&self) -> f64;
    fn prob_abandon(&self) -> Option<f64>;
    fn occupancy(&self) -> f64;
    fn prob_blocked(&self) -> Option<f64> {
        None
    }
}

impl Measured for ErlangC {
    fn service_level(&self, within: Duration, _: ServiceLevelConvention) -> f64 {
        ErlangC::service_level(self, within)
    }
    fn asa_secs(&self) -> f64 {
        ErlangC::asa_secs(self)
    }
    fn prob_wait(&self) -> f64 {
        ErlangC::prob_wait(self)
    }
    fn prob_abandon(&self) -> Option<f64> {
        None
    }
    fn occupancy(&self) -> f64 {
        ErlangC::occupancy(self)
    }
}

impl Measured for ErlangA {
    fn service_level(&self, within: Duration, convention: ServiceLevelConvention) -> f64 {
        ErlangA::service_level(self, within, convention)
    }
    fn asa_secs(&self) -> f64 {
        self.asa_answered_secs()
    }
    fn prob_wait(&self) -> f64 {
        ErlangA::prob_wait(self)
    }
    fn prob_abandon(&self) -> Option<f64> {
        Some(ErlangA::prob_abandon(self))
    }
    fn occupancy(&self) -> f64 {
        ErlangA::occupancy(self)
    }
}

impl Measured for FiniteLines {
    fn service_level(&self, within: Duration, convention: ServiceLevelConvention) -> f64 {
        FiniteLines::service_level(self, within, convention)
    }
    fn asa_secs(&self) -> f64 {
        self.asa_answered_secs()
    }
    /// Of the contacts that got a line.
    fn prob_wait(&self) -> f64 {
        self.prob_wait_given_accepted()
    }
    fn prob_abandon(&self) -> Option<f64> {
        Some(FiniteLines::prob_abandon(self))
    }
    fn occupancy(&self) -> f64 {
        FiniteLines::occupancy(self)
    }
    fn prob_blocked(&self) -> Option<f64> {
        Some(FiniteLines::prob_blocked(self))
    }
}

impl Measured for ChatModel {
    fn service_level(&self, within: Duration, convention: ServiceLevelConvention) -> f64 {
        ChatModel::service_level(self, within, convention)
    }
    fn asa_secs(&self) -> f64 {
        self.asa_answered_secs()
    }
    fn prob_wait(&self) -> f64 {
        ChatModel::prob_wait(self)
    }
    fn prob_abandon(&self) -> Option<f64> {
        Some(ChatModel::prob_abandon(self))
    }
    fn occupancy(&self) -> f64 {
        ChatModel::occupancy(self)
    }
}

/// The smallest of the targets' margins (`>= 0`: every target met) for
/// one model's measures. Each margin is non-decreasing in the agent count.
fn margin_of_model(targets: &Targets, m: &impl Measured) -> f64 {
    let mut worst = f64::INFINITY;
    if let Some((goal, within)) = targets.service_level {
        let sl = m.service_level(within, targets.convention);
        worst = worst.min(service_level_margin(sl, goal));
    }
    if let Some(asa) = targets.max_asa_secs {
        worst = worst.min(margin_of(m.asa_secs(), asa));
    }
    if let Some(p) = targets.max_prob_wait {
        worst = worst.min(margin_of(m.prob_wait(), p));
    }
    if let (Some(p), Some(abandon)) = (targets.max_prob_abandon, m.prob_abandon()) {
        worst = worst.min(margin_of(abandon, p));
    }
    if let Some(occ) = targets.max_occupancy {
        worst = worst.min(margin_of(m.occupancy(), occ));
    }
    if let (Some(p), Some(blocked)) = (targets.max_prob_blocked, m.prob_blocked()) {
        worst = worst.min(margin_of(blocked, p));
    }
    worst
}

/// The smallest of the targets' margins (`>= 0`: every target met).
/// Each margin is non-decreasing in the agent count.
fn margin(targets: &Targets, eval: &Evaluated) -> f64 {
    match eval {
        Evaluated::Unstable | Evaluated::Refused(_) => f64::NEG_INFINITY,
        Evaluated::C(m) => margin_of_model(targets, m),
        Evaluated::A(m) => margin_of_model(targets, m),
        Evaluated::F(m) => margin_of_model(targets, m),
        Evaluated::Ch(m) => margin_of_model(targets, m),
    }
}

fn metrics(traffic: &Traffic, targets: &Targets, eval: &Evaluated, agents: f64) -> Metrics {
    let load = traffic.load();
    match eval {
        Evaluated::C(m) => Metrics {
            agents,
            load,
            prob_wait: m.prob_wait(),
            prob_abandon: 0.0,
            service_level: targets.service_level.map(|(_, t)| m.service_level(t)),
            asa_secs: m.asa_secs(),
            mean_wait_secs: m.asa_secs(),
            mean_queue_length: m.mean_queue_length(),
            occupancy: m.occupancy(),
            prob_blocked: 0.0,
        },
        Evaluated::A(m) => {
            // one evaluation of the queue sum gives all three
            let (queue, prob_abandon) = m.queue_and_abandon();
            Metrics {
                agents,
                load,
                prob_wait: m.prob_wait(),
                prob_abandon,
                service_level: targets
                    .service_level
                    .map(|(_, t)| m.service_level(t, targets.convention)),
                asa_secs: m.asa_answered_secs(),
                mean_wait_secs: prob_abandon * m.patience_secs(),
                mean_queue_length: queue,
                occupancy: m.occupancy(),
                prob_blocked: 0.0,
            }
        }
        Evaluated::F(m) => Metrics {
            agents,
            load,
            prob_wait: m.prob_wait_given_accepted(),
            prob_abandon: m.prob_abandon(),
            service_level: targets
                .service_level
                .map(|(_, t)| m.service_level(t, targets.convention)),
            asa_secs: m.asa_answered_secs(),
            mean_wait_secs: m.mean_wait_secs(),
            mean_queue_length: m.mean_queue_length(),
            occupancy: m.occupancy(),
            prob_blocked: m.prob_blocked(),
        },
        Evaluated::Ch(m) => Metrics {
            agents,
            load,
            prob_wait: m.prob_wait(),
            prob_abandon: m.prob_abandon(),
            service_level: targets
                .service_level
                .map(|(_, t)| m.service_level(t, targets.convention)),
            asa_secs: m.asa_answered_secs(),
            mean_wait_secs: m.mean_wait_secs(),
            mean_queue_length: m.mean_queue_length(),
            occupancy: m.occupancy(),
            prob_blocked: 0.0,
        },
        Evaluated::Unstable | Evaluated::Refused(_) => Metrics {
            agents,
            load,
            prob_wait: 1.0,
            prob_abandon: 0.0,
            service_level: targets.service_level.map(|_| 0.0),
            asa_secs: f64::INFINITY,
            mean_wait_secs: f64::INFINITY,
            mean_queue_length: f64::INFINITY,
            occupancy: 1.0,
            prob_blocked: if targets.max_prob_blocked.is_some() {
                1.0
            } else {
                0.0
            },
        },
    }
}

fn zero_load_staffing(traffic: &Traffic, targets: &Targets) -> Staffing {
    Staffing {
        agents: 0,
        metrics: Metrics {
            agents: 0.0,
            load: traffic.load(),
            prob_wait: 0.0,
            prob_abandon: 0.0,
            service_level: targets.service_level.map(|_| 1.0),
            asa_secs: 0.0,
            mean_wait_secs: 0.0,
            mean_queue_length: 0.0,
            occupancy: 0.0,
            prob_blocked: 0.0,
        },
    }
}

/// Starting square-root-staffing coefficient when nothing better is known:
/// Erlang C answers lie above the load, Erlang A answers near it.
fn default_beta(model: Model) -> f64 {
    match model {
        Model::ErlangC => 0.5,
        Model::ErlangA { .. } | Model::FiniteLines { .. } | Model::Chat { .. } => 0.0,
    }
}

/// Starting point for Erlang A from the fluid model (Whitt 2006): with
/// `n < A` agents a fraction `1 - n/A` abandons and every answered contact
/// waits `ln(A/n) / theta`, so a wait target `t` needs `n >= A e^(-theta t)`
/// and an abandonment target `p` needs `n >= A (1 - p)`. Half a square root
/// of the load is added for the quality-and-efficiency regime around `A`,
/// and the guess never exceeds the load.
fn fluid_guess(load: f64, patience_secs: f64, targets: &Targets) -> f64 {
    let mut fraction: f64 = 0.0;
    if let Some((goal, within)) = targets.service_level {
        fraction = fraction
            .max(goal)
            .max((-within.as_secs_f64() / patience_secs).exp());
    }
    if let Some(asa) = targets.max_asa_secs {
        fraction = fraction.max((-asa / patience_secs).exp());
    }
    if let Some(p) = targets.max_prob_abandon {
        fraction = fraction.max(1.0 - p);
    }
    if targets.max_prob_wait.is_some() || targets.max_occupancy.is_some() {
        fraction = 1.0;
    }
    (fraction.min(1.0) * load + 0.5 * load.sqrt())
        .min(load)
        .max(1.0)
}

/// Square-root staffing guess `A + beta sqrt(A)`.
fn guess(load: f64, beta: f64) -> f64 {
    load + beta * load.sqrt()
}

fn solve_from(traffic: &Traffic, model: Model, targets: &Targets, beta: f64) -> Result<Staffing> {
    targets.check_for(model)?;
    let load = traffic.load();
    if load == 0.0 {
        return Ok(zero_load_staffing(traffic, targets));
    }
    if let Model::FiniteLines { lines, patience } = model {
        return solve_finite_lines(traffic, lines, patience, targets, guess(load, beta));
    }
    if let Model::Chat { concurrency } = model {
        let start = guess(effective_load(traffic, model), beta);
        return solve_chat(traffic, concurrency, targets, start);
    }
    let n_min = match model {
        // the smallest integer above the load
        Model::ErlangC => (load.floor() + 1.0).min(MAX_AGENTS) as u32,
        _ => 1,
    };
    let start = match model {
        Model::ErlangA { patience } if beta == default_beta(model) => {
            fluid_guess(load, patience.as_secs_f64(), targets)
        }
        _ => guess(load, beta),
    };
    // Keep the model at the smallest passing count seen: that is the answer,
    // so its metrics need no second evaluation.
    let mut best: Option<(u32, Evaluated)> = None;
    let mut refused: Option<Error> = None;
    let found = min_integer(n_min, start, |n| {
        let eval = evaluate(traffic, model, f64::from(n));
        let m = margin(targets, &eval);
        if let Evaluated::Refused(e) = &eval {
            refused.get_or_insert_with(|| e.clone());
        }
        if m >= 0.0 && best.as_ref().is_none_or(|(b, _)| n < *b) {
            best = Some((n, eval));
        }
        m
    });
    let agents = match (found, refused) {
        (Ok(agents), _) => agents,
        (Err(_), Some(e)) | (Err(e), None) => return Err(e),
    };
    let n = f64::from(agents);
    let eval = match best {
        Some((b, eval)) if b == agents => eval,
        _ => evaluate(traffic, model, n),
    };
    Ok(Staffing {
        agents,
        metrics: metrics(traffic, targets, &eval, n),
    })
}

/// A whole agent count for [`Model::FiniteLines`] and [`Model::Chat`],
/// from 1 to [`MAX_AGENTS`].
fn whole_agents(agents: f64) -> Result<u32> {
    let agents = check_agents(agents)?;
    if agents < 1.0 || agents.fract() != 0.0 {
        return Err(invalid(
            "agents",
            agents,
            "a whole number >= 1 in the finite-lines and chat models",
        ));
    }
    Ok(agents as u32)
}

/// The load in "agents at full concurrency": for [`Model::Chat`] the
/// agents whose `N m` slots the load fills at `h_m` (`lambda h_m / m`),
/// the load itself otherwise. The scale of the solvers' starting guesses.
fn effective_load(traffic: &Traffic, model: Model) -> f64 {
    match model {
        Model::Chat { concurrency } => {
            let h = concurrency.handle_times();
            let hm = h[h.len() - 1].as_secs_f64();
            traffic.load() * (hm / traffic.aht_secs()) / f64::from(concurrency.max_chats())
        }
        _ => traffic.load(),
    }
}

/// [`solve_from`] for [`Model::Chat`]: the targets proved monotone in `N`
/// (see [`ChatModel`]) by bracketing; then, with a patience, the ASA and
/// answered-over-answered service-level targets by a bracketed candidate
/// and a scan of every count below it down to the first, so that the
/// answer is the true minimum whatever their shape. With a patience below
/// `h_m` (every target scanned) the scan starts no lower than the first
/// count whose Erlang B bound allows the P(wait) target, and jumps over
/// the counts whose occupancy bound `c0 / N` exceeds the cap (proofs at
/// [`busy_lower_bound`]): a team of `N` far above the load then costs a
/// few evaluations, each independent of `N`, instead of `O(N^2 m)`.
fn solve_chat(
    traffic: &Traffic,
    concurrency: ChatConcurrency,
    targets: &Targets,
    start: f64,
) -> Result<Staffing> {
    let model = Model::Chat { concurrency };
    let n_max = chat_max_agents(concurrency);
    // surface a refused traffic (AHT not h_1) or patience at once
    if let Evaluated::Refused(e) = evaluate(traffic, model, 1.0) {
        return Err(e);
    }
    let mut monotone = *targets;
    let mut rest = Targets::new();
    rest.convention = targets.convention;
    let h = concurrency.handle_times();
    let hm = h[h.len() - 1];
    match concurrency.patience() {
        None => {}
        // waiting chats abandon faster than a full agent's chats end: an
        // agent more can lower the death rates above the old slots, and
        // nothing is proved (occupancy does rise with N there)
        Some(p) if p < hm => {
            monotone = Targets::new();
            rest = *targets;
        }
        Some(_) => {
            if let Some(asa) = targets.max_asa_secs {
                monotone.max_asa_secs = None;
                rest.max_asa_secs = Some(asa);
            }
            if let (ServiceLevelConvention::AnsweredWithinOverAnswered, Some(sl)) =
                (targets.convention, targets.service_level)
            {
                monotone.service_level = None;
                rest.service_level = Some(sl);
            }
        }
    }
    let unreachable = Error::Unreachable { max_agents: n_max };
    // the smallest stable team without patience: lambda h_m < N m
    let n_min = if concurrency.patience().is_none() {
        (effective_load(traffic, model).floor() + 1.0).clamp(1.0, n_max) as u32
    } else {
        1
    };
    // Chats are answered at most at the rate `N max_j (j / h_j)` (every
    // state's completion rate is a sum of agents' `j / h_j`), so a share `G`
    // answered needs `N >= G lambda / max_j (j / h_j)`: a service level over
    // offered chats of `G`, or at most `1 - G` abandoning. Starting there
    // keeps the scan below short at large loads (from 1 it cost `O(N^2 m)`).
    let answered_share = {
        let mut need = 0.0f64;
        if let (Some((goal, _)), ServiceLevelConvention::AnsweredWithinOverOffered) =
            (targets.service_level, targets.convention)
        {
            need = need.max(goal);
        }
        if let (Some(p), Some(_)) = (targets.max_prob_abandon, concurrency.patience()) {
            need = need.max(1.0 - p);
        }
        need
    };
    let best_rate = h
        .iter()
        .zip(1u32..)
        .map(|(hj, j)| f64::from(j) / hj.as_secs_f64())
        .fold(0.0, f64::max);
    let floor = answered_share * traffic.rate_per_sec() / best_rate;
    // A hair low, so that rounding cannot put it above the true bound.
    let floor = (floor * (1.0 - 1e-9)).ceil();
    let n_min = if floor.is_finite() && floor > f64::from(n_min) {
        floor.min(n_max) as u32
    } else {
        n_min
    };
    // Without a proof of monotonicity, the bounds of `busy_lower_bound`
    // (`chat.rs`, valid for every patience) skip counts that cannot meet
    // a P(wait) or occupancy target; each is loosened by `BOUND_SLACK`.
    let load = traffic.load();
    let m = concurrency.max_chats();
    let unproved = concurrency.patience().is_some_and(|p| p < hm);
    let n_min = match targets.max_prob_wait {
        // B(N m, a) falls in N: the first count with B(N m, a) <= p (1 + slack)
        Some(p) if unproved && load > 0.0 => {
            let passes = |n: u32| wait_lower_bound(load, n, m) <= p * (1.0 + BOUND_SLACK);
            let (mut lo, mut hi) = (n_min, n_max as u32);
            if passes(lo) {
                lo
            } else if !passes(hi) {
                hi
            } else {
                // passes(hi) and not passes(lo)
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2;
                    if passes(mid) { hi = mid } else { lo = mid }
                }
                hi
            }
        }
        _ => n_min,
    };
    // occupancy(N) >= c0 / N for N >= N0, c0 = busy_lower_bound(N0): the
    // next count worth checking after a failing `n`
    let occupancy_jump = |n: u32| -> u32 {
        match targets.max_occupancy {
            Some(rho) if unproved => {
                let c0 = busy_lower_bound(load, n, m) * (1.0 - BOUND_SLACK);
                let jump = (c0 / rho).ceil();
                if jump.is_finite() && jump > f64::from(n) + 1.0 {
                    jump.min(n_max) as u32
                } else {
                    n + 1
                }
            }
            _ => n + 1,
        }
    };
    let search = |goal: &Targets, from: u32| -> Result<u32> {
        let mut refused: Option<Error> = None;
        let found = min_integer(from, start.max(f64::from(from)), |n| {
            // past the largest team, the largest team's margin: a secant
            // step beyond it (a margin that is flat until the load, as an
            // occupancy of 1) must not read as a failure there, or the
            // bracket never closes (at 50,000 erlangs and an occupancy cap
            // of 0.85 the search gave up as unreachable; 58,824 agents)
            let n = n.min(n_max as u32);
            let eval = evaluate(traffic, model, f64::from(n));
            if let Evaluated::Refused(e) = &eval {
                refused.get_or_insert_with(|| e.clone());
            }
            margin(goal, &eval)
        });
        match (found, refused) {
            (Ok(n), _) if f64::from(n) <= n_max => Ok(n),
            (_, Some(e @ Error::InvalidParameter { .. })) => Err(e),
            _ => Err(unreachable.clone()),
        }
    };
    let first = if monotone.is_empty() {
        n_min
    } else {
        search(&monotone, n_min)?
    };
    let answer = if rest.is_empty() {
        first
    } else {
        let candidate = search(targets, first)?;
        let mut n = first;
        while n < candidate && margin(targets, &evaluate(traffic, model, f64::from(n))) < 0.0 {
            n = occupancy_jump(n).min(candidate);
        }
        n
    };
    let eval = evaluate(traffic, model, f64::from(answer));
    match eval {
        Evaluated::Refused(e) => Err(e),
        Evaluated::Ch(_) => Ok(Staffing {
            agents: answer,
            metrics: metrics(traffic, targets, &eval, f64::from(answer)),
        }),
        _ => Err(unreachable),
    }
}

/// [`solve_from`] for [`Model::FiniteLines`]: the targets monotone in the
/// agent count by bracketing, then the rest from there.
///
/// P(blocked) is monotone in `N` at fixed `K`, but in a direction set by
/// the patience: adding an agent changes the death rate of every state
/// above `N` by `mu - theta` and no other rate, so with `patience >= AHT`
/// every `pi_j / pi_K` grows and blocking falls, and with `patience < AHT`
/// blocking rises with every agent. In the second case the answer is the
/// fewest agents meeting the other targets, if that count meets the
/// blocking target, and nothing does otherwise. The abandons-count-as-met
/// service level with a patience has no such structure: every count from
/// there up to `lines` is tried (stopping once a rising blocking fails).
fn solve_finite_lines(
    traffic: &Traffic,
    lines: u32,
    patience: Option<Duration>,
    targets: &Targets,
    start: f64,
) -> Result<Staffing> {
    let model = Model::FiniteLines { lines, patience };
    let mut monotone = *targets;
    let mut blocking_rises = false;
    let mut scan = false;
    if let Some(p) = patience {
        if p.as_secs_f64() < traffic.aht_secs() && targets.max_prob_blocked.is_some() {
            monotone.max_prob_blocked = None;
            blocking_rises = true;
        }
        if targets.convention == ServiceLevelConvention::AbandonsWithinCountAsMet
            && targets.service_level.is_some()
        {
            monotone.service_level = None;
            scan = true;
        }
    }
    let unreachable = Error::Unreachable {
        max_agents: f64::from(lines),
    };
    let mut refused: Option<Error> = None;
    let mut at_lines: Option<f64> = None;
    let first = if monotone.is_empty() {
        1
    } else {
        let found = min_integer(1, start.min(f64::from(lines)), |n| {
            // more agents than lines: the team of `lines` agents
            if let (true, Some(m)) = (n >= lines, at_lines) {
                return m;
            }
            let eval = evaluate(traffic, model, f64::from(n));
            if let Evaluated::Refused(e) = &eval {
                refused.get_or_insert_with(|| e.clone());
            }
            let m = margin(&monotone, &eval);
            if n >= lines {
                at_lines = Some(m);
            }
            m
        });
        match (found, refused) {
            (Ok(n), _) if n <= lines => n,
            (_, Some(e)) => return Err(e),
            _ => return Err(unreachable),
        }
    };
    let mut n = first;
    loop {
        let eval = evaluate(traffic, model, f64::from(n));
        if let Evaluated::Refused(e) = eval {
            return Err(e);
        }
        if margin(targets, &eval) >= 0.0 {
            let agents = f64::from(n);
            return Ok(Staffing {
                agents: n,
                metrics: metrics(traffic, targets, &eval, agents),
            });
        }
        let blocked_from_here = blocking_rises
            && matches!((&eval, targets.max_prob_blocked), (Evaluated::F(m), Some(p)) if m.prob_blocked() > p);
        if n >= lines || !scan || blocked_from_here {
            return Err(unreachable);
        }
        n += 1;
    }
}

/// The fewest agents that meet every target, with the metrics they achieve.
///
/// The search starts from a square-root-staffing guess (for Erlang A, a
/// fluid-model guess; see `docs/queueing.md` section 5) and brackets the
/// answer with secant steps, then closes the bracket with Anderson-Bjorck regula
/// falsi on integers; each step evaluates the exact model in constant time,
/// so a solve costs about the same at 10 erlangs as at 100,000.
///
/// With a positive load the answer is at least 1. No team of none is
/// considered, even where one would meet the targets in the limit (with
/// [`ServiceLevelConvention::AbandonsWithinCountAsMet`] and a patience far
/// below the threshold, every contact abandons within it).
///
/// # Errors
///
/// [`Error::NoTarget`] for an empty target set; [`Error::TargetNotSupported`]
/// for P(abandon) in Erlang C (or finite lines without patience) and for
/// P(blocked) outside [`Model::FiniteLines`]; [`Error::Unreachable`] if more
/// than `1e9` agents would be needed (finite lines: more than the lines);
/// with finite lines, the errors of [`FiniteLines::new`].
///
/// # Examples
///
/// ```
/// use servops_queue::{agents_required, ErlangC, Model, Targets, Traffic};
/// use std::time::Duration;
///
/// // 80/20 at 10 erlangs: 14 agents in Erlang C (13 give 79.6 %).
/// let t = Traffic::from_load(10.0, Duration::from_secs(180))?;
/// let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
/// let c = agents_required(&t, Model::ErlangC, &goal)?;
/// assert_eq!(c.agents, 14);
/// assert!(ErlangC::new(t, 13)?.service_level(Duration::from_secs(20)) < 0.8);
/// // Erlang A with 3-minute patience needs no more.
/// let a = agents_required(&t, Model::ErlangA { patience: Duration::from_secs(180) }, &goal)?;
/// assert!(a.agents <= c.agents);
/// # Ok::<(), servops_queue::Error>(())
/// ```
pub fn agents_required(traffic: &Traffic, model: Model, targets: &Targets) -> Result<Staffing> {
    solve_from(traffic, model, targets, default_beta(model))
}

/// What a given staffing achieves: the metrics of `agents` agents (a real
/// number, so scheduled staff after shrinkage can be evaluated as it is)
/// carrying `traffic` under `model`, with the service level measured at the
/// threshold and convention of `targets` (`None` when `targets` has no
/// service-level target). This is the forward question ("what service will
/// the rostered staff give?"); [`agents_required`] is its inverse.
///
/// A zero load gives the empty queue (no waiting, occupancy 0) at any staff,
/// including none.
///
/// # Errors
///
/// [`Error::Unstable`] for Erlang C when the load is at or above the agents
/// (the queue grows without bound); [`Error::InvalidParameter`] for agents
/// that are not finite or, with a positive load, below the models' minimum
/// of 1e-6, or an Erlang A
/// patience the model refuses.
///
/// # Accuracy
///
/// That of [`ErlangC`] and [`ErlangA`]: metrics agree with the models' own
/// methods exactly (the same evaluations).
///
/// # Examples
///
/// ```
/// use servops_queue::{agents_required, metrics_at, Model, Targets, Traffic};
/// use std::time::Duration;
///
/// let t = Traffic::from_load(10.0, Duration::from_secs(180))?;
/// let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
/// let need = agents_required(&t, Model::ErlangC, &goal)?;
/// // Evaluating the solver's answer reproduces its metrics ...
/// let m = metrics_at(&t, Model::ErlangC, f64::from(need.agents), &goal)?;
/// assert_eq!(m, need.metrics);
/// // ... and one agent fewer misses the target.
/// let short = metrics_at(&t, Model::ErlangC, f64::from(need.agents - 1), &goal)?;
/// assert!(short.service_level.unwrap() < 0.8);
/// // Erlang A stays defined when the rostered staff is below the load.
/// let patience = Duration::from_secs(120);
/// let overloaded = metrics_at(&t, Model::ErlangA { patience }, 8.0, &goal)?;
/// assert!(overloaded.prob_abandon > 0.1);
/// # Ok::<(), servops_queue::Error>(())
/// ```
pub fn metrics_at(
    traffic: &Traffic,
    model: Model,
    agents: f64,
    targets: &Targets,
) -> Result<Metrics> {
    if !agents.is_finite() || agents < 0.0 {
        return Err(Error::InvalidParameter {
            name: "agents",
            value: agents,
            constraint: "finite and >= 0",
        });
    }
    if let Model::FiniteLines { lines, patience } = model {
        let n = whole_agents(agents)?;
        let built = FiniteLines::new(*traffic, n, lines, patience)?;
        return Ok(metrics(traffic, targets, &Evaluated::F(built), agents));
    }
    if let Model::Chat { concurrency } = model {
        let n = whole_agents(agents)?;
        let built = ChatModel::new(*traffic, n, concurrency)?;
        return Ok(metrics(traffic, targets, &Evaluated::Ch(built), agents));
    }
    if traffic.load() == 0.0 {
        let mut zero = zero_load_staffing(traffic, targets).metrics;
        zero.agents = agents;
        return Ok(zero);
    }
    let built = match model {
        Model::ErlangA { patience } => {
            ErlangA::with_fractional_agents(*traffic, agents, patience).map(Evaluated::A)
        }
        _ => ErlangC::with_fractional_agents(*traffic, agents).map(Evaluated::C),
    }?;
    Ok(metrics(traffic, targets, &built, agents))
}

/// The real-valued agent count at which the binding target is met exactly
/// (continuous extension of the model in `N`). Between the integer answer
/// minus one and the integer answer, and never below `1e-6`, the smallest
/// count the models take (at tiny loads that minimum can bind); useful for
/// smooth plans and for summing fractional requirements across intervals
/// before rounding.
///
/// # Errors
///
/// As [`agents_required`]; [`Error::TargetNotSupported`] for
/// [`Model::FiniteLines`], which has whole agents only.
///
/// # Examples
///
/// ```
/// use servops_queue::{agents_required, fractional_agents_required, Model, Targets, Traffic};
/// use std::time::Duration;
///
/// let t = Traffic::from_load(10.0, Duration::from_secs(180))?;
/// let goal = Targets::new().with_max_prob_wait(0.3)?;
/// let x = fractional_agents_required(&t, Model::ErlangC, &goal)?;
/// let n = agents_required(&t, Model::ErlangC, &goal)?.agents;
/// assert!(x > f64::from(n - 1) && x <= f64::from(n));
/// # Ok::<(), servops_queue::Error>(())
/// ```
pub fn fractional_agents_required(
    traffic: &Traffic,
    model: Model,
    targets: &Targets,
) -> Result<f64> {
    if matches!(model, Model::FiniteLines { .. } | Model::Chat { .. }) {
        return Err(Error::TargetNotSupported {
            target: "a fractional agent count",
            model: model.name(),
        });
    }
    let whole = agents_required(traffic, model, targets)?;
    if whole.agents == 0 {
        return Ok(0.0);
    }
    let hi = f64::from(whole.agents);
    let floor = match model {
        Model::ErlangC => traffic.load(),
        _ => 0.0,
    };
    let lo = (hi - 1.0).max(floor);
    let f = |n: f64| {
        if n <= 0.0 {
            return f64::NEG_INFINITY;
        }
        margin(targets, &evaluate(traffic, model, n))
    };
    if lo > 0.0 && f(lo) >= 0.0 {
        return Ok(lo);
    }
    let mut x = real_root(lo, hi, f);
    // The root finder stops within a few doubles of the root, on either
    // side. Normally that is 1e-16 relative, but among subnormal doubles
    // (answers below 2.2e-308 agents) one double is a step of up to 100 %:
    // take the first double that meets the targets.
    for _ in 0..8 {
        if x >= hi || f(x) >= 0.0 {
            break;
        }
        x = x.next_up();
    }
    Ok(x.min(hi))
}

/// The largest load (erlangs) that `agents` agents carry while meeting every
/// target, for contacts with mean handle time `aht`.
///
/// # Errors
///
/// [`Error::InvalidParameter`] for a bad `agents` (must be in `[1e-6, 1e9]`)
/// or a zero `aht`; for Erlang A, a patience the
/// model refuses (named `patience`: `agents x patience / AHT` above `1e15`,
/// or `arrival rate x patience` reaching `1e15` while the targets are still
/// met); target errors as [`agents_required`].
///
/// # Examples
///
/// ```
/// use servops_queue::{agents_required, max_load, Model, Targets, Traffic};
/// use std::time::Duration;
///
/// let aht = Duration::from_secs(240);
/// let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
/// let a = max_load(25.0, aht, Model::ErlangC, &goal)?;
/// assert!(a > 18.0 && a < 25.0);
/// // At that load, 25 agents are exactly what the solver asks for.
/// let s = agents_required(&Traffic::from_load(a * 0.999_999, aht)?, Model::ErlangC, &goal)?;
/// assert_eq!(s.agents, 25);
/// # Ok::<(), servops_queue::Error>(())
/// ```
pub fn max_load(agents: f64, aht: Duration, model: Model, targets: &Targets) -> Result<f64> {
    let agents = check_agents(agents)?;
    if agents == 0.0 {
        return Err(invalid("agents", agents, "> 0"));
    }
    targets.check_for(model)?;
    let base = Traffic::from_load(0.0, aht)?;
    // an agent count (or Erlang A patience) the model refuses at every load
    match model {
        Model::ErlangC => {
            ErlangC::with_fractional_agents(base, agents)?;
        }
        Model::ErlangA { patience } => {
            ErlangA::with_fractional_agents(base, agents, patience)?;
        }
        Model::FiniteLines { lines, patience } => {
            FiniteLines::new(base, whole_agents(agents)?, lines, patience)?;
        }
        Model::Chat { concurrency } => {
            ChatModel::new(base, whole_agents(agents)?, concurrency)?;
        }
    }
    let f = |load: f64| {
        if load <= 0.0 {
            return 1.0;
        }
        margin(targets, &evaluate(&base.with_load(load), model, agents))
    };
    let stable_at_any_load = match model {
        Model::ErlangC => false,
        Model::Chat { concurrency } => concurrency.patience().is_some(),
        _ => true,
    };
    let mut hi = match model {
        Model::ErlangC => agents,
        // without patience: stable below N m h_1 / h_m single-chat erlangs
        Model::Chat { .. } if !stable_at_any_load => {
            agents / effective_load(&base.with_load(1.0), model)
        }
        _ => agents.max(1.0),
    };
    let mut lo = 0.0;
    // Erlang A, finite lines and chat with patience are stable at any load
    if stable_at_any_load {
        while f(hi) >= 0.0 {
            if hi >= crate::MAX_LOAD {
                return Ok(crate::MAX_LOAD);
            }
            lo = hi;
            hi = (2.0 * hi).min(crate::MAX_LOAD);
        }
    }
    // margin decreases in the load: root of -margin on (lo, hi).
    let mut load = real_root(lo, hi, |load| -f(load)).max(0.0);
    // As in `fractional_agents_required`: the first double at or below the
    // root that the team carries (it matters among subnormal loads).
    for _ in 0..8 {
        if load <= 0.0 || f(load) >= 0.0 {
            break;
        }
        load = load.next_down().max(0.0);
    }
    // A refusal counts as a miss in the search (Erlang A refuses an arrival
    // rate x patience above 1e15). If it is what stops the load, the answer
    // is the model's limit, not the targets': report the refusal.
    let above = (load * (1.0 + 1e-12)).min(crate::MAX_LOAD);
    if let Evaluated::Refused(e) = evaluate(&base.with_load(above), model, agents) {
        return Err(e);
    }
    Ok(load)
}

/// The workload of one interval: contacts offered and their mean handle time.
///
/// # Errors
///
/// [`Workload::new`] rejects negative or non-finite volumes and a zero AHT
/// when there is volume.
///
/// # Examples
///
/// ```
/// use servops_queue::Workload;
/// use std::time::Duration;
///
/// let w = Workload::new(120.0, Duration::from_secs(200))?;
/// assert_eq!(w.contacts(), 120.0);
/// assert!(Workload::new(-1.0, Duration::from_secs(200)).is_err());
/// # Ok::<(), servops_queue::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "crate::serde_impls::WorkloadRepr",
        into = "crate::serde_impls::WorkloadRepr"
    )
)]
pub struct Workload {
    contacts: f64,
    aht: Duration,
}

impl Workload {
    /// `contacts` offered in the interval with mean handle time `aht`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `contacts` is negative or not finite,
    /// or `aht` is zero while `contacts > 0`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Workload;
    /// use std::time::Duration;
    ///
    /// // A closed interval may have no AHT at all.
    /// assert!(Workload::new(0.0, Duration::ZERO).is_ok());
    /// assert!(Workload::new(3.0, Duration::ZERO).is_err());
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn new(contacts: f64, aht: Duration) -> Result<Self> {
        let contacts = crate::error::non_negative("contacts", contacts)?;
        if contacts > 0.0 && aht.is_zero() {
            return Err(invalid("aht", 0.0, "> 0 when contacts > 0"));
        }
        Ok(Self { contacts, aht })
    }

    /// Contacts offered.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Workload;
    /// use std::time::Duration;
    ///
    /// assert_eq!(Workload::new(7.0, Duration::from_secs(60))?.contacts(), 7.0);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn contacts(&self) -> f64 {
        self.contacts
    }

    /// Mean handle time.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Workload;
    /// use std::time::Duration;
    ///
    /// assert_eq!(Workload::new(7.0, Duration::from_secs(60))?.aht(), Duration::from_secs(60));
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn aht(&self) -> Duration {
        self.aht
    }

    /// The traffic this workload offers over an interval of length `interval`.
    ///
    /// # Errors
    ///
    /// As [`Traffic::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_queue::Workload;
    /// use std::time::Duration;
    ///
    /// let w = Workload::new(100.0, Duration::from_secs(180))?;
    /// assert!((w.traffic(Duration::from_secs(1800))?.load() - 10.0).abs() < 1e-12);
    /// # Ok::<(), servops_queue::Error>(())
    /// ```
    pub fn traffic(&self, interval: Duration) -> Result<Traffic> {
        if self.contacts == 0.0 {
            // Any positive AHT will do for an empty interval.
            let aht = if self.aht.is_zero() {
                Duration::from_secs(1)
            } else {
                self.aht
            };
            return Traffic::new(0.0, interval, aht);
        }
        Traffic::new(self.contacts, interval, self.aht)
    }
}

/// Solves every interval of a series of workloads into a series of staffing
/// requirements on the same grid.
///
/// Neighbouring intervals have similar loads, so each solve starts from the
/// previous interval's square-root-staffing coefficient
/// `beta = (N - A) / sqrt(A)`, which usually lands within an agent or two of
/// the answer. Zero-volume intervals need zero agents.
///
/// # Errors
///
/// The first interval that fails (see [`agents_required`]) stops the batch.
///
/// # Examples
///
/// ```
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_queue::{solve_series, Model, Targets, Workload};
/// use chrono::{TimeZone, Utc};
/// use std::time::Duration;
///
/// let grid = IntervalGrid::new(
///     Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).single().ok_or("bad date")?,
///     Duration::from_secs(1800),
///     3,
/// )?;
/// let aht = Duration::from_secs(240);
/// let work = IntervalSeries::new(
///     grid,
///     vec![Workload::new(0.0, aht)?, Workload::new(60.0, aht)?, Workload::new(150.0, aht)?],
/// )?;
/// let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
/// let plan = solve_series(&work, Model::ErlangC, &goal)?;
/// let agents: Vec<u32> = plan.values().iter().map(|s| s.agents).collect();
/// assert_eq!(agents[0], 0);
/// assert!(agents[1] < agents[2]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn solve_series(
    workload: &IntervalSeries<Workload>,
    model: Model,
    targets: &Targets,
) -> Result<IntervalSeries<Staffing>> {
    targets.check_for(model)?;
    let interval = workload.grid().step();
    let mut beta = default_beta(model);
    workload.try_map(|w| -> Result<Staffing> {
        let traffic = w.traffic(interval)?;
        let s = solve_from(&traffic, model, targets, beta)?;
        let load = effective_load(&traffic, model);
        if load > 0.0 {
            // Clamped: after a near-empty interval (1 agent for 1e-6 erlangs)
            // the raw coefficient would throw the next guess far off.
            beta = ((f64::from(s.agents) - load) / load.sqrt()).clamp(-10.0, 10.0);
        }
        Ok(s)
    })
}

#[cfg(test)]
mod evaluation_counts {
    use super::*;

    /// docs/queueing.md: "Erlang C solves take about four exact evaluations
    /// and Erlang A solves four to eight, at 10 erlangs as at 100,000". The
    /// search from the solver's own starting guess must stay within that,
    /// and land on `agents_required`'s answer.
    #[test]
    fn solves_take_a_handful_of_exact_evaluations() {
        let goal = Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap();
        for load in [10.0, 100.0, 1e4, 1e5] {
            let t = Traffic::from_load(load, Duration::from_secs(180)).unwrap();
            for model in [
                Model::ErlangC,
                Model::ErlangA {
                    patience: Duration::from_secs(180),
                },
            ] {
                let mut evaluations = 0;
                let n_min = if model == Model::ErlangC {
                    load as u32 + 1
                } else {
                    1
                };
                let start = match model {
                    Model::ErlangA { patience } => fluid_guess(load, patience.as_secs_f64(), &goal),
                    _ => guess(load, default_beta(model)),
                };
                let n = min_integer(n_min, start, |n| {
                    evaluations += 1;
                    margin(&goal, &evaluate(&t, model, f64::from(n)))
                })
                .unwrap();
                let most = if model == Model::ErlangC { 5 } else { 8 };
                assert!(
                    evaluations <= most,
                    "{load} erlangs, {model:?}: {evaluations} evaluations"
                );
                assert_eq!(n, agents_required(&t, model, &goal).unwrap().agents);
            }
        }
    }
}
