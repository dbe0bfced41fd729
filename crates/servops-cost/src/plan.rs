//! Headcount and budget plans: a monthly (or weekly) recurrence of
//! headcount, attrition, hiring classes with a lead time, wash-out, a
//! proficiency ramp, overtime and undertime, and the budget by period.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::error::{
    Error, Result, add, div, invalid, mul, non_negative, positive, sub, unit_closed, unit_half_open,
};
use crate::hourly::Shrinkage;
use crate::money::{Currency, Money};
use crate::root::nth_root;

/// Decimal places at which head counts and FTE are carried.
pub(crate) const FTE_DP: u32 = 4;

/// Rounds a head count or FTE to [`FTE_DP`] places, ties to even.
fn fte(value: Decimal) -> Decimal {
    let mut v = value.round_dp_with_strategy(FTE_DP, RoundingStrategy::MidpointNearestEven);
    if v.scale() < FTE_DP {
        v.rescale(FTE_DP);
    }
    positive_zero(v)
}

/// `value`, with a negative zero made positive (so it prints as `0`).
fn positive_zero(value: Decimal) -> Decimal {
    if value.is_zero() {
        Decimal::ZERO
    } else {
        value
    }
}

/// `max(value, 0)` without a negative zero.
fn clamp_positive(value: Decimal) -> Decimal {
    if value > Decimal::ZERO {
        value
    } else {
        Decimal::ZERO
    }
}

/// The demand of one planning period.
///
/// # Errors
///
/// [`PeriodDemand::new`] returns [`Error::InvalidParameter`] naming
/// `required_productive_fte` (negative) or `paid_hours_per_fte` (not `> 0`).
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{PeriodDemand, Shrinkage};
///
/// // 70 productive FTE needed, 30 % shrinkage, 173.33 paid hours per FTE in the month.
/// let m = PeriodDemand::new(Decimal::new(70, 0), Shrinkage::new(Decimal::new(3, 1))?, Decimal::new(17_333, 2))?;
/// assert_eq!(m.required_paid_fte()?, Decimal::new(100, 0));
/// # Ok::<(), servops_cost::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "crate::serde_impls::PeriodDemandRepr",
        into = "crate::serde_impls::PeriodDemandRepr"
    )
)]
pub struct PeriodDemand {
    required_productive_fte: Decimal,
    shrinkage: Shrinkage,
    paid_hours_per_fte: Decimal,
}

impl PeriodDemand {
    /// A period needing `required_productive_fte` FTE on contact work (the
    /// workload in agent-hours divided by productive hours per FTE, or the
    /// average Erlang requirement), with `shrinkage`, and `paid_hours_per_fte`
    /// paid hours per FTE in the period.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming the field.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{PeriodDemand, Shrinkage};
    ///
    /// assert!(PeriodDemand::new(Decimal::NEGATIVE_ONE, Shrinkage::default(), Decimal::ONE).is_err());
    /// ```
    pub fn new(
        required_productive_fte: Decimal,
        shrinkage: Shrinkage,
        paid_hours_per_fte: Decimal,
    ) -> Result<Self> {
        Ok(Self {
            required_productive_fte: non_negative(
                "required_productive_fte",
                required_productive_fte,
            )?,
            shrinkage,
            paid_hours_per_fte: positive("paid_hours_per_fte", paid_hours_per_fte)?,
        })
    }

    /// A period from its workload in agent-hours on contact work:
    /// `required productive FTE = agent_hours / paid_hours_per_fte` (the
    /// FTE the work would take at full paid hours), so that
    /// `required paid FTE = productive FTE / (1 - shrinkage)
    /// = agent_hours / (paid_hours_per_fte x (1 - shrinkage))`, the hours
    /// divided by the productive hours per FTE.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `agent_hours` or `paid_hours_per_fte`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{PeriodDemand, Shrinkage};
    ///
    /// // 14,000 agent-hours, 160 paid hours per FTE, 30 % shrinkage: 112 h productive per FTE.
    /// let m = PeriodDemand::from_agent_hours(Decimal::new(14_000, 0), Shrinkage::new(Decimal::new(3, 1))?, Decimal::new(160, 0))?;
    /// assert_eq!(m.required_productive_fte(), Decimal::new(875, 1)); // 14,000 / 160
    /// assert_eq!(m.required_paid_fte()?, Decimal::new(125, 0));      // 87.5 / 0.7
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn from_agent_hours(
        agent_hours: Decimal,
        shrinkage: Shrinkage,
        paid_hours_per_fte: Decimal,
    ) -> Result<Self> {
        let agent_hours = non_negative("agent_hours", agent_hours)?;
        let hours = positive("paid_hours_per_fte", paid_hours_per_fte)?;
        Self::new(
            div(agent_hours, hours, "required_productive_fte")?,
            shrinkage,
            hours,
        )
    }

    /// Shrinkage of the period.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{PeriodDemand, Shrinkage};
    ///
    /// let s = Shrinkage::new(Decimal::new(3, 1))?;
    /// assert_eq!(PeriodDemand::new(Decimal::TEN, s, Decimal::ONE)?.shrinkage(), s);
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn shrinkage(&self) -> Shrinkage {
        self.shrinkage
    }

    /// Paid hours per FTE in the period.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{PeriodDemand, Shrinkage};
    ///
    /// let m = PeriodDemand::new(Decimal::TEN, Shrinkage::default(), Decimal::new(160, 0))?;
    /// assert_eq!(m.paid_hours_per_fte(), Decimal::new(160, 0));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn paid_hours_per_fte(&self) -> Decimal {
        self.paid_hours_per_fte
    }

    /// Required productive FTE (without shrinkage).
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{PeriodDemand, Shrinkage};
    ///
    /// let m = PeriodDemand::new(Decimal::TEN, Shrinkage::default(), Decimal::ONE)?;
    /// assert_eq!(m.required_productive_fte(), Decimal::TEN);
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn required_productive_fte(&self) -> Decimal {
        self.required_productive_fte
    }

    /// Required paid FTE (with shrinkage): `productive / (1 - shrinkage)`,
    /// carried at 4 decimal places.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] naming `paid_fte`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{PeriodDemand, Shrinkage};
    ///
    /// let m = PeriodDemand::new(Decimal::TEN, Shrinkage::new(Decimal::new(3, 1))?, Decimal::ONE)?;
    /// assert_eq!(m.required_paid_fte()?, Decimal::new(142_857, 4));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn required_paid_fte(&self) -> Result<Decimal> {
        Ok(fte(self
            .shrinkage
            .gross_up(self.required_productive_fte)?))
    }
}

