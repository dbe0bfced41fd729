//! Intraclass correlation coefficients (Shrout & Fleiss 1979; McGraw & Wong 1996).

use super::invalid;
use crate::{Error, Result};

/// The six Shrout–Fleiss forms of the intraclass correlation.
///
/// | form | McGraw & Wong | model | unit |
/// |---|---|---|---|
/// | `Icc1` (1,1) | ICC(1) | one-way random: each subject rated by different raters | single rating |
/// | `Icc2` (2,1) | ICC(A,1) | two-way random, absolute agreement | single rating |
/// | `Icc3` (3,1) | ICC(C,1) | two-way mixed, consistency | single rating |
/// | `Icc1k` (1,k) | ICC(k) | as (1,1) | mean of k ratings |
/// | `Icc2k` (2,k) | ICC(A,k) | as (2,1) | mean of k ratings |
/// | `Icc3k` (3,k) | ICC(C,k) | as (3,1) | mean of k ratings |
///
/// For QA calibration, (2,1) asks "do evaluators give the same score?" and
/// (3,1) asks "do evaluators rank the calls the same way?" (a constant
/// leniency is forgiven).
///
/// # Examples
///
/// ```
/// use servops_kpi::qa::IccForm;
/// assert_eq!(IccForm::ALL.len(), 6);
/// assert_eq!(IccForm::Icc2.to_string(), "ICC(2,1)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum IccForm {
    /// ICC(1,1): one-way random effects, single rating.
    Icc1,
    /// ICC(2,1): two-way random effects, absolute agreement, single rating.
    Icc2,
    /// ICC(3,1): two-way mixed effects, consistency, single rating.
    Icc3,
    /// ICC(1,k): one-way random effects, mean of the k ratings.
    Icc1k,
    /// ICC(2,k): two-way random effects, absolute agreement, mean of k ratings.
    Icc2k,
    /// ICC(3,k): two-way mixed effects, consistency, mean of k ratings.
    Icc3k,
}

impl IccForm {
    /// Every form, in the order (1,1), (2,1), (3,1), (1,k), (2,k), (3,k).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::IccForm;
    /// assert_eq!(IccForm::ALL[4], IccForm::Icc2k);
    /// ```
    pub const ALL: [IccForm; 6] = [
        IccForm::Icc1,
        IccForm::Icc2,
        IccForm::Icc3,
        IccForm::Icc1k,
        IccForm::Icc2k,
        IccForm::Icc3k,
    ];
}

impl std::fmt::Display for IccForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            IccForm::Icc1 => "ICC(1,1)",
            IccForm::Icc2 => "ICC(2,1)",
            IccForm::Icc3 => "ICC(3,1)",
            IccForm::Icc1k => "ICC(1,k)",
            IccForm::Icc2k => "ICC(2,k)",
            IccForm::Icc3k => "ICC(3,k)",
        })
    }
}

/// The mean squares of the two-way ANOVA behind every ICC form.
///
/// # Examples
///
/// ```
/// use servops_kpi::qa::IntraclassCorrelation;
/// let icc = IntraclassCorrelation::new(&[[9.0, 2.0, 5.0, 8.0], [6.0, 1.0, 3.0, 2.0],
///     [8.0, 4.0, 6.0, 8.0], [7.0, 1.0, 2.0, 6.0], [10.0, 5.0, 6.0, 9.0], [6.0, 2.0, 4.0, 7.0]])?;
/// let ms = icc.mean_squares();
/// assert!((ms.subjects - 11.24).abs() < 0.01);   // BMS in Shrout & Fleiss (1979)
/// assert!((ms.within - 6.26).abs() < 0.01);      // WMS
/// assert!((ms.raters - 32.49).abs() < 0.01);     // JMS
/// assert!((ms.residual - 1.02).abs() < 0.01);    // EMS
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// Deserialising (feature `serde`) checks that every mean square is finite
/// and `>= 0`.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "MeanSquaresRepr")
)]
#[non_exhaustive]
pub struct MeanSquares {
    /// Between subjects (rows), `n − 1` degrees of freedom.
    pub subjects: f64,
    /// Between raters (columns), `k − 1` degrees of freedom.
    pub raters: f64,
    /// Residual of the two-way model, `(n − 1)(k − 1)` degrees of freedom.
    pub residual: f64,
    /// Within subjects (one-way model), `n (k − 1)` degrees of freedom.
    pub within: f64,
}

