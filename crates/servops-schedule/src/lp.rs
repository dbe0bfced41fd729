//! The implicit break placement model (Aykin 1996): built once as sparse
//! columns and rows, then handed to a backend. The default backend is
//! `microlp` (pure Rust) called directly, which gives node-limited (so
//! deterministic) branch and bound and warm-started re-solves for diving;
//! with the `highs` feature the same rows go to HiGHS through `good_lp`.

use std::time::Duration;

use crate::error::{Error, Result};
use crate::problem::{Objective, ScheduleProblem};

/// Values of one solve of the model.
#[derive(Debug, Clone)]
pub(crate) struct ModelValues {
    /// Shifts per candidate.
    pub(crate) x: Vec<f64>,
    /// Per candidate, per break, per placement.
    pub(crate) y: Vec<Vec<Vec<f64>>>,
    /// The model's objective value.
    pub(crate) objective: f64,
    /// The backend's best bound, if it reports one.
    pub(crate) bound: Option<f64>,
    /// Whether the backend proved the solution optimal.
    pub(crate) proven_optimal: bool,
    /// Branch-and-bound nodes solved.
    pub(crate) nodes: u64,
}

/// Shift counts, and break counts per candidate, break and placement.
pub(crate) type IntegerPoint = (Vec<f64>, Vec<Vec<Vec<f64>>>);

/// Which backend solves the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Backend {
    MicroLp,
    #[cfg(feature = "highs")]
    Highs,
}

/// Options of one model solve.
#[derive(Debug, Clone)]
pub(crate) struct ModelOptions {
    pub(crate) integer: bool,
    /// Safety net only: the deterministic budget is `node_limit`.
    pub(crate) time_limit_s: f64,
    pub(crate) mip_gap: f64,
    pub(crate) backend: Backend,
    /// A starting integer solution, for warm starts.
    pub(crate) initial: Option<IntegerPoint>,
    /// Lower bounds on the shift counts (diving).
    pub(crate) lower: Option<Vec<f64>>,
    /// Upper bounds on the shift counts; a candidate bounded to zero leaves
    /// the model.
    pub(crate) upper: Option<Vec<f64>>,
    /// Branch-and-bound node budget (microlp).
    pub(crate) node_limit: Option<u64>,
    /// Replaces the requirement (cost objective only): the part of it left
    /// for the free candidates when the rest of the schedule is fixed.
    pub(crate) residual: Option<Vec<f64>>,
    /// An upper limit on the cost (`sum_s c_s x_s <= cap`): with whole-number
    /// costs, `incumbent - 1` turns branch and bound into a proof that no
    /// cheaper schedule exists (or finds one).
    pub(crate) cost_cap: Option<f64>,
}

impl ModelOptions {
    pub(crate) fn lp(time_limit_s: f64) -> Self {
        Self {
            integer: false,
            time_limit_s,
            mip_gap: 0.0,
            backend: Backend::MicroLp,
            initial: None,
            lower: None,
            upper: None,
            node_limit: None,
            residual: None,
            cost_cap: None,
        }
    }
}

/// Iteration budget of the interior-point solves (Clarabel's default).
pub(crate) const IPM_MAX_ITER: u32 = 200;

/// Weight of cost in the soft objective, per largest shift cost and per
/// unit of the smallest positive staffing weight: small enough that it
/// only breaks ties.
pub(crate) const SOFT_COST_WEIGHT: f64 = 1e-6;

