//! EWMA and CUSUM charts and their average run lengths against published
//! tables and the independent script `gen/time_weighted_reference.py`
//! (mpmath at 40 digits for the charts and Siegmund's formula, numpy for
//! the Markov chain and the integral equation of the EWMA ARL).
#![allow(clippy::unwrap_used, clippy::expect_used)]
// Reference values are quoted as the script prints them (17 digits).
#![allow(clippy::excessive_precision)]

use servops_kpi::Error;
use servops_kpi::spc::{CusumChart, CusumDesign, CusumSide, EwmaChart, EwmaDesign};

/// Montgomery (2009), *Introduction to Statistical Quality Control*, 6th
/// ed., Table 9.1: 20 observations from N(10, 1), then 10 from N(11, 1).
const TABLE_9_1: [f64; 30] = [
    9.45, 7.99, 9.29, 11.66, 12.16, 10.18, 8.04, 11.46, 9.20, 10.34, 9.03, 11.47, 10.51, 9.40,
    10.08, 9.37, 10.62, 10.31, 8.52, 10.84, 10.90, 9.33, 12.29, 11.50, 10.60, 11.08, 10.38, 11.62,
    11.31, 10.52,
];

fn close(a: f64, b: f64, tol: f64, what: &str) {
    assert!(
        (a - b).abs() <= tol * b.abs().max(1.0),
        "{what}: {a} vs {b} (tol {tol})"
    );
}

/// Montgomery's Table 9.2 (printed to two decimals, exact for data with two
/// decimals; the script gives the same): C+, N+, C-, N- for k = 0.5, h = 5.
#[test]
fn cusum_reproduces_montgomery_table_9_2() {
    let upper = [
        0.0, 0.0, 0.0, 1.16, 2.82, 2.50, 0.04, 1.00, 0.0, 0.0, 0.0, 0.97, 0.98, 0.0, 0.0, 0.0,
        0.12, 0.0, 0.0, 0.34, 0.74, 0.0, 1.79, 2.79, 2.89, 3.47, 3.35, 4.47, 5.28, 5.30,
    ];
    let n_upper = [
        0, 0, 0, 1, 2, 3, 4, 5, 0, 0, 0, 1, 2, 0, 0, 0, 1, 0, 0, 1, 2, 0, 1, 2, 3, 4, 5, 6, 7, 8,
    ];
    let lower = [
        0.05, 1.56, 1.77, 0.0, 0.0, 0.0, 1.46, 0.0, 0.30, 0.0, 0.47, 0.0, 0.0, 0.10, 0.0, 0.13,
        0.0, 0.0, 0.98, 0.0, 0.0, 0.17, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
    ];
    let n_lower = [
        1, 2, 3, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    ];
    let c = CusumChart::with_standard(10.0, 1.0, CusumDesign::new(0.5, 5.0).unwrap(), &TABLE_9_1)
        .unwrap();
    for i in 0..30 {
        close(c.upper()[i], upper[i], 1e-12, &format!("C+ at {}", i + 1));
        close(c.lower()[i], lower[i], 1e-12, &format!("C- at {}", i + 1));
    }
    assert_eq!(c.upper_run_lengths(), n_upper);
    assert_eq!(c.lower_run_lengths(), n_lower);
    assert_eq!((c.reference_value(), c.decision_interval()), (0.5, 5.0));

    // The upper sum exceeds H = 5 at observations 29 and 30 only.
    let s = c.signals();
    assert_eq!(
        s.iter()
            .map(|s| (s.index + 1, s.side, s.run_length))
            .collect::<Vec<_>>(),
        [(29, CusumSide::Upper, 7), (30, CusumSide::Upper, 8)]
    );
    // Montgomery §9.1.2: mu0 + K + C+/N+ = 10.5 + 5.28/7 = 11.25; the
    // script to 17 digits: 11.254285714285714, and 10.5 + 5.30/8 = 11.1625.
    close(s[0].statistic, 5.28, 1e-12, "C+_29");
    close(
        s[0].estimated_mean,
        11.254_285_714_285_714,
        1e-12,
        "mean at 29",
    );
    close(s[1].estimated_mean, 11.1625, 1e-12, "mean at 30");
    assert_eq!(c.first_signal(), Some(s[0]));
}

