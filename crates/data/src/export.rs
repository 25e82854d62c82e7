//! Writing a stored dataset out again: the Parquet snapshot as is, or CSV.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use arrow_array::{ArrayRef, RecordBatch};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde::{Deserialize, Serialize};

use crate::read::json_value;
use crate::recipe::{Table, write_table};
use crate::{CancelToken, DataError, JobProgress, Progress, Result};

/// File formats a dataset can be exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// Comma-separated UTF-8 with a header row; missing values are empty fields.
    Csv,
    /// The stored Parquet snapshot, byte for byte.
    Parquet,
}

/// Writes the Parquet snapshot at `snapshot` to `out` in `format`. The file appears only when
/// complete (written beside it, then renamed); an existing `out` is replaced only if `overwrite`.
pub fn export_dataset(
    snapshot: &Path,
    out: &Path,
    format: ExportFormat,
    overwrite: bool,
    progress: &dyn Progress,
    cancel: &CancelToken,
) -> Result<u64> {
    write_atomically(out, overwrite, |tmp| match format {
        ExportFormat::Parquet => copy_snapshot(snapshot, tmp),
        ExportFormat::Csv => write_csv(snapshot, tmp, progress, cancel),
    })
}

/// Runs `write` on a temporary file beside `out` and renames it into place only on success:
/// `out` is either complete or untouched. An existing `out` is replaced only if `overwrite`.
fn write_atomically(
    out: &Path,
    overwrite: bool,
    write: impl FnOnce(&Path) -> Result<u64>,
) -> Result<u64> {
    if out.exists() && !overwrite {
        return Err(DataError::InvalidOption {
            field: "output",
            reason: format!(
                "{} already exists (pass --force to replace it)",
                out.display()
            ),
        });
    }
    let tmp = partial_path(out);
    match write(&tmp) {
        Ok(rows) => {
            std::fs::rename(&tmp, out).map_err(DataError::io(out))?;
            Ok(rows)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

fn partial_path(out: &Path) -> PathBuf {
    let mut name = out.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    out.with_file_name(name)
}

fn copy_snapshot(snapshot: &Path, tmp: &Path) -> Result<u64> {
    std::fs::copy(snapshot, tmp).map_err(DataError::io(tmp))?;
    let file = File::open(snapshot).map_err(DataError::io(snapshot))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file)?;
    Ok(u64::try_from(builder.metadata().file_metadata().num_rows()).unwrap_or(0))
}

fn write_csv(
    snapshot: &Path,
    tmp: &Path,
    progress: &dyn Progress,
    cancel: &CancelToken,
) -> Result<u64> {
    let file = File::open(snapshot).map_err(DataError::io(snapshot))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file)?;
    let total = u64::try_from(builder.metadata().file_metadata().num_rows()).unwrap_or(0);
    let names: Vec<String> = builder
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let reader = builder.with_batch_size(64 * 1024).build()?;
    let batches = reader.map(|b| b.map_err(DataError::from));
    write_csv_batches(&names, batches, total, tmp, progress, cancel)
}

/// Writes a table (e.g. data with predictions) to `out` as CSV or Parquet, with the same
/// guarantees as [`export_dataset`]: complete file or none, no silent overwrite.
pub fn export_table(
    table: &Table,
    out: &Path,
    format: ExportFormat,
    overwrite: bool,
    progress: &dyn Progress,
    cancel: &CancelToken,
) -> Result<u64> {
    write_atomically(out, overwrite, |tmp| match format {
        ExportFormat::Parquet => {
            let file = File::create(tmp).map_err(DataError::io(tmp))?;
            let (rows, file) = write_table(table, file)?;
            file.sync_all().map_err(DataError::io(tmp))?;
            Ok(rows)
        }
        ExportFormat::Csv => {
            let names: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
            let batch = table.to_batch()?;
            write_csv_batches(
                &names,
                std::iter::once(Ok(batch)),
                table.rows() as u64,
                tmp,
                progress,
                cancel,
            )
        }
    })
}

fn write_csv_batches(
    names: &[String],
    batches: impl Iterator<Item = Result<RecordBatch>>,
    total: u64,
    tmp: &Path,
    progress: &dyn Progress,
    cancel: &CancelToken,
) -> Result<u64> {
    let out = File::create(tmp).map_err(DataError::io(tmp))?;
    let mut writer = csv::Writer::from_writer(BufWriter::with_capacity(1 << 20, out));
    let csv_err = |e: csv::Error| DataError::Io {
        path: tmp.to_path_buf(),
        source: std::io::Error::other(e),
    };
    writer.write_record(names).map_err(csv_err)?;
    let mut rows = 0u64;
    let mut cells: Vec<String> = Vec::with_capacity(names.len());
    for batch in batches {
        let batch = batch?;
        let columns: &[ArrayRef] = batch.columns();
        for r in 0..batch.num_rows() {
            cells.clear();
            cells.extend(columns.iter().map(|c| match json_value(c, r) {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            }));
            writer.write_record(&cells).map_err(csv_err)?;
            if r % 65_536 == 65_535 && cancel.is_cancelled() {
                return Err(DataError::Cancelled);
            }
        }
        rows += batch.num_rows() as u64;
        progress.report(JobProgress {
            stage: "export",
            done: rows,
            total: Some(total),
            rows,
        });
        if cancel.is_cancelled() {
            return Err(DataError::Cancelled);
        }
    }
    let mut inner = writer.into_inner().map_err(|e| DataError::Io {
        path: tmp.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    })?;
    inner.flush().map_err(DataError::io(tmp))?;
    inner.get_ref().sync_all().map_err(DataError::io(tmp))?;
    Ok(rows)
}
