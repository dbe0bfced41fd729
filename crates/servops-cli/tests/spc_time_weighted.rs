//! `servops spc --chart ewma` and `--chart cusum` on Montgomery's
//! (2009, *Introduction to Statistical Quality Control*, 6th ed.) Table
//! 9.1 data (tests/data/montgomery_table_9_1.csv: the 30 observations of
//! servops-kpi's tests/spc_time_weighted.rs, 20 from N(10, 1) then 10 from
//! N(11, 1)). Reference values: Montgomery's Table 9.2 (CUSUM, published)
//! and crates/servops-kpi/gen/time_weighted_reference.py (mpmath at 40
//! digits for the charts and the estimate from a baseline; numpy's Markov
//! chain of 401 states and the integral equation for the EWMA ARL) and
//! crates/servops-kpi/gen/cusum_arl_reference.py (the exact CUSUM ARL, a
//! 30-digit mpmath solve of its integral equation), quoted as the scripts
//! print them.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(clippy::excessive_precision)]

mod common;
use common::*;

fn close(got: f64, want: f64, tol: f64, what: &str) {
    assert!(
        (got - want).abs() <= tol * want.abs().max(1.0),
        "{what}: {got} vs {want} (tol {tol})"
    );
}

fn table9() -> String {
    data("montgomery_table_9_1.csv")
}

/// CUSUM, mu0 = 10, sigma = 1, k = 0.5, h = 5: Montgomery's Table 9.2.
/// The upper sum first exceeds H = 5 at observation 29, C+ = 5.28 with
/// N+ = 7 (so the shift began after observation 22: the run is 23..=29),
/// estimated new mean 10 + 0.5 + 5.28/7 = 11.2543 (§9.1.2); again at 30
/// (5.30, N+ = 8, 10.5 + 5.30/8 = 11.1625); the lower sum never does.
/// The ARLs are exact (cusum_arl_reference.py: 465.44350603206177 in
/// control, 10.375969921593599 at 1 sigma), Montgomery's Table 9.3 (465,
/// 10.4) to its printed figures; Siegmund's approximation, printed before,
/// gave 469.11 and 10.336.
#[test]
fn cusum_on_montgomery_table_9_1() {
    let v = spc_json(&[
        &table9(),
        "--chart",
        "cusum",
        "--value",
        "x",
        "--label",
        "observation",
        "--target",
        "10",
        "--sigma",
        "1",
        "--k",
        "0.5",
        "--h",
        "5",
    ]);
    let signals = v["signals"].as_array().unwrap();
    assert_eq!(signals.len(), 2, "{v}");
    let s = &signals[0];
    assert_eq!(s["rule"], "CUSUM upper");
    assert_eq!(s["side"], "upper");
    assert_eq!(s["point"], 29);
    assert_eq!(s["label"], "29");
    assert_eq!(s["line"], 30);
    assert_eq!(s["run_length"], 7);
    assert_eq!(s["first_point"], 23);
    close(f(&s["statistic"]), 5.28, 1e-12, "C+ at 29");
    close(f(&s["estimated_mean"]), 10.5 + 5.28 / 7.0, 1e-12, "mean");
    close(f(&s["estimated_mean"]), 11.254285714285714, 1e-12, "mean");
    let s = &signals[1];
    assert_eq!(
        (s["point"].as_i64(), s["run_length"].as_i64()),
        (Some(30), Some(8))
    );
    close(f(&s["statistic"]), 5.30, 1e-12, "C+ at 30");
    close(f(&s["estimated_mean"]), 11.1625, 1e-12, "mean at 30");

    let points = v["points"].as_array().unwrap();
    assert_eq!(points.len(), 30);
    let p = &points[28];
    close(f(&p["c_plus"]), 5.28, 1e-12, "c_plus");
    assert_eq!(p["n_plus"], 7);
    assert_eq!(p["c_minus"], 0.0);
    assert_eq!(p["n_minus"], 0);
    assert_eq!(p["h"], 5.0);
    assert_eq!(p["signals"], "CUSUM upper");
    assert_eq!(p["phase"], "judged");
    // Table 9.2, observation 3: C- = 1.77, N- = 3; 28: C+ = 4.47, no signal.
    close(f(&points[2]["c_minus"]), 1.77, 1e-12, "C- at 3");
    assert_eq!(points[2]["n_minus"], 3);
    close(f(&points[27]["c_plus"]), 4.47, 1e-12, "C+ at 28");
    assert_eq!(points[27]["signals"], "");

    assert_eq!(measure(&v, "baseline points"), 0);
    assert_eq!(measure(&v, "signals"), 2);
    close(
        f(&measure(&v, "reference value K = k sigma")),
        0.5,
        0.0,
        "K",
    );
    close(
        f(&measure(&v, "decision interval H = h sigma")),
        5.0,
        0.0,
        "H",
    );
    let arl0 = f(&measure(&v, "in-control ARL"));
    let arl1 = f(&measure(&v, "ARL at a 1 sigma shift"));
    close(arl0, 465.44350603206177, 1e-12, "ARL0");
    close(arl1, 10.375969921593599, 1e-12, "ARL1");
    close(arl0, 465.0, 0.5 / 465.0, "ARL0 against Table 9.3");
    close(arl1, 10.4, 0.05 / 10.4, "ARL1 against Table 9.3");
}

