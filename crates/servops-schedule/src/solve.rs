//! Solver options, the solve entry point and its report.

use std::time::{Duration, Instant};

use crate::error::{Error, Result, invalid};
use crate::exact;
use crate::heuristic::{Engine, Inst, Rng};
#[cfg(feature = "highs")]
use crate::lp::Backend;
use crate::lp::{
    IpmLp, MipOutcome, ModelOptions, ModelValues, WarmLp, ipm_lp, root_lp, solve_mip, solve_model,
};
use crate::problem::{MAX_LP_ENTRIES, Objective, ScheduleProblem};
use crate::schedule::Schedule;

/// How the model is solved.
///
/// # Examples
///
/// ```
/// use servops_schedule::Method;
/// assert_eq!(Method::default(), Method::Auto);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Method {
    /// LP relaxation, dives and rounding, exact re-optimisation of time
    /// windows and large-neighbourhood search; then, on small models, the
    /// exact phase: with costs on a common granularity, an enumeration of
    /// the shifts per cost class (warm LP re-solves) and a search of the
    /// count vectors left, which proves the optimum within its budgets;
    /// else, when the gap is still above the limit, node-limited branch and
    /// bound with the pure-Rust backend.
    #[default]
    Auto,
    /// As [`Method::Auto`] without the final exact phase or branch and
    /// bound.
    Heuristic,
    /// LP relaxation, dives and windows, then the exact phase of
    /// [`Method::Auto`] or branch and bound with the pure-Rust backend
    /// (microlp) seeded with that schedule, whatever the model's size,
    /// without the search. Exact given enough nodes; only practical for
    /// small models.
    BranchAndBound,
    /// A greedy cover without the LP: repeatedly add the shift that covers
    /// the most missing agent-intervals per unit of cost (breaks placed
    /// where the surplus is largest), then drop shifts that became
    /// redundant. The baseline the benchmarks compare against; no bound.
    /// When its cover misses the requirement or a side constraint (it never
    /// adds shifts just to reach a template's minimum) it returns
    /// [`Error::Solver`]: unlike [`Error::Infeasible`], that does not say no
    /// schedule exists.
    Greedy,
    /// The HiGHS MIP solver (feature `highs`).
    #[cfg(feature = "highs")]
    Highs,
}

/// Why the solver stopped.
///
/// # Examples
///
/// ```
/// use servops_schedule::StopReason;
/// assert_ne!(StopReason::Optimal, StopReason::TimeLimit);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum StopReason {
    /// The schedule is proven optimal (objective equals the bound).
    Optimal,
    /// The gap reached the gap limit.
    GapLimit,
    /// The time limit (a safety net) ran out before the work budgets: the
    /// result depends on the machine's speed.
    TimeLimit,
    /// The deterministic work budgets (LP solves, search iterations,
    /// windows, branch-and-bound nodes) ran out without reaching the gap
    /// limit.
    IterationLimit,
}

/// Options of [`solve`]: time limit, gap limit, seed, method.
///
/// Defaults: 10 s, gap 0.1 %, seed 0, [`Method::Auto`], at most 20 000
/// search iterations. The solve stops on deterministic work budgets sized
/// from the model (so the same input and seed give the same schedule); the
/// time limit is a safety net, reported as [`StopReason::TimeLimit`] when it
/// binds.
///
/// # Errors
///
/// The `with_*` methods return [`Error::InvalidParameter`] for a gap that
/// is not finite and `>= 0`.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_schedule::{Method, SolveOptions};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let opts = SolveOptions::default()
///     .with_time_limit(Duration::from_secs(5))
///     .with_gap_limit(0.005)?
///     .with_seed(7)
///     .with_method(Method::Heuristic);
/// assert_eq!(opts.time_limit(), Duration::from_secs(5));
/// assert!(SolveOptions::default().with_gap_limit(-1.0).is_err());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SolveOptions {
    time_limit: Duration,
    gap_limit: f64,
    seed: u64,
    method: Method,
    iterations: usize,
}

impl Default for SolveOptions {
    fn default() -> Self {
        Self {
            time_limit: Duration::from_secs(10),
            gap_limit: 0.001,
            seed: 0,
            method: Method::Auto,
            iterations: 20_000,
        }
    }
}

impl SolveOptions {
    /// Sets the wall-clock time limit.
    ///
    /// The limit is wall-clock time from the call of [`solve`] to its
    /// return. Every phase checks it (the dives between fixings, the
    /// roundings, the time windows, the search, the exact phase and branch
    /// and bound), and when it binds [`solve`] returns the best schedule
    /// found so far with [`StopReason::TimeLimit`]. Not bounded by it, and
    /// so added to it:
    ///
    /// - building the problem ([`ProblemBuilder::build`](crate::ProblemBuilder::build),
    ///   before [`solve`]);
    /// - on models of more than 4,000 start and break variables, the
    ///   greedy cover, made first so that it is in hand when the LP
    ///   relaxation is cut short (when less than four times its time is
    ///   left, the LP relaxation is not started and the greedy cover is
    ///   the result);
    /// - the LP relaxation's setup (the interior-point method's matrix
    ///   and factorisation, or the simplex's), which cannot be
    ///   interrupted; the interior-point iterations stop one iteration
    ///   early when the next, as long as the last, would end past the
    ///   limit, and the simplex checks the limit as it goes;
    /// - on smaller models, the first schedule (the first rounding of the
    ///   first dive, or the greedy cover when the time ran out before it);
    ///   and the final greedy repair when a schedule is short somewhere;
    /// - building the output [`Schedule`].
    ///
    /// When the LP relaxation itself is not solved in time (large models,
    /// short limits), the result is the greedy cover without a bound
    /// (`bound`, `gap` and `lp_relaxation` are `None`), or
    /// [`Error::Solver`] when that cover misses the requirement or a side
    /// constraint. Measured (release build, a year of half hours with the
    /// three templates of `servops schedule` starting at any half hour:
    /// 39,785 candidate shifts, 729,635 model entries): limits of 0.3 s,
    /// 1 s, 3 s and 5 s return after 0.20 s, 0.95 s, 3.05 s and 5.04 s
    /// (before, 1 s and 5 s took 1.78 s and 5.77 s: the setup, one
    /// interior-point iteration past the limit and then the greedy cover);
    /// with the soft objective (the simplex) 1 s and 3 s return after
    /// 1.34 s and 3.58 s. The memory of the LP relaxation is bounded by
    /// [`MAX_LP_ENTRIES`]. The work outside the
    /// limit grows with the number of shifts: a requirement of hundreds
    /// of thousands of agents can overrun a sub-second limit (one
    /// 30-minute interval, 30-minute shifts, limit 200 ms: 10⁴ agents
    /// 0.09 s, 10⁵ agents 0.23 s, 10⁶ agents
    /// ([`MAX_REQUIREMENT`](crate::MAX_REQUIREMENT)) 1.2 s).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::SolveOptions;
    /// let o = SolveOptions::default().with_time_limit(Duration::from_secs(1));
    /// assert_eq!(o.time_limit(), Duration::from_secs(1));
    /// ```
    #[must_use]
    pub fn with_time_limit(mut self, limit: Duration) -> Self {
        self.time_limit = limit;
        self
    }