/// Attrition per planning period (a month or a week).
///
/// # Formula
///
/// From an annual rate `a` over `n` periods a year, compounded:
/// `m = 1 - (1 - a)^(1/n)` (35 % a year is 3.53 % a month, not `35/12 = 2.92 %`).
///
/// Here `a` is the share of a fixed starting headcount that has left after
/// a year, with nobody replaced (cohort survival). An attrition KPI measured
/// as leavers / average headcount of a team that backfills its leavers
/// (the usual contact-centre figure) is `n x m` instead: at a steady
/// headcount, 35 % leavers a year is [`AttritionRate::per_period_rate`]
/// `(0.35 / 12)`, 2.92 % a month; through `from_annual` it would plan
/// 12 x 3.53 % = 42.3 % leavers a year.
///
/// # Errors
///
/// [`Error::InvalidParameter`] naming `attrition` outside `[0, 1)` or
/// `periods_per_year` zero.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::AttritionRate;
///
/// let m = AttritionRate::from_annual(Decimal::new(35, 2), 12)?;
/// assert_eq!(m.per_period().round_dp(4), Decimal::new(353, 4));
/// assert!(AttritionRate::per_period_rate(Decimal::ONE).is_err());
/// # Ok::<(), servops_cost::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "crate::serde_impls::DecimalStr",
        into = "crate::serde_impls::DecimalStr"
    )
)]
pub struct AttritionRate(Decimal);

impl AttritionRate {
    /// A rate per planning period in `[0, 1)`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `attrition` outside `[0, 1)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::AttritionRate;
    ///
    /// assert_eq!(AttritionRate::per_period_rate(Decimal::new(3, 2))?.per_period(), Decimal::new(3, 2));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn per_period_rate(rate: Decimal) -> Result<Self> {
        unit_half_open("attrition", rate).map(Self)
    }

    /// The per-period rate equivalent to an annual rate `annual` compounded
    /// over `periods_per_year` periods.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `attrition` or `periods_per_year`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::AttritionRate;
    ///
    /// let w = AttritionRate::from_annual(Decimal::new(40, 2), 52)?;
    /// assert!(w.per_period() < Decimal::new(1, 2));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn from_annual(annual: Decimal, periods_per_year: u32) -> Result<Self> {
        let annual = unit_half_open("attrition", annual)?;
        if periods_per_year == 0 {
            return Err(invalid("periods_per_year", 0, ">= 1"));
        }
        let stay = nth_root(Decimal::ONE - annual, periods_per_year, "attrition")?;
        Self::per_period_rate(Decimal::ONE - stay)
    }

    /// The rate per period.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_cost::AttritionRate;
    ///
    /// assert!(AttritionRate::default().per_period().is_zero());
    /// ```
    pub fn per_period(&self) -> Decimal {
        self.0
    }
}

/// Proficiency of a new hire by periods since graduation (`k = 0` in the
/// graduation period); 1 once the ramp is over. Levels are carried at 4
/// decimal places.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::Ramp;
///
/// let stepped = Ramp::Stepped(vec![(2, Decimal::new(5, 1)), (1, Decimal::new(8, 1))]);
/// assert_eq!(stepped.proficiency(1), Decimal::new(5, 1));
/// assert_eq!(stepped.proficiency(2), Decimal::new(8, 1));
/// assert_eq!(stepped.proficiency(3), Decimal::ONE);
/// let linear = Ramp::Linear { start: Decimal::new(4, 1), periods: 3 };
/// assert_eq!(linear.proficiency(1), Decimal::new(6, 1));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Ramp {
    /// Fully proficient at graduation.
    #[default]
    None,
    /// Steps of `(periods, level)`, in order, then 1.
    Stepped(Vec<(u32, Decimal)>),
    /// From `start` at graduation straight up to 1 after `periods`:
    /// `start + (1 - start) k / periods`.
    Linear {
        /// Proficiency at graduation.
        start: Decimal,
        /// Periods to full proficiency.
        periods: u32,
    },
    /// Any learning curve, one level per period since graduation, then 1.
    Curve(Vec<Decimal>),
}

impl Ramp {
    /// Proficiency `k` periods after graduation, rounded to 4 decimal places.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::Ramp;
    ///
    /// let curve = Ramp::Curve(vec![Decimal::new(3, 1), Decimal::new(7, 1)]);
    /// assert_eq!(curve.proficiency(0), Decimal::new(3, 1));
    /// assert_eq!(Ramp::None.proficiency(0), Decimal::ONE);
    /// ```
    pub fn proficiency(&self, k: u32) -> Decimal {
        let level = match self {
            Self::None => Decimal::ONE,
            Self::Stepped(steps) => {
                let mut end = 0_u64;
                let mut level = Decimal::ONE;
                for &(periods, l) in steps {
                    end += u64::from(periods);
                    if u64::from(k) < end {
                        level = l;
                        break;
                    }
                }
                level
            }
            Self::Linear { start, periods } => {
                if k >= *periods {
                    Decimal::ONE
                } else {
                    // k < periods: the ratio is in [0, 1) and the product small.
                    let ratio = Decimal::from(k)
                        .checked_div(Decimal::from(*periods))
                        .unwrap_or(Decimal::ONE);
                    (Decimal::ONE - *start)
                        .checked_mul(ratio)
                        .and_then(|x| x.checked_add(*start))
                        .unwrap_or(Decimal::ONE)
                }
            }
            Self::Curve(levels) => levels.get(k as usize).copied().unwrap_or(Decimal::ONE),
        };
        fte(level)
    }

