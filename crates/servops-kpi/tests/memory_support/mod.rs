//! Peak memory of the test process, shared by the memory tests (each alone
//! in its test binary, so that the peaks measure that test only).

/// `VmPeak` (peak virtual memory: every allocation counts, touched or not)
/// and `VmHWM` (peak resident memory) of this process, in KiB.
#[cfg(target_os = "linux")]
pub fn peaks_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let field = |name: &str| -> u64 {
        let line = status.lines().find(|l| l.starts_with(name)).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    (field("VmPeak:"), field("VmHWM:"))
}
