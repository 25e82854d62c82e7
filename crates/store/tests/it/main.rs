//! Integration tests of the project store on real SQLite files.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

mod blobs;
mod bundle;
mod lifecycle;
mod migration;
mod notes;
mod runs;
