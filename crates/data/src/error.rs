//! The data crate's typed error: each variant names the file and, where known, line and column.

use std::path::PathBuf;

/// Everything that can go wrong importing or reading a dataset.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// Reading or writing a file failed (including a file that vanished mid-import).
    #[error("I/O error on {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file has no bytes (or only a byte-order mark / blank lines).
    #[error("{path} is empty")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file has a header row and no data rows.
    #[error("{path} has a header row ({columns} columns) but no data rows")]
    HeaderOnly {
        /// The file.
        path: PathBuf,
        /// Columns named in the header.
        columns: usize,
    },
    /// The file looks like binary data, not text.
    #[error(
        "{path} looks like a binary file, not {expected} (found NUL bytes in the first {checked} bytes)"
    )]
    Binary {
        /// The file.
        path: PathBuf,
        /// The format that was expected.
        expected: &'static str,
        /// How many bytes were checked.
        checked: usize,
    },
    /// The format could not be determined from the file name.
    #[error(
        "{path}: unsupported file type {extension:?}; ModelDesk imports .csv, .tsv, .txt, .json, .ndjson, .jsonl, .parquet, .xlsx, .xlsm, .xlsb, .xls and .ods"
    )]
    UnsupportedFormat {
        /// The file.
        path: PathBuf,
        /// Its extension.
        extension: String,
    },
    /// An option given by the user is not valid.
    #[error("invalid {field}: {reason}")]
    InvalidOption {
        /// The option.
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// A row has a different number of fields than the header (strict mode).
    #[error(
        "{path}, line {line}: {found} fields, but the header has {expected} (use lenient mode to skip such rows)"
    )]
    Ragged {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// Fields found.
        found: usize,
        /// Fields expected.
        expected: usize,
    },
    /// A value does not fit its column's type (strict mode).
    #[error(
        "{path}, line {line}, column {column:?}: {value:?} is not {expected} (override the column's type, or use lenient mode to make such values missing)"
    )]
    Value {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// Column name.
        column: String,
        /// The offending text (truncated).
        value: String,
        /// The type expected.
        expected: &'static str,
    },
    /// Two or more columns share a name (strict mode).
    #[error(
        "{path}: duplicate column names {names:?} (rename them, or use lenient mode to suffix them)"
    )]
    DuplicateColumns {
        /// The file.
        path: PathBuf,
        /// The repeated names.
        names: Vec<String>,
    },
    /// A file in an image folder does not decode as an image.
    #[error("{path}: not a readable image: {message}")]
    Image {
        /// The file.
        path: PathBuf,
        /// What the decoder said.
        message: String,
    },
    /// A single field is larger than the limit.
    #[error("{path}, line {line}: a field of {size} bytes exceeds the {limit}-byte limit")]
    FieldTooLarge {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// Field size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// A single record is larger than the limit (often a quote that never closes).
    #[error(
        "{path}, line {line}: a record of more than {size} bytes starts here, over the {limit}-byte limit (is a quote left open?)"
    )]
    RecordTooLarge {
        /// The file.
        path: PathBuf,
        /// 1-based line on which the record starts.
        line: u64,
        /// Bytes read without finding the record's end.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The CSV reader failed (e.g. malformed quoting).
    #[error("{path}, line {line}: {message}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// 1-based line number (0 when unknown).
        line: u64,
        /// What went wrong.
        message: String,
    },
    /// The job was cancelled; nothing was stored.
    #[error("cancelled")]
    Cancelled,
    /// Writing or reading the Parquet snapshot failed.
    #[error("Parquet snapshot error: {0}")]
    Parquet(String),
}

/// The data crate's result type.
pub type Result<T, E = DataError> = std::result::Result<T, E>;

impl DataError {
    /// Wraps an I/O error with its path.
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| Self::Io { path, source }
    }
}

impl From<parquet::errors::ParquetError> for DataError {
    fn from(e: parquet::errors::ParquetError) -> Self {
        Self::Parquet(e.to_string())
    }
}

impl From<arrow_schema::ArrowError> for DataError {
    fn from(e: arrow_schema::ArrowError) -> Self {
        Self::Parquet(e.to_string())
    }
}
