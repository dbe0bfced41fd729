//! Checks that the embedded tables parse, have the expected sizes and hold
//! values that make sense (ranges and identities between columns).

use super::*;
use crate::tolerance::{assert_abs, assert_rel, within_rel};

const PROB_RANGE: std::ops::RangeInclusive<f64> = 0.0..=1.0;

fn is_prob(x: f64) -> bool {
    PROB_RANGE.contains(&x)
}

/// Half-integer check for the time inputs (AHT, patience, thresholds).
fn is_half_seconds(x: f64) -> bool {
    x >= 0.0 && (2.0 * x).fract() == 0.0
}

#[test]
fn erlang_b_table() {
    let cases = erlang_b_cases().unwrap();
    assert_eq!(cases.len(), 457);
    assert_eq!(cases[0].line, 2);
    let mut underflow = 0;
    for c in &cases {
        assert!(c.agents >= 0.0 && c.load > 0.0, "{c}");
        assert!(is_prob(c.blocking), "{c}");
        assert!(c.blocking_log10 <= 0.0, "{c}");
        if c.blocking_log10 < -330.0 {
            // far below the double range: parses to zero
            assert_eq!(c.blocking, 0.0, "{c}");
            underflow += 1;
        } else if c.blocking_log10 > -300.0 {
            assert_abs(c.blocking.log10(), c.blocking_log10, 1e-12, c);
        }
        if c.agents == 0.0 {
            assert_eq!(c.blocking, 1.0, "{c}");
        }
        if c.agents == 1.0 {
            // B(1, A) = A / (1 + A)
            assert_rel(c.blocking, c.load / (1.0 + c.load), 1e-15, c);
        }
    }
    assert!(
        underflow >= 10,
        "expected rows below the double range, got {underflow}"
    );
    // the special families are present
    assert!(
        cases
            .iter()
            .any(|c| c.agents.fract() != 0.0 && c.agents < 1.0)
    );
    assert!(
        cases
            .iter()
            .any(|c| c.agents.fract() == 0.5 && c.agents > 1e5)
    );
    assert!(cases.iter().any(|c| c.agents == c.load && c.agents == 1e6));
    assert!(cases.iter().any(|c| c.agents >= 1e6 && c.load == 1e-3));
    assert!(
        cases
            .iter()
            .any(|c| c.load != c.load.round() && (c.load / c.load.round() - 1.0).abs() <= 1.1e-9)
    );
}

#[test]
fn erlang_b_recursion_between_rows() {
    // B(n+1) = A B(n) / (n + 1 + A B(n)) links rows with the same load; this
    // checks the file, not an implementation, so the tolerance is tight.
    let cases = erlang_b_cases().unwrap();
    let mut linked = 0;
    for c in &cases {
        if let Some(next) = cases
            .iter()
            .find(|d| d.load == c.load && d.agents == c.agents + 1.0)
        {
            let ab = c.load * c.blocking;
            let expected = ab / (c.agents + 1.0 + ab);
            if c.blocking_log10 > -290.0 {
                assert_rel(next.blocking, expected, 1e-14, next);
                linked += 1;
            }
        }
    }
    assert!(linked > 50, "only {linked} linked pairs");
}

#[test]
fn erlang_c_table() {
    let cases = erlang_c_cases().unwrap();
    assert_eq!(cases.len(), 500);
    for c in &cases {
        assert!(c.load < c.agents && c.load > 0.0, "{c}");
        for t in [c.aht_secs, c.threshold_secs] {
            assert!(is_half_seconds(t), "{c}");
        }
        assert!([1.0, 180.0, 300.0, 3600.0].contains(&c.aht_secs), "{c}");
        assert!([0.0, 20.0, 600.0].contains(&c.threshold_secs), "{c}");
        assert!([0.5, 0.8, 0.95].contains(&c.percentile), "{c}");
        for p in [c.prob_wait, c.service_level, c.occupancy] {
            assert!(is_prob(p), "{c}");
        }
        assert!(c.prob_wait_log10 <= 0.0, "{c}");
        assert!(c.asa_secs >= 0.0 && c.mean_queue_length >= 0.0, "{c}");
        assert!(c.answer_time_percentile_secs >= 0.0, "{c}");
        // identities between columns
        let gap = c.agents - c.load;
        assert_rel(c.occupancy, c.load / c.agents, 1e-15, c);
        assert_rel(c.mean_wait_delayed_secs, c.aht_secs / gap, 1e-12, c);
        assert_rel(c.asa_secs, c.prob_wait * c.mean_wait_delayed_secs, 1e-13, c);
        assert_rel(c.mean_queue_length, c.prob_wait * c.load / gap, 1e-13, c);
        if c.threshold_secs == 0.0 {
            assert_abs(c.service_level, 1.0 - c.prob_wait, 1e-15, c);
        }
        if c.percentile <= 1.0 - c.prob_wait {
            assert_eq!(c.answer_time_percentile_secs, 0.0, "{c}");
        }
    }
    // the near-saturation family is present: n - A = 1e-6 A
    assert!(
        cases
            .iter()
            .any(|c| within_rel(c.agents - c.load, 1e-6 * c.load, 1e-6))
    );
    assert!(cases.iter().any(|c| c.agents.fract() != 0.0));
}

