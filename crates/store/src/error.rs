//! The store's typed error.

use std::path::PathBuf;

/// Everything that can go wrong opening, migrating or writing a project store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The folder has no `project.sqlite`, or the file is SQLite but not a ModelDesk store.
    #[error("{path} is not a ModelDesk project: {reason}")]
    NotAProject {
        /// The folder or file that was opened.
        path: PathBuf,
        /// Why it was rejected.
        reason: String,
    },
    /// `create` was asked to make a project where one already exists.
    #[error("a ModelDesk project already exists at {path}")]
    AlreadyExists {
        /// The existing database file.
        path: PathBuf,
    },
    /// The file was written by a newer ModelDesk; it is left untouched.
    #[error(
        "{path} was written by a newer ModelDesk (schema version {found}; this build supports up to {supported}); upgrade ModelDesk to open it"
    )]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// The schema version found in the file.
        found: u32,
        /// The newest schema version this build knows.
        supported: u32,
    },
    /// The file is damaged or is not an SQLite database at all; it is left untouched.
    #[error(
        "{path} is not a readable SQLite database (corrupt, or another kind of file): {source}"
    )]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// What SQLite reported.
        source: rusqlite::Error,
    },
    /// A user-supplied value was rejected before anything was written.
    #[error("invalid {field}: {reason}")]
    Invalid {
        /// The field that was rejected.
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// No row matches the id or name given.
    #[error("no {what} named {key:?}")]
    NotFound {
        /// What was looked for.
        what: &'static str,
        /// The id or name given.
        key: String,
    },
    /// A blob named by the database is not in `blobs/`.
    #[error("blob {sha256} is missing from {dir}")]
    BlobMissing {
        /// The content hash.
        sha256: String,
        /// The blob folder searched.
        dir: PathBuf,
    },
    /// A file-system operation failed.
    #[error("I/O error on {path}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A stored JSON value could not be (de)serialised.
    #[error("stored JSON for {what} is invalid: {source}")]
    Json {
        /// Which value.
        what: String,
        /// The underlying error.
        source: serde_json::Error,
    },
    /// Any other SQLite error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// The store's result type.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl StoreError {
    /// Wraps an I/O error with the path it happened on.
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| Self::Io { path, source }
    }
}
