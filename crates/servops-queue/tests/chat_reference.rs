//! ChatModel against the 40-digit references of `gen/chat_reference.py`
//! (tests/data/chat_reference.csv: the balanced chain summed directly,
//! waits from the state-by-state sums and the closed-form wait density).
//!
//! Tolerances: probabilities and service levels within `PROB` absolute;
//! times, lengths and means within `REL` relative (plus `PROB` absolute
//! for values that are themselves tiny). The worst errors measured are
//! printed (`cargo test --test chat_reference -- --nocapture`).
#![allow(clippy::unwrap_used)] // test support code

use servops_queue::{ChatConcurrency, ChatModel, ServiceLevelConvention, Traffic};
use std::time::Duration;

// worst measured: 3.5e-14 absolute, 3.0e-13 relative
const PROB: f64 = 1e-13;
const REL: f64 = 2e-12;

const DATA: &str = include_str!("data/chat_reference.csv");

#[test]
fn agrees_with_birth_death_references() {
    let mut lines = DATA.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (mut worst_abs, mut worst_rel) = ((0.0_f64, String::new()), (0.0_f64, String::new()));
    let mut count = 0;
    for l in lines {
        let f: Vec<&str> = l.split(',').collect();
        let num = |name: &str| f[col(name)].parse::<f64>().unwrap();
        let agents: u32 = f[col("agents")].parse().unwrap();
        let handle: Vec<Duration> = f[col("handle_secs")]
            .split(';')
            .map(|h| Duration::from_secs_f64(h.parse().unwrap()))
            .collect();
        let patience = match f[col("patience_secs")] {
            "" => None,
            p => Some(Duration::from_secs_f64(p.parse().unwrap())),
        };
        let c = ChatConcurrency::new(&handle, patience).unwrap();
        let t = Traffic::from_load(num("load"), handle[0]).unwrap();
        let m = ChatModel::new(t, agents, c).unwrap();
        let within = Duration::from_secs_f64(num("threshold_secs"));
        let probs = [
            ("wait", m.prob_wait()),
            ("abandon", m.prob_abandon()),
            ("answered", m.prob_answered()),
            (
                "sl_offered",
                m.service_level(within, ServiceLevelConvention::AnsweredWithinOverOffered),
            ),
            (
                "sl_answered",
                m.service_level(within, ServiceLevelConvention::AnsweredWithinOverAnswered),
            ),
            (
                "sl_met",
                m.service_level(within, ServiceLevelConvention::AbandonsWithinCountAsMet),
            ),
            ("occupancy", m.occupancy()),
        ];
        for (name, got) in probs {
            let want = if name == "occupancy" {
                num("busy") / f64::from(agents)
            } else {
                num(name)
            };
            let err = (got - want).abs();
            let what = format!(
                "{name} N={agents} h={handle:?} p={patience:?} A={} t={within:?}: {got} vs {want}",
                num("load")
            );
            assert!(err <= PROB, "{what}");
            if err > worst_abs.0 {
                worst_abs = (err, what);
            }
        }
        let rels = [
            ("queue", m.mean_queue_length()),
            ("asa", m.asa_answered_secs()),
            ("mean_wait", m.mean_wait_secs()),
            ("in_service", m.mean_chats_in_service()),
            ("busy", m.occupancy() * f64::from(agents)),
        ];
        for (name, got) in rels {
            let want = num(name);
            let err = (got - want).abs();
            let rel = if want == 0.0 { err } else { err / want.abs() };
            let what = format!(
                "{name} N={agents} h={handle:?} p={patience:?} A={}: {got} vs {want}",
                num("load")
            );
            assert!(rel <= REL || err <= 1e-300, "{what} (rel {rel:e})");
            if rel > worst_rel.0 {
                worst_rel = (rel, what);
            }
        }
        count += 1;
    }
    assert!(count > 1000, "{count} rows");
    eprintln!(
        "{count} rows; worst absolute {:e} ({}); worst relative {:e} ({})",
        worst_abs.0, worst_abs.1, worst_rel.0, worst_rel.1
    );
}
