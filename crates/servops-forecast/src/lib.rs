#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod backtest;
mod calendar;
mod error;
mod handle_time;
mod history;
mod input;
mod methods;
mod metrics;
mod presets;
mod reforecast;
#[cfg(feature = "serde")]
mod serde_impls;
mod special;
mod uncertainty;

pub use backtest::{
    Backtest, BacktestReport, BestPick, FittedBestPick, HandleTimeDay, HandleTimeOrigin,
    HandleTimeReport, LevelOracle, MIN_TRAINING_DAYS, MethodName, OriginAccuracy, Selection,
    TestDay, Window, seasonal_naive_scale,
};
pub use calendar::{Calendar, DayType, OpeningHours, SpecialDay};
pub use error::{Error, Result};
pub use handle_time::{AhtPoint, FittedHandleTime, HandleTime, aht_workload_error};
pub use history::History;
pub use input::{CsvData, CsvSpec, Gap, MAX_INTERVALS, TimestampFormat, read_csv};
pub use methods::{
    AnchoredShape, AnyFitted, AnyMethod, CatchUp, DailyAnchors, DayOfMonth, DoubleSeasonal,
    FactorScale, FittedAnchoredShape, FittedCatchUp, FittedDayOfMonth, FittedDoubleSeasonal,
    FittedLevelShape, FittedModel, FittedSeasonalNaive, FittedSvdFactor, FittedTopDown,
    FittedWeightedIndex, LevelShape, MAX_ANCHOR_DAYS, Method, ScoreModel, SeasonalNaive, SvdFactor,
    TopDown, WeightedIndex, Weights,
};
pub use metrics::{Accuracy, ErrorSums, Level, accuracy};
pub use reforecast::Reforecast;
pub use uncertainty::{DayLevelNegativeBinomial, MAX_DISPERSION, NegativeBinomial};

pub use servops_core::chrono;
pub use servops_core::chrono_tz;
