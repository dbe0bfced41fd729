//! How values are written and read back: numbers of any magnitude,
//! amounts, amounts out of range, and one table of a command that writes
//! several.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

/// The rows of a one-table CSV output, read by the csv crate as any CSV
/// tool reads it: the header and the records, all of one length.
fn read_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (headers, rows)
}

/// The `value` of the `measure` row `name` of the summary table of a
/// multi-table CSV output (the text between `# summary` and the blank line).
fn measure(csv_text: &str, name: &str) -> String {
    let summary = csv_text
        .strip_prefix("# summary\n")
        .and_then(|s| s.split("\n\n").next())
        .expect("a summary table first");
    let (headers, rows) = read_csv(summary);
    assert_eq!(headers, ["measure", "value"]);
    rows.into_iter()
        .find(|r| r[0] == name)
        .expect("the measure is in the summary")[1]
        .clone()
}

fn run_ok(args: &[&str]) -> String {
    let o = servops(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

/// A load of 1e-300 erlangs on one agent: by hand, occupancy a/N and (for
/// N = 1, Erlang C) P(wait) = a, both 1e-300. CSV wrote them as
/// `0.000...0001` with 300 digits; now `1e-300`, which reads back exactly.
#[test]
fn tiny_values_are_written_in_exponent_notation_in_csv() {
    let out = run_ok(&[
        "erlang", "--load", "1e-300", "--aht", "240s", "--sl", "80%", "--format", "csv",
    ]);
    let (headers, rows) = read_csv(&out);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let row = &rows[0];
    assert_eq!(row[col("agents")], "1");
    assert_eq!(row[col("load")], "1e-300");
    assert_eq!(row[col("occupancy")], "1e-300");
    let p_wait: f64 = row[col("p_wait")].parse().unwrap();
    assert!((p_wait / 1e-300 - 1.0).abs() < 1e-12, "{p_wait:e}");
    for cell in row {
        assert!(cell.len() <= 25, "{cell}");
    }
    // The aligned table keeps its decimals.
    let table = run_ok(&["erlang", "--load", "1e-300", "--aht", "240s", "--sl", "80%"]);
    assert!(table.contains("     1  0.00  1.000"), "{table}");
}

/// A number a decimal amount cannot hold is out of range, not "not a
/// number" (before: "`-1e30` is not a number" for --flows, and the
/// library's "Scale exceeds the maximum precision allowed: 30 > 28" for
/// --hourly-rate).
#[test]
fn amounts_out_of_range_say_so() {
    let o = servops(&["cost", "invest", "--flows=-1e30,5", "--rate", "8%"]);
    assert_failure_or_usage(&o, "`-1e30` is out of range");
    assert!(!stderr(&o).contains("not a number"), "{}", stderr(&o));
    let o = servops(&[
        "schedule",
        &data("requirement_day.csv"),
        "--hourly-rate=-1e30",
    ]);
    assert_failure_or_usage(&o, "`-1e30` is out of range");
    let o = servops(&["cost", "invest", "--flows=-100,60,60", "--rate=1e-40"]);
    assert_failure_or_usage(&o, "past the 28th decimal");
    let cfg = file("rate_range.toml", "[schedule]\nhourly-rate = \"1e30\"\n");
    let o = servops(&["schedule", &data("requirement_day.csv"), "--config", &cfg]);
    assert_clean_failure(&o, "`1e30` is out of range");
}

/// The cost of `schedule` and `plan` has two decimals whatever the scale
/// of the rate (before: `1020` at the built-in rate 30, `1105.0` at
/// 32.5, `6240.00` at a template's `"30.00"`), and is paid hours x rate.
#[test]
fn costs_have_two_decimals() {
    let req = data("requirement_day.csv");
    let dir = temp_dir("cost-decimals");
    let templates = write(
        &dir,
        "shifts.toml",
        "[[template]]\nname = \"4h\"\nspan = \"4h\"\nstart = [\"00:00\", \"20:00\"]\n\
         hourly_rate = \"30.00\"\n",
    );
    for (extra, rate) in [
        (vec![], 30.0),
        (vec!["--hourly-rate", "32.5"], 32.5),
        (vec!["--templates", templates.as_str()], 30.0),
    ] {
        let mut args = vec!["schedule", &req, "--method", "greedy", "--format", "csv"];
        args.extend(extra.iter().copied());
        let out = run_ok(&args);
        let cost = measure(&out, "cost");
        let (_, cents) = cost.split_once('.').unwrap_or((&cost, ""));
        assert_eq!(cents.len(), 2, "{extra:?}: {cost}");
        let paid: f64 = measure(&out, "paid hours").parse().unwrap();
        let cost: f64 = cost.parse().unwrap();
        assert!((cost - paid * rate).abs() < 0.005, "{extra:?}: {cost}");
    }
    let out = run_ok(&[
        "plan",
        "--example",
        "--days",
        "1",
        "--schedule-method",
        "greedy",
        "--format",
        "csv",
    ]);
    for name in [
        "cost",
        "cost per expected contact",
        "cost per contact staffed for",
    ] {
        let v = measure(&out, name);
        assert_eq!(v.split_once('.').map(|(_, c)| c.len()), Some(2), "{v}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// `--table NAME` writes one table of a command that writes several as a
/// plain CSV: the whole stream is not one CSV (a CSV reader stops at the
/// `# roster` section), the coverage table alone is, and `schedule` reads
/// it back as a requirement giving the same schedule.
#[test]
fn one_table_of_several_is_a_plain_csv_that_reads_back() {
    let req = data("requirement_day.csv");
    let base = ["schedule", &req, "--method", "greedy", "--format", "csv"];
    let all = run_ok(&base);
    assert!(all.starts_with("# summary\n"), "{all}");
    let mut whole = csv::ReaderBuilder::new().from_reader(all.as_bytes());
    assert!(
        whole.records().any(|r| r.is_err()),
        "the multi-table stream is not one rectangular CSV"
    );

    let mut args = base.to_vec();
    args.extend(["--table", "coverage"]);
    let coverage = run_ok(&args);
    let (headers, rows) = read_csv(&coverage);
    assert_eq!(
        headers,
        ["interval_start", "required", "on_phone", "under", "over"]
    );
    // The requirement file's values, in its order.
    let input = std::fs::read_to_string(&req).unwrap();
    let (_, wanted) = read_csv(&input);
    assert_eq!(rows.len(), wanted.len());
    for (r, w) in rows.iter().zip(&wanted) {
        assert_eq!(r[1].parse::<f64>(), w[1].parse::<f64>(), "{r:?} {w:?}");
    }
    // The same section of the multi-table output, in the same order.
    let section = all.split("# coverage\n").nth(1).unwrap();
    assert_eq!(section, coverage);

    let dir = temp_dir("table-back");
    let back = write(&dir, "coverage.csv", &coverage);
    let summary = |input: &str| {
        let out = run_ok(&[
            "schedule", input, "--method", "greedy", "--format", "csv", "--table", "summary",
        ]);
        out.lines()
            .filter(|l| !l.starts_with("seconds,"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(summary(&back), summary(&req));
    std::fs::remove_dir_all(&dir).ok();

    // JSON: a bare array, as a one-table command writes.
    let mut args = vec!["schedule", &req, "--method", "greedy", "--format", "json"];
    args.extend(["--table", "roster"]);
    let v: serde_json::Value = serde_json::from_str(&run_ok(&args)).unwrap();
    assert!(v.as_array().is_some_and(|a| !a.is_empty()), "{v}");
}

/// Names match with a space, `-` and `_` alike; an unknown name lists the
/// tables; a one-table command refuses `--table`.
#[test]
fn table_names_and_refusals() {
    let out = run_ok(&[
        "plan",
        "--example",
        "--days",
        "1",
        "--schedule-method",
        "greedy",
        "--format",
        "csv",
        "--table",
        "intervals-under-target",
    ]);
    assert!(
        out.starts_with("interval,sl_pct,target_pct,agents_short\n"),
        "{out}"
    );
    let o = servops(&[
        "schedule",
        &data("requirement_day.csv"),
        "--method",
        "greedy",
        "--table",
        "shifts",
    ]);
    assert_clean_failure(
        &o,
        "no such table (this command writes summary, roster, coverage)",
    );
    let o = servops(&[
        "erlang",
        "--contacts",
        "10",
        "--aht",
        "3m",
        "--table",
        "summary",
    ]);
    assert_clean_failure(&o, "this command writes one table");
}

/// A handle time under a nanosecond is read as it is written, not as 0:
/// before, `staff` said "aht must be > 0 when contacts > 0, got 0" at the
/// line alone, for a file that says 1e-300.
#[test]
fn a_handle_time_under_a_nanosecond_is_named_at_its_column() {
    let f = file(
        "tiny_aht.csv",
        "interval_start,contacts,aht_s\n2026-03-02 08:00,10,250\n2026-03-02 08:30,1,1e-300\n",
    );
    let o = servops(&["staff", &f, "--sl", "80%"]);
    assert_clean_failure(
        &o,
        &format!("{f}:3:3: average handle time `1e-300` s is shorter than 1 ns"),
    );
}

/// The quantile planned to is written as the number it is: `--quantile
/// 1e-300` was labelled `quantile 0.000...0001` with 300 digits.
#[test]
fn the_quantile_label_is_short() {
    let out = run_ok(&[
        "plan",
        "--example",
        "--days",
        "1",
        "--quantile",
        "1e-300",
        "--schedule-method",
        "greedy",
        "--format",
        "csv",
    ]);
    assert_eq!(
        measure(&out, "plan to"),
        "quantile 1e-300 of each interval's forecast volume"
    );
}
