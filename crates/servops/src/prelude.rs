//! The types and functions a planner touches, in one import:
//! `use servops::prelude::*;`
//!
//! # Examples
//!
//! ```
//! use servops::prelude::*;
//! use std::time::Duration;
//!
//! let t = Traffic::new(240.0, Duration::from_secs(1800), Duration::from_secs(270))?;
//! let goal = Targets::service_level_within(0.8, Duration::from_secs(30))?;
//! let s = agents_required(&t, Model::ErlangC, &goal)?;
//! assert!(s.metrics.service_level.unwrap_or(0.0) >= 0.8);
//! # Ok::<(), servops::Error>(())
//! ```
//!
//! Finite trunk lines and deferred work (e-mail, back office) come with it:
//!
//! ```
//! use servops::prelude::*;
//! use std::time::Duration;
//!
//! // 16 erlangs on 24 lines: fewest agents for 80 % in 20 s and at most 3 % busy signals.
//! let t = Traffic::from_load(16.0, Duration::from_secs(240))?;
//! let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?.with_max_prob_blocked(0.03)?;
//! let s = agents_required(&t, Model::FiniteLines { lines: 24, patience: None }, &goal)?;
//! assert!(s.metrics.prob_blocked <= 0.03);
//!
//! // 12 e-mails an hour, 10 minutes each, every one answered within an hour.
//! let hour = Duration::from_secs(3600);
//! let work = DeferredWorkload::new(&[12.0, 12.0, 12.0], hour, Duration::from_secs(600))?;
//! assert_eq!(work.just_in_time_staff(hour, &[true; 3])?.staff, vec![0.0, 2.0, 2.0]);
//! # Ok::<(), servops::Error>(())
//! ```
//!
//! And live chat, with agents holding several chats at once:
//!
//! ```
//! use servops::prelude::*;
//! use std::time::Duration;
//!
//! // Up to 3 chats of 6, 8 and 11 minutes; 300 chats in half an hour.
//! let secs = Duration::from_secs;
//! let chat = ChatConcurrency::new(&[secs(360), secs(480), secs(660)], Some(secs(180)))?;
//! let t = chat.traffic(300.0, secs(1800))?;
//! let goal = Targets::service_level_within(0.8, secs(60))?;
//! let s = agents_required(&t, Model::Chat { concurrency: chat }, &goal)?;
//! assert!(s.metrics.service_level.unwrap_or(0.0) >= 0.8);
//! # Ok::<(), servops::Error>(())
//! ```

pub use crate::{Error, Result};
pub use servops_core::{Channel, IntervalGrid, IntervalSeries, QueueId};

#[cfg(feature = "queue")]
pub use servops_queue::{
    ChatConcurrency, ChatModel, DeferredWorkload, ErlangA, ErlangC, FiniteLines, InitialBacklog,
    Metrics, Model, ResponseGoal, ServiceLevelConvention, Staffing, Targets, Traffic, Workload,
    agents_for_blocking, agents_required, erlang_b, erlang_b_fractional,
    fractional_agents_required, lines_for_blocking, max_load, metrics_at,
    patience_from_abandonment, scheduled_staff, solve_series,
};

#[cfg(feature = "forecast")]
pub use servops_forecast::{
    Backtest, BestPick, Calendar, DayType, FittedModel, History, Method as ForecastMethod,
    NegativeBinomial, OpeningHours, SeasonalNaive, Selection, SpecialDay, TopDown, WeightedIndex,
};

#[cfg(feature = "schedule")]
pub use servops_schedule::{
    BreakRule, Pay, ScheduleProblem, ShiftTemplate, SolveOptions, solve as solve_schedule,
};

#[cfg(feature = "kpi")]
pub use servops_kpi::{
    AbandonTreatment, ComponentSeries, ComponentSpec, ContactRecord, Outcome, ServiceLevelPolicy,
};

#[cfg(feature = "cost")]
pub use servops_cost::{Currency, Decimal, Money};

#[cfg(feature = "plan")]
pub use crate::plan::{Plan, PlanHistory, PlanModel, PlanSettings, PlanTo, plan};
