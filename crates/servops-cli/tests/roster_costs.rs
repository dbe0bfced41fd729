//! Shift costs in the `--roster` file and the roster table have two
//! decimals, as every other cost the command writes. Before, the file
//! showed the library's `Decimal::normalize()` (`120`, `130`, `120.01`)
//! and the table had no cost at all.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

/// The rows of a CSV text as maps from header to field.
fn rows(text: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// At 30.0025 an hour the built-in templates' 4 and 6 paid hours cost
/// 120.01 exactly and 180.015, which ties to even at 180.02 (by hand);
/// at the default 30, 120.00 and 180.00.
#[test]
fn roster_costs_have_two_decimals_in_the_file_and_the_table() {
    let dir = temp_dir("roster-costs");
    for (rate, four, six) in [
        (None, "120.00", "180.00"),
        (Some("30.0025"), "120.01", "180.02"),
        (Some("32.5"), "130.00", "195.00"),
    ] {
        let path = dir.join("roster.csv");
        let path = path.to_str().unwrap();
        let mut args = vec![
            "schedule",
            "tests/data/requirement_day.csv",
            "--method",
            "greedy",
            "--roster",
            path,
            "--table",
            "roster",
            "--format",
            "csv",
        ];
        if let Some(r) = rate {
            args.extend(["--hourly-rate", r]);
        }
        let o = servops(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        let file = rows(&std::fs::read_to_string(path).unwrap());
        let table = rows(&stdout(&o));
        assert!(!file.is_empty());
        assert_eq!(file.len(), table.len());
        for (f, t) in file.iter().zip(&table) {
            let want = match f["paid_hours"].as_str() {
                "4" => four,
                "6" => six,
                other => panic!("{rate:?}: paid hours {other}"),
            };
            assert_eq!(f["cost"], want, "{rate:?}: {f:?}");
            assert_eq!(t["cost"], want, "{rate:?}: {t:?}");
            assert_eq!(f["template"], t["template"]);
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}
