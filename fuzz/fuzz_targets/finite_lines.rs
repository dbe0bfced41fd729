//! Finite trunk lines: `FiniteLines::new` accepts exactly the documented
//! inputs; every metric is a probability or a finite non-negative number,
//! and they agree with each other (blocked + answered + abandoned = 1, the
//! service levels ordered by threshold and convention, SL(0) = 1 - P(wait)
//! - P(blocked)); `lines_for_blocking` returns the fewest lines (it meets
//! the target, one line fewer does not); `agents_required` with
//! `Model::FiniteLines` returns a team that meets every target and no
//! smaller team does (every smaller count is checked when the lines are
//! few, since some targets are not monotone in the agents); `metrics_at`
//! reproduces its metrics; `max_load` returns a load the team carries;
//! `fractional_agents_required` refuses the model.
#![no_main]

use std::time::Duration;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use servops_fuzz::{
    CONVENTIONS, Dur, Fraction, FuzzTargets, Real, check_non_negative, check_prob, open_unit,
    traffic_from_load,
};
use servops_queue::{
    Error, FiniteLines, MAX_AGENTS, Model, ServiceLevelConvention, Targets, Traffic,
    agents_required, fractional_agents_required, lines_for_blocking, max_load, metrics_at,
};

/// Above this many lines the solvers are not run (their scans are linear in the lines).
const SOLVER_MAX_LINES: u32 = 400;
/// Every smaller team is checked up to this many lines.
const BRUTE_FORCE_MAX_LINES: u32 = 60;
/// Loads above this are skipped by the solvers, to keep each run fast.
const SOLVER_MAX_LOAD: f64 = 1e5;

#[derive(Debug)]
struct Input {
    load: Real,
    aht: Dur,
    agents: u32,
    small_agents: u16,
    extra_lines: u32,
    small_extra: u8,
    patience: Option<Dur>,
    thresholds: [Dur; 3],
    targets: Targets,
    max_prob_blocked: Fraction,
    team: u16,
}

impl<'a> Arbitrary<'a> for Input {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Self {
            load: u.arbitrary()?,
            aht: u.arbitrary()?,
            agents: u.arbitrary()?,
            small_agents: u.arbitrary()?,
            extra_lines: u.arbitrary()?,
            small_extra: u.arbitrary()?,
            patience: u.arbitrary()?,
            thresholds: u.arbitrary()?,
            targets: FuzzTargets::arbitrary(u)?.0,
            max_prob_blocked: u.arbitrary()?,
            team: u.arbitrary()?,
        })
    }
}

/// Tolerance for identities between metrics computed by different
/// formulas: as Erlang A's (`1e-14 y` in overload with a long patience).
fn tolerance(t: &Traffic, patience: Option<Duration>) -> f64 {
    let y = patience.map_or(0.0, |p| t.rate_per_sec() * p.as_secs_f64());
    servops_fuzz::erlang_a_tolerance(y)
}

fn check_model(m: &FiniteLines, thresholds: &[Dur; 3], tol: f64) {
    let (blocked, abandon, answered) = (m.prob_blocked(), m.prob_abandon(), m.prob_answered());
    check_prob("prob_blocked", blocked);
    check_prob("prob_abandon", abandon);
    check_prob("prob_answered", answered);
    check_prob("prob_wait", m.prob_wait());
    check_prob("prob_wait_given_accepted", m.prob_wait_given_accepted());
    check_prob("occupancy", m.occupancy());
    check_non_negative("mean_queue_length", m.mean_queue_length());
    check_non_negative("mean_wait_secs", m.mean_wait_secs());
    check_non_negative("asa_answered_secs", m.asa_answered_secs());
    check_non_negative("carried_load", m.carried_load());
    check_non_negative("lost_load", m.lost_load());
    assert!(
        (blocked + abandon + answered - 1.0).abs() <= tol,
        "blocked {blocked} + abandoned {abandon} + answered {answered} != 1"
    );
    assert!(m.prob_wait() + blocked <= 1.0 + tol);
    if m.patience_secs().is_none() {
        assert_eq!(abandon, 0.0);
    }
    let mut sorted: Vec<Duration> = thresholds.iter().map(|d| d.0).collect();
    sorted.sort();
    let mut last = [0.0; 3];
    for t in sorted {
        let sl = CONVENTIONS.map(|c| m.service_level(t, c));
        for (i, &s) in sl.iter().enumerate() {
            check_prob("service_level", s);
            let tol = if i == 1 { tol / answered.max(tol) } else { tol };
            assert!(
                s >= last[i] - tol,
                "{:?}: service level falls from {} to {s} at {t:?}",
                CONVENTIONS[i],
                last[i]
            );
        }
        last = sl;
        let [offered, over_answered, met] = sl;
        assert!(offered <= over_answered + tol / answered.max(tol));
        assert!(offered <= met + tol);
        assert!(offered <= answered + tol);
        assert!(met <= 1.0 - blocked + tol, "blocked contacts count against");
    }
    let at_zero = m.service_level(
        Duration::ZERO,
        ServiceLevelConvention::AnsweredWithinOverOffered,
    );
    let expected = 1.0 - m.prob_wait() - blocked;
    assert!(
        (at_zero - expected).abs() <= tol,
        "SL(0) {at_zero} != 1 - P(wait) - P(blocked) {expected}"
    );
}

