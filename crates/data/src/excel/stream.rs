//! An `.xlsx`/`.xlsb` sheet streamed: a thread owns the workbook (calamine's cell reader borrows
//! it), reads the cells in file order, assembles rows ([`super::assemble`]) and hands them over
//! in chunks. For a sheet that declares its box, memory stays bounded by the chunks in flight
//! instead of holding the sheet twice (calamine's `Range`: 576 MiB peak for a 58.6 MB
//! workbook); other sheets are held once, compactly, until their box is known. Reading
//! overlaps converting, and a cancel stops the reading.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use calamine::{Cell, DataRef, Dimensions};

use super::assemble::{Assembler, OrderError, SheetRow};
use super::{Value, Workbook};
use crate::job::CancelToken;
use crate::{DataError, Result};

/// Rows handed over at a time.
const CHUNK_ROWS: usize = 512;
/// Chunks that may wait for the import.
const QUEUED_CHUNKS: usize = 8;
/// Cells read between two looks at the cancel and stop flags.
const CHECK_EVERY: u32 = 4096;

/// A sheet being read on its own thread.
pub(crate) struct StreamedSheet {
    path: PathBuf,
    rows: Option<Receiver<Result<Vec<SheetRow>>>>,
    chunk: std::vec::IntoIter<SheetRow>,
    /// A field's text, reused.
    field: Vec<u8>,
    /// Rows the sheet declares (its `<dimension>`), 0 when it declares none.
    declared_rows: u64,
    /// The file's bytes read so far, estimated from the rows read of those declared.
    read: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// What the reading thread needs besides the workbook.
struct Reading {
    path: PathBuf,
    sheet: String,
    rows: SyncSender<Result<Vec<SheetRow>>>,
    /// The file's size, and the estimate of its bytes read so far.
    file_bytes: u64,
    read: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    cancel: CancelToken,
}

impl StreamedSheet {
    /// Starts reading `sheet` of `workbook` (an `.xlsx` or `.xlsb` one, `file_bytes` long);
    /// waits until its declared size is known, so that a sheet that cannot be opened fails here.
    pub(crate) fn start(
        path: &Path,
        workbook: Workbook,
        sheet: String,
        file_bytes: u64,
        cancel: CancelToken,
    ) -> Result<Self> {
        let (tx, rx) = sync_channel(QUEUED_CHUNKS);
        let (declared_tx, declared_rx) = sync_channel(1);
        let read = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let reading = Reading {
            path: path.to_path_buf(),
            sheet,
            rows: tx,
            file_bytes,
            read: Arc::clone(&read),
            stop: Arc::clone(&stop),
            cancel,
        };
        let thread = std::thread::Builder::new()
            .name("sheet-reader".into())
            .spawn(move || reading.run(workbook, &declared_tx))
            .map_err(|e| super::fail(path, format!("could not start the sheet reader: {e}")))?;
        let mut sheet = Self {
            path: path.to_path_buf(),
            rows: Some(rx),
            chunk: Vec::new().into_iter(),
            field: Vec::new(),
            declared_rows: 0,
            read,
            stop,
            thread: Some(thread),
        };
        if let Ok(rows) = declared_rx.recv() {
            sheet.declared_rows = rows;
        } else {
            // The thread ended before it knew the size: its error is the first chunk.
            let mut record = csv::ByteRecord::new();
            sheet.next(&mut record)?;
        }
        Ok(sheet)
    }

    /// Rows the sheet declares, for progress (0 when it declares none).
    pub(crate) fn declared_rows(&self) -> u64 {
        self.declared_rows
    }

    /// The file's bytes read so far, for progress: calamine does not say how much of the
    /// compressed sheet it has read, so this is the file's size times the share of the
    /// declared rows read.
    pub(crate) fn bytes_read(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.read)
    }

