//! Accuracy metrics and the AHT workload error reject bad values with typed errors, never a silent wrong number.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use servops_core::{IntervalGrid, IntervalSeries};
use servops_forecast::chrono_tz::UTC;
use servops_forecast::{Accuracy, Error, ErrorSums, Level, accuracy, aht_workload_error};

/// `days` days of hourly intervals from Monday 2026-03-02 00:00 UTC.
fn hourly(days: usize) -> IntervalGrid {
    IntervalGrid::new(
        "2026-03-02T00:00:00Z".parse().unwrap(),
        Duration::from_secs(3600),
        24 * days,
    )
    .unwrap()
}

/// Asserts an `InvalidParameter` named `name` whose value mentions `value`.
fn assert_invalid<T: std::fmt::Debug>(r: Result<T, Error>, name: &str, value: &str) {
    let err = r.expect_err("expected an InvalidParameter");
    assert!(
        matches!(&err, Error::InvalidParameter { name: n, value: v, .. } if *n == name && v.contains(value)),
        "expected InvalidParameter {name} mentioning {value}, got {err:?}"
    );
}

#[test]
fn accuracy_rejects_a_non_finite_actual_naming_its_timestamp() {
    // Before: a NaN actual at 05:00 was dropped, giving n = 23 and WAPE 0
    // at interval level, and dropping the whole day (n = 0) at daily level.
    let grid = hourly(1);
    let f = IntervalSeries::filled(grid, 10.0);
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let a = IntervalSeries::from_fn(grid, |i, _| Some(if i == 5 { bad } else { 10.0 }));
        for level in [Level::Interval, Level::Daily, Level::Weekly] {
            assert_invalid(
                accuracy(&f, &a, level, UTC, None),
                "actual",
                "2026-03-02T05:00:00Z",
            );
        }
    }
}

#[test]
fn accuracy_rejects_a_non_finite_forecast_naming_its_timestamp() {
    let grid = hourly(1);
    let a = IntervalSeries::filled(grid, Some(10.0));
    for bad in [f64::NAN, f64::INFINITY] {
        let f = IntervalSeries::from_fn(grid, |i, _| if i == 7 { bad } else { 10.0 });
        for level in [Level::Interval, Level::Daily, Level::Weekly] {
            assert_invalid(
                accuracy(&f, &a, level, UTC, None),
                "forecast",
                "2026-03-02T07:00:00Z",
            );
        }
    }
}

#[test]
fn accuracy_agrees_with_from_pairs_on_a_nan() {
    let grid = hourly(1);
    let f = IntervalSeries::filled(grid, 10.0);
    let a = IntervalSeries::from_fn(grid, |i, _| Some(if i == 5 { f64::NAN } else { 10.0 }));
    let pairs: Vec<f64> = a.values().iter().map(|v| v.unwrap()).collect();
    assert!(matches!(
        Accuracy::from_pairs(f.values(), &pairs, None),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        accuracy(&f, &a, Level::Interval, UTC, None),
        Err(Error::InvalidParameter { .. })
    ));
}

#[test]
fn accuracy_still_leaves_missing_actuals_out_of_both_sides() {
    // Forecast 11 against actual 10, with the 05:00 actual missing. The
    // forecast there is not read, so even a NaN is left out.
    let grid = hourly(1);
    let f = IntervalSeries::from_fn(grid, |i, _| if i == 5 { f64::NAN } else { 11.0 });
    let a = IntervalSeries::from_fn(grid, |i, _| (i != 5).then_some(10.0));
    let int = accuracy(&f, &a, Level::Interval, UTC, None).unwrap();
    assert_eq!(int.n, 23);
    assert!((int.wape.unwrap() - 23.0 / 230.0).abs() < 1e-12);
    let daily = accuracy(&f, &a, Level::Daily, UTC, None).unwrap();
    assert_eq!(daily.n, 1);
    assert!((daily.sum_actual - 230.0).abs() < 1e-12);
    assert!((daily.wape.unwrap() - 23.0 / 230.0).abs() < 1e-12);
}

#[test]
fn accuracy_rejects_a_daily_total_that_overflows() {
    // Every value is finite but the day's forecast total is not; before,
    // the day was dropped and the result had n = 0.
    let grid = hourly(1);
    let f = IntervalSeries::from_fn(grid, |i, _| if i < 2 { f64::MAX } else { 1.0 });
    let a = IntervalSeries::filled(grid, Some(1.0));
    assert_invalid(
        accuracy(&f, &a, Level::Daily, UTC, None),
        "forecast total",
        "2026-03-02",
    );
    assert_invalid(
        accuracy(&f, &a, Level::Weekly, UTC, None),
        "forecast total",
        "2026-W10",
    );
}

