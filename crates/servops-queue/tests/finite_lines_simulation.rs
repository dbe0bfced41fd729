//! FiniteLines against a discrete-event simulation of the contact centre
//! it models, written here from the description of the system alone (no
//! queueing formula): Poisson arrivals, exponential handle times and
//! patience, FCFS, `N` agents, `K` lines; an arrival that finds `K`
//! contacts in the system (in service or waiting) is blocked.
//!
//! The sample path is built contact by contact (the Kiefer-Wolfowitz
//! recursion of `gen/simulate.py`, with a line count): the agents'
//! next-free times give the wait `V` an arrival would face; it is answered
//! if its patience exceeds `V`, and then holds an agent and a line until
//! `t + V + S`, else it holds a line until `t + tau`. The contacts present
//! at an arrival are those accepted earlier whose departure lies ahead.
//!
//! Each point runs 20 independent streams (fixed seeds, 20,000 contacts of
//! warm-up, 100,000 recorded); each measure is the mean of the 20 stream
//! ratios, and the crate's value must lie within 4 standard errors of it
//! (the worst ratio is printed; `--nocapture`).
#![allow(clippy::unwrap_used)] // test support code

use servops_queue::{FiniteLines, ServiceLevelConvention as Convention, Traffic};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::Duration;

const STREAMS: u64 = 20;
const WARM: usize = 20_000;
const RECORDED: usize = 100_000;
const THRESHOLD: f64 = 20.0;
const AHT: f64 = 180.0;

/// SplitMix64: a small, well-tested generator, fixed seeds.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        // uniform in (0, 1]
        ((z >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    }

    fn exp(&mut self, mean: f64) -> f64 {
        -mean * self.next().ln()
    }
}

/// A measure as numerator and denominator of a stream's sums.
type Ratio = fn(&Tally) -> (f64, f64);

/// Sums over recorded contacts of one stream.
#[derive(Default)]
struct Tally {
    offered: f64,
    blocked: f64,
    waited: f64,
    answered: f64,
    abandoned: f64,
    answered_within: f64,
    abandoned_within: f64,
    answered_wait: f64,
    accepted_wait: f64,
}

fn simulate(n: usize, k: usize, load: f64, patience: Option<f64>, seed: u64) -> Tally {
    let mut rng = Rng(seed);
    let rate = load / AHT;
    let mut free = vec![0.0_f64; n];
    // departure times of contacts holding a line (positive f64 bits order as the values)
    let mut lines: BinaryHeap<Reverse<u64>> = BinaryHeap::new();
    let mut t = 0.0;
    let mut tally = Tally::default();
    for i in 0..WARM + RECORDED {
        t += rng.exp(1.0 / rate);
        let service = rng.exp(AHT);
        let tau = patience.map_or(f64::INFINITY, |p| rng.exp(p));
        while lines.peek().is_some_and(|d| f64::from_bits(d.0) <= t) {
            lines.pop();
        }
        let record = i >= WARM;
        if record {
            tally.offered += 1.0;
        }
        if lines.len() >= k {
            if record {
                tally.blocked += 1.0;
            }
            continue;
        }
        let (j, earliest) =
            free.iter().enumerate().fold(
                (0, f64::INFINITY),
                |b, (j, &f)| if f < b.1 { (j, f) } else { b },
            );
        let v = (earliest - t).max(0.0);
        let departure = if tau > v {
            free[j] = t + v + service;
            if record {
                tally.answered += 1.0;
                tally.answered_wait += v;
                tally.accepted_wait += v;
                if v <= THRESHOLD {
                    tally.answered_within += 1.0;
                }
            }
            t + v + service
        } else {
            if record {
                tally.abandoned += 1.0;
                tally.accepted_wait += tau;
                if tau <= THRESHOLD {
                    tally.abandoned_within += 1.0;
                }
            }
            t + tau
        };
        if record && v > 0.0 {
            tally.waited += 1.0;
        }
        lines.push(Reverse(departure.to_bits()));
    }
    tally
}

#[test]
fn finite_lines_match_the_simulation() {
    // (agents, lines, load, patience)
    let points: [(u32, u32, f64, Option<f64>); 8] = [
        (1, 3, 0.8, None),
        (3, 3, 2.0, None),
        (10, 12, 9.0, None),
        (10, 30, 12.0, Some(60.0)),
        (5, 8, 6.0, Some(60.0)),
        (20, 25, 22.0, Some(120.0)),
        (50, 55, 48.0, Some(300.0)),
        (2, 6, 3.0, Some(20.0)),
    ];
    let mut worst = (0.0, String::new());
    let mut failures = Vec::new();
    for (point, &(n, k, load, patience)) in points.iter().enumerate() {
        let tallies: Vec<Tally> = (0..STREAMS)
            .map(|s| {
                simulate(
                    n as usize,
                    k as usize,
                    load,
                    patience,
                    1000 * point as u64 + s,
                )
            })
            .collect();
        let traffic = Traffic::from_load(load, Duration::from_secs_f64(AHT)).unwrap();
        let m = FiniteLines::new(traffic, n, k, patience.map(Duration::from_secs_f64)).unwrap();
        let within = Duration::from_secs_f64(THRESHOLD);
        let measures: [(&str, f64, Ratio); 8] = [
            ("blocked", m.prob_blocked(), |t| (t.blocked, t.offered)),
            ("wait", m.prob_wait(), |t| (t.waited, t.offered)),
            ("abandon", m.prob_abandon(), |t| (t.abandoned, t.offered)),
            (
                "sl over offered",
                m.service_level(within, Convention::AnsweredWithinOverOffered),
                |t| (t.answered_within, t.offered),
            ),
            (
                "sl over answered",
                m.service_level(within, Convention::AnsweredWithinOverAnswered),
                |t| (t.answered_within, t.answered),
            ),
            (
                "sl abandons met",
                m.service_level(within, Convention::AbandonsWithinCountAsMet),
                |t| (t.answered_within + t.abandoned_within, t.offered),
            ),
            ("asa answered", m.asa_answered_secs(), |t| {
                (t.answered_wait, t.answered)
            }),
            ("mean wait accepted", m.mean_wait_secs(), |t| {
                (t.accepted_wait, t.answered + t.abandoned)
            }),
        ];
        for (name, model, ratio) in measures {
            let values: Vec<f64> = tallies
                .iter()
                .map(|t| {
                    let (num, den) = ratio(t);
                    num / den
                })
                .collect();
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>()
                / (values.len() as f64 - 1.0);
            let se = (var / values.len() as f64).sqrt();
            // a measure never seen (blocking near 1e-7 with 30 lines): its
            // resolution is one event in all recorded contacts
            let resolution = 1.0 / (STREAMS as f64 * RECORDED as f64);
            let z = (model - mean).abs() / se.max(resolution);
            let case = format!("N={n} K={k} A={load} patience={patience:?} {name}");
            if z > worst.0 {
                worst = (z, case.clone());
            }
            if z > 4.0 {
                failures.push(format!(
                    "{case}: model {model:.6}, simulation {mean:.6} +- {se:.6} ({z:.1} se)"
                ));
            }
        }
    }
    eprintln!(
        "finite lines simulation: worst {:.2} standard errors at {}",
        worst.0, worst.1
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
