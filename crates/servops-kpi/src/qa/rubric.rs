//! Weighted scoring rubrics with not-applicable items and critical items.

use super::invalid;
use crate::{Error, Result};

/// What failing an item does beyond losing its points.
///
/// # Examples
///
/// ```
/// use servops_kpi::qa::{Criticality, RubricItem};
///
/// let item = RubricItem::new("verified identity", 1.0)?.with_criticality(Criticality::FailsForm);
/// assert_eq!(item.criticality(), Criticality::FailsForm);
/// # Ok::<(), servops_kpi::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Criticality {
    /// An ordinary item: failing it loses its weighted points only.
    #[default]
    NonCritical,
    /// Failing it sets its section's score to 0.
    FailsSection,
    /// Failing it sets the whole form's score to 0 (a "fatal" or
    /// "auto-fail" item: compliance, security, rudeness).
    FailsForm,
}

/// One scored item of a rubric: a name, a weight and its criticality.
///
/// # Examples
///
/// ```
/// use servops_kpi::qa::RubricItem;
///
/// let item = RubricItem::new("used the customer's name", 2.0)?;
/// assert_eq!(item.weight(), 2.0);
/// assert!(RubricItem::new("x", f64::NAN).is_err());
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// Deserialising (feature `serde`) goes through [`RubricItem::new`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RubricItemRepr")
)]
pub struct RubricItem {
    name: String,
    weight: f64,
    criticality: Criticality,
}

impl RubricItem {
    /// A non-critical item with a weight `>= 0` (a zero-weight item is
    /// informational, or a critical check that carries no points).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when `weight` is not finite and `>= 0`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::RubricItem;
    /// assert!(RubricItem::new("greeting", -1.0).is_err());
    /// assert_eq!(RubricItem::new("greeting", 0.0)?.name(), "greeting");
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn new(name: impl Into<String>, weight: f64) -> Result<Self> {
        if !(weight.is_finite() && weight >= 0.0) {
            return Err(invalid("item weight", weight, "finite and >= 0"));
        }
        Ok(Self {
            name: name.into(),
            weight,
            criticality: Criticality::NonCritical,
        })
    }

    /// The same item with another criticality.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::{Criticality, RubricItem};
    /// let i = RubricItem::new("disclosure read", 0.0)?.with_criticality(Criticality::FailsSection);
    /// assert_eq!(i.criticality(), Criticality::FailsSection);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    #[must_use]
    pub fn with_criticality(mut self, criticality: Criticality) -> Self {
        self.criticality = criticality;
        self
    }

    /// The item's name.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::RubricItem;
    /// assert_eq!(RubricItem::new("empathy", 1.0)?.name(), "empathy");
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The item's weight.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::RubricItem;
    /// assert_eq!(RubricItem::new("empathy", 3.0)?.weight(), 3.0);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn weight(&self) -> f64 {
        self.weight
    }

    /// The item's criticality.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::{Criticality, RubricItem};
    /// assert_eq!(RubricItem::new("empathy", 3.0)?.criticality(), Criticality::NonCritical);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn criticality(&self) -> Criticality {
        self.criticality
    }
}

/// A section of a rubric: a name, a weight in the form and its items.
///
/// # Errors
///
/// See [`RubricSection::new`].
///
/// # Examples
///
/// ```
/// use servops_kpi::qa::{RubricItem, RubricSection};
///
/// let s = RubricSection::new("opening", 1.0, vec![RubricItem::new("greeting", 1.0)?])?;
/// assert_eq!(s.items().len(), 1);
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// Deserialising (feature `serde`) goes through [`RubricSection::new`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RubricSectionRepr")
)]
pub struct RubricSection {
    name: String,
    weight: f64,
    items: Vec<RubricItem>,
}

impl RubricSection {
    /// A section with weight `>= 0` and items whose weights sum to more than 0.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when `weight` is not finite and `>= 0` or
    /// there are no items; [`Error::ZeroTotalWeight`] when the item weights
    /// sum to zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::{Error, qa::{RubricItem, RubricSection}};
    ///
    /// let err = RubricSection::new("opening", 1.0, vec![RubricItem::new("greeting", 0.0)?]);
    /// assert!(matches!(err, Err(Error::ZeroTotalWeight { .. })));
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn new(name: impl Into<String>, weight: f64, items: Vec<RubricItem>) -> Result<Self> {
        let name = name.into();
        if !(weight.is_finite() && weight >= 0.0) {
            return Err(invalid("section weight", weight, "finite and >= 0"));
        }
        if items.is_empty() {
            return Err(invalid("number of items", 0, ">= 1"));
        }
        let total: f64 = items.iter().map(|i| i.weight).sum();
        if !total.is_finite() {
            return Err(invalid("sum of item weights", total, "finite"));
        }
        if total <= 0.0 {
            return Err(Error::ZeroTotalWeight {
                what: format!("the items of section \"{name}\""),
            });
        }
        Ok(Self {
            name,
            weight,
            items,
        })
    }

