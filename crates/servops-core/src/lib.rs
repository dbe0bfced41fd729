//! servops-core
