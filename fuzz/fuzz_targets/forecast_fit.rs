//! Every method (alone, inside the day-of-month effect and with shapes
//! anchored to daily times) fits and predicts any small history (missing
//! values, closed hours, special days, DST days in London) without
//! panicking, and every forecast it returns is finite and >= 0, and 0 where
//! the calendar is closed. Anchors come from the input (any minute: an
//! invalid one must be an error from `with_time`, nothing else) or from
//! `DailyAnchors::sunset` at any latitude and longitude; the anchored
//! forecast keeps the inner model's daily totals. Inside `CatchUp` (any
//! rest days, any window) the multiplier is finite, lies between 1 and the
//! raw multiplier, and the forecasts keep the same bounds.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[path = "common/forecast_setup.rs"]
mod forecast_setup;
use forecast_setup::{DayGrid, calendar, day_grid};
use servops_core::chrono::{Days, NaiveDate, Weekday};
use servops_core::{IntervalGrid, IntervalSeries};
use servops_forecast::{
    AnchoredShape, AnyMethod, Backtest, BestPick, Calendar, CatchUp, DailyAnchors, DayOfMonth,
    DayType, DoubleSeasonal, FactorScale, FittedModel, History, LevelShape, Method,
    NegativeBinomial, ScoreModel, SeasonalNaive, Selection, SvdFactor, TopDown, WeightedIndex,
    Weights,
};

#[derive(Debug, Arbitrary)]
struct Input {
    start_day: u16,
    days: u8,
    london: bool,
    step: u8,
    open: u16,
    close: u16,
    closed_weekday: Option<u8>,
    special: Option<(u8, u8, u8)>,
    values: Vec<(u16, bool)>,
    method: u8,
    k: u8,
    decay: f64,
    trim: u8,
    smoothing: u8,
    params: Option<(f64, f64, f64, f64)>,
    phi: f64,
    /// `(date offset, quarter minutes, fraction of a quarter minute)`.
    anchors: Vec<(u8, u16, u8)>,
    /// One more anchor, any `f64` (NaN and infinities included).
    raw_anchor: (u8, f64),
    /// `Some((latitude, longitude))` in 1/300 and 1/150 degree: sunsets.
    sunset: Option<(i16, i16)>,
    fixed_minute: u16,
    anchored_types: u8,
}

/// Whether `DailyAnchors::with_time` must accept `m`.
fn valid_minute(m: f64) -> bool {
    m.is_finite() && m > 0.0 && m < 1440.0
}

/// Sets an anchor, checking that exactly the valid minutes are accepted.
fn with_anchor(a: DailyAnchors, date: NaiveDate, m: f64) -> DailyAnchors {
    match a.clone().with_time(date, m) {
        Ok(b) => {
            assert!(valid_minute(m), "{m} accepted");
            assert_eq!(b.minute(date), Some(m));
            b
        }
        Err(_) => {
            assert!(!valid_minute(m), "{m} rejected");
            a
        }
    }
}

/// The anchors and anchored shape parameters of the input, or `None` when
/// the sunset parameters are (correctly) rejected.
fn anchored<M: Clone>(
    inner: M,
    inp: &Input,
    first: NaiveDate,
    last: NaiveDate,
    tz: servops_core::chrono_tz::Tz,
) -> Option<AnchoredShape<M>> {
    let mut anchors = DailyAnchors::new();
    if let Some((lat, lon)) = inp.sunset {
        let (lat, lon) = (f64::from(lat) / 300.0, f64::from(lon) / 150.0);
        match DailyAnchors::sunset(lat, lon, tz, first, last) {
            Ok(a) => {
                assert!(lat.abs() <= 90.0 && lon.abs() <= 180.0);
                assert!(
                    a.iter()
                        .all(|(d, m)| d >= first && d <= last && valid_minute(m))
                );
                anchors = a;
            }
            Err(_) => {
                assert!(lat.abs() > 90.0 || lon.abs() > 180.0);
                return None;
            }
        }
    }
    for &(off, q, frac) in inp.anchors.iter().take(64) {
        let date = first + Days::new(u64::from(off % 64));
        let m = f64::from(q % 6000) / 4.0 - 2.0 + f64::from(frac) / 1024.0;
        anchors = with_anchor(anchors, date, m);
    }
    anchors = with_anchor(
        anchors,
        first + Days::new(u64::from(inp.raw_anchor.0 % 64)),
        inp.raw_anchor.1,
    );
    let all = [
        DayType::Weekday(Weekday::Fri),
        DayType::Weekday(Weekday::Sat),
        DayType::Weekday(Weekday::Sun),
        DayType::Weekday(Weekday::Mon),
        DayType::Holiday,
        DayType::Custom("event".into()),
        DayType::Closed,
    ];
    let types: Vec<DayType> = all
        .into_iter()
        .enumerate()
        .filter(|(i, _)| inp.anchored_types & (1 << i) != 0)
        .map(|(_, t)| t)
        .collect();
    let m = AnchoredShape::new(inner, anchors, &types);
    let fixed = u32::from(inp.fixed_minute % 1600);
    match m.clone().with_fixed_minute(fixed) {
        Ok(m2) => {
            assert!(fixed < 1440);
            Some(m2)
        }
        Err(_) => {
            assert!(fixed >= 1440);
            Some(m)
        }
    }
}

