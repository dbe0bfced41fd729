//! servops-queue
