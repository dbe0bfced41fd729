//! Money: an exact decimal amount with its currency, checked arithmetic
//! only, a rounding policy applied only when presenting, and largest-remainder
//! allocation that never loses a cent.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::error::{Error, Result, invalid, overflow};
use crate::wide::U512;

/// An ISO 4217-style currency code: exactly three ASCII letters, stored in
/// upper case.
///
/// # Errors
///
/// [`Currency::new`] returns [`Error::InvalidParameter`] naming `currency`
/// for anything but three ASCII letters.
///
/// # Examples
///
/// ```
/// use servops_cost::Currency;
///
/// let eur = Currency::new("eur")?;
/// assert_eq!(eur, Currency::EUR);
/// assert_eq!(eur.to_string(), "EUR");
/// assert!(Currency::new("EURO").is_err());
/// # Ok::<(), servops_cost::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub struct Currency([u8; 3]);

impl Currency {
    /// United States dollar.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_cost::Currency;
    ///
    /// assert_eq!(Currency::USD, Currency::new("usd")?);
    /// assert_eq!(Currency::USD.as_str(), "USD");
    /// assert_eq!(Currency::USD.minor_units(), Some(2)); // cents
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub const USD: Self = Self(*b"USD");
    /// Euro.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_cost::Currency;
    ///
    /// assert_eq!(Currency::EUR, Currency::new("Eur")?);
    /// assert_eq!(Currency::EUR.to_string(), "EUR");
    /// assert_eq!(Currency::EUR.minor_units(), Some(2)); // cents
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub const EUR: Self = Self(*b"EUR");
    /// Pound sterling.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_cost::Currency;
    ///
    /// assert_eq!(Currency::GBP, Currency::new("gbp")?);
    /// assert_eq!(Currency::GBP.as_str(), "GBP");
    /// assert_eq!(Currency::GBP.minor_units(), Some(2)); // pence
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub const GBP: Self = Self(*b"GBP");

    /// A currency from its three-letter code (any case).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `currency` unless the code is three ASCII letters.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_cost::Currency;
    ///
    /// assert_eq!(Currency::new("gbp")?.as_str(), "GBP");
    /// assert!(Currency::new("£").is_err());
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn new(code: &str) -> Result<Self> {
        let bytes = code.as_bytes();
        match bytes {
            [a, b, c] if bytes.iter().all(u8::is_ascii_alphabetic) => Ok(Self([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
                c.to_ascii_uppercase(),
            ])),
            _ => Err(invalid(
                "currency",
                format!("{code:?}"),
                "three ASCII letters",
            )),
        }
    }

    /// The code, upper case.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_cost::Currency;
    ///
    /// assert_eq!(Currency::USD.as_str(), "USD");
    /// ```
    pub fn as_str(&self) -> &str {
        // Always three ASCII letters, so valid UTF-8.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// The number of decimal places of the currency's minor unit, from
    /// ISO 4217 (`CcyMnrUnts` in List One): 2 for USD (cents), 0 for JPY,
    /// KRW, ISK, CLP, VND, 3 for BHD, KWD, JOD, OMR, TND, IQD, LYD, 4 for
    /// CLF and UYW.
    ///
    /// `None` for a code the list gives no minor unit ("N.A.": XAU, XAG,
    /// XPD, XPT, XDR, XSU, XUA, the bond-market units XBA to XBD, XTS,
    /// XXX), and for any code not in the list, including withdrawn ones
    /// (ANG, BGN, HRK, CUC, SLL, ZWL, ...): the answer is not guessed.
    ///
    /// The table is ISO 4217 List One ("Current currency & funds code
    /// list") as published on 2026-01-01 by the maintenance agency (SIX,
    /// <https://www.six-group.com/dam/download/financial-information/data-center/iso-currrency/lists/list-one.xml>;
    /// standard: <https://www.iso.org/iso-4217-currency-codes.html>): its
    /// 165 codes with a numeric minor unit. A later amendment of the list
    /// needs the table updated.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_cost::Currency;
    ///
    /// assert_eq!(Currency::USD.minor_units(), Some(2));
    /// assert_eq!(Currency::new("JPY")?.minor_units(), Some(0));
    /// assert_eq!(Currency::new("BHD")?.minor_units(), Some(3));
    /// assert_eq!(Currency::new("XAU")?.minor_units(), None); // gold: N.A.
    /// assert_eq!(Currency::new("ABC")?.minor_units(), None); // not a currency
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub const fn minor_units(&self) -> Option<u32> {
        // Binary search of the sorted table (a `const fn` cannot call
        // `binary_search_by`).
        let (mut lo, mut hi) = (0, ISO_4217_MINOR_UNITS.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let (code, units) = ISO_4217_MINOR_UNITS[mid];
            match compare_codes(code, self.0) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(units as u32),
            }
        }
        None
    }
}

/// `a` against `b`, byte by byte (for [`Currency::minor_units`]).
const fn compare_codes(a: [u8; 3], b: [u8; 3]) -> std::cmp::Ordering {
    let mut i = 0;
    while i < 3 {
        if a[i] < b[i] {
            return std::cmp::Ordering::Less;
        }
        if a[i] > b[i] {
            return std::cmp::Ordering::Greater;
        }
        i += 1;
    }
    std::cmp::Ordering::Equal
}

