//! Bring-your-own ONNX models made by the converters people use (skl2onnx, onnxmltools, the onnx
//! helper API — `tests/data/byo/make_byo.py`): import, inspection, mapping, predictions equal to
//! Python onnxruntime's, metrics equal to scikit-learn's, and broken files refused with nothing
//! stored.

use std::path::{Path, PathBuf};

use modeldesk_app::{
    CancelToken, ColumnMapping, ImportOptions, InputBinding, Metrics, NoProgress, Workspace,
};
use modeldesk_runtime::RuntimeOptions;
use serde_json::Value;

use crate::{blob_files, workspace};

fn byo(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/byo")
        .join(name)
}

fn dataset_csv(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../train/tests/data")
        .join(format!("{name}_test.csv"))
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(byo("expected.json")).unwrap()).unwrap()
}

fn rt() -> RuntimeOptions {
    RuntimeOptions::default()
}

/// A project holding the test CSV of `dataset` as a dataset of that name.
fn project(dataset: &str) -> (tempfile::TempDir, Workspace) {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = workspace(&tmp.path().join("cfg"));
    ws.create_project(&tmp.path().join("p"), None).unwrap();
    ws.import_dataset(
        &dataset_csv(dataset),
        Some(dataset),
        &ImportOptions::default(),
        &NoProgress,
        &CancelToken::new(),
    )
    .unwrap();
    (tmp, ws)
}

fn close(a: f64, b: f64, tol: f64, what: &str) {
    assert!((a - b).abs() <= tol, "{what}: {a} vs {b}");
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .flat_map(|x| match x {
            Value::Array(row) => row.iter().map(|v| v.as_f64().unwrap()).collect(),
            v => vec![v.as_f64().unwrap()],
        })
        .collect()
}

/// Predicts the dataset's CSV with the stored model and reads the written columns.
fn predict_columns(
    ws: &Workspace,
    model: &str,
    dataset: &str,
    dir: &Path,
) -> Vec<(String, Vec<String>)> {
    let out = dir.join(format!("{model}-pred.csv"));
    ws.predict_file(
        model,
        &dataset_csv(dataset),
        &out,
        &ImportOptions::default(),
        &rt(),
        true,
        &NoProgress,
        &CancelToken::new(),
    )
    .unwrap();
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    headers
        .iter()
        .enumerate()
        .map(|(j, h)| (h.clone(), rows.iter().map(|r| r[j].to_owned()).collect()))
        .collect()
}

fn column(cols: &[(String, Vec<String>)], name: &str) -> Vec<f64> {
    cols.iter()
        .find(|(h, _)| h == name)
        .unwrap_or_else(|| panic!("no column {name}"))
        .1
        .iter()
        .map(|v| v.parse().unwrap())
        .collect()
}

