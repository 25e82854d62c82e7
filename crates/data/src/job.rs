//! Progress reporting and cancellation for long work (import, profile, prep).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

/// A cancellation flag shared between the UI/CLI and a running job.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A fresh, not-cancelled token.
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the job to stop at its next check.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether cancellation was asked for.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// One progress report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobProgress {
    /// What the job is doing (`"import"`, `"profile"`, ...).
    pub stage: &'static str,
    /// Units done (bytes for an import).
    pub done: u64,
    /// Units in total, when known.
    pub total: Option<u64>,
    /// Rows processed so far.
    pub rows: u64,
}

/// Receives progress reports; called from the job's thread.
pub trait Progress: Send + Sync {
    /// A new report.
    fn report(&self, progress: JobProgress);
}

/// Ignores progress.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn report(&self, _progress: JobProgress) {}
}

impl<F: Fn(JobProgress) + Send + Sync> Progress for F {
    fn report(&self, progress: JobProgress) {
        self(progress);
    }
}
