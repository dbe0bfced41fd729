//! Survey KPIs: CSAT (top-k box with response rate), NPS and CES.

use crate::error::{Error, Result};
use crate::service::Kpi;

/// A survey scale: the lowest and highest score, whole steps.
///
/// # Examples
///
/// ```
/// use servops_kpi::SurveyScale;
/// let five = SurveyScale::new(1, 5)?;
/// assert_eq!((five.min(), five.max()), (1, 5));
/// assert!(SurveyScale::new(5, 1).is_err());
/// # Ok::<(), servops_kpi::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "SurveyScaleRepr")
)]
pub struct SurveyScale {
    min: i32,
    max: i32,
}

impl SurveyScale {
    /// A scale from `min` to `max`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] unless `min < max`.
    ///
    /// # Examples
    ///
    /// A 0–10 scale has 11 points; a scale needs two points at least, so equal
    /// or reversed ends are a typed error.
    ///
    /// ```
    /// use servops_kpi::{Error, SurveyScale};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let eleven = SurveyScale::new(0, 10)?;
    /// assert_eq!(eleven.max() - eleven.min() + 1, 11);
    /// assert!(matches!(SurveyScale::new(3, 3), Err(Error::InvalidParameter { name: "survey scale", .. })));
    /// assert!(SurveyScale::new(7, 1).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(min: i32, max: i32) -> Result<Self> {
        if min >= max {
            return Err(Error::InvalidParameter {
                name: "survey scale",
                value: format!("{min}..={max}"),
                constraint: "min < max",
            });
        }
        Ok(Self { min, max })
    }

    /// The lowest score.
    ///
    /// # Examples
    ///
    /// The lowest score as given, negative ends included.
    ///
    /// ```
    /// use servops_kpi::SurveyScale;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(SurveyScale::new(1, 7)?.min(), 1);
    /// assert_eq!(SurveyScale::new(-2, 2)?.min(), -2);
    /// # Ok(())
    /// # }
    /// ```
    pub fn min(&self) -> i32 {
        self.min
    }

    /// The highest score.
    ///
    /// # Examples
    ///
    /// The highest score; with a top-2 box on 1–10 the satisfied scores are
    /// 9 and 10, from `max − 2 + 1 = 9`.
    ///
    /// ```
    /// use servops_kpi::{CsatPolicy, SurveyScale};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let ten = SurveyScale::new(1, 10)?;
    /// assert_eq!(ten.max(), 10);
    /// assert_eq!(CsatPolicy::new(ten, 2)?.satisfied_from(), ten.max() - 1);
    /// # Ok(())
    /// # }
    /// ```
    pub fn max(&self) -> i32 {
        self.max
    }

    fn check(&self, score: f64) -> Result<f64> {
        if !score.is_finite() || score < f64::from(self.min) || score > f64::from(self.max) {
            return Err(Error::InvalidParameter {
                name: "survey score",
                value: score.to_string(),
                constraint: "finite and within the survey scale",
            });
        }
        Ok(score)
    }

    /// A score on the scale that is also a whole step (a box).
    fn check_box(&self, score: f64) -> Result<f64> {
        let score = self.check(score)?;
        if score.fract() != 0.0 {
            return Err(Error::InvalidParameter {
                name: "survey score",
                value: score.to_string(),
                constraint: "a whole step of the survey scale (a box)",
            });
        }
        Ok(score)
    }
}

/// The CSAT definition: a scale and the number `k` of top boxes that count
/// as satisfied (top-2 box on 1–5: 4 and 5 are satisfied).
///
/// # Examples
///
/// ```
/// use servops_kpi::{CsatPolicy, SurveyScale};
/// let p = CsatPolicy::new(SurveyScale::new(1, 5)?, 2)?;
/// assert_eq!(p.satisfied_from(), 4);
/// assert!(CsatPolicy::new(SurveyScale::new(1, 5)?, 6).is_err());
/// # Ok::<(), servops_kpi::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "CsatPolicyRepr")
)]
pub struct CsatPolicy {
    scale: SurveyScale,
    top_k: u32,
}