fn check_classifier(ws: &Workspace, tmp: &Path, model: &str, dataset: &str, expect: &Value) {
    // Predictions through ModelDesk equal Python onnxruntime's (same ORT version, float32).
    let cols = predict_columns(ws, model, dataset, tmp);
    let classes: Vec<String> = expect["classes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    let want = numbers(&expect["probabilities"]);
    let k = classes.len();
    for (j, class) in classes.iter().enumerate() {
        let got = column(&cols, &format!("prob_{class}"));
        for (i, g) in got.iter().enumerate() {
            close(
                *g,
                want[i * k + j],
                1e-6,
                &format!("{model} row {i} class {class}"),
            );
        }
    }
    let labels = column(&cols, "predicted_label");
    assert_eq!(labels, numbers(&expect["label"]), "{model} labels");
    // Metrics equal scikit-learn's on the same probabilities.
    let evaluation = ws
        .evaluate_model(
            model,
            dataset,
            None,
            Some("target"),
            &rt(),
            &NoProgress,
            &CancelToken::new(),
        )
        .unwrap();
    assert_eq!(
        (evaluation.part.as_str(), evaluation.rows),
        ("all", labels.len() as u64)
    );
    let m = &expect["metrics"];
    match evaluation.metrics {
        Metrics::Binary(b) => {
            close(
                b.accuracy,
                m["accuracy"].as_f64().unwrap(),
                1e-12,
                "accuracy",
            );
            close(b.auc, m["auc"].as_f64().unwrap(), 1e-9, "auc");
            close(
                b.log_loss,
                m["log_loss"].as_f64().unwrap(),
                1e-6,
                "log loss",
            );
        }
        Metrics::Multiclass(mc) => {
            close(
                mc.accuracy,
                m["accuracy"].as_f64().unwrap(),
                1e-12,
                "accuracy",
            );
            close(
                mc.macro_f1,
                m["macro_f1"].as_f64().unwrap(),
                1e-12,
                "macro f1",
            );
            close(
                mc.log_loss,
                m["log_loss"].as_f64().unwrap(),
                1e-6,
                "log loss",
            );
        }
        Metrics::Regression(_) => panic!("{model} is a classifier"),
    }
}

#[test]
fn skl2onnx_random_forest_with_zipmap_imports_maps_by_position_and_matches_python() {
    let (tmp, mut ws) = project("breast_cancer");
    let info = ws
        .import_model(&byo("rf_zipmap.onnx"), None, &rt())
        .unwrap();
    assert_eq!(
        (info.name.as_str(), info.origin.as_str()),
        ("rf_zipmap", "imported")
    );
    assert_eq!(
        (info.summary.task.as_str(), info.summary.family.as_str()),
        ("binary", "onnx")
    );
    // One [N, 30] input: the 30 columns before the target, in order.
    ws.set_model_io("rf_zipmap", None, None, Some("target".into()), &rt())
        .unwrap();
    let mapping = ws
        .suggest_mapping("rf_zipmap", "breast_cancer", &rt())
        .unwrap();
    assert_eq!(mapping.inputs.len(), 1);
    assert_eq!(mapping.inputs[0].columns.len(), 30);
    assert_eq!(mapping.inputs[0].columns[0], "mean radius");
    assert!(!mapping.inputs[0].columns.contains(&"target".to_owned()));
    ws.set_model_io("rf_zipmap", Some(mapping), None, None, &rt())
        .unwrap();
    check_classifier(
        &ws,
        tmp.path(),
        "rf_zipmap",
        "breast_cancer",
        &expected()["rf_zipmap"],
    );
}

#[test]
fn onnxmltools_lightgbm_matches_python_onnxruntime_and_sklearn_metrics() {
    let (tmp, mut ws) = project("breast_cancer");
    ws.import_model(&byo("lgbm.onnx"), Some("gbm"), &rt())
        .unwrap();
    ws.set_model_io("gbm", None, None, Some("target".into()), &rt())
        .unwrap();
    check_classifier(&ws, tmp.path(), "gbm", "breast_cancer", &expected()["lgbm"]);
}

#[test]
fn a_pipeline_with_one_input_per_column_maps_by_name_and_a_mapping_can_be_edited() {
    let (tmp, mut ws) = project("wine");
    ws.import_model(&byo("logreg_zipmap.onnx"), None, &rt())
        .unwrap();
    let inspection = ws.inspect_model("logreg_zipmap", &rt()).unwrap();
    assert_eq!(inspection.inspection.inputs.len(), 13);
    assert_eq!(inspection.outputs.task, "multiclass");
    assert_eq!(inspection.outputs.classes, ["0", "1", "2"]);
    // `od280_od315_of_diluted_wines` finds the column `od280/od315_of_diluted_wines`.
    let mapping = ws.suggest_mapping("logreg_zipmap", "wine", &rt()).unwrap();
    let od = mapping
        .inputs
        .iter()
        .find(|b| b.input == "od280_od315_of_diluted_wines")
        .unwrap();
    assert_eq!(od.columns, ["od280/od315_of_diluted_wines"]);
    // A hand edit that leaves an input without columns is refused and names it.
    let mut broken = mapping.clone();
    broken.inputs[0].columns.clear();
    let err = ws
        .set_model_io("logreg_zipmap", Some(broken), None, None, &rt())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("\"alcohol\" has all of its columns unmapped"),
        "{err}"
    );
    let extra = ColumnMapping {
        inputs: vec![InputBinding {
            input: "nope".into(),
            columns: vec!["ash".into()],
        }],
    };
    assert!(
        ws.set_model_io("logreg_zipmap", Some(extra), None, None, &rt())
            .is_err()
    );
    ws.set_model_io(
        "logreg_zipmap",
        Some(mapping),
        None,
        Some("target".into()),
        &rt(),
    )
    .unwrap();
    let saved = ws.inspect_model("logreg_zipmap", &rt()).unwrap();
    assert_eq!(saved.mapping.unwrap().inputs.len(), 13);
    check_classifier(
        &ws,
        tmp.path(),
        "logreg_zipmap",
        "wine",
        &expected()["logreg_zipmap"],
    );
}