/// With a fast initial response both sums start at H/2 = 2.5 (script):
/// C+ = 1.45, 0, ...; C- = 2.55, 4.06, 4.27, 2.11, 0, ...; neither exceeds
/// 5 early, and from observation 5 on the sums are those without the head
/// start, so the signals are again at 29 and 30.
#[test]
fn cusum_with_a_head_start() {
    let d = CusumDesign::new(0.5, 5.0)
        .unwrap()
        .with_fast_initial_response();
    let c = CusumChart::with_standard(10.0, 1.0, d, &TABLE_9_1).unwrap();
    let up = [1.45, 0.0, 0.0, 1.16, 2.82, 2.5, 0.04, 1.0];
    let down = [2.55, 4.06, 4.27, 2.11, 0.0, 0.0, 1.46, 0.0];
    for i in 0..8 {
        close(c.upper()[i], up[i], 1e-12, "FIR C+");
        close(c.lower()[i], down[i], 1e-12, "FIR C-");
    }
    assert_eq!(c.lower_run_lengths()[..5], [1, 2, 3, 4, 0]);
    let at: Vec<usize> = c.signals().iter().map(|s| s.index + 1).collect();
    assert_eq!(at, [29, 30]);
}

/// Montgomery (2009), Example 9.2 (lambda = 0.1, L = 2.7 on Table 9.1),
/// every z_i and both exact limits against the script. The EWMA first
/// exceeds its upper limit at observation 29 (z = 10.6468 > 10.6187) and
/// again at 30; z_28 = 10.5731 is still inside (UCL 10.6186).
#[test]
fn ewma_reproduces_montgomery_example_9_2() {
    // (z_i, UCL_i) from the script, 17 significant digits.
    let expected: [(f64, f64); 30] = [
        (9.945, 10.27),
        (9.7495, 10.36324784927099),
        (9.70355, 10.424003172157945),
        (9.899195, 10.467462018671036),
        (10.1252755, 10.499901788863573),
        (10.13074795, 10.524709878687537),
        (9.921673155, 10.543975707179792),
        (10.0755058395, 10.559094582071246),
        (9.98795525555, 10.571047518931789),
        (10.023159729995, 10.580549022728747),
        (9.9238437569955, 10.588132728141323),
        (10.07845938129595, 10.594204582435943),
        (10.121613443166355, 10.599077674002443),
        (10.049452098849719, 10.6029960100908),
        (10.052506888964748, 10.606151295000013),
        (9.984256200068273, 10.608695086121497),
        (10.047830580061446, 10.610747790314013),
        (10.0740475220553, 10.612405437053342),
        (9.918642769849772, 10.613744848988014),
        (10.010778492864794, 10.614827633669836),
        (10.099700643578314, 10.61570329338934),
        (10.022730579220483, 10.616411665891625),
        (10.249457521298435, 10.616984851431787),
        (10.374511769168591, 10.617448741666874),
        (10.397060592251732, 10.617824237428951),
        (10.465354533026559, 10.618128221785156),
        (10.456819079723903, 10.618374339570697),
        (10.573137171751513, 10.6185736231929),
        (10.646823454576361, 10.618734995875531),
        (10.634141109118725, 10.618865676902578),
    ];
    let c = EwmaChart::with_standard(10.0, 1.0, EwmaDesign::new(0.1, 2.7).unwrap(), &TABLE_9_1)
        .unwrap();
    let s = c.statistics();
    for (i, (z, ucl)) in expected.iter().enumerate() {
        close(s.values()[i], *z, 1e-13, &format!("z_{}", i + 1));
        let l = s.limits()[i];
        close(l.upper, *ucl, 1e-13, &format!("UCL_{}", i + 1));
        close(l.lower, 20.0 - ucl, 1e-13, &format!("LCL_{}", i + 1));
        assert_eq!(l.center, 10.0);
        close(l.sigma, (ucl - 10.0) / 2.7, 1e-12, "standard error");
    }
    assert_eq!(c.beyond_limits(), [28, 29]);
    assert_eq!(c.first_signal(), Some(28));
}

