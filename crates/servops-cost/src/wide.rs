//! A small fixed-width unsigned integer (512 bits) for exact allocation
//! arithmetic: products of two `Decimal` mantissas scaled to a common
//! exponent need up to about 450 bits.

use std::cmp::Ordering;

const LIMBS: usize = 8;

/// An unsigned 512-bit integer, little-endian 64-bit limbs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct U512([u64; LIMBS]);

impl U512 {
    pub(crate) const ZERO: Self = Self([0; LIMBS]);
    pub(crate) const ONE: Self = Self([1, 0, 0, 0, 0, 0, 0, 0]);

    pub(crate) fn from_u128(v: u128) -> Self {
        let mut l = [0; LIMBS];
        l[0] = v as u64;
        l[1] = (v >> 64) as u64;
        Self(l)
    }

    /// The value as `u128`, if it fits.
    pub(crate) fn to_u128(self) -> Option<u128> {
        if self.0[2..].iter().any(|&x| x != 0) {
            return None;
        }
        Some(u128::from(self.0[0]) | (u128::from(self.0[1]) << 64))
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.0.iter().all(|&x| x == 0)
    }

    /// `self + other`, `None` on overflow.
    pub(crate) fn checked_add(self, other: Self) -> Option<Self> {
        let mut out = [0; LIMBS];
        let mut carry = 0_u64;
        for (i, o) in out.iter_mut().enumerate() {
            let (s1, c1) = self.0[i].overflowing_add(other.0[i]);
            let (s2, c2) = s1.overflowing_add(carry);
            *o = s2;
            carry = u64::from(c1) + u64::from(c2);
        }
        (carry == 0).then_some(Self(out))
    }

    /// `self - other`, `None` if `other > self`.
    pub(crate) fn checked_sub(self, other: Self) -> Option<Self> {
        let mut out = [0; LIMBS];
        let mut borrow = 0_u64;
        for (i, o) in out.iter_mut().enumerate() {
            let (d1, b1) = self.0[i].overflowing_sub(other.0[i]);
            let (d2, b2) = d1.overflowing_sub(borrow);
            *o = d2;
            borrow = u64::from(b1) + u64::from(b2);
        }
        (borrow == 0).then_some(Self(out))
    }

    /// `self x other`, `None` on overflow.
    pub(crate) fn checked_mul(self, other: Self) -> Option<Self> {
        let mut wide = [0_u64; 2 * LIMBS];
        for i in 0..LIMBS {
            if self.0[i] == 0 {
                continue;
            }
            let mut carry = 0_u128;
            for j in 0..LIMBS {
                let t = u128::from(self.0[i]) * u128::from(other.0[j])
                    + u128::from(wide[i + j])
                    + carry;
                wide[i + j] = t as u64;
                carry = t >> 64;
            }
            wide[i + LIMBS] = carry as u64;
        }
        if wide[LIMBS..].iter().any(|&x| x != 0) {
            return None;
        }
        let mut out = [0; LIMBS];
        out.copy_from_slice(&wide[..LIMBS]);
        Some(Self(out))
    }

    fn bit(&self, i: usize) -> bool {
        (self.0[i / 64] >> (i % 64)) & 1 == 1
    }

    fn set_bit(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    /// `self << 1`, `None` if the top bit is lost.
    fn shl1(self) -> Option<Self> {
        if self.bit(64 * LIMBS - 1) {
            return None;
        }
        let mut out = [0; LIMBS];
        let mut carry = 0;
        for (i, o) in out.iter_mut().enumerate() {
            *o = (self.0[i] << 1) | carry;
            carry = self.0[i] >> 63;
        }
        Some(Self(out))
    }

    /// Number of significant bits (0 for zero).
    fn bits(&self) -> usize {
        self.0
            .iter()
            .rposition(|&x| x != 0)
            .map_or(0, |i| 64 * i + 64 - self.0[i].leading_zeros() as usize)
    }

    /// `(self / d, self % d)` for a divisor of one limb: schoolbook
    /// division, one `u128 / u64` step per limb.
    fn div_rem_small(self, d: u64) -> (Self, Self) {
        let mut q = [0; LIMBS];
        let mut rem = 0_u128;
        let d = u128::from(d);
        for i in (0..LIMBS).rev() {
            let cur = (rem << 64) | u128::from(self.0[i]);
            q[i] = (cur / d) as u64;
            rem = cur % d;
        }
        (Self(q), Self::from_u128(rem))
    }

    /// `(self / d, self % d)`, `None` when `d` is zero.
    pub(crate) fn div_rem(self, d: Self) -> Option<(Self, Self)> {
        if d.is_zero() {
            return None;
        }
        if self < d {
            return Some((Self::ZERO, self));
        }
        if d.0[1..].iter().all(|&x| x == 0) {
            return Some(self.div_rem_small(d.0[0]));
        }
        let mut q = Self::ZERO;
        let mut r = Self::ZERO;
        for i in (0..self.bits()).rev() {
            // r < d <= 2^512 - 1; r << 1 can only fail if d has its top bit
            // set, and then r + r is compared through a subtraction instead.
            let shifted = match r.shl1() {
                Some(s) => s,
                None => return self.div_rem_slow(d),
            };
            r = shifted;
            if self.bit(i) {
                r.0[0] |= 1;
            }
            if r >= d {
                r = r.checked_sub(d)?;
                q.set_bit(i);
            }
        }
        Some((q, r))
    }

    /// Division when the divisor has its top bit set: the quotient is 0 or 1.
    fn div_rem_slow(self, d: Self) -> Option<(Self, Self)> {
        if self >= d {
            Some((Self::from_u128(1), self.checked_sub(d)?))
        } else {
            Some((Self::ZERO, self))
        }
    }
}

impl PartialOrd for U512 {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for U512 {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.iter().rev().cmp(other.0.iter().rev())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_matches_u128() {
        let cases: [(u128, u128); 5] = [
            (0, 1),
            (12_345, 7),
            (u128::from(u64::MAX) * 3 + 5, u128::from(u64::MAX)),
            (u128::MAX, 10),
            (u128::MAX / 3, u128::MAX / 7),
        ];
        for (a, b) in cases {
            let (q, r) = U512::from_u128(a).div_rem(U512::from_u128(b)).unwrap();
            assert_eq!(q.to_u128(), Some(a / b));
            assert_eq!(r.to_u128(), Some(a % b));
        }
        // (2^128 - 1)^2 / (2^128 - 1) = 2^128 - 1.
        let m = U512::from_u128(u128::MAX);
        let sq = m.checked_mul(m).unwrap();
        assert_eq!(sq.to_u128(), None);
        let (q, r) = sq.div_rem(m).unwrap();
        assert_eq!(q, m);
        assert!(r.is_zero());
        assert!(U512::from_u128(1).div_rem(U512::ZERO).is_none());
        // A two-limb divisor (the bit-by-bit path): (2^128 - 1)^2 / (2^64 + 3).
        let d = U512::from_u128((1 << 64) + 3);
        let (q, r) = sq.div_rem(d).unwrap();
        assert_eq!(q.checked_mul(d).unwrap().checked_add(r).unwrap(), sq);
        assert!(r < d);
        assert_eq!(U512::ZERO.bits(), 0);
        assert_eq!(m.bits(), 128);
    }
}
