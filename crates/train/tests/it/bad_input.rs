//! Each bad input gives its own clear error.

use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, Int64Array, StringArray};
use modeldesk_data::ColumnType;
use modeldesk_train::gbdt::GbdtParams;
use modeldesk_train::{ModelParams, Task, TrainError, encode, prepare, train};

use super::{quiet, synthetic, table};

fn floats(v: Vec<Option<f64>>) -> ArrayRef {
    Arc::new(Float64Array::from(v))
}

fn xs(n: usize) -> ArrayRef {
    floats((0..n).map(|i| Some(i as f64)).collect())
}

#[test]
fn target_column_missing() {
    let err = prepare(&synthetic(50, 1, "binary"), "label", None).unwrap_err();
    assert!(matches!(err, TrainError::TargetMissing { .. }));
    assert!(
        err.to_string().contains("\"label\"") && err.to_string().contains("colour"),
        "{err}"
    );
}

#[test]
fn constant_target_and_single_class() {
    let t = table(vec![
        ("x", ColumnType::Float, xs(30)),
        ("y", ColumnType::Float, floats(vec![Some(2.0); 30])),
    ]);
    let err = prepare(&t, "y", Some(Task::Regression)).unwrap_err();
    assert!(matches!(err, TrainError::TargetConstant { .. }), "{err}");
    let labels: ArrayRef = Arc::new(StringArray::from(vec![Some("a"); 30]));
    let t = table(vec![
        ("x", ColumnType::Float, xs(30)),
        ("y", ColumnType::Categorical, labels),
    ]);
    let err = prepare(&t, "y", None).unwrap_err();
    assert!(matches!(err, TrainError::SingleClass { .. }), "{err}");
    assert!(err.to_string().contains("single class (\"a\")"), "{err}");
}

#[test]
fn nan_inf_and_missing_targets_name_the_row() {
    for (bad, what) in [
        (Some(f64::NAN), "NaN"),
        (Some(f64::INFINITY), "infinite"),
        (None, "missing"),
    ] {
        let mut y: Vec<Option<f64>> = (0..30).map(|i| Some(f64::from(i))).collect();
        y[6] = bad;
        let t = table(vec![
            ("x", ColumnType::Float, xs(30)),
            ("y", ColumnType::Float, floats(y)),
        ]);
        let err = prepare(&t, "y", None).unwrap_err();
        assert!(matches!(err, TrainError::BadTarget { row: 7, .. }), "{err}");
        assert!(err.to_string().contains(what), "{err}");
    }
}

#[test]
fn no_usable_features() {
    let text: ArrayRef = Arc::new(StringArray::from(
        (0..30)
            .map(|i| Some(format!("note {i}")))
            .collect::<Vec<_>>(),
    ));
    let y: ArrayRef = Arc::new(Int64Array::from(
        (0..30).map(|i| Some(i % 2)).collect::<Vec<_>>(),
    ));
    let t = table(vec![
        ("comment", ColumnType::Text, text),
        ("y", ColumnType::Integer, y),
    ]);
    let err = prepare(&t, "y", None).unwrap_err();
    assert!(matches!(err, TrainError::NoFeatures { .. }), "{err}");
}

#[test]
fn too_few_rows_and_wrong_task() {
    let data = prepare(&synthetic(8, 1, "binary"), "target", None).unwrap();
    let err = train(
        &data,
        None,
        &ModelParams::Gbdt(GbdtParams::default()),
        quiet(),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            TrainError::TooFewRows {
                rows: 8,
                need: 10,
                ..
            }
        ),
        "{err}"
    );
    let err = prepare(
        &synthetic(40, 1, "multiclass"),
        "target",
        Some(Task::Binary),
    )
    .unwrap_err();
    assert!(
        matches!(err, TrainError::TaskMismatch { .. }) && err.to_string().contains("3 classes"),
        "{err}"
    );
    let err = prepare(
        &synthetic(40, 1, "binary"),
        "target",
        Some(Task::Regression),
    )
    .unwrap_err();
    assert!(matches!(err, TrainError::TaskMismatch { .. }), "{err}");
}

#[test]
fn bad_parameters_name_the_parameter() {
    let pairs = |k: &str, v: &str| vec![(k.to_owned(), v.to_owned())];
    for (k, v, needle) in [
        ("num_leavs", "31", "unknown parameter"),
        ("num_leaves", "many", "num_leaves"),
        ("learning_rate", "-1", "learning_rate"),
        ("feature_fraction", "1.5", "feature_fraction"),
        ("max_bin", "1000", "max_bin"),
    ] {
        let result = ModelParams::from_pairs("gbdt", &pairs(k, v)).and_then(|p| {
            let data = prepare(&synthetic(50, 1, "binary"), "target", None)?;
            train(&data, None, &p, quiet()).map(|_| ())
        });
        let err = result.unwrap_err();
        assert!(matches!(err, TrainError::BadParam { .. }), "{k}={v}: {err}");
        assert!(err.to_string().contains(needle), "{k}={v}: {err}");
    }
    assert!(
        ModelParams::from_pairs("forest", &[])
            .unwrap_err()
            .to_string()
            .contains("gbdt, linear, mlp")
    );
    let p = ModelParams::from_pairs("mlp", &pairs("hidden", "[32,16]")).unwrap();
    assert!(matches!(p, ModelParams::Mlp(ref m) if m.hidden == vec![32, 16]));
}

#[test]
fn prediction_input_missing_a_column() {
    let data = prepare(&synthetic(50, 1, "binary"), "target", None).unwrap();
    let mut t = synthetic(10, 2, "binary");
    let i = t.columns.iter().position(|c| c.name == "b").unwrap();
    t.columns.remove(i);
    t.arrays.remove(i);
    let err = encode(&t, &data.features).unwrap_err();
    assert!(
        matches!(err, TrainError::BadInput { ref column, .. } if column == "b"),
        "{err}"
    );
}
