//! Facade tests: the workspace against real project folders and the real ONNX Runtime.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

mod bundles;
mod byo;
mod confusion;
mod datasets;
mod queue;
mod sample;

use modeldesk_app::{ErrorCode, RecentProjects, Workspace, doctor};
use modeldesk_runtime::RuntimeOptions;

/// Files under a project's `blobs/`.
pub fn blob_files(project: &std::path::Path) -> usize {
    fn walk(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir).map_or(0, |entries| {
            entries
                .flatten()
                .map(|e| {
                    if e.path().is_dir() {
                        walk(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
    }
    walk(&project.join("blobs"))
}

/// A workspace whose recent list lives in `config`.
pub fn workspace(config: &std::path::Path) -> Workspace {
    Workspace::new(RecentProjects::in_dir(config))
}

#[test]
fn create_open_and_recent_list() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let mut ws = workspace(&cfg);
    assert!(ws.current().is_none());
    assert_eq!(ws.store().unwrap_err().code(), ErrorCode::NoProject);

    let a = ws.create_project(&tmp.path().join("alpha"), None).unwrap();
    assert_eq!(a.name, "alpha");
    let b = ws
        .create_project(&tmp.path().join("beta"), Some("Beta study"))
        .unwrap();
    assert_eq!(ws.current().unwrap().id, b.id);
    ws.close_project();
    assert!(ws.current().is_none());

    let reopened = ws.open_project(&tmp.path().join("alpha")).unwrap();
    assert_eq!(reopened.id, a.id);
    let recent = ws.recent().list();
    let names: Vec<_> = recent.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["alpha", "Beta study"]);
    assert!(recent.iter().all(|r| r.exists));

    std::fs::remove_dir_all(tmp.path().join("beta")).unwrap();
    let recent = workspace(&cfg).recent().list();
    assert_eq!(
        recent.iter().map(|r| r.exists).collect::<Vec<_>>(),
        [true, false]
    );
}

#[test]
fn errors_carry_stable_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = workspace(&tmp.path().join("cfg"));
    let missing = ws.open_project(&tmp.path().join("missing")).unwrap_err();
    assert_eq!(missing.code(), ErrorCode::NotFound);
    ws.create_project(&tmp.path().join("p"), None).unwrap();
    let dup = ws.create_project(&tmp.path().join("p"), None).unwrap_err();
    assert_eq!(dup.code(), ErrorCode::AlreadyExists);
    let empty = ws
        .create_project(std::path::Path::new(""), None)
        .unwrap_err();
    assert_eq!(empty.code(), ErrorCode::InvalidInput);
    std::fs::create_dir_all(tmp.path().join("junk")).unwrap();
    std::fs::write(tmp.path().join("junk/project.sqlite"), vec![7u8; 4096]).unwrap();
    let corrupt = ws.open_project(&tmp.path().join("junk")).unwrap_err();
    assert_eq!(corrupt.code(), ErrorCode::Corrupt);
}

#[test]
fn a_corrupt_recent_file_is_an_empty_list_and_is_repaired_on_next_open() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(cfg.join("recent-projects.json"), "{not json").unwrap();
    let mut ws = workspace(&cfg);
    assert!(ws.recent().list().is_empty());
    ws.create_project(&tmp.path().join("p"), None).unwrap();
    assert_eq!(ws.recent().list().len(), 1);
}

#[test]
fn doctor_reports_runtime_and_store() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = workspace(&tmp.path().join("cfg"));
    ws.create_project(&tmp.path().join("p"), Some("Doc"))
        .unwrap();
    let report = doctor(Some(&tmp.path().join("p")), &RuntimeOptions::default());
    assert!(report.ok(), "{report:?}");
    assert_eq!(report.runtime.ort_version.as_deref(), Some("1.31.1"));
    assert_eq!(report.runtime.active_provider.as_deref(), Some("CPU"));
    let store = report.store.unwrap();
    assert_eq!(store.name.as_deref(), Some("Doc"));
    assert_eq!(store.journal_mode.as_deref(), Some("wal"));

    let bad = doctor(Some(&tmp.path().join("nope")), &RuntimeOptions::default());
    assert!(!bad.ok());
    assert!(
        bad.store
            .unwrap()
            .error
            .unwrap()
            .contains("not a ModelDesk project")
    );
}

/// A workspace with a project `p` holding the CSV at `csv` as dataset `name`.
pub fn csv_workspace(csv: &std::path::Path, name: &str) -> (tempfile::TempDir, Workspace) {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = workspace(&tmp.path().join("cfg"));
    ws.create_project(&tmp.path().join("p"), None).unwrap();
    ws.import_dataset(
        csv,
        Some(name),
        &modeldesk_app::ImportOptions::default(),
        &modeldesk_app::NoProgress,
        &modeldesk_app::CancelToken::new(),
    )
    .unwrap();
    (tmp, ws)
}

/// A workspace with a project `p` holding scikit-learn's wine training CSV as `wine`.
pub fn wine_workspace() -> (tempfile::TempDir, Workspace) {
    let csv =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../train/tests/data/wine_train.csv");
    csv_workspace(&csv, "wine")
}

#[test]
fn a_run_left_running_by_a_dead_process_is_marked_interrupted_on_open() {
    let (tmp, mut ws) = wine_workspace();
    let project = tmp.path().join("p");
    let request = modeldesk_app::TrainRequest {
        dataset: "wine".into(),
        target: "target".into(),
        ..Default::default()
    };
    // The run is recorded as running and its process holds the lease.
    let job = ws.start_training(&request).unwrap();
    let mut other = workspace(&tmp.path().join("cfg2"));
    other.open_project(&project).unwrap();
    assert_eq!(
        other.run_summaries(None).unwrap()[0].status,
        "running",
        "its process is alive"
    );
    // The process dies mid-run (its lease goes with it; the store still says running).
    drop(job);
    other.open_project(&project).unwrap();
    let run = &other.run_summaries(None).unwrap()[0];
    assert_eq!(run.status, "failed");
    assert!(
        run.error.as_deref().unwrap().starts_with("interrupted"),
        "{run:?}"
    );
    // A finished run is left alone.
    ws.train_model(
        &request,
        &modeldesk_app::Silent,
        &modeldesk_app::CancelToken::new(),
    )
    .unwrap();
    other.open_project(&project).unwrap();
    let statuses: Vec<String> = other
        .run_summaries(None)
        .unwrap()
        .into_iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, ["finished", "failed"]);
}
