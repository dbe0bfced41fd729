//! Hand-constructed series where each run rule must fire exactly where
//! expected (centre 0, sigma 1, limits ±3).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use servops_kpi::spc::{ChartSeries, ControlLimits, Rule};

fn series(values: &[f64]) -> ChartSeries {
    ChartSeries::with_constant_limits(values.to_vec(), ControlLimits::symmetric(0.0, 1.0).unwrap())
        .unwrap()
}

/// `(first, index)` of every signal of `rule` alone.
fn fired(values: &[f64], rule: Rule) -> Vec<(usize, usize)> {
    series(values)
        .signals(&[rule])
        .into_iter()
        .map(|s| {
            assert_eq!(s.rule, rule);
            (s.first, s.index)
        })
        .collect()
}

/// Every `(rule, index)` of a whole rule family.
fn all(values: &[f64], rules: &[Rule]) -> Vec<(Rule, usize)> {
    series(values)
        .signals(rules)
        .into_iter()
        .map(|s| (s.rule, s.index))
        .collect()
}

/// A quiet background: small alternating values that trip nothing (its
/// alternation is broken every 5 points so Nelson 4 stays silent).
fn quiet(n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| match i % 5 {
            0 => 0.2,
            1 => -0.3,
            2 => 0.1,
            3 => 0.1,
            _ => -0.2,
        })
        .collect()
}

#[test]
fn the_quiet_background_is_quiet() {
    // Nelson 7 (15 within 1 sigma) is the one rule a quiet series trips.
    let v = quiet(40);
    assert_eq!(fired(&v, Rule::Nelson7).len(), 40 - 14);
    let mut rules = Rule::NELSON.to_vec();
    rules.retain(|r| *r != Rule::Nelson7);
    assert!(all(&v, &rules).is_empty());
}

#[test]
fn beyond_the_limits() {
    let mut v = quiet(10);
    v[3] = 3.2;
    v[7] = -3.01;
    v[8] = 3.0; // on the limit: not beyond
    assert_eq!(fired(&v, Rule::WesternElectric1), vec![(3, 3), (7, 7)]);
    assert_eq!(fired(&v, Rule::Nelson1), vec![(3, 3), (7, 7)]);
}

#[test]
fn two_of_three_beyond_two_sigma() {
    let mut v = quiet(12);
    v[4] = 2.5;
    v[6] = 2.1; // 2 of (4, 5, 6) above 2 sigma
    v[9] = -2.2;
    v[10] = 2.4; // opposite sides: no signal
    assert_eq!(fired(&v, Rule::WesternElectric2), vec![(4, 6)]);
    assert_eq!(fired(&v, Rule::Nelson5), vec![(4, 6)]);
    // Exactly 2 sigma is not beyond 2 sigma.
    let mut w = quiet(6);
    w[1] = 2.0;
    w[2] = 2.5;
    assert!(fired(&w, Rule::WesternElectric2).is_empty());
}

#[test]
fn four_of_five_beyond_one_sigma() {
    let mut v = quiet(12);
    for i in [3, 4, 6, 7] {
        v[i] = -1.5;
    }
    // Windows ending at 7 (3..=7) hold four points below -1 sigma.
    assert_eq!(fired(&v, Rule::WesternElectric3), vec![(3, 7)]);
    assert_eq!(fired(&v, Rule::Nelson6), vec![(3, 7)]);
}

#[test]
fn runs_on_one_side() {
    let mut v = quiet(20);
    for x in &mut v[5..15] {
        *x = 0.4; // ten points above the centre
    }
    v[4] = -0.2;
    v[15] = -0.3;
    assert_eq!(
        fired(&v, Rule::WesternElectric4),
        vec![(5, 12), (6, 13), (7, 14)]
    );
    assert_eq!(fired(&v, Rule::Nelson2), vec![(5, 13), (6, 14)]);
    // A point on the centre line breaks the run.
    v[9] = 0.0;
    assert!(fired(&v, Rule::WesternElectric4).is_empty());
}

#[test]
fn trends() {
    let mut v = quiet(14);
    let ramp = [-0.9, -0.5, -0.1, 0.3, 0.7, 1.1, 1.5];
    v[3..10].copy_from_slice(&ramp); // seven increasing points
    assert_eq!(fired(&v, Rule::Nelson3), vec![(3, 8), (4, 9)]);
    // Decreasing counts as well.
    let down: Vec<f64> = (0..6).map(|i| 1.0 - 0.3 * i as f64).collect();
    assert_eq!(fired(&down, Rule::Nelson3), vec![(0, 5)]);
    // Five points are not enough.
    assert!(fired(&down[..5], Rule::Nelson3).is_empty());
}

#[test]
fn alternation() {
    let saw: Vec<f64> = (0..14)
        .map(|i| if i % 2 == 0 { 0.5 } else { -0.5 })
        .collect();
    assert_eq!(fired(&saw, Rule::Nelson4), vec![(0, 13)]);
    assert!(fired(&saw[..13], Rule::Nelson4).is_empty());
    let mut longer = saw.clone();
    longer.push(0.5);
    assert_eq!(fired(&longer, Rule::Nelson4), vec![(0, 13), (1, 14)]);
}

#[test]
fn stratification_within_one_sigma() {
    let mut v: Vec<f64> = (0..20)
        .map(|i| if i % 3 == 0 { 1.5 } else { 0.2 })
        .collect();
    v[1] = -1.5;
    for (i, x) in v[2..17].iter_mut().enumerate() {
        *x = if i % 2 == 0 { 0.5 } else { -0.4 };
    }
    // Points 2..=16 (fifteen) are within 1 sigma; 17 is 0.2 (within too),
    // 18 = 1.5 is not.
    assert_eq!(fired(&v, Rule::Nelson7), vec![(2, 16), (3, 17)]);
}

#[test]
fn mixture_beyond_one_sigma() {
    let mut v = quiet(12);
    for (i, x) in v[2..10].iter_mut().enumerate() {
        *x = if i % 3 == 0 { -1.6 } else { 1.4 };
    }
    assert_eq!(fired(&v, Rule::Nelson8), vec![(2, 9)]);
}

#[test]
fn a_family_reports_each_rule_in_order() {
    let mut v = quiet(12);
    v[5] = 3.5;
    v[6] = 2.5;
    assert_eq!(
        all(&v, &Rule::WESTERN_ELECTRIC),
        vec![(Rule::WesternElectric1, 5), (Rule::WesternElectric2, 6),]
    );
}

#[test]
fn variable_limits_use_each_points_sigma() {
    // The same value 0.12 is beyond 3 sigma where sigma is small and inside
    // the limits where it is large.
    let tight = ControlLimits::symmetric(0.10, 0.005).unwrap();
    let loose = ControlLimits::symmetric(0.10, 0.02).unwrap();
    let s = ChartSeries::new(vec![0.12, 0.12], vec![tight, loose]).unwrap();
    let idx: Vec<usize> = s
        .signals(&[Rule::Nelson1])
        .iter()
        .map(|x| x.index)
        .collect();
    assert_eq!(idx, vec![0]);
}