/// ISO 4217 minor units: every code of List One (published 2026-01-01)
/// with a numeric `CcyMnrUnts`, sorted by code. Codes whose minor unit is
/// "N.A." are left out.
#[rustfmt::skip]
const ISO_4217_MINOR_UNITS: [([u8; 3], u8); 165] = [
    (*b"AED", 2), (*b"AFN", 2), (*b"ALL", 2), (*b"AMD", 2), (*b"AOA", 2), (*b"ARS", 2),
    (*b"AUD", 2), (*b"AWG", 2), (*b"AZN", 2), (*b"BAM", 2), (*b"BBD", 2), (*b"BDT", 2),
    (*b"BHD", 3), (*b"BIF", 0), (*b"BMD", 2), (*b"BND", 2), (*b"BOB", 2), (*b"BOV", 2),
    (*b"BRL", 2), (*b"BSD", 2), (*b"BTN", 2), (*b"BWP", 2), (*b"BYN", 2), (*b"BZD", 2),
    (*b"CAD", 2), (*b"CDF", 2), (*b"CHE", 2), (*b"CHF", 2), (*b"CHW", 2), (*b"CLF", 4),
    (*b"CLP", 0), (*b"CNY", 2), (*b"COP", 2), (*b"COU", 2), (*b"CRC", 2), (*b"CUP", 2),
    (*b"CVE", 2), (*b"CZK", 2), (*b"DJF", 0), (*b"DKK", 2), (*b"DOP", 2), (*b"DZD", 2),
    (*b"EGP", 2), (*b"ERN", 2), (*b"ETB", 2), (*b"EUR", 2), (*b"FJD", 2), (*b"FKP", 2),
    (*b"GBP", 2), (*b"GEL", 2), (*b"GHS", 2), (*b"GIP", 2), (*b"GMD", 2), (*b"GNF", 0),
    (*b"GTQ", 2), (*b"GYD", 2), (*b"HKD", 2), (*b"HNL", 2), (*b"HTG", 2), (*b"HUF", 2),
    (*b"IDR", 2), (*b"ILS", 2), (*b"INR", 2), (*b"IQD", 3), (*b"IRR", 2), (*b"ISK", 0),
    (*b"JMD", 2), (*b"JOD", 3), (*b"JPY", 0), (*b"KES", 2), (*b"KGS", 2), (*b"KHR", 2),
    (*b"KMF", 0), (*b"KPW", 2), (*b"KRW", 0), (*b"KWD", 3), (*b"KYD", 2), (*b"KZT", 2),
    (*b"LAK", 2), (*b"LBP", 2), (*b"LKR", 2), (*b"LRD", 2), (*b"LSL", 2), (*b"LYD", 3),
    (*b"MAD", 2), (*b"MDL", 2), (*b"MGA", 2), (*b"MKD", 2), (*b"MMK", 2), (*b"MNT", 2),
    (*b"MOP", 2), (*b"MRU", 2), (*b"MUR", 2), (*b"MVR", 2), (*b"MWK", 2), (*b"MXN", 2),
    (*b"MXV", 2), (*b"MYR", 2), (*b"MZN", 2), (*b"NAD", 2), (*b"NGN", 2), (*b"NIO", 2),
    (*b"NOK", 2), (*b"NPR", 2), (*b"NZD", 2), (*b"OMR", 3), (*b"PAB", 2), (*b"PEN", 2),
    (*b"PGK", 2), (*b"PHP", 2), (*b"PKR", 2), (*b"PLN", 2), (*b"PYG", 0), (*b"QAR", 2),
    (*b"RON", 2), (*b"RSD", 2), (*b"RUB", 2), (*b"RWF", 0), (*b"SAR", 2), (*b"SBD", 2),
    (*b"SCR", 2), (*b"SDG", 2), (*b"SEK", 2), (*b"SGD", 2), (*b"SHP", 2), (*b"SLE", 2),
    (*b"SOS", 2), (*b"SRD", 2), (*b"SSP", 2), (*b"STN", 2), (*b"SVC", 2), (*b"SYP", 2),
    (*b"SZL", 2), (*b"THB", 2), (*b"TJS", 2), (*b"TMT", 2), (*b"TND", 3), (*b"TOP", 2),
    (*b"TRY", 2), (*b"TTD", 2), (*b"TWD", 2), (*b"TZS", 2), (*b"UAH", 2), (*b"UGX", 0),
    (*b"USD", 2), (*b"USN", 2), (*b"UYI", 0), (*b"UYU", 2), (*b"UYW", 4), (*b"UZS", 2),
    (*b"VED", 2), (*b"VES", 2), (*b"VND", 0), (*b"VUV", 0), (*b"WST", 2), (*b"XAD", 2),
    (*b"XAF", 0), (*b"XCD", 2), (*b"XCG", 2), (*b"XOF", 0), (*b"XPF", 0), (*b"YER", 2),
    (*b"ZAR", 2), (*b"ZMW", 2), (*b"ZWG", 2),
];

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Currency {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::new(s)
    }
}

