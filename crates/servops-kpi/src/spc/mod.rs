//! Statistical process control: control charts and run rules.
//!
//! A control chart separates the routine variation of a stable process
//! ("noise") from variation with an assignable cause ("signal"). Each chart
//! here plots a statistic with a centre line and 3-sigma limits
//! ([`ControlLimits`], per point, so charts with varying subgroup sizes have
//! varying limits), and the run rules of the Western Electric handbook and of
//! Nelson ([`Rule`]) look for the patterns a stable process rarely makes,
//! returning which rule fired at which points ([`Signal`]).
//!
//! | chart | plots | use it for |
//! |---|---|---|
//! | [`XmrChart`] | individual values and moving ranges | one number per period: daily AHT, weekly SL |
//! | [`XbarRChart`] | subgroup means and ranges (n ≤ 25) | a few measurements per period |
//! | [`XbarSChart`] | subgroup means and standard deviations | larger or unequal subgroups |
//! | [`PChart`] | proportions with varying denominators | abandonment, QA fail rate, repeat contacts |
//! | [`UChart`] | counts per unit with varying exposure | complaints per 1,000 calls, errors per form |
//!
//! # Is this week's abandonment a signal or noise?
//!
//! Twelve ordinary weeks set the centre line and the limits; each limit
//! depends on that week's offered calls. This week 520 of 8,180 offered
//! calls were abandoned, 6.4 % against a 5.1 % baseline: above the upper
//! limit for 8,180 calls (5.9 %), so the rise is a signal worth
//! investigating. Had 455 calls been abandoned (5.6 %), the point would lie
//! inside the limits and no rule would fire: noise, no action.
//!
//! ```
//! use servops_kpi::spc::{PChart, Rule};
//!
//! let abandoned = [412, 388, 455, 401, 437, 379, 421, 446, 398, 430, 392, 418];
//! let offered = [8120, 7905, 8410, 8002, 8266, 7710, 8150, 8390, 7988, 8230, 7840, 8105];
//! let baseline = PChart::new(&abandoned, &offered)?;
//! assert!(baseline.signals(&Rule::NELSON).is_empty());
//! assert!((baseline.center() - 0.0512).abs() < 5e-4);
//!
//! // The baseline weeks followed by this week, judged against the baseline centre.
//! let mut a = abandoned.to_vec();
//! let mut n = offered.to_vec();
//! a.push(520);
//! n.push(8180);
//! let judged = PChart::with_standard(baseline.center(), &a, &n)?;
//! let this_week = judged.signals(&Rule::WESTERN_ELECTRIC);
//! assert!(this_week.iter().any(|s| s.index == 12 && s.rule == Rule::WesternElectric1));
//! let limits = judged.proportions().limits()[12];
//! assert!((limits.upper - 0.0586).abs() < 5e-4);
//!
//! // The same week with 455 abandons: noise.
//! let calm = PChart::with_standard(baseline.center(), &[455], &[8180])?;
//! assert!(calm.signals(&Rule::NELSON).is_empty());
//! # Ok::<(), servops_kpi::Error>(())
//! ```
//!
//! A single point beyond 3σ is the strongest evidence; the other rules catch
//! smaller sustained shifts (for example Western Electric 4: eight weeks in a
//! row above the centre line) at the price of more false alarms when many
//! rules are applied together (Montgomery 2009, §5.3.6).

mod attributes;
mod constants;
mod rules;
mod series;
mod variables;

pub use attributes::{PChart, UChart};
pub use constants::{ChartConstants, MAX_RANGE_SUBGROUP};
pub use rules::{Rule, Signal};
pub use series::{ChartSeries, ControlLimits};
pub use variables::{XbarRChart, XbarSChart, XmrChart};
