//! The cost of an agent hour: the loaded-cost stack, and the step from a
//! paid hour to a productive hour (shrinkage) and a handled hour (occupancy).

use rust_decimal::Decimal;

use crate::error::{
    Error, Result, add, div, mul, non_negative, positive, unit_half_open, unit_left_open,
};
use crate::money::{Currency, Money};

/// Shrinkage: the share of paid time in which an agent is not available for
/// contacts (breaks, meetings, training, absence), in `[0, 1)`.
///
/// # Formula
///
/// Staff paid for `P` hours are available for `P (1 - s)`, so covering `R`
/// productive hours takes `R / (1 - s)` paid hours — a division, never
/// `R x (1 + s)` (at 30 %, `100 x 1.3 = 130` paid hours give only 91
/// productive ones).
///
/// # Errors
///
/// [`Error::InvalidParameter`] naming `shrinkage` outside `[0, 1)`.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::Shrinkage;
///
/// let s = Shrinkage::new(Decimal::new(30, 2))?;
/// assert_eq!(s.paid_per_productive()?, Decimal::ONE / Decimal::new(7, 1));
/// assert!(Shrinkage::new(Decimal::ONE).is_err());
/// # Ok::<(), servops_cost::Error>(())
/// ```
///
/// # References
///
/// SWPP glossary, "shrinkage"; wewfm.com, "Shrinkage: divide, don't multiply".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "crate::serde_impls::DecimalStr",
        into = "crate::serde_impls::DecimalStr"
    )
)]
pub struct Shrinkage(Decimal);

impl Shrinkage {
    /// Shrinkage `value` in `[0, 1)`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `shrinkage` outside `[0, 1)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::Shrinkage;
    ///
    /// assert_eq!(Shrinkage::new(Decimal::ZERO)?.value(), Decimal::ZERO);
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn new(value: Decimal) -> Result<Self> {
        unit_half_open("shrinkage", value).map(Self)
    }

    /// The fraction.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::Shrinkage;
    ///
    /// assert_eq!(Shrinkage::new(Decimal::new(3, 1))?.value(), Decimal::new(3, 1));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn value(&self) -> Decimal {
        self.0
    }

    /// Paid hours per productive hour, `1 / (1 - s)`.
    ///
    /// # Errors
    ///
    /// None in practice (`1 - s > 0`); [`Error::Overflow`] is kept for
    /// shrinkage within `1e-28` of one.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::Shrinkage;
    ///
    /// assert_eq!(Shrinkage::new(Decimal::new(5, 1))?.paid_per_productive()?, Decimal::TWO);
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn paid_per_productive(&self) -> Result<Decimal> {
        div(Decimal::ONE, Decimal::ONE - self.0, "paid_per_productive")
    }

    /// Paid FTE (or hours) needed to deliver `productive` after shrinkage:
    /// `productive / (1 - s)`.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] naming `paid_fte`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::Shrinkage;
    ///
    /// let s = Shrinkage::new(Decimal::new(30, 2))?;
    /// assert_eq!(s.gross_up(Decimal::new(70, 0))?, Decimal::new(100, 0));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn gross_up(&self, productive: Decimal) -> Result<Decimal> {
        div(productive, Decimal::ONE - self.0, "paid_fte")
    }
}

impl TryFrom<Decimal> for Shrinkage {
    type Error = Error;
    fn try_from(value: Decimal) -> Result<Self> {
        Self::new(value)
    }
}

impl From<Shrinkage> for Decimal {
    fn from(s: Shrinkage) -> Self {
        s.0
    }
}

/// Occupancy: the share of available (productive) time spent handling
/// contacts, in `(0, 1]`.
///
/// # Errors
///
/// [`Error::InvalidParameter`] naming `occupancy` outside `(0, 1]`.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::Occupancy;
///
/// assert_eq!(Occupancy::new(Decimal::new(85, 2))?.value(), Decimal::new(85, 2));
/// assert!(Occupancy::new(Decimal::ZERO).is_err());
/// # Ok::<(), servops_cost::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "crate::serde_impls::DecimalStr",
        into = "crate::serde_impls::DecimalStr"
    )
)]
pub struct Occupancy(Decimal);