#[test]
fn an_mlp_follows_its_feature_order_metadata_and_regression_metrics_match() {
    let (tmp, mut ws) = project("diabetes");
    let info = ws.import_model(&byo("mlp.onnx"), None, &rt()).unwrap();
    assert_eq!(info.summary.task, "regression");
    let expect = &expected()["mlp"];
    let mapping = ws.suggest_mapping("mlp", "diabetes", &rt()).unwrap();
    let order: Vec<String> = expect["feature_names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        mapping.inputs[0].columns, order,
        "the metadata's order, not the CSV's"
    );
    let cols = predict_columns(&ws, "mlp", "diabetes", tmp.path());
    let got = column(&cols, "prediction");
    for (i, (g, w)) in got.iter().zip(numbers(&expect["prediction"])).enumerate() {
        close(*g, w, 1e-4, &format!("row {i}"));
    }
    // The metadata names the target, so evaluation needs no --target.
    let evaluation = ws
        .evaluate_model(
            "mlp",
            "diabetes",
            None,
            None,
            &rt(),
            &NoProgress,
            &CancelToken::new(),
        )
        .unwrap();
    let Metrics::Regression(r) = evaluation.metrics else {
        panic!("a regression")
    };
    let m = &expect["metrics"];
    close(r.rmse, m["rmse"].as_f64().unwrap(), 1e-4, "rmse");
    close(r.mae, m["mae"].as_f64().unwrap(), 1e-4, "mae");
    close(r.r2, m["r2"].as_f64().unwrap(), 1e-7, "r2");
    let board = ws.leaderboard().unwrap();
    assert_eq!(board.len(), 1);
    assert_eq!(
        (
            board[0].model.as_str(),
            board[0].origin.as_str(),
            board[0].metric.as_str()
        ),
        ("mlp", "imported", "rmse")
    );
}

#[test]
fn inspection_counts_what_python_onnx_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("cfg"));
    let expected = expected();
    for (key, file) in [
        ("rf_zipmap", "rf_zipmap.onnx"),
        ("logreg_zipmap", "logreg_zipmap.onnx"),
        ("lgbm", "lgbm.onnx"),
        ("mlp", "mlp.onnx"),
    ] {
        let path = byo(file);
        let got = ws.inspect_model(path.to_str().unwrap(), &rt()).unwrap();
        let want = &expected[key]["inspect"];
        let i = &got.inspection;
        assert_eq!(
            i.nodes as u64,
            want["nodes"].as_u64().unwrap(),
            "{key} nodes"
        );
        assert_eq!(
            i.parameters,
            want["parameters"].as_u64().unwrap(),
            "{key} parameters"
        );
        assert_eq!(
            i.producer.split(' ').next().unwrap(),
            want["producer"].as_str().unwrap()
        );
        for op in &i.ops {
            assert_eq!(
                op.count as u64,
                want["ops"][&op.op].as_u64().unwrap_or(0),
                "{key} {}",
                op.op
            );
        }
        assert_eq!(
            i.ops.len(),
            want["ops"].as_object().unwrap().len(),
            "{key} ops"
        );
        for opset in &i.opsets {
            assert_eq!(
                opset.version,
                want["opsets"][&opset.domain].as_i64().unwrap()
            );
        }
    }
    // A snapshot of one whole inspection (regenerate with UPDATE_SNAPSHOTS=1).
    let got = ws
        .inspect_model(byo("mlp.onnx").to_str().unwrap(), &rt())
        .unwrap();
    let text = serde_json::to_string_pretty(&serde_json::json!({
        "inspection": got.inspection,
        "outputs": got.outputs,
    }))
    .unwrap()
        + "\n";
    let snapshot = byo("inspect_mlp.snapshot.json");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&snapshot, &text).unwrap();
    }
    assert_eq!(text, std::fs::read_to_string(&snapshot).unwrap());
}