impl CsatPolicy {
    /// A top-`k` box on `scale`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] unless `1 <= k <= ` the number of scale points.
    ///
    /// # Examples
    ///
    /// On 1–5, `k` runs from 1 (only 5 satisfied) to 5 (every answer
    /// satisfied); 0 and 6 are refused.
    ///
    /// ```
    /// use servops_kpi::{CsatPolicy, Error, SurveyScale};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let five = SurveyScale::new(1, 5)?;
    /// assert_eq!(CsatPolicy::new(five, 1)?.satisfied_from(), 5);
    /// assert_eq!(CsatPolicy::new(five, 5)?.satisfied_from(), 1);
    /// assert!(matches!(CsatPolicy::new(five, 0), Err(Error::InvalidParameter { name: "top-k box", .. })));
    /// assert!(CsatPolicy::new(five, 6).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(scale: SurveyScale, top_k: u32) -> Result<Self> {
        let points = i64::from(scale.max) - i64::from(scale.min) + 1;
        if top_k == 0 || i64::from(top_k) > points {
            return Err(Error::InvalidParameter {
                name: "top-k box",
                value: top_k.to_string(),
                constraint: "between 1 and the number of scale points",
            });
        }
        Ok(Self { scale, top_k })
    }

    /// The lowest satisfied score: `max − k + 1`.
    ///
    /// # Examples
    ///
    /// Top-3 box on 0–10: `10 − 3 + 1 = 8`, so 8, 9 and 10 are satisfied; a
    /// response of 8 counts, 7 does not.
    ///
    /// ```
    /// use servops_kpi::{csat, CsatPolicy, SurveyScale};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let top3 = CsatPolicy::new(SurveyScale::new(0, 10)?, 3)?;
    /// assert_eq!(top3.satisfied_from(), 8);
    /// let r = csat(&[Some(8.0), Some(7.0)], top3)?;
    /// assert_eq!(r.kpi.value(), Some(0.5));
    /// # Ok(())
    /// # }
    /// ```
    pub fn satisfied_from(&self) -> i32 {
        // In i64: max − k + 1 lies in [min, max] (k is at most the number of
        // points), though max − k need not fit in an i32.
        let cut = i64::from(self.scale.max) - i64::from(self.top_k) + 1;
        i32::try_from(cut).unwrap_or(self.scale.min)
    }
}

/// A survey KPI with its response rate beside it.
///
/// # Examples
///
/// Ten surveys offered, four answered (5, 4, 2, 5 on 1–5, top-2 box): CSAT
/// 3 / 4 = 0.75 with a response rate of 4 / 10 = 0.4 beside it.
///
/// ```
/// use servops_kpi::{csat, CsatPolicy, SurveyScale};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let top2 = CsatPolicy::new(SurveyScale::new(1, 5)?, 2)?;
/// let mut scores = vec![Some(5.0), Some(4.0), Some(2.0), Some(5.0)];
/// scores.extend([None; 6]);
/// let r = csat(&scores, top2)?;
/// assert_eq!((r.kpi.numerator, r.kpi.denominator), (3.0, 4.0));
/// assert_eq!(r.kpi.value(), Some(0.75));
/// assert_eq!(r.response_rate.value(), Some(0.4));
/// assert_eq!(r.kpi.policy, top2);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SurveyResult<P> {
    /// The KPI over the responses.
    pub kpi: Kpi<P>,
    /// Responses over surveys offered (`None` if none were offered).
    pub response_rate: Kpi<()>,
}

/// CSAT: the share of responses in the top `k` boxes, beside the response
/// rate. Each element of `scores` is one offered survey: `Some(score)` if
/// answered, `None` if not.
///
/// # Formula
///
/// `CSAT = #(score >= max − k + 1) / #responses`; unanswered surveys are
/// out of the ratio (Zendesk: good / (good + bad)). `None` with no
/// responses.
///
/// # Errors
///
/// [`Error::InvalidParameter`] naming `survey score` if a score is NaN,
/// infinite, outside the scale, or not a whole step of it: a top-`k` box is
/// one of the scale's answers, so 4.5 on 1–5 (an average of several survey
/// items, say) is in no box. Average such items elsewhere, or round them to
/// the scale first, stating the rule.
///
/// # Examples
///
/// ```
/// use servops_kpi::{csat, CsatPolicy, SurveyScale};
///
/// # fn main() -> Result<(), servops_kpi::Error> {
/// let top2 = CsatPolicy::new(SurveyScale::new(1, 5)?, 2)?;
/// let scores = [Some(5.0), Some(4.0), Some(3.0), Some(1.0), None];
/// let r = csat(&scores, top2)?;
/// assert_eq!(r.kpi.value(), Some(0.5));
/// assert_eq!(r.response_rate.value(), Some(0.8));
/// assert!(csat(&[Some(f64::NAN)], top2).is_err());
/// assert!(csat(&[Some(4.5)], top2).is_err()); // in no box
/// # Ok(())
/// # }
/// ```
pub fn csat(scores: &[Option<f64>], policy: CsatPolicy) -> Result<SurveyResult<CsatPolicy>> {
    let mut responses = 0u64;
    let mut satisfied = 0u64;
    let cut = f64::from(policy.satisfied_from());
    for s in scores.iter().flatten() {
        let s = policy.scale.check_box(*s)?;
        responses += 1;
        satisfied += u64::from(s >= cut);
    }
    Ok(SurveyResult {
        kpi: Kpi::new(satisfied as f64, responses as f64, policy),
        response_rate: Kpi::new(responses as f64, scores.len() as f64, ()),
    })
}

