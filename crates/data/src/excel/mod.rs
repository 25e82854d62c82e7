//! Spreadsheets (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) through `calamine`: one sheet (the
//! first, or the one named), first row as header unless told otherwise. Cells become the same
//! raw fields a CSV row has, so inference, conversion and strict/lenient rules are shared.
//! `.xlsx`/`.xlsm`/`.xlsb` sheets are streamed cell by cell on a thread of their own
//! ([`stream`]); calamine reads `.xls` and `.ods` sheets only whole.

mod assemble;
mod stream;

use std::fs::File;
use std::io::{BufReader, Write as _};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use calamine::{Data, DataRef, ExcelDateTime, Range, Reader, Sheets, open_workbook_auto};

use crate::import::{RecordSource, Rows};
use crate::job::CancelToken;
use crate::{DataError, ImportOptions, Result, SourceFormat};

/// Opens the sheet and reads its header.
pub(crate) fn open_excel(
    path: &Path,
    options: &ImportOptions,
    cancel: &CancelToken,
) -> Result<Rows<SheetSource>> {
    let mut workbook = open_workbook_auto(path)
        .map_err(|e| fail(path, format!("not a readable spreadsheet: {e}")))?;
    let sheet = choose_sheet(path, &workbook.sheet_names(), options)?;
    let file_bytes = std::fs::metadata(path).map_or(0, |m| m.len());
    let (mut source, total, read) = match workbook {
        Sheets::Xlsx(_) | Sheets::Xlsb(_) => {
            let sheet =
                stream::StreamedSheet::start(path, workbook, sheet, file_bytes, cancel.clone())?;
            // Progress in the file's bytes, as for the other formats; unknown when the sheet
            // declares no size.
            let total = if sheet.declared_rows() > 0 {
                file_bytes
            } else {
                0
            };
            let read = sheet.bytes_read();
            (SheetSource::Streamed(sheet), total, read)
        }
        Sheets::Xls(_) | Sheets::Ods(_) => {
            let range = workbook
                .worksheet_range(&sheet)
                .map_err(|e| fail(path, format!("sheet {sheet:?} could not be read: {e}")))?;
            let sheet = WholeSheet::new(range);
            (
                SheetSource::Whole(sheet),
                file_bytes,
                Arc::new(AtomicU64::new(file_bytes)),
            )
        }
    };
    let mut record = csv::ByteRecord::new();
    if !source.next(&mut record)? {
        return Err(DataError::Empty {
            path: path.to_path_buf(),
        });
    }
    let has_header = options.csv.has_header.unwrap_or(true);
    let (raw_names, first_row) = if has_header {
        (
            record
                .iter()
                .map(|f| String::from_utf8_lossy(f).trim().to_owned())
                .collect(),
            None,
        )
    } else {
        (
            (1..=record.len()).map(|i| format!("column_{i}")).collect(),
            Some(record),
        )
    };
    Ok(Rows {
        format: SourceFormat::Excel,
        dialect: None,
        decimal_comma: false,
        raw_names,
        first_row,
        source,
        read_bytes: read,
        total,
    })
}

/// An error reading the spreadsheet at `path`.
fn fail(path: &Path, message: String) -> DataError {
    DataError::Csv {
        path: path.to_path_buf(),
        line: 0,
        message,
    }
}

/// The sheet asked for, or the first one.
fn choose_sheet(path: &Path, names: &[String], options: &ImportOptions) -> Result<String> {
    match &options.sheet {
        Some(wanted) => {
            names
                .iter()
                .find(|n| *n == wanted)
                .cloned()
                .ok_or_else(|| DataError::InvalidOption {
                    field: "sheet",
                    reason: format!(
                        "{} has no sheet {wanted:?}; its sheets are {}",
                        path.display(),
                        names.join(", ")
                    ),
                })
        }
        None => names.first().cloned().ok_or_else(|| DataError::Empty {
            path: path.to_path_buf(),
        }),
    }
}

