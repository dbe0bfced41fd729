//! The exact phase for costs on a granularity: branch first on the number of
//! shifts per cost class, then look for a schedule with those counts.
//!
//! Every shift of a template costs the same, so the objective is
//! `sum_k c_k n_k` with `n_k` the number of shifts of cost class `k` (the
//! templates grouped by cost). The costs are multiples of a granularity `g`
//! computed exactly from the decimal inputs, so with an incumbent `U` only
//! count vectors of cost at most `U - g` matter. The LP relaxation with a
//! cost row `sum c_s x_s <= U - g` and rows `sum_{s in k} x_s = n_k` is
//! re-solved (warm dual simplex) with the counts fixed one class at a time;
//! the LP value is convex in each fixed count, so at each level the feasible
//! counts form an interval walked outwards from the LP value. A count
//! vector whose LP is infeasible is proven to hold no schedule cheaper than
//! `U`. The vectors left (usually very few) are searched for an integer
//! schedule in increasing cost order; the first found is optimal once every
//! cheaper vector is proven empty.

use std::time::Instant;

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::lp::{Cmp, Lin, ModelOptions, ModelValues, build, extract, to_microlp};
use crate::problem::{Objective, ScheduleProblem};

// Rounded costs. A shift's cost, `rate x paid minutes / 60 + fixed`, is
// rounded to 28 significant digits when it is no decimal (490 / 3 is
// 163.33333333333333333333333333), and `g` and the float costs come from
// that rounded value. This cannot make the solver return a dearer
// schedule than the floats it compares can tell apart, nor report a wrong
// total:
// - totals are summed exactly from the rates and minutes
//   (`money::CostSum`), and `solve` reports that total;
// - the rounding moves a cost by less than 1e-27 of itself, 1e11 times less
//   than half a float's spacing (1.1e-16 of it); the float cost is within
//   two spacings of the exact fraction (the test
//   `rounded_costs_are_the_exact_floats`; rust_decimal's conversion to
//   f64, not the rounding, is what is not always the nearest float:
//   7 / 6000 gives 0.0011666666666666665, the nearest is ...668). n
//   shifts' roundings add up to n x 1e-27 of the total, invisible to the
//   float sums for any n a model can hold;
// - a cost that is no decimal shares next to no factor with the others
//   at 28 digits, so `g` is about 10^-26 (`granularity_of_fractions`):
//   the gap then spans far more than 128 multiples of `g`, this phase does
//   not run and the capped branch and bound decides on float costs. (The
//   exact fractions have a coarser granularity, 5 / 3 for 5 / 3 and 7 / 3,
//   which would let this phase run; it is not worth a rational `g` here:
//   branch and bound proves these optima on the small models that get
//   here, as the enumeration tests in `tests/exact_costs.rs` check.)
// What the floats cannot tell apart, no phase can: schedules whose exact
// costs differ by less than about 1e-15 of the total tie, and either may
// be returned, whether the difference comes from this rounding (a template
// costing 490 / 3 and one costing 163.33333333333333333333333333) or from
// two exact decimals (100 and 100.0000000000000001).

/// The cost granularity `g`: the largest decimal that divides every
/// template's shift cost (computed exactly from the decimal inputs), as a
/// float in the candidates' units (times the problem's `cost_scale`). `None` when the objective is not the cost, when a cost is not
/// positive, or when the decimals do not fit.
pub(crate) fn granularity(problem: &ScheduleProblem) -> Option<f64> {
    if problem.objective != Objective::Cost {
        return None;
    }
    let costs: Vec<Decimal> = problem
        .templates
        .iter()
        .enumerate()
        .filter(|(ti, _)| problem.candidates.iter().any(|c| c.template == *ti))
        .map(|(_, t)| t.shift_cost())
        .collect();
    if costs.is_empty() || costs.iter().any(|c| *c <= Decimal::ZERO) {
        return None;
    }
    let scale = costs.iter().map(Decimal::scale).max()?;
    let mut g: u128 = 0;
    for c in &costs {
        let mut m = c.normalize();
        m.rescale(scale);
        if m.scale() != scale {
            return None;
        }
        let mantissa = u128::try_from(m.mantissa()).ok()?;
        g = gcd(g, mantissa);
    }
    if g == 0 {
        return None;
    }
    let g = Decimal::from_i128_with_scale(i128::try_from(g).ok()?, scale);
    // In the candidates' units (times the problem's power-of-two scale).
    let gf = f64::try_from(g).ok()? * problem.cost_scale;
    // Float costs must agree with the exact multiples (they do unless the
    // decimals are beyond f64's exact range).
    let ok = problem.candidates.iter().all(|c| {
        let q = c.cost / gf;
        (q - q.round()).abs() < 1e-6
    });
    (ok && gf > 0.0).then_some(gf)
}

