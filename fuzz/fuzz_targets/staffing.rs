//! Staffing solvers: the `Targets` builders accept exactly the documented
//! values; `agents_required` returns the fewest agents that meet every
//! target (recomputed from the public models: the answer meets them, one
//! agent fewer does not); `fractional_agents_required` lies between the
//! answer minus one and the answer; `max_load` is a load the team carries;
//! `scheduled_staff` divides by one minus the shrinkage (or refuses a
//! result that overflows). Loads above 1e7
//! are skipped to keep each run fast.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use servops_fuzz::{
    Dur, Fraction, FuzzTargets, Real, achieved, cap_at_resolution_limit, check_non_negative,
    check_prob, meets, model, traffic_from_load,
};
use servops_queue::{
    Error, MAX_AGENTS, Model, Targets, Traffic, agents_required, fractional_agents_required,
    max_load, scheduled_staff,
};

const MAX_FUZZ_LOAD: f64 = 1e7;

#[derive(Debug)]
struct Input {
    load: Real,
    aht: Dur,
    model: Model,
    targets: Targets,
    team: Real,
    shrinkage: Fraction,
}

impl<'a> Arbitrary<'a> for Input {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Self {
            load: u.arbitrary()?,
            aht: u.arbitrary()?,
            model: model(u)?,
            targets: FuzzTargets::arbitrary(u)?.0,
            team: u.arbitrary()?,
            shrinkage: u.arbitrary()?,
        })
    }
}

fn check_target_errors(e: &Error, model: Model, targets: &Targets, aht_secs: f64) {
    match e {
        Error::NoTarget => assert!(targets.is_empty()),
        Error::TargetNotSupported { .. } => {
            assert!(model == Model::ErlangC && targets.max_prob_abandon().is_some())
        }
        Error::Unreachable { .. } => {}
        // Erlang A refuses a zero patience, or one so long against the AHT
        // that agents x patience / AHT exceeds 1e15 where the search looks.
        Error::InvalidParameter {
            name: "patience", ..
        } => assert!(
            erlang_a_patience_zero(model) || servops_fuzz::extreme_patience(model, aht_secs),
            "{e:?} for {model:?}"
        ),
        e => panic!("unexpected {e:?} for {model:?} {targets:?}"),
    }
}

fn erlang_a_patience_zero(model: Model) -> bool {
    matches!(model, Model::ErlangA { patience } if patience.is_zero())
}

