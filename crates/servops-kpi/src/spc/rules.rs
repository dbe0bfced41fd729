//! Western Electric and Nelson run rules.

use crate::spc::series::ControlLimits;

/// One run rule of the Western Electric handbook (1956) or of Nelson (1984).
///
/// Zones are measured in the plotted statistic's standard error `sigma` of
/// each point ([`ControlLimits::sigma`]), so the rules work unchanged on
/// charts with variable limits. A point is *beyond kσ* on the upper side when
/// `value − center > k·sigma` (strictly; a point on a zone boundary is not
/// beyond it), on the lower side when `center − value > k·sigma`; a point
/// exactly on the centre line is on neither side and breaks a run.
/// Trends and alternation compare consecutive plotted values; a tie breaks
/// them.
///
/// **Which points are reported.** A rule fires at point `i` when the pattern
/// is complete at `i`; the [`Signal`] carries `index = i` and `first`, the
/// first point of the pattern's window. A run longer than the rule's length
/// fires again at every further point (a run of 10 points above the centre
/// fires Nelson 2 at its 9th and 10th points). The "k of m" rules fire at `i`
/// only when point `i` itself is beyond the zone and at least `k` of the `m`
/// points ending at `i` are beyond it on the same side; near the start of a
/// series the window is the points available (two points beyond 2σ at
/// indices 0 and 1 fire Western Electric 2 at 1).
///
/// | rule | pattern |
/// |---|---|
/// | [`Rule::WesternElectric1`], [`Rule::Nelson1`] | one point outside the control limits |
/// | [`Rule::WesternElectric2`], [`Rule::Nelson5`] | 2 of 3 consecutive points beyond 2σ, same side |
/// | [`Rule::WesternElectric3`], [`Rule::Nelson6`] | 4 of 5 consecutive points beyond 1σ, same side |
/// | [`Rule::WesternElectric4`] | 8 consecutive points on one side of the centre line |
/// | [`Rule::Nelson2`] | 9 consecutive points on one side of the centre line |
/// | [`Rule::Nelson3`] | 6 consecutive points steadily increasing or decreasing |
/// | [`Rule::Nelson4`] | 14 consecutive points alternating up and down |
/// | [`Rule::Nelson7`] | 15 consecutive points within 1σ (either side) |
/// | [`Rule::Nelson8`] | 8 consecutive points beyond 1σ (either side) |
///
/// Rule 1 compares with the (possibly clipped) control limits themselves.
/// Nelson 8 follows the usual software reading (Minitab's test 8): the points
/// may all lie on one side.
///
/// # Examples
///
/// ```
/// use servops_kpi::spc::Rule;
///
/// assert_eq!(Rule::Nelson3.window(), 6);
/// assert_eq!(Rule::Nelson3.to_string(), "Nelson 3");
/// assert_eq!(Rule::NELSON.len(), 8);
/// ```
///
/// # References
///
/// Western Electric Company (1956). *Statistical Quality Control Handbook*.
/// Nelson, L. S. (1984). The Shewhart control chart — tests for special
/// causes. *Journal of Quality Technology* 16(4), 237–239.
/// Montgomery, D. C. (2009). *Introduction to Statistical Quality Control*,
/// 6th ed., §5.3.6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Rule {
    /// Western Electric 1: one point outside the 3σ control limits.
    WesternElectric1,
    /// Western Electric 2: two of three consecutive points beyond 2σ on the same side.
    WesternElectric2,
    /// Western Electric 3: four of five consecutive points beyond 1σ on the same side.
    WesternElectric3,
    /// Western Electric 4: eight consecutive points on the same side of the centre line.
    WesternElectric4,
    /// Nelson 1: one point outside the 3σ control limits.
    Nelson1,
    /// Nelson 2: nine consecutive points on the same side of the centre line.
    Nelson2,
    /// Nelson 3: six consecutive points steadily increasing or decreasing.
    Nelson3,
    /// Nelson 4: fourteen consecutive points alternating up and down.
    Nelson4,
    /// Nelson 5: two of three consecutive points beyond 2σ on the same side.
    Nelson5,
    /// Nelson 6: four of five consecutive points beyond 1σ on the same side.
    Nelson6,
    /// Nelson 7: fifteen consecutive points within 1σ of the centre line.
    Nelson7,
    /// Nelson 8: eight consecutive points beyond 1σ, on either side.
    Nelson8,
}