/// EWMA, mu0 = 10, sigma = 1, lambda = 0.1, L = 2.7 (Montgomery's Example
/// 9.2): the first point beyond a limit is observation 29, z =
/// 10.646823454576361 > UCL 10.618734995875531; at 28, z =
/// 10.573137171751513 < 10.6185736231929; at 1 the limits are 10 -+ 2.7 x
/// 0.1 = 9.73 and 10.27. The ARLs are the 401-state chain's (the script:
/// 368.9263925036469 and 9.730095241550279), within 0.03 % of the integral
/// equation (368.99373398132866, 9.730011622255455).
#[test]
fn ewma_on_montgomery_table_9_1() {
    let v = spc_json(&[
        &table9(),
        "--chart",
        "ewma",
        "--value",
        "x",
        "--target",
        "10",
        "--sigma",
        "1",
        "--lambda",
        "0.1",
        "--limit-width",
        "2.7",
    ]);
    let points = v["points"].as_array().unwrap();
    close(f(&points[0]["ewma"]), 9.945, 1e-12, "z1");
    close(f(&points[0]["lower"]), 9.73, 1e-12, "LCL1");
    close(f(&points[0]["upper"]), 10.27, 1e-12, "UCL1");
    close(f(&points[27]["ewma"]), 10.573137171751513, 1e-12, "z28");
    close(f(&points[27]["upper"]), 10.6185736231929, 1e-12, "UCL28");
    assert_eq!(points[27]["signals"], "");
    close(f(&points[28]["ewma"]), 10.646823454576361, 1e-12, "z29");
    close(f(&points[28]["upper"]), 10.618734995875531, 1e-12, "UCL29");
    close(f(&points[28]["lower"]), 9.3812650041244692, 1e-12, "LCL29");
    assert_eq!(points[28]["centre"], 10.0);
    assert_eq!(points[28]["signals"], "EWMA upper");
    let signals = v["signals"].as_array().unwrap();
    let at: Vec<i64> = signals
        .iter()
        .map(|s| s["point"].as_i64().unwrap())
        .collect();
    assert_eq!(at, [29, 30], "{v}");
    assert_eq!(signals[0]["rule"], "EWMA upper");
    close(
        f(&measure(&v, "asymptotic upper limit")),
        10.619422481450517,
        1e-12,
        "asymptotic UCL",
    );
    let arl0 = f(&measure(&v, "in-control ARL"));
    close(arl0, 368.9263925036469, 1e-9, "ARL0");
    close(arl0, 368.99373398132866, 3e-4, "ARL0 against the integral");
    close(
        f(&measure(&v, "ARL at a 1 sigma shift")),
        9.730095241550279,
        1e-9,
        "ARL1",
    );
    // The short alias --l is the same flag.
    let alias = spc_json(&[
        &table9(),
        "--chart",
        "ewma",
        "--value",
        "x",
        "--target",
        "10",
        "--sigma",
        "1",
        "--lambda",
        "0.1",
        "--l",
        "2.7",
    ]);
    assert_eq!(alias, v);
}

