//! Exact totals of shift costs.
//!
//! A shift's cost, `hourly_rate x paid_minutes / 60 + fixed_cost`, is often
//! no decimal (20 an hour for 490 minutes is 490 / 3 = 163.33...), so the
//! decimal a shift reports is rounded to 28 digits. Summing those rounded
//! costs accumulates the rounding (three such shifts gave
//! 489.99999999999999999999999999, not 490). A total is instead summed
//! from what each cost is made of, `rate x paid minutes` (sixtieths of the
//! pay, a decimal) and the fixed cost, in exact integers, and rounded once.

use rust_decimal::Decimal;

use crate::schedule::ScheduledShift;

/// `10^28`, the finest decimal unit.
const E28: i128 = 10i128.pow(28);

/// `60 x 10^28`: the fraction of a [`CostSum`] is in units of `1 / UNIT`,
/// so that both a decimal (at most 28 places) and a sixtieth of one are
/// whole numbers of units.
const UNIT: i128 = 60 * E28;

/// What a shift's cost is computed from: `rate x paid minutes` (60 times
/// the pay) and the fixed cost. The shift's decimal cost is
/// [`CostParts::cost`], rounded; a total adds the parts exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub(crate) struct CostParts {
    /// The hourly rate times the paid minutes.
    pub(crate) rate_x_paid_minutes: Decimal,
    /// The fixed cost of the shift.
    pub(crate) fixed_cost: Decimal,
}

impl CostParts {
    /// The shift's cost as a decimal, `rate_x_paid_minutes / 60 +
    /// fixed_cost` (rounded to 28 digits when it is no decimal), `None`
    /// out of range. [`ShiftTemplate::shift_cost`](crate::ShiftTemplate::shift_cost)
    /// is this.
    pub(crate) fn cost(&self) -> Option<Decimal> {
        self.rate_x_paid_minutes
            .checked_div(Decimal::from(60))?
            .checked_add(self.fixed_cost)
    }
}

/// An exact sum of costs: `whole + frac / UNIT` with `0 <= frac < UNIT`,
/// and the largest scale of the decimals added (the scale the total is
/// written at when it is a decimal at that scale).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CostSum {
    whole: i128,
    frac: i128,
    scale: u32,
}

impl CostSum {
    /// Adds a shift's cost: exactly from its [`CostParts`] while its
    /// `cost` is still the one they give, else its `cost` as it stands
    /// (edited by hand, or read without its parts). `None` when the
    /// integers overflow (past about two billion costs near
    /// `Decimal::MAX`).
    pub(crate) fn add_shift(&mut self, shift: &ScheduledShift) -> Option<()> {
        match shift.cost_parts() {
            Some(p) if p.cost() == Some(shift.cost) => {
                self.add_times_sixtieths(p.rate_x_paid_minutes, 1)?;
                self.add(p.fixed_cost)
            }
            _ => self.add(shift.cost),
        }
    }

    /// Adds a decimal.
    pub(crate) fn add(&mut self, d: Decimal) -> Option<()> {
        self.add_times_sixtieths(d, 60)
    }

    /// Adds `k / 60 x d` (`k` 1 or 60) exactly.
    fn add_times_sixtieths(&mut self, d: Decimal, k: i128) -> Option<()> {
        let s = d.scale().min(28);
        let p = 10i128.checked_pow(s)?;
        let m = d.mantissa();
        let (w, r) = (m.div_euclid(p), m.rem_euclid(p));
        // k w / 60 = a + b / 60, then b / 60 + k r / (60 10^s) in units.
        let kw = w.checked_mul(k)?;
        let (a, b) = (kw.div_euclid(60), kw.rem_euclid(60));
        let f = b
            .checked_mul(E28)?
            .checked_add(k.checked_mul(r)?.checked_mul(10i128.checked_pow(28 - s)?)?)?;
        self.whole = self.whole.checked_add(a)?;
        self.frac = self.frac.checked_add(f)?;
        self.whole = self.whole.checked_add(self.frac.div_euclid(UNIT))?;
        self.frac = self.frac.rem_euclid(UNIT);
        self.scale = self.scale.max(s);
        Some(())
    }

