//! Serde helpers: decimals pinned to strings, validated types through `try_from`.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::curve::Scenario;
use crate::error::Error;
use crate::hourly::{HourlyCosts, Occupancy, Shrinkage};
use crate::money::{Money, RoundingMode, RoundingPolicy};
use crate::plan::{AttritionRate, PeriodDemand};

/// The serde form of [`Money`], read through [`Money::new`] so that its
/// invariants (no negative zero) hold for deserialised amounts too.
#[derive(Deserialize)]
pub(crate) struct MoneyWire {
    #[serde(with = "rust_decimal::serde::str")]
    amount: Decimal,
    currency: crate::money::Currency,
}

impl From<MoneyWire> for Money {
    fn from(w: MoneyWire) -> Self {
        Money::new(w.amount, w.currency)
    }
}

/// A decimal written as a JSON string (`"0.30"`), whatever features of
/// `rust_decimal` are enabled elsewhere.
#[derive(Clone, Copy, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct DecimalStr(#[serde(with = "rust_decimal::serde::str")] Decimal);

impl TryFrom<DecimalStr> for Shrinkage {
    type Error = Error;
    fn try_from(d: DecimalStr) -> Result<Self, Error> {
        Shrinkage::new(d.0)
    }
}

impl From<Shrinkage> for DecimalStr {
    fn from(s: Shrinkage) -> Self {
        Self(s.value())
    }
}

impl TryFrom<DecimalStr> for Occupancy {
    type Error = Error;
    fn try_from(d: DecimalStr) -> Result<Self, Error> {
        Occupancy::new(d.0)
    }
}

impl From<Occupancy> for DecimalStr {
    fn from(o: Occupancy) -> Self {
        Self(o.value())
    }
}

/// `HourlyCosts` as its inputs; the derived costs are recomputed on input.
#[derive(Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HourlyCostsRepr {
    per_paid_hour: Money,
    shrinkage: Shrinkage,
    occupancy: Occupancy,
}

impl TryFrom<HourlyCostsRepr> for HourlyCosts {
    type Error = Error;
    fn try_from(r: HourlyCostsRepr) -> Result<Self, Error> {
        HourlyCosts::new(r.per_paid_hour, r.shrinkage, r.occupancy)
    }
}

impl From<HourlyCosts> for HourlyCostsRepr {
    fn from(h: HourlyCosts) -> Self {
        Self {
            per_paid_hour: h.per_paid_hour(),
            shrinkage: h.shrinkage(),
            occupancy: h.occupancy(),
        }
    }
}

impl TryFrom<DecimalStr> for AttritionRate {
    type Error = Error;
    fn try_from(d: DecimalStr) -> Result<Self, Error> {
        AttritionRate::per_period_rate(d.0)
    }
}

impl From<AttritionRate> for DecimalStr {
    fn from(a: AttritionRate) -> Self {
        Self(a.per_period())
    }
}

/// `PeriodDemand` with every field validated again on input.
#[derive(Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PeriodDemandRepr {
    #[serde(with = "rust_decimal::serde::str")]
    required_productive_fte: Decimal,
    shrinkage: Shrinkage,
    #[serde(with = "rust_decimal::serde::str")]
    paid_hours_per_fte: Decimal,
}

impl TryFrom<PeriodDemandRepr> for PeriodDemand {
    type Error = Error;
    fn try_from(r: PeriodDemandRepr) -> Result<Self, Error> {
        PeriodDemand::new(r.required_productive_fte, r.shrinkage, r.paid_hours_per_fte)
    }
}

impl From<PeriodDemand> for PeriodDemandRepr {
    fn from(p: PeriodDemand) -> Self {
        Self {
            required_productive_fte: p.required_productive_fte(),
            shrinkage: p.shrinkage(),
            paid_hours_per_fte: p.paid_hours_per_fte(),
        }
    }
}

/// `Scenario` as `{"volume_change": "0.2", "deflection": "0.15", "residual_aht_secs": 330.0}`.
#[derive(Clone, Copy, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct ScenarioRepr {
    #[serde(with = "rust_decimal::serde::str")]
    volume_change: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    deflection: Decimal,
    residual_aht_secs: Option<f64>,
}

impl TryFrom<ScenarioRepr> for Scenario {
    type Error = Error;
    fn try_from(r: ScenarioRepr) -> Result<Self, Error> {
        let mut s = Scenario::new()
            .with_volume_change(r.volume_change)?
            .with_deflection(r.deflection)?;
        if let Some(secs) = r.residual_aht_secs {
            let aht = std::time::Duration::try_from_secs_f64(secs).map_err(|_| {
                crate::error::invalid(
                    "residual_aht",
                    servops_core::CompactFloat(secs),
                    "a finite number of seconds > 0",
                )
            })?;
            s = s.with_residual_aht(aht)?;
        }
        Ok(s)
    }
}

impl From<Scenario> for ScenarioRepr {
    fn from(s: Scenario) -> Self {
        Self {
            volume_change: s.volume_change(),
            deflection: s.deflection(),
            residual_aht_secs: s.residual_aht().map(|d| d.as_secs_f64()),
        }
    }
}

/// `RoundingPolicy` as its fields; on input through `RoundingPolicy::new`,
/// which keeps at most 28 places.
#[derive(Clone, Copy, Serialize, Deserialize)]
pub(crate) struct RoundingPolicyRepr {
    decimal_places: u32,
    mode: RoundingMode,
}

impl From<RoundingPolicyRepr> for RoundingPolicy {
    fn from(r: RoundingPolicyRepr) -> Self {
        RoundingPolicy::new(r.decimal_places, r.mode)
    }
}

impl From<RoundingPolicy> for RoundingPolicyRepr {
    fn from(p: RoundingPolicy) -> Self {
        Self {
            decimal_places: p.decimal_places(),
            mode: p.mode(),
        }
    }
}
