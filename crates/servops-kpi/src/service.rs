//! Queue KPIs computed from [`Components`]: service level, ASA, average
//! abandon time, longest wait, AHT, abandonment, transfer and FCR-by-flag
//! rates. Each divides a sum of numerators by a sum of denominators, once.

use std::fmt;
use std::time::Duration;

use crate::Error;
use crate::components::Components;

/// A KPI value as the ratio of two additive totals, with the policy that
/// defined it.
///
/// The value is `numerator / denominator`, or `None` when the denominator
/// is zero (undefined, never 0 or 100 %). Rates are fractions (0.83, not
/// 83); times are seconds. A rate computed from [`Components`] whose counts
/// fail [`Components::check`] keeps its two totals but has no value.
///
/// # Examples
///
/// ```
/// use servops_kpi::{AbandonTreatment, Components, ServiceLevelPolicy};
///
/// let mut c = Components::default();
/// c.answered = 1000;
/// c.answered_within = 860;
/// let sl = c.service_level(ServiceLevelPolicy::new(AbandonTreatment::Ignore));
/// assert_eq!(sl.value(), Some(0.86));
/// assert_eq!(sl.percent(), Some(86.0));
/// assert_eq!(sl.policy.abandons(), AbandonTreatment::Ignore);
///
/// let empty = Components::default().service_level(ServiceLevelPolicy::new(AbandonTreatment::Ignore));
/// assert_eq!(empty.value(), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Kpi<P> {
    /// The numerator total.
    pub numerator: f64,
    /// The denominator total.
    pub denominator: f64,
    /// The definition the value was computed under.
    pub policy: P,
    /// Records left out of both totals because a quantity the KPI needs is
    /// unknown: for [`Components::aht`], the answered contacts whose handle
    /// time is unknown ([`Components::handle_unknown`]); 0 for the other
    /// KPIs. Serialised only when not 0 (JSON without it reads as 0).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "crate::components::is_zero")
    )]
    pub excluded: u64,
    /// Set when the totals come from inconsistent counts, or from a
    /// millisecond sum saturated at `u64::MAX`: the value is then undefined.
    /// Serialised only when set.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "is_false"))]
    inconsistent: bool,
}

#[cfg(feature = "serde")]
#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(b: &bool) -> bool {
    !*b
}

impl<P> Kpi<P> {
    /// A KPI from its two totals and its policy.
    ///
    /// # Examples
    ///
    /// ```
    /// let k = servops_kpi::Kpi::new(3.0, 4.0, ());
    /// assert_eq!(k.value(), Some(0.75));
    /// ```
    pub fn new(numerator: f64, denominator: f64, policy: P) -> Self {
        Self {
            numerator,
            denominator,
            policy,
            excluded: 0,
            inconsistent: false,
        }
    }

    /// Sets the number of records left out of both totals because a
    /// quantity the KPI needs is unknown ([`excluded`](Self::excluded)).
    ///
    /// # Examples
    ///
    /// Two calls handled in 300 s and one whose handle time is unknown: AHT
    /// 150 s over the two, one left out.
    ///
    /// ```
    /// let k = servops_kpi::Kpi::new(300.0, 2.0, ()).with_excluded(1);
    /// assert_eq!((k.value(), k.excluded), (Some(150.0), 1));
    /// ```
    #[must_use]
    pub fn with_excluded(mut self, excluded: u64) -> Self {
        self.excluded = excluded;
        self
    }

    /// Marks the totals as coming from counts that failed
    /// [`Components::check`] (or from a saturated sum), so that the value is
    /// undefined.
    fn undefined_if(mut self, inconsistent: bool) -> Self {
        self.inconsistent = inconsistent;
        self
    }

    /// `numerator / denominator`, `None` if the denominator is zero (or
    /// either total is not finite, or the ratio overflows to infinity, or
    /// the totals come from [`Components`] that fail [`Components::check`],
    /// or from a millisecond sum of theirs saturated at `u64::MAX`).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(servops_kpi::Kpi::new(0.0, 0.0, ()).value(), None);
    /// ```
    pub fn value(&self) -> Option<f64> {
        (!self.inconsistent
            && self.denominator != 0.0
            && self.denominator.is_finite()
            && self.numerator.is_finite())
        .then(|| self.numerator / self.denominator)
        .filter(|v| v.is_finite())
    }