/// Checks an anchored model's forecasts: finite, >= 0, 0 where closed, and
/// each day's total that of the inner model fitted on the warped history.
fn check_anchored(m: &AnchoredShape<AnyMethod>, h: &History, week: &Week) {
    let Ok(f) = m.fit(h) else {
        return;
    };
    if let Some(r) = f.reference_minute() {
        assert!(
            r.is_finite() && r > f64::from(m.fixed_minute()) && r < 1440.0,
            "{r}"
        );
    }
    if let Ok(v) = f.predict(&week.grid) {
        check_forecast(&v, week);
    }
    for k in 1..=7 {
        let date = h.end_date() + Days::new(k);
        let lead = h.lead_days(date);
        if let (Ok(a), Ok(b)) = (
            f.forecast_day(date, lead),
            f.inner().forecast_day(date, lead),
        ) {
            let (ta, tb) = (a.iter().sum::<f64>(), b.iter().sum::<f64>());
            if tb.is_finite() {
                assert!(
                    (ta - tb).abs() <= 1e-9 * (1.0 + tb.abs()),
                    "{date}: {ta} vs {tb}"
                );
            }
        }
    }
}

/// The forecast week: its grid and, per interval, whether the calendar
/// closes it (`None` where the local time is unknown), found once per
/// input (a local date and minute through the time zone per interval is
/// dear, and every forecast of the input is on this grid).
struct Week {
    grid: IntervalGrid,
    closed: Vec<Option<bool>>,
}

impl Week {
    fn new(grid: IntervalGrid, cal: &Calendar, tz: servops_core::chrono_tz::Tz) -> Self {
        let closed = (0..grid.len())
            .map(|i| {
                let d = grid.local_date(i, tz)?;
                let m = grid.local_minute_of_day(i, tz)?;
                Some(!cal.is_open(d, m) || cal.day_type(d) == DayType::Closed)
            })
            .collect();
        Self { grid, closed }
    }
}

/// Every forecast value finite and >= 0, and 0 where the calendar is
/// closed.
fn check_forecast(v: &IntervalSeries<f64>, week: &Week) {
    assert_eq!(v.values().len(), week.closed.len());
    for (x, closed) in v.values().iter().zip(&week.closed) {
        assert!(x.is_finite() && *x >= 0.0, "{x}");
        if *closed == Some(true) {
            assert_eq!(*x, 0.0);
        }
    }
}