fn gcd(a: u128, b: u128) -> u128 {
    let (mut a, mut b) = (a, b);
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// Rounds a lower bound up to the next multiple of `g`.
pub(crate) fn round_up(bound: f64, g: f64) -> f64 {
    ((bound / g) - 1e-7).ceil() * g
}

/// Work budgets of the exact phase.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ExactBudget {
    /// LP re-solves of the count enumeration.
    pub(crate) lps: usize,
    /// Branch-and-bound nodes per count vector searched (microlp does
    /// not report the nodes of an infeasible search, so the budget is per
    /// vector).
    pub(crate) nodes: u64,
    /// Count vectors given the full search.
    pub(crate) leaves: usize,
    /// Count vectors given a short search first.
    pub(crate) scan: usize,
    /// Branch-and-bound nodes of a short search.
    pub(crate) quick_nodes: u64,
}

/// What the exact phase proved or found.
#[derive(Debug, Clone)]
pub(crate) struct ExactOutcome {
    /// A schedule cheaper than the incumbent, if one was found.
    pub(crate) improved: Option<ModelValues>,
    /// A proven lower bound on the optimum (a multiple of `g`).
    pub(crate) bound: f64,
    /// Whether the time limit cut the phase short.
    pub(crate) timed_out: bool,
    /// LP solves of the enumeration.
    pub(crate) lps: usize,
    /// Branch-and-bound nodes of the searches that ended with a schedule
    /// or ran out.
    pub(crate) nodes: u64,
}

/// One cost class: its cost and the shift-count columns in it.
struct Class {
    cost: f64,
    cols: Vec<usize>,
}

struct Enumeration<'a> {
    classes: &'a [Class],
    aux: &'a [microlp::Variable],
    cap: f64,
    lps_left: usize,
    lps: usize,
    deadline: Instant,
    /// Count vectors whose LP is feasible: cost and counts.
    leaves: Vec<(f64, Vec<u32>)>,
    /// Whether the budget or the clock cut the enumeration short.
    cut: bool,
    timed_out: bool,
}

impl Enumeration<'_> {
    fn resolve(
        &mut self,
        s: microlp::Solution,
        var: microlp::Variable,
        value: f64,
    ) -> Option<microlp::Solution> {
        if self.lps_left == 0 {
            self.cut = true;
            return None;
        }
        if Instant::now() >= self.deadline {
            self.cut = true;
            self.timed_out = true;
            return None;
        }
        self.lps_left -= 1;
        self.lps += 1;
        // A row `n = value` rather than `fix_var`: microlp's `fix_var` on a
        // basic variable already at `value` whose tableau row has no
        // eligible entering column reports a false infeasibility; a new
        // row is re-solved by the dual simplex, whose infeasibility answer
        // is a dual ray.
        match s.add_constraint([(var, 1.0)], microlp::ComparisonOp::Eq, value) {
            Ok(microlp::SolveOutcome::Solution(s)) => Some(s),
            Ok(microlp::SolveOutcome::Interrupted(_)) => {
                self.cut = true;
                self.timed_out = true;
                None
            }
            Err(microlp::Error::Infeasible) => None,
            Err(_) => {
                self.cut = true;
                None
            }
        }
    }

    /// Walks the counts of class `level` outwards from the LP's value.
    fn walk(&mut self, s: &microlp::Solution, level: usize, fixed: &mut Vec<u32>, spent: f64) {
        let (Some(class), Some(&var)) = (self.classes.get(level), self.aux.get(level)) else {
            return;
        };
        let last = level + 1 == self.classes.len();
        let v = s.var_value_raw(var);
        let up_from = (v - 1e-7).ceil().max(0.0);
        let down_from = (v + 1e-7).floor();
        // Upwards from ceil(v), then downwards from floor(v).
        for dir in [1.0, -1.0] {
            let mut k = if dir > 0.0 {
                up_from
            } else if down_from < up_from {
                down_from
            } else {
                down_from - 1.0
            };
            while k >= 0.0 && spent + class.cost * k <= self.cap + 1e-9 {
                if self.cut {
                    return;
                }
                let r = self.resolve(s.clone(), var, k);
                let Some(next) = r else {
                    break;
                };
                let counts = k as u32;
                fixed.push(counts);
                if last {
                    self.leaves.push((spent + class.cost * k, fixed.clone()));
                } else {
                    self.walk(&next, level + 1, fixed, spent + class.cost * k);
                }
                fixed.pop();
                k += dir;
            }
        }
    }
}

