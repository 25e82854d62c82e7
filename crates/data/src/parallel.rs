//! Converting a file's blocks of whole records into Arrow batches on every core, in file order.
//!
//! One thread cuts the stream into blocks, a worker per core turns each block into one batch
//! with its own warnings, and the calling thread puts the batches back in order before handing
//! them to the sink. Bad rows are therefore met, counted and reported exactly as a single
//! reader would: the first error in file order wins, and warnings keep their first line. The
//! formats (CSV, JSON) differ only in how a block is cut and how its records are read.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Mutex};

use arrow_array::RecordBatch;

use crate::columns::ColumnBuilder;
use crate::import::{BatchSink, BatchWriter, Rest, RowConverter};
use crate::{ColumnSchema, Result};

/// Bounds on the size of the blocks converted in parallel. Blocks of at most 2 MiB (about
/// 5,000 rows of the import benchmark) kept the import's peak memory at 240–270 MB against
/// 340–390 MB with 8 MiB, at the same speed.
const MIN_BLOCK_BYTES: usize = 4 * 1024;
const MAX_BLOCK_BYTES: usize = 2 * 1024 * 1024;

/// Bytes per block for about `batch_rows` records, at the record length seen so far (`bytes`
/// over `records`), within the bounds above.
pub(crate) fn block_bytes(batch_rows: usize, bytes: usize, records: u64) -> usize {
    let record_bytes = bytes.div_ceil(usize::try_from(records.max(1)).unwrap_or(1));
    batch_rows
        .saturating_mul(record_bytes.max(1))
        .clamp(MIN_BLOCK_BYTES, MAX_BLOCK_BYTES)
}

/// A format's remaining records as blocks: cut on the reader thread, converted on the workers.
pub(crate) trait Blocks: Send {
    /// A run of whole records.
    type Block: Send;
    /// What the workers share to convert blocks.
    type Converter: Convert<Block = Self::Block>;

    /// The converter for this file's blocks.
    fn converter(&self) -> Self::Converter;
    /// The index the next block will have (blocks are numbered in file order).
    fn next_index(&self) -> usize;
    /// The next block; `None` at the end. An error ends the reading.
    fn next_block(&mut self) -> Result<Option<Self::Block>>;
}

/// Turns blocks of one format into rows appended to column builders.
pub(crate) trait Convert: Send + Sync {
    /// The block type converted.
    type Block: Send;

    /// The block's position in file order.
    fn index(&self, block: &Self::Block) -> usize;
    /// About how many records the block holds (to size the builders).
    fn records(&self, block: &Self::Block) -> usize;
    /// Appends the block's rows to `builders`, with its warnings and errors in `rows`.
    fn convert(
        &self,
        block: &Self::Block,
        rows: &mut RowConverter<'_>,
        columns: &[ColumnSchema],
        builders: &mut [ColumnBuilder],
    ) -> Result<()>;
    /// Takes a converted block back (to reuse its memory).
    fn recycle(&self, block: Self::Block) {
        drop(block);
    }
}

/// One block's rows, converted.
struct Converted<'a> {
    batch: RecordBatch,
    /// The block's warnings and skipped rows.
    rows: RowConverter<'a>,
}

/// Converted blocks that may wait, per worker, to be written in order: the workers go on
/// while the writer waits on the encoder (queues of 8 snapshot chunks, 2 batches and 2 blocks
/// per worker idled about 10% of the import benchmark's CPU time; with 32, 4 and 4 the import
/// was faster in 6 of 8 alternating pairs, median 2.65 against 2.72 s, for about 15 MiB more).
const DONE_PER_WORKER: usize = 4;

/// A reader error has no block: it is numbered after every block.
const READER_ERROR: usize = usize::MAX;

