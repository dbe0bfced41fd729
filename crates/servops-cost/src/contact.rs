//! Cost per contact and per resolution by channel, with chat concurrency,
//! per-contact technology costs and shared costs allocated by handle time.

use std::time::Duration;

use rust_decimal::Decimal;
use servops_core::Channel;

use crate::error::{
    Error, Result, div, duration_secs, invalid, mul, mul_div, non_negative, unit_left_open,
};
use crate::hourly::HourlyCosts;
use crate::money::{Money, allocate};

const SECS_PER_HOUR: Decimal = Decimal::from_parts(3600, 0, 0, false, 0);

/// The agent-labour cost of one contact plus its own per-contact costs.
///
/// # Formula
///
/// ```text
/// cost per contact = AHT (hours) x cost per handled hour / concurrency + per-contact costs
/// ```
///
/// where the cost per handled hour is `per paid hour / (1 - shrinkage) / occupancy`
/// ([`HourlyCosts`]) and `concurrency` is the number of contacts an agent
/// works at once (1 for voice; 2-3 for chat).
///
/// # Errors
///
/// [`Error::InvalidParameter`] naming `concurrency` unless `>= 1`, `aht` if
/// zero, `per_contact` if negative (as [`ChannelDemand::with_cost_per_contact`]);
/// [`Error::CurrencyMismatch`] if `per_contact` is in another currency;
/// [`Error::Overflow`] naming `cost_per_contact`.
///
/// # Examples
///
/// The hand calculation: AHT 300 s, 40.00 per paid hour, 30 % shrinkage,
/// 85 % occupancy: `300/3600 x 40 / 0.7 / 0.85 = 5.6022...`, so 5.60.
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{cost_per_contact, Currency, HourlyCosts, Money, Occupancy, RoundingPolicy, Shrinkage};
/// use std::time::Duration;
///
/// let hour = HourlyCosts::new(
///     Money::new(Decimal::new(40, 0), Currency::USD),
///     Shrinkage::new(Decimal::new(30, 2))?,
///     Occupancy::new(Decimal::new(85, 2))?,
/// )?;
/// let cpc = cost_per_contact(&hour, Duration::from_secs(300), Decimal::ONE, Money::zero(Currency::USD))?;
/// assert_eq!(cpc.present(RoundingPolicy::CENTS), "5.60 USD");
/// # Ok::<(), servops_cost::Error>(())
/// ```
///
/// # References
///
/// ICMI, "Cost per contact" (total cost over contacts handled);
/// contactcenterpipeline.com cost models.
pub fn cost_per_contact(
    hourly: &HourlyCosts,
    aht: Duration,
    concurrency: Decimal,
    per_contact: Money,
) -> Result<Money> {
    let aht = duration_secs(aht);
    if aht.is_zero() {
        return Err(invalid("aht", aht, "> 0"));
    }
    if concurrency < Decimal::ONE {
        return Err(invalid("concurrency", concurrency, ">= 1"));
    }
    non_negative("per_contact", per_contact.amount())?;
    let per_handled = hourly.per_handled_hour();
    let labour = div(
        mul(per_handled.amount(), aht, "cost_per_contact")?,
        mul(SECS_PER_HOUR, concurrency, "cost_per_contact")?,
        "cost_per_contact",
    )?;
    Money::new(labour, per_handled.currency()).checked_add(per_contact)
}

/// How shared costs (management, QA, WFM, facilities not charged per seat)
/// are split between channels.
///
/// # Examples
///
/// ```
/// use servops_cost::AllocationBasis;
///
/// assert_ne!(AllocationBasis::HandleTime, AllocationBasis::AgentTime);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum AllocationBasis {
    /// By handle time, `contacts x AHT` (a chat handled in 10 minutes
    /// counts 10 minutes, whatever the concurrency).
    #[default]
    HandleTime,
    /// By agent time, `contacts x AHT / concurrency` (the agent-hours the
    /// channel really occupies).
    AgentTime,
}

/// The demand of one channel: contacts handled, their AHT, how many an
/// agent works at once, per-contact costs and first-contact resolution.
///
/// # Errors
///
/// The constructor and `with_*` methods return [`Error::InvalidParameter`]
/// naming the field: `contacts` (negative), `aht` (zero with contacts),
/// `concurrency` (below 1), `fcr` (outside `(0, 1]`).
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_core::Channel;
/// use servops_cost::ChannelDemand;
/// use std::time::Duration;
///
/// let chat = ChannelDemand::new(Channel::Chat, Decimal::new(2_000, 0), Duration::from_secs(600))?
///     .with_concurrency(Decimal::TWO)?
///     .with_fcr(Decimal::new(70, 2))?;
/// assert_eq!(chat.concurrency(), Decimal::TWO);
/// assert!(ChannelDemand::new(Channel::Voice, Decimal::ONE, Duration::from_secs(60))?.with_concurrency(Decimal::ZERO).is_err());
/// # Ok::<(), servops_cost::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChannelDemand {
    channel: Channel,
    contacts: Decimal,
    aht: Duration,
    concurrency: Decimal,
    per_contact: Option<Money>,
    fcr: Option<Decimal>,
}

