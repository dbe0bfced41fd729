//! Serde forms of the validated configuration types (feature `serde`).
//!
//! Each type serialises through a plain proxy struct and deserialises
//! through its validated constructors (`try_from`), so bad data gives an
//! error, never an invalid value. Unknown fields are rejected.

use chrono::{NaiveDate, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use servops_core::chrono_tz::Tz;

use crate::error::{Error, invalid};
use crate::{
    AhtPoint, AnyMethod, Backtest, BestPick, Calendar, DayLevelNegativeBinomial, DayType,
    DoubleSeasonal, FactorScale, HandleTime, LevelShape, NegativeBinomial, OpeningHours,
    Reforecast, ScoreModel, SeasonalNaive, Selection, SpecialDay, SvdFactor, TopDown,
    WeightedIndex, Weights, Window,
};

/// Implements `Serialize` through `From<&T> for Repr` and `Deserialize`
/// through `TryFrom<Repr> for T`.
macro_rules! via_repr {
    ($ty:ty, $repr:ty) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                <$repr>::from(self).serialize(s)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let repr = <$repr>::deserialize(d)?;
                <$ty>::try_from(repr).map_err(serde::de::Error::custom)
            }
        }
    };
}

/// `Weights` as `"equal"`, `{"custom": [w, ...]}` or `{"exponential": decay}`.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum WeightsRepr {
    Equal,
    Custom(Vec<f64>),
    Exponential(f64),
}

impl TryFrom<WeightsRepr> for Weights {
    type Error = Error;
    fn try_from(r: WeightsRepr) -> Result<Self, Error> {
        match r {
            WeightsRepr::Equal => Ok(Weights::Equal),
            WeightsRepr::Custom(w) => Weights::custom(w),
            WeightsRepr::Exponential(d) => Weights::exponential(d),
        }
    }
}

impl From<&Weights> for WeightsRepr {
    fn from(w: &Weights) -> Self {
        match w {
            Weights::Equal => Self::Equal,
            Weights::Custom(v) => Self::Custom(v.clone()),
            Weights::Exponential(d) => Self::Exponential(*d),
        }
    }
}

via_repr!(Weights, WeightsRepr);

/// `WeightedIndex` with every setting.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WeightedIndexRepr {
    days: usize,
    weights: Weights,
    trim: usize,
    profile_days: usize,
    smoothing: usize,
    profile_pooling: f64,
}

impl TryFrom<WeightedIndexRepr> for WeightedIndex {
    type Error = Error;
    fn try_from(r: WeightedIndexRepr) -> Result<Self, Error> {
        WeightedIndex::new(r.days)?
            .with_weights(r.weights)
            .with_trim(r.trim)?
            .with_profile_days(r.profile_days)?
            .with_smoothing(r.smoothing)
            .with_profile_pooling(r.profile_pooling)
    }
}

impl From<&WeightedIndex> for WeightedIndexRepr {
    fn from(m: &WeightedIndex) -> Self {
        Self {
            days: m.days(),
            weights: m.weights().clone(),
            trim: m.trim(),
            profile_days: m.profile_days(),
            smoothing: m.smoothing(),
            profile_pooling: m.profile_pooling(),
        }
    }
}

via_repr!(WeightedIndex, WeightedIndexRepr);

/// Fixed Holt-Winters parameters of `TopDown`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EtsParameters {
    alpha: f64,
    beta: f64,
    gamma: f64,
    phi: f64,
}

/// `TopDown`; `parameters: null` means fitted by squared error.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TopDownRepr {
    parameters: Option<EtsParameters>,
    profile_days: usize,
    smoothing: usize,
}

impl TryFrom<TopDownRepr> for TopDown {
    type Error = Error;
    fn try_from(r: TopDownRepr) -> Result<Self, Error> {
        let mut m = TopDown::new()
            .with_profile_days(r.profile_days)?
            .with_smoothing(r.smoothing);
        if let Some(p) = r.parameters {
            m = m.with_parameters(p.alpha, p.beta, p.gamma, p.phi)?;
        }
        Ok(m)
    }
}

