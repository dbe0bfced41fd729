//! `cost_by_channel` labour is exact whenever the exact value fits a
//! decimal: `contacts x AHT x cost per handled hour / (3600 x concurrency)`
//! multiplied before it is divided, so `3000/3600` (0.8333...) is never
//! rounded to 28 digits and then multiplied back up. Every expected amount
//! is worked out by hand (and checked with Python `fractions`) beside it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use rust_decimal::Decimal;
use servops_core::Channel;
use servops_cost::*;

/// A cost per handled hour of exactly `per_hour`: no shrinkage, 100 % occupancy.
fn flat(per_hour: i64, currency: Currency) -> HourlyCosts {
    HourlyCosts::new(
        Money::new(Decimal::new(per_hour, 0), currency),
        Shrinkage::new(Decimal::ZERO).unwrap(),
        Occupancy::new(Decimal::ONE).unwrap(),
    )
    .unwrap()
}

#[test]
fn three_thousand_seconds_at_3600_yen_an_hour_is_3000_yen() {
    let jpy = Currency::new("JPY").unwrap();
    let hour = flat(3_600, jpy);
    // 1 contact x 3,000 s = 3,000 s = 5/6 h; 5/6 x 3,600 = 3,000 exactly.
    let call =
        ChannelDemand::new(Channel::Voice, Decimal::ONE, Duration::from_secs(3_000)).unwrap();
    let costs = cost_by_channel(
        &hour,
        &[call],
        Money::zero(jpy),
        AllocationBasis::HandleTime,
        0,
    )
    .unwrap();
    assert_eq!(costs[0].labour, Money::new(Decimal::new(3_000, 0), jpy));
    assert_eq!(costs[0].total, Money::new(Decimal::new(3_000, 0), jpy));
    assert_eq!(
        costs[0].cost_per_contact,
        Some(Money::new(Decimal::new(3_000, 0), jpy))
    );
}

#[test]
fn concurrency_three_is_exact() {
    let jpy = Currency::new("JPY").unwrap();
    let hour = flat(3_600, jpy);
    // 6 chats x 600 s = 3,600 handle seconds, at concurrency 3 = 1,200
    // agent seconds = 1/3 h; 1/3 x 3,600 = 1,200 exactly.
    let chat = ChannelDemand::new(Channel::Chat, Decimal::new(6, 0), Duration::from_secs(600))
        .unwrap()
        .with_concurrency(Decimal::new(3, 0))
        .unwrap();
    let costs = cost_by_channel(
        &hour,
        &[chat],
        Money::zero(jpy),
        AllocationBasis::HandleTime,
        0,
    )
    .unwrap();
    assert_eq!(costs[0].labour, Money::new(Decimal::new(1_200, 0), jpy));
    // 1,200 / 6 = 200 per chat.
    assert_eq!(
        costs[0].cost_per_contact,
        Some(Money::new(Decimal::new(200, 0), jpy))
    );
}

#[test]
fn seven_second_contacts_at_36_an_hour_cost_7_cents_each() {
    let hour = flat(36, Currency::EUR);
    let eur = |cents: i64| Money::new(Decimal::new(cents, 2), Currency::EUR);
    // 1,000 x 7 s = 7,000 s = 35/18 h; 35/18 x 36 = 70.00; 70 / 1,000 = 0.07.
    // With a 5.00 pool on the one channel: total 75.00, 0.075 per contact.
    let bot = ChannelDemand::new(
        Channel::Chat,
        Decimal::new(1_000, 0),
        Duration::from_secs(7),
    )
    .unwrap();
    let costs = cost_by_channel(&hour, &[bot], eur(500), AllocationBasis::AgentTime, 2).unwrap();
    assert_eq!(costs[0].labour, eur(7_000));
    assert_eq!(costs[0].total, eur(7_500));
    assert_eq!(
        costs[0].cost_per_contact,
        Some(Money::new(Decimal::new(75, 3), Currency::EUR))
    );
}

#[test]
fn an_unrepresentable_labour_is_within_one_unit_of_the_28th_place() {
    // 40.00 per paid hour, 20 % shrinkage, 80 % occupancy: 40 / 0.8 / 0.8 =
    // 62.50 per handled hour (exact). 1 call x 300 s: 300 x 62.5 / 3,600 =
    // 125/24 = 5.208333..., which no decimal holds; it must be the nearest
    // 28-significant-digit value within a unit of the last place.
    let hour = HourlyCosts::new(
        Money::new(Decimal::new(40, 0), Currency::USD),
        Shrinkage::new(Decimal::new(2, 1)).unwrap(),
        Occupancy::new(Decimal::new(8, 1)).unwrap(),
    )
    .unwrap();
    assert_eq!(hour.per_handled_hour().amount(), Decimal::new(625, 1));
    let call = ChannelDemand::new(Channel::Voice, Decimal::ONE, Duration::from_secs(300)).unwrap();
    let costs = cost_by_channel(
        &hour,
        &[call],
        Money::zero(Currency::USD),
        AllocationBasis::HandleTime,
        2,
    )
    .unwrap();
    let labour = costs[0].labour.amount();
    // 125/24 x 24 = 125; the error times 24 is below 24 units of 1e-27.
    let err = (labour * Decimal::new(24, 0) - Decimal::new(125, 0)).abs();
    assert!(err <= Decimal::new(24, 27), "{labour}");
}

#[test]
fn a_product_too_large_for_a_decimal_still_divides_first() {
    // 1e20 contacts x 3,600 s x 1,000,000 an hour: the product 3.6e29 is
    // above the decimal maximum (about 7.9e28), but the labour, 1e20 hours x
    // 1e6 = 1e26, fits, as it did before labour was multiplied first.
    let hour = flat(1_000_000, Currency::USD);
    let huge = ChannelDemand::new(
        Channel::Voice,
        Decimal::from(10_u128.pow(20)),
        Duration::from_secs(3_600),
    )
    .unwrap();
    let costs = cost_by_channel(
        &hour,
        &[huge],
        Money::zero(Currency::USD),
        AllocationBasis::HandleTime,
        2,
    )
    .unwrap();
    assert_eq!(costs[0].labour.amount(), Decimal::from(10_u128.pow(26)));
    assert_eq!(
        costs[0].cost_per_contact.map(|m| m.amount()),
        Some(Decimal::new(1_000_000, 0))
    );
}