impl ChannelDemand {
    /// `contacts` handled on `channel` with mean handle time `aht`;
    /// concurrency 1, no per-contact cost, FCR unknown.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `contacts` (negative) or `aht`
    /// (zero while contacts > 0).
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_core::Channel;
    /// use servops_cost::ChannelDemand;
    /// use std::time::Duration;
    ///
    /// let d = ChannelDemand::new(Channel::Email, Decimal::new(500, 0), Duration::from_secs(480))?;
    /// assert_eq!(d.channel(), Channel::Email);
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn new(channel: Channel, contacts: Decimal, aht: Duration) -> Result<Self> {
        let contacts = non_negative("contacts", contacts)?;
        if contacts > Decimal::ZERO && aht.is_zero() {
            return Err(invalid("aht", 0, "> 0 when contacts > 0"));
        }
        Ok(Self {
            channel,
            contacts,
            aht,
            concurrency: Decimal::ONE,
            per_contact: None,
            fcr: None,
        })
    }

    /// Contacts an agent works at once (chat, messaging); at least 1.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `concurrency` unless `>= 1`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_core::Channel;
    /// use servops_cost::ChannelDemand;
    /// use std::time::Duration;
    ///
    /// let d = ChannelDemand::new(Channel::Chat, Decimal::TEN, Duration::from_secs(600))?
    ///     .with_concurrency(Decimal::new(25, 1))?;
    /// assert_eq!(d.concurrency(), Decimal::new(25, 1));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_concurrency(mut self, concurrency: Decimal) -> Result<Self> {
        if concurrency < Decimal::ONE {
            return Err(invalid("concurrency", concurrency, ">= 1"));
        }
        self.concurrency = concurrency;
        Ok(self)
    }

    /// Per-contact costs (telephony minutes, bot or messaging fees, CCaaS usage).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `per_contact` if negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_core::Channel;
    /// use servops_cost::{ChannelDemand, Currency, Money};
    /// use std::time::Duration;
    ///
    /// let fee = Money::new(Decimal::new(12, 2), Currency::USD);
    /// let d = ChannelDemand::new(Channel::Voice, Decimal::TEN, Duration::from_secs(300))?.with_cost_per_contact(fee)?;
    /// assert_eq!(d.cost_per_contact_extra(), Some(fee));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_cost_per_contact(mut self, per_contact: Money) -> Result<Self> {
        non_negative("per_contact", per_contact.amount())?;
        self.per_contact = Some(per_contact);
        Ok(self)
    }

    /// First-contact resolution rate in `(0, 1]`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `fcr` outside `(0, 1]`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_core::Channel;
    /// use servops_cost::ChannelDemand;
    /// use std::time::Duration;
    ///
    /// let d = ChannelDemand::new(Channel::Voice, Decimal::TEN, Duration::from_secs(300))?;
    /// assert!(d.with_fcr(Decimal::ZERO).is_err());
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_fcr(mut self, fcr: Decimal) -> Result<Self> {
        self.fcr = Some(unit_left_open("fcr", fcr)?);
        Ok(self)
    }

    /// The channel.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_core::Channel;
    /// use servops_cost::ChannelDemand;
    /// use std::time::Duration;
    ///
    /// let d = ChannelDemand::new(Channel::Voice, Decimal::TEN, Duration::from_secs(300))?;
    /// assert_eq!(d.channel(), Channel::Voice);
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn channel(&self) -> Channel {
        self.channel
    }

    /// Contacts handled.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_core::Channel;
    /// use servops_cost::ChannelDemand;
    /// use std::time::Duration;
    ///
    /// let d = ChannelDemand::new(Channel::Voice, Decimal::TEN, Duration::from_secs(300))?;
    /// assert_eq!(d.contacts(), Decimal::TEN);
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn contacts(&self) -> Decimal {
        self.contacts
    }

    /// Concurrency.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_core::Channel;
    /// use servops_cost::ChannelDemand;
    /// use std::time::Duration;
    ///
    /// let d = ChannelDemand::new(Channel::Voice, Decimal::TEN, Duration::from_secs(300))?;
    /// assert_eq!(d.concurrency(), Decimal::ONE);
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn concurrency(&self) -> Decimal {
        self.concurrency
    }

    /// The per-contact cost, if set.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_core::Channel;
    /// use servops_cost::ChannelDemand;
    /// use std::time::Duration;
    ///
    /// let d = ChannelDemand::new(Channel::Voice, Decimal::TEN, Duration::from_secs(300))?;
    /// assert_eq!(d.cost_per_contact_extra(), None);
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn cost_per_contact_extra(&self) -> Option<Money> {
        self.per_contact
    }

    /// Handle time in contact-seconds, `contacts x AHT`: exact (no division),
    /// so that equal shares of the pool stay equal.
    fn handle_seconds(&self) -> Result<Decimal> {
        mul(self.contacts, duration_secs(self.aht), "handle_time")
    }
}