/// An open workbook.
type Workbook = Sheets<BufReader<File>>;

/// Rows of one sheet: streamed, or read whole.
pub(crate) enum SheetSource {
    Streamed(stream::StreamedSheet),
    Whole(WholeSheet),
}

impl RecordSource for SheetSource {
    fn next(&mut self, record: &mut csv::ByteRecord) -> Result<bool> {
        match self {
            Self::Streamed(sheet) => sheet.next(record),
            Self::Whole(sheet) => Ok(sheet.next(record)),
        }
    }
}

/// A sheet read whole into calamine's `Range`.
pub(crate) struct WholeSheet {
    range: Range<Data>,
    next_row: usize,
    /// The sheet row (from 0) the range starts on.
    first_row: u64,
    field: Vec<u8>,
}

impl WholeSheet {
    fn new(range: Range<Data>) -> Self {
        // The range starts at the sheet's first non-empty cell; rows are numbered as the sheet
        // shows them (from 1).
        let first_row = range.start().map_or(0, |(row, _)| u64::from(row));
        Self {
            range,
            next_row: 0,
            first_row,
            field: Vec::new(),
        }
    }

    fn next(&mut self, record: &mut csv::ByteRecord) -> bool {
        // By index: `rows().nth(i)` walks from the first row each time (quadratic: 6.4 s for a
        // 100,000-row sheet).
        if self.next_row >= self.range.height() {
            return false;
        }
        let (at, range) = (self.next_row, &self.range);
        self.next_row += 1;
        record.clear();
        for cell in (0..range.width()).filter_map(|col| range.get((at, col))) {
            write_field(Value::from(cell), &mut self.field);
            record.push_field(&self.field);
        }
        let mut position = csv::Position::new();
        position.set_line(self.first_row + self.next_row as u64);
        record.set_position(Some(position));
        true
    }
}

/// A cell's value, from either of calamine's cell types.
#[derive(Clone, Copy)]
enum Value<'v> {
    Empty,
    Text(&'v str),
    Int(i64),
    Float(f64),
    Bool(bool),
    DateTime(&'v ExcelDateTime),
}

impl<'v> From<&'v Data> for Value<'v> {
    fn from(value: &'v Data) -> Self {
        match value {
            Data::Empty | Data::Error(_) => Self::Empty,
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Self::Text(s),
            Data::Int(i) => Self::Int(*i),
            Data::Float(f) => Self::Float(*f),
            Data::Bool(b) => Self::Bool(*b),
            Data::DateTime(d) => Self::DateTime(d),
        }
    }
}

impl<'v> From<&'v DataRef<'_>> for Value<'v> {
    fn from(value: &'v DataRef<'_>) -> Self {
        match value {
            DataRef::Empty | DataRef::Error(_) => Self::Empty,
            DataRef::SharedString(s) => Self::Text(s),
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Self::Text(s),
            DataRef::Int(i) => Self::Int(*i),
            DataRef::Float(f) => Self::Float(*f),
            DataRef::Bool(b) => Self::Bool(*b),
            DataRef::DateTime(d) => Self::DateTime(d),
        }
    }
}

/// Writes a cell's value into `out` as the raw field a CSV row would have (dates as ISO 8601,
/// error cells empty).
fn write_field(value: Value<'_>, out: &mut Vec<u8>) {
    out.clear();
    // Writing into a `Vec` cannot fail.
    let _ = match value {
        Value::Empty => Ok(()),
        Value::Text(s) => out.write_all(s.as_bytes()),
        Value::Bool(b) => out.write_all(if b { b"true" } else { b"false" }),
        Value::Int(i) => write!(out, "{i}"),
        Value::Float(f) => write!(out, "{f}"),
        Value::DateTime(d) if d.is_datetime() => {
            let (y, mo, da, h, mi, s, ms) = d.to_ymd_hms_milli();
            write!(out, "{y:04}-{mo:02}-{da:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z")
        }
        Value::DateTime(d) => write!(out, "{}", d.as_f64()),
    };
}