/// Without --target and --sigma both come from the baseline rows as the
/// library's `from_baseline` takes them: the first 20 observations have
/// mean 9.996 and mean moving range 1.55, sigma 1.55/(2/sqrt(pi)) =
/// 1.3736517344517749 (the script). The defaults lambda 0.2, L 2.962 give
/// the chain's ARL 499.67620113370225 (Lucas and Saccucci: 500) and
/// 10.541731408886799 at 1 sigma (10.5).
#[test]
fn ewma_defaults_from_a_baseline() {
    let v = spc_json(&[
        &table9(),
        "--chart",
        "ewma",
        "--value",
        "x",
        "--baseline",
        "20",
    ]);
    close(f(&measure(&v, "centre (target)")), 9.996, 1e-12, "target");
    close(f(&measure(&v, "sigma")), 1.3736517344517749, 1e-12, "sigma");
    assert_eq!(measure(&v, "lambda"), 0.2);
    assert_eq!(measure(&v, "limit width L"), 2.962);
    assert_eq!(measure(&v, "baseline points"), 20);
    let arl0 = f(&measure(&v, "in-control ARL"));
    close(arl0, 499.67620113370225, 1e-9, "ARL0");
    close(arl0, 500.0, 1e-3, "ARL0 published");
    close(
        f(&measure(&v, "ARL at a 1 sigma shift")),
        10.541731408886799,
        1e-9,
        "ARL1",
    );
    let points = v["points"].as_array().unwrap();
    assert_eq!(points[19]["phase"], "baseline");
    assert_eq!(points[20]["phase"], "judged");
    // z_1 = 0.2 x 9.45 + 0.8 x 9.996 = 9.8868.
    close(f(&points[0]["ewma"]), 9.8868, 1e-12, "z1");

    // --target with the sigma of the baseline: 10 and 1.3736517344517749.
    let v = spc_json(&[
        &table9(),
        "--chart",
        "cusum",
        "--value",
        "x",
        "--baseline",
        "20",
        "--target",
        "10",
    ]);
    close(f(&measure(&v, "centre (target)")), 10.0, 0.0, "target");
    close(f(&measure(&v, "sigma")), 1.3736517344517749, 1e-12, "sigma");
    close(
        f(&measure(&v, "decision interval H = h sigma")),
        5.0 * 1.3736517344517749,
        1e-12,
        "H",
    );
    assert_eq!(
        measure(&v, "target and sigma"),
        "target given, sigma from the baseline"
    );
}

/// Fast initial response: mu0 = 0, sigma = 1, k = 0.5, h = 4 and 1.5
/// from the first point. Without it C+ = 1, 2, 3, 4, 5: first above H = 4
/// at point 5 (N+ = 5); with it the sums start at H/2 = 2, C+ = 3, 4, 5:
/// point 3 (N+ = 3, estimated mean 0.5 + 5/3).
#[test]
fn cusum_fast_initial_response() {
    let csv = file("spc_fir.csv", "v\n1.5\n1.5\n1.5\n1.5\n1.5\n");
    let base = [
        csv.as_str(),
        "--chart",
        "cusum",
        "--value",
        "v",
        "--target",
        "0",
        "--sigma",
        "1",
        "--h",
        "4",
    ];
    let plain = spc_json(&base);
    assert_eq!(plain["signals"][0]["point"], 5, "{plain}");
    assert_eq!(plain["signals"][0]["run_length"], 5);
    assert_eq!(measure(&plain, "head start (fast initial response)"), 0.0);
    let fir = spc_json(&[&base[..], &["--fir"]].concat());
    let s = &fir["signals"][0];
    assert_eq!(s["point"], 3, "{fir}");
    assert_eq!(s["run_length"], 3);
    close(f(&s["statistic"]), 5.0, 1e-12, "C+");
    close(f(&s["estimated_mean"]), 0.5 + 5.0 / 3.0, 1e-12, "mean");
    assert_eq!(measure(&fir, "head start (fast initial response)"), 2.0);
    assert_eq!(fir["points"][0]["c_plus"], 3.0);
    // A downward shift: C- = 1, 2, 3, 4, 5 on the lower side.
    let down = file("spc_fir_down.csv", "v\n-1.5\n-1.5\n-1.5\n-1.5\n-1.5\n");
    let mut args = base.to_vec();
    args[0] = &down;
    let v = spc_json(&args);
    let s = &v["signals"][0];
    assert_eq!(
        (s["rule"].as_str(), s["side"].as_str()),
        (Some("CUSUM lower"), Some("lower"))
    );
    close(f(&s["estimated_mean"]), -0.5 - 5.0 / 5.0, 1e-12, "mean");
}

/// The settings come from the `[spc]` table as from the flags.
#[test]
fn time_weighted_settings_from_the_spc_table() {
    let flags = spc_json(&[
        &table9(),
        "--chart",
        "cusum",
        "--value",
        "x",
        "--target",
        "10",
        "--sigma",
        "1",
        "--k",
        "0.25",
        "--h",
        "8",
        "--fir",
    ]);
    let cfg = file(
        "spc_tw.toml",
        "[spc]\nchart = \"cusum\"\nvalue = \"x\"\ntarget = 10\nsigma = 1.0\nk = 0.25\nh = 8\n\
         fir = true\nlambda = 0.3\nrules = \"nelson\"\n",
    );
    let from_file = spc_json(&[&table9(), "--config", &cfg]);
    assert_eq!(flags, from_file);
    assert_eq!(measure(&flags, "head start (fast initial response)"), 4.0);
}