    /// The next row, in sheet order; `false` at the end.
    pub(crate) fn next(&mut self, record: &mut csv::ByteRecord) -> Result<bool> {
        loop {
            if let Some(row) = self.chunk.next() {
                row.write_to(record, &mut self.field);
                return Ok(true);
            }
            let Some(rows) = &self.rows else {
                return Ok(false);
            };
            if let Ok(chunk) = rows.recv() {
                self.chunk = chunk?.into_iter();
            } else {
                // The thread has ended: at the end of the sheet, or in a panic (calamine on a
                // file it cannot handle), which must not pass for the end.
                self.rows = None;
                return match self.thread.take().map(JoinHandle::join) {
                    Some(Err(_)) => Err(super::fail(
                        &self.path,
                        "the sheet reader stopped unexpectedly on this file".into(),
                    )),
                    _ => Ok(false),
                };
            }
        }
    }
}

impl Drop for StreamedSheet {
    /// Stops the reading thread and waits for it, so the file is closed when this is gone.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.rows = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Reading {
    /// Reads the sheet; an error goes to the import as the last chunk.
    fn run(self, workbook: Workbook, declared: &SyncSender<u64>) {
        // The `.xlsx` and `.xlsb` cell readers have the same methods but no common trait.
        macro_rules! read_cells {
            ($book:expr) => {
                match $book.worksheet_cells_reader(&self.sheet) {
                    Ok(mut cells) => {
                        let dimensions = cells.dimensions();
                        self.read(dimensions, declared, || {
                            cells.next_cell().map_err(|e| e.to_string())
                        })
                    }
                    Err(e) => Err(self.fail(0, &e.to_string())),
                }
            };
        }
        let outcome = match workbook {
            Workbook::Xlsx(mut book) => read_cells!(book),
            Workbook::Xlsb(mut book) => read_cells!(book),
            Workbook::Xls(_) | Workbook::Ods(_) => {
                Err(self.fail(0, "this format is read whole, not streamed"))
            }
        };
        if let Err(e) = outcome {
            let _ = self.rows.send(Err(e));
        }
    }

