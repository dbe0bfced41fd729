//! The benchmark family of `crates/servops-schedule/tests/data` (made by
//! `gen/instances.py`) as schedule problems, and its HiGHS references; shared
//! by the `schedule` and `tours` benches. The loader is the crate's own test
//! loader, included here so both read the instances the same way.

#[path = "../../../crates/servops-schedule/tests/common/mod.rs"]
mod common;

pub use common::problem;

/// `(objective, bound, status)` of the HiGHS reference (`NaN`s and
/// "missing" when the file has no row for it).
pub fn reference(name: &str, fixed: bool) -> (f64, f64, String) {
    common::reference(name, fixed).unwrap_or((f64::NAN, f64::NAN, "missing".into()))
}
