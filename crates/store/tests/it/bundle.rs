//! Project bundles: export, merge by UUID (idempotent), concurrent note edits kept, name
//! clashes renamed, and crafted archives refused with nothing changed.

use std::io::Write;

use modeldesk_store::{
    BundleLimits, NewDatasetVersion, NewModel, NewRun, NoteDraft, ReviewAction, SearchFilter,
    Store, StoreError,
};

fn project(dir: &std::path::Path, name: &str) -> Store {
    Store::create(&dir.join(name), name, "ada").unwrap()
}

fn dataset(store: &mut Store, name: &str, bytes: &[u8]) {
    let blob = store.blobs().put_bytes(bytes).unwrap();
    store
        .add_dataset_version(&NewDatasetVersion {
            dataset_name: name.into(),
            parent_id: None,
            blob,
            recipe_json: "[]".into(),
            row_count: 1,
            column_count: 1,
            source_path: None,
            source_format: "csv".into(),
            schema_json: "[]".into(),
            import_json: "{}".into(),
            profile_json: None,
            author: "ada".into(),
        })
        .unwrap();
}

fn note(title: &str, body: &str) -> NoteDraft {
    NoteDraft {
        entity_kind: "project".into(),
        title: title.into(),
        body: body.into(),
        ..NoteDraft::default()
    }
}

/// A project with a dataset, a starred and tagged run, a model under review, a note and a
/// thread.
fn team_work(dir: &std::path::Path) -> Store {
    let mut a = project(dir, "alpha");
    dataset(&mut a, "sales", b"parquet bytes of alpha");
    let (run, _lease) = a
        .start_run(&NewRun {
            dataset_version_id: a.resolve_dataset("sales").unwrap().id,
            split_id: None,
            target: "churned".into(),
            task: "binary".into(),
            model_family: "gbdt".into(),
            params_json: "{}".into(),
            author: "ada".into(),
        })
        .unwrap();
    a.set_run_labels(run.id, Some(true), Some(&["baseline".into()]))
        .unwrap();
    let blob = a.blobs().put_bytes(b"onnx of alpha").unwrap();
    let model = a
        .add_model(&NewModel {
            run_id: None,
            name: "churn".into(),
            blob,
            sidecar: None,
            meta_json: "{}".into(),
            author: "ada".into(),
        })
        .unwrap();
    a.review_action(
        model.id,
        ReviewAction::Request,
        "ada",
        &["bo".into()],
        "May release",
    )
    .unwrap();
    let n = a.add_note(&note("Goals", "Ship in May."), "ada").unwrap();
    let c = a
        .add_comment("note", Some(&n.id.to_string()), None, "Why May?", "bo")
        .unwrap();
    a.add_comment("note", None, Some(c.id), "Release train.", "ada")
        .unwrap();
    a
}

#[test]
fn a_bundle_merges_by_uuid_and_twice_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let a = team_work(tmp.path());
    let file = tmp.path().join("team.mdproj");
    let manifest = a.export_bundle(&file, true, "ada").unwrap();
    assert!(manifest.includes_data);
    assert_eq!(manifest.blobs, 2, "the dataset snapshot and the model");
    assert!(!tmp.path().join("team.mdproj.partial").exists());

    let mut b = project(tmp.path(), "beta");
    b.add_note(&note("Beta's own", "stays"), "bo").unwrap();
    let report = b.import_bundle(&file, BundleLimits::default()).unwrap();
    assert_eq!(report.added["notes"], 1);
    assert_eq!(report.added["comments"], 2);
    assert_eq!(report.added["models"], 1);
    assert_eq!(report.added["datasets"], 1);
    assert_eq!(report.blobs_added, 2);
    assert_eq!(b.notes(None, None, false).unwrap().len(), 2);
    let model = b.resolve_model("churn").unwrap();
    assert_eq!(
        b.blobs().read(&model.blob_sha256).unwrap(),
        b"onnx of alpha"
    );
    assert_eq!(b.review(model.id).unwrap().events.len(), 1);
    assert_eq!(b.resolve_dataset("sales").unwrap().row_count, 1);
    // Every column of a run comes along, those later schema versions added included.
    assert_eq!(report.added["runs"], 1);
    let runs = b.runs().unwrap();
    assert_eq!(
        (runs[0].starred, runs[0].tags.as_slice()),
        (true, ["baseline".to_owned()].as_slice())
    );
    assert!(runs[0].code_version.is_some());
    assert_eq!(runs, a.runs().unwrap());
    // Searchable after the merge (the FTS index follows the rows).
    assert_eq!(
        b.search("may", &SearchFilter::default(), 10).unwrap().len(),
        2
    );

    let again = b.import_bundle(&file, BundleLimits::default()).unwrap();
    assert!(again.is_noop(), "{again:?}");
    assert_eq!(b.notes(None, None, false).unwrap().len(), 2);
}

