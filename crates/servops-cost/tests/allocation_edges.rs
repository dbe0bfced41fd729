//! `allocate` at the edges of `Decimal`'s range: pools and weights whose
//! products pass 7.9e28, weights of mixed scales, remainders that differ
//! past the 28th digit. Expected parts from `tests/data/gen_allocation.py`
//! (exact rational arithmetic in Python); see tests/data/PROVENANCE.md.

// Test helpers outside #[test] functions: a bad fixture should fail loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::str::FromStr;

use rust_decimal::Decimal;
use servops_cost::{Currency, Error, Money, allocate};

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s.trim()).unwrap_or_else(|e| panic!("bad decimal {s:?}: {e}"))
}

#[test]
fn allocation_matches_exact_rational_reference() {
    let mut reader = csv::Reader::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/allocation_edges.csv"
    ))
    .unwrap();
    let mut rows = 0;
    let mut failures = Vec::new();
    for record in reader.records() {
        let r = record.unwrap();
        let pool = Money::new(dec(&r[0]), Currency::USD);
        let dp: u32 = r[1].parse().unwrap();
        let weights: Vec<Decimal> = r[2].split(';').map(dec).collect();
        let got = allocate(pool, &weights, dp);
        let ok = if &r[3] == "overflow" {
            got == Err(Error::Overflow {
                quantity: "allocation",
            })
        } else {
            let want: Vec<Money> = r[3]
                .split(';')
                .map(|s| Money::new(dec(s), Currency::USD))
                .collect();
            got.as_ref() == Ok(&want)
        };
        if !ok {
            failures.push(format!(
                "{} dp {} w {}: {:?}, want {}",
                &r[0], dp, &r[2], got, &r[3]
            ));
        }
        rows += 1;
    }
    assert_eq!(rows, 50);
    assert!(
        failures.is_empty(),
        "{} of {rows} rows differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Decimal::MAX split 1 : 2 (by hand: MAX = 79228162514264337593543950335 is
/// divisible by 3).
#[test]
fn largest_pool_splits_exactly() {
    let pool = Money::new(Decimal::MAX, Currency::EUR);
    let parts = allocate(pool, &[Decimal::ONE, Decimal::TWO], 0).unwrap();
    assert_eq!(parts[0].amount(), dec("26409387504754779197847983445"));
    assert_eq!(parts[1].amount(), dec("52818775009509558395695966890"));
}

fn any_decimal(max_scale: u32) -> impl proptest::strategy::Strategy<Value = Decimal> {
    use proptest::prelude::*;
    (
        any::<u32>(),
        any::<u32>(),
        any::<u32>(),
        0..=max_scale,
        0_u32..4,
    )
        .prop_map(|(lo, mid, hi, scale, size)| {
            // Mix small and full-width mantissas.
            let (mid, hi) = match size {
                0 => (0, 0),
                1 => (mid, 0),
                _ => (mid, hi),
            };
            Decimal::from_parts(lo, mid, hi, false, scale)
        })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    /// Over the whole `Decimal` range: never a panic; when it succeeds the
    /// parts are whole minor units, add up to the pool exactly, zero weights
    /// get nothing and a larger weight never gets less; it fails only on a
    /// pool that is not whole units, or with Overflow when the allocation
    /// has more places than the pool (only then can a part need more digits).
    #[test]
    fn allocation_over_the_decimal_range(
        pool in any_decimal(28),
        negative in proptest::prelude::any::<bool>(),
        weights in proptest::collection::vec(any_decimal(28), 1..6),
        dp in 0_u32..=28,
    ) {
        let pool = Money::new(if negative { -pool } else { pool }, Currency::USD);
        proptest::prop_assume!(weights.iter().any(|w| !w.is_zero()));
        match allocate(pool, &weights, dp) {
            Ok(parts) => {
                proptest::prop_assert_eq!(Money::sum(parts.iter().copied(), Currency::USD).unwrap(), pool);
                for (p, w) in parts.iter().zip(&weights) {
                    proptest::prop_assert!(p.amount().scale() <= dp);
                    proptest::prop_assert!(p.amount().is_zero() || p.is_negative() == pool.is_negative());
                    if w.is_zero() {
                        proptest::prop_assert!(p.is_zero());
                    }
                }
                for (i, wi) in weights.iter().enumerate() {
                    for (j, wj) in weights.iter().enumerate() {
                        if wi > wj {
                            proptest::prop_assert!(parts[i].amount().abs() >= parts[j].amount().abs(), "{} {}", i, j);
                        }
                    }
                }
            }
            Err(Error::InvalidParameter { name: "pool", .. }) => {
                proptest::prop_assert!(dp < pool.amount().scale());
            }
            Err(Error::Overflow { quantity: "allocation" }) => {
                proptest::prop_assert!(dp > pool.amount().scale());
            }
            Err(e) => proptest::prop_assert!(false, "{e:?}"),
        }
    }
}
