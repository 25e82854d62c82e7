//! JSON imports: an array of objects (`[{...}, {...}]`) or one object per line (NDJSON /
//! JSON Lines), read as a stream. Columns are the keys of the first rows, in order of first
//! appearance; values become the same raw fields a CSV row has, so inference, conversion and
//! the strict/lenient rules are shared with CSV.
//!
//! Each object's bytes are cut out of the stream first (a scan that follows strings and
//! nesting), then parsed from that slice into its keys and *raw* values: a number's text goes
//! to the column as written, never parsed into a `Value` and formatted back. Reading through
//! `serde_json`'s `io::Read` adapter, one byte per call, into `Map<String, Value>` had made an
//! NDJSON import 7.7 times slower than polars.
//!
//! After the rows that types are inferred from, the reader thread only cuts the objects out,
//! a block of them at a time, and the blocks are parsed and converted on every core
//! ([`crate::parallel`]); records keep their numbers and lines, so errors read the same.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use rustc_hash::FxHashMap;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::columns::ColumnBuilder;
use crate::import::{BatchSink, Counting, RecordSource, Rest, RowConverter, Rows};
use crate::{ColumnSchema, DataError, ImportOptions, Result, SourceFormat};

/// Opens a JSON file and reads its first rows to find the columns.
pub(crate) fn open_json<'a>(
    path: &'a Path,
    options: &ImportOptions,
) -> Result<Rows<JsonSource<'a>>> {
    let io = || DataError::io(path);
    let file = File::open(path).map_err(io())?;
    let total = file.metadata().map_err(io())?.len();
    let read_bytes = Arc::new(AtomicU64::new(0));
    let mut reader = LineReader {
        inner: BufReader::with_capacity(
            1 << 20,
            Box::new(Counting {
                inner: file,
                count: Arc::clone(&read_bytes),
            }) as Box<dyn Read + Send>,
        ),
        newlines: 0,
    };
    skip_bom_and_space(&mut reader, path)?;
    let first = reader.fill_buf().map_err(io())?.first().copied();
    let array = match first {
        None => {
            return Err(DataError::Empty {
                path: path.to_path_buf(),
            });
        }
        Some(b'[') => {
            reader.consume(1);
            true
        }
        Some(b'{') => false,
        Some(other) => {
            return Err(DataError::Csv {
                path: path.to_path_buf(),
                line: 1,
                message: format!(
                    "JSON data must be an array of objects or one object per line; found {:?}",
                    char::from(other)
                ),
            });
        }
    };
    let mut source = JsonSource {
        path,
        reader,
        array,
        done: false,
        index: 0,
        columns: Vec::new(),
        positions: FxHashMap::default(),
        ahead: VecDeque::new(),
        object: Vec::new(),
        ahead_only: false,
        bytes_seen: 0,
    };
    // Read the first rows to learn the columns; they are served again from `ahead`.
    while source.ahead.len() < options.infer_rows.max(1) {
        let mut object = Vec::new();
        let Some(line) = source.next_object(&mut object)? else {
            break;
        };
        let pairs = parse_pairs(path, source.index, line, &object)?;
        for (key, _) in &pairs {
            if !source.positions.contains_key(key.as_ref()) {
                source
                    .positions
                    .insert(key.to_string(), source.columns.len());
                source.columns.push(key.to_string());
            }
        }
        source.ahead.push_back((line, object));
    }
    if source.ahead.is_empty() {
        return Err(DataError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(Rows {
        format: SourceFormat::Json,
        dialect: None,
        decimal_comma: false,
        raw_names: source.columns.clone(),
        first_row: None,
        source,
        read_bytes,
        total,
    })
}

/// A buffered reader that counts the line breaks in what has been consumed, so that each object
/// is named by the line it starts on (and an error by the line the parser stopped on).
struct LineReader {
    inner: BufReader<Box<dyn Read + Send>>,
    /// `\n` bytes consumed so far.
    newlines: u64,
}

impl LineReader {
    /// The line the next unconsumed byte is on.
    fn line(&self) -> u64 {
        self.newlines + 1
    }
}

fn count_newlines(bytes: &[u8]) -> u64 {
    u64::try_from(memchr::memchr_iter(b'\n', bytes).count()).unwrap_or(u64::MAX)
}

/// Where a `{...}` value ends, found piece by piece: strings (with their escapes) are skipped
/// and braces counted, jumping between the bytes that matter with `memchr` (brackets need no
/// counting: in valid JSON they never change the braces' balance, and invalid JSON is
/// refused by the parser that reads the bytes cut out).
#[derive(Debug, Default)]
struct ObjectEnd {
    depth: usize,
    in_string: bool,
    /// The previous piece ended on a backslash inside a string.
    escaped: bool,
}

impl ObjectEnd {
    /// One past the closing `}` in `buf`, the value's next piece; `None` when it goes on.
    fn find(&mut self, buf: &[u8]) -> Option<usize> {
        let mut i = 0;
        if self.escaped && !buf.is_empty() {
            self.escaped = false;
            i = 1;
        }
        while i < buf.len() {
            if self.in_string {
                let at = i + memchr::memchr2(b'"', b'\\', &buf[i..])?;
                if buf[at] == b'"' {
                    self.in_string = false;
                    i = at + 1;
                } else if at + 1 == buf.len() {
                    self.escaped = true;
                    return None;
                } else {
                    i = at + 2;
                }
            } else {
                let at = i + memchr::memchr3(b'"', b'{', b'}', &buf[i..])?;
                match buf[at] {
                    b'"' => self.in_string = true,
                    b'{' => self.depth += 1,
                    _ => {
                        self.depth = self.depth.saturating_sub(1);
                        if self.depth == 0 {
                            return Some(at + 1);
                        }
                    }
                }
                i = at + 1;
            }
        }
        None
    }
}

/// What [`LineReader::take_object`] found.
enum Taken {
    /// The whole object.
    Object,
    /// The input ended inside it.
    End,
    /// It grew past the limit (bytes read so far).
    TooLarge(usize),
}

impl LineReader {
    /// Moves the bytes of the value starting here, a `{`, up to its matching `}` to the end of
    /// `out`.
    fn take_object(&mut self, out: &mut Vec<u8>, limit: usize) -> io::Result<Taken> {
        let start = out.len();
        let mut scan = ObjectEnd::default();
        loop {
            let buf = self.inner.fill_buf()?;
            if buf.is_empty() {
                return Ok(Taken::End);
            }
            let end = scan.find(buf);
            let n = end.unwrap_or(buf.len());
            out.extend_from_slice(&buf[..n]);
            self.consume(n);
            if end.is_some() {
                return Ok(Taken::Object);
            }
            if out.len() - start > limit {
                return Ok(Taken::TooLarge(out.len() - start));
            }
        }
    }
}

impl LineReader {
    /// The buffered bytes not consumed yet (reading more when there are none).
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    /// Consumes `amt` bytes of what `fill_buf` gave, counting their line breaks.
    fn consume(&mut self, amt: usize) {
        let buffered = self.inner.buffer();
        self.newlines += count_newlines(&buffered[..amt.min(buffered.len())]);
        self.inner.consume(amt);
    }
}

/// Streams objects out of a JSON array or NDJSON file.
pub(crate) struct JsonSource<'a> {
    path: &'a Path,
    reader: LineReader,
    array: bool,
    done: bool,
    /// Objects read so far.
    index: u64,
    columns: Vec<String>,
    /// Each column's position, by key.
    positions: FxHashMap<String, usize>,
    /// Objects read to find the columns (their bytes), with the line each starts on.
    ahead: VecDeque<(u64, Vec<u8>)>,
    /// The bytes of the object being converted (reused).
    object: Vec<u8>,
    /// Whether `next` stops after the objects read ahead (the rest is read in blocks).
    ahead_only: bool,
    /// Bytes of the objects read so far (for the size of blocks).
    bytes_seen: usize,
}

