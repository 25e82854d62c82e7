//! Logs: stderr plus a daily-rolling file in the platform's log folder
//! ([`modeldesk_app::user_log_dir`]), the newest [`KEPT_LOG_FILES`] kept. ONNX Runtime's own
//! logs arrive through `ort`'s `tracing` integration.

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;

/// Daily log files kept; older ones are deleted as new days begin.
pub const KEPT_LOG_FILES: usize = 14;

/// The rolling file writer in `dir`: `modeldesk.YYYY-MM-DD.log`, one per day, the newest
/// [`KEPT_LOG_FILES`] kept.
pub fn rolling_writer(
    dir: &std::path::Path,
) -> Result<tracing_appender::rolling::RollingFileAppender, tracing_appender::rolling::InitError> {
    tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("modeldesk")
        .filename_suffix("log")
        .max_log_files(KEPT_LOG_FILES)
        .build(dir)
}

/// Installs the subscriber; keep the guard alive so the file writer flushes on exit.
pub(crate) fn init() -> Option<WorkerGuard> {
    let filter =
        || EnvFilter::try_from_env("MODELDESK_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let (file_layer, guard) = match rolling_writer(&modeldesk_app::user_log_dir()) {
        Ok(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            (
                Some(
                    tracing_subscriber::fmt::layer()
                        .with_ansi(false)
                        .with_writer(writer)
                        .with_filter_dyn(filter()),
                ),
                Some(guard),
            )
        }
        Err(e) => {
            eprintln!("logs go to stderr only: {e}");
            (None, None)
        }
    };
    let _ = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_filter_dyn(filter()),
        )
        .with(file_layer)
        .try_init();
    guard
}

/// `Layer::with_filter` boxed, so both layers have one nameable type.
trait WithFilterDyn<S> {
    fn with_filter_dyn(
        self,
        filter: EnvFilter,
    ) -> Box<dyn tracing_subscriber::Layer<S> + Send + Sync>;
}

impl<S, L> WithFilterDyn<S> for L
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
    L: tracing_subscriber::Layer<S> + Send + Sync + 'static,
{
    fn with_filter_dyn(
        self,
        filter: EnvFilter,
    ) -> Box<dyn tracing_subscriber::Layer<S> + Send + Sync> {
        Box::new(self.with_filter(filter))
    }
}
