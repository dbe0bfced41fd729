//! Investment edge cases checked against values computed by hand or with
//! mpmath at 40 digits (the computation is written beside each assertion).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rust_decimal::Decimal;
use servops_cost::*;

fn d(v: i64) -> Decimal {
    Decimal::new(v, 0)
}

fn usd(v: i64) -> Money {
    Money::new(d(v), Currency::USD)
}

#[test]
fn payback_counts_from_the_investment_not_from_leading_zero_flows() {
    // Nothing happens at t = 0, 500 is invested at t = 1 and 200 comes back
    // at t = 2, 3, 4. Cumulative: 0, -500, -300, -100, +100, so the
    // investment is recovered in period 4, at 3 + 100 / 200 = 3.5 periods.
    // The payback used to be period 0 (the cumulative 0 at t = 0 counted as
    // "paid back" before anything was spent).
    let flows = CashFlows::new(vec![d(0), d(-500), d(200), d(200), d(200)], Currency::USD).unwrap();
    let p = simple_payback(&flows).unwrap();
    assert_eq!((p.period, p.periods), (4, Decimal::new(35, 1)));

    // Discounted at 7 % (mpmath, 40 digits): discounted flows 0, -467.28972,
    // 174.68775, 163.25958, 152.57904; cumulative -129.34240 after t = 3 and
    // +23.23664 after t = 4: payback 3 + 129.34240 / 152.57904 = 3.8477075.
    let p = discounted_payback(&flows, Decimal::new(7, 2))
        .unwrap()
        .unwrap();
    assert_eq!(p.period, 4);
    let expected = 3.847_707_5_f64;
    assert!(
        (f64::try_from(p.periods).unwrap() - expected).abs() < 1e-7,
        "{p:?}"
    );

    // Several leading zeros before the outlay: the same answer, shifted.
    let later = CashFlows::new(vec![d(0), d(0), d(-100), d(50), d(100)], Currency::USD).unwrap();
    let p = simple_payback(&later).unwrap();
    assert_eq!((p.period, p.periods), (4, Decimal::new(35, 1))); // 3 + 50 / 100

    // Without any outlay there is nothing to recover: period 0, as before.
    for flows in [
        vec![d(0), d(0)],
        vec![d(0), d(100), d(-20)],
        vec![d(50), d(-20), d(10)],
    ] {
        let f = CashFlows::new(flows, Currency::USD).unwrap();
        assert_eq!(simple_payback(&f).unwrap().period, 0);
        assert_eq!(
            discounted_payback(&f, Decimal::new(1, 1))
                .unwrap()
                .unwrap()
                .period,
            0
        );
    }
}

#[test]
fn deflection_case_without_implementation_cost_is_not_paid_back_at_once() {
    // No implementation fee (CF_0 = 0), 5,000 a month for the platform, a
    // saving of 10,000 a month realised linearly over 4 months:
    // CF = 0, 2,500 - 5,000, 5,000 - 5,000, 7,500 - 5,000, 10,000 - 5,000
    //    = 0, -2,500, 0, 2,500, 5,000; cumulative 0, -2,500, -2,500, 0, 5,000:
    // paid back at the end of period 3 (2 + 2,500 / 2,500 = 3 periods).
    let r = DeflectionCase::new(usd(10_000), Decimal::ZERO, 4)
        .unwrap()
        .with_platform_cost(usd(5_000))
        .unwrap()
        .with_realisation(Realisation::Linear { periods: 4 })
        .unwrap()
        .evaluate()
        .unwrap();
    assert_eq!(
        r.cash_flows.flows(),
        &[d(0), d(-2_500), d(0), d(2_500), d(5_000)]
    );
    let p = r.simple_payback.unwrap();
    assert_eq!((p.period, p.periods), (3, d(3)));
    let p = r.discounted_payback.unwrap();
    assert_eq!((p.period, p.periods), (3, d(3))); // rate 0
}

fn rates(flows: &[i64]) -> Irr {
    let f = CashFlows::new(flows.iter().map(|&v| d(v)).collect(), Currency::USD).unwrap();
    irr(&f).unwrap()
}