    /// The section's name.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::{RubricItem, RubricSection};
    /// let s = RubricSection::new("close", 1.0, vec![RubricItem::new("summary", 1.0)?])?;
    /// assert_eq!(s.name(), "close");
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The section's weight in the form.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::{RubricItem, RubricSection};
    /// let s = RubricSection::new("close", 2.5, vec![RubricItem::new("summary", 1.0)?])?;
    /// assert_eq!(s.weight(), 2.5);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn weight(&self) -> f64 {
        self.weight
    }

    /// The section's items.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::{RubricItem, RubricSection};
    /// let s = RubricSection::new("close", 1.0, vec![RubricItem::new("summary", 1.0)?])?;
    /// assert_eq!(s.items()[0].name(), "summary");
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn items(&self) -> &[RubricItem] {
        &self.items
    }
}

/// The evaluator's answer for one item.
///
/// # Examples
///
/// ```
/// use servops_kpi::qa::Response;
/// assert_eq!(Response::Met.credit()?, Some(1.0));
/// assert_eq!(Response::NotApplicable.credit()?, None);
/// assert!(Response::Partial(f64::NAN).credit().is_err());
/// # Ok::<(), servops_kpi::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Response {
    /// Fully met: full credit.
    Met,
    /// Not met: no credit; fails a critical item.
    NotMet,
    /// Partial credit in [0, 1]; anything below 1 fails a critical item.
    Partial(f64),
    /// Not applicable: the item is removed and the weights renormalised.
    NotApplicable,
}

impl Response {
    /// The credit in [0, 1], or `None` when not applicable.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when a partial credit is not in [0, 1]
    /// (NaN included).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::Response;
    /// assert_eq!(Response::Partial(0.5).credit()?, Some(0.5));
    /// assert!(Response::Partial(1.5).credit().is_err());
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn credit(self) -> Result<Option<f64>> {
        match self {
            Response::Met => Ok(Some(1.0)),
            Response::NotMet => Ok(Some(0.0)),
            Response::Partial(x) if (0.0..=1.0).contains(&x) => Ok(Some(x)),
            Response::Partial(x) => Err(invalid("partial credit", x, "in [0, 1]")),
            Response::NotApplicable => Ok(None),
        }
    }
}

/// A critical item that failed.
///
/// # Examples
///
/// ```
/// use servops_kpi::qa::{Criticality, Response, Rubric, RubricItem, RubricSection};
///
/// let r = Rubric::new(vec![RubricSection::new("compliance", 1.0, vec![
///     RubricItem::new("recording notice", 1.0)?.with_criticality(Criticality::FailsSection),
/// ])?])?;
/// let e = r.score(&[vec![Response::NotMet]])?;
/// let f = e.critical_failures[0];
/// assert_eq!((f.section, f.item, f.criticality), (0, 0, Criticality::FailsSection));
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// Deserialising (feature `serde`) refuses a non-critical item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "CriticalFailureRepr")
)]
#[non_exhaustive]
pub struct CriticalFailure {
    /// Index of the section.
    pub section: usize,
    /// Index of the item within its section.
    pub item: usize,
    /// What the failure does.
    pub criticality: Criticality,
}