impl TryFrom<String> for Currency {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        Self::new(&s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> Self {
        c.as_str().to_owned()
    }
}

/// How a rounding policy breaks ties and rounds.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{Currency, Money, RoundingMode, RoundingPolicy};
///
/// let m = Money::new(Decimal::new(1_125, 3), Currency::USD); // 1.125
/// assert_eq!(m.rounded(RoundingPolicy::new(2, RoundingMode::HalfEven)).amount(), Decimal::new(112, 2));
/// assert_eq!(m.rounded(RoundingPolicy::new(2, RoundingMode::HalfAwayFromZero)).amount(), Decimal::new(113, 2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum RoundingMode {
    /// Nearest, ties to the even digit ("banker's rounding", IEEE 754 default).
    #[default]
    HalfEven,
    /// Nearest, ties away from zero (the usual commercial rule).
    HalfAwayFromZero,
    /// Truncate toward zero.
    TowardZero,
    /// Away from zero (round every fraction up in magnitude).
    AwayFromZero,
}

impl RoundingMode {
    fn strategy(self) -> RoundingStrategy {
        match self {
            Self::HalfEven => RoundingStrategy::MidpointNearestEven,
            Self::HalfAwayFromZero => RoundingStrategy::MidpointAwayFromZero,
            Self::TowardZero => RoundingStrategy::ToZero,
            Self::AwayFromZero => RoundingStrategy::AwayFromZero,
        }
    }
}

/// The rounding applied when an amount is presented: a number of decimal
/// places and a [`RoundingMode`]. Computations never round; only
/// [`Money::rounded`] and [`Money::present`] do.
///
/// At most 28 places are kept ([`RoundingPolicy::new`] caps larger values);
/// with the `serde` feature, a deserialised policy goes through
/// [`RoundingPolicy::new`] too.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{Currency, Money, RoundingPolicy};
///
/// let m = Money::new(Decimal::new(56_022, 4), Currency::USD); // 5.6022
/// assert_eq!(m.present(RoundingPolicy::CENTS), "5.60 USD");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        from = "crate::serde_impls::RoundingPolicyRepr",
        into = "crate::serde_impls::RoundingPolicyRepr"
    )
)]
pub struct RoundingPolicy {
    decimal_places: u32,
    mode: RoundingMode,
}

impl RoundingPolicy {
    /// Two decimal places, ties to even: the default for presenting amounts.
    ///
    /// Two places suit most currencies (USD, EUR, GBP, ...), not all: a yen
    /// has no minor unit and a Bahraini dinar has 1,000 fils. For an amount
    /// in another currency use [`RoundingPolicy::for_currency`].
    ///
    /// # Examples
    ///
    /// Ties go to the even cent: 2.345 to 2.34, 2.355 to 2.36; anything else
    /// to the nearer: 2.3451 to 2.35.
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{RoundingMode, RoundingPolicy};
    ///
    /// let p = RoundingPolicy::CENTS;
    /// assert_eq!((p.decimal_places(), p.mode()), (2, RoundingMode::HalfEven));
    /// assert_eq!(p.round(Decimal::new(2_345, 3)), Decimal::new(234, 2));
    /// assert_eq!(p.round(Decimal::new(2_355, 3)), Decimal::new(236, 2));
    /// assert_eq!(p.round(Decimal::new(23_451, 4)), Decimal::new(235, 2));
    /// ```
    pub const CENTS: Self = Self {
        decimal_places: 2,
        mode: RoundingMode::HalfEven,
    };

    /// A policy with `decimal_places` (at most 28) and `mode`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_cost::{RoundingMode, RoundingPolicy};
    ///
    /// let p = RoundingPolicy::new(0, RoundingMode::HalfAwayFromZero);
    /// assert_eq!(p.decimal_places(), 0);
    /// ```
    pub const fn new(decimal_places: u32, mode: RoundingMode) -> Self {
        let decimal_places = if decimal_places > 28 {
            28
        } else {
            decimal_places
        };
        Self {
            decimal_places,
            mode,
        }
    }

    /// The policy that rounds to `currency`'s minor unit
    /// ([`Currency::minor_units`], from ISO 4217) with `mode`: 0 places for
    /// JPY, 2 for USD, 3 for BHD.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `currency` when ISO 4217 gives the
    /// code no minor unit (XAU, XXX, ...) or does not list it; choose the
    /// places with [`RoundingPolicy::new`] then.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, Money, RoundingMode, RoundingPolicy};
    ///
    /// let jpy = Currency::new("JPY")?;
    /// let yen = RoundingPolicy::for_currency(jpy, RoundingMode::HalfEven)?;
    /// assert_eq!(Money::new(Decimal::new(3_333, 1), jpy).present(yen), "333 JPY");
    /// let bhd = Currency::new("BHD")?;
    /// let fils = RoundingPolicy::for_currency(bhd, RoundingMode::HalfEven)?;
    /// assert_eq!(Money::new(Decimal::new(34_771, 5), bhd).present(fils), "0.348 BHD");
    /// assert_eq!(RoundingPolicy::for_currency(Currency::USD, RoundingMode::HalfEven)?, RoundingPolicy::CENTS);
    /// assert!(RoundingPolicy::for_currency(Currency::new("XAU")?, RoundingMode::HalfEven).is_err());
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn for_currency(currency: Currency, mode: RoundingMode) -> Result<Self> {
        Ok(Self::new(minor_units_of(currency)?, mode))
    }

    /// Decimal places kept.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_cost::RoundingPolicy;
    ///
    /// assert_eq!(RoundingPolicy::CENTS.decimal_places(), 2);
    /// ```
    pub const fn decimal_places(&self) -> u32 {
        self.decimal_places
    }