#[test]
fn erlang_a_table() {
    let cases = erlang_a_cases().unwrap();
    assert_eq!(cases.len(), 258);
    assert_eq!(cases.len() % 3, 0);
    for c in &cases {
        assert!(c.agents >= 1 && c.agents <= 100_000, "{c}");
        assert!(c.load >= 0.01 && c.load <= 2.0 * f64::from(c.agents), "{c}");
        for t in [c.aht_secs, c.patience_secs, c.threshold_secs] {
            assert!(is_half_seconds(t), "{c}");
        }
        assert!([0.0, 20.0, 60.0].contains(&c.threshold_secs), "{c}");
        let ratio = c.patience_secs / c.aht_secs;
        assert!((0.009..=100.0).contains(&ratio), "{c}");
        for p in [
            c.prob_wait,
            c.prob_abandon,
            c.prob_abandon_given_wait,
            c.occupancy,
            c.sl_offered,
            c.sl_answered,
            c.sl_abandons_met,
        ] {
            assert!(is_prob(p), "{c}");
        }
        assert!(c.prob_abandon <= c.prob_wait, "{c}");
        assert!(c.sl_offered <= c.sl_answered, "{c}");
        assert!(c.sl_offered <= c.sl_abandons_met, "{c}");
        // identities between columns
        assert_rel(
            c.prob_abandon_given_wait * c.prob_wait,
            c.prob_abandon,
            1e-14,
            c,
        );
        assert_rel(
            c.mean_wait_all_secs,
            c.mean_queue_length * c.aht_secs / c.load,
            1e-13,
            c,
        );
        assert_rel(
            c.prob_abandon,
            c.mean_queue_length * c.aht_secs / (c.patience_secs * c.load),
            1e-13,
            c,
        );
        // carried load = offered load less abandonment
        assert_rel(
            c.occupancy * f64::from(c.agents),
            c.load * (1.0 - c.prob_abandon),
            1e-12,
            c,
        );
        if c.threshold_secs == 0.0 {
            assert_abs(c.sl_offered, 1.0 - c.prob_wait, 1e-15, c);
            assert_abs(c.sl_abandons_met, 1.0 - c.prob_wait, 1e-15, c);
        }
    }
    // overload and both patience extremes are present
    assert!(cases.iter().any(|c| c.load >= 2.0 * f64::from(c.agents)));
    assert!(cases.iter().any(|c| c.patience_secs / c.aht_secs < 0.02));
    assert!(cases.iter().any(|c| c.patience_secs / c.aht_secs >= 100.0));
    assert!(cases.iter().any(|c| c.agents == 100_000));
}

#[test]
fn erlang_a_rows_share_metrics_across_thresholds() {
    let cases = erlang_a_cases().unwrap();
    for group in cases.chunks(3) {
        let [a, b, c] = group else {
            panic!("incomplete group");
        };
        for other in [b, c] {
            assert_eq!(
                (a.agents, a.load, a.aht_secs, a.patience_secs),
                (
                    other.agents,
                    other.load,
                    other.aht_secs,
                    other.patience_secs
                )
            );
            assert_eq!(a.prob_wait, other.prob_wait, "{other}");
            assert_eq!(a.asa_answered_secs, other.asa_answered_secs, "{other}");
        }
        // service levels grow with the threshold
        assert!(
            a.sl_offered <= b.sl_offered && b.sl_offered <= c.sl_offered,
            "{c}"
        );
        assert!(a.sl_abandons_met <= b.sl_abandons_met && b.sl_abandons_met <= c.sl_abandons_met);
    }
}

#[test]
fn published_table() {
    let examples = published_examples().unwrap();
    assert_eq!(examples.len(), 14);
    for e in &examples {
        assert!(e.agrees, "{e}");
        assert!(e.url.starts_with("https://"), "{e}");
        assert!(!e.source.is_empty() && !e.id.is_empty(), "{e}");
        assert!(e.tolerance >= 0.0, "{e}");
        assert_abs(e.reference_value, e.published_value, e.tolerance, e);
        match e.quantity {
            Quantity::LoadForBlocking => {
                assert!(
                    e.agents.is_some() && e.load.is_none() && e.target.is_some(),
                    "{e}"
                );
            }
            Quantity::AgentsForBlocking => {
                assert!(
                    e.agents.is_none() && e.load.is_some() && e.target.is_some(),
                    "{e}"
                );
            }
            _ => assert!(e.agents.is_some() && e.load.is_some(), "{e}"),
        }
    }
    let ids: std::collections::HashSet<&str> = examples.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), examples.len(), "ids must be unique");
    assert!(examples.iter().any(|e| e.model == Model::ErlangC));
}

#[test]
fn provenance_is_embedded() {
    for name in [
        "erlang_b.csv",
        "erlang_c.csv",
        "erlang_a.csv",
        "published_examples.csv",
    ] {
        assert!(
            PROVENANCE.contains(name),
            "PROVENANCE.md does not describe {name}"
        );
    }
}

#[test]
fn display_names_the_row() {
    let b = erlang_b_cases().unwrap();
    assert!(b[1].to_string().starts_with("erlang_b.csv line 3: agents="));
    let a = erlang_a_cases().unwrap();
    assert!(a[0].to_string().contains("patience="));
}