/// The parts of a Net Promoter Score.
///
/// # Examples
///
/// Scores 10, 9, 8, 6, 0 and two unanswered: 2 promoters, 1 passive,
/// 2 detractors, 7 offered.
///
/// ```
/// # fn main() -> Result<(), servops_kpi::Error> {
/// let n = servops_kpi::nps(&[Some(10.0), Some(9.0), Some(8.0), Some(6.0), Some(0.0), None, None])?;
/// assert_eq!((n.promoters, n.passives, n.detractors, n.offered), (2, 1, 2, 7));
/// assert!(servops_kpi::nps(&[Some(11.0)]).is_err());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Nps {
    /// Responses 9–10.
    pub promoters: u64,
    /// Responses 7–8.
    pub passives: u64,
    /// Responses 0–6.
    pub detractors: u64,
    /// Surveys offered (answered or not).
    pub offered: u64,
}

impl Nps {
    /// `100 × (promoters − detractors) / responses`, from −100 to +100;
    /// `None` with no responses.
    ///
    /// # Examples
    ///
    /// 2 promoters, 1 passive, 5 detractors: `100 × (2 − 5) / 8 = −37.5`.
    /// No responses: no score.
    ///
    /// ```
    /// # fn main() -> Result<(), servops_kpi::Error> {
    /// let mut n = servops_kpi::nps(&[None])?;
    /// assert_eq!(n.score(), None);
    /// (n.promoters, n.passives, n.detractors) = (2, 1, 5);
    /// assert_eq!(n.score(), Some(-37.5));
    /// # Ok(())
    /// # }
    /// ```
    pub fn score(&self) -> Option<f64> {
        let n = self.responses();
        (n > 0).then(|| 100.0 * (self.promoters as f64 - self.detractors as f64) / n as f64)
    }

    /// Promoters + passives + detractors, without overflow (the fields are
    /// public, so their sum may exceed `u64::MAX`).
    fn responses(&self) -> u128 {
        u128::from(self.promoters) + u128::from(self.passives) + u128::from(self.detractors)
    }

    /// Responses over surveys offered.
    ///
    /// # Examples
    ///
    /// 3 responses out of 12 surveys offered: 0.25.
    ///
    /// ```
    /// # fn main() -> Result<(), servops_kpi::Error> {
    /// let mut scores = vec![Some(9.0), Some(7.0), Some(2.0)];
    /// scores.extend([None; 9]);
    /// let n = servops_kpi::nps(&scores)?;
    /// assert_eq!(n.response_rate().value(), Some(0.25));
    /// assert_eq!(servops_kpi::nps(&[])?.response_rate().value(), None);
    /// # Ok(())
    /// # }
    /// ```
    pub fn response_rate(&self) -> Kpi<()> {
        Kpi::new(self.responses() as f64, self.offered as f64, ())
    }
}

/// Net Promoter Score from 0–10 answers ("how likely are you to recommend"):
/// promoters 9–10, passives 7–8, detractors 0–6.
///
/// # Errors
///
/// [`Error::InvalidParameter`] if a score is not a whole number in 0–10.
///
/// # Examples
///
/// ```
/// # fn main() -> Result<(), servops_kpi::Error> {
/// // 50 promoters, 30 passives, 20 detractors: NPS = 50 − 20 = 30
/// let mut scores = vec![Some(10.0); 50];
/// scores.extend(vec![Some(8.0); 30]);
/// scores.extend(vec![Some(3.0); 20]);
/// scores.push(None);
/// let n = servops_kpi::nps(&scores)?;
/// assert_eq!(n.score(), Some(30.0));
/// assert_eq!(n.response_rate().value(), Some(100.0 / 101.0));
/// # Ok(())
/// # }
/// ```
pub fn nps(scores: &[Option<f64>]) -> Result<Nps> {
    let mut n = Nps {
        promoters: 0,
        passives: 0,
        detractors: 0,
        offered: scores.len() as u64,
    };
    for s in scores.iter().flatten() {
        if !(s.is_finite() && (0.0..=10.0).contains(s) && s.fract() == 0.0) {
            return Err(Error::InvalidParameter {
                name: "nps score",
                value: s.to_string(),
                constraint: "a whole number from 0 to 10",
            });
        }
        match *s {
            x if x >= 9.0 => n.promoters += 1,
            x if x >= 7.0 => n.passives += 1,
            _ => n.detractors += 1,
        }
    }
    Ok(n)
}

