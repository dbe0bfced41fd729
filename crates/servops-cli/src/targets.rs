//! The staffing-target flags shared by `erlang`, `staff` and `plan`.

use std::time::Duration;

use clap::{Args, ValueEnum};
use servops::queue::{ChatConcurrency, Model, ServiceLevelConvention, Targets};

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
    /// Live chat (`servops erlang`, `staff` and `plan`): each agent holds
    /// up to as many chats as `--chat-aht` lists handle times; `--patience`
    /// optional.
    Chat,
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
    /// Live chat (--model chat): the handle time of a chat when its agent
    /// holds 1, 2, ... chats, comma-separated, e.g. 6m,8m,11m (at most 16)
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true, value_parser = parse::duration)]
    pub chat_aht: Vec<Duration>,
    /// Service-level convention for Erlang A [default: offered]
    #[arg(long, value_enum)]
    pub convention: Option<ConventionName>,
    /// Shrinkage: the share of paid time not on the phones [default: 0]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::fraction)]
    pub shrinkage: Option<f64>,
    /// Whether the patience came from the configuration file, not a flag.
    #[arg(skip)]
    pub patience_from_config: bool,
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
        if self.patience.is_none() {
            self.patience = cfg.duration("patience")?;
            self.patience_from_config = self.patience.is_some();
        }
        self.shrinkage = self.shrinkage.or(cfg.fraction("shrinkage")?);
        if self.chat_aht.is_empty() {
            self.chat_aht = cfg
                .parsed_list("chat-aht", parse::duration)?
                .unwrap_or_default();
        } else {
            cfg.known("chat-aht");
        }
        cfg.known("model");
        cfg.known("convention");
        if self.model.is_none()
            && let Some(m) = cfg.string("model")?
        {
            self.model = Some(
                ModelName::from_str(&m, true)
                    .map_err(|_| cfg.bad("model", "must be erlang-c, erlang-a or chat"))?,
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

    /// The model, checking that Erlang A has a patience and that no
    /// Erlang A setting is given to Erlang C.
    pub fn model(&self) -> Result<Model, CliError> {
        self.check_erlang_a_settings()?;
        match (self.model.unwrap_or(ModelName::ErlangC), self.patience) {
            (ModelName::Chat, patience) => {
                if self.chat_aht.is_empty() {
                    return Err(CliError::Usage(
                        "--model chat needs --chat-aht: the handle time of a chat when its \
                         agent holds 1, 2, ... chats (e.g. --chat-aht 6m,8m,11m)"
                            .into(),
                    ));
                }
                let concurrency = ChatConcurrency::new(&self.chat_aht, patience)
                    .map_err(|e| CliError::Usage(format!("--chat-aht: {e}")))?;
                Ok(Model::Chat { concurrency })
            }
            (ModelName::ErlangC, _) => Ok(Model::ErlangC),
            (ModelName::ErlangA, Some(patience)) => Ok(Model::ErlangA { patience }),
            (ModelName::ErlangA, None) => Err(CliError::Usage(
                "--model erlang-a needs --patience (the mean time callers wait before hanging up)"
                    .into(),
            )),
        }
    }

    /// Refuses the chat model in a command that has no chat staffing
    /// (`command` names it).
    pub fn refuse_chat(&self, command: &str) -> Result<(), CliError> {
        if self.model == Some(ModelName::Chat) || !self.chat_aht.is_empty() {
            return Err(CliError::Usage(format!(
                "--model chat is not available in `servops {command}` yet: size chats \
                 per interval with `servops staff --model chat --chat-aht ...`, one \
                 interval with `servops erlang`"
            )));
        }
        Ok(())
    }

    /// Refuses a patience under Erlang C when the model was not named
    /// (Erlang C is the default) or when both were given as flags: nobody
    /// abandons in Erlang C, so the patience would be ignored and the
    /// numbers printed would not be the ones asked for. A patience from
    /// the configuration file under a model named erlang-c (a flag
    /// overriding the file's model) is the file's setting for the other
    /// model and is left unused.
    pub fn check_erlang_a_settings(&self) -> Result<(), CliError> {
        if !self.chat_aht.is_empty() && self.model != Some(ModelName::Chat) {
            return Err(CliError::Usage(
                "--chat-aht is for live chat: add --model chat".into(),
            ));
        }
        if self.patience.is_none() {
            return Ok(());
        }
        match self.model {
            None => Err(CliError::Usage(
                "--patience is for Erlang A, but the model is erlang-c unless --model says \
                 otherwise, and in Erlang C callers never abandon: add --model erlang-a"
                    .into(),
            )),
            Some(ModelName::ErlangC) if !self.patience_from_config => Err(CliError::Usage(
                "--patience is for Erlang A, but the model is erlang-c, where callers never \
                 abandon: use --model erlang-a, or leave --patience out"
                    .into(),
            )),
            Some(_) => Ok(()),
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

/// Finite trunk lines (`erlang` and `staff`).
#[derive(Debug, Clone, Default, Args)]
pub struct LineArgs {
    /// Trunk lines: the agents plus the places to wait. A contact that
    /// finds every line busy gets a busy signal (blocked, counted against
    /// the service level over offered contacts); adds the `lines` and
    /// `p_blocked` columns. Without it the queue has room for everyone
    #[arg(long, allow_hyphen_values = true, value_parser = parse::whole::<u32>)]
    pub lines: Option<u32>,
    /// Largest probability of a busy signal, e.g. 1% (needs --lines)
    #[arg(long, allow_hyphen_values = true, value_parser = parse::fraction)]
    pub max_blocked: Option<f64>,
}

impl LineArgs {
    /// Fills flags that were not given from the configuration section.
    pub fn merge(&mut self, cfg: &Section) -> Result<(), CliError> {
        if self.lines.is_none() {
            self.lines = match cfg.count("lines")? {
                None => None,
                Some(k) => Some(
                    u32::try_from(k)
                        .map_err(|_| cfg.bad("lines", "is too large for a count of lines"))?,
                ),
            };
        }
        self.max_blocked = self.max_blocked.or(cfg.fraction("max-blocked")?);
        Ok(())
    }

    /// The model with the lines (when given) and the targets with the
    /// blocking goal (when given; it needs the lines).
    pub fn apply(&self, model: Model, targets: Targets) -> Result<(Model, Targets), CliError> {
        let targets = match (self.max_blocked, self.lines) {
            (None, _) => targets,
            (Some(p), Some(_)) => targets.with_max_prob_blocked(p)?,
            (Some(_), None) => {
                return Err(CliError::Usage(
                    "--max-blocked needs --lines: without a number of lines nobody gets a busy signal"
                        .into(),
                ));
            }
        };
        let Some(lines) = self.lines else {
            return Ok((model, targets));
        };
        if matches!(model, Model::Chat { .. }) {
            return Err(CliError::Usage(
                "--lines is for calls: the chat model has no trunk lines".into(),
            ));
        }
        if lines == 0 {
            return Err(CliError::Usage(
                "--lines: must be at least 1 (a team needs a line to take a call)".into(),
            ));
        }
        let patience = match model {
            Model::ErlangA { patience } => Some(patience),
            _ => None,
        };
        Ok((Model::FiniteLines { lines, patience }, targets))
    }

    /// A solver's error, with the lines named when they are what capped
    /// the team (a team is never larger than its lines).
    pub fn explain(&self, e: servops::queue::Error) -> CliError {
        match (self.lines, &e) {
            (Some(k), servops::queue::Error::Unreachable { .. }) => CliError::Usage(format!(
                "{e}, the number of --lines (a team is never larger than its lines): \
                 give more lines than {k}"
            )),
            _ => CliError::from(e),
        }
    }
}