impl Rule {
    /// The four Western Electric zone rules, in handbook order.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::Rule;
    /// assert_eq!(Rule::WESTERN_ELECTRIC[3], Rule::WesternElectric4);
    /// ```
    pub const WESTERN_ELECTRIC: [Rule; 4] = [
        Rule::WesternElectric1,
        Rule::WesternElectric2,
        Rule::WesternElectric3,
        Rule::WesternElectric4,
    ];

    /// Nelson's eight rules, in his order.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::Rule;
    /// assert_eq!(Rule::NELSON.iter().map(|r| r.window()).max(), Some(15));
    /// ```
    pub const NELSON: [Rule; 8] = [
        Rule::Nelson1,
        Rule::Nelson2,
        Rule::Nelson3,
        Rule::Nelson4,
        Rule::Nelson5,
        Rule::Nelson6,
        Rule::Nelson7,
        Rule::Nelson8,
    ];

    /// The number of consecutive points the rule looks at.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::Rule;
    /// assert_eq!(Rule::WesternElectric4.window(), 8);
    /// assert_eq!(Rule::Nelson7.window(), 15);
    /// ```
    pub fn window(self) -> usize {
        match self {
            Rule::WesternElectric1 | Rule::Nelson1 => 1,
            Rule::WesternElectric2 | Rule::Nelson5 => 3,
            Rule::WesternElectric3 | Rule::Nelson6 => 5,
            Rule::WesternElectric4 | Rule::Nelson8 => 8,
            Rule::Nelson2 => 9,
            Rule::Nelson3 => 6,
            Rule::Nelson4 => 14,
            Rule::Nelson7 => 15,
        }
    }

    /// A one-line description of the pattern.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::Rule;
    /// assert!(Rule::Nelson2.description().contains("nine"));
    /// ```
    pub fn description(self) -> &'static str {
        match self {
            Rule::WesternElectric1 | Rule::Nelson1 => "one point outside the control limits",
            Rule::WesternElectric2 | Rule::Nelson5 => {
                "two of three consecutive points beyond 2 sigma on the same side"
            }
            Rule::WesternElectric3 | Rule::Nelson6 => {
                "four of five consecutive points beyond 1 sigma on the same side"
            }
            Rule::WesternElectric4 => {
                "eight consecutive points on the same side of the centre line"
            }
            Rule::Nelson2 => "nine consecutive points on the same side of the centre line",
            Rule::Nelson3 => "six consecutive points steadily increasing or decreasing",
            Rule::Nelson4 => "fourteen consecutive points alternating up and down",
            Rule::Nelson7 => "fifteen consecutive points within 1 sigma of the centre line",
            Rule::Nelson8 => "eight consecutive points beyond 1 sigma on either side",
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (family, number) = match self {
            Rule::WesternElectric1 => ("Western Electric", 1),
            Rule::WesternElectric2 => ("Western Electric", 2),
            Rule::WesternElectric3 => ("Western Electric", 3),
            Rule::WesternElectric4 => ("Western Electric", 4),
            Rule::Nelson1 => ("Nelson", 1),
            Rule::Nelson2 => ("Nelson", 2),
            Rule::Nelson3 => ("Nelson", 3),
            Rule::Nelson4 => ("Nelson", 4),
            Rule::Nelson5 => ("Nelson", 5),
            Rule::Nelson6 => ("Nelson", 6),
            Rule::Nelson7 => ("Nelson", 7),
            Rule::Nelson8 => ("Nelson", 8),
        };
        write!(f, "{family} {number}")
    }
}

/// A run rule that fired: which rule, and at which points.
///
/// # Examples
///
/// ```
/// use servops_kpi::spc::{ChartSeries, ControlLimits, Rule};
///
/// let l = ControlLimits::symmetric(0.0, 1.0)?;
/// let s = ChartSeries::with_constant_limits(vec![0.0, 2.5, -0.1, 2.2], l)?;
/// let sig = s.signals(&[Rule::WesternElectric2]);
/// assert_eq!(sig.len(), 1);
/// assert_eq!(sig[0].points(), 1..=3);
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// Deserialising (feature `serde`) checks the window: `first` is
/// `index + 1 − window` (0 near the start of the series for the "k of m"
/// rules, whose window may be cut short there; never for the others).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "SignalRepr")
)]
#[non_exhaustive]
pub struct Signal {
    /// The rule that fired.
    pub rule: Rule,
    /// The point at which the pattern is complete (0-based).
    pub index: usize,
    /// The first point of the pattern's window (`index + 1 − window`, or 0
    /// near the start of the series for the "k of m" rules).
    pub first: usize,
}

