//! Shared loaders for the SPC and QA reference tests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use std::collections::HashMap;
use std::path::PathBuf;

pub fn data_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/spc_qa")
        .join(name)
}

/// Rows of a CSV file without its header, split on commas.
pub fn rows(name: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(data_path(name)).expect("reference data file");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').map(|s| s.trim().to_owned()).collect())
        .collect()
}

/// Numeric columns `from..` of every row.
pub fn numeric(name: &str, from: usize) -> Vec<Vec<f64>> {
    rows(name)
        .into_iter()
        .map(|r| {
            r[from..]
                .iter()
                .map(|s| s.parse::<f64>().unwrap())
                .collect()
        })
        .collect()
}

/// `(dataset, statistic) -> (value, tool)` from reference.csv; a statistic
/// computed by two tools keeps both under keys suffixed with `@tool`.
pub fn reference() -> HashMap<(String, String), f64> {
    let mut out = HashMap::new();
    let mut rdr = csv::Reader::from_path(data_path("reference.csv")).unwrap();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let value: f64 = rec[2].parse().unwrap();
        out.insert(
            (rec[0].to_owned(), format!("{}@{}", &rec[1], &rec[3])),
            value,
        );
        out.insert((rec[0].to_owned(), rec[1].to_owned()), value);
    }
    out
}

pub fn get(r: &HashMap<(String, String), f64>, dataset: &str, statistic: &str) -> f64 {
    *r.get(&(dataset.to_owned(), statistic.to_owned()))
        .unwrap_or_else(|| panic!("no reference value {dataset}/{statistic}"))
}

#[track_caller]
pub fn close(got: f64, want: f64, tol: f64, what: &str) {
    assert!(
        (got - want).abs() <= tol,
        "{what}: got {got}, want {want} (tolerance {tol})"
    );
}
