//! The first-run sample project: made by the same calls as a person's clicks, every panel's
//! content there, reopened rather than remade, nothing left behind when cancelled.

use std::sync::Mutex;

use modeldesk_app::{
    CancelToken, ErrorCode, ExplainOptions, JobProgress, Metrics, SAMPLE_EXPLAIN_ROWS, SAMPLE_STEPS,
};
use modeldesk_runtime::RuntimeOptions;

use crate::workspace;

#[test]
fn sample_project_has_data_models_an_explanation_and_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = workspace(&tmp.path().join("cfg"));
    let dir = tmp.path().join("sample");
    let stages = Mutex::new(Vec::new());
    let progress = |p: JobProgress| stages.lock().unwrap().push((p.stage, p.done, p.total));
    let runtime = RuntimeOptions::default();
    let project = ws
        .open_sample_project(&dir, "en", &runtime, &progress, &CancelToken::new())
        .unwrap();
    assert_eq!(project.name, "Sample project");
    let stages = stages.into_inner().unwrap();
    let expected: Vec<_> = SAMPLE_STEPS
        .iter()
        .enumerate()
        .map(|(i, s)| (*s, i as u64, Some(SAMPLE_STEPS.len() as u64)))
        .collect();
    assert_eq!(stages, expected);

    // Data: the whole study, profiled and split stratified.
    let datasets = ws.datasets().unwrap();
    assert_eq!(datasets.len(), 1);
    assert_eq!(datasets[0].rows, 569);
    assert_eq!(datasets[0].columns.len(), 31);
    let (split, plan) = ws.dataset_split("breast_cancer@1").unwrap().unwrap();
    assert_eq!(split.strategy, "stratified");
    assert_eq!(plan.counts, [399, 85, 85]);

    // Two finished runs and models; the trees, trained last, come first.
    let runs = ws.run_summaries(None).unwrap();
    assert_eq!(runs.len(), 2);
    assert!(runs.iter().all(|r| r.status == "finished"), "{runs:?}");
    let models = ws.models().unwrap();
    let names: Vec<_> = models.iter().map(|m| m.summary.family.as_str()).collect();
    assert_eq!(names, ["gbdt", "linear"]);
    let trees = &models[0];
    let detail = ws.run_detail(trees.run_id.as_deref().unwrap()).unwrap();
    let Some(Metrics::Binary(test)) = detail.metrics.and_then(|m| m.test) else {
        panic!("binary test metrics expected");
    };
    assert!(test.auc > 0.97, "test AUC {}", test.auc);

    // Explain: the request the panel makes first is stored, and its values add up.
    let view = ws
        .explain_view(
            &trees.name,
            "breast_cancer@1",
            Some((0, SAMPLE_EXPLAIN_ROWS)),
            &ExplainOptions {
                method: Some("auto".to_owned()),
                ..ExplainOptions::default()
            },
            &runtime,
            &modeldesk_app::NoProgress,
            &CancelToken::new(),
        )
        .unwrap();
    assert!(view.stored);
    assert_eq!(view.rows, 500);
    assert_eq!(view.method, "tree");
    assert!(view.max_additivity_error < 1e-6);

    // Notes: one pinned note on the trees, with the real figures.
    let notes = ws.notes(None, None, None, false).unwrap();
    assert_eq!(notes.len(), 1);
    let note = &notes[0];
    assert!(note.pinned);
    assert_eq!(note.entity_kind, "model");
    assert_eq!(note.entity_id.as_deref(), Some(trees.id.as_str()));
    assert!(
        note.body.contains(&format!("AUC {:.3}", test.auc)),
        "{}",
        note.body
    );
    for top in view.importance.iter().take(3) {
        assert!(
            note.body.contains(&format!("`{}`", top.feature)),
            "{}",
            note.body
        );
    }
    let linked: Vec<_> = note.links.iter().map(|l| l.kind.as_str()).collect();
    assert_eq!(linked, ["dataset", "model", "model", "model"]);
    assert!(dir.join("breast_cancer.csv").is_file());

    // Asked again, the sample opens as it is; nothing is made twice.
    ws.close_project();
    let again = ws
        .open_sample_project(
            &dir,
            "en",
            &runtime,
            &modeldesk_app::NoProgress,
            &CancelToken::new(),
        )
        .unwrap();
    assert_eq!(again.id, project.id);
    assert_eq!(ws.models().unwrap().len(), 2);
    assert_eq!(ws.recent().list().len(), 1);
}

#[test]
fn sample_note_follows_the_language() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = workspace(&tmp.path().join("cfg"));
    let project = ws
        .open_sample_project(
            &tmp.path().join("示例"),
            "zh-CN",
            &RuntimeOptions::default(),
            &modeldesk_app::NoProgress,
            &CancelToken::new(),
        )
        .unwrap();
    assert_eq!(project.name, "示例项目");
    let notes = ws.notes(None, None, None, false).unwrap();
    assert_eq!(notes[0].title, "关于这个示例项目");
    assert!(notes[0].body.contains("准确率"));
}

#[test]
fn a_cancelled_sample_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = workspace(&tmp.path().join("cfg"));
    let dir = tmp.path().join("sample");
    let cancel = CancelToken::new();
    // Cancelled once the models are being trained: the project exists by then.
    let progress = |p: JobProgress| {
        if p.stage == "gbdt" {
            cancel.cancel();
        }
    };
    let err = ws
        .open_sample_project(&dir, "en", &RuntimeOptions::default(), &progress, &cancel)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Cancelled);
    assert!(!dir.exists());
    assert!(ws.current().is_none());
    assert!(ws.recent().list().is_empty());
}
