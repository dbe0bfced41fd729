//! `x^(1/n)` to 28 significant digits over the whole positive `Decimal`
//! range.
//!
//! `Decimal` is fixed-point with at most 28 decimal places, so Newton's
//! method run directly in it loses all but a few digits of `y^n` when `x`
//! is tiny (`1e-28^(1/12)` had an error near `2e-18`) and overflows when
//! `x` is near `Decimal::MAX` (an iterate a little above the root has
//! `y^n > Decimal::MAX`). Here the iterates are carried as `m x 10^e`
//! with the mantissa `m` a `Decimal` in `[1, 10)` (28 places, a relative
//! step of `1e-28`) and a separate exponent, so every product keeps its
//! relative precision and nothing overflows.

use rust_decimal::Decimal;

use crate::error::{Error, Result};

/// `m x 10^e`, `m` in `[1, 10)`.
#[derive(Debug, Clone, Copy)]
struct Sci {
    m: Decimal,
    e: i64,
}

fn ten_pow(k: u32) -> Decimal {
    // k <= 28: 10^28 < 2^96.
    Decimal::from_i128_with_scale(10_i128.pow(k), 0)
}

impl Sci {
    /// `x > 0` exactly (the mantissa of `x` has at most 29 digits).
    fn from_decimal(x: Decimal) -> Self {
        let mant = x.mantissa().unsigned_abs();
        let mut digits = 1_u32;
        let mut t = mant / 10;
        while t > 0 {
            digits += 1;
            t /= 10;
        }
        // digits <= 29, so the scale digits - 1 <= 28 and the mantissa fits.
        let m = Decimal::from_i128_with_scale(mant as i128, digits - 1);
        Self {
            m,
            e: i64::from(digits) - 1 - i64::from(x.scale()),
        }
    }

    /// Renormalises `m` in `(0, 100)`.
    fn norm(mut m: Decimal, mut e: i64) -> Option<Self> {
        if m <= Decimal::ZERO {
            return None;
        }
        while m >= Decimal::TEN {
            m = m.checked_div(Decimal::TEN)?;
            e += 1;
        }
        while m < Decimal::ONE {
            m = m.checked_mul(Decimal::TEN)?;
            e -= 1;
        }
        Some(Self { m, e })
    }

    fn mul(self, o: Self) -> Option<Self> {
        Self::norm(self.m.checked_mul(o.m)?, self.e.checked_add(o.e)?)
    }

    fn div(self, o: Self) -> Option<Self> {
        Self::norm(self.m.checked_div(o.m)?, self.e.checked_sub(o.e)?)
    }

    fn pow(self, mut n: u32) -> Option<Self> {
        let mut result = Self {
            m: Decimal::ONE,
            e: 0,
        };
        let mut b = self;
        while n > 0 {
            if n & 1 == 1 {
                result = result.mul(b)?;
            }
            n >>= 1;
            if n > 0 {
                b = b.mul(b)?;
            }
        }
        Some(result)
    }

    /// The value rounded to the nearest `Decimal` (28 places at most);
    /// `None` past `Decimal::MAX`.
    fn to_decimal(self) -> Option<Decimal> {
        if self.e >= 0 {
            let k = u32::try_from(self.e).ok().filter(|&k| k <= 28)?;
            self.m.checked_mul(ten_pow(k))
        } else {
            let mut v = self.m;
            let mut k = self.e.unsigned_abs();
            while k > 0 && !v.is_zero() {
                let step = k.min(28);
                // step <= 28, so the cast is exact.
                v = v.checked_div(ten_pow(step as u32))?;
                k -= step;
            }
            Some(v)
        }
    }
}

/// `x^(1/n)` for `x > 0`, rounded to a `Decimal`: relative error about
/// `1e-28` (a few units of the 28th significant digit), absolute at most
/// about `1e-28` below 1.
///
/// Newton's iteration `y <- y (1 + (x / y^n - 1) / n)` from a `f64`
/// starting point, in the `m x 10^e` form above.
pub(crate) fn nth_root(x: Decimal, n: u32, quantity: &'static str) -> Result<Decimal> {
    let overflow = Error::Overflow { quantity };
    if n == 1 || x <= Decimal::ZERO {
        return Ok(x);
    }
    let xs = Sci::from_decimal(x);
    // log10 x from the f64 mantissa and the exact exponent.
    let lm = f64::try_from(xs.m).unwrap_or(1.0).log10();
    // |e| <= 28 here, exact in f64.
    let ly = (lm + xs.e as f64) / f64::from(n);
    let ey = ly.floor();
    let my = 10_f64.powf(ly - ey);
    let m0 = Decimal::from_f64_retain(my)
        .filter(|m| *m > Decimal::ZERO)
        .unwrap_or(Decimal::ONE);
    // |ey| <= 29, exact as i64.
    let mut y = Sci::norm(m0, ey as i64).ok_or(overflow.clone())?;
    let nd = Decimal::from(n);
    let tiny = Decimal::new(1, 28);
    for _ in 0..20 {
        let ratio = xs
            .div(y.pow(n).ok_or(overflow.clone())?)
            .and_then(Sci::to_decimal)
            .ok_or(overflow.clone())?;
        let step = (ratio - Decimal::ONE)
            .checked_div(nd)
            .ok_or(overflow.clone())?;
        y = y
            .mul(Sci::from_decimal(Decimal::ONE + step))
            .ok_or(overflow.clone())?;
        if step.abs() <= tiny {
            break;
        }
    }
    y.to_decimal().ok_or(overflow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sci_round_trips() {
        for x in [
            Decimal::MAX,
            Decimal::new(1, 28),
            Decimal::ONE,
            Decimal::new(12345, 3),
            Decimal::from_i128_with_scale(99_999, 28),
        ] {
            assert_eq!(Sci::from_decimal(x).to_decimal(), Some(x));
        }
    }

    #[test]
    fn exact_roots() {
        assert_eq!(
            nth_root(Decimal::new(81, 0), 4, "t").ok(),
            Some(Decimal::new(3, 0))
        );
        assert_eq!(
            nth_root(Decimal::new(1, 28), 2, "t").ok(),
            Some(Decimal::new(1, 14))
        );
        assert_eq!(
            nth_root(Decimal::new(1, 28), 4, "t").ok(),
            Some(Decimal::new(1, 7))
        );
    }
}
