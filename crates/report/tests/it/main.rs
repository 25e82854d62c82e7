//! Bundle tests: deterministic writing, a faithful round trip, and every kind of bad file.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

mod bundle;
