//! A sheet's cells, read one at a time in file order, made into the rows calamine's whole-sheet
//! `Range` would give: the box around the non-empty cells, from its first row to its last,
//! empty rows inside it included. Written here because calamine has no streaming equivalent:
//! its `Range` holds every cell twice (a sparse list, then a dense grid).
//!
//! The box's columns are known for certain only at the end of the sheet, unless the sheet
//! declares them (its `<dimension>`) and cells in the first and the last declared column have
//! been seen with no cell outside: from then on rows go out as they are read. Until then (and
//! for a sheet whose declaration is missing or wider than its values, e.g. styled empty
//! cells) rows are held, compactly, and go out at the end. Values stay typed until a row is
//! written out as text ([`SheetRow::write_to`]), so that the formatting happens on the
//! thread that takes the rows, not on the one reading the sheet.

use std::fmt::Write as _;

use calamine::ExcelDateTime;

use super::{Value, write_field};

/// A cell's value as held in its row (text as a range of the row's text).
#[derive(Debug, Clone, Copy)]
enum Held {
    Empty,
    Text(usize, usize),
    Int(i64),
    Float(f64),
    Bool(bool),
    DateTime(ExcelDateTime),
}

/// One sheet row's non-empty cells: their columns and values, in file order.
#[derive(Debug, Default)]
pub(crate) struct SheetRow {
    row: u32,
    columns: Vec<u32>,
    values: Vec<Held>,
    text: String,
    /// The first and last column the row spans, set when it goes out.
    bounds: (u32, u32),
}

impl SheetRow {
    fn push(&mut self, column: u32, value: Value<'_>) {
        let held = match value {
            Value::Empty => Held::Empty,
            Value::Text(s) => {
                let start = self.text.len();
                self.text.push_str(s);
                Held::Text(start, self.text.len())
            }
            Value::Int(i) => Held::Int(i),
            Value::Float(f) => Held::Float(f),
            Value::Bool(b) => Held::Bool(b),
            Value::DateTime(d) => Held::DateTime(*d),
        };
        self.columns.push(column);
        self.values.push(held);
    }

    fn value<'r>(&'r self, held: &'r Held) -> Value<'r> {
        match *held {
            Held::Empty => Value::Empty,
            Held::Text(start, end) => Value::Text(self.text.get(start..end).unwrap_or_default()),
            Held::Int(i) => Value::Int(i),
            Held::Float(f) => Value::Float(f),
            Held::Bool(b) => Value::Bool(b),
            Held::DateTime(ref d) => Value::DateTime(d),
        }
    }

    /// Adds `other`'s cells after this row's (the same sheet row, met again later).
    fn absorb(&mut self, other: &Self) {
        for (&column, held) in other.columns.iter().zip(&other.values) {
            self.push(column, other.value(held));
        }
    }

    /// Writes the row into `record` as raw fields, one per column it spans (empty where it has
    /// no cell; a later cell in the same place wins), its line set to the sheet's row number.
    pub(crate) fn write_to(&self, record: &mut csv::ByteRecord, field: &mut Vec<u8>) {
        record.clear();
        let (first, last) = self.bounds;
        let width = (last - first) as usize + 1;
        let dense = self.columns.len() == width
            && self.columns.iter().zip(first..).all(|(&c, want)| c == want);
        if dense {
            for held in &self.values {
                write_field(self.value(held), field);
                record.push_field(field);
            }
        } else if !self.columns.is_empty() {
            let mut at = vec![None; width];
            for (i, &c) in self.columns.iter().enumerate() {
                if let Some(slot) = at.get_mut((c - first) as usize) {
                    *slot = Some(i);
                }
            }
            for slot in at {
                match slot.and_then(|i| self.values.get(i)) {
                    Some(held) => write_field(self.value(held), field),
                    None => field.clear(),
                }
                record.push_field(field);
            }
        } else {
            for _ in 0..width {
                record.push_field(b"");
            }
        }
        let mut position = csv::Position::new();
        position.set_line(u64::from(self.row) + 1);
        record.set_position(Some(position));
    }
}