#[test]
fn broken_files_are_refused_with_the_reason_and_nothing_is_stored() {
    let (tmp, mut ws) = project("diabetes");
    let before = blob_files(&tmp.path().join("p"));
    for (file, reason) in [
        ("truncated.onnx", "not an ONNX model"),
        ("unknown_op.onnx", "NoSuchOp"),
        ("future_opset.onnx", "opset"),
        ("missing_external.onnx", "mlp_weights.bin"),
        ("no_such_file.onnx", "no_such_file.onnx"),
    ] {
        let err = ws
            .import_model(&byo(file), None, &rt())
            .unwrap_err()
            .to_string();
        assert!(err.contains(reason), "{file}: {err}");
        assert!(
            err.contains(file),
            "{file}: the error names the file: {err}"
        );
    }
    assert!(ws.models().unwrap().is_empty());
    assert_eq!(blob_files(&tmp.path().join("p")), before);
    // The same name twice is refused too.
    ws.import_model(&byo("mlp.onnx"), Some("m"), &rt()).unwrap();
    let err = ws
        .import_model(&byo("mlp.onnx"), Some("m"), &rt())
        .unwrap_err();
    assert!(err.to_string().contains("already taken"), "{err}");
}

#[test]
fn external_weights_beside_the_file_are_folded_in() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = workspace(&tmp.path().join("cfg"));
    ws.create_project(&tmp.path().join("p"), None).unwrap();
    // Write the weights the broken fixture names, beside a copy of it.
    let good = modeldesk_onnx::decode_model(&std::fs::read(byo("mlp.onnx")).unwrap()).unwrap();
    let w1 = &good.graph.as_ref().unwrap().initializer[0];
    std::fs::write(
        tmp.path().join("mlp_weights.bin"),
        w1.raw_data.clone().unwrap(),
    )
    .unwrap();
    std::fs::copy(byo("missing_external.onnx"), tmp.path().join("ext.onnx")).unwrap();
    let info = ws
        .import_model(&tmp.path().join("ext.onnx"), None, &rt())
        .unwrap();
    let inspection = ws.inspect_model(&info.name, &rt()).unwrap();
    assert!(inspection.inspection.external_files.is_empty());
    assert_eq!(inspection.inspection.parameters, 193);
}

/// The first `n` lines of a dataset's test CSV (header included), as a new file.
fn head_csv(dataset: &str, n: usize, dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(dataset_csv(dataset)).unwrap();
    let head: Vec<&str> = text.lines().take(n + 1).collect();
    let path = dir.join(format!("{dataset}_head{n}.csv"));
    std::fs::write(&path, head.join("\n") + "\n").unwrap();
    path
}

/// A project with `dataset`'s test CSV, the `shap` oracle in `fixture`, and its background
/// (the CSV's first `background_rows` rows) imported as `background`; returns the oracle, the
/// background size and the rows explained.
fn shap_oracle_project(
    dataset: &str,
    fixture: &str,
) -> (tempfile::TempDir, Workspace, Value, usize, u64) {
    let (tmp, mut ws) = project(dataset);
    let oracle: Value =
        serde_json::from_str(&std::fs::read_to_string(byo(fixture)).unwrap()).unwrap();
    let bg_rows = usize::try_from(oracle["background_rows"].as_u64().unwrap()).unwrap();
    let rows = oracle["rows"].as_u64().unwrap();
    ws.import_dataset(
        &head_csv(dataset, bg_rows, tmp.path()),
        Some("background"),
        &ImportOptions::default(),
        &NoProgress,
        &CancelToken::new(),
    )
    .unwrap();
    (tmp, ws, oracle, bg_rows, rows)
}

