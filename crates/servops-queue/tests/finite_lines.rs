//! FiniteLines (M/M/N/K and M/M/N/K+M) against the 40-digit birth-death
//! references of `gen/finite_lines_reference.py` (tests/data/finite_lines.csv),
//! and its exact reductions to Erlang B, C and A.
//!
//! Tolerances: probabilities and service levels within `PROB` absolute;
//! times and lengths within `REL` relative. The worst errors measured are
//! printed (`cargo test --test finite_lines -- --nocapture`).
#![allow(clippy::unwrap_used)] // test support code

use servops_queue::{
    ErlangA, ErlangC, Error, FiniteLines, ServiceLevelConvention, Traffic, erlang_b,
};
use std::time::Duration;

const PROB: f64 = 1e-12;
const REL: f64 = 1e-11;

struct Row {
    agents: u32,
    lines: u32,
    load: f64,
    aht: f64,
    patience: Option<f64>,
    threshold: f64,
    values: Vec<(&'static str, f64)>,
}

const COLUMNS: [&str; 10] = [
    "blocked",
    "wait",
    "abandon",
    "answered",
    "queue",
    "asa_answered",
    "mean_wait_accepted",
    "sl_offered",
    "sl_answered",
    "sl_met",
];

fn rows(text: &str) -> Vec<Row> {
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let num = |name: &str| f[col(name)].parse::<f64>().unwrap();
            Row {
                agents: f[col("agents")].parse().unwrap(),
                lines: f[col("lines")].parse().unwrap(),
                load: num("load"),
                aht: num("aht_secs"),
                patience: match f[col("patience_secs")] {
                    "" => None,
                    p => Some(p.parse().unwrap()),
                },
                threshold: num("threshold_secs"),
                values: COLUMNS.iter().map(|c| (*c, num(c))).collect(),
            }
        })
        .collect()
}

fn model(r: &Row) -> FiniteLines {
    let t = Traffic::from_load(r.load, Duration::from_secs_f64(r.aht)).unwrap();
    FiniteLines::new(
        t,
        r.agents,
        r.lines,
        r.patience.map(Duration::from_secs_f64),
    )
    .unwrap()
}

/// The fixed cases: tiny loads, N = 1, K = N and N + 1, loads up to 1e5,
/// overload with and without patience, many lines.
#[test]
fn agrees_with_birth_death_references() {
    check(
        "finite lines",
        &rows(include_str!("data/finite_lines.csv")),
        159,
    );
}

/// 200 random cases (N up to 1e5, load 0.3 to 1.5 N, up to 10 sqrt(N) + 10
/// waiting positions, patience 0.01 to 100 AHT or none).
#[test]
fn agrees_with_random_birth_death_references() {
    check(
        "finite lines sweep",
        &rows(include_str!("data/finite_lines_sweep.csv")),
        200,
    );
}