    fn check(&self) -> Result<()> {
        match self {
            Self::None => Ok(()),
            Self::Stepped(steps) => {
                for &(_, l) in steps {
                    unit_closed("ramp", l)?;
                }
                Ok(())
            }
            Self::Linear { start, .. } => unit_closed("ramp", *start).map(|_| ()),
            Self::Curve(levels) => {
                for &l in levels {
                    unit_closed("ramp", l)?;
                }
                Ok(())
            }
        }
    }
}

/// The budget of one period (or the plan's totals).
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::*;
///
/// let usd = |v: i64| Money::new(Decimal::new(v, 0), Currency::USD);
/// let month = PeriodDemand::new(Decimal::new(63, 0), Shrinkage::new(Decimal::new(3, 1))?, Decimal::new(160, 0))?;
/// let plan = HeadcountPlan::new(vec![month; 3], Decimal::new(85, 0), Currency::USD)?
///     .with_hiring(0, 1, Decimal::ZERO)?
///     .with_costs(usd(40), usd(30), usd(2_000))?
///     .run()?;
/// // 90 paid FTE needed (63 / 0.7); a class of 5 starts in month 1 and graduates in month 2.
/// let b: PeriodBudget = plan.periods[0].budget;
/// assert_eq!(b.salaries, usd(544_000)); // 85 x 160 x 40
/// assert_eq!(b.trainee_salaries, usd(24_000)); // 5 x 160 x 30
/// assert_eq!(b.hiring, usd(10_000)); // 5 x 2,000
/// assert_eq!(b.total, usd(578_000));
/// # Ok::<(), servops_cost::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct PeriodBudget {
    /// Working headcount x paid hours x loaded cost per paid hour.
    pub salaries: Money,
    /// Trainees in classroom x paid hours x trainee cost per paid hour.
    pub trainee_salaries: Money,
    /// Hires starting this period x cost per hire (recruiting, training materials).
    pub hiring: Money,
    /// Overtime FTE x paid hours x (1 + premium) x the overtime base rate
    /// ([`HeadcountPlan::with_overtime_base_rate`]; the loaded cost per paid
    /// hour when not set).
    pub overtime: Money,
    /// Undertime (unpaid voluntary time off) FTE x paid hours x the
    /// undertime saving rate ([`HeadcountPlan::with_undertime_saving_rate`];
    /// the loaded cost per paid hour when not set); subtracted.
    pub undertime_saving: Money,
    /// `salaries + trainee_salaries + hiring + overtime - undertime_saving`.
    pub total: Money,
}

/// One period of a plan, in the shape capacity planners expect.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::*;
///
/// let usd = |v: i64| Money::new(Decimal::new(v, 0), Currency::USD);
/// let month = PeriodDemand::new(Decimal::new(63, 0), Shrinkage::new(Decimal::new(3, 1))?, Decimal::new(160, 0))?;
/// let plan = HeadcountPlan::new(vec![month; 3], Decimal::new(85, 0), Currency::USD)?
///     .with_hiring(0, 1, Decimal::ZERO)?
///     .with_costs(usd(40), usd(30), usd(2_000))?
///     .run()?;
/// let first: &PlanPeriod = &plan.periods[0];
/// assert_eq!(first.required_paid_fte, Decimal::new(90, 0));
/// assert_eq!(first.gap, Decimal::new(-5, 0)); // 85 available
/// assert_eq!(first.gap_pct.unwrap().round_dp(4), Decimal::new(-556, 4));
/// assert_eq!(plan.periods[1].graduates, Decimal::new(5, 0));
/// assert_eq!(plan.periods[1].gap, Decimal::ZERO);
/// # Ok::<(), servops_cost::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct PlanPeriod {
    /// Period index (0-based).
    pub period: usize,
    /// Required FTE without shrinkage.
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub required_productive_fte: Decimal,
    /// Required FTE with shrinkage (paid), 4 dp.
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub required_paid_fte: Decimal,
    /// Headcount on the floor at the start of the period.
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub opening_headcount: Decimal,
    /// Leavers (attrition of the opening headcount, at the start of the period).
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub leavers: Decimal,
    /// Graduates joining the floor (at the start of the period).
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub graduates: Decimal,
    /// `opening - leavers + graduates`, exactly; the working headcount of the
    /// period and the next period's opening headcount.
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub closing_headcount: Decimal,
    /// Of the closing headcount, those at full proficiency.
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub tenured_headcount: Decimal,
    /// Trainees in the classroom (paid, not on the floor).
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub trainees: Decimal,
    /// Hires of the class starting this period (whole people; never negative).
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub hires: Decimal,
    /// Available FTE: tenured + new hires x proficiency (paid FTE equivalent).
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub available_fte: Decimal,
    /// `available - required paid`: positive is a surplus, negative a shortfall.
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub gap: Decimal,
    /// `gap / required paid`; `None` when nothing is required.
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str_option"))]
    pub gap_pct: Option<Decimal>,
    /// `max(gap, 0)`.
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub surplus: Decimal,
    /// Overtime worked, in FTE (overtime hours / paid hours per FTE), to
    /// close a shortfall, up to the overtime cap: the paid-FTE shortfall it
    /// covers, or less with [`HeadcountPlan::with_overtime_shrinkage`].
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub overtime_fte: Decimal,
    /// `overtime / available`; `None` when nothing is available.
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str_option"))]
    pub overtime_pct: Option<Decimal>,
    /// Undertime (VTO) FTE taken to shed a surplus (up to the undertime cap).
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub undertime_fte: Decimal,
    /// Paid-FTE shortfall left after overtime.
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub unmet_fte: Decimal,
    /// The period's budget.
    pub budget: PeriodBudget,
}

