//! Importing into a project: versions, rows, splits, and nothing stored when an import fails.
#![allow(clippy::format_push_string)]

use modeldesk_app::ErrorCode;
use modeldesk_data::{CancelToken, ImportOptions, JobProgress, NoProgress};
use serde_json::json;

use crate::{blob_files, workspace};

#[test]
fn import_list_and_read_rows_with_versions() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = workspace(&tmp.path().join("cfg"));
    let project = tmp.path().join("p");
    ws.create_project(&project, None).unwrap();
    let src = tmp.path().join("sales.csv");
    std::fs::write(&src, "region,units\nnorth,3\nsouth,5\nnorth,\n").unwrap();
    let before = std::fs::read(&src).unwrap();

    let first = ws
        .import_dataset(
            &src,
            None,
            &ImportOptions::default(),
            &NoProgress,
            &CancelToken::new(),
        )
        .unwrap();
    assert_eq!(
        (
            first.dataset.name.as_str(),
            first.dataset.version,
            first.dataset.rows
        ),
        ("sales", 1, 3)
    );
    assert_eq!(first.dataset.columns[1].ty, "integer");
    assert_eq!(
        std::fs::read(&src).unwrap(),
        before,
        "the source file must not change"
    );

    std::fs::write(&src, "region,units\neast,7\n").unwrap();
    let second = ws
        .import_dataset(
            &src,
            Some("sales"),
            &ImportOptions::default(),
            &NoProgress,
            &CancelToken::new(),
        )
        .unwrap();
    assert_eq!(second.dataset.version, 2);
    assert_eq!(second.dataset.dataset_id, first.dataset.dataset_id);

    let list = ws.datasets().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].version, 2);
    let v1 = ws.dataset_rows("sales@1", 1, 10).unwrap();
    assert_eq!(v1.total_rows, 3);
    assert_eq!(
        v1.rows,
        vec![
            vec![json!("south"), json!(5)],
            vec![json!("north"), json!(null)]
        ]
    );
    let latest = ws.dataset_rows("sales", 0, 10).unwrap();
    assert_eq!(latest.rows, vec![vec![json!("east"), json!(7)]]);
    let by_id = ws.dataset(&first.dataset.id).unwrap();
    assert_eq!(by_id.version, 1);
    assert_eq!(ws.dataset("nope").unwrap_err().code(), ErrorCode::NotFound);
    assert_eq!(blob_files(&project), 2);
}

#[test]
fn failed_and_cancelled_imports_store_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = workspace(&tmp.path().join("cfg"));
    let project = tmp.path().join("p");
    ws.create_project(&project, None).unwrap();

    let ragged = tmp.path().join("ragged.csv");
    std::fs::write(&ragged, "a,b\n1,2\n3\n").unwrap();
    let strict = ImportOptions {
        strict: true,
        ..ImportOptions::default()
    };
    let err = ws
        .import_dataset(&ragged, None, &strict, &NoProgress, &CancelToken::new())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("line 3"), "{err}");

    let big = tmp.path().join("big.csv");
    let mut text = String::from("n\n");
    for i in 0..200_000 {
        text.push_str(&i.to_string());
        text.push('\n');
    }
    std::fs::write(&big, text).unwrap();
    let cancel = CancelToken::new();
    let c = cancel.clone();
    let cancel_on_first = move |_: JobProgress| c.cancel();
    let opts = ImportOptions {
        batch_rows: 10_000,
        ..ImportOptions::default()
    };
    let err = ws
        .import_dataset(&big, None, &opts, &cancel_on_first, &cancel)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Cancelled);

    assert!(ws.datasets().unwrap().is_empty());
    assert_eq!(
        blob_files(&project),
        0,
        "no blob and no temporary file may remain"
    );
}