/// Customer Effort Score (CES 2.0): agreement 1–7 with "the company made it
/// easy for me to handle my issue".
///
/// # Examples
///
/// Answers 7, 6, 4, 2, 1 and one unanswered survey: mean 20 / 5 = 4.0, agree
/// (5–7) 2 / 5 = 0.4, response rate 5 / 6.
///
/// ```
/// # fn main() -> Result<(), servops_kpi::Error> {
/// let c = servops_kpi::ces(&[Some(7.0), Some(6.0), Some(4.0), Some(2.0), Some(1.0), None])?;
/// assert_eq!(c.mean.value(), Some(4.0));
/// assert_eq!(c.agree.value(), Some(0.4));
/// assert_eq!(c.response_rate.value(), Some(5.0 / 6.0));
/// assert!(servops_kpi::ces(&[Some(0.0)]).is_err()); // below the 1–7 scale
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Ces {
    /// Mean score (sum of scores over responses).
    pub mean: Kpi<()>,
    /// Share of responses that agree (5, 6 or 7).
    pub agree: Kpi<()>,
    /// Responses over surveys offered.
    pub response_rate: Kpi<()>,
}

/// CES 2.0 on the 1–7 scale, as the mean and as the share agreeing (5–7).
///
/// Each response is one answer to the single CES 2.0 item, one of the seven
/// labelled points from 1 (strongly disagree) to 7 (strongly agree) (Dixon,
/// Toman & DeLisi 2013), so it is a whole step of the scale, as a CSAT box
/// is (see [`csat`]). The share agreeing is the top-3 box (5, 6, 7): a
/// fractional score such as 4.5 (an average of several survey items, say)
/// is in no box, and which box it belongs to is a rounding rule the caller
/// has to state. Average such items elsewhere, or round them to the scale
/// first. (The mean itself could take fractions; the scores it averages are
/// the same answers.)
///
/// # Errors
///
/// [`Error::InvalidParameter`] naming `survey score` if a score is not
/// finite, outside 1–7, or not a whole step of it ("a whole step of the
/// survey scale (a box)", the same error [`csat`] gives).
///
/// # Examples
///
/// ```
/// # fn main() -> Result<(), servops_kpi::Error> {
/// let c = servops_kpi::ces(&[Some(7.0), Some(5.0), Some(3.0), Some(1.0)])?;
/// assert_eq!(c.mean.value(), Some(4.0));
/// assert_eq!(c.agree.value(), Some(0.5));
/// assert_eq!(servops_kpi::ces(&[None])?.mean.value(), None);
/// assert!(servops_kpi::ces(&[Some(4.5)]).is_err()); // in no box
/// # Ok(())
/// # }
/// ```
pub fn ces(scores: &[Option<f64>]) -> Result<Ces> {
    let scale = SurveyScale { min: 1, max: 7 };
    let (mut n, mut sum, mut agree) = (0u64, 0.0, 0u64);
    for s in scores.iter().flatten() {
        let s = scale.check_box(*s)?;
        n += 1;
        sum += s;
        agree += u64::from(s >= 5.0);
    }
    Ok(Ces {
        mean: Kpi::new(sum, n as f64, ()),
        agree: Kpi::new(agree as f64, n as f64, ()),
        response_rate: Kpi::new(n as f64, scores.len() as f64, ()),
    })
}

/// The serialized form of a [`SurveyScale`]; deserializing goes through its
/// checking constructor.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SurveyScaleRepr {
    min: i32,
    max: i32,
}

#[cfg(feature = "serde")]
impl TryFrom<SurveyScaleRepr> for SurveyScale {
    type Error = Error;

    fn try_from(r: SurveyScaleRepr) -> Result<Self> {
        Self::new(r.min, r.max)
    }
}

/// The serialized form of a [`CsatPolicy`]; deserializing goes through its
/// checking constructor.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CsatPolicyRepr {
    scale: SurveyScale,
    top_k: u32,
}

#[cfg(feature = "serde")]
impl TryFrom<CsatPolicyRepr> for CsatPolicy {
    type Error = Error;

    fn try_from(r: CsatPolicyRepr) -> Result<Self> {
        Self::new(r.scale, r.top_k)
    }
}
