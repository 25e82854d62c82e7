//! TreeSHAP and interaction values equal the Python `shap` package's on the same trees.

use modeldesk_explain::{interaction_values, shap_values};
use modeldesk_train::gbdt::GbdtParams;
use modeldesk_train::{CancelToken, Matrix, ModelParams, TrainedModel, encode, prepare, train};
use serde_json::Value;

use super::{data_file, load_csv, no_progress, quiet, sklearn_csv};

const CASES: [&str; 3] = ["breast_cancer", "wine", "diabetes"];

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

/// Regenerates the models and rows the oracle script reads (then run make_shap.py).
#[test]
#[ignore = "regenerates fixtures: run by hand, then tests/data/make_shap.py"]
fn write_fixtures() {
    for name in CASES {
        let train_table = load_csv(&sklearn_csv(&format!("{name}_train.csv")));
        let data = prepare(&train_table, "target", None).unwrap();
        let params = GbdtParams {
            num_iterations: 12,
            num_leaves: 15,
            early_stopping_rounds: 0,
            ..GbdtParams::default()
        };
        let trained = train(&data, None, &ModelParams::Gbdt(params), quiet()).unwrap();
        std::fs::write(
            data_file(&format!("{name}_model.json")),
            serde_json::to_string(&trained.model).unwrap(),
        )
        .unwrap();
        let test = load_csv(&sklearn_csv(&format!("{name}_test.csv")));
        let x = encode(&test, &trained.model.features).unwrap();
        // 30 rows, with a missing value in every third row so default directions are used.
        let rows: Vec<Vec<Option<f32>>> = (0..30)
            .map(|r| {
                (0..x.columns.len())
                    .map(|f| {
                        if r % 3 == 0 && f == (r * 7) % x.columns.len() {
                            None
                        } else {
                            Some(x.columns[f][r])
                        }
                    })
                    .collect()
            })
            .collect();
        std::fs::write(
            data_file(&format!("{name}_rows.json")),
            serde_json::to_string(&rows).unwrap(),
        )
        .unwrap();
    }
}

fn load(name: &str) -> (TrainedModel, Matrix, Value) {
    let model: TrainedModel = serde_json::from_str(
        &std::fs::read_to_string(data_file(&format!("{name}_model.json"))).unwrap(),
    )
    .unwrap();
    let rows: Vec<Vec<Option<f32>>> = serde_json::from_str(
        &std::fs::read_to_string(data_file(&format!("{name}_rows.json"))).unwrap(),
    )
    .unwrap();
    let features = rows[0].len();
    let x = Matrix {
        rows: rows.len(),
        columns: (0..features)
            .map(|f| rows.iter().map(|r| r[f].unwrap_or(f32::NAN)).collect())
            .collect(),
    };
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(data_file(&format!("{name}_shap.json"))).unwrap(),
    )
    .unwrap();
    (model, x, expected)
}

fn max_diff(a: &[f64], b: &[f64]) -> f64 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

#[test]
fn tree_shap_equals_the_shap_package() {
    for name in CASES {
        let (model, x, expected) = load(name);
        let ours = shap_values(&model, &x, &no_progress, &CancelToken::new()).unwrap();
        let base_diff = max_diff(&ours.base, &floats(&expected["expected"]));
        assert!(
            base_diff <= 1e-6,
            "{name}: base values differ by {base_diff:e}"
        );
        let diff = max_diff(&ours.values, &floats(&expected["values"]));
        assert!(diff <= 1e-6, "{name}: SHAP values differ by {diff:e}");
        assert!(
            ours.max_additivity_error <= 1e-6,
            "{name}: additivity {:e}",
            ours.max_additivity_error
        );
    }
}

#[test]
fn interaction_values_equal_the_shap_package() {
    for name in CASES {
        let (model, x, expected) = load(name);
        let ours = interaction_values(&model, &x, &no_progress, &CancelToken::new()).unwrap();
        let diff = max_diff(&ours, &floats(&expected["interactions"]));
        assert!(
            diff <= 1e-6,
            "{name}: interaction values differ by {diff:e}"
        );
        // Each row of an interaction matrix sums to that feature's SHAP value.
        let phi = shap_values(&model, &x, &no_progress, &CancelToken::new()).unwrap();
        let f = x.columns.len();
        for (i, row) in ours.chunks(f).enumerate() {
            let sum: f64 = row.iter().sum();
            assert!((sum - phi.values[i]).abs() < 1e-9, "{name}: row {i}");
        }
    }
}
