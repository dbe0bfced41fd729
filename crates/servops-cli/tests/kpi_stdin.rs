//! `kpi -` reads the records from standard input, and its error messages
//! take the header's and the records' lines from that one read. Before,
//! `-` was a file name ("-: No such file or directory"), and the header,
//! empty-file and span errors reopened the input by its path to find the
//! lines, which for a pipe or a file changed since is another text.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs `servops` with `args`, `input` on its standard input.
fn servops_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_servops"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let text = input.to_string();
    // Write from another thread so a full stdout pipe cannot deadlock.
    let writer = std::thread::spawn(move || {
        // The command may stop reading early on an error.
        let _ = stdin.write_all(text.as_bytes());
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

const RECORDS: &str = "id,arrival,outcome,wait_s,talk_s,acw_s\n\
    1,2026-03-02T09:00:05Z,answered,8,240,30\n\
    2,2026-03-02T09:10:00Z,abandoned,40,,\n\
    3,2026-03-02T09:40:00Z,answered,30,180,20\n";

#[test]
fn kpi_reads_standard_input_as_it_reads_a_file() {
    let f = file("kpi_stdin_same.csv", RECORDS);
    for format in ["table", "csv", "json"] {
        let from_file = servops(&["kpi", &f, "--format", format]);
        assert!(from_file.status.success(), "{}", stderr(&from_file));
        let from_stdin = servops_stdin(&["kpi", "-", "--format", format], RECORDS);
        assert!(from_stdin.status.success(), "{}", stderr(&from_stdin));
        assert_eq!(stdout(&from_stdin), stdout(&from_file), "{format}");
    }
}

/// The header is on line 3 after two blank lines and has no outcome
/// column: the message names line 3 of `<stdin>`.
#[test]
fn a_header_error_on_standard_input_names_its_line() {
    let o = servops_stdin(
        &["kpi", "-"],
        "\n\nid,arrival,wait_s\n1,2026-03-02T09:00:05Z,8\n",
    );
    assert_clean_failure(&o, "<stdin>:3: the header has no \"outcome\" column");
}

/// A header and no records: line 2 (after the header on line 1).
#[test]
fn no_records_on_standard_input_names_the_line_after_the_header() {
    let o = servops_stdin(&["kpi", "-"], "\nid,arrival,outcome\n");
    assert_clean_failure(&o, "<stdin>:3: the file has no contact records");
}

/// Records 21,916 days apart (2026-03-02 to 2086-03-02): the latest on
/// line 5, the earliest on line 3, a blank line 2 and a bad row on line 4
/// skipped (the records' lines come from the rows kept).
#[test]
fn a_span_error_on_standard_input_names_both_lines() {
    let o = servops_stdin(
        &["kpi", "-", "--by", "day", "--skip-bad-rows"],
        "id,arrival,outcome,wait_s,talk_s,acw_s\n\
         \n\
         1,2026-03-02T09:00:05Z,answered,8,240,30\n\
         2,2026-03-02T09:00:05Z,answered,-8,240,30\n\
         3,2086-03-02T09:03:10Z,answered,35,180,20\n",
    );
    assert_failure_or_usage(
        &o,
        "servops: error: <stdin>:5:arrival: the records span 21916 days from 2026-03-02 (line 3)",
    );
    assert!(
        stderr(&o).starts_with("servops: skipped: <stdin>: line 4, field wait_s"),
        "{}",
        stderr(&o)
    );
}

/// A file changed after it was read: the header line of the message is
/// the one of the text read. Here a file named `-` in the working
/// directory is not read at all.
#[test]
fn a_file_named_dash_is_not_read_for_the_lines() {
    let dir = temp_dir("kpi-dash");
    write(&dir, "-", "\n\n\n\n\nid,arrival,outcome\n");
    let o = Command::new(env!("CARGO_BIN_EXE_servops"))
        .args(["kpi", "-"])
        .current_dir(&dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_clean_failure(&o, "<stdin>:1: the file is empty");
    std::fs::remove_dir_all(&dir).ok();
}
