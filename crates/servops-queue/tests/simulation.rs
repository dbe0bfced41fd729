//! The models against an independent discrete-event simulation.
//!
//! `tests/data/simulation_reference.csv` holds, for 25 parameter points of
//! Erlang A (M/M/N+M), Erlang C (M/M/N) and Erlang B (M/M/N/N), the mean of
//! each measure over a long FCFS simulation and its 99.9 % confidence
//! half-width (batch means over independent streams), written by
//! `gen/simulate.py` (numpy only: no crate code, no queueing formula; its
//! header records the seeds, run lengths and runtime). Unlike the mpmath
//! references, which re-implement the same formulas, the simulation checks
//! the modelling conventions themselves: what "service level", "ASA" and
//! "abandonment" mean for a contact.
//!
//! Every crate value, from the model types and from [`metrics_at`], must lie
//! within the simulation's half-width of its mean. The test only reads the
//! CSV.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test support code

use servops_queue::{
    ErlangA, ErlangC, Metrics, Model, ServiceLevelConvention, Targets, Traffic, erlang_b,
    metrics_at,
};
use std::collections::BTreeMap;
use std::time::Duration;

const CSV: &str = include_str!("data/simulation_reference.csv");

/// One row of the reference: a measure at one point.
struct Row {
    id: String,
    model: String,
    agents: u32,
    load: f64,
    aht: Duration,
    patience: Option<Duration>,
    measure: String,
    threshold: Option<Duration>,
    mean: f64,
    half_width: f64,
}

fn secs(field: &str) -> Duration {
    Duration::from_secs_f64(field.parse::<f64>().unwrap())
}

fn rows() -> Vec<Row> {
    let mut lines = CSV
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let header = lines.next().unwrap();
    assert_eq!(
        header,
        "id,model,agents,load,aht_s,patience_s,measure,threshold_s,mean,half_width"
    );
    lines
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            assert_eq!(f.len(), 10, "{line}");
            Row {
                id: f[0].to_string(),
                model: f[1].to_string(),
                agents: f[2].parse().unwrap(),
                load: f[3].parse().unwrap(),
                aht: secs(f[4]),
                patience: (!f[5].is_empty()).then(|| secs(f[5])),
                measure: f[6].to_string(),
                threshold: (!f[7].is_empty()).then(|| secs(f[7])),
                mean: f[8].parse().unwrap(),
                half_width: f[9].parse().unwrap(),
            }
        })
        .collect()
}

const CONVENTIONS: [(&str, ServiceLevelConvention); 3] = [
    (
        "sl_offered",
        ServiceLevelConvention::AnsweredWithinOverOffered,
    ),
    (
        "sl_answered",
        ServiceLevelConvention::AnsweredWithinOverAnswered,
    ),
    ("sl_met", ServiceLevelConvention::AbandonsWithinCountAsMet),
];

/// The solvers' metrics at the row's point, with a service-level target at
/// the row's threshold and convention when it has one.
fn metrics(
    traffic: &Traffic,
    model: Model,
    row: &Row,
    convention: ServiceLevelConvention,
) -> Metrics {
    let targets = match row.threshold {
        Some(t) => Targets::service_level_within(0.5, t)
            .unwrap()
            .with_convention(convention),
        None => Targets::new().with_max_occupancy(1.0).unwrap(),
    };
    metrics_at(traffic, model, f64::from(row.agents), &targets).unwrap()
}