    /// Sets the relative gap `(objective - bound) / objective` at which the
    /// solver may stop.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] unless finite and `>= 0`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::SolveOptions;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(SolveOptions::default().with_gap_limit(0.01)?.gap_limit(), 0.01);
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_gap_limit(mut self, gap: f64) -> Result<Self> {
        if !(gap.is_finite() && gap >= 0.0) {
            return Err(invalid("gap limit", gap, "finite and >= 0"));
        }
        self.gap_limit = gap;
        Ok(self)
    }

    /// Sets the seed of the search (same input and seed, same schedule,
    /// unless the time limit binds).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::SolveOptions;
    /// assert_eq!(SolveOptions::default().with_seed(3).seed(), 3);
    /// ```
    #[must_use]
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the method.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::{Method, SolveOptions};
    /// assert_eq!(SolveOptions::default().with_method(Method::Heuristic).method(), Method::Heuristic);
    /// ```
    #[must_use]
    pub fn with_method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// Sets the largest number of search iterations (the solver sizes the
    /// search budget from the model and never runs more than this).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::SolveOptions;
    /// assert_eq!(SolveOptions::default().with_iterations(10).iterations(), 10);
    /// ```
    #[must_use]
    pub fn with_iterations(mut self, iterations: usize) -> Self {
        self.iterations = iterations;
        self
    }

    /// The time limit.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_schedule::SolveOptions;
    /// assert_eq!(SolveOptions::default().time_limit(), Duration::from_secs(10));
    /// ```
    pub fn time_limit(&self) -> Duration {
        self.time_limit
    }

    /// The gap limit.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::SolveOptions;
    /// assert_eq!(SolveOptions::default().gap_limit(), 0.001);
    /// ```
    pub fn gap_limit(&self) -> f64 {
        self.gap_limit
    }

    /// The seed.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::SolveOptions;
    /// assert_eq!(SolveOptions::default().seed(), 0);
    /// ```
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The method.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::{Method, SolveOptions};
    /// assert_eq!(SolveOptions::default().method(), Method::Auto);
    /// ```
    pub fn method(&self) -> Method {
        self.method
    }

    /// The largest search iteration budget.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::SolveOptions;
    /// assert_eq!(SolveOptions::default().iterations(), 20_000);
    /// ```
    pub fn iterations(&self) -> usize {
        self.iterations
    }
}

/// How a solve went: objective, best bound, gap, time and stop reason.
///
/// The objective is the schedule's cost for [`Objective::Cost`] (its
/// exact total [`Schedule::cost`](crate::Schedule::cost) converted to
/// `f64`, not a running float sum); for
/// [`Objective::UnderOver`] it is the weighted under- and over-staffing in
/// agent-hours plus [`ScheduleProblem::soft_cost_weight`] (`1e-6` of the
/// smallest positive staffing weight per largest shift cost) times the
/// cost: the tie-break, the same in any currency unit.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_schedule::{solve, ScheduleProblem, ShiftTemplate, SolveOptions, StopReason};
/// use rust_decimal::Decimal;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(3600), 4)?;
/// let t = ShiftTemplate::builder("two").span(Duration::from_secs(7200)).hourly_rate(Decimal::ONE).build()?;
/// let p = ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), vec![t]).build()?;
/// let s = solve(&p, &SolveOptions::default())?;
/// assert_eq!(s.report.objective, 4.0);
/// assert_eq!(s.report.bound, Some(4.0));
/// assert_eq!(s.report.stop, StopReason::Optimal);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SolveReport {
    /// Objective of the returned schedule.
    pub objective: f64,
    /// Best lower bound known (the LP relaxation, rounded up to a multiple
    /// of the shift costs' common granularity, or the bound the exact
    /// phase or branch and bound proved).
    pub bound: Option<f64>,
    /// `(objective - bound) / objective`; `None` without a bound or when
    /// the objective is zero and the bound is not.
    pub gap: Option<f64>,
    /// The LP relaxation's objective.
    pub lp_relaxation: Option<f64>,
    /// Wall-clock time spent.
    pub elapsed: Duration,
    /// Why the solver stopped.
    pub stop: StopReason,
    /// Search iterations run.
    pub iterations: usize,
}

/// A schedule and the report of the solve that made it.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_schedule::{solve, ScheduleProblem, ShiftTemplate, SolveOptions};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(3600), 2)?;
/// let t = ShiftTemplate::builder("two").span(Duration::from_secs(7200)).build()?;
/// let p = ScheduleProblem::builder(IntervalSeries::filled(grid, 3.0), vec![t]).build()?;
/// let solution = solve(&p, &SolveOptions::default())?;
/// assert_eq!(solution.schedule.shifts.len(), 3);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Solution {
    /// The schedule.
    pub schedule: Schedule,
    /// How the solve went.
    pub report: SolveReport,
}

/// Largest gap, in multiples of the cost granularity, that the exact phase
/// takes on (beyond it the count vectors are too many).
const EXACT_STEPS: f64 = 128.0;

