//! ModelDesk's data layer: import (CSV/TSV with sniffing), typed columns, Parquet snapshots, and reading them back.
//!
//! An import streams the source file once: the dialect (encoding, delimiter, quote, header,
//! decimal comma) is sniffed from the first bytes, column types are inferred from the first
//! rows, and every row is converted into Arrow arrays and written as a Parquet snapshot to a
//! caller-supplied sink (the project's blob store). The source file is only ever read.

mod columns;
pub mod csv;
mod error;
mod excel;
mod export;
mod feeder;
mod float_sort;
mod images;
mod import;
mod job;
mod json;
mod parallel;
mod parquet_in;
mod parquet_out;
mod parse;
mod pipe;
mod profile;
mod read;
pub mod recipe;
mod schema;
mod split;

pub use error::{DataError, Result};
pub use export::{ExportFormat, export_dataset, export_table};
pub use images::{
    IMAGE_EXTENSIONS, MAX_PIXEL_SIDE, THUMBNAIL_SIDE, pixel_column_names, pixel_columns, pixels,
};
pub use import::{
    IMPORTABLE_EXTENSIONS, ImportOptions, ImportReport, ImportWarning, MAX_FIELD_BYTES,
    SourceFormat, WarningKind, import_file,
};
pub use job::{CancelToken, JobProgress, NoProgress, Progress};
pub use profile::{
    ColumnFlag, ColumnProfile, DatasetProfile, Histogram, NumericSummary, QUANTILES, ValueCount,
    profile_parquet,
};
pub use read::{
    RowPage, cell_text, datetime_text, read_rows, read_rows_at, table_page, value_text,
};
pub use schema::{ColumnSchema, ColumnType};
pub use split::{SplitPlan, SplitSpec, SplitStrategy, TEST, TRAIN, VALIDATION, plan_split};