/// Intraclass correlations of `n` subjects each scored by the same `k`
/// raters (complete data).
///
/// # Formula
///
/// With BMS, JMS, EMS, WMS the subject, rater, residual and within-subject
/// mean squares ([`MeanSquares`]):
///
/// * ICC(1,1) = (BMS − WMS) / (BMS + (k − 1) WMS)
/// * ICC(2,1) = (BMS − EMS) / (BMS + (k − 1) EMS + k (JMS − EMS)/n)
/// * ICC(3,1) = (BMS − EMS) / (BMS + (k − 1) EMS)
/// * ICC(1,k) = (BMS − WMS) / BMS
/// * ICC(2,k) = (BMS − EMS) / (BMS + (JMS − EMS)/n)
/// * ICC(3,k) = (BMS − EMS) / BMS
///
/// A form is `None` (undefined) when its denominator is 0 — for example when
/// every score is the same.
///
/// # Errors
///
/// [`Error::InvalidParameter`] with fewer than 2 subjects or 2 raters, or a
/// score that is not finite; [`Error::DimensionMismatch`] when rows differ
/// in length.
///
/// # Accuracy
///
/// Two-pass sums; a few ulps relative for well-scaled scores (tested against
/// pingouin's `intraclass_corr`).
///
/// # Examples
///
/// Shrout & Fleiss (1979)'s six targets rated by four judges:
///
/// ```
/// use servops_kpi::qa::{IccForm, IntraclassCorrelation};
///
/// let icc = IntraclassCorrelation::new(&[[9.0, 2.0, 5.0, 8.0], [6.0, 1.0, 3.0, 2.0],
///     [8.0, 4.0, 6.0, 8.0], [7.0, 1.0, 2.0, 6.0], [10.0, 5.0, 6.0, 9.0], [6.0, 2.0, 4.0, 7.0]])?;
/// let published = [0.17, 0.29, 0.71, 0.44, 0.62, 0.91];
/// for (form, want) in IccForm::ALL.iter().zip(published) {
///     assert!((icc.icc(*form).unwrap() - want).abs() < 0.005, "{form}");
/// }
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// # References
///
/// Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations: uses in
/// assessing rater reliability. *Psychological Bulletin* 86(2), 420–428.
/// McGraw, K. O. & Wong, S. P. (1996). Forming inferences about some
/// intraclass correlation coefficients. *Psychological Methods* 1(1), 30–46.
///
/// Serialised (feature `serde`) as `{"subjects", "raters", "ms"}`;
/// deserialising checks at least 2 subjects and 2 raters, the mean squares
/// as [`MeanSquares`] does, and that the residual sum of squares is the
/// within-subject one less the raters' (to 1e-9 relative).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "IntraclassCorrelationRepr")
)]
pub struct IntraclassCorrelation {
    subjects: usize,
    raters: usize,
    ms: MeanSquares,
}

impl IntraclassCorrelation {
    /// From a subjects × raters matrix of scores.
    ///
    /// # Errors
    ///
    /// As for the type.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::IntraclassCorrelation;
    /// assert!(IntraclassCorrelation::new(&[[1.0, 2.0]]).is_err()); // one subject
    /// assert!(IntraclassCorrelation::new(&[vec![1.0, 2.0], vec![1.0]]).is_err());
    /// assert!(IntraclassCorrelation::new(&[[1.0, f64::NAN], [1.0, 2.0]]).is_err());
    /// ```
    pub fn new<R: AsRef<[f64]>>(scores: &[R]) -> Result<Self> {
        let n = scores.len();
        if n < 2 {
            return Err(invalid("number of subjects", n, ">= 2"));
        }
        let k = scores.first().map_or(0, |r| r.as_ref().len());
        if k < 2 {
            return Err(invalid("number of raters", k, ">= 2"));
        }
        let mut total = 0.0;
        for (i, row) in scores.iter().enumerate() {
            let row = row.as_ref();
            if row.len() != k {
                return Err(Error::DimensionMismatch {
                    what: format!("scores of subject {i}"),
                    expected: k,
                    found: row.len(),
                });
            }
            for &x in row {
                if !x.is_finite() {
                    return Err(invalid("score", x, "finite"));
                }
                total += x;
            }
        }
        let (nf, kf) = (n as f64, k as f64);
        let grand = total / (nf * kf);
        let mut col_means = vec![0.0; k];
        let mut ss_rows = 0.0;
        let mut ss_total = 0.0;
        for row in scores {
            let row = row.as_ref();
            let mean = row.iter().sum::<f64>() / kf;
            ss_rows += kf * (mean - grand) * (mean - grand);
            for (c, &x) in col_means.iter_mut().zip(row) {
                *c += x / nf;
                ss_total += (x - grand) * (x - grand);
            }
        }
        let ss_cols: f64 = col_means
            .iter()
            .map(|m| nf * (m - grand) * (m - grand))
            .sum();
        let ss_resid = (ss_total - ss_rows - ss_cols).max(0.0);
        let ss_within = (ss_total - ss_rows).max(0.0);
        let ms = MeanSquares {
            subjects: ss_rows / (nf - 1.0),
            raters: ss_cols / (kf - 1.0),
            residual: ss_resid / ((nf - 1.0) * (kf - 1.0)),
            within: ss_within / (nf * (kf - 1.0)),
        };
        if ![ms.subjects, ms.raters, ms.residual, ms.within]
            .iter()
            .all(|x| x.is_finite())
        {
            return Err(invalid(
                "scores",
                "overflow",
                "small enough that squares stay finite",
            ));
        }
        Ok(Self {
            subjects: n,
            raters: k,
            ms,
        })
    }