/// Largest model (start plus break-placement variables) that
/// [`Method::Auto`] hands to branch and bound.
const AUTO_BRANCH_AND_BOUND_VARIABLES: usize = 2_000;

fn gap_of(objective: f64, bound: Option<f64>) -> Option<f64> {
    let b = bound?;
    if objective.abs() < 1e-12 {
        return if b.abs() < 1e-12 { Some(0.0) } else { None };
    }
    Some(((objective - b) / objective.abs()).max(0.0))
}

/// Solves the shift covering model with implicit break placement.
///
/// # Formula
///
/// With `x_s` shifts of candidate `s` (a template at a start interval),
/// `y_{s,k,p}` of them taking break `k` at placement `p`, `a_{s,j} = 1` when
/// `s` spans interval `j` and `b_{s,k,p,j}` the fraction of `j` that break
/// takes (Aykin 1996):
///
/// ```text
/// min  sum_s c_s x_s
/// s.t. sum_s a_{s,j} x_s - sum_{s,k,p} b_{s,k,p,j} y_{s,k,p} >= r_j   for every interval j
///      sum_p y_{s,k,p} = x_s                                          for every s, k
///      x, y >= 0 integer (+ side constraints)
/// ```
///
/// The soft variant replaces the coverage rows by
/// `coverage_j + u_j - o_j = r_j` and minimises `w_u h sum u_j + w_o h sum o_j`
/// (`h` the interval length in hours), with an optional
/// `sum_s paid_s x_s <= budget`.
///
/// # Errors
///
/// [`Error::Infeasible`] when the side constraints or budget admit no
/// schedule; [`Error::Solver`] when the backend fails;
/// [`Error::CostOverflow`] when the schedule's shift costs add up to more
/// than `Decimal::MAX` (about 7.9e28); [`Error::ModelTooLarge`] when the
/// problem has more than [`MAX_LP_ENTRIES`] model
/// entries and the method builds an LP relaxation (every method but
/// [`Method::Greedy`]), checked before anything is built.
///
/// # Accuracy
///
/// The report's gap is measured against a proven lower bound. See
/// `docs/schedule.md` for the measured gaps on the benchmark family.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_schedule::{solve, BreakRule, Pay, ScheduleProblem, ShiftTemplate, SolveOptions};
/// use rust_decimal::Decimal;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let m = |x: u64| Duration::from_secs(60 * x);
/// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, m(30), 8)?;
/// let req = IntervalSeries::new(grid, vec![2.0, 2.0, 3.0, 3.0, 3.0, 3.0, 2.0, 2.0])?;
/// let four = ShiftTemplate::builder("four").span(m(240)).hourly_rate(Decimal::new(20, 0))
///     .breaks(vec![BreakRule::new(m(30), Pay::Paid, m(60), m(150))?])
///     .build()?;
/// let problem = ScheduleProblem::builder(req, vec![four]).build()?;
/// let solution = solve(&problem, &SolveOptions::default())?;
/// // Every interval is covered, and the cost is proven least.
/// assert!(solution.schedule.under.values().iter().all(|&u| u == 0.0));
/// assert_eq!(solution.report.gap, Some(0.0));
/// # Ok(())
/// # }
/// ```
///
/// # References
///
/// - G. B. Dantzig (1954), "A comment on Edie's 'Traffic delays at toll
///   booths'", *Journal of the Operations Research Society of America*
///   2(3), 339-341.
/// - T. Aykin (1996), "Optimal shift scheduling with multiple break
///   windows", *Management Science* 42(4), 591-602.
pub fn solve(problem: &ScheduleProblem, options: &SolveOptions) -> Result<Solution> {
    let started = Instant::now();
    // Every method but the greedy builds the LP relaxation: count it first.
    if options.method != Method::Greedy {
        let entries = problem.model_entries();
        if entries > MAX_LP_ENTRIES {
            return Err(Error::ModelTooLarge {
                what: "lp model entries",
                count: entries as u128,
                limit: MAX_LP_ENTRIES,
            });
        }
    }
    let deadline = started + options.time_limit;
    let remaining = |now: Instant| deadline.saturating_duration_since(now).as_secs_f64();
    #[cfg(feature = "highs")]
    if options.method == Method::Highs {
        let v = solve_model(
            problem,
            &ModelOptions {
                integer: true,
                mip_gap: options.gap_limit,
                backend: Backend::Highs,
                ..ModelOptions::lp(remaining(Instant::now()))
            },
        )?;
        let mut engine = Engine::new(problem);
        load_integer(&mut engine, &v);
        let objective = report_objective(problem, &engine);
        // good_lp does not pass HiGHS's dual bound on; a proven optimum is
        // its own bound.
        let (bound, stop) = if v.proven_optimal {
            (Some(objective), StopReason::Optimal)
        } else if Instant::now() >= deadline {
            (None, StopReason::TimeLimit)
        } else {
            (None, StopReason::GapLimit)
        };
        return finish(problem, &engine, objective, bound, None, started, stop, 0);
    }
    if options.method == Method::Greedy {
        let mut engine = Engine::new(problem);
        engine.greedy_fill(None);
        engine.drop_pass();
        // Greedy proves nothing: a schedule may exist that it did not find
        // (it never adds shifts to reach a template's minimum), so its
        // failures are solver failures, not `Infeasible`.
        if !engine.side_constraints_hold() {
            return Err(Error::Solver {
                reason: "the greedy cover does not meet the side constraints \
                         (greedy cannot tell whether a schedule exists; Method::Auto can)"
                    .into(),
            });
        }
        if !covers(problem, &engine) {
            return Err(Error::Solver {
                reason: "the side constraints stop the greedy cover from meeting the \
                         requirement (greedy cannot tell whether a schedule exists; \
                         Method::Auto can)"
                    .into(),
            });
        }
        let objective = report_objective(problem, &engine);
        return finish(
            problem,
            &engine,
            objective,
            None,
            None,
            started,
            StopReason::IterationLimit,
            0,
        );
    }
    // 1. LP relaxation: a bound and a guide. Large cost models use the
    // interior-point method (a certified bound from its duals); the others
    // microlp's simplex, kept warm for the dives.
    // The LP relaxation gets the time left, no more: when none is left,
    // or it is cut short, the greedy cover stands in.
    if Instant::now() >= deadline {
        return greedy_fallback(problem, started, None);
    }
    let vars = problem.candidate_count() + problem.break_placement_count();
    // On large models the greedy cover comes first, so that when the LP
    // relaxation is cut short by the time limit the answer is in hand
    // (computing it after the limit overran it by the greedy's time). Its
    // time also says how fast this machine is on this model: the LP
    // relaxation's setup, which cannot be interrupted, takes 2.5-3.5 times
    // as long, so with less than four times it left the LP is not started.
    let early = if vars > IPM_VARIABLES {
        let t = Instant::now();
        let mut e = Engine::new(problem);
        e.greedy_fill(None);
        e.drop_pass();
        let took = t.elapsed();
        let shifts = e.shifts;
        if deadline.saturating_duration_since(Instant::now()) < took * 4 {
            return greedy_fallback(problem, started, Some(&shifts));
        }
        Some(shifts)
    } else {
        None
    };
    let ipm_root = if vars > IPM_VARIABLES {
        ipm_lp(problem, &ModelOptions::lp(remaining(Instant::now())))?
    } else {
        IpmLp::Declined
    };
    let root = match ipm_root {
        IpmLp::Solved(v, Some(b)) => Some((v, None, b)),
        // The interior-point method ran out of time: the simplex would too.
        IpmLp::OutOfTime => None,
        _ if Instant::now() >= deadline => None,
        _ => match root_lp(problem, remaining(Instant::now())) {
            Ok((v, w, lin_y)) => {
                let b = v.objective;
                Some((v, Some((w, lin_y)), b))
            }
            Err(Error::Solver { .. }) if Instant::now() >= deadline => None,
            Err(e) => return Err(e),
        },
    };
    let Some((lp, warm, lp_bound)) = root else {
        return greedy_fallback(problem, started, early.as_deref());
    };
    let mut timed_out = Instant::now() >= deadline;
    // Costs all multiples of a power of two (whole costs are multiples of
    // one currency unit at least): bounds round up to a multiple of it.
    // Found on the scaled costs, so the same in any unit a power of two
    // apart.
    let dyadic_step = if problem.objective == Objective::Cost {
        crate::problem::cost_step(problem.candidates.iter().map(|c| c.cost))
    } else {
        None
    };
    let granularity = exact::granularity(problem);
    let round_bound = |b: f64| match (granularity, dyadic_step) {
        (Some(g), _) => exact::round_up(b, g),
        // The LP's float error allowed: 1e-6 of a step.
        (None, Some(g)) => (b / g - 1e-6).ceil() * g,
        (None, None) => b,
    };
    let mut bound = round_bound(lp_bound);
    let budget = Budget::for_problem(problem, options);
    // 2. Dives: round the fractional shift counts a batch at a time and
    // re-solve the LP from its last basis, until the counts are whole; each
    // dive's counts are turned into schedules (breaks spread as in the LP,
    // then moved, then greedy repair), deterministic and randomised.
    let mut engine = Engine::new(problem);
    // The best schedule of each dive: starting points for the windows.
    let mut starts: Vec<(f64, Vec<Inst>)> = Vec::new();
    for (k, delta) in DIVE_DELTAS.into_iter().take(budget.dives).enumerate() {
        if Instant::now() >= deadline {
            timed_out = true;
            break;
        }
        let guide = match &warm {
            Some((w, lin_y)) => dive(
                problem,
                &lp,
                w.clone(),
                lin_y,
                delta,
                budget.dive_rounds,
                deadline,
            ),
            None => ipm_dive(problem, &lp, delta, budget.dive_rounds, deadline),
        };
        let mut round_rng = Rng::new(options.seed ^ (k as u64 + 1));
        let mut dive_best: Option<(f64, Vec<Inst>)> = None;
        for trial in 0..budget.roundings {
            // Each rounding ends with a greedy repair, which on a large
            // model takes a noticeable time: stop once the time is up and
            // one schedule is in hand.
            if (dive_best.is_some() || early.is_some()) && Instant::now() >= deadline {
                timed_out = true;
                break;
            }
            engine.reset_to(&[]);
            match trial {
                0 => engine.round_down(&guide, 0.6, None),
                1 => engine.round_down(&guide, 1e-6, None),
                _ => engine.round_down(&guide, 0.0, Some(&mut round_rng)),
            }
            let all: Vec<usize> = (0..engine.shifts.len()).collect();
            for _ in 0..3 {
                engine.replace_breaks(&all);
            }
            engine.greedy_fill(None);
            engine.drop_pass();
            let obj = engine.objective();
            if dive_best.as_ref().is_none_or(|b| obj < b.0 - 1e-9) {
                dive_best = Some((obj, engine.shifts.clone()));
            }
            if guide.x.iter().all(|x| (x - x.round()).abs() < 1e-6) && trial >= 1 {
                break;
            }
        }
        if let Some(b) = dive_best
            && !starts.iter().any(|s| s.1 == b.1)
        {
            starts.push(b);
        }
    }
    starts.sort_by(|a, b| a.0.total_cmp(&b.0));
    starts.truncate(budget.starts.max(1));
    if budget.window_sweeps > 0 && starts.len() > 1 {
        // Several starting points through the windows; keep the best.
        for (obj, shifts) in &mut starts {
            engine.reset_to(shifts);
            timed_out |= window_search(
                problem,
                &mut engine,
                &budget,
                budget.window_sweeps,
                deadline,
            );
            *obj = engine.objective();
            shifts.clone_from(&engine.shifts);
        }
        starts.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    if let Some((_, shifts)) = starts.first() {
        engine.reset_to(shifts);
    } else if let Some(shifts) = &early {
        // The time ran out before the first dive's first schedule: the
        // greedy cover made before the LP relaxation.
        engine.reset_to(shifts);
    } else {
        // The time ran out before the first dive: the greedy cover.
        engine.greedy_fill(None);
        engine.drop_pass();
    }
    let mut rng = Rng::new(options.seed);
    let target_of = |bound: f64| {
        if problem.objective == Objective::Cost {
            bound * (1.0 + options.gap_limit) + 1e-9
        } else {
            bound + options.gap_limit * bound.abs() + 1e-9
        }
    };
    let mut iterations = 0;
    let small = vars <= AUTO_BRANCH_AND_BOUND_VARIABLES;
    if options.method != Method::BranchAndBound {
        // 3. Exact re-optimisation of time windows, a search, and the
        // windows again from the searched schedule.
        if budget.window_sweeps > 0
            && starts.len() <= 1
            && report_objective(problem, &engine) > target_of(bound)
        {
            timed_out |= window_search(
                problem,
                &mut engine,
                &budget,
                budget.window_sweeps,
                deadline,
            );
        }
        if report_objective(problem, &engine) > target_of(bound) {
            iterations = engine.lns(&mut rng, deadline, budget.search, target_of(bound));
        }
        if budget.window_sweeps > 0 && report_objective(problem, &engine) > target_of(bound) {
            timed_out |= window_search(problem, &mut engine, &budget, 1, deadline);
        }
        timed_out |= Instant::now() >= deadline;
    }
    if problem.objective == Objective::Cost && engine.deficit() > 0.0 {
        engine.greedy_fill(None);
    }
    let mut objective = report_objective(problem, &engine);
    let mut stop = if objective <= target_of(bound) {
        StopReason::GapLimit
    } else if timed_out {
        StopReason::TimeLimit
    } else {
        StopReason::IterationLimit
    };
    // 4. Branch and bound on small models, or when asked. A cost schedule
    // that leaves an interval short (the side constraints stopped the
    // repair) is no incumbent: branch and bound decides.
    let feasible = engine.side_constraints_hold() && covers(problem, &engine);
    let want_bb = match options.method {
        Method::BranchAndBound => true,
        // With costs on a granularity the exact phase also runs within the
        // gap limit: on small models a proof is cheap.
        Method::Auto => {
            (stop != StopReason::GapLimit || !feasible || granularity.is_some()) && small
        }
        _ => !feasible,
    };
    let cost_step = granularity.or(dyadic_step);
    if let Some(g) = cost_step.filter(|_| want_bb && feasible) {
        let mut timed_out = false;
        let mut worked = false;
        // Costs on a granularity `g`: branch on the number of shifts per
        // cost class, then search the few count vectors left (when the gap
        // spans few multiples of `g`).
        if granularity.is_some()
            && objective > bound + g / 2.0
            && (objective - bound) / g <= EXACT_STEPS
        {
            worked = true;
            let outcome = exact::search(problem, objective, bound, g, &budget.exact, deadline)?;
            if let Some(v) = outcome.improved {
                let mut candidate = Engine::new(problem);
                load_integer(&mut candidate, &v);
                let obj = report_objective(problem, &candidate);
                if obj < objective - 1e-9 && candidate.deficit() <= 0.0 {
                    engine = candidate;
                    objective = obj;
                }
            }
            bound = bound.max(outcome.bound.min(objective));
            timed_out |= outcome.timed_out;
        }
        // Else (a wider gap, or whole-number costs without a granularity,
        // as with a template that costs nothing) ask branch and bound for a schedule at least `g`
        // cheaper than the incumbent: every node whose bound exceeds
        // `incumbent - g` is pruned; an infeasible answer proves the
        // incumbent optimal, a schedule found becomes the new incumbent.
        let mut nodes_left = if worked { 0 } else { budget.nodes };
        while !timed_out
            && nodes_left > 0
            && objective > bound + g / 2.0
            && objective > target_of(bound)
        {
            worked = true;
            if Instant::now() >= deadline {
                timed_out = true;
                break;
            }
            let outcome = solve_mip(
                problem,
                &ModelOptions {
                    integer: true,
                    time_limit_s: remaining(Instant::now()),
                    node_limit: Some(nodes_left),
                    cost_cap: Some(objective - g),
                    ..ModelOptions::lp(0.0)
                },
            );
            match outcome {
                Err(Error::Infeasible { .. }) => {
                    bound = objective;
                    break;
                }
                Ok(MipOutcome::Solved(v)) => {
                    nodes_left = nodes_left.saturating_sub(v.nodes.max(1));
                    let mut candidate = Engine::new(problem);
                    load_integer(&mut candidate, &v);
                    let obj = report_objective(problem, &candidate);
                    let improved = obj < objective - 1e-9 && candidate.deficit() <= 0.0;
                    if improved {
                        engine = candidate;
                        objective = obj;
                    }
                    if v.proven_optimal {
                        bound = objective;
                        break;
                    }
                    if let Some(b) = v.bound {
                        bound = bound.max(round_bound(b).min(objective));
                    }
                    if !improved {
                        break;
                    }
                }
                Ok(MipOutcome::NoSolution { bound: b, nodes }) => {
                    if let Some(b) = b {
                        bound = bound.max(round_bound(b).min(objective));
                    }
                    if nodes < nodes_left && Instant::now() >= deadline {
                        timed_out = true;
                    }
                    break;
                }
                Err(_) => break,
            }
        }
        if worked {
            stop = if objective <= target_of(bound) {
                StopReason::GapLimit
            } else if timed_out {
                StopReason::TimeLimit
            } else {
                StopReason::IterationLimit
            };
        }
    } else if want_bb && remaining(Instant::now()) > 0.01 {
        let initial = if feasible {
            Some(to_values(problem, &engine))
        } else {
            None
        };
        let incumbent = objective;
        match solve_model(
            problem,
            &ModelOptions {
                integer: true,
                time_limit_s: remaining(Instant::now()),
                mip_gap: options.gap_limit,
                initial,
                node_limit: Some(budget.nodes),
                ..ModelOptions::lp(0.0)
            },
        ) {
            Ok(v) => {
                let mut candidate = Engine::new(problem);
                load_integer(&mut candidate, &v);
                let obj = report_objective(problem, &candidate);
                if !feasible || obj < incumbent - 1e-9 {
                    engine = candidate;
                    objective = obj;
                }
                if let Some(b) = v.bound {
                    bound = bound.max(round_bound(b).min(objective));
                }
                stop = if v.proven_optimal {
                    bound = bound.max(objective);
                    StopReason::Optimal
                } else if objective <= target_of(bound) {
                    StopReason::GapLimit
                } else if v.nodes < budget.nodes {
                    StopReason::TimeLimit
                } else {
                    StopReason::IterationLimit
                };
            }
            Err(Error::Infeasible { reason }) => return Err(Error::Infeasible { reason }),
            Err(e) if !feasible => return Err(e),
            Err(_) => {}
        }
    } else if !feasible {
        return Err(Error::Infeasible {
            reason: "the search found no schedule meeting the coverage and side constraints".into(),
        });
    } else if want_bb {
        stop = StopReason::TimeLimit;
    }
    if !engine.side_constraints_hold() || !covers(problem, &engine) {
        return Err(Error::Infeasible {
            reason: "no schedule found meets the coverage and side constraints".into(),
        });
    }
    if objective <= bound + 1e-9 * objective.abs().max(1.0) {
        stop = StopReason::Optimal;
    }
    finish(
        problem,
        &engine,
        objective,
        Some(bound),
        Some(lp.objective),
        started,
        stop,
        iterations,
    )
}

/// Smallest model (start plus break-placement variables) whose LP
/// relaxation goes to the interior-point method.
const IPM_VARIABLES: usize = 4_000;

/// Diving with the interior-point method: lower-bound every count at its
/// floor, round up the most fractional counts (and, so that the dive ends
/// within `rounds` solves, enough others to their nearest whole number),
/// re-solve from scratch on the root's support. Returns the last solution.
fn ipm_dive(
    problem: &ScheduleProblem,
    root: &ModelValues,
    delta: f64,
    rounds: usize,
    deadline: Instant,
) -> ModelValues {
    const TOL: f64 = 1e-4;
    let mut current = root.clone();
    let mut lower = vec![0.0; problem.candidates.len()];
    let mut upper: Vec<f64> = root
        .x
        .iter()
        .map(|&x| if x <= TOL { 0.0 } else { f64::INFINITY })
        .collect();
    for round in 0..rounds.max(1) {
        let mut frac: Vec<(f64, usize)> = current
            .x
            .iter()
            .enumerate()
            .map(|(i, &x)| (x - (x + TOL).floor(), i))
            .filter(|(f, _)| *f > TOL)
            .collect();
        if frac.is_empty() || Instant::now() >= deadline {
            break;
        }
        for (l, &x) in lower.iter_mut().zip(&current.x) {
            *l = (x + TOL).floor().max(*l);
        }
        frac.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let top = frac.first().map_or(0.0, |f| f.0);
        let cut = (top - delta).max(0.5);
        let at_least = frac.len().div_ceil(rounds.max(1) - round);
        let mut up = 0;
        for &(f, i) in &frac {
            if f >= cut || up == 0 {
                if let (Some(l), Some(&x)) = (lower.get_mut(i), current.x.get(i)) {
                    *l = (x - TOL).ceil();
                }
                up += 1;
            }
        }
        if up < at_least {
            let mut rest: Vec<(f64, usize)> = frac.iter().skip(up).copied().collect();
            rest.sort_by(|a, b| {
                let ca = a.0.max(1.0 - a.0);
                let cb = b.0.max(1.0 - b.0);
                cb.total_cmp(&ca).then(a.1.cmp(&b.1))
            });
            for &(f, i) in rest.iter().take(at_least - up) {
                let Some(&x) = current.x.get(i) else { continue };
                if f >= 0.5 {
                    if let Some(l) = lower.get_mut(i) {
                        *l = (x - TOL).ceil();
                    }
                } else if let (Some(u), Some(l)) = (upper.get_mut(i), lower.get(i)) {
                    *u = (x + TOL).floor().max(*l);
                }
            }
        }
        let left = deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64();
        match ipm_lp(
            problem,
            &ModelOptions {
                lower: Some(lower.clone()),
                upper: Some(upper.clone()),
                ..ModelOptions::lp(left.max(0.01))
            },
        ) {
            Ok(IpmLp::Solved(v, _)) => current = v,
            _ => break,
        }
    }
    current
}

/// Rounding thresholds of the dives, in the order they run.
const DIVE_DELTAS: [f64; 8] = [0.15, 0.3, 0.05, 0.45, 0.0, 0.25, 0.1, 0.35];

/// The deterministic work budgets of one solve, sized from the model.
#[derive(Debug, Clone, Copy)]
struct Budget {
    /// Dives run (each from the root LP).
    dives: usize,
    /// Batches of fixings per dive (each batch one warm re-solve per count
    /// fixed).
    dive_rounds: usize,
    /// Roundings of each dive's result.
    roundings: usize,
    /// Sweeps of exactly re-optimised time windows over the horizon.
    window_sweeps: usize,
    /// Dive results taken through the windows.
    starts: usize,

    /// Search iterations (at most the option's).
    search: usize,
    /// Branch-and-bound nodes per window.
    window_nodes: u64,
    /// Branch-and-bound nodes of the final exact phase.
    nodes: u64,
    /// Budgets of the exact phase on whole-number costs.
    exact: exact::ExactBudget,
}

impl Budget {
    fn for_problem(problem: &ScheduleProblem, options: &SolveOptions) -> Self {
        let vars = (problem.candidate_count() + problem.break_placement_count()).max(1);
        let small = vars <= AUTO_BRANCH_AND_BOUND_VARIABLES;
        Self {
            dives: if vars > 6_000 {
                1
            } else if !small {
                2
            } else {
                DIVE_DELTAS.len()
            },
            dive_rounds: 12,
            roundings: 32,
            starts: if small { 4 } else { 1 },
            search: options
                .iterations
                .min(2_000_000 / vars)
                .max(options.iterations.min(100)),
            window_sweeps: if problem.objective == Objective::Cost
                && !problem.has_side_constraints()
            {
                2
            } else {
                0
            },
            window_nodes: 200,
            nodes: (3_000_000 / vars).clamp(200, 20_000) as u64,
            exact: exact::ExactBudget {
                lps: (600_000 / vars).clamp(200, 5_000),
                nodes: (300_000 / vars).clamp(100, 2_000) as u64,
                leaves: 16,
                scan: 48,
                quick_nodes: (60_000 / vars).clamp(50, 300) as u64,
            },
        }
    }
}

/// Exact re-optimisation of time windows: every shift starting in the
/// window leaves the schedule, and a small branch and bound (warm-started
/// with the shifts removed) chooses the shifts and breaks starting there
/// that cover what the rest of the schedule leaves uncovered at least cost.
/// Windows sweep the horizon in a fixed order. Returns whether the time
/// limit cut the sweep short.
fn window_search(
    problem: &ScheduleProblem,
    engine: &mut Engine<'_>,
    budget: &Budget,
    sweeps: usize,
    deadline: Instant,
) -> bool {
    let n = problem.requirement.len();
    if n == 0 {
        return false;
    }
    let step_min = problem.requirement.grid().step().as_secs() / 60;
    // Windows of four hours of start times, moving by an hour.
    // At least two intervals, at most the horizon (which may be a single
    // interval: `clamp(2, n)` would panic there).
    let width = ((240 / step_min.max(1)) as usize).max(2).min(n);
    let stride = (width / 2).max(1);
    let cyclic = problem.horizon == crate::problem::Horizon::Cyclic;
    let mut first_start = usize::MAX;
    let mut last_start = 0;
    for c in &problem.candidates {
        first_start = first_start.min(c.start);
        last_start = last_start.max(c.start);
    }
    if first_start > last_start {
        return false;
    }
    let span = if cyclic {
        n
    } else {
        last_start - first_start + 1
    };
    let windows = sweeps * span.div_ceil(stride);
    let mut done = 0;
    let mut offset = 0;
    while done < windows {
        if Instant::now() >= deadline {
            return true;
        }
        let lo = if cyclic {
            offset % n
        } else {
            first_start + offset % span
        };
        offset += stride;
        done += 1;
        let inside = |s: usize| {
            if cyclic {
                (s + n - lo) % n < width
            } else {
                s >= lo && s < lo + width
            }
        };
        let free: Vec<usize> = engine
            .shifts
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                problem
                    .candidates
                    .get(s.cand)
                    .is_some_and(|c| inside(c.start))
            })
            .map(|(i, _)| i)
            .collect();
        let old_cost: f64 = free
            .iter()
            .filter_map(|&i| engine.shifts.get(i))
            .filter_map(|s| problem.candidates.get(s.cand))
            .map(|c| c.cost)
            .sum();
        let mut removed = Vec::with_capacity(free.len());
        for &i in free.iter().rev() {
            if let Some(s) = engine.remove(i) {
                removed.push(s);
            }
        }
        let residual: Vec<f64> = problem
            .requirement
            .values()
            .iter()
            .zip(&engine.cov)
            .map(|(&r, &c)| {
                let d = r - c;
                if d > 1e-9 { d } else { 0.0 }
            })
            .collect();
        let upper: Vec<f64> = problem
            .candidates
            .iter()
            .map(|c| if inside(c.start) { f64::INFINITY } else { 0.0 })
            .collect();
        let mut initial = (
            vec![0.0; problem.candidates.len()],
            problem
                .candidates
                .iter()
                .map(|c| c.breaks.iter().map(|o| vec![0.0; o.len()]).collect())
                .collect::<Vec<Vec<Vec<f64>>>>(),
        );
        for s in &removed {
            add_point(&mut initial, s);
        }
        let left = deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64();
        let result = solve_model(
            problem,
            &ModelOptions {
                integer: true,
                time_limit_s: left.max(0.001),
                initial: Some(initial),
                upper: Some(upper),
                node_limit: Some(budget.window_nodes),
                residual: Some(residual),
                ..ModelOptions::lp(0.0)
            },
        );
        match result {
            Ok(v) if v.objective < old_cost - 1e-6 => load_integer(engine, &v),
            _ => {
                for s in removed {
                    engine.add(s);
                }
            }
        }
    }
    false
}