impl From<&TopDown> for TopDownRepr {
    fn from(m: &TopDown) -> Self {
        Self {
            parameters: m
                .fixed_parameters()
                .map(|[alpha, beta, gamma, phi]| EtsParameters {
                    alpha,
                    beta,
                    gamma,
                    phi,
                }),
            profile_days: m.profile_days(),
            smoothing: m.smoothing(),
        }
    }
}

via_repr!(TopDown, TopDownRepr);

/// Fixed smoothing parameters of `DoubleSeasonal`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DshwParameters {
    alpha: f64,
    delta: f64,
    omega: f64,
}

/// `DoubleSeasonal`; `parameters: null` means fitted by squared error.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DoubleSeasonalRepr {
    parameters: Option<DshwParameters>,
}

impl TryFrom<DoubleSeasonalRepr> for DoubleSeasonal {
    type Error = Error;
    fn try_from(r: DoubleSeasonalRepr) -> Result<Self, Error> {
        match r.parameters {
            None => Ok(DoubleSeasonal::new()),
            Some(p) => DoubleSeasonal::new().with_parameters(p.alpha, p.delta, p.omega),
        }
    }
}

impl From<&DoubleSeasonal> for DoubleSeasonalRepr {
    fn from(m: &DoubleSeasonal) -> Self {
        Self {
            parameters: m
                .fixed_parameters()
                .map(|[alpha, delta, omega]| DshwParameters {
                    alpha,
                    delta,
                    omega,
                }),
        }
    }
}

via_repr!(DoubleSeasonal, DoubleSeasonalRepr);

/// `LevelShape` with every setting.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelShapeRepr {
    level_days: usize,
    level_decay: f64,
    factor_days: usize,
    factor_trim: usize,
    profile_days: usize,
    smoothing: usize,
    pooling: f64,
    similarity: f64,
}

impl TryFrom<LevelShapeRepr> for LevelShape {
    type Error = Error;
    fn try_from(r: LevelShapeRepr) -> Result<Self, Error> {
        LevelShape::new()
            .with_level(r.level_days, r.level_decay)?
            .with_factors(r.factor_days, r.factor_trim)?
            .with_profile(r.profile_days, r.smoothing, r.pooling, r.similarity)
    }
}

impl From<&LevelShape> for LevelShapeRepr {
    fn from(m: &LevelShape) -> Self {
        let (level_days, level_decay) = m.level_settings();
        let (factor_days, factor_trim) = m.factor_settings();
        let (profile_days, smoothing, pooling, similarity) = m.profile_settings();
        Self {
            level_days,
            level_decay,
            factor_days,
            factor_trim,
            profile_days,
            smoothing,
            pooling,
            similarity,
        }
    }
}

via_repr!(LevelShape, LevelShapeRepr);

/// `SvdFactor` with every setting.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SvdFactorRepr {
    components: usize,
    window: usize,
    decay: f64,
    scale: FactorScale,
    score_model: ScoreModel,
}

impl TryFrom<SvdFactorRepr> for SvdFactor {
    type Error = Error;
    fn try_from(r: SvdFactorRepr) -> Result<Self, Error> {
        Ok(SvdFactor::new()
            .with_components(r.components)?
            .with_window(r.window, r.decay)?
            .with_scale(r.scale)
            .with_score_model(r.score_model))
    }
}

impl From<&SvdFactor> for SvdFactorRepr {
    fn from(m: &SvdFactor) -> Self {
        let (window, decay) = m.window();
        Self {
            components: m.components(),
            window,
            decay,
            scale: m.scale(),
            score_model: m.score_model(),
        }
    }
}

via_repr!(SvdFactor, SvdFactorRepr);

/// `AnyMethod` as `{"<method>": {...}}`.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum AnyMethodRepr {
    SeasonalNaive(SeasonalNaive),
    WeightedIndex(WeightedIndex),
    TopDown(TopDown),
    DoubleSeasonal(DoubleSeasonal),
    LevelShape(LevelShape),
    SvdFactor(SvdFactor),
    DayOfMonth(Box<crate::DayOfMonth<AnyMethod>>),
    AnchoredShape(Box<crate::AnchoredShape<AnyMethod>>),
    CatchUp(Box<crate::CatchUp<AnyMethod>>),
}

