//! Minor units from ISO 4217 (List One, published 2026-01-01) and money
//! that follows them: allocation in whole yen or in fils, cost per contact
//! presented at 0 or 3 places. Every expected amount is worked out by hand
//! beside it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use rust_decimal::Decimal;
use servops_core::Channel;
use servops_cost::*;

fn code(c: &str) -> Currency {
    Currency::new(c).unwrap()
}

#[test]
fn minor_units_follow_iso_4217() {
    // ISO 4217 List One, CcyMnrUnts.
    for (c, units) in [
        ("USD", 2),
        ("EUR", 2),
        ("GBP", 2),
        ("JPY", 0),
        ("KRW", 0),
        ("ISK", 0),
        ("CLP", 0),
        ("VND", 0),
        ("XOF", 0),
        ("XAF", 0),
        ("XPF", 0),
        ("UGX", 0),
        ("PYG", 0),
        ("BHD", 3),
        ("KWD", 3),
        ("JOD", 3),
        ("OMR", 3),
        ("TND", 3),
        ("IQD", 3),
        ("LYD", 3),
        ("CLF", 4),
        ("UYW", 4),
    ] {
        assert_eq!(code(c).minor_units(), Some(units), "{c}");
    }
    assert_eq!(code("jpy").minor_units(), Some(0));
    // The list gives no minor unit ("N.A.") for gold, the SDR, the test and
    // no-currency codes; a code not on the list is not guessed at.
    for c in ["XAU", "XAG", "XDR", "XTS", "XXX", "ZZZ", "ABC"] {
        assert_eq!(code(c).minor_units(), None, "{c}");
    }
}

#[test]
fn rounding_policy_for_a_currency() {
    let yen = RoundingPolicy::for_currency(code("JPY"), RoundingMode::HalfEven).unwrap();
    assert_eq!(yen.decimal_places(), 0);
    assert_eq!(yen.mode(), RoundingMode::HalfEven);
    let dinar = RoundingPolicy::for_currency(code("BHD"), RoundingMode::HalfAwayFromZero).unwrap();
    assert_eq!(dinar.decimal_places(), 3);
    assert_eq!(
        RoundingPolicy::for_currency(Currency::USD, RoundingMode::HalfEven).unwrap(),
        RoundingPolicy::CENTS
    );
    assert!(matches!(
        RoundingPolicy::for_currency(code("XAU"), RoundingMode::HalfEven),
        Err(Error::InvalidParameter {
            name: "currency",
            ..
        })
    ));
    // 1,234.5 yen: half-even to 1,234 (4 is even); 2.0005 dinar half away
    // from zero to 2.001.
    let m = Money::new(Decimal::new(12_345, 1), code("JPY"));
    assert_eq!(m.present(yen), "1234 JPY");
    let m = Money::new(Decimal::new(20_005, 4), code("BHD"));
    assert_eq!(m.present(dinar), "2.001 BHD");
}

#[test]
fn allocation_in_whole_yen() {
    // 1,000 yen over weights 1 : 2: quotas 333.33... and 666.66...; floors
    // 333 and 666 leave 1 yen, which goes to the larger remainder (.67):
    // 333 + 667. At the old fixed 2 places the parts were 333.33 and
    // 666.67, which no one can pay in yen.
    let pool = Money::new(Decimal::new(1_000, 0), code("JPY"));
    let parts = allocate_in_minor_units(pool, &[Decimal::ONE, Decimal::TWO]).unwrap();
    let amounts: Vec<Decimal> = parts.iter().map(Money::amount).collect();
    assert_eq!(amounts, [Decimal::new(333, 0), Decimal::new(667, 0)]);
    // A pool with a fraction of a yen is not whole minor units.
    let bad = Money::new(Decimal::new(10_005, 1), code("JPY"));
    assert!(matches!(
        allocate_in_minor_units(bad, &[Decimal::ONE]),
        Err(Error::InvalidParameter { name: "pool", .. })
    ));
    // No minor unit, no allocation in it.
    let gold = Money::new(Decimal::ONE, code("XAU"));
    assert!(matches!(
        allocate_in_minor_units(gold, &[Decimal::ONE]),
        Err(Error::InvalidParameter {
            name: "currency",
            ..
        })
    ));
}

