//! Integer and real root searches behind the staffing solvers.
//!
//! Every staffing target is a *margin* function that is non-decreasing in
//! the number of agents (`margin >= 0` means the target is met). The integer
//! search brackets the smallest passing count from a guess, with secant
//! steps (falling back to doubling), then closes the bracket by
//! Anderson-Bjorck regula falsi on integers. It evaluates the margin exactly at
//! the integers it returns: the answer meets the target and the answer minus
//! one does not (unless it is the lower bound).

use crate::erlang_b::MAX_AGENTS;
use crate::error::{Error, Result};

/// An evaluated agent count and its margin.
type Point = (u32, f64);

/// Iteration cap: far above what any bracket of integers up to 1e9 needs
/// (doubling to 1e9 takes 30 steps, bisection another 30).
const MAX_STEPS: usize = 400;

/// The smallest integer `n >= n_min` (up to [`MAX_AGENTS`]) with
/// `margin(n) >= 0`, for a non-decreasing `margin`. A NaN margin counts as
/// not met.
pub(crate) fn min_integer(
    n_min: u32,
    guess: f64,
    mut margin: impl FnMut(u32) -> f64,
) -> Result<u32> {
    let n_max = MAX_AGENTS as u32;
    let n_min = n_min.min(n_max);
    let clamp = |x: f64| -> u32 {
        if x.is_nan() || x <= f64::from(n_min) {
            n_min
        } else if x >= f64::from(n_max) {
            n_max
        } else {
            x.ceil() as u32
        }
    };
    let mut k = clamp(guess);
    let mut fail: Option<Point> = None;
    let mut pass: Option<Point> = None;
    // The point each end held before its last move, for secant steps.
    let (mut older_fail, mut older_pass): (Option<Point>, Option<Point>) = (None, None);
    let mut jump = 1.0_f64;
    // Regula falsi bookkeeping: which end moved last, and the scaled margins used for interpolation.
    let mut last_moved_pass: Option<bool> = None;
    let (mut w_fail, mut w_pass) = (0.0_f64, 0.0_f64);
    let mut steps_in_bracket = 0_u32;
    let mut width_three_ago = f64::INFINITY;
    for _ in 0..MAX_STEPS {
        let m = margin(k);
        let met = m >= 0.0;
        // margin at the end this point replaces (for the Anderson-Bjorck factor)
        let replaced = if met {
            pass.map(|p| p.1)
        } else {
            fail.map(|f| f.1)
        };
        if met {
            older_pass = pass;
            pass = Some((k, m));
            w_pass = m;
        } else {
            older_fail = fail;
            fail = Some((k, m));
            w_fail = m;
        }
        match (fail, pass) {
            (Some((f, _)), Some((p, _))) => {
                if p <= f + 1 {
                    return Ok(p);
                }
                if last_moved_pass == Some(met) {
                    // The same end moved twice: shrink the other end's weight by
                    // the Anderson-Bjorck factor 1 - m_new / m_replaced (0.5 if
                    // that is not positive), so the interpolation does not stall.
                    let factor = match replaced {
                        Some(old) if old != 0.0 && old.is_finite() && m.is_finite() => {
                            let r = 1.0 - m / old;
                            if r > 0.0 { r } else { 0.5 }
                        }
                        _ => 0.5,
                    };
                    if met {
                        w_fail *= factor;
                    } else {
                        w_pass *= factor;
                    }
                }
                last_moved_pass = Some(met);
                let width = f64::from(p - f);
                // Guaranteed progress: if three interpolation steps have not
                // halved the bracket (a margin that is flat or nearly zero on
                // one side), bisect.
                steps_in_bracket += 1;
                if steps_in_bracket.is_multiple_of(3) {
                    let stalled = width > 0.5 * width_three_ago;
                    width_three_ago = width;
                    if stalled {
                        k = f + (p - f) / 2;
                        continue;
                    }
                }
                let t = if w_fail.is_finite() && w_pass.is_finite() && w_pass > w_fail {
                    -w_fail / (w_pass - w_fail)
                } else {
                    0.5
                };
                let x = f64::from(f) + t * width;
                k = (x.ceil() as u32).clamp(f + 1, p - 1);
            }
            (None, Some((p, mp))) => {
                if p == n_min {
                    return Ok(p);
                }
                let step = secant_step(older_pass, (p, mp), jump);
                jump = step;
                k = clamp(f64::from(p) - step).min(p - 1);
            }
            (Some((f, mf)), None) => {
                if f >= n_max {
                    return Err(Error::Unreachable {
                        max_agents: MAX_AGENTS,
                    });
                }
                let step = secant_step(older_fail, (f, mf), jump);
                jump = step;
                k = clamp(f64::from(f) + step).max(f + 1);
            }
            (None, None) => {
                return Err(Error::Unreachable {
                    max_agents: MAX_AGENTS,
                });
            }
        }
    }
    Err(Error::Unreachable {
        max_agents: MAX_AGENTS,
    })
}

