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
    let e = err("bad.json", "[{\"a\": 1},\n {\"a\": 2,}]");
    assert!(matches!(e, DataError::Csv { line: 2, .. }), "{e}");
    assert!(e.to_string().contains("record 2"), "{e}");
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

/// A record is named by the line it starts on: blank lines in NDJSON and objects written over
/// several lines count, for the rows read to find the columns and for those read after.
#[test]
fn errors_and_warnings_name_the_line_a_record_starts_on() {
    let options = |strict| {
        let mut o = ImportOptions {
            strict,
            infer_rows: 10,
            ..ImportOptions::default()
        };
        o.types.insert("a".into(), ColumnType::Integer);
        o
    };
    // NDJSON, a blank line after every fifth record; bad values in records 3 (read ahead)
    // and 40 (streamed).
    let (mut ndjson, mut line, mut lines) = (String::new(), 1u64, Vec::new());
    // Pretty-printed array: each object over three lines after a line holding `[`.
    let (mut array, mut at) = (String::from("[\n"), 2u64);
    let mut array_lines = Vec::new();
    for i in 1..=50 {
        let a = if i == 3 || i == 40 {
            "\"x\"".to_owned()
        } else {
            i.to_string()
        };
        lines.push(line);
        ndjson.push_str(&format!("{{\"a\": {a}}}\n"));
        line += 1;
        if i % 5 == 0 {
            ndjson.push('\n');
            line += 1;
        }
        array_lines.push(at);
        let comma = if i < 50 { "," } else { "" };
        array.push_str(&format!("  {{\n    \"a\": {a}\n  }}{comma}\n"));
        at += 3;
    }
    array.push(']');
    for (name, text, lines) in [
        ("events.ndjson", &ndjson, &lines),
        ("events.json", &array, &array_lines),
    ] {
        let src = source(name, text);
        match import(&src.path, &options(true)).unwrap_err() {
            DataError::Value { line, .. } => assert_eq!(line, lines[2], "{name}"),
            other => panic!("expected a value error, got {other}"),
        }
        let fixed = text.replacen("\"x\"", "3", 1);
        let src = source(name, &fixed);
        match import(&src.path, &options(true)).unwrap_err() {
            DataError::Value { line, .. } => assert_eq!(line, lines[39], "{name}"),
            other => panic!("expected a value error, got {other}"),
        }
        let (report, _) = import(&src.path, &options(false)).unwrap();
        let first: Vec<_> = report
            .warnings
            .iter()
            .map(|w| (w.first_line, w.count))
            .collect();
        assert_eq!(first, [(Some(lines[39]), 1)], "{name}");
    }
}

