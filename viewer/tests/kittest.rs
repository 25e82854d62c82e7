//! The viewer with egui_kittest (no window: the AccessKit tree): a real bundle exported by a
//! real project opens and shows its card, metrics, SHAP plots and notes; a data file gets
//! predictions and a row waterfall; a damaged bundle shows why it cannot be opened.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use modeldesk_app::{
    BundleOptions, CancelToken, ImportOptions, Metrics, NoProgress, NoteInput, RecentProjects,
    SplitSpec, TrainRequest, Workspace,
};
use modeldesk_viewer::{Tab, ViewerApp};

fn wine_csv() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/train/tests/data/wine_train.csv")
}

/// Trains a wine model with a note and exports its bundle; returns the bundle and the test
/// accuracy the project measured.
fn wine_bundle(dir: &Path) -> (PathBuf, f64) {
    let mut ws = Workspace::new(RecentProjects::in_dir(&dir.join("cfg")));
    ws.create_project(&dir.join("p"), None).unwrap();
    ws.import_dataset(
        &wine_csv(),
        Some("wine"),
        &ImportOptions::default(),
        &NoProgress,
        &CancelToken::new(),
    )
    .unwrap();
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
    ws.add_note(&NoteInput {
        entity_kind: "model".into(),
        entity: Some(outcome.model.clone()),
        title: "Why fifteen trees".into(),
        body: "More did not help on validation.".into(),
        tags: vec![],
        pinned: false,
    })
    .unwrap();
    let bundle = dir.join("wine.mdbundle");
    ws.export_model_bundle(
        &outcome.model,
        &bundle,
        &BundleOptions::default(),
        false,
        &NoProgress,
        &CancelToken::new(),
    )
    .unwrap();
    let Some(Metrics::Multiclass(test)) = outcome.metrics.test else {
        panic!("multiclass test metrics")
    };
    (bundle, test.accuracy)
}

fn harness(app: ViewerApp) -> Harness<'static, ViewerApp> {
    Harness::builder()
        .with_size([1100.0, 900.0])
        .build_ui_state(|ui, app: &mut ViewerApp| app.show(ui), app)
}

#[test]
fn a_bundle_opens_with_its_card_metrics_shap_and_notes() {
    let tmp = tempfile::tempdir().unwrap();
    let (bundle, accuracy) = wine_bundle(tmp.path());
    let mut h = harness(ViewerApp::with_bundle(Some(&bundle)));
    h.run();
    assert!(h.state().error().is_none(), "{:?}", h.state().error());
    // The toolbar and the card's heading.
    assert_eq!(h.query_all_by_label("wine-gbdt-1").count(), 2);
    h.get_by_label("A gbdt multiclass model predicting “target” (classes: 0, 1, 2).");
    // The test accuracy the project measured, as the card's metrics grid shows it.
    h.get_by_label("test");
    assert!(
        h.query_all_by_label(&format!("{accuracy:.4}"))
            .next()
            .is_some()
    );
    h.get_by_label("Training curve");

    h.get_by_label("Explain").click();
    h.run();
    assert_eq!(h.state().tab(), Tab::Explain);
    h.get_by_label("Mean |SHAP value| per column");
    h.get_by_label("Every sample row (colour: the column's value, blue low, red high)");
    h.get_by_label("Waterfall of sample row");

    h.get_by_label("Notes").click();
    h.run();
    h.get_by_label("Why fifteen trees");
    h.get_by_label("More did not help on validation.");
}

#[test]
fn a_dropped_data_file_is_predicted_and_a_row_explained() {
    let tmp = tempfile::tempdir().unwrap();
    let (bundle, _) = wine_bundle(tmp.path());
    let mut h = harness(ViewerApp::with_bundle(Some(&bundle)));
    h.run();
    h.state_mut().receive_drops([wine_csv().as_path()]);
    h.state_mut().wait_for_predictions();
    h.run();
    assert_eq!(h.state().tab(), Tab::Predict);
    let p = h.state().predictions().expect("predictions");
    assert_eq!(p.rows(), 133);
    assert_eq!(p.added, ["predicted_label", "prob_0", "prob_1", "prob_2"]);
    h.get_by_label(&format!("133 rows of {} predicted", wine_csv().display()));
    h.get_by_label("prob_1");
    h.get_by_label("Explain row").click();
    h.run();
    h.get_by_label("Row 0: permutation SHAP values against the bundle's sample rows");
}

#[test]
fn a_damaged_bundle_or_data_without_a_bundle_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let (bundle, _) = wine_bundle(tmp.path());
    let bytes = std::fs::read(&bundle).unwrap();
    let cut = tmp.path().join("cut.mdbundle");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let mut h = harness(ViewerApp::with_bundle(Some(&cut)));
    h.run();
    let error = h.state().error().unwrap().to_owned();
    assert!(
        error.contains("cut.mdbundle") && error.contains("truncated"),
        "{error}"
    );
    h.get_by_label(&error);

    let mut h = harness(ViewerApp::default());
    h.state_mut().receive_drops([wine_csv().as_path()]);
    h.run();
    assert!(
        h.state()
            .error()
            .unwrap()
            .contains("open a model bundle (.mdbundle) first")
    );
}