/// Bad input: one line on stderr, status 2.
#[test]
fn time_weighted_bad_input() {
    let t = table9();
    let ewma = [t.as_str(), "--chart", "ewma", "--value", "x"];
    let cusum = [t.as_str(), "--chart", "cusum", "--value", "x"];
    let run = |base: &[&str], more: &[&str]| {
        let mut all = vec!["spc"];
        all.extend_from_slice(base);
        all.extend_from_slice(more);
        servops(&all)
    };
    for lambda in ["0", "1.5", "-0.2"] {
        assert_clean_failure(
            &run(&ewma, &["--lambda", lambda]),
            &format!(
                "the EWMA design (--lambda {lambda}, --limit-width 2.962): lambda must be in (0, 1]"
            ),
        );
    }
    assert_clean_failure(
        &run(&ewma, &["--limit-width", "0"]),
        "L (limit width) must be finite and > 0",
    );
    assert_clean_failure(
        &run(&cusum, &["--h", "-1"]),
        "the CUSUM design (--k 0.5, --h -1): h must be finite and > 0",
    );
    assert_clean_failure(&run(&cusum, &["--k", "-0.5"]), "k must be finite and >= 0");
    for sigma in ["0", "-1"] {
        assert_clean_failure(
            &run(&cusum, &["--target", "10", "--sigma", sigma]),
            &format!("--sigma {sigma}: the standard deviation must be > 0"),
        );
        assert_clean_failure(
            &run(&ewma, &["--sigma", sigma]),
            "the standard deviation must be > 0",
        );
    }
    for chart in [&ewma, &cusum] {
        assert_clean_failure(
            &run(chart, &["--baseline", "1"]),
            "--baseline 1: the baseline of this",
        );
        assert_clean_failure(
            &run(chart, &["--rules", "nelson"]),
            "--rules does not apply to the",
        );
        assert_clean_failure(
            &run(
                chart,
                &["--target", "10", "--sigma", "1", "--baseline", "5"],
            ),
            "--target and --sigma are both given",
        );
    }
    assert_clean_failure(
        &run(&cusum, &["--lambda", "0.2"]),
        "--lambda does not apply to the cusum chart",
    );
    assert_clean_failure(
        &run(&ewma, &["--fir"]),
        "--fir does not apply to the ewma chart",
    );
    assert_clean_failure(
        &run(&[t.as_str(), "--value", "x"], &["--target", "10"]),
        "--target does not apply to the xmr chart",
    );
    assert_failure_or_usage(&run(&ewma, &["--lambda", "NaN"]), "not a finite number");
    // A baseline of one value has no moving range; one without variation
    // no sigma.
    let one = file("spc_tw_one.csv", "x\n10\n");
    assert_clean_failure(
        &servops(&["spc", &one, "--chart", "cusum", "--value", "x"]),
        "has 1 row: a cusum chart needs at least 2 (to estimate its target and sigma",
    );
    let flat = file("spc_tw_flat.csv", "x\n10\n10\n10\n12\n");
    assert_clean_failure(
        &servops(&[
            "spc",
            &flat,
            "--chart",
            "ewma",
            "--value",
            "x",
            "--baseline",
            "3",
        ]),
        "the 3 baseline values are all equal: no sigma can be estimated from them (give --sigma)",
    );
    // With a known standard one row is a chart.
    let v = spc_json(&[
        &one, "--chart", "ewma", "--value", "x", "--target", "9", "--sigma", "1",
    ]);
    assert_eq!(v["points"].as_array().unwrap().len(), 1);
}

/// With `--fir` the summary's ARLs start both sums at the head start
/// h/2 = 2.5: Lucas and Crosier (1982), k = 0.5, h = 5 with the 50 % head
/// start, give 430 in control and 6.35 at a 1 sigma shift (without it 465
/// and 10.4). The method line says which ARL this is.
#[test]
fn cusum_fir_arls_count_the_head_start() {
    let v = spc_json(&[
        &table9(),
        "--chart",
        "cusum",
        "--value",
        "x",
        "--label",
        "observation",
        "--target",
        "10",
        "--sigma",
        "1",
        "--k",
        "0.5",
        "--h",
        "5",
        "--fir",
    ]);
    let arl0 = f(&measure(&v, "in-control ARL"));
    let arl1 = f(&measure(&v, "ARL at a 1 sigma shift"));
    assert!((arl0 - 430.0).abs() < 0.5, "{arl0}");
    assert!((arl1 - 6.35).abs() < 0.005, "{arl1}");
    let method = measure(&v, "ARL method");
    assert!(
        method.as_str().unwrap().contains("from the head start"),
        "{method}"
    );
}
