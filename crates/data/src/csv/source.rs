//! Opening a CSV file for import: the sniffed dialect, then its records, first one by one (the
//! header and the rows types are inferred from) and then block by block on every core.

use std::fs::File;
use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use super::blocks::{Block, BlockError, BlockReader};
use super::parallel::CsvBlocks;
use super::{sniff, utf8_stream};
use crate::import::{BatchSink, Counting, RecordSource, Rest, Rows};
use crate::{DataError, ImportOptions, Result, SourceFormat};

/// Bytes sniffed for the dialect.
const SNIFF_BYTES: usize = 1024 * 1024;
/// Size of the blocks read before the rows' width is known. They are converted again in
/// parallel after the types are inferred, so their size only bounds what is read ahead.
const FIRST_BLOCK_BYTES: usize = 1024 * 1024;
/// The longest record accepted: four fields at [`crate::MAX_FIELD_BYTES`].
pub(crate) const MAX_RECORD_BYTES: usize = 4 * crate::MAX_FIELD_BYTES;

/// A CSV file's remaining blocks, for parsing in parallel.
pub(crate) struct Blocks {
    pub(crate) reader: BlockReader<Box<dyn Read + Send>>,
    pub(crate) delimiter: u8,
    pub(crate) quote: u8,
}

impl Blocks {
    /// The next block; `None` at the end.
    pub(crate) fn next(&mut self, path: &Path) -> Result<Option<Block>> {
        self.reader.next_block().map_err(|e| block_error(e, path))
    }
}

/// A CSV file's records, read from blocks.
///
/// The records `next` gives are only those types are inferred from: the blocks they came from
/// are kept and converted again, with every later block, on every core
/// ([`RecordSource::rewind`]). Converting them one by one on one thread took about 30 ms of
/// the import benchmark's start, before its parallel part could begin.
pub(crate) struct CsvSource<'a> {
    path: &'a Path,
    blocks: Blocks,
    /// The records of the block being read.
    current: Option<csv::Reader<Cursor<Block>>>,
    /// The blocks read before the current one, in order.
    read: Vec<Block>,
    /// Bytes of the first block before its first data row (the header).
    header_bytes: usize,
    /// Lines before the current block.
    line_offset: u64,
    /// Bytes and lines read so far (for the size of later blocks).
    bytes_seen: usize,
    lines_seen: u64,
}

/// Sniffs the dialect from the first megabyte, opens a streaming reader and reads the header.
pub(crate) fn open_csv<'a>(path: &'a Path, options: &ImportOptions) -> Result<Rows<CsvSource<'a>>> {
    let io = || DataError::io(path);
    let mut file = File::open(path).map_err(io())?;
    let total = file.metadata().map_err(io())?.len();
    if total == 0 {
        return Err(DataError::Empty {
            path: path.to_path_buf(),
        });
    }
    let mut sample = Vec::new();
    (&mut file)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut sample)
        .map_err(io())?;
    let tab_first = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv") || e.eq_ignore_ascii_case("tab"));
    let dialect = sniff(&sample, &options.csv, &options.missing, path, tab_first)?;
    drop(sample);
    let read_bytes = Arc::new(AtomicU64::new(0));
    let counted = Counting {
        inner: File::open(path).map_err(io())?,
        count: Arc::clone(&read_bytes),
    };
    let stream = utf8_stream(counted, &dialect).map_err(io())?;
    let (delimiter, quote) = (dialect.delimiter as u8, dialect.quote as u8);
    let mut source = CsvSource {
        path,
        blocks: Blocks {
            reader: BlockReader::new(
                stream,
                delimiter,
                quote,
                FIRST_BLOCK_BYTES,
                MAX_RECORD_BYTES,
            ),
            delimiter,
            quote,
        },
        current: None,
        read: Vec::new(),
        header_bytes: 0,
        line_offset: 0,
        bytes_seen: 0,
        lines_seen: 0,
    };
    let mut record = csv::ByteRecord::new();
    if !source.next(&mut record)? {
        return Err(DataError::Empty {
            path: path.to_path_buf(),
        });
    }
    let (raw_names, first_row) = if dialect.has_header {
        source.header_bytes = source.current.as_ref().map_or(0, |reader| {
            usize::try_from(reader.position().byte()).unwrap_or(usize::MAX)
        });
        let names = record
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_owned())
            .collect();
        (names, None)
    } else {
        (
            (1..=record.len()).map(|i| format!("column_{i}")).collect(),
            Some(record),
        )
    };
    Ok(Rows {
        format: SourceFormat::Csv,
        decimal_comma: dialect.decimal_comma,
        dialect: Some(dialect),
        raw_names,
        first_row,
        source,
        read_bytes,
        total,
    })
}

