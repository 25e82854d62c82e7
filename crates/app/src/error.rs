//! The facade's error, with a stable code that faces (UI, CLI JSON) can branch on.

use modeldesk_data::DataError;
use modeldesk_runtime::RuntimeError;
use modeldesk_store::StoreError;
use modeldesk_train::TrainError;
use serde::Serialize;

/// Stable error codes shown to faces. Add a code only where a face branches on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The thing named does not exist (folder, project, file).
    NotFound,
    /// A value given by the user was rejected.
    InvalidInput,
    /// It already exists.
    AlreadyExists,
    /// The project was written by a newer ModelDesk.
    NewerVersion,
    /// The file is damaged or of another kind.
    Corrupt,
    /// ONNX Runtime is missing or failed.
    Runtime,
    /// No project is open.
    NoProject,
    /// The user cancelled the job; nothing was stored.
    Cancelled,
    /// A file-system error.
    Io,
    /// Anything else.
    Internal,
}

/// Everything the facade can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// From the project store.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// From ONNX Runtime.
    #[error(transparent)]
    Runtime(#[from] RuntimeError),
    /// From importing or reading data.
    #[error(transparent)]
    Data(#[from] DataError),
    /// From training or serving a model.
    #[error(transparent)]
    Train(#[from] TrainError),
    /// From explaining a model.
    #[error(transparent)]
    Explain(#[from] modeldesk_explain::ExplainError),
    /// From writing or reading a model bundle.
    #[error(transparent)]
    Report(#[from] modeldesk_report::ReportError),
    /// An operation needs an open project.
    #[error("no project is open; create or open one first")]
    NoProject,
    /// A user-supplied value was rejected.
    #[error("invalid {field}: {reason}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// A file-system error outside the store.
    #[error("I/O error on {path}: {source}")]
    Io {
        /// The path involved.
        path: std::path::PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl AppError {
    /// The stable code for this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Store(e) => match e {
                StoreError::NotAProject { .. }
                | StoreError::NotFound { .. }
                | StoreError::BlobMissing { .. } => ErrorCode::NotFound,
                StoreError::AlreadyExists { .. } => ErrorCode::AlreadyExists,
                StoreError::NewerSchema { .. } => ErrorCode::NewerVersion,
                StoreError::Corrupt { .. } => ErrorCode::Corrupt,
                StoreError::Invalid { .. } => ErrorCode::InvalidInput,
                StoreError::Io { .. } => ErrorCode::Io,
                StoreError::Json { .. } | StoreError::Sqlite(_) => ErrorCode::Internal,
            },
            Self::Runtime(e) => match e {
                RuntimeError::InvalidModel { .. } | RuntimeError::Input { .. } => {
                    ErrorCode::InvalidInput
                }
                RuntimeError::Io { .. } => ErrorCode::Io,
                _ => ErrorCode::Runtime,
            },
            Self::Data(e) => data_code(e),
            Self::Train(e) => match e {
                TrainError::Cancelled => ErrorCode::Cancelled,
                TrainError::Data(d) => data_code(d),
                _ => ErrorCode::InvalidInput,
            },
            Self::Explain(e) => match e {
                modeldesk_explain::ExplainError::Cancelled => ErrorCode::Cancelled,
                modeldesk_explain::ExplainError::Unsupported { .. } => ErrorCode::InvalidInput,
                modeldesk_explain::ExplainError::Model(_) => ErrorCode::Runtime,
            },
            Self::Report(e) => match e {
                modeldesk_report::ReportError::Io { source, .. }
                    if source.kind() == std::io::ErrorKind::NotFound =>
                {
                    ErrorCode::NotFound
                }
                modeldesk_report::ReportError::Io { .. } => ErrorCode::Io,
                modeldesk_report::ReportError::BadBundle { .. } => ErrorCode::Corrupt,
                modeldesk_report::ReportError::TooNew { .. } => ErrorCode::NewerVersion,
                modeldesk_report::ReportError::Exists(_) => ErrorCode::AlreadyExists,
                modeldesk_report::ReportError::Serialise { .. } => ErrorCode::Internal,
            },
            Self::NoProject => ErrorCode::NoProject,
            Self::Invalid { .. } => ErrorCode::InvalidInput,
            Self::Io { .. } => ErrorCode::Io,
        }
    }
}

fn data_code(e: &DataError) -> ErrorCode {
    match e {
        DataError::Cancelled => ErrorCode::Cancelled,
        DataError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            ErrorCode::NotFound
        }
        DataError::Io { .. } => ErrorCode::Io,
        DataError::Parquet(_) => ErrorCode::Internal,
        _ => ErrorCode::InvalidInput,
    }
}

/// The facade's result type.
pub type Result<T, E = AppError> = std::result::Result<T, E>;
