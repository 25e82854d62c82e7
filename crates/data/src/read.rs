//! Reading a stored Parquet snapshot back: schema and pages of rows for tables and the CLI.

use std::fs::File;
use std::path::Path;

use arrow_array::{
    Array, ArrayRef, BooleanArray, Float64Array, Int64Array, StringArray, TimestampMicrosecondArray,
};
use parquet::arrow::arrow_reader::{ParquetRecordBatchReaderBuilder, RowSelection};
use serde::Serialize;
use serde_json::Value;

use crate::schema::TYPE_KEY;
use crate::{ColumnSchema, ColumnType, DataError, Result};

/// A window of rows, as JSON values (null for missing).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RowPage {
    /// Column names and types.
    pub columns: Vec<ColumnSchema>,
    /// First row's index.
    pub offset: u64,
    /// Rows in the dataset.
    pub total_rows: u64,
    /// The rows, each with one value per column.
    pub rows: Vec<Vec<Value>>,
}

/// Reads rows `offset..offset + limit` of the Parquet file at `path`.
pub fn read_rows(path: &Path, offset: u64, limit: usize) -> Result<RowPage> {
    let (builder, columns, total_rows) = open_rows(path)?;
    let offset_usize = usize::try_from(offset).unwrap_or(usize::MAX);
    let builder = builder
        .with_offset(offset_usize)
        .with_limit(limit)
        .with_batch_size(limit.clamp(1, 8192));
    let available = usize::try_from(total_rows.saturating_sub(offset)).unwrap_or(usize::MAX);
    Ok(RowPage {
        columns,
        offset,
        total_rows,
        rows: collect_rows(builder, limit.min(available))?,
    })
}

/// Reads the rows numbered `numbers` (0-based, ascending, no repeats) of the Parquet file at
/// `path` — e.g. the rows behind a confusion-matrix cell. `offset` is the first number.
pub fn read_rows_at(path: &Path, numbers: &[u64]) -> Result<RowPage> {
    let (builder, columns, total_rows) = open_rows(path)?;
    if let Some((a, b)) = numbers
        .iter()
        .zip(&numbers[1.min(numbers.len())..])
        .find(|(a, b)| a >= b)
    {
        return Err(DataError::InvalidOption {
            field: "rows",
            reason: format!("row numbers must ascend without repeats; {a} is followed by {b}"),
        });
    }
    if let Some(last) = numbers.last().filter(|n| **n >= total_rows) {
        return Err(DataError::InvalidOption {
            field: "rows",
            reason: format!("row {last} does not exist; the dataset has {total_rows} rows"),
        });
    }
    let index = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    // Consecutive numbers become one range: the reader skips whole pages between them.
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    for n in numbers.iter().map(|n| index(*n)) {
        match ranges.last_mut() {
            Some(r) if r.end == n => r.end = n + 1,
            _ => ranges.push(n..n + 1),
        }
    }
    let selection = RowSelection::from_consecutive_ranges(ranges.into_iter(), index(total_rows));
    let builder = builder
        .with_row_selection(selection)
        .with_batch_size(numbers.len().clamp(1, 8192));
    Ok(RowPage {
        columns,
        offset: numbers.first().copied().unwrap_or(0),
        total_rows,
        rows: collect_rows(builder, numbers.len())?,
    })
}

/// A reader of the file with its column schemas and row count.
fn open_rows(
    path: &Path,
) -> Result<(
    ParquetRecordBatchReaderBuilder<File>,
    Vec<ColumnSchema>,
    u64,
)> {
    let file = File::open(path).map_err(DataError::io(path))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file)?;
    let total_rows = u64::try_from(builder.metadata().file_metadata().num_rows()).unwrap_or(0);
    let columns: Vec<ColumnSchema> = builder
        .schema()
        .fields()
        .iter()
        .map(|f| ColumnSchema {
            name: f.name().clone(),
            ty: f
                .metadata()
                .get(TYPE_KEY)
                .and_then(|t| ColumnType::from_name(t))
                .unwrap_or(ColumnType::Text),
        })
        .collect();
    Ok((builder, columns, total_rows))
}

/// The rows a configured reader yields, as JSON values.
fn collect_rows(
    builder: ParquetRecordBatchReaderBuilder<File>,
    capacity: usize,
) -> Result<Vec<Vec<Value>>> {
    let mut rows = Vec::with_capacity(capacity);
    for batch in builder.build()? {
        let batch = batch?;
        for r in 0..batch.num_rows() {
            rows.push(batch.columns().iter().map(|c| json_value(c, r)).collect());
        }
    }
    Ok(rows)
}

/// The first `limit` rows of an in-memory table (a recipe's preview), as a page.
pub fn table_page(table: &crate::recipe::Table, limit: usize) -> RowPage {
    let shown = table.rows().min(limit);
    RowPage {
        columns: table.columns.clone(),
        offset: 0,
        total_rows: table.rows() as u64,
        rows: (0..shown)
            .map(|r| table.arrays.iter().map(|a| json_value(a, r)).collect())
            .collect(),
    }
}

/// A JSON cell as plain text (null → empty; text without quotes).
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// One cell of an Arrow array as plain text, as tables show it (missing → empty).
pub fn cell_text(array: &ArrayRef, row: usize) -> String {
    value_text(&json_value(array, row))
}

#[allow(clippy::cast_precision_loss)] // timestamps are shown, not computed on
/// One cell as a JSON value (null for missing; date-times as RFC 3339 text).
pub(crate) fn json_value(array: &ArrayRef, row: usize) -> Value {
    if array.is_null(row) {
        return Value::Null;
    }
    let any = array.as_any();
    if let Some(a) = any.downcast_ref::<Int64Array>() {
        Value::from(a.value(row))
    } else if let Some(a) = any.downcast_ref::<Float64Array>() {
        serde_json::Number::from_f64(a.value(row)).map_or(Value::Null, Value::Number)
    } else if let Some(a) = any.downcast_ref::<BooleanArray>() {
        Value::from(a.value(row))
    } else if let Some(a) = any.downcast_ref::<StringArray>() {
        Value::from(a.value(row))
    } else if let Some(a) = any.downcast_ref::<TimestampMicrosecondArray>() {
        datetime_text(a.value(row)).map_or(Value::Null, Value::from)
    } else {
        Value::Null
    }
}

/// A date-time column's value (microseconds since the Unix epoch, UTC) as RFC 3339 text;
/// `None` out of range.
pub fn datetime_text(micros: i64) -> Option<String> {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
}