impl TryFrom<AnyMethodRepr> for AnyMethod {
    type Error = Error;
    fn try_from(r: AnyMethodRepr) -> Result<Self, Error> {
        Ok(match r {
            AnyMethodRepr::SeasonalNaive(m) => m.into(),
            AnyMethodRepr::WeightedIndex(m) => m.into(),
            AnyMethodRepr::TopDown(m) => m.into(),
            AnyMethodRepr::DoubleSeasonal(m) => m.into(),
            AnyMethodRepr::LevelShape(m) => m.into(),
            AnyMethodRepr::SvdFactor(m) => m.into(),
            AnyMethodRepr::DayOfMonth(m) => AnyMethod::DayOfMonth(m),
            AnyMethodRepr::AnchoredShape(m) => AnyMethod::AnchoredShape(m),
            AnyMethodRepr::CatchUp(m) => AnyMethod::CatchUp(m),
        })
    }
}

impl From<&AnyMethod> for AnyMethodRepr {
    fn from(m: &AnyMethod) -> Self {
        match m {
            AnyMethod::SeasonalNaive(x) => Self::SeasonalNaive(*x),
            AnyMethod::WeightedIndex(x) => Self::WeightedIndex(x.clone()),
            AnyMethod::TopDown(x) => Self::TopDown(x.clone()),
            AnyMethod::DoubleSeasonal(x) => Self::DoubleSeasonal(x.clone()),
            AnyMethod::LevelShape(x) => Self::LevelShape(x.clone()),
            AnyMethod::SvdFactor(x) => Self::SvdFactor(x.clone()),
            AnyMethod::DayOfMonth(x) => Self::DayOfMonth(x.clone()),
            AnyMethod::AnchoredShape(x) => Self::AnchoredShape(x.clone()),
            AnyMethod::CatchUp(x) => Self::CatchUp(x.clone()),
        }
    }
}

via_repr!(AnyMethod, AnyMethodRepr);

/// Backtest origins: `{"rolling": {"step": s, "count": n}}` or
/// `{"at": ["YYYY-MM-DD", ...]}`.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum OriginsRepr {
    Rolling { step: usize, count: usize },
    At(Vec<NaiveDate>),
}

/// `Backtest`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BacktestRepr {
    horizon: usize,
    origins: OriginsRepr,
    window: Window,
}

impl TryFrom<BacktestRepr> for Backtest {
    type Error = Error;
    fn try_from(r: BacktestRepr) -> Result<Self, Error> {
        let b = match r.origins {
            OriginsRepr::Rolling { step, count } => Backtest::rolling(r.horizon, step, count)?,
            OriginsRepr::At(dates) => Backtest::at(dates, r.horizon)?,
        };
        b.with_window(r.window)
    }
}

impl From<&Backtest> for BacktestRepr {
    fn from(b: &Backtest) -> Self {
        let origins = match (b.rolling_origins(), b.origin_dates()) {
            (Some((step, count)), _) => OriginsRepr::Rolling { step, count },
            (None, dates) => OriginsRepr::At(dates.unwrap_or_default().to_vec()),
        };
        Self {
            horizon: b.horizon(),
            origins,
            window: b.window(),
        }
    }
}

via_repr!(Backtest, BacktestRepr);

/// `BestPick`; `shorten_origins` may be left out (false).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BestPickRepr {
    candidates: Vec<AnyMethod>,
    backtest: Backtest,
    selection: Selection,
    #[serde(default)]
    shorten_origins: bool,
}

impl TryFrom<BestPickRepr> for BestPick {
    type Error = Error;
    fn try_from(r: BestPickRepr) -> Result<Self, Error> {
        let b = BestPick::new(r.candidates, r.backtest, r.selection)?;
        Ok(if r.shorten_origins {
            b.shortening_origins()
        } else {
            b
        })
    }
}

