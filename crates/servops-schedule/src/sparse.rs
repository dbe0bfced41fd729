//! Interior-point solves of a sparse model ([`Lin`]) with Clarabel: the
//! primal values and the row duals, for the LP relaxations of the large
//! daily and tour models. The caller turns the duals into a certified
//! bound with the structure it knows.

use std::time::{Duration, Instant};

use crate::error::Result;
use crate::lp::{Cmp, Lin, empty_row_holds, infeasible};

/// An interior-point solution of a [`Lin`]'s LP relaxation.
#[derive(Debug, Clone)]
pub(crate) struct IpmSolution {
    /// Column values (clipped into their bounds).
    pub(crate) x: Vec<f64>,
    /// Row duals in the convention `c - A^T y >= 0` on columns at their
    /// lower bound: `y_i >= 0` for `>=` rows, `<= 0` for `<=` rows, free
    /// for equalities (not clipped: the caller repairs them).
    pub(crate) y: Vec<f64>,
    /// The solver's primal objective.
    pub(crate) objective: f64,
}

/// How an interior-point solve ended without an error.
#[derive(Debug, Clone)]
pub(crate) enum Ipm {
    /// Solved (or almost).
    Solved(IpmSolution),
    /// Stopped for the time limit: at it, or one iteration before it when
    /// the next iteration, as long as the last, would have ended past it.
    OutOfTime,
    /// Stopped without a solution for another reason (iteration budget,
    /// numerical trouble, settings or setup refused).
    Failed,
}