fn add_point(point: &mut crate::lp::IntegerPoint, s: &Inst) {
    if let Some(v) = point.0.get_mut(s.cand) {
        *v += 1.0;
    }
    for (k, &pi) in s.placement.iter().enumerate() {
        if let Some(v) = point
            .1
            .get_mut(s.cand)
            .and_then(|a| a.get_mut(k))
            .and_then(|a| a.get_mut(pi))
        {
            *v += 1.0;
        }
    }
}

/// LP diving from the root basis: each round fixes the most fractional
/// counts (all within `delta` of the largest fraction) to their ceiling,
/// and, so that the dive ends within `rounds` rounds, enough of the other
/// fractional counts to their nearest whole number; every fixing is a warm
/// re-solve. Stops when the counts are whole or a fixing makes the LP
/// infeasible, or when the time is up. Returns the last LP solution.
fn dive(
    problem: &ScheduleProblem,
    root: &ModelValues,
    mut warm: WarmLp,
    lin_y: &[Vec<Vec<usize>>],
    delta: f64,
    rounds: usize,
    deadline: Instant,
) -> ModelValues {
    let mut current = root.clone();
    let mut fixed = vec![false; problem.candidates.len()];
    for round in 0..rounds.max(1) {
        let mut frac: Vec<(f64, usize)> = current
            .x
            .iter()
            .enumerate()
            .filter(|(i, _)| !fixed.get(*i).copied().unwrap_or(true))
            .map(|(i, &x)| (x - (x + 1e-6).floor(), i))
            .filter(|(f, _)| *f > 1e-6)
            .collect();
        if frac.is_empty() {
            break;
        }
        frac.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let top = frac.first().map_or(0.0, |f| f.0);
        let cut = (top - delta).max(0.5);
        let rounds_left = rounds.max(1) - round;
        let at_least = frac.len().div_ceil(rounds_left);
        let mut fixes: Vec<(usize, f64)> = Vec::new();
        for &(f, i) in &frac {
            if (f >= cut || fixes.is_empty())
                && let Some(&x) = current.x.get(i)
            {
                fixes.push((i, (x - 1e-6).ceil()));
            }
        }
        if fixes.len() < at_least {
            let mut rest: Vec<(f64, usize)> = frac.iter().skip(fixes.len()).copied().collect();
            rest.sort_by(|a, b| {
                let ca = a.0.max(1.0 - a.0);
                let cb = b.0.max(1.0 - b.0);
                cb.total_cmp(&ca).then(a.1.cmp(&b.1))
            });
            let need = at_least - fixes.len();
            for &(_, i) in rest.iter().take(need) {
                if let Some(&x) = current.x.get(i) {
                    fixes.push((i, x.round()));
                }
            }
        }
        let mut failed = false;
        for (i, v) in fixes {
            if Instant::now() >= deadline {
                failed = true;
                break;
            }
            match warm.fix(i, v) {
                Ok(w) => warm = w,
                Err(w) => {
                    warm = w;
                    failed = true;
                    break;
                }
            }
            if let Some(f) = fixed.get_mut(i) {
                *f = true;
            }
        }
        current = warm.values(lin_y);
        if failed {
            break;
        }
    }
    current
}