impl Signal {
    /// The points of the pattern, `first..=index`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{ChartSeries, ControlLimits, Rule};
    /// let l = ControlLimits::symmetric(0.0, 1.0)?;
    /// let s = ChartSeries::with_constant_limits(vec![5.0], l)?;
    /// assert_eq!(s.signals(&[Rule::Nelson1])[0].points(), 0..=0);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn points(&self) -> std::ops::RangeInclusive<usize> {
        self.first..=self.index
    }
}

/// The serialised form of a [`Signal`], checked on the way in.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SignalRepr {
    rule: Rule,
    index: usize,
    first: usize,
}

#[cfg(feature = "serde")]
impl TryFrom<SignalRepr> for Signal {
    type Error = crate::Error;

    fn try_from(r: SignalRepr) -> crate::Result<Self> {
        let window = r.rule.window();
        let k_of_m = matches!(
            r.rule,
            Rule::WesternElectric2 | Rule::Nelson5 | Rule::WesternElectric3 | Rule::Nelson6
        );
        let end = r.index.checked_add(1);
        let ok = match end {
            Some(end) if end >= window => r.first == end - window,
            Some(_) if k_of_m => r.first == 0,
            _ => false,
        };
        if !ok {
            return Err(crate::Error::InvalidParameter {
                name: "first",
                value: format!("{} with index {} for {}", r.first, r.index, r.rule),
                constraint: "index + 1 - the rule's window (0 near the start for the k-of-m rules)",
            });
        }
        Ok(Self {
            rule: r.rule,
            index: r.index,
            first: r.first,
        })
    }
}

/// Side of `value` beyond `k` zones: +1 above, −1 below, 0 neither.
fn side_beyond(value: f64, l: &ControlLimits, k: f64) -> i8 {
    let d = value - l.center;
    let width = k * l.sigma;
    if d > width {
        1
    } else if -d > width {
        -1
    } else {
        0
    }
}

/// Run lengths of a per-point predicate `p`: `run[i]` = consecutive points
/// ending at i that satisfy it.
fn runs(flags: impl Iterator<Item = bool>) -> Vec<usize> {
    let mut run = 0usize;
    flags
        .map(|f| {
            run = if f { run + 1 } else { 0 };
            run
        })
        .collect()
}

/// Run lengths of equal nonzero sides.
fn side_runs(sides: &[i8]) -> Vec<usize> {
    let mut run = 0usize;
    let mut prev = 0i8;
    sides
        .iter()
        .map(|&s| {
            run = if s == 0 {
                0
            } else if s == prev {
                run + 1
            } else {
                1
            };
            prev = s;
            run
        })
        .collect()
}

fn k_of_m(
    sides: &[i8],
    k: usize,
    m: usize,
    rule: Rule,
    out: &mut Vec<(usize, usize, Signal)>,
    order: usize,
) {
    for (i, &s) in sides.iter().enumerate() {
        if s == 0 {
            continue;
        }
        let start = (i + 1).saturating_sub(m);
        let count = sides
            .get(start..=i)
            .map_or(0, |w| w.iter().filter(|&&x| x == s).count());
        if count >= k {
            out.push((
                i,
                order,
                Signal {
                    rule,
                    index: i,
                    first: start,
                },
            ));
        }
    }
}

fn from_runs(
    runs: &[usize],
    len: usize,
    rule: Rule,
    out: &mut Vec<(usize, usize, Signal)>,
    order: usize,
) {
    for (i, &r) in runs.iter().enumerate() {
        if r >= len {
            out.push((
                i,
                order,
                Signal {
                    rule,
                    index: i,
                    first: i + 1 - len,
                },
            ));
        }
    }
}