/// The phase-I constructors estimate mu0 and sigma as the XmR chart does:
/// for the first 20 observations of Table 9.1, mean 9.996, MRbar 1.55,
/// sigma = 1.55 sqrt(pi)/2 = 1.3736517344517749 (script).
#[test]
fn baseline_estimates() {
    let base = &TABLE_9_1[..20];
    let e = EwmaChart::from_baseline(base, EwmaDesign::new(0.1, 2.7).unwrap(), &TABLE_9_1).unwrap();
    let c =
        CusumChart::from_baseline(base, CusumDesign::new(0.5, 5.0).unwrap(), &TABLE_9_1).unwrap();
    for (target, sigma) in [(e.target(), e.sigma()), (c.target(), c.sigma())] {
        close(target, 9.996, 1e-14, "baseline mean");
        close(sigma, 1.373_651_734_451_774_9, 1e-14, "baseline sigma");
    }
    // No variation in the baseline: no sigma to scale by.
    assert!(matches!(
        CusumChart::from_baseline(&[5.0, 5.0, 5.0], CusumDesign::new(0.5, 5.0).unwrap(), &[]),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(EwmaChart::from_baseline(&[5.0], EwmaDesign::new(0.5, 3.0).unwrap(), &[]).is_err());
}

/// Siegmund's approximation against the script (40-digit mpmath) and
/// against the exact ARLs printed in Montgomery's Table 9.3 (k = 0.5):
/// h = 4: 168 in control, 8.38 at 1 sigma (the same figures as Lucas &
/// Crosier 1982, Table 1); h = 5: 465 and 10.4. The approximation is
/// within 1 % of these.
#[test]
fn cusum_arl_siegmund() {
    let script = [
        (4.0, 0.0, 169.046_583_578_278_92),
        (4.0, 0.25, 74.431_395_692_567_903),
        (4.0, 0.5, 26.641_219_561_133_107),
        (4.0, 1.0, 8.343_356_467_780_725_1),
        (4.0, 2.0, 3.221_777_818_305_508_8),
        (4.0, 3.0, 1.986_400_000_000_465_4),
        (5.0, 0.0, 469.111_182_058_197_29),
        (5.0, 0.25, 139.776_942_586_449_13),
        (5.0, 0.5, 38.006_814_971_486_698),
        (5.0, 1.0, 10.336_194_785_446_628),
        (5.0, 2.0, 3.888_444_446_493_608_8),
        (5.0, 3.0, 2.386_400_000_000_003_2),
    ];
    for (h, shift, arl) in script {
        let d = CusumDesign::new(0.5, h).unwrap();
        close(
            d.siegmund_arl(shift).unwrap(),
            arl,
            1e-12,
            &format!("h {h} shift {shift}"),
        );
        close(d.siegmund_arl(-shift).unwrap(), arl, 1e-12, "symmetric");
    }
    let one_sided = [
        (4.0, 0.0, 338.093_167_156_557_83),
        (4.0, 0.5, 26.687_556),
        (5.0, 1.0, 10.336_199_235_393_468),
    ];
    for (h, shift, arl) in one_sided {
        let d = CusumDesign::new(0.5, h).unwrap();
        close(
            d.siegmund_one_sided_arl(shift).unwrap(),
            arl,
            1e-12,
            "one-sided",
        );
    }
    for (h, shift, published) in [
        (4.0, 0.0, 168.0),
        (4.0, 1.0, 8.38),
        (5.0, 0.0, 465.0),
        (5.0, 1.0, 10.4),
    ] {
        let a = CusumDesign::new(0.5, h)
            .unwrap()
            .siegmund_arl(shift)
            .unwrap();
        assert!(
            (a - published).abs() <= 0.01 * published,
            "h {h} shift {shift}: {a} vs {published}"
        );
    }
    // Near Delta = 0 the formula cancels; the series keeps it smooth.
    let d = CusumDesign::new(0.5, 4.0).unwrap();
    let at = d.siegmund_one_sided_arl(0.5).unwrap();
    close(at, 5.166 * 5.166, 1e-14, "Delta = 0");
    for eps in [1e-9, 1e-6, 1e-3] {
        let (lo, hi) = (
            d.siegmund_one_sided_arl(0.5 - eps).unwrap(),
            d.siegmund_one_sided_arl(0.5 + eps).unwrap(),
        );
        assert!(lo > at && at > hi, "{lo} {at} {hi}");
        assert!((lo - hi).abs() < 200.0 * eps, "{lo} {hi}");
    }
    assert!(d.siegmund_arl(f64::NAN).is_err());
    // Where e^x alone overflows but the ARL does not: k = 3.52, h = 100,
    // in control, 8.2066704331977912e307 one-sided (mpmath), half that
    // two-sided.
    let far = CusumDesign::new(3.52, 100.0).unwrap();
    close(
        far.siegmund_one_sided_arl(0.0).unwrap(),
        8.206_670_433_197_791e307,
        1e-12,
        "log form",
    );
    close(
        far.siegmund_arl(0.0).unwrap(),
        4.103_335_216_598_896e307,
        1e-12,
        "log form, two-sided",
    );
    // The formula falls below 1 for huge shifts (b/Δ = 5.166e-200 at
    // 1e200 σ, mpmath) and for h near 0 (k = 0, h = 0.001: 0.68
    // two-sided): no run is shorter than one point, so 1.
    assert_eq!(d.siegmund_one_sided_arl(1e200).unwrap(), 1.0);
    assert_eq!(d.siegmund_arl(1e200).unwrap(), 1.0);
    assert_eq!(d.siegmund_arl(f64::MAX).unwrap(), 1.0);
    assert_eq!(
        CusumDesign::new(0.0, 0.001)
            .unwrap()
            .siegmund_arl(0.0)
            .unwrap(),
        1.0
    );
    // Both sides far below k with a huge h: e^(2 * 10 * 5001) overflows.
    assert!(
        CusumDesign::new(10.0, 5000.0)
            .unwrap()
            .siegmund_arl(0.0)
            .is_err()
    );
    assert!(
        CusumDesign::new(10.0, 5000.0)
            .unwrap()
            .siegmund_one_sided_arl(0.0)
            .is_err()
    );
}

/// Lucas & Saccucci (1990) as tabulated in Montgomery (2009), Table 9.11:
/// the ARL-500 designs, ARL at shifts 0 to 4 sigma. Each value agrees to
/// half a unit of its last printed digit plus 0.15 % (the chain's
/// discretisation error; the script's 401-state chain and integral
/// equation give the same figures, see its output).
#[test]
fn ewma_arl_lucas_saccucci() {
    let shifts = [0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0];
    // (lambda, L, [ARL at the shifts above])
    let table: [(f64, f64, [f64; 10]); 5] = [
        (
            0.40,
            3.054,
            [500.0, 224.0, 71.2, 28.4, 14.3, 5.9, 3.5, 2.5, 2.0, 1.4],
        ),
        (
            0.25,
            2.998,
            [500.0, 170.0, 48.2, 20.1, 11.1, 5.5, 3.6, 2.7, 2.3, 1.7],
        ),
        (
            0.20,
            2.962,
            [500.0, 150.0, 41.8, 18.2, 10.5, 5.5, 3.7, 2.9, 2.4, 1.9],
        ),
        (
            0.10,
            2.814,
            [500.0, 106.0, 31.3, 15.9, 10.3, 6.1, 4.4, 3.4, 2.9, 2.2],
        ),
        (
            0.05,
            2.615,
            [500.0, 84.1, 28.8, 16.4, 11.4, 7.1, 5.2, 4.2, 3.5, 2.7],
        ),
    ];
    for (lam, l, row) in table {
        let d = EwmaDesign::new(lam, l).unwrap();
        for (shift, published) in shifts.iter().zip(row) {
            // Printed as integers from 100 up, else to one decimal.
            let half_unit = if published >= 100.0 { 0.5 } else { 0.05 };
            let a = d.arl(*shift).unwrap();
            assert!(
                (a - published).abs() <= half_unit + 0.0015 * published,
                "lambda {lam} L {l} shift {shift}: {a} vs {published}"
            );
        }
    }
}

/// The Rust chain against the script's chain with the same 401 states
/// (numpy, independent code) to 1e-9, and against the integral equation
/// (Crowder 1987, 200 Gauss-Legendre nodes) to 0.03 %. For lambda = 0.1,
/// L = 2.7 (Montgomery's Example 9.2 design) the in-control ARL is about
/// 369, not 500: the ARL-500 design with lambda = 0.1 has L = 2.814.
#[test]
fn ewma_arl_against_the_script() {
    let cases = [
        (0.1, 2.7, 0.0, 368.926_392_503_646_9, 368.993_733_981_328_66),
        (0.1, 2.7, 1.0, 9.730_095_241_550_279, 9.730_011_622_255_455),
        (0.1, 2.7, -1.0, 9.730_095_241_550_282, 9.730_011_622_255_455),
        (
            0.1,
            2.814,
            0.0,
            499.470_131_727_528_04,
            499.579_550_083_952_9,
        ),
        (
            0.4,
            3.054,
            1.0,
            14.262_787_985_189_044,
            14.262_764_263_053_521,
        ),
        (
            0.05,
            2.615,
            0.25,
            84.001_609_871_183_08,
            84.005_861_726_313_75,
        ),
    ];
    for (lam, l, shift, chain, integral) in cases {
        let a = EwmaDesign::new(lam, l).unwrap().arl(shift).unwrap();
        close(
            a,
            chain,
            1e-9,
            &format!("chain lambda {lam} L {l} shift {shift}"),
        );
        close(a, integral, 3e-4, "integral equation");
    }
    assert!(
        EwmaDesign::new(0.1, 2.7)
            .unwrap()
            .arl(f64::INFINITY)
            .is_err()
    );
}

/// Bad designs and inputs are typed errors naming the parameter.
#[test]
fn bad_input() {
    for (lam, l, name) in [
        (0.0, 3.0, "lambda"),
        (-0.1, 3.0, "lambda"),
        (1.0000001, 3.0, "lambda"),
        (f64::NAN, 3.0, "lambda"),
        (0.2, 0.0, "L (limit width)"),
        (0.2, f64::INFINITY, "L (limit width)"),
    ] {
        assert!(
            matches!(EwmaDesign::new(lam, l), Err(Error::InvalidParameter { name: n, .. }) if n == name),
            "{lam} {l}"
        );
    }
    for (k, h, name) in [
        (-1.0, 4.0, "k"),
        (f64::NAN, 4.0, "k"),
        (0.5, -4.0, "h"),
        (0.5, f64::INFINITY, "h"),
    ] {
        assert!(
            matches!(CusumDesign::new(k, h), Err(Error::InvalidParameter { name: n, .. }) if n == name),
            "{k} {h}"
        );
    }
    let (e, c) = (
        EwmaDesign::new(0.2, 3.0).unwrap(),
        CusumDesign::new(0.5, 4.0).unwrap(),
    );
    for (target, sigma, values, name) in [
        (f64::NAN, 1.0, vec![1.0], "target"),
        (0.0, 0.0, vec![1.0], "sigma"),
        (0.0, -1.0, vec![1.0], "sigma"),
        (0.0, f64::INFINITY, vec![1.0], "sigma"),
        (0.0, 1.0, vec![1.0, f64::NAN], "value"),
    ] {
        assert!(
            matches!(EwmaChart::with_standard(target, sigma, e, &values), Err(Error::InvalidParameter { name: n, .. }) if n == name),
            "ewma {name}"
        );
        assert!(
            matches!(CusumChart::with_standard(target, sigma, c, &values), Err(Error::InvalidParameter { name: n, .. }) if n == name),
            "cusum {name}"
        );
    }
    // Overflow: limits and sums beyond f64 are refused, not infinite.
    assert!(
        EwmaChart::with_standard(1e308, 1e308, EwmaDesign::new(1.0, 3.0).unwrap(), &[0.0]).is_err()
    );
    assert!(
        CusumChart::with_standard(
            0.0,
            1e300,
            CusumDesign::new(0.5, 4.0).unwrap(),
            &[1.5e308, 1.5e308, 1.5e308]
        )
        .is_err()
    );
    // No values: an empty chart, no signal.
    let empty = CusumChart::with_standard(0.0, 1.0, c, &[]).unwrap();
    assert!(empty.signals().is_empty() && empty.first_signal().is_none());
}

#[cfg(feature = "serde")]
#[test]
fn serde_round_trip_rebuilds_the_chart() {
    let e = EwmaChart::with_standard(10.0, 1.0, EwmaDesign::new(0.1, 2.7).unwrap(), &TABLE_9_1)
        .unwrap();
    let json = serde_json::to_string(&e).unwrap();
    assert!(
        json.starts_with(
            r#"{"target":10.0,"sigma":1.0,"design":{"lambda":0.1,"width":2.7},"values":[9.45"#
        ),
        "{json}"
    );
    assert_eq!(serde_json::from_str::<EwmaChart>(&json).unwrap(), e);
    let c = CusumChart::with_standard(
        10.0,
        1.0,
        CusumDesign::new(0.5, 5.0)
            .unwrap()
            .with_fast_initial_response(),
        &TABLE_9_1,
    )
    .unwrap();
    let json = serde_json::to_string(&c).unwrap();
    assert!(
        json.contains(r#""design":{"k":0.5,"h":5.0,"fast_initial_response":true}"#),
        "{json}"
    );
    assert_eq!(serde_json::from_str::<CusumChart>(&json).unwrap(), c);
    // Deserialising checks like the constructors.
    assert!(serde_json::from_str::<EwmaDesign>(r#"{"lambda":0.0,"width":3.0}"#).is_err());
    assert!(serde_json::from_str::<CusumDesign>(r#"{"k":0.5,"h":-1.0}"#).is_err());
    assert!(
        serde_json::from_str::<CusumChart>(
            r#"{"target":0.0,"sigma":0.0,"design":{"k":0.5,"h":4.0},"values":[]}"#
        )
        .is_err()
    );
    let sig = serde_json::to_string(&c.first_signal().unwrap()).unwrap();
    assert!(sig.contains(r#""side":"upper""#), "{sig}");
}
