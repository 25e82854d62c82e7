//! Cutting a CSV byte stream into blocks that end on record boundaries, so that blocks can be
//! parsed on several threads at once and give exactly the records one sequential reader would.
//!
//! Written here because the `csv` crate parses sequentially only and no small, well-kept crate
//! finds record boundaries in a stream. The cut is exact, not a guess: a block without a quote
//! character is cut after its last `\n`; a block with quotes is scanned with the same rules
//! `csv-core` applies (a quote opens a quoted field only at a field's start, `""` inside one is
//! a literal quote), so a newline inside a quoted field never ends a block.

use std::io::Read;
use std::sync::{Arc, Mutex};

/// A run of whole records and where it starts in the file.
#[derive(Debug)]
pub(crate) struct Block {
    /// The buffer: its first `len` bytes are the block's, from a record's start to just after
    /// a record terminator (or to the end); the rest is spare, initialised room.
    buffer: Vec<u8>,
    len: usize,
    /// The 1-based line on which the block starts.
    pub(crate) first_line: u64,
    /// How many lines (`\n` bytes) the block holds: about its number of records.
    pub(crate) lines: u64,
    /// The block's position among all blocks, from 0.
    pub(crate) index: usize,
}

impl Block {
    /// The block's bytes.
    pub(crate) fn data(&self) -> &[u8] {
        &self.buffer[..self.len]
    }

    /// Drops the block's first `bytes` bytes (a record, such as the header) and the line
    /// breaks right after them, so that the block starts on the next record.
    pub(crate) fn skip_front(&mut self, bytes: usize) {
        let data = self.data();
        let mut cut = bytes.min(data.len());
        while matches!(data.get(cut), Some(b'\n' | b'\r')) {
            cut += 1;
        }
        let skipped = newlines(&data[..cut]);
        self.buffer.copy_within(cut..self.len, 0);
        self.len -= cut;
        self.first_line += skipped;
        self.lines = self.lines.saturating_sub(skipped);
    }
}

impl AsRef<[u8]> for Block {
    fn as_ref(&self) -> &[u8] {
        self.data()
    }
}

/// Buffers of blocks already parsed, handed back to the reader: reading into memory that is
/// already mapped spares the kernel faulting in and zeroing fresh pages for every block (in a
/// `perf` profile of the benchmark's import, 7% of all CPU time was the reader's page zeroing).
#[derive(Debug, Clone, Default)]
pub(crate) struct Recycler(Arc<Mutex<Vec<Vec<u8>>>>);

impl Recycler {
    /// Buffers kept at most.
    const KEPT: usize = 16;

    /// Gives a parsed block's buffer back.
    pub(crate) fn give(&self, block: Block) {
        if let Ok(mut kept) = self.0.lock()
            && kept.len() < Self::KEPT
        {
            kept.push(block.buffer);
        }
    }

    fn take(&self) -> Vec<u8> {
        self.0
            .lock()
            .ok()
            .and_then(|mut kept| kept.pop())
            .unwrap_or_default()
    }
}

/// Why no block could be cut.
#[derive(Debug)]
pub(crate) enum BlockError {
    /// Reading the stream failed.
    Io(std::io::Error),
    /// One record is longer than the limit (e.g. a quote that never closes): its first line.
    RecordTooLong { line: u64, size: usize },
}

/// Reads a stream and yields [`Block`]s of about `target` bytes, each ending on a record
/// boundary.
pub(crate) struct BlockReader<R> {
    input: R,
    delimiter: u8,
    quote: u8,
    target: usize,
    limit: usize,
    /// Bytes read but not yet handed out (the first `pending_len`; the rest is initialised
    /// room); always starts at a record's start.
    pending: Vec<u8>,
    pending_len: usize,
    recycler: Recycler,
    line: u64,
    index: usize,
    eof: bool,
}

impl<R: Read> BlockReader<R> {
    /// Blocks of about `target` bytes; a single record longer than `limit` is an error.
    pub(crate) fn new(input: R, delimiter: u8, quote: u8, target: usize, limit: usize) -> Self {
        Self {
            input,
            delimiter,
            quote,
            target: target.max(1),
            limit: limit.max(target),
            pending: Vec::new(),
            pending_len: 0,
            recycler: Recycler::default(),
            line: 1,
            index: 0,
            eof: false,
        }
    }

    /// The next block; `None` at the end of the stream.
    pub(crate) fn next_block(&mut self) -> Result<Option<Block>, BlockError> {
        let mut want = self.target;
        loop {
            self.fill(want)?;
            let filled = self.pending_len;
            if filled == 0 {
                return Ok(None);
            }
            let cut = if self.eof {
                Some(filled)
            } else {
                last_boundary(&self.pending[..filled], self.delimiter, self.quote)
            };
            if let Some(cut) = cut {
                return Ok(Some(self.take(cut)));
            }
            if filled >= self.limit {
                return Err(BlockError::RecordTooLong {
                    line: self.line,
                    size: filled,
                });
            }
            // One record is longer than the block: read on until it ends.
            want = filled.saturating_mul(2).min(self.limit);
        }
    }

    /// Reads until `pending` holds `want` bytes or the stream ends.
    fn fill(&mut self, want: usize) -> Result<(), BlockError> {
        if self.pending_len >= want || self.eof {
            return Ok(());
        }
        if self.pending.len() < want {
            // Only room never used before is zeroed.
            self.pending.resize(want, 0);
        }
        while self.pending_len < want {
            match self.input.read(&mut self.pending[self.pending_len..want]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => self.pending_len += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(BlockError::Io(e)),
            }
        }
        Ok(())
    }