/// The scores of one section. Scores are fractions in [0, 1]; `None` when
/// every item with weight is not applicable.
///
/// # Examples
///
/// ```
/// use servops_kpi::qa::{Criticality, Response, Rubric, RubricItem, RubricSection};
///
/// let r = Rubric::new(vec![RubricSection::new("hold", 1.0, vec![
///     RubricItem::new("asked before hold", 1.0)?.with_criticality(Criticality::FailsSection),
///     RubricItem::new("thanked for holding", 3.0)?,
/// ])?])?;
/// let s = &r.score(&[vec![Response::NotMet, Response::Met]])?.sections[0];
/// assert!(s.failed);
/// assert_eq!((s.score, s.raw_score, s.non_critical_score), (Some(0.0), Some(0.75), Some(1.0)));
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// Deserialising (feature `serde`) checks what a section score can be:
/// scores in [0, 1]; a failed section scores 0 (with no raw score when its
/// failed critical item carries no weight and nothing weighted was
/// applicable); a section that did not fail scores its raw score; no
/// non-critical score without a raw score.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "SectionScoreRepr")
)]
#[non_exhaustive]
pub struct SectionScore {
    /// The score after critical failures (0 when the section failed).
    pub score: Option<f64>,
    /// The weighted score of all applicable items, critical failures ignored.
    pub raw_score: Option<f64>,
    /// The weighted score of the applicable non-critical items only.
    pub non_critical_score: Option<f64>,
    /// Whether a section-critical (or form-critical) item failed here.
    pub failed: bool,
}

/// The result of scoring one evaluation. Scores are fractions in [0, 1];
/// `None` when nothing applicable carries weight.
///
/// # Examples
///
/// ```
/// use servops_kpi::qa::{Response, Rubric, RubricItem, RubricSection};
///
/// let r = Rubric::new(vec![RubricSection::new("close", 1.0, vec![
///     RubricItem::new("summary", 1.0)?,
///     RubricItem::new("next steps", 1.0)?,
/// ])?])?;
/// let e = r.score(&[vec![Response::Met, Response::Partial(0.5)]])?;
/// assert_eq!(e.score, Some(0.75));
/// assert!(!e.form_failed && e.critical_failures.is_empty());
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// Deserialising (feature `serde`) checks what [`Rubric::score`] can
/// return: at least one section, each as [`SectionScore`] checks; scores in
/// [0, 1]; critical failures in (section, item) order, each in a section
/// that failed, and a section failed only with one; the form failed (and
/// scores 0) exactly when a failure is [`Criticality::FailsForm`]; an overall
/// score or raw score only when some section has one.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "EvaluationRepr")
)]
#[non_exhaustive]
pub struct Evaluation {
    /// The form score after critical failures: 0 when a form-critical item
    /// failed, otherwise the section-weighted mean of the section scores.
    pub score: Option<f64>,
    /// The form score with all critical failures ignored.
    pub raw_score: Option<f64>,
    /// The form score of the non-critical items only, reported beside
    /// `score` so a critical failure does not hide how the rest went.
    pub non_critical_score: Option<f64>,
    /// Whether a form-critical item failed.
    pub form_failed: bool,
    /// Per-section scores, in rubric order.
    pub sections: Vec<SectionScore>,
    /// The critical items that failed, in rubric order.
    pub critical_failures: Vec<CriticalFailure>,
}

/// A weighted QA scoring form: sections of weighted items, some critical.
///
/// # Formula
///
/// Within a section, the not-applicable items are removed and the weights
/// of the rest renormalised: `S = Σ w_i c_i / Σ w_i` over applicable items
/// (credit `c_i` in [0, 1]). The form score is the section-weighted mean
/// `F = Σ W_s S_s / Σ W_s` over the sections that have a score (a section
/// that is entirely not applicable drops out and the section weights are
/// renormalised too). A failed section-critical item sets its `S` to 0; a
/// failed form-critical item sets `F` to 0. The non-critical score is the
/// same computation restricted to non-critical items.
///
/// # Errors
///
/// [`Error::ZeroTotalWeight`] at construction when the section weights sum
/// to zero (and [`RubricSection::new`] when a section's item weights do);
/// [`Error::InvalidParameter`] with no sections.
///
/// # Examples
///
/// ```
/// use servops_kpi::qa::{Criticality, Response, Rubric, RubricItem, RubricSection};
///
/// let rubric = Rubric::new(vec![
///     RubricSection::new("opening", 1.0, vec![
///         RubricItem::new("greeting", 1.0)?,
///         RubricItem::new("verified identity", 1.0)?.with_criticality(Criticality::FailsForm),
///     ])?,
///     RubricSection::new("resolution", 3.0, vec![
///         RubricItem::new("diagnosed", 2.0)?,
///         RubricItem::new("offered callback", 1.0)?,
///     ])?,
/// ])?;
///
/// // Callback not applicable: "diagnosed" carries the whole section.
/// let e = rubric.score(&[
///     vec![Response::Met, Response::Met],
///     vec![Response::Partial(0.5), Response::NotApplicable],
/// ])?;
/// assert_eq!(e.sections[1].score, Some(0.5));
/// assert_eq!(e.score, Some((1.0 * 1.0 + 3.0 * 0.5) / 4.0));
///
/// // Identity not verified: the form fails, the rest is reported beside it.
/// let e = rubric.score(&[
///     vec![Response::Met, Response::NotMet],
///     vec![Response::Met, Response::Met],
/// ])?;
/// assert!(e.form_failed);
/// assert_eq!(e.score, Some(0.0));
/// assert_eq!(e.non_critical_score, Some(1.0));
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// Deserialising (feature `serde`) goes through [`Rubric::new`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RubricRepr")
)]
pub struct Rubric {
    sections: Vec<RubricSection>,
}

