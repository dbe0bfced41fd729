//! The staffing-target flags shared by `erlang`, `staff` and `plan`.

use std::time::Duration;

use clap::{Args, ValueEnum};
use servops::queue::{Model, ServiceLevelConvention, Targets};

use crate::config::Section;
use crate::error::CliError;
use crate::parse;

/// The queueing model to staff with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModelName {
    /// Erlang C: callers never abandon.
    ErlangC,
    /// Erlang A: callers abandon after an exponential patience (`--patience`).
    ErlangA,
}

/// How abandoned contacts count in the service level (Erlang A).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConventionName {
    /// Answered within the threshold over all offered contacts.
    Offered,
    /// Answered within the threshold over answered contacts.
    Answered,
    /// Abandons within the threshold count as met.
    AbandonsMet,
}

/// Service targets, the model and shrinkage.
#[derive(Debug, Clone, Default, Args)]
pub struct TargetArgs {
    /// Service-level goal: the fraction answered within `--within` (0.8 or 80%)
    #[arg(long, allow_hyphen_values = true, value_parser = parse::fraction)]
    pub sl: Option<f64>,
    /// Service-level threshold [default: 20s]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::duration)]
    pub within: Option<Duration>,
    /// Largest average speed of answer, e.g. 30s
    #[arg(long, allow_hyphen_values = true, value_parser = parse::duration)]
    pub max_asa: Option<Duration>,
    /// Largest probability of waiting (0.5 or 50%)
    #[arg(long, allow_hyphen_values = true, value_parser = parse::fraction)]
    pub max_wait_prob: Option<f64>,
    /// Largest probability of abandoning (Erlang A only)
    #[arg(long, allow_hyphen_values = true, value_parser = parse::fraction)]
    pub max_abandon: Option<f64>,
    /// Largest agent occupancy
    #[arg(long, allow_hyphen_values = true, value_parser = parse::fraction)]
    pub max_occupancy: Option<f64>,
    /// Queueing model [default: erlang-c]
    #[arg(long, value_enum)]
    pub model: Option<ModelName>,
    /// Mean patience before abandoning (needed by erlang-a), e.g. 90s
    #[arg(long, allow_hyphen_values = true, value_parser = parse::duration)]
    pub patience: Option<Duration>,
    /// Service-level convention for Erlang A [default: offered]
    #[arg(long, value_enum)]
    pub convention: Option<ConventionName>,
    /// Shrinkage: the share of paid time not on the phones [default: 0]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::fraction)]
    pub shrinkage: Option<f64>,
}

impl TargetArgs {
    /// Fills flags that were not given from the configuration section.
    pub fn merge(&mut self, cfg: &Section) -> Result<(), CliError> {
        self.sl = self.sl.or(cfg.fraction("sl")?);
        self.within = self.within.or(cfg.duration("within")?);
        self.max_asa = self.max_asa.or(cfg.duration("max-asa")?);
        self.max_wait_prob = self.max_wait_prob.or(cfg.fraction("max-wait-prob")?);
        self.max_abandon = self.max_abandon.or(cfg.fraction("max-abandon")?);
        self.max_occupancy = self.max_occupancy.or(cfg.fraction("max-occupancy")?);
        self.patience = self.patience.or(cfg.duration("patience")?);
        self.shrinkage = self.shrinkage.or(cfg.fraction("shrinkage")?);
        cfg.known("model");
        cfg.known("convention");
        if self.model.is_none()
            && let Some(m) = cfg.string("model")?
        {
            self.model = Some(
                ModelName::from_str(&m, true)
                    .map_err(|_| cfg.bad("model", "must be erlang-c or erlang-a"))?,
            );
        }
        if self.convention.is_none()
            && let Some(c) = cfg.string("convention")?
        {
            self.convention =
                Some(ConventionName::from_str(&c, true).map_err(|_| {
                    cfg.bad("convention", "must be offered, answered or abandons-met")
                })?);
        }
        Ok(())
    }

    /// The service-level threshold in effect.
    pub fn threshold(&self) -> Duration {
        self.within.unwrap_or(Duration::from_secs(20))
    }

    /// The shrinkage in effect.
    pub fn shrinkage(&self) -> f64 {
        self.shrinkage.unwrap_or(0.0)
    }

    /// The model, checking that Erlang A has a patience.
    pub fn model(&self) -> Result<Model, CliError> {
        match (self.model.unwrap_or(ModelName::ErlangC), self.patience) {
            (ModelName::ErlangC, _) => Ok(Model::ErlangC),
            (ModelName::ErlangA, Some(patience)) => Ok(Model::ErlangA { patience }),
            (ModelName::ErlangA, None) => Err(CliError::Usage(
                "--model erlang-a needs --patience (the mean time callers wait before hanging up)"
                    .into(),
            )),
        }
    }

    /// The targets; without any target flag, 80 % within the threshold.
    pub fn targets(&self) -> Result<Targets, CliError> {
        let mut t = Targets::new();
        let within = self.threshold();
        if let Some(sl) = self.sl {
            t = t.with_service_level(sl, within)?;
        }
        if let Some(a) = self.max_asa {
            t = t.with_max_asa(a)?;
        }
        if let Some(p) = self.max_wait_prob {
            t = t.with_max_prob_wait(p)?;
        }
        if let Some(p) = self.max_abandon {
            t = t.with_max_prob_abandon(p)?;
        }
        if let Some(o) = self.max_occupancy {
            t = t.with_max_occupancy(o)?;
        }
        if t.is_empty() {
            t = t.with_service_level(0.8, within)?;
        }
        let convention = match self.convention.unwrap_or(ConventionName::Offered) {
            ConventionName::Offered => ServiceLevelConvention::AnsweredWithinOverOffered,
            ConventionName::Answered => ServiceLevelConvention::AnsweredWithinOverAnswered,
            ConventionName::AbandonsMet => ServiceLevelConvention::AbandonsWithinCountAsMet,
        };
        Ok(t.with_convention(convention))
    }
}
