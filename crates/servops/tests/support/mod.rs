//! Test data shared by the facade's tests and the `plan` benchmark.
pub mod plan_week;
