//! Temporary timing probe.
use servops_queue::*;
use std::time::{Duration, Instant};
fn main() {
    for load in [10.0, 100.0, 1e4, 1e5] {
        let t = Traffic::from_load(load, Duration::from_secs(180)).unwrap();
        let n = (load * 0.95) as u32 + 1;
        let reps = 20000;
        let start = Instant::now();
        let mut s = 0.0;
        for _ in 0..reps { s += ErlangA::new(t, n, Duration::from_secs(180)).unwrap().prob_wait(); }
        let build = start.elapsed().as_secs_f64() / reps as f64;
        let m = ErlangA::new(t, n, Duration::from_secs(180)).unwrap();
        let start = Instant::now();
        for _ in 0..reps { s += m.asa_answered_secs(); }
        let asa = start.elapsed().as_secs_f64() / reps as f64;
        let start = Instant::now();
        for _ in 0..reps { s += m.service_level(Duration::from_secs(20), ServiceLevelConvention::AnsweredWithinOverOffered); }
        let sl = start.elapsed().as_secs_f64() / reps as f64;
        let start = Instant::now();
        for _ in 0..reps { s += ErlangC::new(t, load as u32 + 10).unwrap().prob_wait(); }
        let c = start.elapsed().as_secs_f64() / reps as f64;
        println!("{load:>8} build {:.2}us asa {:.2}us sl {:.2}us erlangC {:.2}us {s}", build*1e6, asa*1e6, sl*1e6, c*1e6);
    }
}