/// Whether `n` agents on the model's lines meet every target, recomputed
/// from the public model.
fn meets(t: &Traffic, lines: u32, patience: Option<Duration>, goal: &Targets, n: u32) -> bool {
    let Ok(m) = FiniteLines::new(*t, n, lines, patience) else {
        return false;
    };
    let mut ok = true;
    if let Some((f, within)) = goal.service_level() {
        ok &= m.service_level(within, goal.convention()) >= f;
    }
    if let Some(a) = goal.max_asa_secs() {
        ok &= m.asa_answered_secs() <= a;
    }
    if let Some(p) = goal.max_prob_wait() {
        ok &= m.prob_wait_given_accepted() <= p;
    }
    if let Some(p) = goal.max_prob_abandon() {
        ok &= m.prob_abandon() <= p;
    }
    if let Some(o) = goal.max_occupancy() {
        ok &= m.occupancy() <= o;
    }
    if let Some(p) = goal.max_prob_blocked() {
        ok &= m.prob_blocked() <= p;
    }
    ok
}

/// Whether a goal or cap lies within 1e-12 of 0 or 1: the metrics carry
/// an absolute error of about 1e-15 (and far less than that is noise at
/// values near 1e-20), so "met" can flicker from one agent count to the
/// next and the fewest agents is not defined in `f64`; then only that the
/// answer meets the targets is checked.
fn at_resolution_limit(goal: &Targets) -> bool {
    let edge = |v: Option<f64>| v.is_some_and(|p| !(1e-12..=1.0 - 1e-12).contains(&p));
    edge(goal.service_level().map(|(f, _)| f))
        || edge(goal.max_prob_wait())
        || edge(goal.max_prob_abandon())
        || edge(goal.max_prob_blocked())
        || edge(goal.max_occupancy())
}

/// The documented refusals of `FiniteLines::new`.
fn refused(t: &Traffic, n: u32, lines: u32, patience: Option<Duration>, e: &Error) -> bool {
    let Error::InvalidParameter { name, .. } = e else {
        return false;
    };
    match *name {
        "agents" => n == 0 || f64::from(n) > MAX_AGENTS,
        "lines" => lines < n || lines - n > 1 << 22,
        "patience" => patience.is_some_and(|p| {
            let p = p.as_secs_f64();
            p == 0.0 || f64::from(n) * (p / t.aht_secs()) > 1e15 || t.rate_per_sec() * p > 1e15
        }),
        _ => false,
    }
}