    /// The value × 100.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(servops_kpi::Kpi::new(1.0, 4.0, ()).percent(), Some(25.0));
    /// ```
    pub fn percent(&self) -> Option<f64> {
        self.value().map(|v| v * 100.0)
    }

    /// The value read as seconds, as a [`Duration`] (`None` if undefined or
    /// negative).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// assert_eq!(servops_kpi::Kpi::new(90.0, 3.0, ()).as_duration(), Some(Duration::from_secs(30)));
    /// ```
    pub fn as_duration(&self) -> Option<Duration> {
        self.value()
            .and_then(|v| Duration::try_from_secs_f64(v).ok())
    }
}

/// How abandoned contacts enter the service level: the six definitions in
/// use (ICMI's five plus the short-abandon exclusion of Genesys Cloud).
///
/// `H` answered, `H_T` answered within the threshold `T`, `A` abandoned,
/// `A_T` abandoned within `T`, `A_S` short abandons (wait `<= S`, the
/// short-abandon threshold of the [`ComponentSpec`](crate::ComponentSpec)).
///
/// # Formula
///
/// | variant | service level | used by |
/// |---|---|---|
/// | `Ignore` | `H_T / H` | ICMI #2; Cisco UCCX "only handled" |
/// | `CountAgainst` | `H_T / (H + A)` | ICMI #3; Cisco "SL aban negative"; Genesys Cloud with abandons included |
/// | `MetWithinThreshold` | `(H_T + A_T) / (H + A)` | ICMI #1; Cisco "SL aban positive"; Amazon Connect |
/// | `RemoveWithinThreshold` | `H_T / (H + A − A_T)` | ICMI #4; Cisco "SL aban ignored" |
/// | `ShortCountedAsMet` | `(H_T + A_S) / (H + A)` | ICMI #5 |
/// | `ShortRemoved` | `H_T / (H + A − A_S)` | Genesys Cloud with short abandons excluded |
///
/// # Examples
///
/// ```
/// use servops_kpi::{AbandonTreatment, Components, ServiceLevelPolicy};
///
/// // ICMI's example: 1,000 answered (860 within 20 s), 60 abandoned (20 within 20 s).
/// let mut c = Components::default();
/// (c.answered, c.answered_within, c.abandoned, c.abandoned_within) = (1000, 860, 60, 20);
/// let sl = |t| c.service_level(ServiceLevelPolicy::new(t)).percent().unwrap_or(f64::NAN);
/// assert!((sl(AbandonTreatment::MetWithinThreshold) - 83.02).abs() < 0.005);
/// assert!((sl(AbandonTreatment::Ignore) - 86.0).abs() < 0.005);
/// assert!((sl(AbandonTreatment::CountAgainst) - 81.13).abs() < 0.005);
/// assert!((sl(AbandonTreatment::RemoveWithinThreshold) - 82.69).abs() < 0.005);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum AbandonTreatment {
    /// Abandons are left out entirely: `H_T / H`.
    Ignore,
    /// Every abandon counts as a miss: `H_T / (H + A)`.
    CountAgainst,
    /// Abandons within the threshold count as met, later ones as missed:
    /// `(H_T + A_T) / (H + A)`.
    MetWithinThreshold,
    /// Abandons within the threshold are removed, later ones count as
    /// missed: `H_T / (H + A − A_T)`.
    RemoveWithinThreshold,
    /// Short abandons count as met, the others as missed:
    /// `(H_T + A_S) / (H + A)`.
    ShortCountedAsMet,
    /// Short abandons are removed, the others count as missed:
    /// `H_T / (H + A − A_S)`.
    ShortRemoved,
}

