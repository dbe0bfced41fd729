//! Serde forms of the validated input types. Each deserializes through its
//! constructor (`try_from`), so bad data cannot bypass validation.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::error::{Error, invalid};
use crate::{ServiceLevelConvention, Targets, Traffic, Workload};

fn duration(name: &'static str, secs: f64) -> Result<Duration, Error> {
    Duration::try_from_secs_f64(secs)
        .map_err(|_| invalid(name, secs, "a finite number of seconds >= 0"))
}

/// `Traffic` as `{"load": erlangs, "aht_secs": seconds}`, with
/// `"rate_per_sec"` as well when the arrival rate differs from
/// `load / aht_secs` (a value built from a volume, whose rate and load are
/// each rounded from the inputs), so that every value round-trips exactly.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TrafficRepr {
    load: f64,
    aht_secs: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rate_per_sec: Option<f64>,
}

impl TryFrom<TrafficRepr> for Traffic {
    type Error = Error;
    fn try_from(r: TrafficRepr) -> Result<Self, Error> {
        let t = Traffic::from_load(r.load, duration("aht", r.aht_secs)?)?;
        match r.rate_per_sec {
            None => Ok(t),
            Some(rate) => t.with_rate_from_serde(rate),
        }
    }
}

impl From<Traffic> for TrafficRepr {
    fn from(t: Traffic) -> Self {
        let rate = t.rate_per_sec();
        Self {
            load: t.load(),
            aht_secs: t.aht_secs(),
            rate_per_sec: (rate != t.load() / t.aht_secs()).then_some(rate),
        }
    }
}

/// `Workload` as `{"contacts": n, "aht_secs": seconds}`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WorkloadRepr {
    contacts: f64,
    aht_secs: f64,
}

impl TryFrom<WorkloadRepr> for Workload {
    type Error = Error;
    fn try_from(r: WorkloadRepr) -> Result<Self, Error> {
        Workload::new(r.contacts, duration("aht", r.aht_secs)?)
    }
}

impl From<Workload> for WorkloadRepr {
    fn from(w: Workload) -> Self {
        Self {
            contacts: w.contacts(),
            aht_secs: w.aht().as_secs_f64(),
        }
    }
}

/// A service-level target: `fraction` answered within `within_secs`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ServiceLevelRepr {
    fraction: f64,
    within_secs: f64,
}

/// `Targets` with every target optional.
#[derive(Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct TargetsRepr {
    service_level: Option<ServiceLevelRepr>,
    max_asa_secs: Option<f64>,
    max_prob_wait: Option<f64>,
    max_prob_abandon: Option<f64>,
    max_occupancy: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_prob_blocked: Option<f64>,
    convention: ServiceLevelConvention,
}

impl TryFrom<TargetsRepr> for Targets {
    type Error = Error;
    fn try_from(r: TargetsRepr) -> Result<Self, Error> {
        let mut t = Targets::new().with_convention(r.convention);
        if let Some(sl) = r.service_level {
            t = t.with_service_level(sl.fraction, duration("within", sl.within_secs)?)?;
        }
        if let Some(asa) = r.max_asa_secs {
            t = t.with_max_asa(duration("max_asa", asa)?)?;
        }
        if let Some(p) = r.max_prob_wait {
            t = t.with_max_prob_wait(p)?;
        }
        if let Some(p) = r.max_prob_abandon {
            t = t.with_max_prob_abandon(p)?;
        }
        if let Some(o) = r.max_occupancy {
            t = t.with_max_occupancy(o)?;
        }
        if let Some(p) = r.max_prob_blocked {
            t = t.with_max_prob_blocked(p)?;
        }
        Ok(t)
    }
}

impl From<Targets> for TargetsRepr {
    fn from(t: Targets) -> Self {
        Self {
            service_level: t
                .service_level()
                .map(|(fraction, within)| ServiceLevelRepr {
                    fraction,
                    within_secs: within.as_secs_f64(),
                }),
            max_asa_secs: t.max_asa_secs(),
            max_prob_wait: t.max_prob_wait(),
            max_prob_abandon: t.max_prob_abandon(),
            max_occupancy: t.max_occupancy(),
            max_prob_blocked: t.max_prob_blocked(),
            convention: t.convention(),
        }
    }
}

/// `ChatConcurrency` as `{"handle_secs": [h_1, ..., h_m], "patience_secs": p}`
/// (`patience_secs` absent or null: nobody abandons).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChatConcurrencyRepr {
    handle_secs: Vec<f64>,
    #[serde(default)]
    patience_secs: Option<f64>,
}

impl TryFrom<ChatConcurrencyRepr> for crate::ChatConcurrency {
    type Error = Error;
    fn try_from(r: ChatConcurrencyRepr) -> Result<Self, Error> {
        let handle = r
            .handle_secs
            .iter()
            .map(|&h| duration("handle_times", h))
            .collect::<Result<Vec<_>, _>>()?;
        let patience = match r.patience_secs {
            None => None,
            Some(p) => Some(duration("patience", p)?),
        };
        crate::ChatConcurrency::new(&handle, patience)
    }
}

impl From<crate::ChatConcurrency> for ChatConcurrencyRepr {
    fn from(c: crate::ChatConcurrency) -> Self {
        Self {
            handle_secs: c.handle_times().iter().map(Duration::as_secs_f64).collect(),
            patience_secs: c.patience().map(|p| p.as_secs_f64()),
        }
    }
}