impl From<&BestPick> for BestPickRepr {
    fn from(b: &BestPick) -> Self {
        Self {
            candidates: b.candidates().to_vec(),
            backtest: b.backtest().clone(),
            selection: b.selection(),
            shorten_origins: b.shortens_origins(),
        }
    }
}

via_repr!(BestPick, BestPickRepr);

/// `HandleTime`; `days: null` uses every day, `cell_prior: null` uses
/// `prior_calls`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct HandleTimeRepr {
    prior_calls: f64,
    days: Option<usize>,
    smoothing: usize,
    recent_level: Option<usize>,
    day_factor: Option<f64>,
    cell_prior: Option<f64>,
    estimated_priors: bool,
    point: AhtPoint,
}

impl TryFrom<HandleTimeRepr> for HandleTime {
    type Error = Error;
    fn try_from(r: HandleTimeRepr) -> Result<Self, Error> {
        let mut m = HandleTime::new(r.prior_calls)?
            .with_smoothing(r.smoothing)
            .with_point(r.point);
        if let Some(d) = r.days {
            m = m.with_days(d)?;
        }
        if let Some(d) = r.recent_level {
            m = m.with_recent_level(d)?;
        }
        if let Some(p) = r.day_factor {
            m = m.with_day_factor(p)?;
        }
        if let Some(p) = r.cell_prior {
            m = m.with_cell_prior(p)?;
        }
        if r.estimated_priors {
            m = m.with_estimated_priors();
        }
        Ok(m)
    }
}

impl From<&HandleTime> for HandleTimeRepr {
    fn from(m: &HandleTime) -> Self {
        Self {
            prior_calls: m.prior_calls(),
            days: m.days(),
            smoothing: m.smoothing(),
            recent_level: m.recent_level(),
            day_factor: m.day_factor(),
            cell_prior: m.cell_prior_set(),
            estimated_priors: m.estimated_priors(),
            point: m.point(),
        }
    }
}

via_repr!(HandleTime, HandleTimeRepr);

/// `Reforecast`; `day_level_variance: null` is the plain ratio (infinite
/// day-level variance, no shrinkage), which needs `within_day_noise: 0`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReforecastRepr {
    day_level_variance: Option<f64>,
    within_day_noise: f64,
    half_life: Option<f64>,
}

impl TryFrom<ReforecastRepr> for Reforecast {
    type Error = Error;
    fn try_from(r: ReforecastRepr) -> Result<Self, Error> {
        let m = match r.day_level_variance {
            Some(tau2) => Reforecast::new(tau2, r.within_day_noise)?,
            None if r.within_day_noise == 0.0 => Reforecast::plain_ratio(),
            None => {
                return Err(invalid(
                    "within-day noise",
                    r.within_day_noise,
                    "0 for the plain ratio (day-level variance null)",
                ));
            }
        };
        match r.half_life {
            Some(h) => m.with_half_life(h),
            None => Ok(m),
        }
    }
}

impl From<&Reforecast> for ReforecastRepr {
    fn from(m: &Reforecast) -> Self {
        let tau2 = m.day_level_variance();
        Self {
            day_level_variance: tau2.is_finite().then_some(tau2),
            within_day_noise: m.within_day_noise(),
            half_life: m.half_life(),
        }
    }
}

via_repr!(Reforecast, ReforecastRepr);

/// `NegativeBinomial` as `{"dispersion": φ}`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct NegativeBinomialRepr {
    dispersion: f64,
}

impl TryFrom<NegativeBinomialRepr> for NegativeBinomial {
    type Error = Error;
    fn try_from(r: NegativeBinomialRepr) -> Result<Self, Error> {
        NegativeBinomial::new(r.dispersion)
    }
}

impl From<&NegativeBinomial> for NegativeBinomialRepr {
    fn from(m: &NegativeBinomial) -> Self {
        Self {
            dispersion: m.dispersion(),
        }
    }
}

via_repr!(NegativeBinomial, NegativeBinomialRepr);

/// `DayLevelNegativeBinomial`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DayLevelRepr {
    day_level_variance: f64,
    within_day_dispersion: f64,
}

