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
/// of half hours, 1.2 s on three). The setup (the ordering of the KKT
/// matrix, then its first factorisation) cannot be interrupted, so it is
/// not started when it cannot fit: the ordering when
/// [`ordering_estimate_s`] exceeds the time left, the factorisations when
/// [`FACTORISATIONS_NEEDED`] of [`factorisation_estimate_s`] do (both
/// [`Ipm::OutOfTime`]). [`Ipm::OutOfTime`] or
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
    // The ordering's estimate: KKT entries (A, and a diagonal) and the
    // squared degrees of its rows and columns.
    let mut row_deg = vec![0u64; r];
    let mut col_deg = vec![0u64; ncol];
    for (&i, &j) in ri.iter().zip(&ci) {
        if let Some(d) = row_deg.get_mut(i) {
            *d += 1;
        }
        if let Some(d) = col_deg.get_mut(j) {
            *d += 1;
        }
    }
    let squares: f64 = row_deg
        .iter()
        .chain(&col_deg)
        .map(|&d| (d * d) as f64)
        .sum();
    let kkt_entries = (vv.len() + r + ncol) as f64;
    let left = || {
        deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64()
    };
    if ordering_estimate_s(kkt_entries, squares) > left() {
        return Ok(Ipm::OutOfTime);
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
    // The first factorisation comes before any check of the clock, and
    // the method needs several: with too little time for them, stop here.
    let factorisation =
        factorisation_estimate_s(solver.info.linsolver.nnzL as f64, (r + ncol) as f64);
    if FACTORISATIONS_NEEDED * factorisation > left() {
        return Ok(Ipm::OutOfTime);
    }
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

/// Seconds per KKT entry of the ordering (approximate minimum degree) and
/// the symbolic factorisation, and per unit of the sum of squared row and
/// column degrees of the constraint matrix (the cliques the ordering forms):
/// about half the fastest rates measured (release build, one core) on nine
/// large tour models, where the setup took 1.96e-7 to 1.3e-6 s per KKT entry
/// and 2.5e-9 to 1.5e-8 s per squared degree.
const ORDERING_S_PER_ENTRY: f64 = 1e-7;
/// See [`ORDERING_S_PER_ENTRY`].
const ORDERING_S_PER_SQUARED_DEGREE: f64 = 1.2e-9;
/// Seconds per unit of `nnz(L)^2 / n` of a numeric factorisation: about
/// half the fastest rate measured on the same models (5.6e-9 to 2.9e-8 s;
/// `nnz(L)^2 / n` is a lower bound on its multiply-adds, which are
/// `sum_j nnz(L_j)^2`).
const FACTORISATION_S_PER_OP: f64 = 2.5e-9;
/// Factorisations the time left must hold for the interior-point method to
/// be started: the first (uninterruptible) and a few iterations; it needs
/// tens of iterations to converge, so with fewer it would be cut short.
pub(crate) const FACTORISATIONS_NEEDED: f64 = 4.0;

/// A lower estimate of the seconds Clarabel's setup (ordering and symbolic
/// factorisation) takes on a KKT matrix of `kkt_entries` entries whose
/// constraint rows and columns have squared degrees summing to `squares`.
pub(crate) fn ordering_estimate_s(kkt_entries: f64, squares: f64) -> f64 {
    f64::max(
        kkt_entries * ORDERING_S_PER_ENTRY,
        squares * ORDERING_S_PER_SQUARED_DEGREE,
    )
}

/// A lower estimate of the seconds one numeric factorisation of a KKT
/// matrix of dimension `dim` takes when its factor has `nnz_l` entries.
pub(crate) fn factorisation_estimate_s(nnz_l: f64, dim: f64) -> f64 {
    if dim <= 0.0 {
        return 0.0;
    }
    nnz_l * nnz_l / dim * FACTORISATION_S_PER_OP
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

    /// The setup estimates, worked by hand: 2,903,040 KKT entries with
    /// squared degrees 4.1e7 -> max(0.290, 0.0492) = 0.290 s; 1,685,386
    /// entries with 5.1e8 -> max(0.169, 0.612) = 0.612 s; a factor of
    /// 8,913,454 entries of dimension 47,043 -> 8,913,454^2 / 47,043 x
    /// 2.5e-9 = 4.222 s (mpmath: 4.2221830139508...).
    #[test]
    fn setup_estimates() {
        assert!((ordering_estimate_s(2_903_040.0, 4.1e7) - 0.290_304).abs() < 1e-9);
        assert!((ordering_estimate_s(1_685_386.0, 5.1e8) - 0.612).abs() < 1e-9);
        let f = factorisation_estimate_s(8_913_454.0, 47_043.0);
        assert!((f - 4.222_183_013_950_853).abs() < 1e-9, "{f}");
        assert_eq!(factorisation_estimate_s(1.0, 0.0), 0.0);
    }

    /// With no time at all the method is not started, whatever the model
    /// (one row `x >= 1`, minimise `x`: solved to 1 with time).
    #[test]
    fn no_time_means_no_setup() {
        let lin = Lin {
            cost: vec![1.0],
            lo: vec![0.0],
            hi: vec![f64::INFINITY],
            integer: vec![false],
            start: vec![0.0],
            rows: vec![(vec![(0, 1.0)], Cmp::Ge, 1.0)],
            x_col: Vec::new(),
            y_col: Vec::new(),
        };
        assert!(matches!(ipm_solve(&lin, 0.0, 200), Ok(Ipm::OutOfTime)));
        match ipm_solve(&lin, 60.0, 200) {
            Ok(Ipm::Solved(s)) => assert!((s.objective - 1.0).abs() < 1e-6),
            other => panic!("{other:?}"),
        }
    }

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
