//! Statistical process control: control charts and run rules.