/// Converts every block of `blocks` into `rest`, in file order.
pub(crate) fn convert_blocks<K: BatchSink, B: Blocks>(
    mut blocks: B,
    rest: Rest<'_, '_, K>,
) -> Result<()> {
    let Rest {
        rows,
        columns,
        out,
        progress,
    } = rest;
    let workers = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let stop = AtomicBool::new(false);
    let template = rows.fork();
    let schema = out.schema();
    let first = blocks.next_index();
    let converter = blocks.converter();
    std::thread::scope(|scope| {
        let (work_tx, work_rx) = sync_channel::<Result<B::Block>>(workers);
        let (done_tx, done_rx) =
            sync_channel::<(usize, Result<Converted<'_>>)>(workers * DONE_PER_WORKER);
        let (stop, template, converter) = (&stop, &template, &converter);
        scope.spawn(move || {
            // Cuts blocks until the end, an error (handed on, in order), or a stop.
            while !stop.load(Ordering::Relaxed) {
                let Some(next) = blocks.next_block().transpose() else {
                    break;
                };
                let failed = next.is_err();
                if work_tx.send(next).is_err() || failed {
                    break;
                }
            }
        });
        let work_rx = Arc::new(Mutex::new(work_rx));
        for _ in 0..workers {
            let (work_rx, done_tx, schema) =
                (Arc::clone(&work_rx), done_tx.clone(), Arc::clone(&schema));
            scope.spawn(move || {
                while let Some(item) = work_rx.lock().ok().and_then(|rx| rx.recv().ok()) {
                    let index = item.as_ref().map_or(READER_ERROR, |b| converter.index(b));
                    let outcome = item.and_then(|block| {
                        let outcome = convert_block(converter, &block, template, columns, &schema);
                        converter.recycle(block);
                        outcome
                    });
                    if done_tx.send((index, outcome)).is_err() {
                        break;
                    }
                }
            });
        }
        drop((work_rx, done_tx));
        let outcome = write_in_order(&done_rx, first, rows, out, progress);
        // On an error or a cancel, the reader and the workers stop at their next step.
        stop.store(true, Ordering::Relaxed);
        drop(done_rx);
        outcome
    })
}

/// Converts one block into a batch, with the block's own warnings.
fn convert_block<'a, C: Convert>(
    converter: &C,
    block: &C::Block,
    template: &RowConverter<'a>,
    columns: &[ColumnSchema],
    schema: &Arc<arrow_schema::Schema>,
) -> Result<Converted<'a>> {
    let mut rows = template.fork();
    let capacity = converter.records(block) + 1;
    let mut builders: Vec<ColumnBuilder> = columns
        .iter()
        .map(|c| ColumnBuilder::new(c.ty, capacity))
        .collect();
    converter.convert(block, &mut rows, columns, &mut builders)?;
    let arrays = builders.iter_mut().map(ColumnBuilder::finish).collect();
    Ok(Converted {
        batch: RecordBatch::try_new(Arc::clone(schema), arrays)?,
        rows,
    })
}

/// Writes converted blocks to `out` in block order from `first`, merging their warnings into
/// `rows` in the same order. The first error in block order ends the import.
fn write_in_order<'a, K: BatchSink>(
    done: &Receiver<(usize, Result<Converted<'a>>)>,
    first: usize,
    rows: &mut RowConverter<'a>,
    out: &mut BatchWriter<K>,
    progress: &dyn Fn(u64) -> Result<()>,
) -> Result<()> {
    let mut waiting: BTreeMap<usize, Result<Converted<'a>>> = BTreeMap::new();
    let mut next = first;
    for (index, outcome) in done {
        waiting.insert(index, outcome);
        while let Some(outcome) = waiting.remove(&next) {
            let converted = outcome?;
            // A block can hold no row (blank lines, a header alone, skipped rows).
            if converted.batch.num_rows() > 0 {
                out.write_ready(converted.batch)?;
            }
            rows.absorb(converted.rows);
            progress(out.rows_written())?;
            next += 1;
        }
    }
    // Whatever is left is the reader's error (every block before it was written).
    match waiting.pop_first() {
        Some((_, outcome)) => outcome.map(|_| ()),
        None => Ok(()),
    }
}
