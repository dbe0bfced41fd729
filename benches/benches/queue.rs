//! Benchmarks of servops-queue, each group against a textbook baseline in
//! the same run (see `servops_benches` for the baselines), so ratios can be
//! read even on a noisy machine.
//!
//! - `erlang_c_80_20`: `agents_required` (Erlang C, 80 % within 20 s, AHT
//!   180 s) against the from-scratch scan and the incremental scan;
//! - `erlang_a_80_20`: `agents_required` with Erlang A (patience 180 s and
//!   600 s) against Erlang C at the same loads, and against the direct
//!   summation scan at small loads;
//! - `erlang_b`: `erlang_b(n, A)` against the O(N) recursion at `n = A`;
//! - `batch_week`: `solve_series` over the shipped sample week (672
//!   intervals of 15 minutes) against per-interval `agents_required` and the
//!   per-interval textbook scan, for the real week and for the week with
//!   every volume multiplied by 100;
//! - `finite_lines`: `FiniteLines` (N = A + sqrt(A) agents, K = N + 2
//!   sqrt(N) lines, patience 180 s) built and asked for blocking, P(wait),
//!   P(abandon) and the 20 s service level, against `ErlangA` at the same
//!   load and agents (the same questions less blocking) and against the
//!   textbook O(K) birth-death sum (log-scaled, with the negative-binomial
//!   CDF of each waiting state's answer time);
//! - `finite_lines_solvers`: `agents_required` with `Model::FiniteLines`
//!   (80/20 and at most 1 % blocked) against Erlang A's `agents_required`
//!   (80/20), and `lines_for_blocking` (0.1 %, as many agents as
//!   erlangs).
//!
//! Run with `cargo bench -p servops-benches`; `cargo test --benches` runs
//! each benchmark once as a smoke test.

// Benchmark harness: a setup failure should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use servops_benches::{
    SAMPLE_WEEK_CSV, incremental_erlang_c_agents, sample_week, textbook_erlang_a_agents,
    textbook_erlang_b, textbook_erlang_c_agents,
};
use servops_queue::{
    ErlangA, FiniteLines, Model, ServiceLevelConvention, Targets, Traffic, agents_required,
    erlang_b, lines_for_blocking, solve_series,
};

const AHT_SECS: f64 = 180.0;
const GOAL: f64 = 0.8;
const WITHIN_SECS: f64 = 20.0;

/// The loads of the single-interval groups, in erlangs.
const LOADS: [f64; 5] = [10.0, 100.0, 1e3, 1e4, 1e5];

// The from-scratch Erlang C scan is measured at every load, 1e5 included:
// at 80/20 with a 180 s AHT the answer is only ~14 agents above the load
// (100,014 at A = 1e5), so the scan recomputes a 1e5-step recursion 14 times,
// about 8 ms per solve, well under the 0.5 s per iteration that would
// justify skipping it.

/// Above this load the Erlang A direct-summation scan is skipped: it is
/// O(A (A + y)) with `y = A patience / AHT`, about 45 ms per solve at
/// `A = 1e3` with 600 s patience but 2.4 s at `A = 1e4`.
const TEXTBOOK_A_MAX_LOAD: f64 = 1e3;

fn goal() -> Targets {
    Targets::service_level_within(GOAL, Duration::from_secs_f64(WITHIN_SECS)).unwrap()
}

fn traffic(load: f64) -> Traffic {
    Traffic::from_load(load, Duration::from_secs_f64(AHT_SECS)).unwrap()
}

fn label(load: f64) -> String {
    format!("{load:e}")
}

/// Modest measurement times, so the whole bench runs in a few minutes.
fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

fn erlang_c_80_20(c: &mut Criterion) {
    let targets = goal();
    let mut group = c.benchmark_group("erlang_c_80_20");
    // Flat sampling: the slow baselines take up to tens of milliseconds per
    // iteration, and linear sampling would multiply that by 210.
    group.sampling_mode(SamplingMode::Flat);
    for load in LOADS {
        let t = traffic(load);
        group.bench_with_input(BenchmarkId::new("servops", label(load)), &t, |b, t| {
            b.iter(|| {
                agents_required(black_box(t), Model::ErlangC, &targets)
                    .unwrap()
                    .agents
            });
        });
        group.bench_with_input(
            BenchmarkId::new("incremental", label(load)),
            &load,
            |b, &load| {
                b.iter(|| {
                    incremental_erlang_c_agents(black_box(load), AHT_SECS, GOAL, WITHIN_SECS)
                });
            },
        );
        group.bench_with_input(
            BenchmarkId::new("textbook", label(load)),
            &load,
            |b, &load| {
                b.iter(|| textbook_erlang_c_agents(black_box(load), AHT_SECS, GOAL, WITHIN_SECS));
            },
        );
    }
    group.finish();
}