impl Rubric {
    /// A rubric from its sections.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] with no sections;
    /// [`Error::ZeroTotalWeight`] when the section weights sum to zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::{Error, qa::{Rubric, RubricItem, RubricSection}};
    ///
    /// let s = RubricSection::new("opening", 0.0, vec![RubricItem::new("greeting", 1.0)?])?;
    /// assert!(matches!(Rubric::new(vec![s]), Err(Error::ZeroTotalWeight { .. })));
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn new(sections: Vec<RubricSection>) -> Result<Self> {
        if sections.is_empty() {
            return Err(invalid("number of sections", 0, ">= 1"));
        }
        let total: f64 = sections.iter().map(|s| s.weight).sum();
        if !total.is_finite() {
            return Err(invalid("sum of section weights", total, "finite"));
        }
        if total <= 0.0 {
            return Err(Error::ZeroTotalWeight {
                what: "the sections of the rubric".to_owned(),
            });
        }
        Ok(Self { sections })
    }

    /// The sections.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::{Rubric, RubricItem, RubricSection};
    /// let r = Rubric::new(vec![RubricSection::new("a", 1.0, vec![RubricItem::new("x", 1.0)?])?])?;
    /// assert_eq!(r.sections().len(), 1);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn sections(&self) -> &[RubricSection] {
        &self.sections
    }

    /// Scores one evaluation: `responses[s][i]` answers item `i` of section `s`.
    ///
    /// # Errors
    ///
    /// [`Error::DimensionMismatch`] when the shape of `responses` differs
    /// from the rubric's; [`Error::InvalidParameter`] for a partial credit
    /// outside [0, 1] (NaN included).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::{Response, Rubric, RubricItem, RubricSection};
    ///
    /// let r = Rubric::new(vec![RubricSection::new("a", 1.0, vec![
    ///     RubricItem::new("x", 1.0)?, RubricItem::new("y", 3.0)?,
    /// ])?])?;
    /// let e = r.score(&[vec![Response::NotMet, Response::Met]])?;
    /// assert_eq!(e.score, Some(0.75));
    /// // Everything not applicable: undefined, not 0 % and not 100 %.
    /// let e = r.score(&[vec![Response::NotApplicable, Response::NotApplicable]])?;
    /// assert_eq!(e.score, None);
    /// assert!(r.score(&[vec![Response::Met]]).is_err());
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn score<R: AsRef<[Response]>>(&self, responses: &[R]) -> Result<Evaluation> {
        if responses.len() != self.sections.len() {
            return Err(Error::DimensionMismatch {
                what: "response lists (one per section)".to_owned(),
                expected: self.sections.len(),
                found: responses.len(),
            });
        }
        let mut sections = Vec::with_capacity(self.sections.len());
        let mut critical_failures = Vec::new();
        let mut form_failed = false;
        for (si, (section, answers)) in self.sections.iter().zip(responses).enumerate() {
            let answers = answers.as_ref();
            if answers.len() != section.items.len() {
                return Err(Error::DimensionMismatch {
                    what: format!("responses for section \"{}\"", section.name),
                    expected: section.items.len(),
                    found: answers.len(),
                });
            }
            let mut all = (0.0, 0.0);
            let mut non_critical = (0.0, 0.0);
            let mut failed = false;
            for (ii, (item, answer)) in section.items.iter().zip(answers).enumerate() {
                let Some(credit) = answer.credit()? else {
                    continue;
                };
                all.0 += item.weight * credit;
                all.1 += item.weight;
                if item.criticality == Criticality::NonCritical {
                    non_critical.0 += item.weight * credit;
                    non_critical.1 += item.weight;
                } else if credit < 1.0 {
                    failed = true;
                    if item.criticality == Criticality::FailsForm {
                        form_failed = true;
                    }
                    critical_failures.push(CriticalFailure {
                        section: si,
                        item: ii,
                        criticality: item.criticality,
                    });
                }
            }
            let ratio = |(num, den): (f64, f64)| if den > 0.0 { Some(num / den) } else { None };
            let raw_score = ratio(all);
            sections.push(SectionScore {
                score: if failed { Some(0.0) } else { raw_score },
                raw_score,
                non_critical_score: ratio(non_critical),
                failed,
            });
        }
        let combine = |pick: fn(&SectionScore) -> Option<f64>| {
            let (num, den) = self
                .sections
                .iter()
                .zip(&sections)
                .filter_map(|(s, r)| pick(r).map(|v| (s.weight * v, s.weight)))
                .fold((0.0, 0.0), |acc, x| (acc.0 + x.0, acc.1 + x.1));
            if den > 0.0 { Some(num / den) } else { None }
        };
        let section_score = combine(|r| r.score);
        Ok(Evaluation {
            score: if form_failed {
                Some(0.0)
            } else {
                section_score
            },
            raw_score: combine(|r| r.raw_score),
            non_critical_score: combine(|r| r.non_critical_score),
            form_failed,
            sections,
            critical_failures,
        })
    }
}

