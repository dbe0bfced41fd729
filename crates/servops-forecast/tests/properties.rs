//! Property tests of the model invariants.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use proptest::prelude::*;
use servops_core::{IntervalGrid, IntervalSeries};
use servops_forecast::chrono::{Days, NaiveDate, Weekday};
use servops_forecast::chrono_tz::UTC;
use servops_forecast::{
    Accuracy, AnchoredShape, AnyMethod, Backtest, Calendar, CatchUp, CsvSpec, DailyAnchors,
    DayOfMonth, DayType, DoubleSeasonal, FactorScale, FittedModel, HandleTime, History, LevelShape,
    Method, NegativeBinomial, OpeningHours, Reforecast, ScoreModel, SeasonalNaive, SpecialDay,
    SvdFactor, TimestampFormat, TopDown, WeightedIndex, Weights, read_csv,
};

const DAYS: usize = 21;
const SLOTS: usize = 24;

fn first() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

/// Open 06:00-22:00 on weekdays, closed at weekends.
fn calendar() -> Calendar {
    Calendar::new(UTC)
        .with_weekday_hours(
            &[
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            Some(OpeningHours::new(360, 1320).unwrap()),
        )
        .with_weekday_hours(&[Weekday::Sat, Weekday::Sun], None)
}

fn history(values: &[f64]) -> History {
    let grid = IntervalGrid::local_days(first(), DAYS, Duration::from_secs(3600), UTC).unwrap();
    let s = IntervalSeries::from_fn(grid, |i, _| Some(values[i % values.len()]));
    History::new(&s, calendar()).unwrap()
}

fn next_week() -> IntervalGrid {
    IntervalGrid::local_days(
        first() + Days::new(DAYS as u64),
        7,
        Duration::from_secs(3600),
        UTC,
    )
    .unwrap()
}

fn methods() -> Vec<AnyMethod> {
    vec![
        AnyMethod::from(SeasonalNaive::new()),
        AnyMethod::from(
            WeightedIndex::new(3)
                .unwrap()
                .with_weights(Weights::exponential(0.7).unwrap())
                .with_profile_days(3)
                .unwrap()
                .with_smoothing(1),
        ),
        AnyMethod::from(TopDown::new()),
        AnyMethod::from(DoubleSeasonal::new()),
        AnyMethod::from(LevelShape::new()),
        AnyMethod::from(
            LevelShape::new()
                .with_level(4, 0.8)
                .unwrap()
                .with_factors(3, 1)
                .unwrap()
                .with_profile(2, 2, 0.7, 0.5)
                .unwrap(),
        ),
        AnyMethod::from(SvdFactor::new()),
        AnyMethod::from(
            SvdFactor::new()
                .with_components(3)
                .unwrap()
                .with_window(6, 0.9)
                .unwrap()
                .with_scale(FactorScale::Counts)
                .with_score_model(ScoreModel::DayTypeMeans),
        ),
    ]
}

fn linear_methods() -> Vec<AnyMethod> {
    vec![
        AnyMethod::from(SeasonalNaive::new()),
        AnyMethod::from(
            WeightedIndex::new(2)
                .unwrap()
                .with_trim(0)
                .unwrap()
                .with_smoothing(2),
        ),
        AnyMethod::from(
            TopDown::new()
                .with_parameters(0.3, 0.05, 0.2, 0.95)
                .unwrap(),
        ),
        AnyMethod::from(LevelShape::new()),
        AnyMethod::from(
            LevelShape::new()
                .with_level(4, 0.8)
                .unwrap()
                .with_factors(3, 1)
                .unwrap()
                .with_profile(2, 2, 0.7, 0.5)
                .unwrap(),
        ),
        AnyMethod::from(SvdFactor::new().with_scale(FactorScale::Counts)),
        AnyMethod::from(
            SvdFactor::new()
                .with_components(4)
                .unwrap()
                .with_window(8, 0.95)
                .unwrap()
                .with_scale(FactorScale::Counts),
        ),
    ]
}

fn values() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(0.0..500.0f64, DAYS * SLOTS)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn forecasts_are_finite_non_negative_and_zero_when_closed(v in values()) {
        let h = history(&v);
        let grid = next_week();
        for m in methods() {
            let f = m.fit(&h).unwrap().predict(&grid).unwrap();
            for (i, x) in f.values().iter().enumerate() {
                prop_assert!(x.is_finite() && *x >= 0.0, "{} gave {x}", m.name());
                let date = grid.local_date(i, UTC).unwrap();
                let minute = grid.local_minute_of_day(i, UTC).unwrap();
                if !calendar().is_open(date, minute) {
                    prop_assert_eq!(*x, 0.0);
                }
            }
        }
    }

    #[test]
    fn scaling_history_scales_linear_forecasts(v in values(), k in 0.1..20.0f64) {
        let h1 = history(&v);
        let scaled: Vec<f64> = v.iter().map(|x| x * k).collect();
        let h2 = history(&scaled);
        let grid = next_week();
        for m in linear_methods() {
            let f1 = m.fit(&h1).unwrap().predict(&grid).unwrap();
            let f2 = m.fit(&h2).unwrap().predict(&grid).unwrap();
            for (a, b) in f1.values().iter().zip(f2.values()) {
                prop_assert!((a * k - b).abs() <= 1e-6 * (1.0 + b.abs()), "{}: {a} * {k} vs {b}", m.name());
            }
        }
    }

    #[test]
    fn constant_history_forecasts_the_constant(c in 0.5..1000.0f64) {
        let h = history(&[c]);
        let grid = next_week();
        for m in methods() {
            let f = m.fit(&h).unwrap().predict(&grid).unwrap();
            for (i, x) in f.values().iter().enumerate() {
                let date = grid.local_date(i, UTC).unwrap();
                let minute = grid.local_minute_of_day(i, UTC).unwrap();
                let want = if calendar().is_open(date, minute) { c } else { 0.0 };
                // The double-seasonal model starts its indices at (y + 0.5) / level.
                let tol = if matches!(m, AnyMethod::DoubleSeasonal(_)) { 0.02 * c + 0.6 } else { 1e-9 * c };
                prop_assert!((x - want).abs() <= tol, "{}: {x} vs {want}", m.name());
            }
        }
    }

    #[test]
    fn metrics_match_their_definitions(pairs in prop::collection::vec((0.0..100.0f64, 0.0..100.0f64), 1..50), q in 0.5..10.0f64) {
        let f: Vec<f64> = pairs.iter().map(|p| p.0).collect();
        let a: Vec<f64> = pairs.iter().map(|p| p.1.floor()).collect();
        let acc = Accuracy::from_pairs(&f, &a, Some(q)).unwrap();
        let n = f.len() as f64;
        let abs: f64 = f.iter().zip(&a).map(|(x, y)| (x - y).abs()).sum();
        let sum_a: f64 = a.iter().sum();
        if sum_a > 0.0 {
            prop_assert!((acc.wape.unwrap() - abs / sum_a).abs() < 1e-9);
        } else {
            prop_assert_eq!(acc.wape, None);
        }
        let nz: Vec<(f64, f64)> = f.iter().zip(&a).filter(|(_, y)| **y != 0.0).map(|(x, y)| (*x, *y)).collect();
        prop_assert_eq!(acc.zero_actuals, f.len() - nz.len());
        if nz.is_empty() {
            prop_assert_eq!(acc.mape, None);
        } else {
            let mape = nz.iter().map(|(x, y)| (x - y).abs() / y).sum::<f64>() / nz.len() as f64;
            prop_assert!((acc.mape.unwrap() - mape).abs() < 1e-9);
        }
        let rmse = (f.iter().zip(&a).map(|(x, y)| (x - y).powi(2)).sum::<f64>() / n).sqrt();
        prop_assert!((acc.rmse.unwrap() - rmse).abs() < 1e-9);
        let bias = f.iter().zip(&a).map(|(x, y)| x - y).sum::<f64>() / n;
        prop_assert!((acc.bias.unwrap() - bias).abs() < 1e-9);
        prop_assert!((acc.mase.unwrap() - abs / n / q).abs() < 1e-9);
        let sm: Vec<f64> = f.iter().zip(&a).filter(|(x, y)| x.abs() + y.abs() > 0.0).map(|(x, y)| 2.0 * (x - y).abs() / (x.abs() + y.abs())).collect();
        if let Some(s) = acc.smape {
            prop_assert!((s - sm.iter().sum::<f64>() / sm.len() as f64).abs() < 1e-9);
        }
    }

    #[test]
    fn poisson_quantile_matches_direct_cdf(mu in 0.01..200.0f64, p in 0.01..0.99f64) {
        let q = NegativeBinomial::new(0.0).unwrap().quantile(mu, p).unwrap();
        // Direct CDF by the textbook recurrence from k = 0 (mu < 200 keeps e^-mu representable).
        let mut pmf = (-mu).exp();
        let mut cdf = pmf;
        let mut k = 0.0;
        while cdf < p - 1e-12 {
            k += 1.0;
            pmf *= mu / k;
            cdf += pmf;
        }
        prop_assert_eq!(q, k);
    }

    #[test]
    fn negbin_quantile_matches_the_textbook_recurrence(mu in 0.01..150.0f64, phi in 0.001..3.0f64, p in 0.001..0.999f64) {
        let q = NegativeBinomial::new(phi).unwrap().quantile(mu, p).unwrap();
        // P(0) = (1 + φμ)^(-1/φ), P(k + 1) / P(k) = (k + r) / (k + 1) · μ / (r + μ).
        let r = 1.0 / phi;
        let mut pmf = (-r * (phi * mu).ln_1p()).exp();
        let mut cdf = pmf;
        let mut k = 0.0;
        while cdf < p {
            pmf *= (k + r) / (k + 1.0) * (mu / (r + mu));
            k += 1.0;
            cdf += pmf;
        }
        // Skip the rare case of a cdf within rounding of p.
        if (cdf - p).abs() > 1e-10 && (cdf - pmf - p).abs() > 1e-10 {
            prop_assert_eq!(q, k);
        }
    }

    #[test]
    fn day_level_mixture_without_a_day_level_is_the_negative_binomial(mu in 0.0..5000.0f64, psi in 0.0..1.0f64, p in 0.001..0.999f64) {
        let mix = servops_forecast::DayLevelNegativeBinomial::new(0.0, psi).unwrap();
        prop_assert_eq!(mix.quantile(mu, p).unwrap(), NegativeBinomial::new(psi).unwrap().quantile(mu, p).unwrap());
    }

    #[test]
    fn negbin_quantiles_grow_with_p_and_dispersion(mu in 0.0..2000.0f64, phi in 0.0..0.5f64, p in 0.05..0.9f64) {
        let nb = NegativeBinomial::new(phi).unwrap();
        let lo = nb.quantile(mu, p).unwrap();
        let hi = nb.quantile(mu, p + 0.09).unwrap();
        prop_assert!(lo <= hi);
        let wider = NegativeBinomial::new(phi + 0.1).unwrap().quantile(mu, 0.95).unwrap();
        prop_assert!(wider >= nb.quantile(mu, 0.95).unwrap() - 1.0);
    }

    #[test]
    fn negbin_coverage_counts_its_intervals(v in values(), phi in 0.0..0.2f64, c in 0.5..0.99f64) {
        let v: Vec<f64> = v.iter().map(|x| x.round()).collect();
        let h = history(&v);
        let r = servops_forecast::Backtest::rolling(2, 2, 3)
            .unwrap()
            .run(&AnyMethod::from(WeightedIndex::new(2).unwrap()), &h)
            .unwrap();
        let nb = NegativeBinomial::new(phi).unwrap();
        let (mut inside, mut n) = (0usize, 0usize);
        for d in &r.days {
            for (f, a) in d.forecast.iter().zip(&d.actual) {
                let (lo, hi) = nb.interval(*f, c).unwrap();
                n += 1;
                if lo <= *a && *a <= hi {
                    inside += 1;
                }
            }
        }
        prop_assert_eq!(nb.coverage(&r, c).unwrap(), Some(inside as f64 / n as f64));
        // The calibrated dispersion reaches the nominal coverage on its data.
        let cal = NegativeBinomial::calibrated(&r, c).unwrap();
        prop_assert!(cal.coverage(&r, c).unwrap().unwrap() >= c || cal.dispersion() > 3.9);
    }

    #[test]
    fn reforecast_factor_lies_between_one_and_the_ratio(f in prop::collection::vec(1.0..100.0f64, 1..20), r in 0.2..3.0f64, tau2 in 0.0..0.5f64) {
        let a: Vec<f64> = f.iter().map(|x| x * r).collect();
        let k = Reforecast::new(tau2, 0.01).unwrap().factor(&f, &a).unwrap();
        prop_assert!(k >= r.min(1.0) - 1e-12 && k <= r.max(1.0) + 1e-12);
    }

    #[test]
    fn aht_scales_with_handle_seconds_and_stays_positive(
        n in prop::collection::vec(0.0..30.0f64, 1..24),
        aht in prop::collection::vec(30.0..900.0f64, 1..24),
        k in 0.1..10.0f64,
        m in 0.0..500.0f64,
        recent in 1usize..10,
    ) {
        let counts = history(&n);
        let secs_v: Vec<f64> = n.iter().enumerate().map(|(i, x)| x * aht[i % aht.len()]).collect();
        let scaled_v: Vec<f64> = secs_v.iter().map(|x| x * k).collect();
        prop_assume!(n.iter().any(|x| *x > 0.0));
        let model = HandleTime::new(m).unwrap().with_recent_level(recent).unwrap();
        let a = model.fit(&counts, &history(&secs_v));
        let b = model.fit(&counts, &history(&scaled_v));
        // Histories with no handled contacts on any open slot are TooShort.
        prop_assume!(a.is_ok());
        let (a, b) = (a.unwrap(), b.unwrap());
        let d = first() + Days::new(DAYS as u64);
        for (x, y) in a.aht_day(d).unwrap().iter().zip(b.aht_day(d).unwrap()) {
            if let (Some(x), Some(y)) = (x, y) {
                prop_assert!(x.is_finite() && *x >= 0.0);
                prop_assert!((y - k * x).abs() <= 1e-9 * (1.0 + y.abs()));
            }
        }
    }

    #[test]
    fn csv_round_trip_reports_every_gap(v in prop::collection::vec(prop::option::of(0u32..1000), 2..60)) {
        let mut v = v;
        v[0] = Some(1);
        let last = v.len() - 1;
        v[last] = Some(2);
        let start: servops_forecast::chrono::DateTime<servops_forecast::chrono::Utc> = "2026-03-02T00:00:00Z".parse().unwrap();
        let mut text = String::from("t,n\n");
        for (i, x) in v.iter().enumerate() {
            if let Some(x) = x {
                let t = start + servops_forecast::chrono::TimeDelta::minutes(15 * i as i64);
                text.push_str(&format!("{},{x}\n", t.to_rfc3339()));
            }
        }
        let spec = CsvSpec::new("t", "n", Duration::from_secs(900), UTC, TimestampFormat::Rfc3339);
        let d = read_csv(text.as_bytes(), &spec).unwrap();
        let got: Vec<Option<u32>> = d.volume.values().iter().map(|x| x.map(|y| y as u32)).collect();
        prop_assert_eq!(&got, &v);
        let missing: usize = d.gaps.iter().map(|g| g.intervals).sum();
        prop_assert_eq!(missing, v.iter().filter(|x| x.is_none()).count());
    }
}

