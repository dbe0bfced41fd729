//! Agreement statistics, ICC, Wilson intervals and sample sizes on published
//! data sets, against statsmodels, pingouin, irrCAC and SciPy (values in
//! `tests/data/spc_qa/reference.csv`, written by `gen_reference.py`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod spc_qa_support;

use servops_kpi::qa::{
    AgreementTable, ConfidenceLevel, IccForm, IntraclassCorrelation, KappaWeighting, RatingCounts,
    normal_quantile, sample_size_for_proportion, wilson_interval,
};
use spc_qa_support::{close, get, numeric, reference, rows};

/// Same formula, independent code: agreement to rounding.
const TOOL_TOL: f64 = 1e-12;
/// irrCAC prints its coefficients to 5 decimals.
const IRRCAC_TOL: f64 = 5e-6;

fn table(name: &str) -> AgreementTable {
    let rows: Vec<Vec<u64>> = numeric(name, 1)
        .into_iter()
        .map(|r| r.into_iter().map(|x| x as u64).collect())
        .collect();
    AgreementTable::from_counts(&rows).unwrap()
}

#[test]
fn cohen_kappa_all_weightings_match_statsmodels() {
    let r = reference();
    for name in ["sas_skin_condition", "wikipedia_cohen_2x2"] {
        let t = table(&format!("{name}.csv"));
        for (w, key) in [
            (KappaWeighting::Unweighted, "cohen_kappa_unweighted"),
            (KappaWeighting::Linear, "cohen_kappa_linear"),
            (KappaWeighting::Quadratic, "cohen_kappa_quadratic"),
        ] {
            close(t.cohen_kappa(w).unwrap(), get(&r, name, key), TOOL_TOL, key);
        }
        close(
            t.gwet_ac1().unwrap(),
            get(&r, name, "gwet_ac1"),
            IRRCAC_TOL,
            "AC1",
        );
    }
}

#[test]
fn cohen_kappa_matches_the_published_values() {
    // SAS/STAT PROC FREQ "Agreement Study" (skin condition): simple kappa 0.3449.
    let t = table("sas_skin_condition.csv");
    close(
        t.cohen_kappa(KappaWeighting::Unweighted).unwrap(),
        0.3449,
        5e-5,
        "SAS",
    );
    // Wikipedia's Cohen's kappa example (20/5/10/15): kappa = 0.4.
    let t = table("wikipedia_cohen_2x2.csv");
    close(
        t.cohen_kappa(KappaWeighting::Unweighted).unwrap(),
        0.4,
        1e-15,
        "Wikipedia",
    );
}

#[test]
fn fleiss_1971_matches_the_paper_statsmodels_and_irrcac() {
    let rows: Vec<Vec<u64>> = numeric("fleiss_1971_diagnoses.csv", 0)
        .into_iter()
        .map(|r| r.into_iter().map(|x| x as u64).collect())
        .collect();
    let counts = RatingCounts::new(&rows).unwrap();
    assert_eq!((counts.subjects(), counts.raters_per_subject()), (30, 6));
    let kappa = counts.fleiss_kappa().unwrap();
    // Fleiss (1971) reports kappa = .430.
    close(kappa, 0.430, 5e-4, "Fleiss 1971");
    let r = reference();
    close(
        kappa,
        get(&r, "fleiss_1971_diagnoses", "fleiss_kappa@statsmodels"),
        TOOL_TOL,
        "statsmodels",
    );
    close(
        kappa,
        get(&r, "fleiss_1971_diagnoses", "fleiss_kappa@irrCAC"),
        IRRCAC_TOL,
        "irrCAC",
    );
    close(
        counts.gwet_ac1().unwrap(),
        get(&r, "fleiss_1971_diagnoses", "gwet_ac1"),
        IRRCAC_TOL,
        "AC1",
    );
}

#[test]
fn shrout_fleiss_icc_matches_the_paper_and_pingouin() {
    let scores = numeric("shrout_fleiss_1979.csv", 0);
    let icc = IntraclassCorrelation::new(&scores).unwrap();
    let r = reference();
    // Shrout & Fleiss (1979), the six-target example: .17 .29 .71 .44 .62 .91.
    let published = [0.17, 0.29, 0.71, 0.44, 0.62, 0.91];
    let pingouin = [
        "icc(1,1)", "icc(a,1)", "icc(c,1)", "icc(1,k)", "icc(a,k)", "icc(c,k)",
    ];
    for ((form, paper), key) in IccForm::ALL.iter().zip(published).zip(pingouin) {
        let got = icc.icc(*form).unwrap();
        close(got, paper, 0.005, &format!("{form} vs paper"));
        close(
            got,
            get(&r, "shrout_fleiss_1979", &format!("icc_{key}")),
            TOOL_TOL,
            &format!("{form} vs pingouin"),
        );
    }
}

#[test]
fn wilson_intervals_match_statsmodels_and_newcombe() {
    let r = reference();
    let cases = [
        (81, 263, 0.95),
        (15, 148, 0.95),
        (0, 20, 0.95),
        (1, 29, 0.95),
        (29, 29, 0.95),
        (45, 50, 0.90),
        (180, 200, 0.99),
        (7, 12, 0.80),
    ];
    for (x, n, conf) in cases {
        let w = wilson_interval(x, n, ConfidenceLevel::new(conf).unwrap())
            .unwrap()
            .unwrap();
        let key = format!("wilson_{x}_{n}_{conf}");
        close(w.lower, get(&r, &key, "lower"), 1e-12, &key);
        close(w.upper, get(&r, &key, "upper"), 1e-12, &key);
    }
    // Newcombe (1998), Table I, method 3 (score interval).
    let c = ConfidenceLevel::new(0.95).unwrap();
    for (x, n, lo, hi) in [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ] {
        let w = wilson_interval(x, n, c).unwrap().unwrap();
        close(w.lower, lo, 5e-5, "Newcombe lower");
        close(w.upper, hi, 5e-5, "Newcombe upper");
    }
}

#[test]
fn sample_sizes_match_scipy() {
    let r = reference();
    for row in rows("reference.csv") {
        let key = &row[0];
        if !key.starts_with("sample_size_") || row[1] != "n" {
            continue;
        }
        let parts: Vec<f64> = key["sample_size_".len()..]
            .split('_')
            .map(|s| s.parse().unwrap())
            .collect();
        let (p, e, conf, pop) = (parts[0], parts[1], parts[2], parts[3] as u64);
        let population = if pop == 0 { None } else { Some(pop) };
        let s = sample_size_for_proportion(p, e, ConfidenceLevel::new(conf).unwrap(), population)
            .unwrap();
        close(s.unadjusted, get(&r, key, "n0"), 1e-9, key);
        close(s.adjusted, get(&r, key, "n"), 1e-9, key);
        assert_eq!(s.required as f64, get(&r, key, "n_ceil"), "{key}");
    }
}

#[test]
fn normal_quantile_matches_scipy() {
    let r = reference();
    for row in rows("reference.csv") {
        if row[0] != "normal_quantile" {
            continue;
        }
        let p: f64 = row[1]["q_".len()..].parse().unwrap();
        let want = get(&r, "normal_quantile", &row[1]);
        close(
            normal_quantile(p).unwrap(),
            want,
            1e-12 * (1.0 + want.abs()),
            &row[1],
        );
    }
}