/// Solves the LP relaxation of `lin` by Clarabel's interior-point method,
/// with at most `max_iter` iterations (the deterministic budget) and
/// `time_limit_s` as a safety net, counted from the call. Between
/// iterations it stops when the next iteration, as long as the last one,
/// would end past the limit (Clarabel's own limit is checked only after
/// an iteration, so one iteration could overrun it: about 0.3 s on a year
/// of half hours, 1.2 s on three). The setup (the KKT matrix and its
/// factorisation) cannot be interrupted. [`Ipm::OutOfTime`] or
/// [`Ipm::Failed`] when the solver does not reach a solution;
/// [`crate::Error::Infeasible`] when it finds the model infeasible or a
/// row can never hold.
pub(crate) fn ipm_solve(lin: &Lin, time_limit_s: f64, max_iter: u32) -> Result<Ipm> {
    let deadline = Instant::now() + Duration::from_secs_f64(time_limit_s.clamp(0.0, 1e7));
    use clarabel::algebra::CscMatrix;
    use clarabel::solver::{
        DefaultSettingsBuilder, DefaultSolver, IPSolver, NonnegativeConeT, SolverStatus,
        SupportedConeT, ZeroConeT,
    };
    let ncol = lin.cost.len();
    // Cone rows: equalities first (zero cone), then `>=` rows as
    // `-a x + s = -r`, `<=` rows as `a x + s = r`, then the column bounds
    // `-x + s = -lo` and `x + s = hi` (nonnegative cone).
    let (mut ri, mut ci, mut vv, mut b) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // Per model row: its cone row and the sign turning the cone dual into `y`.
    let mut place: Vec<Option<(usize, f64)>> = vec![None; lin.rows.len()];
    let mut r = 0usize;
    let mut push_row = |row: &[(usize, f64)], sign: f64, rhs: f64, r: &mut usize| {
        for &(c, v) in row {
            ri.push(*r);
            ci.push(c);
            vv.push(sign * v);
        }
        b.push(sign * rhs);
        *r += 1;
    };
    for (i, (row, cmp, rhs)) in lin.rows.iter().enumerate() {
        if row.is_empty() {
            if empty_row_holds(*cmp, *rhs) {
                continue;
            }
            return Err(infeasible());
        }
        if *cmp == Cmp::Eq {
            if let Some(pl) = place.get_mut(i) {
                *pl = Some((r, -1.0));
            }
            push_row(row, 1.0, *rhs, &mut r);
        }
    }
    let eq_count = r;
    for (i, (row, cmp, rhs)) in lin.rows.iter().enumerate() {
        if row.is_empty() {
            continue;
        }
        let (sign, dual_sign) = match cmp {
            Cmp::Eq => continue,
            Cmp::Ge => (-1.0, 1.0),
            Cmp::Le => (1.0, -1.0),
        };
        if let Some(pl) = place.get_mut(i) {
            *pl = Some((r, dual_sign));
        }
        push_row(row, sign, *rhs, &mut r);
    }
    for c in 0..ncol {
        let lo = lin.lo.get(c).copied().unwrap_or(0.0);
        if lo.is_finite() {
            ri.push(r);
            ci.push(c);
            vv.push(-1.0);
            b.push(-lo);
            r += 1;
        }
        if let Some(&hi) = lin.hi.get(c).filter(|h| h.is_finite()) {
            ri.push(r);
            ci.push(c);
            vv.push(1.0);
            b.push(hi);
            r += 1;
        }
    }
    let a = CscMatrix::new_from_triplets(r, ncol, ri, ci, vv);
    let pm = CscMatrix::<f64>::zeros((ncol, ncol));
    let cones: Vec<SupportedConeT<f64>> = vec![ZeroConeT(eq_count), NonnegativeConeT(r - eq_count)];
    let Ok(settings) = DefaultSettingsBuilder::default()
        .verbose(false)
        .time_limit(time_limit_s.max(0.01))
        .max_iter(max_iter)
        .max_threads(1)
        .build()
    else {
        return Ok(Ipm::Failed);
    };
    let Ok(mut solver) = DefaultSolver::new(&pm, &lin.cost, &a, &b, &cones, settings) else {
        return Ok(Ipm::Failed);
    };
    let mut last = Instant::now();
    solver.set_termination_callback(move |_| {
        let now = Instant::now();
        let step = now.saturating_duration_since(last);
        last = now;
        out_of_time(now, step, deadline)
    });
    solver.solve();
    let sol = &solver.solution;
    match sol.status {
        SolverStatus::Solved | SolverStatus::AlmostSolved => {}
        SolverStatus::PrimalInfeasible | SolverStatus::AlmostPrimalInfeasible => {
            return Err(infeasible());
        }
        SolverStatus::CallbackTerminated | SolverStatus::MaxTime => return Ok(Ipm::OutOfTime),
        _ => return Ok(Ipm::Failed),
    }
    let x = (0..ncol)
        .map(|c| {
            let v = sol.x.get(c).copied().unwrap_or(0.0);
            let lo = lin.lo.get(c).copied().unwrap_or(0.0);
            let hi = lin.hi.get(c).copied().unwrap_or(f64::INFINITY);
            v.max(lo).min(hi.max(lo))
        })
        .collect();
    let y = place
        .iter()
        .map(|p| p.map_or(0.0, |(k, s)| s * sol.z.get(k).copied().unwrap_or(0.0)))
        .collect();
    Ok(Ipm::Solved(IpmSolution {
        x,
        y,
        objective: sol.obj_val,
    }))
}

/// Whether an iterative solve should stop at `now`: its next iteration,
/// taking as long as the last one (`step`), would end at or past
/// `deadline`.
pub(crate) fn out_of_time(now: Instant, step: Duration, deadline: Instant) -> bool {
    now.checked_add(step).is_none_or(|end| end >= deadline)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stop rule, worked by hand: with 10 s left, an iteration of 3 s
    /// goes on, one of 10 s or more stops; with no time left any stops.
    #[test]
    fn stops_when_the_next_iteration_would_overrun() {
        let now = Instant::now();
        let deadline = now + Duration::from_secs(10);
        assert!(!out_of_time(now, Duration::from_secs(3), deadline));
        assert!(!out_of_time(now, Duration::from_millis(9_999), deadline));
        assert!(out_of_time(now, Duration::from_secs(10), deadline));
        assert!(out_of_time(now, Duration::from_secs(11), deadline));
        assert!(out_of_time(deadline, Duration::ZERO, deadline));
        assert!(out_of_time(now, Duration::MAX, deadline));
    }
}