/// Size of the next one-sided step towards the root: the secant estimate
/// through the last two points (plus one, to land on the far side), at
/// least twice and at most a thousand times the previous step.
fn secant_step(prev: Option<(u32, f64)>, cur: (u32, f64), last: f64) -> f64 {
    let fallback = (2.0 * last).max(1.0);
    let Some((k0, m0)) = prev else {
        return 1.0;
    };
    let (k1, m1) = cur;
    if k0 == k1 || !m0.is_finite() || !m1.is_finite() || m0 == m1 {
        return fallback;
    }
    let slope = (m1 - m0) / (f64::from(k1) - f64::from(k0));
    if slope <= 0.0 {
        return fallback;
    }
    let dist = (m1 / slope).abs();
    // The previous step did not cross the root: grow at least geometrically.
    (dist.ceil() + 1.0)
        .max(2.0 * last)
        .clamp(1.0, (1000.0 * last).max(4.0))
}

/// How many doubles lie in `[lo, hi]` for a non-negative bracket (the
/// width on the scale where bisection halves the number of significant
/// decades too), else the plain width.
fn span(lo: f64, hi: f64) -> f64 {
    if lo >= 0.0 {
        // `+ 0.0` turns -0 into +0, whose bit pattern is the smallest.
        (hi.to_bits() - (lo + 0.0).to_bits()) as f64
    } else {
        hi - lo
    }
}

/// The point halving [`span`]: for a non-negative bracket the midpoint of
/// the bit patterns (a geometric mean), so that a root many decades below
/// `hi` is reached in at most 64 halvings; else the arithmetic mean.
fn midpoint(lo: f64, hi: f64) -> f64 {
    if lo >= 0.0 {
        let (a, b) = ((lo + 0.0).to_bits(), hi.to_bits());
        f64::from_bits(a + (b - a) / 2)
    } else {
        0.5 * (lo + hi)
    }
}

/// The real `x` in `[lo, hi]` with `f(x) = 0` for a monotone `f` with
/// `f(lo) <= 0 <= f(hi)` (either direction), to about 1e-14 relative:
/// Illinois regula falsi, with a bisection of [`span`] whenever three steps
/// have not halved it (a root decades below `hi`, or an infinite end).
pub(crate) fn real_root(mut lo: f64, mut hi: f64, mut f: impl FnMut(f64) -> f64) -> f64 {
    let mut f_lo = f(lo);
    let mut f_hi = f(hi);
    if f_lo == 0.0 {
        return lo;
    }
    if f_hi == 0.0 {
        return hi;
    }
    let increasing = f_hi > f_lo || f_lo.is_nan();
    let mut side = 0_i8;
    let mut span_three_ago = span(lo, hi);
    for step in 1..=MAX_STEPS {
        if (hi - lo) <= 4.0 * f64::EPSILON * hi.abs().max(lo.abs()) {
            break;
        }
        let mut stalled = false;
        if step % 3 == 0 {
            let now = span(lo, hi);
            stalled = now > 0.5 * span_three_ago;
            span_three_ago = now;
        }
        let mut x = if stalled {
            midpoint(lo, hi)
        } else if f_lo.is_finite() && f_hi.is_finite() && f_hi != f_lo {
            lo - f_lo * (hi - lo) / (f_hi - f_lo)
        } else {
            0.5 * (lo + hi)
        };
        if !(x > lo && x < hi) {
            x = 0.5 * (lo + hi);
        }
        let fx = f(x);
        if fx == 0.0 {
            return x;
        }
        let below = if increasing { fx < 0.0 } else { fx > 0.0 };
        if below || fx.is_nan() {
            lo = x;
            f_lo = fx;
            if side == -1 {
                f_hi *= 0.5;
            }
            side = -1;
        } else {
            hi = x;
            f_hi = fx;
            if side == 1 {
                f_lo *= 0.5;
            }
            side = 1;
        }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_smallest_passing_integer_from_any_guess() {
        for root in [0.0, 0.5, 1.0, 7.3, 100.0, 12_345.6, 999_999.0] {
            for guess in [0.0, 1.0, 50.0, 1e4, 1e6, 2e6] {
                let mut calls = 0;
                let n = min_integer(0, guess, |n| {
                    calls += 1;
                    (f64::from(n) - root).tanh()
                })
                .unwrap();
                assert_eq!(n, root.ceil() as u32, "root {root} guess {guess}");
                assert!(calls < 120, "{calls} calls for root {root} guess {guess}");
            }
        }
    }

    #[test]
    fn respects_the_lower_bound_and_reports_unreachable_targets() {
        assert_eq!(min_integer(5, 0.0, |_| 1.0).unwrap(), 5);
        assert!(matches!(
            min_integer(0, 10.0, |_| -1.0),
            Err(Error::Unreachable { .. })
        ));
        assert!(matches!(
            min_integer(0, 10.0, |_| f64::NAN),
            Err(Error::Unreachable { .. })
        ));
    }

    #[test]
    fn real_root_converges_to_full_precision() {
        let r = real_root(0.0, 10.0, |x| x * x - 2.0);
        assert!((r - std::f64::consts::SQRT_2).abs() < 1e-15);
        let r = real_root(0.0, 10.0, |x| 1.0 - x.exp() / 100.0);
        assert!((r - 100f64.ln()).abs() < 1e-14);
    }
}
