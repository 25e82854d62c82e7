//! Converting a CSV file's blocks into Arrow batches on every core, in file order.
//!
//! One thread cuts the stream into [`Block`]s, a worker per core turns each block into one
//! batch with its own warnings, and the calling thread puts the batches back in order before
//! handing them to the sink. Bad rows are therefore met, counted and reported exactly as a
//! single reader would: the first error in file order wins, and warnings keep their first line.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Mutex};

use arrow_array::RecordBatch;

use super::blocks::Block;
use super::plain;
use super::source::{Blocks, read_record, record_reader};
use crate::columns::ColumnBuilder;
use crate::import::{BatchSink, BatchWriter, RowConverter};
use crate::{ColumnSchema, ColumnType, Result};

/// One block's rows, converted.
struct Converted<'a> {
    batch: RecordBatch,
    /// The block's warnings and skipped rows.
    rows: RowConverter<'a>,
}

/// A reader error has no block: it is numbered after every block.
const READER_ERROR: usize = usize::MAX;

/// Converts every block of `blocks` into batches written to `out`, in order; the warnings
/// and skipped rows are added to `rows`. `progress` is called after each batch with the rows
/// written so far, and stops the import when it fails (a cancel).
pub(crate) fn convert_blocks<K: BatchSink>(
    mut blocks: Blocks,
    rows: &mut RowConverter<'_>,
    columns: &[ColumnSchema],
    out: &mut BatchWriter<K>,
    progress: &dyn Fn(u64) -> Result<()>,
) -> Result<()> {
    let workers = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let stop = AtomicBool::new(false);
    let template = rows.fork();
    let schema = out.schema();
    let first = blocks.reader.next_index();
    let recycler = blocks.reader.recycler();
    let (delimiter, quote) = (blocks.delimiter, blocks.quote);
    let path = template.path();
    std::thread::scope(|scope| {
        let (work_tx, work_rx) = sync_channel::<Result<Block>>(workers);
        let (done_tx, done_rx) = sync_channel::<(usize, Result<Converted<'_>>)>(workers * 2);
        let (stop, template) = (&stop, &template);
        scope.spawn(move || {
            // Cuts blocks until the end, an error (handed on, in order), or a stop.
            while !stop.load(Ordering::Relaxed) {
                let Some(next) = blocks.next(path).transpose() else {
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
            let (work_rx, done_tx) = (Arc::clone(&work_rx), done_tx.clone());
            let (schema, recycler) = (Arc::clone(&schema), recycler.clone());
            scope.spawn(move || {
                while let Some(item) = work_rx.lock().ok().and_then(|rx| rx.recv().ok()) {
                    let index = item.as_ref().map_or(READER_ERROR, |b| b.index);
                    let converted = item.and_then(|block| {
                        let converted =
                            convert_block(&block, template, columns, &schema, delimiter, quote);
                        recycler.give(block);
                        converted
                    });
                    if done_tx.send((index, converted)).is_err() {
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
            out.write_ready(converted.batch)?;
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

/// Converts one block's records into a batch, with the block's own warnings.
fn convert_block<'a>(
    block: &Block,
    template: &RowConverter<'a>,
    columns: &[ColumnSchema],
    schema: &Arc<arrow_schema::Schema>,
    delimiter: u8,
    quote: u8,
) -> Result<Converted<'a>> {
    let mut rows = template.fork();
    let capacity = usize::try_from(block.lines).unwrap_or(0) + 1;
    let mut builders: Vec<ColumnBuilder> = columns
        .iter()
        .map(|c| ColumnBuilder::new(c.ty, capacity))
        .collect();
    let width = columns.len();
    if plain::is_plain(block.data(), quote) {
        let floats: Vec<bool> = columns.iter().map(|c| c.ty == ColumnType::Float).collect();
        plain::for_each_record(
            block.data(),
            delimiter,
            block.first_line,
            &floats,
            |cells, line| {
                if rows.accept_fields(cells.len(), line, width)? {
                    rows.convert_fields(cells.iter().copied(), line, columns, &mut builders)?;
                }
                Ok::<(), crate::DataError>(())
            },
        )?;
    } else {
        let mut reader = record_reader(Cursor::new(block.data()), delimiter, quote);
        let mut record = csv::ByteRecord::new();
        let line_offset = block.first_line - 1;
        while read_record(&mut reader, &mut record, line_offset, rows.path())? {
            if rows.accept_width(&record, width)? {
                rows.convert(&record, columns, &mut builders)?;
            }
        }
    }
    let arrays = builders.iter_mut().map(ColumnBuilder::finish).collect();
    Ok(Converted {
        batch: RecordBatch::try_new(Arc::clone(schema), arrays)?,
        rows,
    })
}