fn assert_rates(got: &Irr, expected: &[f64]) {
    let Irr::Multiple(got) = got else {
        panic!("expected {} rates, got {got:?}", expected.len())
    };
    assert_eq!(got.len(), expected.len(), "{got:?}");
    for (g, e) in got.iter().zip(expected) {
        let g = f64::try_from(*g).unwrap();
        assert!((g - e).abs() <= 1e-9 * e.abs().max(1.0), "{g} vs {e}");
    }
}

#[test]
fn every_irr_of_non_conventional_flows_is_reported() {
    // -2,000, +2,210, -11: NPV x (1 + r)^2 = -2,000 g^2 + 2,210 g - 11 with
    // g = 1 + r, roots g = 1.1 and g = 0.005 (by hand: -2,000 x 1.21 + 2,431
    // - 11 = 0 and -0.05 + 11.05 - 11 = 0). IRRs 10 % and -99.5 %; the
    // second lies below the -99 % the scan used to stop at, and the answer
    // was Irr::Unique(0.1) although the flows have two IRRs.
    assert_rates(&rates(&[-2_000, 2_210, -11]), &[-0.995, 0.1]);
    // -5, +1,006, -1,200: roots g = 1.2 and g = 200 (-5 x 1.44 + 1,207.2 -
    // 1,200 = 0 and -200,000 + 201,200 - 1,200 = 0): IRRs 20 % and 19,900 %,
    // the second above the 10,000 % the scan used to stop at.
    assert_rates(&rates(&[-5, 1_006, -1_200]), &[0.2, 199.0]);
    // Two roots inside the old range are still found: 10 % and 20 %.
    assert_rates(&rates(&[-100, 230, -132]), &[0.1, 0.2]);
}

#[test]
fn zero_flows_before_and_after_change_no_irr() {
    // Found by the cost_investment fuzz target: five flows followed by 40
    // zero flows reported a rate at every scan point below ln(1 + r) = -20,
    // where the scan's future value g^44 NPV underflows to exactly 0 (more
    // rates than the flows' 3 sign changes). Zero flows multiply the NPV
    // polynomial by a power of x = 1 / (1 + r) and change no positive root.
    // numpy.roots of 4.096 x^4 + 1,090,577,655 x^3 - x^2 + 1,107,237.659 x
    // - 469,703,452: one positive root, x = 0.754740977..., r =
    // 0.32495787412986465; the others are negative or complex.
    let core = ["-469703452", "1107237.659", "-1", "1090577655", "4.096"];
    let parse = |s: &&str| s.parse::<Decimal>().unwrap();
    let expected = 0.324_957_874_129_864_65;
    for (zeros_before, zeros_after) in [(0, 0), (0, 40), (40, 0), (40, 40), (3, 200)] {
        let mut v = vec![Decimal::ZERO; zeros_before];
        v.extend(core.iter().map(parse));
        v.extend(std::iter::repeat_n(Decimal::ZERO, zeros_after));
        let f = CashFlows::new(v, Currency::USD).unwrap();
        let Irr::Unique(r) = irr(&f).unwrap() else {
            panic!("{zeros_before} + {zeros_after} zeros: {:?}", irr(&f))
        };
        let r = f64::try_from(r).unwrap();
        assert!(
            (r - expected).abs() < 1e-12,
            "{zeros_before}, {zeros_after}: {r}"
        );
    }
    // One sign change, root far below -99 %: -1 then +1e-6 gives
    // 1 + r = 1e-6 (by hand: -1 + 1e-6 / (1 + r) = 0), r = -0.999999,
    // followed by 60 zeros, whose future value g^61 NPV underflows there.
    let mut v = vec![Decimal::NEGATIVE_ONE, Decimal::new(1, 6)];
    v.extend(std::iter::repeat_n(Decimal::ZERO, 60));
    let f = CashFlows::new(v, Currency::USD).unwrap();
    let Irr::Unique(r) = irr(&f).unwrap() else {
        panic!("{:?}", irr(&f))
    };
    assert!((f64::try_from(r).unwrap() + 0.999_999).abs() < 1e-15, "{r}");
}
