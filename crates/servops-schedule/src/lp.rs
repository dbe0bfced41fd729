//! The implicit break placement model (Aykin 1996) through good_lp.

use good_lp::{
    Expression, ProblemVariables, ResolutionError, Solution, SolverModel, Variable, variable,
};

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
    pub(crate) time_limit_s: f64,
    pub(crate) mip_gap: f64,
    pub(crate) backend: Backend,
    /// A starting integer solution (x then y, flattened), for warm starts.
    pub(crate) initial: Option<IntegerPoint>,
    /// Lower bounds on the shift counts (diving).
    pub(crate) lower: Option<Vec<f64>>,
    /// Upper bounds on the shift counts (diving).
    pub(crate) upper: Option<Vec<f64>>,
}

/// Weight of cost in the soft objective, small enough that it only breaks ties.
pub(crate) const SOFT_COST_WEIGHT: f64 = 1e-6;

pub(crate) fn solve_model(p: &ScheduleProblem, opts: &ModelOptions) -> Result<ModelValues> {
    let n = p.requirement.len();
    let step_h = p.requirement.grid().step_hours();
    let mut vars = ProblemVariables::new();
    let mut rows: Vec<Vec<(Variable, f64)>> = vec![Vec::new(); n];
    let mut xs = Vec::with_capacity(p.candidates.len());
    let mut ys: Vec<Vec<Vec<Variable>>> = Vec::with_capacity(p.candidates.len());
    for (ci, c) in p.candidates.iter().enumerate() {
        // A candidate bounded to zero is left out of the model entirely.
        let excluded = opts
            .upper
            .as_ref()
            .and_then(|u| u.get(ci))
            .is_some_and(|&u| u <= 0.0);
        if excluded {
            xs.push(None);
            ys.push(Vec::new());
            continue;
        }
        let lo = opts
            .lower
            .as_ref()
            .and_then(|l| l.get(ci).copied())
            .unwrap_or(0.0);
        let mut def = variable().min(lo);
        if let Some(hi) = opts.upper.as_ref().and_then(|u| u.get(ci).copied()) {
            def = def.max(hi.max(lo));
        }
        if opts.integer {
            def = def.integer();
        }
        if let Some((x0, _)) = &opts.initial {
            def = def.initial(x0.get(ci).copied().unwrap_or(0.0));
        }
        let x = vars.add(def);
        for &j in &c.work {
            if let Some(r) = rows.get_mut(j) {
                r.push((x, 1.0));
            }
        }
        xs.push(Some(x));
        let mut yc = Vec::with_capacity(c.breaks.len());
        for (k, opts_k) in c.breaks.iter().enumerate() {
            let mut yk = Vec::with_capacity(opts_k.len());
            for (pi, pl) in opts_k.iter().enumerate() {
                let mut def = variable().min(0.0);
                if opts.integer {
                    def = def.integer();
                }
                if let Some((_, y0)) = &opts.initial {
                    let v = y0
                        .get(ci)
                        .and_then(|a| a.get(k))
                        .and_then(|a| a.get(pi))
                        .copied()
                        .unwrap_or(0.0);
                    def = def.initial(v);
                }
                let y = vars.add(def);
                for &(j, f) in &pl.absence {
                    if let Some(r) = rows.get_mut(j) {
                        r.push((y, -f));
                    }
                }
                yk.push(y);
            }
            yc.push(yk);
        }
        ys.push(yc);
    }
    let kept: Vec<(usize, Variable)> = xs
        .iter()
        .enumerate()
        .filter_map(|(i, x)| x.map(|x| (i, x)))
        .collect();
    let cand = |i: usize| p.candidates.get(i);
    let cost: Expression = kept
        .iter()
        .filter_map(|&(i, x)| cand(i).map(|c| c.cost * x))
        .sum();
    let mut constraints = Vec::new();
    let req = p.requirement.values();
    let objective = match p.objective {
        Objective::Cost => {
            for (j, row) in rows.iter().enumerate() {
                let r = req.get(j).copied().unwrap_or(0.0);
                if r <= 0.0 {
                    continue;
                }
                let e: Expression = row.iter().map(|&(v, f)| f * v).sum();
                constraints.push(e.geq(r));
            }
            cost
        }
        Objective::UnderOver(soft) => {
            let mut obj = SOFT_COST_WEIGHT * cost;
            for (j, row) in rows.iter().enumerate() {
                let r = req.get(j).copied().unwrap_or(0.0);
                let u = vars.add(variable().min(0.0));
                let o = vars.add(variable().min(0.0));
                let e: Expression = row.iter().map(|&(v, f)| f * v).sum();
                constraints.push((e + u - o).eq(r));
                obj += soft.under_weight() * step_h * u + soft.over_weight() * step_h * o;
            }
            if let Some(b) = soft.paid_hours_budget() {
                let paid: Expression = kept
                    .iter()
                    .filter_map(|&(i, x)| cand(i).map(|c| c.paid_hours * x))
                    .sum();
                constraints.push(paid.leq(b));
            }
            obj
        }
    };
    // Each shift's breaks are placed exactly once.
    for (ci, yc) in ys.iter().enumerate() {
        let Some(&Some(x)) = xs.get(ci) else { continue };
        for yk in yc {
            let e: Expression = yk.iter().copied().map(Expression::from).sum();
            constraints.push(e.eq(x));
        }
    }
    // Side constraints.
    for b in &p.bounds {
        let e: Expression = kept
            .iter()
            .filter(|&&(i, _)| cand(i).is_some_and(|c| c.template == b.template))
            .map(|&(_, x)| Expression::from(x))
            .sum();
        if b.min > 0 {
            constraints.push(e.clone().geq(f64::from(b.min)));
        }
        if let Some(m) = b.max {
            constraints.push(e.leq(f64::from(m)));
        }
    }
    if let Some(cap) = p.part_time_cap {
        let mut e = Expression::from(0.0);
        for (c, x) in kept.iter().filter_map(|&(i, x)| cand(i).map(|c| (c, x))) {
            let share = if p.is_part_time(c.template) {
                1.0 - cap
            } else {
                -cap
            };
            e += share * c.paid_hours * x;
        }
        constraints.push(e.leq(0.0));
    }
    if p.starts_min > 0 || p.starts_max.is_some() {
        let mut by_start: Vec<Vec<Variable>> = vec![Vec::new(); n];
        for (c, x) in kept.iter().filter_map(|&(i, x)| cand(i).map(|c| (c, x))) {
            if let Some(v) = by_start.get_mut(c.start) {
                v.push(x);
            }
        }
        for v in by_start.iter().filter(|v| !v.is_empty()) {
            let e: Expression = v.iter().copied().map(Expression::from).sum();
            if p.starts_min > 0 {
                constraints.push(e.clone().geq(f64::from(p.starts_min)));
            }
            if let Some(m) = p.starts_max {
                constraints.push(e.leq(f64::from(m)));
            }
        }
    }
    let unsolved = vars.minimise(objective.clone());
    let solution = match opts.backend {
        Backend::MicroLp => {
            use good_lp::{WithMipGap as _, WithTimeLimit as _};
            let mut m = unsolved.using(good_lp::solvers::microlp::microlp);
            m = m.with_time_limit(opts.time_limit_s.max(0.001));
            if opts.integer && opts.mip_gap > 0.0 {
                m = m
                    .with_mip_gap(opts.mip_gap as f32)
                    .map_err(|e| Error::Solver {
                        reason: e.to_string(),
                    })?;
            }
            for c in constraints {
                m = m.with(c);
            }
            m.solve().map(|s| {
                let obj = s.eval(&objective);
                let proven = matches!(s.status(), good_lp::solvers::SolutionStatus::Optimal);
                let mut v = extract(&xs, &ys, |v: &Variable| s.value(*v), obj);
                v.proven_optimal = proven;
                v.bound = s.into_inner().stats().best_bound;
                v
            })
        }
        #[cfg(feature = "highs")]
        Backend::Highs => {
            use good_lp::{WithMipGap as _, WithTimeLimit as _};
            let mut m = unsolved.using(good_lp::solvers::highs::highs);
            m = m.with_time_limit(opts.time_limit_s.max(0.001));
            if opts.integer && opts.mip_gap > 0.0 {
                m = m
                    .with_mip_gap(opts.mip_gap as f32)
                    .map_err(|e| Error::Solver {
                        reason: e.to_string(),
                    })?;
            }
            let mut m = m.set_threads(1);
            for c in constraints {
                m = m.with(c);
            }
            m.solve().map(|s| {
                let obj = s.eval(&objective);
                let proven = matches!(s.status(), good_lp::solvers::SolutionStatus::Optimal);
                let mut v = extract(&xs, &ys, |v: &Variable| s.value(*v), obj);
                v.proven_optimal = proven;
                v
            })
        }
    };
    solution.map_err(|e| match e {
        ResolutionError::Infeasible => Error::Infeasible {
            reason: "no schedule meets the coverage and side constraints".into(),
        },
        other => Error::Solver {
            reason: other.to_string(),
        },
    })
}

fn extract(
    xs: &[Option<Variable>],
    ys: &[Vec<Vec<Variable>>],
    value: impl Fn(&Variable) -> f64,
    objective: f64,
) -> ModelValues {
    let x: Vec<f64> = xs.iter().map(|v| v.as_ref().map_or(0.0, &value)).collect();
    let y = ys
        .iter()
        .map(|yc| {
            yc.iter()
                .map(|yk| yk.iter().map(&value).collect())
                .collect()
        })
        .collect();
    ModelValues {
        x,
        y,
        objective,
        bound: None,
        proven_optimal: false,
    }
}
