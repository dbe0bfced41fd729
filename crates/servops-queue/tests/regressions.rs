//! Inputs that the fuzz targets found to break earlier versions; each test
//! states what must hold.
#![allow(clippy::unwrap_used)] // test support code

use servops_core::chrono::DateTime;
use servops_core::{IntervalGrid, IntervalSeries};
use servops_queue::{
    ErlangA, ErlangC, Error, Model, ServiceLevelConvention, Targets, Traffic, Workload,
    agents_for_blocking, agents_required, erlang_b, max_load, solve_series,
};
use std::time::Duration;

const CONVENTIONS: [ServiceLevelConvention; 3] = [
    ServiceLevelConvention::AnsweredWithinOverOffered,
    ServiceLevelConvention::AnsweredWithinOverAnswered,
    ServiceLevelConvention::AbandonsWithinCountAsMet,
];

#[test]
fn subnormal_loads_and_rates_give_consistent_probabilities() {
    let ns = Duration::from_nanos(1);
    let cases = [
        (Traffic::from_load(5e-324, ns).unwrap(), 100, ns),
        (
            Traffic::from_load(f64::MIN_POSITIVE, Duration::from_secs(35_466)).unwrap(),
            3,
            Duration::from_micros(1),
        ),
        (
            Traffic::from_load(1e-250, Duration::from_secs(180)).unwrap(),
            1,
            Duration::from_secs(60),
        ),
    ];
    for (t, n, patience) in cases {
        let m = ErlangA::new(t, n, patience).unwrap();
        assert!(
            (m.prob_answered() + m.prob_abandon() - 1.0).abs() < 1e-15,
            "{t:?}"
        );
        for c in CONVENTIONS {
            let sl = m.service_level(Duration::from_secs(20), c);
            assert!((0.0..=1.0).contains(&sl), "{c:?} {sl}");
        }
        assert!(m.asa_answered_secs().is_finite());
    }
    // a subnormal (or any sub-millionth) agent count is refused, not a NaN
    let t = Traffic::from_load(10.0, Duration::from_secs(180)).unwrap();
    assert!(matches!(
        ErlangA::with_fractional_agents(t, 5e-324, Duration::from_secs(180)),
        Err(Error::InvalidParameter { name: "agents", .. })
    ));
}

#[test]
fn tiny_service_level_goals_are_decided_exactly() {
    let within = Duration::from_secs(20);
    for goal in [1e-17, 1e-249, 2.5e-9] {
        let t = Traffic::from_load(10.0, Duration::from_secs(180)).unwrap();
        let s = agents_required(
            &t,
            Model::ErlangC,
            &Targets::service_level_within(goal, within).unwrap(),
        )
        .unwrap();
        assert_eq!(s.agents, 11, "goal {goal}"); // any stable staffing answers someone within 20 s
        let sl = ErlangC::new(t, s.agents).unwrap().service_level(within);
        assert!(sl >= goal);
    }
    // 12,861 erlangs, AHT 4.477 us, patience 31 ns, SL >= 2.5e-9 within 0 s
    let t = Traffic::from_load(12_861.0, Duration::from_nanos(4477)).unwrap();
    let model = Model::ErlangA {
        patience: Duration::from_nanos(31),
    };
    let goal = Targets::service_level_within(2.5e-9, Duration::ZERO).unwrap();
    let s = agents_required(&t, model, &goal).unwrap();
    let at = |n: u32| {
        ErlangA::new(t, n, Duration::from_nanos(31))
            .unwrap()
            .service_level(
                Duration::ZERO,
                ServiceLevelConvention::AnsweredWithinOverOffered,
            )
    };
    assert!(at(s.agents) >= 2.5e-9 && (s.agents == 1 || at(s.agents - 1) < 2.5e-9));
}

#[test]
fn a_target_met_with_zero_margin_still_solves() {
    // Erlang A at 1e5 erlangs, 80 % in 20 s and occupancy <= 1 (always true).
    let t = Traffic::from_load(1e5, Duration::from_secs(180)).unwrap();
    let model = Model::ErlangA {
        patience: Duration::from_secs(180),
    };
    let sl = Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap();
    let capped = sl.with_max_occupancy(1.0).unwrap();
    assert_eq!(
        agents_required(&t, model, &capped).unwrap().agents,
        agents_required(&t, model, &sl).unwrap().agents
    );
}

