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

/// Encodes batches into a Parquet file (Snappy, except for float columns it does not shrink;
/// dictionaries only for labels and text).
pub(crate) struct ParquetSink<W: Write + Send + 'static> {
    sink: Option<W>,
    /// The columns, known at the start; the file opens with the first batch.
    plan: Option<Plan>,
    file: Option<SnapshotFile<W>>,
}

/// What the sink was started with.
struct Plan {
    columns: Vec<ColumnSchema>,
    schema: Arc<Schema>,
    group_rows: usize,
}

impl<W: Write + Send + 'static> ParquetSink<W> {
    /// A sink writing to `sink` once started.
    pub(crate) fn new(sink: W) -> Self {
        Self {
            sink: Some(sink),
            plan: None,
            file: None,
        }
    }

    /// The open snapshot; opened first, with settings chosen from `first` (the first batch).
    fn file(&mut self, first: Option<&RecordBatch>) -> Result<&mut SnapshotFile<W>> {
        if self.file.is_none() {
            let (Some(plan), Some(sink)) = (self.plan.take(), self.sink.take()) else {
                return Err(DataError::Parquet(
                    "the Parquet sink was not started".into(),
                ));
            };
            self.file = Some(SnapshotFile::open(sink, plan, first)?);
        }
        self.file
            .as_mut()
            .ok_or_else(|| DataError::Parquet("the snapshot could not be opened".into()))
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
/// Float columns are compressed only when Snappy shrinks the first batch's values by a tenth
/// ([`compresses`]). Measurements written at full precision do not compress (Snappy saved
/// 0.2% of the benchmark's 45 float columns, 334.2 against 334.8 MB), and compressing them
/// cost more than the CPU it took: the Parquet writer sizes a page's output buffer to the
/// page, then grows it to Snappy's bound before compressing, so every page copied a MiB of
/// memory nothing had written yet. The kernel mapped it to its zero page and copied it again on
/// the next write (a third of the import's page faults). Without compression for those columns
/// the import was 9–10% faster (median 2.58 against 2.84 s over six alternating runs; kernel
/// time 0.59 against 0.80 s). Rounded values do compress (6 significant digits: 295 against
/// 335 MB) and keep Snappy. Data page v2, which stores a page uncompressed when compression
/// does not pay, was nearly as fast, but older readers (Spark before 3.3) cannot read it, and
/// an exported snapshot is this file byte for byte.
fn properties(columns: &[ColumnSchema], group_rows: usize, compress: &[bool]) -> WriterProperties {
    let mut props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(group_rows))
        .set_dictionary_enabled(false)
        .set_statistics_enabled(EnabledStatistics::Chunk)
        .set_write_batch_size(WRITE_BATCH);
    for (c, &compress) in columns.iter().zip(compress) {
        let path = || parquet::schema::types::ColumnPath::from(c.name.as_str());
        if matches!(
            c.ty,
            ColumnType::Categorical | ColumnType::Text | ColumnType::Boolean
        ) {
            props = props.set_column_dictionary_enabled(path(), true);
        }
        if !compress {
            props = props.set_column_compression(path(), Compression::UNCOMPRESSED);
        }
    }
    props.build()
}

/// Values the column writers take at a time (the Parquet default is 1,024). Each of those
/// steps has its own bookkeeping (levels, statistics, the page-size check): at 8,192 the import
/// used 0.27 s less CPU (user time lower in 10 of 12 alternating runs; median 2.43–2.37 s
/// against 2.48–2.61 s), and a page overshoots its 1 MiB target by at most one step.
const WRITE_BATCH: usize = 8 * 1024;

/// Float values Snappy is tried on: half a MiB, about a data page.
const SAMPLE_VALUES: usize = 64 * 1024;

/// Whether Snappy shrinks `array`'s values by at least a tenth, judged on what their Parquet
/// pages hold (the non-null values, little-endian) for the first [`SAMPLE_VALUES`]. Only float
/// columns are judged; every other column is compressed.
fn compresses(array: &dyn arrow_array::Array) -> bool {
    let Some(floats) = array.as_any().downcast_ref::<arrow_array::Float64Array>() else {
        return true;
    };
    let bytes: Vec<u8> = floats
        .iter()
        .flatten()
        .take(SAMPLE_VALUES)
        .flat_map(f64::to_le_bytes)
        .collect();
    !bytes.is_empty()
        && snap::raw::Encoder::new()
            .compress_vec(&bytes)
            .is_ok_and(|packed| packed.len() * 10 <= bytes.len() * 9)
}

impl<W: Write + Send + 'static> SnapshotFile<W> {
    /// Opens the file on `sink`, float columns compressed as [`compresses`] finds on `first`
    /// (every other column always; floats not at all when there is no batch).
    fn open(sink: W, plan: Plan, first: Option<&RecordBatch>) -> Result<Self> {
        let compress: Vec<bool> = plan
            .columns
            .par_iter()
            .enumerate()
            .map(|(i, c)| {
                c.ty != ColumnType::Float
                    || first
                        .and_then(|batch| batch.columns().get(i))
                        .is_some_and(|array| compresses(array.as_ref()))
            })
            .collect();
        let pipe = Pipe::new(sink).map_err(|e| {
            DataError::Parquet(format!("could not start the snapshot writer thread: {e}"))
        })?;
        let writer = ArrowWriter::try_new(
            pipe,
            Arc::clone(&plan.schema),
            Some(properties(&plan.columns, plan.group_rows, &compress)),
        )?;
        let (file, factory) = writer.into_serialized_writer()?;
        let columns = factory.create_column_writers(0)?;
        Ok(Self {
            file,
            factory,
            schema: plan.schema,
            columns,
            group: 0,
            rows: 0,
            group_rows: plan.group_rows,
        })
    }

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
        if self.plan.is_some() || self.file.is_some() || self.sink.is_none() {
            return Err(DataError::Parquet(
                "the Parquet sink was started twice".into(),
            ));
        }
        self.plan = Some(Plan {
            columns: columns.to_vec(),
            schema: Arc::clone(schema),
            group_rows: batch_rows.max(1),
        });
        Ok(())
    }

    fn write(&mut self, batch: RecordBatch) -> Result<()> {
        self.file(Some(&batch))?.write(&batch)
    }

    fn finish(mut self) -> Result<W> {
        self.file(None)?;
        match self.file {
            Some(file) => file.finish(),
            None => Err(DataError::Parquet(
                "the Parquet sink was not started".into(),
            )),
        }
    }
}