fuzz_target!(|input: Input| {
    let Some(t) = traffic_from_load(input.load.0, input.aht.0) else {
        return;
    };
    let patience = input.patience.map(|d| d.0);
    let tol = tolerance(&t, patience);
    let small_lines = u32::from(input.small_agents).saturating_add(u32::from(input.small_extra));
    for (n, lines) in [
        (input.agents, input.agents.saturating_add(input.extra_lines)),
        (u32::from(input.small_agents), small_lines),
        (input.agents, input.extra_lines),
    ] {
        match FiniteLines::new(t, n, lines, patience) {
            Ok(m) => {
                assert!(n >= 1 && lines >= n && f64::from(n) <= MAX_AGENTS);
                assert!(patience.is_none_or(|p| !p.is_zero()));
                check_model(&m, &input.thresholds, tol);
                if lines == n {
                    let b = servops_queue::erlang_b(n, t.load()).unwrap();
                    assert_eq!(m.prob_blocked(), b, "K = N is Erlang B");
                }
            }
            Err(e) => assert!(
                refused(&t, n, lines, patience, &e),
                "FiniteLines::new({t:?}, {n}, {lines}, {patience:?}) = {e:?}"
            ),
        }
    }

    // the solvers, on small problems
    let n = u32::from(input.small_agents);
    let lines = small_lines;
    if t.load() > SOLVER_MAX_LOAD || lines > SOLVER_MAX_LINES || n == 0 {
        return;
    }
    if FiniteLines::new(t, n, lines, patience).is_err() {
        return;
    }
    let p = input.max_prob_blocked.0;
    match lines_for_blocking(&t, n, patience, p) {
        Ok(k) => {
            let blocked = |k: u32| FiniteLines::new(t, n, k, patience).unwrap().prob_blocked();
            assert!(k >= n && blocked(k) <= p);
            assert!(k == n || blocked(k - 1) > p, "{k} lines are not the fewest");
        }
        Err(Error::InvalidParameter {
            name: "max_prob_blocked",
            ..
        }) => assert!(
            !open_unit(p)
                || FiniteLines::new(t, n, u32::MAX, patience).is_ok_and(|m| m.prob_blocked() > p),
            "lines_for_blocking refused {p} though u32::MAX lines meet it"
        ),
        // the constructor's refusal met on the way up: a queue spread over
        // more than 2^22 waiting positions (x and y near 1e12)
        Err(Error::InvalidParameter {
            name: "lines",
            value,
            ..
        }) => assert!(value - f64::from(n) > f64::from(1u32 << 22), "{value}"),
        Err(e) => panic!("lines_for_blocking: unexpected {e:?}"),
    }

    let mut goal = input.targets;
    if let Ok(g) = goal.with_max_prob_blocked(p) {
        goal = g;
    }
    let model = Model::FiniteLines { lines, patience };
    match agents_required(&t, model, &goal) {
        Ok(s) => {
            assert!(s.agents <= lines);
            if t.load() > 0.0 {
                assert!(meets(&t, lines, patience, &goal, s.agents), "answer misses");
                let below: Vec<u32> = if at_resolution_limit(&goal) {
                    Vec::new()
                } else if lines <= BRUTE_FORCE_MAX_LINES {
                    (1..s.agents).collect()
                } else {
                    (s.agents.saturating_sub(1).max(1)..s.agents).collect()
                };
                for smaller in below {
                    assert!(
                        !meets(&t, lines, patience, &goal, smaller),
                        "{smaller} agents meet the targets too (answer {})",
                        s.agents
                    );
                }
                let again = metrics_at(&t, model, f64::from(s.agents), &goal).unwrap();
                assert_eq!(again, s.metrics);
            }
        }
        Err(Error::NoTarget) => assert!(goal.is_empty()),
        Err(Error::TargetNotSupported { .. }) => {
            assert!(patience.is_none() && goal.max_prob_abandon().is_some())
        }
        Err(Error::Unreachable { max_agents }) => {
            assert_eq!(max_agents, f64::from(lines));
            if lines <= BRUTE_FORCE_MAX_LINES && t.load() > 0.0 && !at_resolution_limit(&goal) {
                assert!((1..=lines).all(|k| !meets(&t, lines, patience, &goal, k)));
            }
        }
        // a patience so long that some team up to the lines has
        // agents x patience / AHT above 1e15 (the constructor's refusal)
        Err(Error::InvalidParameter {
            name: "patience", ..
        }) => assert!(
            patience
                .is_some_and(|p| { f64::from(lines) * (p.as_secs_f64() / t.aht_secs()) > 1e15 })
        ),
        Err(e) => panic!("agents_required: unexpected {e:?}"),
    }
    assert!(fractional_agents_required(&t, model, &goal).is_err());

    let team = u32::from(input.team).clamp(1, lines);
    if let Ok(a) = max_load(f64::from(team), input.aht.0, model, &goal) {
        assert!(a >= 0.0 && a <= servops_queue::MAX_LOAD);
        if a > 0.0 {
            let at = Traffic::from_load(a, input.aht.0).unwrap();
            assert!(
                meets(&at, lines, patience, &goal, team),
                "{team} agents miss the targets at max_load {a}"
            );
        }
    }
});