/// The model with its class-count columns and rows (and, when `cap` is
/// given, the cost row).
fn model_with_classes(
    problem: &ScheduleProblem,
    classes: &[Class],
    integer: bool,
    cap: Option<f64>,
    counts: Option<&[u32]>,
) -> (Lin, Vec<usize>) {
    let opts = ModelOptions {
        integer,
        cost_cap: cap,
        ..ModelOptions::lp(0.0)
    };
    let mut lin = build(problem, &opts);
    let mut aux = Vec::with_capacity(classes.len());
    for (k, class) in classes.iter().enumerate() {
        let (lo, hi) = match counts.and_then(|c| c.get(k)) {
            Some(&n) => (f64::from(n), f64::from(n)),
            None => (0.0, f64::INFINITY),
        };
        let n = lin.col(0.0, lo, hi, integer, 0.0);
        let mut row: Vec<(usize, f64)> = class
            .cols
            .iter()
            .filter_map(|&ci| lin.x_col.get(ci).copied().flatten())
            .map(|c| (c, 1.0))
            .collect();
        row.push((n, -1.0));
        lin.rows.push((row, Cmp::Eq, 0.0));
        aux.push(n);
    }
    (lin, aux)
}

/// The exact phase. `incumbent` is the cost of the best schedule known,
/// `bound` a proven lower bound, `g` the cost granularity.
pub(crate) fn search(
    problem: &ScheduleProblem,
    incumbent: f64,
    bound: f64,
    g: f64,
    budget: &ExactBudget,
    deadline: Instant,
) -> Result<ExactOutcome> {
    let mut out = ExactOutcome {
        improved: None,
        bound,
        timed_out: false,
        lps: 0,
        nodes: 0,
    };
    if incumbent - g < bound - 1e-9 * g {
        out.bound = incumbent;
        return Ok(out);
    }
    // Cost classes: candidates grouped by (exactly) equal cost, dearest first.
    let mut classes: Vec<Class> = Vec::new();
    for (ci, c) in problem.candidates.iter().enumerate() {
        let units = (c.cost / g).round();
        match classes.iter_mut().find(|k| (k.cost / g).round() == units) {
            Some(k) => k.cols.push(ci),
            None => classes.push(Class {
                cost: units * g,
                cols: vec![ci],
            }),
        }
    }
    classes.sort_by(|a, b| b.cost.total_cmp(&a.cost));
    // Integer points cost at most `incumbent - g`; the slack covers the
    // rounding of float sums.
    let cap = incumbent - g + 1e-7 * incumbent.abs().max(1.0);
    let (lin, aux_cols) = model_with_classes(problem, &classes, false, Some(cap), None);
    // The incumbent is feasible, so the model cannot be trivially
    // infeasible; on any failure the phase claims nothing.
    let Ok((prob, vars)) = to_microlp(&lin) else {
        return Ok(out);
    };
    let left = deadline.saturating_duration_since(Instant::now());
    let mut so = microlp::SolveOptions::default();
    so.time_limit = Some(left.max(std::time::Duration::from_millis(1)));
    let root = match prob.solve_with(so) {
        Ok(microlp::SolveOutcome::Solution(s)) => s,
        Ok(microlp::SolveOutcome::Interrupted(_)) => {
            out.timed_out = true;
            return Ok(out);
        }
        Err(microlp::Error::Infeasible) => {
            // No schedule at most `incumbent - g`: the incumbent is optimal.
            out.bound = incumbent;
            return Ok(out);
        }
        Err(_) => return Ok(out),
    };
    out.bound = out.bound.max(round_up(root.objective(), g).min(incumbent));
    let aux: Vec<microlp::Variable> = aux_cols
        .iter()
        .filter_map(|&c| vars.get(c).copied())
        .collect();
    let mut en = Enumeration {
        classes: &classes,
        aux: &aux,
        cap,
        lps_left: budget.lps,
        lps: 0,
        deadline,
        leaves: Vec::new(),
        cut: false,
        timed_out: false,
    };
    en.walk(&root, 0, &mut Vec::new(), 0.0);
    out.lps = en.lps;
    out.timed_out = en.timed_out;
    if en.cut {
        return Ok(out);
    }
    let mut leaves = en.leaves;
    leaves.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    // Every count vector not listed is proven to hold no schedule cheaper
    // than the incumbent. The listed ones are searched cheapest first, in
    // two passes: a short search of each (most empty ones are proven so,
    // and a schedule found ends the pass), then the full search of those
    // the short one left open, until one is found or one stays open.
    let mut open: Vec<usize> = Vec::new();
    let mut best = incumbent;
    let mut scanned = 0;
    for (i, (cost, counts)) in leaves.iter().enumerate().take(budget.scan) {
        if Instant::now() >= deadline {
            out.timed_out = true;
            break;
        }
        scanned = i + 1;
        match leaf(problem, &classes, counts, budget.quick_nodes, deadline)? {
            Leaf::Found(v, used) => {
                out.nodes += used;
                out.improved = Some(v);
                best = *cost;
                break;
            }
            Leaf::Empty => {}
            Leaf::Unknown { used, timed_out } => {
                out.nodes += used;
                out.timed_out |= timed_out;
                open.push(i);
            }
        }
    }
    // Vectors past the scan (cheaper than the best found) are open too.
    let mut proven_below = leaves
        .get(scanned)
        .filter(|_| out.improved.is_none())
        .map_or(best, |l| l.0.min(best));
    let mut unknown = 0;
    for (searched, &i) in open.iter().enumerate() {
        let Some((cost, counts)) = leaves.get(i) else {
            break;
        };
        if searched >= budget.leaves || Instant::now() >= deadline {
            out.timed_out |= Instant::now() >= deadline;
            proven_below = proven_below.min(*cost);
            break;
        }
        match leaf(problem, &classes, counts, budget.nodes, deadline)? {
            Leaf::Found(v, used) => {
                out.nodes += used;
                out.improved = Some(v);
                proven_below = proven_below.min(*cost);
                break;
            }
            Leaf::Empty => {}
            Leaf::Unknown { used, timed_out } => {
                // The bound stops here; a schedule cheaper than the best
                // may still be in the next vector.
                out.nodes += used;
                out.timed_out |= timed_out;
                proven_below = proven_below.min(*cost);
                unknown += 1;
                if timed_out || unknown >= 2 {
                    break;
                }
            }
        }
    }
    out.bound = out.bound.max(proven_below);
    Ok(out)
}