#[test]
fn concurrent_edits_of_one_note_are_both_kept_with_the_later_current() {
    let tmp = tempfile::tempdir().unwrap();
    let a = team_work(tmp.path());
    let first = tmp.path().join("first.mdproj");
    a.export_bundle(&first, false, "ada").unwrap();
    let mut b = project(tmp.path(), "beta");
    b.import_bundle(&first, BundleLimits::default()).unwrap();
    let id = b.notes(None, None, false).unwrap()[0].id;
    // Both edit version 1; bo first, ada later.
    b.edit_note(id, &note("Goals", "Ship in June (bo)."), Some(1), "bo")
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    a.edit_note(id, &note("Goals", "Ship in July (ada)."), Some(1), "ada")
        .unwrap();
    let second = tmp.path().join("second.mdproj");
    a.export_bundle(&second, false, "ada").unwrap();
    let report = b.import_bundle(&second, BundleLimits::default()).unwrap();
    assert_eq!(report.merged_notes, 1);
    let versions = b.note_versions(id).unwrap();
    let bodies: Vec<&str> = versions.iter().map(|v| v.body.as_str()).collect();
    assert_eq!(
        bodies,
        ["Ship in May.", "Ship in June (bo).", "Ship in July (ada)."]
    );
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    let current = b.note(id).unwrap();
    assert_eq!(
        (current.body.as_str(), current.version),
        ("Ship in July (ada).", 3)
    );
    assert!(
        b.import_bundle(&second, BundleLimits::default())
            .unwrap()
            .is_noop()
    );
    // A bundle without data leaves the snapshot out, but its metadata in.
    assert!(!report.manifest.unwrap().includes_data);
}

#[test]
fn a_taken_name_is_renamed_not_merged() {
    let tmp = tempfile::tempdir().unwrap();
    let a = team_work(tmp.path());
    let file = tmp.path().join("team.mdproj");
    a.export_bundle(&file, true, "ada").unwrap();
    let mut b = project(tmp.path(), "beta");
    dataset(&mut b, "sales", b"beta's own sales");
    let report = b.import_bundle(&file, BundleLimits::default()).unwrap();
    assert_eq!(report.renamed.len(), 1, "{report:?}");
    assert!(report.renamed[0].starts_with("dataset sales → sales (from bundle "));
    assert_eq!(b.datasets().unwrap().len(), 2);
    let own = b.resolve_dataset("sales").unwrap();
    assert_eq!(
        b.blobs().read(&own.blob_sha256).unwrap(),
        b"beta's own sales"
    );
}

/// A zip with the given entries.
fn crafted(path: &std::path::Path, entries: &[(&str, Vec<u8>)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in entries {
        zip.start_file(
            *name,
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated),
        )
        .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn crafted_archives_are_refused_and_change_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let a = team_work(tmp.path());
    let good = tmp.path().join("good.mdproj");
    a.export_bundle(&good, false, "ada").unwrap();
    let mut b = project(tmp.path(), "beta");
    let before = b.notes(None, None, false).unwrap().len();

    let traversal = tmp.path().join("traversal.mdproj");
    crafted(
        &traversal,
        &[
            ("manifest.json", b"{}".to_vec()),
            ("../../evil.sh", b"rm -rf /".to_vec()),
        ],
    );
    let err = b
        .import_bundle(&traversal, BundleLimits::default())
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Invalid {
            field: "bundle",
            ..
        }
    ));
    assert!(err.to_string().contains("\"../../evil.sh\""), "{err}");
    assert!(!tmp.path().join("evil.sh").exists());

    // A small archive that expands past the limit (a "zip bomb").
    let bomb = tmp.path().join("bomb.mdproj");
    crafted(&bomb, &[("project.sqlite", vec![0u8; 5_000_000])]);
    assert!(std::fs::metadata(&bomb).unwrap().len() < 100_000);
    let limits = BundleLimits {
        max_bytes: 1_000_000,
        max_entries: 10,
    };
    let err = b.import_bundle(&bomb, limits).unwrap_err();
    assert!(err.to_string().contains("size limit"), "{err}");

    let not_zip = tmp.path().join("junk.mdproj");
    std::fs::write(&not_zip, b"not a zip").unwrap();
    assert!(b.import_bundle(&not_zip, BundleLimits::default()).is_err());
    let no_manifest = tmp.path().join("nomanifest.mdproj");
    crafted(&no_manifest, &[("project.sqlite", b"x".to_vec())]);
    assert!(
        b.import_bundle(&no_manifest, BundleLimits::default())
            .unwrap_err()
            .to_string()
            .contains("manifest")
    );

    assert_eq!(b.notes(None, None, false).unwrap().len(), before);
    assert!(b.resolve_model("churn").is_err());
    // The good one still imports.
    b.import_bundle(&good, BundleLimits::default()).unwrap();
    assert!(b.resolve_model("churn").is_ok());
}