    /// The rounding mode.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_cost::{RoundingMode, RoundingPolicy};
    ///
    /// assert_eq!(RoundingPolicy::CENTS.mode(), RoundingMode::HalfEven);
    /// ```
    pub const fn mode(&self) -> RoundingMode {
        self.mode
    }

    /// Rounds a plain decimal with this policy.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::RoundingPolicy;
    ///
    /// assert_eq!(RoundingPolicy::CENTS.round(Decimal::new(30_838_800, 4)), Decimal::new(308_388, 2));
    /// ```
    pub fn round(&self, value: Decimal) -> Decimal {
        value.round_dp_with_strategy(self.decimal_places, self.mode.strategy())
    }
}

impl Default for RoundingPolicy {
    /// [`RoundingPolicy::CENTS`]: two places, whatever the currency (see
    /// [`RoundingPolicy::for_currency`]).
    fn default() -> Self {
        Self::CENTS
    }
}

/// `currency`'s ISO 4217 minor unit, or [`Error::InvalidParameter`] naming
/// `currency`.
fn minor_units_of(currency: Currency) -> Result<u32> {
    currency.minor_units().ok_or_else(|| {
        invalid(
            "currency",
            currency,
            "a code with a minor unit in ISO 4217 List One",
        )
    })
}

/// An exact amount of money in one currency.
///
/// Arithmetic is checked only: every operation returns a `Result`, with
/// [`Error::Overflow`] when the result leaves the `Decimal` range (about
/// `±7.9e28`) and [`Error::CurrencyMismatch`] when currencies differ. There
/// are no operators, because `Decimal`'s operators panic on overflow.
/// Addition and subtraction are exact. Multiplication and division are
/// exact while the result fits `Decimal`'s 96-bit coefficient (28 to 29
/// significant digits, at most 28 decimal places); past that they round
/// half to even at the last digit that fits (see [`Money::checked_mul`]).
/// Round with a [`RoundingPolicy`] only to present.
///
/// With the `serde` feature, `Money` is `{"amount": "5.60", "currency": "USD"}`:
/// the amount is pinned to a string in this type's own serde code, so no
/// feature of `rust_decimal` enabled elsewhere can turn it into a float.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{Currency, Money};
///
/// let a = Money::new(Decimal::new(1_005, 2), Currency::USD); // 10.05
/// let b = Money::new(Decimal::new(295, 2), Currency::USD); // 2.95
/// assert_eq!(a.checked_add(b)?.amount(), Decimal::new(13, 0));
/// assert!(a.checked_add(Money::new(Decimal::ONE, Currency::EUR)).is_err());
/// # Ok::<(), servops_cost::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(from = "crate::serde_impls::MoneyWire"))]
pub struct Money {
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    amount: Decimal,
    currency: Currency,
}

impl Money {
    /// `amount` in `currency`. A negative zero (`-0.00`, which `Decimal`
    /// can hold and shows with its sign) is stored as `0.00`, so that no
    /// amount is shown as "-0.00": the zero parts of a negative pool's
    /// [`allocate`], [`Money::negated`] of zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, Money};
    ///
    /// let m = Money::new(Decimal::new(4_000, 2), Currency::GBP);
    /// assert_eq!(m.currency(), Currency::GBP);
    /// let minus_zero = Decimal::from_parts(0, 0, 0, true, 2);
    /// assert_eq!(Money::new(minus_zero, Currency::GBP).to_string(), "0.00 GBP");
    /// ```
    pub const fn new(amount: Decimal, currency: Currency) -> Self {
        let amount = if amount.is_zero() && amount.is_sign_negative() {
            Decimal::from_parts(0, 0, 0, false, amount.scale())
        } else {
            amount
        };
        Self { amount, currency }
    }

    /// Zero in `currency`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_cost::{Currency, Money};
    ///
    /// assert!(Money::zero(Currency::USD).is_zero());
    /// ```
    pub const fn zero(currency: Currency) -> Self {
        Self::new(Decimal::ZERO, currency)
    }

    /// The exact amount.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, Money};
    ///
    /// assert_eq!(Money::new(Decimal::TEN, Currency::USD).amount(), Decimal::TEN);
    /// ```
    pub const fn amount(&self) -> Decimal {
        self.amount
    }

    /// The currency.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_cost::{Currency, Money};
    ///
    /// assert_eq!(Money::zero(Currency::EUR).currency(), Currency::EUR);
    /// ```
    pub const fn currency(&self) -> Currency {
        self.currency
    }