fn erlang_a_80_20(c: &mut Criterion) {
    let targets = goal();
    let mut group = c.benchmark_group("erlang_a_80_20");
    group.sampling_mode(SamplingMode::Flat);
    for load in LOADS {
        let t = traffic(load);
        group.bench_with_input(
            BenchmarkId::new("servops_erlang_c", label(load)),
            &t,
            |b, t| {
                b.iter(|| {
                    agents_required(black_box(t), Model::ErlangC, &targets)
                        .unwrap()
                        .agents
                });
            },
        );
        for patience_secs in [180u64, 600] {
            let model = Model::ErlangA {
                patience: Duration::from_secs(patience_secs),
            };
            let name = format!("servops_erlang_a_patience_{patience_secs}");
            group.bench_with_input(BenchmarkId::new(name, label(load)), &t, |b, t| {
                b.iter(|| {
                    agents_required(black_box(t), model, &targets)
                        .unwrap()
                        .agents
                });
            });
            if load <= TEXTBOOK_A_MAX_LOAD {
                let name = format!("textbook_erlang_a_patience_{patience_secs}");
                let patience = patience_secs as f64;
                group.bench_with_input(BenchmarkId::new(name, label(load)), &load, |b, &load| {
                    b.iter(|| {
                        textbook_erlang_a_agents(
                            black_box(load),
                            AHT_SECS,
                            patience,
                            GOAL,
                            WITHIN_SECS,
                        )
                    });
                });
            }
        }
    }
    group.finish();
}

fn erlang_b_group(c: &mut Criterion) {
    let mut group = c.benchmark_group("erlang_b");
    for load in LOADS {
        let n = load as u32;
        group.bench_with_input(
            BenchmarkId::new("servops", label(load)),
            &(n, load),
            |b, &(n, load)| {
                b.iter(|| erlang_b(black_box(n), black_box(load)).unwrap());
            },
        );
        group.bench_with_input(
            BenchmarkId::new("textbook", label(load)),
            &(n, load),
            |b, &(n, load)| {
                b.iter(|| textbook_erlang_b(black_box(n), black_box(load)));
            },
        );
    }
    group.finish();
}

fn batch_week(c: &mut Criterion) {
    let targets = goal();
    let mut group = c.benchmark_group("batch_week");
    group.sampling_mode(SamplingMode::Flat);
    for (name, scale) in [("real", 1.0), ("x100", 100.0)] {
        let week = sample_week(SAMPLE_WEEK_CSV, scale).unwrap();
        let step = week.grid().step();
        let traffic: Vec<Traffic> = week
            .values()
            .iter()
            .map(|w| w.traffic(step).unwrap())
            .collect();
        group.bench_with_input(
            BenchmarkId::new("servops_solve_series", name),
            &week,
            |b, week| {
                b.iter(|| solve_series(black_box(week), Model::ErlangC, &targets).unwrap());
            },
        );
        group.bench_with_input(
            BenchmarkId::new("servops_agents_required_each", name),
            &traffic,
            |b, traffic| {
                b.iter(|| {
                    traffic
                        .iter()
                        .map(|t| {
                            agents_required(black_box(t), Model::ErlangC, &targets)
                                .unwrap()
                                .agents
                        })
                        .sum::<u32>()
                });
            },
        );
        group.bench_with_input(
            BenchmarkId::new("textbook_each", name),
            &traffic,
            |b, traffic| {
                b.iter(|| {
                    traffic
                        .iter()
                        .map(|t| {
                            textbook_erlang_c_agents(
                                black_box(t.load()),
                                t.aht_secs(),
                                GOAL,
                                WITHIN_SECS,
                            )
                        })
                        .sum::<u32>()
                });
            },
        );
    }
    group.finish();
}

/// Patience of the finite-lines groups, seconds.
const FINITE_PATIENCE_SECS: f64 = 180.0;

/// Agents and lines of the finite-lines groups at `load`.
fn finite_size(load: f64) -> (u32, u32) {
    let n = (load + load.sqrt()).round() as u32;
    (n, n + (2.0 * f64::from(n).sqrt()).round() as u32)
}

