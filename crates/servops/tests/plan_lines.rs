//! `PlanSettings::with_lines`: a plan on finite trunk lines.
//!
//! The history is two weeks of 30 calls an hour of 300 s (2.5 erlangs),
//! 08:00 to 16:00 UTC; the plan is one Monday staffed to 80 % answered in
//! 20 s with 25 % shrinkage. Expected values from the birth-death chain on
//! `0..=K` in mpmath (40 digits): death rate `min(k, N)/AHT + max(k - N,
//! 0)/patience`, and the answered-within-20 s share of each waiting
//! position from its hypoexponential wait (Erlang without patience).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use servops::core::chrono::NaiveDate;
use servops::core::chrono_tz::UTC;
use servops::forecast::{Backtest, BestPick, Calendar, Selection, WeightedIndex};
use servops::plan::{PlanHistory, PlanModel, PlanSettings, plan};
use servops::prelude::*;
use servops::schedule::ShiftTemplate;

fn history() -> PlanHistory {
    let first = NaiveDate::from_ymd_opt(2026, 2, 16).unwrap();
    let grid = IntervalGrid::local_days(first, 14, Duration::from_secs(3600), UTC).unwrap();
    let calls = IntervalSeries::from_fn(grid, |i, _| {
        Some(if (8..16).contains(&(i % 24)) {
            30.0
        } else {
            0.0
        })
    });
    PlanHistory::new(
        calls.clone(),
        calls.clone(),
        calls.map(|c| c.map(|c| c * 300.0)),
    )
    .unwrap()
}

fn settings(targets: Targets) -> PlanSettings {
    let one_day = Backtest::rolling(1, 1, 1).unwrap();
    let method = BestPick::new(
        vec![WeightedIndex::new(1).unwrap().into()],
        one_day.clone(),
        Selection::PerSeries,
    )
    .unwrap();
    let shift = ShiftTemplate::builder("8h")
        .span(Duration::from_secs(8 * 3600))
        .hourly_rate(servops::cost::Decimal::new(30, 0))
        .build()
        .unwrap();
    PlanSettings::new(
        Calendar::new(UTC),
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        1,
        method,
        one_day,
        targets,
        vec![shift],
    )
    .unwrap()
    .with_shrinkage(0.25)
    .unwrap()
}

fn goal() -> Targets {
    Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap()
}

/// On 7 lines, Erlang C: 4 agents answer 0.747037 in 20 s, 5 answer
/// 0.904298 and block 0.016566, 6 block 0.011628. A 2 % blocking goal
/// keeps 5 agents; a 1.5 % goal needs 6.
#[test]
fn a_blocking_goal_adds_agents() {
    let p = plan(&history(), &settings(goal()).with_lines(7).unwrap()).unwrap();
    assert_eq!(
        p.model,
        Model::FiniteLines {
            lines: 7,
            patience: None
        }
    );
    let need = p.required.values()[8];
    assert_eq!(need.agents, 5);
    assert!((need.metrics.service_level.unwrap() - 0.904_298_059_019).abs() < 1e-9);
    assert!((need.metrics.prob_blocked - 0.016_566_384_817).abs() < 1e-10);

    let strict = goal().with_max_prob_blocked(0.015).unwrap();
    let p = plan(&history(), &settings(strict).with_lines(7).unwrap()).unwrap();
    let need = p.required.values()[8];
    assert_eq!(need.agents, 6);
    assert!((need.metrics.prob_blocked - 0.011_627_500_285).abs() < 1e-10);
    assert!((need.metrics.service_level.unwrap() - 0.969_666_548_053).abs() < 1e-9);
    // 6 / 0.75 = 8 rostered, 6 on the phones: the projection is the
    // requirement's own metrics, and nothing misses.
    let projected = p.projected.values()[8];
    assert_eq!(projected.on_phone, 6.0);
    assert!((projected.service_level().unwrap() - 0.969_666_548_053).abs() < 1e-9);
    assert!(p.misses.is_empty());
}

/// On 6 lines 6 agents still block 2.82 % of the calls (the chain's
/// `pi_6`), so a 2 % goal cannot be met by any team the lines allow.
#[test]
fn too_few_lines_for_the_blocking_goal_is_unreachable() {
    let strict = goal().with_max_prob_blocked(0.02).unwrap();
    let err = plan(&history(), &settings(strict).with_lines(6).unwrap()).unwrap_err();
    assert!(
        matches!(
            err,
            servops::Error::Queue(servops::queue::Error::Unreachable { .. })
        ),
        "{err:?}"
    );
}

/// Erlang A's patience goes into the lines model. With a 60 s patience on
/// 6 lines, 3 agents answer 0.690487 within 20 s and 4 answer 0.840911
/// (blocking 0.007088; callers who give up free their line, so blocking
/// rises with the agents here: 0.002127 with 3). The roster's 6 x 0.75 =
/// 4.5 on the phones are 4 whole agents.
#[test]
fn erlang_a_patience_is_kept_on_lines() {
    let patience = Duration::from_secs(60);
    let s = settings(goal())
        .with_model(PlanModel::ErlangA { patience })
        .with_lines(6)
        .unwrap();
    let p = plan(&history(), &s).unwrap();
    assert_eq!(
        p.model,
        Model::FiniteLines {
            lines: 6,
            patience: Some(patience)
        }
    );
    let need = p.required.values()[8];
    assert_eq!(need.agents, 4);
    assert!((need.metrics.service_level.unwrap() - 0.840_911_195_367).abs() < 1e-9);
    assert!((need.metrics.prob_blocked - 0.007_088_414_876).abs() < 1e-10);
    let projected = p.projected.values()[8];
    assert_eq!(projected.on_phone, 4.0);
    assert!((projected.service_level().unwrap() - 0.840_911_195_367).abs() < 1e-9);
    // The plan's service level counts the blocked calls against it.
    assert!(p.service_level_at_planned.unwrap() < 0.840_911_195_367 + 1e-9);
}
