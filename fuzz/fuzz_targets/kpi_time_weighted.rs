//! servops-kpi time-weighted charts: `EwmaDesign`, `EwmaChart`,
//! `CusumDesign`, `CusumChart` (standard and phase-I baseline
//! constructors) and every ARL function (the EWMA's; the CUSUM's exact
//! one- and two-sided ARLs, from any start, and Siegmund's) accept any
//! input without panicking. Accepted charts have finite, ordered limits
//! that widen with the point; every EWMA statistic lies between the
//! target and the range of the data; CUSUM sums are finite and >= 0 with
//! run lengths that count their positive stretches; every signal is a
//! point whose sum exceeds H, with an estimated mean beyond target ± K;
//! every ARL is finite and >= 1, and the two-sided CUSUM ARL is at most
//! the one-sided one.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use servops_fuzz::Real;
use servops_kpi::spc::{CusumChart, CusumDesign, CusumSide, EwmaChart, EwmaDesign};

const MAX_POINTS: usize = 300;

fn reals(u: &mut Unstructured<'_>, n: usize) -> arbitrary::Result<Vec<f64>> {
    (0..n).map(|_| Real::arbitrary(u).map(|r| r.0)).collect()
}

fn check_ewma(c: &EwmaChart) {
    let s = c.statistics();
    assert_eq!(s.len(), c.values().len());
    let (mut lo, mut hi) = (c.target(), c.target());
    let mut prev_width = 0.0f64;
    for ((z, l), x) in s.values().iter().zip(s.limits()).zip(c.values()) {
        lo = lo.min(*x);
        hi = hi.max(*x);
        assert!(z.is_finite());
        let slack = 1e-12 * (lo.abs() + hi.abs());
        assert!(
            *z >= lo - slack && *z <= hi + slack,
            "{z} outside [{lo}, {hi}]"
        );
        assert!(l.lower.is_finite() && l.upper.is_finite() && l.sigma.is_finite());
        assert!(l.lower <= l.center && l.center <= l.upper, "{l:?}");
        assert_eq!(l.center, c.target());
        assert!(l.sigma >= prev_width, "limits narrowed: {l:?}");
        prev_width = l.sigma;
    }
    for i in c.beyond_limits() {
        assert!(i < s.len());
    }
    assert_eq!(c.first_signal(), c.beyond_limits().first().copied());
}

fn check_cusum(c: &CusumChart) {
    let n = c.values().len();
    assert_eq!(c.upper().len(), n);
    assert_eq!(c.lower().len(), n);
    let mut runs = (0usize, 0usize);
    for i in 0..n {
        let (up, down) = (c.upper()[i], c.lower()[i]);
        assert!(up.is_finite() && up >= 0.0 && down.is_finite() && down >= 0.0);
        runs.0 = if up > 0.0 { runs.0 + 1 } else { 0 };
        runs.1 = if down > 0.0 { runs.1 + 1 } else { 0 };
        assert_eq!((c.upper_run_lengths()[i], c.lower_run_lengths()[i]), runs);
    }
    let signals = c.signals();
    for s in &signals {
        assert!(s.index < n && s.run_length >= 1 && s.run_length <= s.index + 1);
        assert!(s.statistic > c.decision_interval());
        match s.side {
            CusumSide::Upper => {
                assert_eq!(s.statistic, c.upper()[s.index]);
                assert!(
                    s.estimated_mean >= c.target() + c.reference_value()
                        || !s.estimated_mean.is_finite()
                );
            }
            CusumSide::Lower => {
                assert_eq!(s.statistic, c.lower()[s.index]);
                assert!(
                    s.estimated_mean <= c.target() - c.reference_value()
                        || !s.estimated_mean.is_finite()
                );
            }
        }
    }
    assert_eq!(c.first_signal(), signals.first().copied());
}

fn run(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let n = u.int_in_range(0..=MAX_POINTS)?;
    let values = reals(u, n)?;
    let target = Real::arbitrary(u)?.0;
    let sigma = Real::arbitrary(u)?.0;
    let m = u.int_in_range(0..=40)?;
    let baseline = reals(u, m)?;
    // The EWMA ARL (a 401-state Markov chain) is slow: 1 input in 16.
    match u.int_in_range(0u8..=15)? {
        0..=7 => {
            let (lambda, width) = (Real::arbitrary(u)?.0, Real::arbitrary(u)?.0);
            let Ok(d) = EwmaDesign::new(lambda, width) else {
                assert!(!(lambda > 0.0 && lambda <= 1.0 && width.is_finite() && width > 0.0));
                return Ok(());
            };
            if let Ok(c) = EwmaChart::with_standard(target, sigma, d, &values) {
                check_ewma(&c);
            }
            if let Ok(c) = EwmaChart::from_baseline(&baseline, d, &values) {
                check_ewma(&c);
            }
        }
        8..=14 => {
            let (k, h) = (Real::arbitrary(u)?.0, Real::arbitrary(u)?.0);
            let Ok(mut d) = CusumDesign::new(k, h) else {
                assert!(!(k.is_finite() && k >= 0.0 && h.is_finite() && h > 0.0));
                return Ok(());
            };
            if bool::arbitrary(u)? {
                d = d.with_fast_initial_response();
            }
            if let Ok(c) = CusumChart::with_standard(target, sigma, d, &values) {
                check_cusum(&c);
            }
            if let Ok(c) = CusumChart::from_baseline(&baseline, d, &values) {
                check_cusum(&c);
            }
            let shift = Real::arbitrary(u)?.0;
            let start = Real::arbitrary(u)?.0;
            let two = d.arl(shift);
            let one = d.one_sided_arl(shift);
            for a in [
                &two,
                &one,
                &d.one_sided_arl_from(shift, start),
                &d.siegmund_arl(shift),
                &d.siegmund_one_sided_arl(shift),
            ]
            .into_iter()
            .flatten()
            {
                assert!(a.is_finite() && *a >= 1.0, "{a}");
            }
            // Two sides alarm no later than one.
            if let (Ok(t), Ok(o)) = (two, one) {
                assert!(t <= o * (1.0 + 1e-9), "{t} > {o}");
            }
        }
        _ => {
            // The Markov chain takes ~0.1 s: one ARL per input.
            let lambda = f64::from(u.int_in_range(1u16..=1000)?) / 1000.0;
            let width = f64::from(u.int_in_range(1u16..=1000)?) / 100.0;
            let shift = Real::arbitrary(u)?.0;
            if let Ok(d) = EwmaDesign::new(lambda, width) {
                if let Ok(a) = d.arl(shift) {
                    assert!(a.is_finite() && a >= 1.0, "{a}");
                }
            }
        }
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let _ = run(&mut u);
});