/// Paid hour `paid`, no shrinkage, occupancy 1: cost per handled hour = paid.
fn hour(paid: Money) -> HourlyCosts {
    HourlyCosts::new(
        paid,
        Shrinkage::default(),
        Occupancy::new(Decimal::ONE).unwrap(),
    )
    .unwrap()
}

#[test]
fn cost_per_contact_in_yen_end_to_end() {
    let jpy = code("JPY");
    let yen = |v: i64| Money::new(Decimal::new(v, 0), jpy);
    let places = jpy.minor_units().unwrap();
    let present = RoundingPolicy::for_currency(jpy, RoundingMode::HalfEven).unwrap();
    // 3,600 yen per handled hour = 1 yen a second. Voice: 10 contacts x
    // 300 s = 3,000 s = 3,000 yen; chat: 20 x 300 s = 6,000 yen. A shared
    // pool of 1,000 yen by handle time 1 : 2 is 333 + 667 (see above).
    let voice = ChannelDemand::new(
        Channel::Voice,
        Decimal::new(10, 0),
        Duration::from_secs(300),
    )
    .unwrap()
    .with_fcr(Decimal::new(75, 2))
    .unwrap();
    let chat =
        ChannelDemand::new(Channel::Chat, Decimal::new(20, 0), Duration::from_secs(300)).unwrap();
    let costs = cost_by_channel(
        &hour(yen(3_600)),
        &[voice, chat],
        yen(1_000),
        AllocationBasis::HandleTime,
        places,
    )
    .unwrap();
    assert_eq!(costs[0].shared, yen(333));
    assert_eq!(costs[1].shared, yen(667));
    // Labour is 3,000 / 3,600 h x 3,600, which the division leaves
    // 1e-25 short of 3,000: compare presented totals.
    assert_eq!(costs[0].total.present(present), "3333 JPY");
    assert_eq!(costs[1].total.present(present), "6667 JPY");
    // Per contact: 3,333 / 10 = 333.3 -> 333; 6,667 / 20 = 333.35 -> 333
    // (half-even at 0 places). Per resolution: 3,333 / 7.5 = 444.4 -> 444.
    assert_eq!(
        costs[0].cost_per_contact.unwrap().present(present),
        "333 JPY"
    );
    assert_eq!(
        costs[1].cost_per_contact.unwrap().present(present),
        "333 JPY"
    );
    assert_eq!(
        costs[0].cost_per_resolution.unwrap().present(present),
        "444 JPY"
    );
}

#[test]
fn cost_per_contact_in_bahraini_dinar_end_to_end() {
    let bhd = code("BHD");
    // Amounts in fils (1 dinar = 1,000 fils).
    let fils = |v: i64| Money::new(Decimal::new(v, 3), bhd);
    let places = bhd.minor_units().unwrap();
    let present = RoundingPolicy::for_currency(bhd, RoundingMode::HalfEven).unwrap();
    // 3.600 BHD per handled hour = 1 fils a second. Three channels of 7
    // contacts x 300 s each: labour 2,100 s = 2.100 BHD each. A pool of
    // 1.000 BHD in three equal shares: quotas 333.33... fils, floors 333
    // each leave 1 fils for the first (ties to the earlier part):
    // 0.334 + 0.333 + 0.333. (At 2 places it was 0.34 + 0.33 + 0.33.)
    let ch = |c| ChannelDemand::new(c, Decimal::new(7, 0), Duration::from_secs(300)).unwrap();
    let costs = cost_by_channel(
        &hour(fils(3_600)),
        &[ch(Channel::Voice), ch(Channel::Chat), ch(Channel::Email)],
        fils(1_000),
        AllocationBasis::HandleTime,
        places,
    )
    .unwrap();
    let shares: Vec<Money> = costs.iter().map(|c| c.shared).collect();
    assert_eq!(shares, [fils(334), fils(333), fils(333)]);
    assert_eq!(costs[0].total.present(present), "2.434 BHD");
    // Per contact: 2.434 / 7 = 0.347714... -> 0.348; 2.433 / 7 = 0.347571...
    // -> 0.348.
    assert_eq!(
        costs[0].cost_per_contact.unwrap().present(present),
        "0.348 BHD"
    );
    assert_eq!(
        costs[1].cost_per_contact.unwrap().present(present),
        "0.348 BHD"
    );
    // The same with allocate_in_minor_units directly.
    let parts = allocate_in_minor_units(fils(1_000), &[Decimal::ONE; 3]).unwrap();
    assert_eq!(parts, shares);
}
