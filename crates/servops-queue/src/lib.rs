#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod chat;
mod deferred;
mod erlang_a;
mod erlang_b;
mod erlang_c;
mod error;
mod estimate;
mod finite_lines;
mod search;
#[cfg(feature = "serde")]
mod serde_impls;
mod special;
mod staffing;
mod traffic;

pub use chat::{ChatConcurrency, ChatModel, MAX_CHAT_SLOTS, MAX_CONCURRENCY};
pub use deferred::{
    ArrivalSource, BacklogProjection, ConstantStaffing, DEFERRED_ITEM_TOLERANCE,
    DEFERRED_LEVEL_TOLERANCE, DEFERRED_TIME_TOLERANCE, DeferredWorkload, GoalAttainment,
    InitialBacklog, IntervalBacklog, JustInTimeStaffing, ResponseGoal, UnreachableArrivals,
};
pub use erlang_a::{ErlangA, ServiceLevelConvention};
pub use erlang_b::{MAX_AGENTS, agents_for_blocking, erlang_b, erlang_b_fractional};
pub use erlang_c::ErlangC;
pub use error::{Error, Result};
pub use estimate::patience_from_abandonment;
pub use finite_lines::{FiniteLines, lines_for_blocking};
pub use staffing::{
    Metrics, Model, Staffing, Targets, Workload, agents_required, fractional_agents_required,
    max_load, metrics_at, scheduled_staff, solve_series,
};
pub use traffic::{MAX_LOAD, Traffic};