fn check(what: &str, rows: &[Row], expected: usize) {
    assert_eq!(rows.len(), expected);
    let mut worst: Vec<(&str, f64, String)> = Vec::new();
    let mut failures = Vec::new();
    for r in rows {
        let m = model(r);
        let within = Duration::from_secs_f64(r.threshold);
        for &(name, want) in &r.values {
            let got = match name {
                "blocked" => m.prob_blocked(),
                "wait" => m.prob_wait(),
                "abandon" => m.prob_abandon(),
                "answered" => m.prob_answered(),
                "queue" => m.mean_queue_length(),
                "asa_answered" => m.asa_answered_secs(),
                "mean_wait_accepted" => m.mean_wait_secs(),
                "sl_offered" => {
                    m.service_level(within, ServiceLevelConvention::AnsweredWithinOverOffered)
                }
                "sl_answered" => {
                    m.service_level(within, ServiceLevelConvention::AnsweredWithinOverAnswered)
                }
                "sl_met" => {
                    m.service_level(within, ServiceLevelConvention::AbandonsWithinCountAsMet)
                }
                _ => unreachable!(),
            };
            // blocking also relative: the lines solver meets targets like 1e-9
            let relative = matches!(
                name,
                "queue" | "asa_answered" | "mean_wait_accepted" | "blocked"
            );
            let err = if relative {
                if want == 0.0 {
                    got.abs()
                } else {
                    ((got - want) / want).abs()
                }
            } else {
                (got - want).abs()
            };
            let tol = if relative { REL } else { PROB };
            let case = format!(
                "N={} K={} A={} aht={} patience={:?} t={}",
                r.agents, r.lines, r.load, r.aht, r.patience, r.threshold
            );
            match worst.iter_mut().find(|w| w.0 == name) {
                Some(w) if err > w.1 => *w = (name, err, case.clone()),
                Some(_) => {}
                None => worst.push((name, err, case.clone())),
            }
            if err.is_nan() || err > tol {
                failures.push(format!(
                    "{case}: {name} = {got:e}, want {want:e} (error {err:.2e})"
                ));
            }
        }
    }
    for (name, err, case) in &worst {
        eprintln!("{what}: worst {name} error {err:.2e} at {case}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_waiting_positions_is_erlang_b_exactly() {
    for (n, a) in [
        (1, 0.5),
        (10, 8.0),
        (50, 65.0),
        (1000, 990.0),
        (100_000, 99_000.0),
    ] {
        let t = Traffic::from_load(a, Duration::from_secs(180)).unwrap();
        for patience in [None, Some(Duration::from_secs(60))] {
            let m = FiniteLines::new(t, n, n, patience).unwrap();
            assert_eq!(m.prob_blocked(), erlang_b(n, a).unwrap(), "N={n} A={a}");
            assert_eq!(m.prob_wait(), 0.0);
            assert_eq!(m.prob_abandon(), 0.0);
            assert!((m.prob_answered() + m.prob_blocked() - 1.0).abs() < 1e-15);
            assert_eq!(m.mean_queue_length(), 0.0);
        }
    }
}

#[test]
fn many_lines_is_erlang_c_below_saturation() {
    let within = Duration::from_secs(20);
    for (n, a) in [(1, 0.5), (12, 10.0), (100, 95.0), (10_000, 9_900.0)] {
        let t = Traffic::from_load(a, Duration::from_secs(180)).unwrap();
        let c = ErlangC::new(t, n).unwrap();
        for k in [n + 5_000, u32::MAX] {
            let m = FiniteLines::new(t, n, k, None).unwrap();
            assert!(
                m.prob_blocked() < 1e-20,
                "N={n} K={k}: {}",
                m.prob_blocked()
            );
            assert!((m.prob_wait() - c.prob_wait()).abs() < 1e-13, "N={n} K={k}");
            let sl = m.service_level(within, ServiceLevelConvention::AnsweredWithinOverOffered);
            assert!(
                (sl - c.service_level(within)).abs() < 1e-13,
                "N={n} K={k}: SL"
            );
            assert!(((m.asa_answered_secs() - c.asa_secs()) / c.asa_secs()).abs() < 1e-12);
            let q = c.mean_queue_length();
            assert!(((m.mean_queue_length() - q) / q).abs() < 1e-12);
        }
    }
}

#[test]
fn many_lines_is_erlang_a() {
    let within = Duration::from_secs(20);
    for (n, a, p) in [
        (1, 0.5, 60),
        (12, 10.0, 120),
        (20, 30.0, 60),
        (100, 95.0, 600),
        (10_000, 9_900.0, 180),
        (1_000, 1_500.0, 180),
    ] {
        let t = Traffic::from_load(a, Duration::from_secs(180)).unwrap();
        let patience = Duration::from_secs(p);
        let e = ErlangA::new(t, n, patience).unwrap();
        for k in [n + 20_000, u32::MAX] {
            let m = FiniteLines::new(t, n, k, Some(patience)).unwrap();
            let case = format!("N={n} A={a} patience={p} K={k}");
            assert!(m.prob_blocked() < 1e-20, "{case}: {}", m.prob_blocked());
            assert!((m.prob_wait() - e.prob_wait()).abs() < 1e-13, "{case}");
            assert!(
                (m.prob_abandon() - e.prob_abandon()).abs() < 1e-13,
                "{case}"
            );
            for c in [
                ServiceLevelConvention::AnsweredWithinOverOffered,
                ServiceLevelConvention::AnsweredWithinOverAnswered,
                ServiceLevelConvention::AbandonsWithinCountAsMet,
            ] {
                let d = (m.service_level(within, c) - e.service_level(within, c)).abs();
                assert!(d < 1e-12, "{case} {c:?}: {d:e}");
            }
            let asa = e.asa_answered_secs();
            assert!(
                ((m.asa_answered_secs() - asa) / asa).abs() < 1e-11,
                "{case}"
            );
        }
    }
}

#[test]
fn invalid_inputs_are_typed_errors() {
    let t = Traffic::from_load(10.0, Duration::from_secs(180)).unwrap();
    let p = Some(Duration::from_secs(60));
    assert!(matches!(
        FiniteLines::new(t, 0, 5, None),
        Err(Error::InvalidParameter { name: "agents", .. })
    ));
    assert!(matches!(
        FiniteLines::new(t, 10, 9, p),
        Err(Error::InvalidParameter { name: "lines", .. })
    ));
    assert!(matches!(
        FiniteLines::new(t, 10, 12, Some(Duration::ZERO)),
        Err(Error::InvalidParameter {
            name: "patience",
            ..
        })
    ));
    assert!(matches!(
        FiniteLines::new(t, 1_000_000_001, u32::MAX, None),
        Err(Error::InvalidParameter { name: "agents", .. })
    ));
    // a patience of 1e14 AHT on 100 agents: x = 1e16
    let long = Duration::from_secs_f64(180.0 * 1e14);
    assert!(matches!(
        FiniteLines::new(t, 100, 200, Some(long)),
        Err(Error::InvalidParameter {
            name: "patience",
            ..
        })
    ));
    let err = FiniteLines::new(t, 10, 9, None).unwrap_err();
    assert_eq!(err.to_string(), "lines must be >= agents, got 9");
}

#[test]
fn zero_load_is_the_empty_system() {
    let t = Traffic::from_load(0.0, Duration::from_secs(180)).unwrap();
    let m = FiniteLines::new(t, 3, 5, Some(Duration::from_secs(60))).unwrap();
    assert_eq!(m.prob_blocked(), 0.0);
    assert_eq!(m.prob_wait(), 0.0);
    assert_eq!(m.prob_answered(), 1.0);
    assert_eq!(
        m.service_level(
            Duration::ZERO,
            ServiceLevelConvention::AnsweredWithinOverOffered
        ),
        1.0
    );
    assert_eq!(m.occupancy(), 0.0);
}

/// Fuzzer find: at a subnormal load `(A - N) / N` rounds to -1, so
/// `ln_1p` gave `ln rho = -inf` and the blocking of `K = N` was NaN
/// (`-inf x 0` waiting positions). Now it is Erlang B's (0 here), and
/// with waiting positions every probability is finite.
#[test]
fn subnormal_load_without_patience() {
    let aht = Duration::from_secs_f64(14015.280026579);
    for load in [2.2250738585072014e-308, 5e-324, 1e-300] {
        let t = Traffic::from_load(load, aht).unwrap();
        for (n, k) in [(27, 27), (27, 30), (1, 1), (1, 1000)] {
            let m = FiniteLines::new(t, n, k, None).unwrap();
            assert_eq!(
                m.prob_blocked(),
                erlang_b(n, load).unwrap().min(m.prob_blocked())
            );
            assert!(
                m.prob_blocked() <= load * (1.0 + 1e-13),
                "A={load} N={n} K={k}: {:e}",
                m.prob_blocked()
            );
            assert!(m.prob_wait() <= load * (1.0 + 1e-13));
            assert!((m.prob_answered() + m.prob_blocked() - 1.0).abs() <= 1e-16);
            assert!(m.mean_queue_length().is_finite() && m.asa_answered_secs().is_finite());
        }
    }
}

/// Fuzzer find: overloaded without patience on billions of lines, the
/// waiting and total sums carried the exponents `r (L - 1)` and `r L`
/// (about 1e10, an ulp of 2e-6), so P(answered), their ratio, came out as
/// 0.030059352 instead of N / A = 0.030059347 (1.7e-7 relative) and the
/// probabilities summed to 1 + 5e-9. With every line in use the limits are
/// exact: blocking `1 - N/A`, answered `N/A`.
#[test]
fn overload_on_billions_of_lines() {
    let t = Traffic::from_load(1e9, Duration::from_nanos(41)).unwrap();
    let (n, k) = (30_059_347_u32, 30_059_347_u32 + 2_871_732_377);
    let m = FiniteLines::new(t, n, k, None).unwrap();
    let answered = f64::from(n) / 1e9;
    assert!(
        (m.prob_answered() - answered).abs() < 1e-15 * answered,
        "{}",
        m.prob_answered()
    );
    assert!((m.prob_blocked() - (1.0 - answered)).abs() < 1e-15);
    assert!((m.prob_blocked() + m.prob_answered() - 1.0).abs() < 1e-15);
}

/// P(abandon) was `E[queue] / y` with a division by `y = arrival rate x
/// patience`, which at 1e-300 erlangs and a 1 us patience is a subnormal
/// 5.6e-309 whose reciprocal overflowed: P(abandon) came out as 1 with
/// P(wait) = 1e-300. It is now summed as `sum_m m t_m / y` term by term.
/// By hand: one agent, so an arrival that waits is alone in the queue and
/// abandons with probability `theta / (mu + theta) = 1 / (1 + x)`,
/// `x = patience / AHT`.
#[test]
fn abandonment_at_a_subnormal_rate_times_patience() {
    let aht = Duration::from_secs(180);
    let patience = Duration::from_micros(1);
    for load in [1e-300, 1e-250, 1e-200] {
        let t = Traffic::from_load(load, aht).unwrap();
        let m = FiniteLines::new(t, 1, 10, Some(patience)).unwrap();
        let x = 1e-6 / 180.0;
        let want = m.prob_wait() / (1.0 + x);
        assert!(
            ((m.prob_abandon() - want) / want).abs() < 1e-14,
            "{}",
            m.prob_abandon()
        );
        assert!(m.mean_wait_secs() < 1e-6 * 1.0000001);
    }
    // Fuzzer find: at 5e-324 erlangs (AHT 79 ns) y underflows to 0 and
    // P(abandon) was 0 x inf = NaN; it is the limit pi_N / (1 + x), as
    // small as P(wait).
    let t = Traffic::from_load(5e-324, Duration::from_nanos(79)).unwrap();
    let m = FiniteLines::new(t, 44_003, 44_003 + 10, Some(patience)).unwrap();
    assert!(
        (0.0..=1e-300).contains(&m.prob_abandon()),
        "{}",
        m.prob_abandon()
    );
    assert!(m.prob_abandon() <= m.prob_wait());
    let m = FiniteLines::new(t, 1, 10, Some(patience)).unwrap();
    let x = 1e-6 / 79e-9;
    assert!((m.prob_abandon() - m.prob_wait() / (1.0 + x)).abs() <= 1e-323);
}

/// Fuzzer find: 100 erlangs on 13 agents with an AHT of 137 ns and a
/// patience of 79 ms (x = 7.5e6, y = 5.8e7): the terms rise for 5e7
/// states, so with more than 2^22 lines the sums, started at state 0,
/// could not reach the mass and the model was refused, and
/// `lines_for_blocking` failed with it. The sums now start within e^75 of
/// the busiest state (here the last line): the model exists at every line
/// count, its probabilities add up, and the lines solver finds the fewest.
#[test]
fn deep_overload_on_millions_of_lines() {
    let t = Traffic::from_load(100.0, Duration::from_nanos(137)).unwrap();
    let patience = Some(Duration::from_nanos(79_432_823));
    for extra in [8_388_607_u32, 20_342_016, 60_000_000] {
        let m = FiniteLines::new(t, 13, 13 + extra, patience).unwrap();
        let total = m.prob_blocked() + m.prob_abandon() + m.prob_answered();
        assert!((total - 1.0).abs() < 1e-12, "{extra}: {total}");
        let sl = m.service_level(
            Duration::from_nanos(50),
            ServiceLevelConvention::AnsweredWithinOverOffered,
        );
        assert!((0.0..=m.prob_answered()).contains(&sl));
    }
    let k = servops_queue::lines_for_blocking(&t, 13, patience, 0.1).unwrap();
    let blocked = |k: u32| FiniteLines::new(t, 13, k, patience).unwrap().prob_blocked();
    assert!(blocked(k) <= 0.1 && blocked(k - 1) > 0.1, "{k}");
}

/// Fuzzer find: 1e9 erlangs on 2,883,595 agents with 79,145 waiting
/// positions and no patience (rho = 347). Every accepted contact finds the
/// queue nearly full and waits about L = 79,145 services, so the wait
/// density is an Erlang(L) bump 281 wide at 79,145 (in units of 1 / (N mu)).
/// The quadrature's panels doubled from 0 and hid the bump between the
/// nodes of a 48,000-wide panel, then spent its budget on rounding noise:
/// the service level fell from 0.0028836 at 5 ns to 0.0028811 at 75 ns.
/// The sums now start at the last 50 / ln(rho) states (exact here), and
/// the quadrature lays its panels out from the density's mode with a
/// tolerance above the integrand's noise. Checked: the service level
/// rises with the threshold to P(answered).
#[test]
fn service_level_in_deep_overload_without_patience() {
    let within = |ns| Duration::from_nanos(ns);
    let offered = ServiceLevelConvention::AnsweredWithinOverOffered;
    let t = Traffic::from_load(999_999_999.5, Duration::from_nanos(153)).unwrap();
    let m = FiniteLines::new(t, 2_883_595, 2_883_595 + 79_145, None).unwrap();
    let mut last = 0.0;
    for ns in [0, 1, 5, 20, 75, 255, 1_000_000] {
        let sl = m.service_level(within(ns), offered);
        assert!(sl >= last, "{ns} ns: {sl} < {last}");
        last = sl;
    }
    assert!((last - m.prob_answered()).abs() < 1e-15 * m.prob_answered());
    // a wide bump through the quadrature (rho = 1 + 1e-4, a million
    // waiting positions: 500,000 states carry mass)
    let t = Traffic::from_load(1000.1, Duration::from_secs(180)).unwrap();
    let m = FiniteLines::new(t, 1000, 1_001_000, None).unwrap();
    let mut last = 0.0;
    for secs in [0, 10, 1000, 10_000, 100_000, 170_000, 200_000, 10_000_000] {
        let sl = m.service_level(Duration::from_secs(secs), offered);
        assert!(sl >= last - 1e-12, "{secs} s: {sl} < {last}");
        last = sl;
    }
    assert!((last - m.prob_answered()).abs() < 1e-10, "{last}");
}

/// Fuzzer find: one agent at 0.999999999999 erlangs with 77,824 waiting
/// positions, no patience (the quadrature path: all 77,824 states carry
/// mass). At a threshold of 1.8e19 s the service level fell to 0.93 from
/// 0.99998715 at 3.7e15 s: the quadrature's noise tolerance was taken
/// from the threshold (z = lambda t = 3e14, a tolerance of 0.3) instead of
/// from where the density lives. Both are now P(answered) = 1 - P(blocked).
#[test]
fn service_level_at_absurd_thresholds() {
    let t = Traffic::from_load(0.999999999999, Duration::from_secs(56683)).unwrap();
    let m = FiniteLines::new(t, 1, 77_825, None).unwrap();
    let offered = ServiceLevelConvention::AnsweredWithinOverOffered;
    let answered = m.prob_answered();
    for d in [
        Duration::from_secs(3_703_771_751_225_753),
        Duration::new(18_446_181_175_290_861_900, 294_967_295),
        Duration::MAX,
    ] {
        let sl = m.service_level(d, offered);
        assert!((sl - answered).abs() < 1e-9, "{d:?}: {sl} vs {answered}");
    }
}

/// Fuzzer find: 1e9 erlangs on as many agents (rho = 1) with 1.2e9
/// waiting positions: the wait density exp(ln E_L(z) - v) had z = rho v
/// rounded at 1e-6 relative (z = 1e10), so the quadrature's noise tolerance
/// was 1e-5 and the service level fell from 0.99999999917 at 55 s to
/// 0.99999991 at 8.6e6 s. Without patience the exponent is now
/// (rho - 1) v with rho - 1 = (A - N) / N, exact at rho = 1.
#[test]
fn service_level_at_rho_one_on_a_billion_lines() {
    let t = Traffic::from_load(1e9, Duration::from_secs_f64(45.444332015)).unwrap();
    let m = FiniteLines::new(t, 1_000_000_000, 1_000_000_000 + 1_207_959_552, None).unwrap();
    let offered = ServiceLevelConvention::AnsweredWithinOverOffered;
    let mut last = 0.0;
    for secs in [0.0, 1.0, 55.0, 100.0, 8_572_997.030684495] {
        let sl = m.service_level(Duration::from_secs_f64(secs), offered);
        assert!(sl >= last - 1e-12, "{secs} s: {sl} < {last}");
        last = sl;
    }
    assert!(
        (last - m.prob_answered()).abs() < 1e-12,
        "{last} vs {}",
        m.prob_answered()
    );
}