/// Handle-time configurations with every optional level.
fn aht_models(m: f64, md: f64, mc: f64, sm: usize) -> Vec<HandleTime> {
    let base = HandleTime::new(m).unwrap().with_smoothing(sm);
    vec![
        base,
        base.with_day_factor(md)
            .unwrap()
            .with_cell_prior(mc)
            .unwrap(),
        base.with_estimated_priors(),
        base.with_day_factor(md).unwrap().with_estimated_priors(),
        base.with_day_factor(md)
            .unwrap()
            .with_point(servops_forecast::AhtPoint::WorkloadMedian),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn aht_levels_are_scale_equivariant_and_keep_a_constant(
        n in prop::collection::vec(0.0..30.0f64, 1..24),
        aht in prop::collection::vec(30.0..900.0f64, 1..24),
        k in 0.1..10.0f64,
        c in 30.0..900.0f64,
        m in 0.0..500.0f64,
        md in 0.0..5000.0f64,
        mc in 0.0..5000.0f64,
        sm in 0usize..3,
    ) {
        prop_assume!(n.iter().any(|x| *x > 0.0));
        let counts = history(&n);
        let secs_v: Vec<f64> = n.iter().enumerate().map(|(i, x)| x * aht[i % aht.len()]).collect();
        let scaled_v: Vec<f64> = secs_v.iter().map(|x| x * k).collect();
        let flat_v: Vec<f64> = n.iter().map(|x| x * c).collect();
        let lo = aht.iter().cloned().fold(f64::INFINITY, f64::min);
        let hi = aht.iter().cloned().fold(0.0, f64::max);
        let d = first() + Days::new(DAYS as u64);
        // A constant AHT that steps up by k in the last 7 days (the last
        // test window of `bt`).
        let step_v: Vec<f64> = (0..DAYS * SLOTS).map(|i| n[i % n.len()] * c * if i >= (DAYS - 7) * SLOTS { k } else { 1.0 }).collect();
        let bt = Backtest::rolling(5, 5, 2).unwrap();
        let close = |x: Option<f64>, y: Option<f64>| match (x, y) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * (1.0 + x.abs()),
            (x, y) => x == y,
        };
        for (i, model) in aht_models(m, md, mc, sm).into_iter().enumerate() {
            let Ok(a) = model.fit(&counts, &history(&secs_v)) else { continue };
            let b = model.fit(&counts, &history(&scaled_v)).unwrap();
            let f = model.fit(&counts, &history(&flat_v)).unwrap();
            let (m1, md1, mc1) = a.priors();
            prop_assert!(m1 >= 0.0 && mc1 >= 0.0 && md1.is_none_or(|x| x >= 0.0));
            for ((x, y), z) in a.aht_day(d).unwrap().iter().zip(b.aht_day(d).unwrap()).zip(f.aht_day(d).unwrap()) {
                if let (Some(x), Some(y), Some(z)) = (x, y, z) {
                    prop_assert!(x.is_finite() && *x > 0.0);
                    // Scaling every handle time by k scales every forecast by k.
                    prop_assert!((y - k * x).abs() <= 1e-9 * (1.0 + y.abs()), "model {i}");
                    // A constant AHT is forecast as that constant.
                    prop_assert!((z - c).abs() <= 1e-9 * c, "model {i}: {z} vs {c}");
                    // Without the day factor or the median scale every level
                    // is a convex combination of observed AHTs.
                    if i == 0 || i == 2 {
                        prop_assert!(*x >= lo - 1e-9 && *x <= hi + 1e-9, "model {i}: {x} outside [{lo}, {hi}]");
                    }
                }
            }
            // The same histories through the handle-time backtest: its
            // errors follow their definition, do not change when every
            // handle time is scaled, are 0 for a constant AHT, and a pure
            // level step leaves nothing once each window's level is known.
            let Ok(ra) = bt.run_handle_time(&model, &counts, &history(&secs_v)) else { continue };
            let rb = bt.run_handle_time(&model, &counts, &history(&scaled_v)).unwrap();
            let rf = bt.run_handle_time(&model, &counts, &history(&flat_v)).unwrap();
            let rs = bt.run_handle_time(&model, &counts, &history(&step_v)).unwrap();
            prop_assert_eq!(ra.unscored, 0);
            let (mut num, mut den) = (0.0, 0.0);
            for day in &ra.days {
                for ((fc, ac), h) in day.forecast.iter().zip(&day.actual).zip(&day.handled) {
                    prop_assert!(*h > 0.0 && fc.is_finite() && *fc >= 0.0);
                    num += h * (fc - ac).abs();
                    den += h * ac;
                }
            }
            prop_assert!(close(ra.pooled, (den > 0.0).then(|| num / den)), "model {}", i);
            prop_assert!(close(ra.pooled, rb.pooled), "model {}: scaled", i);
            prop_assert!(close(ra.level_oracle().as_forecast, ra.pooled));
            prop_assert!(rf.pooled.is_none_or(|e| e <= 1e-9), "model {}: constant AHT {:?}", i, rf.pooled);
            prop_assert!(rs.level_oracle().window_level.is_none_or(|e| e <= 1e-9), "model {}: step", i);
        }
    }
}