#[test]
fn splits_are_stored_and_read_back_exactly() {
    use modeldesk_app::{SplitSpec, SplitStrategy};
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = workspace(&tmp.path().join("cfg"));
    ws.create_project(&tmp.path().join("p"), None).unwrap();
    let src = tmp.path().join("labels.csv");
    let mut text = String::from("y,x\n");
    for i in 0..1000 {
        text.push_str(&format!("{},{i}\n", if i % 4 == 0 { "pos" } else { "neg" }));
    }
    std::fs::write(&src, text).unwrap();
    ws.import_dataset(
        &src,
        None,
        &ImportOptions::default(),
        &NoProgress,
        &CancelToken::new(),
    )
    .unwrap();
    assert!(ws.dataset_split("labels").unwrap().is_none());

    let spec = SplitSpec {
        strategy: SplitStrategy::Stratified { column: "y".into() },
        folds: Some(5),
        ..SplitSpec::default()
    };
    let info = ws.split_dataset("labels", &spec).unwrap();
    assert_eq!(
        (info.train_rows, info.validation_rows, info.test_rows),
        (700, 150, 150)
    );
    let (stored, plan) = ws.dataset_split("labels").unwrap().unwrap();
    assert_eq!(stored, info);
    assert_eq!(plan.parts.len(), 1000);
    assert_eq!(plan.folds.as_ref().map(Vec::len), Some(1000));
    // Same spec, same seed: the same assignment.
    ws.split_dataset("labels", &spec).unwrap();
    let (_, again) = ws.dataset_split("labels").unwrap().unwrap();
    assert_eq!(again, plan);

    let bad = ws
        .split_dataset(
            "labels",
            &SplitSpec {
                strategy: SplitStrategy::Group {
                    column: "nope".into(),
                },
                ..SplitSpec::default()
            },
        )
        .unwrap_err();
    assert_eq!(bad.code(), ErrorCode::InvalidInput);
    assert!(bad.to_string().contains("nope"), "{bad}");
}

#[test]
fn an_image_folder_is_imported_turned_into_pixels_and_trained_on() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("shapes");
    // Light and dark 6 × 6 images with a little texture: the pixels tell the classes apart.
    for (class, base) in [("light", 200u8), ("dark", 40u8)] {
        std::fs::create_dir_all(root.join(class)).unwrap();
        for i in 0..30u8 {
            let img = image::GrayImage::from_fn(6, 6, |x, y| {
                let x = u8::try_from(x).unwrap();
                let y = u8::try_from(y).unwrap();
                image::Luma([base.wrapping_add((i * 7 + x * 3 + y * 5) % 40)])
            });
            img.save(root.join(class).join(format!("{i}.png"))).unwrap();
        }
    }
    let mut ws = workspace(&tmp.path().join("cfg"));
    ws.create_project(&tmp.path().join("p"), None).unwrap();
    let imported = ws
        .import_dataset(
            &root,
            None,
            &ImportOptions::default(),
            &NoProgress,
            &CancelToken::new(),
        )
        .unwrap();
    assert_eq!(imported.dataset.name, "shapes");
    assert_eq!(imported.dataset.rows, 60);
    assert_eq!(imported.dataset.source_format, "images");
    let steps: Vec<modeldesk_app::PrepStep> =
        serde_json::from_value(json!([{"op": "image_pixels", "column": "path", "size": 4}]))
            .unwrap();
    let prepared = ws
        .prep_dataset("shapes", &steps, &CancelToken::new())
        .unwrap();
    assert_eq!(prepared.dataset.version, 2);
    let request = modeldesk_app::TrainRequest {
        dataset: "shapes@2".into(),
        target: "label".into(),
        task: None,
        family: Some("linear".into()),
        params: std::collections::BTreeMap::new(),
        seed: Some(1),
        ignore_split: true,
        folds: None,
        name: None,
    };
    let trained = ws
        .train_model(&request, &modeldesk_app::Silent, &CancelToken::new())
        .unwrap();
    // 16 pixels plus width and height; the model takes the pixel columns themselves.
    assert_eq!(trained.features.len(), 18);
    assert!(trained.features.contains(&"path.px15".to_owned()));
    let model = ws.models().unwrap().remove(0);
    // Pixels are not computed in the graph: the model takes the pixel version's columns.
    assert_eq!(model.summary.inputs, "dataset");
    assert_eq!(model.summary.dataset, "shapes@2");
    let Some(modeldesk_app::Metrics::Binary(m)) = trained.metrics.train.clone().into() else {
        panic!("binary metrics expected");
    };
    assert!(m.accuracy > 0.99, "{}", m.accuracy);
}
