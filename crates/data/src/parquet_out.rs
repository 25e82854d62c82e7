//! Writing a dataset snapshot: Arrow batches encoded into Parquet, the columns of each batch
//! on every core (the encoder was the longest-running thread of an import before), the bytes
//! hashed and written on a thread of their own.

use std::io::Write;
use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_schema::Schema;
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_writer::{ArrowColumnWriter, ArrowRowGroupWriterFactory, compute_leaves};
use parquet::basic::Compression;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::file::writer::SerializedFileWriter;
use rayon::prelude::*;

use crate::import::BatchSink;
use crate::pipe::Pipe;
use crate::{ColumnSchema, ColumnType, DataError, Result};

/// Encodes batches into a Parquet file (Snappy except for floats; dictionaries only for labels
/// and text).
pub(crate) struct ParquetSink<W: Write + Send + 'static> {
    sink: Option<W>,
    file: Option<SnapshotFile<W>>,
}

impl<W: Write + Send + 'static> ParquetSink<W> {
    /// A sink writing to `sink` once started.
    pub(crate) fn new(sink: W) -> Self {
        Self {
            sink: Some(sink),
            file: None,
        }
    }
}

/// An open snapshot: the file, and the column writers of the row group being filled.
struct SnapshotFile<W: Write + Send + 'static> {
    file: SerializedFileWriter<Pipe<W>>,
    factory: ArrowRowGroupWriterFactory,
    schema: Arc<Schema>,
    columns: Vec<ArrowColumnWriter>,
    group: usize,
    rows: usize,
    group_rows: usize,
}

/// The writer settings. A row group's encoded pages stay in memory until the group is full:
/// one batch's rows per group bound the import's memory (against four: peak RSS 370–430 →
/// 310–340 MB and less system time on the import benchmark, for a 0.2% larger file).
/// Dictionary encoding pays off for labels and text, not for measurements. Statistics per
/// column chunk, not per page: nothing here reads a page index, and building one cost about
/// 0.1 s per million rows.
///
/// Float columns are not compressed: Snappy saved 0.2% of the benchmark's 45 float columns
/// (334.2 against 334.8 MB), and compressing a page cost more than the CPU it took. The
/// Parquet writer sizes the output buffer to the page, then grows it to Snappy's bound
/// before compressing, so every page copied a MiB of memory nothing had written yet: the
/// kernel mapped it to its zero page and later copied it again on write (a third of the
/// import's page faults). Without it the import was 9–10% faster (median 2.58 against 2.84 s
/// over six alternating runs; kernel time 0.59 against 0.80 s). Data page v2, which stores a
/// page uncompressed when compression does not pay, was as fast, but older readers (Spark
/// before 3.3) cannot read it, and an exported snapshot is this file byte for byte.
fn properties(columns: &[ColumnSchema], group_rows: usize) -> WriterProperties {
    let mut props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(group_rows))
        .set_dictionary_enabled(false)
        .set_statistics_enabled(EnabledStatistics::Chunk);
    for c in columns {
        let path = || parquet::schema::types::ColumnPath::from(c.name.as_str());
        match c.ty {
            ColumnType::Categorical | ColumnType::Text | ColumnType::Boolean => {
                props = props.set_column_dictionary_enabled(path(), true);
            }
            ColumnType::Float => {
                props = props.set_column_compression(path(), Compression::UNCOMPRESSED);
            }
            ColumnType::Integer | ColumnType::Datetime => {}
        }
    }
    props.build()
}

impl<W: Write + Send + 'static> SnapshotFile<W> {
    /// Encodes `batch`'s columns in parallel, closing row groups as they fill.
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        let mut offset = 0;
        while offset < batch.num_rows() {
            let take = (self.group_rows - self.rows).min(batch.num_rows() - offset);
            let part = batch.slice(offset, take);
            self.columns
                .par_iter_mut()
                .zip(part.columns())
                .zip(&self.schema.fields()[..])
                .try_for_each(|((writer, array), field)| {
                    compute_leaves(field, array)?
                        .iter()
                        .try_for_each(|leaf| writer.write(leaf))
                })?;
            self.rows += take;
            offset += take;
            if self.rows == self.group_rows {
                self.close_group()?;
            }
        }
        Ok(())
    }

    /// Closes the row group being filled (its columns in parallel) and starts the next one.
    fn close_group(&mut self) -> Result<()> {
        let next = self.factory.create_column_writers(self.group + 1)?;
        let columns = std::mem::replace(&mut self.columns, next);
        let chunks = columns
            .into_par_iter()
            .map(ArrowColumnWriter::close)
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let mut group = self.file.next_row_group()?;
        for chunk in chunks {
            chunk.append_to_row_group(&mut group)?;
        }
        group.close()?;
        self.group += 1;
        self.rows = 0;
        Ok(())
    }

    /// Writes the last row group and the footer; gives the sink back.
    fn finish(mut self) -> Result<W> {
        if self.rows > 0 {
            self.close_group()?;
        }
        self.file
            .into_inner()?
            .finish()
            .map_err(|e| DataError::Parquet(format!("writing the snapshot failed: {e}")))
    }
}

impl<W: Write + Send + 'static> BatchSink for ParquetSink<W> {
    type Output = W;

    fn start(
        &mut self,
        columns: &[ColumnSchema],
        schema: &Arc<Schema>,
        batch_rows: usize,
    ) -> Result<()> {
        let group_rows = batch_rows.max(1);
        let sink = self
            .sink
            .take()
            .ok_or_else(|| DataError::Parquet("the Parquet sink was started twice".into()))?;
        let pipe = Pipe::new(sink).map_err(|e| {
            DataError::Parquet(format!("could not start the snapshot writer thread: {e}"))
        })?;
        let writer = ArrowWriter::try_new(
            pipe,
            Arc::clone(schema),
            Some(properties(columns, group_rows)),
        )?;
        let (file, factory) = writer.into_serialized_writer()?;
        let columns = factory.create_column_writers(0)?;
        self.file = Some(SnapshotFile {
            file,
            factory,
            schema: Arc::clone(schema),
            columns,
            group: 0,
            rows: 0,
            group_rows,
        });
        Ok(())
    }

    fn write(&mut self, batch: RecordBatch) -> Result<()> {
        match self.file.as_mut() {
            Some(file) => file.write(&batch),
            None => Err(DataError::Parquet(
                "the Parquet sink was not started".into(),
            )),
        }
    }

    fn finish(self) -> Result<W> {
        match self.file {
            Some(file) => file.finish(),
            None => Err(DataError::Parquet(
                "the Parquet sink was not started".into(),
            )),
        }
    }
}
