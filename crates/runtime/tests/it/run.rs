use ndarray::{Array2, ArrayD};
use serde_json::Value;

use modeldesk_runtime::Tensor;

use crate::{fixture, runtime};

fn expected(model: &str) -> (Vec<Vec<f64>>, Vec<f64>) {
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("expected.json")).unwrap()).unwrap();
    let x = json[model]["X"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r.as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect()
        })
        .collect();
    let y = json[model]["Y"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r[0].as_f64().unwrap())
        .collect();
    (x, y)
}

fn matrix(rows: &[Vec<f64>]) -> ArrayD<f64> {
    let cols = rows[0].len();
    Array2::from_shape_vec((rows.len(), cols), rows.concat())
        .unwrap()
        .into_dyn()
}

fn run_one(model: &str, x: Tensor) -> Tensor {
    let model = runtime().model_from_file(&fixture(model)).unwrap();
    let mut out = model.run(vec![("X".into(), x)]).unwrap();
    assert_eq!(out.len(), 1);
    out.remove(0).1.into_tensor().expect("a tensor output")
}

#[test]
fn matmul_add_sigmoid_matches_the_formula_and_the_reference_evaluator() {
    let (x, want) = expected("linear_sigmoid_f32.onnx");
    let y = run_one(
        "linear_sigmoid_f32.onnx",
        Tensor::F32(matrix(&x).mapv(|v| v as f32)),
    );
    assert_eq!(y.shape(), &[x.len(), 1]);
    let got = y.to_f64_vec().unwrap();
    for ((row, g), w) in x.iter().zip(&got).zip(&want) {
        let z = 0.5 * row[0] - 1.25 * row[1] + 2.0 * row[2] + 0.1;
        let formula = 1.0 / (1.0 + (-z).exp());
        assert!(
            (g - formula).abs() < 1e-6,
            "{row:?}: ORT {g} vs formula {formula}"
        );
        assert!((g - w).abs() < 1e-6, "{row:?}: ORT {g} vs reference {w}");
    }
}

#[test]
fn f64_inputs_run_in_double_precision() {
    let (x, want) = expected("linear_f64.onnx");
    let y = run_one("linear_f64.onnx", Tensor::F64(matrix(&x)));
    assert!(matches!(y, Tensor::F64(_)));
    let got = y.to_f64_vec().unwrap();
    for ((row, g), w) in x.iter().zip(&got).zip(&want) {
        let formula = 1.5 * row[0] - 0.25 * row[1] + 3.0;
        assert_eq!(*g, formula);
        assert_eq!(g, w);
    }
}

#[test]
fn f32_rows_are_cast_for_a_double_model_and_f64_rows_for_a_float_model() {
    let y = run_one(
        "linear_f64.onnx",
        Tensor::F32(matrix(&[vec![2.0, 4.0]]).mapv(|v| v as f32)),
    );
    assert_eq!(y.to_f64_vec().unwrap(), vec![5.0]);
    let y = run_one(
        "linear_sigmoid_f32.onnx",
        Tensor::F64(matrix(&[vec![0.0, 0.0, 0.0]])),
    );
    let p = y.to_f64_vec().unwrap()[0];
    assert!((p - 1.0 / (1.0 + (-0.1f64).exp())).abs() < 1e-7);
}

#[test]
fn tree_ensemble_regressor_gives_the_hand_computed_sums() {
    let (x, want) = expected("tree_regressor.onnx");
    let y = run_one(
        "tree_regressor.onnx",
        Tensor::F32(matrix(&x).mapv(|v| v as f32)),
    );
    let got = y.to_f64_vec().unwrap();
    // base 0.5 + tree0 leaf + tree1 leaf, traced by hand through the two trees.
    assert_eq!(got, vec![1.0, 2.0, 3.75, 1.0, 2.0]);
    assert_eq!(got, want);
}

#[test]
fn a_batch_of_ten_thousand_rows_runs_in_one_call() {
    let n = 10_000;
    let x = Array2::from_shape_fn((n, 2), |(i, j)| if j == 0 { i as f64 } else { 1.0 });
    let y = run_one("linear_f64.onnx", Tensor::F64(x.into_dyn()));
    let got = y.to_f64_vec().unwrap();
    assert_eq!(got.len(), n);
    assert_eq!(got[9_999], 1.5 * 9_999.0 - 0.25 + 3.0);
}
