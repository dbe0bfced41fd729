//! Shared input types and invariant checks for the servops fuzz targets.
//!
//! The fuzzer's bytes become numbers through [`Real`] and [`Dur`], which
//! mix raw bit patterns (NaN, infinities, subnormals, negatives) with
//! log-uniform values over the ranges the models are used on, so that the
//! targets reach both the validation paths and the numerical kernels.

use std::time::Duration;

/// Tolerance for identities between Erlang A metrics computed by
/// different formulas, with `y = arrival rate x patience`. The documented
/// accuracy is about 1e-13 absolute, but in overload with a long patience
/// the service level is ill-conditioned: its error grows like
/// `eps x N patience / AHT` (see the `ErlangA` docs), bounded here by `y`.
pub fn erlang_a_tolerance(y: f64) -> f64 {
    1e-9 + 1e-14 * y
}

/// Whether an Erlang A patience exceeds a million AHTs, so that some agent
/// counts up to 1e9 cannot be built (`agents x patience / AHT <= 1e15`)
/// and the solvers may refuse the problem.
pub fn extreme_patience(model: Model, aht_secs: f64) -> bool {
    match model {
        Model::ErlangA { patience } => patience.as_secs_f64() > 1e6 * aht_secs,
        _ => false,
    }
}

/// Whether the documented error of Erlang A metrics (about `1e-14 y`,
/// see [`erlang_a_tolerance`]) reaches a thousandth of a target's scale:
/// then "met" can flicker with the agent count, the fewest agents is not
/// well defined in `f64`, and the targets check only that answers meet
/// the targets, not that they are minimal.
pub fn noisy_erlang_a(traffic: &Traffic, model: Model, targets: &Targets) -> bool {
    let Model::ErlangA { patience } = model else {
        return false;
    };
    let noise = 1e-14 * traffic.rate_per_sec() * patience.as_secs_f64();
    let mut scale: f64 = 1.0;
    for p in [
        targets.service_level().map(|(goal, _)| goal),
        targets.max_prob_wait(),
        targets.max_prob_abandon(),
        targets.max_occupancy(),
    ]
    .into_iter()
    .flatten()
    {
        scale = scale.min(p).min(1.0 - p);
    }
    if targets.max_asa_secs().is_some() {
        // asa_answered_secs: relative error of the same order.
        scale = scale.min(1e-3);
    }
    noise > 1e-3 * scale
}

/// Whether a cap lies so close to 1 (within 1e-9) that the metric's
/// rounding noise (about 1e-16) makes "met" flicker from one agent count to
/// the next: there the fewest agents is not well defined in `f64`, and the
/// targets check only that answers meet the targets, not that they are
/// minimal.
pub fn cap_at_resolution_limit(targets: &Targets) -> bool {
    let near_one = |cap: Option<f64>| cap.is_some_and(|c| c > 1.0 - 1e-9 && c < 1.0);
    near_one(targets.max_occupancy())
        || near_one(targets.max_prob_wait())
        || near_one(targets.max_prob_abandon())
        || near_one(targets.service_level().map(|(goal, _)| goal))
}

use arbitrary::{Arbitrary, Result, Unstructured};
use servops_queue::{ErlangA, ErlangC, Model, ServiceLevelConvention, Targets, Traffic};

/// Values worth hitting exactly.
const SPECIAL: [f64; 24] = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    0.8,
    0.999_999_999_999,
    1e-300,
    f64::MIN_POSITIVE,
    5e-324,
    f64::EPSILON,
    1e9,
    1e9 + 1.0,
    999_999_999.5,
    1e7,
    1e15,
    1e300,
    f64::MAX,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NAN,
    100.0,
    10.0,
    180.0,
];

/// An `f64` drawn for fuzzing: any bit pattern, a special value, a small
/// integer, a fraction of one, or log-uniform on `[1e-15, 1e15]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Real(pub f64);

impl<'a> Arbitrary<'a> for Real {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let v = match u.int_in_range(0u8..=7)? {
            0 => f64::from_bits(u.arbitrary()?),
            1 => SPECIAL[u.choose_index(SPECIAL.len())?],
            2 => f64::from(u.arbitrary::<u16>()?),
            3 => f64::from(u.arbitrary::<u32>()?) / 4_294_967_296.0,
            _ => {
                let exponent = f64::from(u.int_in_range(-300i16..=300)?) / 20.0;
                let mantissa = 1.0 + f64::from(u.arbitrary::<u16>()?) / 65_536.0;
                mantissa * 10f64.powf(exponent)
            }
        };
        Ok(Self(v))
    }
}

/// A probability-like value: mostly in `[0, 1]`, sometimes anything.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fraction(pub f64);