/// The cost of one channel: labour, per-contact costs, its share of the
/// shared pool, and the cost per contact and per resolution.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_core::Channel;
/// use servops_cost::*;
/// use std::time::Duration;
///
/// let hour = HourlyCosts::new(Money::new(Decimal::new(40, 0), Currency::USD), Shrinkage::default(), Occupancy::new(Decimal::ONE)?)?;
/// let voice = ChannelDemand::new(Channel::Voice, Decimal::new(120, 0), Duration::from_secs(300))?.with_fcr(Decimal::new(8, 1))?;
/// let c: ChannelCost = cost_by_channel(&hour, &[voice], Money::zero(Currency::USD), AllocationBasis::HandleTime, 2)?[0];
/// assert_eq!(c.labour.amount(), Decimal::new(400, 0)); // 120 x 5 min at 40.00 an hour
/// assert_eq!(c.cost_per_contact.unwrap().present(RoundingPolicy::CENTS), "3.33 USD");
/// assert_eq!(c.resolutions, Some(Decimal::new(96, 0)));
/// assert_eq!(c.cost_per_resolution.unwrap().present(RoundingPolicy::CENTS), "4.17 USD");
/// # Ok::<(), servops_cost::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ChannelCost {
    /// The channel.
    pub channel: Channel,
    /// Contacts handled.
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub contacts: Decimal,
    /// Agent labour: `contacts x AHT / concurrency x cost per handled hour`.
    pub labour: Money,
    /// Per-contact costs: `contacts x cost per contact`.
    pub per_contact_costs: Money,
    /// This channel's share of the shared pool.
    pub shared: Money,
    /// Labour + per-contact costs + shared.
    pub total: Money,
    /// `total / contacts`; `None` when no contacts.
    pub cost_per_contact: Option<Money>,
    /// Issues resolved, `contacts x FCR`; `None` when FCR is not given.
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str_option"))]
    pub resolutions: Option<Decimal>,
    /// `total / resolutions` (`= cost per contact / FCR`); `None` without FCR or contacts.
    pub cost_per_resolution: Option<Money>,
}

/// Weights proportional to each channel's handle time or agent time, in
/// exact arithmetic: handle seconds `contacts x AHT`, and for agent time
/// `contacts x AHT x (product of the other channels' concurrencies)`, which
/// is agent time scaled by the product of all concurrencies, without
/// dividing by a concurrency such as 3 that has no finite decimal inverse.
/// (Rounded weights, such as handle hours `secs / 3600`, can break a tie
/// between equal remainders the wrong way.)
fn allocation_weights(channels: &[ChannelDemand], basis: AllocationBasis) -> Result<Vec<Decimal>> {
    let seconds = channels
        .iter()
        .map(ChannelDemand::handle_seconds)
        .collect::<Result<Vec<_>>>()?;
    match basis {
        AllocationBasis::HandleTime => Ok(seconds),
        AllocationBasis::AgentTime => seconds
            .iter()
            .enumerate()
            .map(|(i, &s)| {
                channels
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != i)
                    .try_fold(s, |acc, (_, c)| mul(acc, c.concurrency, "agent_time"))
            })
            .collect(),
    }
}

/// Labour `contacts x AHT x per_handled / (3600 x concurrency)`, multiplied
/// before it is divided ([`mul_div`]): 3,000 s at 3,600 an hour is 3,000.
fn labour(c: &ChannelDemand, per_handled: Decimal) -> Result<Decimal> {
    let handle_secs = mul(c.contacts, duration_secs(c.aht), "labour")?;
    let divisor = mul(SECS_PER_HOUR, c.concurrency, "labour")?;
    mul_div(handle_secs, per_handled, divisor, "labour")
}

