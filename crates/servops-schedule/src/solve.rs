//! Solver options, the solve entry point and its report.

use std::time::{Duration, Instant};

use crate::error::{Error, Result, invalid};
use crate::heuristic::{Engine, Inst, Rng};
use crate::lp::{Backend, ModelOptions, ModelValues, solve_model};
use crate::problem::{Objective, ScheduleProblem};
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
    /// LP relaxation, rounding and large-neighbourhood search; then, on
    /// small models whose gap is still above the limit, branch and bound
    /// with the pure-Rust backend seeded with the heuristic's schedule.
    #[default]
    Auto,
    /// LP relaxation, rounding and large-neighbourhood search only.
    Heuristic,
    /// Branch and bound with the pure-Rust backend (microlp) from the start,
    /// seeded with the heuristic's schedule. Exact given enough time; only
    /// practical for small models.
    BranchAndBound,
    /// A greedy cover without the LP: repeatedly add the shift that covers
    /// the most missing agent-intervals per unit of cost (breaks placed
    /// where the surplus is largest), then drop shifts that became
    /// redundant. The baseline the benchmarks compare against; no bound.
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
    /// The time limit ran out.
    TimeLimit,
    /// The search ran its iterations without reaching the gap limit.
    IterationLimit,
}

/// Options of [`solve`]: time limit, gap limit, seed, method.
///
/// Defaults: 10 s, gap 0.1 %, seed 0, [`Method::Auto`], 20 000
/// search iterations.
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

    /// Sets the seed of the search (same input and seed, same schedule, as
    /// long as the time limit does not cut the search short).
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

    /// Sets the number of search iterations (the deterministic budget).
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

    /// The search iteration budget.
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
/// The objective is the schedule's cost for [`Objective::Cost`]; for
/// [`Objective::UnderOver`] it is the weighted under- and over-staffing in
/// agent-hours plus `1e-6` times the cost (the tie-break).
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
    /// Best lower bound known (the LP relaxation, rounded up when every
    /// shift costs a whole number, or branch and bound's bound).
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

/// Largest model (start plus break-placement variables) that
/// [`Method::Auto`] hands to branch and bound.
const AUTO_BRANCH_AND_BOUND_VARIABLES: usize = 4_000;

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
/// schedule; [`Error::Solver`] when the backend fails.
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
    let deadline = started + options.time_limit;
    let remaining = |now: Instant| deadline.saturating_duration_since(now).as_secs_f64();
    #[cfg(feature = "highs")]
    if options.method == Method::Highs {
        let v = solve_model(
            problem,
            &ModelOptions {
                integer: true,
                time_limit_s: remaining(Instant::now()),
                mip_gap: options.gap_limit,
                backend: Backend::Highs,
                initial: None,
                lower: None,
                upper: None,
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
        return Ok(finish(
            problem, &engine, objective, bound, None, started, stop, 0,
        ));
    }
    if options.method == Method::Greedy {
        let mut engine = Engine::new(problem);
        engine.greedy_fill(None);
        engine.drop_pass();
        if !engine.side_constraints_hold() {
            return Err(Error::Infeasible {
                reason: "the greedy cover does not meet the side constraints".into(),
            });
        }
        let objective = report_objective(problem, &engine);
        return Ok(finish(
            problem,
            &engine,
            objective,
            None,
            None,
            started,
            StopReason::IterationLimit,
            0,
        ));
    }
    // 1. LP relaxation: a bound and a guide.
    let lp = solve_model(
        problem,
        &ModelOptions {
            integer: false,
            time_limit_s: remaining(Instant::now()).max(1.0),
            mip_gap: 0.0,
            backend: Backend::MicroLp,
            initial: None,
            lower: None,
            upper: None,
        },
    )?;
    let integral_costs = problem.objective == Objective::Cost
        && problem
            .candidates
            .iter()
            .all(|c| (c.cost - c.cost.round()).abs() < 1e-9);
    let mut bound = if integral_costs {
        (lp.objective - 1e-6).ceil()
    } else {
        lp.objective
    };
    // 2. Dives: fix lower bounds and round up, re-solving the LP, until
    // the shift counts are whole; each dive's counts are turned into a
    // schedule (breaks spread as in the LP, then moved, then greedy repair).
    // Several dives with different rounding thresholds while they are cheap.
    let lp_time = started.elapsed().as_secs_f64().max(1e-3);
    let dive_deadline = started + options.time_limit.mul_f64(0.5);
    let mut engine = Engine::new(problem);
    let mut best_shifts: Option<(f64, Vec<Inst>)> = None;
    for (k, delta) in [0.15, 0.3, 0.05, 0.45, 0.0, 0.25, 0.1, 0.35]
        .into_iter()
        .enumerate()
    {
        if k > 0 && Instant::now() + Duration::from_secs_f64(lp_time * 12.0) >= dive_deadline {
            break;
        }
        let guide = dive(problem, &lp, dive_deadline, delta, lp_time)?;
        let mut round_rng = Rng::new(options.seed ^ (k as u64 + 1));
        for trial in 0..32 {
            if trial > 0 && Instant::now() >= dive_deadline {
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
            if best_shifts.as_ref().is_none_or(|b| obj < b.0 - 1e-9) {
                best_shifts = Some((obj, engine.shifts.clone()));
            }
            if guide.x.iter().all(|x| (x - x.round()).abs() < 1e-6) && trial >= 1 {
                break;
            }
        }
    }
    if let Some((_, shifts)) = &best_shifts {
        engine.reset_to(shifts);
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
    let vars = problem.candidate_count() + problem.break_placement_count();
    let small = vars <= AUTO_BRANCH_AND_BOUND_VARIABLES;
    if options.method != Method::BranchAndBound {
        iterations = engine.lns(&mut rng, deadline, options.iterations, target_of(bound));
    }
    if problem.objective == Objective::Cost && engine.deficit() > 0.0 {
        engine.greedy_fill(None);
    }
    let mut objective = report_objective(problem, &engine);
    let mut stop = if objective <= target_of(bound) {
        StopReason::GapLimit
    } else if Instant::now() >= deadline {
        StopReason::TimeLimit
    } else {
        StopReason::IterationLimit
    };
    // 3. Branch and bound on small models, or when asked.
    let feasible = engine.side_constraints_hold();
    let want_bb = match options.method {
        Method::BranchAndBound => true,
        Method::Auto => (stop != StopReason::GapLimit || !feasible) && small,
        _ => !feasible,
    };
    if want_bb && remaining(Instant::now()) > 0.01 {
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
                backend: Backend::MicroLp,
                initial,
                lower: None,
                upper: None,
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
                    bound = bound.max(if integral_costs { (b - 1e-6).ceil() } else { b });
                }
                stop = if v.proven_optimal {
                    bound = bound.max(objective);
                    StopReason::Optimal
                } else if objective <= target_of(bound) {
                    StopReason::GapLimit
                } else {
                    StopReason::TimeLimit
                };
            }
            Err(Error::Infeasible { reason }) => return Err(Error::Infeasible { reason }),
            Err(e) if !feasible => return Err(e),
            Err(_) => {}
        }
    } else if !feasible {
        return Err(Error::Infeasible {
            reason: "the search found no schedule meeting the side constraints in time".into(),
        });
    }
    if objective <= bound + 1e-9 * objective.abs().max(1.0) {
        stop = StopReason::Optimal;
    }
    Ok(finish(
        problem,
        &engine,
        objective,
        Some(bound),
        Some(lp.objective),
        started,
        stop,
        iterations,
    ))
}

