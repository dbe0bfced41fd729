//! Laney's p′ and u′ charts against hand computation and the independent
//! numpy script `gen/laney_reference.py` (no crate code; run it to
//! regenerate the values below).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use servops_kpi::Error;
use servops_kpi::spc::{LaneyPChart, LaneyUChart, PChart, Rule, UChart};

const TOL: f64 = 1e-12;

fn close(a: f64, b: f64, what: &str) {
    assert!(
        (a - b).abs() <= TOL * b.abs().max(1.0),
        "{what}: {a} vs {b} (diff {})",
        (a - b).abs()
    );
}

fn close_all(got: impl Iterator<Item = f64>, want: &[f64], what: &str) {
    let got: Vec<f64> = got.collect();
    assert_eq!(got.len(), want.len(), "{what}: length");
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        close(g, w, &format!("{what}[{i}]"));
    }
}

#[test]
fn p_prime_by_hand() {
    // p̄ = 200/1000 = 0.2; σ_p = 0.04 (n = 100), 0.02 (n = 400);
    // z = 2.5, -2.5, -2.5, 2.5; MR = 5, 0, 5; σ_z = (10/3)/1.128.
    let c = LaneyPChart::new(&[30, 60, 10, 100], &[100, 400, 100, 400]).unwrap();
    close(c.center(), 0.2, "centre");
    close(c.sigma_z(), 2.955_082_742_316_785_4, "sigma_z");
    let l = c.proportions().limits();
    close_all(
        l.iter().map(|l| l.lower),
        &[
            0.0,
            0.022_695_035_460_992_885,
            0.0,
            0.022_695_035_460_992_885,
        ],
        "lower",
    );
    close_all(
        l.iter().map(|l| l.upper),
        &[
            0.554_609_929_078_014_2,
            0.377_304_964_539_007_14,
            0.554_609_929_078_014_2,
            0.377_304_964_539_007_14,
        ],
        "upper",
    );
    close_all(
        l.iter().map(|l| l.sigma),
        &[
            0.118_203_309_692_671_41,
            0.059_101_654_846_335_706,
            0.118_203_309_692_671_41,
            0.059_101_654_846_335_706,
        ],
        "sigma",
    );
}

#[test]
fn u_prime_by_hand() {
    // ū = 80/20 = 4; σ_u = √2 (n = 2), 1/√2 (n = 8); z = ±√2;
    // MR̄ = 4√2/3; σ_z = 4√2/(3 × 1.128).
    let c = LaneyUChart::new(&[12, 24, 4, 40], &[2.0, 8.0, 2.0, 8.0]).unwrap();
    close(c.center(), 4.0, "centre");
    close(c.sigma_z(), 1.671_647_236_847_63, "sigma_z");
    let l = c.rates().limits();
    close_all(
        l.iter().map(|l| l.lower),
        &[0.0, 0.453_900_709_219_857_9, 0.0, 0.453_900_709_219_857_9],
        "lower",
    );
    close_all(
        l.iter().map(|l| l.upper),
        &[
            11.092_198_581_560_284,
            7.546_099_290_780_142,
            11.092_198_581_560_284,
            7.546_099_290_780_142,
        ],
        "upper",
    );
}

#[test]
fn phase_two_against_a_standard() {
    // 0.2 ± 3 × 0.04 × 2 = [0, 0.44]: 0.45 is beyond, 0.20 is not.
    let c = LaneyPChart::with_standard(0.2, 2.0, &[45, 20], &[100, 100]).unwrap();
    close(c.proportions().limits()[0].upper, 0.44, "upper");
    assert_eq!(c.proportions().limits()[0].lower, 0.0);
    assert_eq!(c.sigma_z(), 2.0);
    assert_eq!(c.proportions().beyond_limits(), vec![0]);
    let sig = c.signals(&[Rule::WesternElectric1]);
    assert_eq!(sig.len(), 1);
    assert_eq!(sig[0].index, 0);
    // One subgroup is enough against a standard.
    assert!(LaneyUChart::with_standard(1.0, 1.5, &[3], &[2.0]).is_ok());
}