/// The serialised form of a [`RubricItem`], through [`RubricItem::new`].
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RubricItemRepr {
    name: String,
    weight: f64,
    criticality: Criticality,
}

#[cfg(feature = "serde")]
impl TryFrom<RubricItemRepr> for RubricItem {
    type Error = Error;

    fn try_from(r: RubricItemRepr) -> Result<Self> {
        Ok(Self::new(r.name, r.weight)?.with_criticality(r.criticality))
    }
}

/// The serialised form of a [`RubricSection`], through
/// [`RubricSection::new`].
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RubricSectionRepr {
    name: String,
    weight: f64,
    items: Vec<RubricItem>,
}

#[cfg(feature = "serde")]
impl TryFrom<RubricSectionRepr> for RubricSection {
    type Error = Error;

    fn try_from(r: RubricSectionRepr) -> Result<Self> {
        Self::new(r.name, r.weight, r.items)
    }
}

/// The serialised form of a [`Rubric`], through [`Rubric::new`].
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RubricRepr {
    sections: Vec<RubricSection>,
}

#[cfg(feature = "serde")]
impl TryFrom<RubricRepr> for Rubric {
    type Error = Error;

    fn try_from(r: RubricRepr) -> Result<Self> {
        Self::new(r.sections)
    }
}

/// The serialised form of a [`CriticalFailure`], checked on the way in.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CriticalFailureRepr {
    section: usize,
    item: usize,
    criticality: Criticality,
}

#[cfg(feature = "serde")]
impl TryFrom<CriticalFailureRepr> for CriticalFailure {
    type Error = Error;

    fn try_from(r: CriticalFailureRepr) -> Result<Self> {
        if r.criticality == Criticality::NonCritical {
            return Err(invalid(
                "criticality of a critical failure",
                "NonCritical",
                "FailsSection or FailsForm",
            ));
        }
        Ok(Self {
            section: r.section,
            item: r.item,
            criticality: r.criticality,
        })
    }
}

/// A score of an evaluation: `None` or in [0, 1].
#[cfg(feature = "serde")]
fn check_score(name: &'static str, x: Option<f64>) -> Result<()> {
    match x {
        Some(v) if !(0.0..=1.0).contains(&v) => Err(invalid(name, v, "in [0, 1]")),
        _ => Ok(()),
    }
}

/// The serialised form of a [`SectionScore`], checked on the way in.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionScoreRepr {
    score: Option<f64>,
    raw_score: Option<f64>,
    non_critical_score: Option<f64>,
    failed: bool,
}

#[cfg(feature = "serde")]
impl TryFrom<SectionScoreRepr> for SectionScore {
    type Error = Error;