impl AbandonTreatment {
    /// Every treatment, in declaration order.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(servops_kpi::AbandonTreatment::ALL.len(), 6);
    /// ```
    pub const ALL: &'static [Self] = &[
        Self::Ignore,
        Self::CountAgainst,
        Self::MetWithinThreshold,
        Self::RemoveWithinThreshold,
        Self::ShortCountedAsMet,
        Self::ShortRemoved,
    ];
}

/// How contacts that left the queue without an agent and without
/// abandoning (flow-outs, callback requests) enter the service level.
///
/// # Examples
///
/// ```
/// use servops_kpi::{AbandonTreatment, Components, RemovalTreatment, ServiceLevelPolicy};
///
/// let mut c = Components::default();
/// (c.answered, c.answered_within, c.callbacks, c.callbacks_within) = (8, 8, 2, 2);
/// let base = ServiceLevelPolicy::new(AbandonTreatment::CountAgainst);
/// assert_eq!(c.service_level(base).value(), Some(1.0));
/// let amazon = base.with_callbacks(RemovalTreatment::MetWithinThreshold);
/// assert_eq!(c.service_level(amazon).value(), Some(1.0));
/// let against = base.with_callbacks(RemovalTreatment::CountAgainst);
/// assert_eq!(c.service_level(against).value(), Some(0.8));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum RemovalTreatment {
    /// Left out of numerator and denominator.
    #[default]
    Exclude,
    /// Counted in the denominator as missed (Genesys Cloud's "include
    /// flow-outs").
    CountAgainst,
    /// Within the threshold counted as met, later as missed (Amazon Connect
    /// counts callback requests "removed from the queue" within X seconds).
    MetWithinThreshold,
}

/// The definition of a service level: the abandon treatment and the
/// treatment of flow-outs and callback requests. The threshold itself is in
/// the [`ComponentSpec`](crate::ComponentSpec) the components were built
/// with (inclusive: wait `<= T` meets it).
///
/// # Examples
///
/// ```
/// use servops_kpi::{AbandonTreatment, RemovalTreatment, ServiceLevelPolicy};
///
/// let p = ServiceLevelPolicy::new(AbandonTreatment::CountAgainst)
///     .with_flow_outs(RemovalTreatment::CountAgainst);
/// assert_eq!(p.flow_outs(), RemovalTreatment::CountAgainst);
/// assert_eq!(p.callbacks(), RemovalTreatment::Exclude);
/// assert_eq!(ServiceLevelPolicy::amazon_connect().abandons(), AbandonTreatment::MetWithinThreshold);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ServiceLevelPolicy {
    abandons: AbandonTreatment,
    flow_outs: RemovalTreatment,
    callbacks: RemovalTreatment,
}

impl ServiceLevelPolicy {
    /// A policy with the given abandon treatment; flow-outs and callbacks
    /// excluded.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::{AbandonTreatment, ServiceLevelPolicy};
    /// assert_eq!(ServiceLevelPolicy::new(AbandonTreatment::Ignore).abandons(), AbandonTreatment::Ignore);
    /// ```
    pub fn new(abandons: AbandonTreatment) -> Self {
        Self {
            abandons,
            flow_outs: RemovalTreatment::Exclude,
            callbacks: RemovalTreatment::Exclude,
        }
    }

    /// Amazon Connect's "Service level X seconds": contacts removed from the
    /// queue within X (answered, abandoned or callback requested) over
    /// contacts queued, flow-outs counted as missed.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::{RemovalTreatment, ServiceLevelPolicy};
    /// assert_eq!(ServiceLevelPolicy::amazon_connect().callbacks(), RemovalTreatment::MetWithinThreshold);
    /// ```
    pub fn amazon_connect() -> Self {
        Self {
            abandons: AbandonTreatment::MetWithinThreshold,
            flow_outs: RemovalTreatment::CountAgainst,
            callbacks: RemovalTreatment::MetWithinThreshold,
        }
    }