    /// Whether the amount is zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, Money};
    ///
    /// assert!(!Money::new(Decimal::ONE, Currency::USD).is_zero());
    /// ```
    pub fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }

    /// Whether the amount is below zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, Money};
    ///
    /// assert!(Money::new(Decimal::NEGATIVE_ONE, Currency::USD).is_negative());
    /// ```
    pub fn is_negative(&self) -> bool {
        self.amount < Decimal::ZERO
    }

    fn same_currency(&self, other: &Self) -> Result<()> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(Error::CurrencyMismatch {
                left: self.currency,
                right: other.currency,
            })
        }
    }

    /// `self + other`.
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`], or [`Error::Overflow`] naming `money`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, Money};
    ///
    /// let big = Money::new(Decimal::MAX, Currency::USD);
    /// assert!(big.checked_add(big).is_err());
    /// ```
    pub fn checked_add(self, other: Self) -> Result<Self> {
        self.same_currency(&other)?;
        let amount = self
            .amount
            .checked_add(other.amount)
            .ok_or(overflow("money"))?;
        Ok(Self::new(amount, self.currency))
    }

    /// `self - other`.
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`], or [`Error::Overflow`] naming `money`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, Money};
    ///
    /// let a = Money::new(Decimal::ONE, Currency::USD);
    /// assert_eq!(a.checked_sub(a)?.amount(), Decimal::ZERO);
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn checked_sub(self, other: Self) -> Result<Self> {
        self.same_currency(&other)?;
        let amount = self
            .amount
            .checked_sub(other.amount)
            .ok_or(overflow("money"))?;
        Ok(Self::new(amount, self.currency))
    }

    /// `self x factor`.
    ///
    /// The product is exact when it fits `Decimal`: a 96-bit coefficient
    /// (28 to 29 significant digits) and at most 28 decimal places. Past
    /// that it is rounded half to even at the last digit that fits, as
    /// `rust_decimal` multiplies; only a product whose integer part does not
    /// fit is an overflow.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] naming `money`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, Money};
    ///
    /// let hour = Money::new(Decimal::new(40, 0), Currency::USD);
    /// assert_eq!(hour.checked_mul(Decimal::new(15, 1))?.amount(), Decimal::new(60, 0));
    ///
    /// // 1e-14 × 2.5e-14 = 2.5e-28 keeps 28 decimals: rounded half to even
    /// // to 2e-28; 3.5e-28 would go to 4e-28.
    /// let tiny = Money::new(Decimal::new(1, 14), Currency::USD);
    /// assert_eq!(tiny.checked_mul(Decimal::new(25, 15))?.amount(), Decimal::new(2, 28));
    /// assert_eq!(tiny.checked_mul(Decimal::new(35, 15))?.amount(), Decimal::new(4, 28));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn checked_mul(self, factor: Decimal) -> Result<Self> {
        let amount = self.amount.checked_mul(factor).ok_or(overflow("money"))?;
        Ok(Self::new(amount, self.currency))
    }

    /// `self / divisor` (to `Decimal`'s 28 significant digits).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `divisor` when it is zero;
    /// [`Error::Overflow`] naming `money`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, Money};
    ///
    /// let m = Money::new(Decimal::new(10, 0), Currency::USD);
    /// assert_eq!(m.checked_div(Decimal::new(4, 0))?.amount(), Decimal::new(25, 1));
    /// assert!(m.checked_div(Decimal::ZERO).is_err());
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn checked_div(self, divisor: Decimal) -> Result<Self> {
        if divisor.is_zero() {
            return Err(invalid("divisor", divisor, "non-zero"));
        }
        let amount = self.amount.checked_div(divisor).ok_or(overflow("money"))?;
        Ok(Self::new(amount, self.currency))
    }

    /// `-self`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, Money};
    ///
    /// assert!(Money::new(Decimal::ONE, Currency::USD).negated().is_negative());
    /// ```
    pub fn negated(self) -> Self {
        Self::new(-self.amount, self.currency)
    }

    /// The sum of `items`, all in `currency` (zero for none), added exactly
    /// and rounded once.
    ///
    /// The amounts are added as integers at the largest scale among them,
    /// so the total does not depend on their order, and a running total
    /// beyond `Decimal`'s 28-29 digits does not round it (adding in turn
    /// did: `4247942308.059156990377 + 41067.753567500692 +
    /// 271508495416097813.89690859523 + ...` rounded at the third term and
    /// ended one unit of the 11th place off). The exact total is returned
    /// at that scale when it fits in a `Decimal`; otherwise with as many
    /// places as fit, rounded half to even.
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`]; [`Error::Overflow`] naming `money` when
    /// the total is beyond `Decimal::MAX` in absolute value (a running total
    /// beyond it is no error: `MAX + 1 - 1` is `MAX`).
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, Money};
    ///
    /// let parts = [Decimal::new(1, 2), Decimal::new(2, 2)].map(|d| Money::new(d, Currency::USD));
    /// assert_eq!(Money::sum(parts, Currency::USD)?.amount(), Decimal::new(3, 2));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn sum(items: impl IntoIterator<Item = Self>, currency: Currency) -> Result<Self> {
        let items: Vec<Self> = items.into_iter().collect();
        let zero = Self::zero(currency);
        for m in &items {
            zero.same_currency(m)?;
        }
        let scale = items.iter().map(|m| m.amount.scale()).max().unwrap_or(0);
        // Each |mantissa| x 10^(scale - its scale) < 2^96 x 10^28 < 2^190:
        // the 512-bit totals hold 2^300 of them.
        let (mut pos, mut neg) = (U512::ZERO, U512::ZERO);
        for m in &items {
            let up = U512::from_u128(10_u128.pow(scale - m.amount.scale()));
            let v = U512::from_u128(m.amount.mantissa().unsigned_abs())
                .checked_mul(up)
                .ok_or(overflow("money"))?;
            let total = if m.amount.is_sign_negative() {
                &mut neg
            } else {
                &mut pos
            };
            *total = total.checked_add(v).ok_or(overflow("money"))?;
        }
        let (negative, magnitude) = match pos.checked_sub(neg) {
            Some(d) => (false, d),
            None => (true, neg.checked_sub(pos).ok_or(overflow("money"))?),
        };
        let limit = U512::from_u128(1_u128 << 96);
        // Drop places until the mantissa fits in 96 bits, rounding half to even.
        for drop in 0..=scale {
            let unit = U512::from_u128(10_u128.pow(drop));
            let (q, r) = magnitude.div_rem(unit).ok_or(overflow("money"))?;
            if q >= limit {
                continue;
            }
            let q = q.to_u128().ok_or(overflow("money"))?;
            let twice = r.checked_add(r).ok_or(overflow("money"))?;
            let up = match twice.cmp(&unit) {
                std::cmp::Ordering::Greater => true,
                std::cmp::Ordering::Equal => q % 2 == 1,
                std::cmp::Ordering::Less => false,
            };
            let q = q + u128::from(up);
            if q >= 1_u128 << 96 {
                continue;
            }
            // q < 2^96: exact as i128.
            let mantissa = if negative { -(q as i128) } else { q as i128 };
            return Ok(Self::new(
                Decimal::from_i128_with_scale(mantissa, scale - drop),
                currency,
            ));
        }
        Err(overflow("money"))
    }

    /// The amount rounded with `policy` (same currency).
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, Money, RoundingPolicy};
    ///
    /// let m = Money::new(Decimal::new(3_083_878, 3), Currency::USD);
    /// assert_eq!(m.rounded(RoundingPolicy::CENTS).amount(), Decimal::new(308_388, 2));
    /// ```
    pub fn rounded(&self, policy: RoundingPolicy) -> Self {
        let mut amount = policy.round(self.amount);
        // Show the policy's places even when they are zeros ("5.60").
        if amount.scale() < policy.decimal_places() {
            amount.rescale(policy.decimal_places());
        }
        Self::new(amount, self.currency)
    }

    /// The amount rounded with `policy` and its currency, as text: `"5.60 USD"`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, Money, RoundingPolicy};
    ///
    /// assert_eq!(Money::new(Decimal::new(56, 1), Currency::USD).present(RoundingPolicy::CENTS), "5.60 USD");
    /// ```
    pub fn present(&self, policy: RoundingPolicy) -> String {
        let r = self.rounded(policy);
        format!("{} {}", r.amount, r.currency)
    }
}

