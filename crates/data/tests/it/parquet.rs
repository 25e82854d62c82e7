//! Parquet files from other tools: Arrow types map to ModelDesk's column types.

use std::sync::Arc;

use arrow_array::builder::{Int32Builder, ListBuilder};
use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Float32Array, Int32Array, LargeStringArray, RecordBatch,
    StringArray, TimestampMillisecondArray, UInt64Array,
};
use modeldesk_data::{ColumnType, DataError, ImportOptions};
use parquet::arrow::ArrowWriter;
use serde_json::{Value, json};

use crate::import;

fn write_parquet(path: &std::path::Path, columns: Vec<(&str, ArrayRef)>) {
    let batch = RecordBatch::try_from_iter(columns).unwrap();
    let mut w =
        ArrowWriter::try_new(std::fs::File::create(path).unwrap(), batch.schema(), None).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
}

#[test]
fn arrow_types_map_to_column_types_and_values_survive() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("from_pandas.parquet");
    write_parquet(
        &path,
        vec![
            (
                "i32",
                Arc::new(Int32Array::from(vec![Some(1), None, Some(-3), Some(4)])) as ArrayRef,
            ),
            ("u64", Arc::new(UInt64Array::from(vec![10, 20, 30, 40]))),
            (
                "f32",
                Arc::new(Float32Array::from(vec![0.5, 1.5, f32::NAN, 2.25])),
            ),
            (
                "flag",
                Arc::new(BooleanArray::from(vec![
                    Some(true),
                    Some(false),
                    None,
                    Some(true),
                ])),
            ),
            (
                "label",
                Arc::new(StringArray::from(vec!["a", "b", "a", "a"])),
            ),
            (
                "note",
                Arc::new(LargeStringArray::from(vec!["one", "two", "three", "four"])),
            ),
            (
                "day",
                Arc::new(Date32Array::from(vec![
                    Some(0),
                    Some(19_782),
                    None,
                    Some(1),
                ])),
            ),
            (
                "at",
                Arc::new(
                    TimestampMillisecondArray::from(vec![1_709_209_815_250, 0, 1, 2])
                        .with_timezone("+02:00"),
                ),
            ),
        ],
    );
    let (report, page) = import(&path, &ImportOptions::default()).unwrap();
    assert_eq!(report.rows, 4);
    let types: Vec<_> = page.columns.iter().map(|c| c.ty).collect();
    assert_eq!(
        types,
        [
            ColumnType::Integer,
            ColumnType::Integer,
            ColumnType::Float,
            ColumnType::Boolean,
            ColumnType::Categorical,
            ColumnType::Text,
            ColumnType::Datetime,
            ColumnType::Datetime
        ]
    );
    assert_eq!(page.rows[0][0], json!(1));
    assert_eq!(page.rows[1][0], Value::Null);
    assert_eq!(page.rows[3][2], json!(2.25));
    assert_eq!(page.rows[2][3], Value::Null);
    assert_eq!(page.rows[1][6], json!("2024-02-29T00:00:00Z"));
    // The instant is kept: 1_709_209_815_250 ms after the epoch, whatever the zone label.
    assert_eq!(page.rows[0][7], json!("2024-02-29T12:30:15.25Z"));
}

#[test]
fn overrides_cast_and_unsupported_types_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.parquet");
    write_parquet(
        &path,
        vec![
            (
                "zip",
                Arc::new(Int32Array::from(vec![123, 4567])) as ArrayRef,
            ),
            ("n", Arc::new(StringArray::from(vec!["1", "x"]))),
        ],
    );
    let mut opts = ImportOptions::default();
    opts.types.insert("zip".into(), ColumnType::Text);
    opts.types.insert("n".into(), ColumnType::Integer);
    let (report, page) = import(&path, &opts).unwrap();
    assert_eq!(page.rows[0], vec![json!("123"), json!(1)]);
    assert_eq!(page.rows[1][1], Value::Null);
    assert_eq!(report.warnings[0].count, 1);
    let strict = ImportOptions {
        strict: true,
        ..opts
    };
    assert!(matches!(
        import(&path, &strict).unwrap_err(),
        DataError::Value { .. }
    ));

    let lists = dir.path().join("lists.parquet");
    let mut b = ListBuilder::new(Int32Builder::new());
    b.values().append_value(1);
    b.append(true);
    write_parquet(&lists, vec![("xs", Arc::new(b.finish()) as ArrayRef)]);
    let err = import(&lists, &ImportOptions::default()).unwrap_err();
    assert!(
        err.to_string().contains("column \"xs\"") && err.to_string().contains("cannot import yet"),
        "{err}"
    );

    let junk = dir.path().join("junk.parquet");
    std::fs::write(&junk, b"definitely not parquet").unwrap();
    let err = import(&junk, &ImportOptions::default()).unwrap_err();
    assert!(
        err.to_string().contains("not a readable Parquet file"),
        "{err}"
    );
}

/// The snapshot's layout: float columns Snappy-compressed only when that shrinks them (rounded
/// values do, full-precision measurements do not, and compressing those cost a tenth of the
/// import), integers and datetimes compressed, labels and text dictionary-encoded.
#[test]
fn snapshot_columns_are_encoded_for_their_type() {
    use parquet::basic::{Compression, Encoding};
    use parquet::file::reader::{FileReader, SerializedFileReader};

    let mut text = String::from("noise,steps,n,when,label\n");
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in 0..2000 {
        // xorshift: full-precision values Snappy cannot shrink.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let noise = (state >> 11) as f64 / (1u64 << 53) as f64 * 2000.0 - 1000.0;
        let steps = [0.5, 1.5, 2.25, 10.0][i % 4];
        let label = ["red", "green"][i % 2];
        text.push_str(&format!(
            "{noise},{steps},{i},2024-01-{:02},{label}\n",
            i % 28 + 1
        ));
    }
    let (_dir, path) = crate::snapshot_of(&text);
    let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
    let group = reader.metadata().row_group(0);
    let column = |name: &str| {
        group
            .columns()
            .iter()
            .find(|c| c.column_path().string() == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    assert_eq!(column("noise").compression(), Compression::UNCOMPRESSED);
    assert!(
        !column("noise")
            .encodings()
            .any(|e| e == Encoding::RLE_DICTIONARY)
    );
    for name in ["steps", "n", "when", "label"] {
        assert!(
            matches!(column(name).compression(), Compression::SNAPPY),
            "{name}: {:?}",
            column(name).compression()
        );
    }
    assert!(
        column("label")
            .encodings()
            .any(|e| e == Encoding::RLE_DICTIONARY)
    );
}
