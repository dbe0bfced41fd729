//! Contact records: one voice call, chat or email as it passed through a queue.

use std::fmt;
use std::time::Duration;

use servops_core::chrono::{DateTime, Utc};
use servops_core::{Channel, QueueId};

use crate::error::{Error, Result};

/// How a contact left the queue (or that it had not left it when the data end).
///
/// # Examples
///
/// ```
/// use servops_kpi::Outcome;
///
/// let o: Outcome = "flowed_out".parse()?;
/// assert_eq!(o, Outcome::FlowedOut);
/// assert_eq!(o.to_string(), "flowed_out");
/// assert!(Outcome::StillWaiting.is_censored());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Outcome {
    /// An agent answered the contact.
    Answered,
    /// The customer left (hung up, closed the chat) while waiting in the queue.
    Abandoned,
    /// The contact left the queue without an agent and without abandoning:
    /// overflowed or transferred to another queue, or routed out by a timeout.
    FlowedOut,
    /// The customer asked to be called back and left the queue.
    Callback,
    /// Still waiting when the data end: neither answered nor abandoned yet
    /// (right-censored). Counted separately, never in a KPI.
    StillWaiting,
}

impl Outcome {
    /// Every outcome, in declaration order.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(servops_kpi::Outcome::ALL.len(), 5);
    /// ```
    pub const ALL: &'static [Self] = &[
        Self::Answered,
        Self::Abandoned,
        Self::FlowedOut,
        Self::Callback,
        Self::StillWaiting,
    ];

    /// The outcome's token, as displayed and parsed.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(servops_kpi::Outcome::Callback.as_str(), "callback");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Answered => "answered",
            Self::Abandoned => "abandoned",
            Self::FlowedOut => "flowed_out",
            Self::Callback => "callback",
            Self::StillWaiting => "still_waiting",
        }
    }

    /// Whether the contact had not left the queue when the data end.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(!servops_kpi::Outcome::Answered.is_censored());
    /// ```
    pub fn is_censored(self) -> bool {
        self == Self::StillWaiting
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Outcome {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Self::ALL
            .iter()
            .copied()
            .find(|o| o.as_str() == t)
            .ok_or_else(|| Error::InvalidParameter {
                name: "outcome",
                value: format!("{s:?}"),
                constraint: "one of answered, abandoned, flowed_out, callback, still_waiting",
            })
    }
}

/// One contact: when it arrived in the queue, how and when it left, and the
/// agent's handling time.
///
/// Instants and durations are kept to the nanosecond (as `chrono` and
/// [`Duration`] hold them), so that a wait compares exactly with a
/// threshold: 20.0004 s is not within 20 s. The record stores the arrival (the
/// instant the contact joined the queue: IVR time is not queue time), the
/// wait until it left the queue, the ring time at the agent's desk, and the
/// talk, hold and after-contact-work (ACW) durations; the other instants are
/// derived: queue exit = arrival + wait, answer = queue exit + ring, end =
/// answer + talk + hold, completion = end + ACW.
///
/// Build one with [`ContactRecord::builder`]; the builder checks that the
/// instants are in order (no answer before the arrival, no end before the
/// answer) and that only answered contacts carry handling time.
///
/// # Unknown handle time
///
/// An answered contact given neither an end nor a talk time (an empty
/// talk cell, or a file without end and talk columns) has an **unknown**
/// handle time, not 0 s: [`talk`](Self::talk),
/// [`handle_time`](Self::handle_time), [`end`](Self::end) and
/// [`completion`](Self::completion) return `None` and
/// [`handle_known`](Self::handle_known) is `false`. Such a record counts
/// as answered everywhere (service level, ASA, abandonment, ...) but in no
/// handle-time sum: [`Components::handle_unknown`](crate::Components::handle_unknown)
/// counts it, and AHT leaves it out of both its totals. Hold and
/// after-contact work not given are 0 s when the talk time is known (many
/// exports have no hold or ACW column); on a record whose talk time is
/// unknown they are kept as given ([`hold`](Self::hold), [`acw`](Self::acw))
/// but enter no KPI. A contact that was not answered had no handling: its
/// handle time is known to be 0 s.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_kpi::{ContactRecord, Outcome};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let call = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered)
///     .queue_exit("2026-03-02T09:00:18Z".parse()?)
///     .answer("2026-03-02T09:00:21Z".parse()?)
///     .end("2026-03-02T09:05:21Z".parse()?)
///     .hold(Duration::from_secs(40))
///     .acw(Duration::from_secs(30))
///     .queue("billing")?
///     .build()?;
/// assert_eq!(call.wait(), Duration::from_secs(18));
/// assert_eq!(call.ring(), Duration::from_secs(3));
/// assert_eq!(call.talk(), Some(Duration::from_secs(260)));
/// assert_eq!(call.handle_time(), Some(Duration::from_secs(330)));
///
/// // Answered, but neither an end nor a talk time: the handle time is
/// // unknown, not 0 s.
/// let unknown = ContactRecord::builder("2026-03-02T09:10:00Z".parse()?, Outcome::Answered)
///     .wait(Duration::from_secs(12))
///     .build()?;
/// assert!(!unknown.handle_known());
/// assert_eq!(unknown.handle_time(), None);
///
/// // An end before the answer is a typed error, not a negative duration.
/// let bad = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered)
///     .wait(Duration::from_secs(10))
///     .answer("2026-03-02T09:00:10Z".parse()?)
///     .end("2026-03-02T09:00:05Z".parse()?)
///     .build();
/// assert!(matches!(bad, Err(servops_kpi::Error::TimeOrder { later: "end", .. })));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ContactRecord {
    /// Nanoseconds since the Unix epoch.
    pub(crate) arrival_ns: i128,
    pub(crate) wait_ns: u64,
    pub(crate) ring_ns: u64,
    pub(crate) talk_ns: u64,
    pub(crate) hold_ns: u64,
    pub(crate) acw_ns: u64,
    /// Whether the talk time (and so the handle time) is known; always
    /// `true` for a contact that was not answered. When `false`,
    /// `talk_ns` is 0 and means nothing.
    pub(crate) handle_known: bool,
    pub(crate) outcome: Outcome,
    pub(crate) channel: Channel,
    pub(crate) transferred: bool,
    pub(crate) resolved: Option<bool>,
    pub(crate) survey: Option<f64>,
    /// Text fields, boxed so that the record stays small for the hot path.
    pub(crate) labels: Option<Box<Labels>>,
}

