//! Runs and models: a run is recorded when it starts and updated when it ends; models are
//! found by name or id, names are unique, and blobs must exist first.

use modeldesk_store::{
    NewDatasetVersion, NewEvaluation, NewModel, NewRun, RunStatus, Store, StoreError,
};

fn project_with_dataset() -> (tempfile::TempDir, Store, uuid::Uuid) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(dir.path(), "p", "ada").unwrap();
    let blob = store.blobs().put_bytes(b"not really parquet").unwrap();
    let version = store
        .add_dataset_version(&NewDatasetVersion {
            dataset_name: "churn".into(),
            parent_id: None,
            blob,
            recipe_json: "[]".into(),
            row_count: 3,
            column_count: 2,
            source_path: None,
            source_format: "csv".into(),
            schema_json: "[]".into(),
            import_json: "{}".into(),
            profile_json: None,
            author: "ada".into(),
        })
        .unwrap();
    (dir, store, version.id)
}

fn new_run(version: uuid::Uuid) -> NewRun {
    NewRun {
        dataset_version_id: version,
        split_id: None,
        target: "churned".into(),
        task: "binary".into(),
        model_family: "gbdt".into(),
        params_json: r#"{"num_leaves":31}"#.into(),
        author: "ada".into(),
    }
}

#[test]
fn runs_start_running_and_record_how_they_end() {
    let (dir, store, version) = project_with_dataset();
    let (run, _lease) = store.start_run(&new_run(version)).unwrap();
    assert_eq!(run.status, RunStatus::Running);
    assert_eq!(run.target, "churned");
    assert!(run.finished_at.is_none());
    store
        .finish_run(run.id, RunStatus::Finished, r#"{"auc":0.9}"#, "[]", None)
        .unwrap();
    let (failed, _failed_lease) = store.start_run(&new_run(version)).unwrap();
    store
        .finish_run(
            failed.id,
            RunStatus::Failed,
            "{}",
            "[]",
            Some("target constant"),
        )
        .unwrap();
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    let runs = store.runs().unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0].id, failed.id, "newest first");
    assert_eq!(runs[0].error.as_deref(), Some("target constant"));
    assert_eq!(runs[1].status, RunStatus::Finished);
    assert_eq!(runs[1].metrics_json, r#"{"auc":0.9}"#);
    let missing = uuid::Uuid::now_v7();
    assert!(matches!(
        store.finish_run(missing, RunStatus::Failed, "{}", "[]", None),
        Err(StoreError::NotFound { what: "run", .. })
    ));
}

#[test]
fn a_run_is_never_seen_without_its_lease() {
    use std::sync::atomic::{AtomicBool, Ordering};
    /// Sets its flag when dropped, also when a panic unwinds (so the other thread stops).
    struct SetOnDrop<'a>(&'a AtomicBool);
    impl Drop for SetOnDrop<'_> {
        fn drop(&mut self) {
            self.0.store(true, Ordering::Relaxed);
        }
    }
    // Another process opening the project marks runs left running by a dead process as
    // interrupted: it must never take a run being started for one, nor overwrite how a run
    // that has just finished ended.
    let (dir, store, version) = project_with_dataset();
    let done = AtomicBool::new(false);
    let (taken, interrupted) = std::thread::scope(|scope| {
        let recovering = scope.spawn(|| {
            let other = Store::open(dir.path()).unwrap();
            let mut interrupted = 0;
            while !done.load(Ordering::Relaxed) {
                interrupted += other.recover_interrupted_runs().unwrap().len();
            }
            interrupted
        });
        let stop = SetOnDrop(&done);
        let mut taken: Vec<uuid::Uuid> = Vec::new();
        for i in 0..200 {
            let (run, lease) = if i % 2 == 0 {
                store.start_run(&new_run(version)).unwrap()
            } else {
                store.queue_run(&new_run(version)).unwrap()
            };
            let status = store.run(run.id).unwrap().status;
            if !matches!(status, RunStatus::Running | RunStatus::Queued) {
                taken.push(run.id);
            }
            store
                .finish_run(run.id, RunStatus::Finished, "{}", "[]", None)
                .unwrap();
            drop(lease);
        }
        drop(stop);
        (taken, recovering.join().unwrap())
    });
    assert!(
        taken.is_empty(),
        "runs being started were taken for interrupted: {taken:?}"
    );
    assert_eq!(interrupted, 0, "finished runs were marked interrupted");
    assert!(
        store
            .runs()
            .unwrap()
            .iter()
            .all(|r| r.status == RunStatus::Finished)
    );
    // A run whose lease is gone (its process died) is recovered.
    let other = Store::open(dir.path()).unwrap();
    let (run, lease) = store.start_run(&new_run(version)).unwrap();
    assert!(other.recover_interrupted_runs().unwrap().is_empty());
    drop(lease);
    assert_eq!(other.recover_interrupted_runs().unwrap(), [run.id]);
    assert_eq!(store.run(run.id).unwrap().status, RunStatus::Failed);
}