#[test]
fn model_agnostic_shap_of_an_imported_model_equals_shaps_exact_explainer() {
    let (_tmp, mut ws, oracle, bg_rows, rows) = shap_oracle_project("diabetes", "shap_mlp.json");
    ws.import_model(&byo("mlp.onnx"), None, &rt()).unwrap();
    let options = |method: &str, permutations: Option<usize>| modeldesk_app::ExplainOptions {
        method: Some(method.into()),
        background_data: Some("background".into()),
        permutations,
        ..Default::default()
    };
    let exact = ws
        .explain_view(
            "mlp",
            "diabetes",
            Some((0, rows)),
            &options("exact", None),
            &rt(),
            &NoProgress,
            &CancelToken::new(),
        )
        .unwrap();
    let features: Vec<&str> = oracle["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(exact.columns, features);
    assert_eq!(
        (exact.method.as_str(), exact.output_space.as_str()),
        ("exact", "value")
    );
    assert_eq!(exact.background, Some(bg_rows));
    close(
        exact.base[0],
        oracle["base_values"][0].as_f64().unwrap(),
        1e-4,
        "base value",
    );
    let want = numbers(&oracle["values"]);
    let scale = want.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    for (i, (got, want)) in exact.values.iter().zip(&want).enumerate() {
        close(*got, *want, 1e-4, &format!("exact value {i}"));
    }
    assert!(exact.max_additivity_error < 1e-9);
    // Antithetic permutations converge on the exact values.
    let sampled = ws
        .explain_view(
            "mlp",
            "diabetes",
            Some((0, rows)),
            &options("permutation", Some(200)),
            &rt(),
            &NoProgress,
            &CancelToken::new(),
        )
        .unwrap();
    assert!(sampled.max_additivity_error < 1e-9);
    for (i, (got, want)) in sampled.values.iter().zip(&want).enumerate() {
        close(*got, *want, 0.02 * scale, &format!("permutation value {i}"));
    }
    // Interactions and tree SHAP need a tree model trained here.
    let err = ws
        .explain_view(
            "mlp",
            "diabetes",
            None,
            &options("tree", None),
            &rt(),
            &NoProgress,
            &CancelToken::new(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("no tree ensemble"), "{err}");
}

#[test]
fn interventional_tree_shap_of_an_imported_lightgbm_model_equals_shaps_tree_explainer() {
    let (_tmp, mut ws, oracle, bg_rows, rows) =
        shap_oracle_project("breast_cancer", "shap_lgbm.json");
    ws.import_model(&byo("lgbm.onnx"), Some("gbm"), &rt())
        .unwrap();
    ws.set_model_io("gbm", None, None, Some("target".into()), &rt())
        .unwrap();
    let explain = |method: &str| {
        ws.explain_view(
            "gbm",
            "breast_cancer",
            Some((0, rows)),
            &modeldesk_app::ExplainOptions {
                method: Some(method.into()),
                background_data: Some("background".into()),
                ..Default::default()
            },
            &rt(),
            &NoProgress,
            &CancelToken::new(),
        )
    };
    // `auto` finds the trees in the graph.
    let view = explain("auto").unwrap();
    assert_eq!(
        (view.method.as_str(), view.output_space.as_str()),
        ("tree-interventional", "log-odds")
    );
    assert_eq!(view.background, Some(bg_rows));
    let features: Vec<&str> = oracle["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(view.columns, features);
    // ONNX stores LightGBM's double leaf values as f32: agreement to ~1e-7.
    close(
        view.base[0],
        oracle["base_value"].as_f64().unwrap(),
        1e-6,
        "base value",
    );
    let want = numbers(&oracle["values"]);
    assert_eq!(view.values.len(), want.len());
    for (i, (got, want)) in view.values.iter().zip(&want).enumerate() {
        close(*got, *want, 1e-6, &format!("value {i}"));
    }
    assert!(
        view.max_additivity_error < 1e-9,
        "{}",
        view.max_additivity_error
    );
    // The explained margins are LightGBM's raw scores.
    for (r, margin) in numbers(&oracle["margin"]).iter().enumerate() {
        let total = view.base[0] + view.values[r * 30..(r + 1) * 30].iter().sum::<f64>();
        close(total, *margin, 1e-5, &format!("margin of row {r}"));
    }
    // The result is kept: the same request reads it back, a different one computes.
    assert!(!view.stored);
    let again = explain("auto").unwrap();
    assert!(again.stored);
    assert_eq!(again.values, view.values);
    assert_eq!(again.feature_values, view.feature_values);
    // `tree` asks for it by name; the model-agnostic methods still apply.
    let named = explain("tree").unwrap();
    assert!(!named.stored);
    assert_eq!(named.values, view.values);
    let sampled = explain("permutation").unwrap();
    assert_eq!(sampled.output_space, "probability");
    // A weighted k-means background keeps the trees' values additive.
    let summarised = ws
        .explain_view(
            "gbm",
            "breast_cancer",
            Some((0, rows)),
            &modeldesk_app::ExplainOptions {
                background_kmeans: Some(8),
                ..Default::default()
            },
            &rt(),
            &NoProgress,
            &CancelToken::new(),
        )
        .unwrap();
    assert_eq!(summarised.method, "tree-interventional");
    assert_eq!(summarised.background, Some(8));
    assert!(summarised.max_additivity_error < 1e-9);
}