/// The answer of the search of one count vector.
enum Leaf {
    /// A schedule with these counts, and the nodes used.
    Found(ModelValues, u64),
    /// Proven: no schedule has these counts.
    Empty,
    /// The budget or the clock ran out first.
    Unknown { used: u64, timed_out: bool },
}

/// The search of one count vector (the cost is then fixed, so the first
/// integer point ends a branch and bound): first microlp's branch and bound
/// with whole shift counts but fractional break placements (a relaxation:
/// no point proves the vector empty), then, if its shifts admit whole break
/// placements, those; else the full model.
fn leaf(
    problem: &ScheduleProblem,
    classes: &[Class],
    counts: &[u32],
    nodes: u64,
    deadline: Instant,
) -> Result<Leaf> {
    let (mut lin, _) = model_with_classes(problem, classes, true, None, Some(counts));
    for yc in &lin.y_col {
        for yk in yc {
            for &c in yk {
                if let Some(i) = lin.integer.get_mut(c) {
                    *i = false;
                }
            }
        }
    }
    let relaxed = run(&lin, nodes, deadline)?;
    let Leaf::Found(v, used) = relaxed else {
        return Ok(relaxed);
    };
    let whole =
        v.y.iter()
            .flatten()
            .flatten()
            .all(|&y| (y - y.round()).abs() < 1e-6);
    if whole {
        return Ok(Leaf::Found(v, used));
    }
    // Break placements for these shifts.
    let (mut fixed, _) = model_with_classes(problem, classes, true, None, Some(counts));
    for (&col, &x) in fixed.x_col.iter().zip(&v.x) {
        if let Some(c) = col {
            let x = x.round();
            if let (Some(lo), Some(hi)) = (fixed.lo.get_mut(c), fixed.hi.get_mut(c)) {
                (*lo, *hi) = (x, x);
            }
        }
    }
    if let Leaf::Found(v, more) = run(&fixed, nodes, deadline)? {
        return Ok(Leaf::Found(v, used + more));
    }
    let (full, _) = model_with_classes(problem, classes, true, None, Some(counts));
    run(&full, nodes, deadline)
}

