//! Erlang A: `ErlangA` accepts exactly the documented inputs; every metric
//! is a probability or a finite non-negative number; the metrics agree with
//! each other (answered + abandoned = 1, abandoning requires waiting, the
//! conventions are ordered, the service level grows with the threshold).
#![no_main]

use std::time::Duration;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use servops_fuzz::{CONVENTIONS, Dur, Real, check_non_negative, check_prob, traffic_from_load};
use servops_queue::{ErlangA, Error, MAX_AGENTS, ServiceLevelConvention};

#[derive(Debug, Arbitrary)]
struct Input {
    load: Real,
    aht: Dur,
    agents: u32,
    small_agents: u16,
    fractional_agents: Real,
    patience: Dur,
    thresholds: [Dur; 3],
}

fn check_model(m: &ErlangA, thresholds: &[Dur]) {
    // Tolerance for identities between metrics computed by different formulas.
    let y = m.traffic().rate_per_sec() * m.patience_secs();
    let tol = servops_fuzz::erlang_a_tolerance(y);
    let (wait, abandon, answered) = (m.prob_wait(), m.prob_abandon(), m.prob_answered());
    check_prob("prob_wait", wait);
    check_prob("prob_abandon", abandon);
    check_prob("prob_answered", answered);
    check_prob("prob_abandon_given_wait", m.prob_abandon_given_wait());
    check_prob("occupancy", m.occupancy());
    check_non_negative("mean_queue_length", m.mean_queue_length());
    check_non_negative("mean_wait_secs", m.mean_wait_secs());
    check_non_negative("asa_answered_secs", m.asa_answered_secs());
    assert!(
        (answered + abandon - 1.0).abs() <= tol,
        "answered {answered} + abandoned {abandon} != 1"
    );
    assert!(
        abandon <= wait + tol,
        "P(abandon) {abandon} > P(wait) {wait}"
    );
    let mut sorted: Vec<Duration> = thresholds.iter().map(|d| d.0).collect();
    sorted.sort();
    let mut last = [0.0; 3];
    for t in sorted {
        let sl = CONVENTIONS.map(|c| m.service_level(t, c));
        for (i, &s) in sl.iter().enumerate() {
            check_prob("service_level", s);
            // Over answered contacts, the noise is divided by P(answered).
            let tol = if i == 1 { tol / answered.max(tol) } else { tol };
            assert!(
                s >= last[i] - tol,
                "{:?}: service level falls from {} to {s} at {t:?}",
                CONVENTIONS[i],
                last[i]
            );
        }
        last = sl;
        let [offered, over_answered, met] = sl;
        assert!(
            offered <= over_answered + tol,
            "over offered {offered} > over answered {over_answered} at {t:?}"
        );
        assert!(
            offered <= met + tol,
            "over offered {offered} > abandons-met {met} at {t:?}"
        );
        assert!(
            offered <= answered + tol,
            "answered within {t:?} {offered} > answered {answered}"
        );
    }
    let at_zero = m.service_level(
        Duration::ZERO,
        ServiceLevelConvention::AnsweredWithinOverOffered,
    );
    assert!(
        (at_zero - (1.0 - wait)).abs() <= tol,
        "SL(0) {at_zero} != 1 - P(wait) {}",
        1.0 - wait
    );
}

/// Erlang A takes at least a millionth of an agent.
const MIN_AGENTS: f64 = 1e-6;

fuzz_target!(|input: Input| {
    let Some(t) = traffic_from_load(input.load.0, input.aht.0) else {
        return;
    };
    let patience = input.patience.0;
    // The constructor refuses x = agents patience / AHT or y = rate patience above 1e15.
    let fits = |agents: f64| {
        let p = patience.as_secs_f64();
        agents * (p / t.aht_secs()) <= 1e15 && t.rate_per_sec() * p <= 1e15
    };
    for n in [input.agents, u32::from(input.small_agents)] {
        match ErlangA::new(t, n, patience) {
            Ok(m) => {
                assert!(n > 0 && !patience.is_zero());
                check_model(&m, &input.thresholds);
            }
            Err(Error::InvalidParameter { .. }) => {
                assert!(
                    n == 0
                        || f64::from(n) > MAX_AGENTS
                        || patience.is_zero()
                        || !fits(f64::from(n)),
                    "ErlangA::new({t:?}, {n}, {patience:?}) refused"
                )
            }
            Err(e) => panic!("ErlangA::new: unexpected {e:?}"),
        }
    }
    let x = input.fractional_agents.0;
    match ErlangA::with_fractional_agents(t, x, patience) {
        Ok(m) => {
            assert!((MIN_AGENTS..=MAX_AGENTS).contains(&x) && !patience.is_zero());
            check_model(&m, &input.thresholds);
        }
        Err(Error::InvalidParameter { .. }) => assert!(
            !(MIN_AGENTS..=MAX_AGENTS).contains(&x) || patience.is_zero() || !fits(x),
            "with_fractional_agents({t:?}, {x}, {patience:?}) refused"
        ),
        Err(e) => panic!("ErlangA::with_fractional_agents: unexpected {e:?}"),
    }
});