impl Occupancy {
    /// Occupancy `value` in `(0, 1]`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `occupancy` outside `(0, 1]`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::Occupancy;
    ///
    /// assert!(Occupancy::new(Decimal::ONE).is_ok());
    /// assert!(Occupancy::new(Decimal::new(11, 1)).is_err());
    /// ```
    pub fn new(value: Decimal) -> Result<Self> {
        unit_left_open("occupancy", value).map(Self)
    }

    /// The fraction.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::Occupancy;
    ///
    /// assert_eq!(Occupancy::new(Decimal::ONE)?.value(), Decimal::ONE);
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn value(&self) -> Decimal {
        self.0
    }
}

impl TryFrom<Decimal> for Occupancy {
    type Error = Error;
    fn try_from(value: Decimal) -> Result<Self> {
        Self::new(value)
    }
}

impl From<Occupancy> for Decimal {
    fn from(o: Occupancy) -> Self {
        o.0
    }
}

/// The loaded-cost stack of one agent: what a paid hour really costs.
///
/// # Formula
///
/// Per paid hour, with `H` paid hours per FTE per year:
///
/// ```text
/// wage                                   (given per paid hour)
/// benefits     = wage x load             (payroll taxes, benefits; typically 0.23-0.33)
/// supervision  = supervisor cost per paid hour / span of control
/// technology   = technology per seat per year / H
/// facilities   = facilities per seat per year / H
/// telecom      = telecom per seat per year / H
/// turnover     = cost per hire x annual attrition / H   (recruiting + training to replace leavers)
/// per paid hour = sum of the lines
/// ```
///
/// # Errors
///
/// Each `with_*` method returns [`Error::InvalidParameter`] naming its field
/// for a negative amount, a non-positive span or paid hours, or
/// [`Error::CurrencyMismatch`]; [`LoadedCost::breakdown`] returns
/// [`Error::Overflow`] naming the line that overflows.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{Currency, LoadedCost, Money};
///
/// let usd = |cents: i64| Money::new(Decimal::new(cents, 2), Currency::USD);
/// let stack = LoadedCost::new(usd(2_000))?                   // 20.00 / h
///     .with_benefits_load(Decimal::new(30, 2))?                // 6.00 / h
///     .with_supervision(usd(3_600), Decimal::new(12, 0))?      // 3.00 / h
///     .with_technology_per_year(usd(208_000))?                 // 1.00 / h
///     .with_turnover(usd(520_000), Decimal::new(40, 2))?;      // 1.00 / h
/// let b = stack.breakdown()?;
/// assert_eq!(b.benefits.amount(), Decimal::new(6, 0));
/// assert_eq!(b.per_paid_hour.amount(), Decimal::new(31, 0));
/// # Ok::<(), servops_cost::Error>(())
/// ```
///
/// # References
///
/// Bureau of Labor Statistics, *Employer Costs for Employee Compensation*
/// (wages about 62 % and benefits 38 % of compensation, Dec 2024);
/// contactcenterpipeline.com and RDI Connect cost models (loading 23-33 %).
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedCost {
    currency: Currency,
    wage_per_paid_hour: Decimal,
    paid_hours_per_year: Decimal,
    benefits_load: Decimal,
    supervision_per_paid_hour: Decimal,
    technology_per_year: Decimal,
    facilities_per_year: Decimal,
    telecom_per_year: Decimal,
    cost_per_hire: Decimal,
    annual_attrition: Decimal,
}

/// The lines of a [`LoadedCost`], each per paid hour.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{Currency, LoadedCost, Money};
///
/// let b = LoadedCost::new(Money::new(Decimal::new(40, 0), Currency::USD))?.breakdown()?;
/// assert_eq!(b.per_paid_hour, b.wage);
/// # Ok::<(), servops_cost::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct CostStack {
    /// Base wage.
    pub wage: Money,
    /// Benefits and payroll loading.
    pub benefits: Money,
    /// Supervision (supervisor cost spread over the span of control).
    pub supervision: Money,
    /// Per-seat technology.
    pub technology: Money,
    /// Per-seat facilities.
    pub facilities: Money,
    /// Per-seat telecom.
    pub telecom: Money,
    /// Recruiting and training to replace leavers.
    pub turnover: Money,
    /// The sum: the loaded cost of a paid hour.
    pub per_paid_hour: Money,
}

