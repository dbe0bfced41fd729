//! Accuracy against independent 25-digit references (servops-testdata, computed
//! with mpmath from first principles; see its data/PROVENANCE.md) and against
//! published worked examples.
//!
//! Tolerances: probabilities within `PROB_ABS = 1e-12` absolute; times and
//! lengths within `TIME_REL = 1e-10` relative, widened only by the problem's own
//! condition number `A / (N - A)` when the queue is near saturation.
#![allow(clippy::unwrap_used)] // test support code

use servops_queue::{
    ErlangA, ErlangC, Model, ServiceLevelConvention, Targets, Traffic, agents_for_blocking,
    erlang_b, erlang_b_fractional, max_load,
};
use servops_testdata::tolerance::{PROB_ABS, TIME_REL, abs_error, rel_error};
use servops_testdata::{Model as RefModel, Quantity};
use std::time::Duration;

/// Collects the worst error per metric and every failure.
#[derive(Default)]
struct Report {
    worst: Vec<(&'static str, f64, String)>,
    failures: Vec<String>,
}

impl Report {
    fn record(
        &mut self,
        metric: &'static str,
        err: f64,
        tol: f64,
        case: &dyn std::fmt::Display,
        got: f64,
        want: f64,
    ) {
        match self.worst.iter_mut().find(|(m, _, _)| *m == metric) {
            Some(entry) => {
                if err > entry.1 || err.is_nan() {
                    *entry = (metric, err, case.to_string());
                }
            }
            None => self.worst.push((metric, err, case.to_string())),
        }
        if err.is_nan() || err > tol {
            self.failures.push(format!(
                "{case}: {metric} = {got:e}, expected {want:e} (error {err:e} > {tol:e})"
            ));
        }
    }

