//! Interval series solving, and typed errors for bad input at every entry point.
#![allow(clippy::unwrap_used)] // test support code

use chrono::NaiveDate;
use servops_core::chrono_tz::Europe::London;
use servops_core::{IntervalGrid, IntervalSeries};
use servops_queue::{
    ErlangA, ErlangC, Error, Model, Targets, Traffic, Workload, agents_for_blocking,
    agents_required, erlang_b, erlang_b_fractional, fractional_agents_required, max_load,
    scheduled_staff, solve_series,
};
use std::time::Duration;

const AHT: Duration = Duration::from_secs(240);

fn day_profile(grid: IntervalGrid) -> IntervalSeries<Workload> {
    // a double-peaked day, closed at night
    IntervalSeries::from_fn(grid, |i, _| {
        let h = i as f64 / 4.0;
        let v = if !(7.0..22.0).contains(&h) {
            0.0
        } else {
            300.0 * (-((h - 10.5) / 2.0).powi(2)).exp()
                + 220.0 * (-((h - 15.0) / 2.5).powi(2)).exp()
                + 5.0
        };
        Workload::new(v, AHT).unwrap()
    })
}

#[test]
fn series_solve_equals_independent_solves_on_a_dst_day() {
    // 2026-03-29 in London has 23 hours: 92 quarter hours.
    let day = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
    let grid = IntervalGrid::local_days(day, 1, Duration::from_secs(900), London).unwrap();
    assert_eq!(grid.len(), 92);
    let work = day_profile(grid);
    let goal = Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap();
    for model in [
        Model::ErlangC,
        Model::ErlangA {
            patience: Duration::from_secs(150),
        },
    ] {
        let plan = solve_series(&work, model, &goal).unwrap();
        assert_eq!(plan.grid(), work.grid());
        for (w, s) in work.values().iter().zip(plan.values()) {
            let t = w.traffic(Duration::from_secs(900)).unwrap();
            let alone = agents_required(&t, model, &goal).unwrap();
            assert_eq!(s.agents, alone.agents, "{model:?} at {w:?}");
            if w.contacts() == 0.0 {
                assert_eq!(s.agents, 0);
                assert_eq!(s.metrics.service_level, Some(1.0));
            } else {
                assert!(s.metrics.service_level.unwrap() >= 0.8);
            }
        }
    }
}

#[test]
fn huge_and_tiny_loads_solve() {
    let goal = Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap();
    for load in [1e-9, 1e-3, 0.5, 1e6, 1e8] {
        let t = Traffic::from_load(load, AHT).unwrap();
        let c = agents_required(&t, Model::ErlangC, &goal).unwrap();
        assert!(f64::from(c.agents) > load);
        let m = ErlangC::new(t, c.agents).unwrap();
        assert!(m.service_level(Duration::from_secs(20)) >= 0.8);
        let a = agents_required(
            &t,
            Model::ErlangA {
                patience: Duration::from_secs(60),
            },
            &goal,
        )
        .unwrap();
        assert!(a.agents >= 1 && a.agents <= c.agents);
    }
}

fn name_of(e: &Error) -> &'static str {
    match e {
        Error::InvalidParameter { name, .. } => name,
        Error::Unstable { .. } => "unstable",
        Error::NoTarget => "no target",
        Error::TargetNotSupported { .. } => "not supported",
        Error::Unreachable { .. } => "unreachable",
        _ => "other",
    }
}