    /// Sets the flow-out treatment.
    ///
    /// # Examples
    ///
    /// 90 answered within the threshold and 10 flow-outs (6 of them within it):
    /// excluded, 90 / 90 = 1; counted against, 90 / 100 = 0.9; met within the
    /// threshold, (90 + 6) / 100 = 0.96.
    ///
    /// ```
    /// use servops_kpi::{AbandonTreatment, Components, RemovalTreatment, ServiceLevelPolicy};
    ///
    /// let mut c = Components::default();
    /// (c.answered, c.answered_within, c.flowed_out, c.flowed_out_within) = (90, 90, 10, 6);
    /// let base = ServiceLevelPolicy::new(AbandonTreatment::CountAgainst);
    /// let sl = |p| c.service_level(p).value();
    /// assert_eq!(sl(base), Some(1.0));
    /// assert_eq!(sl(base.with_flow_outs(RemovalTreatment::CountAgainst)), Some(0.9));
    /// assert_eq!(sl(base.with_flow_outs(RemovalTreatment::MetWithinThreshold)), Some(0.96));
    /// ```
    #[must_use]
    pub fn with_flow_outs(mut self, t: RemovalTreatment) -> Self {
        self.flow_outs = t;
        self
    }

    /// Sets the callback treatment.
    ///
    /// # Examples
    ///
    /// 45 answered (36 within the threshold) and 5 callback requests (4 within
    /// it): excluded, 36 / 45 = 0.8; counted against, 36 / 50 = 0.72; met
    /// within the threshold, (36 + 4) / 50 = 0.8.
    ///
    /// ```
    /// use servops_kpi::{AbandonTreatment, Components, RemovalTreatment, ServiceLevelPolicy};
    ///
    /// let mut c = Components::default();
    /// (c.answered, c.answered_within, c.callbacks, c.callbacks_within) = (45, 36, 5, 4);
    /// let base = ServiceLevelPolicy::new(AbandonTreatment::CountAgainst);
    /// let sl = |p| c.service_level(p).value();
    /// assert_eq!(sl(base), Some(0.8));
    /// assert_eq!(sl(base.with_callbacks(RemovalTreatment::CountAgainst)), Some(0.72));
    /// assert_eq!(sl(base.with_callbacks(RemovalTreatment::MetWithinThreshold)), Some(0.8));
    /// ```
    #[must_use]
    pub fn with_callbacks(mut self, t: RemovalTreatment) -> Self {
        self.callbacks = t;
        self
    }

    /// The abandon treatment.
    ///
    /// # Examples
    ///
    /// As given to [`ServiceLevelPolicy::new`]; Amazon Connect counts abandons
    /// within the threshold as met.
    ///
    /// ```
    /// use servops_kpi::{AbandonTreatment, RemovalTreatment, ServiceLevelPolicy};
    ///
    /// let p = ServiceLevelPolicy::new(AbandonTreatment::ShortRemoved)
    ///     .with_flow_outs(RemovalTreatment::CountAgainst);
    /// assert_eq!(p.abandons(), AbandonTreatment::ShortRemoved);
    /// assert_eq!(ServiceLevelPolicy::amazon_connect().abandons(), AbandonTreatment::MetWithinThreshold);
    /// ```
    pub fn abandons(&self) -> AbandonTreatment {
        self.abandons
    }

    /// The flow-out treatment.
    ///
    /// # Examples
    ///
    /// Excluded unless set; Amazon Connect counts flow-outs as missed.
    ///
    /// ```
    /// use servops_kpi::{AbandonTreatment, RemovalTreatment, ServiceLevelPolicy};
    ///
    /// let p = ServiceLevelPolicy::new(AbandonTreatment::Ignore);
    /// assert_eq!(p.flow_outs(), RemovalTreatment::Exclude);
    /// assert_eq!(ServiceLevelPolicy::amazon_connect().flow_outs(), RemovalTreatment::CountAgainst);
    /// ```
    pub fn flow_outs(&self) -> RemovalTreatment {
        self.flow_outs
    }