/// One object's keys and raw values, in the order written (a repeated key: the last wins).
type Pairs<'a> = Vec<(Cow<'a, str>, &'a RawValue)>;

impl JsonSource<'_> {
    /// An error in the record being read (not yet counted in `index`), at `line`.
    fn error_at(&self, line: u64, message: &str) -> DataError {
        DataError::Csv {
            path: self.path.to_path_buf(),
            line,
            message: format!("record {}: {message}", self.index + 1),
        }
    }

    fn error(&self, message: &str) -> DataError {
        self.error_at(self.reader.line(), message)
    }

    /// Reads the next object's bytes onto the end of `object`; the line it starts on, or
    /// `None` at the end.
    fn next_object(&mut self, object: &mut Vec<u8>) -> Result<Option<u64>> {
        if self.done {
            return Ok(None);
        }
        skip_bom_and_space(&mut self.reader, self.path)?;
        let next = self
            .reader
            .fill_buf()
            .map_err(DataError::io(self.path))?
            .first()
            .copied();
        match (self.array, next) {
            (false, None) | (true, Some(b']')) => {
                self.done = true;
                return Ok(None);
            }
            (true, None) => return Err(self.error("the JSON array is not closed with ']'")),
            (_, Some(b'{')) => {}
            (_, Some(other)) => {
                return Err(self.error(&format!("expected an object, found {}", kind(other))));
            }
        }
        let line = self.reader.line();
        let limit = crate::csv::MAX_RECORD_BYTES;
        let start = object.len();
        match self
            .reader
            .take_object(object, limit)
            .map_err(DataError::io(self.path))?
        {
            Taken::Object => {}
            Taken::End => {
                return Err(self.error_at(line, "the file ends inside this record"));
            }
            Taken::TooLarge(size) => {
                return Err(DataError::RecordTooLarge {
                    path: self.path.to_path_buf(),
                    line,
                    size,
                    limit,
                });
            }
        }
        if self.array {
            skip_bom_and_space(&mut self.reader, self.path)?;
            match self
                .reader
                .fill_buf()
                .map_err(DataError::io(self.path))?
                .first()
                .copied()
            {
                Some(b',') => self.reader.consume(1),
                Some(b']') => {}
                None => return Err(self.error("the JSON array is not closed with ']'")),
                _ => return Err(self.error("expected ',' or ']' after the object")),
            }
        }
        self.index += 1;
        self.bytes_seen += object.len() - start;
        Ok(Some(line))
    }
}