#[test]
fn a_non_finite_mase_scale_gives_no_mase_like_a_zero_scale() {
    // Before: Some(inf) gave MASE Some(0.0), a "perfect" score.
    let mut s = ErrorSums::new();
    s.add(3.0, 1.0);
    assert_eq!(s.accuracy(Some(0.0)).mase, None);
    for q in [f64::INFINITY, f64::NEG_INFINITY, f64::NAN] {
        let acc = s.accuracy(Some(q));
        assert_eq!(acc.mase, None, "scale {q}");
        // The other metrics do not depend on the scale.
        assert_eq!(acc.wape, Some(2.0));
        assert_eq!(acc.bias, Some(2.0));
    }
    assert_eq!(s.accuracy(Some(4.0)).mase, Some(0.5));

    let acc = Accuracy::from_pairs(&[3.0], &[1.0], Some(f64::INFINITY)).unwrap();
    assert_eq!(acc.mase, None);
    assert_eq!(acc.wape, Some(2.0));

    let grid = hourly(1);
    let f = IntervalSeries::filled(grid, 11.0);
    let a = IntervalSeries::filled(grid, Some(10.0));
    let acc = accuracy(&f, &a, Level::Interval, UTC, Some(f64::INFINITY)).unwrap();
    assert_eq!(acc.mase, None);
    let acc = accuracy(&f, &a, Level::Interval, UTC, Some(2.0)).unwrap();
    assert!((acc.mase.unwrap() - 0.5).abs() < 1e-12);
}

#[test]
fn aht_workload_error_rejects_a_non_finite_aht_where_contacts_were_handled() {
    // Before: the NaN row was skipped, giving 10 * 20 / (10 * 180) = 1/9.
    assert_invalid(
        aht_workload_error(&[200.0, f64::NAN], &[180.0, 150.0], &[10.0, 5.0]),
        "forecast AHT",
        "NaN at index 1",
    );
    assert_invalid(
        aht_workload_error(&[200.0, 150.0], &[180.0, f64::INFINITY], &[10.0, 5.0]),
        "actual AHT",
        "inf at index 1",
    );
    assert_invalid(
        aht_workload_error(&[-1.0, 150.0], &[180.0, 150.0], &[10.0, 5.0]),
        "forecast AHT",
        "-1 at index 0",
    );
    assert_invalid(
        aht_workload_error(&[200.0, 150.0], &[180.0, -150.0], &[10.0, 5.0]),
        "actual AHT",
        "-150 at index 1",
    );
}

#[test]
fn aht_workload_error_rejects_a_non_finite_or_negative_handled_count() {
    // Before: a handled count of +inf gave Some(NaN) (inf / inf).
    assert_invalid(
        aht_workload_error(&[200.0], &[180.0], &[f64::INFINITY]),
        "handled",
        "inf at index 0",
    );
    assert_invalid(
        aht_workload_error(&[200.0, 150.0], &[180.0, 150.0], &[10.0, f64::NAN]),
        "handled",
        "NaN at index 1",
    );
    assert_invalid(
        aht_workload_error(&[200.0, 150.0], &[180.0, 150.0], &[10.0, -5.0]),
        "handled",
        "-5 at index 1",
    );
}

#[test]
fn aht_workload_error_rejects_sums_that_overflow() {
    // Before: 2 * f64::MAX is inf in both sums, and inf / inf gave Some(NaN).
    assert_invalid(
        aht_workload_error(&[0.0], &[f64::MAX], &[2.0]),
        "weighted AHT sums",
        "inf / inf",
    );
}

#[test]
fn aht_workload_error_does_not_read_the_aht_of_an_interval_without_contacts() {
    // The actual AHT of an interval with no handled contacts is 0 / 0: it
    // is not read, and neither is the forecast there.
    let handled = [10.0, 0.0, 5.0];
    let seconds = [1800.0, 0.0, 1000.0];
    let actual: Vec<f64> = seconds.iter().zip(&handled).map(|(s, n)| s / n).collect();
    assert!(actual[1].is_nan());
    let e = aht_workload_error(&[200.0, f64::NAN, 180.0], &actual, &handled).unwrap();
    // (10 |200 - 180| + 5 |180 - 200|) / (10 * 180 + 5 * 200) = 300 / 2800
    assert_eq!(e, Some(300.0 / 2800.0));
    // No handled contacts at all: no denominator.
    assert_eq!(
        aht_workload_error(&[f64::NAN], &[f64::NAN], &[0.0]).unwrap(),
        None
    );
}