/// A computed plan: every period and the totals.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::*;
///
/// let usd = |v: i64| Money::new(Decimal::new(v, 0), Currency::USD);
/// let month = PeriodDemand::new(Decimal::new(63, 0), Shrinkage::new(Decimal::new(3, 1))?, Decimal::new(160, 0))?;
/// let plan = HeadcountPlan::new(vec![month; 3], Decimal::new(85, 0), Currency::USD)?
///     .with_hiring(0, 1, Decimal::ZERO)?
///     .with_costs(usd(40), usd(30), usd(2_000))?
///     .run()?;
/// let result: &PlanResult = &plan;
/// assert_eq!(result.total_hires, Decimal::new(5, 0));
/// assert_eq!(result.periods.len(), 3);
/// # Ok::<(), servops_cost::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct PlanResult {
    /// Each period.
    pub periods: Vec<PlanPeriod>,
    /// Hires over the plan.
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub total_hires: Decimal,
    /// Sum of the period budgets.
    pub total_budget: PeriodBudget,
}

/// A headcount and budget plan over a horizon of months or weeks.
///
/// # Formula
///
/// Head counts and FTE are carried at 4 decimal places (ties to even), so
/// every identity below holds exactly in `Decimal`. In period `m`, in this order:
///
/// ```text
/// required paid   R_m = round4(productive_m / (1 - shrinkage_m))
/// leavers         L_m = sum over cohorts c of round4(heads_c x attrition)   (tenured staff are one cohort)
/// graduates       G_m = round4(hires x (1 - wash-out)) of the class started at m - classroom,
///                 hires = ceil((R_m - (H_m - L_m)) / (1 - wash-out)) if positive, else 0
///                 (classes can graduate from m = recruiting + classroom on)
/// closing         H_{m+1} = H_m - L_m + G_m          (the working headcount of period m)
/// available       A_m = sum over cohorts of heads_c x proficiency(m - graduation_c)
/// gap             A_m - R_m; surplus max(gap, 0); shortfall max(-gap, 0)
/// overtime        O_m = min(need, round4(A_m x max overtime)), need = shortfall, or
///                 round4(shortfall x (1 - s_m) / (1 - s_ot)) with an overtime shrinkage;
///                 unmet = shortfall - the part of it O_m covers
/// undertime       min(surplus, round4(A_m x max undertime))
/// budget          H_{m+1} x hours x cost + trainees x hours x trainee cost + hires x cost per hire
///                 + overtime x hours x overtime base rate x (1 + premium)
///                 - undertime x hours x undertime saving rate
///                 (both rates default to the loaded cost per paid hour)
/// ```
///
/// Hires are sized to the headcount target of the graduation period; they
/// are never negative, so a surplus shows as a surplus (and undertime).
/// Leavers leave and graduates join at the start of the period; trainees
/// are paid during the classroom periods and wash out at graduation.
/// Hiring is sized in heads: graduates still on the [`Ramp`] count at full
/// headcount, so the available FTE can stay short while they ramp up.
///
/// Only classes that graduate inside the horizon are planned, so the last
/// `classroom` periods carry no trainee salaries or hiring cost for classes
/// that would graduate after it: to budget those, append the following
/// periods' demand and read only the periods you need.
///
/// # Errors
///
/// Constructors and `with_*` methods return [`Error::InvalidParameter`]
/// naming the field; [`HeadcountPlan::run`] returns [`Error::Overflow`]
/// naming the budget line (`budget.salaries`, ...) when an amount leaves the
/// decimal range.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::*;
///
/// let d = |v: i64| Decimal::new(v, 0);
/// let s = Shrinkage::new(Decimal::new(30, 2))?;
/// let months = [70, 70, 77, 84, 84, 63]
///     .map(|p| PeriodDemand::new(d(p), s, d(160)))
///     .into_iter()
///     .collect::<Result<Vec<_>>>()?;
/// let plan = HeadcountPlan::new(months, d(100), Currency::USD)?
///     .with_attrition(AttritionRate::per_period_rate(Decimal::new(3, 2))?)
///     .with_hiring(1, 1, Decimal::new(1, 1))? // 1 month recruiting, 1 month classroom, 10 % wash-out
///     .with_costs(Money::new(d(40), Currency::USD), Money::new(d(30), Currency::USD), Money::new(d(3_000), Currency::USD))?
///     .run()?;
/// for w in plan.periods.windows(2) {
///     assert_eq!(w[1].opening_headcount, w[0].opening_headcount - w[0].leavers + w[0].graduates);
/// }
/// assert!(plan.periods.iter().all(|p| p.hires >= Decimal::ZERO));
/// assert!(plan.periods[5].surplus > Decimal::ZERO); // demand falls in the last month
/// # Ok::<(), servops_cost::Error>(())
/// ```
///
/// # References
///
/// Amazon Connect, "Capacity planning: review output" (required FTE with
/// and without shrinkage, available FTE, gap, gap %, overtime %);
/// contactcenterpipeline.com, "The Retention Connection" (attrition).
#[derive(Debug, Clone, PartialEq)]
pub struct HeadcountPlan {
    periods: Vec<PeriodDemand>,
    opening_headcount: Decimal,
    currency: Currency,
    attrition: AttritionRate,
    recruiting_periods: u32,
    classroom_periods: u32,
    washout: Decimal,
    ramp: Ramp,
    max_overtime: Decimal,
    overtime_premium: Decimal,
    max_undertime: Decimal,
    cost_per_paid_hour: Decimal,
    trainee_cost_per_paid_hour: Decimal,
    cost_per_hire: Decimal,
    overtime_base_rate: Option<Decimal>,
    undertime_saving_rate: Option<Decimal>,
    overtime_shrinkage: Option<Shrinkage>,
}

struct Cohort {
    graduated: Option<usize>,
    heads: Decimal,
}

