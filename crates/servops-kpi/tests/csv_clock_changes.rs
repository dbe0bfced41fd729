//! Local CSV times on the nights the clocks change. A time the clocks show
//! twice is read only where the rest of the row allows one instant, and is
//! otherwise a bad row naming both; a time the clocks skip is a bad row; a
//! time written with its offset is read at that offset.
//!
//! Expected instants by hand from the published rules: London leaves BST
//! (UTC+1) for GMT (UTC+0) at 01:00Z on 2026-10-25 (02:00 BST becomes
//! 01:00 GMT), so 01:30 is 00:30Z and 01:30Z; it enters BST at 01:00Z on
//! 2026-03-29 (01:00 GMT becomes 02:00 BST), so 01:30 does not exist. New
//! York leaves EDT (UTC−4) for EST (UTC−5) at 06:00Z on 2026-11-01, so 01:30
//! is 05:30Z and 06:30Z; it enters EDT at 07:00Z on 2026-03-08 (02:00 EST
//! becomes 03:00 EDT), so 02:30 does not exist.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use servops_core::chrono::{DateTime, Utc};
use servops_core::chrono_tz::America::New_York;
use servops_core::chrono_tz::Europe::London;
use servops_core::chrono_tz::Tz;
use servops_kpi::{BadRowPolicy, CsvContacts, CsvSchema, Error, TimeFormat, read_contacts};

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn read(tz: Tz, format: &str, text: &str, policy: BadRowPolicy) -> Result<CsvContacts, Error> {
    let schema = CsvSchema::new().with_time_format(TimeFormat::local(format, tz));
    read_contacts(text.as_bytes(), &schema, policy)
}

const FMT: &str = "%Y-%m-%d %H:%M:%S";

/// The line, field and message of the only error of a strict read.
fn bad_row(r: Result<CsvContacts, Error>) -> (u64, String, String) {
    match r {
        Err(Error::CsvRow {
            line,
            field,
            message,
        }) => (line, field, message),
        other => panic!("expected a bad row, got {other:?}"),
    }
}

#[test]
fn a_lone_repeated_time_is_a_bad_row_naming_both_instants_london() {
    // Before: read as 00:30Z without a word.
    let text = "arrival,outcome,wait_s\n2026-10-25 01:30:00,abandoned,3\n";
    let (line, field, message) = bad_row(read(London, FMT, text, BadRowPolicy::Fail));
    assert_eq!((line, field.as_str()), (2, "arrival"));
    for part in [
        "occurs twice in Europe/London",
        "2026-10-25T01:30:00+01:00 (2026-10-25T00:30:00Z)",
        "2026-10-25T01:30:00+00:00 (2026-10-25T01:30:00Z)",
        "%z",
    ] {
        assert!(message.contains(part), "{part:?} not in {message:?}");
    }
}

#[test]
fn a_lone_repeated_time_is_a_bad_row_naming_both_instants_new_york() {
    let text = "arrival,outcome,wait_s\n2026-11-01 01:30:00,abandoned,3\n";
    let (line, field, message) = bad_row(read(New_York, FMT, text, BadRowPolicy::Fail));
    assert_eq!((line, field.as_str()), (2, "arrival"));
    for part in [
        "occurs twice in America/New_York",
        "2026-11-01T01:30:00-04:00 (2026-11-01T05:30:00Z)",
        "2026-11-01T01:30:00-05:00 (2026-11-01T06:30:00Z)",
    ] {
        assert!(message.contains(part), "{part:?} not in {message:?}");
    }
    // An hour either side is unambiguous: 00:30 EDT, 02:30 EST.
    let text = "arrival,outcome,wait_s\n\
                2026-11-01 00:30:00,abandoned,3\n\
                2026-11-01 02:30:00,abandoned,3\n";
    let r = read(New_York, FMT, text, BadRowPolicy::Fail).unwrap();
    let at: Vec<_> = r.records.iter().map(|c| c.arrival()).collect();
    assert_eq!(at, [t("2026-11-01T04:30:00Z"), t("2026-11-01T07:30:00Z")]);
}

#[test]
fn skip_and_report_keeps_the_other_rows_and_reports_the_repeated_one() {
    let text = "arrival,outcome,wait_s\n\
                2026-10-25 00:59:00,abandoned,3\n\
                2026-10-25 01:30:00,abandoned,3\n\
                2026-10-25 02:00:00,abandoned,3\n";
    let r = read(London, FMT, text, BadRowPolicy::SkipAndReport).unwrap();
    // 00:59 BST = 23:59Z the day before; 02:00 GMT = 02:00Z.
    let at: Vec<_> = r.records.iter().map(|c| c.arrival()).collect();
    assert_eq!(at, [t("2026-10-24T23:59:00Z"), t("2026-10-25T02:00:00Z")]);
    assert!(
        matches!(&r.skipped[..], [Error::CsvRow { line: 3, field, .. }] if field == "arrival"),
        "{:?}",
        r.skipped
    );
}

