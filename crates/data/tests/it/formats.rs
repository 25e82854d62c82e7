use modeldesk_data::{ColumnType, ImportOptions};
use serde_json::{Value, json};

use crate::{import, import_ok, source};

fn types(page: &modeldesk_data::RowPage) -> Vec<ColumnType> {
    page.columns.iter().map(|c| c.ty).collect()
}

#[test]
fn every_type_is_inferred_and_missing_markers_become_null() {
    let csv = "id,score,ok,species,comment,seen\n\
               1,0.5,true,setosa,first row,2024-01-02\n\
               2,NA,false,setosa,,2024-01-03T10:30:00Z\n\
               3,2.25,yes,setosa,\"a, quoted\nnewline\",\n\
               4,-1e3,no,virginica,null,2024-02-29\n";
    let (report, page) = import_ok("iris.csv", csv);
    assert_eq!(
        types(&page),
        [
            ColumnType::Integer,
            ColumnType::Float,
            ColumnType::Boolean,
            ColumnType::Categorical,
            ColumnType::Text,
            ColumnType::Datetime
        ]
    );
    assert_eq!(report.rows, 4);
    assert_eq!(
        page.rows[0],
        vec![
            json!(1),
            json!(0.5),
            json!(true),
            json!("setosa"),
            json!("first row"),
            json!("2024-01-02T00:00:00Z")
        ]
    );
    assert_eq!(page.rows[1][1], Value::Null);
    assert_eq!(page.rows[1][4], Value::Null);
    assert_eq!(page.rows[1][5], json!("2024-01-03T10:30:00Z"));
    assert_eq!(page.rows[2][4], json!("a, quoted\nnewline"));
    assert_eq!(page.rows[2][5], Value::Null);
    assert_eq!(page.rows[3][1], json!(-1000.0));
    assert_eq!(page.rows[3][4], Value::Null);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

#[test]
fn semicolons_and_decimal_commas_are_sniffed() {
    let (report, page) = import_ok("prices.csv", "name;price;qty\napple;1,5;3\npear;2,25;4\n");
    let d = report.dialect.unwrap();
    assert_eq!((d.delimiter, d.decimal_comma), (';', true));
    assert_eq!(page.rows[1], vec![json!("pear"), json!(2.25), json!(4)]);
}

#[test]
fn tsv_files_use_tabs() {
    let (report, page) = import_ok("t.tsv", "a\tb\n1\tx y\n2\tz\n");
    assert_eq!(report.dialect.unwrap().delimiter, '\t');
    assert_eq!(page.rows[0], vec![json!(1), json!("x y")]);
}

#[test]
fn encodings_are_decoded() {
    let expected = vec![json!("José"), json!("Köln")];
    let (r, p) = import_ok(
        "bom.csv",
        b"\xEF\xBB\xBFname,city\nJos\xC3\xA9,K\xC3\xB6ln\n",
    );
    assert_eq!(
        r.columns[0].name, "name",
        "BOM must not leak into the first name"
    );
    assert_eq!(p.rows[0], expected);

    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "name,city\nJosé,Köln\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let (r, p) = import_ok("utf16.csv", utf16);
    assert_eq!(r.dialect.unwrap().encoding, "UTF-16LE");
    assert_eq!(p.rows[0], expected);

    let (r, p) = import_ok("latin1.csv", b"name,city\nJos\xe9,K\xf6ln\n");
    assert_eq!(r.dialect.unwrap().encoding, "windows-1252");
    assert_eq!(p.rows[0], expected);
}

#[test]
fn headerless_files_get_generated_names() {
    let (report, page) = import_ok("n.csv", "1,2.5\n3,4.5\n");
    assert!(!report.dialect.unwrap().has_header);
    let names: Vec<_> = page.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["column_1", "column_2"]);
    assert_eq!(page.rows.len(), 2);
}

#[test]
fn user_overrides_win_over_sniffing_and_inference() {
    let src = source("zip.txt", "zip|n\n00123|1\n04567|2\n");
    let mut opts = ImportOptions::default();
    opts.types.insert("zip".into(), ColumnType::Text);
    opts.csv.delimiter = Some('|');
    let (_, page) = import(&src.path, &opts).unwrap();
    assert_eq!(page.rows[0][0], json!("00123"));
    assert_eq!(page.columns[0].ty, ColumnType::Text);
}

#[test]
fn custom_missing_markers() {
    let src = source("m.csv", "a,b\n1,?\n2,3\n");
    let opts = ImportOptions {
        missing: vec!["?".into()],
        ..ImportOptions::default()
    };
    let (_, page) = import(&src.path, &opts).unwrap();
    assert_eq!(page.columns[1].ty, ColumnType::Integer);
    assert_eq!(page.rows[0][1], Value::Null);
}
