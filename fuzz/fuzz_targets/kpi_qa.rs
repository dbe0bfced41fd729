//! servops-kpi QA statistics: agreement tables (two raters) and rating
//! counts (many raters), the intraclass correlation, calibration deviation,
//! Wilson intervals and sample sizes accept any input without panicking.
//! Accepted tables count what they were given (the sparse table against a
//! dense recount), agreement statistics are finite and in [-1, 1], the
//! observed agreement is in [0, 1], and a Wilson interval brackets its
//! estimate inside [0, 1].
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use servops_kpi::qa::{
    AgreementTable, ConfidenceLevel, IccForm, IntraclassCorrelation, KappaWeighting, RatingCounts,
    calibration_deviation, sample_size_for_mean, sample_size_for_proportion, wilson_interval,
};

#[derive(Debug)]
struct Input {
    categories: usize,
    a: Vec<usize>,
    b: Vec<usize>,
    subjects: Vec<Vec<usize>>,
    scores: Vec<Vec<f64>>,
    tolerance: f64,
    successes: u64,
    trials: u64,
    level: f64,
    expected: f64,
    margin: f64,
    population: Option<u64>,
}

impl<'a> Arbitrary<'a> for Input {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        // Mostly small category counts, sometimes any (including 0 and
        // past the limit); indices mostly in range.
        let categories: usize = if u.ratio(1, 8)? {
            u.int_in_range(0..=5000)?
        } else {
            u.int_in_range(1..=12)?
        };
        let index = |u: &mut Unstructured<'a>| -> arbitrary::Result<usize> {
            if u.ratio(1, 50)? {
                u.arbitrary()
            } else {
                Ok(u.int_in_range(0..=categories.saturating_sub(1))?)
            }
        };
        let n = u.int_in_range(0..=80)?;
        let mut a = Vec::with_capacity(n);
        let mut b = Vec::with_capacity(n);
        for _ in 0..n {
            a.push(index(u)?);
            b.push(index(u)?);
        }
        if u.ratio(1, 20)? {
            b.pop();
        }
        let raters = u.int_in_range(0..=6)?;
        let s = u.int_in_range(0..=30)?;
        let mut subjects = Vec::with_capacity(s);
        for _ in 0..s {
            let r = if u.ratio(1, 20)? { raters + 1 } else { raters };
            let mut row = Vec::with_capacity(r);
            for _ in 0..r {
                row.push(index(u)?);
            }
            subjects.push(row);
        }
        let cols = u.int_in_range(0..=5)?;
        let rows = u.int_in_range(0..=20)?;
        let mut scores = Vec::with_capacity(rows);
        for _ in 0..rows {
            let mut row = Vec::with_capacity(cols);
            for _ in 0..cols {
                row.push(if u.ratio(1, 10)? {
                    u.arbitrary()?
                } else {
                    f64::from(u.int_in_range(0..=100u8)?)
                });
            }
            scores.push(row);
        }
        let trials: u64 = u.arbitrary()?;
        Ok(Self {
            categories,
            a,
            b,
            subjects,
            scores,
            tolerance: u.arbitrary()?,
            successes: if u.ratio(9, 10)? {
                u.int_in_range(0..=trials)?
            } else {
                u.arbitrary()?
            },
            trials,
            level: u.arbitrary()?,
            expected: u.arbitrary()?,
            margin: u.arbitrary()?,
            population: u.arbitrary()?,
        })
    }
}

fn in_unit_pm(x: Option<f64>, what: &str) {
    if let Some(x) = x {
        assert!(
            x.is_finite() && (-1.0 - 1e-9..=1.0 + 1e-9).contains(&x),
            "{what} {x}"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(input) = Input::arbitrary(&mut u) else {
        return;
    };
    let k = input.categories;

    if let Ok(t) = AgreementTable::from_ratings(&input.a, &input.b, k) {
        assert_eq!(t.categories(), k);
        assert_eq!(t.total(), input.a.len() as u64);
        // Recount densely when that is small.
        if k <= 12 {
            let mut dense = vec![vec![0u64; k]; k];
            for (&i, &j) in input.a.iter().zip(&input.b) {
                dense[i][j] += 1;
            }
            for (i, row) in dense.iter().enumerate() {
                for (j, &c) in row.iter().enumerate() {
                    assert_eq!(t.count(i, j), Some(c));
                }
            }
            let again = AgreementTable::from_counts(&dense).expect("a recount is a table");
            assert_eq!(again.total(), t.total());
            for w in [
                KappaWeighting::Unweighted,
                KappaWeighting::Linear,
                KappaWeighting::Quadratic,
            ] {
                assert_eq!(
                    again.cohen_kappa(w).map(f64::to_bits),
                    t.cohen_kappa(w).map(f64::to_bits)
                );
            }
        }
        assert_eq!(t.count(k, 0), None);
        if let Some(p) = t.observed_agreement() {
            assert!((0.0..=1.0).contains(&p), "observed agreement {p}");
        }
        for w in [
            KappaWeighting::Unweighted,
            KappaWeighting::Linear,
            KappaWeighting::Quadratic,
        ] {
            in_unit_pm(t.cohen_kappa(w), "kappa");
        }
        in_unit_pm(t.gwet_ac1(), "AC1 (two raters)");
    }

    if let Ok(r) = RatingCounts::from_ratings(&input.subjects, k) {
        assert_eq!(r.subjects(), input.subjects.len());
        in_unit_pm(r.fleiss_kappa(), "Fleiss' kappa");
        in_unit_pm(r.gwet_ac1(), "AC1 (many raters)");
    }

    if let Ok(icc) = IntraclassCorrelation::new(&input.scores) {
        for form in IccForm::ALL {
            if let Some(v) = icc.icc(form) {
                assert!(v.is_finite() && v <= 1.0 + 1e-9, "{form:?} {v}");
            }
        }
    }

    let flat: Vec<f64> = input.scores.iter().flatten().copied().collect();
    let half = flat.len() / 2;
    if let Ok(d) = calibration_deviation(&flat[..half], &flat[half..2 * half], input.tolerance) {
        assert!(
            d.max_absolute_deviation >= d.mean_absolute_deviation - 1e-9 * d.max_absolute_deviation
        );
        assert!((0.0..=1.0).contains(&d.within_tolerance));
    }

    if let Ok(level) = ConfidenceLevel::new(input.level) {
        if let Ok(Some(w)) = wilson_interval(input.successes, input.trials, level) {
            assert!(
                0.0 <= w.lower && w.lower <= w.estimate && w.estimate <= w.upper && w.upper <= 1.0,
                "{w:?}"
            );
        }
        if let Ok(s) =
            sample_size_for_proportion(input.expected, input.margin, level, input.population)
        {
            // The correction shrinks any n0 >= 1 (below 1 it is 1 sample anyway).
            if s.unadjusted >= 1.0 {
                assert!(s.adjusted <= s.unadjusted + 1e-9 * s.unadjusted);
            }
            assert!(s.required >= 1);
            if let Some(n) = input.population {
                assert!(s.required <= n.max(1), "{s:?} of {n}");
            }
        }
        let _ = sample_size_for_mean(input.expected, input.margin, level, input.population);
    }
});
