//! Parquet imports: Arrow types are mapped to ModelDesk's column types (integers to Int64,
//! floats and decimals to Float64, dates and timestamps to UTC microseconds, strings to
//! categorical or text) and re-written as a snapshot with the same layout as every import.

use std::collections::HashSet;
use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use arrow_array::{Array, ArrayRef, RecordBatch, TimestampMicrosecondArray};
use arrow_cast::cast::{CastOptions, cast_with_options};
use arrow_schema::{DataType, TimeUnit};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::import::{BatchSink, BatchWriter, ImportReport, SourceFormat, Warnings};
use crate::{
    CancelToken, ColumnSchema, ColumnType, DataError, ImportOptions, JobProgress, Progress, Result,
    WarningKind,
};

/// Imports a Parquet file.
pub(crate) fn import_parquet<K: BatchSink>(
    path: &Path,
    options: &ImportOptions,
    sink: K,
    progress: &dyn Progress,
    cancel: &CancelToken,
) -> Result<(ImportReport, K::Output)> {
    let file = File::open(path).map_err(DataError::io(path))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| DataError::Csv {
        path: path.to_path_buf(),
        line: 0,
        message: format!("not a readable Parquet file: {e}"),
    })?;
    let total = u64::try_from(builder.metadata().file_metadata().num_rows()).unwrap_or(0);
    let fields = builder.schema().fields().clone();
    if fields.is_empty() {
        return Err(DataError::Empty {
            path: path.to_path_buf(),
        });
    }
    let mut reader = builder.with_batch_size(options.batch_rows.max(1)).build()?;
    let Some(first) = reader.next().transpose()? else {
        return Err(DataError::HeaderOnly {
            path: path.to_path_buf(),
            columns: fields.len(),
        });
    };
    let columns = column_types(path, &fields, &first, options)?;
    let mut warnings = Warnings::default();
    let mut out = BatchWriter::new(sink, &columns, options.batch_rows)?;
    let schema = out.schema();
    let mut rows = 0u64;
    let mut next = Some(first);
    while let Some(batch) = next {
        let converted = convert_batch(&batch, &columns, &schema, options, path, &mut warnings)?;
        rows += converted.num_rows() as u64;
        out.write_ready(converted)?;
        progress.report(JobProgress {
            stage: "import",
            done: rows,
            total: Some(total),
            rows,
        });
        if cancel.is_cancelled() {
            return Err(DataError::Cancelled);
        }
        next = reader.next().transpose()?;
    }
    let (_, sink) = out.finish()?;
    Ok((
        ImportReport {
            format: SourceFormat::Parquet,
            source: path.to_path_buf(),
            rows,
            columns,
            dialect: None,
            warnings: warnings.into_vec(),
            skipped_rows: 0,
            options: options.clone(),
        },
        sink,
    ))
}

/// Each column's type: the user's override, else the natural mapping of its Arrow type.
fn column_types(
    path: &Path,
    fields: &arrow_schema::Fields,
    first: &RecordBatch,
    options: &ImportOptions,
) -> Result<Vec<ColumnSchema>> {
    fields
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let ty = match options.types.get(field.name()) {
                Some(ty) => *ty,
                None => natural_type(field.data_type(), first.column(i)).ok_or_else(|| {
                    DataError::InvalidOption {
                        field: "column type",
                        reason: format!(
                            "{}: column {:?} has type {}, which ModelDesk cannot import yet",
                            path.display(),
                            field.name(),
                            field.data_type()
                        ),
                    }
                })?,
            };
            Ok(ColumnSchema {
                name: field.name().clone(),
                ty,
            })
        })
        .collect()
}

/// Converts one batch to the snapshot's types, counting (or refusing) values that do not fit.
fn convert_batch(
    batch: &RecordBatch,
    columns: &[ColumnSchema],
    schema: &Arc<arrow_schema::Schema>,
    options: &ImportOptions,
    path: &Path,
    warnings: &mut Warnings,
) -> Result<RecordBatch> {
    let mut arrays = Vec::with_capacity(columns.len());
    for (i, column) in columns.iter().enumerate() {
        let source = batch.column(i);
        let converted = convert(source, column.ty)?;
        let lost = converted.null_count().saturating_sub(source.null_count());
        if lost > 0 {
            if options.strict {
                return Err(DataError::Value {
                    path: path.to_path_buf(),
                    line: 0,
                    column: column.name.clone(),
                    value: format!("{lost} value(s)"),
                    expected: column.ty.name(),
                });
            }
            warnings.add_many(
                WarningKind::BadValuesMissing,
                None,
                Some(&column.name),
                lost as u64,
                || {
                    format!(
                        "values of column {:?} that are not {} were made missing",
                        column.name,
                        column.ty.name()
                    )
                },
            );
        }
        arrays.push(converted);
    }
    Ok(RecordBatch::try_new(Arc::clone(schema), arrays)?)
}

/// The column type an Arrow type maps to (strings: categorical when labels repeat).
fn natural_type(dt: &DataType, sample: &ArrayRef) -> Option<ColumnType> {
    Some(match dt {
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64 => ColumnType::Integer,
        DataType::Float16
        | DataType::Float32
        | DataType::Float64
        | DataType::Decimal128(..)
        | DataType::Decimal256(..) => ColumnType::Float,
        DataType::Boolean => ColumnType::Boolean,
        DataType::Date32 | DataType::Date64 | DataType::Timestamp(..) => ColumnType::Datetime,
        DataType::Dictionary(_, value) if is_string(value) => ColumnType::Categorical,
        t if is_string(t) => {
            let text = cast_with_options(sample, &DataType::Utf8, &CastOptions::default()).ok()?;
            let strings = text.as_any().downcast_ref::<arrow_array::StringArray>()?;
            let values: Vec<&str> = strings.iter().flatten().collect();
            let distinct: HashSet<&str> = values.iter().copied().collect();
            let long = values.iter().map(|v| v.len()).sum::<usize>() > 64 * values.len().max(1);
            if distinct.len() * 2 <= values.len().max(2) && distinct.len() <= 1000 && !long {
                ColumnType::Categorical
            } else {
                ColumnType::Text
            }
        }
        _ => return None,
    })
}

fn is_string(dt: &DataType) -> bool {
    matches!(
        dt,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
    )
}

/// Casts an array to the storage type of `ty`; values that do not convert become null.
fn convert(array: &ArrayRef, ty: ColumnType) -> Result<ArrayRef> {
    let safe = CastOptions {
        safe: true,
        ..CastOptions::default()
    };
    if ty == ColumnType::Datetime {
        // Keep the instant: cast to microseconds in the source's own zone, then drop the zone
        // (the values are UTC either way).
        let zone = match array.data_type() {
            DataType::Timestamp(_, tz) => tz.clone(),
            _ => None,
        };
        let micros = cast_with_options(
            array,
            &DataType::Timestamp(TimeUnit::Microsecond, zone),
            &safe,
        )?;
        let values = micros
            .as_any()
            .downcast_ref::<TimestampMicrosecondArray>()
            .ok_or_else(|| DataError::Parquet("timestamp cast failed".into()))?;
        return Ok(Arc::new(TimestampMicrosecondArray::new(
            values.values().clone(),
            values.nulls().cloned(),
        )));
    }
    Ok(cast_with_options(array, &ty.arrow_type(), &safe)?)
}