/// Whether the engine's schedule meets the requirement in every interval
/// (always true for the soft objective, where shortfall is priced).
fn covers(problem: &ScheduleProblem, engine: &Engine<'_>) -> bool {
    problem.objective != Objective::Cost || engine.deficit() <= 0.0
}

fn report_objective(problem: &ScheduleProblem, engine: &Engine<'_>) -> f64 {
    match problem.objective {
        Objective::Cost => engine.cost_total(),
        Objective::UnderOver(_) => engine.objective(),
    }
}

fn load_integer(engine: &mut Engine<'_>, v: &ModelValues) {
    for (ci, (&x, yc)) in v.x.iter().zip(&v.y).enumerate() {
        let count = x.round().max(0.0) as usize;
        let mut per_break: Vec<Vec<usize>> = Vec::new();
        for yk in yc {
            let mut list = Vec::new();
            for (pi, &y) in yk.iter().enumerate() {
                list.extend(std::iter::repeat_n(pi, y.round().max(0.0) as usize));
            }
            per_break.push(list);
        }
        for s in 0..count {
            let placement = per_break
                .iter()
                .map(|l| l.get(s).copied().unwrap_or(0))
                .collect();
            engine.add(Inst {
                cand: ci,
                placement,
            });
        }
    }
}

fn to_values(problem: &ScheduleProblem, engine: &Engine<'_>) -> crate::lp::IntegerPoint {
    let mut x = vec![0.0; problem.candidates.len()];
    let mut y: Vec<Vec<Vec<f64>>> = problem
        .candidates
        .iter()
        .map(|c| c.breaks.iter().map(|o| vec![0.0; o.len()]).collect())
        .collect();
    for s in &engine.shifts {
        if let Some(v) = x.get_mut(s.cand) {
            *v += 1.0;
        }
        for (k, &pi) in s.placement.iter().enumerate() {
            if let Some(v) = y
                .get_mut(s.cand)
                .and_then(|a| a.get_mut(k))
                .and_then(|a| a.get_mut(pi))
            {
                *v += 1.0;
            }
        }
    }
    (x, y)
}

