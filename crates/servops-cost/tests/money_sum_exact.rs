//! `Money::sum` adds exactly and rounds once: running totals that need
//! more than `Decimal`'s 28-29 digits do not round the final sum.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rust_decimal::Decimal;
use servops_cost::{Currency, Money, allocate};

fn usd(s: &str) -> Money {
    Money::new(s.parse().unwrap(), Currency::USD)
}

#[test]
fn sum_of_representable_parts_is_their_exact_total() {
    // In this order (the order `allocate` returns them for the pool below):
    // 4247942308.059156990377 + 41067.753567500692 + 271508495416097813.89690859523
    // = 271508499664081189.709633086299 (30 digits, Python's decimal at 60
    // digits), which Decimal cannot hold: it was rounded to 11 places, and
    // the sum came out 298159791713981154.84820967656. The exact total is
    // 298159791713981154.848209676550 (29 digits with the trailing zero
    // dropped: representable).
    let parts = [
        "4247942308.059156990377",
        "41067.753567500692",
        "271508495416097813.89690859523",
        "266491726870714.843829984776",
        "26384800323029250.294746605475",
    ]
    .map(usd);
    let total = Money::sum(parts, Currency::USD).unwrap();
    assert_eq!(total, usd("298159791713981154.84820967655"));
    // Any order gives the same exact total.
    let mut rev = parts;
    rev.reverse();
    assert_eq!(Money::sum(rev, Currency::USD).unwrap(), total);
    // Found by the allocation proptest: these are the parts `allocate`
    // gives for that pool (they add up to it exactly).
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    let weights = [
        "829130.7922949138760",
        "8.015772480853554800",
        "52994141067325.954569616593142",
        "52014947618.558509954361488907",
        "5149893480161.5694795243663098",
    ]
    .map(d);
    let pool = usd("298159791713981154.84820967655");
    let got = allocate(pool, &weights, 12).unwrap();
    assert_eq!(Money::sum(got, Currency::USD).unwrap(), pool);
}

#[test]
fn sum_keeps_the_scale_and_rounds_only_when_it_must() {
    // 0.01 + 0.02 = 0.03 shown with two places, as before.
    let s = Money::sum([usd("0.01"), usd("0.02")], Currency::USD).unwrap();
    assert_eq!(s.amount().to_string(), "0.03");
    // 1e28 + 0.5 + 0.5 = 1e28 + 1 exactly (29 digits, below Decimal::MAX).
    // In order, 1e28 + 0.5 needs a mantissa of 1e29 + 5 > 2^96 and rounded
    // to even, 1e28, twice: the sum was 1e28.
    let big = "10000000000000000000000000000";
    let s = Money::sum([usd(big), usd("0.5"), usd("0.5")], Currency::USD).unwrap();
    assert_eq!(
        s.amount(),
        Decimal::from_str_exact("10000000000000000000000000001").unwrap()
    );
    // Too large: Decimal::MAX + 1 is an overflow, MAX + 1 - 1 is not (it
    // was: the running total overflowed).
    let max = Money::new(Decimal::MAX, Currency::USD);
    assert!(Money::sum([max, usd("1")], Currency::USD).is_err());
    assert_eq!(
        Money::sum([max, usd("1"), usd("-1")], Currency::USD).unwrap(),
        max
    );
}