impl fmt::Display for Money {
    /// The exact, unrounded amount and the currency.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

/// Splits `pool` into parts proportional to `weights`, each a whole number
/// of minor units (`10^-decimal_places`), summing to `pool` exactly.
/// [`allocate_in_minor_units`] takes the places from the pool's currency.
///
/// # Formula
///
/// Largest-remainder (Hamilton) method: with `U` the pool in minor units and
/// `W = Σ w_i`, part `i` gets `floor(U w_i / W)` units, and the
/// `U - Σ floor(...)` units left over go one each to the parts with the
/// largest fractional remainders (ties to the earlier part). A negative pool
/// is split as its magnitude and negated. Zero weights get nothing.
///
/// # Errors
///
/// [`Error::Empty`] naming `weights`; [`Error::InvalidParameter`] naming
/// `weights` for a negative weight or a zero total, or naming `pool` when it
/// is not a whole number of minor units at `decimal_places`, or naming
/// `decimal_places` above 28; [`Error::Overflow`] naming `allocation` only
/// when a part itself cannot be a `Decimal` (more than 96 bits of mantissa
/// at its minor units, e.g. a pool of `Decimal::MAX` split at 2 places into
/// parts that are not whole units).
///
/// # Accuracy
///
/// Exact for every input. The pool and the weights are turned into
/// integers (the weights over their common power of ten) and
/// `floor(U w_i / W)` and its remainder are computed in 512-bit integer
/// arithmetic, so no product `U x w_i` can overflow, however large, and
/// remainders are compared exactly.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{allocate, Currency, Money};
///
/// // 100.00 over three equal shares: 33.34 + 33.33 + 33.33.
/// let pool = Money::new(Decimal::new(10_000, 2), Currency::USD);
/// let parts = allocate(pool, &[Decimal::ONE; 3], 2)?;
/// let amounts: Vec<Decimal> = parts.iter().map(|m| m.amount()).collect();
/// assert_eq!(amounts, [Decimal::new(3_334, 2), Decimal::new(3_333, 2), Decimal::new(3_333, 2)]);
/// assert_eq!(Money::sum(parts, Currency::USD)?, pool);
/// # Ok::<(), servops_cost::Error>(())
/// ```
///
/// # References
///
/// Balinski, M. L. and Young, H. P. (2001). *Fair Representation*, 2nd ed.,
/// Brookings (Hamilton's method).
pub fn allocate(pool: Money, weights: &[Decimal], decimal_places: u32) -> Result<Vec<Money>> {
    if weights.is_empty() {
        return Err(Error::Empty { name: "weights" });
    }
    if decimal_places > 28 {
        return Err(invalid("decimal_places", decimal_places, "at most 28"));
    }
    if let Some(&w) = weights
        .iter()
        .find(|w| w.is_sign_negative() && !w.is_zero())
    {
        return Err(invalid("weights", w, "each >= 0"));
    }
    // Exact integers: the pool in minor units `U`, and the weights as
    // integers `a_i` over a common power of ten (their largest scale), so
    // that part i is `floor(U a_i / A)` with `A = sum a_i`, and its
    // remainder `U a_i mod A` (all over the same `A`) orders the leftovers.
    // U < 2^96 10^28 < 2^190, a_i < 2^190, A < 2^254 and U a_i < 2^380,
    // so 512 bits never overflow.
    let units = pool_units(pool.amount, decimal_places)?;
    let scale = weights.iter().map(Decimal::scale).max().unwrap_or(0);
    if weights.iter().all(Decimal::is_zero) {
        return Err(invalid("weights", Decimal::ZERO, "a total > 0"));
    }
    // Most allocations fit in 128 bits (U x A < 2^128, and then every
    // U x a_i does too); the 512-bit path is for the rest.
    let narrow = units.to_u128().and_then(|u| {
        let scaled = weights
            .iter()
            .map(|w| {
                w.mantissa()
                    .unsigned_abs()
                    .checked_mul(10_u128.pow((scale - w.scale()).min(28)))
            })
            .collect::<Option<Vec<u128>>>()?;
        let total = scaled.iter().try_fold(0_u128, |t, &a| t.checked_add(a))?;
        u.checked_mul(total)?;
        Some((u, scaled, total))
    });
    let floors: Vec<U512> = match narrow {
        Some((u, scaled, total)) => hamilton(u, &scaled, total)?
            .into_iter()
            .map(U512::from_u128)
            .collect(),
        None => {
            let scaled = weights
                .iter()
                .map(|w| {
                    U512::from_u128(w.mantissa().unsigned_abs())
                        .checked_mul(pow10(scale - w.scale()))
                })
                .collect::<Option<Vec<U512>>>()
                .ok_or(overflow("allocation"))?;
            let total = scaled
                .iter()
                .try_fold(U512::ZERO, |t, &a| t.checked_add(a))
                .ok_or(overflow("allocation"))?;
            hamilton(units, &scaled, total)?
        }
    };
    let negative = pool.amount.is_sign_negative() && !pool.amount.is_zero();
    floors
        .into_iter()
        .map(|f| {
            let amount = units_to_decimal(f, decimal_places)?;
            Ok(Money::new(
                if negative { -amount } else { amount },
                pool.currency,
            ))
        })
        .collect()
}

/// [`allocate`] at the pool currency's minor unit ([`Currency::minor_units`],
/// from ISO 4217): whole yen for JPY, cents for USD, fils (3 places) for BHD.
///
/// # Errors
///
/// [`Error::InvalidParameter`] naming `currency` when ISO 4217 gives the
/// pool's currency no minor unit or does not list it (use [`allocate`] with
/// explicit places then); otherwise as [`allocate`], so a pool that is not
/// a whole number of minor units (1,000.5 yen) is
/// [`Error::InvalidParameter`] naming `pool`.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{allocate_in_minor_units, Currency, Money};
///
/// // 1,000 yen over weights 1 : 2: 333 + 667 (never 333.33 + 666.67).
/// let jpy = Currency::new("JPY")?;
/// let parts = allocate_in_minor_units(Money::new(Decimal::new(1_000, 0), jpy), &[Decimal::ONE, Decimal::TWO])?;
/// let amounts: Vec<Decimal> = parts.iter().map(|m| m.amount()).collect();
/// assert_eq!(amounts, [Decimal::new(333, 0), Decimal::new(667, 0)]);
/// # Ok::<(), servops_cost::Error>(())
/// ```
pub fn allocate_in_minor_units(pool: Money, weights: &[Decimal]) -> Result<Vec<Money>> {
    allocate(pool, weights, minor_units_of(pool.currency)?)
}

/// Exact unsigned integers for [`hamilton`]: `u128` when everything fits,
/// [`U512`] otherwise.
trait ExactInt: Copy + Ord {
    const ZERO: Self;
    const ONE: Self;
    fn add(self, other: Self) -> Option<Self>;
    fn sub(self, other: Self) -> Option<Self>;
    /// `(self x a / d, self x a mod d)`.
    fn mul_div_rem(self, a: Self, d: Self) -> Option<(Self, Self)>;
    fn to_usize(self) -> Option<usize>;
}

impl ExactInt for u128 {
    const ZERO: Self = 0;
    const ONE: Self = 1;
    fn add(self, other: Self) -> Option<Self> {
        self.checked_add(other)
    }
    fn sub(self, other: Self) -> Option<Self> {
        self.checked_sub(other)
    }
    fn mul_div_rem(self, a: Self, d: Self) -> Option<(Self, Self)> {
        let p = self.checked_mul(a)?;
        Some((p.checked_div(d)?, p.checked_rem(d)?))
    }
    fn to_usize(self) -> Option<usize> {
        usize::try_from(self).ok()
    }
}

impl ExactInt for U512 {
    const ZERO: Self = U512::ZERO;
    const ONE: Self = U512::ONE;
    fn add(self, other: Self) -> Option<Self> {
        self.checked_add(other)
    }
    fn sub(self, other: Self) -> Option<Self> {
        self.checked_sub(other)
    }
    fn mul_div_rem(self, a: Self, d: Self) -> Option<(Self, Self)> {
        self.checked_mul(a)?.div_rem(d)
    }
    fn to_usize(self) -> Option<usize> {
        self.to_u128().and_then(|v| usize::try_from(v).ok())
    }
}

/// Largest-remainder allocation of `units` by integer weights `scaled`
/// summing to `total > 0`, exactly.
fn hamilton<T: ExactInt>(units: T, scaled: &[T], total: T) -> Result<Vec<T>> {
    let mut floors = Vec::with_capacity(scaled.len());
    let mut remainders = Vec::with_capacity(scaled.len());
    let mut assigned = T::ZERO;
    for &a in scaled {
        let (floor, rem) = units.mul_div_rem(a, total).ok_or(overflow("allocation"))?;
        assigned = assigned.add(floor).ok_or(overflow("allocation"))?;
        floors.push(floor);
        remainders.push(rem);
    }
    // Exactly: left = sum(rem_i) / A, an integer below the number of
    // non-zero remainders, so every unit left goes to a part with a
    // positive remainder (never to a zero weight).
    let left = units
        .sub(assigned)
        .and_then(T::to_usize)
        .filter(|&l| l <= scaled.len())
        .ok_or(overflow("allocation"))?;
    let mut order: Vec<usize> = (0..scaled.len()).collect();
    // Largest remainder first; ties to the earlier part (stable sort).
    order.sort_by(|&a, &b| remainders[b].cmp(&remainders[a]));
    for &i in order.iter().take(left) {
        floors[i] = floors[i].add(T::ONE).ok_or(overflow("allocation"))?;
    }
    Ok(floors)
}

/// `10^k` for `k <= 28`.
fn pow10(k: u32) -> U512 {
    U512::from_u128(10_u128.pow(k.min(28)))
}

/// `|amount| x 10^decimal_places` as an exact integer.
///
/// # Errors
///
/// [`Error::InvalidParameter`] naming `pool` when it is not a whole number
/// of minor units.
fn pool_units(amount: Decimal, decimal_places: u32) -> Result<U512> {
    let mantissa = amount.mantissa().unsigned_abs();
    let scale = amount.scale();
    if decimal_places >= scale {
        return U512::from_u128(mantissa)
            .checked_mul(pow10(decimal_places - scale))
            .ok_or(overflow("allocation"));
    }
    let drop = 10_u128.pow((scale - decimal_places).min(28));
    if !mantissa.is_multiple_of(drop) {
        return Err(invalid(
            "pool",
            amount,
            "a whole number of minor units at the allocation's decimal places",
        ));
    }
    Ok(U512::from_u128(mantissa / drop))
}

/// `units x 10^-decimal_places` as a `Decimal` (at `decimal_places` when it
/// fits, else with trailing zeros dropped).
///
/// # Errors
///
/// [`Error::Overflow`] naming `allocation` when the amount has more than
/// `Decimal`'s 96-bit mantissa can hold.
fn units_to_decimal(units: U512, decimal_places: u32) -> Result<Decimal> {
    let ten = U512::from_u128(10);
    let mut units = units;
    let mut scale = decimal_places;
    loop {
        if let Some(d) = units
            .to_u128()
            .and_then(|v| i128::try_from(v).ok())
            .and_then(|v| Decimal::try_from_i128_with_scale(v, scale).ok())
        {
            return Ok(d);
        }
        match units.div_rem(ten) {
            Some((q, r)) if scale > 0 && r.is_zero() => {
                units = q;
                scale -= 1;
            }
            _ => return Err(overflow("allocation")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(cents: i64) -> Money {
        Money::new(Decimal::new(cents, 2), Currency::USD)
    }

    #[test]
    fn allocation_of_negative_pool() {
        let parts = allocate(usd(-1001), &[Decimal::ONE, Decimal::TWO], 2).unwrap();
        assert_eq!(parts, vec![usd(-334), usd(-667)]);
    }

    #[test]
    fn allocation_rejects_fractional_units() {
        let pool = Money::new(Decimal::new(1001, 3), Currency::USD);
        assert!(matches!(
            allocate(pool, &[Decimal::ONE], 2),
            Err(Error::InvalidParameter { name: "pool", .. })
        ));
        assert!(matches!(
            allocate(usd(1), &[Decimal::ZERO], 2),
            Err(Error::InvalidParameter {
                name: "weights",
                ..
            })
        ));
        assert!(matches!(
            allocate(usd(1), &[], 2),
            Err(Error::Empty { name: "weights" })
        ));
    }

    #[test]
    fn zero_weight_gets_nothing() {
        let parts = allocate(usd(100), &[Decimal::ZERO, Decimal::ONE, Decimal::ONE], 2).unwrap();
        assert_eq!(parts, vec![usd(0), usd(50), usd(50)]);
    }

    #[test]
    fn minor_unit_table_is_sorted_and_found() {
        // Binary search needs strictly increasing codes.
        for w in ISO_4217_MINOR_UNITS.windows(2) {
            assert!(w[0].0 < w[1].0, "{:?} {:?}", w[0].0, w[1].0);
        }
        for (code, units) in ISO_4217_MINOR_UNITS {
            assert!(code.iter().all(u8::is_ascii_uppercase));
            assert!(units <= 4);
            assert_eq!(Currency(code).minor_units(), Some(u32::from(units)));
        }
        // Before the first and after the last code.
        assert_eq!(Currency(*b"AAA").minor_units(), None);
        assert_eq!(Currency(*b"ZZZ").minor_units(), None);
    }

    #[test]
    fn currency_rejects_bad_codes() {
        for bad in ["", "US", "USDD", "U$D", "€€€"] {
            assert!(Currency::new(bad).is_err(), "{bad}");
        }
    }
}
