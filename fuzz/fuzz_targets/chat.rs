//! Live chat with concurrency: `ChatConcurrency::new` accepts exactly the
//! documented profiles (1 to 16 non-zero handle times with `j / h_j`
//! concave); `ChatModel::new` accepts exactly the documented inputs; every
//! metric is a probability or a finite non-negative number and they agree
//! with each other (answered + abandoned = 1, the service levels ordered
//! by threshold and convention, SL(0) = 1 - P(wait), E[K] >= busy agents
//! >= E[K] / m); with one chat per agent it is Erlang C or A;
//! `agents_required` with `Model::Chat` returns a team that meets every
//! target and no smaller team does (every smaller count is checked);
//! `metrics_at` reproduces its metrics; `max_load` returns a load the team
//! carries; `fractional_agents_required` refuses the model;
//! `with_single_chat_aht` scales every handle time to the nearest
//! nanosecond and refuses only what its documentation says.
#![no_main]

use std::time::Duration;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use servops_fuzz::{
    CONVENTIONS, Dur, FuzzTargets, Real, check_non_negative, check_prob, traffic_from_load,
};
use servops_queue::{
    ChatConcurrency, ChatModel, ErlangA, ErlangC, Error, MAX_CHAT_SLOTS, Model,
    ServiceLevelConvention, Targets, Traffic, agents_required, fractional_agents_required,
    max_load, metrics_at,
};

/// Solvers run only on loads up to this (their scans are linear in the answer).
const SOLVER_MAX_LOAD: f64 = 2000.0;
/// Every smaller team is checked up to this answer.
const BRUTE_FORCE_MAX_AGENTS: u32 = 300;

#[derive(Debug)]
struct Input {
    /// Raw handle times for the constructor's validation.
    raw: Vec<Dur>,
    /// A concave profile: h_1 and falling throughput increments (in 1/256).
    h1: Dur,
    shrink: Vec<u8>,
    patience: Option<Dur>,
    /// Load as a fraction of the capacity N m h_1 / h_m (in 1/1000), or raw.
    load_permille: u16,
    raw_load: Option<Real>,
    agents: u32,
    small_agents: u16,
    thresholds: [Dur; 3],
    targets: Targets,
    team: u16,
    blended_aht: bool,
}

impl<'a> Arbitrary<'a> for Input {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let raw_len = u.int_in_range(0usize..=18)?;
        let mut raw = Vec::with_capacity(raw_len);
        for _ in 0..raw_len {
            raw.push(u.arbitrary()?);
        }
        let m = u.int_in_range(1usize..=16)?;
        let mut shrink = Vec::with_capacity(m - 1);
        for _ in 1..m {
            shrink.push(u.arbitrary()?);
        }
        Ok(Self {
            raw,
            h1: u.arbitrary()?,
            shrink,
            patience: u.arbitrary()?,
            load_permille: u.int_in_range(0u16..=2500)?,
            raw_load: u.arbitrary()?,
            agents: u.arbitrary()?,
            small_agents: u.arbitrary()?,
            thresholds: u.arbitrary()?,
            targets: FuzzTargets::arbitrary(u)?.0,
            team: u.arbitrary()?,
            blended_aht: u.arbitrary()?,
        })
    }
}

/// Concavity of `g(j) = j / h_j`, checked loosely in both directions:
/// `Some(true)` concave to `1e-10` of `g` (must be accepted),
/// `Some(false)` a step rising by more than `1e-8` of `g` (must be
/// refused), `None` in between (the constructor's tolerance is `1e-9`).
fn concave(h: &[Duration]) -> Option<bool> {
    let h1 = h[0].as_secs_f64();
    let g: Vec<f64> = std::iter::once(0.0)
        .chain(
            h.iter()
                .enumerate()
                .map(|(j, x)| (j + 1) as f64 * (h1 / x.as_secs_f64())),
        )
        .collect();
    let mut clear = true;
    for j in 2..g.len() {
        let excess = (g[j] - g[j - 1]) - (g[j - 1] - g[j - 2]);
        if excess > 1e-8 * g[j] {
            return Some(false);
        }
        if excess > 1e-10 * g[j] {
            clear = false;
        }
    }
    clear.then_some(true)
}

