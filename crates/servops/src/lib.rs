#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

/// The shared vocabulary: interval grids with a local calendar, interval
/// series, channels and queue identifiers (the `servops-core` crate).
#[doc(inline)]
pub use servops_core as core;

/// Erlang B, C and A models and staffing solvers (the `servops-queue` crate).
#[cfg(feature = "queue")]
#[cfg_attr(docsrs, doc(cfg(feature = "queue")))]
#[doc(inline)]
pub use servops_queue as queue;

mod error;
pub use error::{Error, Result};

pub mod prelude;

/// The repository README's examples, compiled and run as doctests so the
/// README stays true.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct RepositoryReadme;