impl TryFrom<DayLevelRepr> for DayLevelNegativeBinomial {
    type Error = Error;
    fn try_from(r: DayLevelRepr) -> Result<Self, Error> {
        DayLevelNegativeBinomial::new(r.day_level_variance, r.within_day_dispersion)
    }
}

impl From<&DayLevelNegativeBinomial> for DayLevelRepr {
    fn from(m: &DayLevelNegativeBinomial) -> Self {
        Self {
            day_level_variance: m.day_level_variance(),
            within_day_dispersion: m.within_day_dispersion(),
        }
    }
}

via_repr!(DayLevelNegativeBinomial, DayLevelRepr);

/// `OpeningHours` in minutes after local midnight.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OpeningHoursRepr {
    open_minute: u32,
    close_minute: u32,
}

impl TryFrom<OpeningHoursRepr> for OpeningHours {
    type Error = Error;
    fn try_from(r: OpeningHoursRepr) -> Result<Self, Error> {
        OpeningHours::new(r.open_minute, r.close_minute)
    }
}

impl From<&OpeningHours> for OpeningHoursRepr {
    fn from(h: &OpeningHours) -> Self {
        Self {
            open_minute: h.open_minute(),
            close_minute: h.close_minute(),
        }
    }
}

via_repr!(OpeningHours, OpeningHoursRepr);

/// `SpecialDay`; `hours: null` keeps the hours of its type.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecialDayRepr {
    day_type: DayType,
    multiplier: f64,
    hours: Option<OpeningHours>,
    fallback: Option<DayType>,
}

impl TryFrom<SpecialDayRepr> for SpecialDay {
    type Error = Error;
    fn try_from(r: SpecialDayRepr) -> Result<Self, Error> {
        let mut s = SpecialDay::new(r.day_type).with_multiplier(r.multiplier)?;
        if let Some(h) = r.hours {
            s = s.with_hours(h);
        }
        if let Some(f) = r.fallback {
            s = s.with_fallback(f);
        }
        Ok(s)
    }
}

impl From<&SpecialDay> for SpecialDayRepr {
    fn from(s: &SpecialDay) -> Self {
        Self {
            day_type: s.day_type().clone(),
            multiplier: s.multiplier(),
            hours: s.hours(),
            fallback: s.fallback().cloned(),
        }
    }
}

via_repr!(SpecialDay, SpecialDayRepr);

/// One dated special day of a calendar.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DatedSpecialDay {
    date: NaiveDate,
    day: SpecialDay,
}

/// One manual override of a calendar.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideRepr {
    from: NaiveDate,
    to: NaiveDate,
    factor: f64,
}

const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// `Calendar`: IANA time-zone name, opening hours Monday first (`null`:
/// closed), special days in date order and overrides in the order added.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarRepr {
    time_zone: String,
    weekday_hours: [Option<OpeningHours>; 7],
    special_days: Vec<DatedSpecialDay>,
    overrides: Vec<OverrideRepr>,
}

impl TryFrom<CalendarRepr> for Calendar {
    type Error = Error;
    fn try_from(r: CalendarRepr) -> Result<Self, Error> {
        let tz: Tz = r
            .time_zone
            .parse()
            .map_err(|_| invalid("time zone", &r.time_zone, "an IANA time-zone name"))?;
        let mut cal = Calendar::new(tz);
        for (w, h) in WEEK.iter().zip(r.weekday_hours) {
            cal = cal.with_weekday_hours(&[*w], h);
        }
        let mut previous: Option<NaiveDate> = None;
        for s in r.special_days {
            if previous.is_some_and(|p| p >= s.date) {
                return Err(invalid(
                    "special day date",
                    s.date,
                    "after the previous one (sorted, no duplicates)",
                ));
            }
            previous = Some(s.date);
            cal = cal.with_special_day(s.date, s.day);
        }
        for o in r.overrides {
            cal = cal.with_override(o.from, o.to, o.factor)?;
        }
        Ok(cal)
    }
}