/// The text fields of a record (rarely read by the aggregation).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Labels {
    pub(crate) queue: Option<QueueId>,
    pub(crate) agent: Option<String>,
    pub(crate) customer: Option<String>,
    pub(crate) id: Option<String>,
}

fn ns_to_duration(ns: u64) -> Duration {
    Duration::from_nanos(ns)
}

/// Nanoseconds since the Unix epoch of an instant (any `chrono` instant
/// fits in an `i128`).
pub(crate) fn instant_ns(t: DateTime<Utc>) -> i128 {
    i128::from(t.timestamp()) * 1_000_000_000 + i128::from(t.timestamp_subsec_nanos())
}

fn instant(ns: i128) -> DateTime<Utc> {
    let secs = i64::try_from(ns.div_euclid(1_000_000_000)).ok();
    let nanos = u32::try_from(ns.rem_euclid(1_000_000_000)).ok();
    secs.zip(nanos)
        .and_then(|(s, n)| DateTime::from_timestamp(s, n))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

impl ContactRecord {
    /// Starts building a record of a contact that joined the queue at
    /// `arrival` and left it with `outcome`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_kpi::{ContactRecord, Outcome};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let gone = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Abandoned)
    ///     .wait(Duration::from_secs(45))
    ///     .build()?;
    /// assert_eq!(gone.queue_exit(), Some("2026-03-02T09:00:45Z".parse()?));
    /// assert_eq!(gone.answer(), None);
    /// # Ok(())
    /// # }
    /// ```
    pub fn builder(arrival: DateTime<Utc>, outcome: Outcome) -> ContactRecordBuilder {
        ContactRecordBuilder {
            arrival,
            outcome,
            queue_exit: None,
            wait: None,
            answer: None,
            ring: None,
            end: None,
            talk: None,
            hold: None,
            acw: None,
            channel: Channel::Voice,
            transferred: false,
            resolved: None,
            survey: None,
            queue: None,
            agent: None,
            customer: None,
            id: None,
        }
    }

    /// The instant the contact joined the queue.
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let r = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::StillWaiting).build()?;
    /// assert_eq!(r.arrival(), "2026-03-02T09:00:00Z".parse::<servops_core::chrono::DateTime<servops_core::chrono::Utc>>()?);
    /// # Ok(())
    /// # }
    /// ```
    pub fn arrival(&self) -> DateTime<Utc> {
        instant(self.arrival_ns)
    }

    /// How the contact left the queue.
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let r = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::StillWaiting).build()?;
    /// assert_eq!(r.outcome(), Outcome::StillWaiting);
    /// # Ok(())
    /// # }
    /// ```
    pub fn outcome(&self) -> Outcome {
        self.outcome
    }

    /// Time in the queue: to the answer's queue exit, the abandon, the flow-out
    /// or callback request; for a contact still waiting, the time waited until
    /// the data end.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let r = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Callback)
    ///     .wait(Duration::from_secs(90)).build()?;
    /// assert_eq!(r.wait(), Duration::from_secs(90));
    /// # Ok(())
    /// # }
    /// ```
    pub fn wait(&self) -> Duration {
        ns_to_duration(self.wait_ns)
    }

    /// Ring (alerting) time at the agent between queue exit and answer; zero
    /// for contacts not answered.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let r = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered)
    ///     .wait(Duration::from_secs(10)).ring(Duration::from_secs(4)).build()?;
    /// assert_eq!(r.ring(), Duration::from_secs(4));
    /// # Ok(())
    /// # }
    /// ```
    pub fn ring(&self) -> Duration {
        ns_to_duration(self.ring_ns)
    }

    /// Talk time (connected and not on hold); `None` if unknown (an
    /// answered contact given neither an end nor a talk time). A contact
    /// that was not answered had no talk: `Some(0 s)`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let at = "2026-03-02T09:00:00Z".parse()?;
    /// let r = ContactRecord::builder(at, Outcome::Answered)
    ///     .wait(Duration::ZERO).talk(Duration::from_secs(200)).build()?;
    /// assert_eq!(r.talk(), Some(Duration::from_secs(200)));
    /// let unknown = ContactRecord::builder(at, Outcome::Answered).wait(Duration::ZERO).build()?;
    /// assert_eq!(unknown.talk(), None);
    /// let gone = ContactRecord::builder(at, Outcome::Abandoned).wait(Duration::from_secs(9)).build()?;
    /// assert_eq!(gone.talk(), Some(Duration::ZERO));
    /// # Ok(())
    /// # }
    /// ```
    pub fn talk(&self) -> Option<Duration> {
        self.handle_known.then(|| ns_to_duration(self.talk_ns))
    }

    /// Whether the handle time is known: `false` only for an answered
    /// contact given neither an end nor a talk time. Such a record is left
    /// out of every handle-time sum and average (and counted in
    /// [`Components::handle_unknown`](crate::Components::handle_unknown)).
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let at = "2026-03-02T09:00:00Z".parse()?;
    /// let b = ContactRecord::builder(at, Outcome::Answered).wait(Duration::from_secs(5));
    /// assert!(!b.clone().build()?.handle_known());
    /// assert!(b.clone().talk(Duration::ZERO).build()?.handle_known()); // 0 s, known
    /// assert!(b.end("2026-03-02T09:03:05Z".parse()?).build()?.handle_known());
    /// # Ok(())
    /// # }
    /// ```
    pub fn handle_known(&self) -> bool {
        self.handle_known
    }

    /// Hold time, 0 s if not given. On a record whose talk time is unknown
    /// ([`handle_known`](Self::handle_known) `false`) it is kept as given
    /// but enters no KPI.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let r = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered)
    ///     .wait(Duration::ZERO).hold(Duration::from_secs(20)).build()?;
    /// assert_eq!(r.hold(), Duration::from_secs(20));
    /// # Ok(())
    /// # }
    /// ```
    pub fn hold(&self) -> Duration {
        ns_to_duration(self.hold_ns)
    }

    /// After-contact work (wrap-up) time, 0 s if not given. On a record
    /// whose talk time is unknown it is kept as given but enters no KPI.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let r = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered)
    ///     .wait(Duration::ZERO).acw(Duration::from_secs(30)).build()?;
    /// assert_eq!(r.acw(), Duration::from_secs(30));
    /// # Ok(())
    /// # }
    /// ```
    pub fn acw(&self) -> Duration {
        ns_to_duration(self.acw_ns)
    }

    /// Handle time: talk + hold + after-contact work; `None` if the talk
    /// time is unknown (see [`handle_known`](Self::handle_known)), never
    /// 0 s in its place.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let at = "2026-03-02T09:00:00Z".parse()?;
    /// let r = ContactRecord::builder(at, Outcome::Answered)
    ///     .wait(Duration::ZERO).talk(Duration::from_secs(100)).hold(Duration::from_secs(20))
    ///     .acw(Duration::from_secs(30)).build()?;
    /// assert_eq!(r.handle_time(), Some(Duration::from_secs(150)));
    /// // ACW alone does not make the handle time known.
    /// let unknown = ContactRecord::builder(at, Outcome::Answered)
    ///     .wait(Duration::ZERO).acw(Duration::from_secs(30)).build()?;
    /// assert_eq!(unknown.handle_time(), None);
    /// # Ok(())
    /// # }
    /// ```
    pub fn handle_time(&self) -> Option<Duration> {
        // each is at most u64::MAX ns and their sum fits a Duration
        self.handle_known.then(|| {
            Duration::from_nanos(self.talk_ns)
                + Duration::from_nanos(self.hold_ns)
                + Duration::from_nanos(self.acw_ns)
        })
    }

    /// The instant the contact left the queue, `None` if it was still waiting.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let r = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Abandoned)
    ///     .wait(Duration::from_secs(5)).build()?;
    /// assert_eq!(r.queue_exit(), Some("2026-03-02T09:00:05Z".parse()?));
    /// # Ok(())
    /// # }
    /// ```
    pub fn queue_exit(&self) -> Option<DateTime<Utc>> {
        (!self.outcome.is_censored()).then(|| instant(self.queue_exit_ns()))
    }

    /// The instant an agent answered, `None` if no agent did.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let r = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered)
    ///     .wait(Duration::from_secs(5)).ring(Duration::from_secs(2)).build()?;
    /// assert_eq!(r.answer(), Some("2026-03-02T09:00:07Z".parse()?));
    /// # Ok(())
    /// # }
    /// ```
    pub fn answer(&self) -> Option<DateTime<Utc>> {
        (self.outcome == Outcome::Answered).then(|| instant(self.answer_ns()))
    }

    /// The instant the conversation ended (answer + talk + hold), `None` if
    /// no agent answered or the talk time is unknown.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let r = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered)
    ///     .wait(Duration::ZERO).talk(Duration::from_secs(60)).build()?;
    /// assert_eq!(r.end(), Some("2026-03-02T09:01:00Z".parse()?));
    /// # Ok(())
    /// # }
    /// ```
    pub fn end(&self) -> Option<DateTime<Utc>> {
        (self.outcome == Outcome::Answered && self.handle_known).then(|| instant(self.end_ns()))
    }

    /// The instant the agent finished the contact (end + after-contact work),
    /// `None` if no agent answered or the talk time is unknown.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let r = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered)
    ///     .wait(Duration::ZERO).talk(Duration::from_secs(60)).acw(Duration::from_secs(60)).build()?;
    /// assert_eq!(r.completion(), Some("2026-03-02T09:02:00Z".parse()?));
    /// # Ok(())
    /// # }
    /// ```
    pub fn completion(&self) -> Option<DateTime<Utc>> {
        (self.outcome == Outcome::Answered && self.handle_known)
            .then(|| instant(self.completion_ns()))
    }

    /// The channel (voice by default).
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops_kpi::{ContactRecord, Outcome};
    /// # use servops_core::Channel;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let r = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::StillWaiting)
    ///     .channel(Channel::Chat).build()?;
    /// assert_eq!(r.channel(), Channel::Chat);
    /// # Ok(())
    /// # }
    /// ```
    pub fn channel(&self) -> Channel {
        self.channel
    }

    /// The queue (skill, split) the contact waited in, if known.
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let r = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::StillWaiting)
    ///     .queue("sales")?.build()?;
    /// assert_eq!(r.queue().map(|q| q.as_str()), Some("sales"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn queue(&self) -> Option<&QueueId> {
        self.labels.as_ref().and_then(|l| l.queue.as_ref())
    }

    /// The agent who handled the contact, if known.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let r = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered)
    ///     .wait(Duration::ZERO).agent("ada").build()?;
    /// assert_eq!(r.agent(), Some("ada"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn agent(&self) -> Option<&str> {
        self.labels.as_ref().and_then(|l| l.agent.as_deref())
    }

    /// The customer identifier used for repeat-contact tracking, if known.
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let r = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::StillWaiting)
    ///     .customer("c-42").build()?;
    /// assert_eq!(r.customer(), Some("c-42"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn customer(&self) -> Option<&str> {
        self.labels.as_ref().and_then(|l| l.customer.as_deref())
    }

    /// The contact's identifier, if known.
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let r = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::StillWaiting)
    ///     .id("call-1").build()?;
    /// assert_eq!(r.id(), Some("call-1"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn id(&self) -> Option<&str> {
        self.labels.as_ref().and_then(|l| l.id.as_deref())
    }

    /// Whether the agent transferred the contact onwards.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let r = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered)
    ///     .wait(Duration::ZERO).transferred(true).build()?;
    /// assert!(r.transferred());
    /// # Ok(())
    /// # }
    /// ```
    pub fn transferred(&self) -> bool {
        self.transferred
    }

    /// The resolution flag (agent disposition or survey), if recorded.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let r = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered)
    ///     .wait(Duration::ZERO).resolved(true).build()?;
    /// assert_eq!(r.resolved(), Some(true));
    /// # Ok(())
    /// # }
    /// ```
    pub fn resolved(&self) -> Option<bool> {
        self.resolved
    }

    /// The post-contact survey score, if the customer answered one.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let r = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered)
    ///     .wait(Duration::ZERO).survey_score(4.0).build()?;
    /// assert_eq!(r.survey_score(), Some(4.0));
    /// # Ok(())
    /// # }
    /// ```
    pub fn survey_score(&self) -> Option<f64> {
        self.survey
    }

    // i128 nanoseconds: a chrono instant plus five u64 durations cannot
    // overflow.
    pub(crate) fn queue_exit_ns(&self) -> i128 {
        self.arrival_ns + i128::from(self.wait_ns)
    }

    pub(crate) fn answer_ns(&self) -> i128 {
        self.queue_exit_ns() + i128::from(self.ring_ns)
    }

    /// The end; meaningful only when the handle time is known.
    pub(crate) fn end_ns(&self) -> i128 {
        self.answer_ns() + i128::from(self.talk_ns) + i128::from(self.hold_ns)
    }

    /// The completion, or the answer when the handle time is unknown (the
    /// latest instant of the contact that is known).
    pub(crate) fn completion_ns(&self) -> i128 {
        if self.handle_known {
            self.end_ns() + i128::from(self.acw_ns)
        } else {
            self.answer_ns()
        }
    }
}

