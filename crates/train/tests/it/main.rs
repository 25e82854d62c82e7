//! Trainer tests: metrics against scikit-learn, accuracy against LightGBM on scikit-learn's
//! datasets, ONNX Runtime parity for every family and task, determinism, early stopping,
//! cancel, missing values, categoricals, and every bad input.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
#![allow(
    clippy::float_cmp,
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    clippy::cast_sign_loss,
    clippy::many_single_char_names
)] // exact values are the point

mod bad_input;
mod gbdt;
mod metrics;
mod parity;
mod reference;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, Int64Array, StringArray};
use modeldesk_data::recipe::{Table, import_table};
use modeldesk_data::{CancelToken, ColumnSchema, ColumnType, ImportOptions, NoProgress};
use modeldesk_train::{Control, Silent};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Files written by `tests/data/make_reference.py`.
pub fn data_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Imports a CSV the way the app does and reads it back as a table.
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

/// A table from (name, type, array) columns.
pub fn table(columns: Vec<(&str, ColumnType, ArrayRef)>) -> Table {
    Table {
        columns: columns
            .iter()
            .map(|(n, t, _)| ColumnSchema {
                name: (*n).to_owned(),
                ty: *t,
            })
            .collect(),
        arrays: columns.into_iter().map(|(_, _, a)| a).collect(),
    }
}

/// Silent progress, never cancelled.
pub fn quiet() -> Control<'static> {
    static CANCEL: std::sync::OnceLock<CancelToken> = std::sync::OnceLock::new();
    Control {
        progress: &Silent,
        cancel: CANCEL.get_or_init(CancelToken::new),
    }
}

/// A seeded synthetic table: 4 numeric features (10% missing in two), one categorical (with
/// missing values), an integer feature, and a target for `task` that depends on all of them.
pub fn synthetic(rows: usize, seed: u64, task: &str) -> Table {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let cats = ["red", "green", "blue", "amber", "violet", "teal"];
    let mut a = Vec::new();
    let mut b = Vec::new();
    let mut c = Vec::new();
    let mut d = Vec::new();
    let mut cat = Vec::new();
    let mut count = Vec::new();
    let mut target_f = Vec::new();
    let mut target_s = Vec::new();
    for _ in 0..rows {
        let xa: f64 = rng.random_range(-2.0..2.0);
        let xb: f64 = rng.random_range(0.0..10.0);
        let xc: f64 = rng.random_range(-1.0..1.0);
        let xd: f64 = rng.random_range(-1.0..1.0);
        let ci = rng.random_range(0..cats.len());
        let n: i64 = rng.random_range(0..5);
        let miss_a = rng.random_bool(0.1);
        let miss_b = rng.random_bool(0.1);
        let miss_cat = rng.random_bool(0.05);
        let cat_effect = [1.5, -1.0, 0.5, -0.5, 2.0, 0.0][ci];
        let signal = 1.2 * xa
            + 0.3 * (xb - 5.0)
            + xc * xd * 2.0
            + if miss_cat { 0.0 } else { cat_effect }
            + 0.2 * n as f64
            + if miss_a { 1.0 } else { 0.0 };
        let noise: f64 = rng.random_range(-0.5..0.5);
        a.push((!miss_a).then_some(xa));
        b.push((!miss_b).then_some(xb));
        c.push(Some(xc));
        d.push(Some(xd));
        cat.push((!miss_cat).then_some(cats[ci]));
        count.push(Some(n));
        let s = signal + noise;
        target_f.push(Some(s));
        target_s.push(Some(match task {
            "binary" => {
                if s > 0.5 {
                    "yes"
                } else {
                    "no"
                }
            }
            _ => {
                if s < -0.5 {
                    "low"
                } else if s < 1.5 {
                    "mid"
                } else {
                    "high"
                }
            }
        }));
    }
    let target: (ColumnType, ArrayRef) = if task == "regression" {
        (ColumnType::Float, Arc::new(Float64Array::from(target_f)))
    } else {
        (
            ColumnType::Categorical,
            Arc::new(StringArray::from(target_s)),
        )
    };
    table(vec![
        ("a", ColumnType::Float, Arc::new(Float64Array::from(a))),
        ("b", ColumnType::Float, Arc::new(Float64Array::from(b))),
        ("c", ColumnType::Float, Arc::new(Float64Array::from(c))),
        ("d", ColumnType::Float, Arc::new(Float64Array::from(d))),
        (
            "colour",
            ColumnType::Categorical,
            Arc::new(StringArray::from(cat)),
        ),
        (
            "count",
            ColumnType::Integer,
            Arc::new(Int64Array::from(count)),
        ),
        ("target", target.0, target.1),
    ])
}