/// LP diving: lower-bound every count at its floor, round up the most
/// fractional counts, re-solve; stop when the counts are whole or at the
/// deadline. Returns the last LP solution.
fn dive(
    problem: &ScheduleProblem,
    root: &ModelValues,
    deadline: Instant,
    delta: f64,
    lp_time: f64,
) -> Result<ModelValues> {
    let mut current = root.clone();
    let mut lower = vec![0.0; problem.candidates.len()];
    // Dive on the support of the root LP: the other candidates leave the
    // model, which makes every re-solve smaller.
    let mut upper: Vec<f64> = root
        .x
        .iter()
        .map(|&x| if x <= 1e-9 { 0.0 } else { f64::INFINITY })
        .collect();
    for _round in 0..200 {
        let mut frac: Vec<(f64, usize)> = current
            .x
            .iter()
            .enumerate()
            .map(|(i, &x)| (x - (x + 1e-6).floor(), i))
            .filter(|(f, _)| *f > 1e-6)
            .collect();
        if frac.is_empty() || Instant::now() >= deadline {
            break;
        }
        for (l, &x) in lower.iter_mut().zip(&current.x) {
            *l = (x + 1e-6).floor().max(*l);
        }
        frac.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let top = frac.first().map_or(0.0, |f| f.0);
        let cut = (top - delta).max(0.5);
        // With little time left for LP solves, fix more per solve: the
        // counts nearest to a whole number, each to that number.
        let left = deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64();
        let solves_left = (left / lp_time).floor().max(1.0);
        let at_least = (frac.len() as f64 / solves_left).ceil() as usize;
        let mut up = 0;
        for &(f, i) in &frac {
            if f >= cut || up == 0 {
                if let (Some(l), Some(&x)) = (lower.get_mut(i), current.x.get(i)) {
                    *l = (x - 1e-6).ceil();
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
                        *l = (x - 1e-6).ceil();
                    }
                } else if let (Some(u), Some(l)) = (upper.get_mut(i), lower.get(i)) {
                    *u = (x + 1e-6).floor().max(*l);
                }
            }
        }
        let left = deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64();
        match solve_model(
            problem,
            &ModelOptions {
                integer: false,
                time_limit_s: left.max(0.5),
                mip_gap: 0.0,
                backend: Backend::MicroLp,
                initial: None,
                lower: Some(lower.clone()),
                upper: Some(upper.clone()),
            },
        ) {
            Ok(v) => current = v,
            Err(_) => break,
        }
    }
    Ok(current)
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
) -> Solution {
    let bound = bound.map(|b| b.min(objective));
    Solution {
        schedule: Schedule::from_engine(problem, engine),
        report: SolveReport {
            objective,
            bound,
            gap: gap_of(objective, bound),
            lp_relaxation,
            elapsed: started.elapsed(),
            stop,
            iterations,
        },
    }
}