/// The concave profile of the input: `d_1 = 1`, `d_j = d_{j-1} s_j / 256`.
fn profile(input: &Input) -> Option<Vec<Duration>> {
    let h1 = input.h1.0.as_secs_f64();
    // from 10 s: the nanosecond rounding of h_j stays below the 1e-9 tolerance
    if !(10.0..=1e7).contains(&h1) {
        return None;
    }
    let (mut g, mut d) = (0.0, 1.0);
    let mut out = vec![input.h1.0];
    g += d;
    for (j, s) in input.shrink.iter().enumerate() {
        d *= f64::from(*s) / 256.0;
        g += d;
        out.push(Duration::try_from_secs_f64((j + 2) as f64 * h1 / g).ok()?);
    }
    Some(out)
}

fn tolerance(t: &Traffic, patience: Option<Duration>) -> f64 {
    let y = patience.map_or(0.0, |p| t.rate_per_sec() * p.as_secs_f64());
    servops_fuzz::erlang_a_tolerance(y)
}

fn check_model(m: &ChatModel, thresholds: &[Dur; 3], tol: f64) {
    let (wait, abandon, answered) = (m.prob_wait(), m.prob_abandon(), m.prob_answered());
    check_prob("prob_wait", wait);
    check_prob("prob_abandon", abandon);
    check_prob("prob_answered", answered);
    check_prob("occupancy", m.occupancy());
    check_prob("slot_utilisation", m.slot_utilisation());
    check_non_negative("mean_queue_length", m.mean_queue_length());
    check_non_negative("mean_wait_secs", m.mean_wait_secs());
    check_non_negative("asa_answered_secs", m.asa_answered_secs());
    check_non_negative("mean_chats_in_service", m.mean_chats_in_service());
    check_non_negative("throughput_per_sec", m.throughput_per_sec());
    assert!(
        (abandon + answered - 1.0).abs() <= tol,
        "{abandon} + {answered}"
    );
    assert!(abandon <= wait + tol);
    if m.concurrency().patience().is_none() {
        assert_eq!(abandon, 0.0);
    }
    let chats = f64::from(m.concurrency().max_chats());
    assert!(m.mean_concurrency() >= m.occupancy() * (1.0 - 1e-9) - 1e-300);
    assert!(m.occupancy() >= m.mean_concurrency() / chats * (1.0 - 1e-9));
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
                "{:?}: {} -> {s} at {t:?}",
                CONVENTIONS[i],
                last[i]
            );
        }
        last = sl;
        let [offered, over_answered, met] = sl;
        assert!(offered <= over_answered + tol / answered.max(tol));
        assert!(offered <= met + tol);
        assert!(offered <= answered + tol);
    }
    let at_zero = m.service_level(
        Duration::ZERO,
        ServiceLevelConvention::AnsweredWithinOverOffered,
    );
    assert!(
        (at_zero - (1.0 - wait)).abs() <= tol,
        "SL(0) {at_zero} vs 1 - {wait}"
    );
}

/// The documented refusals of `ChatModel::new`.
fn refused(t: &Traffic, n: u32, c: &ChatConcurrency, e: &Error) -> bool {
    let h = c.handle_times();
    let (h1, hm) = (h[0].as_secs_f64(), h[h.len() - 1].as_secs_f64());
    let slots = f64::from(n) * h.len() as f64;
    match e {
        Error::InvalidParameter { name: "agents", .. } => {
            n == 0 || f64::from(n) > 1e9 || slots > MAX_CHAT_SLOTS as f64
        }
        Error::InvalidParameter { name: "aht", .. } => (t.aht_secs() - h1).abs() > 1e-12 * h1,
        Error::InvalidParameter {
            name: "patience", ..
        } => c.patience().is_some_and(|p| {
            let p = p.as_secs_f64();
            slots * (p / hm) > 1e15 || t.rate_per_sec() * p > 1e15
        }),
        Error::Unstable { .. } => {
            c.patience().is_none() && t.load() * (hm / h1) >= slots * (1.0 - 1e-12)
        }
        _ => false,
    }
}