#[test]
fn bad_input_gets_a_typed_error_naming_the_parameter() {
    let s = Duration::from_secs(1);
    let bad = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1.0];
    for v in bad {
        assert_eq!(name_of(&Traffic::from_load(v, s).unwrap_err()), "load");
        assert_eq!(name_of(&Traffic::new(v, s, s).unwrap_err()), "contacts");
        assert_eq!(
            name_of(&Traffic::from_rate_per_hour(v, s).unwrap_err()),
            "rate_per_hour"
        );
        assert_eq!(name_of(&erlang_b(3, v).unwrap_err()), "load");
        assert_eq!(name_of(&erlang_b_fractional(v, 1.0).unwrap_err()), "agents");
        assert_eq!(name_of(&Workload::new(v, s).unwrap_err()), "contacts");
        assert_eq!(name_of(&scheduled_staff(v, 0.1).unwrap_err()), "required");
        assert_eq!(name_of(&scheduled_staff(1.0, v).unwrap_err()), "shrinkage");
        assert_eq!(
            name_of(&agents_for_blocking(10.0, v).unwrap_err()),
            "max_blocking"
        );
    }
    assert_eq!(
        name_of(&Traffic::from_load(1.0, Duration::ZERO).unwrap_err()),
        "aht"
    );
    assert_eq!(
        name_of(&Workload::new(3.0, Duration::ZERO).unwrap_err()),
        "aht"
    );
    assert_eq!(
        name_of(&scheduled_staff(1.0, 1.0).unwrap_err()),
        "shrinkage"
    );
    for p in [0.0, 1.0, 1.5, -0.2, f64::NAN] {
        assert_eq!(
            name_of(&Targets::new().with_service_level(p, s).unwrap_err()),
            "service_level"
        );
        assert_eq!(
            name_of(&Targets::new().with_max_prob_wait(p).unwrap_err()),
            "max_prob_wait"
        );
        assert_eq!(
            name_of(&Targets::new().with_max_prob_abandon(p).unwrap_err()),
            "max_prob_abandon"
        );
    }
    for o in [0.0, 1.01, f64::NAN] {
        assert_eq!(
            name_of(&Targets::new().with_max_occupancy(o).unwrap_err()),
            "max_occupancy"
        );
    }
    assert_eq!(
        name_of(&Targets::new().with_max_asa(Duration::ZERO).unwrap_err()),
        "max_asa"
    );

    let t = Traffic::from_load(10.0, Duration::from_secs(180)).unwrap();
    assert_eq!(name_of(&ErlangC::new(t, 10).unwrap_err()), "unstable");
    assert_eq!(name_of(&ErlangC::new(t, 3).unwrap_err()), "unstable");
    assert_eq!(
        name_of(&ErlangC::with_fractional_agents(t, f64::NAN).unwrap_err()),
        "agents"
    );
    assert_eq!(name_of(&ErlangA::new(t, 0, s).unwrap_err()), "agents");
    assert_eq!(
        name_of(&ErlangA::new(t, 5, Duration::ZERO).unwrap_err()),
        "patience"
    );
    let m = ErlangC::new(t, 12).unwrap();
    for p in [0.0, 1.0, f64::NAN] {
        assert_eq!(name_of(&m.answer_time_percentile_secs(p).unwrap_err()), "p");
    }
    assert_eq!(
        name_of(&agents_required(&t, Model::ErlangC, &Targets::new()).unwrap_err()),
        "no target"
    );
    let abandon = Targets::new().with_max_prob_abandon(0.05).unwrap();
    assert_eq!(
        name_of(&agents_required(&t, Model::ErlangC, &abandon).unwrap_err()),
        "not supported"
    );
    assert_eq!(
        name_of(&fractional_agents_required(&t, Model::ErlangC, &Targets::new()).unwrap_err()),
        "no target"
    );
    assert_eq!(
        name_of(
            &max_load(f64::NAN, Duration::from_secs(180), Model::ErlangC, &abandon).unwrap_err()
        ),
        "agents"
    );
    // and the message says what was wrong
    let e = Targets::new().with_service_level(1.2, s).unwrap_err();
    assert_eq!(e.to_string(), "service_level must be in (0, 1), got 1.2");
}

#[test]
fn zero_load_needs_zero_agents_in_every_model() {
    let t = Traffic::from_load(0.0, AHT).unwrap();
    let goal = Targets::service_level_within(0.9, Duration::from_secs(10)).unwrap();
    for model in [
        Model::ErlangC,
        Model::ErlangA {
            patience: Duration::from_secs(30),
        },
    ] {
        let s = agents_required(&t, model, &goal).unwrap();
        assert_eq!(s.agents, 0);
        assert_eq!(fractional_agents_required(&t, model, &goal).unwrap(), 0.0);
    }
    assert_eq!(agents_for_blocking(0.0, 0.01).unwrap(), 0);
    assert_eq!(erlang_b(0, 0.0).unwrap(), 1.0);
    assert_eq!(erlang_b(5, 0.0).unwrap(), 0.0);
}

#[test]
fn erlang_a_patience_error_names_the_bound_it_breaks() {
    // 1e6 erlangs at a 1 s AHT arrive at 1e6 per second: a 1e10 s patience
    // gives arrival rate x patience = 1e16 > 1e15, while one agent gives
    // agents x patience / AHT = 1e10. Before, the message named the latter.
    let t = Traffic::from_load(1e6, Duration::from_secs(1)).unwrap();
    let err = ErlangA::new(t, 1, Duration::from_secs(10_000_000_000)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "patience must be such that arrival rate x patience <= 1e15, got 10000000000"
    );
    // 2e6 agents x 1e10 s / 1 s = 2e16 names the agent bound.
    let t = Traffic::from_load(1.0, Duration::from_secs(1)).unwrap();
    let err = ErlangA::new(t, 2_000_000, Duration::from_secs(10_000_000_000)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "patience must be such that agents x patience / AHT <= 1e15, got 10000000000"
    );
}

/// Error messages show extreme values compactly: `1e300`, not the 301
/// digits of its integer part.
#[test]
fn error_messages_show_extreme_values_compactly() {
    let err = servops_queue::erlang_b(10, 1e300).unwrap_err();
    assert_eq!(
        err.to_string(),
        "load must be at most 1e9 erlangs, got 1e300"
    );
    let err = servops_queue::erlang_b_fractional(-2.5e-7, 1.0).unwrap_err();
    assert_eq!(
        err.to_string(),
        "agents must be finite and >= 0, got -2.5e-7"
    );
}
