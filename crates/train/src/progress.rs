//! Per-iteration progress from every trainer, and cancellation.

pub use modeldesk_data::CancelToken;
use serde::Serialize;

/// One finished iteration (a boosting round or an epoch).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Iteration {
    /// 1-based iteration number.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub iteration: usize,
    /// The most iterations this run will do.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub total: usize,
    /// Loss on the training rows.
    pub train_loss: f64,
    /// Loss on the validation rows, when there are any.
    pub valid_loss: Option<f64>,
    /// The main metric's name (`auc`, `accuracy`, `rmse`).
    pub metric: &'static str,
    /// The main metric on the validation rows (or, when there are none, on the training rows —
    /// at most 20,000 evenly spaced ones).
    pub metric_value: f64,
}

/// Receives iterations as they finish (called on the training thread).
pub trait TrainProgress: Send + Sync {
    /// An iteration finished.
    fn iteration(&self, it: &Iteration);
}

/// Ignores progress.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl TrainProgress for Silent {
    fn iteration(&self, _it: &Iteration) {}
}

impl<F: Fn(&Iteration) + Send + Sync> TrainProgress for F {
    fn iteration(&self, it: &Iteration) {
        self(it);
    }
}

/// What a trainer is given besides data: where to report and when to stop.
#[derive(Clone, Copy)]
pub struct Control<'a> {
    /// Progress sink.
    pub progress: &'a dyn TrainProgress,
    /// Cancellation flag, checked between iterations.
    pub cancel: &'a CancelToken,
}

impl Control<'_> {
    /// `Err(Cancelled)` once cancellation was asked for.
    pub fn check(&self) -> crate::Result<()> {
        if self.cancel.is_cancelled() {
            Err(crate::TrainError::Cancelled)
        } else {
            Ok(())
        }
    }
}