fn same(currency: Currency, m: Money) -> Result<Decimal> {
    if m.currency() == currency {
        Ok(m.amount())
    } else {
        Err(Error::CurrencyMismatch {
            left: currency,
            right: m.currency(),
        })
    }
}

impl LoadedCost {
    /// Standard paid hours per FTE per year: 52 weeks x 40 hours.
    ///
    /// # Examples
    ///
    /// 52 x 40 = 2,080 hours, the default of [`LoadedCost::new`]; at 15.00
    /// an hour an FTE costs 15 x 2,080 = 31,200.00 a year.
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, LoadedCost, Money};
    ///
    /// assert_eq!(LoadedCost::DEFAULT_PAID_HOURS_PER_YEAR, Decimal::new(52 * 40, 0));
    /// let c = LoadedCost::new(Money::new(Decimal::new(15, 0), Currency::GBP))?;
    /// assert_eq!(c.paid_hours_per_year(), LoadedCost::DEFAULT_PAID_HOURS_PER_YEAR);
    /// assert_eq!(c.annual_cost_per_fte()?.amount(), Decimal::new(31_200, 0));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub const DEFAULT_PAID_HOURS_PER_YEAR: Decimal = Decimal::from_parts(2080, 0, 0, false, 0);

    /// A stack with only a wage per paid hour; add lines with the `with_*` methods.
    /// Paid hours per year default to 2,080.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `wage` if it is negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, LoadedCost, Money};
    ///
    /// let c = LoadedCost::new(Money::new(Decimal::new(18, 0), Currency::EUR))?;
    /// assert_eq!(c.per_paid_hour()?.amount(), Decimal::new(18, 0));
    /// assert!(LoadedCost::new(Money::new(Decimal::NEGATIVE_ONE, Currency::EUR)).is_err());
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn new(wage_per_paid_hour: Money) -> Result<Self> {
        Ok(Self {
            currency: wage_per_paid_hour.currency(),
            wage_per_paid_hour: non_negative("wage", wage_per_paid_hour.amount())?,
            paid_hours_per_year: Self::DEFAULT_PAID_HOURS_PER_YEAR,
            benefits_load: Decimal::ZERO,
            supervision_per_paid_hour: Decimal::ZERO,
            technology_per_year: Decimal::ZERO,
            facilities_per_year: Decimal::ZERO,
            telecom_per_year: Decimal::ZERO,
            cost_per_hire: Decimal::ZERO,
            annual_attrition: Decimal::ZERO,
        })
    }

    /// Paid hours per FTE per year (default 2,080).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `paid_hours_per_year` unless `> 0`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, LoadedCost, Money};
    ///
    /// let c = LoadedCost::new(Money::new(Decimal::TEN, Currency::USD))?
    ///     .with_paid_hours_per_year(Decimal::new(1_950, 0))?;
    /// assert_eq!(c.paid_hours_per_year(), Decimal::new(1_950, 0));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_paid_hours_per_year(mut self, hours: Decimal) -> Result<Self> {
        self.paid_hours_per_year = positive("paid_hours_per_year", hours)?;
        Ok(self)
    }

    /// Benefits and payroll loading as a fraction of the wage (`0.30` = 30 %).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `benefits_load` if negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, LoadedCost, Money};
    ///
    /// let c = LoadedCost::new(Money::new(Decimal::TEN, Currency::USD))?
    ///     .with_benefits_load(Decimal::new(3, 1))?;
    /// assert_eq!(c.per_paid_hour()?.amount(), Decimal::new(13, 0));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_benefits_load(mut self, load: Decimal) -> Result<Self> {
        self.benefits_load = non_negative("benefits_load", load)?;
        Ok(self)
    }

    /// Supervision: a supervisor's loaded cost per paid hour shared by
    /// `span_of_control` agents.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `supervisor_cost` (negative) or
    /// `span_of_control` (not `> 0`); [`Error::CurrencyMismatch`].
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, LoadedCost, Money};
    ///
    /// let c = LoadedCost::new(Money::new(Decimal::ZERO, Currency::USD))?
    ///     .with_supervision(Money::new(Decimal::new(45, 0), Currency::USD), Decimal::new(15, 0))?;
    /// assert_eq!(c.per_paid_hour()?.amount(), Decimal::new(3, 0));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_supervision(
        mut self,
        supervisor_cost_per_paid_hour: Money,
        span_of_control: Decimal,
    ) -> Result<Self> {
        let cost = non_negative(
            "supervisor_cost",
            same(self.currency, supervisor_cost_per_paid_hour)?,
        )?;
        let span = positive("span_of_control", span_of_control)?;
        self.supervision_per_paid_hour = div(cost, span, "supervision")?;
        Ok(self)
    }

    /// Technology per seat per year (ACD/CCaaS, CRM, WFM and QM licences).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `technology_per_year` if negative; [`Error::CurrencyMismatch`].
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, LoadedCost, Money};
    ///
    /// let c = LoadedCost::new(Money::new(Decimal::ZERO, Currency::USD))?
    ///     .with_technology_per_year(Money::new(Decimal::new(4_160, 0), Currency::USD))?;
    /// assert_eq!(c.per_paid_hour()?.amount(), Decimal::TWO);
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_technology_per_year(mut self, per_seat: Money) -> Result<Self> {
        self.technology_per_year =
            non_negative("technology_per_year", same(self.currency, per_seat)?)?;
        Ok(self)
    }

    /// Facilities per seat per year (rent, power, furniture).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `facilities_per_year` if negative; [`Error::CurrencyMismatch`].
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, LoadedCost, Money};
    ///
    /// let c = LoadedCost::new(Money::new(Decimal::ZERO, Currency::USD))?
    ///     .with_facilities_per_year(Money::new(Decimal::new(2_080, 0), Currency::USD))?;
    /// assert_eq!(c.per_paid_hour()?.amount(), Decimal::ONE);
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_facilities_per_year(mut self, per_seat: Money) -> Result<Self> {
        self.facilities_per_year =
            non_negative("facilities_per_year", same(self.currency, per_seat)?)?;
        Ok(self)
    }

    /// Telecom per seat per year.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `telecom_per_year` if negative; [`Error::CurrencyMismatch`].
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, LoadedCost, Money};
    ///
    /// let c = LoadedCost::new(Money::new(Decimal::ZERO, Currency::USD))?
    ///     .with_telecom_per_year(Money::new(Decimal::new(1_040, 0), Currency::USD))?;
    /// assert_eq!(c.per_paid_hour()?.amount(), Decimal::new(5, 1));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_telecom_per_year(mut self, per_seat: Money) -> Result<Self> {
        self.telecom_per_year = non_negative("telecom_per_year", same(self.currency, per_seat)?)?;
        Ok(self)
    }

    /// Turnover: recruiting and training `cost_per_hire`, incurred for the
    /// `annual_attrition` share of seats replaced each year.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `cost_per_hire` or `annual_attrition`
    /// if negative; [`Error::CurrencyMismatch`].
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, LoadedCost, Money};
    ///
    /// let c = LoadedCost::new(Money::new(Decimal::ZERO, Currency::USD))?
    ///     .with_turnover(Money::new(Decimal::new(10_400, 0), Currency::USD), Decimal::new(5, 1))?;
    /// assert_eq!(c.per_paid_hour()?.amount(), Decimal::new(25, 1));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_turnover(
        mut self,
        cost_per_hire: Money,
        annual_attrition: Decimal,
    ) -> Result<Self> {
        self.cost_per_hire = non_negative("cost_per_hire", same(self.currency, cost_per_hire)?)?;
        self.annual_attrition = non_negative("annual_attrition", annual_attrition)?;
        Ok(self)
    }

    /// Paid hours per FTE per year.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, LoadedCost, Money};
    ///
    /// let c = LoadedCost::new(Money::new(Decimal::TEN, Currency::USD))?;
    /// assert_eq!(c.paid_hours_per_year(), Decimal::new(2_080, 0));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn paid_hours_per_year(&self) -> Decimal {
        self.paid_hours_per_year
    }

    /// Every line per paid hour, and their sum.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] naming the line (`benefits`, `turnover`, `per_paid_hour`, ...).
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, LoadedCost, Money};
    ///
    /// let c = LoadedCost::new(Money::new(Decimal::new(20, 0), Currency::USD))?
    ///     .with_benefits_load(Decimal::new(25, 2))?;
    /// let b = c.breakdown()?;
    /// assert_eq!(b.benefits.amount(), Decimal::new(5, 0));
    /// assert_eq!(b.per_paid_hour.amount(), Decimal::new(25, 0));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn breakdown(&self) -> Result<CostStack> {
        let h = self.paid_hours_per_year;
        let wage = self.wage_per_paid_hour;
        let benefits = mul(wage, self.benefits_load, "benefits")?;
        let supervision = self.supervision_per_paid_hour;
        let technology = div(self.technology_per_year, h, "technology")?;
        let facilities = div(self.facilities_per_year, h, "facilities")?;
        let telecom = div(self.telecom_per_year, h, "telecom")?;
        let turnover = div(
            mul(self.cost_per_hire, self.annual_attrition, "turnover")?,
            h,
            "turnover",
        )?;
        let mut total = Decimal::ZERO;
        for line in [
            wage,
            benefits,
            supervision,
            technology,
            facilities,
            telecom,
            turnover,
        ] {
            total = add(total, line, "per_paid_hour")?;
        }
        let m = |d| Money::new(d, self.currency);
        Ok(CostStack {
            wage: m(wage),
            benefits: m(benefits),
            supervision: m(supervision),
            technology: m(technology),
            facilities: m(facilities),
            telecom: m(telecom),
            turnover: m(turnover),
            per_paid_hour: m(total),
        })
    }

    /// The loaded cost of a paid hour (the sum of [`LoadedCost::breakdown`]).
    ///
    /// # Errors
    ///
    /// As [`LoadedCost::breakdown`].
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, LoadedCost, Money};
    ///
    /// let c = LoadedCost::new(Money::new(Decimal::new(40, 0), Currency::USD))?;
    /// assert_eq!(c.per_paid_hour()?.amount(), Decimal::new(40, 0));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn per_paid_hour(&self) -> Result<Money> {
        Ok(self.breakdown()?.per_paid_hour)
    }

    /// The loaded cost of one FTE for a year: per paid hour x paid hours per year.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] naming `annual_cost` (a wage of `10^28` per hour overflows).
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, LoadedCost, Money};
    ///
    /// let c = LoadedCost::new(Money::new(Decimal::new(20, 0), Currency::USD))?;
    /// assert_eq!(c.annual_cost_per_fte()?.amount(), Decimal::new(41_600, 0));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn annual_cost_per_fte(&self) -> Result<Money> {
        let per_hour = self.per_paid_hour()?;
        Ok(Money::new(
            mul(per_hour.amount(), self.paid_hours_per_year, "annual_cost")?,
            self.currency,
        ))
    }
}