/// The crate's values for a row: `(source, value)` pairs.
fn crate_values(row: &Row) -> Vec<(&'static str, f64)> {
    let traffic = Traffic::from_load(row.load, row.aht).unwrap();
    match row.model.as_str() {
        "A" => {
            let patience = row.patience.unwrap();
            let m = ErlangA::new(traffic, row.agents, patience).unwrap();
            let model = Model::ErlangA { patience };
            let convention = CONVENTIONS
                .iter()
                .find(|(name, _)| *name == row.measure)
                .map_or(ServiceLevelConvention::default(), |c| c.1);
            let at = metrics(&traffic, model, row, convention);
            match row.measure.as_str() {
                "prob_wait" => vec![
                    ("ErlangA::prob_wait", m.prob_wait()),
                    ("Metrics::prob_wait", at.prob_wait),
                ],
                "prob_abandon" => vec![
                    ("ErlangA::prob_abandon", m.prob_abandon()),
                    ("Metrics::prob_abandon", at.prob_abandon),
                ],
                "prob_answered" => vec![("ErlangA::prob_answered", m.prob_answered())],
                "prob_abandon_given_wait" => vec![(
                    "ErlangA::prob_abandon_given_wait",
                    m.prob_abandon_given_wait(),
                )],
                "mean_wait" => vec![
                    ("ErlangA::mean_wait_secs", m.mean_wait_secs()),
                    ("Metrics::mean_wait_secs", at.mean_wait_secs),
                ],
                "asa_answered" => vec![
                    ("ErlangA::asa_answered_secs", m.asa_answered_secs()),
                    ("Metrics::asa_secs", at.asa_secs),
                ],
                "mean_queue_length" => vec![
                    ("ErlangA::mean_queue_length", m.mean_queue_length()),
                    ("Metrics::mean_queue_length", at.mean_queue_length),
                ],
                "occupancy" => vec![
                    ("ErlangA::occupancy", m.occupancy()),
                    ("Metrics::occupancy", at.occupancy),
                ],
                "sl_offered" | "sl_answered" | "sl_met" => vec![
                    (
                        "ErlangA::service_level",
                        m.service_level(row.threshold.unwrap(), convention),
                    ),
                    ("Metrics::service_level", at.service_level.unwrap()),
                ],
                other => panic!("unknown Erlang A measure {other}"),
            }
        }
        "C" => {
            let m = ErlangC::new(traffic, row.agents).unwrap();
            let at = metrics(
                &traffic,
                Model::ErlangC,
                row,
                ServiceLevelConvention::default(),
            );
            match row.measure.as_str() {
                "prob_wait" => vec![
                    ("ErlangC::prob_wait", m.prob_wait()),
                    ("Metrics::prob_wait", at.prob_wait),
                ],
                "asa" => vec![
                    ("ErlangC::asa_secs", m.asa_secs()),
                    ("Metrics::asa_secs", at.asa_secs),
                    ("Metrics::mean_wait_secs", at.mean_wait_secs),
                ],
                "mean_wait_delayed" => vec![(
                    "ErlangC::mean_wait_of_delayed_secs",
                    m.mean_wait_of_delayed_secs(),
                )],
                "mean_queue_length" => vec![
                    ("ErlangC::mean_queue_length", m.mean_queue_length()),
                    ("Metrics::mean_queue_length", at.mean_queue_length),
                ],
                "occupancy" => vec![
                    ("ErlangC::occupancy", m.occupancy()),
                    ("Metrics::occupancy", at.occupancy),
                ],
                "sl" => vec![
                    (
                        "ErlangC::service_level",
                        m.service_level(row.threshold.unwrap()),
                    ),
                    ("Metrics::service_level", at.service_level.unwrap()),
                ],
                other => panic!("unknown Erlang C measure {other}"),
            }
        }
        "B" => match row.measure.as_str() {
            "blocking" => vec![("erlang_b", erlang_b(row.agents, row.load).unwrap())],
            other => panic!("unknown Erlang B measure {other}"),
        },
        other => panic!("unknown model {other}"),
    }
}

#[test]
fn every_model_value_lies_within_the_simulation_confidence_interval() {
    let rows = rows();
    assert!(rows.len() > 200, "{} rows", rows.len());
    // worst |crate - sim| / half-width per model and measure
    let mut worst: BTreeMap<String, (f64, String)> = BTreeMap::new();
    let mut failures = Vec::new();
    for row in &rows {
        if !(row.half_width > 0.0 && row.half_width.is_finite()) {
            failures.push(format!(
                "{} {} T={:?}: half-width {} carries no information",
                row.id, row.measure, row.threshold, row.half_width
            ));
            continue;
        }
        for (source, value) in crate_values(row) {
            let z = (value - row.mean).abs() / row.half_width;
            let key = format!("{} {}", row.model, row.measure);
            let at = format!("{} T={:?}", row.id, row.threshold);
            if worst.get(&key).is_none_or(|w| z > w.0) {
                worst.insert(key, (z, at.clone()));
            }
            if z.is_nan() || z > 1.0 {
                failures.push(format!(
                    "{at} {source}: crate {value} vs simulation {} +- {} ({z:.2} half-widths)",
                    row.mean, row.half_width
                ));
            }
        }
    }
    for (key, (z, at)) in &worst {
        println!("{key:32} worst {z:.3} half-widths at {at}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
