//! `modeldesk runs`, `run` and `compare`: the run table, one run in full, runs side by side.

use std::fmt::Write as _;
use std::process::ExitCode;

use modeldesk_app::{AppError, RunSummary};

use super::models::describe;
use super::open_workspace;
use crate::Cli;
use crate::args::RunSort;
use crate::output::Output;

/// The score a run is ranked by: test, else validation, else cross-validated.
fn score(r: &RunSummary) -> Option<f64> {
    r.test.or(r.validation).or(r.cv_mean)
}

/// A run id's last 8 characters: ids are time-ordered, so their ends tell runs apart (`run`
/// and `compare` take them).
fn short_id(id: &str) -> &str {
    &id[id.len().saturating_sub(8)..]
}

/// One run as a line of the table.
fn line(r: &RunSummary) -> String {
    let id = short_id(&r.id);
    let detail = match (&r.error, r.metric.as_deref(), score(r)) {
        (Some(e), _, _) => e.clone(),
        (None, Some(m), Some(_)) if r.search_trial.is_some() => format!(
            "search trial {}: cv {m} {:.4} ± {:.4}",
            r.search_trial.unwrap_or_default(),
            r.cv_mean.unwrap_or(f64::NAN),
            r.cv_std.unwrap_or(f64::NAN)
        ),
        (None, Some(m), Some(v)) => {
            let part = if r.test.is_some() {
                "test"
            } else {
                "validation"
            };
            let latency = r
                .p50_ms
                .map(|p| format!("  p50 {p:.3} ms"))
                .unwrap_or_default();
            let cv = r
                .cv_mean
                .map(|c| format!(" (cv {c:.4} ± {:.4})", r.cv_std.unwrap_or(f64::NAN)))
                .unwrap_or_default();
            format!(
                "{part} {m} {v:.4}{cv}{latency}{}",
                r.model
                    .as_ref()
                    .map(|m| format!("  → {m}"))
                    .unwrap_or_default()
            )
        }
        _ => String::new(),
    };
    format!(
        "{id}  {}  {:<11} {:<6} {} → {} on {}  {detail}",
        r.created_at, r.status, r.family, r.task, r.target, r.dataset
    )
}

pub(crate) fn list(
    cli: &Cli,
    dataset: Option<&str>,
    sort: RunSort,
    out: &Output,
) -> Result<ExitCode, AppError> {
    let ws = open_workspace(cli)?;
    let mut runs = ws.run_summaries(dataset)?;
    if sort == RunSort::Metric {
        // Best first; runs without a score last. Higher or lower is better per run's metric.
        runs.sort_by(|a, b| match (score(a), score(b)) {
            (Some(x), Some(y)) => {
                let key = |r: &RunSummary, v: f64| if r.higher_is_better { -v } else { v };
                key(a, x).total_cmp(&key(b, y))
            }
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
    }
    let text = if runs.is_empty() {
        "No runs yet.".to_owned()
    } else {
        runs.iter().map(line).collect::<Vec<_>>().join("\n")
    };
    Ok(out.success(&runs, &text))
}

pub(crate) fn show(
    cli: &Cli,
    run: &str,
    (star, unstar): (bool, bool),
    tags: Option<&[String]>,
    out: &Output,
) -> Result<ExitCode, AppError> {
    let ws = open_workspace(cli)?;
    let starred = (star || unstar).then_some(star);
    if starred.is_some() || tags.is_some() {
        ws.label_run(run, starred, tags)?;
    }
    let d = ws.run_detail(run)?;
    let mut text = line(&d.summary);
    if d.summary.starred || !d.summary.tags.is_empty() {
        let _ = write!(
            text,
            "\n  {}{}",
            if d.summary.starred { "★ " } else { "" },
            d.summary.tags.join(", ")
        );
    }
    if let Some(v) = &d.code_version {
        let _ = write!(text, "\n  run by ModelDesk {v}");
    }
    for (k, v) in &d.summary.params {
        let _ = write!(text, "\n  {k:<24} {v}");
    }
    if let Some(m) = &d.metrics {
        let _ = write!(text, "\n  train:      {}", describe(&m.train));
        if let Some(v) = &m.validation {
            let _ = write!(text, "\n  validation: {}", describe(v));
        }
        if let Some(t) = &m.test {
            let _ = write!(text, "\n  test:       {}", describe(t));
        }
    }
    if let Some(last) = d.curve.last() {
        let _ = write!(
            text,
            "\n  curve: {} iterations, last train loss {:.4}{}",
            d.curve.len(),
            last.train_loss,
            last.valid_loss
                .map(|v| format!(", validation loss {v:.4}"))
                .unwrap_or_default()
        );
    }
    Ok(out.success(&d, &text))
}

pub(crate) fn compare(cli: &Cli, ids: &[String], out: &Output) -> Result<ExitCode, AppError> {
    let ws = open_workspace(cli)?;
    let details = ids
        .iter()
        .map(|id| ws.run_detail(id))
        .collect::<Result<Vec<_>, _>>()?;
    let short: Vec<&str> = details.iter().map(|d| short_id(&d.summary.id)).collect();
    let mut text = format!("{:<24} {}", "", short.join("  "));
    let mut keys: Vec<&String> = details
        .iter()
        .flat_map(|d| d.summary.params.keys())
        .collect();
    keys.sort();
    keys.dedup();
    let cell = |v: Option<&String>| v.map_or_else(|| "-".to_owned(), Clone::clone);
    let _ = write!(
        text,
        "\n{:<24} {}",
        "family",
        details
            .iter()
            .map(|d| format!("{:<8}", d.summary.family))
            .collect::<Vec<_>>()
            .join("  ")
    );
    for k in keys {
        let values: Vec<String> = details
            .iter()
            .map(|d| cell(d.summary.params.get(k)))
            .collect();
        if values.windows(2).any(|w| w[0] != w[1]) {
            let _ = write!(
                text,
                "\n{k:<24} {}",
                values
                    .iter()
                    .map(|v| format!("{v:<8}"))
                    .collect::<Vec<_>>()
                    .join("  ")
            );
        }
    }
    let metric = |f: fn(&RunSummary) -> Option<f64>| -> String {
        details
            .iter()
            .map(|d| f(&d.summary).map_or_else(|| format!("{:<8}", "-"), |v| format!("{v:<8.4}")))
            .collect::<Vec<_>>()
            .join("  ")
    };
    let _ = write!(text, "\n{:<24} {}", "validation", metric(|s| s.validation));
    let _ = write!(text, "\n{:<24} {}", "test", metric(|s| s.test));
    let _ = write!(text, "\n{:<24} {}", "cv mean", metric(|s| s.cv_mean));
    let _ = write!(text, "\n{:<24} {}", "p50 ms", metric(|s| s.p50_ms));
    Ok(out.success(&details, &text))
}

pub(crate) fn cancel(cli: &Cli, run: &str, out: &Output) -> Result<ExitCode, AppError> {
    let ws = open_workspace(cli)?;
    let r = ws.cancel_run(run)?;
    let text = format!(
        "Asked run {} ({} on {}) to stop; it is recorded as cancelled when it does",
        short_id(&r.id),
        r.family,
        r.dataset
    );
    Ok(out.success(&r, &text))
}
