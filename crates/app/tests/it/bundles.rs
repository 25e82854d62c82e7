//! Model bundles through the facade: a bundle opened outside any project predicts what the
//! project predicts, and explains a row additively against its sample rows.

use std::collections::BTreeMap;

use modeldesk_app::{
    BundleOptions, CancelToken, ImportOptions, NoProgress, OpenedBundle, SplitSpec, TrainRequest,
};
use modeldesk_runtime::RuntimeOptions;

use crate::wine_workspace;

#[test]
fn an_opened_bundle_predicts_like_the_project_and_explains_rows_additively() {
    let (tmp, mut ws) = wine_workspace();
    ws.split_dataset("wine", &SplitSpec::default()).unwrap();
    let outcome = ws
        .train_model(
            &TrainRequest {
                dataset: "wine".into(),
                target: "target".into(),
                params: BTreeMap::from([("num_iterations".to_owned(), "15".to_owned())]),
                ..Default::default()
            },
            &modeldesk_app::Silent,
            &CancelToken::new(),
        )
        .unwrap();
    let bundle = tmp.path().join("wine.mdbundle");
    let options = BundleOptions {
        sample_rows: Some(8),
        ..BundleOptions::default()
    };
    let manifest = ws
        .export_model_bundle(
            &outcome.model,
            &bundle,
            &options,
            false,
            &NoProgress,
            &CancelToken::new(),
        )
        .unwrap();
    assert_eq!(manifest.model, outcome.model);

    let csv =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../train/tests/data/wine_train.csv");
    let ours = tmp.path().join("project.csv");
    let runtime = RuntimeOptions::default();
    ws.predict_file(
        &outcome.model,
        &csv,
        &ours,
        &ImportOptions::default(),
        &runtime,
        false,
        &NoProgress,
        &CancelToken::new(),
    )
    .unwrap();
    let opened = OpenedBundle::open(&bundle, &runtime).unwrap();
    assert_eq!(opened.bundle.card.classes, outcome.classes);
    let predicted = opened
        .predict_file(&csv, &NoProgress, &CancelToken::new())
        .unwrap();
    assert_eq!(
        predicted.added,
        ["predicted_label", "prob_0", "prob_1", "prob_2"]
    );
    let saved = tmp.path().join("viewer.csv");
    let rows = OpenedBundle::save_predictions(&predicted, &saved, false).unwrap();
    assert_eq!(rows, 133);
    assert_eq!(
        std::fs::read_to_string(&saved).unwrap(),
        std::fs::read_to_string(&ours).unwrap()
    );

    // One row's values add up to its probability minus the mean over the sample rows.
    let row = 17;
    let e = opened
        .explain_row(&predicted, row, &CancelToken::new())
        .unwrap();
    assert_eq!(e.method, "permutation", "13 columns: above the exact limit");
    assert_eq!(e.columns.len(), 13);
    assert_eq!(e.outputs, ["0", "1", "2"]);
    let text = std::fs::read_to_string(&ours).unwrap();
    let line: Vec<f64> = text
        .lines()
        .nth(row + 1)
        .unwrap()
        .rsplit(',')
        .take(3)
        .map(|v| v.parse().unwrap())
        .collect();
    let probs = [line[2], line[1], line[0]];
    for (k, p) in probs.iter().enumerate() {
        let sum: f64 = e.values[k * 13..(k + 1) * 13].iter().sum();
        assert!(
            (e.base[k] + sum - p).abs() < 1e-6,
            "class {k}: {} + {sum} vs {p}",
            e.base[k]
        );
    }
    assert!(
        opened
            .explain_row(&predicted, 1000, &CancelToken::new())
            .is_err()
    );
}
