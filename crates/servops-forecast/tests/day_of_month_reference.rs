//! The day-of-month effect against an independent pandas implementation
//! (`gen/day_of_month_reference.py`, no crate code) on the committed bank
//! data: the credibility constant and the 31 multipliers estimated from the
//! histories before three origins.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use servops_forecast::{DayOfMonth, History, Method, SeasonalNaive};

const REFERENCE: &str = include_str!("data/day_of_month_reference.csv");

#[test]
fn day_of_month_matches_the_pandas_reference() {
    let us = us_history_5();
    let israel = israel_history(true);
    let mut checked = 0;
    for line in REFERENCE.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let h: &History = if f[0] == "us" { &us } else { &israel };
        let before = h.before(date(f[1]), None).unwrap();
        let fitted = DayOfMonth::new(SeasonalNaive::new()).fit(&before).unwrap();
        let m: f64 = f[2].parse().unwrap();
        let got = fitted.estimated_credibility().unwrap();
        assert!(
            (got - m).abs() <= 1e-9 * m,
            "{} {}: m {got} vs {m}",
            f[0],
            f[1]
        );
        for (t, (g, want)) in fitted.multipliers().iter().zip(&f[3..]).enumerate() {
            let want: f64 = want.parse().unwrap();
            assert!(
                (g - want).abs() <= 1e-9 * want,
                "{} {} offset {}: {g} vs {want}",
                f[0],
                f[1],
                t as i64 - 16
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 3);
}