fn meets(t: &Traffic, c: ChatConcurrency, goal: &Targets, n: u32) -> bool {
    let Ok(m) = ChatModel::new(*t, n, c) else {
        return false;
    };
    goal.service_level()
        .is_none_or(|(f, w)| m.service_level(w, goal.convention()) >= f)
        && goal
            .max_asa_secs()
            .is_none_or(|a| m.asa_answered_secs() <= a)
        && goal.max_prob_wait().is_none_or(|p| m.prob_wait() <= p)
        && goal
            .max_prob_abandon()
            .is_none_or(|p| m.prob_abandon() <= p)
        && goal.max_occupancy().is_none_or(|o| m.occupancy() <= o)
}

/// Goals within 1e-12 of 0 or 1, or below the noise of long patience:
/// "met" can flicker between counts, so minimality is not checked.
fn noisy(t: &Traffic, c: &ChatConcurrency, goal: &Targets) -> bool {
    let edge = |v: Option<f64>| v.is_some_and(|p| !(1e-12..=1.0 - 1e-12).contains(&p));
    let noise = 1e-14
        * c.patience()
            .map_or(0.0, |p| t.rate_per_sec() * p.as_secs_f64());
    edge(goal.service_level().map(|(f, _)| f))
        || edge(goal.max_prob_wait())
        || edge(goal.max_prob_abandon())
        || edge(goal.max_occupancy())
        || noise > 1e-6
}

/// `with_single_chat_aht(a)`: every `h_j` becomes `h_j a / h_1` rounded to
/// the nearest nanosecond (checked in integers: `|h'_j h_1 - h_j a| <=
/// h_1 / 2`), the patience is kept; refused only for `a = 0`, a scaled time
/// past `Duration::MAX`, or a rounded profile that is no longer concave.
fn check_rescaled(c: &ChatConcurrency, a: Duration) {
    let h = c.handle_times();
    let h1 = h[0].as_nanos();
    let an = a.as_nanos();
    // h_j a / h_1 in nanoseconds, None past u128
    let scaled = |x: &Duration| x.as_nanos().checked_mul(an).map(|p| p / h1);
    match c.with_single_chat_aht(a) {
        Ok(s) => {
            assert_eq!(s.handle_times().len(), h.len());
            assert_eq!(s.patience(), c.patience());
            assert_eq!(s.single_chat_aht(), a);
            for (new, old) in s.handle_times().iter().zip(h) {
                // both products fit: the new time fits a Duration, so
                // h'_j h_1 <= 2^64 1e9 x 2^64 1e9 < 2^128
                let lhs = new.as_nanos().checked_mul(h1);
                let rhs = old.as_nanos().checked_mul(an);
                if let (Some(l), Some(r)) = (lhs, rhs) {
                    assert!(l.abs_diff(r) <= h1 / 2 + 1, "{old:?} -> {new:?} at {a:?}");
                }
            }
        }
        Err(Error::InvalidParameter { name: "aht", .. }) => {
            let too_long = h
                .iter()
                .any(|x| scaled(x).is_none_or(|n| n >= u128::from(u64::MAX) * 1_000_000_000));
            assert!(a.is_zero() || too_long, "{h:?} at {a:?} refused");
        }
        Err(Error::InvalidParameter {
            name: "handle_times",
            ..
        }) => {
            // rounding to nanoseconds broke concavity (tolerance 1e-9 of
            // g): only short scaled times (relative rounding above 5e-13)
            // or a profile already near the tolerance can move that far
            let short = h
                .iter()
                .any(|x| scaled(x).is_some_and(|n| n < 1_000_000_000_000));
            assert!(short || concave(h) != Some(true), "{h:?} at {a:?}");
        }
        Err(e) => panic!("{e:?} for {h:?} at {a:?}"),
    }
}