/// What made the sheet unreadable as a stream, once rows had gone out.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct OrderError {
    /// The sheet row (from 1) where it was found.
    pub(crate) line: u64,
    /// What went wrong, naming the cell or row.
    pub(crate) message: String,
}

/// Assembles rows from cells pushed in file order; finished rows collect in `out`.
#[derive(Debug)]
pub(crate) struct Assembler {
    /// The declared first and last columns, when the sheet declares more than one cell.
    declared: Option<(u32, u32)>,
    seen_first: bool,
    seen_last: bool,
    /// A non-empty cell lay outside the declared columns: the declaration is wrong.
    outside: bool,
    /// The columns rows go out with, once certain.
    bounds: Option<(u32, u32)>,
    /// The next sheet row to go out, once rows go out.
    next_row: u32,
    held: Vec<SheetRow>,
    current: SheetRow,
    /// Rows ready to be handed on, in sheet order, empty rows inside the box included.
    pub(crate) out: Vec<SheetRow>,
}

impl Assembler {
    /// An assembler for a sheet that declares the box `(first row, first column)` to
    /// `(last row, last column)`, from 0 (calamine's `Dimensions`).
    pub(crate) fn new(start: (u32, u32), end: (u32, u32)) -> Self {
        let declared = (start != end && start.1 <= end.1).then_some((start.1, end.1));
        Self {
            declared,
            seen_first: false,
            seen_last: false,
            outside: false,
            bounds: None,
            next_row: 0,
            held: Vec::new(),
            current: SheetRow::default(),
            out: Vec::new(),
        }
    }

    /// Adds a non-empty cell at `(row, column)` (from 0).
    pub(crate) fn push(
        &mut self,
        row: u32,
        column: u32,
        value: Value<'_>,
    ) -> Result<(), OrderError> {
        if row != self.current.row && !self.current.columns.is_empty() {
            self.finish_row()?;
        }
        self.current.row = row;
        if let Some((first, last)) = self.declared {
            self.seen_first |= column == first;
            self.seen_last |= column == last;
            self.outside |= column < first || column > last;
        }
        self.current.push(column, value);
        Ok(())
    }

    /// Ends the sheet: every row still held goes out.
    pub(crate) fn finish(&mut self) -> Result<(), OrderError> {
        if !self.current.columns.is_empty() {
            self.finish_row()?;
        }
        if self.bounds.is_none() {
            let columns = self.held.iter().flat_map(|r| r.columns.iter().copied());
            let (first, last) = columns.fold((u32::MAX, 0), |(lo, hi), c| (lo.min(c), hi.max(c)));
            if first <= last {
                self.release((first, last))?;
            }
        }
        Ok(())
    }

    /// The row being read is complete: it goes out, or is held until the columns are certain.
    fn finish_row(&mut self) -> Result<(), OrderError> {
        let row = std::mem::take(&mut self.current);
        if self.bounds.is_some() {
            return self.emit(row);
        }
        self.held.push(row);
        if let Some(declared) = self.declared
            && self.seen_first
            && self.seen_last
            && !self.outside
        {
            self.release(declared)?;
        }
        Ok(())
    }

    /// The columns are now certain: the held rows go out, in sheet order.
    fn release(&mut self, bounds: (u32, u32)) -> Result<(), OrderError> {
        self.bounds = Some(bounds);
        let mut held = std::mem::take(&mut self.held);
        // Stable: a row met twice keeps its cells in file order, and a later cell in the same
        // place wins, as in calamine's `Range`.
        held.sort_by_key(|r| r.row);
        self.next_row = held.first().map_or(0, |r| r.row);
        let mut rows = held.into_iter().peekable();
        while let Some(mut row) = rows.next() {
            while let Some(same) = rows.next_if(|r| r.row == row.row) {
                row.absorb(&same);
            }
            self.emit(row)?;
        }
        Ok(())
    }

