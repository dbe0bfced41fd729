//! `annual_to_periodic_rate` against `tests/data/rate_conversion.csv`
//! (Python `decimal` at 60 digits, see `gen_rate_conversion.py`): the
//! whole accepted range of rates, from `-1 + 1e-28` to `Decimal::MAX`,
//! and periods per year from 1 to `u32::MAX`.

// Test helpers outside #[test] functions: a bad fixture should fail loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::str::FromStr;

use rust_decimal::Decimal;
use servops_cost::annual_to_periodic_rate;

struct Case {
    rate: Decimal,
    n: u32,
    expected: Decimal,
}

fn cases() -> Vec<Case> {
    let text = include_str!("data/rate_conversion.csv");
    text.lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            Case {
                rate: Decimal::from_str(f[0]).unwrap(),
                n: f[1].parse().unwrap(),
                expected: Decimal::from_str(f[2]).unwrap(),
            }
        })
        .collect()
}

/// The documented accuracy: within `1e-27` absolute where the result is
/// under 1 in size, within `1e-27` relative above.
#[test]
fn annual_to_periodic_rate_matches_60_digit_reference_over_whole_range() {
    let cases = cases();
    assert_eq!(cases.len(), 275);
    let mut failures = Vec::new();
    for c in &cases {
        let tol = Decimal::new(1, 27) * c.expected.abs().max(Decimal::ONE);
        match annual_to_periodic_rate(c.rate, c.n) {
            Ok(got) => {
                let err = (got - c.expected).abs();
                if err > tol {
                    failures.push(format!(
                        "rate {} n {}: got {got}, want {}, error {err}",
                        c.rate, c.n, c.expected
                    ));
                }
            }
            Err(e) => failures.push(format!(
                "rate {} n {}: {e}, want {}",
                c.rate, c.n, c.expected
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