/// The greedy cover (`cover`, or made here when `None`), for when the time
/// ran out before the LP relaxation was solved: no bound,
/// [`StopReason::TimeLimit`].
fn greedy_fallback(
    problem: &ScheduleProblem,
    started: Instant,
    cover: Option<&[Inst]>,
) -> Result<Solution> {
    let mut engine = Engine::new(problem);
    match cover {
        Some(shifts) => engine.reset_to(shifts),
        None => {
            engine.greedy_fill(None);
            engine.drop_pass();
        }
    }
    if !engine.side_constraints_hold() || !covers(problem, &engine) {
        return Err(Error::Solver {
            reason: "the time limit ran out before the lp relaxation was solved, and the \
                     greedy cover does not meet the requirement and side constraints"
                .into(),
        });
    }
    let objective = report_objective(problem, &engine);
    finish(
        problem,
        &engine,
        objective,
        None,
        None,
        started,
        StopReason::TimeLimit,
        0,
    )
}

#[allow(clippy::too_many_arguments)]
fn finish(
    problem: &ScheduleProblem,
    engine: &Engine<'_>,
    objective: f64,
    bound: Option<f64>,
    lp_relaxation: Option<f64>,
    started: Instant,
    stop: StopReason,
    iterations: usize,
) -> Result<Solution> {
    let schedule = Schedule::from_engine(problem, engine)?;
    // The search ran on costs times `cost_scale` (a power of two, so the
    // division is exact), and its running total of float costs drifts
    // from the schedule's (9230.844999999925 for a schedule costing
    // 9230.845): the objective reported is the exact total, rounded once.
    let scale = problem.cost_scale;
    let (objective, bound, lp_relaxation) = match problem.objective {
        Objective::Cost => (
            f64::try_from(schedule.cost).unwrap_or(objective / scale),
            bound.map(|b| b / scale),
            lp_relaxation.map(|b| b / scale),
        ),
        // The soft search ran on weights times `soft_scale` (a power of
        // two, so the division is exact).
        Objective::UnderOver(_) => {
            let scale = problem.soft_scale();
            (
                objective / scale,
                bound.map(|b| b / scale),
                lp_relaxation.map(|b| b / scale),
            )
        }
    };
    // A proven optimum is its own bound (the bound found may be a float
    // rounding below the exact total). `+ 0.0` turns a bound of -0.0 (a
    // zero LP bound rounded up to whole costs) into 0.0.
    let bound = bound.map(|b| {
        if stop == StopReason::Optimal {
            objective
        } else {
            b.min(objective) + 0.0
        }
    });
    Ok(Solution {
        schedule,
        report: SolveReport {
            objective,
            bound,
            gap: gap_of(objective, bound),
            lp_relaxation,
            elapsed: started.elapsed(),
            stop,
            iterations,
        },
    })
}