    /// The callback treatment.
    ///
    /// # Examples
    ///
    /// Excluded unless set.
    ///
    /// ```
    /// use servops_kpi::{AbandonTreatment, RemovalTreatment, ServiceLevelPolicy};
    ///
    /// let p = ServiceLevelPolicy::new(AbandonTreatment::Ignore);
    /// assert_eq!(p.callbacks(), RemovalTreatment::Exclude);
    /// let p = p.with_callbacks(RemovalTreatment::MetWithinThreshold);
    /// assert_eq!(p.callbacks(), RemovalTreatment::MetWithinThreshold);
    /// ```
    pub fn callbacks(&self) -> RemovalTreatment {
        self.callbacks
    }
}

impl fmt::Display for ServiceLevelPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "abandons {:?}, flow-outs {:?}, callbacks {:?}",
            self.abandons, self.flow_outs, self.callbacks
        )
    }
}

/// Whether ring time at the agent's desk counts in the speed of answer.
///
/// # Examples
///
/// ```
/// use servops_kpi::{AsaPolicy, Components};
///
/// let mut c = Components::default();
/// (c.answered, c.answered_wait_ms, c.answered_ring_ms) = (2, 30_000, 10_000);
/// assert_eq!(c.asa(AsaPolicy::RingExcluded).value(), Some(15.0));
/// assert_eq!(c.asa(AsaPolicy::RingIncluded).value(), Some(20.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum AsaPolicy {
    /// Queue time only (Genesys Cloud "tAnswered"; Amazon Connect "average
    /// queue answer time").
    #[default]
    RingExcluded,
    /// Queue time plus ring time (Cisco UCCE).
    RingIncluded,
}

/// Whether short abandons count in the abandonment rate.
///
/// # Examples
///
/// ```
/// use servops_kpi::{AbandonmentPolicy, Components};
///
/// let mut c = Components::default();
/// (c.answered, c.abandoned, c.short_abandoned) = (90, 10, 4);
/// assert_eq!(c.abandonment_rate(AbandonmentPolicy::ShortIncluded).value(), Some(0.1));
/// assert_eq!(c.abandonment_rate(AbandonmentPolicy::ShortExcluded).value(), Some(6.0 / 96.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum AbandonmentPolicy {
    /// `A / offered` (Amazon Connect, Genesys Cloud).
    #[default]
    ShortIncluded,
    /// `(A − A_S) / (offered − A_S)`.
    ShortExcluded,
}

fn ms(x: u64) -> f64 {
    // exact below 2^53 ms (285,000 years)
    x as f64
}

fn cnt(x: u64) -> f64 {
    x as f64
}

/// A millisecond sum that reached `u64::MAX` has saturated (more than 584
/// million years in total): its true value is unknown, so a KPI over it has
/// none.
fn saturated(sums: &[u64]) -> bool {
    sums.contains(&u64::MAX)
}

