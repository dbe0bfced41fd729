#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod contact;
mod curve;
mod error;
mod hourly;
mod invest;
mod money;
mod plan;
mod root;
#[cfg(feature = "serde")]
mod serde_impls;
mod tangent;
mod wide;

pub use contact::{AllocationBasis, ChannelCost, ChannelDemand, cost_by_channel, cost_per_contact};
pub use curve::{IntervalCost, Pooling, Scenario, ScenarioComparison, SeriesCost, StaffingCost};
pub use error::{Error, Result};
pub use hourly::{CostStack, HourlyCosts, LoadedCost, Occupancy, Shrinkage};
pub use invest::{
    CashFlows, DeflectionCase, DeflectionCaseResult, Irr, NpvConvention, Payback, Realisation,
    annual_to_periodic_rate, discounted_payback, discounted_payback_final, irr, npv,
    periodic_to_annual_rate, roi, simple_payback, simple_payback_final,
};
pub use money::{Currency, Money, RoundingMode, RoundingPolicy, allocate, allocate_in_minor_units};
pub use plan::{
    AttritionRate, HeadcountPlan, PeriodBudget, PeriodDemand, PlanPeriod, PlanResult, Ramp,
};

/// Re-export of the decimal type every amount in this crate uses.
pub use rust_decimal::Decimal;