impl HeadcountPlan {
    /// The largest head count or FTE a plan carries: `10^20`. Below it every
    /// head count has at most 24 integer digits and 4 decimals, so sums of
    /// up to 10,000 of them stay exact in `Decimal`'s 28 digits and the plan's
    /// identities (closing = opening - leavers + graduates) hold exactly.
    /// Past it (a shrinkage a hair below 1, a wash-out a hair below 1, or a
    /// requirement typed in the wrong unit) [`HeadcountPlan::run`] returns
    /// [`Error::Overflow`].
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, Error, HeadcountPlan, PeriodDemand, Shrinkage};
    ///
    /// assert_eq!(HeadcountPlan::MAX_HEADCOUNT, Decimal::from(100_000_000_000_000_000_000_u128));
    /// // 10^6 FTE on the phones at a shrinkage of 1 - 10^-16: 10^22 paid FTE.
    /// let shrinkage = Shrinkage::new(Decimal::ONE - Decimal::new(1, 16))?;
    /// let m = PeriodDemand::new(Decimal::from(1_000_000), shrinkage, Decimal::ONE)?;
    /// let err = HeadcountPlan::new(vec![m], Decimal::ONE, Currency::USD)?.run().unwrap_err();
    /// assert_eq!(err, Error::Overflow { quantity: "required_paid_fte" });
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub const MAX_HEADCOUNT: Decimal =
        Decimal::from_parts(1_661_992_960, 1_808_227_885, 5, false, 0);

    /// A plan over `periods` starting from `opening_headcount` (fully
    /// proficient), in `currency`; no attrition, no hiring pipeline (hiring
    /// is off until [`HeadcountPlan::with_hiring`]), no overtime, zero costs.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] naming `periods`; [`Error::InvalidParameter`] naming
    /// `opening_headcount` if negative or above
    /// [`HeadcountPlan::MAX_HEADCOUNT`].
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, HeadcountPlan};
    ///
    /// assert!(HeadcountPlan::new(vec![], Decimal::TEN, Currency::USD).is_err());
    /// ```
    pub fn new(
        periods: Vec<PeriodDemand>,
        opening_headcount: Decimal,
        currency: Currency,
    ) -> Result<Self> {
        if periods.is_empty() {
            return Err(Error::Empty { name: "periods" });
        }
        if opening_headcount > Self::MAX_HEADCOUNT {
            return Err(invalid(
                "opening_headcount",
                opening_headcount,
                "<= HeadcountPlan::MAX_HEADCOUNT (1e20)",
            ));
        }
        Ok(Self {
            periods,
            opening_headcount: fte(non_negative("opening_headcount", opening_headcount)?),
            currency,
            attrition: AttritionRate::default(),
            // Hiring is off until `with_hiring`: no class can ever graduate.
            recruiting_periods: u32::MAX,
            classroom_periods: 0,
            washout: Decimal::ZERO,
            ramp: Ramp::None,
            max_overtime: Decimal::ZERO,
            overtime_premium: Decimal::ZERO,
            max_undertime: Decimal::ZERO,
            cost_per_paid_hour: Decimal::ZERO,
            trainee_cost_per_paid_hour: Decimal::ZERO,
            cost_per_hire: Decimal::ZERO,
            overtime_base_rate: None,
            undertime_saving_rate: None,
            overtime_shrinkage: None,
        })
    }

    /// Attrition per period, applied to everyone on the floor.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{AttritionRate, Currency, HeadcountPlan, PeriodDemand, Shrinkage};
    ///
    /// let m = PeriodDemand::new(Decimal::ZERO, Shrinkage::default(), Decimal::ONE)?;
    /// let p = HeadcountPlan::new(vec![m], Decimal::new(100, 0), Currency::USD)?
    ///     .with_attrition(AttritionRate::per_period_rate(Decimal::new(5, 2))?)
    ///     .run()?;
    /// assert_eq!(p.periods[0].leavers, Decimal::new(5, 0));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_attrition(mut self, attrition: AttritionRate) -> Self {
        self.attrition = attrition;
        self
    }

    /// The hiring pipeline: a class is decided `recruiting_periods` before it
    /// starts, sits `classroom_periods` in training, loses `washout` of its
    /// hires, and graduates onto the floor. Lead time to the floor:
    /// `recruiting + classroom` periods; the nesting that follows is the [`Ramp`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `washout` outside `[0, 1)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, HeadcountPlan, PeriodDemand, Shrinkage};
    ///
    /// let m = PeriodDemand::new(Decimal::TEN, Shrinkage::default(), Decimal::ONE)?;
    /// let plan = HeadcountPlan::new(vec![m; 4], Decimal::ZERO, Currency::USD)?;
    /// assert!(plan.clone().with_hiring(1, 2, Decimal::ONE).is_err());
    /// let p = plan.with_hiring(1, 2, Decimal::new(2, 1))?.run()?;
    /// assert_eq!(p.periods[1].hires, Decimal::new(13, 0)); // ceil(10 / 0.8), starts in period 1
    /// assert_eq!(p.periods[3].graduates, Decimal::new(104, 1)); // 13 x 0.8
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_hiring(
        mut self,
        recruiting_periods: u32,
        classroom_periods: u32,
        washout: Decimal,
    ) -> Result<Self> {
        self.washout = unit_half_open("washout", washout)?;
        self.recruiting_periods = recruiting_periods;
        self.classroom_periods = classroom_periods;
        Ok(self)
    }

    /// The proficiency ramp of new graduates (nesting).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `ramp` for a level outside `[0, 1]`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, HeadcountPlan, PeriodDemand, Ramp, Shrinkage};
    ///
    /// let m = PeriodDemand::new(Decimal::TEN, Shrinkage::default(), Decimal::ONE)?;
    /// let plan = HeadcountPlan::new(vec![m], Decimal::ZERO, Currency::USD)?;
    /// assert!(plan.with_ramp(Ramp::Curve(vec![Decimal::TWO])).is_err());
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_ramp(mut self, ramp: Ramp) -> Result<Self> {
        ramp.check()?;
        self.ramp = ramp;
        Ok(self)
    }

    /// Overtime: at most `max_share` of available FTE (e.g. `0.05`), paid at
    /// `1 + premium` times the overtime base rate: the loaded cost per paid
    /// hour unless [`HeadcountPlan::with_overtime_base_rate`] sets the wage
    /// rate that overtime actually adds (usually the right choice: benefits,
    /// seats and supervision are not paid again per overtime hour).
    ///
    /// Overtime hours are `overtime FTE x paid hours per FTE`, the paid-FTE
    /// shortfall covered: they carry the period's shrinkage like contracted
    /// hours do.
    ///
    /// `max_share` is a fraction in `[0, 1]`: a share above 1 would mean more
    /// overtime than contracted hours (a 40-hour week past 80 hours), and is
    /// almost always a percentage typed as a whole number (`10` for 10 %).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `max_overtime` outside `[0, 1]`, or
    /// `overtime_premium` if negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, HeadcountPlan, PeriodDemand, Shrinkage};
    ///
    /// let m = PeriodDemand::new(Decimal::new(105, 0), Shrinkage::default(), Decimal::ONE)?;
    /// let p = HeadcountPlan::new(vec![m], Decimal::new(100, 0), Currency::USD)?
    ///     .with_overtime(Decimal::new(10, 2), Decimal::new(5, 1))?
    ///     .run()?;
    /// assert_eq!(p.periods[0].overtime_fte, Decimal::new(5, 0));
    /// assert_eq!(p.periods[0].overtime_pct, Some(Decimal::new(5, 2)));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_overtime(mut self, max_share: Decimal, premium: Decimal) -> Result<Self> {
        self.max_overtime = unit_closed("max_overtime", max_share)?;
        self.overtime_premium = non_negative("overtime_premium", premium)?;
        Ok(self)
    }

    /// Undertime (unpaid voluntary time off): at most `max_share` of available FTE.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `max_undertime` outside `[0, 1]`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, HeadcountPlan, PeriodDemand, Shrinkage};
    ///
    /// let m = PeriodDemand::new(Decimal::new(90, 0), Shrinkage::default(), Decimal::ONE)?;
    /// let p = HeadcountPlan::new(vec![m], Decimal::new(100, 0), Currency::USD)?
    ///     .with_undertime(Decimal::new(5, 2))?
    ///     .run()?;
    /// assert_eq!(p.periods[0].surplus, Decimal::TEN);
    /// assert_eq!(p.periods[0].undertime_fte, Decimal::new(5, 0));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_undertime(mut self, max_share: Decimal) -> Result<Self> {
        self.max_undertime = unit_closed("max_undertime", max_share)?;
        Ok(self)
    }

    /// The hourly cost that the overtime premium multiplies: what one more
    /// hour worked costs, usually the base wage plus the payroll taxes that
    /// scale with hours (not per-head benefits, seats, technology or
    /// supervision, which overtime does not add). An overtime hour then costs
    /// `rate x (1 + premium)`: time-and-a-half on a 20.00 wage with 7.65 %
    /// payroll taxes is `rate = 21.53`, premium `0.5`, 32.295 an hour.
    ///
    /// Without it, overtime is priced at the loaded cost per paid hour of
    /// [`HeadcountPlan::with_costs`] `x (1 + premium)`, which counts the
    /// fixed per-head costs again for every overtime hour (with a loaded
    /// rate of twice the wage, time-and-a-half comes out near double).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `overtime_base_rate` if negative;
    /// [`Error::CurrencyMismatch`].
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, HeadcountPlan, Money, PeriodDemand, Shrinkage};
    ///
    /// let usd = |v: i64, dp: u32| Money::new(Decimal::new(v, dp), Currency::USD);
    /// let m = PeriodDemand::new(Decimal::new(105, 0), Shrinkage::default(), Decimal::new(160, 0))?;
    /// let p = HeadcountPlan::new(vec![m], Decimal::new(100, 0), Currency::USD)?
    ///     .with_overtime(Decimal::new(10, 2), Decimal::new(5, 1))?
    ///     .with_costs(usd(40, 0), usd(30, 0), usd(2_000, 0))?
    ///     .with_overtime_base_rate(usd(2_153, 2))?
    ///     .run()?;
    /// // 5 FTE x 160 h x 21.53 x 1.5, not 5 x 160 x 40 x 1.5 = 48,000.
    /// assert_eq!(p.periods[0].budget.overtime, usd(25_836, 0));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_overtime_base_rate(mut self, rate: Money) -> Result<Self> {
        self.overtime_base_rate = Some(self.hourly_rate("overtime_base_rate", rate)?);
        Ok(self)
    }

    /// What one hour of undertime (unpaid voluntary time off) saves: usually
    /// the base wage plus the payroll taxes that scale with hours. Per-head
    /// benefits, seats, technology and supervision are still paid while an
    /// agent is on unpaid leave.
    ///
    /// Without it, undertime is credited at the loaded cost per paid hour of
    /// [`HeadcountPlan::with_costs`], which overstates the saving by the
    /// fixed per-head costs.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `undertime_saving_rate` if
    /// negative; [`Error::CurrencyMismatch`].
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, HeadcountPlan, Money, PeriodDemand, Shrinkage};
    ///
    /// let usd = |v: i64, dp: u32| Money::new(Decimal::new(v, dp), Currency::USD);
    /// let m = PeriodDemand::new(Decimal::new(90, 0), Shrinkage::default(), Decimal::new(160, 0))?;
    /// let p = HeadcountPlan::new(vec![m], Decimal::new(100, 0), Currency::USD)?
    ///     .with_undertime(Decimal::new(5, 2))?
    ///     .with_costs(usd(40, 0), usd(30, 0), usd(2_000, 0))?
    ///     .with_undertime_saving_rate(usd(2_153, 2))?
    ///     .run()?;
    /// // 5 FTE x 160 h x 21.53, not 5 x 160 x 40 = 32,000.
    /// assert_eq!(p.periods[0].budget.undertime_saving, usd(17_224, 0));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_undertime_saving_rate(mut self, rate: Money) -> Result<Self> {
        self.undertime_saving_rate = Some(self.hourly_rate("undertime_saving_rate", rate)?);
        Ok(self)
    }

    /// The shrinkage of overtime hours, when it is lower than that of
    /// contracted hours: nobody takes holiday, sick leave or training in
    /// an overtime shift, so usually only breaks and coaching remain.
    ///
    /// A paid-FTE shortfall `S` in a period with shrinkage `s` is
    /// `S x (1 - s)` productive FTE, so it takes `S x (1 - s) / (1 - s_ot)`
    /// FTE of overtime ([`PlanPeriod::overtime_fte`], capped by
    /// [`HeadcountPlan::with_overtime`]), and overtime hours are that times
    /// the paid hours per FTE. Without it `s_ot = s`: overtime FTE equals
    /// the shortfall it covers, and every overtime hour carries the
    /// period's full shrinkage, which overstates the hours (by
    /// `0.9 / 0.7 = 1.29` at 30 % shrinkage with 10 % left in overtime).
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, HeadcountPlan, PeriodDemand, Shrinkage};
    ///
    /// // 84 productive FTE at 30 % shrinkage: 120 paid FTE, 112 on the floor.
    /// let m = PeriodDemand::new(Decimal::new(84, 0), Shrinkage::new(Decimal::new(30, 2))?, Decimal::new(160, 0))?;
    /// let p = HeadcountPlan::new(vec![m], Decimal::new(112, 0), Currency::USD)?
    ///     .with_overtime(Decimal::new(10, 2), Decimal::new(5, 1))?
    ///     .with_overtime_shrinkage(Shrinkage::new(Decimal::new(125, 3))?) // 12.5 %
    ///     .run()?;
    /// // 8 paid FTE short = 5.6 productive FTE = 6.4 FTE of overtime at 12.5 %.
    /// assert_eq!(p.periods[0].overtime_fte, Decimal::new(64, 1));
    /// assert_eq!(p.periods[0].unmet_fte, Decimal::ZERO);
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_overtime_shrinkage(mut self, shrinkage: Shrinkage) -> Self {
        self.overtime_shrinkage = Some(shrinkage);
        self
    }

    fn hourly_rate(&self, name: &'static str, rate: Money) -> Result<Decimal> {
        if rate.currency() != self.currency {
            return Err(Error::CurrencyMismatch {
                left: self.currency,
                right: rate.currency(),
            });
        }
        non_negative(name, rate.amount())
    }

    /// Costs: loaded cost per paid hour of staff on the floor, of trainees
    /// in the classroom, and the one-off cost per hire.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming the field if negative; [`Error::CurrencyMismatch`].
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, HeadcountPlan, Money, PeriodDemand, Shrinkage};
    ///
    /// let m = PeriodDemand::new(Decimal::new(10, 0), Shrinkage::default(), Decimal::new(160, 0))?;
    /// let usd = |v: i64| Money::new(Decimal::new(v, 0), Currency::USD);
    /// let p = HeadcountPlan::new(vec![m], Decimal::new(10, 0), Currency::USD)?
    ///     .with_costs(usd(40), usd(30), usd(2_000))?
    ///     .run()?;
    /// assert_eq!(p.periods[0].budget.salaries, usd(64_000)); // 10 x 160 x 40
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_costs(
        mut self,
        cost_per_paid_hour: Money,
        trainee_cost_per_paid_hour: Money,
        cost_per_hire: Money,
    ) -> Result<Self> {
        for m in [
            cost_per_paid_hour,
            trainee_cost_per_paid_hour,
            cost_per_hire,
        ] {
            if m.currency() != self.currency {
                return Err(Error::CurrencyMismatch {
                    left: self.currency,
                    right: m.currency(),
                });
            }
        }
        self.cost_per_paid_hour = non_negative("cost_per_paid_hour", cost_per_paid_hour.amount())?;
        self.trainee_cost_per_paid_hour = non_negative(
            "trainee_cost_per_paid_hour",
            trainee_cost_per_paid_hour.amount(),
        )?;
        self.cost_per_hire = non_negative("cost_per_hire", cost_per_hire.amount())?;
        Ok(self)
    }

    /// Runs the recurrence.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] naming the quantity (`budget.salaries`, `leavers`,
    /// ...), also when a period's required paid FTE (`required_paid_fte`) or
    /// a hiring class (`hires`) is above [`HeadcountPlan::MAX_HEADCOUNT`].
    ///
    /// # Examples
    ///
    /// See [`HeadcountPlan`].
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, Error, HeadcountPlan, Money, PeriodDemand, Shrinkage};
    ///
    /// // A salary of 10^28 per hour cannot be budgeted: a typed error, not a panic.
    /// let m = PeriodDemand::new(Decimal::TEN, Shrinkage::default(), Decimal::new(160, 0))?;
    /// let huge = Money::new(Decimal::from_i128_with_scale(10_i128.pow(28), 0), Currency::USD);
    /// let err = HeadcountPlan::new(vec![m], Decimal::TEN, Currency::USD)?
    ///     .with_costs(huge, Money::zero(Currency::USD), Money::zero(Currency::USD))?
    ///     .run()
    ///     .unwrap_err();
    /// assert_eq!(err, Error::Overflow { quantity: "budget.salaries" });
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn run(&self) -> Result<PlanResult> {
        let n = self.periods.len();
        let rate = self.attrition.per_period();
        let keep = Decimal::ONE - self.washout;
        let lead = u64::from(self.recruiting_periods) + u64::from(self.classroom_periods);
        let mut cohorts = vec![Cohort {
            graduated: None,
            heads: self.opening_headcount,
        }];
        let mut hires = vec![Decimal::ZERO; n];
        let mut rows = Vec::with_capacity(n);
        for (m, demand) in self.periods.iter().enumerate() {
            let required_paid = demand.required_paid_fte()?;
            if required_paid > Self::MAX_HEADCOUNT {
                return Err(Error::Overflow {
                    quantity: "required_paid_fte",
                });
            }
            let mut opening = Decimal::ZERO;
            let mut leavers = Decimal::ZERO;
            for c in &mut cohorts {
                opening = add(opening, c.heads, "opening_headcount")?;
                let l = fte(mul(c.heads, rate, "leavers")?);
                leavers = add(leavers, l, "leavers")?;
                c.heads = sub(c.heads, l, "leavers")?;
            }
            let after_leavers = sub(opening, leavers, "headcount")?;
            let mut graduates = Decimal::ZERO;
            if (m as u64) >= lead {
                let need = sub(required_paid, after_leavers, "hires")?;
                if need > Decimal::ZERO {
                    let class = div(need, keep, "hires")?.ceil();
                    if class > Self::MAX_HEADCOUNT {
                        return Err(Error::Overflow { quantity: "hires" });
                    }
                    graduates = fte(mul(class, keep, "graduates")?);
                    let start = m - self.classroom_periods as usize;
                    if let Some(h) = hires.get_mut(start) {
                        *h = class;
                    }
                    cohorts.push(Cohort {
                        graduated: Some(m),
                        heads: graduates,
                    });
                }
            }
            let closing = add(after_leavers, graduates, "closing_headcount")?;
            let mut available = Decimal::ZERO;
            let mut tenured = Decimal::ZERO;
            for c in &cohorts {
                let p = match c.graduated {
                    None => Decimal::ONE,
                    Some(g) => self
                        .ramp
                        .proficiency(u32::try_from(m - g).unwrap_or(u32::MAX)),
                };
                if p == Decimal::ONE {
                    tenured = add(tenured, c.heads, "tenured_headcount")?;
                }
                available = add(
                    available,
                    mul(c.heads, p, "available_fte")?,
                    "available_fte",
                )?;
            }
            let gap = sub(available, required_paid, "gap")?;
            let gap_pct = if required_paid.is_zero() {
                None
            } else {
                Some(div(gap, required_paid, "gap_pct")?)
            };
            let surplus = clamp_positive(gap);
            let shortfall = clamp_positive(-gap);
            // Overtime worked (in FTE) to cover the paid-FTE shortfall: the
            // same FTE unless overtime hours lose less to shrinkage than
            // contracted hours, when `(1 - s) / (1 - s_ot)` of it will do.
            let ot_factor = match self.overtime_shrinkage {
                None => None,
                Some(s_ot) => Some(div(
                    Decimal::ONE - demand.shrinkage.value(),
                    Decimal::ONE - s_ot.value(),
                    "overtime",
                )?),
            };
            let needed = match ot_factor {
                None => shortfall,
                Some(f) => fte(mul(shortfall, f, "overtime")?),
            };
            let overtime = needed.min(fte(mul(available, self.max_overtime, "overtime")?));
            let covered = match ot_factor {
                Some(f) if overtime < needed => fte(div(overtime, f, "overtime")?).min(shortfall),
                Some(_) => shortfall,
                None => overtime,
            };
            let unmet = positive_zero(sub(shortfall, covered, "unmet")?);
            let undertime = surplus.min(fte(mul(available, self.max_undertime, "undertime")?));
            let overtime_pct = if available.is_zero() {
                None
            } else {
                Some(div(overtime, available, "overtime_pct")?)
            };
            rows.push(PlanPeriod {
                period: m,
                required_productive_fte: demand.required_productive_fte,
                required_paid_fte: required_paid,
                opening_headcount: opening,
                leavers,
                graduates,
                closing_headcount: closing,
                tenured_headcount: tenured,
                trainees: Decimal::ZERO,
                hires: Decimal::ZERO,
                available_fte: available,
                gap: positive_zero(gap),
                gap_pct: gap_pct.map(positive_zero),
                surplus,
                overtime_fte: overtime,
                overtime_pct,
                undertime_fte: undertime,
                unmet_fte: unmet,
                budget: self.zero_budget(),
            });
        }
        // Second pass: classes and budgets (a class's hires and training
        // fall in periods before its graduation).
        let classroom = self.classroom_periods as usize;
        let mut total_hires = Decimal::ZERO;
        let mut totals = [Decimal::ZERO; 6];
        for m in 0..n {
            // Classes in the classroom in period m started in (m - classroom, m].
            let first = (m + 1).saturating_sub(classroom);
            let mut trainees = Decimal::ZERO;
            for &h in hires.get(first..=m).unwrap_or_default() {
                trainees = add(trainees, h, "trainees")?;
            }
            let h = hires.get(m).copied().unwrap_or(Decimal::ZERO);
            total_hires = add(total_hires, h, "hires")?;
            let (Some(row), Some(demand)) = (rows.get_mut(m), self.periods.get(m)) else {
                continue;
            };
            row.trainees = trainees;
            row.hires = h;
            let hours = demand.paid_hours_per_fte;
            let rate_h = self.cost_per_paid_hour;
            let salaries = mul(
                mul(row.closing_headcount, hours, "budget.salaries")?,
                rate_h,
                "budget.salaries",
            )?;
            let trainee = mul(
                mul(trainees, hours, "budget.trainee_salaries")?,
                self.trainee_cost_per_paid_hour,
                "budget.trainee_salaries",
            )?;
            let hiring = mul(h, self.cost_per_hire, "budget.hiring")?;
            let overtime = mul(
                mul(
                    mul(row.overtime_fte, hours, "budget.overtime")?,
                    self.overtime_base_rate.unwrap_or(rate_h),
                    "budget.overtime",
                )?,
                add(Decimal::ONE, self.overtime_premium, "budget.overtime")?,
                "budget.overtime",
            )?;
            let undertime = mul(
                mul(row.undertime_fte, hours, "budget.undertime_saving")?,
                self.undertime_saving_rate.unwrap_or(rate_h),
                "budget.undertime_saving",
            )?;
            let total = sub(
                add(
                    add(
                        add(salaries, trainee, "budget.total")?,
                        hiring,
                        "budget.total",
                    )?,
                    overtime,
                    "budget.total",
                )?,
                undertime,
                "budget.total",
            )?;
            for (acc, v) in totals
                .iter_mut()
                .zip([salaries, trainee, hiring, overtime, undertime, total])
            {
                *acc = add(*acc, v, "budget.total")?;
            }
            row.budget = self.budget([salaries, trainee, hiring, overtime, undertime, total]);
        }
        Ok(PlanResult {
            periods: rows,
            total_hires,
            total_budget: self.budget(totals),
        })
    }

    fn zero_budget(&self) -> PeriodBudget {
        self.budget([Decimal::ZERO; 6])
    }

    fn budget(&self, v: [Decimal; 6]) -> PeriodBudget {
        let m = |d| Money::new(d, self.currency);
        let [salaries, trainee, hiring, overtime, undertime, total] = v;
        PeriodBudget {
            salaries: m(salaries),
            trainee_salaries: m(trainee),
            hiring: m(hiring),
            overtime: m(overtime),
            undertime_saving: m(undertime),
            total: m(total),
        }
    }
}
