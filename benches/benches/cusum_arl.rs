//! The exact CUSUM average run length against Siegmund's closed form, in
//! the same run.
//!
//! - `cusum_arl_exact`: `CusumDesign::arl` (two sides, the Nyström solve of
//!   the integral equation for each side) and `one_sided_arl`, for
//!   `k = 0.5` and `h` = 4, 5, 10 and 50, in control and at 1σ, and with
//!   the head start `h/2`.
//! - `cusum_arl_siegmund`: `CusumDesign::siegmund_arl` for the same
//!   designs: the approximation the exact values replaced.
//!
//! Run with `cargo bench -p servops-benches --bench cusum_arl`; `cargo test
//! --benches` runs each benchmark once as a smoke test.

// Benchmark harness: a setup failure should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use servops_kpi::spc::CusumDesign;

fn bench_cusum_arl(c: &mut Criterion) {
    for h in [4.0, 5.0, 10.0, 50.0] {
        let d = CusumDesign::new(0.5, h).unwrap();
        let fir = d.with_fast_initial_response();
        let mut g = c.benchmark_group(format!("cusum_arl_h{h}"));
        g.bench_function("exact_two_sided", |b| {
            b.iter(|| d.arl(black_box(0.0)).unwrap() + d.arl(black_box(1.0)).unwrap())
        });
        g.bench_function("exact_two_sided_head_start", |b| {
            b.iter(|| fir.arl(black_box(0.0)).unwrap() + fir.arl(black_box(1.0)).unwrap())
        });
        g.bench_function("exact_one_sided", |b| {
            b.iter(|| {
                d.one_sided_arl(black_box(0.0)).unwrap() + d.one_sided_arl(black_box(1.0)).unwrap()
            })
        });
        g.bench_function("siegmund_two_sided", |b| {
            b.iter(|| {
                d.siegmund_arl(black_box(0.0)).unwrap() + d.siegmund_arl(black_box(1.0)).unwrap()
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench_cusum_arl);
criterion_main!(benches);
