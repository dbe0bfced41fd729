//! Contact records whose handle time is unknown (an answered record with
//! neither an end nor a talk time, for example in a file without those
//! columns): `kpi` leaves them out of AHT, counts them in
//! `handle_unknown` and says why, instead of reporting 0 s of handling.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

#[test]
fn aht_is_empty_without_a_handle_time_column() {
    // Before: aht_s was 0.0 for the answered call.
    let path = file(
        "no_handle_columns.csv",
        "arrival,outcome,wait_s\n\
         2026-03-02T09:00:05Z,answered,8\n\
         2026-03-02T09:01:00Z,abandoned,30\n",
    );
    let o = servops(&["kpi", &path, "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let header: Vec<&str> = out.lines().next().unwrap().split(',').collect();
    let aht = header.iter().position(|h| *h == "aht_s").unwrap();
    let asa = header.iter().position(|h| *h == "asa_s").unwrap();
    for line in out.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells[aht], "", "{out}");
        // The other measures are there: one answered after 8 s.
        assert_eq!(cells[asa], "8", "{out}");
    }
    let err = stderr(&o);
    assert!(err.contains("no_handle_columns.csv"), "{err}");
    assert!(err.contains("handle time is unknown"), "{err}");
    let o = servops(&["kpi", &path, "--format", "json"]);
    assert!(stdout(&o).contains("\"aht_s\": null"), "{}", stdout(&o));

    // With a talk column the AHT is the answered call's 100 s.
    let path = file(
        "talk_column.csv",
        "arrival,outcome,wait_s,talk_s\n\
         2026-03-02T09:00:05Z,answered,8,100\n\
         2026-03-02T09:01:00Z,abandoned,30,\n",
    );
    let o = servops(&["kpi", &path, "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for line in out.lines().skip(1) {
        assert_eq!(line.split(',').nth(aht), Some("100"), "{out}");
    }
    assert!(!stderr(&o).contains("handle time is unknown"));
}

/// The cells of `column` in the CSV output, one per row.
fn column(out: &str, name: &str) -> Vec<String> {
    let header: Vec<&str> = out.lines().next().unwrap().split(',').collect();
    let at = header.iter().position(|h| *h == name).unwrap();
    out.lines()
        .skip(1)
        .map(|l| l.split(',').nth(at).unwrap().to_string())
        .collect()
}

#[test]
fn an_empty_talk_cell_is_left_out_of_aht_and_counted() {
    // Talk 100 s, 200 s and an empty cell, all in the 09:00 interval: AHT
    // (100 + 200) / 2 = 150 s, one unknown. Before: (100 + 200 + 0) / 3 =
    // 100 s, and no warning.
    let path = file(
        "empty_talk_cell.csv",
        "arrival,outcome,wait_s,talk_s\n\
         2026-03-02T09:00:05Z,answered,8,100\n\
         2026-03-02T09:01:00Z,answered,12,200\n\
         2026-03-02T09:02:00Z,answered,10,\n",
    );
    let o = servops(&["kpi", &path, "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(column(&out, "aht_s"), ["150", "150"], "{out}");
    assert_eq!(column(&out, "handle_unknown"), ["1", "1"], "{out}");
    // every answered call still counts, and in the ASA: (8 + 12 + 10) / 3
    assert_eq!(column(&out, "answered"), ["3", "3"], "{out}");
    assert_eq!(column(&out, "asa_s"), ["10", "10"], "{out}");
    let err = stderr(&o);
    assert!(
        err.contains("1 of 3 answered records") && err.contains("handle time is unknown"),
        "{err}"
    );
}

#[test]
fn hold_or_acw_alone_do_not_make_a_handle_time() {
    // A hold column but neither end nor talk: the handle time is unknown
    // (before: aht_s was the 40 s of hold alone).
    let path = file(
        "hold_only.csv",
        "arrival,outcome,wait_s,hold_s\n\
         2026-03-02T09:00:05Z,answered,8,40\n",
    );
    let o = servops(&["kpi", &path, "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(column(&out, "aht_s"), ["", ""], "{out}");
    assert_eq!(column(&out, "handle_unknown"), ["1", "1"], "{out}");
    assert!(stderr(&o).contains("handle time is unknown"));
}