const LONG_DAYS: usize = 120;

/// 120 days of hourly history under [`calendar`]: a daily level times an
/// intraday pattern.
fn long_history(levels: &[f64], pattern: &[f64]) -> History {
    let grid =
        IntervalGrid::local_days(first(), LONG_DAYS, Duration::from_secs(3600), UTC).unwrap();
    let s = IntervalSeries::from_fn(grid, |i, _| {
        Some(levels[(i / SLOTS) % levels.len()] * pattern[i % SLOTS])
    });
    History::new(&s, calendar()).unwrap()
}

fn long_next_week() -> IntervalGrid {
    IntervalGrid::local_days(
        first() + Days::new(LONG_DAYS as u64),
        7,
        Duration::from_secs(3600),
        UTC,
    )
    .unwrap()
}

fn day_of_month_methods() -> Vec<DayOfMonth<AnyMethod>> {
    vec![
        DayOfMonth::new(AnyMethod::from(WeightedIndex::new(4).unwrap())),
        DayOfMonth::new(AnyMethod::from(LevelShape::new()))
            .with_window_days(10)
            .unwrap(),
        DayOfMonth::new(AnyMethod::from(
            SvdFactor::new().with_scale(FactorScale::Counts),
        ))
        .with_credibility(3.0)
        .unwrap(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn day_of_month_forecasts_are_finite_non_negative_and_zero_when_closed(
        levels in prop::collection::vec(0.0..400.0f64, LONG_DAYS),
        pattern in prop::collection::vec(0.0..2.0f64, SLOTS),
    ) {
        let h = long_history(&levels, &pattern);
        let grid = long_next_week();
        for m in day_of_month_methods() {
            let f = m.fit(&h).unwrap().predict(&grid).unwrap();
            for (i, x) in f.values().iter().enumerate() {
                prop_assert!(x.is_finite() && *x >= 0.0, "{x}");
                let date = grid.local_date(i, UTC).unwrap();
                let minute = grid.local_minute_of_day(i, UTC).unwrap();
                if !calendar().is_open(date, minute) {
                    prop_assert_eq!(*x, 0.0);
                }
            }
        }
    }

    #[test]
    fn day_of_month_scales_with_the_history_and_is_centred(
        levels in prop::collection::vec(1.0..400.0f64, LONG_DAYS),
        pattern in prop::collection::vec(0.1..2.0f64, SLOTS),
        k in 0.1..20.0f64,
    ) {
        let h1 = long_history(&levels, &pattern);
        let scaled: Vec<f64> = levels.iter().map(|x| x * k).collect();
        let h2 = long_history(&scaled, &pattern);
        let grid = long_next_week();
        for m in day_of_month_methods().into_iter().take(2) {
            let f1 = m.fit(&h1).unwrap();
            let f2 = m.fit(&h2).unwrap();
            for (a, b) in f1.multipliers().iter().zip(f2.multipliers()) {
                prop_assert!((a - b).abs() <= 1e-9 * b, "{a} vs {b}");
            }
            let p1 = f1.predict(&grid).unwrap();
            let p2 = f2.predict(&grid).unwrap();
            for (a, b) in p1.values().iter().zip(p2.values()) {
                prop_assert!((a * k - b).abs() <= 1e-6 * (1.0 + b.abs()), "{a} * {k} vs {b}");
            }
            // Centred: the log multipliers average 0 over the history's days.
            let dates = h1.dates();
            let mean = dates.iter().map(|d| f1.multiplier(*d).ln()).sum::<f64>() / dates.len() as f64;
            prop_assert!(mean.abs() < 1e-9, "{mean}");
        }
    }

    #[test]
    fn day_of_month_without_an_effect_is_the_inner_method(
        by_weekday in prop::collection::vec(1.0..400.0f64, 7),
        pattern in prop::collection::vec(0.1..2.0f64, SLOTS),
    ) {
        // Levels that depend only on the weekday: no day-of-month effect.
        let levels: Vec<f64> = (0..LONG_DAYS).map(|i| by_weekday[i % 7]).collect();
        let h = long_history(&levels, &pattern);
        let grid = long_next_week();
        let inner = LevelShape::new();
        let fitted = DayOfMonth::new(inner.clone()).fit(&h).unwrap();
        // Every ratio is 1 up to rounding, so the multipliers are too.
        prop_assert!(fitted.multipliers().iter().all(|m| (m - 1.0).abs() < 1e-9));
        let a = fitted.predict(&grid).unwrap();
        let b = inner.fit(&h).unwrap().predict(&grid).unwrap();
        for (x, y) in a.values().iter().zip(b.values()) {
            prop_assert!((x - y).abs() <= 1e-9 * (1.0 + y.abs()), "{x} vs {y}");
        }
    }
}

/// A planted effect is recovered: +40 % on days 1-5 of every month, -10 %
/// on days 20-25, exact data. With no noise the credibility constant is
/// near 0, and the backfitted ratios (neighbours' effects divided out)
/// give each plateau its planted ratio to the plain days; the 1-2-1
/// pooling blurs only the plateaus' edges.
#[test]
fn day_of_month_recovers_a_planted_effect() {
    use servops_forecast::chrono::Datelike;
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let days = 365;
    let grid = IntervalGrid::local_days(start, days, Duration::from_secs(3600), UTC).unwrap();
    let effect = |d: NaiveDate| match d.day() {
        1..=5 => 1.4,
        20..=25 => 0.9,
        _ => 1.0,
    };
    let s = IntervalSeries::from_fn(grid, |i, _| {
        let d = start + Days::new((i / 24) as u64);
        Some(100.0 * effect(d))
    });
    let h = History::new(&s, Calendar::new(UTC)).unwrap();
    let fitted = DayOfMonth::new(SeasonalNaive::new()).fit(&h).unwrap();
    let at = |s: &str| fitted.multiplier(s.parse().unwrap());
    // Inside the plateaus the ratios are the planted ones.
    assert!((at("2026-01-03") / at("2026-01-12") - 1.4).abs() < 0.02);
    assert!((at("2026-01-22") / at("2026-01-12") - 0.9).abs() < 0.02);
    // The year-ahead forecast of a plain day is the plain level.
    let plain = fitted
        .forecast_day("2026-01-12".parse().unwrap(), 11)
        .unwrap();
    assert!((plain[10] - 100.0).abs() < 2.0, "{}", plain[10]);
}

/// Best pick can weigh a method with and without the day-of-month effect
/// (`AnyMethod::DayOfMonth`): on a history with a planted effect its
/// backtest scores the wrapped method far better and picks it.
#[test]
fn best_pick_prefers_the_day_of_month_effect_where_there_is_one() {
    use servops_forecast::chrono::Datelike;
    use servops_forecast::{Backtest, BestPick, Selection};
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let grid = IntervalGrid::local_days(start, 300, Duration::from_secs(3600), UTC).unwrap();
    let s = IntervalSeries::from_fn(grid, |i, _| {
        let d = start + Days::new((i / 24) as u64);
        let effect = if d.day() <= 3 { 1.5 } else { 1.0 };
        Some(50.0 * effect * (1.0 + (i % 24) as f64 / 24.0))
    });
    let h = History::new(&s, Calendar::new(UTC)).unwrap();
    let plain = AnyMethod::from(WeightedIndex::new(4).unwrap());
    let wrapped = AnyMethod::from(DayOfMonth::new(plain.clone()));
    assert_eq!(wrapped.name(), "weighted index + day of month");
    let pick = BestPick::new(
        vec![plain, wrapped],
        Backtest::rolling(7, 7, 8).unwrap(),
        Selection::PerSeries,
    )
    .unwrap();
    let fitted = pick.fit(&h).unwrap();
    let scores = fitted.scores();
    let (p, w) = (scores[0].1.unwrap(), scores[1].1.unwrap());
    assert!(w < 0.5 * p, "plain {p}, wrapped {w}");
    assert!(
        fitted
            .weights()
            .iter()
            .all(|lead| lead[1] == 1.0 && lead[0] == 0.0)
    );
}

/// Too short a history for the credibility estimate (fewer than two
/// ratios per month position: 45 days) gives no effect at all, however
/// strong its pattern looks; a fixed credibility constant still applies.
#[test]
fn day_of_month_needs_two_months_to_estimate_its_weight() {
    use servops_forecast::chrono::Datelike;
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let history = |days: usize| {
        let grid = IntervalGrid::local_days(start, days, Duration::from_secs(3600), UTC).unwrap();
        let s = IntervalSeries::from_fn(grid, |i, _| {
            let d = start + Days::new((i / 24) as u64);
            Some(if d.day() <= 3 { 90.0 } else { 60.0 })
        });
        History::new(&s, Calendar::new(UTC)).unwrap()
    };
    let short = history(45);
    let fitted = DayOfMonth::new(SeasonalNaive::new()).fit(&short).unwrap();
    assert_eq!(fitted.estimated_credibility(), None);
    assert!(fitted.multipliers().iter().all(|m| *m == 1.0));
    let fixed = DayOfMonth::new(SeasonalNaive::new())
        .with_credibility(1.0)
        .unwrap()
        .fit(&short)
        .unwrap();
    let feb2: NaiveDate = "2025-02-02".parse().unwrap();
    let feb10: NaiveDate = "2025-02-10".parse().unwrap();
    assert!(fixed.multiplier(feb2) > 1.1 * fixed.multiplier(feb10));
    // Four months: estimated.
    let long = DayOfMonth::new(SeasonalNaive::new())
        .fit(&history(120))
        .unwrap();
    assert!(long.estimated_credibility().is_some());
    assert!(long.multiplier(feb2) > 1.3 * long.multiplier(feb10));
}

const ANCHOR_DAYS: usize = 28;

/// Fridays and Saturdays, the day types anchored in the tests below.
const FRI_SAT: [DayType; 2] = [
    DayType::Weekday(Weekday::Fri),
    DayType::Weekday(Weekday::Sat),
];

/// Open around the clock, Sundays closed: Fridays and Saturdays are open
/// from any fixed minute to midnight, so they can be anchored.
fn round_the_clock() -> Calendar {
    Calendar::new(UTC).with_weekday_hours(&[Weekday::Sun], None)
}

/// [`ANCHOR_DAYS`] days of hourly history from [`first`] under `cal`.
fn anchor_history(values: &[f64], cal: Calendar) -> History {
    let grid =
        IntervalGrid::local_days(first(), ANCHOR_DAYS, Duration::from_secs(3600), UTC).unwrap();
    let s = IntervalSeries::from_fn(grid, |i, _| Some(values[i % values.len()]));
    History::new(&s, cal).unwrap()
}

/// The week after [`anchor_history`].
fn anchor_next_week() -> IntervalGrid {
    IntervalGrid::local_days(
        first() + Days::new(ANCHOR_DAYS as u64),
        7,
        Duration::from_secs(3600),
        UTC,
    )
    .unwrap()
}

/// Anchors for the dates from [`first`] on, one entry per date (`None`: no
/// anchor that date).
fn anchors_from(minutes: &[Option<f64>]) -> DailyAnchors {
    minutes
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.map(|m| (first() + Days::new(i as u64), m)))
        .fold(DailyAnchors::new(), |a, (d, m)| a.with_time(d, m).unwrap())
}

/// Inner methods the anchored shapes are tested around.
fn anchored_inner_methods() -> Vec<AnyMethod> {
    vec![
        AnyMethod::from(SeasonalNaive::new()),
        AnyMethod::from(WeightedIndex::new(4).unwrap()),
        AnyMethod::from(LevelShape::new()),
    ]
}

/// Hourly values of [`anchor_history`].
fn anchor_values() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(0.0..500.0f64, ANCHOR_DAYS * SLOTS)
}

