//! JSON arrays and NDJSON: same types, nulls and errors as CSV.

use modeldesk_data::{ColumnType, DataError, ImportOptions, SourceFormat};
use serde_json::{Value, json};

use crate::{import, import_ok, source};

#[test]
fn an_array_of_objects_round_trips_with_types_and_nulls() {
    let text = r#"[
      {"id": 1, "price": 2.5, "ok": true, "city": "Köln", "when": "2024-02-29", "tags": ["a", "b"]},
      {"id": 2, "price": null, "ok": false, "city": "Lyon", "when": "2024-03-01T10:00:00Z"},
      {"id": 3, "price": 4, "city": "Köln", "extra": "late key"},
      {"id": 4, "price": 1e2, "ok": true, "city": "Köln", "when": null}
    ]"#;
    let (report, page) = import_ok("shop.json", text);
    assert_eq!(report.format, SourceFormat::Json);
    let names: Vec<_> = page
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.ty))
        .collect();
    assert_eq!(
        names,
        [
            ("id", ColumnType::Integer),
            ("price", ColumnType::Float),
            ("ok", ColumnType::Boolean),
            ("city", ColumnType::Categorical),
            ("when", ColumnType::Datetime),
            ("tags", ColumnType::Categorical),
            ("extra", ColumnType::Categorical),
        ]
    );
    assert_eq!(page.rows[0][5], json!(r#"["a","b"]"#));
    assert_eq!(page.rows[1][1], Value::Null);
    assert_eq!(page.rows[2][1], json!(4.0));
    assert_eq!(
        page.rows[2][2],
        Value::Null,
        "a missing key is a missing value"
    );
    assert_eq!(page.rows[3][1], json!(100.0));
    assert_eq!(page.rows[2][6], json!("late key"));
}

#[test]
fn ndjson_streams_one_object_per_line() {
    let mut text = String::new();
    for i in 0..5000 {
        text.push_str(&format!(
            "{{\"n\": {i}, \"label\": \"{}\"}}\n",
            if i % 2 == 0 { "even" } else { "odd" }
        ));
    }
    let src = source("events.ndjson", &text);
    let opts = ImportOptions {
        infer_rows: 100,
        batch_rows: 1000,
        ..ImportOptions::default()
    };
    let (report, page) = import(&src.path, &opts).unwrap();
    assert_eq!(report.rows, 5000);
    assert_eq!(page.rows[4999], vec![json!(4999), json!("odd")]);
}

#[test]
fn malformed_json_names_the_record() {
    let err = |name: &str, text: &str| {
        let src = source(name, text);
        let e = import(&src.path, &ImportOptions::default()).unwrap_err();
        assert!(e.to_string().contains(name), "{e}");
        e
    };
    let e = err("bad.json", r#"[{"a": 1}, {"a": 2,}]"#);
    assert!(matches!(e, DataError::Csv { line: 2, .. }), "{e}");
    let e = err("nums.json", "[1, 2, 3]");
    assert!(
        e.to_string().contains("expected an object, found a number"),
        "{e}"
    );
    let e = err("open.json", r#"[{"a": 1}"#);
    assert!(e.to_string().contains("not closed"), "{e}");
    let e = err("scalar.json", "42");
    assert!(e.to_string().contains("array of objects"), "{e}");
    assert!(matches!(
        err("empty.json", "  \n "),
        DataError::Empty { .. }
    ));
    assert!(matches!(err("none.json", "[]"), DataError::Empty { .. }));
}
