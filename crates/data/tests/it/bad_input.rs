use modeldesk_data::{DataError, ImportOptions, WarningKind};
use serde_json::Value;

use crate::{import, source, warnings_seen};

fn strict() -> ImportOptions {
    ImportOptions {
        strict: true,
        ..ImportOptions::default()
    }
}

fn err(name: &str, bytes: impl AsRef<[u8]>, opts: &ImportOptions) -> DataError {
    let src = source(name, bytes);
    let e = import(&src.path, opts).unwrap_err();
    assert!(
        e.to_string().contains(name),
        "error should name the file: {e}"
    );
    e
}

#[test]
fn empty_blank_and_header_only_files() {
    assert!(matches!(
        err("e.csv", "", &strict()),
        DataError::Empty { .. }
    ));
    assert!(matches!(
        err("b.csv", "\n\n\n", &strict()),
        DataError::Empty { .. }
    ));
    assert!(matches!(
        err("bom.csv", b"\xEF\xBB\xBF", &strict()),
        DataError::Empty { .. }
    ));
    let e = err("h.csv", "a,b,c\n", &strict());
    assert!(matches!(e, DataError::HeaderOnly { columns: 3, .. }), "{e}");
}

#[test]
fn binary_garbage_is_refused() {
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let e = err("g.csv", garbage, &ImportOptions::default());
    assert!(matches!(e, DataError::Binary { .. }), "{e}");
}

#[test]
fn ragged_rows_strict_names_the_line_and_lenient_skips_them() {
    let text = "a,b\n1,2\n3\n4,5\n6,7,8\n";
    match err("r.csv", text, &strict()) {
        DataError::Ragged {
            line,
            found,
            expected,
            ..
        } => assert_eq!((line, found, expected), (3, 1, 2)),
        other => panic!("{other}"),
    }
    let src = source("r.csv", text);
    let (report, page) = import(&src.path, &ImportOptions::default()).unwrap();
    assert_eq!(report.rows, 2);
    assert_eq!(report.skipped_rows, 2);
    let w = &report.warnings[0];
    assert_eq!(
        (w.kind, w.count, w.first_line),
        (WarningKind::RaggedRowsSkipped, 2, Some(3))
    );
    assert_eq!(page.rows.len(), 2);
}

#[test]
fn mixed_types_after_inference_strict_errors_lenient_nulls() {
    let mut text = String::from("n,label\n");
    for i in 0..50 {
        text.push_str(&format!("{i},x\n"));
    }
    text.push_str("oops,y\n51,z\n");
    let small_sample = ImportOptions {
        infer_rows: 10,
        ..strict()
    };
    match err("m.csv", &text, &small_sample) {
        DataError::Value {
            line,
            column,
            value,
            expected,
            ..
        } => {
            assert_eq!(
                (line, column.as_str(), value.as_str(), expected),
                (52, "n", "oops", "integer")
            );
        }
        other => panic!("{other}"),
    }
    let src = source("m.csv", &text);
    let lenient = ImportOptions {
        infer_rows: 10,
        ..ImportOptions::default()
    };
    let (report, page) = import(&src.path, &lenient).unwrap();
    assert_eq!(report.rows, 52);
    assert_eq!(page.rows[50][0], Value::Null);
    let w = &report.warnings[0];
    assert_eq!(
        (w.kind, w.count, w.column.as_deref()),
        (WarningKind::BadValuesMissing, 1, Some("n"))
    );
}

#[test]
fn duplicate_and_empty_column_names() {
    let text = "a,a,,b\n1,2,3,4\n";
    let e = err("d.csv", text, &strict());
    assert!(
        matches!(&e, DataError::DuplicateColumns { names, .. } if names == &["a"]),
        "{e}"
    );
    let src = source("d.csv", text);
    let (report, page) = import(&src.path, &ImportOptions::default()).unwrap();
    let names: Vec<_> = page.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["a", "a_2", "column_3", "b"]);
    assert_eq!(report.warnings.len(), 2);
}

#[test]
fn huge_fields_are_refused() {
    let mut text = String::from("id,blob\n1,");
    text.push_str(&"x".repeat(modeldesk_data::MAX_FIELD_BYTES + 1));
    text.push('\n');
    let e = err("huge.csv", text, &ImportOptions::default());
    assert!(matches!(e, DataError::FieldTooLarge { line: 2, .. }), "{e}");
}

#[test]
fn unknown_encoding_and_unsupported_extension_and_missing_file() {
    let mut opts = ImportOptions::default();
    opts.csv.encoding = Some("klingon-8".into());
    let src = source("k.csv", "a\n1\n");
    let e = import(&src.path, &opts).unwrap_err();
    assert!(e.to_string().contains("klingon-8"), "{e}");

    let e = err("data.xyz", "a\n1\n", &ImportOptions::default());
    assert!(matches!(e, DataError::UnsupportedFormat { .. }), "{e}");

    let e = import(
        std::path::Path::new("/no/such/file.csv"),
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(
        matches!(e, DataError::Io { .. }) && e.to_string().contains("/no/such/file.csv"),
        "{e}"
    );
}

#[test]
fn malformed_utf8_in_a_utf8_file_is_kept_lossily() {
    // The first megabyte is valid UTF-8, so the file is read as UTF-8; a stray byte later
    // becomes U+FFFD rather than failing the import.
    let mut text = b"name\n".to_vec();
    for _ in 0..70_000 {
        text.extend_from_slice(b"abcdefghijklmnop\n");
    }
    text.extend_from_slice(b"bad\xffbyte\n");
    let src = source("u.csv", &text);
    let (report, page) = import(&src.path, &ImportOptions::default()).unwrap();
    assert_eq!(report.rows, 70_001);
    assert_eq!(page.rows[70_000][0], serde_json::json!("bad\u{fffd}byte"));
}

#[test]
fn bad_values_in_several_columns_are_met_row_by_row() {
    // Inferred from the first rows as integers; then `b` breaks on line 4 and `a` on line 6,
    // with a ragged row in between: a batch is converted column by column, yet the error and
    // the warnings come in the order a row-by-row reading meets them.
    let mut text = String::from("a,b\n1,2\n3,4\n5,x\n7\n9,10\ny,12\n13,z\n");
    for i in 0..3000 {
        text.push_str(&format!("{i},{i}\n"));
    }
    let options = ImportOptions {
        infer_rows: 2,
        ..ImportOptions::default()
    };
    let e = err(
        "t.csv",
        &text,
        &ImportOptions {
            strict: true,
            ..options.clone()
        },
    );
    match e {
        DataError::Value { line, column, .. } => assert_eq!((line, column.as_str()), (4, "b")),
        other => panic!("expected a value error, got {other}"),
    }
    let src = source("t.csv", &text);
    let (report, _) = import(&src.path, &options).unwrap();
    assert_eq!(
        warnings_seen(&report),
        [
            (WarningKind::BadValuesMissing, Some(4), Some("b".into()), 2),
            (WarningKind::RaggedRowsSkipped, Some(5), None, 1),
            (WarningKind::BadValuesMissing, Some(7), Some("a".into()), 1),
        ]
    );
    assert_eq!(report.rows, 3006);
}
