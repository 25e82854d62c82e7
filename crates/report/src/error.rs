//! Errors of bundle writing and reading.

use std::path::PathBuf;

/// Everything that can go wrong writing or reading a bundle.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not a readable bundle (truncated, not a zip, a bad or missing entry).
    #[error("{path}: {reason}; nothing was opened")]
    BadBundle {
        /// The bundle file.
        path: PathBuf,
        /// What is wrong, naming the entry.
        reason: String,
    },
    /// The bundle was written by a newer ModelDesk.
    #[error(
        "{path} was made by a newer ModelDesk (bundle format {found}, this version reads up to {supported}); update to open it"
    )]
    TooNew {
        /// The bundle file.
        path: PathBuf,
        /// Its format.
        found: u32,
        /// The newest this version reads.
        supported: u32,
    },
    /// The output exists and replacing it was not asked for.
    #[error("{0} already exists (pass --force to replace it)")]
    Exists(PathBuf),
    /// A value could not be serialised.
    #[error("could not write {what}: {reason}")]
    Serialise {
        /// Which part.
        what: &'static str,
        /// Why.
        reason: String,
    },
}

/// Results of this crate.
pub type Result<T> = std::result::Result<T, ReportError>;

impl ReportError {
    /// An I/O error on `path`.
    pub(crate) fn io(path: &std::path::Path) -> impl Fn(std::io::Error) -> Self + '_ {
        move |source| Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// A bad-bundle error on `path`.
    pub(crate) fn bad(path: &std::path::Path, reason: impl Into<String>) -> Self {
        Self::BadBundle {
            path: path.to_path_buf(),
            reason: reason.into(),
        }
    }
}
