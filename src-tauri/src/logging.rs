//! Logs: stderr plus a daily-rolling file in the user's data folder. ONNX Runtime's own logs
//! arrive through `ort`'s `tracing` integration.

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;

/// Installs the subscriber; keep the guard alive so the file writer flushes on exit.
pub(crate) fn init() -> Option<WorkerGuard> {
    let filter =
        || EnvFilter::try_from_env("MODELDESK_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let dir = dirs::data_local_dir().map(|d| d.join("modeldesk").join("logs"));
    let (file_layer, guard) = match dir {
        Some(dir) if std::fs::create_dir_all(&dir).is_ok() => {
            let (writer, guard) = tracing_appender::non_blocking(tracing_appender::rolling::daily(
                dir,
                "modeldesk.log",
            ));
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
        _ => (None, None),
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