impl RecordSource for JsonSource<'_> {
    fn next(&mut self, record: &mut csv::ByteRecord) -> Result<bool> {
        let (line, object) = if let Some(ahead) = self.ahead.pop_front() {
            ahead
        } else if self.ahead_only {
            return Ok(false);
        } else {
            let mut object = std::mem::take(&mut self.object);
            object.clear();
            let Some(line) = self.next_object(&mut object)? else {
                return Ok(false);
            };
            (line, object)
        };
        // Records read ahead were counted then: this one's number is the count less those.
        let number = self.index - self.ahead.len() as u64;
        let pairs = parse_pairs(self.path, number, line, &object)?;
        fill_record(record, &pairs, &self.positions, self.columns.len(), line)
            .map_err(|e| record_error(self.path, number, line, &without_position(&e)))?;
        self.object = object;
        Ok(true)
    }

    fn stop_at_block_end(&mut self) {
        self.ahead_only = true;
    }

    fn convert_rest<K: BatchSink>(self, batch_rows: usize, rest: Rest<'_, '_, K>) -> Result<()> {
        let target = crate::parallel::block_bytes(batch_rows, self.bytes_seen, self.index);
        let blocks = JsonBlocks {
            source: self,
            target,
            index: 0,
            failed: None,
        };
        crate::parallel::convert_blocks(blocks, rest)
    }
}

/// An error in record `number` (from 1) of the file at `path`, at `line`.
fn record_error(path: &Path, number: u64, line: u64, message: &str) -> DataError {
    DataError::Csv {
        path: path.to_path_buf(),
        line,
        message: format!("record {number}: {message}"),
    }
}

/// The keys and raw values of record `number`, the object `bytes` starting on `line`; a syntax
/// error is named by the file's line.
fn parse_pairs<'b>(path: &Path, number: u64, line: u64, bytes: &'b [u8]) -> Result<Pairs<'b>> {
    // One UTF-8 check of the whole object: read as text, serde_json does not check every string
    // and raw value again.
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = line + count_newlines(&bytes[..e.valid_up_to()]);
        record_error(path, number, at, "the text is not valid UTF-8")
    })?;
    let mut de = serde_json::Deserializer::from_str(text);
    ObjectPairs::deserialize(&mut de)
        .and_then(|p| de.end().map(|()| p.0))
        .map_err(|e| {
            // serde_json counts lines within the object: the error names the file's line.
            let at = line + u64::try_from(e.line().max(1) - 1).unwrap_or(0);
            record_error(path, number, at, &without_position(&e))
        })
}

