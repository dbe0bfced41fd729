//! Input audit of the `servops` command: inputs and flags at their
//! extremes give one line naming the file, line and column and status 2,
//! never a panic, a huge allocation or a wrong line number.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn servops(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_servops"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the servops binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// A failed command: status 2, one line on stderr starting
/// `servops: error:` and holding `needle`, no panic.
fn assert_clean_failure(o: &Output, needle: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.starts_with("servops: error:"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.contains(needle), "expected `{needle}` in: {err}");
}

/// Writes `text` to a fresh file named `name` and returns its path.
fn file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("servops-cli-audit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path: PathBuf = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn staff_refuses_a_handle_time_too_long_for_a_duration() {
    // 1e20 s is finite and >= 0 but past Duration's u64 seconds (1.8e19):
    // it panicked converting to a Duration.
    let f = file(
        "huge_aht.csv",
        "interval_start,contacts,aht_s\n2026-03-02 08:00,10,250\n2026-03-02 08:30,10,1e20\n",
    );
    let o = servops(&["staff", &f]);
    assert_clean_failure(&o, &format!("{f}:3:3:"));
}