/// 30 days of 2,000-4,000 offered calls, the true rate drawn from a beta
/// (mean 6 %, sd 1.5 points), abandons binomial (seed in the script).
const COUNTS: [u64; 30] = [
    83, 180, 278, 299, 84, 159, 215, 218, 75, 173, 309, 173, 210, 229, 120, 174, 219, 171, 277,
    228, 185, 136, 190, 91, 280, 160, 162, 164, 136, 91,
];
const SIZES: [u64; 30] = [
    2286, 3316, 3470, 3370, 2320, 3221, 2619, 3293, 2836, 2488, 3411, 3302, 3352, 3483, 2145, 2241,
    3659, 2960, 3557, 3312, 3720, 2269, 3648, 2784, 3359, 2773, 2118, 2181, 3380, 2471,
];

#[test]
fn p_prime_on_over_dispersed_days() {
    let c = LaneyPChart::new(&COUNTS, &SIZES).unwrap();
    close(c.center(), 0.061_212_840_257_879_66, "centre");
    close(c.sigma_z(), 4.065_314_840_402_049, "sigma_z");
    let upper = [
        0.122_360_827_048_472_98,
        0.111_983_524_347_912_78,
        0.110_844_127_439_679_45,
        0.111_575_113_581_911_5,
        0.121_911_106_138_097_83,
        0.112_726_797_565_164_77,
        0.118_341_301_556_456_6,
        0.112_160_520_069_909_06,
        0.116_112_185_247_203_68,
        0.119_825_993_787_813_56,
        0.111_271_522_900_241_42,
        0.112_091_040_665_159_4,
        0.111_710_153_436_978_35,
        0.110_751_418_581_757_1,
        0.124_338_601_424_730_74,
        0.122_971_711_213_606_84,
        0.109_545_319_308_572_48,
        0.114_949_964_408_971_32,
        0.110_233_408_756_823_12,
        0.112_014_173_722_325_24,
        0.109_147_406_981_607_19,
        0.122_589_468_729_347_56,
        0.109_618_134_150_865_35,
        0.116_622_522_631_282_42,
        0.111_657_508_967_792_42,
        0.116_732_314_057_701_76,
        0.124_739_686_893_307_25,
        0.123_815_450_737_675_66,
        0.111_500_557_992_071_04,
        0.120_027_271_748_126_8,
    ];
    close_all(
        c.proportions().limits().iter().map(|l| l.upper),
        &upper,
        "upper",
    );
    let lower = [
        6.485_346_728_634_517e-5,
        0.010_442_156_167_846_543,
        0.011_581_553_076_079_866,
        0.010_850_566_933_847_831,
        0.000_514_574_377_661_482_2,
        0.009_698_882_950_594_56,
        0.004_084_378_959_302_72,
        0.010_265_160_445_850_248,
        0.006_313_495_268_555_645,
        0.002_599_686_727_945_756,
        0.011_154_157_615_517_898,
        0.010_334_639_850_599_91,
        0.010_715_527_078_780_977,
        0.011_674_261_934_002_207,
        0.0,
        0.0,
        0.012_880_361_207_186_851,
        0.007_475_716_106_787_995,
        0.012_192_271_758_936_196,
        0.010_411_506_793_434_083,
        0.013_278_273_534_152_14,
        0.0,
        0.012_807_546_364_893_972,
        0.005_803_157_884_476_891,
        0.010_768_171_547_966_908,
        0.005_693_366_458_057_555_5,
        0.0,
        0.0,
        0.010_925_122_523_688_29,
        0.002_398_408_767_632_524_7,
    ];
    // Lower limits are differences of nearly equal numbers: compare them
    // absolutely (1e-12 of the centre's scale).
    for (i, (l, w)) in c.proportions().limits().iter().zip(lower).enumerate() {
        assert!((l.lower - w).abs() <= 1e-12 * c.center(), "lower[{i}]");
    }
    // The script's counts beyond the limits: none for p′, 13 days for p.
    assert!(c.proportions().beyond_limits().is_empty());
    let p = PChart::new(&COUNTS, &SIZES).unwrap();
    assert_eq!(
        p.proportions().beyond_limits(),
        vec![0, 2, 3, 4, 6, 8, 10, 15, 18, 23, 24, 28, 29]
    );
}

