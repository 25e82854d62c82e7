//! Image folders: one sub-folder per class, PNG and JPEG files; thumbnails; pixel features.

use base64::Engine as _;
use image::{GrayImage, Luma, Rgb, RgbImage};
use modeldesk_data::recipe::{Step, apply, read_table};
use modeldesk_data::{DataError, ImportOptions, SourceFormat, WarningKind};

use crate::import;

/// A folder with `cat/` (two PNGs, a JPEG and a broken PNG) and `dog/` (one PNG), plus a file
/// at the top that is not in a class folder.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("pets");
    for class in ["cat", "dog"] {
        std::fs::create_dir_all(root.join(class)).unwrap();
    }
    // 2 × 2 grey levels 0, 255 / 51, 204.
    let mut grey = GrayImage::new(2, 2);
    for (x, y, v) in [(0, 0, 0u8), (1, 0, 255), (0, 1, 51), (1, 1, 204)] {
        grey.put_pixel(x, y, Luma([v]));
    }
    grey.save(root.join("cat").join("a.png")).unwrap();
    RgbImage::from_pixel(30, 20, Rgb([200, 10, 10]))
        .save(root.join("cat").join("b.PNG"))
        .unwrap();
    RgbImage::from_pixel(64, 48, Rgb([10, 200, 10]))
        .save(root.join("cat").join("c.jpg"))
        .unwrap();
    std::fs::write(
        root.join("cat").join("broken.png"),
        b"\x89PNG\r\n\x1a\nnot really",
    )
    .unwrap();
    RgbImage::from_pixel(8, 8, Rgb([0, 0, 0]))
        .save(root.join("dog").join("d.png"))
        .unwrap();
    std::fs::write(root.join("readme.txt"), "not an image").unwrap();
    dir
}

#[test]
fn an_image_folder_imports_as_paths_labels_sizes_and_thumbnails() {
    let dir = folder();
    let root = dir.path().join("pets");
    assert_eq!(SourceFormat::of(&root).unwrap(), SourceFormat::Images);
    let (report, page) = import(&root, &ImportOptions::default()).unwrap();
    assert_eq!(report.format, SourceFormat::Images);
    assert_eq!(report.rows, 4);
    assert_eq!(report.skipped_rows, 1);
    let names: Vec<&str> = report.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["path", "label", "width", "height", "thumbnail"]);
    let warning = &report.warnings[0];
    assert_eq!(warning.kind, WarningKind::UnreadableImagesSkipped);
    assert!(
        warning.message.contains("broken.png"),
        "{}",
        warning.message
    );
    let rows: Vec<(String, String, i64, i64)> = page
        .rows
        .iter()
        .map(|r| {
            let file = std::path::Path::new(r[0].as_str().unwrap());
            (
                file.file_name().unwrap().to_string_lossy().into_owned(),
                r[1].as_str().unwrap().to_owned(),
                r[2].as_i64().unwrap(),
                r[3].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("a.png".into(), "cat".into(), 2, 2),
            ("b.PNG".into(), "cat".into(), 30, 20),
            ("c.jpg".into(), "cat".into(), 64, 48),
            ("d.png".into(), "dog".into(), 8, 8),
        ]
    );
    // Thumbnails are PNGs that fit in 48 × 48, keeping the aspect ratio.
    let thumb = page.rows[2][4].as_str().unwrap();
    let png = thumb.strip_prefix("data:image/png;base64,").unwrap();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(png)
        .unwrap();
    let small = image::load_from_memory(&bytes).unwrap();
    assert_eq!((small.width(), small.height()), (48, 36));
}

#[test]
fn strict_mode_names_the_broken_image_and_an_empty_folder_is_refused() {
    let dir = folder();
    let root = dir.path().join("pets");
    let strict = ImportOptions {
        strict: true,
        ..ImportOptions::default()
    };
    let err = import(&root, &strict).unwrap_err();
    assert!(matches!(err, DataError::Image { .. }), "{err}");
    assert!(err.to_string().contains("broken.png"), "{err}");
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(empty.join("class")).unwrap();
    let err = import(&empty, &ImportOptions::default()).unwrap_err();
    assert!(
        err.to_string().contains("one sub-folder per class"),
        "{err}"
    );
}

#[test]
fn image_pixels_are_the_grey_levels_of_the_resized_images() {
    let dir = folder();
    let root = dir.path().join("pets");
    import(&root, &ImportOptions::default()).unwrap();
    let table = read_table(&dir.path().join("pets.snapshot.parquet")).unwrap();
    let steps: Vec<Step> =
        serde_json::from_str(r#"[{"op": "image_pixels", "column": "path", "size": 2}]"#).unwrap();
    let out = apply(&steps, table).unwrap();
    let names: Vec<&str> = out.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "path.px0",
            "path.px1",
            "path.px2",
            "path.px3",
            "label",
            "width",
            "height",
            "thumbnail"
        ]
    );
    let px = |k: usize, row: usize| {
        out.arrays[k]
            .as_any()
            .downcast_ref::<arrow_array::Float64Array>()
            .unwrap()
            .value(row)
    };
    // The 2 × 2 image keeps its levels; the black dog is 0 everywhere.
    let first: Vec<f64> = (0..4).map(|k| px(k, 0)).collect();
    assert_eq!(first, [0.0, 1.0, 0.2, 0.8]);
    assert!((0..4).all(|k| px(k, 3) == 0.0));
    // The red square is one grey level: Rec. 709 luma of (200, 10, 10) = 50.4, stored as 50.
    assert!((0..4).all(|k| px(k, 1) == 50.0 / 255.0), "{}", px(0, 1));

    let too_big: Vec<Step> =
        serde_json::from_str(r#"[{"op": "image_pixels", "column": "path", "size": 65}]"#).unwrap();
    let err = apply(
        &too_big,
        read_table(&dir.path().join("pets.snapshot.parquet")).unwrap(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("between 1 and 64"), "{err}");
}