impl Components {
    /// Service level under `policy`.
    ///
    /// # Formula
    ///
    /// Numerator `H_T` plus the met part of abandons, flow-outs and callbacks;
    /// denominator `H` plus their counted part (see [`AbandonTreatment`] and
    /// [`RemovalTreatment`]). `None` when the denominator is zero; counts
    /// that fail [`Components::check`] give no value.
    ///
    /// # Examples
    ///
    /// Amazon Connect's definition on 80 answered (72 within 20 s), 15
    /// abandoned (5 within), 3 callback requests (all within) and 2 flow-outs:
    /// `(72 + 5 + 3) / (80 + 15 + 3 + 2) = 80 / 100 = 0.8`. Counts that fail
    /// [`Components::check`] keep their totals but give no value.
    ///
    /// ```
    /// use servops_kpi::{Components, ServiceLevelPolicy};
    ///
    /// let mut c = Components::default();
    /// (c.answered, c.answered_within) = (80, 72);
    /// (c.abandoned, c.abandoned_within) = (15, 5);
    /// (c.callbacks, c.callbacks_within, c.flowed_out) = (3, 3, 2);
    /// let sl = c.service_level(ServiceLevelPolicy::amazon_connect());
    /// assert_eq!((sl.numerator, sl.denominator), (80.0, 100.0));
    /// assert_eq!(sl.value(), Some(0.8));
    /// c.answered_within = 81; // more within the threshold than answered
    /// assert_eq!(c.service_level(ServiceLevelPolicy::amazon_connect()).value(), None);
    /// ```
    pub fn service_level(&self, policy: ServiceLevelPolicy) -> Kpi<ServiceLevelPolicy> {
        // Summed in exact integers (i128 holds any sum and difference of a
        // few u64), converted once: in f64, `h + a - a_t` of huge counts
        // would lose the small terms.
        let i = i128::from;
        let (h, ht) = (i(self.answered), i(self.answered_within));
        let (a, at, as_) = (
            i(self.abandoned),
            i(self.abandoned_within),
            i(self.short_abandoned),
        );
        let (mut num, mut den) = match policy.abandons {
            AbandonTreatment::Ignore => (ht, h),
            AbandonTreatment::CountAgainst => (ht, h + a),
            AbandonTreatment::MetWithinThreshold => (ht + at, h + a),
            AbandonTreatment::RemoveWithinThreshold => (ht, h + a - at),
            AbandonTreatment::ShortCountedAsMet => (ht + as_, h + a),
            AbandonTreatment::ShortRemoved => (ht, h + a - as_),
        };
        for (t, n, nw) in [
            (
                policy.flow_outs,
                i(self.flowed_out),
                i(self.flowed_out_within),
            ),
            (
                policy.callbacks,
                i(self.callbacks),
                i(self.callbacks_within),
            ),
        ] {
            match t {
                RemovalTreatment::Exclude => {}
                RemovalTreatment::CountAgainst => den += n,
                RemovalTreatment::MetWithinThreshold => {
                    num += nw;
                    den += n;
                }
            }
        }
        let (num, den) = (num as f64, den as f64);
        Kpi::new(num, den, policy).undefined_if(self.check().is_err())
    }

    /// Average speed of answer in seconds, answered contacts only.
    ///
    /// # Formula
    ///
    /// `Σ wait (+ Σ ring) / H`; `None` when nothing was answered, or when a
    /// sum it needs has saturated at `u64::MAX` ms.
    ///
    /// # Examples
    ///
    /// 4 answered after waits summing to 62 s and 6 s of ring: ASA 62 / 4 =
    /// 15.5 s without ring, 68 / 4 = 17 s with it; nothing answered, no value.
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_kpi::{AsaPolicy, Components};
    ///
    /// let mut c = Components::default();
    /// assert_eq!(c.asa(AsaPolicy::RingExcluded).value(), None);
    /// (c.answered, c.answered_wait_ms, c.answered_ring_ms, c.longest_wait_ms) = (4, 62_000, 6_000, 30_000);
    /// assert_eq!(c.asa(AsaPolicy::RingExcluded).value(), Some(15.5));
    /// assert_eq!(c.asa(AsaPolicy::RingIncluded).as_duration(), Some(Duration::from_secs(17)));
    /// ```
    pub fn asa(&self, policy: AsaPolicy) -> Kpi<AsaPolicy> {
        let sum = match policy {
            AsaPolicy::RingExcluded => ms(self.answered_wait_ms),
            AsaPolicy::RingIncluded => ms(self.answered_wait_ms) + ms(self.answered_ring_ms),
        };
        let sums: &[u64] = match policy {
            AsaPolicy::RingExcluded => &[self.answered_wait_ms],
            AsaPolicy::RingIncluded => &[self.answered_wait_ms, self.answered_ring_ms],
        };
        Kpi::new(sum / 1000.0, cnt(self.answered), policy).undefined_if(saturated(sums))
    }

    /// Average time to abandon in seconds (Amazon Connect "average queue
    /// abandon time"): `Σ wait of abandons / A`; `None` when nothing was
    /// abandoned, or when the sum has saturated at `u64::MAX` ms.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut c = servops_kpi::Components::default();
    /// (c.abandoned, c.abandoned_wait_ms) = (4, 100_000);
    /// assert_eq!(c.average_abandon_time().value(), Some(25.0));
    /// ```
    pub fn average_abandon_time(&self) -> Kpi<()> {
        Kpi::new(ms(self.abandoned_wait_ms) / 1000.0, cnt(self.abandoned), ())
            .undefined_if(saturated(&[self.abandoned_wait_ms]))
    }

