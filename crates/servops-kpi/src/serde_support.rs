//! Checks shared by the validating deserialisers (feature `serde`) and by
//! [`XbarSChart::from_series`](crate::spc::XbarSChart::from_series).

/// Whether a stored float agrees with the value the constructors compute
/// from the same inputs: equal, or within 1e-12 of `scale` (the size of the
/// quantities it was computed from), so that a parser rounding the last
/// digit differently does not refuse a value this crate wrote.
pub(crate) fn agrees(stored: f64, computed: f64, scale: f64) -> bool {
    stored == computed
        || (stored - computed).abs() <= 1e-12 * scale.abs().max(stored.abs()).max(computed.abs())
}

/// `a <= b`, allowing 1e-9 of their size for rounding (an inequality that
/// holds exactly between the quantities a constructor summed in floating
/// point).
#[cfg(feature = "serde")]
pub(crate) fn at_most(a: f64, b: f64) -> bool {
    a <= b || a - b <= 1e-9 * a.abs().max(b.abs())
}