/// Builder of a [`ContactRecord`]; [`build`](ContactRecordBuilder::build)
/// checks the record.
///
/// Give the queue exit either as an instant ([`queue_exit`](Self::queue_exit))
/// or as a wait ([`wait`](Self::wait)); the answer as an instant or as a ring
/// time after the queue exit (zero if neither); the end as an instant (talk
/// is then end − answer − hold) or the talk time directly: an answered
/// contact given neither has an unknown handle time (not 0 s; see
/// [`ContactRecord::handle_known`]). Where both are
/// given they must agree to within a millisecond (a duration written to the
/// millisecond beside finer instants), and the instants' value is kept.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_kpi::{ContactRecord, Error, Outcome};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let builder = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered)
///     .answer("2026-03-02T08:59:00Z".parse()?);
/// assert!(matches!(builder.build(), Err(Error::TimeOrder { later: "answer", .. })));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ContactRecordBuilder {
    arrival: DateTime<Utc>,
    outcome: Outcome,
    queue_exit: Option<DateTime<Utc>>,
    wait: Option<Duration>,
    answer: Option<DateTime<Utc>>,
    ring: Option<Duration>,
    end: Option<DateTime<Utc>>,
    talk: Option<Duration>,
    hold: Option<Duration>,
    acw: Option<Duration>,
    channel: Channel,
    transferred: bool,
    resolved: Option<bool>,
    survey: Option<f64>,
    queue: Option<QueueId>,
    agent: Option<String>,
    customer: Option<String>,
    id: Option<String>,
}