#[test]
fn models_resolve_by_name_or_id_and_names_are_unique() {
    let (_dir, store, version) = project_with_dataset();
    let (run, _lease) = store.start_run(&new_run(version)).unwrap();
    let onnx = store.blobs().put_bytes(b"onnx bytes").unwrap();
    let sidecar = store.blobs().put_bytes(b"{}").unwrap();
    let new = NewModel {
        run_id: Some(run.id),
        name: "churn-gbdt-1".into(),
        blob: onnx.clone(),
        sidecar: Some(sidecar),
        meta_json: r#"{"task":"binary"}"#.into(),
        author: "ada".into(),
    };
    let m = store.add_model(&new).unwrap();
    assert_eq!(store.resolve_model("churn-gbdt-1").unwrap(), m);
    assert_eq!(store.resolve_model(&m.id.to_string()).unwrap(), m);
    let err = store.add_model(&new).unwrap_err();
    assert!(err.to_string().contains("already taken"), "{err}");
    let err = store
        .add_model(&NewModel {
            name: "other".into(),
            blob: modeldesk_store::BlobRef {
                sha256: "0".repeat(64),
                size: 1,
            },
            ..new
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::BlobMissing { .. }), "{err}");
    assert!(matches!(
        store.resolve_model("nope"),
        Err(StoreError::NotFound { what: "model", .. })
    ));
    assert_eq!(store.models().unwrap().len(), 1);
}

#[test]
fn imported_models_have_editable_meta_and_evaluations() {
    let (_dir, store, version) = project_with_dataset();
    let onnx = store.blobs().put_bytes(b"onnx bytes").unwrap();
    let model = store
        .add_model(&NewModel {
            run_id: None,
            name: "rf".into(),
            blob: onnx,
            sidecar: None,
            meta_json: r#"{"family":"onnx"}"#.into(),
            author: "ada".into(),
        })
        .unwrap();
    store
        .set_model_meta(model.id, r#"{"family":"onnx","mapped":true}"#)
        .unwrap();
    assert!(
        store
            .resolve_model("rf")
            .unwrap()
            .meta_json
            .contains("mapped")
    );
    assert!(matches!(
        store.set_model_meta(uuid::Uuid::now_v7(), "{}"),
        Err(StoreError::NotFound { what: "model", .. })
    ));
    let evaluation = store
        .add_evaluation(&NewEvaluation {
            model_id: model.id,
            dataset_version_id: version,
            part: "test".into(),
            target: "churned".into(),
            rows: 3,
            metrics_json: r#"{"task":"binary","auc":0.75}"#.into(),
            author: "ada".into(),
        })
        .unwrap();
    assert_eq!((evaluation.rows, evaluation.part.as_str()), (3, "test"));
    assert_eq!(store.evaluations().unwrap(), vec![evaluation]);
}