#[test]
fn u_prime_on_over_dispersed_days() {
    let hours = [
        92.8, 70.7, 60.8, 70.1, 98.4, 78.6, 68.3, 97.0, 73.1, 65.7, 92.6, 62.4, 82.7, 62.6, 87.9,
        93.9, 60.1, 91.2, 60.8, 81.9, 87.0, 79.0, 64.1, 94.5, 67.0, 83.6, 84.8, 75.9, 96.9, 73.8,
    ];
    let c = LaneyUChart::new(&COUNTS, &hours).unwrap();
    close(c.center(), 2.319_141_718_259_689, "centre");
    close(c.sigma_z(), 6.507_522_016_670_715, "sigma_z");
    let l = c.rates().limits();
    close(l[0].upper, 5.405_359_412_656_518_5, "upper[0]");
    close(l[16].upper, 6.154_123_534_027_493, "upper[16]");
    close(l[29].sigma, 1.153_589_008_444_889_4, "sigma[29]");
    assert!(l.iter().all(|l| l.lower == 0.0));
    assert!(c.rates().beyond_limits().is_empty());
    let u = UChart::new(&COUNTS, &hours).unwrap();
    assert_eq!(
        u.rates().beyond_limits(),
        vec![0, 2, 3, 4, 6, 8, 10, 13, 14, 16, 18, 21, 22, 23, 24, 28, 29]
    );
}

#[test]
fn refusals_are_typed() {
    let invalid = |r: Result<LaneyPChart, Error>, name: &str| match r {
        Err(Error::InvalidParameter { name: n, .. }) => assert_eq!(n, name),
        other => panic!("expected {name} refused, got {other:?}"),
    };
    invalid(LaneyPChart::new(&[1], &[10]), "number of subgroups");
    invalid(LaneyPChart::new(&[], &[]), "number of subgroups");
    invalid(LaneyPChart::new(&[1, 2], &[10, 0]), "subgroup size");
    invalid(LaneyPChart::new(&[1, 11], &[10, 10]), "count");
    invalid(LaneyPChart::with_standard(1.5, 1.0, &[1], &[2]), "p0");
    invalid(
        LaneyPChart::with_standard(0.5, f64::NAN, &[1], &[2]),
        "sigma_z",
    );
    invalid(LaneyPChart::with_standard(0.5, -1.0, &[1], &[2]), "sigma_z");
    invalid(
        LaneyPChart::with_standard(0.5, f64::INFINITY, &[1], &[2]),
        "sigma_z",
    );
    invalid(
        LaneyPChart::with_standard(0.5, f64::MAX, &[1], &[1]),
        "sigma_z",
    );
    // Huge but finite limits are a chart (clipped to [0, 1]).
    assert!(LaneyPChart::with_standard(0.5, 1e308, &[1], &[2]).is_ok());
    assert!(matches!(
        LaneyPChart::new(&[1, 2], &[10]),
        Err(Error::DimensionMismatch { .. })
    ));
    let invalid_u = |r: Result<LaneyUChart, Error>, name: &str| match r {
        Err(Error::InvalidParameter { name: n, .. }) => assert_eq!(n, name),
        other => panic!("expected {name} refused, got {other:?}"),
    };
    invalid_u(LaneyUChart::new(&[1], &[1.0]), "number of subgroups");
    invalid_u(LaneyUChart::new(&[1, 2], &[1.0, f64::NAN]), "units");
    invalid_u(LaneyUChart::new(&[1, 2], &[1.0, 0.0]), "units");
    invalid_u(LaneyUChart::new(&[1, 2], &[1.0, f64::INFINITY]), "units");
    invalid_u(LaneyUChart::new(&[1, 1], &[1e-320, 1.0]), "units");
    invalid_u(
        LaneyUChart::with_standard(f64::NAN, 1.0, &[1], &[1.0]),
        "u0",
    );
    invalid_u(
        LaneyUChart::with_standard(1.0, -0.5, &[1], &[1.0]),
        "sigma_z",
    );
    assert!(matches!(
        LaneyUChart::new(&[1, 2], &[1.0]),
        Err(Error::DimensionMismatch { .. })
    ));
}