fuzz_target!(|input: Input| {
    // the constructor's validation on raw handle times
    let raw: Vec<Duration> = input.raw.iter().map(|d| d.0).collect();
    let patience = input.patience.map(|d| d.0);
    match ChatConcurrency::new(&raw, patience) {
        Ok(c) => {
            assert!((1..=16).contains(&raw.len()) && raw.iter().all(|h| !h.is_zero()));
            assert!(patience.is_none_or(|p| !p.is_zero()));
            assert_ne!(concave(&raw), Some(false), "{raw:?} accepted");
            assert_eq!(c.handle_times(), &raw[..]);
            check_rescaled(&c, input.h1.0);
        }
        Err(Error::InvalidParameter {
            name: "patience", ..
        }) => {
            assert!(patience.is_some_and(|p| p.is_zero()))
        }
        Err(Error::InvalidParameter {
            name: "handle_times",
            ..
        }) => assert!(
            raw.is_empty()
                || raw.len() > 16
                || raw.iter().any(|h| h.is_zero())
                || concave(&raw) != Some(true),
            "{raw:?} refused"
        ),
        Err(e) => panic!("ChatConcurrency::new: unexpected {e:?}"),
    }

    let Some(h) = profile(&input) else { return };
    let c = match ChatConcurrency::new(&h, patience) {
        Ok(c) => c,
        Err(_) => {
            assert!(
                patience.is_some_and(|p| p.is_zero()) || concave(&h).is_none(),
                "{h:?}"
            );
            return;
        }
    };
    let m = h.len();
    let (h1, hm) = (h[0].as_secs_f64(), h[m - 1].as_secs_f64());
    let small = u32::from(input.small_agents);
    let load = match input.raw_load {
        Some(r) => r.0,
        None => {
            f64::from(input.load_permille) / 1000.0 * f64::from(small.max(1)) * m as f64 * h1 / hm
        }
    };
    let aht = if input.blended_aht {
        Duration::from_secs_f64(h1 * 1.5)
    } else {
        h[0]
    };
    let Some(t) = traffic_from_load(load, aht) else {
        return;
    };
    let tol = tolerance(&t, patience);
    for n in [input.agents, small] {
        match ChatModel::new(t, n, c) {
            Ok(model) => {
                assert!(!input.blended_aht);
                check_model(&model, &input.thresholds, tol);
                if m == 1 && t.load() > 0.0 {
                    let close = |a: f64, b: f64| (a - b).abs() <= tol;
                    match patience {
                        None => {
                            let e = ErlangC::new(t, n).unwrap();
                            assert!(close(model.prob_wait(), e.prob_wait()));
                        }
                        Some(p) => {
                            let e = ErlangA::new(t, n, p).unwrap();
                            assert!(close(model.prob_wait(), e.prob_wait()));
                            assert!(close(model.prob_abandon(), e.prob_abandon()));
                        }
                    }
                }
            }
            Err(e) => assert!(
                refused(&t, n, &c, &e),
                "ChatModel::new({t:?}, {n}, {c:?}) = {e:?}"
            ),
        }
    }

    // the solvers, on small problems
    if input.blended_aht || t.load() > SOLVER_MAX_LOAD {
        return;
    }
    let goal = input.targets;
    let model = Model::Chat { concurrency: c };
    match agents_required(&t, model, &goal) {
        Ok(s) => {
            if t.load() > 0.0 {
                assert!(
                    meets(&t, c, &goal, s.agents),
                    "answer {} misses {goal:?}",
                    s.agents
                );
                if s.agents <= BRUTE_FORCE_MAX_AGENTS && !noisy(&t, &c, &goal) {
                    for smaller in 1..s.agents {
                        assert!(
                            !meets(&t, c, &goal, smaller),
                            "{smaller} agents meet {goal:?} too (answer {})",
                            s.agents
                        );
                    }
                }
                let again = metrics_at(&t, model, f64::from(s.agents), &goal).unwrap();
                assert_eq!(again, s.metrics);
            }
        }
        Err(Error::NoTarget) => assert!(goal.is_empty()),
        Err(Error::TargetNotSupported { .. }) => {
            assert!(patience.is_none() && goal.max_prob_abandon().is_some())
        }
        Err(Error::Unreachable { .. }) => {}
        Err(Error::InvalidParameter {
            name: "patience", ..
        }) => {
            assert!(
                patience.is_some_and(|p| p.as_secs_f64() / hm * MAX_CHAT_SLOTS as f64 > 1e15
                    || t.rate_per_sec() * p.as_secs_f64() > 1e15)
            )
        }
        Err(e) => panic!("agents_required: unexpected {e:?}"),
    }
    assert!(fractional_agents_required(&t, model, &goal).is_err());

    let team = u32::from(input.team).max(1);
    if let Ok(a) = max_load(f64::from(team), aht, model, &goal) {
        assert!((0.0..=servops_queue::MAX_LOAD).contains(&a));
        if a > 0.0 {
            let at = Traffic::from_load(a, aht).unwrap();
            assert!(
                meets(&at, c, &goal, team),
                "{team} agents miss the targets at max_load {a}"
            );
        }
    }
});
