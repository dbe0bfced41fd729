//! Benchmarks of the live-chat model of servops-queue, each against a
//! baseline in the same run:
//!
//! - `chat_model`: `ChatModel` (up to 3 chats, handle times 300, 400 and
//!   540 s, patience 180 s; `N` agents filling 90 % of the slots'
//!   capacity `N m h_1 / h_m`) built and asked for P(wait), P(abandon), the
//!   20 s service level and the occupancy, against `ErlangA` with `N m`
//!   servers of AHT `h_m` at the same arrival rate (the same queue, whose
//!   finite part is Erlang B's closed form instead of the chat chain's
//!   state-by-state sum);
//! - `chat_solvers`: `agents_required` with `Model::Chat` (80 % within
//!   20 s) against `agents_required` with Erlang A on the same traffic;
//! - `chat_scan`: `agents_required` with `Model::Chat` where the patience
//!   (100 s) is below `h_m` (600 s; handle times 300, 420, 600 s, 514
//!   single-chat erlangs), so that no target is proved monotone and the
//!   solver checks team sizes one by one: an occupancy cap of 0.1 and of
//!   0.001 (teams of about 5,000 and 500,000 agents, the second a fuzzed
//!   input that ran for minutes before the occupancy skip), and a
//!   realistic occupancy cap of 0.85 with P(wait) at most 0.2, each
//!   against `agents_required` with Erlang A (patience 100 s) on the same
//!   traffic and targets.
//!
//! Run with `cargo bench -p servops-benches --bench chat`.

// Benchmark harness: a setup failure should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use servops_queue::{
    ChatConcurrency, ChatModel, ErlangA, Model, ServiceLevelConvention, Targets, Traffic,
    agents_required,
};

const H: [u64; 3] = [300, 400, 540];
const PATIENCE_SECS: u64 = 180;
const WITHIN_SECS: u64 = 20;

/// Single-chat loads (`lambda h_1`, erlangs).
const LOADS: [f64; 4] = [10.0, 100.0, 1e3, 1e4];

fn concurrency() -> ChatConcurrency {
    let h: Vec<Duration> = H.iter().map(|&s| Duration::from_secs(s)).collect();
    ChatConcurrency::new(&h, Some(Duration::from_secs(PATIENCE_SECS))).unwrap()
}

fn label(load: f64) -> String {
    format!("{load:e}")
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

fn chat_model(c: &mut Criterion) {
    let mut group = c.benchmark_group("chat_model");
    group.sampling_mode(SamplingMode::Flat);
    let conc = concurrency();
    let patience = Duration::from_secs(PATIENCE_SECS);
    let within = Duration::from_secs(WITHIN_SECS);
    let offered = ServiceLevelConvention::AnsweredWithinOverOffered;
    let (h1, hm) = (H[0] as f64, H[2] as f64);
    for load in LOADS {
        let t = conc.traffic_from_load(load).unwrap();
        // 90 % of the slots' capacity
        let n = (load * hm / h1 / 3.0 / 0.9).ceil() as u32;
        group.bench_with_input(BenchmarkId::new("servops_chat", label(load)), &t, |b, t| {
            b.iter(|| {
                let m = ChatModel::new(*black_box(t), n, conc).unwrap();
                (
                    m.prob_wait(),
                    m.prob_abandon(),
                    m.service_level(within, offered),
                    m.occupancy(),
                )
            });
        });
        let queue = Traffic::from_load(load * hm / h1, Duration::from_secs(H[2])).unwrap();
        group.bench_with_input(
            BenchmarkId::new("servops_erlang_a_n_m_servers", label(load)),
            &queue,
            |b, t| {
                b.iter(|| {
                    let m = ErlangA::new(*black_box(t), 3 * n, patience).unwrap();
                    (
                        m.prob_wait(),
                        m.prob_abandon(),
                        m.service_level(within, offered),
                        m.occupancy(),
                    )
                });
            },
        );
    }
    group.finish();
}

fn chat_solvers(c: &mut Criterion) {
    let mut group = c.benchmark_group("chat_solvers");
    group.sampling_mode(SamplingMode::Flat);
    let conc = concurrency();
    let goal = Targets::service_level_within(0.8, Duration::from_secs(WITHIN_SECS)).unwrap();
    let patience = Duration::from_secs(PATIENCE_SECS);
    for load in LOADS {
        let t = conc.traffic_from_load(load).unwrap();
        group.bench_with_input(
            BenchmarkId::new("servops_agents_chat", label(load)),
            &t,
            |b, t| {
                b.iter(|| {
                    agents_required(black_box(t), Model::Chat { concurrency: conc }, &goal)
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
                    agents_required(black_box(t), Model::ErlangA { patience }, &goal)
                        .unwrap()
                        .agents
                });
            },
        );
    }
    group.finish();
}

/// Handle times and patience of `chat_scan`: the fuzzed input's profile.
const SCAN_H: [u64; 3] = [300, 420, 600];
const SCAN_PATIENCE_SECS: u64 = 100;
const SCAN_LOAD: f64 = 514.0;

fn chat_scan(c: &mut Criterion) {
    let mut group = c.benchmark_group("chat_scan");
    group.sampling_mode(SamplingMode::Flat);
    let h: Vec<Duration> = SCAN_H.iter().map(|&s| Duration::from_secs(s)).collect();
    let patience = Duration::from_secs(SCAN_PATIENCE_SECS);
    let conc = ChatConcurrency::new(&h, Some(patience)).unwrap();
    let t = conc.traffic_from_load(SCAN_LOAD).unwrap();
    let cases = [
        (
            "occupancy_0.1",
            Targets::new().with_max_occupancy(0.1).unwrap(),
        ),
        (
            "occupancy_0.001",
            Targets::new().with_max_occupancy(0.001).unwrap(),
        ),
        (
            "occupancy_0.85_wait_0.2",
            Targets::new()
                .with_max_occupancy(0.85)
                .unwrap()
                .with_max_prob_wait(0.2)
                .unwrap(),
        ),
    ];
    for (name, goal) in cases {
        group.bench_with_input(BenchmarkId::new("servops_agents_chat", name), &t, |b, t| {
            b.iter(|| {
                agents_required(black_box(t), Model::Chat { concurrency: conc }, &goal)
                    .unwrap()
                    .agents
            });
        });
        group.bench_with_input(
            BenchmarkId::new("servops_agents_erlang_a", name),
            &t,
            |b, t| {
                b.iter(|| {
                    agents_required(black_box(t), Model::ErlangA { patience }, &goal)
                        .unwrap()
                        .agents
                });
            },
        );
    }
    group.finish();
}

criterion_group! {
    name = chat;
    config = config();
    targets = chat_model, chat_solvers, chat_scan
}
criterion_main!(chat);
