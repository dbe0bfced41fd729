//! Temporary timing probe.
use servops_queue::*;
use std::time::{Duration, Instant};
fn main() {
    let goal = Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap();
    for load in [10.0, 100.0, 1e3, 1e4, 1e5] {
        let t = Traffic::from_load(load, Duration::from_secs(180)).unwrap();
        let mut line = format!("{load:>8}");
        for model in [Model::ErlangC, Model::ErlangA { patience: Duration::from_secs(180) }, Model::ErlangA { patience: Duration::from_secs(600) }] {
            let reps = 5000;
            let start = Instant::now();
            let mut n = 0;
            for _ in 0..reps { n = agents_required(&t, model, &goal).unwrap().agents; }
            let el = start.elapsed().as_secs_f64() / reps as f64;
            line += &format!("  {n:>7} {:>6.2}us", el * 1e6);
        }
        println!("{line}");
    }
}