/// The weight of cost in the soft objective for templates whose shifts cost
/// `costs`: [`SOFT_COST_WEIGHT`] divided by the largest cost, so that the
/// tie-break `1e-6 x cost / max cost` is the same whatever the currency
/// unit. An absolute `1e-6 x cost` made the roster depend on it: 1e-6 x a
/// shift's pay of 20,000 cents (0.02) outweighed 0.01 agent-hours short,
/// the same pay in euros (0.0002) did not. [`SOFT_COST_WEIGHT`] itself when
/// no cost is positive.
pub(crate) fn soft_cost_weight(costs: impl IntoIterator<Item = f64>) -> f64 {
    let max = costs
        .into_iter()
        .filter(|c| c.is_finite())
        .fold(0.0f64, f64::max);
    if max > 0.0 {
        SOFT_COST_WEIGHT / max
    } else {
        SOFT_COST_WEIGHT
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Ge,
    Le,
    Eq,
}

/// A sparse row: `(column, coefficient)` pairs, the sense and the right-hand side.
pub(crate) type Row = (Vec<(usize, f64)>, Cmp, f64);

/// Break-placement columns per candidate, per break, per placement.
pub(crate) type BreakColumns = Vec<Vec<Vec<usize>>>;

/// The model as sparse columns and rows.
pub(crate) struct Lin {
    pub(crate) cost: Vec<f64>,
    pub(crate) lo: Vec<f64>,
    pub(crate) hi: Vec<f64>,
    pub(crate) integer: Vec<bool>,
    pub(crate) start: Vec<f64>,
    pub(crate) rows: Vec<Row>,
    pub(crate) x_col: Vec<Option<usize>>,
    pub(crate) y_col: Vec<Vec<Vec<usize>>>,
}

impl Lin {
    pub(crate) fn col(&mut self, cost: f64, lo: f64, hi: f64, integer: bool, start: f64) -> usize {
        self.cost.push(cost);
        self.lo.push(lo);
        self.hi.push(hi);
        self.integer.push(integer);
        self.start.push(start);
        self.cost.len() - 1
    }
}

pub(crate) fn build(p: &ScheduleProblem, opts: &ModelOptions) -> Lin {
    let n = p.requirement.len();
    let step_h = p.requirement.grid().step_hours();
    let soft = match p.objective {
        Objective::Cost => None,
        Objective::UnderOver(s) => Some(s),
    };
    // The soft weights times `soft_scale` (a power of two), as in the
    // heuristic engine.
    let soft_scale = p.soft_scale();
    let cost_w = if soft.is_some() {
        p.soft_cost_weight() * soft_scale
    } else {
        1.0
    };
    let mut m = Lin {
        cost: Vec::new(),
        lo: Vec::new(),
        hi: Vec::new(),
        integer: Vec::new(),
        start: Vec::new(),
        rows: Vec::new(),
        x_col: Vec::with_capacity(p.candidates.len()),
        y_col: Vec::with_capacity(p.candidates.len()),
    };
    let mut cover: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for (ci, c) in p.candidates.iter().enumerate() {
        let hi = opts
            .upper
            .as_ref()
            .and_then(|u| u.get(ci).copied())
            .unwrap_or(f64::INFINITY);
        if hi <= 0.0 {
            m.x_col.push(None);
            m.y_col.push(Vec::new());
            continue;
        }
        let lo = opts
            .lower
            .as_ref()
            .and_then(|l| l.get(ci).copied())
            .unwrap_or(0.0);
        let x0 = opts
            .initial
            .as_ref()
            .and_then(|(x0, _)| x0.get(ci).copied())
            .unwrap_or(0.0);
        let x = m.col(cost_w * c.cost, lo, hi.max(lo), opts.integer, x0);
        for &j in &c.work {
            if let Some(r) = cover.get_mut(j) {
                r.push((x, 1.0));
            }
        }
        m.x_col.push(Some(x));
        let mut yc = Vec::with_capacity(c.breaks.len());
        for (k, opts_k) in c.breaks.iter().enumerate() {
            let mut yk = Vec::with_capacity(opts_k.len());
            let mut assign = vec![(x, -1.0)];
            for (pi, pl) in opts_k.iter().enumerate() {
                let y0 = opts
                    .initial
                    .as_ref()
                    .and_then(|(_, y0)| y0.get(ci))
                    .and_then(|a| a.get(k))
                    .and_then(|a| a.get(pi))
                    .copied()
                    .unwrap_or(0.0);
                let y = m.col(0.0, 0.0, f64::INFINITY, opts.integer, y0);
                for &(j, f) in &pl.absence {
                    if let Some(r) = cover.get_mut(j) {
                        r.push((y, -f));
                    }
                }
                assign.push((y, 1.0));
                yk.push(y);
            }
            // Each shift's break k is placed exactly once.
            m.rows.push((assign, Cmp::Eq, 0.0));
            yc.push(yk);
        }
        m.y_col.push(yc);
    }
    let req = opts
        .residual
        .as_deref()
        .filter(|_| soft.is_none())
        .unwrap_or_else(|| p.requirement.values());
    for (j, row) in cover.into_iter().enumerate() {
        let r = req.get(j).copied().unwrap_or(0.0);
        match soft {
            None => {
                if r > 0.0 && !row.is_empty() {
                    m.rows.push((merge(row), Cmp::Ge, r));
                } else if r > 0.0 {
                    // Nothing can cover this interval: an empty row that
                    // makes the model infeasible.
                    m.rows.push((Vec::new(), Cmp::Ge, r));
                }
            }
            Some(s) => {
                let u = m.col(
                    s.under_weight() * soft_scale * step_h,
                    0.0,
                    f64::INFINITY,
                    false,
                    0.0,
                );
                let o = m.col(
                    s.over_weight() * soft_scale * step_h,
                    0.0,
                    f64::INFINITY,
                    false,
                    0.0,
                );
                let mut row = merge(row);
                row.push((u, 1.0));
                row.push((o, -1.0));
                m.rows.push((row, Cmp::Eq, r));
            }
        }
    }
    let kept: Vec<(usize, usize)> = m
        .x_col
        .iter()
        .enumerate()
        .filter_map(|(i, x)| x.map(|x| (i, x)))
        .collect();
    let cand = |i: usize| p.candidates.get(i);
    if let Some(cap) = opts.cost_cap {
        let row = kept
            .iter()
            .filter_map(|&(i, x)| cand(i).map(|c| (x, c.cost)))
            .collect();
        m.rows.push((row, Cmp::Le, cap));
    }
    if let Some(b) = soft.and_then(|s| s.paid_hours_budget()) {
        let row = kept
            .iter()
            .filter_map(|&(i, x)| cand(i).map(|c| (x, c.paid_hours)))
            .collect();
        m.rows.push((row, Cmp::Le, b));
    }
    for b in &p.bounds {
        let row: Vec<(usize, f64)> = kept
            .iter()
            .filter(|&&(i, _)| cand(i).is_some_and(|c| c.template == b.template))
            .map(|&(_, x)| (x, 1.0))
            .collect();
        if b.min > 0 {
            m.rows.push((row.clone(), Cmp::Ge, f64::from(b.min)));
        }
        if let Some(mx) = b.max {
            m.rows.push((row, Cmp::Le, f64::from(mx)));
        }
    }
    if let Some(cap) = p.part_time_cap {
        let row = kept
            .iter()
            .filter_map(|&(i, x)| cand(i).map(|c| (c, x)))
            .map(|(c, x)| {
                let share = if p.is_part_time(c.template) {
                    1.0 - cap
                } else {
                    -cap
                };
                (x, share * c.paid_hours)
            })
            .collect();
        m.rows.push((row, Cmp::Le, 0.0));
    }
    if p.starts_min > 0 || p.starts_max.is_some() {
        let mut by_start: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
        for (c, x) in kept.iter().filter_map(|&(i, x)| cand(i).map(|c| (c, x))) {
            if let Some(v) = by_start.get_mut(c.start) {
                v.push((x, 1.0));
            }
        }
        for v in by_start.into_iter().filter(|v| !v.is_empty()) {
            if p.starts_min > 0 {
                m.rows.push((v.clone(), Cmp::Ge, f64::from(p.starts_min)));
            }
            if let Some(mx) = p.starts_max {
                m.rows.push((v, Cmp::Le, f64::from(mx)));
            }
        }
    }
    m
}

/// Sums the coefficients of repeated columns (a row lists each column once).
pub(crate) fn merge(mut row: Vec<(usize, f64)>) -> Vec<(usize, f64)> {
    row.sort_by_key(|&(c, _)| c);
    let mut out: Vec<(usize, f64)> = Vec::with_capacity(row.len());
    for (c, v) in row {
        match out.last_mut() {
            Some(last) if last.0 == c => last.1 += v,
            _ => out.push((c, v)),
        }
    }
    out
}

pub(crate) fn extract(lin: &Lin, value: impl Fn(usize) -> f64, objective: f64) -> ModelValues {
    let x = lin.x_col.iter().map(|v| v.map_or(0.0, &value)).collect();
    let y = lin
        .y_col
        .iter()
        .map(|yc| {
            yc.iter()
                .map(|yk| yk.iter().map(|&c| value(c)).collect())
                .collect()
        })
        .collect();
    ModelValues {
        x,
        y,
        objective,
        bound: None,
        proven_optimal: false,
        nodes: 0,
    }
}

/// Whether a row with no columns (`0 cmp rhs`) holds.
pub(crate) fn empty_row_holds(cmp: Cmp, rhs: f64) -> bool {
    match cmp {
        Cmp::Ge => rhs <= 0.0,
        Cmp::Le => rhs >= 0.0,
        Cmp::Eq => rhs == 0.0,
    }
}

pub(crate) fn infeasible() -> Error {
    Error::Infeasible {
        reason: "no schedule meets the coverage and side constraints".into(),
    }
}

pub(crate) fn solver_error(e: &microlp::Error) -> Error {
    match e {
        microlp::Error::Infeasible => infeasible(),
        other => Error::Solver {
            reason: other.to_string(),
        },
    }
}

/// The model as a microlp problem, with its variables by column.
pub(crate) fn to_microlp(lin: &Lin) -> Result<(microlp::Problem, Vec<microlp::Variable>)> {
    let mut prob = microlp::Problem::new(microlp::OptimizationDirection::Minimize);
    let mut vars = Vec::with_capacity(lin.cost.len());
    for (((&c, &lo), &hi), &int) in lin.cost.iter().zip(&lin.lo).zip(&lin.hi).zip(&lin.integer) {
        let v = if int {
            let lo = lo.ceil();
            let hi = if hi.is_finite() {
                hi.floor()
            } else {
                f64::from(i32::MAX)
            };
            if !(0.0..=f64::from(i32::MAX)).contains(&lo) || hi < lo {
                return Err(infeasible());
            }
            prob.add_integer_var(c, (lo as i32, hi as i32))
        } else {
            prob.add_var(c, (lo, hi))
        };
        vars.push(v);
    }
    for (row, cmp, rhs) in &lin.rows {
        if row.is_empty() {
            if empty_row_holds(*cmp, *rhs) {
                continue;
            }
            return Err(infeasible());
        }
        let expr: microlp::LinearExpr = row
            .iter()
            .filter_map(|&(c, v)| vars.get(c).map(|&var| (var, v)))
            .collect();
        let op = match cmp {
            Cmp::Ge => microlp::ComparisonOp::Ge,
            Cmp::Le => microlp::ComparisonOp::Le,
            Cmp::Eq => microlp::ComparisonOp::Eq,
        };
        prob.add_constraint(expr, op, *rhs);
    }
    Ok((prob, vars))
}

pub(crate) fn microlp_options(
    opts: &ModelOptions,
    vars: &[microlp::Variable],
    lin: &Lin,
) -> microlp::SolveOptions {
    let mut so = microlp::SolveOptions::default();
    so.time_limit = Some(Duration::from_secs_f64(opts.time_limit_s.clamp(0.001, 1e7)));
    if opts.integer {
        so.node_limit = opts.node_limit;
        so.mip_gap = opts.mip_gap.max(0.0);
        if opts.initial.is_some() {
            so.warm_start = Some(
                vars.iter()
                    .copied()
                    .zip(lin.start.iter().copied())
                    .collect(),
            );
        }
    }
    so
}

/// A solved LP relaxation kept for warm-started re-solves (diving).
#[derive(Clone)]
pub(crate) struct WarmLp {
    lin_x: Vec<Option<usize>>,
    vars: Vec<microlp::Variable>,
    solution: microlp::Solution,
    /// Re-solves done since the root.
    pub(crate) solves: usize,
}

impl WarmLp {
    /// Fixes the shift count of candidate `cand` to `value` and re-solves
    /// (dual simplex from the previous basis).
    #[allow(clippy::result_large_err)]
    pub(crate) fn fix(self, cand: usize, value: f64) -> std::result::Result<Self, Self> {
        let Some(var) = self
            .lin_x
            .get(cand)
            .copied()
            .flatten()
            .and_then(|c| self.vars.get(c).copied())
        else {
            return Err(self);
        };
        let backup = self.clone();
        match self.solution.fix_var(var, value) {
            Ok(microlp::SolveOutcome::Solution(s)) => Ok(Self {
                solution: s,
                solves: backup.solves + 1,
                ..backup
            }),
            _ => Err(backup),
        }
    }

    /// The current LP values by candidate.
    pub(crate) fn values(&self, lin_y: &[Vec<Vec<usize>>]) -> ModelValues {
        let get = |c: usize| {
            self.vars
                .get(c)
                .map_or(0.0, |&v| self.solution.var_value_raw(v))
        };
        let x = self.lin_x.iter().map(|v| v.map_or(0.0, get)).collect();
        let y = lin_y
            .iter()
            .map(|yc| {
                yc.iter()
                    .map(|yk| yk.iter().map(|&c| get(c)).collect())
                    .collect()
            })
            .collect();
        ModelValues {
            x,
            y,
            objective: self.solution.objective(),
            bound: None,
            proven_optimal: true,
            nodes: 0,
        }
    }
}

/// The root LP relaxation, kept warm for diving: its values, the warm
/// handle and the break columns needed to read values back.
pub(crate) fn root_lp(
    p: &ScheduleProblem,
    time_limit_s: f64,
) -> Result<(ModelValues, WarmLp, BreakColumns)> {
    let opts = ModelOptions::lp(time_limit_s);
    let lin = build(p, &opts);
    let (prob, vars) = to_microlp(&lin)?;
    let outcome = prob
        .solve_with(microlp_options(&opts, &vars, &lin))
        .map_err(|e| solver_error(&e))?;
    let microlp::SolveOutcome::Solution(solution) = outcome else {
        return Err(Error::Solver {
            reason: "the time limit ran out before the lp relaxation was solved".into(),
        });
    };
    let warm = WarmLp {
        lin_x: lin.x_col.clone(),
        vars,
        solution,
        solves: 0,
    };
    let values = warm.values(&lin.y_col);
    Ok((values, warm, lin.y_col))
}

/// The outcome of a node-limited branch and bound.
#[derive(Debug, Clone)]
pub(crate) enum MipOutcome {
    /// A solution (optimal or not).
    Solved(ModelValues),
    /// The budget ran out before any solution was found.
    NoSolution {
        /// The best bound proven so far.
        bound: Option<f64>,
        /// Nodes solved.
        nodes: u64,
    },
}

/// Branch and bound (or the LP) with microlp; [`Error::Infeasible`] when the
/// model is proven infeasible.
pub(crate) fn solve_mip(p: &ScheduleProblem, opts: &ModelOptions) -> Result<MipOutcome> {
    let lin = build(p, opts);
    let (prob, vars) = to_microlp(&lin)?;
    let outcome = prob
        .solve_with(microlp_options(opts, &vars, &lin))
        .map_err(|e| solver_error(&e))?;
    let s = match outcome {
        microlp::SolveOutcome::Solution(s) => s,
        microlp::SolveOutcome::Interrupted(i) => {
            let stats = i.stats();
            return Ok(MipOutcome::NoSolution {
                bound: stats.best_bound,
                nodes: stats.nodes_solved,
            });
        }
    };
    let stats = s.stats();
    let mut v = extract(
        &lin,
        |c| vars.get(c).map_or(0.0, |&var| s.var_value(var)),
        s.objective(),
    );
    v.proven_optimal = matches!(s.status(), microlp::SolutionStatus::Optimal);
    v.bound = stats.best_bound;
    v.nodes = stats.nodes_solved;
    Ok(MipOutcome::Solved(v))
}

pub(crate) fn solve_model(p: &ScheduleProblem, opts: &ModelOptions) -> Result<ModelValues> {
    match opts.backend {
        Backend::MicroLp => match solve_mip(p, opts)? {
            MipOutcome::Solved(v) => Ok(v),
            MipOutcome::NoSolution { .. } => Err(Error::Solver {
                reason: "the budget ran out before a solution was found".into(),
            }),
        },
        #[cfg(feature = "highs")]
        Backend::Highs => solve_highs(&build(p, opts), opts),
    }
}

#[cfg(feature = "highs")]
fn solve_highs(lin: &Lin, opts: &ModelOptions) -> Result<ModelValues> {
    use good_lp::{
        Expression, ProblemVariables, ResolutionError, Solution as _, SolverModel as _, variable,
    };
    use good_lp::{WithMipGap as _, WithTimeLimit as _};
    let mut pv = ProblemVariables::new();
    let mut vars = Vec::with_capacity(lin.cost.len());
    for (((&lo, &hi), &int), &x0) in lin.lo.iter().zip(&lin.hi).zip(&lin.integer).zip(&lin.start) {
        let mut def = variable().min(lo);
        if hi.is_finite() {
            def = def.max(hi);
        }
        if int {
            def = def.integer();
            if opts.initial.is_some() {
                def = def.initial(x0);
            }
        }
        vars.push(pv.add(def));
    }
    let objective: Expression = vars.iter().zip(&lin.cost).map(|(&v, &c)| c * v).sum();
    let mut m = pv
        .minimise(objective.clone())
        .using(good_lp::solvers::highs::highs);
    m = m.with_time_limit(opts.time_limit_s.max(0.001));
    if opts.integer && opts.mip_gap > 0.0 {
        m = m
            .with_mip_gap(opts.mip_gap as f32)
            .map_err(|e| Error::Solver {
                reason: e.to_string(),
            })?;
    }
    let mut m = m.set_threads(1);
    for (row, cmp, rhs) in &lin.rows {
        let e: Expression = row
            .iter()
            .filter_map(|&(c, v)| vars.get(c).map(|&var| v * var))
            .sum();
        m = m.with(match cmp {
            Cmp::Ge => e.geq(*rhs),
            Cmp::Le => e.leq(*rhs),
            Cmp::Eq => e.eq(*rhs),
        });
    }
    let s = m.solve().map_err(|e| match e {
        ResolutionError::Infeasible => infeasible(),
        other => Error::Solver {
            reason: other.to_string(),
        },
    })?;
    let obj = s.eval(&objective);
    let proven = matches!(s.status(), good_lp::solvers::SolutionStatus::Optimal);
    let mut v = extract(lin, |c| vars.get(c).map_or(0.0, |&var| s.value(var)), obj);
    v.proven_optimal = proven;
    Ok(v)
}

/// The LP relaxation by an interior-point method (Clarabel), for large
/// cost models without side constraints: its values (not a vertex) guide
/// the rounding, and a certified lower bound is rebuilt from its duals.
///
/// The bound: for coverage duals `u >= 0` (the solver's, clipped at zero),
/// the best break duals are `v_{s,k} = min_p sum_j b_{s,k,p,j} u_j`, and
/// `theta = min(1, min_s c_s / (sum_{j in s} u_j - sum_k v_{s,k}))` scales
/// `u` into dual feasibility, so `theta * sum_j r_j u_j` is a lower bound
/// on the LP (weak duality) whatever the interior-point accuracy.
pub(crate) fn ipm_lp(p: &ScheduleProblem, opts: &ModelOptions) -> Result<IpmLp> {
    if p.objective != Objective::Cost || p.has_side_constraints() {
        return Ok(IpmLp::Declined);
    }
    let lin = build(p, opts);
    if lin.rows.iter().any(|(_, cmp, _)| *cmp == Cmp::Le) {
        return Ok(IpmLp::Declined);
    }
    let sol = match crate::sparse::ipm_solve(&lin, opts.time_limit_s, IPM_MAX_ITER)? {
        crate::sparse::Ipm::Solved(sol) => sol,
        crate::sparse::Ipm::OutOfTime => return Ok(IpmLp::OutOfTime),
        crate::sparse::Ipm::Failed => return Ok(IpmLp::Failed),
    };
    // Coverage duals by interval: the `>=` rows are the coverage rows of the
    // intervals that need agents, in order.
    let n = p.requirement.len();
    let req = p.requirement.values();
    let mut u = vec![0.0; n];
    let mut cover_duals = lin
        .rows
        .iter()
        .zip(&sol.y)
        .filter(|((_, cmp, _), _)| *cmp == Cmp::Ge)
        .map(|(_, &y)| y);
    for (j, &rj) in req.iter().enumerate() {
        if rj > 0.0
            && let (Some(uj), Some(z)) = (u.get_mut(j), cover_duals.next())
        {
            *uj = z.max(0.0);
        }
    }
    let mut theta: f64 = 1.0;
    for c in &p.candidates {
        let mut worth: f64 = c
            .work
            .iter()
            .map(|&j| u.get(j).copied().unwrap_or(0.0))
            .sum();
        for opts in &c.breaks {
            let v = opts
                .iter()
                .map(|pl| {
                    pl.absence
                        .iter()
                        .map(|&(j, f)| f * u.get(j).copied().unwrap_or(0.0))
                        .sum::<f64>()
                })
                .fold(f64::INFINITY, f64::min);
            if v.is_finite() {
                worth -= v;
            }
        }
        if worth > c.cost && worth > 0.0 {
            theta = theta.min(c.cost / worth);
        }
    }
    let dual: f64 = req.iter().zip(&u).map(|(r, u)| r * u).sum();
    // The bound holds for the model without bounds on the counts only.
    let bound = (opts.lower.is_none() && opts.upper.is_none())
        .then(|| theta.max(0.0) * dual * (1.0 - 1e-12));
    let values = extract(
        &lin,
        |c| sol.x.get(c).copied().unwrap_or(0.0),
        sol.objective,
    );
    Ok(IpmLp::Solved(values, bound))
}

/// How [`ipm_lp`] ended.
#[derive(Debug, Clone)]
pub(crate) enum IpmLp {
    /// The values, and the certified bound when the model is unrestricted.
    Solved(ModelValues, Option<f64>),
    /// Not tried: soft objective, side constraints or `<=` rows.
    Declined,
    /// The time limit stopped it (see [`crate::sparse::ipm_solve`]).
    OutOfTime,
    /// It stopped without a solution for another reason.
    Failed,
}