/// Values are cut out of the text as written: escapes in keys and strings are decoded, braces
/// and brackets inside strings do not end an object, numbers keep their value, a repeated key
/// keeps its last value, and a file cut off inside a record says so at the line it starts on.
#[test]
fn strings_numbers_and_nesting_are_read_as_written() {
    let text = concat!(
        r#"{"k\"ey": "a\"b\\c", "n": 1e2, "s": "{not [nested", "big": 12345678901234567890}"#,
        "\n",
        r#"{"n": -0.5, "k\"ey": "caf\u00e9", "n": 7, "obj": {"x": [1, {"y": "]"}]}}"#,
        "\n",
    );
    let (report, page) = import_ok("esc.ndjson", text);
    assert_eq!(report.rows, 2);
    let names: Vec<&str> = page.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["k\"ey", "n", "s", "big", "obj"]);
    assert_eq!(page.rows[0][0], json!("a\"b\\c"));
    assert_eq!(page.rows[1][0], json!("café"));
    assert_eq!(page.rows[0][1], json!(100.0));
    assert_eq!(
        page.rows[1][1],
        json!(7.0),
        "a repeated key keeps its last value"
    );
    assert_eq!(page.rows[0][2], json!("{not [nested"));
    assert_eq!(page.rows[0][3], json!(12_345_678_901_234_567_890.0));
    assert_eq!(page.rows[1][4], json!(r#"{"x":[1,{"y":"]"}]}"#));

    let cut = "{\"a\": 1}\n{\"a\": 2}\n{\"a\":\n 3, \"b\": \"}";
    let src = source("cut.ndjson", cut);
    let e = import(&src.path, &ImportOptions::default()).unwrap_err();
    assert!(matches!(e, DataError::Csv { line: 3, .. }), "{e}");
    assert!(e.to_string().contains("ends inside"), "{e}");
    let bad = "{\"a\": 1}\n{\"a\":\n 2 3}\n";
    let src = source("bad.ndjson", bad);
    let e = import(&src.path, &ImportOptions::default()).unwrap_err();
    assert!(matches!(e, DataError::Csv { line: 3, .. }), "{e}");
    assert!(e.to_string().contains("record 2"), "{e}");
    assert!(
        !e.to_string().contains("column"),
        "no position inside the record: {e}"
    );
    // A byte that is not UTF-8, inside a string on the second line of record 2.
    let mut invalid = b"{\"a\": \"x\"}\n{\"a\":\n \"caf".to_vec();
    invalid.extend([0xFF, b'"', b'}', b'\n']);
    let src = source("invalid.ndjson", &invalid);
    let e = import(&src.path, &ImportOptions::default()).unwrap_err();
    assert!(matches!(e, DataError::Csv { line: 3, .. }), "{e}");
    assert!(
        e.to_string()
            .contains("record 2: the text is not valid UTF-8"),
        "{e}"
    );
    // A string that is valid JSON text but not valid Unicode (a lone surrogate escape) is an
    // error naming its record and line, whichever step meets it.
    let lone = "{\"a\": \"x\"}\n{\"a\": \"\\ud800\"}\n";
    let src = source("lone.ndjson", lone);
    let e = import(&src.path, &ImportOptions::default()).unwrap_err();
    assert!(matches!(e, DataError::Csv { line: 2, .. }), "{e}");
    assert!(e.to_string().contains("record 2:"), "{e}");
    assert!(e.to_string().contains("escape"), "{e}");
    assert!(
        !e.to_string().contains("column"),
        "no position inside the value: {e}"
    );
}

/// `n` objects as NDJSON (`array`: false) or a pretty-printed array, with every layout the
/// readers must follow: objects over several lines, blank lines, nested values, strings holding
/// braces, brackets, escaped quotes and `\n` escapes, keys in varying order, missing keys. Also
/// the line each object starts on.
fn many_objects(n: usize, array: bool) -> (String, Vec<u64>) {
    let (mut text, mut line, mut lines) = (String::new(), 1u64, Vec::new());
    if array {
        text.push_str("[\n");
        line += 1;
    }
    for i in 0..n {
        let s = match i % 5 {
            0 => format!("plain {i}"),
            1 => format!("{{brace}} [{i}] \\\"q\\\""),
            2 => format!("line\\nbreak {i}"),
            3 => String::new(),
            _ => format!("x{}", i % 7),
        };
        let nested = format!("{{\"k\": [{i}, {{\"deep\": \"}}\"}}]}}");
        let body = match i % 4 {
            0 => format!(
                "{{\"id\": {i}, \"x\": {}, \"s\": \"{s}\", \"n\": {nested}}}",
                i as f64 / 4.0
            ),
            1 => format!(
                "{{\"s\": \"{s}\",\n  \"id\": {i},\n  \"x\": {}\n}}",
                i as f64 * 1.5
            ),
            2 => format!("{{\"id\": {i}, \"n\": null, \"x\": -{i}.25}}"),
            _ => format!("{{ \"x\" : {i}e-3 , \"id\" : {i} , \"s\" : \"{s}\" }}"),
        };
        lines.push(line);
        line += body.matches('\n').count() as u64;
        text.push_str(&body);
        if array && i + 1 < n {
            text.push(',');
        }
        text.push('\n');
        line += 1;
        if i % 97 == 0 {
            text.push('\n');
            line += 1;
        }
    }
    if array {
        text.push(']');
    }
    (text, lines)
}

/// After the rows read ahead, the objects are cut into blocks and converted on every core: the
/// rows, warnings and errors are those of reading every object one by one (all read ahead).
#[test]
fn objects_converted_in_blocks_are_those_read_one_by_one() {
    let n = 6000;
    let options = |infer_rows| {
        let mut o = ImportOptions {
            infer_rows,
            batch_rows: 50,
            ..ImportOptions::default()
        };
        for (name, ty) in [
            ("id", ColumnType::Integer),
            ("x", ColumnType::Float),
            ("s", ColumnType::Text),
            ("n", ColumnType::Text),
        ] {
            o.types.insert(name.into(), ty);
        }
        o
    };
    for array in [false, true] {
        let name = if array { "many.json" } else { "many.ndjson" };
        let (text, lines) = many_objects(n, array);
        let src = source(name, &text);
        let (serial, serial_page) = import(&src.path, &options(n + 10)).unwrap();
        let (blocks, blocks_page) = import(&src.path, &options(20)).unwrap();
        assert_eq!(blocks.rows, n as u64);
        assert_eq!(blocks_page.rows, serial_page.rows, "{name}");
        assert_eq!(blocks_page.rows[5999][0], json!(5999));
        assert_eq!(blocks_page.rows[4001][2], json!("{brace} [4001] \"q\""));
        assert_eq!(blocks.warnings, serial.warnings);

        // A bad value far into the file: strict names its line, lenient counts it.
        let bad = text.replacen("\"id\": 4321,", "\"id\": \"oops\",", 1);
        assert_ne!(bad, text);
        let src = source(name, &bad);
        let mut strict = options(20);
        strict.strict = true;
        match import(&src.path, &strict).unwrap_err() {
            DataError::Value { line, .. } => assert_eq!(line, lines[4321], "{name}"),
            other => panic!("expected a value error, got {other}"),
        }
        let (report, page) = import(&src.path, &options(20)).unwrap();
        let first: Vec<_> = report
            .warnings
            .iter()
            .map(|w| (w.first_line, w.count))
            .collect();
        assert_eq!(first, [(Some(lines[4321]), 1)], "{name}");
        assert_eq!(page.rows[4321][0], Value::Null);

        // Broken JSON far into the file names its record and line, whichever path meets it.
        let broken = text.replacen("\"id\": 5002,", "\"id\": 5002,,", 1);
        assert_ne!(broken, text);
        let src = source(name, &broken);
        for infer_rows in [n + 10, 20] {
            let e = import(&src.path, &options(infer_rows)).unwrap_err();
            let at = lines[5002] + u64::from(5002 % 4 == 1);
            assert!(
                matches!(e, DataError::Csv { line, .. } if line == at),
                "{name}, {infer_rows} read ahead: {e} (expected line {at})"
            );
            assert!(e.to_string().contains("record 5003:"), "{e}");
        }
    }

    // A bad value just before text that is no object, in the same block: strict meets the
    // value first, as a reader of one object at a time does; lenient then meets the text.
    let (text, lines) = many_objects(n, false);
    let bad = text
        .replacen("\"id\": 3000,", "\"id\": \"oops\",", 1)
        .replacen(
            "{\"s\": \"{brace} [3001]",
            "nonsense {\"s\": \"{brace} [3001]",
            1,
        );
    let src = source("late.ndjson", &bad);
    let mut strict = options(20);
    strict.strict = true;
    match import(&src.path, &strict).unwrap_err() {
        DataError::Value { line, .. } => assert_eq!(line, lines[3000]),
        other => panic!("expected a value error, got {other}"),
    }
    let e = import(&src.path, &options(20)).unwrap_err();
    assert!(
        matches!(e, DataError::Csv { line, .. } if line == lines[3001]),
        "{e}"
    );
    assert!(e.to_string().contains("expected an object"), "{e}");
}

/// A cancel while JSON blocks are converted stops the reader thread and the workers: the
/// import returns `Cancelled` and nothing hangs.
#[test]
fn a_cancel_mid_file_stops_the_json_blocks() {
    use modeldesk_data::{CancelToken, JobProgress, import_file};
    let (text, _) = many_objects(6000, false);
    let src = source("cancel.ndjson", &text);
    let options = ImportOptions {
        infer_rows: 20,
        batch_rows: 50,
        ..ImportOptions::default()
    };
    let cancel = CancelToken::new();
    let reports = std::sync::Mutex::new(Vec::new());
    let progress = |p: JobProgress| {
        let mut reports = reports.lock().unwrap();
        reports.push(p.rows);
        if reports.len() == 30 {
            cancel.cancel();
        }
    };
    let outcome = import_file(&src.path, &options, Vec::new(), &progress, &cancel);
    assert!(matches!(outcome, Err(DataError::Cancelled)), "{outcome:?}");
    let reports = reports.into_inner().unwrap();
    assert_eq!(reports.len(), 30);
    assert!(reports[29] > 1000, "cancelled at row {}", reports[29]);
}