impl<'a> Arbitrary<'a> for Fraction {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let v = match u.int_in_range(0u8..=5)? {
            0 => Real::arbitrary(u)?.0,
            1 => f64::from(u.int_in_range(0u8..=100)?) / 100.0,
            2 => 1.0 - 10f64.powf(-f64::from(u.int_in_range(1u8..=17)?)),
            3 => 10f64.powf(-f64::from(u.int_in_range(1u16..=320)?)),
            _ => f64::from(u.arbitrary::<u32>()?) / 4_294_967_295.0,
        };
        Ok(Self(v))
    }
}

/// A duration: zero, any representable `Duration`, whole seconds, or
/// log-uniform on `[1 us, 1e7 s]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dur(pub Duration);

impl<'a> Arbitrary<'a> for Dur {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let d = match u.int_in_range(0u8..=5)? {
            0 => Duration::ZERO,
            1 => Duration::new(u.arbitrary()?, u.int_in_range(0u32..=999_999_999)?),
            2 => Duration::from_secs(u64::from(u.arbitrary::<u16>()?)),
            3 => Duration::from_nanos(u64::from(u.arbitrary::<u8>()?)),
            _ => {
                let exponent = f64::from(u.int_in_range(-120i16..=140)?) / 20.0;
                let mantissa = 1.0 + f64::from(u.arbitrary::<u16>()?) / 65_536.0;
                Duration::try_from_secs_f64(mantissa * 10f64.powf(exponent))
                    .unwrap_or(Duration::ZERO)
            }
        };
        Ok(Self(d))
    }
}

/// The three service-level conventions, chosen by the fuzzer.
pub fn convention(u: &mut Unstructured<'_>) -> Result<ServiceLevelConvention> {
    Ok(match u.int_in_range(0u8..=2)? {
        0 => ServiceLevelConvention::AnsweredWithinOverOffered,
        1 => ServiceLevelConvention::AnsweredWithinOverAnswered,
        _ => ServiceLevelConvention::AbandonsWithinCountAsMet,
    })
}

/// Every convention.
pub const CONVENTIONS: [ServiceLevelConvention; 3] = [
    ServiceLevelConvention::AnsweredWithinOverOffered,
    ServiceLevelConvention::AnsweredWithinOverAnswered,
    ServiceLevelConvention::AbandonsWithinCountAsMet,
];

/// Panics unless `p` is a probability: in `[0, 1]` and not NaN.
#[track_caller]
pub fn check_prob(what: &str, p: f64) {
    assert!(
        (0.0..=1.0).contains(&p),
        "{what} = {p} is not a probability"
    );
}

/// Panics unless `v` is finite and `>= 0`.
#[track_caller]
pub fn check_non_negative(what: &str, v: f64) {
    assert!(
        v.is_finite() && v >= 0.0,
        "{what} = {v} is not finite and >= 0"
    );
}

/// Whether `v` is a valid load for the models: finite, `>= 0`, at most `1e9`.
pub fn valid_load(v: f64) -> bool {
    v.is_finite() && (0.0..=servops_queue::MAX_LOAD).contains(&v)
}

/// Whether `v` lies in the open unit interval.
pub fn open_unit(v: f64) -> bool {
    v > 0.0 && v < 1.0
}

/// Builds the traffic of a staffing problem from a load and an AHT, or
/// `None` for inputs the constructors reject (which they must).
pub fn traffic_from_load(load: f64, aht: Duration) -> Option<Traffic> {
    let result = Traffic::from_load(load, aht);
    let valid = valid_load(load) && !aht.is_zero();
    assert_eq!(
        result.is_ok(),
        valid,
        "Traffic::from_load({load}, {aht:?}) = {result:?}"
    );
    result.ok()
}

/// The metrics a staffing target looks at, for one model at one agent count.
#[derive(Debug, Clone, Copy)]
pub struct Achieved {
    /// Service level at the target's threshold and convention (if any target).
    pub service_level: Option<f64>,
    /// ASA (Erlang A: of answered contacts), seconds.
    pub asa_secs: f64,
    /// Probability of waiting.
    pub prob_wait: f64,
    /// Probability of abandoning (0 in Erlang C).
    pub prob_abandon: f64,
    /// Occupancy.
    pub occupancy: f64,
}

/// Recomputes, from the public models, what `agents` achieve. `None` when
/// the model cannot be built there (Erlang C at or beyond its stability
/// limit, Erlang A with no agents): no target is met.
pub fn achieved(
    traffic: &Traffic,
    model: Model,
    targets: &Targets,
    agents: f64,
) -> Option<Achieved> {
    match model {
        Model::ErlangC => {
            let m = ErlangC::with_fractional_agents(*traffic, agents).ok()?;
            Some(Achieved {
                service_level: targets.service_level().map(|(_, t)| m.service_level(t)),
                asa_secs: m.asa_secs(),
                prob_wait: m.prob_wait(),
                prob_abandon: 0.0,
                occupancy: m.occupancy(),
            })
        }
        Model::ErlangA { patience } => {
            let m = ErlangA::with_fractional_agents(*traffic, agents, patience).ok()?;
            Some(Achieved {
                service_level: targets
                    .service_level()
                    .map(|(_, t)| m.service_level(t, targets.convention())),
                asa_secs: m.asa_answered_secs(),
                prob_wait: m.prob_wait(),
                prob_abandon: m.prob_abandon(),
                occupancy: m.occupancy(),
            })
        }
        _ => None,
    }
}

