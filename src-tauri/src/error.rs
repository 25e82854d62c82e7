//! The one error type that crosses the IPC boundary.

use modeldesk_app::{AppError, ErrorCode};
use serde::Serialize;

/// `{code, message}`: a stable code the UI can branch on, and a message for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ApiError {
    /// Stable code.
    pub code: ErrorCode,
    /// Human-readable message naming what went wrong.
    pub message: String,
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        Self {
            code: e.code(),
            message: e.to_string(),
        }
    }
}