#[test]
fn sigma_z_zero_collapses_the_limits_without_nan() {
    // Every point on the centre line: σ_z = 0, limits = centre, no signal.
    let c = LaneyPChart::new(&[5, 10, 20], &[100, 200, 400]).unwrap();
    assert_eq!(c.sigma_z(), 0.0);
    for l in c.proportions().limits() {
        assert_eq!(
            (l.lower, l.center, l.upper, l.sigma),
            (0.05, 0.05, 0.05, 0.0)
        );
    }
    let mut all = Rule::WESTERN_ELECTRIC.to_vec();
    all.extend(Rule::NELSON);
    assert!(c.signals(&all).is_empty());
    // p̄ = 0 and p̄ = 1: σ_p = 0, the z-scores are taken as 0.
    for (counts, sizes) in [([0u64, 0], [10u64, 20]), ([10, 20], [10, 20])] {
        let c = LaneyPChart::new(&counts, &sizes).unwrap();
        assert_eq!(c.sigma_z(), 0.0);
        assert!(c.signals(&all).is_empty());
    }
    let u = LaneyUChart::new(&[0, 0], &[1.0, 3.0]).unwrap();
    assert_eq!((u.center(), u.sigma_z()), (0.0, 0.0));
    assert!(u.signals(&all).is_empty());
    // Judged against a standard σ_z = 0: any point off the centre signals.
    let j = LaneyPChart::with_standard(0.05, 0.0, &[5, 6], &[100, 100]).unwrap();
    assert_eq!(j.proportions().beyond_limits(), vec![1]);
}

#[cfg(feature = "serde")]
#[test]
fn serde_round_trips_and_checks() {
    let p = LaneyPChart::new(&COUNTS, &SIZES).unwrap();
    let json = serde_json::to_string(&p).unwrap();
    let back: LaneyPChart = serde_json::from_str(&json).unwrap();
    assert_eq!(back, p);
    let u = LaneyUChart::new(&[12, 24, 4, 40], &[2.0, 8.0, 2.0, 8.0]).unwrap();
    let back: LaneyUChart = serde_json::from_str(&serde_json::to_string(&u).unwrap()).unwrap();
    assert_eq!(back, u);
    let zero = LaneyPChart::new(&[5, 10], &[100, 200]).unwrap();
    let back: LaneyPChart = serde_json::from_str(&serde_json::to_string(&zero).unwrap()).unwrap();
    assert_eq!(back, zero);
    // A sigma above σ_z sqrt(p(1-p)) is not a p′ chart.
    let mut v: serde_json::Value = serde_json::to_value(&p).unwrap();
    v["sigma_z"] = serde_json::json!(0.01);
    assert!(serde_json::from_value::<LaneyPChart>(v.clone()).is_err());
    v["sigma_z"] = serde_json::json!(-1.0);
    assert!(serde_json::from_value::<LaneyPChart>(v).is_err());
    let mut w: serde_json::Value = serde_json::to_value(&u).unwrap();
    w["sigma_z"] = serde_json::json!(0.0);
    assert!(serde_json::from_value::<LaneyUChart>(w).is_err());
}
