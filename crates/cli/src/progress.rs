//! Progress bars on a terminal (stderr), silent otherwise; Ctrl-C cancels the running job.

use std::io::IsTerminal as _;

use indicatif::{ProgressBar, ProgressStyle};
use modeldesk_data::{CancelToken, JobProgress, Progress};

/// A progress bar that draws only when stderr is a terminal and `--json` is off.
pub(crate) struct Bar(Option<ProgressBar>);

impl Bar {
    pub(crate) fn new(enabled: bool) -> Self {
        if !enabled || !std::io::stderr().is_terminal() {
            return Self(None);
        }
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(
                "{msg:>8} [{bar:40}] {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        Self(Some(bar))
    }

    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn report(&self, p: JobProgress) {
        if let Some(bar) = &self.0 {
            bar.set_message(p.stage);
            if let Some(total) = p.total {
                bar.set_length(total);
            }
            bar.set_position(p.done);
        }
    }
}

/// A token that Ctrl-C cancels (the job then stops cleanly and stores nothing).
pub(crate) fn ctrl_c_token() -> CancelToken {
    let token = CancelToken::new();
    let handler_token = token.clone();
    if let Err(e) = ctrlc::set_handler(move || handler_token.cancel()) {
        tracing::warn!(error = %e, "Ctrl-C will not cancel cleanly");
    }
    token
}