    /// Reads every cell through `next_cell`, handing rows over as they are assembled.
    fn read<'a>(
        &self,
        dimensions: Dimensions,
        declared: &SyncSender<u64>,
        mut next_cell: impl FnMut() -> std::result::Result<Option<Cell<DataRef<'a>>>, String>,
    ) -> Result<()> {
        let declared_rows = if dimensions.start == dimensions.end {
            0
        } else {
            u64::from(dimensions.end.0.saturating_sub(dimensions.start.0)) + 1
        };
        if declared.send(declared_rows).is_err() {
            return Ok(());
        }
        let mut rows = Assembler::new(dimensions.start, dimensions.end);
        let (mut last_row, mut until_check, mut rows_read) = (None, CHECK_EVERY, 0u64);
        loop {
            until_check -= 1;
            if until_check == 0 {
                until_check = CHECK_EVERY;
                if self.cancel.is_cancelled() {
                    return Err(DataError::Cancelled);
                }
                if self.stop.load(Ordering::Relaxed) {
                    return Ok(());
                }
            }
            let cell = next_cell()
                .map_err(|e| self.fail(last_row.map_or(0, |r: u32| u64::from(r) + 1), &e))?;
            let Some(cell) = cell else { break };
            let value = cell.get_value();
            // Error cells (`#DIV/0!`) count for the sheet's box, as empty fields, as in
            // calamine's `Range`.
            if matches!(value, DataRef::Empty) {
                continue;
            }
            let (row, column) = cell.get_position();
            if last_row != Some(row) {
                last_row = Some(row);
                rows_read += 1;
                if declared_rows > 0 {
                    let share = u128::from(self.file_bytes) * u128::from(rows_read)
                        / u128::from(declared_rows);
                    let estimate = u64::try_from(share)
                        .unwrap_or(u64::MAX)
                        .min(self.file_bytes);
                    self.read.store(estimate, Ordering::Relaxed);
                }
            }
            rows.push(row, column, Value::from(value))
                .map_err(|e| self.order(&e))?;
            if rows.out.len() >= CHUNK_ROWS && !self.hand_over(&mut rows.out) {
                return Ok(());
            }
        }
        rows.finish().map_err(|e| self.order(&e))?;
        self.read.store(self.file_bytes, Ordering::Relaxed);
        if !rows.out.is_empty() {
            self.hand_over(&mut rows.out);
        }
        Ok(())
    }

    /// Sends the assembled rows; `false` when the import has stopped listening.
    fn hand_over(&self, out: &mut Vec<SheetRow>) -> bool {
        self.rows.send(Ok(std::mem::take(out))).is_ok()
    }

    /// The sheet could not be read at sheet row `line` (0 when unknown).
    fn fail(&self, line: u64, message: &str) -> DataError {
        DataError::Csv {
            path: self.path.clone(),
            line,
            message: format!("sheet {:?} could not be read: {message}", self.sheet),
        }
    }

    /// The sheet broke its own declared box, or its row order, after rows went out.
    fn order(&self, e: &OrderError) -> DataError {
        DataError::Csv {
            path: self.path.clone(),
            line: e.line,
            message: format!("sheet {:?}: {}", self.sheet, e.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;
    use std::path::Path;

    use calamine::{Reader, open_workbook_auto};

    use super::*;
    use crate::excel::WholeSheet;

    /// Writes a one-sheet `.xlsx` named `name` whose worksheet part holds `dimension` (if any)
    /// and `cells` (`<row>` elements).
    fn workbook(dir: &Path, name: &str, dimension: Option<&str>, rows: &str) -> PathBuf {
        let path = dir.join(name);
        let file = std::fs::File::create(&path).unwrap();
        let mut zip = zip::ZipWriter::new(file);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        let dimension = dimension.map_or(String::new(), |d| format!(r#"<dimension ref="{d}"/>"#));
        let parts = [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#.to_owned(),
            ),
            (
                "_rels/.rels",
                format!(r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
            ),
            (
                "xl/workbook.xml",
                format!(r#"<?xml version="1.0"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                format!(r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
            ),
            (
                "xl/worksheets/sheet1.xml",
                format!(r#"<?xml version="1.0"?><worksheet xmlns="{main}">{dimension}<sheetData>{rows}</sheetData></worksheet>"#),
            ),
        ];
        for (part, text) in parts {
            zip.start_file(part, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        path
    }

    fn text(cell: &str, value: &str) -> String {
        format!(r#"<c r="{cell}" t="inlineStr"><is><t>{value}</t></is></c>"#)
    }

    fn number(cell: &str, value: f64) -> String {
        format!(r#"<c r="{cell}"><v>{value}</v></c>"#)
    }

    fn row(r: u32, cells: &[String]) -> String {
        format!(r#"<row r="{r}">{}</row>"#, cells.concat())
    }

    fn streamed(path: &Path, cancel: &CancelToken) -> Result<Vec<csv::ByteRecord>> {
        let workbook = open_workbook_auto(path).unwrap();
        let size = std::fs::metadata(path).unwrap().len();
        let mut sheet = StreamedSheet::start(path, workbook, "S".into(), size, cancel.clone())?;
        let mut rows = Vec::new();
        let mut record = csv::ByteRecord::new();
        let read = sheet.bytes_read();
        while sheet.next(&mut record)? {
            assert!(read.load(Ordering::Relaxed) <= size);
            rows.push(record.clone());
        }
        // Progress ends at the file's size.
        assert_eq!(read.load(Ordering::Relaxed), size);
        Ok(rows)
    }

    fn whole(path: &Path) -> Vec<csv::ByteRecord> {
        let mut workbook = open_workbook_auto(path).unwrap();
        let mut sheet = WholeSheet::new(workbook.worksheet_range("S").unwrap());
        let mut rows = Vec::new();
        let mut record = csv::ByteRecord::new();
        while sheet.next(&mut record) {
            rows.push(record.clone());
        }
        rows
    }

    fn lines(rows: &[csv::ByteRecord]) -> Vec<u64> {
        rows.iter()
            .filter_map(|r| r.position().map(csv::Position::line))
            .collect()
    }

    /// A table at C3 with an empty row inside, a short row, an error cell and a number, read
    /// streamed: the same fields and row numbers as calamine's whole-sheet `Range`, whether the
    /// sheet declares its box exactly, wider (styled empty cells), or not at all.
    #[test]
    fn a_streamed_sheet_reads_as_the_whole_sheet() {
        let dir = tempfile::tempdir().unwrap();
        let table = [
            row(
                3,
                &[text("C3", "name"), text("D3", "score"), text("E3", "note")],
            ),
            row(4, &[text("C4", "ada"), number("D4", 1.5), text("E4", "x")]),
            row(
                6,
                &[
                    text("C6", "bob"),
                    r#"<c r="D6" t="e"><v>#DIV/0!</v></c>"#.to_owned(),
                ],
            ),
            row(7, &[number("D7", -2e-7), text("E7", "z")]),
        ]
        .concat();
        let styled = format!(r#"{table}<row r="9"><c r="H9" s="0"/></row>"#);
        for (name, dimension, rows) in [
            ("exact.xlsx", Some("C3:E7"), table.as_str()),
            ("wider.xlsx", Some("A1:H9"), styled.as_str()),
            ("undeclared.xlsx", None, table.as_str()),
        ] {
            let path = workbook(dir.path(), name, dimension, rows);
            let got = streamed(&path, &CancelToken::new()).unwrap();
            let want = whole(&path);
            assert_eq!(got, want, "{name}");
            assert_eq!(lines(&got), lines(&want), "{name}");
            assert_eq!(lines(&got), [3, 4, 5, 6, 7], "{name}");
            assert_eq!(got[3], csv::ByteRecord::from(vec!["bob", "", ""]), "{name}");
            assert_eq!(
                got[4],
                csv::ByteRecord::from(vec!["", "-0.0000002", "z"]),
                "{name}"
            );
        }
    }

    /// A cell outside the columns the sheet declares, met after rows went out, is an error
    /// naming the file, the row and the cell.
    #[test]
    fn a_cell_outside_the_declared_box_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let rows = [
            row(1, &[text("A1", "a"), text("B1", "b")]),
            row(2, &[number("A2", 1.0), number("B2", 2.0)]),
            row(3, &[number("A3", 1.0), number("F3", 2.0)]),
        ]
        .concat();
        let path = workbook(dir.path(), "narrow.xlsx", Some("A1:B3"), &rows);
        let err = streamed(&path, &CancelToken::new())
            .unwrap_err()
            .to_string();
        assert!(err.contains("narrow.xlsx, line 3: sheet \"S\": cell F3 lies outside the columns the sheet declares (A:B)"), "{err}");
    }

    /// A reader thread that panics (calamine on a file it cannot handle) ends the rows with an
    /// error, not as if the sheet had ended.
    #[test]
    fn a_panicking_reader_is_an_error_not_the_end() {
        let (tx, rx) = sync_channel::<Result<Vec<SheetRow>>>(1);
        let thread = std::thread::spawn(move || {
            let mut rows = Assembler::new((0, 0), (0, 0));
            let _ = rows.push(0, 0, Value::Text("a"));
            let _ = rows.finish();
            let _ = tx.send(Ok(std::mem::take(&mut rows.out)));
            panic!("calamine failed");
        });
        let mut sheet = StreamedSheet {
            path: PathBuf::from("broken.xlsx"),
            rows: Some(rx),
            chunk: Vec::new().into_iter(),
            field: Vec::new(),
            declared_rows: 0,
            read: Arc::new(AtomicU64::new(0)),
            stop: Arc::new(AtomicBool::new(false)),
            thread: Some(thread),
        };
        let mut record = csv::ByteRecord::new();
        assert!(sheet.next(&mut record).unwrap());
        let err = sheet.next(&mut record).unwrap_err().to_string();
        assert!(
            err.contains("broken.xlsx") && err.contains("stopped unexpectedly"),
            "{err}"
        );
    }

    /// A cancel stops the reading thread: the rows end with `Cancelled`.
    #[test]
    fn a_cancel_stops_the_sheet_reader() {
        let dir = tempfile::tempdir().unwrap();
        let rows: String = (1..=6000)
            .map(|r| {
                row(
                    r,
                    &[
                        number(&format!("A{r}"), f64::from(r)),
                        number(&format!("B{r}"), 0.5),
                    ],
                )
            })
            .collect();
        let path = workbook(dir.path(), "big.xlsx", Some("A1:B6000"), &rows);
        assert_eq!(
            streamed(&path, &CancelToken::new()).map(|r| r.len()).ok(),
            Some(6000)
        );
        let cancel = CancelToken::new();
        cancel.cancel();
        assert!(matches!(
            streamed(&path, &cancel),
            Err(DataError::Cancelled)
        ));
    }
}
