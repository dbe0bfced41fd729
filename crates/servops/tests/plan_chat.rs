//! `PlanModel::Chat`: a plan of live chat with concurrency.
//!
//! The history is two weeks of 120 chats an hour, 08:00 to 16:00 UTC, with
//! handle seconds of 600 s a chat (which the chat plan must not use); the
//! plan is one Monday staffed to 80 % answered in 60 s with 25 %
//! shrinkage, agents holding up to 3 chats of 6, 8 and 11 minutes.
//! Expected values from the balanced chain summed in mpmath (40 digits),
//! written from the model's definition: `k` chats in service spread
//! evenly, completion rate `r (q+1)/h_{q+1} + (N-r) q/h_q`, above `3N`
//! the queue empties at `3N/h_3` plus `j/patience` with `j` waiting.
//! - Without patience: 8 agents answer 0.679521 within 60 s, 9 answer
//!   0.955958.
//! - With a 3-minute patience: 6 agents 0.619142, 7 agents 0.805375.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use servops::core::chrono::NaiveDate;
use servops::core::chrono_tz::UTC;
use servops::forecast::{Backtest, BestPick, Calendar, Selection, WeightedIndex};
use servops::plan::{PlanHistory, PlanModel, PlanSettings, plan};
use servops::prelude::*;
use servops::queue::ChatConcurrency;
use servops::schedule::ShiftTemplate;

fn history() -> PlanHistory {
    let first = NaiveDate::from_ymd_opt(2026, 2, 16).unwrap();
    let grid = IntervalGrid::local_days(first, 14, Duration::from_secs(3600), UTC).unwrap();
    let chats = IntervalSeries::from_fn(grid, |i, _| {
        Some(if (8..16).contains(&(i % 24)) {
            120.0
        } else {
            0.0
        })
    });
    PlanHistory::new(
        chats.clone(),
        chats.clone(),
        chats.map(|c| c.map(|c| c * 600.0)),
    )
    .unwrap()
}

fn settings(patience: Option<Duration>) -> PlanSettings {
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
    let secs = Duration::from_secs;
    let concurrency = ChatConcurrency::new(&[secs(360), secs(480), secs(660)], patience).unwrap();
    PlanSettings::new(
        Calendar::new(UTC),
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        1,
        method,
        one_day,
        Targets::service_level_within(0.8, secs(60)).unwrap(),
        vec![shift],
    )
    .unwrap()
    .with_shrinkage(0.25)
    .unwrap()
    .with_model(PlanModel::Chat { concurrency })
}

/// 9 agents meet 80 % in 60 s; 9 / 0.75 = 12 rostered put 9 on the chats.
/// The plan's handle time is h_1 = 360 s, not the history's 600 s.
#[test]
fn chat_plan_staffs_by_the_profile() {
    let p = plan(&history(), &settings(None)).unwrap();
    assert!(matches!(p.model, Model::Chat { .. }));
    for i in 8..16 {
        assert_eq!(p.aht.values()[i], 360.0);
        let need = p.required.values()[i];
        assert_eq!(need.agents, 9, "interval {i}");
        assert!((need.metrics.service_level.unwrap() - 0.955_957_833_351_054).abs() < 1e-9);
        let projected = p.projected.values()[i];
        assert_eq!(projected.on_phone, 9.0);
        assert!((projected.service_level().unwrap() - 0.955_957_833_351_054).abs() < 1e-9);
    }
    assert_eq!(p.required.values()[7].agents, 0);
    assert!(p.misses.is_empty());
}

/// With a 3-minute patience (below h_3 = 11 min) 7 agents are needed;
/// 7 / 0.75 = 9.33 rostered become 10 shifts, 7.5 on the chats, and only
/// 7 whole agents hold chats: the projection is at 7.
#[test]
fn chat_plan_with_patience_projects_whole_agents() {
    let p = plan(&history(), &settings(Some(Duration::from_secs(180)))).unwrap();
    let need = p.required.values()[8];
    assert_eq!(need.agents, 7);
    assert!((need.metrics.service_level.unwrap() - 0.805_375_457_930).abs() < 1e-9);
    let projected = p.projected.values()[8];
    assert_eq!(p.on_phone.values()[8], 7.5);
    assert_eq!(projected.on_phone, 7.0);
    assert!((projected.service_level().unwrap() - 0.805_375_457_930).abs() < 1e-9);
}

/// Chats take no trunk lines: a chat plan on lines is refused.
#[test]
fn chat_plan_on_lines_is_refused() {
    let err = plan(&history(), &settings(None).with_lines(20).unwrap()).unwrap_err();
    assert!(err.to_string().contains("chat"), "{err}");
}
