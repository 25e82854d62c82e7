//! Integration tests against the real ONNX Runtime library and checked-in ONNX fixtures.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
#![allow(
    clippy::float_cmp,
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss
)] // exact values are the point

mod errors;
mod fixtures;
mod load;
mod run;

use std::path::PathBuf;

use modeldesk_runtime::{Runtime, RuntimeOptions};

/// The folder of checked-in ONNX fixtures.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../models/fixtures")
        .join(name)
}

/// The process's runtime (ORT found through `.cargo/config.toml`'s ORT_DYLIB_PATH).
pub fn runtime() -> &'static Runtime {
    Runtime::global(&RuntimeOptions::default())
        .expect("ONNX Runtime should load; run scripts/fetch-ort.sh")
}
