//! What the integration tests of the `servops` binary share: running it,
//! reading its output, scratch files and the checks of a clean failure.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

/// Runs the `servops` binary with `args` from the crate's directory.
pub fn servops(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_servops"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the servops binary runs")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// The path of a file in `tests/data`.
pub fn data(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
        .display()
        .to_string()
}

/// A scratch directory named after `name`, inside Cargo's scratch space
/// for integration tests (`target/tmp`, which `cargo clean` removes), one
/// per test binary. The first call for a name in a test process empties
/// it, so no file of an earlier run is seen and nothing piles up in the
/// system's temporary directory.
pub fn temp_dir(name: &str) -> PathBuf {
    static EMPTIED: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("servops-cli-{}", env!("CARGO_CRATE_NAME")))
        .join(name);
    let mut emptied = EMPTIED.lock().unwrap_or_else(|e| e.into_inner());
    if !emptied.iter().any(|n| n == name) {
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
        emptied.push(name.to_string());
    }
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// Writes `text` to a file named `name` in this process's scratch
/// directory `files` and returns its path.
pub fn file(name: &str, text: &str) -> String {
    write(&temp_dir("files"), name, text)
}

/// A failed command: status 2, one line on stderr starting
/// `servops: error:` and holding `needle`, no panic.
pub fn assert_clean_failure(o: &Output, needle: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.starts_with("servops: error:"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.contains(needle), "expected `{needle}` in: {err}");
}

/// A failed command: status 2, no panic or backtrace, `needle` on stderr,
/// and one line if it is the program's own error (clap's usage errors
/// take more).
pub fn assert_failure_or_usage(o: &Output, needle: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("RUST_BACKTRACE"), "{err}");
    assert!(err.contains(needle), "expected `{needle}` in: {err}");
    if err.starts_with("servops: error:") {
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    }
}

/// The JSON output of `servops spc` with `args` (the command must succeed).
pub fn spc_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["spc"];
    all.extend_from_slice(args);
    all.extend(["--format", "json"]);
    json_of(&all)
}

/// The output of `servops` with `args`, which must succeed and write JSON
/// (`args` include `--format json`).
pub fn json_of(args: &[&str]) -> serde_json::Value {
    let o = servops(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

/// The value of `measure` in the `summary` table of a JSON output, if any.
pub fn summary_value(v: &serde_json::Value, measure: &str) -> Option<serde_json::Value> {
    v["summary"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["measure"] == measure)
        .map(|r| r["value"].clone())
}

/// The value of `measure` in the summary, which must be there.
pub fn measure(v: &serde_json::Value, measure: &str) -> serde_json::Value {
    summary_value(v, measure).expect("the summary has the measure")
}

/// A JSON number as `f64`.
pub fn f(v: &serde_json::Value) -> f64 {
    v.as_f64().unwrap()
}