/// Branch and bound (microlp) on a model, node-limited.
fn run(lin: &Lin, nodes: u64, deadline: Instant) -> Result<Leaf> {
    let (prob, vars) = match to_microlp(lin) {
        Ok(m) => m,
        Err(Error::Infeasible { .. }) => return Ok(Leaf::Empty),
        Err(e) => return Err(e),
    };
    let mut so = microlp::SolveOptions::default();
    so.time_limit = Some(
        deadline
            .saturating_duration_since(Instant::now())
            .max(std::time::Duration::from_millis(1)),
    );
    so.node_limit = Some(nodes);
    Ok(match prob.solve_with(so) {
        Ok(microlp::SolveOutcome::Solution(s)) => {
            let used = s.stats().nodes_solved.max(1);
            let v = extract(
                lin,
                |c| vars.get(c).map_or(0.0, |&var| s.var_value_raw(var)),
                s.objective(),
            );
            Leaf::Found(v, used)
        }
        Ok(microlp::SolveOutcome::Interrupted(i)) => Leaf::Unknown {
            used: i.stats().nodes_solved,
            timed_out: Instant::now() >= deadline,
        },
        Err(microlp::Error::Infeasible) => Leaf::Empty,
        Err(_) => Leaf::Unknown {
            used: 0,
            timed_out: false,
        },
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use std::time::Duration;

    use proptest::prelude::*;
    use servops_core::{IntervalGrid, IntervalSeries};

    use super::*;
    use crate::lp::{MipOutcome, solve_mip};
    use crate::{BreakRule, Pay, ShiftTemplate};

    fn m(x: u64) -> Duration {
        Duration::from_secs(60 * x)
    }

    /// A one-day problem on a 30-minute grid: templates `(span in half
    /// hours, hourly rate in cents, with a paid 15-minute break)`, each
    /// shift also costing a fixed 5.00; the break takes half an interval.
    fn day(req: &[u8], templates: &[(u64, i64, bool)]) -> Option<ScheduleProblem> {
        let grid =
            IntervalGrid::new("2026-03-02T07:00:00Z".parse().unwrap(), m(30), req.len()).unwrap();
        let templates = templates
            .iter()
            .enumerate()
            .map(|(i, &(half_hours, cents, brk))| {
                let mut b = ShiftTemplate::builder(format!("t{i}"))
                    .span(m(30 * half_hours))
                    .hourly_rate(Decimal::new(cents, 2))
                    .fixed_cost(Decimal::new(5, 0));
                if brk {
                    b = b.breaks(vec![
                        BreakRule::new(m(15), Pay::Paid, m(30), m(30 * half_hours - 60))
                            .unwrap()
                            .with_step(m(30))
                            .unwrap(),
                    ]);
                }
                b.build().unwrap()
            })
            .collect();
        let req = req.iter().map(|&r| f64::from(r)).collect();
        ScheduleProblem::builder(IntervalSeries::new(grid, req).unwrap(), templates)
            .build()
            .ok()
    }

    /// The optimum by microlp's own branch and bound on the plain model
    /// (no class rows, no cost row, no node limit).
    fn exhaustive(p: &ScheduleProblem) -> Option<f64> {
        let opts = ModelOptions {
            integer: true,
            ..ModelOptions::lp(60.0)
        };
        match solve_mip(p, &opts) {
            Ok(MipOutcome::Solved(v)) => {
                assert!(v.proven_optimal);
                Some(v.objective)
            }
            Err(crate::Error::Infeasible { .. }) => None,
            other => panic!("{other:?}"),
        }
    }

    fn cost_of(p: &ScheduleProblem, v: &ModelValues) -> f64 {
        p.candidates
            .iter()
            .zip(&v.x)
            .map(|(c, x)| c.cost * x.round())
            .sum()
    }

    fn generous() -> ExactBudget {
        ExactBudget {
            lps: 100_000,
            nodes: 1_000_000,
            leaves: 10_000,
            scan: 10_000,
            quick_nodes: 20,
        }
    }

    /// The granularity in the currency unit (`granularity` gives it in
    /// the scaled costs the search runs on).
    fn unit_granularity(p: &ScheduleProblem) -> Option<f64> {
        granularity(p).map(|g| g / p.cost_scale)
    }

    #[test]
    fn granularity_is_exact() {
        // 20.00 x 3 h + 5 = 65, 21.00 x 2 h + 5 = 47: gcd 1.
        let p = day(&[1, 2, 2, 1, 1, 1], &[(6, 2000, false), (4, 2100, false)]).unwrap();
        assert_eq!(unit_granularity(&p), Some(1.0));
        // The dearest, 65, is scaled into [1, 2): by 2^-6.
        assert_eq!(p.cost_scale, 1.0 / 64.0);
        assert_eq!(granularity(&p), Some(1.0 / 64.0));
        // 20.25 x 2 h + 5 = 45.50 and 20.50 x 2 h + 5 = 46.00: gcd 0.50.
        let p = day(&[1, 2, 2, 1], &[(4, 2025, false), (4, 2050, false)]).unwrap();
        assert_eq!(unit_granularity(&p), Some(0.5));
        // 20.10 x 1 h + 5 = 25.10 and 21.00 x 1 h + 5 = 26.00: gcd 0.10.
        let p = day(&[1, 2], &[(2, 2010, false), (2, 2100, false)]).unwrap();
        let g = unit_granularity(&p).unwrap();
        assert!((g - 0.1).abs() < 1e-12);
    }

    /// A template of `minutes` paid at `cents / 100` an hour.
    fn paid_for(minutes: u64, cents: i64) -> ShiftTemplate {
        ShiftTemplate::builder(format!("t{minutes}"))
            .span(m(minutes))
            .hourly_rate(Decimal::new(cents, 2))
            .build()
            .unwrap()
    }

    /// The float of the rounded decimal cost is within two float spacings
    /// of the exact fraction `cents x minutes / 6000`: an integer below
    /// 2^53 divided by 6000 in f64 is correctly rounded, so it is the
    /// nearest float to the fraction, computed without the decimal. (Not
    /// always equal: rust_decimal's conversion of 0.00116666... (7 / 6000)
    /// gives 0.0011666666666666665, one spacing below the nearest; the
    /// 28-digit rounding, 1e-27 of the cost, could not move it.)
    #[test]
    fn rounded_costs_are_the_exact_floats() {
        let mut off = 0;
        let mut worst = 0;
        for cents in [1, 7, 1001, 1999, 2000, 2050, 2125, 3333, 99_999] {
            for minutes in 1..=1_440u64 {
                let t = paid_for(minutes, cents);
                let exact = (cents as f64 * minutes as f64) / 6000.0;
                let got = f64::try_from(t.shift_cost()).unwrap();
                let ulps = got.to_bits().abs_diff(exact.to_bits());
                worst = worst.max(ulps);
                off += usize::from(got != exact);
            }
        }
        // Measured: 1,292 of the 12,960 costs are off, by at most two
        // spacings (745 minutes at 0.01: 0.12416666666666669, nearest
        // ...666), all from the conversion.
        assert!(worst <= 2, "{worst} spacings");
        assert!(off > 0);
        let t = paid_for(7, 1);
        assert_eq!(
            f64::try_from(t.shift_cost()).unwrap(),
            0.0011666666666666665
        );
        assert_eq!(7.0 / 6000.0, 0.0011666666666666668);
    }

    /// Costs that are no decimals: 5 / 3 and 7 / 3 (1.00 an hour for 100
    /// and 140 minutes), rounded, share no factor but 10^-28, so `g` is
    /// 1e-28 and a gap of one cent spans 10^26 multiples of it, far above
    /// the 128 at which the exact phase takes over; the exact fractions'
    /// granularity would be 1 / 3.
    #[test]
    fn granularity_of_fractions() {
        let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse().unwrap(), m(20), 12).unwrap();
        let req = IntervalSeries::filled(grid, 1.0);
        let p = ScheduleProblem::builder(req, vec![paid_for(100, 100), paid_for(140, 100)])
            .build()
            .unwrap();
        assert_eq!(
            p.templates[0].shift_cost().to_string(),
            "1.6666666666666666666666666667"
        );
        let g = unit_granularity(&p).unwrap();
        assert!((g - 1e-28).abs() < 1e-40, "{g}");
        assert!(0.01 / g > 1e20);
    }

    /// Costs of 54 and 156 are multiples of 2 (54 = 2 x 27, 156 = 4 x 39),
    /// in any unit: scaled into [1, 2) (by 2^-7) and at 2^20 times as much
    /// (by 2^-27) they are the same floats, with the same step 2 x 2^-7;
    /// odd whole costs give one unit; costs of 0.1 (no power of two but
    /// 2^-55 divides the float 0.1) and negative or infinite costs give
    /// none; zero costs are multiples of anything.
    #[test]
    fn cost_steps_are_powers_of_two_in_any_unit() {
        use crate::problem::{cost_step, power_of_two_scale};
        for times in [1.0, 1048576.0, 1.0 / 1024.0] {
            let costs = [54.0 * times, 156.0 * times];
            let scale = power_of_two_scale(156.0 * times);
            assert_eq!(scale * times, 1.0 / 128.0);
            let scaled: Vec<f64> = costs.iter().map(|c| c * scale).collect();
            assert_eq!(scaled, vec![54.0 / 128.0, 156.0 / 128.0]);
            assert_eq!(cost_step(scaled.iter().copied()), Some(2.0 / 128.0));
        }
        assert_eq!(cost_step([0.0, 27.0 / 32.0, 39.0 / 32.0]), Some(1.0 / 32.0));
        assert_eq!(cost_step([0.1, 1.5]), None);
        assert_eq!(cost_step([-1.0, 1.5]), None);
        assert_eq!(cost_step([f64::INFINITY]), None);
        assert_eq!(cost_step([0.0]), None);
        assert_eq!(power_of_two_scale(0.0), 1.0);
        assert!((1.0..2.0).contains(&(power_of_two_scale(1e-28) * 1e-28)));
        assert!((1.0..2.0).contains(&(power_of_two_scale(7.9e28) * 7.9e28)));
    }

    #[test]
    fn bounds_round_up_to_the_granularity() {
        assert_eq!(gcd(165, 131), 1);
        assert_eq!(gcd(12, 18), 6);
        assert_eq!(round_up(4038.35, 1.0), 4039.0);
        assert_eq!(round_up(4039.0, 1.0), 4039.0);
        assert_eq!(round_up(10.1, 2.5), 12.5);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// From an incumbent above the optimum the exact phase finds a
        /// schedule at the optimum of microlp's exhaustive branch and bound
        /// and proves it; from the optimum itself it proves it.
        #[test]
        fn proves_the_exhaustive_optimum(
            req in prop::collection::vec(0u8..=6, 6..=16),
            templates in prop::collection::vec(
                (3u64..=8, prop::sample::select(vec![2000i64, 2025, 2100, 2200]), any::<bool>()),
                1..=3,
            ),
            above in 1u32..=40,
        ) {
            // Requirements no shift can cover are rejected by the builder.
            let p = day(&req, &templates);
            prop_assume!(p.is_some());
            let Some(p) = p else { unreachable!() };
            let g = granularity(&p);
            let optimum = exhaustive(&p);
            prop_assume!(g.is_some() && optimum.is_some());
            let (Some(g), Some(optimum)) = (g, optimum) else { unreachable!() };
            let far = Instant::now() + Duration::from_secs(60);
            let incumbent = optimum + f64::from(above) * g;
            let out = search(&p, incumbent, 0.0, g, &generous(), far).unwrap();
            let v = out.improved.expect("a schedule below the incumbent");
            prop_assert!((cost_of(&p, &v) - optimum).abs() < 1e-6, "{} vs {}", cost_of(&p, &v), optimum);
            prop_assert!((out.bound - optimum).abs() < 1e-6, "bound {} vs {}", out.bound, optimum);
            let out = search(&p, optimum, 0.0, g, &generous(), far).unwrap();
            prop_assert!(out.improved.is_none());
            prop_assert!((out.bound - optimum).abs() < 1e-6, "bound {} vs {}", out.bound, optimum);
        }
    }
}
