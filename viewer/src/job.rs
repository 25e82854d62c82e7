//! Predicting a data file on a background thread, with progress and cancel, so the window
//! stays responsive on large files.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;

use modeldesk_app::{BundlePredictions, CancelToken, JobProgress, OpenedBundle, Progress};

/// Bytes read so far and the file's size, shared with the window.
#[derive(Debug, Default)]
struct Counters {
    done: AtomicU64,
    total: AtomicU64,
}

impl Progress for Counters {
    fn report(&self, p: JobProgress) {
        self.done.store(p.done, Ordering::Relaxed);
        self.total.store(p.total.unwrap_or(0), Ordering::Relaxed);
    }
}

/// A running prediction.
#[derive(Debug)]
pub struct PredictJob {
    /// The file being predicted.
    pub file: PathBuf,
    cancel: CancelToken,
    counters: Arc<Counters>,
    result: mpsc::Receiver<Result<BundlePredictions, String>>,
}

impl PredictJob {
    /// Starts predicting `file` with `bundle`'s model.
    pub fn start(bundle: Arc<OpenedBundle>, file: PathBuf) -> Self {
        let (tx, result) = mpsc::channel();
        let cancel = CancelToken::new();
        let counters = Arc::new(Counters::default());
        let (c, p, f) = (cancel.clone(), Arc::clone(&counters), file.clone());
        std::thread::spawn(move || {
            let outcome = bundle
                .predict_file(&f, p.as_ref(), &c)
                .map_err(|e| e.to_string());
            // The window may have gone: nobody to tell.
            let _ = tx.send(outcome);
        });
        Self {
            file,
            cancel,
            counters,
            result,
        }
    }

    /// The fraction read, when the size is known.
    pub fn fraction(&self) -> Option<f32> {
        let total = self.counters.total.load(Ordering::Relaxed);
        #[allow(clippy::cast_precision_loss, reason = "a fraction for a progress bar")]
        (total > 0).then(|| self.counters.done.load(Ordering::Relaxed) as f32 / total as f32)
    }

    /// Asks the prediction to stop.
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    /// The outcome, once finished.
    pub fn try_result(&self) -> Option<Result<BundlePredictions, String>> {
        match self.result.try_recv() {
            Ok(r) => Some(r),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => {
                Some(Err("the prediction stopped unexpectedly".to_owned()))
            }
        }
    }

    /// Blocks until finished.
    pub fn wait(&self) -> Result<BundlePredictions, String> {
        self.result
            .recv()
            .unwrap_or_else(|_| Err("the prediction stopped unexpectedly".to_owned()))
    }
}