    /// The longest wait of a contact that left the queue, `None` if none did.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// let mut c = servops_kpi::Components::default();
    /// assert_eq!(c.longest_wait(), None);
    /// (c.abandoned, c.longest_wait_ms) = (1, 95_000);
    /// assert_eq!(c.longest_wait(), Some(Duration::from_secs(95)));
    /// ```
    pub fn longest_wait(&self) -> Option<Duration> {
        (self.offered() > 0).then(|| Duration::from_millis(self.longest_wait_ms))
    }

    /// Average handle time in seconds, over the answered contacts whose
    /// handle time is known.
    ///
    /// # Formula
    ///
    /// `AHT = (Σ talk + Σ hold + Σ ACW) / (H − U)` (Genesys Cloud, Amazon
    /// Connect), `U` the answered contacts whose handle time is unknown
    /// ([`handle_unknown`](Components::handle_unknown)): they are in
    /// neither total, never counted as 0 s, and their number is the
    /// result's [`excluded`](Kpi::excluded). `None` when no answered
    /// contact has a known handle time, when a sum has saturated at
    /// `u64::MAX` ms, or when `U > H`.
    ///
    /// # Examples
    ///
    /// Two calls with 400 s of talk, 50 s of hold and 150 s of ACW between
    /// them: 300 s. A third answered call without an end or a talk time
    /// leaves the AHT at 300 s (not 200 s) and is reported as excluded.
    ///
    /// ```
    /// let mut c = servops_kpi::Components::default();
    /// (c.answered, c.talk_ms, c.hold_ms, c.acw_ms) = (2, 400_000, 50_000, 150_000);
    /// assert_eq!(c.aht().value(), Some(300.0));
    /// (c.answered, c.handle_unknown) = (3, 1);
    /// let aht = c.aht();
    /// assert_eq!((aht.value(), aht.denominator, aht.excluded), (Some(300.0), 2.0, 1));
    /// ```
    pub fn aht(&self) -> Kpi<()> {
        let sum = ms(self.talk_ms) + ms(self.hold_ms) + ms(self.acw_ms);
        Kpi::new(sum / 1000.0, cnt(self.handle_known()), ())
            .with_excluded(self.handle_unknown)
            .undefined_if(
                self.handle_unknown > self.answered
                    || saturated(&[self.talk_ms, self.hold_ms, self.acw_ms]),
            )
    }

