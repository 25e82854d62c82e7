//! Progress bars on a terminal (stderr), silent otherwise; Ctrl-C cancels the running job.

use std::io::IsTerminal as _;

use indicatif::{ProgressBar, ProgressStyle};
use modeldesk_app::{Iteration, TrainProgress};
use modeldesk_data::{CancelToken, JobProgress, Progress};

/// A progress bar that draws only when stderr is a terminal and `--json` is off. Byte counts
/// for imports, item counts for other stages.
pub(crate) struct Bar(Option<ProgressBar>, std::sync::Mutex<&'static str>);

impl Bar {
    pub(crate) fn new(enabled: bool) -> Self {
        if !enabled || !std::io::stderr().is_terminal() {
            return Self(None, std::sync::Mutex::new(""));
        }
        Self(Some(ProgressBar::new(0)), std::sync::Mutex::new(""))
    }

    fn style_for(stage: &str) -> ProgressStyle {
        let template = if stage == "import" {
            "{msg:>8} [{bar:40}] {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}"
        } else {
            "{msg:>8} [{bar:40}] {pos}/{len}"
        };
        ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ")
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
            let mut stage = self
                .1
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if *stage != p.stage {
                *stage = p.stage;
                bar.set_style(Self::style_for(p.stage));
                bar.reset();
            }
            bar.set_message(p.stage);
            if let Some(total) = p.total {
                bar.set_length(total);
            }
            bar.set_position(p.done);
        }
    }
}

impl TrainProgress for Bar {
    fn iteration(&self, it: &Iteration) {
        if let Some(bar) = &self.0 {
            let mut stage = self
                .1
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if *stage != "train" {
                *stage = "train";
                let style = ProgressStyle::with_template("   train [{bar:40}] {pos}/{len} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> ");
                bar.set_style(style);
                bar.reset();
            }
            bar.set_length(it.total as u64);
            bar.set_position(it.iteration as u64);
            let valid = it
                .valid_loss
                .map(|v| format!("  valid loss {v:.4}"))
                .unwrap_or_default();
            bar.set_message(format!(
                "loss {:.4}{valid}  {} {:.4}",
                it.train_loss, it.metric, it.metric_value
            ));
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