macro_rules! setter {
    ($(#[$m:meta])* $name:ident, $ty:ty) => {
        $(#[$m])*
        pub fn $name(mut self, value: $ty) -> Self {
            self.$name = Some(value);
            self
        }
    };
}

fn to_ns(name: &'static str, d: Duration) -> Result<u64> {
    u64::try_from(d.as_nanos()).map_err(|_| Error::InvalidParameter {
        name,
        value: format!("{d:?}"),
        constraint: "at most u64::MAX nanoseconds (584 years)",
    })
}

/// A duration given beside the instants it spans agrees with them when they
/// are less than a millisecond apart: durations are commonly written to the
/// millisecond beside finer instants (and records were kept to the
/// millisecond before). The instants' difference is kept.
fn agree_to_the_ms(given_ns: u64, from_instants_ns: u64) -> bool {
    given_ns.abs_diff(from_instants_ns) < 1_000_000
}

fn order(
    earlier: &'static str,
    e: DateTime<Utc>,
    later: &'static str,
    l: DateTime<Utc>,
) -> Result<u64> {
    let delta = instant_ns(l) - instant_ns(e);
    if delta < 0 {
        return Err(Error::TimeOrder {
            earlier,
            earlier_value: e.to_rfc3339(),
            later,
            later_value: l.to_rfc3339(),
        });
    }
    u64::try_from(delta).map_err(|_| Error::InvalidParameter {
        name: later,
        value: l.to_rfc3339(),
        constraint: "at most u64::MAX nanoseconds (584 years) after the earlier instant",
    })
}

impl ContactRecordBuilder {
    setter!(
        /// The instant the contact left the queue.
        ///
        /// # Examples
        ///
        /// Arrived 09:00:00, left the queue 09:00:25: a 25 s wait.
        ///
        /// ```
        /// # use std::time::Duration;
        /// # use servops_kpi::{ContactRecord, Outcome};
        /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// let r = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Abandoned)
        ///     .queue_exit("2026-03-02T09:00:25Z".parse()?)
        ///     .build()?;
        /// assert_eq!(r.wait(), Duration::from_secs(25));
        /// # Ok(())
        /// # }
        /// ```
        queue_exit,
        DateTime<Utc>
    );
    setter!(
        /// The time in the queue (alternative to [`queue_exit`](Self::queue_exit)).
        ///
        /// # Examples
        ///
        /// A 40 s wait from 09:00:00 leaves the queue at 09:00:40; a wait that
        /// disagrees with a queue exit by a second is refused.
        ///
        /// ```
        /// # use std::time::Duration;
        /// # use servops_kpi::{ContactRecord, Outcome};
        /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// let b = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Abandoned)
        ///     .wait(Duration::from_secs(40));
        /// let exit = b.clone().build()?.queue_exit().map(|t| t.to_rfc3339());
        /// assert_eq!(exit.as_deref(), Some("2026-03-02T09:00:40+00:00"));
        /// assert!(b.queue_exit("2026-03-02T09:00:41Z".parse()?).build().is_err());
        /// # Ok(())
        /// # }
        /// ```
        wait,
        Duration
    );
    setter!(
        /// The instant an agent answered (answered contacts only).
        ///
        /// # Examples
        ///
        /// Left the queue after 20 s and answered 3 s later, at 09:00:23: 3 s of
        /// ring. An abandoned contact with an answer is refused.
        ///
        /// ```
        /// # use std::time::Duration;
        /// # use servops_kpi::{ContactRecord, Outcome};
        /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// let at = "2026-03-02T09:00:00Z".parse()?;
        /// let r = ContactRecord::builder(at, Outcome::Answered)
        ///     .wait(Duration::from_secs(20))
        ///     .answer("2026-03-02T09:00:23Z".parse()?)
        ///     .build()?;
        /// assert_eq!(r.ring(), Duration::from_secs(3));
        /// let abandoned = ContactRecord::builder(at, Outcome::Abandoned)
        ///     .wait(Duration::from_secs(20))
        ///     .answer("2026-03-02T09:00:23Z".parse()?);
        /// assert!(abandoned.build().is_err());
        /// # Ok(())
        /// # }
        /// ```
        answer,
        DateTime<Utc>
    );
    setter!(
        /// Ring time between queue exit and answer (alternative to [`answer`](Self::answer)).
        ///
        /// # Examples
        ///
        /// Queue exit at 09:00:20 plus 4 s of ring: answered at 09:00:24.
        ///
        /// ```
        /// # use std::time::Duration;
        /// # use servops_kpi::{ContactRecord, Outcome};
        /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// let r = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered)
        ///     .wait(Duration::from_secs(20))
        ///     .ring(Duration::from_secs(4))
        ///     .build()?;
        /// assert_eq!(r.answer().map(|t| t.to_rfc3339()).as_deref(), Some("2026-03-02T09:00:24+00:00"));
        /// # Ok(())
        /// # }
        /// ```
        ring,
        Duration
    );
    setter!(
        /// The instant the conversation ended (answered contacts only).
        ///
        /// # Examples
        ///
        /// Answered at 09:00:10, 30 s on hold, ended at 09:05:10: talk is
        /// 300 − 30 = 270 s.
        ///
        /// ```
        /// # use std::time::Duration;
        /// # use servops_kpi::{ContactRecord, Outcome};
        /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// let r = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered)
        ///     .wait(Duration::from_secs(10))
        ///     .hold(Duration::from_secs(30))
        ///     .end("2026-03-02T09:05:10Z".parse()?)
        ///     .build()?;
        /// assert_eq!(r.talk(), Some(Duration::from_secs(270)));
        /// # Ok(())
        /// # }
        /// ```
        end,
        DateTime<Utc>
    );
    setter!(
        /// Talk time (alternative to [`end`](Self::end)).
        ///
        /// # Examples
        ///
        /// Answered at 09:00:10 after 180 s of talk and 20 s of hold: ended at
        /// 09:03:30. A talk time that disagrees with the end by a second is refused.
        ///
        /// ```
        /// # use std::time::Duration;
        /// # use servops_kpi::{ContactRecord, Outcome};
        /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// let b = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered)
        ///     .wait(Duration::from_secs(10))
        ///     .talk(Duration::from_secs(180))
        ///     .hold(Duration::from_secs(20));
        /// let end = b.clone().build()?.end().map(|t| t.to_rfc3339());
        /// assert_eq!(end.as_deref(), Some("2026-03-02T09:03:30+00:00"));
        /// assert!(b.end("2026-03-02T09:03:31Z".parse()?).build().is_err());
        /// # Ok(())
        /// # }
        /// ```
        talk,
        Duration
    );
    setter!(
        /// Hold time.
        ///
        /// # Examples
        ///
        /// Hold counts in the handle time: 200 s talk + 45 s hold = 245 s. More
        /// hold than the connected time is refused.
        ///
        /// ```
        /// # use std::time::Duration;
        /// # use servops_kpi::{ContactRecord, Outcome};
        /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// let b = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered)
        ///     .wait(Duration::ZERO)
        ///     .talk(Duration::from_secs(200))
        ///     .hold(Duration::from_secs(45));
        /// assert_eq!(b.clone().build()?.handle_time(), Some(Duration::from_secs(245)));
        /// let too_long = b.end("2026-03-02T09:00:30Z".parse()?); // 30 s connected, 45 s hold
        /// assert!(too_long.build().is_err());
        /// # Ok(())
        /// # }
        /// ```
        hold,
        Duration
    );
    setter!(
        /// After-contact work time.
        ///
        /// # Examples
        ///
        /// ACW counts in the handle time: 200 s talk + 60 s ACW = 260 s.
        ///
        /// ```
        /// # use std::time::Duration;
        /// # use servops_kpi::{ContactRecord, Outcome};
        /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// let r = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered)
        ///     .wait(Duration::ZERO)
        ///     .talk(Duration::from_secs(200))
        ///     .acw(Duration::from_secs(60))
        ///     .build()?;
        /// assert_eq!(r.acw(), Duration::from_secs(60));
        /// assert_eq!(r.handle_time(), Some(Duration::from_secs(260)));
        /// # Ok(())
        /// # }
        /// ```
        acw,
        Duration
    );
    setter!(
        /// The resolution flag (agent disposition or survey answer).
        ///
        /// # Examples
        ///
        /// Unknown unless set.
        ///
        /// ```
        /// # use std::time::Duration;
        /// # use servops_kpi::{ContactRecord, Outcome};
        /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// let b = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered)
        ///     .wait(Duration::ZERO);
        /// assert_eq!(b.clone().build()?.resolved(), None);
        /// assert_eq!(b.resolved(false).build()?.resolved(), Some(false));
        /// # Ok(())
        /// # }
        /// ```
        resolved,
        bool
    );

    /// The post-contact survey score on the survey's own scale; must be
    /// finite (checked by [`build`](Self::build)).
    ///
    /// # Examples
    ///
    /// A 4 on a 1–5 scale is kept as given; a NaN score is refused by `build`.
    ///
    /// ```
    /// # use std::time::Duration;
    /// use servops_kpi::{ContactRecord, Error, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let b = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered).wait(Duration::ZERO);
    /// assert_eq!(b.clone().survey_score(4.0).build()?.survey_score(), Some(4.0));
    /// let nan = b.survey_score(f64::NAN).build();
    /// assert!(matches!(nan, Err(Error::InvalidParameter { name: "survey score", .. })));
    /// # Ok(())
    /// # }
    /// ```
    pub fn survey_score(mut self, score: f64) -> Self {
        self.survey = Some(score);
        self
    }

    /// The channel (voice unless set).
    ///
    /// # Examples
    ///
    /// Voice unless set.
    ///
    /// ```
    /// # use std::time::Duration;
    /// use servops_core::Channel;
    /// use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let b = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered).wait(Duration::ZERO);
    /// assert_eq!(b.clone().build()?.channel(), Channel::Voice);
    /// assert_eq!(b.channel(Channel::Email).build()?.channel(), Channel::Email);
    /// # Ok(())
    /// # }
    /// ```
    pub fn channel(mut self, channel: Channel) -> Self {
        self.channel = channel;
        self
    }

    /// Whether the agent transferred the contact onwards.
    ///
    /// # Examples
    ///
    /// Not transferred unless set.
    ///
    /// ```
    /// # use std::time::Duration;
    /// use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let b = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered).wait(Duration::ZERO);
    /// assert!(!b.clone().build()?.transferred());
    /// assert!(b.transferred(true).build()?.transferred());
    /// # Ok(())
    /// # }
    /// ```
    pub fn transferred(mut self, transferred: bool) -> Self {
        self.transferred = transferred;
        self
    }

    /// The queue.
    ///
    /// # Errors
    ///
    /// The queue identifier's own checks ([`QueueId::new`]).
    ///
    /// # Examples
    ///
    /// A queue name is checked as [`QueueId::new`] checks it: an empty one is
    /// refused.
    ///
    /// ```
    /// use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let b = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::StillWaiting);
    /// let r = b.clone().queue("billing")?.build()?;
    /// assert_eq!(r.queue().map(|q| q.as_str()), Some("billing"));
    /// assert!(b.queue("").is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn queue(mut self, queue: impl Into<String>) -> Result<Self> {
        self.queue = Some(QueueId::new(queue)?);
        Ok(self)
    }

    /// The agent who handled the contact.
    ///
    /// # Examples
    ///
    /// No agent unless set.
    ///
    /// ```
    /// # use std::time::Duration;
    /// use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let b = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered).wait(Duration::ZERO);
    /// assert_eq!(b.clone().build()?.agent(), None);
    /// assert_eq!(b.agent("grace").build()?.agent(), Some("grace"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn agent(mut self, agent: impl Into<String>) -> Self {
        self.agent = Some(agent.into());
        self
    }

    /// The customer identifier.
    ///
    /// # Examples
    ///
    /// Two contacts of one customer, as repeat-contact tracking groups them.
    ///
    /// ```
    /// use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let first = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::StillWaiting)
    ///     .customer("c-7").build()?;
    /// let again = ContactRecord::builder("2026-03-03T09:00:00Z".parse()?, Outcome::StillWaiting)
    ///     .customer("c-7").build()?;
    /// assert_eq!(first.customer(), again.customer());
    /// assert_eq!(first.customer(), Some("c-7"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn customer(mut self, customer: impl Into<String>) -> Self {
        self.customer = Some(customer.into());
        self
    }

    /// The contact identifier.
    ///
    /// # Examples
    ///
    /// The identifier is kept as given; none unless set.
    ///
    /// ```
    /// use servops_kpi::{ContactRecord, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let b = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::StillWaiting);
    /// assert_eq!(b.clone().build()?.id(), None);
    /// assert_eq!(b.id("INC-0042").build()?.id(), Some("INC-0042"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Checks the record and builds it.
    ///
    /// # Errors
    ///
    /// - [`Error::TimeOrder`] if the queue exit is before the arrival, the
    ///   answer before the queue exit (or the arrival), or the end before the
    ///   answer;
    /// - [`Error::MissingField`] if a contact that left the queue has neither
    ///   a queue exit nor a wait;
    /// - [`Error::InvalidParameter`] if a contact that was not answered has
    ///   answer, talk, hold or ACW data, if the hold time exceeds the
    ///   connected time, if talk and end disagree (by 1 ms or more; likewise
    ///   wait and queue exit), if the survey score is not
    ///   finite, or if a duration does not fit in `u64` nanoseconds (584 years).
    ///
    /// # Examples
    ///
    /// Arrived 09:00:00, answered 09:00:30 (all wait), ended 09:04:30, 60 s of
    /// ACW: talk 240 s, handle 300 s. An abandon with neither a queue exit nor
    /// a wait is a [`Error::MissingField`]; one with talk time is refused.
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_kpi::{ContactRecord, Error, Outcome};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let r = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered)
    ///     .answer("2026-03-02T09:00:30Z".parse()?)
    ///     .end("2026-03-02T09:04:30Z".parse()?)
    ///     .acw(Duration::from_secs(60))
    ///     .build()?;
    /// assert_eq!((r.wait(), r.talk()), (Duration::from_secs(30), Some(Duration::from_secs(240))));
    /// assert_eq!(r.handle_time(), Some(Duration::from_secs(300)));
    /// let at = "2026-03-02T09:00:00Z".parse()?;
    /// let missing = ContactRecord::builder(at, Outcome::Abandoned).build();
    /// assert!(matches!(missing, Err(Error::MissingField { outcome: "abandoned", .. })));
    /// let talked = ContactRecord::builder(at, Outcome::Abandoned)
    ///     .wait(Duration::from_secs(9))
    ///     .talk(Duration::from_secs(1))
    ///     .build();
    /// assert!(matches!(talked, Err(Error::InvalidParameter { name: "handling data", .. })));
    /// # Ok(())
    /// # }
    /// ```
    pub fn build(self) -> Result<ContactRecord> {
        let arrival_ns = instant_ns(self.arrival);
        let answered = self.outcome == Outcome::Answered;
        let wait_ns = match (self.queue_exit, self.wait) {
            (Some(q), w) => {
                let from_exit = order("arrival", self.arrival, "queue exit", q)?;
                if let Some(w) = w
                    && !agree_to_the_ms(to_ns("wait", w)?, from_exit)
                {
                    return Err(Error::InvalidParameter {
                        name: "wait",
                        value: format!("{w:?}"),
                        constraint: "equal to queue exit - arrival (within 1 ms) when both are given",
                    });
                }
                from_exit
            }
            (None, Some(w)) => to_ns("wait", w)?,
            (None, None) if self.outcome.is_censored() => 0,
            (None, None) if answered && self.answer.is_some() => match self.answer {
                Some(a) => order("arrival", self.arrival, "answer", a)?,
                None => 0,
            },
            (None, None) => {
                return Err(Error::MissingField {
                    field: "queue exit or wait",
                    outcome: self.outcome.as_str(),
                });
            }
        };
        let queue_exit = instant(arrival_ns + i128::from(wait_ns));
        if !answered
            && (self.answer.is_some()
                || self.ring.is_some_and(|d| !d.is_zero())
                || self.end.is_some()
                || self.talk.is_some_and(|d| !d.is_zero())
                || self.hold.is_some_and(|d| !d.is_zero())
                || self.acw.is_some_and(|d| !d.is_zero()))
        {
            return Err(Error::InvalidParameter {
                name: "handling data",
                value: format!("outcome {}", self.outcome),
                constraint: "absent (answer, ring, end, talk, hold, ACW) unless the contact was answered",
            });
        }
        let ring_ns = match (self.answer, self.ring) {
            (Some(a), _) => {
                order("arrival", self.arrival, "answer", a)?;
                order("queue exit", queue_exit, "answer", a)?
            }
            (None, Some(r)) => to_ns("ring", r)?,
            (None, None) => 0,
        };
        self.finish(arrival_ns, wait_ns, ring_ns)
    }

    fn finish(self, arrival_ns: i128, wait_ns: u64, ring_ns: u64) -> Result<ContactRecord> {
        let answer = instant(arrival_ns + i128::from(wait_ns) + i128::from(ring_ns));
        let hold_ns = self
            .hold
            .map(|d| to_ns("hold", d))
            .transpose()?
            .unwrap_or(0);
        // Talk (and so the handle time) is known from the end or the talk
        // time; neither leaves it unknown, never 0 s. A contact that was not
        // answered has no talk (checked above): known to be 0 s.
        let handle_known =
            self.outcome != Outcome::Answered || self.end.is_some() || self.talk.is_some();
        let talk_ns = match (self.end, self.talk) {
            (Some(e), talk) => {
                let connected = order("answer", answer, "end", e)?;
                let from_end =
                    connected
                        .checked_sub(hold_ns)
                        .ok_or_else(|| Error::InvalidParameter {
                            name: "hold",
                            value: format!("{:?}", Duration::from_nanos(hold_ns)),
                            constraint: "at most the connected time end - answer",
                        })?;
                if let Some(t) = talk
                    && !agree_to_the_ms(to_ns("talk", t)?, from_end)
                {
                    return Err(Error::InvalidParameter {
                        name: "talk",
                        value: format!("{t:?}"),
                        constraint: "equal to end - answer - hold (within 1 ms) when the end is given",
                    });
                }
                from_end
            }
            (None, Some(t)) => to_ns("talk", t)?,
            (None, None) => 0,
        };
        let acw_ns = self.acw.map(|d| to_ns("acw", d)).transpose()?.unwrap_or(0);
        if let Some(s) = self.survey
            && !s.is_finite()
        {
            return Err(Error::InvalidParameter {
                name: "survey score",
                value: s.to_string(),
                constraint: "finite",
            });
        }
        // the derived instants must stay representable
        let end_ns = arrival_ns
            + i128::from(wait_ns)
            + i128::from(ring_ns)
            + i128::from(talk_ns)
            + i128::from(hold_ns)
            + i128::from(acw_ns);
        if end_ns > instant_ns(DateTime::<Utc>::MAX_UTC) {
            return Err(Error::InvalidParameter {
                name: "contact durations",
                value: format!("completion at {end_ns} ns after the epoch"),
                constraint: "ending within the supported date range",
            });
        }
        Ok(ContactRecord {
            arrival_ns,
            wait_ns,
            ring_ns,
            talk_ns,
            hold_ns,
            acw_ns,
            handle_known,
            outcome: self.outcome,
            channel: self.channel,
            transferred: self.transferred,
            resolved: self.resolved,
            survey: self.survey,
            labels: if self.queue.is_none()
                && self.agent.is_none()
                && self.customer.is_none()
                && self.id.is_none()
            {
                None
            } else {
                Some(Box::new(Labels {
                    queue: self.queue,
                    agent: self.agent,
                    customer: self.customer,
                    id: self.id,
                }))
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn answer_before_arrival_is_an_error() {
        let r = ContactRecord::builder(t("2026-01-01T10:00:00Z"), Outcome::Answered)
            .answer(t("2026-01-01T09:59:59Z"))
            .build();
        assert!(matches!(
            r,
            Err(Error::TimeOrder {
                later: "answer",
                ..
            })
        ));
    }

    #[test]
    fn queue_exit_before_arrival_is_an_error() {
        let r = ContactRecord::builder(t("2026-01-01T10:00:00Z"), Outcome::Abandoned)
            .queue_exit(t("2026-01-01T09:00:00Z"))
            .build();
        assert!(matches!(
            r,
            Err(Error::TimeOrder {
                later: "queue exit",
                ..
            })
        ));
    }

    #[test]
    fn answer_alone_sets_the_wait() {
        let r = ContactRecord::builder(t("2026-01-01T10:00:00Z"), Outcome::Answered)
            .answer(t("2026-01-01T10:00:30Z"))
            .end(t("2026-01-01T10:05:30Z"))
            .build()
            .unwrap();
        assert_eq!(r.wait(), Duration::from_secs(30));
        assert_eq!(r.ring(), Duration::ZERO);
        assert_eq!(r.talk(), Some(Duration::from_secs(300)));
    }

    #[test]
    fn nan_survey_score_is_an_error() {
        let r = ContactRecord::builder(t("2026-01-01T10:00:00Z"), Outcome::Answered)
            .wait(Duration::ZERO)
            .survey_score(f64::NAN)
            .build();
        assert!(matches!(
            r,
            Err(Error::InvalidParameter {
                name: "survey score",
                ..
            })
        ));
    }

    #[test]
    fn abandoned_with_talk_is_an_error() {
        let r = ContactRecord::builder(t("2026-01-01T10:00:00Z"), Outcome::Abandoned)
            .wait(Duration::from_secs(3))
            .talk(Duration::from_secs(3))
            .build();
        assert!(r.is_err());
        let r = ContactRecord::builder(t("2026-01-01T10:00:00Z"), Outcome::Abandoned).build();
        assert!(matches!(r, Err(Error::MissingField { .. })));
    }

    #[test]
    fn hold_longer_than_connected_is_an_error() {
        let r = ContactRecord::builder(t("2026-01-01T10:00:00Z"), Outcome::Answered)
            .wait(Duration::ZERO)
            .end(t("2026-01-01T10:01:00Z"))
            .hold(Duration::from_secs(61))
            .build();
        assert!(matches!(
            r,
            Err(Error::InvalidParameter { name: "hold", .. })
        ));
    }
}