/// The textbook M/M/N/K+M evaluation: the birth-death chain state by state
/// (in logarithms, normalised at the end), and the service level as the
/// sum over waiting states of P(answered within t | m ahead) =
/// x / (x+m+1) (1 - I_u(x+1, m+1)), the incomplete beta taken as the
/// negative-binomial CDF accumulated over m. Returns (blocked, P(wait),
/// P(abandon), SL over offered).
fn textbook_finite_lines(
    load: f64,
    n: u32,
    k: u32,
    aht: f64,
    patience: f64,
    t: f64,
) -> (f64, f64, f64, f64) {
    let (mu, theta) = (1.0 / aht, 1.0 / patience);
    let lambda = load * mu;
    let mut ln_p = Vec::with_capacity(k as usize + 1);
    ln_p.push(0.0);
    for j in 1..=k {
        let rate = f64::from(j.min(n)) * mu + f64::from(j.saturating_sub(n)) * theta;
        let prev = ln_p[j as usize - 1];
        ln_p.push(prev + (lambda / rate).ln());
    }
    let top = ln_p.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let p: Vec<f64> = ln_p.iter().map(|l| (l - top).exp()).collect();
    let total: f64 = p.iter().sum();
    let (n, k) = (n as usize, k as usize);
    let no_wait: f64 = p[..n].iter().sum::<f64>() / total;
    let waiting = &p[n..k];
    let wait: f64 = waiting.iter().sum::<f64>() / total;
    let queue: f64 = waiting
        .iter()
        .chain(std::iter::once(&p[k]))
        .enumerate()
        .map(|(m, q)| m as f64 * q)
        .sum::<f64>()
        / total;
    let x = n as f64 * mu / theta;
    let u = (-theta * t).exp();
    // NB(i; x + 1, u) pmf, from i = 0, in logarithms
    let mut ln_pmf = (x + 1.0) * u.ln();
    let mut cdf = 0.0;
    let mut within = 0.0;
    for (m, q) in waiting.iter().enumerate() {
        let m = m as f64;
        cdf += ln_pmf.exp();
        within += q * x / (x + m + 1.0) * (1.0 - cdf.min(1.0));
        ln_pmf += ((x + 1.0 + m) / (m + 1.0) * (1.0 - u)).ln();
    }
    (
        p[k] / total,
        wait,
        theta * queue / lambda,
        no_wait + within / total,
    )
}

fn finite_lines_group(c: &mut Criterion) {
    let mut group = c.benchmark_group("finite_lines");
    group.sampling_mode(SamplingMode::Flat);
    let patience = Duration::from_secs_f64(FINITE_PATIENCE_SECS);
    let within = Duration::from_secs_f64(WITHIN_SECS);
    let offered = ServiceLevelConvention::AnsweredWithinOverOffered;
    for load in LOADS {
        let t = traffic(load);
        let (n, k) = finite_size(load);
        group.bench_with_input(BenchmarkId::new("servops", label(load)), &t, |b, t| {
            b.iter(|| {
                let m = FiniteLines::new(*black_box(t), n, k, Some(patience)).unwrap();
                (
                    m.prob_blocked(),
                    m.prob_wait(),
                    m.prob_abandon(),
                    m.service_level(within, offered),
                )
            });
        });
        group.bench_with_input(
            BenchmarkId::new("servops_erlang_a", label(load)),
            &t,
            |b, t| {
                b.iter(|| {
                    let m = ErlangA::new(*black_box(t), n, patience).unwrap();
                    (
                        m.prob_wait(),
                        m.prob_abandon(),
                        m.service_level(within, offered),
                    )
                });
            },
        );
        group.bench_with_input(
            BenchmarkId::new("textbook_birth_death", label(load)),
            &load,
            |b, &load| {
                b.iter(|| {
                    textbook_finite_lines(
                        black_box(load),
                        n,
                        k,
                        AHT_SECS,
                        FINITE_PATIENCE_SECS,
                        WITHIN_SECS,
                    )
                });
            },
        );
    }
    group.finish();
}

fn finite_lines_solvers(c: &mut Criterion) {
    let mut group = c.benchmark_group("finite_lines_solvers");
    group.sampling_mode(SamplingMode::Flat);
    let patience = Duration::from_secs_f64(FINITE_PATIENCE_SECS);
    let with_blocking = goal().with_max_prob_blocked(0.01).unwrap();
    for load in LOADS {
        let t = traffic(load);
        let (_, k) = finite_size(load);
        // lines enough for the 1 % blocking target at the 80/20 staffing
        let lines = k + (2.0 * load.sqrt()) as u32;
        let model = Model::FiniteLines {
            lines,
            patience: Some(patience),
        };
        group.bench_with_input(
            BenchmarkId::new("servops_agents_finite_lines", label(load)),
            &t,
            |b, t| {
                b.iter(|| {
                    agents_required(black_box(t), model, &with_blocking)
                        .unwrap()
                        .agents
                });
            },
        );
        group.bench_with_input(
            BenchmarkId::new("servops_agents_erlang_a", label(load)),
            &t,
            |b, t| {
                b.iter(|| {
                    agents_required(black_box(t), Model::ErlangA { patience }, &goal())
                        .unwrap()
                        .agents
                });
            },
        );
        // as many agents as erlangs: Erlang B blocks 0.8 % to 25 %, so the
        // 0.1 % target needs waiting positions at every load
        let n = load as u32;
        group.bench_with_input(
            BenchmarkId::new("servops_lines_for_blocking", label(load)),
            &t,
            |b, t| {
                b.iter(|| lines_for_blocking(black_box(t), n, Some(patience), 0.001).unwrap());
            },
        );
    }
    group.finish();
}

criterion_group! {
    name = queue;
    config = config();
    targets = erlang_c_80_20, erlang_a_80_20, erlang_b_group, batch_week, finite_lines_group,
        finite_lines_solvers
}
criterion_main!(queue);
