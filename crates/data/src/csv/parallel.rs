//! A CSV file's blocks for [`crate::parallel`]: cut by the block reader, each block's records
//! split by [`plain`] when it holds no quote and no `\r`, else read by `csv`.

use std::collections::VecDeque;
use std::io::Cursor;
use std::path::Path;

use super::blocks::{Block, Recycler};
use super::plain;
use super::source::{Blocks, read_record, record_reader};
use crate::columns::ColumnBuilder;
use crate::import::RowConverter;
use crate::{ColumnSchema, ColumnType, Result};

/// A CSV file's remaining blocks, and the file (for errors).
pub(crate) struct CsvBlocks<'p> {
    /// Blocks already read (to infer types), handed out first.
    pub(crate) read: VecDeque<Block>,
    pub(crate) blocks: Blocks,
    pub(crate) path: &'p Path,
}

/// What the workers share to convert a CSV file's blocks.
pub(crate) struct CsvConvert {
    delimiter: u8,
    quote: u8,
    recycler: Recycler,
}

impl crate::parallel::Blocks for CsvBlocks<'_> {
    type Block = Block;
    type Converter = CsvConvert;

    fn converter(&self) -> CsvConvert {
        CsvConvert {
            delimiter: self.blocks.delimiter,
            quote: self.blocks.quote,
            recycler: self.blocks.reader.recycler(),
        }
    }

    fn next_index(&self) -> usize {
        self.read
            .front()
            .map_or_else(|| self.blocks.reader.next_index(), |block| block.index)
    }

    fn next_block(&mut self) -> Result<Option<Block>> {
        match self.read.pop_front() {
            Some(block) => Ok(Some(block)),
            None => self.blocks.next(self.path),
        }
    }
}

impl crate::parallel::Convert for CsvConvert {
    type Block = Block;

    fn index(&self, block: &Block) -> usize {
        block.index
    }

    fn records(&self, block: &Block) -> usize {
        usize::try_from(block.lines).unwrap_or(0)
    }

    fn convert(
        &self,
        block: &Block,
        rows: &mut RowConverter<'_>,
        columns: &[ColumnSchema],
        builders: &mut [ColumnBuilder],
    ) -> Result<()> {
        let width = columns.len();
        if plain::is_plain(block.data(), self.quote) {
            let floats: Vec<bool> = columns.iter().map(|c| c.ty == ColumnType::Float).collect();
            plain::for_each_record(
                block.data(),
                self.delimiter,
                block.first_line,
                &floats,
                |cells, line| {
                    if rows.accept_fields(cells.len(), line, width)? {
                        rows.convert_fields(cells.iter().copied(), line, columns, builders)?;
                    }
                    Ok::<(), crate::DataError>(())
                },
            )
        } else {
            let mut reader = record_reader(Cursor::new(block.data()), self.delimiter, self.quote);
            let mut record = csv::ByteRecord::new();
            let line_offset = block.first_line - 1;
            while read_record(&mut reader, &mut record, line_offset, rows.path())? {
                if rows.accept_width(&record, width)? {
                    rows.convert(&record, columns, builders)?;
                }
            }
            Ok(())
        }
    }

    fn recycle(&self, block: Block) {
        self.recycler.give(block);
    }
}