    fn try_from(r: SectionScoreRepr) -> Result<Self> {
        check_score("section score", r.score)?;
        check_score("section raw score", r.raw_score)?;
        check_score("section non-critical score", r.non_critical_score)?;
        // A failed section may have no raw score: its failed critical item
        // can carry no weight while every weighted item is not applicable.
        if r.failed && r.score != Some(0.0) {
            return Err(invalid(
                "section score",
                format!("{:?} (raw {:?}) for a failed section", r.score, r.raw_score),
                "Some(0) when the section failed",
            ));
        }
        if !r.failed && r.score != r.raw_score {
            return Err(invalid(
                "section score",
                format!("{:?} with raw score {:?}", r.score, r.raw_score),
                "the raw score when the section did not fail",
            ));
        }
        if r.raw_score.is_none() && r.non_critical_score.is_some() {
            return Err(invalid(
                "section non-critical score",
                format!("{:?} without a raw score", r.non_critical_score),
                "None when no item was applicable",
            ));
        }
        Ok(Self {
            score: r.score,
            raw_score: r.raw_score,
            non_critical_score: r.non_critical_score,
            failed: r.failed,
        })
    }
}

/// The serialised form of an [`Evaluation`], checked on the way in.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct EvaluationRepr {
    score: Option<f64>,
    raw_score: Option<f64>,
    non_critical_score: Option<f64>,
    form_failed: bool,
    sections: Vec<SectionScore>,
    critical_failures: Vec<CriticalFailure>,
}

#[cfg(feature = "serde")]
impl TryFrom<EvaluationRepr> for Evaluation {
    type Error = Error;

    fn try_from(r: EvaluationRepr) -> Result<Self> {
        if r.sections.is_empty() {
            return Err(invalid("number of sections", 0, ">= 1"));
        }
        check_score("score", r.score)?;
        check_score("raw score", r.raw_score)?;
        check_score("non-critical score", r.non_critical_score)?;
        let mut previous: Option<(usize, usize)> = None;
        let mut failures_in = vec![0usize; r.sections.len()];
        for f in &r.critical_failures {
            if previous.is_some_and(|p| p >= (f.section, f.item)) {
                return Err(invalid(
                    "critical failure",
                    format!("section {} item {}", f.section, f.item),
                    "after the previous one in (section, item) order",
                ));
            }
            previous = Some((f.section, f.item));
            match failures_in.get_mut(f.section) {
                Some(c) => *c += 1,
                None => {
                    return Err(invalid(
                        "critical failure section",
                        f.section,
                        "the index of a section of the evaluation",
                    ));
                }
            }
        }
        for (i, (s, &n)) in r.sections.iter().zip(&failures_in).enumerate() {
            if s.failed != (n > 0) {
                return Err(invalid(
                    "section failed",
                    format!("{} for section {i} with {n} critical failures", s.failed),
                    "true exactly when the section has a critical failure",
                ));
            }
        }
        let fails_form = r
            .critical_failures
            .iter()
            .any(|f| f.criticality == Criticality::FailsForm);
        if r.form_failed != fails_form {
            return Err(invalid(
                "form failed",
                r.form_failed,
                "true exactly when a critical failure fails the form",
            ));
        }
        if r.form_failed && r.score != Some(0.0) {
            return Err(invalid(
                "score",
                format!("{:?} for a failed form", r.score),
                "Some(0) when the form failed",
            ));
        }
        // Every section with a raw score has a score, so a raw score implies
        // a score; a score without a raw score needs a failed section without
        // one (a failed critical item of no weight, nothing else applicable).
        let failed_unweighted = r.sections.iter().any(|s| s.failed && s.raw_score.is_none());
        if !r.form_failed
            && ((r.raw_score.is_some() && r.score.is_none())
                || (r.score.is_some() && r.raw_score.is_none() && !failed_unweighted))
        {
            return Err(invalid(
                "score",
                format!("{:?} with raw score {:?}", r.score, r.raw_score),
                "present when the raw score is, and without one only beside a failed section \
                 without one, unless the form failed",
            ));
        }
        let any =
            |pick: fn(&SectionScore) -> Option<f64>| r.sections.iter().any(|s| pick(s).is_some());
        for (name, overall, some_section) in [
            ("score", r.score, r.form_failed || any(|s| s.score)),
            ("raw score", r.raw_score, any(|s| s.raw_score)),
            (
                "non-critical score",
                r.non_critical_score,
                any(|s| s.non_critical_score),
            ),
        ] {
            if overall.is_some() && !some_section {
                return Err(invalid(
                    name,
                    format!("{overall:?} with no section scored"),
                    "None when no section has a score",
                ));
            }
        }
        Ok(Self {
            score: r.score,
            raw_score: r.raw_score,
            non_critical_score: r.non_critical_score,
            form_failed: r.form_failed,
            sections: r.sections,
            critical_failures: r.critical_failures,
        })
    }
}