/// The cost of a paid, a productive and a handled hour.
///
/// # Formula
///
/// ```text
/// per productive hour = per paid hour / (1 - shrinkage)
/// per handled hour    = per productive hour / occupancy
/// ```
///
/// # Errors
///
/// [`HourlyCosts::new`] returns [`Error::InvalidParameter`] naming
/// `per_paid_hour` if negative, and [`Error::Overflow`] if a division leaves the range.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{Currency, HourlyCosts, Money, Occupancy, RoundingPolicy, Shrinkage};
///
/// let h = HourlyCosts::new(
///     Money::new(Decimal::new(40, 0), Currency::USD),
///     Shrinkage::new(Decimal::new(30, 2))?,
///     Occupancy::new(Decimal::new(85, 2))?,
/// )?;
/// assert_eq!(h.per_productive_hour().present(RoundingPolicy::CENTS), "57.14 USD");
/// assert_eq!(h.per_handled_hour().present(RoundingPolicy::CENTS), "67.23 USD");
/// # Ok::<(), servops_cost::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "crate::serde_impls::HourlyCostsRepr",
        into = "crate::serde_impls::HourlyCostsRepr"
    )
)]
pub struct HourlyCosts {
    per_paid_hour: Money,
    shrinkage: Shrinkage,
    occupancy: Occupancy,
    per_productive_hour: Money,
    per_handled_hour: Money,
}