    /// The ANOVA mean squares.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::IntraclassCorrelation;
    /// let icc = IntraclassCorrelation::new(&[[1.0, 1.0], [3.0, 3.0]])?;
    /// assert_eq!(icc.mean_squares().residual, 0.0);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn mean_squares(&self) -> MeanSquares {
        self.ms
    }

    /// The number of subjects `n`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::IntraclassCorrelation;
    /// assert_eq!(IntraclassCorrelation::new(&[[1.0, 2.0], [3.0, 3.0]])?.subjects(), 2);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn subjects(&self) -> usize {
        self.subjects
    }

    /// The number of raters `k`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::IntraclassCorrelation;
    /// assert_eq!(IntraclassCorrelation::new(&[[1.0, 2.0], [3.0, 3.0]])?.raters(), 2);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn raters(&self) -> usize {
        self.raters
    }

    /// One ICC form; `None` when its denominator is 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::{IccForm, IntraclassCorrelation};
    /// // Perfect agreement.
    /// let icc = IntraclassCorrelation::new(&[[1.0, 1.0], [3.0, 3.0], [2.0, 2.0]])?;
    /// assert_eq!(icc.icc(IccForm::Icc2), Some(1.0));
    /// // Every score identical: undefined.
    /// let flat = IntraclassCorrelation::new(&[[2.0, 2.0], [2.0, 2.0]])?;
    /// assert_eq!(flat.icc(IccForm::Icc1), None);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn icc(&self, form: IccForm) -> Option<f64> {
        let MeanSquares {
            subjects: bms,
            raters: jms,
            residual: ems,
            within: wms,
        } = self.ms;
        let (n, k) = (self.subjects as f64, self.raters as f64);
        let (num, den) = match form {
            IccForm::Icc1 => (bms - wms, bms + (k - 1.0) * wms),
            IccForm::Icc2 => (bms - ems, bms + (k - 1.0) * ems + k * (jms - ems) / n),
            IccForm::Icc3 => (bms - ems, bms + (k - 1.0) * ems),
            IccForm::Icc1k => (bms - wms, bms),
            IccForm::Icc2k => (bms - ems, bms + (jms - ems) / n),
            IccForm::Icc3k => (bms - ems, bms),
        };
        if den > 0.0 && den.is_finite() {
            Some(num / den)
        } else {
            None
        }
    }
}

/// The serialised form of [`MeanSquares`], checked on the way in.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct MeanSquaresRepr {
    subjects: f64,
    raters: f64,
    residual: f64,
    within: f64,
}

#[cfg(feature = "serde")]
impl TryFrom<MeanSquaresRepr> for MeanSquares {
    type Error = Error;

    fn try_from(r: MeanSquaresRepr) -> Result<Self> {
        for (name, x) in [
            ("subjects mean square", r.subjects),
            ("raters mean square", r.raters),
            ("residual mean square", r.residual),
            ("within mean square", r.within),
        ] {
            if !(x.is_finite() && x >= 0.0) {
                return Err(invalid(name, x, "finite and >= 0"));
            }
        }
        Ok(Self {
            subjects: r.subjects,
            raters: r.raters,
            residual: r.residual,
            within: r.within,
        })
    }
}

/// The serialised form of an [`IntraclassCorrelation`], checked on the way
/// in.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct IntraclassCorrelationRepr {
    subjects: usize,
    raters: usize,
    ms: MeanSquares,
}

#[cfg(feature = "serde")]
impl TryFrom<IntraclassCorrelationRepr> for IntraclassCorrelation {
    type Error = Error;

    fn try_from(r: IntraclassCorrelationRepr) -> Result<Self> {
        if r.subjects < 2 {
            return Err(invalid("number of subjects", r.subjects, ">= 2"));
        }
        if r.raters < 2 {
            return Err(invalid("number of raters", r.raters, ">= 2"));
        }
        // The residual sum of squares is the within-subject one less the
        // raters' one (0 where rounding makes that negative).
        let (n, k) = (r.subjects as f64, r.raters as f64);
        let ss_within = r.ms.within * n * (k - 1.0);
        let ss_cols = r.ms.raters * (k - 1.0);
        let ss_resid = r.ms.residual * (n - 1.0) * (k - 1.0);
        let expected = (ss_within - ss_cols).max(0.0);
        if (ss_resid - expected).abs() > 1e-9 * ss_within.max(ss_cols).max(ss_resid) {
            return Err(invalid(
                "residual mean square",
                r.ms.residual,
                "(within SS - raters SS) / ((n - 1)(k - 1)) of the other mean squares",
            ));
        }
        Ok(Self {
            subjects: r.subjects,
            raters: r.raters,
            ms: r.ms,
        })
    }
}
