//! The catch-up estimate against an independent numpy/pandas implementation
//! (`gen/catch_up_reference.py`, no crate code) on the committed bank data:
//! the number of catch-up days with a ratio, the raw multiplier and the
//! shrunk multiplier of `CatchUp` fitted on the histories before four
//! Israeli and two US origins.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use servops_forecast::chrono::Weekday;
use servops_forecast::{CatchUp, History, Method, SeasonalNaive};

const REFERENCE: &str = include_str!("data/catch_up_reference.csv");

fn close(got: f64, want: f64) -> bool {
    (got - want).abs() <= 1e-9 * want.abs()
}

#[test]
fn catch_up_matches_the_pandas_reference() {
    let us = us_history_5();
    let israel = israel_history(true);
    let mut checked = 0;
    let mut shrunk_effect = false;
    let mut shrunk_to_none = false;
    for line in REFERENCE.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 5, "{line}");
        let (h, method): (&History, _) = if f[0] == "us" {
            (&us, CatchUp::new(SeasonalNaive::new()))
        } else {
            (
                &israel,
                CatchUp::new(SeasonalNaive::new()).with_rest_days(&[Weekday::Fri, Weekday::Sat]),
            )
        };
        let before = h.before(date(f[1]), None).unwrap();
        let fitted = method.fit(&before).unwrap();
        let case = format!("{} before {}", f[0], f[1]);
        let n: usize = f[2].parse().unwrap();
        assert_eq!(fitted.instances(), n, "{case}: instances");
        match (fitted.raw_multiplier(), f[3]) {
            (None, "") => {}
            (Some(got), want) if !want.is_empty() => {
                let want: f64 = want.parse().unwrap();
                assert!(close(got, want), "{case}: raw {got} vs {want}");
            }
            (got, want) => panic!("{case}: raw {got:?} vs {want:?}"),
        }
        let want: f64 = if f[4].is_empty() {
            1.0
        } else {
            f[4].parse().unwrap()
        };
        let got = fitted.multiplier();
        assert!(close(got, want), "{case}: multiplier {got} vs {want}");
        shrunk_effect |= want != 1.0;
        shrunk_to_none |= want == 1.0 && n > 0;
        checked += 1;
    }
    assert_eq!(checked, 6);
    assert!(
        shrunk_effect,
        "no case with a shrunk multiplier other than 1"
    );
    assert!(shrunk_to_none, "no case shrunk to 1 with catch-up days");
}