impl HourlyCosts {
    /// The hour costs from a loaded cost per paid hour, shrinkage and occupancy.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `per_paid_hour` if negative;
    /// [`Error::Overflow`] naming `per_productive_hour` or `per_handled_hour`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, HourlyCosts, Money, Occupancy, Shrinkage};
    ///
    /// let h = HourlyCosts::new(
    ///     Money::new(Decimal::new(35, 0), Currency::USD),
    ///     Shrinkage::new(Decimal::new(30, 2))?,
    ///     Occupancy::new(Decimal::ONE)?,
    /// )?;
    /// assert_eq!(h.per_productive_hour().amount(), Decimal::new(50, 0));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn new(per_paid_hour: Money, shrinkage: Shrinkage, occupancy: Occupancy) -> Result<Self> {
        non_negative("per_paid_hour", per_paid_hour.amount())?;
        let productive = div(
            per_paid_hour.amount(),
            Decimal::ONE - shrinkage.value(),
            "per_productive_hour",
        )?;
        let handled = div(productive, occupancy.value(), "per_handled_hour")?;
        let c = per_paid_hour.currency();
        Ok(Self {
            per_paid_hour,
            shrinkage,
            occupancy,
            per_productive_hour: Money::new(productive, c),
            per_handled_hour: Money::new(handled, c),
        })
    }

    /// Loaded cost of a paid hour.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, HourlyCosts, Money, Occupancy, Shrinkage};
    ///
    /// let paid = Money::new(Decimal::new(40, 0), Currency::USD);
    /// let h = HourlyCosts::new(paid, Shrinkage::default(), Occupancy::new(Decimal::ONE)?)?;
    /// assert_eq!(h.per_paid_hour(), paid);
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn per_paid_hour(&self) -> Money {
        self.per_paid_hour
    }

    /// Cost of a productive (available) hour: per paid hour / (1 - shrinkage).
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, HourlyCosts, Money, Occupancy, Shrinkage};
    ///
    /// let h = HourlyCosts::new(
    ///     Money::new(Decimal::new(40, 0), Currency::USD),
    ///     Shrinkage::new(Decimal::new(20, 2))?,
    ///     Occupancy::new(Decimal::ONE)?,
    /// )?;
    /// assert_eq!(h.per_productive_hour().amount(), Decimal::new(50, 0));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn per_productive_hour(&self) -> Money {
        self.per_productive_hour
    }

    /// Cost of a handled (busy) hour: per productive hour / occupancy.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, HourlyCosts, Money, Occupancy, Shrinkage};
    ///
    /// let h = HourlyCosts::new(
    ///     Money::new(Decimal::new(40, 0), Currency::USD),
    ///     Shrinkage::default(),
    ///     Occupancy::new(Decimal::new(8, 1))?,
    /// )?;
    /// assert_eq!(h.per_handled_hour().amount(), Decimal::new(50, 0));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn per_handled_hour(&self) -> Money {
        self.per_handled_hour
    }

    /// The shrinkage used.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, HourlyCosts, Money, Occupancy, Shrinkage};
    ///
    /// let s = Shrinkage::new(Decimal::new(3, 1))?;
    /// let h = HourlyCosts::new(Money::zero(Currency::USD), s, Occupancy::new(Decimal::ONE)?)?;
    /// assert_eq!(h.shrinkage(), s);
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn shrinkage(&self) -> Shrinkage {
        self.shrinkage
    }

    /// The occupancy used.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, HourlyCosts, Money, Occupancy, Shrinkage};
    ///
    /// let o = Occupancy::new(Decimal::new(9, 1))?;
    /// let h = HourlyCosts::new(Money::zero(Currency::USD), Shrinkage::default(), o)?;
    /// assert_eq!(h.occupancy(), o);
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn occupancy(&self) -> Occupancy {
        self.occupancy
    }
}