    fn finish(self, what: &str) {
        for (metric, err, case) in &self.worst {
            eprintln!("{what}: worst {metric} error {err:.2e} at {case}");
        }
        assert!(
            self.failures.is_empty(),
            "{} failures:\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
    }
}

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

#[test]
fn erlang_b_matches_references() {
    let cases = servops_testdata::erlang_b_cases().unwrap();
    assert!(cases.len() > 400);
    let mut report = Report::default();
    for c in &cases {
        let got = if c.agents.fract() == 0.0 && c.agents <= f64::from(u32::MAX) {
            erlang_b(c.agents as u32, c.load).unwrap()
        } else {
            erlang_b_fractional(c.agents, c.load).unwrap()
        };
        assert!(!got.is_nan(), "{c}");
        report.record(
            "blocking (abs)",
            abs_error(got, c.blocking),
            PROB_ABS,
            c,
            got,
            c.blocking,
        );
        if c.blocking_log10 > -300.0 {
            // relative accuracy, allowing for the rounding of the exponent ln(1/B)
            let tol = 1e-13 * (1.0 + c.blocking_log10.abs() * std::f64::consts::LN_10 / 100.0);
            report.record(
                "blocking (rel)",
                rel_error(got, c.blocking),
                tol,
                c,
                got,
                c.blocking,
            );
        } else if c.blocking_log10 < -324.0 {
            report.record("blocking (underflow)", got, 0.0, c, got, 0.0);
        }
    }
    report.finish("Erlang B");
}

#[test]
fn erlang_c_matches_references() {
    let cases = servops_testdata::erlang_c_cases().unwrap();
    assert!(cases.len() > 400);
    let mut report = Report::default();
    for c in &cases {
        let t = Traffic::from_load(c.load, secs(c.aht_secs)).unwrap();
        let m = ErlangC::with_fractional_agents(t, c.agents).unwrap();
        // condition number of the waiting times near saturation
        let kappa = 1.0 + c.load / (c.agents - c.load);
        let time_tol = TIME_REL.max(8.0 * f64::EPSILON * kappa);
        report.record(
            "prob_wait",
            abs_error(m.prob_wait(), c.prob_wait),
            PROB_ABS,
            c,
            m.prob_wait(),
            c.prob_wait,
        );
        let sl = m.service_level(secs(c.threshold_secs));
        report.record(
            "service_level",
            abs_error(sl, c.service_level),
            PROB_ABS,
            c,
            sl,
            c.service_level,
        );
        report.record(
            "occupancy",
            abs_error(m.occupancy(), c.occupancy),
            PROB_ABS,
            c,
            m.occupancy(),
            c.occupancy,
        );
        let checks = [
            ("asa_secs", m.asa_secs(), c.asa_secs),
            (
                "mean_queue_length",
                m.mean_queue_length(),
                c.mean_queue_length,
            ),
            (
                "mean_wait_delayed_secs",
                m.mean_wait_of_delayed_secs(),
                c.mean_wait_delayed_secs,
            ),
        ];
        for (name, got, want) in checks {
            report.record(name, rel_error(got, want), time_tol, c, got, want);
        }
        let p = m.answer_time_percentile_secs(c.percentile).unwrap();
        let want = c.answer_time_percentile_secs;
        let err = if want == 0.0 { p } else { rel_error(p, want) };
        // a percentile of (almost) zero is an absolute question
        let err = if want.abs() < 1e-9 * c.aht_secs {
            abs_error(p, want) / c.aht_secs
        } else {
            err
        };
        report.record("answer_time_percentile", err, time_tol, c, p, want);
    }
    report.finish("Erlang C");
}

#[test]
fn erlang_a_matches_references() {
    let cases = servops_testdata::erlang_a_cases().unwrap();
    assert!(cases.len() > 200);
    let mut report = Report::default();
    for c in &cases {
        let t = Traffic::from_load(c.load, secs(c.aht_secs)).unwrap();
        let m = ErlangA::new(t, c.agents, secs(c.patience_secs)).unwrap();
        let within = secs(c.threshold_secs);
        let probs = [
            ("prob_wait", m.prob_wait(), c.prob_wait),
            ("prob_abandon", m.prob_abandon(), c.prob_abandon),
            (
                "prob_abandon_given_wait",
                m.prob_abandon_given_wait(),
                c.prob_abandon_given_wait,
            ),
            ("occupancy", m.occupancy(), c.occupancy),
            (
                "sl_offered",
                m.service_level(within, ServiceLevelConvention::AnsweredWithinOverOffered),
                c.sl_offered,
            ),
            (
                "sl_answered",
                m.service_level(within, ServiceLevelConvention::AnsweredWithinOverAnswered),
                c.sl_answered,
            ),
            (
                "sl_abandons_met",
                m.service_level(within, ServiceLevelConvention::AbandonsWithinCountAsMet),
                c.sl_abandons_met,
            ),
        ];
        for (name, got, want) in probs {
            report.record(name, abs_error(got, want), PROB_ABS, c, got, want);
        }
        let times = [
            (
                "mean_queue_length",
                m.mean_queue_length(),
                c.mean_queue_length,
            ),
            (
                "mean_wait_all_secs",
                m.mean_wait_secs(),
                c.mean_wait_all_secs,
            ),
            (
                "asa_answered_secs",
                m.asa_answered_secs(),
                c.asa_answered_secs,
            ),
        ];
        for (name, got, want) in times {
            report.record(name, rel_error(got, want), TIME_REL, c, got, want);
        }
    }
    report.finish("Erlang A");
}

#[test]
fn published_examples_agree() {
    let examples = servops_testdata::published_examples().unwrap();
    assert!(!examples.is_empty());
    for e in &examples {
        let got = match (e.model, e.quantity) {
            (RefModel::ErlangB, Quantity::Blocking) => {
                erlang_b_fractional(e.agents.unwrap(), e.load.unwrap()).unwrap()
            }
            (RefModel::ErlangB, Quantity::AgentsForBlocking) => {
                f64::from(agents_for_blocking(e.load.unwrap(), e.target.unwrap()).unwrap())
            }
            (RefModel::ErlangB, Quantity::LoadForBlocking) => {
                // the largest load with blocking <= target, by bisection on the exact model
                let n = e.agents.unwrap() as u32;
                let target = e.target.unwrap();
                let (mut lo, mut hi) = (0.0, f64::from(n) * 4.0 + 10.0);
                for _ in 0..200 {
                    let mid = 0.5 * (lo + hi);
                    if erlang_b(n, mid).unwrap() <= target {
                        lo = mid
                    } else {
                        hi = mid
                    }
                }
                lo
            }
            (model, quantity) => {
                let aht = secs(e.aht_secs.unwrap());
                let t = Traffic::from_load(e.load.unwrap(), aht).unwrap();
                let n = e.agents.unwrap();
                let within = secs(e.threshold_secs.unwrap_or(0.0));
                match model {
                    RefModel::ErlangC => {
                        let m = ErlangC::with_fractional_agents(t, n).unwrap();
                        match quantity {
                            Quantity::ProbWait => m.prob_wait(),
                            Quantity::AsaSecs => m.asa_secs(),
                            Quantity::ServiceLevel => m.service_level(within),
                            other => panic!("unhandled {other:?} in {e}"),
                        }
                    }
                    RefModel::ErlangA => {
                        let m =
                            ErlangA::with_fractional_agents(t, n, secs(e.patience_secs.unwrap()))
                                .unwrap();
                        match quantity {
                            Quantity::ProbWait => m.prob_wait(),
                            Quantity::AsaSecs => m.asa_answered_secs(),
                            Quantity::ServiceLevel => m.service_level(
                                within,
                                ServiceLevelConvention::AnsweredWithinOverOffered,
                            ),
                            other => panic!("unhandled {other:?} in {e}"),
                        }
                    }
                    other => panic!("unhandled model {other:?} in {e}"),
                }
            }
        };
        // our value must agree with the independent reference to full precision,
        // and with the published value to its printed precision
        assert!(
            (got - e.reference_value).abs() <= 1e-9 * e.reference_value.abs().max(1.0),
            "{e}: got {got}, reference {}",
            e.reference_value
        );
        if e.agrees {
            assert!(
                (got - e.published_value).abs() <= e.tolerance,
                "{e}: got {got}"
            );
        } else {
            eprintln!(
                "{e}: the published value disagrees with the reference ({}); ours {got}",
                e.note
            );
        }
    }
    let _ = (max_load, Model::ErlangC, Targets::new());
}