#[test]
fn a_row_that_fits_both_passes_is_a_bad_row() {
    // Arrival 01:50 and end 01:55 fit 00:50Z–00:55Z, 01:50Z–01:55Z and
    // 00:50Z–01:55Z. Before: 00:50Z–00:55Z, 5 minutes, without a word.
    let text = "arrival,outcome,wait_s,end\n2026-10-25 01:50:00,answered,0,2026-10-25 01:55:00\n";
    let (line, field, message) = bad_row(read(London, FMT, text, BadRowPolicy::Fail));
    assert_eq!((line, field.as_str()), (2, "arrival"), "{message}");
}

#[test]
fn the_talk_time_tells_which_end() {
    // Arrival 00:50 BST (23:50Z), answer 00:55 BST (23:55Z), both before
    // the repeated hour; end 01:30 is 00:30Z (35 min = 2100 s after the
    // answer) or 01:30Z (95 min = 5700 s). The talk time picks one.
    let text = "arrival,outcome,answer,end,talk_s\n\
                2026-10-25 00:50:00,answered,2026-10-25 00:55:00,2026-10-25 01:30:00,2100\n\
                2026-10-25 00:50:00,answered,2026-10-25 00:55:00,2026-10-25 01:30:00,5700\n";
    let r = read(London, FMT, text, BadRowPolicy::Fail).unwrap();
    assert_eq!(r.records[0].end(), Some(t("2026-10-25T00:30:00Z")));
    assert_eq!(r.records[1].end(), Some(t("2026-10-25T01:30:00Z")));
    assert_eq!(r.records[1].talk(), Some(Duration::from_secs(5700)));
    // Without it both fit.
    let text = "arrival,outcome,answer,end\n\
                2026-10-25 00:50:00,answered,2026-10-25 00:55:00,2026-10-25 01:30:00\n";
    let (_, field, _) = bad_row(read(London, FMT, text, BadRowPolicy::Fail));
    assert_eq!(field, "end");
}

#[test]
fn an_offset_in_the_format_says_which_instant() {
    // Before: the offset was parsed and dropped, both rows read as 00:30Z.
    let text = "arrival,outcome,wait_s\n\
                2026-10-25 01:30:00+0100,abandoned,3\n\
                2026-10-25 01:30:00+0000,abandoned,3\n";
    let r = read(London, "%Y-%m-%d %H:%M:%S%z", text, BadRowPolicy::Fail).unwrap();
    let at: Vec<_> = r.records.iter().map(|c| c.arrival()).collect();
    assert_eq!(at, [t("2026-10-25T00:30:00Z"), t("2026-10-25T01:30:00Z")]);
    let text = "arrival,outcome,wait_s\n2026-11-01 01:30:00-05:00,abandoned,3\n";
    let r = read(New_York, "%Y-%m-%d %H:%M:%S%:z", text, BadRowPolicy::Fail).unwrap();
    assert_eq!(r.records[0].arrival(), t("2026-11-01T06:30:00Z"));
}

#[test]
fn a_skipped_time_is_a_bad_row() {
    for (tz, cell) in [
        (London, "2026-03-29 01:30:00"),
        (New_York, "2026-03-08 02:30:00"),
    ] {
        let text = format!(
            "arrival,outcome,wait_s\n2026-01-05 09:00:00,abandoned,3\n{cell},abandoned,3\n"
        );
        let (line, field, message) = bad_row(read(tz, FMT, &text, BadRowPolicy::Fail));
        assert_eq!((line, field.as_str()), (3, "arrival"));
        assert!(message.contains("does not exist in"), "{message}");
        assert!(message.contains("%z"), "{message}");
    }
    // The minute before the gap exists: 00:59 GMT = 00:59Z, and the first
    // minute after it: 02:00 BST = 01:00Z.
    let text = "arrival,outcome,wait_s\n\
                2026-03-29 00:59:00,abandoned,3\n\
                2026-03-29 02:00:00,abandoned,3\n";
    let r = read(London, FMT, text, BadRowPolicy::Fail).unwrap();
    let at: Vec<_> = r.records.iter().map(|c| c.arrival()).collect();
    assert_eq!(at, [t("2026-03-29T00:59:00Z"), t("2026-03-29T01:00:00Z")]);
}