/// `CatchUp` around the method: rest days from the input bits (or the
/// calendar's closed weekdays), any window.
fn check_catch_up(method: &AnyMethod, inp: &Input, h: &History, week: &Week) {
    let mut m = CatchUp::new(method.clone());
    if inp.anchored_types & 0x80 != 0 {
        let rest: Vec<Weekday> = (0u8..7)
            .filter(|b| inp.anchored_types & (1 << b) != 0)
            .filter_map(|b| Weekday::try_from(b).ok())
            .collect();
        m = m.with_rest_days(&rest);
    }
    if let Ok(m2) = m.clone().with_window_days(u32::from(inp.trim)) {
        m = m2;
    }
    let Ok(f) = m.fit(h) else {
        return;
    };
    let g = f.multiplier();
    assert!(g.is_finite() && g > 0.0, "multiplier {g}");
    match f.raw_multiplier() {
        Some(raw) => {
            assert!(raw.is_finite() && raw > 0.0, "raw {raw}");
            assert!(
                (g >= 1.0 && g <= raw) || (g <= 1.0 && g >= raw),
                "{g} outside 1..{raw}"
            );
        }
        None => assert_eq!(g, 1.0),
    }
    if f.instances() == 0 {
        assert_eq!(g, 1.0);
    }
    if let Ok(v) = f.predict(&week.grid) {
        check_forecast(&v, week);
    }
}

fuzz_target!(|inp: Input| {
    let Some(DayGrid {
        tz,
        first,
        step,
        grid,
        ..
    }) = day_grid(inp.start_day, inp.days, inp.london, inp.step)
    else {
        return;
    };
    if inp.values.is_empty() {
        return;
    }
    let vals = &inp.values;
    let series = IntervalSeries::from_fn(grid, |i, _| {
        let (v, present) = vals[i % vals.len()];
        present.then_some(f64::from(v))
    });
    let mut cal = calendar(
        tz,
        first,
        (inp.open, inp.close),
        &[Weekday::Mon, Weekday::Tue, Weekday::Wed],
        inp.special,
    );
    if let Some(w) = inp.closed_weekday {
        cal = cal.with_weekday_hours(&[Weekday::try_from(w % 7).unwrap_or(Weekday::Sun)], None);
    }
    let Ok(h) = History::new(&series, cal.clone()) else {
        return;
    };
    let k = usize::from(inp.k % 10);
    let method: AnyMethod = match inp.method % 6 {
        0 => SeasonalNaive::new().into(),
        1 => {
            let Ok(mut m) = WeightedIndex::new(k) else {
                return;
            };
            if let Ok(w) = Weights::exponential(inp.decay) {
                m = m.with_weights(w);
            }
            if let Ok(m2) = m.clone().with_trim(usize::from(inp.trim % 4)) {
                m = m2;
            }
            m.with_smoothing(usize::from(inp.smoothing % 4)).into()
        }
        2 => match inp.params {
            Some((a, b, g, p)) => match TopDown::new().with_parameters(a, b, g, p) {
                Ok(m) => m.into(),
                Err(_) => return,
            },
            None => TopDown::new().into(),
        },
        3 => DoubleSeasonal::new().into(),
        4 => {
            let mut m = SvdFactor::new()
                .with_scale(if inp.trim & 1 == 0 {
                    FactorScale::SquareRoot
                } else {
                    FactorScale::Counts
                })
                .with_score_model(if inp.trim & 2 == 0 {
                    ScoreModel::DayTypeMeansAr1
                } else {
                    ScoreModel::DayTypeMeans
                });
            if let Ok(m2) = m.clone().with_components(k) {
                m = m2;
            }
            if let Ok(m2) = m.clone().with_window(usize::from(inp.smoothing), inp.decay) {
                m = m2;
            }
            m.into()
        }
        _ => {
            let mut m = LevelShape::new();
            if let Ok(m2) = m.clone().with_level(k, inp.decay) {
                m = m2;
            }
            if let Ok(m2) = m.clone().with_factors(k, usize::from(inp.trim % 4)) {
                m = m2;
            }
            if let Ok(m2) =
                m.clone()
                    .with_profile(k, usize::from(inp.smoothing % 4), inp.decay, inp.phi.abs())
            {
                m = m2;
            }
            m.into()
        }
    };
    let next = h.end_date() + Days::new(1);
    let Ok(week) = IntervalGrid::local_days(next, 7, step, tz) else {
        return;
    };
    let week = Week::new(week, &cal, tz);
    if let Ok(f) = method.fit(&h) {
        if let Ok(v) = f.predict(&week.grid) {
            check_forecast(&v, &week);
            // Prediction intervals on 16 forecasts spread over the week
            // (each is a search over continued fractions; the
            // count_quantiles target covers them in depth).
            if let Ok(nb) = NegativeBinomial::new(inp.phi.abs().min(10.0)) {
                let stride = (v.values().len() / 16).max(1);
                for x in v.values().iter().step_by(stride) {
                    // A mean above 1e10 is a documented error, not a panic.
                    if let Ok((lo, hi)) = nb.interval(*x, 0.9) {
                        assert!(lo <= hi);
                    }
                }
            }
        }
    }
    if inp.k & 0x80 != 0 {
        // The day-of-month effect around the method.
        let mut dom = DayOfMonth::new(method.clone());
        if let Ok(d2) = dom.clone().with_window_days(u32::from(inp.smoothing)) {
            dom = d2;
        }
        if let Ok(d2) = dom.clone().with_credibility(inp.decay) {
            dom = d2;
        }
        if let Ok(f) = dom.fit(&h) {
            assert!(f.multipliers().iter().all(|m| m.is_finite() && *m > 0.0));
            if let Ok(v) = f.predict(&week.grid) {
                for x in v.values() {
                    assert!(x.is_finite() && *x >= 0.0, "{x}");
                }
            }
        }
    }
    if inp.k & 0x20 != 0 {
        check_catch_up(&method, &inp, &h, &week);
    }
    // The presets fit up to 14 candidates on up to 20 origins each: kept to
    // short histories (which still reach TooShort, shortened and full
    // origin counts for short horizons), so the target stays fast.
    if inp.trim & 0x80 != 0 && h.dates().len() <= 35 {
        check_presets(&inp, &h, &week);
    }
    // Shapes anchored to daily times around the method, and around the
    // method inside the day-of-month effect (the protocol's nesting).
    let last = h.end_date() + Days::new(8);
    let Some(anchored_method) = anchored(method.clone(), &inp, first, last, tz) else {
        return;
    };
    check_anchored(&anchored_method, &h, &week);
    if inp.k & 0x40 != 0 {
        let dom = AnyMethod::from(DayOfMonth::new(method.clone()));
        if let Some(m) = anchored(dom, &inp, first, last, tz) {
            check_anchored(&m, &h, &week);
        }
    }
    if inp.method & 0x80 != 0 {
        if let Ok(bt) = Backtest::rolling(2, 2, 2) {
            let selection = if inp.method & 0x40 != 0 {
                Selection::BestEqual(k)
            } else {
                Selection::InverseErrorWeights
            };
            if let Ok(report) = bt.run(&method, &h) {
                let o = report.level_oracle();
                for v in [o.as_forecast, o.window_level, o.daily_totals]
                    .into_iter()
                    .flatten()
                {
                    assert!(v.is_finite() && v >= 0.0, "level oracle {o:?}");
                }
            }
            let candidates = vec![method, AnyMethod::from(anchored_method)];
            if let Ok(bp) = BestPick::new(candidates, bt, selection) {
                if let Ok(f) = bp.fit(&h) {
                    let _ = f.predict(&week.grid);
                }
            }
        }
    }
});