    /// Hands out `pending[..cut]` as a block, keeping the rest (in a recycled buffer) for the
    /// next one.
    fn take(&mut self, cut: usize) -> Block {
        let rest = self.pending_len - cut;
        let mut next = self.recycler.take();
        if next.len() < rest {
            next.resize(rest, 0);
        }
        next[..rest].copy_from_slice(&self.pending[cut..self.pending_len]);
        let buffer = std::mem::replace(&mut self.pending, next);
        self.pending_len = rest;
        let lines = newlines(&buffer[..cut]);
        let block = Block {
            first_line: self.line,
            lines,
            index: self.index,
            buffer,
            len: cut,
        };
        self.line += lines;
        self.index += 1;
        block
    }

    /// Where parsed blocks' buffers go back for reuse.
    pub(crate) fn recycler(&self) -> Recycler {
        self.recycler.clone()
    }

    /// The index the next block will have.
    pub(crate) fn next_index(&self) -> usize {
        self.index
    }

    /// Makes later blocks about `target` bytes long.
    pub(crate) fn set_target(&mut self, target: usize) {
        self.target = target.clamp(1, self.limit);
    }
}

/// How many `\n` bytes `data` holds (how `csv-core` counts lines).
fn newlines(data: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', data).count() as u64
}

/// The offset just after the last `\n` that ends a record in `data` (which starts at a record's
/// start), if any.
fn last_boundary(data: &[u8], delimiter: u8, quote: u8) -> Option<usize> {
    if memchr::memchr(quote, data).is_none() {
        return memchr::memrchr(b'\n', data).map(|i| i + 1);
    }
    let mut last = None;
    let mut state = State::FieldStart;
    for (i, &b) in data.iter().enumerate() {
        state = match (state, b == quote) {
            (State::Quoted, true) => State::QuoteInQuoted,
            // Inside a quoted field; `""` (a literal quote); a quote opening a field.
            (State::Quoted, false) | (State::QuoteInQuoted | State::FieldStart, true) => {
                State::Quoted
            }
            _ if b == delimiter || b == b'\r' => State::FieldStart,
            _ if b == b'\n' => {
                last = Some(i + 1);
                State::FieldStart
            }
            _ => State::Unquoted,
        };
    }
    last
}

/// Where a scan is within a record, as far as quoting is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a field: a quote here opens a quoted field.
    FieldStart,
    /// Inside an unquoted field: quotes are literal.
    Unquoted,
    /// Inside a quoted field: delimiters and newlines are literal.
    Quoted,
    /// Just after a quote inside a quoted field: it closed the field, unless another follows.
    QuoteInQuoted,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records as lists of fields.
    type Records = Vec<Vec<Vec<u8>>>;

    /// Every record `csv` reads from `text` at once, and from its blocks one by one.
    fn records_both_ways(text: &[u8], target: usize) -> (Records, Records) {
        let read_all = |data: &[u8]| -> Records {
            let mut reader = ::csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(data);
            reader
                .byte_records()
                .map(|r| r.map(|r| r.iter().map(<[u8]>::to_vec).collect()))
                .collect::<Result<_, _>>()
                .unwrap_or_default()
        };
        let whole = read_all(text);
        let mut blocks = BlockReader::new(text, b',', b'"', target, 1 << 20);
        let mut pieces = Vec::new();
        while let Ok(Some(block)) = blocks.next_block() {
            pieces.extend(read_all(block.data()));
            blocks.recycler().give(block);
        }
        (whole, pieces)
    }

    #[test]
    fn blocks_give_the_same_records_as_one_reader() {
        let texts: [&[u8]; 6] = [
            b"a,b\n1,2\n3,4\n5,6\n",
            b"a,b\n\"x\ny\",2\n\"q\"\"\n\",3\nlast,4",
            b"a,b\r\n1,2\r\n\r\n3,4\r\n",
            b"h,w\n5'11\",x\n\"multi\nline\",y\nab\"c,\"d\ne\"\n",
            b"a\n\"never closed\n1\n2\n",
            b"",
        ];
        for text in texts {
            for target in 1..12 {
                let (whole, pieces) = records_both_ways(text, target);
                assert_eq!(
                    whole,
                    pieces,
                    "{:?} in blocks of {target}",
                    String::from_utf8_lossy(text)
                );
            }
        }
    }

    #[test]
    fn blocks_know_their_first_line() {
        let text = b"a\n\"x\ny\"\n3\n4\n";
        let mut blocks = BlockReader::new(&text[..], b',', b'"', 2, 1 << 20);
        let mut starts = Vec::new();
        while let Ok(Some(b)) = blocks.next_block() {
            starts.push((b.index, b.first_line));
        }
        // The second block grows until its quoted newline is closed, and then holds "3" too.
        assert_eq!(starts, [(0, 1), (1, 2), (2, 5)]);
    }

    #[test]
    fn a_record_longer_than_the_limit_is_an_error_naming_its_line() {
        let mut text = b"a\n1\n\"".to_vec();
        text.extend(std::iter::repeat_n(b'x', 100));
        text.extend(b"\n2\n");
        let mut blocks = BlockReader::new(&text[..], b',', b'"', 4, 50);
        assert!(matches!(blocks.next_block(), Ok(Some(_))));
        assert!(matches!(
            blocks.next_block(),
            Err(BlockError::RecordTooLong { line: 3, .. })
        ));
    }
}
