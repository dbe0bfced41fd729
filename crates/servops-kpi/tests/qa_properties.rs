//! Property tests of the QA statistics and rubrics.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use servops_kpi::Error;
use servops_kpi::qa::{
    AgreementTable, ConfidenceLevel, Criticality, IccForm, IntraclassCorrelation, KappaWeighting,
    RatingCounts, Response, Rubric, RubricItem, RubricSection, wilson_interval,
};

const WEIGHTINGS: [KappaWeighting; 3] = [
    KappaWeighting::Unweighted,
    KappaWeighting::Linear,
    KappaWeighting::Quadratic,
];

fn square(k: usize) -> impl Strategy<Value = Vec<Vec<u64>>> {
    prop::collection::vec(prop::collection::vec(0u64..30, k), k)
}

fn response() -> impl Strategy<Value = Response> {
    prop_oneof![
        Just(Response::Met),
        Just(Response::NotMet),
        Just(Response::NotApplicable),
        (0.0f64..=1.0).prop_map(Response::Partial),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every kappa and AC1 lies in [-1, 1] when defined.
    #[test]
    fn kappa_is_bounded(k in 2usize..6, table in square(6)) {
        let rows: Vec<Vec<u64>> = table.iter().take(k).map(|r| r[..k].to_vec()).collect();
        let t = AgreementTable::from_counts(&rows).unwrap();
        for w in WEIGHTINGS {
            if let Some(kappa) = t.cohen_kappa(w) {
                prop_assert!((-1.0 - 1e-12..=1.0 + 1e-12).contains(&kappa), "{w:?}: {kappa}");
            }
        }
        if let Some(ac1) = t.gwet_ac1() {
            prop_assert!((-1.0 - 1e-12..=1.0 + 1e-12).contains(&ac1));
        }
    }

    /// Perfect agreement gives exactly 1 whenever at least two categories are used.
    #[test]
    fn perfect_agreement_is_one(diag in prop::collection::vec(0u64..50, 2..7)) {
        prop_assume!(diag.iter().filter(|&&d| d > 0).count() >= 2);
        let k = diag.len();
        let rows: Vec<Vec<u64>> = (0..k)
            .map(|i| (0..k).map(|j| if i == j { diag[i] } else { 0 }).collect())
            .collect();
        let t = AgreementTable::from_counts(&rows).unwrap();
        for w in WEIGHTINGS {
            prop_assert!((t.cohen_kappa(w).unwrap() - 1.0).abs() < 1e-12);
        }
        prop_assert!((t.gwet_ac1().unwrap() - 1.0).abs() < 1e-12);
        // The same subjects as Fleiss counts with 3 raters who all agree.
        let fleiss_rows: Vec<Vec<u64>> = diag
            .iter()
            .enumerate()
            .flat_map(|(i, &d)| std::iter::repeat_n((0..k).map(|j| if i == j { 3 } else { 0 }).collect::<Vec<u64>>(), d as usize))
            .collect();
        let r = RatingCounts::new(&fleiss_rows).unwrap();
        prop_assert!((r.fleiss_kappa().unwrap() - 1.0).abs() < 1e-12);
        prop_assert!((r.gwet_ac1().unwrap() - 1.0).abs() < 1e-12);
    }

    /// Fleiss' kappa is at most 1, AC1 within [-1, 1].
    #[test]
    fn fleiss_is_bounded(rows in prop::collection::vec(prop::collection::vec(0u64..4, 3), 1..30)) {
        // Make every subject have 6 ratings: pad the last category.
        let rows: Vec<Vec<u64>> = rows
            .into_iter()
            .map(|r| {
                let (a, b) = (r[0], r[1].min(6 - r[0].min(6)));
                vec![a.min(6), b, 6 - a.min(6) - b]
            })
            .collect();
        let r = RatingCounts::new(&rows).unwrap();
        if let Some(k) = r.fleiss_kappa() {
            prop_assert!((-1.0..=1.0 + 1e-12).contains(&k));
        }
        let ac1 = r.gwet_ac1().unwrap();
        prop_assert!((-1.0 - 1e-12..=1.0 + 1e-12).contains(&ac1));
    }

    /// ICC forms are at most 1 and equal 1 for identical raters.
    #[test]
    fn icc_bounds_and_perfect_agreement(
        scores in prop::collection::vec(prop::collection::vec(0.0f64..100.0, 3), 2..20),
        subject_effects in prop::collection::vec(0.0f64..100.0, 2..20),
    ) {
        let icc = IntraclassCorrelation::new(&scores).unwrap();
        for form in IccForm::ALL {
            if let Some(v) = icc.icc(form) {
                prop_assert!(v <= 1.0 + 1e-9, "{form}: {v}");
            }
        }
        let same: Vec<[f64; 3]> = subject_effects.iter().map(|&s| [s, s, s]).collect();
        prop_assume!(subject_effects.iter().any(|&s| s != subject_effects[0]));
        let icc = IntraclassCorrelation::new(&same).unwrap();
        for form in IccForm::ALL {
            prop_assert!((icc.icc(form).unwrap() - 1.0).abs() < 1e-9);
        }
    }

    /// The Wilson interval contains the estimate and lies in [0, 1].
    #[test]
    fn wilson_contains_the_estimate(trials in 1u64..100_000, frac in 0.0f64..=1.0, level in 0.5f64..0.9999) {
        let successes = ((trials as f64) * frac).floor() as u64;
        let w = wilson_interval(successes, trials, ConfidenceLevel::new(level).unwrap()).unwrap().unwrap();
        prop_assert!(0.0 <= w.lower && w.lower <= w.estimate && w.estimate <= w.upper && w.upper <= 1.0);
        prop_assert!(w.upper > w.lower);
    }

    /// Not-applicable items are removed and the weights renormalised: the
    /// score equals the score of the rubric without those items.
    #[test]
    fn rubric_renormalises(
        items in prop::collection::vec((0.1f64..10.0, response()), 1..12),
        scale in 0.01f64..100.0,
    ) {
        let rubric = |entries: &[(f64, Response)], factor: f64| {
            Rubric::new(vec![RubricSection::new(
                "s",
                1.0,
                entries
                    .iter()
                    .enumerate()
                    .map(|(i, (w, _))| RubricItem::new(format!("i{i}"), w * factor).unwrap())
                    .collect(),
            ).unwrap()]).unwrap()
        };
        let full = rubric(&items, 1.0);
        let answers: Vec<Response> = items.iter().map(|x| x.1).collect();
        let e = full.score(std::slice::from_ref(&answers)).unwrap();
        let kept: Vec<(f64, Response)> = items.iter().copied().filter(|x| x.1 != Response::NotApplicable).collect();
        if kept.is_empty() {
            prop_assert_eq!(e.score, None);
        } else {
            let reduced = rubric(&kept, 1.0);
            let answers2: Vec<Response> = kept.iter().map(|x| x.1).collect();
            let e2 = reduced.score(&[answers2]).unwrap();
            prop_assert!((e.score.unwrap() - e2.score.unwrap()).abs() < 1e-12);
            prop_assert!((0.0..=1.0).contains(&e.score.unwrap()));
        }
        // Scaling every weight leaves the score unchanged.
        let scaled = rubric(&items, scale).score(&[answers]).unwrap();
        match (e.score, scaled.score) {
            (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-12),
            (a, b) => prop_assert_eq!(a, b),
        }
    }

    /// A failed form-critical item zeroes the form score; the non-critical
    /// score is unaffected by it.
    #[test]
    fn critical_failure_fails_the_form(others in prop::collection::vec(response(), 1..8)) {
        let mut items = vec![RubricItem::new("fatal", 1.0).unwrap().with_criticality(Criticality::FailsForm)];
        items.extend((0..others.len()).map(|i| RubricItem::new(format!("i{i}"), 1.0).unwrap()));
        let r = Rubric::new(vec![RubricSection::new("s", 1.0, items).unwrap()]).unwrap();
        let mut failed = vec![Response::NotMet];
        failed.extend(others.iter().copied());
        let mut passed = vec![Response::Met];
        passed.extend(others.iter().copied());
        let ef = r.score(&[failed]).unwrap();
        let ep = r.score(&[passed]).unwrap();
        prop_assert!(ef.form_failed);
        prop_assert_eq!(ef.score, Some(0.0));
        prop_assert_eq!(ef.non_critical_score, ep.non_critical_score);
    }
}

#[test]
fn undefined_and_bad_input() {
    // Kappa with one category used by both raters: undefined, not NaN.
    let t = AgreementTable::from_ratings(&[1, 1, 1], &[1, 1, 1], 3).unwrap();
    for w in WEIGHTINGS {
        assert_eq!(t.cohen_kappa(w), None);
    }
    let empty = AgreementTable::from_counts(&[[0, 0], [0, 0]]).unwrap();
    assert_eq!(empty.cohen_kappa(KappaWeighting::Unweighted), None);
    assert_eq!(empty.gwet_ac1(), None);
    assert_eq!(
        RatingCounts::new(&[[0, 4], [0, 4]]).unwrap().fleiss_kappa(),
        None
    );
    // A rubric whose weights sum to zero is a typed error.
    let zero = RubricSection::new("s", 1.0, vec![RubricItem::new("a", 0.0).unwrap()]);
    assert!(matches!(zero, Err(Error::ZeroTotalWeight { .. })));
    let s = RubricSection::new("s", 0.0, vec![RubricItem::new("a", 1.0).unwrap()]).unwrap();
    assert!(matches!(
        Rubric::new(vec![s]),
        Err(Error::ZeroTotalWeight { .. })
    ));
    // NaN scores are typed errors.
    let r = Rubric::new(vec![
        RubricSection::new("s", 1.0, vec![RubricItem::new("a", 1.0).unwrap()]).unwrap(),
    ])
    .unwrap();
    assert!(matches!(
        r.score(&[vec![Response::Partial(f64::NAN)]]),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(IntraclassCorrelation::new(&[[1.0, f64::NAN], [2.0, 3.0]]).is_err());
    assert!(wilson_interval(5, 4, ConfidenceLevel::new(0.95).unwrap()).is_err());
    assert_eq!(
        wilson_interval(0, 0, ConfidenceLevel::new(0.95).unwrap()).unwrap(),
        None
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Unweighted kappa and AC1 do not depend on the order of the categories.
    #[test]
    fn unweighted_statistics_ignore_category_order(table in square(4), rotate in 1usize..4) {
        let k = 4;
        let t = AgreementTable::from_counts(&table).unwrap();
        let permuted: Vec<Vec<u64>> = (0..k)
            .map(|i| (0..k).map(|j| table[(i + rotate) % k][(j + rotate) % k]).collect())
            .collect();
        let p = AgreementTable::from_counts(&permuted).unwrap();
        match (t.cohen_kappa(KappaWeighting::Unweighted), p.cohen_kappa(KappaWeighting::Unweighted)) {
            (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-12),
            (a, b) => prop_assert_eq!(a, b),
        }
        match (t.gwet_ac1(), p.gwet_ac1()) {
            (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-12),
            (a, b) => prop_assert_eq!(a, b),
        }
    }

    /// ICC(3,1) (consistency) forgives a constant leniency of one rater: the
    /// residual mean square and ICC(3,1) are unchanged by the offset.
    #[test]
    fn consistency_forgives_a_constant_offset(
        scores in prop::collection::vec(prop::collection::vec(0.0f64..100.0, 3), 3..20),
        offset in 1.0f64..30.0,
    ) {
        let shifted: Vec<Vec<f64>> = scores.iter().map(|r| vec![r[0] + offset, r[1], r[2]]).collect();
        let a = IntraclassCorrelation::new(&scores).unwrap();
        let b = IntraclassCorrelation::new(&shifted).unwrap();
        if let (Some(x), Some(y)) = (a.icc(IccForm::Icc3), b.icc(IccForm::Icc3)) {
            prop_assert!((x - y).abs() < 1e-9);
        }
        prop_assert!((a.mean_squares().residual - b.mean_squares().residual).abs() < 1e-6 * (1.0 + a.mean_squares().residual));
    }

    /// Counting raw ratings gives the same statistics as the counts.
    #[test]
    fn raw_ratings_match_counts(ratings in prop::collection::vec(prop::collection::vec(0usize..3, 4), 1..25)) {
        let raw = RatingCounts::from_ratings(&ratings, 3).unwrap();
        let rows: Vec<Vec<u64>> = ratings
            .iter()
            .map(|r| (0..3).map(|c| r.iter().filter(|&&x| x == c).count() as u64).collect())
            .collect();
        let counts = RatingCounts::new(&rows).unwrap();
        prop_assert_eq!(raw, counts);
    }
}

#[test]
fn error_messages_name_the_value() {
    let err = RubricSection::new(
        "greeting",
        1.0,
        vec![RubricItem::new("hello", 0.0).unwrap()],
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the weights of the items of section \"greeting\" sum to zero"
    );
    let r = Rubric::new(vec![
        RubricSection::new("s", 1.0, vec![RubricItem::new("a", 1.0).unwrap()]).unwrap(),
    ])
    .unwrap();
    let err = r.score(&[vec![Response::Met, Response::Met]]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "responses for section \"s\": expected 1, got 2"
    );
    let err = r.score(&[vec![Response::Partial(f64::NAN)]]).unwrap_err();
    assert_eq!(err.to_string(), "partial credit must be in [0, 1], got NaN");
    fn send_sync<T: Send + Sync + 'static>() {}
    send_sync::<Error>();
}
