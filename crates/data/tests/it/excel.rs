//! Spreadsheets: sheet choice, cell types, dates, blanks (fixture made by tests/data/make_sheets.py).

use modeldesk_data::{ColumnType, DataError, ImportOptions, SourceFormat};
use serde_json::{Value, json};

use crate::{import, source};

fn fixture() -> std::path::PathBuf {
    // Copy it: the test helper writes its snapshot beside the source.
    let dir = tempfile::tempdir().unwrap().keep();
    let path = dir.join("sales.xlsx");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/sales.xlsx"),
        &path,
    )
    .unwrap();
    path
}

#[test]
fn the_first_sheet_is_imported_with_types_and_dates() {
    let (report, page) = import(&fixture(), &ImportOptions::default()).unwrap();
    assert_eq!(report.format, SourceFormat::Excel);
    let types: Vec<_> = page
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.ty))
        .collect();
    assert_eq!(
        types,
        [
            ("region", ColumnType::Text), // 3 distinct labels in 4 rows: not yet "repeated labels"
            ("units", ColumnType::Integer),
            ("price", ColumnType::Float),
            ("paid", ColumnType::Boolean),
            ("when", ColumnType::Datetime),
        ]
    );
    assert_eq!(
        page.rows[0],
        vec![
            json!("north"),
            json!(3),
            json!(2.5),
            json!(true),
            json!("2024-02-29T12:30:15Z")
        ]
    );
    assert_eq!(page.rows[2][1], Value::Null);
    assert_eq!(page.rows[2][4], Value::Null);
    assert_eq!(page.rows[3][4], json!("2023-12-31T23:59:59Z"));
}

#[test]
fn a_named_sheet_and_clear_errors() {
    let path = fixture();
    let opts = ImportOptions {
        sheet: Some("Notes".into()),
        ..ImportOptions::default()
    };
    let (_, page) = import(&path, &opts).unwrap();
    assert_eq!(
        page.rows,
        vec![
            vec![json!(1), json!("first")],
            vec![json!(2), json!("second")]
        ]
    );

    let missing = ImportOptions {
        sheet: Some("Budget".into()),
        ..ImportOptions::default()
    };
    let err = import(&path, &missing).unwrap_err();
    assert!(
        err.to_string().contains("no sheet \"Budget\"") && err.to_string().contains("Sales, Notes"),
        "{err}"
    );

    let junk = source("broken.xlsx", b"PK\x03\x04 not really a zip");
    let err = import(&junk.path, &ImportOptions::default()).unwrap_err();
    assert!(
        matches!(err, DataError::Csv { .. })
            && err.to_string().contains("not a readable spreadsheet"),
        "{err}"
    );
}

/// A table that does not start at the sheet's first row: errors and warnings name the row the
/// spreadsheet shows (the bad value "ten" is in row 5).
#[test]
fn rows_are_numbered_as_the_sheet_shows_them() {
    let mut opts = ImportOptions {
        sheet: Some("Offset".into()),
        strict: true,
        ..ImportOptions::default()
    };
    opts.types.insert("units".into(), ColumnType::Integer);
    match import(&fixture(), &opts).unwrap_err() {
        DataError::Value { line, column, .. } => assert_eq!((line, column.as_str()), (5, "units")),
        other => panic!("expected a value error, got {other}"),
    }
    opts.strict = false;
    let (report, page) = import(&fixture(), &opts).unwrap();
    assert_eq!(page.rows.len(), 3);
    let first: Vec<_> = report.warnings.iter().map(|w| w.first_line).collect();
    assert_eq!(first, [Some(5)]);
}

/// An OpenDocument sheet (calamine's other reader) gives the same columns, types and values,
/// dates included, as the same sheet in `.xlsx`.
#[test]
fn an_opendocument_sheet_reads_as_its_xlsx_twin() {
    let dir = tempfile::tempdir().unwrap();
    let ods = dir.path().join("sales.ods");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/sales.ods"),
        &ods,
    )
    .unwrap();
    let (report, page) = import(&ods, &ImportOptions::default()).unwrap();
    let (_, twin) = import(&fixture(), &ImportOptions::default()).unwrap();
    assert_eq!(report.format, SourceFormat::Excel);
    let types = |p: &modeldesk_data::RowPage| -> Vec<(String, ColumnType)> {
        p.columns.iter().map(|c| (c.name.clone(), c.ty)).collect()
    };
    assert_eq!(types(&page), types(&twin));
    assert_eq!(page.rows, twin.rows);
}