#[test]
fn blocking_solver_reaches_tiny_targets() {
    for (load, target) in [(1e5, 1e-15), (3584.0, 1e-225), (1.58e8, 1e-66)] {
        let n = agents_for_blocking(load, target).unwrap();
        assert!(erlang_b(n, load).unwrap() <= target);
        assert!(erlang_b(n - 1, load).unwrap() > target, "{load} {target}");
    }
}

#[test]
fn very_long_patience_is_an_error_or_an_answer_never_unreachable() {
    let aht = Duration::from_secs(180);
    let goal = Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap();
    let patience = Duration::from_secs(180 * 2_000_000);
    for load in [5.0, 1e3, 1e8] {
        let t = Traffic::from_load(load, aht).unwrap();
        match agents_required(&t, Model::ErlangA { patience }, &goal) {
            Ok(s) => assert!(s.metrics.service_level.unwrap() >= 0.8),
            Err(Error::InvalidParameter {
                name: "patience", ..
            }) => {}
            Err(e) => panic!("load {load}: {e}"),
        }
    }
    // a near-empty interval before a busy one does not throw the warm start off
    let grid = IntervalGrid::new(
        DateTime::from_timestamp(1_767_225_600, 0).unwrap(),
        Duration::from_secs(900),
        3,
    )
    .unwrap();
    let work = IntervalSeries::new(
        grid,
        vec![
            Workload::new(1e-6, aht).unwrap(),
            Workload::new(400.0, aht).unwrap(),
            Workload::new(0.0, aht).unwrap(),
        ],
    )
    .unwrap();
    let model = Model::ErlangA {
        patience: Duration::from_secs(180 * 1_000_000),
    };
    let plan = solve_series(&work, model, &goal).unwrap();
    let alone = agents_required(
        &Traffic::new(400.0, Duration::from_secs(900), aht).unwrap(),
        model,
        &goal,
    )
    .unwrap();
    assert_eq!(plan.values()[1].agents, alone.agents);
}

#[test]
fn erlang_a_max_load_checks_up_to_the_cap() {
    let aht = Duration::from_nanos(226);
    let model = Model::ErlangA { patience: aht };
    let goal = Targets::new()
        .with_max_asa(Duration::from_nanos(4710))
        .unwrap();
    let a = max_load(0.2196, aht, model, &goal).unwrap();
    let at = |load: f64| {
        ErlangA::with_fractional_agents(Traffic::from_load(load, aht).unwrap(), 0.2196, aht)
            .unwrap()
            .asa_answered_secs()
    };
    assert!(at(a * (1.0 - 1e-9)) <= 4.71e-6);
    if a < servops_queue::MAX_LOAD {
        assert!(at((a * (1.0 + 1e-9)).min(servops_queue::MAX_LOAD)) > 4.71e-6);
    }
}

#[test]
fn asa_of_answered_is_continuous_in_the_agent_count() {
    // Once infinite at 818,508 agents (a mode search that stopped at the wrong point).
    let t = Traffic::new(
        91_663.812_871_995_34,
        Duration::from_secs(1800),
        Duration::from_secs(43_691),
    )
    .unwrap();
    let p = Duration::from_secs(3598);
    let asa: Vec<f64> = (818_507..=818_509)
        .map(|n| ErlangA::new(t, n, p).unwrap().asa_answered_secs())
        .collect();
    assert!(asa.iter().all(|a| a.is_finite()));
    assert!(asa[0] >= asa[1] && asa[1] >= asa[2], "{asa:?}");
    let goal = Targets::new().with_max_asa(p).unwrap();
    let s = agents_required(&t, Model::ErlangA { patience: p }, &goal).unwrap();
    assert!(ErlangA::new(t, s.agents, p).unwrap().asa_answered_secs() <= 3598.0);
    assert!(
        ErlangA::new(t, s.agents - 1, p)
            .unwrap()
            .asa_answered_secs()
            > 3598.0
    );
}