/// Evaluates `rules` over `values` with per-point `limits` (same length; the
/// callers guarantee it, extra entries of either are ignored).
pub(crate) fn detect(values: &[f64], limits: &[ControlLimits], rules: &[Rule]) -> Vec<Signal> {
    let n = values.len().min(limits.len());
    let values = values.get(..n).unwrap_or_default();
    let limits = limits.get(..n).unwrap_or_default();
    let sides_at = |k: f64| -> Vec<i8> {
        values
            .iter()
            .zip(limits)
            .map(|(&v, l)| side_beyond(v, l, k))
            .collect()
    };
    // Sign of each step x[i] - x[i-1] (0 for the first point and for ties).
    let steps: Vec<i8> = std::iter::once(0)
        .chain(values.windows(2).map(|w| match w {
            [a, b] if b > a => 1,
            [a, b] if b < a => -1,
            _ => 0,
        }))
        .collect();

    let mut found: Vec<(usize, usize, Signal)> = Vec::new();
    for (order, &rule) in rules.iter().enumerate() {
        match rule {
            Rule::WesternElectric1 | Rule::Nelson1 => {
                for (i, (&v, l)) in values.iter().zip(limits).enumerate() {
                    if l.is_beyond(v) {
                        found.push((
                            i,
                            order,
                            Signal {
                                rule,
                                index: i,
                                first: i,
                            },
                        ));
                    }
                }
            }
            Rule::WesternElectric2 | Rule::Nelson5 => {
                k_of_m(&sides_at(2.0), 2, 3, rule, &mut found, order)
            }
            Rule::WesternElectric3 | Rule::Nelson6 => {
                k_of_m(&sides_at(1.0), 4, 5, rule, &mut found, order)
            }
            Rule::WesternElectric4 | Rule::Nelson2 => {
                let r = side_runs(&sides_at(0.0));
                from_runs(&r, rule.window(), rule, &mut found, order);
            }
            Rule::Nelson3 => {
                // Six points need five consecutive steps of one sign.
                let r = side_runs(&steps);
                for (i, &len) in r.iter().enumerate() {
                    if len >= 5 {
                        found.push((
                            i,
                            order,
                            Signal {
                                rule,
                                index: i,
                                first: i - 5,
                            },
                        ));
                    }
                }
            }
            Rule::Nelson4 => {
                // Fourteen points need thirteen nonzero steps alternating in sign.
                let mut run = 0usize;
                let mut prev = 0i8;
                for (i, &s) in steps.iter().enumerate() {
                    run = if s == 0 {
                        0
                    } else if prev != 0 && s == -prev {
                        run + 1
                    } else {
                        1
                    };
                    prev = s;
                    if run >= 13 {
                        found.push((
                            i,
                            order,
                            Signal {
                                rule,
                                index: i,
                                first: i - 13,
                            },
                        ));
                    }
                }
            }
            Rule::Nelson7 => {
                let r = runs(
                    values
                        .iter()
                        .zip(limits)
                        .map(|(&v, l)| (v - l.center).abs() < l.sigma),
                );
                from_runs(&r, 15, rule, &mut found, order);
            }
            Rule::Nelson8 => {
                let r = runs(sides_at(1.0).into_iter().map(|s| s != 0));
                from_runs(&r, 8, rule, &mut found, order);
            }
        }
    }
    found.sort_by_key(|&(i, order, _)| (i, order));
    found.into_iter().map(|(_, _, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit() -> ControlLimits {
        ControlLimits::clipped(0.0, 1.0, f64::NEG_INFINITY, f64::INFINITY)
    }

    fn fire(values: &[f64], rule: Rule) -> Vec<(usize, usize)> {
        let limits = vec![unit(); values.len()];
        detect(values, &limits, &[rule])
            .into_iter()
            .map(|s| (s.first, s.index))
            .collect()
    }

    #[test]
    fn trend_needs_six_points() {
        assert_eq!(fire(&[0.0, 0.1, 0.2, 0.3, 0.4], Rule::Nelson3), vec![]);
        assert_eq!(
            fire(&[0.0, 0.1, 0.2, 0.3, 0.4, 0.5], Rule::Nelson3),
            vec![(0, 5)]
        );
        // A tie breaks the trend.
        assert_eq!(
            fire(&[0.0, 0.1, 0.2, 0.2, 0.3, 0.4, 0.5], Rule::Nelson3),
            vec![]
        );
    }

    #[test]
    fn centre_line_breaks_a_run() {
        let mut v = vec![0.5; 8];
        v[4] = 0.0;
        assert_eq!(fire(&v, Rule::WesternElectric4), vec![]);
    }
}