/// A reader of the records in `data`, with the import's dialect.
pub(crate) fn record_reader<R: Read>(data: R, delimiter: u8, quote: u8) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .quote(quote)
        .buffer_capacity(64 * 1024)
        .from_reader(data)
}

/// Reads the next record of `reader`, numbering the line it starts on from the file's start
/// (the block began after `line_offset` lines); `false` at the end. Blank lines are skipped.
pub(crate) fn read_record<B: AsRef<[u8]>>(
    reader: &mut csv::Reader<Cursor<B>>,
    record: &mut csv::ByteRecord,
    line_offset: u64,
    path: &Path,
) -> Result<bool> {
    let more = reader.read_byte_record(record).map_err(|e| {
        let line = e.position().map_or(0, csv::Position::line) + line_offset;
        match e.into_kind() {
            csv::ErrorKind::Io(source) => DataError::Io {
                path: path.to_path_buf(),
                source,
            },
            kind => DataError::Csv {
                path: path.to_path_buf(),
                line,
                message: format!("{kind:?}"),
            },
        }
    })?;
    if more && let Some(mut position) = record.position().cloned() {
        let data = reader.get_ref().get_ref().as_ref();
        let uncounted = uncounted_lines(data, position.byte());
        position.set_line(position.line() + uncounted + line_offset);
        record.set_position(Some(position));
    }
    Ok(more)
}

/// The line breaks `csv` has not counted in a record's position: `csv` takes the position
/// before it skips the blank lines in front of the record and before the `\n` of a `\r\n` that
/// ended the previous record, and it counts a line at each `\n` it has consumed. Without this,
/// every record of a Windows (`\r\n`) file would be named one line too early, and a record
/// after blank lines at the line after the previous record.
fn uncounted_lines(data: &[u8], byte: u64) -> u64 {
    let start = usize::try_from(byte).unwrap_or(usize::MAX);
    let breaks = data.get(start..).unwrap_or_default();
    let skipped = breaks
        .iter()
        .take_while(|&&b| b == b'\n' || b == b'\r')
        .filter(|&&b| b == b'\n')
        .count();
    u64::try_from(skipped).unwrap_or(u64::MAX)
}

fn block_error(e: BlockError, path: &Path) -> DataError {
    match e {
        BlockError::Io(source) => DataError::Io {
            path: path.to_path_buf(),
            source,
        },
        BlockError::RecordTooLong { line, size } => DataError::RecordTooLarge {
            path: path.to_path_buf(),
            line,
            size,
            limit: MAX_RECORD_BYTES,
        },
    }
}

impl RecordSource for CsvSource<'_> {
    fn next(&mut self, record: &mut csv::ByteRecord) -> Result<bool> {
        loop {
            if let Some(current) = &mut self.current
                && read_record(current, record, self.line_offset, self.path)?
            {
                return Ok(true);
            }
            let Some(block) = self.blocks.next(self.path)? else {
                return Ok(false);
            };
            self.bytes_seen += block.data().len();
            self.lines_seen += block.lines;
            self.line_offset = block.first_line - 1;
            let reader =
                record_reader(Cursor::new(block), self.blocks.delimiter, self.blocks.quote);
            if let Some(done) = self.current.replace(reader) {
                self.read.push(done.into_inner().into_inner());
            }
        }
    }

    fn rewind(&mut self) -> bool {
        if let Some(current) = self.current.take() {
            self.read.push(current.into_inner().into_inner());
        }
        if let Some(first) = self.read.first_mut() {
            first.skip_front(self.header_bytes);
        }
        true
    }

    fn convert_rest<K: BatchSink>(self, batch_rows: usize, rest: Rest<'_, '_, K>) -> Result<()> {
        let mut blocks = self.blocks;
        blocks.reader.set_target(crate::parallel::block_bytes(
            batch_rows,
            self.bytes_seen,
            self.lines_seen,
        ));
        let blocks = CsvBlocks {
            read: self.read.into(),
            blocks,
            path: self.path,
        };
        crate::parallel::convert_blocks(blocks, rest)
    }
}
