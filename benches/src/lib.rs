//! Shared helpers for the servops benchmarks.
