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
//! | [`LaneyPChart`] | proportions, limits widened by the over-dispersion `σ_z` | daily abandonment of thousands of calls, where the p-chart flags most days |
//! | [`LaneyUChart`] | counts per unit, limits widened by `σ_z` | rates over large exposures that vary more than Poisson |
//! | [`EwmaChart`] | exponentially weighted moving average of individual values | small sustained drifts (≈ 0.5–2σ) in daily SL or AHT |
//! | [`CusumChart`] | upper and lower cumulative sums of deviations from target | small sustained shifts, with when the shift began and its size |
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
//!
//! # Is the service level drifting down?
//!
//! Shewhart charts miss small sustained shifts; the time-weighted charts
//! accumulate them. A queue's daily service level has run at 80 % with a
//! day-to-day standard deviation of 2 points. From day 13 it runs about
//! 1σ lower (78 %): no single day falls below the 3σ limit of 74 %, so the
//! individuals chart stays silent, while the lower CUSUM (`k = 0.5`,
//! `h = 4`) crosses `H = 8` points on day 17, having been above zero for
//! 5 days (the drop began after day 12) and estimating the new level as
//! `80 − 1 − 8.2/5 = 77.4 %`; the EWMA (`λ = 0.1`, `L = 2.7`) crosses its
//! lower limit on day 18. Their design ARLs: in control the CUSUM alarms
//! falsely about once in 168 days and the EWMA once in 369; a 1σ drop is
//! found in about 8 and 10 days (Shewhart: 44).
//!
//! ```
//! use servops_kpi::spc::{CusumChart, CusumDesign, CusumSide, EwmaChart, EwmaDesign};
//!
//! let sl = [
//!     0.795, 0.810, 0.795, 0.794, 0.781, 0.796, 0.822, 0.808, 0.821, 0.805, 0.808, 0.804,
//!     0.747, 0.797, 0.790, 0.790, 0.744, 0.745, 0.762, 0.771, 0.786, 0.779, 0.790, 0.767,
//!     0.786, 0.788,
//! ];
//! let (target, sigma) = (0.80, 0.02);
//!
//! // The individuals chart with limits 0.80 ± 3 × 0.02 (an EWMA with λ = 1):
//! // no day beyond them.
//! let shewhart = EwmaChart::with_standard(target, sigma, EwmaDesign::new(1.0, 3.0)?, &sl)?;
//! assert!(shewhart.beyond_limits().is_empty());
//!
//! let cusum = CusumChart::with_standard(target, sigma, CusumDesign::new(0.5, 4.0)?, &sl)?;
//! let first = cusum.first_signal().ok_or("the CUSUM should signal")?;
//! assert_eq!((first.index + 1, first.side, first.run_length), (17, CusumSide::Lower, 5));
//! assert!((first.estimated_mean - 0.7736).abs() < 1e-9);
//!
//! let ewma = EwmaChart::with_standard(target, sigma, EwmaDesign::new(0.1, 2.7)?, &sl)?;
//! assert_eq!(ewma.first_signal().map(|i| i + 1), Some(18));
//!
//! assert!((CusumDesign::new(0.5, 4.0)?.arl(0.0)? - 167.68).abs() < 0.01);
//! assert!((EwmaDesign::new(0.1, 2.7)?.arl(-1.0)? - 9.73).abs() < 0.01);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The CUSUM is the better detector of a shift of the size it was designed
//! for (`k` = half of it) and says when the shift began; the EWMA is less
//! sensitive to the choice of its constants and smooths noisy series. Both
//! need a target and `σ` from a stable baseline (the `from_baseline`
//! constructors estimate them as the XmR chart does) and both look for one
//! sustained step, not for the single wild points a Shewhart chart catches
//! best, so the two kinds are often run side by side.

mod attributes;
mod constants;
mod cusum;
mod ewma;
mod laney;
mod rules;
mod series;
mod variables;

pub use attributes::{PChart, UChart};
pub use constants::{ChartConstants, MAX_RANGE_SUBGROUP};
pub use cusum::{CusumChart, CusumDesign, CusumSide, CusumSignal};
pub use ewma::{EwmaChart, EwmaDesign};
pub use laney::{LaneyPChart, LaneyUChart};
pub use rules::{Rule, Signal};
pub use series::{ChartSeries, ControlLimits};
pub use variables::{XbarRChart, XbarSChart, XmrChart};
