//! Explainer tests: TreeSHAP and interaction values against the Python `shap` package
//! (tests/data, from make_shap.py), brute-force Shapley values on small trees, additivity on
//! random models, Linear SHAP exactness.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
#![allow(
    clippy::float_cmp,
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    clippy::cast_sign_loss
)] // exact values are the point

mod brute_force;
mod oracle;

use std::path::{Path, PathBuf};

use modeldesk_data::recipe::{Table, import_table};
use modeldesk_data::{CancelToken, ImportOptions, NoProgress};
use modeldesk_train::{Control, Silent};

/// A file of this crate's test data.
pub fn data_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// A file of scikit-learn's datasets, as committed for the trainer's tests.
pub fn sklearn_csv(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../train/tests/data")
        .join(name)
}

/// Imports a CSV into memory.
pub fn load_csv(path: &Path) -> Table {
    import_table(
        path,
        &ImportOptions::default(),
        &NoProgress,
        &CancelToken::new(),
    )
    .unwrap()
    .1
}

/// Silent progress, never cancelled.
pub fn quiet() -> Control<'static> {
    static CANCEL: std::sync::OnceLock<CancelToken> = std::sync::OnceLock::new();
    Control {
        progress: &Silent,
        cancel: CANCEL.get_or_init(CancelToken::new),
    }
}

/// No progress display.
pub fn no_progress(_done: usize, _total: usize) {}