    /// Hands `row` on, after the empty rows between the last one and it.
    fn emit(&mut self, mut row: SheetRow) -> Result<(), OrderError> {
        let Some((first, last)) = self.bounds else {
            return Ok(());
        };
        let line = u64::from(row.row) + 1;
        if row.row < self.next_row {
            return Err(OrderError {
                line,
                message: format!(
                    "row {line} comes after row {} in the file; a streamed sheet's rows must be in order (re-save the file in a spreadsheet program)",
                    self.next_row
                ),
            });
        }
        if let Some(&column) = row.columns.iter().find(|&&c| c < first || c > last) {
            return Err(OrderError {
                line,
                message: format!(
                    "cell {}{line} lies outside the columns the sheet declares ({}:{}); its dimension record is wrong (re-save the file in a spreadsheet program)",
                    column_name(column),
                    column_name(first),
                    column_name(last)
                ),
            });
        }
        for gap in self.next_row..row.row {
            self.out.push(SheetRow {
                row: gap,
                bounds: (first, last),
                ..SheetRow::default()
            });
        }
        self.next_row = row.row + 1;
        row.bounds = (first, last);
        self.out.push(row);
        Ok(())
    }
}

/// A column's letters as a spreadsheet shows them (0 → `A`, 26 → `AA`).
pub(crate) fn column_name(column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(column) + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().fold(String::new(), |mut s, c| {
        let _ = s.write_char(*c);
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What calamine's `Range` gives for these cells (last write wins): the box around the
    /// non-empty cells, every row of it.
    fn range_rows(cells: &[(u32, u32, String)]) -> Vec<(u64, Vec<String>)> {
        let Some(top) = cells.iter().map(|c| c.0).min() else {
            return Vec::new();
        };
        let bottom = cells.iter().map(|c| c.0).max().unwrap_or(top);
        let left = cells.iter().map(|c| c.1).min().unwrap_or(0);
        let right = cells.iter().map(|c| c.1).max().unwrap_or(left);
        let mut grid =
            vec![vec![String::new(); (right - left + 1) as usize]; (bottom - top + 1) as usize];
        for (r, c, v) in cells {
            grid[(r - top) as usize][(c - left) as usize].clone_from(v);
        }
        grid.into_iter()
            .enumerate()
            .map(|(i, row)| (u64::from(top) + i as u64 + 1, row))
            .collect()
    }

    fn records(assembler: &Assembler) -> Vec<csv::ByteRecord> {
        let mut field = Vec::new();
        let mut out = Vec::new();
        for row in &assembler.out {
            let mut record = csv::ByteRecord::new();
            row.write_to(&mut record, &mut field);
            out.push(record);
        }
        out
    }

    fn assemble(
        cells: &[(u32, u32, String)],
        start: (u32, u32),
        end: (u32, u32),
    ) -> Result<Vec<(u64, Vec<String>)>, OrderError> {
        let mut assembler = Assembler::new(start, end);
        for (r, c, v) in cells {
            assembler.push(*r, *c, Value::Text(v))?;
        }
        assembler.finish()?;
        Ok(records(&assembler)
            .iter()
            .map(|rec| {
                let line = rec.position().map_or(0, csv::Position::line);
                let fields = rec
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect();
                (line, fields)
            })
            .collect())
    }

    /// Cells of a sheet in row order (cells of a row in any order), inside a box at an offset.
    fn sheet() -> impl Strategy<Value = Vec<(u32, u32, String)>> {
        (
            0u32..4,
            0u32..4,
            proptest::collection::vec((0u32..9, 0u32..6, "[a-z0-9]{1,3}"), 0..40),
        )
            .prop_map(|(dr, dc, mut cells)| {
                cells.sort_by_key(|c| c.0);
                cells
                    .into_iter()
                    .map(|(r, c, v)| (r + dr, c + dc, v))
                    .collect()
            })
    }

    proptest! {
        /// With the box declared exactly, wider than the values, or not at all, the rows are
        /// calamine's.
        #[test]
        fn rows_are_the_whole_sheet_ones(cells in sheet(), widen in 0u32..3, declare in 0u8..3) {
            let expected = range_rows(&cells);
            let top = cells.iter().map(|c| c.0).min().unwrap_or(0);
            let bottom = cells.iter().map(|c| c.0).max().unwrap_or(0);
            let left = cells.iter().map(|c| c.1).min().unwrap_or(0);
            let right = cells.iter().map(|c| c.1).max().unwrap_or(0);
            let (start, end) = match declare {
                0 => ((top, left), (bottom, right)),
                1 => ((top.saturating_sub(widen), left.saturating_sub(widen)), (bottom + widen, right + widen)),
                _ => ((0, 0), (0, 0)),
            };
            prop_assert_eq!(assemble(&cells, start, end), Ok(expected));
        }
    }

    #[test]
    fn rows_go_out_once_the_declared_columns_are_seen() {
        let mut assembler = Assembler::new((0, 1), (9, 3));
        for (c, v) in [(1, "a"), (2, "b"), (3, "c")] {
            assert_eq!(assembler.push(0, c, Value::Text(v)), Ok(()));
        }
        assert_eq!(assembler.push(2, 2, Value::Text("x")), Ok(()));
        // The header row is complete and spans the declared columns: it is out, then row 2
        // (empty) and row 3 follow as soon as row 3 is complete.
        assert_eq!(assembler.out.len(), 1);
        assert_eq!(assembler.push(3, 1, Value::Text("y")), Ok(()));
        let records = records(&assembler);
        let lines: Vec<u64> = records
            .iter()
            .filter_map(|r| r.position().map(csv::Position::line))
            .collect();
        assert_eq!(lines, [1, 2, 3]);
        assert_eq!(records[2], csv::ByteRecord::from(vec!["", "x", ""]));
    }

    #[test]
    fn a_cell_outside_the_declared_columns_after_rows_went_out_is_named() {
        let mut assembler = Assembler::new((0, 0), (9, 1));
        for (r, c) in [(0, 0), (0, 1), (1, 0), (2, 5)] {
            assert_eq!(assembler.push(r, c, Value::Text("v")), Ok(()));
        }
        let err = assembler.finish().err();
        assert_eq!(err.as_ref().map(|e| e.line), Some(3));
        let message = err.map(|e| e.message).unwrap_or_default();
        assert!(
            message.contains("cell F3 lies outside the columns the sheet declares (A:B)"),
            "{message}"
        );
    }

    #[test]
    fn a_row_out_of_order_after_rows_went_out_is_named() {
        let mut assembler = Assembler::new((0, 0), (9, 1));
        for (r, c) in [(0, 0), (0, 1), (4, 0), (2, 1), (5, 0)] {
            let _ = assembler.push(r, c, Value::Text("v")).map_err(|e| {
                assert_eq!(e.line, 3);
                assert!(
                    e.message.contains("row 3 comes after row 5"),
                    "{}",
                    e.message
                );
            });
        }
    }

    #[test]
    fn rows_out_of_order_while_held_are_sorted_and_merged() {
        // Declared wider than the values: everything is held to the end.
        let cells = [
            (3, 1, "d"),
            (1, 0, "a"),
            (1, 2, "b"),
            (3, 0, "c"),
            (1, 2, "B"),
        ];
        let mut assembler = Assembler::new((0, 0), (5, 4));
        for (r, c, v) in cells {
            assert_eq!(assembler.push(r, c, Value::Text(v)), Ok(()));
        }
        assert_eq!(assembler.finish(), Ok(()));
        let records = records(&assembler);
        let rows: Vec<Vec<&[u8]>> = records.iter().map(|r| r.iter().collect()).collect();
        assert_eq!(
            rows,
            [
                vec![&b"a"[..], b"", b"B"],
                vec![&b""[..], b"", b""],
                vec![&b"c"[..], b"d", b""],
            ]
        );
    }

    #[test]
    fn column_names_are_the_sheet_letters() {
        let names: Vec<String> = [0, 25, 26, 51, 701, 702, 16383]
            .into_iter()
            .map(column_name)
            .collect();
        assert_eq!(names, ["A", "Z", "AA", "AZ", "ZZ", "AAA", "XFD"]);
    }
}
