//! The handle-time model fits, forecasts and backtests any small pair of
//! histories (handled contacts and handle seconds with missing values,
//! closed hours, special days with multipliers, DST days in London, any
//! weights, windows and options) without panicking. Every AHT it returns is
//! finite and >= 0, and every backtest error and oracle value is finite
//! and >= 0 when defined.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[path = "common/forecast_setup.rs"]
mod forecast_setup;
use forecast_setup::{DayGrid, calendar, day_grid};
use servops_core::chrono::{Days, Weekday};
use servops_core::{IntervalGrid, IntervalSeries};
use servops_forecast::{AhtPoint, Backtest, HandleTime, History, Window};

#[derive(Debug, Arbitrary)]
struct Input {
    start_day: u16,
    days: u8,
    london: bool,
    step: u8,
    open: u16,
    close: u16,
    special: Option<(u8, u8, u8)>,
    /// `(handled, seconds per contact, present)` per interval, repeated.
    values: Vec<(u8, u16, bool)>,
    /// A second history of seconds on another shape: taken when set.
    other_seconds: Option<Vec<u16>>,
    /// Any `f64`: invalid weights must be errors.
    prior: f64,
    day_prior: Option<f64>,
    cell_prior: Option<f64>,
    window_days: u8,
    smoothing: u8,
    recent: u8,
    estimated: bool,
    median: bool,
    horizon: u8,
    step_days: u8,
    count: u8,
    sliding: u8,
}

fn check_aht(v: &[Option<f64>]) {
    for x in v.iter().flatten() {
        assert!(x.is_finite() && *x >= 0.0, "AHT {x}");
    }
}

fuzz_target!(|inp: Input| {
    let Some(DayGrid {
        tz,
        first,
        step,
        days,
        grid,
    }) = day_grid(inp.start_day, inp.days, inp.london, inp.step)
    else {
        return;
    };
    if inp.values.is_empty() {
        return;
    }
    let vals = &inp.values;
    let handled = IntervalSeries::from_fn(grid, |i, _| {
        let (n, _, present) = vals[i % vals.len()];
        present.then_some(f64::from(n % 40))
    });
    let seconds = match &inp.other_seconds {
        Some(o) if !o.is_empty() => {
            IntervalSeries::from_fn(grid, |i, _| Some(f64::from(o[i % o.len()])))
        }
        _ => IntervalSeries::from_fn(grid, |i, _| {
            let (n, s, present) = vals[i % vals.len()];
            present.then_some(f64::from(n % 40) * f64::from(s % 2000))
        }),
    };
    let cal = calendar(
        tz,
        first,
        (inp.open, inp.close),
        &[Weekday::Mon, Weekday::Tue, Weekday::Fri],
        inp.special,
    );
    let (Ok(n), Ok(s)) = (
        History::new(&handled, cal.clone()),
        History::new(&seconds, cal),
    ) else {
        return;
    };

    let Ok(mut model) = HandleTime::new(inp.prior) else {
        assert!(
            !(inp.prior.is_finite() && inp.prior >= 0.0),
            "{} rejected",
            inp.prior
        );
        return;
    };
    if let Ok(m) = model.with_days(usize::from(inp.window_days)) {
        model = m;
    }
    model = model.with_smoothing(usize::from(inp.smoothing % 4));
    if inp.recent > 0
        && let Ok(m) = model.with_recent_level(usize::from(inp.recent % 30))
    {
        model = m;
    }
    if let Some(p) = inp.day_prior
        && let Ok(m) = model.with_day_factor(p)
    {
        model = m;
    }
    if let Some(p) = inp.cell_prior
        && let Ok(m) = model.with_cell_prior(p)
    {
        model = m;
    }
    if inp.estimated {
        model = model.with_estimated_priors();
    }
    if inp.median {
        model = model.with_point(AhtPoint::WorkloadMedian);
    }

    if let Ok(fitted) = model.fit(&n, &s) {
        assert!(fitted.overall_aht().is_finite() && fitted.overall_aht() >= 0.0);
        for off in 0..9 {
            if let Ok(v) = fitted.aht_day(first + Days::new(off)) {
                check_aht(&v);
            }
        }
        let next = first + Days::new(days as u64);
        if let Ok(g) = IntervalGrid::local_days(next, 3, step, tz)
            && let Ok(p) = fitted.predict(&g)
        {
            check_aht(p.values());
        }
    }

    let Ok(mut bt) = Backtest::rolling(
        usize::from(inp.horizon % 8) + 1,
        usize::from(inp.step_days % 8) + 1,
        usize::from(inp.count % 4) + 1,
    ) else {
        return;
    };
    if inp.sliding > 0
        && let Ok(b) = bt
            .clone()
            .with_window(Window::Sliding(usize::from(inp.sliding)))
    {
        bt = b;
    }
    if let Ok(r) = bt.run_handle_time(&model, &n, &s) {
        for o in &r.origins {
            assert!(o.error_seconds.is_finite() && o.error_seconds >= 0.0);
            assert!(o.handle_seconds.is_finite() && o.handle_seconds >= 0.0);
            assert!(o.error.is_none_or(|e| e.is_finite() && e >= 0.0));
        }
        assert!(r.pooled.is_none_or(|e| e.is_finite() && e >= 0.0));
        let o = r.level_oracle();
        for v in [o.as_forecast, o.window_level, o.daily_totals]
            .into_iter()
            .flatten()
        {
            assert!(v.is_finite() && v >= 0.0, "oracle {o:?}");
        }
        for d in &r.days {
            assert!(d.handled.iter().all(|h| *h > 0.0));
        }
    }
});
