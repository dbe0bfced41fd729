//! servops