fuzz_target!(|input: Input| {
    let Input {
        load,
        aht,
        model,
        targets,
        team,
        shrinkage,
    } = input;
    let (load, aht) = (load.0, aht.0);

    // scheduled_staff accepts a finite non-negative requirement and a shrinkage in [0, 1).
    match scheduled_staff(team.0, shrinkage.0) {
        Ok(s) => {
            assert!(team.0.is_finite() && team.0 >= 0.0 && (0.0..1.0).contains(&shrinkage.0));
            assert!(
                s >= team.0 && !s.is_nan(),
                "scheduled_staff({}, {}) = {s}",
                team.0,
                shrinkage.0
            );
        }
        Err(_) => {
            // Refused: an invalid input, or a valid one whose scheduled
            // staff overflows f64.
            let valid = team.0.is_finite() && team.0 >= 0.0 && (0.0..1.0).contains(&shrinkage.0);
            assert!(!valid || !(team.0 / (1.0 - shrinkage.0)).is_finite());
        }
    }

    if load.is_nan() || load > MAX_FUZZ_LOAD {
        return;
    }
    let Some(traffic) = traffic_from_load(load, aht) else {
        return;
    };
    let problem_ok =
        !targets.is_empty() && (model != Model::ErlangC || targets.max_prob_abandon().is_none());

    let whole = agents_required(&traffic, model, &targets);
    match &whole {
        Ok(s) => {
            assert!(!targets.is_empty());
            check_staffing(&traffic, model, &targets, s.agents);
            let m = &s.metrics;
            check_prob("metrics.prob_wait", m.prob_wait);
            check_prob("metrics.prob_abandon", m.prob_abandon);
            check_prob("metrics.occupancy", m.occupancy);
            if let Some(sl) = m.service_level {
                check_prob("metrics.service_level", sl);
            }
            check_non_negative("metrics.asa_secs", m.asa_secs);
            check_non_negative("metrics.mean_wait_secs", m.mean_wait_secs);
            check_non_negative("metrics.mean_queue_length", m.mean_queue_length);
            assert_eq!(m.agents, f64::from(s.agents));
            let scheduled = s.scheduled_staff(shrinkage.0);
            assert_eq!(scheduled.is_ok(), (0.0..1.0).contains(&shrinkage.0));
        }
        Err(e) => {
            check_target_errors(e, model, &targets, traffic.aht_secs());
            if matches!(e, Error::Unreachable { .. }) {
                assert!(problem_ok);
                // Unreachable means even the largest agent count the model
                // can be built with misses a target.
                let most = largest_buildable(&traffic, model);
                if let Some(a) = achieved(&traffic, model, &targets, most) {
                    assert!(
                        !meets(&targets, &a, 0.0),
                        "unreachable, yet {most} agents meet {targets:?}: {a:?}"
                    );
                }
            }
        }
    }

    match fractional_agents_required(&traffic, model, &targets) {
        Ok(x) => {
            let Ok(s) = &whole else {
                panic!("fractional solve succeeded where the integer one failed: {whole:?}");
            };
            let n = f64::from(s.agents);
            assert!(
                x.is_finite() && x <= n && x >= (n - 1.0).max(0.0),
                "fractional {x} vs integer {n}"
            );
            if x > 0.0 {
                // The binding target is met at x up to the root finder's precision.
                let a = achieved(&traffic, model, &targets, x * (1.0 + 1e-12));
                if let Some(a) = a {
                    let slack = match model {
                        Model::ErlangA { patience } => {
                            1e-6 + servops_fuzz::erlang_a_tolerance(
                                traffic.rate_per_sec() * patience.as_secs_f64(),
                            )
                        }
                        _ => 1e-6,
                    };
                    assert!(
                        meets(&targets, &a, slack),
                        "fractional {x} misses {targets:?}: {a:?}"
                    );
                }
            }
        }
        Err(e) => {
            assert!(
                whole.is_err(),
                "fractional solve failed with {e:?} where the integer one gave {whole:?}"
            );
            check_target_errors(&e, model, &targets, traffic.aht_secs());
        }
    }

    let team = team.0;
    // Subnormal teams have too few significant bits for the slack below.
    if team.is_nan() || team > MAX_FUZZ_LOAD || team > 0.0 && team < 1e-300 {
        return;
    }
    match max_load(team, aht, model, &targets) {
        Ok(a) => {
            assert!(team > 0.0 && !targets.is_empty());
            assert!(
                a.is_finite() && (0.0..=servops_queue::MAX_LOAD).contains(&a),
                "max_load = {a}"
            );
            if model == Model::ErlangC {
                assert!(a <= team, "Erlang C max_load {a} >= {team} agents");
            }
            // Just below the maximum the team meets the targets (up to the root finder's precision).
            // (Below 1e-290 the answer is zero up to the root finder's resolution.)
            if a > 1e-290 {
                let t = Traffic::from_load(a * (1.0 - 1e-9), aht).unwrap();
                let noisy = servops_fuzz::noisy_erlang_a(&t, model, &targets);
                if let Some(got) = achieved(&t, model, &targets, team).filter(|_| !noisy) {
                    assert!(
                        meets(&targets, &got, 1e-6),
                        "max_load {a}: {team} agents miss {targets:?}: {got:?}"
                    );
                }
            }
        }
        Err(Error::InvalidParameter { name, .. }) => {
            assert!(
                team.is_nan()
                    || team <= 0.0
                    || aht.is_zero()
                    || erlang_a_patience_zero(model)
                    || name == "patience"
                    // Erlang A and C take at least a millionth of an agent.
                    || name == "agents" && team < 1e-6,
                "max_load({team}) refused: {name}"
            );
        }
        Err(e) => check_target_errors(&e, model, &targets, aht.as_secs_f64()),
    }
});

/// The largest agent count the model accepts: 1e9, or for Erlang A the
/// count where `agents x patience / AHT` reaches its bound of 1e15.
fn largest_buildable(traffic: &Traffic, model: Model) -> f64 {
    match model {
        Model::ErlangA { patience } => {
            let ratio = patience.as_secs_f64() / traffic.aht_secs();
            (1e15 / ratio * (1.0 - 1e-12))
                .floor()
                .clamp(1.0, MAX_AGENTS)
        }
        _ => MAX_AGENTS,
    }
}

/// `agents` meets every target, and `agents - 1` does not (Erlang C: only
/// checked when `agents - 1` is above the load; below it nothing is met).
fn check_staffing(traffic: &Traffic, model: Model, targets: &Targets, agents: u32) {
    if traffic.load() == 0.0 {
        assert_eq!(agents, 0, "zero load needs no agents");
        return;
    }
    let got = achieved(traffic, model, targets, f64::from(agents))
        .unwrap_or_else(|| panic!("cannot build {model:?} at the answer {agents}"));
    assert!(
        meets(targets, &got, 0.0),
        "{agents} agents miss {targets:?}: {got:?}"
    );
    if agents == 0
        || cap_at_resolution_limit(targets)
        || servops_fuzz::noisy_erlang_a(traffic, model, targets)
    {
        return;
    }
    let fewer = f64::from(agents - 1);
    let check_fewer = match model {
        Model::ErlangC => fewer > traffic.load(),
        _ => fewer >= 1.0,
    };
    if check_fewer && let Some(a) = achieved(traffic, model, targets, fewer) {
        assert!(
            !meets(targets, &a, 0.0),
            "{fewer} agents already meet {targets:?}: {a:?}"
        );
    }
}
