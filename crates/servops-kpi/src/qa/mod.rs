//! Quality assurance: scoring rubrics, evaluator calibration and agreement
//! statistics, QA sample sizes and intervals for pass rates.
//!
//! * [`Rubric`]: weighted scoring forms with not-applicable items removed
//!   and weights renormalised, critical items that fail their section or the
//!   whole form, and the non-critical score reported beside the final one.
//! * Calibration: [`calibration_deviation`] (each evaluator against the
//!   calibrated score); chance-corrected agreement on categories with
//!   [`AgreementTable`] (Cohen's kappa unweighted, linear and quadratic;
//!   Gwet's AC1) and [`RatingCounts`] (Fleiss' kappa, Gwet's AC1 for many
//!   raters); agreement on scores with [`IntraclassCorrelation`] (the six
//!   Shrout–Fleiss forms).
//! * Sampling: [`sample_size_for_proportion`] and [`sample_size_for_mean`]
//!   with the finite-population correction, and [`wilson_interval`] for pass
//!   rates.
//!
//! Undefined statistics are `None`, never NaN: kappa when both raters used a
//! single category, an ICC whose denominator is zero, a pass rate of zero
//! evaluations, a rubric section whose items are all not applicable.
//!
//! # Examples
//!
//! A calibration session: three evaluators pass or fail the same eight calls.
//!
//! ```
//! use servops_kpi::qa::{AgreementTable, KappaWeighting, RatingCounts};
//!
//! let alice = [1, 1, 0, 1, 1, 0, 1, 1];
//! let bob = [1, 1, 0, 1, 0, 0, 1, 1];
//! let carol = [1, 0, 0, 1, 1, 0, 1, 1];
//! let ab = AgreementTable::from_ratings(&alice, &bob, 2)?;
//! let kappa = ab.cohen_kappa(KappaWeighting::Unweighted).unwrap();
//! assert!((kappa - 5.0 / 7.0).abs() < 1e-12); // p_o = 7/8, p_e = 9/16
//!
//! // All three at once: per call, how many said fail (0) and pass (1).
//! let rows: Vec<[u64; 2]> = (0..8)
//!     .map(|i| {
//!         let pass = (alice[i] + bob[i] + carol[i]) as u64;
//!         [3 - pass, pass]
//!     })
//!     .collect();
//! let fleiss = RatingCounts::new(&rows)?.fleiss_kappa().unwrap();
//! assert!(fleiss > 0.4 && fleiss < 0.8);
//! # Ok::<(), servops_kpi::Error>(())
//! ```

mod agreement;
mod calibration;
mod icc;
pub(crate) mod normal;
mod rubric;
mod sampling;

pub use agreement::{AgreementTable, KappaWeighting, MAX_CATEGORIES, RatingCounts};
pub use calibration::{CalibrationDeviation, calibration_deviation};
pub use icc::{IccForm, IntraclassCorrelation, MeanSquares};
pub use normal::{ConfidenceLevel, normal_quantile};
pub use rubric::{
    CriticalFailure, Criticality, Evaluation, Response, Rubric, RubricItem, RubricSection,
    SectionScore,
};
pub use sampling::{
    SampleSize, WilsonInterval, sample_size_for_mean, sample_size_for_proportion, wilson_interval,
};

pub(crate) fn invalid(
    name: &'static str,
    value: impl servops_core::MessageValue,
    constraint: &'static str,
) -> crate::Error {
    crate::Error::InvalidParameter {
        name,
        value: value.message_text(),
        constraint,
    }
}
