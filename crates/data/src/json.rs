//! JSON imports: an array of objects (`[{...}, {...}]`) or one object per line (NDJSON /
//! JSON Lines), read as a stream. Columns are the keys of the first rows, in order of first
//! appearance; values become the same raw fields a CSV row has, so inference, conversion and
//! the strict/lenient rules are shared with CSV.

use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use serde::Deserialize as _;
use serde_json::{Map, Value};

use crate::import::{Counting, RecordSource, Rows};
use crate::{DataError, ImportOptions, Result, SourceFormat};

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
        ahead: VecDeque::new(),
    };
    // Read the first rows to learn the columns; they are served again from `ahead`.
    let mut positions: HashMap<String, usize> = HashMap::new();
    while source.ahead.len() < options.infer_rows.max(1) {
        let Some((line, object)) = source.next_object()? else {
            break;
        };
        for key in object.keys() {
            if !positions.contains_key(key) {
                positions.insert(key.clone(), source.columns.len());
                source.columns.push(key.clone());
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

impl Read for LineReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.newlines += count_newlines(&buf[..n]);
        Ok(n)
    }
}

impl BufRead for LineReader {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        // The bytes consumed are the front of the buffer `fill_buf` gave (no reading here).
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
    /// Objects read to find the columns, with the line each starts on.
    ahead: VecDeque<(u64, Map<String, Value>)>,
}

impl JsonSource<'_> {
    fn error(&self, message: &str) -> DataError {
        DataError::Csv {
            path: self.path.to_path_buf(),
            line: self.reader.line(),
            message: format!("record {}: {message}", self.index + 1),
        }
    }

    /// The next object in the file with the line it starts on, or `None` at the end.
    fn next_object(&mut self) -> Result<Option<(u64, Map<String, Value>)>> {
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
            (_, None) if !self.array => {
                self.done = true;
                return Ok(None);
            }
            (true, Some(b']')) => {
                self.done = true;
                return Ok(None);
            }
            (true, None) => return Err(self.error("the JSON array is not closed with ']'")),
            _ => {}
        }
        let line = self.reader.line();
        let mut de = serde_json::Deserializer::from_reader(&mut self.reader);
        let value = Value::deserialize(&mut de).map_err(|e| self.error(&e.to_string()))?;
        let Value::Object(object) = value else {
            return Err(self.error(&format!("expected an object, found {}", kind(&value))));
        };
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
        Ok(Some((line, object)))
    }
}

impl RecordSource for JsonSource<'_> {
    fn next(&mut self, record: &mut csv::ByteRecord) -> Result<bool> {
        let (line, object) = match self.ahead.pop_front() {
            Some(o) => o,
            None => match self.next_object()? {
                Some(o) => o,
                None => return Ok(false),
            },
        };
        record.clear();
        for column in &self.columns {
            match object.get(column) {
                None | Some(Value::Null) => record.push_field(b""),
                Some(Value::String(s)) => record.push_field(s.as_bytes()),
                Some(Value::Bool(b)) => record.push_field(if *b { b"true" } else { b"false" }),
                Some(Value::Number(n)) => record.push_field(n.to_string().as_bytes()),
                Some(nested) => record.push_field(nested.to_string().as_bytes()),
            }
        }
        let mut position = csv::Position::new();
        position.set_line(line);
        record.set_position(Some(position));
        Ok(true)
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Skips a UTF-8 byte-order mark and whitespace.
fn skip_bom_and_space(reader: &mut impl BufRead, path: &Path) -> Result<()> {
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