/// Fills `record` with an object's values in column order (`positions`: each key's column;
/// other keys are left out), positioned at `line`.
fn fill_record(
    record: &mut csv::ByteRecord,
    pairs: &Pairs<'_>,
    positions: &FxHashMap<String, usize>,
    width: usize,
    line: u64,
) -> serde_json::Result<()> {
    let mut values: Vec<Option<&RawValue>> = vec![None; width];
    for (key, value) in pairs {
        if let Some(&i) = positions.get(key.as_ref()) {
            values[i] = Some(value);
        }
    }
    record.clear();
    for value in values {
        push_raw(record, value)?;
    }
    let mut position = csv::Position::new();
    position.set_line(line);
    record.set_position(Some(position));
    Ok(())
}

/// The objects of a JSON file after its first rows, cut into blocks on the reader thread: the
/// same scan that reads them one by one finds where each ends (strings and nesting followed),
/// so a block holds whole objects however they are laid out, in an array or one per line.
struct JsonBlocks<'a> {
    source: JsonSource<'a>,
    /// Bytes of objects per block.
    target: usize,
    /// The next block's index.
    index: usize,
    /// An error met after the objects of the block handed out last, handed out next.
    failed: Option<DataError>,
}

/// A run of whole objects: their bytes one after another, where each ends and its line.
pub(crate) struct JsonBlock {
    index: usize,
    /// The number (from 1) of the block's first record.
    first_record: u64,
    bytes: Vec<u8>,
    /// Each object's end in `bytes` and the line it starts on.
    objects: Vec<(usize, u64)>,
}

impl crate::parallel::Blocks for JsonBlocks<'_> {
    type Block = JsonBlock;
    type Converter = JsonConvert;

    fn converter(&self) -> JsonConvert {
        JsonConvert {
            path: self.source.path.to_path_buf(),
            positions: self.source.positions.clone(),
            width: self.source.columns.len(),
        }
    }

    fn next_index(&self) -> usize {
        self.index
    }

    fn next_block(&mut self) -> Result<Option<JsonBlock>> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        let mut block = JsonBlock {
            index: self.index,
            first_record: self.source.index + 1,
            bytes: Vec::with_capacity(self.target + self.target / 8),
            objects: Vec::new(),
        };
        while block.bytes.len() < self.target {
            match self.source.next_object(&mut block.bytes) {
                Ok(Some(line)) => block.objects.push((block.bytes.len(), line)),
                Ok(None) => break,
                // The objects before the error are converted first: one of them may hold an
                // earlier error.
                Err(e) if !block.objects.is_empty() => {
                    self.failed = Some(e);
                    break;
                }
                Err(e) => return Err(e),
            }
        }
        if block.objects.is_empty() {
            return Ok(None);
        }
        self.index += 1;
        Ok(Some(block))
    }
}

/// What the workers share to convert a JSON file's blocks.
pub(crate) struct JsonConvert {
    path: PathBuf,
    positions: FxHashMap<String, usize>,
    width: usize,
}

impl crate::parallel::Convert for JsonConvert {
    type Block = JsonBlock;

    fn index(&self, block: &JsonBlock) -> usize {
        block.index
    }

    fn records(&self, block: &JsonBlock) -> usize {
        block.objects.len()
    }

    fn convert(
        &self,
        block: &JsonBlock,
        rows: &mut RowConverter<'_>,
        columns: &[ColumnSchema],
        builders: &mut [ColumnBuilder],
    ) -> Result<()> {
        let mut record = csv::ByteRecord::new();
        let mut start = 0;
        for (number, &(end, line)) in (block.first_record..).zip(&block.objects) {
            let pairs = parse_pairs(&self.path, number, line, &block.bytes[start..end])?;
            fill_record(&mut record, &pairs, &self.positions, self.width, line)
                .map_err(|e| record_error(&self.path, number, line, &without_position(&e)))?;
            if rows.accept_width(&record, self.width)? {
                rows.convert(&record, columns, builders)?;
            }
            start = end;
        }
        Ok(())
    }
}