/// Whether `a` meets every target set, each exactly (`slack = 0`) or up to a
/// relative slack.
pub fn meets(targets: &Targets, a: &Achieved, slack: f64) -> bool {
    // With slack, also allow the documented absolute accuracy of probabilities (1e-14).
    let absolute = if slack > 0.0 { 1e-14 } else { 0.0 };
    let within = |achieved: f64, limit: f64| achieved <= limit * (1.0 + slack) + absolute;
    if let (Some((goal, _)), Some(sl)) = (targets.service_level(), a.service_level)
        && !(sl >= goal || within(1.0 - sl, 1.0 - goal) && slack > 0.0)
    {
        return false;
    }
    let caps = [
        (targets.max_asa_secs(), a.asa_secs),
        (targets.max_prob_wait(), a.prob_wait),
        (targets.max_prob_abandon(), a.prob_abandon),
        (targets.max_occupancy(), a.occupancy),
    ];
    caps.iter()
        .all(|&(cap, achieved)| cap.is_none_or(|limit| within(achieved, limit)))
}

/// A set of staffing targets drawn by the fuzzer, built through the public
/// builders; each builder must accept exactly the values its docs allow.
#[derive(Debug, Clone, Copy)]
pub struct FuzzTargets(pub Targets);

impl<'a> Arbitrary<'a> for FuzzTargets {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut t = Targets::new();
        let set: u8 = u.arbitrary()?;
        if set & 1 != 0 {
            let (Fraction(goal), Dur(within)) = (u.arbitrary()?, u.arbitrary()?);
            let r = t.with_service_level(goal, within);
            assert_eq!(
                r.is_ok(),
                open_unit(goal),
                "with_service_level({goal}) = {r:?}"
            );
            if let Ok(next) = r {
                t = next;
            }
        }
        if set & 2 != 0 {
            let Dur(asa) = u.arbitrary()?;
            let r = t.with_max_asa(asa);
            assert_eq!(r.is_ok(), !asa.is_zero(), "with_max_asa({asa:?}) = {r:?}");
            if let Ok(next) = r {
                t = next;
            }
        }
        if set & 4 != 0 {
            let Fraction(p) = u.arbitrary()?;
            let r = t.with_max_prob_wait(p);
            assert_eq!(r.is_ok(), open_unit(p), "with_max_prob_wait({p}) = {r:?}");
            if let Ok(next) = r {
                t = next;
            }
        }
        if set & 8 != 0 {
            let Fraction(p) = u.arbitrary()?;
            let r = t.with_max_prob_abandon(p);
            assert_eq!(
                r.is_ok(),
                open_unit(p),
                "with_max_prob_abandon({p}) = {r:?}"
            );
            if let Ok(next) = r {
                t = next;
            }
        }
        if set & 16 != 0 {
            let Fraction(o) = u.arbitrary()?;
            let r = t.with_max_occupancy(o);
            assert_eq!(
                r.is_ok(),
                o > 0.0 && o <= 1.0,
                "with_max_occupancy({o}) = {r:?}"
            );
            if let Ok(next) = r {
                t = next;
            }
        }
        if set & 32 != 0 {
            t = t.with_convention(convention(u)?);
        }
        Ok(Self(t))
    }
}

/// A model drawn by the fuzzer: Erlang C, or Erlang A with any patience
/// (`None` for a zero patience, which `Model` itself does not reject but
/// the Erlang A constructor does).
pub fn model(u: &mut Unstructured<'_>) -> Result<Model> {
    if u.arbitrary()? {
        Ok(Model::ErlangC)
    } else {
        let Dur(patience) = u.arbitrary()?;
        Ok(Model::ErlangA { patience })
    }
}

/// Any decimal, from its raw parts (the whole range, every scale).
pub fn any_decimal(u: &mut Unstructured<'_>) -> Result<servops_cost::Decimal> {
    let (lo, mid, hi, neg, scale): (u32, u32, u32, bool, u8) = u.arbitrary()?;
    Ok(servops_cost::Decimal::from_parts(
        lo,
        mid,
        hi,
        neg,
        u32::from(scale) % 29,
    ))
}

/// Mostly a modest signed decimal (an `i32` mantissa, up to 4 places),
/// one time in ten [`any_decimal`].
pub fn moderate_decimal(u: &mut Unstructured<'_>) -> Result<servops_cost::Decimal> {
    if u.ratio(1, 10)? {
        return any_decimal(u);
    }
    let (m, s): (i32, u8) = u.arbitrary()?;
    Ok(servops_cost::Decimal::new(i64::from(m), u32::from(s) % 5))
}