    /// Occupancy from these contacts' handle time and the agents' available
    /// idle time over the same period: `Σ handle / (Σ handle + idle)`, with
    /// `Σ handle = Σ talk + Σ hold + Σ ACW` of the answered contacts (see
    /// [`occupancy`](crate::occupancy)).
    ///
    /// Unlike AHT, a mean that can leave out the contacts whose handle time
    /// is unknown, occupancy needs the total: summing only the known ones
    /// would understate it by an unknown amount. So an unknown handle time
    /// is an error, not a smaller numerator.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownHandleTime`] when
    /// [`handle_unknown`](Components::handle_unknown) is not 0 (decide
    /// how to treat those contacts, for example by giving them an end, and
    /// pass the total to [`occupancy`](crate::occupancy)).
    ///
    /// The value is `None` when there is neither handle nor idle time, or
    /// when a millisecond sum has saturated at `u64::MAX`.
    ///
    /// # Examples
    ///
    /// 2 h 15 min of talk, 15 min of hold and 30 min of ACW against 1 h
    /// available idle: 3 h / 4 h = 0.75. One answered call without an end
    /// or a talk time makes the total unknown.
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_kpi::{Components, Error};
    ///
    /// let mut c = Components::default();
    /// (c.answered, c.talk_ms, c.hold_ms, c.acw_ms) = (40, 8_100_000, 900_000, 1_800_000);
    /// let idle = Duration::from_secs(3600);
    /// assert_eq!(c.occupancy(idle)?.value(), Some(0.75));
    ///
    /// (c.answered, c.handle_unknown) = (41, 1);
    /// assert!(matches!(
    ///     c.occupancy(idle),
    ///     Err(Error::UnknownHandleTime { unknown: 1, answered: 41, .. })
    /// ));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn occupancy(&self, available: Duration) -> Result<Kpi<()>, Error> {
        if self.handle_unknown > 0 {
            return Err(Error::UnknownHandleTime {
                kpi: "occupancy",
                unknown: self.handle_unknown,
                answered: self.answered,
            });
        }
        let handle = (ms(self.talk_ms) + ms(self.hold_ms) + ms(self.acw_ms)) / 1000.0;
        Ok(
            Kpi::new(handle, handle + available.as_secs_f64(), ()).undefined_if(saturated(&[
                self.talk_ms,
                self.hold_ms,
                self.acw_ms,
            ])),
        )
    }

    /// Abandonment rate: abandons over contacts that left the queue
    /// (answered, abandoned, flowed out, callback). Counts that fail
    /// [`Components::check`] give no value.
    ///
    /// # Examples
    ///
    /// Of 200 contacts that left the queue (170 answered, 20 abandoned, 6
    /// flowed out, 4 callbacks), 20 abandoned: 20 / 200 = 0.1. Leaving out the
    /// 8 short abandons: (20 − 8) / (200 − 8) = 12 / 192 = 0.0625.
    ///
    /// ```
    /// use servops_kpi::{AbandonmentPolicy, Components};
    ///
    /// let mut c = Components::default();
    /// (c.answered, c.abandoned, c.flowed_out, c.callbacks, c.short_abandoned) = (170, 20, 6, 4, 8);
    /// assert_eq!(c.abandonment_rate(AbandonmentPolicy::ShortIncluded).value(), Some(0.1));
    /// assert_eq!(c.abandonment_rate(AbandonmentPolicy::ShortExcluded).value(), Some(0.0625));
    /// ```
    pub fn abandonment_rate(&self, policy: AbandonmentPolicy) -> Kpi<AbandonmentPolicy> {
        // In exact integers, converted once (see `service_level`); the
        // offered sum is not saturated at u64::MAX here.
        let i = i128::from;
        let (a, s) = (i(self.abandoned), i(self.short_abandoned));
        let off = i(self.answered) + a + i(self.flowed_out) + i(self.callbacks);
        let (num, den) = match policy {
            AbandonmentPolicy::ShortIncluded => (a, off),
            AbandonmentPolicy::ShortExcluded => (a - s, off - s),
        };
        Kpi::new(num as f64, den as f64, policy).undefined_if(self.check().is_err())
    }

    /// Transfer rate: answered contacts transferred onwards over answered
    /// contacts (first-agent contacts, so a transferred call is not counted
    /// twice). Counts that fail [`Components::check`] give no value.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut c = servops_kpi::Components::default();
    /// (c.answered, c.transferred) = (50, 5);
    /// assert_eq!(c.transfer_rate().value(), Some(0.1));
    /// ```
    pub fn transfer_rate(&self) -> Kpi<()> {
        Kpi::new(cnt(self.transferred), cnt(self.answered), ()).undefined_if(self.check().is_err())
    }

    /// First-contact resolution by flag (agent disposition or survey):
    /// resolved over answered contacts whose flag is known. Counts that fail
    /// [`Components::check`] give no value.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut c = servops_kpi::Components::default();
    /// (c.answered, c.resolution_known, c.resolved) = (500, 400, 280);
    /// assert_eq!(c.fcr_by_flag().value(), Some(0.7));
    /// ```
    pub fn fcr_by_flag(&self) -> Kpi<()> {
        Kpi::new(cnt(self.resolved), cnt(self.resolution_known), ())
            .undefined_if(self.check().is_err())
    }
}