impl From<&Calendar> for CalendarRepr {
    fn from(c: &Calendar) -> Self {
        Self {
            time_zone: c.time_zone().name().to_string(),
            weekday_hours: WEEK.map(|w| c.weekday_hours(w)),
            special_days: c
                .special_days()
                .map(|(date, day)| DatedSpecialDay {
                    date,
                    day: day.clone(),
                })
                .collect(),
            overrides: c
                .overrides()
                .into_iter()
                .map(|(from, to, factor)| OverrideRepr { from, to, factor })
                .collect(),
        }
    }
}

via_repr!(Calendar, CalendarRepr);

/// `DayOfMonth<M>` as `{"method": M, "window_days": w, "credibility": m | null}`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DayOfMonthRepr<M> {
    method: M,
    window_days: u32,
    credibility: Option<f64>,
}

impl<M: Serialize + Clone> Serialize for crate::DayOfMonth<M> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        DayOfMonthRepr {
            method: self.inner().clone(),
            window_days: self.window_days(),
            credibility: self.credibility(),
        }
        .serialize(s)
    }
}

impl<'de, M: Deserialize<'de>> Deserialize<'de> for crate::DayOfMonth<M> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = DayOfMonthRepr::<M>::deserialize(d)?;
        let mut m = crate::DayOfMonth::new(r.method)
            .with_window_days(r.window_days)
            .map_err(serde::de::Error::custom)?;
        if let Some(c) = r.credibility {
            m = m.with_credibility(c).map_err(serde::de::Error::custom)?;
        }
        Ok(m)
    }
}

/// `DailyAnchors` as a map `{"YYYY-MM-DD": minute, ...}`, validated on
/// reading (`0 < minute < 1440`).
impl Serialize for crate::DailyAnchors {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for crate::DailyAnchors {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = std::collections::BTreeMap::<NaiveDate, f64>::deserialize(d)?;
        map.into_iter()
            .try_fold(crate::DailyAnchors::new(), |a, (date, m)| {
                a.with_time(date, m)
            })
            .map_err(serde::de::Error::custom)
    }
}

/// `AnchoredShape<M>` as `{"method": M, "anchors": {...}, "day_types": [...],
/// "fixed_minute": F}`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnchoredShapeRepr<M> {
    method: M,
    anchors: crate::DailyAnchors,
    day_types: Vec<DayType>,
    fixed_minute: u32,
}

impl<M: Serialize + Clone> Serialize for crate::AnchoredShape<M> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        AnchoredShapeRepr {
            method: self.inner().clone(),
            anchors: self.anchors().clone(),
            day_types: self.day_types().to_vec(),
            fixed_minute: self.fixed_minute(),
        }
        .serialize(s)
    }
}

impl<'de, M: Deserialize<'de>> Deserialize<'de> for crate::AnchoredShape<M> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = AnchoredShapeRepr::<M>::deserialize(d)?;
        crate::AnchoredShape::new(r.method, r.anchors, &r.day_types)
            .with_fixed_minute(r.fixed_minute)
            .map_err(serde::de::Error::custom)
    }
}

/// `CatchUp<M>` as `{"method": M, "rest_days": ["Fri", "Sat"] | null,
/// "window_days": w}` (`null`: the weekdays the calendar closes).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatchUpRepr<M> {
    method: M,
    rest_days: Option<Vec<Weekday>>,
    window_days: u32,
}

impl<M: Serialize + Clone> Serialize for crate::CatchUp<M> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        CatchUpRepr {
            method: self.inner().clone(),
            rest_days: self.rest_days().map(<[Weekday]>::to_vec),
            window_days: self.window_days(),
        }
        .serialize(s)
    }
}

impl<'de, M: Deserialize<'de>> Deserialize<'de> for crate::CatchUp<M> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = CatchUpRepr::<M>::deserialize(d)?;
        let mut m = crate::CatchUp::new(r.method)
            .with_window_days(r.window_days)
            .map_err(serde::de::Error::custom)?;
        if let Some(days) = r.rest_days {
            m = m.with_rest_days(&days);
        }
        Ok(m)
    }
}
