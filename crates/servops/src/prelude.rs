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

pub use crate::{Error, Result};
pub use servops_core::{Channel, IntervalGrid, IntervalSeries, QueueId};

#[cfg(feature = "queue")]
pub use servops_queue::{
    ErlangA, ErlangC, Metrics, Model, ServiceLevelConvention, Staffing, Targets, Traffic, Workload,
    agents_for_blocking, agents_required, erlang_b, erlang_b_fractional,
    fractional_agents_required, max_load, scheduled_staff, solve_series,
};
