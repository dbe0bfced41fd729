//! The final payback (the crossing after which the cumulative flow stays
//! `>= 0`) against the first one, on flows with a later outlay. Every
//! expected value is worked out by hand (exact fractions) beside it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rust_decimal::Decimal;
use servops_cost::*;

fn d(v: i64) -> Decimal {
    Decimal::new(v, 0)
}

fn flows(v: &[i64]) -> CashFlows {
    CashFlows::new(v.iter().map(|&x| d(x)).collect(), Currency::USD).unwrap()
}

/// `|a - b| <= 1e-25`.
fn close(a: Decimal, b: Decimal) -> bool {
    (a - b).abs() <= Decimal::new(1, 25)
}

#[test]
fn a_later_outlay_moves_the_final_payback_but_not_the_first() {
    // -100, 60, 60, -50, 40, 40: cumulative -100, -40, 20, -30, 10, 50.
    // First crossing in period 2 at 1 + 40/60 = 5/3 periods; the outlay in
    // period 3 takes the total back to -30, recovered in period 4 at
    // 3 + 30/40 = 3.75, and it stays >= 0 after that.
    let f = flows(&[-100, 60, 60, -50, 40, 40]);
    let first = simple_payback(&f).unwrap();
    assert_eq!(first.period, 2);
    assert!(close(first.periods, d(5) / d(3)), "{}", first.periods);
    let last = simple_payback_final(&f).unwrap();
    assert_eq!((last.period, last.periods), (4, Decimal::new(375, 2)));

    // Discounted at 10 %: CF_t / 1.1^t = -100, 600/11, 6000/121,
    // -50000/1331, 400000/14641, 4000000/161051. Cumulative: -100,
    // -500/11 (-45.45), +500/121 (+4.13), -44500/1331 (-33.43),
    // -89500/14641 (-6.11), +3015500/161051 (+18.72).
    // First: period 2 at 1 + (500/11) / (6000/121) = 1 + 11/12 = 23/12.
    // Final: period 5 at 4 + (89500/14641) / (4000000/161051)
    //      = 4 + 89500 x 11 / 4000000 = 4 + 1969/8000 = 4.246125.
    let rate = Decimal::new(10, 2);
    let first = discounted_payback(&f, rate).unwrap().unwrap();
    assert_eq!(first.period, 2);
    assert!(close(first.periods, d(23) / d(12)), "{}", first.periods);
    let last = discounted_payback_final(&f, rate).unwrap().unwrap();
    assert_eq!(last.period, 5);
    assert!(
        close(last.periods, Decimal::new(4_246_125, 6)),
        "{}",
        last.periods
    );

    // At rate 0 the discounted final payback is the simple one.
    assert_eq!(
        discounted_payback_final(&f, Decimal::ZERO).unwrap(),
        Some(last_simple(&f))
    );
}

fn last_simple(f: &CashFlows) -> Payback {
    simple_payback_final(f).unwrap()
}

#[test]
fn ending_below_zero_is_no_final_payback() {
    // -100, 150, -80: cumulative -100, 50, -30. The first payback is period 1
    // (at 100/150 = 2/3), but the flows end 30 short: no final payback.
    let f = flows(&[-100, 150, -80]);
    let first = simple_payback(&f).unwrap();
    assert_eq!(first.period, 1);
    assert!(close(first.periods, d(2) / d(3)));
    assert_eq!(simple_payback_final(&f), None);
    assert_eq!(
        discounted_payback_final(&f, Decimal::new(5, 2)).unwrap(),
        None
    );
}

#[test]
fn the_two_agree_when_the_total_never_falls_back() {
    // -100, 40, 40, 40: cumulative -100, -60, -20, 20: both period 3 at
    // 2 + 20/40 = 2.5.
    let f = flows(&[-100, 40, 40, 40]);
    let want = Decimal::new(25, 1);
    assert_eq!(simple_payback(&f).unwrap().periods, want);
    let last = simple_payback_final(&f).unwrap();
    assert_eq!((last.period, last.periods), (3, want));
    // Touching zero exactly and then falling back: -100, 100, -10, 20 has
    // cumulative -100, 0, -10, 10: first at period 1 (1.0), final at
    // period 3, 2 + 10/20 = 2.5.
    let f = flows(&[-100, 100, -10, 20]);
    assert_eq!(simple_payback(&f).unwrap().periods, d(1));
    let last = simple_payback_final(&f).unwrap();
    assert_eq!((last.period, last.periods), (3, want));
}

#[test]
fn inflow_first_and_leading_zeros() {
    // Nothing to recover: all zeros, or an inflow first that the total
    // never falls below 0 after: period 0, as for the first payback.
    let at_once = (0, Decimal::ZERO);
    for v in [&[0, 0][..], &[50, -20, 10][..], &[0, 5][..]] {
        let p = simple_payback_final(&flows(v)).unwrap();
        assert_eq!((p.period, p.periods), at_once, "{v:?}");
        let p = discounted_payback_final(&flows(v), Decimal::new(8, 2))
            .unwrap()
            .unwrap();
        assert_eq!((p.period, p.periods), at_once, "{v:?}");
    }
    // An inflow first, then an outlay that takes the total below 0:
    // 50, -80, 60 has cumulative 50, -30, 30: the first payback is
    // period 0 (an inflow first), the final one period 2 at 1 + 30/60.
    let f = flows(&[50, -80, 60]);
    assert_eq!(simple_payback(&f).unwrap().period, 0);
    let last = simple_payback_final(&f).unwrap();
    assert_eq!((last.period, last.periods), (2, Decimal::new(15, 1)));
    // Leading zeros shift the period: 0, -500, 200, 200, 200 pays back
    // finally at 3 + 100/200 = 3.5, as it does first.
    let last = simple_payback_final(&flows(&[0, -500, 200, 200, 200])).unwrap();
    assert_eq!((last.period, last.periods), (4, Decimal::new(35, 1)));
}

#[test]
fn discounted_final_payback_checks_the_rate() {
    let f = flows(&[-100, 60, 60]);
    assert!(matches!(
        discounted_payback_final(&f, d(-1)),
        Err(Error::InvalidParameter { name: "rate", .. })
    ));
}

proptest::proptest! {
    /// Against a direct reading of the definition in integers: the last
    /// crossing from below 0 after which every running total is >= 0.
    #[test]
    fn final_payback_matches_the_definition(v in proptest::collection::vec(-50i64..50, 1..12)) {
        let f = flows(&v);
        let totals: Vec<i64> = v.iter().scan(0, |c, &x| { *c += x; Some(*c) }).collect();
        let want = if totals.iter().all(|&c| c >= 0) {
            Some((0, Decimal::ZERO))
        } else if *totals.last().unwrap() < 0 {
            None
        } else {
            // The last index with a negative total; the next one recovers.
            let k = totals.iter().rposition(|&c| c < 0).unwrap();
            let t = k + 1;
            Some((t, d(k as i64) + d(-totals[k]) / d(v[t])))
        };
        let got = simple_payback_final(&f).map(|p| (p.period, p.periods));
        proptest::prop_assert_eq!(got, want);
        let at_zero = discounted_payback_final(&f, Decimal::ZERO).unwrap();
        proptest::prop_assert_eq!(at_zero.map(|p| (p.period, p.periods)), want);
        // Never before the first payback, and only where there is one.
        if let Some((_, last)) = want {
            proptest::prop_assert!(simple_payback(&f).unwrap().periods <= last);
        }
    }
}
