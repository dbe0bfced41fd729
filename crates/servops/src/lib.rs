#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

/// The shared vocabulary: interval grids with a local calendar, interval
/// series, channels and queue identifiers (the `servops-core` crate).
#[doc(inline)]
pub use servops_core as core;

/// Erlang B, C and A models and staffing solvers (the `servops-queue` crate).
#[cfg(feature = "queue")]
#[cfg_attr(docsrs, doc(cfg(feature = "queue")))]
#[doc(inline)]
pub use servops_queue as queue;

/// Interval-level forecasting of contact volume and handle time, accuracy
/// metrics and rolling-origin backtests (the `servops-forecast` crate).
#[cfg(feature = "forecast")]
#[cfg_attr(docsrs, doc(cfg(feature = "forecast")))]
#[doc(inline)]
pub use servops_forecast as forecast;

/// Shift templates, implicit break placement, weekly tours and agent
/// assignment (the `servops-schedule` crate).
#[cfg(feature = "schedule")]
#[cfg_attr(docsrs, doc(cfg(feature = "schedule")))]
#[doc(inline)]
pub use servops_schedule as schedule;

/// Contact-centre KPIs with explicit definitions, process control and QA
/// statistics (the `servops-kpi` crate).
#[cfg(feature = "kpi")]
#[cfg_attr(docsrs, doc(cfg(feature = "kpi")))]
#[doc(inline)]
pub use servops_kpi as kpi;

/// Exact money, cost per contact, headcount and budget plans, investment
/// cases (the `servops-cost` crate).
#[cfg(feature = "cost")]
#[cfg_attr(docsrs, doc(cfg(feature = "cost")))]
#[doc(inline)]
pub use servops_cost as cost;

#[cfg(feature = "plan")]
#[cfg_attr(docsrs, doc(cfg(feature = "plan")))]
pub mod plan;

mod error;
pub use error::{Error, Result};

pub mod prelude;

/// The repository README's examples, compiled and run as doctests so the
/// README stays true.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct RepositoryReadme;