/// The packaged best picks, which shorten their origins to the history:
/// either `TooShort` (fewer than `horizon + 7` complete days) or a fit
/// whose forecasts obey the same bounds as every method's.
fn check_presets(inp: &Input, h: &History, week: &Week) {
    let pick = if inp.trim & 0x40 != 0 {
        BestPick::day_ahead()
    } else {
        BestPick::week_ahead(1 + usize::from(inp.trim % 8))
    };
    let Ok(pick) = pick else {
        panic!("a preset failed to build");
    };
    assert!(pick.shortens_origins());
    let days = h.dates().len();
    match pick.backtest().shortened_for(h) {
        Ok(b) => {
            let (_, count) = b.rolling_origins().unwrap_or((0, 0));
            assert!(count >= 1);
            assert!(days >= b.horizon() + servops_forecast::MIN_TRAINING_DAYS);
            if let Ok(f) = pick.fit(h) {
                if let Ok(v) = f.predict(&week.grid) {
                    check_forecast(&v, week);
                }
            }
        }
        Err(servops_forecast::Error::TooShort { needed, found, .. }) => {
            assert_eq!(found, days);
            assert!(found < needed);
            assert!(pick.fit(h).is_err());
        }
        Err(e) => panic!("shortened_for: {e}"),
    }
}
