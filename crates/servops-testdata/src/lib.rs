//! servops-testdata
