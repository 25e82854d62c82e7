//! Reading a stored Parquet snapshot back: schema and pages of rows for tables and the CLI.

use std::fs::File;
use std::path::Path;

use arrow_array::{
    Array, ArrayRef, BooleanArray, Float64Array, Int64Array, StringArray, TimestampMicrosecondArray,
};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
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
    let offset_usize = usize::try_from(offset).unwrap_or(usize::MAX);
    let reader = builder
        .with_offset(offset_usize)
        .with_limit(limit)
        .with_batch_size(limit.clamp(1, 8192))
        .build()?;
    let available = usize::try_from(total_rows.saturating_sub(offset)).unwrap_or(usize::MAX);
    let mut rows = Vec::with_capacity(limit.min(available));
    for batch in reader {
        let batch = batch?;
        for r in 0..batch.num_rows() {
            rows.push(batch.columns().iter().map(|c| json_value(c, r)).collect());
        }
    }
    Ok(RowPage {
        columns,
        offset,
        total_rows,
        rows,
    })
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
        let micros = a.value(row);
        time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1000)
            .ok()
            .and_then(|t| {
                t.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
            .map_or(Value::Null, Value::from)
    } else {
        Value::Null
    }
}