/// An anchor (or none) for every date of the history and the week after,
/// anywhere in the open day: some before the fixed minute, so not used.
fn anchor_minutes() -> impl Strategy<Value = Vec<Option<f64>>> {
    prop::collection::vec(prop::option::of(0.5..1439.5f64), ANCHOR_DAYS + 7)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn anchored_forecasts_are_finite_non_negative_and_zero_when_closed(
        v in anchor_values(),
        minutes in anchor_minutes(),
        fixed in 0u32..1440,
    ) {
        let h = anchor_history(&v, round_the_clock());
        let grid = anchor_next_week();
        for inner in anchored_inner_methods() {
            let name = inner.name();
            let m = AnchoredShape::new(inner, anchors_from(&minutes), &FRI_SAT)
                .with_fixed_minute(fixed)
                .unwrap();
            let f = m.fit(&h).unwrap().predict(&grid).unwrap();
            for (i, x) in f.values().iter().enumerate() {
                prop_assert!(x.is_finite() && *x >= 0.0, "{name} gave {x}");
                let date = grid.local_date(i, UTC).unwrap();
                let minute = grid.local_minute_of_day(i, UTC).unwrap();
                if !round_the_clock().is_open(date, minute) {
                    prop_assert_eq!(*x, 0.0);
                }
            }
        }
    }

    /// Warping and warping back move counts within the day and keep every
    /// day's total: the wrapper's forecast totals are the inner model's
    /// (fitted on the warped history), and around seasonal naive they are
    /// the totals of the last day of the same type.
    #[test]
    fn anchored_shapes_keep_daily_totals(
        v in anchor_values(),
        minutes in anchor_minutes(),
        fixed in 0u32..1200,
    ) {
        let h = anchor_history(&v, round_the_clock());
        let first_forecast = first() + Days::new(ANCHOR_DAYS as u64);
        for inner in anchored_inner_methods() {
            let naive = matches!(inner, AnyMethod::SeasonalNaive(_));
            let fitted = AnchoredShape::new(inner, anchors_from(&minutes), &FRI_SAT)
                .with_fixed_minute(fixed)
                .unwrap()
                .fit(&h)
                .unwrap();
            for k in 0..7 {
                let date = first_forecast + Days::new(k);
                let lead = h.lead_days(date);
                if h.calendar().hours(date).is_none() {
                    continue;
                }
                let day = fitted.forecast_day(date, lead).unwrap();
                let total: f64 = day.iter().sum();
                let inner_total: f64 = fitted.inner().forecast_day(date, lead).unwrap().iter().sum();
                prop_assert!((total - inner_total).abs() <= 1e-9 * (1.0 + inner_total), "{date}: {total} vs {inner_total}");
                if naive {
                    let last: f64 = h.day_values(date - Days::new(7)).unwrap().iter().sum();
                    prop_assert!((total - last).abs() <= 1e-9 * (1.0 + last), "{date}: {total} vs {last}");
                }
            }
        }
    }

    #[test]
    fn anchored_shapes_scale_with_the_history(
        v in anchor_values(),
        minutes in anchor_minutes(),
        k in 0.1..20.0f64,
    ) {
        let h1 = anchor_history(&v, round_the_clock());
        let scaled: Vec<f64> = v.iter().map(|x| x * k).collect();
        let h2 = anchor_history(&scaled, round_the_clock());
        let grid = anchor_next_week();
        for inner in linear_methods() {
            let name = inner.name();
            let m = AnchoredShape::new(inner, anchors_from(&minutes), &FRI_SAT);
            let f1 = m.fit(&h1).unwrap();
            let f2 = m.fit(&h2).unwrap();
            // The reference anchor depends on the anchors, not the counts.
            prop_assert_eq!(f1.reference_minute(), f2.reference_minute());
            let (p1, p2) = (f1.predict(&grid).unwrap(), f2.predict(&grid).unwrap());
            for (a, b) in p1.values().iter().zip(p2.values()) {
                prop_assert!((a * k - b).abs() <= 1e-6 * (1.0 + b.abs()), "{name}: {a} * {k} vs {b}");
            }
        }
    }

    /// No anchors, anchors only on days of other types, or day types that
    /// never occur: nothing is warped and the wrapper is the inner method,
    /// bit for bit.
    #[test]
    fn anchored_without_anchored_days_is_the_inner_method(
        v in anchor_values(),
        minutes in anchor_minutes(),
    ) {
        let h = anchor_history(&v, round_the_clock());
        let grid = anchor_next_week();
        // The same anchors with Fridays and Saturdays (days 4, 5 mod 7) removed.
        let weekdays_only: Vec<Option<f64>> = minutes
            .iter()
            .enumerate()
            .map(|(i, m)| if i % 7 == 4 || i % 7 == 5 { None } else { *m })
            .collect();
        let never = [DayType::Holiday, DayType::Custom("eve".into())];
        for inner in anchored_inner_methods() {
            let name = inner.name();
            let plain = inner.fit(&h).unwrap().predict(&grid).unwrap();
            for m in [
                AnchoredShape::new(inner.clone(), DailyAnchors::new(), &FRI_SAT),
                AnchoredShape::new(inner.clone(), anchors_from(&minutes), &never),
                AnchoredShape::new(inner.clone(), anchors_from(&minutes), &[]),
                AnchoredShape::new(inner.clone(), anchors_from(&weekdays_only), &FRI_SAT),
            ] {
                let fitted = m.fit(&h).unwrap();
                prop_assert_eq!(fitted.reference_minute(), None);
                let f = fitted.predict(&grid).unwrap();
                prop_assert_eq!(f.values(), plain.values(), "{}", name);
            }
        }
    }

    /// Every anchored day anchored at the same slot boundary `c`, with
    /// `F < c`: the reference anchor is `c` and both warps are the
    /// identity, so the wrapper is the inner method up to rounding. Other
    /// days' anchors are ignored.
    #[test]
    fn anchored_at_one_time_is_the_inner_method(
        v in anchor_values(),
        minutes in anchor_minutes(),
        (hour, fixed) in (1u32..24).prop_flat_map(|h| (Just(h), 0..60 * h)),
    ) {
        let c = f64::from(60 * hour);
        let at_c: Vec<Option<f64>> = minutes
            .iter()
            .enumerate()
            .map(|(i, m)| if i % 7 == 4 || i % 7 == 5 { Some(c) } else { *m })
            .collect();
        let h = anchor_history(&v, round_the_clock());
        let grid = anchor_next_week();
        for inner in anchored_inner_methods() {
            let plain = inner.fit(&h).unwrap().predict(&grid).unwrap();
            let fitted = AnchoredShape::new(inner, anchors_from(&at_c), &FRI_SAT)
                .with_fixed_minute(fixed)
                .unwrap()
                .fit(&h)
                .unwrap();
            prop_assert_eq!(fitted.reference_minute(), Some(c));
            let f = fitted.predict(&grid).unwrap();
            for (x, y) in f.values().iter().zip(plain.values()) {
                prop_assert!((x - y).abs() <= 1e-9 * (1.0 + y.abs()), "{x} vs {y}");
            }
        }
    }

    /// A calendar that closes Fridays and Saturdays before midnight (the
    /// last slot closed): no day is anchored and the wrapper is the inner
    /// method exactly, while the same anchors on a round-the-clock
    /// calendar do warp.
    #[test]
    fn anchored_days_closing_before_midnight_are_not_warped(
        v in anchor_values(),
        minutes in prop::collection::vec(600.5..1439.5f64, ANCHOR_DAYS + 7),
        close_hour in 11u32..24,
    ) {
        let minutes: Vec<Option<f64>> = minutes.into_iter().map(Some).collect();
        let cal = round_the_clock().with_weekday_hours(
            &[Weekday::Fri, Weekday::Sat],
            Some(OpeningHours::new(360, 60 * close_hour).unwrap()),
        );
        let h = anchor_history(&v, cal.clone());
        let grid = anchor_next_week();
        for inner in anchored_inner_methods() {
            let name = inner.name();
            let m = AnchoredShape::new(inner.clone(), anchors_from(&minutes), &FRI_SAT);
            let fitted = m.fit(&h).unwrap();
            prop_assert_eq!(fitted.reference_minute(), None);
            let f = fitted.predict(&grid).unwrap();
            let plain = inner.fit(&h).unwrap().predict(&grid).unwrap();
            prop_assert_eq!(f.values(), plain.values(), "{}", name);
            // Open to midnight, the same days are anchored.
            let open = m.fit(&anchor_history(&v, round_the_clock())).unwrap();
            prop_assert!(open.reference_minute().is_some());
        }
        // The wider (closed-slot) calendar of the other tests: weekdays
        // 06:00-22:00, weekends closed.
        let h = history(&v);
        let grid = next_week();
        for inner in anchored_inner_methods() {
            let fitted = AnchoredShape::new(inner.clone(), anchors_from(&minutes), &FRI_SAT).fit(&h).unwrap();
            prop_assert_eq!(fitted.reference_minute(), None);
            let plain = inner.fit(&h).unwrap().predict(&grid).unwrap();
            let f = fitted.predict(&grid).unwrap();
            prop_assert_eq!(f.values(), plain.values());
        }
    }
}

