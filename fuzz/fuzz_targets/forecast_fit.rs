//! Every method (alone and inside the day-of-month effect) fits and
//! predicts any small history (missing values, closed
//! hours, special days, DST days in London) without panicking, and every
//! forecast it returns is finite and >= 0, and 0 where the calendar is closed.
#![no_main]

use std::time::Duration;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use servops_core::chrono::{Days, NaiveDate, Weekday};
use servops_core::chrono_tz::{Europe::London, UTC};
use servops_core::{IntervalGrid, IntervalSeries};
use servops_forecast::{
    AnyMethod, Backtest, BestPick, Calendar, DayOfMonth, DayType, DoubleSeasonal, FactorScale, FittedModel,
    History, LevelShape, Method, NegativeBinomial, OpeningHours, ScoreModel, SeasonalNaive,
    Selection, SpecialDay, SvdFactor, TopDown, WeightedIndex, Weights,
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
}

fuzz_target!(|inp: Input| {
    let tz = if inp.london { London } else { UTC };
    let Some(first) = NaiveDate::from_ymd_opt(2026, 1, 1)
        .and_then(|d| d.checked_add_days(Days::new(u64::from(inp.start_day % 700))))
    else {
        return;
    };
    let step = Duration::from_secs(60 * [15u64, 30, 60][usize::from(inp.step % 3)]);
    let days = usize::from(inp.days % 40) + 1;
    let Ok(grid) = IntervalGrid::local_days(first, days, step, tz) else {
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
    let mut cal = Calendar::new(tz);
    if let Ok(h) = OpeningHours::new(u32::from(inp.open) % 1441, u32::from(inp.close) % 1441) {
        cal = cal.with_weekday_hours(&[Weekday::Mon, Weekday::Tue, Weekday::Wed], Some(h));
    }
    if let Some(w) = inp.closed_weekday {
        cal = cal.with_weekday_hours(&[Weekday::try_from(w % 7).unwrap_or(Weekday::Sun)], None);
    }
    if let Some((off, kind, mult)) = inp.special {
        let date = first + Days::new(u64::from(off % 60));
        let t = match kind % 4 {
            0 => DayType::Closed,
            1 => DayType::Holiday,
            2 => DayType::Weekday(Weekday::Sat),
            _ => DayType::Custom("event".into()),
        };
        let mut s = SpecialDay::new(t);
        if let Ok(s2) = s.clone().with_multiplier(f64::from(mult) / 50.0) {
            s = s2;
        }
        cal = cal.with_special_day(date, s);
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
    if let Ok(f) = method.fit(&h) {
        if let Ok(v) = f.predict(&week) {
            for (i, x) in v.values().iter().enumerate() {
                assert!(x.is_finite() && *x >= 0.0, "{x}");
                let (Some(d), Some(m)) = (week.local_date(i, tz), week.local_minute_of_day(i, tz))
                else {
                    continue;
                };
                if !cal.is_open(d, m) || cal.day_type(d) == DayType::Closed {
                    assert_eq!(*x, 0.0);
                }
                if let Ok(nb) = NegativeBinomial::new(inp.phi.abs().min(10.0)) {
                    // Too wide a distribution is a documented error, not a panic.
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
            if let Ok(v) = f.predict(&week) {
                for x in v.values() {
                    assert!(x.is_finite() && *x >= 0.0, "{x}");
                }
            }
        }
    }
    if inp.method & 0x80 != 0 {
        if let Ok(bt) = Backtest::rolling(2, 2, 2) {
            let selection = if inp.method & 0x40 != 0 {
                Selection::BestEqual(k)
            } else {
                Selection::InverseErrorWeights
            };
            if let Ok(bp) = BestPick::new(vec![method], bt, selection) {
                if let Ok(f) = bp.fit(&h) {
                    let _ = f.predict(&week);
                }
            }
        }
    }
});