    /// The total as a decimal: exact when it is one (at the smallest scale
    /// from the largest scale added up to 28 that holds it), else rounded
    /// once, half to even, to the most places (at most 28) a decimal's 96
    /// bits hold. `None` when it is out of the decimal range.
    pub(crate) fn total(&self) -> Option<Decimal> {
        let den = |s: u32| 10i128.checked_pow(28 - s).map(|p| 60 * p);
        let start = (self.scale..=28)
            .find(|&s| den(s).is_some_and(|d| self.frac % d == 0))
            .unwrap_or(28);
        for s in (0..=start).rev() {
            let (Some(d), Some(p)) = (den(s), 10i128.checked_pow(s)) else {
                continue;
            };
            let (q, r) = (self.frac / d, self.frac % d);
            let Some(mut m) = self.whole.checked_mul(p).and_then(|x| x.checked_add(q)) else {
                continue;
            };
            if 2 * r > d || (2 * r == d && m % 2 != 0) {
                m += 1;
            }
            if let Ok(total) = Decimal::try_from_i128_with_scale(m, s) {
                return Some(total);
            }
        }
        None
    }
}

/// The exact total of `shifts`' costs ([`CostSum::add_shift`]), `None`
/// out of range.
pub(crate) fn total_cost<'a>(
    shifts: impl IntoIterator<Item = &'a ScheduledShift>,
) -> Option<Decimal> {
    let mut sum = CostSum::default();
    for s in shifts {
        sum.add_shift(s)?;
    }
    sum.total()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(rate: Decimal, minutes: u32, fixed: Decimal) -> CostParts {
        CostParts {
            rate_x_paid_minutes: rate * Decimal::from(minutes),
            fixed_cost: fixed,
        }
    }

    fn sum_parts(all: &[CostParts]) -> Option<Decimal> {
        let mut s = CostSum::default();
        for p in all {
            s.add_times_sixtieths(p.rate_x_paid_minutes, 1)?;
            s.add(p.fixed_cost)?;
        }
        s.total()
    }

    /// By hand: 3 x 20 x 490 / 60 = 490; 20.50 x 490 / 60 = 167.41666...
    /// twice is 334.8333...; 1/60 six hundred times is 10.
    #[test]
    fn sums_are_exact() {
        let d = Decimal::new;
        let p = parts(d(20, 0), 490, Decimal::ZERO);
        assert_eq!(sum_parts(&[p, p, p]), Some(d(490, 0)));
        assert_eq!(
            sum_parts(&[p, p, p]).map(|x| x.to_string()),
            Some("490".into())
        );
        let q = parts(d(2050, 2), 490, Decimal::ZERO);
        assert_eq!(
            sum_parts(&[q, q]).map(|x| x.to_string()),
            Some("334.83333333333333333333333333".into())
        );
        let r = parts(d(1, 0), 1, Decimal::ZERO);
        assert_eq!(sum_parts(&vec![r; 600]), Some(d(10, 0)));
        // Cents stay cents: 20.00 x 480 / 60 + 5.00 = 165.00, twice 330.00.
        let c = parts(d(2000, 2), 480, d(500, 2));
        assert_eq!(
            sum_parts(&[c, c]).map(|x| x.to_string()),
            Some("330.00".into())
        );
        assert_eq!(sum_parts(&[]), Some(Decimal::ZERO));
    }

    /// Plain decimals, signs and scales mixed, by hand: -0.75 + 1.5 =
    /// 0.75, 2.005 - 3 = -0.995, MAX - 0.5 + 0.5 = MAX, MAX + 1 - 1 = MAX
    /// (a partial sum out of range); MAX + 1 is out of range, and so is
    /// MIN - 1; MIN - 0.4 rounds to MIN.
    #[test]
    fn decimals_are_summed_exactly_in_range() {
        let d = Decimal::new;
        let total = |v: &[Decimal]| {
            let mut s = CostSum::default();
            for x in v {
                s.add(*x)?;
            }
            s.total()
        };
        assert_eq!(total(&[d(-75, 2), d(15, 1)]), Some(d(75, 2)));
        assert_eq!(total(&[d(2005, 3), d(-3, 0)]), Some(d(-995, 3)));
        assert_eq!(
            total(&[Decimal::MAX, d(-5, 1), d(5, 1)]),
            Some(Decimal::MAX)
        );
        assert_eq!(total(&[]), Some(Decimal::ZERO));
        assert_eq!(
            total(&[Decimal::MAX, Decimal::ONE, -Decimal::ONE]),
            Some(Decimal::MAX)
        );
        assert_eq!(total(&[Decimal::MAX, Decimal::ONE]), None);
        assert_eq!(total(&[Decimal::MIN, -Decimal::ONE]), None);
        assert_eq!(total(&[Decimal::MIN, d(-4, 1)]), Some(Decimal::MIN));
    }
}