/// Weeks of history in [`anchored_naive_follows_a_moving_event`].
const PLANTED_WEEKS: u64 = 6;

/// A planted event: 30-minute slots, round the clock, `PLANTED_WEEKS`
/// weeks from [`first`]. Weekdays have a fixed shape; on Saturday `w`
/// (`w = 0, 1, ...`) `morning` calls arrive in each slot before 10:00,
/// none from 10:00 to the anchor `a0 + w·d`, and `rush` calls spread
/// uniformly from the anchor to midnight. Returns the values of day `day`
/// (also past the history).
fn planted_day(day: u64, morning: f64, rush: f64, a0: f64, d: f64) -> Vec<f64> {
    let w = day / 7;
    let a = a0 + w as f64 * d;
    (0..48)
        .map(|s| {
            let (s0, s1) = (30.0 * s as f64, 30.0 * (s + 1) as f64);
            if day % 7 != 5 {
                10.0 + (s % 12) as f64
            } else if s1 <= 600.0 {
                morning
            } else {
                rush * (s1 - s0.max(a)).max(0.0) / (1440.0 - a)
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Saturday's calls start at its anchor, which moves 30-45 minutes a
    /// week. Anchored seasonal naive puts the next Saturday's rush after
    /// its own anchor (at most a quarter slot of the last Saturday's rush
    /// leaks before the anchor's slot, from spreading the anchor's slot
    /// over its span) and is closer to that Saturday than plain seasonal
    /// naive, which repeats last week's clock times (half its error or less).
    #[test]
    fn anchored_naive_follows_a_moving_event(
        a0 in 900.0..1100.0f64,
        step in 30.0..45.0f64,
        later in any::<bool>(),
        morning in 0.0..10.0f64,
        rush in 50.0..500.0f64,
    ) {
        let d = if later { step } else { -step };
        let days = 7 * PLANTED_WEEKS;
        let grid =
            IntervalGrid::local_days(first(), days as usize, Duration::from_secs(1800), UTC).unwrap();
        let values: Vec<f64> = (0..days).flat_map(|k| planted_day(k, morning, rush, a0, d)).collect();
        let s = IntervalSeries::from_fn(grid, |i, _| Some(values[i]));
        let h = History::new(&s, Calendar::new(UTC)).unwrap();
        let anchors = (0..=PLANTED_WEEKS).fold(DailyAnchors::new(), |a, w| {
            a.with_time(first() + Days::new(7 * w + 5), a0 + w as f64 * d).unwrap()
        });
        let sat_day = 7 * PLANTED_WEEKS + 5;
        let sat = first() + Days::new(sat_day);
        let lead = h.lead_days(sat);
        let truth = planted_day(sat_day, morning, rush, a0, d);
        let anchored = AnchoredShape::new(SeasonalNaive::new(), anchors, &[DayType::Weekday(Weekday::Sat)])
            .fit(&h)
            .unwrap()
            .forecast_day(sat, lead)
            .unwrap();
        let plain = SeasonalNaive::new().fit(&h).unwrap().forecast_day(sat, lead).unwrap();
        let a_next = a0 + PLANTED_WEEKS as f64 * d;
        let a_last = a_next - d;
        let anchor_slot = (a_next / 30.0).floor() as usize;
        let leak = 30.0 / 4.0 * rush / (1440.0 - a_last);
        let before: f64 = anchored[20..anchor_slot].iter().sum();
        let after: f64 = anchored[anchor_slot..].iter().sum();
        prop_assert!(before <= leak + 1e-9, "{before} before the anchor slot, leak bound {leak}");
        prop_assert!(after >= rush - leak - 1e-9, "{after} of {rush} from the anchor slot on");
        // The morning keeps its clock times.
        for x in &anchored[..20] {
            prop_assert!((x - morning).abs() <= 1e-9 * (1.0 + morning));
        }
        let err = |f: &[f64]| f.iter().zip(&truth).map(|(x, y)| (x - y).abs()).sum::<f64>();
        let (ea, ep) = (err(&anchored), err(&plain));
        // At most a fifth of plain's error over 3,000 cases; half is the bar.
        prop_assert!(ea < 0.5 * ep, "anchored {ea} vs plain {ep}");
    }
}

/// Days of history in the catch-up tests: six weeks from [`first`].
const CU_DAYS: usize = 42;
/// Days forecast after the catch-up history: two weeks.
const CU_AHEAD: usize = 14;

/// [`CU_DAYS`] days of hourly history from [`first`] under `cal`,
/// interval `i` holding `value(i)`.
fn cu_history(cal: Calendar, value: impl Fn(usize) -> f64) -> History {
    let grid = IntervalGrid::local_days(first(), CU_DAYS, Duration::from_secs(3600), UTC).unwrap();
    let s = IntervalSeries::from_fn(grid, |i, _| Some(value(i)));
    History::new(&s, cal).unwrap()
}

/// The [`CU_AHEAD`] days after [`cu_history`].
fn cu_horizon() -> IntervalGrid {
    IntervalGrid::local_days(
        first() + Days::new(CU_DAYS as u64),
        CU_AHEAD,
        Duration::from_secs(3600),
        UTC,
    )
    .unwrap()
}

/// The last date of [`cu_horizon`].
fn cu_last() -> NaiveDate {
    first() + Days::new((CU_DAYS + CU_AHEAD - 1) as u64)
}

/// Inner methods the catch-up days are tested around.
fn cu_inner_methods() -> Vec<AnyMethod> {
    vec![
        AnyMethod::from(SeasonalNaive::new()),
        AnyMethod::from(WeightedIndex::new(4).unwrap()),
        AnyMethod::from(LevelShape::new()),
    ]
}

/// Weekends closed ([`calendar`]) or only Sundays closed
/// ([`round_the_clock`]).
fn cu_calendar(round: bool) -> Calendar {
    if round { round_the_clock() } else { calendar() }
}

/// A special day a catch-up day can follow: 0 closed, 1 an open holiday,
/// 2 like a Saturday; 3 a holiday eve and 4 a sale day are worked and
/// never followed by a catch-up day.
fn cu_special_day(kind: u8) -> SpecialDay {
    SpecialDay::new(match kind {
        0 => DayType::Closed,
        1 => DayType::Holiday,
        2 => DayType::Weekday(Weekday::Sat),
        3 => DayType::HolidayEve,
        _ => DayType::Custom("sale".into()),
    })
}

/// `cal` with a special day of kind `kind` (see [`cu_special_day`]) on
/// each `(days after first(), kind)`.
fn with_special_days(cal: Calendar, days: &[(u64, u8)]) -> Calendar {
    days.iter().fold(cal, |c, (k, kind)| {
        c.with_special_day(first() + Days::new(*k), cu_special_day(*kind))
    })
}

/// Catch-up days around `inner`, with rest days `rest` (weekday numbers
/// from Monday = 0; `None`: the calendar's closed weekdays).
fn catch_up(inner: AnyMethod, rest: Option<&[u8]>) -> CatchUp<AnyMethod> {
    let m = CatchUp::new(inner);
    match rest {
        Some(r) => {
            let days: Vec<Weekday> = r.iter().map(|x| Weekday::try_from(*x).unwrap()).collect();
            m.with_rest_days(&days)
        }
        None => m,
    }
}

/// Whether `date` is a catch-up day by [`CatchUp`]'s definition: not a
/// special day, not a rest day and open; and walking back from it over
/// regular rest days (at most seven days), the first day reached is a
/// special day that is not worked (closed, a holiday, or like a rest day).
fn cu_is_catch_up(cal: &Calendar, rest: Option<&[u8]>, date: NaiveDate) -> bool {
    use servops_forecast::chrono::Datelike;
    let is_rest = |w: Weekday| match rest {
        Some(r) => r.contains(&(w.num_days_from_monday() as u8)),
        None => cal.weekday_hours(w).is_none(),
    };
    if cal.special_day(date).is_some() || is_rest(date.weekday()) || cal.hours(date).is_none() {
        return false;
    }
    let mut day = date;
    for _ in 0..7 {
        day = day.pred_opt().unwrap();
        match cal.special_day(day).map(|s| s.day_type()) {
            Some(DayType::Closed | DayType::Holiday) => return true,
            Some(DayType::Weekday(w)) => return is_rest(*w),
            Some(_) => return false,
            None if is_rest(day.weekday()) => {}
            None => return false,
        }
    }
    false
}

/// `(ē, g)` of [`CatchUp`]'s formula from the day totals of `h`, with the
/// rest days `rest` and window `w` (`None`: no catch-up day with a ratio,
/// or fewer than two regular ratios).
fn cu_formula(h: &History, rest: Option<&[u8]>, w: i64) -> Option<(f64, f64)> {
    let cal = h.calendar();
    // The days that are not special days, with a positive total: date,
    // type, total, whether a catch-up day.
    let days: Vec<(NaiveDate, DayType, f64, bool)> = h
        .dates()
        .into_iter()
        .filter(|d| cal.special_day(*d).is_none())
        .map(|d| {
            let total = h.day_values(d).unwrap().iter().sum::<f64>();
            (d, cal.day_type(d), total, cu_is_catch_up(cal, rest, d))
        })
        .filter(|x| x.2 > 0.0)
        .collect();
    let (mut regular, mut excess) = (Vec::new(), Vec::new());
    for (d, t, y, c) in &days {
        let refs: Vec<f64> = days
            .iter()
            .filter(|(d2, t2, _, c2)| t2 == t && d2 != d && !c2 && (*d2 - *d).num_days().abs() <= w)
            .map(|x| x.2)
            .collect();
        if refs.len() < 2 {
            continue;
        }
        let r = y.ln() - (refs.iter().sum::<f64>() / refs.len() as f64).ln();
        if *c { excess.push(r) } else { regular.push(r) }
    }
    if excess.is_empty() || regular.len() < 2 {
        return None;
    }
    let k = regular.len() as f64;
    let r_bar = regular.iter().sum::<f64>() / k;
    let s2 = regular.iter().map(|r| (r - r_bar).powi(2)).sum::<f64>() / (k - 1.0);
    let n = excess.len() as f64;
    let e_bar = excess.iter().map(|e| e - r_bar).sum::<f64>() / n;
    Some((e_bar, e_bar * (1.0 - s2 / (n * e_bar * e_bar)).max(0.0)))
}

/// Hourly values of [`cu_history`], a quarter of them 0.
fn cu_values() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(
        prop_oneof![3 => 0.0..500.0f64, 1 => Just(0.0)],
        CU_DAYS * SLOTS,
    )
}

/// `v` with every catch-up day of the history (under `cal` and the rest
/// days `rest`) multiplied by `surge`.
fn cu_surged(v: &[f64], surge: f64, cal: &Calendar, rest: Option<&[u8]>) -> Vec<f64> {
    let end = first() + Days::new(CU_DAYS as u64 - 1);
    let past =
        catch_up(AnyMethod::from(SeasonalNaive::new()), rest).catch_up_days(cal, first(), end);
    v.iter()
        .enumerate()
        .map(|(i, x)| {
            let date = first() + Days::new((i / SLOTS) as u64);
            if past.contains(&date) { x * surge } else { *x }
        })
        .collect()
}

/// The surge on the history's catch-up days: none, or a random factor
/// (below 1 too).
fn cu_surge() -> impl Strategy<Value = f64> {
    prop_oneof![Just(1.0), 0.5..3.0f64]
}

/// Closed days, open holidays and days like a Saturday anywhere in the
/// history and the horizon.
fn cu_holidays() -> impl Strategy<Value = Vec<(u64, u8)>> {
    prop::collection::vec((0..(CU_DAYS + CU_AHEAD) as u64, 0u8..3), 1..10)
}

/// Rest days: none given (the calendar's), or up to three weekdays with
/// repeats.
fn cu_rest_days() -> impl Strategy<Value = Option<Vec<u8>>> {
    prop::option::of(prop::collection::vec(0u8..7, 0..4))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn catch_up_forecasts_are_finite_non_negative_and_zero_when_closed(
        v in cu_values(),
        holidays in cu_holidays(),
        rest in cu_rest_days(),
        round in any::<bool>(),
        surge in cu_surge(),
    ) {
        let cal = with_special_days(cu_calendar(round), &holidays);
        let v = cu_surged(&v, surge, &cal, rest.as_deref());
        let h = cu_history(cal.clone(), |i| v[i]);
        let grid = cu_horizon();
        for inner in cu_inner_methods() {
            let name = inner.name();
            let fitted = catch_up(inner, rest.as_deref()).fit(&h).unwrap();
            prop_assert!(fitted.multiplier().is_finite() && fitted.multiplier() > 0.0);
            let f = fitted.predict(&grid).unwrap();
            for (i, x) in f.values().iter().enumerate() {
                prop_assert!(x.is_finite() && *x >= 0.0, "{name} gave {x}");
                let date = grid.local_date(i, UTC).unwrap();
                let minute = grid.local_minute_of_day(i, UTC).unwrap();
                if !cal.is_open(date, minute) {
                    prop_assert_eq!(*x, 0.0);
                }
            }
        }
    }

    /// The multiplier is a ratio of counts: scaling the history leaves it
    /// as it is and scales every forecast.
    #[test]
    fn catch_up_scales_with_the_history(
        v in cu_values(),
        holidays in cu_holidays(),
        rest in cu_rest_days(),
        round in any::<bool>(),
        surge in cu_surge(),
        k in 0.1..20.0f64,
    ) {
        let cal = with_special_days(cu_calendar(round), &holidays);
        let v = cu_surged(&v, surge, &cal, rest.as_deref());
        let h1 = cu_history(cal.clone(), |i| v[i]);
        let h2 = cu_history(cal, |i| v[i] * k);
        let grid = cu_horizon();
        for inner in cu_inner_methods() {
            let name = inner.name();
            let m = catch_up(inner, rest.as_deref());
            let (f1, f2) = (m.fit(&h1).unwrap(), m.fit(&h2).unwrap());
            prop_assert_eq!(f1.instances(), f2.instances());
            prop_assert!((f1.multiplier() - f2.multiplier()).abs() <= 1e-9 * f2.multiplier(), "{} vs {}", f1.multiplier(), f2.multiplier());
            let (p1, p2) = (f1.predict(&grid).unwrap(), f2.predict(&grid).unwrap());
            for (a, b) in p1.values().iter().zip(p2.values()) {
                prop_assert!((a * k - b).abs() <= 1e-6 * (1.0 + b.abs()), "{name}: {a} * {k} vs {b}");
            }
        }
    }

    /// No special days, or only worked ones (holiday eves, sale days): no
    /// catch-up day in the history or the horizon, and the wrapper is the
    /// inner method, bit for bit.
    #[test]
    fn catch_up_without_catch_up_days_is_the_inner_method(
        v in cu_values(),
        worked in prop::collection::vec((0..(CU_DAYS + CU_AHEAD) as u64, 3u8..5), 0..8),
        rest in cu_rest_days(),
        round in any::<bool>(),
    ) {
        let grid = cu_horizon();
        for cal in [cu_calendar(round), with_special_days(cu_calendar(round), &worked)] {
            let h = cu_history(cal.clone(), |i| v[i]);
            for inner in cu_inner_methods() {
                let name = inner.name();
                let m = catch_up(inner.clone(), rest.as_deref());
                prop_assert!(m.catch_up_days(&cal, first(), cu_last()).is_empty());
                let fitted = m.fit(&h).unwrap();
                prop_assert_eq!(fitted.instances(), 0);
                prop_assert_eq!(fitted.raw_multiplier(), None);
                prop_assert_eq!(fitted.multiplier(), 1.0);
                let plain = inner.fit(&h).unwrap().predict(&grid).unwrap();
                let f = fitted.predict(&grid).unwrap();
                prop_assert_eq!(f.values(), plain.values(), "{}", name);
            }
        }
    }

    /// With catch-up days anywhere: a day that is not a catch-up day is
    /// forecast exactly as the inner method fitted on the adjusted history
    /// forecasts it, and a catch-up day is that forecast times the
    /// multiplier. The days marked, and the ones `catch_up_days` lists,
    /// are the ones the definition names.
    #[test]
    fn catch_up_multiplies_only_catch_up_days(
        v in cu_values(),
        holidays in cu_holidays(),
        rest in cu_rest_days(),
        round in any::<bool>(),
        surge in cu_surge(),
    ) {
        let cal = with_special_days(cu_calendar(round), &holidays);
        let v = cu_surged(&v, surge, &cal, rest.as_deref());
        let h = cu_history(cal.clone(), |i| v[i]);
        let grid = cu_horizon();
        for inner in cu_inner_methods() {
            let name = inner.name();
            let m = catch_up(inner, rest.as_deref());
            let listed = m.catch_up_days(&cal, first(), cu_last());
            let fitted = m.fit(&h).unwrap();
            for k in 0..(CU_DAYS + CU_AHEAD) as u64 {
                let date = first() + Days::new(k);
                let want = cu_is_catch_up(&cal, rest.as_deref(), date);
                prop_assert_eq!(fitted.is_catch_up(date), want, "{}", date);
                prop_assert_eq!(listed.contains(&date), want, "{}", date);
            }
            let mult = fitted.multiplier();
            let f = fitted.predict(&grid).unwrap();
            let plain = fitted.inner().predict(&grid).unwrap();
            for (i, (x, y)) in f.values().iter().zip(plain.values()).enumerate() {
                let date = grid.local_date(i, UTC).unwrap();
                if fitted.is_catch_up(date) {
                    prop_assert_eq!(*x, y * mult, "{} {}", name, date);
                } else {
                    prop_assert_eq!(*x, *y, "{} {}", name, date);
                }
            }
        }
    }

    /// The multiplier is shrunk toward 1: it lies between 1 and the raw
    /// mean excess, and strictly closer to 1 than the raw one when the
    /// regular days vary (random counts: `σ² > 0`). Without catch-up days
    /// with a ratio it is exactly 1.
    #[test]
    fn catch_up_multiplier_is_shrunk_toward_one(
        v in cu_values(),
        holidays in cu_holidays(),
        rest in cu_rest_days(),
        round in any::<bool>(),
        surge in cu_surge(),
        window in 7u32..60,
    ) {
        let cal = with_special_days(cu_calendar(round), &holidays);
        let v = cu_surged(&v, surge, &cal, rest.as_deref());
        let h = cu_history(cal, |i| v[i]);
        let fitted = catch_up(AnyMethod::from(SeasonalNaive::new()), rest.as_deref())
            .with_window_days(window)
            .unwrap()
            .fit(&h)
            .unwrap();
        let m = fitted.multiplier();
        prop_assert_eq!(fitted.instances() == 0, fitted.raw_multiplier().is_none());
        match fitted.raw_multiplier() {
            None => prop_assert_eq!(m, 1.0),
            Some(raw) => {
                prop_assert!(raw.is_finite() && raw > 0.0, "{}", raw);
                prop_assert!(m >= raw.min(1.0) && m <= raw.max(1.0), "{m} outside [1, {raw}]");
                if raw != 1.0 {
                    prop_assert!(m.ln().abs() < raw.ln().abs(), "{m} not shrunk from {raw}");
                }
            }
        }
    }

    /// The multiplier follows its formula: on random counts (a random
    /// surge on the history's catch-up days in most cases) the raw and
    /// shrunk log multipliers are `ē` and `g` computed from the day totals.
    #[test]
    fn catch_up_multiplier_follows_its_formula(
        v in cu_values(),
        holidays in cu_holidays(),
        rest in cu_rest_days(),
        round in any::<bool>(),
        surge in cu_surge(),
        window in 7u32..60,
    ) {
        let cal = with_special_days(cu_calendar(round), &holidays);
        let v = cu_surged(&v, surge, &cal, rest.as_deref());
        let h = cu_history(cal, |i| v[i]);
        let fitted = catch_up(AnyMethod::from(SeasonalNaive::new()), rest.as_deref())
            .with_window_days(window)
            .unwrap()
            .fit(&h)
            .unwrap();
        match cu_formula(&h, rest.as_deref(), i64::from(window)) {
            None => {
                prop_assert_eq!(fitted.instances(), 0);
                prop_assert_eq!(fitted.multiplier(), 1.0);
            }
            Some((e_bar, g)) => {
                let raw = fitted.raw_multiplier().unwrap().ln();
                prop_assert!((raw - e_bar).abs() < 1e-9, "ē {} vs {}", raw, e_bar);
                let m = fitted.multiplier().ln();
                prop_assert!((m - g).abs() < 1e-9, "g {} vs {}", m, g);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// A planted effect is recovered: exact data, every day its type's
    /// level times one intraday pattern, and the `j`-th catch-up day of
    /// the history `p_j` times its level: the same `p` for all in half the
    /// cases, else drawn from two or three. The multiplier is their
    /// geometric mean (`p`); the inner model is fitted on the history
    /// without the surge (each day divided by its own excess, so its
    /// forecasts are the inner method's on that history), and the forecast
    /// of a catch-up day in the horizon is the multiplier times that
    /// regular forecast.
    #[test]
    fn catch_up_recovers_a_planted_effect(
        by_weekday in prop::collection::vec(10.0..400.0f64, 7),
        holiday_level in 5.0..50.0f64,
        pattern in prop::collection::vec(0.1..2.0f64, SLOTS),
        ps in prop_oneof![
            prop::collection::vec(1.1..2.0f64, 1),
            prop::collection::vec(1.1..2.0f64, 2..4),
        ],
        holidays in prop::collection::vec((7..35u64, 0u8..3), 1..4),
        ahead in 0..10u64,
        rest in cu_rest_days(),
        round in any::<bool>(),
    ) {
        let cal = with_special_days(cu_calendar(round), &holidays)
            .with_special_day(first() + Days::new(CU_DAYS as u64 + ahead), cu_special_day(0));
        let end = first() + Days::new(CU_DAYS as u64 - 1);
        // The window spans the whole history, so every catch-up day has
        // at least two regular days of its type to compare with.
        let probe = catch_up(AnyMethod::from(SeasonalNaive::new()), rest.as_deref())
            .with_window_days(CU_DAYS as u32)
            .unwrap();
        let past = probe.catch_up_days(&cal, first(), end);
        let future = probe.catch_up_days(&cal, end + Days::new(1), cu_last());
        prop_assume!(!past.is_empty() && !future.is_empty());
        let regular = |i: usize| {
            let date = first() + Days::new((i / SLOTS) as u64);
            let level = match cal.day_type(date) {
                DayType::Weekday(w) => by_weekday[w.num_days_from_monday() as usize],
                DayType::Holiday => holiday_level,
                _ => 0.0,
            };
            level * pattern[i % SLOTS]
        };
        let surged = |i: usize| {
            let date = first() + Days::new((i / SLOTS) as u64);
            regular(i) * past.iter().position(|d| *d == date).map_or(1.0, |j| ps[j % ps.len()])
        };
        let p = ((0..past.len()).map(|j| ps[j % ps.len()].ln()).sum::<f64>() / past.len() as f64).exp();
        let h = cu_history(cal.clone(), surged);
        let plain_h = cu_history(cal.clone(), regular);
        let grid = cu_horizon();
        for inner in cu_inner_methods() {
            let name = inner.name();
            let m = catch_up(inner.clone(), rest.as_deref())
                .with_window_days(CU_DAYS as u32)
                .unwrap();
            let fitted = m.fit(&h).unwrap();
            prop_assert_eq!(fitted.instances(), past.len());
            prop_assert!((fitted.multiplier() - p).abs() < 1e-9, "{}: {} vs {}", name, fitted.multiplier(), p);
            prop_assert!((fitted.raw_multiplier().unwrap() - p).abs() < 1e-9);
            let want = inner.fit(&plain_h).unwrap().predict(&grid).unwrap();
            let adjusted = fitted.inner().predict(&grid).unwrap();
            let f = fitted.predict(&grid).unwrap();
            for (i, ((x, a), y)) in f.values().iter().zip(adjusted.values()).zip(want.values()).enumerate() {
                let tol = 1e-9 * (1.0 + y.abs());
                prop_assert!((a - y).abs() <= tol, "{name}: adjusted {a} vs {y}");
                let date = grid.local_date(i, UTC).unwrap();
                let y = if future.contains(&date) { p * y } else { *y };
                prop_assert!((x - y).abs() <= tol, "{name} {date}: {x} vs {y}");
            }
        }
    }
}