/// serde_json's message without its position, which counts from the start of the text it was
/// given (an object or one value), not of the file.
fn without_position(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message,
    }
}

/// Appends a raw JSON value as a field: missing and `null` are empty, a string its text, a
/// number or boolean its text as written, a nested array or object its compact JSON.
fn push_raw(record: &mut csv::ByteRecord, value: Option<&RawValue>) -> serde_json::Result<()> {
    let text = value.map_or("null", RawValue::get);
    match text.as_bytes().first() {
        Some(b'n') | None => record.push_field(b""),
        Some(b'"') if !text.contains('\\') => {
            record.push_field(&text.as_bytes()[1..text.len().max(2) - 1]);
        }
        Some(b'"') => record.push_field(serde_json::from_str::<String>(text)?.as_bytes()),
        Some(b'{' | b'[') => {
            record.push_field(serde_json::from_str::<Value>(text)?.to_string().as_bytes());
        }
        Some(_) => record.push_field(text.as_bytes()),
    }
    Ok(())
}

/// An object's entries, borrowing keys and raw values from the parsed bytes where it can.
struct ObjectPairs<'a>(Pairs<'a>);

impl<'de> Deserialize<'de> for ObjectPairs<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct Entries;
        impl<'de> Visitor<'de> for Entries {
            type Value = ObjectPairs<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Self::Value, A::Error> {
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(16));
                while let Some((key, value)) = map.next_entry::<Key<'de>, &'de RawValue>()? {
                    pairs.push((key.0, value));
                }
                Ok(ObjectPairs(pairs))
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

/// A key, borrowed unless it holds escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct Text;
        impl<'de> Visitor<'de> for Text {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> std::result::Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> std::result::Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> std::result::Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(Text)
    }
}

/// What a JSON value starting with `first` is, for an error message.
fn kind(first: u8) -> &'static str {
    match first {
        b'n' => "null",
        b't' | b'f' => "a boolean",
        b'"' => "a string",
        b'[' => "an array",
        b'{' => "an object",
        b'-' | b'0'..=b'9' => "a number",
        _ => "something that is not JSON",
    }
}

/// Skips a UTF-8 byte-order mark and whitespace.
fn skip_bom_and_space(reader: &mut LineReader, path: &Path) -> Result<()> {
    loop {
        let buf = reader.fill_buf().map_err(DataError::io(path))?;
        if buf.is_empty() {
            return Ok(());
        }
        if buf.starts_with(b"\xEF\xBB\xBF") {
            reader.consume(3);
            continue;
        }
        let n = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
        if n == 0 {
            return Ok(());
        }
        reader.consume(n);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::Value;

    /// JSON values whose strings are full of quotes, backslashes and braces.
    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i32>().prop_map(Value::from),
            "[a{}\\[\\]\"\\\\ \n]{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a\"{}\\\\]{0,4}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn an_object_ends_where_its_text_ends_however_the_stream_is_cut(
            entries in prop::collection::btree_map("[a\"{}\\\\]{0,4}", value(), 0..5),
            pretty in any::<bool>(),
            cuts in prop::collection::vec(1usize..9, 1..200),
        ) {
            let object = Value::Object(entries.into_iter().collect());
            let text = if pretty {
                serde_json::to_string_pretty(&object)
            } else {
                serde_json::to_string(&object)
            };
            let text = text.map_err(|e| TestCaseError::fail(e.to_string()))?;
            let stream = format!("{text}\n{{\"next\": \"}}\"}}");
            let mut scan = super::ObjectEnd::default();
            let (mut at, mut found) = (0, None);
            for len in cuts.iter().cycle() {
                let piece = &stream.as_bytes()[at..(at + len).min(stream.len())];
                if piece.is_empty() {
                    break;
                }
                if let Some(end) = scan.find(piece) {
                    found = Some(at + end);
                    break;
                }
                at += piece.len();
            }
            prop_assert_eq!(found, Some(text.len()), "{}", stream);
        }
    }
}
