//! Bad input gives typed errors or documented handling, never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use servops_core::{IntervalGrid, IntervalSeries};
use servops_forecast::chrono::{DateTime, NaiveDate, Utc, Weekday};
use servops_forecast::chrono_tz::{Europe::London, UTC};
use servops_forecast::{
    AnyMethod, Backtest, BestPick, Calendar, CatchUp, CsvSpec, DayType, DoubleSeasonal, Error,
    FittedModel, FittedTopDown, HandleTime, History, LevelShape, Method, NegativeBinomial,
    OpeningHours, SeasonalNaive, Selection, SpecialDay, SvdFactor, TimestampFormat, TopDown,
    WeightedIndex, Weights, read_csv,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn spec() -> CsvSpec {
    CsvSpec::new(
        "t",
        "n",
        Duration::from_secs(900),
        UTC,
        TimestampFormat::Rfc3339,
    )
}

#[test]
fn csv_errors_name_the_line() {
    let cases = [
        ("t,n\n2026-03-02T00:00:00Z,NaN\n", 2),
        ("t,n\n2026-03-02T00:00:00Z,1\n2026-03-02T00:15:00Z,-3\n", 3),
        ("t,n\n2026-03-02T00:00:00Z,1\nnot a time,2\n", 3),
        ("t,n\n2026-03-02T00:00:00Z,1\n2026-03-02T00:20:00Z,2\n", 3),
        ("t,n\n2026-03-02T00:00:00Z,1\n2026-03-02T00:15:00Z\n", 3),
    ];
    for (text, line) in cases {
        match read_csv(text.as_bytes(), &spec()) {
            Err(Error::Csv { line: l, .. }) => assert_eq!(l, line, "{text}"),
            other => panic!("{text}: {other:?}"),
        }
    }
    assert!(matches!(
        read_csv("x,n\n".as_bytes(), &spec()),
        Err(Error::Csv { line: 1, .. })
    ));
    assert!(matches!(
        read_csv("t,n\n".as_bytes(), &spec()),
        Err(Error::InvalidParameter { .. })
    ));
    let unsorted = "t,n\n2026-03-02T01:00:00Z,1\n2026-03-02T00:15:00Z,2\n";
    assert!(matches!(
        read_csv(unsorted.as_bytes(), &spec()),
        Err(Error::UnsortedTimestamp { line: 3, .. })
    ));
    let dup = "t,n\n2026-03-02T00:00:00Z,1\n2026-03-02T00:15:00Z,2\n2026-03-02T00:00:00Z,2\n";
    assert!(matches!(
        read_csv(dup.as_bytes(), &spec()),
        Err(Error::DuplicateTimestamp {
            first_line: 2,
            line: 4,
            ..
        })
    ));
}

#[test]
fn local_timestamps_in_the_clock_gap_are_errors() {
    let spec = CsvSpec::new(
        "t",
        "n",
        Duration::from_secs(1800),
        London,
        TimestampFormat::Local,
    );
    let text = "t,n\n2026-03-29 00:30,1\n2026-03-29 01:30,1\n";
    assert!(matches!(
        read_csv(text.as_bytes(), &spec),
        Err(Error::Csv { line: 3, .. })
    ));
}

/// A local-time file in time order reads through the autumn fold: London
/// 2026-10-25, 01:00 and 01:30 occur at 00:00 and 00:30 UTC (BST) and again
/// at 01:00 and 01:30 UTC (GMT). Before, the first repeated wall time was
/// an error ("occurs twice"), so no year of local-time history in a zone
/// with summer time could be read.
#[test]
fn local_timestamps_read_through_the_autumn_fold() {
    let spec = |format| CsvSpec::new("t", "n", Duration::from_secs(1800), London, format);
    let text = "t,n\n2026-10-25 00:30,1\n2026-10-25 01:00,2\n2026-10-25 01:30,3\n\
                2026-10-25 01:00,4\n2026-10-25 01:30,5\n2026-10-25 02:00,6\n";
    for format in [TimestampFormat::Local, TimestampFormat::Either] {
        let data = read_csv(text.as_bytes(), &spec(format)).unwrap();
        // 00:30 BST is 23:30 UTC the day before; six half hours in a row.
        assert_eq!(
            data.volume.grid().start(),
            "2026-10-24T23:30:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        let v: Vec<Option<f64>> = (1..=6).map(|x| Some(f64::from(x))).collect();
        assert_eq!(data.volume.values(), v.as_slice());
        assert!(data.gaps.is_empty());
    }
    // The fold hour written once: its second occurrence is a reported gap.
    let once = "t,n\n2026-10-25 00:30,1\n2026-10-25 01:00,2\n2026-10-25 01:30,3\n\
                2026-10-25 02:00,6\n";
    let data = read_csv(once.as_bytes(), &spec(TimestampFormat::Local)).unwrap();
    assert_eq!(
        data.volume.values(),
        &[Some(1.0), Some(2.0), Some(3.0), None, None, Some(6.0)]
    );
    assert_eq!(data.gaps.len(), 1);
    assert_eq!(data.gaps[0].intervals, 2);
    assert_eq!(
        data.gaps[0].start,
        "2026-10-25T01:00:00Z".parse::<DateTime<Utc>>().unwrap()
    );
    // A third row at the same wall time is a duplicate of the second.
    let thrice = "t,n\n2026-10-25 01:00,1\n2026-10-25 01:00,2\n2026-10-25 01:00,3\n";
    assert!(matches!(
        read_csv(thrice.as_bytes(), &spec(TimestampFormat::Local)),
        Err(Error::DuplicateTimestamp {
            first_line: 3,
            line: 4,
            ..
        })
    ));
}

/// `Either` reads RFC 3339 fields with their offset and the rest as local
/// times; `Local` refuses an offset, `Rfc3339` a local time.
#[test]
fn either_format_reads_offsets_and_local_times() {
    let spec = |format| CsvSpec::new("t", "n", Duration::from_secs(1800), London, format);
    let text = "t,n\n2026-07-01T07:00:00Z,1\n2026-07-01 08:30,2\n";
    let data = read_csv(text.as_bytes(), &spec(TimestampFormat::Either)).unwrap();
    // 08:30 BST is 07:30 UTC, the next half hour.
    assert_eq!(data.volume.values(), &[Some(1.0), Some(2.0)]);
    assert!(matches!(
        read_csv(text.as_bytes(), &spec(TimestampFormat::Local)),
        Err(Error::Csv { line: 2, .. })
    ));
    assert!(matches!(
        read_csv(text.as_bytes(), &spec(TimestampFormat::Rfc3339)),
        Err(Error::Csv { line: 3, .. })
    ));
    let bad = "t,n\n2026-07-01T07:00:00Z,1\nyesterday,2\n";
    match read_csv(bad.as_bytes(), &spec(TimestampFormat::Either)) {
        Err(Error::Csv {
            line: 3, message, ..
        }) => assert!(message.contains("neither"), "{message}"),
        other => panic!("{other:?}"),
    }
    // A local time in the spring gap keeps its own error.
    let gap = "t,n\n2026-03-29 00:30,1\n2026-03-29 01:30,1\n";
    match read_csv(gap.as_bytes(), &spec(TimestampFormat::Either)) {
        Err(Error::Csv {
            line: 3, message, ..
        }) => assert!(!message.contains("neither"), "{message}"),
        other => panic!("{other:?}"),
    }
}

fn week_grid(days: usize) -> IntervalGrid {
    IntervalGrid::local_days(d("2026-03-02"), days, Duration::from_secs(3600), UTC).unwrap()
}

#[test]
fn empty_and_short_histories_say_what_is_needed() {
    let all_missing = IntervalSeries::filled(week_grid(2), None);
    let h = History::new(&all_missing, Calendar::new(UTC)).unwrap();
    assert_eq!(h.complete_days(), 0);
    for m in [
        AnyMethod::from(SeasonalNaive::new()),
        AnyMethod::from(WeightedIndex::new(4).unwrap()),
        AnyMethod::from(TopDown::new()),
        AnyMethod::from(DoubleSeasonal::new()),
        AnyMethod::from(LevelShape::new()),
        AnyMethod::from(SvdFactor::new()),
    ] {
        assert!(
            matches!(m.fit(&h), Err(Error::TooShort { .. })),
            "{}",
            m.name()
        );
    }
    // One Monday only: a Tuesday has no history of its type.
    let one = History::new(
        &IntervalSeries::filled(week_grid(1), Some(1.0)),
        Calendar::new(UTC),
    )
    .unwrap();
    let f = SeasonalNaive::new().fit(&one).unwrap();
    assert!(matches!(
        f.forecast_day(d("2026-03-03"), 1),
        Err(Error::TooShort {
            needed: 1,
            found: 0,
            ..
        })
    ));
    // Level x shape: a day type absent from the history is a typed error.
    let ls = LevelShape::new().fit(&one).unwrap();
    assert!(matches!(
        ls.forecast_day(d("2026-03-03"), 1),
        Err(Error::TooShort {
            needed: 1,
            found: 0,
            ..
        })
    ));
    // SVD factor: the same for a day type absent from the history.
    let sf = SvdFactor::new().fit(&one).unwrap();
    assert!(matches!(
        sf.forecast_day(d("2026-03-03"), 1),
        Err(Error::TooShort {
            needed: 1,
            found: 0,
            ..
        })
    ));
    assert!(sf.forecast_day(d("2026-03-09"), 1).is_ok());
    assert!(SvdFactor::new().with_window(10, f64::NAN).is_err());
    assert!(SvdFactor::new().with_components(21).is_err());
    assert!(LevelShape::new().with_level(3, f64::NAN).is_err());
    assert!(LevelShape::new().with_profile(5, 1, 0.5, f64::NAN).is_err());
    let bt = Backtest::rolling(7, 7, 4).unwrap();
    assert!(matches!(
        bt.run(&AnyMethod::from(SeasonalNaive::new()), &one),
        Err(Error::TooShort {
            method: "backtest",
            ..
        })
    ));
    let empty = IntervalSeries::<Option<f64>>::new(week_grid(0), vec![]).unwrap();
    assert!(History::new(&empty, Calendar::new(UTC)).is_err());
}

#[test]
fn nan_and_negative_history_values_are_rejected() {
    for bad in [f64::NAN, -1.0, f64::INFINITY] {
        let s = IntervalSeries::from_fn(week_grid(1), |i, _| Some(if i == 7 { bad } else { 1.0 }));
        assert!(matches!(
            History::new(&s, Calendar::new(UTC)),
            Err(Error::InvalidValue { index: 7, .. })
        ));
    }
}

#[test]
fn grids_that_do_not_match_the_calendar_are_errors() {
    // 30-minute grid starting at 07:10: off the clock slots.
    let g = IntervalGrid::new(
        "2026-03-02T07:10:00Z".parse().unwrap(),
        Duration::from_secs(1800),
        4,
    )
    .unwrap();
    assert!(matches!(
        History::new(&IntervalSeries::filled(g, Some(1.0)), Calendar::new(UTC)),
        Err(Error::CalendarMismatch { .. })
    ));
    let h = History::new(
        &IntervalSeries::filled(week_grid(14), Some(1.0)),
        Calendar::new(UTC),
    )
    .unwrap();
    let f = SeasonalNaive::new().fit(&h).unwrap();
    // Different step.
    let g15 = IntervalGrid::local_days(d("2026-03-16"), 1, Duration::from_secs(900), UTC).unwrap();
    assert!(matches!(
        f.predict(&g15),
        Err(Error::CalendarMismatch { .. })
    ));
    // Overlapping the history.
    let g = IntervalGrid::local_days(d("2026-03-15"), 1, Duration::from_secs(3600), UTC).unwrap();
    assert!(matches!(
        f.predict(&g),
        Err(Error::ForecastOverlapsHistory { .. })
    ));
}

#[test]
fn dst_days_have_23_and_25_hours_and_nothing_breaks() {
    // London, 30-minute intervals, four weeks across the spring change
    // (2026-03-29) and a forecast across the autumn change (2026-10-25).
    let step = Duration::from_secs(1800);
    let grid = IntervalGrid::local_days(d("2026-03-09"), 28, step, London).unwrap();
    let s = IntervalSeries::from_fn(grid, |i, _| {
        let m = grid.local_minute_of_day(i, London).unwrap();
        Some(if (480..1200).contains(&m) { 10.0 } else { 1.0 })
    });
    let cal = Calendar::new(London);
    let h = History::new(&s, cal).unwrap();
    assert_eq!(h.complete_days(), 27); // the 23-hour day misses the 01:00-02:00 clock slots
    let f = WeightedIndex::new(3).unwrap().fit(&h).unwrap();
    let g = IntervalGrid::local_days(d("2026-04-06"), 1, step, London).unwrap();
    let v = f.predict(&g).unwrap();
    assert!((v.values()[20] - 10.0).abs() < 1e-9);
    // Opening hours 08:00-20:00: the DST change at night changes nothing open,
    // so the 23-hour day is complete and forecasts keep 08:00 at 08:00 local.
    let cal = Calendar::new(London).with_weekday_hours(
        &[
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ],
        Some(OpeningHours::new(480, 1200).unwrap()),
    );
    let h = History::new(&s, cal).unwrap();
    assert_eq!(h.complete_days(), 28);
    let f = SeasonalNaive::new().fit(&h).unwrap();
    let autumn = IntervalGrid::local_days(d("2026-10-25"), 1, step, London).unwrap();
    assert_eq!(autumn.len(), 50);
    let v = f.predict(&autumn).unwrap();
    for (i, x) in v.values().iter().enumerate() {
        let m = autumn.local_minute_of_day(i, London).unwrap();
        assert_eq!(*x, if (480..1200).contains(&m) { 10.0 } else { 0.0 });
    }
}

#[test]
fn clocks_going_back_across_midnight_average_by_clock_date() {
    // America/St_Johns (UTC-2:30 in summer, -3:30 in winter) until 2011 put
    // its clocks back at 00:01 on a Sunday to 23:01 on the Saturday. On
    // 2006-10-29 that is 02:31 UTC, so with 15-minute intervals the clock
    // reads Sat 23:45 (02:15 UTC), Sun 00:00 (02:30), Sat 23:15 (02:45),
    // 23:30 (03:00), 23:45 (03:15), Sun 00:00 (03:30): Saturday's slots
    // 93-95 and Sunday's slot 0 are each read twice. Worked out by hand
    // from the offsets; the test checks the offsets against chrono-tz.
    use servops_forecast::chrono_tz::America::St_Johns;
    let step = Duration::from_secs(900);
    let first = d("2006-10-14");
    let grid = IntervalGrid::local_days(first, 22, step, St_Johns).unwrap();
    let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
    let index = |s: &str| {
        let t = at(s);
        (0..grid.len())
            .find(|&i| grid.interval_start(i) == Some(t))
            .unwrap()
    };
    let second = [
        "2006-10-29T02:45:00Z",
        "2006-10-29T03:00:00Z",
        "2006-10-29T03:15:00Z",
    ];
    for s in second {
        assert_eq!(
            grid.local_date(index(s), St_Johns),
            Some(d("2006-10-28")),
            "{s}"
        );
    }
    assert_eq!(
        grid.local_minute_of_day(index("2006-10-29T02:30:00Z"), St_Johns),
        Some(0)
    );
    assert_eq!(
        grid.local_minute_of_day(index("2006-10-29T03:30:00Z"), St_Johns),
        Some(0)
    );
    // 1 everywhere, 3 on the second reading of each repeated clock slot:
    // the averaged slots are 2.
    let repeated: Vec<usize> = second
        .iter()
        .chain(&["2006-10-29T03:30:00Z"])
        .map(|s| index(s))
        .collect();
    let s = IntervalSeries::from_fn(grid, |i, _| {
        Some(if repeated.contains(&i) { 3.0 } else { 1.0 })
    });
    let h = History::new(&s, Calendar::new(St_Johns)).unwrap();
    assert_eq!(h.complete_days(), 22);
    assert_eq!(h.incomplete_days(), 0);
    let dates = h.dates();
    assert!(dates.windows(2).all(|w| w[0] < w[1]), "{dates:?}");
    let saturday = h.day_values(d("2006-10-28")).unwrap();
    assert_eq!(&saturday[92..], &[1.0, 2.0, 2.0, 2.0]);
    let sunday = h.day_values(d("2006-10-29")).unwrap();
    assert_eq!(&sunday[..2], &[2.0, 1.0]);
    // A forecast across the same fold gives every interval its clock slot.
    let f = SeasonalNaive::new()
        .fit(&h.before(d("2006-10-28"), None).unwrap())
        .unwrap();
    let weeks = IntervalGrid::local_days(d("2006-10-28"), 2, step, St_Johns).unwrap();
    let v = f.predict(&weeks).unwrap();
    for (i, x) in v.values().iter().enumerate() {
        assert_eq!(*x, 1.0, "interval {i}");
    }
}

#[test]
fn special_days_multipliers_and_overrides() {
    let grid = week_grid(28);
    let s = IntervalSeries::filled(grid, Some(2.0));
    let holiday = d("2026-03-30");
    let cal = Calendar::new(UTC)
        .with_special_day(holiday, SpecialDay::new(DayType::Closed))
        .with_special_day(
            d("2026-03-31"),
            SpecialDay::new(DayType::Weekday(Weekday::Sun))
                .with_multiplier(0.5)
                .unwrap(),
        )
        .with_override(d("2026-04-01"), d("2026-04-01"), 1.1)
        .unwrap();
    let h = History::new(&s, cal).unwrap();
    let f = WeightedIndex::new(2).unwrap().fit(&h).unwrap();
    let g = IntervalGrid::local_days(holiday, 3, Duration::from_secs(3600), UTC).unwrap();
    let v = f.predict(&g).unwrap();
    assert!(v.values()[..24].iter().all(|x| *x == 0.0));
    assert!(v.values()[24..48].iter().all(|x| (x - 1.0).abs() < 1e-9));
    assert!(v.values()[48..].iter().all(|x| (x - 2.2).abs() < 1e-9));
    // A custom type with no history falls back to its weekday.
    let cal = Calendar::new(UTC).with_special_day(
        d("2026-03-30"),
        SpecialDay::new(DayType::Custom("sale".into())),
    );
    let h = History::new(&IntervalSeries::filled(week_grid(28), Some(2.0)), cal).unwrap();
    let f = TopDown::new().fit(&h).unwrap();
    assert!(
        f.forecast_day(d("2026-03-30"), 1)
            .unwrap()
            .iter()
            .all(|x| (x - 2.0).abs() < 1e-6)
    );
}

#[test]
fn best_pick_selects_and_errors_are_typed() {
    assert!(
        BestPick::new(
            vec![],
            Backtest::rolling(1, 1, 1).unwrap(),
            Selection::PerLead
        )
        .is_err()
    );
    let s = IntervalSeries::from_fn(week_grid(42), |i, _| Some(((i * 37) % 11) as f64 + 5.0));
    let h = History::new(&s, Calendar::new(UTC)).unwrap();
    for sel in [
        Selection::PerSeries,
        Selection::PerLead,
        Selection::InverseErrorWeights,
    ] {
        let bp = BestPick::new(
            vec![
                AnyMethod::from(SeasonalNaive::new()),
                AnyMethod::from(WeightedIndex::new(4).unwrap()),
            ],
            Backtest::rolling(7, 7, 2).unwrap(),
            sel,
        )
        .unwrap();
        let f = bp.fit(&h).unwrap();
        for row in f.weights() {
            assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        }
        let g =
            IntervalGrid::local_days(d("2026-04-13"), 7, Duration::from_secs(3600), UTC).unwrap();
        let v = f.predict(&g).unwrap();
        let by_day: Vec<f64> = (0..7)
            .flat_map(|k| {
                f.forecast_day(
                    d("2026-04-13") + servops_forecast::chrono::Days::new(k),
                    k as usize + 1,
                )
                .unwrap()
            })
            .collect();
        for (a, b) in v.values().iter().zip(&by_day) {
            assert!((a - b).abs() < 1e-9);
        }
    }
}

#[test]
fn huge_means_are_errors_not_aborts() {
    use servops_forecast::{DayLevelNegativeBinomial, NegativeBinomial};
    let nb = NegativeBinomial::new(1.0).unwrap();
    assert!(matches!(
        nb.quantile(1e12, 0.5),
        Err(Error::InvalidParameter { name: "mean", .. })
    ));
    assert!(
        NegativeBinomial::new(0.0)
            .unwrap()
            .quantile(1.000001e10, 0.9)
            .is_err()
    );
    assert!(
        DayLevelNegativeBinomial::new(0.5, 1.0)
            .unwrap()
            .quantile(1e12, 0.5)
            .is_err()
    );
}

/// Means up to 1e10 have quantiles at any dispersion (the summation
/// window this replaced refused anything wider than 4e6 counts, such as a
/// mean of 1e5 at dispersion 1). Each value is checked against its
/// distribution's own definition: for a geometric count (dispersion 1,
/// `P(N <= k) = 1 − (μ / (1 + μ))^(k + 1)`), the least `k` with
/// `P(N <= k) >= p` is `ceil(ln(1 − p) / ln(μ / (1 + μ))) − 1`. It is exact
/// while `φμ < 1e7` and within the documented relative `1e-15 φμ` above.
#[test]
fn wide_distributions_have_exact_quantiles() {
    use servops_forecast::{DayLevelNegativeBinomial, NegativeBinomial};
    let geometric = NegativeBinomial::new(1.0).unwrap();
    for mean in [1e5f64, 9.9e6, 1e9, 1e10] {
        for p in [0.001f64, 0.5, 0.9, 0.999] {
            // ln(μ / (1 + μ)) = −ln(1 + 1/μ).
            let expected = ((1.0 - p).ln() / -(1.0 / mean).ln_1p()).ceil() - 1.0;
            let q = geometric.quantile(mean, p).unwrap();
            let allowed = if mean < 1e7 {
                0.0
            } else {
                1e-15 * mean * expected
            };
            assert!(
                (q - expected).abs() <= allowed,
                "mean {mean} p {p}: {q} against {expected}"
            );
        }
    }
    // The day-level mixture accepts the same means.
    let (lo, hi) = DayLevelNegativeBinomial::new(0.5, 1.0)
        .unwrap()
        .interval(1e9, 0.9)
        .unwrap();
    assert!(lo < 1e9 && 1e9 < hi);
}

#[test]
fn day_level_interval_checks_its_coverage() {
    use servops_forecast::DayLevelNegativeBinomial;
    let m = DayLevelNegativeBinomial::new(0.01, 0.002).unwrap();
    for c in [0.0, -0.5, 1.0, 1.5, f64::NAN] {
        assert!(
            matches!(
                m.interval(100.0, c),
                Err(Error::InvalidParameter {
                    name: "coverage",
                    ..
                })
            ),
            "coverage {c}"
        );
    }
    let (lo, hi) = m.interval(100.0, 0.8).unwrap();
    assert_eq!(
        (lo, hi),
        (
            m.quantile(100.0, 0.1).unwrap(),
            m.quantile(100.0, 0.9).unwrap()
        )
    );
}

#[test]
fn a_far_future_row_is_an_error_not_a_huge_allocation() {
    let text = "t,n\n2026-03-02T00:00:00Z,1\n9026-03-02T00:00:00Z,2\n";
    assert!(matches!(
        read_csv(text.as_bytes(), &spec()),
        Err(Error::Csv { line: 3, .. })
    ));
}

#[test]
fn svd_factor_handles_huge_and_zero_histories() {
    // Values near the top of the f64 range: no square overflows.
    for x in [1e200, 0.0] {
        let h = History::new(
            &IntervalSeries::filled(week_grid(21), Some(x)),
            Calendar::new(UTC),
        )
        .unwrap();
        for m in [
            SvdFactor::new(),
            SvdFactor::new().with_scale(servops_forecast::FactorScale::Counts),
        ] {
            let f = m.fit(&h).unwrap();
            let day = f.forecast_day(d("2026-03-23"), 1).unwrap();
            assert!(
                day.iter().all(|v| (v - x).abs() <= 1e-9 * x + 1e-9),
                "{x}: {:?}",
                &day[..3]
            );
        }
    }
}

/// A history of the same value in every interval of `grid`, on UTC.
fn flat(grid: IntervalGrid, v: f64) -> History {
    History::new(&IntervalSeries::filled(grid, Some(v)), Calendar::new(UTC)).unwrap()
}

#[test]
fn handle_time_backtest_errors_are_typed() {
    let calls = flat(week_grid(14), 10.0);
    let secs = flat(week_grid(14), 1800.0);
    let model = HandleTime::new(30.0).unwrap();
    // Too short for the origins: says how many days are needed.
    let e = Backtest::rolling(7, 7, 2)
        .unwrap()
        .run_handle_time(&model, &calls, &secs);
    assert!(
        matches!(
            e,
            Err(Error::TooShort {
                needed: 15,
                found: 14,
                ..
            })
        ),
        "{e:?}"
    );
    // Handle seconds on another step.
    let half_hour =
        IntervalGrid::local_days(d("2026-03-02"), 14, Duration::from_secs(1800), UTC).unwrap();
    let secs30 = History::new(
        &IntervalSeries::filled(half_hour, Some(900.0)),
        Calendar::new(UTC),
    )
    .unwrap();
    let e = Backtest::rolling(7, 7, 1)
        .unwrap()
        .run_handle_time(&model, &calls, &secs30);
    assert!(matches!(e, Err(Error::CalendarMismatch { .. })), "{e:?}");
    // A test day with handled contacts but no handle seconds.
    let short = flat(week_grid(10), 1800.0);
    let e = Backtest::rolling(7, 7, 1)
        .unwrap()
        .run_handle_time(&model, &calls, &short);
    assert!(
        matches!(e, Err(Error::CalendarMismatch { ref reason }) if reason.contains("2026-03-12")),
        "{e:?}"
    );
    // No handled contacts at all: undefined, not 0.
    let zero = flat(week_grid(14), 0.0);
    let e = Backtest::rolling(7, 7, 1)
        .unwrap()
        .run_handle_time(&model, &zero, &zero);
    assert!(
        matches!(e, Err(Error::NoHandledContacts { days: 7 })),
        "no contacts to fit on: {e:?}"
    );
}

#[test]
fn handle_seconds_without_contacts_and_overflowing_seconds() {
    // Hourly: 10 contacts and 1800 s, then 0 contacts and 500 s (talk time
    // booked an hour late), alternating. The level without contacts takes
    // the overall AHT (2300 s / 10 contacts = 230 s) even with a prior
    // weight near 0; the other keeps its own 180 s.
    let grid = week_grid(14);
    let calls = History::new(
        &IntervalSeries::from_fn(grid, |i, _| Some(if i % 2 == 0 { 10.0 } else { 0.0 })),
        Calendar::new(UTC),
    )
    .unwrap();
    let secs = History::new(
        &IntervalSeries::from_fn(grid, |i, _| Some(if i % 2 == 0 { 1800.0 } else { 500.0 })),
        Calendar::new(UTC),
    )
    .unwrap();
    let model = HandleTime::new(1e-281)
        .unwrap()
        .with_day_factor(1e-145)
        .unwrap();
    let aht = model
        .fit(&calls, &secs)
        .unwrap()
        .aht_day(d("2026-03-16"))
        .unwrap();
    assert!((aht[0].unwrap() - 180.0).abs() < 1e-9, "{:?}", aht[0]);
    assert!((aht[1].unwrap() - 230.0).abs() < 1e-9, "{:?}", aht[1]);
    // Seconds near f64::MAX in every interval: the day total overflows,
    // and the history is a typed error.
    let e = History::new(
        &IntervalSeries::filled(grid, Some(1e308)),
        Calendar::new(UTC),
    );
    assert!(
        matches!(
            e,
            Err(Error::InvalidParameter {
                name: "history day total",
                ..
            })
        ),
        "{e:?}"
    );
    // Huge seconds (finite day totals) over a tiny number of contacts: a
    // typed error, not an infinite AHT.
    let tiny = flat(grid, 1e-300);
    let huge = flat(grid, 1e306);
    let e = HandleTime::new(30.0).unwrap().fit(&tiny, &huge);
    assert!(
        matches!(
            e,
            Err(Error::InvalidParameter {
                name: "handle seconds",
                ..
            })
        ),
        "{e:?}"
    );
}

/// Every method, for the catch-up wrapper's error cases.
fn all_methods() -> Vec<AnyMethod> {
    vec![
        AnyMethod::from(SeasonalNaive::new()),
        AnyMethod::from(WeightedIndex::new(4).unwrap()),
        AnyMethod::from(TopDown::new()),
        AnyMethod::from(DoubleSeasonal::new()),
        AnyMethod::from(LevelShape::new()),
        AnyMethod::from(SvdFactor::new()),
    ]
}

/// Weekends closed, and closed holidays on Mondays 2026-03-09, 2026-03-23
/// and 2026-04-06: the Tuesdays after them are catch-up days.
fn catch_up_calendar() -> Calendar {
    ["2026-03-09", "2026-03-23", "2026-04-06"].iter().fold(
        Calendar::new(UTC).with_weekday_hours(&[Weekday::Sat, Weekday::Sun], None),
        |c, x| c.with_special_day(d(x), SpecialDay::new(DayType::Closed)),
    )
}

/// Five weeks of hourly history from 2026-03-02 under
/// [`catch_up_calendar`]: `catch_up` in every interval of the catch-up
/// Tuesdays, `regular` elsewhere.
fn catch_up_history(regular: f64, catch_up: f64) -> History {
    let s = IntervalSeries::from_fn(week_grid(35), |i, _| {
        let day = i / 24;
        Some(if day == 8 || day == 22 {
            catch_up
        } else {
            regular
        })
    });
    History::new(&s, catch_up_calendar()).unwrap()
}

/// The week after [`catch_up_history`]: its Tuesday 2026-04-07 catches up.
fn catch_up_week() -> IntervalGrid {
    IntervalGrid::local_days(d("2026-04-06"), 7, Duration::from_secs(3600), UTC).unwrap()
}

#[test]
fn catch_up_errors_are_typed() {
    for w in [0, 6, 367, u32::MAX] {
        let e = CatchUp::new(SeasonalNaive::new()).with_window_days(w);
        assert!(
            matches!(e, Err(Error::InvalidParameter { .. })),
            "{w}: {e:?}"
        );
    }
    for w in [7, 366] {
        assert_eq!(
            CatchUp::new(SeasonalNaive::new())
                .with_window_days(w)
                .unwrap()
                .window_days(),
            w
        );
    }
    // No complete day: the inner method's own error, whatever it is.
    let all_missing = History::new(
        &IntervalSeries::filled(week_grid(14), None),
        catch_up_calendar(),
    )
    .unwrap();
    for m in all_methods() {
        let inner = m.fit(&all_missing).unwrap_err();
        let wrapped = CatchUp::new(m.clone()).fit(&all_missing).unwrap_err();
        assert!(matches!(wrapped, Error::TooShort { .. }), "{wrapped:?}");
        assert_eq!(wrapped, inner, "{}", m.name());
    }
    // One Monday only: a Tuesday (here a catch-up day, after the closed
    // 2026-03-09) has no history of its type.
    let one = History::new(
        &IntervalSeries::filled(week_grid(1), Some(1.0)),
        catch_up_calendar(),
    )
    .unwrap();
    let fitted = CatchUp::new(SeasonalNaive::new()).fit(&one).unwrap();
    assert!(fitted.is_catch_up(d("2026-03-10")));
    let e = fitted.forecast_day(d("2026-03-10"), 2);
    assert!(
        matches!(
            e,
            Err(Error::TooShort {
                needed: 1,
                found: 0,
                ..
            })
        ),
        "{e:?}"
    );
    assert_eq!(
        e,
        SeasonalNaive::new()
            .fit(&one)
            .unwrap()
            .forecast_day(d("2026-03-10"), 2)
    );
}

#[test]
fn catch_up_handles_zero_and_huge_histories() {
    let week = catch_up_week();
    let tuesday = d("2026-04-07");
    // All zero; zero on the catch-up days only; zero everywhere but on
    // them: no catch-up day has a ratio, so no effect and finite forecasts.
    for (regular, catch_up) in [(0.0, 0.0), (5.0, 0.0), (0.0, 5.0)] {
        let h = catch_up_history(regular, catch_up);
        for m in all_methods() {
            let name = m.name();
            let fitted = CatchUp::new(m).fit(&h).unwrap();
            assert!(fitted.is_catch_up(tuesday));
            assert_eq!(fitted.instances(), 0, "{name}");
            assert_eq!(fitted.raw_multiplier(), None, "{name}");
            assert_eq!(fitted.multiplier(), 1.0, "{name}");
            let f = fitted.predict(&week).unwrap();
            assert!(
                f.values().iter().all(|x| x.is_finite() && *x >= 0.0),
                "{name}: {regular}, {catch_up}"
            );
        }
    }
    // 1e300 per interval and twice that on the catch-up days: the ratios
    // are taken in logs, and the forecasts stay finite.
    let h = catch_up_history(1e300, 2e300);
    for m in all_methods() {
        let name = m.name();
        let fitted = CatchUp::new(m).fit(&h).unwrap();
        assert_eq!(fitted.instances(), 2, "{name}");
        assert!(
            (fitted.multiplier() - 2.0).abs() < 1e-9,
            "{name}: {}",
            fitted.multiplier()
        );
        let f = fitted.predict(&week).unwrap();
        assert!(
            f.values().iter().all(|x| x.is_finite() && *x >= 0.0),
            "{name}"
        );
        let day = fitted.forecast_day(tuesday, 2).unwrap();
        assert!(day.iter().any(|x| *x > 1e300), "{name}: {:?}", &day[..12]);
    }
    // The smallest special-day multiplier (0.001) divides a day's values
    // (24 of 1e306, a finite total of 2.4e307) past f64::MAX: the same
    // typed error, naming the day.
    let s = IntervalSeries::from_fn(week_grid(35), |_, _| Some(1e306));
    let cal = catch_up_calendar().with_special_day(
        d("2026-03-04"),
        SpecialDay::new(DayType::Holiday)
            .with_multiplier(0.001)
            .unwrap(),
    );
    match History::new(&s, cal) {
        Err(Error::InvalidParameter { name, value, .. }) => {
            assert_eq!((name, value.as_str()), ("history day total", "2026-03-04"));
        }
        other => panic!("{other:?}"),
    }
    // Day totals that overflow (f64::MAX / 4 in each of 24 intervals): the
    // history itself is a typed error, so no method sees an infinite day
    // (before, some forecast infinity and others 0).
    let s = IntervalSeries::from_fn(week_grid(35), |_, _| Some(f64::MAX / 4.0));
    let e = History::new(&s, catch_up_calendar());
    assert!(
        matches!(
            e,
            Err(Error::InvalidParameter {
                name: "history day total",
                ..
            })
        ),
        "{e:?}"
    );
}

/// A central interval needs `0 < coverage < 1` (a coverage of 0 or below
/// used to give the median twice or a reversed pair); inside that range it
/// is the pair of quantiles at `(1 ∓ coverage) / 2`, computed in one pass.
#[test]
fn negative_binomial_interval_coverage_is_checked() {
    let nb = NegativeBinomial::new(0.05).unwrap();
    for c in [0.0, -0.5, 1.0, 1.5, f64::NAN] {
        assert!(
            matches!(
                nb.interval(100.0, c),
                Err(Error::InvalidParameter {
                    name: "coverage",
                    ..
                })
            ),
            "{c}"
        );
    }
    for mean in [0.0, 0.3, 7.0, 250.0, 4000.0] {
        for c in [0.5, 0.8, 0.9, 0.95, 0.999] {
            let a = (1.0 - c) / 2.0;
            let pair = nb.interval(mean, c).unwrap();
            let two = (
                nb.quantile(mean, a).unwrap(),
                nb.quantile(mean, 1.0 - a).unwrap(),
            );
            assert_eq!(pair, two, "{mean} {c}");
        }
    }
}

/// Four weeks, hourly, on UTC: `slot + 1` contacts in the slot-th hour of
/// every day (a day total of 300), `scale` times that for handle seconds.
fn ramp(scale: f64) -> History {
    flat_fn(week_grid(28), |i| ((i % 24) + 1) as f64 * scale)
}

fn flat_fn(grid: IntervalGrid, f: impl Fn(usize) -> f64) -> History {
    History::new(
        &IntervalSeries::from_fn(grid, |i, _| Some(f(i))),
        Calendar::new(UTC),
    )
    .unwrap()
}

/// A smoothing half-width near `usize::MAX` overflowed `i + h` and `h + 1`
/// in the kernel (a panic in debug builds, wrapped weights and a wrong
/// profile in release). Now every width is accepted and one wider than the
/// day is a flat kernel: the profile spreads the day evenly.
#[test]
fn huge_smoothing_widths_are_flat_kernels() {
    let h = ramp(1.0);
    let monday = d("2026-03-30");
    // Weighted index: level 300 over 24 open hours.
    let day = WeightedIndex::new(4)
        .unwrap()
        .with_smoothing(usize::MAX)
        .fit(&h)
        .unwrap()
        .forecast_day(monday, 1)
        .unwrap();
    assert!(day.iter().all(|v| (v - 12.5).abs() < 1e-9), "{day:?}");
    // Top-down and level x shape: the same day total as their defaults,
    // spread evenly.
    for (wide, default) in [
        (
            AnyMethod::from(TopDown::new().with_smoothing(usize::MAX)),
            AnyMethod::from(TopDown::new()),
        ),
        (
            AnyMethod::from(
                LevelShape::new()
                    .with_profile(20, usize::MAX, 0.3, 0.05)
                    .unwrap(),
            ),
            AnyMethod::from(LevelShape::new()),
        ),
    ] {
        let total: f64 = default
            .fit(&h)
            .unwrap()
            .forecast_day(monday, 1)
            .unwrap()
            .iter()
            .sum();
        let day = wide.fit(&h).unwrap().forecast_day(monday, 1).unwrap();
        assert!(
            day.iter().all(|v| (v - total / 24.0).abs() < 1e-9 * total),
            "{}: {day:?}",
            wide.name()
        );
    }
    // Handle time: 10 contacts an hour with an AHT of 60 + 10 slot seconds.
    // Pooled over the whole day, every slot's level is the overall 175 s;
    // each Monday cell (4 days x 10 contacts) is then shrunk toward it with
    // the prior of 30 contacts: (40 (60 + 10 s) + 30 x 175) / 70.
    let calls = flat_fn(week_grid(28), |_| 10.0);
    let secs = flat_fn(week_grid(28), |i| 10.0 * (60.0 + 10.0 * (i % 24) as f64));
    let aht = HandleTime::new(30.0)
        .unwrap()
        .with_smoothing(usize::MAX)
        .fit(&calls, &secs)
        .unwrap()
        .aht_day(monday)
        .unwrap();
    for (slot, a) in aht.iter().enumerate() {
        let want = (40.0 * (60.0 + 10.0 * slot as f64) + 30.0 * 175.0) / 70.0;
        assert!(a.is_some_and(|a| (a - want).abs() < 1e-6), "{slot}: {a:?}");
    }
}

/// `2 * trim` overflowed for a trim above `usize::MAX / 2` (a panic in
/// debug builds; in release it wrapped to 0, the trim was accepted and the
/// weighted index forecast 0 everywhere).
#[test]
fn trims_past_half_of_usize_are_errors() {
    for trim in [usize::MAX / 2 + 1, usize::MAX] {
        let e = WeightedIndex::new(4).unwrap().with_trim(trim);
        assert!(
            matches!(e, Err(Error::InvalidParameter { name: "trim", ref value, .. }) if *value == trim.to_string()),
            "{e:?}"
        );
        let e = LevelShape::new().with_factors(32, trim);
        assert!(
            matches!(e, Err(Error::InvalidParameter { name: "trim", ref value, .. }) if *value == trim.to_string()),
            "{e:?}"
        );
    }
    assert_eq!(
        WeightedIndex::new(4).unwrap().with_trim(1).unwrap().trim(),
        1
    );
    assert_eq!(
        LevelShape::new()
            .with_factors(32, 15)
            .unwrap()
            .factor_settings(),
        (32, 15)
    );
}

/// `horizon + step (count - 1) + 1`, the days a rolling backtest needs,
/// overflowed: a panic in debug builds; in release it wrapped, and
/// `rolling(usize::MAX, 1, 1)` reported no origin at all while
/// `rolling(7, usize::MAX, 2)` scored origins at wrapped positions. The CLI
/// reaches it with `--backtest-weeks 2635249153387078804` (7 x that wraps
/// to 5). Now `rolling` rejects such a span.
#[test]
fn rolling_backtests_whose_span_overflows_are_errors() {
    for (horizon, step, count) in [
        (usize::MAX, 1, 1),
        (7, usize::MAX, 2),
        (7, 7, 2_635_249_153_387_078_804),
        (1, usize::MAX / 2, 3),
    ] {
        let e = Backtest::rolling(horizon, step, count);
        match e {
            Err(Error::InvalidParameter { name, value, .. }) => {
                assert!(name.starts_with("backtest span"), "{name}");
                assert_eq!(value, format!("{horizon} + {step} ({count} - 1) + 1"));
            }
            other => panic!("{horizon} {step} {count}: {other:?}"),
        }
    }
    // The largest span that fits is accepted, and too long for any history.
    let h = flat(week_grid(42), 3.0);
    let e = Backtest::rolling(usize::MAX - 1, 1, 1)
        .unwrap()
        .run(&SeasonalNaive::new(), &h);
    assert!(
        matches!(
            e,
            Err(Error::TooShort {
                needed: usize::MAX,
                found: 42,
                ..
            })
        ),
        "{e:?}"
    );
}

/// Best pick kept one weight row per lead of the backtest horizon: a
/// horizon of 2^40 days (possible with `Backtest::at`) allocated 8 TiB and
/// aborted the process. No lead can exceed the history's span, so the rows
/// stop one past it; the forecasts are those of any horizon at least that
/// long.
#[test]
fn best_pick_with_a_horizon_past_the_history_stops_at_its_span() {
    // 42 days: 2026-03-02 ..= 2026-04-12, a span of 41 days.
    let s = IntervalSeries::from_fn(week_grid(42), |i, _| Some(((i * 37) % 11) as f64 + 5.0));
    let h = History::new(&s, Calendar::new(UTC)).unwrap();
    let pick = |horizon: usize| {
        BestPick::new(
            vec![
                AnyMethod::from(SeasonalNaive::new()),
                AnyMethod::from(WeightedIndex::new(2).unwrap()),
            ],
            Backtest::at(vec![d("2026-03-23"), d("2026-03-30")], horizon).unwrap(),
            Selection::PerLead,
        )
        .unwrap()
        .fit(&h)
        .unwrap()
    };
    let huge = pick(1 << 40);
    let exact = pick(42);
    assert_eq!(huge.weights().len(), 42);
    assert_eq!(huge.weights(), exact.weights());
    for lead in [1, 5, 42, 1000] {
        assert_eq!(
            huge.forecast_day(d("2026-04-13"), lead).unwrap(),
            exact.forecast_day(d("2026-04-13"), lead).unwrap()
        );
    }
    // A horizon inside the span keeps one row per lead.
    assert_eq!(pick(10).weights().len(), 10);
}

/// Top-down summed the damped trend `φ + … + φ^h` one term per lead day:
/// `forecast_day(date, usize::MAX)` never returned (a lead of 10^8 already
/// took 3 s with φ = 0.98). The sum now takes constant time for any lead
/// and keeps its value: linear in the lead for φ = 1, converged for φ < 1.
#[test]
fn top_down_forecasts_any_lead_in_constant_time() {
    // Daily totals 24, 48, 72, ...: a positive trend.
    let h = flat_fn(week_grid(28), |i| 1.0 + (i / 24) as f64);
    let monday = d("2026-03-30");
    let total = |m: &FittedTopDown, lead: usize| -> f64 {
        m.forecast_day(monday, lead).unwrap().iter().sum()
    };
    let linear = TopDown::new()
        .with_parameters(0.3, 0.1, 0.1, 1.0)
        .unwrap()
        .fit(&h)
        .unwrap();
    let (t1, t2) = (total(&linear, 1), total(&linear, 2));
    assert!(t2 > t1, "{t1} {t2}");
    for lead in [200_000, usize::MAX] {
        let want = t1 + (lead - 1) as f64 * (t2 - t1);
        let got = total(&linear, lead);
        assert!((got - want).abs() <= 1e-9 * want, "{lead}: {got} vs {want}");
    }
    let damped = TopDown::new()
        .with_parameters(0.3, 0.1, 0.1, 0.9)
        .unwrap()
        .fit(&h)
        .unwrap();
    let converged = total(&damped, 5000);
    for lead in [100_001, usize::MAX] {
        assert_eq!(total(&damped, lead), converged, "{lead}");
    }
}

/// The variants of `Weights` are public, so `with_weights` took weights
/// that `Weights::exponential` and `Weights::custom` reject, and the fit
/// used them: `Exponential(inf)` gave `inf / inf` for the level and a
/// forecast of 0 everywhere; `Custom([1, -0.5])` extrapolated (a day total
/// of 914 where every same-type average is at most 744). `fit` now rejects
/// them as the constructors do.
#[test]
fn weights_built_from_the_variants_are_checked_by_fit() {
    // Daily totals rise by 168 a week: Mondays 2026-03-02 ..= 03-23.
    let h = flat_fn(week_grid(28), |i| {
        ((i * 37) % 11) as f64 + 5.0 + (i / 24) as f64
    });
    for (w, name) in [
        (Weights::Exponential(f64::INFINITY), "decay"),
        (Weights::Exponential(-1.0), "decay"),
        (Weights::Exponential(f64::NAN), "decay"),
        (Weights::Exponential(0.0), "decay"),
        (Weights::Custom(vec![1.0, -0.5]), "weights"),
        (Weights::Custom(vec![f64::NAN]), "weights"),
        (Weights::Custom(vec![]), "weights"),
    ] {
        let label = format!("{w:?}");
        let e = WeightedIndex::new(3).unwrap().with_weights(w).fit(&h);
        assert!(
            matches!(e, Err(Error::InvalidParameter { name: n, .. }) if n == name),
            "{label}: {e:?}"
        );
    }
    // The same weights through the constructors: the same errors.
    assert!(matches!(
        Weights::exponential(f64::INFINITY),
        Err(Error::InvalidParameter { name: "decay", .. })
    ));
    assert!(matches!(
        Weights::custom(vec![1.0, -0.5]),
        Err(Error::InvalidParameter {
            name: "weights",
            ..
        })
    ));
    // Valid variants still fit: decay 1 is equal weights.
    let total = |w: Weights| -> f64 {
        WeightedIndex::new(3)
            .unwrap()
            .with_weights(w)
            .fit(&h)
            .unwrap()
            .forecast_day(d("2026-03-30"), 1)
            .unwrap()
            .iter()
            .sum()
    };
    assert_eq!(total(Weights::Exponential(1.0)), total(Weights::Equal));
    assert_eq!(
        total(Weights::Custom(vec![1.0])),
        total(Weights::Custom(vec![2.0]))
    );
}

/// `Reforecast::update` checked the completed intervals only: a NaN or
/// negative value in the rest of the day was scaled into the output
/// (`update(&[10, NaN, -5], &[20])` returned `[10, NaN, -10]`).
#[test]
fn reforecast_update_checks_the_remaining_forecast() {
    let r = servops_forecast::Reforecast::plain_ratio();
    for bad in [f64::NAN, -5.0, f64::INFINITY] {
        let e = r.update(&[10.0, 10.0, bad], &[20.0]);
        assert!(
            matches!(e, Err(Error::InvalidParameter { name: "forecast", ref value, .. }) if *value == bad.to_string()),
            "{bad}: {e:?}"
        );
    }
    // Valid days: the completed interval kept, the rest doubled.
    assert_eq!(
        r.update(&[10.0, 10.0, 4.0], &[20.0]).unwrap(),
        vec![10.0, 20.0, 8.0]
    );
}

/// The two inputs the `count_quantiles` fuzz target found in the first
/// version of the incomplete-beta search: a dispersion so large that `φμ`
/// overflowed (a "did not converge" error for a valid-looking input), and a
/// subnormal probability (non-monotone quantiles). Both are now rejected
/// up front, and a moment estimate beyond the largest dispersion is
/// reported as that maximum instead of as 0 (the Poisson).
#[test]
fn count_quantile_limits_found_by_fuzzing() {
    use servops_forecast::MAX_DISPERSION;
    assert!(matches!(
        NegativeBinomial::new(5.486124149660756e303),
        Err(Error::InvalidParameter {
            name: "dispersion",
            ..
        })
    ));
    let poisson = NegativeBinomial::new(1.5176813196378988e-101).unwrap();
    for p in [1.26e-321, 0.9e-300] {
        assert!(matches!(
            poisson.quantile(48_195_787.306_209_035, p),
            Err(Error::InvalidParameter {
                name: "probability",
                ..
            })
        ));
    }
    // The smallest accepted probability works at that mean: about 37.1
    // standard deviations (√μ ≈ 6,942) below it, by the normal tail.
    let q = poisson.quantile(48_195_787.306_209_035, 1e-300).unwrap();
    assert!((47_930_000.0..47_940_000.0).contains(&q), "{q}");

    // Forecasts of 1e-150 against actuals of 1e160 (squared: infinite):
    // the moment estimate is infinite and is reported as the maximum.
    let s = IntervalSeries::from_fn(week_grid(21), |i, _| {
        Some(if i < 14 * 24 { 1e-150 } else { 1e160 })
    });
    let h = History::new(&s, Calendar::new(UTC)).unwrap();
    let r = Backtest::rolling(7, 7, 1)
        .unwrap()
        .run(&AnyMethod::from(WeightedIndex::new(1).unwrap()), &h)
        .unwrap();
    assert_eq!(
        NegativeBinomial::from_backtest(&r).dispersion(),
        MAX_DISPERSION
    );
}

/// History days with the smallest special-day multiplier (0.001) and
/// 7e303 contacts an hour (divided by it, 7e306 an hour, a day total of
/// 1.68e308, still finite) raise the level the methods learn, and a later
/// day with the largest multiplier (1000) then multiplies that level past
/// `f64::MAX`: each value is valid alone. The weighted index, top-down ETS
/// and level × shape forecast `inf` there; now `predict`, `forecast_day`,
/// wrappers and best pick give an error named "forecast" with the date.
/// Seasonal naive copies the ordinary Monday before (1 per hour × 1000)
/// and stays finite.
#[test]
fn a_level_times_a_calendar_factor_that_overflows_is_an_error() {
    let like_monday = || SpecialDay::new(DayType::Weekday(Weekday::Mon));
    let tiny = [d("2026-03-02"), d("2026-03-09"), d("2026-03-16")];
    let huge = d("2026-04-06");
    let mut cal =
        Calendar::new(UTC).with_special_day(huge, like_monday().with_multiplier(1000.0).unwrap());
    for t in tiny {
        cal = cal.with_special_day(t, like_monday().with_multiplier(0.001).unwrap());
    }
    // The first three Mondays; the last, 2026-03-23, is 1.
    let s = IntervalSeries::from_fn(week_grid(28), |i, _| {
        Some(if i / 168 < 3 && i % 168 < 24 {
            7e303
        } else {
            1.0
        })
    });
    let history = History::new(&s, cal).unwrap();
    let grid = IntervalGrid::local_days(huge, 1, Duration::from_secs(3600), UTC).unwrap();
    let overflows = |r: Result<_, Error>| matches!(r, Err(Error::InvalidParameter { name: "forecast", ref value, .. }) if value.contains("2026-04-06"));
    for m in [
        AnyMethod::from(WeightedIndex::new(4).unwrap()),
        AnyMethod::from(TopDown::new()),
        AnyMethod::from(LevelShape::new()),
        AnyMethod::from(CatchUp::new(AnyMethod::from(
            WeightedIndex::new(4).unwrap(),
        ))),
    ] {
        let fitted = m.fit(&history).unwrap();
        assert!(overflows(fitted.predict(&grid).map(|_| ())), "{}", m.name());
        assert!(
            overflows(fitted.forecast_day(huge, 21).map(|_| ())),
            "{}",
            m.name()
        );
    }
    let naive = SeasonalNaive::new().fit(&history).unwrap();
    assert!(
        naive
            .predict(&grid)
            .unwrap()
            .values()
            .iter()
            .all(|v| *v == 1000.0)
    );
    let best = BestPick::new(
        vec![
            AnyMethod::from(SeasonalNaive::new()),
            AnyMethod::from(WeightedIndex::new(4).unwrap()),
        ],
        Backtest::rolling(1, 1, 2).unwrap(),
        Selection::InverseErrorWeights,
    )
    .unwrap();
    let picked = best.fit(&history);
    // Best pick either weighs in the overflowing candidate (an error) or
    // keeps only seasonal naive (finite); it never forecasts infinity.
    if let Ok(p) = picked {
        match p.predict(&grid) {
            Ok(v) => assert!(v.values().iter().all(|x| x.is_finite())),
            Err(e) => assert!(overflows(Err(e))),
        }
    }
}

/// A CSV error names the line the record is on, whatever the line ends:
/// the reader counted records (one short after a blank line or a quoted
/// field holding a line break), and the csv crate's own count is one short
/// after CRLF line ends. The lines below are counted by hand.
#[test]
fn csv_errors_name_the_line_of_the_record() {
    use servops_forecast::{CsvSpec, TimestampFormat, read_csv};
    let spec = CsvSpec::new(
        "t",
        "v",
        std::time::Duration::from_secs(1800),
        servops_forecast::chrono_tz::UTC,
        TimestampFormat::Local,
    );
    for (text, line) in [
        ("t,v\n2026-03-02 08:00,1\n2026-03-02 08:30,2\nbad,3\n", 4),
        (
            "t,v\r\n2026-03-02 08:00,1\r\n2026-03-02 08:30,2\r\nbad,3\r\n",
            4,
        ),
        ("t,v\n2026-03-02 08:00,1\n\n2026-03-02 08:30,2\nbad,3\n", 5),
        ("t,v\r\n2026-03-02 08:00,1\r\n\r\n\r\nbad,3\r\n", 5),
        ("t,v\n\"2026-03-02\n08:00\",1\n2026-03-02 08:30,x\n", 4),
        ("t,v\n2026-03-02 08:00,1\n2026-03-02 08:30,x", 3),
    ] {
        match read_csv(text.as_bytes(), &spec) {
            Err(Error::Csv { line: l, .. }) => assert_eq!(l, line, "{text:?}"),
            other => panic!("{text:?}: {other:?}"),
        }
    }
    // The first line of a duplicate names its own line too.
    let dup = "t,v\r\n2026-03-02 08:00,1\r\n\r\n2026-03-02 08:00,2\r\n";
    assert!(matches!(
        read_csv(dup.as_bytes(), &spec),
        Err(Error::DuplicateTimestamp {
            first_line: 2,
            line: 4,
            ..
        })
    ));
}

/// A CSV row error names the 1-based column of the field at fault (the
/// header's position of the column, counted by hand below), or none when
/// no single field is (a missing column, a row of the wrong length).
#[test]
fn csv_errors_name_the_column() {
    // Volume in column 1, the timestamp in 3, handled in 4, handle
    // seconds in 5; column 2 is not read.
    let spec = CsvSpec::new(
        "t",
        "n",
        Duration::from_secs(900),
        London,
        TimestampFormat::Local,
    )
    .with_handle_time("h", "s");
    let head = "n,x,t,h,s\n1,a,2026-03-02 00:00,1,60\n";
    let cases: [(&str, u64, Option<usize>); 9] = [
        ("NaN,a,2026-03-02 00:15,1,60\n", 3, Some(1)),
        ("1,a,2026-03-02 00:15,-1,60\n", 3, Some(4)),
        ("1,a,2026-03-02 00:15,1,x\n", 3, Some(5)),
        ("1,a,yesterday,1,60\n", 3, Some(3)),
        // Off the 15-minute grid of the first row.
        ("1,a,2026-03-02 00:20,1,60\n", 3, Some(3)),
        // In the spring gap of London (01:00 to 02:00 on 2026-03-29).
        ("1,a,2026-03-29 01:30,1,60\n", 3, Some(3)),
        // A row 1000 years on spans past MAX_INTERVALS: its timestamp.
        ("1,a,3026-03-02 00:00,1,60\n", 3, Some(3)),
        // A row of the wrong length: no single field is at fault.
        ("1,a,2026-03-02 00:15,1\n", 3, None),
        // A blank line before a bad value: the line is the record's.
        ("\n1,a,2026-03-02 00:15,1e999,60\n", 4, Some(4)),
    ];
    for (body, want_line, want_column) in cases {
        let text = format!("{head}{body}");
        match read_csv(text.as_bytes(), &spec) {
            Err(Error::Csv { line, column, .. }) => {
                assert_eq!((line, column), (want_line, want_column), "{text:?}");
            }
            other => panic!("{text:?}: {other:?}"),
        }
    }
    // Invalid UTF-8 in the unread column 2: that field.
    let mut bytes = head.as_bytes().to_vec();
    bytes.extend_from_slice(b"1,\xff,2026-03-02 00:15,1,60\n");
    match read_csv(bytes.as_slice(), &spec) {
        Err(Error::Csv { line, column, .. }) => assert_eq!((line, column), (3, Some(2))),
        other => panic!("{other:?}"),
    }
    // A header without a column the spec names: line 1, no column.
    match read_csv("n,x,t,h\n".as_bytes(), &spec) {
        Err(Error::Csv { line, column, .. }) => assert_eq!((line, column), (1, None)),
        other => panic!("{other:?}"),
    }
    // The message shows the column when it is known.
    let text = format!("{head}1,a,2026-03-02 00:15,-1,60\n");
    let e = read_csv(text.as_bytes(), &spec).unwrap_err();
    assert_eq!(
        e.to_string(),
        "csv line 3, column 4: h must be finite and >= 0, got -1"
    );
}

/// A header that lacks a column is reported on the line it is on: the csv
/// reader skips blank lines before it (lines counted by hand). Before, the
/// line was always 1.
#[test]
fn a_header_after_blank_lines_is_reported_on_its_line() {
    for (text, line) in [
        ("x,n\n2026-03-02T00:00:00Z,1\n", 1),
        ("\n\nx,n\n2026-03-02T00:00:00Z,1\n", 3),
        ("\r\n\r\n\r\nx,n\r\n2026-03-02T00:00:00Z,1\r\n", 4),
    ] {
        match read_csv(text.as_bytes(), &spec()) {
            Err(Error::Csv {
                line: l,
                column: None,
                ..
            }) => assert_eq!(l, line, "{text:?}"),
            other => panic!("{text:?}: {other:?}"),
        }
    }
    // A header that is not UTF-8 after a blank line: line 2, its column.
    let e = read_csv(b"\nt,\xff\n".as_slice(), &spec());
    assert!(
        matches!(
            e,
            Err(Error::Csv {
                line: 2,
                column: Some(2),
                ..
            })
        ),
        "{e:?}"
    );
}

#[test]
fn best_pick_forecasts_a_history_without_contacts() {
    // 35 days of half hours with no contact: every backtest WAPE is 0/0.
    // Before, both presets refused the history ("candidate count must be
    // >= 1 that backtests").
    let grid =
        IntervalGrid::local_days(d("2026-03-02"), 35, Duration::from_secs(1800), UTC).unwrap();
    let h = History::new(&IntervalSeries::filled(grid, Some(0.0)), Calendar::new(UTC)).unwrap();
    let week =
        IntervalGrid::local_days(d("2026-04-06"), 7, Duration::from_secs(1800), UTC).unwrap();
    for pick in [
        BestPick::week_ahead(7).unwrap(),
        BestPick::day_ahead().unwrap(),
    ] {
        let fitted = pick.fit(&h).unwrap();
        assert!(fitted.scores().iter().all(|s| s.1.is_none()));
        let f = fitted.predict(&week).unwrap();
        assert!(f.values().iter().all(|v| *v == 0.0));
    }
}

#[test]
fn best_pick_ranks_by_rmse_where_the_backtest_has_no_contacts() {
    // Weeks 0-2: 10 calls an hour; weeks 3-5: none. Backtested on weeks 4
    // and 5, seasonal naive forecasts 0 (RMSE 0) and the average of the
    // last four same weekdays 7.5 then 5 (RMSE > 0), so the pick is
    // seasonal naive, and the next week is forecast 0.
    let grid = IntervalGrid::new(
        "2026-03-02T00:00:00Z".parse().unwrap(),
        Duration::from_secs(3600),
        24 * 42,
    )
    .unwrap();
    let s = IntervalSeries::from_fn(grid, |i, _| Some(if i < 24 * 21 { 10.0 } else { 0.0 }));
    let h = History::new(&s, Calendar::new(UTC)).unwrap();
    let candidates = vec![
        AnyMethod::from(SeasonalNaive::new()),
        AnyMethod::from(WeightedIndex::new(4).unwrap()),
    ];
    let next =
        IntervalGrid::local_days(d("2026-04-13"), 7, Duration::from_secs(3600), UTC).unwrap();
    for rule in [
        Selection::PerSeries,
        Selection::PerLead,
        Selection::InverseErrorWeights,
        Selection::BestEqual(1),
    ] {
        let fitted = BestPick::new(
            candidates.clone(),
            Backtest::rolling(7, 7, 2).unwrap(),
            rule,
        )
        .unwrap()
        .fit(&h)
        .unwrap();
        // Inverse error weights give the candidate without error 1 / 1e-12
        // (the floor of its squared error) against 1 / RMSE² for the other.
        for row in fitted.weights() {
            assert!(row[1] < 1e-12, "{rule:?}: {row:?}");
        }
        let f = fitted.predict(&next).unwrap();
        assert!(f.values().iter().all(|v| *v < 1e-10), "{rule:?}");
    }
}

#[test]
fn every_method_forecasts_exactly_zero_from_a_history_without_contacts() {
    // Before: double seasonal 0.0063 an interval (its indices are floored
    // at 1e-3), top-down 2.1e-17 and the SVD factor model 3.3e-16 (the
    // square-root transform's rounding).
    let grid =
        IntervalGrid::local_days(d("2026-03-02"), 35, Duration::from_secs(1800), UTC).unwrap();
    let h = History::new(&IntervalSeries::filled(grid, Some(0.0)), Calendar::new(UTC)).unwrap();
    let week =
        IntervalGrid::local_days(d("2026-04-06"), 7, Duration::from_secs(1800), UTC).unwrap();
    let mut methods: Vec<AnyMethod> = vec![
        SeasonalNaive::new().into(),
        TopDown::new().into(),
        SvdFactor::new().into(),
        DoubleSeasonal::new().into(),
    ];
    methods.extend(WeightedIndex::candidates().into_iter().map(AnyMethod::from));
    methods.extend(LevelShape::candidates().into_iter().map(AnyMethod::from));
    for m in &methods {
        let f = m.fit(&h).unwrap();
        let v = f.predict(&week).unwrap();
        assert!(v.values().iter().all(|v| *v == 0.0), "{}", m.name());
        let day = f.forecast_day(d("2026-04-06"), 1).unwrap();
        assert!(day.iter().all(|v| *v == 0.0), "{}", m.name());
    }
    let best = BestPick::week_ahead(7).unwrap();
    let wrapped = [
        servops_forecast::DayOfMonth::new(best.clone())
            .fit(&h)
            .unwrap()
            .predict(&week)
            .unwrap(),
        CatchUp::new(best).fit(&h).unwrap().predict(&week).unwrap(),
    ];
    for f in wrapped {
        assert!(f.values().iter().all(|v| *v == 0.0));
    }
}