/// Cost per contact and per resolution for each channel, sharing `shared`
/// costs between channels by `basis` with no lost cent.
///
/// The shares are whole units at `decimal_places`: pass
/// `shared.currency().minor_units()` (ISO 4217) to share in the currency's
/// own minor unit, whole yen for JPY or fils (3 places) for BHD, rather
/// than a fixed 2.
///
/// # Formula
///
/// ```text
/// labour_c     = contacts_c x AHT_c / concurrency_c x cost per handled hour
/// shared_c     = largest-remainder share of the pool by weight_c       (see allocate)
/// weight_c     = contacts_c x AHT_c              (HandleTime)
///              = contacts_c x AHT_c / concurrency_c   (AgentTime)
/// total_c      = labour_c + contacts_c x per-contact cost_c + shared_c
/// per contact  = total_c / contacts_c
/// per resolution = total_c / (contacts_c x FCR_c)  = per contact / FCR
/// ```
///
/// Cost per resolution assumes each unresolved contact comes back (a
/// geometric repeat model): `1 / FCR` contacts per resolved issue.
///
/// # Errors
///
/// [`Error::Empty`] naming `channels`; [`Error::InvalidParameter`] naming
/// `weights` when no channel has handle time but the pool is not zero, or
/// `pool` when it is not whole units at `decimal_places`;
/// [`Error::CurrencyMismatch`]; [`Error::Overflow`].
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_core::Channel;
/// use servops_cost::*;
/// use std::time::Duration;
///
/// let usd = |cents: i64| Money::new(Decimal::new(cents, 2), Currency::USD);
/// let hour = HourlyCosts::new(usd(4_000), Shrinkage::new(Decimal::new(30, 2))?, Occupancy::new(Decimal::new(85, 2))?)?;
/// let voice = ChannelDemand::new(Channel::Voice, Decimal::new(10_000, 0), Duration::from_secs(300))?
///     .with_fcr(Decimal::new(80, 2))?;
/// let chat = ChannelDemand::new(Channel::Chat, Decimal::new(6_000, 0), Duration::from_secs(600))?
///     .with_concurrency(Decimal::TWO)?;
/// let pool = usd(1_000_000); // 10,000.00 shared
/// let costs = cost_by_channel(&hour, &[voice, chat], pool, AllocationBasis::HandleTime, 2)?;
/// // Handle time: voice 833.33 h, chat 1,000 h: the pool splits 5/11 : 6/11 to the cent.
/// assert_eq!(costs[0].shared.amount() + costs[1].shared.amount(), pool.amount());
/// assert_eq!(costs[0].shared, usd(454_545));
/// // Chat at concurrency 2 costs the same labour per contact as a 300 s call.
/// let per = |c: &ChannelCost, n: i64| (c.labour.amount() / Decimal::new(n, 0)).round_dp(20);
/// assert_eq!(per(&costs[1], 6_000), per(&costs[0], 10_000));
/// assert!(costs[0].cost_per_resolution.unwrap().amount() > costs[0].cost_per_contact.unwrap().amount());
/// assert_eq!(costs[1].cost_per_resolution, None);
/// # Ok::<(), servops_cost::Error>(())
/// ```
pub fn cost_by_channel(
    hourly: &HourlyCosts,
    channels: &[ChannelDemand],
    shared: Money,
    basis: AllocationBasis,
    decimal_places: u32,
) -> Result<Vec<ChannelCost>> {
    if channels.is_empty() {
        return Err(Error::Empty { name: "channels" });
    }
    let currency = hourly.per_handled_hour().currency();
    if shared.currency() != currency {
        return Err(Error::CurrencyMismatch {
            left: currency,
            right: shared.currency(),
        });
    }
    let weights = allocation_weights(channels, basis)?;
    let shares = if shared.is_zero() {
        vec![Money::zero(currency); channels.len()]
    } else {
        allocate(shared, &weights, decimal_places)?
    };
    let per_handled = hourly.per_handled_hour().amount();
    channels
        .iter()
        .zip(shares)
        .map(|(c, share)| {
            let labour = Money::new(labour(c, per_handled)?, currency);
            let unit = c.per_contact.unwrap_or(Money::zero(currency));
            let per_contact_costs = unit.checked_mul(c.contacts)?;
            let total = labour.checked_add(per_contact_costs)?.checked_add(share)?;
            let cost_per_contact = if c.contacts.is_zero() {
                None
            } else {
                Some(total.checked_div(c.contacts)?)
            };
            let resolutions = match c.fcr {
                Some(f) => Some(mul(c.contacts, f, "resolutions")?),
                None => None,
            };
            let cost_per_resolution = match resolutions {
                Some(r) if !r.is_zero() => Some(total.checked_div(r)?),
                _ => None,
            };
            Ok(ChannelCost {
                channel: c.channel,
                contacts: c.contacts,
                labour,
                per_contact_costs,
                shared: share,
                total,
                cost_per_contact,
                resolutions,
                cost_per_resolution,
            })
        })
        .collect()
}
